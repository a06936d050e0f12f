"""The salaried tech archetypes: AI workers and Québec AI graduates, IT and visual-effects workers.

Each builder draws one profile's parts in a fixed order and returns (status, birth ordinal,
diplomas, episodes, offer); the common dimensions are added by ``solver.cohort``. The tables,
ages, wages and headline shares come from ``cohort.yaml``; the shape of each career (how
episodes, diplomas and studies follow each other, with the finer probabilities that shape
them) is here.

- **ai**: a *foreign worker* (bachelor, master or doctorate, mostly from abroad, some obtained
  in the last 12 months) or a *Québec graduate* (DESS, master or doctorate obtained 1-30 months
  ago; research assistantships, NOC 41201, during the program, and half of those who graduated
  less than 8 months ago still assistants holding an accepted AI offer). Most of those abroad,
  and some others, hold an accepted offer. Expert committee opinions are drawn by the caller.
- **it_ve**: one occupation (with its salary range) for the current job and usually the earlier
  ones; visual-effects occupations in film production, designers in graphic design, the others
  in software / IT services; most of those abroad hold an accepted offer.
"""

from __future__ import annotations

import random
from typing import Any

from solver.cohort.draw import (
    DAYS_PER_MONTH,
    abroad_first,
    annual,
    birth_ordinal,
    episode_spans,
    int_between,
    obtained_ordinal,
    pick,
)
from solver.cohort.parts import Parts, diploma_payload, episode_payload, offer_payload, weekly_hours
from solver.cohort.tables import (
    AI_EARLIER_RA_SALARY,
    AI_EARLIER_SALARY,
    AI_FIELD,
    AI_FW_LEVEL,
    AI_GRADUATE_AGE,
    AI_NAICS,
    AI_NOC,
    AI_PRIOR_NOC,
    AI_QG_LEVEL,
    AI_RA_SALARY,
    AI_SALARY,
    AI_SHARES,
    AI_WORKER_AGE,
    DOCTORATE_MIN_AGE,
    GRAD_MIN_AGE,
    IT_EMPLOYER,
    ITVE_AGE,
    ITVE_EMPLOYER,
    ITVE_FIELD,
    ITVE_LEVEL,
    ITVE_LEVEL_AGES,
    ITVE_NOC,
    ITVE_RETAIL_WAGE,
    ITVE_SALARY,
    ITVE_SHARES,
    N_EPISODES,
    QC_WORK_STATUS,
    QG_MONTHS,
)


def _ai_salary(rng: random.Random) -> float:
    return round(rng.triangular(*AI_SALARY), -2)


def _assistantship(
    rng: random.Random, start: int, end: int | None, min_hours: int, salary: tuple[float, float], cmm: bool
) -> dict[str, Any]:
    """A research assistantship in Québec (NOC 41201, at a university): ``min_hours`` to 20 hours
    a week, a salary drawn in the ``salary`` range (hours drawn first, then the salary)."""
    hours = float(int_between(rng, min_hours, 20))
    pay = round(rng.uniform(*salary), -2)
    return episode_payload(rng, "41201", "611310", start, end, hours=hours, salary=pay, cmm=cmm, sector="education")


