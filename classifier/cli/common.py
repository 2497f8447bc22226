"""What the commands share: logging, the input and its columns, text safe to print."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import CommandError


def log(message: str) -> None:
    """Print a progress, warning or error line on stderr (stdout carries the results), safe
    for the terminal (`terminal_safe`): messages quote column names, cells and file names.

    Without a stderr (closed, `2>&-`, or none, as under pythonw on Windows: `sys.stderr`
    is None) the line is dropped: `print` given no file writes to stdout, where the line
    went among the results a script reads."""
    if sys.stderr is None:
        return
    print(writable(terminal_safe(message), sys.stderr), file=sys.stderr, flush=True)


def show(line: str) -> None:
    """Print a result line on stdout, safe for the terminal (`terminal_safe`): results quote
    answers, need labels, codebook and model card texts. Files written with -o keep them
    as they are. Without a stdout (closed, `>&-`: `sys.stdout` is None) the line is
    dropped, as `print` drops it: the command's work (a file written, a version promoted)
    is done, and ends as it did."""
    print(writable(terminal_safe(line), sys.stdout))


def writable(text: str, stream: object) -> str:
    """`text` with the characters `stream`'s encoding lacks written as Python escapes
    (`\\U0001f64f`), as Python writes them to stderr. stdout redirected on Windows writes
    the locale's code page (cp1252, without emoji), where an answer's emoji ended `explain`
    and `needs` with an internal error (UnicodeEncodeError)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: left to the stream
        pass
    return text


def input_dialect(args: argparse.Namespace):
    """The CSV dialect of the input, for CSV outputs of commands reading one (else None)."""
    from ..io.tables import csv_dialect, table_format

    source = Path(args.input)
    if table_format(source) != "csv" or not source.is_file():
        return None
    return csv_dialect(source, getattr(args, "encoding", None))


def chosen_sheet(source: str | Path, sheet: str | None, option: str = "--sheet") -> str | None:
    """The sheet to read of `source`, given as `option` (`sheet`): for a workbook without
    one, its first visible sheet, with a note when the workbook has others. A sheet given
    for a file that is not a workbook is refused (it would be ignored: the user meant
    another file, or none)."""
    from ..io.tables import choose_sheet

    workbook = Path(source).suffix.lower() == ".xlsx"
    if sheet and not workbook:
        raise CommandError(
            f"{option} {sheet} names a sheet of a workbook, and {source} is not an .xlsx file: "
            f"leave {option} out"
        )
    if sheet is not None or not workbook or not Path(source).is_file():
        return sheet
    sheet, note = choose_sheet(Path(source))
    if note:
        log(note.replace("--sheet", option))
    return sheet


def read_input(args: argparse.Namespace):
    """The input table and its columns (given, else guessed as `tag` does), logged."""
    from ..io.tables import read_table
    from ..jobs.columns import resolve_columns

    frame = read_table(args.input, sheet=args.sheet, encoding=args.encoding)
    columns = resolve_columns(
        frame,
        args.text_column,
        args.respondent_column,
        args.language_column,
        getattr(args, "id_column", None),
        None,
        None,
    )
    log(columns.describe())
    return frame, columns


def one_question(texts: list[str], what: str) -> None:
    """Refuse several text columns where a command works on one question at a time: needs
    are listed or reviewed per question (its answers and the needs they raise, grouped
    with the file's other questions: `needs.across_questions`), and `languages` prints
    one language per row."""
    if len(texts) > 1:
        raise CommandError(
            f"this command {what} of one question at a time, and {len(texts)} text columns "
            f"were given ({', '.join(texts)}): run it once per --text-column"
        )


def folded(text: str) -> str:
    """`text` on one line: runs of whitespace (line breaks, tabs) become one space."""
    return " ".join(text.split())


# Control characters but line breaks and tabs: an answer's escape sequence printed as it is
# would drive the terminal (clear the screen, move the cursor, retitle the window). Lone
# surrogates too (an argument that was not UTF-8): printing one is an encoding error. And
# the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): an
# answer holding one reorders the rest of the printed line ("Trojan Source"), so a need
# label, a quote or a file name would read otherwise than it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """`text` with control characters (but line breaks and tabs), direction overrides and
    isolates, and lone surrogates shown as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


# ------------------------------------------------------------------ parser
def usable_workers(jobs: int | None) -> int:
    """`--jobs` as `tag` runs it: one worker per usable core by default, and never more
    workers than cores (each is busy all the time: more share the cores, each with its
    own memory, and end later), with a note saying so."""
    from ..model.parallel import usable_cores

    cores = usable_cores()
    if jobs is None:
        return cores
    if jobs > cores:
        log(
            f"classifier: note: --jobs {jobs} is more than the {cores} core(s) this process "
            f"may use; tagging with {cores} worker(s)"
        )
        return cores
    return jobs


def with_named_keys(first, args: argparse.Namespace):
    """The first rows of a JSONL input with every column the user named that its lines
    leave out (an optional question's key, absent from the first lines) but later lines
    have, as empty cells: a column missing from the whole file stays missing (an error)."""
    from ..io.tables import table_format
    from ..jobs.columns import Columns
    from ..jobs.source import iter_chunks

    named = Columns(
        texts=list(args.text_column or []),
        respondent=args.respondent_column,
        language=args.language_column,
        id=args.id_column,
        score=args.score_column,
        segments=list(args.segment_column or []),
    ).names()
    missing = [c for c in named if c not in first.columns]
    if not missing or table_format(Path(args.input)) != "jsonl":
        return first
    keys: set[str] = set(first.columns)
    for chunk in iter_chunks(Path(args.input), None, None):
        keys.update(chunk.columns)
        if keys.issuperset(missing):
            break
    return first.assign(**dict.fromkeys((c for c in missing if c in keys), ""))


def column_values(
    values: list[str] | None, option: str, value_name: str, columns: Sequence[str] = ()
) -> dict[str, str]:
    """`COLUMN=VALUE` options (`--question-label`, `--question-kind`) as {column: value}.

    `columns` are the names a COLUMN may give: a name holding '=' (`Note (0=bad)`) is split
    after it, not at its first '='; a name with spaces around it (a header typed
    ` q_improve`) matches as the file writes it, or stripped. A COLUMN naming none of
    them is kept stripped, for the caller's error to name it. The same column given two
    values is a CommandError (before, the last one silently won), as is a value without
    '=', a column or a value."""
    given: dict[str, str] = {}
    for value in values or []:
        column, text = _column_and_value(value, columns)
        if not column or not text.strip():
            raise CommandError(f"{option} {value!r} must be COLUMN={value_name}")
        text = text.strip()
        if given.get(column, text) != text:
            raise CommandError(
                f"{option} gives column {column!r} two values, {given[column]!r} and {text!r}: "
                "give it once"
            )
        given[column] = text
    return given


def _column_and_value(value: str, columns: Sequence[str]) -> tuple[str, str]:
    """`value` split at the '=' after the column it names: the longest of `columns` as
    written, else stripped; else at its first '=' (the column stripped). ('', '') without
    '='."""
    splits = [(value[:at], value[at + 1 :]) for at, ch in enumerate(value) if ch == "="]
    if not splits:
        return "", ""
    names = [str(c) for c in columns]
    as_written = [(left, text) for left, text in splits if left in names]
    stripped = [(n, text) for left, text in splits for n in names if n.strip() == left.strip()]
    found = as_written or stripped
    if found:
        return max(found, key=lambda split: len(split[0]))
    return splits[0][0].strip(), splits[0][1]
