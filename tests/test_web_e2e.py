"""End-to-end test of the advisor web page in a real headless Chromium.

Starts the real service with uvicorn, drives Debian's Chromium (``/usr/bin/chromium``)
through Playwright, fills an orderly's profile, checks eligibility, plans the gaps,
runs a what-if, switches the page to French and reads the rendered verdicts and plan.
A screenshot of the page with its results is saved in the test's temporary folder.

No browser is downloaded: Playwright is pointed at the system Chromium. The test is
skipped when that browser is absent on a developer machine, and fails when it is
absent in CI (the ``CI`` environment variable is set).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
# Planning runs the solver for nine routes and two objectives: allow it time.
ACTION_TIMEOUT_MS = 120_000

PROFILE_DATE = "2024-06-03"


def _require_browser() -> None:
    """Skip (developer machine) or fail (CI) when the system browser or Playwright is missing."""
    in_ci = bool(os.environ.get("CI"))
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if in_ci:
            pytest.fail(f"CI is set but {reason}")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        if in_ci:
            pytest.fail(f"CI is set but the playwright package is missing: {exc}")
        pytest.skip(f"the playwright package is missing: {exc}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(base_url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base_url}/health", timeout=2) as resp:
                if resp.status == 200 and json.load(resp).get("status") == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        time.sleep(0.25)
    output = log.read_text(errors="replace")
    raise AssertionError(f"/health did not answer within {SERVER_START_TIMEOUT_S} s:\n{output}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real service (``api.main:app``) on a free local port; yields its base URL."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base_url, proc, log)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def open_page(server: str) -> Iterator[Callable[[], Any]]:
    """Opens a fresh English page of the advisor in headless Chromium at 1280×800.

    A factory called from the test body, so that a missing browser is that test's own
    outcome: skipped on a developer machine, failed in CI.
    """
    stack = contextlib.ExitStack()
    errors: list[str] = []

    def _open(locale: str = "en-CA") -> Any:
        _require_browser()
        from playwright.sync_api import sync_playwright

        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
        pg = context.new_page()
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.set_default_timeout(ACTION_TIMEOUT_MS)
        pg.goto(f"{server}/", wait_until="domcontentloaded")
        return pg

    try:
        yield _open
    finally:
        stack.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


# ---------------------------------------------------------------------- helpers


def fill_orderly_profile(pg) -> None:
    """An orderly working in Québec since 2022-05-01 with a DEP 5358 and French 7/7."""
    pg.fill("#f-birth_date", "1990-03-02")
    pg.select_option("#f-status_in_quebec", "worker")
    pg.select_option("#f-intends_to_settle_in_quebec", "yes")
    pg.select_option("#f-controls_employer", "no")
    pg.select_option("#f-respected_conditions_of_stay", "yes")
    pg.select_option("#f-self_sufficiency_undertaking", "yes")
    pg.fill("#f-french-oral_comprehension", "7")
    pg.fill("#f-french-oral_production", "7")
    pg.fill("#f-french-assessed_on", "2024-01-15")

    pg.click("#btn-add-diploma")
    dip = pg.locator("#diplomas > .row").nth(0)
    dip.locator('[data-field="level"]').select_option("vocational")
    dip.locator('[data-field="program_code"]').fill("5358")
    dip.locator('[data-field="field"]').fill("orderly")
    dip.locator('[data-field="in_quebec"]').select_option("yes")
    dip.locator('[data-field="full_time_months"]').fill("12")
    dip.locator('[data-field="obtained_on"]').fill("2022-04-15")
    dip.locator('[data-field="share_studied_in_quebec"]').fill("1")

    pg.click("#btn-add-work")
    job = pg.locator("#work > .row").nth(0)
    job.locator('[data-field="noc"]').fill("33102")
    job.locator('[data-field="naics"]').fill("623110")
    job.locator('[data-field="sector"]').fill("health")
    job.locator('[data-field="start"]').fill("2022-05-01")
    job.locator('[data-field="hours_per_week"]').fill("37.5")
    job.locator('[data-field="annual_salary"]').fill("48000")
    job.locator('[data-field="in_quebec"]').select_option("yes")
    job.locator('[data-field="employer_in_cmm"]').select_option("yes")
    job.locator('[data-field="paid"]').select_option("yes")
    job.locator('[data-field="authorized"]').select_option("yes")
    job.locator('[data-field="basic_personal_care"]').select_option("yes")

    pg.fill("#f-application_date", PROFILE_DATE)


def wait_idle(pg) -> None:
    """Wait until the page has no request in flight (the action buttons are enabled again)."""
    pg.wait_for_function("() => document.body.getAttribute('aria-busy') === 'false'", timeout=ACTION_TIMEOUT_MS)


def route_row(pg, route: str):
    return pg.locator(f"#route-{route}")


def verdict_text(pg, route: str) -> str:
    return route_row(pg, route).locator('[data-role="verdict"]').inner_text().strip()


# ---------------------------------------------------------------------- the test


def test_advisor_page_end_to_end(open_page, tmp_path: Path) -> None:
    pg = open_page()
    # The page loads in English for an English browser, with a label on every input.
    assert pg.locator("html").get_attribute("lang") == "en"
    fill_orderly_profile(pg)
    unlabelled = pg.evaluate(
        """() => Array.from(document.querySelectorAll('input, select, textarea'))
              .filter((el) => !el.id || !document.querySelector(`label[for="${el.id}"]`))
              .map((el) => el.outerHTML)"""
    )
    assert unlabelled == [], f"inputs without a <label for>: {unlabelled}"

    # Eligibility: the orderly is eligible for the work stream, not for food processing.
    pg.click("#btn-check")
    wait_idle(pg)
    assert pg.locator("#routes > li.route").count() == 9
    assert verdict_text(pg, "orderlies-work") == "Eligible"
    assert verdict_text(pg, "food-processing") == "Not eligible"
    food = route_row(pg, "food-processing")
    assert food.locator("li.crit-not_met").count() >= 1
    # Failing criteria carry their explanation and source tag.
    assert food.locator("li.crit-not_met .crit-expl").first.inner_text().strip()
    assert "[" in food.locator("li.crit-not_met .source").first.inner_text()
    assert route_row(pg, "orderlies-work").locator(".intake").inner_text().strip()

    # Gaps, both objectives: routes ranked, eligible now first, unreachable last.
    pg.click("#btn-gaps")
    wait_idle(pg)
    statuses = pg.eval_on_selector_all("#routes > li.route", "els => els.map((e) => e.dataset.status)")
    assert len(statuses) == 9 and all(statuses), statuses
    order = {"eligible_now": 0, "reachable": 1, "unreachable": 2}
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses), statuses
    assert statuses[0] == "eligible_now"
    first = pg.locator("#routes > li.route").first
    assert first.get_attribute("data-route") == "orderlies-work"
    assert first.locator('[data-role="gap-status"]').inner_text().strip() == "Eligible now"

    # The plans of the selected route: both objectives, with an apply date and a timeline.
    first.locator(".btn-show-plans").click()
    panel = pg.locator("#plan-panel")
    assert panel.locator(".plan-panel").get_attribute("data-route") == "orderlies-work"
    for objective, title in (("earliest", "Earliest"), ("least_effort", "Least effort")):
        plan = panel.locator(f'article[data-objective="{objective}"]')
        assert plan.locator("h3").inner_text().strip() == title
        assert plan.locator('[data-role="apply-on"]').first.inner_text().startswith("Apply on 2024-")
        svg = plan.locator("svg.timeline")
        assert svg.count() == 1
        assert svg.locator(".tl-apply").count() == 1
        assert svg.locator(".tl-end-line").count() == 1  # the 2026-01-01 program end
        assert svg.locator(".tl-window").count() >= 1  # intake windows from /v1/routes

    # What-if: oral production 6 instead of 7 makes the French-level routes change verdict.
    pg.fill("#wi-oral_production", "6")
    pg.click("#btn-whatif")
    wait_idle(pg)
    banner = pg.locator("#whatif-banner")
    assert banner.is_visible()
    changed = route_row(pg, "orderlies-work")
    assert "changed" in (changed.get_attribute("class") or "")
    assert verdict_text(pg, "orderlies-work") == "Not eligible"
    assert changed.locator('[data-role="changed"]').inner_text().strip() == "Changed: Eligible → Not eligible"
    pg.click("#btn-whatif-exit")
    assert pg.locator("#whatif-banner").count() == 0

    # A reachable plan: with oral production 6 the work stream needs a French change.
    pg.fill("#f-french-oral_production", "6")
    pg.click("#btn-gaps")
    wait_idle(pg)
    row = route_row(pg, "orderlies-work")
    assert row.get_attribute("data-status") == "reachable"
    row.locator(".btn-show-plans").click()
    earliest = panel.locator('article[data-objective="earliest"]')
    levers = earliest.locator("table.changes tbody tr").evaluate_all("rs => rs.map((r) => r.dataset.lever)")
    assert any(lever.startswith("french.") for lever in levers), levers
    assert earliest.locator("svg.timeline .tl-bar").count() == len(levers)

    # French: the page and the service's explanations switch language.
    pg.select_option("#lang", "fr")
    wait_idle(pg)
    assert pg.locator("html").get_attribute("lang") == "fr"
    assert pg.locator("#btn-gaps").inner_text().strip() == "Planifier les écarts"
    assert verdict_text(pg, "orderlies-work") == "Non admissible"
    assert verdict_text(pg, "food-processing") == "Non admissible"
    assert route_row(pg, "orderlies-work").locator('[data-role="gap-status"]').inner_text().strip() == "Atteignable"
    plan_fr = panel.locator('article[data-objective="earliest"]')
    assert plan_fr.locator("h3").inner_text().strip() == "Au plus tôt"
    assert panel.locator('article[data-objective="least_effort"] h3').inner_text().strip() == "Moindre effort"
    assert plan_fr.locator('[data-role="apply-on"]').first.inner_text().startswith("Demande le ")
    assert plan_fr.locator("table.changes th").first.inner_text().strip() == "Levier"

    # Screenshots at 1280×800: the ranked results, and the selected route's plans.
    pg.locator(".pane-results").evaluate("(el) => { el.scrollTop = 0; }")
    shot = tmp_path / "advisor.png"
    pg.screenshot(path=str(shot))
    panel.locator('article[data-objective="earliest"]').screenshot(path=str(tmp_path / "advisor-plan.png"))
    assert shot.stat().st_size > 10_000


def test_advisor_page_shows_422_next_to_the_field(open_page) -> None:
    pg = open_page()
    fill_orderly_profile(pg)
    job = pg.locator("#work > .row").nth(0)
    job.locator('[data-field="noc"]').fill("331")
    pg.click("#btn-check")
    wait_idle(pg)
    noc = job.locator('[data-field="noc"]')
    assert noc.get_attribute("aria-invalid") == "true"
    message = job.locator(".field-error").inner_text()
    assert "NOC" in message
    summary = pg.locator("#error-summary")
    assert summary.is_visible()
    assert "NOC" in summary.inner_text()
    # Fixing the field and checking again clears the error.
    noc.fill("33102")
    pg.click("#btn-check")
    wait_idle(pg)
    assert pg.locator(".field-error").count() == 0
    assert verdict_text(pg, "orderlies-work") == "Eligible"


def test_advisor_page_reports_an_unreachable_service(open_page) -> None:
    """A network failure is a readable message, never a blank page."""
    pg = open_page()
    pg.route("**/v1/eligibility", lambda route: route.abort("connectionrefused"))
    fill_orderly_profile(pg)
    pg.click("#btn-check")
    wait_idle(pg)
    text = pg.locator("#messages").inner_text()
    assert "could not be reached" in text
    assert pg.locator("#profile").is_visible()


def test_advisor_page_is_french_for_a_french_browser_and_round_trips_json(open_page, tmp_path: Path) -> None:
    pg = open_page(locale="fr-CA")
    assert pg.locator("html").get_attribute("lang") == "fr"
    assert pg.locator("#btn-check").inner_text().strip() == "Vérifier l'admissibilité"
    fill_orderly_profile(pg)
    # Export: the form's profile as the contract's Applicant JSON.
    pg.click("#sec-json summary")
    pg.click("#btn-export")
    exported = json.loads(pg.input_value("#json-text"))
    assert exported["work_history"][0]["noc"] == "33102"
    assert exported["work_history"][0]["end"] is None
    assert exported["french"] == {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"}
    assert exported["commits_to_learn_french"] is None  # unknown stays null
    # Import from a file, into a cleared form: the same profile comes back.
    pg.click("#btn-reset")
    assert pg.locator("#work > .row").count() == 0
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(exported), encoding="utf-8")
    pg.set_input_files("#json-file", str(profile))
    pg.wait_for_function("() => document.querySelectorAll('#work > .row').length === 1")
    pg.fill("#f-application_date", PROFILE_DATE)
    pg.click("#btn-export")
    assert json.loads(pg.input_value("#json-text")) == exported
    pg.click("#btn-check")
    wait_idle(pg)
    assert verdict_text(pg, "orderlies-work") == "Admissible"
