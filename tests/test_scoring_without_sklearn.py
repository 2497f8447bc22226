"""A loaded model scores answers without importing scikit-learn, to the same bits as
scikit-learn's own `transform` and `predict_proba` (what a cold start saves its import
for)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from classifier.model.linear import class_probabilities, positive_probability
from classifier.model.stored import StoredEstimator
from classifier.text.normalize import normalize
from classifier.text.tfidf import tfidf_transform

from conftest import EXAMPLES, HOSTILE, ROOT, same_matrix


@pytest.fixture(scope="module")
def answers(train_frame, test_frame) -> tuple[list[str], list[str]]:
    """1,500 corpus answers in every language, with their languages, and hostile strings."""
    corpus = [*train_frame.itertuples(), *test_frame.itertuples()][::11][:1_500]
    texts = [row.text for row in corpus] + HOSTILE
    return texts, [row.language for row in corpus] + ["fr"] * len(HOSTILE)


@pytest.fixture(scope="module")
def lemma_docs(model, answers) -> list[str]:
    texts, languages = answers
    return [" ".join(n.lemmas) for n in normalize(texts, languages, model.lemma_tables_)]


@pytest.fixture(scope="module")
def features(model, answers):
    texts, languages = answers
    return model._features(texts, languages)


def test_a_loaded_model_keeps_scikit_learn_objects_as_their_stored_state(model) -> None:
    for part in (model.word_vectorizer_, model.stance_model_, *model.theme_models_):
        assert isinstance(part, StoredEstimator)
    assert model.word_vectorizer_.vocabulary_ is model.word_vectorizer_.state["vocabulary_"]


def test_the_word_block_is_scikit_learns_to_the_bit(model, lemma_docs) -> None:
    vectorizer = model.word_vectorizer_
    same_matrix(tfidf_transform(vectorizer, lemma_docs), vectorizer.built().transform(lemma_docs))


def test_the_character_block_of_a_small_batch_is_scikit_learns(model, answers) -> None:
    texts = [text.lower() for text in answers[0][:150]] + HOSTILE
    vectorizer = model.char_vectorizer_
    same_matrix(tfidf_transform(vectorizer, texts), vectorizer.built().transform(texts))


@pytest.mark.parametrize(
    "settings",
    [
        {"ngram_range": (1, 1)},
        {"ngram_range": (2, 3), "lowercase": True},
        {"ngram_range": (1, 2), "use_idf": False, "norm": None},
        {"ngram_range": (1, 3), "sublinear_tf": False, "dtype": np.float64},
        {"analyzer": "char_wb", "ngram_range": (1, 4), "lowercase": False},
        # Not read from the state: left to scikit-learn's transform, the same matrix.
        {"ngram_range": (1, 2), "binary": True},
        {"ngram_range": (1, 2), "norm": "l1"},
        {"analyzer": "char", "ngram_range": (2, 4)},
    ],
)
def test_other_vectorizers_give_their_own_matrix(settings: dict, lemma_docs) -> None:
    options = {"tokenizer": str.split, "token_pattern": None, "lowercase": False}
    if settings.get("analyzer", "word") != "word":
        options = {}
    vectorizer = TfidfVectorizer(**{"sublinear_tf": True, **options, **settings})
    vectorizer.fit(lemma_docs[:1_000])
    docs = lemma_docs[1_000:]
    same_matrix(tfidf_transform(vectorizer, docs), vectorizer.transform(docs))


def test_theme_stance_and_need_probabilities_are_scikit_learns(model, features) -> None:
    matrix, embeddings = features
    for stored in model.theme_models_:
        expected = stored.built().predict_proba(matrix)[:, 1]
        assert np.array_equal(positive_probability(stored, matrix), expected)
    stance = model.stance_model_
    assert np.array_equal(class_probabilities(stance, matrix), stance.built().predict_proba(matrix))
    need = model.need_model_
    assert np.array_equal(
        class_probabilities(need, embeddings), need.built().predict_proba(embeddings)
    )


def test_a_two_class_model_of_any_labels(features) -> None:
    matrix, _ = features
    labels = np.array(["no", "yes"])[(np.arange(matrix.shape[0]) % 3 == 0).astype(int)]
    fitted = LogisticRegression(max_iter=500).fit(matrix, labels)
    assert np.array_equal(class_probabilities(fitted, matrix), fitted.predict_proba(matrix))
    with pytest.raises(ValueError, match="features have 3 columns"):
        class_probabilities(fitted, matrix[:, :3])


def test_tagging_a_file_imports_no_scikit_learn(tmp_path) -> None:
    output = tmp_path / "tagged.csv"
    code = (
        "import sys\n"
        "from classifier.cli import main\n"
        f"status = main(['tag', {str(EXAMPLES / 'consultation_sample.csv')!r}, '-o', "
        f"{str(output)!r}, '--text-column', 'q_improve', '--jobs', '1'])\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn')[:3])\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert found.stdout.strip() == "0 []", found.stderr
    assert output.stat().st_size > 0


def test_a_stored_object_is_built_for_its_methods_and_read_only(model) -> None:
    vectorizer = model.char_vectorizer_
    assert "get_feature_names_out" not in vectorizer.state  # a method: the built object's
    assert len(vectorizer.get_feature_names_out()) == len(vectorizer.vocabulary_)
    built = vectorizer.built()
    assert isinstance(built, TfidfVectorizer) and vectorizer.built() is built
    with pytest.raises(AttributeError, match="read-only"):
        vectorizer.vocabulary_ = {}
    copied = pickle.loads(pickle.dumps(vectorizer))  # how workers of the API receive a model
    assert copied.vocabulary_ == vectorizer.vocabulary_ and copied.type_name == vectorizer.type_name


def test_a_loaded_model_saved_again_holds_the_same_document_and_arrays(tmp_path) -> None:
    from classifier.model import persistence
    from classifier.model.estimator import ThemeClassifier

    # A model as loaded (a built object is saved as it is now: see the test below).
    path = tmp_path / "again.npz"
    path.write_bytes(persistence.encode(ThemeClassifier.load()))
    with np.load(persistence.default_model_path()) as before, np.load(path) as after:
        assert json.loads(after["__model__"].tobytes()) == json.loads(before["__model__"].tobytes())
        assert sorted(after.files) == sorted(before.files)
        for key in before.files:
            assert np.array_equal(after[key], before[key]), key


def test_a_change_to_the_built_object_is_what_the_model_tags_copies_and_saves(tmp_path) -> None:
    from classifier.model.estimator import ThemeClassifier

    model = ThemeClassifier.load()
    texts = ["Plus de webinaires en français svp", "The newsletter is too long", "Nada"]
    before = model.predict_proba(texts)
    stored = model.theme_models_[0]
    # What the read-only error says to do: change the object `built()` returns.
    stored.built().intercept_ = stored.intercept_ + 50.0
    changed = model.predict_proba(texts)
    assert (changed[:, 0] > 0.99).all() and (before[:, 0] < 0.99).all()
    assert np.array_equal(changed[:, 1:], before[:, 1:])
    assert np.array_equal(pickle.loads(pickle.dumps(model)).predict_proba(texts), changed)
    saved = ThemeClassifier.load(model.save(tmp_path / "changed.npz"))
    assert np.array_equal(saved.predict_proba(texts), changed)


def test_threads_asking_at_once_get_the_one_built_object(model) -> None:
    from classifier.model.persistence import build_trusted

    def slow_build(type_name: str, state: dict):  # a build as slow as a first sklearn import
        time.sleep(0.05)
        return build_trusted(type_name, state)

    stored = StoredEstimator(model.stance_model_.type_name, model.stance_model_.state, slow_build)
    start = threading.Barrier(4)
    objects = []

    def use() -> None:
        start.wait()
        objects.append(stored.built())

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(found) for found in objects}) == 1 and objects[0] is stored.built()


def test_scikit_learns_functions_take_a_stored_object(model, features) -> None:
    from sklearn.base import clone, is_classifier
    from sklearn.metrics import get_scorer
    from sklearn.utils.validation import check_is_fitted

    matrix, _ = features
    stored = model.theme_models_[0]
    labels = stored.built().predict(matrix)
    check_is_fitted(stored)
    assert is_classifier(stored)
    copy = clone(stored)
    assert isinstance(copy, LogisticRegression) and copy.get_params() == stored.get_params()
    scorer = get_scorer("roc_auc")
    assert scorer(stored, matrix, labels) == scorer(stored.built(), matrix, labels)
