"""Where the needs figures stop: four probes of what might raise them, none shipped.

    python benchmarks/needs_limits.py --model models/default/model.npz \
        --json benchmarks/results/needs_limits.json [--reduced-model PATH | --save-reduced PATH]

`benchmarks/needs.py` measures the needs step against #15's targets (B-cubed F1, unique
precision / recall, cross-lingual needs kept whole, discovery alone). The targets are far,
so before changing the catalogue or the grouping this script asks whether four candidate
changes would move them, on the test answers of batches h1-h36 (as needs.py's main figure):

1. **Coarser needs**: would a catalogue of broader needs score better? `classifier tag`
   end to end, scored as needs.py does, then again with every catalogue need (gold and
   tagged) replaced by its sub-topic (the level above needs: 111 sub-topics for 306
   needs) and recurrence counted by sub-topic. If the matcher's errors were between
   neighbouring needs of one sub-topic, merging needs would remove them.
2. **Soft recurrence**: an ask is unique when nobody else raised its need; counted from
   the need head's probabilities instead of its top need, P(unique) of an ask of
   respondent r is sum_N p(N) * prod over other respondents s of (1 - q_s(N)), where
   q_s(N) = 1 - prod over s's asks of (1 - p(N)) (probabilities sharpened or flattened by
   a temperature). Unique precision / recall for thresholds on P(unique), against the
   shipped `recurrence`.
3. **A learned projection for discovery**: asks of needs the catalogue lacks are grouped
   by average-linkage clustering of their sentence embeddings. Would a projection learned
   on the catalogue's labeled asks (linear discriminant analysis, fitted on the training
   asks of the needs kept in the catalogue) group the unseen needs' asks better? B-cubed
   F1 of the clustering of the test asks of needs.py's unseen needs, raw and projected.
4. **Settings for discovery**: the match threshold, discovery distance and the second
   chance were tuned on the respondent split, where nearly every ask's need is in the
   catalogue. With the model of needs.py's discovery alone (a fifth of the needs out of
   its catalogue; `--reduced-model` reuses one saved by `--save-reduced`, else it is
   trained here, about 20 minutes), each setting is scored three ways: the shipped model
   on the h1-h36 answers, the reduced model on the unseen needs' asks (discovery alone),
   and the reduced model on every h1-h36 answer (a file where a fifth of the needs are new).

Probes 2 and 3 pick their best setting on the answers they score, and probe 4 reports
every setting: their best figures are upper bounds (they flatter), for deciding whether
a change is worth making, not figures of the tool. Measurement only; nothing here changes
the shipped model or its settings.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from needs import (  # noqa: E402  (a sibling script)
    EXAMPLE_BATCHES,
    TaggedNeeds,
    batch_of,
    bcubed,
    f1,
    read,
    reduced_model,
    scores,
    tag_asks,
    tag_end_to_end,
    unseen_asks,
)

from classifier import Codebook, ThemeClassifier  # noqa: E402
from classifier.needs.clustering import cluster_by_cosine  # noqa: E402
from classifier.needs.grouping import group_units  # noqa: E402
from classifier.text.embeddings import USEEmbedder  # noqa: E402
from classifier.vocab import split_ids  # noqa: E402

KEPT = ("bcubed_f1", "unique_precision", "unique_recall", "recurring_precision")
KEPT_MORE = (*KEPT, "cross_lingual_recovered", "gold_needs", "gold_unique")


def rounded(figures: dict, keys: tuple[str, ...] = KEPT) -> dict:
    return {key: round(float(figures[key]), 3) for key in keys}


def first_need(cell: str) -> str:
    return (split_ids(cell) or [""])[0]


def head_ranks(model: ThemeClassifier, frame: pd.DataFrame) -> dict:
    """How often the need head ranks an ask's labeled catalogue need first, and in its top 3
    (the asks of `frame` whose labeled need is in the catalogue, whole answers)."""
    classes = model.need_classes_
    asks = frame[frame["need"].map(first_need).isin(set(classes))]
    probabilities = model.analyze(
        asks["text"].tolist(), languages=asks["language"].tolist()
    ).need_probabilities
    column = {need: i for i, need in enumerate(classes)}
    labeled = np.array([column[first_need(cell)] for cell in asks["need"]])
    ranked = np.argsort(-probabilities, axis=1, kind="stable")[:, :3]
    subtopic = {need.id: need.subtopic for need in Codebook.load().catalogue.needs}
    wrong = np.flatnonzero(ranked[:, 0] != labeled)
    return {
        "asks": len(asks),
        "top1": round(float(np.mean(ranked[:, 0] == labeled)), 3),
        "top3": round(float(np.mean((ranked == labeled[:, None]).any(axis=1))), 3),
        "wrong_top1": len(wrong),
        "wrong_top1_in_the_labeled_subtopic": sum(
            subtopic[classes[ranked[i, 0]]] == subtopic[classes[labeled[i]]] for i in wrong
        ),
    }


def coarser_needs(model_path: Path, frame: pd.DataFrame) -> dict:
    """Probe 1: needs.py's measures at the need level and at the sub-topic level."""
    tagged, _ = tag_end_to_end(model_path, frame)
    subtopic = {need.id: need.subtopic for need in Codebook.load().catalogue.needs}
    up = [subtopic.get(first_need(cell), first_need(cell)) for cell in frame["need"]]
    tagged_up = [subtopic.get(needs[0], needs[0]) if needs else "" for needs in tagged.answer_needs]
    respondents: dict[str, set[str]] = {}
    for need, respondent in zip(tagged_up, frame["respondent"], strict=True):
        if need:
            respondents.setdefault(need, set()).add(respondent)
    by_subtopic = TaggedNeeds(
        [[need] if need else [] for need in tagged_up],
        tagged.answer_suggestions,
        [
            "" if not need else "recurring" if len(respondents[need]) >= 2 else "unique"
            for need in tagged_up
        ],
    )
    return {
        "needs": rounded(scores(frame, tagged), KEPT_MORE),
        "subtopics": rounded(scores(frame.assign(need=up), by_subtopic), KEPT_MORE),
    }


