"""Strict schema of the rule files.

A rule file that carries an unknown key or a bad value must fail loudly at load,
naming the file and the key path: a silently ignored key is a rule silently not
applied. Every model here forbids extra keys.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from solver.applicant import DiplomaLevel

SourceTag = Literal["REG", "MIFI", "SEED", "3P", "INF"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Spec):
    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class Source(_Spec):
    """Where a rule comes from: a tag and a reference.

    The reference is one string when it reads the same in both languages (a citation such as
    ``I-0.2.1, r. 7, s. 5``, or the title of a French page), or ``{en, fr}`` when it says
    something in words (``{en: "Seed summary: ...", fr: "Résumé initial : ..."}``): both
    languages are then required. Answers show it in the language they are given in.
    """

    tag: SourceTag
    reference: Annotated[str, Field(min_length=3)] | Text = Field(
        alias="ref", description="A language-neutral citation, or {en, fr} when the reference is worded"
    )
    _en: str = PrivateAttr(default="")
    _fr: str = PrivateAttr(default="")

    @field_validator("reference", mode="before")
    @classmethod
    def _both_languages(cls, value: Any) -> Any:
        if isinstance(value, dict):
            missing = [k for k in ("en", "fr") if not (isinstance(value.get(k), str) and value.get(k).strip())]
            extra = sorted(str(k) for k in value if k not in ("en", "fr"))
            if missing or extra:
                problems = [f"missing or empty: {', '.join(missing)}"] if missing else []
                problems += [f"unknown key(s): {', '.join(extra)}"] if extra else []
                raise ValueError(
                    "a reference given per language needs exactly 'en' and 'fr', both non-empty "
                    f"({'; '.join(problems)})"
                )
        return value

    def model_post_init(self, context: Any, /) -> None:
        # The rendered texts are computed once: answers read them for every criterion.
        ref = self.reference
        en, fr = (ref, ref) if isinstance(ref, str) else (ref.en, ref.fr)
        self._en = f"[{self.tag}] {en}"
        self._fr = f"[{self.tag}] {fr}"

    @property
    def ref(self) -> str:
        """The reference in English (the same string as before references were bilingual)."""
        ref = self.reference
        return ref if isinstance(ref, str) else ref.en

    def ref_in(self, lang: str) -> str:
        """The reference alone, in ``lang`` (``en`` or ``fr``)."""
        ref = self.reference
        return ref if isinstance(ref, str) else ref.get(lang)

    def text(self, lang: str) -> str:
        """``[TAG] reference`` in ``lang``: what answers show, e.g. ``[REG] I-0.2.1, r. 9, s. 3``."""
        return self._fr if lang == "fr" else self._en

    def __str__(self) -> str:
        return self._en


class WindowSpec(_Spec):
    start: date
    end: date | None = Field(
        default=None, description="Last day on which applications are received (inclusive); null: no announced end"
    )
    caps: dict[str, int] = Field(default_factory=dict, description="Intake cap by scope")
    source: Source
    note: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> WindowSpec:
        if self.end is not None and self.end < self.start:
            raise ValueError("window end is before its start")
        return self


class EarlyClosure(_Spec):
    """An intake that closed before its window ended because its cap was reached."""

    scope: str
    closed_on: date
    source: Source


class EditionSpec(_Spec):
    id: str
    in_force: date
    noc_version: Literal[2016, 2021]
    source: Source
    windows: list[WindowSpec]
    early_closures: list[EarlyClosure] = Field(default_factory=list)
    change_note: Text | None = None


class CapSpec(_Spec):
    per_year: int = Field(gt=0)
    source: Source
    note: Text | None = None


class EpisodeFilterSpec(_Spec):
    """Which job episodes count. Every condition given must hold; ``None`` means any."""

    label: Text
    occupations: list[str] | None = Field(default=None, description="NOC 2021 codes")
    teer: list[int] | None = Field(default=None, description="TEER categories (NOC 2021)")
    skill_levels: list[Literal["0", "A", "B", "C", "D"]] | None = Field(
        default=None, description="NOC 2016 skill levels"
    )
    naics_prefixes: list[str] | None = None
    sector_tags: list[str] | None = None
    in_quebec: bool | None = None
    basic_personal_care: bool | None = None
    roles: dict[str, list[str]] = Field(
        default_factory=dict, description="Occupations that count only in the given roles"
    )
    full_time: bool = True
    paid: bool = True
    authorized: bool = True


class ReadingSpec(_Spec):
    """Rule-file values of a criterion that depend on a named assumption (a contested reading).

    The values for the assumption's setting are overlaid on the criterion's own keys when the
    rule book is built, exactly as a reform's ``set`` is: one mechanism for both.
    """

    assumption: str = Field(pattern=r"^[a-z0-9_]+$")
    when_true: dict[str, Any] = Field(default_factory=dict)
    when_false: dict[str, Any] = Field(default_factory=dict)


class _CriterionBase(_Spec):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    en: str
    fr: str
    source: Source
    editions: list[str] | None = Field(default=None, description="Editions the criterion belongs to")
    enabled: bool = Field(default=True, description="False: the route does not apply this criterion")
    readings: list[ReadingSpec] = Field(default_factory=list, description="Values that depend on an assumption")
    checked_on: Literal["application_date", "reference_date"] = Field(
        default="application_date",
        description="The date the criterion is assessed on: the application date, or the program's reference "
        "date (a past fact no plan can change; a route's top-level criteria only)",
    )


class MinAgeSpec(_CriterionBase):
    kind: Literal["min_age"]
    years: int = Field(ge=0, le=100)


class NotApplicableSpec(_Spec):
    field: Literal["status_in_quebec"]
    values: list[str] = Field(min_length=1)


class FactSpec(_CriterionBase):
    """A yes/no or categorical fact of the profile (declaration, status, opinion, control)."""

    kind: Literal["fact"]
    field: Literal[
        "status_in_quebec",
        "intends_to_settle_in_quebec",
        "controls_employer",
        "respected_conditions_of_stay",
        "self_sufficiency_undertaking",
        "commits_to_learn_french",
        "expert_committee_opinion",
        "exceptional_talent.partner_opinion",
        "exceptional_talent.exceptional_achievement",
    ]
    accepted: list[Any] = Field(min_length=1)
    lever: str | None = Field(default=None, description="The lever that can change it; null: a past fact")
    assume_if_unknown: bool = Field(
        default=False, description="Plan as met when unknown (a past fact only the applicant can confirm)"
    )
    not_applicable_when: NotApplicableSpec | None = Field(
        default=None, description="Met as not applicable when another fact of the profile has one of these values"
    )


class OralFrenchSpec(_CriterionBase):
    kind: Literal["oral_french"]
    min_level: int = Field(ge=1, le=12)
    max_age_months: int = Field(gt=0)


FrenchSkill = Literal["oral_comprehension", "oral_production", "written_comprehension", "written_production"]
Level = Annotated[int, Field(ge=1, le=12)]


class TeerLevelsSpec(_Spec):
    """French levels that apply when the principal occupation's TEER is in ``teer``."""

    teer: list[int] = Field(min_length=1)
    levels: dict[FrenchSkill, Level] = Field(min_length=1)


