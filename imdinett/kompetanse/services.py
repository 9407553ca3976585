"""Writes for competence. Each function is atomic and locks what it changes; each transition records
its Hendelse on the person (never the competence itself: the log is read more widely)."""

import secrets
from datetime import date, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import epost_legg_i_utboks, forste_gang, hendelse_registrer, varsel_send
from imdinett.personer.models import Bosettingssak, Person

from .models import KODE_GYLDIG, Engangskode, Kilde, Kompetanseregistrering
from .selectors import INTERVJUKILDER, maalgruppe, mangler

R = Kompetanseregistrering.Status
RADMODELLER = {"sprak": "sprak", "utdanning": "utdanninger", "arbeid": "arbeidserfaringer"}
KODETEGN = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed on a phone
KODELENGDE = 8
MAKS_FEILFORSOK = 5


def _hendelse(kode: str, tittel: str, *, person: Person, organisasjon, av=None) -> None:
    """The competence events on the person (what happened, never the competence itself)."""
    hendelse_registrer(
        omraade=Omraade.KOMPETANSE,
        kode=f"kompetanse.{kode}",
        tittel=tittel,
        av=av,
        organisasjon=organisasjon,
        personer=[person],
    )


def _laast_registrering(person: Person, kilde: str, **ny) -> tuple[Kompetanseregistrering, bool]:
    """The person's registration from this source, locked; created when missing (the unique constraint
    settles two first saves at once)."""
    try:
        with transaction.atomic():
            reg, ny_ = Kompetanseregistrering.objects.get_or_create(person=person, kilde=kilde, defaults=ny)
    except IntegrityError:
        ny_ = False
    return Kompetanseregistrering.objects.select_for_update().get(person=person, kilde=kilde), ny_


def _lagre_rader(reg: Kompetanseregistrering, rader: dict[str, list[tuple[str, dict | None]]]) -> None:
    for type_, endringer in rader.items():
        relasjon = getattr(reg, RADMODELLER[type_])
        for nokkel, verdier in endringer:
            if verdier is None:
                relasjon.filter(nokkel=nokkel).delete()
            else:
                relasjon.update_or_create(nokkel=nokkel, defaults=verdier)


@transaction.atomic
def kartlegging_lagre(
    *, person: Person, kilde: str, organisasjon, data: dict, rader: dict, av
) -> Kompetanseregistrering:
    """Autosave of the interviewer's form: the valid fields and rows, nothing else. Refused once completed."""
    reg, ny = _laast_registrering(person, kilde, registrert_av=av, organisasjon=organisasjon)
    if reg.status == R.FERDIGSTILT:
        raise DomeneFeil("Kompetansekartleggingen er ferdigstilt og kan ikke endres.")
    for navn, verdi in data.items():
        setattr(reg, navn, verdi)
    reg.registrert_av, reg.organisasjon = av, organisasjon
    reg.save()
    _lagre_rader(reg, rader)
    if ny:
        _hendelse(
            "kartlegging_startet",
            "Kompetansekartlegging startet",
            person=person,
            av=av,
            organisasjon=organisasjon,
        )
    return reg


@transaction.atomic
def kartlegging_ferdigstill(*, person: Person, kilde: str, av) -> Kompetanseregistrering:
    reg = Kompetanseregistrering.objects.select_for_update().filter(person=person, kilde=kilde).first()
    if reg is None:
        raise DomeneFeil("Ingenting er registrert ennå.")
    if reg.status == R.FERDIGSTILT:
        raise DomeneFeil("Kompetansekartleggingen er allerede ferdigstilt.")
    mangel = mangler(reg)
    if mangel:
        raise DomeneFeil("Fyll ut før du ferdigstiller: " + "; ".join(mangel) + ".")
    reg.status, reg.ferdigstilt, reg.registrert_av = R.FERDIGSTILT, timezone.now(), av
    reg.save()
    _hendelse(
        "kartlegging_ferdigstilt",
        "Kompetansekartlegging ferdigstilt",
        person=person,
        av=av,
        organisasjon=reg.organisasjon,
    )
    return reg


@transaction.atomic
def engangskode_generer(*, person: Person, mottak, av) -> str:
    """A new one-time code for Kompass; the old one stops working. Only its hash is kept."""
    kode = "".join(secrets.choice(KODETEGN) for _ in range(KODELENGDE))
    naa = timezone.now()
    Engangskode.objects.update_or_create(
        person=person,
        defaults={
            "kode_hash": make_password(kode),
            "opprettet": naa,
            "utloper": naa + KODE_GYLDIG,
            "brukt": None,
            "feilforsok": 0,
            "opprettet_av": av,
            "mottak": mottak,
        },
    )
    _hendelse(
        "engangskode_generert", "Engangskode til Kompass generert", person=person, av=av, organisasjon=mottak
    )
    return kode


