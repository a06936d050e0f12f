"""Load and check the rule files, and build the rule book every answer is computed from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from solver.applicant import InvalidInput
from solver.criteria import Criterion, build_criterion
from solver.criteria.reference_date import ReferenceDated, application_dated
from solver.noc import NocIndex
from solver.requests import ROUTE_IDS, is_lever_name
from solver.rules.overlay import Reform, apply_readings, apply_reform, iter_criteria, parse_reform
from solver.rules.route import Route
from solver.rules.schema import AssumptionSpec, Catalog, ProgramFile, resolve_shared

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
    """All routes, the NOC map and the version stamped on every answer.

    A rule book is built for one setting of the named assumptions and, optionally, one
    reform: both are overlays on the rule data (``solver.rules.overlay``).
    """

    rules_version: str
    routes: dict[str, Route]
    noc: NocIndex
    catalog: Catalog
    #: The named assumptions in force, all of them (CONTRACT.md v2: every answer echoes them).
    assumptions: dict[str, bool] = field(default_factory=dict)
    reform: Reform | None = None
    #: For each assumption, the routes with a criterion whose rule-file values depend on it.
    assumption_routes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_data(
        cls,
        catalog: dict[str, Any],
        programs: dict[str, dict[str, Any]],
        assumptions: Mapping[str, bool] | None = None,
        reform: Reform | Mapping[str, Any] | None = None,
    ) -> RuleBook:
        """Build a rule book from raw rule data (as read from the YAML files).

        Notebooks and policy studies edit these dictionaries in memory and build a new rule
        book from them: a rule change needs no code change. ``assumptions`` switches named
        readings (the others keep their defaults); ``reform`` overlays rule-file values.

        Raises:
            RuleFileError: the rule data breaks the schema.
            InvalidInput: an unknown assumption, a non-boolean value, or a bad reform.
        """
        cat: Catalog = _parse(Catalog, catalog, "catalog.yaml")
        values = assumption_values(cat.assumptions, assumptions)
        reform_model = None if reform is None else parse_reform(reform)
        resolved: dict[str, dict[str, Any]] = {}
        for name in cat.programs:
            if name not in programs:
                raise RuleFileError(f"catalog.yaml: programs: no data for {name!r}")
            try:
                resolved[name] = resolve_shared(programs[name])
                apply_readings(resolved[name], values, name)
            except ValueError as exc:
                raise RuleFileError(str(exc) if str(exc).startswith(name) else f"{name}: {exc}") from None
        if reform_model is not None:
            apply_reform(resolved, reform_model, ROUTE_IDS)
        readings = _readings_by_criterion(resolved)
        texts = {a.name: a.reading for a in cat.assumptions}
        routes: dict[str, Route] = {}
        interned: dict[str, Criterion] = {}
        dated: dict[tuple[str, int], Criterion] = {}
        for name in cat.programs:
            program: ProgramFile = _parse(ProgramFile, resolved[name], name)
            for r_index, spec in enumerate(program.routes):
                where = f"{name}: routes.{r_index} ({spec.id})"
                if spec.id in routes:
                    raise RuleFileError(f"{where}: route id defined twice")
                criteria = [
                    _dated(c, _interned(c, interned), program, dated, where) for c in spec.criteria if c.enabled
                ]
                route = Route(spec.id, program, spec, criteria)
                _check_route(route, program, where)
                for c in route.by_id.values():
                    c.assumed = tuple(
                        (a, values[a], texts[a].if_true if values[a] else texts[a].if_false)
                        for a in readings.get((spec.id, c.id), ())
                    )
                routes[spec.id] = route
        missing = [r for r in ROUTE_IDS if r not in routes]
        if missing:
            raise RuleFileError(f"catalog.yaml: no rules for route(s) {missing}")
        digest = hashlib.sha256(json.dumps([catalog, programs], sort_keys=True, default=str).encode()).hexdigest()
        version = f"{cat.rules_version}+{digest[:8]}"
        defaults = {a.name: a.default for a in cat.assumptions}
        changed = [f"{name}={str(v).lower()}" for name, v in values.items() if v != defaults[name]]
        if changed:
            version += "+assume:" + ",".join(changed)
        if reform_model is not None:
            version += f"+reform:{reform_model.name.replace(' ', '_')}@{reform_model.digest()}"
        noc = NocIndex({k: v.noc2021 for k, v in cat.noc_2016_to_2021.items()})
        touched: dict[str, list[str]] = {a.name: [] for a in cat.assumptions}
        for (route_id, _criterion), names in readings.items():
            for name in names:
                if route_id not in touched[name]:
                    touched[name].append(route_id)
        return cls(version, {r: routes[r] for r in ROUTE_IDS}, noc, cat, values, reform_model, touched)

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> RuleBook:
        catalog = _read_yaml(directory / "catalog.yaml")
        names = catalog.get("programs", []) if isinstance(catalog, dict) else []
        programs = {n: _read_yaml(directory / n) for n in names if (directory / n).exists()}
        return cls.from_data(catalog, programs)


def assumption_values(specs: list[AssumptionSpec], requested: Mapping[str, bool] | None) -> dict[str, bool]:
    """Every assumption's value: the defaults, switched where ``requested`` says.

    Raises:
        InvalidInput: an unknown name or a value that is not a boolean, naming the key.
    """
    values = {a.name: a.default for a in specs}
    for name, value in (requested or {}).items():
        if name not in values:
            raise InvalidInput(f"assumptions.{name}", f"unknown assumption; known: {', '.join(values)}")
        if not isinstance(value, bool):
            raise InvalidInput(f"assumptions.{name}", "must be true or false")
        values[name] = value
    return values


def _readings_by_criterion(programs: Mapping[str, dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """(route id, criterion id) -> the assumptions its rule-file values depend on."""
    found: dict[tuple[str, str], list[str]] = {}
    for program in programs.values():
        for route, entry, _path in iter_criteria(program):
            names = [r.get("assumption") for r in entry.get("readings") or [] if isinstance(r, dict)]
            if names:
                found.setdefault((route, str(entry.get("id"))), []).extend(str(n) for n in names)
    return found


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


def _dated(
    spec: Any, criterion: Criterion, program: ProgramFile, dated: dict[tuple[str, int], Criterion], where: str
) -> Criterion:
    """The criterion a route uses for a top-level rule: assessed on the program's reference date
    when the rule says ``checked_on: reference_date``; in a program that has a reference date,
    explained as checked on the application date otherwise; else the criterion itself.
    (One object per interned rule, so routes that share a rule share its dated form too.)"""
    reference = program.reference_date
    if spec.checked_on == "reference_date":
        if reference is None:
            raise RuleFileError(
                f"{where}: criterion {spec.id!r}: checked_on: reference_date, but the program has no reference_date"
            )
        key = ("reference_date", id(criterion))
        if key not in dated:
            dated[key] = ReferenceDated(criterion, reference)
        return dated[key]
    if reference is None:
        return criterion
    key = ("application_date", id(criterion))
    if key not in dated:
        dated[key] = application_dated(criterion)
    return dated[key]


def _check_route(route: Route, program: ProgramFile, where: str) -> None:
    """Cross-references the schema alone cannot check."""
    edition_ids = {e.id for e in program.editions}
    seen: set[str] = set()
    stack: list[Criterion] = list(route.criteria)
    top = {id(c) for c in route.criteria}
    while stack:
        c = stack.pop()
        if id(c) not in top and getattr(c.spec, "checked_on", None) == "reference_date":
            raise RuleFileError(f"{where}: criterion {c.id!r}: checked_on is read on a route's top-level criteria only")
        stack.extend(c.inner.children() if isinstance(c, ReferenceDated) else c.children())
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


@lru_cache(maxsize=1)
def _shipped_data() -> str:
    return json.dumps(raw_rule_data(), default=str)


def rulebook_for(
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> RuleBook:
    """The shipped rules with ``assumptions`` switched and ``reform`` overlaid (cached).

    With neither, the default rule book itself.

    Raises:
        InvalidInput: an unknown assumption, a non-boolean value, or a bad reform, naming the key.
    """
    base = default_rulebook()
    values = assumption_values(base.catalog.assumptions, assumptions)
    reform_model = None if reform is None else parse_reform(reform)
    if values == base.assumptions and reform_model is None:
        return base
    reform_json = None if reform_model is None else reform_model.model_dump_json()
    return _overlaid(tuple(sorted(values.items())), reform_json)


@lru_cache(maxsize=32)
def _overlaid(values: tuple[tuple[str, bool], ...], reform_json: str | None) -> RuleBook:
    catalog, programs = json.loads(_shipped_data())
    reform = None if reform_json is None else Reform.model_validate_json(reform_json)
    return RuleBook.from_data(catalog, programs, dict(values), reform)


def resolve_rules(
    rules: RuleBook | None,
    assumptions: Mapping[str, bool] | None,
    reform: Reform | Mapping[str, Any] | None,
) -> RuleBook:
    """The rule book a call answers from: ``rules`` as given, else the shipped rules overlaid.

    Raises:
        InvalidInput: ``rules`` together with ``assumptions`` or ``reform`` (ambiguous), or a bad overlay.
    """
    if rules is None:
        if assumptions is None and reform is None:
            return default_rulebook()  # the usual call: nothing to check or overlay
        return rulebook_for(assumptions, reform)
    if assumptions or reform is not None:
        raise InvalidInput("assumptions", "give either a rule book or assumptions/reform to overlay, not both")
    return rules
