"""``rank``: the Arrima ranking score of a profile for each PSTQ stream, factor by factor, against the
recorded rounds (CONTRACT.md v3, ``POST /v1/ranking``).

An unknown input never scores 0 silently: each factor's points are the range over what the
input could be, and the score is the sum of the ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from solver.answers import (
    DrawRecord,
    DrawsAnswer,
    FactorScore,
    GroupScore,
    Lang,
    PointRange,
    Ranking,
    RankingAnswer,
    TargetScore,
)
from solver.applicant import Applicant, InvalidInput, check_against_date
from solver.criteria import EvalContext
from solver.criteria.occupation import principal_candidates
from solver.evaluator import as_applicant, as_date, assess_principal, checked_wages, route_ids
from solver.noc import NocIndex
from solver.ranking.draws import draw_result, filter_text
from solver.ranking.factors import Factor, FactorPoints
from solver.ranking.grid import Grid, grid_for, latest_target, stream_draws
from solver.ranking.grid import draws as all_draws
from solver.rules.book import RuleBook, default_rulebook, resolve_rules
from solver.rules.overlay import Reform
from solver.rules.route import Route


@dataclass(frozen=True, slots=True)
class Score:
    low: int
    high: int
    factors: tuple[tuple[Factor, FactorPoints], ...]


def score(grid: Grid, applicant: Applicant, on: date, principal: str | None, noc: NocIndex) -> Score:
    """The score on ``on`` for ``principal``: each factor's range, summed."""
    found = tuple((f, f.points(applicant, on, principal, noc.canonical)) for f in grid.factors)
    return Score(sum(p.low for _, p in found), sum(p.high for _, p in found), found)


def rules_grid(rules: RuleBook) -> Grid:
    """The grid under the rule book's assumptions and reform."""
    return grid_for(rules.assumptions, rules.reform)


def target_for(route: Route, requested: int | None) -> TargetScore:
    """The score plans aim at: the request's, else the stream's latest round's highest minimum."""
    if requested is not None:
        return TargetScore(score=requested, source="request")
    stream = route.spec.ranking_stream
    value, draw = latest_target(stream) if stream else (None, None)
    if value is None or draw is None:
        return TargetScore(score=None, draw_date=draw.date if draw else None, source="none")
    return TargetScore(score=value, draw_date=draw.date, exercise=draw.exercise, source="latest_round")


def principal_for(route: Route, ctx: EvalContext) -> str | None:
    """The principal occupation the route is scored for: the one eligibility chose (the declared one
    when there is one: nothing to choose)."""
    candidates = principal_candidates(ctx.applicant, ctx.noc)
    if len(candidates) == 1:
        return candidates[0]
    code, _ = assess_principal(route, ctx, candidates)
    return code


@dataclass(frozen=True, slots=True)
class _Scored:
    """The parts of a ranking that depend on the principal occupation alone (shared by the streams)."""

    score: Score
    groups: list[GroupScore]
    factors: list[FactorScore]


_RANGES: dict[tuple[int, int], PointRange] = {}
_FACTOR_SCORES: dict[tuple[object, ...], FactorScore] = {}


def point_range(low: int, high: int) -> PointRange:
    """A ``PointRange``, built once per pair (answers are read, never changed)."""
    found = _RANGES.get((low, high))
    if found is None:
        found = _RANGES[(low, high)] = PointRange.model_construct(min=low, max=high)
    return found


def _factor_score(f: Factor, low: int, high: int, explanation: str, lang: str) -> FactorScore:
    key = (f.logic_key, low, high, explanation, lang)
    found = _FACTOR_SCORES.get(key)
    if found is None:
        if len(_FACTOR_SCORES) > 65_536:
            _FACTOR_SCORES.clear()
        found = _FACTOR_SCORES[key] = FactorScore.model_construct(
            id=f.id,
            group=f.group,
            points=point_range(low, high),
            max=f.max,
            explanation=explanation,
            source=f.source_text(lang),
            name=f.name(lang),
        )
    return found


def _scored(grid: Grid, person: Applicant, on: date, principal: str | None, noc: NocIndex, lang: str) -> _Scored:
    found = score(grid, person, on, principal, noc)
    # trusted values built here: constructed without re-validation (this runs per profile and stream)
    groups = []
    for g in grid.spec.groups:
        members = [p for f, p in found.factors if f.group == g.id]
        low, high = min(sum(p.low for p in members), g.max), min(sum(p.high for p in members), g.max)
        groups.append(
            GroupScore.model_construct(id=g.id, points=point_range(low, high), max=g.max, name=g.name.get(lang))
        )
    factors = [_factor_score(f, p.low, p.high, f.explain(p, person, on, lang), lang) for f, p in found.factors]
    return _Scored(found, groups, factors)


