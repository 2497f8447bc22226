"""A learned second stage for the need head: does reranking its top-K needs raise top-1?

    python benchmarks/need_rerank.py --model models/default/model.npz \
        --json benchmarks/results/need_rerank.json [--cache /tmp/rerank]

The need head (`classifier.model.need_head`) ranks the catalogue's needs for each
ask; its top-3 is far better than its top-1 (0.853 against 0.684 out of fold,
`need_head.json`). This benchmark measures whether a second model, reading many
signals per candidate need, picks the right one of the head's K best more often.

1. **Out-of-fold candidates**: the training split's catalogue asks in the three
   folds of whole writing batches of `benchmarks/need_head.py` (batch number
   modulo 3). For each fold, the head (embedding model and pruned text model) is
   fitted on the other two folds plus the catalogue's examples, and the theme
   models on every answer of the other two folds; the held-out asks' K best
   needs become candidates with per-candidate features (`FEATURES`): the head's
   scores and rank, the ask's cosine to the nearest / three nearest training asks
   of the need and to their centroid (training asks of the fitting folds only),
   to the need's catalogue examples, the theme score of the need's themes, the
   need's number of training asks and the overlap of the ask's content lemmas
   with the catalogue's words for the need.
2. **Nested reranking**: for each fold, the rerankers are trained on the
   candidates of the two other folds (whose candidates came from heads not fitted
   on them) and pick the best candidate of the held-out fold's asks: a pointwise
   logistic regression on standardised features, a histogram gradient-boosting
   classifier, and a listwise (softmax over an ask's candidates) linear model.
   Top-1 is over every held-out ask (an ask whose need is not in its K best is a
   miss for the reranker); mean of the folds.
3. **Held-out check**: the shipped model's head and theme models (fitted on the
   whole training split) give the test split's candidates, with the training
   split's asks as neighbours; the rerankers are trained on every out-of-fold
   training candidate. Top-1 on all test asks and on those of batches h1-h36.

Findings (`benchmarks/results/need_rerank.json`, K=10): out of fold the rerankers
gain 0.05-0.06 top-1 (0.684 -> 0.734-0.743), on the test split 0.012-0.019
(0.760 -> 0.772-0.779), on its h1-h36 asks 0.004-0.006 (0.829 -> 0.833-0.835):
under the 0.015 that integrating one would need. Half the out-of-fold gain is
the need's ask count, weighted negatively: a held-out fold's writing batches
ask for needs the other folds' batches ask for less, a shift the test split
(drawn from the same 80 batches as the training split) does not have; without
it the out-of-fold gain is 0.02-0.03 and the test gain unchanged.

The feature matrix is the shipped model's (vectorizers fitted on the whole
training split's texts), as in `need_head.py`. Features, head scores and theme
scores are cached in `--cache` (delete it after changing the model or the data).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import log_softmax

sys.path.insert(0, str(Path(__file__).resolve().parent))
from need_head import FOLDS, LABELED, asks  # noqa: E402  (a sibling script)

from classifier.model.estimator import ThemeClassifier  # noqa: E402
from classifier.model.linear import positive_probability  # noqa: E402
from classifier.model.need_head import (  # noqa: E402
    TextNeedModel,
    catalogue_examples,
    fit_need_head,
    fit_text_svm,
    need_probabilities,
)
from classifier.text.normalize import normalize  # noqa: E402
from classifier.vocab import LANGUAGES, split_ids  # noqa: E402

KS = (5, 10, 20)
MAIN_K = 10
# The test batches B-cubed figures are quoted on (`benchmarks/needs.py`).
TEST_BATCHES = range(1, 37)
FEATURES = (
    "combined log-prob",
    "combined gap to top",
    "embedding log-prob",
    "embedding gap to top",
    "text margin",
    "text margin gap to top",
    "rank",
    "top-1 combined log-prob",  # the same for an ask's every candidate
    "nearest ask cosine",
    "top-3 asks cosine",
    "centroid cosine",
    "catalogue example cosine",
    "theme score (max)",
    "main theme score",
    "log asks per 1000",
    "lemma overlap",
    "lemma overlap share",
)

# Feature groups left out one at a time by the ablation (at K=MAIN_K).
GROUPS = {
    "head scores and rank": FEATURES[:8],
    "neighbour asks": FEATURES[8:11],
    "catalogue examples": FEATURES[11:12],
    "theme scores": FEATURES[12:14],
    "need's ask count": FEATURES[14:15],
    "lemma overlap": FEATURES[15:],
}
ABLATED = ("logistic", "listwise")


# ------------------------------------------------------------------ cached inputs
def cached(path: Path, compute):
    """The arrays of `path` (.npz), computed and saved on first use."""
    if path.exists():
        with np.load(path, allow_pickle=False) as saved:
            return {key: saved[key] for key in saved.files}
    arrays = compute()
    np.savez(path, **arrays)
    return arrays


def cached_features(model: ThemeClassifier, cache: Path, name: str, texts, languages):
    """`model._features` of the texts, saved as NAME_features.npz and NAME_embeddings.npy."""
    matrix, vectors = cache / f"{name}_features.npz", cache / f"{name}_embeddings.npy"
    if matrix.exists() and vectors.exists():
        return sparse.load_npz(matrix).tocsr(), np.load(vectors)
    features, embeddings = model._features(list(texts), list(languages))
    sparse.save_npz(matrix, features.tocsr())
    np.save(vectors, embeddings)
    return features.tocsr(), embeddings


def read_train(model: ThemeClassifier, cache: Path):
    """Every training answer's features, embeddings, theme indicator and batch; the ask rows
    (first need in the catalogue) and their gold needs."""
    frame = pd.read_csv(LABELED / "train.csv", dtype=str, keep_default_na=False)
    texts, languages = frame["text"].tolist(), frame["language"].tolist()
    features, embeddings = cached_features(model, cache, "train", texts, languages)
    themes = np.array(
        [[t in split_ids(v) for t in model.classes_] for v in frame["themes"]], dtype=int
    )
    first = frame["need"].map(lambda v: (split_ids(v) or [""])[0]).to_numpy()
    is_ask = np.isin(first, model.need_classes_)
    batches = frame["id"].str.split("-").str[0].str[1:].astype(int).to_numpy()
    return {
        "features": features,
        "embeddings": embeddings,
        "themes": themes,
        "batches": batches,
        "is_ask": is_ask,
        "gold": first,
        "texts": texts,
        "languages": languages,
    }


def content_lemmas(model: ThemeClassifier, texts, languages) -> list[set[str]]:
    return [set(n.content_lemmas) for n in normalize(texts, languages, model.lemma_tables_)]


def need_words(model: ThemeClassifier) -> list[set[str]]:
    """Content lemmas of each need's labels (each in its language) and scope, in class
    order."""
    catalogue = model.codebook_.catalogue
    words = []
    for need_id in model.need_classes_:
        need = catalogue.need(need_id)
        texts = [need.label_in(language) for language in LANGUAGES]
        languages = list(LANGUAGES)
        if need.scope:
            texts.append(need.scope.split("; not")[0])
            languages.append("en")
        words.append(set().union(*content_lemmas(model, texts, languages)))
    return words


# ------------------------------------------------------------ per-need signal matrices
def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def neighbour_signals(embeddings, fit_embeddings, fit_needs, classes):
    """(nearest, top-3 mean, centroid) cosine of each ask to each need's training asks,
    (asks x needs); 0 for a need without training asks."""
    sims = unit(embeddings) @ unit(fit_embeddings).T
    shape = (len(embeddings), len(classes))
    nearest, top3, centroid = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    fitted = unit(fit_embeddings)
    queries = unit(embeddings)
    for j, need in enumerate(classes):
        rows = np.flatnonzero(fit_needs == need)
        if len(rows) == 0:
            continue
        block = sims[:, rows]
        best = -np.sort(-block, axis=1)[:, :3]
        nearest[:, j] = best[:, 0]
        top3[:, j] = best.mean(axis=1)
        centre = fitted[rows].mean(axis=0)
        centroid[:, j] = queries @ (centre / max(np.linalg.norm(centre), 1e-12))
    return nearest, top3, centroid


def catalogue_signal(embeddings, example_embeddings, example_needs, classes):
    """Max cosine of each ask to each need's catalogue examples (asks x needs)."""
    sims = unit(embeddings) @ unit(example_embeddings).T
    example_needs = np.asarray(example_needs)
    return np.column_stack([sims[:, example_needs == need].max(axis=1) for need in classes])


