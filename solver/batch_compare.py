"""Policy what-if over a cohort: every profile's route verdicts under the baseline rules and
under a reform, computed in chunks; on the PSTQ routes, the ranking score and whether it clears
a cut-off under each (CONTRACT.md v3).

::

    from solver import compare
    rows = compare("cohort.jsonl", {"name": "french-5", ...}, "2024-06-03")   # a pandas DataFrame

The baseline is the shipped rules with the named ``assumptions``; the reform is the same rules
with the reform overlaid (``solver.rules.book.rulebook_for``). The routes whose criteria all have a
columnar form are computed column-wise (``solver.columnar``); the others (the PSTQ and PEQ
routes: principal occupation, four-skill French, authorisations...) with the row evaluator, one
profile at a time, and each PSTQ route is scored (``solver.ranking``) for the principal
occupation its verdict used, under the baseline grid and the reform's grid. A route whose
criteria the reform leaves alone keeps its baseline verdict, and a grid factor it leaves alone
keeps its points: each is computed once. Profiles are read lazily and
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
from solver.columnar.routes import VERDICTS, route_columns
from solver.criteria import EvalContext
from solver.criteria.base import Criterion
from solver.criteria.columns.frame import Vocabulary, build_frame, with_principal
from solver.criteria.occupation import principal_candidates
from solver.evaluator import as_date, assess_principal, assess_route, checked_wages, route_ids, route_verdict
from solver.ranking.columns import score_columns, score_frame
from solver.ranking.grid import grid_for, latest_target
from solver.rules.book import RuleBook, rulebook_for
from solver.rules.overlay import Reform, load_reform, parse_reform
from solver.rules.route import Route

if TYPE_CHECKING:
    import pandas as pd
    from dask.distributed import Client

__all__ = [
    "COMPARE_BACKENDS",
    "PASSES",
    "SCORE_COLUMNS",
    "ChunkVerdicts",
    "CompareSummary",
    "compare",
    "compare_chunks",
]

CompareBackend = Literal["inline", "process", "dask"]
COMPARE_BACKENDS: tuple[str, ...] = ("inline", "process", "dask")
#: Profiles per chunk: large enough that the columns pay off, small enough to keep memory flat.
DEFAULT_CHUNK_SIZE = 20_000
#: Chunks in flight per worker: one computing, one waiting (chunks are large).
IN_FLIGHT_PER_CHUNK_WORKER = 2

#: Dictionary codes shared by every chunk this process encodes (see ``Vocabulary``).
_VOCABULARY = Vocabulary()
#: Whether a PSTQ row clears the cut-off (code 0, 1, 2; -1 on a row without a score).
PASSES: tuple[str, str, str] = ("no", "unknown", "yes")
#: The columns PSTQ rows add (CONTRACT.md v3), in output order.
SCORE_COLUMNS: tuple[str, ...] = (
    "baseline_score_min",
    "baseline_score_max",
    "reform_score_min",
    "reform_score_max",
    "baseline_passes",
    "reform_passes",
)


@dataclass(frozen=True)
class ChunkVerdicts:
    """The verdicts of one chunk: the input index of each answered profile, and per route the
    codes under the baseline and the reform (``VERDICTS[code]``: 0 not eligible, 1 unknown,
    2 eligible); the refused profiles with their index, line and reason."""

    index: npt.NDArray[np.int64]
    baseline: dict[str, npt.NDArray[np.int8]]
    reform: dict[str, npt.NDArray[np.int8]]
    refused: list[tuple[int, int | None, BatchError]]
    #: Per scored (PSTQ) route, one int16 row per profile: baseline min and max, reform min and max.
    scores: dict[str, npt.NDArray[np.int16]] = field(default_factory=dict)
    #: Per scored route, one int8 row per profile: baseline and reform ``PASSES`` codes.
    passes: dict[str, npt.NDArray[np.int8]] = field(default_factory=dict)


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

    #: Per scored route: profiles that clear the cut-off under each, gainers and losers of a pass.
    passes: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Per scored route: the cut-off used (``None``: the stream's latest round had no minimum).
    cutoffs: dict[str, int | None] = field(default_factory=dict)

    PASS_COLUMNS = ("passes_baseline", "passes_reform", "pass_gainers", "pass_losers", "unknown_b", "unknown_r")

    def add(self, chunk: ChunkVerdicts) -> None:
        self.profiles += int(chunk.index.size)
        self.refused += len(chunk.refused)
        for rid, codes in chunk.passes.items():
            before, after = codes[:, 0] == 2, codes[:, 1] == 2
            row = self.passes.setdefault(rid, dict.fromkeys(self.PASS_COLUMNS, 0))
            row["passes_baseline"] += int(before.sum())
            row["passes_reform"] += int(after.sum())
            row["pass_gainers"] += int((after & ~before).sum())
            row["pass_losers"] += int((before & ~after).sum())
            row["unknown_b"] += int((codes[:, 0] == 1).sum())
            row["unknown_r"] += int((codes[:, 1] == 1).sum())
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
        text = "\n".join([fmt(head), rule, *(fmt(line) for line in lines)])
        scored = [r for r in self.routes if r in self.passes]
        if not scored:
            return text
        head = ["route", "cut-off", "passes (baseline)", "passes (reform)", "gainers", "losers", "unknown (b/r)"]
        lines = []
        for rid in scored:
            c, cut = self.passes[rid], self.cutoffs.get(rid)
            lines.append(
                [
                    rid,
                    "none" if cut is None else str(cut),
                    f"{c['passes_baseline']:,}",
                    f"{c['passes_reform']:,}",
                    f"{c['pass_gainers']:,}",
                    f"{c['pass_losers']:,}",
                    f"{c['unknown_b']:,} / {c['unknown_r']:,}",
                ]
            )
        widths = [max(len(str(x)) for x in column) for column in zip(head, *lines, strict=True)]
        rule = "  ".join("-" * w for w in widths)
        return "\n".join([text, "", fmt(head), rule, *(fmt(line) for line in lines)])


@dataclass(frozen=True)
class _Params:
    """What a worker needs, as plain picklable data."""

    on: date
    routes: tuple[str, ...]
    wages: dict[str, float]
    assumptions: dict[str, bool] | None
    reform: dict[str, Any]
    #: Routes answered by the row evaluator (a criterion without a columnar form), in order.
    row_routes: tuple[str, ...] = ()
    #: Per scored (PSTQ) route, the cut-off (``None``: none, every score clears it).
    cutoffs: dict[str, int | None] = field(default_factory=dict)
    #: Row routes computed column-wise for the profiles that declare their principal occupation
    #: (``principal_noc``: the one occupation the row evaluator would try), under both rule books.
    principal_routes: tuple[str, ...] = ()


def _columnar(criterion: Any) -> bool:
    """Whether a criterion (and its children) can be computed column-wise."""
    if type(criterion).to_columns is Criterion.to_columns:
        return False
    return all(_columnar(kid) for kid in criterion.children())


def _declared_columnar(route: Route) -> bool:
    """A route that reads the principal occupation, all of whose criteria have a columnar form:
    column-wise for the profiles that declare their principal occupation."""
    return bool(route.spec.principal_occupation) and all(_columnar(c) for c in route.by_id.values())


def _needs_rows(route: Route) -> bool:
    """Routes for the row evaluator: those that read the principal occupation (for the profiles
    that do not declare it, ``_declared_columnar``), and those outside the pilots (the PEQ: kept
    on the row evaluator) or with a criterion that has no columnar form."""
    if route.spec.principal_occupation or route.family != "pilots":
        return True
    return not all(_columnar(c) for c in route.by_id.values())


def _same_logic(a: Route, b: Route, on: date) -> bool:
    """Whether two rule books' versions of a route decide the same (same edition, same criteria)."""
    ea, eb = a.rules_edition(on).id, b.rules_edition(on).id
    return ea == eb and [c.logic_key for c in a.applicable(ea)] == [c.logic_key for c in b.applicable(eb)]


