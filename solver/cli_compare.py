"""``pilotgap compare``: a cohort's route verdicts under the baseline rules and under a reform.

::

    pilotgap compare cohort.jsonl --reform examples/reforms/french-5.json --date 2024-06-03 -o rows.parquet

Writes one row per profile and route (``index``, ``route``, ``baseline``, ``reform``; when a
PSTQ route is asked, also ``baseline_score_min``, ``baseline_score_max``, ``reform_score_min``,
``reform_score_max``, ``baseline_passes``, ``reform_passes``, empty on the other routes' rows) to
Parquet, CSV or JSON Lines (by the output's extension), streamed a chunk at a time, then
prints per route: eligible under each rule set, gainers, losers and unknown under each, and per
PSTQ route the cut-off (``--target-score N``, default each stream's latest recorded minimum) and
who clears it under each. A
progress bar runs on standard error. Refused profiles get no rows: their count and the first
reasons (index, line, field) go to standard error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np

from solver.applicant import InvalidInput
from solver.batch_compare import (
    COMPARE_BACKENDS,
    DEFAULT_CHUNK_SIZE,
    PASSES,
    SCORE_COLUMNS,
    ChunkVerdicts,
    CompareSummary,
    chunk_rows,
    compare_chunks,
    cutoffs_for,
    scored_routes,
)
from solver.cli_args import CommandError, add_answer_options, input_source, int_range, overlay_options, route_list
from solver.columnar.routes import VERDICTS
from solver.evaluator import route_ids

PROG = "pilotgap"
EXIT_OK = 0
EXIT_INVALID = 2
FORMATS = (".parquet", ".csv", ".jsonl")
#: Refusals shown on standard error (all are counted).
SHOWN_REFUSALS = 10


class CompareCliError(CommandError):
    """The command cannot run: printed on standard error, exit status 2."""


def configure_compare(parser: argparse.ArgumentParser) -> None:
    """Options of ``compare``."""
    parser.add_argument("input", metavar="COHORT.jsonl", help="one profile per line (JSON Lines); '-' reads stdin")
    add_answer_options(parser)
    parser.add_argument(
        "--wages", default=None, metavar="FILE", help="a wage table: JSON object or CSV of NOC code, top wage"
    )
    parser.add_argument(
        "-o", "--output", default=None, metavar="OUT", help="rows to OUT.parquet, OUT.csv or OUT.jsonl (default: none)"
    )
    parser.add_argument("--backend", choices=COMPARE_BACKENDS, default="process", help="default: a process pool")
    parser.add_argument("--workers", type=int_range(1, 1024), default=None, metavar="N", help="default: all cores")
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT", help="a Dask scheduler (implies dask)")
    parser.add_argument(
        "--chunk-size", type=int_range(1, 1_000_000), default=DEFAULT_CHUNK_SIZE, metavar="N", help="profiles per task"
    )
    parser.add_argument(
        "--target-score",
        type=int_range(0, 1400),
        default=None,
        metavar="N",
        help="the cut-off PSTQ scores are tested against (default: each stream's latest recorded minimum)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")


def read_wage_table(path: Path) -> dict[str, float]:
    """A wage table (the service's format): a JSON object of NOC code -> wage, or a CSV file of
    two columns, NOC code and wage, with an optional header row. Values are checked by the engine."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CompareCliError(f"{path}: cannot read the wage table: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, dict):
            raise CompareCliError(f"{path}: expected a JSON object of NOC code -> wage")
        return data
    table: dict[str, Any] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#") or (number == 1 and not cells[0].isdigit()):
            continue
        if len(cells) < 2:
            raise CompareCliError(f"{path}:{number}: expected two columns (NOC code, wage)")
        try:
            table[cells[0]] = float(cells[1].replace(" ", ""))
        except ValueError:
            raise CompareCliError(f"{path}:{number}: the wage {cells[1]!r} is not a number") from None
    return table


