"""Stances of whole question columns: each answer read alone against its column's mix.

    python benchmarks/stance_columns.py [--model PATH] [--json out.json]

A survey question sets the stance of most of its answers, so `analyze` reads
each column's stance mix from its own answers (`classifier/model/stance_prior.py`).
The labeled answers carry no question, so columns are built from the test
split by their gold stance, as the two questions of a consultation would
gather them:

- **improve**: every request and criticism, and a share (5 %, 15 %, 30 %) of
  the praise and neutral answers, as "what should we improve?" gets some
  "keep going" and "n/a";
- **strengths**: every praise and neutral answer and a share of the requests
  and criticism ("what do we do well?" gets some complaints);
- **mixed**: the whole test split, as one column (the mix of the training
  answers: nothing should change).

For each column, beside each other in one run: stance accuracy, asks lost
(gold request or criticism read as praise or neutral: no need is looked for)
and false asks (gold praise or neutral read as request or criticism: a need is
made of them), with the column's mix (what `classifier tag` does) and with
each answer read alone (the training mix, what it did before). Also the
bundled sample's two questions, which carry no gold: how many answers of each
the tool reads as asks, both ways. The shares are drawn with a fixed seed.

Then **declared kinds** (`--question-kind`, `classifier/model/question_kinds.py`):
each improve and strengths column read with its question's kind declared
(`improvements`, `strengths`) beside the column's mix undeclared; the same on
small columns, `SMALL_DRAWS` columns of 15 and of 60 answers drawn (fixed seed)
from the 15 % columns, and on repetitive ones, `REPEATED_DRAWS` columns of 300
rows drawn from 20 distinct short answers (5 words or fewer) of the 15 %
columns, each respondent answering once; figures summed over the draws. And
the bundled sample tagged end to end (`classifier tag`, both questions): how
many answers of each question get a need, with no kind declared, with
`q_strengths=strengths`, and with both questions' kinds.

Then **keep going**: `benchmarks/data/keep_going.csv`, 56 answers that ask
for nothing ("Keep going", "Gardez le cap !", "Mantener el rumbo", "rien"),
written by the developer apart from the training batches, added as 56 more
respondents to the bundled sample's *improve* question and tagged by
`classifier tag` as staff run it: how many are read as asks, given a need
(a catalogue one, or one counted as recurring) or a theme; and how many the
model reads as asks alone (the training mix). Short encouragements converge
("Keep going!"), so some of them are also in the training split: the same
figures are given for the answers that no training answer repeats (character
n-gram similarity under 0.8, the corpus' near-duplicate measure).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from classifier import ThemeClassifier
from classifier.model.question_kinds import IMPROVEMENTS, OPEN, STRENGTHS
from classifier.model.stance_prior import training_mix
from classifier.vocab import ASKING_STANCES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from split_corpus import duplicate_form, duplicate_vectorizer  # noqa: E402  (the corpus script)

# The language and respondent columns of the test split's and the sample's text columns.
LANGUAGE = {
    "text": "language",
    "q_improve": "questionnaire_language",
    "q_strengths": "questionnaire_language",
}
RESPONDENT = {"text": "respondent", "q_improve": "respondent_id", "q_strengths": "respondent_id"}
# Small and repetitive columns drawn from each 15 % column, figures summed over the draws.
SMALL_SIZES = (15, 60)
SMALL_DRAWS = 10
REPEATED_DRAWS = 5
REPEATED_ROWS, REPEATED_DISTINCT, SHORT_WORDS = 300, 20, 5


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def stances(
    model: ThemeClassifier, frame: pd.DataFrame, text: str, alone: bool, kind: str = OPEN
) -> np.ndarray:
    """The stance of each answer, with the column's mix (its question of `kind`) or
    (`alone`) the training mix."""
    mix = (
        training_mix(model.training_summary_["stance_counts"], model.stance_classes)
        if alone
        else None
    )
    analysis = model.analyze(
        frame[text].tolist(),
        frame[LANGUAGE[text]].tolist(),
        frame[RESPONDENT[text]].tolist(),
        stance_mix=mix,
        question_kind=kind,
    )
    return np.array([p.stance for p in model.predictions(analysis)])


def scores(gold: np.ndarray, predicted: np.ndarray) -> dict:
    asks, read_as_asks = np.isin(gold, ASKING_STANCES), np.isin(predicted, ASKING_STANCES)
    return {
        "accuracy": round(float((gold == predicted).mean()), 4),
        "asks_lost": int((asks & ~read_as_asks).sum()),
        "false_asks": int((~asks & read_as_asks).sum()),
    }


def columns(test: pd.DataFrame) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    draw = rng.random(len(test))
    asks = test["stance"].isin(ASKING_STANCES).to_numpy()
    built = {"mixed": test}
    for share in (0.05, 0.15, 0.30):
        built[f"improve, {share:.0%} other answers"] = test[asks | (~asks & (draw < share))]
        built[f"strengths, {share:.0%} asks"] = test[~asks | (asks & (draw < share))]
    return built


def kind_of(name: str) -> str:
    """The question kind of a built column, from its name."""
    return IMPROVEMENTS if name.startswith("improve") else STRENGTHS


def declared_rows(model: ThemeClassifier, built: dict[str, pd.DataFrame]) -> dict:
    """Asks lost and false asks of small and repetitive columns drawn from the 15 % columns,
    their kind declared or not, summed over the draws."""
    rng = np.random.default_rng(1)
    rows = {}
    for name in ("improve, 15% other answers", "strengths, 15% asks"):
        source, kind = built[name], kind_of(name)
        draws = {
            f"{kind}, {size} answers x {SMALL_DRAWS}": [
                source.iloc[rng.choice(len(source), size, replace=False)]
                for _ in range(SMALL_DRAWS)
            ]
            for size in SMALL_SIZES
        }
        short = source[source["text"].str.split().str.len() <= SHORT_WORDS]
        repeated = []
        for _ in range(REPEATED_DRAWS):
            distinct = short.iloc[rng.choice(len(short), REPEATED_DISTINCT, replace=False)]
            column = distinct.iloc[rng.choice(REPEATED_DISTINCT, REPEATED_ROWS, replace=True)]
            respondents = [f"rep{i}" for i in range(REPEATED_ROWS)]  # each answers once
            repeated.append(column.assign(respondent=respondents))
        draws[
            f"{kind}, {REPEATED_ROWS} rows of {REPEATED_DISTINCT} short answers x {REPEATED_DRAWS}"
        ] = repeated
        for label, frames in draws.items():
            rows[label] = {
                "answers": sum(len(f) for f in frames),
                "gold_asks": int(sum(f["stance"].isin(ASKING_STANCES).sum() for f in frames)),
                **{
                    way: summed(
                        [
                            scores(f["stance"].to_numpy(), stances(model, f, "text", False, k))
                            for f in frames
                        ]
                    )
                    for way, k in (("column_mix", OPEN), ("declared_kind", kind))
                },
            }
            print(f"{label:48s} {rows[label]}", flush=True)
    return rows


def summed(figures: list[dict]) -> dict:
    """Asks lost and false asks summed over columns."""
    return {key: sum(f[key] for f in figures) for key in ("asks_lost", "false_asks")}


def sample_needs(model_path: str | None) -> dict:
    """How many answers of each of the sample's questions `classifier tag` gives a need,
    with no kind declared, with the strengths question's, and with both."""
    sample = ROOT / "data" / "examples" / "consultation_sample.csv"
    ways = {
        "no_kind": [],
        "q_strengths=strengths": ["--question-kind", "q_strengths=strengths"],
        "both_kinds": [
            *("--question-kind", "q_strengths=strengths"),
            *("--question-kind", "q_improve=improvements"),
        ],
    }
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for way, options in ways.items():
            output = Path(folder) / "tagged.csv"
            command = [sys.executable, "-m", "classifier.cli", "tag", str(sample), "-o"]
            command += [str(output), "--text-column", "q_improve", "--text-column"]
            command += ["q_strengths", "--language-column", "questionnaire_language"]
            command += ["--respondent-column", "respondent_id", *options]
            if model_path:
                command += ["--model", model_path]
            subprocess.run(command, check=True, capture_output=True)
            tagged = read(output)
            figures[way] = {
                f"{question}_given_a_need": int((tagged[f"{question}_need_ids"] != "").sum())
                for question in ("q_strengths", "q_improve")
            }
            print(f"bundled sample tagged, {way}: {figures[way]}", flush=True)
    return figures


