"""Bulk tagging of survey exports: chunked, several questions, nothing lost.

`tag_file` reads a survey export chunk by chunk (CSV and JSONL; an XLSX
workbook is read whole), tags every text column, and writes every input row and
column plus the prediction columns. Needs are grouped over the whole file, so
the file is written in two passes: the tagged chunks go to a temporary file,
then the need columns are added while copying it to the output, which appears
atomically at the end. Memory stays flat in the file size for CSV and JSONL,
except for one record per ask (request or criticism answer) that the needs step
reuses: its sentence embedding and need probabilities go to a temporary file
(about 4 KB per ask), its text, respondent, languages and theme scores stay in
memory (about 330 bytes), and the heap is trimmed after each chunk.

The run holds the output's lock (a second run on the same output is refused),
its temporary files have names unique to the run, and temporary files of the
same output left by a killed run are removed first. The output always has
every input column and every documented output column, even for a file
without rows. A CSV output keeps the CSV input's delimiter and BOM (a `;` output
writes its scores with a decimal comma, `tables.CsvDialect.decimal`, but with `raw_csv`).

Before the tagging pass, a file of several chunks is read for what each chunk
takes from the whole file (`prepass`): its questions' language contexts and
stance mixes, a JSONL file's keys; once, and again only for what needs that
first read done.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import numbers
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from tqdm import tqdm

from ..errors import ClassifierError, DataWarning
from ..io.files import (
    atomic_write,
    check_output_path,
    output_lock,
    remove_stale_temporaries,
    temporary_path,
)
from ..io.layout import NEED_COLUMNS, output_names
from ..io.recommend_scores import ScoreTally
from ..io.tables import (
    CsvDialect,
    check_xlsx_cells,
    check_xlsx_shape,
    csv_dialect,
    frame_to_xlsx,
    output_dialect,
    require_column,
    table_format,
    write_csv,
)
from ..model.parallel import effective_jobs, map_chunks, release_free_memory
from ..model.tagging import analyze_frame, prediction_columns
from ..needs.across_questions import in_slots, question_rows
from ..needs.grouping import check_min_respondents, group_units
from ..needs.units import AskSpool, Units, asking_units, respondent_ids
from ..text.language import UNKNOWN_DECLARED, unknown_declared
from ..vocab import (
    DEFAULT_MIN_RESPONDENTS,
    MAX_TEXT_CHARS,
    cell_text,
    is_blank,
    names_no_respondent,
)
from .columns import Columns
from .prepass import read_before_tagging
from .source import DEFAULT_CHUNK_ROWS, ChunkedSource

if TYPE_CHECKING:
    import numpy as np

    from ..model.estimator import ThemeClassifier
    from ..text.language import LanguageContext

# Scores are written with this many decimals in text outputs (CSV, JSONL).
SCORE_DECIMALS = 4
PROGRESS_MIN_BYTES = 5_000_000


@dataclass
class TagSummary:
    """What a bulk tagging run did, for the closing log line."""

    rows: int = 0
    languages: Counter = field(default_factory=Counter)
    truncated: int = 0
    duplicate_ids: list[str] = field(default_factory=list)
    # Declared language value -> rows declaring it, for values the model does not know.
    unknown_languages: Counter = field(default_factory=Counter)
    # Respondent placeholder (`Anonymous`, `N/A`) -> rows giving it: each such row's answers
    # count as their own respondent's (`vocab.names_no_respondent`), which the log says.
    placeholder_respondents: Counter = field(default_factory=Counter)
    needs: int = 0
    recurring: int = 0
    seconds: float = 0.0
    # Of which: reading and tagging the chunks, then grouping the needs of the whole file.
    tagging_seconds: float = 0.0
    needs_seconds: float = 0.0


@dataclass
class TaggedChunk:
    """One chunk tagged (in this process or a worker): what the run needs of it.

    `lines` are the tagged rows as JSON lines (every input and prediction
    column), written as they are to the parts file; `asks` the chunk's asks
    per question, for the needs step.
    """

    rows: int
    lines: str
    input_columns: list[str]
    predicted_columns: list[str]
    prefixes: dict[str, str]
    languages: Counter
    truncated: int
    asks: dict[str, Units]


def tag_chunk(
    model: ThemeClassifier,
    chunk: pd.DataFrame,
    first_row: int,
    columns: Columns,
    contexts: dict[str, LanguageContext] | None = None,
    stance_mixes: dict[str, np.ndarray | None] | None = None,
) -> TaggedChunk:
    """Tag every question of one chunk whose first row is row `first_row` (0-based) of
    the file. A pure function of its arguments: the same chunk gives the same result in
    any process, which is what makes outputs identical whatever the number of workers.
    `contexts`: each question's language context in the whole file, `stance_mixes` its
    stance mix (`prepass.WholeFileContext`); None when the chunk gives its own, from its
    question's kind (`columns.kinds`)."""
    multi = len(columns.texts) > 1
    tagged = chunk
    positions = range(first_row, first_row + len(chunk))
    respondents = respondent_ids(
        chunk[columns.respondent].tolist() if columns.respondent else None,
        len(chunk),
        offset=first_row,
    )
    declared = chunk[columns.language].tolist() if columns.language else None
    languages: Counter = Counter()
    truncated = 0
    prefixes: dict[str, str] = {}
    asks: dict[str, Units] = {}
    for question in columns.texts:
        require_column(chunk, question)
        prefix = f"{question}_" if multi else ""
        texts = [t if isinstance(t, str) else "" for t in chunk[question]]
        truncated += sum(len(t) > MAX_TEXT_CHARS for t in texts)
        view = chunk.assign(**{question: [t[:MAX_TEXT_CHARS] for t in texts]})
        with warnings.catch_warnings():
            # Counted over the whole file instead (`TagSummary.unknown_languages`), once.
            warnings.filterwarnings("ignore", re.escape(UNKNOWN_DECLARED), DataWarning)
            analysis = analyze_frame(
                model,
                view,
                question,
                columns.language,
                columns.respondent,
                language_context=contexts[question] if contexts else None,
                stance_mix=stance_mixes[question] if stance_mixes else None,
                question_kind=columns.kind(question),
            )
        predicted = prediction_columns(model, view, analysis, question, prefix)
        names = output_names(model.classes_, chunk.columns, prefix, question)
        prefixes[question] = names["language"][: -len("language")]
        new = [c for c in predicted.columns if c not in chunk.columns]
        tagged = pd.concat([tagged, predicted[new]], axis=1)
        languages.update(predicted[names["language"]])
        asks[question] = asking_units(
            analysis, predicted[names["stance"]].tolist(), respondents, declared, positions
        )
    lines = tagged.to_json(orient="records", lines=True, force_ascii=False) if len(chunk) else ""
    if lines and not lines.endswith("\n"):
        lines += "\n"
    return TaggedChunk(
        rows=len(chunk),
        lines=lines or "\n",  # an empty chunk writes an empty line, as before
        input_columns=[str(c) for c in chunk.columns],
        predicted_columns=[str(c) for c in tagged.columns if c not in chunk.columns],
        prefixes=prefixes,
        languages=languages,
        truncated=truncated,
        asks=asks,
    )


