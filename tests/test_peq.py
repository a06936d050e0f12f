"""The PEQ reopened (issue 20): the two routes as rule data, the reference date 2025-11-19, the
first reception period 2026-07-02 to 2026-10-31, the program's end on 2028-07-02 and the named
assumption ``peq_windows_end_on_reference_date``, with real dates."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from solver import apply_plan, evaluate, plan_gaps
from solver.answers import RouteEligibility, RouteGaps
from solver.applicant import Applicant
from solver.criteria.reference_date import ReferenceDated
from solver.rules.book import RuleBook, RuleFileError, default_rulebook, raw_rule_data
from tests.pstq_profiles import peq_graduate, peq_person

GRADUATES = "peq-quebec-graduates"
WORKERS = "peq-temporary-workers"
PEQ = [GRADUATES, WORKERS]
REFERENCE = date(2025, 11, 19)
IN_PERIOD = date(2026, 8, 1)  # inside the first reception period (2026-07-02 to 2026-10-31)


def worker(start: str, noc: str = "63200", end: str | None = None) -> dict[str, Any]:
    job = {
        "noc": noc,
        "in_quebec": True,
        "hours_per_week": 37.5,
        "paid": True,
        "authorized": True,
        "start": start,
        "end": end,
    }
    return peq_person(work_history=[job])


def route(profile: dict[str, Any], rid: str, on: date | str = IN_PERIOD, **kw: Any) -> RouteEligibility:
    return evaluate(profile, on, routes=[rid], **kw).routes[0]


def gaps(profile: dict[str, Any], rid: str, start: date | str = IN_PERIOD, **kw: Any) -> RouteGaps:
    return plan_gaps(profile, start, routes=[rid], **kw).routes[0]


def criterion(answer: RouteEligibility, cid: str) -> Any:
    return next(c for c in answer.criteria if c.id == cid)


# ---------------------------------------------------------------------------- the rule data


def test_both_routes_are_in_the_peq_family_with_their_reference_date_and_end() -> None:
    rules = default_rulebook()
    for rid in PEQ:
        r = rules.routes[rid]
        assert (r.family, r.program.program) == ("peq", "peq")
        assert r.program.reference_date == REFERENCE
        assert r.end_date == date(2028, 7, 2)
        assert [(s.start, s.end) for s in r.spans] == [(date(2026, 7, 2), date(2026, 10, 31))]
    checked = {rid: [c.id for c in rules.routes[rid].criteria if isinstance(c, ReferenceDated)] for rid in PEQ}
    assert checked == {GRADUATES: ["quebec_diploma"], WORKERS: ["quebec_experience"]}


def test_every_peq_criterion_has_a_source_tag_and_a_bilingual_reference() -> None:
    rules = default_rulebook()
    for rid in PEQ:
        stack = list(rules.routes[rid].criteria)
        while stack:
            c = stack.pop()
            stack += c.inner.children() if isinstance(c, ReferenceDated) else c.children()
            assert c.source.tag in {"REG", "MIFI", "3P"}
            en, fr = c.source.ref_in("en"), c.source.ref_in("fr")
            assert en != fr, c.id
            assert any(s in en for s in ("S3", "S6", "S16", "S18")), (c.id, en)


# ---------------------------------------------------------------------------- graduates


def test_a_technical_dec_of_2025_06_15_is_eligible_and_each_explanation_names_its_date() -> None:
    answer = route(peq_graduate("2025-06-15"), GRADUATES)
    assert answer.verdict == "eligible"
    diploma = criterion(answer, "quebec_diploma")
    assert diploma.explanation.startswith("Checked on the reference date 2025-11-19: ")
    assert "obtained on 2025-06-15, window from 2022-11-19 to 2025-11-19" in diploma.explanation
    assert "(peq_windows_end_on_reference_date = true)" in diploma.explanation
    for c in answer.criteria:
        if c.id != "quebec_diploma":
            assert c.explanation.startswith("Checked on the application date 2026-08-01: "), c.id


def test_explanations_name_their_date_in_french() -> None:
    answer = route(peq_graduate("2025-06-15"), GRADUATES, lang="fr")
    assert criterion(answer, "quebec_diploma").explanation.startswith("Vérifié à la date de référence du 2025-11-19 : ")
    assert criterion(answer, "min_age").explanation.startswith("Vérifié à la date de la demande du 2026-08-01 : ")


def test_a_diploma_of_2025_12_10_came_after_the_reference_date() -> None:
    answer = route(peq_graduate("2025-12-10"), GRADUATES)
    assert answer.verdict == "not_eligible"
    diploma = criterion(answer, "quebec_diploma")
    assert diploma.verdict == "not_met"
    assert diploma.explanation.startswith("Checked on the reference date 2025-11-19: ")
    assert diploma.explanation.endswith(
        "This is a past fact, fixed on the reference date, that no plan can change. "
        "Assumed: the PEQ windows end on the reference date 2025-11-19 (peq_windows_end_on_reference_date = true)."
    )
    # the same diploma counted on the application date would be recent enough: the date decides
    assert [c.id for c in answer.criteria if c.verdict != "met"] == ["quebec_diploma"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_gaps_say_a_diploma_after_the_reference_date_is_unreachable(lang: str) -> None:
    result = gaps(peq_graduate("2025-12-10"), GRADUATES, lang=lang)
    assert result.status == "unreachable" and result.plans == [] and result.proven
    assert len(result.reasons) == 1
    past = {
        "en": "This is a past fact, fixed on the reference date, that no plan can change.",
        "fr": "C'est un fait passé, fixé à la date de référence, qu'aucun plan ne peut changer.",
    }
    assert past[lang] in result.reasons[0]
    assert "2025-11-19" in result.reasons[0]


def test_a_dep_needs_1800_hours_alone_or_with_its_asp() -> None:
    assert route(peq_graduate("2024-06-20", "vocational", hours=1800), GRADUATES).verdict == "eligible"
    short = route(peq_graduate("2024-06-20", "vocational", hours=1350), GRADUATES)
    assert short.verdict == "not_eligible"
    unknown = route(peq_graduate("2024-06-20", "vocational"), GRADUATES)
    assert criterion(unknown, "quebec_diploma").verdict == "unknown"


@pytest.mark.parametrize(
    ("diploma", "verdict"),
    [
        ({"level": "bachelor", "in_quebec": True, "obtained_on": "2023-05-01"}, "met"),
        ({"level": "doctorate", "in_quebec": True, "obtained_on": "2025-11-19"}, "met"),
        ({"level": "master", "in_quebec": False, "obtained_on": "2025-05-01"}, "not_met"),
        ({"level": "college", "in_quebec": True, "obtained_on": "2025-05-01"}, "not_met"),
        ({"level": "bachelor", "in_quebec": True, "obtained_on": "2022-11-19"}, "met"),
        ({"level": "bachelor", "in_quebec": True, "obtained_on": "2022-11-18"}, "not_met"),
        ({"level": "bachelor", "in_quebec": True, "obtained_on": "2025-11-20"}, "not_met"),
    ],
)
def test_which_diplomas_count_by_the_reference_date(diploma: dict[str, Any], verdict: str) -> None:
    answer = route(peq_person(diplomas=[diploma]), GRADUATES)
    assert criterion(answer, "quebec_diploma").verdict == verdict


# ---------------------------------------------------------------------------- workers


@pytest.mark.parametrize(
    ("start", "noc", "verdict"),
    [
        ("2023-11-19", "63200", "eligible"),  # cooks, TEER 3: 24 months by 2025-11-19
        ("2023-12-19", "63200", "not_eligible"),  # 23 months by 2025-11-19
        ("2023-11-19", "64100", "not_eligible"),  # retail salespersons, TEER 4
    ],
    ids=["teer3-24-months", "teer3-23-months", "teer4-24-months"],
)
def test_worker_months_by_the_reference_date_and_teer(start: str, noc: str, verdict: str) -> None:
    answer = route(worker(start, noc), WORKERS)
    assert answer.verdict == verdict, [(c.id, c.explanation) for c in answer.criteria if c.verdict != "met"]
    experience = criterion(answer, "quebec_experience")
    assert experience.explanation.startswith("Checked on the reference date 2025-11-19: ")
    assert "between 2022-11-19 and 2025-11-19" in experience.explanation
    job = criterion(answer, "current_job")
    assert job.verdict == ("met" if noc == "63200" else "not_met")
    assert job.explanation.startswith("Checked on the application date 2026-08-01: ")


def test_24_months_is_counted_to_the_day() -> None:
    assert criterion(route(worker("2023-11-19"), WORKERS), "quebec_experience").verdict == "met"
    assert criterion(route(worker("2023-11-20"), WORKERS), "quebec_experience").verdict == "not_met"


def test_months_worked_after_the_reference_date_do_not_count_and_no_plan_adds_them() -> None:
    profile = worker("2023-12-19")  # 23 months by 2025-11-19, 31 months on 2026-08-01
    result = gaps(profile, WORKERS)
    assert result.status == "unreachable" and result.proven
    assert "no plan can change" in result.reasons[0]


def test_the_worker_must_hold_such_a_job_when_filing() -> None:
    ended = route(worker("2023-01-09", end="2026-05-29"), WORKERS)
    assert criterion(ended, "quebec_experience").verdict == "met"
    assert criterion(ended, "current_job").verdict == "not_met"
    # still held on the application date: met; the job ends on 2026-09-30, so a plan must file by then
    holding = worker("2023-01-09", end="2026-09-30")
    assert route(holding, WORKERS).verdict == "eligible"
    plan = gaps(holding, WORKERS).plans[0]
    assert (plan.apply_on, plan.apply_by) == (IN_PERIOD, date(2026, 9, 30))
    assert plan.apply_by_reason is not None and plan.apply_by_reason.startswith(
        "A job's recorded end date (2026-09-30)"
    )


def test_the_accompanying_spouse_needs_oral_french_4() -> None:
    spouse = {
        "accompanying": True,
        "french": {"oral_comprehension": 4, "oral_production": 3, "assessed_on": "2026-02-01"},
    }
    answer = route(worker("2023-01-09") | {"spouse": spouse}, WORKERS)
    french = criterion(answer, "spouse_french")
    assert french.verdict == "not_met"
    assert french.explanation.startswith("Checked on the application date 2026-08-01: Spouse: ")
    spouse["french"]["oral_production"] = 4
    assert route(worker("2023-01-09") | {"spouse": spouse}, WORKERS).verdict == "eligible"


def test_workers_need_oral_french_7_and_no_written_french() -> None:
    profile = worker("2023-01-09")
    profile["french"] = {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2026-03-10"}
    assert route(profile, WORKERS).verdict == "eligible"
    profile["french"]["oral_production"] = 6
    assert criterion(route(profile, WORKERS), "french").verdict == "not_met"


# ---------------------------------------------------------------------------- the named assumption


def test_the_assumption_moves_the_worker_window_to_the_application_date() -> None:
    profile = worker("2024-03-01")  # 20 months by 2025-11-19, 29 months on 2026-08-01
    default = route(profile, WORKERS)
    assert default.verdict == "not_eligible"
    switched = route(profile, WORKERS, assumptions={"peq_windows_end_on_reference_date": False})
    assert switched.verdict == "eligible"
    experience = criterion(switched, "quebec_experience")
    assert experience.explanation.startswith("Checked on the application date 2026-08-01: ")
    assert "between 2023-08-01 and 2026-08-01" in experience.explanation
    assert experience.explanation.endswith(
        "Assumed: the PEQ windows end on the application date (peq_windows_end_on_reference_date = false)."
    )
    # and the gap plans follow: the window ending on the application date makes it eligible now
    assert gaps(profile, WORKERS).status == "unreachable"
    after = gaps(profile, WORKERS, assumptions={"peq_windows_end_on_reference_date": False})
    assert after.status == "eligible_now"


def test_the_assumption_moves_the_diploma_window_to_the_application_date() -> None:
    profile = peq_graduate("2023-06-01", "bachelor")  # 2 y 5 m before the reference date, 3 y 2 m before 2026-08-01
    assert route(profile, GRADUATES).verdict == "eligible"
    switched = route(profile, GRADUATES, assumptions={"peq_windows_end_on_reference_date": False})
    assert switched.verdict == "not_eligible"
    diploma = criterion(switched, "quebec_diploma")
    assert diploma.explanation.startswith("Checked on the application date 2026-08-01: ")
    assert "window from 2023-08-01 to 2026-08-01" in diploma.explanation
    assert diploma.description.startswith(
        "An eligible Québec diploma obtained by the reference date 2025-11-19 and in the 3 years before the application"
    )
    # a diploma obtained after the reference date fails under both readings
    late = peq_graduate("2025-12-10")
    for value in (True, False):
        answer = route(late, GRADUATES, assumptions={"peq_windows_end_on_reference_date": value})
        assert criterion(answer, "quebec_diploma").verdict == "not_met"


# ---------------------------------------------------------------------------- reception period and end


@pytest.mark.parametrize(
    ("day", "is_open", "note"),
    [
        ("2026-07-01", False, "Not yet open: the first intake window opens on 2026-07-02."),
        ("2026-07-02", True, "Intake window open from 2026-07-02 to 2026-10-31"),
        ("2026-10-31", True, "Intake window open from 2026-07-02 to 2026-10-31"),
        ("2026-11-01", False, "No intake is open on 2026-11-01, and no later intake window is announced."),
        ("2028-07-01", False, "No intake is open on 2028-07-01, and no later intake window is announced."),
        ("2028-07-02", False, "The program ended on 2028-07-02: no application can be filed on or after that date"),
    ],
)
def test_intake_block_on_each_boundary(day: str, is_open: bool, note: str) -> None:
    for rid in PEQ:
        intake = route(peq_graduate(), rid, day).intake
        assert intake.open is is_open
        assert intake.note.startswith(note), intake.note
    # eligibility ignores whether the period is open: the verdict is the same on every day of 2026
    if day.startswith("2026"):
        assert route(peq_graduate(), GRADUATES, day).verdict == "eligible"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_plan_from_2026_07_01_files_on_the_opening_day_and_by_the_close(lang: str) -> None:
    result = gaps(peq_graduate(), GRADUATES, "2026-07-01", lang=lang)
    assert result.status == "reachable"
    best = result.plans[0]
    assert (best.apply_on, best.apply_by) == (date(2026, 7, 2), date(2026, 10, 31))
    assert [c.lever for c in best.changes] == ["wait"]
    assert (
        best.apply_by_reason
        == {
            "en": "The reception period closes on 2026-10-31.",
            "fr": "La période de réception se termine le 2026-10-31.",
        }[lang]
    )


def test_gaps_on_the_last_day_and_the_day_after_the_reception_period() -> None:
    last = gaps(peq_graduate(), GRADUATES, "2026-10-31")
    assert last.status == "eligible_now"
    assert (last.plans[0].apply_on, last.plans[0].apply_by) == (date(2026, 10, 31), date(2026, 10, 31))
    after = gaps(peq_graduate(), GRADUATES, "2026-11-01")
    assert after.status == "unreachable"
    assert after.reasons == ["No intake window is open between 2026-11-01 and 2029-11-01 (horizon of 36 months)."]
    # the route is still planned as if open, for a later period or a retrospective file
    as_if = gaps(peq_graduate(), GRADUATES, "2026-11-01", respect_intake_windows=False)
    assert as_if.status == "eligible_now"


def _rules_with_open_ended_period() -> RuleBook:
    catalog, programs = raw_rule_data()
    programs = copy.deepcopy(programs)
    programs["peq.yaml"]["editions"][0]["windows"][0]["end"] = None
    return RuleBook.from_data(catalog, programs)


def test_the_program_ends_on_2028_07_02() -> None:
    rules = _rules_with_open_ended_period()  # a period open to the program's end
    profile = peq_graduate()
    profile["french"]["assessed_on"] = "2027-01-15"
    result = plan_gaps(profile, "2028-01-15", routes=[GRADUATES], rules=rules).routes[0]
    assert result.status == "eligible_now"
    plan = result.plans[0]
    assert plan.apply_by == date(2028, 7, 1)
    assert plan.apply_by_reason == "The program ends on 2028-07-02: no application can be filed from that day."
    fr = plan_gaps(profile, "2028-01-15", routes=[GRADUATES], rules=rules, lang="fr").routes[0]
    assert fr.plans[0].apply_by_reason == (
        "Le programme prend fin le 2028-07-02 : aucune demande ne peut être déposée à compter de ce jour."
    )
    ended = plan_gaps(profile, "2028-07-02", routes=[GRADUATES], rules=rules).routes[0]
    assert ended.status == "unreachable"
    assert ended.reasons[0].startswith("The program ended on 2028-07-02")


def test_pilot_apply_by_texts_are_unchanged() -> None:
    # The pilots' window reason still speaks of the three programs (byte-identical to before).
    from profiles import eligible_for

    result = plan_gaps(eligible_for("food-processing"), "2024-06-03", routes=["food-processing"]).routes[0]
    assert result.plans[0].apply_by_reason == "The intake window closes on 2024-12-31."
    result = plan_gaps(eligible_for("food-processing"), "2025-06-02", routes=["food-processing"]).routes[0]
    assert (
        result.plans[0].apply_by_reason == "The programs end on 2026-01-01: no application can be filed from that day."
    )


def test_french_results_on_their_second_anniversary() -> None:
    profile = peq_graduate()
    profile["french"]["assessed_on"] = "2024-08-01"
    assert criterion(route(profile, GRADUATES, "2026-08-01"), "french").verdict == "met"
    assert criterion(route(profile, GRADUATES, "2026-08-02"), "french").verdict == "not_met"
    plan = gaps(profile, GRADUATES, "2026-07-02").plans[0]
    assert (plan.apply_on, plan.apply_by) == (date(2026, 7, 2), date(2026, 8, 1))


# ---------------------------------------------------------------------------- plans


def test_a_graduate_with_oral_french_6_on_2026_08_01_cannot_reach_the_first_period() -> None:
    profile = peq_graduate("2025-05-30", "bachelor")
    profile["french"]["oral_production"] = 6
    result = gaps(profile, GRADUATES)
    assert result.status == "unreachable"
    assert "possible at the earliest on 2026-11-01" in result.reasons[0]
    assert "last open intake month in this plan: 2026-10-01" in result.reasons[0]
    # without the windows, the plan is dated: three months of French classes, file on 2026-11-01
    as_if = gaps(profile, GRADUATES, respect_intake_windows=False)
    best = as_if.plans[0]
    assert as_if.status == "reachable" and best.optimal
    assert best.apply_on == date(2026, 11, 1)
    assert [(c.lever, c.from_, c.to) for c in best.changes] == [
        ("wait", "2026-08-01", "2026-11-01"),
        ("french.oral_production", 6, 7),
    ]
    after = apply_plan(Applicant.model_validate(profile), best)
    assert route(after.model_dump(mode="json"), GRADUATES, best.apply_on).verdict == "eligible"


def test_a_graduate_with_oral_french_6_on_2026_06_01_reaches_the_first_period() -> None:
    profile = peq_graduate("2025-05-30", "bachelor")
    profile["french"]["oral_production"] = 6
    best = gaps(profile, GRADUATES, "2026-06-01").plans[0]
    assert best.apply_on == date(2026, 9, 1) and best.apply_by == date(2026, 10, 31)
    assert best.apply_by_reason == "The reception period closes on 2026-10-31."


# ---------------------------------------------------------------------------- other programs unchanged


def test_pilot_and_pstq_explanations_name_no_date_when_asked_with_the_peq() -> None:
    profile = peq_graduate()
    profile["spouse"] = {"accompanying": True, "french": {"oral_comprehension": 5, "oral_production": 5}}
    together = evaluate(profile, IN_PERIOD)
    for r in together.routes:
        dated = [c.id for c in r.criteria if c.explanation.startswith(("Checked on the", "Vérifié à la date"))]
        if r.route in PEQ:
            assert len(dated) == len(r.criteria)
        else:
            assert dated == [], r.route
    # a rule the PSTQ and the PEQ share (the spouse's French) keeps each program's own text
    alone = evaluate(profile, IN_PERIOD, routes=["pstq-high-qualification"]).routes[0]
    pstq = next(r for r in together.routes if r.route == "pstq-high-qualification")
    assert criterion(pstq, "spouse_french").explanation == criterion(alone, "spouse_french").explanation
    peq = criterion(route(profile, GRADUATES), "spouse_french").explanation
    assert peq == "Checked on the application date 2026-08-01: " + criterion(alone, "spouse_french").explanation


def test_programs_selects_the_peq_routes() -> None:
    answer = evaluate(peq_graduate(), IN_PERIOD, programs=["peq"])
    assert [r.route for r in answer.routes] == PEQ
    assert [r.route for r in plan_gaps(peq_graduate(), IN_PERIOD, programs=["peq"]).routes] == PEQ


# ---------------------------------------------------------------------------- the mechanism is data


def test_checked_on_reference_date_needs_a_program_reference_date() -> None:
    catalog, programs = raw_rule_data()
    programs = copy.deepcopy(programs)
    programs["orderlies.yaml"]["shared"]["age"]["checked_on"] = "reference_date"
    with pytest.raises(RuleFileError, match="checked_on: reference_date, but the program has no reference_date"):
        RuleBook.from_data(catalog, programs)


def test_checked_on_is_read_on_top_level_criteria_only() -> None:
    catalog, programs = raw_rule_data()
    programs = copy.deepcopy(programs)
    diploma = programs["peq.yaml"]["routes"][0]["criteria"][4]
    diploma["children"][0]["checked_on"] = "reference_date"
    with pytest.raises(RuleFileError, match="top-level criteria only"):
        RuleBook.from_data(catalog, programs)


def test_a_reference_date_in_the_data_moves_every_reference_criterion() -> None:
    catalog, programs = raw_rule_data()
    programs = copy.deepcopy(programs)
    programs["peq.yaml"]["reference_date"] = date(2026, 6, 1)
    rules = RuleBook.from_data(catalog, programs)
    profile = worker("2024-03-01")  # 27 months by 2026-06-01, 20 by 2025-11-19
    answer = evaluate(profile, IN_PERIOD, routes=[WORKERS], rules=rules).routes[0]
    assert criterion(answer, "quebec_experience").verdict == "met"
    assert criterion(answer, "quebec_experience").explanation.startswith("Checked on the reference date 2026-06-01: ")


@pytest.mark.parametrize("value", [True, False])
def test_columns_agree_with_assess(monkeypatch: pytest.MonkeyPatch, value: bool) -> None:
    import solver.criteria.columns.frame as frame_module
    from solver.criteria import EvalContext
    from solver.criteria.columns.context import ColumnContext
    from solver.rules.book import rulebook_for

    # the frame codes the pilots' facts only (the PEQ criteria read none of the others)
    monkeypatch.setattr(frame_module, "FACT_FIELDS", tuple(f for f in frame_module.FACT_FIELDS if "." not in f))
    rules = rulebook_for({"peq_windows_end_on_reference_date": value})
    people = [
        Applicant.model_validate(p)
        for p in (
            peq_graduate("2025-06-15"),
            peq_graduate("2025-12-10"),
            peq_graduate("2023-06-01", "bachelor"),
            peq_graduate("2024-06-20", "vocational", hours=1800),
            peq_graduate("2024-06-20", "vocational", hours=1350),
            peq_graduate("2024-06-20", "vocational"),
            peq_person(diplomas=[{"level": "master", "in_quebec": True}]),
            worker("2023-11-19"),
            worker("2023-11-20"),
            worker("2024-03-01"),
            worker("2023-11-19", "64100"),
            worker("2023-01-09", end="2026-05-29"),
        )
    ]
    frame = frame_module.build_frame(people)
    codes = {"not_met": 0, "unknown": 1, "met": 2}
    for rid, cid in ((GRADUATES, "quebec_diploma"), (WORKERS, "quebec_experience"), (WORKERS, "current_job")):
        r = rules.routes[rid]
        c = r.by_id[cid]
        for on in (IN_PERIOD, date(2027, 3, 1)):
            edition = r.rules_edition(on).id
            column = c.to_columns(ColumnContext(frame, on, edition, rules.noc, {}, r.by_id, {}))
            rows = [codes[c.assess(EvalContext(p, on, edition, rules.noc, {}, r.by_id)).verdict] for p in people]
            assert [int(v) for v in column] == rows, (cid, on)


def test_reference_dated_criterion_is_constant_for_the_planner() -> None:
    wrapped = default_rulebook().routes[GRADUATES].by_id["quebec_diploma"]
    assert isinstance(wrapped, ReferenceDated)
    assert wrapped.levers == frozenset() and not wrapped.time_dependent and wrapped.children() == []
    assert wrapped.logic_key != wrapped.inner.logic_key
    assert wrapped.kind == "any_of" and wrapped.description("en") == wrapped.inner.description("en")


def test_a_worker_between_jobs_is_planned_back_into_their_own_teer_0_3_occupation() -> None:
    """No current job: the plan proposes the applicant's own qualifying occupation (a cook, TEER 3),
    not an unreachable route for want of an example occupation in the rules."""
    from solver import plan_gaps

    worker = {
        "birth_date": "1994-01-01",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "respected_conditions_of_stay": True,
        "self_sufficiency_undertaking": True,
        "french": {"oral_comprehension": 8, "oral_production": 8, "assessed_on": "2026-01-10"},
        "spouse": {"accompanying": False},
        "work_history": [
            {"noc": "63200", "in_quebec": True, "hours_per_week": 40.0, "paid": True, "authorized": True,
             "start": "2023-01-01", "end": "2026-05-31", "employer_in_cmm": True}
        ],
    }  # fmt: skip
    found = plan_gaps(worker, "2026-06-15", routes=["peq-temporary-workers"]).routes[0]
    assert found.status == "reachable"
    job = next(c for c in found.plans[0].changes if c.lever == "job")
    assert isinstance(job.to, dict) and job.to["noc"] == "63200"


def test_an_unknown_dep_length_is_asked() -> None:
    from solver import questions

    graduate = {
        "birth_date": "1999-02-14",
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "respected_conditions_of_stay": True,
        "self_sufficiency_undertaking": True,
        "french": {"oral_comprehension": 7, "oral_production": 7, "written_comprehension": 5,
                   "written_production": 5, "assessed_on": "2026-05-20"},
        "diplomas": [{"level": "vocational", "in_quebec": True, "obtained_on": "2025-05-30"}],
        "spouse": {"accompanying": False},
    }  # fmt: skip
    asked = questions(graduate, "2026-08-01", routes=["peq-quebec-graduates"]).questions
    assert "diplomas.0.hours" in [q.field for q in asked]
