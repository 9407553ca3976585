"""Reads for distribution: what the kommune sees of a list (anonymised until it accepts), IMDi's
workbench (fordelingsklare households, free places, innmeldinger, capacity) and Bosettingsdato."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Min, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from imdinett.kompetanse.selectors import Kompetansevisning, kompetanse_fra_prefetch, kompetanse_prefetch
from imdinett.organisasjoner.models import Kommune
from imdinett.personer.innsyn import les as innsyn_les
from imdinett.personer.models import (
    Bosettingsinformasjon,
    Bosettingsmerknad,
    Bosettingssak,
    Bosettingssamtale,
    Person,
    uke_tekst,
)
from imdinett.personer.selectors import persons_visible_to
from imdinett.uker import mandag
from innmelding.models import Innmelding
from innmelding.selectors import AKTIVE as AKTIVE_INNMELDINGER
from innmelding.selectors import GJELDENDE as GJELDENDE_INNMELDINGER
from kommune.models import Kategori
from kommune.selectors import bosettingstall, kategori_for, oversikt_bosetting
from mottak.selectors import feltnavn, mangler

from .models import Fordelingslinje, Fordelingsliste

S = Bosettingssak.Status
L = Fordelingsliste.Status
P = Person.Persontype
SYNLIGE_FOR_KOMMUNEN = (L.SENDT, L.BEKREFTET, L.BESVART)
# Units whose residents are likely in the target group for the extended extra grant (seed 003 §2.5).
SAERSKILTE_ENHETER = (
    Person.Plasstype.TILRETTELAGT,
    Person.Plasstype.SAERSKILT_BO,
    Person.Plasstype.SAERSKILT_PLEIE,
)
# Members whose case has ended are not distributed with their household.
AVSLUTTEDE = (S.AVSLUTTET, S.BOSATT)
# The kommune registers the settlement date itself for these (seed 002 «Registrere bosettingsdato»).
KOMMUNEN_REGISTRERER_DATO = (Person.Sakstype.PRIVATBOENDE, Person.Sakstype.INSTITUSJON, Person.Sakstype.AMOT)


@dataclass
class Svarlinje:
    """A person's line on a list, as the kommune answers it."""

    bosettes: bool
    begrunnelse: str
    forventet_uke: date | None
    innmelding_id: int | None

    @property
    def uke_tekst(self) -> str:
        return uke_tekst(self.forventet_uke)


@dataclass
class Personvisning:
    """One person as the kommune sees them on a list. `person` is set only once the kommune has
    accepted them; until then nothing here identifies the person (no name, DUF, fødselsnummer)."""

    nr: int
    person_id: int
    nasjonalitet: str
    kjonn: str
    alder: int
    boligtype: str
    rolle_i_husstanden: str
    saerskilt_enhet: str
    saerlig_hensyn: bool
    overforingsflyktning: bool
    forste_mulige_uke: date | None
    siste_mulige_uke: date | None
    kategori: str
    detaljer: list[tuple[str, str]]
    kompetanse: Kompetansevisning | None = None  # with its sources; the mottak's notes per theme are in it
    linje: Svarlinje | None = None
    person: Person | None = None
    mangler: list[str] = field(default_factory=list)
    detaljer_vist: bool = False  # the kommune's list: drawn with the page (else fetched when opened)

    @property
    def kjonn_og_alder(self) -> str:
        return f"{self.kjonn}, {self.alder} år"

    @property
    def mulige_uker(self) -> str:
        if self.forste_mulige_uke and self.siste_mulige_uke:
            return f"Mellom {uke_tekst(self.forste_mulige_uke)} og {uke_tekst(self.siste_mulige_uke)}"
        return ""


@dataclass
class Husstandsvisning:
    nr: int
    husstand_id: int
    personer: list[Personvisning]
    fordelingsklar_fra: date | None = None

    @property
    def antall_tekst(self) -> str:
        return f"{len(self.personer)} person" if len(self.personer) == 1 else f"{len(self.personer)} personer"

    @property
    def bosettes(self) -> bool:
        return all(p.linje is None or p.linje.bosettes for p in self.personer)

    @property
    def begrunnelse(self) -> str:
        return next((p.linje.begrunnelse for p in self.personer if p.linje and p.linje.begrunnelse), "")

    @property
    def mangler(self) -> list[str]:
        return [m for p in self.personer for m in p.mangler]


