"""Gap-plan latency for the two PEQ routes, and the share of plans proven optimal (issue 20).

::

    python -m benchmarks.peq_gaps --n 500                 # max_plans 1 and 3 (default)
    python -m benchmarks.peq_gaps --n 500 --max-plans 3 --profile

Profiles are drawn from a seeded generator of PEQ clients (``peq_cohort``): Québec graduates
(a bachelor's, master's or doctorate, a technical or general DEC, a DEP of 900 to 1,800 hours,
some from outside Québec, obtained from 2020 to 2026, around the reference date 2025-11-19) and
temporary workers (Québec jobs in TEER 0 to 4 occupations, started from 2021 to 2026, some ended),
with French levels from 4 to 9 assessed from 2023 to 2026 (written levels sometimes unknown), an
accompanying spouse or not (or unknown), and a few unknown declarations. Each is planned with
``solver.plan_gaps`` for ``peq-quebec-graduates`` and ``peq-temporary-workers`` from a date in or
just before the first reception period (2026-06-01 to 2026-10-15; horizon 36 months, ``earliest``,
windows respected, the default time limit), one after the other in one process; the clock covers
the whole call. Targets (issue 20): p50 ≤ 10 ms per profile, ≥ 99 % of plans proven optimal.
"""

from __future__ import annotations

import gc
import random
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from benchmarks import fmt_int, latency_figures
from benchmarks.gaps import gap_benchmark_main

WARM_UP = 5
PEQ_ROUTES = ["peq-quebec-graduates", "peq-temporary-workers"]
DEFAULT_SEED = 20260702
TARGETS = {"p50": "≤ 10 ms", "optimal": "≥ 99 %"}
#: Planning dates: before the period opens, on its first day, inside it, near its close.
START_DATES = [date(2026, 6, 1), date(2026, 7, 2), date(2026, 7, 15), date(2026, 8, 1), date(2026, 10, 15)]
#: Québec occupations (NOC 2021) by TEER: managers, professionals, technicians, trades, sales and service.
NOCS = {
    0: ["00012", "60030"],
    1: ["21231", "11100", "31301", "41200"],
    2: ["22220", "72410", "62020", "32101"],
    3: ["63200", "72106", "33102", "64301"],
    4: ["64100", "65102", "44101"],
}
#: Diploma levels, weighted as a Québec graduates' clientele (most eligible, some not).
DIPLOMAS = ["bachelor"] * 6 + ["master"] * 4 + ["doctorate"] * 2 + ["college_technical"] * 6
DIPLOMAS += ["college"] * 2 + ["vocational"] * 4 + ["secondary"]
#: The three years before the reference date, where most clients' diplomas and jobs fall.
WINDOW = (date(2022, 11, 19), date(2025, 11, 19))


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _french(rng: random.Random, written: bool) -> dict[str, Any] | None:
    if rng.random() < 0.05:
        return None
    oral = rng.choice([5, 6, 6, 7, 7, 7, 7, 8, 8, 9])
    french: dict[str, Any] = {
        "oral_comprehension": max(4, min(12, oral + rng.choice([-1, 0, 0, 1]))),
        "oral_production": oral,
        "assessed_on": _day(rng, date(2024, 3, 1), date(2026, 5, 31)).isoformat(),
    }
    if written or rng.random() < 0.5:
        french["written_comprehension"] = rng.choice([4, 5, 5, 6, 7])
        french["written_production"] = rng.choice([4, 5, 5, 5, 6])
    elif rng.random() < 0.3:
        french["written_comprehension"] = None
    return french


def _spouse(rng: random.Random) -> dict[str, Any] | None:
    draw = rng.random()
    if draw < 0.55:
        return {"accompanying": False}
    if draw < 0.6:
        return None  # unknown
    french = {
        "oral_comprehension": rng.choice([2, 3, 4, 5, 6]),
        "oral_production": rng.choice([2, 3, 4, 5]),
        "assessed_on": _day(rng, date(2024, 1, 1), date(2026, 5, 31)).isoformat(),
    }
    return {"accompanying": True, "french": french if rng.random() < 0.8 else None}


def _job(rng: random.Random, graduate: bool) -> dict[str, Any]:
    teer = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 3, 4] if not graduate else [1, 2, 3, 4])
    first, last = (date(2021, 1, 1), date(2024, 2, 29)) if rng.random() < 0.7 else (date(2021, 1, 1), date(2026, 3, 31))
    start = _day(rng, first, last)
    ended = rng.random() < 0.15
    end = _day(rng, start + timedelta(days=90), date(2026, 9, 30)) if ended else None
    return {
        "noc": rng.choice(NOCS[teer]),
        "in_quebec": rng.random() < 0.95,
        "hours_per_week": rng.choice([37.5, 40.0, 35.0, 30.0, 20.0]),
        "paid": True,
        "authorized": rng.random() < 0.97,
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
    }


