from django.apps import AppConfig


class OrganisasjonerConfig(AppConfig):
    verbose_name = "Organisasjoner og brukere"
    name = "imdinett.organisasjoner"
    label = "organisasjoner"
