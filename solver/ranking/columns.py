"""The ranking score of a whole cohort at once: ``Factor.points`` as numpy columns.

::

    from solver.ranking.columns import score_columns, score_frame
    frame = score_frame(people)                          # one Python pass over the profiles
    low, high = score_columns(grid, frame, on, principals)   # int16 arrays, one per profile

``score_columns`` gives, for every profile, exactly what ``solver.ranking.scorer.score`` gives
(each factor's range, clamped to its maximum, summed): tests/test_ranking_columns.py compares
them profile by profile. It is data-driven like the row scorer: each factor's table (rows,
``spouse_columns``, ``window_months``, ``requires``) is read from the grid's ``Factor`` objects,
and a table's points are the factor's own ``lookup`` (tabulated once per value), so a grid
reform or an assumption applies as it does row by row. Every measure of
``solver.ranking.measures`` has a columnar form; none falls back to the row scorer.

A :class:`ScoreFrame` holds what the measures read, in arrays: per profile (birth, spouse
status, French, offer, family ties) and exploded per work episode, diploma, residence, study
period and authorisation (grouped by profile). Day ordinals stand for dates (``0``: unknown);
a period that has not ended ends on ``NEVER``. Three-valued facts are ``int8``: 0 false,
1 unknown, 2 true (``solver.criteria.columns.tri``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from solver.applicant import Applicant, Diploma
from solver.criteria.columns.frame import NEVER, Interner
from solver.criteria.columns.tri import group_max, union_days
from solver.criteria.episodes import FULL_TIME_HOURS
from solver.criteria.french import results_valid_since
from solver.dates import add_months
from solver.ranking.factors import Factor
from solver.ranking.grid import Grid
from solver.ranking.measures import FRENCH_RESULTS_MONTHS, INTERNSHIP_CAP_DAYS, diploma_categories

__all__ = ["ScoreFrame", "score_columns", "score_frame"]

Ints = npt.NDArray[np.int64]
Tri = npt.NDArray[np.int8]
Bools = npt.NDArray[np.bool_]
Range = tuple[Ints, Ints]

_SKILLS = ("oral_comprehension", "oral_production", "written_comprehension", "written_production")
#: Spouse status of a profile: which table columns ``Factor.columns`` allows.
SPOUSE_UNKNOWN, SPOUSE_WITH, SPOUSE_WITHOUT = 0, 1, 2
#: Months at 365.25 / 12 days (``solver.ranking.measures.whole_months``).
_DEN, _NUM = 48, 1461


def _tri(value: bool | None) -> int:
    return 1 if value is None else (2 if value else 0)


def _tri_and(*values: bool | None) -> int:
    if False in values:
        return 0
    return 1 if None in values else 2


def _ord(day: date | None) -> int:
    return 0 if day is None else day.toordinal()


# -- the frame ---------------------------------------------------------------------------------
@dataclass
class _Periods:
    """Exploded periods (work episodes, residences, studies), in the order they were read."""

    owner: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)  # the day after the last one; NEVER when open

    def add(self, owner: int, start: date, end: date | None) -> None:
        self.owner.append(owner)
        self.start.append(start.toordinal())
        self.end.append(NEVER if end is None else end.toordinal() + 1)


@dataclass
class _Spans:
    """Periods as arrays, sorted by owner then start (what ``union_days`` needs), with facts."""

    owner: Ints
    start: Ints
    end: Ints
    facts: dict[str, npt.NDArray[Any]]
    order: Ints  # reading order -> sorted position (``facts`` are sorted too)

    @classmethod
    def of(cls, periods: _Periods, facts: dict[str, list[int]], dtypes: dict[str, Any] | None = None) -> _Spans:
        owner = np.array(periods.owner, dtype=np.int64)
        start = np.array(periods.start, dtype=np.int64)
        order = np.lexsort((start, owner)) if owner.size else np.zeros(0, np.int64)
        kinds = dtypes or {}
        return cls(
            owner[order],
            start[order],
            np.array(periods.end, dtype=np.int64)[order],
            {k: np.array(v, dtype=kinds.get(k, np.int8))[order] for k, v in facts.items()},
            order,
        )


@dataclass
class _Diplomas:
    owner: Ints
    signature: Ints
    obtained: Ints
    in_quebec: Tri


@dataclass
class ScoreFrame:
    """What the grid's measures read, for ``size`` profiles (see the module docstring)."""

    size: int
    spouse: npt.NDArray[np.int8]  # SPOUSE_UNKNOWN / SPOUSE_WITH / SPOUSE_WITHOUT
    birth_year: Ints  # 0 when unknown
    birth_md: Ints  # month * 100 + day
    spouse_birth_year: Ints
    spouse_birth_md: Ints
    french: Bools  # French results given
    levels: dict[str, Ints]  # -1 when unknown
    assessed: Ints  # day ordinal, 0 when unknown
    spouse_french: Bools
    spouse_levels: dict[str, Ints]
    spouse_assessed: Ints
    work: _Spans  # facts: ftp (full-time and paid), intern, in_quebec, outside_cmm, noc
    spouse_work: _Spans
    residence: _Spans  # facts: outside (in Québec outside the CMM)
    residence_owner: Ints  # residences in reading order (the first held on a day decides)
    residence_start: Ints
    residence_end: Ints
    residence_outside: Tri
    study: _Spans  # facts: outside, quebec_no_diploma
    diplomas: _Diplomas
    spouse_diplomas: _Diplomas
    offer_place: npt.NDArray[np.int8]  # -1 no points (none, or not validated); 0 in CMM, 1 outside, 2 unknown
    offer_validated: Tri
    auth_owner: Ints
    auth_obtained: Ints
    auth_is_authorization: Bools
    auth_noc: Ints
    family_applicant: Tri  # the tie as the family measure reads it (0: no points)
    family_spouse: Tri
    nocs: Interner[str]
    diploma_kinds: Interner[Diploma]
    cache: dict[Hashable, Range] = field(default_factory=dict)

    def noc_codes(self, codes: Iterable[str | None]) -> Ints:
        """Dictionary codes of NOC codes (-1 for ``None``), in this frame's vocabulary."""
        code = self.nocs.code
        return np.array([-1 if c is None else code(c, c) for c in codes], dtype=np.int64)


