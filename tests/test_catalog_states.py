"""One catalogue of programs by date (issue 20): each route's family, and its state on a date
(``open``, ``closed``, ``not_yet_open``) with the window that decides it, from the Python API,
``GET /v1/routes?date=D`` and ``pilotgap routes --date D``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from solver.answers import RoutesCatalog
from solver.catalog import route_catalog, route_state
from solver.cli import main
from solver.requests import ROUTE_IDS
from solver.rules.book import default_rulebook
from tests.pstq_profiles import peq_graduate

PILOTS = ROUTE_IDS[:9]
PSTQ = [r for r in ROUTE_IDS if r.startswith("pstq-")]
PEQ = ["peq-quebec-graduates", "peq-temporary-workers"]
LAST_PILOT_WINDOW = (date(2025, 1, 13), date(2025, 12, 31))
PSTQ_WINDOW = (date(2024, 11, 29), None)
PEQ_PERIOD = (date(2026, 7, 2), date(2026, 10, 31))


def states(on: date, lang: str = "en") -> dict[str, tuple[str | None, tuple[date, date | None] | None, str | None]]:
    catalog = route_catalog(lang=lang, on=on)  # type: ignore[arg-type]
    return {
        r.route: (r.state, (r.state_window.start, r.state_window.end) if r.state_window else None, r.state_note)
        for r in catalog.routes
    }


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def test_every_route_has_its_family() -> None:
    families = {r.route: r.family for r in route_catalog().routes}
    assert families == {**dict.fromkeys(PILOTS, "pilots"), **dict.fromkeys(PSTQ, "pstq"), **dict.fromkeys(PEQ, "peq")}
    programs = {r.route: r.program for r in route_catalog().routes}
    assert {programs[r] for r in PSTQ} == {"pstq"} and {programs[r] for r in PEQ} == {"peq"}
    peq = next(r for r in route_catalog().routes if r.route == PEQ[0])
    assert (peq.end_date, peq.reference_date, peq.selection_cap) == (date(2028, 7, 2), date(2025, 11, 19), None)


def test_without_a_date_the_catalogue_has_no_state() -> None:
    assert {r.state for r in route_catalog().routes} == {None}


def test_states_on_2023_06_01() -> None:
    found = states(date(2023, 6, 1))
    for rid in PILOTS:  # between the 2021 edition's last window and the 2023 edition's first
        state, window, note = found[rid]
        assert state == "closed" and window is not None and window[1] == date(2022, 10, 31)
        assert note is not None and note.endswith("the next window opens on 2023-11-23.")
    for rid in PSTQ:
        assert found[rid][:2] == ("not_yet_open", PSTQ_WINDOW)
        assert found[rid][2] == "Not yet open: the first intake window opens on 2024-11-29."
    for rid in PEQ:
        assert found[rid][:2] == ("not_yet_open", PEQ_PERIOD)


def test_states_on_2025_06_01() -> None:
    found = states(date(2025, 6, 1))
    for rid in PILOTS:
        assert found[rid][:2] == ("open", LAST_PILOT_WINDOW)
    for rid in PSTQ:
        assert found[rid][:2] == ("open", PSTQ_WINDOW)
        assert found[rid][2] is not None and found[rid][2].startswith(
            "Intake open since 2024-11-29, with no announced end"
        )
    for rid in PEQ:
        assert found[rid][:2] == ("not_yet_open", PEQ_PERIOD)
        assert found[rid][2] == "Not yet open: the first intake window opens on 2026-07-02."


def test_states_on_2026_08_01() -> None:
    found = states(date(2026, 8, 1))
    for rid in PILOTS:
        assert found[rid][:2] == ("closed", LAST_PILOT_WINDOW)
        assert found[rid][2] is not None and found[rid][2].startswith("The program ended on 2026-01-01")
    for rid in PSTQ:
        assert found[rid][:2] == ("open", PSTQ_WINDOW)
    for rid in PEQ:
        assert found[rid][:2] == ("open", PEQ_PERIOD)
        assert found[rid][2] is not None and found[rid][2].startswith(
            "Intake window open from 2026-07-02 to 2026-10-31"
        )


def test_states_on_2026_12_05() -> None:
    found = states(date(2026, 12, 5))
    for rid in PILOTS:
        assert found[rid][:2] == ("closed", LAST_PILOT_WINDOW)
    for rid in PSTQ:
        assert found[rid][:2] == ("open", PSTQ_WINDOW)
    for rid in PEQ:
        assert found[rid] == (
            "closed",
            PEQ_PERIOD,
            "No intake is open on 2026-12-05, and no later intake window is announced.",
        )
    french = states(date(2026, 12, 5), "fr")
    assert (
        french[PEQ[0]][2]
        == "Aucune réception n'est ouverte le 2026-12-05, et aucune période ultérieure n'est annoncée."
    )


@pytest.mark.parametrize(
    ("day", "pilots", "pstq", "peq"),
    [
        ("2024-11-28", "open", "not_yet_open", "not_yet_open"),
        ("2024-11-29", "open", "open", "not_yet_open"),
        ("2025-12-31", "open", "open", "not_yet_open"),
        ("2026-01-01", "closed", "open", "not_yet_open"),
        ("2026-07-01", "closed", "open", "not_yet_open"),
        ("2026-07-02", "closed", "open", "open"),
        ("2026-10-31", "closed", "open", "open"),
        ("2026-11-01", "closed", "open", "closed"),
        ("2028-07-02", "closed", "open", "closed"),
    ],
)
def test_states_on_each_boundary(day: str, pilots: str, pstq: str, peq: str) -> None:
    found = states(date.fromisoformat(day))
    assert {found[r][0] for r in PILOTS} == {pilots}
    assert {found[r][0] for r in PSTQ} == {pstq}
    assert {found[r][0] for r in PEQ} == {peq}


def test_the_state_agrees_with_the_intake_block_of_eligibility() -> None:
    rules = default_rulebook()
    for day in (date(2023, 6, 1), date(2025, 6, 1), date(2026, 8, 1), date(2026, 12, 5)):
        for rid in ROUTE_IDS:
            route = rules.routes[rid]
            state, _window, note = route_state(route, day)
            intake = route.intake_on(day, "en")
            assert (state == "open") is intake.open and note == intake.note


# ---------------------------------------------------------------------------- HTTP


def test_get_routes_with_a_date(client: TestClient) -> None:
    response = client.get("/v1/routes?date=2026-12-05")
    assert response.status_code == 200
    catalog = RoutesCatalog.model_validate(response.json())
    assert [r.route for r in catalog.routes] == list(ROUTE_IDS)
    by_route = {r["route"]: r for r in response.json()["routes"]}
    peq = by_route["peq-quebec-graduates"]
    assert (peq["family"], peq["program"], peq["state"]) == ("peq", "peq", "closed")
    assert peq["state_window"] == {"start": "2026-07-02", "end": "2026-10-31"}
    assert by_route["pstq-high-qualification"]["state_window"] == {"start": "2024-11-29", "end": None}
    assert by_route["food-processing"]["family"] == "pilots"


def test_get_routes_without_a_date_uses_today(client: TestClient) -> None:
    body = client.get("/v1/routes").json()
    today = states(date.today())
    assert {r["route"]: r["state"] for r in body["routes"]} == {rid: s[0] for rid, s in today.items()}


def test_get_routes_in_french_gives_french_notes(client: TestClient) -> None:
    body = client.get("/v1/routes?date=2025-06-01&lang=fr").json()
    peq = next(r for r in body["routes"] if r["route"] == "peq-temporary-workers")
    assert peq["state_note"] == "Pas encore ouvert : la première période de réception s'ouvre le 2026-07-02."


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("2026-02-30", "date_invalid"),
        ("20261205", "date_format"),
        ("2026-12-05T00:00:00", "date_format"),
        ("1700000000", "date_format"),
        ("", "date_format"),
        ("1899-12-31", "date_out_of_range"),
    ],
)
def test_get_routes_refuses_a_bad_date_naming_it(client: TestClient, value: str, kind: str) -> None:
    response = client.get("/v1/routes", params={"date": value})
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert (error["loc"], error["field"], error["type"]) == (["query", "date"], "query.date", kind)


def test_get_routes_refusal_in_french(client: TestClient) -> None:
    response = client.get("/v1/routes?date=2026-02-30", headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("La valeur doit être une date valide")


# ---------------------------------------------------------------------------- command line


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_routes_prints_the_states(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "routes", "--date", "2026-12-05")
    assert code == 0 and err == ""
    assert out.startswith("Routes on 2026-12-05 (rules ")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.split() and line.split()[0] in ROUTE_IDS}
    assert rows["peq-quebec-graduates"][1:] == ["peq", "peq", "closed", "2026-07-02", "→", "2026-10-31"]
    assert rows["pstq-high-qualification"][1:4] == ["pstq", "pstq", "open"]
    assert rows["food-processing"][1:4] == ["pilots", "food-processing", "closed"]
    assert "peq-quebec-graduates: No intake is open on 2026-12-05, and no later intake window is announced." in out


def test_cli_routes_in_french_and_by_family(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "routes", "--date", "2025-06-01", "--lang", "fr", "--programs", "pstq,peq")
    assert code == 0
    assert out.startswith("Voies au 2025-06-01 (règles ")
    assert "food-processing" not in out
    assert "pas encore ouverte" in out and "sans fin annoncée" in out


def test_cli_routes_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "routes", "--date", "2026-08-01", "--json", "--programs", "peq")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert [(r["route"], r["state"]) for r in data["routes"]] == [(r, "open") for r in PEQ]


def test_cli_routes_refuses_a_bad_date_and_family(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as bad_date:
        main(["routes", "--date", "2026-02-30"])
    assert bad_date.value.code == 2
    assert "is not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad_family:
        main(["routes", "--programs", "pilots,psqt"])
    assert bad_family.value.code == 2
    assert "unknown program family psqt; known: pilots, pstq, peq" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "gaps", "questions"])
def test_cli_programs_limits_the_routes(capsys: pytest.CaptureFixture[str], tmp_path: Any, command: str) -> None:
    profile = tmp_path / "graduate.json"
    profile.write_text(json.dumps(peq_graduate()))
    code, out, err = run(capsys, command, str(profile), "--date", "2026-08-01", "--programs", "peq", "--json")
    assert code == 0, err
    data = json.loads(out)
    if command == "questions":
        assert {r for q in data["questions"] for r in q["routes"]} <= set(PEQ)
    else:
        assert [r["route"] for r in data["routes"]] == PEQ
    if command == "check":
        assert data["routes"][0]["verdict"] == "eligible"
