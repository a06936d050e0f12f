"""Boundaries the rules draw: birthdays, month counts, windows, recency, salary floors, roles, places."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from profiles import APPLICATION_DATE, eligible_for, episode

from solver import evaluate


def criterion(profile: dict[str, Any], route: str, cid: str, on: date = APPLICATION_DATE, **kw: Any) -> str:
    answer = evaluate(profile, on, routes=[route], **kw).routes[0]
    return next(c.verdict for c in answer.criteria if c.id == cid)


@pytest.mark.parametrize(("birth", "verdict"), [("2006-06-03", "met"), ("2006-06-04", "not_met")])
def test_eighteenth_birthday_counts_on_the_day(birth: str, verdict: str) -> None:
    profile = eligible_for("food-processing")
    profile["birth_date"] = birth
    assert criterion(profile, "food-processing", "min_age") == verdict


@pytest.mark.parametrize(
    ("start", "verdict"),
    [
        # 2022-06-03 -> 2024-06-03 is 731 days (a leap day inside): 24.02 months at 365.25/12 days a month
        ("2022-06-03", "met"),
        # one day fewer: 730 days = 23.98 months
        ("2022-06-04", "not_met"),
    ],
)
def test_exactly_24_of_36_months(start: str, verdict: str) -> None:
    profile = eligible_for("food-processing")
    profile["work_history"][0]["start"] = start
    assert criterion(profile, "food-processing", "experience") == verdict


def test_overlapping_episodes_count_once() -> None:
    profile = eligible_for("food-processing")
    job = profile["work_history"][0]
    job["start"] = "2023-06-03"
    second = dict(job, start="2023-06-03", end="2024-06-02", noc="94140")
    profile["work_history"].append(second)
    assert criterion(profile, "food-processing", "experience") == "not_met"


@pytest.mark.parametrize(
    ("day", "is_open"),
    [
        ("2023-11-22", False),
        ("2023-11-23", True),
        ("2024-12-31", True),
        ("2025-01-01", False),
        ("2025-01-12", False),
        ("2025-01-13", True),
        ("2025-12-31", True),
        ("2026-01-01", False),
        ("2021-03-23", False),
        ("2021-03-24", True),
        ("2021-10-31", True),
        ("2021-11-01", False),
        ("2021-11-03", True),
        ("2022-10-31", True),
        ("2022-11-01", False),
    ],
)
def test_intake_window_first_and_last_days(day: str, is_open: bool) -> None:
    answer = evaluate(eligible_for("food-processing"), day, routes=["food-processing"])
    assert answer.routes[0].intake.open is is_open


def test_program_end_is_said_plainly() -> None:
    answer = evaluate(eligible_for("food-processing"), "2026-01-01", routes=["food-processing"])
    route = answer.routes[0]
    assert route.intake.open is False
    assert "ended on 2026-01-01" in route.intake.note
    assert answer.notice is not None and "ended on 2026-01-01" in answer.notice
    # eligibility itself is still answered, as if the program were open
    assert route.verdict == "eligible"


def test_cap_reached_closes_it_ve_francization_early() -> None:
    profile = eligible_for("it-ve-francization")
    francization = evaluate(profile, "2022-07-15", routes=["it-ve-francization"]).routes[0].intake
    francophone = evaluate(profile, "2022-07-15", routes=["it-ve-francophone"]).routes[0].intake
    assert francization.open is False and "2022-06-30" in francization.note
    assert francophone.open is True


@pytest.mark.parametrize(("obtained", "verdict"), [("2022-06-03", "met"), ("2022-06-02", "not_met")])
def test_diploma_exactly_24_months_old_still_counts(obtained: str, verdict: str) -> None:
    profile = eligible_for("orderlies-work-study")
    profile["diplomas"][0]["obtained_on"] = obtained
    assert criterion(profile, "orderlies-work-study", "dep_5358") == verdict


@pytest.mark.parametrize(
    ("salary", "in_cmm", "verdict"),
    [
        (100000, True, "met"),
        (99999, True, "not_met"),
        (75000, False, "met"),
        (74999, False, "not_met"),
        (90000, None, "unknown"),
        (100000, None, "met"),
        (70000, None, "not_met"),
    ],
)
def test_ai_salary_floor_depends_on_the_cmm(salary: int, in_cmm: bool | None, verdict: str) -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0].update(annual_salary=salary, employer_in_cmm=in_cmm)
    assert criterion(profile, "ai-foreign-worker-francophone", "ai_job") == verdict


@pytest.mark.parametrize(
    ("role", "verdict"), [("chicken_catcher", "met"), ("egg_collector", "not_met"), (None, "unknown")]
)
def test_livestock_labourers_count_only_as_chicken_catchers(role: str | None, verdict: str) -> None:
    profile = eligible_for("food-processing")
    profile["work_history"][0].update(noc="85100", role=role, naics="311615")
    assert criterion(profile, "food-processing", "current_job") == verdict
    assert criterion(profile, "food-processing", "experience") == verdict


@pytest.mark.parametrize(("care", "verdict"), [(True, "met"), (False, "not_met")])
def test_months_outside_quebec_count_only_in_basic_personal_care(care: bool, verdict: str) -> None:
    profile = eligible_for("orderlies-work")
    profile["work_history"][0]["basic_personal_care"] = care
    assert criterion(profile, "orderlies-work", "experience") == verdict


def test_outside_quebec_orderly_months_never_count_as_quebec_months() -> None:
    profile = eligible_for("orderlies-work")
    profile["work_history"][1]["start"] = "2023-09-01"  # 9 months in Québec
    assert criterion(profile, "orderlies-work", "experience_quebec") == "not_met"


def test_work_study_experience_before_the_diploma_does_not_count() -> None:
    profile = eligible_for("orderlies-work-study")
    # orderly since 2022-09-01, but the DEP only on 2023-09-01: 9 months after it
    profile["diplomas"][0]["obtained_on"] = "2023-09-01"
    answer = evaluate(profile, APPLICATION_DATE, routes=["orderlies-work-study"]).routes[0]
    exp = next(c for c in answer.criteria if c.id == "experience_after_dep")
    assert exp.verdict == "not_met"
    assert "counting only from 2023-09-02" in exp.explanation


def test_part_time_work_does_not_count() -> None:
    profile = eligible_for("food-processing")
    profile["work_history"][0]["hours_per_week"] = 29.5
    assert criterion(profile, "food-processing", "experience") == "not_met"
    assert criterion(profile, "food-processing", "current_job") == "not_met"


def test_french_results_must_be_two_years_old_or_less() -> None:
    profile = eligible_for("food-processing")
    profile["french"]["assessed_on"] = "2022-06-02"  # two years and a day before: expired
    assert criterion(profile, "food-processing", "oral_french") == "not_met"
    profile["french"]["assessed_on"] = "2022-06-03"  # exactly two years before: still valid (issue 20)
    assert criterion(profile, "food-processing", "oral_french") == "met"


def test_it_ve_salary_uses_the_reference_wage_of_the_occupation() -> None:
    profile = eligible_for("it-ve-francophone")
    assert criterion(profile, "it-ve-francophone", "itve_job", reference_wages={"21232": 98000}) == "met"
    assert criterion(profile, "it-ve-francophone", "itve_job", reference_wages={"21232": 98001}) == "not_met"


def test_food_worker_in_a_grocery_store_is_not_in_an_eligible_sector() -> None:
    profile = eligible_for("food-processing")
    profile["work_history"][0]["naics"] = "445110"
    assert criterion(profile, "food-processing", "current_job") == "not_met"
    profile["work_history"][0]["naics"] = "31"  # too coarse to tell 311 from 312
    assert criterion(profile, "food-processing", "current_job") == "unknown"


def test_an_episode_in_the_future_does_not_count_yet() -> None:
    profile = eligible_for("food-processing")
    profile["work_history"] = [episode("95106", "2024-07-01", naics="311615")]
    assert criterion(profile, "food-processing", "current_job") == "not_met"
