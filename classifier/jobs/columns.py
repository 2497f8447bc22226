"""Which input columns play which role: given by the user, or guessed from their names.

Every command resolves columns through `resolve_columns`, so `tag`, `needs`,
`languages`, `review` and `report` agree on which column holds the answers,
the respondent ids or the declared language, and say what they used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ColumnError
from ..io.layout import rows_predicted_as_answered, tag_output_columns, tagged_questions
from ..io.recommend_scores import column_scores
from ..io.tables import refuse_answers_in_another_role, require_column
from ..lang import LANGUAGE_DATA
from ..model.question_kinds import OPEN, QUESTION_KINDS, check_question_kind


def conventional_names(role: str) -> tuple[str, ...]:
    """Column names that usually hold `role`, in every supported language."""
    return tuple(
        name for data in LANGUAGE_DATA.values() for name in data.column_names.get(role, ())
    )


@dataclass
class Columns:
    """Which input columns play which role (given by the user or guessed)."""

    texts: list[str]
    respondent: str | None = None
    language: str | None = None
    id: str | None = None
    score: str | None = None
    segments: list[str] = field(default_factory=list)
    # What each text column's question asks (`model.question_kinds`); a column left out is
    # "open".
    kinds: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse one name given where a list of names is expected: iterated, `texts=
        'q_improve'` named the columns 'q', '_', 'i', ... (`text column 'q' not found`);
        kinds that are not a dict (`kinds="strengths"` was an AttributeError); and a
        question kind that is not one, or declared for a column that is not a text
        column."""
        for role in ("texts", "segments"):
            value = getattr(self, role)
            if isinstance(value, str):
                raise ColumnError(
                    f"Columns({role}=...) takes a list of column names, got the string "
                    f"{value!r}: pass {role}=[{value!r}]"
                )
        if not isinstance(self.kinds, Mapping):  # `kinds="strengths"`: no `.items()`
            raise ColumnError(
                f"Columns(kinds=...) takes a dict of text column -> question kind "
                f"({', '.join(QUESTION_KINDS)}), got {self.kinds!r}: pass, say, "
                "kinds={'q_strengths': 'strengths'}"
            )
        self.kinds = {column: check_question_kind(k, column) for column, k in self.kinds.items()}
        for column, kind in self.kinds.items():
            if column not in self.texts:
                raise ColumnError(
                    f"a question kind ({kind}) is declared for column {column!r}, which is not "
                    f"a text column (text column(s): {', '.join(map(repr, self.texts))}): "
                    f"declare it for a column tagged with --text-column, kinds being "
                    f"{', '.join(QUESTION_KINDS)}"
                )

    def kind(self, question: str) -> str:
        """What the question of text column `question` asks ("open" unless declared)."""
        return self.kinds.get(question, OPEN)

    def names(self) -> list[str]:
        """Every column used, once each."""
        named = [*self.texts, self.respondent, self.language, self.id, self.score, *self.segments]
        return list(dict.fromkeys(c for c in named if c))

    def roles(self) -> list[tuple[str, str]]:
        """Every column given, with its role as messages name it ("text", "respondent",
        ...), in the order of `names`."""
        given = [(getattr(self, r), r) for r in ("respondent", "language", "id", "score")]
        return [
            *((text, "text") for text in self.texts),
            *((name, role) for name, role in given if name),
            *((segment, "segment") for segment in self.segments),
        ]

    def describe(self) -> str:
        """One log line naming every column used."""
        parts = [f"text column(s): {', '.join(self.texts)}"]
        for role in ("respondent", "language", "id", "score"):
            value = getattr(self, role)
            parts.append(f"{role}: {value if value else '(none)'}")
        if self.segments:
            parts.append(f"segments: {', '.join(self.segments)}")
        if self.kinds:
            parts.append(f"question kinds: {', '.join(f'{c}={k}' for c, k in self.kinds.items())}")
        return "; ".join(parts)


