"""Eligibility: every criterion of every route, on one application date, explained.

The path of a call: ``evaluate`` validates its inputs, picks for each route the edition in
force on the date, asks each criterion of that edition for its finding and its explanation,
and reports the intake status separately (eligibility ignores whether an intake is open).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pydantic_core

from solver.answers import EligibilityAnswer, Lang, RouteVerdict
from solver.applicant import Applicant, InvalidInput, check_against_date, in_supported_range
from solver.criteria import EvalContext, Finding
from solver.requests import ROUTE_IDS, check_reference_wages
from solver.rules.book import RuleBook, resolve_rules
from solver.rules.overlay import Reform
from solver.rules.route import Route
from solver.text import pick


def as_applicant(applicant: Applicant | Mapping[str, Any]) -> Applicant:
    return applicant if isinstance(applicant, Applicant) else Applicant.model_validate(applicant)


def as_date(value: date | str | None) -> date:
    if value is None:
        return date.today()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput("application_date", f"{value!r} is not a date (YYYY-MM-DD)") from None
    try:
        return in_supported_range(value)
    except ValueError as exc:
        raise InvalidInput("application_date", str(exc)) from None


def route_ids(routes: Iterable[str] | None) -> list[str]:
    if routes is None:
        return list(ROUTE_IDS)
    chosen = list(dict.fromkeys(routes))
    unknown = [r for r in chosen if r not in ROUTE_IDS]
    if unknown or not chosen:
        raise InvalidInput("routes", f"unknown route id(s) {unknown}; known: {list(ROUTE_IDS)}")
    return chosen


def route_verdict(verdicts: Iterable[str]) -> RouteVerdict:
    """Eligible only if every criterion is met; not eligible if any is not met; else unknown."""
    seen = set(verdicts)
    if "not_met" in seen:
        return "not_eligible"
    return "unknown" if "unknown" in seen else "eligible"


def checked_wages(reference_wages: Mapping[str, float] | None) -> dict[str, float]:
    """The reference wages of a Python call, checked as the HTTP body's are."""
    try:
        return check_reference_wages(reference_wages) or {}
    except ValueError as exc:
        raise InvalidInput("reference_wages", str(exc)) from None


def context(
    route: Route,
    applicant: Applicant,
    on: date,
    rules: RuleBook,
    reference_wages: Mapping[str, float] | None,
    memo: dict[tuple[int, int], bool | None] | None = None,
) -> EvalContext:
    edition = route.rules_edition(on).id
    return EvalContext(applicant, on, edition, rules.noc, dict(reference_wages or {}), route.by_id, memo)


def assess_route(route: Route, ctx: EvalContext) -> list[tuple[Any, Finding]]:
    """The finding of every criterion of the edition in ``ctx``, in rule-file order."""
    return [(c, c.assess(ctx)) for c in route.applicable(ctx.edition)]


def notice_for(on: date, rules: RuleBook, lang: str, today: date | None = None) -> str | None:
    """A plain statement when the programs are closed on the date asked, or closed today."""
    end = min(r.end_date for r in rules.routes.values())
    today = today or date.today()
    if on >= end:
        return pick(
            lang,
            f"The three pilot programs ended on {end}: no application can be filed on {on}. "
            "The verdicts say what the rules would require if the programs were open.",
            f"Les trois programmes pilotes ont pris fin le {end} : aucune demande ne peut être déposée "
            f"le {on}. Les verdicts indiquent ce que les règles exigeraient si les programmes étaient ouverts.",
        )
    if today >= end:
        return pick(
            lang,
            f"Retrospective answer: the pilot programs ended on {end}; this answer is for an application "
            f"filed on {on}.",
            f"Réponse rétrospective : les programmes pilotes ont pris fin le {end}; cette réponse vaut pour "
            f"une demande déposée le {on}.",
        )
    return None


