"""The character n-gram block of a fitted model, computed on arrays instead of strings.

scikit-learn's `TfidfVectorizer(analyzer="char_wb")` builds every n-gram of every
answer as a Python string and looks each one up in its vocabulary: about 0.15 s per
1,000 answers, a fifth of what a `classifier tag` worker spends per answer besides the
embedding. `char_tfidf` gives the very same matrix (same entries, same float bits;
tested on the corpus and on hostile strings) about three times faster for batches:

- every character the vocabulary's n-grams use gets a small code (1..K), any other
  character code 0: an n-gram holding it cannot be in the vocabulary;
- an n-gram is the integer packing its codes (at most `max_n` x bits of K <= 63 bits),
  so the vocabulary is one sorted array of integers, searched for every window of
  every padded word at once;
- the counts go through the vectorizer's TF-IDF step (`tfidf.tfidf_weighting`).

A vectorizer this does not cover (another analyzer, accents stripped, n-grams
starting above 3 characters, a vocabulary too varied to pack) is left to
`tfidf.tfidf_transform` (string by string, as scikit-learn counts), as are small
batches, where building the array vocabulary (about 0.04 s, once per process)
would cost more than it saves.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

from .tfidf import tfidf_transform, tfidf_weighting

# Below this many documents the n-grams are counted string by string (a 10-answer file
# starts faster).
MIN_BATCH = 200
# Joins padded words and documents: no window across it is an n-gram (code 0).
_SEPARATOR = "\x00"
# A padded word (" " + word + " ") has at least 3 characters: for n-grams from 1 to 3
# characters up, `char_wb` gives exactly every window inside each padded word.
_LARGEST_MIN_N = 3

_counters: weakref.WeakKeyDictionary[Any, tuple[dict, CharNgramCounter | None]] = (
    weakref.WeakKeyDictionary()
)


class CharNgramCounter:
    """Counts of a fixed `char_wb` vocabulary's n-grams in documents, from arrays."""

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int]) -> None:
        self.min_n, self.max_n = ngram_range
        self.features = len(vocabulary)
        terms = list(vocabulary)
        joined = _SEPARATOR.join(terms)
        self.alphabet = np.array(sorted({ord(c) for c in joined} - {0}), dtype=np.uint32)
        self.bits = len(self.alphabet).bit_length()
        codes = self._codes(joined)
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        starts = np.zeros(len(terms), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        keys = np.zeros(len(terms), dtype=np.uint64)
        for i in range(self.max_n):
            inside = lengths > i
            keys[inside] |= codes[starts[inside] + i] << np.uint64(self.bits * i)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(terms))[order]

    @classmethod
    def of(cls, vectorizer: Any) -> CharNgramCounter | None:
        """The counter of a fitted vectorizer, or None when its n-grams are not covered."""
        low, high = vectorizer.ngram_range
        vocabulary = vectorizer.vocabulary_
        covered = (
            vectorizer.analyzer == "char_wb"
            and vectorizer.input == "content"
            and vectorizer.preprocessor is None
            and vectorizer.strip_accents is None
            and not vectorizer.binary
            and 1 <= low <= min(high, _LARGEST_MIN_N)
            and not any(_SEPARATOR in term for term in vocabulary)
        )
        if not covered:
            return None
        counter = cls(vocabulary, (low, high))
        return counter if counter.bits * high <= 63 else None

    def _codes(self, text: str) -> np.ndarray:
        """Each character's code: its place in the alphabet + 1, or 0 when not in it."""
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        place = np.searchsorted(self.alphabet, points)
        place[place == len(self.alphabet)] = 0
        return np.where(self.alphabet[place] == points, place + 1, 0).astype(np.uint64)

    def counts(self, docs: Sequence[str], lowercase: bool, dtype: type) -> sparse.csr_matrix:
        """The (documents x vocabulary) count matrix `CountVectorizer.transform` gives."""
        padded = []
        for doc in docs:
            # scikit-learn first turns runs of white space into one space: `split` gives
            # the same words (its white space and `\s` are the same characters).
            words = (doc.lower() if lowercase else doc).split()
            padded.append(" " + f" {_SEPARATOR} ".join(words) + " " if words else "")
        text = _SEPARATOR.join(padded)
        lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded)) + 1
        document = np.repeat(np.arange(len(padded)), lengths)[: len(text)]
        codes = self._codes(text)
        key, known = codes, codes != 0
        rows, columns = [], []
        for n in range(1, self.max_n + 1):
            if n > 1:
                windows = len(codes) - n + 1
                if windows <= 0:
                    break
                last = codes[n - 1 :]
                key = key[:windows] | (last << np.uint64(self.bits * (n - 1)))
                known = known[:windows] & (last != 0)
            if n < self.min_n:
                continue
            start = np.flatnonzero(known)
            place = np.searchsorted(self.keys, key[start])
            place[place == len(self.keys)] = 0
            hit = self.keys[place] == key[start]
            rows.append(document[start[hit]])
            columns.append(self.columns[place[hit]])
        row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        column = np.concatenate(columns) if columns else np.zeros(0, np.int64)
        matrix = sparse.coo_matrix(
            (np.ones(len(row), dtype=dtype), (row, column)), shape=(len(docs), self.features)
        ).tocsr()
        matrix.sum_duplicates()  # the counts, with each row's columns in order
        return matrix


def char_tfidf(vectorizer: Any, docs: Sequence[str]) -> sparse.csr_matrix:
    """`vectorizer.transform(docs)` for a fitted `char_wb` TF-IDF vectorizer, the same
    matrix, faster for batches of MIN_BATCH documents and more."""
    if len(docs) < MIN_BATCH:
        return tfidf_transform(vectorizer, docs)
    vocabulary, counter = _counters.get(vectorizer, (None, None))
    if vocabulary is not vectorizer.vocabulary_:  # first use, or refitted since
        vocabulary, counter = vectorizer.vocabulary_, CharNgramCounter.of(vectorizer)
        _counters[vectorizer] = (vocabulary, counter)
    if counter is None:
        return tfidf_transform(vectorizer, docs)
    counts = counter.counts(docs, vectorizer.lowercase, vectorizer.dtype)
    # The TF-IDF step `TfidfVectorizer.transform` applies to its counts.
    return tfidf_weighting(counts, vectorizer._tfidf)
