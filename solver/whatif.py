"""What-if: apply a list of lever changes to a profile and compare eligibility before and after.

The changes go through the same ``apply_option`` the gap solver plans with, so a what-if
of a returned plan reproduces the plan's effect exactly. Each change's ``to`` is validated with
the profile's own (strict) field types, so a what-if accepts exactly what a profile accepts, and
a refusal names its place inside ``changes[i]`` (``changes.0.to.level``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from solver.answers import Change, Lang, WhatIfAnswer
from solver.applicant import (
    Applicant,
    AuthorizationKind,
    Day,
    Diploma,
    DiplomaLevel,
    FrenchLevel,
    InvalidInput,
    Opinion,
    Salary,
    StatusInQuebec,
    WorkEpisode,
    whole,
)
from solver.dates import add_months
from solver.evaluator import as_applicant, as_date, evaluate, route_ids
from solver.levers import FRENCH_SKILL_LEVERS, LeverOption, apply_option
from solver.requests import MAX_HORIZON_MONTHS, AnyChange, ChangeRequest, change_loc
from solver.rules.book import RuleBook, resolve_rules
from solver.rules.overlay import Reform
from solver.text import pick


def what_if(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    changes: Iterable[ChangeRequest | Mapping[str, Any]] = (),
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
    programs: Iterable[str] | None = None,
) -> WhatIfAnswer:
    """Eligibility before and after ``changes``; ``wait`` moves the application date."""
    person = as_applicant(applicant)
    on = as_date(application_date)
    rules = resolve_rules(rules, assumptions, reform)
    route_list = route_ids(routes, programs, rules) if routes is not None or programs is not None else None
    requests = [c if isinstance(c, ChangeRequest) else _parse_change(c, i) for i, c in enumerate(changes)]
    if not requests:
        raise InvalidInput("changes", "give at least one change", reason_fr="donnez au moins un changement")
    before = evaluate(person, on, route_list, lang, reference_wages, rules)
    after_date = on
    changed = person
    applied: list[Change] = []
    for index, request in enumerate(requests):
        where = f"changes.{index}"
        if request.lever == "wait":
            after_date = _wait_until(_value(request), on, ("changes", index, "to"))
            applied.append(
                Change(
                    lever="wait",
                    from_=on.isoformat(),
                    to=after_date.isoformat(),
                    by=after_date,
                    note=pick(
                        lang, f"Evaluated on {after_date} instead of {on}.", f"Évalué le {after_date} au lieu du {on}."
                    ),
                )
            )
            continue
        effective = effective_date(request, on, ("changes", index))
        option = option_for(changed, request, effective, where)
        changed = apply_option(changed, option, effective)
        note = pick(lang, f"Takes effect on {effective}.", f"Prend effet le {effective}.")
        applied.append(
            Change(lever=option.lever, from_=option.from_, to=option.to, by=effective, target=option.target, note=note)
        )
    after = evaluate(changed, after_date, route_list, lang, reference_wages, rules)
    was = {r.route: r.verdict for r in before.routes}
    moved = [r.route for r in after.routes if was.get(r.route) != r.verdict]
    return WhatIfAnswer(
        application_date=on,
        rules_version=rules.rules_version,
        assumptions=rules.assumptions,
        before=before,
        after=after,
        changed_routes=moved,
        applied_changes=applied,
    )


_CHANGE: TypeAdapter[ChangeRequest] = TypeAdapter(AnyChange)


def _parse_change(raw: Mapping[str, Any], index: int) -> ChangeRequest:
    try:
        return _CHANGE.validate_python(raw)
    except ValidationError as exc:
        refused = InvalidInput.from_validation(exc, ("changes", index))
        details = tuple({**d, "loc": tuple(change_loc(d["loc"]))} for d in refused.details)
        field = ".".join(str(p) for p in details[0]["loc"]) if details else refused.field
        raise InvalidInput(field, refused.reason, details=details) from None


def _strict(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind, config=ConfigDict(strict=True, allow_inf_nan=False))


#: The value each lever takes, validated with the profile's own field types.
_MONTHS = _strict(whole(0, MAX_HORIZON_MONTHS))
_DAY = _strict(Day)
_LEVEL = _strict(FrenchLevel)
_SALARY = _strict(Salary)
_FLAG = _strict(bool)
_STATUS = _strict(StatusInQuebec)
_OPINION = _strict(Opinion | None)
_DIPLOMA_LEVEL = _strict(DiplomaLevel)


def _checked(adapter: TypeAdapter[Any], value: Any, where: tuple[str | int, ...]) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise InvalidInput.from_validation(exc, where) from None


def _wait_until(to: Any, on: date, where: tuple[str | int, ...]) -> date:
    if isinstance(to, str):
        target: date = _checked(_DAY, to, where)
        if target < on:
            raise InvalidInput(
                _dotted(where),
                "cannot wait until a date before the application date",
                reason_fr="impossible d'attendre jusqu'à une date antérieure à la date de la demande",
            )
        return target
    if isinstance(to, int | float) and not isinstance(to, bool):
        target = add_months(on, _checked(_MONTHS, to, where))
        return _checked(_DAY, target, where)
    raise InvalidInput(
        _dotted(where),
        "wait takes a number of months (0-120) or a date (YYYY-MM-DD)",
        reason_fr="wait prend un nombre de mois (0 à 120) ou une date (AAAA-MM-JJ)",
    )


def _dotted(where: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in where)


def _value(request: ChangeRequest) -> Any:
    """A change's ``to`` as plain data (the fields the client gave, for a new job or diploma)."""
    return request.to.model_dump(exclude_unset=True) if isinstance(request.to, BaseModel) else request.to


