"""French results are valid when two years old or less on the application date (issue 20).

quebec.ca: "Your results must be two years or less from the date you apply". Results assessed on
2022-10-01 are valid on 2024-10-01 (their second anniversary) and expired on 2024-10-02. The
verdict, the explanation, the days the verdict turns (``apply_by``) and the columnar form all
read the rule through ``solver.criteria.french.results_valid_until``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from profiles import eligible_for

from solver import evaluate, plan_gaps
from solver.applicant import Applicant, French
from solver.columnar.routes import VERDICTS, route_columns
from solver.criteria.columns.context import ColumnContext
from solver.criteria.columns.frame import Vocabulary, build_frame
from solver.criteria.columns.tri import FALSE, TRUE
from solver.criteria.french import (
    OralFrench,
    results_fresh,
    results_valid_since,
    results_valid_until,
)
from solver.evaluator import route_verdicts
from solver.rules.book import default_rulebook

ROUTE = "orderlies-work"
ASSESSED = date(2022, 10, 1)
LAST_VALID, FIRST_EXPIRED = date(2024, 10, 1), date(2024, 10, 2)
ONE_DAY = timedelta(days=1)


def orderly(assessed: date | None = ASSESSED) -> dict[str, Any]:
    """The orderly of ``profiles.py`` (eligible on 2024-06-03), with French assessed on ``assessed``."""
    profile = eligible_for(ROUTE)
    profile["french"]["assessed_on"] = None if assessed is None else assessed.isoformat()
    return profile


def oral_french(on: date, lang: str = "en", assessed: date | None = ASSESSED) -> tuple[str, str, str]:
    """(route verdict, oral French verdict, its explanation) for the orderly on ``on``."""
    route = evaluate(orderly(assessed), on, routes=[ROUTE], lang=lang).routes[0]
    found = next(c for c in route.criteria if c.id == "oral_french")
    return route.verdict, found.verdict, found.explanation


def criterion() -> OralFrench:
    found = default_rulebook().routes[ROUTE].by_id["oral_french"]
    assert isinstance(found, OralFrench)
    return found


# -- the worked example: 2022-10-01 -> valid on 2024-10-01, expired on 2024-10-02 ---------------
def test_the_last_valid_day_is_the_second_anniversary() -> None:
    assert results_valid_until(ASSESSED, 24) == LAST_VALID
    assert results_fresh(ASSESSED, LAST_VALID, 24) is True
    assert results_fresh(ASSESSED, FIRST_EXPIRED, 24) is False
    assert results_fresh(ASSESSED, ASSESSED, 24) is True
    assert results_fresh(ASSESSED, ASSESSED - ONE_DAY, 24) is False  # assessed after the application date
    assert results_fresh(None, LAST_VALID, 24) is None
    assert criterion().max_age_months == 24


def test_results_are_met_on_their_second_anniversary_and_say_valid_until_it() -> None:
    route, verdict, explanation = oral_french(LAST_VALID)
    assert (route, verdict) == ("eligible", "met")
    assert "assessed on 2022-10-01, valid until 2024-10-01." in explanation
    route, verdict, explanation = oral_french(LAST_VALID, "fr")
    assert (route, verdict) == ("eligible", "met")
    assert "évalué le 2022-10-01, valide jusqu'au 2024-10-01." in explanation


def test_results_are_expired_the_day_after_and_say_until_when_they_were_valid() -> None:
    route, verdict, explanation = oral_french(FIRST_EXPIRED)
    assert (route, verdict) == ("not_eligible", "not_met")
    assert "the assessment of 2022-10-01 was valid until 2024-10-01" in explanation
    assert "2 years old or less on the application date" in explanation
    route, verdict, explanation = oral_french(FIRST_EXPIRED, "fr")
    assert (route, verdict) == ("not_eligible", "not_met")
    assert "l'évaluation du 2022-10-01 était valide jusqu'au 2024-10-01" in explanation
    assert "dater de 2 ans ou moins à la date de la demande" in explanation


def test_an_assessment_after_the_application_date_is_not_met() -> None:
    _, verdict, explanation = oral_french(ASSESSED - ONE_DAY)
    assert verdict == "not_met" and "is after the application date" in explanation


def test_a_leap_day_assessment_is_valid_until_the_last_day_of_february() -> None:
    # 2024-02-29 + 24 months: 2026-02-28 (no 29 February in 2026), expired from 2026-03-01
    assert results_valid_until(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert results_fresh(date(2024, 2, 29), date(2026, 2, 28), 24) is True
    assert results_fresh(date(2024, 2, 29), date(2026, 3, 1), 24) is False
    assert results_valid_until(date(2024, 3, 31), 24) == date(2026, 3, 31)
    # results of 2022-02-28 are two years old on 2024-02-28: the leap day after is one day too late
    assert results_fresh(date(2022, 2, 28), date(2024, 2, 28), 24) is True
    assert results_fresh(date(2022, 2, 28), date(2024, 2, 29), 24) is False
    assert results_valid_since(date(2024, 2, 29), 24) == date(2022, 3, 1)


def test_the_verdict_turns_on_the_first_expired_day() -> None:
    from solver.criteria.base import EvalContext

    rules = default_rulebook()
    route = rules.routes[ROUTE]
    on = date(2024, 6, 3)
    ctx = EvalContext(
        Applicant.model_validate(orderly()), on, route.rules_edition(on).id, rules.noc, {}, route.by_id, {}
    )
    assert criterion().change_days(ctx, date(2025, 12, 31)) == {FIRST_EXPIRED}


# -- the columnar evaluator ------------------------------------------------------------------------
def test_the_columnar_evaluator_agrees_on_the_anniversary() -> None:
    rules = default_rulebook()
    people = [Applicant.model_validate(orderly())]
    frame = build_frame(people, Vocabulary())
    for on, expected in ((LAST_VALID, "eligible"), (FIRST_EXPIRED, "not_eligible")):
        got = VERDICTS[route_columns(frame, on, rules, routes=[ROUTE])[ROUTE][0]]
        assert got == expected == route_verdicts(people[0], on, routes=[ROUTE], rules=rules)[ROUTE]


def test_the_columnar_freshness_is_results_fresh_around_month_ends() -> None:
    """``OralFrench.to_columns`` on every assessment date from 25 months before to 2 days after
    application dates at month ends, leap days and mid-month days."""
    rules = default_rulebook()
    rule = criterion()
    edition = rules.routes[ROUTE].rules_edition(LAST_VALID).id
    days = [
        LAST_VALID,
        FIRST_EXPIRED,
        date(2024, 2, 29),
        date(2024, 2, 28),
        date(2025, 2, 28),
        date(2025, 3, 1),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 12, 31),
    ]
    for on in days:
        first = on - timedelta(days=25 * 31)
        assessed = [first + ONE_DAY * i for i in range((on - first).days + 3)]
        people = [Applicant(french=French(oral_comprehension=7, oral_production=7, assessed_on=a)) for a in assessed]
        column = rule.to_columns(ColumnContext(build_frame(people, Vocabulary()), on, edition, rules.noc))
        expected = np.array([TRUE if results_fresh(a, on, 24) else FALSE for a in assessed], dtype=np.int8)
        assert (column == expected).all(), [a for a, c, e in zip(assessed, column, expected, strict=True) if c != e]


# -- apply_by --------------------------------------------------------------------------------------
def test_apply_by_is_the_last_valid_day() -> None:
    for lang, phrase in (
        ("en", "The French results are valid until 2024-10-01 and expire on 2024-10-02"),
        ("fr", "Les résultats de français sont valides jusqu'au 2024-10-01 et expirent le 2024-10-02"),
    ):
        result = plan_gaps(orderly(), "2024-09-03", routes=[ROUTE], lang=lang).routes[0]
        assert result.status == "eligible_now"
        plan = result.plans[0]
        assert plan.changes == [] and plan.apply_on == date(2024, 9, 3)
        assert plan.apply_by == LAST_VALID
        assert plan.apply_by_reason and plan.apply_by_reason.startswith(phrase), plan.apply_by_reason
        assert oral_french(plan.apply_by)[0] == "eligible"
        assert oral_french(plan.apply_by + ONE_DAY)[0] == "not_eligible"


def test_apply_by_ends_the_day_before_a_leap_day_after_the_anniversary() -> None:
    # assessed 2022-02-28: two years old on 2024-02-28, more than two years old on 2024-02-29
    result = plan_gaps(orderly(date(2022, 2, 28)), "2024-02-01", routes=[ROUTE]).routes[0]
    assert result.status == "eligible_now"
    plan = result.plans[0]
    assert plan.apply_by == date(2024, 2, 28)
    assert plan.apply_by_reason and plan.apply_by_reason.startswith(
        "The French results are valid until 2024-02-28 and expire on 2024-02-29"
    )
    assert oral_french(date(2024, 2, 28), assessed=date(2022, 2, 28))[1] == "met"
    assert oral_french(date(2024, 2, 29), assessed=date(2022, 2, 28))[1] == "not_met"


# -- the property ----------------------------------------------------------------------------------
MIN_DAY, MAX_DAY = date(1990, 1, 1), date(2060, 12, 31)


@st.composite
def days(draw: st.DrawFn) -> date:
    """Any day, with month ends and 29 Februaries drawn often."""
    kind = draw(st.sampled_from(["any", "month_end", "leap_day", "near_month_end"]))
    if kind == "any":
        return draw(st.dates(MIN_DAY, MAX_DAY))
    year = draw(st.integers(MIN_DAY.year, MAX_DAY.year))
    if kind == "leap_day":
        year = draw(st.sampled_from([y for y in range(MIN_DAY.year, MAX_DAY.year + 1) if calendar.isleap(y)]))
        return date(year, 2, 29)
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    if kind == "month_end":
        return date(year, month, last)
    return date(year, month, draw(st.integers(max(1, last - 3), last)))


def anniversary(day: date, months: int) -> date:
    """The same day ``months`` later, the last day of the month when it has no such day
    (independent of ``solver.dates``)."""
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


AGES = st.one_of(st.just(24), st.integers(1, 72))


@given(days(), days(), AGES)
def test_results_fresh_is_assessed_on_or_before_the_day_up_to_the_last_valid_day(
    assessed: date, on: date, months: int
) -> None:
    until = results_valid_until(assessed, months)
    assert results_fresh(assessed, on, months) is (assessed <= on <= until)
    assert until == anniversary(assessed, months)  # "valid until" is the anniversary, clamped
    assert results_fresh(assessed, until, months) is True
    assert results_fresh(assessed, until + ONE_DAY, months) is False
    # the columnar form: fresh exactly from results_valid_since(on) to on
    assert results_fresh(assessed, on, months) is (results_valid_since(on, months) <= assessed <= on)


@given(days(), AGES)
def test_the_oldest_valid_assessment_is_valid_and_the_day_before_it_is_not(on: date, months: int) -> None:
    since = results_valid_since(on, months)
    assert results_fresh(since, on, months) is True
    assert results_fresh(since - ONE_DAY, on, months) is False
