"""The ``pilotgap`` command: eligibility and gap plans for a profile file, as tables or JSON.

::

    pilotgap check examples/orderly.json --date 2024-06-03
    pilotgap gaps examples/orderly.json --date 2024-06-03 --objective least_effort --lang fr
    cat examples/orderly.json | pilotgap check - --json
    pilotgap check examples/orderly.json --date 2026-08-01 --programs pstq,peq
    pilotgap routes --date 2026-08-01 --lang fr

Invalid input (an unreadable file, malformed JSON, a profile that does not fit the contract,
an unknown route) prints a message naming the field and the reason on standard error and
exits with status 2, never with a traceback.

Subcommands are ``Command`` entries of ``COMMANDS``: a new one (e.g. ``check-many``) adds a
function that declares its options, a function that runs it, and one ``register`` call.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from solver.answers import (
    Change,
    EligibilityAnswer,
    GapsAnswer,
    Lang,
    Plan,
    PointRange,
    QuestionsAnswer,
    RankingAnswer,
    RouteEligibility,
    RouteGaps,
    RoutesCatalog,
)
from solver.applicant import Applicant, InvalidInput
from solver.batch_cli import add_batch_commands
from solver.catalog import route_catalog
from solver.cli_args import (
    add_answer_options,
    add_plan_options,
    add_programs_option,
    add_target_option,
    date_arg,
    overlay_options,
    program_list,
    route_list,
)
from solver.cli_compare import add_compare_command
from solver.evaluator import evaluate
from solver.gaps import plan_gaps
from solver.jsonstrict import loads_strict
from solver.questions import questions
from solver.ranking.scorer import rank as rank_applicant
from solver.requests import MAX_HORIZON_MONTHS, ROUTE_IDS
from solver.text import pick

PROG = "pilotgap"
EXIT_OK = 0
EXIT_INVALID = 2


class CliError(Exception):
    """Invalid input: the message is printed on standard error and the command exits with 2."""


# ---------------------------------------------------------------------------- subcommand registry


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, one-line help, how it declares its options and how it runs."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: list[Command] = []


def register(command: Command) -> Command:
    """Add a subcommand to ``pilotgap`` (in the order of registration)."""
    COMMANDS.append(command)
    return command


# ---------------------------------------------------------------------------- shared options and input


def add_profile_options(parser: argparse.ArgumentParser) -> None:
    """The options every single-profile subcommand shares."""
    parser.add_argument("profile", metavar="PROFILE.json", help="applicant profile (JSON); '-' reads standard input")
    add_answer_options(parser)
    add_programs_option(parser)
    parser.add_argument("--json", action="store_true", help="print the answer as JSON (the HTTP API's format)")


def wages(pairs: Iterable[tuple[str, float]] | None) -> dict[str, float] | None:
    return dict(pairs) if pairs else None


def _reason(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def validation_lines(exc: ValidationError) -> list[str]:
    """One ``field: reason`` line per refused value."""
    lines = []
    for error in exc.errors():
        path = [str(p) for p in error["loc"]]
        reason = _reason(error["msg"])
        field, sep, rest = reason.partition(": ")
        if sep and path and field.isidentifier() and field.islower():
            path, reason = [*path, field], rest  # "end: the episode ends before it starts"
        lines.append(f"{'.'.join(path) or '(profile)'}: {reason}")
    return lines


def load_profile(source: str) -> Applicant:
    """The applicant profile in the file ``source`` (``-``: standard input).

    Raises:
        CliError: the file cannot be read, is not JSON, or does not fit the contract.
    """
    name = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CliError(f"{name}: not UTF-8 text") from None
    try:
        data = loads_strict(text)  # finite numbers, no key given twice
    except json.JSONDecodeError as exc:
        raise CliError(f"{name}: not valid JSON: {exc}") from None
    try:
        applicant = Applicant.model_validate(data)
    except ValidationError as exc:
        details = "\n".join(f"  {line}" for line in validation_lines(exc))
        raise CliError(f"{name}: invalid profile:\n{details}") from None
    return applicant


# ---------------------------------------------------------------------------- text rendering

_LABELS: dict[str, tuple[str, str]] = {
    "eligibility_on": ("Eligibility on {date} (rules {version})", "Admissibilité au {date} (règles {version})"),
    "plans_from": (
        "Gap plans from {date} (objective: {objective}; horizon {horizon} months; intake windows {windows}; rules "
        "{version})",
        "Plans à partir du {date} (objectif : {objective}; horizon de {horizon} mois; périodes de réception "
        "{windows}; règles {version})",
    ),
    "respected": ("respected", "respectées"),
    "ignored": ("ignored", "ignorées"),
    "route": ("Route", "Voie"),
    "edition": ("Edition", "Édition"),
    "verdict": ("Verdict", "Verdict"),
    "intake": ("Intake", "Réception"),
    "not_met_h": ("Not met", "Non respectés"),
    "unknown_h": ("Unknown", "Inconnus"),
    "rank": ("Rank", "Rang"),
    "status": ("Status", "Statut"),
    "apply_on": ("Apply on", "Demande le"),
    "apply_by": ("Apply by", "Au plus tard"),
    "months": ("Months", "Mois"),
    "effort": ("Effort", "Effort"),
    "levers": ("Levers", "Leviers"),
    "open": ("open until {end}", "ouverte jusqu'au {end}"),
    "closed": ("closed", "fermée"),
    "eligible": ("eligible", "admissible"),
    "not_eligible": ("not eligible", "non admissible"),
    "unknown": ("unknown", "inconnu"),
    "met": ("met", "respecté"),
    "not_met": ("NOT MET", "NON RESPECTÉ"),
    "unknown_c": ("UNKNOWN", "INCONNU"),
    "eligible_now": ("eligible now", "admissible maintenant"),
    "reachable": ("reachable", "atteignable"),
    "unreachable": ("unreachable", "inatteignable"),
    "none": ("none", "aucun"),
    "plan": ("Plan {n}", "Plan {n}"),
    "proven": ("proven optimal", "optimalité prouvée"),
    "best_found": ("best found, not proven optimal", "meilleur trouvé, optimalité non prouvée"),
    "plan_line": (
        "apply on {date}, {months} month(s) from the start, effort {effort}",
        "demande le {date}, dans {months} mois, effort {effort}",
    ),
    "apply_by_line": ("still eligible until {date}", "toujours admissible jusqu'au {date}"),
    "nothing_to_do": ("nothing to change", "rien à changer"),
    "why": ("Why", "Pourquoi"),
    "note": ("Note", "Note"),
    "assumes": ("Assumes", "Hypothèse"),
    "by": ("by", "d'ici le"),
    "all_met": ("every criterion is met", "tous les critères sont respectés"),
    "earliest": ("earliest", "au plus tôt"),
    "least_effort": ("least effort", "moindre effort"),
}


def colon(lang: str) -> str:
    """``": "`` in English, ``" : "`` in French typography."""
    return pick(lang, ": ", " : ")


def label(key: str, lang: str, **values: Any) -> str:
    en, fr = _LABELS[key]
    return pick(lang, en, fr).format(**values)


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 140))


def wrap(text: str, indent: str, hanging: str | None = None) -> str:
    """``text`` wrapped to the terminal width, first line after ``indent``."""
    return textwrap.fill(
        text,
        width=_width(),
        initial_indent=indent,
        subsequent_indent=hanging if hanging is not None else indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain text table with aligned columns.

    >>> print(table(["Route", "Verdict"], [["food-processing", "eligible"]]))
    Route            Verdict
    ---------------  --------
    food-processing  eligible
    """
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _intake_cell(route: RouteEligibility, lang: str) -> str:
    if route.intake.open and route.intake.window is not None:
        return label("open", lang, end=route.intake.window.end)
    return label("closed", lang)


