"""Tests of the synthetic cohort generator (``solver.cohort``).

The distribution checks use fixed seeds and bands several standard deviations wide,
so they are deterministic, yet they fail if an archetype, a coding or a dimension
goes missing or drifts far from its documented share.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest

from solver.applicant import DIPLOMA_RANK, Applicant, WorkEpisode, check_against_date
from solver.cohort import (
    ARCHETYPE_SHARES,
    DEFAULT_REFERENCE_DATE,
    NOC_2021_TO_2016,
    NOC_TITLES,
    cohort_frame_records,
    generate_cohort,
    generate_labelled_cohort,
    iter_cohort,
    iter_labelled_cohort,
    tables,
)
from solver.cohort.draw import Choice

REF = DEFAULT_REFERENCE_DATE
N = 2_000
FOOD_NOCS = {"94141", "95106", "95107", "65311", "94140", "94142", "85100"}
FOOD_NOCS_2016 = {NOC_2021_TO_2016[code] for code in FOOD_NOCS}
ITVE_NOCS = {
    "21231", "21232", "21234", "22220", "52120", "51120", "52113", "20012", "21310", "22310",
    "21220", "21221", "21222",
}  # fmt: skip
AI_NOCS = {"21211", "21231", "21232"}
NURSE_NOCS = {"31300", "31301", "32101"}


@pytest.fixture(scope="module")
def labelled() -> list[tuple[str, Applicant]]:
    """A 2,000-profile labelled cohort at the default reference date."""
    return generate_labelled_cohort(N, seed=2024)


@pytest.fixture(scope="module")
def cohort(labelled: list[tuple[str, Applicant]]) -> list[Applicant]:
    """The profiles of ``labelled`` without labels."""
    return [applicant for _, applicant in labelled]


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _months_ago(months: float) -> date:
    return REF - timedelta(days=round(months * 365.25 / 12))


def _nocs(applicant: Applicant) -> list[str]:
    nocs = [ep.noc for ep in applicant.work_history if ep.noc is not None]
    if applicant.job_offer is not None and applicant.job_offer.noc is not None:
        nocs.append(applicant.job_offer.noc)
    return nocs


def _current(applicant: Applicant) -> WorkEpisode | None:
    ongoing = [ep for ep in applicant.work_history if ep.end is None]
    return max(ongoing, key=lambda ep: ep.start, default=None)


# ----------------------------------------------------------------------------------------
# Determinism and API
# ----------------------------------------------------------------------------------------


def test_same_seed_gives_identical_json() -> None:
    first = [a.model_dump_json() for a in generate_cohort(300, seed=7)]
    second = [a.model_dump_json() for a in generate_cohort(300, seed=7)]
    assert first == second


def test_seed_7_cohort_is_pinned() -> None:
    """The cohort the notebooks and benchmarks cite (seed 7) does not drift.

    Pinned when the distributions moved to ``cohort.yaml``: the generator's code and data
    together still draw the profiles of the former single-module generator. Changing a share,
    a table or the order of the draws changes this digest; then update it here on purpose (and
    the figures the notebooks' text cites).
    """
    dumps = [a.model_dump(mode="json", exclude_defaults=True) for a in generate_cohort(300, seed=7)]
    digest = hashlib.sha256(json.dumps(dumps, sort_keys=True).encode()).hexdigest()
    assert digest == "34e90dd593388d32fe8868ea7cf4868003ca0707b2a98bee42f4d805cea78780"


def test_the_data_file_names_only_coded_occupations() -> None:
    """Every occupation the tables of ``cohort.yaml`` can draw has a NOC 2016 code and a title."""
    nocs = {
        *tables.FOOD_NOC.items,
        *tables.FOOD_NAICS_BY_NOC,
        *tables.FOOD_OFF_SECTOR,
        *tables.FOOD_ROLE,
        *(job[0] for job in tables.QC_SIDE_JOB.items),
        *tables.NURSE_NOC.items,
        *(job[0] for job in tables.PRE_ORDERLY_JOB.items),
        *tables.AI_NOC.items,
        *tables.AI_PRIOR_NOC.items,
        *tables.ITVE_NOC.items,
        *tables.ITVE_SALARY,
        *tables.ITVE_EMPLOYER,
        *tables.ITVE_FIELD,
        *(job[0] for job in tables.OTHER_JOB.items),
    }
    assert nocs <= set(NOC_2021_TO_2016)
    assert nocs <= set(NOC_TITLES)
    assert set(tables.ITVE_NOC.items) == set(tables.ITVE_SALARY)
    assert set(tables.QC_WORK_STATUS) == set(tables.FRENCH_PARAMS) == set(ARCHETYPE_SHARES)
    every_table = [value for value in vars(tables).values() if isinstance(value, Choice)]
    every_table += [c for value in vars(tables).values() if isinstance(value, dict) for c in value.values()]
    weights = [c.cum for c in every_table if isinstance(c, Choice)]
    assert len(weights) > 40
    assert all(cum[0] > 0 and all(b > a for a, b in pairwise(cum)) for cum in weights)


def test_different_seeds_give_different_cohorts() -> None:
    first = [a.model_dump_json() for a in generate_cohort(300, seed=7)]
    second = [a.model_dump_json() for a in generate_cohort(300, seed=8)]
    assert first != second
    # not merely one profile apart: most positions differ
    assert sum(x != y for x, y in zip(first, second, strict=True)) > 250


def test_global_random_state_is_neither_used_nor_touched() -> None:
    import random

    random.seed(1)
    before = random.getstate()
    a = generate_cohort(50, seed=3)
    assert random.getstate() == before
    random.seed(99)
    assert generate_cohort(50, seed=3) == a


def test_iter_cohort_equals_generate_cohort() -> None:
    lazy = iter_cohort(500, seed=11)
    assert not isinstance(lazy, list)
    assert list(lazy) == generate_cohort(500, seed=11)


def test_labelled_cohort_has_the_same_profiles() -> None:
    labelled = generate_labelled_cohort(400, seed=5)
    assert [a for _, a in labelled] == generate_cohort(400, seed=5)
    assert list(iter_labelled_cohort(400, seed=5)) == labelled
    assert {label for label, _ in labelled} <= set(ARCHETYPE_SHARES)


def test_prefix_stability() -> None:
    assert generate_cohort(120, seed=4)[:37] == generate_cohort(37, seed=4)


def test_defaults_and_reference_date() -> None:
    assert generate_cohort(20) == generate_cohort(20, 0, date(2024, 6, 3))
    later = date(2025, 9, 15)
    profiles = generate_cohort(300, seed=1, reference_date=later)
    assert profiles != generate_cohort(300, seed=1)
    for applicant in profiles:
        assert all(ep.start < later for ep in applicant.work_history)
        assert applicant.birth_date is not None and applicant.birth_date < later
        # the newer reference date moves the histories forward: some start after REF
    assert any(ep.start > REF for a in profiles for ep in a.work_history)


def test_empty_and_invalid_sizes() -> None:
    assert generate_cohort(0) == []
    assert list(iter_cohort(0)) == []
    with pytest.raises(ValueError):
        generate_cohort(-1)
    with pytest.raises(ValueError):
        iter_cohort(2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        generate_cohort(3, seed="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        generate_cohort(3, reference_date="2024-06-03")  # type: ignore[arg-type]


def test_gc_state_is_restored() -> None:
    assert gc.isenabled()
    generate_cohort(10)
    assert gc.isenabled()
    gc.disable()
    try:
        generate_labelled_cohort(10)
        assert not gc.isenabled()
    finally:
        gc.enable()


# ----------------------------------------------------------------------------------------
# Validity and date consistency
# ----------------------------------------------------------------------------------------


def test_every_profile_round_trips_through_json(cohort: list[Applicant]) -> None:
    for applicant in cohort:
        assert isinstance(applicant, Applicant)
        dumped = applicant.model_dump(mode="json")
        assert Applicant.model_validate(dumped) == applicant
        assert Applicant.model_validate_json(applicant.model_dump_json()) == applicant


def test_dates_are_consistent(cohort: list[Applicant]) -> None:
    oldest_start, latest_start = _months_ago(72) - timedelta(days=1), _months_ago(6) + timedelta(days=1)
    for applicant in cohort:
        check_against_date(applicant, REF)  # refuses a birth date after the reference date
        birth = applicant.birth_date
        assert birth is not None and birth < REF
        assert applicant.work_history, "every profile has at least one episode"
        assert 1 <= len(applicant.work_history) <= 3
        starts = [ep.start for ep in applicant.work_history]
        assert starts == sorted(starts), "episodes are listed oldest first"
        for ep in applicant.work_history:
            assert oldest_start <= ep.start <= latest_start
            assert ep.end is None or ep.start <= ep.end < REF
        for diploma in applicant.diplomas:
            assert diploma.obtained_on is not None
            assert birth + timedelta(days=16 * 365) < diploma.obtained_on < REF
        by_date = sorted(applicant.diplomas, key=lambda d: d.obtained_on or REF)
        ranks = [DIPLOMA_RANK[d.level] for d in by_date]
        assert ranks == sorted(ranks), "no diploma after a higher one"
        if applicant.french is not None and applicant.french.assessed_on is not None:
            assert _months_ago(30) - timedelta(days=1) <= applicant.french.assessed_on <= REF
        offer = applicant.job_offer
        if offer is not None and offer.start is not None:
            assert offer.start > REF


def test_noc_codes_are_real_and_consistently_coded(cohort: list[Applicant]) -> None:
    for applicant in cohort:
        nocs = _nocs(applicant)
        assert all(code in NOC_TITLES for code in nocs), nocs
        assert len({len(code) for code in nocs}) == 1, "a profile uses one NOC edition"
    assert set(NOC_2021_TO_2016) <= set(NOC_TITLES)
    assert set(NOC_2021_TO_2016.values()) <= set(NOC_TITLES)


# ----------------------------------------------------------------------------------------
# Distributions (deterministic seeds; bands many standard deviations wide)
# ----------------------------------------------------------------------------------------


def test_archetype_shares(labelled: list[tuple[str, Applicant]]) -> None:
    counts = Counter(label for label, _ in labelled)
    assert set(counts) == set(ARCHETYPE_SHARES)
    assert abs(sum(ARCHETYPE_SHARES.values()) - 1) < 1e-9
    for label, share in ARCHETYPE_SHARES.items():
        assert abs(_share(counts[label], N) - share) < 0.04, (label, counts[label])


def test_noc_2016_share(cohort: list[Applicant]) -> None:
    old = sum(all(len(code) == 4 for code in _nocs(a)) for a in cohort)
    assert 0.06 < _share(old, N) < 0.14
    used_2016 = {code for a in cohort for code in _nocs(a) if len(code) == 4}
    assert {"9617", "3413"} <= used_2016
    assert used_2016 & {"2173", "2174"}


def test_french_levels_and_expiry(cohort: list[Applicant]) -> None:
    french = [a.french for a in cohort if a.french is not None]
    null_share = 1 - _share(len(french), N)
    assert 0.04 < null_share < 0.16
    for f in french:
        assert f.oral_comprehension is not None and 3 <= f.oral_comprehension <= 10
        assert f.oral_production is not None and 3 <= f.oral_production <= 10
        assert abs(f.oral_comprehension - f.oral_production) <= 2
    expired = sum(f.assessed_on is not None and f.assessed_on < _months_ago(24) for f in french)
    assert 0.10 < _share(expired, len(french)) < 0.30
    at_least_7 = sum(min(f.oral_comprehension or 0, f.oral_production or 0) >= 7 for f in french)
    assert 0.15 < _share(at_least_7, len(french)) < 0.60
    # correlated skills: mostly equal or one level apart
    close = sum(abs((f.oral_comprehension or 0) - (f.oral_production or 0)) <= 1 for f in french)
    assert _share(close, len(french)) > 0.8


def test_ages(cohort: list[Applicant]) -> None:
    ages = [(REF - a.birth_date).days / 365.25 for a in cohort if a.birth_date is not None]
    assert len(ages) == N
    assert min(ages) >= 17
    assert max(ages) <= 56
    adults_19_55 = sum(19 <= age <= 55 for age in ages)
    assert _share(adults_19_55, N) > 0.95
    assert 28 < sum(ages) / N < 42


def test_some_minors_in_a_large_cohort() -> None:
    ages = [(REF - a.birth_date).days / 365.25 for a in generate_cohort(10_000, seed=9) if a.birth_date]
    minors = sum(age < 18 for age in ages)
    assert 1 <= minors <= 60
    assert min(ages) >= 17


def test_work_hours_and_flags(cohort: list[Applicant]) -> None:
    episodes = [ep for a in cohort for ep in a.work_history]
    full = sum(ep.hours_per_week is not None and 35 <= ep.hours_per_week <= 40 for ep in episodes)
    part = sum(ep.hours_per_week is not None and 20 <= ep.hours_per_week <= 28 for ep in episodes)
    assert _share(full, len(episodes)) > 0.7
    assert 0.04 < _share(part, len(episodes)) < 0.25
    ended = sum(ep.end is not None for ep in episodes)
    assert 0.2 < _share(ended, len(episodes)) < 0.7
    assert _share(sum(ep.paid is True for ep in episodes), len(episodes)) > 0.9
    assert _share(sum(ep.authorized is True for ep in episodes), len(episodes)) > 0.9
    assert any(ep.paid is False for ep in episodes) and any(ep.authorized is None for ep in episodes)
    counts = Counter(len(a.work_history) for a in cohort)
    assert set(counts) == {1, 2, 3}


def test_declarations_and_status(cohort: list[Applicant]) -> None:
    commits_set = sum(a.commits_to_learn_french is not None for a in cohort)
    assert 0.35 < _share(commits_set, N) < 0.65
    controls = Counter(a.controls_employer for a in cohort)
    assert _share(controls[False], N) > 0.85 and controls[True] > 0
    settle = Counter(a.intends_to_settle_in_quebec for a in cohort)
    assert _share(settle[True], N) > 0.8 and settle[None] > 0 and settle[False] > 0
    undertaking = Counter(a.self_sufficiency_undertaking for a in cohort)
    assert _share(undertaking[True], N) > 0.75 and undertaking[None] > 0
    status = Counter(a.status_in_quebec for a in cohort)
    assert _share(status["worker"], N) > 0.65
    for other in ("abroad", "student", "youth_exchange", "spouse_open_work_permit"):
        assert 0.005 < _share(status[other], N) < 0.15, other


def test_food_archetype(labelled: list[tuple[str, Applicant]]) -> None:
    food = [a for label, a in labelled if label == "food"]
    current = [_current(a) for a in food]
    current = [ep for ep in current if ep is not None]
    assert _share(len(current), len(food)) > 0.75
    assert all(ep.noc in FOOD_NOCS | FOOD_NOCS_2016 for ep in current)
    eligible_sector = sum(ep.naics is not None and ep.naics.startswith(("311", "3121")) for ep in current)
    assert 0.75 < _share(eligible_sector, len(current)) < 0.95
    assert any(ep.naics == "445110" for ep in current)
    roles = Counter(ep.role for a in food for ep in a.work_history if ep.noc in ("85100", "8431"))
    assert roles["chicken_catcher"] > 0 and sum(roles.values()) > roles["chicken_catcher"]
    assert {ep.noc for ep in current} >= FOOD_NOCS
    salaries = [ep.annual_salary for ep in current if ep.in_quebec and ep.annual_salary]
    assert salaries and min(salaries) > 15_000 and max(salaries) < 60_000


def test_orderly_archetype(labelled: list[tuple[str, Applicant]]) -> None:
    orderlies = [a for label, a in labelled if label == "orderly"]
    current = [ep for ep in map(_current, orderlies) if ep is not None]
    quebec_orderly = sum(ep.noc in ("33102", "3413") and ep.in_quebec is True for ep in current)
    assert _share(quebec_orderly, len(current)) > 0.9
    assert {ep.naics for ep in current} >= {"623110", "622111"}
    recent_dep = [
        d
        for a in orderlies
        for d in a.diplomas
        if d.program_code == "5358" and d.obtained_on is not None and d.obtained_on >= _months_ago(30) - timedelta(1)
    ]
    assert 0.2 < _share(len(recent_dep), len(orderlies)) < 0.5
    assert all(d.field == "orderly" and d.in_quebec and d.level == "vocational" for d in recent_dep)
    abroad_care = [ep for a in orderlies for ep in a.work_history if ep.noc in NURSE_NOCS | {"3011", "3012", "3233"}]
    assert abroad_care and all(ep.in_quebec is False for ep in abroad_care)
    assert _share(sum(ep.basic_personal_care is True for ep in abroad_care), len(abroad_care)) > 0.7


def test_ai_archetype(labelled: list[tuple[str, Applicant]]) -> None:
    ai = [a for label, a in labelled if label == "ai"]
    jobs = [ep for a in ai for ep in a.work_history if ep.sector == "ai" and ep.in_quebec]
    offers = [a.job_offer for a in ai if a.job_offer is not None]
    assert jobs and offers
    ai_codes = AI_NOCS | {NOC_2021_TO_2016[c] for c in AI_NOCS}
    for salary in [ep.annual_salary for ep in jobs if ep.end is None] + [o.annual_salary for o in offers]:
        assert salary is not None and 70_000 <= salary <= 140_000
    assert all(o.noc in ai_codes and o.sector == "ai" for o in offers)
    assert _share(sum(ep.employer_in_cmm is True for ep in jobs), len(jobs)) > 0.7
    levels = Counter(max(DIPLOMA_RANK[d.level] for d in a.diplomas) for a in ai)
    assert min(levels) >= DIPLOMA_RANK["bachelor"] and levels[DIPLOMA_RANK["doctorate"]] > 0
    quebec_grads = [
        d
        for a in ai
        for d in a.diplomas
        if d.in_quebec
        and d.level in ("graduate_diploma", "master")
        and d.obtained_on is not None
        and d.obtained_on >= _months_ago(31)
    ]
    assert quebec_grads and all(d.share_studied_in_quebec is not None for d in quebec_grads)
    assert any((d.share_studied_in_quebec or 0) < 0.5 for d in quebec_grads)
    opinions = Counter(a.expert_committee_opinion for a in ai)
    assert 0.15 < _share(opinions["favourable"], len(ai)) < 0.45
    assert opinions[None] > opinions["favourable"]


def test_expert_opinion_only_for_ai(labelled: list[tuple[str, Applicant]]) -> None:
    assert all(a.expert_committee_opinion is None for label, a in labelled if label != "ai")


def test_it_ve_archetype(labelled: list[tuple[str, Applicant]]) -> None:
    itve = [a for label, a in labelled if label == "it_ve"]
    itve_codes = ITVE_NOCS | {NOC_2021_TO_2016[c] for c in ITVE_NOCS}
    last = [a.work_history[-1] for a in itve]
    assert all(ep.noc in itve_codes for ep in last)
    assert len({ep.noc for ep in last}) >= 10
    levels = Counter(max(a.diplomas, key=lambda d: DIPLOMA_RANK[d.level]).level for a in itve)
    assert levels["college_technical"] > 0 and levels["bachelor"] > levels["master"] > 0
    abroad = [a for a in itve if a.status_in_quebec == "abroad"]
    assert abroad and _share(sum(a.job_offer is not None for a in abroad), len(abroad)) > 0.4
    assert any(ep.sector == "visual_effects" for ep in last)


def test_other_archetype(labelled: list[tuple[str, Applicant]]) -> None:
    others = [a for label, a in labelled if label == "other"]
    codes = {ep.noc for a in others for ep in a.work_history}
    assert "64100" in codes or "6421" in codes
    assert not codes & (FOOD_NOCS | ITVE_NOCS | {"33102"})


# ----------------------------------------------------------------------------------------
# Flat records
# ----------------------------------------------------------------------------------------


def test_frame_records_from_labelled(labelled: list[tuple[str, Applicant]]) -> None:
    records = cohort_frame_records(labelled[:300], REF)
    assert len(records) == 300
    keys = set(records[0])
    assert all(set(r) == keys for r in records)
    assert {"archetype", "age", "current_noc", "french_expired", "noc_version", "has_job_offer"} <= keys
    assert [r["archetype"] for r in records] == [label for label, _ in labelled[:300]]
    assert [r["index"] for r in records] == list(range(300))
    for record, (_, applicant) in zip(records, labelled[:300], strict=True):
        assert record["n_episodes"] == len(applicant.work_history)
        assert record["has_job_offer"] == (applicant.job_offer is not None)
        # calendar windows (1,096 days for 36 months here) converted at 365.25 / 12 days a month
        assert 0 <= record["months_employed_last_36"] <= 36.1
        assert record["months_employed_last_36"] <= record["months_employed_last_60"] <= 60.1
        assert record["noc_version"] in (2016, 2021)
    assert any(r["french_expired"] for r in records)


def test_frame_records_from_bare_profiles() -> None:
    profiles = generate_cohort(50, seed=3)
    records = cohort_frame_records(profiles)
    assert len(records) == 50
    assert all(r["archetype"] is None for r in records)
    assert cohort_frame_records([]) == []


def test_months_employed_counts_overlaps_once() -> None:
    applicant = Applicant.model_validate(
        {
            "birth_date": "1990-01-01",
            "work_history": [
                {"noc": "95106", "start": "2022-06-03", "end": None},
                {"noc": "95106", "start": "2023-06-03", "end": "2023-12-31"},
            ],
        }
    )
    (record,) = cohort_frame_records([applicant], date(2024, 6, 3))
    # 2022-06-03 .. 2024-06-03: 731 days
    assert record["months_employed_last_36"] == round(731 / (365.25 / 12), 2)
    assert record["current_noc"] == "95106"
    assert record["noc_version"] == 2021
