"""A longer schemathesis run than the test suite's: every check, more generated requests.

::

    python -m benchmarks.schemathesis_long                 # 300 examples per operation
    python -m benchmarks.schemathesis_long --examples 1000

It runs ``tests/test_api_schemathesis.py`` (all of schemathesis' checks; see that module for
the one documented exception to "schema-valid data is accepted") with
``SCHEMATHESIS_MAX_EXAMPLES`` raised, and prints the number of generated requests per
operation, the time taken and the failures (none expected).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks import ROOT


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.schemathesis_long", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="generated requests per operation (default 300)")
    args = parser.parse_args(argv)
    if not 1 <= args.examples <= 100_000:
        parser.error("--examples must be from 1 to 100000")
    env = {**os.environ, "SCHEMATHESIS_MAX_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_api_schemathesis.py"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    summary = [line for line in done.stdout.splitlines() if " passed" in line or " failed" in line or "FAILED" in line]
    print(f"schemathesis, every check, {args.examples} examples per operation: {elapsed:.0f} s")
    print("\n".join(summary) or done.stdout[-2000:])
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
