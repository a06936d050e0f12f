"""Criteria on single facts of the profile: minimum age and declared or recorded facts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from solver.applicant import read_field
from solver.criteria.base import Criterion, EvalContext, Finding, tri
from solver.dates import ONE_DAY, add_months, age_on
from solver.rules.schema import FactSpec, MinAgeSpec
from solver.text import pick

if TYPE_CHECKING:
    from collections.abc import Sequence

    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Mask, Tri
    from solver.criteria.ports import LeverOption, PlanningContext

_FIELD_NAMES = {
    "status_in_quebec": ("status in Québec", "statut au Québec"),
    "intends_to_settle_in_quebec": ("intends to settle in Québec", "intention de s'établir au Québec"),
    "controls_employer": ("controls the employer", "contrôle de l'employeur"),
    "respected_conditions_of_stay": ("respected the conditions of stay", "respect des conditions de séjour"),
    "self_sufficiency_undertaking": ("self-sufficiency undertaking signed", "engagement d'autonomie signé"),
    "commits_to_learn_french": ("commits to learn French (francization)", "engagement à apprendre le français"),
    "expert_committee_opinion": ("expert committee opinion", "avis du comité d'experts"),
    "exceptional_talent.partner_opinion": ("opinion of a designated partner", "avis d'un partenaire désigné"),
    "exceptional_talent.exceptional_achievement": (
        "document showing an exceptional achievement",
        "document attestant un accomplissement exceptionnel",
    ),
}


_VALUE_FR = {
    True: "oui",
    False: "non",
    None: "inconnu",
    "worker": "travailleur",
    "youth_exchange": "échange jeunesse",
    "spouse_open_work_permit": "conjoint avec permis ouvert",
    "student": "étudiant",
    "visitor": "visiteur",
    "abroad": "à l'étranger",
    "other": "autre",
    "favourable": "favorable",
    "unfavourable": "défavorable",
}
_VALUE_EN = {True: "yes", False: "no", None: "unknown"}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def say_value(value: object, lang: str) -> str:
    table = _VALUE_FR if lang == "fr" else _VALUE_EN
    if value is None or isinstance(value, bool):
        return table[value]
    return str(table.get(value, value)).replace("_", " ")


class MinAge(Criterion):
    """At least ``years`` old on the application date (age in whole years from the birth date)."""

    kind = "min_age"
    explain_uses_wording = False
    time_dependent = True

    def __init__(self, spec: MinAgeSpec) -> None:
        super().__init__(spec)
        self.years = spec.years

    def assess(self, ctx: EvalContext) -> Finding:
        birth = ctx.applicant.birth_date
        if birth is None:
            return Finding("unknown", {})
        age = age_on(birth, ctx.on)
        return Finding(tri(age >= self.years), {"age": age, "birthday": add_months(birth, 12 * self.years)})

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """Days in ``(ctx.on, last]`` on which the verdict may change: the birthday of the age
        required (or the next day, for a birth on 29 February)."""
        birth = ctx.applicant.birth_date
        if birth is None:
            return set()
        turns = add_months(birth, 12 * self.years)
        return {d for d in (turns, turns + ONE_DAY) if ctx.on < d <= last}

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        # Each language's sentence is formatted alone (this runs for every answer).
        years = self.years
        if finding.verdict == "unknown":
            if lang == "fr":
                return f"Date de naissance inconnue; au moins {years} ans requis."
            return f"Birth date unknown; at least {years} years required."
        age, turns = finding.data["age"], finding.data["birthday"]
        if finding.verdict == "met":
            if lang == "fr":
                return f"{age} ans le {ctx.on}; au moins {years} ans requis."
            return f"Age {age} on {ctx.on}; at least {years} required."
        if lang == "fr":
            return f"{age} ans le {ctx.on}; au moins {years} ans requis ({years} ans le {turns})."
        return f"Age {age} on {ctx.on}; at least {years} required (turns {years} on {turns})."

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: the age in whole years as ``age_on`` counts it."""
        from solver.criteria.columns.tri import from_mask

        frame, on = cols.frame, cols.on
        age = on.year - frame.birth_year - (on.month * 100 + on.day < frame.birth_month_day)
        return from_mask(age >= self.years, frame.has_birth)


