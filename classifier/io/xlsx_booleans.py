"""Boolean cells of a workbook's sheet, to be read as a spreadsheet spells them.

A cell holding TRUE or FALSE (a checkbox column, a formula such as `=B2>5`) is
stored as a boolean, `<c r="D2" t="b"><v>1</v></c>`, and pandas reads it as
Python's `True`, which every output then wrote: a CSV of a workbook said `True`
where the spreadsheet shows, and Excel's own CSV export writes, `TRUE`. A text
cell typed `True` is stored as text and is not one of these. This module finds
the boolean cells from the sheet's XML, without loading the workbook again.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .xlsx_formulas import cell_position, part_holds, sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A cell typed as a boolean (a byte scan: most answer sheets have none, and are not parsed).
_BOOLEAN_TYPE = re.compile(rb"\st=\"b\"")


def boolean_cells(path: Path, sheet: str) -> list[tuple[int, int]]:
    """The (row, column) of the boolean cells of `sheet`, counted from 1, in sheet order;
    [] when it has none or its part cannot be found (the reader that failed to find it
    reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None or not part_holds(archive, part, _BOOLEAN_TYPE):
            return []
        found = []
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _MAIN + "c":
                    position = cell_position(element.get("r") or "")
                    if element.get("t") == "b" and position is not None:
                        found.append(position)
                    element.clear()
        return found
