"""Output files: one check before writing, and atomic writes.

Every writer (tagged files, reports, review sheets, models and cards) calls
`check_output_path` first and writes through `atomic_write`, so an output never
replaces an input and a crash never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ClassifierError


def check_output_path(output: str | Path, *inputs: str | Path, create_parent: bool = False) -> Path:
    """`output` as a Path, refused when it is an input file, a directory, or in a missing
    directory (which is created instead when `create_parent`)."""
    output = Path(output)
    for source in inputs:
        if source is not None and output.resolve() == Path(source).resolve():
            raise ClassifierError(f"output {output} is an input file; choose another output path")
    if output.is_dir():
        raise ClassifierError(f"output {output} is a directory, not a file name")
    if not output.parent.exists():
        if not create_parent:
            raise ClassifierError(f"output directory {output.parent} does not exist")
        output.parent.mkdir(parents=True, exist_ok=True)
    return output


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file next to `path`, then rename it into place.

    The rename is atomic on the same file system, so readers see either the
    old file or the complete new one.
    """
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_current_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to `path` atomically."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _current_umask() -> int:
    """The process umask (mkstemp creates files 0600; outputs get the usual mode)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