def score_frame(people: Iterable[Applicant]) -> ScoreFrame:
    """The columns of ``people`` (validated profiles), in one pass."""
    nocs: Interner[str] = Interner()
    kinds: Interner[Diploma] = Interner()
    noc_code, kind_code = nocs.code, kinds.code
    spouse_mode: list[int] = []
    by: list[int] = []
    bmd: list[int] = []
    sby: list[int] = []
    sbmd: list[int] = []
    fr: list[bool] = []
    lv: dict[str, list[int]] = {s: [] for s in _SKILLS}
    assessed: list[int] = []
    sfr: list[bool] = []
    slv: dict[str, list[int]] = {s: [] for s in _SKILLS}
    sassessed: list[int] = []
    work, swork, res, study = _Periods(), _Periods(), _Periods(), _Periods()
    wf: dict[str, list[int]] = {k: [] for k in ("ftp", "intern", "in_quebec", "outside_cmm", "noc")}
    swf: dict[str, list[int]] = {k: [] for k in ("ftp", "intern", "in_quebec")}
    res_outside: list[int] = []
    stf: dict[str, list[int]] = {k: [] for k in ("outside", "quebec_no_diploma")}
    dip: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    sdip: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    offer_place: list[int] = []
    offer_validated: list[int] = []
    auth: tuple[list[int], list[int], list[bool], list[int]] = ([], [], [], [])
    fam_a: list[int] = []
    fam_s: list[int] = []

    def french_of(french: Any, given: list[bool], levels: dict[str, list[int]], when: list[int]) -> None:
        if french is None:
            given.append(False)
            for s in _SKILLS:
                levels[s].append(-1)
            when.append(0)
            return
        given.append(True)
        for s in _SKILLS:
            value = getattr(french, s)
            levels[s].append(-1 if value is None else value)
        when.append(_ord(french.assessed_on))

    def diplomas_of(i: int, diplomas: list[Diploma], out: tuple[list[int], list[int], list[int], list[int]]) -> None:
        for d in diplomas:
            out[0].append(i)
            out[1].append(kind_code((d.level, d.full_time_months, d.hours, d.in_quebec), d))
            out[2].append(_ord(d.obtained_on))
            out[3].append(_tri(d.in_quebec))

    def episodes_of(i: int, episodes: list[Any], periods: _Periods, facts: dict[str, list[int]], full: bool) -> None:
        for ep in episodes:
            periods.add(i, ep.start, ep.end)
            hours = ep.hours_per_week
            internship = bool(ep.internship)
            ftp = _tri_and(None if hours is None else hours >= FULL_TIME_HOURS, True if internship else ep.paid)
            facts["ftp"].append(ftp)
            facts["intern"].append(internship)
            facts["in_quebec"].append(_tri(ep.in_quebec))
            if full:
                cmm = ep.employer_in_cmm
                facts["outside_cmm"].append(_tri_and(ep.in_quebec, None if cmm is None else not cmm))
                facts["noc"].append(-1 if ep.noc is None else noc_code(ep.noc, ep.noc))

    i = -1
    for i, p in enumerate(people):
        birth = p.birth_date
        by.append(0 if birth is None else birth.year)
        bmd.append(0 if birth is None else birth.month * 100 + birth.day)
        french_of(p.french, fr, lv, assessed)
        spouse = p.spouse
        if spouse is None:
            spouse_mode.append(SPOUSE_UNKNOWN)
            french_of(None, sfr, slv, sassessed)
            sby.append(0)
            sbmd.append(0)
        else:
            spouse_mode.append(SPOUSE_WITH if spouse.accompanying else SPOUSE_WITHOUT)
            french_of(spouse.french, sfr, slv, sassessed)
            sb = spouse.birth_date
            sby.append(0 if sb is None else sb.year)
            sbmd.append(0 if sb is None else sb.month * 100 + sb.day)
            if spouse.accompanying:
                episodes_of(i, spouse.work_history, swork, swf, False)
                diplomas_of(i, spouse.diplomas, sdip)
        episodes_of(i, p.work_history, work, wf, True)
        diplomas_of(i, p.diplomas, dip)
        for r in p.residence_history:
            res.add(i, r.start, r.end)
            res_outside.append(_tri_and(r.in_quebec, None if r.in_cmm is None else not r.in_cmm))
        for s in p.study_history:
            study.add(i, s.start, s.end)
            stf["outside"].append(_tri_and(s.in_quebec, None if s.in_cmm is None else not s.in_cmm))
            led = s.led_to_diploma
            stf["quebec_no_diploma"].append(_tri_and(s.in_quebec, None if led is None else not led))
        offer = p.job_offer
        if offer is None or offer.validated is False:
            offer_place.append(-1)
            offer_validated.append(0)
        else:
            cmm = offer.employer_in_cmm
            offer_place.append(2 if cmm is None else (0 if cmm else 1))
            offer_validated.append(_tri(offer.validated))
        for a in p.authorizations:
            auth[0].append(i)
            auth[1].append(_ord(a.obtained_on))
            auth[2].append(a.kind == "authorization")
            auth[3].append(noc_code(a.noc, a.noc))
        fam = p.family_in_quebec
        fam_a.append(_tri(None if fam is None else fam.applicant))
        value = None if fam is None else fam.spouse
        if spouse is not None and not spouse.accompanying:
            value = value if fam is not None and fam.spouse is not None else False
        fam_s.append(_tri(value))
    size = i + 1

    def ints(values: list[int]) -> Ints:
        return np.array(values, dtype=np.int64)

    def tris(values: list[int]) -> Tri:
        return np.array(values, dtype=np.int8)

    def diplomas(values: tuple[list[int], list[int], list[int], list[int]]) -> _Diplomas:
        return _Diplomas(ints(values[0]), ints(values[1]), ints(values[2]), tris(values[3]))

    residence = _Spans.of(res, {"outside": res_outside})
    return ScoreFrame(
        size=size,
        spouse=tris(spouse_mode),
        birth_year=ints(by),
        birth_md=ints(bmd),
        spouse_birth_year=ints(sby),
        spouse_birth_md=ints(sbmd),
        french=np.array(fr, dtype=np.bool_),
        levels={s: ints(v) for s, v in lv.items()},
        assessed=ints(assessed),
        spouse_french=np.array(sfr, dtype=np.bool_),
        spouse_levels={s: ints(v) for s, v in slv.items()},
        spouse_assessed=ints(sassessed),
        work=_Spans.of(work, wf, {"intern": np.bool_, "noc": np.int64}),
        spouse_work=_Spans.of(swork, swf, {"intern": np.bool_}),
        residence=residence,
        residence_owner=ints(res.owner),
        residence_start=ints(res.start),
        residence_end=ints(res.end),
        residence_outside=tris(res_outside),
        study=_Spans.of(study, stf),
        diplomas=diplomas(dip),
        spouse_diplomas=diplomas(sdip),
        offer_place=tris(offer_place),
        offer_validated=tris(offer_validated),
        auth_owner=ints(auth[0]),
        auth_obtained=ints(auth[1]),
        auth_is_authorization=np.array(auth[2], dtype=np.bool_),
        auth_noc=ints(auth[3]),
        family_applicant=tris(fam_a),
        family_spouse=tris(fam_s),
        nocs=nocs,
        diploma_kinds=kinds,
    )