def tag_file(
    model: ThemeClassifier,
    source: Path,
    output: Path,
    columns: Columns,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    raw_csv: bool = False,
    locked: bool = False,
    n_jobs: int | None = 1,
    fork_workers: bool = False,
    executor: ChunkExecutor | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> TagSummary:
    """Tag every text column of `source` and write `output` (format from its extension).

    The tagging pass keeps, for each ask, what the needs step needs (its
    embedding, theme scores and need probabilities): needs are grouped over the
    whole file without analysing any answer twice.

    `n_jobs` worker processes tag the chunks (scikit-learn's convention: None
    or 1 is this process, -1 every core); a file of one chunk is tagged in this
    process. `fork_workers` forks them from this process where the system can
    (`model.parallel.map_chunks`): for a process that is the tagging job itself,
    such as the `classifier` command, not for a program that calls this among
    other work. `executor` runs the chunks elsewhere instead (the Dask path,
    `jobs.distributed`). The output is the same byte for byte whatever runs the
    chunks: the chunks are the same, and come back in order.

    Holds the output's lock for the whole run (`OutputLockedError` when another
    run holds it; `locked=True` when the caller already holds it) and first
    removes the temporary files of `output` left by killed runs. `raw_csv`
    writes CSV cells without the formula escape. `source` and `output` are paths or
    strings; what cannot be done (`output` naming the input or in a missing folder, no
    text column, a count below 1, a question kind the model cannot read) is a
    ClassifierError before any work.
    """
    source, output = checked_paths(source, output, columns, min_respondents, chunk_rows)
    for kind in columns.kinds.values():
        model.check_question_kind(kind)
    min_respondents, chunk_rows = int(min_respondents), int(chunk_rows)  # np.int64 included
    jobs = effective_jobs(n_jobs)
    with contextlib.nullcontext() if locked else output_lock(output):
        remove_stale_temporaries(output, log)
        return _tag_file(
            model,
            ChunkedSource(source, sheet, encoding, chunk_rows, columns),
            output,
            min_respondents=min_respondents,
            raw_csv=raw_csv,
            jobs=jobs,
            fork_workers=fork_workers,
            executor=executor,
            log=log,
        )


def checked_paths(
    source: str | Path,
    output: str | Path,
    columns: Columns,
    min_respondents: object,
    chunk_rows: object,
) -> tuple[Path, Path]:
    """`source` and `output` as Paths, once a `tag_file` call is checked: the output is
    never the input (the command line checks it too, but a program calling `tag_file`
    replaced its input with the tagged file) nor in a missing folder; `columns` names a
    text column; `min_respondents` and `chunk_rows` are whole numbers of at least 1."""
    if not isinstance(columns, Columns):
        raise ClassifierError(
            f"columns must be a Columns (Columns(texts=['answer'])), not a {type(columns).__name__}"
        )
    if not columns.texts:
        raise ClassifierError("Columns(texts=...) names no text column: nothing to tag")
    check_min_respondents(min_respondents)
    if (
        not isinstance(chunk_rows, numbers.Integral)  # a numpy integer is one
        or isinstance(chunk_rows, bool)
        or chunk_rows < 1
    ):
        raise ClassifierError(
            f"chunk_rows must be a whole number of at least 1, not {chunk_rows!r}"
        )
    return Path(source), check_output_path(output, source)


# Runs `tag_chunk(model, chunk, first_row, columns, contexts, stance_mixes)` for each call
# somewhere, results in order.
ChunkExecutor = Callable[[Iterable[tuple]], Iterator[TaggedChunk]]


def _chunks_to_tag(
    model: ThemeClassifier,
    source: ChunkedSource,
    output: Path,
    summary: TagSummary,
    seen_ids: set[str],
    log: Callable[[str], None],
) -> Iterator[tuple]:
    """The (chunk, first row, columns, language contexts, stance mixes) calls of a file,
    checked as they are read."""
    whole_file = read_before_tagging(model, source)
    columns = source.columns
    first_row = 0
    to_xlsx = table_format(output) == "xlsx"
    scores = whole_file.scores
    for chunk in source.chunks(whole_file.chunk_columns):
        if columns.score and source.read_whole:  # its one read is this one
            scores = ScoreTally()
            scores.add(chunk.get(columns.score, []))
        if scores is not None:  # before any tagging
            _warn_of_few_scores(scores, columns.score, log)
            scores = None
        if to_xlsx:  # fail before tagging, not when writing (or cut an answer)
            added = sum(len(output_names(model.classes_, (), "", q)) for q in columns.texts)
            check_xlsx_shape(
                first_row + len(chunk),
                len(chunk.columns) + added,
                output,
                f"the input has {len(chunk.columns):,} columns and tag adds {added:,}: write a "
                ".csv or .jsonl output instead, which keeps them all",
            )
            check_xlsx_cells(chunk, output, first_row=first_row + 1)
        for question in columns.texts:
            require_column(chunk, question)
        if columns.language:
            summary.unknown_languages.update(unknown_declared(chunk[columns.language]))
        if columns.respondent:
            summary.placeholder_respondents.update(
                cell_text(value).strip()
                for value in chunk[columns.respondent]
                if not is_blank(value) and names_no_respondent(value)
            )
        if columns.id:
            for value in chunk[columns.id]:
                if value in seen_ids and value:
                    summary.duplicate_ids.append(value)
                seen_ids.add(value)
        yield chunk, first_row, columns, whole_file.language_contexts, whole_file.stance_mixes
        first_row += len(chunk)


def _warn_of_few_scores(scores: ScoreTally, column: str, log: Callable[[str], None]) -> None:
    """Log a warning when the score column holds too few 0-10 scores (`ScoreTally.problem`):
    `tag` only keeps the column, and `report`, long after, would find no net promoter score
    in it."""
    problem = scores.problem(column)
    if problem:
        log(f"classifier: warning: {problem}")


def _tag_file(
    model: ThemeClassifier,
    source: ChunkedSource,
    output: Path,
    *,
    min_respondents: int,
    raw_csv: bool,
    jobs: int,
    fork_workers: bool,
    executor: ChunkExecutor | None,
    log: Callable[[str], None],
) -> TagSummary:
    """`tag_file`'s work, under the output's lock."""
    started = time.perf_counter()
    summary = TagSummary()
    seen_ids: set[str] = set()
    prefixes: dict[str, str] = {}
    columns = source.columns
    progress = _progress(source.path)
    # Output columns: the input's (in first-seen order: JSONL records may differ in keys),
    # then the predictions of each question, then its need columns.
    input_columns: dict[str, None] = {}
    predicted_columns: dict[str, None] = {}
    tmp = temporary_path(output, ".parts.jsonl")
    # Every question's asks in one spool, in slots (`needs.across_questions`).
    spool = AskSpool(temporary_path(output, ".asks"), temporary_path(output, ".asks"))
    questions = len(columns.texts)
    try:
        calls = _chunks_to_tag(model, source, output, summary, seen_ids, log)
        if executor is None:
            calls, several = _peek_several(calls)
            results = map_chunks(
                model,
                tag_chunk,
                calls,
                jobs if several else 1,
                keep_workers=False,
                fork=fork_workers,
            )
        else:
            results = executor(calls)
        with open(tmp, "w", encoding="utf-8") as parts:
            for done in results:
                parts.write(done.lines)
                summary.rows += done.rows
                summary.truncated += done.truncated
                summary.languages.update(done.languages)
                prefixes.update(done.prefixes)
                input_columns.update(dict.fromkeys(done.input_columns))
                predicted_columns.update(dict.fromkeys(done.predicted_columns))
                for number, question in enumerate(columns.texts):
                    spool.add(in_slots(done.asks[question], number, questions))
                if progress is not None:
                    progress.update(done.rows)
                release_free_memory()  # of the chunk before (this one is still held)
        if progress is not None:
            progress.close()
        grouping_started = time.perf_counter()
        summary.tagging_seconds = grouping_started - started
        units = spool.units()
        result = group_units(units, model, summary.rows * questions, min_respondents)
        summary.needs = len(result.needs)
        summary.recurring = sum(n.recurring for n in result.needs)
        need_columns = {
            question: result.of_question(number, questions).ask_columns(
                question_rows(units, number, questions)
            )
            for number, question in enumerate(columns.texts)
        }
        summary.needs_seconds = time.perf_counter() - grouping_started
        dialect = (
            csv_dialect(source.path, source.encoding)
            if table_format(source.path) == "csv" and source.path.is_file()
            else None
        )
        layout = [
            *input_columns,
            *(c for c in predicted_columns if c not in input_columns),
            *(f"{prefixes[q]}{name}" for q in columns.texts for name in NEED_COLUMNS),
        ]
        _write_with_needs(
            tmp, output, need_columns, prefixes, list(input_columns), layout, dialect, raw_csv
        )
    finally:
        tmp.unlink(missing_ok=True)
        spool.close()
        spool.embeddings.path.unlink(missing_ok=True)
        spool.needs.path.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _peek_several(calls: Iterator[tuple]) -> tuple[Iterator[tuple], bool]:
    """`calls` unchanged, and whether it has more than one call (worth starting workers)."""
    first = list(itertools.islice(calls, 2))
    return itertools.chain(first, calls), len(first) > 1


def _read_parts(tmp: Path, layout: list[str], rows: int) -> Iterator[pd.DataFrame]:
    """The tagged rows of the parts file, `rows` at a time, in the output's column order.

    Read with `json.loads`, so text stays text and scores come back exactly as
    written (no float noise, no guessed dates).
    """
    records: list[dict] = []
    with open(tmp, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():  # an empty chunk writes an empty line
                records.append(json.loads(line))
            if len(records) == rows:
                yield pd.DataFrame.from_records(records, columns=layout)
                records = []
    if records:
        yield pd.DataFrame.from_records(records, columns=layout)


def _write_with_needs(
    tmp: Path,
    output: Path,
    need_columns,
    prefixes,
    input_columns: list[str],
    layout: list[str],
    dialect: CsvDialect | None,
    raw_csv: bool,
) -> None:
    """Copy the tagged parts to `output` with the need columns, atomically.

    Every column of `layout` is written, need columns included: they stay
    empty for a question whose needs were not grouped.
    """
    fmt = table_format(output)

    def chunks() -> Iterator[pd.DataFrame]:
        start = 0
        for chunk in _read_parts(tmp, layout, DEFAULT_CHUNK_ROWS):
            chunk.index = range(start, start + len(chunk))
            chunk[input_columns] = chunk[input_columns].fillna("")
            for question, prefix in prefixes.items():
                grouped = need_columns.get(question, {})
                for name in NEED_COLUMNS:
                    values = grouped.get(name, {})
                    cells = [values.get(i) for i in chunk.index]
                    chunk[f"{prefix}{name}"] = (
                        pd.array(cells, dtype="Int64")
                        if name == "need_respondents"
                        else ["" if v is None else v for v in cells]
                    )
            floats = chunk.select_dtypes("float").columns
            chunk[floats] = chunk[floats].round(SCORE_DECIMALS)
            start += len(chunk)
            yield chunk[layout]

    def write(path: Path) -> None:
        if fmt == "xlsx":
            frames = list(chunks())
            frame_to_xlsx(
                pd.concat(frames) if frames else pd.DataFrame(columns=layout), path, named=output
            )
            return
        chosen = output_dialect(output, dialect)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            if fmt == "csv" and chosen.bom:
                handle.write("\ufeff")
            wrote = False
            for chunk in chunks():
                if fmt == "csv":
                    write_csv(chunk, handle, chosen, header=not wrote, raw=raw_csv)
                else:
                    chunk.to_json(handle, orient="records", lines=True, force_ascii=False)
                wrote = True
            if fmt == "csv" and not wrote:
                write_csv(pd.DataFrame(columns=layout), handle, chosen, raw=raw_csv)

    atomic_write(output, write)


class _ProgressBar(tqdm):
    """tqdm without its monitor thread: the bar is drawn before worker processes are
    forked, and a fork is safe only while this process runs no other thread (the
    bar still refreshes at every chunk)."""

    monitor_interval = 0


def _progress(source: Path):
    """A tqdm bar on stderr for large inputs when stderr is a terminal, else None (also
    without a stderr: closed, or under pythonw, where `sys.stderr` is None)."""
    if sys.stderr is None or not sys.stderr.isatty() or not source.is_file():
        return None
    if source.stat().st_size < PROGRESS_MIN_BYTES:
        return None
    return _ProgressBar(unit=" rows", file=sys.stderr, desc="tagging")
