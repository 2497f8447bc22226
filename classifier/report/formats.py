"""Numbers on the report's page, written the way each report language writes them.

Decimal comma in French and Spanish, thousands grouped as each language groups
them (12,345 / 12 345 / 12.345), a typographic minus, a sign on changes, a
non-breaking space before "%" and the units of percentage points; an
undefined value (no answer in a group) is a dash. Values are rounded as a
spreadsheet shows the workbook's (halves away from zero), so the page and the
workbook show the same figures.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def _rounded(value: float, digits: int) -> Decimal:
    """`value` rounded to `digits` decimals as a spreadsheet shows it in the workbook: read
    to 15 significant digits, halves away from zero (6.25 is 6.3 and −6.25 is −6.3, where
    Python's rounding of the binary value gives 6.2)."""
    return Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _decimal(value: float, digits: int, lang: str) -> str:
    """`value` rounded to `digits` decimals, with the decimal mark of `lang`."""
    formatted = f"{_rounded(value, digits):f}"
    return formatted.replace(".", ",") if lang in ("fr", "es") else formatted


def _minus(formatted: str) -> str:
    """A typographic minus sign instead of the hyphen."""
    return "\u2212" + formatted[1:] if formatted.startswith("-") else formatted


# How each language groups thousands (Unicode CLDR): its separator, and the fewest digits
# a number needs for it (Spanish leaves four-digit numbers whole: 1234, 12.345).
_GROUPING = {"en": (",", 4), "fr": ("\u202f", 4), "es": (".", 5)}


def format_count(value: int, lang: str, signed: bool = False) -> str:
    """A whole number (a count of answers or respondents) as `lang` writes it: 12,345 (en),
    12 345 (fr, a narrow no-break space), 1234 and 12.345 (es); `signed` for a change
    (+3, −3, 0), with a typographic minus."""
    separator, digits = _GROUPING[lang]
    number = str(abs(int(value)))
    if len(number) >= digits:
        number = f"{int(number):,}".replace(",", separator)
    if value < 0:
        return "\u2212" + number
    return f"+{number}" if signed and value > 0 else number


def format_percent(value: float, lang: str) -> str:
    """12.5% (en), 12,5 % (fr, es); an undefined value is a dash."""
    if value is None or not math.isfinite(value):
        return "—"
    number = _decimal(value, 1, lang)
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def shown_points(value: float) -> float:
    """A change in percentage points as the page shows it: to one decimal, halves away from
    zero, and a change that rounds to nothing 0.0, not −0.0 (what a bar's colour must
    agree with: a balance shown unchanged did not move)."""
    return float(_rounded(value, 1)) or 0.0


def format_points(value: float, lang: str) -> str:
    """A signed change in percentage points: +3.2 pp, +3,2 pts, +3,2 p. p. French writes
    the singular below two, as it says "1,5 point": +0,5 pt, −1,9 pt, +2,0 pts."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = shown_points(value)
    number = _minus(_decimal(rounded, 1, lang))
    if rounded > 0:
        number = "+" + number
    unit = {"en": "pp", "fr": "pt" if abs(rounded) < 2 else "pts", "es": "p.\u00a0p."}[lang]
    return f"{number}\u00a0{unit}"


def format_tick(value: float, lang: str) -> str:
    """A chart axis number: 2.5 (en), 2,5 (fr, es), with a typographic minus."""
    formatted = f"{value:g}"
    return _minus(formatted.replace(".", ",") if lang in ("fr", "es") else formatted)


def format_nps(value: float, lang: str) -> str:
    """A signed whole score: +12, −8, 0; an undefined value is a dash."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = int(_rounded(value, 0))
    return f"+{rounded}" if rounded > 0 else _minus(str(rounded))
