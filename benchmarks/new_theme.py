"""A theme added with a good description and few examples: does the codebook's knowledge help?

    python benchmarks/new_theme.py [--json FIGURES.json]

The 45 team-written `climate_justice` answers of tests/data (15 per language)
are split by respondent: 10 per language train, 5 per language are held out.
A codebook with the new theme (labels in en / fr / es and a description,
benchmarks/data/climate_theme.yaml) trains on the training split plus the 30
examples, once with the codebook block (codebook_weight 1.0, the default) and
once without it (0.0, as before). Scored: F1 of `climate_justice` on the 15
held-out climate answers together with the test split (which has none, so
false positives count), and micro-F1 of the other themes on the test split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import f1_score

from classifier import Codebook, ThemeClassifier
from classifier.vocab import split_ids

ROOT = Path(__file__).resolve().parent.parent
NEW = "climate_justice"


def codebook() -> Codebook:
    spec = Codebook.load().to_dict()
    spec["themes"].append(
        yaml.safe_load(
            (ROOT / "benchmarks" / "data" / "climate_theme.yaml").read_text(encoding="utf-8")
        )
    )
    spec["name"], spec["version"] = "consultation-climate", 1
    return Codebook.from_dict(spec, "codebook with climate_justice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    read = lambda path: pd.read_csv(path, dtype=str, keep_default_na=False)  # noqa: E731
    train, test = read(ROOT / "data/labeled/train.csv"), read(ROOT / "data/labeled/test.csv")
    climate = read(ROOT / "tests/data/new_theme_climate.csv").sort_values("id")
    held = climate.groupby("language").tail(5)
    examples = climate.drop(held.index)
    scored = pd.concat([held, test], ignore_index=True)
    figures = {}
    for weight in (1.0, 0.0):
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
        figures[f"codebook_weight_{weight}"] = {
            "climate_f1": round(float(f1_score(truth, guess, zero_division=0)), 3),
            "climate_recall": round(float(guess[truth].mean()), 3),
            "climate_false_positives": int((guess & ~truth).sum()),
            "other_themes_micro_f1": round(float(f1_score(gold, got, average="micro")), 3),
        }
        print(f"codebook weight {weight}: {figures[f'codebook_weight_{weight}']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
