"""The applicant profile, exactly as ``CONTRACT.md`` fixes it.

Every field that the contract allows to be unknown is ``None`` when unknown: the
evaluator turns a missing input into an ``unknown`` verdict, never into a silent
default. Unknown keys are refused (``extra="forbid"``) so that a typo in a client
is a 422 naming the key, not an answer computed on a profile the client did not mean.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

StatusInQuebec = Literal["worker", "youth_exchange", "spouse_open_work_permit", "student", "visitor", "abroad", "other"]
DiplomaLevel = Literal[
    "secondary",
    "vocational",
    "college",
    "college_technical",
    "bachelor",
    "graduate_diploma",
    "master",
    "doctorate",
]
Opinion = Literal["favourable", "unfavourable"]
FrenchLevel = Annotated[int, Field(ge=1, le=12, description="Level 1-12 of the Échelle québécoise")]

#: Rank of each diploma level; DES and DEP share a rank, a technical DEC is a college diploma.
DIPLOMA_RANK: dict[str, int] = {
    "secondary": 1,
    "vocational": 1,
    "college": 2,
    "college_technical": 2,
    "bachelor": 3,
    "graduate_diploma": 4,
    "master": 5,
    "doctorate": 6,
}

#: Dates the engine answers for: far enough either side of the programs (2021-2026) for any
#: experience window or plan horizon, near enough that month arithmetic never overflows.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def in_supported_range(value: date) -> date:
    """Refuse dates the engine does not answer for (year 1, year 9999...)."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"the date {value} is outside the supported range {EARLIEST_DATE} to {LATEST_DATE}")
    return value


Day = Annotated[date, AfterValidator(in_supported_range)]

_NOC = re.compile(r"^\d{4}(\d)?$")
_NAICS = re.compile(r"^\d{2,6}$")


def _check_noc(value: str | None) -> str | None:
    if value is not None and not _NOC.match(value):
        raise ValueError("a NOC code is 4 digits (NOC 2016) or 5 digits (NOC 2021)")
    return value


def _check_naics(value: str | None) -> str | None:
    if value is not None and not _NAICS.match(value):
        raise ValueError("a NAICS code is 2 to 6 digits")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class French(_Strict):
    """Oral French levels on the Échelle québécoise and the date they were assessed."""

    oral_comprehension: FrenchLevel | None = None
    oral_production: FrenchLevel | None = None
    assessed_on: Day | None = None


class Diploma(_Strict):
    """A diploma, by its Québec-equivalent level."""

    level: DiplomaLevel
    program_code: str | None = Field(default=None, max_length=20)
    field: str | None = Field(default=None, max_length=60)
    in_quebec: bool | None = None
    full_time_months: int | None = Field(default=None, ge=0, le=240)
    obtained_on: Day | None = None
    share_studied_in_quebec: float | None = Field(default=None, ge=0.0, le=1.0)


class WorkEpisode(_Strict):
    """One job episode; ``end: null`` means the job is still held."""

    noc: str | None = None
    naics: str | None = None
    role: str | None = Field(default=None, max_length=60)
    in_quebec: bool | None = None
    hours_per_week: float | None = Field(default=None, ge=0, le=168)
    paid: bool | None = None
    authorized: bool | None = None
    basic_personal_care: bool | None = None
    start: Day
    end: Day | None = None
    annual_salary: float | None = Field(default=None, ge=0, le=100_000_000)
    employer_in_cmm: bool | None = None
    sector: str | None = Field(default=None, max_length=60)

    _noc = field_validator("noc")(_check_noc)
    _naics = field_validator("naics")(_check_naics)

    @model_validator(mode="after")
    def _end_after_start(self) -> WorkEpisode:
        if self.end is not None and self.end < self.start:
            raise ValueError("end: the episode ends before it starts")
        return self


class JobOffer(_Strict):
    """An accepted job offer not yet started."""

    noc: str | None = None
    naics: str | None = None
    role: str | None = Field(default=None, max_length=60)
    sector: str | None = Field(default=None, max_length=60)
    hours_per_week: float | None = Field(default=None, ge=0, le=168)
    annual_salary: float | None = Field(default=None, ge=0, le=100_000_000)
    employer_in_cmm: bool | None = None
    start: Day | None = None

    _noc = field_validator("noc")(_check_noc)
    _naics = field_validator("naics")(_check_naics)


class Applicant(_Strict):
    """The applicant profile of CONTRACT.md (``Applicant``)."""

    birth_date: Day | None = None
    status_in_quebec: StatusInQuebec | None = None
    intends_to_settle_in_quebec: bool | None = None
    controls_employer: bool | None = None
    respected_conditions_of_stay: bool | None = None
    self_sufficiency_undertaking: bool | None = None
    commits_to_learn_french: bool | None = None
    expert_committee_opinion: Opinion | None = None
    french: French | None = None
    diplomas: list[Diploma] = Field(default_factory=list, max_length=20)
    work_history: list[WorkEpisode] = Field(default_factory=list, max_length=60)
    job_offer: JobOffer | None = None


class InvalidInput(ValueError):
    """A request that is well-formed JSON but impossible (e.g. born after the application date)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def check_against_date(applicant: Applicant, application_date: date) -> None:
    """Refuse a profile that cannot exist on ``application_date``.

    A birth date after the application date is impossible; future job episodes and
    diplomas are allowed (they describe planned facts and are simply not counted yet).
    """
    if applicant.birth_date is not None and applicant.birth_date > application_date:
        raise InvalidInput("applicant.birth_date", "the birth date is after the application date")
