"""The columnar PSTQ verdicts are exactly the row evaluator's, for declared principal occupations.

Differential test: ``solver.evaluator.route_verdicts`` (one profile at a time; the principal
occupation is the declared one, ``principal_noc``) and ``solver.columnar.routes.route_columns``
on the four PSTQ streams, for every profile with a declared principal occupation among 20,000
PSTQ candidates (a share with details blanked: written levels, assessment dates, the spouse's
French, authorisations, internships) plus hand-made edge profiles (unknown spouse, spouse not
accompanying, expired, unknown and future French dates, internships paid or not, authorisations
old, new, for another occupation, recognitions older than 5 years, talent opinions, every TEER and
regulated occupations); on three dates, under every combination of the two PSTQ assumptions.
Also the profiles that declare none but have one occupation to try (``principal_candidates``),
set as the frame's principal occupation (``with_principal``), as ``solver.batch_compare`` does.
"""

from __future__ import annotations

import itertools
import random
from datetime import date
from typing import Any

import pytest

from solver.applicant import Applicant, Authorization, ExceptionalTalent, French, Spouse, WorkEpisode
from solver.cohort.pstq import generate_pstq_cohort
from solver.columnar.routes import VERDICTS, born_after, route_columns
from solver.criteria.columns.frame import Vocabulary, build_frame, with_principal
from solver.criteria.occupation import principal_candidates, regulated_occupations
from solver.evaluator import route_verdicts
from solver.rules.book import RuleBook, rulebook_for

PSTQ = ["pstq-high-qualification", "pstq-intermediate-manual", "pstq-regulated-professions", "pstq-exceptional-talent"]
DATES = [date(2026, 5, 15), date(2026, 12, 5), date(2029, 6, 1)]
ASSUMPTIONS = [
    {"pstq_exceptional_talent_french": talent, "pstq_regulated_french_by_teer": by_teer}
    for talent, by_teer in itertools.product([False, True], repeat=2)
]


def _blank_french(french: French | None, rng: random.Random) -> French | None:
    if french is None or rng.random() < 0.6:
        return french
    field = rng.choice(["oral_comprehension", "written_comprehension", "written_production", "assessed_on"])
    return french.model_copy(update={field: None})


def _blank(person: Applicant, rng: random.Random) -> Applicant:
    """A variant of ``person`` with some PSTQ details unknown, shifted or added."""
    update: dict[str, Any] = {"french": _blank_french(person.french, rng)}
    if person.spouse is not None:
        roll = rng.random()
        if roll < 0.15:
            update["spouse"] = person.spouse.model_copy(update={"accompanying": not person.spouse.accompanying})
        elif roll < 0.4:
            update["spouse"] = person.spouse.model_copy(update={"french": _blank_french(person.spouse.french, rng)})
        elif roll < 0.5:
            update["spouse"] = None
    history = []
    for ep in person.work_history:
        change: dict[str, Any] = {}
        if rng.random() < 0.15:
            change["internship"] = rng.choice([True, None])
            change["paid"] = rng.choice([True, False, None])
        if rng.random() < 0.05:
            change["noc"] = rng.choice([None, "2174", "3413", "21232"])
        history.append(ep.model_copy(update=change))
    update["work_history"] = history
    if rng.random() < 0.25:
        kind = rng.choice(["authorization", "full_recognition", "partial_recognition"])
        obtained = rng.choice([None, date(2019, 1, 1), date(2021, 6, 1), date(2024, 5, 16), date(2026, 9, 1)])
        noc = person.principal_noc if rng.random() < 0.7 and person.principal_noc else "31301"
        update["authorizations"] = [*person.authorizations, Authorization(noc=noc, kind=kind, obtained_on=obtained)]
    if rng.random() < 0.2:
        update["exceptional_talent"] = ExceptionalTalent(
            partner_opinion=rng.choice([None, "favourable", "unfavourable"]),
            exceptional_achievement=rng.choice([None, True, False]),
        )
    if rng.random() < 0.05:
        update["principal_noc"] = rng.choice(["00010", "21232", "31301", "42202", "65201", "75101", "21300"])
    return person.model_copy(update=update)


