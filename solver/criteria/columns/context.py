"""What a criterion's ``to_columns`` may look at: the frame, the date, the edition in force,
the rule book's NOC index, the reference wages, the route's other criteria, and a cache.

The columnar twin of ``solver.criteria.base.EvalContext``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from solver.criteria.columns.frame import ProfileFrame
from solver.noc import NocIndex


@dataclass
class ColumnContext:
    """One frame on one date, for the edition of one route in force on that date."""

    frame: ProfileFrame
    on: date
    edition: str
    noc: NocIndex
    reference_wages: dict[str, float] = field(default_factory=dict)
    #: The route's criteria by id (for ``after_criterion``), as ``EvalContext.siblings``.
    siblings: dict[str, Any] = field(default_factory=dict)
    #: Columns already computed for this frame and date, shared by the routes (see ``cached``).
    cache: dict[Hashable, Any] = field(default_factory=dict)

    @property
    def on_ordinal(self) -> int:
        return self.on.toordinal()

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per key for this frame and date."""
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = compute()
        return found
