"""Request models shared by the Python API and the HTTP service (CONTRACT.md).

The same classes validate a JSON body in FastAPI and the keyword arguments of
``solver.evaluate`` / ``solver.plan_gaps``, so the two entry points cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from solver.answers import Lang, Objective
from solver.applicant import (
    DAY_PATTERN,
    LATEST_DATE,
    MAX_SALARY,
    NOC_PATTERN,
    Applicant,
    Day,
    DiplomaLevel,
    FrenchLevel,
    Hours,
    Months,
    NaicsCode,
    NocCode,
    Opinion,
    Salary,
    StatusInQuebec,
    Tag,
    Text,
    whole,
)
from solver.costs import _MONTH_KEYS as MONTH_KEYS
from solver.costs import DEFAULT_COSTS
from solver.dates import add_months

RouteId = Literal[
    "food-processing",
    "orderlies-work",
    "orderlies-work-study",
    "ai-foreign-worker-francophone",
    "ai-foreign-worker-francization",
    "ai-quebec-graduate-francophone",
    "ai-quebec-graduate-francization",
    "it-ve-francophone",
    "it-ve-francization",
    "pstq-high-qualification",
    "pstq-intermediate-manual",
    "pstq-regulated-professions",
    "pstq-exceptional-talent",
    "peq-quebec-graduates",
    "peq-temporary-workers",
]
ROUTE_IDS: tuple[str, ...] = get_args(RouteId)
#: The three pilot programs' nine routes (closed on 2026-01-01), in contract order.
PILOT_ROUTE_IDS: tuple[str, ...] = ROUTE_IDS[:9]
#: Program families (CONTRACT.md v3): a request may select routes by family.
ProgramFamily = Literal["pilots", "pstq", "peq"]

#: Lever names fixed by CONTRACT.md (``declaration.<field>`` is a family, spelled out).
LeverName = Literal[
    "wait",
    "french.oral_comprehension",
    "french.oral_production",
    "french.written_comprehension",
    "french.written_production",
    "french.retest",
    "spouse.french",
    "validated_job_offer",
    "residence_outside_cmm",
    "authorization_to_practise",
    "exceptional_talent_opinion",
    "salary",
    "job",
    "diploma",
    "employer_control",
    "status_in_quebec",
    "expert_committee_opinion",
    "declaration.intends_to_settle_in_quebec",
    "declaration.respected_conditions_of_stay",
    "declaration.self_sufficiency_undertaking",
    "declaration.commits_to_learn_french",
]
_DECLARATION = "declaration."
#: The lever names but the declarations, and the declared fields (``declaration.<field>``).
LEVERS: tuple[str, ...] = tuple(name for name in get_args(LeverName) if not name.startswith(_DECLARATION))
DECLARATION_FIELDS: tuple[str, ...] = tuple(
    name.removeprefix(_DECLARATION) for name in get_args(LeverName) if name.startswith(_DECLARATION)
)

#: The highest planning horizon a request may ask for (months); the service may lower it.
MAX_HORIZON_MONTHS = 120
#: The largest per-route solve time a request may ask for (seconds); the deployment may lower it.
MAX_TIME_LIMIT_S = 60.0
#: Bounds of a cost-model figure (CONTRACT.md ``costs``).
MAX_COST = 10_000


def is_lever_name(name: str) -> bool:
    return name in get_args(LeverName)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def _unique_routes(routes: list[str] | None) -> list[str] | None:
    return None if routes is None else list(dict.fromkeys(routes))


#: ``null`` for all nine routes, else at least one route id (repeats are dropped).
Routes = Annotated[list[RouteId], Field(min_length=1, max_length=len(ROUTE_IDS) * 2)]
RoutesField = Annotated[Routes | None, AfterValidator(_unique_routes)]


def check_reference_wages(wages: Mapping[str, float] | None) -> dict[str, float] | None:
    """Reference wages of a Python call, checked as the HTTP body's are (the key is not echoed)."""
    if wages is None:
        return None
    for code, value in wages.items():
        if not isinstance(code, str) or not (code.isascii() and code.isdigit() and len(code) in (4, 5)):
            raise ValueError("a reference wage key is not a NOC code (4 or 5 digits)")
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= MAX_SALARY:
            raise ValueError(f"a reference wage must be a number from 0 to {MAX_SALARY}")
    return dict(wages)


Wage = Annotated[float, Field(ge=0, le=MAX_SALARY)]
ReferenceWages = Annotated[
    dict[NocCode, Wage],
    Field(max_length=200, json_schema_extra={"propertyNames": {"pattern": NOC_PATTERN}}),
]
CostFigure = Annotated[float, Field(ge=0, le=MAX_COST)]


