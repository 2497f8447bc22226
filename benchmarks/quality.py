"""Quality on the project test split, and cross-lingual transfer.

    python benchmarks/quality.py [--model PATH]

1. The model (default: the shipped one) on data/labeled/test.csv: micro-F1,
   macro-F1, micro-F1 per language, stance accuracy (targets: 0.85, 0.80,
   0.80 each, 0.85).
2. Cross-lingual transfer: a model trained on the English training rows only,
   scored on the French and Spanish test rows, beside a model trained on all
   training rows scored on the same rows; the difference is the drop.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from classifier import ThemeClassifier
from classifier.model.evaluation import evaluate_model, format_metrics

LABELED = Path(__file__).resolve().parent.parent / "data" / "labeled"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(LABELED / name, dtype=str, keep_default_na=False)


def train(frame: pd.DataFrame) -> ThemeClassifier:
    return ThemeClassifier().fit(
        frame["text"].tolist(),
        frame["themes"].tolist(),
        stances=frame["stance"].tolist(),
        languages=frame["language"].tolist(),
        respondents=frame["respondent"].tolist(),
        groups=frame["subtopic"].tolist(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped model)")
    args = parser.parse_args()
    train_frame, test_frame = read("train.csv"), read("test.csv")

    model = ThemeClassifier.load(args.model)
    print("== test split ==")
    print(format_metrics(evaluate_model(model, test_frame)))

    print("\n== cross-lingual: train on English only, test on French and Spanish ==")
    english = train(train_frame[train_frame["language"] == "en"])
    full = train(train_frame)
    print(f"{'test rows':10s} {'all-language model':>19s} {'English-only model':>19s} {'drop':>7s}")
    for language in ("fr", "es"):
        rows = test_frame[test_frame["language"] == language]
        a = evaluate_model(full, rows)["micro_f1"]
        b = evaluate_model(english, rows)["micro_f1"]
        print(f"{language:10s} {a:19.3f} {b:19.3f} {a - b:7.3f}")
    rows = test_frame[test_frame["language"] == "en"]
    print(
        f"{'en':10s} {evaluate_model(full, rows)['micro_f1']:19.3f} "
        f"{evaluate_model(english, rows)['micro_f1']:19.3f}   (reference)"
    )


if __name__ == "__main__":
    main()
