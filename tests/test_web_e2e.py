"""End-to-end test of the advisor page in a real headless Chromium (issue 15).

Starts the real service with uvicorn, drives Debian's Chromium (``/usr/bin/chromium``)
through Playwright and checks what an advisor sees in front of a client: the ranked
summary, plans with their window to apply, what-if side by side, questions, session
file and link, the printed client plan (Chromium's PDF output), complete French, three
screen sizes, keyboard and screen-reader behaviour — and each defect of issue 15.
Screenshots at each size are saved in the test's temporary folder.

No browser is downloaded: Playwright is pointed at the system Chromium. The tests are
skipped when that browser is absent on a developer machine, and fail when it is absent
in CI (the ``CI`` environment variable is set).
"""

from __future__ import annotations

import copy
import gzip
import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.web_helpers import (
    ACTION_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    FOOD_WORKER,
    IT_WORKER,
    N_ROUTES,
    OPEN_DATE,
    ORDERLY,
    PILOT_ROUTES,
    PROFILE_DATE,
    PSTQ_WORKER,
    click_and_wait,
    has_horizontal_scroll,
    link_fragment,
    open_all_details,
    require_browser,
    routes,
    session_of,
    start_server,
    stop_server,
    visible_text,
    wait_for_plans,
    wait_idle,
    wait_ready,
)

OpenPage = Callable[..., Any]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real service on a free local port; yields its base URL."""
    require_browser()
    proc, base_url = start_server(tmp_path_factory.mktemp("server") / "uvicorn.log")
    try:
        yield base_url
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    """One headless Chromium for the module (each test gets its own context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(server: str, browser: Any) -> Iterator[OpenPage]:
    """Opens a fresh page of the advisor (English, 1280×800 unless told) in its own context."""
    contexts: list[Any] = []
    errors: list[str] = []

    def _open(locale: str = "en-CA", width: int = 1280, height: int = 800, fragment: str = "") -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, accept_downloads=True)
        contexts.append(context)
        # window.print() would wait on a dialog headless Chromium never shows; the PDF test prints itself.
        context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
        pg = context.new_page()
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.set_default_timeout(ACTION_TIMEOUT_MS)
        pg.goto(f"{server}/{fragment}")
        wait_ready(pg)
        if fragment:
            wait_for_plans(pg)
        return pg

    try:
        yield _open
    finally:
        for context in contexts:
            context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def fill_orderly_by_hand(pg: Any) -> None:
    """Type the CONTRACT.md orderly into the form, as an advisor would."""
    pg.fill("#f-application_date", PROFILE_DATE)
    pg.fill("#f-birth_date", "1994-03-02")
    pg.select_option("#f-status_in_quebec", "worker")
    pg.select_option("#f-intends_to_settle_in_quebec", "yes")
    pg.select_option("#f-controls_employer", "no")
    pg.select_option("#f-respected_conditions_of_stay", "yes")
    pg.select_option("#f-self_sufficiency_undertaking", "yes")
    pg.fill("#f-french-oral_comprehension", "7")
    pg.fill("#f-french-oral_production", "6")
    pg.fill("#f-french-assessed_on", "2024-01-15")
    pg.click("[data-add='diplomas']")
    pg.select_option("#f-diplomas-0-level", "vocational")
    pg.fill("#f-diplomas-0-program_code", "5358")
    pg.select_option("#f-diplomas-0-field", "orderly")
    pg.select_option("#f-diplomas-0-in_quebec", "yes")
    pg.fill("#f-diplomas-0-full_time_months", "12")
    pg.fill("#f-diplomas-0-obtained_on", "2023-06-20")
    pg.fill("#f-diplomas-0-share_studied_in_quebec", "1")
    pg.click("[data-add='work_history']")
    pg.fill("#f-work_history-0-noc", "33102")
    pg.fill("#f-work_history-0-naics", "623110")
    pg.select_option("#f-work_history-0-sector", "health")
    pg.fill("#f-work_history-0-start", "2023-07-01")
    pg.fill("#f-work_history-0-hours_per_week", "37.5")
    pg.fill("#f-work_history-0-annual_salary", "48000")
    for field in ("in_quebec", "employer_in_cmm", "basic_personal_care"):
        pg.select_option(f"#f-work_history-0-{field}", "yes")


# ---------------------------------------------------------------------- summary, keyboard, focus


