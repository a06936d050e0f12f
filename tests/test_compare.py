"""``solver.compare`` and ``pilotgap compare``: who gains and who loses under a reform."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from solver import InvalidInput, compare, route_verdicts
from solver.batch_compare import SCORE_COLUMNS, CompareSummary, compare_chunks
from solver.cli import main
from solver.requests import ROUTE_IDS
from solver.rules.overlay import load_reform

ROOT = Path(__file__).resolve().parents[1]
FRENCH_5 = ROOT / "examples" / "reforms" / "french-5.json"
DAY = "2024-06-03"
FOOD = "food-processing"


def _reform(level: int) -> dict[str, Any]:
    return {
        "name": f"french-{level}",
        "description": {"en": f"Oral French {level}", "fr": f"Français oral {level}"},
        "changes": [{"criterion": "oral_french", "routes": "all", "set": {"min_level": level}}],
    }


def _food_worker(comprehension: int | None, production: int | None) -> dict[str, Any]:
    """The README's food worker (eligible for food processing on 2024-06-03 with French 7/7)."""
    person = json.loads((ROOT / "examples" / "food_worker.json").read_text(encoding="utf-8"))
    person["french"]["oral_comprehension"] = comprehension
    person["french"]["oral_production"] = production
    return person


@pytest.fixture(scope="module")
def cohort() -> list[dict[str, Any]]:
    """Known outcomes for food processing under French 5: stays eligible, gains, stays out, unknown."""
    return [_food_worker(7, 7), _food_worker(6, 5), _food_worker(4, 7), _food_worker(None, 7)]


def _food(rows: pd.DataFrame) -> list[tuple[str, str]]:
    food = rows[rows["route"] == FOOD].sort_values("index")
    return list(zip(food["baseline"].astype(str), food["reform"].astype(str), strict=True))


def test_compare_finds_the_gainers_of_a_lower_french_threshold(cohort: list[dict[str, Any]]) -> None:
    rows = compare(cohort, load_reform(FRENCH_5), DAY)
    assert list(rows.columns) == ["index", "route", "baseline", "reform", *SCORE_COLUMNS]
    assert len(rows) == 4 * len(ROUTE_IDS)
    assert list(rows["index"]) == [i for i in range(4) for _ in ROUTE_IDS]
    assert list(rows["route"].astype(str))[: len(ROUTE_IDS)] == list(ROUTE_IDS)
    assert _food(rows) == [
        ("eligible", "eligible"),
        ("not_eligible", "eligible"),  # 6 and 5: a gainer
        ("not_eligible", "not_eligible"),  # comprehension 4
        ("unknown", "unknown"),  # comprehension unknown
    ]


def test_compare_finds_the_losers_of_a_higher_french_threshold(cohort: list[dict[str, Any]]) -> None:
    rows = compare(cohort, _reform(8), DAY)
    assert _food(rows)[0] == ("eligible", "not_eligible")
    summary = CompareSummary(list(ROUTE_IDS))
    for chunk in compare_chunks(cohort, _reform(8), DAY):
        summary.add(chunk)
    assert summary.counts[FOOD]["losers"] == 1 and summary.counts[FOOD]["gainers"] == 0
    assert summary.counts[FOOD]["unknown_baseline"] == 1
    assert summary.profiles == 4 and summary.refused == 0


def test_compare_baseline_is_the_row_evaluator_verdict(cohort: list[dict[str, Any]]) -> None:
    rows = compare(cohort, _reform(5), DAY, reference_wages={"21232": 95000})
    for index, person in enumerate(cohort):
        mine = rows[rows["index"] == index]
        expected = route_verdicts(person, DAY, reference_wages={"21232": 95000})
        assert dict(zip(mine["route"].astype(str), mine["baseline"].astype(str), strict=True)) == expected


def test_compare_takes_a_reform_file_path(cohort: list[dict[str, Any]]) -> None:
    by_path = compare(cohort, str(FRENCH_5), DAY)
    pd.testing.assert_frame_equal(by_path, compare(cohort, load_reform(FRENCH_5), DAY))


