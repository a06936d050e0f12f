"""Per route: an eligible profile, and for each criterion a profile failing only that criterion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from profiles import APPLICATION_DATE, IT_VE_WAGES, eligible_for

from solver import evaluate
from solver.requests import PILOT_ROUTE_IDS as ROUTE_IDS

Mutation = Callable[[dict[str, Any]], None]


def _set(**fields: Any) -> Mutation:
    def mutate(p: dict[str, Any]) -> None:
        p.update(fields)

    return mutate


def _french(**levels: Any) -> Mutation:
    def mutate(p: dict[str, Any]) -> None:
        p["french"].update(levels)

    return mutate


def _work(index: int, **fields: Any) -> Mutation:
    def mutate(p: dict[str, Any]) -> None:
        p["work_history"][index].update(fields)

    return mutate


def _diploma(index: int, **fields: Any) -> Mutation:
    def mutate(p: dict[str, Any]) -> None:
        p["diplomas"][index].update(fields)

    return mutate


def _offer(**fields: Any) -> Mutation:
    def mutate(p: dict[str, Any]) -> None:
        p["job_offer"].update(fields)

    return mutate


def _drop_work(index: int) -> Mutation:
    def mutate(p: dict[str, Any]) -> None:
        del p["work_history"][index]

    return mutate


COMMON: dict[str, Mutation] = {
    "min_age": _set(birth_date="2006-06-04"),  # 17 on 2024-06-03
    "intends_to_settle": _set(intends_to_settle_in_quebec=False),
    "self_sufficiency_undertaking": _set(self_sufficiency_undertaking=False),
    "employer_not_controlled": _set(controls_employer=True),
    "oral_french": _french(oral_production=6),
    "francization_commitment": _set(commits_to_learn_french=False),
    "expert_committee_opinion": _set(expert_committee_opinion="unfavourable"),
    "status_in_quebec": _set(status_in_quebec="visitor"),
}

SPECIFIC: dict[str, dict[str, tuple[Mutation, set[str]]]] = {
    "food-processing": {
        "diploma": (_diploma(0, full_time_months=6), {"diploma"}),
        "current_job": (_work(0, end="2024-05-31"), {"current_job"}),
        "experience": (_work(0, start="2022-09-01"), {"experience"}),
    },
    "orderlies-work": {
        "diploma": (_diploma(0, field="nursing"), {"diploma"}),
        "current_job": (_work(1, end="2024-05-31"), {"current_job"}),
        "experience": (_drop_work(0), {"experience"}),
        "experience_quebec": (
            lambda p: (_work(0, end="2023-02-28")(p), _work(1, start="2023-09-01")(p)),
            {"experience_quebec"},
        ),
    },
    "orderlies-work-study": {
        "current_job": (_work(0, end="2024-05-31"), {"current_job"}),
        # work after the DEP needs the DEP: failing the DEP fails both, by the rule's own logic
        "dep_5358": (_diploma(0, program_code="5317"), {"dep_5358", "experience_after_dep"}),
        "experience_after_dep": (_diploma(0, obtained_on="2023-09-01"), {"experience_after_dep"}),
    },
    "ai-foreign-worker-francophone": {
        "diploma": (_diploma(0, level="college"), {"diploma"}),
        "qualification": (_work(0, start="2023-06-05"), {"qualification"}),
        "ai_job": (_work(0, annual_salary=95000), {"ai_job"}),
    },
    "ai-quebec-graduate-francophone": {
        "quebec_diploma": (_diploma(0, share_studied_in_quebec=0.3), {"quebec_diploma"}),
        "ai_job": (_offer(sector="finance"), {"ai_job"}),
    },
    "it-ve-francophone": {
        "diploma": (_diploma(0, level="college"), {"diploma"}),
        "experience": (_work(0, start="2023-01-09"), {"experience"}),
        "itve_job": (_work(0, annual_salary=90000), {"itve_job"}),
    },
}
for _route in ("ai-foreign-worker", "ai-quebec-graduate", "it-ve"):
    SPECIFIC[f"{_route}-francization"] = SPECIFIC[f"{_route}-francophone"]


def _verdicts(profile: dict[str, Any], route: str) -> tuple[str, dict[str, str]]:
    answer = evaluate(profile, APPLICATION_DATE, routes=[route], reference_wages=IT_VE_WAGES)
    result = answer.routes[0]
    return result.verdict, {c.id: c.verdict for c in result.criteria}


@pytest.mark.parametrize("route", ROUTE_IDS)
def test_reference_profile_is_eligible(route: str) -> None:
    verdict, criteria = _verdicts(eligible_for(route), route)
    assert verdict == "eligible", criteria
    assert set(criteria.values()) == {"met"}


def _cases() -> list[tuple[str, str, Mutation, set[str]]]:
    cases = []
    for route in ROUTE_IDS:
        _, criteria = _verdicts(eligible_for(route), route)
        for cid in criteria:
            if cid in SPECIFIC.get(route, {}):
                mutation, expected = SPECIFIC[route][cid]
            else:
                mutation, expected = COMMON[cid], {cid}
            cases.append((route, cid, mutation, expected))
    return cases


@pytest.mark.parametrize(
    ("route", "criterion", "mutation", "expected"), _cases(), ids=[f"{r}:{c}" for r, c, _, _ in _cases()]
)
def test_each_criterion_fails_alone(route: str, criterion: str, mutation: Mutation, expected: set[str]) -> None:
    profile = eligible_for(route)
    mutation(profile)
    verdict, criteria = _verdicts(profile, route)
    failing = {cid for cid, v in criteria.items() if v != "met"}
    assert failing == expected
    assert all(criteria[c] == "not_met" for c in expected)
    assert verdict == "not_eligible"


def test_every_criterion_of_every_route_has_a_failing_case() -> None:
    covered = {(r, c) for r, c, _, _ in _cases()}
    for route in ROUTE_IDS:
        _, criteria = _verdicts(eligible_for(route), route)
        assert {(route, c) for c in criteria} <= covered


def test_explanations_state_value_and_requirement_in_both_languages() -> None:
    profile = eligible_for("orderlies-work")
    _drop_work(0)(profile)
    en = evaluate(profile, APPLICATION_DATE, routes=["orderlies-work"]).routes[0]
    fr = evaluate(profile, APPLICATION_DATE, routes=["orderlies-work"], lang="fr").routes[0]
    exp_en = next(c for c in en.criteria if c.id == "experience")
    exp_fr = next(c for c in fr.criteria if c.id == "experience")
    # 511 days from 2023-01-09 to 2024-06-03 = 16.79 months, shown rounded down
    assert exp_en.explanation.startswith("16.7 of the required 24 months of full-time experience")
    assert "between 2021-06-03 and 2024-06-03" in exp_en.explanation
    assert exp_fr.explanation.startswith("16,7 des 24 mois requis")  # a decimal comma in French
    assert exp_en.source.startswith("[SEED]")
    assert exp_fr.description.startswith("Avoir au moins 24 mois")
