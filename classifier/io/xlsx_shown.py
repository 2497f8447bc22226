"""Cells of a workbook's sheet that a reader gets otherwise than the spreadsheet shows them.

pandas reads a cell's stored value, which for three kinds of cell is not what
the spreadsheet shows, nor what its own CSV export writes:

- a boolean, `<c r="D2" t="b"><v>1</v></c>` (a checkbox column, a formula such
  as `=B2>5`), is Python's `True`, where the spreadsheet shows `TRUE` (a text
  cell typed `True` is stored as text and is not one of these);
- an error, `<c t="e"><v>#N/A</v></c>` (a lookup formula that found nothing),
  is a missing value, so an output wrote an empty cell where the sheet shows
  `#N/A`;
- a whole number shown with leading zeros by a number format of zeros
  (`00000`, Excel's format for postal codes and ids typed as numbers) is the
  bare number: the id `00123` was read as `123`.

This module finds those cells from the workbook's XML, without loading it again,
and gives each as the spreadsheet shows it.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from .xlsx_formulas import cell_position, part_holds, sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A cell typed as a boolean or an error (a byte scan: most answer sheets have none, and
# are not parsed unless a number format pads with zeros).
_SHOWN_TYPE = re.compile(rb"\st=\"[be]\"")
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
        padded = _zero_padded_styles(archive)
        if not padded and not part_holds(archive, part, _SHOWN_TYPE):
            return {}
        found = {}
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _MAIN + "c":
                    position = cell_position(element.get("r") or "")
                    shown = _shown(element, padded)
                    if position is not None and shown is not None:
                        found[position] = shown
                    element.clear()
        return found


def _shown(cell: ElementTree.Element, padded: dict[str, int]) -> str | None:
    """The text the spreadsheet shows for `cell`, when a reader gets another; else None."""
    value = cell.find(_MAIN + "v")
    if value is None or not value.text:
        return None
    kind = cell.get("t", "n")
    if kind == "b":
        return "TRUE" if value.text.strip() == "1" else "FALSE"
    if kind == "e":
        return value.text
    width = padded.get(cell.get("s") or "")
    return _zero_padded(value.text, width) if kind == "n" and width else None


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


def _zero_padded_styles(archive: zipfile.ZipFile) -> dict[str, int]:
    """The cell styles (their index, as a cell's `s` names it) whose number format is
    zeros only, with the number of zeros."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}
    codes = {
        number_format.get("numFmtId"): number_format.get("formatCode") or ""
        for number_format in styles.iter(_MAIN + "numFmt")
    }
    cell_styles = styles.find(_MAIN + "cellXfs")
    if cell_styles is None:
        return {}
    return {
        str(index): len(code)
        for index, style in enumerate(cell_styles.findall(_MAIN + "xf"))
        if _ZEROS.fullmatch(code := codes.get(style.get("numFmtId"), ""))
    }
