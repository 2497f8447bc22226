"""Recommendation scores as survey platforms export them."""

from __future__ import annotations

import math

import pytest

from classifier.report.survey import parse_score


@pytest.mark.parametrize(
    ("cell", "score"),
    [
        ("8", 8),
        ("8.0", 8),
        ("8,0", 8),
        (" 10 ", 10),
        ("10 - Extremely likely", 10),
        ("0 – Not at all likely", 0),
        ("7 (neutral)", 7),
        ("9/10", 9),
        (9, 9),
        (9.0, 9),
    ],
)
def test_scores_are_read(cell, score):
    assert parse_score(cell) == score


@pytest.mark.parametrize("cell", ["", "n/a", "11", "-1", "8.5", "eight", None, math.nan, "100"])
def test_other_values_are_not_scores(cell):
    assert parse_score(cell) is None
