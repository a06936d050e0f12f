"""PSTQ streams and the Arrima grid: each stream met and not met, each table at its boundaries,
ranges for unknowns, the named assumptions both ways, with real NOC codes and real dates."""

from __future__ import annotations

from typing import Any

import pytest

from solver import evaluate, rank
from tests.pstq_profiles import DAY, FRENCH_7_5, STREAM_ROUTES, artist, cook, developer, job, nurse


def verdicts(profile: dict[str, Any], route: str, on: str = DAY, **options: Any) -> tuple[str, dict[str, str]]:
    answer = evaluate(profile, on, routes=[route], **options).routes[0]
    return answer.verdict, {c.id: c.verdict for c in answer.criteria}


def factor(profile: dict[str, Any], factor_id: str, on: str = DAY, **options: Any) -> tuple[int, int]:
    ranking = rank(profile, on, routes=["pstq-high-qualification"], **options).routes[0]
    found = next(f for f in ranking.factors if f.id == factor_id)
    return found.points.min, found.points.max


# -- stream conditions -----------------------------------------------------------------------------
def test_stream_1_met_by_a_software_developer_with_french_7_5() -> None:
    profile = developer(french=dict(FRENCH_7_5))
    verdict, criteria = verdicts(profile, STREAM_ROUTES[1])
    assert verdict == "eligible", criteria


def test_stream_1_not_met_with_written_french_4() -> None:
    verdict, criteria = verdicts(developer(), STREAM_ROUTES[1])
    assert verdict == "not_eligible"
    assert criteria["french"] == "not_met"
    assert [k for k, v in criteria.items() if v != "met"] == ["french"]


def test_stream_1_refuses_a_teer_3_occupation_and_stream_2_takes_it() -> None:
    _, criteria = verdicts(cook(), STREAM_ROUTES[1])
    assert criteria["occupation"] == "not_met"
    verdict, criteria = verdicts(cook(), STREAM_ROUTES[2])
    assert verdict == "eligible", criteria


def test_stream_2_needs_24_months_of_which_12_in_quebec() -> None:
    # 23 months on 2026-12-05 (started 2025-01-05): one month short.
    short = cook(work_history=[job("63200", "2025-01-05", employer_in_cmm=False)])
    _, criteria = verdicts(short, STREAM_ROUTES[2])
    assert criteria["experience"] == "not_met"
    assert criteria["quebec_experience"] == "met"
    # 24 months, all outside Québec: the Québec part fails.
    abroad = cook(work_history=[job("63200", "2024-12-04", in_quebec=False)])
    _, criteria = verdicts(abroad, STREAM_ROUTES[2])
    assert criteria["experience"] == "met"
    assert criteria["quebec_experience"] == "not_met"


def test_internships_count_for_three_months_at_most() -> None:
    # 10 paid months + a 6-month unpaid compulsory internship: 13 months count (12 needed).
    profile = developer(
        french=dict(FRENCH_7_5),
        work_history=[
            job("21232", "2024-06-01", "2024-11-30", paid=False, internship=True),
            job("21232", "2026-02-05"),
        ],
    )
    _, criteria = verdicts(profile, STREAM_ROUTES[1])
    assert criteria["experience"] == "met"
    profile["work_history"][1]["start"] = "2026-04-05"  # 8 paid months + 3 = 11
    _, criteria = verdicts(profile, STREAM_ROUTES[1])
    assert criteria["experience"] == "not_met"


def test_stream_3_needs_a_regulated_occupation_and_an_authorisation() -> None:
    verdict, criteria = verdicts(nurse(), STREAM_ROUTES[3])
    assert verdict == "eligible", criteria
    _, criteria = verdicts(nurse(authorizations=[]), STREAM_ROUTES[3])
    assert criteria["authorization"] == "not_met"
    # a recognition older than 5 years does not count
    old = nurse(authorizations=[{"noc": "31301", "kind": "partial_recognition", "obtained_on": "2021-11-30"}])
    assert verdicts(old, STREAM_ROUTES[3])[1]["authorization"] == "not_met"
    # the developer's occupation is not regulated
    assert verdicts(developer(), STREAM_ROUTES[3])[1]["occupation"] == "not_met"
    # a fully regulated occupation falls under stream 3, not stream 1
    assert verdicts(nurse(), STREAM_ROUTES[1])[1]["occupation"] == "not_met"


