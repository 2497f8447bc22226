"""The needs sheet's reference sheet 'catalogue': the catalogue's needs as staff read them
while they decide, written with the workbook and checked when it is read back.

The sheet is for reference: `needs --update-catalogue` adds the needs of sheet
'new needs' and never reads a need's label, themes or scope from here. A cell
staff changed here (a catalogue need renamed in the sheet) would be lost without
a word, so it is refused, naming the row; so is a need the catalogue does not
have (a sheet written with another codebook, or a need typed in here). A need
the catalogue has renamed or merged since the sheet was written (`replaces`)
keeps its old row, which is not compared, nor is the row of the need that replaces
it (merging a need into another widens the other's label, scope or themes), nor a cell
naming an old id that the catalogue's cell no longer names (a rename rewrites the scopes
that point at the need: "not recordings (meeting_recordings)").
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..catalogue import CatalogueNeed, NeedsCatalogue
from ..codebook import format_places
from ..errors import ClassifierError, TableError
from ..io.tables import read_table
from ..vocab import LANGUAGES, split_ids

SHEET = "catalogue"
_WORD = re.compile(r"[a-z][a-z0-9_]*")


def _cells(need: CatalogueNeed) -> dict[str, str]:
    """A need's row in the sheet, but for its id."""
    return {
        **{f"label_{lang}": need.label_in(lang) for lang in LANGUAGES},
        "themes": ";".join(need.themes),
        "scope": need.scope,
    }


def reference_frame(catalogue: NeedsCatalogue | None) -> pd.DataFrame:
    """The sheet as written: one row per catalogue need, in catalogue order."""
    return pd.DataFrame(
        [{"need_id": n.id, **_cells(n)} for n in (catalogue.needs if catalogue else ())]
    )


def read_reference(path: str | Path) -> pd.DataFrame | None:
    """The sheet as read back (every cell as text), None when it was deleted or has lost its
    `need_id` column (it then says nothing)."""
    try:
        reference = read_table(path, sheet=SHEET)
    except TableError:
        return None
    return reference if "need_id" in reference.columns else None


def check_reference(
    reference: pd.DataFrame | None, catalogue: NeedsCatalogue, codebook: str, source: str
) -> None:
    """Raise ClassifierError when the sheet lists needs the catalogue does not have (it was
    written with another codebook, or a need was typed in) or changes a cell of one of its
    needs (an edit `--update-catalogue` does not apply). Rows are numbered as a
    spreadsheet numbers them (the header is row 1)."""
    if reference is None:
        return
    known = {need.id: need for need in catalogue.needs}
    ids = [value.strip() for value in reference["need_id"]]
    # a need renamed or merged since the sheet was written lists its old id and cells; the
    # need that replaces it was edited in the catalogue file then (a merge widens its label,
    # scope or themes), so its row in the sheet is not compared either
    replaced = {need_id for need_id in ids if need_id in catalogue.replaced_by}
    edited_since = replaced | {catalogue.replaced_by[need_id] for need_id in replaced}
    foreign = [n for n in ids if n and n not in known and n not in replaced]
    if foreign:
        raise ClassifierError(
            f"{source}: its sheet {SHEET!r} lists {len(foreign)} need(s) that codebook "
            f"{codebook!r}'s catalogue does not have ({', '.join(foreign[:5])}"
            f"{', ...' if len(foreign) > 5 else ''}): the sheet was written with another "
            "codebook (give that one with --codebook FILE), or a need was typed in there "
            "(add needs in sheet 'new needs')"
        )
    edits = []
    records = reference.to_dict("records")
    for row, (need_id, cells) in enumerate(zip(ids, records, strict=True), start=2):
        if not need_id or need_id in edited_since:
            continue
        for column, written in _cells(known[need_id]).items():
            if column not in cells or _same(column, cells[column], written):
                continue
            if not _names_an_id_replaced_since(cells[column], written, catalogue):
                edits.append(f"row {row} ({need_id}: {column} {written!r} -> {cells[column]!r})")
    if edits:
        raise ClassifierError(
            f"{source}: its sheet {SHEET!r} is the catalogue for reference, and edits there are "
            f"not applied: {format_places(edits)}. Rename or change a catalogue need in the "
            "catalogue file itself, add needs in sheet 'new needs', and undo these edits (or "
            "delete the sheet). If nobody edited the sheet, the catalogue file was changed "
            "since the sheet was written (the sheet shows what it said then): delete the sheet"
        )


def _names_an_id_replaced_since(given: str, written: str, catalogue: NeedsCatalogue) -> bool:
    """Whether a cell of the sheet names a need id the catalogue has renamed or merged since
    and its own cell no longer names: the cell was written before the rename, which
    rewrote it in the catalogue file (a scope pointing at the need), so it is not an edit
    made in the sheet."""
    old_ids = set(_WORD.findall(given)) & catalogue.replaced_by.keys()
    return bool(old_ids - set(_WORD.findall(written)))


def _same(column: str, given: str, written: str) -> bool:
    """Whether a cell says what the tool wrote (spaces around it, and around theme ids, do
    not count)."""
    if column == "themes":
        return split_ids(given) == split_ids(written)
    return given.strip() == written.strip()
