"""The questions that matter: the unknown inputs of a profile whose answer would settle a route.

An input is unknown when it is ``null``, absent, or (for French) when no assessment is given.
For each unknown input the module tries the answers of its domain, taken from the rule
objects themselves (the sector tags, occupations, program codes, fields, salary floors,
levels and recency windows the criteria name, the values of the profile's yes/no and
categorical fields), and re-assesses with the three-valued evaluator the criteria that were
``unknown``. An input is asked when some answer turns some ``unknown`` route into
``eligible`` or ``not_eligible``; the routes and criteria it settles come with it.

Only ``unknown`` criteria are re-assessed: the three-valued tests are monotone (answering an
unknown input refines ``unknown`` and leaves ``met`` and ``not_met`` as they were), so a
route's verdict after an answer is decided by its unknown criteria alone.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel

from solver.answers import Lang, QuestionsAnswer
from solver.applicant import (
    EARLIEST_DATE,
    Applicant,
    Diploma,
    ExceptionalTalent,
    FamilyInQuebec,
    French,
    Spouse,
    WorkEpisode,
    check_against_date,
)
from solver.criteria import (
    Criterion,
    CurrentJob,
    DiplomaCriterion,
    EvalContext,
    Experience,
    FrenchSkills,
    MinAge,
    OralFrench,
)
from solver.criteria.episodes import FULL_TIME_HOURS, EpisodeFilter
from solver.criteria.french import results_valid_since
from solver.criteria.occupation import principal_candidates
from solver.dates import add_months
from solver.evaluator import as_applicant, as_date, assess_principal, checked_wages, route_ids, route_verdict
from solver.question_text import question_data
from solver.ranking.scorer import rules_grid, score, target_for
from solver.rules.book import RuleBook, resolve_rules
from solver.rules.overlay import Reform
from solver.rules.route import Route

Path = tuple[str | int, ...]
#: An answer's effect on one route: the verdict it leads to and the criteria it settles.
Kind = Literal["applicant", "french", "diploma", "job", "spouse"]

_OTHER = "other"  # a free tag that no rule names: the answer "none of those"
#: The pseudo-criterion a question settles when it decides a PSTQ cut-off (CONTRACT.md v3 ranking).
SCORE_CRITERION = "ranking_score"


# ---------------------------------------------------------------------------- candidate answers


def _annotation_values(annotation: Any) -> tuple[Any, ...]:
    """The finite domain of a field's type: booleans and ``Literal`` values (else nothing)."""
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return (True, False)
    if origin is Literal:
        return typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return tuple(v for arg in typing.get_args(annotation) for v in _annotation_values(arg))
    return ()


def _domains(model: type[BaseModel]) -> dict[str, tuple[Any, ...]]:
    found = {name: _annotation_values(info.annotation) for name, info in model.model_fields.items()}
    return {name: values for name, values in found.items() if values}