_UGYLDIG = make_password(secrets.token_hex(8))


@transaction.atomic
def engangskode_bruk(*, duf: str, kode: str) -> Person | None:
    """Log in to self-registration: the person when DUF and code match an unused, unexpired code — which
    is then used up. Otherwise None, whatever the reason (no hint whether the DUF exists); after five
    wrong codes for a DUF its code stops working."""
    rad = (
        Engangskode.objects.select_for_update()
        .select_related("person")
        .filter(person__duf_nummer=duf)
        .first()
    )
    if rad is None:
        check_password(kode, _UGYLDIG)  # the same work as a real check: the answer time tells nothing
        return None
    gyldig = rad.brukt is None and rad.utloper > timezone.now() and rad.feilforsok < MAKS_FEILFORSOK
    if not (check_password(kode, rad.kode_hash) and gyldig):
        rad.feilforsok += 1
        rad.save(update_fields=["feilforsok"])
        return None
    rad.brukt = timezone.now()
    rad.save(update_fields=["brukt"])
    return rad.person


@transaction.atomic
def selvregistrering_lagre(*, person: Person, data: dict, rader: dict) -> Kompetanseregistrering:
    """The resident's own registration (source Selvreg). A new registration replaces the rows of the last."""
    kode = Engangskode.objects.filter(person=person).select_related("mottak").first()
    reg, _ = _laast_registrering(person, Kilde.SELVREG)
    for navn, verdi in data.items():
        setattr(reg, navn, verdi)
    reg.gjennomforing = Kompetanseregistrering.Gjennomforing.SELVREGISTRERING
    reg.status, reg.ferdigstilt = R.FERDIGSTILT, timezone.now()
    reg.organisasjon = kode.mottak if kode else None
    reg.save()
    for type_, endringer in rader.items():
        beholdes = [n for n, v in endringer if v is not None]
        getattr(reg, RADMODELLER[type_]).exclude(nokkel__in=beholdes).delete()
    _lagre_rader(reg, rader)
    _hendelse("selvregistrert", "Kompetanse selvregistrert", person=person, organisasjon=reg.organisasjon)
    return reg


@transaction.atomic
def paaminnelser_send(*, idag: date | None = None) -> int:
    """The daily sweep (seed 003: the vertskommune has 14 days from the decision): each vertskommune is
    warned when mappings are due within 3 days and when they are overdue; once per person and kind, one
    notice per kommune and kind (counts only — the link leads through the access checks)."""
    idag = idag or timezone.localdate()
    ferdig = Kompetanseregistrering.objects.filter(
        person=OuterRef("pk"), kilde__in=INTERVJUKILDER, status=R.FERDIGSTILT
    )
    aktuelle = (
        Person.objects.filter(maalgruppe(idag), mottak__isnull=False)
        .filter(~Exists(ferdig))
        .select_related("bosettingssak", "mottak__vertskommune")
    )
    grupper: dict[tuple[int, str], list[Person]] = {}
    for person in aktuelle:
        frist = Bosettingssak.frist_for(person.bosettingssak.opprettet)
        if frist > idag + timedelta(days=3):
            continue
        slag = "passert" if frist < idag else "snart"
        if forste_gang(f"kartleggingsfrist-{slag}:{person.pk}"):
            grupper.setdefault((person.mottak.vertskommune_id, slag), []).append(person)
    for (_, slag), personer in grupper.items():
        kommune = personer[0].mottak.vertskommune
        if slag == "passert":
            tittel = f"Fristen for kompetansekartlegging er passert for {len(personer)} person(er)"
        else:
            tittel = f"Fristen for kompetansekartlegging går ut innen 3 dager for {len(personer)} person(er)"
        tekst = "Se Kompetansekartlegging i IMDinett (Kommuner → Kompetansekartlegging)."
        varsel_send(
            organisasjon=kommune, tittel=tittel, tekst=tekst, lenke=reverse("kompetanse:oppgaveliste")
        )
        epost_legg_i_utboks(til=[kommune.epost], emne=f"IMDinett: {tittel}", tekst=tekst)
    return len(grupper)
