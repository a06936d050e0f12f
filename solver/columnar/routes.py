"""Route verdicts for a whole frame: each criterion's ``to_columns``, combined per route.

The columnar twin of ``solver.evaluator.route_verdicts``: for each route, the edition in force
on the date, the three-valued AND of the columns of that edition's criteria (each distinct rule
computed once, as the row evaluator assesses each distinct rule once), read as ``eligible`` /
``not_eligible`` / ``unknown``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from solver.criteria.columns.context import ColumnContext
from solver.criteria.columns.frame import ProfileFrame
from solver.criteria.columns.tri import FALSE, TRUE, UNKNOWN, Tri, all_of
from solver.evaluator import route_ids
from solver.rules.book import RuleBook

#: Route verdict of each code of a route column (``FALSE`` 0, ``UNKNOWN`` 1, ``TRUE`` 2).
VERDICTS: tuple[str, str, str] = ("not_eligible", "unknown", "eligible")
assert (int(FALSE), int(UNKNOWN), int(TRUE)) == (0, 1, 2)


def born_after(frame: ProfileFrame, on: date) -> npt.NDArray[np.bool_]:
    """Profiles whose birth date is after ``on``: ``check_against_date`` refuses them."""
    day = on.month * 100 + on.day
    return frame.has_birth & (
        (frame.birth_year > on.year) | ((frame.birth_year == on.year) & (frame.birth_month_day > day))
    )


def route_columns(
    frame: ProfileFrame,
    on: date,
    rules: RuleBook,
    routes: Iterable[str] | None = None,
    reference_wages: Mapping[str, float] | None = None,
    shared: dict[Hashable, Any] | None = None,
) -> dict[str, Tri]:
    """Per route id, the three-valued verdict of every profile of ``frame`` on ``on``.

    ``TRUE`` is eligible, ``FALSE`` not eligible, ``UNKNOWN`` unknown (``VERDICTS`` names them).
    ``reference_wages`` must already be checked (``solver.evaluator.checked_wages``). Profiles
    born after ``on`` get verdicts like any other: the caller refuses them (``born_after``).
    ``shared`` is a cache of columns to reuse for the same frame and date (e.g. between a
    baseline and a reform rule book).
    """
    wages = dict(reference_wages or {})
    cache: dict[Hashable, Any] = {} if shared is None else shared
    found: dict[Hashable, Tri] = cache.setdefault(("criteria", id(rules.noc)), {})
    out: dict[str, Tri] = {}
    for rid in columnar_route_ids(rules, routes):
        route = rules.routes[rid]
        edition = route.rules_edition(on).id
        if route.spec.principal_occupation:
            reads, route_frame, route_cache = True, frame, cache
        else:
            # a route that does not read the principal occupation assesses with none (as the row
            # evaluator's context does): its criteria see the frame without it, with their own cache
            reads, route_frame, route_cache = False, *_without_principal(frame, cache)
        cols = ColumnContext(route_frame, on, edition, rules.noc, wages, route.by_id, route_cache)
        columns = []
        for criterion in route.applicable(edition):
            # the same key as the row evaluator's: equal logic, equal column
            # (a rule that reads a sibling is its route's own object: keyed by it, never shared)
            scope = (rid, id(criterion)) if getattr(criterion, "after_criterion", None) else None
            principal = reads if criterion.reads_principal else None
            key = (criterion.logic_key, scope, edition, principal)
            column = found.get(key)
            if column is None:
                column = found[key] = criterion.to_columns(cols)
            columns.append(column)
        out[rid] = all_of(columns, frame.size)
    return out


def _without_principal(frame: ProfileFrame, cache: dict[Hashable, Any]) -> tuple[ProfileFrame, dict[Hashable, Any]]:
    """``frame`` with no principal occupation declared, and its cache (kept in ``cache``)."""
    found = cache.get(("without_principal",))
    if found is None:
        unread = replace(frame, principal=np.full(frame.size, -1, dtype=np.int64))
        found = cache[("without_principal",)] = (unread, {})
    return found  # type: ignore[no-any-return]


def columnar_route_ids(rules: RuleBook, routes: Iterable[str] | None) -> list[str]:
    """The routes asked (by default the pilots' nine). The PSTQ routes have a columnar form for
    the profiles that declare their principal occupation (``principal_noc``): the row evaluator
    tries several occupations for the others (``solver.batch_compare`` splits them)."""
    if routes is None:
        return [rid for rid in route_ids(None) if rules.routes[rid].family == "pilots"]
    return route_ids(routes)


def verdict_names(column: Tri) -> npt.NDArray[np.str_]:
    """The route verdicts of a column as text (``eligible``, ``not_eligible``, ``unknown``)."""
    return np.asarray(VERDICTS)[column]
