"""The import graph of ``solver`` and ``api`` stays layered and acyclic.

Every module under ``solver/`` and ``api/`` is parsed with :mod:`ast` (nothing is imported),
and every ``import`` statement counts: module level, inside functions, and under
``if TYPE_CHECKING:`` — an import used only for type hints still ties the two modules together.

Layers, lowest first (a module may import its own layer or any lower one, never a higher one):

================  =========================================================================
layer             modules
================  =========================================================================
vocabulary        ``solver.applicant``, ``solver.answers``, ``solver.requests``,
                  ``solver.costs``, ``solver.dates``, ``solver.jsonstrict``, ``solver.noc``,
                  ``solver.text``: the contract's data models (profile, answers, requests:
                  a reform or an assumption arrives as plain data, checked by the rule
                  layers) and small pure helpers.
rule schema       ``solver.rules.schema`` (and the empty ``solver.rules`` package): the
                  pydantic models of the rule files.
criteria          ``solver.criteria.*``: each criterion kind evaluates a profile on a date,
                  explains itself and compiles itself to CP-SAT. What the criteria need from
                  the planner and the CP-SAT model above them is declared as Protocols in
                  ``solver.criteria.ports``.
rule book         ``solver.rules.book``, ``solver.rules.route``, ``solver.rules.overlay*``:
                  the rule data loaded into routes of criteria (and assumptions / reforms).
engines           ``solver.evaluator``, ``solver.columnar*``, ``solver.levers``,
                  ``solver.gaps.*``: eligibility, lever options and the gap solver.
services          the ``solver`` package façade, ``solver.batch*``, ``solver.catalog``,
                  ``solver.cli*``, ``solver.cohort*``, ``solver.question*``,
                  ``solver.whatif``: what the Python API, the command line and the service
                  call.
api               ``api.*``: the FastAPI application.
================  =========================================================================

Besides, no module takes part in an import cycle, even within a layer. A new module must be
given a layer here (``LAYERS``); the test says so when one is missing.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("solver", "api")

#: (layer name, module-name patterns), lowest layer first; see the module docstring.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "vocabulary",
        (
            "solver.applicant",
            "solver.answers",
            "solver.costs",
            "solver.dates",
            "solver.jsonstrict",
            "solver.noc",
            "solver.requests",
            "solver.text",
        ),
    ),
    ("rule schema", ("solver.rules", "solver.rules.schema")),
    ("criteria", ("solver.criteria", "solver.criteria.*")),
    (
        "rule book",
        (
            "solver.rules.book",
            "solver.rules.route",
            "solver.rules.overlay*",
            "solver.ranking",
            "solver.ranking.schema",
            "solver.ranking.measures",
            "solver.ranking.factors",
            "solver.ranking.grid",
            "solver.ranking.draws",
        ),
    ),
    (
        "engines",
        (
            "solver.evaluator",
            "solver.columnar*",
            "solver.levers",
            "solver.ranking.scorer",
            "solver.ranking.columns",
            "solver.gaps",
            "solver.gaps.*",
        ),
    ),
    (
        "services",
        (
            "solver",
            "solver.batch*",
            "solver.catalog",
            "solver.cli*",
            "solver.cohort*",
            "solver.question*",
            "solver.whatif*",
        ),
    ),
    ("api", ("api", "api.*")),
)


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a source file (a package's ``__init__.py`` is the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, name: str, is_package: bool, known: Iterable[str]) -> set[str]:
    """The known modules that ``source`` (module ``name``) imports, wherever the import stands.

    ``from a.b import c`` names the module ``a.b.c`` when there is one, else ``a.b``;
    ``import a.b.c`` names the longest known prefix of ``a.b.c``. Relative imports are resolved
    against ``name``. Imports of modules outside ``known`` (the standard library, third
    parties) are dropped, and so is the module itself.
    """
    known = set(known)
    package = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                prefixes = (".".join(parts[:i]) for i in range(len(parts), 0, -1))
                found.add(next((p for p in prefixes if p in known), alias.name))
    return {m for m in found if m in known and m != name}


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module name -> the project modules it imports, for every module of ``PACKAGES``."""
    files = {module_name(p, root): p for package in PACKAGES for p in sorted((root / package).rglob("*.py"))}
    return {
        name: imported_modules(path.read_text(encoding="utf-8"), name, path.name == "__init__.py", files)
        for name, path in files.items()
    }


def layer_of(module: str) -> int | None:
    """The index in ``LAYERS`` of the layer whose patterns match ``module`` (None: no layer)."""
    matches = [i for i, (_, patterns) in enumerate(LAYERS) if any(fnmatchcase(module, p) for p in patterns)]
    assert len(matches) <= 1, f"{module} matches several layers: {[LAYERS[i][0] for i in matches]}"
    return matches[0] if matches else None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_every_module_belongs_to_exactly_one_layer(graph: dict[str, set[str]]) -> None:
    missing = sorted(m for m in graph if layer_of(m) is None)
    assert not missing, f"give these modules a layer in LAYERS (tests/test_import_layers.py): {missing}"


def test_no_module_imports_a_higher_layer(graph: dict[str, set[str]]) -> None:
    violations = []
    for module, targets in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)
            if here is not None and there is not None and there > here:
                violations.append(f"{module} ({LAYERS[here][0]}) imports {target} ({LAYERS[there][0]})")
    assert not violations, "imports against the layering:\n" + "\n".join(violations)


def test_there_is_no_import_cycle(graph: dict[str, set[str]]) -> None:
    assert cycles(graph) == []


def test_the_graph_counts_type_checking_and_function_level_imports() -> None:
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import pkg.low.leaf\n"
        "from pkg import low\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.high import Thing\n"
        "def f() -> None:\n"
        "    from . import sibling\n"
        "    from .sub.deep import g\n"
    )
    known = {"pkg", "pkg.low", "pkg.high", "pkg.mid", "pkg.mid.sibling", "pkg.mid.sub.deep", "pkg.mid.me"}
    assert imported_modules(source, "pkg.mid.me", False, known) == {
        "pkg.low",
        "pkg.high",
        "pkg.mid.sibling",
        "pkg.mid.sub.deep",
    }
    # the same text as a package's __init__: ``.`` is the package itself
    assert imported_modules(source, "pkg.mid", True, known) >= {"pkg.mid.sibling", "pkg.mid.sub.deep"}


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    ranks = [layer_of(m) for m in ("solver.text", "solver.rules.schema", "solver.criteria.base", "solver.levers")]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks) and None not in ranks
    assert layer_of("solver.nonexistent_module") is None


@pytest.mark.parametrize(
    ("port", "implementation"),
    [("PlanningContext", "solver.levers.PlanningContext"), ("GapModel", "solver.gaps.model.GapModel")],
)
def test_each_port_is_implemented_with_the_same_signatures(port: str, implementation: str) -> None:
    """The Protocols the criteria call through match the classes above them, method by method."""
    from solver.criteria import ports

    module_name, _, class_name = implementation.rpartition(".")
    impl = getattr(importlib.import_module(module_name), class_name)
    proto = getattr(ports, port)
    methods = [name for name, value in vars(proto).items() if inspect.isfunction(value) and not name.startswith("_")]
    assert methods
    for name in methods:
        assert hasattr(impl, name), f"{implementation} lacks {name}"
        wanted = list(inspect.signature(getattr(proto, name)).parameters)
        assert list(inspect.signature(getattr(impl, name)).parameters) == wanted, f"{implementation}.{name}"
