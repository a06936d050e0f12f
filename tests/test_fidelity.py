"""Rules fidelity, round 2: the three orderly corrections, section citations, and each named
assumption at both values on a profile where it changes the verdict (shared/RULES.md,
"Corrections and readings (v2)")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from solver import evaluate, plan_gaps
from solver.applicant import InvalidInput
from solver.catalog import route_catalog
from solver.rules.book import default_rulebook, rulebook_for
from tests.profiles import IT_VE_WAGES, eligible_for, episode

DAY = "2024-06-03"
DEFAULTS = {
    "ai_graduate_salary_floor": False,
    "ai_graduate_expert_opinion": False,
    "ai_foreign_worker_path_b_2023": True,
    "it_ve_general_dec": False,
    "dep_5358_meets_program_length": True,
    "conditions_of_stay_met_if_never_stayed": True,
    # the open programs' readings (CONTRACT.md v3; defaults in shared/OPEN-PROGRAMS.md §8)
    "pstq_exceptional_talent_french": False,
    "pstq_regulated_french_by_teer": True,
    "pstq_family_points_need_outside_cmm": False,
    "pstq_quebec_months_in_5_years": True,
    "peq_windows_end_on_reference_date": True,
}


def verdict(profile: dict[str, Any], route: str, day: str = DAY, **kwargs: Any) -> str:
    return evaluate(profile, day, routes=[route], reference_wages=IT_VE_WAGES, **kwargs).routes[0].verdict


def criterion(profile: dict[str, Any], route: str, cid: str, day: str = DAY, **kwargs: Any) -> Any:
    answer = evaluate(profile, day, routes=[route], reference_wages=IT_VE_WAGES, **kwargs).routes[0]
    return next(c for c in answer.criteria if c.id == cid)


# --------------------------------------------------------------------------- the three errors


def _part_time_since_april(profile: dict[str, Any]) -> dict[str, Any]:
    """Full-time orderly in Québec 2021-07 to 2024-03, then the same job at 20 h a week since 2024-04."""
    profile["work_history"] = [
        episode("33102", "2021-07-05", "2024-03-31", naics="623110", basic_personal_care=True, sector="health"),
        episode("33102", "2024-04-01", naics="623110", basic_personal_care=True, sector="health", hours_per_week=20.0),
    ]
    return profile


def test_a_part_time_orderly_job_is_a_current_orderly_job_on_the_work_stream() -> None:
    profile = _part_time_since_april(eligible_for("orderlies-work"))
    assert criterion(profile, "orderlies-work", "current_job").verdict == "met"
    # the months of experience still count only full-time: 2021-07-05 .. 2024-03-31 is about 33 months
    assert criterion(profile, "orderlies-work", "experience").verdict == "met"
    assert verdict(profile, "orderlies-work") == "eligible"


def test_a_part_time_orderly_job_is_a_current_orderly_job_on_the_work_study_stream() -> None:
    profile = eligible_for("orderlies-work-study")
    profile["work_history"] = [
        episode("33102", "2022-09-01", "2024-03-31", naics="623110", basic_personal_care=True, sector="health"),
        episode("33102", "2024-04-01", naics="623110", basic_personal_care=True, sector="health", hours_per_week=20.0),
    ]
    assert criterion(profile, "orderlies-work-study", "current_job").verdict == "met"
    assert verdict(profile, "orderlies-work-study") == "eligible"


def test_part_time_months_still_do_not_count_as_experience() -> None:
    profile = eligible_for("orderlies-work")
    profile["work_history"] = [
        episode("33102", "2021-07-05", naics="623110", basic_personal_care=True, sector="health", hours_per_week=20.0)
    ]
    assert criterion(profile, "orderlies-work", "current_job").verdict == "met"
    assert criterion(profile, "orderlies-work", "experience").verdict == "not_met"


@pytest.mark.parametrize("field", [None, "health", "Orderly"])
def test_dep_5358_is_related_to_the_orderly_occupation_whatever_the_field_tag(field: str | None) -> None:
    profile = eligible_for("orderlies-work")
    profile["diplomas"] = [
        {
            "level": "vocational",
            "program_code": "5358",
            "field": field,
            "in_quebec": True,
            "full_time_months": 12,
            "obtained_on": "2021-06-20",
            "share_studied_in_quebec": 1.0,
        }
    ]
    assert criterion(profile, "orderlies-work", "diploma").verdict == "met"
    assert verdict(profile, "orderlies-work") == "eligible"


def test_another_dep_still_needs_its_field() -> None:
    profile = eligible_for("orderlies-work")
    profile["diplomas"][0]["field"] = None
    assert criterion(profile, "orderlies-work", "diploma").verdict == "unknown"
    profile["diplomas"][0]["field"] = "health"
    assert criterion(profile, "orderlies-work", "diploma").verdict == "not_met"


def test_months_abroad_under_noc_2016_3124_are_unknown() -> None:
    # 3124 split into 31302 (nurse practitioners, counted) and 31303 / 32103 (not counted).
    profile = eligible_for("orderlies-work")
    profile["work_history"][0]["noc"] = "3124"
    assert criterion(profile, "orderlies-work", "experience").verdict == "unknown"
    assert verdict(profile, "orderlies-work") == "unknown"
    profile["work_history"][0]["noc"] = "31302"
    assert verdict(profile, "orderlies-work") == "eligible"
    profile["work_history"][0]["noc"] = "31303"
    assert verdict(profile, "orderlies-work") == "not_eligible"


def test_a_chicken_catcher_settles_the_split_of_noc_2016_8431() -> None:
    profile = eligible_for("food-processing")
    for job in profile["work_history"]:
        job.update(noc="8431", role=None)
    assert verdict(profile, "food-processing") == "unknown"
    for job in profile["work_history"]:
        job["role"] = "chicken_catcher"
    assert verdict(profile, "food-processing") == "eligible"


# --------------------------------------------------------------------------- citations


def _conditions() -> list[tuple[str, str, str]]:
    out = []
    for route in default_rulebook().routes.values():
        for c in route.by_id.values():
            out.append((route.id, c.id, c.source.ref))
    return out


@pytest.mark.parametrize(("route", "cid", "ref"), _conditions())
def test_no_condition_cites_a_cap_or_profile_section(route: str, cid: str, ref: str) -> None:
    assert not re.search(r"r\. 7, s\. 3\b|r\. 8, s\. [34]\b", ref), (route, cid, ref)


def test_conditions_cite_the_section_that_holds_them() -> None:
    refs = {(r, c): ref for r, c, ref in _conditions()}
    assert "r. 7, s. 4" in refs[("orderlies-work", "status_in_quebec")]
    assert "r. 7, s. 5" in refs[("orderlies-work", "current_job")]
    assert "r. 8, s. 6" in refs[("it-ve-francophone", "min_age")]
    assert "r. 9, s. 3" in refs[("food-processing", "min_age")]
    assert "s. 4" in refs[("food-processing", "status_in_quebec")]


# --------------------------------------------------------------------------- assumptions


def test_every_answer_echoes_all_six_assumptions_and_the_catalogue_lists_them() -> None:
    profile = eligible_for("food-processing")
    assert evaluate(profile, DAY).assumptions == DEFAULTS
    assert plan_gaps(profile, DAY, routes=["food-processing"]).assumptions == DEFAULTS
    switched = evaluate(profile, DAY, assumptions={"it_ve_general_dec": True})
    assert switched.assumptions == {**DEFAULTS, "it_ve_general_dec": True}
    assert switched.rules_version != evaluate(profile, DAY).rules_version
    assert "it_ve_general_dec=true" in switched.rules_version
    listed = {a.name: a for a in route_catalog().assumptions}
    assert {n: a.default for n, a in listed.items()} == DEFAULTS
    assert listed["it_ve_general_dec"].routes == ["it-ve-francophone", "it-ve-francization"]
    assert listed["dep_5358_meets_program_length"].routes == ["orderlies-work"]
    assert all(a.description["en"] and a.description["fr"] and a.source for a in listed.values())


@pytest.mark.parametrize(
    ("assumptions", "field", "reason"),
    [({"no_such_reading": True}, "assumptions.no_such_reading", "unknown"), ({"it_ve_general_dec": 1}, None, None)],
)
def test_an_unknown_assumption_or_a_non_boolean_is_refused_with_its_key(
    assumptions: dict[str, Any], field: str | None, reason: str | None
) -> None:
    with pytest.raises(InvalidInput) as error:
        evaluate(eligible_for("food-processing"), DAY, assumptions=assumptions)
    assert error.value.field == (field or "assumptions.it_ve_general_dec")


def _graduate_at(salary: int, in_cmm: bool, opinion: str | None = None) -> dict[str, Any]:
    profile = eligible_for("ai-quebec-graduate-francophone")
    for job in profile["work_history"]:
        job.update(annual_salary=salary, employer_in_cmm=in_cmm)
    if profile.get("job_offer"):
        profile["job_offer"].update(annual_salary=salary, employer_in_cmm=in_cmm)
    profile["expert_committee_opinion"] = opinion
    return profile


def test_ai_graduate_salary_floor() -> None:
    profile = _graduate_at(80000, in_cmm=True)
    route = "ai-quebec-graduate-francophone"
    assert verdict(profile, route) == "eligible"
    assert verdict(profile, route, assumptions={"ai_graduate_salary_floor": True}) == "not_eligible"
    job = criterion(profile, route, "ai_job", assumptions={"ai_graduate_salary_floor": True})
    assert "ai_graduate_salary_floor = true" in job.explanation
    plans = plan_gaps(profile, DAY, routes=[route], assumptions={"ai_graduate_salary_floor": True}).routes[0]
    assert plans.status == "reachable"  # a plan must raise the salary: it never relies on the switched-off reading
    assert any(ch.lever in ("salary", "job") for ch in plans.plans[0].changes)


def test_ai_graduate_expert_opinion() -> None:
    profile = _graduate_at(120000, in_cmm=True, opinion=None)
    route = "ai-quebec-graduate-francization"
    assert verdict(profile, route) == "eligible"
    assert verdict(profile, route, assumptions={"ai_graduate_expert_opinion": True}) == "unknown"
    profile["expert_committee_opinion"] = "unfavourable"
    assert verdict(profile, route, assumptions={"ai_graduate_expert_opinion": True}) == "not_eligible"


def test_ai_foreign_worker_path_b_2023() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    route = "ai-foreign-worker-francophone"
    profile["work_history"] = [
        episode("21211", "2024-01-08", naics="541715", annual_salary=105000, employer_in_cmm=True, sector="ai")
    ]
    profile["diplomas"].append(
        {
            "level": "master",
            "program_code": None,
            "field": "artificial_intelligence",
            "in_quebec": True,
            "full_time_months": 24,
            "obtained_on": "2023-12-15",
            "share_studied_in_quebec": 1.0,
        }
    )
    assert verdict(profile, route) == "eligible"
    assert verdict(profile, route, assumptions={"ai_foreign_worker_path_b_2023": False}) == "not_eligible"


def test_it_ve_general_dec() -> None:
    profile = eligible_for("it-ve-francophone")
    route = "it-ve-francophone"
    profile["diplomas"] = [dict(profile["diplomas"][0], level="college")]
    assert verdict(profile, route) == "not_eligible"
    found = criterion(profile, route, "diploma")
    assert "it_ve_general_dec = false" in found.explanation
    assert "Assumed: a general DEC is not accepted" in found.explanation
    fr = evaluate(profile, DAY, routes=[route], reference_wages=IT_VE_WAGES, lang="fr").routes[0]
    assert "un DEC général n'est pas accepté (it_ve_general_dec = false)" in next(
        c.explanation for c in fr.criteria if c.id == "diploma"
    )
    assert verdict(profile, route, assumptions={"it_ve_general_dec": True}) == "eligible"


def test_dep_5358_meets_program_length() -> None:
    profile = eligible_for("orderlies-work")
    profile["diplomas"] = [
        {
            "level": "vocational",
            "program_code": "5358",
            "field": "orderly",
            "in_quebec": True,
            "full_time_months": 8,
            "obtained_on": "2021-06-20",
            "share_studied_in_quebec": 1.0,
        }
    ]
    assert verdict(profile, "orderlies-work") == "eligible"
    assert verdict(profile, "orderlies-work", assumptions={"dep_5358_meets_program_length": False}) == "not_eligible"


def test_conditions_of_stay_met_if_never_stayed() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile.update(status_in_quebec="abroad", respected_conditions_of_stay=False)
    route = "ai-foreign-worker-francophone"
    day = "2022-06-03"  # the condition belongs to the 2021 edition
    assert criterion(profile, route, "respected_conditions_of_stay", day=day).verdict == "met"
    off = {"conditions_of_stay_met_if_never_stayed": False}
    assert criterion(profile, route, "respected_conditions_of_stay", day=day, assumptions=off).verdict == "not_met"


def test_overlaid_rule_books_are_cached_and_the_default_is_the_shipped_book() -> None:
    assert rulebook_for() is default_rulebook()
    assert rulebook_for(DEFAULTS) is default_rulebook()
    assert rulebook_for({"it_ve_general_dec": True}) is rulebook_for({"it_ve_general_dec": True})
