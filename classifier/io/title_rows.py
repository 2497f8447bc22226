"""A title above the column names: a first line (CSV) or row (XLSX) that holds one cell,
"Consultation 2026 - export of 2 February", where the lines below hold the columns.

Read as the header, such a line makes the real column names a row of answers, and in a
CSV it hides the delimiter: no delimiter splits the title, so the file read as one column
of whole lines (every line, delimiters and all, tagged as one answer) is what the field
counts favour. Both are refused, naming the line, instead of tagged silently wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

# The share of the lines below a one-field first line that must split into the same
# number of fields (MIN_COLUMNS or more) for that first line to be taken for a title.
CONSISTENT_SHARE = 0.9
# The fewest columns below a title for it to be taken for one: a one-column file of
# answers that each hold one unquoted comma ("Good, thanks") is read as it was.
MIN_COLUMNS = 3
# How much of a title a message quotes.
QUOTED_CHARS = 60
# Excel's delimiter hint, a first line of its own above the column names ("sep=;"), which
# some exports write and some guides tell staff to add so that Excel splits the columns.
_SEPARATOR_HINT = re.compile(r'^"?sep=(.)"?[ \t]*$', re.IGNORECASE)


def separator_hint_line(first_line: str) -> str | None:
    """Why a CSV's first line is Excel's delimiter hint (`sep=;`) and not the column names
    (None when it is not one). Read as the header, it is two column names ("sep=" and "")
    and the real header a row of too many fields, which was refused as an answer holding
    an unquoted delimiter."""
    match = _SEPARATOR_HINT.match(first_line.lstrip("\ufeff"))
    if match is None:
        return None
    return (
        f"line 1, {first_line.strip()!r}, is Excel's delimiter hint, not the column names: "
        "delete that line (the delimiter is found without it), keeping the column names of "
        "line 2"
    )


def csv_title_line(
    rows_by_delimiter: Mapping[str, Sequence[Sequence[str]]], delimiter: str
) -> str | None:
    """Why the first line of a CSV sample is a title and not the column names (None when
    it is not one). `rows_by_delimiter` holds the sample's first rows as each candidate
    delimiter splits them; `delimiter` is the one chosen for the file.

    A title is a first line that no delimiter splits while the lines below (two or more)
    split consistently into MIN_COLUMNS fields or more, or, as a spreadsheet saves it, a
    first line of MIN_COLUMNS fields or more of which only one is filled
    ("Consultation 2026,,,,,,,")."""
    rows = rows_by_delimiter.get(delimiter) or []
    if not rows:
        return None
    header = rows[0]
    filled = [cell for cell in header if cell.strip()]
    if len(header) >= MIN_COLUMNS and len(filled) == 1:
        return _message(filled[0], f"with {len(header) - 1} empty field(s) beside it")
    if len(header) != 1:
        return None
    for candidate, candidate_rows in rows_by_delimiter.items():
        body = candidate_rows[1:]
        if len(body) < 2:
            continue
        width, count = Counter(len(row) for row in body).most_common(1)[0]
        if width >= MIN_COLUMNS and count >= CONSISTENT_SHARE * len(body):
            name = "tab" if candidate == "\t" else repr(candidate)
            return _message(header[0], f"while the lines below hold {width} fields split by {name}")
    return None


def xlsx_title_row(first: Sequence[str], second: Sequence[str]) -> str | None:
    """Why row 1 of a sheet is a title and not the column names (None when it is not one):
    it fills one cell of MIN_COLUMNS columns or more, and row 2 fills MIN_COLUMNS or more."""
    filled = [str(cell) for cell in first if str(cell).strip()]
    below = [cell for cell in second if str(cell).strip()]
    if len(first) >= MIN_COLUMNS and len(filled) == 1 and len(below) >= MIN_COLUMNS:
        return _message(filled[0], f"while row 2 fills {len(below)} cells", line="row")
    return None


def _message(title: str, contrast: str, line: str = "line") -> str:
    """The end of the refusal: what the first line holds, and what to do; also for column
    names of which only one is filled (`,answer,` above rows of three cells), which look
    the same: deleting that line would make the first row of answers the column names."""
    quoted = title.strip()
    if len(quoted) > QUOTED_CHARS:
        quoted = quoted[:QUOTED_CHARS] + "..."
    return (
        f"{line} 1 holds one cell, {quoted!r}, {contrast}: a title above the column names? "
        f"The column names must be in {line} 1: delete the {line}(s) above them (if {line} "
        f"1 is the column names, give the empty ones a name)"
    )
