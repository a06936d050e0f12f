"""Eligibility throughput: ``solver.evaluate`` on the nine pilot routes, and on all fifteen, one process.

::

    python -m benchmarks.eligibility --n 5000 [--lang fr] [--repeat 3] [--profile]

The cohort is generated (and validated into ``Applicant`` models) before the clock starts; each
figure is the best of ``--repeat`` passes over it (3 by default: the machine is shared and noisy);
a second figure includes parsing each profile from its JSON text, as a batch or the HTTP
service does. Targets: ≤ 0.2 ms per profile on the nine pilot routes, i.e. ≥ 5,000 profiles/s per
core (issues 6 and 16); ≤ 0.3 ms on all fifteen (issues 19 and 20).
Explanations are in English unless ``--lang fr``.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Sequence
from typing import Any

from benchmarks import BENCH_DATE, DEFAULT_SEED, TARGETS, emit_json, fmt_int, machine, machine_line, percentile, table

WARM_UP = 50
#: Passes over the cohort; each figure is the best one.
REPEAT = 3


def run(n: int = 5000, seed: int = DEFAULT_SEED, lang: str = "en", repeat: int = REPEAT) -> dict[str, Any]:
    """Time ``evaluate`` over ``n`` cohort profiles (the nine pilot routes, explanations in ``lang``),
    then the same profiles on all fifteen routes (the pilots, the PSTQ and the PEQ). Each figure is
    the best of ``repeat`` passes over the cohort (``timeit``'s rule on a shared machine: the other
    passes measure the neighbours too); the latencies are those of the best pilot pass."""
    from solver import Applicant, evaluate
    from solver.cohort import generate_cohort
    from solver.requests import PILOT_ROUTE_IDS

    cohort = generate_cohort(n, seed, BENCH_DATE)
    texts = [a.model_dump_json() for a in cohort]
    for applicant in cohort[:WARM_UP]:
        evaluate(applicant, BENCH_DATE, lang=lang)
    gc.collect()

    def pilots_pass() -> tuple[float, float, list[float]]:
        latencies = []
        cpu0, start = time.process_time(), time.perf_counter()
        for applicant in cohort:
            t0 = time.perf_counter()
            evaluate(applicant, BENCH_DATE, lang=lang, routes=PILOT_ROUTE_IDS)
            latencies.append(time.perf_counter() - t0)
        return time.perf_counter() - start, time.process_time() - cpu0, latencies

    def json_pass() -> tuple[float, float]:
        cpu0, start = time.process_time(), time.perf_counter()
        for text in texts:
            evaluate(Applicant.model_validate_json(text), BENCH_DATE, lang=lang, routes=PILOT_ROUTE_IDS)
        return time.perf_counter() - start, time.process_time() - cpu0

    def all_routes_pass() -> tuple[float, float]:
        cpu0, start = time.process_time(), time.perf_counter()
        for applicant in cohort:
            evaluate(applicant, BENCH_DATE, lang=lang)
        return time.perf_counter() - start, time.process_time() - cpu0

    repeat = max(1, repeat)
    elapsed, cpu, latencies = min((pilots_pass() for _ in range(repeat)), key=lambda p: p[0])
    elapsed_json, _ = min(json_pass() for _ in range(repeat))
    elapsed_all, cpu_all = min(all_routes_pass() for _ in range(repeat))

    return {
        "n": n,
        "lang": lang,
        "repeat": repeat,
        "seconds": elapsed,
        "ms_per_profile": 1000 * elapsed / n,
        "profiles_per_s": n / elapsed,
        "cpu_ms_per_profile": 1000 * cpu / n,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "max_ms": 1000 * max(latencies),
        "ms_per_profile_from_json": 1000 * elapsed_json / n,
        "profiles_per_s_from_json": n / elapsed_json,
        "all_routes_ms_per_profile": 1000 * elapsed_all / n,
        "all_routes_cpu_ms_per_profile": 1000 * cpu_all / n,
    }


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target) for ``result``."""
    n = fmt_int(result["n"])
    return [
        [
            f"Eligibility, 1 process, 9 pilot routes (n={n}{', fr' if result.get('lang') == 'fr' else ''}, "
            f"best of {result.get('repeat', 1)} passes)",
            f"{result['ms_per_profile']:.3f} ms/profile",
            TARGETS["eligibility_ms"],
        ],
        ["  throughput", f"{fmt_int(result['profiles_per_s'])} profiles/s", TARGETS["eligibility_rate"]],
        ["  CPU time", f"{result['cpu_ms_per_profile']:.3f} ms/profile", ""],
        [
            "  per profile p50 / p95 / max",
            f"{result['p50_ms']:.3f} / {result['p95_ms']:.3f} / {result['max_ms']:.2f} ms",
            "",
        ],
        [
            "  incl. parsing the JSON profile",
            f"{result['ms_per_profile_from_json']:.3f} ms/profile ({fmt_int(result['profiles_per_s_from_json'])}/s)",
            "",
        ],
        [
            "Eligibility, all 15 routes (pilots, PSTQ, PEQ)",
            f"{result['all_routes_ms_per_profile']:.3f} ms/profile "
            f"(CPU {result['all_routes_cpu_ms_per_profile']:.3f} ms)",
            "≤ 0.3 ms/profile",
        ],
    ]


def profile(n: int, seed: int = DEFAULT_SEED, lang: str = "en") -> str:
    """cProfile hotspots of ``evaluate`` over ``n`` profiles."""
    from benchmarks.profiling import hotspots
    from solver import evaluate
    from solver.cohort import generate_cohort

    cohort = generate_cohort(n, seed, BENCH_DATE)
    evaluate(cohort[0], BENCH_DATE, lang=lang)
    return hotspots(lambda: [evaluate(a, BENCH_DATE, lang=lang) for a in cohort])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.eligibility", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="profiles (default 5000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the explanations")
    parser.add_argument("--repeat", type=int, default=REPEAT, help=f"passes, each figure the best (default {REPEAT})")
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots")
    parser.add_argument("--json", metavar="PATH", default=None, help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    info = machine()
    result = run(args.n, args.seed, args.lang, args.repeat)
    print(f"Machine: {machine_line(info)}")
    print(table(rows(result), ["Measure", "Figure", "Target"]))
    if args.profile:
        print()
        print(profile(min(args.n, 2000), args.seed, args.lang))
    emit_json({"machine": info, "eligibility": result}, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