def keep_going(model: ThemeClassifier, model_path: str | None) -> dict:
    """The keep-going answers among the sample's *improve* answers, tagged end to end."""
    sample = read(ROOT / "data" / "examples" / "consultation_sample.csv")
    probe = read(ROOT / "benchmarks" / "data" / "keep_going.csv")
    extra = pd.DataFrame(
        {
            "respondent_id": [f"K{i:03d}" for i in range(len(probe))],
            "questionnaire_language": probe["language"],
            "q_improve": probe["text"],
        }
    )
    column = pd.concat([sample, extra], ignore_index=True).fillna("")
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "improve.csv", Path(folder) / "tagged.csv"
        column.to_csv(source, index=False)
        command = [sys.executable, "-m", "classifier.cli", "tag", str(source), "-o", str(output)]
        command += ["--text-column", "q_improve", "--language-column", "questionnaire_language"]
        command += ["--respondent-column", "respondent_id"]
        if model_path:
            command += ["--model", model_path]
        subprocess.run(command, check=True, capture_output=True)
        tagged = read(output).iloc[len(sample) :]
    tagged = tagged.assign(alone=stances(model, extra, "q_improve", alone=True))
    repeated = repeated_in_training(probe["text"].tolist())
    catalogue = set(model.codebook_.catalogue.need_ids) if model.codebook_.catalogue else set()
    return {
        "all": keep_going_counts(tagged, catalogue),
        "not_repeated_in_training": keep_going_counts(tagged[~repeated], catalogue),
        "asks": sorted(tagged.loc[tagged["stance"].isin(ASKING_STANCES), "q_improve"]),
    }


