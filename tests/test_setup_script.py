"""``scripts/setup.sh`` installs once; later runs only compare a stamp (no pip, so a restart is quick).

The script runs in a scratch copy of the project whose ``.venv/bin/python`` is a stand-in that
records how it was called, so the test never installs anything.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def scratch_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$@" >> "{root}/calls.log"\n')
    python.chmod(0o755)
    return root


def setup(root: Path, *args: str) -> list[str]:
    log = root / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run(["bash", "scripts/setup.sh", *args], cwd=root, check=True, capture_output=True, timeout=60)
    return log.read_text().splitlines() if log.exists() else []


def test_setup_installs_once_then_only_checks_the_stamp(tmp_path: Path) -> None:
    root = scratch_project(tmp_path)
    assert setup(root) == ["-m pip install --quiet -e ."]
    assert setup(root) == []  # current: no pip at all
    assert setup(root, "test") == ["-m pip install --quiet -e .[test]"]
    assert setup(root, "test") == [] and setup(root) == []  # the test extras cover a plain start


def test_a_changed_pyproject_reinstalls(tmp_path: Path) -> None:
    root = scratch_project(tmp_path)
    setup(root, "test")
    with (root / "pyproject.toml").open("a") as handle:
        handle.write("\n# a new dependency\n")
    assert setup(root) == ["-m pip install --quiet -e ."]
    assert setup(root) == []
