"""Strict JSON bodies: ``NaN``, ``Infinity``, numbers too large for a float and duplicate keys are refused.

The route class parses the body with :func:`solver.jsonstrict.loads_strict`, so that such
input is a 422 naming the body, like any other malformed JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from solver.jsonstrict import loads_strict

__all__ = ["StrictJSONRequest", "StrictJSONRoute", "loads_strict"]


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
            if isinstance(self._json, dict) and self._json.get("lang") in ("en", "fr"):
                # Refusals found after parsing (api.errors) answer in the body's language.
                self.state.body_lang = self._json["lang"]
        return self._json


class StrictJSONRoute(APIRoute):
    """An API route that reads its JSON body with :class:`StrictJSONRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
