"""A diploma of a given level, field, program, place, length and recency."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from solver.applicant import DIPLOMA_RANK, Diploma
from solver.criteria.base import Criterion, EvalContext, Finding, tri_and, tri_or
from solver.dates import ONE_DAY, add_months
from solver.rules.schema import DiplomaSpec
from solver.text import against_requirement, pick, tag_text

if TYPE_CHECKING:
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import LeverOption, PlanningContext

LEVEL_NAMES = {
    "secondary": ("secondary (DES)", "secondaire (DES)"),
    "vocational": ("vocational (DEP)", "professionnel (DEP)"),
    "college": ("college (DEC)", "collégial (DEC)"),
    "college_technical": ("technical college (DEC)", "DEC technique"),
    "bachelor": ("bachelor's", "baccalauréat"),
    "graduate_diploma": ("graduate diploma (DESS)", "DESS"),
    "master": ("master's", "maîtrise"),
    "doctorate": ("doctorate", "doctorat"),
}


def level_name(level: str, lang: str) -> str:
    en, fr = LEVEL_NAMES[level]
    return pick(lang, en, fr)


class DiplomaCriterion(Criterion):
    """Some diploma meets every stated condition: level (a minimum rank or a list), field,
    program code, obtained in Québec, program length in full-time months, share of the
    program studied in Québec, and obtained in the ``within_months`` months before the
    application (from the same day N months earlier, included, to the application date)."""

    kind = "diploma"
    levers = frozenset({"diploma"})
    time_dependent = True  # a diploma obtained after the date does not count yet

    def __init__(self, spec: DiplomaSpec) -> None:
        super().__init__(spec)
        self.min_rank = DIPLOMA_RANK[spec.min_level] if spec.min_level else None
        self.levels = frozenset(spec.levels) if spec.levels else None
        self.fields = frozenset(spec.fields) if spec.fields else None
        self.programs = frozenset(spec.program_codes) if spec.program_codes else None
        self.programs_in_field = frozenset(spec.programs_in_field or ())
        self.programs_meeting_length = frozenset(spec.programs_meeting_length or ())

    def diploma_ok(self, diploma: Diploma, on: date) -> bool | None:
        """Whether one diploma meets every condition on date ``on``."""
        spec = self.spec
        checks: list[bool | None] = []
        if self.min_rank is not None:
            checks.append(DIPLOMA_RANK[diploma.level] >= self.min_rank)
        if self.levels is not None:
            checks.append(diploma.level in self.levels)
        if self.fields is not None:
            if diploma.program_code is not None and diploma.program_code in self.programs_in_field:
                checks.append(True)  # the program itself settles the field (e.g. DEP 5358, orderly)
            else:
                checks.append(None if diploma.field is None else diploma.field in self.fields)
        if self.programs is not None:
            checks.append(None if diploma.program_code is None else diploma.program_code in self.programs)
        if spec.in_quebec is not None:
            checks.append(None if diploma.in_quebec is None else diploma.in_quebec == spec.in_quebec)
        if spec.min_full_time_months is not None:
            months = diploma.full_time_months
            if diploma.program_code is not None and diploma.program_code in self.programs_meeting_length:
                checks.append(True)  # a reading of the rules: this program meets the length whatever is recorded
            else:
                checks.append(None if months is None else months >= spec.min_full_time_months)
        if spec.min_share_in_quebec is not None:
            share = diploma.share_studied_in_quebec
            checks.append(None if share is None else share >= spec.min_share_in_quebec)
        obtained = diploma.obtained_on
        if obtained is None:
            checks.append(None if spec.within_months is not None else True)
        else:
            checks.append(obtained <= on)
            if spec.within_months is not None:
                checks.append(obtained >= add_months(on, -spec.within_months))
        return tri_and(checks)

    def assess(self, ctx: EvalContext) -> Finding:
        results = [self.diploma_ok(d, ctx.on) for d in ctx.applicant.diplomas]
        ok = tri_or(results)
        verdict = "unknown" if ok is None else ("met" if ok else "not_met")
        best = None
        if ctx.applicant.diplomas:
            order = {True: 0, None: 1, False: 2}
            best = min(range(len(results)), key=lambda i: order[results[i]])
        return Finding(verdict, {"best": best})

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """Days in ``(ctx.on, last]`` on which the verdict may change, the profile held fixed: a
        diploma is obtained, or leaves the ``within_months`` window (that day or one of the next
        two, after a clamped month end)."""
        days: set[date] = set()
        for diploma in ctx.applicant.diplomas:
            obtained = diploma.obtained_on
            if obtained is None:
                continue
            days.add(obtained)
            if self.spec.within_months is not None:
                leaves = add_months(obtained, self.spec.within_months)
                days.update((leaves, leaves + ONE_DAY, leaves + 2 * ONE_DAY))
        return {d for d in days if ctx.on < d <= last}

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        requirement = self.description(lang).rstrip(".")
        best = finding.data["best"]
        if best is None:
            return pick(
                lang,
                f"No diploma declared. Required: {requirement}.",
                f"Aucun diplôme déclaré. Requis : {requirement}.",
            )
        d = ctx.applicant.diplomas[best]
        bits = [level_name(d.level, lang)]
        if d.program_code:
            bits.append(pick(lang, f"program {d.program_code}", f"programme {d.program_code}"))
        if d.field:
            field = tag_text(d.field, lang)
            bits.append(pick(lang, f"field {field}", f"domaine {field}"))
        if d.in_quebec is not None:
            bits.append(
                pick(
                    lang,
                    "in Québec" if d.in_quebec else "outside Québec",
                    "au Québec" if d.in_quebec else "hors Québec",
                )
            )
        if d.full_time_months is not None:
            bits.append(
                pick(lang, f"{d.full_time_months} months full-time", f"{d.full_time_months} mois à temps plein")
            )
        bits.append(pick(lang, f"obtained on {d.obtained_on or '?'}", f"obtenu le {d.obtained_on or '?'}"))
        if self.spec.within_months is not None:
            since = add_months(ctx.on, -self.spec.within_months)
            bits.append(pick(lang, f"window from {since} to {ctx.on}", f"période du {since} au {ctx.on}"))
        described = ", ".join(bits)
        against = against_requirement(finding.verdict, lang)
        return pick(
            lang,
            f"Best diploma: {described}; {against}: {requirement}.",
            f"Meilleur diplôme : {described}; {against} : {requirement}.",
        )

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        lever = self.spec.lever
        if lever is None:
            return []
        if lever.requires is not None:
            needed = DIPLOMA_RANK[lever.requires]
            held = [d for d in ctx.applicant.diplomas if d.obtained_on is None or d.obtained_on <= ctx.on]
            if not any(DIPLOMA_RANK[d.level] >= needed for d in held):
                return []  # the program's admission requires a diploma the applicant does not hold
        return [planning.diploma_option(lever, self.spec.min_share_in_quebec is not None)]

    def diploma_columns(self, cols: ColumnContext) -> Tri:
        """``diploma_ok`` of every diploma row of the frame on ``cols.on``.

        Every test but the dates is ``diploma_ok`` itself, asked once per distinct diploma dated
        on the application date (where both date tests hold); the date tests, obtained on or
        before the date and within ``within_months``, are then applied to the column of dates.
        """

        def compute() -> Tri:
            import numpy as np

            from solver.criteria.columns.tri import from_mask

            frame, on = cols.frame, cols.on
            vocab = frame.vocabulary
            others = vocab.per_signature(
                ("diploma", id(self), on),
                self,
                vocab.diplomas.items,
                lambda d: self.diploma_ok(d.model_copy(update={"obtained_on": on}), on),
            )[frame.diploma_signature]
            obtained = frame.diploma_obtained
            known = obtained > 0
            dated = obtained <= cols.on_ordinal
            if self.spec.within_months is None:
                dates = from_mask(dated | ~known)  # no date: nothing to check
            else:
                dated &= obtained >= add_months(on, -self.spec.within_months).toordinal()
                dates = from_mask(dated, known)
            return np.minimum(others, dates)

        return cols.cached(("diploma_columns", id(self)), compute)  # type: ignore[no-any-return]

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: some diploma meets every condition."""
        from solver.criteria.columns.tri import FALSE, group_max

        frame = cols.frame
        return group_max(frame.diploma_owner, self.diploma_columns(cols), frame.size, FALSE)  # type: ignore[return-value]
