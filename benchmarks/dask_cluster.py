"""Tagging on a Dask LocalCluster: how throughput grows with workers, and the needs step.

    python benchmarks/dask_cluster.py [--answers 8000] [--workers 1 2] [--json out.json]

For each number of workers, a `dask.distributed.LocalCluster` (one process of
one thread per worker) tags a CSV of N distinct corpus answers
(`speed.distinct_answers`) with `tag_file_on_cluster`; the run's summary splits
its time into the tagging of the chunks (on the cluster) and the needs step
(here, over every ask of the file), so the table shows where the needs step
becomes the limit: tagging time falls with workers, the needs step does not.
Cluster start-up is not counted. Needs the [dask] extra.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import distinct_answers, load  # noqa: E402  (a sibling script)

from classifier import ThemeClassifier  # noqa: E402
from classifier.jobs.columns import Columns  # noqa: E402
from classifier.jobs.distributed import tag_file_on_cluster  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=8_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    model = ThemeClassifier.load()
    columns = Columns(
        texts=["answer"], respondent="respondent_id", language="questionnaire_language"
    )
    figures = {"date": time.strftime("%Y-%m-%d %H:%M"), "answers": args.answers, "runs": []}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.csv"
        distinct_answers(args.answers).to_csv(source, index=False)
        for workers in args.workers:
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                ) as cluster,
                Client(cluster) as client,
            ):
                loads = load()
                started = time.perf_counter()
                summary = tag_file_on_cluster(
                    model, source, Path(folder) / "out.csv", columns, scheduler=client
                )
                seconds = time.perf_counter() - started
            run = {
                "workers": workers,
                "seconds": round(seconds, 1),
                "answers_per_second": round(args.answers / seconds, 1),
                "tagging_seconds": round(summary.tagging_seconds, 1),
                "needs_seconds": round(summary.needs_seconds, 1),
                "load_before": loads,
                "load_after": load(),
            }
            figures["runs"].append(run)
            print(
                f"{workers} worker(s): {run['seconds']} s, {run['answers_per_second']} answers/s "
                f"(tagging {run['tagging_seconds']} s, needs {run['needs_seconds']} s); "
                f"load {loads}",
                flush=True,
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
