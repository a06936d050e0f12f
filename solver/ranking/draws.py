"""The recorded invitation rounds against a profile: the filters the data can check, and the cut-off."""

from __future__ import annotations

from datetime import date

from solver.answers import DrawFilter, DrawResult, Passes
from solver.applicant import Applicant
from solver.criteria.base import tri_and
from solver.criteria.french import results_fresh
from solver.criteria.french_skills import principal_teer
from solver.criteria.occupation import regulated_occupations
from solver.ranking.measures import lives_in_quebec, lives_outside_cmm
from solver.ranking.schema import DrawFilterSpec, DrawSpec

_WORDS = {
    "lives_in_quebec": ("Living in Québec", "Résider au Québec"),
    "outside_cmm": ("Living outside the CMM", "Résider hors de la CMM"),
    "quebec_diploma": ("A Québec diploma", "Un diplôme du Québec"),
    "teer": ("Principal occupation in TEER {teer}", "Profession principale de FEER {teer}"),
    "regulated": ("A regulated principal occupation", "Une profession principale réglementée"),
    "not_regulated": ("A principal occupation that is not regulated", "Une profession principale non réglementée"),
    "doctorate": ("A doctorate", "Un doctorat"),
    "french": ("French: {levels}", "Français : {levels}"),
    "experience": ("Experience: {months}", "Expérience : {months}"),
}


def _tri(value: bool | None) -> Passes:
    return "unknown" if value is None else ("yes" if value else "no")


def filter_text(spec: DrawFilterSpec, lang: str) -> str:
    fr = lang == "fr"
    if spec.kind == "unchecked":
        return spec.text.get(lang) if spec.text else ""
    template = _WORDS[spec.kind][1 if fr else 0]
    if spec.kind == "teer":
        return template.format(teer=", ".join(str(t) for t in spec.teer or []))
    if spec.kind == "quebec_diploma" and spec.min_hours:
        extra = (
            f" ({spec.min_hours} h ou {spec.min_university_credits} crédits)"
            if fr
            else f" ({spec.min_hours} h or {spec.min_university_credits} credits)"
        )
        return template + extra
    if spec.kind == "french":
        parts = []
        if spec.oral:
            parts.append(f"oral {spec.oral}")
        if spec.written:
            parts.append(f"{'written' if not fr else 'écrit'} {spec.written}")
        if spec.spouse_oral:
            parts.append(f"{'spouse oral' if not fr else 'conjoint oral'} {spec.spouse_oral}")
        return template.format(levels=", ".join(parts))
    if spec.kind == "experience":
        bits = []
        if spec.months:
            bits.append(f"{spec.months} {'mois' if fr else 'months'}")
        if spec.quebec_months:
            bits.append(f"{'dont' if fr else 'of which'} {spec.quebec_months} {'au Québec' if fr else 'in Québec'}")
        return template.format(months=", ".join(bits))
    return template


def check_filter(spec: DrawFilterSpec, applicant: Applicant, on: date, principal: str | None) -> bool | None:
    """Whether the profile meets one filter (``None``: unknown, or a filter the data cannot check)."""
    kind = spec.kind
    if kind == "lives_in_quebec":
        return lives_in_quebec(applicant, on)
    if kind == "outside_cmm":
        return lives_outside_cmm(applicant, on)
    if kind == "quebec_diploma":
        found: list[bool | None] = []
        for d in applicant.diplomas:
            if d.obtained_on is not None and d.obtained_on > on:
                continue
            ok: bool | None = d.in_quebec
            if ok and spec.min_hours and d.level in ("vocational", "college", "college_technical"):
                ok = None if d.hours is None else d.hours >= spec.min_hours
            found.append(ok)
        return True if True in found else (None if None in found else False)
    if kind == "teer":
        teer = principal_teer(principal)
        return None if teer is None else teer in (spec.teer or [])
    if kind in ("regulated", "not_regulated"):
        if principal is None:
            return None
        regulated = principal in regulated_occupations()[0]
        return regulated if kind == "regulated" else not regulated
    if kind == "doctorate":
        levels = [d.level for d in applicant.diplomas if d.obtained_on is None or d.obtained_on <= on]
        return "doctorate" in levels
    if kind == "french":
        return _french_ok(spec, applicant, on)
    return None  # experience and unchecked filters: the stream's own conditions, or not checkable here


def _french_ok(spec: DrawFilterSpec, applicant: Applicant, on: date) -> bool | None:
    french = applicant.french
    checks: list[bool | None] = []
    fresh = results_fresh(french.assessed_on if french else None, on, 24)
    for skills, need in (
        (("oral_comprehension", "oral_production"), spec.oral),
        (("written_comprehension", "written_production"), spec.written),
    ):
        if need:
            for skill in skills:
                level = getattr(french, skill) if french else None
                checks.append(None if level is None else level >= need)
    if spec.spouse_oral:
        spouse = applicant.spouse
        if spouse is None:
            checks.append(None)
        elif spouse.accompanying:
            sf = spouse.french
            for skill in ("oral_comprehension", "oral_production"):
                level = getattr(sf, skill) if sf else None
                checks.append(None if level is None else level >= spec.spouse_oral)
    return tri_and([*checks, fresh])


#: Answer parts already built: a round's filters and results take few distinct values, so they are
#: built once each (answers are read, never changed, so one object may serve many answers).
_BUILT: dict[tuple[object, ...], object] = {}


def _filter(spec: DrawFilterSpec, lang: str, ok: bool | None, checked: bool) -> DrawFilter:
    key = ("filter", id(spec), lang, ok)
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = DrawFilter.model_construct(
            kind=spec.kind, text=filter_text(spec, lang), verdict=_tri(ok), checked=checked
        )
    return found  # type: ignore[return-value]


def draw_result(
    draw: DrawSpec, low: int, high: int, applicant: Applicant, on: date, principal: str | None, lang: str
) -> DrawResult:
    """One round for this profile: each filter checked, and whether the score clears the minimum."""
    verdicts: list[bool | None] = []
    for spec in draw.filters:
        checked = spec.kind not in ("unchecked", "experience")
        verdicts.append(check_filter(spec, applicant, on, principal) if checked else None)
    score: bool | None = True
    if draw.min_score is not None:
        score = True if low >= draw.min_score else (False if high < draw.min_score else None)
    passes = _tri(tri_and([score, *verdicts]))
    key = ("draw", id(draw), lang, passes, tuple(verdicts))
    found = _BUILT.get(key)
    if found is None:
        if len(_BUILT) > 65_536:
            _BUILT.clear()
        filters = [
            _filter(spec, lang, ok, spec.kind not in ("unchecked", "experience"))
            for spec, ok in zip(draw.filters, verdicts, strict=True)
        ]
        found = _BUILT[key] = DrawResult.model_construct(
            date=draw.date,
            exercise=draw.exercise,
            label=draw.label.get(lang) if draw.label else "",
            min_score=draw.min_score,
            invited=draw.invited,
            filters=filters,
            passes=passes,
            source=draw.source.text(lang),
        )
    return found  # type: ignore[return-value]
