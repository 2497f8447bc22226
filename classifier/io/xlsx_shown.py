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
  among them, keeps its stored value).

This module finds those cells from the workbook's XML, without loading it again,
and gives each as the spreadsheet shows it.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from .number_formats import BUILTIN, NumberFormat, parse, shown
from .xlsx_formulas import cell_position, part_holds, sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A cell typed as a boolean or an error (a byte scan: most answer sheets have none, and
# are not parsed unless a cell has a style whose number format is shown otherwise).
_SHOWN_TYPE = rb"\st=\"[be]\""
# A number format of zeros only: whole numbers shown with that many digits at least.
_ZEROS = re.compile("0{2,}")


def shown_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The cells of `sheet` whose stored value is not what the spreadsheet shows, as
    {(row, column) counted from 1: the text shown}; {} when it has none or its part
    cannot be found (the reader that failed to find it reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None:
            return {}
        formats = _shown_formats(archive)
        if not _may_hold_shown_cells(archive, part, formats):
            return {}
        date1904 = _uses_1904_dates(archive)
        found = {}
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _MAIN + "c":
                    position = cell_position(element.get("r") or "")
                    text = _shown(element, formats, date1904)
                    if position is not None and text is not None:
                        found[position] = text
                    element.clear()
        return found


def _may_hold_shown_cells(
    archive: zipfile.ZipFile, part: str, formats: dict[str, int | NumberFormat]
) -> bool:
    """Whether the sheet's XML holds a boolean or error cell, or a cell of a style in
    `formats` (a byte scan; a cell without a style has style 0)."""
    if "0" in formats:
        return True
    styles = b"|".join(re.escape(index.encode()) for index in formats)
    pattern = _SHOWN_TYPE + (rb"|\ss=\"(?:" + styles + rb")\"" if styles else b"")
    return part_holds(archive, part, re.compile(pattern))


def _shown(
    cell: ElementTree.Element, formats: dict[str, int | NumberFormat], date1904: bool
) -> str | None:
    """The text the spreadsheet shows for `cell`, when a reader gets another; else None."""
    value = cell.find(_MAIN + "v")
    if value is None or not value.text:
        return None
    kind = cell.get("t", "n")
    if kind == "b":
        return "TRUE" if value.text.strip() == "1" else "FALSE"
    if kind == "e":
        return value.text
    number_format = formats.get(cell.get("s", "0"))
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


def _shown_formats(archive: zipfile.ZipFile) -> dict[str, int | NumberFormat]:
    """The cell styles (their index, as a cell's `s` names it) whose number format shows
    a number otherwise than stored: the width of a format of zeros only, or the parsed
    date or time format."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}
    codes = {str(number): code for number, code in BUILTIN.items()}
    codes.update(
        (number_format.get("numFmtId"), number_format.get("formatCode") or "")
        for number_format in styles.iter(_MAIN + "numFmt")
    )
    cell_styles = styles.find(_MAIN + "cellXfs")
    if cell_styles is None:
        return {}
    formats: dict[str, int | NumberFormat] = {}
    parsed: dict[str, NumberFormat | None] = {}
    for index, style in enumerate(cell_styles.findall(_MAIN + "xf")):
        code = codes.get(style.get("numFmtId") or "0", "")
        if _ZEROS.fullmatch(code):
            formats[str(index)] = len(code)
        elif (number_format := parsed.setdefault(code, parse(code))) is not None:
            formats[str(index)] = number_format
    return formats


def _uses_1904_dates(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook counts dates from 1904 (an option of old Mac workbooks)
    rather than from 1900."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError):
        return False
    properties = workbook.find(_MAIN + "workbookPr")
    return properties is not None and properties.get("date1904", "") in ("1", "true")
