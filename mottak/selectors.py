"""Reads for the mottak's pages. Persons are always scoped through persons_visible_to, with the roles of the
page's permission (imdinett/organisasjoner/tilgang.py)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.kompetanse.selectors import selvregistrert as selvregistrert_tekst
from imdinett.organisasjoner.tilgang import roller_med
from imdinett.personer.models import Bosettingssak, Bosettingssamtale, Person
from imdinett.personer.selectors import access_person, persons_visible_to, synlig_status
from imdinett.personer.validators import duf_normaliser

S = Bosettingssak.Status
AAPNE = (S.OPPRETTET, S.UNDER_KARTLEGGING)  # the interview may still be written
SAERSKILTE_PLASSER = (Person.Plasstype.SAERSKILT_BO, Person.Plasstype.SAERSKILT_PLEIE)
BOSETTINGSMERKNAD = "bosettingsmerknad"  # mandatory: at least one (seed 001: "Bosettingsmerknad *")


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
        .filter(mottak=mottak, bosettingssak__status__in=AAPNE)
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
            bosettingssak__status__in=[s for s in S.values if synlig_status(s) == synlig_status(status)]
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


def samtale_for(person: Person) -> Bosettingssamtale:
    """The interview row, unsaved and empty when nothing is registered yet."""
    try:
        return person.samtale
    except Bosettingssamtale.DoesNotExist:
        return Bosettingssamtale(person=person)


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
        andre_aapne += status in AAPNE
    andre = []
    if annet_mottak:
        andre.append(f"{husstandsmedlemmer_tekst(annet_mottak)} bor i et annet mottak.")
    if utenfor_mottak:
        andre.append(f"{husstandsmedlemmer_tekst(utenfor_mottak)} bor ikke i mottak.")
    if uten_sak:
        andre.append(f"{husstandsmedlemmer_tekst(uten_sak)} ved mottaket har ingen bosettingssak.")
    return HusstandVedMottaket(medlemmer, andre, andre_aapne)


# The statuses the mottak's filter offers: «fordelt» is not one the mottak sees.
MOTTAKSSTATUSER = [(v, navn) for v, navn in S.choices if synlig_status(v) == v]


def samtale_kan_endres(person: Person) -> bool:
    sak = getattr(person, "bosettingssak", None)
    return sak is None or sak.status in AAPNE


def er_voksen_eller_em(person: Person) -> bool:
    return person.alder() >= 18 or person.persontype in (
        Person.Persontype.ENSLIG_MINDREAARIG,
        Person.Persontype.EM_MED_FOLGEPERSON,
    )


def er_em(person: Person) -> bool:
    return person.persontype in (Person.Persontype.ENSLIG_MINDREAARIG, Person.Persontype.EM_MED_FOLGEPERSON)


def mangler(
    person: Person,
    samtale: Bosettingssamtale,
    antall_bosettingsmerknader: int,
    *,
    har_kompetanse: bool = False,
) -> list[str]:
    """The mandatory fields (red asterisk) still empty for this person, by field name.

    Who must answer what (docs/beslutninger.md): everyone the Tilretteleggingsbehov question;
    adults and unaccompanied minors the ties, a bosettingsmerknad and (16+, when no competence is registered —
    seed 001) the Kompass reason;
    kollektiv beskyttelse the extra questions (seed 003); EM the Vedlegg 6 content. A resident who
    does not wish to give information owes nothing (seed 003 §2.4: recordable, no reason needed).
    """
    if samtale.onsker_ikke_gi_info:
        return []
    s = samtale
    ut: list[str] = []

    def krev(felt: str, fylt: bool):
        if not fylt:
            ut.append(felt)

    krev("saerlig_hensyn", s.saerlig_hensyn is not None)
    if s.saerlig_hensyn:
        krev("saerlig_hensyn_beskrivelse", bool(s.saerlig_hensyn_beskrivelse.strip()))
    if not er_voksen_eller_em(person):
        return ut
    if person.alder() >= 16 and not har_kompetanse:
        krev("kompass_aarsak", bool(s.kompass_aarsak.strip()))
    krev("har_venner_familie", s.har_venner_familie is not None)
    if s.har_venner_familie:
        for felt in ("tilknytning_type", "tilknytning_navn", "tilknytning_kontakt", "tilknytning_merknad"):
            krev(felt, bool(getattr(s, felt).strip()))
        krev("kjenner_flere", s.kjenner_flere is not None)
    if antall_bosettingsmerknader == 0:
        ut.append(BOSETTINGSMERKNAD)
    if person.beskyttelse == Person.Beskyttelse.KOLLEKTIV and person.alder() >= 18:
        krev("kjaeledyr", s.kjaeledyr is not None)
        krev("hoyeste_utdanning", bool(s.hoyeste_utdanning))
        if s.hoyeste_utdanning not in ("", Bosettingssamtale.Utdanningsnivaa.INGEN):
            krev("utdanning_fagfelt", bool(s.utdanning_fagfelt.strip()))
        krev("siste_yrke", bool(s.siste_yrke.strip()))
        krev("engelsk", bool(s.engelsk))
        krev("forerkort", s.forerkort is not None)
        krev("bil_i_norge", s.bil_i_norge is not None)
    if er_em(person):
        for felt in (
            "em_familie_i_norge",
            "em_utdanning",
            "em_selvstendighet",
            "em_selvstendighet_begrunnelse",
            "em_omsorgslosning",
            "em_omsorgslosning_begrunnelse",
        ):
            krev(felt, bool(getattr(s, felt).strip()))
    if person.persontype == Person.Persontype.EM_MED_FOLGEPERSON:
        krev("folgeperson_vurdering", bool(s.folgeperson_vurdering.strip()))
    return ut


def feltnavn(felt: str) -> str:
    """The label a caseworker sees for a mandatory field."""
    if felt == BOSETTINGSMERKNAD:
        return "Bosettingsmerknad"
    return str(Bosettingssamtale._meta.get_field(felt).verbose_name)


def paakrevde_felt(person: Person) -> set[str]:
    """Every field that can be mandatory for this person (the red asterisks): what `mangler` asks
    of an empty interview, and of one where every question that opens follow-ups is answered yes."""
    alt_ja = Bosettingssamtale(har_venner_familie=True, saerlig_hensyn=True, hoyeste_utdanning="hoyere")
    har = person.kompetanse.exists()
    return set(mangler(person, alt_ja, 0, har_kompetanse=har)) | set(
        mangler(person, Bosettingssamtale(), 0, har_kompetanse=har)
    )


def husstandens_mangler(personer: list[Person]) -> dict[Person, list[str]]:
    """{member: missing fields} for every member whose case is still open."""
    kompetanse = set(
        Kompetanseregistrering.objects.filter(person__in=personer).values_list("person_id", flat=True)
    )
    merknader = dict(
        Person.objects.filter(pk__in=[p.pk for p in personer])
        .annotate(n=Count("bosettingsmerknader"))
        .values_list("pk", "n")
    )
    return {
        p: mangler(p, samtale_for(p), merknader[p.pk], har_kompetanse=p.pk in kompetanse)
        for p in personer
        if getattr(p, "bosettingssak", None) and p.bosettingssak.status in AAPNE
    }


def ferdigstilt_telling(personer: list[Person]) -> tuple[int, int]:
    """(completed, with a case) in the household: "ferdigstilt for N av M personer"."""
    med_sak = [p for p in personer if getattr(p, "bosettingssak", None)]
    return sum(p.bosettingssak.status not in AAPNE for p in med_sak), len(med_sak)


def dager_igjen(sak: Bosettingssak) -> int:
    return (sak.frist - timezone.localdate()).days
