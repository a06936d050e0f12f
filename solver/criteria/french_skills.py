"""French in up to four skills, for the applicant or the accompanying spouse (PSTQ and PEQ).

One kind serves every program of CONTRACT.md v3: the applicant's four-skill levels (PSTQ
stream 1: oral 7 / written 5; stream 2: oral 5; PEQ graduates: oral 7 / written 5) and the
accompanying spouse's oral level 4. Results count while they are two years old or less on
the application date (``results_fresh``, shared with the pilots' oral French).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from solver.criteria.base import Criterion, EvalContext, Finding
from solver.criteria.french import assessment_change_days, results_fresh, results_valid_since, results_valid_until
from solver.rules.schema import FrenchSkillsSpec

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import IntVar

    from solver.applicant import French
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.criteria.ports import GapModel, LeverOption, PlanningContext


SKILLS = ("oral_comprehension", "oral_production", "written_comprehension", "written_production")
#: Every French lever of the applicant: a plan that uses any of them files a fresh assessment.
FRENCH_LEVERS = frozenset({*(f"french.{s}" for s in SKILLS), "french.retest"})
SKILL_WORDS = {
    "oral_comprehension": ("oral comprehension", "compréhension orale"),
    "oral_production": ("oral production", "production orale"),
    "written_comprehension": ("written comprehension", "compréhension écrite"),
    "written_production": ("written production", "production écrite"),
}


def principal_teer(code: str | None) -> int | None:
    """The TEER of a NOC 2021 code: its second digit (CONTRACT.md v3).

    >>> principal_teer("21232"), principal_teer(None)
    (1, None)
    """
    return int(code[1]) if code is not None and len(code) == 5 else None


_NO_LEVELS: tuple[None, ...] = (None, None, None, None)


def _outcome(
    requirements: tuple[tuple[int, int], ...], levels: tuple[int | None, ...], fresh: bool | None
) -> bool | None:
    """Three-valued: every skill at its level and the results fresh (``tri_and`` of the checks)."""
    if fresh is False:
        return False
    unknown = fresh is None
    for skill, need in requirements:
        level = levels[skill]
        if level is None:
            unknown = True
        elif level < need:
            return False
    return None if unknown else True


class FrenchSkills(Criterion):
    """Each skill named in ``levels`` at its level or higher, from results ``max_age_months`` old or
    less on the application date. With ``levels_by_teer``, the first entry whose TEER set holds the
    principal occupation's TEER gives the levels instead (an unknown occupation: unknown unless
    every entry agrees). For the spouse: met as not applicable without an accompanying spouse."""

    kind = "french_skills"
    explain_uses_wording = False
    time_dependent = True

    def __init__(self, spec: FrenchSkillsSpec) -> None:
        super().__init__(spec)
        self.person = spec.person
        self.reads_principal = bool(spec.levels_by_teer)
        self.max_age_months = spec.max_age_months
        self._texts: dict[tuple[object, ...], str] = {}
        self.level_sets = [dict(spec.levels)] + [dict(t.levels) for t in spec.levels_by_teer or ()]
        #: Per level set, the (skill's index in ``SKILLS``, level required) pairs.
        self._requirements = [tuple((SKILLS.index(s), n) for s, n in levels.items()) for levels in self.level_sets]
        self._choices = self._choices_by_teer()
        skills = {skill for levels in self.level_sets for skill in levels}
        #: The parts its CP-SAT compilation is made of (the applicant's French only).
        self.level_parts = [_SkillLevel(self, skill) for skill in SKILLS if skill in skills]
        self.fresh_part = _Fresh(self)
        if spec.person == "spouse":
            self.levers = frozenset({"spouse.french"})
        else:
            self.levers = frozenset({*(f"french.{s}" for s in skills), "french.retest"})

    def _levels(self, ctx: EvalContext) -> list[dict[str, int]]:
        """The level sets that may apply: one when settled, several when the TEER is unknown."""
        return [self.level_sets[i] for i in self._choice(ctx)]

    def _choice(self, ctx: EvalContext) -> tuple[int, ...]:
        """Which of ``level_sets`` may apply (indices): the rule's own levels; with ``levels_by_teer``
        the first entry whose TEER set holds the principal occupation's TEER, or, the TEER unknown,
        every distinct set."""
        if len(self.level_sets) == 1:
            return (0,)
        return self._choices.get(principal_teer(ctx.principal), (0,))

    def _choices_by_teer(self) -> dict[int | None, tuple[int, ...]]:
        """``_choice`` for every TEER (0 to 5) and for an unknown one (``None``), worked out once."""
        by_teer = self.spec.levels_by_teer or ()
        choices: dict[int | None, tuple[int, ...]] = {
            teer: (next((i + 1 for i, t in enumerate(by_teer) if teer in t.teer), 0),) for teer in range(6)
        }
        distinct: dict[tuple[tuple[str, int], ...], int] = {}
        for i, levels in enumerate(self.level_sets):
            distinct[tuple(sorted(levels.items()))] = i  # equal sets: the first one's place, the last one's order
        choices[None] = tuple(distinct.values())
        return choices

    def _french(self, ctx: EvalContext) -> tuple[French | None, bool | None]:
        """The French record assessed, and whether the rule applies (``None``: unknown)."""
        if self.person == "applicant":
            return ctx.applicant.french, True
        spouse = ctx.applicant.spouse
        if spouse is None:
            return None, None
        return spouse.french, spouse.accompanying

    def assess(self, ctx: EvalContext) -> Finding:
        french, applies = self._french(ctx)
        if applies is False:
            return Finding("met", {"not_applicable": True})
        choice = self._choice(ctx)
        if french is None:
            levels: tuple[int | None, ...] = _NO_LEVELS
            assessed = valid_until = fresh = None
        else:
            levels = (
                french.oral_comprehension,
                french.oral_production,
                french.written_comprehension,
                french.written_production,
            )
            assessed = french.assessed_on
            if assessed is None:
                valid_until = fresh = None
            else:  # ``results_fresh``, with the last valid day kept for the explanation
                valid_until = results_valid_until(assessed, self.max_age_months)
                fresh = assessed <= ctx.on <= valid_until
        outcomes = {_outcome(self._requirements[i], levels, fresh) for i in choice}
        ok = outcomes.pop() if len(outcomes) == 1 and applies else None  # an unknown spouse: met, or not
        return Finding(
            "unknown" if ok is None else ("met" if ok else "not_met"),
            {
                "levels": levels,
                "choice": choice,
                "assessed_on": assessed,
                "fresh": fresh,
                "valid_until": valid_until,
                "spouse_unknown": applies is None,
            },
        )

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: per level set, each skill at its level and the results
        fresh (``results_fresh`` as ``OralFrench.to_columns`` tests it, on day ordinals); the set
        of the principal occupation's TEER, or every set agreeing when it is unknown; for the
        spouse, met without an accompanying spouse and unknown without a declared one."""
        import numpy as np

        from solver.criteria.columns.frame import NO_SPOUSE, SPOUSE_STAYS, per_principal
        from solver.criteria.columns.tri import TRUE, UNKNOWN, all_of, from_mask

        frame = cols.frame
        prefix = "" if self.person == "applicant" else "spouse_"
        assessed = getattr(frame, f"{prefix}french_assessed")
        since = results_valid_since(cols.on, self.max_age_months).toordinal()
        fresh = from_mask((assessed >= since) & (assessed <= cols.on_ordinal), assessed > 0)

        def outcome(levels: dict[str, int]) -> Tri:
            checks = []
            for skill, need in levels.items():
                level = getattr(frame, f"{prefix}{skill}")
                checks.append(from_mask(level >= need, level > 0))
            return all_of([*checks, fresh], frame.size)

        by_teer = self.spec.levels_by_teer
        if not by_teer:
            out = outcome(self.level_sets[0])
        else:
            teer = per_principal(
                frame, "teer", None, lambda code: -1 if (t := principal_teer(code)) is None else t, np.int64
            )
            # the levels of a known TEER: the first entry that holds it, else the rule's own levels
            choices = [(dict(t.levels), frozenset(t.teer)) for t in by_teer]
            out = outcome(self.level_sets[0])
            settled = np.zeros(frame.size, dtype=bool)
            for levels, teers in choices:
                rows = ~settled & np.isin(teer, list(teers))
                if rows.any():
                    out = np.where(rows, outcome(levels), out).astype(np.int8)
                    settled |= rows
            unknown = teer < 0
            if unknown.any():
                distinct = list({tuple(sorted(ls.items())): ls for ls in self.level_sets}.values())
                outcomes = [outcome(ls) for ls in distinct]
                agree = np.all([o == outcomes[0] for o in outcomes], axis=0)
                out = np.where(unknown, np.where(agree, outcomes[0], UNKNOWN), out).astype(np.int8)
        if self.person != "applicant":
            out = np.where(frame.spouse == NO_SPOUSE, UNKNOWN, out).astype(np.int8)
            out[frame.spouse == SPOUSE_STAYS] = TRUE
        return out

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """The assessment day and the first day the results are too old."""
        french, _ = self._french(ctx)
        return assessment_change_days(french.assessed_on if french else None, self.max_age_months, ctx.on, last)

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        fr = lang == "fr"
        d = finding.data
        if d.get("not_applicable"):
            return (
                "Sans objet : aucun conjoint ou conjointe ne vous accompagne."
                if fr
                else "Not applicable: no spouse or partner accompanies you."
            )
        if d["spouse_unknown"]:
            return (
                "Inconnu : dites si un conjoint ou une conjointe vous accompagne, et son niveau de français."
                if fr
                else "Unknown: say whether a spouse or partner accompanies you, and their French levels."
            )
        text = self._levels_text(lang, d["levels"], d["choice"])
        assessed = d["assessed_on"]
        if assessed is None:
            return text + ("; date d'évaluation inconnue." if fr else "; assessment date unknown.")
        if d["fresh"]:
            if fr:
                return text + f"; évalué le {assessed}, résultats valides jusqu'au {d['valid_until']}."
            return text + f"; assessed on {assessed}, results valid until {d['valid_until']}."
        if assessed > ctx.on:
            if fr:
                return text + f"; l'évaluation du {assessed} est postérieure à la date de la demande."
            return text + f"; the assessment of {assessed} is after the application date."
        years = self.max_age_months // 12
        if fr:
            return text + (
                f"; les résultats du {assessed} n'étaient valides que jusqu'au {d['valid_until']} "
                f"(au plus {years} ans à la date de la demande)."
            )
        return text + (
            f"; the results of {assessed} were valid only until {d['valid_until']} "
            f"({years} years old or less on the application date)."
        )

    def _levels_text(self, lang: str, levels: tuple[int | None, ...], choice: tuple[int, ...]) -> str:
        """The levels held and the levels required, e.g. "oral comprehension 6, oral production 7;
        required: oral comprehension 7, oral production 7" (written once per combination)."""
        key = (lang, levels, choice)
        text = self._texts.get(key)
        if text is not None:
            return text
        fr = lang == "fr"
        need = [self.level_sets[i] for i in choice]
        who = ("Conjoint : " if fr else "Spouse: ") if self.person == "spouse" else ""
        needed = set().union(*(set(n) for n in need))
        have = ", ".join(
            f"{SKILL_WORDS[s][1 if fr else 0]} {levels[i] or '?'}" for i, s in enumerate(SKILLS) if s in needed
        )
        wants = [", ".join(f"{SKILL_WORDS[s][1 if fr else 0]} {n}" for s, n in levels_.items()) for levels_ in need]
        sep = " ou " if fr else " or "
        text = f"{who}{have}; requis : {sep.join(wants)}" if fr else f"{who}{have}; required: {sep.join(wants)}"
        if len(need) > 1:
            text += (
                " (selon la FEER de la profession principale, inconnue)"
                if fr
                else " (by the principal occupation's TEER, unknown)"
            )
        if len(self._texts) > 4096:
            self._texts.clear()
        self._texts[key] = text
        return text

    def compile(self, model: GapModel, neutral: bool) -> IntVar:
        """The applicant's French as CP-SAT: each skill's level over its own lever's options, and the
        assessment's date: recent enough in the month, or renewed by any French lever the plan uses (a
        level raised or a retest both file a new assessment on the application date). The same verdict
        as ``assess`` on every choice, with tables over one lever each rather than their product."""
        if self.person != "applicant":
            return model.add_leaf(self, neutral)
        levels = [model.add_leaf(part, neutral) for part in self.level_parts]
        renewed = [used for lever in sorted(FRENCH_LEVERS) if (used := model.lever_used(lever)) is not None]
        fresh = model.add_any(self.fresh_part, [model.add_leaf(self.fresh_part, neutral), *renewed])
        return model.add_all(self, [*levels, fresh])

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        french, applies = self._french(ctx)
        if applies is False:
            return []
        targets: dict[str, int] = {}
        for levels in self._levels(ctx):
            for skill, need in levels.items():
                targets[skill] = max(targets.get(skill, 0), need)
        if self.person == "spouse":
            if applies is None:
                return []  # the spouse's presence is a fact to ask, not a lever
            current = [getattr(french, s, None) if french else None for s in targets]
            known = [v for v in current if v is not None]
            low = min(known) if len(known) == len(current) else None
            return [planning.spouse_french_option(low, max(targets.values()))]
        options = [planning.french_retest_option(french)]
        for skill, need in targets.items():
            level = getattr(french, skill) if french else None
            if level is None or level < need:
                options.append(planning.french_level_option(skill, level, need))
        return options


