"""Command-line argument types and option groups shared by ``pilotgap``'s subcommands
(single-profile ``check``/``gaps`` in ``solver.cli``, batch ``check-many``/``gaps-many`` in
``solver.batch_cli``), so that an option means the same thing everywhere."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, get_args

from solver.applicant import in_supported_range
from solver.requests import MAX_HORIZON_MONTHS, ROUTE_IDS, ProgramFamily
from solver.rules.overlay import load_reform


class CommandError(Exception):
    """A file command cannot run (unreadable input, bad option): printed on standard error, exit status 2."""


def input_source(name: str) -> Path | IO[str]:
    """The input file of a file command: standard input for ``-``, else an existing file.

    Raises:
        CommandError: there is no such file.
    """
    if name == "-":
        return sys.stdin
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"cannot read {name}: no such file")
    return path


def date_arg(text: str) -> date:
    """A date in the supported range, from ``YYYY-MM-DD``."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    try:
        return in_supported_range(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def wage_arg(text: str) -> tuple[str, float]:
    """``NOC=AMOUNT``: a published top wage for the IT-VE salary test."""
    code, sep, amount = text.partition("=")
    code = code.strip()
    if not sep or not (code.isdigit() and len(code) in (4, 5)):
        raise argparse.ArgumentTypeError(f"{text!r}: expected NOC=AMOUNT, e.g. 21232=95000")
    try:
        value = float(amount.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: {amount!r} is not a number") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: the wage must be a finite number >= 0")
    return code, value


def int_range(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def seconds(text: str) -> float:
    """A solver time limit: more than 0 and at most an hour."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 (excluded) and 3600 seconds")
    return value


def route_list(values: Sequence[str] | None) -> list[str] | None:
    """Route ids from ``--routes``, which accepts spaces and commas.

    >>> route_list(["food-processing,orderlies-work", "it-ve-francophone"])
    ['food-processing', 'orderlies-work', 'it-ve-francophone']
    >>> route_list(None) is None
    True
    """
    if values is None:
        return None
    return [r.strip() for v in values for r in v.split(",") if r.strip()]


#: The program families a command may be limited to (CONTRACT.md v3).
PROGRAM_FAMILIES: tuple[str, ...] = get_args(ProgramFamily)


def programs_arg(text: str) -> list[str]:
    """Program families from one ``--programs`` value, comma-separated: ``pilots,pstq,peq``.

    >>> programs_arg("pstq, peq")
    ['pstq', 'peq']
    """
    found = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in found if p not in PROGRAM_FAMILIES]
    if unknown or not found:
        raise argparse.ArgumentTypeError(
            f"{text!r}: unknown program family {', '.join(unknown) or '(none given)'}; "
            f"known: {', '.join(PROGRAM_FAMILIES)}"
        )
    return found


def program_list(values: Sequence[Sequence[str]] | None) -> list[str] | None:
    """The families of every ``--programs`` value, in order, each once (``None``: not given).

    >>> program_list([["pstq"], ["peq", "pstq"]])
    ['pstq', 'peq']
    """
    if values is None:
        return None
    return list(dict.fromkeys(p for value in values for p in value))


def add_programs_option(parser: argparse.ArgumentParser) -> None:
    """``--programs pilots,pstq,peq``: only the routes of these program families."""
    parser.add_argument(
        "--programs",
        type=programs_arg,
        nargs="+",
        metavar="FAMILY",
        default=None,
        help=f"only the routes of these program families (space- or comma-separated); known: "
        f"{', '.join(PROGRAM_FAMILIES)}",
    )


def assume_arg(text: str) -> tuple[str, bool]:
    """``NAME=true|false``: switch a named reading of the rules (``GET /v1/routes`` lists them)."""
    name, sep, value = text.partition("=")
    flag = {"true": True, "false": False}.get(value.strip().lower())
    if not sep or flag is None or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=true or NAME=false, e.g. it_ve_general_dec=true")
    return name.strip(), flag


def overlay_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``assumptions`` and ``reform`` keyword arguments of an engine call, from ``--assume`` and
    ``--reform`` (an unknown assumption or a bad reform file fails in the engine, naming the key)."""
    out: dict[str, Any] = {}
    if getattr(args, "assume", None):
        out["assumptions"] = dict(args.assume)
    if getattr(args, "reform", None):
        out["reform"] = load_reform(args.reform)
    return out


def add_answer_options(parser: argparse.ArgumentParser) -> None:
    """``--date``, ``--routes``, ``--lang``, ``--wage``, ``--assume`` and ``--reform``: what every
    subcommand answers for."""
    parser.add_argument(
        "--date",
        type=date_arg,
        default=None,
        metavar="YYYY-MM-DD",
        help="application (or planning) date; default today",
    )
    parser.add_argument(
        "--routes",
        nargs="+",
        metavar="ROUTE",
        default=None,
        help=f"only these routes (space- or comma-separated); known: {', '.join(ROUTE_IDS)}",
    )
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the explanations")
    parser.add_argument(
        "--wage",
        type=wage_arg,
        action="append",
        default=None,
        metavar="NOC=AMOUNT",
        help="published top wage of an occupation for the IT-VE salary test (repeatable)",
    )
    parser.add_argument(
        "--assume",
        type=assume_arg,
        action="append",
        default=None,
        metavar="NAME=true|false",
        help="switch a named reading of the rules, e.g. it_ve_general_dec=true (repeatable)",
    )
    parser.add_argument(
        "--reform", default=None, metavar="FILE", help="a policy reform file (JSON or YAML) overlaid on the rules"
    )


def add_target_option(parser: argparse.ArgumentParser) -> None:
    """``--target-score``: the PSTQ score a plan must reach (default: the stream's latest cut-off)."""
    parser.add_argument(
        "--target-score",
        type=int_range(0, 1400),
        default=None,
        metavar="N",
        help="PSTQ: the ranking score to reach (0-1400; default the highest minimum of the stream's latest round)",
    )


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """The options of gap planning (``gaps`` and ``gaps-many``)."""
    parser.add_argument(
        "--objective",
        choices=("earliest", "least_effort"),
        default="earliest",
        help="earliest: fewest months, then least effort; least_effort: the reverse",
    )
    parser.add_argument(
        "--horizon",
        type=int_range(0, MAX_HORIZON_MONTHS),
        default=36,
        metavar="N",
        help=f"planning horizon in months (0-{MAX_HORIZON_MONTHS}, default 36)",
    )
    parser.add_argument(
        "--no-windows",
        dest="respect_windows",
        action="store_false",
        help="plan as if the programs were open (ignore intake windows and program ends)",
    )
    parser.add_argument(
        "--max-plans", type=int_range(1, 10), default=3, metavar="N", help="plans per route (1-10, default 3)"
    )
    parser.add_argument(
        "--time-limit", type=seconds, default=None, metavar="SECONDS", help="solver time limit per solve"
    )
