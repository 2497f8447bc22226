"""Stance on answers written apart from the corpus, read by the command staff run.

    python benchmarks/stance_outside.py [--model PATH] [--json out.json]

`benchmarks/data/stance_outside.csv`: 360 answers (120 per language) to three
questions ("what does the alliance do well?", "what should it improve?", "any
other comments?"), written from their own brief by a writer who never saw the
corpus, labeled by that writer and again, blind, by a second coder; all 360 are
tagged (each column's stance mix is read from all its answers), and scored on
the answers both coders labeled alike. They are laid out as a survey export
(one column per question, headed with its question, one respondent per row)
and tagged end to end by `classifier tag`, as staff would:

- **tag**: no question kind declared (each column's stance mix read from its
  own answers, what staff get by default);
- **tag, kinds declared**: `--question-kind` for each column (`strengths`,
  `improvements`, `open`);
- **model alone**: each answer read with the training mix (`analyze` with the
  model's training stance mix), the stance model's own reading.

For each: accuracy and macro-F1, per language, per question, each stance's
recall, the confusion table (gold in rows), and the asks lost (a gold request
or criticism read as praise or neutral: no need is looked for) and false asks.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from classifier import ThemeClassifier
from classifier.model.stance_prior import training_mix
from classifier.vocab import ASKING_STANCES, CRITICISM, NEUTRAL, PRAISE, REQUEST

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "benchmarks" / "data" / "stance_outside.csv"
STANCES = (PRAISE, REQUEST, CRITICISM, NEUTRAL)
# Each question's column in the export: its header is the question, as survey tools write it.
COLUMNS = {
    "strengths": "What does the alliance do well?",
    "improve": "What should the alliance improve?",
    "comments": "Any other comments?",
}
KINDS = {"strengths": "strengths", "improve": "improvements", "comments": "open"}


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def export(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers as a survey export: one row per respondent, the answer in its
    question's column, the other questions left empty."""
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i:03d}" for i in range(len(answers))],
            "questionnaire_language": answers["language"].to_numpy(),
        }
    )
    for question, header in COLUMNS.items():
        frame[header] = np.where(answers["question"] == question, answers["text"], "")
    return frame


def tag_export(
    frame: pd.DataFrame, headers: Iterable[str], model_path: str | None, options: list[str]
) -> tuple[pd.DataFrame, float]:
    """`classifier tag` run as staff run it on a survey export (`frame`: a
    `respondent_id` and a `questionnaire_language` column, one column per question
    headed `headers`), with more `options`; the tagged file and the command's seconds."""
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "export.csv", Path(folder) / "tagged.csv"
        frame.to_csv(source, index=False)
        command = [sys.executable, "-m", "classifier.cli", "tag", str(source), "-o", str(output)]
        for header in headers:
            command += ["--text-column", header]
        command += ["--language-column", "questionnaire_language"]
        command += ["--respondent-column", "respondent_id", *options]
        if model_path:
            command += ["--model", model_path]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        return read(output), seconds


def tagged_stances(answers: pd.DataFrame, declare: bool, model_path: str | None) -> np.ndarray:
    """Each answer's stance as `classifier tag` writes it (kinds declared or not)."""
    kinds = [f"{header}={KINDS[question]}" for question, header in COLUMNS.items()]
    options = [value for kind in kinds for value in ("--question-kind", kind)] if declare else []
    tagged, _ = tag_export(export(answers), COLUMNS.values(), model_path, options)
    return np.array(
        [
            tagged.at[row, f"{COLUMNS[question]}_stance"]
            for row, question in enumerate(answers["question"])
        ]
    )


def alone_stances(model: ThemeClassifier, answers: pd.DataFrame) -> np.ndarray:
    """Each answer's stance read with the training mix: the stance model's own reading."""
    mix = training_mix(model.training_summary_["stance_counts"], model.stance_classes)
    analysis = model.analyze(answers["text"].tolist(), answers["language"].tolist(), stance_mix=mix)
    return np.array([p.stance for p in model.predictions(analysis)])


def scores(answers: pd.DataFrame, predicted: np.ndarray) -> dict:
    gold = answers["stance"].to_numpy()
    right = gold == predicted
    recalls = {stance: float(right[gold == stance].mean()) for stance in STANCES}
    f1s = []
    for stance in STANCES:
        true_positive = int((right & (gold == stance)).sum())
        guessed, actual = int((predicted == stance).sum()), int((gold == stance).sum())
        f1s.append(2 * true_positive / (guessed + actual) if guessed + actual else 0.0)
    asks, read_as_asks = np.isin(gold, ASKING_STANCES), np.isin(predicted, ASKING_STANCES)
    return {
        "accuracy": round(float(right.mean()), 3),
        "macro_f1": round(float(np.mean(f1s)), 3),
        "by_language": {
            language: round(float(right[answers["language"] == language].mean()), 3)
            for language in ("en", "fr", "es")
        },
        "by_question": {
            question: round(float(right[answers["question"] == question].mean()), 3)
            for question in COLUMNS
        },
        "recall": {stance: round(value, 3) for stance, value in recalls.items()},
        "confusion": {
            stance: {
                other: int(((gold == stance) & (predicted == other)).sum()) for other in STANCES
            }
            for stance in STANCES
        },
        "asks_lost": int((asks & ~read_as_asks).sum()),
        "false_asks": int((~asks & read_as_asks).sum()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    every = read(SET)
    agree = (every["stance"] == every["second_coder"]).to_numpy()
    agreed = every[agree].reset_index(drop=True)
    model = ThemeClassifier.load(args.model)
    figures: dict = {
        "answers": len(every),
        "coders_agree": len(agreed),
        "gold": agreed["stance"].value_counts().to_dict(),
    }
    for name, predicted in (
        ("tag", tagged_stances(every, declare=False, model_path=args.model)),
        ("tag_kinds_declared", tagged_stances(every, declare=True, model_path=args.model)),
        ("model_alone", alone_stances(model, every)),
    ):
        figures[name] = scores(agreed, predicted[agree])
        print(f"{name}: {json.dumps(figures[name])}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"figures -> {args.json}")


if __name__ == "__main__":
    main()
