"""A seeded synthetic cohort of PSTQ candidates (Arrima expressions of interest).

::

    from solver.cohort.pstq import generate_pstq_cohort, iter_pstq_cohort
    people = generate_pstq_cohort(1_000, seed=7)          # validated Applicant profiles

The distributions are data: ``pstq.yaml`` (next to this file) holds the occupations (real NOC 2021
codes of the four streams: software, nursing, teaching, orderlies, cooks, mechanics, material
handlers, food-plant operators, administrative assistants), ages, four-skill French, diplomas,
Québec experience, CMM residence, spouse present or absent, validated offers and declarations,
with their provenance (the shares are synthetic). As for the pilots' cohort (``solver.cohort``),
no draw consults the rules engine, the profiles are built as plain dictionaries validated by one
``Applicant.model_validate`` each, and every draw comes from one ``random.Random(seed)`` consumed
in a fixed order, so a seed and a reference date fully determine the cohort (prefix-stable: the
first ``k`` profiles of a cohort of ``n >= k`` are the cohort of ``k``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from solver.applicant import Applicant
from solver.cohort.draw import DAYS_PER_MONTH, DAYS_PER_YEAR, Choice, int_between
from solver.cohort.tables import weighted

__all__ = [
    "DEFAULT_PSTQ_REFERENCE_DATE",
    "OCCUPATIONS",
    "PSTQ_DATA_FILE",
    "generate_pstq_cohort",
    "iter_labelled_pstq_cohort",
    "iter_pstq_cohort",
    "pstq_payload",
]

PSTQ_DATA_FILE = Path(__file__).with_name("pstq.yaml")


def _load() -> dict[str, Any]:
    with PSTQ_DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


_DATA = _load()
DEFAULT_PSTQ_REFERENCE_DATE: date = _DATA["default_reference_date"]
#: NOC 2021 code -> its entry of ``pstq.yaml`` (title, weight, French mean, diplomas, wage...).
OCCUPATIONS: dict[str, dict[str, Any]] = {str(k): v for k, v in _DATA["occupations"].items()}
_OCCUPATION: Choice[str] = Choice([(code, float(o["weight"])) for code, o in OCCUPATIONS.items()])
_DIPLOMAS: dict[str, Choice[str]] = {code: weighted(o["diplomas"]) for code, o in OCCUPATIONS.items()}
_PROGRAMS: dict[str, dict[str, Any]] = _DATA["diploma_programs"]
_AGE = _DATA["age"]
_FRENCH = _DATA["french"]
_PRODUCTION_DELTA: Choice[int] = weighted({int(k): v for k, v in _FRENCH["production_delta"].items()})
_WRITTEN_GAP: Choice[int] = weighted({int(k): v for k, v in _FRENCH["written_gap"].items()})
_WORK = _DATA["work"]
_HOURS: Choice[float] = weighted({float(k): v for k, v in _WORK["hours"].items()})
_SPOUSE = _DATA["spouse"]
_SPOUSE_STATUS: Choice[str] = weighted(_SPOUSE["status"])
_OFFER = _DATA["offer"]


def _d(ordinal: int) -> date:
    return date.fromordinal(ordinal)


def _months(rng: random.Random, lo: float, hi: float) -> int:
    """A whole number of days for ``lo``-``hi`` months."""
    return int(rng.uniform(lo, hi) * DAYS_PER_MONTH)


def _level(value: float) -> int:
    return min(12, max(3, round(value)))


def _french(rng: random.Random, ref: int, mean: float) -> dict[str, Any] | None:
    """Four skills: oral comprehension ~ N(mean, sd), production close to it, written below them."""
    if rng.random() < _FRENCH["p_none"]:
        return None
    oc = _level(rng.gauss(mean, _FRENCH["sd"]))
    op = _level(oc + _PRODUCTION_DELTA(rng))
    wc = _level(oc - _WRITTEN_GAP(rng))
    wp = _level(op - _WRITTEN_GAP(rng))
    lo, hi = _FRENCH["assessed_months"]
    assessed = ref - _months(rng, lo, hi)
    return {
        "oral_comprehension": oc,
        "oral_production": op,
        "written_comprehension": wc,
        "written_production": wp,
        "assessed_on": _d(assessed),
    }


def _diploma(rng: random.Random, ref: int, birth: int, level: str) -> dict[str, Any]:
    program = _PROGRAMS[level]
    in_quebec = rng.random() < _DATA["p_diploma_in_quebec"]
    age_lo, age_hi = program["age"]
    obtained = min(birth + int(rng.uniform(age_lo, age_hi) * DAYS_PER_YEAR), ref - 30)
    hours = program["hours"]
    return {
        "level": level,
        "in_quebec": in_quebec,
        "full_time_months": program["months"],
        "hours": int_between(rng, hours[0], hours[1]) if hours and in_quebec else None,
        "obtained_on": _d(obtained),
        "share_studied_in_quebec": 1.0 if in_quebec else 0.0,
    }


def _episode(
    noc: str, start: int, end: int | None, in_quebec: bool, hours: float, salary: float, cmm: bool | None
) -> dict[str, Any]:
    return {
        "noc": noc,
        "in_quebec": in_quebec,
        "hours_per_week": hours,
        "paid": True,
        "authorized": True,
        "start": _d(start),
        "end": None if end is None else _d(end),
        "annual_salary": salary,
        "employer_in_cmm": cmm if in_quebec else None,
    }


def _spouse(rng: random.Random, ref: int, birth: int, quebec_start: int, cmm: bool) -> dict[str, Any] | None:
    status = _SPOUSE_STATUS(rng)
    if status == "none":
        return {"accompanying": False}
    if status == "unknown":
        return None
    lo, hi = _SPOUSE["age_offset"]
    spouse_birth = birth + int(rng.uniform(lo, hi) * DAYS_PER_YEAR)
    spouse_birth = min(spouse_birth, ref - int(19 * DAYS_PER_YEAR))
    french = None
    if rng.random() >= _SPOUSE["p_french_none"]:
        oc = _level(rng.gauss(_SPOUSE["oral_french_mean"], 1.8))
        french = {
            "oral_comprehension": oc,
            "oral_production": _level(oc + _PRODUCTION_DELTA(rng)),
            "written_comprehension": None,
            "written_production": None,
            "assessed_on": _d(ref - _months(rng, 0, 20)),
        }
    work = []
    if rng.random() < _SPOUSE["p_quebec_work"]:
        start = quebec_start + _months(rng, 0, 6)
        if start < ref - 31:
            work.append(_episode("65100", start, None, True, 37.5, 36_000.0, cmm))
    return {
        "accompanying": True,
        "birth_date": _d(spouse_birth),
        "french": french,
        "diplomas": [],
        "work_history": work,
    }


def pstq_payload(rng: random.Random, ref: int) -> tuple[str, dict[str, Any]]:
    """One candidate as a plain dictionary (not validated), with its occupation code."""
    noc = _OCCUPATION(rng)
    occupation = OCCUPATIONS[noc]
    age = rng.triangular(_AGE["low"], _AGE["high"], _AGE["mode"])
    birth = ref - int(age * DAYS_PER_YEAR)
    french = _french(rng, ref, float(occupation["french_mean"]))
    diploma = _diploma(rng, ref, birth, _DIPLOMAS[noc](rng))
    lo, hi = _WORK["quebec_start_months"]
    quebec_start = ref - _months(rng, lo, hi)
    hours = _HOURS(rng)
    wage_lo, wage_hi = occupation["wage"]
    salary = round(rng.uniform(wage_lo, wage_hi) * hours * 52, -2)
    cmm = rng.random() < _DATA["p_cmm"]
    work = []
    if rng.random() < _WORK["p_abroad"]:
        a_lo, a_hi = _WORK["abroad_months"]
        abroad_end = quebec_start - _months(rng, 1, 6)
        abroad_start = abroad_end - _months(rng, a_lo, a_hi)
        work.append(_episode(noc, abroad_start, abroad_end, False, hours, round(salary * 0.6, -2), None))
    work.append(_episode(noc, quebec_start, None, True, hours, salary, cmm))
    spouse = _spouse(rng, ref, birth, quebec_start, cmm)
    offer = None
    if rng.random() < _OFFER["p_validated"]:
        offer = {
            "noc": noc,
            "hours_per_week": hours,
            "annual_salary": salary,
            "employer_in_cmm": rng.random() < _OFFER["p_in_cmm"],
            "validated": True,
            "start": None,
        }
    authorizations = []
    share = occupation.get("authorization")
    if share and rng.random() < share:
        obtained = max(quebec_start - _months(rng, 0, 3), ref - int(4 * DAYS_PER_YEAR))
        authorizations.append({"noc": noc, "kind": "authorization", "obtained_on": _d(obtained)})
    family = rng.random() < _DATA["p_family_in_quebec"]
    declared = rng.random() < _DATA["p_principal_declared"]
    settle = True if rng.random() < _DATA["p_intends_to_settle"] else None
    sufficient = True if rng.random() < _DATA["p_self_sufficiency"] else None
    payload: dict[str, Any] = {
        "birth_date": _d(birth),
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": settle,
        "self_sufficiency_undertaking": sufficient,
        "french": french,
        "diplomas": [diploma],
        "work_history": work,
        "job_offer": offer,
        "spouse": spouse,
        "family_in_quebec": {"applicant": family, "spouse": False if spouse and spouse.get("accompanying") else None},
        "authorizations": authorizations,
        "residence_history": [{"start": _d(quebec_start), "end": None, "in_quebec": True, "in_cmm": cmm}],
        "study_history": [],
        "principal_noc": noc if declared else None,
    }
    return noc, payload


def iter_labelled_pstq_cohort(
    n: int, seed: int = 0, reference_date: date | None = None
) -> Iterator[tuple[str, Applicant]]:
    """``n`` validated candidates for ``seed``, each with its occupation code, lazily."""
    if n < 0:
        raise ValueError("n must be at least 0")
    ref = (reference_date or DEFAULT_PSTQ_REFERENCE_DATE).toordinal()
    rng = random.Random(seed)
    for _ in range(n):
        noc, payload = pstq_payload(rng, ref)
        yield noc, Applicant.model_validate(payload)


def iter_pstq_cohort(n: int, seed: int = 0, reference_date: date | None = None) -> Iterator[Applicant]:
    """``n`` validated candidates for ``seed`` on ``reference_date`` (default 2026-05-15), lazily."""
    return (person for _, person in iter_labelled_pstq_cohort(n, seed, reference_date))


def generate_pstq_cohort(n: int, seed: int = 0, reference_date: date | None = None) -> list[Applicant]:
    """The same profiles as ``iter_pstq_cohort``, as a list."""
    return list(iter_pstq_cohort(n, seed, reference_date))