def _diploma(rng: random.Random) -> dict[str, Any]:
    level = rng.choice(DIPLOMAS)
    diploma: dict[str, Any] = {
        "level": level,
        "in_quebec": rng.random() < 0.9,
        "obtained_on": _day(
            rng, *(WINDOW if rng.random() < 0.75 else (date(2020, 5, 1), date(2026, 6, 30)))
        ).isoformat(),
    }
    if level == "vocational":
        diploma["hours"] = rng.choice([900, 1350, 1470, 1800, 1800, 1860, None])
    return diploma


def peq_profile(rng: random.Random) -> dict[str, Any]:
    """One PEQ client: a Québec graduate (about half) or a temporary worker."""
    graduate = rng.random() < 0.5
    birth = _day(rng, date(1975, 1, 1), date(2004, 12, 31))
    maybe = [True] * 18 + [None, False]
    profile: dict[str, Any] = {
        "birth_date": birth.isoformat(),
        "status_in_quebec": rng.choice(["worker", "worker", "student", "spouse_open_work_permit"]),
        "intends_to_settle_in_quebec": rng.choice(maybe),
        "respected_conditions_of_stay": rng.choice(maybe),
        "self_sufficiency_undertaking": rng.choice([True] * 8 + [None, False]),
        "french": _french(rng, graduate),
        "spouse": _spouse(rng),
        "diplomas": [_diploma(rng)] if graduate or rng.random() < 0.4 else [],
        "work_history": [
            _job(rng, graduate) for _ in range(rng.choice([0, 1, 1, 2]) if graduate else rng.choice([1, 1, 2]))
        ],
    }
    return profile


def peq_cohort(n: int, seed: int = DEFAULT_SEED) -> list[tuple[dict[str, Any], date]]:
    """``n`` (profile, planning date) pairs, seeded."""
    rng = random.Random(seed)
    return [(peq_profile(rng), rng.choice(START_DATES)) for _ in range(n)]


def run(n: int = 500, max_plans: int = 3, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Time ``plan_gaps`` for the two PEQ routes on ``n`` generated profiles."""
    from solver import plan_gaps

    cohort = peq_cohort(n, seed)
    for applicant, start in cohort[:WARM_UP]:
        plan_gaps(applicant, start, routes=PEQ_ROUTES, max_plans=max_plans)
    gc.collect()

    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    plans = optimal = timed_out_routes = 0
    start_clock = time.perf_counter()
    for applicant, start in cohort:
        t0 = time.perf_counter()
        answer = plan_gaps(applicant, start, routes=PEQ_ROUTES, max_plans=max_plans)
        latencies.append(time.perf_counter() - t0)
        for route in answer.routes:
            statuses[f"{route.route}:{route.status}"] += 1
            plans += len(route.plans)
            proven = sum(p.optimal for p in route.plans)
            optimal += proven
            if proven < len(route.plans) or not route.proven:
                timed_out_routes += 1
    elapsed = time.perf_counter() - start_clock
    return {
        "n": n,
        "max_plans": max_plans,
        "seconds": elapsed,
        **latency_figures(latencies, elapsed),
        "plans": plans,
        "plans_optimal": optimal,
        "share_plans_optimal": optimal / plans if plans else 1.0,
        "routes_not_proven": timed_out_routes,
        "route_status": dict(sorted(statuses.items())),
    }


def rows(result: dict[str, Any]) -> list[list[str]]:
    """Table rows (measure, figure, target) for ``result``."""
    k, n = result["max_plans"], fmt_int(result["n"])
    status = result["route_status"]
    return [
        [f"PEQ gaps, max_plans={k}, per profile (n={n})  p50", f"{result['p50_ms']:.1f} ms", TARGETS["p50"]],
        ["  p95 / p99", f"{result['p95_ms']:.1f} / {result['p99_ms']:.1f} ms", ""],
        ["  max / mean", f"{result['max_ms']:.1f} / {result['mean_ms']:.1f} ms", ""],
        [
            "  plans proven optimal",
            f"{100 * result['share_plans_optimal']:.2f} % ({fmt_int(result['plans_optimal'])} of "
            f"{fmt_int(result['plans'])}); routes not proven: {result['routes_not_proven']}",
            TARGETS["optimal"],
        ],
        *[[f"  {key}", fmt_int(count), ""] for key, count in status.items()],
    ]


def profile(n: int, max_plans: int, seed: int = DEFAULT_SEED) -> str:
    """cProfile hotspots of ``plan_gaps`` for the PEQ routes over ``n`` profiles."""
    from benchmarks.profiling import hotspots
    from solver import plan_gaps

    cohort = peq_cohort(n, seed)
    plan_gaps(cohort[0][0], cohort[0][1], routes=PEQ_ROUTES, max_plans=max_plans)
    return hotspots(lambda: [plan_gaps(a, d, routes=PEQ_ROUTES, max_plans=max_plans) for a, d in cohort])


def main(argv: Sequence[str] | None = None) -> int:
    doc = __doc__ or ""
    return gap_benchmark_main(argv, "python -m benchmarks.peq_gaps", doc, run, rows, profile, "peq_gaps", DEFAULT_SEED)


if __name__ == "__main__":
    raise SystemExit(main())