def test_enter_runs_check_and_focus_moves_to_the_ranked_summary(open_page: OpenPage) -> None:
    """Defects 11, 12, 13, 15; summary first; labels; screen-reader summary."""
    pg = open_page()
    # 13: a program (the PSTQ) runs today, so the default date is today, and said so.
    today = pg.evaluate("() => { const d = new Date(); return d.toISOString().slice(0, 10); }")
    default = pg.input_value("#f-application_date")
    assert abs((date.fromisoformat(default) - date.fromisoformat(today)).days) <= 1, (default, today)
    assert default in pg.inner_text("#date-note")
    fill_orderly_by_hand(pg)
    unlabelled = pg.evaluate(
        """() => Array.from(document.querySelectorAll('input, select'))
              .filter((el) => !el.id || !document.querySelector(`label[for="${el.id}"]`))
              .map((el) => el.outerHTML)"""
    )
    assert unlabelled == [], f"inputs without a <label for>: {unlabelled}"

    # 15: deep in the form, the actions are still on screen (a sticky bar).
    pg.locator("#f-work_history-0-hours_per_week").scroll_into_view_if_needed()
    box = pg.locator("[data-action='check']").bounding_box()
    assert box is not None and 0 <= box["y"] < 120, box
    # 12: Enter in a field runs Check; aria-busy while in flight; 11: focus on the results heading.
    pg.focus("#f-work_history-0-hours_per_week")
    pg.keyboard.press("Enter")
    wait_idle(pg)
    assert pg.evaluate("() => document.activeElement.id") == "results-title"
    assert pg.locator("#routes li.route").count() == N_ROUTES
    live = pg.inner_text("#live")
    verdicts = [r["verdict"] for r in routes(pg)]
    counts = (verdicts.count("eligible"), verdicts.count("not_eligible"), verdicts.count("unknown"))
    assert f"{counts[0]} eligible, {counts[1]} not eligible, {counts[2]} unknown" in live, live
    rows = routes(pg, "pilots")
    assert len(rows) == PILOT_ROUTES
    assert all(r["verdict"] == "not_eligible" for r in rows)
    assert all(r["reason"].strip() for r in rows)

    # Plan: the summary ranks reachable routes by the effort of their cheapest plan.
    click_and_wait(pg, "[data-action='plan']")
    assert pg.evaluate("() => document.activeElement.id") == "results-title"
    # On 2024-06-03 the pilots are the programs open: their group leads the page.
    assert pg.locator("#routes > [data-family]").first.get_attribute("data-family") == "pilots"
    assert routes(pg)[0]["route"] == "orderlies-work-study"
    rows = routes(pg, "pilots")
    assert [r["route"] for r in rows[:2]] == ["orderlies-work-study", "orderlies-work"]
    assert [r["status"] for r in rows[:2]] == ["reachable", "reachable"]
    assert all(r["status"] == "unreachable" for r in rows[2:])
    assert rows[0]["reason"] == "Reachable: apply on 2024-09-03 after French classes: oral production."
    assert f"{pg.locator('#routes li.route.bucket-1').count()} reachable" in pg.inner_text("#live")
    # 6: no API jargon on screen.
    text = visible_text(pg)
    for jargon in ("not_met", "not_eligible", "french.oral", "proven", "applicant.", "eligible_now", "[REG]"):
        assert jargon not in text, jargon


def test_plans_show_the_window_to_apply_the_effort_and_one_plan_when_both_objectives_agree(
    open_page: OpenPage, server: str
) -> None:
    """Defects 2 and 14; apply_on/apply_by; effort with its unit; timeline."""
    pg = open_page(fragment=link_fragment(session_of(ORDERLY)))
    # 2: each route's details open under that route, with that route's plans only.
    for route in ("orderlies-work", "orderlies-work-study", "food-processing"):
        pg.click(f"#route-{route} [data-action='details']")
    for route in ("orderlies-work", "orderlies-work-study"):
        card = pg.locator(f"#route-{route}")
        assert card.locator("[aria-expanded='true']").count() == 1
        assert card.locator("[data-plans-for]").evaluate_all("els => els.map((e) => e.dataset.plansFor)") == [route]
    assert pg.locator("#route-food-processing .reasons li").count() >= 1
    # 14: both objectives give the same Work-Study plan: it is shown once, for both.
    study = pg.locator("#route-orderlies-work-study")
    cards = study.locator(".plan-card")
    assert cards.count() == 1
    assert cards.first.get_attribute("data-objectives") == "earliest least_effort"
    assert "Both objectives give the same plan." in study.inner_text()
    plan = study.locator(".plan").first
    assert plan.get_attribute("data-apply-on") == "2024-09-03"
    answer = json.load(
        urllib.request.urlopen(
            urllib.request.Request(
                f"{server}/v1/gaps",
                data=json.dumps({"applicant": ORDERLY, "application_date": PROFILE_DATE}).encode(),
                headers={"Content-Type": "application/json"},
            )
        )
    )
    best = next(r for r in answer["routes"] if r["route"] == "orderlies-work-study")["plans"][0]
    assert plan.get_attribute("data-apply-by") == best["apply_by"] == "2024-12-31"
    window = plan.locator(".plan-window").inner_text()
    assert "Apply on 2024-09-03" in window and "Apply by 2024-12-31" in window
    # The effort states its unit and adds up: 3 months of waiting + 1 French level (4).
    effort = plan.locator("[data-role='effort']").inner_text()
    assert effort.startswith("Effort 7, counted in months of waiting"), effort
    assert "Wait (apply later) 3" in effort and "French classes: oral production 4" in effort
    steps = plan.locator(".step")
    assert "6 → 7" in steps.first.inner_text() and "by 2024-09-03" in steps.first.inner_text()
    # The timeline lists the dated events in order, the apply window and the programs' end included.
    events = plan.locator(".timeline li").evaluate_all("els => els.map((e) => [e.className, e.dataset.date])")
    dates = [d for _, d in events]
    assert dates == sorted(dates)
    assert ["tl-apply", "2024-09-03"] in events and ["tl-apply-by", "2024-12-31"] in events
    assert ["tl-end", "2026-01-01"] in events


def test_an_undecided_route_ranks_below_the_reachable_ones(open_page: OpenPage) -> None:
    """Defect 10: IT-VE without a reference wage is unknown, not ranked like an eligible route."""
    pg = open_page(fragment=link_fragment(session_of(IT_WORKER)))
    rows = routes(pg, "pilots")
    order = [r["route"] for r in rows]
    itve = [order.index("it-ve-francophone"), order.index("it-ve-francization")]
    reachable = [i for i, r in enumerate(rows) if r["verdict"] == "not_eligible" and r["status"] == "reachable"]
    assert reachable, rows
    assert min(itve) > max(reachable), order
    for i in itve:
        assert rows[i]["verdict"] == "unknown"
        assert rows[i]["reason"].startswith("Missing information:"), rows[i]["reason"]
    assert pg.locator("#route-it-ve-francophone").get_attribute("class").split().count("bucket-2") == 1