def _result(criterion: Any, finding: Finding, ctx: EvalContext, lang: str) -> dict[str, Any]:
    """A ``CriterionResult`` as plain data: the answer is validated once, as a whole, at the end."""
    assumption = finding.assumption
    return {
        "id": criterion.id,
        "verdict": finding.verdict,
        "explanation": criterion.explain(finding, ctx, lang) + criterion.reading_note(lang),
        "source": criterion.source_text,
        "description": criterion.description(lang),
        "assumption": None if assumption is None else pick(lang, *assumption),
    }


def evaluate(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> EligibilityAnswer:
    """Eligibility of ``applicant`` for each route on ``application_date`` (default: today).

    Raises:
        InvalidInput: an impossible request (unknown route, born after the date...).
        pydantic.ValidationError: a profile given as a dict that does not fit the contract.
    """
    return EligibilityAnswer.model_validate(
        evaluation_data(applicant, application_date, routes, lang, reference_wages, rules, assumptions, reform)
    )


def evaluate_json(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> str:
    """The answer of ``evaluate`` as its JSON text, without building the pydantic models:
    what batch workers send, byte for byte what ``EligibilityAnswer.model_dump_json`` gives."""
    data = evaluation_data(applicant, application_date, routes, lang, reference_wages, rules, assumptions, reform)
    return pydantic_core.to_json(data).decode()


def evaluation_data(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The eligibility answer as plain data, keys in the order of the answer models' fields."""
    person = as_applicant(applicant)
    on = as_date(application_date)
    check_against_date(person, on)
    rules = resolve_rules(rules, assumptions, reform)
    reference_wages = checked_wages(reference_wages)
    answers = []
    findings: dict[tuple[str, str | None, str], Finding] = {}
    results: dict[tuple[int, str], dict[str, Any]] = {}
    memo: dict[tuple[int, int], bool | None] = {}
    for rid in route_ids(routes):
        route = rules.routes[rid]
        ctx = context(route, person, on, rules, reference_wages, memo)
        criteria = []
        for criterion in route.applicable(ctx.edition):
            # Routes share many rules: assess each distinct rule once, explain each wording once.
            result = results.get((id(criterion), ctx.edition))
            if result is None:
                scope = rid if getattr(criterion, "after_criterion", None) else None
                key = (criterion.logic_key, scope, ctx.edition)
                finding = findings.get(key)
                if finding is None:
                    finding = findings[key] = criterion.assess(ctx)
                result = _result(criterion, finding, ctx, lang)
                if scope is None:
                    results[(id(criterion), ctx.edition)] = result
            criteria.append(result)
        spec = route.spec
        edition = route.edition_on(on)
        answers.append(
            {
                "route": rid,
                "program": route.program.program,
                "stream": spec.stream,
                "profile": spec.profile,
                "edition": edition.id if edition else None,
                "verdict": route_verdict(r["verdict"] for r in criteria),
                "intake": route.intake_data(on, lang),
                "criteria": criteria,
            }
        )
    return {
        "application_date": on,
        "rules_version": rules.rules_version,
        "assumptions": rules.assumptions,
        "notice": notice_for(on, rules, lang),
        "routes": answers,
    }


def route_verdicts(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> dict[str, RouteVerdict]:
    """Only the verdict of each route: the same assessment as ``evaluate`` without explanations,
    for cohort analytics where millions of answers are counted rather than read."""
    person = as_applicant(applicant)
    on = as_date(application_date)
    check_against_date(person, on)
    rules = resolve_rules(rules, assumptions, reform)
    reference_wages = checked_wages(reference_wages)
    findings: dict[tuple[str, str | None, str], str] = {}
    verdicts: dict[str, RouteVerdict] = {}
    memo: dict[tuple[int, int], bool | None] = {}
    for rid in route_ids(routes):
        route = rules.routes[rid]
        ctx = context(route, person, on, rules, reference_wages, memo)
        seen = []
        for criterion in route.applicable(ctx.edition):
            scope = rid if getattr(criterion, "after_criterion", None) else None
            key = (criterion.logic_key, scope, ctx.edition)
            verdict = findings.get(key)
            if verdict is None:
                verdict = findings[key] = criterion.assess(ctx).verdict
            seen.append(verdict)
        verdicts[rid] = route_verdict(seen)
    return verdicts
