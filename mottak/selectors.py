"""Reads for the mottak's pages. Persons are always scoped through persons_visible_to, with the roles of the
page's permission (imdinett/organisasjoner/tilgang.py)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404

from imdinett.identitetsnummer import duf_normaliser
from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.kompetanse.selectors import selvregistrert as selvregistrert_tekst
from imdinett.organisasjoner.tilgang import roller_med
from imdinett.personer.models import SAMTALE_AAPEN, Bosettingssak, Person
from imdinett.personer.samtale import husstandens_mangler
from imdinett.personer.selectors import access_person, persons_visible_to, synlig_status

from .forms import del_for

Saksstatus = Bosettingssak.Status
SAERSKILTE_PLASSER = (Person.Plasstype.SAERSKILT_BO, Person.Plasstype.SAERSKILT_PLEIE)


def _sok(qs, tekst: str, prefiks: str = ""):
    tekst = " ".join(tekst.split())
    if not tekst:
        return qs
    siffer = duf_normaliser(tekst)
    if siffer.isdecimal():
        return qs.filter(**{f"{prefiks}duf_nummer__startswith": siffer})
    vilkaar = Q()
    for ord_ in tekst.split():
        vilkaar &= Q(**{f"{prefiks}fornavn__icontains": ord_}) | Q(**{f"{prefiks}etternavn__icontains": ord_})
    return qs.filter(vilkaar)


def oppgaveliste(bruker, mottak, *, sok: str = ""):
    """Cases at this mottak waiting for the settlement interview, earliest deadline first (`pk` last, so
    the pages are stable). Read from the persons, so the case is joined once (no IN over a subquery)."""
    personer = (
        persons_visible_to(bruker, roller=roller_med("mottak.samtale"))
        .filter(mottak=mottak, bosettingssak__status__in=SAMTALE_AAPEN)
        .select_related("bosettingssak", "husstand")
        .order_by("bosettingssak__frist", "etternavn", "fornavn", "bosettingssak__pk")
    )
    return _sok(personer, sok)


def selvregistrert(person: Person) -> str:
    """«Gjennomført selvregistrering av kompetanse» for one person (the row opened in the Oppgaveliste)."""
    person.kompetanseregistreringer = list(
        person.kompetanse.filter(kilde=Kilde.SELVREG, ferdigstilt__isnull=False).only(
            "person_id", "kilde", "ferdigstilt"
        )
    )
    return selvregistrert_tekst(person)


def _kartleggingsstatus_prefetch() -> Prefetch:
    """What the list's status columns read of the competence registrations (kompetanse.selectors
    `kartleggingsstatus`, `selvregistrert`): source and completion, not the rows."""
    return Prefetch(
        "kompetanse",
        queryset=Kompetanseregistrering.objects.only("person_id", "kilde", "ferdigstilt"),
        to_attr="kompetanseregistreringer",
    )


def beboere(bruker, mottak, *, sok="", status="", persontype="", med_sak=""):
    """Oversikt mottaksbeboere with its filters (`pk` last, so the pages are stable). The status filter is the
    status the mottak sees (`synlig_status`): «fordelingsklar» finds the fordelt cases too, and «fordelt»
    tells nothing apart."""
    qs = (
        persons_visible_to(bruker, roller=roller_med("mottak.samtale"))
        .filter(mottak=mottak)
        .select_related("husstand", "bosettingssak", "bosettingssak__kommune")
        .prefetch_related(_kartleggingsstatus_prefetch())
        .order_by("etternavn", "fornavn", "pk")
    )
    if status:
        qs = qs.filter(
            bosettingssak__status__in=[
                s for s in Saksstatus.values if synlig_status(s) == synlig_status(status)
            ]
        )
    if persontype:
        qs = qs.filter(persontype=persontype)
    if med_sak == "med":
        qs = qs.filter(bosettingssak__isnull=False)
    elif med_sak == "uten":
        qs = qs.filter(bosettingssak__isnull=True)
    return _sok(qs, sok)


def access_samtaleperson(bruker, mottak, person_id: int) -> Person:
    """A resident of this mottak whose interview the user may run, else 404."""
    person = access_person(bruker, person_id, roller=roller_med("mottak.samtale"))
    if person.mottak_id != mottak.pk:
        raise Http404
    return person


def husstand(person: Person) -> list[Person]:
    """Every member of the household, wherever they live (for the rules; a page shows `husstand_ved_mottaket`)."""
    return list(
        Person.objects.filter(husstand_id=person.husstand_id)
        .select_related("bosettingssak", "samtale")
        .order_by("fodselsdato")
    )


def husstandsmedlemmer_tekst(antall: int) -> str:
    return f"{antall} husstandsmedlem{'mer' if antall != 1 else ''}"


@dataclass(frozen=True)
class HusstandVedMottaket:
    """A household as one mottak's pages show it (issue «Tilgang», defect 7): the members who live at this
    mottak and whom the user reaches, by name; anyone else only counted, never named or linked."""

    medlemmer: list[Person]
    andre: list[str]  # e.g. «1 husstandsmedlem bor i et annet mottak.»
    andre_aapne: int  # members elsewhere whose interview is still open (the household is distributed whole)


def husstand_ved_mottaket(bruker, mottak, person: Person) -> HusstandVedMottaket:
    medlemmer = list(
        persons_visible_to(bruker, roller=roller_med("mottak.samtale"))
        .filter(husstand_id=person.husstand_id, mottak=mottak)
        .select_related("bosettingssak", "samtale")
        .order_by("fodselsdato", "pk")
    )
    synlige = {p.pk for p in medlemmer}
    annet_mottak = utenfor_mottak = uten_sak = andre_aapne = 0
    for pk, mottak_id, status in Person.objects.filter(husstand_id=person.husstand_id).values_list(
        "pk", "mottak_id", "bosettingssak__status"
    ):
        if pk in synlige:
            continue
        if mottak_id == mottak.pk:
            uten_sak += 1  # at this mottak but not reached: no settlement case (an ordinary mottak)
            continue
        annet_mottak += mottak_id is not None
        utenfor_mottak += mottak_id is None
        andre_aapne += status in SAMTALE_AAPEN
    andre = []
    if annet_mottak:
        andre.append(f"{husstandsmedlemmer_tekst(annet_mottak)} bor i et annet mottak.")
    if utenfor_mottak:
        andre.append(f"{husstandsmedlemmer_tekst(utenfor_mottak)} bor ikke i mottak.")
    if uten_sak:
        andre.append(f"{husstandsmedlemmer_tekst(uten_sak)} ved mottaket har ingen bosettingssak.")
    return HusstandVedMottaket(medlemmer, andre, andre_aapne)


# The statuses the mottak's filter offers: «fordelt» is not one the mottak sees.
MOTTAKSSTATUSER = [(v, navn) for v, navn in Saksstatus.choices if synlig_status(v) == v]


def samtale_kan_endres(person: Person) -> bool:
    sak = getattr(person, "bosettingssak", None)
    return sak is None or sak.samtale_aapen


def ferdigstilt_telling(personer: list[Person]) -> tuple[int, int]:
    """(completed, with a case) in the household: "ferdigstilt for N av M personer"."""
    med_sak = [p for p in personer if getattr(p, "bosettingssak", None)]
    return sum(not p.bosettingssak.samtale_aapen for p in med_sak), len(med_sak)


def manglende_felt(medlemmer: list[Person]) -> list[tuple[Person, list[tuple[str, str]]]]:
    """After a refused «Ferdigstill»: per member whose interview is open and incomplete, the mandatory fields
    still empty, each with the section that asks it, asked afresh by the rule (`husstandens_mangler`)."""
    return [
        (medlem, [(navn, del_for(navn, medlem)) for navn in felt])
        for medlem, felt in husstandens_mangler(medlemmer).items()
        if felt
    ]
