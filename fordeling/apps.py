from django.apps import AppConfig


class FordelingConfig(AppConfig):
    name = "fordeling"

    def ready(self):
        from imdinett.organisasjoner.navigasjon import Lenke, registrer

        registrer(
            Lenke(
                "kommune",
                "fordeling:fordelinger",
                "Fordelinger",
                "fordeling.les",
                organisasjon=True,
                gruppe="Bosetting",
                aktiv_for=("fordeling:liste",),
                plass=20,
            ),
            Lenke(
                "kommune",
                "fordeling:bosettingsdato",
                "Bosettingsdato",
                "bosettingsdato.les",
                organisasjon=True,
                gruppe="Bosetting",
                aktiv_for=("fordeling:bosettingsdato_registrer",),
                plass=21,
            ),
            Lenke(
                "snarvei",
                "fordeling:fordelinger",
                "Fordelinger",
                "fordeling.les",
                organisasjon=True,
                plass=22,
            ),
        )
