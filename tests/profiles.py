"""Realistic applicant profiles, one eligible per route on 2024-06-03 (2023 edition, window open).

Each builder returns a fresh JSON-like dict so a test can change one field and check that
exactly one criterion flips.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

APPLICATION_DATE = date(2024, 6, 3)
IT_VE_WAGES = {"21232": 95000.0}


def _base(**overrides: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "birth_date": "1990-05-10",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "controls_employer": False,
        "respected_conditions_of_stay": True,
        "self_sufficiency_undertaking": True,
        "commits_to_learn_french": True,
        "expert_committee_opinion": None,
        "french": {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"},
        "diplomas": [],
        "work_history": [],
        "job_offer": None,
    }
    profile.update(overrides)
    return profile


def episode(noc: str, start: str, end: str | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "noc": noc,
        "naics": None,
        "role": None,
        "in_quebec": True,
        "hours_per_week": 37.5,
        "paid": True,
        "authorized": True,
        "basic_personal_care": None,
        "start": start,
        "end": end,
        "annual_salary": None,
        "employer_in_cmm": None,
        "sector": None,
    }
    data.update(fields)
    return data


def food_worker() -> dict[str, Any]:
    """A labourer in a Saint-Hyacinthe meat plant (NOC 95106, NAICS 311615) since 2021-09-01."""
    return _base(
        diplomas=[
            {
                "level": "secondary",
                "program_code": None,
                "field": None,
                "in_quebec": False,
                "full_time_months": 24,
                "obtained_on": "2008-06-20",
                "share_studied_in_quebec": 0.0,
            }
        ],
        work_history=[
            episode("95106", "2021-09-01", naics="311615", annual_salary=42000, employer_in_cmm=False, sector="food")
        ],
    )


def orderly_work() -> dict[str, Any]:
    """A nurse from abroad (basic personal care until 2022-08-31), orderly in Québec since 2023-01-09."""
    return _base(
        diplomas=[
            {
                "level": "vocational",
                "program_code": None,
                "field": "orderly",
                "in_quebec": False,
                "full_time_months": 12,
                "obtained_on": "2015-06-30",
                "share_studied_in_quebec": 0.0,
            }
        ],
        work_history=[
            episode("31301", "2020-01-06", "2022-08-31", in_quebec=False, basic_personal_care=True, sector="health"),
            episode(
                "33102",
                "2023-01-09",
                naics="623110",
                basic_personal_care=True,
                annual_salary=48000,
                employer_in_cmm=True,
                sector="health",
            ),
        ],
    )


def orderly_work_study() -> dict[str, Any]:
    """DEP 5358 obtained in Québec on 2023-03-15; orderly since 2022-09-01 (during studies)."""
    return _base(
        diplomas=[
            {
                "level": "vocational",
                "program_code": "5358",
                "field": "orderly",
                "in_quebec": True,
                "full_time_months": 9,
                "obtained_on": "2023-03-15",
                "share_studied_in_quebec": 1.0,
            }
        ],
        work_history=[
            episode(
                "33102",
                "2022-09-01",
                naics="623110",
                basic_personal_care=True,
                annual_salary=47000,
                employer_in_cmm=True,
                sector="health",
            )
        ],
    )


def ai_foreign_worker() -> dict[str, Any]:
    """A data scientist (NOC 21211) in Montréal since 2019 at $105,000, favourable committee opinion."""
    return _base(
        expert_committee_opinion="favourable",
        diplomas=[
            {
                "level": "bachelor",
                "program_code": None,
                "field": "computer_science",
                "in_quebec": False,
                "full_time_months": 48,
                "obtained_on": "2016-06-30",
                "share_studied_in_quebec": 0.0,
            }
        ],
        work_history=[
            episode("21211", "2019-01-07", naics="541715", annual_salary=105000, employer_in_cmm=True, sector="ai")
        ],
    )


def ai_quebec_graduate() -> dict[str, Any]:
    """A master's graduate of a Québec university (2023-05-01) with an accepted AI job offer."""
    return _base(
        status_in_quebec="student",
        diplomas=[
            {
                "level": "master",
                "program_code": None,
                "field": "artificial_intelligence",
                "in_quebec": True,
                "full_time_months": 24,
                "obtained_on": "2023-05-01",
                "share_studied_in_quebec": 1.0,
            }
        ],
        job_offer={
            "noc": "21211",
            "naics": "541715",
            "role": None,
            "sector": "ai",
            "hours_per_week": 37.5,
            "annual_salary": 80000,
            "employer_in_cmm": True,
            "start": "2024-07-02",
        },
    )


def it_ve_worker() -> dict[str, Any]:
    """A software developer (NOC 21232) in Québec City since 2020 at $98,000, technical DEC."""
    return _base(
        diplomas=[
            {
                "level": "college_technical",
                "program_code": "420.B0",
                "field": "computer_science",
                "in_quebec": True,
                "full_time_months": 36,
                "obtained_on": "2016-05-31",
                "share_studied_in_quebec": 1.0,
            }
        ],
        work_history=[
            episode("21232", "2020-01-06", naics="541511", annual_salary=98000, employer_in_cmm=False, sector="it")
        ],
    )


ELIGIBLE: dict[str, Any] = {
    "food-processing": food_worker,
    "orderlies-work": orderly_work,
    "orderlies-work-study": orderly_work_study,
    "ai-foreign-worker-francophone": ai_foreign_worker,
    "ai-foreign-worker-francization": ai_foreign_worker,
    "ai-quebec-graduate-francophone": ai_quebec_graduate,
    "ai-quebec-graduate-francization": ai_quebec_graduate,
    "it-ve-francophone": it_ve_worker,
    "it-ve-francization": it_ve_worker,
}


def eligible_for(route: str) -> dict[str, Any]:
    return copy.deepcopy(ELIGIBLE[route]())