def probability_unique(probabilities: np.ndarray, respondents: list[str]) -> np.ndarray:
    """P(unique) of each ask (probe 2), from its need probabilities and its respondent's."""
    capped = np.clip(probabilities, 0.0, 1.0 - 1e-9)
    by_respondent: dict[str, list[int]] = {}
    for i, respondent in enumerate(respondents):
        by_respondent.setdefault(respondent, []).append(i)
    # log prod over a respondent's asks of (1 - p): that respondent did not raise the need
    silent = {r: np.log1p(-capped[rows]).sum(axis=0) for r, rows in by_respondent.items()}
    everyone = np.sum(list(silent.values()), axis=0)
    return np.array(
        [
            float(capped[i] @ np.exp(everyone - silent[respondent]))
            for i, respondent in enumerate(respondents)
        ]
    )


def soft_recurrence(model: ThemeClassifier, frame: pd.DataFrame) -> dict:
    """Probe 2: unique precision / recall of thresholds on P(unique), beside the shipped
    recurrence of the same grouping."""
    units = tag_asks(model, frame)
    shipped = group_units(units, model, len(frame))
    gold_rows = [i for i, cell in enumerate(frame["need"]) if cell]
    gold = {i: first_need(frame["need"].iloc[i]) for i in gold_rows}
    raised: dict[str, set[str]] = {}
    for i in gold_rows:
        raised.setdefault(gold[i], set()).add(frame["respondent"].iloc[i])
    truly_unique = {i for i in gold_rows if len(raised[gold[i]]) == 1}
    asking = {i for i in gold_rows if shipped.recurrence(i) != ""}
    first_unit: dict[int, int] = {}
    for unit, answer in enumerate(units.answer_index):
        first_unit.setdefault(int(answer), unit)
    probabilities = np.asarray(units.need_probabilities, dtype=float)
    respondents = [units.respondents[i] for i in range(len(units))]
    grid = {}
    for temperature, threshold in product((0.5, 0.7, 1.0), (0.3, 0.4, 0.5, 0.6, 0.7)):
        sharpened = probabilities ** (1 / temperature)
        sharpened /= sharpened.sum(axis=1, keepdims=True)
        unique = probability_unique(sharpened, respondents)
        called = [i for i in asking if i in first_unit and unique[first_unit[i]] >= threshold]
        hits = sum(i in truly_unique for i in called)
        precision = hits / max(1, len(called))
        recall = hits / max(1, len(truly_unique))
        grid[f"temperature {temperature}, threshold {threshold}"] = {
            "unique_precision": round(precision, 3),
            "unique_recall": round(recall, 3),
            "unique_f1": round(f1(precision, recall), 3),
        }
    best = max(grid, key=lambda name: grid[name]["unique_f1"])
    base = scores(frame, shipped)
    return {
        "gold_unique": len(truly_unique),
        "shipped_recurrence": rounded(base)
        | {"unique_f1": round(f1(base["unique_precision"], base["unique_recall"]), 3)},
        "soft": grid,
        "best_soft (chosen on these answers)": {"setting": best} | grid[best],
    }


def clustering_bcubed(embeddings: np.ndarray, gold: list[str]) -> dict[str, float]:
    """B-cubed F1 of average-linkage clustering at each cut (unit rows)."""
    rows = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    truth = dict(enumerate(gold))
    found = {}
    for cut in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        precision, recall = bcubed(truth, dict(enumerate(cluster_by_cosine(rows, cut))))
        found[str(cut)] = round(f1(precision, recall), 3)
    return found


