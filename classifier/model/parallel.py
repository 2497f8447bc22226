"""Worker processes for tagging: the model loaded once per worker, results in order.

Tagging a large batch is cut into chunks of CHUNK_ROWS answers, the unit of
work whatever the number of workers: a sentence embedding differs in its last
float bits with the other texts of its batch, and language detection's column
prior is computed per chunk, so the same chunks give bit-identical results
whether one process tags them in turn or several workers share them. Results
come back in chunk order.

Where the system can fork (Linux) and the caller is the tagging job itself
(the `classifier tag` command: `fork=True`), workers are forked from this
process once its model is loaded: they start at once, share its memory pages
(the model's arrays, the sentence encoder's weights) instead of each loading a
copy, and nothing is pickled to start them. Otherwise (a library call, whose
program may run other threads; macOS and Windows, where forking a process that
has loaded native libraries is unsafe or impossible), workers are `loky`
processes (joblib's executor) sent the model once, through the executor's
initializer, and reused between calls with the same model in the same state (a refit or
set_params starts new ones: see `worker_pool`); forked workers
live for one call, as they copy this process as it is when they start. Each
worker runs its BLAS and the sentence encoder on one thread
(`WORKER_THREADS`), so two workers on two cores do not oversubscribe them.

`n_jobs` follows scikit-learn: None or 1 is one process (no worker started),
-1 is every core, -2 every core but one.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import numbers
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from threadpoolctl import threadpool_limits

from ..errors import ClassifierError

if TYPE_CHECKING:
    from .estimator import ThemeClassifier

# Answers per unit of work: `classifier tag` reads files in chunks of this many rows, and
# `predict` / `tag` cut larger batches the same way. Small enough that a file of a few
# thousand answers (a typical survey) keeps both cores busy.
CHUNK_ROWS = 1_000
# BLAS and encoder threads of each worker process.
WORKER_THREADS = 1
# Environment of worker processes: one BLAS / OpenMP thread each.
WORKER_ENVIRONMENT = {
    name: str(WORKER_THREADS)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
}
# Linux's prctl option: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1
# Chunks submitted ahead of the one being collected, per worker: enough to keep every
# worker busy, few enough that memory stays flat in the input size.
AHEAD_PER_WORKER = 2

_worker_model: ThemeClassifier | None = None


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than
    the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def effective_jobs(n_jobs: int | None) -> int:
    """The number of processes `n_jobs` asks for (scikit-learn's convention)."""
    if n_jobs is None:
        return 1
    if not isinstance(n_jobs, numbers.Integral) or isinstance(n_jobs, bool) or n_jobs == 0:
        raise ClassifierError(f"n_jobs must be a non-zero whole number or None, not {n_jobs!r}")
    return max(1, int(n_jobs) if n_jobs > 0 else usable_cores() + 1 + int(n_jobs))


def limit_threads(model: ThemeClassifier, threads: int) -> None:
    """Run `model`'s sentence encoder on `threads` BLAS threads (a no-op for other
    embedders)."""
    setter = getattr(model.embedder_, "set_threads", None)
    if setter is not None:
        setter(threads)


def _start_worker(model: ThemeClassifier, state_number: int = 0) -> None:
    """Initializer of a worker process: keep the model it was sent, encoder on one thread.
    (`state_number` only tells pools apart: see `worker_pool`.)"""
    global _worker_model
    limit_threads(model, WORKER_THREADS)
    _worker_model = model


def _start_forked_worker(model: ThemeClassifier, parent: int) -> None:
    """Initializer of a forked worker: die with the process that forked it, leave Ctrl-C
    and SIGTERM to it, then as `_start_worker`.

    A terminal's Ctrl-C and a service manager's SIGTERM reach the whole process
    group. The worker inherits the command's handlers: an idle one, waiting for a
    chunk, raised in `multiprocessing`'s loop, which printed a traceback under
    the command's one-line message. The command, which gets the same signal,
    cleans up and stops its workers instead.

    A forked worker inherits both ends of the pipe it reads its chunks from, so it
    would not see its parent go: killed (`kill -9`, out of memory), the parent
    would leave its workers waiting forever, each holding the model's memory.
    Linux's `prctl(PR_SET_PDEATHSIG)` has the system kill the worker instead.
    """
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    _start_worker(model)


def worker_model() -> ThemeClassifier:
    """The model of this worker process (sent or, forked, inherited once, when it started)."""
    if _worker_model is None:
        raise RuntimeError("no model in this process: it is not a tagging worker")
    return _worker_model


def can_fork() -> bool:
    """Whether this system can fork workers safely (Linux; not macOS, not Windows)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def worker_pool(model: ThemeClassifier, jobs: int) -> Executor:
    """`jobs` loky worker processes holding `model`, reused while the model is the same
    object in the same state: loky reuses its executor when the initializer's arguments
    compare equal, and a model compares equal to itself even after a refit, so its
    `state_number` (changed by `fit` and `set_params`) is one of them."""
    # loky starts processes: imported only by a run that uses workers.
    from joblib.externals.loky import get_reusable_executor

    return get_reusable_executor(
        max_workers=jobs,
        initializer=_start_worker,
        initargs=(model, model.state_number),
        env=WORKER_ENVIRONMENT,
        timeout=300,
    )


def _forked_pool(model: ThemeClassifier, jobs: int) -> ProcessPoolExecutor:
    """`jobs` workers forked from this process, which has loaded `model` (see the module
    docstring)."""
    # A fork copies this process as it is: an encoder still loading in a background
    # thread would never finish in the copies, so wait for it (they then share it).
    from ..text.embeddings import finish_preloads

    finish_preloads()
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_forked_worker,
        initargs=(model, os.getpid()),
    )


def ordered_map(submit: Callable[..., Future], calls: Iterable[tuple], ahead: int) -> Iterator[Any]:
    """The results of `submit(*call)` for each call, in order, with at most `ahead` calls
    in flight: inputs are read only as fast as results are taken."""
    pending: deque[Future] = deque()
    try:
        for call in calls:
            pending.append(submit(*call))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def map_chunks(
    model: ThemeClassifier,
    function: Callable[..., Any],
    calls: Iterable[tuple],
    jobs: int,
    keep_workers: bool = True,
    fork: bool = False,
) -> Iterator[Any]:
    """`function(model, *call)` for each call, in order: in this process when `jobs` is 1,
    else on `jobs` worker processes (where `function` gets the worker's copy of the model).

    Workers stay for the next call with the same model unless `keep_workers` is
    False: a bulk run stops them after its last chunk, so that their memory
    (the model, about 450 MB each) is free for its needs step. `fork` forks them
    from this process where the system can (`can_fork`), for this call only: only
    for a process that is the tagging job itself, such as the `classifier`
    command. A library call does not fork the program that made it, whose other
    threads a fork could leave holding locks in the copies.
    """
    if jobs <= 1:
        for call in calls:
            with one_blas_thread():
                result = function(model, *call)
            yield result
        return
    forked = fork and can_fork()
    pool = _forked_pool(model, jobs) if forked else worker_pool(model, jobs)
    try:
        yield from ordered_map(
            lambda *call: pool.submit(_in_worker, function, *call), calls, AHEAD_PER_WORKER * jobs
        )
    finally:
        if forked or not keep_workers:
            pool.shutdown(wait=True)


def _in_worker(function: Callable[..., Any], *call: Any) -> Any:
    """Run `function` with this worker's model, then give back what its chunk freed."""
    try:
        with one_blas_thread():
            return function(worker_model(), *call)
    finally:
        release_free_memory()


def release_free_memory() -> None:
    """Give the heap's free pages back to the system (glibc's `malloc_trim`; a no-op on
    other C libraries).

    Chunks come and go: a worker analyses 1,000 answers, the main process receives
    results of several MB. glibc keeps what they freed in its arenas, so a process's
    resident memory creeps up with the file although what it holds stays flat (on 300,000
    answers the main process held 55 MB more and showed 190 MB more). Called after each
    chunk, it keeps memory flat in the input size.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None when the C library has none."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def one_blas_thread():
    """A context in which BLAS runs on WORKER_THREADS threads: matrix products then give
    the same bits in this process as in a worker (they differ with the thread count)."""
    return threadpool_limits(limits=WORKER_THREADS, user_api="blas")


def on_one_blas_thread(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, run in `one_blas_thread()` at each call."""

    @functools.wraps(function)
    def on_one_thread(*args: Any, **kwargs: Any) -> Any:
        with one_blas_thread():
            return function(*args, **kwargs)

    return on_one_thread
