"""The CP-SAT model of one route: when to apply, which lever options to use, at what cost.

Variables: the application month (0 .. horizon, restricted to open intake windows when
asked) and, for each lever, a one-hot choice among "not used" and its options. Each
criterion compiles itself (``Criterion.compile``) into a table constraint over the month
and the options that affect it. Each option must be complete by the application month.
The objective is lexicographic and exact, encoded as one integer weighted sum:

- ``earliest``: months first, then effort;
- ``least_effort``: effort first (waiting costs effort per month), then months.

Between plans equal on both, the one with fewer levers wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.answers import Objective
from solver.costs import EFFORT_SCALE
from solver.criteria import Criterion
from solver.gaps.problem import RouteProblem

#: The name of the score's literal among a model's roots (criterion ids are [a-z0-9_] without leading "__").
SCORE = "__score__"
_TIE = 32  # efforts are multiplied by this so that a count of levers (< 32) only breaks ties


@dataclass(frozen=True, slots=True)
class Solution:
    month: int
    choice: dict[str, int]  # lever -> option index (only levers used)
    effort: int  # hundredths, waiting included
    optimal: bool


class _CpModel(cp_model.CpModel):
    """A CpModel without the pre-PEP 8 aliases, which cost about a millisecond per model to
    install; this code base uses the snake_case API only."""

    def _add_pre_pep8_methods(self) -> None:
        return None


class GapModel:
    """One CP-SAT model; ``solve`` may be called again after ``exclude`` for alternatives."""

    def __init__(self, problem: RouteProblem, months: list[int], objective: Objective | None) -> None:
        self.problem = problem
        self.months = months
        self.model = _CpModel()
        m = self.model
        self.month = m.new_int_var_from_domain(cp_model.Domain.from_values(months), "month")
        elapsed = problem.elapsed
        self.elapsed = m.new_int_var(0, max(elapsed), "elapsed_months")
        m.add_element(self.month, elapsed, self.elapsed)
        self.picks: dict[str, list[cp_model.IntVar]] = {}
        self.index: dict[str, cp_model.IntVar] = {}
        for lever in problem.levers:
            self._add_lever(lever)
        self.waits = m.new_bool_var("wait")
        m.add(self.month >= 1).only_enforce_if(self.waits)
        m.add(self.month == 0).only_enforce_if(~self.waits)
        self.roots: dict[str, cp_model.IntVar] = {}
        editions = {problem.editions[month] for month in months}
        for criterion in problem.route.criteria:
            if criterion.editions is None or criterion.editions & editions:
                self.roots[criterion.id] = criterion.compile(self, neutral=True)
        if problem.target is not None:
            self.roots[SCORE] = self._add_score(problem.target)
        wait_cost = round(problem.planning.costs.table["wait"]["effort_per_month"] * EFFORT_SCALE)
        option_cost = [
            (pick, problem.option(lever, i).effort)
            for lever, picks in self.picks.items()
            for i, pick in enumerate(picks)
            if i
        ]
        self.effort = sum(cost * pick for pick, cost in option_cost) + wait_cost * self.elapsed
        used = [~picks[0] for picks in self.picks.values()] + [self.waits]
        horizon = max(months, default=0)
        max_effort = wait_cost * horizon + sum(
            max(problem.option(lever, i).effort for i in range(1, len(picks))) for lever, picks in self.picks.items()
        )
        levers_used = sum(used)
        if objective == "earliest":  # date, then effort, then fewer levers
            m.minimize((self.month * (max_effort + 1) + self.effort) * _TIE + levers_used)
        elif objective == "least_effort":  # effort, then date, then fewer levers
            m.minimize((self.effort * (horizon + 1) + self.month) * _TIE + levers_used)

    def _add_lever(self, lever: str) -> None:
        m = self.model
        options = self.problem.options[lever]
        picks = [m.new_bool_var(f"{lever}#{i}") for i in range(len(options) + 1)]
        m.add_exactly_one(picks)
        index = m.new_int_var(0, len(options), lever)
        m.add(index == sum(i * p for i, p in enumerate(picks)))
        for i, option in enumerate(options, start=1):
            if option.months > 0:
                m.add(self.elapsed >= option.months).only_enforce_if(picks[i])
        self.picks[lever] = picks
        self.index[lever] = index

    def _add_score(self, target: int) -> cp_model.IntVar:
        """The ranking score: each grid factor's points as a table over (month, its lever options),
        computed by the scorer itself; a literal that enforces ``sum >= target``."""
        m = self.model
        parts: list[cp_model.LinearExprT] = []
        constant = 0
        self.points: dict[str, cp_model.IntVar] = {}
        for factor in self.problem.factors:
            levers, rows = self.problem.points_rows(factor, self.months)
            values = {row[-1] for row in rows}
            if len(values) <= 1:
                constant += values.pop() if values else 0
                continue
            var = m.new_int_var(min(values), max(values), f"points:{factor.id}")
            m.add_allowed_assignments([self.month, *(self.index[lv] for lv in levers), var], rows)
            self.points[factor.id] = var
            parts.append(var)
        literal = m.new_bool_var(SCORE)
        m.add(sum(parts) + constant >= target).only_enforce_if(literal)
        self.score_constant = constant
        return literal

    # -- compilation hooks called by Criterion.compile ---------------------------------------
    def add_leaf(self, criterion: Criterion, neutral: bool) -> cp_model.IntVar:
        table = self.problem.leaf_table(criterion, neutral, self.months)
        literal = self.model.new_bool_var(criterion.id)
        if not table.rows:
            self.model.add_bool_or([~literal])
            return literal
        variables = [self.month, *(self.index[lever] for lever in table.levers)]
        self.model.add_allowed_assignments(variables, table.rows).only_enforce_if(literal)
        return literal

    def add_any(self, criterion: Criterion, literals: list[cp_model.IntVar]) -> cp_model.IntVar:
        literal = self.model.new_bool_var(criterion.id)
        self.model.add_bool_or(literals).only_enforce_if(literal)
        return literal

    def add_all(self, criterion: Criterion, literals: list[cp_model.IntVar]) -> cp_model.IntVar:
        literal = self.model.new_bool_var(criterion.id)
        self.model.add_bool_and(literals).only_enforce_if(literal)
        return literal

    def lever_used(self, lever: str) -> cp_model.IntVar | None:
        picks = self.picks.get(lever)
        return None if picks is None else ~picks[0]

    # -- solving -----------------------------------------------------------------------------
    def require_all(self) -> None:
        for literal in self.roots.values():
            self.model.add(literal == 1)

    def exclude(self, solution: Solution) -> None:
        """Forbid the lever set of ``solution`` and its supersets: the next plan must leave out
        at least one of its levers (a superset adds a lever without need, so is no alternative)."""
        dropped = [self.picks[lever][0] for lever in solution.choice]
        if solution.month > 0:
            dropped.append(~self.waits)
        if not dropped:  # the empty set: every other plan is a superset
            self.model.add_bool_or([])
            return
        self.model.add_bool_or(dropped)

    def solve(self, time_limit_s: float) -> Solution | None:
        solver = _solver(time_limit_s)
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.last_status = solver.status_name(status)
            return None
        self.last_status = solver.status_name(status)
        choice = {}
        for lever, picks in self.picks.items():
            for i, pick in enumerate(picks):
                if i and solver.boolean_value(pick):
                    choice[lever] = i
        return Solution(solver.value(self.month), choice, int(solver.value(self.effort)), status == cp_model.OPTIMAL)


def _solver(time_limit_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    # The models are small tables over a few dozen months: probing, the LP relaxation, repeated
    # presolve and the search for symmetries cost more than they save here (measured: about a
    # quarter less solve time, pilots and PSTQ alike, and a tenth more without the symmetries; the
    # optimum, its proof and the plan chosen among equal ones are unchanged).
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.linearization_level = 0
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0
    return solver
