"""Recurring needs: clustering quality on the labeled `need` column, and speed.

    python benchmarks/needs.py            # test split, default settings
    python benchmarks/needs.py --tune     # fit the pair model and threshold on the TRAINING split

The answers are tagged by the shipped model (predicted stance decides which
answers ask something), grouped by `find_needs`, and compared with the gold
`need` column of the answers that have one:
- B-cubed precision / recall / F1 of answers into needs (an answer's predicted
  need is its largest need; an answer the tool saw as asking nothing is a
  singleton);
- one-off detection: precision / recall of `recurrence == "one-off"` against
  gold needs raised by one respondent of the split;
- cross-lingual: among gold needs of 2+ respondents spanning 2+ languages,
  the share whose answers all land in one predicted need.
- speed: 5,000 answers (sampled with replacement, seeded) grouped, in seconds.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from classifier import ThemeClassifier
from classifier.needs import PAIR_FEATURES, collect_units, find_needs, group_units, pair_features

LABELED = Path(__file__).resolve().parent.parent / "data" / "labeled"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(LABELED / name, dtype=str, keep_default_na=False)


def scores(frame: pd.DataFrame, result) -> dict:
    columns = result.answer_columns()
    gold_rows = [i for i, need in enumerate(frame["need"]) if need]
    gold = {i: frame["need"].iloc[i].split(";")[0] for i in gold_rows}
    predicted = {i: (result.answer_needs[i][0] if result.answer_needs[i] else f"single-{i}")
                 for i in gold_rows}
    gold_size, pred_size = Counter(gold.values()), Counter(predicted.values())
    both = Counter((gold[i], predicted[i]) for i in gold_rows)
    precision = sum(both[(gold[i], predicted[i])] / pred_size[predicted[i]] for i in gold_rows)
    recall = sum(both[(gold[i], predicted[i])] / gold_size[gold[i]] for i in gold_rows)
    precision, recall = precision / len(gold_rows), recall / len(gold_rows)
    respondents = frame.iloc[gold_rows].groupby(frame["need"].iloc[gold_rows].str.split(";").str[0])
    gold_respondents = respondents["respondent"].nunique()
    gold_languages = respondents["language"].nunique()
    truth_one_off = {i: gold_respondents[gold[i]] == 1 for i in gold_rows}
    said_one_off = {i: columns["recurrence"][i] == "one-off" for i in gold_rows}
    tp = sum(truth_one_off[i] and said_one_off[i] for i in gold_rows)
    cross = [n for n in gold_respondents.index
             if gold_respondents[n] >= 2 and gold_languages[n] >= 2]
    recovered = sum(len({predicted[i] for i in gold_rows if gold[i] == n}) == 1 for n in cross)
    return {
        "bcubed_precision": precision, "bcubed_recall": recall,
        "bcubed_f1": 2 * precision * recall / (precision + recall),
        "one_off_precision": tp / max(1, sum(said_one_off.values())),
        "one_off_recall": tp / max(1, sum(truth_one_off.values())),
        "cross_lingual_recovered": recovered / max(1, len(cross)),
        "cross_lingual_needs": len(cross),
        "answers": len(gold_rows),
    }


def show(name: str, figures: dict) -> None:
    print(f"{name}: B-cubed P {figures['bcubed_precision']:.3f} R {figures['bcubed_recall']:.3f} "
          f"F1 {figures['bcubed_f1']:.3f} | one-off P {figures['one_off_precision']:.3f} "
          f"R {figures['one_off_recall']:.3f} | cross-lingual needs recovered "
          f"{figures['cross_lingual_recovered']:.3f} of {figures['cross_lingual_needs']} "
          f"| {figures['answers']} answers with a gold need", flush=True)


def tune(model) -> None:
    """Fit the same-need pair model and choose the threshold on the training split."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    frame = read("train.csv")
    predictions = model.predict(frame["text"].tolist(), languages=frame["language"].tolist())
    units = collect_units(model, frame["text"].tolist(), [p.stance for p in predictions],
                          [p.language for p in predictions], frame["respondent"].tolist())
    gold = np.array([frame["need"].iloc[a].split(";")[0] for a in units.answer_index])
    respondents = np.array(units.respondents)
    upper = np.triu_indices(len(gold), 1)
    features = np.stack([m[upper] for _, m in pair_features(units)], axis=1)
    same = (gold[:, None] == gold[None, :])[upper]
    other = (respondents[:, None] != respondents[None, :])[upper]
    features, same = features[other], same[other]
    rng = np.random.RandomState(0)
    positives = np.flatnonzero(same)
    negatives = rng.choice(np.flatnonzero(~same), 50 * len(positives), replace=False)
    chosen = np.concatenate([positives, negatives])
    pair_model = LogisticRegression(C=1.0, max_iter=1000).fit(features[chosen], same[chosen])
    weights = [round(float(w), 2) for w in pair_model.coef_[0]]
    intercept = round(float(pair_model.intercept_[0]), 2)
    print("PAIR_FEATURES =", PAIR_FEATURES)
    print("PAIR_WEIGHTS =", tuple(weights), " PAIR_INTERCEPT =", intercept)
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.35, 0.45):
        result = group_units(units, model, distance_threshold=threshold, weights=weights,
                             intercept=intercept)
        show(f"train, threshold {threshold}", scores(frame, result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid search on the training split")
    args = parser.parse_args()
    model = ThemeClassifier.load()
    if args.tune:
        tune(model)
        return
    frame = read("test.csv")
    tagged = model.tag(frame, text_column="text", language_column="language")
    show("test split", scores(frame, find_needs(tagged, model=model)))
    corpus = pd.concat([read("train.csv"), frame])
    sample = corpus.sample(5000, replace=True, random_state=0).reset_index(drop=True)
    sample["text"] = [f"{t} ({i % 7})" if i >= len(corpus) else t
                      for i, t in enumerate(sample["text"])]
    tagged = model.tag(sample, text_column="text", language_column="language")
    start = time.perf_counter()
    result = find_needs(tagged, model=model)
    print(f"speed: {len(sample)} answers grouped in {time.perf_counter() - start:.1f} s "
          f"({len(result.needs)} needs)")


if __name__ == "__main__":
    main()
