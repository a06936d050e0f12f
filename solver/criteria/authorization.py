"""An authorisation to practise, or a recognition of equivalence, for the principal occupation (PSTQ stream 3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from solver.criteria.base import Criterion, EvalContext, Finding
from solver.dates import ONE_DAY, add_months
from solver.rules.schema import AuthorizationSpec

if TYPE_CHECKING:
    from solver.applicant import Authorization
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import LeverOption, PlanningContext

KIND_WORDS = {
    "authorization": ("an authorisation to practise", "une autorisation d'exercer"),
    "full_recognition": ("a full recognition of equivalence", "une reconnaissance complète d'équivalence"),
    "partial_recognition": ("a partial recognition of equivalence", "une reconnaissance partielle d'équivalence"),
}


class AuthorizationHeld(Criterion):
    """Some authorisation of one of ``kinds`` for the principal occupation, obtained on or before the
    application date; a recognition at most ``recognition_max_age_months`` old. Required at filing
    (I-0.2.1, r. 5, s. 5 gives 12 months after the invitation to obtain it)."""

    kind = "authorization"
    explain_uses_wording = True
    reads_principal = True
    levers = frozenset({"authorization_to_practise"})
    time_dependent = True

    def __init__(self, spec: AuthorizationSpec) -> None:
        super().__init__(spec)
        self.kinds = frozenset(spec.kinds)

    def holds(self, item: Authorization, code: str | None, on: date) -> bool | None:
        """Whether one authorisation counts on ``on`` for the principal occupation ``code``."""
        if item.kind not in self.kinds:
            return False
        if code is not None and item.noc != code:
            return False
        obtained = item.obtained_on
        if obtained is not None and obtained > on:
            return False
        limit = self.spec.recognition_max_age_months
        if item.kind != "authorization" and limit is not None:
            if obtained is None:
                return None
            if obtained < add_months(on, -limit):
                return False
        return None if code is None else True

    def assess(self, ctx: EvalContext) -> Finding:
        found = [self.holds(a, ctx.principal, ctx.on) for a in ctx.applicant.authorizations]
        if True in found:
            verdict = "met"
        elif None in found:
            verdict = "unknown"
        else:
            verdict = "not_met"
        best = next((a for a, ok in zip(ctx.applicant.authorizations, found, strict=True) if ok), None)
        return Finding(verdict, {"count": len(found), "best": best})

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: ``holds`` of every authorisation row, column-wise (any
        failed test settles False; an undated recognition or an unknown principal occupation
        leaves it unknown), then the best of each profile's (``FALSE`` without any)."""
        import numpy as np

        from solver.criteria.columns.frame import AUTHORIZATION_KINDS
        from solver.criteria.columns.tri import FALSE, TRUE, UNKNOWN, group_max

        frame = cols.frame
        owner, obtained = frame.authorization_owner, frame.authorization_obtained
        principal = frame.principal[owner]
        kind_ok = np.array([k in self.kinds for k in AUTHORIZATION_KINDS], dtype=bool)[frame.authorization_kind]
        dated = obtained > 0
        holds = np.full(owner.size, TRUE, dtype=np.int8)
        holds[principal < 0] = UNKNOWN
        limit = self.spec.recognition_max_age_months
        if limit is not None:
            recognition = frame.authorization_kind != AUTHORIZATION_KINDS.index("authorization")
            holds[recognition & ~dated] = UNKNOWN
            oldest = add_months(cols.on, -limit).toordinal()
            holds[recognition & dated & (obtained < oldest)] = FALSE
        holds[dated & (obtained > cols.on_ordinal)] = FALSE
        holds[(principal >= 0) & (frame.authorization_noc != principal)] = FALSE
        holds[~kind_ok] = FALSE
        return group_max(owner, holds, frame.size, FALSE)  # type: ignore[return-value]

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        days: set[date] = set()
        limit = self.spec.recognition_max_age_months
        for item in ctx.applicant.authorizations:
            if item.obtained_on is None:
                continue
            days.add(item.obtained_on)
            if limit is not None and item.kind != "authorization":
                leaves = add_months(item.obtained_on, limit)
                days.update((leaves, leaves + ONE_DAY, leaves + 2 * ONE_DAY))
        return {d for d in days if ctx.on < d <= last}

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        fr = lang == "fr"
        requirement = self.description(lang).rstrip(".")
        best = finding.data["best"]
        if best is not None:
            what = KIND_WORDS[best.kind][1 if fr else 0]
            when = best.obtained_on or "?"
            if fr:
                return f"Vous détenez {what} (CNP {best.noc}, obtenue le {when}); requis : {requirement}."
            return f"You hold {what} (NOC {best.noc}, obtained on {when}); required: {requirement}."
        if finding.data["count"] == 0:
            if fr:
                return f"Aucune autorisation ni reconnaissance déclarée. Requis : {requirement}."
            return f"No authorisation or recognition declared. Required: {requirement}."
        if fr:
            return (
                "Aucune autorisation ou reconnaissance déclarée ne vaut pour la profession principale. "
                f"Requis : {requirement}."
            )
        return f"No declared authorisation or recognition counts for the principal occupation. Required: {requirement}."

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        if ctx.principal is None:
            return []
        kind = "authorization" if "authorization" in self.kinds else sorted(self.kinds)[0]
        return [
            planning.simple_option(
                "authorization_to_practise",
                {"kind": kind, "noc": ctx.principal},
                None,
                (
                    f"Obtain {KIND_WORDS[kind][0]} in Québec for NOC {ctx.principal} from its regulator.",
                    f"Obtenir {KIND_WORDS[kind][1]} au Québec pour la CNP {ctx.principal} auprès de son ordre.",
                ),
            )
        ]
