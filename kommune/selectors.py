"""Reads for the kommune's pages: anmodninger scoped to the user's kommune, Oversikt bosetting, reports."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Prefetch, Q, Sum, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

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


@dataclass
class Bosatt:
    duf: str
    etternavn: str
    fornavn: str
    fodselsdato: date
    kjonn: str
    statsborgerskap: str
    sakstype: str
    kategori: str
    bosettingsdato: date
    person_id: int  # not a column: the report's reads are logged per person


def rapport_bosatte(*, kommune: Kommune, aar: int, kategori: str = "") -> list[Bosatt]:
    """«Spesialisert bosettingsrapport»: everyone settled in the kommune with a settlement date in the
    year, in the category they count in (age at the settlement date). Names: callers must have checked
    the Bosetter role; every person in it is logged as read (`innsyn.les`), on the page and in the exports."""
    saker = (
        Bosettingssak.objects.filter(kommune=kommune, status=Saksstatus.BOSATT, bosettingsdato__year=aar)
        .select_related("person")
        .order_by("person__etternavn", "person__fornavn", "bosettingsdato", "pk")
    )
    ut = []
    for sak in saker:
        p = sak.person
        k = kategori_for(p, sak.bosettingsdato)
        if kategori and k != kategori:
            continue
        ut.append(
            Bosatt(
                duf=p.duf_formatert,
                etternavn=p.etternavn,
                fornavn=" ".join(n for n in (p.fornavn, p.mellomnavn) if n),
                fodselsdato=p.fodselsdato,
                kjonn=p.get_kjonn_display(),
                statsborgerskap=p.statsborgerskap,
                sakstype=p.get_sakstype_display(),
                kategori=Kategori(k).label,
                bosettingsdato=sak.bosettingsdato,
                person_id=p.pk,
            )
        )
    innsyn_les([r.person_id for r in ut], "Spesialisert bosettingsrapport")
    return ut


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
