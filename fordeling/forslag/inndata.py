"""The input of a Fordelingsforslag, read from the database (`forslag_grunnlag`): the solver's households and
kommuner (`modell`) and what IMDi's suggestion page shows of them."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from imdinett.personer.models import Bosettingsinformasjon, Bosettingssak, Person
from imdinett.uker import mandag, uke_tekst
from innmelding.models import Innmelding
from innmelding.selectors import AKTIVE as AKTIVE_INNMELDINGER
from innmelding.selectors import GJELDENDE as GJELDENDE_INNMELDINGER
from kommune.models import Kategori
from kommune.selectors import bosettingstall, kategori_for, kommuner_med_vedtak

from ..models import Fordelingslinje, Fordelingsliste
from ..selectors.visning import AVSLUTTEDE, SYNLIGE_FOR_KOMMUNEN, samtale_for
from . import modell as fs

Saksstatus = Bosettingssak.Status
Listestatus = Fordelingsliste.Status
Persontype = Person.Persontype

# «Bestemte personer» with these ties bind IMDi's choice (seed 002: binding for the choice of kommune);
# «Nær familie» guides it (veiledende).
BINDENDE_TILKNYTNING = (
    Innmelding.Tilknytning.AVTALT_SELVBOSETTING,
    Innmelding.Tilknytning.ARBEIDSKONTRAKT,
    Innmelding.Tilknytning.STUDIEPLASS,
    Innmelding.Tilknytning.AMOT,
)
FORSLAG_UKER = 8  # «Antall plasser» counts for the coming eight weeks


@dataclass
class ForslagHusstand:
    """A fordelingsklar household as IMDi's suggestion page shows it."""

    id: int
    reg_nr: str
    beskrivelse: str
    mottak: str
    fordelingsklar_fra: date | None
    ventedager: int
    kategori: str
    tilknytning: str = ""
    saerlig_hensyn: bool = False
    utkast: str = ""  # the draft list it is already on


@dataclass
class ForslagKommune:
    id: int
    navn: str
    nummer: str
    vedtak: tuple[int, int, int]
    brukt: tuple[int, int, int]
    boliger: str = ""

    @property
    def ledige(self) -> tuple[int, int, int]:
        return tuple(max(v - b, 0) for v, b in zip(self.vedtak, self.brukt, strict=True))

    @property
    def andel(self) -> float:
        return sum(self.brukt) / sum(self.vedtak) if sum(self.vedtak) else 0.0


@dataclass
class Forslagsgrunnlag:
    aar: int
    husstander: list[fs.Husstand]
    kommuner: list[fs.Kommune]
    husstandsvisning: dict[int, ForslagHusstand]
    kommunevisning: dict[int, ForslagKommune]


def _husstandsbeskrivelse(medlemmer: list[Person], idag: date) -> str:
    navn = medlemmer[0].etternavn
    em = next(
        (
            p
            for p in medlemmer
            if p.persontype in (Persontype.ENSLIG_MINDREAARIG, Persontype.EM_MED_FOLGEPERSON)
        ),
        None,
    )
    if em is not None and len(medlemmer) > 1:
        return f"{em.navn}, enslig mindreårig ({em.alder(idag)} år) med følgeperson"
    if len(medlemmer) == 1:
        p = medlemmer[0]
        return f"{p.navn}, {p.get_persontype_display().lower()} ({p.alder(idag)} år)"
    barn = sum(1 for p in medlemmer if p.alder(idag) < 18)
    voksne = len(medlemmer) - barn
    deler = [f"{voksne} voksen" if voksne == 1 else f"{voksne} voksne"]
    if barn:
        deler.append(f"{barn} barn")
    return f"{navn}, {len(medlemmer)} personer ({', '.join(deler)})"


def fordelingsklare():
    """The fordelingsklare households (every member with an open case fordelingsklar, as `forslag_grunnlag`
    counts them) as rows {husstand_id, reg_nr, fra}, longest waiting first: for the order page's paging and the
    selection's lookups, without building every household."""
    return (
        Bosettingssak.objects.exclude(status__in=AVSLUTTEDE)
        .values(husstand_id=F("person__husstand_id"), reg_nr=F("person__husstand__reg_nr"))
        .annotate(
            fra=Min("fordelingsklar_fra"), andre=Count("pk", filter=~Q(status=Saksstatus.FORDELINGSKLAR))
        )
        .filter(andre=0)
        .order_by(F("fra").asc(nulls_last=True), "reg_nr")
    )


