"""What each grid factor measures on a profile and a date: ages, levels, months, diploma rows.

A measure never scores: it says which values the profile may have (several when an input is
unknown), and the factor's table (data) turns them into points. Each measure returns *items*
(the points of a factor are the best item's: the highest diploma, the better family tie), each
item a list of *alternatives* (its possible values). An alternative is a category, a range of
numbers, and the table column it reads (``None``: the column the factor's spouse status picks;
``"none"``: no points).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from solver.applicant import Applicant, Diploma, French, WorkEpisode
from solver.criteria.episodes import FULL_TIME_HOURS
from solver.criteria.french import results_fresh
from solver.dates import ONE_DAY, add_months, age_on, months_before

#: Months at 365.25 / 12 days: whole months in ``days`` are ``days * 48 // 1461``.
_DEN, _NUM = 48, 1461
INTERNSHIP_CAP_DAYS = 91  # 3 months: compulsory internships count for at most this much
FRENCH_RESULTS_MONTHS = 24


class Alt(NamedTuple):
    """One possible value: a category and/or a number range, and the column it reads (a named
    tuple: the grid makes thousands a plan, and remembers their points by value)."""

    category: str | None = None
    low: int | None = None
    high: int | None = None
    column: str | None = None


Item = list[Alt]
NOTHING: Item = [Alt(column="none")]


@dataclass(slots=True)
class MeasureContext:
    """What a measure looks at: the profile, the date, the principal occupation and the data."""

    applicant: Applicant
    on: date
    principal: str | None
    canonical: Callable[[str], tuple[str, ...]]
    diagnoses: dict[str, str]
    window_months: int | None = None
    requires: str | None = None


def whole_months(days: int) -> int:
    return days * _DEN // _NUM


def _union(spans: Iterable[tuple[date, date]]) -> int:
    total, end_seen = 0, None
    for start, end in sorted(spans):
        if end_seen is not None and start < end_seen:
            start = end_seen
        if end > start:
            total += (end - start).days
            end_seen = end
    return total


def months_range(
    periods: Iterable[tuple[date, date | None, bool | None, bool]], on: date, window: int | None
) -> tuple[int, int]:
    """Whole months inside the window before ``on`` (all time when ``window`` is None) covered by
    ``periods`` = (start, end or None, counts: True / None (may count), internship)."""
    begin = months_before(on, window) if window is not None else date.min
    sure, maybe, intern_sure, intern_maybe = [], [], [], []
    for start, end, counts, internship in periods:
        if counts is False:
            continue
        stop = on if end is None else min(end + ONE_DAY, on)
        first = max(start, begin)
        if stop <= first:
            continue
        (intern_maybe if internship else maybe).append((first, stop))
        if counts:
            (intern_sure if internship else sure).append((first, stop))
    low = _union(sure) + min(_union(intern_sure), INTERNSHIP_CAP_DAYS)
    high = _union(maybe) + min(_union(intern_maybe), INTERNSHIP_CAP_DAYS)
    return whole_months(low), whole_months(high)


def _and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _full_time_paid(ep: WorkEpisode) -> bool | None:
    hours = None if ep.hours_per_week is None else ep.hours_per_week >= FULL_TIME_HOURS
    paid = True if ep.internship else ep.paid
    return _and(hours, paid)


def _months_item(low_high: tuple[int, int]) -> Item:
    low, high = low_high
    return [Alt(low=low, high=high)]


# -- the applicant's measures ------------------------------------------------------------------
def age(m: MeasureContext) -> list[Item]:
    birth = m.applicant.birth_date
    if birth is None:
        return [[Alt(low=16, high=100)]]
    years = age_on(birth, m.on)
    return [[Alt(low=years, high=years)]]


def french_level(french: French | None, skill: str, on: date) -> Item:
    """A skill's level counted on ``on``: results two years old or less, else 0."""
    if french is None:
        return [Alt(low=0, high=12)]
    level = getattr(french, skill)
    fresh = results_fresh(french.assessed_on, on, FRENCH_RESULTS_MONTHS)
    if fresh is False:
        return [Alt(low=0, high=0)]
    if level is None:
        return [Alt(low=0, high=12)]
    if fresh is None:
        return [Alt(low=0, high=0), Alt(low=level, high=level)]
    return [Alt(low=level, high=level)]


