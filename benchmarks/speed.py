"""Speed and memory: tagging throughput, cold start, training time, peak memory.

    python benchmarks/speed.py [--answers 20000]

- throughput: `ThemeClassifier.predict` on N answers drawn (with replacement,
  seeded) from the labeled corpus, in a fresh process (target >= 500/s);
- cold start: wall time of `classifier tag` on a 10-row file with answers in
  French, English and Spanish, median of 3 runs (target <= 4 s);
- training: `fit` on 2,000 labeled answers (target <= 60 s);
- peak memory (max RSS) of each run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

THROUGHPUT = """
import sys, time, resource, pandas as pd
from classifier import ThemeClassifier
corpus = pd.concat([pd.read_csv(f"{sys.argv[1]}/data/labeled/{n}.csv", dtype=str,
                                keep_default_na=False) for n in ("train", "test")])
drawn = corpus["text"].sample(int(sys.argv[2]), replace=True, random_state=0).tolist()
# repeated draws made distinct (a letter tag: digits would be masked by clean_text), so the
# embedder's de-duplication does not flatter the figure
seen = {}
texts = []
for text in drawn:
    seen[text] = seen.get(text, 0) + 1
    tag = "".join(chr(97 + int(d)) for d in str(seen[text]))
    texts.append(text if seen[text] == 1 else f"{text} ({tag})")
model = ThemeClassifier.load()
model.predict(texts[:50])  # warm: pipelines built, encoder loaded
start = time.perf_counter()
model.predict(texts)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(texts)} answers in {elapsed:.1f} s: {len(texts) / elapsed:.0f} answers/s, "
      f"peak memory {peak:.0f} MB")
"""

TRAINING = """
import sys, time, resource, pandas as pd
from classifier import ThemeClassifier
corpus = pd.concat([pd.read_csv(f"{sys.argv[1]}/data/labeled/{n}.csv", dtype=str,
                                keep_default_na=False) for n in ("train", "test")])
rows = corpus.sample(min(2000, len(corpus)), random_state=0)
start = time.perf_counter()
ThemeClassifier().fit(rows["text"].tolist(), rows["themes"].tolist(),
                      stances=rows["stance"].tolist(), languages=rows["language"].tolist())
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"trained on {len(rows)} answers in {elapsed:.1f} s, peak memory {peak:.0f} MB")
"""


def run_python(code: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", code, str(ROOT), *args], check=True)


def write_ten_rows_in_three_languages(sample: Path, ten: Path) -> None:
    """The first 4 French, 3 English and 3 Spanish rows of the sample, in file order:
    a real export mixes the languages, and each language's pipeline has a start-up cost
    (French the largest)."""
    import csv

    with open(sample, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wanted = {"fr": 4, "en": 3, "es": 3}
    chosen = []
    for row in rows:
        if wanted.get(row["questionnaire_language"], 0) > 0:
            wanted[row["questionnaire_language"]] -= 1
            chosen.append(row)
    with open(ten, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(chosen)


def cold_start() -> None:
    classifier = Path(sys.executable).with_name("classifier")
    with tempfile.TemporaryDirectory() as tmp:
        sample = ROOT / "data" / "examples" / "consultation_sample.csv"
        ten = Path(tmp) / "ten.csv"
        write_ten_rows_in_three_languages(sample, ten)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [
                    str(classifier),
                    "tag",
                    str(ten),
                    "-o",
                    str(Path(tmp) / "o.csv"),
                    "--text-column",
                    "q_improve",
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"cold start of `classifier tag` on 10 rows: median {statistics.median(times):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)}), peak memory {peak:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores")
    cold_start()
    run_python(THROUGHPUT, str(args.answers))
    run_python(TRAINING)


if __name__ == "__main__":
    main()
