"""Property-based tests of the gap solver against the evaluator and an independent brute-force
oracle (``tests/oracle.py``), on random realistic profiles (issue 3, "What it must show"):

1. with no change (horizon 0, windows ignored) the solver's status agrees with the evaluator;
2. every returned plan, applied to the profile and evaluated on ``apply_on``, is eligible
   (criteria resting on a stated assumption count as met), and is dated and priced as the
   documented cost model says;
3. no plan found by the oracle is cheaper than the solver's optimum (and when the solver's
   plan lies inside the oracle's domains, the two optima are equal);
4. ``unreachable`` only when the oracle finds no plan.

Each example samples one route (to stay fast) and, one time in three, a random setting of the
named readings of the rules (assumptions), which the oracle reads from the rule data itself. The
run is derandomised (fixed examples).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import oracle
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from oracle import add_months, change_cost, counts_as_met, elapsed_months, rule_data

from solver import Applicant, apply_plan, evaluate, plan_gaps
from solver.answers import Plan
from solver.requests import PILOT_ROUTE_IDS as ROUTE_IDS
from tests.profiles import eligible_for

ROUTES = ROUTE_IDS
FIRST_START, LAST_START = date(2021, 4, 1), date(2025, 6, 30)
WAGES = {"21232": 95000.0, "21211": 105000.0, "52120": 68000.0, "2174": 90000.0}

#: Real occupations (NOC 2021, a few NOC 2016) with a matching industry (NAICS) and sector tag.
JOBS: dict[str, tuple[str, str | None]] = {
    "33102": ("623110", "health"),
    "3413": ("623110", "health"),
    "31301": ("622111", "health"),
    "95106": ("311615", None),
    "9617": ("311615", None),
    "94141": ("311611", None),
    "85100": ("112320", None),
    "21211": ("541715", "ai"),
    "21232": ("541511", "ai"),
    "2174": ("541511", None),
    "52120": ("541430", None),
}
ROUTE_NOCS = {
    "food": ["95106", "94141", "9617", "85100"],
    "orderlies": ["33102", "33102", "3413", "31301"],
    "ai": ["21211", "21232", "21211"],
    "it": ["21232", "52120", "21211", "2174"],
}
ALL_NOCS = sorted(JOBS)
ASSUMPTIONS = sorted(oracle.assumption_defaults())

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- strategies ----------------------------------------------------------------------------
def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@st.composite
def episodes(
    draw: st.DrawFn, start: date, pool: list[str], tenure: tuple[int, int] = (1, 44), held: int = 6
) -> dict[str, Any]:
    """A job episode in an occupation of ``pool`` (sometimes any), begun ``tenure`` months before
    ``start``; still held with odds ``held`` in 10, else ended (rarely in the future)."""
    noc = draw(st.sampled_from(pool) if draw(st.integers(0, 9)) < 8 else st.sampled_from(ALL_NOCS))
    naics, sector = JOBS[noc]
    months_before = (
        draw(st.integers(*tenure)) if draw(st.sampled_from([True] * 14 + [False])) else -draw(st.integers(1, 4))
    )
    began = add_months(start, -months_before) - timedelta(days=draw(st.integers(0, 27)))
    end_kind = draw(st.integers(0, 9))
    if end_kind < held:
        end = None
    elif end_kind < 9:
        end = max(began, add_months(start, -draw(st.integers(0, 20))))
    else:
        end = max(began, add_months(start, draw(st.integers(1, 8))))
    in_quebec = noc != "31301" and draw(st.integers(0, 9)) < 9
    salary = None if draw(st.integers(0, 19)) == 0 else float(draw(st.integers(35, 130)) * 1000)
    return {
        "noc": noc,
        "naics": naics[:2] if naics.startswith("311") and draw(st.sampled_from([False] * 9 + [True])) else naics,
        "role": "chicken_catcher" if noc == "85100" and draw(st.integers(0, 3)) else None,
        "in_quebec": in_quebec,
        "hours_per_week": draw(st.sampled_from([37.5, 37.5, 37.5, 37.5, 40.0, 25.0])),
        "paid": True,
        "authorized": draw(st.sampled_from([True] * 9 + [None])),
        "basic_personal_care": True if sector == "health" else None,
        "start": _iso(began),
        "end": _iso(end),
        "annual_salary": salary,
        "employer_in_cmm": draw(st.sampled_from([True, True, False, None])),
        "sector": sector if draw(st.integers(0, 9)) < 9 else None,
    }


DIPLOMA_KINDS = ["dep_5358", "secondary", "bachelor", "master", "graduate_diploma", "dec_tech"]


@st.composite
def diplomas(draw: st.DrawFn, start: date, kinds: list[str] = DIPLOMA_KINDS, ago: tuple[int, int] = (-4, 40)) -> dict:
    """A diploma of one of ``kinds`` obtained ``ago`` months before ``start`` (negative: in the future)."""
    kind = draw(st.sampled_from(kinds))
    months_ago = draw(st.integers(*ago))
    obtained = add_months(start, -months_ago) - timedelta(days=draw(st.integers(0, 27)))
    if kind == "dep_5358":
        return {"level": "vocational", "program_code": "5358", "field": "orderly", "in_quebec": True,
                "full_time_months": draw(st.sampled_from([12, 12, 12, 9])), "obtained_on": _iso(obtained),
                "share_studied_in_quebec": 1.0}  # fmt: skip
    if kind == "secondary":
        return {"level": "secondary", "program_code": None, "field": None, "in_quebec": False,
                "full_time_months": draw(st.sampled_from([24, 24, 6])), "obtained_on": _iso(add_months(start, -120)),
                "share_studied_in_quebec": 0.0}  # fmt: skip
    if kind == "bachelor":
        abroad = draw(st.booleans())
        return {"level": "bachelor", "program_code": None, "field": "computer_science", "in_quebec": not abroad,
                "full_time_months": 36, "obtained_on": _iso(add_months(obtained, -24)),
                "share_studied_in_quebec": 0.0 if abroad else 1.0}  # fmt: skip
    if kind == "dec_tech":
        return {"level": "college_technical", "program_code": None, "field": "computer_science",
                "in_quebec": True, "full_time_months": 36, "obtained_on": _iso(add_months(obtained, -12)),
                "share_studied_in_quebec": 1.0}  # fmt: skip
    return {"level": kind, "program_code": None, "field": "artificial_intelligence",
            "in_quebec": draw(st.sampled_from([True, True, True, False])),
            "full_time_months": 24 if kind == "master" else 12, "obtained_on": _iso(obtained),
            "share_studied_in_quebec": draw(st.sampled_from([1.0, 1.0, 0.5, 0.2]))}  # fmt: skip


#: Route families: the jobs and diplomas a profile close to eligibility would have.
ARCHETYPES: dict[str, dict[str, Any]] = {
    "food": {"tenure": (8, 40), "diplomas": ["secondary"], "ago": (-4, 40)},
    "orderlies": {"tenure": (4, 34), "diplomas": ["dep_5358"], "ago": (-4, 30)},
    "ai": {"tenure": (6, 60), "diplomas": ["bachelor", "master", "graduate_diploma"], "ago": (-5, 30)},
    "it": {"tenure": (10, 50), "diplomas": ["dec_tech", "bachelor"], "ago": (-4, 60)},
}


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A route, a planning start, a realistic profile (usually close to that route), and wages."""
    route = draw(st.sampled_from(ROUTES))
    start = FIRST_START + timedelta(days=draw(st.integers(0, (LAST_START - FIRST_START).days)))
    family = route.split("-")[0]
    pool = ROUTE_NOCS[family]
    if draw(st.integers(0, 3)):  # close to the route
        arch = ARCHETYPES[family]
        jobs = [draw(episodes(start, pool, arch["tenure"], held=9))]
        jobs += draw(st.lists(episodes(start, pool), max_size=1))
        papers = [draw(diplomas(start, arch["diplomas"], arch["ago"]))]
        papers += draw(st.lists(diplomas(start), max_size=1))
        good = 12
    else:  # anything
        jobs = draw(st.lists(episodes(start, pool), max_size=3))
        papers = draw(st.lists(diplomas(start), max_size=2))
        good = 6
    minor = draw(st.sampled_from([False] * 11 + [True]))  # sometimes turns 18 during the plan
    age_days = draw(st.integers(17 * 366, 18 * 365) if minor else st.integers(19 * 366, 50 * 365))
    french = None
    if draw(st.integers(0, 9)):
        french = {
            "oral_comprehension": draw(st.integers(4, 9)) if draw(st.integers(0, 14)) else None,
            "oral_production": draw(st.integers(4, 9)),
            "assessed_on": _iso(add_months(start, -draw(st.integers(0, 30))))
            if draw(st.sampled_from([True] * 14 + [False]))
            else None,
        }
    offer = None
    if family in ("ai", "it") and draw(st.integers(0, 3)) == 0:
        noc = draw(st.sampled_from(["21211", "21232"]))
        offer = {"noc": noc, "naics": JOBS[noc][0], "role": None, "sector": draw(st.sampled_from(["ai", "ai", None])),
                 "hours_per_week": 37.5, "annual_salary": float(draw(st.integers(70, 110)) * 1000),
                 "employer_in_cmm": draw(st.booleans()),
                 "start": _iso(add_months(start, draw(st.integers(1, 6))))}  # fmt: skip
    profile = {
        "birth_date": _iso(start - timedelta(days=age_days)),
        "status_in_quebec": draw(st.sampled_from(["worker"] * good + ["youth_exchange", "student", "abroad", None])),
        "intends_to_settle_in_quebec": draw(st.sampled_from([True] * good + [None, False])),
        "controls_employer": draw(st.sampled_from([False] * good + [True, None])),
        "respected_conditions_of_stay": draw(st.sampled_from([True] * good + [None, False])),
        "self_sufficiency_undertaking": draw(st.sampled_from([True] * good + [None, False])),
        "commits_to_learn_french": draw(st.sampled_from([True] * good + [None])),
        "expert_committee_opinion": draw(st.sampled_from(["favourable"] * (good // 3) + [None, "unfavourable"])),
        "french": french,
        "diplomas": papers,
        "work_history": jobs,
        "job_offer": offer,
    }
    wages = draw(st.sampled_from([None, WAGES])) if family == "it" else None
    # the readings of the rules: usually the defaults, else each switched at random
    assumptions = None
    if draw(st.integers(0, 2)) == 0:
        assumptions = draw(st.fixed_dictionaries({name: st.booleans() for name in ASSUMPTIONS}))
    return {"route": route, "start": start, "profile": profile, "wages": wages, "assumptions": assumptions}


# -- helpers -------------------------------------------------------------------------------
def solver_key(plan: Plan, objective: str) -> tuple[Any, Any]:
    """``earliest``: (application date, effort); ``least_effort``: (effort, application date)."""
    effort = round(plan.effort * oracle.SCALE)
    return (plan.apply_on, effort) if objective == "earliest" else (effort, plan.apply_on)


def route_result(profile: Any, on: date, route: str, wages: Any, assumptions: Any = None) -> Any:
    return evaluate(profile, on, routes=[route], reference_wages=wages, assumptions=assumptions).routes[0]


def describe(s: dict[str, Any], **extra: Any) -> str:
    """The example as JSON (profile, route, start, wages and whatever else), for a failure message."""
    return json.dumps({**s, "start": s["start"].isoformat(), **extra}, default=str)


def in_oracle_domain(plan: Plan, domain: dict[str, list[oracle.Option]]) -> bool:
    keys = {o.key for options in domain.values() for o in options}
    for change in plan.changes:
        if change.lever == "wait":
            continue
        if oracle.option_key(change.lever, change.to, change.target) not in keys:
            return False
    return True


# -- (1) no change: the solver's status agrees with the evaluator --------------------------
@settings(SETTINGS, max_examples=150)
@given(scenarios())
def test_no_change_status_matches_evaluator(s: dict[str, Any]) -> None:
    route, start, wages = s["route"], s["start"], s["wages"]
    answer = plan_gaps(
        s["profile"],
        start,
        horizon_months=0,
        respect_intake_windows=False,
        routes=[route],
        reference_wages=wages,
        assumptions=s["assumptions"],
    ).routes[0]
    verdict = route_result(s["profile"], start, route, wages, s["assumptions"])
    assert (answer.status == "eligible_now") == (verdict.verdict == "eligible"), describe(s, answer=answer)
    as_if_met = all(counts_as_met(c) for c in verdict.criteria)
    if answer.plans:
        best = answer.plans[0]
        assert best.months_from_start == 0 and best.apply_on == start
        # no change is needed exactly when every criterion is met (or rests on a stated assumption)
        assert (not best.changes) == as_if_met, describe(s, answer=answer)
        if verdict.verdict == "not_eligible":
            assert best.changes, describe(s, answer=answer)
    else:
        assert answer.status == "unreachable" and not as_if_met
    # with no time, only instant levers (declarations) may be used: the oracle agrees exactly
    found = oracle.solve(s["profile"], route, start, 0, "earliest", False, wages, assumptions=s["assumptions"])
    assert found.complete
    assert found.found == (answer.status != "unreachable"), describe(s, answer=answer, oracle=found.changes)
    if found.found:
        assert solver_key(answer.plans[0], "earliest") == found.key("earliest"), describe(s, answer=answer)


# -- (2) every returned plan is eligible on its date, dated and priced by the cost model ---
@settings(SETTINGS, max_examples=250)
@given(
    scenarios(),
    st.sampled_from(["earliest", "least_effort"]),
    st.booleans(),
    st.sampled_from([6, 12, 24, 36]),
)
def test_returned_plans_are_eligible(s: dict[str, Any], objective: str, windows: bool, horizon: int) -> None:
    route, start, wages = s["route"], s["start"], s["wages"]
    answer = plan_gaps(
        s["profile"],
        start,
        horizon_months=horizon,
        objective=objective,
        respect_intake_windows=windows,
        routes=[route],
        reference_wages=wages,
        max_plans=3,
        assumptions=s["assumptions"],
    ).routes[0]
    if answer.status == "unreachable":
        assert not answer.plans and answer.reasons
        return
    person = Applicant.model_validate(s["profile"])
    rdata = rule_data(s["assumptions"])[0][route]
    keys, lever_sets = [], []
    for plan in answer.plans:
        where = describe(s, objective=objective, windows=windows, horizon=horizon, plan=plan)
        # the same day some months later, or (windows respected) the day a window opens
        assert 0 <= plan.months_from_start <= horizon, where
        assert plan.months_from_start == elapsed_months(start, plan.apply_on), where
        if windows:
            assert rdata.is_open(plan.apply_on), where
            openings = {first for first, _ in rdata.open_spans()}
            assert plan.apply_on == add_months(start, plan.months_from_start) or plan.apply_on in openings, where
        else:
            assert plan.apply_on == add_months(start, plan.months_from_start), where
        after = apply_plan(person, plan)
        result = route_result(after, plan.apply_on, route, wages, s["assumptions"])
        failing = [c.id for c in result.criteria if not counts_as_met(c)]
        assert not failing, f"{failing} after the plan; {where}"
        # priced and dated as the documented cost model says
        total = 0
        for change in plan.changes:
            effort, months = change_cost(change, start)
            total += effort
            if change.lever == "wait":
                assert months == plan.months_from_start and change.by == plan.apply_on, where
                continue
            assert months is not None and months <= plan.months_from_start, where
            dated_on_application = change.lever.startswith("french.")
            expected_by = plan.apply_on if dated_on_application else add_months(start, months)
            assert change.by == expected_by, where
        assert total == round(plan.effort * oracle.SCALE), where
        assert (plan.apply_on > start) == any(c.lever == "wait" for c in plan.changes), where
        keys.append(solver_key(plan, objective))
        lever_sets.append(frozenset(c.lever for c in plan.changes))
    assert keys == sorted(keys), "plans are ordered best first"
    assert len(set(lever_sets)) == len(lever_sets), "alternatives differ in their set of levers"
    if answer.status == "eligible_now":
        assert (answer.plans[0].apply_on, answer.plans[0].effort, answer.plans[0].changes) == (start, 0, [])


# -- (3) and (4): the oracle never beats the solver; unreachable only if the oracle agrees --
@settings(SETTINGS, max_examples=500)
@given(
    scenarios(),
    st.sampled_from(["earliest", "least_effort"]),
    st.booleans(),
    st.integers(12, 18),
)
def test_oracle_never_beats_solver(s: dict[str, Any], objective: str, windows: bool, horizon: int) -> None:
    route, start, wages = s["route"], s["start"], s["wages"]
    answer = plan_gaps(
        s["profile"],
        start,
        horizon_months=horizon,
        objective=objective,
        respect_intake_windows=windows,
        routes=[route],
        reference_wages=wages,
        max_plans=1,
        assumptions=s["assumptions"],
    ).routes[0]
    brute = oracle.Oracle(s["profile"], route, start, horizon, windows, wages, assumptions=s["assumptions"])
    found = brute.solve(objective)
    assert found.complete, "the oracle ran out of its evaluation budget"
    event(f"solver {answer.status}, oracle {'found' if found.found else 'none'}")
    event("readings switched" if s["assumptions"] else "default readings")
    oracle_plan = [c.model_dump(mode="json") for c in found.changes]
    where = describe(
        s,
        objective=objective,
        windows=windows,
        horizon=horizon,
        solver=answer.model_dump(mode="json", exclude={"assumptions"}),
        oracle={"apply_on": found.apply_on, "months": found.months, "effort": found.effort, "changes": oracle_plan},
    )
    if found.found:
        assert answer.status != "unreachable", f"(4) the oracle found a plan; {where}"
        best = answer.plans[0]
        assert solver_key(best, objective) <= found.key(objective), f"(3) the oracle's plan is cheaper; {where}"
    if answer.status == "unreachable":
        return
    best = answer.plans[0]
    assert best.optimal
    if in_oracle_domain(best, brute.options):
        # the oracle enumerated the solver's plan too, so it cannot have missed it
        assert found.found and found.key(objective) == solver_key(best, objective), where


# -- the answer for all nine routes at once equals each route planned alone ----------------
@settings(SETTINGS, max_examples=25)
@given(scenarios(), st.sampled_from(["earliest", "least_effort"]), st.booleans(), st.integers(0, 24))
def test_all_routes_answer_equals_single_route_answers(
    s: dict[str, Any], objective: str, windows: bool, horizon: int
) -> None:
    """Routes planned together share caches of profiles and verdicts: sharing must not change answers."""
    kw: dict[str, Any] = {"horizon_months": horizon, "objective": objective, "respect_intake_windows": windows,
                          "reference_wages": s["wages"], "max_plans": 2,
                          "assumptions": s["assumptions"]}  # fmt: skip

    def summary(r: Any) -> Any:
        return r.status, [(p.months_from_start, p.effort, sorted(c.lever for c in p.changes)) for p in r.plans]

    together = plan_gaps(s["profile"], s["start"], **kw)
    for answer in together.routes:
        alone = plan_gaps(s["profile"], s["start"], routes=[answer.route], **kw).routes[0]
        assert summary(answer) == summary(alone), describe(s, route=answer.route, objective=objective)


# -- the oracle's pruning is sound: same optimum as the plain product on small horizons ----
@settings(SETTINGS, max_examples=100)
@given(scenarios(), st.sampled_from(["earliest", "least_effort"]), st.booleans(), st.integers(0, 6))
def test_oracle_pruning_is_sound(s: dict[str, Any], objective: str, windows: bool, horizon: int) -> None:
    args = (s["profile"], s["route"], s["start"], horizon, objective, windows, s["wages"])
    plain = oracle.solve(*args, prune=False, max_evaluations=1500, assumptions=s["assumptions"])
    event(f"plain enumeration {'complete' if plain.complete else 'over budget'}")
    assume(plain.complete)
    pruned = oracle.solve(*args, assumptions=s["assumptions"])
    assert pruned.complete and pruned.key(objective) == plain.key(objective), describe(s, horizon=horizon)


def test_oracle_windows_match_the_evaluators_intake_status() -> None:
    """The oracle's own reading of the intake windows agrees with the evaluator's report."""
    person = {"birth_date": "1990-01-01"}
    one = timedelta(days=1)
    for route, rdata in rule_data()[0].items():
        days = {date(2021, 3, 1) + timedelta(days=5 * i) for i in range(375)}
        days |= {d + k * one for span in rdata.open_spans() for d in span for k in (-1, 0, 1)}
        for day in sorted(days):
            intake = route_result(person, day, route, None).intake
            assert rdata.is_open(day) == intake.open, (route, day)


# -- concrete counterexamples found by the properties above (minimised by hand) ------------
BACHELOR_ABROAD = {"level": "bachelor", "field": "computer_science", "in_quebec": False, "full_time_months": 36,
                   "obtained_on": "2016-06-30"}  # fmt: skip


def _ai_worker(work_history: list[dict[str, Any]]) -> dict[str, Any]:
    """A francophone AI worker in Québec who meets everything but, perhaps, the salary floor."""
    return {
        "birth_date": "1990-05-10",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "controls_employer": False,
        "self_sufficiency_undertaking": True,
        "commits_to_learn_french": True,
        "expert_committee_opinion": "favourable",
        "french": {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"},
        "diplomas": [BACHELOR_ABROAD],
        "work_history": work_history,
        "job_offer": None,
    }


def _ai_job(start: str, end: str | None, salary: float, in_cmm: bool) -> dict[str, Any]:
    return {"noc": "21211", "naics": "541715", "in_quebec": True, "hours_per_week": 37.5, "paid": True,
            "authorized": True, "start": start, "end": end, "annual_salary": salary, "employer_in_cmm": in_cmm,
            "sector": "ai"}  # fmt: skip


def _compare(profile: dict[str, Any], route: str, start: date, horizon: int, objective: str) -> None:
    answer = plan_gaps(
        profile, start, horizon_months=horizon, objective=objective, respect_intake_windows=False, routes=[route]
    ).routes[0]
    found = oracle.solve(profile, route, start, horizon, objective, False)
    assert found.found and answer.plans
    best = answer.plans[0]
    assert solver_key(best, objective) == found.key(objective), (
        f"solver {solver_key(best, objective)} {[(c.lever, c.to) for c in best.changes]}; "
        f"oracle {found.key(objective)} {[(c.lever, c.to, c.target) for c in found.changes]}"
    )


def test_counterexample_least_effort_ties_are_broken_by_months() -> None:
    """Two plans of effort 4: raise the $92,000 CMM salary to $100,000 (1 month, 2 + 1 points, plus
    1 month of waiting) or wait 4 months for the next AI job ($80,000 outside the CMM) to start.
    ``least_effort`` is (effort, then months): the raise, applying on 2024-07-03, is optimal."""
    profile = _ai_worker([_ai_job("2019-01-07", "2024-09-30", 92000, True), _ai_job("2024-10-01", None, 80000, False)])
    _compare(profile, "ai-foreign-worker-francophone", date(2024, 6, 3), 12, "least_effort")


def test_counterexample_salary_of_a_job_starting_after_the_planning_start() -> None:
    """The current AI job ended on 2024-05-31; the next one (in the work history) starts on
    2024-07-02 at $92,000 in the CMM. Raising its pay to $100,000 (effort 3, 1 month) and applying
    on 2024-07-03 beats taking yet another job (effort 8, 2 months)."""
    profile = _ai_worker([_ai_job("2019-01-07", "2024-05-31", 105000, True), _ai_job("2024-07-02", None, 92000, True)])
    for objective in ("earliest", "least_effort"):
        _compare(profile, "ai-foreign-worker-francophone", date(2024, 6, 3), 12, objective)


def test_rule_diploma_levers_meet_their_own_criterion() -> None:
    """The diploma a rule's lever names (what the solver and the oracle may add) meets that criterion."""
    on = date(2024, 6, 3)
    for route, rdata in rule_data()[0].items():
        for top in rdata.criteria_in(rdata.edition_on(on)):
            for spec in oracle._flatten([top]):
                if spec["kind"] != "diploma" or not spec.get("lever"):
                    continue
                lever = spec["lever"]
                diploma = {"level": lever["level"], "field": lever.get("field"),
                           "program_code": lever.get("program_code"), "in_quebec": lever.get("in_quebec", True),
                           "full_time_months": lever["months"], "obtained_on": on.isoformat(),
                           "share_studied_in_quebec": 1.0}  # fmt: skip
                result = route_result({"birth_date": "1990-01-01", "diplomas": [diploma]}, on, route, None)
                verdict = next(c.verdict for c in result.criteria if c.id == top["id"])
                assert verdict == "met", f"{route}: {spec['id']} is {verdict} with its own lever's diploma {diploma}"


# -- (5) apply_by: the last day of an unbroken stretch, as a day-by-day scan finds it -----------
@settings(SETTINGS, max_examples=60)
@given(scenarios(), st.booleans(), st.sampled_from([6, 12, 24, 36]))
def test_apply_by_matches_a_day_by_day_scan(s: dict[str, Any], windows: bool, horizon: int) -> None:
    """Every day from ``apply_on`` to ``apply_by`` is eligible with the plan applied (and a window
    open when respected); ``apply_by + 1`` is not, or lies past the horizon."""
    route, start, wages = s["route"], s["start"], s["wages"]
    answer = plan_gaps(
        s["profile"],
        start,
        horizon_months=horizon,
        respect_intake_windows=windows,
        routes=[route],
        reference_wages=wages,
        max_plans=2,
        assumptions=s["assumptions"],
    ).routes[0]
    person = Applicant.model_validate(s["profile"])
    last = add_months(start, horizon)
    for plan in answer.plans:
        after = apply_plan(person, plan)
        expected = oracle.apply_by_scan(after, route, plan.apply_on, last, windows, wages, s["assumptions"])
        where = describe(s, windows=windows, horizon=horizon, plan=plan)
        assert plan.apply_by == expected, where
        assert plan.apply_by_reason, where
        event("apply_by at the horizon" if plan.apply_by == last else "apply_by before the horizon")


# -- the solver and the oracle agree on plans that a switched reading changes -------------------
def _graduate_without_opinion() -> dict[str, Any]:
    profile = eligible_for("ai-quebec-graduate-francization")
    profile["expert_committee_opinion"] = None
    return profile


def _graduate_at_80k_in_the_cmm() -> dict[str, Any]:
    profile = eligible_for("ai-quebec-graduate-francophone")
    for job in profile["work_history"]:
        job.update(annual_salary=80000.0, employer_in_cmm=True)
    if profile.get("job_offer"):
        profile["job_offer"].update(annual_salary=80000.0, employer_in_cmm=True)
    return profile


SWITCHED = [
    # (profile, route, the reading switched, a lever the plan then needs)
    (_graduate_without_opinion, "ai-quebec-graduate-francization", "ai_graduate_expert_opinion", True,
     "expert_committee_opinion"),
    (_graduate_at_80k_in_the_cmm, "ai-quebec-graduate-francophone", "ai_graduate_salary_floor", True, None),
]  # fmt: skip


def test_switched_readings_change_the_plan_and_the_oracle_agrees() -> None:
    """A reading switched on makes the default-eligible profile need a change; the solver's optimum
    under that reading equals the oracle's, and the plan uses a lever the reading calls for."""
    start = date(2024, 6, 3)
    for make, route, name, value, lever in SWITCHED:
        profile = make()
        default = plan_gaps(profile, start, routes=[route], respect_intake_windows=False).routes[0]
        assert default.status == "eligible_now", (route, name)
        for objective in ("earliest", "least_effort"):
            answer = plan_gaps(
                profile,
                start,
                horizon_months=12,
                objective=objective,
                respect_intake_windows=False,
                routes=[route],
                assumptions={name: value},
            ).routes[0]
            found = oracle.solve(profile, route, start, 12, objective, False, assumptions={name: value})
            assert answer.status == "reachable" and found.found, (route, name, objective)
            best = answer.plans[0]
            assert solver_key(best, objective) == found.key(objective), (route, name, objective, best, found.changes)
            if lever:
                assert lever in {c.lever for c in best.changes}, (route, name, best)
