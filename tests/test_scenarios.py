"""Scenario tests as data: each YAML case under tests/scenarios/ gives a date, a profile and the
expected verdicts (and, optionally, gap plans), in a form a domain expert can review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from solver import evaluate, plan_gaps

CASES = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_scenario(path: Path) -> None:
    case = _load(path)
    answer = evaluate(case["applicant"], case["application_date"])
    routes = {r.route: r for r in answer.routes}
    for route, expected in case["expect"].items():
        got = routes[route]
        assert got.verdict == expected["verdict"], (route, [(c.id, c.explanation) for c in got.criteria])
        if "edition" in expected:
            assert got.edition == expected["edition"]
        verdicts = {c.id: c.verdict for c in got.criteria}
        for cid, verdict in expected.get("criteria", {}).items():
            assert verdicts[cid] == verdict, (route, cid)
    for route, expected in case.get("gaps", {}).items():
        result = plan_gaps(case["applicant"], case["application_date"], routes=[route]).routes[0]
        assert result.status == expected["status"], result.reasons
        best = result.plans[0]
        assert str(best.apply_on) == str(expected["apply_on"])
        assert sorted({c.lever for c in best.changes}) == sorted(expected["levers"])


def test_there_are_scenarios() -> None:
    assert len(CASES) >= 3
