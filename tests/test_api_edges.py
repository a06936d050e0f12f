"""Honest and strict at the edges (issue 14): no coercion, duplicate keys, free tags, control
characters, far-future starts, the request's solve time limit, log forgery, the schema's enums
and bounds, offline /docs, what-if validation and 422 messages in French."""

from __future__ import annotations

import copy
import json
import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

import api.service
from api.config import Settings
from api.main import create_app
from solver import evaluate
from solver.applicant import MAX_SALARY, Applicant, has_control_chars
from solver.requests import ROUTE_IDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from profiles import eligible_for

REPO = Path(__file__).resolve().parents[1]
DATE = "2024-06-03"  # inside the 2023 edition's first intake window


def orderly() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "examples" / "orderly.json").read_text())
    return data


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(solve_time_limit_s=2.0))) as test_client:
        yield test_client


def errors(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    detail: list[dict[str, Any]] = response.json()["detail"]
    return detail


def fields(response: httpx.Response) -> list[str]:
    return [e["field"] for e in errors(response)]


def strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def with_episode(**changes: Any) -> dict[str, Any]:
    applicant = orderly()
    applicant["work_history"][0].update(changes)
    return applicant


# ---------------------------------------------------------------------------- 1. no coercion


@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        pytest.param(with_episode(annual_salary=True), "applicant.work_history.0.annual_salary", id="salary true"),
        pytest.param(with_episode(paid="yes"), "applicant.work_history.0.paid", id="yes is not a boolean"),
        pytest.param(with_episode(paid=1), "applicant.work_history.0.paid", id="1 is not a boolean"),
        pytest.param({**orderly(), "birth_date": 762566400}, "applicant.birth_date", id="epoch number"),
        pytest.param({**orderly(), "birth_date": "1994-03-02T00:00:00"}, "applicant.birth_date", id="date-time"),
        pytest.param(
            {**orderly(), "french": {"oral_comprehension": "7", "oral_production": 7}},
            "applicant.french.oral_comprehension",
            id="level as text",
        ),
        pytest.param(
            {**orderly(), "french": {"oral_comprehension": True, "oral_production": 7}},
            "applicant.french.oral_comprehension",
            id="level true",
        ),
        pytest.param(with_episode(hours_per_week="37.5"), "applicant.work_history.0.hours_per_week", id="hours text"),
    ],
)
def test_wrong_json_types_are_refused_not_coerced(client: TestClient, applicant: dict[str, Any], field: str) -> None:
    response = client.post("/v1/eligibility", json={"applicant": applicant, "application_date": DATE})
    assert fields(response) == [field]


def test_python_api_refuses_coercion_but_takes_dates_and_iso_text() -> None:
    bad = orderly()
    bad["french"]["oral_production"] = "7"
    with pytest.raises(ValidationError) as refused:
        evaluate(bad, DATE)
    assert refused.value.errors()[0]["loc"] == ("french", "oral_production")
    as_text = Applicant.model_validate(orderly())
    as_dates = Applicant.model_validate({**orderly(), "birth_date": date(1994, 3, 2)})
    assert as_text == as_dates
    assert as_text.work_history[0].start == date(2023, 7, 1)


def test_dates_must_be_real_calendar_days(client: TestClient) -> None:
    response = client.post("/v1/eligibility", json={"applicant": orderly(), "application_date": "2024-02-30"})
    assert fields(response) == ["application_date"]


# ---------------------------------------------------------------------------- 2. duplicate keys


def test_a_duplicate_key_is_refused(client: TestClient) -> None:
    body = b'{"applicant": {"controls_employer": false, "controls_employer": true}, "application_date": "2024-06-03"}'
    response = client.post("/v1/eligibility", content=body, headers={"content-type": "application/json"})
    [error] = errors(response)
    assert error["field"] == "body" and error["type"] == "json_invalid"
    assert "a key is given twice" in error["msg"]


# ---------------------------------------------------------------------------- 3. free tags, control characters


