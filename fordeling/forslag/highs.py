"""The HiGHS model (through highspy) the optimiser grows step by step (`fordeling.forslag.losning`)."""

import math
from time import perf_counter

from .modell import Trinn

SEED = 0


class Modell:
    """One HiGHS model grown step by step: columns and rows are collected in Python and passed in bulk
    before each solve; each solve optimises one objective and may keep it for the solves that follow."""

    def __init__(self, frist: float):
        import highspy

        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        # Deterministic: one thread, a fixed seed. The same input then gives the same search, node by node,
        # and the same answer whatever the load, as long as no step stops at its (wall-clock) time limit.
        self.h.setOptionValue("threads", 1)
        self.h.setOptionValue("random_seed", SEED)
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
        """The LP relaxation's solution (a bound, and the aim of the rounding to a warm start), or None. The
        simplex is deterministic; its time limit is only a safeguard."""
        import highspy

        self._maal(kost, maks, 0.0)
        self._heltall(False)
        self.h.run()
        optimal = self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        x = list(self.h.getSolution().col_value) if optimal else None
        self._heltall(True)
        return x

    def godta(
        self,
        navn: str,
        x: list[float],
        kost: dict[int, float],
        *,
        konstant: float,
        gap: float,
        sekunder: float,
    ):
        """Keep a solution found outside HiGHS (the evenness heuristic), proven within `gap` of the LP bound,
        and record the step as optimal within that gap."""
        self.x = list(x)
        verdi = konstant + sum(c * self.x[i] for i, c in kost.items())
        self.trinn.append(Trinn(navn, "optimal", verdi, gap, sekunder, grense="", noder=0))

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
        noder: int | None = None,
        nedre: float | None = None,
        registrer: bool = True,
    ) -> bool | list[float] | None:
        """Optimise `kost` (+ `konstant`) to within the relative `gap`; on success keep the solution and
        record the step. The step's budget: at most `noder` branch-and-bound nodes (deterministic) and `tid`
        seconds (a safeguard against a loaded machine); the step records which one stopped it. `nedre`: a
        bound known from before (the LP relaxation, when minimising), used when HiGHS reports none. With
        registrer=False only return the solution found (or None): a sub-problem."""
        import highspy
        import numpy as np

        h = self.h
        start = perf_counter()
        self._maal(kost, maks, konstant)
        if tid is not None:  # within the overall limit
            h.setOptionValue("time_limit", max(min(tid, self.frist - perf_counter()), 0.2))
        h.setOptionValue("mip_rel_gap", gap)
        krav = gap
        h.setOptionValue("mip_max_nodes", noder if noder is not None else 2147483647)
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
            self.trinn.append(Trinn(navn, "ingen løsning", 0.0, math.inf, sekunder, grense=_grense(status)))
            return False
        self.x = list(h.getSolution().col_value)
        optimal = status == highspy.HighsModelStatus.kOptimal
        verdi = konstant + sum(c * self.x[i] for i, c in kost.items())
        gap = info.mip_gap
        if nedre is not None and not maks and verdi > 0:  # the LP bound, when HiGHS stopped before its own
            gap = min(gap if math.isfinite(gap) and gap >= 0 else math.inf, max(verdi - nedre, 0.0) / verdi)
        if not math.isfinite(gap) or gap < 0:
            gap = 0.0 if optimal else math.inf
        # HiGHS sometimes stops with «solution limit» when the solution it just found closes the gap: the
        # step is then optimal within its gap all the same.
        optimal = optimal or gap <= krav
        grense = "" if optimal else _grense(status)
        noder_brukt = int(info.mip_node_count)
        self.trinn.append(
            Trinn(
                navn,
                "optimal" if optimal else "tidsgrense",
                verdi,
                gap,
                sekunder,
                grense=grense,
                noder=max(noder_brukt, 0),
            )
        )
        return True

    def hold(self, kost: dict[int, float], *, maks: bool) -> None:
        """Keep the objective just optimised at its value in the solves that follow."""
        verdi = sum(c * self.x[i] for i, c in kost.items())
        slakk = 1e-7 * max(1.0, abs(verdi)) + 1e-6
        self.rad(kost, lo=verdi - slakk) if maks else self.rad(kost, hi=verdi + slakk)

    def start(self, verdier: dict[int, float]) -> None:
        """Set columns in the warm start of the next solve (the result must stay feasible)."""
        self._send()
        if self.x is not None:
            for kol, verdi in verdier.items():
                self.x[kol] = verdi

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


def _grense(status) -> str:
    """Which budget stopped HiGHS: «tid» (seconds), «noder» (branch-and-bound nodes), "" (neither)."""
    import highspy

    s = highspy.HighsModelStatus
    if status == s.kTimeLimit:
        return "tid"
    return "noder" if status in (s.kSolutionLimit, s.kIterationLimit) else ""
