"""Policy what-if over a cohort: every profile's route verdicts under the baseline rules and
under a reform, computed column-wise (``solver.columnar``) in chunks.

::

    from solver import compare
    rows = compare("cohort.jsonl", {"name": "french-5", ...}, "2024-06-03")   # a pandas DataFrame

The baseline is the shipped rules with the named ``assumptions``; the reform is the same rules
with the reform overlaid (``solver.rules.book.rulebook_for``). Profiles are read lazily and
answered a chunk at a time (inline, on a local process pool, or on Dask), at most a few
chunks in flight, so memory stays flat however large the cohort. Each profile is validated
exactly as ``evaluate_many`` validates it; a refused one gets no rows and is reported with its
index, field and reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from solver.applicant import Applicant, InvalidInput
from solver.batch import (
    BatchError,
    _chunks,
    _cores,
    _dask_client,
    _dask_result,
    _ordered,
    _parse_record,
    _records,
    _Refused,
)
from solver.columnar.routes import VERDICTS, born_after, route_columns
from solver.criteria.columns.frame import Vocabulary, build_frame
from solver.evaluator import as_date, checked_wages, route_ids
from solver.rules.book import rulebook_for
from solver.rules.overlay import Reform, load_reform, parse_reform

if TYPE_CHECKING:
    import pandas as pd
    from dask.distributed import Client

__all__ = ["COMPARE_BACKENDS", "ChunkVerdicts", "CompareSummary", "compare", "compare_chunks"]

CompareBackend = Literal["inline", "process", "dask"]
COMPARE_BACKENDS: tuple[str, ...] = ("inline", "process", "dask")
#: Profiles per chunk: large enough that the columns pay off, small enough to keep memory flat.
DEFAULT_CHUNK_SIZE = 20_000
#: Chunks in flight per worker: one computing, one waiting (chunks are large).
IN_FLIGHT_PER_CHUNK_WORKER = 2

#: Dictionary codes shared by every chunk this process encodes (see ``Vocabulary``).
_VOCABULARY = Vocabulary()


@dataclass(frozen=True)
class ChunkVerdicts:
    """The verdicts of one chunk: the input index of each answered profile, and per route the
    codes under the baseline and the reform (``VERDICTS[code]``: 0 not eligible, 1 unknown,
    2 eligible); the refused profiles with their index, line and reason."""

    index: npt.NDArray[np.int64]
    baseline: dict[str, npt.NDArray[np.int8]]
    reform: dict[str, npt.NDArray[np.int8]]
    refused: list[tuple[int, int | None, BatchError]]


@dataclass
class CompareSummary:
    """Per route: eligible under each rule set, gainers, losers, unknown under each."""

    routes: list[str]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    profiles: int = 0
    refused: int = 0

    COLUMNS = (
        "eligible_baseline",
        "eligible_reform",
        "gainers",
        "losers",
        "unknown_baseline",
        "unknown_reform",
    )

    def add(self, chunk: ChunkVerdicts) -> None:
        self.profiles += int(chunk.index.size)
        self.refused += len(chunk.refused)
        for rid in self.routes:
            before, after = chunk.baseline[rid] == 2, chunk.reform[rid] == 2
            row = self.counts.setdefault(rid, dict.fromkeys(self.COLUMNS, 0))
            row["eligible_baseline"] += int(before.sum())
            row["eligible_reform"] += int(after.sum())
            row["gainers"] += int((after & ~before).sum())
            row["losers"] += int((before & ~after).sum())
            row["unknown_baseline"] += int((chunk.baseline[rid] == 1).sum())
            row["unknown_reform"] += int((chunk.reform[rid] == 1).sum())

    def table(self) -> str:
        """A plain-text table, one line per route."""
        head = ["route", "eligible (baseline)", "eligible (reform)", "gainers", "losers", "unknown (b/r)"]
        lines = [
            [
                rid,
                f"{c['eligible_baseline']:,}",
                f"{c['eligible_reform']:,}",
                f"{c['gainers']:,}",
                f"{c['losers']:,}",
                f"{c['unknown_baseline']:,} / {c['unknown_reform']:,}",
            ]
            for rid, c in ((r, self.counts.get(r, dict.fromkeys(self.COLUMNS, 0))) for r in self.routes)
        ]
        widths = [max(len(str(x)) for x in column) for column in zip(head, *lines, strict=True)]

        def fmt(cells: list[str]) -> str:
            first = cells[0].ljust(widths[0])
            return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([fmt(head), rule, *(fmt(line) for line in lines)])


@dataclass(frozen=True)
class _Params:
    """What a worker needs, as plain picklable data."""

    on: date
    routes: tuple[str, ...]
    wages: dict[str, float]
    assumptions: dict[str, bool] | None
    reform: dict[str, Any]


def _compare_chunk(records: list[tuple[int, int | None, Any]], params: _Params) -> ChunkVerdicts:
    """Validate a chunk of records, encode them as columns, and compute both rule sets' verdicts."""
    people: list[Applicant] = []
    kept: list[int] = []
    lines: list[int | None] = []
    refused: list[tuple[int, int | None, BatchError]] = []
    for index, line, raw in records:
        try:
            applicant, own_date, _ = _parse_record(raw)
        except _Refused as exc:
            refused.append((index, line, exc.errors[0]))
            continue
        if own_date is not None and own_date != params.on:
            reason = f"compare answers every profile on one date ({params.on}); this record asks for {own_date}"
            refused.append((index, line, BatchError("application_date", reason)))
            continue
        people.append(applicant)
        kept.append(index)
        lines.append(line)
    frame = build_frame(people, _VOCABULARY)
    late = born_after(frame, params.on)
    baseline_rules = rulebook_for(params.assumptions)
    reform_rules = rulebook_for(params.assumptions, params.reform)
    shared: dict[Any, Any] = {}
    before = route_columns(frame, params.on, baseline_rules, params.routes, params.wages, shared)
    after = route_columns(frame, params.on, reform_rules, params.routes, params.wages, shared)
    index = np.array(kept, dtype=np.int64)
    if late.any():
        for position in np.flatnonzero(late):
            error = BatchError("applicant.birth_date", "the birth date is after the application date")
            refused.append((int(index[position]), lines[position], error))
        keep = ~late
        index = index[keep]
        before = {rid: column[keep] for rid, column in before.items()}
        after = {rid: column[keep] for rid, column in after.items()}
    refused.sort(key=lambda item: item[0])
    return ChunkVerdicts(index, before, after, refused)