class _Part(Criterion):
    """A part of a ``FrenchSkills`` rule in its CP-SAT compilation: the parent's rule, wording and
    source, under its own id and logic."""

    def __init__(self, parent: FrenchSkills, part: str, logic: str) -> None:
        self.spec = parent.spec
        self.id = f"{parent.id}.{part}"
        self.editions = parent.editions
        self.source = parent.source
        self.source_text = parent.source_text
        self.logic_key = f"{parent.logic_key}|{logic}"
        self.parent = parent

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        return self.parent.description(lang)


class _SkillLevel(_Part):
    """One skill's level of a ``FrenchSkills`` rule, whatever the assessment's age (a part of its
    CP-SAT compilation: the skills are independent but for the date of the assessment)."""

    kind = "french_skill_level"
    time_dependent = False
    #: The verdict reads a level, never a date (not even the date of the assessment a plan files).
    reads_no_date = True

    def __init__(self, parent: FrenchSkills, skill: str) -> None:
        super().__init__(parent, skill, f"level:{skill}")
        self.skill = skill
        self.levers = frozenset({f"french.{skill}"})

    def assess(self, ctx: EvalContext) -> Finding:
        french = ctx.applicant.french
        level = getattr(french, self.skill) if french else None
        outcomes = []
        for levels in self.parent._levels(ctx):
            need = levels.get(self.skill)
            outcomes.append(True if need is None else (None if level is None else level >= need))
        ok = outcomes[0] if len(set(outcomes)) == 1 else None
        return Finding("unknown" if ok is None else ("met" if ok else "not_met"))


class _Fresh(_Part):
    """The applicant's own assessment is recent enough on the date (a part of the compilation)."""

    kind = "french_fresh"
    time_dependent = True
    levers = frozenset()

    def __init__(self, parent: FrenchSkills) -> None:
        super().__init__(parent, "fresh", "fresh")

    def assess(self, ctx: EvalContext) -> Finding:
        french = ctx.applicant.french
        fresh = results_fresh(french.assessed_on if french else None, ctx.on, self.parent.max_age_months)
        return Finding("unknown" if fresh is None else ("met" if fresh else "not_met"))
