"""``python -m benchmarks``: every benchmark, one table, the machine and the targets.

::

    python -m benchmarks                     # full run (about 5 minutes on 2 cores)
    python -m benchmarks --quick             # reduced sizes, about 1 minute
    python -m benchmarks --gaps-n 500 --batch-n 100000 --no-loadtest --json figures.json

Sizes: ``--eligibility-n`` profiles for single-process eligibility throughput;
``--gaps-n`` for gap latency (run with max_plans 1 and 3); ``--batch-n`` (eligibility)
and ``--gaps-batch-n`` for the batch runs, each also run at ``--memory-n`` (resp. a tenth
of ``--gaps-batch-n``) to show that peak memory does not grow with the cohort;
``--load-seconds`` per endpoint for the load test. Figures, never pass/fail.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from benchmarks import (
    DEFAULT_SEED,
    OtherLoad,
    busy_note,
    emit_json,
    loadtest,
    machine,
    machine_line,
    table,
    wait_idle,
)
from benchmarks import batch as batch_bench
from benchmarks import eligibility as eligibility_bench
from benchmarks import gaps as gaps_bench

FULL = {"eligibility_n": 5_000, "gaps_n": 500, "batch_n": 100_000, "memory_n": 10_000, "gaps_batch_n": 5_000}
QUICK = {"eligibility_n": 1_000, "gaps_n": 100, "batch_n": 10_000, "memory_n": 1_000, "gaps_batch_n": 500}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes and a 10 s load test")
    parser.add_argument("--eligibility-n", type=int, default=None, metavar="N", help="default 5,000 (quick 1,000)")
    parser.add_argument("--gaps-n", type=int, default=None, metavar="N", help="default 500 (quick 100)")
    parser.add_argument("--batch-n", type=int, default=None, metavar="N", help="default 100,000 (quick 10,000)")
    parser.add_argument("--memory-n", type=int, default=None, metavar="N", help="small cohort for the memory check")
    parser.add_argument("--gaps-batch-n", type=int, default=None, metavar="N", help="default 5,000 (quick 500)")
    parser.add_argument("--workers", type=int, default=None, help="batch pool processes (default: all cores)")
    parser.add_argument("--load-seconds", type=float, default=None, help="per endpoint (default 60, quick 10)")
    parser.add_argument("--no-loadtest", action="store_true", help="skip the HTTP load test")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("eligibility", "gaps", "batch", "load"),
        default=None,
        help="run only these parts",
    )
    parser.add_argument(
        "--wait-idle", type=float, default=0, metavar="SECONDS", help="first wait up to this long for an idle machine"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots of the engine")
    parser.add_argument("--json", metavar="PATH", default=None, help="write every figure as JSON ('-': stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    for key in sizes:
        if getattr(args, key) is not None:
            sizes[key] = getattr(args, key)
    load_seconds = args.load_seconds or (10.0 if args.quick else 60.0)
    parts = set(args.only or ("eligibility", "gaps", "batch", "load"))
    if args.no_loadtest:
        parts.discard("load")

    if args.wait_idle > 0:
        wait_idle(args.wait_idle)
    info = machine()
    others: dict[str, float | None] = {}
    started = datetime.now().isoformat(timespec="seconds")
    print(f"pilotgap benchmarks, {started}; cohort seed {args.seed}", flush=True)
    print(f"Machine: {machine_line(info)}", flush=True)
    figures: dict[str, Any] = {"machine": info, "started": started, "sizes": sizes, "seed": args.seed}
    rows: list[list[str]] = []
    notes: list[str] = []
    clock = time.perf_counter()

    def section(name: str) -> None:
        print(f"... {name} ({time.perf_counter() - clock:.0f} s elapsed)", flush=True)

    if "eligibility" in parts:
        section(f"eligibility, 1 process, n={sizes['eligibility_n']}")
        with OtherLoad() as meter:
            figures["eligibility"] = eligibility_bench.run(sizes["eligibility_n"], args.seed)
        others["eligibility"] = meter.cores
        rows += eligibility_bench.rows(figures["eligibility"])
    if "gaps" in parts:
        figures["gaps"] = []
        for k in (1, 3):
            section(f"gaps latency, max_plans={k}, n={sizes['gaps_n']}")
            with OtherLoad() as meter:
                result = gaps_bench.run(sizes["gaps_n"], k, args.seed)
            others[f"gaps k={k}"] = meter.cores
            figures["gaps"].append(result)
            rows += gaps_bench.rows(result)
    if "batch" in parts:
        eligibility_sizes = sorted({sizes["memory_n"], sizes["batch_n"]})
        gaps_sizes = sorted({max(1, sizes["gaps_batch_n"] // 10), sizes["gaps_batch_n"]})
        section(f"batch, eligibility n={eligibility_sizes}, gaps n={gaps_sizes} (fresh processes)")
        with OtherLoad() as meter:
            figures["batch"] = batch_bench.run(eligibility_sizes, gaps_sizes, args.workers, None, 3, args.seed)
        others["batch"] = meter.cores
        rows += batch_bench.rows(figures["batch"])
    if "load" in parts:
        section(f"load test, 32 clients, {load_seconds:.0f} s per endpoint")
        try:
            with OtherLoad() as meter:
                figures["load"] = loadtest.run(seconds=load_seconds, seed=args.seed)
            others["load"] = meter.cores
            rows += loadtest.rows(figures["load"])
            notes.append(f"Load test server: {figures['load']['server']}; load generator on the same machine.")
        except Exception as exc:  # the API may not exist yet: report, keep the other figures
            notes.append(f"Load test not run: {type(exc).__name__}: {exc}")
    figures["seconds"] = time.perf_counter() - clock
    figures["other_processes_cores"] = others
    note = busy_note(others)
    if note:
        notes.insert(0, note)

    print()
    print(f"pilotgap benchmarks, {started} ({figures['seconds']:.0f} s)")
    print(f"Machine: {machine_line(info)}")
    print(table(rows, ["Measure", "Figure", "Target (issues 3, 6)"]))
    for note in notes:
        print(note)
    if args.profile:
        print("\nEligibility hotspots (cProfile):")
        print(eligibility_bench.profile(min(sizes["eligibility_n"], 2000), args.seed))
        print("\nGap-plan hotspots (cProfile, max_plans=3):")
        print(gaps_bench.profile(min(sizes["gaps_n"], 200), 3, args.seed))
    emit_json(figures, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
