"""Answer models shared by the Python API, the CLI and the HTTP service (CONTRACT.md)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CriterionVerdict = Literal["met", "not_met", "unknown"]
RouteVerdict = Literal["eligible", "not_eligible", "unknown"]
GapStatus = Literal["eligible_now", "reachable", "unreachable", "undecided"]
Lang = Literal["en", "fr"]
Objective = Literal["earliest", "least_effort"]
Scalar = str | int | float | bool | None


class _Answer(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Window(_Answer):
    # Frozen: a route's intake status is worked out once per date and shared by every answer.
    model_config = ConfigDict(populate_by_name=True, frozen=True)

    start: date
    end: date | None = Field(default=None, description="Last day; null: no announced end")


class IntakeStatus(_Answer):
    # Frozen: worked out once per route, date and language, the same object is in every answer.
    model_config = ConfigDict(populate_by_name=True, frozen=True)

    open: bool
    window: Window | None = None
    note: str


class CriterionResult(_Answer):
    # Frozen: routes that share a rule share its result in an answer.
    model_config = ConfigDict(populate_by_name=True, frozen=True)

    id: str
    verdict: CriterionVerdict
    explanation: str
    source: str = Field(description="Source tag and reference, e.g. '[REG] I-0.2.1, r. 9, s. 3(3)'")
    description: str = Field(default="", description="The rule, in the requested language")
    assumption: str | None = Field(
        default=None, description="Set when the verdict is unknown only for lack of outside data"
    )


class RouteEligibility(_Answer):
    route: str
    program: str
    stream: str | None = None
    profile: str | None = None
    edition: str | None = Field(description="Edition in force on the application date, null before any")
    verdict: RouteVerdict
    intake: IntakeStatus
    criteria: list[CriterionResult]
    principal_noc: str | None = Field(
        default=None, description="PSTQ: the principal occupation the verdict is for (declared, or the best tried)"
    )


#: The named assumptions in force (CONTRACT.md v2): every answer echoes all of them.
AssumptionValues = dict[str, bool]


class EligibilityAnswer(_Answer):
    application_date: date
    rules_version: str
    assumptions: AssumptionValues = Field(default_factory=dict, description="The named assumptions in force")
    notice: str | None = Field(default=None, description="Plain statement when the programs are closed")
    routes: list[RouteEligibility]


class Change(_Answer):
    lever: str
    from_: Scalar | dict[str, Any] = Field(default=None, alias="from")
    to: Scalar | dict[str, Any] = None
    by: date | None = None
    note: str = ""
    target: str | None = Field(default=None, description="Which job a salary change applies to")


class ScorePoint(_Answer):
    date: date
    min: int
    max: int
    events: list[str] = Field(default_factory=list, description="What moved the score since the previous point")


class Plan(_Answer):
    apply_on: date
    months_from_start: int
    effort: float
    optimal: bool
    changes: list[Change]
    apply_by: date | None = Field(
        default=None, description="Last day on which the applicant, with the plan's changes, can still file"
    )
    apply_by_reason: str | None = Field(default=None, description="What ends the window, in the requested language")
    score: PointRange | None = Field(default=None, description="PSTQ: the ranking score on apply_on")
    score_timeline: list[ScorePoint] | None = Field(
        default=None, description="PSTQ: the score's minimum month by month from the start to apply_on (for charts)"
    )


class RouteGaps(_Answer):
    route: str
    status: GapStatus
    target: TargetScore | None = Field(default=None, description="PSTQ: the score plans reach, and its origin")
    principal_noc: str | None = None
    proven: bool = Field(
        default=True, description="False when a solve hit its time limit: the status and plans are the best found"
    )
    plans: list[Plan] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    edition: str | None = None


class CostModelOut(_Answer):
    """The cost model a plan was optimised for (defaults merged with the request's overrides)."""

    levers: dict[str, dict[str, float]]


class GapsAnswer(_Answer):
    application_date: date
    rules_version: str
    assumptions: AssumptionValues = Field(default_factory=dict, description="The named assumptions in force")
    objective: Objective
    horizon_months: int
    respect_intake_windows: bool
    notice: str | None = None
    cost_model: CostModelOut
    routes: list[RouteGaps]


class WhatIfAnswer(_Answer):
    application_date: date
    rules_version: str
    assumptions: AssumptionValues = Field(default_factory=dict, description="The named assumptions in force")
    before: EligibilityAnswer
    after: EligibilityAnswer
    changed_routes: list[str]
    applied_changes: list[Change]


class CriterionInfo(_Answer):
    """A criterion of the catalogue: what it requires, in both languages, and where it comes from."""

    id: str
    kind: str
    editions: list[str] | None = None
    description: dict[str, str]
    source_tag: str
    source_reference: str
    children: list[CriterionInfo] = Field(default_factory=list)


class WindowInfo(_Answer):
    start: date
    end: date | None = None
    caps: dict[str, int] = Field(default_factory=dict)
    source: str
    note: dict[str, str] | None = None


class EditionInfo(_Answer):
    id: str
    in_force: date
    noc_version: int
    source: str
    windows: list[WindowInfo]
    early_closures: list[dict[str, str]] = Field(default_factory=list)


class RouteInfo(_Answer):
    route: str
    program: str
    program_name: dict[str, str]
    stream: str | None = None
    profile: str | None = None
    name: dict[str, str]
    family: str = Field(default="pilots", description="pilots | pstq | peq")
    state: Literal["open", "closed", "not_yet_open"] | None = Field(
        default=None, description="On the catalogue's date (GET /v1/routes?date=D)"
    )
    state_window: Window | None = Field(default=None, description="The intake window that decides the state")
    state_note: str | None = None
    end_date: date | None = None
    reference_date: date | None = Field(
        default=None, description="PEQ: the date on which the conditions tied to it are checked"
    )
    selection_cap: dict[str, int | str] | None = None
    intake_scopes: list[str]
    assumptions: list[dict[str, str]] = Field(default_factory=list)
    editions: list[EditionInfo]
    criteria: list[CriterionInfo]


class AssumptionInfo(_Answer):
    """A named reading of the rules (CONTRACT.md v2) and what it touches."""

    name: str
    default: bool
    description: dict[str, str]
    routes: list[str]
    source: str


class RoutesCatalog(_Answer):
    rules_version: str
    routes: list[RouteInfo]
    assumptions: list[AssumptionInfo] = Field(default_factory=list)


class Question(_Answer):
    """An unknown input whose answer would decide some route's ``unknown`` verdict."""

    field: str = Field(description="Dotted path in the Applicant, e.g. work_history.0.sector")
    routes: list[str]
    criteria: list[str]
    prompt: str
    why: str


class QuestionsAnswer(_Answer):
    application_date: date
    rules_version: str
    assumptions: AssumptionValues = Field(default_factory=dict, description="The named assumptions in force")
    questions: list[Question]


class BatchItemError(_Answer):
    field: str
    reason: str


class EligibilityBatchItem(_Answer):
    """One profile of a batch: its answer, or why it has none."""

    index: int
    ok: bool
    answer: EligibilityAnswer | None = None
    error: BatchItemError | None = None


class EligibilityBatchAnswer(_Answer):
    application_date: date
    rules_version: str
    results: list[EligibilityBatchItem]


# -- ranking (CONTRACT.md v3) ---------------------------------------------------------------------
Passes = Literal["yes", "no", "unknown"]


class PointRange(_Answer):
    """Points, or a score, as a range: ``min == max`` when every input is known."""

    min: int
    max: int


class GroupScore(_Answer):
    id: str = Field(description="human_capital | quebec_needs | adaptation")
    points: PointRange
    max: int
    name: str = ""


class FactorScore(_Answer):
    id: str
    group: str
    points: PointRange
    max: int
    explanation: str
    source: str
    name: str = ""


class DrawFilter(_Answer):
    kind: str
    text: str = Field(description="The filter in words, in the requested language")
    verdict: Passes = Field(description="yes / no / unknown; unknown also when the data cannot check it")
    checked: bool = Field(description="False when the data cannot check this filter")


class DrawResult(_Answer):
    date: date
    exercise: str
    label: str = ""
    min_score: int | None
    invited: int | None
    filters: list[DrawFilter]
    passes: Passes
    source: str = ""


class Ranking(_Answer):
    route: str
    stream: int
    principal_noc: str | None
    score: PointRange
    groups: list[GroupScore]
    factors: list[FactorScore]
    draws: list[DrawResult]
    target: TargetScore | None = Field(
        default=None, description="The default cut-off: the latest round's highest minimum"
    )


class TargetScore(_Answer):
    """The score a PSTQ plan must reach, and where it comes from."""

    score: int | None
    draw_date: date | None = None
    exercise: str | None = None
    source: Literal["latest_round", "request", "none"] = "latest_round"


class RankingAnswer(_Answer):
    application_date: date
    rules_version: str
    assumptions: AssumptionValues = Field(default_factory=dict, description="The named assumptions in force")
    grid: dict[str, Any] = Field(description="The grid's id, name, dates and source")
    notice: str | None = None
    routes: list[Ranking]


class DrawRecord(_Answer):
    date: date
    stream: int
    exercise: str
    label: str = ""
    min_score: int | None
    invited: int | None
    filters: list[dict[str, Any]]
    source: str
    note: str | None = None


class DrawsAnswer(_Answer):
    rules_version: str
    draws: list[DrawRecord]