def render_eligibility(answer: EligibilityAnswer, lang: str) -> str:
    """The eligibility answer as a table of routes, then the criteria to settle for each route."""
    out = [label("eligibility_on", lang, date=answer.application_date, version=answer.rules_version)]
    if answer.notice:
        out.append(wrap(answer.notice, "", ""))
    rows = []
    for r in answer.routes:
        counts = Counter(c.verdict for c in r.criteria)
        rows.append(
            [
                r.route,
                r.edition or "-",
                label(r.verdict, lang),
                str(counts["not_met"]),
                str(counts["unknown"]),
                _intake_cell(r, lang),
            ]
        )
    headers = [label(k, lang) for k in ("route", "edition", "verdict", "not_met_h", "unknown_h", "intake")]
    out += ["", table(headers, rows)]
    for r in answer.routes:
        out += ["", f"{r.route} — {label(r.verdict, lang)}"]
        out.append(wrap(f"{label('intake', lang)}{colon(lang)}{r.intake.note}", "  ", "    "))
        pending = [c for c in r.criteria if c.verdict != "met"]
        if not pending:
            out.append(f"  {label('all_met', lang)}")
        for c in pending:
            tag = label("not_met" if c.verdict == "not_met" else "unknown_c", lang)
            out.append(wrap(f"{tag} {c.id}{colon(lang)}{c.explanation}", "  ", "    "))
            if c.assumption:
                out.append(wrap(f"{label('note', lang)}{colon(lang)}{c.assumption}", "    ", "      "))
            out.append(wrap(c.source, "    ", "      "))
    return "\n".join(out)


