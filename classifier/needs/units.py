"""The asks of a batch of answers: what grouping needs of each, taken from the tagging pass.

An ask is a whole request or criticism answer (with at least one letter). The
sentence that describes a problem and the sentence that asks for a fix belong
to one ask, so answers are not split into points: in the labeled corpus 11 of
4,096 asks name two needs, while splitting cut the context off many more.

Everything grouping needs comes from the model's one pass over the answers
(`Analysis`): the sentence embedding, the theme scores and the need head's
probabilities. Nothing is analysed twice. Units are put in a canonical order,
so grouping does not depend on the order of the answers.

The two wide arrays (embeddings, 2 KB per ask, and need probabilities, one
float per catalogue need) may live on disk (`SpooledRows`, beside the output of
a bulk run): a million answers hold about half a million asks, over 2 GB in
memory, and grouping reads only the rows of one block or need at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from ..model.estimator import Analysis
from ..text.language import has_letters
from ..vocab import ASKING_STANCES, respondent_key
from .packed import PackedStrings


class Rows(Protocol):
    """A 2-D array read by lists of rows: an ndarray, or rows on disk (`SpooledRows`)."""

    shape: tuple[int, ...]

    def __getitem__(self, rows: np.ndarray) -> np.ndarray: ...

    def __len__(self) -> int: ...


class SpooledRows:
    """A 2-D array of one dtype appended to a file in blocks, then read by lists of rows.

    Reads use plain file reads (never a memory map), so the rows of the whole
    file never count in the process's memory: only those asked for.
    """

    def __init__(self, path: Path, dtype: np.dtype | type = np.float32) -> None:
        self.path = Path(path)
        self.dtype = np.dtype(dtype)
        self.width: int | None = None
        self.count = 0
        self._handle = open(self.path, "w+b")  # noqa: SIM115 (closed by close())

    @property
    def shape(self) -> tuple[int, int]:
        return (self.count, self.width or 0)

    def __len__(self) -> int:
        return self.count

    def append(self, block: np.ndarray) -> None:
        """Add the rows of `block` (2-D, same width as earlier blocks) at the end."""
        block = np.ascontiguousarray(block, dtype=self.dtype)
        if not len(block):
            return
        if self.width is None:
            self.width = block.shape[1]
        if block.shape[1] != self.width:
            raise ValueError(f"rows of width {block.shape[1]} added to rows of width {self.width}")
        self._handle.seek(0, os.SEEK_END)
        self._handle.write(block.tobytes())
        self.count += len(block)

    def __getitem__(self, rows) -> np.ndarray:
        """The rows at `rows` (a sequence of row numbers), in that order, in memory."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        width = self.width or 0
        found = np.empty((len(rows), width), dtype=self.dtype)
        if not len(rows) or not width:
            return found
        if rows.min() < 0 or rows.max() >= self.count:
            raise IndexError(f"row out of range for {self.count} spooled rows")
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        row_bytes = width * self.dtype.itemsize
        runs = np.flatnonzero(np.diff(ordered) != 1) + 1
        starts = np.concatenate([[0], runs])
        ends = np.concatenate([runs, [len(ordered)]])
        buffer = np.empty((len(rows), width), dtype=self.dtype)
        self._handle.flush()
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            self._handle.seek(int(ordered[start]) * row_bytes)
            view = memoryview(buffer[start:end]).cast("B")
            if self._handle.readinto(view) != len(view):
                raise OSError(f"{self.path} is shorter than its {self.count} rows")
        found[order] = buffer
        return found

    def close(self) -> None:
        self._handle.close()


@dataclass(frozen=True)
class _Taken:
    """The rows `rows` of `base`, in that order, read from `base` when indexed."""

    base: Rows
    rows: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self.rows), *self.base.shape[1:])

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, rows) -> np.ndarray:
        return self.base[self.rows[np.asarray(rows, dtype=np.int64)]]


def take_rows(array: Rows, rows: np.ndarray) -> Rows:
    """`array[rows]`: a copy for an ndarray, a view read on demand for rows on disk."""
    if isinstance(array, np.ndarray):
        return array[rows]
    return _Taken(array, rows)


