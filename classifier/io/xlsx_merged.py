"""Merged cell ranges of a workbook's sheet that reach below the header row.

A merged range (Home > Merge & Center) shows one value over several cells, but
the file stores it in the range's top-left cell only: every reader (pandas,
openpyxl) reads the range's other cells as empty. A `region` merged over three
rows leaves two respondents without a region, counted as "(not given)". The
sheet's XML lists the ranges after its rows, `<mergeCell ref="C2:C4"/>`; this
module finds them with a byte scan, without loading the workbook again.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .xlsx_formulas import cell_position, sheet_part

# A merged range's reference, with or without a namespace prefix (`<x:mergeCell ref=...>`).
# Text cells escape `<`, so only the element itself matches.
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]+)\"")
_SCAN_BYTES = 1 << 20
# Longer than any mergeCell element, so one cut by a block's end is found whole in the next.
_TAIL_BYTES = 512


def merged_data_ranges(path: Path, sheet: str) -> list[str]:
    """The references ("C2:C4") of the merged ranges of `sheet` that reach a data row (below
    row 1, the column names), by their first cell's row, then column; [] when it has none or
    its part cannot be found (the reader that failed to find it reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None:
            return []
        found = []
        tail = b""
        with archive.open(part) as stream:
            while block := stream.read(_SCAN_BYTES):
                text = tail + block
                for match in _MERGE_CELL.finditer(text):
                    if match.end() > len(tail):  # those ending in the tail were found before
                        found.append(match.group(1).decode("ascii", "replace"))
                tail = text[-_TAIL_BYTES:]
    corners = {ref: _corners(ref) for ref in found}
    reaching = [
        ref for ref, cells in corners.items() if cells and cells[0] != cells[1] and cells[1][0] > 1
    ]
    return sorted(reaching, key=lambda ref: corners[ref] or ())


def _corners(ref: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A range reference's first and last cells as (row, column) ("C2:C4" -> ((2, 3), (4, 3)),
    "$A$1:$D$1" too); None for a reference that is not a range."""
    parts = ref.split(":")
    cells = [cell for part in parts if (cell := cell_position(part))]
    if len(parts) != 2 or len(cells) != 2:
        return None
    return cells[0], cells[1]
