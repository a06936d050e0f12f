"""PSTQ speed: the ranking score, eligibility for every route, and gap plans that clear the cut-off.

::

    python -m benchmarks.pstq [--n 400] [--gaps 150] [--seed 7] [--repeat 5] [--gap-repeat 3]

Profiles are random PSTQ candidates (real NOC 2021 codes, four-skill French, spouse present or
not, Québec and outside-CMM months), drawn before the clock starts. Targets (issue 19):

- ``rank`` ≤ 0.1 ms per profile and stream;
- eligibility for all 15 routes ≤ 0.3 ms per profile (the 9 pilot routes ≤ 0.2 ms);
- gaps for the 4 PSTQ routes with the default target: p50 ≤ 20 ms, p95 ≤ 60 ms, ≥ 99 % proven optimal.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
from datetime import date, timedelta
from typing import Any

ON = date(2026, 12, 5)
OCCUPATIONS = ["21232", "21231", "21211", "31301", "33102", "63200", "72410", "75101", "94140", "41220", "13110"]
PSTQ = ["pstq-high-qualification", "pstq-intermediate-manual", "pstq-regulated-professions", "pstq-exceptional-talent"]


def candidate(rng: random.Random) -> dict[str, Any]:
    """One random PSTQ candidate living in Québec (dates relative to 2026-12-05)."""
    noc = rng.choice(OCCUPATIONS)
    start = ON - timedelta(days=rng.randint(120, 2400))
    in_cmm = rng.random() < 0.6
    levels = [rng.randint(3, 10) for _ in range(4)]
    spouse: dict[str, Any] | None
    roll = rng.random()
    if roll < 0.5:
        spouse = {"accompanying": False}
    elif roll < 0.9:
        spouse = {
            "accompanying": True,
            "birth_date": (ON - timedelta(days=365 * rng.randint(22, 45))).isoformat(),
            "french": {
                "oral_comprehension": rng.randint(2, 8),
                "oral_production": rng.randint(2, 8),
                "assessed_on": (ON - timedelta(days=rng.randint(10, 500))).isoformat(),
            },
        }
    else:
        spouse = None
    return {
        "birth_date": (ON - timedelta(days=rng.randint(22 * 365, 46 * 365))).isoformat(),
        "status_in_quebec": "worker",
        "intends_to_settle_in_quebec": True,
        "self_sufficiency_undertaking": True,
        "french": {
            "oral_comprehension": levels[0],
            "oral_production": levels[1],
            "written_comprehension": levels[2],
            "written_production": levels[3],
            "assessed_on": (ON - timedelta(days=rng.randint(10, 600))).isoformat(),
        },
        "diplomas": [
            {
                "level": rng.choice(["secondary", "college_technical", "bachelor", "master"]),
                "in_quebec": rng.random() < 0.3,
                "full_time_months": rng.choice([12, 24, 36, 48]),
                "obtained_on": (start - timedelta(days=rng.randint(30, 900))).isoformat(),
            }
        ],
        "work_history": [
            {
                "noc": noc,
                "in_quebec": True,
                "hours_per_week": 40.0,
                "paid": True,
                "authorized": True,
                "start": start.isoformat(),
                "end": None,
                "employer_in_cmm": in_cmm,
            }
        ],
        "residence_history": [{"start": start.isoformat(), "end": None, "in_quebec": True, "in_cmm": in_cmm}],
        "family_in_quebec": {"applicant": rng.random() < 0.2, "spouse": False},
        "spouse": spouse,
        "principal_noc": noc,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    from solver import Applicant, evaluate, plan_gaps, rank
    from solver.requests import PILOT_ROUTE_IDS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=400, help="profiles for rank and eligibility")
    parser.add_argument("--gaps", type=int, default=150, help="profiles for gaps")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="passes for rank and eligibility, the best counts")
    parser.add_argument("--gap-repeat", type=int, default=3, help="passes for gaps, the lowest p50 counts")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    people = [Applicant.model_validate(candidate(rng)) for _ in range(args.n)]
    for p in people[:20]:
        rank(p, ON)
        evaluate(p, ON)
    gc.collect()

    def timed(call: Any, per: int) -> tuple[float, float]:
        """Wall and CPU milliseconds per item of ``call`` over every profile: the best of ``--repeat``
        passes (the machine is shared: the other passes measure the neighbours too)."""
        best: tuple[float, float] | None = None
        for _ in range(max(1, args.repeat)):
            t0, c0 = time.perf_counter(), time.process_time()
            for p in people:
                call(p)
            found = 1000 * (time.perf_counter() - t0) / per, 1000 * (time.process_time() - c0) / per
            best = found if best is None or found[0] < best[0] else best
        assert best is not None
        return best

    rank_ms, rank_cpu = timed(lambda p: rank(p, ON), len(people) * len(PSTQ))
    all_ms, all_cpu = timed(lambda p: evaluate(p, ON), len(people))
    pilots_ms, pilots_cpu = timed(lambda p: evaluate(p, ON, routes=PILOT_ROUTE_IDS), len(people))

    def gaps_pass() -> tuple[list[float], list[float], int, int, dict[str, int]]:
        latencies, cpu, plans, proven, statuses = [], [], 0, 0, {}
        for p in people[: args.gaps]:
            t0, c0 = time.perf_counter(), time.process_time()
            answer = plan_gaps(p, ON, routes=PSTQ, max_plans=1)
            latencies.append(1000 * (time.perf_counter() - t0))
            cpu.append(1000 * (time.process_time() - c0))
            for r in answer.routes:
                statuses[r.status] = statuses.get(r.status, 0) + 1
                plans += len(r.plans)
                proven += sum(plan.optimal for plan in r.plans)
        return latencies, cpu, plans, proven, statuses

    # the pass with the lowest median (every pass makes the same plans)
    passes = [gaps_pass() for _ in range(max(1, args.gap_repeat))]
    latencies, cpu, plans, proven, statuses = min(passes, key=lambda g: percentile(g[0], 50))
    print(f"profiles: {len(people)} (gaps: {len(latencies)}), seed {args.seed}, date {ON}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (2 cores; wall times grow with it, CPU times less)")
    print(f"rank and eligibility: the best of {args.repeat} passes; gaps: the pass of lowest p50 of {args.gap_repeat}")
    print(f"rank: {rank_ms:.3f} ms wall, {rank_cpu:.3f} ms CPU per profile and stream (target <= 0.1)")
    print(f"eligibility, all 15 routes: {all_ms:.3f} ms wall, {all_cpu:.3f} ms CPU per profile (target <= 0.3)")
    print(f"eligibility, 9 pilot routes: {pilots_ms:.3f} ms wall, {pilots_cpu:.3f} ms CPU per profile (target <= 0.2)")
    print(
        f"gaps, 4 PSTQ routes, default target: p50 {percentile(latencies, 50):.1f} ms, "
        f"p95 {percentile(latencies, 95):.1f} ms, p99 {percentile(latencies, 99):.1f} ms wall; CPU p50 "
        f"{percentile(cpu, 50):.1f} ms, p95 {percentile(cpu, 95):.1f} ms (targets p50 <= 20, p95 <= 60)"
    )
    share = 100 * proven / plans if plans else 100.0
    print(f"plans proven optimal: {proven} of {plans} ({share:.1f} %, target >= 99 %); statuses {statuses}")


if __name__ == "__main__":
    main()
