"""Payload pieces every archetype uses: diplomas, work episodes, job offers, hours and French.

Each returns the plain ``dict`` an :class:`solver.applicant.Applicant` field validates from
(dates as ``date``); the random draws they make are part of the cohort's fixed draw order.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from solver.cohort.draw import DAYS_PER_MONTH, int_between, tri
from solver.cohort.tables import FULL_TIME_HOURS, PRODUCTION_DELTA

_FRENCH_MAX_AGE = round(30 * DAYS_PER_MONTH)  # assessments 0-30 months old
_d = date.fromordinal


def diploma_payload(
    level: str,
    obtained: int,
    *,
    field: str | None = None,
    in_quebec: bool | None = False,
    months: int | None = None,
    program_code: str | None = None,
    share: float | None = None,
) -> dict[str, Any]:
    """A ``Diploma`` payload."""
    return {
        "level": level,
        "program_code": program_code,
        "field": field,
        "in_quebec": in_quebec,
        "full_time_months": months,
        "obtained_on": _d(obtained),
        "share_studied_in_quebec": share,
    }


def weekly_hours(rng: random.Random, full_time_bias: float = 0.0) -> float | None:
    """Weekly hours: 80 % full-time (35-40), 16 % part-time (20-28), 4 % unknown.

    ``full_time_bias`` is an extra probability of a 37.5-40 h week drawn first.
    """
    if full_time_bias and rng.random() < full_time_bias:
        return 40.0 if rng.random() < 0.5 else 37.5
    u = rng.random()
    if u < 0.80:
        return FULL_TIME_HOURS(rng)
    if u < 0.96:
        return float(int_between(rng, 20, 28))
    return None


def episode_payload(
    rng: random.Random,
    noc: str,
    naics: str | None,
    start: int,
    end: int | None,
    *,
    role: str | None = None,
    in_quebec: bool | None = True,
    hours: float | None = None,
    care: bool | None = None,
    salary: float | None = None,
    cmm: bool | None = None,
    sector: str | None = None,
) -> dict[str, Any]:
    """A ``WorkEpisode`` payload; ``paid``/``authorized`` are drawn (95 % true)."""
    return {
        "noc": noc,
        "naics": naics,
        "role": role,
        "in_quebec": in_quebec,
        "hours_per_week": hours,
        "paid": tri(rng, 0.95, 0.03),
        "authorized": tri(rng, 0.95, 0.03),
        "basic_personal_care": care,
        "start": _d(start),
        "end": None if end is None else _d(end),
        "annual_salary": salary,
        "employer_in_cmm": cmm if in_quebec else None,
        "sector": sector,
    }


def french_payload(rng: random.Random, ref: int, mean: float, p_null: float) -> dict[str, Any] | None:
    """Oral French levels (3-10, production close to comprehension) and assessment date."""
    if rng.random() < p_null:
        return None
    oc = min(10, max(3, round(rng.gauss(mean, 1.8))))
    op = min(10, max(3, oc + PRODUCTION_DELTA(rng)))
    assessed = ref - int_between(rng, 0, _FRENCH_MAX_AGE)
    return {"oral_comprehension": oc, "oral_production": op, "assessed_on": _d(assessed)}


def offer_payload(
    rng: random.Random,
    ref: int,
    noc: str,
    naics: str,
    sector: str,
    salary: float,
    cmm: bool | None,
) -> dict[str, Any]:
    """An accepted ``JobOffer`` payload starting 2-17 weeks after ``ref`` (15 % undated)."""
    return {
        "noc": noc,
        "naics": naics,
        "role": None,
        "sector": sector,
        "hours_per_week": 40.0 if rng.random() < 0.6 else 37.5,
        "annual_salary": salary,
        "employer_in_cmm": cmm,
        "start": None if rng.random() < 0.15 else _d(ref + int_between(rng, 14, 120)),
    }


#: What an archetype builder returns: (status in Québec, birth ordinal, diplomas, work
#: episodes, job offer), as payloads.
Parts = tuple[str | None, int, list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]
