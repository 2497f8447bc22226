"""Decision thresholds: the score above which a theme is assigned, chosen per theme."""

from __future__ import annotations

import numpy as np

from ..text.language import word_count
from ..vocab import ASKING_STANCES, PRAISE

THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


def best_threshold(target: np.ndarray, scores: np.ndarray) -> float:
    """The grid threshold with the best F1 of `scores` against `target` (0/1).

    Ties go to the threshold closest to 0.5; a theme without any positive
    example gets 1.0, so it is never assigned.
    """
    if target.sum() == 0:
        return 1.0
    best, best_f1 = 0.5, -1.0
    for threshold in sorted(THRESHOLD_GRID, key=lambda t: abs(t - 0.5)):
        predicted = scores >= threshold
        tp = float((predicted & (target == 1)).sum())
        f1 = 2 * tp / (predicted.sum() + target.sum()) if tp else 0.0
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(threshold), f1
    return best


# A substantive answer says something: praise, a request or a criticism of at least this many
# words. "n/a", "rien", "todo bien" or "great job" are not substantive.
SUBSTANTIVE_WORDS = 3


def is_substantive(text: object, stance: str | None) -> bool:
    """True for praise, a request or a criticism of SUBSTANTIVE_WORDS words or more."""
    return stance in (PRAISE, *ASKING_STANCES) and word_count(text) >= SUBSTANTIVE_WORDS


def fallback_theme(
    scores: dict[str, float], text: object, stance: str | None, floor: float | None
) -> str | None:
    """The best theme of a substantive answer that got none, when its score reaches `floor`
    (None: no fallback)."""
    if floor is None or not is_substantive(text, stance):
        return None
    best = max(scores, key=lambda theme: (scores[theme], theme))
    return best if scores[best] >= floor else None