def _costs_schema() -> dict[str, Any]:
    """The JSON schema of cost overrides: the families and figures of the default cost model."""
    families = {}
    for family, figures in DEFAULT_COSTS.items():
        properties = {
            key: (
                {"type": "integer", "minimum": 0, "maximum": MAX_HORIZON_MONTHS}
                if key in MONTH_KEYS
                else {"type": "number", "minimum": 0, "maximum": MAX_COST}
            )
            for key in figures
        }
        families[family] = {"type": "object", "properties": properties, "additionalProperties": False}
    return {"type": "object", "properties": families, "additionalProperties": False}


#: Overrides of the default cost model (checked in full by :class:`solver.costs.CostModel`).
Costs = Annotated[
    dict[Text, Annotated[dict[Text, CostFigure], Field(max_length=20)]],
    Field(max_length=20),
    WithJsonSchema(_costs_schema()),
]

#: The named assumptions (CONTRACT.md v2; defaults in the rule files).
AssumptionName = Literal[
    "ai_graduate_salary_floor",
    "ai_graduate_expert_opinion",
    "ai_foreign_worker_path_b_2023",
    "it_ve_general_dec",
    "dep_5358_meets_program_length",
    "conditions_of_stay_met_if_never_stayed",
    "pstq_exceptional_talent_french",
    "pstq_regulated_french_by_teer",
    "pstq_family_points_need_outside_cmm",
    "pstq_quebec_months_in_5_years",
    "peq_windows_end_on_reference_date",
]
Assumptions = dict[AssumptionName, bool]


def _reform_schema() -> dict[str, Any]:
    """The JSON Schema of a reform (OpenAPI): name, description and changes required; a change names
    exactly one of criterion and factor. The body stays plain data: ``solver.rules.overlay.parse_reform``
    validates it when the rules are overlaid, naming the key (``reform.changes.0.factor``)."""
    text = {
        "type": "object",
        "properties": {"en": {"type": "string"}, "fr": {"type": "string"}},
        "required": ["en", "fr"],
        "additionalProperties": False,
    }
    key = {"type": "string", "pattern": "^[a-z0-9_]+$"}
    values = {"type": "object", "minProperties": 1}
    routes = {"anyOf": [{"type": "string", "enum": ["all"]}, {"type": "array", "items": {"type": "string"}}]}
    criterion = {
        "type": "object",
        "title": "CriterionChange",
        "properties": {
            "criterion": {**key, "description": "A criterion id, e.g. oral_french"},
            "routes": {**routes, "default": "all", "description": '"all" or route ids'},
            "set": {**values, "description": "Rule-file keys of that criterion and their new values"},
        },
        "required": ["criterion", "set"],
        "additionalProperties": False,
    }
    factor = {
        "type": "object",
        "title": "FactorChange",
        "properties": {
            "factor": {**key, "description": "A factor id of the ranking grid, as /v1/ranking lists it"},
            "set": {**values, "description": "Grid-file keys of that factor (e.g. rows) and their new values"},
        },
        "required": ["factor", "set"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "title": "Reform",
        "properties": {
            "name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$"},
            "description": text,
            "changes": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"oneOf": [criterion, factor]}},
        },
        "required": ["name", "description", "changes"],
        "additionalProperties": False,
    }


#: A reform as the request carries it: plain data, with its schema stated for OpenAPI.
ReformData = Annotated[dict[str, Any], WithJsonSchema(_reform_schema())]


class _WithApplicant(_Request):
    applicant: Applicant
    application_date: Day | None = Field(default=None, description="Defaults to today")
    lang: Lang | None = Field(default=None, description="en or fr; the service falls back to Accept-Language")
    reference_wages: ReferenceWages | None = Field(
        default=None, description="Published top wage per NOC code for the IT-VE salary test"
    )
    assumptions: Assumptions | None = Field(
        default=None, description="Named readings of the rules to switch (GET /v1/routes lists them); null: defaults"
    )
    reform: ReformData | None = Field(
        default=None, description="A policy reform: an overlay of rule-file and grid values (CONTRACT.md v2, v3)"
    )

    @model_validator(mode="after")
    def _born_before_application(self) -> _WithApplicant:
        birth = self.applicant.birth_date
        if birth is not None and self.application_date is not None and birth > self.application_date:
            raise PydanticCustomError(
                "birth_after_application",
                "the birth date is after the application date",
                {"field": "applicant.birth_date"},
            )
        return self


