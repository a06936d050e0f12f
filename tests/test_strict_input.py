"""Strict input off the HTTP path too: the command line, batch lines and the Python API."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from solver import evaluate
from solver.batch import evaluate_many
from solver.cli import main

REPO = Path(__file__).resolve().parents[1]
DATE = "2024-06-03"


def orderly() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "examples" / "orderly.json").read_text())
    return data


def test_cli_refuses_a_duplicate_key_and_a_number_for_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twice = tmp_path / "twice.json"
    twice.write_text('{"controls_employer": false, "controls_employer": true}', encoding="utf-8")
    assert main(["check", str(twice), "--date", DATE]) == 2
    assert "a key is given twice" in capsys.readouterr().err
    epoch = tmp_path / "epoch.json"
    epoch.write_text(json.dumps({**orderly(), "birth_date": 762566400}), encoding="utf-8")
    assert main(["check", str(epoch), "--date", DATE]) == 2
    assert "birth_date: a date is a YYYY-MM-DD string" in capsys.readouterr().err


def test_batch_lines_are_strict_and_keep_their_place(tmp_path: Path) -> None:
    good = json.dumps(orderly())
    lines = [good, '{"paid": true, "paid": false}', json.dumps({**orderly(), "controls_employer": "no"}), "", good]
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(evaluate_many(path, DATE, backend="inline"))
    assert [(r.line, r.ok) for r in results] == [(1, True), (2, False), (3, False), (4, False), (5, True)]
    assert results[1].error is not None and "a key is given twice" in results[1].error.reason
    assert results[2].error is not None and results[2].error.field == "applicant.controls_employer"
    assert results[3].error is not None and results[3].error.reason == "blank line: no profile to answer"


def test_python_api_takes_date_objects_but_coerces_nothing() -> None:
    profile = orderly()
    profile["birth_date"] = date(1994, 3, 2)
    assert evaluate(profile, date(2024, 6, 3)).application_date == date(2024, 6, 3)
    profile["work_history"][0]["annual_salary"] = True
    with pytest.raises(ValidationError) as refused:
        evaluate(profile, DATE)
    assert refused.value.errors()[0]["loc"] == ("work_history", 0, "annual_salary")


def test_batch_errors_never_echo_a_control_character() -> None:
    profile = {**orderly(), "nick\nname": "x"}
    wrapped = {"applicant": orderly(), "i\rd": 1}
    results = list(evaluate_many([profile, wrapped], DATE, backend="inline"))
    fields = [r.error.field for r in results if r.error]
    assert fields == ["applicant.nick\\u000aname", "i\\u000dd"]
    assert not any(ch in json.dumps([r.to_dict() for r in results], ensure_ascii=False) for ch in "\n\r")


def test_the_control_character_pattern_is_unicode_category_cc() -> None:
    import unicodedata

    from solver.applicant import has_control_chars

    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert [ch for ch in every if has_control_chars(ch)] == [ch for ch in every if unicodedata.category(ch) == "Cc"]
