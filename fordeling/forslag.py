"""Fordelingsforslag (issue #9): which kommune each fordelingsklar household could go to, computed as an
integer programme (HiGHS, through highspy) and explained household by household.

Pure: plain dataclasses in, plain dataclasses out, no database. `fordeling.selectors.forslag_grunnlag`
builds the input, IMDi's admin shows the result, `fordeling.services.forslag_lag_utkast` turns the part the
caseworker keeps into draft fordelingslister. The design (rules, objective order, aggregation, the
predicted-outcome hook) is written down in docs/fordelingsforslag.md.

Hard rules, never broken: a household goes whole; a binding tie places it in that kommune; no kommune gets
more than its free places per category (unless the caseworker allows it, and never in a category it decided
no places for); EM under 15 only where such places were decided; a household that needs særlig hensyn only
where a suitable dwelling or place is reported (or flagged «må bekreftes» when the caseworker allows it).

What it optimises, in this order (one solve per step, each keeping the steps before at their optimum):
1. households placed, weighted by priority: each household counts 1, EM and families with children 0.5
   more, and waiting time since fordelingsklar up to 0.25 more;
2. evenness — every kommune's fill rate as close to the common rate as possible (a convex, piecewise-linear
   penalty that approximates the squared deviation, weighted by the kommune's vedtak);
3. reported housing used (Familiebolig by family size, Bofellesskap for single adults, EM-tiltak by age,
   Antall plasser, særlig hensyn);
4. veiledende tilknytning honoured;
5. (hook) a predicted-outcome score per household and kommune, when one is given.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from time import perf_counter

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
GAP_JEVNHET = 0.0025  # evenness is proven to within 0.25 % (the other steps to HiGHS's default 0.01 %)
# Shares of the time limit: step 1 may use up to 35 %; evenness must leave 30 % for housing and ties, of
# which housing must leave 12 %; the neighbourhood search for evenness's warm start gets 10 %.
ANDEL_TRINN1, RESERVE_JEVNHET, RESERVE_BOLIG, ANDEL_NABO = 0.35, 0.30, 0.12, 0.10
# The evenness penalty: breakpoints of |fill rate − common rate| and the slope on each segment. The slope
# on [l, u] is l + u, the secant of x², so the penalty follows the squared deviation within a few per cent.
KNEKK = (0.02, 0.05, 0.10, 0.15, 0.20, 0.30, 0.50, 1.00, math.inf)
HELNINGER = (0.02, 0.07, 0.15, 0.25, 0.35, 0.50, 0.80, 1.50, 3.00)
SKALA_JEVNHET = 100.0


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
    status: str  # «optimal», «tidsgrense», «ingen løsning»
    verdi: float
    gap: float
    sekunder: float

    @property
    def gap_tekst(self) -> str:
        return gap_tekst(self.gap)


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
    def status_tekst(self) -> str:
        if self.metode != "optimering":
            return "Grådig referanse (ingen optimering)"
        if self.status == "optimal":
            return "Optimal løsning"
        if self.status == "tidsgrense":
            return f"Tidsgrensen nådd: beste løsning ligger høyst {self.gap:.2%} fra optimum".replace(
                ".", ","
            )
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


# ---- helpers ----


def _prosent(x: float) -> str:
    return f"{x * 100:.0f} %"


def _kategoritekst(behov: Iterable[int]) -> str:
    """«3 plasser for enslige voksne/familier, 1 plass for enslige mindreårige 15–18 år»."""
    return ", ".join(
        f"{n} {'plass' if n == 1 else 'plasser'} for {KATEGORINAVN[c]}" for c, n in enumerate(behov) if n
    )


def _rekkefolge(h: Husstand):
    return (not h.prioritert, -h.vekt, h.id)


def _prioritetstekst(h: Husstand) -> str:
    if h.behov[EM_15_18] or h.behov[EM_UNDER_15]:
        hvem = "Enslig mindreårig (prioritert)"
    elif h.barn:
        hvem = "Barnefamilie (prioritert)"
    elif h.storrelse == 1:
        hvem = "Enslig voksen"
    else:
        hvem = "Voksne uten barn"
    if h.ventedager == 0:
        return f"{hvem}, fordelingsklar i dag."
    dager = "1 dag" if h.ventedager == 1 else f"{h.ventedager} dager"
    return f"{hvem}, fordelingsklar i {dager}."


def _gruppenokkel(h: Husstand) -> tuple:
    """Households with the same key are interchangeable to the model apart from their priority."""
    return (h.behov, h.saerlig_hensyn, h.barn)


# ---- the optimiser ----


class _Modell:
    """One HiGHS model grown step by step: columns and rows are collected in Python and passed in bulk
    before each solve; each solve optimises one objective and may keep it for the solves that follow."""

    def __init__(self, frist: float):
        import highspy

        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("random_seed", 0)
        self.frist = frist
        self.n = 0  # columns passed to HiGHS
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.heltall: list[int] = []
        self.alle_heltall: list[int] = []
        self.rader: list[tuple[float, float, list[int], list[float]]] = []
        self.x: list[float] | None = None
        self.trinn: list[Trinn] = []

    def var(self, ub: float = math.inf, *, lb: float = 0.0, heltall: bool = False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        if heltall:
            self.heltall.append(self.n + len(self.lb) - 1)
            self.alle_heltall.append(self.n + len(self.lb) - 1)
        return self.n + len(self.lb) - 1

    def rad(self, ledd: dict[int, float], lo: float = -math.inf, hi: float = math.inf) -> None:
        self.rader.append((lo, hi, list(ledd), [float(v) for v in ledd.values()]))

    def _send(self) -> None:
        import highspy
        import numpy as np

        h, inf = self.h, self.h.getInfinity()

        def tall(x):
            return np.clip(np.array(x, dtype=np.float64), -inf, inf)

        if self.lb:
            h.addVars(len(self.lb), tall(self.lb), tall(self.ub))
            if self.x is not None:
                self.x += [0.0] * len(self.lb)
            self.n += len(self.lb)
            self.lb, self.ub = [], []
        if self.heltall:
            idx = np.array(self.heltall, dtype=np.int32)
            typ = np.full(len(idx), highspy.HighsVarType.kInteger.value, dtype=np.uint8)
            h.changeColsIntegrality(len(idx), idx, typ)
            self.heltall = []
        if self.rader:
            starts, indekser, verdier = [], [], []
            for _, _, idx, val in self.rader:
                starts.append(len(indekser))
                indekser += idx
                verdier += val
            h.addRows(
                len(self.rader),
                tall([r[0] for r in self.rader]),
                tall([r[1] for r in self.rader]),
                len(indekser),
                np.array(starts, dtype=np.int32),
                np.array(indekser, dtype=np.int32),
                np.array(verdier, dtype=np.float64),
            )
            self.rader = []

    def _maal(self, kost: dict[int, float], maks: bool, konstant: float) -> None:
        import highspy
        import numpy as np

        self._send()
        kostnader = np.zeros(self.n)
        for i, c in kost.items():
            kostnader[i] = c
        self.h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), kostnader)
        self.h.changeObjectiveOffset(konstant)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize if maks else highspy.ObjSense.kMinimize)
        self.h.setOptionValue("time_limit", max(self.frist - perf_counter(), 0.5))  # per run in HiGHS

    def _heltall(self, ja: bool) -> None:
        import highspy
        import numpy as np

        idx = np.array(self.alle_heltall, dtype=np.int32)
        typ = highspy.HighsVarType.kInteger if ja else highspy.HighsVarType.kContinuous
        self.h.changeColsIntegrality(len(idx), idx, np.full(len(idx), typ.value, dtype=np.uint8))

    def lp(self, kost: dict[int, float], *, maks: bool) -> list[float] | None:
        """The LP relaxation's solution (for rounding to a warm start), or None."""
        self._maal(kost, maks, 0.0)
        self._heltall(False)
        self.h.run()
        x = list(self.h.getSolution().col_value) if self.h.getInfo().primal_solution_status == 2 else None
        self._heltall(True)
        return x

    def los(
        self,
        navn: str,
        kost: dict[int, float],
        *,
        maks: bool,
        konstant: float = 0.0,
        start_x: list[float] | None = None,
        gap: float = 1e-4,
        tid: float | None = None,
        registrer: bool = True,
    ) -> bool | list[float] | None:
        """Optimise `kost` (+ `konstant`) to within the relative `gap`; on success keep the solution and
        record the step. With registrer=False only return the solution found (or None): a sub-problem."""
        import highspy
        import numpy as np

        h = self.h
        start = perf_counter()
        self._maal(kost, maks, konstant)
        if tid is not None:  # within the overall limit
            h.setOptionValue("time_limit", max(min(tid, self.frist - perf_counter()), 0.2))
        h.setOptionValue("mip_rel_gap", gap)
        start_x = start_x or self.x  # the previous step's solution is feasible here: a warm start
        if start_x is not None:
            h.setSolution(self.n, np.arange(self.n, dtype=np.int32), np.array(start_x, dtype=np.float64))
        h.run()
        status, info = h.getModelStatus(), h.getInfo()
        sekunder = perf_counter() - start
        funnet = info.primal_solution_status == 2  # a feasible solution
        if not registrer:
            return list(h.getSolution().col_value) if funnet else None
        if not funnet:
            self.trinn.append(Trinn(navn, "ingen løsning", 0.0, math.inf, sekunder))
            return False
        self.x = list(h.getSolution().col_value)
        optimal = status == highspy.HighsModelStatus.kOptimal
        gap = info.mip_gap
        if not math.isfinite(gap) or gap < 0:
            gap = 0.0 if optimal else math.inf
        verdi = konstant + sum(c * self.x[i] for i, c in kost.items())
        self.trinn.append(Trinn(navn, "optimal" if optimal else "tidsgrense", verdi, gap, sekunder))
        return True

    def hold(self, kost: dict[int, float], *, maks: bool) -> None:
        """Keep the objective just optimised at its value in the solves that follow."""
        verdi = sum(c * self.x[i] for i, c in kost.items())
        slakk = 1e-7 * max(1.0, abs(verdi)) + 1e-6
        self.rad(kost, lo=verdi - slakk) if maks else self.rad(kost, hi=verdi + slakk)

    def verdi(self, kolonne: int) -> float:
        return self.x[kolonne] if self.x is not None and kolonne < len(self.x) else 0.0

    def fest(self, kolonner: list[int], verdier: list[float]) -> None:
        self.grenser(kolonner, verdier, verdier)
        if self.x is not None:
            for kol, verdi in zip(kolonner, verdier, strict=True):
                self.x[kol] = verdi

    def grenser(self, kolonner: list[int], lo: list[float], hi: list[float]) -> None:
        import numpy as np

        self._send()
        idx = np.array(kolonner, dtype=np.int32)
        self.h.changeColsBounds(len(idx), idx, np.array(lo, dtype=np.float64), np.array(hi, dtype=np.float64))


