"""A seeded synthetic cohort of realistic applicant profiles.

The cohort feeds benchmarks, batch runs, property tests and notebooks with profiles
that look like the people who actually consider the three Québec pilot programs
(food processing, orderlies, AI / IT / visual effects), plus a share of people who
fit none of them. Every profile is a validated :class:`solver.applicant.Applicant`;
none of the generator's choices consult the rules engine, so the cohort is an
independent input, not a reflection of the evaluator.

Public functions
----------------
- :func:`generate_cohort` / :func:`iter_cohort`: ``n`` profiles for a seed and a
  reference date ("today" of the cohort); the iterator is lazy and yields the same
  sequence. The sequence is *prefix-stable*: the first ``k`` profiles of a cohort of
  ``n >= k`` are the cohort of ``k``.
- :func:`generate_labelled_cohort` / :func:`iter_labelled_cohort`: the same profiles,
  each paired with its archetype label (the label is not an ``Applicant`` field).
- :func:`cohort_frame_records`: flat, one-row-per-profile dictionaries for a
  ``pandas.DataFrame`` in notebooks.

Determinism
-----------
All draws come from one ``random.Random(seed)`` owned by the generator (never the
global ``random`` state), consumed in a fixed order, so a seed and a reference date
fully determine the cohort on every platform. Only ``random()`` (whose sequence
Python guarantees across versions), ``uniform``, ``gauss`` and ``triangular`` (pure-Python
functions of it) are used: no ``randint``/``choice``, whose algorithms may change.

Archetypes and shares (``ARCHETYPE_SHARES``)
--------------------------------------------
=================  =====  ==========================================================
label              share  reasoning
=================  =====  ==========================================================
``food``           0.30   Intake cap 600 a window, the largest single-program pool:
                          plant labourers on closed work permits (TFWP) in meat,
                          poultry and seafood plants.
``orderly``        0.25   Intake cap 600 a window; the Québec orderly shortage and the
                          paid DEP 5358 training drives made the work-study stream
                          popular.
``ai``             0.15   300 AI places a window (150 francization); a small,
                          well-paid population concentrated in Montréal.
``it_ve``          0.20   300 IT-VE places a window but a much larger pool than AI
                          (its francization intake filled first, on 2022-06-30).
``other``          0.10   People who fit no program (retail, cashiers, drivers…):
                          they exercise ``not_eligible`` verdicts and long gap plans.
=================  =====  ==========================================================

Within the archetypes:

- **food** — current job in NOC 2021 95106 (40 %), 94141 (20 %), 94140 (12 %),
  65311 (8 %), 95107 (7 %), 85100 (7 %, of whom 70 % with role ``chicken_catcher``,
  the others ``livestock_labourer``) or 94142 (6 %); ~85 % of the employers are in
  NAICS 311xxx / 3121xx, the rest in grocery (445110), refrigerated warehousing,
  janitorial services, broiler farms or meat wholesalers (ineligible sectors on
  purpose). Earlier episodes are other plants in Québec, the same trade abroad, or an
  unrelated Québec job. Diplomas: DES (50 %), DEP (25 %), DEC (5 %), none listed
  (20 %); about one in eight programs is shorter than the 12 months the rules ask
  for. Wages $16.50–26 an hour.
- **orderly** — three variants: *experienced* (40 %: an orderly in Québec, NOC 33102 in
  NAICS 623110 / 622111 / 623310 / 621610, earlier orderly jobs, unrelated jobs or
  health-care jobs abroad; a DEP 5358 of years ago, an orderly diploma from abroad, a
  DES or a nursing DEC); *work-study* (35 %: a Québec DEP 5358, field ``orderly``, obtained 8–30
  months ago, the orderly job usually starting after it, sometimes during the studies);
  *nurse from abroad* (25 %: registered / practical nurse or nursing coordinator
  abroad — 31301, 32101, 31300, with ``basic_personal_care`` true 85 % of the time —
  now an orderly in Québec). Wages $19–28 an hour.
- **ai** — *foreign worker* (65 %: bachelor 35 %, master 45 %, doctorate 20 %, mostly from
  abroad, some master's / doctorates obtained in the last 12 months) or *Québec
  graduate* (35 %: DESS 30 %, master 55 %, doctorate 15 % from a Québec institution,
  obtained 1–30 months ago, ``share_studied_in_quebec`` usually 1.0, sometimes below
  0.5; part-time research assistantships, NOC 41201, during the program, and half of
  those who graduated less than 8 months ago are still assistants holding an accepted
  AI offer). AI jobs are NOC 21211 / 21231 / 21232 in the ``ai`` sector, $70,000–140,000
  (mode $95,000), the employer in the CMM 85 % of the time. ~12 % live abroad and most
  of those hold an accepted Québec job offer; ~8 % of the others hold an offer for a new
  job. Expert committee: 30 % favourable, 4 % unfavourable, otherwise not yet given.
- **it_ve** — NOC 21232, 21231, 21234, 22220, 52120, 51120, 52113, 20012, 21310, 22310,
  21220–21222 with occupation-specific salaries; technical DEC (35 %), bachelor
  (48 %), master (12 %) or a general DEC (5 %). Visual-effects occupations work in film
  production / post-production (sector ``visual_effects``), designers in graphic
  design, the others in software / IT services (sector ``it``). ~14 % abroad, most of
  them with an accepted offer.
- **other** — retail salespersons (64100), cashiers, kitchen helpers, material handlers,
  truck drivers, home support workers, cooks, administrative assistants, shippers.

Common dimensions
-----------------
- **NOC coding.** About 10 % of the profiles (each profile as a whole: every episode
  and the offer) use NOC 2016 four-digit codes (``NOC_2021_TO_2016``; for the codes
  the rules name, the same correspondence as ``rules/data/catalog.yaml``), as an
  applicant copying a 2021-edition form would. Every code is a real NOC code
  (``NOC_TITLES``).
- **Ages** ~19–55 (triangular, archetype-specific modes); 0.5 % of food / other
  profiles are 17, to exercise the age criterion.
- **French** (oral levels on the Échelle québécoise): comprehension ~ N(archetype
  mean 5.5–7, sd 1.8) clipped to 3–10, production within −2…+2 of it (usually equal
  or a little lower); assessed uniformly 0–30 months before the reference date, so
  about 20 % of the results are more than 24 months old. 8 % (12 % for AI / IT-VE)
  have ``french: null``.
- **Work histories.** 1–3 episodes starting 6–72 months before the reference date,
  oldest first; earlier episodes end shortly before (sometimes shortly after) the next
  one starts, and abroad episodes come before Québec ones; the last one is still held
  85–93 % of the time. About 85 % full-time (35 / 37.5 / 40 h), 12 % part-time
  (20–28 h), 3 % unknown hours. ``paid`` and
  ``authorized`` are true 95 %, unknown 3 %, false 2 %. Abroad episodes carry no
  salary and no CMM flag.
- **Declarations.** ``intends_to_settle_in_quebec``, ``respected_conditions_of_stay``
  and ``self_sufficiency_undertaking`` are mostly true with some null / false;
  ``commits_to_learn_french`` is given by about half (85 % of them true);
  ``controls_employer`` is false 92 %, true 3 %, unknown 5 %.
- **Status in Québec.** Mostly ``worker``; some ``abroad``, ``student``,
  ``youth_exchange``, ``spouse_open_work_permit``, ``visitor``, ``other`` or unknown,
  in archetype-specific proportions. A profile ``abroad`` holds its current job abroad.

Date consistency: every date exists; episodes start before the reference date and end
on or after their start; birth dates and diplomas are before the reference date (a
diploma after the 16th birthday); offers start after the reference date or are
undated; French assessments are on or before the reference date.

Speed: profiles are built as plain dictionaries of ``date`` objects and validated with
one :meth:`Applicant.model_validate` call each — the fastest validating path measured
(calling the nested model constructors was about 1.5 times slower; ``model_construct``
would skip validation and is not used). :func:`generate_cohort` pauses the cyclic
garbage collector while it materialises the list (see ``_gc_paused``). 100,000
profiles take about 3.5-4 s on a 2-core machine in plain Python.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, Generic, TypeVar

from solver.applicant import DIPLOMA_RANK, Applicant

__all__ = [
    "ARCHETYPE_SHARES",
    "DEFAULT_REFERENCE_DATE",
    "NOC_2021_TO_2016",
    "NOC_TITLES",
    "cohort_frame_records",
    "generate_cohort",
    "generate_labelled_cohort",
    "iter_cohort",
    "iter_labelled_cohort",
]

#: The default "today" of a cohort (a Monday inside the 2023-24 intake window).
DEFAULT_REFERENCE_DATE = date(2024, 6, 3)

#: Share of each archetype in the cohort (sums to 1); see the module docstring.
ARCHETYPE_SHARES: dict[str, float] = {
    "food": 0.30,
    "orderly": 0.25,
    "ai": 0.15,
    "it_ve": 0.20,
    "other": 0.10,
}

#: NOC 2021 -> NOC 2016 for every code the generator uses. Where the rules name a code,
#: this follows ``rules/data/catalog.yaml`` (e.g. 21234 -> 2174).
NOC_2021_TO_2016: dict[str, str] = {
    # food processing
    "94141": "9462",
    "95106": "9617",
    "95107": "9618",
    "65311": "6732",
    "94140": "9461",
    "94142": "9463",
    "85100": "8431",
    "85101": "8611",
    "92012": "9213",
    # health
    "33102": "3413",
    "31300": "3011",
    "31301": "3012",
    "32101": "3233",
    # AI / IT / visual effects
    "21211": "2171",
    "21220": "2171",
    "21221": "2171",
    "21222": "2171",
    "21223": "2172",
    "21230": "2174",
    "21231": "2173",
    "21232": "2174",
    "21234": "2174",
    "22220": "2281",
    "20012": "0213",
    "21310": "2133",
    "22310": "2241",
    "51120": "5131",
    "52113": "5225",
    "52120": "5241",
    "41201": "4012",
    # other
    "64100": "6421",
    "65100": "6611",
    "65201": "6711",
    "75101": "7452",
    "73300": "7511",
    "44101": "4412",
    "63200": "6322",
    "13110": "1241",
    "14400": "1521",
}

#: English titles of every NOC 2021 and NOC 2016 code the generator can emit.
NOC_TITLES: dict[str, str] = {
    # NOC 2021
    "94141": "Industrial butchers and meat cutters, poultry preparers and related workers",
    "95106": "Labourers in food and beverage processing",
    "95107": "Labourers in fish and seafood processing",
    "65311": "Specialized cleaners",
    "94140": "Process control and machine operators, food and beverage processing",
    "94142": "Fish and seafood plant workers",
    "85100": "Livestock labourers",
    "85101": "Harvesting labourers",
    "92012": "Supervisors, food and beverage processing",
    "33102": "Nurse aides, orderlies and patient service associates",
    "31300": "Nursing coordinators and supervisors",
    "31301": "Registered nurses and registered psychiatric nurses",
    "32101": "Licensed practical nurses",
    "21211": "Data scientists",
    "21220": "Cybersecurity specialists",
    "21221": "Business systems specialists",
    "21222": "Information systems specialists",
    "21223": "Database analysts and data administrators",
    "21230": "Computer systems developers and programmers",
    "21231": "Software engineers and designers",
    "21232": "Software developers and programmers",
    "21234": "Web developers and programmers",
    "22220": "Computer network and web technicians",
    "20012": "Computer and information systems managers",
    "21310": "Electrical and electronics engineers",
    "22310": "Electrical and electronics engineering technologists and technicians",
    "51120": "Producers, directors, choreographers and related occupations",
    "52113": "Audio and video recording technicians",
    "52120": "Graphic designers and illustrators",
    "41201": "Post-secondary teaching and research assistants",
    "64100": "Retail salespersons and visual merchandisers",
    "65100": "Cashiers",
    "65201": "Food counter attendants, kitchen helpers and related support occupations",
    "75101": "Material handlers",
    "73300": "Transport truck drivers",
    "44101": "Home support workers, caregivers and related occupations",
    "63200": "Cooks",
    "13110": "Administrative assistants",
    "14400": "Shippers and receivers",
    # NOC 2016
    "9462": "Industrial butchers and meat cutters, poultry preparers and related workers",
    "9617": "Labourers in food and beverage processing",
    "9618": "Labourers in fish and seafood processing",
    "6732": "Specialized cleaners",
    "9461": "Process control and machine operators, food, beverage and associated products processing",
    "9463": "Fish and seafood plant workers",
    "8431": "General farm workers",
    "8611": "Harvesting labourers",
    "9213": "Supervisors, food and beverage processing",
    "3413": "Nurse aides, orderlies and patient service associates",
    "3011": "Nursing co-ordinators and supervisors",
    "3012": "Registered nurses and registered psychiatric nurses",
    "3233": "Licensed practical nurses",
    "2171": "Information systems analysts and consultants",
    "2172": "Database analysts and data administrators",
    "2173": "Software engineers and designers",
    "2174": "Computer programmers and interactive media developers",
    "2281": "Computer network technicians",
    "0213": "Computer and information systems managers",
    "2133": "Electrical and electronics engineers",
    "2241": "Electrical and electronics engineering technologists and technicians",
    "5131": "Producers, directors, choreographers and related occupations",
    "5225": "Audio and video recording technicians",
    "5241": "Graphic designers and illustrators",
    "4012": "Post-secondary teaching and research assistants",
    "6421": "Retail salespersons",
    "6611": "Cashiers",
    "6711": "Food counter attendants, kitchen helpers and related support occupations",
    "7452": "Material handlers",
    "7511": "Transport truck drivers",
    "4412": "Home support workers, housekeepers and related occupations",
    "6322": "Cooks",
    "1241": "Administrative assistants",
    "1521": "Shippers and receivers",
}

# ---------------------------------------------------------------------------------------
# Small, fast helpers. Dates are handled as proleptic ordinals (ints) until the end.
# ---------------------------------------------------------------------------------------

T = TypeVar("T")

_DAYS_PER_MONTH = 365.25 / 12
_DAYS_PER_YEAR = 365.25
_MIN_START = round(72 * _DAYS_PER_MONTH)  # oldest episode start: 72 months back
_MAX_START = round(6 * _DAYS_PER_MONTH) + 1  # latest episode start: 6 months back
_FRENCH_MAX_AGE = round(30 * _DAYS_PER_MONTH)  # assessments 0-30 months old
_d = date.fromordinal


class _Choice(Generic[T]):
    """A weighted categorical distribution, sampled with one ``random()`` and a bisect."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, weighted: Sequence[tuple[T, float]]) -> None:
        self.items: list[T] = [item for item, _ in weighted]
        self.cum: list[float] = []
        acc = 0.0
        for _, weight in weighted:
            acc += weight
            self.cum.append(acc)
        self.total = acc

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _ri(rng: random.Random, a: int, b: int) -> int:
    """An integer uniform on ``[a, b]`` (a faster ``randint`` built on ``random()``)."""
    return a + int(rng.random() * (b - a + 1))


