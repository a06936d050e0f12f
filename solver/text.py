"""Small formatting helpers for bilingual explanations."""

from __future__ import annotations

from datetime import date


def pick(lang: str, en: str, fr: str) -> str:
    """The French text when ``lang`` is ``fr``, else the English one."""
    return fr if lang == "fr" else en


def money(amount: float, lang: str) -> str:
    """Canadian dollars, written the way each language writes them.

    >>> money(100000, "en"), money(100000, "fr")
    ('$100,000', '100\\xa0000\\xa0$')
    """
    whole = f"{round(amount):,}"
    if lang == "fr":
        return whole.replace(",", "\u00a0") + "\u00a0$"
    return f"${whole}"


def months_text(months: float) -> str:
    """Months rounded down to one decimal, so that 23.98 never reads as a sufficient 24.0.

    >>> months_text(23.98), months_text(24.0), months_text(12.34)
    ('23.9', '24', '12.3')
    """
    tenths = int(months * 10 + 1e-9)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def day(value: date | None) -> str:
    return value.isoformat() if value else "?"


_AGAINST = {
    "met": ("it meets the requirement", "il respecte l'exigence"),
    "not_met": ("it does not meet the requirement", "il ne respecte pas l'exigence"),
    "unknown": (
        "missing data: it cannot be checked against the requirement",
        "données manquantes : impossible de dire s'il respecte l'exigence",
    ),
}


def against_requirement(verdict: str, lang: str) -> str:
    """How a described item compares with a requirement, by verdict.

    >>> against_requirement("unknown", "fr")
    "données manquantes : impossible de dire s'il respecte l'exigence"
    """
    en, fr = _AGAINST[verdict]
    return pick(lang, en, fr)