def theme_signals(model: ThemeClassifier, theme_scores: np.ndarray):
    """(max over the need's themes, main theme) of the theme scores (asks x needs)."""
    column = {t: i for i, t in enumerate(model.classes_)}
    catalogue = model.codebook_.catalogue
    needs = [catalogue.need(n) for n in model.need_classes_]
    best = np.column_stack(
        [theme_scores[:, [column[t] for t in need.themes]].max(axis=1) for need in needs]
    )
    main = np.column_stack([theme_scores[:, column[need.themes[0]]] for need in needs])
    return best, main


def overlap_signals(lemmas: list[set[str]], words: list[set[str]]):
    """(shared content lemmas, their share of the ask's) per ask and need."""
    vocabulary = {w: i for i, w in enumerate(sorted(set().union(*words)))}

    def binary(sets):
        rows, cols = [], []
        for r, s in enumerate(sets):
            for w in s:
                if w in vocabulary:
                    rows.append(r)
                    cols.append(vocabulary[w])
        return sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocabulary))
        )

    shared = (binary(lemmas) @ binary(words).T).toarray()
    sizes = np.array([max(len(s), 1) for s in lemmas], dtype=float)
    return shared, shared / sizes[:, None]


def signal_matrices(head, neighbours, catalogue_cos, themes, counts, overlap):
    """Every per-need signal (asks x needs) in FEATURES order, before candidate selection."""
    embedding_probabilities, margins, combined = head
    log_combined = np.log(np.maximum(combined, 1e-300))
    log_embedding = np.log(np.maximum(embedding_probabilities, 1e-300))
    ranks = np.argsort(np.argsort(-combined, axis=1, kind="stable"), axis=1, kind="stable")
    top = log_combined.max(axis=1, keepdims=True)
    return [
        log_combined,
        log_combined - top,
        log_embedding,
        log_embedding - log_embedding.max(axis=1, keepdims=True),
        margins,
        margins - margins.max(axis=1, keepdims=True),
        ranks.astype(float),
        np.broadcast_to(top, combined.shape),
        *neighbours,
        catalogue_cos,
        *themes,
        np.broadcast_to(counts, combined.shape),
        *overlap,
    ]


