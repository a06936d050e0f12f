"""The hourly-wage archetypes: food-processing workers, orderlies, and people who fit no program.

Each builder draws one profile's parts in a fixed order and returns (status, birth ordinal,
diplomas, episodes, offer); the common dimensions are added by ``solver.cohort``. The tables,
ages, wages and headline shares come from ``cohort.yaml``; the shape of each career (how
episodes, diplomas and studies follow each other, with the finer probabilities that shape
them) is here.

- **food**: a plant job (about 15 % in an ineligible sector); earlier episodes are other
  plants in Québec, the same trade abroad, or an unrelated Québec job; DES, DEP, DEC or no
  diploma, about one program in eight shorter than 12 months.
- **orderly**: *experienced* (an orderly in Québec with a DEP 5358 of years ago, an orderly
  diploma from abroad, a DES or a nursing DEC), *work-study* (a Québec DEP 5358 obtained 8-30
  months ago, the job usually starting after it, sometimes during the studies) or *nurse from
  abroad* (now an orderly in Québec).
- **other**: retail, cashiers, kitchen helpers, material handlers, drivers... in Québec or abroad.
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
    tri,
)
from solver.cohort.parts import Parts, diploma_payload, episode_payload, weekly_hours
from solver.cohort.tables import (
    FOOD_AGE,
    FOOD_DIPLOMA,
    FOOD_NAICS_BY_NOC,
    FOOD_NOC,
    FOOD_OFF_SECTOR,
    FOOD_ROLE,
    FOOD_SHARES,
    FOOD_WAGE,
    N_EPISODES,
    NURSE_NOC,
    ORDERLY_AGE,
    ORDERLY_NAICS,
    ORDERLY_SHARES,
    ORDERLY_VARIANT,
    ORDERLY_WAGE,
    OTHER_AGE,
    OTHER_DIPLOMA,
    OTHER_JOB,
    OTHER_LEVEL_AGES,
    OTHER_SHARES,
    PRE_ORDERLY_JOB,
    PRE_ORDERLY_WAGE,
    QC_SIDE_JOB,
    QC_WORK_STATUS,
    VOC_FIELD,
)


def _food_job(rng: random.Random, noc: str | None = None) -> tuple[str, str, str | None, str]:
    """(noc, naics, role, sector) of a food-processing job; ~15 % in an ineligible sector."""
    noc = noc or FOOD_NOC(rng)
    if rng.random() < FOOD_SHARES["off_sector"]:
        naics, sector = FOOD_OFF_SECTOR[noc](rng)
    else:
        naics, sector = FOOD_NAICS_BY_NOC[noc](rng), "food_processing"
    role_choice = FOOD_ROLE.get(noc)
    return noc, naics, role_choice(rng) if role_choice else None, sector


def food(rng: random.Random, ref: int) -> Parts:
    status = QC_WORK_STATUS["food"](rng)
    birth = birth_ordinal(rng, ref, *FOOD_AGE, p17=FOOD_SHARES["age_17"])
    diplomas: list[dict[str, Any]] = []
    level = FOOD_DIPLOMA(rng)
    if level == "secondary":
        months = 36 if rng.random() < 0.88 else int_between(rng, 6, 11)
        diplomas.append(diploma_payload("secondary", obtained_ordinal(rng, ref, birth, 17, 19), months=months))
    elif level == "vocational":
        months = int_between(rng, 12, 24) if rng.random() < 0.85 else int_between(rng, 6, 11)
        diplomas.append(
            diploma_payload(
                "vocational",
                obtained_ordinal(rng, ref, birth, 18, 30),
                field=VOC_FIELD(rng),
                in_quebec=rng.random() < 0.1,
                months=months,
            )
        )
    elif level == "college":
        diplomas.append(diploma_payload("college", obtained_ordinal(rng, ref, birth, 19, 24), months=24))

    current_noc, naics, role, sector = _food_job(rng)
    abroad = status == "abroad"
    eps: list[dict[str, Any]] = []
    timeline = episode_spans(rng, ref, N_EPISODES(rng), ongoing=FOOD_SHARES["ongoing"])
    flags = abroad_first(rng, len(timeline) - 1, FOOD_SHARES["earlier_in_quebec"])
    for i, (start, end) in enumerate(timeline):
        hours = weekly_hours(rng, full_time_bias=0.3)
        if i == len(timeline) - 1:
            noc_i, naics_i, role_i, sector_i, in_qc = current_noc, naics, role, sector, not abroad
        elif not flags[i]:  # the same trade abroad (30 %)
            noc_i, naics_i, role_i, sector_i = _food_job(rng, current_noc)
            in_qc = False
        elif rng.random() < 0.78:  # another plant in Québec (55 %)
            noc_i, naics_i, role_i, sector_i = _food_job(rng, current_noc if rng.random() < 0.6 else None)
            in_qc = True
        else:  # an unrelated Québec job (15 %)
            (noc_i, naics_i, sector_i), role_i, in_qc = QC_SIDE_JOB(rng), None, True
        salary = annual(rng, *FOOD_WAGE, hours) if in_qc else None
        eps.append(
            episode_payload(
                rng,
                noc_i,
                naics_i,
                start,
                end,
                role=role_i,
                in_quebec=in_qc,
                hours=hours,
                salary=salary,
                cmm=rng.random() < FOOD_SHARES["employer_in_cmm"],
                sector=sector_i,
            )
        )
    return status, birth, diplomas, eps, None


def _orderly_job(rng: random.Random, start: int, end: int | None) -> dict[str, Any]:
    hours = weekly_hours(rng, full_time_bias=0.25)
    return episode_payload(
        rng,
        "33102",
        ORDERLY_NAICS(rng),
        start,
        end,
        hours=hours,
        care=True if rng.random() < 0.97 else None,
        salary=annual(rng, *ORDERLY_WAGE, hours),
        cmm=rng.random() < ORDERLY_SHARES["employer_in_cmm"],
        sector="health",
    )


def _dep_5358(rng: random.Random, obtained: int) -> dict[str, Any]:
    months = int_between(rng, 8, 12) if rng.random() < 0.8 else int_between(rng, 12, 15)
    share = 1.0 if rng.random() < 0.9 else round(rng.uniform(0.6, 0.95), 2)
    return diploma_payload(
        "vocational",
        obtained,
        field="orderly",
        in_quebec=True,
        months=months,
        program_code="5358",
        share=share,
    )


def _pre_orderly_episode(rng: random.Random, start: int, end: int, in_qc: bool) -> dict[str, Any]:
    """An unrelated job held before becoming an orderly (in Québec or abroad)."""
    noc, naics, sector = PRE_ORDERLY_JOB(rng)
    hours = weekly_hours(rng)
    salary = annual(rng, *PRE_ORDERLY_WAGE, hours) if in_qc else None
    return episode_payload(
        rng, noc, naics, start, end, in_quebec=in_qc, hours=hours, salary=salary, cmm=rng.random() < 0.5, sector=sector
    )


def orderly(rng: random.Random, ref: int) -> Parts:
    status = QC_WORK_STATUS["orderly"](rng)
    variant = ORDERLY_VARIANT(rng)
    birth = birth_ordinal(rng, ref, *ORDERLY_AGE)
    abroad_now = status == "abroad"
    diplomas: list[dict[str, Any]] = []
    eps: list[dict[str, Any]] = []

    if variant == "work_study":
        obtained = ref - int_between(rng, round(8 * DAYS_PER_MONTH), round(30 * DAYS_PER_MONTH))
        if rng.random() < 0.6:
            diplomas.append(diploma_payload("secondary", obtained_ordinal(rng, ref, birth, 17, 19), months=36))
        dep = _dep_5358(rng, obtained)
        diplomas.append(dep)
        study_start = obtained - int(dep["full_time_months"] * DAYS_PER_MONTH)
        # usually hired after the DEP, sometimes already during the studies
        shift = int_between(rng, 0, 90) if rng.random() < 0.8 else -int_between(rng, 30, 180)
        timeline = episode_spans(
            rng, ref, pick(rng, (1, 1, 2)), last_start=obtained + shift, ongoing=ORDERLY_SHARES["work_study_ongoing"]
        )
        flags = abroad_first(rng, len(timeline) - 1, 0.6)
        for (start, end), in_qc in zip(timeline[:-1], flags, strict=True):
            if not in_qc and start + 30 <= study_start:  # recruited abroad: left that job to study
                eps.append(_pre_orderly_episode(rng, start, min(end or study_start, study_start), False))
            else:  # a side job in Québec, possibly while studying
                eps.append(_pre_orderly_episode(rng, start, end or start + 30, True))
        eps.append(_orderly_job(rng, *timeline[-1]))
        return status, birth, diplomas, eps, None

    p_quebec = ORDERLY_SHARES["earlier_in_quebec"]
    if variant == "experienced":
        u = rng.random()
        if u < 0.40:
            diplomas.append(_dep_5358(rng, obtained_ordinal(rng, ref, birth, 20, 35)))
            p_quebec = 1.0
        elif u < 0.70:
            diplomas.append(
                diploma_payload(
                    "vocational",
                    obtained_ordinal(rng, ref, birth, 19, 30),
                    field="orderly",
                    months=pick(rng, (10, 12, 12, 18, 24)),
                )
            )
        elif u < 0.90:
            diplomas.append(diploma_payload("secondary", obtained_ordinal(rng, ref, birth, 17, 19), months=36))
        else:
            diplomas.append(
                diploma_payload("college", obtained_ordinal(rng, ref, birth, 20, 25), field="nursing", months=36)
            )
        k = N_EPISODES(rng)
    else:  # nurse_abroad
        level = "bachelor" if rng.random() < 0.6 else "college"
        months = 48 if level == "bachelor" else 36
        diplomas.append(
            diploma_payload(level, obtained_ordinal(rng, ref, birth, 21, 26), field="nursing", months=months)
        )
        p_quebec = 0.0
        k = pick(rng, (2, 2, 3))
    if abroad_now:
        p_quebec = 0.0
    timeline = episode_spans(rng, ref, k, ongoing=ORDERLY_SHARES["ongoing"])
    flags = [*abroad_first(rng, len(timeline) - 1, p_quebec), not abroad_now]
    for i, ((start, end), in_qc) in enumerate(zip(timeline, flags, strict=True)):
        if in_qc and (i == len(timeline) - 1 or rng.random() < 0.65):
            eps.append(_orderly_job(rng, start, end))
        elif in_qc:
            eps.append(_pre_orderly_episode(rng, start, end or start + 30, True))
        else:  # health care abroad
            noc = NURSE_NOC(rng) if variant == "nurse_abroad" else pick(rng, ("33102", "32101"))
            eps.append(
                episode_payload(
                    rng,
                    noc,
                    "622111",
                    start,
                    end,
                    in_quebec=False,
                    hours=weekly_hours(rng, 0.3),
                    care=tri(rng, 0.85, 0.05),
                    sector="health",
                )
            )
    return status, birth, diplomas, eps, None


def other(rng: random.Random, ref: int) -> Parts:
    status = QC_WORK_STATUS["other"](rng)
    birth = birth_ordinal(rng, ref, *OTHER_AGE, p17=OTHER_SHARES["age_17"])
    diplomas: list[dict[str, Any]] = []
    level = OTHER_DIPLOMA(rng)
    if level is not None:
        lo, hi, months = OTHER_LEVEL_AGES[level]
        diplomas.append(
            diploma_payload(
                level, obtained_ordinal(rng, ref, birth, lo, hi), in_quebec=rng.random() < 0.2, months=months
            )
        )
    abroad_now = status == "abroad"
    eps: list[dict[str, Any]] = []
    timeline = episode_spans(rng, ref, N_EPISODES(rng), ongoing=OTHER_SHARES["ongoing"])
    flags = [*abroad_first(rng, len(timeline) - 1, OTHER_SHARES["earlier_in_quebec"]), not abroad_now]
    for (start, end), in_qc in zip(timeline, flags, strict=True):
        noc, naics_options, sector, w_lo, w_hi = OTHER_JOB(rng)
        hours = weekly_hours(rng)
        eps.append(
            episode_payload(
                rng,
                noc,
                pick(rng, naics_options),
                start,
                end,
                in_quebec=in_qc,
                hours=hours,
                salary=annual(rng, w_lo, w_hi, hours) if in_qc else None,
                cmm=rng.random() < OTHER_SHARES["employer_in_cmm"],
                sector=sector,
            )
        )
    return status, birth, diplomas, eps, None
