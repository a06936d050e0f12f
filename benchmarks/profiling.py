"""Where the time goes: cProfile a callable and list the hottest functions of ``solver/``."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path
from typing import Any

SOLVER_DIR = str(Path(__file__).resolve().parent.parent / "solver")


def hotspots(call: Callable[[], Any], top: int = 20) -> str:
    """Run ``call`` under cProfile; return two tables: the ``top`` functions by own time
    anywhere, and the ``top`` functions of ``solver/`` by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        call()
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    rows = stats.stats  # type: ignore[attr-defined]

    def label(key: tuple[str, int, str]) -> str:
        filename, line, name = key
        if filename.startswith(SOLVER_DIR):
            filename = "solver" + filename[len(SOLVER_DIR) :]
        elif "site-packages/" in filename:
            filename = filename.split("site-packages/", 1)[1]
        return f"{filename}:{line}({name})"

    own = sorted(rows.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    ours = [kv for kv in rows.items() if kv[0][0].startswith(SOLVER_DIR)]
    ours.sort(key=lambda kv: kv[1][3], reverse=True)
    lines = [f"total profiled time {total:.2f} s", "", "by own time (all code):"]
    lines += [f"  {v[2]:8.3f} s {100 * v[2] / total:5.1f} %  {v[1]:>9,} calls  {label(k)}" for k, v in own]
    lines += ["", "solver/ functions by cumulative time:"]
    lines += [f"  {v[3]:8.3f} s {100 * v[3] / total:5.1f} %  {v[1]:>9,} calls  {label(k)}" for k, v in ours[:top]]
    return "\n".join(lines)
