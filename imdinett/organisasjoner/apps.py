from django.apps import AppConfig


class OrganisasjonerConfig(AppConfig):
    verbose_name = "Organisasjoner og brukere"
    name = "imdinett.organisasjoner"
    label = "organisasjoner"

    def ready(self):
        from . import tilgang  # noqa: F401  (registers the named permissions with django-rules)
        from .navigasjon import Lenke, registrer

        registrer(
            Lenke("hoved", "arbeidsflate", "Arbeidsflate", None, plass=10),
            Lenke(
                "hoved",
                "brukeradministrasjon",
                "Brukeradministrasjon",
                "brukere.administrer",
                aktiv_for=("bruker_ny", "bruker"),
                plass=50,
            ),
            Lenke("hoved", "admin:index", "IMDi-admin", "admin.imdi", plass=60),
            Lenke(
                "hoved",
                "admin:innmelding_innmelding_changelist",
                "Innmeldinger (Bufetat)",
                "admin.bufetat",
                plass=61,
            ),
            Lenke("snarvei", "bruker_ny", "Opprett ny bruker", "brukere.administrer", plass=80),
            Lenke(
                "snarvei",
                "admin:fordeling_fordelingsliste_changelist",
                "Fordelingslister",
                "admin.imdi",
                plass=81,
            ),
            Lenke(
                "snarvei",
                "admin:innmelding_innmelding_changelist",
                "Innmeldinger til behandling",
                "admin.bufetat",
                plass=82,
            ),
            Lenke("snarvei", "hjelp", "Hjelp og brukerveiledninger", None, plass=90),
        )
