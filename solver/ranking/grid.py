"""The ranking grid, the occupation diagnoses and the recorded rounds, loaded from data.

The grid's contested readings are named assumptions (``readings`` on a factor, as on a
criterion), and a reform may set a factor's keys (``{"factor": id, "set": {...}}``): both are
overlays on the grid data before it is parsed, so no Python branches on either.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from solver.applicant import InvalidInput
from solver.ranking.factors import Factor
from solver.ranking.schema import DiagnosisFile, DrawsFile, DrawSpec, FactorSpec, GridFile

DATA_DIR = Path(__file__).parent / "data"
GRID_FILE = DATA_DIR / "grid_2025_07_02.yaml"
DRAWS_FILE = DATA_DIR / "draws.yaml"
DIAGNOSIS_FILE = DATA_DIR / "diagnosis_2024_2028.yaml"


class GridFileError(ValueError):
    """A grid, draws or diagnosis file that does not fit its schema, with the key path."""


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _parse(model: Any, data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise GridFileError(f"{where}: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None


@lru_cache(maxsize=1)
def raw_grid() -> dict[str, Any]:
    return _read(GRID_FILE)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def diagnoses() -> DiagnosisFile:
    return _parse(DiagnosisFile, _read(DIAGNOSIS_FILE), DIAGNOSIS_FILE.name)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def draws() -> tuple[DrawSpec, ...]:
    """Every recorded round, latest first."""
    parsed: DrawsFile = _parse(DrawsFile, _read(DRAWS_FILE), DRAWS_FILE.name)
    ordered = sorted(parsed.rounds, key=lambda d: (d.stream, d.exercise))
    return tuple(sorted(ordered, key=lambda d: d.date, reverse=True))


def stream_draws(stream: int) -> list[DrawSpec]:
    return [d for d in draws() if d.stream == stream]


def latest_target(stream: int) -> tuple[int | None, DrawSpec | None]:
    """The highest minimum score among the exercises of the stream's latest recorded round (clearing
    it clears every exercise of that round), and the exercise that set it; ``None`` without one."""
    rounds = stream_draws(stream)
    if not rounds:
        return None, None
    latest = rounds[0].date
    scored = [d for d in rounds if d.date == latest and d.min_score is not None]
    if not scored:
        return None, rounds[0]
    top = max(scored, key=lambda d: d.min_score or 0)
    return top.min_score, top


@dataclass(frozen=True)
class Grid:
    """A parsed grid with its factors, for one setting of the assumptions and one reform."""

    spec: GridFile
    factors: tuple[Factor, ...]
    #: The assumptions whose readings change a factor of this grid.
    readings: tuple[str, ...]

    def info(self, lang: str, on: date) -> dict[str, Any]:
        spec = self.spec
        in_force = spec.in_force <= on and (spec.until is None or on < spec.until)
        return {
            "id": spec.id,
            "name": spec.name.get(lang),
            "in_force": spec.in_force.isoformat(),
            "until": spec.until.isoformat() if spec.until else None,
            "in_force_on_date": in_force,
            "source": spec.source.text(lang),
        }


def apply_factor_readings(data: dict[str, Any], values: Mapping[str, bool]) -> list[str]:
    """Overlay, in place, each factor's values for the assumptions in force; return their names."""
    used = []
    for factor in data.get("factors") or []:
        for reading in factor.get("readings") or []:
            name = reading.get("assumption")
            if name not in values:
                raise GridFileError(f"factor {factor.get('id')}: readings: no assumption named {name!r}")
            factor.update(reading.get("when_true" if values[name] else "when_false") or {})
            used.append(name)
    return list(dict.fromkeys(used))


def apply_factor_changes(data: dict[str, Any], changes: list[dict[str, Any]]) -> None:
    """Overlay a reform's factor changes in place (``{"factor", "set"}``), each path named on a refusal.

    Raises:
        InvalidInput: an unknown factor, or a key the factor does not have.
    """
    by_id = {f.get("id"): f for f in data.get("factors") or []}
    for index, change in changes:
        where = f"reform.changes.{index}"
        factor = by_id.get(change["factor"])
        if factor is None:
            raise InvalidInput(f"{where}.factor", f"unknown grid factor {change['factor']!r}; known: {sorted(by_id)}")
        for key, value in change["set"].items():
            if key in ("id", "group", "measure", "readings"):
                raise InvalidInput(f"{where}.set.{key}", "this key identifies the factor and cannot be set")
            if key not in _FACTOR_KEYS:
                raise InvalidInput(f"{where}.set.{key}", f"unknown factor key; known: {sorted(_FACTOR_KEYS)}")
            factor[key] = copy.deepcopy(value)
        try:
            FactorSpec.model_validate(factor)
        except ValidationError as exc:
            first = exc.errors()[0]
            path = ".".join(str(p) for p in first["loc"])
            # a whole-factor rule (rows against spouse_columns) has no key of its own: name the keys set
            path = path or ".".join(change["set"])
            raise InvalidInput(f"{where}.set.{path}", first["msg"].removeprefix("Value error, ")) from None


_FACTOR_KEYS = frozenset({"name", "spouse_columns", "window_months", "requires", "rows", "source"})


def build_grid(values: Mapping[str, bool], factor_changes: list[tuple[int, dict[str, Any]]] | None = None) -> Grid:
    data = copy.deepcopy(raw_grid())
    used = apply_factor_readings(data, values)
    if factor_changes:
        apply_factor_changes(data, factor_changes)  # type: ignore[arg-type]
    spec: GridFile = _parse(GridFile, data, GRID_FILE.name)
    table = diagnoses().occupations
    factors = tuple(Factor(f, table, list(spec.diploma_levers)) for f in spec.factors)
    return Grid(spec, factors, tuple(used))


@lru_cache(maxsize=32)
def _cached_grid(values: tuple[tuple[str, bool], ...], changes_json: str) -> Grid:
    changes = [tuple(c) for c in json.loads(changes_json)]
    return build_grid(dict(values), changes or None)  # type: ignore[arg-type]


def grid_for(assumptions: Mapping[str, bool], reform: Any = None) -> Grid:
    """The grid under ``assumptions`` and a reform's factor changes (cached)."""
    changes = []
    if reform is not None:
        for index, change in enumerate(reform.changes):
            if getattr(change, "factor", None):
                changes.append((index, {"factor": change.factor, "set": change.set}))
    return _cached_grid(tuple(sorted(assumptions.items())), json.dumps(changes, sort_keys=True, default=str))
