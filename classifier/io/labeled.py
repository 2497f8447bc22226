"""Labeled training data: reading it, validating it against a codebook, merging corrections.

Schema (CSV, XLSX or JSONL): `text` and `themes` are required (theme ids
separated by ';', empty for no theme); `id`, `respondent`, `language`,
`stance`, `need` and `subtopic` are optional. A file after the first may be
corrections only: `id` and the label columns it changes, without `text` and
`themes`; each of its ids must name an answer of an earlier file. Ids outside the codebook, and
declared languages the model does not know, are an error that names each
value and the rows (`file:row`) where it occurs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..codebook import Codebook, format_places
from ..errors import DataWarning, TrainingDataError
from ..vocab import LANGUAGES, UNDETERMINED, normalize_declared, split_ids
from .files import same_file
from .layout import STANCE_SCORE
from .tables import choose_sheet, read_table, table_format
from .xlsx_rows import hidden_rows

REQUIRED_COLUMNS = ("text", "themes")
OPTIONAL_COLUMNS = ("id", "respondent", "language", "stance", "need", "subtopic")
# Labels a correction may change, listed when it does.
_CORRECTED = ("themes", "stance", "need", "subtopic", "language", "respondent")
# The labels an answer is trained with: the same text with others is a contradiction.
_LABELS = ("themes", "stance", "need", "subtopic")
# Columns whose empty cell in a later file keeps the earlier value: a review sheet written
# without a respondent column, or without a sub-topic, says nothing about them.
_KEPT_WHEN_EMPTY = ("respondent", "language", "subtopic")


def repeated_ids(ids: Sequence[str], places: Sequence[str]) -> dict[str, list[str]]:
    """The ids (stripped, empty ones ignored) given on several rows, with their places: a
    sheet read back by id needs one id per answer."""
    found: dict[str, list[str]] = {}
    for place, value in zip(places, ids, strict=True):
        if value.strip():
            found.setdefault(value.strip(), []).append(place)
    return {value: where for value, where in found.items() if len(where) > 1}


def file_names(paths: Sequence[str | Path]) -> list[str]:
    """How messages name each training file: its file name, or, when two files have the same
    name (`week1/review.xlsx`, `week2/review.xlsx`), the path as given."""
    base = [Path(path).name for path in paths]
    return [
        name if base.count(name) == 1 else str(path) for name, path in zip(base, paths, strict=True)
    ]


def _sheet_read(path: Path) -> str:
    """For a workbook, which sheet was read (the first visible one) and which were not."""
    if table_format(path) != "xlsx":
        return ""
    sheet, _ = choose_sheet(path)
    return (
        f" (in sheet {sheet!r}, the first visible sheet of the workbook, the one training "
        "reads: put the answers' sheet first)"
    )


def read_labeled(paths: Sequence[str | Path], codebook: Codebook) -> list[pd.DataFrame]:
    """Each labeled file as a validated frame of the schema's columns it has, plus `source`.

    `source` is "file:row" with the row a spreadsheet shows (the header is row
    1, so the first answer is row 2; in JSONL, the record's number), so that
    every error or correction points at the exact place to fix. Stances are
    matched to the codebook's ids whatever their case.
    """
    _refuse_repeated_files(paths)
    frames = []
    names = file_names(paths)
    for number, path in enumerate(paths):
        frame = schema_names(read_table(path, blank_lines=True), path)
        _refuse_a_tagged_file(frame, path, codebook)
        _refuse_labels_under_another_name(frame, path, codebook)
        missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
        if missing and not (number > 0 and _is_correction_file(frame)):
            raise TrainingDataError(
                f"{path}: missing column(s) {', '.join(missing)}; "
                f"columns found: {', '.join(frame.columns) or '(none)'}"
                + _sheet_read(Path(path))
                + (
                    " (a file after the first that only corrects earlier answers, by id, may "
                    "leave out both text and themes: it then has an id column and a label "
                    "column, such as stance, need, subtopic, language or respondent)"
                    if number > 0
                    else ""
                )
            )
        frame = frame[[c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in frame.columns]]
        frame = frame.fillna("").copy()
        first = 1 if table_format(Path(path)) == "jsonl" else 2
        frame["source"] = [f"{names[number]}:{row}" for row in range(first, first + len(frame))]
        frame = frame[frame.drop(columns="source").ne("").any(axis=1)]  # not a blank line
        _refuse_hidden_rows(Path(path), names[number], frame["source"].tolist())
        if "stance" in frame.columns:
            frame["stance"] = [codebook.stance_id(value) for value in frame["stance"]]
        frames.append(frame)
    if not frames:
        raise TrainingDataError("no training file given")
    data = _with_all_columns(frames)
    codebook.check_labels(
        [split_ids(v) for v in data["themes"]], data["stance"].tolist(), data["source"].tolist()
    )
    codebook.check_need_spellings(data["need"].tolist(), data["source"].tolist())
    check_languages(data["language"].tolist(), data["source"].tolist())
    if not data["text"].str.strip().any():
        raise TrainingDataError("the labeled answers have no non-empty text")
    return frames


def _refuse_repeated_files(paths: Sequence[str | Path]) -> None:
    """Raise TrainingDataError when one file is given twice (`train.csv review.xlsx
    review.xlsx`, a shell pattern that also matches a file named before it, or one file
    under two spellings): its rows without an id would train twice, as if staff had
    labelled each of those answers twice."""
    repeated = []
    for number, later in enumerate(paths):
        first = next((p for p in paths[:number] if same_file(Path(p), Path(later))), None)
        if first is not None:
            repeated.append(f"{later} (the same file as {first})")
    if repeated:
        raise TrainingDataError(
            f"a training file is given twice: {'; '.join(repeated)}. Each file's "
            "rows are read once per time it is given, so its answers without an id would "
            "train twice: give each file once"
        )


def _refuse_hidden_rows(path: Path, name: str, places: Sequence[str]) -> None:
    """Raise TrainingDataError naming the rows of a workbook's sheet that training would
    read but a spreadsheet hides (a filter, or rows hidden by hand): every row of a training
    file counts as checked, and staff who filtered a review sheet to correct some answers
    never saw the others, whose predicted labels would train as corrections."""
    if table_format(path) != "xlsx":
        return
    sheet, _ = choose_sheet(path)
    hidden = set(hidden_rows(path, sheet))
    unseen = [place for place in places if int(place.rsplit(":", 1)[1]) in hidden]
    if unseen:
        raise TrainingDataError(
            f"{name}, sheet {sheet!r}: {len(unseen)} row(s) with answers are hidden (by a "
            f"filter, or by hand): {format_places(unseen)}. Training reads every row as "
            "checked, seen or not: show every row (clear the filter), delete the rows you did "
            "not review, and save the workbook again"
        )


def _refuse_a_tagged_file(frame: pd.DataFrame, path: str | Path, codebook: Codebook) -> None:
    """Raise TrainingDataError when a file is one `classifier tag` wrote (its `stance_score`
    or `score_<theme>` columns, for one question or several): its themes, stances and needs
    are the model's predictions, and trained as checked labels they would teach the model
    its own mistakes, without a word (a file whose answers' column is `text` read as
    training data). A review sheet of it is what staff check and train on."""
    scores = {STANCE_SCORE, *(f"score_{theme}" for theme in codebook.theme_ids)}
    found = [
        str(column)
        for column in frame.columns
        if any(str(column) == name or str(column).endswith(f"_{name}") for name in scores)
    ]
    if found:
        raise TrainingDataError(
            f"{path} is a file tagged by `classifier tag` (columns {', '.join(found[:3])}"
            f"{', …' if len(found) > 3 else ''}): its themes, stances and needs are the "
            "model's predictions, not checked labels, and trained on they would teach the "
            f"model its own mistakes. Make a review sheet of it (`classifier review {path} -o "
            "review.xlsx`), correct it and train on that; if every row of this file was "
            "checked by hand, delete its score columns to train on it as it is"
        )


def _refuse_labels_under_another_name(
    frame: pd.DataFrame, path: str | Path, codebook: Codebook
) -> None:
    """Raise TrainingDataError when a file without a `stance` (or `need`) column has
    another column that holds its labels: nothing but the codebook's stances (in any
    case), such as a review sheet's `stance` header retyped `Stances` or `Position`; or,
    for at least half of its filled cells, needs of the codebook's catalogue only, such as
    `needs`, `need_id` or a tagged file's `need_ids`. Training reads those labels from
    `stance` and `need` only, so every one of them, staff's corrections included, would be
    dropped without a word: the answers would train no stance, or no need (a model without
    a need head matches no ask to the catalogue). A column of suggestion ids, a few of
    which are need ids too, is no column of needs."""
    stances = {stance.lower() for stance in codebook.stances}
    catalogue = codebook.catalogue
    needs = catalogue.known_ids if catalogue else frozenset()
    found = {"stance": [], "need": []}
    for column in frame.columns:
        cells = [str(v).strip() for v in frame[column].fillna("") if str(v).strip()]
        if not cells or str(column) in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
            continue
        if "stance" not in frame.columns and {cell.lower() for cell in cells} <= stances:
            found["stance"].append(str(column))
        elif "need" not in frame.columns and needs:
            of_needs = sum(1 for cell in cells if set(split_ids(cell)) <= needs)
            if of_needs * 2 >= len(cells):
                found["need"].append(str(column))
    held = {
        "stance": f"stances ({', '.join(codebook.stances)})",
        "need": f"need ids of the catalogue {catalogue.name!r}" if catalogue else "",
    }
    problems = [
        f"column(s) {', '.join(map(repr, columns))} hold {held[label]}, but training reads "
        f"them from a column named {label!r} only, so they would be dropped: name that "
        f"column {label!r}"
        for label, columns in found.items()
        if columns
    ]
    if problems:
        raise TrainingDataError(f"{path}: " + "; ".join(problems))


def _is_correction_file(frame: pd.DataFrame) -> bool:
    """Whether a file can only correct earlier answers: ids and a label column, no texts
    (a file with texts holds answers, which need their themes)."""
    return (
        "id" in frame.columns
        and "text" not in frame.columns
        and any(c in frame.columns for c in _CORRECTED)
    )


def schema_names(
    frame: pd.DataFrame,
    path: str | Path,
    schema: Sequence[str] = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS),
) -> pd.DataFrame:
    """`frame` with headers that are a `schema` column (by default the training schema's)
    up to case and surrounding spaces (`Themes`, `themes `: a header retyped in a
    spreadsheet) named as the schema does; two headers that would become one name are an
    error naming `path`."""
    renamed = {
        column: str(column).strip().lower()
        for column in frame.columns
        if str(column) not in schema and str(column).strip().lower() in schema
    }
    names = [renamed.get(column, column) for column in frame.columns]
    clashes = sorted({name for name in names if names.count(name) > 1 and name in schema})
    if clashes:
        raise TrainingDataError(
            f"{path}: several columns name {', '.join(map(repr, clashes))} (up to case and "
            "spaces): keep one"
        )
    return frame.rename(columns=renamed) if renamed else frame


def merge_by_id(files: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """Apply each file's rows, in the order given, to the answers of the files before it.

    A row whose id an earlier file has corrects that answer, column by column:
    the columns the later file has replace the earlier values, the others keep
    them (a review sheet without `need` leaves the need label alone), and an
    empty `respondent`, `language` or `subtopic` cell keeps the earlier value.
    A correction keeps its answer's text: an id given to two different texts
    names two answers, which is an error (review sheets of two questions, or
    two surveys, whose ids are respondent ids or row numbers). Within one file,
    an id on two rows that differ is an error too. Rows without an id are all
    kept, but a row of a later file with a new id or none that holds an earlier
    answer's text with other labels is an error: a correction that names no id.
    Returns the merged rows and one line per id whose labels changed.
    """
    for frame in files:
        _refuse_ambiguous_ids(frame)
    merged: list[dict] = []
    position: dict[str, int] = {}
    first_version: dict[str, dict] = {}
    sources: dict[str, list[str]] = {}
    other_texts: list[str] = []
    lost: list[str] = []  # the same text, but for characters a legacy code page turned to '?'
    unmatched: list[str] = []  # rows of a file without text that correct no earlier answer
    renamed: list[str] = []  # ids a spreadsheet turned into numbers, matched by their text
    numbered: dict[str | None, set[str]] = {}  # whole-number ids of earlier files by value
    by_text: dict[object, list[int]] = {}  # rows of earlier files by their text
    relabelled: list[str] = []  # an earlier answer again under another id, other labels
    for frame in files:
        rows_before = len(merged)
        # `source` follows the latest row that holds the answer's text: a file of corrections
        # only (no text column) changes labels, not where the answer is to be found.
        given = [
            c for c in frame.columns if c != "id" and (c != "source" or "text" in frame.columns)
        ]
        in_this_file: set[str] = set()
        for record in frame.to_dict("records"):
            answer_id = str(record.get("id", "")).strip()
            if answer_id and answer_id not in position:
                earlier_id = _id_as_written_before(answer_id, record, merged, position, numbered)
                if earlier_id:
                    renamed.append(f"{record['source']} (id {answer_id} taken as {earlier_id})")
                    answer_id = earlier_id
            if "text" not in record and answer_id not in position:
                written = sorted(numbered.get(_number_of(answer_id), ()))
                hint = f", written {written[0]} before?" if len(written) == 1 else ""
                unmatched.append(f"{record['source']} (id {answer_id or 'empty'}{hint})")
            elif answer_id not in position and (
                clash := _relabelled_copy(record, answer_id, merged, by_text)
            ):
                relabelled.append(clash)
            elif not answer_id:
                merged.append(record)
            elif answer_id in in_this_file:
                continue  # the same row again (rows that differ were refused above)
            elif answer_id not in position:
                position[answer_id] = len(merged)
                merged.append(record)
                first_version[answer_id] = dict(record)
                sources[answer_id] = [record["source"]]
            else:
                earlier = merged[position[answer_id]]
                if "text" in record and _normal("text", record["text"]) != _normal(
                    "text", earlier["text"]
                ):
                    place = f"id {answer_id} in {earlier['source']}, {record['source']}"
                    if _characters_lost(earlier["text"], record["text"]):
                        lost.append(place)
                    else:
                        other_texts.append(place)
                    # An error below: the earlier answer is kept as it was, for the later
                    # rows compared with it by text (`_relabelled_copy`), which otherwise
                    # named this row's place and labels as the earlier answer's.
                    in_this_file.add(answer_id)
                    continue
                earlier.update(
                    {
                        c: record[c]
                        for c in given
                        if not (c in _KEPT_WHEN_EMPTY and not str(record[c]).strip())
                    }
                )
                sources[answer_id].append(record["source"])
            in_this_file.add(answer_id)
        for answer_id in in_this_file:  # matched by number from the next file on only
            if _number_of(answer_id) is not None:
                numbered.setdefault(_number_of(answer_id), set()).add(answer_id)
        for row in range(rows_before, len(merged)):  # matched by text from the next file on
            by_text.setdefault(_normal("text", merged[row]["text"]), []).append(row)
    if renamed:
        warnings.warn(
            "id(s) that a spreadsheet turned into numbers (leading zeros dropped) were matched "
            f"to the earlier answer with the same text: {format_places(renamed)}",
            DataWarning,
            stacklevel=2,
        )
    if unmatched:
        raise TrainingDataError(
            "a correction file without a text column can only correct answers of an earlier "
            f"file, by id; these rows match none: {format_places(unmatched)}"
        )
    if relabelled:
        raise TrainingDataError(
            "a row of a later file holds the text of an earlier answer under another id (or "
            "none) with other labels, so both would train, the earlier labels beside the "
            f"new ones: {format_places(relabelled)}. To correct that answer, give the row "
            "its id (when it has none, the same new id to both rows); to keep both rows, give "
            "them the same labels"
        )
    if lost:
        raise TrainingDataError(
            "a later file has '?' where the earlier file's text of the same answer has "
            f"characters (emoji, letters) that its encoding cannot hold: {format_places(lost)}. "
            "A spreadsheet saving a CSV in a legacy code page (Excel's \"CSV (Comma "
            'delimited)", Windows-1252) replaces them so: save it as "CSV UTF-8" or XLSX'
        )
    if other_texts:
        raise TrainingDataError(
            "an id names two different answers (their texts differ), so one would replace "
            f"the other: {format_places(other_texts)}. A correction keeps its answer's text; "
            "give every answer its own id (review sheets of several questions or surveys "
            "need an --id-column with one id per answer, not respondent ids or row numbers)"
        )
    conflicts = []
    for answer_id in sorted(position):
        changes = _changes(first_version[answer_id], merged[position[answer_id]])
        if changes:
            conflicts.append(
                f"id {answer_id}: {'; '.join(changes)} ({sources[answer_id][0]}, corrected by "
                f"{', '.join(sources[answer_id][1:])})"
            )
    columns = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "source"]
    return pd.DataFrame(merged).reindex(columns=columns, fill_value="").fillna(""), conflicts


_NUMBER_ID = re.compile(r"0*(\d+)(?:\.0*)?")


def _number_of(answer_id: str) -> str | None:
    """A whole-number id's value as a spreadsheet writes it ('7' for '007' or '7.0')."""
    number = _NUMBER_ID.fullmatch(answer_id)
    return number.group(1) if number else None


def _characters_lost(earlier: str, later: str) -> bool:
    """Whether `later` is `earlier` with characters that are not ASCII (emoji, letters
    outside a code page) written as runs of '?', as a spreadsheet writes them when it saves
    a CSV in a legacy code page: the same answer, not another one."""
    earlier, later = str(_normal("text", earlier)), str(_normal("text", later))
    if "?" not in later:
        return False
    parts = (re.escape(part) for part in re.split(r"\?+", later))
    return re.fullmatch(r"(?:[^\x00-\x7f]|\?)+".join(parts), earlier, re.DOTALL) is not None


def _id_as_written_before(
    answer_id: str, record: dict, merged: list[dict], position: dict[str, int], numbered: dict
) -> str | None:
    """The earlier id that `answer_id`, new, stands for when a spreadsheet turned it into a
    number ('007' saved as 7): the one earlier id of that value whose answer has the same
    text; None when there is none (a new answer). `numbered` maps each number to the ids
    of earlier files written with it."""
    candidates = [
        earlier
        for earlier in numbered.get(_number_of(answer_id), ())
        if "text" in record
        and _normal("text", merged[position[earlier]]["text"]) == _normal("text", record["text"])
    ]
    return candidates[0] if len(candidates) == 1 else None


def _relabelled_copy(
    record: dict, answer_id: str, merged: list[dict], by_text: dict[object, list[int]]
) -> str | None:
    """Where `record`, a row with a new id or none, repeats an earlier file's answer (the
    same text) with other labels, in words; None when it does not. Such a row is a
    correction that names no id (a review sheet whose id column was deleted, or made
    without --id-column, so numbered by row): kept as a new answer, it would train
    beside the labels it corrects, and the correction would count for nothing."""
    if "text" not in record:
        return None
    earlier = [merged[row] for row in by_text.get(_normal("text", record["text"]), ())]
    labels = [c for c in _LABELS if c in record]
    if not earlier or any(
        all(_normal(c, row.get(c, "")) == _normal(c, record[c]) for c in labels) for row in earlier
    ):
        return None
    first = earlier[0]
    return (
        f"{record['source']} (id {answer_id or 'empty'}; the answer of {first['source']}, "
        f"id {str(first.get('id', '')).strip() or 'empty'})"
    )


def _with_all_columns(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The frames one after the other, with every schema column (absent ones empty)."""
    data = pd.concat(frames, ignore_index=True)
    for column in OPTIONAL_COLUMNS:
        if column not in data.columns:
            data[column] = ""
    return data.fillna("")


def check_languages(values: Sequence[str], places: Sequence[str]) -> None:
    """Raise TrainingDataError naming every declared language the model cannot use (it
    would silently be detected instead) and where it occurs."""
    unknown: dict[str, list[str]] = {}
    for value, place in zip(values, places, strict=True):
        value = value.strip()
        if value and value.lower() != UNDETERMINED and normalize_declared(value) is None:
            unknown.setdefault(value, []).append(place)
    if unknown:
        raise TrainingDataError(
            "declared language(s) the model does not know (use "
            f"{', '.join(LANGUAGES)}, or leave the cell empty to detect it): "
            + "; ".join(
                f"{value!r} in {format_places(where)}" for value, where in sorted(unknown.items())
            )
        )


def _refuse_ambiguous_ids(frame: pd.DataFrame) -> None:
    """Raise TrainingDataError when one file gives an id to rows that differ (in what
    they mean: spaces around a cell, `FR` for `fr` or the order of theme ids do not
    count)."""
    if "id" not in frame.columns:
        return
    with_id = frame[frame["id"].str.strip() != ""]
    columns = [c for c in frame.columns if c not in ("id", "source")]
    ambiguous = []
    for answer_id, rows in with_id.groupby(with_id["id"].str.strip(), sort=True):
        differ = [c for c in columns if len({_normal(c, v) for v in rows[c]}) > 1]
        if differ:
            ambiguous.append(
                f"id {answer_id} in {format_places(rows['source'].tolist())} "
                f"(they differ in {', '.join(differ)})"
            )
    if ambiguous:
        raise TrainingDataError(
            "one file gives the same id to different answers or labels, so nothing says "
            "which to train on or score: " + "; ".join(ambiguous) + ". Give each answer its "
            "own id; put corrections in a later file"
        )


def _normal(column: str, value: object) -> object:
    """A cell as it counts for training: id lists as sets, languages as codes, text
    and other cells with their spaces evened out."""
    value = str(value)
    if column in ("themes", "need"):
        return tuple(sorted(split_ids(value)))
    if column == "language":
        return normalize_declared(value) or value.strip().lower()
    return " ".join(value.split())


def _changes(before: dict, after: dict) -> list[str]:
    """What labels differ between two versions of a row, in words ("themes 'a' -> 'b'")."""
    return [
        f"{column} {str(before.get(column, '')).strip() or '(none)'!r} -> "
        f"{str(after.get(column, '')).strip() or '(none)'!r}"
        for column in _CORRECTED
        if _normal(column, before.get(column, "")) != _normal(column, after.get(column, ""))
    ]
