"""Holds (or has accepted) a full-time job meeting occupation, sector, place and salary tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from solver.applicant import Applicant, JobOffer, WorkEpisode
from solver.criteria.base import Criterion, EvalContext, Finding, tri_or
from solver.criteria.episodes import EpisodeFilter
from solver.dates import ONE_DAY
from solver.rules.schema import CurrentJobSpec
from solver.text import against_requirement, money, tag_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Floats, Ints, Tri
    from solver.criteria.ports import LeverOption, PlanningContext


_PLACE_EN = {True: "in the CMM", False: "outside the CMM", None: "place unknown"}
_PLACE_FR = {True: "dans la CMM", False: "hors CMM", None: "lieu inconnu"}

#: How good a three-valued result is, best first: the explanation cites the best candidate.
_ORDER = {True: 0, None: 1, False: 2}


def _and(a: bool | None, b: bool | None) -> bool | None:
    """``tri_and([a, b])``."""
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


class JobCandidate(NamedTuple):
    """A job that could satisfy the criterion: an episode held on the date, or the accepted offer
    (a named tuple: built for every job of every profile, it must be cheap to make)."""

    target: str  # "episode:<index>" or "offer"
    noc: str | None
    naics: str | None
    sector: str | None
    salary: float | None
    in_cmm: bool | None
    job_ok: bool | None  # every test but the salary


class CurrentJob(Criterion):
    """A job held on the application date (start on or before it, no end or an end on or after
    it), or an accepted offer where the rule allows one, that passes the filter; when a salary
    floor applies, the job pays at least the floor for its place (the higher floor in the CMM;
    unknown place: met only above the higher floor) or, with ``reference_wage``, at least the
    published top wage for its occupation (unknown without a wage figure)."""

    kind = "current_job"
    levers = frozenset({"job", "salary"})
    time_dependent = True

    def __init__(self, spec: CurrentJobSpec) -> None:
        super().__init__(spec)
        self.filter = EpisodeFilter.build(spec.filter)

    def candidates(self, ctx: EvalContext, or_later: bool = False) -> list[JobCandidate]:
        """Jobs held on ``ctx.on`` and the accepted offer; with ``or_later``, also jobs that start
        after it (a plan may raise the pay of a job the applicant is about to start)."""
        out: list[JobCandidate] = []
        on = ctx.on
        episode_ok = self.filter.episode_ok
        for index, ep in enumerate(ctx.applicant.work_history):
            if (or_later or ep.start <= on) and (ep.end is None or ep.end >= on):
                out.append(
                    JobCandidate(
                        f"episode:{index}",
                        ep.noc,
                        ep.naics,
                        ep.sector,
                        ep.annual_salary,
                        ep.employer_in_cmm,
                        episode_ok(ctx.noc, ep, ctx.memo),
                    )
                )
        offer = ctx.applicant.job_offer
        if offer is not None and self.spec.offer_allowed:
            out.append(self._from_offer(ctx, offer))
        return out

    def _from_offer(self, ctx: EvalContext, offer: JobOffer) -> JobCandidate:
        return JobCandidate(
            "offer",
            offer.noc,
            offer.naics,
            offer.sector,
            offer.annual_salary,
            offer.employer_in_cmm,
            self.filter.offer_ok(ctx.noc, offer),
        )

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """Days in ``(ctx.on, last]`` on which the verdict may change, the profile held fixed: a
        job starts, or the day after a job's recorded end (an accepted offer does not expire)."""
        days = {ep.start for ep in ctx.applicant.work_history}
        days.update(ep.end + ONE_DAY for ep in ctx.applicant.work_history if ep.end is not None)
        return {d for d in days if ctx.on < d <= last}

    def floor(self, ctx: EvalContext, noc: str | None, in_cmm: bool | None) -> float | None:
        """The salary the job must pay, or None when no figure is known."""
        spec = self.spec
        if spec.salary_floor is not None:
            if in_cmm is False:
                return spec.salary_floor.outside_cmm
            return spec.salary_floor.in_cmm
        if spec.reference_wage:
            return reference_wage(ctx, noc)
        return None

    def salary_ok(self, ctx: EvalContext, c: JobCandidate) -> bool | None:
        spec = self.spec
        if spec.salary_floor is not None:
            floors = spec.salary_floor
            if c.salary is None:
                return None
            if c.in_cmm is None:
                if c.salary >= max(floors.in_cmm, floors.outside_cmm):
                    return True
                return False if c.salary < min(floors.in_cmm, floors.outside_cmm) else None
            return c.salary >= (floors.in_cmm if c.in_cmm else floors.outside_cmm)
        if spec.reference_wage:
            wage = reference_wage(ctx, c.noc)
            if wage is None or c.salary is None:
                return None
            return c.salary >= wage
        return True

    def assess(self, ctx: EvalContext) -> Finding:
        cands = self.candidates(ctx)
        if not cands:
            return Finding("not_met", {"candidates": cands, "best": None})
        results = [_and(c.job_ok, self.salary_ok(ctx, c)) for c in cands]
        ok = tri_or(results)
        verdict = "unknown" if ok is None else ("met" if ok else "not_met")
        if len(cands) == 1:
            best = 0
        else:
            best = min(range(len(cands)), key=lambda i: (_ORDER[results[i]], _ORDER[cands[i].job_ok]))
        assumption = None
        if verdict == "unknown" and self.spec.reference_wage:
            c = cands[best]
            if c.job_ok and reference_wage(ctx, c.noc) is None:
                pay_en = money(c.salary, "en") if c.salary is not None else "the job's pay"
                pay_fr = money(c.salary, "fr") if c.salary is not None else "le salaire de l'emploi"
                assumption = (
                    f"The top wage published by Emploi-Québec for NOC {c.noc} is not known: look it up "
                    f"(give it with the request or in the service's wage table); planned as if {pay_en} meets it.",
                    f"Le salaire le plus élevé publié par Emploi-Québec pour la CNP {c.noc} n'est pas connu : "
                    f"consultez-le (donnez-le avec la demande ou dans la table des salaires du service); "
                    f"planifié comme si {pay_fr} l'atteignait.",
                )
        return Finding(verdict, {"candidates": cands, "best": best}, assumption)

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        # Each language's sentence is formatted alone (this runs for every answer).
        fr = lang == "fr"
        requirement = self.description(lang).rstrip(".")
        cands: list[JobCandidate] = finding.data["candidates"]
        spec = self.spec
        if not cands:
            if fr:
                offer = " ni offre acceptée" if spec.offer_allowed else ""
                return f"Aucun emploi occupé le {ctx.on}{offer}. Requis : {requirement}."
            offer = " and no accepted offer" if spec.offer_allowed else ""
            return f"No job held on {ctx.on}{offer}. Required: {requirement}."
        c = cands[finding.data["best"]]
        if c.target == "offer":
            what = "Meilleure offre acceptée" if fr else "accepted offer"
        else:
            what = "Meilleur emploi occupé" if fr else "job held"
        if fr:
            bits = [f"CNP {c.noc or '?'}", f"SCIAN {c.naics or '?'}"]
        else:
            bits = [f"NOC {c.noc or '?'}", f"NAICS {c.naics or '?'}"]
        if c.sector:
            sector = tag_text(c.sector, lang)
            bits.append(f"secteur {sector}" if fr else f"sector {sector}")
        if spec.salary_floor is not None or spec.reference_wage:
            salary = money(c.salary, lang) if c.salary is not None else "?"
            floor = self.floor(ctx, c.noc, c.in_cmm)
            need = money(floor, lang) if floor is not None else ("inconnu" if fr else "unknown")
            place = (_PLACE_FR if fr else _PLACE_EN)[c.in_cmm]
            if spec.salary_floor is not None:
                bits.append(
                    f"salaire {salary} {place} (plancher {need})" if fr else f"salary {salary} {place} (floor {need})"
                )
            elif fr:
                bits.append(f"salaire {salary} (salaire le plus élevé publié {need})")
            else:
                bits.append(f"salary {salary} (published top wage {need})")
        against = against_requirement(finding.verdict, lang)
        if fr:
            return f"{what} : {', '.join(bits)}; {against} : {requirement}."
        return f"Best {what}: {', '.join(bits)}; {against}: {requirement}."

    def lever_options(self, ctx: EvalContext, planning: PlanningContext) -> list[LeverOption]:
        return planning.job_options(self, ctx)

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: some job held on the date (or the accepted offer, where
        allowed) passes the filter and ``salary_ok``."""
        import numpy as np

        from solver.criteria.columns.tri import FALSE, group_max

        frame, on = cols.frame, cols.on_ordinal
        vocab = frame.vocabulary
        held = (frame.episode_start <= on) & (frame.episode_end >= on)
        wages = self._wage_columns(cols, vocab.episodes.items, frame.episode_signature)
        pay = self._salary_columns(frame.episode_salary, frame.episode_in_cmm, wages)
        jobs = np.where(held, np.minimum(self.filter.episode_columns(cols), pay), FALSE).astype(np.int8)
        found = group_max(frame.episode_owner, jobs, frame.size, FALSE)
        if self.spec.offer_allowed:
            wages = self._wage_columns(cols, vocab.offers.items, frame.offer_signature)
            pay = self._salary_columns(frame.offer_salary, frame.offer_in_cmm, wages)
            np.maximum(found, np.minimum(self.filter.offer_columns(cols), pay), out=found)
        return found  # type: ignore[return-value]

    def _wage_columns(self, cols: ColumnContext, jobs: Sequence[WorkEpisode | JobOffer], codes: Ints) -> Floats | None:
        """``reference_wage`` of each row's occupation (NaN when unknown); ``None`` when unused."""
        import numpy as np

        if not self.spec.reference_wage:
            return None
        ctx = EvalContext(Applicant(), cols.on, cols.edition, cols.noc, cols.reference_wages)
        per_job = [reference_wage(ctx, job.noc) for job in jobs]
        table = np.array([np.nan if w is None else w for w in per_job] + [np.nan], dtype=np.float64)
        return table[codes]  # type: ignore[no-any-return]  # a code of -1 (no offer) reads the trailing NaN

    def _salary_columns(self, salary: Floats, in_cmm: Tri, wage: Floats | None) -> Tri:
        """``salary_ok`` column-wise: salaries (NaN when unknown), places (three-valued) and the
        reference wage of each row (``_wage_columns``)."""
        import numpy as np

        from solver.criteria.columns.tri import FALSE, TRUE, UNKNOWN, from_mask

        spec = self.spec
        known = ~np.isnan(salary)
        if spec.salary_floor is not None:
            floors = spec.salary_floor
            place = in_cmm
            floor = np.where(place == TRUE, floors.in_cmm, floors.outside_cmm)
            out = from_mask(salary >= floor)
            top, bottom = max(floors.in_cmm, floors.outside_cmm), min(floors.in_cmm, floors.outside_cmm)
            unsure = np.where(salary >= top, TRUE, np.where(salary < bottom, FALSE, UNKNOWN)).astype(np.int8)
            out = np.where(place == UNKNOWN, unsure, out).astype(np.int8)
            out[~known] = UNKNOWN
            return out
        if spec.reference_wage and wage is not None:
            return from_mask(salary >= wage, known & ~np.isnan(wage))
        return np.full(salary.size, TRUE, dtype=np.int8)


def reference_wage(ctx: EvalContext, noc: str | None) -> float | None:
    """The published top wage for ``noc`` (either coding), the highest if the code maps to several."""
    if noc is None:
        return None
    if noc in ctx.reference_wages:
        return ctx.reference_wages[noc]
    found = [ctx.reference_wages[c] for c in ctx.noc.canonical(noc) if c in ctx.reference_wages]
    return max(found) if found else None
