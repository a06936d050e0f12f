"""Clear the outputs of the notebooks before committing them (``jupyter nbconvert`` not needed).

Usage: ``python notebooks/clear_outputs.py [NOTEBOOK ...]`` (default: every ``*.ipynb`` next to
this file). Removes outputs and execution counts, keeps cell ids, tags and the ``python3``
kernel spec, and drops run-specific metadata (widgets, the executed Python version).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def clear(path: Path) -> bool:
    """Clear one notebook in place; return whether the file changed."""
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    nbformat.validate(nb)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(HERE.glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {'cleared' if clear(path) else 'already clean'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
