"""Recurring needs: clustering quality on the labeled `need` column, and speed.

    python benchmarks/needs.py            # test split, default settings
    python benchmarks/needs.py --tune     # fit the pair model and threshold on the TRAINING split
    python benchmarks/needs.py --ceiling  # best one-off P/R the similarity allows (test split)

The answers are tagged by the shipped model (predicted stance decides which
answers ask something), grouped by `find_needs`, and compared with the gold
`need` column of the answers that have one:
- B-cubed precision / recall / F1 of answers into needs (an answer's predicted
  need is its largest need; an answer the tool saw as asking nothing is a
  singleton);
- one-off detection: precision / recall of `recurrence == "one-off"` against
  gold needs raised by one respondent of the split; and the precision of
  `recurring` (all, and answers whose need has 3+ respondents);
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
from classifier.needs.grouping import (
    PAIR_FEATURES,
    find_needs,
    group_units,
    pair_features,
    same_need_logits,
)
from classifier.needs.units import collect_units

LABELED = Path(__file__).resolve().parent.parent / "data" / "labeled"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(LABELED / name, dtype=str, keep_default_na=False)


def scores(frame: pd.DataFrame, result) -> dict:
    columns = result.answer_columns()
    gold_rows = [i for i, need in enumerate(frame["need"]) if need]
    gold = {i: frame["need"].iloc[i].split(";")[0] for i in gold_rows}
    predicted = {
        i: (result.answer_needs[i][0] if result.answer_needs[i] else f"single-{i}")
        for i in gold_rows
    }
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
    said_recurring = [i for i in gold_rows if columns["recurrence"][i] == "recurring"]
    said_three = [i for i in said_recurring if columns["need_respondents"][i] >= 3]
    cross = [
        n for n in gold_respondents.index if gold_respondents[n] >= 2 and gold_languages[n] >= 2
    ]
    recovered = sum(len({predicted[i] for i in gold_rows if gold[i] == n}) == 1 for n in cross)
    return {
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": 2 * precision * recall / (precision + recall),
        "one_off_precision": tp / max(1, sum(said_one_off.values())),
        "one_off_recall": tp / max(1, sum(truth_one_off.values())),
        "recurring_precision": sum(not truth_one_off[i] for i in said_recurring)
        / max(1, len(said_recurring)),
        "recurring_3_precision": sum(not truth_one_off[i] for i in said_three)
        / max(1, len(said_three)),
        "cross_lingual_recovered": recovered / max(1, len(cross)),
        "cross_lingual_needs": len(cross),
        "answers": len(gold_rows),
    }


def show(name: str, figures: dict) -> None:
    print(
        f"{name}: B-cubed P {figures['bcubed_precision']:.3f} R {figures['bcubed_recall']:.3f} "
        f"F1 {figures['bcubed_f1']:.3f} | one-off P {figures['one_off_precision']:.3f} "
        f"R {figures['one_off_recall']:.3f} | recurring P {figures['recurring_precision']:.3f} "
        f"(3+ respondents {figures['recurring_3_precision']:.3f}) | cross-lingual needs "
        f"recovered {figures['cross_lingual_recovered']:.3f} "
        f"of {figures['cross_lingual_needs']:.0f} "
        f"| {figures['answers']:.0f} answers with a gold need",
        flush=True,
    )


def predicted_units(model, frame: pd.DataFrame):
    """Predicted stances and languages of `frame`'s answers, and the units they ask."""
    predictions = model.predict(frame["text"].tolist(), languages=frame["language"].tolist())
    stances = [p.stance for p in predictions]
    languages = [p.language for p in predictions]
    return (
        stances,
        languages,
        collect_units(
            model, frame["text"].tolist(), stances, languages, frame["respondent"].tolist()
        ),
    )


def respondent_fold(respondent: str, folds: int) -> int:
    """The part (0 .. folds-1) a respondent falls in: a hash, so deterministic."""
    import hashlib

    return int(hashlib.sha1(respondent.encode()).hexdigest(), 16) % folds


