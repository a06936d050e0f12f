"""The route catalogue (``GET /v1/routes``) read from the rule book."""

from __future__ import annotations

from datetime import date

from solver.answers import CriterionInfo, RoutesCatalog
from solver.catalog import route_catalog
from solver.requests import ROUTE_IDS
from solver.rules.book import RuleBook, default_rulebook, raw_rule_data


def _walk(criteria: list[CriterionInfo]) -> list[CriterionInfo]:
    out = []
    for c in criteria:
        out.append(c)
        out.extend(_walk(c.children))
    return out


def test_catalog_lists_the_nine_routes_in_contract_order_with_the_rules_version() -> None:
    catalog = route_catalog()
    assert [r.route for r in catalog.routes] == list(ROUTE_IDS)
    assert catalog.rules_version == default_rulebook().rules_version


def test_catalog_names_program_stream_profile_and_end_date() -> None:
    routes = {r.route: r for r in route_catalog().routes}
    orderlies = routes["orderlies-work-study"]
    assert orderlies.program == "orderlies"
    assert orderlies.stream == "work-study"
    assert orderlies.name["fr"] == "Préposés aux bénéficiaires — volet Travail-études"
    assert orderlies.program_name["en"] == "Permanent immigration pilot program for orderlies"
    ai = routes["ai-foreign-worker-francization"]
    assert (ai.program, ai.stream, ai.profile) == ("ai-it-ve", "ai-foreign-worker", "francization")
    assert all(r.end_date == date(2026, 1, 1) for r in routes.values() if r.family == "pilots")
    assert routes["pstq-high-qualification"].end_date is None  # no end announced
    assert routes["peq-quebec-graduates"].end_date == date(2028, 7, 2)
    assert routes["food-processing"].selection_cap["per_year"] == 550
    assert str(routes["food-processing"].selection_cap["source"]).startswith("[REG] I-0.2.1, r. 9")


def test_catalog_editions_have_windows_caps_and_sources() -> None:
    food = next(r for r in route_catalog().routes if r.route == "food-processing")
    assert [(e.id, e.in_force, e.noc_version) for e in food.editions] == [
        ("2021", date(2021, 3, 24), 2016),
        ("2023", date(2023, 11, 23), 2021),
    ]
    window = food.editions[1].windows[0]
    assert (window.start, window.end, window.caps) == (date(2023, 11, 23), date(2024, 12, 31), {"food": 600})
    assert window.source.startswith("[SEED]")
    noted = food.editions[0].windows[1]
    assert noted.note is not None and "2022-10-31" in noted.note["en"] and "2022-10-31" in noted.note["fr"]


def test_catalog_caps_and_early_closures_are_the_routes_own() -> None:
    routes = {r.route: r for r in route_catalog().routes}
    francization = routes["it-ve-francization"].editions[0]
    assert francization.windows[0].caps == {"it-ve": 300, "it-ve-francization": 150}
    assert francization.early_closures == [
        {
            "scope": "it-ve-francization",
            "closed_on": "2022-06-30",
            "source": "[MIFI] quebec.ca: the IT-VE francization intake reached its cap on 2022-06-30",
        }
    ]
    # The francophone IT-VE route has no francization scope: neither that cap nor that closure.
    francophone = routes["it-ve-francophone"].editions[0]
    assert francophone.windows[0].caps == {"it-ve": 300}
    assert francophone.early_closures == []


def test_catalog_criteria_tree_mirrors_the_rule_objects() -> None:
    rules = default_rulebook()
    for info in route_catalog(rules).routes:
        route = rules.routes[info.route]
        assert [c.id for c in info.criteria] == [c.id for c in route.criteria]
        for c in _walk(info.criteria):
            assert c.description["en"] and c.description["fr"]
            assert c.description["en"] != c.description["fr"]
            assert c.source_tag in {"REG", "MIFI", "SEED", "3P", "INF"}
            assert len(c.source_reference) >= 3
    ai = next(r for r in route_catalog(rules).routes if r.route == "ai-foreign-worker-francophone")
    qualification = next(c for c in ai.criteria if c.id == "qualification")
    assert qualification.kind == "any_of"
    assert [(k.id, k.kind, k.editions) for k in qualification.children] == [
        ("skilled_experience", "experience", ["2023"]),
        ("skilled_experience_2021", "experience", ["2021"]),
        ("recent_graduate_degree", "diploma", None),
    ]
    orderlies = next(r for r in route_catalog(rules).routes if r.route == "orderlies-work")
    stay = next(c for c in orderlies.criteria if c.id == "respected_conditions_of_stay")
    assert stay.editions == ["2021"]
    assert stay.kind == "fact"


def test_catalog_carries_route_assumptions_in_both_languages() -> None:
    routes = {r.route: r for r in route_catalog().routes}
    assert routes["orderlies-work-study"].assumptions[0]["en"].startswith("Only DEP 5358")
    assert "DEP 5358" in routes["orderlies-work-study"].assumptions[0]["fr"]
    assert routes["food-processing"].assumptions == []


def test_catalog_follows_an_edited_rule_book() -> None:
    catalog, programs = raw_rule_data()
    programs["orderlies.yaml"]["selection_cap"]["per_year"] = 600
    edited = RuleBook.from_data(catalog, programs)
    answer = route_catalog(edited)
    orderlies = next(r for r in answer.routes if r.route == "orderlies-work")
    assert orderlies.selection_cap["per_year"] == 600
    assert answer.rules_version == edited.rules_version != default_rulebook().rules_version


def test_catalog_round_trips_through_json() -> None:
    catalog = route_catalog()
    again = RoutesCatalog.model_validate_json(catalog.model_dump_json(by_alias=True))
    assert again == catalog