def _value(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_value(v)}" for k, v in value.items() if v is not None) + "}"
    return str(value)


def _change_line(change: Change, lang: str) -> str:
    text = f"{change.lever}{colon(lang)}{_value(change.from_)} → {_value(change.to)}"
    if change.by is not None:
        text += f" ({label('by', lang)} {change.by})"
    if change.note:
        text += f" — {change.note}"
    return text


def _effort(value: float) -> str:
    return f"{value:g}"


def rank_key(route: RouteGaps) -> tuple[int, float, int, int]:
    """Eligible now first, then reachable routes by the effort of their cheapest plan, unreachable last."""
    order = {"eligible_now": 0, "reachable": 1, "unreachable": 2, "undecided": 3}[route.status]
    cheapest = min(route.plans, key=lambda p: (p.effort, p.months_from_start), default=None)
    effort = cheapest.effort if cheapest else float("inf")
    months = cheapest.months_from_start if cheapest else MAX_HORIZON_MONTHS + 1
    position = ROUTE_IDS.index(route.route) if route.route in ROUTE_IDS else len(ROUTE_IDS)
    return order, effort, months, position


def _plan_summary(plan: Plan, lang: str) -> list[str]:
    levers = [c.lever for c in plan.changes if c.lever != "wait"]
    return [
        str(plan.apply_on),
        str(plan.apply_by) if plan.apply_by else "-",
        str(plan.months_from_start),
        _effort(plan.effort),
        ", ".join(levers) if levers else label("none", lang),
    ]


