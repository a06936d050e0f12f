"""Helpers of the advisor page's browser test (tests/test_web_e2e.py): the real server,
the system Chromium, realistic client profiles and the page's contract hooks."""

from __future__ import annotations

import base64
import copy
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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
ACTION_TIMEOUT_MS = 60_000
PROFILE_DATE = "2024-06-03"  # inside the 2023-11-23 to 2024-12-31 intake window
PILOT_ROUTES = 9  # the three pilot programs
N_ROUTES = 15  # every route of the catalogue: pilots, PSTQ (4) and PEQ (2)
OPEN_DATE = "2026-12-05"  # PSTQ open, PEQ between reception periods, the pilots ended

# The orderly of CONTRACT.md (examples/orderly.json): DEP 5358, oral French 7/6.
ORDERLY: dict[str, Any] = json.loads((REPO / "examples" / "orderly.json").read_text(encoding="utf-8"))

# A meat-plant labourer in Saint-Hyacinthe (tests/scenarios/food_worker_saint_hyacinthe.yaml).
FOOD_WORKER: dict[str, Any] = {
    "birth_date": "1992-09-14",
    "status_in_quebec": "worker",
    "intends_to_settle_in_quebec": True,
    "controls_employer": False,
    "respected_conditions_of_stay": True,
    "self_sufficiency_undertaking": True,
    "commits_to_learn_french": None,
    "expert_committee_opinion": None,
    "french": {"oral_comprehension": 6, "oral_production": 6, "assessed_on": "2024-02-20"},
    "diplomas": [
        {
            "level": "secondary",
            "program_code": None,
            "field": None,
            "in_quebec": False,
            "full_time_months": 24,
            "obtained_on": "2010-06-30",
            "share_studied_in_quebec": 0.0,
        }
    ],
    "work_history": [
        {
            "noc": "94141",
            "naics": "311615",
            "role": None,
            "in_quebec": True,
            "hours_per_week": 40,
            "paid": True,
            "authorized": True,
            "basic_personal_care": None,
            "start": "2022-10-03",
            "end": None,
            "annual_salary": 44000,
            "employer_in_cmm": False,
            "sector": None,
        }
    ],
    "job_offer": None,
}

# A software developer (NOC 21231) in Montréal with a bachelor's degree and no reference wage:
# the IT-VE salary test is unknown, so those routes are undecided, never "eligible".
IT_WORKER: dict[str, Any] = {
    "birth_date": "1990-01-01",
    "status_in_quebec": "worker",
    "intends_to_settle_in_quebec": True,
    "controls_employer": False,
    "respected_conditions_of_stay": True,
    "self_sufficiency_undertaking": True,
    "commits_to_learn_french": None,
    "expert_committee_opinion": None,
    "french": {"oral_comprehension": 7, "oral_production": 7, "assessed_on": "2024-01-15"},
    "diplomas": [
        {
            "level": "bachelor",
            "program_code": None,
            "field": "computer_science",
            "in_quebec": False,
            "full_time_months": 36,
            "obtained_on": "2015-06-01",
            "share_studied_in_quebec": 0.0,
        }
    ],
    "work_history": [
        {
            "noc": "21231",
            "naics": "541510",
            "role": None,
            "in_quebec": True,
            "hours_per_week": 37.5,
            "paid": True,
            "authorized": True,
            "basic_personal_care": None,
            "start": "2022-01-10",
            "end": None,
            "annual_salary": 95000,
            "employer_in_cmm": True,
            "sector": None,
        }
    ],
    "job_offer": None,
}