def test_compare_refuses_a_bad_profile_by_its_index(cohort: list[dict[str, Any]]) -> None:
    bad = {**cohort[0], "birth_date": "2030-01-01"}
    with pytest.raises(InvalidInput) as error:
        compare([cohort[0], bad], _reform(5), DAY)
    assert error.value.field == "profiles.1.applicant.birth_date"


def test_compare_refuses_a_reform_naming_an_unknown_criterion(cohort: list[dict[str, Any]]) -> None:
    reform = _reform(5)
    reform["changes"][0]["criterion"] = "no_such_criterion"
    with pytest.raises(InvalidInput) as error:
        compare(cohort, reform, DAY)
    assert error.value.field.startswith("reform")


def test_compare_process_and_dask_backends_give_the_same_rows() -> None:
    from solver.cohort import generate_cohort

    people = generate_cohort(400, seed=5)
    inline = compare(people, _reform(5), DAY, chunk_size=150)
    pooled = compare(people, _reform(5), DAY, backend="process", workers=2, chunk_size=150)
    dask = compare(people, _reform(5), DAY, backend="dask", workers=2, chunk_size=150)
    pd.testing.assert_frame_equal(inline, pooled)
    pd.testing.assert_frame_equal(inline, dask)


@pytest.fixture()
def cohort_file(tmp_path: Path, cohort: list[dict[str, Any]]) -> Path:
    path = tmp_path / "cohort.jsonl"
    lines = [json.dumps(p) for p in cohort] + ['{"birth_date": "1990-01-01", "bogus": true}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_cli_compare_writes_one_row_per_profile_and_route(
    cohort_file: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / f"rows{suffix}"
    argv = ["compare", str(cohort_file), "--reform", str(FRENCH_5), "--date", DAY, "-o", str(out_path)]
    status, out, err = _run([*argv, "--backend", "inline", "--no-progress"], capsys)
    assert status == 0
    if suffix == ".parquet":
        rows = pd.read_parquet(out_path)
    elif suffix == ".csv":
        rows = pd.read_csv(out_path)
    else:
        rows = pd.read_json(out_path, lines=True)
    assert list(rows.columns) == ["index", "route", "baseline", "reform", *SCORE_COLUMNS]
    assert len(rows) == 4 * len(ROUTE_IDS)  # the refused fifth line has no rows
    food = rows[rows["route"] == FOOD].sort_values("index")
    assert list(food["reform"].astype(str)) == ["eligible", "eligible", "not_eligible", "unknown"]
    assert "gainers" in out and "losers" in out
    food_line = next(line for line in out.splitlines() if line.startswith(FOOD))
    assert food_line.split()[1:5] == ["1", "2", "1", "0"]  # eligible before, after, gainers, losers
    assert f"{4 * len(ROUTE_IDS)} rows written" in out
    assert "line 5: applicant.bogus" in err


def test_cli_compare_shows_a_progress_bar_and_takes_assumptions(
    cohort_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["compare", str(cohort_file), "--reform", str(FRENCH_5), "--date", DAY, "--backend", "inline"]
    status, out, err = _run([*argv, "--assume", "it_ve_general_dec=true"], capsys)
    assert status == 0
    assert "compare" in err and "profiles" in err  # tqdm's bar
    assert FOOD in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "rows.xlsx"], ".parquet, .csv or .jsonl"),
        (["--assume", "no_such_assumption=true"], "assumptions.no_such_assumption"),
    ],
)
def test_cli_compare_refuses_a_bad_option(
    cohort_file: Path, tmp_path: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = [str(tmp_path / e) if e.endswith(".xlsx") else e for e in extra]
    argv = ["compare", str(cohort_file), "--reform", str(FRENCH_5), "--backend", "inline", "--no-progress", *extra]
    status, _, err = _run(argv, capsys)
    assert status == 2
    assert message in err


def test_cli_compare_needs_a_reform(cohort_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["compare", str(cohort_file), "--no-progress"], capsys)
    assert status == 2 and "--reform" in err