def render_gaps(answer: GapsAnswer, lang: str) -> str:
    """The gap answer: routes ranked by the effort of their cheapest plan, then each route's plans."""
    windows = label("respected" if answer.respect_intake_windows else "ignored", lang)
    out = [
        label(
            "plans_from",
            lang,
            date=answer.application_date,
            objective=label(answer.objective, lang),
            horizon=answer.horizon_months,
            windows=windows,
            version=answer.rules_version,
        )
    ]
    if answer.notice:
        out.append(wrap(answer.notice, "", ""))
    ranked = sorted(answer.routes, key=rank_key)
    rows = []
    for rank, r in enumerate(ranked, start=1):
        cheapest = min(r.plans, key=lambda p: (p.effort, p.months_from_start), default=None)
        cells = _plan_summary(cheapest, lang) if cheapest else ["-", "-", "-", "-", "-"]
        rows.append([str(rank), r.route, label(r.status, lang), *cells])
    keys = ("rank", "route", "status", "apply_on", "apply_by", "months", "effort", "levers")
    headers = [label(k, lang) for k in keys]
    out += ["", table(headers, rows)]
    for r in ranked:
        out += ["", f"{r.route} — {label(r.status, lang)}" + (f" ({r.edition})" if r.edition else "")]
        for n, plan in enumerate(r.plans, start=1):
            proof = label("proven" if plan.optimal else "best_found", lang)
            line = label(
                "plan_line", lang, date=plan.apply_on, months=plan.months_from_start, effort=_effort(plan.effort)
            )
            out.append(wrap(f"{label('plan', lang, n=n)}{colon(lang)}{line} ({proof})", "  ", "    "))
            if plan.score is not None and r.target is not None and r.target.score is not None:
                out.append(
                    wrap(
                        pick(
                            lang,
                            f"score on {plan.apply_on}: {_points(plan.score)} (target {r.target.score})",
                            f"pointage le {plan.apply_on} : {_points(plan.score)} (cible {r.target.score})",
                        ),
                        "    ",
                        "      ",
                    )
                )
            if plan.apply_by:
                until = label("apply_by_line", lang, date=plan.apply_by)
                reason = f" — {plan.apply_by_reason}" if plan.apply_by_reason else ""
                out.append(wrap(f"{until}{reason}", "    ", "      "))
            if not plan.changes:
                out.append(f"    - {label('nothing_to_do', lang)}")
            for change in plan.changes:
                out.append(wrap(f"- {_change_line(change, lang)}", "    ", "      "))
        for reason in r.reasons:
            out.append(wrap(f"{label('why', lang)}{colon(lang)}{reason}", "  ", "    "))
        for assumption in r.assumptions:
            out.append(wrap(f"{label('assumes', lang)}{colon(lang)}{assumption}", "  ", "    "))
    return "\n".join(out)


def emit(
    answer: EligibilityAnswer | GapsAnswer | QuestionsAnswer | RoutesCatalog | RankingAnswer,
    as_json: bool,
    render: Callable[[], str],
) -> None:
    """Print the answer as JSON (by alias, as the HTTP API sends it) or as text."""
    print(answer.model_dump_json(indent=2, by_alias=True) if as_json else render())


def answer_profile(
    args: argparse.Namespace,
    ask: Callable[..., EligibilityAnswer | GapsAnswer | QuestionsAnswer | RankingAnswer],
    render: Callable[[Any, Lang], str],
    **options: Any,
) -> int:
    """Ask ``ask`` about the profile file of ``args`` on its date, with the routes, language,
    reference wages, assumptions and reform of the command line (and ``options``), and print the
    answer with ``render`` (or as JSON)."""
    applicant = load_profile(args.profile)
    lang: Lang = args.lang
    answer = ask(
        applicant,
        args.date,
        routes=route_list(args.routes),
        programs=program_list(args.programs),
        lang=lang,
        reference_wages=wages(args.wage),
        **options,
        **overlay_options(args),
    )
    emit(answer, args.json, lambda: render(answer, lang))
    return EXIT_OK


# ---------------------------------------------------------------------------- subcommands


def configure_check(parser: argparse.ArgumentParser) -> None:
    add_profile_options(parser)


def run_check(args: argparse.Namespace) -> int:
    return answer_profile(args, evaluate, render_eligibility)


def configure_gaps(parser: argparse.ArgumentParser) -> None:
    add_profile_options(parser)
    add_plan_options(parser)
    add_target_option(parser)