def effective_date(request: ChangeRequest, on: date, where: tuple[str | int, ...]) -> date:
    """When a change takes effect: its ``by``, else the date a new job or diploma names, else ``on``."""
    named_key = {"job": "start", "diploma": "obtained_on"}.get(request.lever)
    to = _value(request)
    named = to.get(named_key) if named_key and isinstance(to, Mapping) else None
    if named is None:
        return request.by or on
    day: date = _checked(_DAY, named, (*where, "to", named_key))
    if request.by is not None and request.by != day:
        raise InvalidInput(
            _dotted((*where, "by")),
            f"differs from to.{named_key}: give the date in one place",
            reason_fr=f"diffère de to.{named_key} : donnez la date à un seul endroit",
        )
    return day


def option_for(applicant: Applicant, request: ChangeRequest, effective: date, where: str) -> LeverOption:
    """The lever option a what-if change stands for, its value checked with the profile's own types."""
    lever, to = request.lever, _value(request)
    at: tuple[str | int, ...] = (*(_segment(p) for p in where.split(".")), "to")
    if lever in FRENCH_SKILL_LEVERS:
        level = _checked(_LEVEL, to, at)
        current = getattr(applicant.french, lever.split(".", 1)[1]) if applicant.french else None
        return LeverOption(lever, level, current, 0, 0)
    if lever in _OPEN_PROGRAM_CHECKS:
        return _open_program_option(applicant, lever, to, at)
    if lever == "french.retest":
        old = applicant.french.assessed_on if applicant.french else None
        return LeverOption(lever, "new assessment", old.isoformat() if old else None, 0, 0)
    if lever == "salary":
        salary = _checked(_SALARY, to, at)
        target, current = _salary_target(applicant, effective)
        if target is None:
            raise InvalidInput(
                _dotted(at),
                "no job held on that date and no accepted offer to raise the salary of",
                reason_fr="aucun emploi occupé à cette date ni offre acceptée dont hausser le salaire",
            )
        return LeverOption(lever, float(salary), current, 0, 0, target=target)
    if lever == "job":
        fields = _model_fields(to, WorkEpisode, "start", effective, at)
        return LeverOption(lever, fields, None, 0, 0)
    if lever == "diploma":
        raw = {"level": _checked(_DIPLOMA_LEVEL, to, at)} if isinstance(to, str) else to
        fields = _model_fields(raw, Diploma, "obtained_on", effective, at)
        return LeverOption(lever, fields, None, 0, 0)
    field = lever.split(".", 1)[1] if lever.startswith("declaration.") else lever
    if lever == "status_in_quebec":
        value = _checked(_STATUS, to, at)
    elif lever == "expert_committee_opinion":
        value = _checked(_OPINION, to, at)
    else:
        value = _checked(_FLAG, to, at)
    return LeverOption(
        lever, value, getattr(applicant, "controls_employer" if lever == "employer_control" else field), 0, 0
    )


