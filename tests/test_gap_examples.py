"""Worked examples of the gap solver, each checked against the evaluator."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from profiles import APPLICATION_DATE, eligible_for, episode

from solver import InvalidInput, apply_plan, evaluate, plan_gaps
from solver.answers import Plan, RouteGaps
from solver.applicant import Applicant


def gaps(profile: dict[str, Any], route: str, **kw: Any) -> RouteGaps:
    kw.setdefault("application_date", APPLICATION_DATE)
    return plan_gaps(profile, routes=[route], **kw).routes[0]


def levers(plan: Plan) -> set[str]:
    return {c.lever for c in plan.changes}


def assert_plan_works(profile: dict[str, Any], route: str, plan: Plan, **kw: Any) -> None:
    after = apply_plan(Applicant.model_validate(profile), plan)
    answer = evaluate(after, plan.apply_on, routes=[route], **kw).routes[0]
    assert answer.verdict == "eligible", [(c.id, c.explanation) for c in answer.criteria if c.verdict != "met"]


def test_eligible_now_needs_no_change() -> None:
    result = gaps(eligible_for("food-processing"), "food-processing")
    assert result.status == "eligible_now"
    assert result.plans[0].changes == [] and result.plans[0].apply_on == APPLICATION_DATE


def test_french_six_to_seven_is_the_only_gap() -> None:
    profile = eligible_for("food-processing")
    profile["french"]["oral_production"] = 6
    result = gaps(profile, "food-processing")
    assert result.status == "reachable"
    best = result.plans[0]
    assert levers(best) == {"wait", "french.oral_production"}
    french = next(c for c in best.changes if c.lever == "french.oral_production")
    assert (french.from_, french.to) == (6, 7)
    # one level at 3 months a level: apply three months later, effort 4 (level) + 3 (waiting)
    assert best.months_from_start == 3 and best.apply_on == date(2024, 9, 3)
    assert best.effort == 7 and best.optimal
    assert_plan_works(profile, "food-processing", best)


def test_orderly_with_19_of_24_months_waits_five_months() -> None:
    profile = eligible_for("orderlies-work")
    profile["work_history"] = [episode("33102", "2022-11-01", naics="623110", basic_personal_care=True)]
    today = evaluate(profile, APPLICATION_DATE, routes=["orderlies-work"]).routes[0]
    experience = next(c for c in today.criteria if c.id == "experience")
    assert experience.explanation.startswith("19 of the required 24 months")
    result = gaps(profile, "orderlies-work")
    best = result.plans[0]
    assert levers(best) == {"wait"}
    assert best.months_from_start == 5 and best.apply_on == date(2024, 11, 3)
    assert best.effort == 5 and best.optimal
    assert_plan_works(profile, "orderlies-work", best)


def test_food_worker_whose_window_closes_before_the_months_accrue() -> None:
    profile = eligible_for("food-processing")
    profile["work_history"][0]["start"] = "2024-06-03"  # 12 months on 2025-06-03
    start = date(2025, 6, 3)
    closed = gaps(profile, "food-processing", application_date=start)
    assert closed.status == "unreachable"
    # 2024-06-03 -> 2026-06-03 is 730 days (23.98 months): 24 months are reached in July 2026
    assert any("2026-01-01" in r and "2026-07-03" in r for r in closed.reasons), closed.reasons
    as_if_open = gaps(profile, "food-processing", application_date=start, respect_intake_windows=False)
    assert as_if_open.status == "reachable"
    best = as_if_open.plans[0]
    assert best.apply_on == date(2026, 7, 3)
    # the French results of 2024-01-15 are valid until 2026-01-15, before that date: a fresh test is planned
    assert levers(best) == {"wait", "french.retest"}
    assert_plan_works(profile, "food-processing", best)


def test_ai_foreign_worker_in_the_cmm_at_92000() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0]["annual_salary"] = 92000
    result = gaps(profile, "ai-foreign-worker-francophone")
    first, *others = result.plans
    raise_ = next(c for c in first.changes if c.lever == "salary")
    assert (raise_.from_, raise_.to) == (92000, 100000)
    assert first.months_from_start == 1
    moves = [p for p in others if "job" in levers(p)]
    assert moves, "a job outside the CMM is an alternative"
    job = next(c for c in moves[0].changes if c.lever == "job")
    assert isinstance(job.to, dict) and job.to["employer_in_cmm"] is False and job.to["annual_salary"] == 92000
    for plan in result.plans:
        assert_plan_works(profile, "ai-foreign-worker-francophone", plan)


def test_quebec_graduate_whose_diploma_leaves_its_window_while_waiting() -> None:
    profile = eligible_for("ai-quebec-graduate-francophone")
    profile["diplomas"][0]["obtained_on"] = "2022-07-01"  # 23 months old on 2024-06-03
    profile["french"]["oral_production"] = 6  # needs 3 months of classes
    result = gaps(profile, "ai-quebec-graduate-francophone")
    best = result.plans[0]
    # after three months the master's is 26 months old: a plan must add a new diploma
    assert "diploma" in levers(best)
    assert best.apply_on >= date(2025, 6, 3)
    assert_plan_works(profile, "ai-quebec-graduate-francophone", best)
    # the French raise alone would leave the diploma outside its window
    only_french = Plan(
        apply_on=date(2024, 9, 3),
        months_from_start=3,
        effort=7,
        optimal=False,
        changes=[c for c in best.changes if c.lever == "french.oral_production"],
    )
    after = apply_plan(Applicant.model_validate(profile), only_french)
    route = evaluate(after, date(2024, 9, 3), routes=["ai-quebec-graduate-francophone"]).routes[0]
    assert next(c.verdict for c in route.criteria if c.id == "quebec_diploma") == "not_met"


def test_least_effort_prefers_waiting_over_a_new_job() -> None:
    profile = eligible_for("orderlies-work-study")
    profile["diplomas"][0]["obtained_on"] = "2023-09-01"  # 9 of 12 months after the DEP
    earliest = gaps(profile, "orderlies-work-study", objective="earliest").plans[0]
    least = gaps(profile, "orderlies-work-study", objective="least_effort").plans[0]
    assert levers(least) == {"wait"} and least.months_from_start == 3
    assert earliest.months_from_start <= least.months_from_start
    assert least.effort <= earliest.effort


def test_a_past_fact_no_plan_can_change_is_named() -> None:
    profile = eligible_for("orderlies-work")
    profile["respected_conditions_of_stay"] = False
    profile["french"]["assessed_on"] = "2022-01-15"
    result = gaps(profile, "orderlies-work", application_date="2022-06-03", horizon_months=3)
    assert result.status == "unreachable"
    assert any("past fact" in r for r in result.reasons), result.reasons


def test_closed_program_is_said_plainly_and_plans_as_if_open() -> None:
    profile = eligible_for("food-processing")
    profile["french"]["assessed_on"] = "2025-11-15"
    closed = plan_gaps(profile, "2026-11-25", routes=["food-processing"])
    assert closed.routes[0].status == "unreachable"
    assert "ended on 2026-01-01" in closed.routes[0].reasons[0]
    assert closed.notice and "2026-01-01" in closed.notice
    as_if = plan_gaps(profile, "2026-11-25", routes=["food-processing"], respect_intake_windows=False)
    assert as_if.routes[0].status == "eligible_now"
    assert "as if the programs were open" in (as_if.notice or "")


def test_missing_reference_wage_is_planned_under_a_stated_assumption() -> None:
    profile = eligible_for("it-ve-francophone")
    profile["french"]["oral_comprehension"] = 6
    result = gaps(profile, "it-ve-francophone")
    assert result.status == "reachable"
    assert any("21232" in a and "Emploi-Québec" in a for a in result.assumptions)


def test_alternatives_differ_in_their_set_of_levers() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0]["annual_salary"] = 92000
    profile["french"]["oral_production"] = 6
    plans = gaps(profile, "ai-foreign-worker-francophone", max_plans=3).plans
    sets = [frozenset(levers(p)) for p in plans]
    assert len(set(sets)) == len(sets)
    for i, earlier in enumerate(sets):
        for later in sets[i + 1 :]:
            assert not earlier <= later, "an alternative adds levers to a better plan"
    keys = [(p.months_from_start, p.effort) for p in plans]
    assert keys == sorted(keys)


def test_french_answers() -> None:
    profile = eligible_for("food-processing")
    profile["french"]["oral_production"] = 6
    result = plan_gaps(profile, APPLICATION_DATE, routes=["food-processing"], lang="fr").routes[0]
    french = [c.note for c in result.plans[0].changes if c.lever == "french.oral_production"]
    assert french and "7" in french[0] and "fran" in french[0].lower(), french  # a French note naming level 7


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"horizon_months": 121}, "horizon_months"),
        ({"objective": "cheapest"}, "objective"),
        ({"costs": {"job": {"effort": -1}}}, "costs.job.effort"),
        ({"costs": {"teleport": {}}}, "costs.teleport"),
        ({"routes": ["food"]}, "routes"),
        ({"max_plans": 0}, "max_plans"),
    ],
)
def test_bad_requests_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        plan_gaps(eligible_for("food-processing"), APPLICATION_DATE, **kwargs)
    assert error.value.field == field


def test_cost_overrides_change_the_optimum_and_are_reported() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0]["annual_salary"] = 92000
    answer = plan_gaps(
        profile,
        APPLICATION_DATE,
        routes=["ai-foreign-worker-francophone"],
        objective="least_effort",
        costs={"salary": {"effort": 50}},
    )
    assert answer.cost_model.levers["salary"]["effort"] == 50
    assert "job" in levers(answer.routes[0].plans[0])


def test_plan_applies_on_the_day_the_window_opens() -> None:
    profile = eligible_for("food-processing")
    profile["french"]["assessed_on"] = "2023-05-15"
    # no intake between 2022-11-01 and 2023-11-22: the earliest date is the reopening day itself
    result = gaps(profile, "food-processing", application_date="2023-06-03")
    best = result.plans[0]
    assert best.apply_on == date(2023, 11, 23)
    assert best.months_from_start == 5 and levers(best) == {"wait"}
    assert_plan_works(profile, "food-processing", best)


def test_a_graduate_diploma_is_planned_only_for_holders_of_a_bachelor() -> None:
    food = eligible_for("food-processing")  # secondary diploma only
    result = gaps(food, "ai-quebec-graduate-francophone")
    assert result.status == "unreachable"
    assert any("DESS" in r and "admission requires a bachelor's diploma" in r for r in result.reasons), result.reasons
    bachelor = eligible_for("ai-foreign-worker-francophone")  # holds a bachelor's
    plans = gaps(bachelor, "ai-quebec-graduate-francophone").plans
    assert plans and "diploma" in levers(plans[0])


def test_a_solve_cut_short_by_its_time_limit_says_so() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0]["annual_salary"] = 92000
    profile["french"]["oral_production"] = 5
    result = gaps(profile, "ai-foreign-worker-francophone", time_limit_s=1e-9)
    assert result.proven is False
    assert any("time limit" in r for r in result.reasons)
    for plan in result.plans:
        assert plan.optimal is False
    normal = gaps(profile, "ai-foreign-worker-francophone")
    assert normal.proven is True and all(p.optimal for p in normal.plans)


def test_a_tiny_time_limit_never_calls_a_reachable_route_unreachable() -> None:
    """Issue 14, item 5: past its time limit a route is ``undecided`` (or its plans unproven),
    never ``unreachable`` when the full solve finds it reachable."""
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0]["annual_salary"] = 92000
    profile["french"]["oral_production"] = 5
    full = {r.route: r for r in plan_gaps(profile, APPLICATION_DATE).routes}
    tiny = {r.route: r for r in plan_gaps(profile, APPLICATION_DATE, time_limit_s=1e-9).routes}
    assert any(r.status == "reachable" for r in full.values())
    for route, answer in tiny.items():
        if full[route].status in ("reachable", "eligible_now"):
            assert answer.status != "unreachable", route
        if answer.status == "undecided":
            assert answer.proven is False and answer.reasons and not answer.plans
            assert "time limit" in answer.reasons[0]
        if answer.status == "unreachable":
            assert full[route].status == "unreachable", route


ORDERLY = {
    "birth_date": "1994-03-02",
    "status_in_quebec": "worker",
    "intends_to_settle_in_quebec": True,
    "controls_employer": False,
    "respected_conditions_of_stay": True,
    "self_sufficiency_undertaking": True,
    "commits_to_learn_french": None,
    "expert_committee_opinion": None,
    "french": {"oral_comprehension": 7, "oral_production": 6, "assessed_on": "2024-01-15"},
    "diplomas": [{"level": "vocational", "program_code": "5358", "field": "orderly", "in_quebec": True,
                  "full_time_months": 12, "obtained_on": "2023-06-20", "share_studied_in_quebec": 1.0}],
    "work_history": [{"noc": "33102", "naics": "623110", "role": None, "in_quebec": True, "hours_per_week": 37.5,
                      "paid": True, "authorized": True, "basic_personal_care": True, "start": "2023-07-01",
                      "end": None, "annual_salary": 48000, "employer_in_cmm": True, "sector": "health"}],
    "job_offer": None,
}  # fmt: skip


def test_apply_by_when_the_intake_window_closes() -> None:
    plan = gaps(ORDERLY, "orderlies-work-study").plans[0]
    assert (plan.apply_on, plan.apply_by) == (date(2024, 9, 3), date(2024, 12, 31))
    assert plan.apply_by_reason == "The intake window closes on 2024-12-31."


def test_apply_by_when_the_programs_end() -> None:
    plan = gaps(ORDERLY, "orderlies-work").plans[0]
    assert plan.apply_by == date(2025, 12, 31)
    assert "2026-01-01" in (plan.apply_by_reason or "")
    fr = gaps(ORDERLY, "orderlies-work", lang="fr").plans[0]
    assert fr.apply_by_reason and fr.apply_by_reason.startswith("Les programmes prennent fin le 2026-01-01")


def test_apply_by_when_the_dep_leaves_its_24_month_window() -> None:
    plan = gaps(ORDERLY, "orderlies-work-study", respect_intake_windows=False).plans[0]
    assert plan.apply_by == date(2025, 6, 20)  # DEP of 2023-06-20: 24 months before 2025-06-20 at the latest
    assert "2025-06-21" in (plan.apply_by_reason or "") and "diploma" in (plan.apply_by_reason or "")


def test_apply_by_at_the_end_of_the_horizon() -> None:
    plan = gaps(ORDERLY, "orderlies-work", respect_intake_windows=False, horizon_months=24).plans[0]
    assert plan.apply_by == date(2026, 6, 3)
    assert "horizon" in (plan.apply_by_reason or "")


def test_apply_by_when_the_french_results_expire() -> None:
    profile = eligible_for("food-processing")
    profile["french"]["assessed_on"] = "2022-10-01"  # valid while 2 years old or less: until 2024-10-01
    plan = gaps(profile, "food-processing").plans[0]
    assert plan.apply_on == APPLICATION_DATE
    assert plan.apply_by == date(2024, 10, 1)
    assert plan.apply_by_reason and plan.apply_by_reason.startswith(
        "The French results are valid until 2024-10-01 and expire on 2024-10-02"
    )


def test_apply_by_at_a_jobs_recorded_end_date() -> None:
    profile = eligible_for("food-processing")
    profile["work_history"][-1]["end"] = "2024-08-15"
    plan = gaps(profile, "food-processing").plans[0]
    assert plan.apply_by == date(2024, 8, 15)
    assert "2024-08-15" in (plan.apply_by_reason or "")