def ai(rng: random.Random, ref: int) -> Parts:
    status = QC_WORK_STATUS["ai"](rng)
    graduate = rng.random() < AI_SHARES["quebec_graduate"]
    abroad_now = status == "abroad" and not graduate
    if graduate and status == "abroad":
        status = "worker"
    birth = birth_ordinal(rng, ref, *(AI_GRADUATE_AGE if graduate else AI_WORKER_AGE))
    recent_grad = False
    diplomas: list[dict[str, Any]] = []
    field = AI_FIELD(rng)

    age_days = ref - birth
    if graduate:
        level = AI_QG_LEVEL(rng)
        if level == "doctorate" and age_days < DOCTORATE_MIN_AGE:
            level = "master"
        lo, hi = QG_MONTHS[level]
        study_months = int_between(rng, lo, hi)
        obtained = ref - int_between(rng, 30, round(30 * DAYS_PER_MONTH))
        obtained = min(max(obtained, birth + GRAD_MIN_AGE[level]), ref - 1)
        recent_grad = obtained > ref - 240
        study_start = obtained - int(study_months * DAYS_PER_MONTH)
        u = rng.random()
        share = 1.0 if u < 0.75 else round(rng.uniform(0.5, 0.95), 2) if u < 0.9 else round(rng.uniform(0.1, 0.45), 2)
        if rng.random() < 0.8:
            bachelor_qc = rng.random() < 0.15
            diplomas.append(
                diploma_payload(
                    "bachelor",
                    min(obtained_ordinal(rng, ref, birth, 21, 24), study_start - 30),
                    field=field,
                    in_quebec=bachelor_qc,
                    months=pick(rng, (36, 48)),
                    share=1.0 if bachelor_qc else None,
                )
            )
        diplomas.append(diploma_payload(level, obtained, field=field, in_quebec=True, months=study_months, share=share))
    else:
        level = AI_FW_LEVEL(rng)
        if level == "doctorate" and age_days < DOCTORATE_MIN_AGE:
            level = "master"
        in_qc = rng.random() < 0.25
        if level == "bachelor":
            diplomas.append(
                diploma_payload(
                    "bachelor",
                    obtained_ordinal(rng, ref, birth, 21, 25),
                    field=field,
                    in_quebec=in_qc,
                    months=pick(rng, (36, 48)),
                    share=1.0 if in_qc else None,
                )
            )
        else:
            recent = rng.random() < 0.15
            age_lo, age_hi = (24, 30) if level == "master" else (28, 36)
            top = ref - int_between(rng, 20, 360) if recent else obtained_ordinal(rng, ref, birth, age_lo, age_hi)
            top = min(max(top, birth + GRAD_MIN_AGE[level]), ref - 1)
            top_months = 24 if level == "master" else int_between(rng, 36, 60)
            before = top - int(top_months * DAYS_PER_MONTH)  # when the top program started
            lower: list[dict[str, Any]] = []
            if level == "doctorate" and rng.random() < 0.8:
                master_on = min(obtained_ordinal(rng, ref, birth, 23, 27), before - 30)
                lower.append(diploma_payload("master", master_on, field=field, months=24))
                before = master_on - int(24 * DAYS_PER_MONTH)
            if rng.random() < 0.75:
                bachelor_on = min(obtained_ordinal(rng, ref, birth, 21, 24), before - 30)
                diplomas.append(diploma_payload("bachelor", bachelor_on, field=field, months=pick(rng, (36, 48))))
            diplomas.extend(lower)
            diplomas.append(
                diploma_payload(
                    level,
                    top,
                    field=field,
                    in_quebec=in_qc,
                    months=top_months,
                    share=1.0 if in_qc else None,
                )
            )

    eps: list[dict[str, Any]] = []
    offer: dict[str, Any] | None = None
    cmm = rng.random() < AI_SHARES["employer_in_cmm"]
    if graduate:
        # the AI job starts around graduation; earlier: research assistantships during the program
        timeline = episode_spans(
            rng,
            ref,
            pick(rng, (1, 1, 2)),
            last_start=obtained + int_between(rng, -180, 120),
            ongoing=AI_SHARES["graduate_ongoing"],
        )
        for j in range(len(timeline) - 1):
            start, end = timeline[j]
            start = max(start, study_start)
            timeline[j] = (start, max(end or start, start + 14))
        flags = [True] * len(timeline)
    else:
        timeline = episode_spans(rng, ref, N_EPISODES(rng), ongoing=AI_SHARES["ongoing"])
        flags = [*abroad_first(rng, len(timeline) - 1, AI_SHARES["earlier_in_quebec"]), not abroad_now]
    for i, ((start, end), in_qc) in enumerate(zip(timeline, flags, strict=True)):
        if i == len(timeline) - 1:
            hours = weekly_hours(rng, full_time_bias=0.6)
            if recent_grad and rng.random() < 0.5:
                # still a part-time research assistant, with an offer in AI
                eps.append(_assistantship(rng, start, end, 15, AI_RA_SALARY, cmm))
                offer = offer_payload(rng, ref, AI_NOC(rng), AI_NAICS(rng), "ai", _ai_salary(rng), cmm)
                continue
            eps.append(
                episode_payload(
                    rng,
                    AI_NOC(rng),
                    AI_NAICS(rng),
                    start,
                    end,
                    in_quebec=in_qc,
                    hours=hours,
                    salary=_ai_salary(rng) if in_qc else None,
                    cmm=cmm,
                    sector="ai",
                )
            )
        else:
            if graduate:
                eps.append(_assistantship(rng, start, end, 12, AI_EARLIER_RA_SALARY, cmm))
            else:
                hours = weekly_hours(rng, full_time_bias=0.5)
                eps.append(
                    episode_payload(
                        rng,
                        AI_PRIOR_NOC(rng),
                        AI_NAICS(rng),
                        start,
                        end,
                        in_quebec=in_qc,
                        hours=hours,
                        salary=round(rng.uniform(*AI_EARLIER_SALARY), -2) if in_qc else None,
                        cmm=rng.random() < 0.8,
                        sector="ai" if rng.random() < 0.5 else "it",
                    )
                )
    if offer is None and rng.random() < AI_SHARES["offer_abroad" if abroad_now else "offer_in_quebec"]:
        offer = offer_payload(rng, ref, AI_NOC(rng), AI_NAICS(rng), "ai", _ai_salary(rng), cmm)
    return status, birth, diplomas, eps, offer


