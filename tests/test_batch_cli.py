"""``check-many`` / ``gaps-many`` end to end: JSON Lines in, one result per line out, in order."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from solver import evaluate
from solver.batch_cli import main
from solver.cohort import generate_cohort

ROOT = Path(__file__).resolve().parent.parent
ON = "2024-06-03"


@pytest.fixture(scope="module")
def profiles() -> list[Any]:
    return generate_cohort(12, seed=21)


@pytest.fixture()
def cohort_file(tmp_path: Path, profiles: list[Any]) -> Path:
    lines = [a.model_dump_json() for a in profiles]
    lines.insert(3, "{not json")
    lines.insert(6, json.dumps({"french": {"oral_comprehension": 13}}))
    lines.insert(9, "")
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("backend", ["inline", "process"])
def test_check_many_writes_one_line_per_profile_in_order(
    backend: str, cohort_file: Path, tmp_path: Path, profiles: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    status = main(
        ["check-many", str(cohort_file), "-o", str(out), "--date", ON, "--backend", backend, "--workers", "2"]
    )
    assert status == 0
    records = _read(out)
    # One result per input line, the blank line 10 included, so results never shift against lines.
    assert [r["index"] for r in records] == list(range(15))
    assert [r["line"] for r in records] == list(range(1, 16))
    refused = {r["index"]: r["error"] for r in records if not r["ok"]}
    assert refused[3]["field"] == "profile" and "not valid JSON" in refused[3]["reason"]
    assert refused[6]["field"] == "applicant.french.oral_comprehension"
    assert refused[9] == {"field": "profile", "reason": "blank line: no profile to answer"}
    assert set(refused) == {3, 6, 9}
    answered = [r["answer"] for r in records if r["ok"]]
    assert answered == [evaluate(a, ON).model_dump(mode="json", by_alias=True) for a in profiles]
    assert "15 profiles, 12 answered, 3 refused" in capsys.readouterr().err


def test_check_many_options_reach_the_engine(cohort_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    argv = ["check-many", str(cohort_file), "-o", str(out), "--date", ON, "--backend", "inline"]
    assert main([*argv, "--routes", "food-processing,orderlies-work", "--lang", "fr"]) == 0
    first = _read(out)[0]["answer"]
    assert [r["route"] for r in first["routes"]] == ["food-processing", "orderlies-work"]
    assert first["notice"].startswith("Réponse")


def test_gaps_many_end_to_end(cohort_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans.jsonl"
    argv = ["gaps-many", str(cohort_file), "-o", str(out), "--date", ON, "--max-plans", "1", "--horizon", "24"]
    assert main([*argv, "--objective", "least_effort", "--no-windows", "--workers", "2"]) == 0
    records = _read(out)
    assert [r["index"] for r in records] == list(range(15))
    answer = records[0]["answer"]
    assert answer["objective"] == "least_effort" and answer["horizon_months"] == 24
    assert answer["respect_intake_windows"] is False
    assert all(len(route["plans"]) <= 1 for r in records if r["ok"] for route in r["answer"]["routes"])


def test_stdin_to_stdout_through_python_m(profiles: list[Any]) -> None:
    text = "\n".join(a.model_dump_json() for a in profiles[:3]) + "\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "solver.batch_cli", "check-many", "-", "--date", ON, "--no-progress"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["index"], r["ok"]) for r in records] == [(0, True), (1, True), (2, True)]
    assert "3 profiles, 3 answered, 0 refused" in done.stderr


def test_missing_input_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-many", str(tmp_path / "absent.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_output_may_not_overwrite_the_input(cohort_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps-many", str(cohort_file), "-o", str(cohort_file)]) == 2
    assert "overwrite" in capsys.readouterr().err
    assert cohort_file.read_text(encoding="utf-8").startswith("{")


def test_an_unknown_route_exits_2_naming_the_field(cohort_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-many", str(cohort_file), "--routes", "moon-base"]) == 2
    assert "invalid input: routes" in capsys.readouterr().err


def test_bad_options_are_refused_by_argparse(cohort_file: Path) -> None:
    with pytest.raises(SystemExit) as bad_date:
        main(["check-many", str(cohort_file), "--date", "2024-13-01"])
    assert bad_date.value.code == 2
    with pytest.raises(SystemExit):
        main(["gaps-many", str(cohort_file), "--max-plans", "11"])


def test_commands_register_on_another_parser() -> None:
    import argparse

    from solver.batch_cli import add_batch_commands

    parser = argparse.ArgumentParser(prog="pilotgap")
    add_batch_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["gaps-many", "in.jsonl", "--scheduler", "tcp://127.0.0.1:8786", "--no-windows"])
    assert args.command == "gaps-many" and args.scheduler == "tcp://127.0.0.1:8786"
    assert args.respect_windows is False and callable(args.run)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_and_not_with_no_progress(
    cohort_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.jsonl"
    argv = ["check-many", str(cohort_file), "-o", str(out), "--date", ON, "--backend", "inline"]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(argv) == 0
    assert "15/15" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main([*argv, "--no-progress"]) == 0
    assert "15/15" not in quiet.getvalue() and "15 profiles" in quiet.getvalue()
