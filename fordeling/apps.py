from django.apps import AppConfig


class FordelingConfig(AppConfig):
    name = "fordeling"
