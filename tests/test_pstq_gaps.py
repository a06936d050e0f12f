"""PSTQ gap plans against a brute-force oracle on small lever spaces.

The oracle enumerates every month of a short horizon and every choice among the same lever
options the solver is offered (each lever unused or one of its options), applies the choice with
``apply_changes`` and asks the evaluator and the scorer — not CP-SAT — whether the route is
eligible and the score's minimum reaches the target. Then: (a) the solver says reachable exactly
when the oracle finds a plan, (b) the solver's plan, applied, is eligible with a score at or above
the target, (c) no plan the oracle finds is earlier, or as early and cheaper.
"""

from __future__ import annotations

from datetime import date
from itertools import product
from typing import Any

import pytest

from solver import Applicant, evaluate, plan_gaps, rank
from solver.answers import Change
from solver.costs import EFFORT_SCALE, CostModel
from solver.gaps import apply_changes, apply_plan
from solver.gaps.problem import PlanningSession, RouteProblem
from solver.ranking.scorer import rules_grid
from solver.rules.book import default_rulebook
from tests.pstq_profiles import DAY, FRENCH_7_5, cook, developer, job

ROUTE = "pstq-high-qualification"
START = date.fromisoformat(DAY)
HORIZON = 3


def _qualifies(profile: Any, route: str, on: date, target: int) -> bool:
    if evaluate(profile, on, routes=[route]).routes[0].verdict != "eligible":
        return False
    return rank(profile, on, routes=[route]).routes[0].score.min >= target


def _oracle(profile: dict[str, Any], route: str, target: int, principal: str) -> tuple[int, int] | None:
    """The best (months, effort in hundredths) by exhaustive search, or None."""
    rules = default_rulebook()
    costs = CostModel()
    session = PlanningSession(Applicant.model_validate(profile), START, HORIZON, costs, rules, None)
    problem = RouteProblem(
        rules.routes[route], session, True, principal=principal, target=target, grid=rules_grid(rules)
    )
    levers = problem.levers
    wait = round(costs.table["wait"]["effort_per_month"] * EFFORT_SCALE)
    best: tuple[int, int] | None = None
    for month in problem.allowed_months():
        apply_on = problem.dates[month]
        elapsed = problem.elapsed[month]
        for choice in product(*(range(len(problem.options[lv]) + 1) for lv in levers)):
            options = [problem.option(lv, i) for lv, i in zip(levers, choice, strict=True) if i]
            if any(o.months > elapsed for o in options):
                continue
            effort = wait * elapsed + sum(o.effort for o in options)
            key = (elapsed, effort)
            if best is not None and key >= best:
                continue
            changes = [
                Change(lever=o.lever, from_=o.from_, to=o.to, by=o.effective(START, apply_on), target=o.target)
                for o in options
            ]
            if _qualifies(apply_changes(profile, changes), route, apply_on, target):
                best = key
    return best


CASES = [
    (developer(), 450),
    (developer(), 480),
    (developer(), 520),
    (developer(), 700),
    (cook(), 400),
    (cook(), 560),
]


@pytest.mark.parametrize(("profile", "target"), CASES)
def test_pstq_plans_match_the_brute_force_oracle(profile: dict[str, Any], target: int) -> None:
    route = ROUTE if profile["principal_noc"] == "21232" else "pstq-intermediate-manual"
    answer = plan_gaps(profile, DAY, routes=[route], horizon_months=HORIZON, target_score=target, max_plans=1)
    found = answer.routes[0]
    assert found.target is not None and found.target.score == target and found.target.source == "request"
    expected = _oracle(profile, route, target, profile["principal_noc"])
    if expected is None:
        assert found.status == "unreachable", found
        return
    assert found.status in ("reachable", "eligible_now"), found
    plan = found.plans[0]
    assert plan.optimal
    # (b) the plan, applied, qualifies on apply_on
    assert _qualifies(apply_plan(profile, plan), route, plan.apply_on, target)
    assert plan.score is not None and plan.score.min >= target
    # (c) nothing earlier, or as early and cheaper
    assert (plan.months_from_start, round(plan.effort * EFFORT_SCALE)) == expected


def test_default_target_is_the_latest_rounds_highest_minimum() -> None:
    found = plan_gaps(developer(), DAY, routes=[ROUTE], max_plans=1).routes[0]
    assert found.target is not None
    assert (found.target.score, found.target.draw_date.isoformat(), found.target.source) == (
        716,
        "2026-04-30",
        "latest_round",
    )
    assert found.status == "reachable"
    plan = found.plans[0]
    assert plan.score is not None and plan.score.min >= 716
    assert _qualifies(apply_plan(developer(), plan), ROUTE, plan.apply_on, 716)
    # the chart's timeline runs from the start to apply_on
    assert (
        plan.score_timeline and plan.score_timeline[0].date == START and plan.score_timeline[-1].date == plan.apply_on
    )


def test_stream_4_has_no_cut_off_and_plans_for_eligibility_alone() -> None:
    found = plan_gaps(developer(), DAY, routes=["pstq-exceptional-talent"], max_plans=1).routes[0]
    assert found.target is not None and found.target.score is None and found.target.source == "none"


