from django.apps import AppConfig


class HendelserConfig(AppConfig):
    name = "imdinett.hendelser"
    label = "hendelser"

    def ready(self):
        # User administration sits below this app: it announces its steps, recorded here as events.
        from imdinett.organisasjoner.services import brukeradministrasjon_utfort

        from .services import brukeradministrasjon_registrer

        brukeradministrasjon_utfort.connect(brukeradministrasjon_registrer, dispatch_uid="hendelser")
