"""Policy what-if at scale: ``pilotgap compare`` on a million profiles, baseline + reform, to Parquet.

::

    python -m benchmarks.compare              # 1,000,000 profiles, 2 workers; Dask 1/2/4 on 200,000
    python -m benchmarks.compare --n 1000000 --cohort /tmp/cohort-1m.jsonl --workers 2 --dask-n 200000
    python -m benchmarks.compare --n 100000 --dask-n 0 --explained  # also the explained-eligibility figures

The cohort is written to a JSON Lines file once (timed apart; ``--cohort`` keeps and reuses it).
Each run is the real command in a fresh process, e.g.::

    pilotgap compare COHORT.jsonl --reform examples/reforms/french-5.json --date 2024-06-03 -o OUT.parquet

reading, validating (as ``check-many`` validates) and answering every profile under both rule
sets, a chunk at a time, and streaming the rows to Parquet. Its wall time includes starting the
workers. The resident memory of the whole process tree (command and workers) is sampled every
0.2 s: its peak must stay flat in cohort size. Targets (issue 16, 2-core machine): ≤ 60 s and
peak RSS ≤ 1.5 GiB for 1,000,000 profiles. With ``--explained``, the explained-eligibility figures
of issue 16 too (``benchmarks.eligibility``: ≤ 0.2 ms a profile; ``benchmarks.batch``: 100,000
explained answers to JSON Lines in ≤ 30 s).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import (
    BENCH_DATE,
    DEFAULT_SEED,
    ROOT,
    child_env,
    emit_json,
    fmt_int,
    head_lines,
    machine,
    machine_line,
    table,
    timed_cohort,
)

REFORM = ROOT / "examples" / "reforms" / "french-5.json"
TARGETS = {
    "compare": "≤ 60 s for 1,000,000",
    "compare_rss": "≤ 1.5 GiB, flat",
    "eligibility_ms": "≤ 0.2 ms/profile",
    "batch": "≤ 30 s for 100,000",
}


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` and all its descendants, in MiB (Linux ``/proc``)."""
    total, frontier = 0, [pid]
    while frontier:
        current = frontier.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text(encoding="utf-8").splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        frontier += _children(current)
    return total / 1024