def test_an_undecided_route_is_said_so_and_ranked_with_the_unknown_ones(open_page: OpenPage, server: str) -> None:
    """The v2 gap status ``undecided`` (the solver ran out of time): never ranked as reachable."""
    pg = open_page()

    def undecided_work_study(route: Any) -> None:
        answer = route.fetch().json()
        for row in answer["routes"]:
            if row["route"] == "orderlies-work-study":
                row.update(status="undecided", plans=[], reasons=["The solver reached its time limit."])
        route.fulfill(json=answer)

    pg.route("**/v1/gaps", undecided_work_study)
    pg.goto(f"{server}/{link_fragment(session_of(ORDERLY))}")
    wait_ready(pg)
    wait_for_plans(pg)
    rows = routes(pg, "pilots")
    order = [r["route"] for r in rows]
    assert order[0] == "orderlies-work" and rows[0]["status"] == "reachable"
    study = rows[order.index("orderlies-work-study")]
    assert study["status"] == "undecided"
    assert study["reason"] == "The planner could not decide in the time allowed."
    assert all(r["status"] == "unreachable" for r in rows[order.index("orderlies-work-study") + 1 :])
    badge = pg.locator("#route-orderlies-work-study [data-role='gap-status']").inner_text()
    assert badge == "Undecided"


# ---------------------------------------------------------------------- one client at a time


def test_new_client_and_another_file_leave_nothing_of_the_previous_client(open_page: OpenPage, tmp_path: Path) -> None:
    """Defect 1: after Clear, or after opening another profile, nothing of the previous client."""
    pg = open_page(fragment=link_fragment(session_of(ORDERLY, client_name="Amina Diallo")))
    assert pg.locator("#routes li.route").count() == N_ROUTES
    pg.click("[data-action='clear']")
    assert pg.locator("#routes li.route").count() == 0
    assert pg.input_value("#f-client_name") == ""
    assert pg.input_value("#f-birth_date") == ""
    assert pg.locator(".row[data-list='work_history']").count() == 0
    assert "#session=" not in pg.url
    # Another client's file replaces everything, and shows that client's answers only.
    pg.goto(pg.url.split("#")[0])
    wait_ready(pg)
    pg.set_input_files("#open-session-file", _write(tmp_path / "one.json", session_of(ORDERLY)))
    wait_for_plans(pg)
    assert routes(pg)[0]["route"] == "orderlies-work-study"
    pg.set_input_files("#open-session-file", _write(tmp_path / "two.json", session_of(FOOD_WORKER)))
    pg.wait_for_function("() => document.querySelector('#f-work_history-0-noc').value === '94141'")
    wait_for_plans(pg)
    rows = routes(pg)
    assert rows[0]["route"] == "food-processing" and rows[0]["status"] == "reachable"
    assert all(r["route"] != "orderlies-work-study" or r["status"] == "unreachable" for r in rows)
    assert "33102" not in pg.inner_text("#profile") and pg.input_value("#f-french-oral_production") == "6"
    # Editing the profile hides answers computed for the profile before the edit.
    pg.fill("#f-french-oral_production", "9")
    assert pg.locator("#routes li.route").count() == 0
    assert "has changed" in pg.inner_text("#results-empty")


def test_an_error_replaces_the_old_results(open_page: OpenPage) -> None:
    """Defect 3 (and 5: the service's 422 next to the field, in the advisor's words)."""
    pg = open_page(fragment=link_fragment(session_of(ORDERLY)))
    pg.fill("#f-work_history-0-noc", "331")
    pg.press("#f-work_history-0-noc", "Enter")
    wait_idle(pg)
    assert pg.locator("#routes li.route").count() == 0
    summary = pg.locator("#error-summary")
    assert summary.is_visible()
    assert "Job 1 › Occupation code (NOC, 4 or 5 digits)" in summary.inner_text()
    assert "applicant." not in summary.inner_text()
    assert pg.get_attribute("#f-work_history-0-noc", "aria-invalid") == "true"
    assert pg.locator("#f-work_history-0-noc-error").is_visible()
    # Fixed: the results come back and the error goes.
    pg.fill("#f-work_history-0-noc", "33102")
    click_and_wait(pg, "[data-action='plan']")
    assert pg.locator("#error-summary").count() == 0
    assert pg.get_attribute("#f-work_history-0-noc", "aria-invalid") is None
    assert pg.locator("#routes li.route").count() == N_ROUTES
    # A service that cannot be reached: a readable message, and no stale results under it.
    pg.route("**/v1/eligibility", lambda route: route.abort("connectionrefused"))
    click_and_wait(pg, "[data-action='check']")
    assert "could not be reached" in pg.inner_text("#error-summary")
    assert pg.locator("#routes li.route").count() == 0


def test_an_impossible_date_in_a_file_is_refused_and_the_page_keeps_what_it_showed(
    open_page: OpenPage, tmp_path: Path
) -> None:
    """Defect 4: 2023-02-30 is refused with the field named; nothing changes."""
    pg = open_page(fragment=link_fragment(session_of(ORDERLY)))
    before = routes(pg)
    bad = session_of(FOOD_WORKER)
    bad["applicant"]["work_history"][0]["start"] = "2023-02-30"
    pg.set_input_files("#open-session-file", _write(tmp_path / "bad.json", bad))
    pg.wait_for_selector("#messages .banner-error")
    message = pg.inner_text("#messages")
    assert "Job 1 › Start" in message and "not a real date" in message and "nothing was changed" in message
    assert routes(pg) == before
    assert pg.input_value("#f-work_history-0-noc") == "33102"
    # A bad link is refused the same way.
    bad_birth = session_of(FOOD_WORKER)
    bad_birth["applicant"]["birth_date"] = "1992-13-01"
    pg.evaluate("(h) => { window.location.hash = h; }", link_fragment(bad_birth)[1:])
    pg.wait_for_function("() => document.querySelector('#messages').innerText.includes('Birth date')")
    assert "Link refused" in pg.inner_text("#messages")
    assert routes(pg) == before