class RowWriter:
    """Rows of ``(index, route, baseline, reform)`` (and, with ``with_scores``, the ``SCORE_COLUMNS``)
    to Parquet, CSV or JSON Lines, a chunk at a time; a row without a score has them null (empty in CSV)."""

    def __init__(self, path: Path, routes: list[str], with_scores: bool = False) -> None:
        self.path = path
        self.routes = routes
        self.with_scores = with_scores
        self.kind = path.suffix.lower()
        if self.kind not in FORMATS:
            raise CompareCliError(f"{path}: the output is a .parquet, .csv or .jsonl file")
        self.rows = 0
        self._parquet: Any = None
        self._handle: IO[str] | None = None

    def __enter__(self) -> RowWriter:
        if self.kind == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            label = pa.dictionary(pa.int8(), pa.string())
            fields = [("index", pa.int64()), ("route", label), ("baseline", label), ("reform", label)]
            if self.with_scores:
                fields += [(name, pa.int16()) for name in SCORE_COLUMNS[:4]]
                fields += [(name, label) for name in SCORE_COLUMNS[4:]]
            self._parquet = pq.ParquetWriter(self.path, pa.schema(fields))
        else:
            self._handle = self.path.open("w", encoding="utf-8", newline="\n")
            if self.kind == ".csv":
                self._handle.write(",".join(["index", "route", "baseline", "reform", *self._extra()]) + "\n")
        return self

    def _extra(self) -> tuple[str, ...]:
        return SCORE_COLUMNS if self.with_scores else ()

    def write(self, chunk: ChunkVerdicts) -> None:
        rows = chunk_rows(chunk, self.routes, self.with_scores)
        index, route, before, after = rows["index"], rows["route"], rows["baseline"], rows["reform"]
        if not index.size:
            return
        self.rows += int(index.size)
        if self._parquet is not None:
            import pyarrow as pa

            def label(codes: np.ndarray, names: Sequence[str]) -> Any:
                return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int8()), pa.array(list(names), pa.string()))

            columns = {
                "index": pa.array(index, pa.int64()),
                "route": label(route, self.routes),
                "baseline": label(before, VERDICTS),
                "reform": label(after, VERDICTS),
            }
            if self.with_scores:
                for name in SCORE_COLUMNS[:4]:
                    values = rows[name]
                    columns[name] = pa.array(values, pa.int16(), mask=values < 0)
                for name in SCORE_COLUMNS[4:]:
                    codes = rows[name]
                    columns[name] = pa.DictionaryArray.from_arrays(
                        pa.array(codes, pa.int8(), mask=codes < 0), pa.array(list(PASSES), pa.string())
                    )
            self._parquet.write_table(pa.table(columns, schema=self._parquet.schema))
            return
        assert self._handle is not None
        if self.with_scores:
            self._write_text_with_scores(rows)
            return
        names, verdicts = self.routes, VERDICTS
        if self.kind == ".csv":
            lines = [
                f"{i},{names[r]},{verdicts[b]},{verdicts[a]}\n"
                for i, r, b, a in zip(index.tolist(), route.tolist(), before.tolist(), after.tolist(), strict=True)
            ]
        else:
            lines = [
                f'{{"index":{i},"route":"{names[r]}","baseline":"{verdicts[b]}","reform":"{verdicts[a]}"}}\n'
                for i, r, b, a in zip(index.tolist(), route.tolist(), before.tolist(), after.tolist(), strict=True)
            ]
        self._handle.writelines(lines)

    def _write_text_with_scores(self, rows: dict[str, np.ndarray]) -> None:
        """CSV or JSON Lines rows with the score columns (empty / null where a route has no score)."""
        assert self._handle is not None
        names, verdicts = self.routes, VERDICTS
        csv_out = self.kind == ".csv"
        null = "" if csv_out else "null"
        passes = [f'"{p}"' for p in PASSES] if not csv_out else list(PASSES)
        columns = [rows[name].tolist() for name in SCORE_COLUMNS]
        lines = []
        for k, (i, r, b, a) in enumerate(
            zip(
                rows["index"].tolist(),
                rows["route"].tolist(),
                rows["baseline"].tolist(),
                rows["reform"].tolist(),
                strict=True,
            )
        ):
            extra = [null if c[k] < 0 else str(c[k]) for c in columns[:4]]
            extra += [null if c[k] < 0 else passes[c[k]] for c in columns[4:]]
            if csv_out:
                lines.append(",".join([str(i), names[r], verdicts[b], verdicts[a], *extra]) + "\n")
            else:
                pairs = ",".join(f'"{n}":{v}' for n, v in zip(SCORE_COLUMNS, extra, strict=True))
                lines.append(
                    f'{{"index":{i},"route":"{names[r]}","baseline":"{verdicts[b]}","reform":"{verdicts[a]}",{pairs}}}\n'
                )
        self._handle.writelines(lines)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._handle is not None:
            self._handle.close()


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def run_compare(args: argparse.Namespace) -> int:
    """Run ``compare``: write the rows, then print the per-route summary."""
    if not args.reform:
        raise CompareCliError("--reform FILE is required")
    overlay = overlay_options(args)
    wages: dict[str, Any] = read_wage_table(Path(args.wages)) if args.wages else {}
    wages.update(dict(args.wage or ()))
    routes = route_ids(route_list(args.routes))
    source = input_source(args.input)
    if args.output and isinstance(source, Path) and Path(args.output).resolve() == source.resolve():
        raise CompareCliError("the output file would overwrite the input file")
    chunks = compare_chunks(
        source,
        overlay["reform"],
        args.date,
        overlay.get("assumptions"),
        wages or None,
        routes=routes,
        backend="dask" if args.scheduler else args.backend,
        workers=args.workers,
        chunk_size=args.chunk_size,
        scheduler=args.scheduler,
        target_score=args.target_score,
    )
    with_scores = bool(scored_routes(routes))
    summary = CompareSummary(routes)
    summary.cutoffs = cutoffs_for(routes, args.target_score)
    refusals: list[str] = []
    with ExitStack() as stack:
        writer = stack.enter_context(RowWriter(Path(args.output), routes, with_scores)) if args.output else None
        bar = None
        if not args.no_progress:
            from tqdm import tqdm

            total = _count_lines(source) if isinstance(source, Path) else None
            bar = stack.enter_context(
                tqdm(
                    total=total, unit=" profiles", desc="compare", file=sys.stderr, mininterval=0.5, dynamic_ncols=True
                )
            )
        for chunk in _closing(chunks):
            summary.add(chunk)
            for index, line, error in chunk.refused:
                if len(refusals) < SHOWN_REFUSALS:
                    where = f"line {line}" if line is not None else f"index {index}"
                    refusals.append(f"  {where}: {error.field}: {error.reason}")
            if writer is not None:
                writer.write(chunk)
            if bar is not None:
                bar.update(int(chunk.index.size) + len(chunk.refused))
    reform_name = overlay["reform"].name
    print(f"Reform {reform_name!r} on {args.date or 'today'}: {summary.profiles:,} profiles answered", end="")
    print(f", {summary.refused:,} refused" if summary.refused else "")
    print(summary.table())
    if writer is not None:
        print(f"{writer.rows:,} rows written to {args.output}")
    if refusals:
        print(f"{PROG} compare: {summary.refused:,} profile(s) refused (no rows):", file=sys.stderr)
        print("\n".join(refusals), file=sys.stderr)
    return EXIT_OK


def _closing(chunks: Iterator[ChunkVerdicts]) -> Iterator[ChunkVerdicts]:
    try:
        yield from chunks
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def _guarded(args: argparse.Namespace) -> int:
    try:
        return run_compare(args)
    except CommandError as exc:
        print(f"{PROG} compare: {exc}", file=sys.stderr)
    except InvalidInput as exc:
        print(f"{PROG} compare: invalid input: {exc.field}: {exc.reason}", file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(f"{PROG} compare: {exc}", file=sys.stderr)
    return EXIT_INVALID


def add_compare_command(subparsers: Any) -> None:
    """Register ``compare`` on ``subparsers`` (from ``add_subparsers``)."""
    help_text = "a cohort's route verdicts under the baseline rules and a reform (rows and per-route gains/losses)"
    parser = subparsers.add_parser("compare", help=help_text, description=help_text)
    configure_compare(parser)
    parser.set_defaults(run=_guarded, command="compare")
