"""Strict schema of the ranking data: the grid, the recorded rounds and the occupation diagnoses.

Like the rule files, every model forbids unknown keys: a misspelt key in a grid is a factor
silently not scored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from solver.rules.schema import DiplomaLeverSpec, ReadingSpec, Source, Text

#: What a factor measures (each a function of ``solver.ranking.measures``).
Measure = Literal[
    "age",
    "french.oral_comprehension",
    "french.oral_production",
    "french.written_comprehension",
    "french.written_production",
    "experience_months",
    "education",
    "diagnosis_experience",
    "quebec_diploma",
    "quebec_experience_months",
    "residence_outside_cmm_months",
    "work_outside_cmm_months",
    "study_outside_cmm_months",
    "validated_offer",
    "authorization",
    "studies_quebec_months",
    "family",
    "spouse.french.oral_comprehension",
    "spouse.french.oral_production",
    "spouse.french.written_comprehension",
    "spouse.french.written_production",
    "spouse.age",
    "spouse.quebec_experience_months",
    "spouse.education",
    "spouse.quebec_diploma",
]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Row(_Spec):
    """One row of a factor's table: a category, a lower bound (``from``), or both (diagnosis × months)."""

    category: str | None = None
    from_: int | None = Field(default=None, alias="from")
    points: int = Field(ge=0, le=1400)
    with_spouse: int | None = Field(default=None, ge=0, le=1400)
    in_progress: int | None = Field(default=None, ge=0, le=1400, description="Studies still in progress")


class FactorSpec(_Spec):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    group: Literal["human_capital", "quebec_needs", "adaptation"]
    name: Text
    measure: Measure
    spouse_columns: bool = Field(default=False, description="Two columns: without / with an accompanying spouse")
    window_months: int | None = Field(default=None, gt=0, description="Months counted in this window; null: all")
    requires: Literal["outside_cmm"] | None = Field(default=None, description="Points only under this condition")
    rows: list[Row] = Field(min_length=1)
    source: Source
    readings: list[ReadingSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _columns(self) -> FactorSpec:
        if self.spouse_columns and any(r.with_spouse is None for r in self.rows):
            raise ValueError("spouse_columns: every row needs with_spouse")
        return self

    @property
    def max_points(self) -> int:
        return max(max(r.points, r.with_spouse or 0, r.in_progress or 0) for r in self.rows)


class GroupSpec(_Spec):
    id: Literal["human_capital", "quebec_needs", "adaptation"]
    max: int = Field(gt=0)
    name: Text


class GridFile(_Spec):
    id: str
    name: Text
    in_force: date
    until: date | None = None
    source: Source
    groups: list[GroupSpec] = Field(min_length=1)
    diploma_levers: list[DiplomaLeverSpec] = Field(default_factory=list)
    factors: list[FactorSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> GridFile:
        ids = [f.id for f in self.factors]
        if len(ids) != len(set(ids)):
            raise ValueError("factors: an id is used twice")
        groups = {g.id for g in self.groups}
        for f in self.factors:
            if f.group not in groups:
                raise ValueError(f"factor {f.id}: unknown group {f.group}")
        return self


FilterKind = Literal[
    "lives_in_quebec",
    "outside_cmm",
    "quebec_diploma",
    "teer",
    "regulated",
    "not_regulated",
    "doctorate",
    "french",
    "experience",
    "unchecked",
]


class DrawFilterSpec(_Spec):
    kind: FilterKind
    teer: list[int] | None = None
    min_hours: int | None = None
    min_university_credits: int | None = None
    oral: int | None = None
    written: int | None = None
    spouse_oral: int | None = None
    months: int | None = None
    quebec_months: int | None = None
    window_months: int | None = None
    text: Text | None = None


class DrawSpec(_Spec):
    date: date
    stream: int = Field(ge=1, le=4)
    exercise: str
    label: Text | None = None
    min_score: int | None = Field(default=None, ge=0, le=1400)
    invited: int | None = Field(default=None, ge=0)
    filters: list[DrawFilterSpec] = Field(default_factory=list)
    source: Source
    note: Text | None = None


class DrawsFile(_Spec):
    id: str
    rounds: list[DrawSpec] = Field(min_length=1)


class DiagnosisFile(_Spec):
    id: str
    title: Text
    source: Source
    retrieved: Any = None
    occupations: dict[str, Literal["shortage", "slight_shortage", "balanced"]]
