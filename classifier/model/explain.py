"""Why did the model give (or almost give) a theme: word and phrase contributions.

Each theme's model is a logistic regression over three feature blocks, so a
theme's log-odds is a sum of contributions: one per lemma n-gram, one per
character n-gram, the sentence-embedding block as a whole, the codebook block
(closeness to the themes' definitions and catalogue examples) as a whole, and
the intercept.
Character n-grams are credited to the words they occur in, so the result reads
as "these words and phrases pushed the score up (or down)".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..text.char_ngrams import char_tfidf
from ..text.language import has_words
from ..text.normalize import normalize
from ..text.tfidf import tfidf_transform
from ..vocab import MAX_TEXT_CHARS

if TYPE_CHECKING:
    from .estimator import ThemeClassifier
    from .prediction import Prediction

_PUNCTUATION = ".,;:!?¿¡\"'«»()[]…-–"
CLOSE_MISS = 0.5  # a theme whose score reaches this share of its threshold is a close miss


@dataclass(frozen=True)
class ThemeExplanation:
    """The contributions behind one theme's score for one answer."""

    theme: str
    score: float
    threshold: float
    assigned: bool
    phrases: list[tuple[str, float]]  # (word or phrase, log-odds contribution), strongest first
    embedding: float  # contribution of the sentence meaning as a whole
    codebook: float  # contribution of the closeness to the codebook's definitions and examples
    intercept: float
    # Assigned below its threshold: the best theme of a substantive answer that no theme
    # fitted well (the model's fallback floor), worth a human look.
    low_confidence: bool = False
    # False for a theme without a model of its own (every training answer had it): its
    # score is the share of training answers with it, the same for every answer.
    learned: bool = True


def explain(
    model: ThemeClassifier, text: str, language: str | None = None, top: int = 8
) -> tuple[Prediction, list[ThemeExplanation]]:
    """The answer's prediction (language, themes, stance) and an explanation of every
    assigned theme and close miss."""
    text = text[:MAX_TEXT_CHARS]  # read as `classifier tag` reads it
    [prediction] = model.predict([text], languages=[language] if language else None)
    scores = prediction.scores
    chosen = [
        t
        for t in model.classes_
        if t in prediction.themes or scores[t] >= CLOSE_MISS * model.thresholds_[t]
    ]
    chosen.sort(key=lambda t: -scores[t])
    [normalized] = normalize([text], [prediction.language], model.lemma_tables_)
    # Tagging's own transforms, not scikit-learn's: its `transform` stamps the vectorizer
    # with the memory address of its stop words (`_stop_words_id`), so a model saved after
    # an explanation was another file, byte for byte, from one saved before.
    words = tfidf_transform(model.word_vectorizer_, [" ".join(normalized.lemmas)])
    chars = char_tfidf(model.char_vectorizer_, [normalized.lowered])
    blocks = model.feature_slices()
    vector = model.embedder_.encode([normalized.cleaned])
    embedding = vector[0] * model.embedding_weight
    knowledge = (
        model.knowledge_.similarities(vector)[0] * model.codebook_weight
        if "codebook" in blocks
        else np.zeros(0)
    )
    word_names = _feature_names(model.word_vectorizer_.vocabulary_)
    char_names = _feature_names(model.char_vectorizer_.vocabulary_)
    tokens = [t.strip(_PUNCTUATION) for t in normalized.lowered.split() if t.strip(_PUNCTUATION)]
    explanations = []
    for theme in chosen:
        estimator = model.theme_models_[list(model.classes_).index(theme)]
        score = {
            "theme": str(theme),
            "score": scores[theme],
            "threshold": float(model.thresholds_[theme]),
            "assigned": theme in prediction.themes,
        }
        if estimator is None:  # no words or meaning behind its score, which still counts
            explanations.append(
                ThemeExplanation(
                    **score,
                    phrases=[],
                    embedding=0.0,
                    codebook=0.0,
                    intercept=0.0,
                    learned=False,
                )
            )
            continue
        coef = estimator.coef_[0]
        word_coef, char_coef = coef[blocks["words"]], coef[blocks["chars"]]
        contributions: dict[str, float] = {}
        row = words.tocoo()
        for j, value in zip(row.col, row.data, strict=True):
            contributions[word_names[j]] = contributions.get(word_names[j], 0.0) + float(
                value * word_coef[j]
            )
        row = chars.tocoo()
        for j, value in zip(row.col, row.data, strict=True):
            gram = char_names[j].strip()
            owners = [t for t in tokens if gram and gram in t] or ["(punctuation/spacing)"]
            share = float(value * char_coef[j]) / len(owners)
            for owner in owners:
                contributions[owner] = contributions.get(owner, 0.0) + share
        phrases = sorted(contributions.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:top]
        explanations.append(
            ThemeExplanation(
                **score,
                phrases=[(p, round(c, 3)) for p, c in phrases],
                embedding=round(float(np.dot(embedding, coef[blocks["embedding"]])), 3),
                codebook=round(
                    float(np.dot(knowledge, coef[blocks["codebook"]])) if len(knowledge) else 0.0,
                    3,
                ),
                intercept=round(float(estimator.intercept_[0]), 3),
                low_confidence=prediction.low_confidence and theme in prediction.themes,
            )
        )
    return prediction, explanations


def format_explanation(
    text: str, language: str, explanations: list[ThemeExplanation], stance: str | None
) -> str:
    """A plain-text rendering for the command line."""
    lines = [f"text: {text}", f"language: {language}   stance: {stance or 'n/a'}"]
    if not explanations:
        lines.append("no theme assigned and no close miss")
    for item in explanations:
        if not item.assigned and not has_words(text):
            # its score may pass its threshold: "close miss" would say it almost did
            status = (
                "not assigned: an answer without letters (or only a web or e-mail address) "
                "gets no theme"
            )
        elif not item.assigned:
            status = "close miss"
        elif item.low_confidence:
            status = "ASSIGNED with low confidence (below its threshold: the answer's best theme)"
        else:
            status = "ASSIGNED"
        lines.append(
            f"\n{item.theme}: score {item.score:.3f} (threshold {item.threshold:.3f}) {status}"
        )
        if not item.learned:
            lines.append(
                "    no model of its own: every training answer had this theme, so its score "
                "is the share of training answers with it, the same for every answer"
            )
            continue
        for phrase, weight in item.phrases:
            lines.append(f"  {'+' if weight >= 0 else '-'} {phrase:30s} {weight:+.3f}")
        lines.append(
            f"    sentence meaning (embedding) {item.embedding:+.3f}, "
            f"closeness to the codebook {item.codebook:+.3f}, "
            f"baseline {item.intercept:+.3f}"
        )
    return "\n".join(lines)


def _feature_names(vocabulary: dict[str, int]) -> np.ndarray:
    """A fitted vectorizer's feature names by column (`get_feature_names_out`), read from its
    vocabulary without building the scikit-learn object."""
    names = np.empty(len(vocabulary), dtype=object)
    for term, column in vocabulary.items():
        names[column] = term
    return names
