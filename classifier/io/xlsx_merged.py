"""Merged cell ranges of a workbook's sheet: those that reach below the header row, and
those of row 1 over several columns.

A merged range (Home > Merge & Center) shows one value over several cells, but
the file stores it in the range's top-left cell only: every reader (pandas,
openpyxl) reads the range's other cells as empty. A `region` merged over three
rows leaves two respondents without a region, counted as "(not given)"; a
heading merged over a group of columns in row 1 (`Questions` over D1:E1, the
column names in row 2) names only the group's first column. The sheet's XML
lists the ranges after its rows, `<mergeCell ref="C2:C4"/>`; this module finds
them with a byte scan, without loading the workbook again.
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


Corners = tuple[tuple[int, int], tuple[int, int]]


def merged_ranges(path: Path, sheet: str) -> dict[str, Corners]:
    """The merged ranges of `sheet`: each reference ("C2:C4") with its first and last cells
    as (row, column), in the file's order; {} when it has none or its part cannot be found
    (the reader that failed to find it reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None:
            return {}
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
    return {ref: cells for ref, cells in corners.items() if cells and cells[0] != cells[1]}


def data_ranges(ranges: dict[str, Corners]) -> list[str]:
    """The references of the merged `ranges` that reach a data row (below row 1, the column
    names), by their first cell's row, then column."""
    return sorted((ref for ref, cells in ranges.items() if cells[1][0] > 1), key=ranges.get)


def heading_ranges(ranges: dict[str, Corners]) -> list[tuple[str, int, int]]:
    """The merged `ranges` that start in row 1 and span several columns, by their first
    column, as (reference, first column, last column), columns from 1: the column names of
    the range's columns after its first are empty."""
    found = [
        (ref, cells[0][1], cells[1][1])
        for ref, cells in ranges.items()
        if cells[0][0] == 1 and cells[1][1] > cells[0][1]
    ]
    return sorted(found, key=lambda heading: heading[1])


def _corners(ref: str) -> Corners | None:
    """A range reference's first and last cells as (row, column) ("C2:C4" -> ((2, 3), (4, 3)),
    "$A$1:$D$1" too); None for a reference that is not a range."""
    parts = ref.split(":")
    cells = [cell for part in parts if (cell := cell_position(part))]
    if len(parts) != 2 or len(cells) != 2:
        return None
    return cells[0], cells[1]
