"""Log lines that cannot be forged: control characters in logged values are escaped.

Everything the service logs passes through :class:`EscapingFormatter`, so a value that came
from a client (a path, a key) can never start a new line or hide one. Multi-line text the
service writes on purpose (a traceback's frames) is wrapped in :class:`Trusted`.
"""

from __future__ import annotations

import copy
import logging

from solver.applicant import escape_controls

__all__ = ["EscapingFormatter", "Trusted", "escape_controls"]


class Trusted:
    """Text the service wrote itself (no client input), logged as it is, line breaks included."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


class EscapingFormatter(logging.Formatter):
    r"""A formatter that writes control characters of string arguments as ``\uXXXX``.

    >>> record = logging.LogRecord("x", logging.INFO, "", 0, "GET %s", ("/a\nINFO forged",), None)
    >>> EscapingFormatter("%(message)s").format(record)
    'GET /a\\u000aINFO forged'
    """

    def format(self, record: logging.LogRecord) -> str:
        record = copy.copy(record)
        if isinstance(record.args, tuple):
            record.args = tuple(escape_controls(a) if isinstance(a, str) else a for a in record.args)
        elif not record.args and isinstance(record.msg, str):
            record.msg = escape_controls(record.msg)
        return super().format(record)
