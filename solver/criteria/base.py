"""The life cycle every criterion kind shares: assess a profile on a date, explain the
finding in English or French, and tell the gap solver which levers can change it.

A criterion never reads the clock: the application date comes in the context, so the
same object answers "eligible on 2024-06-03?" and "from which month on?" for the solver.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from solver.applicant import Applicant
from solver.noc import NocIndex
from solver.rules.schema import Source

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import IntVar

    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import GapModel, LeverOption, PlanningContext

Verdict = Literal["met", "not_met", "unknown"]


def tri(value: bool | None) -> Verdict:
    """The verdict of a three-valued test."""
    if value is None:
        return "unknown"
    return "met" if value else "not_met"


def tri_and(values: list[bool | None]) -> bool | None:
    """Three-valued AND: False wins, then unknown (the values are only True, False or None)."""
    if False in values:
        return False
    return None if None in values else True


def tri_or(values: list[bool | None]) -> bool | None:
    """Three-valued OR: True wins, then unknown (the values are only True, False or None)."""
    if True in values:
        return True
    return None if None in values else False


@dataclass(slots=True)
class EvalContext:
    """Everything a criterion may look at: the profile, the date and the edition in force."""

    applicant: Applicant
    on: date
    edition: str
    noc: NocIndex
    reference_wages: dict[str, float] = field(default_factory=dict)
    siblings: dict[str, Criterion] = field(default_factory=dict)
    #: Per-call cache of episode tests, keyed by (filter id, episode id); see EpisodeFilter.
    memo: dict[tuple[int, int], bool | None] | None = None
    #: The principal occupation (NOC 2021) the route is assessed for (PSTQ); ``None``: unknown.
    principal: str | None = None
    #: Per-call cache of experience counts for one profile, keyed by the rule's logic and the
    #: days counted (rules of several routes count the same episodes); ``None``: no sharing.
    counts: dict[tuple[object, ...], tuple[int, int]] | None = None


@dataclass(slots=True)
class Finding:
    """A criterion's verdict and the observed values its explanation cites."""

    verdict: Verdict
    data: dict[str, Any] = field(default_factory=dict)
    #: (English, French) text, set when the verdict is unknown only for lack of data that the
    #: applicant or the deployment must supply; the gap solver then plans as if it were met.
    assumption: tuple[str, str] | None = None


class Criterion(ABC):
    """One condition of a route, built from its rule-file entry."""

    kind: ClassVar[str]
    #: Lever names (CONTRACT.md) whose use can change the verdict (a kind may set it per rule).
    levers: frozenset[str] = frozenset()
    #: Whether the verdict can change with the application date alone (likewise).
    time_dependent: bool = False
    #: The named assumptions this rule's values depend on, as (name, value in force, reading
    #: text); set by the rule book that built the criterion.
    assumed: tuple[tuple[str, bool, Any], ...] = ()
    #: Whether the verdict depends on the principal occupation (``EvalContext.principal``).
    reads_principal: bool = False
    #: Whether ``explain`` quotes the rule's own wording (its description or id): when it does
    #: not, criteria of equal ``logic_key`` explain a finding in the same words.
    explain_uses_wording: ClassVar[bool] = True

    def __init__(self, spec: Any) -> None:
        self.spec = spec
        self.id: str = spec.id
        self.editions: frozenset[str] | None = frozenset(spec.editions) if spec.editions else None
        self.source: Source = spec.source
        self.source_text = str(spec.source)
        #: What the verdict depends on (the rule without its wording): equal keys, equal verdicts.
        self.logic_key: str = json.dumps(
            [self.kind, spec.model_dump(mode="json", exclude={"id", "en", "fr", "source"})], sort_keys=True
        )

    def finding_key(self) -> str:
        """``logic_key`` without the editions the rule applies in: once a rule applies, which
        editions it applies in does not change its finding (the pilots' and the PSTQ's "intends
        to settle" are one test)."""
        if self.editions is None:
            return self.logic_key
        return json.dumps(
            [self.kind, self.spec.model_dump(mode="json", exclude={"id", "en", "fr", "source", "editions"})],
            sort_keys=True,
        )

    def reads_edition(self) -> bool:
        """Whether the finding depends on the edition asked: some part of the rule applies in
        some editions only (an ``any_of`` whose children are dated)."""
        return any(part.editions is not None or part.reads_edition() for part in self.children())

    def applies_in(self, edition: str) -> bool:
        return self.editions is None or edition in self.editions

    def description(self, lang: str) -> str:
        return self.spec.fr if lang == "fr" else self.spec.en

    def reading_note(self, lang: str) -> str:
        """The readings of the rules this verdict rests on, in words and with the switch that
        changes them (issue 12 fixes the form), e.g. "Assumed: a general DEC is not accepted
        (it_ve_general_dec = false)." ("" when it rests on none)."""
        if not self.assumed:
            return ""
        parts = [f"{text.get(lang).rstrip('.')} ({name} = {str(value).lower()})" for name, value, text in self.assumed]
        label = "Hypothèse retenue" if lang == "fr" else "Assumed"
        sep = " : " if lang == "fr" else ": "
        return f" {label}{sep}{'; '.join(parts)}."

    @abstractmethod
    def assess(self, ctx: EvalContext) -> Finding:
        """The verdict on ``ctx.on`` with the values the explanation needs."""

    @abstractmethod
    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        """A plain sentence stating the observed value and the requirement."""

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        """Concrete changes a plan could make to meet this criterion (none by default)."""
        return []

    def children(self) -> list[Criterion]:
        return []

    def compile(self, model: GapModel, neutral: bool) -> IntVar:
        """Add this criterion to the CP-SAT model; return the literal that enforces it.

        The default compiles the criterion as a table over (application month, options of
        the levers that affect it), each row computed by ``assess`` on the profile those
        options produce: the solver and the evaluator share one definition of the rule.
        ``neutral`` is the value the criterion takes in months whose edition lacks it.
        """
        return model.add_leaf(self, neutral)

    def __str__(self) -> str:
        return f"{self.id} ({self.kind}): {self.spec.en}"

    def to_columns(self, cols: ColumnContext) -> Tri:
        """The verdict of ``assess`` for every profile of ``cols.frame`` on ``cols.on``, as a
        three-valued column (``solver.criteria.columns.tri``): the rule compiled to array
        operations from the same attributes, the way ``compile`` makes it a CP-SAT constraint."""
        raise NotImplementedError(f"{type(self).__name__} has no columnar form")
