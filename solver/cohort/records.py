"""Flat, one-row-per-profile summaries of a cohort (e.g. for a ``pandas.DataFrame`` in notebooks)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from solver.applicant import DIPLOMA_RANK, Applicant
from solver.cohort.draw import DAYS_PER_MONTH, DAYS_PER_YEAR
from solver.cohort.tables import DEFAULT_REFERENCE_DATE


def _months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the end of a shorter month)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _months_employed(applicant: Applicant, ref: date, months: int) -> float:
    """Months covered by any episode in the ``months`` before ``ref`` (overlaps once)."""
    lo, hi = _months_back(ref, months).toordinal(), ref.toordinal()
    spans = sorted(
        (max(ep.start.toordinal(), lo), min(hi if ep.end is None else ep.end.toordinal() + 1, hi))
        for ep in applicant.work_history
    )
    days, cur_lo, cur_hi = 0, None, None
    for s, e in spans:
        if e <= s:
            continue
        if cur_hi is None or s > cur_hi:
            if cur_hi is not None and cur_lo is not None:
                days += cur_hi - cur_lo
            cur_lo, cur_hi = s, e
        else:
            cur_hi = max(cur_hi, e)
    if cur_hi is not None and cur_lo is not None:
        days += cur_hi - cur_lo
    return round(days / DAYS_PER_MONTH, 2)


def cohort_frame_records(
    profiles: Iterable[Applicant | tuple[str, Applicant]],
    reference_date: date = DEFAULT_REFERENCE_DATE,
) -> list[dict[str, Any]]:
    """Flatten profiles into one summary dictionary each (e.g. for ``pandas.DataFrame``).

    The records describe the profiles; they are not eligibility results. "Current job"
    is the ongoing episode that started last (``None`` fields when no job is ongoing).
    ``months_employed_last_36`` / ``_60`` count days covered by *any* episode (any
    hours, any place) in the window, overlaps once, at 365.25 / 12 days a month.

    Args:
        profiles: Applicants, or ``(label, applicant)`` pairs as returned by
            :func:`generate_labelled_cohort` (then the ``archetype`` column is filled).
        reference_date: The date ages, assessment ages and windows are computed on;
            use the cohort's reference date.

    Returns:
        One record per profile, in order, all with the same keys.
    """
    ref_ord = reference_date.toordinal()
    records: list[dict[str, Any]] = []
    for index, item in enumerate(profiles):
        if isinstance(item, tuple):
            label, applicant = item
        else:
            label, applicant = None, item
        french = applicant.french
        assessed = french.assessed_on if french is not None else None
        assessed_months = None if assessed is None else round((ref_ord - assessed.toordinal()) / DAYS_PER_MONTH, 1)
        top = max(applicant.diplomas, key=lambda dip: DIPLOMA_RANK[dip.level], default=None)
        ongoing = [ep for ep in applicant.work_history if ep.end is None]
        current = max(ongoing, key=lambda ep: ep.start, default=None)
        nocs = {len(ep.noc) for ep in applicant.work_history if ep.noc is not None}
        noc_version = None if not nocs else 2016 if nocs == {4} else 2021 if nocs == {5} else 0
        offer = applicant.job_offer
        birth = applicant.birth_date
        records.append(
            {
                "index": index,
                "archetype": label,
                "age": None if birth is None else round((ref_ord - birth.toordinal()) / DAYS_PER_YEAR, 2),
                "status_in_quebec": applicant.status_in_quebec,
                "french_oral_comprehension": None if french is None else french.oral_comprehension,
                "french_oral_production": None if french is None else french.oral_production,
                "french_assessed_months_ago": assessed_months,
                "french_expired": None if assessed_months is None else assessed_months > 24,
                "highest_diploma": None if top is None else top.level,
                "highest_diploma_in_quebec": None if top is None else top.in_quebec,
                "n_diplomas": len(applicant.diplomas),
                "n_episodes": len(applicant.work_history),
                "noc_version": noc_version,
                "current_noc": None if current is None else current.noc,
                "current_naics": None if current is None else current.naics,
                "current_role": None if current is None else current.role,
                "current_sector": None if current is None else current.sector,
                "current_in_quebec": None if current is None else current.in_quebec,
                "current_hours_per_week": None if current is None else current.hours_per_week,
                "current_annual_salary": None if current is None else current.annual_salary,
                "current_employer_in_cmm": None if current is None else current.employer_in_cmm,
                "months_employed_last_36": _months_employed(applicant, reference_date, 36),
                "months_employed_last_60": _months_employed(applicant, reference_date, 60),
                "has_job_offer": offer is not None,
                "job_offer_noc": None if offer is None else offer.noc,
                "job_offer_sector": None if offer is None else offer.sector,
                "job_offer_salary": None if offer is None else offer.annual_salary,
                "intends_to_settle_in_quebec": applicant.intends_to_settle_in_quebec,
                "controls_employer": applicant.controls_employer,
                "respected_conditions_of_stay": applicant.respected_conditions_of_stay,
                "self_sufficiency_undertaking": applicant.self_sufficiency_undertaking,
                "commits_to_learn_french": applicant.commits_to_learn_french,
                "expert_committee_opinion": applicant.expert_committee_opinion,
            }
        )
    return records