# -- a factor's table as columns ---------------------------------------------------------------
class _Table:
    """A factor's table, tabulated with the factor's own ``lookup``: per category and column, the
    points of every number from below the lowest threshold to the highest (beyond it they stay)."""

    def __init__(self, factor: Factor) -> None:
        self.factor = factor
        self.thresholds = sorted({r.from_ for r in factor.spec.rows if r.from_ is not None})
        self.base = self.thresholds[0] - 1 if self.thresholds else 0
        self.top = self.thresholds[-1] if self.thresholds else 0
        self.columns = ("points", "with_spouse") if factor.spec.spouse_columns else ("points",)
        self._dense: dict[tuple[str | None, str], Ints] = {}

    def dense(self, category: str | None, column: str) -> Ints:
        found = self._dense.get((category, column))
        if found is None:
            lookup = self.factor.lookup
            values = [lookup(category, n, column) for n in range(self.base, self.top + 1)]
            found = self._dense[(category, column)] = np.array(values, dtype=np.int64)
        return found

    def number_range(self, category: str | None, column: str, low: Ints, high: Ints) -> Range:
        """``_alt_range`` of ``Alt(category, low, high)`` in one column: min and max points of the
        numbers ``low``, ``high`` and every threshold in ``(low, high]``."""
        table = self.dense(category, column)
        first = table[np.clip(low, self.base, self.top) - self.base]
        least, most = first, first
        spread = low != high
        if spread.any():
            least, most = first.copy(), first.copy()
            for t in self.thresholds:
                inside = spread & (low < t) & (t <= high)
                value = table[t - self.base]
                least = np.where(inside, np.minimum(least, value), least)
                most = np.where(inside, np.maximum(most, value), most)
        return least, most

    def number(self, category: str | None, low: Ints, high: Ints, spouse: npt.NDArray[np.int8]) -> Range:
        """An alternative's range over the columns each profile's spouse status allows."""
        if len(self.columns) == 1:
            return self.number_range(category, "points", low, high)
        lp, hp = self.number_range(category, "points", low, high)
        lw, hw = self.number_range(category, "with_spouse", low, high)
        return _by_spouse(spouse, (lp, hp), (lw, hw))

    def category(self, category: str | None, spouse: npt.NDArray[np.int8]) -> Range:
        """An ``Alt(category=...)``'s range (no number) over each profile's columns."""
        lookup = self.factor.lookup
        if len(self.columns) == 1:
            value = np.full(spouse.size, lookup(category, None, "points"), dtype=np.int64)
            return value, value
        p = np.int64(lookup(category, None, "points"))
        w = np.int64(lookup(category, None, "with_spouse"))
        n = spouse.size
        return _by_spouse(spouse, (np.full(n, p), np.full(n, p)), (np.full(n, w), np.full(n, w)))

    def category_scalars(self, category: str | None) -> dict[int, tuple[int, int]]:
        """An ``Alt(category=...)``'s range per spouse status (for per-row lookups)."""
        lookup = self.factor.lookup
        p = lookup(category, None, "points")
        if len(self.columns) == 1:
            return {m: (p, p) for m in (SPOUSE_UNKNOWN, SPOUSE_WITH, SPOUSE_WITHOUT)}
        w = lookup(category, None, "with_spouse")
        return {SPOUSE_UNKNOWN: (min(p, w), max(p, w)), SPOUSE_WITH: (w, w), SPOUSE_WITHOUT: (p, p)}