def check_plan_span(start: date | None, horizon_months: int) -> None:
    """Refuse a planning start whose horizon runs past the last date the engine answers for.

    Raises:
        PydanticCustomError: naming ``application_date`` (the field the client sent).
    """
    if start is not None and add_months(start, horizon_months) > LATEST_DATE:
        raise PydanticCustomError(
            "plan_past_supported_range",
            "a plan from {start} over {months} months would run past {latest}, the last date the engine answers for",
            {
                "field": "application_date",
                "start": start.isoformat(),
                "months": horizon_months,
                "latest": LATEST_DATE.isoformat(),
            },
        )


Programs = Annotated[list[ProgramFamily], Field(min_length=1, max_length=6)]


class EligibilityRequest(_WithApplicant):
    """Body of ``POST /v1/eligibility``."""

    routes: RoutesField = Field(default=None, description="Route ids; null for every route (or those of `programs`)")
    programs: Programs | None = Field(
        default=None, description="Program families (pilots, pstq, peq); null: every family. Routes must belong to them"
    )


class RankingRequest(EligibilityRequest):
    """Body of ``POST /v1/ranking`` (the eligibility body; the PSTQ routes asked, all four by default)."""


class GapsRequest(_WithApplicant):
    """Body of ``POST /v1/gaps``."""

    horizon_months: whole(0, MAX_HORIZON_MONTHS) = 36  # type: ignore[valid-type]
    objective: Objective = "earliest"
    respect_intake_windows: bool = True
    max_plans: whole(1, 10) = 3  # type: ignore[valid-type]
    routes: RoutesField = Field(default=None, description="Route ids; null for every route (or those of `programs`)")
    programs: Programs | None = Field(default=None, description="Program families (pilots, pstq, peq); null: all")
    target_score: whole(0, 1400) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="PSTQ: the ranking score a plan must reach; null: the highest minimum of the stream's latest round",
    )
    costs: Costs | None = Field(default=None, description="Overrides of the default cost model, by lever family")
    time_limit_s: float | None = Field(
        default=None,
        gt=0,
        le=MAX_TIME_LIMIT_S,
        description="Solve time allowed per route, in seconds (capped by the deployment's limit)",
    )

    @model_validator(mode="after")
    def _plan_within_supported_dates(self) -> GapsRequest:
        # With intake windows respected, a start after the programs' end has an honest answer
        # (every route unreachable, with the reason); only an "as if open" plan needs the dates.
        if not self.respect_intake_windows:
            check_plan_span(self.application_date, self.horizon_months)
        return self


class QuestionsRequest(EligibilityRequest):
    """Body of ``POST /v1/questions`` (the eligibility body)."""


class ChangeRequest(_Request):
    """One what-if change: a lever, the value it takes and when (``by``; default the date).

    Each lever has its own model below, so ``to`` is checked with the profile's own field
    types and the schema shows exactly what each lever takes.
    """

    lever: LeverName
    to: Any = None
    by: Day | None = Field(default=None, description="When the change takes effect; default the application date")


class WaitChange(ChangeRequest):
    """Apply later: ``to`` is a number of months (0-120) or a date (checked by ``what_if``)."""

    lever: Literal["wait"]
    to: Annotated[
        Any,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "integer", "minimum": 0, "maximum": MAX_HORIZON_MONTHS},
                    {"type": "string", "format": "date", "pattern": DAY_PATTERN},
                ],
                "description": "Months (0-120) or a date",
            }
        ),
    ]


class FrenchLevelChange(ChangeRequest):
    """Reach a French level in one skill."""

    lever: Literal[
        "french.oral_comprehension",
        "french.oral_production",
        "french.written_comprehension",
        "french.written_production",
    ]
    to: FrenchLevel


class SpouseFrenchChange(ChangeRequest):
    """The accompanying spouse reaches this French level in every skill below it."""

    lever: Literal["spouse.french"]
    to: FrenchLevel


class ValidatedOfferChange(ChangeRequest):
    """Obtain a job offer validated by the Ministère, inside or outside the CMM."""

    lever: Literal["validated_job_offer"]
    to: Literal["in_cmm", "outside_cmm"]


class ResidenceChange(ChangeRequest):
    """Move outside the CMM (in Québec): from ``by`` on, the months outside the CMM accrue."""

    lever: Literal["residence_outside_cmm"]
    to: Literal[True] = True


class AuthorizationChange(ChangeRequest):
    """Obtain an authorisation to practise, or a recognition, for the principal occupation."""

    lever: Literal["authorization_to_practise"]
    to: Literal["authorization", "full_recognition", "partial_recognition"]


class TalentOpinionChange(ChangeRequest):
    """A designated partner's opinion for the exceptional-talent stream (``null``: not yet given)."""

    lever: Literal["exceptional_talent_opinion"]
    to: Opinion | None


