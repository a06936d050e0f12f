"""A grid factor: its table (data) applied to what its measure finds, explained, and its levers.

A factor plays the part a criterion plays for eligibility: the scorer asks it for its points
(a range when an input is unknown), the gap solver tabulates those points over months and
lever options exactly as it tabulates criteria (``solver.gaps``), and the explanation states
the value, the points and, for age, the next birthday that changes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from solver.applicant import DIPLOMA_RANK, Applicant
from solver.criteria.french import results_valid_until
from solver.criteria.occupation import regulated_occupations
from solver.dates import ONE_DAY, add_months, age_on
from solver.ranking.measures import MEASURES, Alt, Item, MeasureContext, lives_outside_cmm
from solver.ranking.schema import FactorSpec, Row
from solver.rules.schema import DiplomaLeverSpec, Source

if TYPE_CHECKING:
    from solver.criteria.ports import LeverOption, PlanningContext

_FRENCH = ("oral_comprehension", "oral_production", "written_comprehension", "written_production")

#: The lever names that can move each measure (the gap solver's tables are over these).
_LEVERS: dict[str, frozenset[str]] = {
    **{f"french.{s}": frozenset({f"french.{s}", "french.retest"}) for s in _FRENCH},
    **{f"spouse.french.{s}": frozenset({"spouse.french"}) for s in _FRENCH},
    "validated_offer": frozenset({"validated_job_offer"}),
    "residence_outside_cmm_months": frozenset({"residence_outside_cmm"}),
    "authorization": frozenset({"authorization_to_practise"}),
    "education": frozenset({"diploma"}),
    "quebec_diploma": frozenset({"diploma"}),
}

CATEGORY_WORDS: dict[str, tuple[str, str]] = {
    "general_secondary": ("general secondary (DES)", "secondaire général (DES)"),
    "vocational_600": ("vocational secondary, 600-899 h", "secondaire professionnel, 600 à 899 h"),
    "vocational_900": ("vocational secondary, 900 h or more", "secondaire professionnel, 900 h ou plus"),
    "vocational_1y_outside": ("vocational, 1 year or more, outside Québec", "professionnel, 1 an ou plus, hors Québec"),
    "general_college": ("general college, 2 years", "collégial général, 2 ans"),
    "technical_900": ("technical college, 900 h or more", "collégial technique, 900 h ou plus"),
    "technical_1_2y_outside": ("technical, 1-2 years, outside Québec", "technique, 1 à 2 ans, hors Québec"),
    "technical_3y": ("technical college, 3 years", "collégial technique, 3 ans"),
    "university_1y": ("university 1st cycle, 1 year", "universitaire 1er cycle, 1 an"),
    "university_2y": ("university 1st cycle, 2 years", "universitaire 1er cycle, 2 ans"),
    "university_3_4y": ("university 1st cycle, 3-4 years", "universitaire 1er cycle, 3 ou 4 ans"),
    "university_5y": ("university 1st cycle, 5 years or more", "universitaire 1er cycle, 5 ans ou plus"),
    "graduate_1y": ("university 2nd cycle, 1 year", "universitaire 2e cycle, 1 an"),
    "graduate_2y": ("university 2nd cycle, 2 years or more", "universitaire 2e cycle, 2 ans ou plus"),
    "medical_specialty": ("medical specialty, 2 years or more", "spécialité médicale, 2 ans ou plus"),
    "doctorate": ("doctorate", "doctorat"),
    "balanced": ("balanced (or no diagnosis)", "en équilibre (ou sans diagnostic)"),
    "slight_shortage": ("slight shortage", "léger déficit"),
    "shortage": ("shortage", "déficit"),
    "in_cmm": ("inside the CMM", "dans la CMM"),
    "outside_cmm": ("outside the CMM", "hors de la CMM"),
    "held": ("held", "détenue"),
    "applicant": ("related to you", "lié à vous"),
    "spouse": ("related to your spouse", "lié à votre conjoint"),
}


@dataclass(frozen=True, slots=True)
class FactorPoints:
    """A factor's points on a date: a range, and what the explanation cites."""

    low: int
    high: int
    items: list[Item]
    columns: tuple[str, ...]


