"""The real service: uvicorn in a subprocess on a free loopback port, exercised over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from solver.rules.book import default_rulebook

REPO = Path(__file__).resolve().parents[1]
DATE = "2024-06-03"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_health(process: subprocess.Popen[bytes], base: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"the server exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(f"{base}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not answer /health within {timeout_s} s")


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=REPO, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen[bytes]) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output.decode()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    process = start(
        [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
        {"PILOTGAP_SOLVE_TIME_LIMIT_S": "10"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(process, base)
        yield base
    finally:
        log = stop(process)
        # What the server logged: requests and timings, never a profile.
        assert "1994-03-02" not in log
        assert "Traceback" not in log


def orderly() -> dict[str, object]:
    data: dict[str, object] = json.loads((REPO / "examples" / "orderly.json").read_text())
    return data


def test_health_over_http(server: str) -> None:
    response = httpx.get(f"{server}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "rules_version": default_rulebook().rules_version}


def test_eligibility_over_http(server: str) -> None:
    response = httpx.post(
        f"{server}/v1/eligibility",
        json={"applicant": orderly(), "application_date": DATE, "routes": ["orderlies-work", "orderlies-work-study"]},
        headers={"Accept-Language": "fr-CA,fr;q=0.9"},
        timeout=30,
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["rules_version"] == default_rulebook().rules_version
    work = answer["routes"][0]
    assert (work["route"], work["verdict"], work["intake"]["open"]) == ("orderlies-work", "not_eligible", True)
    french = next(c for c in work["criteria"] if c["id"] == "oral_french")
    assert french["explanation"].startswith("Compréhension orale 7, production orale 6")


def test_gaps_over_http(server: str) -> None:
    response = httpx.post(
        f"{server}/v1/gaps",
        json={"applicant": orderly(), "application_date": DATE, "routes": ["orderlies-work-study"], "max_plans": 2},
        timeout=60,
    )
    assert response.status_code == 200
    route = response.json()["routes"][0]
    assert route["status"] == "reachable"
    best = route["plans"][0]
    assert (best["apply_on"], best["optimal"]) == ("2024-09-03", True)
    assert {"lever": "french.oral_production", "from": 6, "to": 7}.items() <= next(
        c for c in best["changes"] if c["lever"] == "french.oral_production"
    ).items()


def test_refusals_over_http(server: str) -> None:
    malformed = httpx.post(
        f"{server}/v1/gaps", content=b'{"applicant": ', headers={"Content-Type": "application/json"}, timeout=10
    )
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["field"] == "body"
    oversize = httpx.post(
        f"{server}/v1/eligibility",
        content=b"[" + b" " * (300 * 1024) + b"]",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert oversize.status_code == 413
    assert oversize.json()["detail"][0]["type"] == "body_too_large"


def test_python_m_api_serves_on_the_configured_port() -> None:
    port = free_port()
    process = start([sys.executable, "-m", "api"], {"PILOTGAP_PORT": str(port), "PILOTGAP_HOST": "127.0.0.1"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(process, base)
        assert httpx.get(f"{base}/v1/routes", timeout=10).json()["routes"][0]["route"] == "food-processing"
        assert httpx.get(f"{base}/", timeout=10).headers["content-type"].startswith("text/html")
    finally:
        log = stop(process)
    assert "GET /v1/routes 200" in log


def test_disconnect_mid_upload_and_forged_paths_are_logged_plainly() -> None:
    port = free_port()
    process = start([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)], {})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(process, base)
        # A client announces 4000 bytes, sends 100 and goes away.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            head = (
                "POST /v1/eligibility HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 4000\r\n\r\n"
            )
            sock.sendall(head.encode() + b'{"applicant": {"birth_date": "1994-03-02"' + b" " * 58)
        # %0A decodes to a line break in the path: written raw it would forge a log line.
        forged = httpx.get(f"{base}/health%0A2026-12-04 12:00:00,000 INFO pilotgap.api: GET /admin 200", timeout=5)
        assert forged.status_code == 404
        assert httpx.get(f"{base}/health", timeout=5).status_code == 200
    finally:
        log = stop(process)
    assert "POST /v1/eligibility client disconnected before the request was read" in log
    assert "Traceback" not in log and " 500 " not in log and "ERROR" not in log
    assert "/health\\u000a2026-12-04 12:00:00,000 INFO" in log
    assert not any(line.startswith("2026-12-04 12:00:00,000") for line in log.splitlines())
    assert "1994-03-02" not in log
