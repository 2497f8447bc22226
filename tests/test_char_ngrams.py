"""The character n-gram block computed on arrays equals scikit-learn's, to the last bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.text.char_ngrams import MIN_BATCH, CharNgramCounter, char_tfidf

from conftest import HOSTILE, same_matrix


@pytest.fixture(scope="module")
def corpus_texts(train_frame: pd.DataFrame, test_frame: pd.DataFrame) -> list[str]:
    return [*train_frame["text"], *test_frame["text"]]


def test_the_shipped_models_block_is_the_same_on_the_whole_corpus(model, corpus_texts) -> None:
    vectorizer = model.char_vectorizer_
    assert CharNgramCounter.of(vectorizer) is not None  # the fast path is the one tested
    same_matrix(char_tfidf(vectorizer, corpus_texts), vectorizer.transform(corpus_texts))


def test_hostile_strings_give_the_same_rows(model, corpus_texts) -> None:
    docs = HOSTILE + corpus_texts[:MIN_BATCH] + HOSTILE
    same_matrix(char_tfidf(model.char_vectorizer_, docs), model.char_vectorizer_.transform(docs))


def test_a_batch_of_empty_answers(model) -> None:
    docs = ["", " ", "\n"] * MIN_BATCH
    result = char_tfidf(model.char_vectorizer_, docs)
    assert result.nnz == 0
    same_matrix(result, model.char_vectorizer_.transform(docs))


@pytest.mark.parametrize(
    "settings",
    [
        {"analyzer": "char_wb", "ngram_range": (1, 4)},
        {"analyzer": "char_wb", "ngram_range": (2, 5), "lowercase": False},
        {"analyzer": "char_wb", "ngram_range": (3, 3)},
        # Not covered: left to scikit-learn, still the same matrix.
        {"analyzer": "char_wb", "ngram_range": (4, 6)},
        {"analyzer": "char", "ngram_range": (2, 4)},
        {"analyzer": "char_wb", "ngram_range": (2, 4), "strip_accents": "unicode"},
    ],
)
def test_other_vectorizers_give_their_own_matrix(settings: dict, corpus_texts) -> None:
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, dtype=np.float32, **settings)
    vectorizer.fit(corpus_texts[:3_000])
    docs = HOSTILE + corpus_texts[3_000 : 3_000 + MIN_BATCH]
    same_matrix(char_tfidf(vectorizer, docs), vectorizer.transform(docs))


def test_a_vocabulary_holding_the_separator_is_left_to_scikit_learn(corpus_texts) -> None:
    docs = ["nul\x00nul\x00 ici", "nul\x00nul\x00 là"] + corpus_texts[:MIN_BATCH]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(docs)
    assert CharNgramCounter.of(vectorizer) is None
    same_matrix(char_tfidf(vectorizer, docs), vectorizer.transform(docs))


def test_a_refitted_vectorizer_is_read_with_its_new_vocabulary(corpus_texts) -> None:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))
    docs = corpus_texts[:MIN_BATCH]
    vectorizer.fit(corpus_texts[:1_000])
    same_matrix(char_tfidf(vectorizer, docs), vectorizer.transform(docs))
    vectorizer.fit(corpus_texts[5_000:5_500])
    same_matrix(char_tfidf(vectorizer, docs), vectorizer.transform(docs))
