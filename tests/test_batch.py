"""Batch API: the backends agree, refused lines are reported on their own line, order is kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from solver import EligibilityAnswer, GapsAnswer, InvalidInput, evaluate, plan_gaps
from solver.batch import BatchResult, evaluate_many, plan_gaps_many
from solver.cohort import generate_cohort

ON = date(2024, 6, 3)
N_PROFILES = 40


@pytest.fixture(scope="module")
def cohort() -> list[Any]:
    return generate_cohort(N_PROFILES, seed=11)


@pytest.fixture(scope="module")
def lines(cohort: list[Any]) -> list[str]:
    return [a.model_dump_json() for a in cohort]


@pytest.fixture(scope="module")
def inline_eligibility(cohort: list[Any]) -> list[str]:
    return [r.to_json() for r in evaluate_many(cohort, ON, backend="inline")]


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _json(results: Iterator[BatchResult[Any]]) -> list[str]:
    return [r.to_json() for r in results]


# ---------------------------------------------------------------------------- the backends agree


def test_inline_batch_matches_evaluate_one_by_one(cohort: list[Any], inline_eligibility: list[str]) -> None:
    expected = [evaluate(a, ON).model_dump(mode="json", by_alias=True) for a in cohort]
    assert [json.loads(line)["answer"] for line in inline_eligibility] == expected


def test_process_backend_gives_the_inline_answers(lines: list[str], inline_eligibility: list[str]) -> None:
    assert _json(evaluate_many(lines, ON, backend="process", workers=2, chunk_size=3)) == inline_eligibility


def test_thread_backend_gives_the_inline_answers(cohort: list[Any], inline_eligibility: list[str]) -> None:
    assert _json(evaluate_many(cohort, ON, backend="thread", workers=2, chunk_size=4)) == inline_eligibility


def test_dask_backend_gives_the_inline_answers(
    dask_client: Any, lines: list[str], inline_eligibility: list[str]
) -> None:
    assert _json(evaluate_many(lines, ON, client=dask_client, chunk_size=3)) == inline_eligibility


def test_scheduler_address_runs_on_dask(dask_client: Any, cohort: list[Any], inline_eligibility: list[str]) -> None:
    address = dask_client.scheduler.address
    assert _json(evaluate_many(cohort[:6], ON, scheduler=address, chunk_size=2)) == inline_eligibility[:6]


def test_gap_plans_are_the_same_on_every_backend(dask_client: Any, cohort: list[Any]) -> None:
    profiles = cohort[:12]
    kwargs: dict[str, Any] = {"application_date": ON, "max_plans": 2}
    inline = _json(plan_gaps_many(profiles, backend="inline", **kwargs))
    assert _json(plan_gaps_many(profiles, backend="process", workers=2, chunk_size=1, **kwargs)) == inline
    assert _json(plan_gaps_many(profiles, client=dask_client, chunk_size=1, **kwargs)) == inline
    first = json.loads(inline[0])["answer"]
    assert first == plan_gaps(profiles[0], ON, max_plans=2).model_dump(mode="json", by_alias=True)


# ---------------------------------------------------------------------------- refused lines


def _bad_lines(lines: list[str]) -> list[str]:
    batch = list(lines[:8])
    batch[1] = '{"birth_date": "1990-01-01", '  # cut short
    level13 = json.loads(lines[2])
    level13["french"] = {"oral_comprehension": 13, "oral_production": 7, "assessed_on": "2024-01-15"}
    batch[2] = json.dumps(level13)
    unknown = json.loads(lines[4])
    unknown["favourite_colour"] = "blue"
    batch[4] = json.dumps(unknown)
    batch[5] = json.dumps({"birth_date": "2030-01-01"})  # born after the application date
    batch[6] = "[1, 2, 3]"
    return batch


@pytest.mark.parametrize("backend", ["inline", "process"])
def test_invalid_lines_are_reported_and_the_rest_answered(
    backend: str, lines: list[str], inline_eligibility: list[str]
) -> None:
    results = list(evaluate_many(_bad_lines(lines), ON, backend=backend, workers=2, chunk_size=2))
    assert [r.index for r in results] == list(range(8))
    refused = {r.index: r.error for r in results if not r.ok}
    assert set(refused) == {1, 2, 4, 5, 6}
    assert refused[1] is not None and refused[1].field == "profile" and "not valid JSON" in refused[1].reason
    assert refused[2] is not None and refused[2].field == "applicant.french.oral_comprehension"
    assert "12" in refused[2].reason
    assert refused[4] is not None and refused[4].field == "applicant.favourite_colour"
    assert "unknown field" in refused[4].reason
    assert refused[5] is not None and refused[5].field == "applicant.birth_date"
    assert "after the application date" in refused[5].reason
    assert refused[6] is not None and refused[6].field == "profile"
    for index in (0, 3, 7):
        assert results[index].to_json() == inline_eligibility[index]


def test_refused_line_json_names_field_and_reason(lines: list[str]) -> None:
    result = next(r for r in evaluate_many(_bad_lines(lines), ON, backend="inline") if r.index == 2)
    record = json.loads(result.to_json())
    assert record == {
        "index": 2,
        "ok": False,
        "error": {"field": "applicant.french.oral_comprehension", "reason": result.errors[0].reason},
    }
    assert result.answer is None


def test_every_refusal_of_a_profile_is_listed() -> None:
    profile = {"birth_date": "1990-02-30", "french": {"oral_production": 0}, "hobby": "chess"}
    (result,) = evaluate_many([profile], ON, backend="inline")
    fields = {e.field for e in result.errors}
    assert fields == {"applicant.birth_date", "applicant.french.oral_production", "applicant.hobby"}
    assert len(json.loads(result.to_json())["errors"]) == 3


def test_episode_ending_before_it_starts_names_the_end_field() -> None:
    profile = {"work_history": [{"start": "2023-05-01", "end": "2023-01-01"}]}
    (result,) = evaluate_many([profile], ON, backend="inline")
    assert result.error is not None
    assert result.error.field == "applicant.work_history.0.end"
    assert "ends before it starts" in result.error.reason


def test_a_date_outside_the_supported_range_is_refused() -> None:
    (result,) = evaluate_many([{"birth_date": "1801-01-01"}], ON, backend="inline")
    assert result.error is not None and result.error.field == "applicant.birth_date"


# ---------------------------------------------------------------------------- order, inputs


def test_order_is_kept_when_chunks_finish_out_of_order(cohort: list[Any]) -> None:
    # Alternating gap plans and refusals make chunks of very different durations.
    profiles: list[Any] = []
    for i, applicant in enumerate(cohort[:16]):
        profiles.append(applicant if i % 2 else {"bad": i})
    results = list(plan_gaps_many(profiles, ON, max_plans=1, backend="process", workers=2, chunk_size=1))
    assert [r.index for r in results] == list(range(16))
    assert [r.ok for r in results] == [bool(i % 2) for i in range(16)]


def test_json_lines_file_with_blank_lines(tmp_path: Path, lines: list[str], inline_eligibility: list[str]) -> None:
    path = tmp_path / "cohort.jsonl"
    path.write_text(f"{lines[0]}\n\n{lines[1]}\n   \n{lines[2]}\n", encoding="utf-8")
    results = list(evaluate_many(path, ON, backend="inline"))
    # One result per line: a blank line gets an error result, so nothing shifts against its line.
    assert [(r.index, r.line, r.ok) for r in results] == [
        (0, 1, True),
        (1, 2, False),
        (2, 3, True),
        (3, 4, False),
        (4, 5, True),
    ]
    assert {r.error.reason for r in results if r.error} == {"blank line: no profile to answer"}
    assert [json.loads(r.to_json())["answer"] for r in results if r.ok] == [
        json.loads(line)["answer"] for line in inline_eligibility[:3]
    ]
    assert _json(evaluate_many(str(path), ON, backend="process", workers=2)) == [r.to_json() for r in results]


def test_wrapped_records_carry_their_id_and_date(cohort: list[Any]) -> None:
    applicant = cohort[0].model_dump(mode="json")
    records = [
        {"id": "QC-001", "applicant": applicant},
        {"id": 2, "applicant": applicant, "application_date": "2023-06-05"},
        {"id": 3, "applicant": applicant, "when": "soon"},
    ]
    first, second, third = evaluate_many(records, ON, backend="inline")
    assert first.id == "QC-001" and first.answer is not None and first.answer.application_date == ON
    assert second.answer is not None and second.answer.application_date == date(2023, 6, 5)
    assert json.loads(second.to_json())["id"] == 2
    assert not third.ok and third.id == 3 and third.error is not None and third.error.field == "when"


def test_dataframe_with_applicant_columns(cohort: list[Any], inline_eligibility: list[str]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([a.model_dump() for a in cohort[:10]])
    frame["birth_date"] = pd.to_datetime(frame["birth_date"])  # Timestamps, and NaT where unknown
    results = list(evaluate_many(frame, ON, backend="inline"))
    assert [r.to_json() for r in results] == inline_eligibility[:10]


def test_dataframe_missing_values_are_unknown() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "birth_date": ["1990-01-01", None],
            "status_in_quebec": ["worker", float("nan")],
            "french": ['{"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"}', None],
        }
    )
    first, second = evaluate_many(frame, ON, backend="inline")
    expected = evaluate(
        {
            "birth_date": "1990-01-01",
            "status_in_quebec": "worker",
            "french": {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"},
        },
        ON,
    )
    assert first.answer == expected
    assert second.answer == evaluate({}, ON)


def test_dataframe_with_a_profile_column(lines: list[str], inline_eligibility: list[str]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"profile": lines[:6], "id": range(100, 106), "archetype": ["x"] * 6})
    results = list(evaluate_many(frame, ON, backend="process", workers=2, chunk_size=2))
    assert [r.id for r in results] == list(range(100, 106))
    assert [json.loads(r.to_json())["answer"] for r in results] == [
        json.loads(line)["answer"] for line in inline_eligibility[:6]
    ]


def test_answers_parse_into_their_models(cohort: list[Any]) -> None:
    (eligibility,) = evaluate_many(cohort[:1], ON, backend="process", workers=1)
    (gaps,) = plan_gaps_many(cohort[:1], ON, max_plans=1, backend="process", workers=1)
    assert isinstance(eligibility.answer, EligibilityAnswer)
    assert isinstance(gaps.answer, GapsAnswer)
    assert eligibility.to_dict()["answer"] == json.loads(eligibility.to_json())["answer"]


def test_leaving_early_stops_the_batch(cohort: list[Any]) -> None:
    results = evaluate_many((cohort[i % N_PROFILES] for i in range(100_000)), ON, workers=2, chunk_size=4)
    taken = [next(results) for _ in range(5)]
    results.close()  # type: ignore[attr-defined]
    assert [r.index for r in taken] == list(range(5))


def test_the_stream_is_lazy(cohort: list[Any]) -> None:
    consumed = 0

    def source() -> Iterator[Any]:
        nonlocal consumed
        for applicant in cohort:
            consumed += 1
            yield applicant

    results = evaluate_many(source(), ON, backend="inline", chunk_size=4)
    assert consumed == 0
    next(results)
    assert consumed == 4


# ---------------------------------------------------------------------------- batch-wide arguments


def test_batch_wide_arguments_are_checked_before_any_work(cohort: list[Any]) -> None:
    with pytest.raises(InvalidInput) as unknown_route:
        evaluate_many(cohort, ON, routes=["no-such-route"])
    assert unknown_route.value.field == "routes"
    with pytest.raises(InvalidInput) as horizon:
        plan_gaps_many(cohort, ON, horizon_months=500)
    assert horizon.value.field == "horizon_months"
    with pytest.raises(InvalidInput) as costs:
        plan_gaps_many(cohort, ON, costs={"job": {"months": -1}})
    assert costs.value.field == "costs.job.months"
    with pytest.raises(InvalidInput):
        evaluate_many(cohort, "2024-02-30")
    with pytest.raises(ValueError, match="backend"):
        evaluate_many(cohort, ON, backend="gpu")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        evaluate_many(cohort[0], ON)


def test_process_pool_with_another_start_method(cohort: list[Any], inline_eligibility: list[str]) -> None:
    results = evaluate_many(cohort[:4], ON, workers=1, mp_context="forkserver")
    assert _json(results) == inline_eligibility[:4]
