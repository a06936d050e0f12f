"""Sampling primitives of the cohort generator, all built on ``random()`` alone.

Only ``random()`` (whose sequence Python guarantees across versions), ``uniform``, ``gauss``
and ``triangular`` (pure-Python functions of it) are used: no ``randint``/``choice``, whose
algorithms may change. Dates are proleptic ordinals (ints) until the payload is built.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

DAYS_PER_MONTH = 365.25 / 12
DAYS_PER_YEAR = 365.25
_MIN_START = round(72 * DAYS_PER_MONTH)  # oldest episode start: 72 months back
_MAX_START = round(6 * DAYS_PER_MONTH) + 1  # latest episode start: 6 months back


class Choice(Generic[T]):
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


def int_between(rng: random.Random, a: int, b: int) -> int:
    """An integer uniform on ``[a, b]`` (a faster ``randint`` built on ``random()``)."""
    return a + int(rng.random() * (b - a + 1))


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    """A uniform element of ``seq`` (a faster ``choice`` built on ``random()``)."""
    return seq[int(rng.random() * len(seq))]


def abroad_first(rng: random.Random, m: int, p_quebec: float) -> list[bool]:
    """``in_quebec`` flags of ``m`` earlier episodes, the abroad ones first (migrants
    usually work abroad before coming to Québec, rarely the reverse)."""
    return sorted(rng.random() < p_quebec for _ in range(m))


def tri(rng: random.Random, p_true: float, p_none: float) -> bool | None:
    """True with ``p_true``, None with ``p_none``, otherwise False."""
    u = rng.random()
    if u < p_true:
        return True
    if u < p_true + p_none:
        return None
    return False


def birth_ordinal(rng: random.Random, ref: int, lo: float, hi: float, mode: float, p17: float = 0.0) -> int:
    """A birth ordinal giving an age (in years on ``ref``) ~ triangular(lo, hi, mode)."""
    age = rng.uniform(17.02, 17.97) if p17 and rng.random() < p17 else rng.triangular(lo, hi, mode)
    return ref - int(age * DAYS_PER_YEAR)


def obtained_ordinal(rng: random.Random, ref: int, birth: int, age_lo: float, age_hi: float) -> int:
    """When a diploma was obtained: at a typical age, but before ``ref`` and after age 16.5."""
    when = birth + int(rng.uniform(age_lo, age_hi) * DAYS_PER_YEAR)
    latest = ref - 30
    if when > latest:
        when = latest - int_between(rng, 0, 300)
    return min(max(when, birth + int(16.5 * DAYS_PER_YEAR)), ref - 1)


def annual(rng: random.Random, hourly_lo: float, hourly_hi: float, hours: float | None) -> float:
    """Annual gross pay from an hourly wage, rounded to $100."""
    return round(rng.uniform(hourly_lo, hourly_hi) * (hours or 37.5) * 52, -2)


def episode_spans(
    rng: random.Random, ref: int, k: int, *, last_start: int | None = None, ongoing: float = 0.87
) -> list[tuple[int, int | None]]:
    """``k`` (start, end) ordinal pairs, oldest first, starting 6-72 months before ``ref``.

    Earlier episodes end a little before (or, for overlaps, just after) the next one
    starts; the last episode is ongoing (``end`` None) with probability ``ongoing``.
    """
    lo, hi = ref - _MIN_START, ref - _MAX_START
    if last_start is None:
        starts = sorted(int_between(rng, lo, hi) for _ in range(k))
    else:
        last_start = min(max(last_start, lo), hi)
        room = last_start - 45 - lo
        k = k if room > 0 else 1
        starts = sorted(int_between(rng, lo, last_start - 45) for _ in range(k - 1))
        starts.append(last_start)
    out: list[tuple[int, int | None]] = []
    for i in range(k - 1):
        end = starts[i + 1] - int_between(rng, -20, 120)
        out.append((starts[i], max(end, starts[i] + 14)))
    last = starts[-1]
    out.append((last, None if rng.random() < ongoing else int_between(rng, last + 60, ref - 1)))
    return out
