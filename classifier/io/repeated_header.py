"""Rows that repeat the column names: two exports joined into one file, each with its own
header (`cat 2026-a.csv 2026-b.csv`, or a second export pasted under the first in a
spreadsheet).

Read as data, such a row is an answer (the question's column name, tagged with a
stance and a language) and a respondent (`respondent_id`) in every count of the report,
and a training answer in a labeled file. Nothing tells it from an answer once tagged, so
it is refused, naming its row, where the file is read.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import TableError

# pandas' name for an XLSX column without one; its cells are compared with "" instead.
_UNNAMED = re.compile(r"^Unnamed: \d+$")
# The fewest named columns for a row equal to them to be taken for a repeated header: a
# one-column file may hold an answer that is its column's name.
MIN_NAMED = 2


def _bare(value: object) -> str:
    """A cell or column name as compared: without the spaces around it, nor a byte-order
    mark (the second of two joined "CSV UTF-8" exports starts with its own, which reading
    leaves in the first cell of its header row)."""
    return str(value).strip().lstrip("\ufeff").strip()


def repeated_header_rows(frame: pd.DataFrame) -> list[int]:
    """The positions (0 for the first data row) of the rows of `frame`, text cells, whose
    every cell is its column's name (spaces around either and a byte-order mark ignored; a
    column without a name holds an empty cell)."""
    names = [_bare(name) for name in frame.columns]
    expected = ["" if _UNNAMED.match(name) else name for name in names]
    named = [position for position, name in enumerate(expected) if name]
    if len(named) < MIN_NAMED or frame.empty:
        return []
    # Only the rows whose first named cell is its name are compared whole: few or none.
    first = frame.iloc[:, named[0]].map(_bare) == expected[named[0]]
    return [
        position
        for position in first.to_numpy().nonzero()[0].tolist()
        if [_bare(cell) for cell in frame.iloc[position]] == expected
    ]


def refuse_repeated_header(frame: pd.DataFrame, source: str, first_row: int = 2) -> None:
    """Raise TableError naming the rows of `frame` that repeat its column names (rows as
    a spreadsheet numbers them: `first_row` is the number of the frame's first row, 2 under
    the header)."""
    rows = [first_row + position for position in repeated_header_rows(frame)]
    if rows:
        shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
        raise TableError(
            f"{source}: row(s) {shown} repeat the column names (exports joined together, "
            "each with its column names?): delete those rows, keeping the column names of "
            "row 1; read as answers, each would be tagged and counted as a respondent"
        )
