"""The cohort's distributions, read once from ``cohort.yaml`` (its header gives their provenance).

Each weighted table of the file becomes a :class:`~solver.cohort.draw.Choice`; compound items
(YAML lists) become tuples. The order of the file's entries is the order of the draws.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from solver.cohort.draw import DAYS_PER_YEAR, Choice

DATA_FILE = Path(__file__).with_name("cohort.yaml")


def _frozen(item: Any) -> Any:
    """A YAML list item as a tuple (recursively); other items unchanged."""
    return tuple(_frozen(x) for x in item) if isinstance(item, list) else item


def weighted(spec: dict[Any, float] | list[list[Any]]) -> Choice[Any]:
    """A ``Choice`` from a mapping ``{item: weight}`` or a list of ``[item, weight]`` pairs.

    >>> weighted({"a": 1, None: 3}).items
    ['a', None]
    >>> weighted([[["x", "y"], 2]]).items
    [('x', 'y')]
    """
    pairs = spec.items() if isinstance(spec, dict) else spec
    return Choice([(_frozen(item), weight) for item, weight in pairs])


def _age(spec: dict[str, int]) -> tuple[int, int, int]:
    """An age triangle ``{low, high, mode}`` as the (low, high, mode) of ``birth_ordinal``."""
    return spec["low"], spec["high"], spec["mode"]


def _load() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


_DATA = _load()
_COMMON = _DATA["common"]
_FOOD = _DATA["food"]
_ORDERLY = _DATA["orderly"]
_AI = _DATA["ai"]
_ITVE = _DATA["it_ve"]
_OTHER = _DATA["other"]

DEFAULT_REFERENCE_DATE: date = _DATA["default_reference_date"]
ARCHETYPE_SHARES: dict[str, float] = dict(_DATA["archetype_shares"])
NOC_2021_TO_2016: dict[str, str] = dict(_DATA["noc_2021_to_2016"])
NOC_TITLES: dict[str, str] = dict(_DATA["noc_titles"])

# common dimensions
ARCHETYPE: Choice[str] = weighted(ARCHETYPE_SHARES)
P_NOC_2016: float = _COMMON["p_noc_2016"]
N_EPISODES: Choice[int] = weighted(_COMMON["episode_count"])
FULL_TIME_HOURS: Choice[float] = weighted(_COMMON["full_time_hours"])
PRODUCTION_DELTA: Choice[int] = weighted(_COMMON["french_production_delta"])
#: archetype -> (mean oral comprehension level, probability of ``french: null``)
FRENCH_PARAMS: dict[str, tuple[float, float]] = {
    label: (spec["mean"], spec["p_null"]) for label, spec in _COMMON["french"].items()
}
#: declaration field -> (probability true, probability not given)
DECLARATIONS: dict[str, tuple[float, float]] = {name: _frozen(p) for name, p in _COMMON["declarations"].items()}
COMMITS_ANSWERED_TECH: float = _COMMON["commits_to_learn_french"]["answered_tech"]
COMMITS_ANSWERED_OTHER: float = _COMMON["commits_to_learn_french"]["answered_other"]
COMMITS_TRUE: float = _COMMON["commits_to_learn_french"]["p_true"]
OPINION_FAVOURABLE_BELOW: float = _COMMON["expert_committee_opinion"]["favourable_below"]
OPINION_UNFAVOURABLE_BELOW: float = _COMMON["expert_committee_opinion"]["unfavourable_below"]
QC_WORK_STATUS: dict[str, Choice[str | None]] = {
    label: weighted(spec) for label, spec in _COMMON["status_in_quebec"].items()
}

# food
FOOD_NOC: Choice[str] = weighted(_FOOD["noc"])
FOOD_AGE: tuple[int, int, int] = _age(_FOOD["age"])
FOOD_SHARES: dict[str, float] = dict(_FOOD["shares"])
FOOD_NAICS_BY_NOC: dict[str, Choice[str]] = {noc: weighted(spec) for noc, spec in _FOOD["naics_by_noc"].items()}
FOOD_OFF_SECTOR: dict[str, Choice[tuple[str, str]]] = {
    noc: weighted(spec) for noc, spec in _FOOD["off_sector_by_noc"].items()
}
FOOD_ROLE: dict[str, Choice[str | None]] = {noc: weighted(spec) for noc, spec in _FOOD["role_by_noc"].items()}
QC_SIDE_JOB: Choice[tuple[str, str, str]] = weighted(_FOOD["side_job_in_quebec"])
FOOD_DIPLOMA: Choice[str | None] = weighted(_FOOD["diploma"])
VOC_FIELD: Choice[str | None] = weighted(_FOOD["vocational_field"])
FOOD_WAGE: tuple[float, float] = _frozen(_FOOD["hourly_wage"])

# orderly
ORDERLY_VARIANT: Choice[str] = weighted(_ORDERLY["variant"])
ORDERLY_NAICS: Choice[str] = weighted(_ORDERLY["naics"])
NURSE_NOC: Choice[str] = weighted(_ORDERLY["nurse_noc"])
PRE_ORDERLY_JOB: Choice[tuple[str, str, str]] = weighted(_ORDERLY["pre_orderly_job"])
ORDERLY_WAGE: tuple[float, float] = _frozen(_ORDERLY["hourly_wage"])
PRE_ORDERLY_WAGE: tuple[float, float] = _frozen(_ORDERLY["pre_orderly_hourly_wage"])
ORDERLY_AGE: tuple[int, int, int] = _age(_ORDERLY["age"])
ORDERLY_SHARES: dict[str, float] = dict(_ORDERLY["shares"])

# AI
AI_GRADUATE_AGE: tuple[int, int, int] = _age(_AI["age"]["quebec_graduate"])
AI_WORKER_AGE: tuple[int, int, int] = _age(_AI["age"]["foreign_worker"])
AI_SHARES: dict[str, float] = dict(_AI["shares"])
AI_RA_SALARY: tuple[int, int] = _frozen(_AI["research_assistant_salary"]["current"])
AI_EARLIER_RA_SALARY: tuple[int, int] = _frozen(_AI["research_assistant_salary"]["earlier"])
AI_EARLIER_SALARY: tuple[int, int] = _frozen(_AI["earlier_job_salary"])
AI_NOC: Choice[str] = weighted(_AI["noc"])
AI_NAICS: Choice[str] = weighted(_AI["naics"])
AI_PRIOR_NOC: Choice[str] = weighted(_AI["prior_noc"])
AI_FIELD: Choice[str] = weighted(_AI["field"])
AI_FW_LEVEL: Choice[str] = weighted(_AI["foreign_worker_level"])
AI_QG_LEVEL: Choice[str] = weighted(_AI["quebec_graduate_level"])
#: earliest age (in days) at which each graduate diploma is plausibly obtained
GRAD_MIN_AGE: dict[str, int] = {level: int(age * DAYS_PER_YEAR) for level, age in _AI["graduate_min_age"].items()}
DOCTORATE_MIN_AGE: int = int(_AI["doctorate_min_age"] * DAYS_PER_YEAR)
QG_MONTHS: dict[str, tuple[int, int]] = {level: _frozen(span) for level, span in _AI["quebec_graduate_months"].items()}
AI_SALARY: tuple[int, int, int] = (_AI["salary"]["low"], _AI["salary"]["high"], _AI["salary"]["mode"])

# IT / visual effects
#: occupation -> (salary low, salary mode, salary high)
ITVE_SALARY: dict[str, tuple[int, int, int]] = {
    noc: (spec["low"], spec["mode"], spec["high"]) for noc, spec in _ITVE["occupations"].items()
}
ITVE_NOC: Choice[str] = weighted([[noc, spec["weight"]] for noc, spec in _ITVE["occupations"].items()])
ITVE_EMPLOYER: dict[str, Choice[tuple[str, str]]] = {
    noc: weighted(spec) for noc, spec in _ITVE["employer_by_noc"].items()
}
IT_EMPLOYER: Choice[tuple[str, str]] = weighted(_ITVE["it_employer"])
ITVE_LEVEL: Choice[str] = weighted(_ITVE["level"])
ITVE_AGE: tuple[int, int, int] = _age(_ITVE["age"])
ITVE_SHARES: dict[str, float] = dict(_ITVE["shares"])
ITVE_RETAIL_WAGE: tuple[float, float] = _frozen(_ITVE["retail_hourly_wage"])
ITVE_FIELD: dict[str, str] = dict(_ITVE["field_by_noc"])
#: level -> (typical age at graduation low, high, full-time months)
ITVE_LEVEL_AGES: dict[str, tuple[int, int, int]] = {level: _frozen(v) for level, v in _ITVE["level_ages"].items()}

# other
#: (noc, NAICS options, sector, hourly wage low, hourly wage high)
OTHER_JOB: Choice[tuple[str, tuple[str, ...], str, float, float]] = weighted(
    [[[j["noc"], j["naics"], j["sector"], *j["hourly_wage"]], j["weight"]] for j in _OTHER["jobs"]]
)
OTHER_DIPLOMA: Choice[str | None] = weighted(_OTHER["diploma"])
OTHER_AGE: tuple[int, int, int] = _age(_OTHER["age"])
OTHER_SHARES: dict[str, float] = dict(_OTHER["shares"])
#: level -> (typical age at graduation low, high, full-time months)
OTHER_LEVEL_AGES: dict[str, tuple[int, int, int]] = {level: _frozen(v) for level, v in _OTHER["level_ages"].items()}
