"""Soak test: 32 concurrent clients for 60 s against the real uvicorn server, mixed traffic.

::

    python -m benchmarks.soak                         # one uvicorn per core on free loopback ports
    python -m benchmarks.soak --seconds 20 --clients 16
    python -m benchmarks.soak --url http://127.0.0.1:8000   # a server already running (loopback only)
    python -m benchmarks.soak --mix 10:1:2            # eligibility : gaps : invalid, per cycle of each client

Each client keeps one keep-alive connection and sends, in turn, a mix of valid eligibility
requests (60 %), valid gap requests (20 %) and invalid bodies (20 %) by default (``--mix``
changes the shares; invalid bodies: wrong JSON types, a duplicate key, malformed JSON, an
unknown route, a control character, a salary of 1e308...)
built from realistic cohort profiles on 2024-06-03. A valid request must get 200 and an
invalid one 422; anything else is counted as unexpected.

Printed: requests/s overall and per kind, p50 / p99 latency per kind, the count of 5xx
answers, of connection (transport) errors and of other unexpected statuses. The load
generator runs on the same machine (its CPU time is printed): on 2 cores it competes with
the server, and so does anything else running. Targets (issue 14): 0 5xx, 0 connection
errors, ≥ 500 eligibility req/s, ≥ 50 gap req/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from benchmarks import BENCH_DATE, DEFAULT_SEED, ROOT, OtherLoad, cores, emit_json, machine, machine_line, percentile
from benchmarks import table as text_table
from benchmarks.loadtest import LOOPBACK, MAX_SECONDS, bodies, serving

#: The default cycle of each client: 6 eligibility, 2 gaps, 2 invalid (``--mix 6:2:2``).
DEFAULT_MIX = (6, 2, 2)


def mix_cycle(eligibility: int, gaps: int, invalid: int) -> tuple[str, ...]:
    """The order in which each client cycles through the kinds of request."""
    return ("eligibility",) * eligibility + ("gaps",) * gaps + ("invalid",) * invalid


PATHS = {"eligibility": "/v1/eligibility", "gaps": "/v1/gaps"}
EXPECTED = {"eligibility": 200, "gaps": 200, "invalid": 422}


def invalid_bodies(valid: bytes) -> list[tuple[str, bytes]]:
    """Bodies the service must refuse with 422, each with the path it is posted to."""
    good = json.loads(valid)
    applicant = good["applicant"]

    def variant(**changes: Any) -> bytes:
        return json.dumps({**good, "applicant": {**applicant, **changes}}).encode()

    date = BENCH_DATE.isoformat()
    episode = {"start": "2023-07-01", "noc": "33102", "annual_salary": True}
    return [
        ("/v1/eligibility", variant(controls_employer="yes")),
        ("/v1/eligibility", variant(birth_date=762566400)),
        ("/v1/eligibility", variant(french={"oral_comprehension": "7", "oral_production": 7})),
        ("/v1/eligibility", variant(work_history=[episode])),
        ("/v1/eligibility", b'{"applicant": {"paid": true, "paid": false}, "application_date": "%s"}' % date.encode()),
        ("/v1/eligibility", b'{"applicant": {"birth_date": "1994-03-02"'),
        ("/v1/eligibility", json.dumps({**good, "routes": ["orderlies"]}).encode()),
        ("/v1/gaps", variant(work_history=[{"start": "2023-07-01", "sector": "ai\nINFO forged"}])),
        ("/v1/gaps", json.dumps({**good, "horizon_months": 500}).encode()),
        (
            "/v1/what-if",
            json.dumps({**good, "changes": [{"lever": "salary", "to": 1e308}]}).encode(),
        ),
    ]


async def _soak(
    urls: Sequence[str], valid: list[bytes], clients: int, seconds: float, mix: tuple[str, ...]
) -> dict[str, Any]:
    import httpx

    bad = invalid_bodies(valid[0])
    latencies: dict[str, list[float]] = defaultdict(list)
    unexpected: Counter[str] = Counter()
    server_errors = connection_errors = 0
    headers = {"content-type": "application/json"}
    ready = 0
    all_ready, go = asyncio.Event(), asyncio.Event()
    deadline = 0.0

    def request_for(kind: str, n: int) -> tuple[str, bytes]:
        if kind == "invalid":
            return bad[n % len(bad)]
        return PATHS[kind], valid[n % len(valid)]

    async def client(offset: int) -> None:
        nonlocal ready, server_errors, connection_errors
        async with httpx.AsyncClient(base_url=urls[offset % len(urls)], timeout=60.0) as http:
            try:  # one untimed request opens the connection
                await http.get("/health")
            except httpx.HTTPError:
                pass
            finally:
                ready += 1
                if ready == clients:
                    all_ready.set()
            await go.wait()
            n = offset
            while time.perf_counter() < deadline:
                kind = mix[n % len(mix)]
                path, body = request_for(kind, n // len(mix) + offset)
                n += 1
                t0 = time.perf_counter()
                try:
                    response = await http.post(path, content=body, headers=headers)
                except httpx.HTTPError as exc:
                    connection_errors += 1
                    unexpected[f"{kind}: {type(exc).__name__}"] += 1
                    continue
                latencies[kind].append(time.perf_counter() - t0)
                if response.status_code >= 500:
                    server_errors += 1
                if response.status_code != EXPECTED[kind]:
                    unexpected[f"{kind}: {response.status_code}"] += 1

    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    await asyncio.wait_for(all_ready.wait(), timeout=120)
    cpu0, start = time.process_time(), time.perf_counter()
    deadline = start + seconds
    go.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    total = sum(len(v) for v in latencies.values())
    kinds = {
        kind: {
            "requests": len(values),
            "requests_per_s": len(values) / elapsed,
            "p50_ms": 1000 * percentile(values, 50),
            "p99_ms": 1000 * percentile(values, 99),
        }
        for kind, values in sorted(latencies.items())
    }
    return {
        "clients": clients,
        "seconds": elapsed,
        "requests": total,
        "requests_per_s": total / elapsed,
        "kinds": kinds,
        "server_errors_5xx": server_errors,
        "connection_errors": connection_errors,
        "unexpected": dict(unexpected),
        "client_cpu_s": time.process_time() - cpu0,
    }


def run(
    urls: Sequence[str] | None,
    clients: int,
    seconds: float,
    servers: int | None,
    profiles: int,
    seed: int,
    mix: tuple[int, int, int] = DEFAULT_MIX,
) -> dict[str, Any]:
    """Start the servers (unless ``urls``), soak them, stop them."""
    valid = bodies(profiles, seed)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        with serving(urls, servers or cores(), 1, log) as (urls, started):
            with OtherLoad([s.process.pid for s in started]) as others:
                result = asyncio.run(_soak(urls, valid, clients, min(seconds, MAX_SECONDS), mix_cycle(*mix)))
            result["mix"] = ":".join(map(str, mix))
            result["other_processes_cores"] = others.cores
            result["server"] = f"{len(started)} x uvicorn api.main:app on 127.0.0.1" if started else ", ".join(urls)
        log.seek(0)  # the servers have stopped
        server_log = log.read()
    result["server_tracebacks"] = server_log.count("Traceback") + server_log.count("internal error on")
    return result


def rows(result: dict[str, Any]) -> list[list[str]]:
    out = [
        [
            f"All requests, {result['clients']} clients, {result['seconds']:.0f} s",
            f"{result['requests_per_s']:,.1f} req/s ({result['requests']:,} requests)",
            "",
        ]
    ]
    targets = {"eligibility": "≥ 500 req/s", "gaps": "≥ 50 req/s", "invalid": "422 each"}
    for kind, figures in result["kinds"].items():
        rate, p50, p99 = figures["requests_per_s"], figures["p50_ms"], figures["p99_ms"]
        out.append([f"  {kind}", f"{rate:,.1f} req/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms", targets.get(kind, "")])
    out.append(["5xx answers", str(result["server_errors_5xx"]), "0"])
    out.append(["Connection errors", str(result["connection_errors"]), "0"])
    out.append(["Other unexpected statuses", json.dumps(result["unexpected"]) if result["unexpected"] else "0", "0"])
    out.append(["Tracebacks / internal errors logged", str(result["server_tracebacks"]), "0"])
    cores_used = result.get("other_processes_cores")
    others = "" if cores_used is None else f"; other processes {cores_used:.2f} cores"
    out.append(["Load generator CPU", f"{result['client_cpu_s']:.0f} s{others}", ""])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", default=None, help="a running server on loopback (repeatable)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--seconds", type=float, default=60.0, help=f"duration (default 60, at most {MAX_SECONDS})")
    parser.add_argument("--servers", type=int, default=None, help="uvicorn replicas to start (default: one per core)")
    parser.add_argument("--profiles", type=int, default=300, help="distinct cohort profiles sent (default 300)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--mix", default="6:2:2", help="eligibility:gaps:invalid requests in each client's cycle (default 6:2:2)"
    )
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    try:
        mix = tuple(int(part) for part in args.mix.split(":"))
    except ValueError:
        mix = ()
    if len(mix) != 3 or min(mix) < 0 or sum(mix) == 0:
        parser.error("--mix is three whole numbers E:G:I, not all zero")
    for url in args.url or []:
        if urlsplit(url).hostname not in LOOPBACK:
            parser.error("--url must be on loopback")
    if not 1 <= args.clients <= 256 or not args.seconds > 0:
        parser.error("--clients must be from 1 to 256 and --seconds positive")
    if args.url is None and not (ROOT / "api" / "main.py").exists():
        parser.error("api/main.py is missing: give --url of a running server")
    info = machine()
    result = run(args.url, args.clients, args.seconds, args.servers, args.profiles, args.seed, (mix[0], mix[1], mix[2]))
    print(f"Machine: {machine_line(info)}")
    print(f"Server: {result['server']}; mix eligibility:gaps:invalid {result['mix']}")
    print(text_table(rows(result), ["Measure", "Figure", "Target"]))
    emit_json({"machine": info, "soak": result}, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