def test_stream_3_french_by_teer_is_a_named_assumption() -> None:
    # An electrician (NOC 72200, TEER 2) is regulated in part... use a TEER 3-5 regulated trade:
    # a plumber's helper is not listed; 72400 (construction millwrights and industrial mechanics, TEER 2) is.
    # NOC 73100 (concrete finishers, TEER 3) is a CCQ trade in the regulated list.
    trade = nurse(
        french={"oral_comprehension": 5, "oral_production": 5, "assessed_on": "2026-03-10"},
        work_history=[job("73100", "2022-01-10")],
        authorizations=[{"noc": "73100", "kind": "authorization", "obtained_on": "2026-02-01"}],
        principal_noc="73100",
    )
    verdict, criteria = verdicts(trade, STREAM_ROUTES[3])
    assert criteria["french"] == "met", criteria
    assert verdict == "eligible"
    _, criteria = verdicts(trade, STREAM_ROUTES[3], assumptions={"pstq_regulated_french_by_teer": False})
    assert criteria["french"] == "not_met"


def test_stream_4_without_french_by_default_and_with_it_under_the_assumption() -> None:
    verdict, criteria = verdicts(artist(), STREAM_ROUTES[4])
    assert verdict == "eligible", criteria
    assert "french" not in criteria
    verdict, criteria = verdicts(artist(), STREAM_ROUTES[4], assumptions={"pstq_exceptional_talent_french": True})
    assert verdict != "eligible"
    assert criteria["french"] in ("unknown", "not_met")
    no_opinion = artist(exceptional_talent={"partner_opinion": "unfavourable", "exceptional_achievement": False})
    assert verdicts(no_opinion, STREAM_ROUTES[4])[1]["exceptional_character"] == "not_met"


def test_spouse_oral_french_4() -> None:
    base = developer()
    weak = {
        "accompanying": True,
        "french": {"oral_comprehension": 3, "oral_production": 4, "assessed_on": "2026-01-10"},
    }
    assert verdicts({**base, "spouse": weak}, STREAM_ROUTES[2])[1]["spouse_french"] == "not_met"
    weak["french"]["oral_comprehension"] = 4
    assert verdicts({**base, "spouse": weak}, STREAM_ROUTES[2])[1]["spouse_french"] == "met"
    assert verdicts({**base, "spouse": {"accompanying": False}}, STREAM_ROUTES[2])[1]["spouse_french"] == "met"
    assert verdicts({**base, "spouse": None}, STREAM_ROUTES[2])[1]["spouse_french"] == "unknown"


def test_principal_occupation_is_tried_from_the_work_history_and_named() -> None:
    profile = cook(
        principal_noc=None,
        work_history=[job("21232", "2019-01-01", "2024-11-30"), job("63200", "2024-12-04", employer_in_cmm=False)],
    )
    answer = evaluate(profile, DAY, programs=["pstq"])
    by_route = {r.route: r for r in answer.routes}
    assert by_route[STREAM_ROUTES[2]].principal_noc == "63200"
    assert by_route[STREAM_ROUTES[2]].verdict == "eligible"
    assert by_route[STREAM_ROUTES[1]].principal_noc == "21232"


# -- the grid at its boundaries --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "points"),
    [("2027-03-01", 120), ("2027-03-02", 110), ("2028-03-01", 110), ("2028-03-02", 100)],
)
def test_age_points_fall_on_birthdays(on: str, points: int) -> None:
    assert factor(developer(), "age", on) == (points, points)


