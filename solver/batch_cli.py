"""The batch subcommands ``check-many`` and ``gaps-many``: JSON Lines in, JSON Lines out.

::

    pilotgap check-many cohort.jsonl -o answers.jsonl --date 2024-06-03
    pilotgap gaps-many cohort.jsonl -o plans.jsonl --max-plans 1 --workers 2
    cat cohort.jsonl | pilotgap check-many - --scheduler tcp://10.0.0.5:8786 > answers.jsonl

Each input line is a profile (or ``{"id", "applicant", "application_date"}``); each output
line is ``{"index", "line", ["id",] "ok": true, "answer": {...}}`` or ``{..., "ok": false,
"error": {"field", "reason"}}``, in input order. A refused line never stops the batch; the
command exits with 0 once every line has its answer (2 when the command itself cannot run:
an unreadable file, a bad option). A progress bar goes to standard error when it is a
terminal (``--no-progress`` turns it off), then a one-line summary.

``add_batch_commands(subparsers)`` registers both commands on an ``argparse`` subparsers
object (``solver.cli`` calls it); ``python -m solver.batch_cli`` runs them on their own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from solver.applicant import InvalidInput
from solver.batch import BACKENDS, BatchResult, evaluate_many, plan_gaps_many
from solver.cli_args import (
    CommandError,
    add_answer_options,
    add_plan_options,
    input_source,
    int_range,
    overlay_options,
    route_list,
)

PROG = "pilotgap"
EXIT_OK = 0
EXIT_INVALID = 2


class BatchCliError(CommandError):
    """The command cannot run (unreadable input, bad option): printed on stderr, exit status 2."""


# ---------------------------------------------------------------------------- option parsers


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="IN.jsonl", help="one profile per line (JSON Lines); '-' reads standard input")
    parser.add_argument(
        "-o", "--output", default="-", metavar="OUT.jsonl", help="one result per line, in input order (default '-')"
    )
    add_answer_options(parser)
    parser.add_argument(
        "--backend", choices=BACKENDS, default="process", help="where profiles are answered (default: process pool)"
    )
    parser.add_argument(
        "--workers",
        type=int_range(1, 1024),
        default=None,
        metavar="N",
        help="processes or threads (default: all cores)",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="a Dask scheduler to run on (implies --backend dask)",
    )
    parser.add_argument("--chunk-size", type=int_range(1, 100_000), default=None, metavar="N", help="profiles per task")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")


def configure_check_many(parser: argparse.ArgumentParser) -> None:
    """Options of ``check-many``."""
    _common_options(parser)


def configure_gaps_many(parser: argparse.ArgumentParser) -> None:
    """Options of ``gaps-many`` (those of ``check-many`` and of ``gaps``)."""
    _common_options(parser)
    add_plan_options(parser)


# ---------------------------------------------------------------------------- running


def _backend_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "backend": "dask" if args.scheduler else args.backend,
        "workers": args.workers,
        "scheduler": args.scheduler,
        "chunk_size": args.chunk_size,
    }


def _count_lines(source: Path | IO[str]) -> int | None:
    """Lines of an input file (for the progress bar's total: one result each); ``None`` for a stream."""
    if not isinstance(source, Path):
        return None
    with source.open("rb") as handle:
        return sum(1 for _ in handle)


def _write(
    results: Iterator[BatchResult[Any]], args: argparse.Namespace, total: int | None, what: str
) -> tuple[int, int]:
    """Write one JSON line per result, with a progress bar; return (answered, refused)."""
    answered = refused = 0
    show = not args.no_progress and sys.stderr.isatty()
    with ExitStack() as stack:
        if args.output == "-":
            out: IO[str] = sys.stdout
        else:
            out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline="\n"))
        bar = None
        if show:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: the process pool may fork after the bar starts
            bar = stack.enter_context(
                tqdm(total=total, unit=" profiles", desc=what, file=sys.stderr, mininterval=0.5, dynamic_ncols=True)
            )
        for result in results:
            out.write(result.to_json())
            out.write("\n")
            if result.ok:
                answered += 1
            else:
                refused += 1
            if bar is not None:
                bar.update(1)
        out.flush()
    return answered, refused


