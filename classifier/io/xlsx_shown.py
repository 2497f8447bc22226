"""Cells of a workbook's sheet that a reader gets otherwise than the spreadsheet shows them.

pandas reads a cell's stored value, which for these kinds of cell is not what
the spreadsheet shows, nor what its own CSV export writes:

- a boolean, `<c r="D2" t="b"><v>1</v></c>` (a checkbox column, a formula such
  as `=B2>5`), is Python's `True`, where the spreadsheet shows `TRUE` (a text
  cell typed `True` is stored as text and is not one of these);
- an error, `<c t="e"><v>#N/A</v></c>` (a lookup formula that found nothing),
  is a missing value, so an output wrote an empty cell where the sheet shows
  `#N/A`;
- a whole number shown with leading zeros by a number format of zeros
  (`00000`, Excel's format for postal codes and ids typed as numbers) is the
  bare number: the id `00123` was read as `123`;
- a number shown as a date or a time by its number format (the `start`, `end`
  and `_submission_time` columns of survey exports, a date question) is a
  datetime: `2026-03-02 00:00:00` where the sheet shows `02/03/2026`
  (`number_formats` says which formats are rendered; any other, percentages
  among them, keeps its stored value);
- a date stored as ISO 8601 text, `<c t="d"><v>2026-03-02</v></c>` (as some
  programs write dates), is a datetime too: it is shown by its number format,
  like a date stored as a number;
- a number with decimals under the General format is shown with at most 11
  significant digits: a formula's `0.1+0.2`, stored `0.30000000000000004`, shows
  `0.3`. A whole number keeps every digit (an id typed as a number, which Excel
  shows as `1.23457E+14`), and so does a number with decimals that General would
  show in exponent form, 12 digits or more before the point once rounded (to the 15
  significant digits Excel stores).

This module finds those cells from the workbook's XML, without loading it again,
and gives each as the spreadsheet shows it.
"""

from __future__ import annotations