def _edge_profiles() -> list[Applicant]:
    """Hand-made profiles at the edges of the PSTQ criteria, each with a declared occupation."""
    full = {"in_quebec": True, "hours_per_week": 40.0, "paid": True, "authorized": True}
    good = French(
        oral_comprehension=7,
        oral_production=7,
        written_comprehension=5,
        written_production=5,
        assessed_on=date(2025, 1, 10),
    )
    base: dict[str, Any] = {
        "birth_date": date(1990, 3, 3),
        "intends_to_settle_in_quebec": True,
        "self_sufficiency_undertaking": True,
        "french": good,
    }
    regulated = sorted(regulated_occupations()[0])
    codes = ["00010", "10010", "21232", "21231", "31301", "32101", "42202", "44101", "65201", "75101", "95106"]
    codes += regulated[:: max(1, len(regulated) // 12)]
    frenches = [
        good,
        good.model_copy(update={"written_production": None}),
        good.model_copy(update={"written_comprehension": 4}),
        good.model_copy(update={"assessed_on": None}),
        good.model_copy(update={"assessed_on": date(2024, 5, 15)}),
        good.model_copy(update={"assessed_on": date(2024, 5, 16)}),
        good.model_copy(update={"assessed_on": date(2027, 1, 1)}),
        French(oral_comprehension=5, oral_production=5, assessed_on=date(2026, 1, 1)),
        None,
    ]
    spouses = [
        None,
        Spouse(accompanying=False),
        Spouse(accompanying=True),
        Spouse(accompanying=True, french=French(oral_comprehension=4, oral_production=4, assessed_on=date(2025, 6, 1))),
        Spouse(accompanying=True, french=French(oral_comprehension=4, oral_production=3, assessed_on=date(2025, 6, 1))),
        Spouse(accompanying=True, french=French(oral_comprehension=4, oral_production=4, assessed_on=date(2023, 6, 1))),
        Spouse(accompanying=True, french=French(oral_comprehension=4, oral_production=None)),
    ]
    out = []
    for i, code in enumerate(codes):
        history = [
            WorkEpisode(noc=code, start=date(2022, 1, 1), end=date(2024, 12, 31), **full),
            WorkEpisode(noc=code, start=date(2025, 1, 1), end=date(2025, 6, 30), internship=True, paid=False),
            WorkEpisode(noc=code, start=date(2025, 9, 1), end=None, internship=True, paid=None, in_quebec=True),
            WorkEpisode(noc="2174" if i % 2 else None, start=date(2021, 1, 1), end=date(2026, 1, 1), **full),
        ]
        auths = [
            Authorization(noc=code, kind="authorization", obtained_on=date(2015, 1, 1)),
            Authorization(noc=code, kind="full_recognition", obtained_on=date(2021, 6, 1)),
            Authorization(noc=code, kind="partial_recognition", obtained_on=None),
            Authorization(noc="31301" if code != "31301" else "21300", kind="authorization"),
            Authorization(noc=code, kind="authorization", obtained_on=date(2027, 3, 1)),
        ]
        for j, french in enumerate(frenches):
            spouse = spouses[(i + j) % len(spouses)]
            talent = [None, ExceptionalTalent(partner_opinion="favourable"), ExceptionalTalent()][j % 3]
            chosen = [a for k, a in enumerate(auths) if (i + j) >> k & 1]
            episodes = history[: 1 + (i + j) % len(history)]
            out.append(
                Applicant(
                    **{**base, "french": french},
                    principal_noc=code,
                    spouse=spouse,
                    authorizations=chosen,
                    work_history=episodes,
                    exceptional_talent=talent,
                )
            )
    out.append(Applicant(principal_noc="21232"))
    return out


@pytest.fixture(scope="module")
def profiles() -> list[Applicant]:
    rng = random.Random(21)
    cohort = generate_pstq_cohort(20_000, seed=2121)
    mixed = [_blank(p, rng) if rng.random() < 0.35 else p for p in cohort]
    return _edge_profiles() + [p for p in mixed if p.principal_noc is not None]


@pytest.fixture(scope="module")
def undeclared() -> list[Applicant]:
    """Candidates without a declared occupation but with one to try (``solver.batch_compare``
    computes them column-wise for it, with ``with_principal``)."""
    rng = random.Random(22)
    noc = rulebook_for(None).noc
    mixed = [_blank(p, rng) if rng.random() < 0.35 else p for p in generate_pstq_cohort(20_000, seed=2222)]
    found = [p for p in mixed if p.principal_noc is None]
    found += [p.model_copy(update={"principal_noc": None}) for p in _edge_profiles()]
    return [p for p in found if len(tried := principal_candidates(p, noc)) == 1 and tried[0] is not None]


def _assert_same(people: list[Applicant], on: date, rules: RuleBook) -> None:
    frame = build_frame(people, Vocabulary())
    if any(p.principal_noc is None for p in people):
        frame = with_principal(frame, [principal_candidates(p, rules.noc)[0] for p in people])
    columns = route_columns(frame, on, rules, PSTQ)
    late = born_after(frame, on)
    mismatches = []
    for i, person in enumerate(people):
        if late[i]:
            continue
        for route, verdict in route_verdicts(person, on, routes=PSTQ, rules=rules).items():
            got = VERDICTS[columns[route][i]]
            if got != verdict:
                mismatches.append((i, route, verdict, got))
    assert not mismatches, f"{len(mismatches)} mismatches on {on}, e.g. {mismatches[:5]}"


def test_the_cohort_declares_most_principal_occupations(profiles: list[Applicant]) -> None:
    assert len(profiles) > 5_000


@pytest.mark.parametrize("on", DATES)
def test_columnar_pstq_verdicts_equal_row_verdicts(profiles: list[Applicant], on: date) -> None:
    _assert_same(profiles, on, rulebook_for(None))


@pytest.mark.parametrize("on", DATES)
@pytest.mark.parametrize("assumptions", ASSUMPTIONS, ids=lambda a: "-".join(str(v)[0] for v in a.values()))
def test_columnar_pstq_verdicts_equal_row_verdicts_under_each_reading(
    profiles: list[Applicant], on: date, assumptions: dict[str, bool]
) -> None:
    _assert_same(profiles[:6_000], on, rulebook_for(assumptions))


@pytest.mark.parametrize("on", DATES)
def test_columnar_pstq_verdicts_for_the_one_occupation_to_try(undeclared: list[Applicant], on: date) -> None:
    assert len(undeclared) > 2_000
    _assert_same(undeclared, on, rulebook_for(None))
    _assert_same(undeclared[:2_000], on, rulebook_for(dict.fromkeys(ASSUMPTIONS[0], True)))


def test_every_verdict_occurs(profiles: list[Applicant]) -> None:
    frame = build_frame(profiles, Vocabulary())
    columns = route_columns(frame, DATES[0], rulebook_for(None), PSTQ)
    for route in PSTQ[:3]:
        assert set(columns[route].tolist()) == {0, 1, 2}, route