# ---------------------------------------------------------------------- session file and link


def test_session_file_round_trip(open_page: OpenPage, tmp_path: Path) -> None:
    session = session_of(
        IT_WORKER,
        horizon_months=24,
        objective="least_effort",
        reference_wages={"21231": 118000},
        assumptions={"it_ve_general_dec": True},
        lang="en",
    )
    pg = open_page(fragment=link_fragment(session))
    with pg.expect_download() as info:
        pg.click("[data-action='save-session']")
    saved_path = tmp_path / "saved.json"
    info.value.save_as(saved_path)
    saved = json.loads(saved_path.read_text(encoding="utf-8"))
    assert saved["pilotgap_session"] == 1
    assert saved["applicant"] == IT_WORKER
    assert saved["application_date"] == PROFILE_DATE
    assert saved["horizon_months"] == 24 and saved["objective"] == "least_effort"
    assert saved["reference_wages"] == {"21231": 118000}
    assert saved["lang"] == "en" and saved["assumptions"] == {"it_ve_general_dec": True}
    assert pg.is_checked("#f-assumption-it_ve_general_dec")
    # The bare profile, for `pilotgap check`, downloads as profile.json.
    with pg.expect_download() as profile_info:
        pg.click("[data-action='export-profile']")
    assert profile_info.value.suggested_filename == "profile.json"
    profile_path = tmp_path / "profile.json"
    profile_info.value.save_as(profile_path)
    assert json.loads(profile_path.read_text(encoding="utf-8")) == IT_WORKER
    # Opened in a fresh page, the file gives the same session and the same answers.
    other = open_page()
    other.set_input_files("#open-session-file", str(saved_path))
    wait_for_plans(other)
    assert other.evaluate("() => window.pilotgapAdvisor.session()")["applicant"] == IT_WORKER
    assert routes(other) == routes(pg)
    # With the reference wage the IT-VE salary test is decided.
    assert {r["route"]: r["verdict"] for r in routes(other)}["it-ve-francophone"] != "unknown"
    # A reading of the rules set back to its default leaves the session.
    other.uncheck("#f-assumption-it_ve_general_dec")
    assert other.evaluate("() => window.pilotgapAdvisor.session()")["assumptions"] == {}


def test_a_second_link_replaces_the_first_client_entirely(open_page: OpenPage, server: str) -> None:
    first = session_of(ORDERLY, client_name="Amina Diallo")
    pg = open_page(fragment=link_fragment(first))
    pg.click("#route-orderlies-work-study [data-action='details']")
    assert pg.locator("#route-orderlies-work-study .plan").count() >= 1
    # Copy link: the fragment holds the session on screen, base64url without padding.
    pg.click("[data-action='copy-link']")
    link = pg.input_value("#session-link")
    assert link.startswith(f"{server}/#session=") and not link.endswith("=")
    assert re.fullmatch(r"[A-Za-z0-9_-]+", link.split("#session=")[1])
    # A second client's link, opened in the same page: nothing of the first remains.
    second = session_of(FOOD_WORKER, application_date="2024-07-02")
    pg.evaluate("(h) => { window.location.hash = h; }", link_fragment(second)[1:])
    pg.wait_for_function("() => document.querySelector('#f-work_history-0-noc').value === '94141'")
    wait_for_plans(pg)
    assert pg.input_value("#f-client_name") == ""
    assert pg.input_value("#f-application_date") == "2024-07-02"
    assert pg.locator(".row[data-list='diplomas']").count() == 1
    assert pg.input_value("#f-diplomas-0-level") == "secondary"
    assert pg.locator("#route-orderlies-work-study [aria-expanded='true']").count() == 0
    # Every route's plans are in the page now: none of them is the first client's.
    assert pg.locator("#route-orderlies-work-study .plan").count() == 0
    assert pg.locator("#route-food-processing .plan").count() >= 1
    assert routes(pg)[0]["route"] == "food-processing"
    assert "Amina" not in pg.inner_text("body")
    # The fragment never reaches the server: the page's own request is for "/".
    assert pg.evaluate("() => performance.getEntriesByType('navigation')[0].name").split("#")[0] == f"{server}/"


# ---------------------------------------------------------------------- what-if and questions


def test_what_if_side_by_side_recomputes_the_plans(open_page: OpenPage) -> None:
    """Defect 9: one consistent mark per route, and plans recomputed for the scenario."""
    pg = open_page(fragment=link_fragment(session_of(ORDERLY)))
    pg.click("[data-action='whatif']")
    assert "Change at least one value first." in pg.inner_text("#messages")
    assert pg.locator("#comparison").count() == 0
    pg.fill("#wi-oral_production", "7")
    click_and_wait(pg, "[data-action='whatif']")
    table = pg.locator("#comparison")
    assert table.is_visible()
    assert pg.evaluate("() => document.activeElement.id") == "comparison-title"
    study = table.locator("tr[data-route='orderlies-work-study']")
    current = study.locator("td[data-scenario='current']")
    changed = study.locator("td[data-scenario='changed']")
    assert current.get_attribute("data-status") == "reachable"
    assert current.get_attribute("data-apply-on") == "2024-09-03"
    # With level 7 now, the client only waits for 12 months after the DEP: a new, earlier plan.
    assert changed.get_attribute("data-status") == "reachable"
    assert changed.get_attribute("data-apply-on") < "2024-09-03"
    assert study.get_attribute("data-changed") == "true"
    assert study.locator(".b-changed").count() == 1
    food = table.locator("tr[data-route='food-processing']")
    assert food.get_attribute("data-changed") == "false" and food.locator(".b-changed").count() == 0
    n_changed = table.locator("tr[data-changed='true']").count()
    assert f"{n_changed} route(s) change" in pg.inner_text("#live")
    # The profile itself is untouched.
    assert pg.input_value("#f-french-oral_production") == "6"