def _params(
    reform: Reform | Mapping[str, Any] | str | os.PathLike[str],
    application_date: date | str | None,
    assumptions: Mapping[str, bool] | None,
    reference_wages: Mapping[str, float] | None,
    routes: Iterable[str] | None,
) -> _Params:
    """Check the batch-wide arguments once (a bad reform or assumption fails here, by its key)."""
    reform_model = load_reform(reform) if isinstance(reform, str | os.PathLike) else parse_reform(reform)
    rulebook_for(assumptions, reform_model)  # validates the overlay against the rule schema
    return _Params(
        on=as_date(application_date),
        routes=tuple(route_ids(routes)),
        wages=checked_wages(reference_wages),
        assumptions=None if assumptions is None else dict(assumptions),
        reform=reform_model.model_dump(mode="json"),
    )


def _run_dask(
    chunks: Iterator[list[Any]],
    params: _Params,
    client: Client | None,
    scheduler: str | None,
    workers: int | None,
) -> Iterator[ChunkVerdicts]:
    with _dask_client(client, scheduler, workers) as dask:
        limit = IN_FLIGHT_PER_CHUNK_WORKER * (sum(dask.nthreads().values()) or 1)
        submit: Callable[[list[Any]], Any] = lambda chunk: dask.submit(_compare_chunk, chunk, params, pure=False)  # noqa: E731
        yield from _ordered(submit, _dask_result, lambda future: future.cancel(), chunks, limit)


def compare_chunks(
    profiles: Any,
    reform: Reform | Mapping[str, Any] | str | os.PathLike[str],
    application_date: date | str | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reference_wages: Mapping[str, float] | None = None,
    *,
    routes: Iterable[str] | None = None,
    backend: CompareBackend = "inline",
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    client: Client | None = None,
    scheduler: str | None = None,
) -> Iterator[ChunkVerdicts]:
    """The verdicts of ``profiles`` under the baseline and ``reform``, a chunk at a time, in order.

    Takes the inputs of ``evaluate_many`` (an iterable of profiles, a JSON Lines path or open
    file, a DataFrame). Backends: ``inline`` (this process), ``process`` (a local pool of
    ``workers`` processes, default every core), ``dask`` (``client``, ``scheduler``, or a local
    cluster of ``workers``). Every backend yields the same chunks.

    Raises:
        InvalidInput: a bad reform, assumption, date, route or wage (at once, before any work).
        ValueError: an unknown backend or a bad backend option.
    """
    params = _params(reform, application_date, assumptions, reference_wages, routes)
    if scheduler is not None or client is not None:
        backend = "dask"
    if backend not in COMPARE_BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; known: {list(COMPARE_BACKENDS)}")
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    return _stream(profiles, params, backend, workers, chunk_size, client, scheduler)


