"""The scopes (Maskinporten's «scope») IMDi may give a machine client: a fixed list, each the same named
permission of the Tilgang table (`imdinett/organisasjoner/tilgang.py`) the pages ask, and the one role the client
acts with at its organisation. A client's token holding the scope makes the client, for that request, a holder of
that role at its organisation — so the same helpers (`kan`, `persons_visible_to`, `access_person`) decide what it
reaches, and there is one source of truth for who may do what.

A new scope is one line here and one auth object for its endpoints (`autentisering.KREVER[navn]`).
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.tilgang import roller_med


@dataclass(frozen=True)
class Omfang:
    navn: str
    beskrivelse: str
    tillatelse: str  # the named permission of TILLATELSER the scope stands for
    rolle: Rolle  # the role the client holds at its organisation while the token has the scope


KOMMUNE_PERSONER_LES = "imdinett:kommune.personer.les"
UDI_MELDINGER = "imdinett:udi.meldinger"
MOT_MELDINGER = "imdinett:mot.meldinger"

OMFANG: dict[str, Omfang] = {
    o.navn: o
    for o in (
        Omfang(
            KOMMUNE_PERSONER_LES,
            "Kommunens fagsystem leser personene kommunen har søkt ut eller bosatt, med det personmappen viser "
            "kommunen (som en bruker med rollen KommuneBosetterLes)",
            "personmappe.les",
            Rolle.KOMMUNE_BOSETTER_LES,
        ),
        Omfang(
            UDI_MELDINGER,
            "UDI leverer meldinger til innboksen: tillatelse innvilget, sak flyttet, tillatelse trukket",
            "innboks.lever",
            Rolle.IMDI_SAKSBEHANDLER,
        ),
        Omfang(
            MOT_MELDINGER,
            "MOT (UDIs mottakssystem) leverer meldinger til innboksen: ankommet mottak, flyttet ut av mottak",
            "innboks.lever",
            Rolle.IMDI_SAKSBEHANDLER,
        ),
    )
}

for _o in OMFANG.values():
    if _o.rolle not in roller_med(_o.tillatelse):  # also a KeyError for a permission that does not exist
        raise ImproperlyConfigured(f"{_o.navn}: rollen {_o.rolle} gir ikke tillatelsen {_o.tillatelse}")