def _work(m: MeasureContext, test: Callable[[WorkEpisode], bool | None], history: list[WorkEpisode] | None = None):
    episodes = m.applicant.work_history if history is None else history
    return [(ep.start, ep.end, _and(_full_time_paid(ep), test(ep)), bool(ep.internship)) for ep in episodes]


def experience_months(m: MeasureContext) -> list[Item]:
    return [_months_item(months_range(_work(m, lambda ep: True), m.on, m.window_months))]


def in_principal(m: MeasureContext, code: str | None) -> bool | None:
    if code is None or m.principal is None:
        return None
    codes = m.canonical(code)
    if m.principal not in codes:
        return False
    return True if len(codes) == 1 else None


def diagnosis_experience(m: MeasureContext) -> list[Item]:
    months = months_range(_work(m, lambda ep: in_principal(m, ep.noc)), m.on, m.window_months)
    if m.principal is None:
        return [[Alt(category=c, low=months[0], high=months[1]) for c in ("balanced", "slight_shortage", "shortage")]]
    category = m.diagnoses.get(m.principal, "balanced")
    return [[Alt(category=category, low=months[0], high=months[1])]]


def quebec_experience_months(m: MeasureContext) -> list[Item]:
    return [_months_item(months_range(_work(m, lambda ep: ep.in_quebec), m.on, m.window_months))]


def work_outside_cmm_months(m: MeasureContext) -> list[Item]:
    def outside(ep: WorkEpisode) -> bool | None:
        return _and(ep.in_quebec, None if ep.employer_in_cmm is None else not ep.employer_in_cmm)

    return [_months_item(months_range(_work(m, outside), m.on, m.window_months))]


def residence_outside_cmm_months(m: MeasureContext) -> list[Item]:
    periods = [
        (r.start, r.end, _and(r.in_quebec, None if r.in_cmm is None else not r.in_cmm), False)
        for r in m.applicant.residence_history
    ]
    return [_months_item(months_range(periods, m.on, m.window_months))]


def study_outside_cmm_months(m: MeasureContext) -> list[Item]:
    periods = [
        (s.start, s.end, _and(s.in_quebec, None if s.in_cmm is None else not s.in_cmm), False)
        for s in m.applicant.study_history
    ]
    return [_months_item(months_range(periods, m.on, m.window_months))]


def studies_quebec_months(m: MeasureContext) -> list[Item]:
    """Studies in Québec that led to no diploma: months, and whether some are still in progress."""
    periods, ongoing = [], False
    for s in m.applicant.study_history:
        if s.start > m.on:
            continue
        counts = _and(s.in_quebec, None if s.led_to_diploma is None else not s.led_to_diploma)
        periods.append((s.start, s.end, counts, False))
        ongoing |= counts is not False and (s.end is None or s.end >= m.on)
    low, high = months_range(periods, m.on, m.window_months)
    return [[Alt(low=low, high=high, column="in_progress" if ongoing else "points")]]


