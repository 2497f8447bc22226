"""Per-theme decision thresholds: best F1 on the grid, ties towards 0.5."""

from __future__ import annotations

import numpy as np

from classifier.model.thresholds import best_threshold, fallback_theme, is_substantive


def test_threshold_separating_the_classes_is_chosen():
    target = np.array([0, 0, 0, 1, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.8, 0.85, 0.9])
    threshold = best_threshold(target, scores)
    assert 0.3 < threshold <= 0.8
    assert threshold == 0.5  # every threshold in (0.3, 0.8] scores F1 = 1: the tie goes to 0.5


def test_low_threshold_when_positives_score_low():
    target = np.array([0, 0, 1, 1])
    scores = np.array([0.01, 0.02, 0.12, 0.15])
    assert best_threshold(target, scores) == 0.1


def test_theme_without_positive_examples_is_never_assigned():
    assert best_threshold(np.zeros(4, dtype=int), np.array([0.9, 0.8, 0.1, 0.2])) == 1.0


def test_fallback_only_for_substantive_answers_over_the_floor():
    scores = {"youth": 0.12, "advocacy": 0.31, "information": 0.05}
    ask = "Please speak up about the arrests at the Human Rights Council"
    assert fallback_theme(scores, ask, "request", 0.2) == "advocacy"
    assert fallback_theme(scores, ask, "request", 0.4) is None  # below the floor
    assert fallback_theme(scores, ask, "request", None) is None  # no fallback
    assert fallback_theme(scores, "todo bien", "praise", 0.2) is None  # too short
    assert fallback_theme(scores, "n/a rien a dire", "neutral", 0.2) is None  # not substantive
    assert is_substantive("great job, thank you all", "praise")


def test_an_address_adds_no_words_to_a_substantive_answer():
    """Hunt 28: `https`, `example`, `org` counted as words, so "merci" and a link was a
    substantive praise of 4 words and got a theme with low confidence ("secretariat")."""
    assert not is_substantive("merci https://example.org", "praise")
    assert not is_substantive("thanks, contact@example.org", "praise")
    assert is_substantive("great job, thank you all https://example.org", "praise")