_OPEN_PROGRAM_CHECKS: dict[str, TypeAdapter[Any]] = {
    "spouse.french": _LEVEL,
    "validated_job_offer": _strict(Literal["in_cmm", "outside_cmm"]),
    "residence_outside_cmm": _strict(Literal[True]),
    "authorization_to_practise": _strict(AuthorizationKind),
    "exceptional_talent_opinion": _OPINION,
}


def _open_program_option(applicant: Applicant, lever: str, to: Any, at: tuple[str | int, ...]) -> LeverOption:
    """A what-if change of a v3 lever, its value checked, and refused where the profile cannot take it."""
    value = _checked(_OPEN_PROGRAM_CHECKS[lever], to, at)
    if lever == "spouse.french" and (applicant.spouse is None or not applicant.spouse.accompanying):
        raise InvalidInput(
            _dotted(at),
            "no accompanying spouse in the profile (spouse.accompanying must be true)",
            reason_fr="aucun conjoint accompagnateur dans le profil (spouse.accompanying doit valoir true)",
        )
    if lever == "authorization_to_practise" and applicant.principal_noc is None:
        raise InvalidInput(
            _dotted(at),
            "give the principal occupation (principal_noc) the authorisation is for",
            reason_fr="indiquez la profession principale (principal_noc) visée par l'autorisation",
        )
    return LeverOption(lever, value, None, 0, 0)


def _segment(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def _salary_target(applicant: Applicant, on: date) -> tuple[str | None, float | None]:
    if applicant.job_offer is not None:
        return "offer", applicant.job_offer.annual_salary
    held = [
        (ep.start, i)
        for i, ep in enumerate(applicant.work_history)
        if ep.start <= on and (ep.end is None or ep.end >= on)
    ]
    if not held:
        return None, None
    index = max(held)[1]
    return f"episode:{index}", applicant.work_history[index].annual_salary


def _model_fields(
    raw: Any,
    model: type[WorkEpisode] | type[Diploma],
    date_key: str,
    effective: date,
    where: tuple[str | int, ...],
) -> dict[str, Any]:
    """The fields of a new job or diploma, validated (and normalised) as the profile's own are.

    The date it starts (``start``, ``obtained_on``) is the change's effective date, which the
    client's own ``start`` / ``obtained_on`` set when given; a job ``end`` is not a change
    this lever makes and is refused.
    """
    if not isinstance(raw, Mapping):
        raise InvalidInput(
            _dotted(where),
            f"give the {model.__name__} fields as an object",
            reason_fr=f"donnez les champs de {model.__name__} sous forme d'objet",
        )
    if model is WorkEpisode and raw.get("end") is not None:
        raise InvalidInput(
            _dotted((*where, "end")),
            "a new job is still held: leave end out",
            reason_fr="un nouvel emploi est encore occupé : omettez end",
        )
    try:
        checked = model.model_validate({**raw, date_key: effective})
    except ValidationError as exc:
        raise InvalidInput.from_validation(exc, where) from None
    return checked.model_dump(exclude={date_key, "end"}, exclude_none=True)
