"""What `make bench-forslag` compares the optimiser with and by (issue #9, docs/fordelingsforslag.md): the greedy
baseline and the key figures, checked independently of the solver. Only the benchmark and its tests use them."""

import statistics
from collections import Counter, defaultdict
from time import perf_counter

from fordeling.forslag.modell import (
    EM_UNDER_15,
    Forslag,
    Grunn,
    Husstand,
    Kommune,
    Plassering,
    Uplassert,
    prioritetsorden,
    sh_plasser,
)


def forslag_greedy(husstander: list[Husstand], kommuner: list[Kommune]) -> Forslag:
    """The baseline of the benchmark (issue #9): households in priority order, each to the kommune with the
    most free places in its main category where it fits (free places per category, særlig hensyn only where
    such places are reported, as the optimiser). It does not look at ties, binding or veiledende."""
    start = perf_counter()
    ledige = {k.id: list(k.ledige) for k in kommuner}
    sh = {k.id: sh_plasser(k) for k in kommuner}
    plasseringer, uplasserte = [], []
    for h in sorted(husstander, key=prioritetsorden):
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