def resolve_columns(
    frame: pd.DataFrame,
    texts: list[str] | None,
    respondent: str | None,
    language: str | None,
    id_column: str | None,
    score: str | None,
    segments: list[str] | None,
    profiles: Callable[[list[str]], dict[str, ColumnProfile]] | None = None,
) -> Columns:
    """Check the columns the user named; guess the others from conventional names. An
    empty name ("") for the respondent, language, id or score column means none: no
    guess (a file whose `language` column is not the questionnaire's, say).
    `frame` may be the first rows of a file: `profiles` then gives what the guess of the
    answer column reads of columns over the whole file (see `guess_text_column`)."""
    one_column_roles = [
        (respondent, "respondent"),
        (language, "language"),
        (id_column, "id"),
        (score, "score"),
    ]
    # A text or segment column is checked whatever its name: "" is a CSV column without
    # a name (kept as such), never "none" as for the one-column roles.
    for column, role in [
        *((t, "text") for t in texts or []),
        *((c, r) for c, r in one_column_roles if c),
        *((s, "segment") for s in segments or []),
    ]:
        require_column(frame, column, role)
    # The guess skips the columns named for another role: `--respondent-column contact`
    # alone must not make `contact` (long free text) the answers.
    others = [c for c in (*(c for c, _ in one_column_roles), *(segments or [])) if c]
    chosen_texts = (
        list(dict.fromkeys(texts)) if texts else [guess_text_column(frame, profiles, others)]
    )
    for column, role in one_column_roles:
        refuse_answers_in_another_role(chosen_texts, column, role)
    taken = set(chosen_texts) | tag_output_columns(frame)

    def given_or_guessed(name: str | None, role: str) -> str | None:
        return (name or None) if name is not None else _guessed(frame, role, taken)

    chosen = {
        role: given_or_guessed(name, role) for name, role in one_column_roles if role != "score"
    }
    # A score column headed with its question must not be a column chosen for another role.
    taken |= {c for c in (*chosen.values(), *(segments or [])) if c}
    return Columns(
        texts=chosen_texts,
        respondent=chosen["respondent"],
        language=chosen["language"],
        id=chosen["id"],
        score=given_or_guessed(score, "score"),
        segments=list(segments or []),
    )


def previous_columns(
    previous: pd.DataFrame, questions: Sequence[str], respondent: str | None, score: str | None
) -> tuple[str | None, str | None]:
    """The respondent and score columns of an earlier consultation's tagged file, compared
    with this one's (`respondent`, `score`): the same names when it has them, else a
    column of a conventional name (a survey tool that renamed `respondent_id` to
    `Respondent ID` between two years), else none. None for a role this year's file has
    no column for."""
    taken = set(questions) | tag_output_columns(previous)

    def same_or_guessed(name: str | None, role: str) -> str | None:
        if not name:
            return None
        return name if name in previous.columns else _guessed(previous, role, taken)

    return same_or_guessed(respondent, "respondent"), same_or_guessed(score, "score")


def previous_questions_renamed(
    previous: pd.DataFrame, questions: Sequence[str], previous_names: Sequence[str]
) -> pd.DataFrame:
    """An earlier consultation's tagged file with its questions renamed to this year's:
    `previous_names[i]` (its answer column, and its prefixed prediction columns in a file
    tagged for several questions) becomes `questions[i]`, so that the report compares
    the same question asked under another column name (`improve_2025` -> `q_improve`)."""
    if len(previous_names) != len(questions):
        raise ColumnError(
            f"{len(previous_names)} previous question column(s) given for {len(questions)} "
            f"question(s) ({', '.join(map(str, questions))}): give one per question, in order"
        )
    written = tag_output_columns(previous)
    mapping: dict[str, str] = {}
    for old, new in zip(previous_names, questions, strict=True):
        require_column(previous, old, "previous question")
        if old == new:
            continue
        if new in previous.columns:
            raise ColumnError(
                f"the previous file has a column {new!r} besides {old!r}, given as last "
                f"year's {new!r}: rename or leave out one of them"
            )
        mapping[old] = new
        mapping.update(
            {
                column: new + column[len(old) :]
                for column in map(str, previous.columns)
                if column in written and column.startswith(f"{old}_")
            }
        )
    return previous.rename(columns=mapping) if mapping else previous


