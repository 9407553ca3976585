"""The Fordelingsforslag's data (docs/fordelingsforslag.md): the categories and kinds of housing, the input
(`Husstand`, `Bolig`, `Kommune` — no personal data) and the output (`Forslag` with its `Plassering`er, `Uplassert`e,
`Konflikt`er and `Trinn`), which the admin keeps in the session as a dict."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

# The categories of an anmodning and a vedtak, in this order everywhere here (kommune.models.Kategori).
KATEGORIER = ("voksne", "em_15_18", "em_under_15")
VOKSNE, EM_15_18, EM_UNDER_15 = range(3)
KATEGORINAVN = (
    "enslige voksne/familier",
    "enslige mindreårige 15–18 år",
    "enslige mindreårige under 15 år",
)
# Reported housing (innmelding.models.Innmelding.Boligtype, plus the «Antall plasser» notice).
FAMILIEBOLIG, BOFELLESSKAP, EM_TILTAK, ANTALL_PLASSER = (
    "familiebolig",
    "bofellesskap",
    "em_tiltak",
    "antall_plasser",
)

GRUNN_ETIKETT = {
    "tilknytning": "Tilknytning",
    "prioritet": "Prioritet",
    "jevnhet": "Jevn fordeling",
    "bolig": "Bolig",
    "bekreftes": "Må bekreftes",
    "overskridelse": "Over ledige plasser",
    "utfall": "Forventet utfall",
}
REGEL_NAVN = {
    "bindende": "Bindende tilknytning",
    "kapasitet": "Ledige plasser per kategori",
    "em_under_15": "EM under 15 år bare der slike plasser er vedtatt",
    "saerlig_hensyn": "Særlig hensyn bare der tilpasset bolig er meldt inn",
    "prioritet": "Prioritet",
    "tid": "Tidsgrense",
}

MAKS_VENTEDAGER = 730  # waiting time counts up to two years; beyond that all are equally urgent
PRIORITET = 0.5  # the extra weight of EM and families with children
VENTETID = 0.25  # the most extra weight waiting time gives (less than PRIORITET: the class comes first)


# ---- input ----


@dataclass(frozen=True)
class Husstand:
    """A fordelingsklar household, as the solver sees it (no personal data)."""

    id: int
    behov: tuple[int, int, int]  # persons per category (KATEGORIER)
    barn: bool = False  # a family with children (priority)
    ventedager: int = 0  # days since the household became fordelingsklar
    bindende_kommune: int | None = None
    bindende_grunn: str = ""  # «Bekreftet arbeidskontrakt», …
    bindende_andre: tuple[int, ...] = ()  # other kommuner a member is bound to (a conflict)
    bindende_kommunenavn: str = ""  # for the explanation when that kommune is not in the selection
    veiledende_kommune: int | None = None
    saerlig_hensyn: bool = False
    innmelding_id: int | None = None  # a «Bestemte personer» notice the tie comes from
    navn: str = ""  # how the explanations name it, e.g. «Reg-nr 900012»

    @property
    def storrelse(self) -> int:
        return sum(self.behov)

    @property
    def prioritert(self) -> bool:
        """EM and families with children first (issue #9)."""
        return self.barn or self.behov[EM_15_18] + self.behov[EM_UNDER_15] > 0

    @property
    def vekt(self) -> float:
        """The household's weight in «households placed»: 1, plus PRIORITET for EM and families with
        children, plus up to VENTETID for waiting time. One prioritised household outweighs any other single
        household, but two households outweigh one: the count comes first, then who."""
        ventetid = VENTETID * min(self.ventedager, MAKS_VENTEDAGER) / MAKS_VENTEDAGER
        return 1.0 + (PRIORITET if self.prioritert else 0.0) + ventetid

    @property
    def slag(self) -> str:
        if self.storrelse > 1:
            return FAMILIEBOLIG
        if self.behov[VOKSNE]:
            return BOFELLESSKAP
        return EM_TILTAK


@dataclass(frozen=True)
class Bolig:
    """Reported housing or capacity (an innmelding): a Familiebolig for `plasser` persons, `plasser` places in
    a Bofellesskap or an EM-tiltak (of category `kategori`), or «Antall plasser» for the coming weeks."""

    type: str
    plasser: int
    innmelding_id: int | None = None
    kategori: int = VOKSNE
    saerlig_hensyn: bool = False
    tekst: str = ""  # e.g. «uke 34 2026»


@dataclass(frozen=True)
class Kommune:
    id: int
    navn: str
    vedtak: tuple[int, int, int]  # places decided for the year, per category
    brukt: tuple[int, int, int] = (0, 0, 0)  # fordelt + søkt ut + bosatt this year
    boliger: tuple[Bolig, ...] = ()
    dager_siden_sist: int | None = None  # since a list was last sent to it; None: none this year

    @property
    def ledige(self) -> tuple[int, int, int]:
        return tuple(max(v - b, 0) for v, b in zip(self.vedtak, self.brukt, strict=True))

    @property
    def andel(self) -> float | None:
        """Fill rate before the suggestion: (fordelt + søkt ut + bosatt) / vedtak."""
        v = sum(self.vedtak)
        return sum(self.brukt) / v if v else None

    def plasser(self, *typer: str, saerlig_hensyn: bool | None = None) -> int:
        return sum(
            b.plasser
            for b in self.boliger
            if b.type in typer and (saerlig_hensyn is None or b.saerlig_hensyn == saerlig_hensyn)
        )


Utfallsskaar = Callable[[Husstand, Kommune], float]


# ---- output ----


@dataclass
class Grunn:
    type: str  # a key of GRUNN_ETIKETT
    tekst: str

    @property
    def etikett(self) -> str:
        return GRUNN_ETIKETT.get(self.type, self.type)


@dataclass
class Plassering:
    husstand_id: int
    kommune_id: int
    grunner: list[Grunn] = field(default_factory=list)
    innmelding_id: int | None = None
    maa_bekreftes: bool = False  # særlig hensyn without a reported suitable dwelling
    over_kapasitet: bool = False  # more than the free places (the caseworker allowed it)
    bindende: bool = False


@dataclass
class Uplassert:
    husstand_id: int
    regel: str  # a key of REGEL_NAVN
    tekst: str

    @property
    def regelnavn(self) -> str:
        return REGEL_NAVN.get(self.regel, self.regel)


@dataclass
class Konflikt:
    """A hard rule that blocks a household: the instance as asked has no solution for it."""

    husstand_id: int
    regel: str
    tekst: str
    kommune_id: int | None = None

    @property
    def regelnavn(self) -> str:
        return REGEL_NAVN.get(self.regel, self.regel)


@dataclass
class Trinn:
    navn: str
    status: str  # «optimal» (within the step's gap), «tidsgrense» (stopped by its budget), «ingen løsning»
    verdi: float
    gap: float
    sekunder: float
    # Which budget stopped the step: «noder» (its branch-and-bound nodes, deterministic), «tid» (its
    # seconds, a safeguard that depends on the machine's load); "" when it finished within its gap.
    grense: str = ""
    noder: int = 0  # branch-and-bound nodes HiGHS used in the step

    @property
    def gap_tekst(self) -> str:
        return gap_tekst(self.gap)

    @property
    def status_tekst(self) -> str:
        """How the step ended, in the result table's words."""
        if self.status == "tidsgrense" and self.grense == "noder":
            return "Arbeidsgrense nådd"
        return {"optimal": "Optimal", "tidsgrense": "Tidsgrense nådd"}.get(self.status, "Ingen løsning")


def gap_tekst(gap: float) -> str:
    """«0,12 %»; «–» when there is no bound."""
    return f"{gap * 100:.2f} %".replace(".", ",") if math.isfinite(gap) else "–"


@dataclass
class Forslag:
    plasseringer: list[Plassering]
    uplasserte: list[Uplassert]
    konflikter: list[Konflikt]
    status: str  # «optimal», «tidsgrense», «grådig»
    gap: float  # the largest relative gap of the steps (0 when proven optimal)
    sekunder: float
    trinn: list[Trinn] = field(default_factory=list)
    felles_andel: float = 0.0  # the fill rate every kommune is steered towards
    metode: str = "optimering"

    @property
    def begrenset(self) -> list[str]:
        """The steps that stopped at their budget, by name (empty: every step within its gap)."""
        return [t.navn for t in self.trinn if t.status != "optimal"]

    @property
    def status_tekst(self) -> str:
        if self.metode != "optimering":
            return "Grådig referanse (ingen optimering)"
        if self.status == "optimal":
            return "Optimal løsning"
        if self.status == "tidsgrense":
            tid = any(t.grense == "tid" for t in self.trinn) or not self.trinn
            grense = "Tidsgrensen" if tid else "Arbeidsgrensen"
            return f"{grense} nådd: beste løsning ligger høyst {self.gap:.2%} fra optimum".replace(".", ",")
        return "Ingen løsning innen tidsgrensen"


def forslag_til_dict(forslag: Forslag) -> dict:
    return asdict(forslag)


def forslag_fra_dict(data: dict) -> Forslag:
    d = dict(data)
    d["plasseringer"] = [
        Plassering(**{**p, "grunner": [Grunn(**g) for g in p["grunner"]]}) for p in d["plasseringer"]
    ]
    d["uplasserte"] = [Uplassert(**u) for u in d["uplasserte"]]
    d["konflikter"] = [Konflikt(**k) for k in d["konflikter"]]
    d["trinn"] = [Trinn(**t) for t in d["trinn"]]
    return Forslag(**d)


# ---- shared by the optimiser, the explanations and the benchmark ----


def prioritetsorden(h: Husstand):
    """The order households are considered in: prioritised first, then by weight (waiting time), then id."""
    return (not h.prioritert, -h.vekt, h.id)


def sh_plasser(k: Kommune) -> int:
    """Places (in persons) the kommune has reported as suitable for særlig hensyn."""
    return k.plasser(FAMILIEBOLIG, BOFELLESSKAP, EM_TILTAK, ANTALL_PLASSER, saerlig_hensyn=True)


@dataclass
class Oppsett:
    """The model's data, built once (`losning.oppsett`) and read by every step of the optimiser (`losning`,
    `avrunding`), by the explanations (`forklaring.forklar`) and by the CP-SAT benchmark: the kommuner by id;
    the binding ties fixed up front (`faste`) and those that could not be (`konflikter`); the free places left
    after them, per category (`rest`) and for særlig hensyn in persons (`sh_rest`); the groups of
    interchangeable households, each in priority order; per (group index, kommune id) the most households of
    the group the kommune may take (`ovre`, only where above 0) and the groups each kommune may take
    (`ved_kommune`). The solver's variable per key of `ovre` is `y`; after step 1, how many of each group are
    placed (`plassert_antall`) and the common fill rate (`felles`)."""

    K: dict[int, Kommune]
    faste: list[tuple[Husstand, Kommune]]
    konflikter: list[Konflikt]
    rest: dict[int, list[int]]
    sh_rest: dict[int, int]
    gruppeliste: list[list[Husstand]]
    ovre: dict[tuple[int, int], int]
    ved_kommune: dict[int, list[int]]
    tillat_overskridelse: bool
    tillat_uten_saerlig_bolig: bool
    utfall: Utfallsskaar | None = None
    y: dict[tuple[int, int], object] = field(default_factory=dict)
    plassert_antall: list[int] = field(default_factory=list)
    felles: float = 0.0