def test_age_explains_the_next_birthday() -> None:
    found = rank(developer(), "2027-03-05", routes=["pstq-high-qualification"]).routes[0]
    age = next(f for f in found.factors if f.id == "age")
    assert (
        age.explanation == "Age: 31 years on 2027-03-05: 110 of 120 points; 100 from your 32nd birthday on 2028-03-02."
    )


@pytest.mark.parametrize(("start", "points"), [("2025-12-05", 0), ("2025-12-04", 20)])
def test_experience_11_and_12_months(start: str, points: int) -> None:
    profile = developer(work_history=[job("21232", start)])
    assert factor(profile, "experience") == (points, points)


@pytest.mark.parametrize(
    ("level", "alone", "with_spouse"), [(4, 0, 0), (5, 38, 30), (6, 38, 30), (7, 44, 35), (8, 44, 35), (9, 50, 40)]
)
def test_french_levels_both_columns(level: int, alone: int, with_spouse: int) -> None:
    french = {
        "oral_comprehension": level,
        "oral_production": 6,
        "written_comprehension": 4,
        "written_production": 4,
        "assessed_on": "2026-03-10",
    }
    assert factor(developer(french=french), "french_oral_comprehension") == (alone, alone)
    spouse = {
        "accompanying": True,
        "french": {"oral_comprehension": 5, "oral_production": 5, "assessed_on": "2026-03-10"},
    }
    assert factor(developer(french=french, spouse=spouse), "french_oral_comprehension") == (with_spouse, with_spouse)


def test_expired_french_results_score_nothing() -> None:
    # assessed 2026-03-10: valid until 2028-03-10, expired on 2028-03-11
    assert factor(developer(), "french_oral_production", "2028-03-10") == (38, 38)
    assert factor(developer(), "french_oral_production", "2028-03-11") == (0, 0)


def test_diagnosis_and_quebec_experience() -> None:
    # 21232 is "shortage" in MIFI's list; 20 months in it: 90 points; Québec experience 20 months: 40
    assert factor(developer(), "diagnosis") == (90, 90)
    assert factor(developer(), "quebec_experience") == (40, 40)
    # an occupation missing from the list scores as balanced / no diagnosis
    odd = developer(work_history=[job("99999", "2025-04-06")], principal_noc="99999")
    assert factor(odd, "diagnosis") == (5, 5)


def test_education_rows() -> None:
    assert factor(developer(), "education") == (104, 104)
    unknown_length = developer(diplomas=[{"level": "bachelor", "in_quebec": False, "obtained_on": "2018-06-01"}])
    assert factor(unknown_length, "education") == (78, 110)
    dep = developer(diplomas=[{"level": "vocational", "in_quebec": True, "hours": 900, "obtained_on": "2016-06-01"}])
    assert factor(dep, "education") == (26, 26)
    assert factor(dep, "quebec_diploma") == (40, 40)


def test_total_is_the_sum_of_the_groups_and_at_most_1400() -> None:
    found = rank(developer(), DAY).routes
    assert [r.route for r in found] == list(STREAM_ROUTES.values())
    for ranking in found:
        assert ranking.score.min == sum(g.points.min for g in ranking.groups)
        assert {g.id: g.max for g in ranking.groups} == {"human_capital": 520, "quebec_needs": 700, "adaptation": 180}
        assert ranking.score.min == ranking.score.max == 450


# -- ranges for unknowns ---------------------------------------------------------------------------
def test_unknown_spouse_and_written_french_widen_the_score() -> None:
    known = rank(developer(), DAY, routes=["pstq-high-qualification"]).routes[0].score
    french = {"oral_comprehension": 6, "oral_production": 6, "assessed_on": "2026-03-10"}
    unknown = rank(developer(spouse=None, french=french), DAY, routes=["pstq-high-qualification"]).routes[0]
    assert unknown.score.min < known.min
    assert unknown.score.max > known.max
    written = next(f for f in unknown.factors if f.id == "french_written_production")
    assert (written.points.min, written.points.max) == (0, 50)


