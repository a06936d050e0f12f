"""Calendar arithmetic shared by the evaluator, the gap solver and the explanations.

One rule for months everywhere (RULES.md, "Counting experience"): a window of N months
before a date D runs from the same day N months earlier (included) to D (excluded), and
days convert to months at 365.25 / 12 days a month.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

#: Days in a month, as a fraction 1461 / 48 (= 365.25 / 12), kept exact in integers.
_DAYS_NUM, _DAYS_DEN = 1461, 48


@lru_cache(maxsize=65_536)
def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month.

    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(date(2024, 6, 3), -36)
    datetime.date(2021, 6, 3)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@lru_cache(maxsize=4096)
def months_before(on: date, months: int) -> date:
    """The first day of the window of ``months`` months before ``on`` (``add_months``, remembered:
    every experience rule and grid measure of a call asks for the same few windows).

    >>> months_before(date(2024, 6, 3), 36)
    datetime.date(2021, 6, 3)
    """
    return add_months(on, -months)


def days_to_months(days: int) -> float:
    """Months of experience in ``days`` days (365.25 / 12 days a month).

    >>> round(days_to_months(731), 3)
    24.016
    """
    return days * _DAYS_DEN / _DAYS_NUM


def days_meet_months(days: int, months: int) -> bool:
    """Whether ``days`` days make at least ``months`` months, computed exactly in integers.

    >>> days_meet_months(731, 24), days_meet_months(730, 24)
    (True, False)
    """
    return days * _DAYS_DEN >= months * _DAYS_NUM


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day``; a person born on 29 February turns a year older on 1 March.

    >>> age_on(date(2006, 6, 3), date(2024, 6, 3)), age_on(date(2006, 6, 4), date(2024, 6, 3))
    (18, 17)
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def union_days(intervals: list[tuple[date, date]]) -> int:
    """Number of days covered by half-open ``[start, end)`` intervals, overlaps counted once."""
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None and current_start is not None:
        total += (current_end - current_start).days
    return total


ONE_DAY = timedelta(days=1)
