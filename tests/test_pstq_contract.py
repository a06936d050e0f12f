"""CONTRACT.md v3 names over HTTP: GET /v1/draws, the v3 levers in what-if, and profile fields the
other tests do not reach (a validated offer, self-employment)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from solver.answers import Change
from solver.gaps import apply_changes
from tests.pstq_profiles import DAY, developer, nurse

ROUTE = "pstq-high-qualification"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def score(client: TestClient, profile: dict[str, Any], on: str = DAY) -> dict[str, Any]:
    body = {"applicant": profile, "application_date": on, "routes": [ROUTE]}
    answer = client.post("/v1/ranking", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["routes"][0]


def test_draws_lists_every_recorded_round(client: TestClient) -> None:
    data = client.get("/v1/draws").json()
    rounds = data["draws"]
    assert len(rounds) == 32 and data["rules_version"]
    latest = rounds[0]
    assert {"date", "stream", "exercise", "min_score", "invited", "filters", "source"} <= set(latest)
    assert (latest["date"], latest["stream"], latest["exercise"], latest["min_score"]) == ("2026-04-30", 1, "1", 716)
    assert [r["date"] for r in rounds] == sorted((r["date"] for r in rounds), reverse=True)
    french = client.get("/v1/draws?lang=fr").json()["draws"][0]
    assert french["label"] == "général"


def test_a_validated_offer_outside_the_cmm_earns_50(client: TestClient) -> None:
    offer = {"noc": "21232", "employer_in_cmm": False, "validated": True, "start": "2027-01-04"}
    found = {f["id"]: f["points"] for f in score(client, developer(job_offer=offer))["factors"]}
    assert found["validated_job_offer"] == {"min": 50, "max": 50}
    unsure = {f["id"]: f["points"] for f in score(client, developer(job_offer={**offer, "validated": None}))["factors"]}
    assert unsure["validated_job_offer"] == {"min": 0, "max": 50}


def test_self_employment_is_a_strict_boolean(client: TestClient) -> None:
    profile = developer()
    profile["work_history"][0]["self_employed"] = False
    assert client.post("/v1/eligibility", json={"applicant": profile, "application_date": DAY}).status_code == 200
    profile["work_history"][0]["self_employed"] = "no"
    refused = client.post("/v1/eligibility", json={"applicant": profile, "application_date": DAY})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "applicant.work_history.0.self_employed"


@pytest.mark.parametrize(
    ("profile", "change", "factor", "points"),
    [
        (developer(), {"lever": "validated_job_offer", "to": "outside_cmm"}, "validated_job_offer", 50),
        (developer(), {"lever": "residence_outside_cmm", "to": True, "by": "2026-12-05"}, "residence_outside_cmm", 0),
        (nurse(authorizations=[]), {"lever": "authorization_to_practise", "to": "authorization"}, "authorization", 50),
    ],
)
def test_what_if_takes_the_v3_levers(
    client: TestClient, profile: dict[str, Any], change: dict[str, Any], factor: str, points: int
) -> None:
    body = {"applicant": profile, "application_date": DAY, "changes": [change], "routes": [ROUTE]}
    answer = client.post("/v1/what-if", json=body)
    assert answer.status_code == 200, answer.text
    applied = answer.json()["applied_changes"][0]
    assert applied["lever"] == change["lever"]
    # the same change as a plan would make it, scored on the date: the factor's points
    changed = apply_changes(profile, [Change(lever=applied["lever"], to=applied["to"], by=applied["by"])])
    found = {f["id"]: f["points"]["min"] for f in score(client, changed.model_dump(mode="json"))["factors"]}
    assert found[factor] == points


def test_residence_outside_the_cmm_accrues_points_with_time(client: TestClient) -> None:
    moved = apply_changes(developer(), [Change(lever="residence_outside_cmm", to=True, by="2026-12-05")])
    profile = moved.model_dump(mode="json")
    # whole months at 365.25 / 12 days, as every month of the engine: 6 months from 183 days, 12 from 366
    days = ("2027-06-05", "2027-06-06", "2027-12-05", "2027-12-06")
    points = {on: {f["id"]: f["points"]["min"] for f in score(client, profile, on)["factors"]} for on in days}
    assert [points[d]["residence_outside_cmm"] for d in days] == [0, 6, 6, 16]
