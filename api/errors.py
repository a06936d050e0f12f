"""Errors as JSON that name the field and the reason; never a stack trace.

Every refusal has the shape of FastAPI's validation errors, so that a client reads one
format: ``{"detail": [{"loc": ["body", "applicant", "birth_date"], "field":
"applicant.birth_date", "msg": "...", "type": "..."}]}``. The values the client sent are
not echoed back, and nothing of a profile is logged.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from solver.applicant import InvalidInput

logger = logging.getLogger("pilotgap.api")

Loc = list[str | int]


class ErrorItem(BaseModel):
    """One refused input: where it is and why it is refused."""

    loc: Loc = Field(description="Path to the refused input, starting with 'body' for the request body")
    field: str = Field(description="The same path, dotted, without 'body' ('body' for the body as a whole)")
    msg: str = Field(description="The reason, in plain words")
    type: str = Field(description="A stable error code, e.g. 'date_from_datetime_parsing' or 'invalid_input'")


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx answer of the service."""

    detail: list[ErrorItem]


#: OpenAPI declaration of the refusals a POST endpoint can answer with.
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "The request body is larger than the service accepts"},
    422: {"model": ErrorResponse, "description": "Invalid input: the field and the reason"},
}

_VALUE_ERROR = re.compile(r"^(Value error|Assertion failed), ")
#: A reason that starts with a dotted field path, e.g. "applicant.birth_date is after ...".
_PATH_IN_MSG = re.compile(r"^(applicant(?:\.[A-Za-z0-9_]+)+)\b")
#: A reason that starts with the name of a sub-field, e.g. "end: the episode ends before it starts".
_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_]*): ")


def _segment(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def dotted(loc: Iterable[str | int]) -> str:
    """The dotted form of a location, without the leading ``body``.

    >>> dotted(["body", "applicant", "work_history", 0, "end"]), dotted(["body"])
    ('applicant.work_history.0.end', 'body')
    """
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def item(loc: Loc, msg: str, kind: str) -> ErrorItem:
    """An error item; a model-level reason naming its field is moved onto that field."""
    msg = _VALUE_ERROR.sub("", msg)
    path = _PATH_IN_MSG.match(msg)
    if path and [p for p in loc if p != "body"] == []:
        loc = ["body", *(_segment(p) for p in path.group(1).split("."))]
    else:
        prefix = _FIELD_PREFIX.match(msg)
        if prefix and len(loc) > 1:
            loc = [*loc, prefix.group(1)]
            msg = msg[prefix.end() :]
    return ErrorItem(loc=loc, field=dotted(loc), msg=msg, type=kind)


def _json_error_msg(error: Mapping[str, Any]) -> str:
    reason = (error.get("ctx") or {}).get("error")
    where = error["loc"][-1] if len(error["loc"]) > 1 else None
    text = "the body is not valid JSON"
    if reason:
        text += f": {reason}"
    if isinstance(where, int):
        text += f" (at character {where})"
    return text


def validation_items(errors: Iterable[Mapping[str, Any]], prefix: Loc | None = None) -> list[ErrorItem]:
    """Error items for pydantic / FastAPI validation errors (the input values are left out)."""
    items = []
    for e in errors:
        loc: Loc = [*(prefix or []), *e.get("loc", ())]
        if e.get("type") == "json_invalid":
            items.append(ErrorItem(loc=["body"], field="body", msg=_json_error_msg(e), type="json_invalid"))
            continue
        items.append(item(loc, str(e.get("msg", "invalid value")), str(e.get("type", "value_error"))))
    return items


def error_response(status: int, items: list[ErrorItem]) -> JSONResponse:
    return JSONResponse(status_code=status, content=ErrorResponse(detail=items).model_dump(mode="json"))


def invalid_input_items(exc: InvalidInput) -> list[ErrorItem]:
    loc: Loc = ["body", *(_segment(p) for p in exc.field.split("."))]
    return [ErrorItem(loc=loc, field=dotted(loc), msg=exc.reason, type="invalid_input")]


async def on_request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, validation_items(exc.errors()))


async def on_invalid_input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    return error_response(422, invalid_input_items(exc))


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """A pydantic model the engine built from the request (e.g. a what-if change) refused a value."""
    assert isinstance(exc, ValidationError)
    return error_response(422, validation_items(exc.errors(), prefix=["body"]))


def internal_error() -> JSONResponse:
    """The answer to an unexpected failure: no internals, no input."""
    return error_response(
        500, [ErrorItem(loc=[], field="", msg="internal error: the request could not be answered", type="internal")]
    )


def log_unexpected(exc: BaseException, method: str, path: str) -> None:
    """Log an unexpected failure: its type and where it happened, not its message (it may quote input)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("internal error on %s %s: %s\n%s", method, path, type(exc).__name__, frames)


def install(app: FastAPI) -> None:
    """Register the handlers that turn refused input into 422 answers."""
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(InvalidInput, on_invalid_input)
    app.add_exception_handler(ValidationError, on_validation_error)