def _finish(what: str, answered: int, refused: int) -> int:
    note = " (their lines say why: field and reason)" if refused else ""
    print(f"{what}: {answered + refused} profiles, {answered} answered, {refused} refused{note}", file=sys.stderr)
    return EXIT_OK


def _check_paths(args: argparse.Namespace) -> None:
    if args.input != "-" and args.output != "-" and Path(args.input).resolve() == Path(args.output).resolve():
        raise BatchCliError("the output file would overwrite the input file")


def run_check_many(args: argparse.Namespace) -> int:
    """Run ``check-many``: eligibility of every profile of a JSON Lines file."""
    _check_paths(args)
    source = input_source(args.input)
    total = _count_lines(source) if not args.no_progress and sys.stderr.isatty() else None
    results = evaluate_many(
        source,
        args.date,
        routes=route_list(args.routes),
        lang=args.lang,
        reference_wages=dict(args.wage) if args.wage else None,
        **overlay_options(args),
        **_backend_options(args),
    )
    return _finish("check-many", *_write(results, args, total, "check-many"))


def run_gaps_many(args: argparse.Namespace) -> int:
    """Run ``gaps-many``: gap plans of every profile of a JSON Lines file."""
    _check_paths(args)
    source = input_source(args.input)
    total = _count_lines(source) if not args.no_progress and sys.stderr.isatty() else None
    results = plan_gaps_many(
        source,
        args.date,
        horizon_months=args.horizon,
        objective=args.objective,
        respect_intake_windows=args.respect_windows,
        max_plans=args.max_plans,
        routes=route_list(args.routes),
        lang=args.lang,
        reference_wages=dict(args.wage) if args.wage else None,
        time_limit_s=args.time_limit,
        **overlay_options(args),
        **_backend_options(args),
    )
    return _finish("gaps-many", *_write(results, args, total, "gaps-many"))


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """``run`` with the command's own failures turned into a message and exit status 2.

    ``solver.cli.main`` also catches ``InvalidInput``; this wrapper makes the batch commands
    behave the same under any entry point.
    """

    def guarded(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (CommandError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if isinstance(exc, OSError) and exc.filename:
                message = f"{exc.filename}: {message}"
            print(f"{PROG} {args.command}: {message}", file=sys.stderr)
        except InvalidInput as exc:
            print(f"{PROG} {args.command}: invalid input: {exc.field}: {exc.reason}", file=sys.stderr)
        except ValueError as exc:
            print(f"{PROG} {args.command}: {exc}", file=sys.stderr)
        return EXIT_INVALID

    guarded.__doc__ = run.__doc__
    return guarded


def add_batch_commands(subparsers: Any) -> None:
    """Register ``check-many`` and ``gaps-many`` on ``subparsers`` (from ``add_subparsers``).

    Each sets ``run`` (the function taking the parsed namespace and returning the exit
    status) and ``command`` (its name) as parser defaults.
    """
    for name, help_text, configure, run in (
        (
            "check-many",
            "eligibility of every profile of a JSON Lines file (JSON Lines out)",
            configure_check_many,
            run_check_many,
        ),
        (
            "gaps-many",
            "gap plans of every profile of a JSON Lines file (JSON Lines out)",
            configure_gaps_many,
            run_gaps_many,
        ),
    ):
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        configure(parser)
        parser.set_defaults(run=_guarded(run), command=name)


def build_parser() -> argparse.ArgumentParser:
    """A parser with the two batch commands only (``python -m solver.batch_cli``)."""
    parser = argparse.ArgumentParser(prog=PROG, description="Batch eligibility and gap plans over JSON Lines.")
    add_batch_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a batch command; return the exit status (0 done, 2 the command could not run)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        # The reader went away (e.g. `... check-many big.jsonl | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
