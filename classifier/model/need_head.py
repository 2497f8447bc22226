"""The need head: which catalogue need an ask answers, learned from labeled asks and the
catalogue's own words.

Two linear models over the same training rows, their scores combined:
- a multinomial logistic regression over the asks' multilingual sentence
  embeddings: a need labeled in one language is recognised in the others;
- a linear SVM over the theme model's feature matrix (lemmas, character
  n-grams, the weighted embedding and the codebook similarities): it catches
  the words that name a need ("Pacifique", "mobile money", "cotisation") that
  the embedding blurs.

The combined score of a need is the geometric mixture
`(1 - TEXT_WEIGHT) * log p_embedding + TEXT_WEIGHT * log softmax(svm / TEMPERATURE)`,
renormalised into a probability (so the match threshold reads as one). Training
rows are the labeled asks whose need is in the catalogue, plus, for every
catalogue need, its labels in each language and its label with the first part
of its scope, as extra examples (weighted LABEL_WEIGHT): the catalogue's words
make a need with few labeled asks (or none yet: a need staff just added)
matchable, and give every language an example of every need.

TEXT_C, TEXT_WEIGHT and TEMPERATURE were chosen by cross-validation on the
training split, three folds of whole writing batches (`benchmarks/need_head.py`,
`benchmarks/results/need_head.json`, catalogue version 3): top-1 0.686 for the
combination, 0.676 for the text model alone, 0.591 for the embedding model alone.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from scipy.special import log_softmax, softmax

from ..catalogue import NeedsCatalogue
from ..text.row_stable import row_stable_matmul
from ..vocab import LANGUAGES
from .linear import class_probabilities

if TYPE_CHECKING:  # scikit-learn is imported to train, not to score (`linear.py`)
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

# Weight of one catalogue example against one labeled ask; inverse regularisation of the
# embedding model (C) and of the text model (TEXT_C).
LABEL_WEIGHT = 3.0
C = 10.0
TEXT_C = 1.0
# Share of the text model in the combined score, and the temperature that turns its
# margins into probabilities.
TEXT_WEIGHT = 0.7
TEMPERATURE = 0.1
# Weights kept per need in the text model (the strongest by absolute value).
KEPT_WEIGHTS = 5000
# A feature column weighted by at least this share of the needs is scored as a dense block.
DENSE_COLUMN_SHARE = 0.35


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


def _training_rows(needs: Sequence[str], example_needs: Sequence[str]):
    """Targets and sample weights of the labeled asks followed by the catalogue examples."""
    targets = np.array([*needs, *example_needs])
    weights = np.concatenate([np.ones(len(needs)), np.full(len(example_needs), LABEL_WEIGHT)])
    return targets, weights


def fit_need_head(
    embeddings: np.ndarray,
    needs: Sequence[str],
    example_embeddings: np.ndarray,
    example_needs: Sequence[str],
    c: float = C,
) -> LogisticRegression:
    """The embedding model, fitted on labeled asks (`embeddings`, `needs`) and catalogue
    examples."""
    from sklearn.linear_model import LogisticRegression

    targets, weights = _training_rows(needs, example_needs)
    model = LogisticRegression(C=c, max_iter=3000)
    return model.fit(np.vstack([embeddings, example_embeddings]), targets, sample_weight=weights)


@dataclass
class TextNeedModel:
    """A linear SVM's margins per need over the theme model's feature matrix, keeping only
    each need's KEPT_WEIGHTS strongest weights: the full matrix (needs x ~127,000 features)
    would be ~300 MB; pruned, it is ~12 MB and scores nearly as well (top-1 0.765 against
    0.770 on the test split's asks, `need_head.json`). The weights are a CSR matrix's arrays, so the
    model file holds plain data."""

    classes_: np.ndarray
    intercept: np.ndarray
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    width: int
    # How the margins join the embedding model's probabilities (see `need_probabilities`):
    # kept with the model, so a saved model scores as it did when trained.
    text_weight: float = TEXT_WEIGHT
    temperature: float = TEMPERATURE

    @classmethod
    def of(cls, svm: LinearSVC, kept_weights: int = KEPT_WEIGHTS) -> TextNeedModel:
        """A fitted LinearSVC with each need's `kept_weights` strongest weights, mixed in with
        the module's TEXT_WEIGHT and TEMPERATURE."""
        weights, intercept = svm.coef_, svm.intercept_
        if len(svm.classes_) == 2:  # one margin, for the second need
            weights = np.vstack([-weights, weights])
            intercept = np.concatenate([-intercept, intercept])
        kept = np.argsort(-np.abs(weights), axis=1, kind="stable")[:, :kept_weights]
        pruned = np.zeros(weights.shape, dtype=np.float32)
        np.put_along_axis(pruned, kept, np.take_along_axis(weights, kept, axis=1), axis=1)
        matrix = sparse.csr_matrix(pruned)
        return cls(
            np.asarray(svm.classes_),
            intercept.astype(np.float64),
            matrix.data,
            matrix.indices,
            matrix.indptr,
            int(weights.shape[1]),
        )

    def decision_function(self, features: sparse.csr_matrix) -> np.ndarray:
        """Each row's margin per need (rows are scored independently of each other)."""
        rare_weights, dense_columns, dense_weights = self._scoring_blocks
        margins = (features @ rare_weights).toarray().astype(np.float64)
        margins += row_stable_matmul(features[:, dense_columns].toarray(), dense_weights)
        return margins + self.intercept

    @functools.cached_property
    def _scoring_blocks(self) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
        """The transposed weights split for speed, computed once per loaded model (not saved).

        The columns most needs weight (the sentence embedding, the codebook
        similarities, the commonest character n-grams) make a sparse-by-sparse
        product cost one step per row, column and need: scored as a dense block
        (BLAS), with the rare columns' sparse product, the text model is about
        four times faster, and its margins move by under 1e-5.
        Returns (rare columns' weights, features x needs, CSR; the dense columns'
        indices; their weights, dense columns x needs).
        """
        needs = len(self.classes_)
        by_feature = (  # features x needs
            sparse.csr_matrix(
                (self.data, self.indices, self.indptr), shape=(needs, self.width)
            ).T.tocsr()
        )
        users = np.diff(by_feature.indptr)
        rare = users < DENSE_COLUMN_SHARE * needs
        kept = np.repeat(rare, users)
        rare_weights = sparse.csr_matrix(
            (
                by_feature.data[kept],
                by_feature.indices[kept],
                np.concatenate([[0], np.cumsum(np.where(rare, users, 0))]),
            ),
            shape=by_feature.shape,
        )
        dense_columns = np.flatnonzero(~rare)
        return rare_weights, dense_columns, by_feature[dense_columns].toarray()


def fit_text_svm(
    features: sparse.csr_matrix,
    needs: Sequence[str],
    example_features: sparse.csr_matrix,
    example_needs: Sequence[str],
    c: float = TEXT_C,
) -> LinearSVC:
    """The text model's SVM, fitted on the same rows as `fit_need_head`, as feature-matrix
    rows (prune it with `TextNeedModel.of`)."""
    from sklearn.svm import LinearSVC

    targets, weights = _training_rows(needs, example_needs)
    svm = LinearSVC(C=c, random_state=0)
    return svm.fit(sparse.vstack([features, example_features]), targets, sample_weight=weights)


def need_probabilities(
    embedding_model: LogisticRegression,
    text_model: TextNeedModel | None,
    embeddings: np.ndarray,
    features: sparse.csr_matrix,
) -> np.ndarray:
    """Each ask's probability per catalogue need (columns: the models' `classes_`); the
    embedding model alone when there is no text model (models saved before it existed)."""
    probabilities = class_probabilities(embedding_model, embeddings)
    if text_model is None:
        return probabilities
    margins = text_model.decision_function(features)
    weight = text_model.text_weight
    combined = (1 - weight) * np.log(np.maximum(probabilities, 1e-300))
    combined += weight * log_softmax(margins / text_model.temperature, axis=1)
    return softmax(combined, axis=1)
