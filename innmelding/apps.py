from django.apps import AppConfig


class InnmeldingConfig(AppConfig):
    name = "innmelding"
