"""Tagging on a Dask cluster: past one machine, the same output.

`tag_file_on_cluster` is `bulk.tag_file` with the chunks tagged by the workers
of a Dask cluster instead of local processes:

- this process (the client) reads the input in the same chunks of 1,000 rows,
  sends each chunk to the cluster as a task, and takes the results back in
  order, with at most AHEAD_PER_WORKER chunks per worker in flight (memory
  stays flat in the input size);
- the model is sent once to the cluster (`Client.scatter`), not broadcast: each
  worker fetches it from another when its first chunk needs it (Dask's broadcast
  retries a worker that dies during it forever, so the run hung, and Dask's
  memory manager keeps one copy of scattered data anyway);
- a worker returns the chunk's tagged rows and its asks (sentence embedding,
  theme scores, need probabilities of each request or criticism);
- the needs are grouped here, in one global step over every ask of the file,
  and the output is written here, as on one machine.

The chunks, the model and the code are those of the single-machine path, so
the output is the same byte for byte. Workers run BLAS on one thread
(`model.parallel.WORKER_THREADS`); start them with one thread each
(`dask worker ADDRESS --nthreads 1`) and as many workers as cores.

Dask is an optional extra (`pip install "classifier[dask]"`); without it,
`ClassifierError` says which extra to install.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ClassifierError
from ..model.parallel import AHEAD_PER_WORKER, limit_threads, one_blas_thread, ordered_map
from ..vocab import DEFAULT_MIN_RESPONDENTS
from .bulk import (
    DEFAULT_CHUNK_ROWS,
    TaggedChunk,
    TagSummary,
    checked_paths,
    tag_chunk,
    tag_file,
)
from .columns import Columns

if TYPE_CHECKING:
    import numpy as np

    from ..model.estimator import ThemeClassifier
    from ..text.language import LanguageContext

DASK_EXTRA = "dask"


def dask_client_class() -> type:
    """`dask.distributed.Client`, or a ClassifierError naming the extra to install."""
    try:
        return importlib.import_module("dask.distributed").Client
    except ImportError as error:
        raise ClassifierError(
            f"tagging on a Dask cluster needs Dask, which is not installed ({error}); "
            f'install the optional extra: pip install "classifier[{DASK_EXTRA}]" '
            f'(from a checkout: pip install ".[{DASK_EXTRA}]")'
        ) from None


def tag_file_on_cluster(
    model: ThemeClassifier,
    source: Path,
    output: Path,
    columns: Columns,
    *,
    scheduler: str | Any,
    sheet: str | None = None,
    encoding: str | None = None,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    raw_csv: bool = False,
    locked: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> TagSummary:
    """`tag_file`, with the chunks tagged on the Dask cluster at `scheduler`.

    `scheduler` is the scheduler's address (`tcp://HOST:8786`) or a connected
    `dask.distributed.Client`. Connection errors are ClassifierErrors, and so is what
    `tag_file` refuses, before the cluster is asked for anything.
    """
    source, output = checked_paths(source, output, columns, min_respondents, chunk_rows)
    client, own = _connect(scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        log(f"Dask cluster at {client.scheduler.address}: {workers} worker(s)")
        # Not broadcast: the scheduler's replication retried a worker killed during it
        # every 30 s forever, so the run hung (see the module docstring).
        shared = client.scatter(model, hash=False)

        def executor(calls: Iterable[tuple]) -> Iterator[TaggedChunk]:
            return ordered_map(
                lambda chunk, first_row, cols, contexts, mixes: client.submit(
                    _tag_on_worker, shared, chunk, first_row, cols, contexts, mixes, pure=False
                ),
                calls,
                AHEAD_PER_WORKER * workers,
            )

        try:
            return tag_file(
                model,
                source,
                output,
                columns,
                sheet=sheet,
                encoding=encoding,
                min_respondents=min_respondents,
                chunk_rows=chunk_rows,
                raw_csv=raw_csv,
                locked=locked,
                executor=executor,
                log=log,
            )
        except CancelledError as error:  # Dask's FutureCancelledError is one
            raise ClassifierError(
                f"the Dask cluster at {client.scheduler.address} cancelled a chunk before it "
                "was tagged (the scheduler went away, a worker holding the model went away, or "
                f"the task was cancelled: {error}); "
                f"nothing was written to {output}: run again once the cluster is back"
            ) from None
    finally:
        if own:
            client.close()


def _connect(scheduler: str | Any) -> tuple[Any, bool]:
    """A client of the cluster, and whether we opened it (and so close it)."""
    client_class = dask_client_class()
    if isinstance(scheduler, client_class):
        return scheduler, False
    if isinstance(scheduler, str):
        _check_address(scheduler)
    try:
        return client_class(scheduler, timeout="20s"), True
    except (OSError, TimeoutError, ValueError) as error:
        raise ClassifierError(
            f"cannot reach the Dask scheduler at {scheduler}: {error}; start one with "
            "`dask scheduler` and give its address (tcp://HOST:8786)"
        ) from None


def _check_address(scheduler: str) -> None:
    """Refuse a scheduler address no scheduler can have, before waiting out the connection's
    timeout: an empty one (`--scheduler ''`, which tagged on this machine without a word) and
    a port outside 1-65535 (a typo waited 20 s for a connection that could never be)."""
    if not scheduler.strip():
        raise ClassifierError(
            "no Dask scheduler address given: give its address (tcp://HOST:8786), or leave "
            "--scheduler out to tag on this machine"
        )
    port = re.search(r":(\d+)/*$", scheduler.strip())
    if port and not 0 < int(port.group(1)) < 65536:
        raise ClassifierError(
            f"the Dask scheduler address {scheduler} has port {port.group(1)}: a port is a "
            "number from 1 to 65535 (the scheduler's default is 8786)"
        )


def _tag_on_worker(
    model: ThemeClassifier,
    chunk,
    first_row: int,
    columns: Columns,
    contexts: dict[str, LanguageContext] | None,
    stance_mixes: dict[str, np.ndarray | None] | None,
) -> TaggedChunk:
    """A chunk tagged on a Dask worker, with the worker's copy of the model."""
    limit_threads(model, 1)
    with one_blas_thread():
        return tag_chunk(model, chunk, first_row, columns, contexts, stance_mixes)
