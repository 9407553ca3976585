"""The inbound messages from UDI and MOT, one pydantic model per type: their field names are the API's
(docs/integrasjoner-meldinger.md). Validation only looks at the message itself — formats, DUF and
fødselsnummer check digits, values from the code lists; whether the persons and the mottak exist is decided
when the message is applied (`behandling`). Every error names its field, in bokmål and in English (`feil`)."""

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from imdinett.identitetsnummer import duf_normaliser, valider_duf, valider_fodselsnummer
from imdinett.personer.models import Person

P = Person


class Kilde(models.TextChoices):
    UDI = "udi", "UDI"
    MOT = "mot", "MOT (UDIs mottakssystem)"


class Meldingstype(models.TextChoices):
    TILLATELSE_INNVILGET = "tillatelse_innvilget", "Tillatelse innvilget"
    SAK_FLYTTET = "sak_flyttet", "Sak flyttet til annet mottak"
    TILLATELSE_TRUKKET = "tillatelse_trukket", "Tillatelse trukket tilbake"
    ANKOMMET_MOTTAK = "ankommet_mottak", "Ankommet mottak"
    UTFLYTTET = "utflyttet", "Flyttet ut av mottak"


def _feil(kode: str, nb: str, en: str) -> PydanticCustomError:
    return PydanticCustomError(kode, en, {"nb": nb})


_ENGELSK = {  # imdinett.identitetsnummer's codes; its messages are the Norwegian
    "duf_format": "A DUF number has 12 digits.",
    "duf_kontroll": "The DUF number is not valid (wrong check digits).",
    "fnr": "The fødselsnummer is not valid (11 digits with correct check digits).",
}


def _fra_django(validering, verdi: str) -> str:
    try:
        validering(verdi)
    except DjangoValidationError as e:
        raise _feil(e.code, e.messages[0], _ENGELSK[e.code]) from None
    return verdi


def _duf(verdi: str) -> str:
    return _fra_django(valider_duf, duf_normaliser(verdi))


def _reg_nr(verdi: str) -> str:
    if not (6 <= len(verdi) <= 12 and verdi.isascii() and verdi.isdecimal()):
        raise _feil("reg_nr", "Reg-nr er 6–12 siffer.", "A Reg-nr has 6 to 12 digits.")
    return verdi


DufNummer = Annotated[str, AfterValidator(_duf)]
Fodselsnummer = Annotated[str, AfterValidator(lambda v: _fra_django(valider_fodselsnummer, v))]
RegNr = Annotated[str, AfterValidator(_reg_nr)]
MottakId = Annotated[str, Field(min_length=1, max_length=12)]  # the MottaksID in UDI Mot, «MOT001429»
Navn = Annotated[str, Field(min_length=1, max_length=100)]
DufListe = Annotated[list[DufNummer], Field(min_length=1, max_length=20)]


def _ulike(duf: list[str]) -> list[str]:
    if len(set(duf)) != len(duf):
        raise _feil(
            "duf_dobbelt", "Samme DUF-nummer står flere ganger.", "The same DUF number is listed twice."
        )
    return duf


