"""Writes for competence. Each function is atomic and locks what it changes; each transition records
its Hendelse on the person (never the competence itself: the log is read more widely)."""

import ipaddress
import logging
import secrets
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import epost_legg_i_utboks, forste_gang, hendelse_registrer, varsel_send
from imdinett.personer.models import Bosettingssak, Person
from imdinett.personer.selectors import maalgruppe

from .models import KODE_GYLDIG, Engangskode, Kilde, Kompetanseregistrering, Selvregistreringsforsok
from .selectors import INTERVJUKILDER, mangler
from .sprak import tekster

R = Kompetanseregistrering.Status
RADMODELLER = {"sprak": "sprak", "utdanning": "utdanninger", "arbeid": "arbeidserfaringer"}
KODETEGN = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed on a phone
KODELENGDE = 8

log = logging.getLogger(__name__)


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
            "opprettet_av": av,
            "mottak": mottak,
        },
    )
    _hendelse(
        "engangskode_generert", "Engangskode til Kompass generert", person=person, av=av, organisasjon=mottak
    )
    return kode


# --- Logging in to the self-registration ---------------------------------------------------------
# Wrong tries are throttled per client address, and per DUF from that address, within a sliding window;
# never per DUF alone and never on the code: a stranger elsewhere cannot lock a resident out, and a right
# code from another address always gets through. Guessing stays hopeless: 32^8 ≈ 10^12 codes, and each
# address gets at most MAKS_FEIL_PER_DUF_OG_KLIENT tries at one DUF per window (480 a day; a botnet of
# 10,000 addresses has one chance in 10^4 over a code's 14 days) and MAKS_FEIL_PER_KLIENT tries in all.
# The per-address limit is generous because a mottak's residents share one address (NAT); a right code
# does not count against it. A refused try is answered before any hash and whatever the DUF.
FORSOK_VINDU = timedelta(minutes=15)
MAKS_FEIL_PER_KLIENT = 20
MAKS_FEIL_PER_DUF_OG_KLIENT = 5
FOR_MANGE_FORSOK = tekster()["for_mange"]  # the page shows it in the resident's language
_UGYLDIG = make_password(secrets.token_hex(8))


class ForMangeForsok(DomeneFeil):
    """Too many failed tries from this client (or at this DUF from it): refused before any hash."""

    def __init__(self):
        super().__init__(FOR_MANGE_FORSOK)


def klient_nokkel(adresse: str) -> str:
    """The client a limit counts: the IPv4 address, or the IPv6 /64 (one subscriber's network: anyone
    who has one address has all 2^64); an address that is missing or unreadable shares one key."""
    try:
        ip = ipaddress.ip_address(adresse)
    except ValueError:
        return "ukjent"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _hmac(hva: str, verdi: str) -> str:
    return salted_hmac(f"imdinett.kompetanse.selvregistrering.{hva}", verdi).hexdigest()


def _forsok_reserver(*, duf: str, klient: str, naa: datetime) -> Selvregistreringsforsok:
    """Count this try before any hash: its row is written first (committed), then the window is counted
    with it, so parallel tries from one client cannot slip past the limit together. Over a limit: the
    row goes again (a refused try costs nothing and does not prolong the wait) and ForMangeForsok."""
    grense = naa - FORSOK_VINDU
    Selvregistreringsforsok.objects.filter(tidspunkt__lte=grense).delete()
    k, d = _hmac("klient", klient_nokkel(klient)), _hmac("duf", duf)
    forsok = Selvregistreringsforsok.objects.create(klient=k, duf=d, tidspunkt=naa)
    antall = Selvregistreringsforsok.objects.filter(klient=k, tidspunkt__gt=grense).aggregate(
        alle=Count("pk"), duf=Count("pk", filter=Q(duf=d))
    )
    if antall["alle"] > MAKS_FEIL_PER_KLIENT or antall["duf"] > MAKS_FEIL_PER_DUF_OG_KLIENT:
        forsok.delete()
        log.warning(
            "Selvregistrering: for mange feilforsøk fra %s; avvist uten kontroll", klient_nokkel(klient)
        )
        raise ForMangeForsok()
    return forsok


def engangskode_bruk(*, duf: str, kode: str, klient: str, naa: datetime | None = None) -> Person | None:
    """Log in to self-registration from the client address `klient`: the person when DUF and code match
    an unused, unexpired code — which is then used up. Otherwise None, whatever the reason (no hint
    whether the DUF exists); wrong tries never void the code. Too many failed tries from the client, or at
    this DUF from it, within FORSOK_VINDU: ForMangeForsok, before the DUF is looked up or a hash made.
    Not one transaction, on purpose: the try must be committed (and counted by parallel tries) before the
    hash; only the use of a right code is atomic."""
    naa = naa or timezone.now()
    forsok = _forsok_reserver(duf=duf, klient=klient, naa=naa)
    person = _engangskode_sjekk(duf=duf, kode=kode, naa=naa)
    if person is not None:
        forsok.delete()  # a right code costs the address nothing (a mottak's residents share it)
    return person


def _engangskode_sjekk(*, duf: str, kode: str, naa: datetime) -> Person | None:
    """The hash is checked without a lock and nothing is written for a wrong code, so wrong tries cannot
    hold up the owner; a right code then locks the row, checks it is still the same unused, unexpired
    code (two submits of one code: one wins) and uses it up."""
    if len(kode) != KODELENGDE or any(t not in KODETEGN for t in kode):
        return None  # can never match; decided by the typed code alone, so its speed tells nothing of the DUF
    rad = Engangskode.objects.filter(person__duf_nummer=duf).only("pk", "kode_hash").first()
    if rad is None:
        check_password(kode, _UGYLDIG)  # the same work as a real check: the answer time tells nothing
        return None
    if not check_password(kode, rad.kode_hash):
        return None
    with transaction.atomic():
        rad = (
            Engangskode.objects.select_for_update()
            .select_related("person")
            .filter(pk=rad.pk, kode_hash=rad.kode_hash, brukt__isnull=True, utloper__gt=naa)
            .first()
        )
        if rad is None:
            return None
        rad.brukt = naa
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
