"""Needs of a file of two questions: is a need raised in both counted once?

    python benchmarks/needs_two_questions.py [--baseline OTHER_CHECKOUT] [--undeclared]
                                             [--json out.json]

A consultation asks "what do we do well?" and "what should we improve?", and
members ask for things under both. The labeled answers record no question, so
the two columns are built from the test answers of batches h1-h36 (the needs
benchmark's comparable split): every request and criticism goes to *improve*,
except a share (`SHARES`, drawn with a fixed seed) moved to *strengths*; every
praise and neutral answer goes to *strengths*. Each answer keeps its own row
and respondent. The file is tagged end to end by `classifier tag` (both
questions, `--question-kind` declared for both, as staff would; `--undeclared`:
without, the default), and each gold
ask is scored by the recurrence its own question's column gives it. A gold need
is unique when one respondent raises it in the whole file, under either
question. With `--baseline`, the same file is tagged by another checkout of the
project in the same run (`PYTHONPATH` and working directory set to it), and
both are reported.
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
from needs import recurrence_measures

ROOT = Path(__file__).resolve().parent.parent
SHARES = (0.05, 0.15)
SEED = 7
ASKS = ("request", "criticism")


def two_question_file(test: pd.DataFrame, share: float) -> tuple[pd.DataFrame, np.ndarray]:
    """The export (respondent, language, q_improve, q_strengths) and which rows' answer is
    under *improve*."""
    asks = test["stance"].isin(ASKS).to_numpy()
    moved = asks & (np.random.default_rng(SEED).random(len(test)) < share)
    improve = asks & ~moved
    export = pd.DataFrame(
        {
            "respondent": test["respondent"],
            "language": test["language"],
            "q_improve": np.where(improve, test["text"], ""),
            "q_strengths": np.where(improve, "", test["text"]),
        }
    )
    return export, improve


def tag(checkout: Path, export: Path, output: Path, declared: bool) -> pd.DataFrame:
    """`export` tagged by `classifier tag` of `checkout`, both questions' kinds declared
    when `declared`."""
    kinds = [
        "--question-kind", "q_improve=improvements", "--question-kind", "q_strengths=strengths"
    ]  # fmt: skip
    subprocess.run(
        [
            sys.executable, "-m", "classifier.cli", "tag", str(export), "-o", str(output),
            "--text-column", "q_improve", "--text-column", "q_strengths",
            "--respondent-column", "respondent", "--language-column", "language",
            *(kinds if declared else []),
        ],
        check=True,
        capture_output=True,
        cwd=checkout,
        env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return pd.read_csv(output, dtype=str, keep_default_na=False)


def scores(test: pd.DataFrame, improve: np.ndarray, tagged: pd.DataFrame) -> dict[str, object]:
    """Unique precision and recall, recurring precision, over the gold asks of both columns."""
    gold = test["need"].str.split(";").str[0]
    respondents: dict[str, set[str]] = {}
    for need, who in zip(gold, test["respondent"], strict=True):
        if need:
            respondents.setdefault(need, set()).add(who)
    said = np.where(improve, tagged["q_improve_recurrence"], tagged["q_strengths_recurrence"])
    rows = [i for i in range(len(test)) if gold[i]]
    truly_unique = {i: len(respondents[gold[i]]) == 1 for i in rows}
    recurrence = recurrence_measures(truly_unique, {i: said[i] for i in rows})
    under_strengths = [i for i in rows if not improve[i]]
    return {
        "gold_asks": len(rows),
        "gold_asks_under_strengths": len(under_strengths),
        "gold_unique": sum(truly_unique.values()),
        "said_unique": recurrence["said_unique"],
        "unique_precision": round(recurrence["unique_precision"], 3),
        "unique_recall": round(recurrence["unique_recall"], 3),
        "recurring_precision": round(recurrence["recurring_precision"], 3),
        "asks_under_strengths_said_unique": sum(said[i] == "unique" for i in under_strengths),
    }


def _commit(checkout: Path) -> str:
    """The commit `checkout` has checked out (its working tree may hold more)."""
    found = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return found.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout, tagged in the same run")
    parser.add_argument(
        "--undeclared", action="store_true", help="tag without --question-kind (the default)"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    test = pd.read_csv(ROOT / "data" / "labeled" / "test.csv", dtype=str, keep_default_na=False)
    test = test[test["id"].str.extract(r"^h(\d+)-")[0].astype(int) <= 36].reset_index(drop=True)
    checkouts = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    figures: dict[str, object] = {
        "answers": len(test),
        "seed": SEED,
        "question_kinds_declared": not args.undeclared,
        "commits": {name: _commit(checkout) for name, checkout in checkouts.items()},
    }
    with tempfile.TemporaryDirectory() as folder:
        for share in SHARES:
            export, improve = two_question_file(test, share)
            source = Path(folder) / "export.csv"
            export.to_csv(source, index=False)
            figures[f"asks_moved_to_strengths_{share}"] = {
                name: scores(
                    test,
                    improve,
                    tag(checkout, source, Path(folder) / "tagged.csv", not args.undeclared),
                )
                for name, checkout in checkouts.items()
            }
            print(json.dumps({share: figures[f"asks_moved_to_strengths_{share}"]}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
