"""What the whole file tells each of its chunks, gathered before they are tagged.

An answer's language and stance must not depend on which rows share its chunk: a
file of several chunks is read before tagging for each question's language context
(`LanguageContextBuilder`) and stance mix (`StanceSample`, estimated around what its
question asks, `Columns.kinds`), and a JSONL file for its keys, which every
chunk is given; the score column is counted on the way (`ScoreTally`: whether it
holds recommendation scores at all, warned before tagging). All of it is gathered
in one read of the file; it is read again only for what needs the whole first
read done:

- the language context's second pass, when a respondent wrote a short answer (it
  weighs each longer answer with the column's prior, known once every chunk is seen);
- the first pass of the leading chunks whose every row declared its language, when a
  later row does not: the context is left out when every row declares its language
  (the declared language then wins), so it is not built while that may still be so.

A file of one chunk, and a workbook (read as one chunk), gives its own context.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..io.recommend_scores import ScoreTally
from ..io.tables import require_column, table_format
from ..model.stance_prior import StanceSample
from ..text.language import LanguageContext, LanguageContextBuilder, every_language_declared
from ..vocab import MAX_TEXT_CHARS
from .columns import Columns
from .source import ChunkedSource, with_columns

if TYPE_CHECKING:
    import numpy as np

    from ..model.estimator import ThemeClassifier


@dataclass(frozen=True)
class WholeFileContext:
    """What each chunk is tagged with that comes from the whole file.

    `chunk_columns`: the columns every chunk is given (a JSONL file's every key, in
    first-seen order; otherwise the columns the run names). `language_contexts` and
    `stance_mixes`: each question's, None when the chunk gives its own (a file of one
    chunk; for the contexts, also a file whose every row declares its language).
    `scores`: the score column's tally over the whole file (None without a score column,
    and for a file read as one chunk, whose one read is the tagging's own).
    """

    chunk_columns: list[str]
    language_contexts: dict[str, LanguageContext] | None
    stance_mixes: dict[str, np.ndarray | None] | None
    scores: ScoreTally | None = None


def read_before_tagging(model: ThemeClassifier, source: ChunkedSource) -> WholeFileContext:
    """`source`'s `WholeFileContext`, from one read of the file (and, when needed, the
    second reads the module docstring names)."""
    if source.read_whole:
        return WholeFileContext(source.columns.names(), None, None)
    reading = _FirstRead(source.columns)
    for chunk in source.chunks():
        reading.add(chunk)
    chunk_columns = reading.chunk_columns(source)
    if reading.chunks < 2:
        return WholeFileContext(chunk_columns, None, None, reading.scores)
    contexts = reading.language_contexts(source)
    mixes = {
        question: model.stance_mix(
            sample.rows(),
            contexts[question] if contexts else None,
            source.columns.kind(question),
        )
        for question, sample in reading.samples.items()
    }
    return WholeFileContext(chunk_columns, contexts, mixes, reading.scores)


@dataclass(frozen=True)
class _ChunkAnswers:
    """What the passes read of one chunk: each question's answers as `tag_chunk` reads
    them, and the declared languages and respondents (None without such a column)."""

    answers: dict[str, list[str]]
    declared: list | None
    respondents: list | None

    @classmethod
    def of(cls, chunk: pd.DataFrame, columns: Columns) -> _ChunkAnswers:
        """The chunk's, checking each column it reads (`ColumnError` naming its role)."""
        declared = _column(chunk, columns.language, "language") if columns.language else None
        respondents = (
            _column(chunk, columns.respondent, "respondent") if columns.respondent else None
        )
        return cls({q: _answers(chunk, q) for q in columns.texts}, declared, respondents)