def _ja_nei(verdi) -> str:
    return "" if verdi is None else ("Ja" if verdi else "Nei")


def _samtale(person: Person) -> Bosettingssamtale:
    try:
        return person.samtale
    except Bosettingssamtale.DoesNotExist:
        return Bosettingssamtale(person=person)


# The labels of the person's choice fields, looked up once (get_FOO_display rebuilds its dict on every call,
# and a list draws several per person).
_ETIKETTER = {
    felt: {verdi: str(navn) for verdi, navn in Person._meta.get_field(felt).flatchoices}
    for felt in ("kjonn", "relasjon", "persontype", "plasstype")
}


def _etikett(person: Person, felt: str) -> str:
    verdi = getattr(person, felt)
    return _ETIKETTER[felt].get(verdi, verdi)


def _relasjon(person: Person) -> str:
    if person.relasjon:
        return _etikett(person, "relasjon")
    return _etikett(person, "persontype")


def detaljer(person: Person, husstand: list[Person], idag: date) -> list[tuple[str, str]]:
    """The anonymised settlement information (seed 002 «Vis detaljer», seed 003 §2.4): what the
    kommune needs to prepare, never who the person is. Third parties' names (ties, family in Norway)
    are left out too. Empty answers are skipped."""
    s = _samtale(person)
    sak = person.bosettingssak
    andre = [m for m in husstand if m.pk != person.pk]
    rader = [
        ("Kategori", Kategori(kategori_for(person, idag)).label),
        ("Beskyttelse", person.get_beskyttelse_display()),
        ("Sakstype", person.get_sakstype_display()),
        ("Kommer fra", person.get_plasstype_display() if person.plasstype else ""),
        (
            "Familierelasjoner i husstanden",
            ", ".join(f"{_relasjon(m)} ({m.alder(idag)} år)" for m in andre),
        ),
        ("Første mulige bosettingsuke", uke_tekst(sak.forste_mulige_uke)),
        ("Siste mulige bosettingsuke", uke_tekst(sak.siste_mulige_uke)),
        (
            "Bosettingsmerknad",
            "\n\n".join(m.tekst for m in person.bosettingsmerknader.all()),
        ),
        ("Beboeren ønsker ikke å gi informasjon", "Ja" if s.onsker_ikke_gi_info else ""),
        ("Behov for spesiell tilrettelegging", _ja_nei(s.saerlig_hensyn)),
        ("Tilretteleggingsbehov", s.saerlig_hensyn_beskrivelse if s.saerlig_hensyn else ""),
        ("Venner eller familie i Norge", _ja_nei(s.har_venner_familie)),
        ("Type tilknytning", s.get_tilknytning_type_display() if s.tilknytning_type else ""),
        ("Tilknytning i kommune", s.tilknytning_kommune.navn if s.tilknytning_kommune_id else ""),
        ("Tilhørighet gjennom arbeid eller utdanning", _ja_nei(s.andre_forhold)),
        ("Kan tenke seg å dele bolig", _ja_nei(s.bofellesskap)),
        ("Kjæledyr i Norge", _ja_nei(s.kjaeledyr) + (f": {s.kjaeledyr_beskrivelse}" if s.kjaeledyr else "")),
        ("Bil i Norge", _ja_nei(s.bil_i_norge)),
        (
            "Førerkort",
            _ja_nei(s.forerkort)
            + (f": {s.forerkort_klasser}" if s.forerkort and s.forerkort_klasser else ""),
        ),
        ("Høyeste utdanning", s.get_hoyeste_utdanning_display() if s.hoyeste_utdanning else ""),
        ("Fagfelt", s.utdanning_fagfelt),
        ("Siste yrke", s.siste_yrke),
        ("Engelsk", s.get_engelsk_display() if s.engelsk else ""),
        ("Andre språk", s.andre_sprak),
        ("Utdanning i hjemlandet", s.em_utdanning),
        ("Selvstendighetsgrad", s.get_em_selvstendighet_display() if s.em_selvstendighet else ""),
        ("Begrunnelse for selvstendighetsgrad", s.em_selvstendighet_begrunnelse),
        (
            "Mottakets anbefalte bo- og omsorgsløsning",
            s.get_em_omsorgslosning_display() if s.em_omsorgslosning else "",
        ),
        ("Begrunnelse for anbefalingen", s.em_omsorgslosning_begrunnelse),
        ("Behov for tilrettelegging (EM)", s.em_saerlige_behov),
        ("Vurdering av følgeperson", s.folgeperson_vurdering),
    ]
    return [(navn, verdi) for navn, verdi in rader if verdi]


