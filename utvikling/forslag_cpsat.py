"""OR-Tools CP-SAT on the Fordelingsforslag's first two steps, for the side-by-side measurement against
HiGHS (issue #21): `python manage.py bench_forslag --losere highs cpsat`. Benchmark only; `ortools` is not a
dependency of the project (install it by hand to run this).

The same aggregated model as `fordeling.forslag.losning`: binding ties fixed first, an integer count per
(group of interchangeable households, kommune) with the same upper bounds, capacity per category and
særlig-hensyn places in persons. Step 1 maximises households placed by priority weight (scaled to whole
numbers: Husstand.vekt × 2920 is an integer); step 2, with who is placed fixed, minimises the same evenness
penalty Σ vedtak·(fill rate − common rate)², exact at whole persons as the maximum of its secants (scaled by
1,000 and rounded). Steps 3–5 (housing, veiledende ties, outcome) are not modelled: they do not change the
figures the bar is about (placed, spread), and their time is reported for HiGHS only.

Budgets are CP-SAT's deterministic time per step (`max_deterministic_time`), with wall-clock seconds as a
safeguard; with one worker the search is deterministic."""

import math
from time import perf_counter

from fordeling.forslag.forklaring import forklar
from fordeling.forslag.losning import SKALA_JEVNHET, faste_personer, felles_andel, knekkpunkter, oppsett
from fordeling.forslag.modell import MAKS_VENTEDAGER, Forslag, Husstand, Kommune, Trinn

VEKTSKALA = 4 * MAKS_VENTEDAGER  # vekt × 2920 = 2920 + 1460 (priority) + waiting days (up to 730)
KOSTSKALA = 1000.0  # the evenness penalty in thousandths
DETERMINISTISK = {"plassert": 20.0, "jevnhet": 20.0}  # CP-SAT's deterministic time per step


