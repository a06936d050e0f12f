"""The deployment's wage table: NOC code -> published top wage, read once at start-up.

Two formats: a JSON object ``{"21231": 118000, ...}`` or a CSV file with two columns
(NOC code, wage) and an optional header row. A bad file stops the service at start-up
with the file and the line, rather than answering with a table it could not read.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path

_NOC = re.compile(r"^\d{4}(\d)?$")


class WageTableError(ValueError):
    """A wage table that cannot be read, with the file and the place."""


def _wage(code: str, raw: object, where: str) -> tuple[str, float]:
    code = str(code).strip()
    if not _NOC.match(code):
        raise WageTableError(f"{where}: {code!r} is not a NOC code (4 or 5 digits)")
    if isinstance(raw, bool):
        raise WageTableError(f"{where}: the wage of {code} is not a number")
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise WageTableError(f"{where}: the wage of {code} ({raw!r}) is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise WageTableError(f"{where}: the wage of {code} must be a finite number >= 0")
    return code, value


def _from_json(path: Path, text: str) -> dict[str, float]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WageTableError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise WageTableError(f"{path}: expected a JSON object of NOC code -> wage")
    return dict(_wage(k, v, f"{path}: key {k!r}") for k, v in data.items())


def _from_csv(path: Path, text: str) -> dict[str, float]:
    table: dict[str, float] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and not cells[0].isdigit():
            continue  # header row
        if len(cells) < 2:
            raise WageTableError(f"{path}:{number}: expected two columns (NOC code, wage)")
        code, value = _wage(cells[0], cells[1].replace(" ", ""), f"{path}:{number}")
        table[code] = value
    return table


def load_wage_table(path: Path | None) -> dict[str, float]:
    """The wage table at ``path`` (``{}`` when no path is set).

    Raises:
        WageTableError: the file is missing or does not fit either format.
    """
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WageTableError(f"{path}: cannot read the wage table: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        return _from_json(path, text)
    if path.suffix.lower() == ".csv":
        return _from_csv(path, text)
    raise WageTableError(f"{path}: a wage table is a .json or .csv file")


def merge_wages(table: Mapping[str, float], request: Mapping[str, float] | None) -> dict[str, float] | None:
    """The deployment's table with the request's figures on top (``None`` when both are empty).

    >>> merge_wages({"21231": 118000.0, "21232": 110000.0}, {"21232": 112000.0})
    {'21231': 118000.0, '21232': 112000.0}
    >>> merge_wages({}, None) is None
    True
    """
    merged = {**table, **(request or {})}
    return merged or None
