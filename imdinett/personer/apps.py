from django.apps import AppConfig


class PersonerConfig(AppConfig):
    name = "imdinett.personer"
    label = "personer"

    def ready(self):
        from imdinett.organisasjoner.navigasjon import Lenke, registrer

        registrer(
            Lenke("hoved", "personer:sok", "Personer", "person.sok", aktiv_for=("personer:",), plass=40)
        )
