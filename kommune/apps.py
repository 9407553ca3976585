from django.apps import AppConfig


class KommuneConfig(AppConfig):
    name = "kommune"

    def ready(self):
        from imdinett.organisasjoner.navigasjon import Lenke, registrer

        anmodning = "Anmodning og vedtak"
        rapporter = "Rapporter"
        registrer(
            Lenke(
                "hoved",
                "kommune:start",
                "Kommuner",
                None,
                aktiv_for=("kommune:", "fordeling:", "innmelding:", "kompetanse:"),
                plass=30,
            ),
            Lenke(
                "kommune",
                "kommune:oversikt",
                "Oversikt bosetting",
                "kommune.oversikt",
                organisasjon=True,
                plass=10,
            ),
            Lenke(
                "kommune",
                "kommune:anmodninger",
                "Anmodninger",
                "anmodning.les",
                organisasjon=True,
                gruppe=anmodning,
                aktiv_for=("kommune:anmodning", "kommune:vedtak", "kommune:svarfrist"),
                plass=30,
            ),
            Lenke(
                "kommune",
                "kommune:historikk",
                "Historikk",
                "anmodning.les",
                organisasjon=True,
                gruppe=anmodning,
                plass=31,
            ),
            Lenke(
                "kommune",
                "kommune:rapport",
                "Anmodninger og vedtak",
                "rapport.anmodninger",
                organisasjon=True,
                gruppe=rapporter,
                plass=40,
            ),
            Lenke(
                "kommune",
                "kommune:rapport_bosatte",
                "Spesialisert bosettingsrapport",
                "rapport.bosatte",
                organisasjon=True,
                gruppe=rapporter,
                plass=41,
            ),
            Lenke(
                "kommune",
                "kommune:rapport_bosetting",
                "Bosettingsrapport for hele landet",
                "rapport.landet",
                gruppe=rapporter,
                plass=42,
            ),
            Lenke("kommune", "kommune:hendelser", "Hendelser", "hendelse.les", organisasjon=True, plass=70),
            Lenke("kommune", "kommune:kommune", "Kontaktinformasjon", None, organisasjon=True, plass=80),
            Lenke("kommune", "kommune:sok", "Kommunesøk", None, plass=90),
            Lenke(
                "snarvei",
                "kommune:oversikt",
                "Oversikt bosetting",
                "kommune.oversikt",
                organisasjon=True,
                plass=20,
            ),
            Lenke(
                "snarvei", "kommune:anmodninger", "Anmodninger", "anmodning.les", organisasjon=True, plass=21
            ),
            Lenke("snarvei", "kommune:sok", "Kommunesøk", None, plass=70),
        )
