"""Labeled training data: reading it, validating it against a codebook, merging corrections.

Schema (CSV, XLSX or JSONL): `text` and `themes` are required (theme ids
separated by ';', empty for no theme); `id`, `respondent`, `language`,
`stance`, `need` and `subtopic` are optional. Ids outside the codebook are an error that
names each id and the rows (`file:row`) where it occurs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..codebook import Codebook
from ..errors import TrainingDataError
from ..vocab import split_ids
from .tables import read_table

REQUIRED_COLUMNS = ("text", "themes")
OPTIONAL_COLUMNS = ("id", "respondent", "language", "stance", "need", "subtopic")


def load_labeled(paths: Sequence[str | Path], codebook: Codebook) -> pd.DataFrame:
    """Read and validate labeled files; returns one frame with a `source` column.

    `source` is "file:row" (row 1 is the first data row) so that every error or
    conflict can point at the exact place to fix.
    """
    frames = []
    for path in paths:
        frame = read_table(path)
        missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
        if missing:
            raise TrainingDataError(
                f"{path}: missing column(s) {', '.join(missing)}; "
                f"columns found: {', '.join(frame.columns) or '(none)'}"
            )
        frame = frame[[c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in frame.columns]]
        frame = frame.copy()
        frame["source"] = [f"{Path(path).name}:{row}" for row in range(1, len(frame) + 1)]
        frames.append(frame)
    if not frames:
        raise TrainingDataError("no training file given")
    data = pd.concat(frames, ignore_index=True).fillna("")
    for column in OPTIONAL_COLUMNS:
        if column not in data.columns:
            data[column] = ""
    codebook.check_labels(
        [split_ids(v) for v in data["themes"]],
        [v.strip() for v in data["stance"]],
        data["source"].tolist(),
    )
    if not data["text"].str.strip().any():
        raise TrainingDataError("the labeled answers have no non-empty text")
    return data


def merge_by_id(data: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Keep the latest row of each id (files in the order given, then row order).

    Rows without an id are all kept. Returns the merged rows and one line per
    conflict: an id whose labels (or text) differ between its rows.
    """
    has_id = data["id"].astype(str).str.strip() != ""
    conflicts = []
    for answer_id, rows in data[has_id].groupby("id", sort=True):
        if len(rows) < 2:
            continue
        labels = rows.apply(
            lambda r: (
                ";".join(sorted(split_ids(r["themes"]))),
                str(r["stance"]).strip(),
                str(r["text"]).strip(),
            ),
            axis=1,
        )
        if labels.nunique() > 1:
            first, last = rows.iloc[0], rows.iloc[-1]
            conflicts.append(
                f"id {answer_id}: themes {first['themes'] or '(none)'!r} / stance "
                f"{first['stance'] or '(none)'!r} in {first['source']} replaced by themes "
                f"{last['themes'] or '(none)'!r} / stance {last['stance'] or '(none)'!r} in "
                f"{last['source']}"
            )
    latest = data[has_id].drop_duplicates("id", keep="last")
    merged = pd.concat([latest, data[~has_id]]).sort_index()
    return merged.reset_index(drop=True), conflicts
