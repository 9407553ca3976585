"""The kommune's read API: the persons the kommune has accepted (søkt ut) or settled, and one person with what
the personmappe shows the kommune. Which persons, and when, is the pages' own rule: `persons_visible_to` and
`access_person` with the folder's roles (`personer.selectors._omfang`), the client holding the role its scope
stands for. Every person read is logged in the Innsynslogg under the client's system user."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from imdinett.kompetanse.selectors import kompetanse
from imdinett.personer.innsyn import les as innsyn_les
from imdinett.personer.selectors import MAPPE_ROLLER, access_person, bosetting_vist, mappe, persons_visible_to

from .autentisering import KREVER
from .omfang import KOMMUNE_PERSONER_LES

router = Router(auth=KREVER[KOMMUNE_PERSONER_LES], tags=["Kommunen"])
PER_SIDE = 100
RADER = ("sprak", "utdanninger", "arbeidserfaringer")  # a competence registration's rows


class Bosetting(Schema):
    status: str = Field(description="Bosettingssak.Status, som kommunen ser den")
    status_tekst: str
    kommunenummer: str | None
    kommune: str | None
    forventet_uke: str = Field(description="f.eks. «uke 12 2027», tom når ukjent")
    bosettingsdato: date | None


class Personkort(Schema):
    id: int
    duf_nummer: str
    fodselsnummer: str | None
    fornavn: str
    mellomnavn: str
    etternavn: str
    fodselsdato: date
    kjonn: str = Field(description="K eller M")
    reg_nr: str = Field(description="Husstandens Reg-nummer")
    bosetting: Bosetting


class Personside(Schema):
    antall: int
    side: int
    per_side: int
    personer: list[Personkort]


class Rad(Schema):
    felt: str
    verdi: str = Field(description="tom når ikke registrert")


class Gruppe(Schema):
    overskrift: str
    rader: list[Rad]


class Merknad(Schema):
    opprettet: date
    tekst: str


class Karriereveiledning(Schema):
    dato: date
    veileder: str
    notat: str


class Kompetanse(Schema):
    kilde: str
    felt: list[Rad]
    sprak: list[list[Rad]]
    utdanninger: list[list[Rad]]
    arbeidserfaringer: list[list[Rad]]


class Personmappe(Personkort):
    statsborgerskap: str
    persontype: str
    relasjon: str
    beskyttelse: str
    sakstype: str
    mottak: str | None
    adresse: str
    kontakt: list[Rad]
    bosettingsinformasjon: list[Rad]
    samtalesvar: list[Gruppe] = Field(description="Svar fra bosettingssamtalen under overskrifter")
    bosettingsmerknader: list[Merknad]
    helse: list[Rad]
    sosial_informasjon: str
    kompetanse_fra_samtalen: list[Rad]
    karriereveiledninger: list[Karriereveiledning]
    kompetanse: list[Kompetanse] = Field(description="Kompetanseregistreringene, én per kilde")


def _rader(rader) -> list[dict]:
    return [{"felt": str(felt), "verdi": str(verdi or "")} for felt, verdi in rader]


# Bookkeeping, not competence: who saved it and when is the folder's «Om registreringen».
_IKKE_KOMPETANSE = {"id", "person", "registrering", "nokkel", "kilde", "registrert_av", "organisasjon"}


def _utfylt(objekt) -> list[dict]:
    """A competence registration's (or row's) filled-in fields as the folder's rows: label, text."""
    rader = []
    for felt in objekt._meta.concrete_fields:
        verdi = getattr(objekt, felt.attname)
        if felt.name in _IKKE_KOMPETANSE or verdi in (None, ""):
            continue
        if felt.choices:
            verdi = getattr(objekt, f"get_{felt.name}_display")()
        elif isinstance(verdi, bool):
            verdi = "Ja" if verdi else "Nei"
        elif isinstance(verdi, datetime):
            verdi = f"{timezone.localtime(verdi):%d.%m.%Y}"
        rader.append({"felt": str(felt.verbose_name), "verdi": str(verdi)})
    return rader


