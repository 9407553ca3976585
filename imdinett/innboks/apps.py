from django.apps import AppConfig


class InnboksConfig(AppConfig):
    name = "imdinett.innboks"
    label = "innboks"
    verbose_name = "Innboks"
