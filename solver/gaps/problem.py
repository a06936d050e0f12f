"""The planning problem of one route: months, editions, open windows and lever options,
and the profiles that each choice of options produces.

This is the bridge between the rules and CP-SAT: a criterion is compiled by asking its own
``assess`` what it says, month by month, on the profile a choice of options produces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import product

from solver.applicant import Applicant
from solver.costs import CostModel
from solver.criteria import Criterion, EvalContext, Finding
from solver.dates import add_months
from solver.levers import LeverOption, PlanningContext, apply_option
from solver.rules.book import RuleBook
from solver.rules.route import Route

#: A choice of options: for each lever that matters, the index of its option (0 = not used).
Choice = tuple[tuple[str, int], ...]


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
        self.months = list(range(horizon + 1))
        self.dates = [add_months(start, m) for m in self.months]
        self.planning = PlanningContext(start, costs)
        self._profiles: dict[tuple[object, ...], Applicant] = {(): applicant}
        self.verdicts: dict[tuple[object, ...], bool] = {}

    def profile(self, key: tuple[tuple[LeverOption, date], ...]) -> tuple[tuple[object, ...], Applicant]:
        """The profile after applying each option on its date, and the cache key naming it."""
        name = tuple((option.key, effective) for option, effective in key)
        cached = self._profiles.get(name)
        if cached is None:
            cached = self.applicant
            for option, effective in key:
                cached = apply_option(cached, option, effective)
            self._profiles[name] = cached
        return name, cached


class RouteProblem:
    """Everything the CP-SAT model of a route is built from."""

    def __init__(self, route: Route, session: PlanningSession, respect_windows: bool) -> None:
        self.route = route
        self.session = session
        self.applicant = session.applicant
        self.start = session.start
        self.horizon = session.horizon
        self.respect_windows = respect_windows
        self.rules = session.rules
        self.wages = session.wages
        self.months = session.months
        self.dates = session.dates
        self.planning = session.planning
        self.editions = [route.rules_edition(d).id for d in self.dates]
        self.open = [route.is_open(d) for d in self.dates]
        self.options = self._collect_options()
        self.levers = tuple(sorted(self.options))

    def allowed_months(self, windows: bool | None = None) -> list[int]:
        """Months in which an application may be filed (with windows respected, if asked)."""
        respect = self.respect_windows if windows is None else windows
        return [m for m in self.months if self.open[m] or not respect]

    def context(self, applicant: Applicant, month: int) -> EvalContext:
        return EvalContext(
            applicant, self.dates[month], self.editions[month], self.rules.noc, self.wages, self.route.by_id
        )

    def _collect_options(self) -> dict[str, list[LeverOption]]:
        options: dict[str, dict[str, LeverOption]] = {}
        for edition in dict.fromkeys(self.editions):
            ctx = EvalContext(self.applicant, self.start, edition, self.rules.noc, self.wages, self.route.by_id)
            for criterion in self.route.applicable(edition):
                for option in criterion.lever_options(ctx, self.planning):
                    if option.months <= self.horizon:
                        options.setdefault(option.lever, {}).setdefault(option.key, option)
        return {lever: list(found.values()) for lever, found in options.items()}

    def option(self, lever: str, index: int) -> LeverOption:
        return self.options[lever][index - 1]

    def duration(self, lever: str, index: int) -> int:
        return 0 if index == 0 else self.option(lever, index).months

    def profile(self, month: int, choice: Choice) -> tuple[tuple[object, ...], Applicant]:
        """The profile on the application date ``month`` after the chosen options, and its key."""
        apply_on = self.dates[month]
        key = tuple(
            (option, option.effective(self.start, apply_on))
            for option in (self.option(lever, index) for lever, index in choice if index)
        )
        return self.session.profile(key)

    def met(self, criterion: Criterion, month: int, choice: Choice, static: bool) -> bool:
        """Whether ``criterion`` counts as met in ``month`` after ``choice`` (cached across routes)."""
        name, profile = self.profile(month, choice)
        edition = self.editions[month]
        when: object = None if static else self.dates[month]
        scope = self.route.id if getattr(criterion, "after_criterion", None) else None
        key = (criterion.logic_key, scope, edition, when, name)
        verdicts = self.session.verdicts
        if key not in verdicts:
            verdicts[key] = _counts_as_met(criterion.assess(self.context(profile, month)))
        return verdicts[key]

    def leaf_table(self, criterion: Criterion, neutral: bool, months: list[int]) -> LeafTable:
        """The rows on which ``criterion`` counts as met; an unknown verdict that rests only on
        outside data (a stated assumption) counts as met, any other unknown as not met."""
        ctx0 = EvalContext(self.applicant, self.start, self.editions[0], self.rules.noc, self.wages, self.route.by_id)
        names = criterion.lever_names(ctx0)
        levers = tuple(lever for lever in self.levers if lever in names)
        choices = [
            tuple(zip(levers, combo, strict=True))
            for combo in product(*(range(len(self.options[lv]) + 1) for lv in levers))
        ]
        durations = [max((self.duration(lv, i) for lv, i in choice), default=0) for choice in choices]
        statics = [
            not criterion.time_dependent and not any(i and self.option(lv, i).at_apply for lv, i in choice)
            for choice in choices
        ]
        rows: list[tuple[int, ...]] = []
        for month in months:
            applies = criterion.applies_in(self.editions[month])
            for choice, duration, static in zip(choices, durations, statics, strict=True):
                if duration > month:
                    continue
                if neutral if not applies else self.met(criterion, month, choice, static):
                    rows.append((month, *(index for _, index in choice)))
        return LeafTable(levers, rows)


def _counts_as_met(finding: Finding) -> bool:
    return finding.verdict == "met" or (finding.verdict == "unknown" and finding.assumption is not None)
