"""A number as a spreadsheet shows it under a date or time number format.

A workbook stores a date as a serial number of days (46083.5 is 2 March 2026 at
noon); the cell's number format (`yyyy-mm-dd`, `dd/mm/yyyy hh:mm`) says what the
spreadsheet shows (`2026-03-02`, `02/03/2026 12:00`). This module gives that text, as
Excel shows it, for dates, times and date-times:

- years, months, days, hours, minutes and seconds in their widths, month and day
  names (`mmm`, `mmmm`, `ddd`, `dddd`, in English), `AM/PM` and `A/P`, elapsed time
  (`[h]:mm`), fractions of a second (`ss.000`), in the workbook's 1900 or 1904 date
  system;
- around them: text in quotes and escaped characters, colours and locale tags
  (`[Red]`, `[$-409]`), and the sections for negative numbers and zero.

A percentage is not rendered: its stored value (0.5 for 50 %) reads right as it is,
and a column of the tool's own theme scores that someone formatted as percentages
in Excel must read back as the scores, not as rounded text.

Two built-in formats are shown by Excel in the reader's regional date order
(3/2/2026 in the US, 02/03/2026 in France): the short date (14) and the date-time
(22); they are given year first (`2026-03-02`, `2026-03-02 14:30`), the same on
every machine.

What this module does not render is left to the caller, which keeps the stored value:
every other number format (General, decimals, percentages, currency, fractions,
scientific), conditions (`[>100]`), eras and non-Gregorian calendars, dates before
1 March 1900 (Excel's day numbering is off there), and negative dates and times
(Excel shows `#####`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# The built-in formats (ECMA-376 part 1, 18.8.30) that show dates or times, by number
# format id; 14 and 22 year first (see the module's docstring).
BUILTIN = {
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy-mm-dd hh:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
}

_TOKEN = re.compile(
    r"""
      "(?P<quoted>[^"]*)"?
    | \\(?P<escaped>.)
    | _(?P<space>.)
    | \*(?P<fill>.)
    | \[(?P<bracket>[^\]]*)\]
    | (?P<ampm>(?i:am/pm|a/p))
    | (?P<date>(?i:y+|m+|d+|h+|s+))
    | (?P<digits>[0#?]+)
    | (?P<mark>[.,%;])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ELAPSED = re.compile(r"(?i)h+|m+|s+")
_COLOUR = re.compile(r"(?i)black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+")
# A currency symbol and a locale (`[$€-40C]`); a locale of more than four hex digits names
# another calendar or other digits (`[$-1060000]`), not rendered.
_CURRENCY = re.compile(r"\$([^-]*)(?:-(?:0*[0-9A-Fa-f]{1,4}|x-sysdate|x-systime))?")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# The last day (9999-12-31) a spreadsheet shows as a date.
_LAST_SERIAL = 2_958_465
# Day 0 of the 1900 date system (serial 1 is 1 January 1900; Excel counts a 29 February
# 1900 that never was, so from March 1900 on a serial counts days from this one).
_DAY_ZERO = date(1899, 12, 30)


class _Unrendered(Exception):
    """A format code, or a value under it, that this module does not render."""


@dataclass(frozen=True)
class _Token:
    """One piece of a format section: `kind` is `text` (shown as is), a date part (`y`,
    `m`, `d`, `h`, `s` with `text` its letters; `minute` once told from a month), `ampm`,
    `elapsed` (`text` the bracketed letters), or a number part (`digits`, `.`, `,`, `%`)."""

    kind: str
    text: str


@dataclass(frozen=True)
class _Moment:
    """A date serial number cut into what a date section shows: the day (`date.min` when
    the section shows none), the time of day, the shown fraction of a second as digits,
    and the whole seconds since day 0 (for elapsed time)."""

    day: date
    hour: int
    minute: int
    second: int
    fraction: str
    seconds: int


@dataclass(frozen=True)
class _DateSection:
    """A section that shows a date or a time: the text of each of its parts, the decimals
    of a second it shows, and whether it shows a day (a year, month or day)."""

    parts: tuple[Callable[[_Moment], str], ...]
    decimals: int
    dated: bool


@dataclass(frozen=True)
class NumberFormat:
    """A parsed number format code: its sections (positive; negative; zero), each one
    rendered (a date or a time) or None, of which one at least is rendered."""

    sections: tuple[_DateSection | None, ...]


def parse(code: str) -> NumberFormat | None:
    """The format `code` (`dd/mm/yyyy`, `h:mm AM/PM`) parsed for `shown`; None when no
    section of it shows a date or a time, or it uses what this module
    does not render (see the module's docstring)."""
    try:
        sections = [_told(part) for part in _split(_tokens(code))]
        # A section with `@` is the one for text cells (`yyyy-mm-dd;@`), never for a number.
        sections = [part for part in sections if all(token.kind != "@" for token in part)]
        compiled = tuple(_compiled(section) for section in sections[:3])
    except _Unrendered:
        return None
    return NumberFormat(compiled) if any(compiled) else None


def shown(number_format: NumberFormat, stored: str, *, date1904: bool = False) -> str | None:
    """The text a spreadsheet shows for the stored number `stored` ("46083.5") under
    `number_format`; None when this module does not render it (not a number, a negative
    date, a date before March 1900, a section that shows no date or time)."""
    try:
        value = Decimal(stored)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    sections = number_format.sections
    if value == 0 and len(sections) >= 3:
        section = sections[2]
    elif value < 0 and len(sections) >= 2:
        section, value = sections[1], -value
    else:
        section = sections[0]
    if section is None:
        return None
    try:
        return _date_text(section, value, date1904)
    except _Unrendered:
        return None


def iso_serial(text: str) -> str | None:
    """The serial number (in the 1900 date system) of an ISO 8601 date, date-time or time
    (`2026-03-02`, `2026-03-02T14:30:05`, `14:30`), as a cell of type `t="d"` stores a date
    as text, for `shown` to render under the cell's number format; None for other text.
    A time zone is left out: a spreadsheet shows the time as written."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(_DAY_ZERO, time.fromisoformat(text))
        except ValueError:
            return None
    elapsed = moment.replace(tzinfo=None) - datetime.combine(_DAY_ZERO, time())
    microseconds = (elapsed.days * 86400 + elapsed.seconds) * 10**6 + elapsed.microseconds
    return str(Decimal(microseconds) / Decimal(86400 * 10**6))


def _tokens(code: str) -> list[_Token]:
    """The format code cut into tokens; raises _Unrendered for a part not rendered."""
    found = []
    for match in _TOKEN.finditer(code):
        kind = match.lastgroup
        text = match.group(kind or "")
        if kind in ("quoted", "escaped"):
            found.append(_Token("text", text))
        elif kind == "space":
            found.append(_Token("text", " "))
        elif kind == "fill":
            continue
        elif kind == "bracket":
            found.extend(_bracket(text))
        elif kind == "ampm":
            found.append(_Token("ampm", text))
        elif kind == "date":
            found.append(_Token(text[0].lower(), text.lower()))
        elif kind in ("digits", "mark"):
            found.append(_Token(text if kind == "mark" else "digits", text))
        elif text == "@":
            found.append(_Token("@", text))
        elif text.isalpha():
            raise _Unrendered(text)  # General, eras (e, g, b), scientific (E+)
        else:
            found.append(_Token("text", text))
    return found


def _bracket(text: str) -> list[_Token]:
    """The tokens of a bracketed part: elapsed time, or what adds no text but a currency
    symbol (colours, locale tags)."""
    if _ELAPSED.fullmatch(text):
        return [_Token("elapsed", text.lower())]
    if _COLOUR.fullmatch(text):
        return []
    if currency := _CURRENCY.fullmatch(text):
        return [_Token("text", currency.group(1))] if currency.group(1) else []
    raise _Unrendered(text)  # a condition ([>100]), a calendar ([$-1060000])


def _split(tokens: list[_Token]) -> list[list[_Token]]:
    """The tokens cut at each section separator `;`."""
    sections: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == ";":
            sections.append([])
        else:
            sections[-1].append(token)
    return sections


def _told(tokens: list[_Token]) -> tuple[_Token, ...]:
    """A section's tokens with each `m`/`mm` told apart as a month or minutes: minutes
    right after hours or right before seconds (other text between them aside)."""
    timed = [i for i, token in enumerate(tokens) if token.kind in ("y", "m", "d", "h", "s")]
    timed += [i for i, token in enumerate(tokens) if token.kind == "elapsed"]
    timed.sort()
    told = list(tokens)
    for place, index in enumerate(timed):
        token = tokens[index]
        if token.kind != "m" or len(token.text) > 2:
            continue
        before = _unit(tokens[timed[place - 1]]) if place else ""
        after = _unit(tokens[timed[place + 1]]) if place + 1 < len(timed) else ""
        if before == "h" or after == "s":
            told[index] = _Token("minute", token.text)
    return tuple(told)


def _unit(token: _Token) -> str:
    """The time unit of a date part (`h` for `hh` and `[h]`)."""
    return token.text[0] if token.kind == "elapsed" else token.kind


def _compiled(section: tuple[_Token, ...]) -> _DateSection | None:
    """The section made ready to render: a date or time section, or None for one that
    shows neither."""
    kinds = {token.kind for token in section}
    if kinds & {"y", "m", "minute", "d", "h", "s", "elapsed", "ampm"}:
        return _date_section(section)
    return None


def _date_section(section: tuple[_Token, ...]) -> _DateSection:
    """A date or time section, its parts each a function of the moment shown."""
    twelve = any(token.kind == "ampm" for token in section)
    decimals = 0
    parts: list[Callable[[_Moment], str]] = []
    for index, token in enumerate(section):
        if token.kind == "." and _is_fraction(section, index):
            decimals = len(section[index + 1].text)
            if set(section[index + 1].text) != {"0"} or decimals > 3:
                raise _Unrendered(section[index + 1].text)
            parts.append(_fraction)
        elif not (token.kind == "digits" and _is_fraction(section, index - 1)):
            parts.append(_date_part(token, twelve))
    dated = any(token.kind in ("y", "m", "d") for token in section)
    return _DateSection(tuple(parts), decimals, dated)


def _date_part(token: _Token, twelve: bool) -> Callable[[_Moment], str]:
    """The text of one token of a date section, as a function of the moment shown;
    `twelve` when the section shows AM/PM (hours 1 to 12)."""
    kind, text, width = token.kind, token.text, min(len(token.text), 2)
    if kind == "y":
        return lambda moment: f"{moment.day.year:04d}"[-2 if len(text) <= 2 else -4 :]
    if kind == "m":
        return lambda moment: _month(moment.day.month, len(text))
    if kind == "d":
        return lambda moment: _weekday(moment.day, len(text))
    if kind == "h":
        return lambda moment: f"{(moment.hour % 12 or 12) if twelve else moment.hour:0{width}d}"
    if kind == "minute":
        return lambda moment: f"{moment.minute:0{width}d}"
    if kind == "s":
        return lambda moment: f"{moment.second:0{width}d}"
    if kind == "elapsed":
        unit = {"h": 3600, "m": 60, "s": 1}[text[0]]
        return lambda moment: f"{moment.seconds // unit:0{width}d}"
    if kind == "ampm":
        return lambda moment: _ampm(text, moment.hour)
    if kind in ("text", ".", ",", "%"):
        return lambda moment: text
    raise _Unrendered(text)  # digits in a date section other than a second's fraction


def _fraction(moment: _Moment) -> str:
    """The shown fraction of a second (`ss.00` shows `.25`)."""
    return "." + moment.fraction


def _is_fraction(section: tuple[_Token, ...], index: int) -> bool:
    """Whether the `.` at `index` starts a second's fraction: after seconds, before digits."""
    return (
        0 < index < len(section) - 1
        and section[index].kind == "."
        and section[index + 1].kind == "digits"
        and section[index - 1].kind in ("s", "elapsed")
        and _unit(section[index - 1]) == "s"
    )


def _date_text(section: _DateSection, serial: Decimal, date1904: bool) -> str:
    """The section's text for a date serial number (days, the time as their fraction)."""
    if serial < 0 or serial > _LAST_SERIAL:
        raise _Unrendered(serial)
    scale = 10**section.decimals
    # Excel rounds the time to the shown fraction of a second, then cuts the finer parts.
    ticks = int((serial * 86400 * scale).to_integral_value(ROUND_HALF_UP))
    seconds, fraction = divmod(ticks, scale)
    days, clock = divmod(seconds, 86400)
    moment = _Moment(
        day=_day(days, date1904) if section.dated else date.min,
        hour=clock // 3600,
        minute=clock // 60 % 60,
        second=clock % 60,
        fraction=f"{fraction:0{section.decimals}d}",
        seconds=seconds,
    )
    return "".join(part(moment) for part in section.parts)


def _day(days: int, date1904: bool) -> date:
    """The date of a whole serial number of days in the workbook's date system."""
    if date1904:
        return date(1904, 1, 1) + timedelta(days=days)
    if days < 61:  # Excel's 1900 system counts a 29 February 1900 that never was
        raise _Unrendered(days)
    return _DAY_ZERO + timedelta(days=days)


def _month(month: int, width: int) -> str:
    """A month as `m` (3), `mm` (03), `mmm` (Mar), `mmmm` (March), `mmmmm` (M) show it."""
    name = _MONTHS[month - 1]
    return {1: str(month), 2: f"{month:02d}", 3: name[:3], 5: name[0]}.get(width, name)


def _weekday(day: date, width: int) -> str:
    """A day as `d` (2), `dd` (02), `ddd` (Mon), `dddd` (Monday) show it."""
    name = _DAYS[day.weekday()]
    return {1: str(day.day), 2: f"{day.day:02d}", 3: name[:3]}.get(width, name)


def _ampm(text: str, hour: int) -> str:
    """`AM/PM` as `AM` or `PM` (in capitals whatever the code's case); `A/P` as its letter
    before or after the slash, in the code's case."""
    if len(text) == 5:
        return "PM" if hour >= 12 else "AM"
    return text[2] if hour >= 12 else text[0]
