"""Named assumptions and reforms over HTTP: listed by ``GET /v1/routes``, accepted in every body,
echoed in every answer, refused with the key when wrong (CONTRACT.md v2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app

REPO = Path(__file__).resolve().parents[1]
DATE = "2024-06-03"
FRENCH_5 = {
    "name": "french-5",
    "description": {"en": "Oral French level 5 instead of 7.", "fr": "Français oral de niveau 5 au lieu de 7."},
    "changes": [{"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}}],
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def orderly() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "examples" / "orderly.json").read_text())
    return data


def test_routes_lists_the_six_assumptions(client: TestClient) -> None:
    listed = {a["name"]: a for a in client.get("/v1/routes").json()["assumptions"]}
    assert set(listed) == {
        "ai_graduate_salary_floor",
        "ai_graduate_expert_opinion",
        "ai_foreign_worker_path_b_2023",
        "it_ve_general_dec",
        "dep_5358_meets_program_length",
        "conditions_of_stay_met_if_never_stayed",
        "pstq_exceptional_talent_french",
        "pstq_regulated_french_by_teer",
        "pstq_family_points_need_outside_cmm",
        "pstq_quebec_months_in_5_years",
        "peq_windows_end_on_reference_date",
    }
    dep = listed["dep_5358_meets_program_length"]
    assert dep["default"] is True
    assert dep["routes"] == ["orderlies-work"]
    assert dep["description"]["fr"] and dep["source"].startswith("[")


@pytest.mark.parametrize("path", ["/v1/eligibility", "/v1/gaps", "/v1/questions", "/v1/what-if"])
def test_every_answer_echoes_the_assumptions_in_force(client: TestClient, path: str) -> None:
    body: dict[str, Any] = {
        "applicant": orderly(),
        "application_date": DATE,
        "routes": ["orderlies-work"],
        "assumptions": {"dep_5358_meets_program_length": False},
    }
    if path == "/v1/what-if":
        body["changes"] = [{"lever": "french.oral_production", "to": 7}]
    answer = client.post(path, json=body)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["assumptions"]["dep_5358_meets_program_length"] is False
    assert len(data["assumptions"]) == 11
    assert "dep_5358_meets_program_length=false" in data["rules_version"]


@pytest.mark.parametrize(
    ("assumptions", "where"),
    [
        ({"no_such_reading": True}, "assumptions.no_such_reading"),
        ({"it_ve_general_dec": "yes"}, "assumptions.it_ve_general_dec"),
        ({"it_ve_general_dec": 1}, "assumptions.it_ve_general_dec"),
    ],
)
def test_a_bad_assumption_is_a_422_naming_the_key(client: TestClient, assumptions: dict[str, Any], where: str) -> None:
    response = client.post(
        "/v1/eligibility", json={"applicant": orderly(), "application_date": DATE, "assumptions": assumptions}
    )
    assert response.status_code == 422, response.text
    fields = [".".join(str(p) for p in d["loc"]) for d in response.json()["detail"]]
    assert any(f.endswith(where) for f in fields), fields


def test_a_reform_in_the_body_changes_the_verdict_and_names_itself(client: TestClient) -> None:
    applicant = orderly()
    applicant["french"] = {"oral_comprehension": 5, "oral_production": 6, "assessed_on": "2024-01-15"}
    body = {"applicant": applicant, "application_date": DATE, "routes": ["orderlies-work"]}
    baseline = client.post("/v1/eligibility", json=body).json()
    reformed = client.post("/v1/eligibility", json={**body, "reform": FRENCH_5}).json()
    french = [next(c for c in r["routes"][0]["criteria"] if c["id"] == "oral_french") for r in (baseline, reformed)]
    assert [f["verdict"] for f in french] == ["not_met", "met"]
    assert "+reform:french-5@" in reformed["rules_version"]
    assert "reform" not in baseline["rules_version"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"criterion": "oral_french", "routes": "all", "set": {"min_level": 13}}, "reform.changes.0.set.min_level"),
        ({"criterion": "oral_french", "set": {"min_level": "seven"}}, "reform.changes.0.set.min_level"),
        ({"criterion": "oral_french", "routes": "all", "set": {"minimum": 5}}, "reform.changes.0.set.minimum"),
        ({"criterion": "no_such_rule", "routes": "all", "set": {"min_level": 5}}, "reform.changes.0.criterion"),
        ({"criterion": "oral_french", "routes": ["mars-route"], "set": {"min_level": 5}}, "reform.changes.0.routes.0"),
    ],
)
def test_a_bad_reform_is_a_422_with_its_path(client: TestClient, change: dict[str, Any], where: str) -> None:
    reform = {**FRENCH_5, "changes": [change]}
    response = client.post("/v1/eligibility", json={"applicant": orderly(), "application_date": DATE, "reform": reform})
    assert response.status_code == 422, response.text
    fields = [".".join(str(p) for p in d["loc"]) for d in response.json()["detail"]]
    assert any(f.endswith(where) for f in fields), fields
