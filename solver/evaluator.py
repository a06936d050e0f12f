"""Eligibility: every criterion of every route, on one application date, explained.

The path of a call: ``evaluate`` validates its inputs, picks for each route the edition in
force on the date, asks each criterion of that edition for its finding and its explanation,
and reports the intake status separately (eligibility ignores whether an intake is open).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import pydantic_core
from pydantic import TypeAdapter

from solver.answers import CriterionResult, EligibilityAnswer, Lang, RouteVerdict
from solver.applicant import Applicant, InvalidInput, check_against_date, in_supported_range
from solver.criteria import EvalContext, Finding
from solver.criteria.occupation import principal_candidates
from solver.requests import ROUTE_IDS, check_reference_wages
from solver.rules.book import RuleBook, default_rulebook, resolve_rules
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


def route_ids(
    routes: Iterable[str] | None, programs: Iterable[str] | None = None, rules: RuleBook | None = None
) -> list[str]:
    """The route ids a request asks for: ``routes`` (every route when ``None``), limited to the
    program families ``programs`` when given (a route named outside them is refused)."""
    families = None if programs is None else list(dict.fromkeys(programs))
    if families is not None:
        unknown_families = [f for f in families if f not in PROGRAM_FAMILIES]
        if unknown_families or not families:
            raise InvalidInput(
                "programs", f"unknown program family(ies) {unknown_families}; known: {list(PROGRAM_FAMILIES)}"
            )
    book = rules or default_rulebook()
    if routes is None:
        chosen = list(ROUTE_IDS)
        if families is not None:
            chosen = [r for r in chosen if book.routes[r].family in families]
        return chosen
    chosen = list(dict.fromkeys(routes))
    unknown = [r for r in chosen if r not in ROUTE_IDS]
    if unknown or not chosen:
        raise InvalidInput("routes", f"unknown route id(s) {unknown}; known: {list(ROUTE_IDS)}")
    if families is not None:
        outside = [r for r in chosen if book.routes[r].family not in families]
        if outside:
            raise InvalidInput(
                "routes",
                f"route(s) {outside} are not in the program families asked ({', '.join(families)})",
                reason_fr=f"route(s) {outside} hors des familles de programmes demandées ({', '.join(families)})",
                kind="routes_outside_programs",
            )
    return chosen


PROGRAM_FAMILIES = ("pilots", "pstq", "peq")


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


def assess_route(route: Route, ctx: EvalContext) -> list[tuple[Any, Finding]]:
    """The finding of every criterion of the edition in ``ctx``, in rule-file order."""
    return [(c, c.assess(ctx)) for c in route.applicable(ctx.edition)]


def assess_principal(
    route: Route,
    ctx: EvalContext,
    candidates: list[str | None],
    memo: dict[tuple[object, ...], Finding] | None = None,
) -> tuple[str | None, list[tuple[Any, Finding]]]:
    """For a route that reads the principal occupation: the candidate that serves the client best
    (eligible, then unknown, then the fewest criteria not met; the first on a tie) and its findings.
    ``memo`` shares findings between routes of one call: equal logic for the same occupation, edition
    and date (a rule that reads a sibling is keyed by its route); without one, the call keeps its own.
    Either way the rules that do not read the occupation are assessed once for all the candidates."""
    if memo is None:
        memo = {}
    keyed = route.keyed(ctx.edition)
    # The rules that do not read the principal occupation are assessed once, for every candidate.
    found = {i: _remembered(memo, (key, None), c, ctx) for i, (c, key, reads) in enumerate(keyed) if not reads}
    reading = [(i, c, key) for i, (c, key, reads) in enumerate(keyed) if reads]
    fixed_not_met, fixed_unknown = _tally(found.values())
    best: tuple[tuple[int, int, int], str | None, list[Finding]] | None = None
    for rank, code in enumerate(candidates):
        ctx.principal = code
        own = [_remembered(memo, (key, code), c, ctx) for _, c, key in reading]
        not_met, unknown = _tally(own)
        not_met += fixed_not_met
        # eligible, then unknown, then the fewest criteria not met (``route_verdict``'s order)
        rated = (2 if not_met else (1 if unknown or fixed_unknown else 0), not_met, rank)
        if best is None or rated < best[0]:
            best = (rated, code, own)
    assert best is not None
    found.update((i, finding) for (i, _, _), finding in zip(reading, best[2], strict=True))
    ctx.principal = best[1]
    return best[1], [(c, found[i]) for i, (c, _, _) in enumerate(keyed)]


def _remembered(memo: dict[tuple[object, ...], Finding], key: tuple[object, ...], c: Any, ctx: EvalContext) -> Finding:
    """The finding of ``c`` in ``ctx``, assessed once per ``key`` in ``memo``."""
    finding = memo.get(key)
    if finding is None:
        finding = memo[key] = c.assess(ctx)
    return finding


def _tally(findings: Iterable[Finding]) -> tuple[int, bool]:
    """How many findings are not met, and whether one is unknown."""
    not_met = 0
    unknown = False
    for finding in findings:
        if finding.verdict == "not_met":
            not_met += 1
        elif finding.verdict == "unknown":
            unknown = True
    return not_met, unknown


def _pilot_end(rules: RuleBook, rids: Iterable[str]) -> date | None:
    """The earliest end of the pilot routes among ``rids`` (``None`` when none is asked)."""
    ends = [rules.routes[r].end_date for r in rids if rules.routes[r].family == "pilots"]
    return min(ends, default=None)


def notice_for(
    on: date, rules: RuleBook, lang: str, today: date | None = None, rids: Iterable[str] | None = None
) -> str | None:
    """A plain statement when the programs asked are closed on the date asked (the pilots: or closed today)."""
    ids = list(rids if rids is not None else rules.routes)
    end = _pilot_end(rules, ids)
    pilots = None if end is None else _notice(end, on, lang, today or date.today())
    return _joined(pilots, closed_programs(rules, ids, on, lang))


def closed_programs(rules: RuleBook, rids: Iterable[str], on: date, lang: str) -> str | None:
    """For each program other than the pilots that receives no application on ``on``, its name and
    why (between reception periods, not yet open, ended), as its routes' intake notes say."""
    seen: dict[str, Route] = {}
    for rid in rids:
        route = rules.routes[rid]
        if route.family != "pilots":
            seen.setdefault(route.program.program, route)
    notes = []
    for route in seen.values():
        intake = route.intake_on(on, lang)
        if not intake.open:
            colon = " : " if lang == "fr" else ": "
            notes.append(f"{route.program.name.get(lang)}{colon}{intake.note}")
    return " ".join(notes) or None


