"""Overlays on the rule data: named assumptions (contested readings) and policy reforms.

Both are one operation, the way OpenFisca applies a reform to its parameters: set some
rule-file keys of some criteria to other values, then build the rule book from the result.
An assumption's values are written in the rule files themselves (a criterion's ``readings``);
a reform's come with the request (``{name, description, changes: [{criterion, routes, set}]}``).
A reform change may instead set keys of a factor of the PSTQ ranking grid (``{factor, set}``,
CONTRACT.md v3): ``apply_reform`` checks it against the grid and leaves it to
``solver.ranking.grid``, which overlays it on the grid data.
Nothing in Python branches on an assumption's or a reform's name: the evaluator, the gap
solver and the columnar evaluator all read the overlaid rule book.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from solver.applicant import InvalidInput
from solver.rules.schema import CriterionSpec, Text

_CRITERION: TypeAdapter[Any] = TypeAdapter(CriterionSpec)
#: The spec model of each criterion kind, by its ``kind`` tag.
_KIND_MODELS: dict[str, type[BaseModel]] = {
    get_args(model.model_fields["kind"].annotation)[0]: model for model in get_args(get_args(CriterionSpec)[0])
}
#: Keys an overlay may not set: what identifies a criterion and how it is overlaid.
FIXED_KEYS = frozenset({"id", "kind", "readings"})


class ReformChange(BaseModel):
    """One change of a reform: either set rule-file keys of one criterion (``criterion``, on every
    route that has it or on the ``routes`` listed), or set grid-file keys of one factor of the PSTQ
    ranking grid (``factor``; the grid is shared by the four streams, so no ``routes``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    criterion: str | None = Field(
        default=None, pattern=r"^[a-z0-9_]+$", description="A criterion id, e.g. oral_french (or give factor)"
    )
    factor: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9_]+$",
        description="A factor id of the ranking grid as /v1/ranking lists it, e.g. french_written_production "
        "(or give criterion)",
    )
    routes: Literal["all"] | list[str] = Field(default="all", description='"all" or route ids (criterion changes only)')
    set: dict[str, Any] = Field(
        min_length=1, description="Rule-file keys of that criterion (or grid-file keys of that factor) and their values"
    )

    @model_validator(mode="after")
    def _one_target(self) -> ReformChange:
        if (self.criterion is None) == (self.factor is None):
            raise PydanticCustomError(
                "reform_change_target",
                "give exactly one of criterion (a criterion id) or factor (a grid factor id)",
                {"field": "factor" if self.factor is not None else "criterion"},
            )
        if self.factor is not None and self.routes != "all":
            raise PydanticCustomError(
                "reform_change_routes",
                "a factor change applies to the grid of every PSTQ stream: routes cannot be given",
                {"field": "routes"},
            )
        return self


class Reform(BaseModel):
    """A policy reform: an overlay of rule-file and grid-file values (CONTRACT.md v2, v3)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")
    description: Text
    changes: list[ReformChange] = Field(min_length=1, max_length=100)

    def digest(self) -> str:
        """A short hash of the reform's content, stamped in ``rules_version``."""
        canonical = json.dumps(self.model_dump(mode="json", exclude_none=True), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:8]

    def criterion_changes(self) -> list[tuple[int, ReformChange]]:
        """The changes to criteria, with their index in ``changes``."""
        return [(i, c) for i, c in enumerate(self.changes) if c.criterion is not None]

    def factor_changes(self) -> list[tuple[int, ReformChange]]:
        """The changes to grid factors, with their index in ``changes``."""
        return [(i, c) for i, c in enumerate(self.changes) if c.factor is not None]


def parse_reform(data: Reform | Mapping[str, Any], where: str = "reform") -> Reform:
    """Validate a reform's shape (its values are checked against the rule schema when applied).

    Raises:
        InvalidInput: naming the first bad key, e.g. ``reform.changes.0.set``.
    """
    if isinstance(data, Reform):
        return data
    try:
        return Reform.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [*first["loc"]]
        named = (first.get("ctx") or {}).get("field")
        if named:  # a change-level rule names the key it is about: reform.changes.0.factor
            loc.append(named)
        path = ".".join(str(p) for p in (where, *loc))
        raise InvalidInput(path, first["msg"]) from None


def load_reform(path: str | Path) -> Reform:
    """Read a reform file (JSON or YAML) and validate its shape.

    Raises:
        InvalidInput: the file cannot be read or parsed, or a key is wrong.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput("reform", f"cannot read {file}: {exc.strerror}") from None
    try:
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput("reform", f"{file.name} is not valid JSON or YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput("reform", f"{file.name} must hold an object with name, description and changes")
    return parse_reform(data)


def iter_criteria(program: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Every criterion entry of a program's routes (any_of children included), with its route id
    and key path. ``program`` must have its ``use`` entries resolved (``resolve_shared``)."""
    for r_index, route in enumerate(program.get("routes") or []):
        if not isinstance(route, dict):
            continue
        stack = [(c, f"routes.{r_index}.criteria.{i}") for i, c in enumerate(route.get("criteria") or [])]
        while stack:
            entry, path = stack.pop(0)
            if not isinstance(entry, dict):
                continue
            yield str(route.get("id")), entry, path
            for k, child in enumerate(entry.get("children") or []):
                stack.append((child, f"{path}.children.{k}"))


def _check_spec(entry: dict[str, Any]) -> ValidationError | None:
    try:
        _CRITERION.validate_python(entry)
    except ValidationError as exc:
        return exc
    return None