class _FirstRead:
    """What the one read of the file gathers, chunk by chunk (`add`)."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.chunks = 0
        self.keys: dict[str, None] = {}  # in first-seen order
        self.samples = {question: StanceSample() for question in columns.texts}
        self.scores = ScoreTally() if columns.score else None
        self.builders = {question: LanguageContextBuilder() for question in columns.texts}
        # Whether every row read so far declares its language (never without such a column).
        self.every_row_declared = columns.language is not None
        # Held until a second chunk shows the file has several (a file of one needs no pass).
        self._first_chunk: _ChunkAnswers | None = None
        # The leading chunks left out of the first pass, every row declaring its language.
        self._first_pass_waiting = 0

    def add(self, chunk: pd.DataFrame) -> None:
        """Take in the file's next chunk, as read (JSONL keys not filled in)."""
        self.keys.update(dict.fromkeys(chunk.columns))
        read = _ChunkAnswers.of(with_columns(chunk, self.columns.names()), self.columns)
        self.chunks += 1
        if self.scores is not None and self.columns.score in chunk.columns:
            self.scores.add(chunk[self.columns.score])
        for question, sample in self.samples.items():
            sample.add(read.answers[question], read.declared, read.respondents)
        self.every_row_declared = self.every_row_declared and every_language_declared(read.declared)
        if self.chunks == 1:
            self._first_chunk = read
            return
        if self._first_chunk is not None:
            self._first_pass_or_wait(self._first_chunk)
            self._first_chunk = None
        self._first_pass_or_wait(read)

    def _first_pass_or_wait(self, read: _ChunkAnswers) -> None:
        """The chunk's first pass; while every row read so far declares its language, a
        wait instead (`language_contexts` reads the chunk again if a later row does not)."""
        if self.every_row_declared:
            self._first_pass_waiting += 1
        else:
            self._first_pass(read)

    def _first_pass(self, read: _ChunkAnswers) -> None:
        for question, builder in self.builders.items():
            builder.first_pass(read.answers[question], read.respondents)

    def chunk_columns(self, source: ChunkedSource) -> list[str]:
        """The columns every chunk is given: for JSONL, every key of the file, once the
        columns the run names are checked to be among them. A line may leave a key out
        (an optional question): read in chunks, a chunk without an input `themes` key
        wrote its predictions under that input column's name, and a named column no line
        has (a typo) was tagged as empty. Other formats: the named columns (every chunk
        has the file's columns)."""
        if table_format(source.path) != "jsonl":
            return self.columns.names()
        keys = pd.DataFrame(columns=list(self.keys))
        for name, role in self.columns.roles():
            require_column(keys, name, role)
        return list(keys.columns)

    def language_contexts(self, source: ChunkedSource) -> dict[str, LanguageContext] | None:
        """Each question's context over the whole file, reading the leading chunks whose
        first pass waited, then every chunk for the second pass, when needed. None when
        every row declares its language."""
        if self.every_row_declared:
            return None
        named = self.columns.names()
        if self._first_pass_waiting:
            waiting = itertools.islice(source.chunks(named), self._first_pass_waiting)
            for read in self._reread(waiting):
                self._first_pass(read)
        if any(builder.needs_second_pass for builder in self.builders.values()):
            for read in self._reread(source.chunks(named)):
                for question, builder in self.builders.items():
                    if builder.needs_second_pass:
                        builder.second_pass(read.answers[question], read.respondents)
        return {question: builder.context() for question, builder in self.builders.items()}

    def _reread(self, chunks: Iterable[pd.DataFrame]) -> Iterable[_ChunkAnswers]:
        """What the passes read of each chunk of a second read."""
        return (_ChunkAnswers.of(chunk, self.columns) for chunk in chunks)


def _answers(chunk: pd.DataFrame, question: str) -> list[str]:
    """A question's answers in a chunk as `tag_chunk` reads them: text cut to
    MAX_TEXT_CHARS, any other cell empty."""
    return [t[:MAX_TEXT_CHARS] if isinstance(t, str) else "" for t in _column(chunk, question)]


def _column(chunk: pd.DataFrame, name: str, role: str = "text") -> list:
    """The values of a column the run needs (`ColumnError` naming `role` if it is missing)."""
    require_column(chunk, name, role)
    return chunk[name].tolist()
