"""The asks of a batch of answers: what grouping needs of each, taken from the tagging pass.

An ask is a whole request or criticism answer (with at least one letter). The
sentence that describes a problem and the sentence that asks for a fix belong
to one ask, so answers are not split into points: in the labeled corpus 11 of
4,096 asks name two needs, while splitting cut the context off many more.

Everything grouping needs comes from the model's one pass over the answers
(`Analysis`): the sentence embedding, the theme scores and the need head's
probabilities. Nothing is analysed twice. Units are put in a canonical order,
so grouping does not depend on the order of the answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.estimator import Analysis
from ..text.language import has_letters
from ..vocab import ASKING_STANCES, is_blank


@dataclass(frozen=True)
class Units:
    """The asks of a batch, in canonical order, with what grouping needs of each."""

    answer_index: np.ndarray  # position of each ask's answer in the batch (int)
    texts: list[str]
    respondents: list[str]
    languages: list[str]  # detected or declared language of the answer
    declared: list[str | None]  # questionnaire language, when the export has one
    embeddings: np.ndarray  # (n, d) float32, unit rows
    theme_scores: np.ndarray  # (n, themes)
    need_probabilities: np.ndarray | None  # (n, catalogue needs) or None

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, rows: Sequence[int] | np.ndarray) -> Units:
        """The units at `rows`, in that order."""
        rows = np.asarray(rows, dtype=int)
        return Units(
            answer_index=self.answer_index[rows],
            texts=[self.texts[i] for i in rows],
            respondents=[self.respondents[i] for i in rows],
            languages=[self.languages[i] for i in rows],
            declared=[self.declared[i] for i in rows],
            embeddings=self.embeddings[rows],
            theme_scores=self.theme_scores[rows],
            need_probabilities=(
                self.need_probabilities[rows] if self.need_probabilities is not None else None
            ),
        )

    def canonical(self) -> Units:
        """The same units sorted by (text, respondent, language, answer position)."""
        order = sorted(
            range(len(self)),
            key=lambda i: (
                self.texts[i],
                self.respondents[i],
                self.languages[i],
                int(self.answer_index[i]),
            ),
        )
        return self.take(order)


def respondent_ids(respondents: Sequence[object] | None, count: int, offset: int = 0) -> list[str]:
    """Respondent ids as text; an answer without one counts as its own respondent."""
    values = respondents if respondents is not None else [None] * count
    return [
        f"(answer {offset + i + 1})" if is_blank(value) else str(value)
        for i, value in enumerate(values)
    ]


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
        texts=[analysis.texts[i] for i in rows],
        respondents=[respondents[i] for i in rows],
        languages=[analysis.languages[i] for i in rows],
        declared=[declared[i] if declared is not None else None for i in rows],
        embeddings=analysis.embeddings[index].astype(np.float32),
        theme_scores=analysis.theme_probabilities[index],
        need_probabilities=(
            analysis.need_probabilities[index] if analysis.need_probabilities is not None else None
        ),
    )


def concatenate(parts: Sequence[Units]) -> Units:
    """The units of several chunks as one batch."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return Units(
            np.zeros(0, dtype=int), [], [], [], [], np.zeros((0, 0)), np.zeros((0, 0)), None
        )
    with_needs = all(part.need_probabilities is not None for part in parts)
    return Units(
        answer_index=np.concatenate([part.answer_index for part in parts]),
        texts=[text for part in parts for text in part.texts],
        respondents=[r for part in parts for r in part.respondents],
        languages=[language for part in parts for language in part.languages],
        declared=[d for part in parts for d in part.declared],
        embeddings=np.vstack([part.embeddings for part in parts]),
        theme_scores=np.vstack([part.theme_scores for part in parts]),
        need_probabilities=(
            np.vstack([part.need_probabilities for part in parts]) if with_needs else None
        ),
    )