def _pick(rng: random.Random, seq: Sequence[T]) -> T:
    """A uniform element of ``seq`` (a faster ``choice`` built on ``random()``)."""
    return seq[int(rng.random() * len(seq))]


def _abroad_first(rng: random.Random, m: int, p_quebec: float) -> list[bool]:
    """``in_quebec`` flags of ``m`` earlier episodes, the abroad ones first (migrants
    usually work abroad before coming to Québec, rarely the reverse)."""
    return sorted(rng.random() < p_quebec for _ in range(m))


def _tri(rng: random.Random, p_true: float, p_none: float) -> bool | None:
    """True with ``p_true``, None with ``p_none``, otherwise False."""
    u = rng.random()
    if u < p_true:
        return True
    if u < p_true + p_none:
        return None
    return False


def _birth(rng: random.Random, ref: int, lo: float, hi: float, mode: float, p17: float = 0.0) -> int:
    """A birth ordinal giving an age (in years on ``ref``) ~ triangular(lo, hi, mode)."""
    age = rng.uniform(17.02, 17.97) if p17 and rng.random() < p17 else rng.triangular(lo, hi, mode)
    return ref - int(age * _DAYS_PER_YEAR)


def _obtained(rng: random.Random, ref: int, birth: int, age_lo: float, age_hi: float) -> int:
    """When a diploma was obtained: at a typical age, but before ``ref`` and after age 16.5."""
    when = birth + int(rng.uniform(age_lo, age_hi) * _DAYS_PER_YEAR)
    latest = ref - 30
    if when > latest:
        when = latest - _ri(rng, 0, 300)
    return min(max(when, birth + int(16.5 * _DAYS_PER_YEAR)), ref - 1)