def _joined(*parts: str | None) -> str | None:
    return " ".join(p for p in parts if p) or None


@lru_cache(maxsize=1024)
def _notice(end: date, on: date, lang: str, today: date) -> str | None:
    """``notice_for`` once the programs' end date is known (written once per date and language)."""
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


@dataclass(frozen=True, slots=True)
class _RoutePlan:
    """One route of a plan: its rules and the result slots of its criteria, in rule-file order."""

    route: Route
    head: tuple[str, str, str | None, str | None, str | None]  # route, program, stream, profile, edition in force
    results: tuple[int, ...]
    findings: frozenset[int]  # the findings its verdict rests on
    context: int = -1  # its own context (a route that reads the principal occupation), else -1
    #: In its own context: for each rule that does not read the occupation, its key in
    #: ``assess_principal``'s memo and the index of the plan's finding, shared with other routes.
    seeds: tuple[tuple[tuple[object, ...], int], ...] = ()
    #: In its own context: the findings it assesses itself (those that read the occupation), by
    #: the index of the plan's finding, with the position of their rule in the route's criteria.
    own: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class _Result:
    """One distinct criterion entry of the answer: the criterion, and the indices of its finding
    and of its explanation in the plan."""

    criterion: Any
    finding: int
    text: int


@dataclass(frozen=True, slots=True)
class _Plan:
    """What an evaluation computes for one rule book, route list and set of editions, worked
    out once: routes share many rules (the same criterion objects through ``use:``, and the
    same logic under another wording across programs), so each distinct rule is assessed once
    and each distinct explanation written once, with the context of the first route that has it
    (the order the evaluator has always used)."""

    rids: tuple[str, ...]  # the routes asked
    contexts: tuple[tuple[Route, str], ...]  # (route, rules edition) of each context needed
    findings: tuple[tuple[Any, int], ...]  # (criterion, context index)
    texts: tuple[tuple[Any, int, int], ...]  # (criterion, finding index, context index)
    results: tuple[_Result, ...]
    #: Per language, each result as (id, finding, text, source, description, reading note).
    entries: dict[str, tuple[tuple[str, int, int, str, str, str], ...]]
    routes: tuple[_RoutePlan, ...]
    #: Per text, in a route's own context (a route that reads the principal occupation), what makes
    #: two of its sentences the same: the criterion, or its logic when it does not quote its wording;
    #: ``None`` in a shared context (``_explanations``).
    text_rules: tuple[object, ...]
    #: The findings that routes in a context of their own assess themselves (``_assessed``).
    own_findings: frozenset[int]
    #: The answers' notice, by (date, language, today): ``_plan_notice``.
    notices: dict[tuple[date, str, date], str | None] = field(default_factory=dict)


