"""A fitted TF-IDF vectorizer's `transform`, read from its fitted state alone.

`classifier tag` reads a model's vectorizers from the model file without importing
scikit-learn, whose import (about 0.7-1 s, most of it `scipy.stats`) was the largest
part of a cold start. `tfidf_transform` gives the very matrix
`TfidfVectorizer.transform` gives (same entries, same float bits; tested on the
corpus against scikit-learn): the same n-grams counted in the same order, then the
same TF-IDF steps (`sublinear_tf`, the idf weights, rows scaled to unit length with
their squares summed one by one in double precision, as scikit-learn's
`inplace_csr_row_normalize_l2` does).

Only the settings the model's two vectorizers use are read this way (lemma words
split on spaces, and `char_wb` n-grams); a vectorizer with other settings is left to
its own `transform`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import sparse


def tfidf_transform(vectorizer: Any, docs: Sequence[str]) -> sparse.csr_matrix:
    """`vectorizer.transform(docs)` of a fitted `TfidfVectorizer` (or its stored state)."""
    analyze = _analyzer(vectorizer)
    if analyze is None:
        return vectorizer.transform(docs)
    vocabulary = vectorizer.vocabulary_
    indptr, columns, counts = [0], [], []
    for doc in docs:
        found: dict[int, int] = {}
        for term in analyze(doc):
            column = vocabulary.get(term)
            if column is not None:
                found[column] = found.get(column, 0) + 1
        ordered = sorted(found.items())  # scikit-learn sorts each row's columns
        columns.extend(column for column, _ in ordered)
        counts.extend(count for _, count in ordered)
        indptr.append(len(columns))
    matrix = sparse.csr_matrix(
        (
            np.array(counts, dtype=vectorizer.dtype),
            np.array(columns, dtype=np.int32),
            np.array(indptr, dtype=np.int32),
        ),
        shape=(len(docs), len(vocabulary)),
    )
    return tfidf_weighting(matrix, vectorizer._tfidf)


def tfidf_weighting(counts: sparse.csr_matrix, transformer: Any) -> sparse.csr_matrix:
    """`TfidfTransformer.transform(counts, copy=False)`: `counts` (floating, each row's
    columns in order) weighted in place, from the transformer's fitted state."""
    data = counts.data
    if transformer.sublinear_tf:
        np.log(data, data)
        data += 1.0
    idf = getattr(transformer, "idf_", None)  # absent when use_idf is False
    if idf is not None:
        data *= idf[counts.indices]
    if transformer.norm == "l2":
        _scale_rows_to_unit_length(counts)
    elif transformer.norm is not None:
        raise ValueError(f"TF-IDF norm {transformer.norm!r} is not supported")
    return counts


def _scale_rows_to_unit_length(matrix: sparse.csr_matrix) -> None:
    """Each row divided by its Euclidean length, in place, to the bit as scikit-learn's
    `inplace_csr_row_normalize_l2`: squares in the data's precision, summed one after the
    other in double precision, each value divided in double and stored back."""
    data, indptr = matrix.data, matrix.indptr
    squares = (data * data).astype(np.float64)
    lengths = np.ones(len(indptr) - 1)
    for row, (start, end) in enumerate(itertools.pairwise(indptr.tolist())):
        if end > start:  # a running sum: `add.accumulate` adds in order (`sum` may not)
            total = np.add.accumulate(squares[start:end])[-1]
            if total != 0.0:
                lengths[row] = np.sqrt(total)
    data[:] = data.astype(np.float64) / np.repeat(lengths, np.diff(indptr))


def _analyzer(vectorizer: Any) -> Callable[[str], list[str]] | None:
    """The vectorizer's n-grams of one document, as its `build_analyzer()` gives them, or
    None for settings not read here."""
    plain = (
        vectorizer.input == "content"
        and vectorizer.preprocessor is None
        and vectorizer.strip_accents is None
        and vectorizer.stop_words is None
        and not vectorizer.binary
        and vectorizer.norm in ("l2", None)
    )
    if not plain:
        return None
    low, high = vectorizer.ngram_range
    lowercase = vectorizer.lowercase
    if vectorizer.analyzer == "char_wb":
        return lambda doc: _char_wb_ngrams(doc.lower() if lowercase else doc, low, high)
    if vectorizer.analyzer == "word" and callable(vectorizer.tokenizer):
        tokenize = vectorizer.tokenizer
        return lambda doc: _word_ngrams(tokenize(doc.lower() if lowercase else doc), low, high)
    return None


def _word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    """scikit-learn's word n-grams, in its order: the tokens, then the n-grams of each
    larger size left to right."""
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's `char_wb` n-grams, in its order: each word padded with a space on
    both sides, its n-grams of each size; a word shorter than a size counted once."""
    grams = []
    # scikit-learn first turns runs of white space into one space: `split` gives the same
    # words (its white space and `\s` are the same characters).
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
            if len(padded) <= n:
                break
    return grams