import math
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from .number_formats import BUILTIN, NumberFormat, iso_serial, parse, shown
from .xlsx_formulas import cell_position, part_holds, sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A cell typed as a boolean or an error (a byte scan: most answer sheets have none, and
# are not parsed unless a cell has a style whose number format is shown otherwise).
_SHOWN_TYPE = rb"\st=\"[be]\""
# A number format of zeros only: whole numbers shown with that many digits at least.
_ZEROS = re.compile("0{2,}")
# The most significant digits the General format shows.
GENERAL_DIGITS = 11
# The most significant digits Excel stores of a number.
STORED_DIGITS = 15
# A stored number of more characters than GENERAL_DIGITS (a byte scan: a General cell is
# parsed only when the sheet holds one).
_LONG_NUMBER = rb"<v>-?[\d.]{12,}"
# The number format id of General (a style without one has it too).
_GENERAL_ID = "0"


def shown_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The cells of `sheet` whose stored value is not what the spreadsheet shows, as
    {(row, column) counted from 1: the text shown}; {} when it has none or its part
    cannot be found (the reader that failed to find it reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None:
            return {}
        formats, general = _shown_formats(archive)
        if not _may_hold_shown_cells(archive, part, formats, general):
            return {}
        date1904 = _uses_1904_dates(archive)
        found = {}
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _MAIN + "c":
                    position = cell_position(element.get("r") or "")
                    text = _shown(element, formats, general, date1904)
                    if position is not None and text is not None:
                        found[position] = text
                    element.clear()
        return found


def unreadable_dates(path: Path, sheet: str) -> list[tuple[str, str]]:
    """The cells of `sheet` typed as an ISO 8601 date (`t="d"`) whose text is no such date
    (`31/02/2026`, `2026-02-31`), as (reference, text) in sheet order: openpyxl, which
    pandas reads workbooks with, fails on the first one without naming its cell."""
    from openpyxl.utils.datetime import from_ISO8601  # only on this error path

    found = []
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None:
            return []
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag != _MAIN + "c":
                    continue
                text = element.findtext(_MAIN + "v") or ""
                if element.get("t") == "d":
                    try:
                        from_ISO8601(text)
                    except ValueError:
                        found.append((element.get("r") or "?", text))
                element.clear()
    return found


def _may_hold_shown_cells(
    archive: zipfile.ZipFile,
    part: str,
    formats: dict[str, int | NumberFormat],
    general: set[str],
) -> bool:
    """Whether the sheet's XML holds a boolean or error cell, a cell of a style in
    `formats` (a cell without a style has style 0), or, with `general` styles, a number
    of more digits than General shows (a byte scan)."""
    if "0" in formats:
        return True
    styles = b"|".join(re.escape(index.encode()) for index in formats)
    pattern = _SHOWN_TYPE + (rb"|\ss=\"(?:" + styles + rb")\"" if styles else b"")
    if general:
        pattern += b"|" + _LONG_NUMBER
    return part_holds(archive, part, re.compile(pattern))


def _shown(
    cell: ElementTree.Element,
    formats: dict[str, int | NumberFormat],
    general: set[str],
    date1904: bool,
) -> str | None:
    """The text the spreadsheet shows for `cell`, when a reader gets another; else None.
    `general`: the styles whose number format is General."""
    value = cell.find(_MAIN + "v")
    if value is None or not value.text:
        return None
    kind = cell.get("t", "n")
    if kind == "b":
        return "TRUE" if value.text.strip() == "1" else "FALSE"
    if kind == "e":
        return value.text
    style = cell.get("s", "0")
    number_format = formats.get(style)
    if kind == "d" and isinstance(number_format, NumberFormat):
        serial = iso_serial(value.text)  # a serial of the 1900 system, whatever the workbook's
        return shown(number_format, serial) if serial is not None else None
    if kind == "n" and style in general:
        return _general(value.text)
    if kind != "n" or number_format is None:
        return None
    if isinstance(number_format, int):
        return _zero_padded(value.text, number_format)
    return shown(number_format, value.text.strip(), date1904=date1904)


def _zero_padded(stored: str, width: int) -> str | None:
    """A stored whole number with zeros in front up to `width` digits, as a format of
    `width` zeros shows it; None for a number with decimals (the format shows it rounded,
    the stored value is kept)."""
    try:
        number = Decimal(stored)
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    digits = str(abs(int(number))).zfill(width)
    return f"-{digits}" if number < 0 else digits


def _general(stored: str) -> str | None:
    """A stored number with decimals as the General format shows it, with at most
    GENERAL_DIGITS significant digits (`0.30000000000000004` as `0.3`); None when that is
    what a reader gets anyway, and for a whole number (every digit of an id is kept)."""
    try:
        number = float(stored)
    except ValueError:
        return None
    if not math.isfinite(number) or number.is_integer():
        return None
    rounded = float(f"{number:.{GENERAL_DIGITS}g}")
    if abs(rounded) >= 10**GENERAL_DIGITS:
        # General shows it as `1.23457E+11`; rounded to GENERAL_DIGITS, its integer part
        # would be made up (`123456789012.5` as `123456789010`): like a whole number, it
        # keeps its digits, to the 15 significant digits Excel stores.
        rounded = float(f"{number:.{STORED_DIGITS}g}")
    text = str(int(rounded)) if rounded.is_integer() else repr(rounded)
    return text if text != repr(number) else None


def _shown_formats(archive: zipfile.ZipFile) -> tuple[dict[str, int | NumberFormat], set[str]]:
    """The cell styles (their index, as a cell's `s` names it) whose number format shows
    a number otherwise than stored: the width of a format of zeros only, or the parsed
    date or time format; and the styles whose format is General."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}, set()
    codes = {str(number): code for number, code in BUILTIN.items()}
    codes.update(
        (number_format.get("numFmtId"), number_format.get("formatCode") or "")
        for number_format in styles.iter(_MAIN + "numFmt")
    )
    cell_styles = styles.find(_MAIN + "cellXfs")
    if cell_styles is None:
        return {}, set()
    formats: dict[str, int | NumberFormat] = {}
    general: set[str] = set()
    parsed: dict[str, NumberFormat | None] = {}
    for index, style in enumerate(cell_styles.findall(_MAIN + "xf")):
        number_id = style.get("numFmtId") or _GENERAL_ID
        code = codes.get(number_id, "")
        if number_id == _GENERAL_ID or code.lower() == "general":
            general.add(str(index))
        elif _ZEROS.fullmatch(code):
            formats[str(index)] = len(code)
        elif (number_format := parsed.setdefault(code, parse(code))) is not None:
            formats[str(index)] = number_format
    return formats, general


def _uses_1904_dates(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook counts dates from 1904 (an option of old Mac workbooks)
    rather than from 1900."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError):
        return False
    properties = workbook.find(_MAIN + "workbookPr")
    return properties is not None and properties.get("date1904", "") in ("1", "true")