class _BookPlans:
    """The plans of one rule book: by (routes, rules edition and edition in force of each route),
    and by (routes, date). They live as long as the rule book does (a weak reference to it)."""

    __slots__ = ("book", "by_date", "by_editions", "principal_routes")

    def __init__(self, book: weakref.ref[RuleBook]) -> None:
        self.book = book
        self.principal_routes: frozenset[str] | None = None
        self.by_editions: dict[tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]], _Plan] = {}
        self.by_date: dict[tuple[tuple[str, ...], date], _Plan] = {}


_BOOKS: dict[int, _BookPlans] = {}


def _book_plans(rules: RuleBook) -> _BookPlans:
    """The plans of ``rules`` (forgotten when the rule book is)."""
    key = id(rules)
    found = _BOOKS.get(key)
    if found is not None and found.book() is rules:
        return found

    def forget(ref: weakref.ref[RuleBook], key: int = key) -> None:
        entry = _BOOKS.get(key)
        if entry is not None and entry.book is ref:
            _BOOKS.pop(key, None)

    found = _BOOKS[key] = _BookPlans(weakref.ref(rules, forget))
    return found


def _plan(rules: RuleBook, rids: list[str], on: date, one_principal: bool = False) -> _Plan:
    """The plan for ``rids`` on ``on``: built once per set of editions, found by date after.

    With ``one_principal`` (a profile with one principal occupation to try, declared or the only
    one of its history), the routes that read it share findings and texts like any other route:
    every context carries that occupation."""
    plans = _book_plans(rules)
    names = (*rids, one_principal)
    found = plans.by_date.get((names, on))
    if found is not None:
        return found
    routes = [rules.routes[rid] for rid in rids]
    editions = tuple((route.rules_edition(on).id, _edition_id(route.edition_on(on))) for route in routes)
    found = plans.by_editions.get((names, editions))
    if found is None:
        if len(plans.by_editions) > 64:
            plans.by_editions.clear()
        found = plans.by_editions[(names, editions)] = _build_plan(rules, rids, routes, editions, one_principal)
    if len(plans.by_date) > 4096:
        plans.by_date.clear()
    plans.by_date[(names, on)] = found
    return found


def _edition_id(edition: Any) -> str | None:
    return None if edition is None else edition.id


