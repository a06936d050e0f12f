"""The ``pilotgap`` command: readable tables, JSON, standard input, and clean refusals."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from solver import evaluate, plan_gaps
from solver.answers import EligibilityAnswer, GapsAnswer
from solver.cli import COMMANDS, Command, build_parser, main, rank_key, register
from solver.requests import ROUTE_IDS

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ORDERLY = str(EXAMPLES / "orderly.json")
FOOD = str(EXAMPLES / "food_worker.json")
AI = str(EXAMPLES / "ai_worker.json")
DATE = "2024-06-03"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---------------------------------------------------------------------------- check


def test_check_prints_a_table_of_routes_and_the_criteria_to_settle(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", ORDERLY, "--date", DATE)
    assert code == 0 and err == ""
    assert out.startswith(f"Eligibility on {DATE} (rules ")
    table_rows: dict[str, str] = {}
    for line in out.splitlines():
        if line.split() and line.split()[0] in ROUTE_IDS:
            table_rows.setdefault(line.split()[0], line)  # the table row comes before the details
    assert set(table_rows) == set(ROUTE_IDS)
    assert "not eligible" in table_rows["orderlies-work"]
    assert "open until 2024-12-31" in table_rows["orderlies-work"]
    assert "NOT MET oral_french: Oral comprehension 7, oral production 6; level 7 required in both" in out
    assert "11.1 of the required 12 months of full-time experience as an orderly in Québec" in " ".join(out.split())
    assert "[REG] I-0.2.1, r. 7, s. 5" in out  # the general conditions (issue 12)


def test_check_reports_an_eligible_route_with_every_criterion_met(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", FOOD, "--date", DATE, "--routes", "food-processing")
    assert code == 0
    assert "food-processing — eligible" in out
    assert "every criterion is met" in out
    assert "orderlies-work" not in out


def test_check_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", ORDERLY, "--date", DATE, "--lang", "fr", "--routes", "orderlies-work")
    assert code == 0
    assert out.startswith(f"Admissibilité au {DATE}")
    assert "non admissible" in out
    assert "NON RESPECTÉ oral_french : Compréhension orale 7, production orale 6" in out
    assert "Période de réception ouverte du 2023-11-23 au 2024-12-31" in " ".join(out.split())


def test_check_json_is_the_evaluate_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", AI, "--date", DATE, "--json", "--wage", "21211=110000")
    assert code == 0
    answer = EligibilityAnswer.model_validate_json(out)
    expected = evaluate(json.loads(Path(AI).read_text()), DATE, reference_wages={"21211": 110000})
    assert answer == expected
    verdicts = {r.route: r.verdict for r in answer.routes}
    assert verdicts["ai-quebec-graduate-francophone"] == "eligible"
    assert verdicts["it-ve-francophone"] == "eligible"  # the wage given settles the IT-VE salary test
    assert verdicts["ai-foreign-worker-francophone"] == "unknown"  # no expert committee opinion yet


def test_check_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(Path(ORDERLY).read_text()))
    code, out, _ = run(
        capsys, "check", "-", "--date", DATE, "--json", "--routes", "orderlies-work,orderlies-work-study"
    )
    assert code == 0
    answer = EligibilityAnswer.model_validate_json(out)
    assert [r.route for r in answer.routes] == ["orderlies-work", "orderlies-work-study"]


# ---------------------------------------------------------------------------- gaps


def _ranked_routes(out: str) -> list[tuple[str, str]]:
    rows = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[0].isdigit() and parts[1] in ROUTE_IDS:
            rows.append((parts[1], parts[2]))
    return rows


def test_gaps_ranks_routes_by_the_effort_of_their_cheapest_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", ORDERLY, "--date", DATE)
    assert code == 0
    rows = _ranked_routes(out)
    assert len(rows) == len(ROUTE_IDS)
    statuses = [status for _, status in rows]
    assert statuses == sorted(statuses, key=["eligible", "reachable", "unreachable"].index)
    answer = plan_gaps(json.loads(Path(ORDERLY).read_text()), DATE)
    by_route = {r.route: r for r in answer.routes}
    efforts = [min(p.effort for p in by_route[r].plans) for r, s in rows if s == "reachable"]
    assert efforts == sorted(efforts)
    assert rows[0] == ("orderlies-work-study", "reachable")
    # The best orderly plan: raise oral production from 6 to 7, apply once experience has accrued.
    assert "french.oral_production: 6 → 7" in out
    assert "Why: The program ends on 2026-01-01" in " ".join(out.split())


def test_gaps_puts_eligible_now_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", FOOD, "--date", DATE, "--max-plans", "1")
    assert code == 0
    assert _ranked_routes(out)[0] == ("food-processing", "eligible")
    assert "food-processing — eligible now" in out
    assert "nothing to change" in out


def test_gaps_says_until_when_each_plan_works(capsys: pytest.CaptureFixture[str]) -> None:
    """The table's "Apply by" column and each plan's line give ``apply_by`` and what ends it."""
    code, out, _ = run(capsys, "gaps", ORDERLY, "--date", DATE, "--routes", "orderlies-work-study")
    assert code == 0
    plan = plan_gaps(json.loads(Path(ORDERLY).read_text()), DATE, routes=["orderlies-work-study"]).routes[0].plans[0]
    assert plan.apply_by is not None and plan.apply_by_reason
    row = next(line for line in out.splitlines() if line.split()[:1] == ["1"])
    assert row.split()[3:5] == [str(plan.apply_on), str(plan.apply_by)]
    assert f"still eligible until {plan.apply_by} — {plan.apply_by_reason}" in " ".join(out.split())
    code, out, _ = run(capsys, "gaps", ORDERLY, "--date", DATE, "--routes", "orderlies-work-study", "--lang", "fr")
    assert f"toujours admissible jusqu'au {plan.apply_by} — La période de réception" in " ".join(out.split())


def test_gaps_json_uses_the_contract_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "gaps",
        ORDERLY,
        "--date",
        DATE,
        "--json",
        "--objective",
        "least_effort",
        "--horizon",
        "24",
        "--max-plans",
        "2",
        "--routes",
        "orderlies-work",
        "orderlies-work-study",
    )
    assert code == 0
    data = json.loads(out)
    assert data["objective"] == "least_effort" and data["horizon_months"] == 24
    changes = [c for r in data["routes"] for p in r["plans"] for c in p["changes"]]
    assert changes and all("from" in c and "from_" not in c for c in changes)
    answer = GapsAnswer.model_validate(data)
    assert all(len(r.plans) <= 2 for r in answer.routes)


def test_gaps_without_windows_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", ORDERLY, "--date", DATE, "--no-windows", "--routes", "food-processing")
    assert code == 0
    assert "intake windows ignored" in out
    assert "as if the programs were open" in out


def test_gaps_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", ORDERLY, "--date", DATE, "--lang", "fr", "--routes", "orderlies-work")
    assert code == 0
    assert out.startswith(f"Plans à partir du {DATE} (objectif : au plus tôt")
    assert "atteignable" in out
    assert "Faire passer la production orale de 6 à" in out.replace("\n     ", "")


def test_rank_key_orders_status_then_effort() -> None:
    answer = plan_gaps(json.loads(Path(AI).read_text()), DATE, max_plans=1)
    ranked = sorted(answer.routes, key=rank_key)
    assert ranked[0].status == "eligible_now"
    assert ranked[-1].status == "unreachable"


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "/no/such/profile.json"], "cannot read /no/such/profile.json"),
        (["check", ORDERLY, "--routes", "orderlies"], "invalid input: routes: unknown route id(s) ['orderlies']"),
        (["check", ORDERLY, "--date", "1990-01-01"], "applicant.birth_date: the birth date is after"),
        (["gaps", ORDERLY, "--date", DATE, "--routes", ","], "invalid input: routes: unknown route id(s) []"),
    ],
)
def test_invalid_input_is_a_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("profile", "lines"),
    [
        ('{"birth_date": "1994-02-30"', ["not valid JSON"]),
        (
            '{"birth_date": "1994-02-30", "french": {"oral_production": 13}, "nickname": "Sam",'
            ' "work_history": [{"noc": "3310", "start": "2024-01-01", "end": "2023-01-01"}]}',
            [
                "birth_date: Input should be a valid date",
                "french.oral_production: Input should be less than or equal to 12",
                "nickname: Extra inputs are not permitted",
                "work_history.0.end: the episode ends before it starts",
            ],
        ),
        (
            '{"french": {"assessed_on": "9999-12-31"}}',
            ["french.assessed_on: the date 9999-12-31 is outside the supported range"],
        ),
        ("[1, 2]", ["invalid profile", "Input should be a valid dictionary"]),
    ],
)
def test_invalid_profile_names_each_field(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, profile: str, lines: list[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(profile))
    code, out, err = run(capsys, "check", "-", "--date", DATE)
    assert code == 2 and out == ""
    assert err.startswith("pilotgap: standard input:")
    for line in lines:
        assert line in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", ORDERLY, "--date", "2024-02-30"],
        ["check", ORDERLY, "--date", "9999-01-01"],
        ["gaps", ORDERLY, "--horizon", "121"],
        ["gaps", ORDERLY, "--max-plans", "0"],
        ["gaps", ORDERLY, "--time-limit", "0"],
        ["gaps", ORDERLY, "--time-limit", "nan"],
        ["gaps", ORDERLY, "--objective", "fastest"],
        ["check", ORDERLY, "--wage", "21211"],
        ["check", ORDERLY, "--lang", "de"],
        [],
    ],
)
def test_bad_options_exit_2_with_usage(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "usage: pilotgap" in err and "error:" in err


def test_the_module_runs_as_a_program_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"birth_date": "2024-13-01"}')
    result = subprocess.run(
        [sys.executable, "-m", "solver.cli", "check", str(bad)], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 2
    assert "birth_date: Input should be a valid date" in result.stderr
    assert "Traceback" not in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "solver.cli", "check", "-", "--date", DATE, "--routes", "food-processing"],
        input=Path(FOOD).read_text(),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "food-processing — eligible" in ok.stdout


# ---------------------------------------------------------------------------- extension point


def test_the_batch_commands_are_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    help_text = build_parser().format_help()
    assert all(name in help_text for name in ("check", "gaps", "check-many", "gaps-many"))


def test_a_new_subcommand_slots_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert [c.name for c in COMMANDS][:2] == ["check", "gaps"]

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("profiles", nargs="+")

    def run_many(args: argparse.Namespace) -> int:
        print(len(args.profiles))
        return 0

    command = register(Command("count", "count profiles", configure, run_many))
    try:
        assert "count profiles" in build_parser().format_help()
        assert main(["count", ORDERLY, FOOD]) == 0
        assert capsys.readouterr().out.strip() == "2"
    finally:
        COMMANDS.remove(command)
