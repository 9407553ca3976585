"""Reads for the kommune's pages: anmodninger scoped to the user's kommune, Oversikt bosetting."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from imdinett.organisasjoner.models import Kommune
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import er_imdi, organisasjoner_med_rolle
from imdinett.personer.models import Bosettingssak, Person

from .models import Anmodning, AnmodningTall, Kategori, Vedtak, VedtakTall

ANMODER_LES = (Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES)
KOMMUNE_LES = (
    *ANMODER_LES,
    Rolle.KOMMUNE_BOSETTER_SKRIV,
    Rolle.KOMMUNE_BOSETTER_LES,
    Rolle.KOMMUNEADMINISTRATOR,
)
S = Bosettingssak.Status
APNE_STATUSER = (Anmodning.Status.IKKE_SVART, Anmodning.Status.PURRET, Anmodning.Status.RETURNERT)


def kommune_sok(tekst: str):
    """Kommuner and bydeler by name or number; all of them when the search is empty."""
    qs = Kommune.objects.select_related("overordnet").order_by("navn")
    tekst = tekst.strip()
    if tekst:
        qs = qs.filter(Q(navn__icontains=tekst) | Q(nummer__startswith=tekst) | Q(fylke__icontains=tekst))
    return qs


def mine_kommuner(bruker) -> list[int]:
    return sorted(organisasjoner_med_rolle(bruker, *KOMMUNE_LES))


def access_kommune(bruker, kommune_id: int, *roller: Rolle) -> Kommune:
    """The user's own kommune when they hold one of `roller` there (IMDi: any), else 404."""
    if not (er_imdi(bruker) or kommune_id in organisasjoner_med_rolle(bruker, *roller)):
        raise Http404
    return Kommune.objects.get(pk=kommune_id)


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


def vedtatt(kommune: Kommune, aar: int, *, unntatt: Anmodning | None = None) -> dict[str, int]:
    """Places already decided by the kommune for the year, per category (returned vedtak excluded)."""
    qs = VedtakTall.objects.filter(vedtak__anmodning__kommune=kommune, vedtak__aar=aar).exclude(
        vedtak__status=Vedtak.Status.RETURNERT
    )
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
    if person.persontype in (Person.Persontype.ENSLIG_MINDREAARIG, Person.Persontype.EM_MED_FOLGEPERSON):
        return Kategori.EM_UNDER_15 if person.alder(dato) < 15 else Kategori.EM_15_18
    return Kategori.VOKSNE


@dataclass
class Oversiktsrad:
    kategori: str
    navn: str
    vedtak: int = 0
    fordelt: int = 0
    sokt_ut: int = 0
    bosatt: int = 0

    @property
    def ledige(self) -> int:
        return self.vedtak - self.fordelt - self.sokt_ut - self.bosatt


def oversikt_bosetting(kommune: Kommune, aar: int) -> tuple[list[Oversiktsrad], Oversiktsrad]:
    """Per category for the year: vedtak, fordelt, søkt ut, bosatt and ledige plasser.

    A settled person counts in the year of the actual settlement date; søkt ut in the year of the
    expected week; fordelt in the current year. Unused places are not carried over (seed 000).
    """
    rader = {k: Oversiktsrad(k, navn) for k, navn in Kategori.choices}
    for kategori, antall in vedtatt(kommune, aar).items():
        rader[kategori].vedtak = antall
    idag = timezone.localdate()
    saker = (
        Bosettingssak.objects.filter(kommune=kommune)
        .filter(
            Q(status=S.BOSATT, bosettingsdato__year=aar)
            | Q(status__in=(S.SOKT_UT, S.BOSETTINGSNEKT), forventet_uke__year=aar)
            | (Q(status=S.FORDELT) if aar == idag.year else Q(pk__in=[]))
        )
        .select_related("person")
    )
    for sak in saker:
        dato = sak.bosettingsdato or sak.forventet_uke or idag
        rad = rader[kategori_for(sak.person, dato)]
        if sak.status == S.BOSATT:
            rad.bosatt += 1
        elif sak.status == S.FORDELT:
            rad.fordelt += 1
        else:
            rad.sokt_ut += 1
    liste = list(rader.values())
    total = Oversiktsrad(
        "", "Totalt", *(sum(getattr(r, f) for r in liste) for f in ("vedtak", "fordelt", "sokt_ut", "bosatt"))
    )
    return liste, total


def rapport_anmodninger_og_vedtak(*, aar: int, kommune: Kommune | None = None) -> list[dict]:
    """Per kommune and category for the year: requested and decided (the «Anmodninger og vedtak» report)."""
    anmodet = AnmodningTall.objects.filter(aar=aar).exclude(anmodning__status=Anmodning.Status.UTKAST)
    vedtatt_qs = VedtakTall.objects.filter(vedtak__aar=aar).exclude(vedtak__status=Vedtak.Status.RETURNERT)
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