def _visning(
    nr: int, person: Person, husstand: list[Person], idag: date, med_detaljer: bool = True
) -> Personvisning:
    """One person's row; `med_detaljer=False` leaves out «Vis detaljer» (the details and the competence
    card), which the kommune's list fetches when a person is opened (`_detaljer_for`)."""
    return Personvisning(
        nr=nr,
        person_id=person.pk,
        nasjonalitet=person.statsborgerskap,
        kjonn=_etikett(person, "kjonn"),
        alder=person.alder(idag),
        # Seed 002: family members are «Familiebolig», single adults «Bofellesskap» — decided by household size.
        boligtype="Familiebolig" if len(husstand) > 1 else "Bofellesskap",
        rolle_i_husstanden=_relasjon(person),
        saerskilt_enhet=_etikett(person, "plasstype") if person.plasstype in SAERSKILTE_ENHETER else "",
        saerlig_hensyn=bool(person.saerlig_hensyn),
        overforingsflyktning=person.sakstype == Person.Sakstype.OVERFORINGSFLYKTNING,
        forste_mulige_uke=person.forste_mulige_uke,
        siste_mulige_uke=person.siste_mulige_uke,
        kategori=kategori_for(person, idag),
        detaljer=detaljer(person, husstand, idag) if med_detaljer else [],
        kompetanse=kompetanse_fra_prefetch(person)
        if med_detaljer and hasattr(person, "kompetanseregistreringer")
        else None,
    )


# What a row shows of the case and the interview, annotated on the person (`_visning` reads them): both
# models are wide, and building them for every row of the kommune's list cost more than its query (issue #10).
RADFELT = {
    "forste_mulige_uke": F("bosettingssak__forste_mulige_uke"),
    "siste_mulige_uke": F("bosettingssak__siste_mulige_uke"),
    "saerlig_hensyn": F("samtale__saerlig_hensyn"),  # None without an interview
}

PERSON_RELATERT = (
    "husstand",
    "bosettingssak",
    "samtale",
    "samtale__tilknytning_kommune",
)


def _merknader():
    return Prefetch("bosettingsmerknader", queryset=Bosettingsmerknad.objects.order_by("opprettet"))


def _husstander(
    personer_i_rekkefolge: list[Person], idag: date, med_detaljer: bool = True
) -> list[Husstandsvisning]:
    grupper: dict[int, list[Person]] = defaultdict(list)
    for p in personer_i_rekkefolge:
        grupper[p.husstand_id].append(p)
    ut, nr = [], 0
    for i, medlemmer in enumerate(grupper.values(), start=1):
        visninger = []
        for p in medlemmer:
            nr += 1
            visninger.append(_visning(nr, p, medlemmer, idag, med_detaljer))
        ut.append(Husstandsvisning(i, medlemmer[0].husstand_id, visninger))
    return ut


