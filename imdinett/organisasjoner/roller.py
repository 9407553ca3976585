"""The roles of DOMAIN.md. Each is a guardian object permission on one Organisasjon.

Pure data: no imports from the rest of the project, so models, selectors and views can all use it.
"""

from enum import StrEnum


class Omraade(StrEnum):
    MOTTAK = "mottak"
    KOMMUNE = "kommune"
    IMDI = "imdi"
    BUFETAT = "bufetat"


class Rolle(StrEnum):
    # Mottak (seed 001, "Roller og tilganger")
    MOTTAKSADMINISTRATOR = "mottaksadministrator"
    MOTTAK_BOSETTINGSANSVARLIG = "mottakbosettingsansvarlig"
    MOTTAK_KOMPASS = "mottakkompass"
    INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG = "integreringsmottakbosettingsansvarlig"
    INTEGRERINGSMOTTAK_KOMPASS = "integreringsmottakkompass"
    # Kommune (seed 002, "Roller og tilganger")
    KOMMUNE_ANMODER_SKRIV = "kommune_anmoder_skriv"
    KOMMUNE_ANMODER_LES = "kommune_anmoder_les"
    KOMMUNE_BOSETTER_SKRIV = "kommune_bosetter_skriv"
    KOMMUNE_BOSETTER_LES = "kommune_bosetter_les"
    KOMMUNEADMINISTRATOR = "kommuneadministrator"
    KOMMUNE_KARTLEGGER = "kommune_kartlegger"
    # IMDi and Bufetat
    IMDI_SAKSBEHANDLER = "imdi_saksbehandler"
    BUFETAT_SAKSBEHANDLER = "bufetat_saksbehandler"

    @property
    def navn(self) -> str:
        return ROLLE_INFO[self][0]

    @property
    def omraade(self) -> Omraade:
        return ROLLE_INFO[self][1]

    @property
    def beskrivelse(self) -> str:
        return ROLLE_INFO[self][2]

    @property
    def perm(self) -> str:
        """The guardian permission string, e.g. 'organisasjoner.rolle_mottakkompass'."""
        return f"organisasjoner.rolle_{self.value}"

    @property
    def codename(self) -> str:
        return f"rolle_{self.value}"


ROLLE_INFO: dict[Rolle, tuple[str, Omraade, str]] = {
    Rolle.MOTTAKSADMINISTRATOR: (
        "Mottaksadministrator",
        Omraade.MOTTAK,
        "Brukeradministrasjon for mottaket og redigering av mottakets kontaktinformasjon. "
        "Gir ikke tilgang til saksbehandling.",
    ),
    Rolle.MOTTAK_BOSETTINGSANSVARLIG: (
        "MottakBosettingsansvarlig",
        Omraade.MOTTAK,
        "Bosettingssamtale for beboere med bosettingssak, kompetansemerknader, koder til Kompass.",
    ),
    Rolle.MOTTAK_KOMPASS: (
        "MottakKompass",
        Omraade.MOTTAK,
        "Koder til Kompass for beboere med bosettingssak.",
    ),
    Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG: (
        "IntegreringsmottakBosettingsansvarlig",
        Omraade.MOTTAK,
        "Som MottakBosettingsansvarlig, også for beboere uten bosettingssak.",
    ),
    Rolle.INTEGRERINGSMOTTAK_KOMPASS: (
        "IntegreringsmottakKompass",
        Omraade.MOTTAK,
        "Koder til Kompass for beboere med og uten bosettingssak.",
    ),
    Rolle.KOMMUNE_ANMODER_SKRIV: (
        "Kommune_Anmoder_Skriv",
        Omraade.KOMMUNE,
        "Åpne, behandle og besvare anmodninger; hendelser og notater på anmodning; søk av bosatte "
        "personer uten tilgang til personmappen.",
    ),
    Rolle.KOMMUNE_ANMODER_LES: (
        "Kommune_Anmoder_Les",
        Omraade.KOMMUNE,
        "Lese anmodninger, vedtak, fordelinger og kommunens svar; søke bosatte personer (grunndata).",
    ),
    Rolle.KOMMUNE_BOSETTER_SKRIV: (
        "Kommune_Bosetter_Skriv",
        Omraade.KOMMUNE,
        "Åpne og svare på fordelingslister; personmappen til personer søkt ut til eller bosatt i "
        "kommunen; innmeldinger; bosettingsdato.",
    ),
    Rolle.KOMMUNE_BOSETTER_LES: (
        "Kommune_Bosetter_Les",
        Omraade.KOMMUNE,
        "Lese personmappen til personer søkt ut til kommunen; søk; bosettingsrapporter.",
    ),
    Rolle.KOMMUNEADMINISTRATOR: (
        "Kommuneadministrator",
        Omraade.KOMMUNE,
        "Brukeradministrasjon for kommunen og redigering av kommunens kontaktinformasjon.",
    ),
    Rolle.KOMMUNE_KARTLEGGER: (
        "Kommune_Kartlegger",
        Omraade.KOMMUNE,
        "Kompetansekartlegging av beboere i mottak i kommunen (vertskommune).",
    ),
    Rolle.IMDI_SAKSBEHANDLER: ("IMDi_Saksbehandler", Omraade.IMDI, "Alt i IMDis del, gjennom admin."),
    Rolle.BUFETAT_SAKSBEHANDLER: (
        "Bufetat_Saksbehandler",
        Omraade.BUFETAT,
        "Innmeldinger for enslige mindreårige under 15 år.",
    ),
}

ADMINISTRATOR_ROLLER = {Rolle.MOTTAKSADMINISTRATOR, Rolle.KOMMUNEADMINISTRATOR}


def roller_i(omraade: Omraade) -> list[Rolle]:
    return [r for r in Rolle if r.omraade == omraade]
