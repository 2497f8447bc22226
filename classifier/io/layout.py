"""The column layout of a tagged file: written by `tag`, read by needs, review and report.

A file tagged for one question has plain prediction columns (`language`,
`language_mixed`, `themes`, `stance`, `score_<theme>`, `need_ids`, ...); a file tagged for
several questions prefixes them with the question's column
(`q_improve_themes`). When a plain name is already an input column, the
question's name is used as prefix instead, so no input column is overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import ColumnError
from ..vocab import (
    DEFAULT_MIN_RESPONDENTS,
    NEUTRAL,
    PART_OF_RECURRING,
    RECURRING,
    cell_text,
    is_blank,
    recurrence_cell,
    stance_cell,
)
from .tables import column_named_loosely

# The columns every tagged question has (how a tagged question is recognised).
PREDICTION_NAMES = ("language", "themes", "stance")
# The need columns `classifier tag` writes after the predictions of each question
# (empty when the question's needs were not grouped).
NEED_COLUMNS = ("need_ids", "need_labels", "need_respondents", "recurrence", "suggestion_ids")
# Flags, "yes" or "": the answer mixes languages; its theme was given with low confidence
# (added in 0.3; older tagged files lack them, so they are not part of PREDICTION_NAMES).
LANGUAGE_MIXED = "language_mixed"
LOW_CONFIDENCE = "low_confidence"
FLAG_YES = "yes"
# The probability of the answer's stance (added in 0.3, like the flags): the report shows as
# successes only praise the model is sure of.
STANCE_SCORE = "stance_score"

# A `need_respondents` cell: a whole number, with one or two decimal zeros when a program
# re-saved it as a number with decimals (`3.0`, `3,0`, `3.00`).
_COUNT = re.compile(r"([0-9]+)(?:[.,]0{0,2})?")


def output_names(
    theme_ids: Sequence[str], frame_columns: Iterable[object], prefix: str, text_column: str
) -> dict[str, str]:
    """Names of the prediction columns (need columns included): `<prefix><name>`; if an
    input column already has one of them, `<prefix><text_column>_<name>` (just
    `<text_column>_<name>` when the prefix is already the text column's). When that
    is taken too, a `ColumnError`: any other name could not be read back by `needs`,
    `review` and `report`, and an input column must never be overwritten or hidden."""
    base = [
        *PREDICTION_NAMES,
        STANCE_SCORE,
        LANGUAGE_MIXED,
        LOW_CONFIDENCE,
        *(f"score_{t}" for t in theme_ids),
        *NEED_COLUMNS,
    ]
    taken = {str(c) for c in frame_columns}
    question_prefix = f"{text_column}_"
    for candidate in dict.fromkeys(
        [prefix, question_prefix if prefix == question_prefix else f"{prefix}{question_prefix}"]
    ):
        names = {name: f"{candidate}{name}" for name in base}
        if not set(names.values()) & taken:
            return names
    clashes = sorted(set(names.values()) & taken)
    raise ColumnError(
        f"the input already has column(s) {', '.join(map(repr, clashes))}, named as the "
        f"columns `classifier tag` writes for the answers in {text_column!r}; rename them"
    )


def prediction_column(frame: pd.DataFrame, question: str, name: str) -> str:
    """The column `classifier tag` wrote for `name`: `<question>_<name>`, else `<name>`.

    The plain `<name>` of a file tagged for one question does not say which
    question it is for; asked for its themes or stance, a question whose empty
    answers are tagged as if they said something is refused (`ColumnError`):
    the plain columns are another question's.
    """
    prefixed = f"{question}_{name}"
    if prefixed in frame.columns:
        return prefixed
    if name in frame.columns:
        if name in ("themes", "stance") and question in frame.columns:
            _check_plain_columns_are_for(frame, question, name)
        return name
    # A tagged file (another of the question's predictions is there) whose `themes` was
    # retitled `Themes` in a spreadsheet; an export's own `Language` column is no such thing.
    tagged = any(
        f"{question}_{other}" in frame.columns or other in frame.columns
        for other in (*PREDICTION_NAMES, STANCE_SCORE)
        if other != name
    )
    for wanted in (prefixed, name) if tagged else ():
        retitled = column_named_loosely(frame, wanted)
        if retitled is not None:
            raise ColumnError(
                f"neither {prefixed!r} nor {name!r} is a column, but column {retitled!r} "
                "differs from one only by case, spaces or characters that look alike: "
                f"rename it {wanted!r}, as `classifier tag` wrote it, to read the "
                f"answers in {question!r} as tagged"
            )
    raise ColumnError(
        f"neither {prefixed!r} nor {name!r} is a column, so the answers in "
        f"{question!r} are not tagged: the file must be tagged first with `classifier tag "
        f"--text-column {question}`"
    )


def _check_plain_columns_are_for(frame: pd.DataFrame, question: str, name: str) -> None:
    """Raise ColumnError when a row with no answer to `question` has themes or a stance
    other than neutral in the plain column `name`: `tag` gives an empty answer neither."""
    empty = _stripped(frame[question]).eq("").to_numpy()
    values = _stripped(frame[name]).to_numpy()
    said = _says_something(values[empty], name)
    if said.any():
        row = int(np.flatnonzero(empty)[np.flatnonzero(said)[0]]) + 2
        raise ColumnError(
            f"the {name!r} column is not the predictions for {question!r}: row {row} has no "
            f"answer in {question!r} but {name} {values[empty][said][0]!r}; the file was "
            "tagged for another question (its --text-column), so tag it for this one"
        )


def rows_predicted_as_answered(frame: pd.DataFrame) -> np.ndarray:
    """Rows of a file tagged for one question whose plain `themes` or `stance` say that
    their answer was not empty: a theme, or a stance other than neutral (`tag` gives an
    empty answer neither). None is, in a frame without those columns."""
    said = np.zeros(len(frame), dtype=bool)
    for name in ("themes", "stance"):
        if name in frame.columns:
            said |= _says_something(_stripped(frame[name]).to_numpy(), name)
    return said


def _says_something(values: np.ndarray, name: str) -> np.ndarray:
    """Which stripped cells of the plain column `name` ("themes" or "stance") `tag` never
    writes for an empty answer."""
    if name == "themes":
        return values != ""
    # Stances in any case, as `report` and `train` read them; judged once per distinct cell.
    distinct, where = np.unique(values.astype(str), return_inverse=True)
    said = ~np.isin([stance_cell(v) for v in distinct], ["", NEUTRAL])
    return said[where.reshape(-1)]


def _stripped(cells: pd.Series) -> pd.Series:
    """Cells as stripped text, a missing cell (None, NaN) as "": `vocab.is_blank`, for a
    whole column at once (this check runs on every row of a tagged file)."""
    return cells.where(cells.notna(), "").astype(str).str.strip()


def tag_output_columns(frame: pd.DataFrame) -> set[str]:
    """The columns of `frame` that `classifier tag` wrote (plain, or prefixed by a tagged
    question): never an answer, respondent or declared-language column."""
    columns = [str(c) for c in frame.columns]
    names = (*PREDICTION_NAMES, STANCE_SCORE, LANGUAGE_MIXED, LOW_CONFIDENCE, *NEED_COLUMNS)
    prefixes = [f"{q}_" for q in tagged_questions(frame)]
    if all(name in columns for name in PREDICTION_NAMES):
        prefixes.append("")
    return {
        column
        for column in columns
        for prefix in prefixes
        if column.startswith(prefix)
        and (column[len(prefix) :] in names or column[len(prefix) :].startswith("score_"))
    }


def tagged_questions(frame: pd.DataFrame) -> list[str]:
    """The questions of a file tagged for several questions (prefixed layout), in column order.

    A file tagged for one question has unprefixed prediction columns that do not
    name their question: then the result is empty and the caller must say which.
    """
    columns = {str(c) for c in frame.columns}
    return [
        str(c) for c in frame.columns if all(f"{c}_{name}" in columns for name in PREDICTION_NAMES)
    ]


def answer_ids(frame: pd.DataFrame, text_column: str, id_column: str | None) -> list[object]:
    """Each row's id of its answer to `text_column`, as review sheets write it: the
    `id_column` cell (the row's number from 1 without one) and, in a file tagged for several
    questions, `-qN` after it, N the question's place among the tagged questions. An
    export's id names a respondent's row, which holds one answer per question, and `train`
    reads an id as one answer: the review sheets of two questions must not share ids. A
    blank id stays blank (the needs sheet refuses it)."""
    ids = list(frame[id_column]) if id_column else [str(i + 1) for i in range(len(frame))]
    questions = tagged_questions(frame)
    if len(questions) < 2 or text_column not in questions:
        return ids
    suffix = f"-q{questions.index(text_column) + 1}"
    return [cell if is_blank(cell) else f"{cell_text(cell)}{suffix}" for cell in ids]


# A score cell written with a decimal comma: one comma with digits before or after it and
# no point (`0,53`, `1,0`, `,5`), as a `;`-separated output of `tag` writes it and as Excel
# set to French saves one.
_DECIMAL_COMMA = re.compile(r"[+-]?(\d+,\d*|,\d+)")


def with_decimal_point(cell: object) -> object:
    """A score cell written with a decimal comma, with a point instead (`0,53` -> `0.53`);
    any other cell as it is. In a score the comma is always the decimal mark, never a
    thousands separator: scores lie between 0 and 1, so `1,000` is 1.0 (read as 1000, it
    would be refused as out of range anyway). A cell with both marks (`1.000,5`) or two
    commas stays as it is: not a number."""
    if isinstance(cell, str) and _DECIMAL_COMMA.fullmatch(cell.strip()):
        return cell.replace(",", ".")
    return cell


def read_scores(
    frame: pd.DataFrame, columns: Sequence[str], rows: Sequence[int]
) -> tuple[np.ndarray, list[str]]:
    """The score columns `columns` of a tagged file as numbers (one row an answer, NaN for
    an empty cell: a row added by hand after tagging, never tagged), and each cell that is
    neither empty nor a score from 0 to 1 as "'abc' in column 'score_youth' (row 6)" (or
    "(row 6, outside 0 to 1)" for `1.7`), `rows` numbering the frame's rows for that
    message. A score with a decimal comma (`0,53`) is read as one (`with_decimal_point`):
    a `;`-separated tagged file is written so. `review` and `report` both refuse the other
    cells: `abc` read as missing or as 0, or `1.7` (a typo made editing the file) read as
    it is, changed which answers each picks, without a word."""
    numbers_of = np.asarray(rows)
    values, places = [], []
    for column in columns:
        cells = frame[column]
        numbers = pd.to_numeric(cells.map(with_decimal_point), errors="coerce")
        unreadable = numbers.isna().to_numpy() & ~cells.map(is_blank).to_numpy(dtype=bool)
        outside = ((numbers < 0) | (numbers > 1)).to_numpy(dtype=bool)
        places += [
            f"{cell!r} in column {column!r} (row {row}{', outside 0 to 1' if out else ''})"
            for cell, row, out in zip(
                cells[unreadable | outside],
                numbers_of[unreadable | outside],
                outside[unreadable | outside],
                strict=True,
            )
        ]
        values.append(numbers.to_numpy(dtype=float))
    matrix = np.column_stack(values) if values else np.empty((len(frame), 0))
    return matrix.reshape(len(frame), len(columns)), places


def tagged_min_respondents(tagged: pd.DataFrame, text_column: str) -> int:
    """The --min-respondents a tagged file was tagged with, as its columns show it: the
    fewest respondents of a need its `recurrence` calls recurring (with none recurring, one
    more than its largest need; without need columns, the default). Grouping with it gives
    the file's own recurrence."""
    recurrence = written_column(tagged, text_column, "recurrence")
    counts = written_column(tagged, text_column, "need_respondents")
    if recurrence is None or counts is None:
        return DEFAULT_MIN_RESPONDENTS
    # `recurrence` is that of an ask's first need, whose respondents come first
    firsts = [respondent_count(count.split(";")[0]) for count in counts[1]]
    sizes = [
        (recurrence_cell(value) in (RECURRING, PART_OF_RECURRING), first)
        for value, first in zip(recurrence[1], firsts, strict=True)
        if first is not None
    ]
    recurring = [size for is_recurring, size in sizes if is_recurring]
    if recurring:
        return min(recurring)
    return max([DEFAULT_MIN_RESPONDENTS] + [size + 1 for _, size in sizes])


def respondent_count(cell: str) -> int | None:
    """A need's respondent count as `tag` writes it (`3`), or as a program re-saved it: with
    decimal zeros after a point or a comma (`3.0` from a float column, `3,0` from one in a
    `;`-separated file, `3,00` from a number format), read as the whole number. None for a
    cell edited into no count: `²`, which Python calls a digit, `0`, which would ask for a
    --min-respondents of 0, or `3.5`; and for `1,000` (a thousands separator, or three
    decimals?)."""
    match = _COUNT.fullmatch(cell.strip())
    if match is None or int(match.group(1)) < 1:
        return None
    return int(match.group(1))


def written_column(
    tagged: pd.DataFrame, text_column: str, name: str
) -> tuple[str, list[str]] | None:
    """The column `tag` wrote for `name` and its cells as stripped text; None without it."""
    try:
        column = prediction_column(tagged, text_column, name)
    except ColumnError:
        return None
    return column, [v.strip() if isinstance(v, str) else "" for v in tagged[column]]
