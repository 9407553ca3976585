from django.apps import AppConfig


class UtviklingConfig(AppConfig):
    """Development only: demo data (`seed_demo`) and the benchmarks (`bench`, `bench_forslag`). No models; it
    may import every app, and no app imports it."""

    name = "utvikling"
