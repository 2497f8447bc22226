"""Formula cells of a workbook that hold no calculated result.

A reader of XLSX (pandas, openpyxl) sees a formula cell's stored result, the
value the spreadsheet program last calculated. A workbook written by a script
or a web export and never opened in Excel or LibreOffice may store formulas
without results: read as empty, the answers they compute would vanish without
a word. This module finds those cells from the sheet's XML, without loading
the workbook again: a cell `<c>` with a formula `<f>` and no value `<v>`, or
an empty one (openpyxl writes `<v/>`); only a cell typed as text (`t="str"`)
holds the empty text as a calculated result.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# A formula element, with or without a namespace prefix (`<f>`, `<x:f t="shared" .../>`).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_SCAN_BYTES = 1 << 20
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def uncalculated_formulas(path: Path, sheet: str) -> list[str]:
    """The references ("B7") of the formula cells of `sheet` that store no result, in sheet
    order; [] when the sheet has none or its part cannot be found (the reader that failed
    to find it reports that)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None or not _has_formula(archive, part):
            return []
        found = []
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _MAIN + "c":
                    if element.find(_MAIN + "f") is not None and not _has_result(element):
                        found.append(element.get("r") or "?")
                    element.clear()
        return found


def _has_result(cell: ElementTree.Element) -> bool:
    """Whether a formula cell stores a calculated result."""
    value = cell.find(_MAIN + "v")
    return value is not None and (bool(value.text) or cell.get("t") == "str")


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the sheet's XML holds a formula element at all (a byte scan: most answer
    sheets have none, and are not parsed)."""
    return part_holds(archive, part, _FORMULA_TAG)


def part_holds(archive: zipfile.ZipFile, part: str, pattern: re.Pattern[bytes]) -> bool:
    """Whether an archive part's bytes match `pattern` (a short one: a match cut by a
    block's end is found with the block's last 16 bytes)."""
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_SCAN_BYTES):
            if pattern.search(tail + block):
                return True
            tail = block[-16:]
    return False


def cell_position(ref: str) -> tuple[int, int] | None:
    """A cell reference as (row, column), counted from 1 ("C2" -> (2, 3), "$AA$10" ->
    (10, 27)); None for what is not one."""
    match = _CELL.fullmatch(ref)
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), column


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive path of the worksheet named `sheet` (workbook.xml names it, the
    workbook's relationships give its part)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    target_of = {
        item.get("Id"): item.get("Target") or ""
        for item in relationships.iter(_PACKAGE_RELATIONSHIP)
    }
    for entry in workbook.iter(_MAIN + "sheet"):
        if entry.get("name") == sheet:
            target = target_of.get(entry.get(_RELATIONSHIP_ID), "")
            if not target:
                return None
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            part = posixpath.normpath(part)
            return part if part in archive.namelist() else None
    return None