def unsure_orderly() -> dict[str, Any]:
    """The orderly with French 7/7 who has not said whether she signs the self-sufficiency undertaking."""
    applicant = copy.deepcopy(ORDERLY)
    applicant["french"] = {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"}
    applicant["self_sufficiency_undertaking"] = None
    return applicant


def test_an_eligible_route_comes_first_with_its_window(open_page: OpenPage) -> None:
    applicant = unsure_orderly()
    applicant["self_sufficiency_undertaking"] = True
    pg = open_page(fragment=link_fragment(session_of(applicant, application_date="2024-09-03")))
    first = routes(pg)[0]
    assert first == {
        "route": "orderlies-work-study",
        "verdict": "eligible",
        "status": "eligible_now",
        "reason": "Every criterion is met.",
    }
    pg.click("#route-orderlies-work-study [data-action='details']")
    plan = pg.locator("#route-orderlies-work-study .plan").first
    assert plan.get_attribute("data-apply-on") == "2024-09-03"
    assert plan.get_attribute("data-apply-by") == "2024-12-31"
    assert "No change needed" in plan.inner_text()


def test_questions_to_ask_link_to_their_field(open_page: OpenPage) -> None:
    pg = open_page(fragment=link_fragment(session_of(unsure_orderly(), application_date="2024-09-03")))
    questions = pg.locator("#questions li")
    fields = questions.evaluate_all("els => els.map((e) => e.dataset.field)")
    # The pilots' one unknown is asked once; the PSTQ and PEQ routes (not open on that date) add their own,
    # ordered by how many routes an answer decides (the spouse, unknown here, decides six).
    assert fields.count("self_sufficiency_undertaking") == 1, fields
    item = pg.locator("#questions li[data-field='self_sufficiency_undertaking']")
    assert item.locator("strong").inner_text().startswith("Will you sign the undertaking")
    assert "Orderlies — Work-Study stream" in item.inner_text()
    item.locator("a").click()
    assert pg.evaluate("() => document.activeElement.id") == "f-self_sufficiency_undertaking"


# ---------------------------------------------------------------------- French, layouts, print


STOP_LIST = (
    "Eligible", "eligible", "Not met", "Unknown", "Reachable", "Unreachable", "Undecided", "Apply", "apply",
    "Plan gaps", "Check", "Save", "Open", "Copy", "Print", "Clear", "Details", "Results", "months", "effort of",
    "Wait", "the", "and", "with", "from", "not", "Yes", "No", "Job", "Diploma", "Start", "Regulation",
    "proven", "not_met", "french.", "lever",
    # What the service used to send in English in French answers: the references of the sources
    # ("[SEED] Seed summary: intake ...", "[3P] Third-party summaries of the IT-VE component",
    # "spouse holding an open work permit", "as amended by ministerial order", "validity of results"),
    # intake notes and the French names of the francization profiles ("profil francization").
    "Seed", "summary", "summaries", "Third-party", "third parties", "spouse", "holding", "intake", "caps",
    "ministerial", "amended", "revoked", "validity", "results", "copy", "stream", "component", "francization",
    "open until", "months of", "required", "of", "text", "through", "per", "official", "reopening", "path",
)  # fmt: skip


def english_words(text: str) -> list[str]:
    """The words of STOP_LIST in `text`. Source tags ([REG], [SEED]...) are codes the page
    names in words next to them; citations (I-0.2.1, r. 7, s. 5) read the same in both languages."""
    text = re.sub(r"\[(REG|MIFI|SEED|3P|INF)\]", "", text)
    return sorted({w for w in STOP_LIST if re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w-])", text)})


def test_french_page_has_no_english_left(open_page: OpenPage, tmp_path: Path) -> None:
    """Defects 5 and 8: every string in French, the service's 422 included; labels not clipped."""
    applicant = copy.deepcopy(ORDERLY)
    applicant["self_sufficiency_undertaking"] = None
    pg = open_page(locale="fr-CA", fragment=link_fragment(session_of(applicant)))
    assert pg.locator("html").get_attribute("lang") == "fr"
    for route in ("orderlies-work-study", "orderlies-work", "food-processing", "it-ve-francophone"):
        pg.click(f"#route-{route} [data-action='details']")
    pg.fill("#wi-oral_production", "7")
    click_and_wait(pg, "[data-action='whatif']")
    pg.click("[data-add='wages']")
    text = visible_text(pg)
    assert not english_words(text), f"English on the French page: {english_words(text)}"
    # Sources (their references included), met criteria and notes: in French too.
    open_all_details(pg)
    full = visible_text(pg, citations=True)
    assert not english_words(full), f"English on the French page: {english_words(full)}"
    assert "Résumé initial (professions comptées hors Québec)" in full  # orderlies-work experience, [SEED]
    assert "conjoint titulaire d'un permis de travail ouvert" in full  # food processing status, [REG] s. 4
    assert "Résumés de tiers du volet TI et effets visuels" in full  # IT-VE diploma, [3P]
    assert "profil francisation" in full
    assert "Au plus tard le 2024-12-31" in text and "Demande le 2024-09-03" in text
    # 8: no label or timeline entry is clipped.
    clipped = pg.evaluate(
        """() => Array.from(document.querySelectorAll('label, legend, .timeline li, .badge, button'))
              .filter((el) => el.offsetParent && !el.matches('.visually-hidden') && el.scrollWidth > el.clientWidth + 1)
              .map((el) => el.textContent)"""
    )
    assert clipped == [], clipped
    # The service's 422 message, in French, next to the field.
    pg.click("[data-action='whatif-close']")
    pg.fill("#f-work_history-0-noc", "331")
    click_and_wait(pg, "[data-action='check']")
    summary = visible_text(pg, "#error-summary")
    assert "Emploi 1 › Code de profession" in summary
    assert not re.search(r"\b(the|must|should|digits)\b", summary), summary
    pg.screenshot(path=str(tmp_path / "advisor-fr.png"))


@pytest.mark.parametrize(
    ("width", "height", "name"), [(390, 844, "phone"), (768, 1024, "tablet"), (1280, 800, "desktop")]
)
def test_layout_has_no_horizontal_scroll(
    open_page: OpenPage, tmp_path: Path, width: int, height: int, name: str
) -> None:
    """Defect 7: usable at phone, tablet and desktop sizes; the timeline is vertical on a phone."""
    pg = open_page(width=width, height=height, fragment=link_fragment(session_of(ORDERLY, client_name="Amina Diallo")))
    pg.click("#route-orderlies-work-study [data-action='details']")
    pg.click("#route-food-processing [data-action='details']")
    pg.fill("#wi-oral_production", "7")
    click_and_wait(pg, "[data-action='whatif']")
    assert not has_horizontal_scroll(pg), f"horizontal scroll at {width}×{height}"
    wide = pg.evaluate(
        """(w) => Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.offsetParent && el.getBoundingClientRect().right > w + 1)
              .map((el) => el.tagName + '.' + el.className).slice(0, 5)""",
        width,
    )
    assert wide == [], wide
    items = pg.locator("#route-orderlies-work-study .timeline").first.locator("li")
    lefts = items.evaluate_all("els => els.map((e) => Math.round(e.getBoundingClientRect().left))")
    tops = items.evaluate_all("els => els.map((e) => Math.round(e.getBoundingClientRect().top))")
    if width < 700:
        assert len(set(lefts)) == 1 and tops == sorted(tops) and len(set(tops)) == len(tops)  # a vertical list
    else:
        assert len(set(tops)) == 1 and lefts == sorted(lefts)  # a row of dated events
    # The actions stay reachable at the top however far the page is scrolled.
    pg.mouse.wheel(0, 4000)
    pg.wait_for_function("() => window.scrollY > 0")
    box = pg.locator("[data-action='plan']").bounding_box()
    assert box is not None and 0 <= box["y"] < height / 3
    pg.evaluate("() => window.scrollTo(0, 0)")
    # Two animation frames: the page is painted at the top before the screenshot (on a busy
    # machine a screenshot taken at once after the scroll could show a blank viewport).
    pg.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    pg.screenshot(path=str(tmp_path / f"advisor-{name}.png"))
    assert (tmp_path / f"advisor-{name}.png").stat().st_size > 10_000


def test_print_plan_is_one_route_on_at_most_two_a4_pages(open_page: OpenPage, tmp_path: Path) -> None:
    pg = open_page(fragment=link_fragment(session_of(ORDERLY, client_name="Amina Diallo")))
    assert pg.locator("[data-action='print-plan']").count() == N_ROUTES
    pg.click("#route-orderlies-work-study [data-action='print-plan']")
    assert pg.evaluate("() => window.__printed") == 1
    pg.emulate_media(media="print")
    shown = pg.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.getClientRects().length > 0 && !el.closest('#print-sheet'))
              .map((el) => el.tagName + '#' + el.id)"""
    )
    assert shown == [], f"shown in print besides the plan: {shown[:5]}"
    sheet = visible_text(pg, "#print-sheet")
    assert "Plan for Amina Diallo" in sheet
    assert "Orderlies — Work-Study stream" in sheet and "Orderlies — Work stream" not in sheet
    assert "Not eligible" in sheet and "Apply on 2024-09-03" in sheet and "Apply by 2024-12-31" in sheet
    assert "by 2024-09-03" in sheet and "Sources" in sheet and "Regulation" in sheet
    pdf = pg.pdf(path=str(tmp_path / "plan.pdf"), format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, pages
    # The printed plan is in the page's language.
    pg.emulate_media(media="screen")
    click_and_wait(pg, "[data-action='lang-fr']")
    wait_for_plans(pg)
    pg.click("#route-orderlies-work-study [data-action='print-plan']")
    pg.emulate_media(media="print")
    sheet_fr = visible_text(pg, "#print-sheet", citations=True)
    assert "Plan pour Amina Diallo" in sheet_fr and "Demande le 2024-09-03" in sheet_fr
    assert "Règlement" in sheet_fr and "I-0.2.1, r. 7, s. 5" in sheet_fr
    assert not english_words(sheet_fr), f"English in the French printed plan: {english_words(sheet_fr)}"
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pg.pdf(format="A4"))) <= 2


# ---------------------------------------------------------------------- static files


def test_static_files_are_cached_with_etags_and_gzipped(server: str) -> None:
    url = f"{server}/static/js/main.js"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})) as resp:
        etag = resp.headers["ETag"]
        assert resp.headers["Content-Encoding"] == "gzip"
        assert resp.headers["Cache-Control"] == "no-cache"
        assert b"import" in gzip.decompress(resp.read())
    assert etag
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request)
    assert not_modified.value.code == 304
    with urllib.request.urlopen(urllib.request.Request(f"{server}/", headers={"Accept-Encoding": "gzip"})) as resp:
        assert resp.headers["Content-Encoding"] == "gzip" and resp.headers["ETag"]
        assert b'type="module"' in gzip.decompress(resp.read())


def _write(path: Path, data: dict[str, Any]) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------- the open programs (issue 21)


def _post(server: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{server}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as resp:
        return json.load(resp)


def pstq_session(**applicant: Any) -> dict[str, Any]:
    return session_of(
        {**copy.deepcopy(PSTQ_WORKER), **applicant}, application_date=OPEN_DATE, client_name="Nadia Rahimi"
    )


def test_the_page_leads_with_the_programs_open_on_the_date(open_page: OpenPage) -> None:
    """On 2026-12-05 the PSTQ leads, open; the ended pilots are one click away, collapsed."""
    pg = open_page(fragment=link_fragment(pstq_session(spouse={"accompanying": False})))
    groups = pg.eval_on_selector_all(
        "#routes > [data-family]", "els => els.map((e) => [e.dataset.family, e.dataset.state, e.open])"
    )
    assert groups[0] == ["pstq", "open", True], groups
    assert ["pilots", "closed", False] in groups, groups
    assert [g[0] for g in groups].index("pilots") == len(groups) - 1
    assert {r["route"] for r in routes(pg, "pstq")} == {
        "pstq-high-qualification",
        "pstq-intermediate-manual",
        "pstq-regulated-professions",
        "pstq-exceptional-talent",
    }
    pilots = pg.locator("#routes [data-family='pilots']")
    assert pilots.locator("li.route").count() == PILOT_ROUTES
    assert not pilots.locator("li.route").first.is_visible()
    assert "Open on 2026-12-05" in pg.inner_text("#routes [data-family='pstq'] > summary")
    # One click opens the pilots, for a retrospective file; the page remembers it.
    pilots.locator("> summary").click()
    assert pilots.locator("li.route").first.is_visible()


def test_a_pstq_score_range_is_shown_against_the_cut_off_and_the_questions_settle_it(
    open_page: OpenPage, server: str
) -> None:
    """Spouse not said: a score range; the questions that decide the cut-off come first; the
    answers settle the score."""
    session = pstq_session()
    pg = open_page(fragment=link_fragment(session))
    ranking = _post(server, "/v1/ranking", {"applicant": session["applicant"], "application_date": OPEN_DATE})
    answer = next(r for r in ranking["routes"] if r["route"] == "pstq-high-qualification")
    card = pg.locator("#route-pstq-high-qualification")
    low, high = int(card.get_attribute("data-score-min")), int(card.get_attribute("data-score-max"))
    assert (low, high) == (answer["score"]["min"], answer["score"]["max"]) and low < high
    latest = [d for d in answer["draws"] if d["date"] == answer["draws"][0]["date"] and d["min_score"] is not None]
    assert int(card.get_attribute("data-target-score")) == max(d["min_score"] for d in latest)
    line = card.locator("[data-role='score']").inner_text()
    assert f"Score {low:,} to {high:,} of 1,400" in line and "latest cut-off" in line, line
    # The details: a bar per group and per factor, and the recorded rounds with pass / fail / unknown.
    card.locator("[data-action='details']").click()
    assert card.locator("[data-group]").count() == len(answer["groups"]) == 3
    assert card.locator("[data-factor]").count() == len(answer["factors"])
    rounds = card.locator("tr[data-passes]").evaluate_all("els => els.map((e) => e.dataset.passes)")
    assert rounds[:6] == [d["passes"] for d in answer["draws"][:6]]
    assert set(rounds) <= {"yes", "no", "unknown"}
    # The questions that decide the cut-off come first.
    items = pg.locator("#questions li").evaluate_all(
        "els => els.map((e) => [e.dataset.field, e.dataset.decidesCutoff === 'true'])"
    )
    assert items and items[0][1], items
    flags = [d for _, d in items]
    assert flags == sorted(flags, reverse=True), items
    # The advisor settles the spouse (none accompanies) and the questions asked: one score.
    pg.select_option("#f-spouse-accompanying", "no")
    for field, decides in items:
        if decides and field.startswith("work_history.0."):
            pg.select_option(f"#{pg.evaluate('(p) => window.pilotgapAdvisor.fieldId(p)', field.split('.'))}", "no")
    click_and_wait(pg, "[data-action='plan']")
    wait_for_plans(pg)
    card = pg.locator("#route-pstq-high-qualification")
    assert card.get_attribute("data-score-min") == card.get_attribute("data-score-max")
    assert pg.evaluate("() => window.pilotgapAdvisor.session()")["applicant"]["spouse"] == {"accompanying": False}
    passes = card.locator("[data-role='score'] [data-role='passes']").inner_text()
    assert passes in ("Clears it", "Below it"), passes


def test_every_route_has_its_plans_in_the_page_and_pstq_plans_have_a_score_chart(
    open_page: OpenPage, server: str
) -> None:
    """Defect: every route's plans carry data-apply-on and data-apply-by, collapsed or not;
    each PSTQ plan carries its score-over-time chart inside the plan's element."""
    session = pstq_session(spouse={"accompanying": False})
    pg = open_page(fragment=link_fragment(session))
    body = {"applicant": session["applicant"], "application_date": OPEN_DATE, "max_plans": 3}
    for objective in ("earliest", "least_effort"):
        answer = _post(server, "/v1/gaps", {**body, "objective": objective})
        for row in answer["routes"]:
            for plan in row["plans"][:1]:
                sel = f"#route-{row['route']} [data-apply-on='{plan['apply_on']}'][data-apply-by='{plan['apply_by']}']"
                assert pg.locator(sel).count() >= 1, sel
    # Nothing is opened, yet the plans are there, each with both hooks.
    assert pg.locator("[aria-expanded='true']").count() == 0
    hooks = pg.eval_on_selector_all(
        "#routes [data-apply-on]", "els => els.map((e) => [e.dataset.applyOn, e.dataset.applyBy || ''])"
    )
    assert hooks and all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", a) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", b) for a, b in hooks
    )
    plans = pg.locator("#route-pstq-high-qualification .plan[data-apply-on]")
    assert plans.count() >= 1
    for i in range(plans.count()):
        assert plans.nth(i).locator("svg[data-chart='score']").count() == 1
    chart = plans.first.locator("svg[data-chart='score']")
    target = pg.locator("#route-pstq-high-qualification").get_attribute("data-target-score")
    assert chart.locator(f".target-line[data-target='{target}']").count() == 1
    assert chart.locator("[data-marker]").count() >= 1
    pg.click("#route-pstq-high-qualification [data-action='details']")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 60


