"""Load test of the HTTP service: concurrent httpx clients against the real uvicorn server.

::

    python -m benchmarks.loadtest                      # one uvicorn per core on free loopback ports
    python -m benchmarks.loadtest --seconds 20 --servers 1 --uvicorn-workers 2
    python -m benchmarks.loadtest --url http://127.0.0.1:8000   # a server already running

Without ``--url`` it starts ``--servers`` replicas (default one per core) of ``python -m
uvicorn api.main:app --host 127.0.0.1 --port <free>`` (each with ``--uvicorn-workers``
processes, default 1), waits for ``/health``, runs one phase per endpoint —
``--clients`` asyncio clients (default 32), each with its own ``httpx.AsyncClient`` and
keep-alive connection, spread evenly over the replicas as a load balancer would, posting
realistic cohort profiles in turn for ``--seconds`` (default 60) or ``--max-requests`` in
all, whichever comes first — then stops the servers. Loopback only: a ``--url`` on another
host is refused.

Why replicas rather than ``uvicorn --workers 2``: its worker processes share one listening
socket, and 32 keep-alive connections opened together were all accepted by the same
worker in our runs (the other stayed idle), so the figure depended on that race.

Printed per endpoint: requests, requests/s, p50/p99/max latency, and errors (any status
other than 200, or a transport error). The load generator runs on the same machine as the
server and its CPU time is reported too: on 2 cores it competes with the server.
Targets (issue 6): ≥ 500 eligibility req/s and ≥ 50 gap req/s with zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any
from urllib.parse import urlsplit

from benchmarks import (
    BENCH_DATE,
    DEFAULT_SEED,
    ROOT,
    TARGETS,
    OtherLoad,
    child_env,
    cores,
    emit_json,
    fmt_int,
    machine,
    machine_line,
    percentile,
    tree_cpu_seconds,
)
from benchmarks import table as text_table

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ENDPOINTS = {"eligibility": "/v1/eligibility", "gaps": "/v1/gaps"}
#: Never run longer than this per phase, whatever ``--seconds`` says.
MAX_SECONDS = 600


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def bodies(n: int, seed: int = DEFAULT_SEED) -> list[bytes]:
    """Request bodies for ``n`` cohort profiles (both endpoints take the same minimal body)."""
    from solver.cohort import iter_cohort

    return [
        b'{"application_date":"%s","applicant":%s}' % (BENCH_DATE.isoformat().encode(), a.model_dump_json().encode())
        for a in iter_cohort(n, seed, BENCH_DATE)
    ]


class Server:
    """A uvicorn process serving ``api.main:app`` on a loopback port, stopped on exit."""

    def __init__(self, workers: int, log: IO[str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port)]
        argv += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
        self.process = subprocess.Popen(argv, cwd=ROOT, env=child_env(), stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 90.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the server did not answer /health within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def serving(
    urls: Sequence[str] | None, replicas: int, uvicorn_workers: int, log: IO[str]
) -> Iterator[tuple[Sequence[str], list[Server]]]:
    """``urls``, or those of ``replicas`` servers started here (each answering ``/health``), and
    the servers started; they are stopped on leaving, and on a failure the tail of their ``log``
    goes to standard error."""
    started: list[Server] = []
    try:
        if not urls:
            started = [Server(uvicorn_workers, log) for _ in range(replicas)]
            for server in started:
                server.wait_ready()
            urls = [server.url for server in started]
        yield urls, started
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read()[-4000:])
        raise
    finally:
        for server in started:
            server.stop()


async def _phase(
    urls: Sequence[str], path: str, payloads: list[bytes], clients: int, seconds: float, max_requests: int
) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    headers = {"content-type": "application/json"}
    sent = ready = 0
    all_ready, go = asyncio.Event(), asyncio.Event()
    deadline = 0.0

    async def client(offset: int) -> None:
        nonlocal sent, ready
        async with httpx.AsyncClient(base_url=urls[offset % len(urls)], timeout=60.0) as http:
            # One untimed request per client opens its connection and warms the server up.
            try:
                await http.post(path, content=payloads[offset % len(payloads)], headers=headers)
            except httpx.HTTPError:
                pass  # the timed requests count the errors
            finally:
                ready += 1
                if ready == clients:
                    all_ready.set()
            await go.wait()
            while time.perf_counter() < deadline and sent < max_requests:
                body = payloads[sent % len(payloads)]
                sent += 1
                t0 = time.perf_counter()
                try:
                    response = await http.post(path, content=body, headers=headers)
                    code = str(response.status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                latencies.append(time.perf_counter() - t0)
                statuses[code] += 1

    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    await asyncio.wait_for(all_ready.wait(), timeout=120)
    cpu0, t_start = time.process_time(), time.perf_counter()
    deadline = t_start + seconds
    go.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t_start
    cpu = time.process_time() - cpu0
    ok = statuses.get("200", 0)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "requests_per_s": len(latencies) / elapsed if elapsed else float("nan"),
        "p50_ms": 1000 * percentile(latencies, 50),
        "p99_ms": 1000 * percentile(latencies, 99),
        "max_ms": 1000 * max(latencies, default=float("nan")),
        "errors": len(latencies) - ok,
        "statuses": dict(statuses),
        "client_cpu_s": cpu,
    }


def run(
    urls: Sequence[str] | None = None,
    endpoints: Sequence[str] = ("eligibility", "gaps"),
    clients: int = 32,
    seconds: float = 60.0,
    max_requests: int = 200_000,
    servers: int | None = None,
    uvicorn_workers: int = 1,
    profiles: int = 500,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Run one load phase per endpoint against ``urls`` or replicas started for the test."""
    seconds = min(seconds, MAX_SECONDS)
    payloads = bodies(profiles, seed)
    replicas = servers or cores()
    result: dict[str, Any] = {"clients": clients, "seconds": seconds, "profiles": profiles}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log, serving(urls, replicas, uvicorn_workers, log) as up:
        urls, started = up
        if started:
            result["server"] = (
                f"{replicas} x uvicorn api.main:app ({uvicorn_workers} worker process(es) each), 127.0.0.1, "
                f"clients spread evenly"
            )
        else:
            result["server"] = ", ".join(urls)
        pids = [server.process.pid for server in started]
        for name in endpoints:
            server_cpu0 = sum(tree_cpu_seconds(pid) for pid in pids)
            with OtherLoad(pids) as others:
                result[name] = asyncio.run(_phase(urls, ENDPOINTS[name], payloads, clients, seconds, max_requests))
            result[name]["other_processes_cores"] = others.cores
            if pids:
                used = sum(tree_cpu_seconds(pid) for pid in pids) - server_cpu0
                result[name]["server_cpu_ms_per_request"] = 1000 * used / max(result[name]["requests"], 1)
    return result


