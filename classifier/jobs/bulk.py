"""Bulk tagging of survey exports: chunked, several questions, nothing lost.

`tag_file` reads a survey export chunk by chunk (CSV and JSONL; an XLSX
workbook is read whole), tags every text column, and writes every input row and
column plus the prediction columns. Needs are grouped over the whole file, so
the file is written in two passes: the tagged chunks go to a temporary file,
then the need columns are added while copying it to the output, which appears
atomically at the end. Memory stays flat in the file size for CSV and JSONL,
except for one record per ask (request or criticism answer) that the needs step
reuses: its sentence embedding and scores, about 3 KB.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from tqdm import tqdm

from ..errors import TableError
from ..io.files import atomic_write
from ..io.layout import output_names
from ..io.tables import (
    csv_options,
    first_line,
    frame_to_xlsx,
    jsonl_chunks,
    read_table,
    require_column,
    table_format,
)
from ..model.tagging import analyze_frame, prediction_columns
from ..needs.grouping import group_units
from ..needs.units import Units, asking_units, concatenate, respondent_ids
from ..vocab import DEFAULT_MIN_RESPONDENTS
from .columns import Columns

if TYPE_CHECKING:
    from ..model.estimator import ThemeClassifier

MAX_TEXT_CHARS = 10_000
DEFAULT_CHUNK_ROWS = 5_000
PROGRESS_MIN_BYTES = 5_000_000


def iter_chunks(
    path: Path, sheet: str | None, encoding: str | None, rows: int = DEFAULT_CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """The input table in chunks of text cells ("" for missing); XLSX as one chunk."""
    fmt = table_format(path)
    if fmt == "xlsx" or not path.is_file():
        yield read_table(path, sheet=sheet, encoding=encoding)
        return
    if fmt == "jsonl":
        yield from jsonl_chunks(path, rows)
        return
    options = csv_options(path, encoding)
    try:
        reader = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, chunksize=rows, **options
        )
        for chunk in reader:
            chunk.columns = [str(c) for c in chunk.columns]
            yield chunk
    except pd.errors.EmptyDataError as error:
        raise TableError(f"{path} is empty") from error
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        message = first_line(error)
        raise TableError(
            f"{path} cannot be read as CSV: {message}"
            + ("; try --encoding" if isinstance(error, UnicodeDecodeError) else "")
        ) from error


@dataclass
class TagSummary:
    """What a bulk tagging run did, for the closing log line."""

    rows: int = 0
    languages: Counter = field(default_factory=Counter)
    truncated: int = 0
    duplicate_ids: list[str] = field(default_factory=list)
    needs: int = 0
    recurring: int = 0
    seconds: float = 0.0


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
    log: Callable[[str], None] = lambda message: None,
) -> TagSummary:
    """Tag every text column of `source` and write `output` (format from its extension).

    The tagging pass keeps, for each ask, what the needs step needs (its
    embedding, theme scores and need probabilities): needs are grouped over the
    whole file without analysing any answer twice.
    """
    started = time.perf_counter()
    summary = TagSummary()
    multi = len(columns.texts) > 1
    asks: dict[str, list[Units]] = {question: [] for question in columns.texts}
    seen_ids: set[str] = set()
    prefixes: dict[str, str] = {}
    progress = _progress(source)
    tmp = output.with_name(f".{output.name}.parts.jsonl")
    try:
        with open(tmp, "w", encoding="utf-8") as parts:
            for chunk in iter_chunks(source, sheet, encoding, chunk_rows):
                tagged = chunk
                positions = range(summary.rows, summary.rows + len(chunk))
                respondents = respondent_ids(
                    chunk[columns.respondent].tolist() if columns.respondent else None,
                    len(chunk),
                    offset=summary.rows,
                )
                declared = chunk[columns.language].tolist() if columns.language else None
                for question in columns.texts:
                    require_column(chunk, question)
                    prefix = f"{question}_" if multi else ""
                    texts = [t if isinstance(t, str) else "" for t in chunk[question]]
                    summary.truncated += sum(len(t) > MAX_TEXT_CHARS for t in texts)
                    view = chunk.assign(**{question: [t[:MAX_TEXT_CHARS] for t in texts]})
                    analysis = analyze_frame(
                        model, view, question, columns.language, columns.respondent
                    )
                    predicted = prediction_columns(model, view, analysis, question, prefix)
                    names = output_names(model.classes_, chunk.columns, prefix, question)
                    prefixes[question] = names["language"][: -len("language")]
                    new = [c for c in predicted.columns if c not in chunk.columns]
                    tagged = pd.concat([tagged, predicted[new]], axis=1)
                    summary.languages.update(predicted[names["language"]])
                    asks[question].append(
                        asking_units(
                            analysis,
                            predicted[names["stance"]].tolist(),
                            respondents,
                            declared,
                            positions,
                        )
                    )
                if columns.id:
                    for value in chunk[columns.id]:
                        if value in seen_ids and value:
                            summary.duplicate_ids.append(value)
                        seen_ids.add(value)
                summary.rows += len(chunk)
                tagged.to_json(parts, orient="records", lines=True, force_ascii=False)
                if progress is not None:
                    progress.update(len(chunk))
        if progress is not None:
            progress.close()
        need_columns: dict[str, dict[str, dict[int, object]]] = {}
        for question, parts_of_question in asks.items():
            units = concatenate(parts_of_question)
            result = group_units(units, model, summary.rows, min_respondents)
            summary.needs += len(result.needs)
            summary.recurring += sum(n.recurring for n in result.needs)
            values = result.answer_columns()
            rows = sorted(int(i) for i in units.answer_index)
            need_columns[question] = {
                name: {row: column[row] for row in rows} for name, column in values.items()
            }
        _write_with_needs(tmp, output, need_columns, prefixes)
    finally:
        tmp.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_with_needs(tmp: Path, output: Path, need_columns, prefixes) -> None:
    """Copy the tagged parts to `output` with the need columns, atomically."""
    fmt = table_format(output)

    def chunks() -> Iterator[pd.DataFrame]:
        start = 0
        for chunk in pd.read_json(tmp, lines=True, dtype=False, chunksize=DEFAULT_CHUNK_ROWS):
            chunk.index = range(start, start + len(chunk))
            for question, columns in need_columns.items():
                for name, values in columns.items():
                    chunk[f"{prefixes[question]}{name}"] = [
                        values.get(i, "" if name != "need_respondents" else None)
                        for i in chunk.index
                    ]
            start += len(chunk)
            yield chunk

    def write(path: Path) -> None:
        if fmt == "xlsx":
            frame_to_xlsx(pd.concat(list(chunks())), path)
            return
        with open(path, "w", encoding="utf-8", newline="") as handle:
            for number, chunk in enumerate(chunks()):
                if fmt == "csv":
                    chunk.to_csv(
                        handle,
                        index=False,
                        header=number == 0,
                        sep="\t" if output.suffix.lower() == ".tsv" else ",",
                    )
                else:
                    chunk.to_json(handle, orient="records", lines=True, force_ascii=False)

    atomic_write(output, write)


def _progress(source: Path):
    """A tqdm bar on stderr for large inputs when stderr is a terminal, else None."""
    if not sys.stderr.isatty() or not source.is_file():
        return None
    if source.stat().st_size < PROGRESS_MIN_BYTES:
        return None
    return tqdm(unit=" rows", file=sys.stderr, desc="tagging")