def forslag_beregn(
    husstander: list[Husstand],
    kommuner: list[Kommune],
    *,
    tillat_overskridelse: bool = False,
    tillat_uten_saerlig_bolig: bool = False,
    tidsgrense: float = 25.0,
    utfall: Utfallsskaar | None = None,
) -> Forslag:
    """Compute a suggestion. Never breaks a hard rule: a household the rules block is reported in
    `konflikter` (binding ties) or `uplasserte` with the rule's name, and the rest is still suggested."""
    start = perf_counter()
    K = {k.id: k for k in kommuner}
    rest = {k.id: list(k.ledige) for k in kommuner}  # free places left after the binding ties
    sh_rest = {k.id: _sh_plasser(k) for k in kommuner}

    # 1. Binding ties are fixed up front, in priority order; what cannot be honoured is a named conflict.
    faste: list[tuple[Husstand, Kommune]] = []
    konflikter: list[Konflikt] = []
    for h in sorted((h for h in husstander if h.bindende_kommune is not None), key=_rekkefolge):
        konflikt = _bindende_konflikt(h, K, rest, tillat_overskridelse)
        if konflikt:
            konflikter.append(konflikt)
            continue
        k = K[h.bindende_kommune]
        for c in range(3):
            rest[k.id][c] -= h.behov[c]
        if h.saerlig_hensyn:
            sh_rest[k.id] -= h.storrelse
        faste.append((h, k))

    # 2. The others in groups of interchangeable households: integer counts per (group, kommune), and per
    # household a share p in [0, 1] of «placed», so the count goes to the group's first households.
    grupper: dict[tuple, list[Husstand]] = defaultdict(list)
    for h in husstander:
        if h.bindende_kommune is None:
            grupper[_gruppenokkel(h)].append(h)
    gruppeliste = [sorted(medlemmer, key=_rekkefolge) for _, medlemmer in sorted(grupper.items())]

    m = _Modell(start + tidsgrense)
    y: dict[tuple[int, int], int] = {}  # (group index, kommune id) -> column
    ovre: dict[tuple[int, int], int] = {}
    p: list[list[int]] = []
    for gi, medlemmer in enumerate(gruppeliste):
        for k in kommuner:
            ub = _ovre_grense(
                medlemmer[0],
                len(medlemmer),
                k,
                rest[k.id],
                sh_rest[k.id],
                tillat_overskridelse,
                tillat_uten_saerlig_bolig,
            )
            if ub > 0:
                y[gi, k.id] = m.var(ub, heltall=True)
                ovre[gi, k.id] = ub
        p.append([m.var(1.0) for _ in medlemmer])
    ved_kommune: dict[int, list[int]] = defaultdict(list)  # kommune id -> group indices with a column
    for gi, kid in y:
        ved_kommune[kid].append(gi)
    for gi in range(len(gruppeliste)):
        ledd = {y[gi, kid]: 1.0 for kid in K if (gi, kid) in y}
        ledd.update({c: -1.0 for c in p[gi]})
        m.rad(ledd, 0.0, 0.0)
    for kid, gis in ved_kommune.items():
        if not tillat_overskridelse:
            for c in range(3):
                ledd = {y[gi, kid]: gruppeliste[gi][0].behov[c] for gi in gis if gruppeliste[gi][0].behov[c]}
                if ledd:
                    m.rad(ledd, hi=rest[kid][c])
        if not tillat_uten_saerlig_bolig:
            ledd = {
                y[gi, kid]: gruppeliste[gi][0].storrelse for gi in gis if gruppeliste[gi][0].saerlig_hensyn
            }
            if ledd:
                m.rad(ledd, hi=max(sh_rest[kid], 0))

    # Step 1: households placed, each counted with its priority weight (Husstand.vekt).
    vekt = {c: gruppeliste[gi][i].vekt for gi, cs in enumerate(p) for i, c in enumerate(cs)}
    plassert_antall = [0] * len(gruppeliste)
    fullfort = bool(vekt) and m.los(
        "Plasserte husstander, vektet etter prioritet", vekt, maks=True, tid=ANDEL_TRINN1 * tidsgrense
    )
    if fullfort:
        m.hold(vekt, maks=True)
    if m.x is not None:
        # Who is placed is now fixed — in each group the first n by priority; the next steps decide where.
        kolonner, verdier = [], []
        for gi, cs in enumerate(p):
            plassert_antall[gi] = round(sum(m.verdi(c) for c in cs))
            kolonner += cs
            verdier += [1.0 if i < plassert_antall[gi] else 0.0 for i in range(len(cs))]
        m.fest(kolonner, verdier)
    felles = _felles_andel(kommuner, faste, gruppeliste, plassert_antall)
    personer_ved = {
        kid: {y[gi, kid]: float(gruppeliste[gi][0].storrelse) for gi in gis}
        for kid, gis in ved_kommune.items()
    }

    if fullfort and m.x is not None:
        # Step 2: evenness, exact at whole persons (see _jevnhetskost); then every kommune keeps its number.
        kost, konstant, segmenter = _jevnhetsmodell(
            m, ved_kommune, personer_ved, faste, K, felles, y, ovre, gruppeliste, plassert_antall
        )
        start_x = (
            _jevnhet_start(
                m,
                kost,
                konstant,
                segmenter,
                personer_ved,
                y,
                ovre,
                gruppeliste,
                plassert_antall,
                rest,
                sh_rest,
                tillat_overskridelse,
                tillat_uten_saerlig_bolig,
                tidsgrense,
            )
            if kost
            else None
        )
        if kost and m.los(
            "Jevn fordeling",
            kost,
            maks=False,
            konstant=konstant,
            start_x=start_x,
            gap=GAP_JEVNHET,
            tid=m.frist - perf_counter() - RESERVE_JEVNHET * tidsgrense,
        ):
            for ledd in personer_ved.values():
                antall = round(sum(m.verdi(c) * v for c, v in ledd.items()))
                m.rad(ledd, antall, antall)
        else:
            fullfort = False
    if fullfort and m.x is not None:
        # Step 3: reported housing used; step 4: veiledende tilknytning; step 5 (hook): predicted outcome.
        veiledende: dict[int, float] = {}
        for gi, medlemmer in enumerate(gruppeliste):
            plasserte = medlemmer[: plassert_antall[gi]]
            for kid, antall in Counter(
                h.veiledende_kommune for h in plasserte if h.veiledende_kommune
            ).items():
                if (gi, kid) in y:
                    kol = m.var(antall, heltall=True)
                    m.rad({kol: 1.0, y[gi, kid]: -1.0}, hi=0.0)
                    veiledende[kol] = 1.0
        trinn = [
            (
                "Meldte boliger brukt",
                _boligmodell(m, gruppeliste, y, ved_kommune, faste, K, tillat_uten_saerlig_bolig),
            ),
            ("Veiledende tilknytning fulgt", veiledende),
        ]
        if utfall is not None:
            trinn.append(("Forventet utfall", _utfallskost(utfall, gruppeliste, plassert_antall, y, K)))
        for navn, kost in trinn:
            if not kost:
                continue
            reserve = RESERVE_BOLIG * tidsgrense if navn == "Meldte boliger brukt" else 0.0
            if not m.los(navn, kost, maks=True, tid=m.frist - perf_counter() - reserve):
                break
            m.hold(kost, maks=True)

    antall_per = {key: round(m.verdi(c)) for key, c in y.items()}
    forslag = _forklar(
        husstander,
        K,
        faste,
        gruppeliste,
        plassert_antall,
        antall_per,
        konflikter,
        felles,
        tillat_overskridelse=tillat_overskridelse,
        tillat_uten_saerlig_bolig=tillat_uten_saerlig_bolig,
        utfall=utfall,
    )
    forslag.trinn = m.trinn
    forslag.status = "optimal" if all(t.status == "optimal" for t in m.trinn) else "tidsgrense"
    forslag.gap = max((t.gap for t in m.trinn), default=0.0)
    if m.x is None and gruppeliste:
        forslag.status, forslag.gap = "ingen løsning", math.inf
    forslag.sekunder = perf_counter() - start
    return forslag


