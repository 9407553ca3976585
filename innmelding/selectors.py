import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404

from imdinett.feil import DomeneFeil
from imdinett.identitetsnummer import duf_formater, duf_normaliser, valider_duf
from imdinett.organisasjoner.tilgang import kan
from imdinett.personer import innsyn
from imdinett.personer.models import Bosettingssak, Person
from imdinett.uker import uke_tekst

from .models import AKTIVE, Innmelding

Innmeldingsstatus = Innmelding.Status
GJELDENDE = (
    Innmeldingsstatus.VENTER,
    Innmeldingsstatus.SAKSBEHANDLES,
    Innmeldingsstatus.BEHANDLET,
)  # capacity that still stands
# A person is up for settlement from the case's opening until søkt ut (seed 002: «ikke aktuelt» otherwise).
AKTUELLE_SAKSSTATUSER = (
    Bosettingssak.Status.OPPRETTET,
    Bosettingssak.Status.UNDER_KARTLEGGING,
    Bosettingssak.Status.FORDELINGSKLAR,
    Bosettingssak.Status.FORDELT,
)


def innmeldinger(kommune, *, aktive: bool, type: str = "", fra: date | None = None, til: date | None = None):
    qs = Innmelding.objects.filter(kommune=kommune).select_related(
        "person", "saksbehandler", "avsluttet_av", "kommune"
    )
    qs = qs.filter(status__in=AKTIVE) if aktive else qs.exclude(status__in=AKTIVE)
    if type:
        qs = qs.filter(type=type)
    if fra:
        qs = qs.filter(forventet_uke__gte=fra)
    if til:
        qs = qs.filter(forventet_uke__lte=til)
    return qs.order_by("-sendt")


def access_innmelding(kommune, innmelding_id: int) -> Innmelding:
    innmelding = (
        Innmelding.objects.filter(kommune=kommune, pk=innmelding_id).select_related("kommune").first()
    )
    if innmelding is None:
        raise Http404
    return innmelding


@dataclass
class Ukerad:
    uke: date
    plasser: int
    sokt_ut: int

    @property
    def tekst(self) -> str:
        return uke_tekst(self.uke)

    @property
    def ledige(self) -> int:
        return self.plasser - self.sokt_ut


def kapasitet(kommune, *, fra: date, uker: int = 12) -> list[Ukerad]:
    """Places per week from standing «Antall plasser» notices against persons søkt ut with that
    expected week (seed 004). Two queries whatever the number of weeks."""
    til = fra + timedelta(weeks=uker)
    plasser = dict(
        Innmelding.objects.filter(
            kommune=kommune,
            type=Innmelding.Type.ANTALL_PLASSER,
            status__in=GJELDENDE,
            forventet_uke__gte=fra,
            forventet_uke__lt=til,
        )
        .values_list("forventet_uke")
        .annotate(n=Sum("antall"))
    )
    sokt_ut = dict(
        Bosettingssak.objects.filter(
            kommune=kommune,
            status=Bosettingssak.Status.SOKT_UT,
            forventet_uke__gte=fra,
            forventet_uke__lt=til,
        )
        .values_list("forventet_uke")
        .annotate(n=Count("pk"))
    )
    uker_ = [fra + timedelta(weeks=i) for i in range(uker)]
    return [Ukerad(u, plasser.get(u, 0) or 0, sokt_ut.get(u, 0)) for u in uker_]


# ---- «Bestemte personer»: the lookup by DUF ----
# Decided (docs/security.md, seed 002 «Bestemte personer»): the kommune names a person it knows by DUF, so any
# kommune with «innmelding.skriv» may look up, but only a person up for settlement (a case from opened to
# fordelt, not yet søkt ut), and it learns only what lets it confirm the number and write the notice: the name,
# the DUF and how many others share the Reg-nr — not the case status, the mottak, age or gender, nor the family
# members' names, DUF, relations or ages. A malformed number (length, check digits) gets the format message, which
# says nothing about any person; unknown and not up for settlement get one neutral message, so the answer tells
# nothing about who exists. Every lookup is counted per user (the cache,
# a fixed window) and logged; one that shows a person writes an Innsynslogg line (`innsyn.les`).

