"""The result of classifying one answer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prediction:
    """Themes, scores and stance of one answer.

    `themes` are the themes whose score passed their threshold, highest score
    first (possibly none); `scores` has one probability per codebook theme;
    `stance` is None when the model has no stance head. `languages` gives the
    share of each language in the answer: {language: 1.0} for an answer in one
    language, several entries for a mixed answer ("great webinars, mais trop
    courts" -> {"fr": 0.43, "en": 0.57}; `language` is then the dominant one
    unless the survey declared another), {} when the language is undetermined.
    """

    text: str
    language: str
    themes: list[str]
    scores: dict[str, float]
    stance: str | None = None
    stance_scores: dict[str, float] = field(default_factory=dict)
    languages: dict[str, float] = field(default_factory=dict)
    # True when `themes` holds the best theme of a substantive answer whose scores all missed
    # their thresholds (the model's fallback floor was reached): worth a human look.
    low_confidence: bool = False

    @property
    def language_mixed(self) -> bool:
        """True when the answer mixes languages (more than one entry in `languages`)."""
        return len(self.languages) > 1