def _stream(
    profiles: Any,
    params: _Params,
    backend: str,
    workers: int | None,
    chunk_size: int,
    client: Client | None,
    scheduler: str | None,
) -> Iterator[ChunkVerdicts]:
    chunks = _chunks(_records(profiles), chunk_size)
    if backend == "inline":
        yield from (_compare_chunk(chunk, params) for chunk in chunks)
    elif backend == "dask":
        yield from _run_dask(chunks, params, client, scheduler, workers)
    else:
        n = workers or _cores()
        executor = ProcessPoolExecutor(max_workers=n)

        def submit(chunk: list[Any]) -> Future[ChunkVerdicts]:
            return executor.submit(_compare_chunk, chunk, params)

        try:
            yield from _ordered(submit, Future.result, Future.cancel, chunks, IN_FLIGHT_PER_CHUNK_WORKER * n)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def chunk_rows(chunk: ChunkVerdicts, routes: Iterable[str]) -> dict[str, np.ndarray]:
    """One row per profile and route of a chunk: ``index``, route, baseline and reform codes."""
    order = list(routes)
    n = chunk.index.size
    return {
        "index": np.repeat(chunk.index, len(order)),
        "route": np.tile(np.arange(len(order), dtype=np.int8), n),
        "baseline": np.stack([chunk.baseline[r] for r in order], axis=1).reshape(-1) if n else np.zeros(0, np.int8),
        "reform": np.stack([chunk.reform[r] for r in order], axis=1).reshape(-1) if n else np.zeros(0, np.int8),
    }


def compare(
    profiles: Any,
    reform: Reform | Mapping[str, Any] | str | os.PathLike[str],
    application_date: date | str | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reference_wages: Mapping[str, float] | None = None,
    *,
    routes: Iterable[str] | None = None,
    backend: CompareBackend = "inline",
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    client: Client | None = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Each profile's verdict for each route under the baseline rules and under ``reform``.

    ``reform`` is a reform (a ``Reform``, or its data as a dict) or the path of a reform file
    (JSON or YAML); the other arguments are those of ``compare_chunks``.

    Returns:
        A DataFrame with one row per profile and route, in input order: ``index`` (the
        profile's position in the input), ``route``, ``baseline`` and ``reform``
        (``eligible``, ``not_eligible`` or ``unknown``, as categoricals).

    Raises:
        InvalidInput: a bad batch-wide argument, or a profile that cannot be answered (its
            index, field and reason; ``compare_chunks`` reports them instead).

    Example:
        >>> from solver.cohort import iter_cohort
        >>> french5 = {"name": "french-5", "description": {"en": "Oral French 5", "fr": "Français oral 5"},
        ...            "changes": [{"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}}]}
        >>> rows = compare(iter_cohort(10, seed=1), french5, "2024-06-03")
        >>> rows.shape, list(rows.columns)
        ((90, 4), ['index', 'route', 'baseline', 'reform'])
    """
    import pandas as pd

    order = list(route_ids(routes))
    parts = []
    for chunk in compare_chunks(
        profiles,
        reform,
        application_date,
        assumptions,
        reference_wages,
        routes=order,
        backend=backend,
        workers=workers,
        chunk_size=chunk_size,
        client=client,
        scheduler=scheduler,
    ):
        if chunk.refused:
            index, _, error = chunk.refused[0]
            raise InvalidInput(f"profiles.{index}.{error.field}", error.reason)
        parts.append(chunk_rows(chunk, order))

    def joined(key: str, dtype: type) -> np.ndarray:
        return np.concatenate([p[key] for p in parts]) if parts else np.zeros(0, dtype)

    return pd.DataFrame(
        {
            "index": joined("index", np.int64),
            "route": pd.Categorical.from_codes(joined("route", np.int8), categories=order),
            "baseline": pd.Categorical.from_codes(joined("baseline", np.int8), categories=list(VERDICTS)),
            "reform": pd.Categorical.from_codes(joined("reform", np.int8), categories=list(VERDICTS)),
        }
    )
