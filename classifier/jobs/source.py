"""The input file of a bulk run, read in chunks (CSV and JSONL; an XLSX workbook whole).

`ChunkedSource` is the input as every step before and during tagging reads it:
the file, its sheet or encoding, the chunk size, and the columns the run uses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import TableError
from ..io.repeated_header import refuse_repeated_header
from ..io.tables import (
    csv_options,
    csv_parser_error,
    jsonl_chunks,
    read_table,
    table_format,
    unescape_frame,
)
from ..model.parallel import CHUNK_ROWS
from .columns import Columns

DEFAULT_CHUNK_ROWS = CHUNK_ROWS


def iter_chunks(
    path: Path,
    sheet: str | None,
    encoding: str | None,
    rows: int = DEFAULT_CHUNK_ROWS,
    columns: Sequence[str] = (),
) -> Iterator[pd.DataFrame]:
    """The input table in chunks of text cells ("" for missing); XLSX as one chunk.

    JSONL lines may leave out a key (an unanswered question): a chunk whose lines
    all lack one of `columns` gets it as a column of empty cells, as a line
    lacking it gets an empty cell.
    """
    if read_as_one_chunk(path):
        yield read_table(path, sheet=sheet, encoding=encoding)
        return
    if table_format(path) == "jsonl":
        for chunk in jsonl_chunks(path, rows, encoding):
            yield with_columns(chunk, columns)
        return
    options = csv_options(path, encoding)
    produced = False
    first_row = 2  # the number of the chunk's first row, as a spreadsheet numbers it
    try:
        reader = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, chunksize=rows, **options
        )
        for chunk in reader:
            chunk.columns = [str(c) for c in chunk.columns]
            produced = True
            chunk = unescape_frame(chunk)
            refuse_repeated_header(chunk, str(path), first_row)
            first_row += len(chunk)
            yield chunk
    except pd.errors.EmptyDataError as error:
        raise TableError(f"{path} is empty") from error
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise csv_parser_error(path, error, options["sep"], options["encoding"]) from error
    if not produced:  # a header without rows: still one (empty) chunk with the columns
        yield read_table(path, encoding=encoding)


def read_as_one_chunk(path: Path) -> bool:
    """Whether `iter_chunks` reads `path` as one chunk: a workbook, or a path that is not a
    file (whose error the read gives)."""
    return table_format(path) == "xlsx" or not path.is_file()


def with_columns(chunk: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """`chunk` with each of `columns` it lacks as a column of empty cells, after its own: a
    JSONL chunk whose lines all leave out a key."""
    missing = [c for c in columns if c not in chunk.columns]
    return chunk.assign(**dict.fromkeys(missing, "")) if missing else chunk


@dataclass(frozen=True)
class ChunkedSource:
    """The input of a run as it is read: `path` (its `sheet` for a workbook, its
    `encoding` for a text file) in chunks of `chunk_rows` rows, of which the run uses
    `columns`. One object for what every read of the file needs, so that each read,
    before and during tagging, cuts the same chunks."""

    path: Path
    sheet: str | None
    encoding: str | None
    chunk_rows: int
    columns: Columns

    @property
    def read_whole(self) -> bool:
        """Whether the file is read as one chunk (`read_as_one_chunk`)."""
        return read_as_one_chunk(self.path)

    def chunks(self, every_column: Sequence[str] = ()) -> Iterator[pd.DataFrame]:
        """The file's chunks, each given `every_column` it lacks (`iter_chunks`)."""
        return iter_chunks(self.path, self.sheet, self.encoding, self.chunk_rows, every_column)
