"""Questions latency: ``solver.questions`` per profile on the nine pilot routes, one process.

::

    python -m benchmarks.questions --n 2000 [--profile]

The cohort is generated before the clock starts. Figures are given over every profile and
over the profiles with at least one ``unknown`` route (the only ones with anything to try).
Target (issue 13): ≤ 5 ms per profile.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Sequence
from typing import Any

from benchmarks import BENCH_DATE, DEFAULT_SEED, emit_json, fmt_int, machine, machine_line, percentile, table

TARGET = "≤ 5 ms"
WARM_UP = 50


def _figures(latencies: list[float]) -> dict[str, float]:
    if not latencies:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    return {
        "n": len(latencies),
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "max_ms": 1000 * max(latencies),
    }


def run(n: int = 2000, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Time ``questions`` over ``n`` cohort profiles (all nine routes, English)."""
    from solver import questions, route_verdicts
    from solver.cohort import generate_cohort

    cohort = generate_cohort(n, seed, BENCH_DATE)
    with_unknown = [("unknown" in route_verdicts(a, BENCH_DATE).values()) for a in cohort]
    for applicant in cohort[:WARM_UP]:
        questions(applicant, BENCH_DATE, programs=["pilots"])
    gc.collect()

    latencies: list[float] = []
    asked = 0
    for applicant in cohort:
        t0 = time.perf_counter()
        answer = questions(applicant, BENCH_DATE, programs=["pilots"])
        latencies.append(time.perf_counter() - t0)
        asked += len(answer.questions)
    unknown = [t for t, u in zip(latencies, with_unknown, strict=True) if u]
    return {
        "all": _figures(latencies),
        "with_unknown": _figures(unknown),
        "questions_per_profile_with_unknown": asked / max(len(unknown), 1),
    }


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target) for ``result``."""
    out = []
    for key, name in (("all", "every profile"), ("with_unknown", "profiles with an unknown route")):
        f = result[key]
        out.append(
            [
                f"Questions, 9 routes, {name} (n={fmt_int(f['n'])}) p50 / p95 / max",
                f"{f['p50_ms']:.3f} / {f['p95_ms']:.3f} / {f['max_ms']:.2f} ms",
                TARGET,
            ]
        )
    out.append(
        ["  questions per profile with an unknown route", f"{result['questions_per_profile_with_unknown']:.2f}", ""]
    )
    return out


def profile(n: int, seed: int = DEFAULT_SEED) -> str:
    """cProfile hotspots of ``questions`` over ``n`` profiles."""
    from benchmarks.profiling import hotspots
    from solver import questions
    from solver.cohort import generate_cohort

    cohort = generate_cohort(n, seed, BENCH_DATE)
    questions(cohort[0], BENCH_DATE, programs=["pilots"])
    return hotspots(lambda: [questions(a, BENCH_DATE, programs=["pilots"]) for a in cohort])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.questions", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="profiles (default 2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots")
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    info = machine()
    result = run(args.n, args.seed)
    print(f"Machine: {machine_line(info)}")
    print(table(rows(result), ["Measure", "Figure", "Target"]))
    if args.profile:
        print()
        print(profile(min(args.n, 1000), args.seed))
    emit_json({"machine": info, "questions": result}, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
