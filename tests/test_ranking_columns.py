"""The columnar scorer gives exactly the row scorer's points.

Differential test: ``solver.ranking.scorer.score`` / ``Factor.points`` (one profile at a time)
and ``solver.ranking.columns.score_columns`` (a whole cohort at once, from the same grid
objects) on 20,000 PSTQ cohort profiles, a share of them varied (details blanked, internships,
study and residence histories, spouse diplomas and work, authorisations, offers added) so that
unknowns abound, plus hand-made edge profiles; on several dates, for the declared principal
occupation, another one or none; under the baseline grid and a grid reform, with the grid's
assumptions at both values. Every factor's low and high must be identical.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from solver.applicant import (
    Applicant,
    Authorization,
    Diploma,
    FamilyInQuebec,
    French,
    JobOffer,
    Residence,
    Spouse,
    Study,
    WorkEpisode,
)
from solver.ranking.columns import factor_columns, score_columns, score_frame
from solver.ranking.grid import Grid, grid_for
from solver.ranking.scorer import score
from solver.rules.book import default_rulebook, rulebook_for
from solver.rules.overlay import load_reform

ROOT = Path(__file__).resolve().parents[1]
REFORM = ROOT / "examples" / "reforms" / "written-french-5-earns-44.yaml"
DATES = (date(2026, 5, 15), date(2026, 12, 5), date(2027, 3, 2))
GRID_ASSUMPTIONS = ("pstq_family_points_need_outside_cmm", "pstq_quebec_months_in_5_years")
LEVELS = (
    "secondary",
    "vocational",
    "college",
    "college_technical",
    "university_certificate",
    "bachelor",
    "graduate_diploma",
    "master",
    "medical_specialty",
    "doctorate",
)
NOCS = ("21232", "31301", "33102", "41220", "63200", "2171", "2174", "3413", "8431", None)


def _maybe(rng: random.Random, value: Any, share: float = 0.2) -> Any:
    return None if rng.random() < share else value


def _day(rng: random.Random, first: date = date(2012, 1, 1), last: date = date(2027, 6, 1)) -> date:
    return first + timedelta(days=rng.randrange((last - first).days))


def _edge_day(rng: random.Random) -> date:
    """A day next to a tested date, or five years (a window) before one."""
    on = rng.choice(DATES)
    return rng.choice([on, on.replace(year=on.year - 5)]) + timedelta(days=rng.randint(-1, 1))


def _period(rng: random.Random) -> tuple[date, date | None]:
    start = _edge_day(rng) if rng.random() < 0.15 else _day(rng)
    end = None if rng.random() < 0.3 else start + timedelta(days=rng.randrange(-5, 2500))
    if end is not None and rng.random() < 0.2:
        end = _edge_day(rng)
    return start, end if end is None or end >= start else start


def _diploma(rng: random.Random) -> Diploma:
    return Diploma(
        level=rng.choice(LEVELS),
        in_quebec=rng.choice([True, False, None]),
        full_time_months=rng.choice([None, 6, 12, 23, 24, 35, 36, 48, 59, 60]),
        hours=rng.choice([None, 500, 600, 899, 900, 1800]),
        obtained_on=rng.choice([None, _day(rng)]),
    )


def _episode(rng: random.Random) -> WorkEpisode:
    start, end = _period(rng)
    return WorkEpisode(
        noc=rng.choice(NOCS),
        in_quebec=rng.choice([True, False, None]),
        hours_per_week=rng.choice([None, 20.0, 30.0, 40.0]),
        paid=rng.choice([True, False, None]),
        start=start,
        end=end,
        employer_in_cmm=rng.choice([True, False, None]),
        internship=rng.choice([None, False, True, True]),
    )


def _french(rng: random.Random) -> French:
    level = [_maybe(rng, rng.randint(1, 12)) for _ in range(4)]
    return French(
        oral_comprehension=level[0],
        oral_production=level[1],
        written_comprehension=level[2],
        written_production=level[3],
        assessed_on=rng.choice([None, _day(rng, date(2023, 1, 1), date(2027, 4, 1)), date(2024, 5, 15)]),
    )


def _vary(person: Applicant, rng: random.Random) -> Applicant:
    """A variant of ``person`` with unknowns and the histories the cohort rarely draws."""
    update: dict[str, Any] = {}
    if rng.random() < 0.15:
        update["birth_date"] = None
    if rng.random() < 0.4:
        update["french"] = None if rng.random() < 0.2 else _french(rng)
    if rng.random() < 0.4:
        update["diplomas"] = [_diploma(rng) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.5:
        update["work_history"] = [*person.work_history, *(_episode(rng) for _ in range(rng.randint(1, 4)))]
    if rng.random() < 0.4:
        update["residence_history"] = [
            Residence(start=s, end=e, in_quebec=rng.choice([True, False, None]), in_cmm=rng.choice([True, False, None]))
            for s, e in (_period(rng) for _ in range(rng.randint(0, 3)))
        ]
    if rng.random() < 0.4:
        update["study_history"] = [
            Study(
                start=s,
                end=e,
                in_quebec=rng.choice([True, False, None]),
                in_cmm=rng.choice([True, False, None]),
                led_to_diploma=rng.choice([True, False, None]),
            )
            for s, e in (_period(rng) for _ in range(rng.randint(1, 3)))
        ]
    if rng.random() < 0.3:
        update["spouse"] = rng.choice(
            [
                None,
                Spouse(accompanying=False),
                Spouse(
                    accompanying=True,
                    birth_date=_maybe(rng, _day(rng, date(1960, 1, 1), date(2008, 1, 1))),
                    french=_maybe(rng, _french(rng)),
                    diplomas=[_diploma(rng) for _ in range(rng.randint(0, 2))],
                    work_history=[_episode(rng) for _ in range(rng.randint(0, 2))],
                ),
            ]
        )
    if rng.random() < 0.3:
        update["family_in_quebec"] = rng.choice(
            [None, FamilyInQuebec(), FamilyInQuebec(applicant=_maybe(rng, True, 0.5), spouse=_maybe(rng, True, 0.5))]
        )
    if rng.random() < 0.3:
        update["authorizations"] = [
            Authorization(
                noc=rng.choice([n for n in NOCS if n]),
                kind=rng.choice(["authorization", "full_recognition", "partial_recognition"]),
                obtained_on=_maybe(rng, _day(rng, date(2018, 1, 1))),
            )
            for _ in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.3:
        update["job_offer"] = rng.choice(
            [
                None,
                JobOffer(validated=rng.choice([True, False, None]), employer_in_cmm=rng.choice([True, False, None])),
            ]
        )
    if rng.random() < 0.2:
        update["principal_noc"] = None
    return person.model_copy(update=update)


def _edge_profiles() -> list[Applicant]:
    """Hand-made profiles at the edges."""
    qc = {"in_quebec": True, "hours_per_week": 40.0, "paid": True}
    return [
        Applicant(),  # nothing known: unknown spouse, French, age
        Applicant(birth_date=date(1990, 5, 15), spouse=Spouse(accompanying=True), french=French()),
        Applicant(
            birth_date=date(2000, 2, 29),
            french=French(oral_comprehension=9, written_production=5, assessed_on=date(2024, 5, 15)),  # expires
            spouse=Spouse(accompanying=True, french=French(oral_comprehension=6), birth_date=None),
        ),
        Applicant(french=French(oral_comprehension=7, oral_production=7, assessed_on=date(2026, 12, 6))),  # later
        Applicant(
            work_history=[
                WorkEpisode(noc="21232", start=date(2021, 1, 1), end=date(2021, 6, 30), internship=True, **qc),
                WorkEpisode(noc="21232", start=date(2021, 3, 1), end=date(2021, 8, 30), internship=True, **qc),
                WorkEpisode(noc="2174", start=date(2019, 1, 1), end=None, employer_in_cmm=None, **qc),
                WorkEpisode(noc="2171", start=date(2020, 1, 1), end=None, hours_per_week=None, in_quebec=True),
            ],
            authorizations=[
                Authorization(noc="21232", kind="partial_recognition", obtained_on=date(2021, 5, 15)),
                Authorization(noc="2174", kind="authorization", obtained_on=None),
            ],
        ),
        Applicant(
            principal_noc="21232",
            residence_history=[
                Residence(start=date(2020, 1, 1), end=date(2026, 5, 15), in_quebec=True, in_cmm=False),
                Residence(start=date(2026, 5, 1), end=None, in_quebec=True, in_cmm=True),
            ],
            study_history=[
                Study(start=date(2025, 9, 1), end=None, in_quebec=True, in_cmm=False, led_to_diploma=None),
                Study(start=date(2027, 1, 1), end=None, in_quebec=True, led_to_diploma=False),
                Study(start=date(2018, 9, 1), end=date(2026, 5, 15), in_quebec=True, led_to_diploma=False),
            ],
        ),
        Applicant(
            residence_history=[
                Residence(start=date(2020, 1, 1), end=date(2026, 12, 4), in_quebec=True, in_cmm=False),
                Residence(start=date(2026, 12, 5), end=None, in_quebec=True, in_cmm=None),
            ],
            study_history=[
                Study(start=date(2021, 9, 1), end=date(2026, 5, 14), in_quebec=True, led_to_diploma=False),
                Study(start=date(2022, 9, 1), end=date(2027, 3, 1), in_quebec=True, led_to_diploma=None),
            ],
            family_in_quebec=FamilyInQuebec(applicant=True),
            spouse=Spouse(accompanying=False),
            job_offer=JobOffer(validated=None, employer_in_cmm=None),
        ),
        Applicant(
            diplomas=[Diploma(level=level, in_quebec=None) for level in LEVELS],
            spouse=Spouse(accompanying=True, diplomas=[Diploma(level="master", in_quebec=None)]),
            family_in_quebec=FamilyInQuebec(applicant=None, spouse=None),
        ),
        Applicant(
            diplomas=[
                Diploma(level="college_technical", in_quebec=False, obtained_on=date(2027, 1, 1)),
                Diploma(level="vocational", in_quebec=True, hours=599, obtained_on=date(2010, 1, 1)),
            ]
        ),
    ]


@pytest.fixture(scope="module")
def profiles() -> list[Applicant]:
    from solver.cohort.pstq import generate_pstq_cohort

    rng = random.Random(21)
    cohort = generate_pstq_cohort(20_000, seed=2126)
    return _edge_profiles() + [_vary(p, rng) if rng.random() < 0.35 else p for p in cohort]


def _principals(people: Sequence[Applicant], seed: int) -> list[str | None]:
    """The declared principal occupation, else (or sometimes instead) a work-history one, or none."""
    rng = random.Random(seed)
    found: list[str | None] = []
    for p in people:
        roll = rng.random()
        if roll < 0.1:
            found.append(None)
        elif p.principal_noc is None or roll < 0.2:
            nocs = [ep.noc for ep in p.work_history if ep.noc and len(ep.noc) == 5]
            found.append(rng.choice(nocs) if nocs else rng.choice(["21232", None]))
        else:
            found.append(p.principal_noc)
    return found


#: Per (factor logic, date, profile index, principal): the row scorer's points (shared by the grids).
_ROW: dict[tuple[str, date, int, str | None], tuple[int, int]] = {}


def _assert_same(people: Sequence[Applicant], grid: Grid, on: date, seed: int) -> None:
    canonical = default_rulebook().noc.canonical
    frame = score_frame(people)
    principals = _principals(people, seed)
    codes = frame.noc_codes(principals)
    low, high = score_columns(grid, frame, on, principals, canonical)
    total_low = np.zeros(len(people), np.int64)
    total_high = np.zeros(len(people), np.int64)
    mismatches = []
    for factor in grid.factors:
        got_low, got_high = factor_columns(factor, frame, on, codes, canonical, codes.tobytes())
        for i, person in enumerate(people):
            key = (factor.logic_key, on, i, principals[i])
            want = _ROW.get(key)
            if want is None:
                points = factor.points(person, on, principals[i], canonical)
                want = _ROW[key] = (points.low, points.high)
            if want != (got_low[i], got_high[i]):
                mismatches.append((factor.id, i, principals[i], want, (int(got_low[i]), int(got_high[i]))))
            total_low[i] += want[0]
            total_high[i] += want[1]
    assert not mismatches, f"{len(mismatches)} factor mismatches on {on}, e.g. {mismatches[:5]}"
    assert (low == total_low).all() and (high == total_high).all()
    assert low.dtype == np.int16 and high.dtype == np.int16


def _grids() -> list[tuple[str, Grid]]:
    reform = load_reform(REFORM)
    found = []
    for values in ((False, True), (True, False)):
        assumptions = dict(zip(GRID_ASSUMPTIONS, values, strict=True))
        rules = rulebook_for(assumptions, reform)
        found.append((f"baseline-{values}", grid_for(rules.assumptions)))
        found.append((f"reform-{values}", grid_for(rules.assumptions, rules.reform)))
    return found


GRIDS = _grids()


@pytest.mark.parametrize("on", DATES, ids=str)
@pytest.mark.parametrize("grid", [g for _, g in GRIDS], ids=[name for name, _ in GRIDS])
def test_columnar_points_equal_row_points(profiles: list[Applicant], grid: Grid, on: date) -> None:
    _assert_same(profiles, grid, on, seed=on.toordinal())


def test_the_grids_differ() -> None:
    """The reform and the assumptions change the factors compared (else the test compares less)."""
    keys = [tuple(f.logic_key for f in g.factors) for _, g in GRIDS]
    assert len(set(keys)) == len(keys)


def test_the_sum_is_the_row_scorers_score(profiles: list[Applicant]) -> None:
    """``score_columns`` is ``solver.ranking.scorer.score``'s low and high, profile by profile."""
    rules = default_rulebook()
    grid = grid_for(rules.assumptions, load_reform(REFORM))
    people = profiles[:3000]
    principals = [p.principal_noc for p in people]
    for on in DATES:
        low, high = score_columns(grid, people, on, principals, rules.noc.canonical)
        for i, person in enumerate(people):
            found = score(grid, person, on, principals[i], rules.noc)
            assert (found.low, found.high) == (low[i], high[i]), (i, on)


def test_an_empty_cohort_scores_nothing() -> None:
    low, high = score_columns(grid_for(default_rulebook().assumptions), [], DATES[0], [])
    assert low.size == 0 and high.size == 0


def test_principal_codes_must_match_the_profiles() -> None:
    with pytest.raises(ValueError, match="principal"):
        score_columns(grid_for(default_rulebook().assumptions), [Applicant()], DATES[0], [None, None])
