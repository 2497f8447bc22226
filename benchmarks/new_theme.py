"""A theme added with a good description and few examples: does the codebook's knowledge help?

    python benchmarks/new_theme.py [--json FIGURES.json] [--jobs 2]

The 45 team-written `climate_justice` answers of tests/data (15 per language,
one respondent each) are cut in three folds, five per language each (by id:
the first, second and last five of each language; the last fold is the split
of the benchmark's first version). For each fold, a codebook with the new
theme (labels in en / fr / es and a description,
benchmarks/data/climate_theme.yaml) trains on the training split plus the 30
other climate answers, once with the codebook block (codebook_weight 1.0, the
default) and once without it (0.0, as before). Scored: `climate_justice` on the
fold's 15 held-out climate answers together with the test split (which has
none, so false positives count), and micro-F1 of the other themes on the test
split; per fold, and pooled over the folds (F1 from the summed true positives,
false positives and misses: 45 held-out answers instead of 15, where one
answer moves recall by 0.022 instead of 0.067).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from joblib import Parallel, delayed
from sklearn.metrics import f1_score

from classifier import Codebook, ThemeClassifier
from classifier.vocab import split_ids

ROOT = Path(__file__).resolve().parent.parent
NEW = "climate_justice"
FOLDS = 3
WEIGHTS = (1.0, 0.0)


def codebook() -> Codebook:
    spec = Codebook.load().to_dict()
    spec["themes"].append(
        yaml.safe_load(
            (ROOT / "benchmarks" / "data" / "climate_theme.yaml").read_text(encoding="utf-8")
        )
    )
    spec["name"], spec["version"] = "consultation-climate", 1
    return Codebook.from_dict(spec, "codebook with climate_justice")


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def score_fold(weight: float, fold: int) -> tuple[dict, dict[str, int]]:
    """Train with `codebook_weight=weight` without the fold's held-out climate answers;
    (the fold's figures, its counts of true positives, false positives and misses)."""
    train, test = read(ROOT / "data/labeled/train.csv"), read(ROOT / "data/labeled/test.csv")
    climate = read(ROOT / "tests/data/new_theme_climate.csv").sort_values("id")
    held = climate[climate.groupby("language").cumcount() // 5 == fold]
    examples = climate.drop(held.index)
    scored = pd.concat([held, test], ignore_index=True)
    data = pd.concat([train, examples], ignore_index=True)
    model = ThemeClassifier(codebook=codebook(), codebook_weight=weight).fit(
        data["text"].tolist(),
        data["themes"].tolist(),
        stances=data["stance"].tolist(),
        languages=data["language"].tolist(),
    )
    predictions = model.predict(scored["text"].tolist(), languages=scored["language"].tolist())
    truth = np.array([NEW in split_ids(v) for v in scored["themes"]])
    guess = np.array([NEW in p.themes for p in predictions])
    others = [t for t in model.classes_ if t != NEW]
    gold = [[t in split_ids(v) for t in others] for v in test["themes"]]
    got = [[t in p.themes for t in others] for p in predictions[len(held) :]]
    counts = {
        "tp": int((guess & truth).sum()),
        "fp": int((guess & ~truth).sum()),
        "fn": int((~guess & truth).sum()),
    }
    figures = {
        "held_out_ids": held["id"].tolist(),
        "climate_f1": round(float(f1_score(truth, guess, zero_division=0)), 3),
        "climate_recall": round(float(guess[truth].mean()), 3),
        "climate_false_positives": counts["fp"],
        "other_themes_micro_f1": round(float(f1_score(gold, got, average="micro")), 3),
    }
    print(f"codebook weight {weight}, fold {fold}: {figures}", flush=True)
    return figures, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--jobs", type=int, default=1, help="trainings run side by side")
    args = parser.parse_args()
    runs = [(weight, fold) for weight in WEIGHTS for fold in range(FOLDS)]
    results = dict(
        zip(
            runs, Parallel(n_jobs=args.jobs)(delayed(score_fold)(*run) for run in runs), strict=True
        )
    )
    figures: dict[str, dict] = {}
    for weight in WEIGHTS:
        folds = [results[weight, fold] for fold in range(FOLDS)]
        tp, fp, fn = (sum(counts[k] for _, counts in folds) for k in ("tp", "fp", "fn"))
        figures[f"codebook_weight_{weight}"] = {
            "pooled": {
                "climate_f1": round(2 * tp / (2 * tp + fp + fn), 3),
                "climate_recall": round(tp / (tp + fn), 3),
                "climate_false_positives": fp,
                "held_out_answers": tp + fn,
                "other_themes_micro_f1_mean": round(
                    float(np.mean([f["other_themes_micro_f1"] for f, _ in folds])), 3
                ),
            },
            "folds": [f for f, _ in folds],
        }
        print(f"codebook weight {weight}: {figures[f'codebook_weight_{weight}']['pooled']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
