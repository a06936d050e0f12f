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

from solver.answers import AssumptionInfo, CriterionInfo, EditionInfo, Lang, RouteInfo, RoutesCatalog, WindowInfo
from solver.criteria import Criterion
from solver.rules.book import RuleBook, default_rulebook
from solver.rules.route import Route
from solver.rules.schema import EditionSpec, Text


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
    selection_cap: dict[str, int | str] = {"per_year": cap.per_year, "source": cap.source.text(lang)}
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
        end_date=program.end_date,
        selection_cap=selection_cap,
        intake_scopes=list(spec.intake_scopes),
        assumptions=[_text(a) for a in spec.assumptions],
        editions=[edition_info(e, scopes, lang) for e in program.editions],
        criteria=[criterion_info(c, lang) for c in route.criteria],
    )


def route_catalog(rules: RuleBook | None = None, lang: Lang = "en") -> RoutesCatalog:
    """The catalogue of every route of ``rules`` (default: the shipped rule book), in route-id order,
    with its sources in ``lang`` (texts given in both languages stay ``{en, fr}``).

    >>> catalog = route_catalog()
    >>> [r.route for r in catalog.routes][:2]
    ['food-processing', 'orderlies-work']
    """
    rules = rules or default_rulebook()
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
