"""Answers in French carry no English: sources, intake notes, plans, questions and the catalogue.

Every string value of the French answers (eligibility, gaps, what-if, questions, the route
catalogue) of several realistic clients, on dates that reach every edition and intake state of
the nine routes, is checked against a stop-list of English words, among them the ones that used
to leak from the rule data ("[SEED] Seed summary: intake ...", "[3P] Third-party summaries of
the IT-VE component", "spouse holding an open work permit", "caps food: 600").

What the check leaves out, and why:

- values that are identifiers fixed by CONTRACT.md (route, program, stream and profile ids,
  criterion ids, lever ids, verdicts, statuses, intake scopes, rules_version) and a plan's lever
  values (``from`` / ``to``: data such as a sector tag, not text);
- the ``en`` half of a text the catalogue gives in both languages (``{en, fr}``, ``note_en``);
- the source tags ``[REG] [MIFI] [SEED] [3P] [INF]``: codes RULES.md defines, that the page
  names in words next to them;
- a named switch an explanation quotes on purpose so the advisor can flip it, e.g.
  ``(it_ve_general_dec = false)`` (issue 12) or ``(respect_intake_windows : false)``.

Citations (``I-0.2.1, r. 7, s. 5``) and proper nouns (quebec.ca, Emploi-Québec, Accompagnement
Québec, TEF, TCF) hold no word of the stop-list and need no exception.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from profiles import ELIGIBLE, IT_VE_WAGES, eligible_for

from api.config import Settings
from api.main import create_app
from solver import evaluate
from solver.catalog import route_catalog
from solver.cli import main as cli_main
from solver.requests import PILOT_ROUTE_IDS as ROUTE_IDS
from solver.rules.book import RuleBook, RuleFileError, default_rulebook, raw_rule_data
from solver.rules.schema import Source

REPO = Path(__file__).resolve().parents[1]

#: English words that must not appear in a French answer (whole words; case-insensitive).
STOP_LIST = (
    "the", "of", "and", "with", "from", "to", "is", "not", "or", "by", "as", "at", "on", "in", "for",
    "summary", "summaries", "spouse", "holding", "Third-party", "third parties", "Seed", "intake", "caps",
    "cap of", "open until", "months of", "required", "ministerial", "amended", "revoked", "validity", "results",
    "copy", "stream", "component", "francization", "official", "through", "per", "years", "text", "window",
    "reopening", "unconfirmed", "applicable", "Factor", "path", "worker", "workers", "graduate", "program",
    "order", "salary", "job", "apply", "eligible", "unknown", "reachable", "unreachable", "wait", "open",
    "closed", "cap", "edition", "yes", "no",
)  # fmt: skip
_STOP = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(w) for w in STOP_LIST) + r")(?![\w-])", re.IGNORECASE)
_TAGS = re.compile(r"\[(REG|MIFI|SEED|3P|INF)\]")
_SWITCH = re.compile(r"\(([a-z0-9]+_)+[a-z0-9]+ [=:] (true|false)\)|\(([a-z0-9]+_)+[a-z0-9]+ : (true|false)\)")
#: Keys whose values are identifiers or data, not text (see the module docstring).
_ID_KEYS = frozenset(
    {
        "route", "routes", "program", "stream", "profile", "id", "kind", "field", "lever", "status", "verdict",
        "edition", "editions", "source_tag", "scope", "intake_scopes", "rules_version", "application_date",
        "criteria", "from", "to", "en", "note_en", "name_en", "family", "state", "principal_noc", "passes",
    }
)  # fmt: skip

DATES = ("2024-06-03", "2022-03-01", "2022-08-01", "2023-03-01", "2021-01-15", "2025-06-02", "2026-03-02")
GAP_DATES = ("2024-06-03", "2022-08-01", "2026-03-02")


def english_words(text: str) -> list[str]:
    """The stop-list words in ``text`` once tags and named switches are set aside."""
    text = _SWITCH.sub("", _TAGS.sub("", text))
    return sorted({m.group(0) for m in _STOP.finditer(text)})


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, string) of an answer, except identifiers and the English half of ``{en, fr}``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if (key in _ID_KEYS and not isinstance(item, (dict, list))) or key in {"en", "note_en", "from", "to"}:
                continue
            yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def english_in(answer: dict[str, Any], where: str) -> list[str]:
    found = []
    for path, text in strings(answer):
        if path.endswith((".routes", ".intake_scopes")) or re.search(
            r"\.(routes|intake_scopes|editions)\[\d+\]$", path
        ):
            continue  # lists of route ids, scope ids, edition ids
        words = english_words(text)
        if words:
            found.append(f"{where} {path}: {words}: {text}")
    return found


def _profiles() -> dict[str, dict[str, Any]]:
    """Realistic clients: one eligible per route, the three examples, the request example, and
    variants with unknowns (no French assessment, unknown sector and declarations)."""
    people = {route: eligible_for(route) for route in ELIGIBLE}
    for name in ("orderly", "food_worker", "ai_worker"):
        people[f"example {name}"] = json.loads((REPO / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    request = json.loads((REPO / "examples" / "requests" / "eligibility.json").read_text(encoding="utf-8"))
    people["request example"] = request["applicant"]
    for route in ("orderlies-work", "ai-foreign-worker-francization", "it-ve-francophone", "food-processing"):
        p = eligible_for(route)
        p.update(
            french=None,
            commits_to_learn_french=None,
            expert_committee_opinion=None,
            self_sufficiency_undertaking=None,
            respected_conditions_of_stay=None,
            status_in_quebec="abroad" if route.startswith("ai") else "visitor",
        )
        for job in p["work_history"]:
            job.update(sector=None, employer_in_cmm=None, basic_personal_care=None, naics=None)
        people[f"unknowns {route}"] = p
    return people


PROFILES = _profiles()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def _born_by(person: dict[str, Any], day: str) -> bool:
    return not person.get("birth_date") or person["birth_date"] <= day


# ---------------------------------------------------------------------------- the stop-list itself


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("[SEED] Seed summary: intake 2023-11-23 to 2024-12-31", True),
        ("[REG] I-0.2.1, r. 9, s. 3 (spouse holding an open work permit: s. 4)", True),
        ("[3P] Third-party summaries of the IT-VE component", True),
        ("(édition 2023; plafonds food: 600; [SEED] Résumé initial)", False),  # raw ids: the next test's job
        ("IA — travailleur étranger, profil francization", True),
        ("[SEED] Résumé initial : réception du 2023-11-23 au 2024-12-31", False),
        ("[REG] I-0.2.1, r. 7, s. 5", False),
        ("Hypothèse retenue : un DEC général n'est pas accepté (it_ve_general_dec = false).", False),
        ("Demandez un plan comme si le programme était ouvert (respect_intake_windows : false).", False),
        ("Au moins 1 an d'études; environ 3 mois de cours pour ce plan.", False),
    ],
)
def test_the_stop_list_tells_english_from_french(text: str, english: bool) -> None:
    assert bool(english_words(text)) is english, english_words(text)


# ---------------------------------------------------------------------------- answers in French


def test_eligibility_and_questions_in_french_carry_no_english(client: TestClient) -> None:
    found: list[str] = []
    seen_sources: set[str] = set()
    seen_notes: set[str] = set()
    for name, person in PROFILES.items():
        for day in DATES:
            if not _born_by(person, day):
                continue
            body = {
                "applicant": person,
                "application_date": day,
                "lang": "fr",
                "reference_wages": IT_VE_WAGES,
                "programs": ["pilots"],
            }
            answer = client.post("/v1/eligibility", json=body)
            assert answer.status_code == 200, answer.text
            data = answer.json()
            assert {r["route"] for r in data["routes"]} == set(ROUTE_IDS)
            found += english_in(data, f"eligibility {name} {day}")
            seen_sources |= {c["source"] for r in data["routes"] for c in r["criteria"]}
            seen_notes |= {r["intake"]["note"] for r in data["routes"]}
            questions = client.post("/v1/questions", json={k: v for k, v in body.items() if k != "reference_wages"})
            assert questions.status_code == 200, questions.text
            found += english_in(questions.json(), f"questions {name} {day}")
    assert found == [], "\n".join(found[:20])
    # Every criterion's source and every kind of intake note was seen (the walk is complete).
    rules = default_rulebook()
    all_sources = {c.source.text("fr") for route in rules.routes.values() for c in route.by_id.values()}
    pilots = [route for route in rules.routes.values() if route.family == "pilots"]
    top_level = {c.source.text("fr") for route in pilots for e in ("2021", "2023") for c in route.applicable(e)}
    assert top_level <= seen_sources <= all_sources
    for start in ("Période de réception ouverte", "Réception fermée avant terme", "Pas encore ouvert", "Entre deux"):
        assert any(n.startswith(start) for n in seen_notes), start
    assert any(n.startswith("Le programme a pris fin") for n in seen_notes)


def test_gaps_and_what_if_in_french_carry_no_english(client: TestClient) -> None:
    found: list[str] = []
    reasons = apply_by = 0
    for name, person in PROFILES.items():
        for day in GAP_DATES:
            for windows in (True, False) if day == "2026-03-02" else (True,):
                body = {
                    "applicant": person,
                    "application_date": day,
                    "lang": "fr",
                    "max_plans": 2,
                    "respect_intake_windows": windows,
                    "reference_wages": IT_VE_WAGES,
                }
                answer = client.post("/v1/gaps", json=body)
                assert answer.status_code == 200, answer.text
                data = answer.json()
                found += english_in(data, f"gaps {name} {day} windows={windows}")
                reasons += sum(len(r["reasons"]) for r in data["routes"])
                apply_by += sum(bool(p.get("apply_by_reason")) for r in data["routes"] for p in r["plans"])
        whatif = {
            "applicant": person,
            "application_date": "2024-06-03",
            "lang": "fr",
            "changes": [{"lever": "french.oral_production", "to": 8}, {"lever": "wait", "to": "2024-12-02"}],
        }
        answer = client.post("/v1/what-if", json=whatif)
        assert answer.status_code == 200, answer.text
        found += english_in(answer.json(), f"what-if {name}")
    assert found == [], "\n".join(found[:20])
    assert reasons > 0 and apply_by > 0  # unreachable reasons and apply-by reasons were walked


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?lang=fr", {}), ("", {"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.8"})],
    ids=["query", "accept-language"],
)
def test_catalogue_in_french_carries_no_english(client: TestClient, query: str, headers: dict[str, str]) -> None:
    response = client.get(f"/v1/routes{query}", headers=headers)
    assert response.status_code == 200
    catalog = response.json()
    assert english_in(catalog, "catalogue") == []
    food = next(r for r in catalog["routes"] if r["route"] == "food-processing")
    status = next(c for c in food["criteria"] if c["id"] == "status_in_quebec")
    assert status["source_reference"] == "I-0.2.1, r. 9, s. 3 (conjoint titulaire d'un permis de travail ouvert : s. 4)"
    assert (
        food["editions"][1]["windows"][0]["source"] == "[SEED] Résumé initial : réception du 2023-11-23 au 2024-12-31"
    )
    names = {r["route"]: r["name"]["fr"] for r in catalog["routes"]}
    assert names["it-ve-francization"] == "TI et effets visuels, profil francisation"


def test_catalogue_in_english_is_unchanged(client: TestClient) -> None:
    for response in (client.get("/v1/routes"), client.get("/v1/routes?lang=en", headers={"Accept-Language": "fr"})):
        food = next(r for r in response.json()["routes"] if r["route"] == "food-processing")
        status = next(c for c in food["criteria"] if c["id"] == "status_in_quebec")
        assert status["source_reference"] == "I-0.2.1, r. 9, s. 3 (spouse holding an open work permit: s. 4)"
        assert food["editions"][1]["windows"][0]["source"] == "[SEED] Seed summary: intake 2023-11-23 to 2024-12-31"
    assert client.get("/v1/routes?lang=de").status_code == 422
    assert route_catalog(lang="fr").routes[0].selection_cap["source"] == (
        "[REG] I-0.2.1, r. 9 : au plus 550 requérants principaux sélectionnés par année"
    )


# ---------------------------------------------------------------------------- sources and notes


def test_sources_are_rendered_in_the_requested_language_and_english_is_unchanged() -> None:
    person = eligible_for("food-processing")
    en = {c.id: c.source for c in evaluate(person, "2024-06-03", routes=["food-processing"]).routes[0].criteria}
    fr = {
        c.id: c.source for c in evaluate(person, "2024-06-03", lang="fr", routes=["food-processing"]).routes[0].criteria
    }
    assert en["status_in_quebec"] == "[REG] I-0.2.1, r. 9, s. 3 (spouse holding an open work permit: s. 4)"
    assert (
        fr["status_in_quebec"] == "[REG] I-0.2.1, r. 9, s. 3 (conjoint titulaire d'un permis de travail ouvert : s. 4)"
    )
    assert en["self_sufficiency_undertaking"] == "[REG] I-0.2.1, r. 9, s. 3, as amended by ministerial order 2023-002"
    assert fr["self_sufficiency_undertaking"] == (
        "[REG] I-0.2.1, r. 9, s. 3, tel que modifié par l'arrêté ministériel 2023-002"
    )
    # A language-neutral citation reads the same in both.
    assert en["experience"] == fr["experience"] == "[REG] I-0.2.1, r. 9, s. 3(3)"
    # The section numbers are the same in both languages, for every source of every rule.
    rules = default_rulebook()
    for route in rules.routes.values():
        for c in route.by_id.values():
            sections = re.compile(r"r\. \d+(, s\. \d+(\(\d+\))?)?|s\. \d+")
            assert sections.findall(c.source.text("en")) == sections.findall(c.source.text("fr")), (route.id, c.id)


def test_intake_notes_name_caps_in_words_in_both_languages() -> None:
    person = eligible_for("it-ve-francization")
    notes = {
        lang: {r.route: r.intake.note for r in evaluate(person, day, lang=lang).routes}
        for lang in ("en", "fr")
        for day in ("2022-03-01",)
    }
    assert notes["en"]["food-processing"] == (
        "Intake window open from 2021-11-03 to 2022-10-31 (edition 2021; cap of the food-processing workers "
        "program: 600; [MIFI] quebec.ca, intake periods of the pilot program)."
    )
    assert notes["fr"]["food-processing"] == (
        "Période de réception ouverte du 2021-11-03 au 2022-10-31 (édition 2021; plafond du programme des "
        "travailleurs de la transformation alimentaire : 600; [MIFI] quebec.ca, périodes de réception des demandes "
        "du programme pilote)."
    )
    assert "plafond du profil francisation du volet TI et effets visuels : 150" in notes["fr"]["it-ve-francization"]
    assert "cap of the IT and visual effects component's francization profile: 150" in notes["en"]["it-ve-francization"]
    scope_ids = re.compile(r"\b(food|orderlies|ai|it-ve|ai-francization|it-ve-francization|ai-it-ve): \d")
    for day in ("2022-03-01", "2024-06-03", "2025-06-02"):
        for lang in ("en", "fr"):
            for route in evaluate(person, day, lang=lang).routes:
                assert not scope_ids.search(route.intake.note), route.intake.note
    closed = evaluate(person, "2022-08-01", lang="fr", routes=["it-ve-francization"]).routes[0].intake.note
    assert closed.startswith("Réception fermée avant terme : le plafond a été atteint le 2022-06-30 ([MIFI] quebec.ca,")
    assert english_words(closed) == []


def test_the_command_line_shows_sources_and_notes_in_french(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The brief's example: the applicant of examples/requests/eligibility.json, checked in French."""
    request = json.loads((REPO / "examples" / "requests" / "eligibility.json").read_text(encoding="utf-8"))
    path = tmp_path / "p.json"
    path.write_text(json.dumps(request["applicant"]), encoding="utf-8")
    for extra in ([], ["--json"]):
        assert cli_main(["check", str(path), "--date", "2024-06-03", "--lang", "fr", *extra]) == 0
        out = " ".join(capsys.readouterr().out.split())
        for english in ("Seed summary", "Third-party", "spouse holding", "as amended", "validity of", "caps food"):
            assert english not in out, english
        assert "Résumé initial : réception du 2023-11-23 au 2024-12-31" in out
        assert "plafond du programme des travailleurs de la transformation alimentaire : 600" in out
        if extra:  # the JSON answer has every criterion's source, the table the failing ones'
            assert "conjoint titulaire d'un permis de travail ouvert : s. 4" in out