def _guessed(frame: pd.DataFrame, role: str, taken: set[str]) -> str | None:
    """The column guessed for `role`: one of a conventional name; for the score, else one
    headed with the recommendation question whose cells are scores (`_score_question`)."""
    found = _by_name(frame, role, taken)
    if found is None and role == "score":
        return _score_question(frame, taken)
    return found


def _score_question(frame: pd.DataFrame, taken: set[str]) -> str | None:
    """The first column not `taken` whose header names the recommendation question (a word
    starting with one of the languages' `score_words`: "Recommend (0-10)", "¿Recomendaría
    la alianza? (0-10)", "NPS (0-10)") and whose filled cells are 0-10 scores
    (`io.recommend_scores`): survey tools head the column with the question, which no
    conventional name matches, and without a score column the report has no net
    promoter score. A column of other values (comments on the recommendation) is not it.
    Else the first headed with a word for a score (`rating_words`, the word itself:
    "Puntuación", "Note", "Score (0-10)", as Spanish and French exports head it, but not
    "Notes" or "Nombre de notes") whose cells are 0-10 scores, one above 5: such a header
    does not say its scale, and a 1-5 rating is no score; nor is one naming another
    measure ("Note de satisfaction (0-10)", `other_ratings`): its net promoter score
    would mean nothing. A header that states another scale than 0-10 ("Note /20",
    "(1-5)", `_states_another_scale`) is neither."""
    stems = tuple(w for d in LANGUAGE_DATA.values() for w in d.score_words)
    question = _headed_with(frame, taken, lambda word: word.startswith(stems))
    if question is not None:
        return question
    ratings = {w for d in LANGUAGE_DATA.values() for w in d.rating_words}
    others = tuple(w for d in LANGUAGE_DATA.values() for w in d.other_ratings)
    return _headed_with(
        frame, taken, ratings.__contains__, 6, unless=lambda word: word.startswith(others)
    )


def _headed_with(
    frame: pd.DataFrame,
    taken: set[str],
    named: Callable[[str], bool],
    lowest_top: int = 0,
    unless: Callable[[str], bool] = lambda word: False,
) -> str | None:
    """The first column not `taken` whose header has a word `named` accepts and none
    `unless` accepts, states no other scale than 0-10, and whose cells are 0-10 scores,
    the highest at least `lowest_top`."""
    for column in frame.columns:
        if column in taken or _states_another_scale(column):
            continue
        words = re.findall(r"[^\W\d_]+", name_key(column))
        if any(named(word) for word in words) and not any(unless(word) for word in words):
            scores = column_scores(frame[column])
            if scores and max(scores) >= lowest_top:
                return column
    return None


# A scale a header states: a range ("0-10", "1 à 5", "0 a 20", "1 to 5") or a maximum
# ("/20", "sur 20", "out of 100"); the group is its top.
_HEADER_SCALE = re.compile(
    r"\d+\s*(?:[-–—]|\b(?:à|a|al|au|to)\b)\s*(\d+)|(?:/|\bsur\b|\bout of\b)\s*(\d+)",
    re.IGNORECASE,
)


def _states_another_scale(header: object) -> bool:
    """Whether a column header states a scale and none of 0-10 ("Note /20", "Puntuación
    (1-5)"): its cells are answers on that scale, however few exceed 10 (a grade out of 20
    read as a 0-10 score makes a detractor of a respondent giving 12 of 20, and a 1-5
    recommendation of everyone)."""
    # A top above 100 is a year ("NPS 2023-2024"), no scale.
    tops = [int(a or b) for a, b in _HEADER_SCALE.findall(str(header))]
    tops = [top for top in tops if top <= 100]
    return bool(tops) and 10 not in tops


