"""Units of needs: the asking points of request and criticism answers.

Every request or criticism answer is split into its separate points
(sentences, list items, "and also ..."); a point whose own stance is a request
or a criticism is a *unit* (an answer with no such point is one unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..lang import LANGUAGE_DATA
from ..text.language import has_letters, word_count
from ..text.normalize import clean_text, normalize
from ..vocab import ASKING_STANCES

if TYPE_CHECKING:
    from ..model.estimator import ThemeClassifier

MIN_UNIT_WORDS = 3

_CONNECTORS = sorted({c for data in LANGUAGE_DATA.values() for c in data.point_connectors})
_POINT_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\n+|(?:^|\s)[-–•*]\s+|\s+(?:"
    + "|".join(re.escape(c) for c in _CONNECTORS)
    + r")\s+",
    re.IGNORECASE,
)


def split_points(text: str) -> list[str]:
    """The separate points of an answer (sentences, list items, 'and also' clauses)."""
    pieces = [p.strip(" -–•*\t") for p in _POINT_BREAK.split(clean_text(text)) if p]
    points = [p for p in pieces if word_count(p) >= MIN_UNIT_WORDS]
    return points or ([clean_text(text)] if clean_text(text) else [])


@dataclass(frozen=True)
class Units:
    """The asking points of a batch of answers, with what grouping needs of them."""

    answers: int
    answer_index: list[int]
    texts: list[str]
    respondents: list[str]
    languages: list[str]
    embeddings: np.ndarray
    theme_scores: np.ndarray
    content_lemmas: list[tuple[str, ...]]


def collect_units(
    model: ThemeClassifier,
    texts: list[str],
    stances: list[str | None],
    languages: list[str],
    respondent_ids: list[str],
) -> Units:
    """The asking points of every request or criticism answer, scored in one model pass.

    Points come in a canonical order (text, respondent, language), so grouping
    does not depend on the order of the answers.
    """
    asking = [
        i for i, stance in enumerate(stances) if stance in ASKING_STANCES and has_letters(texts[i])
    ]
    candidates = sorted(
        {
            (i, point)
            for i in asking
            for point in [*split_points(texts[i]), clean_text(texts[i])]
            if point
        }
    )
    analysis = model.analyze(
        [point for _, point in candidates], languages=[languages[i] for i, _ in candidates]
    )
    stance_of = (
        [model.stance_classes[j] for j in analysis.stance_probabilities.argmax(axis=1)]
        if analysis.stance_probabilities is not None
        else [None] * len(candidates)
    )
    rows_of: dict[int, list[int]] = {}
    for k, (answer, _) in enumerate(candidates):
        rows_of.setdefault(answer, []).append(k)
    chosen: list[int] = []
    for i in asking:
        whole = clean_text(texts[i])
        rows = rows_of.get(i, [])
        points = [k for k in rows if candidates[k][1] != whole or len(rows) == 1]
        asking_points = [k for k in points if stance_of[k] in (None, *ASKING_STANCES)]
        chosen += asking_points or [k for k in rows if candidates[k][1] == whole]
    chosen.sort(
        key=lambda k: (
            candidates[k][1],
            respondent_ids[candidates[k][0]],
            languages[candidates[k][0]],
            texts[candidates[k][0]],
        )
    )
    unit_texts = [candidates[k][1] for k in chosen]
    unit_languages = [analysis.languages[k] for k in chosen]
    return Units(
        answers=len(texts),
        answer_index=[candidates[k][0] for k in chosen],
        texts=unit_texts,
        respondents=[respondent_ids[candidates[k][0]] for k in chosen],
        languages=unit_languages,
        embeddings=analysis.embeddings[chosen] if chosen else np.zeros((0, 0)),
        theme_scores=analysis.theme_probabilities[chosen] if chosen else np.zeros((0, 0)),
        content_lemmas=[
            n.content_lemmas for n in normalize(unit_texts, unit_languages, model.lemma_tables_)
        ],
    )


def subset(units: Units, rows: np.ndarray) -> Units:
    """The units at `rows` (clustering runs block by block)."""
    return Units(
        answers=units.answers,
        answer_index=[units.answer_index[i] for i in rows],
        texts=[units.texts[i] for i in rows],
        respondents=[units.respondents[i] for i in rows],
        languages=[units.languages[i] for i in rows],
        embeddings=units.embeddings[rows],
        theme_scores=units.theme_scores[rows],
        content_lemmas=[units.content_lemmas[i] for i in rows],
    )