@dataclass(frozen=True)
class Units:
    """The asks of a batch, in canonical order, with what grouping needs of each."""

    answer_index: np.ndarray  # position of each ask's answer in the batch (int)
    texts: PackedStrings
    respondents: PackedStrings
    languages: PackedStrings  # detected or declared language of the answer
    declared: PackedStrings  # questionnaire language (str or None), when the export has one
    embeddings: Rows  # (n, d) float32, unit rows
    theme_scores: np.ndarray  # (n, themes)
    need_probabilities: Rows | None  # (n, catalogue needs) or None
    # Each ask's most probable catalogue need (column of need_probabilities) and its
    # probability; filled from need_probabilities when not given.
    need_best: np.ndarray | None = field(default=None)
    need_confidence: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        probabilities = self.need_probabilities
        if self.need_best is None and isinstance(probabilities, np.ndarray):
            best = probabilities.argmax(axis=1) if len(probabilities) else np.zeros(0, int)
            object.__setattr__(self, "need_best", best)
            object.__setattr__(
                self, "need_confidence", probabilities[np.arange(len(best)), best].astype(float)
            )

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, rows: Sequence[int] | np.ndarray) -> Units:
        """The units at `rows`, in that order (rows on disk stay there)."""
        rows = np.asarray(rows, dtype=int)
        return Units(
            answer_index=self.answer_index[rows],
            texts=self.texts.take(rows),
            respondents=self.respondents.take(rows),
            languages=self.languages.take(rows),
            declared=self.declared.take(rows),
            embeddings=take_rows(self.embeddings, rows),
            theme_scores=self.theme_scores[rows],
            need_probabilities=(
                take_rows(self.need_probabilities, rows)
                if self.need_probabilities is not None
                else None
            ),
            need_best=self.need_best[rows] if self.need_best is not None else None,
            need_confidence=(
                self.need_confidence[rows] if self.need_confidence is not None else None
            ),
        )

    def canonical(self) -> Units:
        """The same units sorted by (text, respondent, language, answer position).

        Texts and languages are compared as UTF-8 bytes: the same order as the
        strings', without decoding every ask's text at once. An answer without a
        respondent id sorts as respondent "" (`order_free_respondent`), so only
        identical asks fall back on their position."""
        order = sorted(
            range(len(self)),
            key=lambda i: (
                self.texts.raw(i),
                _order_free_raw(self.respondents.raw(i)),
                self.languages.raw(i),
                int(self.answer_index[i]),
            ),
        )
        return self.take(order)


# An answer without a respondent id counts as its own respondent, named after its position in
# the batch behind this prefix. No real id is ever read as such a name (one that starts with
# the prefix gets it doubled), and since positions change when rows are shuffled, the name is
# left out of what must not depend on row order: the canonical order and the need and
# suggestion ids (`order_free_respondent`).
_OWN = "\x1f"
_OWN_RESPONDENT = _OWN + "answer "
_OWN_RESPONDENT_BYTES = _OWN_RESPONDENT.encode()


def respondent_ids(respondents: Sequence[object] | None, count: int, offset: int = 0) -> list[str]:
    """Respondent ids as text, without the spaces around them ("R1 " is the respondent "R1",
    as exports and hand edits leave them: counted twice, one person would make a need
    recurring alone; case is kept, ids are codes); an answer without one, or with a
    placeholder (`vocab.respondent_key`), counts as its own respondent."""
    values = respondents if respondents is not None else [None] * count
    keys = map(respondent_key, values)
    return [
        f"{_OWN_RESPONDENT}{offset + i + 1}" if key is None else _written_id(key)
        for i, key in enumerate(keys)
    ]


def _written_id(name: str) -> str:
    """A respondent id as grouping keeps it: one that starts like the name of an answer
    without a respondent gets that mark doubled, so the two never meet."""
    return _OWN + name if name.startswith(_OWN) else name


def _order_free_raw(raw: bytes) -> bytes:
    """`order_free_respondent` of a respondent id's UTF-8 bytes."""
    return b"" if raw.startswith(_OWN_RESPONDENT_BYTES) else raw


def order_free_respondent(name: str) -> str:
    """A respondent id as order-independent code uses it: "" for an answer without one (its
    name depends on its position), the id itself otherwise."""
    return "" if name.startswith(_OWN_RESPONDENT) else name


