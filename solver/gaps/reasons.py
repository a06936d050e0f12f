"""Why a route cannot be reached: a minimal set of blocking conditions, said plainly.

CP-SAT's ``sufficient_assumptions_for_infeasibility`` gives a core that is not guaranteed
minimal, so it is shrunk by deletion (drop one assumption, re-solve, keep it dropped while
still infeasible) before it is explained.
"""

from __future__ import annotations

from datetime import date, timedelta

from ortools.sat.python import cp_model

from solver.criteria import Criterion, Fact
from solver.criteria.diploma import level_name
from solver.criteria.french_skills import FRENCH_LEVERS
from solver.gaps.model import SCORE, GapModel, _solver
from solver.gaps.problem import RouteProblem
from solver.rules.schema import DiplomaLeverSpec
from solver.text import pick

_WINDOWS = "__windows__"


def unreachable_reasons(problem: RouteProblem, lang: str, time_limit_s: float) -> list[str]:
    """Plain reasons, one per blocking condition of a minimal infeasible core."""
    route = problem.route
    start, last = problem.dates[0], problem.dates[-1]
    horizon = problem.horizon
    allowed = problem.allowed_months()
    if problem.respect_windows and not allowed:
        if start >= route.end_date:
            return [
                pick(
                    lang,
                    f"The program ended on {route.end_date}: no intake window is open from {start} on. "
                    "Ask for a plan as if the program were open (respect_intake_windows: false).",
                    f"Le programme a pris fin le {route.end_date} : aucune période de réception n'est ouverte "
                    f"à compter du {start}. Demandez un plan comme si le programme était ouvert "
                    "(respect_intake_windows : false).",
                )
            ]
        return [
            pick(
                lang,
                f"No intake window is open between {start} and {last} (horizon of {horizon} months).",
                f"Aucune période de réception n'est ouverte entre le {start} et le {last} (horizon de {horizon} mois).",
            )
        ]
    single = _single_blockers(problem, allowed, lang)
    if single:
        return single
    diag = GapModel(problem, problem.months, objective=None)
    literals = dict(diag.roots)
    if problem.respect_windows:
        window = diag.model.new_bool_var("windows")
        diag.model.add_allowed_assignments([diag.month], [(m,) for m in allowed]).only_enforce_if(window)
        literals[_WINDOWS] = window
    core = _minimal_core(diag, literals, time_limit_s)
    if core is None:
        return [
            pick(
                lang,
                "The solver hit its time limit before it could prove why no plan exists.",
                "Le solveur a atteint sa limite de temps avant de prouver pourquoi aucun plan n'existe.",
            )
        ]
    blocking = [route.by_id[name] for name in core if name not in (_WINDOWS, SCORE)]
    reasons = []
    if SCORE in core:
        reasons.append(_score_reason(diag, problem, [literals[c.id] for c in blocking], lang, time_limit_s))
        if not blocking and _WINDOWS not in core:
            return reasons
    if _WINDOWS in core:
        earliest = _earliest(diag, [literals[c.id] for c in blocking], time_limit_s)
        names = "; ".join(c.description(lang).rstrip(".") for c in blocking)
        last_open = max(problem.dates[m] for m in allowed)
        if earliest is None:
            reasons.append(
                pick(
                    lang,
                    f"Within the horizon, no open intake window allows: {names}.",
                    f"Dans l'horizon, aucune période de réception ouverte ne permet : {names}.",
                )
            )
        else:
            when = problem.dates[earliest]
            closes = _closes(problem, last_open, lang)
            reasons.append(
                pick(
                    lang,
                    f"{closes} (last open intake month in this plan: {last_open}), before "
                    f"this can be met, which is possible at the earliest on {when}: {names}.",
                    f"{closes} (dernier mois de réception ouvert dans ce plan : {last_open}), "
                    f"avant que ceci puisse être respecté, au plus tôt le {when} : {names}.",
                )
            )
    elif len(blocking) == 1:
        reasons.append(_criterion_reason(problem, blocking[0], lang))
    else:
        names = "; ".join(c.description(lang).rstrip(".") for c in blocking)
        reasons.append(
            pick(
                lang,
                f"These conditions cannot all be met together within the {problem.horizon}-month "
                f"horizon (by {problem.dates[-1]}): {names}.",
                f"Ces conditions ne peuvent être toutes respectées ensemble dans l'horizon de "
                f"{problem.horizon} mois (d'ici le {problem.dates[-1]}) : {names}.",
            )
        )
    return reasons