def _walk(criteria: Iterable[Criterion]) -> Iterable[Criterion]:
    for c in criteria:
        yield c
        inner = getattr(c, "inner", None)  # a rule checked on a reference date wraps the rule itself
        yield from _walk([inner] if inner is not None else c.children())


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The answers worth trying for each field, read once from a rule book's criteria."""

    static: dict[tuple[Kind, str], tuple[Any, ...]]
    ages: tuple[int, ...]
    french: tuple[tuple[int, int], ...]  # (min level, months an assessment stays valid)
    recency: tuple[int, ...]  # diploma windows in months

    @classmethod
    def build(cls, rules: RuleBook) -> Vocabulary:
        criteria = list(_walk(c for route in rules.routes.values() for c in route.criteria))
        filters: list[EpisodeFilter] = []
        salaries: list[float] = []
        naics: list[str] = []
        diplomas: list[DiplomaCriterion] = []
        for c in criteria:
            if isinstance(c, Experience):
                filters += c.filters
            elif isinstance(c, CurrentJob):
                filters.append(c.filter)
                naics += [c.spec.example_naics] if c.spec.example_naics else []
                floor = c.spec.salary_floor
                if floor is not None:
                    low = min(floor.in_cmm, floor.outside_cmm)
                    salaries += [floor.in_cmm, floor.outside_cmm, low - 1]
            elif isinstance(c, DiplomaCriterion):
                diplomas.append(c)
        static: dict[tuple[Kind, str], tuple[Any, ...]] = {}
        for kind, model in (("applicant", Applicant), ("french", French), ("diploma", Diploma), ("job", WorkEpisode)):
            static.update({(kind, name): values for name, values in _domains(model).items()})  # type: ignore[misc]
        static[("job", "noc")] = _noc_representatives(rules, filters)
        static[("job", "naics")] = _unique([*(p for f in filters for p in f.spec.naics_prefixes or ()), *naics])
        static[("job", "sector")] = _unique([*(t for f in filters for t in f.spec.sector_tags or ()), _OTHER])
        static[("job", "role")] = _unique([*(r for f in filters for rs in f.spec.roles.values() for r in rs), _OTHER])
        static[("job", "hours_per_week")] = (FULL_TIME_HOURS, FULL_TIME_HOURS / 2)
        static[("job", "annual_salary")] = _unique(float(s) for s in salaries)
        static[("diploma", "field")] = _unique([*(f for d in diplomas for f in d.spec.fields or ()), _OTHER])
        static[("diploma", "program_code")] = _unique(
            [*(p for d in diplomas for p in d.spec.program_codes or ()), _OTHER]
        )
        hours = [h for d in diplomas if (h := getattr(d.spec, "min_hours", None)) is not None]
        static[("diploma", "hours")] = _unique(v for h in hours for v in (h, h - 1))
        months = [m for d in diplomas if (m := d.spec.min_full_time_months) is not None]
        static[("diploma", "full_time_months")] = _unique(v for m in months for v in (m, max(m - 1, 0)))
        shares = [s for d in diplomas if (s := d.spec.min_share_in_quebec) is not None]
        static[("diploma", "share_studied_in_quebec")] = _unique(v for s in shares for v in (s, 0.0))
        french = _unique((c.min_level, c.max_age_months) for c in criteria if isinstance(c, OralFrench))
        skills = [
            level
            for c in criteria
            if isinstance(c, FrenchSkills)
            for levels in c.level_sets
            for level in levels.values()
        ]
        # the levels the rules name, one short of each, and the grid's thresholds (5, 7, 9)
        levels = _unique(
            [
                *(v for level, _ in french for v in (level, max(level - 1, 1))),
                *(v for level in skills for v in (level, max(level - 1, 1))),
                9,
            ]
        )
        static[("french", "oral_comprehension")] = static[("french", "oral_production")] = levels
        static[("french", "written_comprehension")] = static[("french", "written_production")] = levels
        # one occupation per behaviour of the PSTQ streams: TEER 0-2 or 3-5, regulated or not
        static[("applicant", "principal_noc")] = ("21232", "31301", "63200", "73100")
        static[("applicant", "family_in_quebec")] = (
            FamilyInQuebec(applicant=True, spouse=False),
            FamilyInQuebec(applicant=False, spouse=False),
        )
        static[("applicant", "exceptional_talent")] = (
            ExceptionalTalent(partner_opinion="favourable"),
            ExceptionalTalent(partner_opinion="unfavourable", exceptional_achievement=False),
        )
        return cls(
            static,
            ages=_unique(c.years for c in criteria if isinstance(c, MinAge)),
            french=french,
            recency=_unique(m for d in diplomas if (m := d.spec.within_months) is not None),
        )

    def candidates(self, kind: Kind, name: str, on: date, wages: Mapping[str, float]) -> tuple[Any, ...]:
        """The answers to try for field ``name`` of a ``kind`` of record, on application date ``on``."""
        if kind == "applicant" and name == "birth_date":
            # Exactly the minimum age on the date, and one day short of it.
            return _unique(d for years in self.ages for d in (add_months(on, -12 * years), _day_after(on, years)))
        if kind in ("applicant", "spouse") and name == "french":
            levels = self.static[("french", "oral_comprehension")]
            return _unique(
                French(
                    oral_comprehension=v,
                    oral_production=v,
                    written_comprehension=v,
                    written_production=v,
                    assessed_on=on,
                )
                for v in levels
            )
        if kind == "applicant" and name == "spouse":
            ages = tuple(age for age in (25, 50) if add_months(on, -12 * age) >= EARLIEST_DATE)
            return (
                Spouse(accompanying=False),
                *(
                    Spouse(
                        accompanying=True,
                        birth_date=add_months(on, -12 * age),
                        french=French(
                            oral_comprehension=v,
                            oral_production=v,
                            written_comprehension=v,
                            written_production=v,
                            assessed_on=on,
                        ),
                    )
                    for age, v in zip(ages, (9, 3), strict=False)
                ),
            )
        if kind == "spouse" and name == "birth_date":
            return tuple(d for d in (add_months(on, -12 * 25), add_months(on, -12 * 50)) if d >= EARLIEST_DATE)
        if kind == "french" and name == "assessed_on":
            # valid on the day, and the latest date already expired on it
            return _unique(
                d for _, months in self.french for d in (on, results_valid_since(on, months) - timedelta(days=1))
            )
        if kind == "diploma" and name == "obtained_on":
            return _unique([on, *(add_months(on, -m) - timedelta(days=1) for m in self.recency)])
        values = self.static.get((kind, name), ())
        if kind == "job" and name == "annual_salary" and wages:
            values = _unique([*values, *(v for w in wages.values() for v in (float(w), float(w) - 1))])
        return values