JARGON = re.compile(r"\b(undefined|null|NaN|None|true|false)\b|\b[a-z]+_[a-z_]+\b|\b(french|spouse|declaration)\.[a-z]")


def test_printed_plans_never_show_undefined_or_field_names(open_page: OpenPage, tmp_path: Path) -> None:
    """Defects of the printed client plan: every route's plan, in both languages, at most 2 A4
    pages, with the score, the target and its round, the dated steps, apply-on and apply-by."""
    cases = [
        (pstq_session(spouse={"accompanying": False}), "pstq-high-qualification"),
        (session_of({**copy.deepcopy(ORDERLY), "commits_to_learn_french": None}, client_name="Amina Diallo"), None),
    ]
    for lang in ("en", "fr"):
        for session, pstq in cases:
            pg = open_page(locale="fr-CA" if lang == "fr" else "en-CA", fragment=link_fragment(session))
            ids = pg.eval_on_selector_all("#routes li.route", "els => els.map((e) => e.dataset.route)")
            assert len(ids) == N_ROUTES
            for route in ids:
                pg.emulate_media(media="screen")
                pg.locator(f"#route-{route} [data-action='print-plan']").dispatch_event("click")
                pg.emulate_media(media="print")
                sheet = visible_text(pg, "#print-sheet")
                bad = sorted({m.group(0) for m in JARGON.finditer(sheet)})
                assert not bad, f"{lang} {route}: {bad}\n{sheet}"
                if lang == "fr":
                    assert not english_words(sheet), f"{route}: {english_words(sheet)}"
                if route == pstq:
                    card = pg.locator(f"#route-{route}")
                    target = card.get_attribute("data-target-score")
                    score = int(card.get_attribute("data-score-min"))
                    plan = card.locator(".plan[data-apply-on]").first
                    on, by = plan.get_attribute("data-apply-on"), plan.get_attribute("data-apply-by")
                    label = (
                        ("Ranking score on", "target", "Apply on", "Apply by")
                        if lang == "en"
                        else ("Pointage le", "cible", "Demande le", "Au plus tard le")
                    )
                    for word in label:
                        assert word in sheet, (word, sheet)
                    assert (
                        f"{int(target):,}".replace(",", "\u00a0" if lang == "fr" else ",") in sheet or target in sheet
                    )
                    assert str(score) in sheet.replace(",", "").replace("\u00a0", "").replace("\u202f", "")
                    assert on in sheet and by in sheet
                    assert pg.locator("#print-sheet svg[data-chart='score']").count() >= 1
                    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pg.pdf(format="A4")))
                    assert 1 <= pages <= 2, pages