def _score_reason(
    diag: GapModel, problem: RouteProblem, literals: list[cp_model.IntVar], lang: str, time_limit_s: float
) -> str:
    """Why the ranking score cannot reach the target: the best score a plan can reach, and the target."""
    best = _best_score(diag, literals, time_limit_s)
    by = problem.dates[-1]
    tail = pick(lang, f" (at best {best} points)", f" (au mieux {best} points)") if best is not None else ""
    together = pick(lang, " together with the route's conditions", " tout en respectant les conditions de la route")
    return pick(
        lang,
        f"No plan brings the ranking score to the target of {problem.target} within the {problem.horizon}-month "
        f"horizon (by {by}){together if literals else ''}{tail}.",
        f"Aucun plan n'amène le pointage de classement à la cible de {problem.target} dans l'horizon de "
        f"{problem.horizon} mois (d'ici le {by}){together if literals else ''}{tail}.",
    )


def _best_score(diag: GapModel, literals: list[cp_model.IntVar], time_limit_s: float) -> int | None:
    """The highest score reachable with ``literals`` enforced (windows ignored)."""
    parts = list(diag.points.values())
    diag.model.clear_assumptions()
    diag.model.add_assumptions(literals)
    diag.model.maximize(sum(parts) + diag.score_constant)
    solver = _solver(time_limit_s)
    status = solver.solve(diag.model)
    diag.model.clear_objective()
    if status == cp_model.OPTIMAL:
        return int(solver.objective_value)
    return None


def first_met(problem: RouteProblem, criterion: Criterion, months: list[int], neutral: bool = True) -> int | None:
    """The first of ``months`` in which ``criterion`` can be met by some choice of options."""
    kids = criterion.children()
    parts = getattr(criterion, "level_parts", None) if getattr(criterion, "person", None) == "applicant" else None
    for month in months:
        if parts:
            # compiled in parts (four-skill French): each skill's level, and a recent assessment or
            # any French option done by then (every option files a new assessment; none lowers a level)
            levels_ok = all(problem.met_choices(part, month, neutral) for part in parts)
            renewable = any(
                option.months <= problem.elapsed[month]
                for lever, options in problem.options.items()
                if lever in FRENCH_LEVERS
                for option in options
            )
            if levels_ok and (renewable or problem.met_choices(criterion.fresh_part, month, neutral)):  # type: ignore[attr-defined]
                return month
            continue
        if kids:
            if any(first_met(problem, kid, [month], neutral=False) is not None for kid in kids):
                return month
        elif problem.met_choices(criterion, month, neutral):
            return month
    return None


def blocked(problem: RouteProblem, allowed: list[int]) -> bool:
    """Whether some criterion cannot be met in any of the ``allowed`` months by any choice of its
    levers: the route is then proven unreachable without a solve."""
    return any(first_met(problem, criterion, allowed) is None for criterion in problem.route.criteria)


def _single_blockers(problem: RouteProblem, allowed: list[int], lang: str) -> list[str]:
    """Reasons for the criteria that block the route on their own (each one a minimal core of
    size one, read off its own verdicts, so no further solve is needed to prove it minimal)."""
    reasons = []
    route = problem.route
    open_months = set(allowed)
    closed = [m for m in problem.months if m not in open_months]
    for criterion in route.criteria:
        if first_met(problem, criterion, allowed) is not None:
            continue
        earliest = first_met(problem, criterion, closed)
        if earliest is None:
            reasons.append(_criterion_reason(problem, criterion, lang))
            continue
        when = problem.dates[earliest]
        last_open = problem.dates[max(allowed)]
        name = criterion.description(lang).rstrip(".")
        closes = _closes(problem, last_open, lang)
        reasons.append(
            pick(
                lang,
                f"{closes} (last open intake month in this plan: {last_open}), "
                f"before this can be met, which is possible at the earliest on {when}: {name}.",
                f"{closes} (dernier mois de réception ouvert dans ce plan : "
                f"{last_open}), avant que ceci puisse être respecté, au plus tôt le {when} : {name}.",
            )
        )
    return reasons


