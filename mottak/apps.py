from django.apps import AppConfig


class MottakConfig(AppConfig):
    name = "mottak"

    def ready(self):
        from imdinett.organisasjoner.navigasjon import Lenke, registrer

        registrer(
            Lenke(
                "hoved",
                "mottak:start",
                "Mottak",
                "mottak.informasjon",
                egne=True,
                aktiv_for=("mottak:",),
                plass=20,
            ),
            Lenke("mottak", "mottak:oppgaveliste", "Oppgaveliste", "mottak.samtale", organisasjon=True),
            Lenke(
                "mottak",
                "mottak:beboere",
                "Oversikt mottaksbeboere",
                "mottak.samtale",
                organisasjon=True,
                aktiv_for=("mottak:funksjonsrapport",),
            ),
            Lenke("mottak", "mottak:koder", "Tildele koder Kompass", "mottak.koder", organisasjon=True),
            Lenke(
                "mottak",
                "mottak:mottaksinformasjon",
                "Mottaksinformasjon",
                "mottak.informasjon",
                organisasjon=True,
            ),
            Lenke(
                "mottak",
                "mottak:kontaktinformasjon",
                "Kontaktinformasjon",
                "mottak.informasjon",
                organisasjon=True,
            ),
            Lenke(
                "snarvei",
                "mottak:oppgaveliste",
                "Oppgaveliste",
                "mottak.samtale",
                organisasjon=True,
                plass=10,
            ),
            Lenke(
                "snarvei",
                "mottak:beboere",
                "Oversikt mottaksbeboere",
                "mottak.samtale",
                organisasjon=True,
                plass=11,
            ),
            Lenke(
                "snarvei",
                "mottak:koder",
                "Tildele koder Kompass",
                "mottak.koder",
                organisasjon=True,
                plass=12,
            ),
        )
