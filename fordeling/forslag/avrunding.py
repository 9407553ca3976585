"""Whole households for the evenness step (issue #21): the LP relaxation of `losning`'s evenness model is a
tight bound (its penalty is exact at whole persons), and this deterministic rounding and local search turns
the LP's solution into whole households, usually at the bound itself, so the step is proven without HiGHS
branching. Called by `losning._jevnhet` only."""

import math

from .modell import VOKSNE, Oppsett


def jevnhet_heltall(x_lp, x_trinn1, o: Oppsett) -> dict[tuple[int, int], int] | None:
    """Whole households per (group, kommune) for the evenness step, every capacity kept: families take the
    LP's whole counts, their remaining households go where one more costs the least; households of one
    person are then spread one by one where they cost the least (exact for them, the penalty being convex);
    last, households are moved one at a time between kommuner while that lowers the penalty. Deterministic
    (ties go to the lowest index). None when a group cannot be placed (HiGHS then starts from step 1).
    `x_lp`, `x_trinn1`: the LP's and step 1's values of the model's columns (`o.y`)."""
    import numpy as np

    from .losning import SKALA_JEVNHET, _boligplasser, faste_personer, utfallskost  # the optimiser's own

    y, gruppeliste, plassert_antall, K = o.y, o.gruppeliste, o.plassert_antall, o.K

    kids = sorted({kid for _, kid in y})
    if not kids:
        return {}
    j = {kid: i for i, kid in enumerate(kids)}
    G, n = len(gruppeliste), len(kids)
    S = np.array([g[0].storrelse for g in gruppeliste], dtype=np.float64)
    B = np.array([g[0].behov for g in gruppeliste], dtype=np.float64)
    SH = np.array([g[0].saerlig_hensyn for g in gruppeliste], dtype=bool)
    U = np.zeros((G, n))
    for (gi, kid), ub in o.ovre.items():
        U[gi, j[kid]] = ub
    cap = np.array([o.rest[kid] for kid in kids], dtype=np.float64)
    if o.tillat_overskridelse:
        cap[:] = np.inf
    shc = np.array([o.sh_rest[kid] for kid in kids], dtype=np.float64)
    if o.tillat_uten_saerlig_bolig:
        shc[:] = np.inf
    fast = faste_personer(o)
    v = np.array([sum(K[kid].vedtak) for kid in kids], dtype=np.float64)
    grunn = np.array([sum(K[kid].brukt) + fast[kid] for kid in kids], dtype=np.float64)
    cnt = np.zeros((G, n))
    A = np.zeros(n)
    # Between placements equally even, prefer what the later steps reward: the kommune's reported dwellings
    # or places of the household's kind (up to their number), then its veiledende ties (half as much), then
    # the outcome hook. A tiny bonus (EPS per unit; evenness itself is checked against the LP bound
    # afterwards), so only ties in evenness are broken by it.
    EPS = 1e-6
    boligkap = np.zeros((G, n))
    for gi, medlemmer in enumerate(gruppeliste):
        for kid in kids:
            boligkap[gi, j[kid]] = _boligplasser(medlemmer[0], K[kid], o.tillat_uten_saerlig_bolig)
    bundet = np.zeros((G, n))
    for gi, medlemmer in enumerate(gruppeliste):
        for h in medlemmer[: plassert_antall[gi]]:
            if h.veiledende_kommune in j:
                bundet[gi, j[h.veiledende_kommune]] += 1

    skaar = np.zeros((G, n))  # the predicted outcome (the hook), scaled to at most 0.001: the last tie-break
    if o.utfall is not None:
        per_kolonne = utfallskost(o)
        for (gi, kid), kol in y.items():
            skaar[gi, j[kid]] = per_kolonne.get(kol, 0.0)
        if np.abs(skaar).max() > 0:
            skaar *= 1e-3 / np.abs(skaar).max()

    def bonus(gi, antall):  # the bonus of `antall` households of the group in each kommune
        return np.minimum(antall, boligkap[gi]) + 0.5 * np.minimum(antall, bundet[gi]) + skaar[gi] * antall

    def gevinst(gi, k=1):  # the bonus gained with k more households of the group in each kommune
        return bonus(gi, cnt[gi] + k) - bonus(gi, cnt[gi])

    def tap(gi, k=1):  # the bonus lost with k households fewer (where there are k)
        return bonus(gi, cnt[gi]) - bonus(gi, np.maximum(cnt[gi] - k, 0))

    def f(a):
        return SKALA_JEVNHET * v * ((grunn + a) / v - o.felles) ** 2

    def mulig(gi):
        ok = (cnt[gi] < U[gi]) & np.all(cap >= B[gi], axis=1)
        return ok & (shc >= S[gi]) if SH[gi] else ok

    def legg(gi, i, k=1):
        cnt[gi, i] += k
        A[i] += k * S[gi]
        cap[i] -= k * B[gi]
        if SH[gi]:
            shc[i] -= k * S[gi]

    def billigst(gi):
        kostnad = np.where(mulig(gi), f(A + S[gi]) - f(A) - EPS * gevinst(gi), np.inf)
        i = int(np.argmin(kostnad))
        return i if np.isfinite(kostnad[i]) else None

    # Scarce first (særlig hensyn, EM), then by size, largest first; single adults fill the gaps last.
    rekkefolge = sorted(
        range(G),
        key=lambda gi: (not SH[gi], B[gi, VOKSNE] == S[gi], -S[gi], gi),
    )
    flere = [gi for gi in rekkefolge if S[gi] > 1]
    en_voksen = next((gi for gi in range(G) if tuple(B[gi]) == (1, 0, 0) and not SH[gi]), None)
    en = [gi for gi in rekkefolge if S[gi] == 1]
    cap0, shc0 = cap.copy(), shc.copy()

    def plasser(fra_trinn1: set[int]) -> bool:
        """Place every group (as above); the groups in `fra_trinn1` keep step 1's counts instead."""
        cnt[:], A[:], cap[:], shc[:] = 0.0, 0.0, cap0, shc0
        for gi in sorted(fra_trinn1):
            for (g, kid), kol in y.items():
                if g == gi:
                    legg(gi, j[kid], round(x_trinn1[kol]))
        for gi in flere:  # the LP's whole counts
            if gi in fra_trinn1:
                continue
            for (g, kid), kol in y.items():
                if g != gi:
                    continue
                i = j[kid]
                for _ in range(math.floor(x_lp[kol] + 1e-6)):
                    if cnt[gi].sum() >= plassert_antall[gi] or not mulig(gi)[i]:
                        break
                    legg(gi, i)
        for gi in flere + en:  # the rest, one at a time, where one more costs the least
            for _ in range(plassert_antall[gi] - int(cnt[gi].sum())):
                i = billigst(gi)
                if i is None:
                    return False
                legg(gi, i)
        return True

    # Households that need scarce places may fit only as step 1 packed them: then they keep that packing
    # (the moves below may still improve it), first those needing særlig hensyn, then EM as well.
    saerlige = {gi for gi in range(G) if SH[gi]}
    knappe = saerlige | {gi for gi in range(G) if B[gi, VOKSNE] < S[gi]}
    if not (plasser(set()) or plasser(saerlige) or plasser(knappe)):
        return None
    # Improve: move one household of a group between two kommuner while that lowers the penalty.
    for _ in range(100):
        flyttet = False
        for gi in rekkefolge:
            while True:
                har = cnt[gi] > 0
                if not har.any():
                    break
                ut = np.where(har, f(A - S[gi]) - f(A) + EPS * tap(gi), np.inf)
                inn = np.where(mulig(gi), f(A + S[gi]) - f(A) - EPS * gevinst(gi), np.inf)
                a, b = int(np.argmin(ut)), int(np.argmin(inn))
                if a == b:  # not to itself: the better of the two second choices
                    ut2, inn2 = ut.copy(), inn.copy()
                    ut2[a], inn2[b] = np.inf, np.inf
                    a2, b2 = int(np.argmin(ut2)), int(np.argmin(inn2))
                    a, b = (a, b2) if ut[a] + inn2[b2] <= ut2[a2] + inn[b] else (a2, b)
                if not ut[a] + inn[b] < -1e-9:
                    break
                legg(gi, a, -1)
                legg(gi, b)
                flyttet = True
        # Swap a household of one group in kommune a with a smaller one of another group in kommune b: a
        # gives up the difference in persons, b takes it (what a single move cannot do when a has no
        # household of that size, or b no room for it alone).
        for gi in rekkefolge:
            for hi in rekkefolge:
                d = S[gi] - S[hi]
                if d < 0 or (d == 0 and gi >= hi):  # equal sizes: only the later steps' bonus
                    continue
                while True:
                    # a: gives up a household of gi, takes one of hi; b: the other way round.
                    ok_a = (cnt[gi] > 0) & (cnt[hi] < U[hi]) & np.all(cap + B[gi] - B[hi] >= 0, axis=1)
                    ok_b = (cnt[hi] > 0) & (cnt[gi] < U[gi]) & np.all(cap + B[hi] - B[gi] >= 0, axis=1)
                    if SH[gi] or SH[hi]:
                        sh_d = S[gi] * SH[gi] - S[hi] * SH[hi]
                        ok_a &= shc + sh_d >= 0
                        ok_b &= shc - sh_d >= 0
                    if not ok_a.any() or not ok_b.any():
                        break
                    ut = np.where(ok_a, f(A - d) - f(A) + EPS * (tap(gi) - gevinst(hi)), np.inf)
                    inn = np.where(ok_b, f(A + d) - f(A) + EPS * (tap(hi) - gevinst(gi)), np.inf)
                    a, b = int(np.argmin(ut)), int(np.argmin(inn))
                    if a == b:
                        ut2, inn2 = ut.copy(), inn.copy()
                        ut2[a], inn2[b] = np.inf, np.inf
                        a2, b2 = int(np.argmin(ut2)), int(np.argmin(inn2))
                        a, b = (a, b2) if ut[a] + inn2[b2] <= ut2[a2] + inn[b] else (a2, b)
                    if not ut[a] + inn[b] < -1e-9:
                        break
                    legg(gi, a, -1)
                    legg(hi, b, -1)
                    legg(gi, b)
                    legg(hi, a)
                    flyttet = True
        # A family to another kommune, as many single adults the other way: no kommune's number of persons
        # changes (nor evenness), only what the later steps reward (a dwelling that fits, a tie).
        if en_voksen is not None:
            u = en_voksen
            for gi in rekkefolge:
                s = int(S[gi])
                if s < 2 or B[gi, VOKSNE] != S[gi]:
                    continue
                while True:
                    ok_a = (cnt[gi] > 0) & (cnt[u] + s <= U[u])
                    ok_b = (cnt[u] >= s) & (cnt[gi] < U[gi])
                    if SH[gi]:
                        ok_b &= shc >= S[gi]
                    if not ok_a.any() or not ok_b.any():
                        break
                    fra = np.where(ok_a, gevinst(u, s) - tap(gi), -np.inf)
                    til = np.where(ok_b, gevinst(gi) - tap(u, s), -np.inf)
                    a, b = int(np.argmax(fra)), int(np.argmax(til))
                    if a == b:
                        fra2, til2 = fra.copy(), til.copy()
                        fra2[a], til2[b] = -np.inf, -np.inf
                        a2, b2 = int(np.argmax(fra2)), int(np.argmax(til2))
                        a, b = (a, b2) if fra[a] + til2[b2] >= fra2[a2] + til[b] else (a2, b)
                    if not fra[a] + til[b] > 1e-9:
                        break
                    legg(gi, a, -1)
                    legg(u, b, -s)
                    legg(gi, b)
                    legg(u, a, s)
                    flyttet = True
        if not flyttet:
            break
    return {(gi, kids[i]): int(cnt[gi, i]) for gi in range(G) for i in range(n) if cnt[gi, i] > 0}
