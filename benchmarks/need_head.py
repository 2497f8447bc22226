"""The need head's settings: which catalogue need an ask answers, top-1 and top-3.

    python benchmarks/need_head.py --model models/default/model.npz --json FIGURES.json

1. **Cross-validation on the training split** (chooses TEXT_C, TEXT_WEIGHT and
   TEMPERATURE of `classifier.model.need_head`): the training asks whose need is
   in the catalogue, in three folds of whole writing batches (batch number
   modulo 3), so the held-out asks are by writers the models never read. Each
   fold fits the embedding model and the text model (every setting of the grid)
   on the other folds plus the catalogue's own examples, and scores the
   held-out asks: the embedding model alone, the text model alone, and each
   combination.
2. **Pruning** (chooses KEPT_WEIGHTS): models fitted on the whole training
   split, scored on the test split's asks, with the text model's weights kept
   whole and pruned to each need's K strongest.

The feature matrix is the one of the model given by `--model` (its vectorizers
were fitted on the whole training split's texts, never on labels): an
approximation that lets the cross-validation take minutes instead of three
model trainings.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.model.estimator import ThemeClassifier
from classifier.model.need_head import (
    KEPT_WEIGHTS,
    TextNeedModel,
    catalogue_examples,
    fit_need_head,
    fit_text_svm,
    need_probabilities,
)
from classifier.vocab import split_ids

LABELED = Path(__file__).resolve().parent.parent / "data" / "labeled"
FOLDS = 3
TEXT_CS = (0.3, 1.0)
TEXT_WEIGHTS = (0.3, 0.5, 0.7)
TEMPERATURES = (0.05, 0.1, 0.2)
KEPT = (1000, 2000, KEPT_WEIGHTS, None)


def asks(model: ThemeClassifier, name: str):
    """(features, embeddings, gold needs, batch numbers) of a split's catalogue asks."""
    frame = pd.read_csv(LABELED / name, dtype=str, keep_default_na=False)
    known = set(model.need_classes_)
    first = frame["need"].map(lambda v: (split_ids(v) or [""])[0])
    frame = frame[first.isin(known)]
    features, embeddings = model._features(frame["text"].tolist(), frame["language"].tolist())
    batches = frame["id"].str.split("-").str[0].str[1:].astype(int).to_numpy()
    return features, embeddings, first[first.isin(known)].to_numpy(), batches


def ranks(probabilities: np.ndarray, classes: list[str], gold: np.ndarray) -> dict[str, float]:
    """Top-1 and top-3 accuracy of the probabilities against the gold needs."""
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :3]
    column = {need: j for j, need in enumerate(classes)}
    hits = np.array(
        [[column.get(need, -1) == j for j in row] for need, row in zip(gold, order, strict=True)]
    )
    return {"top1": float(hits[:, 0].mean()), "top3": float(hits.any(axis=1).mean())}


def cross_validate(train, examples) -> dict[str, dict[str, float]]:
    """Mean top-1 / top-3 over the batch folds of every model and setting (`train`: the
    training split's `asks`)."""
    features, embeddings, gold, batches = train
    example_features, example_embeddings, example_needs = examples
    figures: dict[str, list[dict[str, float]]] = {}
    for fold in range(FOLDS):
        fit, held = batches % FOLDS != fold, batches % FOLDS == fold
        needs = gold[fit].tolist()
        embedding_model = fit_need_head(embeddings[fit], needs, example_embeddings, example_needs)
        classes = [str(c) for c in embedding_model.classes_]
        alone = embedding_model.predict_proba(embeddings[held])
        figures.setdefault("embedding model", []).append(ranks(alone, classes, gold[held]))
        for c in TEXT_CS:
            svm = fit_text_svm(features[fit], needs, example_features, example_needs, c=c)
            text_model = TextNeedModel.of(svm)
            margins = text_model.decision_function(features[held])
            figures.setdefault(f"text model C={c}", []).append(ranks(margins, classes, gold[held]))
            for weight, temperature in product(TEXT_WEIGHTS, TEMPERATURES):
                mixed = replace(text_model, text_weight=weight, temperature=temperature)
                combined = need_probabilities(
                    embedding_model, mixed, embeddings[held], features[held]
                )
                name = f"combined C={c} weight={weight} temperature={temperature}"
                figures.setdefault(name, []).append(ranks(combined, classes, gold[held]))
        print(f"fold {fold}: {int(held.sum())} held-out asks", flush=True)
    means = {
        name: {k: round(float(np.mean([f[k] for f in runs])), 4) for k in runs[0]}
        for name, runs in figures.items()
    }
    return dict(sorted(means.items(), key=lambda item: -item[1]["top1"]))


def pruning(model: ThemeClassifier, train, examples) -> dict[str, dict[str, float]]:
    """Test-split top-1 / top-3 of the combination with each number of kept weights."""
    features, embeddings, gold, _ = train
    test_features, test_embeddings, test_gold, _ = asks(model, "test.csv")
    example_features, example_embeddings, example_needs = examples
    embedding_model = fit_need_head(embeddings, gold.tolist(), example_embeddings, example_needs)
    svm = fit_text_svm(features, gold.tolist(), example_features, example_needs)
    classes = [str(c) for c in embedding_model.classes_]
    figures = {
        "embedding model": ranks(embedding_model.predict_proba(test_embeddings), classes, test_gold)
    }
    for kept in KEPT:
        text_model = TextNeedModel.of(svm, kept or svm.coef_.shape[1])
        combined = need_probabilities(embedding_model, text_model, test_embeddings, test_features)
        figures[f"kept {kept or 'all'}"] = {
            **ranks(combined, classes, test_gold),
            "weights": int(len(text_model.data)),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="a model trained on train.csv")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    model = ThemeClassifier.load(args.model)
    texts, languages, labels = catalogue_examples(model.codebook_.catalogue)
    example_features, example_embeddings = model._features(texts, languages)
    examples = (example_features, example_embeddings, labels)
    train = asks(model, "train.csv")
    figures = {"cross_validation": cross_validate(train, examples)}
    figures["pruning_test_split"] = pruning(model, train, examples)
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
