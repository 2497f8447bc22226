"""Choosing the answers most worth a human look, and writing the review sheet.

An answer is worth reviewing when the model hesitates: a theme score close to
its decision threshold (low confidence), several themes near their thresholds
(disagreement between themes), or an uncertain stance. The queue is spread
across languages and predicted themes by taking the most uncertain answer of
each (language, top theme) group in turn. The sheet has the training-data
columns (`id, respondent, language, text, themes, stance`), so once corrected
it is passed to `classifier train` as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..codebook import Codebook, format_places
from ..errors import ColumnError, TableError
from ..io.files import atomic_write
from ..io.layout import (
    FLAG_YES,
    LOW_CONFIDENCE,
    answer_ids,
    prediction_column,
    read_scores,
)
from ..io.tables import (
    CsvDialect,
    check_xlsx_cells,
    require_column,
    table_format,
    text_cells_stay_text,
    write_table,
    xlsx_clean,
)
from ..model.thresholds import SUBSTANTIVE_WORDS
from ..text.language import word_count
from ..text.visible import reads_as_empty
from ..vocab import ASKING_STANCES, normalize_declared, split_ids, stance_cell

if TYPE_CHECKING:
    from ..model.estimator import ThemeClassifier

REVIEW_COLUMNS = [
    "id",
    "respondent",
    "language",
    "text",
    "themes",
    "stance",
    "uncertainty",
    "why",
    "comment",
]
# A theme is "near" its threshold within this distance of probability.
NEAR = 0.15


def uncertainty(
    scores: np.ndarray, thresholds: np.ndarray, stance_confidence: np.ndarray | None
) -> tuple[np.ndarray, list[str]]:
    """Per answer: an uncertainty in [0, 1] and its reasons in words ("" when none)."""
    margin = np.abs(scores - thresholds[None, :])
    closest = margin.min(axis=1)
    near = (margin < NEAR).sum(axis=1)
    stance_doubt = (
        1.0 - stance_confidence if stance_confidence is not None else np.zeros(len(scores))
    )
    value = np.clip(
        (NEAR - np.minimum(closest, NEAR)) / NEAR * 0.6
        + np.minimum(near, 3) / 3 * 0.25
        + stance_doubt * 0.15,
        0.0,
        1.0,
    )
    reasons = []
    for closest_i, near_i, doubt_i in zip(closest, near, stance_doubt, strict=True):
        parts = []
        if closest_i < NEAR:
            parts.append("a theme score is close to its threshold")
        if near_i >= 2:
            parts.append(f"{near_i} themes are borderline")
        if doubt_i > 0.4:
            parts.append("uncertain stance")
        reasons.append("; ".join(parts))
    return value, reasons


def select_for_review(
    model: ThemeClassifier,
    tagged: pd.DataFrame,
    text_column: str,
    n: int,
    id_column: str | None = None,
    respondent_column: str | None = None,
) -> pd.DataFrame:
    """The `n` answers most worth reviewing, as a review sheet (deterministic)."""
    require_column(tagged, text_column)
    themes_column = prediction_column(tagged, text_column, "themes")
    prefix = themes_column[: -len("themes")]
    texts = tagged[text_column].fillna("").astype(str)
    # An answer of invisible characters is empty. The mask is boolean even for a file without
    # rows: `tagged[mask]` reads an empty object Series as a list of columns, and dropped
    # every column (the error then said the tagged file had no score columns).
    usable = ~texts.map(reads_as_empty).astype(bool)
    frame = tagged[usable]
    missing = [f"{prefix}score_{t}" for t in model.classes_ if f"{prefix}score_{t}" not in frame]
    if missing:
        raise ColumnError(
            f"the tagged file has no score column(s) {', '.join(missing)}: the review ranks "
            "answers by every theme's score; tag the file again, or give the model that tagged "
            "it with --model"
        )
    rows = np.flatnonzero(usable.to_numpy()) + 2  # as a spreadsheet numbers them
    numeric, unreadable = read_scores(frame, [f"{prefix}score_{t}" for t in model.classes_], rows)
    if unreadable:
        raise TableError(
            "the tagged file's theme scores must be numbers from 0 to 1 (0.42, or 0,42 with a "
            "decimal comma), or empty for a row added by hand and never tagged; these are not: "
            f"{format_places(unreadable)}. Correct them, or empty every score of the row to "
            "review it as never tagged"
        )
    # A row without any score (added by hand after tagging) was never tagged: first in line.
    untagged = np.isnan(numeric).all(axis=1)
    scores = np.nan_to_num(numeric, nan=0.0)
    thresholds = np.array([model.thresholds_[t] for t in model.classes_])
    stance_confidence = None
    if model.stance_model_ is not None and len(frame):
        analysis = model.analyze(
            frame[text_column].tolist(), languages=frame[f"{prefix}language"].tolist()
        )
        stance_confidence = analysis.stance_probabilities.max(axis=1)
    value, reasons = uncertainty(scores, thresholds, stance_confidence)
    value = np.where(untagged, 1.0, value)
    low = (
        frame[f"{prefix}{LOW_CONFIDENCE}"].eq(FLAG_YES).to_numpy()
        if f"{prefix}{LOW_CONFIDENCE}" in frame.columns
        else np.zeros(len(frame), dtype=bool)
    )
    unthemed = _ask_without_theme(frame, text_column, themes_column, prefix) & ~untagged
    reasons = [
        _why(never, flagged, bare, reason)
        for never, flagged, bare, reason in zip(untagged, low, unthemed, reasons, strict=True)
    ]
    low = low | untagged | unthemed
    ids = pd.Series(answer_ids(tagged, text_column, id_column), index=tagged.index)[usable]
    ids = ids.astype(str)
    sheet = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "respondent": frame[respondent_column].to_numpy() if respondent_column else "",
            "language": frame[f"{prefix}language"].to_numpy(),
            "text": frame[text_column].to_numpy(),
            "themes": frame[themes_column].to_numpy(),
            "stance": frame[f"{prefix}stance"].to_numpy(),
            "uncertainty": np.round(value, 3),
            "why": reasons,
            "comment": "",
            "confident": ~low,
        }
    )
    top_theme = [str(model.classes_[j]) for j in scores.argmax(axis=1)] if len(frame) else []
    sheet["group"] = [
        f"{language_key(lang)}|{theme}"
        for lang, theme in zip(sheet["language"], top_theme, strict=True)
    ]
    sheet = sheet.sort_values(
        ["uncertainty", "text", "id"], ascending=[False, True, True], kind="stable"
    )
    sheet["rank_in_group"] = sheet.groupby("group").cumcount()
    # Answers given a theme with low confidence or none at all come first, then the round
    # over groups.
    chosen = sheet.sort_values(
        ["confident", "rank_in_group", "uncertainty", "text", "id"],
        ascending=[True, True, False, True, True],
        kind="stable",
    ).head(n)
    return chosen[REVIEW_COLUMNS].reset_index(drop=True)


def _why(untagged: bool, low_confidence: bool, unthemed: bool, reason: str) -> str:
    """An answer's `why` cell: a row never tagged says so alone; else the flags from the
    tagged file, then the uncertainty's own reasons, or "confident" when there are none."""
    if untagged:
        return "not tagged (no theme scores): label it by hand"
    flags = [
        "theme given with low confidence" if low_confidence else "",
        "no theme fits (a topic the codebook may lack, or a theme missed)" if unthemed else "",
        reason,
    ]
    return "; ".join(filter(None, flags)) or "confident"


