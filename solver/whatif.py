"""What-if: apply a list of lever changes to a profile and compare eligibility before and after.

The changes go through the same ``apply_option`` the gap solver plans with, so a what-if
of a returned plan reproduces the plan's effect exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, get_args

from pydantic import ValidationError

from solver.answers import Change, Lang, WhatIfAnswer
from solver.applicant import Applicant, Diploma, InvalidInput, StatusInQuebec, WorkEpisode
from solver.dates import add_months
from solver.evaluator import as_applicant, as_date, evaluate
from solver.levers import LeverOption, apply_option
from solver.requests import ChangeRequest
from solver.rules.book import RuleBook, default_rulebook
from solver.text import pick


def what_if(
    applicant: Applicant | Mapping[str, Any],
    application_date: date | str | None = None,
    changes: Iterable[ChangeRequest | Mapping[str, Any]] = (),
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    rules: RuleBook | None = None,
) -> WhatIfAnswer:
    """Eligibility before and after ``changes``; ``wait`` moves the application date."""
    person = as_applicant(applicant)
    on = as_date(application_date)
    rules = rules or default_rulebook()
    route_list = list(routes) if routes is not None else None
    requests = [c if isinstance(c, ChangeRequest) else _parse_change(c, i) for i, c in enumerate(changes)]
    if not requests:
        raise InvalidInput("changes", "give at least one change")
    before = evaluate(person, on, route_list, lang, reference_wages, rules)
    after_date = on
    changed = person
    applied: list[Change] = []
    for index, request in enumerate(requests):
        where = f"changes.{index}"
        if request.lever == "wait":
            after_date = _wait_until(request.to, on, where)
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
        effective = request.by or on
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
        before=before,
        after=after,
        changed_routes=moved,
        applied_changes=applied,
    )


def _parse_change(raw: Mapping[str, Any], index: int) -> ChangeRequest:
    try:
        return ChangeRequest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"changes.{index}.{path}", first["msg"]) from None


def _wait_until(to: Any, on: date, where: str) -> date:
    if isinstance(to, int) and not isinstance(to, bool) and 0 <= to <= 120:
        return add_months(on, to)
    if isinstance(to, str):
        try:
            target = date.fromisoformat(to)
        except ValueError:
            raise InvalidInput(f"{where}.to", "wait takes a number of months or a date (YYYY-MM-DD)") from None
        if target < on:
            raise InvalidInput(f"{where}.to", "cannot wait until a date before the application date")
        return target
    raise InvalidInput(f"{where}.to", "wait takes a number of months (0-120) or a date (YYYY-MM-DD)")


def option_for(applicant: Applicant, request: ChangeRequest, effective: date, where: str) -> LeverOption:
    """The lever option a what-if change stands for, with its value checked."""
    lever, to = request.lever, request.to
    if lever in ("french.oral_comprehension", "french.oral_production"):
        if not isinstance(to, int) or isinstance(to, bool) or not 1 <= to <= 12:
            raise InvalidInput(f"{where}.to", "a French level is a whole number from 1 to 12")
        current = getattr(applicant.french, lever.split(".", 1)[1]) if applicant.french else None
        return LeverOption(lever, to, current, 0, 0)
    if lever == "french.retest":
        old = applicant.french.assessed_on if applicant.french else None
        return LeverOption(lever, "new assessment", old.isoformat() if old else None, 0, 0)
    if lever == "salary":
        if not isinstance(to, int | float) or isinstance(to, bool) or to < 0:
            raise InvalidInput(f"{where}.to", "a salary is a non-negative number of dollars a year")
        target, current = _salary_target(applicant, effective)
        if target is None:
            raise InvalidInput(f"{where}.to", "no job held on that date and no accepted offer to raise the salary of")
        return LeverOption(lever, float(to), current, 0, 0, target=target)
    if lever == "job":
        fields = _model_fields(to, WorkEpisode, {"start": effective}, where)
        return LeverOption(lever, fields, None, 0, 0)
    if lever == "diploma":
        raw = {"level": to} if isinstance(to, str) else to
        fields = _model_fields(raw, Diploma, {"obtained_on": effective}, where)
        return LeverOption(lever, fields, None, 0, 0)
    field = lever.split(".", 1)[1] if lever.startswith("declaration.") else lever
    allowed: tuple[Any, ...] = (True, False)
    if lever == "status_in_quebec":
        allowed = get_args(StatusInQuebec)
    elif lever == "expert_committee_opinion":
        allowed = ("favourable", "unfavourable", None)
    if to not in allowed or (isinstance(to, int) and not isinstance(to, bool) and allowed[0] is True):
        raise InvalidInput(f"{where}.to", f"must be one of {list(allowed)}")
    return LeverOption(
        lever, to, getattr(applicant, "controls_employer" if lever == "employer_control" else field), 0, 0
    )


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
    raw: Any, model: type[WorkEpisode] | type[Diploma], extra: dict[str, Any], where: str
) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where}.to", f"give the {model.__name__} fields as an object")
    data = {k: v for k, v in raw.items() if k not in extra}
    try:
        model.model_validate({**data, **extra})
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"{where}.to.{path}", first["msg"]) from None
    return data
