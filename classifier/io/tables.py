"""Reading and writing survey tables (CSV, XLSX, JSONL) without losing anything.

Every cell is read as text exactly as written: "n/a", "NA" or "0012" are
answers or ids, not missing values or numbers. CSV encodings (UTF-8, UTF-8
with BOM, legacy cp1252/latin-1) and delimiters are detected. Outputs are
written atomically and their format follows the output file's extension.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from ..errors import ColumnError, TableError
from .files import atomic_write, check_output_path

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
SNIFF_BYTES = 256 * 1024


def require_column(frame: pd.DataFrame, column: str, role: str = "text") -> None:
    """Raise ColumnError listing the available columns when `column` is missing."""
    if column not in frame.columns:
        raise ColumnError(
            f"{role} column {column!r} not found; columns found: "
            f"{', '.join(map(str, frame.columns)) or '(none)'}"
        )


def table_format(path: Path) -> str:
    """'csv', 'xlsx' or 'jsonl' from the file extension."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise TableError(
            f"{path}: unsupported extension {Path(path).suffix or '(none)'!r}; "
            "use .csv, .xlsx or .jsonl"
        )
    return fmt


def detect_encoding(sample: bytes, path: Path) -> str:
    """The encoding of a CSV file's first bytes: utf-8(-sig) first, then detection."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start >= len(sample) - 3 and len(sample) == SNIFF_BYTES:
            return "utf-8"
    best = from_bytes(
        sample, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
    ).best()
    if best is None:
        raise TableError(
            f"{path}: cannot tell the text encoding; pass --encoding (e.g. cp1252 or latin-1)"
        )
    return "cp1252" if best.encoding in ("cp1252", "latin_1", "iso8859_15") else best.encoding


def sniff_delimiter(text: str) -> str:
    """The CSV delimiter among , ; tab and | (comma when unsure)."""
    try:
        return csv.Sniffer().sniff(text[: 64 * 1024], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def csv_options(path: Path, encoding: str | None = None) -> dict:
    """Encoding and delimiter to read a CSV file with."""
    with open(path, "rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if not sample.strip():
        raise TableError(f"{path} is empty")
    if b"\x00" in sample[:4096]:
        raise TableError(f"{path} is not a text CSV file (it looks binary)")
    encoding = encoding or detect_encoding(sample, path)
    try:
        text = sample.decode(encoding, errors="strict" if len(sample) < SNIFF_BYTES else "ignore")
    except (UnicodeDecodeError, LookupError) as error:
        raise TableError(f"{path} cannot be decoded as {encoding}: {error}") from error
    return {"encoding": encoding, "sep": sniff_delimiter(text)}


def read_table(
    path: str | Path, sheet: str | None = None, encoding: str | None = None
) -> pd.DataFrame:
    """Read a whole CSV / XLSX / JSONL file as a DataFrame of strings (missing cells: "")."""
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path} does not exist")
    if path.is_dir():
        raise TableError(f"{path} is a directory, not a table file")
    fmt = table_format(path)
    try:
        if fmt == "csv":
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                **csv_options(path, encoding),
            )
        elif fmt == "xlsx":
            frame = _read_xlsx(path, sheet)
        else:
            frame = _read_jsonl(path)
    except TableError:
        raise
    except pd.errors.EmptyDataError as error:
        raise TableError(f"{path} is empty") from error
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as error:
        raise TableError(f"{path} cannot be read as {fmt.upper()}: {first_line(error)}") from error
    frame.columns = [str(c) for c in frame.columns]
    return frame


def first_line(error: Exception) -> str:
    """The first line of an exception's message (its type name when it has none)."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _read_xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    if not zipfile.is_zipfile(path):
        raise TableError(f"{path} is not an XLSX workbook (it is not a zip archive)")
    try:
        frame = pd.read_excel(
            path,
            sheet_name=sheet if sheet is not None else 0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="openpyxl",
        )
    except ValueError as error:
        if sheet is not None and "not found" in str(error).lower():
            import openpyxl  # only on this error path: openpyxl costs 0.2 s to import

            names = openpyxl.load_workbook(path, read_only=True).sheetnames
            raise TableError(
                f"{path} has no sheet {sheet!r}; sheets: {', '.join(names)}"
            ) from error
        raise
    return frame.fillna("")


def _read_jsonl(path: Path) -> pd.DataFrame:
    frames = list(jsonl_chunks(path, 50_000))
    return pd.concat(frames, ignore_index=True).fillna("") if len(frames) > 1 else frames[0]


def jsonl_chunks(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    """A JSONL file as DataFrames of at most `rows` text cells (lists/objects as JSON)."""
    records: list[dict] = []
    produced = False
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise TableError(f"{path} line {number} is not valid JSON ({error.msg})") from error
            if not isinstance(record, dict):
                raise TableError(f"{path} line {number} is not a JSON object")
            records.append(record)
            if len(records) == rows:
                produced = True
                yield _records_frame(records)
                records = []
    if records:
        yield _records_frame(records)
    elif not produced:
        raise TableError(f"{path} is empty")


def _records_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    return (
        frame.astype(object)
        .where(frame.notna(), "")
        .map(
            lambda v: (
                v
                if isinstance(v, str)
                else json.dumps(v, ensure_ascii=False)
                if isinstance(v, (list, dict))
                else str(v)
            )
        )
    )


def text_cells_stay_text(sheet) -> None:
    """Keep answers starting with '=' as text: openpyxl would store them as live formulas."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def frame_to_xlsx(frame: pd.DataFrame, path: Path, sheet_name: str = "Sheet1") -> None:
    """Write one sheet of cells exactly as they are (no formulas)."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name)
        text_cells_stay_text(writer.sheets[sheet_name])


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write `frame` atomically in the format of `path`'s extension."""
    path = Path(path)
    fmt = table_format(path)
    check_output_path(path)

    def write(tmp: Path) -> None:
        if fmt == "csv":
            frame.to_csv(
                tmp,
                index=False,
                sep="\t" if path.suffix.lower() == ".tsv" else ",",
                encoding="utf-8",
            )
        elif fmt == "xlsx":
            frame_to_xlsx(frame, tmp)
        else:
            buffer = io.StringIO()
            frame.to_json(buffer, orient="records", lines=True, force_ascii=False)
            tmp.write_text(buffer.getvalue(), encoding="utf-8")

    atomic_write(path, write)
    return path