def asking_units(
    analysis: Analysis,
    stances: Sequence[str | None],
    respondents: Sequence[str],
    declared: Sequence[str | None] | None = None,
    positions: Sequence[int] | None = None,
) -> Units:
    """The asks among analysed answers: request or criticism stance and some letter.

    `positions[i]` is where analysed answer i sits in the whole batch (a chunk's
    rows in its file, or the asking answers among all answers); default: i.
    """
    rows = [
        i
        for i, (stance, text) in enumerate(zip(stances, analysis.texts, strict=True))
        if stance in ASKING_STANCES and has_letters(text)
    ]
    index = np.array(rows, dtype=int)
    return Units(
        answer_index=(np.asarray(positions, dtype=int)[index] if positions is not None else index),
        texts=PackedStrings.of(analysis.texts[i] for i in rows),
        respondents=PackedStrings.of(respondents[i] for i in rows),
        languages=PackedStrings.of(analysis.languages[i] for i in rows),
        declared=PackedStrings.of(declared[i] if declared is not None else None for i in rows),
        embeddings=analysis.embeddings[index].astype(np.float32),
        theme_scores=analysis.theme_probabilities[index],
        need_probabilities=(
            analysis.need_probabilities[index] if analysis.need_probabilities is not None else None
        ),
    )


def concatenate(parts: Sequence[Units]) -> Units:
    """The units of several chunks as one batch, in memory."""
    parts = [part for part in parts if len(part)]
    if not parts:
        empty = PackedStrings.of([])
        return Units(
            np.zeros(0, dtype=int),
            empty,
            empty,
            empty,
            empty,
            np.zeros((0, 0)),
            np.zeros((0, 0)),
            None,
        )
    with_needs = all(part.need_probabilities is not None for part in parts)
    return Units(
        **_joined_fields(parts),
        embeddings=np.vstack([part.embeddings for part in parts]),
        need_probabilities=(
            np.vstack([part.need_probabilities for part in parts]) if with_needs else None
        ),
    )


def _joined_fields(parts: Sequence[Units]) -> dict:
    """The per-ask fields kept in memory (all but the wide arrays) of `parts`, end to end."""
    return {
        "answer_index": np.concatenate([part.answer_index for part in parts]),
        "texts": PackedStrings.join([part.texts for part in parts]),
        "respondents": PackedStrings.join([part.respondents for part in parts]),
        "languages": PackedStrings.join([part.languages for part in parts]),
        "declared": PackedStrings.join([part.declared for part in parts]),
        "theme_scores": np.vstack([part.theme_scores for part in parts]),
    }


class AskSpool:
    """The asks of a whole file, gathered chunk by chunk, their wide arrays on disk.

    `add` takes each chunk's Units (in memory); `units()` gives the file's asks
    as one batch whose embeddings and need probabilities are read from the two
    spool files (`SpooledRows`) when grouping asks for them. The other fields
    stay in memory, their strings packed (`PackedStrings`): about 330 bytes per
    ask with the theme scores. `close()` closes the files; the caller removes them.
    """

    def __init__(self, embeddings_path: Path, needs_path: Path) -> None:
        self.embeddings = SpooledRows(embeddings_path, np.float32)
        self.needs = SpooledRows(needs_path, np.float64)
        self.with_needs = True
        self.parts: list[Units] = []

    def add(self, part: Units) -> None:
        """Spool a chunk's asks (in memory until now)."""
        self.with_needs = self.with_needs and part.need_probabilities is not None
        if not len(part):
            return
        self.embeddings.append(np.asarray(part.embeddings))
        if part.need_probabilities is not None:
            self.needs.append(np.asarray(part.need_probabilities))
        self.parts.append(
            Units(
                answer_index=part.answer_index,
                texts=part.texts,
                respondents=part.respondents,
                languages=part.languages,
                declared=part.declared,
                embeddings=np.zeros((len(part), 0), dtype=np.float32),
                theme_scores=part.theme_scores,
                need_probabilities=None,
                need_best=part.need_best,
                need_confidence=part.need_confidence,
            )
        )

    def units(self) -> Units:
        """Every spooled ask, in the order added."""
        parts = self.parts
        if not parts:
            return concatenate([])
        with_needs = self.with_needs and len(self.needs) == len(self.embeddings)
        return Units(
            **_joined_fields(parts),
            embeddings=self.embeddings,
            need_probabilities=self.needs if with_needs else None,
            need_best=np.concatenate([p.need_best for p in parts]) if with_needs else None,
            need_confidence=(
                np.concatenate([p.need_confidence for p in parts]) if with_needs else None
            ),
        )

    def close(self) -> None:
        self.embeddings.close()
        self.needs.close()