def forslag_grunnlag(
    *,
    husstand_ider: set[int] | None = None,
    kommune_ider: set[int] | None = None,
    idag: date | None = None,
) -> Forslagsgrunnlag:
    """The input of a Fordelingsforslag from the database, in a fixed number of queries: the fordelingsklare
    households (all members with an open case fordelingsklar; `husstand_ider` narrows) with their categories,
    ties and særlig hensyn; the kommuner with a vedtak this year (`kommune_ider` narrows) with what they have
    received, their open «Ledige boliger» and the coming weeks' «Antall plasser»."""
    idag = idag or timezone.localdate()
    aar = idag.year
    klare = Bosettingssak.objects.filter(status=Saksstatus.FORDELINGSKLAR).values("person__husstand_id")
    personer = (
        Person.objects.filter(husstand_id__in=klare, bosettingssak__isnull=False)
        .exclude(bosettingssak__status__in=AVSLUTTEDE)
        .select_related(
            "husstand", "bosettingssak", "samtale", "mottak", "bosettingsinformasjon__bindende_kommune"
        )
        .order_by("husstand_id", "fodselsdato", "pk")
    )
    if husstand_ider is not None:
        personer = personer.filter(husstand_id__in=husstand_ider)
    per_husstand: dict[int, list[Person]] = defaultdict(list)
    for p in personer:
        per_husstand[p.husstand_id].append(p)
    per_husstand = {
        hid: m
        for hid, m in per_husstand.items()
        if all(p.bosettingssak.status == Saksstatus.FORDELINGSKLAR for p in m)
    }
    person_ider = [p.pk for m in per_husstand.values() for p in m]
    bestemte = defaultdict(list)
    for innmelding in (
        Innmelding.objects.filter(
            type=Innmelding.Type.BESTEMT_PERSON, status__in=GJELDENDE_INNMELDINGER, person_id__in=person_ider
        )
        .select_related("kommune")
        .order_by("sendt")
    ):
        bestemte[innmelding.person_id].append(innmelding)
    pa_utkast = dict(
        Fordelingslinje.objects.filter(
            liste__status=Listestatus.UTKAST, person__husstand_id__in=per_husstand
        ).values_list("person__husstand_id", "liste__navn")
    )

    tall = bosettingstall(aar=aar)
    kategorier = list(Kategori.values)

    def tre(rader, felt) -> tuple[int, int, int]:
        return tuple(getattr(rader[k], felt) for k in kategorier)

    kommunerader = [k for k in kommuner_med_vedtak(aar) if kommune_ider is None or k[0] in kommune_ider]
    med_vedtak = [kid for kid, _, _ in kommunerader]
    fra = mandag(idag)
    til = fra + timedelta(weeks=FORSLAG_UKER)
    boliger = defaultdict(list)
    plasser = defaultdict(Counter)  # kommune id -> {særlig hensyn: the coming weeks' «Antall plasser»}
    for i in (
        Innmelding.objects.filter(kommune_id__in=med_vedtak)
        .filter(
            Q(type=Innmelding.Type.LEDIG_BOLIG, status__in=AKTIVE_INNMELDINGER)
            | Q(
                type=Innmelding.Type.ANTALL_PLASSER,
                status__in=GJELDENDE_INNMELDINGER,
                forventet_uke__gte=fra,
                forventet_uke__lt=til,
            )
        )
        .order_by("forventet_uke", "pk")
    ):
        if i.type == Innmelding.Type.ANTALL_PLASSER:
            plasser[i.kommune_id][i.saerlig_hensyn] += i.antall or 0
            continue
        kategori = {Innmelding.EmAlder.UNDER_15: fs.EM_UNDER_15, Innmelding.EmAlder.FRA_15: fs.EM_15_18}.get(
            i.em_alder, fs.VOKSNE
        )
        boliger[i.kommune_id].append(
            fs.Bolig(i.boligtype, i.antall or 1, i.pk, kategori, i.saerlig_hensyn, i.uke_tekst)
        )
    sokt_ut = dict(
        Bosettingssak.objects.filter(
            kommune_id__in=med_vedtak,
            status=Saksstatus.SOKT_UT,
            forventet_uke__gte=fra,
            forventet_uke__lt=til,
        )
        .values_list("kommune_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sist = dict(
        Fordelingsliste.objects.filter(
            kommune_id__in=med_vedtak, status__in=SYNLIGE_FOR_KOMMUNEN, sendt__year=aar
        )
        .values_list("kommune_id")
        .annotate(sist=Max("sendt"))
        .order_by()
    )
    periode = f"{uke_tekst(fra)}–{uke_tekst(til - timedelta(weeks=1))}"
    kommuner, kommunevisning = [], {}
    for kid, navn, nummer in kommunerader:
        vanlige = max(plasser[kid][False] - sokt_ut.get(kid, 0), 0)
        egne = list(boliger[kid])
        if vanlige:
            egne.append(fs.Bolig(fs.ANTALL_PLASSER, vanlige, None, tekst=periode))
        if plasser[kid][True]:
            egne.append(
                fs.Bolig(fs.ANTALL_PLASSER, plasser[kid][True], None, saerlig_hensyn=True, tekst=periode)
            )
        dager = (idag - timezone.localdate(sist[kid])).days if kid in sist else None
        k = fs.Kommune(kid, navn, tre(tall[kid], "vedtak"), _brukt(tall[kid], kategorier), tuple(egne), dager)
        kommuner.append(k)
        kommunevisning[kid] = ForslagKommune(
            kid, navn, nummer, k.vedtak, k.brukt, "; ".join(_boligvisning(b) for b in egne)
        )
    kommunenavn = {i.kommune_id: i.kommune.navn for liste in bestemte.values() for i in liste}
    for medlemmer in per_husstand.values():
        for p in medlemmer:
            info = _info(p)
            if info and info.bindende_kommune_id:
                kommunenavn[info.bindende_kommune_id] = info.bindende_kommune.navn
    husstander, husstandsvisning = [], {}
    for hid, medlemmer in per_husstand.items():
        h, visning = _forslag_husstand(hid, medlemmer, bestemte, kommunenavn, idag)
        visning.utkast = pa_utkast.get(hid, "")
        husstander.append(h)
        husstandsvisning[hid] = visning
    return Forslagsgrunnlag(aar, husstander, kommuner, husstandsvisning, kommunevisning)


def _brukt(rader, kategorier) -> tuple[int, int, int]:
    """What counts against the year's vedtak: fordelt + søkt ut + bosatt (kommune.selectors.bosettingstall)."""
    return tuple(rader[k].fordelt + rader[k].sokt_ut + rader[k].bosatt for k in kategorier)


def _info(person: Person):
    try:
        return person.bosettingsinformasjon
    except Bosettingsinformasjon.DoesNotExist:
        return None


def _boligvisning(b) -> str:
    sh = " (særlig hensyn)" if b.saerlig_hensyn else ""
    if b.type == fs.FAMILIEBOLIG:
        return f"Familiebolig for {b.plasser}{sh}"
    if b.type == fs.BOFELLESSKAP:
        return f"Bofellesskap, {b.plasser} plasser{sh}"
    if b.type == fs.EM_TILTAK:
        return f"EM-tiltak, {b.plasser} plasser{sh}"
    return f"Antall plasser: {b.plasser} ({b.tekst}){sh}"


def _forslag_husstand(hid, medlemmer: list[Person], bestemte, kommunenavn, idag: date):
    """One household as the solver's Husstand and as the page shows it."""
    behov = [0, 0, 0]
    for p in medlemmer:
        behov[list(Kategori.values).index(kategori_for(p, idag))] += 1
    barn = len(medlemmer) > 1 and any(
        p.persontype == Persontype.FAMILIEMEDLEM and p.alder(idag) < 18 for p in medlemmer
    )
    fra = min(
        (p.bosettingssak.fordelingsklar_fra for p in medlemmer if p.bosettingssak.fordelingsklar_fra),
        default=None,
    )
    ventedager = (idag - timezone.localdate(fra)).days if fra else 0
    bindende: dict[int, str] = {}
    veiledende = innmelding_id = None
    for p in medlemmer:
        info = _info(p)
        if info and info.bindende_kommune_id:
            bindende.setdefault(info.bindende_kommune_id, info.get_bindende_type_display())
        if info and info.veiledende_kommune_id and veiledende is None:
            veiledende = info.veiledende_kommune_id
    for p in medlemmer:
        for i in bestemte.get(p.pk, []):
            if i.tilknytning in BINDENDE_TILKNYTNING:
                if i.kommune_id not in bindende:
                    bindende[i.kommune_id] = f"Innmelding «Bestemte personer»: {i.get_tilknytning_display()}"
                innmelding_id = innmelding_id or i.pk
            elif veiledende is None or veiledende == i.kommune_id:
                veiledende, innmelding_id = i.kommune_id, innmelding_id or i.pk
    if veiledende is None:  # the interview's tie (friends or family in a kommune) guides too
        veiledende = next(
            (p.samtale.tilknytning_kommune_id for p in medlemmer if samtale_for(p).tilknytning_kommune_id),
            None,
        )
    bindende_kommune, grunn = next(iter(bindende.items()), (None, ""))
    saerlig = any(samtale_for(p).saerlig_hensyn for p in medlemmer)
    reg_nr = medlemmer[0].husstand.reg_nr
    h = fs.Husstand(
        hid,
        tuple(behov),
        barn=barn,
        ventedager=ventedager,
        bindende_kommune=bindende_kommune,
        bindende_grunn=grunn,
        bindende_andre=tuple(k for k in bindende if k != bindende_kommune),
        bindende_kommunenavn=kommunenavn.get(bindende_kommune, ""),
        veiledende_kommune=veiledende,
        saerlig_hensyn=saerlig,
        innmelding_id=innmelding_id,
        navn=f"Reg-nr {reg_nr}",
    )
    tilknytning = ""
    if bindende_kommune:
        tilknytning = f"Bindende: {kommunenavn.get(bindende_kommune, '')} ({grunn.lower()})"
    kategori = ", ".join(f"{fs.KATEGORINAVN[c]}: {n}" for c, n in enumerate(behov) if n)
    visning = ForslagHusstand(
        hid,
        reg_nr,
        _husstandsbeskrivelse(medlemmer, idag),
        medlemmer[0].mottak.navn if medlemmer[0].mottak_id else "",
        timezone.localdate(fra) if fra else None,
        ventedager,
        kategori,
        tilknytning,
        saerlig,
    )
    return h, visning
