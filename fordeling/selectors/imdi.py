"""Reads for IMDi's workbench (the admin): the fordelingsklare households for the list builder with what they
still lack, free places, open innmeldinger, a draft's households, and the check before a list is sent."""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Min, Q
from django.utils import timezone

from imdinett.kompetanse.selectors import kompetanse_prefetch
from imdinett.personer.models import Bosettingssak, Person
from imdinett.personer.samtale import feltnavn, mangler
from innmelding.models import Innmelding
from innmelding.selectors import AKTIVE as AKTIVE_INNMELDINGER
from kommune.selectors import kategori_for, oversikt_bosetting

from ..models import Fordelingsliste
from .visning import (
    AVSLUTTEDE,
    PERSON_RELATERT,
    RADFELT,
    Husstandsvisning,
    Saksstatus,
    husstandsvisninger,
    merknader_prefetch,
    samtale_for,
)


def fordelingsklare_husstander(
    *, sok: str = "", valgte: Iterable[int] = (), side: int | str | None = 1, per_side: int = 25
) -> tuple[list[Husstandsvisning], Page]:
    """IMDi's builder: the households already chosen for the list (`valgte`, all of them, whatever their
    status now) and one page of the other households with a fordelingsklar case, the longest waiting first,
    each with what its members still lack for distribution. The page's object_list holds the households.

    The candidates are found as ids only, in one query (a few thousand small rows at national volume), which
    gives both the count and the page; the persons of the chosen and of that one page are fetched once."""
    valgte = set(valgte)
    saker = Bosettingssak.objects.filter(status=Saksstatus.FORDELINGSKLAR)
    tekst = sok.strip()
    if tekst:
        saker = saker.filter(
            Q(person__husstand__reg_nr=tekst)
            | Q(person__duf_nummer=tekst.replace(" ", ""))
            | Q(person__etternavn__icontains=tekst)
            | Q(person__statsborgerskap__icontains=tekst)
            | Q(person__mottak__navn__icontains=tekst)
        )
    kandidater = list(
        saker.exclude(person__husstand_id__in=valgte)
        .values("person__husstand_id")
        .annotate(fra=Min("fordelingsklar_fra"))
        .order_by("fra", "person__husstand_id")
        .values_list("person__husstand_id", flat=True)
    )
    side = Paginator(kandidater, per_side).get_page(side)
    rekkefolge = {h: i for i, h in enumerate([*sorted(valgte), *side.object_list])}
    personer = list(
        Person.objects.filter(husstand_id__in=rekkefolge, bosettingssak__isnull=False)
        .exclude(bosettingssak__status__in=AVSLUTTEDE)
        .select_related("mottak", *PERSON_RELATERT)
        .annotate(**RADFELT)
        .prefetch_related(
            merknader_prefetch(), kompetanse_prefetch()
        )  # the notes counted from here, not per person
        .order_by("fodselsdato")
    )
    personer.sort(key=lambda p: rekkefolge[p.husstand_id])
    husstander = husstandsvisninger(personer, timezone.localdate())
    personer_for = {p.pk: p for p in personer}
    for h in husstander:
        for v in h.personer:
            v.person = personer_for[v.person_id]
            v.mangler = mangler_ved_fordeling(v.person)
        h.fordelingsklar_fra = h.personer[0].person.bosettingssak.fordelingsklar_fra
    side.object_list = [h for h in husstander if h.husstand_id not in valgte]
    return [h for h in husstander if h.husstand_id in valgte], side


def mangler_ved_fordeling(person: Person) -> list[str]:
    """What the kommune would miss: an interview not completed, or a mandatory answer (for kollektiv
    beskyttelse the extra questions) left empty — the same rule as «Ferdigstill» (imdinett.personer.samtale),
    where a competence registration stands in for the Kompass reason."""
    if person.bosettingssak.status != Saksstatus.FORDELINGSKLAR:
        return [f"{person.navn}: bosettingssaken er «{person.bosettingssak.get_status_display()}»"]
    antall = getattr(person, "n_merknader", None)
    if antall is None:
        antall = person.bosettingsmerknader.count()
    registreringer = getattr(person, "kompetanseregistreringer", None)  # kompetanse_prefetch()
    har_kompetanse = bool(registreringer) if registreringer is not None else person.kompetanse.exists()
    return [
        f"{person.navn}: {feltnavn(f)}"
        for f in mangler(person, samtale_for(person), antall, har_kompetanse=har_kompetanse)
    ]


def ledige_plasser(kommune, aar: int):
    return oversikt_bosetting(kommune, aar)


def overskridelser(kommune, personer: list[Person], idag: date | None = None) -> list[str]:
    """Categories where the list would exceed the year's free places (vedtak − fordelt − søkt ut − bosatt)."""
    idag = idag or timezone.localdate()
    rader, _ = oversikt_bosetting(kommune, idag.year)
    behov = Counter(kategori_for(p, idag) for p in personer)
    return [
        f"{r.navn}: {behov[r.kategori]} på listen, {max(r.ledige, 0)} ledige plasser"
        for r in rader
        if behov[r.kategori] > max(r.ledige, 0)
    ]


def aapne_innmeldinger(kommune):
    return (
        Innmelding.objects.filter(kommune=kommune, status__in=AKTIVE_INNMELDINGER)
        .select_related("person", "kommune")
        .order_by("forventet_uke")
    )


def utkast_husstander(liste: Fordelingsliste) -> dict[int, int | None]:
    """{husstand id: innmelding id} for a draft."""
    return dict(liste.linjer.values_list("person__husstand_id", "innmelding_id"))
