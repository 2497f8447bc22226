"""The `classifier` command line: tag, needs, report, train, evaluate, languages, review,
models, promote, explain, convert.

Every failure a user can cause (a missing column, an unreadable file, unknown
ids, a model that does not match the data, an output another run is writing)
is a `ClassifierError` or an `OSError`: it ends with one sentence on stderr and
exit status 2, never a traceback. `--debug` shows the traceback of any error.
Warnings about the data or the model (`ClassifierWarning`) print as
`classifier: warning: ...`. A closed output pipe (`| head`) ends the command
quietly, and SIGTERM ends it like Ctrl-C, removing its temporary files.

Each command imports its pipeline stage inside its handler: `classifier
report` or `classifier languages` never pay for loading spaCy or the sentence
encoder, and `--help` answers at once.

This module runs a command (exit statuses, warnings, signals); `parser.py`
declares the arguments; the handlers are grouped by job in `tagging.py`,
`needs.py`, `training.py` and `report.py`, over `common.py`.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

from ..errors import ClassifierError, ClassifierWarning
from .common import chosen_sheet, log
from .parser import build_parser

EXIT_USAGE = 2
EXIT_INTERNAL = 1
EXIT_BROKEN_PIPE = 128 + 13  # what a Unix tool killed by SIGPIPE reports
EXIT_TERMINATED = 128 + 15


def _warning_printer():
    """A `warnings.showwarning` that prints the tool's own warnings as one line, each text
    once per command (a file read twice, for its columns and then its rows, warns once),
    and others as Python does."""
    printed: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, ClassifierWarning):
            text = f"classifier: warning: {message}"
            if text not in printed:
                printed.add(text)
                log(text)
        else:
            log(warnings.formatwarning(message, category, filename, lineno, line).rstrip())

    return show


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that cleanup (temporary files, lock) runs."""


def _terminate(signum, frame) -> None:
    raise _Terminated()


def run() -> None:
    """The `classifier` command: `main` on the command line's arguments, then exit.

    Before exiting it freezes the garbage collector's objects (`gc.freeze`):
    the collector then skips, at interpreter shutdown, the millions of objects
    that scikit-learn, spaCy, pandas and the model leave in memory, which took
    0.35 s of every run; atexit handlers and finalizers run as usual, and the
    operating system frees the memory. `main` alone, as tests and other Python
    code call it, does not touch the collector.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


def main(argv: list[str] | None = None) -> int:
    """Run the `classifier` command on `argv` (default: the command line); its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    in_main_thread = hasattr(signal, "SIGTERM") and _is_main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", ClassifierWarning)
            warnings.showwarning = _warning_printer()
            return _run(args)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
        _finish_encoder_loading()


def _finish_encoder_loading() -> None:
    """Wait for an encoder `tag` started loading in the background (`preload_use`) when the
    command ended before using it (a column not found): `main` then returns with no thread
    of its own still running in the caller's process, where it would import and compile
    modules beside the caller's code (CPython 3.11 can fail compiling in two threads at
    once: "AST constructor recursion depth mismatch", seen in the test suite)."""
    embeddings = sys.modules.get("classifier.text.embeddings")
    if embeddings is not None:
        embeddings.finish_preloads()


def _is_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _choose_sheet(args: argparse.Namespace) -> None:
    """For a workbook input without --sheet, choose its sheet once (`chosen_sheet`), so that
    every read of it is of that sheet."""
    source = getattr(args, "input", None)
    if isinstance(source, str | Path) and hasattr(args, "sheet"):
        args.sheet = chosen_sheet(source, args.sheet)


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command; its exit status."""
    try:
        _choose_sheet(args)
        args.handler(args)
        if sys.stdout is not None:  # None: closed (`>&-`), where `show` drops results as print does
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as Unix tools do.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except (ClassifierError, OSError) as error:
        if args.debug:
            raise
        message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        if isinstance(error, OSError) and error.filename:
            message = f"{error.filename}: {message}"
        log(f"classifier: error: {message}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        log("classifier: interrupted")
        return 130
    except _Terminated:
        log("classifier: terminated")
        return EXIT_TERMINATED
    except Exception as error:  # an unexpected failure: one line unless --debug
        if args.debug:
            raise
        log(
            f"classifier: internal error: {type(error).__name__}: {error} "
            "(run with --debug for details)"
        )
        return EXIT_INTERNAL
    return 0


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests capture it)


__all__ = ["build_parser", "main", "run"]
