"""Months of full-time qualifying experience in a window before the application date."""

from __future__ import annotations

from datetime import date

from solver.criteria.base import Criterion, EvalContext, Finding, tri_or
from solver.criteria.episodes import EpisodeFilter
from solver.dates import ONE_DAY, add_months, days_meet_months, days_to_months, union_days
from solver.rules.schema import ExperienceSpec
from solver.text import months_text, pick


class Experience(Criterion):
    """At least ``months`` months of qualifying employment in the ``window_months`` months before
    the application date: the days of qualifying episodes inside ``[D - window, D)``, overlaps
    counted once, converted at 365.25 / 12 days a month. An episode with no end is still held
    on the application date. With ``after_criterion``, only days after the diploma that meets
    that criterion count. Episodes whose qualification is unknown give a lower and an upper
    bound: met if the lower bound suffices, not met if even the upper bound falls short."""

    kind = "experience"
    time_dependent = True

    def __init__(self, spec: ExperienceSpec) -> None:
        super().__init__(spec)
        self.months = spec.months
        self.window_months = spec.window_months
        self.filters = [EpisodeFilter.build(f) for f in spec.any_of]
        self.after_criterion = spec.after_criterion
        self.levers = frozenset({"job", "diploma"} if spec.after_criterion else {"job"})

    def _after(self, ctx: EvalContext) -> tuple[date | None, bool]:
        """The first day that counts after the reference diploma, and whether one exists."""
        if self.after_criterion is None:
            return None, True
        diploma_rule = ctx.siblings.get(self.after_criterion)
        if diploma_rule is None:
            raise LookupError(f"{self.id}: after_criterion {self.after_criterion!r} is not in the route")
        dates = [d.obtained_on for d in diploma_rule.qualifying(ctx) if d.obtained_on]  # type: ignore[attr-defined]
        if not dates:
            return None, False
        return min(dates) + ONE_DAY, True

    def assess(self, ctx: EvalContext) -> Finding:
        on = ctx.on
        window_start = add_months(on, -self.window_months)
        after, has_reference = self._after(ctx)
        begin = max(window_start, after) if after else window_start
        sure: list[tuple[date, date]] = []
        maybe: list[tuple[date, date]] = []
        if has_reference:
            for ep in ctx.applicant.work_history:
                start = max(ep.start, begin)
                end = on if ep.end is None else min(ep.end + ONE_DAY, on)
                if end <= start:
                    continue
                ok = tri_or([f.episode_ok(ctx.noc, ep) for f in self.filters])
                if ok is False:
                    continue
                (sure if ok else maybe).append((start, end))
        low = union_days(sure)
        high = union_days(sure + maybe) if maybe else low
        if days_meet_months(low, self.months):
            verdict = "met"
        elif not days_meet_months(high, self.months):
            verdict = "not_met"
        else:
            verdict = "unknown"
        return Finding(
            verdict, {"low": low, "high": high, "from": window_start, "after": after, "has_reference": has_reference}
        )

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        d = finding.data
        labels = pick(lang, " or ", " ou ").join(f.label(lang) for f in self.filters)
        got = months_text(days_to_months(d["low"]))
        text = pick(
            lang,
            f"{got} of the required {self.months} months of full-time experience {labels} "
            f"between {d['from']} and {ctx.on}",
            f"{got} des {self.months} mois requis d'expérience à temps plein {labels} "
            f"entre le {d['from']} et le {ctx.on}",
        )
        if self.after_criterion and not d["has_reference"]:
            text += pick(
                lang,
                " (no qualifying diploma: only work after it counts)",
                " (aucun diplôme admissible : seul le travail après son obtention compte)",
            )
        elif d["after"]:
            text += pick(lang, f", counting only from {d['after']}", f", à compter du {d['after']} seulement")
        if d["high"] > d["low"]:
            high = months_text(days_to_months(d["high"]))
            text += pick(
                lang,
                f"; up to {high} months if the episodes with missing details count",
                f"; jusqu'à {high} mois si les emplois aux détails manquants comptent",
            )
        return text + "."