def _by_spouse(spouse: npt.NDArray[np.int8], points: Range, with_spouse: Range) -> Range:
    """Per profile: the ``points`` column without a spouse, ``with_spouse`` with one, both while unknown."""
    low = np.where(
        spouse == SPOUSE_WITH,
        with_spouse[0],
        np.where(spouse == SPOUSE_WITHOUT, points[0], np.minimum(points[0], with_spouse[0])),
    )
    high = np.where(
        spouse == SPOUSE_WITH,
        with_spouse[1],
        np.where(spouse == SPOUSE_WITHOUT, points[1], np.maximum(points[1], with_spouse[1])),
    )
    return low, high


def _or_nothing(r: Range, maybe: Bools) -> Range:
    """An item that may also be ``Alt(column="none")`` (0 points) where ``maybe``."""
    return np.where(maybe, np.minimum(r[0], 0), r[0]), np.where(maybe, np.maximum(r[1], 0), r[1])


def _only(r: Range, where: Bools) -> Range:
    """No item (0 points) outside ``where``."""
    return np.where(where, r[0], 0), np.where(where, r[1], 0)


# -- the measures ------------------------------------------------------------------------------
@dataclass
class _Ctx:
    frame: ScoreFrame
    on: date
    on_ord: int
    table: _Table
    spec: Any
    principal: Ints  # NOC codes, -1 when none
    canonical: Callable[[str], tuple[str, ...]]
    diagnoses: dict[str, str]