class Factor:
    """One factor of the grid, built from its grid-file entry."""

    kind = "grid_factor"
    time_dependent = True
    editions: frozenset[str] | None = None

    def __init__(self, spec: FactorSpec, diagnoses: dict[str, str], diploma_levers: list[DiplomaLeverSpec]) -> None:
        self.spec = spec
        self.id = spec.id
        self.group = spec.group
        self.measure = MEASURES[spec.measure]
        self.diagnoses = diagnoses
        self.diploma_levers = diploma_levers
        self.max = spec.max_points
        self.source: Source = spec.source
        #: Texts read for every answer, written once (a pydantic model's private attributes are slow to read).
        self._texts = {lang: (spec.name.get(lang), spec.source.text(lang)) for lang in ("en", "fr")}
        levers = set(_LEVERS.get(spec.measure, frozenset()))
        if spec.requires == "outside_cmm":
            levers.add("residence_outside_cmm")
        self.levers = frozenset(levers)
        #: French points whose plans renew the assessment on the application date (so, in a plan that
        #: uses its levers, constant over the months: the gap solver reads it once).
        self.renewed_by_plan = spec.measure.startswith(("french.", "spouse.french."))
        #: Whether the points depend on the principal occupation (its diagnosis, months and authorisation).
        self.reads_principal = spec.measure in ("diagnosis_experience", "authorization")
        self.logic_key = json.dumps(["grid", spec.model_dump(mode="json", exclude={"name", "source"})], sort_keys=True)
        self._thresholds = sorted({r.from_ for r in spec.rows if r.from_ is not None})
        #: The rows by category (``None`` for a table without categories), in ascending ``from``.
        self._categorical = any(r.category is not None for r in spec.rows)
        self._rows: dict[str | None, list[Row]] = {}
        #: ``_alt_range`` already answered, by (value, columns).
        self._ranges: dict[tuple[Alt, tuple[str, ...]], tuple[int, int]] = {}
        for row in sorted(spec.rows, key=lambda r: r.from_ if r.from_ is not None else -1):
            self._rows.setdefault(row.category, []).append(row)

    def applies_in(self, edition: str) -> bool:
        return True

    def children(self) -> list[Any]:
        return []

    # -- points --------------------------------------------------------------------------------
    def context(self, applicant: Applicant, on: date, principal: str | None, canonical: Any) -> MeasureContext:
        return MeasureContext(
            applicant, on, principal, canonical, self.diagnoses, self.spec.window_months, self.spec.requires
        )

    def columns(self, applicant: Applicant) -> tuple[str, ...]:
        """The table columns the spouse status allows (both while it is unknown)."""
        if not self.spec.spouse_columns:
            return ("points",)
        spouse = applicant.spouse
        if spouse is None:
            return ("points", "with_spouse")
        return ("with_spouse",) if spouse.accompanying else ("points",)

    def lookup(self, category: str | None, number: int | None, column: str) -> int:
        """The table's points for one value in one column (0 where no row covers it)."""
        rows = self._rows.get(category) if self._categorical else self._rows.get(None)
        if not rows:
            return 0
        best: Row | None = None
        for row in rows:  # rows of a category in ascending ``from`` (or the category's one row)
            if row.from_ is None:
                best = row
                break
            if number is None or row.from_ > number:
                break
            best = row
        if best is None:
            return 0
        value = getattr(best, column)
        return best.points if value is None else int(value)

    def _alt_range(self, alt: Alt, columns: tuple[str, ...]) -> tuple[int, int]:
        """The lowest and highest points of one possible value (remembered: values recur across
        profiles, days and the gap planner's choices)."""
        key = (alt, columns)
        found = self._ranges.get(key)
        if found is None:
            if len(self._ranges) > 4096:
                self._ranges.clear()
            found = self._ranges[key] = self._compute_alt_range(alt, columns)
        return found

    def _compute_alt_range(self, alt: Alt, columns: tuple[str, ...]) -> tuple[int, int]:
        if alt.column == "none":
            return 0, 0
        cols = (alt.column,) if alt.column else columns
        numbers: list[int | None]
        if alt.low is None:
            numbers = [None]
        else:
            high = alt.low if alt.high is None else alt.high
            numbers = [alt.low, high, *(t for t in self._thresholds if alt.low < t <= high)]
        found = [self.lookup(alt.category, n, c) for n in numbers for c in cols]
        return min(found), max(found)

    def points(self, applicant: Applicant, on: date, principal: str | None, canonical: Any) -> FactorPoints:
        items = self.measure(self.context(applicant, on, principal, canonical))
        columns = self.columns(applicant)
        low = high = 0
        for item in items:
            ranges = [self._alt_range(alt, columns) for alt in item]
            low = max(low, min(r[0] for r in ranges))
            high = max(high, max(r[1] for r in ranges))
        return FactorPoints(min(low, self.max), min(high, self.max), items, columns)

    # -- when the points may change, the profile held fixed ------------------------------------
    def change_days(self, applicant: Applicant, first: date, last: date) -> set[date]:
        """Days in ``(first, last]`` after which the points may differ (a superset)."""
        measure = self.spec.measure
        days: set[date] = set()
        if measure in ("age", "spouse.age"):
            birth = (
                applicant.birth_date
                if measure == "age"
                else (applicant.spouse.birth_date if applicant.spouse else None)
            )
            if birth is not None:
                for years in range(age_on(birth, first), age_on(birth, last) + 2):
                    turns = add_months(birth, 12 * years)
                    days.update((turns, turns + ONE_DAY))
        elif measure.startswith(("french.", "spouse.french.")):
            french = (
                applicant.french
                if measure.startswith("french.")
                else (applicant.spouse.french if applicant.spouse else None)
            )
            if french is not None and french.assessed_on is not None:
                days.update((french.assessed_on, results_valid_until(french.assessed_on, 24) + ONE_DAY))
        else:
            edges: list[date] = []
            for ep in [*applicant.work_history, *(applicant.spouse.work_history if applicant.spouse else [])]:
                edges += [ep.start] + ([ep.end + ONE_DAY] if ep.end else [])
            for r in [*applicant.residence_history, *applicant.study_history]:
                edges += [r.start] + ([r.end + ONE_DAY] if r.end else [])
            edges += [d.obtained_on for d in applicant.diplomas if d.obtained_on]
            edges += [a.obtained_on for a in applicant.authorizations if a.obtained_on]
            days.update(edges)
            window = self.spec.window_months
            if window is not None:
                for edge in edges:
                    reach = add_months(edge, window)
                    days.update((reach - ONE_DAY, reach, reach + ONE_DAY, reach + 2 * ONE_DAY))
            if measure in ("authorization",):
                days.update(add_months(a.obtained_on, 60) + ONE_DAY for a in applicant.authorizations if a.obtained_on)
        return {d for d in days if first < d <= last}

    # -- explanation ---------------------------------------------------------------------------
    def name(self, lang: str) -> str:
        return self._texts["fr" if lang == "fr" else "en"][0]

    def source_text(self, lang: str) -> str:
        return self._texts["fr" if lang == "fr" else "en"][1]

    def explain(self, found: FactorPoints, applicant: Applicant, on: date, lang: str) -> str:
        fr = lang == "fr"
        name = self.name(lang)
        pts = (
            f"{found.low}"
            if found.low == found.high
            else f"{found.low} à {found.high}"
            if fr
            else f"{found.low} to {found.high}"
        )
        tail = f"{pts} sur {self.max} points" if fr else f"{pts} of {self.max} points"
        value = self._value_words(found, lang)
        if self.spec.measure == "age":
            value += f" le {on}" if fr else f" on {on}"
        text = f"{name} : {value} : {tail}" if fr else f"{name}: {value}: {tail}"
        nxt = self._next_change(found, applicant, on, lang)
        if nxt:
            text += f"; {nxt}"
        if "with_spouse" in found.columns and "points" in found.columns:
            text += (
                "; selon qu'un conjoint vous accompagne ou non"
                if fr
                else "; depending on whether a spouse accompanies you"
            )
        elif "with_spouse" in found.columns:
            text += " (grille avec conjoint)" if fr else " (column with an accompanying spouse)"
        return text + "."

    def _value_words(self, found: FactorPoints, lang: str) -> str:
        fr = lang == "fr"
        measure = self.spec.measure
        if not found.items:
            return "aucun" if fr else "none"
        alts = [a for item in found.items for a in item if a.column != "none" or len(item) == 1]
        cats = [a.category for a in alts if a.category]
        if cats and measure not in ("diagnosis_experience",):
            uniq = list(dict.fromkeys(cats))
            words = [CATEGORY_WORDS.get(c, (c, c))[1 if fr else 0] for c in uniq]
            return (" ou " if fr else " or ").join(words)
        nums = [(a.low, a.high) for a in alts if a.low is not None]
        if not nums:
            return "inconnu" if fr else "unknown"
        low = min(n[0] for n in nums)
        high = max(n[1] if n[1] is not None else n[0] for n in nums)
        shown = f"{low}" if low == high else (f"{low} à {high}" if fr else f"{low} to {high}")
        if measure.endswith("age"):
            unit = ("ans", "years")
        elif "months" in measure or measure == "diagnosis_experience":
            unit = ("mois", "months")
        else:
            unit = ("niveau", "level")
        if unit[0] == "niveau":
            text = f"niveau {shown}" if fr else f"level {shown}"
        else:
            text = f"{shown} {unit[0] if fr else unit[1]}"
        if measure == "diagnosis_experience" and cats:
            words = " ou ".join if fr else " or ".join
            text += f" ({words([CATEGORY_WORDS[c][1 if fr else 0] for c in dict.fromkeys(cats)])})"
        return text

    def _next_change(self, found: FactorPoints, applicant: Applicant, on: date, lang: str) -> str:
        """For age: the birthday on which the points next change, and to what."""
        if self.spec.measure != "age" or applicant.birth_date is None or found.low != found.high:
            return ""
        birth = applicant.birth_date
        years = age_on(birth, on)
        for later in range(years + 1, years + 30):
            day = add_months(birth, 12 * later)
            pts = max(self.lookup(None, later, c) for c in found.columns)
            if pts != found.low:
                if lang == "fr":
                    return f"{pts} à compter de votre {later}e anniversaire, le {day}"
                return f"{pts} from your {_ordinal(later)} birthday on {day}"
        return ""

    # -- levers --------------------------------------------------------------------------------
    def lever_options(
        self, applicant: Applicant, on: date, principal: str | None, planning: PlanningContext
    ) -> list[LeverOption]:
        """The changes a plan could make to earn this factor's points."""
        measure = self.spec.measure
        if measure.startswith("french."):
            skill = measure.split(".", 1)[1]
            french = applicant.french
            level = getattr(french, skill) if french else None
            options = [planning.french_retest_option(french)]
            for t in self._thresholds:
                if level is None or t > level:
                    options.append(planning.french_level_option(skill, level, t))
            return options
        if measure.startswith("spouse.french."):
            spouse = applicant.spouse
            if spouse is None or not spouse.accompanying:
                return []
            levels = [getattr(spouse.french, s) if spouse.french else None for s in _FRENCH]
            low = None if None in levels else min(lv for lv in levels if lv is not None)
            return [planning.spouse_french_option(low, t) for t in self._thresholds if low is None or t > low]
        if measure == "validated_offer":
            return [
                planning.simple_option(
                    "validated_job_offer",
                    place,
                    None,
                    (
                        f"Obtain a job offer validated by the Ministère (VJO) {CATEGORY_WORDS[place][0]}.",
                        f"Obtenir une offre d'emploi validée par le Ministère (OEV) {CATEGORY_WORDS[place][1]}.",
                    ),
                )
                for place in ("outside_cmm", "in_cmm")
            ]
        if measure == "residence_outside_cmm_months" or self.spec.requires == "outside_cmm":
            if lives_outside_cmm(applicant, on) is True:
                return []
            return [
                planning.simple_option(
                    "residence_outside_cmm",
                    True,
                    None,
                    (
                        "Move to a region of Québec outside the Montréal metropolitan community (CMM); the months "
                        "lived there add points.",
                        "Vous établir dans une région du Québec hors de la Communauté métropolitaine de Montréal "
                        "(CMM); les mois qui y sont vécus ajoutent des points.",
                    ),
                )
            ]
        if measure == "authorization" and principal is not None and principal in regulated_occupations()[0]:
            return [
                planning.simple_option(
                    "authorization_to_practise",
                    {"kind": "authorization", "noc": principal},
                    None,
                    (
                        f"Obtain an authorisation to practise in Québec for NOC {principal} from its regulator.",
                        f"Obtenir une autorisation d'exercer au Québec pour la CNP {principal} auprès de son ordre.",
                    ),
                )
            ]
        if measure in ("education", "quebec_diploma"):
            held = [d for d in applicant.diplomas if d.obtained_on is None or d.obtained_on <= on]
            options = []
            for lever in self.diploma_levers:
                if lever.requires is None or any(DIPLOMA_RANK[d.level] >= DIPLOMA_RANK[lever.requires] for d in held):
                    options.append(planning.diploma_option(lever, False))
            return options
        return []


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