def _build_plan(
    rules: RuleBook,
    rids: list[str],
    routes: list[Route],
    editions: tuple[tuple[str, str | None], ...],
    one_principal: bool = False,
) -> _Plan:
    """Which findings, explanations and entries the routes need, in the order the evaluator has
    always computed them: a finding per distinct logic (``logic_key``; per route for a rule that
    reads a sibling), an entry per criterion object and edition, each with the first route's context."""
    contexts: list[tuple[Route, str]] = []
    findings: list[tuple[Any, int]] = []
    texts: list[tuple[Any, int, int]] = []
    results: list[_Result] = []
    route_plans: list[_RoutePlan] = []
    finding_of: dict[tuple[str, str | None, str], int] = {}
    text_of: dict[tuple[Any, ...], int] = {}
    result_of: dict[tuple[int, str], int] = {}
    for rid, route, (edition, in_force) in zip(rids, routes, editions, strict=True):
        ctx_index = -1
        slots = []
        seeds: list[tuple[tuple[object, ...], int]] = []
        owned: list[tuple[int, int]] = []
        # A route that reads the principal occupation assesses the rules that read it in its own
        # context, for the occupation chosen for it; its other rules are shared like any other.
        own = route.spec.principal_occupation and not one_principal
        if own:
            ctx_index = len(contexts)
            contexts.append((route, edition))
        for position, (criterion, memo_key, reads_principal) in enumerate(route.keyed(edition)):
            own_rule = own and (reads_principal or bool(getattr(criterion, "after_criterion", None)))
            slot = None if own_rule else result_of.get((id(criterion), edition))
            if slot is None:
                if ctx_index < 0:
                    ctx_index = len(contexts)
                    contexts.append((route, edition))
                scope = rid if own_rule or getattr(criterion, "after_criterion", None) else None
                # The same test in two programs' editions is assessed once, unless its parts are dated.
                dated = edition if criterion.reads_edition() else None
                logic = (criterion.finding_key(), scope, dated)
                f = finding_of.get(logic)
                if f is None:
                    f = finding_of[logic] = len(findings)
                    findings.append((criterion, ctx_index))
                # An explanation that does not quote the rule's own wording is the same for every
                # criterion of the same logic: it is written once.
                text_key = logic if not criterion.explain_uses_wording else (id(criterion), scope, dated)
                t = text_of.get(text_key)
                if t is None:
                    t = text_of[text_key] = len(texts)
                    texts.append((criterion, f, ctx_index))
                slot = len(results)
                results.append(_Result(criterion, f, t))
                if scope is None:
                    result_of[(id(criterion), edition)] = slot
            slots.append(slot)
            if own_rule:
                owned.append((results[slot].finding, position))
            elif own:
                seeds.append(((memo_key, None), results[slot].finding))
        spec = route.spec
        head = (rid, route.program.program, spec.stream, spec.profile, in_force)
        findings_of = frozenset(results[i].finding for i in slots)
        route_plans.append(
            _RoutePlan(route, head, tuple(slots), findings_of, ctx_index if own else -1, tuple(seeds), tuple(owned))
        )
    entries = {
        lang: tuple(
            (
                r.criterion.id,
                r.finding,
                r.text,
                r.criterion.source.text(lang),
                r.criterion.description(lang),
                r.criterion.reading_note(lang),
            )
            for r in results
        )
        for lang in ("en", "fr")
    }
    own = {rp.context for rp in route_plans if rp.context >= 0}
    text_rules = tuple(
        None if c not in own else (id(criterion) if criterion.explain_uses_wording else criterion.logic_key)
        for criterion, _, c in texts
    )
    return _Plan(
        tuple(rids),
        tuple(contexts),
        tuple(findings),
        tuple(texts),
        tuple(results),
        entries,
        tuple(route_plans),
        text_rules,
        frozenset(index for rp in route_plans for index, _ in rp.own),
    )