def _by_name(frame: pd.DataFrame, role: str, taken: set[str]) -> str | None:
    """The first column whose name is conventional for `role`, None if there is none.

    Names are compared as `name_key` writes them, so that survey tools' spellings
    match: `Respondent ID` (SurveyMonkey) is `respondent_id`, `Start language`
    (LimeSurvey) `start_language`. A group path (`group_intro/language`, as KoboToolbox
    and ODK name a question inside a group; no spaces, unlike a question's text such as
    `Language / Langue`) matches by its last part, when no column matches by its whole
    name. Of two columns that compare the same, the one spelled as the conventional name
    (`respondent_id` beside `Respondent ID`) is taken, else the first."""
    columns = [c for c in frame.columns if c not in taken]
    keys: dict[str, object] = {}
    for column in sorted(columns, key=lambda c: str(c) != name_key(c)):  # a stable sort
        keys.setdefault(name_key(column), column)
    for column in columns:
        if not any(ch.isspace() for ch in str(column)):  # a path, not a question's text
            keys.setdefault(name_key(str(column).rsplit("/", 1)[-1]), column)
    return next((keys[name] for name in conventional_names(role) if name in keys), None)


def name_key(name: object) -> str:
    """A column name as it is compared with conventional names: stripped, in lower case,
    runs of spaces, hyphens and dots as one `_`, without `_` at either end (KoboToolbox's
    `_id`, `_uuid`)."""
    return re.sub(r"[\s.\-]+", "_", str(name).strip().lower()).strip("_")


def guess_text_column(
    frame: pd.DataFrame,
    profiles: Callable[[list[str]], dict[str, ColumnProfile]] | None = None,
    named: Sequence[str] = (),
) -> str:
    """The answer column: a conventional name, else the column of free text with the
    longest texts; never one of `named` (the columns the user gave for other roles).

    Judged over the whole file: when `frame` holds only its first rows, `profiles`
    gives each candidate column's profile over every row (`column_profiles`), so that
    the guess does not depend on which rows come first, and every command makes the
    same one.

    Only free text is guessed when a column of it exists (`_free_text`): not a survey
    tool's timestamps, uuids or emails, nor a closed question's options, however long.
    Columns that `classifier tag` wrote are never the answers (`need_labels` can be
    longer than short answers). In a tagged file, whose prediction columns do not
    name their question, a guess between several columns of answers would pair one
    question's texts with another's predictions: that is a ColumnError asking for
    --text-column.
    """
    written = tag_output_columns(frame)
    candidates = [c for c in frame.columns if str(c) not in written and c not in named]
    if not candidates:
        raise ColumnError(
            "the table has no columns"
            if not len(frame.columns)
            else "the table has only the columns `classifier tag` writes"
            if not named
            else "the table has no column left for the answers besides those given for "
            f"other roles ({', '.join(map(str, named))}): give --text-column"
        )
    # Columns prefixed with a question's name (`q_improve_themes`) say which it is.
    tagged = set(tagged_questions(frame))
    questions = [c for c in candidates if str(c) in tagged]
    if len(questions) > 1:
        raise ColumnError(
            f"this file was tagged for {len(questions)} questions "
            f"({', '.join(map(str, questions))}): give --text-column with the one to read"
        )
    if questions:
        return questions[0]
    named = _by_name(frame[candidates], "text", set())
    if named is not None:
        return named
    # Read once, over the whole file when `frame` holds its first rows.
    profile = (
        profiles(list(candidates)) if profiles is not None else column_profiles([frame], candidates)
    )
    if written:
        answers = [c for c in candidates if _looks_like_answers(frame[c], profile[c].cells)]
        if len(answers) > 1:
            # An empty answer gets no theme and a neutral stance: a column left empty on a
            # row predicted otherwise is not the question that was tagged.
            possible = [c for c in answers if not profile[c].empty_where_predicted]
            if len(possible) != 1:
                raise ColumnError(
                    "this tagged file's prediction columns do not say which question they "
                    f"are for, and several columns hold answers ({', '.join(map(str, answers))}"
                    "): give --text-column"
                )
            return possible[0]
        if len(answers) == 1 and not profile[answers[0]].predicted_as_answered:
            # Every row predicted as an empty answer (no theme, neutral): the question that
            # was tagged is empty, and these answers were never tagged. Paired with those
            # predictions, a review sheet would train them as "no theme".
            raise ColumnError(
                "this tagged file's predictions say every tagged answer was empty (no theme, "
                f"no stance), but column {answers[0]!r} holds answers: it is not the question "
                "that was tagged; give --text-column"
            )
        candidates = answers or candidates
    # A survey tool's own columns (timestamps, uuids, emails) and closed questions (a
    # multi-select's options joined in one cell) can be longer than short answers.
    # KoboToolbox writes a multi-select `q_areas` beside a 0/1 column `q_areas/<option>`
    # per option.
    names = [str(c) for c in frame.columns]
    candidates = [
        c
        for c in candidates
        if _free_text(profile[c].cells) and not any(n.startswith(f"{c}/") for n in names)
    ] or candidates
    return max(candidates, key=lambda c: (profile[c].mean_length, -list(frame.columns).index(c)))