# ---------------------------------------------------------------------------- the rule-file schema


def test_a_worded_reference_needs_both_languages() -> None:
    assert Source.model_validate({"tag": "REG", "ref": "I-0.2.1, r. 7, s. 5"}).text("fr") == "[REG] I-0.2.1, r. 7, s. 5"
    both = Source.model_validate({"tag": "SEED", "ref": {"en": "Seed summary", "fr": "Résumé initial"}})
    assert (str(both), both.text("en"), both.text("fr")) == ("[SEED] Seed summary",) * 2 + ("[SEED] Résumé initial",)
    assert both.ref == "Seed summary" and both.ref_in("fr") == "Résumé initial"
    for bad in ({"en": "Seed summary"}, {"en": "Seed summary", "fr": ""}, {"en": "a b c", "fr": "d e f", "de": "x"}):
        with pytest.raises(ValueError, match="exactly 'en' and 'fr'"):
            Source.model_validate({"tag": "SEED", "ref": bad})


def test_a_rule_file_with_a_one_language_reference_is_refused_with_its_path() -> None:
    catalog, programs = raw_rule_data()
    broken = copy.deepcopy(programs)
    broken["ai_it_ve.yaml"]["shared"]["expert"]["source"]["ref"] = {"en": "Third-party summaries"}
    with pytest.raises(RuleFileError, match=r"ai_it_ve.yaml: shared.expert.fact.source.ref: .*missing or empty: fr"):
        RuleBook.from_data(catalog, broken)
    broken = copy.deepcopy(programs)
    del broken["food_processing.yaml"]["cap_names"]["food"]
    with pytest.raises(RuleFileError, match=r"food_processing.yaml: .*no name for the intake scope\(s\) \['food'\]"):
        RuleBook.from_data(catalog, broken)


