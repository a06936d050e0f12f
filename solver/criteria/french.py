"""Oral French at a minimum level of the Échelle québécoise, assessed recently enough.

Results are valid when they are ``max_age_months`` months old or less on the application date
(quebec.ca: "two years or less from the date you apply"): results assessed on day A are valid on
every day D with ``A <= D <= add_months(A, max_age_months)``, their second anniversary included
for 24 months. The last valid day is :func:`results_valid_until`; every reading of the rule (the
verdict, the explanation, the days the verdict turns, the columnar form) goes through it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from solver.criteria.base import Criterion, EvalContext, Finding, tri_and
from solver.dates import ONE_DAY, add_months
from solver.rules.schema import OralFrenchSpec

if TYPE_CHECKING:
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import LeverOption, PlanningContext

SKILLS = ("oral_comprehension", "oral_production")


@lru_cache(maxsize=8192)
def results_valid_until(assessed_on: date, max_age_months: int) -> date:
    """The last day on which results assessed on ``assessed_on`` are still valid.

    The same day ``max_age_months`` later, clamped to the end of a shorter month.

    >>> results_valid_until(date(2022, 10, 1), 24)
    datetime.date(2024, 10, 1)
    >>> results_valid_until(date(2024, 2, 29), 24)
    datetime.date(2026, 2, 28)
    """
    return add_months(assessed_on, max_age_months)


def results_fresh(assessed_on: date | None, on: date, max_age_months: int) -> bool | None:
    """Whether results assessed on ``assessed_on`` are valid on ``on`` (None when the date is
    unknown); False when assessed after ``on``.

    >>> [results_fresh(date(2022, 10, 1), d, 24) for d in (date(2024, 10, 1), date(2024, 10, 2))]
    [True, False]
    """
    if assessed_on is None:
        return None
    return assessed_on <= on <= results_valid_until(assessed_on, max_age_months)


def results_valid_since(on: date, max_age_months: int) -> date:
    """The earliest assessment date whose results are still valid on ``on``.

    ``results_fresh(a, on, m)`` is exactly ``results_valid_since(on, m) <= a <= on``
    (``results_valid_until`` never decreases as ``a`` grows). Usually the same day
    ``max_age_months`` earlier; the day after it when that day was clamped to a shorter month
    whose results expire before ``on``.

    >>> results_valid_since(date(2024, 10, 1), 24)
    datetime.date(2022, 10, 1)
    >>> results_valid_since(date(2024, 2, 29), 24)  # results of 2022-02-28 expire on 2024-02-28
    datetime.date(2022, 3, 1)
    """
    since = add_months(on, -max_age_months)
    return since if results_valid_until(since, max_age_months) >= on else since + ONE_DAY


def assessment_change_days(assessed_on: date | None, max_age_months: int, first: date, last: date) -> set[date]:
    """The days in ``(first, last]`` on which results assessed on ``assessed_on`` start to count
    (the assessment day) or stop counting (the day after their last valid day)."""
    if assessed_on is None:
        return set()
    expired = results_valid_until(assessed_on, max_age_months) + ONE_DAY
    return {d for d in (assessed_on, expired) if first < d <= last}


def age_limit(max_age_months: int, lang: str) -> str:
    """The age limit of results in words: "2 years", "18 months" ("2 ans", "18 mois").

    >>> age_limit(24, "en"), age_limit(24, "fr"), age_limit(18, "en"), age_limit(12, "fr")
    ('2 years', '2 ans', '18 months', '1 an')
    """
    years, months = divmod(max_age_months, 12)
    if months:
        return f"{max_age_months} {'mois' if lang == 'fr' else ('month' if max_age_months == 1 else 'months')}"
    if lang == "fr":
        return f"{years} {'an' if years == 1 else 'ans'}"
    return f"{years} {'year' if years == 1 else 'years'}"


#: The explanation's phrases, per language.
_EXPLAIN: dict[str, dict[str, str]] = {
    "en": {
        "levels": "Oral comprehension {comp}, oral production {prod}; level {need} required in both",
        "undated": "; assessment date unknown.",
        "fresh": "; assessed on {assessed}, valid until {expires}.",
        "later": "; the assessment of {assessed} is after the application date.",
        "expired": (
            "; the assessment of {assessed} was valid until {expires} "
            "(results must be {limit} old or less on the application date)."
        ),
    },
    "fr": {
        "levels": "Compréhension orale {comp}, production orale {prod}; niveau {need} requis dans les deux",
        "undated": "; date d'évaluation inconnue.",
        "fresh": "; évalué le {assessed}, valide jusqu'au {expires}.",
        "later": "; l'évaluation du {assessed} est postérieure à la date de la demande.",
        "expired": (
            "; l'évaluation du {assessed} était valide jusqu'au {expires} "
            "(les résultats doivent dater de {limit} ou moins à la date de la demande)."
        ),
    },
}


class OralFrench(Criterion):
    """Both oral comprehension and oral production at ``min_level`` or higher, from an assessment
    ``max_age_months`` months old or less on the application date (valid from ``assessed_on``
    to ``results_valid_until(assessed_on, max_age_months)``, both included)."""

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
        # ``results_fresh``, with the last valid day kept for the explanation
        expires = results_valid_until(assessed, self.max_age_months) if assessed else None
        fresh = None if expires is None else assessed <= ctx.on <= expires  # type: ignore[operator]
        ok = tri_and([*level_ok, fresh])
        verdict = "unknown" if ok is None else ("met" if ok else "not_met")
        return Finding(verdict, {**levels, "assessed_on": assessed, "fresh": fresh, "expires": expires})

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """Days in ``(ctx.on, last]`` on which the verdict may change, the profile held fixed: the
        assessment day, and the first day its results are no longer valid (the day after the
        last valid day)."""
        french = ctx.applicant.french
        return assessment_change_days(french.assessed_on if french else None, self.max_age_months, ctx.on, last)

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
        limit = age_limit(self.max_age_months, lang)
        return text + words["expired"].format(assessed=assessed, expires=d["expires"], limit=limit)

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        french = ctx.applicant.french
        options = [planning.french_retest_option(french)]
        for skill in SKILLS:
            level = getattr(french, skill) if french else None
            if level is None or level < self.min_level:
                options.append(planning.french_level_option(skill, level, self.min_level))
        return options

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: both levels at ``min_level`` or more, assessed on or after
        ``results_valid_since`` the application date and not after it (the same test as
        ``results_fresh``, on day ordinals)."""
        from solver.criteria.columns.tri import all_of, from_mask

        frame = cols.frame
        since = results_valid_since(cols.on, self.max_age_months).toordinal()
        assessed = frame.french_assessed
        levels = [
            from_mask(level >= self.min_level, level > 0) for level in (frame.oral_comprehension, frame.oral_production)
        ]
        fresh = from_mask((assessed >= since) & (assessed <= cols.on_ordinal), assessed > 0)
        return all_of([*levels, fresh], frame.size)