def _kort(person) -> dict:
    vist = bosetting_vist(person.bosettingssak)  # never for_imdi: the client is the kommune
    return {
        **{f: getattr(person, f) for f in ("id", "duf_nummer", "fodselsnummer", "fornavn", "mellomnavn")},
        **{f: getattr(person, f) for f in ("etternavn", "fodselsdato", "kjonn")},
        "reg_nr": person.husstand.reg_nr,
        "bosetting": {
            "status": vist.status,
            "status_tekst": vist.status_tekst,
            "kommunenummer": vist.kommune.nummer if vist.kommune else None,
            "kommune": vist.kommune.navn if vist.kommune else None,
            "forventet_uke": vist.forventet_uke,
            "bosettingsdato": vist.bosettingsdato,
        },
    }


@router.get(
    "/personer",
    response=Personside,
    url_name="kommune_personer",
    summary="Personene kommunen har søkt ut eller bosatt",
    description=f"{PER_SIDE} per side, etter etternavn og fornavn. Hver person i svaret føres i innsynsloggen.",
)
def personer(request, side: int = Query(1, ge=1, description="Sidenummer, fra 1")):
    qs = (
        persons_visible_to(request.user, roller=MAPPE_ROLLER)
        .select_related("husstand", "bosettingssak", "bosettingssak__kommune")
        .order_by("etternavn", "fornavn", "pk")
    )
    antall = qs.count()
    utvalg = list(qs[(side - 1) * PER_SIDE : side * PER_SIDE])
    innsyn_les([p.pk for p in utvalg], "API: personliste")
    return {"antall": antall, "side": side, "per_side": PER_SIDE, "personer": [_kort(p) for p in utvalg]}


@router.get(
    "/personer/{person_id}",
    response=Personmappe,
    url_name="kommune_person",
    summary="Én person med det personmappen viser kommunen",
    description="404 for en person kommunen ikke har søkt ut eller bosatt, og for en annen kommunes person. "
    "Lesingen føres i innsynsloggen.",
)
def person(request, person_id: int):
    p = access_person(request.user, person_id, roller=MAPPE_ROLLER, innsyn="API: personmappe")
    m = mappe(p, for_imdi=False)
    info = m["info"]
    return {
        **_kort(p),
        "statsborgerskap": p.statsborgerskap,
        "persontype": p.get_persontype_display(),
        "relasjon": p.get_relasjon_display() if p.relasjon else "",
        "beskyttelse": p.get_beskyttelse_display(),
        "sakstype": p.get_sakstype_display(),
        "mottak": p.mottak.navn if p.mottak_id else None,
        "adresse": p.adresse,
        "kontakt": _rader(m["kontakt"]),
        "bosettingsinformasjon": _rader(m["bosettingsinformasjon"]),
        "samtalesvar": [{"overskrift": o, "rader": _rader(r)} for o, r in m["samtalesvar"]],
        "bosettingsmerknader": [
            {"opprettet": timezone.localdate(b.opprettet), "tekst": b.tekst} for b in m["bosettingsmerknader"]
        ],
        "helse": _rader(m["helse"]),
        "sosial_informasjon": info.sosial_informasjon,
        "kompetanse_fra_samtalen": _rader(m["samtalekompetanse"]) if m["samtale"] else [],
        "karriereveiledninger": [
            {"dato": k.dato, "veileder": k.veileder, "notat": k.notat} for k in m["karriereveiledninger"]
        ],
        "kompetanse": [
            {
                "kilde": r.get_kilde_display(),
                "felt": _utfylt(r),
                **{rader: [_utfylt(rad) for rad in getattr(r, rader).all()] for rader in RADER},
            }
            for r in kompetanse(p).registreringer
        ],
    }
