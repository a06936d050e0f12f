"""A choice between criteria: met as soon as one applicable child is met."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver.criteria.base import Criterion, EvalContext, Finding, tri_or
from solver.rules.schema import AnyOfSpec

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import IntVar

    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import GapModel, LeverOption, PlanningContext

_HEAD_EN = {
    "met": "One option is met: ",
    "not_met": "No option is met: ",
    "unknown": "No option is surely met: ",
}
_HEAD_FR = {
    "met": "Une option est respectée : ",
    "not_met": "Aucune option n'est respectée : ",
    "unknown": "Aucune option n'est sûrement respectée : ",
}


class AnyOf(Criterion):
    """Met if any child that applies in the edition is met; not met if all are not met."""

    kind = "any_of"

    def __init__(self, spec: AnyOfSpec, kids: list[Criterion]) -> None:
        super().__init__(spec)
        self.kids = kids
        self._applicable: dict[str, list[Criterion]] = {}
        self.time_dependent = any(k.time_dependent for k in kids)
        self.levers = frozenset().union(*(k.levers for k in kids))
        self.reads_principal = any(kid.reads_principal for kid in kids)

    def children(self) -> list[Criterion]:
        return self.kids

    def applicable(self, edition: str) -> list[Criterion]:
        """The children that apply in ``edition`` (worked out once per edition)."""
        found = self._applicable.get(edition)
        if found is None:
            found = self._applicable[edition] = [k for k in self.kids if k.applies_in(edition)]
        return found

    def assess(self, ctx: EvalContext) -> Finding:
        findings = {k.id: k.assess(ctx) for k in self.applicable(ctx.edition)}
        ok = tri_or([None if f.verdict == "unknown" else f.verdict == "met" for f in findings.values()])
        verdict = "unknown" if ok is None else ("met" if ok else "not_met")
        return Finding(verdict, {"children": findings})

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        children = finding.data["children"]
        parts = [kid.explain(children[kid.id], ctx, lang) for kid in self.applicable(ctx.edition)]
        head = (_HEAD_FR if lang == "fr" else _HEAD_EN)[finding.verdict]
        return head + " | ".join(parts)

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        return [o for k in self.applicable(ctx.edition) for o in k.lever_options(ctx, planning)]

    def compile(self, model: GapModel, neutral: bool) -> IntVar:
        """At least one child holds; a child absent from a month's edition counts as not met there."""
        return model.add_any(self, [kid.compile(model, neutral=False) for kid in self.kids])

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: three-valued OR of the children of the edition."""
        from solver.criteria.columns.tri import any_of

        return any_of([kid.to_columns(cols) for kid in self.applicable(cols.edition)], cols.frame.size)
