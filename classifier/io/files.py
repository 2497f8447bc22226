"""Output files: one check before writing, atomic writes, a lock per output, no leftovers.

Every writer (tagged files, reports, review sheets, models and cards) calls
`check_output_path` first and writes through `atomic_write`, so an output never
replaces an input and a crash never leaves a half-written file behind.

Temporary files sit beside their output and are named so staff recognise them (an output
name over MARKED_BYTES is shortened there to its start and a digest, `marked_name`, so that
they fit the file system whenever the output does):
`.<output>.classifier-<pid>-<random>.tmp` (the file being written) and
`.<output>.classifier-<pid>-<random>.parts.jsonl` (the tagged rows of a
`classifier tag` run, before the needs are added) and
`.<output>.classifier-<pid>-<random>.asks` (the sentence embeddings and need
probabilities of its asks, kept on disk for the needs step). A long job holds
`output_lock(output)` (the lock file `.<output>.classifier.lock`) for its whole
run: a second run on the same output is refused at once. Under the lock, the
temporary files of the same output left by a killed run are removed
(`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import ClassifierError, OutputLockedError

TEMP_MARK = "classifier"
TEMP_SUFFIXES = (".tmp", ".parts.jsonl", ".asks")
# A temporary file whose run is not known to be dead is removed once it is this old
# (a process id may have been reused, or the pid cannot be checked on this system).
STALE_AFTER_SECONDS = 3600
# The longest file name (in bytes) of the usual file systems (ext4, APFS, NTFS), when the
# output's own cannot be asked (`os.pathconf`).
NAME_BYTES = 255
# The most bytes of an output's name that its temporary and lock names repeat: they add up
# to 41 bytes to it (`.<name>.classifier-<pid>-<random>.parts.jsonl`), and a model's staged
# card, named after the staged model, adds its own on top.
MARKED_BYTES = 120


def check_output_path(
    output: str | Path,
    *inputs: str | Path,
    create_parent: bool = False,
    created_by_writer: bool = False,
) -> Path:
    """`output` as a Path, refused when it is an input file, a directory, or in a missing
    directory (which is created instead when `create_parent`, and accepted as it is when
    `created_by_writer`: the writer makes it, as a model's `save` does, so that a command
    failing before it writes, such as `train` on refused data, leaves no empty folder
    behind) or inside a file (a typo, `-o export.csv/tagged.csv`: refused here, before any
    work, not when written)."""
    refuse_a_long_name(output)  # first: asking whether a name too long is a folder fails
    output = refuse_a_folder(output)
    for source in inputs:
        if source is not None and same_file(output, Path(source)):
            raise ClassifierError(f"output {output} is an input file; choose another output path")
    blocking = file_in_the_way(output.parent)
    if blocking is not None:
        raise ClassifierError(f"output {output}: {blocking} is a file, not a folder")
    refuse_a_read_only_file(output)
    if not output.parent.exists() and not created_by_writer:
        if not create_parent:
            raise ClassifierError(
                f"output directory {output.parent} does not exist; create it first"
            )
        output.parent.mkdir(parents=True, exist_ok=True)
    return output


def user_path(path: str | os.PathLike[str]) -> str:
    """`path` as text with a leading `~` (`~user`) read as the home folder, as the shell
    reads it at the start of a word. The shell leaves it as written after `=`
    (`--output=~/models/m.npz`) and in quotes (`"~/My exports/a.csv"`), and Python never
    expands it (`save("~/models/m")`): read as written, a writer that makes missing folders
    made one named `~` in the working folder (which `rm -rf ~`, typed to remove it, takes
    for the home), and readers said the file did not exist. The rest is kept as written,
    a trailing separator included (`-o models/new/` names a folder, refused as an output);
    without a home folder known, `path` as it is."""
    return os.path.expanduser(os.fspath(path))


def refuse_a_read_only_file(output: Path) -> None:
    """Raise ClassifierError when `output` is a file its owner may not write (`chmod a-w`,
    a file marked read-only): whoever made it so meant to keep it. A write replaces the
    file by renaming a new one over it, which the folder's permissions allow on Linux and
    macOS, so the mark alone protected nothing (and Windows refuses the rename with an
    internal error)."""
    with contextlib.suppress(OSError):  # no such file: nothing to protect
        if output.is_file() and not os.stat(output).st_mode & stat.S_IWUSR:
            raise ClassifierError(
                f"{output} is read-only, so it is not replaced: write to another file, or "
                "make it writable first (chmod u+w, or untick Read-only in its properties) if "
                "it is to be replaced"
            )


def refuse_a_folder(output: str | Path) -> Path:
    """`output` as a Path, refused (ClassifierError) when it names a folder: one that
    exists, or a name ending in a path separator (`-o reports/`, which Path would read as
    the file `reports`). An output is always a file name, never a folder to write in."""
    text = str(output)
    if Path(output).is_dir() or text.endswith(tuple(filter(None, (os.sep, os.altsep)))):
        raise ClassifierError(
            f"output {text} names a folder, not a file: name the file to write in it "
            f"({Path(text) / 'NAME'})"
        )
    return Path(output)


def file_in_the_way(folder: Path) -> Path | None:
    """The first of `folder` and the folders above it that exists and is no folder (a file
    given as a folder, `export.csv/tagged.csv`), or None: nothing can be written in it."""
    return next((f for f in (folder, *folder.parents) if f.exists() and not f.is_dir()), None)


def refuse_a_long_name(path: str | Path) -> Path:
    """`path` as a Path, refused (ClassifierError) when its name is longer than its file
    system takes (255 bytes of UTF-8 on the usual ones): before any work, not with "File
    name too long" once it is written, after the tagging, the report or the training."""
    path = Path(path)
    size = len(os.fsencode(path.name))
    if size <= NAME_BYTES or os.name == "nt":  # NTFS counts 255 UTF-16 units, not bytes:
        return path  # a name it refuses is named by Windows' own error when written
    limit = NAME_BYTES
    folder = next((f for f in (path.parent, *path.parent.parents) if f.is_dir()), None)
    with contextlib.suppress(AttributeError, OSError, ValueError):  # the limit not known
        limit = os.pathconf(folder or ".", "PC_NAME_MAX")
    if size > limit:
        raise ClassifierError(
            f"output {path}: its name is {size} bytes long (in UTF-8), more than the {limit} "
            "a file name may have here: give a shorter name"
        )
    return path


