"""Strict JSON bodies: ``NaN``, ``Infinity`` and numbers too large for a float are refused.

Python's ``json`` module accepts ``NaN`` and ``Infinity`` (not JSON) and turns ``1e400`` into
infinity; a wage or a cost of infinity would reach the solver. This route class parses the
body strictly so that such input is a 422 naming the body, like any other malformed JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute


def _refuse(reason: str, doc: str, token: str) -> json.JSONDecodeError:
    return json.JSONDecodeError(reason, doc, max(doc.find(token), 0))


def loads_strict(text: str) -> Any:
    """Parse JSON as RFC 8259 defines it: finite numbers only.

    >>> loads_strict('{"wage": 118000.5}')
    {'wage': 118000.5}
    >>> loads_strict('{"wage": NaN}')
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: NaN is not a JSON number: line 1 column 10 (char 9)
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

    try:
        return json.loads(text, parse_constant=constant, parse_float=finite_float, parse_int=bounded_int)
    except RecursionError:
        raise json.JSONDecodeError("the JSON is nested too deeply", text, 0) from None


class StrictJSONRequest(Request):
    """A request whose ``json()`` is :func:`loads_strict`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise json.JSONDecodeError("the body is not UTF-8 text", "", exc.start) from None
            self._json = loads_strict(text)
        return self._json


class StrictJSONRoute(APIRoute):
    """An API route that reads its JSON body with :class:`StrictJSONRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
