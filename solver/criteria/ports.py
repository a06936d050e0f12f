"""What the criteria ask of the layers above them, declared at the criteria's level.

A criterion proposes lever options, priced by the planning layer (``solver.levers``), and
compiles itself into a CP-SAT model built by the gap solver (``solver.gaps.model``). Both live
above the criteria, so the criteria see them only through the two Protocols here, which
``solver.levers.PlanningContext`` and ``solver.gaps.model.GapModel`` satisfy structurally: the
criteria import nothing above them (``tests/test_import_layers.py``).

:class:`LeverOption`, the value those calls return, is a plain frozen dataclass and lives here;
``solver.levers`` re-exports it.

The arguments that are criteria or evaluation contexts are typed ``Any`` in the Protocols:
naming them would import ``solver.criteria.base`` back into this module. The implementations
type them precisely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from solver.applicant import French
from solver.dates import add_months
from solver.rules.schema import DiplomaLeverSpec

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import IntVar


@dataclass(frozen=True, slots=True)
class LeverOption:
    """One way to pull one lever, with its duration and effort under the cost model."""

    lever: str
    to: Any
    from_: Any
    months: int
    effort: int  # hundredths of an effort point
    at_apply: bool = False  # takes effect on the application date (a French assessment)
    target: str | None = None  # salary: "episode:<index>" or "offer"
    note: tuple[str, str] = ("", "")
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", json.dumps([self.lever, self.to, self.target], sort_keys=True, default=str))

    def effective(self, start: date, apply_on: date) -> date:
        """The date the change takes effect in a plan that starts on ``start``."""
        return apply_on if self.at_apply else add_months(start, self.months)


class PlanningContext(Protocol):
    """Prices the lever options a criterion proposes (implemented by ``solver.levers.PlanningContext``)."""

    def fact_option(self, lever: str, field_name: str, current: Any, wanted: Any) -> LeverOption: ...

    def french_retest_option(self, french: French | None) -> LeverOption: ...

    def french_level_option(self, skill: str, level: int | None, target: int) -> LeverOption: ...

    def diploma_option(self, spec: DiplomaLeverSpec, share_required: bool) -> LeverOption: ...

    def spouse_french_option(self, level: int | None, target: int) -> LeverOption: ...

    def simple_option(self, lever: str, to: Any, current: Any, note: tuple[str, str]) -> LeverOption: ...

    def job_options(self, criterion: Any, ctx: Any) -> list[LeverOption]:
        """Options for a ``CurrentJob`` criterion evaluated in the ``EvalContext`` ``ctx``."""
        ...


class GapModel(Protocol):
    """The CP-SAT model a criterion compiles into (implemented by ``solver.gaps.model.GapModel``)."""

    def add_leaf(self, criterion: Any, neutral: bool) -> IntVar:
        """Enforce ``criterion`` as a table over (month, lever options); return its literal."""
        ...

    def add_any(self, criterion: Any, literals: list[IntVar]) -> IntVar:
        """A literal that implies at least one of ``literals`` (an any-of criterion)."""
        ...

    def add_all(self, criterion: Any, literals: list[IntVar]) -> IntVar:
        """A literal that implies every one of ``literals`` (a criterion compiled in parts)."""
        ...

    def lever_used(self, lever: str) -> IntVar | None:
        """A literal true when the plan uses some option of ``lever`` (``None``: no option offered)."""
        ...
