"""A fitted logistic regression's probabilities, read from its fitted state alone.

The model's theme, stance and need models are scikit-learn `LogisticRegression`s.
Scoring them needs only their coefficients, so `classifier tag` does it without
importing scikit-learn (see `text/tfidf.py` for why): the same operations as
`LogisticRegression.predict_proba`, in the same order, so the same bits (tested
against scikit-learn on the corpus).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from ..text.row_stable import row_stable_matmul


def decision_scores(model: Any, features: Any) -> np.ndarray:
    """`model.decision_function(features)`: one column per class (a single column, as a
    vector, for two classes)."""
    coef = model.coef_
    if features.shape[1] != coef.shape[-1]:
        raise ValueError(
            f"the features have {features.shape[1]} columns and the model expects "
            f"{coef.shape[-1]}: they were not made by the model's own vectorizers"
        )
    weights = coef.T if coef.ndim == 2 else coef
    if isinstance(features, np.ndarray) and features.ndim == 2 and weights.ndim == 2:
        # dense rows (sentence embeddings): each row's bits its own (see `row_stable`)
        scores = row_stable_matmul(features, weights) + model.intercept_
    else:
        scores = np.asarray(features @ weights) + model.intercept_
    return scores.reshape(-1) if scores.ndim > 1 and scores.shape[1] == 1 else scores


def class_probabilities(model: Any, features: Any) -> np.ndarray:
    """`model.predict_proba(features)`: one column per class of `model.classes_`."""
    scores = decision_scores(model, features)
    if len(model.classes_) <= 2:
        positive = special.expit(scores, out=scores)
        return np.stack([1 - positive, positive], axis=1)
    # scikit-learn's `softmax`, in place.
    scores -= np.max(scores, axis=1).reshape((-1, 1))
    np.exp(scores, out=scores)
    scores /= np.sum(scores, axis=1).reshape((-1, 1))
    return scores


def positive_probability(model: Any, features: Any) -> np.ndarray:
    """The probability of the second class of a two-class model (a theme's presence)."""
    return class_probabilities(model, features)[:, 1]
