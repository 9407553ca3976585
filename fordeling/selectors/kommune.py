"""Reads for the kommune's pages: its fordelingslister (anonymised until it accepts), one list with «Vis
detaljer», and Bosettingsdato."""

from datetime import date

from django.db.models import Count, F
from django.http import Http404
from django.utils import timezone

from imdinett.kompetanse.selectors import kompetanse_fra_prefetch, kompetanse_prefetch
from imdinett.personer.innsyn import les as innsyn_les
from imdinett.personer.models import Bosettingssak, Person
from imdinett.personer.selectors import persons_visible_to

from ..models import Fordelingsliste
from .visning import (
    PERSON_RELATERT,
    RADFELT,
    SYNLIGE_FOR_KOMMUNEN,
    Husstandsvisning,
    Listestatus,
    Personvisning,
    Saksstatus,
    Svarlinje,
    detaljer,
    husstandsvisninger,
    merknader_prefetch,
)

# The kommune registers the settlement date itself for these (seed 002 «Registrere bosettingsdato»).
KOMMUNEN_REGISTRERER_DATO = (Person.Sakstype.PRIVATBOENDE, Person.Sakstype.INSTITUSJON, Person.Sakstype.AMOT)


def fordelingslister(kommune):
    return (
        Fordelingsliste.objects.filter(kommune=kommune, status__in=SYNLIGE_FOR_KOMMUNEN)
        .annotate(antall=Count("linjer"))
        .order_by("-sendt")
    )


def access_fordelingsliste(kommune, liste_id: int) -> Fordelingsliste:
    """A list sent to this kommune, else 404 (drafts and withdrawn lists are IMDi's). Its letter and who
    answered exist once it is answered, and are read then (joining them, empty, to every list cost more than
    the query, `make bench`)."""
    try:
        liste = Fordelingsliste.objects.get(kommune=kommune, pk=liste_id, status__in=SYNLIGE_FOR_KOMMUNEN)
    except Fordelingsliste.DoesNotExist:
        raise Http404 from None
    liste.kommune = kommune  # already read by the caller's access check
    return liste


# What the kommune's list draws of a person (the row, the answer form, the name once accepted); the rest —
# identifiers among it — is not even fetched. «Vis detaljer» reads the whole person.
LISTEFELT = (
    "fornavn",
    "mellomnavn",
    "etternavn",
    "fodselsdato",
    "kjonn",
    "statsborgerskap",
    "persontype",
    "relasjon",
    "husstand_id",
    "sakstype",
    "plasstype",
)
# The person's line on the list, read with the person (`Svarlinje`).
SVARFELT = {
    "linje_bosettes": F("fordelingslinjer__bosettes"),
    "linje_begrunnelse": F("fordelingslinjer__begrunnelse"),
    "linje_forventet_uke": F("fordelingslinjer__forventet_uke"),
    "linje_innmelding_id": F("fordelingslinjer__innmelding_id"),
}


def liste_visning(
    liste: Fordelingsliste, bruker, *, detaljer_for: set[int] | None = None
) -> list[Husstandsvisning]:
    """The list's households, as the kommune sees them; a person is named only once accepted and only to a
    user who reaches their folder. «Vis detaljer» (the anonymised details and the competence card) is drawn
    for the persons numbered in `detaljer_for` (None: everyone, as «Vis alle detaljer»); the others' are
    fetched when opened. One query for the rows, a fixed number whatever the size. Every person on the list
    is logged as read (`innsyn.les`, «Fordelingsliste <nr>»): the rows describe each of them."""
    personer = list(
        Person.objects.filter(fordelingslinjer__liste=liste)  # the line's values below come from this join
        .only(*LISTEFELT)
        .annotate(**RADFELT, **SVARFELT)
        .order_by("husstand__reg_nr", "fodselsdato", "fordelingslinjer__id")
    )
    innsyn_les([p.pk for p in personer], f"Fordelingsliste {liste.pk}")
    idag = timezone.localdate(liste.sendt) if liste.sendt else timezone.localdate()
    husstander = husstandsvisninger(personer, idag, med_detaljer=False)
    person_for = {p.pk: p for p in personer}
    synlige = set()
    if liste.status == Listestatus.BESVART:
        synlige = set(persons_visible_to(bruker).filter(pk__in=person_for).values_list("pk", flat=True))
    aapne = []
    for h in husstander:
        for v in h.personer:
            p = person_for[v.person_id]
            v.linje = Svarlinje(
                p.linje_bosettes, p.linje_begrunnelse, p.linje_forventet_uke, p.linje_innmelding_id
            )
            if v.linje.bosettes and v.person_id in synlige:
                v.person = p
            if detaljer_for is None or v.nr in detaljer_for:
                aapne.append((v, h))
    if aapne:
        _detaljer_for(aapne, person_for, idag)
    return husstander


def _detaljer_for(
    aapne: list[tuple[Personvisning, Husstandsvisning]], personer: dict[int, Person], idag: date
):
    """«Vis detaljer» of the opened persons: their notes and competence in three queries (+ the competence
    rows), whatever the number."""
    fulle = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[v.person_id for v, _ in aapne])
        .select_related(*PERSON_RELATERT)
        .prefetch_related(merknader_prefetch(), kompetanse_prefetch())
    }
    for v, h in aapne:
        medlemmer = [personer[m.person_id] for m in h.personer]
        v.detaljer = detaljer(fulle[v.person_id], medlemmer, idag)
        v.kompetanse = kompetanse_fra_prefetch(fulle[v.person_id])
        v.detaljer_vist = True


# ---- Bosettingsdato ----


def til_bosettingsdato(kommune):
    """Persons the kommune accepted who are not yet settled (seed 002 «Registrer bosettingsdato»)."""
    return (
        Bosettingssak.objects.filter(
            kommune=kommune, status__in=(Saksstatus.SOKT_UT, Saksstatus.BOSETTINGSNEKT)
        )
        .select_related("person", "person__husstand")
        .order_by("forventet_uke", "person__etternavn", "person__fornavn")
    )


def access_til_bosettingsdato(kommune, person_id: int) -> Bosettingssak:
    """A case the kommune registers the date for itself (privatboende, institusjon, AMOT), else 404."""
    sak = (
        til_bosettingsdato(kommune)
        .filter(person_id=person_id, person__sakstype__in=KOMMUNEN_REGISTRERER_DATO)
        .first()
    )
    if sak is None:
        raise Http404
    return sak
