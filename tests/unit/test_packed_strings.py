"""The needs step's packed strings give back exactly the strings they were given."""

from __future__ import annotations

import pickle

import pytest

from classifier.needs.packed import PackedStrings

VALUES = [
    "Plus de ressources en español, por favor",
    "",
    None,
    "Traducción x favor 🙏",
    "lone surrogate from a JSON escape: \ud800",
    "R0000123",
    "ÉQUITÉ",
]


def test_strings_and_none_round_trip_in_order():
    packed = PackedStrings.of(VALUES)
    assert len(packed) == len(VALUES)
    assert list(packed) == VALUES
    assert packed[-1] == VALUES[-1]
    with pytest.raises(IndexError):
        packed[len(VALUES)]


def test_take_and_join_keep_each_string_with_its_row():
    first, second = PackedStrings.of(VALUES[:3]), PackedStrings.of(VALUES[3:])
    joined = PackedStrings.join([first, PackedStrings.of([]), second])
    assert list(joined) == VALUES
    rows = [6, 2, 0, 2, 4]
    assert list(joined.take(rows)) == [VALUES[i] for i in rows]
    assert list(PackedStrings.join([])) == []


def test_raw_bytes_sort_as_the_strings_do():
    words = ["été", "ete", "Été", "zèbre", "año", "ano", "a\ud800", "a😀", "a\uffff", ""]
    packed = PackedStrings.of(words)
    by_bytes = sorted(range(len(words)), key=packed.raw)
    assert [words[i] for i in by_bytes] == sorted(words)


def test_pickles_as_workers_send_it():
    packed = PackedStrings.of(VALUES)
    assert list(pickle.loads(pickle.dumps(packed))) == VALUES
