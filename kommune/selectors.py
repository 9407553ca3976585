"""Reads for the kommune's pages: anmodninger scoped to the user's kommune, Oversikt bosetting, reports."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThan
from django.http import Http404
from django.utils import timezone

from imdinett.identitetsnummer import duf_formater
from imdinett.organisasjoner.models import Kommune
from imdinett.personer.innsyn import les as innsyn_les
from imdinett.personer.models import Bosettingssak, Person

from .models import Anmodning, AnmodningTall, Kategori, Vedtak, VedtakTall

Saksstatus = Bosettingssak.Status


def kommune_sok(tekst: str):
    """Kommuner and bydeler by name or number; all of them when the search is empty."""
    qs = Kommune.objects.select_related("overordnet").order_by("navn")
    tekst = tekst.strip()
    if tekst:
        qs = qs.filter(Q(navn__icontains=tekst) | Q(nummer__startswith=tekst) | Q(fylke__icontains=tekst))
    return qs


def _anmodninger(kommune: Kommune):
    return (
        Anmodning.objects.filter(kommune=kommune)
        .exclude(status=Anmodning.Status.UTKAST)
        .select_related("kommune")
        .prefetch_related("tall", Prefetch("vedtak", queryset=Vedtak.objects.prefetch_related("tall")))
    )


def anmodninger(kommune: Kommune, *, fra: date | None = None, til: date | None = None):
    qs = _anmodninger(kommune).order_by("-sendt")
    if fra:
        qs = qs.filter(sendt__date__gte=fra)
    if til:
        qs = qs.filter(sendt__date__lte=til)
    return qs


def access_anmodning(bruker, kommune: Kommune, anmodning_id: int) -> Anmodning:
    anmodning = _anmodninger(kommune).filter(pk=anmodning_id).first()
    if anmodning is None:
        raise Http404
    return anmodning


def aar_i(anmodning: Anmodning) -> list[int]:
    return sorted({t.aar for t in anmodning.tall.all()})


def aktive_vedtak(anmodning: Anmodning) -> dict[int, Vedtak]:
    return {v.aar: v for v in anmodning.vedtak.all() if v.status != Vedtak.Status.RETURNERT}


def _vedtakstall(aar: int):
    """The places decided for the year: a returned vedtak does not count."""
    return VedtakTall.objects.filter(vedtak__aar=aar).exclude(vedtak__status=Vedtak.Status.RETURNERT)


def kommuner_med_vedtak(aar: int):
    """(id, name, number) of every kommune that has decided places for the year (a returned vedtak does not
    count), by name: one query, without counting the year's cases as `bosettingstall` does."""
    med_plasser = (
        _vedtakstall(aar)
        .values("vedtak__anmodning__kommune_id")
        .annotate(plasser=Sum("antall"))
        .filter(plasser__gt=0)
        .values("vedtak__anmodning__kommune_id")
    )
    return (
        Kommune.objects.filter(pk__in=med_plasser)
        .order_by("navn", "nummer")
        .values_list("pk", "navn", "nummer")
    )


def vedtatt(kommune: Kommune, aar: int, *, unntatt: Anmodning | None = None) -> dict[str, int]:
    """Places already decided by the kommune for the year, per category (returned vedtak excluded)."""
    qs = _vedtakstall(aar).filter(vedtak__anmodning__kommune=kommune)
    if unntatt is not None:
        qs = qs.exclude(vedtak__anmodning=unntatt)
    ut = dict.fromkeys(Kategori.values, 0)
    for kategori, antall in qs.values_list("kategori", "antall"):
        ut[kategori] += antall
    return ut


@dataclass
class Plassrad:
    kategori: str
    navn: str
    anmodet: int
    allerede_vedtatt: int


def plasser_for(anmodning: Anmodning, aar: int) -> list[Plassrad]:
    """What IMDi asked for this year and what the kommune has already decided (the wizard's table)."""
    anmodet = {t.kategori: t.antall for t in anmodning.tall.all() if t.aar == aar}
    allerede = vedtatt(anmodning.kommune, aar, unntatt=anmodning)
    return [Plassrad(k, navn, anmodet.get(k, 0), allerede[k]) for k, navn in Kategori.choices]


