"""Scoring a model on labeled answers: the figures `classifier evaluate` prints."""

from __future__ import annotations

from collections.abc import Mapping
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


def format_metrics(metrics: Mapping, deltas: Mapping | None = None) -> str:
    """The metrics as a readable plain-text report. With `deltas` (a registry card's,
    against the version it was compared with: `registry.deltas`), each figure's change
    follows it, so that staff see which themes and languages a version won or lost. A
    figure the metrics lack (a card registered from Python may carry its micro-F1 only)
    shows as n/a."""
    change = {} if deltas is None else deltas
    # null in a card edited by hand: no change known
    themes = change.get("per_theme_f1") or {}
    languages = change.get("per_language_micro_f1") or {}
    delta_header = f" {'change':>7s}" if deltas is not None else ""
    lines = [
        f"answers: {count_text(metrics.get('answers'))}",
        f"micro-F1: {_with_delta(metrics, change, 'micro_f1')}   "
        f"macro-F1: {_with_delta(metrics, change, 'macro_f1')}",
        f"stance accuracy: {_with_delta(metrics, change, 'stance_accuracy')}",
        "",
        f"{'theme':24s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'support':>8s}{delta_header}",
    ]
    for theme, row in (metrics.get("per_theme") or {}).items():
        lines.append(
            f"{theme:24s} {_figure(row.get('precision'), 9)} {_figure(row.get('recall'), 7)} "
            f"{_figure(row.get('f1'), 6)} {count_text(row.get('support')):>8}"
            + (f" {_delta(themes.get(theme)):>7s}" if deltas is not None else "")
        )
    delta_header = f" {'change':>9s}" if deltas is not None else ""
    lines += ["", f"{'language':10s} {'micro-F1':>8s} {'answers':>8s}{delta_header}"]
    for language, row in (metrics.get("per_language") or {}).items():
        lines.append(
            f"{language:10s} {_figure(row.get('micro_f1'), 8)} {count_text(row.get('answers')):>8}"
            + (f" {_delta(languages.get(language)):>9s}" if deltas is not None else "")
        )
    return "\n".join(lines)


def _figure(value: object, width: int) -> str:
    """A figure to three decimals in `width` characters (0: as wide as it is), n/a when
    there is none."""
    return f"{value:{width}.3f}" if isinstance(value, int | float) else f"{'n/a':>{width}s}"


def count_text(value: object, missing: str = "n/a") -> str:
    """A count (answers, support, training rows) as written, `missing` when there is none
    (absent, or null in a card edited by hand)."""
    return missing if value is None else str(value)


def _delta(value: object) -> str:
    """A change with its sign (+0.012), n/a when there is none (a theme or language the
    version compared with was not scored on)."""
    return f"{value:+.3f}" if isinstance(value, int | float) else "n/a"


def _with_delta(metrics: Mapping, change: Mapping, name: str) -> str:
    """An overall figure, then its change in brackets when `change` has one."""
    shown = _figure(metrics.get(name), 0)
    return f"{shown} ({_delta(change[name])})" if name in change else shown