def _closes(problem: RouteProblem, last_open: date, lang: str) -> str:
    """What closes the last open month of a plan: the program's end (always so for the pilots, whose
    text is unchanged), or, for one program's reception period (the PEQ), the close of that period."""
    route = problem.route
    end = route.end_date
    span = max((s for s in route.spans if s.start <= last_open), key=lambda s: s.start, default=None)
    if route.family == "pilots" or span is None or span.end >= end - timedelta(days=1):
        return pick(lang, f"The program ends on {end}", f"Le programme prend fin le {end}")
    if any(s.start > span.end for s in route.spans):
        return pick(
            lang, f"The reception period closes on {span.end}", f"La période de réception se termine le {span.end}"
        )
    return pick(
        lang,
        f"The reception period closes on {span.end} and no later period is announced",
        f"La période de réception se termine le {span.end} et aucune période ultérieure n'est annoncée",
    )


def _criterion_reason(problem: RouteProblem, criterion: Criterion, lang: str) -> str:
    ctx = problem.context(problem.applicant, 0)
    finding = criterion.assess(ctx) if criterion.applies_in(ctx.edition) else None
    now = criterion.explain(finding, ctx, lang) if finding else ""
    by = problem.dates[-1]
    if finding is not None and finding.verdict == "unknown":
        head = pick(
            lang,
            f"Unknown today (missing data: complete the profile), and no plan settles it within the "
            f"{problem.horizon}-month horizon (by {by}): ",
            f"Inconnu aujourd'hui (données manquantes : complétez le profil), et aucun plan ne le règle dans "
            f"l'horizon de {problem.horizon} mois (d'ici le {by}) : ",
        )
    else:
        head = pick(
            lang,
            f"Cannot be met within the {problem.horizon}-month horizon (by {by}): ",
            f"Impossible à respecter dans l'horizon de {problem.horizon} mois (d'ici le {by}) : ",
        )
    text = head + pick(
        lang, f"{criterion.description(lang)} Now: {now}", f"{criterion.description(lang)} Actuellement : {now}"
    )
    lever = getattr(criterion.spec, "lever", None)
    if (
        isinstance(lever, DiplomaLeverSpec)
        and lever.requires
        and finding is not None
        and not criterion.lever_options(ctx, problem.planning)
    ):
        text += pick(
            lang,
            f" A plan cannot add this diploma: its admission requires a {level_name(lever.requires, 'en')} "
            "diploma, which the profile does not show.",
            f" Un plan ne peut pas ajouter ce diplôme : l'admission exige un diplôme de niveau "
            f"{level_name(lever.requires, 'fr')}, que le profil ne montre pas.",
        )
    if isinstance(criterion, Fact) and criterion.lever is None:
        text += pick(
            lang, " This is a past fact no plan can change.", " C'est un fait passé qu'aucun plan ne peut changer."
        )
    return text


def _minimal_core(diag: GapModel, literals: dict[str, cp_model.IntVar], time_limit_s: float) -> list[str] | None:
    by_index = {lit.index: name for name, lit in literals.items()}
    solver = _solver(time_limit_s)
    diag.model.clear_assumptions()
    diag.model.add_assumptions(list(literals.values()))
    status = solver.solve(diag.model)
    if status != cp_model.INFEASIBLE:
        return None
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    for name in list(core):
        trial = [n for n in core if n != name]
        diag.model.clear_assumptions()
        diag.model.add_assumptions([literals[n] for n in trial])
        if _solver(time_limit_s).solve(diag.model) == cp_model.INFEASIBLE:
            core = trial
    return core


def _earliest(diag: GapModel, literals: list[cp_model.IntVar], time_limit_s: float) -> int | None:
    """The earliest month at which the given conditions hold together, windows ignored."""
    diag.model.clear_assumptions()
    diag.model.add_assumptions(literals)
    diag.model.minimize(diag.month)
    solver = _solver(time_limit_s)
    status = solver.solve(diag.model)
    diag.model.clear_objective()
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return int(solver.value(diag.month))
    return None