def _diploma(
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


_FULL_TIME_HOURS = _Choice([(40.0, 0.45), (37.5, 0.30), (35.0, 0.25)])


def _hours(rng: random.Random, full_time_bias: float = 0.0) -> float | None:
    """Weekly hours: 80 % full-time (35-40), 16 % part-time (20-28), 4 % unknown.

    ``full_time_bias`` is an extra probability of a 37.5-40 h week drawn first.
    """
    if full_time_bias and rng.random() < full_time_bias:
        return 40.0 if rng.random() < 0.5 else 37.5
    u = rng.random()
    if u < 0.80:
        return _FULL_TIME_HOURS(rng)
    if u < 0.96:
        return float(_ri(rng, 20, 28))
    return None


def _episode(
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
        "paid": _tri(rng, 0.95, 0.03),
        "authorized": _tri(rng, 0.95, 0.03),
        "basic_personal_care": care,
        "start": _d(start),
        "end": None if end is None else _d(end),
        "annual_salary": salary,
        "employer_in_cmm": cmm if in_quebec else None,
        "sector": sector,
    }


def _annual(rng: random.Random, hourly_lo: float, hourly_hi: float, hours: float | None) -> float:
    """Annual gross pay from an hourly wage, rounded to $100."""
    return round(rng.uniform(hourly_lo, hourly_hi) * (hours or 37.5) * 52, -2)


_N_EPISODES = _Choice([(1, 0.42), (2, 0.38), (3, 0.20)])


def _timeline(
    rng: random.Random, ref: int, k: int, *, last_start: int | None = None, ongoing: float = 0.87
) -> list[tuple[int, int | None]]:
    """``k`` (start, end) ordinal pairs, oldest first, starting 6-72 months before ``ref``.

    Earlier episodes end a little before (or, for overlaps, just after) the next one
    starts; the last episode is ongoing (``end`` None) with probability ``ongoing``.
    """
    lo, hi = ref - _MIN_START, ref - _MAX_START
    if last_start is None:
        starts = sorted(_ri(rng, lo, hi) for _ in range(k))
    else:
        last_start = min(max(last_start, lo), hi)
        room = last_start - 45 - lo
        k = k if room > 0 else 1
        starts = sorted(_ri(rng, lo, last_start - 45) for _ in range(k - 1))
        starts.append(last_start)
    out: list[tuple[int, int | None]] = []
    for i in range(k - 1):
        end = starts[i + 1] - _ri(rng, -20, 120)
        out.append((starts[i], max(end, starts[i] + 14)))
    last = starts[-1]
    out.append((last, None if rng.random() < ongoing else _ri(rng, last + 60, ref - 1)))
    return out


def _french(rng: random.Random, ref: int, mean: float, p_null: float) -> dict[str, Any] | None:
    """Oral French levels (3-10, production close to comprehension) and assessment date."""
    if rng.random() < p_null:
        return None
    oc = min(10, max(3, round(rng.gauss(mean, 1.8))))
    op = min(10, max(3, oc + _PRODUCTION_DELTA(rng)))
    assessed = ref - _ri(rng, 0, _FRENCH_MAX_AGE)
    return {"oral_comprehension": oc, "oral_production": op, "assessed_on": _d(assessed)}


_PRODUCTION_DELTA = _Choice([(-2, 0.10), (-1, 0.30), (0, 0.42), (1, 0.15), (2, 0.03)])


def _offer(
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
        "start": None if rng.random() < 0.15 else _d(ref + _ri(rng, 14, 120)),
    }


# ---------------------------------------------------------------------------------------
# Archetypes. Each returns (status, birth ordinal, diplomas, episodes, offer); the common
# dimensions (French, declarations, NOC coding) are added by ``_profile``.
# ---------------------------------------------------------------------------------------

_Parts = tuple[str | None, int, list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]

_QC_WORK_STATUS = {
    "food": _Choice(
        [
            ("worker", 0.86),
            ("spouse_open_work_permit", 0.05),
            ("youth_exchange", 0.03),
            ("abroad", 0.02),
            ("visitor", 0.01),
            ("other", 0.01),
            (None, 0.02),
        ]
    ),
    "orderly": _Choice(
        [
            ("worker", 0.82),
            ("student", 0.05),
            ("spouse_open_work_permit", 0.05),
            ("youth_exchange", 0.02),
            ("abroad", 0.02),
            ("other", 0.02),
            (None, 0.02),
        ]
    ),
    "ai": _Choice(
        [
            ("worker", 0.70),
            ("abroad", 0.12),
            ("student", 0.10),
            ("spouse_open_work_permit", 0.03),
            ("youth_exchange", 0.02),
            (None, 0.03),
        ]
    ),
    "it_ve": _Choice(
        [
            ("worker", 0.72),
            ("abroad", 0.14),
            ("youth_exchange", 0.04),
            ("spouse_open_work_permit", 0.04),
            ("student", 0.03),
            (None, 0.03),
        ]
    ),
    "other": _Choice(
        [
            ("worker", 0.55),
            ("spouse_open_work_permit", 0.10),
            ("youth_exchange", 0.08),
            ("student", 0.10),
            ("visitor", 0.07),
            ("abroad", 0.05),
            ("other", 0.03),
            (None, 0.02),
        ]
    ),
}

# --- food -------------------------------------------------------------------------------

_FOOD_NOC = _Choice(
    [
        ("95106", 0.40),
        ("94141", 0.20),
        ("94140", 0.12),
        ("65311", 0.08),
        ("95107", 0.07),
        ("85100", 0.07),
        ("94142", 0.06),
    ]
)
_FOOD_NAICS_BY_NOC: dict[str, _Choice[str]] = {
    "95106": _Choice(
        [
            ("311615", 3),
            ("311614", 2),
            ("311611", 1.5),
            ("311814", 1.5),
            ("311410", 1),
            ("311420", 1),
            ("311515", 1),
            ("311919", 0.5),
            ("311990", 0.5),
            ("312120", 0.5),
            ("312110", 0.5),
        ]
    ),
    "94141": _Choice([("311615", 4), ("311611", 3), ("311614", 3)]),
    "94140": _Choice(
        [
            ("311515", 2),
            ("311511", 1),
            ("311814", 2),
            ("311410", 1),
            ("311420", 1),
            ("312120", 1),
            ("312130", 0.5),
            ("312140", 0.5),
            ("311919", 1),
        ]
    ),
    "65311": _Choice([("311615", 2), ("311611", 2), ("311614", 1), ("311515", 1)]),
    "95107": _Choice([("311710", 1)]),
    "94142": _Choice([("311710", 1)]),
    "85100": _Choice([("311615", 1)]),
}
#: Ineligible-sector employers for the same occupations (about 15 % of food jobs).
_FOOD_OFFSECTOR: dict[str, _Choice[tuple[str, str]]] = {
    "95106": _Choice([(("445110", "retail"), 2), (("493120", "warehousing"), 1)]),
    "94141": _Choice([(("445110", "retail"), 2), (("413160", "wholesale"), 1)]),
    "94140": _Choice([(("493120", "warehousing"), 1)]),
    "65311": _Choice([(("561722", "cleaning"), 1)]),
    "95107": _Choice([(("445110", "retail"), 1)]),
    "94142": _Choice([(("445110", "retail"), 1)]),
    "85100": _Choice([(("112320", "agriculture"), 2), (("115210", "agriculture"), 1)]),
}
_FOOD_ROLE: dict[str, _Choice[str | None]] = {
    "85100": _Choice([("chicken_catcher", 0.70), ("livestock_labourer", 0.30)]),
    "94141": _Choice([(None, 0.6), ("poultry_preparer", 0.2), ("meat_cutter", 0.2)]),
    "95106": _Choice([(None, 0.85), ("packer", 0.10), ("sanitation", 0.05)]),
}
_QC_SIDE_JOB = _Choice(
    [
        (("65201", "722512", "food_service"), 1),
        (("64100", "445110", "retail"), 1),
        (("75101", "493110", "warehousing"), 1),
        (("85101", "111419", "agriculture"), 1),
    ]
)
_FOOD_DIPLOMA = _Choice([("secondary", 0.50), ("vocational", 0.25), ("college", 0.05), (None, 0.20)])
_VOC_FIELD = _Choice([("food_processing", 2), ("butchery", 2), ("mechanics", 1), ("welding", 1), (None, 1)])


def _food_job(rng: random.Random, noc: str | None = None) -> tuple[str, str, str | None, str]:
    """(noc, naics, role, sector) of a food-processing job; ~15 % in an ineligible sector."""
    noc = noc or _FOOD_NOC(rng)
    if rng.random() < 0.15:
        naics, sector = _FOOD_OFFSECTOR[noc](rng)
    else:
        naics, sector = _FOOD_NAICS_BY_NOC[noc](rng), "food_processing"
    role_choice = _FOOD_ROLE.get(noc)
    return noc, naics, role_choice(rng) if role_choice else None, sector


def _food(rng: random.Random, ref: int) -> _Parts:
    status = _QC_WORK_STATUS["food"](rng)
    birth = _birth(rng, ref, 19, 55, 30, p17=0.005)
    diplomas: list[dict[str, Any]] = []
    level = _FOOD_DIPLOMA(rng)
    if level == "secondary":
        months = 36 if rng.random() < 0.88 else _ri(rng, 6, 11)
        diplomas.append(_diploma("secondary", _obtained(rng, ref, birth, 17, 19), months=months))
    elif level == "vocational":
        months = _ri(rng, 12, 24) if rng.random() < 0.85 else _ri(rng, 6, 11)
        diplomas.append(
            _diploma(
                "vocational",
                _obtained(rng, ref, birth, 18, 30),
                field=_VOC_FIELD(rng),
                in_quebec=rng.random() < 0.1,
                months=months,
            )
        )
    elif level == "college":
        diplomas.append(_diploma("college", _obtained(rng, ref, birth, 19, 24), months=24))

    current_noc, naics, role, sector = _food_job(rng)
    abroad = status == "abroad"
    eps: list[dict[str, Any]] = []
    timeline = _timeline(rng, ref, _N_EPISODES(rng), ongoing=0.88)
    flags = _abroad_first(rng, len(timeline) - 1, 0.7)
    for i, (start, end) in enumerate(timeline):
        hours = _hours(rng, full_time_bias=0.3)
        if i == len(timeline) - 1:
            noc_i, naics_i, role_i, sector_i, in_qc = current_noc, naics, role, sector, not abroad
        elif not flags[i]:  # the same trade abroad (30 %)
            noc_i, naics_i, role_i, sector_i = _food_job(rng, current_noc)
            in_qc = False
        elif rng.random() < 0.78:  # another plant in Québec (55 %)
            noc_i, naics_i, role_i, sector_i = _food_job(rng, current_noc if rng.random() < 0.6 else None)
            in_qc = True
        else:  # an unrelated Québec job (15 %)
            (noc_i, naics_i, sector_i), role_i, in_qc = _QC_SIDE_JOB(rng), None, True
        salary = _annual(rng, 16.5, 26.0, hours) if in_qc else None
        eps.append(
            _episode(
                rng,
                noc_i,
                naics_i,
                start,
                end,
                role=role_i,
                in_quebec=in_qc,
                hours=hours,
                salary=salary,
                cmm=rng.random() < 0.3,
                sector=sector_i,
            )
        )
    return status, birth, diplomas, eps, None


# --- orderly ----------------------------------------------------------------------------

_ORDERLY_VARIANT = _Choice([("experienced", 0.40), ("work_study", 0.35), ("nurse_abroad", 0.25)])
_ORDERLY_NAICS = _Choice([("623110", 0.45), ("622111", 0.30), ("623310", 0.15), ("621610", 0.10)])
_NURSE_NOC = _Choice([("31301", 0.55), ("32101", 0.35), ("31300", 0.10)])
_PRE_ORDERLY_JOB = _Choice(
    [
        (("65311", "561722", "cleaning"), 1),
        (("65201", "722512", "food_service"), 1),
        (("44101", "621610", "health"), 1),
        (("64100", "445110", "retail"), 1),
    ]
)


def _orderly_job(rng: random.Random, start: int, end: int | None) -> dict[str, Any]:
    hours = _hours(rng, full_time_bias=0.25)
    return _episode(
        rng,
        "33102",
        _ORDERLY_NAICS(rng),
        start,
        end,
        hours=hours,
        care=True if rng.random() < 0.97 else None,
        salary=_annual(rng, 19.0, 28.0, hours),
        cmm=rng.random() < 0.55,
        sector="health",
    )


def _dep_5358(rng: random.Random, obtained: int) -> dict[str, Any]:
    months = _ri(rng, 8, 12) if rng.random() < 0.8 else _ri(rng, 12, 15)
    share = 1.0 if rng.random() < 0.9 else round(rng.uniform(0.6, 0.95), 2)
    return _diploma(
        "vocational",
        obtained,
        field="orderly",
        in_quebec=True,
        months=months,
        program_code="5358",
        share=share,
    )


def _pre_orderly_episode(rng: random.Random, start: int, end: int, in_qc: bool) -> dict[str, Any]:
    """An unrelated job held before becoming an orderly (in Québec or abroad)."""
    noc, naics, sector = _PRE_ORDERLY_JOB(rng)
    hours = _hours(rng)
    salary = _annual(rng, 15.5, 20.0, hours) if in_qc else None
    return _episode(
        rng, noc, naics, start, end, in_quebec=in_qc, hours=hours, salary=salary, cmm=rng.random() < 0.5, sector=sector
    )


def _orderly(rng: random.Random, ref: int) -> _Parts:
    status = _QC_WORK_STATUS["orderly"](rng)
    variant = _ORDERLY_VARIANT(rng)
    birth = _birth(rng, ref, 20, 55, 33)
    abroad_now = status == "abroad"
    diplomas: list[dict[str, Any]] = []
    eps: list[dict[str, Any]] = []

    if variant == "work_study":
        obtained = ref - _ri(rng, round(8 * _DAYS_PER_MONTH), round(30 * _DAYS_PER_MONTH))
        if rng.random() < 0.6:
            diplomas.append(_diploma("secondary", _obtained(rng, ref, birth, 17, 19), months=36))
        dep = _dep_5358(rng, obtained)
        diplomas.append(dep)
        study_start = obtained - int(dep["full_time_months"] * _DAYS_PER_MONTH)
        # usually hired after the DEP, sometimes already during the studies
        shift = _ri(rng, 0, 90) if rng.random() < 0.8 else -_ri(rng, 30, 180)
        timeline = _timeline(rng, ref, _pick(rng, (1, 1, 2)), last_start=obtained + shift, ongoing=0.92)
        flags = _abroad_first(rng, len(timeline) - 1, 0.6)
        for (start, end), in_qc in zip(timeline[:-1], flags, strict=True):
            if not in_qc and start + 30 <= study_start:  # recruited abroad: left that job to study
                eps.append(_pre_orderly_episode(rng, start, min(end or study_start, study_start), False))
            else:  # a side job in Québec, possibly while studying
                eps.append(_pre_orderly_episode(rng, start, end or start + 30, True))
        eps.append(_orderly_job(rng, *timeline[-1]))
        return status, birth, diplomas, eps, None

    p_quebec = 0.75
    if variant == "experienced":
        u = rng.random()
        if u < 0.40:
            diplomas.append(_dep_5358(rng, _obtained(rng, ref, birth, 20, 35)))
            p_quebec = 1.0
        elif u < 0.70:
            diplomas.append(
                _diploma(
                    "vocational",
                    _obtained(rng, ref, birth, 19, 30),
                    field="orderly",
                    months=_pick(rng, (10, 12, 12, 18, 24)),
                )
            )
        elif u < 0.90:
            diplomas.append(_diploma("secondary", _obtained(rng, ref, birth, 17, 19), months=36))
        else:
            diplomas.append(_diploma("college", _obtained(rng, ref, birth, 20, 25), field="nursing", months=36))
        k = _N_EPISODES(rng)
    else:  # nurse_abroad
        level = "bachelor" if rng.random() < 0.6 else "college"
        months = 48 if level == "bachelor" else 36
        diplomas.append(_diploma(level, _obtained(rng, ref, birth, 21, 26), field="nursing", months=months))
        p_quebec = 0.0
        k = _pick(rng, (2, 2, 3))
    if abroad_now:
        p_quebec = 0.0
    timeline = _timeline(rng, ref, k, ongoing=0.9)
    flags = [*_abroad_first(rng, len(timeline) - 1, p_quebec), not abroad_now]
    for i, ((start, end), in_qc) in enumerate(zip(timeline, flags, strict=True)):
        if in_qc and (i == len(timeline) - 1 or rng.random() < 0.65):
            eps.append(_orderly_job(rng, start, end))
        elif in_qc:
            eps.append(_pre_orderly_episode(rng, start, end or start + 30, True))
        else:  # health care abroad
            noc = _NURSE_NOC(rng) if variant == "nurse_abroad" else _pick(rng, ("33102", "32101"))
            eps.append(
                _episode(
                    rng,
                    noc,
                    "622111",
                    start,
                    end,
                    in_quebec=False,
                    hours=_hours(rng, 0.3),
                    care=_tri(rng, 0.85, 0.05),
                    sector="health",
                )
            )
    return status, birth, diplomas, eps, None


# --- AI ---------------------------------------------------------------------------------

_AI_NOC = _Choice([("21211", 0.45), ("21231", 0.30), ("21232", 0.25)])
_AI_NAICS = _Choice(
    [("541715", 0.35), ("541511", 0.20), ("541512", 0.15), ("513210", 0.15), ("518210", 0.10), ("522111", 0.05)]
)
_AI_PRIOR_NOC = _Choice([("21231", 0.3), ("21232", 0.3), ("21211", 0.2), ("21223", 0.1), ("21234", 0.1)])
_AI_FIELD = _Choice(
    [
        ("computer_science", 0.40),
        ("artificial_intelligence", 0.20),
        ("mathematics", 0.10),
        ("statistics", 0.10),
        ("electrical_engineering", 0.10),
        ("physics", 0.10),
    ]
)
_AI_FW_LEVEL = _Choice([("bachelor", 0.35), ("master", 0.45), ("doctorate", 0.20)])
_AI_QG_LEVEL = _Choice([("graduate_diploma", 0.30), ("master", 0.55), ("doctorate", 0.15)])
#: earliest age (in days) at which each graduate diploma is plausibly obtained
_GRAD_MIN_AGE = {
    "graduate_diploma": int(22 * _DAYS_PER_YEAR),
    "master": int(23 * _DAYS_PER_YEAR),
    "doctorate": int(28 * _DAYS_PER_YEAR),
}
_DOCTORATE_MIN_AGE = int(28.5 * _DAYS_PER_YEAR)
_QG_MONTHS = {"graduate_diploma": (12, 12), "master": (16, 24), "doctorate": (36, 60)}


def _ai_salary(rng: random.Random) -> float:
    return round(rng.triangular(70_000, 140_000, 95_000), -2)


def _ai(rng: random.Random, ref: int) -> _Parts:
    status = _QC_WORK_STATUS["ai"](rng)
    graduate = rng.random() < 0.35
    abroad_now = status == "abroad" and not graduate
    if graduate and status == "abroad":
        status = "worker"
    birth = _birth(rng, ref, 23, 40, 28) if graduate else _birth(rng, ref, 24, 50, 32)
    recent_grad = False
    diplomas: list[dict[str, Any]] = []
    field = _AI_FIELD(rng)

    age_days = ref - birth
    if graduate:
        level = _AI_QG_LEVEL(rng)
        if level == "doctorate" and age_days < _DOCTORATE_MIN_AGE:
            level = "master"
        lo, hi = _QG_MONTHS[level]
        study_months = _ri(rng, lo, hi)
        obtained = ref - _ri(rng, 30, round(30 * _DAYS_PER_MONTH))
        obtained = min(max(obtained, birth + _GRAD_MIN_AGE[level]), ref - 1)
        recent_grad = obtained > ref - 240
        study_start = obtained - int(study_months * _DAYS_PER_MONTH)
        u = rng.random()
        share = 1.0 if u < 0.75 else round(rng.uniform(0.5, 0.95), 2) if u < 0.9 else round(rng.uniform(0.1, 0.45), 2)
        if rng.random() < 0.8:
            bachelor_qc = rng.random() < 0.15
            diplomas.append(
                _diploma(
                    "bachelor",
                    min(_obtained(rng, ref, birth, 21, 24), study_start - 30),
                    field=field,
                    in_quebec=bachelor_qc,
                    months=_pick(rng, (36, 48)),
                    share=1.0 if bachelor_qc else None,
                )
            )
        diplomas.append(_diploma(level, obtained, field=field, in_quebec=True, months=study_months, share=share))
    else:
        level = _AI_FW_LEVEL(rng)
        if level == "doctorate" and age_days < _DOCTORATE_MIN_AGE:
            level = "master"
        in_qc = rng.random() < 0.25
        if level == "bachelor":
            diplomas.append(
                _diploma(
                    "bachelor",
                    _obtained(rng, ref, birth, 21, 25),
                    field=field,
                    in_quebec=in_qc,
                    months=_pick(rng, (36, 48)),
                    share=1.0 if in_qc else None,
                )
            )
        else:
            recent = rng.random() < 0.15
            age_lo, age_hi = (24, 30) if level == "master" else (28, 36)
            top = ref - _ri(rng, 20, 360) if recent else _obtained(rng, ref, birth, age_lo, age_hi)
            top = min(max(top, birth + _GRAD_MIN_AGE[level]), ref - 1)
            top_months = 24 if level == "master" else _ri(rng, 36, 60)
            before = top - int(top_months * _DAYS_PER_MONTH)  # when the top program started
            lower: list[dict[str, Any]] = []
            if level == "doctorate" and rng.random() < 0.8:
                master_on = min(_obtained(rng, ref, birth, 23, 27), before - 30)
                lower.append(_diploma("master", master_on, field=field, months=24))
                before = master_on - int(24 * _DAYS_PER_MONTH)
            if rng.random() < 0.75:
                bachelor_on = min(_obtained(rng, ref, birth, 21, 24), before - 30)
                diplomas.append(_diploma("bachelor", bachelor_on, field=field, months=_pick(rng, (36, 48))))
            diplomas.extend(lower)
            diplomas.append(
                _diploma(
                    level,
                    top,
                    field=field,
                    in_quebec=in_qc,
                    months=top_months,
                    share=1.0 if in_qc else None,
                )
            )

    eps: list[dict[str, Any]] = []
    offer: dict[str, Any] | None = None
    cmm = rng.random() < 0.85
    if graduate:
        # the AI job starts around graduation; earlier: research assistantships during the program
        timeline = _timeline(rng, ref, _pick(rng, (1, 1, 2)), last_start=obtained + _ri(rng, -180, 120), ongoing=0.93)
        for j in range(len(timeline) - 1):
            start, end = timeline[j]
            start = max(start, study_start)
            timeline[j] = (start, max(end or start, start + 14))
        flags = [True] * len(timeline)
    else:
        timeline = _timeline(rng, ref, _N_EPISODES(rng), ongoing=0.9)
        flags = [*_abroad_first(rng, len(timeline) - 1, 0.3), not abroad_now]
    for i, ((start, end), in_qc) in enumerate(zip(timeline, flags, strict=True)):
        if i == len(timeline) - 1:
            hours = _hours(rng, full_time_bias=0.6)
            if recent_grad and rng.random() < 0.5:
                # still a part-time research assistant, with an offer in AI
                eps.append(
                    _episode(
                        rng,
                        "41201",
                        "611310",
                        start,
                        end,
                        hours=float(_ri(rng, 15, 20)),
                        salary=round(rng.uniform(18_000, 26_000), -2),
                        cmm=cmm,
                        sector="education",
                    )
                )
                offer = _offer(rng, ref, _AI_NOC(rng), _AI_NAICS(rng), "ai", _ai_salary(rng), cmm)
                continue
            eps.append(
                _episode(
                    rng,
                    _AI_NOC(rng),
                    _AI_NAICS(rng),
                    start,
                    end,
                    in_quebec=in_qc,
                    hours=hours,
                    salary=_ai_salary(rng) if in_qc else None,
                    cmm=cmm,
                    sector="ai",
                )
            )
        else:
            if graduate:
                eps.append(
                    _episode(
                        rng,
                        "41201",
                        "611310",
                        start,
                        end,
                        hours=float(_ri(rng, 12, 20)),
                        salary=round(rng.uniform(12_000, 24_000), -2),
                        cmm=cmm,
                        sector="education",
                    )
                )
            else:
                hours = _hours(rng, full_time_bias=0.5)
                eps.append(
                    _episode(
                        rng,
                        _AI_PRIOR_NOC(rng),
                        _AI_NAICS(rng),
                        start,
                        end,
                        in_quebec=in_qc,
                        hours=hours,
                        salary=round(rng.uniform(60_000, 110_000), -2) if in_qc else None,
                        cmm=rng.random() < 0.8,
                        sector="ai" if rng.random() < 0.5 else "it",
                    )
                )
    if offer is None and (rng.random() < (0.75 if abroad_now else 0.08)):
        offer = _offer(rng, ref, _AI_NOC(rng), _AI_NAICS(rng), "ai", _ai_salary(rng), cmm)
    return status, birth, diplomas, eps, offer


# --- IT / visual effects ----------------------------------------------------------------

#: occupation -> (weight, salary low, salary mode, salary high)
_ITVE_OCC: dict[str, tuple[float, int, int, int]] = {
    "21232": (0.20, 60_000, 82_000, 120_000),
    "21231": (0.14, 70_000, 95_000, 135_000),
    "21234": (0.10, 50_000, 68_000, 100_000),
    "22220": (0.10, 45_000, 58_000, 80_000),
    "52120": (0.10, 42_000, 55_000, 85_000),
    "51120": (0.05, 50_000, 72_000, 110_000),
    "52113": (0.05, 42_000, 56_000, 85_000),
    "20012": (0.05, 90_000, 115_000, 155_000),
    "21310": (0.05, 70_000, 88_000, 120_000),
    "22310": (0.05, 48_000, 62_000, 85_000),
    "21220": (0.04, 70_000, 92_000, 130_000),
    "21221": (0.04, 65_000, 85_000, 120_000),
    "21222": (0.03, 60_000, 78_000, 110_000),
}
_ITVE_NOC = _Choice([(noc, spec[0]) for noc, spec in _ITVE_OCC.items()])
_ITVE_EMPLOYER: dict[str, _Choice[tuple[str, str]]] = {
    "51120": _Choice([(("512110", "visual_effects"), 1), (("512190", "visual_effects"), 2)]),
    "52113": _Choice([(("512190", "visual_effects"), 2), (("512110", "visual_effects"), 1)]),
    "52120": _Choice([(("541430", "design"), 2), (("512190", "visual_effects"), 1), (("513210", "video_games"), 1)]),
    "21310": _Choice([(("541330", "engineering"), 2), (("334410", "electronics"), 1)]),
    "22310": _Choice([(("541330", "engineering"), 1), (("334410", "electronics"), 1)]),
}
_IT_EMPLOYER = _Choice(
    [
        (("541511", "it"), 3),
        (("541512", "it"), 3),
        (("513210", "it"), 1.5),
        (("518210", "it"), 1),
        (("522111", "finance"), 1),
        (("513210", "video_games"), 0.5),
    ]
)
_ITVE_LEVEL = _Choice([("college_technical", 0.35), ("bachelor", 0.48), ("master", 0.12), ("college", 0.05)])
_ITVE_FIELD: dict[str, str] = {
    "51120": "film_production",
    "52113": "sound_engineering",
    "52120": "graphic_design",
    "21310": "electrical_engineering",
    "22310": "electronics_technology",
    "22220": "network_administration",
}


#: level -> (typical age at graduation low, high, full-time months)
_ITVE_LEVEL_AGES: dict[str, tuple[int, int, int]] = {
    "college_technical": (19, 23, 36),
    "college": (19, 22, 24),
    "bachelor": (21, 26, 48),
    "master": (23, 30, 24),
}


def _itve_salary(rng: random.Random, noc: str) -> float:
    _, lo, mode, hi = _ITVE_OCC[noc]
    return round(rng.triangular(lo, hi, mode), -2)


def _itve_employer(rng: random.Random, noc: str) -> tuple[str, str]:
    choice = _ITVE_EMPLOYER.get(noc)
    return choice(rng) if choice else _IT_EMPLOYER(rng)


def _it_ve(rng: random.Random, ref: int) -> _Parts:
    status = _QC_WORK_STATUS["it_ve"](rng)
    abroad_now = status == "abroad"
    birth = _birth(rng, ref, 22, 50, 31)
    noc = _ITVE_NOC(rng)
    field = _ITVE_FIELD.get(noc, "computer_science")
    level = _ITVE_LEVEL(rng)
    in_qc_dip = rng.random() < 0.3
    age_lo, age_hi, months = _ITVE_LEVEL_AGES[level]
    if level == "bachelor" and in_qc_dip:
        months = 36  # a Québec bachelor is 3 years after the DEC
    diplomas = [
        _diploma(
            level,
            _obtained(rng, ref, birth, age_lo, age_hi),
            field=field if level != "college" else None,
            in_quebec=in_qc_dip,
            months=months,
            share=1.0 if in_qc_dip else None,
        )
    ]
    cmm = rng.random() < 0.8
    eps: list[dict[str, Any]] = []
    timeline = _timeline(rng, ref, _N_EPISODES(rng), ongoing=0.88)
    flags = [*_abroad_first(rng, len(timeline) - 1, 0.4), not abroad_now]
    for i, ((start, end), in_qc) in enumerate(zip(timeline, flags, strict=True)):
        last = i == len(timeline) - 1
        if last:
            noc_i = noc
        else:
            u = rng.random()
            noc_i = noc if u < 0.6 else _ITVE_NOC(rng) if u < 0.85 else "64100"
        hours = _hours(rng, full_time_bias=0.5)
        if noc_i == "64100":
            naics, sector, salary = "445110", "retail", _annual(rng, 15.5, 19.0, hours) if in_qc else None
        else:
            naics, sector = _itve_employer(rng, noc_i)
            salary = _itve_salary(rng, noc_i) if in_qc else None
        eps.append(
            _episode(
                rng,
                noc_i,
                naics,
                start,
                end,
                in_quebec=in_qc,
                hours=hours,
                salary=salary,
                cmm=cmm if last else rng.random() < 0.7,
                sector=sector,
            )
        )
    offer = None
    if rng.random() < (0.70 if abroad_now else 0.06):
        offer_noc = noc if rng.random() < 0.8 else _ITVE_NOC(rng)
        naics, sector = _itve_employer(rng, offer_noc)
        offer = _offer(rng, ref, offer_noc, naics, sector, _itve_salary(rng, offer_noc), cmm)
    return status, birth, diplomas, eps, offer


# --- other ------------------------------------------------------------------------------

_OTHER_JOB = _Choice(
    [
        (("64100", ("445110", "444110", "455110"), "retail", 15.5, 21.0), 0.25),
        (("65100", ("445110", "447110"), "retail", 15.25, 18.0), 0.12),
        (("65201", ("722512", "722511"), "food_service", 15.25, 18.5), 0.12),
        (("75101", ("493110", "484121"), "warehousing", 17.0, 24.0), 0.12),
        (("73300", ("484121", "484110"), "transportation", 22.0, 32.0), 0.08),
        (("44101", ("621610", "624120"), "social_assistance", 16.5, 22.0), 0.08),
        (("63200", ("722511",), "food_service", 16.0, 22.0), 0.08),
        (("13110", ("561110", "541110"), "administration", 19.0, 27.0), 0.08),
        (("14400", ("493110", "413190"), "warehousing", 18.0, 25.0), 0.07),
    ]
)
_OTHER_DIPLOMA = _Choice(
    [
        (None, 0.10),
        ("secondary", 0.40),
        ("vocational", 0.15),
        ("college", 0.15),
        ("bachelor", 0.15),
        ("master", 0.05),
    ]
)
_LEVEL_AGES: dict[str, tuple[int, int, int]] = {
    "secondary": (17, 19, 36),
    "vocational": (18, 28, 15),
    "college": (19, 22, 24),
    "bachelor": (21, 26, 36),
    "master": (23, 30, 24),
}


def _other(rng: random.Random, ref: int) -> _Parts:
    status = _QC_WORK_STATUS["other"](rng)
    birth = _birth(rng, ref, 18, 55, 29, p17=0.005)
    diplomas: list[dict[str, Any]] = []
    level = _OTHER_DIPLOMA(rng)
    if level is not None:
        lo, hi, months = _LEVEL_AGES[level]
        diplomas.append(
            _diploma(level, _obtained(rng, ref, birth, lo, hi), in_quebec=rng.random() < 0.2, months=months)
        )
    abroad_now = status == "abroad"
    eps: list[dict[str, Any]] = []
    timeline = _timeline(rng, ref, _N_EPISODES(rng), ongoing=0.85)
    flags = [*_abroad_first(rng, len(timeline) - 1, 0.6), not abroad_now]
    for (start, end), in_qc in zip(timeline, flags, strict=True):
        noc, naics_options, sector, w_lo, w_hi = _OTHER_JOB(rng)
        hours = _hours(rng)
        eps.append(
            _episode(
                rng,
                noc,
                _pick(rng, naics_options),
                start,
                end,
                in_quebec=in_qc,
                hours=hours,
                salary=_annual(rng, w_lo, w_hi, hours) if in_qc else None,
                cmm=rng.random() < 0.5,
                sector=sector,
            )
        )
    return status, birth, diplomas, eps, None


# ---------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------

_BUILDERS = {"food": _food, "orderly": _orderly, "ai": _ai, "it_ve": _it_ve, "other": _other}
_ARCHETYPE = _Choice(list(ARCHETYPE_SHARES.items()))
#: mean oral comprehension level and probability of ``french: null`` per archetype
_FRENCH_PARAMS = {
    "food": (6.0, 0.08),
    "orderly": (7.0, 0.08),
    "ai": (5.5, 0.12),
    "it_ve": (6.0, 0.12),
    "other": (6.5, 0.08),
}
_P_NOC_2016 = 0.10


def _profile(rng: random.Random, ref: int) -> tuple[str, dict[str, Any]]:
    """Draw one labelled profile payload (plain dict, dates as ``date``)."""
    label = _ARCHETYPE(rng)
    status, birth, diplomas, episodes, offer = _BUILDERS[label](rng, ref)
    if rng.random() < _P_NOC_2016:
        for ep in episodes:
            ep["noc"] = NOC_2021_TO_2016[ep["noc"]]
        if offer is not None:
            offer["noc"] = NOC_2021_TO_2016[offer["noc"]]
    mean, p_null = _FRENCH_PARAMS[label]
    tech = label in ("ai", "it_ve")
    if rng.random() < (0.60 if tech else 0.45):
        commits: bool | None = rng.random() < 0.85
    else:
        commits = None
    opinion = None
    if label == "ai":
        u = rng.random()
        opinion = "favourable" if u < 0.30 else "unfavourable" if u < 0.34 else None
    payload = {
        "birth_date": _d(birth),
        "status_in_quebec": status,
        "intends_to_settle_in_quebec": _tri(rng, 0.90, 0.05),
        "controls_employer": _tri(rng, 0.03, 0.05),
        "respected_conditions_of_stay": _tri(rng, 0.90, 0.07),
        "self_sufficiency_undertaking": _tri(rng, 0.85, 0.12),
        "commits_to_learn_french": commits,
        "expert_committee_opinion": opinion,
        "french": _french(rng, ref, mean, p_null),
        "diplomas": diplomas,
        "work_history": episodes,
        "job_offer": offer,
    }
    return label, payload


def _check_args(n: int, seed: int, reference_date: date) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not isinstance(reference_date, date):
        raise TypeError(f"reference_date must be a date, got {type(reference_date).__name__}")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole cohort is materialised.

    Building 100,000 profiles allocates millions of container objects that all stay
    alive, so the collector's full passes rescan an ever larger heap for nothing (the
    generator creates no reference cycles): pausing it makes ``generate_cohort`` about
    40 % faster. Reference counting still frees everything; the previous state is
    restored on exit, even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def iter_labelled_cohort(
    n: int, seed: int = 0, reference_date: date = DEFAULT_REFERENCE_DATE
) -> Iterator[tuple[str, Applicant]]:
    """Lazily yield ``n`` (archetype label, profile) pairs.

    Args:
        n: Number of profiles (0 or more).
        seed: Seed of the generator's private ``random.Random``.
        reference_date: The cohort's "today": episodes start before it, birth dates and
            diplomas are before it, offers start after it.

    Yields:
        ``(label, applicant)`` where ``label`` is a key of :data:`ARCHETYPE_SHARES`.

    Raises:
        ValueError: ``n`` is negative or not an integer.
        TypeError: ``seed`` is not an int or ``reference_date`` not a date.
    """
    _check_args(n, seed, reference_date)
    return _iter_labelled(n, seed, reference_date)


