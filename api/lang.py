"""The language of an answer: the body's ``lang``, else ``Accept-Language``, else English."""

from __future__ import annotations

from solver.answers import Lang

SUPPORTED: tuple[Lang, ...] = ("en", "fr")


def _quality(params: list[str]) -> float:
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0
            return min(max(q, 0.0), 1.0) if q == q else 0.0  # NaN -> 0
    return 1.0


def preferred_lang(header: str | None) -> Lang:
    """French when ``Accept-Language`` prefers French to English, else English.

    Only ``en`` and ``fr`` are considered; between equal weights the first listed wins.

    >>> preferred_lang("fr-CA,fr;q=0.9,en;q=0.8"), preferred_lang("en-US,en;q=0.9,fr;q=0.8")
    ('fr', 'en')
    >>> preferred_lang("de-DE,fr;q=0.5"), preferred_lang("fr;q=0"), preferred_lang(None)
    ('fr', 'en', 'en')
    """
    if not header:
        return "en"
    best: dict[str, tuple[float, int]] = {}
    for position, part in enumerate(header.split(",")):
        tag, *params = part.split(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in SUPPORTED:
            continue
        key = (_quality(params), -position)
        if key[0] > 0 and (primary not in best or key > best[primary]):
            best[primary] = key
    if "fr" in best and ("en" not in best or best["fr"] > best["en"]):
        return "fr"
    return "en"


def resolve_lang(body_lang: Lang | None, accept_language: str | None) -> Lang:
    """The body's ``lang`` when given, else the ``Accept-Language`` preference.

    >>> resolve_lang("en", "fr"), resolve_lang(None, "fr"), resolve_lang(None, None)
    ('en', 'fr', 'en')
    """
    return body_lang if body_lang is not None else preferred_lang(accept_language)
