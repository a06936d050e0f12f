"""Batch throughput and peak memory: ``evaluate_many`` / ``plan_gaps_many`` on the process backend.

::

    python -m benchmarks.batch                                  # 10,000 and 100,000 eligibility; 500 and 5,000 gaps
    python -m benchmarks.batch --eligibility 10000 100000 --gaps 500 5000 --workers 2

The cohort is first written to a JSON Lines file (its generation is timed apart). Each run
then happens in a fresh Python process doing exactly what ``pilotgap check-many IN.jsonl
-o /dev/null`` does: read the file lazily, answer on a pool of ``--workers`` processes (all
cores by default), write one JSON line per profile. Its wall time includes starting the
pool. The peak resident memory of the consuming process and of the largest worker
(``getrusage``) are reported for a small and a large cohort: streaming keeps them flat.
Target (issue 6): 100,000 eligibility profiles in ≤ 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import (
    BENCH_DATE,
    DEFAULT_SEED,
    ROOT,
    TARGETS,
    child_env,
    cores,
    emit_json,
    fmt_int,
    head_lines,
    machine,
    machine_line,
    table,
    timed_cohort,
)


def _child(kind: str, path: str, workers: int | None, chunk_size: int | None, max_plans: int) -> dict[str, Any]:
    """One batch run in this (fresh) process; the figures as a dict."""
    from solver.batch import evaluate_many, plan_gaps_many

    start = time.perf_counter()
    options: dict[str, Any] = {"backend": "process", "workers": workers, "chunk_size": chunk_size}
    if kind == "eligibility":
        results = evaluate_many(path, BENCH_DATE, **options)
    else:
        results = plan_gaps_many(path, BENCH_DATE, max_plans=max_plans, **options)
    answered = refused = written = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for result in results:
            line = result.to_json()
            sink.write(line)
            sink.write("\n")
            written += len(line) + 1
            answered += result.ok
            refused += not result.ok
    elapsed = time.perf_counter() - start
    n = answered + refused
    me, workers_usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    consumer_cpu = me.ru_utime + me.ru_stime
    worker_cpu = workers_usage.ru_utime + workers_usage.ru_stime
    pool = workers or cores()
    return {
        "kind": kind,
        "n": n,
        "answered": answered,
        "refused": refused,
        "seconds": elapsed,
        "profiles_per_s": n / elapsed if elapsed else float("nan"),
        "output_mib": written / 2**20,
        "parent_peak_rss_mib": me.ru_maxrss / 1024,
        "worker_peak_rss_mib": workers_usage.ru_maxrss / 1024,
        "consumer_cpu_s": consumer_cpu,
        "worker_cpu_s": worker_cpu,
        "worker_cpu_ms_per_profile": 1000 * worker_cpu / n if n else float("nan"),
        # What the run would take if the pool had its cores to itself and the consumer were free.
        "cpu_bound_estimate_s": worker_cpu / pool,
        "workers": pool,
        "max_plans": max_plans if kind == "gaps" else None,
    }


def _run_child(kind: str, path: Path, workers: int | None, chunk_size: int | None, max_plans: int) -> dict[str, Any]:
    argv = [sys.executable, "-m", "benchmarks.batch", "--child", kind, "--input", str(path)]
    argv += ["--max-plans", str(max_plans)]
    if workers:
        argv += ["--workers", str(workers)]
    if chunk_size:
        argv += ["--chunk-size", str(chunk_size)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=child_env(), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"batch run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(
    eligibility_sizes: Sequence[int] = (10_000, 100_000),
    gaps_sizes: Sequence[int] = (500, 5_000),
    workers: int | None = None,
    chunk_size: int | None = None,
    max_plans: int = 3,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Generate the cohort file(s), then one fresh-process batch run per size."""
    largest = max([*eligibility_sizes, *gaps_sizes], default=0)
    out: dict[str, Any] = {"eligibility": [], "gaps": []}
    with tempfile.TemporaryDirectory(prefix="pilotgap-bench-") as tmp:
        full = Path(tmp) / f"cohort-{largest}.jsonl"
        out["cohort"] = timed_cohort(full, largest, seed)
        for kind, sizes in (("eligibility", eligibility_sizes), ("gaps", gaps_sizes)):
            for n in sizes:
                path = full
                if n != largest:
                    path = Path(tmp) / f"cohort-{n}.jsonl"
                    head_lines(full, path, n)
                out[kind].append(_run_child(kind, path, workers, chunk_size, max_plans))
    return out


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target) for ``result``."""
    table_rows: list[list[str]] = []
    cohort = result.get("cohort")
    if cohort:
        table_rows.append(
            [
                f"Cohort generation (n={fmt_int(cohort['n'])}, to JSON Lines)",
                f"{cohort['seconds']:.1f} s ({cohort['file_mib']:.0f} MiB)",
                "",
            ]
        )
    for kind in ("eligibility", "gaps"):
        for run_ in result.get(kind, []):
            what = "eligibility" if kind == "eligibility" else f"gaps, max_plans={run_['max_plans']}"
            target = TARGETS["batch_eligibility"] if kind == "eligibility" and run_["n"] >= 100_000 else ""
            table_rows.append(
                [
                    f"Batch {what}, process backend x{run_['workers']} (n={fmt_int(run_['n'])})",
                    f"{run_['seconds']:.1f} s, {fmt_int(run_['profiles_per_s'])} profiles/s",
                    target,
                ]
            )
            table_rows.append(
                [
                    "  CPU: workers / consumer",
                    f"{run_['worker_cpu_s']:.1f} s ({run_['worker_cpu_ms_per_profile']:.2f} ms/profile) / "
                    f"{run_['consumer_cpu_s']:.1f} s; workers' CPU / {run_['workers']} = "
                    f"{run_['cpu_bound_estimate_s']:.1f} s",
                    "",
                ]
            )
            table_rows.append(
                [
                    "  peak RSS: consumer / largest worker",
                    f"{run_['parent_peak_rss_mib']:.0f} / {run_['worker_peak_rss_mib']:.0f} MiB "
                    f"(output {run_['output_mib']:,.0f} MiB streamed)",
                    TARGETS["memory"],
                ]
            )
    return table_rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.batch", description=__doc__.splitlines()[0])
    parser.add_argument("--eligibility", type=int, nargs="*", default=[10_000, 100_000], metavar="N")
    parser.add_argument("--gaps", type=int, nargs="*", default=[500, 5_000], metavar="N")
    parser.add_argument("--workers", type=int, default=None, help="pool processes (default: all cores)")
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--max-plans", type=int, default=3, help="plans per route for the gaps runs (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    parser.add_argument("--child", choices=("eligibility", "gaps"), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.input, args.workers, args.chunk_size, args.max_plans)))
        return 0
    info = machine()
    result = run(args.eligibility, args.gaps, args.workers, args.chunk_size, args.max_plans, args.seed)
    print(f"Machine: {machine_line(info)}")
    print(table(rows(result), ["Measure", "Figure", "Target"]))
    emit_json({"machine": info, "batch": result}, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