def test_free_tags_match_without_case_or_spaces(client: TestClient) -> None:
    plain = eligible_for("ai-foreign-worker-francophone")
    shouted = copy.deepcopy(plain)
    for where in [*shouted["work_history"], shouted["job_offer"]]:
        if where and where.get("sector"):
            where["sector"] = f"  {where['sector'].upper()} "
    route = ["ai-foreign-worker-francophone"]
    answers = [
        client.post("/v1/eligibility", json={"applicant": p, "application_date": DATE, "routes": route}).json()
        for p in (plain, shouted)
    ]
    assert answers[0]["routes"][0]["verdict"] == "eligible"
    assert answers[1]["routes"] == answers[0]["routes"]
    assert Applicant.model_validate({"diplomas": [{"level": "vocational", "field": " Orderly "}]}).diplomas[
        0
    ].field == ("orderly")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"applicant": with_episode(sector="ai\nINFO forged")}, "applicant.work_history.0.sector"),
        ({"applicant": with_episode(noc="33102\n")}, "applicant.work_history.0.noc"),
        ({"applicant": orderly(), "reference_wages": {"2123\u00001": 1}}, "reference_wages.2123\\u00001"),
        ({"applicant": {**orderly(), "nick\rname": "x"}}, "applicant.nick\\u000dname"),
    ],
)
def test_control_characters_are_refused_and_never_echoed(client: TestClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/v1/eligibility", json={**body, "application_date": DATE})
    assert field in fields(response)
    text = response.content.decode()
    assert "forged" not in text
    assert not any(has_control_chars(text) for text in strings(response.json()))


# ---------------------------------------------------------------------------- 4. far-future starts


def test_far_future_gaps_is_an_honest_answer_when_windows_are_respected(client: TestClient) -> None:
    body = {"applicant": orderly(), "application_date": "2098-06-03", "programs": ["pilots"]}
    answer = client.post("/v1/gaps", json=body).json()
    assert {r["status"] for r in answer["routes"]} == {"unreachable"}
    assert all("2026-01-01" in r["reasons"][0] for r in answer["routes"])


def test_far_future_plan_past_the_supported_dates_blames_only_application_date(client: TestClient) -> None:
    body = {"applicant": orderly(), "application_date": "2098-06-03", "respect_intake_windows": False}
    response = client.post("/v1/gaps", json=body)
    [error] = errors(response)
    assert error["field"] == "application_date"
    assert "2100-12-31" in error["msg"]
    french = client.post("/v1/gaps", json={**body, "lang": "fr"})
    assert "dépasserait le 2100-12-31" in errors(french)[0]["msg"]


# ---------------------------------------------------------------------------- 5. time_limit_s (API side)


def test_time_limit_is_capped_by_the_deployment(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []
    real = api.service.plan_gaps

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["time_limit_s"])
        return real(*args, **kwargs)

    monkeypatch.setattr(api.service, "plan_gaps", spy)
    base = {"applicant": orderly(), "application_date": DATE, "routes": ["orderlies-work-study"]}
    for asked in (None, 0.5, 30):
        body = base if asked is None else {**base, "time_limit_s": asked}
        assert client.post("/v1/gaps", json=body).status_code == 200
    assert seen == [2.0, 0.5, 2.0]  # the deployment's 2 s is the default and the ceiling
    assert fields(client.post("/v1/gaps", json={**base, "time_limit_s": 0})) == ["time_limit_s"]
    assert fields(client.post("/v1/gaps", json={**base, "time_limit_s": 61})) == ["time_limit_s"]


# ---------------------------------------------------------------------------- 6. logs


def test_a_line_break_in_the_path_cannot_forge_a_log_line(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pilotgap"):
        client.get("/health%0A2026-12-04 INFO pilotgap.api: GET /admin 200")
    handler = logging.getLogger("pilotgap").handlers[0]
    lines = [handler.format(r) for r in caplog.records]
    assert lines and all("\n" not in line for line in lines)
    assert any("/health\\u000a2026-12-04" in line for line in lines)


def test_no_profile_data_reaches_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    applicant = with_episode(sector="zqx-marker-sector", naics="311615")
    applicant["birth_date"] = "1987-11-29"
    with caplog.at_level(logging.DEBUG):
        client.post("/v1/eligibility", json={"applicant": applicant, "application_date": DATE})
        client.post("/v1/gaps", json={"applicant": applicant, "application_date": DATE, "max_plans": 1})
        client.post("/v1/eligibility", json={"applicant": {**applicant, "french": {"oral_production": "zqx"}}})
    logged = caplog.text
    assert caplog.records
    for secret in ("zqx", "1987-11-29", "311615", "48000"):
        assert secret not in logged


# ---------------------------------------------------------------------------- 8. the schema


def test_schema_is_as_strict_as_the_server(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    routes = schemas["GapsRequest"]["properties"]["routes"]["anyOf"][0]
    assert routes["items"]["enum"] == list(ROUTE_IDS) and routes["minItems"] == 1
    change = schemas["WhatIfRequest"]["properties"]["changes"]["items"]
    levers = set(change["discriminator"]["mapping"])
    assert {"wait", "salary", "job", "diploma", "declaration.self_sufficiency_undertaking"} <= levers
    assert schemas["SalaryChange"]["properties"]["to"]["maximum"] == MAX_SALARY
    assert schemas["GapsRequest"]["properties"]["objective"]["enum"] == ["earliest", "least_effort"]
    assert schemas["GapsRequest"]["properties"]["lang"]["anyOf"][0]["enum"] == ["en", "fr"]
    horizon = schemas["GapsRequest"]["properties"]["horizon_months"]
    assert (horizon["minimum"], horizon["maximum"]) == (0, 120)
    salary = schemas["WorkEpisode"]["properties"]["annual_salary"]["anyOf"][0]
    assert (salary["minimum"], salary["maximum"]) == (0, MAX_SALARY)
    level = schemas["French"]["properties"]["oral_production"]["anyOf"][0]
    assert (level["minimum"], level["maximum"]) == (1, 12)
    assert schemas["WorkEpisode"]["properties"]["noc"]["anyOf"][0]["pattern"] == "^[0-9]{4}[0-9]?$"
    start = schemas["WorkEpisode"]["properties"]["start"]
    assert (start["type"], start["format"]) == ("string", "date")


def test_a_salary_above_the_maximum_is_refused(client: TestClient) -> None:
    response = client.post("/v1/eligibility", json={"applicant": with_episode(annual_salary=1e308)})
    assert fields(response) == ["applicant.work_history.0.annual_salary"]


# ---------------------------------------------------------------------------- 9. /docs offline


def test_docs_load_with_no_outside_host(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text and "//cdn" not in page.text
    assets = [part.split('"')[0] for part in page.text.split('="')[1:] if part.startswith("/static-offline-docs/")]
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200 and len(served.content) > 1000, asset
    assert client.get("/redoc").status_code == 200


# ---------------------------------------------------------------------------- 10. what-if


def what_if(client: TestClient, changes: list[dict[str, Any]], **extra: Any) -> httpx.Response:
    body = {"applicant": orderly(), "application_date": DATE, "changes": changes, **extra}
    return client.post("/v1/what-if", json=body)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lever": "salary", "to": 1e308}, "changes.0.to"),
        ({"lever": "salary", "to": True}, "changes.0.to"),
        ({"lever": "french.oral_production", "to": "7"}, "changes.0.to"),
        ({"lever": "diploma", "to": {"level": "phd"}}, "changes.0.to.level"),
        ({"lever": "diploma", "to": {"level": "master", "obtained_on": "2024-13-01"}}, "changes.0.to.obtained_on"),
        ({"lever": "job", "to": {"noc": "33102", "hours_per_week": 400}}, "changes.0.to.hours_per_week"),
        ({"lever": "declaration.self_sufficiency_undertaking", "to": "yes"}, "changes.0.to"),
        ({"lever": "wait", "to": 121}, "changes.0.to"),
    ],
)
def test_what_if_changes_are_validated_like_the_profile(client: TestClient, change: dict[str, Any], field: str) -> None:
    response = what_if(client, [{"lever": "wait", "to": 0}, change])
    assert fields(response) == [field.replace("changes.0", "changes.1")]


def test_what_if_diploma_keeps_its_obtained_on(client: TestClient) -> None:
    diploma = {"level": "vocational", "program_code": "5358", "field": " Orderly ", "obtained_on": "2024-05-01"}
    answer = what_if(client, [{"lever": "diploma", "to": diploma}]).json()
    [applied] = answer["applied_changes"]
    assert applied["by"] == "2024-05-01"
    assert applied["to"]["field"] == "orderly" and "obtained_on" not in applied["to"]
    clash = what_if(client, [{"lever": "diploma", "to": diploma, "by": "2024-06-01"}])
    assert fields(clash) == ["changes.0.by"]


# ---------------------------------------------------------------------------- 422 in French


FRENCH_CASES = [
    pytest.param(with_episode(annual_salary=True), "La valeur doit être un nombre", id="type"),
    pytest.param({**orderly(), "french": {"oral_production": 13}}, "inférieure ou égale à 12", id="bound"),
    pytest.param({**orderly(), "status_in_quebec": "tourist"}, "La valeur doit être 'worker'", id="enum"),
    pytest.param({**orderly(), "work_history": [{"noc": "33102"}]}, "Champ obligatoire", id="missing"),
    pytest.param({**orderly(), "nickname": "x"}, "Champ inconnu", id="unknown field"),
    pytest.param(with_episode(end="2020-01-01"), "se termine avant de commencer", id="episode order"),
    pytest.param({**orderly(), "birth_date": "03/02/1994"}, "AAAA-MM-JJ", id="date format"),
]


@pytest.mark.parametrize(("applicant", "wording"), FRENCH_CASES)
def test_422_messages_are_in_french_by_body_lang_or_header(
    client: TestClient, applicant: dict[str, Any], wording: str
) -> None:
    body = {"applicant": applicant, "application_date": DATE}
    english = errors(client.post("/v1/eligibility", json=body))
    by_body = errors(client.post("/v1/eligibility", json={**body, "lang": "fr"}))
    by_header = errors(client.post("/v1/eligibility", json=body, headers={"Accept-Language": "fr-CA,fr;q=0.9"}))
    assert by_body == by_header
    assert [e["field"] for e in by_body] == [e["field"] for e in english]
    assert wording in by_body[0]["msg"]
    assert all("Input should" not in e["msg"] and "Field required" not in e["msg"] for e in by_body)


def test_french_refusals_of_the_engine_and_of_malformed_json(client: TestClient) -> None:
    headers = {"Accept-Language": "fr", "content-type": "application/json"}
    malformed = errors(client.post("/v1/eligibility", content=b'{"applicant": {', headers=headers))
    assert malformed[0]["msg"].startswith("le corps n'est pas du JSON valide")
    born = {"applicant": orderly(), "application_date": "1990-01-01", "lang": "fr"}
    [error] = errors(client.post("/v1/eligibility", json=born))
    assert error["field"] == "applicant.birth_date"
    assert error["msg"] == "La date de naissance est postérieure à la date de la demande"
    wait = what_if(client, [{"lever": "wait", "to": "2024-01-01"}], lang="fr")
    assert "impossible d'attendre" in errors(wait)[0]["msg"]


@pytest.mark.parametrize(("lang", "msg"), [("en", "the episode ends before it starts"),
                                            ("fr", "l'épisode se termine avant de commencer")])  # fmt: skip
def test_an_episode_ending_before_it_starts_has_a_stable_type_in_both_languages(
    client: TestClient, lang: str, msg: str
) -> None:
    applicant = orderly()
    applicant["work_history"][0]["end"] = "2000-01-01"
    response = client.post("/v1/eligibility", json={"applicant": applicant, "application_date": DATE, "lang": lang})
    [error] = errors(response)
    assert (error["field"], error["type"], error["msg"]) == (
        "applicant.work_history.0.end",
        "episode_ends_before_start",
        msg,
    )
