"""An independent brute-force oracle for the gap solver (issue 3).

It shares no code with the CP-SAT model: it reads the rule *data* (``raw_rule_data``), derives
its own small lever domains from the profile and the rules, builds ``Change`` lists, applies
them with the public ``solver.apply_changes`` and asks the public evaluator (``solver.evaluate``)
whether the route is eligible on the application date. Calendar arithmetic, intake windows,
the cost model (the table in ``solver/costs.py``'s docstring, copied here as the spec) and
the search are its own.

The plan model it enumerates, per route, from a planning start ``S`` over ``H`` months:

- the application date: ``S + m`` months for m in ``0..H`` (day clamped to the month end) and,
  when intake windows are respected, also the day a window of the route opens strictly inside
  the horizon; with windows respected, only dates on which the route's intake is open (windows
  cut at the program end and at early closures of the route's intake scopes). ``k`` = whole
  months elapsed from ``S`` to that date;
- at most one option per lever, each complete by the application date (its months <= k);
- a French assessment (a raised level or a retest) is dated on the application date, a job
  starts on ``S + 2`` months, a diploma is obtained on ``S + `` its program months, a salary
  raise and a declaration take effect on ``S + `` their months; a diploma whose rule lever
  ``requires`` a level is only offered to an applicant holding that level at ``S``;
- feasible when every criterion of the route is ``met``, or ``unknown`` with a stated
  assumption (an unknown that rests on outside data);
- effort = the options' efforts + 1 per whole month waited (k); ``earliest`` minimises
  (date, effort), ``least_effort`` minimises (effort, date).

Search: dates are the outer loop (``earliest``) or all (date, options) pairs are visited in
(effort, date) order (``least_effort``), so the first feasible candidate is optimal. Pruning
(sound, and checked against the unpruned enumeration by the tests): on a date, only options
of levers that can change a criterion that fails there without any change are tried; every
failing criterion must get one of its levers; and a criterion's verdict, once seen for a
date and a choice of *its* levers, is remembered so that candidates that repeat a failing
sub-choice are not evaluated again. Levers only ever improve a criterion (they add episodes
and diplomas, raise levels and salaries, set facts to accepted values, date an assessment on
the application date), which is what makes these cuts sound.
"""

from __future__ import annotations

import calendar
import heapq
import itertools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from solver import Applicant, apply_changes, evaluate
from solver.answers import Change
from solver.rules.book import raw_rule_data

SCALE = 100  # efforts in hundredths of a point, to compare exactly

#: The documented default cost model (solver/costs.py docstring), in hundredths of a point.
WAIT_PER_MONTH = 100
FRENCH_MONTHS_PER_LEVEL, FRENCH_EFFORT_PER_LEVEL = 3, 400
FRENCH_UNKNOWN_MONTHS, FRENCH_UNKNOWN_EFFORT = 1, 200
RETEST_MONTHS, RETEST_EFFORT = 1, 100
SALARY_MONTHS, SALARY_EFFORT, SALARY_PER_10K = 1, 200, 100
JOB_MONTHS, JOB_EFFORT = 2, 800
DIPLOMA_EFFORT, DIPLOMA_PER_MONTH = 200, 50
FACT_COSTS = {  # lever family -> (months, effort)
    "declaration": (0, 100),
    "employer_control": (3, 600),
    "status_in_quebec": (3, 600),
    "expert_committee_opinion": (2, 200),
}
FULL_TIME_WEEK = 37.5
#: Diploma levels in ascending order (RULES.md, "Diploma levels"): DES = DEP, DEC = technical DEC.
LEVEL_RANK = {"secondary": 1, "vocational": 1, "college": 2, "college_technical": 2, "bachelor": 3,
              "graduate_diploma": 4, "master": 5, "doctorate": 6}  # fmt: skip
FRENCH_LEVERS = ("french.oral_comprehension", "french.oral_production")