def evaluate(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
    programs: Iterable[str] | None = None,
) -> EligibilityAnswer:
    """Eligibility of ``applicant`` for each route on ``application_date`` (default: today).

    Raises:
        InvalidInput: an impossible request (unknown route, born after the date...).
        pydantic.ValidationError: a profile given as a dict that does not fit the contract.
    """
    return EligibilityAnswer.model_validate(
        evaluation_data(
            applicant, application_date, routes, lang, reference_wages, rules, assumptions, reform, programs, True
        )
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
    programs: Iterable[str] | None = None,
) -> str:
    """The answer of ``evaluate`` as its JSON text, without building the pydantic models:
    what batch workers send, byte for byte what ``EligibilityAnswer.model_dump_json`` gives."""
    data = evaluation_data(
        applicant, application_date, routes, lang, reference_wages, rules, assumptions, reform, programs
    )
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
    programs: Iterable[str] | None = None,
    models: bool = False,
) -> dict[str, Any]:
    """The eligibility answer as plain data, keys in the order of the answer models' fields.

    With ``models``, the parts ``evaluate`` would validate twice are answer models already (frozen,
    so that sharing them is safe): each route's intake status is the route's own ``IntakeStatus``
    for the date, and a criterion result that several routes share is one ``CriterionResult``."""
    person = as_applicant(applicant)
    on = as_date(application_date)
    check_against_date(person, on)
    rules = resolve_rules(rules, assumptions, reform)
    plan, ctxs, code = _contexts(person, on, routes, programs, reference_wages, rules)
    findings = _assessed(plan, ctxs, person, rules.noc)
    if plan.own_findings:
        texts = _explanations(plan, findings, ctxs, lang)
    else:
        texts = [criterion.explain(findings[f], ctxs[c], lang) for criterion, f, c in plan.texts]
    results = [
        {
            "id": cid,
            "verdict": (finding := findings[f]).verdict,
            "explanation": texts[t] + note,
            "source": source,
            "description": description,
            "assumption": None if finding.assumption is None else pick(lang, *finding.assumption),
        }
        for cid, f, t, source, description, note in plan.entries["fr" if lang == "fr" else "en"]
    ]
    if models:
        results = _RESULTS.validate_python(results)
    answers = [
        {
            "route": rid,
            "program": program,
            "stream": stream,
            "profile": profile,
            "edition": edition,
            "verdict": route_verdict({findings[f].verdict for f in rp.findings}),
            "intake": rp.route.intake_on(on, lang) if models else rp.route.intake_data(on, lang),
            "criteria": [results[i] for i in rp.results],
            "principal_noc": (
                ctxs[rp.context].principal if rp.context >= 0 else code if rp.route.spec.principal_occupation else None
            ),
        }
        for rp in plan.routes
        for rid, program, stream, profile, edition in (rp.head,)
    ]
    return {
        "application_date": on,
        "rules_version": rules.rules_version,
        "assumptions": rules.assumptions,
        "notice": _plan_notice(plan, rules, on, lang),
        "routes": answers,
    }


def _plan_notice(plan: _Plan, rules: RuleBook, on: date, lang: str) -> str | None:
    """``notice_for`` the plan's routes, written once per date, language and day it is asked."""
    today = date.today()
    key = (on, lang, today)
    found = plan.notices.get(key, _MISSING)
    if found is _MISSING:
        if len(plan.notices) > 1024:
            plan.notices.clear()
        found = plan.notices[key] = notice_for(on, rules, lang, today, plan.rids)
    return found  # type: ignore[return-value]


_MISSING: Any = object()


def _contexts(
    person: Applicant,
    on: date,
    routes: Iterable[str] | None,
    programs: Iterable[str] | None,
    reference_wages: Mapping[str, float] | None,
    rules: RuleBook,
) -> tuple[_Plan, list[EvalContext], str | None]:
    """What ``evaluation_data`` and ``route_verdicts`` start from, the other inputs checked: the plan for
    the routes asked on ``on``, one context per (route, edition) of the plan, all sharing the call's
    caches, and the one principal occupation every context carries (``None`` when several are tried).
    """
    wages = checked_wages(reference_wages)
    rids = route_ids(routes, programs, rules)
    single = _single_principal(rules, rids, person)
    plan = _plan(rules, rids, on, single is not _SEVERAL)
    memo: dict[tuple[int, int], bool | None] = {}
    counts: dict[tuple[object, ...], tuple[int, int]] = {}
    code = None if single is _SEVERAL else single
    noc = rules.noc
    ctxs = [EvalContext(person, on, ed, noc, wages, route.by_id, memo, code, counts) for route, ed in plan.contexts]
    return plan, ctxs, code