class Fact(Criterion):
    """A fact of the profile must take one of the accepted values (a declaration, the status in
    Québec, the expert committee's opinion, control of the employer)."""

    kind = "fact"
    explain_uses_wording = False

    def __init__(self, spec: FactSpec) -> None:
        super().__init__(spec)
        self.field = spec.field
        #: A field of the profile itself (most facts), read without walking a dotted path.
        self._top_level = "." not in spec.field
        self.accepted = tuple(spec.accepted)
        self.lever = spec.lever
        self.assume_if_unknown = spec.assume_if_unknown
        levers = {spec.lever} if spec.lever else set()
        if spec.field == "controls_employer":
            levers.add("job")  # a new job is with an employer the applicant does not control
        self.levers = frozenset(levers)
        #: Explanations already written, by (language, not applicable, type of the value, value, verdict).
        self._texts: dict[tuple[str, bool, type, object, str], str] = {}

    def assess(self, ctx: EvalContext) -> Finding:
        exempt = self.spec.not_applicable_when
        if exempt is not None and getattr(ctx.applicant, exempt.field) in exempt.values:
            return Finding("met", {"not_applicable": getattr(ctx.applicant, exempt.field)})
        value = getattr(ctx.applicant, self.field, None) if self._top_level else read_field(ctx.applicant, self.field)
        if value is None:
            assumption = None
            if self.assume_if_unknown:
                assumption = (
                    f"{_upper_first(_FIELD_NAMES[self.field][0])}: unknown; planned as met: confirm it.",
                    f"{_upper_first(_FIELD_NAMES[self.field][1])} : inconnu; planifié comme respecté : confirmez-le.",
                )
            return Finding("unknown", {"value": None}, assumption)
        return Finding(tri(value in self.accepted), {"value": value})

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        # The sentence depends only on the language, the value and the verdict: written once each.
        data = finding.data
        exempt = "not_applicable" in data
        value = data.get("not_applicable") if exempt else data.get("value")
        key = (lang, exempt, type(value), value, finding.verdict)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) > 1024:
                self._texts.clear()
            text = self._texts[key] = self._explain(finding, lang)
        return text

    def _explain(self, finding: Finding, lang: str) -> str:
        if "not_applicable" in finding.data:
            status = say_value(finding.data["not_applicable"], lang)
            return pick(
                lang,
                f"Not applicable: your status in Québec is {status}, so there is no stay whose conditions apply.",
                f"Sans objet : votre statut au Québec est {status}; aucun séjour n'est visé par ces conditions.",
            )
        en_name, fr_name = _FIELD_NAMES[self.field]
        value = say_value(finding.data.get("value"), lang)
        wanted = pick(lang, " or ", " ou ").join(say_value(v, lang) for v in self.accepted)
        text = pick(
            lang,
            f"{_upper_first(en_name)}: {value}; required: {wanted}.",
            f"{_upper_first(fr_name)} : {value}; requis : {wanted}.",
        )
        if finding.verdict == "unknown" and self.assume_if_unknown:
            text += pick(lang, " A past fact only you can confirm.", " Un fait passé que vous seul pouvez confirmer.")
        return text

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        value = read_field(ctx.applicant, self.field)
        if self.lever is None or value in self.accepted:
            return []
        return [planning.fact_option(self.lever, self.field, value, self.accepted[0])]

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: met where not applicable (``not_applicable_when``), else
        whether the fact's value is one of the accepted values."""
        from solver.criteria.columns.tri import TRUE, from_mask

        out = from_mask(self._value_in(cols, self.field, self.accepted), cols.frame.facts[self.field] >= 0)
        exempt = getattr(self.spec, "not_applicable_when", None)
        if exempt is not None:
            out[self._value_in(cols, exempt.field, exempt.values)] = TRUE
        return out

    @staticmethod
    def _value_in(cols: ColumnContext, field: str, values: Sequence[object]) -> Mask:
        """Whether each profile's ``field`` is one of ``values`` (``False`` when unknown)."""
        import numpy as np

        codes = cols.frame.facts[field]
        seen = cols.frame.vocabulary.facts[field].items
        table = np.array([value in values for value in seen] + [False], dtype=bool)  # code -1 reads the last
        return table[codes]  # type: ignore[no-any-return]