def _jevnhet_start(
    m,
    kost,
    konstant,
    segmenter,
    personer_ved,
    y,
    ovre,
    gruppeliste,
    plassert_antall,
    rest,
    sh_rest,
    tillat_overskridelse,
    tillat_uten_saerlig_bolig,
    tidsgrense,
):
    """A warm start for the evenness step, which HiGHS then improves and proves: the LP optimum rounded to
    whole households (`_avrund`), improved when it is not already within the step's gap by a short solve in
    the LP's neighbourhood (every count within one of the LP's value; RENS). None: HiGHS starts alone."""
    start_x = None
    x_lp = m.lp(kost, maks=False)
    if x_lp is not None:  # a warm start: the LP optimum rounded to whole households
        heltall = _avrund(
            x_lp,
            m.x,
            y,
            ovre,
            gruppeliste,
            plassert_antall,
            rest,
            sh_rest,
            tillat_overskridelse,
            tillat_uten_saerlig_bolig,
        )
        if heltall is not None:
            start_x = list(m.x)
            for kol in y.values():
                start_x[kol] = 0.0
            for key, n in heltall.items():
                start_x[y[key]] = float(n)
            for kid, ledd in personer_ved.items():
                igjen = sum(start_x[c] * v for c, v in ledd.items())
                for kol, bredde in segmenter[kid]:
                    start_x[kol] = min(bredde, igjen)
                    igjen -= start_x[kol]
    if start_x is not None and x_lp is not None:
        lp_verdi = konstant + sum(c * x_lp[i] for i, c in kost.items())
        start_verdi = konstant + sum(c * start_x[i] for i, c in kost.items())
        god_nok = start_verdi - lp_verdi <= GAP_JEVNHET * abs(start_verdi)
    else:
        god_nok = False
    if x_lp is not None and not god_nok:
        # A better start from the LP's neighbourhood (RENS): every count within one of the LP's value.
        kolonner = list(y.values())
        nokler = list(y)
        lo = [max(0.0, math.floor(x_lp[y[key]] + 1e-6) - 1.0) for key in nokler]
        hi = [min(float(ovre[key]), math.ceil(x_lp[y[key]] - 1e-6) + 1.0) for key in nokler]
        m.grenser(kolonner, lo, hi)
        nabo = m.los(
            "",
            kost,
            maks=False,
            konstant=konstant,
            start_x=start_x,
            gap=GAP_JEVNHET,
            tid=ANDEL_NABO * tidsgrense,
            registrer=False,
        )
        m.grenser(kolonner, [0.0] * len(nokler), [float(ovre[key]) for key in nokler])
        start_x = nabo or start_x
    return start_x


