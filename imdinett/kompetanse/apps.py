from django.apps import AppConfig


class KompetanseConfig(AppConfig):
    name = "imdinett.kompetanse"
    label = "kompetanse"
    verbose_name = "Kompetanse"
