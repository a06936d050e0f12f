"""Every text meant for a person reads as plain advice, in English and in French: no criterion
id, lever code, Python repr, ``True`` / ``False``, underscore or quoted field name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from profiles import APPLICATION_DATE, ELIGIBLE, IT_VE_WAGES, eligible_for

from solver import evaluate, plan_gaps, questions
from solver.applicant import Applicant
from solver.cohort import generate_cohort
from solver.costs import CostModel
from solver.criteria import Criterion, EvalContext
from solver.levers import PlanningContext
from solver.rules.book import default_rulebook

LANGS = ("en", "fr")
RULES = default_rulebook()


def _criteria() -> Iterator[Criterion]:
    stack = [c for route in RULES.routes.values() for c in route.criteria]
    while stack:
        c = stack.pop()
        yield c
        stack.extend(c.children())


CRITERION_IDS = {c.id for c in _criteria()}
CRITERION_KINDS = {c.kind for c in _criteria()}
#: Lever families of CONTRACT.md a plan can propose (``wait`` is a plan's own change).
LEVER_FAMILIES = {
    "wait",
    "french.written_comprehension",
    "french.written_production",
    "exceptional_talent_opinion",
    "french.oral_comprehension",
    "french.oral_production",
    "french.retest",
    "salary",
    "job",
    "diploma",
    "declaration",
    "employer_control",
    "status_in_quebec",
    "expert_committee_opinion",
}

_QUOTED = re.compile(r"(^|[\s(])'[^']+'|«[^»]*»|\"[^\"]*\"|“[^”]*”")
_REPR = re.compile(r"\b(True|False|None)\b|\{'|\['|datetime\.|Decimal\(")
_LEVER_CODE = re.compile(r"\b(french|declaration)\.[a-z]|\bepisode[: ]\d")


#: A named assumption's switch, e.g. "(it_ve_general_dec = false)": the one identifier an explanation
#: must show (issue 12), so that the advisor can switch the reading by its name.
_SWITCH = re.compile(r"\((" + "|".join(RULES.assumptions) + r") = (true|false)\)")


def offences(text: str) -> list[str]:
    """What makes ``text`` read like code (empty: plain)."""
    text = _SWITCH.sub("", text)
    found = []
    words = set(re.findall(r"[A-Za-z0-9_.-]+", text))
    found += [f"criterion id {w}" for w in words if w in CRITERION_IDS and "_" in w]
    if "_" in text:
        found.append("underscore")
    found += [f"repr {m.group(0)}" for m in _REPR.finditer(text)]
    found += [f"quoted {m.group(0).strip()}" for m in _QUOTED.finditer(text)]
    found += [f"lever code {m.group(0)}" for m in _LEVER_CODE.finditer(text)]
    return found


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Set 'commits to learn french' to True.", False),
        ("Mettre « expert committee opinion » à 'favourable'.", False),
        ("'respected_conditions_of_stay' is unknown; planned as met: confirm it.", False),
        ("Raise the pay of the episode 0 to $100,000 a year.", False),
        ("Sign the undertaking to meet your basic needs for 3 months.", True),
        ("Obtenir l'avis favorable du comité d'experts.", True),
        ("Raise oral production from 6 to 7 (about 3 months of classes).", True),
    ],
)
def test_the_checker_tells_code_from_advice(text: str, plain: bool) -> None:
    assert (offences(text) == []) is plain


# ---------------------------------------------------------------------------- collecting the texts


def _profiles() -> list[Applicant]:
    """The realistic test profiles, variants with unknowns, and a seeded random cohort."""
    people = [Applicant.model_validate(eligible_for(r)) for r in ELIGIBLE]
    variants: list[dict[str, Any]] = []
    for route in ("ai-foreign-worker-francophone", "orderlies-work", "it-ve-francization", "food-processing"):
        p = eligible_for(route)
        p.update(
            expert_committee_opinion=None,
            commits_to_learn_french=None,
            self_sufficiency_undertaking=False,
            intends_to_settle_in_quebec=None,
            controls_employer=True,
            status_in_quebec="visitor",
            respected_conditions_of_stay=None,
        )
        if p["work_history"]:
            p["work_history"][0].update(sector=None, employer_in_cmm=None, basic_personal_care=None)
        variants.append(p)
    people += [Applicant.model_validate(v) for v in variants]
    return people + generate_cohort(300, seed=7, reference_date=APPLICATION_DATE)


PROFILES = _profiles()


def _explanations(lang: str, kinds: set[str]) -> Iterator[tuple[str, str]]:
    for on in (APPLICATION_DATE, date(2022, 3, 1)):  # both editions
        for person in PROFILES:
            if person.birth_date and person.birth_date > on:
                continue
            answer = evaluate(person, on, lang=lang)  # type: ignore[arg-type]
            if answer.notice:
                yield "notice", answer.notice
            for route in answer.routes:
                yield f"{route.route} intake", route.intake.note
                for c in route.criteria:
                    criterion = RULES.routes[route.route].by_id[c.id]
                    kinds |= {criterion.kind, *(k.kind for k in criterion.children())}
                    yield f"{route.route}/{c.id} explanation", c.explanation
                    if c.assumption:
                        yield f"{route.route}/{c.id} assumption", c.assumption


def _lever_notes(lang: str, seen: set[str]) -> Iterator[tuple[str, str]]:
    """The note of every option every criterion proposes, on every profile."""
    planning = PlanningContext(CostModel())
    for person in PROFILES[:120]:
        for route in RULES.routes.values():
            edition = route.rules_edition(APPLICATION_DATE).id
            ctx = EvalContext(person, APPLICATION_DATE, edition, RULES.noc, dict(IT_VE_WAGES), route.by_id)
            for criterion in route.applicable(edition):
                for option in criterion.lever_options(ctx, planning):  # type: ignore[arg-type]
                    seen.add("declaration" if option.lever.startswith("declaration.") else option.lever)
                    yield f"lever {option.lever}", option.note[LANGS.index(lang)]


def _plan_texts(lang: str, seen: set[str]) -> Iterator[tuple[str, str]]:
    """Notes, reasons and assumptions of gap plans (the wait note, unreachable reasons...)."""
    for person in PROFILES[:30]:
        answer = plan_gaps(person, APPLICATION_DATE, lang=lang, max_plans=2, reference_wages=IT_VE_WAGES)  # type: ignore[arg-type]
        for route in answer.routes:
            for reason in route.reasons:
                yield f"{route.route} reason", reason
            for assumption in route.assumptions:
                yield f"{route.route} assumption", assumption
            for plan in route.plans:
                for change in plan.changes:
                    seen.add("declaration" if change.lever.startswith("declaration.") else change.lever)
                    yield f"{route.route} change {change.lever}", change.note


def _question_texts(lang: str) -> Iterator[tuple[str, str]]:
    for person in PROFILES:
        for q in questions(person, APPLICATION_DATE, lang=lang).questions:  # type: ignore[arg-type]
            yield f"question {q.field} prompt", q.prompt
            yield f"question {q.field} why", q.why


def _report(texts: Iterator[tuple[str, str]]) -> list[str]:
    bad: dict[str, str] = {}
    for where, text in texts:
        problems = offences(text)
        if problems and text not in bad:
            bad[text] = f"{where}: {problems}: {text}"
    return list(bad.values())


# ---------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("lang", LANGS)
def test_every_criterion_explanation_reads_as_plain_text(lang: str) -> None:
    kinds: set[str] = set()
    assert _report(_explanations(lang, kinds)) == []
    assert kinds == CRITERION_KINDS, f"criterion kinds not walked: {CRITERION_KINDS - kinds}"
    assert {"min_age", "fact", "oral_french", "diploma", "experience", "current_job", "any_of"} <= kinds


@pytest.mark.parametrize("lang", LANGS)
def test_every_change_note_reads_as_advice(lang: str) -> None:
    seen: set[str] = set()
    bad = _report(_lever_notes(lang, seen)) + _report(_plan_texts(lang, seen))
    assert bad == []
    assert seen == LEVER_FAMILIES, f"levers not walked: {LEVER_FAMILIES - seen}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_reads_as_plain_text(lang: str) -> None:
    assert _report(_question_texts(lang)) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Sign the undertaking to meet your basic needs for 3 months after you become a permanent resident."),
        (
            "fr",
            "Signer l'engagement à subvenir à vos besoins essentiels pendant 3 mois après l'obtention de la "
            "résidence permanente.",
        ),
    ],
)
def test_a_declaration_note_is_advice(lang: str, expected: str) -> None:
    profile = eligible_for("food-processing")
    profile["self_sufficiency_undertaking"] = False
    answer = plan_gaps(profile, APPLICATION_DATE, routes=["food-processing"], lang=lang)  # type: ignore[arg-type]
    notes = [c.note for c in answer.routes[0].plans[0].changes if c.lever == "declaration.self_sufficiency_undertaking"]
    assert notes == [expected]


def test_a_french_note_says_from_which_level_to_which_and_how_long() -> None:
    profile = eligible_for("orderlies-work-study")
    profile["french"] = {"oral_comprehension": 7, "oral_production": 6, "assessed_on": "2024-01-15"}
    en = plan_gaps(profile, APPLICATION_DATE, routes=["orderlies-work-study"], lang="en")
    fr = plan_gaps(profile, APPLICATION_DATE, routes=["orderlies-work-study"], lang="fr")
    note_en = next(c.note for c in en.routes[0].plans[0].changes if c.lever == "french.oral_production")
    note_fr = next(c.note for c in fr.routes[0].plans[0].changes if c.lever == "french.oral_production")
    assert note_en.startswith("Raise oral production from 6 to 7 (about 3 months of classes)")
    assert note_fr.startswith("Faire passer la production orale de 6 à 7 (environ 3 mois de cours)")