def _jevnhetsmodell(m, ved_kommune, personer_ved, faste, K, felles, y, ovre, gruppeliste, plassert_antall):
    """Evenness as Σ vedtak·(fill rate − common rate)², each kommune's term a convex function of the whole
    number of persons A it receives, drawn as a piecewise-linear curve with a breakpoint at every whole
    person near the target (wider steps far beyond it). At whole persons the curve is exact, so the LP bound
    is tight and the integer programme closes fast. Returns (costs, constant: the penalty at A = 0)."""
    fast = Counter()
    for h, k in faste:
        fast[k.id] += h.storrelse
    totalt = sum(g[0].storrelse * n for g, n in zip(gruppeliste, plassert_antall, strict=True))
    kost: dict[int, float] = {}
    segmenter: dict[int, list[tuple[int, int]]] = defaultdict(list)
    konstant = 0.0
    for kid, ledd in personer_ved.items():
        k = K[kid]
        v = sum(k.vedtak)
        grunn = sum(k.brukt) + fast[kid]

        def straff(a, v=v, grunn=grunn):
            return SKALA_JEVNHET * v * ((grunn + a) / v - felles) ** 2

        maks = min(totalt, sum(ovre[gi, kid] * gruppeliste[gi][0].storrelse for gi in ved_kommune[kid]))
        maal = max(felles * v - grunn, 0.0)
        knekk = list(range(0, min(maks, math.ceil(2 * maal) + 10) + 1))
        while knekk[-1] < maks:
            knekk.append(min(maks, knekk[-1] + max(knekk[-1], 1)))
        segment = {}
        for a, b in zip(knekk, knekk[1:], strict=False):
            kol = m.var(b - a)
            segment[kol] = -1.0
            kost[kol] = (straff(b) - straff(a)) / (b - a)
            segmenter[kid].append((kol, b - a))
        konstant += straff(0)
        m.rad({**ledd, **segment}, 0.0, 0.0)
    return kost, konstant, segmenter


def _avrund(
    x_lp,
    x_trinn1,
    y,
    ovre,
    gruppeliste,
    plassert_antall,
    rest,
    sh_rest,
    tillat_overskridelse,
    tillat_uten_saerlig_bolig,
):
    """Round the LP's counts to whole households that respect every capacity, as a warm start for the
    solver (which then improves and proves it). Each kommune aims at the number of persons the LP gave it.
    Households that need scarce places (særlig hensyn, EM) go first, then families, largest first: each
    group takes what the LP gives it whole, and the rest where the LP gave it a part (else where the kommune
    is furthest below its aim);
    single adults fill the gaps last. If the scarce ones get stuck they keep where step 1 put them; None if
    that gets stuck too (the solver then starts from step 1's solution)."""
    maal = Counter()
    for (gi, kid), kol in y.items():
        maal[kid] += x_lp[kol] * gruppeliste[gi][0].storrelse
    kommuner_for = defaultdict(list)
    for gi, kid in y:
        kommuner_for[gi].append(kid)
    knappe = [
        gi for gi, g in enumerate(gruppeliste) if g[0].saerlig_hensyn or g[0].behov[VOKSNE] < g[0].storrelse
    ]
    andre = [gi for gi in range(len(gruppeliste)) if gi not in set(knappe)]
    rekkefolge = [
        *sorted(knappe, key=lambda gi: (-gruppeliste[gi][0].storrelse, gi)),
        *sorted(andre, key=lambda gi: (-gruppeliste[gi][0].storrelse, gi)),
    ]

    def forsok(knappe_fra_trinn1: bool):
        kap = {kid: list(r) for kid, r in rest.items()}
        sh = dict(sh_rest)
        har = Counter()
        ut: dict[tuple[int, int], int] = {}

        def passer(gi, kid) -> bool:
            h0 = gruppeliste[gi][0]
            if ut.get((gi, kid), 0) >= ovre[gi, kid]:
                return False
            if not tillat_overskridelse and any(kap[kid][c] < h0.behov[c] for c in range(3)):
                return False
            return tillat_uten_saerlig_bolig or not h0.saerlig_hensyn or sh[kid] >= h0.storrelse

        def legg(gi, kid, n) -> None:
            h0 = gruppeliste[gi][0]
            ut[gi, kid] = ut.get((gi, kid), 0) + n
            har[kid] += n * h0.storrelse
            for c in range(3):
                kap[kid][c] -= n * h0.behov[c]
            if h0.saerlig_hensyn:
                sh[kid] -= n * h0.storrelse

        for gi in rekkefolge:
            if knappe_fra_trinn1 and gi in knappe:
                for kid in kommuner_for[gi]:
                    legg(gi, kid, round(x_trinn1[y[gi, kid]]))
                continue
            if gruppeliste[gi][0].storrelse > 1 or gi in knappe:
                for kid in kommuner_for[gi]:
                    for _ in range(math.floor(x_lp[y[gi, kid]] + 1e-6)):
                        if not passer(gi, kid):
                            break
                        legg(gi, kid, 1)
            igjen = plassert_antall[gi] - sum(ut.get((gi, kid), 0) for kid in kommuner_for[gi])
            while igjen > 0:
                kandidater = [kid for kid in kommuner_for[gi] if passer(gi, kid)]
                if not kandidater:
                    return None
                # Where the LP put a part of this group, else where the kommune is furthest below its aim.
                kid = max(
                    kandidater,
                    key=lambda k, gi=gi: (x_lp[y[gi, k]] - ut.get((gi, k), 0) > 1e-6, maal[k] - har[k], -k),
                )
                legg(gi, kid, 1)
                igjen -= 1
        return ut

    return forsok(False) or forsok(True)