def run_gaps(args: argparse.Namespace) -> int:
    return answer_profile(
        args,
        plan_gaps,
        render_gaps,
        horizon_months=args.horizon,
        objective=args.objective,
        respect_intake_windows=args.respect_windows,
        max_plans=args.max_plans,
        time_limit_s=args.time_limit,
        target_score=args.target_score,
    )


register(
    Command("check", "eligibility for each route on a date, with the criteria to settle", configure_check, run_check)
)
register(Command("gaps", "minimal dated plans per route, ranked by effort", configure_gaps, run_gaps))


def _points(found: PointRange) -> str:
    return str(found.min) if found.min == found.max else f"{found.min}-{found.max}"


_PASSES = {"yes": ("passes", "passe"), "no": ("below", "sous le seuil"), "unknown": ("unknown", "inconnu")}


def render_ranking(answer: RankingAnswer, lang: str) -> str:
    """The ranking score per stream: the total against the latest cut-off, each group and factor
    with points, and the recorded rounds with pass / below / unknown."""
    out = [
        pick(
            lang,
            f"Ranking score on {answer.application_date} ({answer.grid['name']}; rules {answer.rules_version})",
            f"Pointage de classement au {answer.application_date} ({answer.grid['name']}; règles "
            f"{answer.rules_version})",
        )
    ]
    if answer.notice:
        out.append(wrap(answer.notice, "", ""))
    for r in answer.routes:
        target = r.target.score if r.target else None
        cut = (
            pick(
                lang,
                f"latest cut-off {target} ({r.target.draw_date})",
                f"dernier seuil {target} ({r.target.draw_date})",
            )
            if r.target and target is not None
            else pick(lang, "no cut-off recorded", "aucun seuil consigné")
        )
        occupation = r.principal_noc or pick(lang, "unknown", "inconnue")
        out += [
            "",
            f"{r.route}{colon(lang)}{_points(r.score)} / 1400 — {cut} — "
            + pick(lang, f"principal occupation NOC {occupation}", f"profession principale CNP {occupation}"),
        ]
        rows = [[g.name, _points(g.points), str(g.max)] for g in r.groups]
        out.append(table([pick(lang, "group", "groupe"), "points", "max"], rows))
        for f in r.factors:
            if f.points.max > 0:
                out.append(wrap(f"- {f.explanation}", "  ", "    "))
        rounds = [
            [
                str(d.date),
                d.exercise,
                str(d.min_score) if d.min_score is not None else "-",
                _PASSES[d.passes][lang == "fr"],
            ]
            for d in r.draws
        ]
        heads = [pick(lang, "round", "ronde"), pick(lang, "exercise", "exercice"), "min", pick(lang, "you", "vous")]
        out.append(table(heads, rounds))
    return "\n".join(out)


def configure_rank(parser: argparse.ArgumentParser) -> None:
    add_profile_options(parser)
    add_target_option(parser)


def run_rank(args: argparse.Namespace) -> int:
    return answer_profile(args, rank_applicant, render_ranking, target_score=args.target_score)


register(
    Command("rank", "the PSTQ ranking score per stream, factor by factor, against the rounds", configure_rank, run_rank)
)


def render_questions(answer: QuestionsAnswer, lang: str) -> str:
    """The questions to ask, best first, each with the routes it decides and why."""
    head = pick(
        lang,
        f"Questions that matter on {answer.application_date} (rules {answer.rules_version})",
        f"Questions qui comptent au {answer.application_date} (règles {answer.rules_version})",
    )
    out = [head, ""]
    if not answer.questions:
        out.append(
            pick(
                lang,
                "Nothing to ask: no unknown input would change a route's verdict.",
                "Rien à demander : aucune donnée inconnue ne changerait le verdict d'une voie.",
            )
        )
    for n, q in enumerate(answer.questions, start=1):
        out.append(wrap(f"{n}. {q.prompt}", "", "   "))
        out.append(wrap(f"{pick(lang, 'Field', 'Champ')}{colon(lang)}{q.field}", "   ", "     "))
        out.append(wrap(f"{pick(lang, 'Routes', 'Voies')}{colon(lang)}{', '.join(q.routes)}", "   ", "     "))
        out.append(wrap(f"{label('why', lang)}{colon(lang)}{q.why}", "   ", "     "))
    return "\n".join(out)


