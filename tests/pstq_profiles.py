"""Realistic PSTQ and PEQ clients (real NOC 2021 codes, real dates), each a fresh dict a test may change."""

from __future__ import annotations

import copy
from typing import Any

DAY = "2026-12-05"
#: French at stream 1's levels (oral 7, written 5), assessed on 2026-03-10: valid until 2028-03-10.
FRENCH_7_5: dict[str, Any] = {
    "oral_comprehension": 7,
    "oral_production": 7,
    "written_comprehension": 5,
    "written_production": 5,
    "assessed_on": "2026-03-10",
}
STREAM_ROUTES = {
    1: "pstq-high-qualification",
    2: "pstq-intermediate-manual",
    3: "pstq-regulated-professions",
    4: "pstq-exceptional-talent",
}


def job(noc: str, start: str, end: str | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "noc": noc,
        "in_quebec": True,
        "hours_per_week": 40.0,
        "paid": True,
        "authorized": True,
        "start": start,
        "end": end,
        "employer_in_cmm": True,
    }
    data.update(fields)
    return data


def developer(**overrides: Any) -> dict[str, Any]:
    """The README's client: born 1996-03-02 (30 on 2026-12-05), software developer (NOC 21232, TEER 1)
    in Montréal since 2025-04-06 (20 months on 2026-12-05), bachelor's abroad, oral French 6, written 4."""
    profile: dict[str, Any] = {
        "birth_date": "1996-03-02",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "self_sufficiency_undertaking": True,
        "french": {
            "oral_comprehension": 6,
            "oral_production": 6,
            "written_comprehension": 4,
            "written_production": 4,
            "assessed_on": "2026-03-10",
        },
        "diplomas": [{"level": "bachelor", "in_quebec": False, "full_time_months": 48, "obtained_on": "2018-06-01"}],
        "work_history": [job("21232", "2025-04-06")],
        "residence_history": [{"start": "2025-04-01", "end": None, "in_quebec": True, "in_cmm": True}],
        "family_in_quebec": {"applicant": False, "spouse": False},
        "spouse": {"accompanying": False},
        "principal_noc": "21232",
    }
    profile.update(overrides)
    return copy.deepcopy(profile)


def cook(**overrides: Any) -> dict[str, Any]:
    """A cook (NOC 63200, TEER 3) in Québec City since 2024-12-04: 24 months (731 days) on 2026-12-05, oral French 5."""
    profile = developer(
        birth_date="1992-08-15",
        french={"oral_comprehension": 5, "oral_production": 5, "assessed_on": "2026-01-20"},
        diplomas=[{"level": "secondary", "in_quebec": False, "obtained_on": "2010-06-30"}],
        work_history=[job("63200", "2024-12-04", employer_in_cmm=False)],
        residence_history=[{"start": "2024-11-20", "end": None, "in_quebec": True, "in_cmm": False}],
        principal_noc="63200",
    )
    profile.update(overrides)
    return copy.deepcopy(profile)


def nurse(**overrides: Any) -> dict[str, Any]:
    """A registered nurse (NOC 31301) with an OIIQ authorisation obtained 2026-02-01."""
    profile = developer(
        french=dict(FRENCH_7_5),
        work_history=[job("31301", "2022-01-10", "2025-12-31", in_quebec=False)],
        authorizations=[{"noc": "31301", "kind": "authorization", "obtained_on": "2026-02-01"}],
        principal_noc="31301",
    )
    profile.update(overrides)
    return copy.deepcopy(profile)


def artist(**overrides: Any) -> dict[str, Any]:
    """A dancer (NOC 53121) with 4 years of experience and a favourable CALQ opinion, no French."""
    profile = developer(
        french=None,
        work_history=[job("53121", "2022-09-01", in_quebec=False)],
        exceptional_talent={"partner_opinion": "favourable", "partner": "calq", "exceptional_achievement": None},
        principal_noc="53121",
    )
    profile.update(overrides)
    return copy.deepcopy(profile)


def peq_person(**extra: Any) -> dict[str, Any]:
    """Every general condition met, French oral 7 and written 5 assessed on 2026-03-10, no spouse."""
    profile: dict[str, Any] = {
        "birth_date": "1999-02-14",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "respected_conditions_of_stay": True,
        "self_sufficiency_undertaking": True,
        "french": dict(FRENCH_7_5),
        "spouse": {"accompanying": False},
    }
    profile.update(extra)
    return profile


def peq_graduate(obtained: str = "2025-06-15", level: str = "college_technical", **diploma: Any) -> dict[str, Any]:
    """``peq_person`` with one Québec diploma (a technical DEC obtained on 2025-06-15 by default)."""
    return peq_person(diplomas=[{"level": level, "in_quebec": True, "obtained_on": obtained, **diploma}])