def _day_after(on: date, years: int) -> date:
    return add_months(on, -12 * years) + timedelta(days=1)


def _noc_representatives(rules: RuleBook, filters: list[EpisodeFilter]) -> tuple[str, ...]:
    """One NOC code per distinct behaviour under the rules' occupation tests, from the codes the
    rule book names (its lists, example jobs and titles)."""
    codes: list[str] = []
    for f in filters:
        codes += sorted(f.occupations or ())
        codes += sorted(f.spec.roles)
    for route in rules.routes.values():
        for c in _walk(route.criteria):
            if isinstance(c, CurrentJob) and c.spec.example_noc:
                codes.append(c.spec.example_noc)
    codes += sorted(rules.catalog.noc_2021_titles)
    seen: dict[tuple[bool | None, ...], str] = {}
    for code in dict.fromkeys(codes):
        signature = tuple(f.occupation_ok(rules.noc, code, None) for f in filters)
        seen.setdefault(signature, code)
    return tuple(seen.values())


_VOCABULARIES: dict[int, tuple[RuleBook, Vocabulary]] = {}


def vocabulary(rules: RuleBook) -> Vocabulary:
    """The vocabulary of ``rules``, built once per rule book."""
    found = _VOCABULARIES.get(id(rules))
    if found is None or found[0] is not rules:
        if len(_VOCABULARIES) > 8:
            _VOCABULARIES.clear()
        found = _VOCABULARIES[id(rules)] = (rules, Vocabulary.build(rules))
    return found[1]


# ---------------------------------------------------------------------------- unknown inputs


@dataclass(frozen=True, slots=True)
class Slot:
    """One unknown input: its path in the profile and the answers worth trying."""

    path: Path
    kind: Kind
    candidates: tuple[Any, ...]

    @property
    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path)


#: end: null means the job is still held; internship and self_employed are flags, null meaning "no"
_NOT_UNKNOWN = {("job", "end"), ("job", "start"), ("job", "internship"), ("job", "self_employed")}


def unknown_slots(applicant: Applicant, vocab: Vocabulary, on: date, wages: Mapping[str, float]) -> list[Slot]:
    """Every ``null`` input of the profile that has answers worth trying, in profile order."""
    slots: list[Slot] = []

    def add(path: Path, kind: Kind, record: BaseModel) -> None:
        for name in type(record).model_fields:
            if getattr(record, name) is None and (kind, name) not in _NOT_UNKNOWN:
                values = vocab.candidates(kind, name, on, wages)
                if values:
                    slots.append(Slot((*path, name), kind, values))

    for name in Applicant.model_fields:
        value = getattr(applicant, name)
        if value is None and name != "job_offer":  # no job offer is a fact, not a gap
            values = vocab.candidates("applicant", name, on, wages)
            if values:
                slots.append(Slot((name,), "applicant", values))
    if applicant.french is not None:
        add(("french",), "french", applicant.french)
    if applicant.spouse is not None and applicant.spouse.accompanying:
        add(("spouse",), "spouse", applicant.spouse)
        if applicant.spouse.french is not None:
            add(("spouse", "french"), "french", applicant.spouse.french)
    for i, d in enumerate(applicant.diplomas):
        add(("diplomas", i), "diploma", d)
    for i, ep in enumerate(applicant.work_history):
        add(("work_history", i), "job", ep)
    if applicant.job_offer is not None:
        add(("job_offer",), "job", applicant.job_offer)
    return slots


