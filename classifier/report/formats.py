"""Numbers on the report's page, written the way each report language writes them.

Decimal comma in French and Spanish, a typographic minus, a sign on changes,
a non-breaking space before "%" and the units of percentage points; an
undefined value (no answer in a group) is a dash.
"""

from __future__ import annotations

import math


def _decimal(value: float, digits: int, lang: str) -> str:
    """`value` with `digits` decimals and the decimal mark of `lang`."""
    formatted = f"{value:.{digits}f}"
    return formatted.replace(".", ",") if lang in ("fr", "es") else formatted


def _minus(formatted: str) -> str:
    """A typographic minus sign instead of the hyphen."""
    return "\u2212" + formatted[1:] if formatted.startswith("-") else formatted


def format_percent(value: float, lang: str) -> str:
    """12.5% (en), 12,5 % (fr, es); an undefined value is a dash."""
    if value is None or not math.isfinite(value):
        return "—"
    number = _decimal(value, 1, lang)
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def format_points(value: float, lang: str) -> str:
    """A signed change in percentage points: +3.2 pp, +3,2 pts, +3,2 p. p."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = round(value, 1) or 0.0  # a change that rounds to nothing is 0.0, not −0.0
    number = _minus(_decimal(rounded, 1, lang))
    if rounded > 0:
        number = "+" + number
    unit = {"en": "pp", "fr": "pts", "es": "p.\u00a0p."}[lang]
    return f"{number}\u00a0{unit}"


def format_tick(value: float, lang: str) -> str:
    """A chart axis number: 2.5 (en), 2,5 (fr, es), with a typographic minus."""
    formatted = f"{value:g}"
    return _minus(formatted.replace(".", ",") if lang in ("fr", "es") else formatted)


def format_nps(value: float, lang: str) -> str:
    """A signed whole score: +12, −8, 0; an undefined value is a dash."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = int(math.floor(value + 0.5)) if value >= 0 else -int(math.floor(-value + 0.5))
    return f"+{rounded}" if rounded > 0 else _minus(str(rounded))
