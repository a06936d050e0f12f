"""The planning problem of one route: months, editions, open windows and lever options,
and the profiles that each choice of options produces.

This is the bridge between the rules and CP-SAT: a criterion is compiled by asking its own
``assess`` what it says, month by month, on the profile a choice of options produces.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import Any

from solver.applicant import Applicant
from solver.costs import CostModel
from solver.criteria import Criterion, EvalContext, Finding
from solver.dates import add_months
from solver.levers import LeverOption, PlanningContext, apply_option
from solver.rules.book import RuleBook
from solver.rules.route import Route


@dataclass(frozen=True, slots=True)
class LeafTable:
    """Rows ``(month, option index per lever...)`` on which a criterion is met."""

    levers: tuple[str, ...]
    rows: list[tuple[int, ...]]


class PlanningSession:
    """What the routes of one request share: the months, and caches of the profiles that
    options produce and of criterion verdicts (keyed by the rule's logic, so a condition
    common to several routes is assessed once)."""

    def __init__(
        self,
        applicant: Applicant,
        start: date,
        horizon: int,
        costs: CostModel,
        rules: RuleBook,
        reference_wages: Mapping[str, float] | None,
    ) -> None:
        self.applicant = applicant
        self.start = start
        self.horizon = horizon
        self.rules = rules
        self.wages = dict(reference_wages or {})
        #: The same day every month from the start, up to the horizon.
        self.dates = [add_months(start, m) for m in range(horizon + 1)]
        self.planning = PlanningContext(costs)
        self._profiles: dict[tuple[object, ...], Applicant] = {(): applicant}
        self.verdicts: dict[tuple[object, ...], bool] = {}
        #: Episode tests by (filter id, episode id): the profiles above keep the episodes alive.
        self.memo: dict[tuple[int, int], bool | None] = {}
        #: Grid factors' lowest points by (factor logic, principal occupation, day, changes).
        self.points: dict[tuple[object, ...], int] = {}

    def profile(self, changes: tuple[tuple[LeverOption, date], ...], name: tuple[object, ...]) -> Applicant:
        """The profile after applying each option on its date; ``name`` identifies ``changes``."""
        cached = self._profiles.get(name)
        if cached is None:
            cached = self.applicant
            for option, effective in changes:
                cached = apply_option(cached, option, effective)
            self._profiles[name] = cached
        return cached


class RouteProblem:
    """Everything the CP-SAT model of a route is built from."""

    def __init__(
        self,
        route: Route,
        session: PlanningSession,
        respect_windows: bool,
        principal: str | None = None,
        target: int | None = None,
        grid: Any = None,
    ) -> None:
        self.route = route
        #: The principal occupation the route is planned for (PSTQ), and the score to reach with the
        #: grid's factors (``None``: eligibility alone).
        self.principal = principal
        self.target = target
        self.factors: tuple[Any, ...] = tuple(grid.factors) if grid is not None and target is not None else ()
        self.session = session
        self.applicant = session.applicant
        self.start = session.start
        self.horizon = session.horizon
        self.respect_windows = respect_windows
        self.rules = session.rules
        self.wages = session.wages
        self.dates = _time_points(route, session.dates, respect_windows)
        self.months = list(range(len(self.dates)))  # indices of the time points, in date order
        #: Whole months from the start to each time point: what durations and waiting are counted in.
        self.elapsed = [bisect_right(session.dates, d) - 1 for d in self.dates]
        self.planning = session.planning
        self.editions = [route.rules_edition(d).id for d in self.dates]
        self.open = [route.is_open(d) for d in self.dates]
        self.options = self._collect_options()
        self.levers = tuple(sorted(self.options))
        self._plans: dict[tuple[tuple[str, ...], tuple[int, ...]], _ChoicePlan] = {}
        self._criterion_choices: dict[int, tuple[tuple[str, ...], list[_ChoicePlan]]] = {}
        self._met: dict[tuple[int, int, bool], list[_ChoicePlan]] = {}
        #: For a rule whose verdicts do not change with the month, the choices that meet it, by
        #: edition and number of choices done (``_met_choices``).
        self._static_met: dict[tuple[int, str, int], list[_ChoicePlan]] = {}

    def allowed_months(self, windows: bool | None = None) -> list[int]:
        """Months in which an application may be filed (with windows respected, if asked)."""
        respect = self.respect_windows if windows is None else windows
        return [m for m in self.months if self.open[m] or not respect]

    def context(self, applicant: Applicant, month: int) -> EvalContext:
        return EvalContext(
            applicant,
            self.dates[month],
            self.editions[month],
            self.rules.noc,
            self.wages,
            self.route.by_id,
            self.session.memo,
            self.principal,
        )

    def _collect_options(self) -> dict[str, list[LeverOption]]:
        options: dict[str, dict[str, LeverOption]] = {}
        for edition in dict.fromkeys(self.editions):
            ctx = EvalContext(
                self.applicant, self.start, edition, self.rules.noc, self.wages, self.route.by_id, None, self.principal
            )
            for criterion in self.route.applicable(edition):
                for option in criterion.lever_options(ctx, self.planning):
                    if option.months <= self.horizon:
                        options.setdefault(option.lever, {}).setdefault(option.key, option)
        for factor in self.factors:
            for option in factor.lever_options(self.applicant, self.start, self.principal, self.planning):
                if option.months <= self.horizon:
                    options.setdefault(option.lever, {}).setdefault(option.key, option)
        return {lever: list(found.values()) for lever, found in options.items()}

    def option(self, lever: str, index: int) -> LeverOption:
        return self.options[lever][index - 1]

    def _plan_of(self, indices: tuple[int, ...], levers: tuple[str, ...]) -> _ChoicePlan:
        key = (levers, indices)
        plan = self._plans.get(key)
        if plan is None:
            options = [self.option(lever, index) for lever, index in zip(levers, indices, strict=True) if index]
            fixed = tuple((o, o.effective(self.start, self.start)) for o in options if not o.at_apply)
            dynamic = tuple(o for o in options if o.at_apply)
            name = tuple((o.key, d) for o, d in fixed)
            plan = _ChoicePlan(
                indices,
                max((o.months for o in options), default=0),
                fixed,
                dynamic,
                name,
                tuple(o.key for o in dynamic),
            )
            self._plans[key] = plan
        return plan

    def _choices(self, criterion: Criterion) -> tuple[tuple[str, ...], list[_ChoicePlan]]:
        """The levers that affect ``criterion`` and every choice of their options."""
        cached = self._criterion_choices.get(id(criterion))
        if cached is None:
            names = criterion.levers
            levers = tuple(lever for lever in self.levers if lever in names)
            combos = product(*(range(len(self.options[lv]) + 1) for lv in levers))
            cached = (levers, [self._plan_of(combo, levers) for combo in combos])
            self._criterion_choices[id(criterion)] = cached
        return cached

    def met_choices(self, criterion: Criterion, month: int, neutral: bool) -> list[_ChoicePlan]:
        """The choices of options with which ``criterion`` counts as met in ``month`` (cached across
        routes); in a month whose edition lacks the criterion, every choice or none (``neutral``)."""
        memo_key = (id(criterion), month, neutral)
        found = self._met.get(memo_key)
        if found is None:
            found = self._met[memo_key] = self._met_choices(criterion, month, neutral)
        return found

    def _met_choices(self, criterion: Criterion, month: int, neutral: bool) -> list[_ChoicePlan]:
        _, plans = self._choices(criterion)
        usable = [p for p in plans if p.duration <= self.elapsed[month]]
        edition = self.editions[month]
        if not criterion.applies_in(edition):
            return usable if neutral else []
        # a rule that reads no date at all (a French level) gives one verdict per choice of options,
        # whatever the day its changes are dated
        dateless = getattr(criterion, "reads_no_date", False)
        if dateless or not (criterion.time_dependent or any(p.dynamic for p in usable)):
            # Its verdicts do not change with the month: the months with the same choices done (the
            # choices done grow with the months) have the same answer.
            static_key = (id(criterion), edition, len(usable))
            found = self._static_met.get(static_key)
            if found is None:
                found = self._static_met[static_key] = self._met_among(criterion, month, usable, dateless)
            return found
        return self._met_among(criterion, month, usable, dateless)

    def _met_among(
        self, criterion: Criterion, month: int, usable: list[_ChoicePlan], dateless: bool
    ) -> list[_ChoicePlan]:
        """The choices among ``usable`` with which ``criterion`` counts as met in ``month``."""
        day = self.dates[month]
        edition = self.editions[month]
        when: object = day if criterion.time_dependent else None
        scope: object = self.route.id if getattr(criterion, "after_criterion", None) else None
        if criterion.reads_principal:
            scope = (scope, self.principal)
        verdicts = self.session.verdicts
        logic = criterion.logic_key
        met = []
        for plan in usable:
            if dateless:
                key = (logic, scope, edition, None, plan.fixed_name, plan.dynamic_keys)
            elif plan.dynamic:
                key = (logic, scope, edition, day, plan.key(day)[1])
            else:
                key = (logic, scope, edition, when, plan.fixed_name)
            verdict = verdicts.get(key)
            if verdict is None:
                profile = self.session.profile(*plan.key(day))
                verdict = counts_as_met(criterion.assess(self.context(profile, month)))
                verdicts[key] = verdict
            if verdict:
                met.append(plan)
        return met

    def points_rows(self, factor: Any, months: list[int]) -> tuple[tuple[str, ...], list[tuple[int, ...]]]:
        """Rows ``(month, option index per lever..., points)`` of a grid factor: the lowest points of
        its range on the profile each choice produces (a plan must reach the target surely)."""
        levers, plans = self._choices(factor)
        rows = []
        for plan in plans:
            usable = [m for m in months if plan.duration <= self.elapsed[m]]
            if not usable:
                continue
            values = self._points_over(factor, plan, usable)
            rows += [(month, *plan.indices, values[month]) for month in usable]
        return levers, rows

    def _points_over(self, factor: Any, plan: _ChoicePlan, months: list[int]) -> dict[int, int]:
        """The factor's lowest points in each of ``months`` on the profile ``plan`` produces.

        A plan without changes dated on the application day makes one profile for every month, and
        the factor says on which days its points may turn (``change_days``): between two such days
        its measure moves one way and its table is monotone in it, so a stretch whose ends agree is
        constant, and only a stretch whose ends differ is split further. Exact, with few scores."""
        canonical = self.rules.noc.canonical
        cache = self.session.points

        def low(month: int) -> int:
            day = self.dates[month]
            changes, name = plan.key(day)
            key = (factor.logic_key, self.principal if factor.reads_principal else None, day, name)
            found = cache.get(key)
            if found is None:
                profile = self.session.profile(changes, name)
                found = cache[key] = factor.points(profile, day, self.principal, canonical).low
            return found

        if plan.dynamic and getattr(factor, "renewed_by_plan", False):
            # French points from an assessment the plan files on the application date: the same level,
            # always recent enough, whatever the month
            value = low(months[0])
            return dict.fromkeys(months, value)
        if plan.dynamic or len(months) < 3:
            return {m: low(m) for m in months}
        profile = self.session.profile(*plan.key(self.dates[months[0]]))
        turns = sorted(factor.change_days(profile, self.dates[months[0]], self.dates[months[-1]]))
        values: dict[int, int] = {}
        # stretches of months between turning days: [first month on or after a turn, ... before the next]
        bounds = [self.dates[months[0]], *turns]
        stretches: list[list[int]] = []
        for i, start in enumerate(bounds):
            end = bounds[i + 1] if i + 1 < len(bounds) else None
            chunk = [m for m in months if self.dates[m] >= start and (end is None or self.dates[m] < end)]
            if chunk:
                stretches.append(chunk)

        def fill(chunk: list[int]) -> None:
            first, last = low(chunk[0]), low(chunk[-1])
            values[chunk[0]], values[chunk[-1]] = first, last
            if first == last:
                values.update(dict.fromkeys(chunk[1:-1], first))
            elif len(chunk) > 2:
                middle = len(chunk) // 2
                fill(chunk[: middle + 1])
                fill(chunk[middle:])

        for chunk in stretches:
            fill(chunk)
        return values

    def score_on(self, profile: Applicant, day: date) -> tuple[int, int]:
        """The ranking score's range on ``day`` for the problem's principal occupation."""
        canonical = self.rules.noc.canonical
        found = [f.points(profile, day, self.principal, canonical) for f in self.factors]
        return sum(p.low for p in found), sum(p.high for p in found)

    def ranges_over(self, profile: Applicant, days: list[date]) -> list[tuple[int, int]]:
        """The score's range on each of ``days`` (ascending) for one profile, each factor read at few
        days: between two of its turning days a factor's points move one way, so a stretch whose ends
        agree is constant (the same reasoning as ``_points_over``)."""
        canonical = self.rules.noc.canonical
        totals = [[0, 0] for _ in days]
        if not days:
            return []
        for factor in self.factors:
            turns = sorted(factor.change_days(profile, days[0], days[-1]))
            values: dict[int, tuple[int, int]] = {}

            def at(i: int, factor: Any = factor, values: dict[int, tuple[int, int]] = values) -> tuple[int, int]:
                found = values.get(i)
                if found is None:
                    p = factor.points(profile, days[i], self.principal, canonical)
                    found = values[i] = (p.low, p.high)
                return found

            def fill(lo: int, hi: int, at: Any = at, values: dict[int, tuple[int, int]] = values) -> None:
                first, last = at(lo), at(hi)
                if first == last:
                    values.update(dict.fromkeys(range(lo + 1, hi), first))
                elif hi - lo > 1:
                    middle = (lo + hi) // 2
                    fill(lo, middle)
                    fill(middle, hi)

            start = 0
            for i in range(1, len(days) + 1):
                if i == len(days) or any(days[i - 1] < t <= days[i] for t in turns):
                    fill(start, i - 1)
                    start = i
            for i in range(len(days)):
                low, high = values[i]
                totals[i][0] += low
                totals[i][1] += high
        return [(low, high) for low, high in totals]

    def leaf_table(self, criterion: Criterion, neutral: bool, months: list[int]) -> LeafTable:
        """The rows on which ``criterion`` counts as met; an unknown verdict that rests only on
        outside data (a stated assumption) counts as met, any other unknown as not met."""
        levers, _ = self._choices(criterion)
        rows = [(month, *plan.indices) for month in months for plan in self.met_choices(criterion, month, neutral)]
        return LeafTable(levers, rows)


@dataclass(frozen=True, slots=True)
class _ChoicePlan:
    """A choice of options: their indices, when all are done, and the changes they make."""

    indices: tuple[int, ...]
    duration: int
    fixed: tuple[tuple[LeverOption, date], ...]
    dynamic: tuple[LeverOption, ...]  # dated on the application date
    fixed_name: tuple[object, ...] = ()
    #: The keys of ``dynamic``'s options: with ``fixed_name``, what a rule that reads no date sees.
    dynamic_keys: tuple[object, ...] = ()

    def key(self, apply_on: date) -> tuple[tuple[tuple[LeverOption, date], ...], tuple[object, ...]]:
        """The changes this choice makes for an application on ``apply_on``, and their name."""
        if not self.dynamic:
            return self.fixed, self.fixed_name
        dated = tuple((o, apply_on) for o in self.dynamic)
        return self.fixed + dated, self.fixed_name + tuple((o.key, d) for o, d in dated)


def _time_points(route: Route, monthly: list[date], respect_windows: bool) -> list[date]:
    """The dates an application may be planned on: the same day every month from the start,
    plus each intake window's opening day inside the horizon (so a plan can say "apply on
    2025-01-13, the day the window reopens" rather than on the next monthly date)."""
    if not respect_windows:
        return monthly
    openings = {s.start for s in route.spans if monthly[0] < s.start < monthly[-1]}
    return sorted(set(monthly) | openings)


def counts_as_met(finding: Finding) -> bool:
    """Met, or unknown only for outside data the plan states as an assumption."""
    return finding.verdict == "met" or (finding.verdict == "unknown" and finding.assumption is not None)