def marked_name(output: Path) -> str:
    """The part of `output`'s name that its temporary and lock files repeat: the whole name,
    or, over MARKED_BYTES of UTF-8, its start and a digest of the whole (`start~1a2b3c4d`),
    so that those files fit the file system whenever the output does (a name of 220 bytes
    is a valid file name, and its temporaries were refused as too long after the work)."""
    raw = os.fsencode(Path(output).name)
    if len(raw) <= MARKED_BYTES:
        return Path(output).name
    digest = hashlib.sha256(raw).hexdigest()[:8]
    start = raw[: MARKED_BYTES - len(digest) - 1].decode("utf-8", "ignore")
    return f"{start}~{digest}"


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same path once resolved, or, when both exist,
    the same file on disk under another name (a hard link, or another spelling on a
    case-insensitive file system: `Export.csv` and `export.csv` on macOS and Windows)."""
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet)
        return False


def temporary_path(output: Path, suffix: str) -> Path:
    """A new, unique temporary file name beside `output` (the file is not created)."""
    if suffix not in TEMP_SUFFIXES:
        raise ValueError(f"temporary suffix must be one of {TEMP_SUFFIXES}")
    token = secrets.token_hex(4)
    return output.with_name(f".{marked_name(output)}.{TEMP_MARK}-{os.getpid()}-{token}{suffix}")


def lock_path(output: Path) -> Path:
    """The lock file of an output: `.<output>.classifier.lock` beside it."""
    return output.with_name(f".{marked_name(output)}.{TEMP_MARK}.lock")


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock of `output` for the duration; refuse at once if another run holds it
    (OutputLockedError), or if its lock file cannot be created (ClassifierError: `filelock`
    reports some such folders as a lock held elsewhere).

    The lock is an OS file lock (`filelock`), released by the system when a
    process dies, even by `kill -9`; the lock file is removed on a normal exit
    (while still held, so a waiting run never keeps a lock on a removed file).
    """
    path = lock_path(Path(output))
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        if not path.exists():  # no run holds it: the folder would not let it be created
            raise ClassifierError(
                f"cannot write {output}: its lock file {path.name} could not be created in "
                f"{path.parent}"
            ) from None
        raise OutputLockedError(
            f"another classifier run is writing {output}; wait for it to finish "
            "or choose another output"
        ) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # Windows cannot remove an open file: it stays
            path.unlink()
        lock.release()


_TEMP_NAME = re.compile(r"\.classifier-(\d+)-[0-9a-f]+(\.tmp|\.parts\.jsonl|\.asks)$")


def remove_stale_temporaries(output: Path, log: Callable[[str], None] = lambda m: None) -> int:
    """Remove the temporary files of `output` left by runs that are gone; returns how many.

    Call it while holding `output_lock(output)`: then no other run of this
    output is alive on this machine. A file is removed when the process that
    wrote it is dead, or when it is older than STALE_AFTER_SECONDS.
    """
    output = Path(output)
    removed = 0
    prefix = f".{marked_name(output)}."
    for path in output.parent.glob(f".{glob.escape(marked_name(output))}.{TEMP_MARK}-*"):
        match = _TEMP_NAME.search(path.name)
        if match is None or not path.name.startswith(prefix):
            continue
        pid = int(match.group(1))
        if pid == os.getpid():
            continue
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            continue
        if process_alive(pid) and age < STALE_AFTER_SECONDS:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
            log(f"removed {path.name}, left by an interrupted run (process {pid})")
    return removed


def process_alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine (True when it cannot be told)."""
    if os.name == "nt":  # os.kill would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by another user
        return True
    return True


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file next to `path`, then rename it into place.

    The rename is atomic on the same file system, so readers see either the
    old file or the complete new one. A read-only `path` is refused
    (`refuse_a_read_only_file`). The new file keeps the permissions of the file it
    replaces (a tagged file of personal answers made private stays private), else gets
    those of any new file (`umask`).
    """
    path = Path(path)
    refuse_a_read_only_file(path)  # writers that name their file late: a model's save
    tmp = temporary_path(path, ".tmp")
    try:
        write(tmp)
        os.chmod(tmp, _mode_of(path))
        os.replace(tmp, path)
    except FileNotFoundError as error:
        tmp.unlink(missing_ok=True)
        if path.parent.is_dir():
            raise
        # Not "<hidden temporary>: No such file or directory", a file the user never named.
        raise ClassifierError(
            f"the output's folder {path.parent} was deleted or moved during the run: "
            f"nothing was written to {path.name}; create the folder again and run the "
            "command again"
        ) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _mode_of(path: Path) -> int:
    """The permission bits `path` has, or those of a new file when there is none: writing
    it again must not open to every user a file its owner made private (`chmod 600`)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_current_umask()


def _current_umask() -> int:
    """The process umask (new files get the usual mode, as any editor would write them)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
