"""The applicant profile, exactly as ``CONTRACT.md`` fixes it.

Every field that the contract allows to be unknown is ``None`` when unknown: the
evaluator turns a missing input into an ``unknown`` verdict, never into a silent
default. Unknown keys are refused (``extra="forbid"``) so that a typo in a client
is a 422 naming the key, not an answer computed on a profile the client did not mean.

Input is **strict** (CONTRACT.md, "Strict input"): nothing is coerced. ``true`` is not a
number or a level, ``"yes"`` or ``1`` is not a boolean, ``"7"`` is not a level, and a date
is a ``YYYY-MM-DD`` string (or, from Python, a ``datetime.date``), never a number or a
date-time. Free tags (``sector``, ``role``, ``field``) are compared without regard to case
or surrounding spaces, so they are stored trimmed and case-folded. No string may hold a
control character, and no error message repeats one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

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
    "university_certificate",
    "medical_specialty",
]
Opinion = Literal["favourable", "unfavourable"]
AuthorizationKind = Literal["authorization", "full_recognition", "partial_recognition"]
TalentPartner = Literal["calq", "frq", "ins"]

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
    # A university certificate is a first-cycle program shorter than a bachelor's; a medical
    # specialty follows a doctorate in medicine (CONTRACT.md v3).
    "university_certificate": 2,
    "medical_specialty": 6,
}

#: Dates the engine answers for: far enough either side of the programs (2021-2026) for any
#: experience window or plan horizon, near enough that month arithmetic never overflows.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

#: The largest salary (or wage) accepted, dollars a year: far above any real salary, far below
#: the sizes at which arithmetic on it would lose meaning.
MAX_SALARY = 10_000_000
#: The most hours a week has.
MAX_HOURS_PER_WEEK = 168


def in_supported_range(value: date) -> date:
    """Refuse dates the engine does not answer for (year 1, year 9999...)."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            "the date {date} is outside the supported range {earliest} to {latest}",
            {"date": value.isoformat(), "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return value


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: Any) -> Any:
    """A ``date`` from a ``YYYY-MM-DD`` string or a ``date``; anything else is refused.

    >>> parse_day("2024-06-03"), parse_day(date(2024, 6, 3))
    (datetime.date(2024, 6, 3), datetime.date(2024, 6, 3))
    """
    if isinstance(value, datetime):
        raise PydanticCustomError("date_type", "a date is a YYYY-MM-DD string, not a date-time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not _ISO_DAY.fullmatch(value):
            raise PydanticCustomError("date_format", "a date is written YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_invalid", "Input should be a valid date: this day does not exist in the calendar"
            ) from None
    raise PydanticCustomError("date_type", "a date is a YYYY-MM-DD string")


#: The supported years (1900-2100) as a pattern, so that the schema states the range too.
DAY_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

#: A calendar date: ``YYYY-MM-DD`` in JSON, a ``datetime.date`` (or that string) in Python.
Day = Annotated[
    date,
    BeforeValidator(parse_day),
    AfterValidator(in_supported_range),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]


#: Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F (checked by tests/test_strict_input.py).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def has_control_chars(text: str) -> bool:
    """Whether ``text`` holds a control character (Unicode category Cc: tab, newline, NUL, DEL...)."""
    return _CONTROL.search(text) is not None


def escape_controls(text: str) -> str:
    r"""``text`` with every control character written as ``\uXXXX`` (never sent back or logged raw).

    >>> escape_controls("a\nb")
    'a\\u000ab'
    """
    if not has_control_chars(text):
        return text
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def no_control_chars(value: str) -> str:
    """Refuse a string holding a control character; the message does not quote it."""
    if has_control_chars(value):
        raise PydanticCustomError("control_characters", "control characters (such as a line break) are not allowed")
    return value


def normalise_tag(value: str) -> str:
    """A free tag as it is matched: trimmed and case-folded.

    >>> normalise_tag("  AI "), normalise_tag("Chicken_Catcher")
    ('ai', 'chicken_catcher')
    """
    return value.strip().casefold()


#: What a string may hold, as a JSON Schema pattern: anything but control characters.
NO_CONTROL_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"

#: Any string of the profile or a request.
Text = Annotated[str, Field(json_schema_extra={"pattern": NO_CONTROL_PATTERN}), AfterValidator(no_control_chars)]
#: A free tag (``sector``, ``role``, ``field``), trimmed and case-folded.
Tag = Annotated[
    str,
    Field(max_length=60, json_schema_extra={"pattern": NO_CONTROL_PATTERN}),
    AfterValidator(no_control_chars),
    AfterValidator(normalise_tag),
]


def integral(value: Any) -> Any:
    """A whole number written with a decimal point (``3.0``) as the integer it is; nothing else changes.

    JSON does not tell ``3`` from ``3.0`` (JSON Schema calls both integers); ``true`` and ``"3"`` stay refused.

    >>> integral(3.0), integral(3.5), integral(True), integral("3")
    (3, 3.5, True, '3')
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: A whole number: an ``int``, or a float with no fractional part.
Int = Annotated[int, BeforeValidator(integral)]


def whole(low: int, high: int, description: str | None = None) -> Any:
    """A whole number from ``low`` to ``high``, with the bounds in its JSON schema."""
    return Annotated[int, Field(ge=low, le=high, description=description), BeforeValidator(integral)]


NOC_PATTERN = r"^[0-9]{4}[0-9]?$"
NAICS_PATTERN = r"^[0-9]{2,6}$"


def _pattern(regex: str, kind: str, message: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(kind, message)
        return value

    return AfterValidator(check)


#: A NOC 2021 (5 digits) or NOC 2016 (4 digits) code.
NocCode = Annotated[
    str,
    Field(json_schema_extra={"pattern": NOC_PATTERN}),
    AfterValidator(no_control_chars),
    _pattern(NOC_PATTERN, "noc_format", "a NOC code is 4 digits (NOC 2016) or 5 digits (NOC 2021)"),
]
NaicsCode = Annotated[
    str,
    Field(json_schema_extra={"pattern": NAICS_PATTERN}),
    AfterValidator(no_control_chars),
    _pattern(NAICS_PATTERN, "naics_format", "a NAICS code is 2 to 6 digits"),
]
FrenchLevel = whole(1, 12, "Level 1-12 of the Échelle québécoise")
Months = whole(0, 240)
Salary = Annotated[float, Field(ge=0, le=MAX_SALARY, description="Dollars a year, gross")]
Hours = Annotated[float, Field(ge=0, le=MAX_HOURS_PER_WEEK)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class French(_Strict):
    """French levels on the Échelle québécoise (four skills) and the date they were assessed."""

    oral_comprehension: FrenchLevel | None = None
    oral_production: FrenchLevel | None = None
    written_comprehension: FrenchLevel | None = None
    written_production: FrenchLevel | None = None
    assessed_on: Day | None = None


class Diploma(_Strict):
    """A diploma, by its Québec-equivalent level."""

    level: DiplomaLevel
    program_code: Annotated[Text, Field(max_length=20)] | None = None
    field: Tag | None = None
    in_quebec: bool | None = None
    full_time_months: Months | None = None
    obtained_on: Day | None = None
    share_studied_in_quebec: float | None = Field(default=None, ge=0.0, le=1.0)
    hours: whole(0, 20_000, "The program's length in hours (Québec vocational and college programs)") | None = None  # type: ignore[valid-type]


class WorkEpisode(_Strict):
    """One job episode; ``end: null`` means the job is still held."""

    noc: NocCode | None = None
    naics: NaicsCode | None = None
    role: Tag | None = None
    in_quebec: bool | None = None
    hours_per_week: Hours | None = None
    paid: bool | None = None
    authorized: bool | None = None
    basic_personal_care: bool | None = None
    start: Day
    end: Day | None = None
    annual_salary: Salary | None = None
    employer_in_cmm: bool | None = None
    sector: Tag | None = None
    internship: bool | None = Field(default=None, description="A compulsory internship")
    self_employed: bool | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> WorkEpisode:
        if self.end is not None and self.end < self.start:
            # a stable type, so that clients (and the schema checks) can tell this rule by its code
            raise PydanticCustomError("episode_ends_before_start", "end: the episode ends before it starts")
        return self


class JobOffer(_Strict):
    """An accepted job offer not yet started."""

    noc: NocCode | None = None
    naics: NaicsCode | None = None
    role: Tag | None = None
    sector: Tag | None = None
    hours_per_week: Hours | None = None
    annual_salary: Salary | None = None
    employer_in_cmm: bool | None = None
    start: Day | None = None
    validated: bool | None = Field(default=None, description="Validated by the Ministère (a VJO)")


def _ends_after_start(start: date, end: date | None, what: str) -> None:
    if end is not None and end < start:
        raise PydanticCustomError(f"{what}_ends_before_start", "end: the {what} ends before it starts", {"what": what})


class Spouse(_Strict):
    """The spouse or partner (CONTRACT.md v3); ``accompanying: false`` says there is none to count."""

    accompanying: bool
    birth_date: Day | None = None
    french: French | None = None
    diplomas: list[Diploma] = Field(default_factory=list, max_length=20)
    work_history: list[WorkEpisode] = Field(default_factory=list, max_length=60)


class FamilyInQuebec(_Strict):
    """A family member living in Québec, related to the applicant or to the spouse."""

    applicant: bool | None = None
    spouse: bool | None = None


class Authorization(_Strict):
    """An authorisation to practise in Québec, or a recognition of equivalence by the regulator."""

    noc: NocCode
    kind: AuthorizationKind
    obtained_on: Day | None = None


class ExceptionalTalent(_Strict):
    """PSTQ stream 4: a designated partner's opinion, or an exceptional achievement."""

    partner_opinion: Opinion | None = None
    partner: TalentPartner | None = None
    exceptional_achievement: bool | None = None


class Residence(_Strict):
    """Where the applicant lived: in Québec or not, inside the Montréal metropolitan community (CMM) or not."""

    start: Day
    end: Day | None = None
    in_quebec: bool | None = None
    in_cmm: bool | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Residence:
        _ends_after_start(self.start, self.end, "residence")
        return self


class Study(_Strict):
    """A period of study; ``led_to_diploma: false`` counts as studies in Québec without a diploma."""

    start: Day
    end: Day | None = None
    in_quebec: bool | None = None
    in_cmm: bool | None = None
    full_time: bool | None = None
    led_to_diploma: bool | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Study:
        _ends_after_start(self.start, self.end, "study")
        return self


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
    spouse: Spouse | None = None
    family_in_quebec: FamilyInQuebec | None = None
    authorizations: list[Authorization] = Field(default_factory=list, max_length=20)
    exceptional_talent: ExceptionalTalent | None = None
    residence_history: list[Residence] = Field(default_factory=list, max_length=60)
    study_history: list[Study] = Field(default_factory=list, max_length=60)
    principal_noc: (
        Annotated[
            str,
            Field(
                json_schema_extra={"pattern": r"^[0-9]{5}$"}, description="NOC 2021 code of the principal occupation"
            ),
            AfterValidator(no_control_chars),
            _pattern(r"^[0-9]{5}$", "noc_format", "the principal occupation is a NOC 2021 code (5 digits)"),
        ]
        | None
    ) = None


def read_field(applicant: object, field: str) -> object:
    """A fact of the profile by its dotted name (``exceptional_talent.partner_opinion``); ``None`` when
    a part on the way is unknown."""
    value = applicant
    for part in field.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


class InvalidInput(ValueError):
    """A request that is well-formed JSON but impossible (e.g. born after the application date).

    ``field`` is the dotted path of the refused input and ``reason`` the English reason;
    ``reason_fr`` the French one when the raiser gives it, ``kind`` a stable error type. ``details`` holds every refusal
    (``loc``, ``msg``, ``type``, ``ctx``) when the error stands for a pydantic validation of a
    nested value (a what-if change), so that each keeps its own location and error type.
    """

    def __init__(
        self,
        field: str,
        reason: str,
        *,
        reason_fr: str | None = None,
        details: tuple[dict[str, Any], ...] = (),
        kind: str = "invalid_input",
    ) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.reason_fr = reason_fr
        self.details = details
        self.kind = kind

    @classmethod
    def from_validation(cls, exc: ValidationError, prefix: tuple[str | int, ...]) -> InvalidInput:
        """The refusal of a value validated on its own, located under ``prefix`` in the request."""
        details = tuple(
            {"loc": (*prefix, *e["loc"]), "msg": e["msg"], "type": e["type"], "ctx": e.get("ctx") or {}}
            for e in exc.errors(include_url=False, include_input=False)
        )
        first = details[0] if details else {"loc": prefix, "msg": "invalid value"}
        field = ".".join(str(p) for p in first["loc"])
        return cls(field, str(first["msg"]).removeprefix("Value error, "), details=details)


def check_against_date(applicant: Applicant, application_date: date) -> None:
    """Refuse a profile that cannot exist on ``application_date``.

    A birth date after the application date is impossible; future job episodes and
    diplomas are allowed (they describe planned facts and are simply not counted yet).
    """
    if applicant.birth_date is not None and applicant.birth_date > application_date:
        raise InvalidInput(
            "applicant.birth_date",
            "the birth date is after the application date",
            reason_fr="la date de naissance est postérieure à la date de la demande",
            kind="birth_after_application",
        )
