"""Criterion kinds: one small class each, built from a rule-file entry."""

from __future__ import annotations

from solver.criteria.any_of import AnyOf
from solver.criteria.authorization import AuthorizationHeld
from solver.criteria.base import Criterion, EvalContext, Finding
from solver.criteria.diploma import DiplomaCriterion
from solver.criteria.experience import Experience
from solver.criteria.french import OralFrench
from solver.criteria.french_skills import FrenchSkills
from solver.criteria.job import CurrentJob
from solver.criteria.occupation import PrincipalOccupation
from solver.criteria.simple import Fact, MinAge
from solver.rules.schema import (
    AnyOfSpec,
    AuthorizationSpec,
    CriterionSpec,
    CurrentJobSpec,
    DiplomaSpec,
    ExperienceSpec,
    FactSpec,
    FrenchSkillsSpec,
    MinAgeSpec,
    OccupationSpec,
    OralFrenchSpec,
)

__all__ = [
    "AnyOf",
    "AuthorizationHeld",
    "Criterion",
    "CurrentJob",
    "DiplomaCriterion",
    "EvalContext",
    "Experience",
    "Fact",
    "Finding",
    "FrenchSkills",
    "MinAge",
    "OralFrench",
    "PrincipalOccupation",
    "build_criterion",
]


def build_criterion(spec: CriterionSpec) -> Criterion:
    """The criterion object for one rule-file entry."""
    if isinstance(spec, AnyOfSpec):
        return AnyOf(spec, [build_criterion(child) for child in spec.children])
    kinds: dict[type, type[Criterion]] = {
        MinAgeSpec: MinAge,
        FactSpec: Fact,
        OralFrenchSpec: OralFrench,
        DiplomaSpec: DiplomaCriterion,
        ExperienceSpec: Experience,
        CurrentJobSpec: CurrentJob,
        FrenchSkillsSpec: FrenchSkills,
        OccupationSpec: PrincipalOccupation,
        AuthorizationSpec: AuthorizationHeld,
    }
    return kinds[type(spec)](spec)  # type: ignore[call-arg]