# ---- the kommune's pages ----


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
    husstander = _husstander(personer, idag, med_detaljer=False)
    person_for = {p.pk: p for p in personer}
    synlige = set()
    if liste.status == L.BESVART:
        synlige = set(persons_visible_to(bruker).filter(pk__in=person_for).values_list("pk", flat=True))
    apne = []
    for h in husstander:
        for v in h.personer:
            p = person_for[v.person_id]
            v.linje = Svarlinje(
                p.linje_bosettes, p.linje_begrunnelse, p.linje_forventet_uke, p.linje_innmelding_id
            )
            if v.linje.bosettes and v.person_id in synlige:
                v.person = p
            if detaljer_for is None or v.nr in detaljer_for:
                apne.append((v, h))
    if apne:
        _detaljer_for(apne, person_for, idag)
    return husstander


def _detaljer_for(
    apne: list[tuple[Personvisning, Husstandsvisning]], personer: dict[int, Person], idag: date
):
    """«Vis detaljer» of the opened persons: their notes and competence in three queries (+ the competence
    rows), whatever the number."""
    fulle = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[v.person_id for v, _ in apne])
        .select_related(*PERSON_RELATERT)
        .prefetch_related(_merknader(), kompetanse_prefetch())
    }
    for v, h in apne:
        medlemmer = [personer[m.person_id] for m in h.personer]
        v.detaljer = detaljer(fulle[v.person_id], medlemmer, idag)
        v.kompetanse = kompetanse_fra_prefetch(fulle[v.person_id])
        v.detaljer_vist = True


# ---- IMDi's workbench ----


