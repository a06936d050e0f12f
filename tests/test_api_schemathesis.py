"""Property-based tests of the service against its own OpenAPI schema (schemathesis).

Every operation gets a bounded number of generated requests, valid and invalid (schemathesis
generates both), so the run stays within a couple of minutes (``SCHEMATHESIS_MAX_EXAMPLES``
raises the count: ``benchmarks/schemathesis_long.py`` runs it longer). **All** of
schemathesis' checks run: no server error, declared status codes, content types and headers,
response bodies matching the schema (200 answers and 413 / 422 refusals alike), invalid data
refused, required headers, unsupported methods — and schema-valid data accepted, with one
documented exception that JSON Schema cannot express (:data:`CROSS_FIELD`): a rule that ties
two fields together (born before the application date, an episode that ends after it starts,
a what-if salary raise needs a job held on that date...) and a reform's values, which are checked against the rule
files they overlay. A refusal of schema-valid data for any other reason fails the run.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from api.config import Settings
from api.main import create_app
from solver.requests import ROUTE_IDS
from solver.rules.book import default_rulebook

# A short solver time limit keeps each generated /v1/gaps request fast; a solve cut short
# still answers 200 with its best plan (or says that it ran out of time).
app = create_app(Settings(solve_time_limit_s=0.5, max_concurrent_solves=2))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

RULES_VERSION = default_rulebook().rules_version
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))

#: Refusals of schema-valid data that JSON Schema cannot rule out (see the module docstring).
CROSS_FIELD_TYPES = frozenset(
    {
        "birth_after_application",
        "plan_past_supported_range",
        "routes_outside_programs",  # a route named outside the program families asked
        "route_not_ranked",  # /v1/ranking asked for a route without a ranking score (not a PSTQ stream)
        "residence_ends_before_start",
        "study_ends_before_start",
    }
)


def cross_field(item: dict[str, Any]) -> bool:
    """Whether a 422 item is one of the documented rules a schema cannot express."""
    field, kind = item["field"], item["type"]
    return (
        kind in CROSS_FIELD_TYPES
        or field == "reform"
        or field.startswith("reform.")
        or kind == "episode_ends_before_start"
        or (kind == "invalid_input" and field.startswith("changes."))
    )


@schemathesis.check
def schema_valid_data_is_accepted(ctx: CheckContext, response: Any, case: schemathesis.Case) -> bool | None:
    """Schema-valid data gets a 2xx, or a 422 whose every item is a documented cross-field rule."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code < 300:
        return None
    if response.status_code == 422:
        detail = response.json().get("detail") or []
        if detail and all(cross_field(item) for item in detail):
            return None
    raise AssertionError(f"schema-valid data refused with {response.status_code}: {response.text}")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_passes_every_schemathesis_check(case: schemathesis.Case) -> None:
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance], additional_checks=[schema_valid_data_is_accepted]
    )


# ---------------------------------------------------------------------------- realistic valid requests
#
# Generated data rarely passes the profile's validators (NOC format, dates in order), so most of
# the cases above are refusals. These strategies build *valid* requests from real codes and dates
# around the programs, and every one of them must be answered 200 with a conformant body.

NOCS = ["33102", "3413", "94141", "9462", "95106", "85100", "65311", "21211", "21232", "2173", "31301", "64100"]
NAICS = ["311615", "3121", "623110", "541715", "541511", "722511"]
FIELDS = [None, "orderly", "food_processing", "computer_science", "artificial_intelligence"]
LEVELS = ["secondary", "vocational", "college", "college_technical", "bachelor", "graduate_diploma", "master"]
TRI = st.sampled_from([True, False, None])


def iso(low: date, high: date) -> st.SearchStrategy[str]:
    return st.dates(min_value=low, max_value=high).map(date.isoformat)


@st.composite
def episode(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 6, 30)))
    length = draw(st.none() | st.integers(min_value=0, max_value=2500))
    return {
        "noc": draw(st.sampled_from(NOCS)),
        "naics": draw(st.none() | st.sampled_from(NAICS)),
        "role": draw(st.sampled_from([None, "chicken_catcher"])),
        "in_quebec": draw(TRI),
        "hours_per_week": draw(st.sampled_from([None, 20, 30, 37.5, 40, 45])),
        "paid": draw(TRI),
        "authorized": draw(TRI),
        "basic_personal_care": draw(TRI),
        "start": start.isoformat(),
        "end": None if length is None else (start + timedelta(days=length)).isoformat(),
        "annual_salary": draw(st.none() | st.integers(min_value=0, max_value=250_000)),
        "employer_in_cmm": draw(TRI),
        "sector": draw(st.sampled_from([None, "ai", "health", "food"])),
    }