def kategori_for(person: Person, dato: date) -> str:
    """Which quota a person counts in: unaccompanied minors by their age at `dato`."""
    return _kategori(person.persontype, person.fodselsdato, dato)


EM_TYPER = (Person.Persontype.ENSLIG_MINDREAARIG, Person.Persontype.EM_MED_FOLGEPERSON)


def _kategori(persontype: str, fodselsdato: date, dato: date) -> str:
    if persontype in EM_TYPER:
        alder = dato.year - fodselsdato.year - ((dato.month, dato.day) < (fodselsdato.month, fodselsdato.day))
        return Kategori.EM_UNDER_15 if alder < 15 else Kategori.EM_15_18
    return Kategori.VOKSNE


@dataclass
class Oversiktsrad:
    kategori: str
    navn: str
    vedtak: int = 0
    fordelt: int = 0
    sokt_ut: int = 0
    bosatt: int = 0
    kommunenummer: str = ""
    kommune: str = ""

    @property
    def ledige(self) -> int:
        return self.vedtak - self.fordelt - self.sokt_ut - self.bosatt

    @property
    def tom(self) -> bool:
        return not (self.vedtak or self.fordelt or self.sokt_ut or self.bosatt)


TELLERE = ("vedtak", "fordelt", "sokt_ut", "bosatt")


def _totalt(rader: list[Oversiktsrad]) -> Oversiktsrad:
    return Oversiktsrad("", "Totalt", *(sum(getattr(r, f) for r in rader) for f in TELLERE))


def bosettingstall(*, aar: int, kommune: Kommune | None = None) -> dict[int, dict[str, Oversiktsrad]]:
    """{kommune id: {category: vedtak, fordelt, søkt ut, bosatt}} for the year, for one kommune or all
    that have a vedtak or a case counting in the year. Two queries however many kommuner and persons.

    A settled person counts in the year of the actual settlement date; søkt ut (and bosettingsnekt,
    where the kommune keeps the offer) in the year of the expected week; fordelt in the current year.
    Unused places are not carried over (seed 000). Minors count by their age on that date.
    """
    idag = timezone.localdate()
    tall: dict[int, dict[str, Oversiktsrad]] = {}

    def rad(kommune_id: int, kategori: str) -> Oversiktsrad:
        rader = tall.get(kommune_id)
        if rader is None:
            rader = tall[kommune_id] = {k: Oversiktsrad(k, navn) for k, navn in Kategori.choices}
        return rader[kategori]

    vedtak = _vedtakstall(aar)
    if kommune is not None:
        vedtak = vedtak.filter(vedtak__anmodning__kommune=kommune)
        rad(kommune.pk, Kategori.VOKSNE)  # the kommune's rows exist even when it has nothing this year
    per_kategori = vedtak.values_list("vedtak__anmodning__kommune_id", "kategori").annotate(Sum("antall"))
    for kommune_id, kategori, antall in per_kategori.order_by():
        rad(kommune_id, kategori).vedtak += antall

    for kommune_id, status, persontype, dato, fodt, antall in _saker_per_gruppe(aar, kommune, idag):
        r = rad(kommune_id, _kategori(persontype, fodt, dato or idag))
        if status == Saksstatus.BOSATT:
            r.bosatt += antall
        elif status == Saksstatus.FORDELT:
            r.fordelt += antall
        else:
            r.sokt_ut += antall
    return tall


def _saker_per_gruppe(aar: int, kommune: Kommune | None, idag: date):
    """The cases counting in the year, counted in the database: (kommune, status, person type, date, born,
    number). Settled in the year of the settlement date; søkt ut and bosettingsnekt (where the kommune keeps
    the offer) in the year of the expected week; fordelt in the current year. Grouped by kommune, status and
    person type, and only for minors also by the two dates their category depends on (`_kategori`: the age
    at that date), so adults make one row per kommune, status and type however many they are, and the
    national report reads ~4,000 rows, not 25,000."""
    aaret = (date(aar, 1, 1), date(aar, 12, 31))
    teller = Q(status=Saksstatus.BOSATT, bosettingsdato__range=aaret) | Q(
        status__in=(Saksstatus.SOKT_UT, Saksstatus.BOSETTINGSNEKT), forventet_uke__range=aaret
    )
    if aar == idag.year:
        teller |= Q(status=Saksstatus.FORDELT)
    saker = Bosettingssak.objects.filter(teller)
    if kommune is not None:
        saker = saker.filter(kommune=kommune)
    em = Q(person__persontype__in=EM_TYPER)
    return (
        saker.values_list(
            "kommune_id",
            "status",
            "person__persontype",
            Case(When(em, then=Coalesce("bosettingsdato", "forventet_uke"))),
            Case(When(em, then="person__fodselsdato")),
        )
        .annotate(antall=Count("*"))
        .order_by()
    )