def fordelingsklare_husstander(
    *, sok: str = "", valgte: Iterable[int] = (), side: int | str | None = 1, per_side: int = 25
) -> tuple[list[Husstandsvisning], Page]:
    """IMDi's builder: the households already chosen for the list (`valgte`, all of them, whatever their
    status now) and one page of the other households with a fordelingsklar case, the longest waiting first,
    each with what its members still lack for distribution. The page's object_list holds the households.

    The candidates are found as ids only, in one query (a few thousand small rows at national volume), which
    gives both the count and the page; the persons of the chosen and of that one page are fetched once."""
    valgte = set(valgte)
    saker = Bosettingssak.objects.filter(status=S.FORDELINGSKLAR)
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
        .prefetch_related(_merknader(), kompetanse_prefetch())  # the notes counted from here, not per person
        .order_by("fodselsdato")
    )
    personer.sort(key=lambda p: rekkefolge[p.husstand_id])
    husstander = _husstander(personer, timezone.localdate())
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
    beskyttelse the extra questions) left empty — the same rule as «Ferdigstill» (mottak.selectors)."""
    if person.bosettingssak.status != S.FORDELINGSKLAR:
        return [f"{person.navn}: bosettingssaken er «{person.bosettingssak.get_status_display()}»"]
    antall = getattr(person, "n_merknader", None)
    if antall is None:
        antall = person.bosettingsmerknader.count()
    return [f"{person.navn}: {feltnavn(f)}" for f in mangler(person, _samtale(person), antall)]


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


def apne_innmeldinger(kommune):
    return (
        Innmelding.objects.filter(kommune=kommune, status__in=AKTIVE_INNMELDINGER)
        .select_related("person", "kommune")
        .order_by("forventet_uke")
    )


def utkast_husstander(liste: Fordelingsliste) -> dict[int, int | None]:
    """{husstand id: innmelding id} for a draft."""
    return dict(liste.linjer.values_list("person__husstand_id", "innmelding_id"))


# ---- Bosettingsdato ----


def til_bosettingsdato(kommune):
    """Persons the kommune accepted who are not yet settled (seed 002 «Registrer bosettingsdato»)."""
    return (
        Bosettingssak.objects.filter(kommune=kommune, status__in=(S.SOKT_UT, S.BOSETTINGSNEKT))
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


# ---- Fordelingsforslag (issue #9) ----

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
    husstander: list  # forslag.Husstand
    kommuner: list  # forslag.Kommune
    husstandsvisning: dict[int, ForslagHusstand]
    kommunevisning: dict[int, ForslagKommune]


def _husstandsbeskrivelse(medlemmer: list[Person], idag: date) -> str:
    navn = medlemmer[0].etternavn
    em = next((p for p in medlemmer if p.persontype in (P.ENSLIG_MINDREAARIG, P.EM_MED_FOLGEPERSON)), None)
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
    from . import forslag as fs

    idag = idag or timezone.localdate()
    aar = idag.year
    klare = Bosettingssak.objects.filter(status=S.FORDELINGSKLAR).values("person__husstand_id")
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
        if all(p.bosettingssak.status == S.FORDELINGSKLAR for p in m)
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
            liste__status=L.UTKAST, person__husstand_id__in=per_husstand
        ).values_list("person__husstand_id", "liste__navn")
    )

    tall = bosettingstall(aar=aar)
    kategorier = list(Kategori.values)

    def tre(rader, felt) -> tuple[int, int, int]:
        return tuple(getattr(rader[k], felt) for k in kategorier)

    med_vedtak = [kid for kid, rader in tall.items() if sum(r.vedtak for r in rader.values())]
    if kommune_ider is not None:
        med_vedtak = [kid for kid in med_vedtak if kid in kommune_ider]
    kommunerader = (
        Kommune.objects.filter(pk__in=med_vedtak)
        .order_by("navn", "nummer")
        .values_list("pk", "navn", "nummer")
    )
    boliger = defaultdict(list)
    for i in Innmelding.objects.filter(
        kommune_id__in=med_vedtak, type=Innmelding.Type.LEDIG_BOLIG, status__in=AKTIVE_INNMELDINGER
    ).order_by("forventet_uke", "pk"):
        kategori = {Innmelding.EmAlder.UNDER_15: fs.EM_UNDER_15, Innmelding.EmAlder.FRA_15: fs.EM_15_18}.get(
            i.em_alder, fs.VOKSNE
        )
        boliger[i.kommune_id].append(
            fs.Bolig(i.boligtype, i.antall or 1, i.pk, kategori, i.saerlig_hensyn, i.uke_tekst)
        )
    fra = mandag(idag)
    til = fra + timedelta(weeks=FORSLAG_UKER)
    plasser = defaultdict(Counter)
    for kid, antall, sh in Innmelding.objects.filter(
        kommune_id__in=med_vedtak,
        type=Innmelding.Type.ANTALL_PLASSER,
        status__in=GJELDENDE_INNMELDINGER,
        forventet_uke__gte=fra,
        forventet_uke__lt=til,
    ).values_list("kommune_id", "antall", "saerlig_hensyn"):
        plasser[kid][sh] += antall or 0
    sokt_ut = dict(
        Bosettingssak.objects.filter(
            kommune_id__in=med_vedtak, status=S.SOKT_UT, forventet_uke__gte=fra, forventet_uke__lt=til
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
        h, visning = _forslag_husstand(hid, medlemmer, bestemte, kommunenavn, idag, fs)
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
    from . import forslag as fs

    sh = " (særlig hensyn)" if b.saerlig_hensyn else ""
    if b.type == fs.FAMILIEBOLIG:
        return f"Familiebolig for {b.plasser}{sh}"
    if b.type == fs.BOFELLESSKAP:
        return f"Bofellesskap, {b.plasser} plasser{sh}"
    if b.type == fs.EM_TILTAK:
        return f"EM-tiltak, {b.plasser} plasser{sh}"
    return f"Antall plasser: {b.plasser} ({b.tekst}){sh}"


def _forslag_husstand(hid, medlemmer: list[Person], bestemte, kommunenavn, idag: date, fs):
    """One household as the solver's Husstand and as the page shows it."""
    behov = [0, 0, 0]
    for p in medlemmer:
        behov[list(Kategori.values).index(kategori_for(p, idag))] += 1
    barn = len(medlemmer) > 1 and any(
        p.persontype == P.FAMILIEMEDLEM and p.alder(idag) < 18 for p in medlemmer
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
            (p.samtale.tilknytning_kommune_id for p in medlemmer if _samtale(p).tilknytning_kommune_id), None
        )
    bindende_kommune, grunn = next(iter(bindende.items()), (None, ""))
    saerlig = any(_samtale(p).saerlig_hensyn for p in medlemmer)
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