@st.composite
def applicant(draw: st.DrawFn, on: date) -> dict[str, Any]:
    level = st.none() | st.integers(min_value=1, max_value=12)
    diploma = st.fixed_dictionaries(
        {
            "level": st.sampled_from(LEVELS),
            "program_code": st.sampled_from([None, "5358"]),
            "field": st.sampled_from(FIELDS),
            "in_quebec": TRI,
            "full_time_months": st.none() | st.integers(min_value=0, max_value=60),
            "obtained_on": st.none() | iso(date(2005, 1, 1), date(2026, 6, 30)),
            "share_studied_in_quebec": st.none() | st.sampled_from([0.0, 0.5, 1.0]),
        }
    )
    offer = st.none() | st.fixed_dictionaries(
        {
            "noc": st.sampled_from(NOCS),
            "sector": st.sampled_from([None, "ai"]),
            "hours_per_week": st.just(37.5),
            "annual_salary": st.integers(min_value=40_000, max_value=160_000),
            "employer_in_cmm": TRI,
            "start": iso(date(2023, 1, 1), date(2026, 6, 30)),
        }
    )
    return {
        "birth_date": draw(st.none() | iso(date(1960, 1, 1), on - timedelta(days=365 * 16))),
        "status_in_quebec": draw(st.sampled_from([None, "worker", "youth_exchange", "student", "abroad"])),
        "intends_to_settle_in_quebec": draw(TRI),
        "controls_employer": draw(TRI),
        "respected_conditions_of_stay": draw(TRI),
        "self_sufficiency_undertaking": draw(TRI),
        "commits_to_learn_french": draw(TRI),
        "expert_committee_opinion": draw(st.sampled_from([None, "favourable", "unfavourable"])),
        "french": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "oral_comprehension": level,
                    "oral_production": level,
                    "assessed_on": st.none() | iso(date(2019, 1, 1), on),
                }
            )
        ),
        "diplomas": draw(st.lists(diploma, max_size=2)),
        "work_history": draw(st.lists(episode(), max_size=3)),
        "job_offer": draw(offer),
    }


@st.composite
def common(draw: st.DrawFn) -> dict[str, Any]:
    on = draw(st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 3, 31)))
    return {
        "applicant": draw(applicant(on)),
        "application_date": on.isoformat(),
        "routes": draw(st.none() | st.lists(st.sampled_from(ROUTE_IDS), min_size=1, max_size=3, unique=True)),
        "lang": draw(st.sampled_from(["en", "fr", None])),
        "reference_wages": draw(st.none() | st.just({"21211": 110000.0, "21232": 95000.0})),
    }


@st.composite
def gaps_body(draw: st.DrawFn) -> dict[str, Any]:
    return {
        **draw(common()),
        "horizon_months": draw(st.integers(min_value=0, max_value=48)),
        "objective": draw(st.sampled_from(["earliest", "least_effort"])),
        "respect_intake_windows": draw(st.booleans()),
        "max_plans": draw(st.integers(min_value=1, max_value=3)),
        "costs": draw(st.none() | st.just({"job": {"effort": 12}, "french": {"months_per_level": 2}})),
    }


CHANGES = st.sampled_from(
    [
        {"lever": "wait", "to": 6},
        {"lever": "french.oral_comprehension", "to": 7},
        {"lever": "french.oral_production", "to": 8},
        {"lever": "french.retest"},
        {"lever": "declaration.self_sufficiency_undertaking", "to": True},
        {"lever": "declaration.commits_to_learn_french", "to": True},
        {"lever": "employer_control", "to": False},
        {"lever": "status_in_quebec", "to": "worker"},
        {"lever": "expert_committee_opinion", "to": "favourable"},
        {"lever": "job", "to": {"noc": "33102", "naics": "623110", "in_quebec": True, "hours_per_week": 37.5}},
        {"lever": "diploma", "to": {"level": "vocational", "program_code": "5358", "field": "orderly"}},
    ]
)


@st.composite
def what_if_body(draw: st.DrawFn) -> dict[str, Any]:
    return {**draw(common()), "changes": draw(st.lists(CHANGES, min_size=1, max_size=3))}


BODIES = {
    "/v1/eligibility": common(),
    "/v1/gaps": gaps_body(),
    "/v1/what-if": what_if_body(),
}


@pytest.mark.parametrize("path", list(BODIES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(data=st.data())
def test_valid_requests_are_answered_and_conform(path: str, data: st.DataObject) -> None:
    body = data.draw(BODIES[path])
    case = schema[path]["POST"].Case(body=body, media_type="application/json")
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200, response.text
    assert response.json()["rules_version"] == RULES_VERSION
