"""``plan_gaps``: for each route, the minimal dated plan(s) that make the applicant eligible.

Path of a call: validate the request, build each route's ``RouteProblem`` (months, editions,
windows, lever options priced by the cost model), say ``eligible_now`` when nothing is
needed, else solve the route's CP-SAT model for the best plan and up to ``max_plans - 1``
alternatives with other lever sets, or explain with a minimal core why none exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from solver.answers import (
    Change,
    CostModelOut,
    GapsAnswer,
    Lang,
    Objective,
    Plan,
    PointRange,
    RouteGaps,
    ScorePoint,
)
from solver.applicant import Applicant, InvalidInput, check_against_date
from solver.costs import EFFORT_SCALE, CostModel
from solver.criteria.occupation import principal_candidates
from solver.evaluator import (
    as_applicant,
    as_date,
    assess_route,
    checked_wages,
    notice_for,
    route_ids,
    route_verdict,
)
from solver.gaps.model import GapModel, Solution
from solver.gaps.problem import PlanningSession, RouteProblem
from solver.gaps.reasons import blocked, unreachable_reasons
from solver.gaps.window import apply_by
from solver.levers import LeverOption, apply_option
from solver.ranking.scorer import grid_notice, rules_grid, target_for
from solver.requests import MAX_HORIZON_MONTHS
from solver.rules.book import RuleBook, resolve_rules
from solver.rules.overlay import Reform
from solver.rules.route import Route
from solver.text import pick

DEFAULT_TIME_LIMIT_S = 5.0


def check_plan_options(
    objective: str,
    horizon_months: int,
    max_plans: int,
    time_limit_s: float | None,
    costs: Mapping[str, Mapping[str, float]] | None,
) -> tuple[float, CostModel]:
    """Check the planning options of a request; return the time limit and the cost model.

    Raises:
        InvalidInput: naming the first bad option.
    """
    if objective not in ("earliest", "least_effort"):
        raise InvalidInput("objective", "must be 'earliest' or 'least_effort'")
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, int):
        raise InvalidInput("horizon_months", "must be a whole number of months")
    if not 0 <= horizon_months <= MAX_HORIZON_MONTHS:
        raise InvalidInput("horizon_months", f"must be from 0 to {MAX_HORIZON_MONTHS}")
    if isinstance(max_plans, bool) or not isinstance(max_plans, int) or not 1 <= max_plans <= 10:
        raise InvalidInput("max_plans", "must be from 1 to 10")
    limit = DEFAULT_TIME_LIMIT_S if time_limit_s is None else time_limit_s
    if not limit > 0:
        raise InvalidInput("time_limit_s", "must be positive")
    return limit, CostModel(costs)


def plan_gaps(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    horizon_months: int = 36,
    objective: Objective = "earliest",
    respect_intake_windows: bool = True,
    max_plans: int = 3,
    routes: Iterable[str] | None = None,
    costs: Mapping[str, Mapping[str, float]] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    time_limit_s: float | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
    programs: Iterable[str] | None = None,
    target_score: int | None = None,
) -> GapsAnswer:
    """The gap plans of ``applicant`` for each route, planning from ``application_date`` (default today).

    Raises:
        InvalidInput: a bad horizon, objective, cost override or route id, or an impossible profile.
    """
    person = as_applicant(applicant)
    start = as_date(application_date)
    check_against_date(person, start)
    limit, cost_model = check_plan_options(objective, horizon_months, max_plans, time_limit_s, costs)
    if target_score is not None and (
        isinstance(target_score, bool) or not isinstance(target_score, int) or not 0 <= target_score <= 1400
    ):
        raise InvalidInput(
            "target_score", "must be a whole number from 0 to 1400", reason_fr="doit être un entier de 0 à 1400"
        )
    reference_wages = checked_wages(reference_wages)
    rules = resolve_rules(rules, assumptions, reform)
    answers = []
    session = PlanningSession(person, start, horizon_months, cost_model, rules, reference_wages)
    rids = route_ids(routes, programs, rules)
    for rid in rids:
        route = rules.routes[rid]
        if not route.spec.principal_occupation:
            problem = RouteProblem(route, session, respect_intake_windows)
            answers.append(plan_route(problem, objective, max_plans, limit, lang))
            continue
        answers.append(
            plan_ranked_route(route, session, respect_intake_windows, objective, max_plans, limit, lang, target_score)
        )
    notice = notice_for(start, rules, lang, rids=rids)
    if any(rules.routes[r].spec.ranking_stream for r in rids):
        grid_note = grid_notice(rules_grid(rules), start, lang)
        if grid_note:
            notice = f"{notice} {grid_note}" if notice else grid_note
    if not respect_intake_windows:
        as_if = pick(
            lang,
            "Plans are computed as if the programs were open (intake windows and program ends ignored).",
            "Plans calculés comme si les programmes étaient ouverts (périodes de réception et fins de "
            "programme ignorées).",
        )
        notice = f"{notice} {as_if}" if notice else as_if
    return GapsAnswer(
        application_date=start,
        rules_version=rules.rules_version,
        assumptions=rules.assumptions,
        objective=objective,
        horizon_months=horizon_months,
        respect_intake_windows=respect_intake_windows,
        notice=notice,
        cost_model=CostModelOut(levers=cost_model.as_dict()),
        routes=answers,
    )


_STATUS_ORDER = {"eligible_now": 0, "reachable": 1, "undecided": 2, "unreachable": 3}


def plan_ranked_route(
    route: Route,
    session: PlanningSession,
    respect_windows: bool,
    objective: Objective,
    max_plans: int,
    limit: float,
    lang: str,
    target_score: int | None,
) -> RouteGaps:
    """A route that reads the principal occupation (PSTQ): planned for each candidate occupation, the
    best kept (by status, then the first plan under the objective); with a ranking, plans also bring
    the score to the target."""
    target = target_for(route, target_score) if route.spec.ranking_stream else None
    grid = rules_grid(session.rules) if target is not None and target.score is not None else None
    best: tuple[tuple[int, int, float], RouteGaps] | None = None
    for rank, code in enumerate(principal_candidates(session.applicant, session.rules.noc)):
        problem = RouteProblem(
            route, session, respect_windows, principal=code, target=target.score if grid else None, grid=grid
        )
        answer = plan_route(problem, objective, max_plans, limit, lang)
        first = answer.plans[0] if answer.plans else None
        months = first.months_from_start if first else 10**6
        effort = first.effort if first else 10.0**9
        key = (_STATUS_ORDER[answer.status], *((months, effort) if objective == "earliest" else (effort, months)), rank)
        if best is None or key < best[0]:
            best = (key, answer.model_copy(update={"principal_noc": code, "target": target}))  # type: ignore[assignment]
    assert best is not None
    return best[1]


def plan_route(
    problem: RouteProblem, objective: Objective, max_plans: int, time_limit_s: float, lang: str
) -> RouteGaps:
    route = problem.route
    ctx = problem.context(problem.applicant, 0)
    baseline = assess_route(route, ctx)
    assumptions = [a.get(lang) for a in route.spec.assumptions]
    for criterion, finding in baseline:
        if finding.verdict == "unknown" and finding.assumption is None:
            assumptions.append(
                pick(
                    lang,
                    "Unknown today, so planned as not met until a change settles it: " + criterion.description("en"),
                    "Inconnu aujourd'hui, donc planifié comme non respecté tant qu'un changement ne le règle "
                    "pas : " + criterion.description("fr"),
                )
            )
    edition = ctx.edition
    eligible = route_verdict(f.verdict for _, f in baseline) == "eligible"
    if eligible and problem.target is not None:
        eligible = problem.score_on(problem.applicant, problem.start)[0] >= problem.target
    if eligible and 0 in problem.allowed_months():
        plan = _with_apply_by(
            problem,
            Plan(apply_on=problem.start, months_from_start=0, effort=0.0, optimal=True, changes=[]),
            problem.applicant,
            lang,
        )
        return RouteGaps(route=route.id, status="eligible_now", plans=[plan], assumptions=assumptions, edition=edition)
    months = problem.allowed_months()
    solutions: list[Solution] = []
    reasons: list[str] = []
    if months and not blocked(problem, months):
        model = GapModel(problem, months, objective)
        model.require_all()
        while len(solutions) < max_plans:
            solution = model.solve(time_limit_s)
            if solution is None:
                if not solutions and model.last_status == "UNKNOWN":
                    return RouteGaps(
                        route=route.id,
                        status="undecided",
                        proven=False,
                        reasons=[
                            pick(
                                lang,
                                f"The solver reached its {time_limit_s:g} s time limit before it found a plan "
                                "or proved that none exists: ask again with a longer time limit.",
                                f"Le solveur a atteint sa limite de {time_limit_s:g} s avant de trouver un plan "
                                "ou de prouver qu'il n'en existe aucun : redemandez avec une limite plus longue.",
                            )
                        ],
                        assumptions=assumptions,
                        edition=edition,
                    )
                break
            solutions.append(solution)
            model.exclude(solution)
    if not solutions:
        return RouteGaps(
            route=route.id,
            status="unreachable",
            reasons=unreachable_reasons(problem, lang, time_limit_s),
            assumptions=assumptions,
            edition=edition,
        )
    plans = [to_plan(problem, s, lang) for s in solutions]
    assumptions += _plan_assumptions(problem, plans[0], lang)
    if not all(s.optimal for s in solutions):
        reasons.append(
            pick(
                lang,
                "The solver hit its time limit: plans marked optimal: false are the best found, not proven best.",
                "Le solveur a atteint sa limite de temps : les plans marqués "
                "optimal: false sont les meilleurs trouvés, sans preuve d'optimalité.",
            )
        )
    return RouteGaps(
        route=route.id,
        status="reachable",
        proven=all(s.optimal for s in solutions),
        plans=plans,
        reasons=reasons,
        assumptions=list(dict.fromkeys(assumptions)),
        edition=edition,
    )


def to_plan(problem: RouteProblem, solution: Solution, lang: str) -> Plan:
    """The contract's ``Plan`` for a solution: what to change, to what, and by when."""
    start, apply_on = problem.start, problem.dates[solution.month]
    months = problem.elapsed[solution.month]
    changes = []
    if solution.month > 0:
        changes.append(
            Change(
                lever="wait",
                from_=start.isoformat(),
                to=apply_on.isoformat(),
                by=apply_on,
                note=pick(
                    lang,
                    f"Apply on {apply_on}, {months} month(s) from {start}; meanwhile jobs held keep adding "
                    "experience and the profile ages.",
                    f"Déposer la demande le {apply_on}, dans {months} mois; "
                    "d'ici là, l'expérience des emplois occupés s'accumule.",
                ),
            )
        )
    for lever in sorted(solution.choice):
        option = problem.option(lever, solution.choice[lever])
        changes.append(
            Change(
                lever=lever,
                from_=option.from_,
                to=option.to,
                by=option.effective(start, apply_on),
                note=pick(lang, *option.note),
                target=option.target,
            )
        )
    plan = Plan(
        apply_on=apply_on,
        months_from_start=months,
        effort=solution.effort / EFFORT_SCALE,
        optimal=solution.optimal,
        changes=changes,
    )
    return _with_apply_by(problem, plan, apply_plan(problem.applicant, plan), lang)


