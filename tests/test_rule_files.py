"""Rule files are data with a strict schema: a malformed one is refused, loudly and precisely."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from solver import evaluate
from solver.rules.book import DATA_DIR, RuleBook, RuleFileError, default_rulebook, raw_rule_data


@pytest.fixture
def data() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    return raw_rule_data()


def test_shipped_rules_load_with_all_fifteen_routes() -> None:
    rules = default_rulebook()
    assert len(rules.routes) == 15
    assert [r.family for r in rules.routes.values()] == ["pilots"] * 9 + ["pstq"] * 4 + ["peq"] * 2
    assert rules.rules_version.startswith(rules.catalog.rules_version)


def test_every_criterion_carries_a_source_tag_and_both_languages() -> None:
    for route in default_rulebook().routes.values():
        for criterion in route.by_id.values():
            assert criterion.source.tag in {"REG", "MIFI", "SEED", "3P", "INF"}
            assert criterion.description("en") and criterion.description("fr")


def test_unknown_key_is_refused_with_file_and_path(data: Any) -> None:
    catalog, programs = data
    programs["orderlies.yaml"]["routes"][0]["criteria"][9]["minimum_months"] = 12
    with pytest.raises(RuleFileError) as error:
        RuleBook.from_data(catalog, programs)
    message = str(error.value)
    assert message.startswith("orderlies.yaml:")
    assert "routes.0.criteria.9.diploma.minimum_months" in message
    assert "Extra inputs are not permitted" in message


def test_bad_value_is_refused(data: Any) -> None:
    catalog, programs = data
    programs["food_processing.yaml"]["shared"]["age"]["years"] = "eighteen"
    with pytest.raises(RuleFileError, match=r"food_processing.yaml: shared.age.min_age.years"):
        RuleBook.from_data(catalog, programs)


def test_unknown_source_tag_is_refused(data: Any) -> None:
    catalog, programs = data
    programs["ai_it_ve.yaml"]["shared"]["expert"]["source"]["tag"] = "BLOG"
    with pytest.raises(RuleFileError, match=r"ai_it_ve.yaml: shared.expert.fact.source.tag"):
        RuleBook.from_data(catalog, programs)


def test_use_of_an_unknown_shared_criterion_is_refused(data: Any) -> None:
    catalog, programs = data
    programs["food_processing.yaml"]["routes"][0]["criteria"][0] = {"use": "agee"}
    with pytest.raises(RuleFileError, match="names no shared criterion"):
        RuleBook.from_data(catalog, programs)


def test_cross_references_are_checked(data: Any) -> None:
    catalog, programs = data
    broken = copy.deepcopy(programs)
    broken["orderlies.yaml"]["routes"][1]["criteria"][-1]["after_criterion"] = "dep_9999"
    with pytest.raises(RuleFileError, match="after_criterion 'dep_9999' names no criterion"):
        RuleBook.from_data(catalog, broken)
    broken = copy.deepcopy(programs)
    broken["food_processing.yaml"]["shared"]["factor9"]["editions"] = ["2019"]
    with pytest.raises(RuleFileError, match=r"unknown edition\(s\) \['2019'\]"):
        RuleBook.from_data(catalog, broken)
    broken = copy.deepcopy(programs)
    broken["food_processing.yaml"]["shared"]["settle"]["lever"] = "declaration.teleport"
    with pytest.raises(RuleFileError, match="unknown lever"):
        RuleBook.from_data(catalog, broken)


def test_a_missing_route_is_refused(data: Any) -> None:
    catalog, programs = data
    del programs["orderlies.yaml"]["routes"][1]
    with pytest.raises(RuleFileError, match="orderlies-work-study"):
        RuleBook.from_data(catalog, programs)


def test_invalid_yaml_file_names_the_file(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "data" / "orderlies.yaml").write_text("program: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"orderlies\.yaml: not valid YAML"):
        RuleBook.load(tmp_path / "data")


def test_editing_rule_data_in_memory_changes_answers_without_code(data: Any) -> None:
    catalog, programs = data
    programs["food_processing.yaml"]["shared"]["french"]["min_level"] = 5
    lenient = RuleBook.from_data(catalog, programs)
    assert lenient.rules_version != default_rulebook().rules_version
    profile = {
        "birth_date": "1990-01-01",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "self_sufficiency_undertaking": True,
        "french": {"oral_comprehension": 5, "oral_production": 6, "assessed_on": "2024-01-10"},
        "diplomas": [{"level": "vocational", "full_time_months": 12, "obtained_on": "2010-06-01"}],
        "work_history": [
            {
                "noc": "94141",
                "naics": "311611",
                "in_quebec": True,
                "hours_per_week": 40,
                "paid": True,
                "authorized": True,
                "start": "2021-01-04",
            }
        ],
    }
    strict = evaluate(profile, "2024-06-03", routes=["food-processing"]).routes[0]
    relaxed = evaluate(profile, "2024-06-03", routes=["food-processing"], rules=lenient).routes[0]
    assert strict.verdict == "not_eligible" and relaxed.verdict == "eligible"
    # the caller's data is not modified by loading it
    assert programs["food_processing.yaml"]["routes"][0]["criteria"][0] == {"use": "age"}
