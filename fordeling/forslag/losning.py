"""The optimiser: `forslag_beregn` fixes the binding ties, then solves one objective per step on one HiGHS
model (households placed by priority, evenness, reported housing, veiledende ties, the predicted-outcome
hook), each step keeping the ones before at their optimum; `forklaring` turns the counts into households
with reasons."""

import math
from collections import Counter, defaultdict
from time import perf_counter

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
    Utfallsskaar,
    prioritetsorden,
    sh_plasser,
)

GAP_JEVNHET = 0.0025  # evenness is proven to within 0.25 % (the other steps to HiGHS's default 0.01 %)
# Shares of the time limit: step 1 may use up to 35 %; evenness must leave 30 % for housing and ties, of
# which housing must leave 12 %; the neighbourhood search for evenness's warm start gets 10 %.
ANDEL_TRINN1, RESERVE_JEVNHET, RESERVE_BOLIG, ANDEL_NABO = 0.35, 0.30, 0.12, 0.10
# The evenness penalty: breakpoints of |fill rate − common rate| and the slope on each segment. The slope
# on [l, u] is l + u, the secant of x², so the penalty follows the squared deviation within a few per cent.
KNEKK = (0.02, 0.05, 0.10, 0.15, 0.20, 0.30, 0.50, 1.00, math.inf)
HELNINGER = (0.02, 0.07, 0.15, 0.25, 0.35, 0.50, 0.80, 1.50, 3.00)
SKALA_JEVNHET = 100.0


def _gruppenokkel(h: Husstand) -> tuple:
    """Households with the same key are interchangeable to the model apart from their priority."""
    return (h.behov, h.saerlig_hensyn, h.barn)


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
    sh_rest = {k.id: sh_plasser(k) for k in kommuner}

    # 1. Binding ties are fixed up front, in priority order; what cannot be honoured is a named conflict.
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

    # 2. The others in groups of interchangeable households: integer counts per (group, kommune), and per
    # household a share p in [0, 1] of «placed», so the count goes to the group's first households.
    grupper: dict[tuple, list[Husstand]] = defaultdict(list)
    for h in husstander:
        if h.bindende_kommune is None:
            grupper[_gruppenokkel(h)].append(h)
    gruppeliste = [sorted(medlemmer, key=prioritetsorden) for _, medlemmer in sorted(grupper.items())]

    m = Modell(start + tidsgrense)
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
    forslag = forklar(
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


def _boligmodell(m: Modell, gruppeliste, y, ved_kommune, faste, K, tillat_uten_saerlig_bolig):
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
            plasser = sh_plasser(k)
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
