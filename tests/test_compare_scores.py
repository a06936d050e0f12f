"""``compare`` with scores (CONTRACT.md v3): PSTQ rows carry the score range and whether it clears a
cut-off under the baseline and a reform, and a reform may change a grid factor."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from solver import compare, rank
from solver.applicant import InvalidInput
from solver.batch_compare import SCORE_COLUMNS
from solver.cli import main
from solver.rules.book import rulebook_for
from solver.rules.overlay import load_reform, parse_reform

ROOT = Path(__file__).resolve().parents[1]
WRITTEN_5 = ROOT / "examples" / "reforms" / "written-french-5-earns-44.yaml"
DAY = "2026-05-15"
HIGH = "pstq-high-qualification"
PSTQ = ["pstq-high-qualification", "pstq-intermediate-manual", "pstq-regulated-professions", "pstq-exceptional-talent"]


def _candidate(written: int, spouse: dict[str, Any] | None) -> dict[str, Any]:
    """A software developer in Montréal, eligible for stream 1, written French at ``written``."""
    return {
        "birth_date": "1994-03-02",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "self_sufficiency_undertaking": True,
        "french": {
            "oral_comprehension": 8,
            "oral_production": 8,
            "written_comprehension": written,
            "written_production": written,
            "assessed_on": "2026-01-10",
        },
        "diplomas": [{"level": "bachelor", "in_quebec": False, "full_time_months": 36, "obtained_on": "2016-06-01"}],
        "work_history": [
            {
                "noc": "21232",
                "in_quebec": True,
                "hours_per_week": 40.0,
                "paid": True,
                "authorized": True,
                "start": "2023-01-09",
                "end": None,
                "annual_salary": 90000,
                "employer_in_cmm": True,
            }
        ],
        "spouse": spouse,
        "family_in_quebec": {"applicant": False, "spouse": None},
        "residence_history": [{"start": "2023-01-01", "end": None, "in_quebec": True, "in_cmm": True}],
        "principal_noc": "21232",
    }


NO_SPOUSE = {"accompanying": False}
SPOUSE = {
    "accompanying": True,
    "birth_date": "1995-05-01",
    "french": {"oral_comprehension": 6, "oral_production": 6, "assessed_on": "2026-01-10"},
}


@pytest.fixture(scope="module")
def cohort() -> list[dict[str, Any]]:
    return [
        _candidate(5, NO_SPOUSE),  # 0: gains 6 + 6 points
        _candidate(6, NO_SPOUSE),  # 1: gains 12 too (the level 5 row covers 6)
        _candidate(7, NO_SPOUSE),  # 2: already 44 a skill: no change
        _candidate(5, SPOUSE),  # 3: the with-spouse column is unchanged
        _candidate(5, None),  # 4: spouse unknown: a range
    ]


def _score(person: dict[str, Any], reform: Any = None) -> tuple[int, int]:
    found = rank(person, DAY, routes=[HIGH], reform=reform).routes[0].score
    return found.min, found.max


def _high(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["route"] == HIGH].sort_values("index").reset_index(drop=True)


def test_a_grid_reform_moves_the_scores_of_the_known_gainers_only(cohort: list[dict[str, Any]]) -> None:
    rows = compare(cohort, WRITTEN_5, DAY, routes=PSTQ)
    assert list(rows.columns) == ["index", "route", "baseline", "reform", *SCORE_COLUMNS]
    high = _high(rows)
    gain = (high["reform_score_min"] - high["baseline_score_min"]).tolist()
    assert gain[:4] == [12, 12, 0, 0]
    for i, person in enumerate(cohort):
        assert (high["baseline_score_min"][i], high["baseline_score_max"][i]) == _score(person)
        assert (high["reform_score_min"][i], high["reform_score_max"][i]) == _score(person, load_reform(WRITTEN_5))
    # a grid reform changes no verdict
    assert (rows["baseline"] == rows["reform"]).all()
    assert set(high["baseline"].astype(str)[:4]) == {"eligible"}


def test_the_cut_off_comes_from_target_score(cohort: list[dict[str, Any]]) -> None:
    base = _score(cohort[0])[0]
    rows = _high(compare(cohort[:3], WRITTEN_5, DAY, routes=[HIGH], target_score=base + 6))
    assert list(rows["baseline_passes"].astype(str)) == ["no", "no", "yes"]
    assert list(rows["reform_passes"].astype(str)) == ["yes", "yes", "yes"]  # 0 and 1 are gainers, no loser
    low = _high(compare(cohort[:3], WRITTEN_5, DAY, routes=[HIGH], target_score=0))
    assert set(low["baseline_passes"].astype(str)) == {"yes"}


def test_the_default_cut_off_is_the_streams_latest_recorded_minimum(cohort: list[dict[str, Any]]) -> None:
    from solver.ranking.grid import latest_target

    cut = latest_target(1)[0]
    assert cut is not None
    rows = _high(compare(cohort, WRITTEN_5, DAY, routes=[HIGH]))
    columns = (rows["baseline_score_min"], rows["baseline_score_max"], rows["baseline_passes"])
    for low, high, passes in zip(*columns, strict=True):
        assert passes == ("yes" if low >= cut else "no" if high < cut else "unknown")


def test_a_range_that_straddles_the_cut_off_is_unknown(cohort: list[dict[str, Any]]) -> None:
    low, high = _score(cohort[4])
    assert low < high
    rows = _high(compare([cohort[4]], WRITTEN_5, DAY, routes=[HIGH], target_score=high))
    assert (rows["baseline_score_min"][0], rows["baseline_score_max"][0]) == (low, high)
    assert rows["baseline_passes"].astype(str).tolist() == ["unknown"]
    below = _high(compare([cohort[4]], WRITTEN_5, DAY, routes=[HIGH], target_score=high + 1))
    assert below["baseline_passes"].astype(str).tolist() == ["no"]


def test_rows_of_routes_without_a_score_have_null_score_columns(cohort: list[dict[str, Any]]) -> None:
    rows = compare(cohort[:2], WRITTEN_5, DAY, routes=[HIGH, "food-processing", "peq-temporary-workers"])
    other = rows[rows["route"] != HIGH]
    assert other[list(SCORE_COLUMNS)].isna().all().all()
    assert rows[rows["route"] == HIGH][list(SCORE_COLUMNS)].notna().all().all()


def test_the_process_backend_gives_the_same_rows(cohort: list[dict[str, Any]]) -> None:
    inline = compare(cohort * 3, WRITTEN_5, DAY, routes=PSTQ, chunk_size=4)
    pooled = compare(cohort * 3, WRITTEN_5, DAY, routes=PSTQ, chunk_size=4, backend="process", workers=2)
    pd.testing.assert_frame_equal(inline, pooled)


REFORM = {"name": "bad", "description": {"en": "x", "fr": "x"}}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ([{"factor": "french_written_shorthand", "set": {"rows": []}}], "reform.changes.0.factor"),
        ([{"factor": "age", "set": {"colour": 1}}], "reform.changes.0.set.colour"),
        ([{"factor": "age", "set": {"id": "x"}}], "reform.changes.0.set.id"),
        ([{"factor": "age", "set": {"rows": [{"from": 18, "points": "many"}]}}], "reform.changes.0.set.rows.0.points"),
        ([{"factor": "age", "set": {"rows": [{"from": 18, "points": 10}]}}], "reform.changes.0.set.rows"),
        ([{"factor": "age", "criterion": "french", "set": {"rows": []}}], "reform.changes.0.factor"),
        ([{"set": {"min_level": 5}}], "reform.changes.0.criterion"),
        ([{"factor": "age", "routes": [HIGH], "set": {"rows": []}}], "reform.changes.0.routes"),
        (
            [
                {"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}},
                {"factor": "nope", "set": {"rows": []}},
            ],
            "reform.changes.1.factor",
        ),
    ],
)
def test_a_bad_factor_change_is_refused_with_its_path(changes: list[dict[str, Any]], path: str) -> None:
    reform = {**REFORM, "changes": changes}
    with pytest.raises(InvalidInput) as caught:
        rulebook_for(None, reform)
    assert caught.value.field == path
    with pytest.raises(InvalidInput) as again:
        compare([], reform, DAY, routes=[HIGH])
    assert again.value.field == path


def test_a_factor_change_leaves_the_rules_and_a_criterion_change_the_grid() -> None:
    reform = load_reform(WRITTEN_5)
    assert [c.factor for c in reform.changes] == ["french_written_comprehension", "french_written_production"]
    assert all(c.criterion is None for c in reform.changes)
    mixed = parse_reform(
        {
            **REFORM,
            "changes": [
                {"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}},
                *json.loads(reform.model_dump_json(exclude_none=True))["changes"],
            ],
        }
    )
    rules = rulebook_for(None, mixed)
    assert "+reform:bad@" in rules.rules_version
    # the criterion-only digest is unchanged by the new optional key
    only = parse_reform({**REFORM, "changes": [{"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}}]})
    assert only.digest() == parse_reform(copy.deepcopy(only.model_dump(mode="json", exclude_none=True))).digest()


def _write_cohort(path: Path, people: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_cli_compare_target_score_writes_the_score_columns(
    cohort: list[dict[str, Any]], tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write_cohort(tmp_path / "pstq.jsonl", cohort[:3])
    out = tmp_path / f"rows{suffix}"
    cut = _score(cohort[0])[0] + 6
    argv = ["compare", str(source), "--reform", str(WRITTEN_5), "--date", DAY, "--target-score", str(cut)]
    argv += ["--routes", f"{HIGH},food-processing", "-o", str(out), "--backend", "inline", "--no-progress"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert f"{HIGH}  {cut}" in " ".join(printed.split("  ")) or str(cut) in printed
    if suffix == ".parquet":
        rows = pd.read_parquet(out)
    elif suffix == ".csv":
        rows = pd.read_csv(out)
    else:
        rows = pd.read_json(out, lines=True)
    assert list(rows.columns) == ["index", "route", "baseline", "reform", *SCORE_COLUMNS]
    high = rows[rows["route"] == HIGH].sort_values("index")
    assert high["baseline_passes"].astype(str).tolist() == ["no", "no", "yes"]
    assert high["reform_passes"].astype(str).tolist() == ["yes", "yes", "yes"]
    assert (high["reform_score_min"] - high["baseline_score_min"]).tolist() == [12, 12, 0]
    food = rows[rows["route"] == "food-processing"]
    assert food[list(SCORE_COLUMNS)].isna().all().all()


def test_cli_compare_refuses_a_cut_off_out_of_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write_cohort(tmp_path / "one.jsonl", [_candidate(5, NO_SPOUSE)])
    with pytest.raises(SystemExit):
        main(["compare", str(source), "--reform", str(WRITTEN_5), "--target-score", "1401"])
    assert "--target-score" in capsys.readouterr().err


def test_compare_equals_the_row_answers_on_a_pstq_cohort() -> None:
    """Verdicts, principal occupations and scores of ``compare`` (columnar scores, shared findings)
    are those of ``route_verdicts`` and ``rank``, profile by profile, with and without a declared
    principal occupation."""
    from solver.cohort.pstq import generate_pstq_cohort
    from solver.evaluator import route_verdicts

    people = [
        p.model_copy(update={"principal_noc": None}) if i % 3 == 0 else p
        for i, p in enumerate(generate_pstq_cohort(240, seed=5))
    ]
    reform = load_reform(WRITTEN_5)
    rows = compare(people, WRITTEN_5, DAY, routes=PSTQ, target_score=600)
    reform_rules = rulebook_for(None, reform)
    for i, person in enumerate(people):
        mine = rows[rows["index"] == i].set_index("route")
        verdicts = route_verdicts(person, DAY, routes=PSTQ, rules=rulebook_for(None))
        base = {r.route: r.score for r in rank(person, DAY, routes=PSTQ).routes}
        after = {r.route: r.score for r in rank(person, DAY, routes=PSTQ, rules=reform_rules).routes}
        for rid in PSTQ:
            row = mine.loc[rid]
            assert str(row["baseline"]) == verdicts[rid] == str(row["reform"]), (i, rid)
            assert (row["baseline_score_min"], row["baseline_score_max"]) == (base[rid].min, base[rid].max), (i, rid)
            assert (row["reform_score_min"], row["reform_score_max"]) == (after[rid].min, after[rid].max), (i, rid)