def fit_pair_model(units, gold, use) -> tuple[list[float], float]:
    """Pair-model weights and intercept fitted on the pairs of units `use` (a boolean mask)
    of different respondents: every same-need pair and 50 times as many others."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    respondents = np.array(units.respondents)
    upper = np.triu_indices(len(gold), 1)
    kept = ((respondents[:, None] != respondents[None, :]) & use[:, None] & use[None, :])[upper]
    features = np.stack([m[upper][kept] for _, m in pair_features(units)], axis=1)
    same = (gold[:, None] == gold[None, :])[upper][kept]
    rng = np.random.RandomState(0)
    positives = np.flatnonzero(same)
    negatives = rng.choice(np.flatnonzero(~same), 50 * len(positives), replace=False)
    chosen = np.concatenate([positives, negatives])
    pair_model = LogisticRegression(C=1.0, max_iter=1000).fit(features[chosen], same[chosen])
    return (
        [round(float(w), 2) for w in pair_model.coef_[0]],
        round(float(pair_model.intercept_[0]), 2),
    )


def tune(model, parts: int = 3) -> None:
    """Fit the same-need pair model and choose the threshold on the training split.

    The pair model's weights are fitted on every pair of units of the training
    split. The threshold is chosen out of fold: the training split is cut into
    `parts` parts by respondent, each about the size of the test split (how
    often a need recurs depends on how many people answered); each part is
    grouped with a pair model fitted on the other parts, and the threshold whose
    worst figure among B-cubed F1, one-off precision and one-off recall
    (averaged over the parts) is highest wins.
    """
    import numpy as np

    frame = read("train.csv")
    stances, languages, units = predicted_units(model, frame)
    gold = np.array([frame["need"].iloc[a].split(";")[0] for a in units.answer_index])
    unit_part = np.array([respondent_fold(r, parts) for r in units.respondents])
    weights, intercept = fit_pair_model(units, gold, np.ones(len(gold), dtype=bool))
    print("PAIR_FEATURES =", PAIR_FEATURES)
    print("PAIR_WEIGHTS =", tuple(weights), " PAIR_INTERCEPT =", intercept)

    held_out = []
    for k in range(parts):
        rows = [i for i, r in enumerate(frame["respondent"]) if respondent_fold(r, parts) == k]
        part = frame.iloc[rows].reset_index(drop=True)
        part_units = collect_units(
            model,
            part["text"].tolist(),
            [stances[i] for i in rows],
            [languages[i] for i in rows],
            part["respondent"].tolist(),
        )
        held_out.append((part, part_units, fit_pair_model(units, gold, unit_part != k)))
    results = {}
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        figures = [
            scores(
                part,
                group_units(
                    part_units,
                    model,
                    distance_threshold=threshold,
                    weights=part_weights,
                    intercept=part_intercept,
                ),
            )
            for part, part_units, (part_weights, part_intercept) in held_out
        ]
        results[threshold] = {key: float(np.mean([f[key] for f in figures])) for key in figures[0]}
        show(f"train, held-out parts (mean of {parts}), threshold {threshold}", results[threshold])
    best = max(
        results,
        key=lambda t: (
            min(
                results[t]["bcubed_f1"],
                results[t]["one_off_precision"],
                results[t]["one_off_recall"],
            ),
            -t,
        ),
    )
    print(f"DEFAULT_DISTANCE_THRESHOLD = {best}")


def ceiling(model) -> None:
    """Upper bound of one-off detection from the pair similarity alone, on the test split.

    Each answer is called one-off when its most similar unit of another
    respondent is below a cut-off; the cut-off is chosen ON THE TEST SPLIT to
    make the worse of precision and recall as high as possible. No grouping can
    separate one-off from recurring answers better than their similarities do,
    so this bounds what the similarity can give; it is a diagnostic, not a result.
    """
    import numpy as np

    frame = read("test.csv")
    _, _, units = predicted_units(model, frame)
    need = frame["need"].str.split(";").str[0]
    gold_rows = [i for i, n in enumerate(need) if n]
    need_respondents = frame.iloc[gold_rows].groupby(need.iloc[gold_rows])["respondent"].nunique()
    one_off = np.array([need_respondents[need[i]] == 1 for i in gold_rows])
    respondents = np.array(units.respondents)
    similarities = {
        "embedding cosine": units.embeddings @ units.embeddings.T,
        "pair model": same_need_logits(units),
    }
    print(f"{len(gold_rows)} test answers with a gold need, {one_off.mean():.3f} of them one-off")
    for name, similarity in similarities.items():
        similarity = np.where(respondents[:, None] == respondents[None, :], -np.inf, similarity)
        best = np.full(len(frame), -np.inf)
        np.maximum.at(best, units.answer_index, similarity.max(axis=1))
        asking = np.isin(gold_rows, units.answer_index)
        closest = best[gold_rows]
        bound = []
        for cut in np.unique(closest[asking]):
            said = asking & (closest < cut)
            hits = (said & one_off).sum()
            precision, recall = hits / max(1, said.sum()), hits / one_off.sum()
            bound.append((min(precision, recall), precision, recall))
        worst, precision, recall = max(bound)
        print(f"ceiling with {name}: one-off P {precision:.3f} R {recall:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid search on the training split")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="upper bound of one-off detection from the pair similarity alone",
    )
    args = parser.parse_args()
    model = ThemeClassifier.load()
    if args.tune:
        tune(model)
        return
    if args.ceiling:
        ceiling(model)
        return
    frame = read("test.csv")
    tagged = model.tag(frame, text_column="text", language_column="language")
    show("test split", scores(frame, find_needs(tagged, model=model)))
    corpus = pd.concat([read("train.csv"), frame])
    sample = corpus.sample(5000, replace=True, random_state=0).reset_index(drop=True)
    sample["text"] = [
        f"{t} ({i % 7})" if i >= len(corpus) else t for i, t in enumerate(sample["text"])
    ]
    tagged = model.tag(sample, text_column="text", language_column="language")
    start = time.perf_counter()
    result = find_needs(tagged, model=model)
    print(
        f"speed: {len(sample)} answers grouped in {time.perf_counter() - start:.1f} s "
        f"({len(result.needs)} needs)"
    )


if __name__ == "__main__":
    main()