def keep_going_counts(tagged: pd.DataFrame, catalogue: set[str]) -> dict:
    """What `classifier tag` made of answers that ask for nothing."""
    return {
        "answers": len(tagged),
        "read_as_asks": int(tagged["stance"].isin(ASKING_STANCES).sum()),
        "given_a_need": int((tagged["need_ids"] != "").sum()),
        "given_a_catalogue_need": int(tagged["need_ids"].isin(catalogue).sum()),
        "counted_in_a_recurring_need": int(
            tagged["recurrence"].isin(["recurring", "part of recurring need"]).sum()
        ),
        "given_a_theme": int((tagged["themes"] != "").sum()),
        "read_as_asks_alone": int(tagged["alone"].isin(ASKING_STANCES).sum()),
    }


def repeated_in_training(texts: list[str]) -> np.ndarray:
    """Whether each text is close to a training answer: a cosine of 0.8 or more on the
    corpus' near-duplicate measure (`scripts/split_corpus.py`)."""
    train = [duplicate_form(t) for t in read(ROOT / "data" / "labeled" / "train.csv")["text"]]
    vectorizer = duplicate_vectorizer().fit(train)
    queries = vectorizer.transform([duplicate_form(t) for t in texts])
    similarity = queries @ vectorizer.transform(train).T
    return similarity.max(axis=1).toarray().ravel() >= 0.8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    model = ThemeClassifier.load(args.model)
    test = read(ROOT / "data" / "labeled" / "test.csv")
    results: dict = {"model": args.model or "shipped", "columns": {}}
    built = columns(test)
    for name, frame in built.items():
        gold = frame["stance"].to_numpy()
        row = {
            "answers": len(frame),
            "column_mix": scores(gold, stances(model, frame, "text", alone=False)),
            "each_alone": scores(gold, stances(model, frame, "text", alone=True)),
        }
        if name != "mixed":
            kind = kind_of(name)
            row["declared_kind"] = {
                "kind": kind,
                **scores(gold, stances(model, frame, "text", alone=False, kind=kind)),
            }
        results["columns"][name] = row
        print(
            f"{name:32s} {row['answers']:5d} answers  column mix {row['column_mix']}  "
            f"alone {row['each_alone']}  declared {row.get('declared_kind')}",
            flush=True,
        )
    sample = read(ROOT / "data" / "examples" / "consultation_sample.csv")
    for question in ("q_improve", "q_strengths"):
        row = {
            way: int(np.isin(stances(model, sample, question, alone), ASKING_STANCES).sum())
            for way, alone in (("column_mix", False), ("each_alone", True))
        }
        kind = STRENGTHS if question == "q_strengths" else IMPROVEMENTS
        row["declared_kind"] = int(
            np.isin(stances(model, sample, question, False, kind), ASKING_STANCES).sum()
        )
        results[f"sample_{question}_read_as_asks"] = row
        print(f"bundled sample, {question}: answers read as asks {row}")
    results["declared_kind_small_and_repeated_columns"] = declared_rows(model, built)
    results["sample_given_a_need"] = sample_needs(args.model)
    results["keep_going"] = keep_going(model, args.model)
    for part in ("all", "not_repeated_in_training"):
        print(f"keep going, {part}:", results["keep_going"][part])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