def diploma_categories(d: Diploma) -> set[str | None]:
    """The grid rows a diploma may stand for (shared/OPEN-PROGRAMS.md §3.1, the project's mapping);
    ``None`` is "no row" (e.g. a Québec DEP under 600 hours). Unknown length: every row it could be."""
    level, months, hours, inq = d.level, d.full_time_months, d.hours, d.in_quebec
    places = [True, False] if inq is None else [inq]
    found: set[str | None] = set()
    if level == "secondary":
        return {"general_secondary"}
    if level == "vocational":
        for place in places:
            if place:
                found |= (
                    {"vocational_600", "vocational_900", None}
                    if hours is None
                    else {"vocational_900" if hours >= 900 else "vocational_600" if hours >= 600 else None}
                )
            else:
                found |= (
                    {"vocational_1y_outside", None}
                    if months is None
                    else {"vocational_1y_outside" if months >= 12 else None}
                )
        return found
    if level == "college":
        return {"general_college"}
    if level == "college_technical":
        if months is not None and months >= 36:
            return {"technical_3y"}
        if months is None:
            found.add("technical_3y")
        for place in places:
            if place:
                found |= {"technical_900", None} if hours is None else {"technical_900" if hours >= 900 else None}
            else:
                if months is None:
                    found |= {"technical_1_2y_outside", None}
                else:
                    found.add("technical_1_2y_outside" if 12 <= months <= 35 else None)
        return found
    if level == "university_certificate":
        return {"university_1y"}
    if level == "bachelor":
        if months is None:
            return {"university_1y", "university_2y", "university_3_4y", "university_5y"}
        if months < 24:
            return {"university_1y"}
        if months < 36:
            return {"university_2y"}
        return {"university_3_4y"} if months < 60 else {"university_5y"}
    if level == "graduate_diploma":
        return {"graduate_1y"}
    if level == "master":
        if months is None:
            return {"graduate_1y", "graduate_2y"}
        return {"graduate_2y"} if months >= 24 else {"graduate_1y"}
    if level == "medical_specialty":
        if months is None:
            return {"medical_specialty", "graduate_1y"}
        return {"medical_specialty"} if months >= 24 else {"graduate_1y"}
    return {"doctorate"}


def _diploma_items(diplomas: list[Diploma], on: date, quebec_only: bool) -> list[Item]:
    items = []
    for d in diplomas:
        if d.obtained_on is not None and d.obtained_on > on:
            continue
        maybe = d.obtained_on is None or (quebec_only and d.in_quebec is None)
        if quebec_only and d.in_quebec is False:
            continue
        categories = diploma_categories(d)
        alts = [Alt(category=c) if c is not None else Alt(column="none") for c in sorted(categories, key=str)]
        if maybe:
            alts.append(Alt(column="none"))
        items.append(alts)
    return items


def education(m: MeasureContext) -> list[Item]:
    return _diploma_items(m.applicant.diplomas, m.on, quebec_only=False)


def quebec_diploma(m: MeasureContext) -> list[Item]:
    return _diploma_items(m.applicant.diplomas, m.on, quebec_only=True)


def validated_offer(m: MeasureContext) -> list[Item]:
    offer = m.applicant.job_offer
    if offer is None or offer.validated is False:
        return []
    places = (
        ["in_cmm", "outside_cmm"]
        if offer.employer_in_cmm is None
        else ["in_cmm" if offer.employer_in_cmm else "outside_cmm"]
    )
    alts = [Alt(category=p) for p in places]
    if offer.validated is None:
        alts.append(Alt(column="none"))
    return [alts]


def authorization(m: MeasureContext) -> list[Item]:
    found: list[Item] = []
    for item in m.applicant.authorizations:
        if item.obtained_on is not None and item.obtained_on > m.on:
            continue
        if item.kind != "authorization" and item.obtained_on is not None and item.obtained_on < add_months(m.on, -60):
            continue
        if m.principal is not None and item.noc != m.principal:
            continue
        sure = m.principal is not None and item.obtained_on is not None
        found.append([Alt(category="held")] + ([] if sure else [Alt(column="none")]))
    return found


def lives_outside_cmm(applicant: Applicant, on: date) -> bool | None:
    """Whether the residence held on ``on`` is in Québec outside the CMM (``None``: not recorded)."""
    for r in applicant.residence_history:
        if r.start <= on and (r.end is None or r.end >= on):
            return _and(r.in_quebec, None if r.in_cmm is None else not r.in_cmm)
    return None


def lives_in_quebec(applicant: Applicant, on: date) -> bool | None:
    for r in applicant.residence_history:
        if r.start <= on and (r.end is None or r.end >= on):
            return r.in_quebec
    if applicant.status_in_quebec is not None:
        return applicant.status_in_quebec != "abroad"
    return None