def candidates(signals, combined: np.ndarray, gold_columns: np.ndarray, k: int):
    """(features asks x k x FEATURES, gold position in the k best or -1, candidate columns)."""
    top = np.argsort(-combined, axis=1, kind="stable")[:, :k]
    stacked = np.stack([np.take_along_axis(s, top, axis=1) for s in signals], axis=2)
    hit = top == gold_columns[:, None]
    position = np.where(hit.any(axis=1), hit.argmax(axis=1), -1)
    return stacked, position, top


# --------------------------------------------------------------------- rerankers
class Pointwise:
    """A binary classifier of (candidate is the gold need) over standardised features."""

    def __init__(self, kind: str):
        self.kind = kind

    def fit(self, features: np.ndarray, position: np.ndarray):
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression

        rows, k, width = features.shape
        flat = features.reshape(-1, width)
        target = (np.arange(k)[None, :] == position[:, None]).reshape(-1)
        self.mean, self.scale = flat.mean(axis=0), flat.std(axis=0) + 1e-9
        if self.kind == "logistic":
            self.model = LogisticRegression(C=1.0, max_iter=3000)
        else:
            self.model = HistGradientBoostingClassifier(
                max_iter=300, learning_rate=0.05, max_leaf_nodes=15, random_state=0
            )
        self.model.fit((flat - self.mean) / self.scale, target)
        return self

    def scores(self, features: np.ndarray) -> np.ndarray:
        rows, k, width = features.shape
        flat = (features.reshape(-1, width) - self.mean) / self.scale
        if self.kind == "logistic":
            return self.model.decision_function(flat).reshape(rows, k)
        return self.model.predict_proba(flat)[:, 1].reshape(rows, k)


