"""Grouping units into needs: a same-need probability for every pair, then clustering.

For every pair of units a small logistic model gives the probability that they
express the same need, from the cosine of their multilingual sentence
embeddings (so the same ask in French and Spanish meets), the agreement of
their theme scores and whether they share a language. Units are grouped by
average-linkage clustering on one minus that probability, within blocks of
units that share their most probable theme (a pair across blocks almost never
reaches the merge probability; blocking keeps memory and time small). A need
raised by at least `min_respondents` distinct respondents is recurring, by one
respondent one-off.

Units are put in a canonical order before clustering, so needs and their ids
do not depend on row order or on the run.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from ..errors import ClassifierError
from ..io.layout import prediction_column
from ..io.tables import require_column
from ..model.estimator import ThemeClassifier
from ..vocab import DEFAULT_MIN_RESPONDENTS, ONE_OFF, RECURRING, is_blank
from .result import Need, NeedsResult
from .units import Units, collect_units, subset

# Same-need probability of two units: a logistic regression on PAIR_FEATURES,
# fitted on the gold needs of the TRAINING split by `benchmarks/needs.py --tune`,
# which also chose the threshold out of fold on test-sized parts of that split:
# the best worst-of (B-cubed F1, one-off precision, one-off recall); merge while
# the average probability stays above 0.7.
PAIR_FEATURES = (
    "embedding_cosine",
    "theme_cosine",
    "same_language",
    "embedding_cosine_if_same_language",
    "embedding_x_theme_cosine",
    "same_top_theme",
)
PAIR_WEIGHTS = (2.91, 4.47, -1.3, 0.04, 3.16, -0.45)
PAIR_INTERCEPT = -6.08
DEFAULT_DISTANCE_THRESHOLD = 0.3


def find_needs(
    answers,
    respondents: Sequence[object] | None = None,
    *,
    model: ThemeClassifier | None = None,
    text_column: str = "text",
    respondent_column: str | None = "respondent",
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    distance_threshold: float = DEFAULT_DISTANCE_THRESHOLD,
) -> NeedsResult:
    """Group the requests and criticisms of `answers` into needs.

    `answers` is a list of Predictions (with `respondents` alongside) or a
    tagged DataFrame (columns `text_column`, `respondent_column`, and `stance`,
    `language`, possibly prefixed as `classifier tag` writes them). Answers
    without a respondent id count as their own respondent. `model` (default:
    the shipped model) gives each point its stance and theme scores.
    """
    if min_respondents < 1:
        raise ClassifierError("min_respondents must be at least 1")
    if model is None:
        model = ThemeClassifier.load()
    texts, stances, languages, respondent_ids = _answer_fields(
        answers, respondents, text_column, respondent_column
    )
    units = collect_units(model, texts, stances, languages, respondent_ids)
    return group_units(units, model, min_respondents, distance_threshold)


def group_units(
    units: Units,
    model: ThemeClassifier,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    distance_threshold: float = DEFAULT_DISTANCE_THRESHOLD,
    weights: Sequence[float] = PAIR_WEIGHTS,
    intercept: float = PAIR_INTERCEPT,
) -> NeedsResult:
    """Cluster units into needs and describe each need."""
    if not units.texts:
        return NeedsResult([], [[] for _ in range(units.answers)], min_respondents)
    labels = np.zeros(len(units.texts), dtype=int)
    top_theme = units.theme_scores.argmax(axis=1)
    for block in np.unique(top_theme):
        members = np.flatnonzero(top_theme == block)
        logits = same_need_logits(subset(units, members), weights, intercept)
        labels[members] = _cluster(1.0 / (1.0 + np.exp(-logits)), distance_threshold) + (
            labels.max() + 1
        )
    needs, unit_need = _describe(units, labels, model, min_respondents)
    answer_needs: list[list[str]] = [[] for _ in range(units.answers)]
    for answer, need_id in zip(units.answer_index, unit_need, strict=True):
        if need_id not in answer_needs[answer]:
            answer_needs[answer].append(need_id)
    rank = {n.id: i for i, n in enumerate(needs)}
    return NeedsResult(
        needs, [sorted(ids, key=rank.__getitem__) for ids in answer_needs], min_respondents
    )


def _answer_fields(answers, respondents, text_column, respondent_column):
    """Texts, stances, languages and respondent ids from Predictions or a DataFrame."""
    if isinstance(answers, pd.DataFrame):
        require_column(answers, text_column)
        stance_column = prediction_column(answers, text_column, "stance")
        language_column = prediction_column(answers, text_column, "language")
        texts = [v if isinstance(v, str) else "" for v in answers[text_column]]
        stances = answers[stance_column].tolist()
        languages = answers[language_column].tolist()
        if respondents is None and respondent_column and respondent_column in answers.columns:
            respondents = answers[respondent_column].tolist()
    else:
        texts = [p.text for p in answers]
        stances = [p.stance for p in answers]
        languages = [p.language for p in answers]
    if respondents is not None and len(respondents) != len(texts):
        raise ClassifierError(f"{len(respondents)} respondents for {len(texts)} answers")
    ids = []
    for index, value in enumerate(respondents if respondents is not None else [None] * len(texts)):
        ids.append(f"(answer {index + 1})" if is_blank(value) else str(value))
    return texts, stances, languages, ids


def pair_features(units: Units):
    """Yield (name, matrix) for each pair feature of PAIR_FEATURES, one at a time."""
    embeddings = units.embeddings.astype(np.float32)
    scores = units.theme_scores.astype(np.float32)
    themes = scores / np.maximum(np.linalg.norm(scores, axis=1, keepdims=True), 1e-9)
    languages = np.array(units.languages)
    cosine = embeddings @ embeddings.T
    theme_cosine = themes @ themes.T
    same_language = (languages[:, None] == languages[None, :]).astype(np.float32)
    top = scores.argmax(axis=1)
    yield "embedding_cosine", cosine
    yield "theme_cosine", theme_cosine
    yield "same_language", same_language
    yield "embedding_cosine_if_same_language", cosine * same_language
    yield "embedding_x_theme_cosine", cosine * theme_cosine
    yield "same_top_theme", (top[:, None] == top[None, :]).astype(np.float32)


def same_need_logits(
    units: Units, weights: Sequence[float] = PAIR_WEIGHTS, intercept: float = PAIR_INTERCEPT
) -> np.ndarray:
    """Log-odds that each pair of units expresses the same need."""
    n = len(units.texts)
    logits = np.full((n, n), intercept, dtype=np.float32)
    for weight, (_, matrix) in zip(weights, pair_features(units), strict=True):
        logits += np.float32(weight) * matrix
    return logits


def _cluster(probability: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage cluster labels, cutting at distance = 1 - same-need probability."""
    if len(probability) == 1:
        return np.array([1])
    distance = 1.0 - probability.astype(np.float64)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, t=threshold, criterion="distance")


