"""The columnar evaluator gives exactly the row evaluator's verdicts.

Differential test: ``solver.route_verdicts`` (one profile at a time, criterion by criterion) and
``solver.columnar.routes.route_columns`` (a whole frame at once, compiled from the same criterion
objects) on 20,000 cohort profiles, a share of them with details blanked or recoded to NOC 2016
so that unknowns and split codes abound, plus hand-made edge profiles; on dates in both
editions, before the first and after the end; under the default readings, every named
assumption switched, and the example reforms. Every route's verdict must be identical.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from solver.applicant import Applicant, Diploma, French, JobOffer, WorkEpisode
from solver.columnar.routes import VERDICTS, born_after, route_columns
from solver.criteria.columns.frame import Vocabulary, build_frame
from solver.evaluator import route_verdicts
from solver.rules.book import RuleBook, default_rulebook, rulebook_for
from solver.rules.overlay import load_reform

ROOT = Path(__file__).resolve().parents[1]
# reforms of the pilots' criteria (grid reforms are compared by tests/test_compare_scores.py)
REFORMS = sorted(
    p
    for p in (ROOT / "examples" / "reforms").glob("*.*")
    if p.suffix in (".json", ".yaml") and "factor" not in p.read_text(encoding="utf-8")
)
#: Wages for some IT-VE occupations (2021 and 2016 codes), so the reference-wage test is exercised.
WAGES = {"21231": 118_000.0, "21232": 95_000.0, "2174": 90_000.0, "21211": 105_000.0}
FLIPPED = {
    "ai_graduate_salary_floor": True,
    "ai_graduate_expert_opinion": True,
    "ai_foreign_worker_path_b_2023": False,
    "it_ve_general_dec": True,
    "dep_5358_meets_program_length": False,
    "conditions_of_stay_met_if_never_stayed": False,
}
#: NOC 2021 -> a NOC 2016 code that maps to it (some map to several 2021 codes: unknown membership).
TO_2016 = {"21211": "2171", "21232": "2174", "21231": "2173", "33102": "3413", "94141": "9462", "95106": "9617"}


def _blank_episode(ep: WorkEpisode, rng: random.Random) -> WorkEpisode:
    update: dict[str, Any] = {}
    for name in ("noc", "naics", "hours_per_week", "in_quebec", "paid", "authorized", "sector", "role"):
        if rng.random() < 0.12:
            update[name] = None
    for name in ("annual_salary", "employer_in_cmm", "basic_personal_care"):
        if rng.random() < 0.2:
            update[name] = None
    if ep.noc in TO_2016 and rng.random() < 0.4:
        update["noc"] = TO_2016[ep.noc]
    if ep.naics and rng.random() < 0.08:
        update["naics"] = ep.naics[:2]  # "31": cannot tell 311 from 312
    return ep.model_copy(update=update)


def _blank(person: Applicant, rng: random.Random) -> Applicant:
    """A variant of ``person`` with some details unknown (or coded the 2016 way)."""
    update: dict[str, Any] = {}
    for name in (
        "birth_date",
        "status_in_quebec",
        "intends_to_settle_in_quebec",
        "controls_employer",
        "respected_conditions_of_stay",
        "self_sufficiency_undertaking",
        "commits_to_learn_french",
    ):
        if rng.random() < 0.1:
            update[name] = None
    if person.french is not None and rng.random() < 0.3:
        field = rng.choice(["oral_comprehension", "oral_production", "assessed_on"])
        update["french"] = person.french.model_copy(update={field: None})
    diplomas = []
    for d in person.diplomas:
        blank = {n: None for n in ("field", "in_quebec", "full_time_months", "obtained_on") if rng.random() < 0.15}
        diplomas.append(d.model_copy(update=blank))
    update["diplomas"] = diplomas
    update["work_history"] = [_blank_episode(ep, rng) for ep in person.work_history]
    if person.job_offer is not None and rng.random() < 0.4:
        field = rng.choice(["annual_salary", "employer_in_cmm", "hours_per_week", "noc", "sector"])
        update["job_offer"] = person.job_offer.model_copy(update={field: None})
    return person.model_copy(update=update)


def _edge_profiles() -> list[Applicant]:
    """Hand-made profiles at the edges: empty, unknowns everywhere, boundary dates, split codes."""
    qc_job = {"in_quebec": True, "hours_per_week": 40.0, "paid": True, "authorized": True}
    return [
        Applicant(),
        Applicant(birth_date=date(2006, 2, 28), french=French()),
        Applicant(birth_date=date(2004, 2, 29), status_in_quebec="abroad", respected_conditions_of_stay=False),
        Applicant(
            birth_date=date(1990, 1, 1),
            french=French(oral_comprehension=7, oral_production=7, assessed_on=date(2022, 6, 4)),
            diplomas=[Diploma(level="vocational", program_code="5358", in_quebec=True, obtained_on=None)],
            work_history=[WorkEpisode(noc="33102", start=date(2022, 1, 1), end=date(2024, 6, 3), **qc_job)],
        ),
        Applicant(
            diplomas=[
                Diploma(level="vocational", program_code="5358", in_quebec=True, obtained_on=date(2023, 6, 2)),
                Diploma(level="vocational", field="orderly", full_time_months=12, obtained_on=date(2022, 6, 2)),
            ],
            work_history=[
                WorkEpisode(noc="3413", start=date(2021, 1, 1), end=date(2022, 12, 31), **qc_job),
                WorkEpisode(noc="33102", start=date(2022, 6, 1), end=None, **qc_job),
                WorkEpisode(noc="33102", start=date(2023, 1, 1), end=None, in_quebec=None, hours_per_week=None),
            ],
        ),
        Applicant(
            work_history=[
                WorkEpisode(
                    noc="2171", naics="5415", sector="ai", start=date(2019, 1, 1), annual_salary=99_000, **qc_job
                )
            ],
            job_offer=JobOffer(
                noc="2174", sector="ai", hours_per_week=35.0, annual_salary=80_000, employer_in_cmm=None
            ),
        ),
        Applicant(
            work_history=[
                WorkEpisode(noc="85100", naics="31", role=None, start=date(2020, 5, 5), **qc_job),
                WorkEpisode(noc="8431", naics="3121", role="chicken_catcher", start=date(2021, 5, 5), **qc_job),
            ],
            job_offer=JobOffer(),
        ),
    ]


@pytest.fixture(scope="module")
def profiles() -> list[Applicant]:
    from solver.cohort import generate_cohort

    rng = random.Random(16)
    cohort = generate_cohort(20_000, seed=1616)
    return _edge_profiles() + [_blank(p, rng) if rng.random() < 0.35 else p for p in cohort]


def _assert_same(people: Sequence[Applicant], on: date, rules: RuleBook, wages: dict[str, float] | None = None) -> None:
    frame = build_frame(people, Vocabulary())
    columns = route_columns(frame, on, rules, reference_wages=wages)
    late = born_after(frame, on)
    mismatches = []
    for i, person in enumerate(people):
        if late[i]:
            continue
        for route, verdict in route_verdicts(
            person, on, reference_wages=wages, rules=rules, programs=["pilots"]
        ).items():
            got = VERDICTS[columns[route][i]]
            if got != verdict:
                mismatches.append((i, route, verdict, got))
    assert not mismatches, f"{len(mismatches)} mismatches on {on}, e.g. {mismatches[:5]}"


def test_columnar_verdicts_equal_row_verdicts_on_20000_profiles(profiles: list[Applicant]) -> None:
    _assert_same(profiles, date(2024, 6, 3), default_rulebook(), WAGES)


@pytest.mark.parametrize(
    "on",
    [date(2020, 1, 15), date(2021, 6, 1), date(2022, 6, 30), date(2023, 11, 23), date(2025, 2, 28), date(2026, 3, 1)],
)
def test_columnar_verdicts_equal_row_verdicts_on_other_dates(profiles: list[Applicant], on: date) -> None:
    _assert_same(profiles[:5000], on, default_rulebook(), WAGES if on.year % 2 else None)


@pytest.mark.parametrize("on", [date(2022, 3, 1), date(2024, 6, 3)])
def test_columnar_verdicts_equal_row_verdicts_with_every_assumption_switched(
    profiles: list[Applicant], on: date
) -> None:
    _assert_same(profiles[:6000], on, rulebook_for(FLIPPED))


@pytest.mark.parametrize("path", REFORMS, ids=[p.name for p in REFORMS])
def test_columnar_verdicts_equal_row_verdicts_under_a_reform(profiles: list[Applicant], path: Path) -> None:
    _assert_same(profiles[:6000], date(2024, 6, 3), rulebook_for(None, load_reform(path)), WAGES)


def test_the_example_reforms_are_there() -> None:
    assert {p.name for p in REFORMS} >= {"french-5.json", "ai-cmm-90k.yaml", "food-18-months.yaml"}


def test_an_empty_frame_has_empty_columns() -> None:
    frame = build_frame([])
    columns = route_columns(frame, date(2024, 6, 3), default_rulebook())
    assert len(columns) == 9 and all(c.size == 0 for c in columns.values())


def test_a_frame_shares_its_vocabulary_across_chunks(profiles: list[Applicant]) -> None:
    vocabulary = Vocabulary()
    first = build_frame(profiles[:1000], vocabulary)
    seen = len(vocabulary.episodes)
    second = build_frame(profiles[:1000], vocabulary)
    assert len(vocabulary.episodes) == seen  # the same episodes get the same codes
    assert (first.episode_signature == second.episode_signature).all()
    assert seen < first.episode_owner.size  # distinct episodes are fewer than episode rows