log = logging.getLogger(__name__)

IKKE_AKTUELL = "Personen er ikke aktuell for bosetting. Kontroller DUF-nummeret."
FOR_MANGE_OPPSLAG = "Du har gjort for mange oppslag på kort tid. Vent 15 minutter og prøv igjen."
OPPSLAG_GRENSE = 30  # lookups per user and window: a day's notices, not a walk through the DUF numbers
OPPSLAG_VINDU = 15 * 60  # seconds
INNSYN_BESTEMT_PERSON = "Innmelding: bestemte personer"


class ForMangeOppslag(DomeneFeil):
    def __init__(self):
        super().__init__(FOR_MANGE_OPPSLAG, felt="duf")


@dataclass(frozen=True)
class BestemtPerson:
    """All a kommune is shown of a person it looks up for «Bestemte personer»."""

    person_id: int
    navn: str
    duf_nummer: str
    familie: int  # others with the same Reg-nr, a count only

    @property
    def duf_formatert(self) -> str:
        return duf_formater(self.duf_nummer)


def _tell_oppslag(bruker) -> int:
    """This user's lookups in the current window, this one included."""
    nokkel = f"innmelding:bestemt-person:{bruker.pk}"
    cache.add(nokkel, 0, OPPSLAG_VINDU)
    try:
        return cache.incr(nokkel)
    except ValueError:  # the window ran out between add and incr
        cache.set(nokkel, 1, OPPSLAG_VINDU)
        return 1


def bestemt_person(bruker, kommune, duf: str) -> BestemtPerson:
    """The one lookup behind «Bestemte personer»: what the kommune may see of the person with this DUF, or
    DomeneFeil with the neutral message (ForMangeOppslag once the user has looked up too many)."""
    if not kan(bruker, "innmelding.skriv", kommune):
        raise Http404
    antall = _tell_oppslag(bruker)
    if antall > OPPSLAG_GRENSE:
        if antall == OPPSLAG_GRENSE + 1:
            log.warning(
                "Bestemte personer: bruker %s (kommune %s) har gjort over %s DUF-oppslag på %s minutter; "
                "avvist uten oppslag",
                bruker.pk,
                kommune.pk,
                OPPSLAG_GRENSE,
                OPPSLAG_VINDU // 60,
            )
        raise ForMangeOppslag()
    duf = duf_normaliser(duf or "")
    try:
        valider_duf(duf)
    except ValidationError as feil:  # a typing error: the number itself is wrong, whoever exists
        raise DomeneFeil(feil.messages[0], felt="duf") from feil
    person = (
        Person.objects.filter(duf_nummer=duf, bosettingssak__status__in=AKTUELLE_SAKSSTATUSER)
        .only("pk", "fornavn", "mellomnavn", "etternavn", "duf_nummer", "husstand_id")
        .first()
    )
    if person is None:
        log.info(
            "Bestemte personer: DUF-oppslag %s av bruker %s (kommune %s) uten treff",
            antall,
            bruker.pk,
            kommune.pk,
        )
        raise DomeneFeil(IKKE_AKTUELL, felt="duf")
    familie = Person.objects.filter(husstand_id=person.husstand_id).exclude(pk=person.pk).count()
    log.info(
        "Bestemte personer: DUF-oppslag %s av bruker %s (kommune %s) viste person %s",
        antall,
        bruker.pk,
        kommune.pk,
        person.pk,
    )
    innsyn.les([person.pk], INNSYN_BESTEMT_PERSON)
    return BestemtPerson(person.pk, person.navn, person.duf_nummer, familie)


def bestemt_person_til_innmelding(oppslag: BestemtPerson) -> Person:
    """The person a valid notice names (the service routes an EM under 15 to Bufetat from the person)."""
    return Person.objects.get(pk=oppslag.person_id)
