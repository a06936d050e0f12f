"""Months of full-time qualifying experience in a window before the application date."""

from __future__ import annotations

import calendar
import json
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from solver.criteria.base import Criterion, EvalContext, Finding, tri_or
from solver.criteria.episodes import EpisodeFilter
from solver.dates import ONE_DAY, add_months, days_meet_months, days_to_months, months_before, union_days
from solver.rules.schema import ExperienceSpec
from solver.text import months_text

if TYPE_CHECKING:
    from solver.applicant import WorkEpisode
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Ints, Mask, Tri

_NEVER = date.max

#: The explanation's phrases, per language.
_EXPLAIN: dict[str, dict[str, str]] = {
    "en": {
        "count": "{got} of the required {need} months of full-time experience {labels} between {start} and {on}",
        "no_diploma": " (no qualifying diploma: only work after it counts)",
        "after": ", counting only from {after}",
        "up_to": "; up to {high} months if the episodes with missing details count",
    },
    "fr": {
        "count": "{got} des {need} mois requis d'expérience à temps plein {labels} entre le {start} et le {on}",
        "no_diploma": " (aucun diplôme admissible : seul le travail après son obtention compte)",
        "after": ", à compter du {after} seulement",
        "up_to": "; jusqu'à {high} mois si les emplois aux détails manquants comptent",
    },
}


def _covered(spans: list[tuple[date, date]]) -> int:
    """``union_days`` of non-empty spans, without sorting one or none."""
    if len(spans) > 1:
        return union_days(spans)
    return (spans[0][1] - spans[0][0]).days if spans else 0


@lru_cache(maxsize=8192)
def _days_text(days: int, lang: str) -> str:
    """``days`` of experience in months, as the explanation writes them."""
    return months_text(days_to_months(days), lang)


def in_principal(ctx: EvalContext, code: str | None) -> bool | None:
    """Whether an occupation code is the principal occupation (three-valued: a NOC 2016 code that
    split, or an unknown principal occupation, cannot tell)."""
    if code is None or ctx.principal is None:
        return None
    codes = ctx.noc.canonical(code)
    if ctx.principal not in codes:
        return False
    return True if len(codes) == 1 else None


