"""Until when a plan works: ``Plan.apply_by`` and its reason.

With the plan's changes made and nothing else changed (jobs held go on, ages grow, diplomas
and French results age), the applicant may file on every day from ``apply_on`` to
``apply_by``; on the next day a criterion stops being met, the intake window has closed, or the
horizon has ended. The criteria themselves say on which days their verdict may turn
(``change_days``: between two such days a verdict changes at most once), so the rules are read
from the same objects as everywhere else, and only a few days are assessed:

- a criterion met on the day a stretch between two such days begins and on the day it ends is
  met on every day in between; otherwise the first day it fails is found by bisection;
- a choice between criteria (``any_of``) changes only on days one of its children changes, so
  the children's exact change days are found first, then the choice is assessed on each.

A criterion kind without ``change_days`` is assessed on every day: slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from solver.applicant import Applicant
from solver.criteria import Criterion, EvalContext, Finding
from solver.criteria.french import OralFrench, age_limit, results_valid_until
from solver.criteria.french_skills import FrenchSkills
from solver.gaps.problem import RouteProblem, counts_as_met
from solver.rules.route import OpenSpan
from solver.text import pick

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ApplyBy:
    """The last day to file, and what ends the stretch (in the requested language)."""

    day: date
    reason: str


class _Timeline:
    """Verdicts of one route's criteria on the plan's profile, day by day, assessed on demand."""

    def __init__(self, problem: RouteProblem, profile: Applicant) -> None:
        self.problem = problem
        self.profile = profile
        self.route = problem.route
        self.memo: dict[tuple[int, int], bool | None] = {}  # episode tests of this profile only
        self._editions: dict[date, str] = {}
        self._findings: dict[tuple[int, date], Finding] = {}

    def edition(self, day: date) -> str:
        found = self._editions.get(day)
        if found is None:
            found = self._editions[day] = self.route.rules_edition(day).id
        return found

    def context(self, day: date) -> EvalContext:
        p = self.problem
        return EvalContext(
            self.profile, day, self.edition(day), p.rules.noc, p.wages, self.route.by_id, self.memo, p.principal
        )

    def finding(self, criterion: Criterion, day: date) -> Finding | None:
        """The criterion's finding on ``day`` (``None`` when its edition lacks it)."""
        if not criterion.applies_in(self.edition(day)):
            return None
        key = (id(criterion), day)
        found = self._findings.get(key)
        if found is None:
            found = self._findings[key] = criterion.assess(self.context(day))
        return found

    def state(self, criterion: Criterion, day: date) -> tuple[str, bool] | None:
        found = self.finding(criterion, day)
        return None if found is None else (found.verdict, found.assumption is not None)

    def holds(self, criterion: Criterion, day: date) -> bool:
        """Counts as met on ``day`` as the planner counts it; a criterion its edition lacks holds."""
        found = self.finding(criterion, day)
        return found is None or counts_as_met(found)

    def turns(self, criterion: Criterion, first: date, last: date) -> list[date] | None:
        """Days in ``(first, last]`` on which the criterion's course may turn (``None``: any day)."""
        days = set(self._edition_days(first, last))
        if criterion.time_dependent:
            hook = getattr(criterion, "change_days", None)
            if hook is None:
                return None
            days.update(hook(self.context(first), last))
        return sorted(days)

    # -- a criterion at the top of the route: its first failing day -----------------------------
    def first_failure(self, criterion: Criterion, first: date, last: date) -> date | None:
        """The first day in ``(first, last]`` on which ``criterion`` (holding on ``first``) fails."""
        if criterion.children():
            return next((d for d in self.changes(criterion, first, last) if not self.holds(criterion, d)), None)
        turns = self.turns(criterion, first, last)
        if turns is None:
            return self._scan(criterion, first, last)
        return first_failing_day(lambda d: not self.holds(criterion, d), turns, first, last)

    # -- any criterion: every day its verdict changes --------------------------------------------
    def changes(self, criterion: Criterion, first: date, last: date) -> list[date]:
        """Every day in ``(first, last]`` on which the verdict may differ from the day before
        (exact for a criterion with ``change_days``, a superset for a choice)."""
        kids = criterion.children()
        if kids:
            found = set(self._edition_days(first, last))
            for kid in kids:
                found.update(self.changes(kid, first, last))
            return sorted(found)
        turns = self.turns(criterion, first, last)
        if turns is None:
            days = (last - first).days
            return [first + ONE_DAY * i for i in range(1, days + 1)]
        found = set(turns)
        begin = first
        for turn in [*turns, last + ONE_DAY]:
            end = turn - ONE_DAY
            while end > begin:
                before = self.state(criterion, begin)
                if self.state(criterion, end) == before:
                    break
                begin = self._bisect(lambda d, b=before: self.state(criterion, d) != b, begin, end)
                found.add(begin)
            begin = turn
        return sorted(found)

    def _edition_days(self, first: date, last: date) -> list[date]:
        return [e.in_force for e in self.route.program.editions if first < e.in_force <= last]

    def _scan(self, criterion: Criterion, first: date, last: date) -> date | None:
        day = first + ONE_DAY
        while day <= last:
            if not self.holds(criterion, day):
                return day
            day += ONE_DAY
        return None

    @staticmethod
    def _bisect(fails: Callable[[date], bool], good: date, bad: date) -> date:
        """The first day after ``good`` on which ``fails`` holds, given that it holds on ``bad``
        and, between the two, holds from some day on."""
        while (bad - good).days > 1:
            middle = good + ONE_DAY * ((bad - good).days // 2)
            if fails(middle):
                bad = middle
            else:
                good = middle
        return bad


def apply_by(problem: RouteProblem, profile: Applicant, apply_on: date, lang: str) -> ApplyBy | None:
    """The last day from ``apply_on`` on which ``profile`` (a plan's) may still file for the route.

    ``None`` when the profile does not qualify on ``apply_on`` itself (no such plan is returned).
    """
    route = problem.route
    timeline = _Timeline(problem, profile)
    edition = timeline.edition(apply_on)
    criteria = route.applicable(edition)
    if not all(timeline.holds(c, apply_on) for c in criteria):
        return None
    horizon_end = problem.session.dates[-1]
    last, reason = horizon_end, _horizon_reason(problem, lang)
    if problem.respect_windows:
        span = next((s for s in route.spans if s.start <= apply_on <= s.end), None)
        if span is None:
            return None
        if span.end <= last:
            last, reason = span.end, _window_reason(problem, span, lang)
    # criteria across every edition the stretch may reach, cheap kinds first to shorten the search
    every = {id(c): c for c in route.criteria}
    ordered = sorted(every.values(), key=lambda c: (bool(c.children()), c.kind == "experience"))
    for criterion in ordered:
        if last <= apply_on:
            break
        fails = timeline.first_failure(criterion, apply_on, last)
        if fails is not None and fails - ONE_DAY < last:
            last, reason = fails - ONE_DAY, _criterion_reason(timeline, criterion, fails, lang)
    if problem.factors and problem.target is not None and last > apply_on:
        fails = _score_failure(problem, profile, apply_on, last)
        if fails is not None:
            last, reason = fails - ONE_DAY, _score_reason(problem, profile, fails, lang)
    return ApplyBy(last, reason)


def _score_failure(problem: RouteProblem, profile: Applicant, first: date, last: date) -> date | None:
    """The first day in ``(first, last]`` on which the score's minimum falls below the target. The
    factors say on which days their points may change (birthdays, French results expiring, months
    entering or leaving a window); between two such days each factor moves one way, so a stretch is
    checked at its ends and, when it fails at its end, bisected."""
    target = problem.target or 0
    turns: set[date] = set()
    for factor in problem.factors:
        turns |= factor.change_days(profile, first, last)
    return first_failing_day(lambda d: problem.score_on(profile, d)[0] < target, sorted(turns), first, last)


def first_failing_day(fails: Callable[[date], bool], turns: list[date], first: date, last: date) -> date | None:
    """The first day in ``(first, last]`` on which ``fails`` holds, given the days (``turns``, sorted)
    between which it changes at most once: each stretch is checked at its end, and bisected when it
    fails there."""
    begin = first
    for turn in [*turns, last + ONE_DAY]:
        end = turn - ONE_DAY
        if end > begin and fails(end):
            return _Timeline._bisect(fails, begin, end)
        if turn <= last and fails(turn):
            return turn
        begin = turn
    return None


def _score_reason(problem: RouteProblem, profile: Applicant, fails: date, lang: str) -> str:
    """What brings the score under the target on ``fails``: the factors that lose points that day."""
    canonical = problem.rules.noc.canonical
    before, after = fails - ONE_DAY, fails
    losers = [
        f.name(lang)
        for f in problem.factors
        if f.points(profile, after, problem.principal, canonical).low
        < f.points(profile, before, problem.principal, canonical).low
    ]
    score = problem.score_on(profile, after)[0]
    what = ", ".join(losers) if losers else pick(lang, "the score", "le pointage")
    return pick(
        lang,
        f"On {fails} the ranking score falls to {score}, under the target of {problem.target} ({what}).",
        f"Le {fails}, le pointage de classement tombe à {score}, sous la cible de {problem.target} ({what}).",
    )


# -- reasons --------------------------------------------------------------------------------------
def _horizon_reason(problem: RouteProblem, lang: str) -> str:
    end = problem.session.dates[-1]
    return pick(
        lang,
        f"The end of the {problem.horizon}-month horizon ({end}): the plan may stay valid after it.",
        f"La fin de l'horizon de {problem.horizon} mois ({end}) : le plan peut rester valable au-delà.",
    )


#: What ends an open span, in (English, French) templates: the pilots' texts speak of the three
#: programs at once and of their intakes; the other programs' (the PSTQ, the PEQ) of one program
#: and of its reception periods.
_WINDOW_ENDS = {
    True: {
        "end": (
            "The programs end on {end}: no application can be filed from that day.",
            "Les programmes prennent fin le {end} : aucune demande ne peut être déposée à compter de ce jour.",
        ),
        "early": (
            "The intake closed early on {day}: its cap was reached.",
            "La réception a fermé avant terme le {day} : son plafond a été atteint.",
        ),
        "closes": ("The intake window closes on {day}.", "La période de réception se termine le {day}."),
    },
    False: {
        "end": (
            "The program ends on {end}: no application can be filed from that day.",
            "Le programme prend fin le {end} : aucune demande ne peut être déposée à compter de ce jour.",
        ),
        "early": (
            "The reception period closed early on {day}: its cap was reached.",
            "La période de réception a fermé avant terme le {day} : son plafond a été atteint.",
        ),
        "closes": ("The reception period closes on {day}.", "La période de réception se termine le {day}."),
    },
}


def _window_reason(problem: RouteProblem, span: OpenSpan, lang: str) -> str:
    """What ends an open span: the program's end, an early closure (its cap), or the close of the
    intake window or reception period."""
    end = problem.route.end_date
    words = _WINDOW_ENDS[problem.route.family == "pilots"]
    if span.end == end - ONE_DAY:
        which, day = "end", end
    elif span.closed_early_on is not None and span.end == span.closed_early_on:
        which, day = "early", span.closed_early_on
    else:
        which, day = "closes", span.end
    return pick(lang, *words[which]).format(end=end, day=day)


def _criterion_reason(timeline: _Timeline, criterion: Criterion, fails: date, lang: str) -> str:
    """What ends the stretch on ``fails`` (the first day that no longer qualifies)."""
    profile = timeline.profile
    need = criterion.description(lang).rstrip(".")
    kind = criterion.kind
    french = profile.french
    if isinstance(criterion, FrenchSkills) and criterion.person == "spouse":
        french = profile.spouse.french if profile.spouse is not None else None
    if (
        isinstance(criterion, OralFrench | FrenchSkills)
        and french is not None
        and french.assessed_on is not None
        and fails == results_valid_until(french.assessed_on, criterion.max_age_months) + ONE_DAY
    ):
        assessed, last = french.assessed_on, fails - ONE_DAY
        return pick(
            lang,
            f"The French results are valid until {last} and expire on {fails} (assessed on {assessed}; results "
            f"must be {age_limit(criterion.max_age_months, 'en')} old or less on the application date).",
            f"Les résultats de français sont valides jusqu'au {last} et expirent le {fails} (évaluation du "
            f"{assessed}; les résultats doivent dater de {age_limit(criterion.max_age_months, 'fr')} ou moins à la "
            "date de la demande).",
        )
    if kind == "diploma":
        return pick(
            lang,
            f"The diploma leaves its recency window on {fails}: {need}.",
            f"Le diplôme sort de sa période de validité le {fails} : {need}.",
        )
    if kind == "min_age":
        return pick(
            lang, f"An age limit is reached on {fails}: {need}.", f"Une limite d'âge est atteinte le {fails} : {need}."
        )
    ended = [ep.end for ep in profile.work_history if ep.end is not None and ep.end < fails]
    if kind == "current_job" or (ended and kind in ("experience", "any_of")):
        end = max(ended, default=fails - ONE_DAY)
        return pick(
            lang,
            f"A job's recorded end date ({end}): from {fails} this is no longer met: {need}.",
            f"La date de fin prévue d'un emploi ({end}) : à compter du {fails}, ceci n'est plus respecté : {need}.",
        )
    return pick(
        lang,
        f"From {fails} this is no longer met: {need}.",
        f"À compter du {fails}, ceci n'est plus respecté : {need}.",
    )
