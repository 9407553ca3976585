"""Fordelingsforslag (issue #9): which kommune each fordelingsklar household could go to, computed as an
integer programme (HiGHS, through highspy) and explained household by household.

The package: `modell` (the solver's input and output, plain dataclasses), `losning` (the optimiser, over
the HiGHS model in `highs`) and `forklaring` (the texts that explain each household's place, or why it has
none) are pure, no database; `inndata` (`forslag_grunnlag`) reads the input from the database; `beregning` runs
it as a background job and keeps the result (`Forslagsberegning`). IMDi's admin shows the result a page at a
time (`resultatside`), `fordeling.services.forslag_lag_utkast` turns the part the caseworker keeps into draft
fordelingslister. The greedy baseline and the key figures of the benchmark live beside it, in
`utvikling/forslag_referanse.py`. The design (rules, objective order, aggregation, the predicted-outcome
hook) is written down in docs/fordelingsforslag.md.

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
