"""Both cores and more machines: worker processes and a Dask cluster give the same bytes.

Chunks are the unit of work whatever runs them, so a file of several chunks
(small `chunk_rows` keep these tests fast) must be written byte for byte the
same by one process, by two worker processes and by a Dask cluster of two
worker processes.
"""

from __future__ import annotations

import builtins
import importlib
import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier.errors import ClassifierError
from classifier.jobs import bulk
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns
from classifier.model import estimator, parallel
from classifier.model.estimator import ThemeClassifier
from classifier.model.parallel import effective_jobs
from classifier.needs.units import SpooledRows
from classifier.text import embeddings

from conftest import EXAMPLES, read_labeled

SAMPLE = EXAMPLES / "consultation_sample.csv"
# Each question's kind declared: the kinds reach workers and the cluster with the chunks.
QUESTIONS = Columns(
    texts=["q_improve", "q_strengths"],
    respondent="respondent_id",
    language="questionnaire_language",
    kinds={"q_improve": "improvements", "q_strengths": "strengths"},
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A survey export of 400 distinct test-split answers in three languages, shuffled."""
    test = read_labeled("test.csv").sample(400, random_state=1)
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i % 150:04d}" for i in range(len(test))],
            "questionnaire_language": test["language"].to_numpy(),
            "answer": test["text"].to_numpy(),
        }
    )
    path = tmp_path_factory.mktemp("generated") / "export.csv"
    frame.to_csv(path, index=False)
    return path


GENERATED = Columns(texts=["answer"], respondent="respondent_id", language="questionnaire_language")


@pytest.fixture(scope="module")
def one_process(model, generated, tmp_path_factory) -> dict[str, Path]:
    """The sample (chunks of 40 rows) and the generated export (chunks of 90) tagged by
    this process alone, by source file name: the reference bytes that workers, forked
    workers and a Dask cluster must write, tagged once for the module. Read-only."""
    folder = tmp_path_factory.mktemp("one_process")
    outputs = {}
    for source, columns, rows in ((SAMPLE, QUESTIONS, 40), (generated, GENERATED, 90)):
        outputs[source.name] = folder / source.name
        tag_file(model, source, outputs[source.name], columns, chunk_rows=rows, n_jobs=1)
    return outputs


def test_two_workers_write_the_same_bytes_as_one_process(model, tmp_path, generated, one_process):
    for source, columns, rows in ((SAMPLE, QUESTIONS, 40), (generated, GENERATED, 90)):
        one, two = one_process[source.name], tmp_path / f"two_{source.name}"
        tag_file(model, source, two, columns, chunk_rows=rows, n_jobs=2)
        assert one.read_bytes() == two.read_bytes()
        tagged = pd.read_csv(one, dtype=str, keep_default_na=False)
        assert len(tagged) == len(pd.read_csv(source, dtype=str))
        assert tagged.filter(like="need_ids").ne("").any().any()  # needs were grouped
    for folder in (tmp_path, one.parent):  # no leftovers, by workers or by this process
        assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_cli_jobs_option(cli, tmp_path):
    outputs = []
    cores = parallel.usable_cores()
    for jobs in ("1", "2", "500"):
        output = tmp_path / f"jobs{jobs}.csv"
        code, _, err = cli(
            "tag", SAMPLE, "-o", output, "--text-column", "q_improve", "--jobs", jobs
        )
        assert code == 0, err
        outputs.append(output.read_bytes())
        # More workers than cores would share them, each with its own memory: capped, said.
        note = f"--jobs {jobs} is more than the {cores} core(s) this process may use"
        assert (note in err) == (int(jobs) > cores)
    assert outputs[0] == outputs[1] == outputs[2]
    with pytest.raises(SystemExit):  # argparse: "must be at least 1"
        cli("tag", SAMPLE, "-o", tmp_path / "x.csv", "--jobs", "0")


def test_predict_n_jobs_gives_the_same_bits(model, monkeypatch):
    monkeypatch.setattr(estimator, "CHUNK_ROWS", 60)  # 150 answers: 3 chunks
    texts = read_labeled("test.csv")["text"].tolist()[:150]
    one = model.analyze(texts, n_jobs=None)
    two = model.analyze(texts, n_jobs=2)
    for name in ("theme_probabilities", "stance_probabilities", "embeddings"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name
    assert one.languages == two.languages
    frame = pd.DataFrame({"answer": texts})
    assert model.tag(frame, n_jobs=2).equals(model.tag(frame))


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_forked_workers_write_the_same_bytes_as_started_ones(model, tmp_path, monkeypatch):
    # `classifier tag` forks its workers from the loaded model (Linux); a library call, and
    # macOS and Windows, start loky processes that are sent the model: the same bytes.
    forks = []
    forked_pool = parallel._forked_pool
    monkeypatch.setattr(parallel, "_forked_pool", lambda *a: forks.append(a) or forked_pool(*a))
    forked, started = tmp_path / "forked.csv", tmp_path / "started.csv"
    tag_file(model, SAMPLE, forked, QUESTIONS, chunk_rows=40, n_jobs=2, fork_workers=True)
    assert forks
    tag_file(model, SAMPLE, started, QUESTIONS, chunk_rows=40, n_jobs=2)
    assert len(forks) == 1
    assert forked.read_bytes() == started.read_bytes()


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_workers_forked_while_the_encoder_preloads_take_it_loaded(tmp_path, one_process):
    # `classifier tag` starts loading the encoder in a thread, then forks workers: a worker
    # copied mid-load would wait forever for a thread it does not have.
    fresh = ThemeClassifier.load()  # its encoder is not loaded yet
    embeddings.preload_use()
    forked = tmp_path / "forked.csv"
    tag_file(fresh, SAMPLE, forked, QUESTIONS, chunk_rows=40, n_jobs=2, fork_workers=True)
    assert not [t for t in embeddings._preload_threads if t.is_alive()]
    assert forked.read_bytes() == one_process[SAMPLE.name].read_bytes()


def _state_and_parent(stat: Path) -> tuple[str, int] | None:
    """A process's state letter and parent id, from its /proc stat file (None once gone)."""
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    return [
        int(stat.parent.name)
        for stat in Path("/proc").glob("[0-9]*/stat")
        if (found := _state_and_parent(stat)) is not None and found[1] == pid
    ]


def _running(pid: int) -> bool:
    """Whether process `pid` exists and has not ended (a zombie waits only to be reaped)."""
    found = _state_and_parent(Path(f"/proc/{pid}/stat"))
    return found is not None and found[0] != "Z"


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_forked_workers_die_with_a_killed_command(tmp_path):
    # A forked worker holds both ends of its task pipe, so it would never see its parent
    # go: killed with `kill -9`, the command must not leave workers (and their memory).
    source = tmp_path / "export.csv"
    read_labeled("test.csv").head(3000)[["respondent", "text"]].to_csv(source, index=False)
    command = [sys.executable, "-m", "classifier.cli", "tag", str(source), "-o"]
    tagging = subprocess.Popen(
        [*command, str(tmp_path / "tagged.csv"), "--text-column", "text", "--jobs", "2"],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(workers := _children(tagging.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers) >= 2, "the command forked no workers"
    tagging.kill()
    tagging.wait()
    deadline = time.monotonic() + 30
    while [w for w in workers if _running(w)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if _running(w)]


def test_progress_bar_starts_no_thread(tmp_path):
    # The bar is drawn before workers are forked: a thread alive at the fork could hold a
    # lock the copies would wait for (tqdm's own bar starts a monitor thread).
    threads = threading.active_count()
    bar = bulk._ProgressBar(total=3, file=io.StringIO())
    bar.update(1)
    assert threading.active_count() == threads
    bar.close()


def test_n_jobs_follows_scikit_learn():
    assert effective_jobs(None) == 1
    assert effective_jobs(1) == 1
    assert effective_jobs(np.int64(2)) == 2
    assert effective_jobs(-1) >= 1
    for refused in (0, 1.0, True):
        with pytest.raises(ClassifierError):
            effective_jobs(refused)


def test_a_refitted_model_is_not_served_by_workers_holding_its_old_state(train_frame, monkeypatch):
    monkeypatch.setattr(estimator, "CHUNK_ROWS", 60)  # 150 answers: 3 chunks
    texts = read_labeled("test.csv")["text"].tolist()[:150]
    rows = train_frame.sort_values("id")
    clf = ThemeClassifier(cv_folds=3)
    for part in (rows.iloc[::80], rows.iloc[1::80]):  # the same object fitted twice
        clf.fit(part["text"].tolist(), part["themes"].tolist(), stances=part["stance"].tolist())
        assert np.array_equal(clf.predict_proba(texts, n_jobs=2), clf.predict_proba(texts))
    # A feature weight set since the fit is refused before any worker starts (hunt 43).
    clf.set_params(embedding_weight=clf.embedding_weight * 2)
    with pytest.raises(ClassifierError, match="fit it again"):
        clf.predict_proba(texts, n_jobs=2)


def test_no_more_workers_start_than_there_are_chunks(model, monkeypatch):
    started = []
    monkeypatch.setattr(estimator, "map_chunks", _record_jobs(started))
    texts = read_labeled("test.csv")["text"].tolist()[:150]
    monkeypatch.setattr(estimator, "CHUNK_ROWS", 60)  # 3 chunks
    model.analyze(texts, n_jobs=8)
    assert started == [3]


def _record_jobs(started: list):
    """`map_chunks` in this process, recording the number of workers it was asked for."""

    def run(model, function, calls, jobs, **options):
        started.append(jobs)
        return parallel.map_chunks(model, function, calls, 1)

    return run


def test_spooled_rows_read_back_exactly(tmp_path):
    rng = np.random.default_rng(0)
    blocks = [rng.standard_normal((n, 7)).astype(np.float32) for n in (5, 0, 3, 11)]
    rows = SpooledRows(tmp_path / "rows.bin", np.float32)
    for block in blocks:
        rows.append(block)
    whole = np.vstack(blocks)
    index = np.array([18, 0, 3, 3, 4, 5, 17, 1])
    assert rows.shape == whole.shape
    assert np.array_equal(rows[index], whole[index])
    assert rows[[]].shape == (0, 7)
    rows.close()


def test_dask_cluster_writes_the_same_bytes(model, tmp_path, generated, one_process, monkeypatch):
    distributed = pytest.importorskip("dask.distributed")
    from classifier.jobs import distributed as on_cluster
    from classifier.jobs.distributed import tag_file_on_cluster

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        for source, columns, rows in ((SAMPLE, QUESTIONS, 40), (generated, GENERATED, 90)):
            local, remote = one_process[source.name], tmp_path / f"dask_{source.name}"
            summary = tag_file_on_cluster(
                model, source, remote, columns, scheduler=client, chunk_rows=rows
            )
            assert summary.rows == len(pd.read_csv(source, dtype=str))
            assert local.read_bytes() == remote.read_bytes()
        # A chunk the cluster cancels (as when the scheduler goes away mid-run): a clear
        # error, no output, no temporary file left.
        real_ordered_map = on_cluster.ordered_map

        def cancelling(submit, calls, ahead):
            def submit_then_cancel(*call):
                future = submit(*call)
                client.cancel(future)
                return future

            return real_ordered_map(submit_then_cancel, calls, ahead)

        monkeypatch.setattr(on_cluster, "ordered_map", cancelling)
        before = set(tmp_path.iterdir())
        with pytest.raises(ClassifierError, match="cancelled a chunk before it was tagged"):
            tag_file_on_cluster(
                model, SAMPLE, tmp_path / "cancelled.csv", QUESTIONS, scheduler=client
            )
        assert set(tmp_path.iterdir()) == before


def test_the_model_is_sent_to_the_cluster_without_a_broadcast(model, tmp_path):
    # Dask's broadcast (the scheduler's `replicate`) retried a worker killed while the model
    # was sent to it every 30 s, forever: `classifier tag --scheduler` hung (hunt 27). The
    # model is scattered once and each worker fetches it with its first chunk, which Dask
    # gives up on, as on any lost worker, instead of waiting.
    distributed = pytest.importorskip("dask.distributed")
    from classifier.jobs.distributed import tag_file_on_cluster

    with distributed.Client(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as client:
        scattered = []
        real_scatter = client.scatter

        def recording(data, **options):
            scattered.append(options)
            return real_scatter(data, **options)

        client.scatter = recording
        output = tmp_path / "tagged.csv"
        tag_file_on_cluster(model, SAMPLE, output, QUESTIONS, scheduler=client, chunk_rows=80)
    assert output.exists()
    assert scattered and not any(options.get("broadcast") for options in scattered)


def test_missing_dask_names_the_extra(monkeypatch, cli, tmp_path):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "dask" or name.startswith("dask."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    real_import_module = importlib.import_module

    def no_dask_module(name, *args):
        if name == "dask" or name.startswith("dask."):
            raise ImportError(f"No module named {name!r}")
        return real_import_module(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_dask_module)
    code, _, err = cli("tag", SAMPLE, "-o", tmp_path / "o.csv", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2
    assert 'pip install "classifier[dask]"' in err and ".[dask]" in err
