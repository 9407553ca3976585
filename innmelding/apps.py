from django.apps import AppConfig


class InnmeldingConfig(AppConfig):
    name = "innmelding"

    def ready(self):
        from imdinett.organisasjoner.navigasjon import Lenke, registrer

        sider = [
            ("innmelding:aktive", "Innmeldinger", "innmelding.les"),
            ("innmelding:ferdige", "Ferdigbehandlede innmeldinger", "innmelding.les"),
            ("innmelding:ledig_bolig", "Ledige boliger", "innmelding.skriv"),
            ("innmelding:bestemt_person", "Bestemte personer", "innmelding.skriv"),
            ("innmelding:antall_plasser", "Antall plasser", "innmelding.skriv"),
            ("innmelding:kapasitet", "Kapasitet per uke", "innmelding.les"),
        ]
        registrer(
            *(
                Lenke(
                    "kommune", url, tekst, tillatelse, organisasjon=True, gruppe="Innmeldinger", plass=50 + i
                )
                for i, (url, tekst, tillatelse) in enumerate(sider)
            )
        )