def _iter_labelled(n: int, seed: int, reference_date: date) -> Iterator[tuple[str, Applicant]]:
    rng = random.Random(seed)
    ref = reference_date.toordinal()
    validate = Applicant.model_validate
    for _ in range(n):
        label, payload = _profile(rng, ref)
        yield label, validate(payload)


def iter_cohort(n: int, seed: int = 0, reference_date: date = DEFAULT_REFERENCE_DATE) -> Iterator[Applicant]:
    """Lazily yield the profiles of :func:`generate_cohort` (the same sequence).

    Args:
        n: Number of profiles (0 or more).
        seed: Seed of the generator's private ``random.Random``.
        reference_date: The cohort's "today".

    Yields:
        Validated :class:`Applicant` instances.

    Raises:
        ValueError: ``n`` is negative or not an integer.
        TypeError: ``seed`` is not an int or ``reference_date`` not a date.
    """
    _check_args(n, seed, reference_date)
    return (applicant for _, applicant in _iter_labelled(n, seed, reference_date))


def generate_cohort(n: int, seed: int = 0, reference_date: date = DEFAULT_REFERENCE_DATE) -> list[Applicant]:
    """Generate ``n`` realistic, validated applicant profiles, deterministically.

    Args:
        n: Number of profiles (0 or more).
        seed: Seed of the generator's private ``random.Random``; the same seed and
            reference date always give the same cohort, and the first ``k`` profiles of
            a cohort are the cohort of ``k``.
        reference_date: The cohort's "today" (default 2024-06-03): episodes start 6-72
            months before it, French assessments are 0-30 months old on it.

    Returns:
        The profiles, in generation order.

    Raises:
        ValueError: ``n`` is negative or not an integer.
        TypeError: ``seed`` is not an int or ``reference_date`` not a date.
    """
    with _gc_paused():
        return list(iter_cohort(n, seed, reference_date))


