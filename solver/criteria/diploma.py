"""A diploma of a given level, field, program, place, length and recency."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from solver.applicant import DIPLOMA_RANK, Diploma
from solver.criteria.base import Criterion, EvalContext, Finding, tri_and, tri_or
from solver.dates import add_months
from solver.rules.schema import DiplomaSpec
from solver.text import against_requirement, pick

if TYPE_CHECKING:
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

    def diploma_ok(self, diploma: Diploma, on: date) -> bool | None:
        """Whether one diploma meets every condition on date ``on``."""
        spec = self.spec
        checks: list[bool | None] = []
        if self.min_rank is not None:
            checks.append(DIPLOMA_RANK[diploma.level] >= self.min_rank)
        if self.levels is not None:
            checks.append(diploma.level in self.levels)
        if self.fields is not None:
            checks.append(None if diploma.field is None else diploma.field in self.fields)
        if self.programs is not None:
            checks.append(None if diploma.program_code is None else diploma.program_code in self.programs)
        if spec.in_quebec is not None:
            checks.append(None if diploma.in_quebec is None else diploma.in_quebec == spec.in_quebec)
        if spec.min_full_time_months is not None:
            months = diploma.full_time_months
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
            bits.append(pick(lang, f"field {d.field}", f"domaine {d.field}"))
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