class Listwise:
    """A linear score per candidate, trained by the softmax over each ask's candidates
    (asks whose gold need is not among them are left out), L2-regularised."""

    def __init__(self, penalty: float = 1e-3):
        self.penalty = penalty

    def fit(self, features: np.ndarray, position: np.ndarray):
        width = features.shape[2]
        flat = features.reshape(-1, width)
        self.mean, self.scale = flat.mean(axis=0), flat.std(axis=0) + 1e-9
        kept = position >= 0
        x = (features[kept] - self.mean) / self.scale
        gold = position[kept]

        def loss(w):
            scores = x @ w
            logp = log_softmax(scores, axis=1)
            p = np.exp(logp)
            value = -logp[np.arange(len(gold)), gold].mean() + self.penalty * w @ w
            onehot = np.zeros_like(p)
            onehot[np.arange(len(gold)), gold] = 1
            grad = np.einsum("rk,rkd->d", p - onehot, x) / len(gold) + 2 * self.penalty * w
            return value, grad

        self.coef = minimize(loss, np.zeros(width), jac=True, method="L-BFGS-B").x
        return self

    def scores(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.scale) @ self.coef


RERANKERS = {
    "logistic": lambda: Pointwise("logistic"),
    "gradient boosting": lambda: Pointwise("boosting"),
    "listwise": lambda: Listwise(),
}


def evaluate(make, folds, test, early, columns=None) -> dict:
    """Nested out-of-fold top-1 (mean of folds), and test / h1-h36 top-1 of a reranker trained
    on every fold, over the feature `columns` (None: all)."""
    keep = slice(None) if columns is None else columns
    per_fold = []
    for fold in range(FOLDS):
        others = [f for f in range(FOLDS) if f != fold]
        reranker = make().fit(
            np.concatenate([folds[f][0][..., keep] for f in others]),
            np.concatenate([folds[f][1] for f in others]),
        )
        per_fold.append(top1(reranker.scores(folds[fold][0][..., keep]), folds[fold][1]))
    reranker = make().fit(
        np.concatenate([f[0][..., keep] for f in folds]), np.concatenate([f[1] for f in folds])
    )
    test_x, test_position = test
    scores = reranker.scores(test_x[..., keep])
    picked = scores.argmax(axis=1)
    head_right, reranker_right = test_position == 0, picked == test_position
    return {
        "out_of_fold": round(float(np.mean(per_fold)), 4),
        "out_of_fold per fold": [round(v, 4) for v in per_fold],
        "test": round(top1(scores, test_position), 4),
        "test_h1_h36": round(top1(scores[early], test_position[early]), 4),
        # test asks the reranker gets right and the head wrong, and the reverse
        "test fixed / broken": [
            int((reranker_right & ~head_right).sum()),
            int((head_right & ~reranker_right).sum()),
        ],
        "test_h1_h36 fixed / broken": [
            int((reranker_right & ~head_right)[early].sum()),
            int((head_right & ~reranker_right)[early].sum()),
        ],
        "reranker": reranker,
    }


