"""Unknown inputs give `unknown`, never `eligible`."""

from __future__ import annotations

from typing import Any

import pytest
from profiles import APPLICATION_DATE, IT_VE_WAGES, eligible_for

from solver import evaluate


def _route(profile: dict[str, Any], route: str, **kw: Any) -> Any:
    return evaluate(profile, APPLICATION_DATE, routes=[route], **kw).routes[0]


@pytest.mark.parametrize(
    ("route", "edit", "cid"),
    [
        ("food-processing", lambda p: p.update(birth_date=None), "min_age"),
        ("food-processing", lambda p: p.update(french=None), "oral_french"),
        ("food-processing", lambda p: p["french"].update(assessed_on=None), "oral_french"),
        ("food-processing", lambda p: p.update(intends_to_settle_in_quebec=None), "intends_to_settle"),
        ("food-processing", lambda p: p.update(status_in_quebec=None), "status_in_quebec"),
        ("food-processing", lambda p: p["work_history"][0].update(hours_per_week=None), "current_job"),
        ("food-processing", lambda p: p["work_history"][0].update(naics=None), "experience"),
        ("food-processing", lambda p: p["diplomas"][0].update(full_time_months=None), "diploma"),
        ("orderlies-work", lambda p: p["work_history"][0].update(basic_personal_care=None), "experience"),
        ("orderlies-work", lambda p: p.update(controls_employer=None), "employer_not_controlled"),
        ("orderlies-work-study", lambda p: p["diplomas"][0].update(program_code=None), "dep_5358"),
        (
            "ai-foreign-worker-francophone",
            lambda p: p.update(expert_committee_opinion=None),
            "expert_committee_opinion",
        ),
        (
            "ai-foreign-worker-francophone",
            lambda p: p["work_history"][0].update(employer_in_cmm=None, annual_salary=90000),
            "ai_job",
        ),
        (
            "ai-quebec-graduate-francophone",
            lambda p: p["diplomas"][0].update(share_studied_in_quebec=None),
            "quebec_diploma",
        ),
        ("it-ve-francization", lambda p: p.update(commits_to_learn_french=None), "francization_commitment"),
    ],
)
def test_unknown_input_gives_unknown_never_eligible(route: str, edit: Any, cid: str) -> None:
    profile = eligible_for(route)
    edit(profile)
    answer = _route(profile, route, reference_wages=IT_VE_WAGES)
    verdicts = {c.id: c.verdict for c in answer.criteria}
    assert verdicts[cid] == "unknown"
    assert answer.verdict == "unknown"


def test_missing_reference_wage_is_unknown_with_what_to_look_up() -> None:
    answer = _route(eligible_for("it-ve-francophone"), "it-ve-francophone")
    job = next(c for c in answer.criteria if c.id == "itve_job")
    assert job.verdict == "unknown"
    assert answer.verdict == "unknown"
    assert job.assumption is not None and "21232" in job.assumption and "Emploi-Québec" in job.assumption


def test_unknown_does_not_hide_a_failure() -> None:
    profile = eligible_for("food-processing")
    profile["birth_date"] = None
    profile["french"]["oral_production"] = 5
    assert _route(profile, "food-processing").verdict == "not_eligible"


def test_the_empty_profile_is_never_eligible() -> None:
    answer = evaluate({}, APPLICATION_DATE)
    assert {r.verdict for r in answer.routes} <= {"unknown", "not_eligible"}


def test_verdict_fast_path_agrees_with_the_explained_answer() -> None:
    from solver import route_verdicts
    from solver.cohort import generate_cohort

    for applicant in generate_cohort(150, seed=11):
        explained = {r.route: r.verdict for r in evaluate(applicant, APPLICATION_DATE).routes}
        assert route_verdicts(applicant, APPLICATION_DATE) == explained


def test_json_fast_path_is_byte_for_byte_the_model_dump() -> None:
    from solver.cohort import generate_cohort
    from solver.evaluator import evaluate_json

    for applicant in generate_cohort(60, seed=5):
        for lang in ("en", "fr"):
            model = evaluate(applicant, APPLICATION_DATE, lang=lang).model_dump_json(by_alias=True)
            assert evaluate_json(applicant, APPLICATION_DATE, lang=lang) == model