def test_every_worded_reference_of_the_rule_files_is_bilingual() -> None:
    """A reference left as one string must read the same in both languages: a citation, or the
    title of a French page; no English words."""
    rules = default_rulebook()
    sources: list[Source] = [c.source for r in rules.routes.values() for c in r.by_id.values()]
    for route in rules.routes.values():
        program = route.program
        sources += [program.end_source] + ([program.selection_cap.source] if program.selection_cap else [])
        for edition in program.editions:
            sources += [
                edition.source,
                *(w.source for w in edition.windows),
                *(c.source for c in edition.early_closures),
            ]
    sources += [a.source for a in rules.catalog.assumptions]
    for source in sources:
        if isinstance(source.reference, str):
            assert english_words(source.reference) == [], source.reference
        else:
            assert english_words(source.reference.fr) == [], source.reference.fr


def test_french_writes_a_decimal_comma_and_agrees_the_best_offer() -> None:
    """French typography and grammar: "16,7 des 24 mois", "Meilleure offre acceptée"."""
    route = "ai-quebec-graduate-francophone"
    answer = evaluate(eligible_for(route), "2024-06-03", routes=[route], lang="fr").routes[0]
    job = next(c for c in answer.criteria if c.id == "ai_job")
    assert job.explanation.startswith("Meilleure offre acceptée : CNP 21211")
    worker = eligible_for("food-processing")
    for episode in worker["work_history"]:
        episode["start"] = "2022-05-13"  # 24 months and 21 days before the application
    experience = next(
        c
        for c in evaluate(worker, "2024-06-03", routes=["food-processing"], lang="fr").routes[0].criteria
        if c.id == "experience"
    )
    assert re.match(r"\d+,\d des 24 mois", experience.explanation), experience.explanation
