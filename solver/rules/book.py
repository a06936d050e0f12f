"""Load and check the rule files, and build the rule book every answer is computed from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from solver.criteria import Criterion, build_criterion
from solver.noc import NocIndex
from solver.requests import ROUTE_IDS, is_lever_name
from solver.rules.route import Route
from solver.rules.schema import Catalog, ProgramFile

DATA_DIR = Path(__file__).parent / "data"


class RuleFileError(ValueError):
    """A rule file that does not fit the schema, with the file and the key path."""


def _format(error: ValidationError) -> str:
    lines = []
    for e in error.errors():
        path = ".".join(str(p) for p in e["loc"]) or "(top level)"
        lines.append(f"{path}: {e['msg']}")
    return "; ".join(lines)


def _parse(model: type[Catalog] | type[ProgramFile], data: Any, source: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(f"{source}: {_format(exc)}") from None
    except ValueError as exc:
        raise RuleFileError(f"{source}: {exc}") from None


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{path.name}: not valid YAML: {exc}") from None


@dataclass
class RuleBook:
    """All routes, the NOC map and the version stamped on every answer."""

    rules_version: str
    routes: dict[str, Route]
    noc: NocIndex
    catalog: Catalog

    @classmethod
    def from_data(cls, catalog: dict[str, Any], programs: dict[str, dict[str, Any]]) -> RuleBook:
        """Build a rule book from raw rule data (as read from the YAML files).

        Notebooks and policy studies edit these dictionaries in memory and build a new rule
        book from them: a rule change needs no code change.
        """
        cat: Catalog = _parse(Catalog, catalog, "catalog.yaml")
        routes: dict[str, Route] = {}
        interned: dict[str, Criterion] = {}
        for name in cat.programs:
            if name not in programs:
                raise RuleFileError(f"catalog.yaml: programs: no data for {name!r}")
            program: ProgramFile = _parse(ProgramFile, programs[name], name)
            for r_index, spec in enumerate(program.routes):
                where = f"{name}: routes.{r_index} ({spec.id})"
                if spec.id in routes:
                    raise RuleFileError(f"{where}: route id defined twice")
                criteria = [_interned(c, interned) for c in spec.criteria]
                route = Route(spec.id, program, spec, criteria)
                _check_route(route, program, where)
                routes[spec.id] = route
        missing = [r for r in ROUTE_IDS if r not in routes]
        if missing:
            raise RuleFileError(f"catalog.yaml: no rules for route(s) {missing}")
        digest = hashlib.sha256(json.dumps([catalog, programs], sort_keys=True, default=str).encode()).hexdigest()
        version = f"{cat.rules_version}+{digest[:8]}"
        noc = NocIndex({k: v.noc2021 for k, v in cat.noc_2016_to_2021.items()})
        return cls(version, {r: routes[r] for r in ROUTE_IDS}, noc, cat)

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> RuleBook:
        catalog = _read_yaml(directory / "catalog.yaml")
        names = catalog.get("programs", []) if isinstance(catalog, dict) else []
        programs = {n: _read_yaml(directory / n) for n in names if (directory / n).exists()}
        return cls.from_data(catalog, programs)


def _interned(spec: Any, interned: dict[str, Criterion]) -> Criterion:
    """One criterion object per distinct rule: routes that share a rule share its object, so
    the gap solver's caches reuse a verdict across routes. Criteria that read a sibling
    criterion (``after_criterion``) depend on their route and are never shared."""
    if getattr(spec, "after_criterion", None):
        return build_criterion(spec)
    key = spec.model_dump_json()
    if key not in interned:
        interned[key] = build_criterion(spec)
    return interned[key]


def _check_route(route: Route, program: ProgramFile, where: str) -> None:
    """Cross-references the schema alone cannot check."""
    edition_ids = {e.id for e in program.editions}
    seen: set[str] = set()
    stack: list[Criterion] = list(route.criteria)
    while stack:
        c = stack.pop()
        stack.extend(c.children())
        key = f"{c.id}@{sorted(c.editions) if c.editions else '*'}"
        if key in seen:
            raise RuleFileError(f"{where}: criterion id {c.id!r} used twice")
        seen.add(key)
        if c.editions and not c.editions <= edition_ids:
            raise RuleFileError(f"{where}: criterion {c.id!r}: unknown edition(s) {sorted(c.editions - edition_ids)}")
        lever = getattr(c.spec, "lever", None)
        if isinstance(lever, str) and not is_lever_name(lever):
            raise RuleFileError(f"{where}: criterion {c.id!r}: unknown lever {lever!r}")
        after = getattr(c.spec, "after_criterion", None)
        if after and after not in route.by_id:
            raise RuleFileError(f"{where}: criterion {c.id!r}: after_criterion {after!r} names no criterion")
    scopes = {k for e in program.editions for w in e.windows for k in w.caps}
    unknown_scopes = set(route.spec.intake_scopes) - scopes
    if unknown_scopes:
        raise RuleFileError(f"{where}: intake_scopes {sorted(unknown_scopes)} have no cap in any window")


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    """The rule book shipped with the package, loaded once per process."""
    return RuleBook.load()


def raw_rule_data(directory: Path = DATA_DIR) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The shipped rule data as plain dictionaries, ready to edit and pass to ``RuleBook.from_data``."""
    catalog = _read_yaml(directory / "catalog.yaml")
    return catalog, {n: _read_yaml(directory / n) for n in catalog["programs"]}