def _verdict(
    route: Route,
    person: Applicant,
    on: date,
    rules: RuleBook,
    wages: dict[str, float],
    memo: dict[Any, Any],
    candidates: list[str | None],
    findings: dict[Any, Any],
) -> tuple[int, str | None]:
    """A route's verdict code (``VERDICTS``) by the row evaluator, and the principal occupation it
    used (``solver.evaluator.route_verdicts`` assesses it the same way). ``findings`` shares the
    findings of equal rules between the streams of one profile (``assess_principal``'s memo)."""
    ctx = EvalContext(person, on, route.rules_edition(on).id, rules.noc, wages, route.by_id, memo)
    if route.spec.principal_occupation:
        principal, found = assess_principal(route, ctx, candidates, findings)
    else:
        principal, found = None, assess_route(route, ctx)
    return VERDICTS.index(route_verdict(f.verdict for _, f in found)), principal


def _passes_columns(
    low: npt.NDArray[np.int16], high: npt.NDArray[np.int16], cutoff: int | None
) -> npt.NDArray[np.int8]:
    """Whether each score range clears the cut-off (``PASSES``): 2 yes, 0 no, 1 the range straddles it."""
    if cutoff is None:
        return np.full(low.size, 2, np.int8)
    return np.where(low >= cutoff, 2, np.where(high < cutoff, 0, 1)).astype(np.int8)