def _server(phase: dict[str, Any]) -> str:
    per_request = phase.get("server_cpu_ms_per_request")
    return "" if per_request is None else f"; server CPU {per_request:.1f} ms/request"


def _others(phase: dict[str, Any]) -> str:
    cores_used = phase.get("other_processes_cores")
    return "" if cores_used is None or cores_used < 0.1 else f"; other processes {cores_used:.2f} cores"


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target) for ``result``."""
    out = []
    for name in ENDPOINTS:
        phase = result.get(name)
        if not phase:
            continue
        target = TARGETS["load_eligibility"] if name == "eligibility" else TARGETS["load_gaps"]
        out.append(
            [
                f"Load {ENDPOINTS[name]}, {result['clients']} clients, {phase['seconds']:.0f} s",
                f"{phase['requests_per_s']:,.1f} req/s ({fmt_int(phase['requests'])} requests), "
                f"{phase['errors']} errors",
                target,
            ]
        )
        out.append(
            [
                "  latency p50 / p99 / max",
                f"{phase['p50_ms']:.1f} / {phase['p99_ms']:.1f} / {phase['max_ms']:.1f} ms "
                f"(load generator CPU {phase['client_cpu_s']:.0f} s{_server(phase)}{_others(phase)})",
                "",
            ]
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url", action="append", default=None, help="a running server on loopback (repeatable; default: start them)"
    )
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--seconds", type=float, default=60.0, help=f"per endpoint (default 60, at most {MAX_SECONDS})")
    parser.add_argument("--max-requests", type=int, default=200_000, help="per endpoint, at most (default 200,000)")
    parser.add_argument(
        "--endpoints", nargs="+", choices=tuple(ENDPOINTS), default=list(ENDPOINTS), help="phases to run, in order"
    )
    parser.add_argument("--servers", type=int, default=None, help="uvicorn replicas to start (default: one per core)")
    parser.add_argument("--uvicorn-workers", type=int, default=1, help="worker processes per replica (default 1)")
    parser.add_argument("--profiles", type=int, default=500, help="distinct cohort profiles sent (default 500)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    for url in args.url or []:
        host = urlsplit(url).hostname
        if host not in LOOPBACK:
            parser.error(f"--url must be on loopback ({', '.join(sorted(LOOPBACK))}), not {host!r}")
    if not 1 <= args.clients <= 256:
        parser.error("--clients must be from 1 to 256")
    if not args.seconds > 0:
        parser.error("--seconds must be positive")
    if (args.servers is not None and args.servers < 1) or args.uvicorn_workers < 1:
        parser.error("--servers and --uvicorn-workers must be at least 1")
    if args.url is None and not (ROOT / "api" / "main.py").exists():
        parser.error("api/main.py is missing: give --url of a running server")
    info = machine()
    result = run(
        args.url,
        args.endpoints,
        args.clients,
        args.seconds,
        args.max_requests,
        args.servers,
        args.uvicorn_workers,
        args.profiles,
        args.seed,
    )
    print(f"Machine: {machine_line(info)}")
    print(f"Server: {result['server']}")
    print(text_table(rows(result), ["Measure", "Figure", "Target"]))
    emit_json({"machine": info, "load": result}, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
