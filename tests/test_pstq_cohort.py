"""The synthetic PSTQ candidate cohort (``solver.cohort.pstq``): seeded, prefix-stable, its tables
as data, every profile valid and plausible."""

from __future__ import annotations

from collections import Counter
from datetime import date

import yaml

from solver.applicant import Applicant
from solver.cohort.pstq import (
    DEFAULT_PSTQ_REFERENCE_DATE,
    OCCUPATIONS,
    PSTQ_DATA_FILE,
    generate_pstq_cohort,
    iter_labelled_pstq_cohort,
    iter_pstq_cohort,
)

N = 600


def _dump(people: list[Applicant]) -> list[str]:
    return [p.model_dump_json() for p in people]


def test_a_seed_gives_the_same_cohort_and_another_seed_another() -> None:
    first = _dump(generate_pstq_cohort(200, seed=11))
    assert first == _dump(generate_pstq_cohort(200, seed=11))
    assert first != _dump(generate_pstq_cohort(200, seed=12))


def test_the_cohort_is_prefix_stable_and_the_iterator_matches_the_list() -> None:
    big = _dump(generate_pstq_cohort(150, seed=3))
    assert _dump(generate_pstq_cohort(40, seed=3)) == big[:40]
    assert _dump(list(iter_pstq_cohort(150, seed=3))) == big


def test_the_reference_date_moves_the_dates() -> None:
    later = date(2026, 11, 1)
    people = generate_pstq_cohort(50, seed=5, reference_date=later)
    assert all(p.work_history[-1].start < later for p in people)
    assert _dump(people) != _dump(generate_pstq_cohort(50, seed=5))


def test_the_tables_are_data_with_real_noc_2021_codes() -> None:
    data = yaml.safe_load(PSTQ_DATA_FILE.read_text(encoding="utf-8"))
    assert data["default_reference_date"] == DEFAULT_PSTQ_REFERENCE_DATE
    codes = set(OCCUPATIONS)
    assert {"21232", "21231", "31301", "33102", "63200", "72410", "75101", "94140", "41220", "13110"} <= codes
    assert all(len(c) == 5 and c.isdigit() for c in codes)
    assert abs(sum(o["weight"] for o in OCCUPATIONS.values()) - 1) < 1e-9
    for occupation in OCCUPATIONS.values():
        assert set(occupation["diplomas"]) <= set(data["diploma_programs"])
    # every TEER of the four streams is present: 0-2 (stream 1), 3-5 (stream 2), regulated (stream 3)
    assert {int(c[1]) for c in codes} >= {1, 2, 3, 4, 5}


def test_the_profiles_follow_the_tables() -> None:
    labelled = list(iter_labelled_pstq_cohort(N, seed=1))
    people = [p for _, p in labelled]
    ref = DEFAULT_PSTQ_REFERENCE_DATE
    shares = Counter(code for code, _ in labelled)
    for code, occupation in OCCUPATIONS.items():
        assert abs(shares[code] / N - occupation["weight"]) < 0.06, code
    for code, person in labelled:
        assert person.work_history[-1].noc == code and person.work_history[-1].in_quebec
        assert person.principal_noc in (code, None)
        assert person.birth_date is not None and 20 <= (ref - person.birth_date).days / 365.25 <= 51
        if person.french is not None:
            levels = [
                person.french.oral_comprehension,
                person.french.oral_production,
                person.french.written_comprehension,
                person.french.written_production,
            ]
            assert all(level is not None and 3 <= level <= 12 for level in levels)
            assert person.french.assessed_on is not None and person.french.assessed_on <= ref
        for episode in person.work_history:
            assert episode.start < ref and (episode.end is None or episode.start <= episode.end < ref)
        for diploma in person.diplomas:
            assert diploma.obtained_on is not None and person.birth_date < diploma.obtained_on < ref
        if person.job_offer is not None:
            assert person.job_offer.validated is True
    spouses = Counter(
        "unknown" if p.spouse is None else ("accompanying" if p.spouse.accompanying else "none") for p in people
    )
    assert spouses["accompanying"] > 0.3 * N and spouses["none"] > 0.4 * N and spouses["unknown"] > 0
    cmm = sum(bool(p.residence_history[0].in_cmm) for p in people) / N
    assert 0.55 < cmm < 0.8
    offers = sum(p.job_offer is not None for p in people) / N
    assert 0.08 < offers < 0.25
    assert any(p.authorizations for p in people)
    assert all(isinstance(p, Applicant) for p in people)
