"""Policy reforms as overlays of rule-file values: validation with paths, scope, versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from solver import evaluate, plan_gaps
from solver.applicant import InvalidInput
from solver.rules.book import default_rulebook, rulebook_for
from solver.rules.overlay import load_reform
from tests.profiles import eligible_for

DAY = "2024-06-03"
FRENCH_5: dict[str, Any] = {
    "name": "french-5",
    "description": {"en": "Oral French level 5 instead of 7.", "fr": "Français oral de niveau 5 au lieu de 7."},
    "changes": [{"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}}],
}
FOOD_18: dict[str, Any] = {
    "name": "food-18-months",
    "description": {"en": "18 months of experience for food processing.", "fr": "18 mois d'expérience."},
    "changes": [{"criterion": "experience", "routes": ["food-processing"], "set": {"months": 18}}],
}


def with_french(profile: dict[str, Any], level: int) -> dict[str, Any]:
    profile["french"] = {"oral_comprehension": level, "oral_production": level, "assessed_on": "2024-01-15"}
    return profile


def test_all_applies_to_every_route_with_the_criterion_and_leaves_the_others() -> None:
    base, reformed = default_rulebook(), rulebook_for(reform=FRENCH_5)
    for rid, route in reformed.routes.items():
        before = base.routes[rid]
        if "oral_french" in before.by_id:
            assert route.by_id["oral_french"].spec.min_level == 5, rid
        else:  # the francization profiles have no oral French criterion
            assert "oral_french" not in route.by_id
        for cid, c in route.by_id.items():
            if cid != "oral_french":
                assert c.logic_key == before.by_id[cid].logic_key, (rid, cid)


def test_a_reform_changes_verdicts_and_names_itself_in_the_version_and_the_wording() -> None:
    profile = with_french(eligible_for("food-processing"), 5)
    assert evaluate(profile, DAY, routes=["food-processing"]).routes[0].verdict == "not_eligible"
    answer = evaluate(profile, DAY, routes=["food-processing"], reform=FRENCH_5)
    assert answer.routes[0].verdict == "eligible"
    assert answer.rules_version.startswith(default_rulebook().rules_version + "+reform:french-5@")
    french = next(c for c in answer.routes[0].criteria if c.id == "oral_french")
    assert "reform french-5" in french.description
    changed = dict(FRENCH_5, changes=[{"criterion": "oral_french", "set": {"min_level": 6}}])
    assert evaluate(profile, DAY, reform=changed).rules_version != answer.rules_version  # the hash tells them apart


def test_the_gap_solver_plans_under_the_reform() -> None:
    profile = with_french(eligible_for("food-processing"), 5)
    baseline = plan_gaps(profile, DAY, routes=["food-processing"]).routes[0]
    reformed = plan_gaps(profile, DAY, routes=["food-processing"], reform=FRENCH_5).routes[0]
    assert baseline.status == "reachable"
    assert reformed.status == "eligible_now"


def test_scoped_routes_change_only_those_routes() -> None:
    reformed = rulebook_for(reform=FOOD_18)
    assert reformed.routes["food-processing"].by_id["experience"].spec.months == 18
    assert reformed.routes["orderlies-work"].by_id["experience"].spec.months == 24


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"criterion": "oral_french", "set": {"min_level": 13}}, "reform.changes.0.set.min_level"),
        ({"criterion": "oral_french", "set": {"min_level": "seven"}}, "reform.changes.0.set.min_level"),
        ({"criterion": "oral_french", "set": {"threshold": 5}}, "reform.changes.0.set.threshold"),
        ({"criterion": "oral_french", "set": {"id": "other"}}, "reform.changes.0.set.id"),
        ({"criterion": "no_such_rule", "set": {"min_level": 5}}, "reform.changes.0.criterion"),
        (
            {"criterion": "oral_french", "routes": ["it-ve-francization"], "set": {"min_level": 5}},
            "reform.changes.0.routes.0",
        ),
        ({"criterion": "oral_french", "routes": ["pluto"], "set": {"min_level": 5}}, "reform.changes.0.routes.0"),
        ({"criterion": "oral_french", "set": {}}, "reform.changes.0.set"),
        ({"criterion": "oral_french", "set": {"min_level": 5}, "why": "x"}, "reform.changes.0.why"),
    ],
)
def test_a_bad_change_fails_with_its_path(change: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidInput) as error:
        rulebook_for(reform=dict(FRENCH_5, changes=[change]))
    assert error.value.field == path


def test_a_reform_without_name_or_description_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        rulebook_for(reform={"changes": FRENCH_5["changes"]})
    assert error.value.field in ("reform.name", "reform.description")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_reform_files_load_as_json_or_yaml(tmp_path: Path, suffix: str) -> None:
    file = tmp_path / f"french-5{suffix}"
    file.write_text(json.dumps(FRENCH_5) if suffix == ".json" else yaml.safe_dump(FRENCH_5), encoding="utf-8")
    assert load_reform(file).changes[0].set == {"min_level": 5}


def test_a_reform_combines_with_assumptions() -> None:
    book = rulebook_for({"it_ve_general_dec": True}, FRENCH_5)
    assert "+assume:it_ve_general_dec=true" in book.rules_version and "+reform:french-5@" in book.rules_version
    assert book.assumptions["it_ve_general_dec"] is True
