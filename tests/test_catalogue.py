"""The default needs catalogue: no two needs that mean the same thing.

Two needs are near-duplicates when their labels and their answers in the corpus
are alike (sentence embeddings of the labels in three languages and the scope,
and of up to 8 answers each). A pair above the bound must be merged, or listed
under `reviewed_distinct` with the reason staff keep them apart.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from classifier import Codebook
from classifier.text.embeddings import USEEmbedder
from classifier.vocab import LANGUAGES, split_ids

from conftest import read_labeled

NEAR_DUPLICATE = 0.60
ANSWERS_PER_NEED = 8


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_no_unreviewed_near_duplicate_needs(train_frame, test_frame):
    catalogue = Codebook.load().catalogue
    unseen = read_labeled("unseen_topics.csv")
    corpus = pd.concat([train_frame, test_frame, unseen]).sort_values("id")
    answers: dict[str, list[str]] = {}
    for needs, text in zip(corpus["need"], corpus["text"], strict=True):
        for need in split_ids(needs):
            answers.setdefault(need, []).append(text)
    embedder = USEEmbedder(threads=2)
    labels = unit_rows(
        np.array(
            [
                embedder.encode(
                    [need.label[lang] for lang in LANGUAGES] + [f"{need.label['en']}: {need.scope}"]
                ).mean(axis=0)
                for need in catalogue.needs
            ]
        )
    )
    examples = unit_rows(
        np.array(
            [
                embedder.encode(answers[need.id][:ANSWERS_PER_NEED]).mean(axis=0)
                for need in catalogue.needs
            ]
        )
    )
    similarity = 0.5 * labels @ labels.T + 0.5 * examples @ examples.T
    ids = catalogue.need_ids
    close = [
        f"{ids[a]} ~ {ids[b]} ({similarity[a, b]:.2f})"
        for a, b in zip(*np.nonzero(np.triu(similarity, 1) >= NEAR_DUPLICATE), strict=True)
        if not catalogue.is_reviewed_distinct(ids[a], ids[b])
    ]
    assert not close, "merge these needs or list them as reviewed_distinct:\n" + "\n".join(close)


def test_scopes_name_needs_that_exist():
    """A scope line that sends an ask elsewhere ("not X (need_id)") names a real need."""
    codebook = Codebook.load()
    catalogue = codebook.catalogue
    known = set(catalogue.need_ids) | set(codebook.theme_ids)
    known |= {s.id for s in catalogue.subtopics} | {s.id.split(":")[1] for s in catalogue.subtopics}
    dangling = {
        (entry.id, name)
        for entry in (*catalogue.needs, *catalogue.subtopics)
        for group in re.findall(r"\(([a-z]+_[a-z_:]+(?:, [a-z_:]+)*)\)", entry.scope)
        for name in group.split(", ")
        if name not in known
    }
    assert not dangling