def _months(spans: _Spans, counts: Tri, ctx: _Ctx, window: int | None, keep: Bools | None = None) -> Range:
    """``measures.months_range`` per profile: whole months (sure, possible) of the periods in the
    window before the date, counts three-valued, compulsory internships capped."""
    size = ctx.frame.size
    begin = add_months(ctx.on, -window).toordinal() if window is not None else 0
    first = np.maximum(spans.start, begin)
    stop = np.minimum(spans.end, ctx.on_ord)
    live = (counts != 0) & (stop > first)
    if keep is not None:
        live &= keep
    sure = live & (counts == 2)
    intern = spans.facts.get("intern")

    def days(mask: Bools) -> Ints:
        return union_days(spans.owner, first, np.where(mask, stop, first), size)

    if intern is not None and intern.any():
        low = days(sure & ~intern) + np.minimum(days(sure & intern), INTERNSHIP_CAP_DAYS)
        high = days(live & ~intern) + np.minimum(days(live & intern), INTERNSHIP_CAP_DAYS)
    else:
        low, high = days(sure), days(live)
    return low * _DEN // _NUM, high * _DEN // _NUM


def _tri_min(a: Tri, b: Tri) -> Tri:
    return np.minimum(a, b)


def _french(ctx: _Ctx, given: Bools, level: Ints, assessed: Ints) -> Range:
    """``measures.french_level`` as a range of points."""
    since = results_valid_since(ctx.on, FRENCH_RESULTS_MONTHS).toordinal()
    known_date = assessed > 0
    fresh_false = known_date & ((assessed < since) | (assessed > ctx.on_ord))
    zero = given & fresh_false
    unknown = ~given | (~zero & (level < 0))
    low = np.where(zero | unknown, 0, level)
    high = np.where(zero, 0, np.where(unknown, 12, level))
    found = ctx.table.number(None, low, high, ctx.frame.spouse)
    maybe_stale = given & ~fresh_false & ~known_date & (level >= 0)  # fresh unknown: 0 or the level
    if maybe_stale.any():
        z = np.zeros(ctx.frame.size, np.int64)
        nil = ctx.table.number(None, z, z, ctx.frame.spouse)
        found = (
            np.where(maybe_stale, np.minimum(found[0], nil[0]), found[0]),
            np.where(maybe_stale, np.maximum(found[1], nil[1]), found[1]),
        )
    return found


def _age_years(on: date, year: Ints, md: Ints) -> Ints:
    return on.year - year - ((on.month * 100 + on.day) < md).astype(np.int64)


def _age(ctx: _Ctx, year: Ints, md: Ints) -> Range:
    known = year > 0
    years = _age_years(ctx.on, year, md)
    return ctx.table.number(None, np.where(known, years, 16), np.where(known, years, 100), ctx.frame.spouse)


def _diploma_items(ctx: _Ctx, rows: _Diplomas, quebec_only: bool) -> Range:
    """``measures._diploma_items``: the best diploma's range per profile."""
    frame, table = ctx.frame, ctx.table
    size = frame.size
    if rows.owner.size == 0:
        z = np.zeros(size, np.int64)
        return z, z
    kinds = frame.diploma_kinds
    per_kind = np.zeros((len(kinds), 3, 2), dtype=np.int64)
    scalars: dict[str | None, dict[int, tuple[int, int]]] = {}
    for code, diploma in enumerate(kinds.items):
        cats = diploma_categories(diploma)
        for mode in (SPOUSE_UNKNOWN, SPOUSE_WITH, SPOUSE_WITHOUT):
            ranges = []
            for c in cats:
                if c is None:
                    ranges.append((0, 0))
                else:
                    if c not in scalars:
                        scalars[c] = table.category_scalars(c)
                    ranges.append(scalars[c][mode])
            if ranges:
                per_kind[code, mode] = (min(r[0] for r in ranges), max(r[1] for r in ranges))
    mode = frame.spouse[rows.owner]
    low = per_kind[rows.signature, mode, 0]
    high = per_kind[rows.signature, mode, 1]
    live = ~((rows.obtained > 0) & (rows.obtained > ctx.on_ord))
    maybe = rows.obtained == 0
    if quebec_only:
        live &= rows.in_quebec != 0
        maybe |= rows.in_quebec == 1
    low = np.where(live & ~maybe, low, 0)
    high = np.where(live, high, 0)
    return group_max(rows.owner, low, size, 0), group_max(rows.owner, high, size, 0)