# A software developer (NOC 21231) in Montréal on OPEN_DATE, French 7/7 oral and 5/5 written,
# spouse not said: the PSTQ score is a range.
PSTQ_WORKER: dict[str, Any] = {
    "birth_date": "1993-04-10",
    "status_in_quebec": "worker",
    "intends_to_settle_in_quebec": True,
    "controls_employer": False,
    "respected_conditions_of_stay": True,
    "self_sufficiency_undertaking": True,
    "french": {
        "oral_comprehension": 7,
        "oral_production": 7,
        "written_comprehension": 5,
        "written_production": 5,
        "assessed_on": "2026-03-10",
    },
    "diplomas": [
        {
            "level": "bachelor",
            "field": "computer_science",
            "in_quebec": False,
            "full_time_months": 36,
            "obtained_on": "2016-06-01",
            "share_studied_in_quebec": 0.0,
        }
    ],
    "work_history": [
        {
            "noc": "21231",
            "naics": "541510",
            "in_quebec": True,
            "hours_per_week": 37.5,
            "paid": True,
            "authorized": True,
            "start": "2023-01-09",
            "end": None,
            "annual_salary": 85000,
            "employer_in_cmm": True,
        }
    ],
    "job_offer": None,
    "family_in_quebec": {"applicant": False, "spouse": False},
    "residence_history": [{"start": "2023-01-01", "end": None, "in_quebec": True, "in_cmm": True}],
    "principal_noc": "21231",
}


def session_of(applicant: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A session file (CONTRACT.md) for `applicant` on PROFILE_DATE."""
    return {"pilotgap_session": 1, "applicant": copy.deepcopy(applicant), "application_date": PROFILE_DATE, **extra}


def link_fragment(session: dict[str, Any]) -> str:
    """``#session=<base64url of the session JSON, no padding>``."""
    raw = json.dumps(session, ensure_ascii=False).encode("utf-8")
    return "#session=" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def require_browser() -> None:
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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The real service (``api.main:app``) under uvicorn on a free port, once /health answers."""
    port = free_port()
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
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base_url}/health", timeout=2) as resp:
                if resp.status == 200 and json.load(resp).get("status") == "ok":
                    return proc, base_url
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        time.sleep(0.25)
    proc.kill()
    raise AssertionError(
        f"/health did not answer within {SERVER_START_TIMEOUT_S} s:\n{log.read_text(errors='replace')}"
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------- page hooks


def wait_ready(pg: Any) -> None:
    pg.wait_for_selector("body[data-ready='true']", state="attached")


def wait_idle(pg: Any) -> None:
    """No request in flight: the results region is no longer aria-busy."""
    pg.wait_for_function("() => document.querySelector('#results').getAttribute('aria-busy') === 'false'")


def click_and_wait(pg: Any, selector: str) -> None:
    pg.click(selector)
    wait_idle(pg)


def open_link(pg: Any, base_url: str, session: dict[str, Any]) -> None:
    """Open a session link and wait for its eligibility and plans."""
    pg.goto(f"{base_url}/{link_fragment(session)}")
    wait_ready(pg)
    wait_for_plans(pg)


def wait_for_plans(pg: Any) -> None:
    """Every route of the catalogue is planned (each carries its gap status)."""
    pg.wait_for_function(
        f"""() => document.querySelector('#results').getAttribute('aria-busy') === 'false'
              && document.querySelectorAll('#routes li.route[data-status]').length === {N_ROUTES}"""
    )


def routes(pg: Any, family: str | None = None) -> list[dict[str, str]]:
    """The ranked routes as rendered (of one program family when given): their contract hooks
    and one-line reason, in page order."""
    scope = f"#routes [data-family='{family}'] li.route" if family else "#routes li.route"
    return pg.eval_on_selector_all(
        scope,
        """els => els.map((e) => ({route: e.dataset.route, verdict: e.dataset.verdict,
              status: e.dataset.status || '', reason: e.querySelector('[data-role=reason]').textContent}))""",
    )


def visible_text(pg: Any, root: str = "body", citations: bool = False) -> str:
    """The text a reader sees under `root`, without quoted citations (<cite>: the references of
    sources) unless `citations` is true."""
    return pg.evaluate(
        """([sel, keep]) => {
          const cites = keep ? [] : Array.from(document.querySelectorAll('cite'));
          cites.forEach((el) => { el.style.display = 'none'; });
          const text = document.querySelector(sel).innerText;
          cites.forEach((el) => { el.style.display = ''; });
          return text;
        }""",
        [root, citations],
    )


def open_all_details(pg: Any) -> None:
    """Open every <details> (criteria met, notes...), so that their text is visible too."""
    pg.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def has_horizontal_scroll(pg: Any) -> bool:
    return bool(pg.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"))
