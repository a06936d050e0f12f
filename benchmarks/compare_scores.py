"""Benchmark: a cohort of PSTQ candidates scored under the baseline and a grid reform, with
pass/fail at a cut-off, to Parquet (issue 21: 1M profiles in <= 60 s, peak RSS <= 1.5 GiB, 2 cores).

::

    python -m benchmarks.compare_scores [--n 1000000] [--target-score 600] [--workers 2] [--json OUT]

Writes ``--n`` synthetic candidates (``solver.cohort.pstq``) as JSON Lines, then runs
``pilotgap compare COHORT --reform examples/reforms/written-french-5-earns-44.yaml --target-score N
--routes <the four PSTQ streams> -o rows.parquet`` in a child process and prints its wall time, CPU
seconds (the command and its workers), peak resident memory of the process tree, and rows written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks import ROOT, emit_json
from benchmarks.compare import _rows_in, run_command

REFORM = ROOT / "examples" / "reforms" / "written-french-5-earns-44.yaml"
DATE = "2026-05-15"
ROUTES = "pstq-high-qualification,pstq-intermediate-manual,pstq-regulated-professions,pstq-exceptional-talent"
TARGETS = {"seconds": 60.0, "peak_rss_mib": 1.5 * 1024}


def write_pstq_cohort(path: Path, n: int, seed: int) -> float:
    """The first ``n`` candidates of ``seed`` as JSON Lines; seconds taken."""
    from solver.cohort.pstq import iter_pstq_cohort

    start = time.perf_counter()
    with path.open("w", encoding="utf-8") as handle:
        for person in iter_pstq_cohort(n, seed=seed):
            handle.write(person.model_dump_json(exclude_defaults=True) + "\n")
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260515)
    parser.add_argument("--target-score", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=5_000)
    parser.add_argument("--json", default=None, metavar="OUT")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cohort, rows = Path(tmp) / "pstq.jsonl", Path(tmp) / "rows.parquet"
        made = write_pstq_cohort(cohort, args.n, args.seed)
        command = [sys.executable, "-m", "solver.cli", "compare", str(cohort), "--reform", str(REFORM)]
        command += ["--date", DATE, "--target-score", str(args.target_score), "--routes", ROUTES]
        command += ["-o", str(rows), "--no-progress", "--backend", "process", "--workers", str(args.workers)]
        command += ["--chunk-size", str(args.chunk_size)]
        result = run_command(command)
        written = _rows_in(rows)
    figures = {
        "profiles": args.n,
        "cohort_seconds": round(made, 1),
        "seconds": round(result["seconds"], 1),
        "cpu_s": round(result["cpu_s"], 1),
        "peak_rss_mib": round(result["peak_rss_mib"]),
        "rows": written,
        "us_per_profile_cpu": round(result["cpu_s"] / max(args.n, 1) * 1e6),
    }
    print(
        f"compare with scores: {args.n:,} PSTQ candidates x 4 streams, baseline and a grid reform, cut-off "
        f"{args.target_score}, {args.workers} workers"
    )
    print(f"  wall time        {figures['seconds']:>10,.1f} s     (target <= {TARGETS['seconds']:.0f} s)")
    print(f"  CPU time         {figures['cpu_s']:>10,.1f} s     ({figures['us_per_profile_cpu']} us a profile)")
    print(f"  peak RSS (tree)  {figures['peak_rss_mib']:>10,} MiB   (target <= {TARGETS['peak_rss_mib']:.0f} MiB)")
    print(f"  rows written     {figures['rows']:>10,}")
    print(f"  (cohort file written in {figures['cohort_seconds']} s, not counted)")
    print(result["stdout"].strip())
    emit_json(figures, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
