"""Three-valued columns and the grouped reductions of the columnar evaluator.

A three-valued column is a ``numpy.int8`` array with ``FALSE`` (0), ``UNKNOWN`` (1) and ``TRUE``
(2): in that order, Kleene's AND is the element-wise minimum and OR the maximum, exactly
``solver.criteria.base.tri_and`` / ``tri_or`` (False wins an AND, then unknown; True wins an OR).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FALSE, UNKNOWN, TRUE = np.int8(0), np.int8(1), np.int8(2)
Tri = npt.NDArray[np.int8]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def tri_of(value: bool | None) -> np.int8:
    """The code of one three-valued value.

    >>> int(tri_of(True)), int(tri_of(None)), int(tri_of(False))
    (2, 1, 0)
    """
    if value is None:
        return UNKNOWN
    return TRUE if value else FALSE


def from_mask(ok: Mask, known: Mask | None = None) -> Tri:
    """``TRUE`` where ``ok``, ``FALSE`` elsewhere, ``UNKNOWN`` where not ``known``."""
    out = np.where(ok, TRUE, FALSE).astype(np.int8)
    if known is not None:
        out[~known] = UNKNOWN
    return out


def all_of(columns: Sequence[Tri], size: int) -> Tri:
    """Three-valued AND of columns (``TRUE`` when there is none, as ``tri_and([])``)."""
    out = np.full(size, TRUE, dtype=np.int8)
    for column in columns:
        np.minimum(out, column, out=out)
    return out


def any_of(columns: Sequence[Tri], size: int) -> Tri:
    """Three-valued OR of columns (``FALSE`` when there is none, as ``tri_or([])``)."""
    out = np.full(size, FALSE, dtype=np.int8)
    for column in columns:
        np.maximum(out, column, out=out)
    return out


def group_starts(owner: Ints) -> Ints:
    """Positions where a new owner starts in ``owner`` (sorted by owner)."""
    if owner.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])


def group_max(owner: Ints, values: npt.NDArray[np.generic], size: int, empty: int) -> npt.NDArray[np.generic]:
    """Per owner (``0 .. size - 1``), the maximum of its rows' values; ``empty`` for owners with none.

    ``owner`` must be sorted (rows grouped by owner), as the frame builds them.
    """
    out = np.full(size, empty, dtype=values.dtype)
    starts = group_starts(owner)
    if starts.size:
        out[owner[starts]] = np.maximum.reduceat(values, starts)
    return out


def group_min(owner: Ints, values: npt.NDArray[np.generic], size: int, empty: int) -> npt.NDArray[np.generic]:
    """Per owner, the minimum of its rows' values; ``empty`` for owners with none (``owner`` sorted)."""
    out = np.full(size, empty, dtype=values.dtype)
    starts = group_starts(owner)
    if starts.size:
        out[owner[starts]] = np.minimum.reduceat(values, starts)
    return out


#: Day ordinals are below 2**22 (``date.max`` is 3,652,059): owners are kept apart by this offset.
_OWNER_SPAN = np.int64(1 << 23)


def union_days(owner: Ints, start: Ints, end: Ints, size: int) -> Ints:
    """Per owner, the days covered by its half-open ``[start, end)`` intervals, overlaps counted once.

    The same count as ``solver.dates.union_days`` for each owner. Rows must be sorted by owner,
    then by ``start``; an empty interval (``end <= start``) covers nothing. Each interval adds the
    part of it that lies past the furthest end of the intervals before it in its group.
    """
    if owner.size == 0:
        return np.zeros(size, dtype=np.int64)
    end = np.maximum(end, start)  # an empty interval never reaches past its own start
    offset = owner * _OWNER_SPAN
    reach = np.maximum.accumulate(end + offset)  # the furthest end so far, kept inside each group
    before = np.empty_like(reach)
    before[0] = 0
    before[1:] = reach[:-1]
    before = before - offset  # < 0 at a group's first row: nothing before it
    covered = np.maximum(end - np.maximum(start, before), 0)
    return np.bincount(owner, weights=covered, minlength=size).astype(np.int64)
