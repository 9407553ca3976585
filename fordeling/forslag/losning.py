"""The optimiser: `forslag_beregn` fixes the binding ties, then solves one objective per step on one HiGHS
model (households placed by priority, evenness, reported housing, veiledende ties, the predicted-outcome
hook), each step keeping the ones before at their optimum; `forklaring` turns the counts into households
with reasons."""

import math
from collections import Counter, defaultdict
from time import perf_counter

from .avrunding import jevnhet_heltall
from .forklaring import bindende_konflikt, forklar
from .highs import Modell
from .modell import (
    ANTALL_PLASSER,
    BOFELLESSKAP,
    EM_15_18,
    EM_TILTAK,
    EM_UNDER_15,
    FAMILIEBOLIG,
    VOKSNE,
    Forslag,
    Husstand,
    Kommune,
    Konflikt,
    Oppsett,
    Utfallsskaar,
    prioritetsorden,
    sh_plasser,
)

# Step 1 (households placed) is proven to within HiGHS's default 0.01 %; evenness and the later steps to
# within 0.25 % (the bar of issue #21 is 0.5 %).
GAP_JEVNHET = GAP_SENERE = 0.0025
# Each step's budget. The binding one is branch-and-bound nodes: with one thread and a fixed seed HiGHS
# searches the same nodes in the same order whatever the machine's load, so the same input gives the same
# suggestion. The seconds are a safeguard: each step has its share of `tidsgrense` and may use what the
# steps before it left, never the later steps' shares; a step that stops there says so (Trinn.grense
# «tid»), and only then may the result depend on the load.
NODER = {"plassert": 500, "jevnhet": 500, "bolig": 200, "veiledende": 200, "utfall": 200}
TIDSANDEL = {"plassert": 0.35, "jevnhet": 0.15, "bolig": 0.2, "veiledende": 0.3, "utfall": 0.10}
# The evenness penalty: breakpoints of |fill rate − common rate| and the slope on each segment. The slope
# on [l, u] is l + u, the secant of x², so the penalty follows the squared deviation within a few per cent.
KNEKK = (0.02, 0.05, 0.10, 0.15, 0.20, 0.30, 0.50, 1.00, math.inf)
HELNINGER = (0.02, 0.07, 0.15, 0.25, 0.35, 0.50, 0.80, 1.50, 3.00)
SKALA_JEVNHET = 100.0


def _gruppenokkel(h: Husstand) -> tuple:
    """Households with the same key are interchangeable to every rule and objective apart from their
    priority weight (which the per-household shares carry): persons per category (hence size and kind of
    housing) and særlig hensyn. «Family with children» only changes the weight, so it is not part of the key:
    splitting on it would give two symmetric counts per kommune for the same households."""
    return (h.behov, h.saerlig_hensyn)