def _row_chunk(
    people: list[Applicant],
    params: _Params,
    baseline_rules: RuleBook,
    reform_rules: RuleBook,
    single: list[str | None],
    columns: tuple[dict[str, Any], dict[str, Any]],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The row-evaluated routes of a chunk: verdict codes under each rule book, and for the scored
    routes the score ranges and pass codes. On the profiles with one principal occupation to try
    (``single``: that code, else ``None``), the ``principal_routes`` take their verdicts from
    ``columns`` (the baseline's and the reform's, one code per such profile) and score it."""
    on, wages, n = params.on, params.wages, len(people)
    rids = params.row_routes
    left = [rid for rid in rids if rid not in params.principal_routes]  # still by row when declared
    before = {rid: np.zeros(n, np.int8) for rid in rids}
    after = {rid: np.zeros(n, np.int8) for rid in rids}
    scored = [rid for rid in rids if rid in params.cutoffs]
    scores = {rid: np.zeros((n, 4), np.int16) for rid in scored}
    passes = {rid: np.zeros((n, 2), np.int8) for rid in scored}
    same = {rid: _same_logic(baseline_rules.routes[rid], reform_rules.routes[rid], on) for rid in rids}
    grid_b = grid_for(baseline_rules.assumptions, baseline_rules.reform)
    grid_r = grid_for(reform_rules.assumptions, reform_rules.reform)
    canonical = baseline_rules.noc.canonical
    principals_b: dict[str, list[str | None]] = {rid: [None] * n for rid in scored}
    principals_r: dict[str, list[str | None]] = {rid: [None] * n for rid in scored}
    for i, person in enumerate(people):
        asked = rids if single[i] is None else left
        if not asked:
            continue
        memo_b: dict[Any, Any] = {}
        memo_r: dict[Any, Any] = {}
        found_b: dict[Any, Any] = {}
        found_r: dict[Any, Any] = {}
        candidates = principal_candidates(person, baseline_rules.noc)
        for rid in asked:
            code_b, principal_b = _verdict(
                baseline_rules.routes[rid], person, on, baseline_rules, wages, memo_b, candidates, found_b
            )
            if same[rid]:
                code_r, principal_r = code_b, principal_b
            else:
                code_r, principal_r = _verdict(
                    reform_rules.routes[rid], person, on, reform_rules, wages, memo_r, candidates, found_r
                )
            before[rid][i] = code_b
            after[rid][i] = code_r
            if rid in scores:
                principals_b[rid][i] = principal_b
                principals_r[rid][i] = principal_r
    where = np.array([i for i, code in enumerate(single) if code is not None], dtype=np.int64)
    if where.size:
        codes = [single[i] for i in where.tolist()]
        for rid in params.principal_routes:
            before[rid][where] = columns[0][rid]
            after[rid][where] = columns[1][rid]
            if rid in scores:
                for i, code in zip(where.tolist(), codes, strict=True):
                    principals_b[rid][i] = principals_r[rid][i] = code
    if scored:
        # the scores, column-wise (``solver.ranking.columns``): factors of equal logic (the two
        # grids' unchanged factors, the streams with the same principal occupations) computed once
        frame = score_frame(people)
        for rid in scored:
            low_b, high_b = score_columns(grid_b, frame, on, principals_b[rid], canonical)
            low_r, high_r = score_columns(grid_r, frame, on, principals_r[rid], canonical)
            scores[rid] = np.stack([low_b, high_b, low_r, high_r], axis=1)
            passes[rid] = np.stack(
                [
                    _passes_columns(low_b, high_b, params.cutoffs[rid]),
                    _passes_columns(low_r, high_r, params.cutoffs[rid]),
                ],
                axis=1,
            )
    return before, after, scores, passes


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
    on = params.on
    late = np.array([p.birth_date is not None and p.birth_date > on for p in people], dtype=np.bool_)
    if late.any():
        index = np.array(kept, dtype=np.int64)
        for position in np.flatnonzero(late):
            error = BatchError("applicant.birth_date", "the birth date is after the application date")
            refused.append((int(index[position]), lines[position], error))
        people = [p for p, out in zip(people, late.tolist(), strict=True) if not out]
        kept = [k for k, out in zip(kept, late.tolist(), strict=True) if not out]
    baseline_rules = rulebook_for(params.assumptions)
    reform_rules = rulebook_for(params.assumptions, params.reform)
    column_routes = [r for r in params.routes if r not in params.row_routes]
    before: dict[str, npt.NDArray[np.int8]] = {}
    after: dict[str, npt.NDArray[np.int8]] = {}
    if column_routes:
        frame = build_frame(people, _VOCABULARY)
        shared: dict[Any, Any] = {}
        before = route_columns(frame, on, baseline_rules, column_routes, params.wages, shared)
        after = route_columns(frame, on, reform_rules, column_routes, params.wages, shared)
    scores: dict[str, Any] = {}
    passes: dict[str, Any] = {}
    # the principal routes of the profiles with one occupation to try (the declared one, or the
    # only one of the work history and offer), column-wise for that occupation
    single: list[str | None] = [None] * len(people)
    if params.principal_routes:
        noc = baseline_rules.noc
        for i, person in enumerate(people):
            tried = principal_candidates(person, noc)
            if len(tried) == 1:
                single[i] = tried[0]
    declared = np.array([code is not None for code in single], dtype=np.bool_)
    columns: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    if declared.any():
        chosen = [i for i, code in enumerate(single) if code is not None]
        ones = with_principal(build_frame([people[i] for i in chosen], _VOCABULARY), [single[i] for i in chosen])
        kept_cache: dict[Any, Any] = {}
        routes = list(params.principal_routes)
        columns = (
            route_columns(ones, on, baseline_rules, routes, params.wages, kept_cache),
            route_columns(ones, on, reform_rules, routes, params.wages, kept_cache),
        )
    if params.row_routes:
        row_before, row_after, scores, passes = _row_chunk(
            people, params, baseline_rules, reform_rules, single, columns
        )
        before.update(row_before)
        after.update(row_after)
    refused.sort(key=lambda item: item[0])
    return ChunkVerdicts(np.array(kept, dtype=np.int64), before, after, refused, scores, passes)


def _params(
    reform: Reform | Mapping[str, Any] | str | os.PathLike[str],
    application_date: date | str | None,
    assumptions: Mapping[str, bool] | None,
    reference_wages: Mapping[str, float] | None,
    routes: Iterable[str] | None,
    target_score: int | None = None,
) -> _Params:
    """Check the batch-wide arguments once (a bad reform or assumption fails here, by its key)."""
    reform_model = load_reform(reform) if isinstance(reform, str | os.PathLike) else parse_reform(reform)
    rules = rulebook_for(assumptions, reform_model)  # validates the overlay against the rule and grid schemas
    baseline = rulebook_for(assumptions)
    if target_score is not None and (
        isinstance(target_score, bool) or not isinstance(target_score, int) or not 0 <= target_score <= 1400
    ):
        raise InvalidInput("target_score", "the cut-off is a whole number of points from 0 to 1400")
    chosen = tuple(route_ids(routes))
    cutoffs = cutoffs_for(chosen, target_score)
    return _Params(
        on=as_date(application_date),
        routes=chosen,
        wages=checked_wages(reference_wages),
        assumptions=None if assumptions is None else dict(assumptions),
        reform=reform_model.model_dump(mode="json", exclude_none=True),
        row_routes=tuple(r for r in chosen if _needs_rows(rules.routes[r])),
        cutoffs=cutoffs,
        principal_routes=tuple(
            r for r in chosen if _declared_columnar(rules.routes[r]) and _declared_columnar(baseline.routes[r])
        ),
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
    target_score: int | None = None,
) -> Iterator[ChunkVerdicts]:
    """The verdicts of ``profiles`` under the baseline and ``reform``, a chunk at a time, in order;
    on the PSTQ routes, the score ranges and whether they clear ``target_score`` (default: each
    stream's latest recorded highest minimum; a stream whose latest round had none is cleared by
    any score).

    Takes the inputs of ``evaluate_many`` (an iterable of profiles, a JSON Lines path or open
    file, a DataFrame). Backends: ``inline`` (this process), ``process`` (a local pool of
    ``workers`` processes, default every core), ``dask`` (``client``, ``scheduler``, or a local
    cluster of ``workers``). Every backend yields the same chunks.

    Raises:
        InvalidInput: a bad reform, assumption, date, route or wage (at once, before any work).
        ValueError: an unknown backend or a bad backend option.
    """
    params = _params(reform, application_date, assumptions, reference_wages, routes, target_score)
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


def cutoffs_for(routes: Iterable[str], target_score: int | None = None) -> dict[str, int | None]:
    """The cut-off of each scored route: ``target_score``, else the stream's latest recorded highest
    minimum (``None`` when that round had none)."""
    book = rulebook_for(None)
    found: dict[str, int | None] = {}
    for rid in routes:
        stream = book.routes[rid].spec.ranking_stream
        if stream:
            found[rid] = target_score if target_score is not None else latest_target(stream)[0]
    return found


def scored_routes(routes: Iterable[str], rules: RuleBook | None = None) -> list[str]:
    """The routes among ``routes`` that have a ranking score (the PSTQ streams)."""
    book = rules or rulebook_for(None)
    return [r for r in routes if book.routes[r].spec.ranking_stream]


def chunk_rows(chunk: ChunkVerdicts, routes: Iterable[str], with_scores: bool = False) -> dict[str, np.ndarray]:
    """One row per profile and route of a chunk: ``index``, route, baseline and reform codes; with
    ``with_scores``, the ``SCORE_COLUMNS`` too (scores as int16, passes as ``PASSES`` codes; -1 on
    the rows of a route without a score)."""
    order = list(routes)
    n = chunk.index.size
    rows = {
        "index": np.repeat(chunk.index, len(order)),
        "route": np.tile(np.arange(len(order), dtype=np.int8), n),
        "baseline": np.stack([chunk.baseline[r] for r in order], axis=1).reshape(-1) if n else np.zeros(0, np.int8),
        "reform": np.stack([chunk.reform[r] for r in order], axis=1).reshape(-1) if n else np.zeros(0, np.int8),
    }
    if not with_scores:
        return rows
    none_scores = np.full((n, 4), -1, np.int16)
    none_passes = np.full((n, 2), -1, np.int8)
    scores = np.stack([chunk.scores.get(r, none_scores) for r in order], axis=1).reshape(-1, 4)
    passes = np.stack([chunk.passes.get(r, none_passes) for r in order], axis=1).reshape(-1, 2)
    for k, name in enumerate(SCORE_COLUMNS[:4]):
        rows[name] = scores[:, k]
    rows["baseline_passes"] = passes[:, 0]
    rows["reform_passes"] = passes[:, 1]
    return rows


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
    target_score: int | None = None,
) -> pd.DataFrame:
    """Each profile's verdict for each route under the baseline rules and under ``reform``; on
    the PSTQ routes, its score range and whether it clears the cut-off under each.

    ``reform`` is a reform (a ``Reform``, or its data as a dict) or the path of a reform file
    (JSON or YAML); the other arguments are those of ``compare_chunks``.

    Returns:
        A DataFrame with one row per profile and route, in input order: ``index`` (the
        profile's position in the input), ``route``, ``baseline`` and ``reform``
        (``eligible``, ``not_eligible`` or ``unknown``, as categoricals). When a PSTQ route is
        asked, also ``baseline_score_min``, ``baseline_score_max``, ``reform_score_min``,
        ``reform_score_max`` (nullable Int16) and ``baseline_passes``, ``reform_passes``
        (``yes``, ``no`` or ``unknown`` against ``target_score``, default each stream's latest
        recorded highest minimum; ``unknown`` when the range straddles it): null on the other
        routes' rows. The score is the ranking for the principal occupation the route's verdict
        used (as ``solver.rank``); passing reads the score alone, like ``/v1/ranking``'s
        ``draws[].passes`` (combine it with the verdict for an invitation).

    Raises:
        InvalidInput: a bad batch-wide argument, or a profile that cannot be answered (its
            index, field and reason; ``compare_chunks`` reports them instead).

    Example:
        >>> from solver.cohort import iter_cohort
        >>> french5 = {"name": "french-5", "description": {"en": "Oral French 5", "fr": "Français oral 5"},
        ...            "changes": [{"criterion": "oral_french", "routes": "all", "set": {"min_level": 5}}]}
        >>> from solver.requests import ROUTE_IDS
        >>> rows = compare(iter_cohort(10, seed=1), french5, "2024-06-03", routes=ROUTE_IDS[:9])
        >>> rows.shape, list(rows.columns)
        ((90, 4), ['index', 'route', 'baseline', 'reform'])
    """
    import pandas as pd

    order = list(route_ids(routes))
    with_scores = bool(scored_routes(order))
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
        target_score=target_score,
    ):
        if chunk.refused:
            index, _, error = chunk.refused[0]
            raise InvalidInput(f"profiles.{index}.{error.field}", error.reason)
        parts.append(chunk_rows(chunk, order, with_scores))

    def joined(key: str, dtype: type) -> np.ndarray:
        return np.concatenate([p[key] for p in parts]) if parts else np.zeros(0, dtype)

    columns: dict[str, Any] = {
        "index": joined("index", np.int64),
        "route": pd.Categorical.from_codes(joined("route", np.int8), categories=order),
        "baseline": pd.Categorical.from_codes(joined("baseline", np.int8), categories=list(VERDICTS)),
        "reform": pd.Categorical.from_codes(joined("reform", np.int8), categories=list(VERDICTS)),
    }
    if with_scores:
        for name in SCORE_COLUMNS[:4]:
            values = joined(name, np.int16)
            columns[name] = pd.arrays.IntegerArray(values, values < 0)
        for name in SCORE_COLUMNS[4:]:
            columns[name] = pd.Categorical.from_codes(joined(name, np.int8), categories=list(PASSES))
    return pd.DataFrame(columns)