def test_a_range_that_straddles_a_cut_off_passes_unknown() -> None:
    ranking = rank(developer(spouse=None, family_in_quebec=None), DAY, routes=["pstq-high-qualification"]).routes[0]
    assert ranking.score.min < 588 <= ranking.score.max
    draw = next(d for d in ranking.draws if d.min_score == 588)
    assert draw.passes == "unknown"
    assert all(d.passes == "no" for d in ranking.draws if d.min_score and d.min_score > ranking.score.max)


def test_draws_are_listed_latest_first_with_filters_checked() -> None:
    ranking = rank(developer(), DAY, routes=["pstq-high-qualification"]).routes[0]
    dates = [d.date for d in ranking.draws]
    assert dates == sorted(dates, reverse=True)
    first = next(d for d in ranking.draws if d.date.isoformat() == "2025-07-17")
    kinds = {f.kind: f.verdict for f in first.filters}
    assert kinds["lives_in_quebec"] == "yes"
    assert kinds["quebec_diploma"] == "no"
    assert first.passes == "no"
    assert ranking.target is not None and ranking.target.score == 716


# -- named assumptions of the grid -----------------------------------------------------------------
def test_family_points_outside_cmm_assumption_both_ways() -> None:
    profile = developer(family_in_quebec={"applicant": True, "spouse": False})
    assert factor(profile, "family_in_quebec") == (10, 10)
    assumed = {"pstq_family_points_need_outside_cmm": True}
    assert factor(profile, "family_in_quebec", assumptions=assumed) == (0, 0)
    outside = developer(
        family_in_quebec={"applicant": True, "spouse": False},
        residence_history=[{"start": "2025-04-01", "end": None, "in_quebec": True, "in_cmm": False}],
    )
    assert factor(outside, "family_in_quebec", assumptions=assumed) == (10, 10)


def test_quebec_months_in_5_years_assumption_both_ways() -> None:
    profile = developer(work_history=[job("21232", "2018-01-01", "2021-06-30"), job("21232", "2025-04-06")])
    # within 5 years (from 2021-12-05): 20 months only; all months: 42 + 20 = 62
    assert factor(profile, "quebec_experience") == (40, 40)
    assert factor(profile, "quebec_experience", assumptions={"pstq_quebec_months_in_5_years": False}) == (160, 160)


def test_ranking_echoes_the_assumptions_and_names_the_grid() -> None:
    answer = rank(developer(), DAY, assumptions={"pstq_family_points_need_outside_cmm": True})
    assert answer.assumptions["pstq_family_points_need_outside_cmm"] is True
    assert answer.assumptions["pstq_quebec_months_in_5_years"] is True
    assert answer.grid["id"] == "arrima-2025-07-02"
    assert "+assume:pstq_family_points_need_outside_cmm=true" in answer.rules_version


def test_french_explanations_in_french() -> None:
    answer = rank(developer(), "2027-03-05", routes=["pstq-high-qualification"], lang="fr").routes[0]
    age = next(f for f in answer.factors if f.id == "age")
    assert age.explanation.startswith("Âge : 31 ans le 2027-03-05 : 110 sur 120 points; 100 à compter de votre 32e")


# -- questions that decide the cut-off come first --------------------------------------------------
def test_questions_that_decide_the_cut_off_come_first() -> None:
    from solver import questions

    french = {"oral_comprehension": 7, "oral_production": 7, "written_comprehension": 5, "assessed_on": "2026-03-10"}
    profile = developer(
        spouse=None,
        family_in_quebec=None,
        french=french,
        diplomas=[{"level": "master", "in_quebec": True, "full_time_months": 24, "obtained_on": "2022-06-01"}],
        work_history=[job("21232", "2024-07-01")],
    )
    ranking = rank(profile, DAY, routes=[STREAM_ROUTES[1]]).routes[0]
    assert ranking.score.min < 716 <= ranking.score.max  # the spouse and written production decide it
    asked = questions(profile, DAY, programs=["pstq"]).questions
    deciding = [q.field for q in asked if "ranking_score" in q.criteria]
    assert set(deciding) == {"spouse", "french.written_production"}
    assert [q.field for q in asked[: len(deciding)]] == deciding
    assert "716" in asked[0].why
    # each deciding answer really decides it: some answer puts the range wholly on one side
    for field, value in (("spouse", {"accompanying": False}), ("french", {**french, "written_production": 9})):
        changed = rank({**profile, field: value}, DAY, routes=[STREAM_ROUTES[1]]).routes[0].score
        assert not changed.min < 716 <= changed.max


