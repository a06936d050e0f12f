"""Strict JSON: finite numbers only, and no key given twice in one object.

Python's ``json`` module accepts ``NaN`` and ``Infinity`` (not JSON), turns ``1e400`` into
infinity, and keeps the last of two equal keys: a wage of infinity would reach the solver,
and ``{"paid": true, "paid": false}`` would be answered on a value the client may not have
meant. Every entry point that reads JSON text (HTTP bodies, batch lines, profile files)
parses it with :func:`loads_strict`, which refuses all three as malformed JSON.
"""

from __future__ import annotations

import json
import math
from typing import Any


def _refuse(reason: str, doc: str, token: str) -> json.JSONDecodeError:
    return json.JSONDecodeError(reason, doc, max(doc.find(token), 0))


def loads_strict(text: str) -> Any:
    """Parse JSON as RFC 8259 defines it, with finite numbers and unique keys.

    >>> loads_strict('{"wage": 118000.5}')
    {'wage': 118000.5}
    >>> loads_strict('{"wage": NaN}')
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: NaN is not a JSON number: line 1 column 10 (char 9)
    >>> loads_strict('{"paid": true, "paid": false}')
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: a key is given twice in one object: line 1 column 1 (char 0)
    """

    def constant(token: str) -> Any:
        raise _refuse(f"{token} is not a JSON number", text, token)

    def finite_float(token: str) -> float:
        value = float(token)
        if not math.isfinite(value):
            raise _refuse(f"{token} is too large for a number", text, token)
        return value

    def bounded_int(token: str) -> int:
        try:
            return int(token)
        except ValueError:
            raise _refuse("an integer with too many digits", text, token) from None

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            # The key is not quoted: it may hold anything, and messages never echo input.
            raise json.JSONDecodeError("a key is given twice in one object", text, 0)
        return obj

    try:
        return json.loads(
            text,
            parse_constant=constant,
            parse_float=finite_float,
            parse_int=bounded_int,
            object_pairs_hook=unique_keys,
        )
    except RecursionError:
        raise json.JSONDecodeError("the JSON is nested too deeply", text, 0) from None