def oversikt_bosetting(kommune: Kommune, aar: int) -> tuple[list[Oversiktsrad], Oversiktsrad]:
    """Per category for the year: vedtak, fordelt, søkt ut, bosatt and ledige plasser (the rules are
    `bosettingstall`'s)."""
    liste = list(bosettingstall(aar=aar, kommune=kommune)[kommune.pk].values())
    return liste, _totalt(liste)


def rapport_bosetting(*, aar: int, kategori: str = "") -> tuple[list[Oversiktsrad], Oversiktsrad]:
    """«Bosettingsrapport for hele landet»: per kommune (by name) and category, the numbers of Oversikt
    bosetting; rows where every number is zero are left out. Aggregates only, no persons."""
    tall = bosettingstall(aar=aar)
    # Every kommune's name and number in one query (a few hundred short rows), the same query whatever the
    # year holds, so the report's query count never depends on the data.
    kommuner = Kommune.objects.order_by("navn", "nummer").values_list("pk", "nummer", "navn")
    liste = []
    for kommune_id, nummer, navn in kommuner:
        for r in tall.get(kommune_id, {}).values():
            if (not kategori or r.kategori == kategori) and not r.tom:
                r.kommunenummer, r.kommune = nummer, navn
                liste.append(r)
    return liste, _totalt(liste)


def _aammdd(felt: str):
    """A date as the number yyyymmdd: whole years between two dates are (later − earlier) // 10000."""
    return ExtractYear(felt) * 10000 + ExtractMonth(felt) * 100 + ExtractDay(felt)


def kategori_uttrykk(dato: str) -> Case:
    """`_kategori` in the database, for the row's person at its date field `dato`, so a report filters and
    pages on the category: under 15 is (dato − born, both as yyyymmdd) < 150000, the whole years `_kategori`
    counts (a birthday on 29 February is reached on 1 March)."""
    return Case(
        When(~Q(person__persontype__in=EM_TYPER), then=Value(Kategori.VOKSNE)),
        When(
            LessThan(_aammdd(dato) - _aammdd("person__fodselsdato"), 150000),
            then=Value(Kategori.EM_UNDER_15),
        ),
        default=Value(Kategori.EM_15_18),
    )


@dataclass(slots=True)
class Bosatt:
    person_id: int  # not a column: the report's reads are logged per person
    duf: str
    etternavn: str
    fornavn: str
    fodselsdato: date
    kjonn: str
    statsborgerskap: str
    sakstype: str
    kategori: str
    bosettingsdato: date


BOSATTE_FELT = (
    "person_id",
    "person__duf_nummer",
    "person__etternavn",
    "person__fornavn",
    "person__mellomnavn",
    "person__fodselsdato",
    "person__kjonn",
    "person__statsborgerskap",
    "person__sakstype",
    "kategori",
    "bosettingsdato",
)
BOSATTE_SEKSJON = "Spesialisert bosettingsrapport"
BOSATTE_PER_SIDE = 50
BOSATTE_BUNKE = 2000  # persons read per query for a download
_KJONN, _SAKSTYPE = dict(Person.Kjonn.choices), dict(Person.Sakstype.choices)
_KATEGORI = dict(Kategori.choices)


def rapport_bosatte(*, kommune: Kommune, aar: int, kategori: str = "") -> QuerySet:
    """«Spesialisert bosettingsrapport»: everyone settled in the kommune with a settlement date in the
    year, in the category they count in (age at the settlement date), by name; filtered, sorted and counted
    in the database. Not yet read: names, so callers must have checked the Bosetter role and read it through
    `bosatte_side` or `bosatte_alle`, which log the persons read (`innsyn.les`)."""
    saker = Bosettingssak.objects.filter(
        kommune=kommune, status=Saksstatus.BOSATT, bosettingsdato__year=aar
    ).annotate(kategori=kategori_uttrykk("bosettingsdato"))
    if kategori:
        saker = saker.filter(kategori=kategori)
    return saker.order_by("person__etternavn", "person__fornavn", "bosettingsdato", "pk").values_list(
        *BOSATTE_FELT
    )


