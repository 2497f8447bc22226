"""Cross-lingual transfer on real text nobody here wrote: SIB-200 topics in en / fr / es.

    python benchmarks/sib200.py [--json FIGURES.json] [--data ../shared/data/sib200]

SIB-200 (shared/data/sib200, CC BY-SA 4.0; see its README) is the same
sentences professionally translated into English, French and Spanish, with 7
topics. Models are trained through `classifier train` with a 7-theme codebook
(benchmarks/data/sib200_codebook.yaml): once on the English training sentences
only, once on all three languages. Each model tags the test sentences of every
language; the figures are the accuracy of the top theme (highest score) and
micro-F1 of the assigned themes. In the same run, the bound of the embedder:
a logistic regression on the sentence embeddings alone, trained on the same
rows. Measurement only: SIB-200 never trains the shipped model.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from classifier import ThemeClassifier
from classifier.cli import main as cli
from classifier.text.embeddings import USEEmbedder
from classifier.vocab import LANGUAGES

HERE = Path(__file__).resolve().parent
CODEBOOK = HERE / "data" / "sib200_codebook.yaml"
FOLDERS = {"en": "eng_Latn", "fr": "fra_Latn", "es": "spa_Latn"}


def read(data: Path, language: str, split: str) -> pd.DataFrame:
    frame = pd.read_csv(data / FOLDERS[language] / f"{split}.tsv", sep="\t", dtype=str)
    return pd.DataFrame(
        {
            "id": f"{language}-" + frame["index_id"],
            "text": frame["text"],
            "themes": frame["category"].str.replace("/", "_"),
            "language": language,
        }
    )


def train(rows: pd.DataFrame, folder: Path, name: str) -> ThemeClassifier:
    """A model trained by `classifier train` on `rows`."""
    data = folder / f"{name}.csv"
    rows.to_csv(data, index=False)
    model = folder / f"{name}.npz"
    code = cli(["train", str(data), "--codebook", str(CODEBOOK), "-o", str(model)])
    if code != 0:
        raise SystemExit(f"classifier train failed ({code})")
    return ThemeClassifier.load(model)


def scores(model: ThemeClassifier, test: dict[str, pd.DataFrame]) -> dict:
    result = {}
    for language, frame in test.items():
        predictions = model.predict(frame["text"].tolist(), languages=frame["language"].tolist())
        top = [max(p.scores, key=p.scores.get) for p in predictions]
        truth = [[t == gold for t in model.classes_] for gold in frame["themes"]]
        guess = [[t in p.themes for t in model.classes_] for p in predictions]
        result[language] = {
            "top_theme_accuracy": round(float(np.mean(np.array(top) == frame["themes"])), 3),
            "micro_f1": round(float(f1_score(truth, guess, average="micro", zero_division=0)), 3),
        }
    return result


def embedder_bound(rows: pd.DataFrame, test: dict[str, pd.DataFrame]) -> dict:
    """Top-theme accuracy of a logistic regression on USE embeddings alone."""
    embedder = USEEmbedder(threads=2)
    model = LogisticRegression(C=10.0, max_iter=2000).fit(
        embedder.encode(rows["text"].tolist()), rows["themes"]
    )
    return {
        language: round(
            float(
                np.mean(model.predict(embedder.encode(frame["text"].tolist())) == frame["themes"])
            ),
            3,
        )
        for language, frame in test.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=HERE.parent.parent / "shared" / "data" / "sib200"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    data = args.data if args.data.exists() else Path("/work/shared/data/sib200")
    test = {language: read(data, language, "test") for language in LANGUAGES}
    english = read(data, "en", "train")
    everything = pd.concat([read(data, lang, "train") for lang in LANGUAGES], ignore_index=True)
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, rows in (("english_only", english), ("all_languages", everything)):
            model = train(rows, Path(folder), name)
            figures[name] = {
                "classifier": scores(model, test),
                "embedder_alone": embedder_bound(rows, test),
            }
            for language in LANGUAGES:
                ours = figures[name]["classifier"][language]
                print(
                    f"{name:14s} {language}: top-theme accuracy {ours['top_theme_accuracy']:.3f}"
                    f", micro-F1 {ours['micro_f1']:.3f} | embedder alone "
                    f"{figures[name]['embedder_alone'][language]:.3f}",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
