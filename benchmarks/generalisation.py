"""Themes on answers unlike the training data: unseen sub-topics, unseen batches, respondents.

    python benchmarks/generalisation.py [--json FIGURES.json] [--folds 5] [--param C=10 ...]
                                        [--random-threshold-folds] [--model MODEL]

Three measures, each with models trained as `classifier train` trains them
(themes and stances; `--param name=value` overrides a ThemeClassifier
parameter, to compare settings):

- **respondent split**: trained on train.csv, scored on test.csv;
- **unseen sub-topics**: grouped cross-validation over train.csv and test.csv
  where every sub-topic (`subtopic` column) is held out whole, so the scored
  answers are about things absent from training (non-substantive answers form
  their own group); out-of-fold predictions of every answer are scored
  together;
- **unseen-topic batches**: trained on train.csv, scored on
  unseen_topics.csv (writing batches held out entirely, about topics the rest
  of the corpus rarely covers).

Each gives micro-F1 overall and per language, F1 per theme and language, and
the share of substantive answers (praise, request or criticism of 3+ words)
left without a theme. Run with `--param fallback_floor=null`, the grouped
cross-validation also chooses the fallback floor: the best score from which a
substantive answer without a theme gets its best theme (marked low
confidence), as the value that maximises out-of-fold micro-F1.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from classifier import ThemeClassifier
from classifier.model.thresholds import is_substantive
from classifier.vocab import LANGUAGES, split_ids

LABELED = Path(__file__).resolve().parent.parent / "data" / "labeled"
# Test answers of earlier corpora, to compare with earlier models: h1-h28 (before the batches
# of 2026-12) and h1-h36 (before the batches that gave thin needs more examples).
EARLIER_CORPORA = {"h1_h28": 28, "h1_h36": 36}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(LABELED / name, dtype=str, keep_default_na=False)


def fit(frame: pd.DataFrame, params: dict, grouped: bool = True) -> ThemeClassifier:
    """A model trained as `classifier train` trains it (thresholds chosen with each sub-topic
    held out, unless `grouped` is False: the random folds of classifier 0.2)."""
    return ThemeClassifier(**params).fit(
        frame["text"].tolist(),
        frame["themes"].tolist(),
        stances=frame["stance"].tolist(),
        languages=frame["language"].tolist(),
        respondents=frame["respondent"].tolist(),
        groups=frame["subtopic"].tolist() if grouped else None,
    )


def predict(model: ThemeClassifier, frame: pd.DataFrame):
    return model.predict(frame["text"].tolist(), languages=frame["language"].tolist())


def figures(frame: pd.DataFrame, predictions, classes) -> dict:
    """Micro-F1 overall and per language, F1 per theme and language, answers without theme."""
    truth = np.array([[t in split_ids(v) for t in classes] for v in frame["themes"]], dtype=int)
    guess = np.array([[t in p.themes for t in classes] for p in predictions], dtype=int)
    languages = frame["language"].to_numpy()
    result = {
        "answers": len(frame),
        "micro_f1": round(float(f1_score(truth, guess, average="micro", zero_division=0)), 4),
        "per_language": {},
        "per_theme": {},
    }
    for language in LANGUAGES:
        rows = languages == language
        result["per_language"][language] = round(
            float(f1_score(truth[rows], guess[rows], average="micro", zero_division=0)), 4
        )
    for j, theme in enumerate(classes):
        result["per_theme"][str(theme)] = {
            language: round(
                float(
                    f1_score(
                        truth[languages == language, j],
                        guess[languages == language, j],
                        zero_division=0,
                    )
                ),
                4,
            )
            for language in LANGUAGES
        }
    substantive = [
        is_substantive(text, stance)
        for text, stance in zip(frame["text"], frame["stance"], strict=True)
    ]
    without = [s and not p.themes for s, p in zip(substantive, predictions, strict=True)]
    result["substantive_without_theme"] = round(sum(without) / max(1, sum(substantive)), 4)
    result["low_confidence"] = round(
        float(np.mean([getattr(p, "low_confidence", False) for p in predictions])), 4
    )
    return result


def grouped_cv(corpus: pd.DataFrame, params: dict, folds: int, grouped: bool = True):
    """Out-of-fold predictions with every sub-topic held out whole, and the fold models."""
    predictions = [None] * len(corpus)
    splitter = GroupKFold(n_splits=folds)
    for k, (train_rows, test_rows) in enumerate(
        splitter.split(corpus, groups=corpus["subtopic"].to_numpy())
    ):
        started = time.perf_counter()
        model = fit(corpus.iloc[train_rows], params, grouped)
        for row, prediction in zip(test_rows, predict(model, corpus.iloc[test_rows]), strict=True):
            predictions[row] = prediction
        print(
            f"fold {k}: {len(train_rows)} training answers, {len(test_rows)} held out, "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return predictions, model.classes_


def choose_floor(corpus: pd.DataFrame, predictions, classes) -> dict[float, float]:
    """Out-of-fold micro-F1 for each candidate floor of the fallback (predictions made
    without it): a substantive answer without a theme gets its best theme when its score
    reaches the floor."""
    truth = np.array([[t in split_ids(v) for t in classes] for v in corpus["themes"]], dtype=int)
    substantive = [
        is_substantive(text, stance)
        for text, stance in zip(corpus["text"], corpus["stance"], strict=True)
    ]
    results = {}
    for floor in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1.01):
        guess = np.array([[t in p.themes for t in classes] for p in predictions], dtype=int)
        for i, (prediction, wanted) in enumerate(zip(predictions, substantive, strict=True)):
            best = max(prediction.scores, key=prediction.scores.get)
            if wanted and not prediction.themes and prediction.scores[best] >= floor:
                guess[i, list(classes).index(best)] = 1
        results[floor] = round(float(f1_score(truth, guess, average="micro", zero_division=0)), 4)
        print(f"fallback floor {floor}: out-of-fold micro-F1 {results[floor]:.4f}", flush=True)
    return results


def earlier_corpora(measure: str, frame: pd.DataFrame, predictions, classes) -> dict:
    """The figures of `measure` on the answers of each earlier corpus (EARLIER_CORPORA)."""
    batch = frame["id"].str.split("-").str[0].str[1:].astype(int)
    result = {}
    for name, last in EARLIER_CORPORA.items():
        kept = (batch <= last).to_numpy()
        key = f"{measure}_{name}"
        result[key] = figures(
            frame[kept], [p for p, keep in zip(predictions, kept, strict=True) if keep], classes
        )
        show(f"{measure}, answers of batches {name}", result[key])
    return result


def show(name: str, result: dict) -> None:
    languages = " / ".join(f"{result['per_language'][lang]:.3f}" for lang in LANGUAGES)
    weakest = sorted(
        (
            (f1, theme, lang)
            for theme, row in result["per_theme"].items()
            for lang, f1 in row.items()
        ),
    )[:3]
    print(
        f"{name}: micro-F1 {result['micro_f1']:.3f} (fr / en / es {languages}); substantive "
        f"answers without a theme {result['substantive_without_theme']:.1%}; weakest "
        + ", ".join(f"{t} {lang} {f1:.2f}" for f1, t, lang in weakest),
        flush=True,
    )


def parse_params(values: list[str]) -> dict:
    params = {}
    for value in values:
        name, _, raw = value.partition("=")
        params[name] = json.loads(raw) if raw not in ("None",) else None
    return params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--param", action="append", default=[], help="ThemeClassifier name=value")
    parser.add_argument("--model", type=Path, help="score this saved model (trained on train.csv)")
    parser.add_argument("--only", choices=["respondent", "grouped", "unseen"], action="append")
    parser.add_argument(
        "--random-threshold-folds",
        action="store_true",
        help="choose thresholds on random folds, as classifier 0.2 did (for comparison)",
    )
    args = parser.parse_args()
    params = parse_params(args.param)
    train, test = read("train.csv"), read("test.csv")
    only = set(args.only or ["respondent", "grouped", "unseen"])
    result: dict = {"params": params}
    if only & {"respondent", "unseen"}:
        if args.model:
            model = ThemeClassifier.load(args.model)
            result["model"] = str(args.model)
        else:
            model = fit(train, params, not args.random_threshold_folds)
        if "respondent" in only:
            predictions = predict(model, test)
            result["respondent_split"] = figures(test, predictions, model.classes_)
            show("respondent split", result["respondent_split"])
            result |= earlier_corpora("respondent_split", test, predictions, model.classes_)
        unseen_path = LABELED / "unseen_topics.csv"
        if "unseen" in only and unseen_path.exists():
            unseen = read("unseen_topics.csv")
            result["unseen_topic_batches"] = figures(unseen, predict(model, unseen), model.classes_)
            show("unseen-topic batches", result["unseen_topic_batches"])
    if "grouped" in only:
        corpus = pd.concat([train, test], ignore_index=True)
        predictions, classes = grouped_cv(
            corpus, params, args.folds, not args.random_threshold_folds
        )
        result["unseen_subtopics"] = figures(corpus, predictions, classes)
        result |= earlier_corpora("unseen_subtopics", corpus, predictions, classes)
        if params.get("fallback_floor", "unset") is None:
            floors = choose_floor(corpus, predictions, classes)
            result["fallback_floors"] = {str(k): v for k, v in floors.items()}
            result["chosen_floor"] = max(floors, key=lambda f: (floors[f], f))
        show("unseen sub-topics (grouped CV)", result["unseen_subtopics"])
        if "respondent_split" in result:
            result["gap"] = round(
                result["respondent_split"]["micro_f1"] - result["unseen_subtopics"]["micro_f1"], 4
            )
            print(f"gap respondent split - unseen sub-topics: {result['gap']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
