"""Criterion kinds: one small class each, built from a rule-file entry."""

from __future__ import annotations

from solver.criteria.any_of import AnyOf
from solver.criteria.base import Criterion, EvalContext, Finding
from solver.criteria.diploma import DiplomaCriterion
from solver.criteria.experience import Experience
from solver.criteria.french import OralFrench
from solver.criteria.job import CurrentJob
from solver.criteria.simple import Fact, MinAge
from solver.rules.schema import (
    AnyOfSpec,
    CriterionSpec,
    CurrentJobSpec,
    DiplomaSpec,
    ExperienceSpec,
    FactSpec,
    MinAgeSpec,
    OralFrenchSpec,
)

__all__ = [
    "AnyOf",
    "Criterion",
    "CurrentJob",
    "DiplomaCriterion",
    "EvalContext",
    "Experience",
    "Fact",
    "Finding",
    "MinAge",
    "OralFrench",
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
    }
    return kinds[type(spec)](spec)  # type: ignore[call-arg]
