"""Scoring a model on labeled answers: the figures `classifier evaluate` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support

from ..vocab import normalize_declared, split_ids

if TYPE_CHECKING:
    from .estimator import ThemeClassifier


def evaluate_model(model: ThemeClassifier, data: pd.DataFrame) -> dict:
    """Micro/macro F1, per-theme precision/recall/F1, per-language micro-F1, stance accuracy.

    `data` has the training schema (`text`, `themes`, optional `language`,
    `respondent`, `stance`). Per-language figures group answers by the gold
    `language` column where it names a language (`FR`, `español` as `fr`, `es`),
    otherwise by the detected language. Macro-F1 averages the themes the file has
    answers for (a theme absent from it was not measured, so it is no 0); micro-F1
    of answers that have no theme and get none is 1 (every answer is right).
    """
    texts = data["text"].tolist()
    declared = data["language"].tolist() if "language" in data else None
    respondents = data["respondent"].tolist() if "respondent" in data else None
    predictions = model.predict(texts, languages=declared, respondents=respondents)
    classes = [str(c) for c in model.classes_]
    truth = np.array([[t in split_ids(v) for t in classes] for v in data["themes"]], dtype=int)
    guess = np.array([[t in p.themes for t in classes] for p in predictions], dtype=int)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, guess, average=None, zero_division=0
    )
    groups = (
        [
            normalize_declared(v) or p.language
            for v, p in zip(data["language"], predictions, strict=True)
        ]
        if "language" in data
        else [p.language for p in predictions]
    )
    per_language = {}
    for language in sorted(set(groups)):
        rows = [i for i, g in enumerate(groups) if g == language]
        per_language[language] = {
            "micro_f1": _round(
                f1_score(truth[rows], guess[rows], average="micro", zero_division=1.0)
            ),
            "answers": len(rows),
        }
    micro = _round(f1_score(truth, guess, average="micro", zero_division=1.0))
    stance_accuracy = None
    if "stance" in data and model.stance_model_ is not None:
        pairs = [
            (gold, p.stance)
            for gold, p in zip(data["stance"], predictions, strict=True)
            if isinstance(gold, str) and gold
        ]
        if pairs:
            stance_accuracy = _round(sum(g == s for g, s in pairs) / len(pairs))
    return {
        "answers": len(texts),
        "micro_f1": micro,
        "macro_f1": _round(f1[support > 0].mean()) if (support > 0).any() else micro,
        "per_theme": {
            theme: {
                "precision": _round(precision[j]),
                "recall": _round(recall[j]),
                "f1": _round(f1[j]),
                "support": int(support[j]),
            }
            for j, theme in enumerate(classes)
        },
        "per_language": per_language,
        "stance_accuracy": stance_accuracy,
    }


def _round(value: float) -> float:
    return round(float(value), 4)


def format_metrics(metrics: dict) -> str:
    """The metrics as a readable plain-text report."""
    lines = [
        f"answers: {metrics['answers']}",
        f"micro-F1: {metrics['micro_f1']:.3f}   macro-F1: {metrics['macro_f1']:.3f}",
        "stance accuracy: "
        + ("n/a" if metrics["stance_accuracy"] is None else f"{metrics['stance_accuracy']:.3f}"),
        "",
        f"{'theme':24s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'support':>8s}",
    ]
    for theme, row in metrics["per_theme"].items():
        lines.append(
            f"{theme:24s} {row['precision']:9.3f} {row['recall']:7.3f} "
            f"{row['f1']:6.3f} {row['support']:8d}"
        )
    lines += ["", f"{'language':10s} {'micro-F1':>8s} {'answers':>8s}"]
    for language, row in metrics["per_language"].items():
        lines.append(f"{language:10s} {row['micro_f1']:8.3f} {row['answers']:8d}")
    return "\n".join(lines)