def _bindende_konflikt(
    h: Husstand, K: dict[int, Kommune], rest, tillat_overskridelse: bool
) -> Konflikt | None:
    navn = h.navn or f"Husstand {h.id}"
    if h.bindende_andre:
        andre = ", ".join(K[k].navn if k in K else str(k) for k in h.bindende_andre)
        return Konflikt(
            h.id,
            "bindende",
            f"{navn}: medlemmene har bindende tilknytning til ulike kommuner ({andre}); husstanden kan ikke deles.",
            h.bindende_kommune,
        )
    k = K.get(h.bindende_kommune)
    if k is None:
        return Konflikt(
            h.id,
            "bindende",
            f"{navn}: bindende tilknytning ({h.bindende_grunn.lower() or 'bindende'}) til "
            f"{h.bindende_kommunenavn or 'en kommune'}, som ikke er med i utvalget eller ikke har vedtak i år.",
            h.bindende_kommune,
        )
    if h.behov[EM_UNDER_15] and not k.vedtak[EM_UNDER_15]:
        return Konflikt(
            h.id,
            "em_under_15",
            f"{navn}: bindende tilknytning til {k.navn}, men {k.navn} har ikke vedtatt plasser for enslige "
            "mindreårige under 15 år.",
            k.id,
        )
    for c in range(3):
        if h.behov[c] and not k.vedtak[c]:
            return Konflikt(
                h.id,
                "kapasitet",
                f"{navn}: bindende tilknytning til {k.navn}, men {k.navn} har ikke vedtatt plasser for "
                f"{KATEGORINAVN[c]}.",
                k.id,
            )
    if not tillat_overskridelse:
        for c in range(3):
            if h.behov[c] > rest[k.id][c]:
                return Konflikt(
                    h.id,
                    "kapasitet",
                    f"{navn}: bindende tilknytning til {k.navn}, men {k.navn} har bare {max(rest[k.id][c], 0)} "
                    f"ledige plasser for {KATEGORINAVN[c]} igjen (husstanden trenger {h.behov[c]}). Tillat "
                    "overskridelse eller ta husstanden ut av utvalget.",
                    k.id,
                )
    return None