def _bosatt(rad: tuple) -> Bosatt:
    person_id, duf, etternavn, fornavn, mellomnavn, fodt, kjonn, land, sakstype, kategori, dato = rad
    return Bosatt(
        person_id=person_id,
        duf=duf_formater(duf),
        etternavn=etternavn,
        fornavn=" ".join(n for n in (fornavn, mellomnavn) if n),
        fodselsdato=fodt,
        kjonn=_KJONN.get(kjonn, kjonn),
        statsborgerskap=land,
        sakstype=_SAKSTYPE.get(sakstype, sakstype),
        kategori=_KATEGORI[kategori],
        bosettingsdato=dato,
    )


def bosatte_side(saker: QuerySet, nr: int | None) -> Page:
    """Page `nr` of the report (past the end: the last page): a count and the page's rows, two queries
    however many are settled; only the persons on the page are logged as read."""
    side = Paginator(saker, BOSATTE_PER_SIDE).get_page(nr)
    side.object_list = [_bosatt(r) for r in side.object_list]
    innsyn_les([r.person_id for r in side.object_list], BOSATTE_SEKSJON)
    return side


def bosatte_alle(saker: QuerySet) -> Iterator[Bosatt]:
    """Every row of the report, for a download. First the persons, in the report's order (one query of their
    ids), are logged as read: the middleware writes them in one insert before the file's first byte leaves.
    Then the rows are read `BOSATTE_BUNKE` persons at a time as the file is written (a query per batch, by
    id), never held whole: the persons exported are exactly those logged (one changed meanwhile, no longer
    in the selection, is left out)."""
    ider = list(saker.values_list("person_id", flat=True))
    innsyn_les(ider, BOSATTE_SEKSJON)
    return _i_bunker(saker, ider)


def _i_bunker(saker: QuerySet, ider: list[int]) -> Iterator[Bosatt]:
    for i in range(0, len(ider), BOSATTE_BUNKE):
        bunke = ider[i : i + BOSATTE_BUNKE]
        rader = {r[0]: r for r in saker.filter(person_id__in=bunke).order_by()}
        yield from (_bosatt(rader[p]) for p in bunke if p in rader)


def rapport_anmodninger_og_vedtak(*, aar: int, kommune: Kommune | None = None) -> list[dict]:
    """Per kommune and category for the year: requested and decided (the «Anmodninger og vedtak» report)."""
    anmodet = AnmodningTall.objects.filter(aar=aar).exclude(anmodning__status=Anmodning.Status.UTKAST)
    vedtatt_qs = _vedtakstall(aar)
    if kommune is not None:
        anmodet = anmodet.filter(anmodning__kommune=kommune)
        vedtatt_qs = vedtatt_qs.filter(vedtak__anmodning__kommune=kommune)
    tabell: dict[tuple, dict] = {}

    def rad(kommune_id, nummer, navn, kategori):
        return tabell.setdefault(
            (navn, kommune_id, kategori),
            {
                "kommunenummer": nummer,
                "kommune": navn,
                "kategori": Kategori(kategori).label,
                "anmodet": 0,
                "vedtatt": 0,
            },
        )

    for k_id, nr, navn, kat, antall in anmodet.values_list(
        "anmodning__kommune_id",
        "anmodning__kommune__nummer",
        "anmodning__kommune__navn",
        "kategori",
        "antall",
    ):
        rad(k_id, nr, navn, kat)["anmodet"] += antall
    for k_id, nr, navn, kat, antall in vedtatt_qs.values_list(
        "vedtak__anmodning__kommune_id",
        "vedtak__anmodning__kommune__nummer",
        "vedtak__anmodning__kommune__navn",
        "kategori",
        "antall",
    ):
        rad(k_id, nr, navn, kat)["vedtatt"] += antall
    return [tabell[k] for k in sorted(tabell)]
