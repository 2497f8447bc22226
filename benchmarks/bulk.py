"""Bulk tagging from CSV, needs included: rows per second and peak memory, for growing files.

    python benchmarks/bulk.py --rows 100000 [--jobs 2] [--json out.json]
    python benchmarks/bulk.py --rows 1000000 --jobs 2 --json benchmarks/results/bulk_1m.json

Builds a survey-export-like CSV (respondent id, questionnaire language, one
answer) in a temporary folder from the labeled corpus: every corpus answer
once, then copies with a letter tag appended (" (b)", " (bc)"...), so no two
answers are the same text and the encoder's de-duplication cannot flatter
the figure (with `--short`, answers of 1-6 words only). One respondent in
three answers twice, so needs have respondents to count. Runs `classifier tag`
on it in a fresh process (needs grouped over the whole file) and prints wall
time, rows per second and the peak memory of the process tree (main process
and workers, sampled), plus the machine's load. Flat memory between a small
and a large file shows chunking works.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import classifier_command, load, run_measured  # noqa: E402  (a sibling script)

ROOT = Path(__file__).resolve().parent.parent


def make_export(path: Path, rows: int, short: bool) -> None:
    """Write `rows` distinct corpus answers (see the module docstring) to `path`, in blocks."""
    corpus = pd.concat(
        [
            pd.read_csv(ROOT / "data" / "labeled" / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("train", "test")
        ],
        ignore_index=True,
    ).sample(frac=1.0, random_state=0)
    if short:
        corpus = corpus[corpus["text"].str.split().str.len() <= 6]
    texts, languages = corpus["text"].tolist(), corpus["language"].tolist()
    written, copy = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        while written < rows:
            suffix = "" if copy == 0 else " (" + "".join(chr(97 + int(d)) for d in str(copy)) + ")"
            count = min(len(texts), rows - written)
            numbers = range(written, written + count)
            pd.DataFrame(
                {
                    "respondent_id": [f"R{(i - i % 3 // 2):07d}" for i in numbers],
                    "questionnaire_language": languages[:count],
                    "answer": [t + suffix for t in texts[:count]],
                }
            ).to_csv(handle, index=False, header=written == 0)
            written += count
            copy += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs of classifier tag")
    parser.add_argument("--short", action="store_true", help="short answers only")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "export.csv"
        make_export(source, args.rows, args.short)
        size = source.stat().st_size / 1e6
        loads = load()
        started = time.strftime("%Y-%m-%d %H:%M")
        command = [
            *classifier_command(),
            "tag",
            str(source),
            "-o",
            str(Path(tmp) / "out.csv"),
            "--text-column",
            "answer",
        ]
        if args.jobs is not None:
            command += ["--jobs", str(args.jobs)]
        result = run_measured(command)
    result.update(
        rows=args.rows,
        megabytes=round(size, 1),
        short=args.short,
        jobs=args.jobs or os.cpu_count(),
        rows_per_second=round(args.rows / result["seconds"], 1),
        started=started,
        load_before=loads,
        load_after=load(),
    )
    print(
        f"{args.rows} rows ({size:.1f} MB{', short answers' if args.short else ''}), "
        f"--jobs {result['jobs']}: {result['seconds']:.0f} s, {result['rows_per_second']:.0f} "
        f"rows/s, peak memory {result['tree_peak_mb']} MB (process tree; PSS "
        f"{result['tree_peak_pss_mb']} MB), "
        f"{result['largest_process_mb']} MB (largest process); load {loads} -> "
        f"{result['load_after']}; {result['log']}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
