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
    shutil.copy(REPO / "requirements.lock", root / "requirements.lock")
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
    assert setup(root) == ["-m pip install --quiet -c requirements.lock -e ."]
    assert setup(root) == []  # current: no pip at all
    assert setup(root, "test") == ["-m pip install --quiet -c requirements.lock -e .[test]"]
    assert setup(root, "test") == [] and setup(root) == []  # the test extras cover a plain start


def test_a_changed_lock_reinstalls(tmp_path: Path) -> None:
    root = scratch_project(tmp_path)
    setup(root, "test")
    with (root / "requirements.lock").open("a") as handle:
        handle.write("six==1.16.0\n")
    assert setup(root, "test") == ["-m pip install --quiet -c requirements.lock -e .[test]"]
    assert setup(root, "test") == []


def test_the_lock_pins_every_declared_dependency() -> None:
    """Each dependency pyproject.toml declares (every extra) has an exact version in the lock."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    pinned = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        name, _, version = line.partition("==")
        pinned[canonicalize_name(name)] = version
    for requirement in declared:
        name = canonicalize_name(requirement.name)
        if name == "pilotgap":
            continue  # the project's own extras
        assert name in pinned, f"{name} is declared but not in requirements.lock (run scripts/lock.sh)"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (name, pinned[name])


def test_a_changed_pyproject_reinstalls(tmp_path: Path) -> None:
    root = scratch_project(tmp_path)
    setup(root, "test")
    with (root / "pyproject.toml").open("a") as handle:
        handle.write("\n# a new dependency\n")
    assert setup(root) == ["-m pip install --quiet -c requirements.lock -e ."]
    assert setup(root) == []
