"""The questions that matter: which unknown inputs would settle a route, asked in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from profiles import APPLICATION_DATE, IT_VE_WAGES, eligible_for

from api.main import create_app
from solver import questions, route_verdicts
from solver.answers import QuestionsAnswer
from solver.applicant import Applicant
from solver.cli import main
from solver.cohort import generate_cohort
from solver.questions import substitute, unknown_slots, vocabulary
from solver.rules.book import default_rulebook

REPO = Path(__file__).resolve().parents[1]
ON = APPLICATION_DATE  # 2024-06-03, inside the 2023-11-23 to 2024-12-31 window


def _asked(profile: dict[str, Any] | Applicant, **kw: Any) -> dict[str, Any]:
    answer = questions(profile, ON, reference_wages=IT_VE_WAGES, **kw)
    return {q.field: q for q in answer.questions}


def _answers(profile: Applicant, field: str) -> tuple[Any, ...]:
    """The answers the engine would try for ``field`` (the same vocabulary, read from the rules)."""
    slots = unknown_slots(profile, vocabulary(default_rulebook()), ON, IT_VE_WAGES)
    return next(s.candidates for s in slots if s.dotted == field)


def _path(field: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in field.split("."))


# ---------------------------------------------------------------------------- each kind of unknown

Edit = Callable[[dict[str, Any]], None]

KINDS: list[tuple[str, Edit, str, str, str]] = [
    (
        "ai-foreign-worker-francophone",
        lambda p: p["work_history"][0].update(sector=None),
        "work_history.0.sector",
        "ai_job",
        "In which sector does your employer at job 1 (NOC 21211, since 2019-01-07) work?",
    ),
    (
        "orderlies-work",
        lambda p: p["work_history"][0].update(basic_personal_care=None),
        "work_history.0.basic_personal_care",
        "experience",
        "In job 1 (NOC 31301, 2020-01-06 to 2022-08-31), did you give basic personal care to patients?",
    ),
    (
        "it-ve-francization",
        lambda p: p.update(commits_to_learn_french=None),
        "commits_to_learn_french",
        "francization_commitment",
        "Do you commit to learn French and to enrol in the francization service (Accompagnement Québec)?",
    ),
    (
        "food-processing",
        lambda p: p.update(french=None),
        "french",
        "oral_french",
        "What are your levels in oral French, comprehension and production (1 to 12 on the Échelle québécoise), "
        "and on what date were they assessed?",
    ),
    (
        "orderlies-work",
        lambda p: p["diplomas"][0].update(field=None),
        "diplomas.0.field",
        "diploma",
        "In which field is your diploma 1 (vocational (DEP))?",
    ),
    (
        "ai-quebec-graduate-francophone",
        lambda p: p["diplomas"][0].update(share_studied_in_quebec=None),
        "diplomas.0.share_studied_in_quebec",
        "quebec_diploma",
        "What share of the program of your diploma 1 (master's) did you spend in Québec mainly to study?",
    ),
    (
        "ai-foreign-worker-francophone",
        lambda p: p["work_history"][0].update(employer_in_cmm=None, annual_salary=90000),
        "work_history.0.employer_in_cmm",
        "ai_job",
        "Is your employer at job 1 (NOC 21211, since 2019-01-07) established in the Communauté métropolitaine "
        "de Montréal (CMM)?",
    ),
    (
        "ai-foreign-worker-francophone",
        lambda p: p.update(expert_committee_opinion=None),
        "expert_committee_opinion",
        "expert_committee_opinion",
        "Has the expert committee given an opinion on your file, and was it favourable?",
    ),
]


@pytest.mark.parametrize(("route", "edit", "field", "criterion", "prompt"), KINDS, ids=[k[2] for k in KINDS])
def test_each_kind_of_unknown_is_asked_with_the_route_it_decides(
    route: str, edit: Edit, field: str, criterion: str, prompt: str
) -> None:
    profile = eligible_for(route)
    edit(profile)
    assert route_verdicts(profile, ON, routes=[route], reference_wages=IT_VE_WAGES)[route] == "unknown"
    asked = _asked(profile)
    assert field in asked
    question = asked[field]
    assert route in question.routes
    assert criterion in question.criteria
    assert question.prompt == prompt
    assert question.why.startswith(("It decides the route ", "It decides "))
    name = default_rulebook().routes[route].spec.name.en
    assert name in question.why


def test_the_eligible_profile_it_came_from_gets_no_question_for_its_route() -> None:
    for route in ("food-processing", "orderlies-work", "ai-foreign-worker-francophone"):
        asked = questions(eligible_for(route), ON, routes=[route], reference_wages=IT_VE_WAGES)
        assert asked.questions == []


def test_a_fully_known_profile_gets_an_empty_list() -> None:
    profile = eligible_for("food-processing")
    profile["expert_committee_opinion"] = "unfavourable"
    assert "unknown" not in route_verdicts(profile, ON, reference_wages=IT_VE_WAGES, programs=["pilots"]).values()
    answer = questions(profile, ON, reference_wages=IT_VE_WAGES, programs=["pilots"])
    assert answer.questions == []
    assert answer.application_date == ON


def test_an_unknown_no_answer_could_decide_is_not_asked() -> None:
    # The food worker's role is unknown, but no rule restricts NOC 95106 to a role, and no other
    # route is unknown: whatever the answer, no verdict changes, so nothing is asked.
    profile = eligible_for("food-processing")
    profile["work_history"][0]["role"] = None  # no rule restricts NOC 95106 to a role
    profile["expert_committee_opinion"] = "unfavourable"
    assert questions(profile, ON, reference_wages=IT_VE_WAGES, programs=["pilots"]).questions == []


def test_the_question_deciding_more_routes_comes_first() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile.update(expert_committee_opinion=None, commits_to_learn_french=None)
    routes = ["ai-foreign-worker-francophone", "ai-foreign-worker-francization"]
    answer = questions(profile, ON, routes=routes, reference_wages=IT_VE_WAGES)
    # The commitment comes first in the profile but decides only the francization profile.
    assert [(q.field, q.routes) for q in answer.questions] == [
        ("expert_committee_opinion", routes),
        ("commits_to_learn_french", ["ai-foreign-worker-francization"]),
    ]


def test_missing_french_levels_and_date_are_asked_one_by_one() -> None:
    profile = eligible_for("food-processing")
    profile["french"] = {"oral_comprehension": 8, "oral_production": None, "assessed_on": None}
    asked = _asked(profile)
    assert {"french.oral_production", "french.assessed_on"} <= set(asked)
    assert "food-processing" in asked["french.oral_production"].routes


def test_the_job_offer_fields_are_asked_about_the_offer() -> None:
    profile = eligible_for("ai-quebec-graduate-francophone")
    profile["job_offer"]["sector"] = None
    asked = _asked(profile)
    question = asked["job_offer.sector"]
    assert "ai-quebec-graduate-francophone" in question.routes
    assert question.prompt == "In which sector does the employer of your accepted job offer work?"


# ---------------------------------------------------------------------------- completeness and soundness


def _cohort() -> list[Applicant]:
    return generate_cohort(400, seed=13, reference_date=ON)


def test_every_question_can_change_each_route_it_lists() -> None:
    """Soundness: for each listed route some answer, substituted into the profile and evaluated
    in full (every criterion, not only the unknown ones), gives a decided verdict; and the
    questions come best first."""
    checked = 0
    for profile in _cohort():
        answer = questions(profile, ON, reference_wages=IT_VE_WAGES, programs=["pilots"])
        keys = []
        for q in answer.questions:
            outcomes: dict[str, set[str]] = {r: set() for r in q.routes}
            for value in _answers(profile, q.field):
                changed = substitute(profile, _path(q.field), value)
                verdicts = route_verdicts(changed, ON, routes=q.routes, reference_wages=IT_VE_WAGES)
                for r in q.routes:
                    outcomes[r].add(verdicts[r])
            for r, seen in outcomes.items():
                assert seen - {"unknown"}, (q.field, r)
                checked += 1
            keys.append((-len(q.routes), not any("eligible" in seen for seen in outcomes.values())))
        assert keys == sorted(keys), "best first: most routes, then those an answer could make eligible"
    assert checked > 50


#: A published top wage for every IT-VE occupation, so that no route of the cohort is unknown for
#: want of a wage figure (a deployment's table, not a question for the client).
ALL_WAGES = {
    code: 95000.0
    for route in default_rulebook().routes.values()
    for c in route.criteria
    if getattr(c.spec, "reference_wage", False)
    for code in c.spec.filter.occupations or ()
}


def test_every_unknown_route_is_covered_by_some_question() -> None:
    """Completeness: an unknown route that stems from a null input gets a question. The only
    unknowns left are those no null input can settle (a NOC 2016 code that split into NOC
    2021 codes of which only some are eligible)."""
    uncovered = 0
    unknown_routes = 0
    for profile in _cohort():
        verdicts = route_verdicts(profile, ON, reference_wages=ALL_WAGES, programs=["pilots"])
        unknown = {r for r, v in verdicts.items() if v == "unknown"}
        asked = questions(profile, ON, reference_wages=ALL_WAGES, programs=["pilots"]).questions
        covered = {r for q in asked for r in q.routes}
        assert covered <= unknown
        unknown_routes += len(unknown)
        for route in unknown - covered:
            offer = [profile.job_offer.noc] if profile.job_offer and profile.job_offer.noc else []
            nocs = [ep.noc for ep in profile.work_history if ep.noc] + offer
            assert any(len(n) == 4 for n in nocs), (route, profile.model_dump_json())
            uncovered += 1
    assert unknown_routes > 20
    assert uncovered <= unknown_routes // 20


def test_questions_are_asked_in_french() -> None:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile["work_history"][0].update(sector=None)
    answer = questions(profile, ON, lang="fr", reference_wages=IT_VE_WAGES)
    question = next(q for q in answer.questions if q.field == "work_history.0.sector")
    assert question.prompt == (
        "Dans quel secteur travaille l'employeur de l'emploi 1 (CNP 21211, depuis le 2019-01-07) ?"
    )
    assert question.why.startswith("La réponse tranche 2 voies (IA — travailleur étranger")


# ---------------------------------------------------------------------------- HTTP and command line


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def _ai_profile_with_gaps() -> dict[str, Any]:
    profile = eligible_for("ai-foreign-worker-francophone")
    profile.update(expert_committee_opinion=None)
    profile["work_history"][0].update(sector=None)
    return profile


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_http_questions_answers_in_the_requested_language(client: TestClient, lang: str) -> None:
    body = {"applicant": _ai_profile_with_gaps(), "application_date": "2024-06-03", "lang": lang}
    response = client.post("/v1/questions", json=body)
    assert response.status_code == 200, response.text
    answer = QuestionsAnswer.model_validate(response.json())
    assert answer.application_date == date(2024, 6, 3)
    assert answer.rules_version == default_rulebook().rules_version
    expected = questions(_ai_profile_with_gaps(), ON, lang=lang)  # type: ignore[arg-type]
    assert answer.questions == expected.questions
    fields = {q.field for q in answer.questions}
    assert {"work_history.0.sector", "expert_committee_opinion"} <= fields
    word = {"en": "It decides", "fr": "La réponse tranche"}[lang]
    assert all(q.why.startswith(word) for q in answer.questions)


def test_http_questions_follows_accept_language_and_refuses_bad_input(client: TestClient) -> None:
    body = {"applicant": _ai_profile_with_gaps(), "application_date": "2024-06-03"}
    response = client.post("/v1/questions", json=body, headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert response.status_code == 200
    assert response.json()["questions"][0]["prompt"].endswith(" ?")
    bad = client.post("/v1/questions", json={**body, "routes": ["no-such-route"]})
    assert bad.status_code == 422


def test_openapi_documents_the_questions_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/v1/questions"]["post"]
    ok = post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/QuestionsAnswer")
    assert "Question" in schema["components"]["schemas"]


def test_cli_questions_prints_the_questions_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(_ai_profile_with_gaps()))
    assert main(["questions", str(path), "--date", "2024-06-03"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Questions that matter on 2024-06-03")
    assert "1. " in out and "In which sector does your employer at job 1" in out
    assert main(["questions", str(path), "--date", "2024-06-03", "--lang", "fr", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {q["field"] for q in data["questions"]} >= {"work_history.0.sector", "expert_committee_opinion"}
    assert all(q["prompt"].endswith(" ?") for q in data["questions"])


def test_cli_questions_says_when_there_is_nothing_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "questions",
                str(REPO / "examples" / "orderly.json"),
                "--date",
                "2024-06-03",
                "--routes",
                "orderlies-work-study",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Nothing to ask" in out
