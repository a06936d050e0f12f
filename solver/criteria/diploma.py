"""A diploma of a given level, field, program, place, length and recency."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from solver.applicant import DIPLOMA_RANK, Diploma
from solver.criteria.base import Criterion, EvalContext, Finding, tri_or
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
    "university_certificate": ("university certificate", "certificat universitaire"),
    "medical_specialty": ("medical specialty", "spécialité médicale"),
}

#: How good a three-valued result is, best first: the explanation cites the best diploma.
_ORDER = {True: 0, None: 1, False: 2}


def level_name(level: str, lang: str) -> str:
    en, fr = LEVEL_NAMES[level]
    return pick(lang, en, fr)


@lru_cache(maxsize=4096, typed=True)
def _described(
    level: str,
    program_code: str | None,
    field: str | None,
    in_quebec: bool | None,
    full_time_months: int | None,
    obtained_on: date | None,
    lang: str,
) -> str:
    """A diploma in words, as explanations describe it (written once per diploma and language)."""
    fr = lang == "fr"
    bits = [level_name(level, lang)]
    if program_code:
        bits.append(f"programme {program_code}" if fr else f"program {program_code}")
    if field:
        words = tag_text(field, lang)
        bits.append(f"domaine {words}" if fr else f"field {words}")
    if in_quebec is not None:
        if fr:
            bits.append("au Québec" if in_quebec else "hors Québec")
        else:
            bits.append("in Québec" if in_quebec else "outside Québec")
    if full_time_months is not None:
        bits.append(f"{full_time_months} mois à temps plein" if fr else f"{full_time_months} months full-time")
    obtained = obtained_on or "?"
    bits.append(f"obtenu le {obtained}" if fr else f"obtained on {obtained}")
    return ", ".join(bits)


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
        #: The rule in words without its final period, as explanations quote it.
        self._requirement = {lang: self.description(lang).rstrip(".") for lang in ("en", "fr")}

    def diploma_ok(self, diploma: Diploma, on: date) -> bool | None:
        """Whether one diploma meets every condition on date ``on``: the three-valued AND of the
        tests (the tests are pure, so the first that fails settles it: False wins)."""
        spec = self.spec
        unknown = False
        if self.min_rank is not None and DIPLOMA_RANK[diploma.level] < self.min_rank:
            return False
        if self.levels is not None and diploma.level not in self.levels:
            return False
        code = diploma.program_code
        # The program itself settles the field (e.g. DEP 5358, orderly).
        if self.fields is not None and not (code is not None and code in self.programs_in_field):
            if diploma.field is None:
                unknown = True
            elif diploma.field not in self.fields:
                return False
        if self.programs is not None:
            if code is None:
                unknown = True
            elif code not in self.programs:
                return False
        if spec.in_quebec is not None:
            if diploma.in_quebec is None:
                unknown = True
            elif diploma.in_quebec != spec.in_quebec:
                return False
        # A reading of the rules: some programs meet the length whatever is recorded.
        if spec.min_full_time_months is not None and not (code is not None and code in self.programs_meeting_length):
            months = diploma.full_time_months
            if months is None:
                unknown = True
            elif not months >= spec.min_full_time_months:
                return False
        if spec.min_hours is not None:
            hours = diploma.hours
            if hours is None:
                unknown = True
            elif not hours >= spec.min_hours:
                return False
        if spec.min_share_in_quebec is not None:
            share = diploma.share_studied_in_quebec
            if share is None:
                unknown = True
            elif not share >= spec.min_share_in_quebec:
                return False
        obtained = diploma.obtained_on
        if obtained is None:
            if spec.within_months is not None or spec.obtained_by is not None:
                unknown = True
        else:
            if not obtained <= on:
                return False
            if spec.obtained_by is not None and not obtained <= spec.obtained_by:
                return False
            if spec.within_months is not None and not obtained >= add_months(on, -spec.within_months):
                return False
        return None if unknown else True

    def assess(self, ctx: EvalContext) -> Finding:
        diplomas = ctx.applicant.diplomas
        if not diplomas:
            return Finding("not_met", {"best": None})
        on = ctx.on
        if len(diplomas) == 1:
            ok = self.diploma_ok(diplomas[0], on)
            return Finding("unknown" if ok is None else ("met" if ok else "not_met"), {"best": 0})
        results = [self.diploma_ok(d, on) for d in diplomas]
        ok = tri_or(results)
        verdict = "unknown" if ok is None else ("met" if ok else "not_met")
        best = min(range(len(results)), key=lambda i: _ORDER[results[i]])
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
        # Each language's sentence is formatted alone (this runs for every answer).
        fr = lang == "fr"
        requirement = self._requirement[lang]
        best = finding.data["best"]
        if best is None:
            if fr:
                return f"Aucun diplôme déclaré. Requis : {requirement}."
            return f"No diploma declared. Required: {requirement}."
        d = ctx.applicant.diplomas[best]
        described = _described(d.level, d.program_code, d.field, d.in_quebec, d.full_time_months, d.obtained_on, lang)
        if self.spec.within_months is not None:
            since = add_months(ctx.on, -self.spec.within_months)
            window = f"période du {since} au {ctx.on}" if fr else f"window from {since} to {ctx.on}"
            described = f"{described}, {window}"
        against = against_requirement(finding.verdict, lang)
        if fr:
            return f"Meilleur diplôme : {described}; {against} : {requirement}."
        return f"Best diploma: {described}; {against}: {requirement}."

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
            spec = self.spec
            vocab = frame.vocabulary
            # A date that passes every date test when one does (else the date tests fail anyway).
            passing = on if spec.obtained_by is None else min(on, spec.obtained_by)
            others = vocab.per_signature(
                ("diploma", id(self), on),
                self,
                vocab.diplomas.items,
                lambda d: self.diploma_ok(d.model_copy(update={"obtained_on": passing}), on),
            )[frame.diploma_signature]
            obtained = frame.diploma_obtained
            known = obtained > 0
            dated = obtained <= cols.on_ordinal
            if spec.within_months is None and spec.obtained_by is None:
                dates = from_mask(dated | ~known)  # no date: nothing to check
            else:
                if spec.within_months is not None:
                    dated &= obtained >= add_months(on, -spec.within_months).toordinal()
                if spec.obtained_by is not None:
                    dated &= obtained <= spec.obtained_by.toordinal()
                dates = from_mask(dated, known)
            return np.minimum(others, dates)

        return cols.cached(("diploma_columns", id(self)), compute)  # type: ignore[no-any-return]

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: some diploma meets every condition."""
        from solver.criteria.columns.tri import FALSE, group_max

        frame = cols.frame
        return group_max(frame.diploma_owner, self.diploma_columns(cols), frame.size, FALSE)  # type: ignore[return-value]