def generate_labelled_cohort(
    n: int, seed: int = 0, reference_date: date = DEFAULT_REFERENCE_DATE
) -> list[tuple[str, Applicant]]:
    """The profiles of :func:`generate_cohort`, each with its archetype label.

    Args:
        n: Number of profiles (0 or more).
        seed: Seed of the generator's private ``random.Random``.
        reference_date: The cohort's "today".

    Returns:
        ``(label, applicant)`` pairs; ``[a for _, a in result] == generate_cohort(n, seed,
        reference_date)``.

    Raises:
        ValueError: ``n`` is negative or not an integer.
        TypeError: ``seed`` is not an int or ``reference_date`` not a date.
    """
    with _gc_paused():
        return list(iter_labelled_cohort(n, seed, reference_date))


# ---------------------------------------------------------------------------------------
# Flat records for notebooks
# ---------------------------------------------------------------------------------------


def _months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the end of a shorter month)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _months_employed(applicant: Applicant, ref: date, months: int) -> float:
    """Months covered by any episode in the ``months`` before ``ref`` (overlaps once)."""
    lo, hi = _months_back(ref, months).toordinal(), ref.toordinal()
    spans = sorted(
        (max(ep.start.toordinal(), lo), min(hi if ep.end is None else ep.end.toordinal() + 1, hi))
        for ep in applicant.work_history
    )
    days, cur_lo, cur_hi = 0, None, None
    for s, e in spans:
        if e <= s:
            continue
        if cur_hi is None or s > cur_hi:
            if cur_hi is not None and cur_lo is not None:
                days += cur_hi - cur_lo
            cur_lo, cur_hi = s, e
        else:
            cur_hi = max(cur_hi, e)
    if cur_hi is not None and cur_lo is not None:
        days += cur_hi - cur_lo
    return round(days / _DAYS_PER_MONTH, 2)