# -- calendar -------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the last day of a shorter month."""
    total = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(total, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


# -- rule data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RouteData:
    """One route as the rule files state it (``use`` references resolved)."""

    id: str
    end_date: date
    editions: tuple[dict[str, Any], ...]
    intake_scopes: frozenset[str]
    criteria: tuple[dict[str, Any], ...]  # top level, every edition

    def edition_on(self, day: date) -> str:
        current = self.editions[0]["id"]
        for edition in self.editions:
            if edition["in_force"] <= day:
                current = edition["id"]
        return current

    def criteria_in(self, edition: str) -> list[dict[str, Any]]:
        return [c for c in self.criteria if not c.get("editions") or edition in c["editions"]]

    def open_spans(self) -> list[tuple[date, date]]:
        """Days (inclusive) on which the route's intake is open: windows, cut at the program end
        and at an early closure of one of the route's intake scopes."""
        spans = []
        for edition in self.editions:
            closures = [c["closed_on"] for c in edition.get("early_closures", []) if c["scope"] in self.intake_scopes]
            for window in edition["windows"]:
                end = min(window["end"], self.end_date - timedelta(days=1))
                for closed in closures:
                    if window["start"] <= closed <= window["end"]:
                        end = min(end, closed)
                spans.append((window["start"], end))
        return spans

    def is_open(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.open_spans())


@lru_cache(maxsize=1)
def assumption_defaults() -> dict[str, bool]:
    """The named readings of the rules and their defaults, as ``catalog.yaml`` states them."""
    return {entry["name"]: entry["default"] for entry in raw_rule_data()[0]["assumptions"]}


def _as_read(spec: Mapping[str, Any], values: Mapping[str, bool]) -> dict[str, Any] | None:
    """``spec`` with each of its readings' values for the assumption in force laid over it (a
    ``null`` removes a key), children too; ``None`` when the reading disables the criterion."""
    out = dict(spec)
    for reading in out.pop("readings", None) or []:
        overlay = reading["when_true" if values[reading["assumption"]] else "when_false"] or {}
        out.update(overlay)
    out = {k: v for k, v in out.items() if v is not None}
    if not out.pop("enabled", True):
        return None
    if "children" in out:
        out["children"] = [c for c in (_as_read(child, values) for child in out["children"]) if c is not None]
    return out


def rule_data(
    assumptions: Mapping[str, bool] | None = None,
) -> tuple[dict[str, RouteData], dict[str, tuple[str, ...]]]:
    """Every route of the shipped rule files, read under ``assumptions`` (the others at their
    defaults), and the NOC 2016 -> 2021 map."""
    values = {**assumption_defaults(), **(assumptions or {})}
    return _rule_data(tuple(sorted(values.items())))


@lru_cache(maxsize=64)
def _rule_data(values: tuple[tuple[str, bool], ...]) -> tuple[dict[str, RouteData], dict[str, tuple[str, ...]]]:
    catalog, programs = raw_rule_data()
    noc_map = {code: tuple(entry["noc2021"]) for code, entry in catalog["noc_2016_to_2021"].items()}
    routes = {}
    for program in programs.values():
        if program.get("family", "pilots") != "pilots":
            continue  # the open programs have their own oracle (tests/test_pstq_gaps.py, tests/test_peq.py)
        shared = program.get("shared", {})
        for spec in program["routes"]:
            used = (shared[c["use"]] if "use" in c else c for c in spec["criteria"])
            criteria = tuple(c for c in (_as_read(u, dict(values)) for u in used) if c is not None)
            routes[spec["id"]] = RouteData(
                spec["id"],
                program["end_date"],
                tuple(program["editions"]),
                frozenset(spec["intake_scopes"]),
                criteria,
            )
    return routes, noc_map


def canonical(noc: str | None, noc_map: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    if noc is None:
        return ()
    return (noc,) if len(noc) == 5 else noc_map.get(noc, ())


def wage_for(noc: str | None, wages: Mapping[str, float], noc_map: Mapping[str, tuple[str, ...]]) -> float | None:
    """The published top wage of ``noc`` (either coding; the highest when a code maps to several)."""
    if noc is None:
        return None
    if noc in wages:
        return wages[noc]
    found = [wages[c] for c in canonical(noc, noc_map) if c in wages]
    return max(found) if found else None


def criterion_levers(spec: Mapping[str, Any]) -> frozenset[str]:
    """Lever families that can change a criterion's verdict (children included)."""
    kind = spec["kind"]
    if kind == "any_of":
        return frozenset().union(*(criterion_levers(c) for c in spec["children"]))
    if kind == "fact":
        levers = {spec["lever"]} if spec.get("lever") else set()
        if spec["field"] == "controls_employer":
            levers.add("job")  # a new job is with an employer the applicant does not control
        return frozenset(levers)
    if kind == "oral_french":
        return frozenset({*FRENCH_LEVERS, "french.retest"})
    if kind == "diploma":
        return frozenset({"diploma"})
    if kind == "experience":
        return frozenset({"job", "diploma"} if spec.get("after_criterion") else {"job"})
    if kind == "current_job":
        return frozenset({"job", "salary"})
    return frozenset()  # min_age: only time


def _flatten(specs: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for spec in specs:
        out.append(spec)
        if spec["kind"] == "any_of":
            out.extend(_flatten(spec["children"]))
    return out


# -- options --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Option:
    """One way to pull one lever."""

    lever: str
    to: Any
    months: int
    effort: int  # hundredths
    at_apply: bool = False  # dated on the application date (a French assessment)
    target: str | None = None
    from_: Any = None
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", option_key(self.lever, self.to, self.target))

    def change(self, start: date, apply_on: date) -> Change:
        by = apply_on if self.at_apply else add_months(start, self.months)
        return Change(lever=self.lever, from_=self.from_, to=self.to, by=by, target=self.target)


def option_key(lever: str, to: Any, target: str | None) -> str:
    """A canonical text for one option (numbers compared by value: 100000 == 100000.0)."""

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return value

    return json.dumps([lever, norm(to), target], sort_keys=True, default=str)


def lever_options(
    applicant: Applicant,
    route: RouteData,
    start: date,
    horizon: int,
    reference_wages: Mapping[str, float] | None = None,
) -> dict[str, list[Option]]:
    # ``route`` is already read under the assumptions in force (``rule_data(assumptions)``).
    """The oracle's own small lever domains for ``route``, derived from the profile and the rule data."""
    _, noc_map = rule_data()
    wages = dict(reference_wages or {})
    editions = {route.edition_on(add_months(start, m)) for m in range(horizon + 1)}
    specs = _flatten(c for e in sorted(editions) for c in route.criteria_in(e))
    by_lever: dict[str, dict[str, Option]] = {}

    def add(option: Option) -> None:
        if option.months <= horizon:
            by_lever.setdefault(option.lever, {}).setdefault(option.key, option)

    held = [
        (i, ep)
        for i, ep in enumerate(applicant.work_history)
        if ep.start <= add_months(start, horizon) and (ep.end is None or ep.end >= start)
    ]
    for spec in specs:
        kind = spec["kind"]
        if kind == "oral_french":
            need = spec["min_level"]
            french = applicant.french
            add(Option("french.retest", "new assessment", RETEST_MONTHS, RETEST_EFFORT, at_apply=True))
            for lever in FRENCH_LEVERS:
                level = getattr(french, lever.split(".")[1]) if french else None
                if level is None:  # an assessment is assumed to show the level needed
                    add(Option(lever, need, FRENCH_UNKNOWN_MONTHS, FRENCH_UNKNOWN_EFFORT, True, from_=None))
                elif level < need:  # a level at or above the need is refreshed by a retest
                    for target in range(level + 1, min(12, max(level + 3, need)) + 1):
                        steps = target - level
                        add(
                            Option(
                                lever,
                                target,
                                FRENCH_MONTHS_PER_LEVEL * steps,
                                FRENCH_EFFORT_PER_LEVEL * steps,
                                True,
                                from_=level,
                            )
                        )
        elif kind == "fact" and spec.get("lever"):
            value = getattr(applicant, spec["field"])
            if value not in spec["accepted"]:
                lever = spec["lever"]
                months, effort = FACT_COSTS["declaration" if lever.startswith("declaration.") else lever]
                add(Option(lever, spec["accepted"][0], months, effort, from_=value))
        elif kind == "diploma" and spec.get("lever"):
            lev = spec["lever"]
            months = int(lev["months"])
            if lev.get("requires") and not any(
                LEVEL_RANK[d.level] >= LEVEL_RANK[lev["requires"]]
                for d in applicant.diplomas
                if d.obtained_on is None or d.obtained_on <= start
            ):
                continue  # admission to the program needs a diploma the applicant does not hold yet
            to = {
                "level": lev["level"],
                "field": lev.get("field"),
                "program_code": lev.get("program_code"),
                "in_quebec": lev.get("in_quebec", True),
                "full_time_months": months,
                "share_studied_in_quebec": 1.0,
            }
            add(Option("diploma", to, months, DIPLOMA_EFFORT + DIPLOMA_PER_MONTH * months))
        elif kind == "current_job":
            _job_options(applicant, spec, start, held, wages, noc_map, add)
    return {lever: list(found.values()) for lever, found in sorted(by_lever.items())}


def _job_options(
    applicant: Applicant,
    spec: Mapping[str, Any],
    start: date,
    held: list[tuple[int, Any]],
    wages: Mapping[str, float],
    noc_map: Mapping[str, tuple[str, ...]],
    add: Any,
) -> None:
    filt = spec["filter"]
    floor = spec.get("salary_floor")
    # Salary raises: each job still held (or the accepted offer) to each floor it could need.
    targets: list[tuple[str, str | None, float | None]] = [(f"episode:{i}", ep.noc, ep.annual_salary) for i, ep in held]
    offer = applicant.job_offer
    if spec.get("offer_allowed") and offer is not None:
        targets.append(("offer", offer.noc, offer.annual_salary))
    for target, noc, current in targets:
        if floor is not None:
            figures = {float(floor["outside_cmm"]), float(floor["in_cmm"])}
        elif spec.get("reference_wage"):
            wage = wage_for(noc, wages, noc_map)
            figures = set() if wage is None else {float(wage)}
        else:
            figures = set()
        for figure in sorted(figures):
            if current is not None and figure <= current:
                continue
            raised = 0.0 if current is None else figure - current
            effort = SALARY_EFFORT + SALARY_PER_10K * math.ceil(raised / 10_000)
            add(Option("salary", figure, SALARY_MONTHS, effort, target=target, from_=current))
    # New jobs: the rule's example occupation, and the applicant's own occupation when it is on
    # the rule's list; in and outside the CMM when the salary floor depends on the place.
    occupations = set(filt.get("occupations") or ())
    nocs = [spec["example_noc"]]
    if occupations:
        own = [ep.noc for ep in applicant.work_history] + ([offer.noc] if offer else [])
        for noc in own:
            codes = canonical(noc, noc_map)
            if noc and codes and all(c in occupations for c in codes) and noc not in nocs:
                nocs.append(noc)
    roles = filt.get("roles") or {}
    sector = (filt.get("sector_tags") or [None])[0]
    known = [ep.annual_salary for _, ep in held if ep.start <= start and ep.annual_salary is not None]
    if offer is not None and spec.get("offer_allowed") and offer.annual_salary is not None:
        known.append(offer.annual_salary)
    for noc in nocs[:2]:
        role = next((rs[0] for code, rs in roles.items() if code in canonical(noc, noc_map)), None)
        base = {
            "noc": noc,
            "naics": spec["example_naics"],
            "role": role,
            "sector": sector,
            "in_quebec": filt.get("in_quebec", True),
            "hours_per_week": FULL_TIME_WEEK,
            "paid": True,
            "authorized": True,
            "basic_personal_care": filt.get("basic_personal_care"),
        }
        if floor is not None:
            places = [(True, float(floor["in_cmm"])), (False, float(floor["outside_cmm"]))]
        elif spec.get("reference_wage"):
            wage = wage_for(noc, wages, noc_map)
            # Without a published figure the job is taken at the applicant's own pay, if known
            # (the wage test then rests on an assumption), as the solver does.
            places = [(None, wage if wage is not None else (max(known) if known else None))]
        else:
            places = [(None, max(known) if known else None)]
        for in_cmm, salary in places:
            add(Option("job", {**base, "employer_in_cmm": in_cmm, "annual_salary": salary}, JOB_MONTHS, JOB_EFFORT))


# -- search ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimePoint:
    """A date the application may be filed on, and the whole months elapsed since the start."""

    day: date
    months: int


def elapsed_months(start: date, day: date) -> int:
    """Whole months from ``start`` to ``day``: the largest m with start + m months <= day."""
    months = (day.year - start.year) * 12 + day.month - start.month
    while months > 0 and add_months(start, months) > day:
        months -= 1
    return max(months, 0)


@dataclass
class OracleResult:
    found: bool
    complete: bool  # False when the evaluation budget ran out before a proof
    apply_on: date | None = None
    months: int | None = None  # whole months from the start (what waiting costs)
    effort: int | None = None  # hundredths, waiting included
    options: tuple[Option, ...] = ()
    changes: list[Change] = field(default_factory=list)
    evaluations: int = 0

    def key(self, objective: str) -> tuple[Any, Any] | None:
        """``earliest``: (application date, effort); ``least_effort``: (effort, application date)."""
        if not self.found:
            return None
        return (self.apply_on, self.effort) if objective == "earliest" else (self.effort, self.apply_on)


def counts_as_met(result: Any) -> bool:
    return result.verdict == "met" or (result.verdict == "unknown" and result.assumption is not None)


class Oracle:
    """Brute force over (application date, lever options) for one route.

    Application dates: the same day every month from the start (``S + m`` months, m = 0..H) and,
    when intake windows are respected, also the day each window opens strictly inside the
    horizon; with windows respected, only dates on which the route's intake is open. Durations
    and waiting count whole months elapsed from the start to the application date.
    """

    def __init__(
        self,
        applicant: Applicant | Mapping[str, Any],
        route: str,
        start: date,
        horizon: int,
        respect_intake_windows: bool = True,
        reference_wages: Mapping[str, float] | None = None,
        prune: bool = True,
        max_evaluations: int = 6000,
        assumptions: Mapping[str, bool] | None = None,
    ) -> None:
        self.applicant = applicant if isinstance(applicant, Applicant) else Applicant.model_validate(applicant)
        self.route_id = route
        self.assumptions = dict(assumptions) if assumptions else None
        self.route = rule_data(assumptions)[0][route]
        self.start = start
        self.horizon = horizon
        self.windows = respect_intake_windows
        self.wages = dict(reference_wages) if reference_wages else None
        self.prune = prune
        self.max_evaluations = max_evaluations
        self.options = lever_options(self.applicant, self.route, start, horizon, reference_wages)
        self.evaluations = 0
        self._memo: dict[tuple[object, ...], bool] = {}
        self._levers_of: dict[str, frozenset[str]] = {c["id"]: criterion_levers(c) for c in self.route.criteria}

    def time_points(self) -> list[TimePoint]:
        """The dates an application may be filed on, in date order."""
        last = add_months(self.start, self.horizon)
        days = {add_months(self.start, m) for m in range(self.horizon + 1)}
        if self.windows:
            days |= {first for first, _ in self.route.open_spans() if self.start < first < last}
            days = {d for d in days if self.route.is_open(d)}
        return [TimePoint(d, elapsed_months(self.start, d)) for d in sorted(days)]

    # one evaluation: the route's criteria after the chosen options, on the application date
    def verdicts(self, point: TimePoint, combo: tuple[Option, ...]) -> dict[str, bool]:
        self.evaluations += 1
        profile = apply_changes(self.applicant, [o.change(self.start, point.day) for o in combo])
        answer = evaluate(
            profile, point.day, routes=[self.route_id], reference_wages=self.wages, assumptions=self.assumptions
        )
        return {c.id: counts_as_met(c) for c in answer.routes[0].criteria}

    def _candidates(self, point: TimePoint) -> tuple[list[tuple[int, tuple[Option, ...]]], list[str]]:
        """Option combinations worth trying on ``point``, cheapest first, and the failing criteria."""
        failing: list[str] = []
        levers = list(self.options)
        if self.prune:
            base = self.verdicts(point, ())
            failing = [cid for cid, ok in base.items() if not ok]
            for cid, ok in base.items():
                self._memo[(point.day, cid, ())] = ok
            if not failing:
                return [(0, ())], failing
            wanted = frozenset().union(*(self._levers_of[c] for c in failing))
            levers = [lv for lv in self.options if lv in wanted]
        domains = [[None, *(o for o in self.options[lv] if o.months <= point.months)] for lv in levers]
        out = []
        for picks in itertools.product(*domains):
            combo = tuple(o for o in picks if o is not None)
            if self.prune:
                chosen = {o.lever for o in combo}
                if not all(self._levers_of[c] & chosen for c in failing):
                    continue
            out.append((sum(o.effort for o in combo), combo))
        out.sort(key=lambda item: (item[0], len(item[1]), [o.key for o in item[1]]))
        return out, failing

    def _sub(self, cid: str, combo: tuple[Option, ...]) -> tuple[str, ...]:
        return tuple(o.key for o in combo if o.lever in self._levers_of[cid])

    def _feasible(self, point: TimePoint, combo: tuple[Option, ...], failing: list[str]) -> bool:
        if self.prune and not combo and not failing:
            return True  # the baseline of this date already passed
        if self.prune and any(self._memo.get((point.day, c, self._sub(c, combo))) is False for c in failing):
            return False
        verdicts = self.verdicts(point, combo)
        for cid, ok in verdicts.items():
            self._memo[(point.day, cid, self._sub(cid, combo))] = ok
        return all(verdicts.values())

    def _result(self, point: TimePoint, combo: tuple[Option, ...]) -> OracleResult:
        effort = sum(o.effort for o in combo) + WAIT_PER_MONTH * point.months
        changes = [o.change(self.start, point.day) for o in combo]
        return OracleResult(True, True, point.day, point.months, effort, combo, changes, self.evaluations)

    def solve(self, objective: str = "earliest") -> OracleResult:
        """The optimal plan under ``objective``, or a proof that none exists in the domains."""
        points = self.time_points()
        if objective == "earliest":
            for point in points:
                candidates, failing = self._candidates(point)
                for _, combo in candidates:
                    if self.evaluations >= self.max_evaluations:
                        return OracleResult(False, False, evaluations=self.evaluations)
                    if self._feasible(point, combo, failing):
                        return self._result(point, combo)
            return OracleResult(False, True, evaluations=self.evaluations)
        if objective != "least_effort":
            raise ValueError(objective)
        listed = [(point, *self._candidates(point)) for point in points]
        heap = [
            (cands[0][0] + WAIT_PER_MONTH * point.months, point.day, i, 0)
            for i, (point, cands, _) in enumerate(listed)
            if cands
        ]
        heapq.heapify(heap)
        while heap:
            _, _, i, index = heapq.heappop(heap)
            point, candidates, failing = listed[i]
            combo = candidates[index][1]
            if self.evaluations >= self.max_evaluations:
                return OracleResult(False, False, evaluations=self.evaluations)
            if self._feasible(point, combo, failing):
                return self._result(point, combo)
            if index + 1 < len(candidates):
                nxt = candidates[index + 1][0] + WAIT_PER_MONTH * point.months
                heapq.heappush(heap, (nxt, point.day, i, index + 1))
        return OracleResult(False, True, evaluations=self.evaluations)


def solve(
    applicant: Applicant | Mapping[str, Any],
    route: str,
    start: date,
    horizon: int,
    objective: str = "earliest",
    respect_intake_windows: bool = True,
    reference_wages: Mapping[str, float] | None = None,
    prune: bool = True,
    max_evaluations: int = 6000,
    assumptions: Mapping[str, bool] | None = None,
) -> OracleResult:
    """Convenience wrapper: the oracle's optimum for one route."""
    oracle = Oracle(
        applicant, route, start, horizon, respect_intake_windows, reference_wages, prune, max_evaluations, assumptions
    )
    return oracle.solve(objective)


# -- the documented cost model, applied to a returned plan ----------------------------------
def change_cost(change: Change, start: date) -> tuple[int, int | None]:
    """(effort in hundredths, months before it can take effect) of one change of a returned plan,
    by the documented cost model; months None for an assessment dated on the application date."""
    lever = change.lever
    if lever == "wait":
        months = elapsed_months(start, date.fromisoformat(str(change.to)))
        return WAIT_PER_MONTH * months, months
    if lever in FRENCH_LEVERS:
        if change.from_ is None:
            return FRENCH_UNKNOWN_EFFORT, FRENCH_UNKNOWN_MONTHS
        steps = int(change.to) - int(change.from_)  # type: ignore[arg-type]
        return FRENCH_EFFORT_PER_LEVEL * steps, FRENCH_MONTHS_PER_LEVEL * steps
    if lever == "french.retest":
        return RETEST_EFFORT, RETEST_MONTHS
    if lever == "salary":
        raised = 0.0 if change.from_ is None else float(change.to) - float(change.from_)  # type: ignore[arg-type]
        return SALARY_EFFORT + SALARY_PER_10K * math.ceil(max(raised, 0) / 10_000), SALARY_MONTHS
    if lever == "job":
        return JOB_EFFORT, JOB_MONTHS
    if lever == "diploma":
        months = int(change.to["full_time_months"])  # type: ignore[index]
        return DIPLOMA_EFFORT + DIPLOMA_PER_MONTH * months, months
    family = "declaration" if lever.startswith("declaration.") else lever
    months, effort = FACT_COSTS[family]
    return effort, months


# -- apply_by: a day-by-day scan with the evaluator -----------------------------------------------
def apply_by_scan(
    applicant: Applicant | Mapping[str, Any],
    route: str,
    apply_on: date,
    last: date,
    respect_intake_windows: bool = True,
    reference_wages: Mapping[str, float] | None = None,
    assumptions: Mapping[str, bool] | None = None,
) -> date | None:
    """The last day ``d`` in ``[apply_on, last]`` such that on every day from ``apply_on`` to ``d``
    the route counts as met for ``applicant`` (every criterion met, or unknown with a stated
    assumption) and, with windows respected, its intake is open; ``None`` if ``apply_on`` fails.

    The slow, obvious reading of ``Plan.apply_by``: ``evaluate`` on each day in turn."""
    data = rule_data(assumptions)[0][route]
    wages = dict(reference_wages) if reference_wages else None
    good: date | None = None
    day = apply_on
    while day <= last:
        if respect_intake_windows and not data.is_open(day):
            break
        answer = evaluate(applicant, day, routes=[route], reference_wages=wages, assumptions=assumptions)
        if not all(counts_as_met(c) for c in answer.routes[0].criteria):
            break
        good = day
        day += timedelta(days=1)
    return good