def substitute(model: Any, path: Path, value: Any) -> Any:
    """``model`` with the input at ``path`` set to ``value`` (copies along the path only)."""
    head, rest = path[0], path[1:]
    if isinstance(model, list):
        assert isinstance(head, int)
        copy = list(model)
        copy[head] = substitute(model[head], rest, value) if rest else value
        return copy
    assert isinstance(head, str)
    new = substitute(getattr(model, head), rest, value) if rest else value
    return model.model_copy(update={head: new})


# ---------------------------------------------------------------------------- the search


@dataclass(slots=True)
class _Pending:
    """A route whose verdict is unknown, and its unknown criteria (with their cache keys)."""

    route: Route
    edition: str
    unknown: list[tuple[Criterion, tuple[str, str | None, str]]]


@dataclass(slots=True)
class Settled:
    """What the answers to one unknown input settle."""

    slot: Slot
    routes: dict[str, set[str]] = field(default_factory=dict)  # route -> criteria settled
    can_make_eligible: set[str] = field(default_factory=set)
    decides_cutoff: set[str] = field(default_factory=set)  # ranked routes whose cut-off an answer decides


def _pending_routes(
    person: Applicant, on: date, ids: list[str], rules: RuleBook, wages: dict[str, float]
) -> list[_Pending]:
    pending = []
    cache: dict[tuple[str, str | None, str], str] = {}
    memo: dict[tuple[int, int], bool | None] = {}
    for rid in ids:
        route = rules.routes[rid]
        edition = route.rules_edition(on).id
        ctx = EvalContext(person, on, edition, rules.noc, wages, route.by_id, memo)
        seen = []
        if route.spec.principal_occupation:
            _, found = assess_principal(route, ctx, principal_candidates(person, rules.noc))
            seen = [(c, _key(c, rid, edition), f.verdict) for c, f in found]
        else:
            for c in route.applicable(edition):
                key = _key(c, rid, edition)
                verdict = cache.get(key)
                if verdict is None:
                    verdict = cache[key] = c.assess(ctx).verdict
                seen.append((c, key, verdict))
        if route_verdict(v for _, _, v in seen) == "unknown":
            pending.append(_Pending(route, edition, [(c, k) for c, k, v in seen if v == "unknown"]))
    return pending


def _key(c: Criterion, rid: str, edition: str) -> tuple[str, str | None, str]:
    return (c.logic_key, rid if getattr(c, "after_criterion", None) else None, edition)


def _try(
    slot: Slot, person: Applicant, on: date, pending: list[_Pending], rules: RuleBook, wages: dict[str, float]
) -> Settled:
    settled = Settled(slot)
    for value in slot.candidates:
        changed = substitute(person, slot.path, value)
        cache: dict[tuple[str, str | None, str], str] = {}
        memo: dict[tuple[int, int], bool | None] = {}
        for p in pending:
            ctx = EvalContext(changed, on, p.edition, rules.noc, wages, p.route.by_id, memo)
            verdicts = []
            if p.route.spec.principal_occupation:
                # the principal occupation may change with the answer: the route is assessed whole
                _, found = assess_principal(p.route, ctx, principal_candidates(changed, rules.noc))
                unknown = {id(c) for c, _ in p.unknown}
                verdicts = [(c.id, f.verdict) for c, f in found if id(c) in unknown]
                outcome = route_verdict(f.verdict for _, f in found)
                if outcome != "unknown" and any(v != "unknown" for _, v in verdicts):
                    settled.routes.setdefault(p.route.id, set()).update(cid for cid, v in verdicts if v != "unknown")
                    if outcome == "eligible":
                        settled.can_make_eligible.add(p.route.id)
                continue
            for c, key in p.unknown:
                verdict = cache.get(key)
                if verdict is None:
                    verdict = cache[key] = c.assess(ctx).verdict
                verdicts.append((c.id, verdict))
            outcome = route_verdict(v for _, v in verdicts)
            if outcome != "unknown":
                settled.routes.setdefault(p.route.id, set()).update(cid for cid, v in verdicts if v != "unknown")
                if outcome == "eligible":
                    settled.can_make_eligible.add(p.route.id)
    return settled


