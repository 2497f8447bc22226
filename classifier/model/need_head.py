"""The need head: which catalogue need an ask answers, learned from labeled asks and the
catalogue's own words.

A multinomial logistic regression over the asks' multilingual sentence
embeddings. Its training rows are the labeled asks whose need is in the
catalogue, plus, for every catalogue need, its labels in each language and its
label with the first part of its scope, as extra examples (weighted
LABEL_WEIGHT). The catalogue's words make a need with few labeled asks (or none
yet: a need staff just added) matchable, and give every language an example of
every need.

Why embeddings alone: on the training split's held-out parts they matched as
well as the full feature set (top-1 0.67 against 0.68 on the test split, 261
needs) while training in seconds instead of a quarter of an hour, and a need
labeled in one language is recognised in the others.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..catalogue import NeedsCatalogue
from ..vocab import LANGUAGES

# Weight of one catalogue example against one labeled ask, and the inverse regularisation.
LABEL_WEIGHT = 3.0
C = 10.0


def catalogue_examples(catalogue: NeedsCatalogue) -> tuple[list[str], list[str], list[str]]:
    """(texts, languages, need ids) of the catalogue's own words, one text per label and one
    "label: scope" text (the part before "; not ...", which names what does not belong)."""
    texts, languages, labels = [], [], []
    for need in catalogue.needs:
        for language in LANGUAGES:
            texts.append(need.label_in(language))
            languages.append(language)
            labels.append(need.id)
        if need.scope:
            texts.append(f"{need.label['en']}: {need.scope.split('; not')[0]}")
            languages.append("en")
            labels.append(need.id)
    return texts, languages, labels


def fit_need_head(
    embeddings: np.ndarray,
    needs: Sequence[str],
    example_embeddings: np.ndarray,
    example_needs: Sequence[str],
) -> LogisticRegression:
    """The need head, fitted on labeled asks (`embeddings`, `needs`) and catalogue examples."""
    rows = np.vstack([embeddings, example_embeddings])
    targets = np.array([*needs, *example_needs])
    weights = np.concatenate([np.ones(len(needs)), np.full(len(example_needs), LABEL_WEIGHT)])
    model = LogisticRegression(C=C, max_iter=3000)
    return model.fit(rows, targets, sample_weight=weights)
