"""The grouping's second chance for lone asks, on toy asks: each ask's sentence embedding
is a direction, its need head puts `confidence` on one catalogue need (the rest spread
evenly), so which asks are matched, discovered together or left alone is set by hand."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.needs.grouping import MATCH_THRESHOLD, group_units
from classifier.needs.packed import PackedStrings
from classifier.needs.units import Units

SURE, UNSURE = 0.9, 0.1
assert UNSURE < MATCH_THRESHOLD <= SURE


def toy_units(model, rows) -> Units:
    """rows: (respondent, embedding direction, most probable need index, its probability)."""
    needs, themes = len(model.need_classes_), len(model.classes_)
    embeddings, probabilities = [], []
    for _, direction, need, confidence in rows:
        vector = np.zeros(8)
        vector[list(direction)] = 1.0
        embeddings.append(vector / np.linalg.norm(vector))
        spread = np.full(needs, (1 - confidence) / (needs - 1))
        spread[need] = confidence
        probabilities.append(spread)
    count = len(rows)
    return Units(
        np.arange(count),
        PackedStrings.of([f"ask {i}" for i in range(count)]),
        PackedStrings.of([row[0] for row in rows]),
        PackedStrings.of(["en"] * count),
        PackedStrings.of([None] * count),
        np.array(embeddings, np.float32),
        np.tile(np.eye(themes)[0], (count, 1)),
        np.array(probabilities),
    )


def needs_of(model, rows, min_respondents=2, second_chance=True) -> list[str]:
    result = group_units(
        toy_units(model, rows), model, len(rows), min_respondents, second_chance=second_chance
    )
    return [needs[0] for needs in result.answer_needs]


def test_a_lone_ask_joins_the_need_another_respondent_raised(model):
    first = model.need_classes_[0]
    rows = [("A", (0,), 0, SURE), ("B", (3,), 0, UNSURE)]
    assert needs_of(model, rows) == [first, first]
    assert needs_of(model, rows, second_chance=False)[1].startswith("new-")


def test_a_lone_ask_does_not_join_a_need_only_its_own_respondent_raised(model):
    rows = [("A", (0,), 0, SURE), ("A", (3,), 0, UNSURE)]
    assert needs_of(model, rows)[1].startswith("new-")


@pytest.mark.parametrize("min_respondents", [1, 2, 3])
def test_a_new_need_two_respondents_share_stays_whole_whatever_min_respondents(
    model, min_respondents
):
    """B and D ask the same new thing; their most probable needs differ, each raised by
    someone else. Shared by two respondents, their new need is not a lone ask: it stays
    whole, and the needs do not depend on how many respondents make a need recurring."""
    rows = [
        ("A", (0,), 0, SURE),
        ("C", (1,), 1, SURE),
        ("B", (3,), 0, UNSURE),
        ("D", (3,), 1, UNSURE),
    ]
    found = needs_of(model, rows, min_respondents)
    assert found[2] == found[3] and found[2].startswith("new-")
    assert found == needs_of(model, rows)
