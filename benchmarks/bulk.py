"""Bulk tagging from CSV: rows per second and peak memory, for growing files.

    python benchmarks/bulk.py --rows 100000            # answers drawn from the corpus
    python benchmarks/bulk.py --rows 1000000 --short   # short answers (1-6 words)

Builds a survey-export-like CSV (respondent id, questionnaire language, one
answer) in a temporary folder by drawing answers from the labeled corpus with
replacement (seeded; a row number is appended so texts differ), runs
`classifier tag` on it in a fresh process, and prints wall time, rows per
second and the peak memory (max RSS) of that process. Flat memory between a
small and a large file shows chunking works.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def make_export(path: Path, rows: int, short: bool) -> None:
    corpus = pd.concat(
        [
            pd.read_csv(ROOT / "data" / "labeled" / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("train", "test")
        ]
    )
    if short:
        corpus = corpus[corpus["text"].str.split().str.len() <= 6]
    sample = corpus.sample(rows, replace=True, random_state=0)
    pd.DataFrame(
        {
            "respondent_id": [f"R{i:07d}" for i in range(rows)],
            "questionnaire_language": sample["language"].to_numpy(),
            "answer": [f"{t} ({i})" for i, t in enumerate(sample["text"])],
        }
    ).to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--short", action="store_true", help="short answers only")
    args = parser.parse_args()
    classifier = Path(sys.executable).with_name("classifier")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "export.csv"
        make_export(source, args.rows, args.short)
        size = source.stat().st_size / 1e6
        start = time.perf_counter()
        subprocess.run(
            [
                str(classifier),
                "tag",
                str(source),
                "-o",
                str(Path(tmp) / "out.csv"),
                "--text-column",
                "answer",
            ],
            check=True,
        )
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{args.rows} rows ({size:.1f} MB{', short answers' if args.short else ''}): "
        f"{elapsed:.0f} s, {args.rows / elapsed:.0f} rows/s, peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