class Melding(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    def nokler(self) -> set[str]:
        """The DUF numbers and Reg-nr the message concerns (a waiting message is retried when one of them
        changes; IMDi searches the inbox by them)."""
        return set(self.duf_nummer)


class Innvilget(BaseModel):
    """One person in «tillatelse_innvilget»."""

    model_config = Melding.model_config
    duf_nummer: DufNummer
    fodselsnummer: Fodselsnummer | None = None
    fornavn: Navn
    mellomnavn: Annotated[str, Field(max_length=100)] = ""
    etternavn: Navn
    fodselsdato: date
    kjonn: Person.Kjonn
    statsborgerskap: Annotated[str, Field(min_length=1, max_length=60)]
    persontype: Person.Persontype
    relasjon: Person.Relasjon | None = None
    plasstype: Person.Plasstype | None = None

    def personfelt(self) -> dict:
        """The Person's fields this message decides (plasstype only for a person it creates)."""
        return {
            "fodselsnummer": self.fodselsnummer,
            "fornavn": self.fornavn,
            "mellomnavn": self.mellomnavn,
            "etternavn": self.etternavn,
            "fodselsdato": self.fodselsdato,
            "kjonn": self.kjonn,
            "statsborgerskap": self.statsborgerskap,
            "persontype": self.persontype,
            "relasjon": self.relasjon or "",
        }


class TillatelseInnvilget(Melding):
    """UDI granted a permit that gives grounds for settlement: the persons and their household (Reg-nr) are
    created or updated, and each gets a settlement case unless they have one."""

    reg_nr: RegNr
    beskyttelse: Person.Beskyttelse
    sakstype: Person.Sakstype
    mottak: MottakId | None = None
    forste_mulige_uke: date | None = None
    siste_mulige_uke: date | None = None
    personer: Annotated[list[Innvilget], Field(min_length=1, max_length=20)]

    @field_validator("personer")
    @classmethod
    def _personene(cls, personer: list[Innvilget], info) -> list[Innvilget]:
        _ulike([p.duf_nummer for p in personer])
        fnr = [p.fodselsnummer for p in personer if p.fodselsnummer]
        if len(set(fnr)) != len(fnr):
            raise _feil(
                "fnr_dobbelt",
                "Samme fødselsnummer står på flere personer.",
                "The same fødselsnummer is given for several persons.",
            )
        if info.data.get("mottak") and any(p.plasstype is None for p in personer):
            raise _feil(
                "plasstype",
                "Oppgi plasstype for hver person når mottak er oppgitt.",
                "Give each person's plasstype when a mottak is given.",
            )
        return personer

    @field_validator("mottak")
    @classmethod
    def _mottak(cls, mottak: str | None, info) -> str | None:
        if mottak is None and info.data.get("sakstype") == Person.Sakstype.MOTTAKSBEBOER:
            raise _feil("mottak", "Oppgi mottaket for en mottaksbeboer.", "Give the mottak of a resident.")
        return mottak

    @field_validator("siste_mulige_uke")
    @classmethod
    def _uker(cls, siste: date | None, info) -> date | None:
        forste = info.data.get("forste_mulige_uke")
        if siste and forste and siste < forste:
            raise _feil(
                "uker",
                "Siste mulige uke kan ikke være før første mulige uke.",
                "The last possible week cannot be before the first.",
            )
        return siste

    def nokler(self) -> set[str]:
        return {self.reg_nr, *(p.duf_nummer for p in self.personer)}


class Flytting(Melding):
    """The persons moved to (or arrived at) a mottak: UDI moved their case («sak_flyttet») or MOT registered
    the arrival («ankommet_mottak»)."""

    duf_nummer: Annotated[DufListe, AfterValidator(_ulike)]
    mottak: MottakId
    plasstype: Person.Plasstype
    dato: date


class TillatelseTrukket(Melding):
    """UDI withdrew the permit: the persons' settlement cases are closed («Ikke lenger i målgruppen»)."""

    duf_nummer: Annotated[DufListe, AfterValidator(_ulike)]
    begrunnelse: Annotated[str, Field(max_length=2000)] = ""


class Utflyttet(Melding):
    """MOT registered the residents as moved out of the mottak to their kommune: bosatt on that date."""

    duf_nummer: Annotated[DufListe, AfterValidator(_ulike)]
    dato: date


T = Meldingstype
MELDINGER: dict[str, tuple[str, type[Melding]]] = {  # type → (its sender, its model)
    T.TILLATELSE_INNVILGET: (Kilde.UDI, TillatelseInnvilget),
    T.SAK_FLYTTET: (Kilde.UDI, Flytting),
    T.TILLATELSE_TRUKKET: (Kilde.UDI, TillatelseTrukket),
    T.ANKOMMET_MOTTAK: (Kilde.MOT, Flytting),
    T.UTFLYTTET: (Kilde.MOT, Utflyttet),
}

NORSK = {  # pydantic's error types in bokmål (the inbox's and the API's answers); the English is pydantic's own
    "missing": "Feltet må fylles ut.",
    "extra_forbidden": "Ukjent felt.",
    "string_too_short": "Feltet må fylles ut.",
    "string_too_long": "For lang tekst (høyst {max_length} tegn).",
    "too_short": "Oppgi minst {min_length}.",
    "too_long": "For mange (høyst {max_length}).",
    "date_from_datetime_parsing": "Ugyldig dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_inexact": "Ugyldig dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Ugyldig dato (ÅÅÅÅ-MM-DD).",
    "date_type": "Ugyldig dato (ÅÅÅÅ-MM-DD).",
    "datetime_parsing": "Ugyldig tidspunkt (ISO 8601).",
    "datetime_from_date_parsing": "Ugyldig tidspunkt (ISO 8601).",
    "enum": "Ugyldig verdi. Gyldige verdier: {expected}.",
    "literal_error": "Ugyldig verdi. Gyldige verdier: {expected}.",
    "int_parsing": "Må være et heltall.",
    "int_type": "Må være et heltall.",
    "float_parsing": "Må være et tall.",
    "bool_parsing": "Må være true eller false.",
    "uuid_parsing": "Må være en UUID.",
    "greater_than_equal": "Verdien er for liten.",
    "less_than_equal": "Verdien er for stor.",
    "string_type": "Må være tekst.",
    "list_type": "Må være en liste.",
    "model_type": "Må være et objekt.",
    "model_attributes_type": "Må være et objekt.",
    "dict_type": "Må være et objekt.",
    "json_invalid": "Ugyldig JSON.",
}


def paa_norsk(feil: dict) -> str:
    """One of pydantic's errors (`ValidationError.errors()`) in bokmål: a validator's own («nb» in its context)
    or its type's text."""
    ctx = feil.get("ctx") or {}
    return ctx.get("nb") or NORSK.get(feil.get("type", ""), "Ugyldig verdi.").format_map(
        {"expected": "", "min_length": "", "max_length": ""} | {k: v for k, v in ctx.items() if k != "nb"}
    )


def feil_fra(e: ValidationError) -> list[dict]:
    """A pydantic ValidationError as the inbox keeps it: [{"felt", "nb", "en"}], one per error."""
    return [
        {"felt": ".".join(str(d) for d in f["loc"]), "nb": paa_norsk(f), "en": f["msg"]}
        for f in e.errors(include_url=False)
    ]


def valider(kilde: str, type: str, data) -> tuple[Melding | None, list[dict]]:
    """The message's content, or None and its errors."""
    kilde_og_modell = MELDINGER.get(type)
    if kilde_og_modell is None or kilde_og_modell[0] != kilde:
        gyldige = ", ".join(t for t, (k, _) in MELDINGER.items() if k == kilde)
        return None, [
            {
                "felt": "type",
                "nb": f"Ukjent meldingstype fra {Kilde(kilde).label}. Gyldige: {gyldige}.",
                "en": f"Unknown message type from {kilde}. Valid: {gyldige}.",
            }
        ]
    try:
        return kilde_og_modell[1].model_validate(data), []
    except ValidationError as e:
        return None, feil_fra(e)