def _ovre_grense(h, antall, k, rest, sh_rest, tillat_overskridelse, tillat_uten_saerlig_bolig) -> int:
    """How many households like `h` kommune `k` can take at most (0: not allowed there)."""
    if not sum(k.vedtak):
        return 0
    if h.behov[EM_UNDER_15] and not k.vedtak[EM_UNDER_15]:
        return 0
    ub = antall
    for c in range(3):
        if not h.behov[c]:
            continue
        if not k.vedtak[c]:
            return 0  # never in a category the kommune decided no places for
        if not tillat_overskridelse:
            ub = min(ub, max(rest[c], 0) // h.behov[c])
    if h.saerlig_hensyn and not tillat_uten_saerlig_bolig:
        ub = min(ub, max(sh_rest, 0) // h.storrelse)
    return ub


def _felles_andel(kommuner, faste, gruppeliste, plassert_antall) -> float:
    """The common fill rate: what the kommuner with vedtak reach together once the suggestion is placed."""
    vedtak = sum(sum(k.vedtak) for k in kommuner)
    if not vedtak:
        return 0.0
    personer = sum(h.storrelse for h, k in faste if sum(k.vedtak))
    personer += sum(g[0].storrelse * n for g, n in zip(gruppeliste, plassert_antall, strict=True))
    return (sum(sum(k.brukt) for k in kommuner) + personer) / vedtak


def _boligmodell(m: _Modell, gruppeliste, y, ved_kommune, faste, K, tillat_uten_saerlig_bolig):
    """Columns counting reported housing used at each kommune; returns their objective. The binding ties'
    households are constants here: they use the housing first."""
    kost: dict[int, float] = {}
    fast = defaultdict(Counter)
    for h, k in faste:
        fast[k.id][_bolignokkel(h)] += 1
        fast[k.id]["personer"] += h.storrelse
        if h.saerlig_hensyn:
            fast[k.id]["sh"] += h.storrelse
    for kid, gis in ved_kommune.items():
        k = K[kid]
        f = fast[kid]
        # Familiebolig: a family of s persons needs a dwelling for at least s (Hall's condition per size).
        boliger = [b.plasser for b in k.boliger if b.type == FAMILIEBOLIG]
        storrelser = sorted(
            {gruppeliste[gi][0].storrelse for gi in gis if gruppeliste[gi][0].slag == FAMILIEBOLIG}
        )
        if boliger and storrelser:
            kol = {}
            for s in storrelser:
                kol[s] = m.var(sum(1 for b in boliger if b >= s), heltall=True)
                ledd = {kol[s]: 1.0}
                for gi in gis:
                    g0 = gruppeliste[gi][0]
                    if g0.slag == FAMILIEBOLIG and g0.storrelse == s:
                        ledd[y[gi, kid]] = -1.0
                m.rad(ledd, hi=f[FAMILIEBOLIG, s])
                kost[kol[s]] = 1.0
            for s in storrelser:
                m.rad({kol[t]: 1.0 for t in storrelser if t >= s}, hi=sum(1 for b in boliger if b >= s))
        # Bofellesskap for single adults, EM-tiltak by age group: places in persons.
        for slag, c in ((BOFELLESSKAP, VOKSNE), (EM_TILTAK, EM_15_18), (EM_TILTAK, EM_UNDER_15)):
            plasser = sum(
                b.plasser for b in k.boliger if b.type == slag and (slag == BOFELLESSKAP or b.kategori == c)
            )
            ledd = {
                y[gi, kid]: -1.0
                for gi in gis
                if gruppeliste[gi][0].slag == slag and gruppeliste[gi][0].behov[c]
            }
            if plasser and ledd:
                kol = m.var(plasser, heltall=True)
                ledd[kol] = 1.0
                m.rad(ledd, hi=f[slag, c])
                kost[kol] = 1.0
        # «Antall plasser» for the coming weeks, in persons.
        plasser = k.plasser(ANTALL_PLASSER)
        if plasser:
            kol = m.var(plasser, heltall=True)
            ledd = {y[gi, kid]: -float(gruppeliste[gi][0].storrelse) for gi in gis}
            ledd[kol] = 1.0
            m.rad(ledd, hi=f["personer"])
            kost[kol] = 1.0
        # Særlig hensyn: when placement without a suitable dwelling is allowed, prefer where one is reported.
        if tillat_uten_saerlig_bolig:
            plasser = _sh_plasser(k)
            ledd = {
                y[gi, kid]: -float(gruppeliste[gi][0].storrelse)
                for gi in gis
                if gruppeliste[gi][0].saerlig_hensyn
            }
            if plasser and ledd:
                kol = m.var(plasser, heltall=True)
                ledd[kol] = 1.0
                m.rad(ledd, hi=f["sh"])
                kost[kol] = 1.0
    return kost


def _bolignokkel(h: Husstand) -> tuple[str, int]:
    """(kind of housing, family size or category): what a household could use."""
    if h.slag == FAMILIEBOLIG:
        return FAMILIEBOLIG, h.storrelse
    return h.slag, VOKSNE if h.behov[VOKSNE] else (EM_15_18 if h.behov[EM_15_18] else EM_UNDER_15)


def _utfallskost(utfall: Utfallsskaar, gruppeliste, plassert_antall, y, K) -> dict[int, float]:
    """The hook for a predicted-outcome term (GeoMatch, Annie MOORE): the mean score of the group's placed
    households in each kommune. No model is behind it today; see docs/fordelingsforslag.md."""
    kost = {}
    for (gi, kid), kol in y.items():
        plasserte = gruppeliste[gi][: plassert_antall[gi]]
        if plasserte:
            kost[kol] = sum(utfall(h, K[kid]) for h in plasserte) / len(plasserte)
    return kost


# ---- from counts to households, with reasons ----


def _forklar(
    husstander,
    K,
    faste,
    gruppeliste,
    plassert_antall,
    antall_per,
    konflikter,
    felles,
    *,
    tillat_overskridelse,
    tillat_uten_saerlig_bolig,
    utfall=None,
) -> Forslag:
    tildelt: list[tuple[Husstand, Kommune]] = [(h, k) for h, k in faste]
    for gi, medlemmer in enumerate(gruppeliste):
        plasserte = medlemmer[: plassert_antall[gi]]
        plasser = {kid: n for (g, kid), n in antall_per.items() if g == gi and n > 0}
        igjen = []
        for h in plasserte:  # the veiledende tie first, where the group has places there
            kid = h.veiledende_kommune
            if kid is not None and plasser.get(kid, 0) > 0:
                plasser[kid] -= 1
                tildelt.append((h, K[kid]))
            else:
                igjen.append(h)
        for kid in sorted(plasser, key=lambda k: (K[k].andel or 0, k)):
            for _ in range(plasser[kid]):
                if igjen:
                    tildelt.append((igjen.pop(0), K[kid]))
    plasseringer = _plasseringer(tildelt, K, felles, utfall)
    plassert = {p.husstand_id for p in plasseringer}
    blokkert = {k.husstand_id for k in konflikter}
    igjen = {k.id: list(k.ledige) for k in K.values()}
    for h, k in tildelt:
        for c in range(3):
            igjen[k.id][c] -= h.behov[c]
    uplasserte = [
        _hvorfor_ikke(h, K, igjen, tillat_overskridelse, tillat_uten_saerlig_bolig)
        for h in sorted(husstander, key=_rekkefolge)
        if h.id not in plassert and h.id not in blokkert
    ]
    uplasserte = [
        *(Uplassert(k.husstand_id, k.regel, k.tekst) for k in konflikter),
        *uplasserte,
    ]
    return Forslag(plasseringer, uplasserte, konflikter, "optimal", 0.0, 0.0, felles_andel=felles)


def _plasseringer(tildelt, K, felles, utfall) -> list[Plassering]:
    per_kommune: dict[int, list[Husstand]] = defaultdict(list)
    for h, k in tildelt:
        per_kommune[k.id].append(h)
    ut = []
    for kid in sorted(per_kommune):
        k = K[kid]
        hus = sorted(per_kommune[kid], key=_rekkefolge)
        bolig_for = _match_boliger(k, hus)
        foreslatt = [sum(h.behov[c] for h in hus) for c in range(3)]
        over = [c for c in range(3) if foreslatt[c] > k.ledige[c]]
        personer = sum(h.storrelse for h in hus)
        for h in hus:
            pl = Plassering(h.id, kid, bindende=h.bindende_kommune == kid)
            if pl.bindende:
                pl.grunner.append(
                    Grunn("tilknytning", f"Bindende tilknytning: {h.bindende_grunn or 'bindende'}.")
                )
                pl.innmelding_id = h.innmelding_id
            elif h.veiledende_kommune == kid:
                pl.grunner.append(Grunn("tilknytning", f"Veiledende tilknytning til {k.navn} er fulgt."))
                pl.innmelding_id = h.innmelding_id
            elif h.veiledende_kommune is not None:
                annen = K.get(h.veiledende_kommune)
                pl.grunner.append(Grunn("tilknytning", _veiledende_ikke_fulgt(h, annen)))
            pl.grunner.append(Grunn("prioritet", _prioritetstekst(h)))
            if not pl.bindende:
                pl.grunner.append(Grunn("jevnhet", _jevnhetstekst(k, personer, felles)))
            bolig = bolig_for.get(h.id)
            if bolig is not None:
                tekst, innmelding, sh = bolig
                pl.grunner.append(Grunn("bolig", tekst))
                if pl.innmelding_id is None:
                    pl.innmelding_id = innmelding
            if h.saerlig_hensyn and not (bolig and bolig[2]):
                pl.maa_bekreftes = True
                pl.grunner.append(
                    Grunn(
                        "bekreftes",
                        f"Husstanden trenger bolig tilpasset særlig hensyn, og {k.navn} har ikke meldt inn en slik "
                        "bolig eller plass som er ledig: kommunen må bekrefte at behovet kan møtes.",
                    )
                )
            if utfall is not None:
                pl.grunner.append(Grunn("utfall", f"Forventet utfall i {k.navn}: {utfall(h, k):.2f}."))
            mine = [c for c in over if h.behov[c]]
            if mine:
                pl.over_kapasitet = True
                pl.grunner.append(
                    Grunn(
                        "overskridelse",
                        "; ".join(
                            f"{k.navn} får {foreslatt[c]} {KATEGORINAVN[c]}, men har {k.ledige[c]} ledige plasser"
                            for c in mine
                        )
                        + " (tillatt av saksbehandler).",
                    )
                )
            ut.append(pl)
    return ut


def _veiledende_ikke_fulgt(h: Husstand, annen: Kommune | None) -> str:
    if annen is None:
        return "Veiledende tilknytning til en kommune som ikke er med i utvalget; den kunne ikke følges."
    ledige = [annen.ledige[c] for c in range(3) if h.behov[c]]
    if any(n < h.behov[c] for n, c in zip(ledige, [c for c in range(3) if h.behov[c]], strict=True)):
        return f"Veiledende tilknytning til {annen.navn} kunne ikke følges: for få ledige plasser der."
    return (
        f"Veiledende tilknytning til {annen.navn} kunne ikke følges uten å gjøre fordelingen mindre jevn eller "
        "bruke meldte boliger dårligere."
    )


def _jevnhetstekst(k: Kommune, personer: int, felles: float) -> str:
    v = sum(k.vedtak)
    for_ = sum(k.brukt)
    tekst = (
        f"{k.navn} har fylt {_prosent(for_ / v) if v else '–'} av vedtaket ({for_} av {v}) før forslaget og "
        f"{_prosent((for_ + personer) / v) if v else '–'} etter; felles nivå er {_prosent(felles)}."
    )
    if k.dager_siden_sist is None and not for_:
        tekst += f" {k.navn} har ikke fått noen fordelt i år."
    elif k.dager_siden_sist is not None and k.dager_siden_sist >= 14:
        tekst += f" {k.navn} har ikke fått noen fordelingsliste på {k.dager_siden_sist // 7} uker."
    return tekst


def _match_boliger(k: Kommune, hus: list[Husstand]) -> dict[int, tuple[str, int | None, bool]]:
    """Which reported dwelling or place each household can use: særlig hensyn first (persons from the
    suitable places), then families largest first into the smallest Familiebolig that fits, single adults
    into Bofellesskap places, EM into EM-tiltak of their age; «Antall plasser» for the rest while it lasts."""
    ut: dict[int, tuple[str, int | None, bool]] = {}
    igjen = {i: b.plasser for i, b in enumerate(k.boliger)}
    for h in hus:
        if not h.saerlig_hensyn:
            continue
        kandidater = [i for i, b in enumerate(k.boliger) if b.saerlig_hensyn and igjen[i] >= h.storrelse]
        if kandidater:
            i = max(kandidater, key=lambda i: (igjen[i], -i))
            b = k.boliger[i]
            igjen[i] -= b.plasser if b.type == FAMILIEBOLIG else h.storrelse
            ut[h.id] = (f"Tilpasset særlig hensyn: {_boligtekst(b)}.", b.innmelding_id, True)
    for h in sorted(hus, key=lambda h: (-h.storrelse, _rekkefolge(h))):
        if h.id in ut:
            continue
        if h.slag == FAMILIEBOLIG:
            passer = [
                i for i, b in enumerate(k.boliger) if b.type == FAMILIEBOLIG and igjen[i] >= h.storrelse
            ]
            if passer:
                i = min(passer, key=lambda i: (igjen[i], i))
                igjen[i] = 0
                ut[h.id] = (
                    f"{_boligtekst(k.boliger[i])} passer familien på {h.storrelse}.",
                    k.boliger[i].innmelding_id,
                    False,
                )
                continue
        else:
            c = VOKSNE if h.slag == BOFELLESSKAP else (EM_15_18 if h.behov[EM_15_18] else EM_UNDER_15)
            passer = [
                i
                for i, b in enumerate(k.boliger)
                if b.type == h.slag and igjen[i] >= 1 and (h.slag == BOFELLESSKAP or b.kategori == c)
            ]
            if passer:
                i = passer[0]
                igjen[i] -= 1
                ut[h.id] = (f"{_boligtekst(k.boliger[i])}.", k.boliger[i].innmelding_id, False)
                continue
    for h in hus:
        if h.id in ut:
            continue
        for i, b in enumerate(k.boliger):
            if b.type == ANTALL_PLASSER and igjen[i] >= h.storrelse:
                igjen[i] -= h.storrelse
                ut[h.id] = (f"{_boligtekst(b)}.", None, False)
                break
    return ut


def _boligtekst(b: Bolig) -> str:
    nr = f" (innmelding {b.innmelding_id})" if b.innmelding_id else ""
    naar = f", {b.tekst}" if b.tekst else ""
    if b.type == FAMILIEBOLIG:
        return f"Meldt familiebolig for {b.plasser} personer{naar}{nr}"
    if b.type == BOFELLESSKAP:
        return f"Meldt bofellesskap for voksne, {b.plasser} plasser{naar}{nr}"
    if b.type == EM_TILTAK:
        return f"Meldt EM-tiltak for {KATEGORINAVN[b.kategori]}, {b.plasser} plasser{naar}{nr}"
    return f"Kommunen har meldt plass til {b.plasser} personer de nærmeste ukene (Antall plasser{naar})"


def _hvorfor_ikke(h: Husstand, K, igjen, tillat_overskridelse, tillat_uten_saerlig_bolig) -> Uplassert:
    """The rule that kept a household out: no kommune may take it at all, or the places went to households
    with higher priority (or, after a time-out, the solver did not get that far)."""
    if h.behov[EM_UNDER_15] and not any(k.vedtak[EM_UNDER_15] for k in K.values()):
        return Uplassert(
            h.id,
            "em_under_15",
            "Ingen av de valgte kommunene har vedtatt plasser for enslige mindreårige under 15 år.",
        )
    aktuelle = [k for k in K.values() if sum(k.vedtak) and all(k.vedtak[c] for c in range(3) if h.behov[c])]
    if h.saerlig_hensyn and not tillat_uten_saerlig_bolig:
        aktuelle = [k for k in aktuelle if _sh_plasser(k) >= h.storrelse]
        if not aktuelle:
            return Uplassert(
                h.id,
                "saerlig_hensyn",
                "Trenger bolig tilpasset særlig hensyn, og ingen valgt kommune har meldt inn en slik bolig "
                "eller plass. Tillat forslag som kommunen må bekrefte, eller vent på en innmelding.",
            )
    if not aktuelle:
        return Uplassert(
            h.id,
            "kapasitet",
            f"Ingen valgt kommune har vedtak som dekker husstanden ({_kategoritekst(h.behov)}).",
        )
    if not tillat_overskridelse:
        if not [k for k in aktuelle if all(k.ledige[c] >= h.behov[c] for c in range(3))]:
            return Uplassert(
                h.id,
                "kapasitet",
                f"Ingen valgt kommune har ledige plasser nok til hele husstanden, som trenger {_kategoritekst(h.behov)}.",
            )
        if any(all(igjen[k.id][c] >= h.behov[c] for c in range(3)) for k in aktuelle):
            return Uplassert(
                h.id,
                "tid",
                "Ikke plassert innen tidsgrensen, selv om det er ledige plasser. Beregn på nytt, gjerne "
                "med færre husstander eller kommuner.",
            )
    return Uplassert(
        h.id,
        "prioritet",
        f"Husstanden trenger {_kategoritekst(h.behov)}, og de ledige plassene er foreslått til husstander med "
        "høyere prioritet (enslige mindreårige og barnefamilier først, deretter flest husstander og lengst "
        "ventetid).",
    )


def _sh_plasser(k: Kommune) -> int:
    return k.plasser(FAMILIEBOLIG, BOFELLESSKAP, EM_TILTAK, ANTALL_PLASSER, saerlig_hensyn=True)


# ---- the greedy baseline and the key figures ----


def forslag_greedy(husstander: list[Husstand], kommuner: list[Kommune]) -> Forslag:
    """The baseline of the benchmark (issue #9): households in priority order, each to the kommune with the
    most free places in its main category where it fits (free places per category, særlig hensyn only where
    such places are reported, as the optimiser). It does not look at ties, binding or veiledende."""
    start = perf_counter()
    ledige = {k.id: list(k.ledige) for k in kommuner}
    sh = {k.id: _sh_plasser(k) for k in kommuner}
    plasseringer, uplasserte = [], []
    for h in sorted(husstander, key=_rekkefolge):
        hoved = max(range(3), key=lambda c: (h.behov[c], -c))
        passer = [
            k
            for k in kommuner
            if all(ledige[k.id][c] >= h.behov[c] for c in range(3))
            and (not h.saerlig_hensyn or sh[k.id] >= h.storrelse)
        ]
        if not passer:
            uplasserte.append(Uplassert(h.id, "kapasitet", "Ingen kommune med nok ledige plasser."))
            continue
        k = max(passer, key=lambda k: (ledige[k.id][hoved], sum(ledige[k.id]), -k.id))
        for c in range(3):
            ledige[k.id][c] -= h.behov[c]
        if h.saerlig_hensyn:
            sh[k.id] -= h.storrelse
        plasseringer.append(Plassering(h.id, k.id, [Grunn("jevnhet", "Kommunen med flest ledige plasser.")]))
    return Forslag(plasseringer, uplasserte, [], "grådig", 0.0, perf_counter() - start, metode="grådig")


def fyllingsgrader(forslag: Forslag, husstander: list[Husstand], kommuner: list[Kommune]) -> dict[int, float]:
    """Each kommune's fill rate after the suggestion (kommuner with vedtak only)."""
    H = {h.id: h for h in husstander}
    personer = Counter()
    for pl in forslag.plasseringer:
        personer[pl.kommune_id] += H[pl.husstand_id].storrelse
    return {k.id: (sum(k.brukt) + personer[k.id]) / sum(k.vedtak) for k in kommuner if sum(k.vedtak)}


def nokkeltall(forslag: Forslag, husstander: list[Husstand], kommuner: list[Kommune]) -> dict:
    """The benchmark's figures, checked independently of the solver: placed, ties honoured, capacity
    violations, the spread of fill rates, kommuner with free places that get nobody."""
    H = {h.id: h for h in husstander}
    K = {k.id: k for k in kommuner}
    per = defaultdict(lambda: [0, 0, 0])
    for pl in forslag.plasseringer:
        for c in range(3):
            per[pl.kommune_id][c] += H[pl.husstand_id].behov[c]
    brudd = sum(1 for kid, tall in per.items() for c in range(3) if tall[c] > K[kid].ledige[c])
    bundne = [h for h in husstander if h.bindende_kommune is not None]
    sted = {pl.husstand_id: pl.kommune_id for pl in forslag.plasseringer}
    fulgt = sum(1 for h in bundne if sted.get(h.id) == h.bindende_kommune)
    em_u15_brudd = sum(1 for kid, tall in per.items() if tall[EM_UNDER_15] and not K[kid].vedtak[EM_UNDER_15])
    andeler = list(fyllingsgrader(forslag, husstander, kommuner).values())
    tomme = [k for k in kommuner if sum(k.ledige) and not sum(per[k.id])]
    return {
        "husstander": len(husstander),
        "plassert": len(forslag.plasseringer),
        "personer_plassert": sum(H[pl.husstand_id].storrelse for pl in forslag.plasseringer),
        "bindende": len(bundne),
        "bindende_fulgt": fulgt,
        "kapasitetsbrudd": brudd,
        "em_under_15_brudd": em_u15_brudd,
        "spredning": (max(andeler) - min(andeler)) if andeler else 0.0,
        "standardavvik": statistics.pstdev(andeler) if len(andeler) > 1 else 0.0,
        "kommuner_uten": len(tomme),
        "sekunder": forslag.sekunder,
        "gap": forslag.gap,
        "status": forslag.status,
    }
