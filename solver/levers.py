"""Levers: the concrete changes a plan (or a what-if) makes to a profile, and what they cost.

A ``LeverOption`` (defined with the criteria, in ``solver.criteria.ports``) is one way to
pull one lever (e.g. "raise oral production to 7", "take a job as NOC 95106 in NAICS 311615").
``apply_option`` is the single definition of
what a change does to the profile: the gap solver tabulates criteria on profiles changed
by it, the what-if endpoint applies it, and the tests apply returned plans with it.
Past facts are never rewritten: changes only add episodes and diplomas dated at or after
the planning start, or set present-tense facts (declarations, status, salary).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

from solver.applicant import (
    Applicant,
    Authorization,
    Diploma,
    ExceptionalTalent,
    French,
    JobOffer,
    Residence,
    WorkEpisode,
)
from solver.costs import CostModel
from solver.criteria.diploma import level_name
from solver.criteria.french_skills import SKILL_WORDS
from solver.criteria.job import reference_wage
from solver.criteria.ports import LeverOption
from solver.dates import ONE_DAY
from solver.rules.schema import DiplomaLeverSpec
from solver.text import fact_advice, job_name, money, pick, tag_text

if TYPE_CHECKING:
    from solver.criteria.base import EvalContext
    from solver.criteria.job import CurrentJob

FULL_TIME_WEEK = 37.5

FRENCH_SKILL_LEVERS = tuple(f"french.{skill}" for skill in SKILL_WORDS)


def apply_option(applicant: Applicant, option: LeverOption, effective: date) -> Applicant:
    """The profile after the change ``option`` takes effect on ``effective``."""
    lever, to = option.lever, option.to
    if lever in FRENCH_SKILL_LEVERS or lever == "french.retest":
        french = applicant.french or French()
        update: dict[str, Any] = {"assessed_on": effective}
        if lever != "french.retest":
            update[lever.split(".", 1)[1]] = to
        return applicant.model_copy(update={"french": french.model_copy(update=update)})
    if lever in _OPEN_PROGRAM_LEVERS:
        return _OPEN_PROGRAM_LEVERS[lever](applicant, to, effective)
    if lever == "salary":
        return _raise_salary(applicant, option.target, float(to))
    if lever == "job":
        episode = WorkEpisode(**to, start=effective, end=None)
        return applicant.model_copy(
            update={"work_history": [*applicant.work_history, episode], "controls_employer": False}
        )
    if lever == "diploma":
        diploma = Diploma(**to, obtained_on=effective)
        return applicant.model_copy(update={"diplomas": [*applicant.diplomas, diploma]})
    if lever.startswith("declaration."):
        return applicant.model_copy(update={lever.split(".", 1)[1]: to})
    if lever == "employer_control":
        return applicant.model_copy(update={"controls_employer": to})
    if lever in ("status_in_quebec", "expert_committee_opinion"):
        return applicant.model_copy(update={lever: to})
    raise ValueError(f"lever {lever!r} does not change the profile")


def _spouse_french(applicant: Applicant, to: Any, effective: date) -> Applicant:
    """The accompanying spouse reaches level ``to`` in every skill below it, assessed on ``effective``."""
    spouse = applicant.spouse
    if spouse is None or not spouse.accompanying:
        raise ValueError("no accompanying spouse whose French could change")
    french = spouse.french or French()
    update: dict[str, Any] = {"assessed_on": effective}
    for skill in SKILL_WORDS:
        level = getattr(french, skill)
        update[skill] = max(level or 0, int(to))
    return applicant.model_copy(
        update={"spouse": spouse.model_copy(update={"french": french.model_copy(update=update)})}
    )


def _validated_offer(applicant: Applicant, to: Any, effective: date) -> Applicant:
    """A validated job offer, inside (``in_cmm``) or outside (``outside_cmm``) the CMM: the accepted
    offer once validated, else a new one in the principal occupation."""
    in_cmm = to == "in_cmm"
    offer = applicant.job_offer
    if offer is not None and offer.employer_in_cmm in (None, in_cmm):
        offer = offer.model_copy(update={"validated": True, "employer_in_cmm": in_cmm})
    else:
        offer = JobOffer(
            noc=applicant.principal_noc,
            hours_per_week=FULL_TIME_WEEK,
            employer_in_cmm=in_cmm,
            start=effective,
            validated=True,
        )
    return applicant.model_copy(update={"job_offer": offer})


def _residence_outside_cmm(applicant: Applicant, to: Any, effective: date) -> Applicant:
    """Live in Québec outside the CMM from ``effective`` on (a current residence ends the day before)."""
    history = []
    for stay in applicant.residence_history:
        if stay.end is None or stay.end >= effective:
            if stay.start >= effective:
                continue  # a stay planned after the move is replaced by it
            stay = stay.model_copy(update={"end": effective - ONE_DAY})
        history.append(stay)
    history.append(Residence(start=effective, end=None, in_quebec=True, in_cmm=False))
    return applicant.model_copy(update={"residence_history": history})


def _authorization(applicant: Applicant, to: Any, effective: date) -> Applicant:
    """An authorisation (or recognition) for the principal occupation, obtained on ``effective``:
    ``to`` is its kind (the declared principal occupation) or ``{kind, noc}`` (a plan's)."""
    kind, noc = (to["kind"], to["noc"]) if isinstance(to, dict) else (to, applicant.principal_noc)
    if noc is None:
        raise ValueError("no principal occupation to obtain an authorisation for")
    found = Authorization(noc=noc, kind=kind, obtained_on=effective)
    return applicant.model_copy(update={"authorizations": [*applicant.authorizations, found]})


def _talent_opinion(applicant: Applicant, to: Any, effective: date) -> Applicant:
    talent = applicant.exceptional_talent or ExceptionalTalent()
    return applicant.model_copy(update={"exceptional_talent": talent.model_copy(update={"partner_opinion": to})})


_OPEN_PROGRAM_LEVERS = {
    "spouse.french": _spouse_french,
    "validated_job_offer": _validated_offer,
    "residence_outside_cmm": _residence_outside_cmm,
    "authorization_to_practise": _authorization,
    "exceptional_talent_opinion": _talent_opinion,
}


def _raise_salary(applicant: Applicant, target: str | None, salary: float) -> Applicant:
    if target == "offer" and applicant.job_offer is not None:
        offer = applicant.job_offer.model_copy(update={"annual_salary": salary})
        return applicant.model_copy(update={"job_offer": offer})
    if target and target.startswith("episode:"):
        index = int(target.split(":", 1)[1])
        history = list(applicant.work_history)
        history[index] = history[index].model_copy(update={"annual_salary": salary})
        return applicant.model_copy(update={"work_history": history})
    raise ValueError(f"no job {target!r} to raise the salary of")


def lever_family(lever: str) -> str:
    """The cost-model family of a lever name."""
    if lever.startswith("declaration."):
        return "declaration"
    if lever in FRENCH_SKILL_LEVERS:
        return "french"
    return lever


class PlanningContext:
    """Builds the lever options criteria propose, priced by the request's cost model."""

    def __init__(self, costs: CostModel) -> None:
        self.costs = costs

    def fact_option(self, lever: str, field_name: str, current: Any, wanted: Any) -> LeverOption:
        family = lever_family(lever)
        return LeverOption(
            lever,
            wanted,
            current,
            self.costs.months(family),
            self.costs.effort(family),
            note=(fact_advice(field_name, wanted, "en"), fact_advice(field_name, wanted, "fr")),
        )

    def french_retest_option(self, french: French | None) -> LeverOption:
        assessed = french.assessed_on.isoformat() if french and french.assessed_on else None
        return LeverOption(
            "french.retest",
            "new assessment",
            assessed,
            self.costs.months("french.retest"),
            self.costs.effort("french.retest"),
            at_apply=True,
            note=(
                "Take a recognised French test (TEF, TCF...) shortly before applying; results are valid 2 years.",
                "Passer un test de français reconnu (TEF, TCF...) peu avant la demande; résultats valides 2 ans.",
            ),
        )

    def french_level_option(self, skill: str, level: int | None, target: int) -> LeverOption:
        if level is None:
            months = self.costs.months("french", "unknown_level_months")
            effort = self.costs.effort("french", "unknown_level_effort")
            per_level = self.costs.months("french", "months_per_level")
            note = (
                f"Have your {SKILL_WORDS[skill][0]} assessed: the plan assumes level {target} "
                f"(each level short of it adds about {per_level} months of classes).",
                f"Faire évaluer votre {SKILL_WORDS[skill][1]} : le plan suppose le niveau {target} "
                f"(chaque niveau manquant ajoute environ {per_level} mois de cours).",
            )
        else:
            steps = target - level
            months = steps * self.costs.months("french", "months_per_level")
            effort = self.costs.effort("french", "effort_per_level", steps)
            note = (
                f"Raise {SKILL_WORDS[skill][0]} from {level} to {target} (about {months} months of classes), "
                "then take a recognised French test.",
                f"Faire passer la {SKILL_WORDS[skill][1]} de {level} à {target} (environ {months} mois de cours), "
                "puis passer un test de français reconnu.",
            )
        return LeverOption(f"french.{skill}", target, level, months, effort, at_apply=True, note=note)

    def spouse_french_option(self, level: int | None, target: int) -> LeverOption:
        """The accompanying spouse reaches ``target`` in every skill (from ``level``, the lowest now)."""
        steps = target - (level or 0) if level is not None else 1
        months = max(steps, 1) * self.costs.months("spouse.french", "months_per_level")
        effort = self.costs.effort("spouse.french", "effort_per_level", max(steps, 1))
        return LeverOption(
            "spouse.french",
            target,
            level,
            months,
            effort,
            at_apply=True,
            note=(
                f"Your accompanying spouse reaches French level {target} in each skill (about {months} months of "
                "classes), then takes a recognised French test.",
                f"Votre conjoint ou conjointe qui vous accompagne atteint le niveau {target} en français dans chaque "
                f"compétence (environ {months} mois de cours), puis passe un test de français reconnu.",
            ),
        )

    def simple_option(self, lever: str, to: Any, current: Any, note: tuple[str, str]) -> LeverOption:
        """A lever priced by its own cost family (``months``, ``effort``): an offer, a move, an authorisation."""
        return LeverOption(lever, to, current, self.costs.months(lever), self.costs.effort(lever), note=note)

    def diploma_option(self, spec: DiplomaLeverSpec, share_required: bool) -> LeverOption:
        to = {
            "level": spec.level,
            "field": spec.field,
            "program_code": spec.program_code,
            "in_quebec": spec.in_quebec,
            "full_time_months": spec.months,
        }
        if share_required or spec.in_quebec:
            to["share_studied_in_quebec"] = 1.0
        effort = self.costs.effort("diploma") + self.costs.effort("diploma", "effort_per_month", spec.months)
        return LeverOption(
            "diploma",
            to,
            None,
            spec.months,
            effort,
            note=(_diploma_note(spec, "en"), _diploma_note(spec, "fr")),
        )

    def job_options(self, criterion: CurrentJob, ctx: EvalContext) -> list[LeverOption]:
        """Raise the salary of a job that only fails on pay, or take a new job meeting the criterion."""
        options: list[LeverOption] = []
        candidates = criterion.candidates(ctx, or_later=True)
        for c in candidates:
            if c.job_ok is not True or criterion.salary_ok(ctx, c) is True:
                continue
            floor = criterion.floor(ctx, c.noc, c.in_cmm)
            if floor is None:
                continue
            raise_by = floor - (c.salary or floor)
            effort = self.costs.effort("salary") + self.costs.effort(
                "salary", "effort_per_10k", math.ceil(max(raise_by, 0) / 10_000)
            )
            options.append(
                LeverOption(
                    "salary",
                    floor,
                    c.salary,
                    self.costs.months("salary"),
                    effort,
                    target=c.target,
                    note=(
                        f"Raise the pay of {job_name(c.target, 'en')} to {money(floor, 'en')} a year.",
                        f"Porter le salaire de {job_name(c.target, 'fr')} à {money(floor, 'fr')} par an.",
                    ),
                )
            )
        for to in _new_jobs(criterion, ctx, candidates):
            options.append(
                LeverOption(
                    "job",
                    to,
                    None,
                    self.costs.months("job"),
                    self.costs.effort("job"),
                    note=(_job_note(to, "en"), _job_note(to, "fr")),
                )
            )
        return options


def _new_jobs(criterion: CurrentJob, ctx: EvalContext, candidates: list[Any]) -> list[dict[str, Any]]:
    """The job(s) a plan can propose: the applicant's own occupation and sector where they already
    fit, else the rule's example; one per place when the salary floor depends on the place."""
    filt = criterion.filter
    spec = criterion.spec
    restricted = filt.occupations is not None or filt.spec.teer is not None or filt.spec.skill_levels is not None
    noc = next((c.noc for c in candidates if restricted and filt.occupation_ok(ctx.noc, c.noc, None)), None)
    noc = noc or spec.example_noc or (sorted(filt.occupations)[0] if filt.occupations else None)
    if noc is None and restricted:
        # a rule with no example occupation (the PEQ worker's TEER 0-3 job): the applicant's own latest
        # occupation that fits it, from a past job
        past = sorted(ctx.applicant.work_history, key=lambda ep: ep.start, reverse=True)
        noc = next((ep.noc for ep in past if ep.noc and filt.occupation_ok(ctx.noc, ep.noc, None)), None)
    naics = next((c.naics for c in candidates if filt.sector_ok(c.naics, c.sector)), None) or spec.example_naics
    sector = filt.spec.sector_tags[0] if filt.spec.sector_tags else next((c.sector for c in candidates), None)
    role = None
    if noc is not None:
        for restricted, roles in filt.spec.roles.items():
            if restricted in ctx.noc.canonical(noc):
                role = roles[0]
    current_salary = max((c.salary for c in candidates if c.salary is not None), default=None)
    current_place = next((c.in_cmm for c in candidates if c.in_cmm is not None), None)
    base = {
        "noc": noc,
        "naics": naics,
        "role": role,
        "sector": sector,
        "in_quebec": filt.spec.in_quebec if filt.spec.in_quebec is not None else True,
        "hours_per_week": FULL_TIME_WEEK,
        "paid": True,
        "authorized": True,
        "basic_personal_care": filt.spec.basic_personal_care,
    }
    if spec.salary_floor is not None:
        places = [True if current_place is None else current_place]
        places.append(not places[0])
        jobs = []
        for in_cmm in places:
            floor = spec.salary_floor.in_cmm if in_cmm else spec.salary_floor.outside_cmm
            jobs.append({**base, "employer_in_cmm": in_cmm, "annual_salary": max(current_salary or 0, floor)})
        return jobs
    salary = current_salary
    if spec.reference_wage:
        wage = reference_wage(ctx, noc)
        if wage is not None:
            salary = max(salary or 0, wage)
    return [{**base, "employer_in_cmm": current_place, "annual_salary": salary}]


def _diploma_note(spec: DiplomaLeverSpec, lang: str) -> str:
    level = level_name(spec.level, lang)
    if spec.program_code:
        subject = pick(lang, f", program {spec.program_code}", f", programme {spec.program_code}")
    else:
        subject = pick(lang, " in ", " en ") + tag_text(spec.field, lang) if spec.field else ""
    place = pick(lang, " in Québec", " au Québec") if spec.in_quebec else ""
    return pick(
        lang,
        f"Complete a {level} diploma{subject} ({spec.months} months of full-time study{place}), starting now.",
        f"Obtenir un diplôme de niveau {level}{subject} ({spec.months} mois d'études à temps plein{place}), "
        "en commençant maintenant.",
    )


def _job_note(to: dict[str, Any], lang: str) -> str:
    codes = [pick(lang, f"NOC {to['noc']}", f"CNP {to['noc']}")] if to.get("noc") else []
    codes += [pick(lang, f"NAICS {to['naics']}", f"SCIAN {to['naics']}")] if to.get("naics") else []
    if to.get("role"):
        codes.append(pick(lang, "as ", "comme ") + tag_text(to["role"], lang))
    if to.get("sector"):
        codes.append(pick(lang, f"{tag_text(to['sector'], lang)} sector", f"secteur {tag_text(to['sector'], lang)}"))
    what = f" ({', '.join(codes)})" if codes else ""
    place = {True: pick(lang, ", in the CMM", ", dans la CMM"), False: pick(lang, ", outside the CMM", ", hors CMM")}
    where = place.get(to.get("employer_in_cmm"), "")
    salary = to.get("annual_salary")
    pay = pick(lang, f", at {money(salary, 'en')} a year", f", à {money(salary, 'fr')} par an") if salary else ""
    return pick(
        lang,
        f"Take a full-time job in Québec{what}{where}{pay}, with an employer you do not control.",
        f"Occuper un emploi à temps plein au Québec{what}{where}{pay}, chez un employeur que vous ne contrôlez pas.",
    )