def cohort_frame_records(
    profiles: Iterable[Applicant | tuple[str, Applicant]],
    reference_date: date = DEFAULT_REFERENCE_DATE,
) -> list[dict[str, Any]]:
    """Flatten profiles into one summary dictionary each (e.g. for ``pandas.DataFrame``).

    The records describe the profiles; they are not eligibility results. "Current job"
    is the ongoing episode that started last (``None`` fields when no job is ongoing).
    ``months_employed_last_36`` / ``_60`` count days covered by *any* episode (any
    hours, any place) in the window, overlaps once, at 365.25 / 12 days a month.

    Args:
        profiles: Applicants, or ``(label, applicant)`` pairs as returned by
            :func:`generate_labelled_cohort` (then the ``archetype`` column is filled).
        reference_date: The date ages, assessment ages and windows are computed on;
            use the cohort's reference date.

    Returns:
        One record per profile, in order, all with the same keys.
    """
    ref_ord = reference_date.toordinal()
    records: list[dict[str, Any]] = []
    for index, item in enumerate(profiles):
        if isinstance(item, tuple):
            label, applicant = item
        else:
            label, applicant = None, item
        french = applicant.french
        assessed = french.assessed_on if french is not None else None
        assessed_months = None if assessed is None else round((ref_ord - assessed.toordinal()) / _DAYS_PER_MONTH, 1)
        top = max(applicant.diplomas, key=lambda dip: DIPLOMA_RANK[dip.level], default=None)
        ongoing = [ep for ep in applicant.work_history if ep.end is None]
        current = max(ongoing, key=lambda ep: ep.start, default=None)
        nocs = {len(ep.noc) for ep in applicant.work_history if ep.noc is not None}
        noc_version = None if not nocs else 2016 if nocs == {4} else 2021 if nocs == {5} else 0
        offer = applicant.job_offer
        birth = applicant.birth_date
        records.append(
            {
                "index": index,
                "archetype": label,
                "age": None if birth is None else round((ref_ord - birth.toordinal()) / _DAYS_PER_YEAR, 2),
                "status_in_quebec": applicant.status_in_quebec,
                "french_oral_comprehension": None if french is None else french.oral_comprehension,
                "french_oral_production": None if french is None else french.oral_production,
                "french_assessed_months_ago": assessed_months,
                "french_expired": None if assessed_months is None else assessed_months > 24,
                "highest_diploma": None if top is None else top.level,
                "highest_diploma_in_quebec": None if top is None else top.in_quebec,
                "n_diplomas": len(applicant.diplomas),
                "n_episodes": len(applicant.work_history),
                "noc_version": noc_version,
                "current_noc": None if current is None else current.noc,
                "current_naics": None if current is None else current.naics,
                "current_role": None if current is None else current.role,
                "current_sector": None if current is None else current.sector,
                "current_in_quebec": None if current is None else current.in_quebec,
                "current_hours_per_week": None if current is None else current.hours_per_week,
                "current_annual_salary": None if current is None else current.annual_salary,
                "current_employer_in_cmm": None if current is None else current.employer_in_cmm,
                "months_employed_last_36": _months_employed(applicant, reference_date, 36),
                "months_employed_last_60": _months_employed(applicant, reference_date, 60),
                "has_job_offer": offer is not None,
                "job_offer_noc": None if offer is None else offer.noc,
                "job_offer_sector": None if offer is None else offer.sector,
                "job_offer_salary": None if offer is None else offer.annual_salary,
                "intends_to_settle_in_quebec": applicant.intends_to_settle_in_quebec,
                "controls_employer": applicant.controls_employer,
                "respected_conditions_of_stay": applicant.respected_conditions_of_stay,
                "self_sufficiency_undertaking": applicant.self_sufficiency_undertaking,
                "commits_to_learn_french": applicant.commits_to_learn_french,
                "expert_committee_opinion": applicant.expert_committee_opinion,
            }
        )
    return records