#: Validates a list of criterion results at once.
_RESULTS: TypeAdapter[list[CriterionResult]] = TypeAdapter(list[CriterionResult])

#: ``_single_principal``'s answer when several occupations must be tried.
_SEVERAL: Any = object()


def _single_principal(rules: RuleBook, rids: list[str], person: Applicant) -> Any:
    """The one principal occupation the routes asked will use (``None`` when unknown), or ``_SEVERAL``
    when there are several to try; ``None`` too when no route asked reads one."""
    if _principal_routes(rules).isdisjoint(rids):
        return None
    candidates = principal_candidates(person, rules.noc)
    return candidates[0] if len(candidates) == 1 else _SEVERAL


def _principal_routes(rules: RuleBook) -> frozenset[str]:
    """The routes of ``rules`` that read the principal occupation (worked out once per rule book)."""
    plans = _book_plans(rules)
    if plans.principal_routes is None:
        plans.principal_routes = frozenset(r for r, route in rules.routes.items() if route.spec.principal_occupation)
    return plans.principal_routes


def _explanations(plan: _Plan, findings: list[Finding], ctxs: list[EvalContext], lang: str) -> list[str]:
    """The explanations, each distinct finding explained once: the routes that read the principal
    occupation share their findings for one occupation, and so their sentences."""
    written: dict[tuple[object, int, str | None], str] = {}
    texts = []
    for (criterion, f, c), rule in zip(plan.texts, plan.text_rules, strict=True):
        if rule is None:  # not in a context of its own
            texts.append(criterion.explain(findings[f], ctxs[c], lang))
            continue
        key = (rule, id(findings[f]), ctxs[c].principal if criterion.reads_principal else None)
        text = written.get(key)
        if text is None:
            text = written[key] = criterion.explain(findings[f], ctxs[c], lang)
        texts.append(text)
    return texts


def _assessed(plan: _Plan, ctxs: list[EvalContext], person: Applicant, noc: Any) -> list[Finding]:
    """Every finding of the plan. The routes that read the principal occupation in a context of
    their own (several occupations to try) choose the candidate that serves the client best (the
    context keeps it) from their own findings and the shared ones, which are assessed first."""
    own = plan.own_findings
    if not own:
        return [criterion.assess(ctxs[c]) for criterion, c in plan.findings]
    found: list[Any] = [
        None if i in own else criterion.assess(ctxs[c]) for i, (criterion, c) in enumerate(plan.findings)
    ]
    candidates = principal_candidates(person, noc)
    memo: dict[tuple[object, ...], Finding] = {}
    for rp in plan.routes:
        if rp.context < 0:
            continue
        for key, index in rp.seeds:
            memo.setdefault(key, found[index])
        _, assessed = assess_principal(rp.route, ctxs[rp.context], candidates, memo)
        for index, position in rp.own:
            found[index] = assessed[position][1]
    return found


def route_verdicts(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
    programs: Iterable[str] | None = None,
) -> dict[str, RouteVerdict]:
    """Only the verdict of each route: the same assessment as ``evaluate`` without explanations,
    for cohort analytics where millions of answers are counted rather than read."""
    person = as_applicant(applicant)
    on = as_date(application_date)
    check_against_date(person, on)
    rules = resolve_rules(rules, assumptions, reform)
    plan, ctxs, _ = _contexts(person, on, routes, programs, reference_wages, rules)
    found = [finding.verdict for finding in _assessed(plan, ctxs, person, rules.noc)]
    return {rp.head[0]: route_verdict({found[f] for f in rp.findings}) for rp in plan.routes}