def _ask_without_theme(
    frame: pd.DataFrame, text_column: str, themes_column: str, prefix: str
) -> np.ndarray:
    """Per answer: a request or criticism of SUBSTANTIVE_WORDS words or more without a
    theme. Its every score is under the fallback floor, so far from every threshold that
    it read as "confident", last in line: yet an ask nothing in the codebook fits is
    what a reviewer most needs to see (a new topic, or a theme missed)."""
    stances = frame[f"{prefix}stance"].map(stance_cell)
    return np.array(
        [
            not split_ids(themes)
            and stance in ASKING_STANCES
            and word_count(text) >= SUBSTANTIVE_WORDS
            for text, themes, stance in zip(
                frame[text_column], frame[themes_column], stances, strict=True
            )
        ],
        dtype=bool,
    )


def language_key(value: object) -> str:
    """The language a sheet's answer is counted under: the code of a language written as
    a code or a name (`fr`, `French`, `Español` are `fr`), as `tag`, `train` and the
    report read one; else the cell as written, stripped ("" for an empty one)."""
    return normalize_declared(value) or (value.strip() if isinstance(value, str) else "")


def codebook_sheet(codebook: Codebook) -> pd.DataFrame:
    """The codebook as a table for the reviewer: ids, labels and descriptions."""
    rows = [
        {
            "kind": "theme",
            "id": t.id,
            "label_en": t.label.get("en", ""),
            "label_fr": t.label.get("fr", ""),
            "label_es": t.label.get("es", ""),
            "description": t.description,
        }
        for t in codebook.themes
    ]
    rows += [
        {
            "kind": "stance",
            "id": s,
            "label_en": s,
            "label_fr": "",
            "label_es": "",
            "description": "",
        }
        for s in codebook.stances
    ]
    return pd.DataFrame(rows)


def write_review(
    sheet: pd.DataFrame,
    codebook: Codebook,
    path: Path,
    dialect: CsvDialect | None = None,
    raw: bool = False,
) -> None:
    """Write the review sheet (XLSX with a codebook sheet, or CSV), atomically.

    CSV: in `dialect` (the tagged file's, when it was CSV), formula cells
    escaped unless `raw`. XLSX: answers longer than a cell holds are refused.
    """
    if table_format(path) == "csv":
        write_table(sheet, path, dialect, raw=raw)
        return
    if table_format(path) != "xlsx":
        raise TableError(f"{path}: a review sheet is .xlsx or .csv")
    check_xlsx_cells(sheet, path)
    sheet = xlsx_clean(sheet, path)
    reference = xlsx_clean(
        codebook_sheet(codebook), f"{path}, sheet 'codebook'", kept_by="the codebook file"
    )

    def write(tmp: Path) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill  # XLSX only: 0.2 s import

        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            sheet.to_excel(writer, sheet_name="review", index=False)
            reference.to_excel(writer, sheet_name="codebook", index=False)
            text_cells_stay_text(writer.sheets["codebook"])
            review = writer.sheets["review"]
            text_cells_stay_text(review)
            widths = {
                "A": 12,
                "B": 14,
                "C": 9,
                "D": 80,
                "E": 36,
                "F": 12,
                "G": 11,
                "H": 36,
                "I": 40,
            }
            for column, width in widths.items():
                review.column_dimensions[column].width = width
            editable = PatternFill("solid", fgColor="FFF2CC")
            for row in review.iter_rows(min_row=2):
                row[3].alignment = Alignment(wrap_text=True, vertical="top")
                for cell in (row[4], row[5], row[8]):
                    cell.fill = editable
            for cell in review[1]:
                cell.font = Font(bold=True)
            review.freeze_panes = "A2"
            writer.sheets["codebook"].column_dimensions["F"].width = 90

    atomic_write(path, write)