# -- command line ---------------------------------------------------------------------------------
def test_cli_rank_and_gaps_with_a_target(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    import json

    from solver.cli import main

    path = tmp_path / "client.json"
    path.write_text(json.dumps(developer()))
    assert main(["rank", str(path), "--date", DAY, "--routes", STREAM_ROUTES[1]]) == 0
    out = capsys.readouterr().out
    assert "pstq-high-qualification: 450 / 1400 — latest cut-off 716 (2026-04-30)" in out
    assert "Age: 30 years on 2026-12-05: 120 of 120 points; 110 from your 31st birthday on 2027-03-02." in out
    assert main(["rank", str(path), "--date", DAY, "--lang", "fr", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["route"] for r in data["routes"]] == list(STREAM_ROUTES.values())
    assert data["routes"][0]["score"] == {"min": 450, "max": 450}
    assert main(["gaps", str(path), "--date", DAY, "--routes", STREAM_ROUTES[1], "--target-score", "600"]) == 0
    out = capsys.readouterr().out
    assert "(target 600)" in out
    assert main(["rank", str(path), "--date", DAY, "--routes", "food-processing"]) == 2
    assert "no ranking score" in capsys.readouterr().err


def test_schema_states_every_what_if_lever_and_the_reform_name() -> None:
    from typing import get_args

    from fastapi.testclient import TestClient

    from api.main import create_app
    from solver.requests import LeverName

    schema = TestClient(create_app()).get("/openapi.json").json()["components"]["schemas"]
    items = schema["WhatIfRequest"]["properties"]["changes"]["items"]
    assert set(items["discriminator"]["mapping"]) == set(get_args(LeverName))
    for name in ("EligibilityRequest", "GapsRequest", "RankingRequest", "WhatIfRequest"):
        reform = schema[name]["properties"]["reform"]["anyOf"][0]
        assert {"name", "description", "changes"} <= set(reform["required"]), name
    for name in ("EligibilityRequest", "GapsRequest", "RankingRequest"):
        assert schema[name]["properties"]["programs"]["anyOf"][0]["items"]["enum"] == ["pilots", "pstq", "peq"]
    assert schema["GapsRequest"]["properties"]["target_score"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 1400,
    }


def test_one_principal_occupation_shares_findings_without_changing_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """With one occupation to try, the PSTQ routes share findings and texts with the other routes;
    the answers equal those of the path that assesses each route in its own context."""
    import random

    import solver.evaluator as ev

    rng = random.Random(11)
    profiles = []
    for i in range(120):
        french = {
            "oral_comprehension": rng.randint(3, 10),
            "oral_production": rng.randint(3, 10),
            "written_comprehension": rng.choice([None, *range(3, 10)]),
            "written_production": rng.randint(3, 10),
            "assessed_on": rng.choice(["2025-01-10", "2026-03-10", None]),
        }
        noc = rng.choice(["21232", "63200", "31301", "73100", "53121"])
        profiles.append(
            developer(
                french=french,
                principal_noc=noc if i % 3 else None,
                work_history=[job(noc, rng.choice(["2021-05-01", "2024-02-01", "2025-10-01"]))],
                spouse=rng.choice([None, {"accompanying": False}, {"accompanying": True}]),
            )
        )
    for lang in ("en", "fr"):
        shared = [ev.evaluation_data(p, DAY, lang=lang) for p in profiles]
        monkeypatch.setattr(ev, "_single_principal", lambda rules, rids, person: ev._SEVERAL)
        own = [ev.evaluation_data(p, DAY, lang=lang) for p in profiles]
        monkeypatch.undo()
        assert shared == own
