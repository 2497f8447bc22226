"""Soak test of concurrent `classifier tag` runs: nothing mixed, nothing left behind.

    python benchmarks/soak.py                       # 6 rounds of 4 runs, 600-row inputs
    python benchmarks/soak.py --rounds 10 --rows 1000 --json soak.json

Each round starts 4 `classifier tag` processes at the same moment: two on
the same output (`shared.csv`), two on outputs of their own (`own_c.jsonl`,
`own_d.xlsx`), each from a different input whose ids and `source` column name
that input. Some processes are killed with SIGKILL at a random moment. Then:

- every output is checked: it must be complete (all rows and columns of one
  input, in order, plus every documented output column), belong to one run
  that finished (exit 0) and whose input it is, and carry need ids only on
  request/criticism answers;
- a run that did not finish must have been refused by the lock (exit 2 naming
  the output) or killed; anything else is a failure;
- temporary files (`.<output>.classifier-*`) that killed runs left must be gone
  after the next run on the same output that finished.

A last round runs once on every output without kills; after it no temporary
or lock file may remain. Prints the figures and writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.io.tables import read_table  # noqa: E402

INPUTS = ("a", "b", "c", "d")
# Which input each of the 4 concurrent runs tags, and where it writes.
PLAN = (("a", "shared.csv"), ("b", "shared.csv"), ("c", "own_c.jsonl"), ("d", "own_d.xlsx"))
ASKING = {"request", "criticism"}


@dataclass
class Figures:
    """What the soak did and found."""

    rounds: int = 0
    runs: int = 0
    finished: int = 0
    refused_by_lock: int = 0
    killed: int = 0
    other_failures: int = 0
    outputs_checked: int = 0
    rows_checked: int = 0
    leftovers_seen_after_kills: int = 0
    leftovers_surviving_next_run: int = 0
    leftovers_at_end: int = 0
    problems: list[str] = field(default_factory=list)


def make_inputs(folder: Path, rows: int, seed: int) -> dict[str, pd.DataFrame]:
    """One survey-like CSV per input letter, ids and a `source` column naming the input."""
    corpus = pd.read_csv(ROOT / "data" / "labeled" / "test.csv", dtype=str, keep_default_na=False)
    frames = {}
    for number, letter in enumerate(INPUTS):
        sample = corpus.sample(rows, replace=True, random_state=seed + number)
        frame = pd.DataFrame(
            {
                "id": [f"{letter}-{i:05d}" for i in range(rows)],
                "source": letter,
                "respondent_id": [f"{letter}-r{i // 2:05d}" for i in range(rows)],
                "questionnaire_language": sample["language"].to_numpy(),
                "answer": sample["text"].to_numpy(),
            }
        )
        frame.to_csv(folder / f"input_{letter}.csv", index=False)
        frames[letter] = frame
    return frames


def leftovers(folder: Path, output: str) -> set[str]:
    """Temporary files of one output (the lock file is not one: flock dies with its process)."""
    return {
        p.name
        for p in folder.glob(f".{output}.classifier-*")
        if p.name.endswith((".tmp", ".parts.jsonl"))
    }


def start(folder: Path, letter: str, output: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "classifier.cli",
        "tag",
        str(folder / f"input_{letter}.csv"),
        "-o",
        str(folder / output),
        "--text-column",
        "answer",
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def check_output(
    path: Path, allowed: set[str], frames: dict[str, pd.DataFrame], figures: Figures
) -> None:
    """`path` must be the complete output of one run whose input letter is in `allowed`:
    the last run on it that finished (or one killed after that, just after its rename)."""
    if not path.exists():
        if allowed:
            figures.problems.append(f"{path.name}: missing although a run finished")
        return
    tagged = read_table(path)
    figures.outputs_checked += 1
    letters = set(tagged["source"]) if "source" in tagged.columns else set()
    if len(letters) != 1:
        figures.problems.append(f"{path.name}: rows of several inputs or none: {letters}")
        return
    [letter] = letters
    if letter not in allowed:
        figures.problems.append(
            f"{path.name}: holds input {letter}, not that of its last finished run {allowed}"
        )
    source = frames[letter]
    if not tagged[list(source.columns)].equals(source):
        figures.problems.append(f"{path.name}: input columns or rows differ from input {letter}")
    expected = {"language", "themes", "stance", "need_ids", "need_respondents", "recurrence"}
    if not expected <= set(tagged.columns):
        figures.problems.append(f"{path.name}: missing {expected - set(tagged.columns)}")
        return
    stray = tagged[~tagged["stance"].isin(ASKING) & (tagged["need_ids"] != "")]
    if len(stray):
        figures.problems.append(f"{path.name}: {len(stray)} non-asking rows carry need ids")
    figures.rows_checked += len(tagged)


def run_round(
    folder: Path,
    frames: dict[str, pd.DataFrame],
    figures: Figures,
    history: dict[str, list[tuple[float, str, str]]],
    rng: random.Random,
    kill_share: float,
    max_kill_seconds: float,
    plan=PLAN,
) -> None:
    """Start the plan's runs together, kill some, then check outputs and leftovers.

    `history[output]` collects (end time, input letter, "finished" or "killed") over rounds.
    """
    before = {output: leftovers(folder, output) for _, output in plan}
    processes = [(letter, output, start(folder, letter, output)) for letter, output in plan]
    kill_at = {
        i: time.monotonic() + rng.uniform(0.5, max_kill_seconds)
        for i in range(len(processes))
        if rng.random() < kill_share
    }
    killed: set[int] = set()
    ended: dict[int, float] = {}
    while any(p.poll() is None for _, _, p in processes):
        now = time.monotonic()
        for i, (_, _, process) in enumerate(processes):
            if i not in ended and process.poll() is not None:
                ended[i] = now
        for i, moment in kill_at.items():
            process = processes[i][2]
            if i not in killed and now >= moment and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed.add(i)
        time.sleep(0.05)
    finished: set[str] = set()
    for i, (letter, output, process) in enumerate(processes):
        figures.runs += 1
        end = ended.get(i, time.monotonic())
        err = process.stderr.read() if process.stderr else ""
        if process.returncode == 0:
            figures.finished += 1
            finished.add(output)
            history.setdefault(output, []).append((end, letter, "finished"))
        elif i in killed and process.returncode == -signal.SIGKILL:
            figures.killed += 1
            history.setdefault(output, []).append((end, letter, "killed"))
        elif process.returncode == 2 and "another classifier run is writing" in err:
            figures.refused_by_lock += 1
        else:
            figures.other_failures += 1
            figures.problems.append(
                f"run {letter}->{output}: exit {process.returncode}: {err[-300:]}"
            )
    for output in {o for _, o in plan}:
        runs = sorted(history.get(output, []))
        last = max((i for i, run in enumerate(runs) if run[2] == "finished"), default=None)
        allowed = set() if last is None else {letter for _, letter, _ in runs[last:]}
        check_output(folder / output, allowed, frames, figures)
        now = leftovers(folder, output)
        if output in finished:
            surviving = before[output] & now
            figures.leftovers_surviving_next_run += len(surviving)
            if surviving:
                figures.problems.append(f"{output}: left over after a finished run: {surviving}")
        figures.leftovers_seen_after_kills += len(now - before[output])
    figures.rounds += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--rows", type=int, default=600)
    parser.add_argument("--kill-share", type=float, default=0.4, help="share of runs killed")
    parser.add_argument("--max-kill-seconds", type=float, default=25.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    figures = Figures()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frames = make_inputs(folder, args.rows, args.seed)
        history: dict[str, list[tuple[float, str, str]]] = {}
        for number in range(args.rounds):
            run_round(folder, frames, figures, history, rng, args.kill_share, args.max_kill_seconds)
            print(
                f"round {number + 1}/{args.rounds}: {figures.runs} runs, {figures.killed} killed, "
                f"{figures.refused_by_lock} refused, {figures.finished} finished, "
                f"{len(figures.problems)} problem(s)",
                flush=True,
            )
        # Last round: one run per output, no kills; then nothing of the tool may remain.
        final = (("a", "shared.csv"), ("c", "own_c.jsonl"), ("d", "own_d.xlsx"))
        run_round(folder, frames, figures, history, rng, 0.0, args.max_kill_seconds, plan=final)
        remaining = sorted(p.name for p in folder.iterdir() if ".classifier" in p.name)
        figures.leftovers_at_end = len(remaining)
        if remaining:
            figures.problems.append(f"left at the end: {remaining}")
    seconds = time.perf_counter() - started
    report = {**asdict(figures), "rows_per_input": args.rows, "seconds": round(seconds)}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if figures.problems else 0)


if __name__ == "__main__":
    main()