class RetestChange(ChangeRequest):
    """A fresh French assessment (``to`` is ignored)."""

    lever: Literal["french.retest"]
    to: None = None


class SalaryChange(ChangeRequest):
    """Raise the salary of the job held on the date (or of the accepted offer)."""

    lever: Literal["salary"]
    to: Salary


class NewJob(_Request):
    """The fields of a job the applicant takes (a ``work_history`` episode still held)."""

    noc: NocCode | None = None
    naics: NaicsCode | None = None
    role: Tag | None = None
    in_quebec: bool | None = None
    hours_per_week: Hours | None = None
    paid: bool | None = None
    authorized: bool | None = None
    basic_personal_care: bool | None = None
    start: Day | None = Field(default=None, description="When the job starts; default the change's date")
    annual_salary: Salary | None = None
    employer_in_cmm: bool | None = None
    sector: Tag | None = None


class JobChange(ChangeRequest):
    """Take a job."""

    lever: Literal["job"]
    to: NewJob


class NewDiploma(_Request):
    """The fields of a diploma the applicant completes."""

    level: DiplomaLevel
    program_code: Annotated[Text, Field(max_length=20)] | None = None
    field: Tag | None = None
    in_quebec: bool | None = None
    full_time_months: Months | None = None
    obtained_on: Day | None = Field(default=None, description="When it is obtained; default the change's date")
    share_studied_in_quebec: float | None = Field(default=None, ge=0.0, le=1.0)


def _level_as_diploma(value: Any) -> Any:
    return {"level": value} if isinstance(value, str) else value


class DiplomaChange(ChangeRequest):
    """Complete a diploma: its fields (or just its level, as text)."""

    lever: Literal["diploma"]
    to: Annotated[NewDiploma, BeforeValidator(_level_as_diploma)]


class FlagChange(ChangeRequest):
    """Sign a declaration, or stop controlling the employer."""

    lever: Literal[
        "declaration.intends_to_settle_in_quebec",
        "declaration.respected_conditions_of_stay",
        "declaration.self_sufficiency_undertaking",
        "declaration.commits_to_learn_french",
        "employer_control",
    ]
    to: bool


class StatusChange(ChangeRequest):
    """Change the status in Québec."""

    lever: Literal["status_in_quebec"]
    to: StatusInQuebec


class OpinionChange(ChangeRequest):
    """The expert committee's opinion (``null``: not yet given)."""

    lever: Literal["expert_committee_opinion"]
    to: Opinion | None


def change_loc(loc: tuple[str | int, ...] | list[str | int]) -> list[str | int]:
    """A location without the lever name pydantic inserts after ``changes.<i>`` (the union's tag).

    >>> change_loc(["body", "changes", 0, "salary", "to"])
    ['body', 'changes', 0, 'to']
    """
    parts = list(loc)
    return [
        p
        for i, p in enumerate(parts)
        if not (i >= 2 and isinstance(parts[i - 1], int) and parts[i - 2] == "changes" and is_lever_name(str(p)))
    ]


#: A what-if change of any lever, told apart by ``lever``.
AnyChange = Annotated[
    WaitChange
    | FrenchLevelChange
    | RetestChange
    | SalaryChange
    | JobChange
    | DiplomaChange
    | FlagChange
    | StatusChange
    | OpinionChange
    | SpouseFrenchChange
    | ValidatedOfferChange
    | ResidenceChange
    | AuthorizationChange
    | TalentOpinionChange,
    Field(discriminator="lever"),
]


class WhatIfRequest(_WithApplicant):
    """Body of ``POST /v1/what-if``."""

    changes: list[AnyChange] = Field(min_length=1, max_length=20)
    routes: RoutesField = Field(default=None, description="Route ids; null for every route (or those of `programs`)")
    programs: Programs | None = Field(default=None, description="Program families (pilots, pstq, peq); null: all")


#: Most profiles one ``POST /v1/eligibility/batch`` may carry (larger cohorts: ``check-many``).
MAX_BATCH_PROFILES = 200


class EligibilityBatchRequest(_Request):
    """Body of ``POST /v1/eligibility/batch``: many profiles checked on one date.

    Profiles are validated one by one, so an invalid profile gets its own error in the answer
    and never refuses the others.
    """

    profiles: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_BATCH_PROFILES)
    application_date: Day | None = Field(default=None, description="Defaults to today")
    routes: RoutesField = Field(default=None, description="Route ids; null for every route (or those of `programs`)")
    programs: Programs | None = Field(default=None, description="Program families (pilots, pstq, peq); null: all")
    lang: Lang | None = None
    reference_wages: ReferenceWages | None = None
    assumptions: Assumptions | None = None
    reform: ReformData | None = None
