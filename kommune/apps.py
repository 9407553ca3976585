from django.apps import AppConfig


class KommuneConfig(AppConfig):
    name = "kommune"