class FrenchSkillsSpec(_CriterionBase):
    """French in up to four skills, for the applicant or the accompanying spouse (CONTRACT.md v3)."""

    kind: Literal["french_skills"]
    person: Literal["applicant", "spouse"] = "applicant"
    levels: dict[FrenchSkill, Level] = Field(min_length=1, description="Minimum level per skill")
    levels_by_teer: list[TeerLevelsSpec] | None = Field(
        default=None, description="Levels by the principal occupation's TEER (the first entry that matches)"
    )
    max_age_months: int = Field(gt=0, description="Results are valid while this many months old or less")


class OccupationSpec(_CriterionBase):
    """The principal occupation (NOC 2021): its TEER and whether it is regulated in Québec."""

    kind: Literal["occupation"]
    teer: list[int] | None = None
    regulation: Literal["any", "not_fully_regulated", "regulated"] = "any"


class AuthorizationSpec(_CriterionBase):
    """An authorisation to practise, or a recognition of equivalence, for the principal occupation."""

    kind: Literal["authorization"]
    kinds: list[Literal["authorization", "full_recognition", "partial_recognition"]] = Field(min_length=1)
    recognition_max_age_months: int | None = Field(default=None, gt=0, description="A recognition's maximum age")


class DiplomaLeverSpec(_Spec):
    """The diploma a plan would add: its level, field, program and length of study."""

    level: DiplomaLevel
    months: int = Field(gt=0)
    field: str | None = None
    program_code: str | None = None
    in_quebec: bool = True
    requires: DiplomaLevel | None = Field(
        default=None, description="Level the applicant must already hold to enter the program"
    )


class DiplomaSpec(_CriterionBase):
    kind: Literal["diploma"]
    min_level: DiplomaLevel | None = None
    levels: list[DiplomaLevel] | None = None
    fields: list[str] | None = None
    program_codes: list[str] | None = None
    in_quebec: bool | None = None
    min_full_time_months: int | None = None
    min_hours: int | None = Field(default=None, gt=0, description="The program's length in hours, at least")
    within_months: int | None = Field(default=None, description="Obtained in the N months before")
    obtained_by: date | None = Field(
        default=None, description="Obtained on or before this date, whatever the date assessed (e.g. a reference date)"
    )
    min_share_in_quebec: float | None = Field(default=None, ge=0, le=1)
    programs_in_field: list[str] | None = Field(
        default=None, description="Program codes that settle the field condition by themselves"
    )
    programs_meeting_length: list[str] | None = Field(
        default=None, description="Program codes deemed to meet min_full_time_months whatever length is recorded"
    )
    lever: DiplomaLeverSpec | None = None