def test_apply_by_ends_the_day_before_a_birthday_drops_the_score_below_the_target() -> None:
    # Eligible now with 7/5 French; score on 2026-12-05 is exactly reachable; a target equal to today's
    # score is lost on 2027-03-02 (31st birthday: age 120 -> 110) unless experience makes up for it.
    profile = developer(french=dict(FRENCH_7_5))
    today = rank(profile, DAY, routes=[ROUTE]).routes[0].score.min
    found = plan_gaps(profile, DAY, routes=[ROUTE], target_score=today, max_plans=1).routes[0]
    assert found.status == "eligible_now"
    plan = found.plans[0]
    assert plan.apply_by is not None and plan.apply_by < date(2027, 3, 2)
    assert "under the target" in (plan.apply_by_reason or "")
    day_after = plan.apply_by.toordinal() + 1
    assert rank(profile, date.fromordinal(day_after), routes=[ROUTE]).routes[0].score.min < today
    assert rank(profile, plan.apply_by, routes=[ROUTE]).routes[0].score.min >= today


def test_unreachable_target_says_the_best_reachable_score() -> None:
    found = plan_gaps(developer(), DAY, routes=[ROUTE], target_score=1300, horizon_months=12).routes[0]
    assert found.status == "unreachable"
    assert any("target of 1300" in r and "at best" in r for r in found.reasons)


@pytest.mark.parametrize(
    "profile",
    [
        developer(),
        developer(work_history=[job("21232", "2019-02-10", "2022-08-31"), job("21232", "2023-03-01")]),
        cook(spouse={"accompanying": True, "birth_date": "1991-12-10", "french": {"oral_comprehension": 4}}),
        developer(
            residence_history=[
                {"start": "2020-01-01", "end": "2024-05-31", "in_quebec": True, "in_cmm": False},
                {"start": "2024-06-01", "end": None, "in_quebec": True, "in_cmm": True},
            ],
            study_history=[
                {"start": "2024-09-01", "end": None, "in_quebec": True, "in_cmm": True, "led_to_diploma": False}
            ],
        ),
    ],
)
def test_score_tables_equal_the_scorer_month_by_month(profile: dict[str, Any]) -> None:
    """The solver reads few scores per factor (stretches between turning days); every row it writes
    equals the scorer's own points on that month's profile."""
    rules = default_rulebook()
    session = PlanningSession(Applicant.model_validate(profile), START, 40, CostModel(), rules, None)
    route = rules.routes[ROUTE if profile["principal_noc"] == "21232" else "pstq-intermediate-manual"]
    problem = RouteProblem(route, session, True, principal=profile["principal_noc"], target=700, grid=rules_grid(rules))
    checked = 0
    for factor in problem.factors:
        levers, rows = problem.points_rows(factor, problem.months)
        for month, *indices, points in rows:
            options = [problem.option(lv, i) for lv, i in zip(levers, indices, strict=True) if i]
            day = problem.dates[month]
            changes = [
                Change(lever=o.lever, from_=o.from_, to=o.to, by=o.effective(START, day), target=o.target)
                for o in options
            ]
            changed = apply_changes(profile, changes)
            assert points == factor.points(changed, day, problem.principal, rules.noc.canonical).low, (factor.id, day)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("profile", [developer(), cook(), developer(family_in_quebec=None)])
def test_score_timeline_is_the_scorer_month_by_month(profile: dict[str, Any]) -> None:
    """Each plan's chart data: on every month from the start to apply_on, the scorer's range on the
    profile with the changes done by then; a month left out repeats the previous point."""
    route = ROUTE if profile["principal_noc"] == "21232" else "pstq-intermediate-manual"
    found = plan_gaps(profile, DAY, routes=[route], max_plans=3, target_score=560).routes[0]
    assert found.plans
    session = PlanningSession(Applicant.model_validate(profile), START, 36, CostModel(), default_rulebook(), None)
    for plan in found.plans:
        assert plan.score_timeline
        shown = {p.date: (p.min, p.max) for p in plan.score_timeline}
        days = [d for d in session.dates if d <= plan.apply_on] + [plan.apply_on]
        last = None
        for day in days:
            done = [c for c in plan.changes if c.lever != "wait" and c.by is not None and c.by <= day]
            score = rank(apply_changes(profile, done), day, routes=[route]).routes[0].score
            expected = (score.min, score.max)
            assert shown.get(day, last) == expected, (day, plan.apply_on)
            last = shown.get(day, last)


def test_apply_by_names_the_french_results_expiry() -> None:
    french = dict(FRENCH_7_5)
    found = plan_gaps(developer(french=french), DAY, routes=[ROUTE], target_score=300, max_plans=1).routes[0]
    plan = found.plans[0]
    assert found.status == "eligible_now"
    assert plan.apply_by == date(2028, 3, 10)
    assert plan.apply_by_reason == (
        "The French results are valid until 2028-03-10 and expire on 2028-03-11 (assessed on 2026-03-10; "
        "results must be 2 years old or less on the application date)."
    )