# Distinct cells of a column kept to judge whether it is free text (`column_profiles`).
SAMPLE_CELLS = 200


@dataclass(frozen=True)
class ColumnProfile:
    """What the answer-column guess reads of a column, over every row of a file."""

    mean_length: float  # characters per row (an empty cell counts as 0)
    # An order-free sample of its non-empty cells: the SAMPLE_CELLS distinct values whose
    # hash is smallest, each with the number of rows that hold it.
    cells: dict[str, int]
    # Rows where the column is empty and the plain prediction columns of a file tagged for
    # one question say the answer was not (`rows_predicted_as_answered`): the predictions
    # were not made from this column.
    empty_where_predicted: int = 0
    # Rows of the file whose plain prediction columns say their answer was not empty (the
    # same for every column: `rows_predicted_as_answered`).
    predicted_as_answered: int = 0


def column_profiles(
    chunks: Iterable[pd.DataFrame], columns: Sequence[str]
) -> dict[str, ColumnProfile]:
    """The profile of each of `columns` over every row of `chunks` (a chunk without a
    column, as a JSONL chunk whose lines all leave out a key, counts its cells as
    empty). The same whatever the order of the rows."""
    totals = dict.fromkeys(columns, 0)
    empty_where_predicted = dict.fromkeys(columns, 0)
    samples = {column: _OrderFreeSample() for column in columns}
    rows = answered = 0
    for chunk in chunks:
        rows += len(chunk)
        predicted = rows_predicted_as_answered(chunk)
        answered += int(predicted.sum())
        for column in columns:
            if column in chunk.columns:
                cells = chunk[column].astype(str)
                totals[column] += int(cells.str.len().sum())
                samples[column].add(cells)
                empty = (cells.str.strip() == "").to_numpy()
                empty_where_predicted[column] += int((predicted & empty).sum())
            else:
                empty_where_predicted[column] += int(predicted.sum())
    return {
        column: ColumnProfile(
            mean_length=totals[column] / rows if rows else 0.0,
            cells=samples[column].counts(),
            empty_where_predicted=empty_where_predicted[column],
            predicted_as_answered=answered,
        )
        for column in columns
    }