def oppsett(
    husstander: list[Husstand],
    kommuner: list[Kommune],
    *,
    tillat_overskridelse: bool = False,
    tillat_uten_saerlig_bolig: bool = False,
    utfall: Utfallsskaar | None = None,
) -> Oppsett:
    """The model's data (`Oppsett`): binding ties fixed up front, in priority order (what cannot be honoured
    is a named conflict); the others in groups of interchangeable households, with the most of each group
    each kommune may take."""
    K = {k.id: k for k in kommuner}
    rest = {k.id: list(k.ledige) for k in kommuner}  # free places left after the binding ties
    sh_rest = {k.id: sh_plasser(k) for k in kommuner}
    faste: list[tuple[Husstand, Kommune]] = []
    konflikter: list[Konflikt] = []
    for h in sorted((h for h in husstander if h.bindende_kommune is not None), key=prioritetsorden):
        konflikt = bindende_konflikt(h, K, rest, tillat_overskridelse)
        if konflikt:
            konflikter.append(konflikt)
            continue
        k = K[h.bindende_kommune]
        for c in range(3):
            rest[k.id][c] -= h.behov[c]
        if h.saerlig_hensyn:
            sh_rest[k.id] -= h.storrelse
        faste.append((h, k))
    grupper: dict[tuple, list[Husstand]] = defaultdict(list)
    for h in husstander:
        if h.bindende_kommune is None:
            grupper[_gruppenokkel(h)].append(h)
    gruppeliste = [sorted(medlemmer, key=prioritetsorden) for _, medlemmer in sorted(grupper.items())]
    ovre: dict[tuple[int, int], int] = {}
    ved_kommune: dict[int, list[int]] = defaultdict(list)
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
                ovre[gi, k.id] = ub
                ved_kommune[k.id].append(gi)
    return Oppsett(
        K,
        faste,
        konflikter,
        rest,
        sh_rest,
        gruppeliste,
        ovre,
        ved_kommune,
        tillat_overskridelse,
        tillat_uten_saerlig_bolig,
        utfall,
        plassert_antall=[0] * len(gruppeliste),
    )


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
    # 1. Binding ties are fixed up front; 2. the others in groups of interchangeable households: integer
    # counts per (group, kommune), and per household a share p in [0, 1] of «placed», so the count goes to
    # the group's first households.
    o = oppsett(
        husstander,
        kommuner,
        tillat_overskridelse=tillat_overskridelse,
        tillat_uten_saerlig_bolig=tillat_uten_saerlig_bolig,
        utfall=utfall,
    )
    gruppeliste, y, plassert_antall = o.gruppeliste, o.y, o.plassert_antall

    m = Modell(start + tidsgrense)
    trinnliste = [t for t in TIDSANDEL if t != "utfall" or utfall is not None]
    sum_andel = sum(TIDSANDEL[t] for t in trinnliste)

    def tid(nokkel: str) -> float:
        """The step's seconds: what is left, less the later steps' shares."""
        senere = trinnliste[trinnliste.index(nokkel) + 1 :]
        reserve = sum(TIDSANDEL[t] for t in senere) / sum_andel * tidsgrense
        return m.frist - perf_counter() - reserve

    p: list[list[int]] = []
    for gi, medlemmer in enumerate(gruppeliste):
        for k in kommuner:
            if (gi, k.id) in o.ovre:
                y[gi, k.id] = m.var(o.ovre[gi, k.id], heltall=True)
        p.append([m.var(1.0) for _ in medlemmer])
    for gi in range(len(gruppeliste)):
        ledd = {y[gi, kid]: 1.0 for kid in o.K if (gi, kid) in y}
        ledd.update({c: -1.0 for c in p[gi]})
        m.rad(ledd, 0.0, 0.0)
    for kid, gis in o.ved_kommune.items():
        if not tillat_overskridelse:
            for c in range(3):
                ledd = {y[gi, kid]: gruppeliste[gi][0].behov[c] for gi in gis if gruppeliste[gi][0].behov[c]}
                if ledd:
                    m.rad(ledd, hi=o.rest[kid][c])
        if not tillat_uten_saerlig_bolig:
            ledd = {
                y[gi, kid]: gruppeliste[gi][0].storrelse for gi in gis if gruppeliste[gi][0].saerlig_hensyn
            }
            if ledd:
                m.rad(ledd, hi=max(o.sh_rest[kid], 0))

    # Step 1: households placed, each counted with its priority weight (Husstand.vekt).
    vekt = {c: gruppeliste[gi][i].vekt for gi, cs in enumerate(p) for i, c in enumerate(cs)}
    fullfort = bool(vekt) and m.los(
        "Plasserte husstander, vektet etter prioritet",
        vekt,
        maks=True,
        tid=tid("plassert"),
        noder=NODER["plassert"],
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
    o.felles = felles_andel(o)

    if fullfort and m.x is not None:
        # Step 2: evenness, exact at whole persons (see _jevnhetskost); then every kommune keeps its number.
        kost, konstant, segmenter = _jevnhetsmodell(m, o)
        if kost and _jevnhet(m, o, kost, konstant, segmenter, tid("jevnhet")):
            # Every kommune keeps its number of persons: its penalty segments are fixed (whole persons).
            kolonner = [kol for seg in segmenter.values() for kol, _ in seg]
            m.fest(kolonner, [float(round(m.verdi(kol))) for kol in kolonner])
        else:
            fullfort = False
    if fullfort and m.x is not None:
        # Step 3: reported housing used; step 4: veiledende tilknytning; step 5 (hook): predicted outcome.
        veiledende: dict[int, float] = {}
        veiledende_start: list[tuple[int, int, int]] = []
        boligstart: list = []
        for gi, medlemmer in enumerate(gruppeliste):
            plasserte = medlemmer[: plassert_antall[gi]]
            for kid, antall in Counter(
                h.veiledende_kommune for h in plasserte if h.veiledende_kommune
            ).items():
                if (gi, kid) in y:
                    kol = m.var(antall, heltall=True)
                    m.rad({kol: 1.0, y[gi, kid]: -1.0}, hi=0.0)
                    veiledende[kol] = 1.0
                    veiledende_start.append((kol, antall, y[gi, kid]))
        trinn = [
            ("bolig", "Meldte boliger brukt", _boligmodell(m, o, boligstart)),
            ("veiledende", "Veiledende tilknytning fulgt", veiledende),
        ]
        if utfall is not None:
            trinn.append(("utfall", "Forventet utfall", utfallskost(o)))
        for nokkel, navn, kost in trinn:
            if not kost:
                continue
            # The warm start of the ties' columns: what the solution so far already honours.
            m.start({kol: min(antall, round(m.verdi(ykol))) for kol, antall, ykol in veiledende_start})
            if nokkel == "bolig":  # the housing the solution so far already uses
                for verdier in boligstart:
                    m.start(verdier(m.verdi))
            maal = kost
            if nokkel == "bolig" and veiledende:
                # Between equally good uses of housing, prefer the one that honours more veiledende ties:
                # together they weigh less than half a dwelling, so they never buy housing. Step 4 then
                # starts from a solution that already honours many ties (and HiGHS need not find them).
                eps = 0.5 / (len(veiledende) + 1) / max(veiledende.values())
                maal = {**kost, **{kol: eps * v for kol, v in veiledende.items()}}
            if not m.los(navn, maal, maks=True, gap=GAP_SENERE, tid=tid(nokkel), noder=NODER[nokkel]):
                break
            m.trinn[-1].verdi = sum(c * m.verdi(kol) for kol, c in kost.items())
            m.hold(kost, maks=True)

    antall_per = {key: round(m.verdi(c)) for key, c in y.items()}
    forslag = forklar(husstander, o, antall_per)
    forslag.trinn = m.trinn
    forslag.status = "optimal" if all(t.status == "optimal" for t in m.trinn) else "tidsgrense"
    forslag.gap = max((t.gap for t in m.trinn), default=0.0)
    if m.x is None and gruppeliste:
        forslag.status, forslag.gap = "ingen løsning", math.inf
    forslag.sekunder = perf_counter() - start
    return forslag


def _jevnhet(m: Modell, o: Oppsett, kost, konstant, segmenter, sekunder: float) -> bool:
    """Step 2, evenness. The LP relaxation gives a bound (tight: the penalty is exact at whole persons) and
    each kommune's aim; `avrunding.jevnhet_heltall` turns it into whole households. When that is within
    GAP_JEVNHET of the LP bound it is kept as proven; otherwise HiGHS starts from it (or from step 1's
    solution) and improves and proves it within the step's budget. Everything here is deterministic."""
    navn = "Jevn fordeling"
    start = perf_counter()
    x_lp = m.lp(kost, maks=False)
    nedre = konstant + sum(c * x_lp[i] for i, c in kost.items()) if x_lp is not None else None
    start_x = None
    if x_lp is not None:
        antall = jevnhet_heltall(x_lp, m.x, o)
        if antall is not None:
            start_x = list(m.x)
            for kol in o.y.values():
                start_x[kol] = 0.0
            for key, n in antall.items():
                start_x[o.y[key]] = float(n)
            for kid, ledd in _personer_ved(o).items():
                igjen = sum(start_x[c] * v for c, v in ledd.items())
                for kol, bredde in segmenter[kid]:
                    start_x[kol] = min(bredde, igjen)
                    igjen -= start_x[kol]
            verdi = konstant + sum(c * start_x[i] for i, c in kost.items())
            gap = max(verdi - nedre, 0.0) / verdi if verdi > 0 else 0.0
            if gap <= GAP_JEVNHET:
                m.godta(navn, start_x, kost, konstant=konstant, gap=gap, sekunder=perf_counter() - start)
                return True
    return m.los(
        navn,
        kost,
        maks=False,
        konstant=konstant,
        start_x=start_x,
        gap=GAP_JEVNHET,
        tid=sekunder - (perf_counter() - start),
        noder=NODER["jevnhet"],
        nedre=nedre,
    )


def _personer_ved(o: Oppsett) -> dict[int, dict[int, float]]:
    """Per kommune, the persons each of its count columns brings."""
    return {
        kid: {o.y[gi, kid]: float(o.gruppeliste[gi][0].storrelse) for gi in gis}
        for kid, gis in o.ved_kommune.items()
    }


def _jevnhetsmodell(m: Modell, o: Oppsett):
    """Evenness as Σ vedtak·(fill rate − common rate)², each kommune's term a convex function of the whole
    number of persons A it receives, drawn as a piecewise-linear curve with a breakpoint at every whole
    person near the target (wider steps far beyond it). At whole persons the curve is exact, so the LP bound
    is tight and the integer programme closes fast. Returns (costs, constant: the penalty at A = 0)."""
    fast = faste_personer(o)
    totalt = sum(g[0].storrelse * n for g, n in zip(o.gruppeliste, o.plassert_antall, strict=True))
    kost: dict[int, float] = {}
    segmenter: dict[int, list[tuple[int, int]]] = defaultdict(list)
    konstant = 0.0
    for kid, ledd in _personer_ved(o).items():
        k = o.K[kid]
        v = sum(k.vedtak)
        grunn = sum(k.brukt) + fast[kid]

        def straff(a, v=v, grunn=grunn):
            return SKALA_JEVNHET * v * ((grunn + a) / v - o.felles) ** 2

        maks = min(totalt, sum(o.ovre[gi, kid] * o.gruppeliste[gi][0].storrelse for gi in o.ved_kommune[kid]))
        knekk = knekkpunkter(maks, max(o.felles * v - grunn, 0.0))
        segment = {}
        for a, b in zip(knekk, knekk[1:], strict=False):
            kol = m.var(b - a)
            segment[kol] = -1.0
            kost[kol] = (straff(b) - straff(a)) / (b - a)
            segmenter[kid].append((kol, b - a))
        konstant += straff(0)
        m.rad({**ledd, **segment}, 0.0, 0.0)
    return kost, konstant, segmenter


def _boligplasser(h: Husstand, k: Kommune, tillat_uten_saerlig_bolig: bool) -> int:
    """How many households like `h` the kommune's reported housing could take (step 3's reward, counted per
    group: an estimate for the evenness step's tie-breaking, not a constraint)."""
    if h.saerlig_hensyn and tillat_uten_saerlig_bolig:
        return sh_plasser(k) // h.storrelse
    if h.slag == FAMILIEBOLIG:
        return sum(1 for b in k.boliger if b.type == FAMILIEBOLIG and b.plasser >= h.storrelse)
    if h.slag == BOFELLESSKAP:
        return k.plasser(BOFELLESSKAP)
    kategori = EM_15_18 if h.behov[EM_15_18] else EM_UNDER_15
    return sum(b.plasser for b in k.boliger if b.type == EM_TILTAK and b.kategori == kategori)


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


def felles_andel(o: Oppsett) -> float:
    """The common fill rate: what the kommuner with vedtak reach together once the suggestion is placed."""
    vedtak = sum(sum(k.vedtak) for k in o.K.values())
    if not vedtak:
        return 0.0
    personer = sum(h.storrelse for h, k in o.faste if sum(k.vedtak))
    personer += sum(g[0].storrelse * n for g, n in zip(o.gruppeliste, o.plassert_antall, strict=True))
    return (sum(sum(k.brukt) for k in o.K.values()) + personer) / vedtak


def faste_personer(o: Oppsett) -> Counter:
    """Per kommune id, the persons its binding ties bring."""
    fast = Counter()
    for h, k in o.faste:
        fast[k.id] += h.storrelse
    return fast


def knekkpunkter(maks: int, maal: float) -> list[int]:
    """The evenness penalty's breakpoints, in persons a kommune receives: every whole person up to twice
    its target `maal` (and ten more), doubling steps beyond, up to `maks`."""
    knekk = list(range(0, min(maks, math.ceil(2 * maal) + 10) + 1))
    while knekk[-1] < maks:
        knekk.append(min(maks, knekk[-1] + max(knekk[-1], 1)))
    return knekk


def _boligmodell(m: Modell, o: Oppsett, start):
    """Columns counting reported housing used at each kommune; returns their objective. The binding ties'
    households are constants here: they use the housing first. `start` gets, per kommune, a function that
    gives the columns' values for the solution so far (a warm start: what it already uses)."""
    gruppeliste, y = o.gruppeliste, o.y
    kost: dict[int, float] = {}

    def enkel(kol, plasser, konstant, ledd):
        return lambda verdi: {kol: min(plasser, konstant + sum(-c * verdi(y_) for y_, c in ledd.items()))}

    def familie(kol, boliger, konstant, ledd):
        def verdier(verdi):
            ut, brukt = {}, 0
            for s in sorted(kol, reverse=True):  # largest first: exact for nested sets (Hall)
                antall = konstant[s] + sum(round(verdi(y_)) for y_ in ledd[s])
                ut[kol[s]] = min(antall, sum(1 for b in boliger if b >= s) - brukt)
                brukt += ut[kol[s]]
            return ut

        return verdier

    fast = defaultdict(Counter)
    for h, k in o.faste:
        fast[k.id][_bolignokkel(h)] += 1
        fast[k.id]["personer"] += h.storrelse
        if h.saerlig_hensyn:
            fast[k.id]["sh"] += h.storrelse
    for kid, gis in o.ved_kommune.items():
        k = o.K[kid]
        f = fast[kid]
        # Familiebolig: a family of s persons needs a dwelling for at least s (Hall's condition per size).
        boliger = [b.plasser for b in k.boliger if b.type == FAMILIEBOLIG]
        storrelser = sorted(
            {gruppeliste[gi][0].storrelse for gi in gis if gruppeliste[gi][0].slag == FAMILIEBOLIG}
        )
        if boliger and storrelser:
            kol, konstant, familier = {}, {}, {}
            for s in storrelser:
                kol[s] = m.var(sum(1 for b in boliger if b >= s), heltall=True)
                ledd = {kol[s]: 1.0}
                for gi in gis:
                    g0 = gruppeliste[gi][0]
                    if g0.slag == FAMILIEBOLIG and g0.storrelse == s:
                        ledd[y[gi, kid]] = -1.0
                m.rad(ledd, hi=f[FAMILIEBOLIG, s])
                kost[kol[s]] = 1.0
                konstant[s] = f[FAMILIEBOLIG, s]
                familier[s] = [c for c in ledd if c != kol[s]]
            start.append(familie(kol, boliger, konstant, familier))
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
                start.append(enkel(kol, plasser, f[slag, c], dict(ledd)))
                ledd[kol] = 1.0
                m.rad(ledd, hi=f[slag, c])
                kost[kol] = 1.0
        # «Antall plasser» for the coming weeks, in persons.
        plasser = k.plasser(ANTALL_PLASSER)
        if plasser:
            kol = m.var(plasser, heltall=True)
            ledd = {y[gi, kid]: -float(gruppeliste[gi][0].storrelse) for gi in gis}
            start.append(enkel(kol, plasser, f["personer"], dict(ledd)))
            ledd[kol] = 1.0
            m.rad(ledd, hi=f["personer"])
            kost[kol] = 1.0
        # Særlig hensyn: when placement without a suitable dwelling is allowed, prefer where one is reported.
        if o.tillat_uten_saerlig_bolig:
            plasser = sh_plasser(k)
            ledd = {
                y[gi, kid]: -float(gruppeliste[gi][0].storrelse)
                for gi in gis
                if gruppeliste[gi][0].saerlig_hensyn
            }
            if plasser and ledd:
                kol = m.var(plasser, heltall=True)
                start.append(enkel(kol, plasser, f["sh"], dict(ledd)))
                ledd[kol] = 1.0
                m.rad(ledd, hi=f["sh"])
                kost[kol] = 1.0
    return kost


def _bolignokkel(h: Husstand) -> tuple[str, int]:
    """(kind of housing, family size or category): what a household could use."""
    if h.slag == FAMILIEBOLIG:
        return FAMILIEBOLIG, h.storrelse
    return h.slag, VOKSNE if h.behov[VOKSNE] else (EM_15_18 if h.behov[EM_15_18] else EM_UNDER_15)


def utfallskost(o: Oppsett) -> dict[int, float]:
    """The hook for a predicted-outcome term (GeoMatch, Annie MOORE): the mean score of the group's placed
    households in each kommune. No model is behind it today; see docs/fordelingsforslag.md."""
    kost = {}
    for (gi, kid), kol in o.y.items():
        plasserte = o.gruppeliste[gi][: o.plassert_antall[gi]]
        if plasserte:
            kost[kol] = sum(o.utfall(h, o.K[kid]) for h in plasserte) / len(plasserte)
    return kost