def learned_projection(train: pd.DataFrame, test: pd.DataFrame) -> dict:
    """Probe 3: clustering the unseen needs' test asks, raw and LDA-projected."""
    unseen = unseen_asks(test)
    held = {first_need(cell) for cell in unseen["need"]}
    catalogue = set(Codebook.load().catalogue.need_ids) - held
    seen = train[train["need"].map(first_need).isin(catalogue)]
    embedder = USEEmbedder(threads=2)
    seen_rows = embedder.encode(seen["text"].tolist())
    unseen_rows = embedder.encode(unseen["text"].tolist()).astype(np.float64)
    gold = [first_need(cell) for cell in unseen["need"]]
    found = {"raw embeddings": clustering_bcubed(unseen_rows, gold)}
    for shrinkage in (0.3, 0.5, 0.8):
        projection = LinearDiscriminantAnalysis(solver="eigen", shrinkage=shrinkage)
        projected = projection.fit(seen_rows, seen["need"].map(first_need)).transform(unseen_rows)
        for dimensions in (64, 128):
            found[f"LDA shrinkage {shrinkage}, {dimensions} dimensions"] = clustering_bcubed(
                projected[:, :dimensions], gold
            )
    best = {name: max(cuts.values()) for name, cuts in found.items()}
    return {
        "unseen_asks": len(unseen),
        "unseen_needs": len(held),
        "training_asks": len(seen),
        "bcubed_f1_by_cut": found,
        "best_by_representation (cut chosen on these asks)": best,
    }


def discovery_settings(
    shipped: ThemeClassifier, reduced: ThemeClassifier, test: pd.DataFrame, earlier: pd.DataFrame
) -> dict:
    """Probe 4: every setting scored three ways (see the module docstring)."""
    cases = {
        "shipped model, h1-h36 answers": (shipped, earlier),
        "reduced model, unseen needs' asks (discovery alone)": (reduced, unseen_asks(test)),
        "reduced model, h1-h36 answers": (reduced, earlier),
    }
    units = {name: tag_asks(model, frame) for name, (model, frame) in cases.items()}
    grid = {}
    for match, distance, second_chance in product((0.2, 0.3, 0.4, 0.5), (0.4, 0.55, 0.7), (1, 0)):
        setting = (
            f"match {match}, discovery {distance}, second chance {'on' if second_chance else 'off'}"
        )
        grid[setting] = {}
        for name, (model, frame) in cases.items():
            result = group_units(
                units[name],
                model,
                len(frame),
                match_threshold=match,
                discovery_distance=distance,
                second_chance=bool(second_chance),
            )
            grid[setting][name] = rounded(scores(frame, result), KEPT_MORE)
        print(setting, {n: f["bcubed_f1"] for n, f in grid[setting].items()}, flush=True)
    return grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="model trained on train.csv")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    reduced_source = parser.add_mutually_exclusive_group()
    reduced_source.add_argument("--reduced-model", type=Path, help="saved by --save-reduced")
    reduced_source.add_argument("--save-reduced", type=Path, help="save the reduced model here")
    args = parser.parse_args()
    train, test = read("train.csv"), read("test.csv")
    earlier = test[~batch_of(test).isin(EXAMPLE_BATCHES)].reset_index(drop=True)
    shipped = ThemeClassifier.load(args.model)
    figures: dict[str, object] = {"answers_h1_h36": len(earlier)}

    def save() -> None:  # after every probe, so a long run keeps what it measured
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")

    figures["need_head"] = head_ranks(shipped, earlier)
    print("the need head:", figures["need_head"], flush=True)
    figures["coarser_needs"] = coarser_needs(args.model, earlier)
    print("1. coarser needs:", figures["coarser_needs"], flush=True)
    save()
    figures["soft_recurrence"] = soft_recurrence(shipped, earlier)
    print("2. soft recurrence:", figures["soft_recurrence"]["shipped_recurrence"], flush=True)
    print("   best:", figures["soft_recurrence"]["best_soft (chosen on these answers)"])
    save()
    figures["learned_projection"] = learned_projection(train, test)
    print(
        "3. projection:",
        figures["learned_projection"]["best_by_representation (cut chosen on these asks)"],
    )
    save()
    figures["reduced_model"] = str(args.reduced_model or "trained in this run")
    if args.reduced_model:
        reduced = ThemeClassifier.load(args.reduced_model)
    else:
        reduced = reduced_model(train)
        if args.save_reduced:
            reduced.save(args.save_reduced)
    figures["discovery_settings"] = discovery_settings(shipped, reduced, test, earlier)
    save()


if __name__ == "__main__":
    main()
