"""Request models shared by the Python API and the HTTP service (CONTRACT.md).

The same classes validate a JSON body in FastAPI and the keyword arguments of
``solver.evaluate`` / ``solver.plan_gaps``, so the two entry points cannot drift.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from solver.answers import Lang, Objective, Scalar
from solver.applicant import Applicant, Day

ROUTE_IDS: tuple[str, ...] = (
    "food-processing",
    "orderlies-work",
    "orderlies-work-study",
    "ai-foreign-worker-francophone",
    "ai-foreign-worker-francization",
    "ai-quebec-graduate-francophone",
    "ai-quebec-graduate-francization",
    "it-ve-francophone",
    "it-ve-francization",
)

#: Lever names fixed by CONTRACT.md (``declaration.<field>`` is a family).
LEVERS: tuple[str, ...] = (
    "wait",
    "french.oral_comprehension",
    "french.oral_production",
    "french.retest",
    "salary",
    "job",
    "diploma",
    "employer_control",
    "status_in_quebec",
    "expert_committee_opinion",
)
DECLARATION_FIELDS: tuple[str, ...] = (
    "intends_to_settle_in_quebec",
    "respected_conditions_of_stay",
    "self_sufficiency_undertaking",
    "commits_to_learn_french",
)

#: The highest planning horizon a request may ask for (months); the service may lower it.
MAX_HORIZON_MONTHS = 120


def is_lever_name(name: str) -> bool:
    if name in LEVERS:
        return True
    prefix, _, field = name.partition(".")
    return prefix == "declaration" and field in DECLARATION_FIELDS


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_routes(routes: list[str] | None) -> list[str] | None:
    if routes is None:
        return None
    unknown = [r for r in routes if r not in ROUTE_IDS]
    if unknown:
        raise ValueError(f"unknown route id(s) {unknown}; known: {list(ROUTE_IDS)}")
    if not routes:
        raise ValueError("give at least one route id, or null for all nine")
    return list(dict.fromkeys(routes))


def check_reference_wages(wages: Mapping[str, float] | None) -> dict[str, float] | None:
    if wages is None:
        return None
    for code, value in wages.items():
        if not isinstance(code, str):
            raise ValueError(f"reference wage key {code!r} is not a NOC code (4 or 5 digits)")
        if not (code.isdigit() and len(code) in (4, 5)):
            raise ValueError(f"reference wage key {code!r} is not a NOC code (4 or 5 digits)")
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
            raise ValueError(f"reference wage for {code} must be a finite, non-negative number")
    return dict(wages)


class _WithApplicant(_Request):
    applicant: Applicant
    application_date: Day | None = Field(default=None, description="Defaults to today")
    lang: Lang | None = Field(default=None, description="en or fr; the service falls back to Accept-Language")
    reference_wages: dict[str, float] | None = Field(
        default=None, description="Published top wage per NOC code for the IT-VE salary test"
    )
    assumptions: dict[str, bool] | None = Field(
        default=None, description="Named readings of the rules to switch (GET /v1/routes lists them); null: defaults"
    )
    reform: dict[str, Any] | None = Field(
        default=None, description="A policy reform: an overlay of rule-file values (CONTRACT.md v2)"
    )

    _wages = field_validator("reference_wages")(check_reference_wages)

    @model_validator(mode="after")
    def _born_before_application(self) -> _WithApplicant:
        birth = self.applicant.birth_date
        if birth is not None and self.application_date is not None and birth > self.application_date:
            raise ValueError("applicant.birth_date is after the application date")
        return self


class EligibilityRequest(_WithApplicant):
    """Body of ``POST /v1/eligibility``."""

    routes: list[str] | None = None

    _routes = field_validator("routes")(_check_routes)


class GapsRequest(_WithApplicant):
    """Body of ``POST /v1/gaps``."""

    horizon_months: int = Field(default=36, ge=0, le=MAX_HORIZON_MONTHS)
    objective: Objective = "earliest"
    respect_intake_windows: bool = True
    max_plans: int = Field(default=3, ge=1, le=10)
    routes: list[str] | None = None
    costs: dict[str, dict[str, float]] | None = Field(
        default=None, description="Overrides of the default cost model, by lever family"
    )
    time_limit_s: float | None = Field(
        default=None, gt=0, le=60, description="Solve time allowed per route (capped by the deployment)"
    )

    _routes = field_validator("routes")(_check_routes)


class QuestionsRequest(EligibilityRequest):
    """Body of ``POST /v1/questions`` (the eligibility body)."""


class ChangeRequest(_Request):
    """One what-if change: a lever and the value it takes."""

    lever: str
    to: Scalar | dict[str, Any] = None
    by: Day | None = Field(default=None, description="When the change takes effect; default the date")

    @field_validator("lever")
    @classmethod
    def _known_lever(cls, value: str) -> str:
        if not is_lever_name(value):
            raise ValueError(f"unknown lever {value!r}")
        return value


class WhatIfRequest(_WithApplicant):
    """Body of ``POST /v1/what-if``."""

    changes: list[ChangeRequest] = Field(min_length=1, max_length=20)
    routes: list[str] | None = None

    _routes = field_validator("routes")(_check_routes)


#: Most profiles one ``POST /v1/eligibility/batch`` may carry (larger cohorts: ``check-many``).
MAX_BATCH_PROFILES = 200


class EligibilityBatchRequest(_Request):
    """Body of ``POST /v1/eligibility/batch``: many profiles checked on one date.

    Profiles are validated one by one, so an invalid profile gets its own error in the answer
    and never refuses the others.
    """

    profiles: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_BATCH_PROFILES)
    application_date: Day | None = Field(default=None, description="Defaults to today")
    routes: list[str] | None = None
    lang: Lang | None = None
    reference_wages: dict[str, float] | None = None
    assumptions: dict[str, bool] | None = None
    reform: dict[str, Any] | None = None

    _routes = field_validator("routes")(_check_routes)
    _wages = field_validator("reference_wages")(check_reference_wages)
