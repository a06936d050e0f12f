"""Benchmarks of the engine, the batch API and the HTTP service: figures, never pass/fail.

``python -m benchmarks`` runs them all on a seeded synthetic cohort (``solver.cohort``) and
prints one table with the machine and the targets of issues 3 and 6 next to the figures.
Each part also runs on its own:

- ``python -m benchmarks.eligibility``: eligibility throughput, one process, all nine routes;
- ``python -m benchmarks.gaps --n 500``: gap-plan latency per profile (p50/p95/max) and the
  share of plans proven optimal (issue 3);
- ``python -m benchmarks.batch``: ``evaluate_many`` / ``plan_gaps_many`` throughput on the
  process backend and the peak memory of a small and a large cohort (it must not grow);
- ``python -m benchmarks.loadtest``: 32 concurrent clients against the real uvicorn server.

Speed figures live here only: the test suite has no timing assertion.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from datetime import date
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

#: Targets of issues 3, 6, 13 and 16 on a 2-core machine (shown next to the figures, never enforced).
TARGETS: dict[str, str] = {
    "eligibility_ms": "≤ 0.2 ms/profile",
    "eligibility_rate": "≥ 5,000/s per core",
    "gaps_p50": "≤ 10 ms",  # issue 13: nine routes, apply_by included
    "gaps_p95": "≤ 30 ms",
    "gaps_optimal": "≥ 99 %",
    "batch_eligibility": "≤ 30 s for 100,000",
    "memory": "flat in cohort size",
    "load_eligibility": "≥ 500 req/s, 0 errors",
    "load_gaps": "≥ 50 req/s, 0 errors",
}

#: The project root: child processes run there, with it first on their import path (``child_env``).
ROOT = Path(__file__).resolve().parent.parent

#: The cohort's "today", and the application / planning date of every benchmark.
BENCH_DATE = date(2024, 6, 3)
DEFAULT_SEED = 20240603


def cpu_model() -> str:
    """The CPU model name from ``/proc/cpuinfo`` (or the platform's guess elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def memory_gib() -> float | None:
    """Total memory of the machine in GiB (Linux), else ``None``."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def load_average() -> float | None:
    """The 1-minute load average (runnable processes), or ``None`` where unknown."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not Unix
        return None


def _busy_cpu_seconds() -> float | None:
    """CPU seconds every process of the machine has used since boot (``/proc/stat``), or ``None``."""
    try:
        fields = Path("/proc/stat").read_text(encoding="utf-8").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` and its live descendants (Linux ``/proc``)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text(encoding="utf-8")
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()  # after "pid (comm)": state ppid ... utime stime cutime cstime
        stats[int(entry.name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / tick)
    total, frontier = 0.0, [pid]
    while frontier:
        current = frontier.pop()
        if current in stats:
            total += stats[current][1]
        frontier += [child for child, (parent, _) in stats.items() if parent == current]
    return total


class OtherLoad:
    """How much CPU *other* processes took while a benchmark ran: the machine's busy time
    (``/proc/stat``) minus this process's and its finished children's (``getrusage``), and
    minus the process trees of ``also_ours`` (e.g. a server started for the benchmark).

    Use as a context manager; ``cores`` is then the average number of cores others kept busy.
    """

    def __init__(self, also_ours: Sequence[int] = ()) -> None:
        self.cores: float | None = None
        self.also_ours = list(also_ours)

    def _own(self) -> float:
        return _own_cpu_seconds() + sum(tree_cpu_seconds(pid) for pid in self.also_ours)

    def __enter__(self) -> OtherLoad:
        import time

        self._start = (_busy_cpu_seconds(), self._own(), time.perf_counter())
        return self

    def __exit__(self, *exc: object) -> None:
        import time

        busy0, own0, t0 = self._start
        busy1, own1, t1 = _busy_cpu_seconds(), self._own(), time.perf_counter()
        if busy0 is None or busy1 is None or t1 <= t0:
            return
        self.cores = max(0.0, ((busy1 - busy0) - (own1 - own0)) / (t1 - t0))


def busy_note(others: dict[str, float | None]) -> str | None:
    """A warning when other processes took CPU during the run: wall-clock figures are then pessimistic."""
    busy = {name: c for name, c in others.items() if c is not None and c >= 0.1}
    if not busy:
        return None
    parts = ", ".join(f"{name} {c:.2f}" for name, c in busy.items())
    return (
        f"Note: other processes kept cores busy during the run (average cores used by others: {parts}; "
        f"this machine has {cores()}): wall-clock figures are pessimistic; CPU-time figures are less affected."
    )


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    from solver.rules.book import default_rulebook

    return {
        "cores": cores(),
        "cpu": cpu_model(),
        "memory_gib": memory_gib(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "ortools": _version("ortools"),
        "pydantic": _version("pydantic"),
        "platform": platform.platform(terse=True),
        "rules_version": default_rulebook().rules_version,
        "load_average_1m": load_average(),
    }


def machine_line(info: dict[str, Any]) -> str:
    """The machine as one line of text."""
    mem = f", {info['memory_gib']:.0f} GiB" if info.get("memory_gib") else ""
    return (
        f"{info['cores']} cores ({info['cpu']}){mem}; {info['python']}; OR-Tools {info['ortools']}; "
        f"pydantic {info['pydantic']}; {info['platform']}; rules {info['rules_version']}"
    ) + ("" if info.get("load_average_1m") is None else f"; load average {info['load_average_1m']:.2f}")


def wait_idle(max_seconds: float, threshold: float = 0.5) -> float | None:
    """Wait (at most ``max_seconds``) until the 1-minute load average drops below ``threshold``;
    return the load average then."""
    import time

    deadline = time.monotonic() + max_seconds
    load = load_average()
    while load is not None and load >= threshold and time.monotonic() < deadline:
        time.sleep(5)
        load = load_average()
    return load


def latency_figures(latencies: Sequence[float], elapsed: float) -> dict[str, float]:
    """Per-item milliseconds of a timed run: the mean over ``elapsed`` seconds, and the p50, p95,
    p99 and maximum of ``latencies`` (seconds each)."""
    return {
        "mean_ms": 1000 * elapsed / len(latencies),
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "p99_ms": 1000 * percentile(latencies, 99),
        "max_ms": 1000 * max(latencies),
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, linearly interpolated.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([5.0], 95)
    (2.5, 5.0)
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """A plain text table (left-aligned columns)."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(out)


def write_cohort(path: Path, n: int, seed: int = DEFAULT_SEED, reference_date: date = BENCH_DATE) -> None:
    """Write ``n`` profiles of the seeded cohort to ``path``, one JSON object per line."""
    from solver.cohort import iter_cohort

    with path.open("w", encoding="utf-8") as handle:
        for applicant in iter_cohort(n, seed, reference_date):
            handle.write(applicant.model_dump_json())
            handle.write("\n")


def timed_cohort(path: Path, n: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Write the cohort as ``write_cohort`` does (on ``BENCH_DATE``); its size, seconds and MiB."""
    start = time.perf_counter()
    write_cohort(path, n, seed, BENCH_DATE)
    return {"n": n, "seconds": time.perf_counter() - start, "file_mib": path.stat().st_size / 2**20}


def head_lines(source: Path, target: Path, n: int) -> None:
    """Copy the first ``n`` lines of ``source`` to ``target`` (a smaller cohort, the same profiles)."""
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        dst.writelines(islice(src, n))


def child_env() -> dict[str, str]:
    """This process's environment with ``ROOT`` first on ``PYTHONPATH``, for a child process."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def emit_json(result: dict[str, Any], path: str | None) -> None:
    """Write ``result`` as JSON to ``path`` (``-``: standard output); nothing when ``path`` is None."""
    if path is None:
        return
    text = json.dumps(result, indent=2, default=str)
    if path == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(path).write_text(text + "\n", encoding="utf-8")


def fmt_int(value: float) -> str:
    """A count with thousands separators.

    >>> fmt_int(12345.6)
    '12,346'
    """
    return f"{value:,.0f}"
