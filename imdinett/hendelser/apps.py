from django.apps import AppConfig


class HendelserConfig(AppConfig):
    name = "imdinett.hendelser"
    label = "hendelser"
