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

Data and code
-------------
The distributions are data: ``cohort.yaml`` (next to this file) holds the archetype
shares, the status, diploma, occupation, employer, wage, French and declaration tables, the
NOC codes and titles, with their provenance (the shares are synthetic; the codes are real).
The code draws from them: ``draw`` (sampling primitives), ``tables`` (the YAML file as
distributions), ``parts`` (diploma, episode, offer, hours and French payloads), ``trades``
(food, orderly, other) and ``tech`` (AI, IT / visual effects) for the shape of each
archetype's career, and this module for the common dimensions and the public functions.

Common dimensions: about 10 % of the profiles use NOC 2016 codes throughout; ages ~19-55
(0.5 % of food / other profiles are 17); oral French comprehension ~ N(archetype mean, 1.8)
clipped to 3-10, production within 2 levels of it, assessed 0-30 months before the reference
date (about 20 % more than 24 months old), 8-12 % without French; 1-3 episodes starting 6-72
months back, oldest first, abroad before Québec, the last one still held 85-93 % of the time.

Determinism
-----------
All draws come from one ``random.Random(seed)`` owned by the generator (never the
global ``random`` state), consumed in a fixed order (the order of the code and of the
entries of ``cohort.yaml``), so a seed and a reference date fully determine the cohort on
every platform; see ``draw`` for the primitives used.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from solver.applicant import Applicant
from solver.cohort import tech, trades
from solver.cohort.draw import tri
from solver.cohort.parts import Parts, french_payload
from solver.cohort.records import cohort_frame_records
from solver.cohort.tables import (
    ARCHETYPE,
    ARCHETYPE_SHARES,
    COMMITS_ANSWERED_OTHER,
    COMMITS_ANSWERED_TECH,
    COMMITS_TRUE,
    DECLARATIONS,
    DEFAULT_REFERENCE_DATE,
    FRENCH_PARAMS,
    NOC_2021_TO_2016,
    NOC_TITLES,
    OPINION_FAVOURABLE_BELOW,
    OPINION_UNFAVOURABLE_BELOW,
    P_NOC_2016,
)

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

_BUILDERS: dict[str, Callable[[random.Random, int], Parts]] = {
    "food": trades.food,
    "orderly": trades.orderly,
    "ai": tech.ai,
    "it_ve": tech.it_ve,
    "other": trades.other,
}
_d = date.fromordinal


def _profile(rng: random.Random, ref: int) -> tuple[str, dict[str, Any]]:
    """Draw one labelled profile payload (plain dict, dates as ``date``)."""
    label = ARCHETYPE(rng)
    status, birth, diplomas, episodes, offer = _BUILDERS[label](rng, ref)
    if rng.random() < P_NOC_2016:
        for ep in episodes:
            ep["noc"] = NOC_2021_TO_2016[ep["noc"]]
        if offer is not None:
            offer["noc"] = NOC_2021_TO_2016[offer["noc"]]
    mean, p_null = FRENCH_PARAMS[label]
    tech_profile = label in ("ai", "it_ve")
    if rng.random() < (COMMITS_ANSWERED_TECH if tech_profile else COMMITS_ANSWERED_OTHER):
        commits: bool | None = rng.random() < COMMITS_TRUE
    else:
        commits = None
    opinion = None
    if label == "ai":
        u = rng.random()
        opinion = (
            "favourable" if u < OPINION_FAVOURABLE_BELOW else "unfavourable" if u < OPINION_UNFAVOURABLE_BELOW else None
        )
    payload = {
        "birth_date": _d(birth),
        "status_in_quebec": status,
        "intends_to_settle_in_quebec": tri(rng, *DECLARATIONS["intends_to_settle_in_quebec"]),
        "controls_employer": tri(rng, *DECLARATIONS["controls_employer"]),
        "respected_conditions_of_stay": tri(rng, *DECLARATIONS["respected_conditions_of_stay"]),
        "self_sufficiency_undertaking": tri(rng, *DECLARATIONS["self_sufficiency_undertaking"]),
        "commits_to_learn_french": commits,
        "expert_committee_opinion": opinion,
        "french": french_payload(rng, ref, mean, p_null),
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
