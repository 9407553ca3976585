from django.apps import AppConfig


class MottakConfig(AppConfig):
    name = "mottak"
