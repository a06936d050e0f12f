"""Criteria checked on a program's reference date, and explanations that say which date was used.

The PEQ reopened in 2026 ties some conditions to the situation on a fixed past date, the
reference date 2025-11-19 (an eligible Québec diploma obtained by then; 24 months of Québec
work by then), and checks the others on the application date. A rule file marks the first
kind with ``checked_on: reference_date``; the rule book then wraps the criterion in
:class:`ReferenceDated`, which asks the inner criterion about the reference date instead of the
application date. The fact is in the past: no lever can change it, and it does not change with
the application date, so the gap solver sees a constant (met on every day, or on none) and a
route it blocks is proven ``unreachable``.

In a program that has a reference date, every other criterion says in its explanation that it
was checked on the application date (:func:`application_dated`): the same object with the same
rule, verdicts and levers, only the explanation is prefixed. Programs without a reference date
(the pilots, the PSTQ) are never wrapped, so their explanations are unchanged.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from solver.criteria.base import Criterion, EvalContext, Finding

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import IntVar

    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import GapModel, LeverOption, PlanningContext


@lru_cache(maxsize=1024)
def reference_prefix(on: date, lang: str) -> str:
    """``Checked on the reference date 2025-11-19: `` in ``lang``."""
    if lang == "fr":
        return f"Vérifié à la date de référence du {on} : "
    return f"Checked on the reference date {on}: "


@lru_cache(maxsize=1024)
def application_prefix(on: date, lang: str) -> str:
    """``Checked on the application date 2026-08-01: `` in ``lang``."""
    if lang == "fr":
        return f"Vérifié à la date de la demande du {on} : "
    return f"Checked on the application date {on}: "


def _past_fact(lang: str) -> str:
    if lang == "fr":
        return " C'est un fait passé, fixé à la date de référence, qu'aucun plan ne peut changer."
    return " This is a past fact, fixed on the reference date, that no plan can change."


class ReferenceDated(Criterion):
    """``inner`` assessed on ``reference_date`` rather than on the application date.

    It keeps the inner criterion's id, kind, rule wording and source; its logic key adds the
    reference date, so no cache mixes its verdict with the inner rule's on the application date.
    """

    time_dependent = False  # the reference date does not move with the application date
    levers: frozenset[str] = frozenset()  # a past fact: no plan can change it
    explain_uses_wording = True  # its explanation names its own date: written per criterion

    def __init__(self, inner: Criterion, reference_date: date) -> None:
        # Not Criterion.__init__: the rule is the inner criterion's, read from it.
        self.inner = inner
        self.reads_principal = inner.reads_principal
        self.reference_date = reference_date
        self.spec = inner.spec
        self.id = inner.id
        self.kind = inner.kind  # type: ignore[misc]
        self.editions = inner.editions
        self.source = inner.source
        self.source_text = inner.source_text
        self.logic_key = json.dumps(["checked_on", reference_date.isoformat(), inner.logic_key])

    def __getattr__(self, name: str) -> Any:
        # Anything else a caller reads of the rule (e.g. ``after_criterion``) is the inner rule's.
        if name == "inner":  # not set yet (during copying): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def on_reference_date(self, ctx: EvalContext) -> EvalContext:
        """A copy of ``ctx`` dated on the reference date (same profile, edition and rules)."""
        # built directly: ``dataclasses.replace`` reads the fields anew on every call
        return EvalContext(
            ctx.applicant,
            self.reference_date,
            ctx.edition,
            ctx.noc,
            ctx.reference_wages,
            ctx.siblings,
            ctx.memo,
            ctx.principal,
            ctx.counts,
        )

    def finding_key(self) -> str:
        return json.dumps(["checked_on", self.reference_date.isoformat(), self.inner.finding_key()])

    def reads_edition(self) -> bool:
        return self.inner.reads_edition()

    def assess(self, ctx: EvalContext) -> Finding:
        return self.inner.assess(self.on_reference_date(ctx))

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        text = reference_prefix(self.reference_date, lang)
        text += self.inner.explain(finding, self.on_reference_date(ctx), lang)
        if finding.verdict == "not_met":
            text += _past_fact(lang)
        return text

    def description(self, lang: str) -> str:
        return self.inner.description(lang)

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        return []

    def children(self) -> list[Criterion]:
        # One condition for the planner and the apply-by search: its parts are all read on the
        # reference date, so none of them moves on its own with the application date.
        return []

    def compile(self, model: GapModel, neutral: bool) -> IntVar:
        # A table over the months from this criterion's own (constant) verdicts, never the inner
        # kind's own model (which would read the application date).
        return model.add_leaf(self, neutral)

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        return set()

    def to_columns(self, cols: ColumnContext) -> Tri:
        # Columns on another date get their own cache: cached columns are keyed for one date.
        cache = cols.cache.setdefault(("reference_date", self.reference_date), {})
        return self.inner.to_columns(replace(cols, on=self.reference_date, cache=cache))


class _ApplicationDated:
    """Mixed into a criterion's own class: the explanation starts with the application date."""

    #: Its explanation names the date: never shared with the same rule of a program without one.
    explain_uses_wording = True

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        return application_prefix(ctx.on, lang) + super().explain(finding, ctx, lang)  # type: ignore[misc]


_DATED_CLASSES: dict[type, type] = {}


def application_dated(criterion: Criterion) -> Criterion:
    """A copy of ``criterion`` whose explanation says it was checked on the application date.

    The copy is of a subclass of the criterion's own class (so every kind-specific behaviour and
    every ``isinstance`` test holds); ``criterion`` itself, which other routes may share, is
    left as it is.
    """
    cls = type(criterion)
    dated = _DATED_CLASSES.get(cls)
    if dated is None:
        name = f"ApplicationDated{cls.__name__}"
        dated = _DATED_CLASSES[cls] = type(cls)(name, (_ApplicationDated, cls), {"__module__": __name__})
    copy = object.__new__(dated)
    copy.__dict__.update(criterion.__dict__)
    return copy