def _describe(units: Units, labels: np.ndarray, model: ThemeClassifier, min_respondents: int):
    """Build Need records (id, label, terms, quotes) and each unit's need id."""
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    document_frequency = Counter(
        term
        for indices in members.values()
        for term in {t for i in indices for t in units.content_lemmas[i]}
    )
    thresholds = np.array([model.thresholds_[t] for t in model.classes_])
    needs, unit_need = [], [""] * len(units.texts)
    for indices in members.values():
        centroid = units.embeddings[indices].mean(axis=0)
        closeness = units.embeddings[indices] @ centroid
        medoid = indices[int(np.argmax(closeness))]
        need_id = (
            "need-"
            + hashlib.sha1(
                "\n".join(
                    sorted(f"{units.respondents[i]}\t{units.texts[i]}" for i in indices)
                ).encode()
            ).hexdigest()[:8]
        )
        mean_scores = units.theme_scores[indices].mean(axis=0)
        ranked = np.argsort(-mean_scores, kind="stable")
        themes = [str(model.classes_[j]) for j in ranked if mean_scores[j] >= thresholds[j]]
        quotes = {}
        for language in sorted({units.languages[i] for i in indices}):
            in_language = [i for i in indices if units.languages[i] == language]
            best = max(in_language, key=lambda i: (float(units.embeddings[i] @ centroid), -i))
            quotes[language] = units.texts[best]
        respondents = len({units.respondents[i] for i in indices})
        needs.append(
            Need(
                id=need_id,
                label=units.texts[medoid],
                key_terms=_key_terms(
                    [units.content_lemmas[i] for i in indices], document_frequency, len(members)
                ),
                themes=themes or [str(model.classes_[ranked[0]])],
                respondents=respondents,
                answers=len({units.answer_index[i] for i in indices}),
                languages=sorted({units.languages[i] for i in indices}),
                recurrence=RECURRING if respondents >= min_respondents else ONE_OFF,
                quotes=quotes,
            )
        )
        for i in indices:
            unit_need[i] = need_id
    needs.sort(key=lambda n: (n.recurrence != RECURRING, -n.respondents, -n.answers, n.label, n.id))
    return needs, unit_need


def _key_terms(term_lists, document_frequency: Counter, clusters: int, top: int = 5) -> list[str]:
    """The need's most distinctive content lemmas (frequency x inverse need frequency)."""
    counts = Counter(term for terms in term_lists for term in terms if len(term) > 2)
    weight = {
        term: count * np.log(1 + clusters / document_frequency[term])
        for term, count in counts.items()
    }
    return [t for t, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
