"""What ``evaluate`` shares between the fifteen routes of one call never changes an answer.

``evaluate`` works out each distinct rule once per call: the same test in two programs' editions
(the pilots', the PSTQ's and the PEQ's "intends to settle"), the experience counts of rules that
count the same episodes, the rules of a PSTQ route that do not read the principal occupation
(once for all the candidates), and one answer model for a result several routes share. Here a
naive path assesses and explains every criterion of every route alone, in a context of its own
with no cache, and the answers must be the same, criterion by criterion, in both languages, on
dates of the pilots, of the PEQ's reception period and after it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
import pytest

from solver import Applicant, evaluate
from solver.cohort import generate_cohort
from solver.cohort.pstq import iter_pstq_cohort
from solver.criteria import EvalContext
from solver.criteria.occupation import principal_candidates
from solver.evaluator import assess_principal, assess_route
from solver.rules.book import default_rulebook, rulebook_for

DATES = (date(2024, 6, 3), date(2026, 8, 1), date(2026, 12, 5))


def _profiles() -> list[Applicant]:
    return generate_cohort(80, seed=23, reference_date=DATES[0]) + list(iter_pstq_cohort(60, seed=23))


def naive_answer(person: Applicant, on: date, lang: str, rules: Any) -> dict[str, list[tuple[str, str, str]]]:
    """Every route alone: its criteria assessed in a fresh context (no per-call cache, no finding
    shared with another route), each explained with its own finding."""
    answer = {}
    for rid, route in rules.routes.items():
        ctx = EvalContext(person, on, route.rules_edition(on).id, rules.noc, {}, route.by_id)
        if route.spec.principal_occupation:
            _, found = assess_principal(route, ctx, principal_candidates(person, rules.noc))
        else:
            found = assess_route(route, ctx)
        answer[rid] = [(c.id, f.verdict, c.explain(f, ctx, lang) + c.reading_note(lang)) for c, f in found]
    return answer


def shared_answer(person: Applicant, on: date, lang: str, **options: Any) -> dict[str, list[tuple[str, str, str]]]:
    return {
        r.route: [(c.id, c.verdict, c.explanation) for c in r.criteria]
        for r in evaluate(person, on, lang=lang, **options).routes
    }


@pytest.mark.parametrize("on", DATES, ids=str)
def test_every_criterion_equals_its_route_assessed_alone(on: date) -> None:
    rules = default_rulebook()
    profiles = _profiles()
    for i, person in enumerate(profiles):
        lang = "fr" if i % 2 else "en"
        assert shared_answer(person, on, lang) == naive_answer(person, on, lang, rules), i


def test_the_same_holds_with_every_reading_switched() -> None:
    flipped = {name: not value for name, value in default_rulebook().assumptions.items()}
    rules = rulebook_for(flipped)
    for i, person in enumerate(_profiles()[::3]):
        lang = "en" if i % 2 else "fr"
        on = DATES[i % len(DATES)]
        assert shared_answer(person, on, lang, assumptions=flipped) == naive_answer(person, on, lang, rules), i


def test_a_route_asked_alone_answers_as_among_all_fifteen() -> None:
    rids = list(default_rulebook().routes)
    for i, person in enumerate(_profiles()[::4]):
        on = DATES[i % len(DATES)]
        together = {r.route: r for r in evaluate(person, on).routes}
        for rid in rids:
            assert evaluate(person, on, routes=[rid]).routes[0] == together[rid], (i, rid)


def test_shared_parts_of_an_answer_cannot_be_changed_in_place() -> None:
    """Routes share one result model for a rule they share, and every answer of a date shares the
    route's intake status: both are frozen, so changing one cannot change another answer."""
    person = _profiles()[0]
    answer = evaluate(person, DATES[0])
    first, second = (
        next(r for r in answer.routes if r.route == rid) for rid in ("orderlies-work", "orderlies-work-study")
    )
    shared = [c for c in first.criteria if any(c is other for other in second.criteria)]
    assert shared, "the orderlies' two streams share their general conditions"
    with pytest.raises(pydantic.ValidationError):
        shared[0].explanation = "changed"
    with pytest.raises(pydantic.ValidationError):
        first.intake.note = "changed"
    assert next(r for r in evaluate(person, DATES[0]).routes if r.route == "orderlies-work").intake is first.intake
