"""Gap-plan latency per profile on the nine pilot routes, and the share of plans proven optimal (issue 3).

The open programs have their own: ``benchmarks.pstq`` and ``benchmarks.peq_gaps``.

::

    python -m benchmarks.gaps --n 500                  # max_plans 1 and 3 (default)
    python -m benchmarks.gaps --n 500 --max-plans 3 --profile

Each profile of a seeded cohort is planned with ``solver.plan_gaps`` (default arguments:
horizon 36 months, ``earliest``, intake windows respected, the default 5 s time limit per
solve), one after the other in one process; the clock covers the whole call. Targets: p50
≤ 30 ms and p95 ≤ 100 ms per profile on the 2-core machine (issue 13: p50 ≤ 10 ms, p95 ≤ 30 ms,
``apply_by`` included), ≥ 99 % of plans proven optimal.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks import (
    BENCH_DATE,
    DEFAULT_SEED,
    TARGETS,
    emit_json,
    fmt_int,
    latency_figures,
    machine,
    machine_line,
    percentile,
    table,
)

WARM_UP = 5


def run(n: int = 500, max_plans: int = 3, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Time ``plan_gaps`` on ``n`` cohort profiles with ``max_plans`` plans per route."""
    from solver import plan_gaps
    from solver.cohort import generate_cohort

    cohort = generate_cohort(n, seed, BENCH_DATE)
    for applicant in cohort[:WARM_UP]:
        plan_gaps(applicant, BENCH_DATE, max_plans=max_plans, programs=["pilots"])
    gc.collect()

    latencies: list[float] = []
    cpu_times: list[float] = []
    statuses: Counter[str] = Counter()
    plans = optimal = timed_out_routes = profiles_all_optimal = 0
    start = time.perf_counter()
    for applicant in cohort:
        c0, t0 = time.process_time(), time.perf_counter()
        answer = plan_gaps(applicant, BENCH_DATE, max_plans=max_plans, programs=["pilots"])
        latencies.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
        all_optimal = True
        for route in answer.routes:
            statuses[route.status] += 1
            route_plans = route.plans
            plans += len(route_plans)
            proven = sum(p.optimal for p in route_plans)
            optimal += proven
            if proven < len(route_plans) or any("time limit" in r for r in route.reasons):
                timed_out_routes += 1
                all_optimal = False
        profiles_all_optimal += all_optimal
    elapsed = time.perf_counter() - start
    slowest = sorted(range(n), key=lambda i: latencies[i], reverse=True)[:5]
    return {
        "n": n,
        "max_plans": max_plans,
        "seconds": elapsed,
        **latency_figures(latencies, elapsed),
        "cpu_p50_ms": 1000 * percentile(cpu_times, 50),
        "cpu_p95_ms": 1000 * percentile(cpu_times, 95),
        "cpu_mean_ms": 1000 * sum(cpu_times) / n,
        "plans": plans,
        "plans_optimal": optimal,
        "share_plans_optimal": optimal / plans if plans else 1.0,
        "share_profiles_all_optimal": profiles_all_optimal / n,
        "routes_hitting_time_limit": timed_out_routes,
        "route_status": dict(statuses),
        "slowest": [{"index": i, "ms": round(1000 * latencies[i], 1)} for i in slowest],
    }


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target) for ``result``."""
    k, n = result["max_plans"], fmt_int(result["n"])
    status = result["route_status"]
    return [
        [f"Gaps, max_plans={k}, per profile (n={n})  p50", f"{result['p50_ms']:.1f} ms", TARGETS["gaps_p50"]],
        ["  p95", f"{result['p95_ms']:.1f} ms", TARGETS["gaps_p95"]],
        ["  p99 / max / mean", f"{result['p99_ms']:.1f} / {result['max_ms']:.1f} / {result['mean_ms']:.1f} ms", ""],
        [
            "  CPU time p50 / p95 / mean",
            f"{result['cpu_p50_ms']:.1f} / {result['cpu_p95_ms']:.1f} / {result['cpu_mean_ms']:.1f} ms",
            "",
        ],
        [
            "  plans proven optimal",
            f"{100 * result['share_plans_optimal']:.2f} % ({fmt_int(result['plans_optimal'])} of "
            f"{fmt_int(result['plans'])}); routes at time limit: {result['routes_hitting_time_limit']}",
            TARGETS["gaps_optimal"],
        ],
        [
            "  route answers",
            ", ".join(
                f"{s} {fmt_int(status.get(s, 0))}" for s in ("eligible_now", "reachable", "unreachable", "undecided")
            ),
            "",
        ],
    ]


def profile(n: int, max_plans: int, seed: int = DEFAULT_SEED) -> str:
    """cProfile hotspots of ``plan_gaps`` over ``n`` profiles."""
    from benchmarks.profiling import hotspots
    from solver import plan_gaps
    from solver.cohort import generate_cohort

    cohort = generate_cohort(n, seed, BENCH_DATE)
    plan_gaps(cohort[0], BENCH_DATE, max_plans=max_plans, programs=["pilots"])
    return hotspots(lambda: [plan_gaps(a, BENCH_DATE, max_plans=max_plans, programs=["pilots"]) for a in cohort])


def gap_benchmark_main(
    argv: Sequence[str] | None,
    prog: str,
    doc: str,
    run_one: Callable[[int, int, int], dict[str, Any]],
    rows_of: Callable[[dict[str, Any]], list[list[str]]],
    profile_of: Callable[[int, int, int], str],
    key: str,
    default_seed: int = DEFAULT_SEED,
) -> int:
    """The command line of a gap benchmark (this one and ``benchmarks.peq_gaps``): sizes, plans per
    route, seed, hotspots and JSON, with the figures printed as one table."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="profiles (default 500)")
    parser.add_argument(
        "--max-plans", type=int, nargs="+", default=[1, 3], metavar="K", help="plans per route (default: 1 and 3)"
    )
    parser.add_argument("--seed", type=int, default=default_seed)
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots (max_plans 3)")
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    info = machine()
    results = [run_one(args.n, k, args.seed) for k in args.max_plans]
    print(f"Machine: {machine_line(info)}")
    print(table([row for r in results for row in rows_of(r)], ["Measure", "Figure", "Target"]))
    if args.profile:
        print()
        print(profile_of(min(args.n, 200), max(args.max_plans), args.seed))
    emit_json({"machine": info, key: results}, args.json)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return gap_benchmark_main(argv, "python -m benchmarks.gaps", __doc__ or "", run, rows, profile, "gaps")


if __name__ == "__main__":
    raise SystemExit(main())
