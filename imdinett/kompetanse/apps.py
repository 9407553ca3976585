from django.apps import AppConfig


class KompetanseConfig(AppConfig):
    name = "imdinett.kompetanse"
    label = "kompetanse"
    verbose_name = "Kompetanse"

    def ready(self):
        from imdinett.organisasjoner.navigasjon import Lenke, registrer

        registrer(
            Lenke(
                "kommune",
                "kompetanse:oppgaveliste",
                "Kompetansekartlegging",
                "kartlegging.skriv",
                aktiv_for=("kompetanse:kartlegging",),
                plass=60,
            ),
            Lenke(
                "snarvei", "kompetanse:oppgaveliste", "Kompetansekartlegging", "kartlegging.skriv", plass=30
            ),
        )