def _in_principal(ctx: _Ctx, noc: Ints, principal: Ints) -> Tri:
    """``measures.in_principal`` per row: the row's NOC code against its profile's principal."""
    out = np.ones(noc.size, dtype=np.int8)
    known = (noc >= 0) & (principal >= 0)
    if not known.any():
        return out
    width = np.int64(len(ctx.frame.nocs) + 1)
    keys, inverse = np.unique(noc[known] * width + principal[known], return_inverse=True)
    names = ctx.frame.nocs.items
    values = []
    for key in keys.tolist():
        code, chosen = names[key // width], names[key % width]
        codes = ctx.canonical(code)
        values.append(0 if chosen not in codes else (2 if len(codes) == 1 else 1))
    out[known] = np.array(values, dtype=np.int8)[inverse]
    return out


def m_age(ctx: _Ctx) -> Range:
    return _age(ctx, ctx.frame.birth_year, ctx.frame.birth_md)


def m_french(skill: str) -> Callable[[_Ctx], Range]:
    def measure(ctx: _Ctx) -> Range:
        f = ctx.frame
        return _french(ctx, f.french, f.levels[skill], f.assessed)

    return measure


def m_experience(ctx: _Ctx) -> Range:
    work = ctx.frame.work
    return ctx.table.number(None, *_months(work, work.facts["ftp"], ctx, ctx.spec.window_months), ctx.frame.spouse)


def m_diagnosis(ctx: _Ctx) -> Range:
    f, work = ctx.frame, ctx.frame.work
    counts = _tri_min(work.facts["ftp"], _in_principal(ctx, work.facts["noc"], ctx.principal[work.owner]))
    low, high = _months(work, counts, ctx, ctx.spec.window_months)
    names = f.nocs.items
    categories = ("balanced", "slight_shortage", "shortage")
    unique = np.unique(ctx.principal)
    which = np.zeros(f.size, dtype=np.int64)
    for code in unique.tolist():
        if code >= 0:
            which[ctx.principal == code] = categories.index(ctx.diagnoses.get(names[code], "balanced"))
    ranges = [ctx.table.number(c, low, high, f.spouse) for c in categories]
    every = (
        np.minimum(np.minimum(ranges[0][0], ranges[1][0]), ranges[2][0]),
        np.maximum(np.maximum(ranges[0][1], ranges[1][1]), ranges[2][1]),
    )
    pick_low = np.choose(which, [r[0] for r in ranges])
    pick_high = np.choose(which, [r[1] for r in ranges])
    none = ctx.principal < 0
    return np.where(none, every[0], pick_low), np.where(none, every[1], pick_high)


def m_quebec_experience(ctx: _Ctx) -> Range:
    work = ctx.frame.work
    counts = _tri_min(work.facts["ftp"], work.facts["in_quebec"])
    return ctx.table.number(None, *_months(work, counts, ctx, ctx.spec.window_months), ctx.frame.spouse)


def m_work_outside_cmm(ctx: _Ctx) -> Range:
    work = ctx.frame.work
    counts = _tri_min(work.facts["ftp"], work.facts["outside_cmm"])
    return ctx.table.number(None, *_months(work, counts, ctx, ctx.spec.window_months), ctx.frame.spouse)


def m_residence_outside_cmm(ctx: _Ctx) -> Range:
    res = ctx.frame.residence
    return ctx.table.number(None, *_months(res, res.facts["outside"], ctx, ctx.spec.window_months), ctx.frame.spouse)


def m_study_outside_cmm(ctx: _Ctx) -> Range:
    st = ctx.frame.study
    return ctx.table.number(None, *_months(st, st.facts["outside"], ctx, ctx.spec.window_months), ctx.frame.spouse)


def m_studies_quebec(ctx: _Ctx) -> Range:
    f, st = ctx.frame, ctx.frame.study
    counts = st.facts["quebec_no_diploma"]
    started = st.start <= ctx.on_ord
    low, high = _months(st, counts, ctx, ctx.spec.window_months, started)
    # an ``end`` of NEVER is an open study; else ``end`` is the day after the last: end >= on <=> end > on
    ongoing_rows = started & (counts != 0) & (st.end > ctx.on_ord)
    ongoing = np.zeros(f.size, dtype=np.bool_)
    ongoing[st.owner[ongoing_rows]] = True
    p = ctx.table.number_range(None, "points", low, high)
    q = ctx.table.number_range(None, "in_progress", low, high)
    return np.where(ongoing, q[0], p[0]), np.where(ongoing, q[1], p[1])


def m_validated_offer(ctx: _Ctx) -> Range:
    f, table = ctx.frame, ctx.table
    inside, outside = table.category("in_cmm", f.spouse), table.category("outside_cmm", f.spouse)
    place = f.offer_place
    found = (
        np.where(place == 0, inside[0], np.where(place == 1, outside[0], np.minimum(inside[0], outside[0]))),
        np.where(place == 0, inside[1], np.where(place == 1, outside[1], np.maximum(inside[1], outside[1]))),
    )
    found = _or_nothing(found, f.offer_validated == 1)
    return _only(found, place >= 0)


def m_authorization(ctx: _Ctx) -> Range:
    f = ctx.frame
    z = np.zeros(f.size, np.int64)
    if f.auth_owner.size == 0:
        return z, z
    held = ctx.table.category("held", f.spouse)
    owner, obtained = f.auth_owner, f.auth_obtained
    principal = ctx.principal[owner]
    known = obtained > 0
    five_years = add_months(ctx.on, -60).toordinal()
    live = ~(known & (obtained > ctx.on_ord))
    live &= ~(~f.auth_is_authorization & known & (obtained < five_years))
    live &= (principal < 0) | (f.auth_noc == principal)
    sure = (principal >= 0) & known
    low = np.where(live & sure, held[0][owner], 0)
    high = np.where(live, held[1][owner], 0)  # [held] or [held, none]: the most is held's
    return group_max(owner, low, f.size, 0), group_max(owner, high, f.size, 0)


def _lives_outside_cmm(ctx: _Ctx) -> Tri:
    """``measures.lives_outside_cmm``: the first residence (in reading order) held on the date."""
    f = ctx.frame
    out = np.ones(f.size, dtype=np.int8)
    held = (f.residence_start <= ctx.on_ord) & (f.residence_end > ctx.on_ord)
    owners = f.residence_owner[held]
    if owners.size:
        first, where = np.unique(owners, return_index=True)
        out[first] = f.residence_outside[held][where]
    return out


def m_family(ctx: _Ctx) -> Range:
    f = ctx.frame
    condition = _lives_outside_cmm(ctx) if ctx.spec.requires == "outside_cmm" else np.full(f.size, 2, np.int8)
    low = np.zeros(f.size, np.int64)
    high = np.zeros(f.size, np.int64)
    for who, tie in (("applicant", f.family_applicant), ("spouse", f.family_spouse)):
        r = ctx.table.category(who, f.spouse)
        r = _or_nothing(r, (tie == 1) | (condition == 1))
        r = _only(r, (tie != 0) & (condition != 0))
        low, high = np.maximum(low, r[0]), np.maximum(high, r[1])
    return low, high


def _spouse_unknown(ctx: _Ctx, present: Range, unknown: Range) -> Range:
    """A spouse measure: ``present`` with an accompanying spouse, ``unknown`` when not known, else 0."""
    s = ctx.frame.spouse
    return (
        np.where(s == SPOUSE_WITH, present[0], np.where(s == SPOUSE_UNKNOWN, unknown[0], 0)),
        np.where(s == SPOUSE_WITH, present[1], np.where(s == SPOUSE_UNKNOWN, unknown[1], 0)),
    )


def _constant(ctx: _Ctx, low: int, high: int, category: str | None = None) -> Range:
    n = ctx.frame.size
    return ctx.table.number(category, np.full(n, low, np.int64), np.full(n, high, np.int64), ctx.frame.spouse)


def m_spouse_french(skill: str) -> Callable[[_Ctx], Range]:
    def measure(ctx: _Ctx) -> Range:
        f = ctx.frame
        present = _french(ctx, f.spouse_french, f.spouse_levels[skill], f.spouse_assessed)
        unknown = _or_nothing(_constant(ctx, 0, 12), np.ones(f.size, np.bool_))
        return _spouse_unknown(ctx, present, unknown)

    return measure


def m_spouse_age(ctx: _Ctx) -> Range:
    f = ctx.frame
    present = _age(ctx, f.spouse_birth_year, f.spouse_birth_md)
    unknown = _or_nothing(_constant(ctx, 16, 100), np.ones(f.size, np.bool_))
    return _spouse_unknown(ctx, present, unknown)


def m_spouse_quebec_experience(ctx: _Ctx) -> Range:
    f, work = ctx.frame, ctx.frame.spouse_work
    counts = _tri_min(work.facts["ftp"], work.facts["in_quebec"])
    present = ctx.table.number(None, *_months(work, counts, ctx, ctx.spec.window_months), f.spouse)
    unknown = _or_nothing(_constant(ctx, 0, 240), np.ones(f.size, np.bool_))
    return _spouse_unknown(ctx, present, unknown)


def m_diploma(quebec_only: bool, spouse: bool) -> Callable[[_Ctx], Range]:
    def measure(ctx: _Ctx) -> Range:
        f = ctx.frame
        if not spouse:
            return _diploma_items(ctx, f.diplomas, quebec_only)
        present = _diploma_items(ctx, f.spouse_diplomas, quebec_only)
        unknown = _or_nothing(ctx.table.category("doctorate", f.spouse), np.ones(f.size, np.bool_))
        return _spouse_unknown(ctx, present, unknown)

    return measure


#: The columnar form of each measure of ``solver.ranking.measures.MEASURES``.
COLUMN_MEASURES: dict[str, Callable[[_Ctx], Range]] = {
    "age": m_age,
    **{f"french.{s}": m_french(s) for s in _SKILLS},
    "experience_months": m_experience,
    "education": m_diploma(quebec_only=False, spouse=False),
    "diagnosis_experience": m_diagnosis,
    "quebec_diploma": m_diploma(quebec_only=True, spouse=False),
    "quebec_experience_months": m_quebec_experience,
    "residence_outside_cmm_months": m_residence_outside_cmm,
    "work_outside_cmm_months": m_work_outside_cmm,
    "study_outside_cmm_months": m_study_outside_cmm,
    "validated_offer": m_validated_offer,
    "authorization": m_authorization,
    "studies_quebec_months": m_studies_quebec,
    "family": m_family,
    **{f"spouse.french.{s}": m_spouse_french(s) for s in _SKILLS},
    "spouse.age": m_spouse_age,
    "spouse.quebec_experience_months": m_spouse_quebec_experience,
    "spouse.education": m_diploma(quebec_only=False, spouse=True),
    "spouse.quebec_diploma": m_diploma(quebec_only=True, spouse=True),
}
#: Measures that read the principal occupation.
PRINCIPAL_MEASURES = frozenset({"diagnosis_experience", "authorization"})

_TABLES: dict[int, tuple[Factor, _Table]] = {}


def _table(factor: Factor) -> _Table:
    held = _TABLES.get(id(factor))
    if held is None or held[0] is not factor:
        held = _TABLES[id(factor)] = (factor, _Table(factor))
    return held[1]


def _default_canonical() -> Callable[[str], tuple[str, ...]]:
    from solver.rules.book import default_rulebook

    return default_rulebook().noc.canonical


def factor_columns(
    factor: Factor,
    frame: ScoreFrame,
    on: date,
    principal: Ints,
    canonical: Callable[[str], tuple[str, ...]],
    principal_key: Hashable = None,
) -> Range:
    """One factor's points (low, high) for every profile, clamped to its maximum (cached on the
    frame by the factor's logic, the date and, for a factor that reads it, the principal occupation)."""
    reads = factor.spec.measure in PRINCIPAL_MEASURES
    key = (factor.logic_key, on, principal_key if reads else None)
    found = frame.cache.get(key)
    if found is None:
        ctx = _Ctx(frame, on, on.toordinal(), _table(factor), factor.spec, principal, canonical, factor.diagnoses)
        low, high = COLUMN_MEASURES[factor.spec.measure](ctx)
        low = np.minimum(np.maximum(low, 0), factor.max)
        high = np.minimum(np.maximum(high, 0), factor.max)
        found = frame.cache[key] = (low, high)
    return found


def score_columns(
    grid: Grid,
    frame_or_people: ScoreFrame | Sequence[Applicant],
    on: date,
    principal_codes: Sequence[str | None] | None = None,
    canonical: Callable[[str], tuple[str, ...]] | None = None,
) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int16]]:
    """Every profile's score range on ``on`` under ``grid`` (``solver.ranking.scorer.score``'s
    ``low`` and ``high``), each profile scored for its entry of ``principal_codes`` (``None``: no
    principal occupation; all ``None`` when not given). ``canonical`` reads NOC codes (the rule
    book's ``noc.canonical``; the default rule book's when not given).

    Give a :class:`ScoreFrame` (``score_frame``) to score several grids, dates or principal
    occupations of the same profiles: factors of equal logic are computed once.
    """
    frame = frame_or_people if isinstance(frame_or_people, ScoreFrame) else score_frame(frame_or_people)
    codes = [None] * frame.size if principal_codes is None else list(principal_codes)
    if len(codes) != frame.size:
        raise ValueError(f"{len(codes)} principal occupations for {frame.size} profiles")
    principal = frame.noc_codes(codes)
    key = (principal.tobytes(), frame.size)
    read = canonical or _default_canonical()
    low = np.zeros(frame.size, np.int64)
    high = np.zeros(frame.size, np.int64)
    for factor in grid.factors:
        flow, fhigh = factor_columns(factor, frame, on, principal, read, key)
        low += flow
        high += fhigh
    return low.astype(np.int16), high.astype(np.int16)
