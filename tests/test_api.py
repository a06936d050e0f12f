"""The HTTP service through FastAPI's test client: every endpoint, success and refusals, both languages."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import api.service
from api.config import Settings
from api.lang import preferred_lang
from api.main import create_app
from api.wages import WageTableError, load_wage_table
from solver import evaluate
from solver.answers import EligibilityAnswer, GapsAnswer, RoutesCatalog, WhatIfAnswer
from solver.requests import ROUTE_IDS
from solver.rules.book import default_rulebook

REPO = Path(__file__).resolve().parents[1]
DATE = "2024-06-03"  # inside the 2023 edition's first intake window (2023-11-23 to 2024-12-31)
FRENCH = "fr-CA,fr;q=0.9,en;q=0.8"


def profile(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "examples" / f"{name}.json").read_text())
    return data


def settings(**overrides: Any) -> Settings:
    return Settings(**overrides)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(settings())) as test_client:
        yield test_client


def by_route(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["route"]: r for r in answer["routes"]}


def criterion(route: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in route["criteria"] if c["id"] == cid)


def only_error(response: httpx.Response, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    for item in detail:
        assert set(item) == {"loc", "field", "msg", "type"}
    assert "Traceback" not in response.text
    first: dict[str, Any] = detail[0]
    return first


# ---------------------------------------------------------------------------- health and catalogue


def test_health_reports_ok_and_the_rules_version(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "rules_version": default_rulebook().rules_version}


def test_routes_returns_the_catalogue(client: TestClient) -> None:
    response = client.get("/v1/routes")
    assert response.status_code == 200
    catalog = RoutesCatalog.model_validate(response.json())
    assert catalog.rules_version == default_rulebook().rules_version
    assert [r.route for r in catalog.routes] == list(ROUTE_IDS)
    work = next(r for r in catalog.routes if r.route == "orderlies-work")
    french = next(c for c in work.criteria if c.id == "oral_french")
    assert french.description["en"].startswith("Oral French at level 7")
    assert french.description["fr"].startswith("Français oral de niveau 7")
    assert french.source_tag == "MIFI"
    assert [w.start for e in work.editions for w in e.windows] == [
        date(2021, 3, 31),
        date(2021, 11, 3),
        date(2023, 11, 23),
        date(2025, 1, 13),
    ]


# ---------------------------------------------------------------------------- eligibility


def test_eligibility_explains_each_route_in_english(client: TestClient) -> None:
    response = client.post("/v1/eligibility", json={"applicant": profile("orderly"), "application_date": DATE})
    assert response.status_code == 200
    answer = response.json()
    assert answer["application_date"] == DATE
    assert answer["rules_version"] == default_rulebook().rules_version
    routes = by_route(answer)
    assert list(routes) == list(ROUTE_IDS)
    work = routes["orderlies-work"]
    assert (work["edition"], work["verdict"]) == ("2023", "not_eligible")
    assert work["intake"]["open"] is True
    assert work["intake"]["window"] == {"start": "2023-11-23", "end": "2024-12-31"}
    french = criterion(work, "oral_french")
    assert french["verdict"] == "not_met"
    assert french["explanation"].startswith("Oral comprehension 7, oral production 6; level 7 required in both")
    assert criterion(work, "experience_quebec")["explanation"].startswith(
        "11.1 of the required 12 months of full-time experience as an orderly in Québec"
    )
    assert criterion(work, "min_age")["verdict"] == "met"
    assert criterion(work, "min_age")["source"] == "[REG] I-0.2.1, r. 7, s. 5"
    # The same answer as the Python API.
    assert EligibilityAnswer.model_validate(answer) == evaluate(profile("orderly"), DATE)


def test_eligibility_in_french_from_the_body(client: TestClient) -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE, "lang": "fr"}
    answer = client.post("/v1/eligibility", json=body).json()
    work = by_route(answer)["orderlies-work"]
    assert criterion(work, "oral_french")["explanation"].startswith("Compréhension orale 7, production orale 6")
    assert work["intake"]["note"].startswith("Période de réception ouverte du 2023-11-23 au 2024-12-31")
    assert criterion(work, "oral_french")["description"].startswith("Français oral de niveau 7")


def test_eligibility_in_french_from_accept_language(client: TestClient) -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE}
    answer = client.post("/v1/eligibility", json=body, headers={"Accept-Language": FRENCH}).json()
    assert criterion(by_route(answer)["orderlies-work"], "oral_french")["explanation"].startswith(
        "Compréhension orale 7"
    )
    # The body's lang wins over the header.
    answer = client.post("/v1/eligibility", json={**body, "lang": "en"}, headers={"Accept-Language": FRENCH}).json()
    assert criterion(by_route(answer)["orderlies-work"], "oral_french")["explanation"].startswith("Oral comprehension")
    # A header preferring English (or another language) gives English.
    answer = client.post("/v1/eligibility", json=body, headers={"Accept-Language": "en-CA,fr;q=0.5"}).json()
    assert criterion(by_route(answer)["orderlies-work"], "oral_french")["explanation"].startswith("Oral comprehension")


def test_eligibility_of_chosen_routes_and_an_eligible_profile(client: TestClient) -> None:
    body = {"applicant": profile("food_worker"), "application_date": DATE, "routes": ["food-processing"]}
    answer = client.post("/v1/eligibility", json=body).json()
    assert [r["route"] for r in answer["routes"]] == ["food-processing"]
    food = answer["routes"][0]
    assert food["verdict"] == "eligible"
    assert all(c["verdict"] == "met" for c in food["criteria"])
    assert criterion(food, "experience")["explanation"].startswith("32.8 of the required 24 months")  # since 2021-09-07


def test_eligibility_date_defaults_to_today(client: TestClient) -> None:
    answer = client.post("/v1/eligibility", json={"applicant": profile("orderly")}).json()
    assert answer["application_date"] == date.today().isoformat()


def test_eligibility_uses_reference_wages_for_the_it_ve_salary_test(client: TestClient) -> None:
    body = {"applicant": profile("ai_worker"), "application_date": DATE, "routes": ["it-ve-francophone"]}
    assert client.post("/v1/eligibility", json=body).json()["routes"][0]["verdict"] == "unknown"
    body["reference_wages"] = {"21211": 110000}
    assert client.post("/v1/eligibility", json=body).json()["routes"][0]["verdict"] == "eligible"
    body["reference_wages"] = {"21211": 125000}
    assert client.post("/v1/eligibility", json=body).json()["routes"][0]["verdict"] == "not_eligible"


def test_the_wage_table_applies_under_the_requests_wages(tmp_path: Path) -> None:
    table = tmp_path / "wages.csv"
    table.write_text("noc,top_wage\n21211,110000\n21232,95000\n")
    body: dict[str, Any] = {
        "applicant": profile("ai_worker"),
        "application_date": DATE,
        "routes": ["it-ve-francophone"],
    }
    with TestClient(create_app(settings(wage_table=table))) as test_client:
        assert test_client.post("/v1/eligibility", json=body).json()["routes"][0]["verdict"] == "eligible"
        body["reference_wages"] = {"21211": 125000}  # the request's figure wins
        assert test_client.post("/v1/eligibility", json=body).json()["routes"][0]["verdict"] == "not_eligible"


# ---------------------------------------------------------------------------- gaps


def test_gaps_plans_each_route(client: TestClient) -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE, "horizon_months": 36, "max_plans": 2}
    response = client.post("/v1/gaps", json=body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["rules_version"] == default_rulebook().rules_version
    assert (answer["objective"], answer["horizon_months"], answer["respect_intake_windows"]) == ("earliest", 36, True)
    assert "french" in answer["cost_model"]["levers"]
    routes = by_route(answer)
    assert list(routes) == list(ROUTE_IDS)
    study = routes["orderlies-work-study"]
    assert study["status"] == "reachable"
    best = study["plans"][0]
    assert best["optimal"] is True
    assert best["apply_on"] == "2024-09-03" and best["months_from_start"] == 3
    production = next(c for c in best["changes"] if c["lever"] == "french.oral_production")
    assert (production["from"], production["to"]) == (6, 7)  # serialised by alias: "from"
    assert "from_" not in production
    food = routes["food-processing"]
    assert food["status"] == "unreachable" and food["plans"] == []
    assert food["reasons"][0].startswith("The program ends on 2026-01-01")
    GapsAnswer.model_validate(answer)


def test_gaps_eligible_now_and_least_effort(client: TestClient) -> None:
    body = {
        "applicant": profile("food_worker"),
        "application_date": DATE,
        "objective": "least_effort",
        "routes": ["food-processing"],
    }
    answer = client.post("/v1/gaps", json=body).json()
    assert answer["objective"] == "least_effort"
    food = answer["routes"][0]
    assert food["status"] == "eligible_now"
    assert {k: v for k, v in food["plans"][0].items() if not k.startswith(("apply_by", "score"))} == {
        "apply_on": DATE,
        "months_from_start": 0,
        "effort": 0.0,
        "optimal": True,
        "changes": [],
    }


def test_gaps_in_french_from_accept_language(client: TestClient) -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE, "routes": ["orderlies-work", "food-processing"]}
    answer = client.post("/v1/gaps", json=body, headers={"Accept-Language": FRENCH}).json()
    routes = by_route(answer)
    wait = routes["orderlies-work"]["plans"][0]["changes"][0]
    assert wait["lever"] == "wait" and wait["note"].startswith("Déposer la demande le")
    assert routes["food-processing"]["reasons"][0].startswith("Le programme")
    assert answer["notice"].startswith("Réponse rétrospective")


def test_gaps_respects_a_lower_horizon_cap() -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE, "horizon_months": 36}
    with TestClient(create_app(settings(horizon_cap=24))) as test_client:
        error = only_error(test_client.post("/v1/gaps", json=body))
        assert error["loc"] == ["body", "horizon_months"]
        assert error["msg"] == "must be at most 24 months (this service's horizon cap)"
        body["horizon_months"] = 24
        assert test_client.post("/v1/gaps", json=body).status_code == 200
        # Not sent: the default horizon (36) is lowered to the cap, not blamed on a field never sent.
        del body["horizon_months"]
        answer = test_client.post("/v1/gaps", json=body)
        assert answer.status_code == 200 and answer.json()["horizon_months"] == 24


def test_gaps_at_the_time_limit_is_an_answer_not_an_error() -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE, "routes": ["orderlies-work"]}
    with TestClient(create_app(settings(solve_time_limit_s=1e-6))) as test_client:
        response = test_client.post("/v1/gaps", json=body)
    assert response.status_code == 200
    route = response.json()["routes"][0]
    if route["plans"]:  # the best plan found, proven optimal or not
        assert all(isinstance(plan["optimal"], bool) for plan in route["plans"])
    else:  # no plan found in time: said so, not claimed impossible
        assert any("time limit" in reason for reason in route["reasons"])


# ---------------------------------------------------------------------------- what-if


def test_what_if_compares_before_and_after(client: TestClient) -> None:
    body = {
        "applicant": profile("orderly"),
        "application_date": DATE,
        "changes": [{"lever": "french.oral_production", "to": 7}, {"lever": "wait", "to": 3}],
    }
    response = client.post("/v1/what-if", json=body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["rules_version"] == default_rulebook().rules_version
    assert answer["application_date"] == DATE
    before, after = by_route(answer["before"]), by_route(answer["after"])
    assert before["orderlies-work-study"]["verdict"] == "not_eligible"
    assert after["orderlies-work-study"]["verdict"] == "eligible"
    assert answer["after"]["application_date"] == "2024-09-03"
    assert "orderlies-work-study" in answer["changed_routes"]
    assert "food-processing" not in answer["changed_routes"]
    production = answer["applied_changes"][0]
    assert (production["lever"], production["from"], production["to"]) == ("french.oral_production", 6, 7)
    WhatIfAnswer.model_validate(answer)


def test_what_if_in_french(client: TestClient) -> None:
    body = {
        "applicant": profile("orderly"),
        "application_date": DATE,
        "changes": [{"lever": "french.oral_production", "to": 7}],
        "routes": ["orderlies-work"],
        "lang": "fr",
    }
    answer = client.post("/v1/what-if", json=body).json()
    explanation = criterion(answer["after"]["routes"][0], "oral_french")["explanation"]
    assert explanation.startswith("Compréhension orale 7, production orale 7")


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ([{"lever": "teleport", "to": 1}], "changes.0.lever", "expected tags: 'wait', 'french.oral_comprehension'"),
        ([{"lever": "french.oral_production", "to": 13}], "changes.0.to", "less than or equal to 12"),
        ([{"lever": "wait", "to": "2024-01-01"}], "changes.0.to", "cannot wait until a date before"),
        ([], "changes", "at least 1 item"),
        ([{"lever": "salary", "to": 50000, "by": "2300-01-01"}], "changes.0.by", "outside the supported range"),
    ],
)
def test_what_if_refuses_bad_changes(
    client: TestClient, changes: list[dict[str, Any]], field: str, reason: str
) -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE, "changes": changes}
    error = only_error(client.post("/v1/what-if", json=body))
    assert error["field"] == field
    assert reason in error["msg"]


# ---------------------------------------------------------------------------- refusals


def _orderly_with(path: list[str | int], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(profile("orderly"))
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


ORDERLY = "orderly"
INVALID_BODIES = [
    pytest.param(
        {"applicant": _orderly_with(["birth_date"], "1994-02-30")}, "applicant.birth_date", "date", id="impossible date"
    ),
    pytest.param(
        {"applicant": _orderly_with(["french", "oral_production"], "six")},
        "applicant.french.oral_production",
        "integer",
        id="wrong type",
    ),
    pytest.param(
        {"applicant": _orderly_with(["french", "oral_production"], 13)},
        "applicant.french.oral_production",
        "less than or equal to 12",
        id="French level 13",
    ),
    pytest.param(
        {"applicant": _orderly_with(["work_history", 0, "noc"], "3310A")},
        "applicant.work_history.0.noc",
        "NOC code",
        id="malformed NOC",
    ),
    pytest.param(
        {"applicant": _orderly_with(["work_history", 0, "end"], "2023-01-01")},
        "applicant.work_history.0.end",
        "ends before it starts",
        id="episode ends before it starts",
    ),
    pytest.param(
        {"applicant": _orderly_with(["nickname"], "Sam")}, "applicant.nickname", "Extra inputs", id="unknown field"
    ),
    pytest.param(
        {"applicant": profile(ORDERLY), "aplication_date": DATE}, "aplication_date", "Extra inputs", id="typo in body"
    ),
    pytest.param(
        {"applicant": profile(ORDERLY), "application_date": "1990-01-01"},
        "applicant.birth_date",
        "after the application date",
        id="born after the date",
    ),
    pytest.param(
        {"applicant": profile(ORDERLY), "routes": ["orderlies"]},
        "routes.0",
        "'food-processing', 'orderlies-work'",
        id="unknown route",
    ),
    pytest.param({"applicant": profile(ORDERLY), "routes": []}, "routes", "at least 1 item", id="no routes"),
    pytest.param({"applicant": profile(ORDERLY), "lang": "de"}, "lang", "'en' or 'fr'", id="bad lang"),
    pytest.param(
        {"applicant": profile(ORDERLY), "application_date": "9999-12-31"},
        "application_date",
        "outside the supported range",
        id="date out of range",
    ),
    pytest.param(
        {"applicant": _orderly_with(["french", "assessed_on"], "0001-01-01")},
        "applicant.french.assessed_on",
        "outside the supported range",
        id="profile date out of range",
    ),
    pytest.param(
        {"applicant": profile(ORDERLY), "reference_wages": {"dev": 1}},
        "reference_wages.dev",
        "a NOC code is 4 digits",
        id="bad wage key",
    ),
    pytest.param({"application_date": DATE}, "applicant", "Field required", id="no applicant"),
]


@pytest.mark.parametrize("path", ["/v1/eligibility", "/v1/gaps"])
@pytest.mark.parametrize(("body", "field", "reason"), INVALID_BODIES)
def test_invalid_bodies_are_422_naming_the_field(
    client: TestClient, path: str, body: dict[str, Any], field: str, reason: str
) -> None:
    error = only_error(client.post(path, json=body))
    assert error["field"] == field
    assert reason in error["msg"]


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"horizon_months": 121}, "horizon_months", "less than or equal to 120"),
        ({"horizon_months": -1}, "horizon_months", "greater than or equal to 0"),
        ({"max_plans": 0}, "max_plans", "greater than or equal to 1"),
        ({"objective": "fastest"}, "objective", "'earliest' or 'least_effort'"),
        ({"costs": {"french": {"effort_per_level": -1}}}, "costs.french.effort_per_level", "greater than or equal"),
        ({"costs": {"teleport": {"effort": 1}}}, "costs.teleport", "unknown cost family"),
        ({"respect_intake_windows": "sometimes"}, "respect_intake_windows", "valid boolean"),
    ],
)
def test_gaps_refuses_bad_options(client: TestClient, body: dict[str, Any], field: str, reason: str) -> None:
    error = only_error(
        client.post("/v1/gaps", json={"applicant": profile("orderly"), "application_date": DATE, **body})
    )
    assert error["field"] == field
    assert reason in error["msg"]


@pytest.mark.parametrize("path", ["/v1/eligibility", "/v1/gaps", "/v1/what-if"])
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"applicant": {"birth_date": "1994-03-02"', "the body is not valid JSON"),
        (b'{"applicant": {}, "reference_wages": {"21211": NaN}}', "NaN is not a JSON number"),
        (b'{"applicant": {}, "reference_wages": {"21211": 1e999}}', "too large for a number"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    ],
)
def test_malformed_json_is_422(client: TestClient, path: str, content: bytes, reason: str) -> None:
    response = client.post(path, content=content, headers={"Content-Type": "application/json"})
    error = only_error(response)
    assert error["field"] == "body" and error["type"] == "json_invalid"
    assert reason in error["msg"]


def test_a_body_that_is_not_json_is_422(client: TestClient) -> None:
    response = client.post("/v1/eligibility", content=b"applicant=me", headers={"Content-Type": "text/plain"})
    assert only_error(response)["field"] == "body"


def test_oversize_bodies_are_413_with_a_json_detail() -> None:
    body = {"applicant": profile("orderly"), "application_date": DATE}
    padded = json.dumps(body).encode() + b" " * 4096
    with TestClient(create_app(settings(max_body_bytes=4096))) as test_client:
        error = only_error(
            test_client.post("/v1/eligibility", content=padded, headers={"Content-Type": "application/json"}), 413
        )
        assert error == {
            "loc": ["body"],
            "field": "body",
            "msg": "the request body is larger than the limit of 4096 bytes",
            "type": "body_too_large",
        }

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds on the bytes read
            for _ in range(10):
                yield b" " * 1024

        streamed = test_client.post("/v1/gaps", content=chunks(), headers={"Content-Type": "application/json"})
        assert only_error(streamed, 413)["type"] == "body_too_large"
        # A body under the limit still goes through.
        assert test_client.post("/v1/eligibility", json=body).status_code == 200


def test_an_unexpected_failure_is_a_500_without_internals(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret: birth_date 1994-03-02")

    monkeypatch.setattr(api.service, "evaluate", broken)
    response = client.post("/v1/eligibility", json={"applicant": profile("orderly"), "application_date": DATE})
    assert response.status_code == 500
    assert response.json() == {
        "detail": [
            {"loc": [], "field": "", "msg": "internal error: the request could not be answered", "type": "internal"}
        ]
    }
    assert "secret" not in response.text and "Traceback" not in response.text


# ---------------------------------------------------------------------------- worker threads, logs


def test_solving_runs_in_a_worker_thread(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        try:
            asyncio.get_running_loop()
            seen.append(True)
        except RuntimeError:
            seen.append(False)  # no event loop in this thread: a worker thread
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(api.service, "evaluate", recording)
    assert client.post("/v1/eligibility", json={"applicant": profile("orderly"), "application_date": DATE}).is_success
    assert seen == [False]


def test_concurrent_solves_are_bounded_and_do_not_block_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(settings(max_concurrent_solves=2))
    lock = threading.Lock()
    running = peak = 0

    def slow(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.2)
        with lock:
            running -= 1
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(api.service, "evaluate", slow)
    body = {"applicant": profile("orderly"), "application_date": DATE, "routes": ["orderlies-work"]}

    async def scenario() -> tuple[list[int], float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            solves = [asyncio.create_task(http.post("/v1/eligibility", json=body)) for _ in range(6)]
            await asyncio.sleep(0.05)
            start = time.perf_counter()
            health = await http.get("/health")  # answered while the solves are running
            health_ms = (time.perf_counter() - start) * 1000
            assert health.status_code == 200
            return [r.status_code for r in await asyncio.gather(*solves)], health_ms

    statuses, health_ms = asyncio.run(scenario())
    assert statuses == [200] * 6
    assert peak == 2
    assert health_ms < 150


def test_logs_name_routes_timings_and_status_but_not_the_profile(client: TestClient) -> None:
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("pilotgap")
    logger.addHandler(handler)
    try:
        applicant = _orderly_with(["work_history", 0, "annual_salary"], 48123)
        body = {"applicant": applicant, "application_date": DATE, "routes": ["orderlies-work"]}
        client.post("/v1/gaps", json=body)
        client.post("/v1/eligibility", json={"applicant": _orderly_with(["birth_date"], "1994-02-30")})
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    assert "gaps routes=orderlies-work lang=en ok" in text
    assert "POST /v1/gaps 200" in text and "ms" in text
    assert "POST /v1/eligibility 422" in text
    for private in ("1994-03-02", "1994-02-30", "48123", "623110", "5358"):
        assert private not in text


# ---------------------------------------------------------------------------- web page, OpenAPI, CORS, settings


def test_the_web_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()
    assert client.get("/static/js/main.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_openapi_declares_the_endpoints_and_their_refusals(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/health", "/v1/routes", "/v1/eligibility", "/v1/gaps", "/v1/what-if"} <= set(schema["paths"])
    assert "/" not in schema["paths"]
    for path in ("/v1/eligibility", "/v1/gaps", "/v1/what-if"):
        responses = schema["paths"][path]["post"]["responses"]
        assert {"200", "413", "422"} <= set(responses)
        assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    plan_change = schema["components"]["schemas"]["Change"]["properties"]
    assert "from" in plan_change and "from_" not in plan_change
    assert client.get("/docs").status_code == 200


def test_cors_allows_the_configured_origins_only() -> None:
    origin = "https://advisor.example"
    with TestClient(create_app(settings(cors_origins=f"{origin}, https://other.example"))) as test_client:
        asking = {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        preflight = test_client.options("/v1/gaps", headers=asking)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
        refused = test_client.post(
            "/v1/eligibility", json={"applicant": {"birth_date": "x"}}, headers={"Origin": origin}
        )
        assert refused.status_code == 422 and refused.headers["access-control-allow-origin"] == origin
        stranger = test_client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in stranger.headers


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PILOTGAP_PORT", "9001")
    monkeypatch.setenv("PILOTGAP_HORIZON_CAP", "48")
    monkeypatch.setenv("PILOTGAP_CORS_ORIGINS", "https://a.example,https://b.example")
    monkeypatch.setenv("PILOTGAP_SOLVE_TIME_LIMIT_S", "2.5")
    loaded = Settings()
    assert (loaded.host, loaded.port, loaded.horizon_cap, loaded.solve_time_limit_s) == ("127.0.0.1", 9001, 48, 2.5)
    assert loaded.cors_origin_list == ["https://a.example", "https://b.example"]
    assert loaded.max_body_bytes == 256 * 1024
    monkeypatch.setenv("PILOTGAP_HORIZON_CAP", "200")
    with pytest.raises(ValueError, match="horizon_cap"):
        Settings()


def test_wage_tables_in_json_and_csv(tmp_path: Path) -> None:
    as_json = tmp_path / "wages.json"
    as_json.write_text('{"21231": 118000, "2173": 117500.5}')
    assert load_wage_table(as_json) == {"21231": 118000.0, "2173": 117500.5}
    as_csv = tmp_path / "wages.csv"
    as_csv.write_text("21231,118000\n# a comment\n\n21232, 95 000\n")
    assert load_wage_table(as_csv) == {"21231": 118000.0, "21232": 95000.0}
    assert load_wage_table(None) == {}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("wages.json", '{"dev": 1}', "'dev' is not a NOC code"),
        ("wages.json", '{"21231": -5}', "finite number >= 0"),
        ("wages.json", "[1]", "expected a JSON object"),
        ("wages.csv", "noc,wage\n21231,lots\n", "wages.csv:2: the wage of 21231 ('lots') is not a number"),
        ("wages.txt", "21231,1", "a .json or .csv file"),
    ],
)
def test_a_bad_wage_table_stops_the_service(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(WageTableError, match=None) as error:
        create_app(settings(wage_table=path))
    assert message in str(error.value)
    with pytest.raises(WageTableError, match="cannot read"):
        load_wage_table(tmp_path / "missing.json")


def test_preferred_language() -> None:
    assert preferred_lang("fr") == "fr"
    assert preferred_lang("fr-CA") == "fr"
    assert preferred_lang("en-US,en;q=0.9,fr;q=0.8") == "en"
    assert preferred_lang("fr-CA,fr;q=0.9,en-US;q=0.8") == "fr"
    assert preferred_lang("en;q=0.4, fr;q=0.6") == "fr"
    assert preferred_lang("es, fr;q=0.2") == "fr"
    assert preferred_lang("fr, en") == "fr"
    assert preferred_lang("en, fr") == "en"
    assert preferred_lang("*") == "en"
    assert preferred_lang("fr;q=abc") == "en"
    assert preferred_lang("") == "en"


@pytest.mark.parametrize(
    ("name", "path"), [("eligibility", "/v1/eligibility"), ("gaps", "/v1/gaps"), ("what_if", "/v1/what-if")]
)
def test_the_documented_request_files_are_answered(client: TestClient, name: str, path: str) -> None:
    body = json.loads((REPO / "examples" / "requests" / f"{name}.json").read_text())
    assert body["applicant"] == profile("orderly")  # the CONTRACT.md example profile
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["rules_version"] == default_rulebook().rules_version


def test_eligibility_batch_answers_each_profile_in_order_and_reports_invalid_ones(client: Any) -> None:
    import json as _json
    from pathlib import Path as _Path

    orderly = _json.loads((_Path(__file__).parent.parent / "examples" / "orderly.json").read_text())
    bad = dict(orderly, french={"oral_comprehension": 13})
    response = client.post(
        "/v1/eligibility/batch",
        json={
            "profiles": [orderly, bad, {"favourite_colour": "blue"}, orderly],
            "application_date": "2024-06-03",
            "routes": ["orderlies-work-study"],
            "lang": "fr",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["rules_version"]
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    assert [r["ok"] for r in body["results"]] == [True, False, False, True]
    assert body["results"][1]["error"]["field"] == "applicant.french.oral_comprehension"
    assert body["results"][2]["error"]["field"] == "applicant.favourite_colour"
    first = body["results"][0]["answer"]["routes"][0]
    assert first["route"] == "orderlies-work-study" and first["verdict"] == "not_eligible"
    age = next(c for c in first["criteria"] if c["id"] == "min_age")
    assert "ans le 2024-06-03" in age["explanation"]


def test_eligibility_batch_is_bounded(client: Any) -> None:
    response = client.post("/v1/eligibility/batch", json={"profiles": [{}] * 201})
    assert response.status_code == 422
    assert any("profiles" in str(d["loc"]) for d in response.json()["detail"])