class Experience(Criterion):
    """At least ``months`` months of qualifying employment in the ``window_months`` months before
    the application date: the days of qualifying episodes inside ``[D - window, D)``, overlaps
    counted once, converted at 365.25 / 12 days a month. An episode with no end is still held
    on the application date. With ``after_criterion``, only days after the diploma that meets
    that criterion count. Episodes whose qualification is unknown give a lower and an upper
    bound: met if the lower bound suffices, not met if even the upper bound falls short."""

    kind = "experience"
    explain_uses_wording = False
    time_dependent = True

    def __init__(self, spec: ExperienceSpec) -> None:
        super().__init__(spec)
        self.months = spec.months
        self.window_months = spec.window_months
        self.filters = [EpisodeFilter.build(f) for f in spec.any_of]
        #: The filters' labels as the explanation lists them, per language.
        self._labels = {
            "en": " or ".join(f.label("en") for f in self.filters),
            "fr": " ou ".join(f.label("fr") for f in self.filters),
        }
        #: ``_count_tail``'s sentences, by language and window.
        self._tails: dict[tuple[str, date, date], str] = {}
        self.after_criterion = spec.after_criterion
        self.levers = frozenset({"job", "diploma"} if spec.after_criterion else {"job"})
        self.principal_only = spec.principal_occupation
        self.reads_principal = spec.principal_occupation
        #: What ``_low_high`` depends on besides the profile and the days: the filters' logic (not
        #: their labels), the principal occupation only or not, the internships' cap.
        self._count_logic = json.dumps(
            [
                [f.spec.model_dump(mode="json", exclude={"label"}) for f in self.filters],
                spec.principal_occupation,
                spec.internship_cap_months,
            ],
            sort_keys=True,
        )
        #: Days a compulsory internship may add at most (months at 365.25 / 12 days), or None: no cap.
        self.internship_cap = (
            None if spec.internship_cap_months is None else round(spec.internship_cap_months * 30.4375)
        )

    def _after(self, ctx: EvalContext) -> tuple[date | None, date | None]:
        """The first day that counts after the reference diploma: surely, and at best.

        With no ``after_criterion`` there is no bound (``None``, ``None``); a diploma whose
        qualification is unknown can only lift the upper bound of the count.
        """
        if self.after_criterion is None:
            return None, None
        diploma_rule = ctx.siblings.get(self.after_criterion)
        if diploma_rule is None:
            raise LookupError(f"{self.id}: after_criterion {self.after_criterion!r} is not in the route")
        sure, maybe = [], []
        for d in ctx.applicant.diplomas:
            ok = diploma_rule.diploma_ok(d, ctx.on)  # type: ignore[attr-defined]
            if ok is not False and d.obtained_on is not None:
                (sure if ok else maybe).append(d.obtained_on + ONE_DAY)
        return min(sure, default=_NEVER), min(sure + maybe, default=_NEVER)

    def change_days(self, ctx: EvalContext, last: date) -> set[date]:
        """Days in ``(ctx.on, last]`` on which the course of the verdict may turn, the profile held
        fixed. Between two of them the count moves by a constant step a day (-1, 0 or +1: the
        newest day and the day leaving the window each stay inside or outside the episodes), so
        the verdict changes at most once there. The days: an episode starts or ends; the window's
        first day reaches an episode's start or end, or the day after a reference diploma; the
        reference diploma's verdict changes; the window's first day repeats or skips a day (a
        short month's end) near an episode."""
        history = ctx.applicant.work_history
        edges = [ep.start for ep in history] + [ep.end + ONE_DAY for ep in history if ep.end is not None]
        days = set(edges)
        bounds = list(edges)
        if self.after_criterion is not None:
            diploma_rule = ctx.siblings[self.after_criterion]
            days |= diploma_rule.change_days(ctx, last)  # type: ignore[attr-defined]
            bounds += [d.obtained_on + ONE_DAY for d in ctx.applicant.diplomas if d.obtained_on is not None]
        days.update(_window_reaches(day, self.window_months) for day in bounds)
        margin = 2 * ONE_DAY
        spans = [(ep.start - margin, (ep.end or date.max - margin) + margin) for ep in history]
        for day in _uneven_days(ctx.on, last, self.window_months):
            back = add_months(day, -self.window_months)
            if any(start <= back <= end for start, end in spans):
                days.add(day)
        return {d for d in days if ctx.on < d <= last}

    def _counts(self, ctx: EvalContext, ep: WorkEpisode) -> bool | None:
        """Whether the episode qualifies under any of the filters (three-valued), in the principal
        occupation when the rule counts only that one."""
        filters = self.filters
        if len(filters) == 1:
            ok = filters[0].episode_ok(ctx.noc, ep, ctx.memo)
        else:
            ok = tri_or([f.episode_ok(ctx.noc, ep, ctx.memo) for f in filters])
        if self.principal_only and ok is not False:
            principal = in_principal(ctx, ep.noc)  # ``tri_and`` of the two, ``ok`` being True or None
            ok = False if principal is False else (None if ok is None or principal is None else True)
        return ok

    def _low_high(self, ctx: EvalContext, begin_low: date, begin_high: date) -> tuple[int, int]:
        """Days of qualifying episodes up to the application date, overlaps counted once: the
        lower bound counts the surely qualifying episodes from ``begin_low``, the upper bound the
        possibly qualifying ones from ``begin_high`` (never after ``begin_low``). One pass: each
        episode is tested once, and the upper bound reuses the lower one when the spans agree."""
        on = ctx.on
        low: list[tuple[date, date]] = []
        high: list[tuple[date, date]] = []
        capped = self.internship_cap is not None
        intern_low: list[tuple[date, date]] = []
        intern_high: list[tuple[date, date]] = []
        for ep in ctx.applicant.work_history:
            end = ep.end
            end = on if end is None or end >= on else end + ONE_DAY  # the day after it, up to the date
            start = ep.start
            start_high = start if start > begin_high else begin_high
            if end <= start_high:
                continue
            if capped and ep.internship:
                # A compulsory internship counts, paid or not, up to the cap.
                ok = self._counts(ctx, ep if ep.paid else ep.model_copy(update={"paid": True}))
                into_low, into_high = intern_low, intern_high
            else:
                ok = self._counts(ctx, ep)
                into_low, into_high = low, high
            if ok:
                into_high.append((start_high, end))
                start_low = start if start > begin_low else begin_low
                if end > start_low:
                    into_low.append((start_low, end))
            elif ok is None:
                into_high.append((start_high, end))
        days_low = _covered(low)
        days_high = days_low if high == low else _covered(high)
        if intern_high:
            cap = self.internship_cap or 0
            days_low += min(_covered(intern_low), cap)
            days_high += min(_covered(intern_high), cap)
        return days_low, days_high

    def assess(self, ctx: EvalContext) -> Finding:
        window_start = months_before(ctx.on, self.window_months)
        if self.after_criterion is None:
            after_sure = after_best = None
            begin_low = begin_high = window_start
        else:
            after_sure, after_best = self._after(ctx)
            begin_low = max(window_start, after_sure or window_start)
            begin_high = max(window_start, after_best or window_start)
        counts = ctx.counts
        if counts is None:
            low, high = self._low_high(ctx, begin_low, begin_high)
        else:
            key = (self._count_logic, begin_low, begin_high, ctx.on, ctx.principal if self.principal_only else None)
            found = counts.get(key)
            if found is None:
                found = counts[key] = self._low_high(ctx, begin_low, begin_high)
            low, high = found
        if days_meet_months(low, self.months):
            verdict = "met"
        elif not days_meet_months(high, self.months):
            verdict = "not_met"
        else:
            verdict = "unknown"
        after = after_sure if after_sure != _NEVER else None
        return Finding(
            verdict,
            {
                "low": low,
                "high": high,
                "from": window_start,
                "after": after,
                "has_reference": self.after_criterion is None or after_best != _NEVER,
            },
        )

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        # One language's sentence is formatted (this runs for every answer); the logic is shared.
        d = finding.data
        text = _days_text(d["low"], lang) + self._count_tail(lang, d["from"], ctx.on)
        if self.after_criterion and not d["has_reference"]:
            text += _EXPLAIN[lang]["no_diploma"]
        elif d["after"]:
            text += _EXPLAIN[lang]["after"].format(after=d["after"])
        if d["high"] > d["low"]:
            text += _EXPLAIN[lang]["up_to"].format(high=_days_text(d["high"], lang))
        return text + "."

    def _count_tail(self, lang: str, start: date, on: date) -> str:
        """The sentence after the months counted, e.g. " of the required 24 months of full-time
        experience in Québec between 2021-06-03 and 2024-06-03" (written once per window)."""
        key = (lang, start, on)
        tail = self._tails.get(key)
        if tail is None:
            if len(self._tails) > 4096:
                self._tails.clear()
            tail = self._tails[key] = _EXPLAIN[lang]["count"].format(
                got="", need=self.months, labels=self._labels[lang], start=start, on=on
            )
        return tail

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: the days of counting episodes in the window (surely
        counting for the lower bound, possibly for the upper), each profile's episodes merged
        as ``union_days`` merges them, checked with ``days_meet_months``."""
        import numpy as np

        from solver.criteria.columns.tri import FALSE, TRUE, UNKNOWN, any_of, union_days

        frame = cols.frame
        owner = frame.episode_owner
        counts = any_of([f.episode_columns(cols) for f in self.filters], owner.size)
        interns: Tri | None = None
        if self.internship_cap is not None:
            # a compulsory internship counts, paid or not, up to the cap (``_low_high``)
            internship = self._internship_columns(cols)
            interns = any_of([self._as_paid_columns(f, cols) for f in self.filters], owner.size)
            interns = np.where(internship, interns, FALSE).astype(np.int8)
            counts = np.where(internship, FALSE, counts).astype(np.int8)
        if self.principal_only:
            in_principal = self._in_principal_columns(cols)
            counts = np.minimum(counts, in_principal)
            if interns is not None:
                interns = np.minimum(interns, in_principal)
        window_start = add_months(cols.on, -self.window_months).toordinal()
        after_sure, after_best = self._after_columns(cols)
        end = np.minimum(frame.episode_end + 1, cols.on_ordinal)

        def days(after: Ints | None, counted: Mask) -> Ints:
            """Days of the ``counted`` episodes from the window's start (or the day after the
            diploma, ``after``, when later) to the application date; ``NEVER`` counts none."""
            begin = window_start if after is None else np.maximum(after, window_start)[owner]
            start = np.maximum(frame.episode_start, begin)
            return union_days(owner, start, np.where(counted, end, start), frame.size)

        low = days(after_sure, counts == TRUE)
        high = days(after_best, counts >= UNKNOWN)
        if interns is not None:
            cap = self.internship_cap or 0
            low = low + np.minimum(days(after_sure, interns == TRUE), cap)
            high = high + np.minimum(days(after_best, interns >= UNKNOWN), cap)
        met = days_meet_months(low, self.months)  # type: ignore[arg-type]  # the same integer test, element-wise
        possible = days_meet_months(high, self.months)  # type: ignore[arg-type]
        return np.where(met, TRUE, np.where(possible, UNKNOWN, FALSE)).astype(np.int8)

    @staticmethod
    def _internship_columns(cols: ColumnContext) -> Mask:
        """Whether each episode row is a compulsory internship (``internship`` true)."""
        from solver.criteria.columns.tri import TRUE

        vocab = cols.frame.vocabulary
        flags = vocab.per_signature(("internship",), None, vocab.episodes.items, lambda ep: ep.internship is True)
        return flags[cols.frame.episode_signature] == TRUE  # type: ignore[no-any-return]

    @staticmethod
    def _as_paid_columns(rule: EpisodeFilter, cols: ColumnContext) -> Tri:
        """``episode_ok`` of each episode row counted as paid (an unpaid internship counts)."""
        vocab = cols.frame.vocabulary
        noc = cols.noc

        def test(ep: WorkEpisode) -> bool | None:
            return rule.episode_ok(noc, ep if ep.paid else ep.model_copy(update={"paid": True}))

        per_signature = vocab.per_signature(
            ("episode_paid", id(rule), id(noc)), (rule, noc), vocab.episodes.items, test
        )
        return per_signature[cols.frame.episode_signature]

    @staticmethod
    def _in_principal_columns(cols: ColumnContext) -> Tri:
        """``in_principal`` of each episode row's occupation and its profile's principal
        occupation, asked once per distinct pair of codes of the frame."""
        import numpy as np

        from solver.criteria.columns.tri import UNKNOWN, tri_of

        frame, noc = cols.frame, cols.noc
        vocab = frame.vocabulary

        def compute() -> Tri:
            nocs = vocab.nocs
            by_signature = vocab.per_item(
                ("episode_noc",),
                None,
                vocab.episodes.items,
                lambda ep: -1 if ep.noc is None else nocs.code(ep.noc, ep.noc),
                np.int64,
            )
            code = by_signature[frame.episode_signature]
            principal = frame.principal[frame.episode_owner]
            out = np.full(code.size, UNKNOWN, dtype=np.int8)
            known = (code >= 0) & (principal >= 0)
            if known.any():
                span = np.int64(len(nocs) + 1)
                pairs, inverse = np.unique(code[known] * span + principal[known], return_inverse=True)
                items = nocs.items
                answers = []
                for pair in pairs.tolist():
                    episode_code, principal_code = divmod(pair, int(span))
                    codes = noc.canonical(items[episode_code])
                    inside = None if len(codes) != 1 else True
                    answers.append(tri_of(False if items[principal_code] not in codes else inside))
                out[known] = np.array(answers, dtype=np.int8)[inverse.reshape(-1)]
            return out

        return cols.cached(("in_principal", id(noc)), compute)  # type: ignore[no-any-return]

    def _after_columns(self, cols: ColumnContext) -> tuple[Ints | None, Ints | None]:
        """``_after`` for every profile: the first day that counts, surely and at best, as day
        ordinals (``NEVER`` without such a diploma); ``(None, None)`` without ``after_criterion``."""
        import numpy as np

        from solver.criteria.columns.frame import NEVER
        from solver.criteria.columns.tri import TRUE, UNKNOWN, group_min

        if self.after_criterion is None:
            return None, None
        diploma_rule = cols.siblings.get(self.after_criterion)
        if diploma_rule is None:
            raise LookupError(f"{self.id}: after_criterion {self.after_criterion!r} is not in the route")
        frame = cols.frame
        ok = diploma_rule.diploma_columns(cols)
        obtained = frame.diploma_obtained
        day_after = obtained + 1
        dated = obtained > 0
        sure = np.where(dated & (ok == TRUE), day_after, NEVER)
        maybe = np.where(dated & (ok >= UNKNOWN), day_after, NEVER)
        owner = frame.diploma_owner
        first_sure = group_min(owner, sure, frame.size, NEVER)
        first_maybe = group_min(owner, maybe, frame.size, NEVER)
        return first_sure, first_maybe  # type: ignore[return-value]


def _window_reaches(day: date, months: int) -> date:
    """The first application date whose ``months``-month window starts on or after ``day``.

    >>> _window_reaches(date(2022, 3, 1), 24)
    datetime.date(2024, 3, 1)
    """
    found = add_months(day, months)
    while add_months(found - ONE_DAY, -months) >= day:
        found -= ONE_DAY
    while add_months(found, -months) < day:
        found += ONE_DAY
    return found


def _uneven_days(first: date, last: date, months: int) -> list[date]:
    """Days in ``(first, last]`` on which the first day of a ``months``-month window does not
    move by exactly one day (it repeats or skips a day at the end of a shorter month)."""
    found = []
    index, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    while index <= end:
        found += [d for d in _uneven_in_month(*divmod(index, 12), months) if first < d <= last]
        index += 1
    return found


@lru_cache(maxsize=4096)
def _uneven_in_month(year: int, month0: int, months: int) -> tuple[date, ...]:
    """The days of one month (``month0`` counted from 0) on which the window's first day does not
    move by one day: only the 1st and the days after the 28th can (earlier days map one to one)."""
    last = calendar.monthrange(year, month0 + 1)[1]
    candidates = [date(year, month0 + 1, day) for day in (1, *range(29, last + 1))]
    return tuple(d for d in candidates if (add_months(d, -months) - add_months(d - ONE_DAY, -months)).days != 1)