def _heltallsvekt(h: Husstand) -> int:
    return VEKTSKALA + (VEKTSKALA // 2 if h.prioritert else 0) + min(h.ventedager, MAKS_VENTEDAGER)


def forslag_cpsat(
    husstander: list[Husstand],
    kommuner: list[Kommune],
    *,
    tidsgrense: float = 25.0,
    arbeidere: int = 1,
    seed: int = 0,
) -> Forslag:
    from ortools.sat.python import cp_model

    start = perf_counter()
    o = oppsett(husstander, kommuner)  # the binding ties fixed, the groups and their upper bounds
    K, gruppeliste, ovre, ved_kommune = o.K, o.gruppeliste, o.ovre, o.ved_kommune

    modell = cp_model.CpModel()
    y = o.y
    for (gi, kid), ub in ovre.items():
        y[gi, kid] = modell.new_int_var(0, ub, f"y_{gi}_{kid}")
    for kid, gis in ved_kommune.items():
        for c in range(3):
            ledd = [gruppeliste[gi][0].behov[c] * y[gi, kid] for gi in gis if gruppeliste[gi][0].behov[c]]
            if ledd:
                modell.add(sum(ledd) <= max(o.rest[kid][c], 0))
        ledd = [gruppeliste[gi][0].storrelse * y[gi, kid] for gi in gis if gruppeliste[gi][0].saerlig_hensyn]
        if ledd:
            modell.add(sum(ledd) <= max(o.sh_rest[kid], 0))
    # Step 1: a boolean per household, the group's count the sum of its booleans (the heaviest go first).
    p = []
    for gi, medlemmer in enumerate(gruppeliste):
        bs = [modell.new_bool_var(f"p_{gi}_{i}") for i in range(len(medlemmer))]
        for a, b in zip(bs, bs[1:], strict=False):
            modell.add_implication(b, a)  # placed in priority order within the group
        modell.add(sum(bs) == sum(y[gi, kid] for kid in K if (gi, kid) in y))
        p.append(bs)
    vekt = sum(_heltallsvekt(gruppeliste[gi][i]) * b for gi, bs in enumerate(p) for i, b in enumerate(bs))
    trinn: list[Trinn] = []

    def los(navn, nokkel, tid):
        losning = cp_model.CpSolver()
        losning.parameters.num_workers = arbeidere
        losning.parameters.random_seed = seed
        losning.parameters.max_deterministic_time = DETERMINISTISK[nokkel]
        losning.parameters.max_time_in_seconds = max(tid, 0.5)
        t0 = perf_counter()
        status = losning.solve(modell)
        sekunder = perf_counter() - t0
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            trinn.append(Trinn(navn, "ingen løsning", 0.0, math.inf, sekunder, grense="tid"))
            return None
        verdi, grense_verdi = losning.objective_value, losning.best_objective_bound
        gap = abs(verdi - grense_verdi) / abs(verdi) if verdi else 0.0
        optimal = status == cp_model.OPTIMAL
        grense = ""
        if not optimal:
            grense = "tid" if losning.wall_time >= max(tid, 0.5) * 0.99 else "deterministisk tid"
        trinn.append(Trinn(navn, "optimal" if optimal else "tidsgrense", verdi, gap, sekunder, grense=grense))
        return losning

    modell.maximize(vekt)
    losning = los("Plasserte husstander, vektet etter prioritet", "plassert", 0.6 * tidsgrense)
    antall_per = {}
    if losning is not None:
        o.plassert_antall = plassert_antall = [sum(losning.value(b) for b in bs) for bs in p]
        forrige = {key: losning.value(var) for key, var in y.items()}
        for key, var in y.items():  # a warm start: step 1's solution (completed below)
            modell.add_hint(var, forrige[key])
        for bs in p:
            for b in bs:
                modell.add_hint(b, losning.value(b))
        modell.add(vekt >= round(losning.objective_value))
        for gi, bs in enumerate(p):
            for i, b in enumerate(bs):
                modell.add(b == (1 if i < plassert_antall[gi] else 0))
        o.felles = felles = felles_andel(o)
        fast = faste_personer(o)
        totalt = sum(g[0].storrelse * n for g, n in zip(gruppeliste, plassert_antall, strict=True))
        kostnader = []
        for kid, gis in ved_kommune.items():
            k = K[kid]
            v, grunn = sum(k.vedtak), sum(k.brukt) + fast[kid]
            maks = min(totalt, sum(ovre[gi, kid] * gruppeliste[gi][0].storrelse for gi in gis))
            personer = modell.new_int_var(0, maks, f"a_{kid}")
            modell.add(personer == sum(gruppeliste[gi][0].storrelse * y[gi, kid] for gi in gis))

            # The convex penalty as the maximum of its secants (exact at the breakpoints: every whole person
            # near the target, doubling steps beyond, as the HiGHS model), in whole thousandths.
            def straff(a, v=v, grunn=grunn):
                return round(KOSTSKALA * SKALA_JEVNHET * v * ((grunn + a) / v - felles) ** 2)

            knekk = knekkpunkter(maks, max(felles * v - grunn, 0.0))
            kost = modell.new_int_var(0, max(straff(0), straff(maks)), f"f_{kid}")
            for a, b in zip(knekk, knekk[1:], strict=False):
                fa, fb = straff(a), straff(b)
                modell.add(kost * (b - a) >= fa * (b - a) + (fb - fa) * (personer - a))
            a0 = sum(gruppeliste[gi][0].storrelse * forrige[gi, kid] for gi in gis)
            modell.add_hint(personer, a0)
            modell.add_hint(kost, max(straff(x) for x in (a0,)))
            kostnader.append(kost)
        modell.minimize(sum(kostnader))
        losning2 = los("Jevn fordeling", "jevnhet", tidsgrense - (perf_counter() - start))
        if losning2 is not None:
            losning = losning2
            trinn[-1].verdi /= KOSTSKALA
        antall_per = {key: losning.value(var) for key, var in y.items()}
    forslag = forklar(husstander, o, antall_per)
    forslag.trinn = trinn
    forslag.status = "optimal" if all(t.status == "optimal" for t in trinn) else "tidsgrense"
    forslag.gap = max((t.gap for t in trinn), default=0.0)
    forslag.sekunder = perf_counter() - start
    forslag.metode = "optimering"
    return forslag
