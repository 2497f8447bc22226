"""Learning curve: test-split micro-F1 with 10 %, 25 %, 50 % and 100 % of the training data.

    python benchmarks/learning_curve.py [--shares 0.1 0.25 0.5 1] [--json FIGURES.json]

Subsets are drawn by respondent (seeded), so a respondent's answers stay
together, and each model is trained with the default parameters.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from classifier import ThemeClassifier
from classifier.model.evaluation import evaluate_model

LABELED = Path(__file__).resolve().parent.parent / "data" / "labeled"
SHARES = (0.10, 0.25, 0.50, 1.00)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=float, nargs="+", default=list(SHARES))
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    figures = []
    train = pd.read_csv(LABELED / "train.csv", dtype=str, keep_default_na=False)
    test = pd.read_csv(LABELED / "test.csv", dtype=str, keep_default_na=False)
    respondents = np.array(sorted(train["respondent"].unique()))
    order = np.random.RandomState(0).permutation(len(respondents))
    print(
        f"{'share':>6s} {'answers':>8s} {'micro-F1':>9s} {'macro-F1':>9s} {'stance':>7s} "
        f"{'seconds':>8s}"
    )
    for share in args.shares:
        chosen = set(respondents[order[: max(1, round(share * len(respondents)))]])
        subset = train[train["respondent"].isin(chosen)]
        start = time.perf_counter()
        model = ThemeClassifier().fit(
            subset["text"].tolist(),
            subset["themes"].tolist(),
            stances=subset["stance"].tolist(),
            languages=subset["language"].tolist(),
            respondents=subset["respondent"].tolist(),
            groups=subset["subtopic"].tolist(),
        )
        seconds = time.perf_counter() - start
        metrics = evaluate_model(model, test)
        print(
            f"{share:6.0%} {len(subset):8d} {metrics['micro_f1']:9.3f} "
            f"{metrics['macro_f1']:9.3f} {metrics['stance_accuracy']:7.3f} {seconds:8.1f}",
            flush=True,
        )
        figures.append(
            {
                "share": share,
                "answers": len(subset),
                "micro_f1": round(metrics["micro_f1"], 4),
                "macro_f1": round(metrics["macro_f1"], 4),
                "stance_accuracy": round(metrics["stance_accuracy"], 4),
                "seconds": round(seconds, 1),
            }
        )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