def family(m: MeasureContext) -> list[Item]:
    fam = m.applicant.family_in_quebec
    condition: bool | None = True
    if m.requires == "outside_cmm":
        condition = lives_outside_cmm(m.applicant, m.on)
    if condition is False:
        return []
    items: list[Item] = []
    for who in ("applicant", "spouse"):
        value = getattr(fam, who) if fam is not None else None
        if who == "spouse" and m.applicant.spouse is not None and not m.applicant.spouse.accompanying:
            value = value if fam is not None and fam.spouse is not None else False
        if value is False:
            continue
        alts = [Alt(category=who)]
        if value is None or condition is None:
            alts.append(Alt(column="none"))
        items.append(alts)
    return items


# -- the spouse's measures ---------------------------------------------------------------------
def _spouse(m: MeasureContext) -> tuple[Any, bool | None]:
    spouse = m.applicant.spouse
    if spouse is None:
        return None, None
    return spouse, spouse.accompanying


def applicant_french(skill: str) -> Callable[[MeasureContext], list[Item]]:
    def measure(m: MeasureContext) -> list[Item]:
        return [french_level(m.applicant.french, skill, m.on)]

    return measure


def spouse_french(skill: str) -> Callable[[MeasureContext], list[Item]]:
    def measure(m: MeasureContext) -> list[Item]:
        spouse, present = _spouse(m)
        if present is False:
            return []
        if present is None:
            return [[Alt(column="none"), Alt(low=0, high=12)]]
        return [french_level(spouse.french, skill, m.on)]

    return measure


def spouse_age(m: MeasureContext) -> list[Item]:
    spouse, present = _spouse(m)
    if present is False:
        return []
    if present is None or spouse.birth_date is None:
        alts = [Alt(low=16, high=100)]
        return [[*alts, Alt(column="none")]] if present is None else [alts]
    years = age_on(spouse.birth_date, m.on)
    return [[Alt(low=years, high=years)]]


def spouse_quebec_experience_months(m: MeasureContext) -> list[Item]:
    spouse, present = _spouse(m)
    if present is False:
        return []
    if present is None:
        return [[Alt(column="none"), Alt(low=0, high=240)]]
    periods = _work(m, lambda ep: ep.in_quebec, spouse.work_history)
    return [_months_item(months_range(periods, m.on, m.window_months))]


def spouse_diploma(quebec_only: bool) -> Callable[[MeasureContext], list[Item]]:
    def measure(m: MeasureContext) -> list[Item]:
        spouse, present = _spouse(m)
        if present is False:
            return []
        if present is None:
            return [[Alt(column="none"), Alt(category="doctorate")]]
        return _diploma_items(spouse.diplomas, m.on, quebec_only)

    return measure


MEASURES: dict[str, Callable[[MeasureContext], list[Item]]] = {
    "age": age,
    **{
        f"french.{s}": applicant_french(s)
        for s in ("oral_comprehension", "oral_production", "written_comprehension", "written_production")
    },
    "experience_months": experience_months,
    "education": education,
    "diagnosis_experience": diagnosis_experience,
    "quebec_diploma": quebec_diploma,
    "quebec_experience_months": quebec_experience_months,
    "residence_outside_cmm_months": residence_outside_cmm_months,
    "work_outside_cmm_months": work_outside_cmm_months,
    "study_outside_cmm_months": study_outside_cmm_months,
    "validated_offer": validated_offer,
    "authorization": authorization,
    "studies_quebec_months": studies_quebec_months,
    "family": family,
    **{
        f"spouse.french.{s}": spouse_french(s)
        for s in ("oral_comprehension", "oral_production", "written_comprehension", "written_production")
    },
    "spouse.age": spouse_age,
    "spouse.quebec_experience_months": spouse_quebec_experience_months,
    "spouse.education": spouse_diploma(quebec_only=False),
    "spouse.quebec_diploma": spouse_diploma(quebec_only=True),
}