def run_command(argv: list[str]) -> dict[str, Any]:
    """Run ``argv`` to completion, sampling its process tree's memory; wall time, peak RSS, output."""
    env = child_env()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_mib(process.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({process.returncode}):\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its workers, once waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": elapsed, "cpu_s": cpu, "peak_rss_mib": peak, "stdout": out}


def compare_argv(path: Path, output: Path, backend: str, workers: int, chunk_size: int | None) -> list[str]:
    argv = [sys.executable, "-m", "solver.cli", "compare", str(path), "--reform", str(REFORM)]
    argv += ["--date", BENCH_DATE.isoformat(), "-o", str(output), "--no-progress"]
    argv += ["--backend", backend, "--workers", str(workers)]
    if chunk_size:
        argv += ["--chunk-size", str(chunk_size)]
    return argv


def _rows_in(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def run(
    n: int = 1_000_000,
    workers: int = 2,
    dask_n: int = 200_000,
    cohort: Path | None = None,
    chunk_size: int | None = None,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Write (or reuse) the cohort, then time ``pilotgap compare`` on it and the Dask speed-ups."""
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pilotgap-compare-") as tmp:
        full = cohort or Path(tmp) / f"cohort-{n}.jsonl"
        if not full.exists() or _lines(full) < n:
            out["cohort"] = timed_cohort(full, n, seed)
        path = full
        if _lines(full) != n:
            path = Path(tmp) / f"cohort-{n}.jsonl"
            head_lines(full, path, n)
        parquet = Path(tmp) / "rows.parquet"
        argv = compare_argv(path, parquet, "process", workers, chunk_size)
        result = run_command(argv)
        result.update(n=n, workers=workers, rows=_rows_in(parquet), parquet_mib=parquet.stat().st_size / 2**20)
        result["command"] = " ".join(["pilotgap", *argv[3:]])
        out["compare"] = result
        out["dask"] = []
        if dask_n:
            small = Path(tmp) / f"cohort-{dask_n}.jsonl"
            head_lines(full, small, dask_n)
            for count in (1, 2, 4):
                run_ = run_command(compare_argv(small, parquet, "dask", count, chunk_size))
                run_.update(n=dask_n, workers=count, rows=_rows_in(parquet))
                out["dask"].append(run_)
    return out


def explained() -> dict[str, Any]:
    """The explained-eligibility figures: per profile, one process; 100,000 answers to JSON Lines."""
    from benchmarks import batch, eligibility

    return {
        "eligibility": eligibility.run(5000),
        "batch": batch.run(eligibility_sizes=(100_000,), gaps_sizes=()),
    }


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target)."""
    found: list[list[str]] = []
    cohort = result.get("cohort")
    if cohort:
        found.append(
            [
                f"Cohort generation (n={fmt_int(cohort['n'])}, to JSON Lines)",
                f"{cohort['seconds']:.1f} s ({cohort['file_mib']:,.0f} MiB)",
                "",
            ]
        )
    run_ = result["compare"]
    found += [
        [
            f"compare, baseline + reform, to Parquet (n={fmt_int(run_['n'])}, {run_['workers']} workers)",
            f"{run_['seconds']:.1f} s ({fmt_int(run_['n'] / run_['seconds'])} profiles/s)",
            TARGETS["compare"] if run_["n"] >= 1_000_000 else "",
        ],
        [
            "  CPU time, command + workers",
            f"{run_['cpu_s']:.1f} s ({1e6 * run_['cpu_s'] / run_['n']:.0f} µs/profile)",
            "",
        ],
        ["  peak RSS, command + workers", f"{run_['peak_rss_mib']:,.0f} MiB", TARGETS["compare_rss"]],
        ["  rows written", f"{fmt_int(run_['rows'])} ({run_['parquet_mib']:.1f} MiB Parquet)", ""],
    ]
    dask = result.get("dask") or []
    if dask:
        base = dask[0]["seconds"]
        for d in dask:
            found.append(
                [
                    f"compare on Dask, {d['workers']} worker(s) (n={fmt_int(d['n'])})",
                    f"{d['seconds']:.1f} s, speed-up x{base / d['seconds']:.2f} (CPU {d['cpu_s']:.0f} s)",
                    "",
                ]
            )
    extra = result.get("explained")
    if extra:
        e = extra["eligibility"]
        found.append(
            [
                f"Explained eligibility, 9 routes, 1 process (n={fmt_int(e['n'])})",
                f"{e['ms_per_profile']:.3f} ms/profile",
                TARGETS["eligibility_ms"],
            ]
        )
        b = extra["batch"]["eligibility"][0]
        found.append(
            [
                f"Batch of explained answers to JSON Lines (n={fmt_int(b['n'])}, {b['workers']} workers)",
                f"{b['seconds']:.1f} s",
                TARGETS["batch"],
            ]
        )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="profiles (default 1,000,000)")
    parser.add_argument("--workers", type=int, default=2, help="process-pool workers (default 2)")
    parser.add_argument("--dask-n", type=int, default=200_000, help="profiles of the Dask runs (0: none)")
    parser.add_argument("--cohort", type=Path, default=None, help="cohort file to reuse (written when missing)")
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--explained", action="store_true", help="also the explained-eligibility figures")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    info = machine()
    result = run(args.n, args.workers, args.dask_n, args.cohort, args.chunk_size, args.seed)
    if args.explained:
        result["explained"] = explained()
    print(f"Machine: {machine_line(info)}")
    print(f"Command: {result['compare']['command']}")
    print(table(rows(result), ["Measure", "Figure", "Target"]))
    print()
    print(result["compare"]["stdout"].rstrip())
    emit_json({"machine": info, "compare": result}, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