def rank_route(
    route: Route,
    grid: Grid,
    ctx: EvalContext,
    lang: str,
    requested_target: int | None = None,
    shared: dict[str | None, _Scored] | None = None,
) -> Ranking:
    """One stream's ranking; ``shared`` keeps the score of each principal occupation across streams."""
    principal = principal_for(route, ctx)
    person, on = ctx.applicant, ctx.on
    cache = {} if shared is None else shared
    scored = cache.get(principal)
    if scored is None:
        scored = cache[principal] = _scored(grid, person, on, principal, ctx.noc, lang)
    found = scored.score
    stream = route.spec.ranking_stream or 0
    draws = [draw_result(d, found.low, found.high, person, on, principal, lang) for d in stream_draws(stream)]
    return Ranking.model_construct(
        route=route.id,
        stream=stream,
        principal_noc=principal,
        score=point_range(found.low, found.high),
        groups=scored.groups,
        factors=scored.factors,
        draws=draws,
        target=target_for(route, requested_target),
    )


def grid_notice(grid: Grid, on: date, lang: str) -> str | None:
    """A plain statement when the data hold no grid in force on ``on`` (the one there is scores it)."""
    info = grid.info(lang, on)
    if info["in_force_on_date"]:
        return None
    if lang == "fr":
        return (
            f"Aucune grille de classement n'est en vigueur le {on} selon les données; pointage calculé avec la "
            f"{info['name']} (en vigueur du {info['in_force']} au {info['until']})."
        )
    return (
        f"No ranking grid is in force on {on} in the data; scored with the {info['name']} "
        f"(in force {info['in_force']} to {info['until']})."
    )


def ranked_routes(rules: RuleBook, routes: Iterable[str] | None, programs: Iterable[str] | None) -> list[str]:
    """The PSTQ routes asked (all four by default); a route without a ranking is refused."""
    if routes is None:
        return [r for r in route_ids(None, programs, rules) if rules.routes[r].spec.ranking_stream]
    chosen = route_ids(routes, programs, rules)
    unranked = [r for r in chosen if not rules.routes[r].spec.ranking_stream]
    if unranked:
        raise InvalidInput(
            "routes",
            f"route(s) {unranked} have no ranking score; the ranked routes are the PSTQ streams",
            reason_fr=f"route(s) {unranked} sans pointage de classement; seules les routes du PSTQ sont classées",
            kind="route_not_ranked",
        )
    return chosen


def rank(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
    programs: Iterable[str] | None = None,
    target_score: int | None = None,
) -> RankingAnswer:
    """The ranking score of ``applicant`` on ``application_date`` for each PSTQ route asked.

    Raises:
        InvalidInput: an impossible request (unknown route, a route with no ranking, born after the date...).
    """
    person = as_applicant(applicant)
    on = as_date(application_date)
    check_against_date(person, on)
    rules = resolve_rules(rules, assumptions, reform)
    wages = checked_wages(reference_wages)
    grid = rules_grid(rules)
    answers = []
    shared: dict[str | None, _Scored] = {}
    memo: dict[tuple[int, int], bool | None] = {}
    for rid in ranked_routes(rules, routes, programs):
        route = rules.routes[rid]
        ctx = EvalContext(person, on, route.rules_edition(on).id, rules.noc, wages, route.by_id, memo)
        answers.append(rank_route(route, grid, ctx, lang, target_score, shared))
    info = grid.info(lang, on)
    notice = grid_notice(grid, on, lang)
    return RankingAnswer(
        application_date=on,
        rules_version=rules.rules_version,
        assumptions=rules.assumptions,
        grid=info,
        notice=notice,
        routes=answers,
    )


def draws_answer(rules: RuleBook | None = None, lang: Lang = "en") -> DrawsAnswer:
    """Every recorded round (``GET /v1/draws``), latest first, texts in ``lang``."""
    rules = rules or default_rulebook()
    records = [
        DrawRecord(
            date=d.date,
            stream=d.stream,
            exercise=d.exercise,
            label=d.label.get(lang) if d.label else "",
            min_score=d.min_score,
            invited=d.invited,
            filters=[
                {
                    "kind": f.kind,
                    "text": filter_text(f, lang),
                    **f.model_dump(exclude={"kind", "text"}, exclude_none=True),
                }
                for f in d.filters
            ],
            source=d.source.text(lang),
            note=d.note.get(lang) if d.note else None,
        )
        for d in all_draws()
    ]
    return DrawsAnswer(rules_version=rules.rules_version, draws=records)
