"""The result of classifying one answer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prediction:
    """Themes, scores and stance of one answer.

    `themes` are the themes whose score passed their threshold, highest score
    first (possibly none); `scores` has one probability per codebook theme;
    `stance` is None when the model has no stance head.
    """

    text: str
    language: str
    themes: list[str]
    scores: dict[str, float]
    stance: str | None = None
    stance_scores: dict[str, float] = field(default_factory=dict)