@dataclass(slots=True)
class _Cutoff:
    """A ranked route whose score range straddles its cut-off: the latest round's highest minimum."""

    route: Route
    edition: str
    principal: str | None
    target: int


def _straddling(person: Applicant, on: date, ids: list[str], rules: RuleBook, wages: dict[str, float]) -> list[_Cutoff]:
    grid = rules_grid(rules)
    found = []
    for rid in ids:
        route = rules.routes[rid]
        target = target_for(route, None).score if route.spec.ranking_stream else None
        if target is None:
            continue
        edition = route.rules_edition(on).id
        ctx = EvalContext(person, on, edition, rules.noc, wages, route.by_id, {})
        principal, _ = assess_principal(route, ctx, principal_candidates(person, rules.noc))
        result = score(grid, person, on, principal, rules.noc)
        if result.low < target <= result.high:
            found.append(_Cutoff(route, edition, principal, target))
    return found


def _try_cutoffs(settled: Settled, person: Applicant, on: date, cutoffs: list[_Cutoff], rules: RuleBook) -> None:
    """Record the cut-offs that some answer to the slot decides (the score range no longer straddles)."""
    grid = rules_grid(rules)
    for value in settled.slot.candidates:
        changed = substitute(person, settled.slot.path, value)
        for cut in cutoffs:
            result = score(grid, changed, on, cut.principal, rules.noc)
            if not result.low < cut.target <= result.high:
                settled.routes.setdefault(cut.route.id, set()).add(SCORE_CRITERION)
                settled.decides_cutoff.add(cut.route.id)


def settle(person: Applicant, on: date, ids: list[str], rules: RuleBook, wages: dict[str, float]) -> list[Settled]:
    """The unknown inputs that settle some unknown route or decide a PSTQ cut-off, best first: those
    that decide whether the client clears a latest cut-off, then those settling the most routes,
    then those whose answer could make a route eligible, then in profile order."""
    pending = _pending_routes(person, on, ids, rules, wages)
    cutoffs = _straddling(person, on, ids, rules, wages)
    if not pending and not cutoffs:
        return []
    vocab = vocabulary(rules)
    found = []
    for slot in unknown_slots(person, vocab, on, wages):
        settled = _try(slot, person, on, pending, rules, wages)
        if cutoffs:
            _try_cutoffs(settled, person, on, cutoffs, rules)
        found.append(settled)
    useful = [s for s in found if s.routes]
    order = {rid: i for i, rid in enumerate(ids)}
    for s in useful:
        s.routes = dict(sorted(s.routes.items(), key=lambda item: order[item[0]]))
    return sorted(useful, key=lambda s: (not s.decides_cutoff, -len(s.routes), not s.can_make_eligible))


def questions(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
    programs: Iterable[str] | None = None,
) -> QuestionsAnswer:
    """The unknown inputs of ``applicant`` whose answer would settle some route's ``unknown``
    verdict on ``application_date`` (default: today), best first, with a prompt to put to the
    client and the reason it matters, in ``lang``.

    Raises:
        InvalidInput: an impossible request (unknown route, born after the date...).
        pydantic.ValidationError: a profile given as a dict that does not fit the contract.
    """
    person = as_applicant(applicant)
    on = as_date(application_date)
    check_against_date(person, on)
    rules = resolve_rules(rules, assumptions, reform)
    wages = checked_wages(reference_wages)
    found = settle(person, on, route_ids(routes, programs, rules), rules, wages)
    return QuestionsAnswer.model_validate(
        {
            "application_date": on,
            "rules_version": rules.rules_version,
            "assumptions": rules.assumptions,
            "questions": [question_data(s.slot.path, s.routes, person, rules, lang) for s in found],
        }
    )
