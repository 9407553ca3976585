"""Reads for distribution: what the kommune sees of a list (anonymised until it accepts), IMDi's
workbench (fordelingsklare households, free places, innmeldinger, capacity) and Bosettingsdato."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Bosettingsmerknad, Bosettingssak, Bosettingssamtale, Person, uke_tekst
from imdinett.personer.selectors import persons_visible_to
from innmelding.models import Innmelding
from innmelding.selectors import AKTIVE as AKTIVE_INNMELDINGER
from kommune.models import Kategori
from kommune.selectors import kategori_for, oversikt_bosetting
from mottak.selectors import feltnavn, mangler

from .models import Fordelingslinje, Fordelingsliste

S = Bosettingssak.Status
L = Fordelingsliste.Status
P = Person.Persontype
LES_ROLLER = (
    Rolle.KOMMUNE_BOSETTER_SKRIV,
    Rolle.KOMMUNE_BOSETTER_LES,
    Rolle.KOMMUNE_ANMODER_SKRIV,
    Rolle.KOMMUNE_ANMODER_LES,
)
SVAR_ROLLER = (Rolle.KOMMUNE_BOSETTER_SKRIV,)
BOSETTER_ROLLER = (Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES)  # they reach the persons
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
    linje: Fordelingslinje | None = None
    person: Person | None = None
    mangler: list[str] = field(default_factory=list)

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


def _relasjon(person: Person) -> str:
    if person.relasjon:
        return person.get_relasjon_display()
    return person.get_persontype_display()


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
        ("Kompetanse: språk", s.merknad_sprak),
        ("Kompetanse: yrke", s.merknad_yrke),
        ("Kompetanse: utdanning", s.merknad_utdanning),
        ("Kompetanse: andre ferdigheter", s.merknad_andre_ferdigheter),
        ("Kompetanse: interesser", s.merknad_interesser),
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


def _visning(nr: int, person: Person, husstand: list[Person], idag: date) -> Personvisning:
    samtale = _samtale(person)
    sak = person.bosettingssak
    return Personvisning(
        nr=nr,
        person_id=person.pk,
        nasjonalitet=person.statsborgerskap,
        kjonn=person.get_kjonn_display(),
        alder=person.alder(idag),
        # Seed 002: family members are «Familiebolig», single adults «Bofellesskap» — decided by household size.
        boligtype="Familiebolig" if len(husstand) > 1 else "Bofellesskap",
        rolle_i_husstanden=_relasjon(person),
        saerskilt_enhet=person.get_plasstype_display() if person.plasstype in SAERSKILTE_ENHETER else "",
        saerlig_hensyn=bool(samtale.saerlig_hensyn),
        overforingsflyktning=person.sakstype == Person.Sakstype.OVERFORINGSFLYKTNING,
        forste_mulige_uke=sak.forste_mulige_uke,
        siste_mulige_uke=sak.siste_mulige_uke,
        kategori=kategori_for(person, idag),
        detaljer=detaljer(person, husstand, idag),
    )


PERSON_RELATERT = (
    "husstand",
    "bosettingssak",
    "samtale",
    "samtale__tilknytning_kommune",
)


def _merknader():
    return Prefetch("bosettingsmerknader", queryset=Bosettingsmerknad.objects.order_by("opprettet"))


def _husstander(personer_i_rekkefolge: list[Person], idag: date) -> list[Husstandsvisning]:
    grupper: dict[int, list[Person]] = defaultdict(list)
    for p in personer_i_rekkefolge:
        grupper[p.husstand_id].append(p)
    ut, nr = [], 0
    for i, medlemmer in enumerate(grupper.values(), start=1):
        visninger = []
        for p in medlemmer:
            nr += 1
            visninger.append(_visning(nr, p, medlemmer, idag))
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
    """A list sent to this kommune, else 404 (drafts and withdrawn lists are IMDi's)."""
    liste = (
        Fordelingsliste.objects.filter(kommune=kommune, pk=liste_id, status__in=SYNLIGE_FOR_KOMMUNEN)
        .select_related("kommune", "brev", "besvart_av")
        .first()
    )
    if liste is None:
        raise Http404
    return liste


def liste_visning(liste: Fordelingsliste, bruker) -> list[Husstandsvisning]:
    """The list's households, as the kommune sees them; a person is named only once accepted and only to a
    user who reaches their folder. A fixed number of queries whatever the size."""
    linjer = list(
        liste.linjer.select_related("innmelding", "brev", *(f"person__{r}" for r in PERSON_RELATERT))
        .prefetch_related(
            Prefetch("person__bosettingsmerknader", queryset=Bosettingsmerknad.objects.order_by("opprettet"))
        )
        .order_by("person__husstand__reg_nr", "person__fodselsdato")
    )
    idag = timezone.localdate(liste.sendt) if liste.sendt else timezone.localdate()
    husstander = _husstander([linje.person for linje in linjer], idag)
    linje_for = {linje.person_id: linje for linje in linjer}
    synlige = set()
    if liste.status == L.BESVART:
        synlige = set(persons_visible_to(bruker).filter(pk__in=linje_for).values_list("pk", flat=True))
    for h in husstander:
        for v in h.personer:
            v.linje = linje_for[v.person_id]
            if v.linje.bosettes and v.person_id in synlige:
                v.person = v.linje.person
    return husstander


# ---- IMDi's workbench ----


def fordelingsklare_husstander(*, sok: str = "", valgte: set[int] = frozenset(), maks: int = 100):
    """Households whose cases are all fordelingsklar, the longest waiting first (and those already on
    the draft at the top), with what each member still lacks for distribution."""
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
    husstand_ider = list(
        dict.fromkeys(
            [
                *sorted(valgte),
                *saker.order_by("fordelingsklar_fra", "person__husstand_id").values_list(
                    "person__husstand_id", flat=True
                )[: maks * 4],
            ]
        )
    )[:maks]
    personer = list(
        Person.objects.filter(husstand_id__in=husstand_ider, bosettingssak__isnull=False)
        .exclude(bosettingssak__status__in=AVSLUTTEDE)
        .select_related("mottak", *PERSON_RELATERT)
        .prefetch_related(_merknader())
        .annotate(n_merknader=Count("bosettingsmerknader"))
        .order_by("fodselsdato")
    )
    personer.sort(key=lambda p: husstand_ider.index(p.husstand_id))
    idag = timezone.localdate()
    husstander = _husstander(personer, idag)
    personer_for = {p.pk: p for p in personer}
    for h in husstander:
        for v in h.personer:
            v.person = personer_for[v.person_id]
            v.mangler = mangler_ved_fordeling(v.person)
        h.fordelingsklar_fra = h.personer[0].person.bosettingssak.fordelingsklar_fra
    return husstander


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
