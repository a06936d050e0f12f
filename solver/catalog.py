"""The route catalogue (``GET /v1/routes``): every route as the rule files describe it.

The catalogue is a read-only view of the rule book: programs, names, editions with their
intake windows, caps and early closures, the selection cap, the modelling assumptions, and
the criteria tree of each route with both descriptions, the source tag and the reference.
Caps and early closures are those of the route's own intake scopes, as the evaluator's
intake status uses them.

Texts given in both languages stay ``{en, fr}``; sources, whose references may be worded
(``[SEED] Seed summary: ...``), are rendered in the catalogue's language (``lang``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from solver.answers import (
    AssumptionInfo,
    CriterionInfo,
    EditionInfo,
    Lang,
    RouteInfo,
    RoutesCatalog,
    Window,
    WindowInfo,
)
from solver.criteria import Criterion
from solver.rules.book import RuleBook, default_rulebook
from solver.rules.route import OpenSpan, Route
from solver.rules.schema import EditionSpec, Text

RouteState = Literal["open", "closed", "not_yet_open"]


def _text(text: Text) -> dict[str, str]:
    return {"en": text.en, "fr": text.fr}


def criterion_info(criterion: Criterion, lang: Lang = "en") -> CriterionInfo:
    """One criterion of the catalogue, with its children (for an any-of choice)."""
    return CriterionInfo(
        id=criterion.id,
        kind=criterion.kind,
        editions=sorted(criterion.editions) if criterion.editions else None,
        description={"en": criterion.description("en"), "fr": criterion.description("fr")},
        source_tag=criterion.source.tag,
        source_reference=criterion.source.ref_in(lang),
        children=[criterion_info(child, lang) for child in criterion.children()],
    )


def edition_info(edition: EditionSpec, scopes: set[str], lang: Lang = "en") -> EditionInfo:
    """An edition with its windows; caps and early closures limited to ``scopes``."""
    windows = [
        WindowInfo(
            start=w.start,
            end=w.end,
            caps={k: v for k, v in w.caps.items() if k in scopes},
            source=w.source.text(lang),
            note=_text(w.note) if w.note else None,
        )
        for w in edition.windows
    ]
    closures = [
        {"scope": c.scope, "closed_on": c.closed_on.isoformat(), "source": c.source.text(lang)}
        for c in edition.early_closures
        if c.scope in scopes
    ]
    return EditionInfo(
        id=edition.id,
        in_force=edition.in_force,
        noc_version=edition.noc_version,
        source=edition.source.text(lang),
        windows=windows,
        early_closures=closures,
    )


def route_info(route: Route, lang: Lang = "en") -> RouteInfo:
    """One route of the catalogue (sources in ``lang``)."""
    program, spec = route.program, route.spec
    cap = program.selection_cap
    selection_cap: dict[str, int | str] | None = None
    if cap is not None:
        selection_cap = {"per_year": cap.per_year, "source": cap.source.text(lang)}
        if cap.note is not None:
            selection_cap["note_en"] = cap.note.en
            selection_cap["note_fr"] = cap.note.fr
    scopes = set(spec.intake_scopes)
    return RouteInfo(
        route=route.id,
        program=program.program,
        program_name=_text(program.name),
        stream=spec.stream,
        profile=spec.profile,
        name=_text(spec.name),
        family=program.family,
        end_date=program.end_date,
        reference_date=program.reference_date,
        selection_cap=selection_cap,
        intake_scopes=list(spec.intake_scopes),
        assumptions=[_text(a) for a in spec.assumptions],
        editions=[edition_info(e, scopes, lang) for e in program.editions],
        criteria=[criterion_info(c, lang) for c in route.criteria],
    )


def _window(span: OpenSpan) -> Window:
    return Window(start=span.window.start, end=span.window.end)


def route_state(route: Route, on: date, lang: Lang = "en") -> tuple[RouteState, Window | None, str]:
    """Whether the route takes applications on ``on``, the intake window that decides it, and the
    intake note of the eligibility answers for that day (in ``lang``).

    ``open``: a window is open (the window); ``not_yet_open``: no window has opened yet (the first
    one); ``closed``: the windows opened so far are over, a cap closed the intake early, or the
    program has ended (the latest window that opened). The note says when the next window opens,
    or that none is announced.

    >>> from solver.rules.book import default_rulebook
    >>> route_state(default_rulebook().routes["peq-quebec-graduates"], date(2026, 12, 5))[:2]
    ('closed', Window(start=datetime.date(2026, 7, 2), end=datetime.date(2026, 10, 31)))
    """
    intake = route.intake_on(on, lang)
    if intake.open:
        return "open", intake.window, intake.note
    started = [s for s in route.spans if s.start <= on]
    if not started and on < route.end_date:
        first = min(route.spans, key=lambda s: s.start, default=None)
        return "not_yet_open", None if first is None else _window(first), intake.note
    if intake.window is not None:  # inside a window its cap closed early
        return "closed", intake.window, intake.note
    latest = max(started, key=lambda s: s.start, default=None)
    return "closed", None if latest is None else _window(latest), intake.note


def with_states(catalog: RoutesCatalog, rules: RuleBook, on: date, lang: Lang = "en") -> RoutesCatalog:
    """``catalog`` with each route's ``state`` on ``on``, the window that decides it and the note."""
    routes = []
    for info in catalog.routes:
        state, window, note = route_state(rules.routes[info.route], on, lang)
        routes.append(info.model_copy(update={"state": state, "state_window": window, "state_note": note}))
    return catalog.model_copy(update={"routes": routes})


def route_catalog(rules: RuleBook | None = None, lang: Lang = "en", on: date | None = None) -> RoutesCatalog:
    """The catalogue of every route of ``rules`` (default: the shipped rule book), in route-id order,
    with its sources in ``lang`` (texts given in both languages stay ``{en, fr}``); with ``on``,
    each route's state on that date (``with_states``).

    >>> catalog = route_catalog()
    >>> [r.route for r in catalog.routes][:2]
    ['food-processing', 'orderlies-work']
    """
    rules = rules or default_rulebook()
    catalog = _catalog(rules, lang)
    return catalog if on is None else with_states(catalog, rules, on, lang)


def _catalog(rules: RuleBook, lang: Lang) -> RoutesCatalog:
    return RoutesCatalog(
        rules_version=rules.rules_version,
        routes=[route_info(route, lang) for route in rules.routes.values()],
        assumptions=[
            AssumptionInfo(
                name=a.name,
                default=a.default,
                description=_text(a.description),
                routes=rules.assumption_routes.get(a.name, []),
                source=a.source.text(lang),
            )
            for a in rules.catalog.assumptions
        ],
    )