def configure_questions(parser: argparse.ArgumentParser) -> None:
    add_profile_options(parser)


def run_questions(args: argparse.Namespace) -> int:
    return answer_profile(args, questions, render_questions)


register(
    Command(
        "questions",
        "the unknown inputs whose answer would decide a route, best first",
        configure_questions,
        run_questions,
    )
)


_STATES: dict[str, tuple[str, str]] = {
    "open": ("open", "ouverte"),
    "closed": ("closed", "fermée"),
    "not_yet_open": ("not yet open", "pas encore ouverte"),
}


def render_routes(catalog: RoutesCatalog, on: date, lang: str) -> str:
    """The catalogue on a date: each route's family, program and state with the window that decides
    it, then each route's intake note."""
    head = pick(
        lang,
        f"Routes on {on} (rules {catalog.rules_version})",
        f"Voies au {on} (règles {catalog.rules_version})",
    )
    rows = []
    for r in catalog.routes:
        window = "-"
        if r.state_window is not None:
            end = r.state_window.end or pick(lang, "no announced end", "sans fin annoncée")
            window = f"{r.state_window.start} → {end}"
        state = pick(lang, *_STATES[r.state]) if r.state else "-"
        rows.append([r.route, r.family, r.program, state, window])
    headers = [
        label("route", lang),
        pick(lang, "Family", "Famille"),
        pick(lang, "Program", "Programme"),
        pick(lang, "State", "État"),
        pick(lang, "Window", "Période"),
    ]
    out = [head, "", table(headers, rows), ""]
    for r in catalog.routes:
        if r.state_note:
            out.append(wrap(f"{r.route}{colon(lang)}{r.state_note}", "", "  "))
    return "\n".join(out)


def configure_routes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date", type=date_arg, default=None, metavar="YYYY-MM-DD", help="the date of the states; default today"
    )
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the notes and sources")
    add_programs_option(parser)
    parser.add_argument("--json", action="store_true", help="print the catalogue as JSON (the HTTP API's format)")


def run_routes(args: argparse.Namespace) -> int:
    on = args.date or date.today()
    lang: Lang = args.lang
    catalog = route_catalog(lang=lang, on=on)
    families = program_list(args.programs)
    if families is not None:
        catalog = catalog.model_copy(update={"routes": [r for r in catalog.routes if r.family in families]})
    emit(catalog, args.json, lambda: render_routes(catalog, on, lang))
    return EXIT_OK


register(
    Command(
        "routes",
        "the catalogue of routes with each route's state (open, closed, not yet open) on a date",
        configure_routes,
        run_routes,
    )
)


# ---------------------------------------------------------------------------- entry point


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Québec pilot programs: eligibility and minimal gap plans for an applicant profile.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run)
    add_batch_commands(sub)  # check-many, gaps-many (JSON Lines in and out)
    add_compare_command(sub)  # compare: a cohort under the baseline and a reform
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pilotgap``; return the exit status (0 success, 2 invalid input)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CliError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
    except InvalidInput as exc:
        print(f"{PROG}: invalid input: {exc.field}: {exc.reason}", file=sys.stderr)
    except ValidationError as exc:
        details = "\n".join(f"  {line}" for line in validation_lines(exc))
        print(f"{PROG}: invalid input:\n{details}", file=sys.stderr)
    except BrokenPipeError:
        # The reader went away (e.g. `pilotgap gaps ... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return EXIT_INVALID


if __name__ == "__main__":
    raise SystemExit(main())
