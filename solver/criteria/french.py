"""Oral French at a minimum level of the Échelle québécoise, assessed recently enough."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from solver.criteria.base import Criterion, EvalContext, Finding, tri_and
from solver.dates import ONE_DAY, add_months
from solver.rules.schema import OralFrenchSpec

if TYPE_CHECKING:
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import LeverOption, PlanningContext

SKILLS = ("oral_comprehension", "oral_production")


#: The explanation's phrases, per language.
_EXPLAIN: dict[str, dict[str, str]] = {
    "en": {
        "levels": "Oral comprehension {comp}, oral production {prod}; level {need} required in both",
        "undated": "; assessment date unknown.",
        "fresh": "; assessed on {assessed}, valid until {expires}.",
        "later": "; the assessment of {assessed} is after the application date.",
        "expired": "; the assessment of {assessed} expired on {expires} (results must be under {years} years old).",
    },
    "fr": {
        "levels": "Compréhension orale {comp}, production orale {prod}; niveau {need} requis dans les deux",
        "undated": "; date d'évaluation inconnue.",
        "fresh": "; évalué le {assessed}, valide jusqu'au {expires}.",
        "later": "; l'évaluation du {assessed} est postérieure à la date de la demande.",
        "expired": (
            "; l'évaluation du {assessed} a expiré le {expires} (les résultats doivent dater de moins de {years} ans)."
        ),
    },
}


class OralFrench(Criterion):
    """Both oral comprehension and oral production at ``min_level`` or higher, from an assessment
    dated less than ``max_age_months`` months before the application (valid while
    ``assessed_on > application date - max_age_months``)."""

    kind = "oral_french"
    explain_uses_wording = False
    levers = frozenset({"french.oral_comprehension", "french.oral_production", "french.retest"})
    time_dependent = True

    def __init__(self, spec: OralFrenchSpec) -> None:
        super().__init__(spec)
        self.min_level = spec.min_level
        self.max_age_months = spec.max_age_months

    def assess(self, ctx: EvalContext) -> Finding:
        french = ctx.applicant.french
        levels = {s: getattr(french, s) if french else None for s in SKILLS}
        assessed = french.assessed_on if french else None
        level_ok = [None if v is None else v >= self.min_level for v in levels.values()]
        fresh = None if assessed is None else add_months(ctx.on, -self.max_age_months) < assessed <= ctx.on
        ok = tri_and([*level_ok, fresh])
        verdict = "unknown" if ok is None else ("met" if ok else "not_met")
        expires = add_months(assessed, self.max_age_months) if assessed else None
        return Finding(verdict, {**levels, "assessed_on": assessed, "fresh": fresh, "expires": expires})

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """Days in ``(ctx.on, last]`` on which the verdict may change, the profile held fixed: the
        assessment day, and the day its results expire (or the next, after a clamped month end)."""
        french = ctx.applicant.french
        assessed = french.assessed_on if french else None
        if assessed is None:
            return set()
        expiry = add_months(assessed, self.max_age_months)
        return {d for d in (assessed, expiry, expiry + ONE_DAY) if ctx.on < d <= last}

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        # One language's sentence is formatted (this runs for every answer); the logic is shared.
        d = finding.data
        words = _EXPLAIN[lang]
        assessed = d["assessed_on"]
        text = words["levels"].format(
            comp=d["oral_comprehension"] or "?", prod=d["oral_production"] or "?", need=self.min_level
        )
        if assessed is None:
            return text + words["undated"]
        if d["fresh"]:
            return text + words["fresh"].format(assessed=assessed, expires=d["expires"])
        if assessed > ctx.on:
            return text + words["later"].format(assessed=assessed)
        return text + words["expired"].format(assessed=assessed, expires=d["expires"], years=self.max_age_months // 12)

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        french = ctx.applicant.french
        options = [planning.french_retest_option(french)]
        for skill in SKILLS:
            level = getattr(french, skill) if french else None
            if level is None or level < self.min_level:
                options.append(planning.french_level_option(skill, level, self.min_level))
        return options

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: both levels at ``min_level`` or more, assessed after the
        application date less ``max_age_months`` and not after the application date."""
        from solver.criteria.columns.tri import all_of, from_mask

        frame = cols.frame
        since = add_months(cols.on, -self.max_age_months).toordinal()
        assessed = frame.french_assessed
        levels = [
            from_mask(level >= self.min_level, level > 0) for level in (frame.oral_comprehension, frame.oral_production)
        ]
        fresh = from_mask((assessed > since) & (assessed <= cols.on_ordinal), assessed > 0)
        return all_of([*levels, fresh], frame.size)