def _first_error(error: ValidationError, entry: dict[str, Any]) -> tuple[str, str]:
    """The key path (without the union's kind tag) and the message of a spec's first error."""
    bad = error.errors()[0]
    loc = list(bad["loc"])
    if loc and loc[0] == entry.get("kind"):
        loc = loc[1:]
    return ".".join(str(p) for p in loc), bad["msg"]


def apply_readings(program: dict[str, Any], values: Mapping[str, bool], where: str) -> None:
    """Overlay, in place, each criterion's values for the assumptions in force.

    Both settings of every reading are checked against the schema, so a rule file whose
    non-default reading is malformed fails at load, not on the first request that asks for it.

    Raises:
        ValueError: a reading names no assumption, or one of its settings breaks the schema.
    """
    for _route, entry, path in iter_criteria(program):
        readings = entry.get("readings") or []
        if not isinstance(readings, list) or _check_spec(entry) is not None:
            continue  # a malformed entry is reported, with its path, when the program file is parsed
        for k, reading in enumerate(readings):
            if not isinstance(reading, dict):
                continue
            name = reading.get("assumption")
            if name not in values:
                raise ValueError(f"{where}: {path}.readings.{k}.assumption: no assumption named {name!r}")
            for setting in (True, False):
                overlay = reading.get("when_true" if setting else "when_false") or {}
                error = _check_spec({**entry, **overlay})
                if error is not None:
                    loc, msg = _first_error(error, entry)
                    said = f"{name} = {str(setting).lower()}"
                    raise ValueError(f"{where}: {path}.readings.{k} ({said}): {loc}: {msg}")
            entry.update(reading.get("when_true" if values[name] else "when_false") or {})


def apply_reform(programs: Mapping[str, dict[str, Any]], reform: Reform, route_ids: tuple[str, ...]) -> None:
    """Overlay, in place, a reform's changes on resolved program data.

    Factor changes are not applied here (``solver.ranking.grid`` overlays them on the grid data)
    but checked against the grid, so that a bad factor id or key fails wherever the reform is used.

    Raises:
        InvalidInput: an unknown route, criterion or factor, a key the criterion (or factor) does
            not have, or a value its schema refuses, named by its path in the reform
            (``reform.changes.0.set.min_level``, ``reform.changes.1.factor``).
    """
    _check_factor_changes(reform)
    for i, change in reform.criterion_changes():
        where = f"reform.changes.{i}"
        scope: set[str] | None = None
        if change.routes != "all":
            if not change.routes:
                raise InvalidInput(f"{where}.routes", 'give route ids or "all"')
            for j, route in enumerate(change.routes):
                if route not in route_ids:
                    raise InvalidInput(f"{where}.routes.{j}", f"unknown route id {route!r}")
            scope = set(change.routes)
        touched: set[str] = set()
        for program in programs.values():
            for route, entry, _path in iter_criteria(program):
                if entry.get("id") != change.criterion or (scope is not None and route not in scope):
                    continue
                _check_keys(entry, change.set, where)
                merged = {**entry, **change.set}
                error = _check_spec(merged)
                if error is not None:
                    loc, msg = _first_error(error, merged)
                    raise InvalidInput(f"{where}.set.{loc}", msg)
                _describe(merged, reform)
                entry.clear()
                entry.update(merged)
                touched.add(route)
        if not touched and not any(
            entry.get("id") == change.criterion for p in programs.values() for _r, entry, _p in iter_criteria(p)
        ):
            raise InvalidInput(f"{where}.criterion", f"no route has a criterion {change.criterion!r}")
        if scope is not None:
            for j, route in enumerate(change.routes):
                if route not in touched:
                    raise InvalidInput(f"{where}.routes.{j}", f"route {route!r} has no criterion {change.criterion!r}")


def _check_factor_changes(reform: Reform) -> None:
    """Refuse a factor change the grid cannot take (an unknown factor or key, a bad value)."""
    changes = [(i, {"factor": c.factor, "set": c.set}) for i, c in reform.factor_changes()]
    if changes:
        from solver.ranking.grid import apply_factor_changes, raw_grid

        apply_factor_changes(copy.deepcopy(raw_grid()), changes)


def _check_keys(entry: dict[str, Any], values: Mapping[str, Any], where: str) -> None:
    kind = entry.get("kind")
    allowed = _keys_of_kind(str(kind)) - FIXED_KEYS
    for key in values:
        if key not in allowed:
            raise InvalidInput(
                f"{where}.set.{key}",
                f"not a key of {kind} criteria; keys that can be set: {', '.join(sorted(allowed))}",
            )


def _keys_of_kind(kind: str) -> frozenset[str]:
    model = _KIND_MODELS.get(kind)
    return frozenset(model.model_fields) if model else frozenset()


def _describe(entry: dict[str, Any], reform: Reform) -> None:
    """Say in the criterion's own wording that a reform changed it: an explanation must never
    state the baseline requirement for a rule the reform replaced."""
    en = f" (Changed by the reform {reform.name}: {reform.description.en.rstrip('.')}.)"
    fr = f" (Modifié par la réforme {reform.name} : {reform.description.fr.rstrip('.')}.)"
    if not str(entry.get("en", "")).endswith(en):
        entry["en"] = f"{entry.get('en', '')}{en}"
        entry["fr"] = f"{entry.get('fr', '')}{fr}"
