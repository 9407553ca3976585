from django.apps import AppConfig


class IntegrasjonConfig(AppConfig):
    name = "imdinett.integrasjon"
    label = "integrasjon"
    verbose_name = "Integrasjoner"