def _itve_salary(rng: random.Random, noc: str) -> float:
    lo, mode, hi = ITVE_SALARY[noc]
    return round(rng.triangular(lo, hi, mode), -2)


def _itve_employer(rng: random.Random, noc: str) -> tuple[str, str]:
    choice = ITVE_EMPLOYER.get(noc)
    return choice(rng) if choice else IT_EMPLOYER(rng)


def it_ve(rng: random.Random, ref: int) -> Parts:
    status = QC_WORK_STATUS["it_ve"](rng)
    abroad_now = status == "abroad"
    birth = birth_ordinal(rng, ref, *ITVE_AGE)
    noc = ITVE_NOC(rng)
    field = ITVE_FIELD.get(noc, "computer_science")
    level = ITVE_LEVEL(rng)
    in_qc_dip = rng.random() < 0.3
    age_lo, age_hi, months = ITVE_LEVEL_AGES[level]
    if level == "bachelor" and in_qc_dip:
        months = 36  # a Québec bachelor is 3 years after the DEC
    diplomas = [
        diploma_payload(
            level,
            obtained_ordinal(rng, ref, birth, age_lo, age_hi),
            field=field if level != "college" else None,
            in_quebec=in_qc_dip,
            months=months,
            share=1.0 if in_qc_dip else None,
        )
    ]
    cmm = rng.random() < ITVE_SHARES["employer_in_cmm"]
    eps: list[dict[str, Any]] = []
    timeline = episode_spans(rng, ref, N_EPISODES(rng), ongoing=ITVE_SHARES["ongoing"])
    flags = [*abroad_first(rng, len(timeline) - 1, ITVE_SHARES["earlier_in_quebec"]), not abroad_now]
    for i, ((start, end), in_qc) in enumerate(zip(timeline, flags, strict=True)):
        last = i == len(timeline) - 1
        if last:
            noc_i = noc
        else:
            u = rng.random()
            noc_i = noc if u < 0.6 else ITVE_NOC(rng) if u < 0.85 else "64100"
        hours = weekly_hours(rng, full_time_bias=0.5)
        if noc_i == "64100":
            naics, sector, salary = "445110", "retail", annual(rng, *ITVE_RETAIL_WAGE, hours) if in_qc else None
        else:
            naics, sector = _itve_employer(rng, noc_i)
            salary = _itve_salary(rng, noc_i) if in_qc else None
        eps.append(
            episode_payload(
                rng,
                noc_i,
                naics,
                start,
                end,
                in_quebec=in_qc,
                hours=hours,
                salary=salary,
                cmm=cmm if last else rng.random() < ITVE_SHARES["earlier_employer_in_cmm"],
                sector=sector,
            )
        )
    offer = None
    if rng.random() < ITVE_SHARES["offer_abroad" if abroad_now else "offer_in_quebec"]:
        offer_noc = noc if rng.random() < 0.8 else ITVE_NOC(rng)
        naics, sector = _itve_employer(rng, offer_noc)
        offer = offer_payload(rng, ref, offer_noc, naics, sector, _itve_salary(rng, offer_noc), cmm)
    return status, birth, diplomas, eps, offer
