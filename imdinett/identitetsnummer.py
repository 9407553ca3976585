"""DUF-nummer and fødselsnummer: check, normalise and format them (persons, notes, innmeldinger and searches
all read them the same way); and an organisation's organisasjonsnummer."""

from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer, orgnr

# DUF check number: weighted sum of the first ten digits mod 11, as two digits
# (rule from SSB's KOSTRA control program, see docs/referansedata.md).
DUF_VEKTER = (4, 6, 3, 2, 4, 6, 3, 2, 7, 5)


def duf_kontrollsiffer(forste_ti: str) -> str:
    return f"{sum(int(d) * v for d, v in zip(forste_ti, DUF_VEKTER, strict=True)) % 11:02d}"


def duf_normaliser(verdi: str) -> str:
    return "".join(verdi.split())


def valider_duf(verdi: str) -> None:
    duf = duf_normaliser(verdi)
    if len(duf) != 12 or not (duf.isascii() and duf.isdecimal()):
        raise ValidationError("DUF-nummer består av 12 siffer.", code="duf_format")
    if duf_kontrollsiffer(duf[:10]) != duf[10:]:
        raise ValidationError("DUF-nummeret er ikke gyldig (feil kontrollsiffer).", code="duf_kontroll")


def duf_formater(duf: str) -> str:
    """2020 900651 03, as the seeds show it."""
    return f"{duf[:4]} {duf[4:10]} {duf[10:]}" if len(duf) == 12 else duf


def valider_fodselsnummer(verdi: str) -> None:
    try:
        fodselsnummer.validate(verdi)
    except StdnumError as e:
        raise ValidationError(
            "Fødselsnummeret er ikke gyldig (11 siffer med riktige kontrollsiffer).", code="fnr"
        ) from e


def valider_organisasjonsnummer(verdi: str) -> None:
    try:
        orgnr.validate(verdi)
    except StdnumError as e:
        raise ValidationError(
            "Organisasjonsnummeret er ikke gyldig (9 siffer med riktig kontrollsiffer).", code="orgnr"
        ) from e