class ExperienceSpec(_CriterionBase):
    kind: Literal["experience"]
    months: int = Field(gt=0)
    window_months: int = Field(gt=0)
    any_of: list[EpisodeFilterSpec] = Field(min_length=1, description="An episode counts if any filter")
    after_criterion: str | None = Field(
        default=None, description="Count only days after the diploma that meets this criterion"
    )
    principal_occupation: bool = Field(default=False, description="Count only the principal occupation")
    internship_cap_months: int | None = Field(
        default=None, gt=0, description="Compulsory internships (paid or not) count for at most this many months"
    )


class SalaryFloorSpec(_Spec):
    in_cmm: int = Field(gt=0)
    outside_cmm: int = Field(gt=0)


class CurrentJobSpec(_CriterionBase):
    kind: Literal["current_job"]
    filter: EpisodeFilterSpec
    offer_allowed: bool = False
    salary_floor: SalaryFloorSpec | None = None
    reference_wage: bool = Field(default=False, description="Salary at least the published top wage")
    example_noc: str | None = Field(default=None, description="NOC of the job a plan proposes")
    example_naics: str | None = None


class AnyOfSpec(_CriterionBase):
    kind: Literal["any_of"]
    children: list[CriterionSpec] = Field(min_length=2)


CriterionSpec = Annotated[
    MinAgeSpec
    | FactSpec
    | OralFrenchSpec
    | FrenchSkillsSpec
    | OccupationSpec
    | AuthorizationSpec
    | DiplomaSpec
    | ExperienceSpec
    | CurrentJobSpec
    | AnyOfSpec,
    Field(discriminator="kind"),
]
AnyOfSpec.model_rebuild()


class RouteSpec(_Spec):
    id: str
    stream: str | None = None
    profile: str | None = None
    name: Text
    intake_scopes: list[str] = Field(default_factory=list)
    assumptions: list[Text] = Field(default_factory=list)
    principal_occupation: bool = Field(
        default=False, description="Criteria read the principal occupation (declared, or tried from the work history)"
    )
    ranking_stream: int | None = Field(default=None, ge=1, le=4, description="PSTQ stream ranked on the Arrima grid")
    criteria: list[CriterionSpec] = Field(min_length=1)


class ProgramFile(_Spec):
    """One program: its editions, windows, caps and the criteria of each route."""

    program: str
    family: Literal["pilots", "pstq", "peq"] = "pilots"
    name: Text
    regulation: str
    end_date: date | None = Field(default=None, description="The program's last day + 1; null: no announced end")
    end_source: Source
    selection_cap: CapSpec | None = None
    reference_date: date | None = Field(
        default=None, description="Date on which the conditions tied to it are checked (PEQ reopening: 2025-11-19)"
    )
    editions: list[EditionSpec] = Field(min_length=1)
    cap_names: dict[str, Text] = Field(
        default_factory=dict,
        description="What the cap of each intake scope is called in answers, in words (scope id -> {en, fr})",
    )
    shared: dict[str, CriterionSpec] = Field(default_factory=dict)
    routes: list[RouteSpec] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _resolve_shared(cls, data: Any) -> Any:
        return resolve_shared(data)

    @model_validator(mode="after")
    def _every_cap_is_named(self) -> ProgramFile:
        # An intake note names each cap in words, never by its scope id.
        scopes = {k for e in self.editions for w in e.windows for k in w.caps}
        scopes |= {c.scope for e in self.editions for c in e.early_closures}
        unnamed = sorted(scopes - set(self.cap_names))
        if unnamed:
            raise ValueError(f"cap_names: no name for the intake scope(s) {unnamed}")
        return self


def resolve_shared(data: Any) -> Any:
    """A copy of raw program data where ``{use: name}`` entries of a route's criteria are replaced
    by (copies of) the shared criterion ``name``, so that an overlay can change one route's copy."""
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)  # never edit the caller's rule data
    shared = data.get("shared") or {}
    for r_index, route in enumerate(data.get("routes") or []):
        if not isinstance(route, dict):
            continue
        resolved = []
        for c_index, item in enumerate(route.get("criteria") or []):
            if isinstance(item, dict) and set(item) == {"use"}:
                name = item["use"]
                if name not in shared:
                    raise ValueError(f"routes.{r_index}.criteria.{c_index}: 'use: {name}' names no shared criterion")
                resolved.append(copy.deepcopy(shared[name]))
            else:
                resolved.append(item)
        route["criteria"] = resolved
    return data


class AssumptionReading(_Spec):
    if_true: Text
    if_false: Text


class AssumptionSpec(_Spec):
    """A named, switchable reading of the rules with its default (CONTRACT.md v2)."""

    name: str = Field(pattern=r"^[a-z0-9_]+$")
    default: bool
    description: Text
    reading: AssumptionReading
    source: Source


class NocEntry(_Spec):
    noc2021: list[str]
    title: Text


class Catalog(_Spec):
    """``catalog.yaml``: the rules version, the program files and the NOC 2016 -> 2021 map."""

    rules_version: str
    programs: list[str] = Field(min_length=1)
    noc_2016_to_2021: dict[str, NocEntry]
    noc_2021_titles: dict[str, Text] = Field(default_factory=dict)
    assumptions: list[AssumptionSpec] = Field(default_factory=list)
