"""The need head's text model and how its margins combine with the embedding model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from classifier.model.need_head import TextNeedModel, need_probabilities


def toy_data(classes: int, rows: int = 60, width: int = 40, seed: int = 0):
    """Sparse rows whose class is written in a few features, plus noise features."""
    generator = np.random.default_rng(seed)
    targets = np.array([f"need_{i % classes}" for i in range(rows)])
    dense = generator.random((rows, width)) * (generator.random((rows, width)) < 0.2)
    for row, target in enumerate(targets):
        dense[row, int(target.split("_")[1]) * 3] += 1.0
    return sparse.csr_matrix(dense), dense, targets


def test_unpruned_text_model_gives_the_svms_margins():
    features, _, targets = toy_data(4)
    svm = LinearSVC(random_state=0).fit(features, targets)
    model = TextNeedModel.of(svm, kept_weights=features.shape[1])
    assert np.allclose(
        model.decision_function(features), svm.decision_function(features), atol=1e-5
    )
    assert list(model.classes_) == list(svm.classes_)


def test_pruning_keeps_each_needs_strongest_weights_only():
    features, _, targets = toy_data(4)
    svm = LinearSVC(random_state=0).fit(features, targets)
    model = TextNeedModel.of(svm, kept_weights=5)
    weights = sparse.csr_matrix(
        (model.data, model.indices, model.indptr), shape=(4, features.shape[1])
    )
    for need in range(4):
        kept = set(weights[need].indices)
        assert len(kept) == 5
        strongest = set(np.argsort(-np.abs(svm.coef_[need]), kind="stable")[:5])
        assert kept == strongest
    # The features that name each need are among its strongest: predictions hold.
    assert (
        model.decision_function(features).argmax(axis=1)
        == svm.decision_function(features).argmax(axis=1)
    ).mean() > 0.9


def test_margins_are_the_weights_product_whichever_columns_are_scored_densely():
    """Columns most needs weight are scored as a dense block, the rest sparsely: the
    margins are the plain product of the features and the pruned weights either way."""
    features, _, targets = toy_data(6, rows=120, width=60)
    model = TextNeedModel.of(LinearSVC(random_state=0).fit(features, targets), kept_weights=12)
    _, dense_columns, _ = model._scoring_blocks
    assert 0 < len(dense_columns) < features.shape[1]  # both paths are exercised
    weights = sparse.csr_matrix(
        (model.data, model.indices, model.indptr), shape=(6, features.shape[1])
    ).toarray()
    expected = features.toarray() @ weights.T.astype(np.float64) + model.intercept
    assert np.allclose(model.decision_function(features), expected, atol=1e-6)


def test_two_needs_get_one_margin_column_each():
    features, _, targets = toy_data(2)
    svm = LinearSVC(random_state=0).fit(features, targets)
    margins = TextNeedModel.of(svm).decision_function(features)
    assert margins.shape == (features.shape[0], 2)
    assert list(svm.classes_[margins.argmax(axis=1)]) == list(svm.predict(features))


def test_combined_scores_are_probabilities_that_follow_both_models():
    features, dense, targets = toy_data(3)
    embedding_model = LogisticRegression(max_iter=1000).fit(dense, targets)
    text_model = TextNeedModel.of(LinearSVC(random_state=0).fit(features, targets))
    alone = need_probabilities(embedding_model, None, dense, features)
    assert np.allclose(alone, embedding_model.predict_proba(dense))
    combined = need_probabilities(embedding_model, text_model, dense, features)
    assert combined.shape == alone.shape
    assert np.allclose(combined.sum(axis=1), 1.0)
    assert (combined >= 0).all()
    # Weight 0 is the embedding model; weight 1 follows the text model's ranking.
    zero = need_probabilities(
        embedding_model, replace(text_model, text_weight=0.0), dense, features
    )
    assert np.allclose(zero, alone)
    one = need_probabilities(embedding_model, replace(text_model, text_weight=1.0), dense, features)
    assert (one.argmax(axis=1) == text_model.decision_function(features).argmax(axis=1)).all()


@pytest.mark.parametrize("order", [slice(None), slice(None, None, -1)])
def test_each_asks_scores_do_not_depend_on_the_other_rows(order):
    features, dense, targets = toy_data(3)
    text_model = TextNeedModel.of(LinearSVC(random_state=0).fit(features, targets))
    whole = text_model.decision_function(features)
    reordered = text_model.decision_function(features[order])
    assert np.array_equal(whole[order], reordered)
