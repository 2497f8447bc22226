"""Speed and memory: tagging throughput, cold start, training time, peak memory.

    python benchmarks/speed.py [--answers 20000]

- throughput: `ThemeClassifier.predict` on N answers drawn (with replacement,
  seeded) from the labeled corpus, in a fresh process (target >= 500/s);
- cold start: wall time of `classifier tag` on a 10-row file, median of 3 runs
  (target <= 4 s);
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
texts = corpus["text"].sample(int(sys.argv[2]), replace=True, random_state=0).tolist()
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


def cold_start() -> None:
    classifier = Path(sys.executable).with_name("classifier")
    with tempfile.TemporaryDirectory() as tmp:
        sample = ROOT / "data" / "examples" / "consultation_sample.csv"
        ten = Path(tmp) / "ten.csv"
        ten.write_text("".join(sample.read_text(encoding="utf-8").splitlines(True)[:11]),
                       encoding="utf-8")
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([str(classifier), "tag", str(ten), "-o", str(Path(tmp) / "o.csv"),
                            "--text-column", "q_improve"], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"cold start of `classifier tag` on 10 rows: median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)}), peak memory {peak:.0f} MB")


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