class _OrderFreeSample:
    """The SAMPLE_CELLS distinct non-empty cells of smallest hash, with how many rows hold
    each: a bottom-k sample, the same whatever the row order, in bounded memory. Cells
    are counted per chunk and hashed together (pandas' fixed-key hash), so only the few
    that can be among the smallest are looked at one by one."""

    def __init__(self) -> None:
        self._kept: dict[int, list] = {}  # hash -> [cell, rows]
        self._bound: int | None = None  # no hash above it can be among the smallest

    def add(self, cells: pd.Series) -> None:
        stripped = cells.str.strip()
        counts = stripped[stripped != ""].value_counts(sort=False)
        if counts.empty:
            return
        keys = pd.util.hash_pandas_object(pd.Series(counts.index), index=False).to_numpy()
        near = keys <= self._bound if self._bound is not None else np.ones(len(keys), bool)
        for key, cell, rows in zip(
            keys[near].tolist(), counts.index[near], counts.to_numpy()[near].tolist(), strict=True
        ):
            entry = self._kept.get(key)
            if entry is not None:
                entry[1] += rows
            elif self._bound is None or key < self._bound:
                self._kept[key] = [cell, rows]
                if len(self._kept) >= 2 * SAMPLE_CELLS:
                    self._prune()

    def _prune(self) -> None:
        # A dropped hash is above every later bound, so it never comes back: the counts of
        # the hashes kept are those of every row.
        smallest = sorted(self._kept)[:SAMPLE_CELLS]
        self._kept = {key: self._kept[key] for key in smallest}
        self._bound = smallest[-1]

    def counts(self) -> dict[str, int]:
        smallest = sorted(self._kept)[:SAMPLE_CELLS]
        return {self._kept[key][0]: self._kept[key][1] for key in smallest}


def _looks_like_answers(values: pd.Series, sample: dict[str, int]) -> bool:
    """Free text: most cells distinct, of two words or more on average (not ids, codes,
    regions or scores), and neither machine-written nor a closed question's options
    (`_free_text` of the column's `sample`, its profile's: a survey tool's `Timestamp`
    has distinct cells of several words)."""
    cells = values.astype(str).str.strip()
    cells = cells[cells != ""]
    if cells.empty:
        return False
    return (
        cells.nunique() >= 0.5 * len(cells)
        and cells.str.split().str.len().mean() >= 2
        and _free_text(sample)
    )


# A closed question's options joined in one cell: Google Forms writes `A, B`, Microsoft
# Forms `A;B;`.
_OPTION_SEPARATOR = re.compile(r"\s*[,;]\s*")


def _free_text(cells: dict[str, int]) -> bool:
    """False for a column a survey tool filled rather than a respondent's words, judged
    on its profile's sample of cells and the rows holding each (True when it has none):

    - machine-written: most cells have more digits than letters (dates, times, scores,
      IP addresses) or are one token holding a digit or `@` (uuids, emails, ISO
      timestamps, response ids such as Qualtrics' `R_3kTz...`);
    - a closed question: 90 % of its cells or more are made of options found in other
      cells too (`Europe`, or a multi-select's `Training, Funding`), where answers in
      words are mostly one of a kind.
    """
    rows = sum(cells.values())
    if not rows:
        return True
    if sum(count for cell, count in cells.items() if _machine_written(cell)) > rows / 2:
        return False
    options = {cell: {part for part in _OPTION_SEPARATOR.split(cell) if part} for cell in cells}
    seen: Counter = Counter()
    for cell, parts in options.items():
        for part in parts:
            seen[part] += cells[cell]
    recurring = sum(
        count for cell, count in cells.items() if all(seen[part] > 1 for part in options[cell])
    )
    return recurring < 0.9 * rows


def _machine_written(cell: str) -> bool:
    """A value a program wrote: more digits than letters, or one token holding a digit
    or `@`."""
    digits = sum(ch.isdigit() for ch in cell)
    letters = sum(ch.isalpha() for ch in cell)
    one_token = not any(ch.isspace() for ch in cell)
    return digits > letters or (one_token and (digits > 0 or "@" in cell))