def top1(scores: np.ndarray, position: np.ndarray) -> float:
    """Share of asks whose best-scored candidate is the gold need."""
    return float((scores.argmax(axis=1) == position).mean())


def ablation(folds, test, early) -> dict:
    """Top-1 of the linear rerankers with each feature group left out."""
    figures = {}
    for group, names in GROUPS.items():
        columns = [i for i, name in enumerate(FEATURES) if name not in names]
        for name in ABLATED:
            scored = evaluate(RERANKERS[name], folds, test, early, columns)
            for key in ("reranker", "out_of_fold per fold", "test fixed / broken"):
                del scored[key]
            figures[f"{name} without {group}"] = scored
            print(f"{name} without {group}: {scored}", flush=True)
    return figures


# --------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="a model trained on train.csv")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/rerank"))
    args = parser.parse_args()
    cache = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    model = ThemeClassifier.load(args.model)
    classes = np.array(model.need_classes_)
    column = {need: j for j, need in enumerate(classes)}

    texts, languages, example_needs = catalogue_examples(model.codebook_.catalogue)
    example_features, example_embeddings = cached_features(
        model, cache, "examples", texts, languages
    )

    train = read_train(model, cache)
    ask_rows = np.flatnonzero(train["is_ask"])
    gold = train["gold"][ask_rows]
    batches = train["batches"][ask_rows]
    ask_features = train["features"][ask_rows]
    ask_embeddings = train["embeddings"][ask_rows]
    gold_columns = np.array([column[n] for n in gold])
    lemmas = content_lemmas(
        model,
        [train["texts"][i] for i in ask_rows],
        [train["languages"][i] for i in ask_rows],
    )
    words = need_words(model)
    print(f"{len(ask_rows)} training asks, {len(classes)} needs", flush=True)

    # 1. out-of-fold head scores and theme scores of the held-out asks
    fold_signals, fold_combined, fold_gold, fold_batches = [], [], [], []
    for fold in range(FOLDS):
        fit, held = batches % FOLDS != fold, batches % FOLDS == fold

        def head_scores(fit=fit, held=held):
            needs = gold[fit].tolist()
            embedding_model = fit_need_head(
                ask_embeddings[fit], needs, example_embeddings, example_needs
            )
            assert [str(c) for c in embedding_model.classes_] == list(classes)
            svm = fit_text_svm(ask_features[fit], needs, example_features, example_needs)
            text_model = TextNeedModel.of(svm)
            return {
                "embedding": embedding_model.predict_proba(ask_embeddings[held]),
                "margins": text_model.decision_function(ask_features[held]),
                "combined": need_probabilities(
                    embedding_model, text_model, ask_embeddings[held], ask_features[held]
                ),
            }

        def theme_scores(fold=fold, held=held):
            fit_rows = train["batches"] % FOLDS != fold
            scores = np.column_stack(
                [
                    positive_probability(
                        model._fit_theme(train["features"][fit_rows], train["themes"][fit_rows, t]),
                        ask_features[held],
                    )
                    for t in range(len(model.classes_))
                ]
            )
            return {"scores": scores}

        head = cached(cache / f"head_fold{fold}.npz", head_scores)
        themes = cached(cache / f"themes_fold{fold}.npz", theme_scores)["scores"]
        fit_needs = gold[fit]
        counts = np.array([(fit_needs == n).sum() for n in classes], dtype=float)
        signals = signal_matrices(
            (head["embedding"], head["margins"], head["combined"]),
            neighbour_signals(ask_embeddings[held], ask_embeddings[fit], fit_needs, classes),
            catalogue_signal(ask_embeddings[held], example_embeddings, example_needs, classes),
            theme_signals(model, themes),
            np.log1p(1000 * counts / fit.sum()),
            overlap_signals([lemmas[i] for i in np.flatnonzero(held)], words),
        )
        fold_signals.append(signals)
        fold_combined.append(head["combined"])
        fold_gold.append(gold_columns[held])
        fold_batches.append(batches[held])
        print(f"fold {fold}: {int(held.sum())} held-out asks", flush=True)

    # 3's inputs: the shipped head on the test split's asks
    test_features, test_embeddings, test_gold, test_batches = asks(model, "test.csv")
    test_frame = pd.read_csv(LABELED / "test.csv", dtype=str, keep_default_na=False)
    test_first = test_frame["need"].map(lambda v: (split_ids(v) or [""])[0])
    test_frame = test_frame[test_first.isin(set(classes))]
    test_combined = need_probabilities(
        model.need_model_, model.need_text_model_, test_embeddings, test_features
    )
    test_theme_scores = np.column_stack(
        [positive_probability(m, test_features) for m in model.theme_models_]
    )
    all_counts = np.array([(gold == n).sum() for n in classes], dtype=float)
    test_signals = signal_matrices(
        (
            model.need_model_.predict_proba(test_embeddings),
            model.need_text_model_.decision_function(test_features),
            test_combined,
        ),
        neighbour_signals(test_embeddings, ask_embeddings, gold, classes),
        catalogue_signal(test_embeddings, example_embeddings, example_needs, classes),
        theme_signals(model, test_theme_scores),
        np.log1p(1000 * all_counts / len(gold)),
        overlap_signals(
            content_lemmas(model, test_frame["text"].tolist(), test_frame["language"].tolist()),
            words,
        ),
    )
    test_gold_columns = np.array([column.get(n, -1) for n in test_gold])
    early = np.isin(test_batches, list(TEST_BATCHES))

    figures: dict = {
        "training_asks": int(len(ask_rows)),
        "test_asks": int(len(test_gold)),
        "test_asks_h1_h36": int(early.sum()),
        "features": list(FEATURES),
    }
    for k in KS:
        folds = [
            candidates(s, c, g, k)
            for s, c, g in zip(fold_signals, fold_combined, fold_gold, strict=True)
        ]
        test_x, test_position, _ = candidates(test_signals, test_combined, test_gold_columns, k)
        result: dict = {
            "out_of_fold": {
                "gold in top-k": round(float(np.mean([(p >= 0).mean() for _, p, _ in folds])), 4),
                "head top-1": round(float(np.mean([(p == 0).mean() for _, p, _ in folds])), 4),
            },
            "test": {
                "gold in top-k": round(float((test_position >= 0).mean()), 4),
                "head top-1": round(float((test_position == 0).mean()), 4),
            },
            "test_h1_h36": {
                "gold in top-k": round(float((test_position[early] >= 0).mean()), 4),
                "head top-1": round(float((test_position[early] == 0).mean()), 4),
            },
        }
        for name, make in RERANKERS.items():
            scored = evaluate(make, folds, (test_x, test_position), early)
            reranker = scored.pop("reranker")
            result["out_of_fold"][name] = scored["out_of_fold"]
            result["out_of_fold"][f"{name} per fold"] = scored["out_of_fold per fold"]
            result["test"][name] = scored["test"]
            result["test_h1_h36"][name] = scored["test_h1_h36"]
            for split in ("test", "test_h1_h36"):
                result[split][f"{name} fixed / broken"] = scored[f"{split} fixed / broken"]
            if k == MAIN_K and name == "logistic":
                result["logistic coefficients (standardised)"] = dict(
                    zip(FEATURES, np.round(reranker.model.coef_[0], 3).tolist(), strict=True)
                )
            if k == MAIN_K and name == "listwise":
                result["listwise coefficients (standardised)"] = dict(
                    zip(FEATURES, np.round(reranker.coef, 3).tolist(), strict=True)
                )
            print(f"K={k} {name}: {json.dumps(result)}", flush=True)
        if k == MAIN_K:
            result["without each feature group"] = ablation(folds, (test_x, test_position), early)
        figures[f"K={k}"] = result
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
