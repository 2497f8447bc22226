"""Rows of a workbook's sheet that a spreadsheet program does not show.

A filter (Data > Filter) or rows hidden by hand leave those rows in the file,
and every reader (pandas, openpyxl) reads them like the others. Where every
row counts as checked by staff (a training file: a review sheet whose rows
are corrections), a row nobody saw must not pass as checked. The sheet's XML
marks such a row `<row r="7" hidden="1">`; this module lists them without
loading the workbook again.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .xlsx_formulas import sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A row element's hidden attribute (a byte scan: most sheets have none, and are not parsed).
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*\bhidden=\"(?:1|true)\"")


def hidden_rows(path: Path, sheet: str) -> list[int]:
    """The numbers (as the spreadsheet shows them, the header being row 1) of the rows of
    `sheet` that are hidden, in order; [] when none is, or the sheet's part cannot be found
    (the reader that failed to find it reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None or not _HIDDEN_ROW.search(archive.read(part)):
            return []
        found = []
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _MAIN + "row":
                    if element.get("hidden") in ("1", "true") and element.get("r"):
                        found.append(int(element.get("r")))
                    element.clear()
        return found