def test_french_pstq_page_has_no_english_left(open_page: OpenPage) -> None:
    """The new texts (groups, score, rounds, chart, v3 inputs) in French too."""
    pg = open_page(locale="fr-CA", fragment=link_fragment(pstq_session(spouse={"accompanying": True})))
    for route in ("pstq-high-qualification", "pstq-regulated-professions", "pstq-exceptional-talent"):
        pg.click(f"#route-{route} [data-action='details']")
    open_all_details(pg)
    text = visible_text(pg)
    assert not english_words(text), f"English on the French page: {english_words(text)}"
    for phrase in (
        "Pointage",
        "Capital humain",
        "Rondes d'invitation consignées",
        "Conjoint ou conjointe",
        "Compréhension écrite",
        "Profession principale (CNP 2021, 5 chiffres)",
        "Ouvert le 2026-12-05",
    ):
        assert phrase in text, phrase
    # The v3 rows of the form, once added, in French too.
    pg.click("[data-add='residence_history']")
    pg.click("[data-add='study_history']")
    pg.click("[data-add='authorizations']")
    form = visible_text(pg, "#profile")
    assert not english_words(form), f"English in the French form: {english_words(form)}"
    assert "Dans la Communauté métropolitaine de Montréal (CMM)" in form
    labels = pg.evaluate(
        """() => Array.from(document.querySelectorAll('svg[data-chart=score] text, .chart-legend span'))
              .map((e) => e.textContent).join(' ')"""
    )
    assert not english_words(labels), labels


@pytest.mark.parametrize(
    ("width", "height", "name"), [(390, 844, "phone"), (768, 1024, "tablet"), (1280, 900, "desktop")]
)
def test_pstq_layout_and_screenshots(open_page: OpenPage, tmp_path: Path, width: int, height: int, name: str) -> None:
    pg = open_page(width=width, height=height, fragment=link_fragment(pstq_session(spouse={"accompanying": False})))
    pg.click("#route-pstq-high-qualification [data-action='details']")
    assert not has_horizontal_scroll(pg), f"horizontal scroll at {width}×{height}"
    wide = pg.evaluate(
        """(w) => Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > w + 1)
              .map((el) => el.tagName + '.' + el.className).slice(0, 5)""",
        width,
    )
    assert wide == [], wide
    pg.locator("#route-pstq-high-qualification").scroll_into_view_if_needed()
    pg.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    pg.screenshot(path=str(tmp_path / f"advisor-pstq-{name}.png"))
    assert (tmp_path / f"advisor-pstq-{name}.png").stat().st_size > 10_000
