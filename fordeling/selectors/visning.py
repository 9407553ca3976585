"""How a list's households and persons are shown, shared by the kommune's list (`kommune`) and IMDi's builder
(`imdi`): one row per person, anonymised until the kommune accepts them, and «Vis detaljer»."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Prefetch

from imdinett.kompetanse.selectors import Kompetansevisning, kompetanse_fra_prefetch
from imdinett.personer.models import Bosettingsmerknad, Bosettingssak, Bosettingssamtale, Person
from imdinett.personer.samtale import FOLGEPERSON_FELT, svarrader
from imdinett.uker import uke_tekst
from kommune.models import Kategori
from kommune.selectors import kategori_for

from ..models import Fordelingsliste

Saksstatus = Bosettingssak.Status
Listestatus = Fordelingsliste.Status
SYNLIGE_FOR_KOMMUNEN = (Listestatus.SENDT, Listestatus.BEKREFTET, Listestatus.BESVART)
# Units whose residents are likely in the target group for the extended extra grant (seed 003 §2.5).
SAERSKILTE_ENHETER = (
    Person.Plasstype.TILRETTELAGT,
    Person.Plasstype.SAERSKILT_BO,
    Person.Plasstype.SAERSKILT_PLEIE,
)
# The extra grant IMDi points out on a list (seed 003): the særskilte botilbud's residents are its target group;
# the kommuner asked to be told of a possible grant for anyone with a disability or behavioural needs too,
# which the interview records as særlig hensyn (seed 001 «Tilretteleggingsbehov»).
TILSKUDD_SAERSKILT_ENHET = "Sannsynligvis i målgruppen for utvidet ekstratilskudd"
TILSKUDD_SAERLIG_HENSYN = "Kan være i målgruppen for ekstratilskudd eller utvidet ekstratilskudd"


def ekstratilskudd(plasstype: str, saerlig_hensyn: bool | None) -> str:
    """What the list says of the person's possible extra grant, or "" for none."""
    if plasstype in SAERSKILTE_ENHETER:
        return TILSKUDD_SAERSKILT_ENHET
    return TILSKUDD_SAERLIG_HENSYN if saerlig_hensyn else ""


# Members whose case has ended are not distributed with their household.
AVSLUTTEDE = (Saksstatus.AVSLUTTET, Saksstatus.BOSATT)


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
    ekstratilskudd: str
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


def samtale_for(person: Person) -> Bosettingssamtale:
    """The person's interview, or an empty one (never saved) when there is none."""
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
    s = samtale_for(person)
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
        ("Ekstratilskudd", ekstratilskudd(person.plasstype, s.saerlig_hensyn)),
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
        *svarrader(s, FOLGEPERSON_FELT),  # the seed's questions to an EM with følgeperson, then the summary
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
        ekstratilskudd=ekstratilskudd(person.plasstype, person.saerlig_hensyn),
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


def merknader_prefetch():
    return Prefetch("bosettingsmerknader", queryset=Bosettingsmerknad.objects.order_by("opprettet"))


def husstandsvisninger(
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
