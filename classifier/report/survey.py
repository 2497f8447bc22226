"""A tagged file read into answers and respondents, in an order that does not depend on its rows.

`prepare` checks the columns the report needs, puts the rows in a canonical
order (sorted on all their cells) and keeps, for every question, the non-empty
answers with their predictions (language, themes, stance, needs, theme scores),
and for every respondent their 0-10 recommendation score and segments. The
sections never read the table again: everything they count comes from here.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..catalogue import NeedsCatalogue
from ..codebook import OTHER_SEPARATORS, Codebook, format_places
from ..errors import ColumnError, DataWarning, ReportError
from ..io.layout import (
    NEED_COLUMNS,
    STANCE_SCORE,
    prediction_column,
    read_scores,
    respondent_count,
    tag_output_columns,
)
from ..io.recommend_scores import few_scores, other_scale, parse_score, unreadable_score
from ..io.tables import (
    names_a_column,
    refuse_answers_in_another_role,
    require_column,
    require_one_name,
)
from ..text.language import has_letters
from ..text.visible import reads_as_empty
from ..vocab import (
    LANGUAGES,
    NEW_NEED_PREFIX,
    RECURRENCE_VALUES,
    UNDETERMINED,
    cell_text,
    normalize_declared,
    recurrence_cell,
    respondent_key,
    split_ids,
    stance_cell,
)

PROMOTER_MIN = 9
DETRACTOR_MAX = 6


@dataclass(frozen=True)
class Answer:
    """One non-empty answer to one question, with its predictions."""

    row: int
    respondent: str
    question: str
    text: str
    language: str
    themes: tuple[str, ...]
    stance: str
    needs: tuple[str, ...]
    scores: dict[str, float] = field(compare=False, hash=False)
    recurrence: str = ""  # the tagged file's `recurrence` of this ask ("" when none)
    need_labels: tuple[str, ...] = ()  # the tagged file's `need_labels`, one per need
    suggestions: tuple[str, ...] = ()  # the tagged file's `suggestion_ids`, one per need
    # the tagged file's `need_respondents`, one per need (None: a cell edited into no count)
    need_counts: tuple[int | None, ...] = ()
    stance_score: float | None = None  # the probability of `stance`, when the file has it


@dataclass(frozen=True)
class Respondent:
    """One respondent (one id, or one row without id): language, score and segments."""

    key: str
    language: str
    score: int | None
    segments: dict[str, str] = field(compare=False, hash=False)

    @property
    def category(self) -> str | None:
        """'promoter' (9-10), 'passive' (7-8), 'detractor' (0-6), or None without a score."""
        if self.score is None:
            return None
        if self.score >= PROMOTER_MIN:
            return "promoter"
        return "detractor" if self.score <= DETRACTOR_MAX else "passive"


@dataclass
class Survey:
    """A tagged file read into answers and respondents, in canonical order."""

    answers: list[Answer]
    respondents: list[Respondent]
    questions: list[str]
    has_needs: bool
    # Codebook themes the file has no score column for, though it has others: the model
    # that tagged it did not know them (another codebook), so their 0 % means "not coded".
    uncoded_themes: frozenset[str] = frozenset()
    # Need ids of the answers that are neither the catalogue's nor new needs (`new-...`): the
    # file was tagged by a model of another needs catalogue (an updated or an older one).
    uncatalogued_needs: frozenset[str] = frozenset()
    # The declared (questionnaire) language column whose languages the answers carry, None
    # when none is known to: the page then cannot say whether a language was declared.
    language_column: str | None = None
    # Need id -> the respondents who raised it under the file's questions the report does
    # not cover (`_other_questions_respondents`): a need's respondents count them too.
    elsewhere: dict[str, frozenset[str]] = field(default_factory=dict)
    # Need ids of the file that the catalogue has renamed or merged since -> the catalogue
    # need that replaces each (`CatalogueNeed.replaces`): the answers carry the current id.
    replaced_needs: dict[str, str] = field(default_factory=dict)
    # Catalogue needs that several of the file's need ids now read as (needs merged since it
    # was tagged): its `recurrence` judged each part alone (`collect_needs`).
    merged_needs: frozenset[str] = frozenset()

    @property
    def scored(self) -> list[Respondent]:
        """The respondents who gave a valid 0-10 score."""
        return [r for r in self.respondents if r.score is not None]


def _read_scores(
    frame: pd.DataFrame, columns: dict[str, dict[str, str | None]], what: str
) -> dict[str, np.ndarray]:
    """Score column (theme scores, stance score) -> its cells as numbers in the frame's row
    order, NaN for an empty cell (a row added by hand, never tagged), as `read_scores`, the
    reader `classifier review` shares, reads them: parsed once, a cell cannot be a score
    for one reader and another number (or none) for a second. Raise ReportError naming
    the cells that are neither empty nor a score from 0 to 1: read as 0, `abc` (a typo made
    editing the tagged file) silently changed which answers the report quotes, and so did
    `1.7` read as it is. Rows are numbered as a spreadsheet numbers them (the header is
    row 1)."""
    scored = [
        column
        for names in columns.values()
        for name, column in names.items()
        if column is not None and (name.startswith("score_") or name == STANCE_SCORE)
    ]
    numbers, unreadable = read_scores(frame, scored, range(2, len(frame) + 2))
    if unreadable:
        raise ReportError(
            f"{what}: its scores must be numbers from 0 to 1 (0.42, or 0,42 with a decimal "
            "comma), or empty for a row added by hand and never tagged; these are not: "
            f"{format_places(unreadable)}. Correct them, or empty them"
        )
    return {column: numbers[:, i] for i, column in enumerate(scored)}


def _stance_score(numbers: np.ndarray | None, row: int) -> float | None:
    """The stance score of the frame's `row`, None when the file has no stance score
    column (tagged before 0.3) or the cell is empty (a row added by hand): its stance is
    taken as it is written."""
    if numbers is None or math.isnan(numbers[row]):
        return None
    return float(numbers[row])


def _refuse_predictions_in_another_role(
    predicted: set[str], columns: dict[str, str | None]
) -> None:
    """Raise ColumnError when a column `classifier tag` wrote (`predicted`) is given as the
    export's respondent, score or language column (`columns`, role -> name): a prediction
    is not the export's. Taken, `language` (the detected language, the obvious name to
    type) was shown as "the questionnaire language of column language", `need_respondents`
    gave a net promoter score of need counts, `suggestion_ids` made each ask a respondent."""
    for role, column in columns.items():
        if column and str(column) in predicted:
            raise ColumnError(
                f"column {column!r}, given as the {role} column, is one `classifier "
                "tag` wrote (a prediction for the answers, not the export's): give the "
                f"export's own {role} column, the one `tag` was given, or leave it out"
            )


def _refuse_other_scales(frame: pd.DataFrame, column: str, what: str) -> None:
    """Raise ReportError naming the rows of `column` whose score is a fraction of another
    scale than 0-10: read as its numerator, '4/5' (a respondent's 80 %) would count as a
    detractor's 4, and converting it would be the report's guess of an answer to another
    question. Rows are numbered as a spreadsheet numbers them (the header is row 1)."""
    places = [
        f"{value.strip()!r} (row {row})"
        for row, value in enumerate(map(cell_text, frame[column]), start=2)
        if other_scale(value)
    ]
    if places:
        raise ReportError(
            f"{what}: score column {column!r} holds scores on another scale than the 0-10 "
            f"recommendation score: {format_places(places)}. The net promoter score counts "
            "0-10 scores only: give them on that scale (9/10 is read as 9), or leave the "
            "score column out"
        )


def _warn_of_unread_scores(frame: pd.DataFrame, column: str, what: str) -> None:
    """A DataWarning when `column` holds too few 0-10 scores to be the score column
    (`few_scores`: another column named by mistake), else one naming its rows that hold
    digits but no 0-10 score ('8 ou 9', '9.5'; `unreadable_score`): they count as no
    score, so the net promoter score leaves their respondents out. Rows are numbered as a
    spreadsheet numbers them."""
    problem = few_scores(column, frame[column])
    if problem:
        warnings.warn(f"{what}: {problem}", DataWarning, stacklevel=3)
        return
    places = [
        f"{value.strip()!r} (row {row})"
        for row, value in enumerate(map(cell_text, frame[column]), start=2)
        if unreadable_score(value)
    ]
    if places:
        warnings.warn(
            f"{what}: score column {column!r} has {len(places)} cell(s) with no 0-10 score "
            f"in them: {format_places(places)}; they count as no score (the net promoter "
            "score leaves those respondents out). Write one whole number from 0 to 10 "
            "('9', '9/10' and '9 sur 10' are read) to count them",
            DataWarning,
            stacklevel=3,
        )


def _warn_of_missing_stance_scores(columns: dict[str, dict[str, str | None]], what: str) -> None:
    """A DataWarning naming the questions without a stance score column: the report quotes
    as successes only the praise the model was sure of, and without the scores it quotes
    every answer tagged praise (a complaint read as praise included). Files tagged before
    0.3 have none; a file tagged since had the column removed."""
    missing = [question for question, names in columns.items() if not names[STANCE_SCORE]]
    if missing:
        warnings.warn(
            f"{what} has no stance score column for {', '.join(map(repr, missing))} (a file "
            "tagged before classifier 0.3, or the column was removed): successes quote every "
            "answer tagged praise, including those the model was unsure of. Tag the answers "
            "again, or keep the stance score column, to quote only sure praise",
            DataWarning,
            stacklevel=3,
        )


def _canonical(frame: pd.DataFrame) -> tuple[dict[str, list[str]], list[int]]:
    """Column -> cells as text, rows sorted on all their cells (the input's row order is
    gone), and each sorted row's position in `frame`, to find what was read of it."""
    rows = sorted(
        (tuple(cell_text(v) for v in row), position)
        for position, row in enumerate(frame.astype(object).itertuples(index=False, name=None))
    )
    cells = {str(name): [row[i] for row, _ in rows] for i, name in enumerate(frame.columns)}
    return cells, [position for _, position in rows]


def _prediction_columns(
    frame: pd.DataFrame, questions: list[str], codebook: Codebook
) -> dict[str, dict[str, str | None]]:
    """Question -> prediction name -> its column (None for an optional column that is absent).

    Several questions must each have their own (prefixed) prediction columns.
    """
    plain = [q for q in questions if f"{q}_themes" not in frame.columns]
    if len(plain) > 1:
        command = "classifier tag " + " ".join(f"--text-column {q}" for q in questions)
        if "themes" not in frame.columns:
            raise ColumnError(
                f"the answers in {', '.join(map(repr, plain))} are not tagged (the file has no "
                f"prediction columns such as {plain[0]}_themes): the file must be tagged "
                f"first, with `{command}`"
            )
        raise ColumnError(
            "the file was tagged for one question (its prediction columns, such as 'themes', "
            f"are not prefixed with a question), and {len(questions)} are read from it "
            f"({', '.join(questions)}): questions {plain[0]!r} and {plain[1]!r} cannot share "
            f"them; tag the file for every question given, with `{command}`"
        )
    for question in questions:
        _check_codebook(frame, question, codebook)
    columns: dict[str, dict[str, str | None]] = {}
    for question in questions:
        resolved: dict[str, str | None] = {
            name: prediction_column(frame, question, name)
            for name in ("language", "themes", "stance")
        }
        for optional in (*NEED_COLUMNS, STANCE_SCORE):
            try:
                resolved[optional] = prediction_column(frame, question, optional)
            except ColumnError:
                resolved[optional] = None
        for theme in codebook.theme_ids:
            try:
                resolved[f"score_{theme}"] = prediction_column(frame, question, f"score_{theme}")
            except ColumnError:
                resolved[f"score_{theme}"] = None
        columns[question] = resolved
    _refuse_shared_need_columns(columns, questions)
    return columns


def _refuse_shared_need_columns(
    columns: dict[str, dict[str, str | None]], questions: list[str]
) -> None:
    """Raise ColumnError when several questions, each with its own (prefixed) predictions,
    would read one unprefixed need column (`need_ids`): need columns added from Python
    without the question's prefix, each question's overwriting the one before, so every
    need would be counted under every question with the last question's recurrence."""
    if len(questions) < 2:
        return
    for name in NEED_COLUMNS:
        readers = [q for q in questions if columns[q].get(name) == name]
        if len(readers) > 1:
            raise ColumnError(
                f"questions {', '.join(map(repr, readers))} would all read the unprefixed "
                f"column {name!r}: with several questions, each question's need columns "
                f"carry its prefix ({readers[0]}_{name}, ...), as `classifier tag` writes "
                "them; from Python, add them per question with tagged.assign(**{f'{q}_{k}': "
                "v for k, v in find_needs(tagged, text_column=q, ...).answer_columns().items()})"
            )


def _check_codebook(frame: pd.DataFrame, question: str, codebook: Codebook) -> None:
    """Raise ColumnError when the file has score columns for themes the codebook lacks: it
    was tagged with another codebook, whose themes the report would show as raw ids beside
    this one's at 0 %; or when a theme, stance or recurrence cell edited by hand is none
    the report can read."""
    prefixed = f"{question}_themes" in frame.columns
    themes_column = f"{question}_themes" if prefixed else "themes"
    if themes_column not in frame.columns:
        return  # not tagged: `prediction_column` says so
    prefix = f"{question}_score_" if prefixed else "score_"
    given = {theme for cell in frame[themes_column] for theme in split_ids(cell)}
    scored = [str(c)[len(prefix) :] for c in frame.columns if str(c).startswith(prefix)]
    # A theme both given and scored is the model's (an input column named score_x is not).
    foreign = [t for t in scored if t in given and t not in codebook.theme_ids]
    if foreign:
        raise ColumnError(
            f"the answers in {question!r} were tagged with another codebook than "
            f"{codebook.name!r} (their scores name the theme(s) {', '.join(foreign)}): give "
            "the model's codebook with --codebook"
        )
    # A cell edited by hand: `a,b` for `a;b`, a label for its id or an id in capitals (the
    # error names each fix, `Codebook.theme_hints`), a stance in another word.
    # Counted as themes or stances of their own, they would take answers from the real ones.
    theme_cells = frame[themes_column].map(split_ids)
    known = set(codebook.theme_ids)
    unknown = {theme for themes in theme_cells for theme in themes if theme not in known}
    _refuse_unknown_ids(
        theme_cells,
        known,
        f"column {themes_column!r} holds theme ids that codebook {codebook.name!r} does not have",
        "; ".join(codebook.theme_hints(unknown)),
    )
    stance_column = f"{question}_stance" if prefixed else "stance"
    if codebook.stances and stance_column in frame.columns:
        _refuse_unknown_ids(
            frame[stance_column].map(lambda cell: [stance_cell(cell)] if stance_cell(cell) else []),
            set(codebook.stances),
            f"column {stance_column!r} holds stances that codebook {codebook.name!r} does not have",
            f"write one of {', '.join(codebook.stances)}",
        )
    _refuse_need_ids_typed_otherwise(
        frame, f"{question}_need_ids" if prefixed else "need_ids", codebook
    )
    # `Recurring` or `Part of recurring need` retyped are read (`recurrence_cell`); another
    # word (`récurrent`, `yes`) would make its need a unique request without a word.
    recurrence_column = f"{question}_recurrence" if prefixed else "recurrence"
    if recurrence_column in frame.columns:
        _refuse_unknown_ids(
            frame[recurrence_column].map(
                lambda cell: [recurrence_cell(cell)] * bool(cell_text(cell).strip())
            ),
            set(RECURRENCE_VALUES),
            f"column {recurrence_column!r} holds values that are not a recurrence",
            f"write one of {', '.join(RECURRENCE_VALUES)}, as `classifier tag` writes them "
            "(or tag the file again)",
        )


def _refuse_need_ids_typed_otherwise(frame: pd.DataFrame, column: str, codebook: Codebook) -> None:
    """Raise ColumnError naming the cells of need ids `column` edited by hand into no need
    id: a catalogue id in capitals or with spaces (`Timely_Replies`), a need's label typed
    for its id (`Codebook.need_hint`), a new need's id in capitals (`NEW-70567a05`), or ids
    joined by another character than ';' (`new-70567a05, timely_replies`: each part a
    catalogue or new need's id; no id holds one of `OTHER_SEPARATORS`). Read as they are,
    each was a new need of that name, or blamed on a model of another catalogue."""
    if column not in frame.columns:
        return
    cells = frame[column].map(split_ids)
    known = codebook.catalogue.known_ids if codebook.catalogue else frozenset()
    hints = {}
    for need in sorted({need for needs in cells for need in needs}):
        hint = codebook.need_hint(need)
        if hint is None and need != need.lower() and need.lower().startswith(NEW_NEED_PREFIX):
            hint = need.lower()
        parts = [part for part in OTHER_SEPARATORS.split(need) if part]
        if (
            hint is None
            and len(parts) > 1
            and all(part in known or part.startswith(NEW_NEED_PREFIX) for part in parts)
        ):
            hint = f"{';'.join(parts)} (separate need ids with ';')"
        if hint is not None:
            hints[need] = hint
    _refuse_unknown_ids(
        cells.map(lambda needs: [need for need in needs if need in hints]),
        set(),
        f"column {column!r} holds need ids typed otherwise than `classifier tag` writes them",
        "; ".join(f"{need!r} is {hint}" for need, hint in list(hints.items())[:10])
        + ": write them so, or tag the file again",
    )


def _refuse_unknown_ids(cells: pd.Series, known: set[str], problem: str, advice: str) -> None:
    """Raise ColumnError naming the values of `cells` (each a list of ids) outside `known`
    and their rows (as a spreadsheet numbers them: the header is row 1)."""
    unknown: dict[str, list[int]] = {}
    for row, values in enumerate(cells, start=2):
        for value in values:
            if value not in known:
                unknown.setdefault(value, []).append(row)
    if unknown:
        shown = "; ".join(
            f"{value!r} in row(s) {', '.join(map(str, rows[:5]))}{' ...' if len(rows) > 5 else ''}"
            for value, rows in sorted(unknown.items())[:10]
        )
        raise ColumnError(f"{problem} ({shown}): {advice}")


def prepare(
    frame: pd.DataFrame,
    questions: list[str],
    codebook: Codebook,
    respondent_column: str | None,
    score_column: str | None,
    segment_columns: list[str],
    what: str,
    score_required: bool = True,
    language_column: str | None = None,
) -> Survey:
    """The survey of a tagged table (`what` names it in error messages).

    Raises ReportError for a table without rows and ColumnError for a missing
    column. Without `score_required`, a missing score column means no scores.
    `language_column` is the export's declared (questionnaire) language column, if any.
    """
    if frame is None or len(frame) == 0:
        raise ReportError(f"{what} has no rows, so there is nothing to report")
    roles = {"respondent": respondent_column, "score": score_column, "language": language_column}
    for role, column in roles.items():
        require_one_name(column, role)  # a list would be read as the text of its names
    # Each column by its name as text, as the questions and segments are (`_canonical`), and
    # a column numbered 0 (`pd.DataFrame(rows)`) is one: `if column:` read it as none.
    respondent_column, score_column, language_column = (
        str(column) if names_a_column(column) else None for column in roles.values()
    )
    for column, role in (
        (respondent_column, "respondent"),
        (score_column, "score"),
        (language_column, "language"),
    ):
        refuse_answers_in_another_role(questions, column, role)  # as `classifier report`
    tagged = frame.rename(columns=str)  # its rows, to check which question it is for
    predicted = tag_output_columns(tagged)  # the columns `tag` wrote
    _refuse_predictions_in_another_role(
        predicted,
        {"respondent": respondent_column, "score": score_column, "language": language_column},
    )
    if score_column is not None and score_column in tagged.columns:
        _refuse_other_scales(tagged, score_column, what)
        _warn_of_unread_scores(tagged, score_column, what)
    cells, order = _canonical(frame)
    frame = pd.DataFrame(columns=list(cells))  # the column names, for the checks below
    size = len(next(iter(cells.values())))
    for question in questions:
        require_column(frame, question, "text")
    if respondent_column is not None:
        require_column(frame, respondent_column, "respondent")
    if score_column is not None and (score_required or score_column in frame.columns):
        require_column(frame, score_column, "score")
    else:
        score_column = None
    for column in segment_columns:
        require_column(frame, column, "segment")
    if language_column is not None:
        require_column(frame, language_column, "language")
    columns = _prediction_columns(tagged, questions, codebook)
    _warn_of_missing_stance_scores(columns, what)
    numbers = _read_scores(tagged, columns, what)

    keys = []
    ids = cells[respondent_column] if respondent_column is not None else [""] * size
    for position, value in enumerate(ids):
        key = respondent_key(value)
        keys.append(f"row:{position:09d}" if key is None else f"id:{key}")

    answers: list[Answer] = []
    empty = [""] * size
    current = _CurrentNeeds(codebook.catalogue)
    for question in questions:
        names = columns[question]
        languages, themes, stances = (cells[names[n]] for n in ("language", "themes", "stance"))
        needs_cells = cells[names["need_ids"]] if names["need_ids"] else empty
        label_cells = cells[names["need_labels"]] if names["need_labels"] else empty
        count_cells = cells[names["need_respondents"]] if names["need_respondents"] else empty
        recurrence_cells = cells[names["recurrence"]] if names["recurrence"] else empty
        suggestion_cells = cells[names["suggestion_ids"]] if names["suggestion_ids"] else empty
        stance_scores = numbers.get(names[STANCE_SCORE] or "")
        scores = {
            t: numbers[names[f"score_{t}"]] for t in codebook.theme_ids if names[f"score_{t}"]
        }
        for position, raw_text in enumerate(cells[question]):
            if reads_as_empty(raw_text):  # nothing a reader sees: `tag` read it as empty
                continue
            answer_text = raw_text.strip()
            # An answer without a letter never asks for anything.
            asks = has_letters(answer_text)
            written = tuple(split_ids(needs_cells[position])) if asks else ()
            needs, labels = current.of(written, _need_labels(label_cells[position], len(written)))
            answers.append(
                Answer(
                    row=position,
                    respondent=keys[position],
                    question=question,
                    text=answer_text,
                    # A language corrected by hand may be written as a name (`French`),
                    # as `tag`, `review` and `train` read one: not an undetermined answer.
                    language=normalize_declared(languages[position]) or UNDETERMINED,
                    themes=tuple(split_ids(themes[position])),
                    stance=stance_cell(stances[position]),
                    needs=needs,
                    # An empty score cell: a row added by hand, never tagged, scores 0.
                    scores={
                        theme: float(np.nan_to_num(values[order[position]]))
                        for theme, values in scores.items()
                    },
                    recurrence=recurrence_cell(recurrence_cells[position]) if asks else "",
                    need_labels=labels,
                    need_counts=_need_counts(count_cells[position], written, needs),
                    suggestions=tuple(split_ids(suggestion_cells[position])) if asks else (),
                    stance_score=_stance_score(stance_scores, order[position]),
                )
            )
    _warn_of_repeated_answers(answers, what)
    # The tagged `language` of each respondent's rows, answered or not: `classifier tag` gives
    # an empty answer its questionnaire language, so a member who only gave a score still
    # counts in their language.
    row_language: dict[str, str] = {}
    for question in questions:
        for position, value in enumerate(cells[columns[question]["language"]]):
            if code := normalize_declared(value):
                row_language.setdefault(keys[position], code)
    # A blank row of the export (`,,,,` where Excel saved a cleared row) is tagged like any
    # other: only the columns `tag` did not write say whether it is someone's row.
    input_cells = {name: column for name, column in cells.items() if name not in predicted}
    return Survey(
        answers=answers,
        respondents=_respondents(
            cells, input_cells, keys, answers, row_language, score_column, segment_columns, what
        ),
        questions=questions,
        has_needs=any(columns[q]["need_ids"] for q in questions),
        uncoded_themes=_uncoded_themes(columns, codebook, what),
        uncatalogued_needs=_uncatalogued_needs(answers, codebook),
        language_column=language_column
        if language_column is not None and _declared(cells[language_column], answers)
        else None,
        elsewhere=_other_questions_respondents(tagged, cells, keys, questions, current),
        replaced_needs=dict(sorted(current.replaced.items())),
        merged_needs=current.merged(),
    )


class _CurrentNeeds:
    """The need ids of a tagged file read as the catalogue's needs of today: an id the
    catalogue has renamed or merged since (`NeedsCatalogue.current_id`) reads as the need
    that replaces it, so a file tagged before a rename lines up with this year's (and a
    need is not shown twice, or as not compared). Remembers what it replaced."""

    def __init__(self, catalogue: NeedsCatalogue | None) -> None:
        self.catalogue = catalogue
        self.replaced: dict[str, str] = {}
        # current id -> the file's ids read as it
        self._read_as: dict[str, set[str]] = {}

    def of(
        self, needs: tuple[str, ...], labels: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """An answer's needs (and their labels, when one per need) in current ids, each
        once (two needs merged since are one)."""
        if self.catalogue is None:
            return needs, labels
        current: dict[str, str] = {}
        for position, need in enumerate(needs):
            now = self.catalogue.current_id(need)
            if now != need:
                self.replaced[need] = now
            self._read_as.setdefault(now, set()).add(need)
            current.setdefault(now, labels[position] if len(labels) == len(needs) else "")
        return tuple(current), tuple(current.values()) if len(labels) == len(needs) else labels

    def merged(self) -> frozenset[str]:
        """The current needs that two or more of the file's ids read as."""
        return frozenset(now for now, ids in self._read_as.items() if len(ids) > 1)


def _other_questions_respondents(
    tagged: pd.DataFrame,
    cells: dict[str, list[str]],
    keys: list[str],
    questions: list[str],
    current: _CurrentNeeds,
) -> dict[str, frozenset[str]]:
    """Need id -> the respondents (`keys`, in the canonical order of `cells`) whose answers
    raise it under the questions of a file tagged for several that `questions` leaves out.
    `tag` groups the asks of all of a file's questions together (`across_questions`): a
    need is recurring, and its `need_respondents` counted, over all of them. Counted over
    the reported questions only, a report of one question listed a need two respondents
    raised, one per question, as recurring with 1 respondent. Any column with need ids
    (`<question>_need_ids`) counts, the question's other prediction columns deleted or not
    (`q_strengths_themes` removed by staff reporting on q_improve)."""
    found: dict[str, set[str]] = {}
    for question in map(str, tagged.columns):
        column = f"{question}_need_ids"
        if question in questions or column not in cells:
            continue
        for position, cell in enumerate(cells[column]):
            for need in current.of(tuple(split_ids(cell)), ())[0]:
                found.setdefault(need, set()).add(keys[position])
    return {need: frozenset(respondents) for need, respondents in found.items()}


def _declared(declared: list[str], answers: list[Answer]) -> bool:
    """Whether the answers carry the languages of a declared language column (cells in
    canonical row order): `tag` gives an answer its row's declared language when it is
    one of the model's, so every such answer's language is it, and at least one answer
    has one. A column `tag` was not given (or languages corrected by hand since) is not
    known to have been used."""
    given = [(normalize_declared(declared[a.row]), a.language) for a in answers]
    given = [(code, language) for code, language in given if code in LANGUAGES]
    return bool(given) and all(code == language for code, language in given)


def _warn_of_repeated_answers(answers: list[Answer], what: str) -> None:
    """A DataWarning when respondents (by id) gave the same answer to the same question on
    several rows: a submission sent twice, whose respondent counts once but whose answers
    count each time in the theme shares and stances."""
    seen: set[tuple[str, str, str]] = set()
    repeated = 0
    for answer in answers:
        if not answer.respondent.startswith("id:"):
            continue  # a row without a respondent id is its own respondent
        key = (answer.respondent, answer.question, answer.text)
        repeated += key in seen
        seen.add(key)
    if repeated:
        warnings.warn(
            f"{what}: {repeated} answer(s) repeat a respondent's identical answer to the same "
            "question on another row (a submission sent twice?): the respondent counts once, "
            "but each copy counts in the theme shares and stances; remove the copies to count "
            "them once",
            DataWarning,
            stacklevel=4,
        )


def _need_counts(
    cell: str, written: tuple[str, ...], needs: tuple[str, ...]
) -> tuple[int | None, ...]:
    """The respondents the file's `need_respondents` cell gives each of an answer's `needs`
    (`written` as the file names them): one ';'-separated count per need, as `tag` writes
    them; () when the cell does not give one per need, or two of the file's needs now read
    as one (merged since: each count was of a part)."""
    counts = cell.split(";")
    if len(counts) != len(written) or len(needs) != len(written):
        return ()
    return tuple(respondent_count(count) for count in counts)


def _need_labels(cell: str, needs: int) -> tuple[str, ...]:
    """The labels of a `need_labels` cell naming `needs` needs. `tag` joins an answer's
    labels with " | ", but a label may hold " | " itself (a new need's label is one of its
    quotes, a catalogue label is what staff typed in the needs sheet): an answer of one need
    (every answer `tag` writes) has the whole cell as its label, never its part before the
    " | " (the report named a new need "A beekeeping cooperative" for the quote "A
    beekeeping cooperative | selling honey would bring income")."""
    if needs <= 1:
        return (cell.strip(),) if cell.strip() else ()
    return tuple(label.strip() for label in cell.split(" | ") if label)


def _uncatalogued_needs(answers: list[Answer], codebook: Codebook) -> frozenset[str]:
    """The need ids of `answers` that the codebook's catalogue lacks and that are not new
    needs (none without a catalogue: every need then reads as the file names it)."""
    if codebook.catalogue is None:
        return frozenset()
    known = set(codebook.catalogue.need_ids)
    return frozenset(
        need
        for answer in answers
        for need in answer.needs
        if need not in known and not need.startswith(NEW_NEED_PREFIX)
    )


def _uncoded_themes(
    columns: dict[str, dict[str, str | None]], codebook: Codebook, what: str
) -> frozenset[str]:
    """The codebook themes without a score column in a file that has score columns (a file
    whose score columns were all removed by hand says nothing either way), with a warning:
    the file was tagged by a model of another codebook, or those columns were removed."""
    uncoded = set()
    for names in columns.values():
        scored = [t for t in codebook.theme_ids if names[f"score_{t}"]]
        if scored:
            uncoded |= {t for t in codebook.theme_ids if not names[f"score_{t}"]}
    if uncoded:
        listed = ", ".join(t for t in codebook.theme_ids if t in uncoded)
        warnings.warn(
            f"{what} has no score column for the theme(s) {listed} of codebook "
            f"{codebook.name!r}: it was tagged by a model that did not know them (another "
            "codebook) or those columns were removed, so it counts no answer for them; a "
            "comparison with it shows their change as not available",
            DataWarning,
            stacklevel=2,
        )
    return frozenset(uncoded)


def _respondents(
    cells: dict[str, list[str]],
    input_cells: dict[str, list[str]],
    keys: list[str],
    answers: list[Answer],
    row_language: dict[str, str],
    score_column: str | None,
    segment_columns: list[str],
    what: str,
) -> list[Respondent]:
    """One respondent per key, sorted: the first score and the first non-empty segment values
    of their rows, and the language of their first answer with a known language (without
    one, the first known `row_language` of their rows). A row whose `input_cells` (the
    columns `tag` did not write) are all empty (a blank row inside a spreadsheet's range,
    tagged or added later) is no respondent. A DataWarning names the respondent ids whose
    rows give different scores (`_warn_of_differing_scores`)."""
    columns = list(input_cells.values())
    respondents: dict[str, dict] = {}
    for position, key in enumerate(keys):
        if not any(column[position].strip() for column in columns):
            continue
        entry = respondents.setdefault(key, {"rows": 0, "scores": [], "segments": {}})
        entry["rows"] += 1
        score = parse_score(cells[score_column][position]) if score_column is not None else None
        if score is not None:
            entry["scores"].append(score)
        for column in segment_columns:
            value = cells[column][position].strip()
            if value and not entry["segments"].get(column):
                entry["segments"][column] = value
    _warn_of_differing_scores(respondents, what)
    first_language: dict[str, str] = {}
    for answer in answers:  # questions in the given order, then rows in canonical order
        if answer.language != UNDETERMINED:
            first_language.setdefault(answer.respondent, answer.language)
    return [
        Respondent(
            key=key,
            language=first_language.get(key) or row_language.get(key, UNDETERMINED),
            score=entry["scores"][0] if entry["scores"] else None,
            segments={c: entry["segments"].get(c, "") for c in segment_columns},
        )
        for key, entry in sorted(respondents.items())
    ]


def _warn_of_differing_scores(respondents: dict[str, dict], what: str) -> None:
    """A DataWarning naming the respondent ids whose rows give different 0-10 scores (each
    entry of `respondents` with its rows and their scores): a person gives one score, so
    such an id is no one person's (an organisation's id given by each of its staff, or a
    placeholder `vocab.names_no_respondent` does not know), and the people behind it count
    as one respondent with one score."""
    differing = [
        f"{key[len('id:') :]!r} ({entry['rows']} rows; scores "
        f"{', '.join(map(str, sorted(set(entry['scores']))))})"
        for key, entry in respondents.items()
        if len(set(entry["scores"])) > 1
    ]
    if differing:
        warnings.warn(
            f"{what}: {len(differing)} respondent id(s) have rows with different "
            f"recommendation scores: {format_places(differing)}; each id counts as one "
            "respondent, with its first score, in the net promoter score and respondent "
            "counts, and as one respondent of a need. If the respondent column gives rows "
            "no person's id (a placeholder the tool does not know as one: 'Anonymous', "
            "'N/A' and the like already count as no id), empty those cells (each "
            "row then counts as its own respondent) or name another column",
            DataWarning,
            stacklevel=4,
        )