def _score_timeline(problem: RouteProblem, plan: Plan) -> list[ScorePoint]:
    """The score's range month by month from the start to ``apply_on``, each change on its date."""
    changes = [c for c in plan.changes if c.lever != "wait"]
    days = [d for d in problem.session.dates if d <= plan.apply_on]
    if plan.apply_on not in days:
        days.append(plan.apply_on)
    # days that see the same changes done share one profile
    ranges: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(days) + 1):
        done_before = [c for c in changes if c.by is not None and c.by <= days[i - 1]]
        if i == len(days) or any(c.by is not None and days[i - 1] < c.by <= days[i] for c in changes):
            ranges += problem.ranges_over(apply_changes(problem.applicant, done_before), days[start:i])
            start = i
    points: list[ScorePoint] = []
    previous: tuple[int, int] | None = None
    for day, (low, high) in zip(days, ranges, strict=True):
        since = points[-1].date if points else day
        events = [c.lever for c in changes if c.by is not None and since < c.by <= day]
        if previous is not None and (low, high) == previous and not events and day != plan.apply_on:
            continue
        points.append(ScorePoint(date=day, min=low, max=high, events=events))
        previous = (low, high)
    return points


def _with_apply_by(problem: RouteProblem, plan: Plan, profile: Applicant, lang: str) -> Plan:
    """``plan`` with the last day it still works (``profile`` is the applicant with its changes), and,
    with a ranking, its score on ``apply_on`` and month by month before it."""
    update: dict[str, Any] = {}
    if problem.factors:
        low, high = problem.score_on(profile, plan.apply_on)
        update["score"] = PointRange(min=low, max=high)
        update["score_timeline"] = _score_timeline(problem, plan)
    found = apply_by(problem, profile, plan.apply_on, lang)
    if found is not None:
        update.update({"apply_by": found.day, "apply_by_reason": found.reason})
    return plan.model_copy(update=update) if update else plan


def apply_plan(applicant: Applicant | Mapping[str, Any], plan: Plan) -> Applicant:
    """The profile after every change of ``plan`` (the application date is ``plan.apply_on``)."""
    return apply_changes(applicant, plan.changes)


def apply_changes(applicant: Applicant | Mapping[str, Any], changes: Iterable[Change]) -> Applicant:
    """The profile after ``changes``, each taking effect on its ``by`` date (``wait`` changes nothing)."""
    applicant = as_applicant(applicant)
    for change in changes:
        if change.lever == "wait":
            continue
        option = LeverOption(change.lever, change.to, change.from_, 0, 0, target=change.target)
        applicant = apply_option(applicant, option, change.by or date.today())
    return applicant


def _plan_assumptions(problem: RouteProblem, plan: Plan, lang: str) -> list[str]:
    """Assumptions the best plan rests on: criteria it meets only for lack of outside data."""
    after = apply_plan(problem.applicant, plan)
    ctx = problem.context(after, problem.dates.index(plan.apply_on))
    return [
        pick(lang, *f.assumption)
        for _, f in assess_route(problem.route, ctx)
        if f.verdict == "unknown" and f.assumption is not None
    ]
