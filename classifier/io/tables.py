"""Reading and writing survey tables (CSV, XLSX, JSONL) without losing anything.

Every cell is read as text exactly as written: "n/a", "NA" or "0012" are
answers or ids, not missing values or numbers. CSV encodings (UTF-8, UTF-8
with BOM, legacy cp1252/latin-1) and delimiters are detected from many rows,
and the dialect (delimiter, BOM) is kept for CSV outputs. A `;`-separated
output writes its numbers with a decimal comma (`0,53`): that is how Excel set
to French (or Spanish, German...) writes and reads such files, where `;` is the
list separator because `,` is the decimal mark; with a decimal point it opens
every number as text. A table is refused,
with the line named, when a row has more fields than the header or two
columns share a name. Outputs are written atomically and their format follows
the output file's extension.

CSV outputs are meant to be opened in Excel, so a text cell that Excel would
run as a formula (starting with = + - @, a tab or a carriage return, and not a
plain number) is written with a leading `'` (OWASP's advice against CSV
injection); `raw=True` writes cells unchanged, and numbers with a decimal point
whatever the delimiter, for programs. Reading a CSV
undoes exactly this escape, so a file written by the tool reads back as it was.
XLSX outputs store text as text, never as formulas.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import io
import itertools
import json
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from ..errors import ColumnError, DataWarning, TableError
from ..vocab import LONE_SURROGATE
from .code_pages import likely_code_pages
from .files import atomic_write, check_output_path
from .repeated_header import refuse_repeated_header
from .survey_tools import extra_header_lines
from .title_rows import QUOTED_CHARS, csv_title_line, separator_hint_line, xlsx_title_row
from .utf8_damage import invalid_utf8_lines, misread_utf8, mostly_utf8
from .xlsx_formulas import uncalculated_formulas
from .xlsx_merged import data_ranges, heading_ranges, merged_ranges
from .xlsx_shown import shown_cells, unreadable_dates

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
SNIFF_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
# Rows of the sample whose field counts decide the delimiter.
SNIFF_ROWS = 200
# The most characters an XLSX cell holds (Excel's limit).
XLSX_CELL_LIMIT = 32_767
# The most columns and rows (header included) an XLSX sheet holds (Excel's limits).
XLSX_MAX_COLUMNS = 16_384
XLSX_MAX_ROWS = 1_048_576
# First characters that make Excel (or LibreOffice) read a CSV cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FIELDS_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
# How pandas' C parser says a quoted cell runs to the end of the file.
_EOF_IN_QUOTES = "EOF inside string"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: its delimiter and whether it starts with a UTF-8 BOM."""

    delimiter: str = ","
    bom: bool = False

    @property
    def decimal(self) -> str:
        """The decimal mark of the numbers written: a comma with the `;` delimiter (the
        list separator of spreadsheets whose decimal mark is the comma, which open a
        `0.53` there as text), else a point."""
        return "," if self.delimiter == ";" else "."


def needs_formula_escape(value: str) -> bool:
    """Whether a CSV cell would be read as a formula by a spreadsheet (or is an escaped one).

    Plain numbers ("-3", "+2.5") are not formulas and stay as they are. A cell
    that already starts with `'` before such a cell is escaped again, so that
    `unescape_formula` always gives back exactly what was written.
    """
    if value[:1] in FORMULA_TRIGGERS:
        return _PLAIN_NUMBER.fullmatch(value) is None
    return value[:1] == "'" and needs_formula_escape(value[1:])


def escape_formula(value: object) -> object:
    """A text cell made safe for spreadsheets: `'` before a formula; other values unchanged."""
    if isinstance(value, str) and needs_formula_escape(value):
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    """Undo `escape_formula` on a cell read from a CSV file."""
    if value[:1] == "'" and needs_formula_escape(value[1:]):
        return value[1:]
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names (a spreadsheet opens the header
    row like any other) are escaped against formula injection."""
    safe = frame.copy()
    safe.columns = [escape_formula(column) for column in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(escape_formula)
    return safe


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (text cells read from a CSV file) with the formula escape undone, in its
    cells and its column names."""
    frame.columns = [unescape_formula(c) if isinstance(c, str) else c for c in frame.columns]
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            frame[column] = values.map(lambda v: unescape_formula(v) if isinstance(v, str) else v)
    return frame


def names_a_column(column: object) -> bool:
    """Whether a column argument (`respondent_column=`, `language_column=`, ...) names a
    column: None and '' name none. A column numbered 0 (`pd.DataFrame(rows)` and
    `read_csv(header=None)` number them from 0, the respondent id often first) names one,
    which `if column:` read as none, so its ids or languages were left out without a word."""
    return column is not None and not (isinstance(column, str) and column == "")


def refuse_answers_in_another_role(texts: Sequence[object], column: object, role: str) -> None:
    """Raise ColumnError when the `role` column ("respondent", "language", ...) is one of
    the text columns `texts`: the answers read as ids or languages would make each answer
    its own respondent, or a language of its words."""
    if names_a_column(column) and column in texts:
        raise ColumnError(
            f"column {column!r} is given as both a text column and the {role} column: "
            f"give the {role} column its own name (or '' for none)"
        )


def require_one_name(column: object, role: str = "text") -> None:
    """Raise ColumnError when `column` is a list, set or dict of names rather than one
    column's name (`respondent_column=["respondent_id"]`): pandas, asked for it, raised a
    raw `TypeError: unhashable type`. A tuple names one column of multi-level names."""
    if isinstance(column, (list, set, dict)):
        names = list(column)
        advice = f"give {names[0]!r}" if len(names) == 1 else "give one of them"
        raise ColumnError(
            f"the {role} column must be one column's name, not the {type(column).__name__} "
            f"{column!r}: {advice}"
        )


def require_column(frame: pd.DataFrame, column: str, role: str = "text") -> None:
    """Raise ColumnError listing the available columns when `column` is missing, or when
    it names several columns (a repeated name, or the top level of multi-level names)."""
    require_one_name(column, role)
    if column not in frame.columns:
        read_as = unescape_formula(column) if isinstance(column, str) else column
        hint = (
            f" (a CSV column named {column!r} is read as {read_as!r}: a ' before =, +, -, @ "
            f"is read as the formula escape; give {read_as!r})"
            if read_as != column and read_as in frame.columns
            else _near_name_hint(frame, column)
        )
        raise ColumnError(
            f"{role} column {column!r} not found; columns found: "
            f"{', '.join(map(str, frame.columns)) or '(none)'}{hint}"
        )
    if not isinstance(frame.columns.get_loc(column), int):
        raise ColumnError(
            f"{role} column {column!r} names several columns (a repeated name, or the top "
            "level of multi-level column names): give each column its own name"
        )


def _near_name_hint(frame: pd.DataFrame, column: object) -> str:
    """A hint naming the column whose name is `column` but for its case or the spaces
    around it (a header typed ' text ' or 'Text'): in the list of columns found, spaces at
    the end of a name do not show."""
    wanted = str(column).strip().casefold()
    near = [name for name in frame.columns if str(name).strip().casefold() == wanted]
    if not near:
        return _look_alike_hint(frame, column)
    return (
        f" (the column {str(near[0])!r} differs from it only by case or the spaces around "
        "it: give the name as the file writes it, in quotes)"
    )


# Characters a keyboard does not type, which a header written by Excel or a survey tool
# holds and which look like the ones typed (French headers: "l’alliance", "bien ?").
_LOOK_ALIKES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}


def _look_alike_hint(frame: pd.DataFrame, column: object) -> str:
    """A hint naming the column whose name is `column` but for characters that look
    alike (’ for ', a no-break space for a space), case or spaces: in the list of
    columns found the two names look the same, so the hint names each such character."""
    near = column_named_loosely(frame, column)
    if near is None:
        return ""
    typed = str(column)
    unusual = sorted({c for c in near if (c in _LOOK_ALIKES or c.isspace()) and c not in typed})
    written = "".join(f"; it writes U+{ord(c):04X} {unicodedata.name(c, '')}" for c in unusual)
    return (
        f" (the column {near!r} differs from it only by case, spaces or characters "
        f"that look alike{written}: give the name as the file writes it, in quotes)"
    )


def column_named_loosely(frame: pd.DataFrame, name: object) -> str | None:
    """The name of the first column of `frame` that is `name` but for case, spaces or
    characters that look alike (`_loose_name`: a header retitled `Themes`, or typed with a
    no-break space), None when none is."""
    wanted = _loose_name(name)
    return next((str(c) for c in frame.columns if _loose_name(c) == wanted), None)


def _loose_name(name: object) -> str:
    """`name` as compared for a look-alike hint: NFKC (a no-break space is a space),
    lower case, typographic apostrophes and quotes as typed ones, without any space."""
    text = (
        unicodedata.normalize("NFKC", str(name)).casefold().translate(str.maketrans(_LOOK_ALIKES))
    )
    return re.sub(r"\s+", "", text)


def table_format(path: Path) -> str:
    """'csv', 'xlsx' or 'jsonl' from the file extension."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise TableError(
            f"{path}: unsupported extension {Path(path).suffix or '(none)'!r}; "
            "use .csv, .xlsx or .jsonl"
        )
    return fmt


def _utf16_or_32_bom(sample: bytes) -> str | None:
    """ "utf-32" or "utf-16" when the file starts with that encoding's byte-order mark
    (Excel's "Unicode text" export is UTF-16), else None."""
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when most bytes on one side of each pair are NUL and
    none on the other, as in UTF-16 text of Latin letters whose program left out the
    byte-order mark; else None (a binary file, or text with a stray NUL)."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    high_first, high_second = sample[0 : 2 * pairs : 2], sample[1 : 2 * pairs : 2]
    for codec, high, low in (("le", high_second, high_first), ("be", high_first, high_second)):
        if high.count(NUL) >= pairs / 2 and NUL not in low:
            return f"utf-16-{codec}"
    return None


def detect_encoding(sample: bytes, path: Path) -> str:
    """The encoding of a CSV file's first bytes: utf-8(-sig) first, then detection."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8; so is UTF-8
        # text with a few stray bytes (they are replaced and named when the file is read).
        if error.start >= len(sample) - 3 and len(sample) == SNIFF_BYTES:
            return "utf-8"
        if mostly_utf8(sample):
            return "utf-8"
    # The code page that reads the sample as French, Spanish or English decides; the
    # detector only between code pages the sample cannot tell apart, or when it reads as
    # none of them.
    likely = likely_code_pages(sample)
    if len(likely) == 1:
        return likely[0]
    matches = from_bytes(
        sample, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
    )
    ranked = [
        "cp1252" if match.encoding in ("cp1252", "latin_1", "iso8859_15") else match.encoding
        for match in matches
    ]
    for encoding in ranked + likely:
        if not likely or encoding in likely:
            return encoding
    raise TableError(
        f"{path}: cannot tell the text encoding; pass --encoding (e.g. cp1252 or latin-1)"
    )


def sniff_delimiter(text: str) -> str:
    """The CSV delimiter among , ; tab and | (comma when unsure), judged on many rows
    (see `_delimiter_of`)."""
    return _delimiter_of(_samples(text))


def _samples(text: str) -> dict[str, list[list[str]]]:
    """The first rows of a CSV sample as each candidate delimiter splits them."""
    return {delimiter: _sample_rows(text, delimiter) for delimiter in DELIMITERS}


def _delimiter_of(samples: dict[str, list[list[str]]]) -> str:
    """The delimiter of a sample parsed with each candidate (`_samples`): the one that
    splits the header into several fields and gives the most rows with exactly the
    header's field count wins (then the one giving more fields); comma when unsure. One
    odd row, such as an unquoted comma in an answer, cannot tip the choice."""
    best, best_key = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        rows = samples[delimiter]
        if not rows:
            continue
        width = len(rows[0])
        body = rows[1:] or rows
        consistent = sum(len(row) == width for row in body) / len(body)
        key = (width > 1, consistent, width)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _sample_rows(text: str, delimiter: str) -> list[list[str]]:
    """The first non-empty rows of a CSV sample (the last, possibly cut, row left out)."""
    lines = text[: 64 * 1024].splitlines(keepends=True)
    if len(text) > 64 * 1024 and len(lines) > 1:
        lines = lines[:-1]
    rows = []
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            if row:
                rows.append(row)
            if len(rows) > SNIFF_ROWS:
                break
    except csv.Error:
        pass
    return rows


def check_header(columns: list[str], source: str) -> None:
    """Refuse a table whose columns share a name (they would be renamed or merged silently)."""
    seen: dict[str, list[int]] = {}
    for position, name in enumerate(columns, 1):
        seen.setdefault(str(name), []).append(position)
    duplicates = {name: places for name, places in seen.items() if len(places) > 1}
    if duplicates:
        described = "; ".join(
            f"{name!r} (columns {', '.join(map(str, places))})"
            for name, places in duplicates.items()
        )
        raise TableError(
            f"{source} has several columns with the same name: {described}; "
            "rename them so that every column name is unique"
        )


# The longest field the check of the first rows reads (an unclosed quote would otherwise
# read the whole file into one field); past it, pandas reads the file and reports.
FIRST_ROWS_FIELD_LIMIT = 16 * 1024 * 1024


def _check_first_rows(path: Path, encoding: str, delimiter: str) -> list[str] | None:
    """Refuse duplicate column names, and a first data row with more fields than the header.

    pandas would silently rename a repeated name (`answer.1`), or take the first
    column of such a row as the index and shift every column left; a later row
    with extra fields is a parser error that names its line. The header and the
    first data row are read from the file itself, whatever their length, with
    any line ending (CR alone, as old Mac exports write, too). Returns the header
    (None when the csv module cannot read those rows: pandas then reads the file
    and reports).
    """
    previous_limit = csv.field_size_limit(FIRST_ROWS_FIELD_LIMIT)
    try:
        with open(path, encoding=encoding, errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                return None
            if header:
                header[0] = header[0].removeprefix("\ufeff")
            check_header(header, str(path))
            # Read back, a name escaped against formulas loses its `'`: "'=a" becomes "=a".
            check_header(
                [unescape_formula(name) for name in header],
                f"{path}, once the formula escape (a ' before =, +, -, @) is removed from its "
                "column names,",
            )
            start = reader.line_num + 1
            for row in reader:
                if row:
                    if len(row) > len(header):
                        if not any(cell.strip() for cell in row[len(header) :]):
                            raise TableError(
                                f"{path} line {start} ends with {len(row) - len(header)} "
                                "empty field(s) more than the header has: a delimiter at the "
                                "end of the row (remove it, or add a column name for it), or a "
                                f"{_delimiter_name(delimiter)} inside an answer that is not "
                                "between double quotes when the row's last cells are empty (fix "
                                "the line or export the file again)"
                            )
                        raise TableError(
                            _extra_fields(path, start, len(row), len(header), delimiter)
                        )
                    return header
                start = reader.line_num + 1
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(previous_limit)
    return header


def _delimiter_name(delimiter: str) -> str:
    """A delimiter as a message names it: "tab", or the character quoted."""
    return "tab" if delimiter == "\t" else repr(delimiter)


def first_ten(values: Sequence[object]) -> str:
    """The first ten of `values` for a message, comma-separated, then " ..." if there are
    more."""
    return ", ".join(map(str, values[:10])) + (" ..." if len(values) > 10 else "")


def _extra_fields(path: Path, line: int, fields: int, expected: int, delimiter: str) -> str:
    return (
        f"{path} line {line} has {fields} fields but the header has {expected}: an answer "
        f"containing the delimiter {_delimiter_name(delimiter)} must be quoted; fix the line or "
        "export the file again"
    )


NUL = b"\x00"


def csv_options(path: Path, encoding: str | None = None) -> dict:
    """Encoding and delimiter to read a CSV file with (pandas keywords).

    Refuses duplicate column names and a first data row with more fields than
    the header (see `_check_first_rows`). A one-column file keeps its blank lines
    as rows: they are its empty answers.
    """
    with open(path, "rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if not sample.strip():
        raise TableError(f"{path} is empty")
    encoding = encoding or _utf16_or_32_bom(sample)
    wide = encoding is not None and encoding.replace("_", "-").lower().startswith(
        ("utf-16", "utf-32")
    )
    if NUL in sample[:4096] and not wide:
        utf16 = _utf16_without_bom(sample[:4096])
        if utf16:
            raise TableError(
                f"{path} looks like UTF-16 without a byte-order mark (a NUL byte beside "
                f"each letter): give --encoding {utf16}"
            )
        raise TableError(
            f"{path} is not a text CSV file (it looks binary: a NUL byte at byte "
            f"{sample.index(NUL) + 1}); if it is text with a stray NUL, remove that byte"
        )
    given = encoding
    encoding = encoding or detect_encoding(sample, path)
    try:
        if given:
            refuse_utf8_read_as(path, sample, given)
        damaged = invalid_utf8_lines(path, encoding)
        strict = len(sample) < SNIFF_BYTES and not damaged
        text = sample.decode(encoding, errors="strict" if strict else "replace")
    except (UnicodeDecodeError, LookupError) as error:
        raise TableError(f"{path} cannot be decoded as {encoding}: {error}") from error
    samples = _samples(text)  # parsed once, for the delimiter and for a title line
    delimiter = _delimiter_of(samples)
    title = (
        separator_hint_line(text.split("\n", 1)[0].rstrip("\r"))
        or csv_title_line(samples, delimiter)
        or extra_header_lines(samples[delimiter])
    )
    if title:
        raise TableError(f"{path}: {title}")
    header = _check_first_rows(path, encoding, delimiter)
    options = {"encoding": encoding, "sep": delimiter}
    if damaged:
        options["encoding_errors"] = "replace"
        warnings.warn(
            DataWarning(
                f"{path} is UTF-8 but {len(damaged)} line(s) hold bytes that are not, "
                f"replaced by U+FFFD: line(s) {first_ten(damaged)}; if the file is in a "
                "legacy encoding instead, give it with --encoding (e.g. cp1252)"
            ),
            stacklevel=2,
        )
    if header is not None and len(header) == 1:
        # One column: an empty answer is written as an empty line (as Excel and Google
        # Sheets export it), a row like any other.
        options["skip_blank_lines"] = False
    if header is not None and "" in header:
        # pandas would call an unnamed column "Unnamed: 1": keep its name empty, as written.
        options.update(names=header, header=0)
    return options


def refuse_utf8_read_as(path: Path, sample: bytes, encoding: str) -> None:
    """Raise TableError when `encoding`, given for the file `path` (whose first bytes are
    `sample`), is a legacy one and the file is UTF-8 (`misread_utf8`): every accent would
    be read as wrong characters, and tagged and written so. LookupError for an encoding
    Python does not know."""
    misread = misread_utf8(sample, encoding)
    if misread:
        raise TableError(
            f"{path} is UTF-8, and --encoding {encoding} would read each of its accents as "
            f"other characters ({misread}): leave --encoding out (UTF-8 is read by default)"
        )


def csv_dialect(path: Path, encoding: str | None = None) -> CsvDialect:
    """The dialect to write a CSV output in, to match the CSV input `path`.

    The delimiter is the input's; a BOM is written when the input had one or
    was in a legacy (non-UTF-8) encoding, so that Excel reads the UTF-8 output's
    accents right. A one-column input has no delimiter: it is read with one its
    answers do not hold (a tab when they hold commas), and its output is
    comma-separated, as a spreadsheet opens a .csv file (with a tab, each row of the
    output showed in one cell).
    """
    options = csv_options(path, encoding)
    legacy = options["encoding"].replace("_", "-").lower() not in ("utf-8", "utf8")
    one_column = options.get("skip_blank_lines") is False  # set for a one-column file only
    return CsvDialect(delimiter="," if one_column else options["sep"], bom=legacy)


def csv_parser_error(
    path: Path, error: Exception, delimiter: str, encoding: str | None = None
) -> TableError:
    """A parser error as one sentence: extra fields on a line are named as such, and a quote
    no quote closes by the row it opens (the file read in `encoding`)."""
    match = _FIELDS_ERROR.search(str(error))
    if match:
        # pandas' "line" counts rows, a row with line breaks in a cell as one: the line an
        # editor shows is where that row starts.
        expected, row, saw = (int(g) for g in match.groups())
        with contextlib.closing(_row_starts(path, delimiter, encoding)) as starts:
            line = next(itertools.islice(starts, row - 1, None), row)
        return TableError(_extra_fields(path, line, saw, expected, delimiter))
    if _EOF_IN_QUOTES in str(error):
        return TableError(_unclosed_quote(path, delimiter, encoding))
    message = first_line(error)
    suffix = "; try --encoding" if isinstance(error, UnicodeDecodeError) else ""
    return TableError(f"{path} cannot be read as CSV: {message}{suffix}")


def _row_starts(path: Path, delimiter: str, encoding: str | None) -> Iterator[int]:
    """The line each row of a CSV starts on (1: the column names; a blank line is a row),
    as Python's csv reader splits the file, which reads quotes as pandas does: a row whose
    cell holds line breaks spans several lines. For the error path only (the file is read
    again). Ends with the row of a cell over the reader's field limit (128 KiB): a quote
    no quote closes, whose cell runs to the end of the file."""
    with open(path, encoding=encoding or "utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        start = 1
        try:
            for _ in reader:
                yield start
                start = reader.line_num + 1
        except csv.Error:
            yield start


def _unclosed_quote(path: Path, delimiter: str, encoding: str | None) -> str:
    """The message for a CSV whose last row holds a quote that no quote closes: pandas says
    "EOF inside string starting at row 150", a count of rows no editor shows (a row may
    hold several lines), and not what to do. The file's last row (`_row_starts`) is the
    quote's row, its cell running to the end of the file."""
    rows = collections.deque(_row_starts(path, delimiter, encoding), maxlen=1)
    last = rows[0] if rows else 1
    with open(path, encoding=encoding or "utf-8", errors="replace", newline="") as handle:
        text = next(itertools.islice(handle, last - 1, None), "").rstrip("\r\n").lstrip("\ufeff")
    shown = text[:QUOTED_CHARS] + ("..." if len(text) > QUOTED_CHARS else "")
    return (
        f'{path} line {last} ({shown!r}) opens a quoted cell that no quote (") closes before '
        "the end of the file, so every line after it would be read into that cell: if an "
        'answer starts with a quote, double each quote inside it ("") and quote the whole '
        "answer, or export the file again (a file cut short by an interrupted download or "
        "copy ends so too)"
    )


def read_table(
    path: str | Path,
    sheet: str | None = None,
    encoding: str | None = None,
    blank_lines: bool = False,
) -> pd.DataFrame:
    """Read a whole CSV / XLSX / JSONL file as a DataFrame of strings (missing cells: "").

    A CSV's blank lines are skipped, unless `blank_lines` keeps them as rows of
    empty cells, so that row i is the spreadsheet's row i + 2 (XLSX keeps them).
    """
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path} does not exist")
    if path.is_dir():
        raise TableError(f"{path} is a directory, not a table file")
    fmt = table_format(path)
    options: dict = {}
    try:
        if fmt == "csv":
            options = csv_options(path, encoding)
            frame = unescape_frame(
                pd.read_csv(
                    path,
                    dtype=str,
                    keep_default_na=False,
                    na_filter=False,
                    **{"skip_blank_lines": not blank_lines, **options},
                ).fillna("")
            )
        elif fmt == "xlsx":
            if encoding:
                raise TableError(
                    f"{path} is an XLSX workbook, whose cells are stored as Unicode: there is "
                    f"no text encoding to give ({encoding!r}); leave --encoding out"
                )
            frame = _read_xlsx(path, sheet)
        else:
            frame = _read_jsonl(path, encoding)
    except TableError:
        raise
    except pd.errors.EmptyDataError as error:
        raise TableError(f"{path} is empty") from error
    except pd.errors.ParserError as error:
        raise csv_parser_error(
            path, error, options.get("sep", ","), options.get("encoding")
        ) from error
    except (UnicodeDecodeError, ValueError, OSError) as error:
        raise TableError(f"{path} cannot be read as {fmt.upper()}: {first_line(error)}") from error
    frame.columns = [str(c) for c in frame.columns]
    if fmt == "csv":  # a sheet is checked as it is read; a JSONL line has no header to repeat
        refuse_repeated_header(frame, str(path))
    return frame


def first_line(error: Exception) -> str:
    """The first line of an exception's message (its type name when it has none)."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def choose_sheet(path: Path) -> tuple[str, str | None]:
    """The sheet of a workbook read when none is named: the first visible one (a hidden
    sheet holds settings or lookups, not answers), and a note saying so when the workbook
    has hidden sheets or other visible ones (None when it has one sheet)."""
    if not zipfile.is_zipfile(path):
        raise TableError(f"{path} is not an XLSX workbook (it is not a zip archive)")
    import openpyxl  # only for workbooks: openpyxl costs 0.2 s to import

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise TableError(f"{path} cannot be read as XLSX: {first_line(error)}") from error
    try:
        states = [(sheet.title, sheet.sheet_state) for sheet in workbook.worksheets]
    finally:
        workbook.close()
    visible = [title for title, state in states if state == "visible"]
    if not visible:
        raise TableError(f"{path}: every sheet is hidden; give the one to read with --sheet")
    hidden = [title for title, state in states if state != "visible"]
    notes = []
    if len(visible) > 1:
        notes.append(
            f"the first of {len(visible)} visible sheets ({', '.join(map(repr, visible))}); "
            "give --sheet NAME to read another"
        )
    if hidden:
        notes.append(f"hidden sheet(s) skipped: {', '.join(map(repr, hidden))}")
    note = f"{path}: reading sheet {visible[0]!r}, " + "; ".join(notes) if notes else None
    return visible[0], note


def _read_xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    if not zipfile.is_zipfile(path):
        raise TableError(f"{path} is not an XLSX workbook (it is not a zip archive)")
    named = sheet is not None
    sheet = sheet if sheet is not None else choose_sheet(path)[0]
    try:
        # Read the header as a row, so that duplicate names are seen before pandas renames them.
        cells = pd.read_excel(
            path,
            sheet_name=sheet,
            header=None,
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
        _refuse_unreadable_dates(path, sheet)
        raise
    if cells.empty:
        raise TableError(_empty_sheet(path, sheet, named))
    _as_shown(cells, shown_cells(path, sheet))
    if not any(str(value).strip() for value in cells.iloc[0]):
        raise TableError(
            f"{path}, sheet {sheet!r}: row 1 is empty; the column names must be in the first "
            "row: delete the empty row(s) above them"
        )
    title = xlsx_title_row(
        cells.iloc[0].tolist(), cells.iloc[1].tolist() if len(cells) > 1 else []
    ) or extra_header_lines(cells.iloc[:3].values.tolist(), line="row")
    if title:
        raise TableError(f"{path}, sheet {sheet!r}: {title}")
    merged = merged_ranges(path, sheet)
    _refuse_merged_headings(path, sheet, cells, heading_ranges(merged))
    _warn_of_uncalculated_formulas(path, sheet)
    _warn_of_merged_cells(path, sheet, data_ranges(merged))
    header = [
        str(name) if str(name) != "" else f"Unnamed: {position}"
        for position, name in enumerate(cells.iloc[0].tolist())
    ]
    check_header(header, str(path))
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = header
    frame = frame.fillna("")
    refuse_repeated_header(frame, f"{path}, sheet {sheet!r}")
    return frame


def _refuse_unreadable_dates(path: Path, sheet: str) -> None:
    """Raise TableError naming the cells of `sheet` typed as ISO 8601 dates (`t="d"`) that
    hold no such date: the reader stops on the first without naming it ("Invalid datetime
    value 31/02/2026", or "day is out of range for month" for `2026-02-31`), and a sheet
    of thousands of dates cannot be searched for it by eye."""
    cells = [f"{ref} ({text!r})" for ref, text in unreadable_dates(path, sheet)]
    if cells:
        raise TableError(
            f"{path}, sheet {sheet!r}: cell(s) {first_ten(cells)} are stored as dates "
            "(ISO 8601 text) but hold no valid date: correct them (in the program that wrote "
            "the workbook, or a spreadsheet program) and save it again, or export it as CSV"
        )


def _as_shown(cells: pd.DataFrame, shown: dict[tuple[int, int], str]) -> None:
    """Write the cells of `shown` ((row, column) from 1: text) as the spreadsheet shows
    them, where pandas read a stored value (Python's True, a missing value for `#N/A`, 123
    for `00123`); `cells` holds the sheet from row 1 and column A (see `xlsx_shown`)."""
    for (row, column), text in shown.items():
        if row <= len(cells) and column <= cells.shape[1]:
            cells.iat[row - 1, column - 1] = text


def _empty_sheet(path: Path, sheet: str, named: bool) -> str:
    """The message for a sheet without a cell: a workbook whose first sheet is a new empty
    one (added for notes) still holds the answers in another, which the message names."""
    if named:
        return f"{path}, sheet {sheet!r} is empty"
    import openpyxl  # only on this error path: openpyxl costs 0.2 s to import

    workbook = openpyxl.load_workbook(path, read_only=True)
    others = [name for name in workbook.sheetnames if name != sheet]
    workbook.close()
    if not others:
        return f"{path} is empty"
    return (
        f"{path}, sheet {sheet!r} is empty: it is the first visible sheet, the one read when "
        f"none is named; the answers may be in sheet(s) {', '.join(map(repr, others))}: move "
        "their sheet first (or name it with --sheet)"
    )


def _warn_of_uncalculated_formulas(path: Path, sheet: str) -> None:
    """Warn, naming the cells, when formulas of `sheet` store no result: they are read as
    empty (see `xlsx_formulas`)."""
    cells = uncalculated_formulas(path, sheet)
    if cells:
        warnings.warn(
            DataWarning(
                f"{path}, sheet {sheet!r}: {len(cells)} formula cell(s) store no calculated "
                f"result and are read as empty ({first_ten(cells)}); the workbook was saved "
                "by a program that does not calculate formulas: open and save it in Excel or "
                "LibreOffice first to keep their values"
            ),
            stacklevel=3,
        )


def _refuse_merged_headings(
    path: Path, sheet: str, cells: pd.DataFrame, headings: list[tuple[str, int, int]]
) -> None:
    """Raise TableError when a cell of row 1 is merged over several columns (`headings`, from
    `xlsx_merged.heading_ranges`) whose columns after the first hold cells below: a heading
    over a group of columns, the column names in row 2. Read so, the names were tagged as an
    answer and counted as a respondent, and the group's other columns had no name. `cells`
    holds the sheet from row 1 and column A. A name merged over empty columns loses nothing."""
    found = [
        f"{str(cells.iat[0, first - 1]).strip()!r} ({ref})"
        for ref, first, last in headings
        if first <= cells.shape[1]
        and any(str(value).strip() for value in cells.iloc[1:, first:last].to_numpy().ravel())
    ]
    if found:
        raise TableError(
            f"{path}, sheet {sheet!r}: row 1 merges cells over several columns "
            f"({first_ten(found)}) whose columns below hold cells: a merged cell names only "
            "its first column, so the others have no name (a heading over a group of columns, "
            "with the column names in row 2?). The column names must be in row 1, one per "
            "column: delete the row(s) above them, or unmerge those cells and give each column "
            "its own name"
        )


def _warn_of_merged_cells(path: Path, sheet: str, ranges: list[str]) -> None:
    """Warn, naming the `ranges`, when merged cells of `sheet` reach its data rows: only the
    top-left cell of each holds the value, the others are read as empty (see `xlsx_merged`)."""
    if ranges:
        warnings.warn(
            DataWarning(
                f"{path}, sheet {sheet!r}: {len(ranges)} merged cell range(s) "
                f"({first_ten(ranges)}): only the first cell of each holds the value, so the "
                "range's other cells read as empty (a value merged over three rows is given on "
                "the first row only); unmerge them and fill in each cell to keep the value on "
                "every row"
            ),
            stacklevel=3,
        )


def _read_jsonl(path: Path, encoding: str | None) -> pd.DataFrame:
    frames = list(jsonl_chunks(path, 50_000, encoding))
    return pd.concat(frames, ignore_index=True).fillna("") if len(frames) > 1 else frames[0]


# Said of a file whose first line opens a JSON document that is not one object per line: a
# pretty-printed JSON file, or an array of objects, renamed .jsonl.
_JSON_DOCUMENT = (
    ": the file looks like one JSON document (pretty-printed over several lines, or an "
    "array of objects), not JSON Lines; write one JSON object per line (`jq -c '.[]' "
    "answers.json > answers.jsonl`), or export the answers as CSV or XLSX"
)


def jsonl_chunks(path: Path, rows: int, encoding: str | None = None) -> Iterator[pd.DataFrame]:
    """A JSONL file as DataFrames of at most `rows` text cells (lists/objects as JSON).

    JSON Lines are UTF-8 (a BOM is skipped); a file written in another encoding (a legacy
    code page) is read in the `encoding` given, which was otherwise ignored.

    Characters that cannot be written as UTF-8 (bytes that are not UTF-8, or a
    lone surrogate escape such as `\\ud83d`) are replaced by U+FFFD, with one
    `DataWarning` naming the lines. A line that is not a JSON object, or an
    object with a repeated key, is an error naming the line.
    """
    records: list[dict] = []
    produced = False
    repaired: list[int] = []
    if encoding:  # a name Python does not know, or a UTF-8 file, refused before reading
        with open(path, "rb") as handle:
            sample = handle.read(SNIFF_BYTES)
        try:
            refuse_utf8_read_as(path, sample, encoding)
        except LookupError as error:
            raise TableError(f"{path} cannot be decoded as {encoding}: {error}") from None
    first_line = True
    with open(path, encoding=encoding or "utf-8-sig", errors="surrogateescape") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            document = _JSON_DOCUMENT if first_line and line.lstrip()[:1] in "{[" else ""
            first_line = False
            try:
                record = json.loads(line, object_pairs_hook=_unique_keys)
            except json.JSONDecodeError as error:
                if "\x00" in line:  # UTF-16 or UTF-32 text: a NUL byte beside each letter
                    raw = line.encode("utf-8", "surrogateescape")  # the line's own bytes
                    wide = _utf16_or_32_bom(raw) or _utf16_without_bom(raw) or "UTF-16 or -32"
                    raise TableError(
                        f"{path} line {number} is not UTF-8 text (NUL bytes between its "
                        f"letters: it looks like {wide}); JSONL files are UTF-8: save it as "
                        "UTF-8 and tag it again"
                    ) from None
                # A document over several lines breaks off at the end of its first line.
                cut_off = error.pos >= len(line.rstrip())
                raise TableError(
                    f"{path} line {number} is not valid JSON ({error.msg})"
                    + (document if cut_off else "")
                ) from error
            except _RepeatedKey as error:
                raise TableError(
                    f"{path} line {number} has the key {error.args[0]!r} more than once"
                ) from None
            if not isinstance(record, dict):
                raise TableError(
                    f"{path} line {number} is not a JSON object"
                    + (document if isinstance(record, list) else "")
                )
            if LONE_SURROGATE.search(line) or "\\u" in line:
                record, changed = _repair_record(record)
                if changed:
                    repaired.append(number)
            records.append(record)
            if len(records) == rows:
                produced = True
                yield _records_frame(records)
                records = []
    if repaired:
        warnings.warn(
            DataWarning(
                f"{path}: {len(repaired)} line(s) had characters that are not valid text "
                "(invalid UTF-8 or a lone surrogate), replaced by U+FFFD: line(s) "
                f"{first_ten(repaired)}"
                + (
                    ""
                    if encoding
                    else "; if the file is in a legacy encoding, give it with --encoding "
                    "(e.g. cp1252)"
                )
            ),
            stacklevel=2,
        )
    if records:
        yield _records_frame(records)
    elif not produced:
        raise TableError(f"{path} is empty")


class _RepeatedKey(Exception):
    """A JSON object with the same key twice (json keeps the last one silently)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    record = {}
    for key, value in pairs:
        if key in record:
            raise _RepeatedKey(key)
        record[key] = value
    return record


def _repair_record(record: dict) -> tuple[dict, bool]:
    """`record` with lone surrogates in keys and text values replaced; whether any was."""
    changed = False

    def repair(value: object) -> object:
        nonlocal changed
        if isinstance(value, str):
            fixed = LONE_SURROGATE.sub("\ufffd", value)
            changed = changed or fixed != value
            return fixed
        if isinstance(value, list):
            return [repair(v) for v in value]
        if isinstance(value, dict):
            return {repair(k): repair(v) for k, v in value.items()}
        return value

    return {repair(k): repair(v) for k, v in record.items()}, changed


def _records_frame(records: list[dict]) -> pd.DataFrame:
    """Records as a frame of text cells. Each value becomes text before the frame is
    built: pandas would otherwise turn a column of numbers with a gap (a missing key,
    a null) into floats, writing the id 1 back as "1.0" and rounding large ids."""
    frame = pd.DataFrame.from_records(
        [{key: _cell_text(value) for key, value in record.items()} for record in records]
    )
    return frame.astype(object).where(frame.notna(), "")


def _cell_text(value: object) -> str:
    """A JSON value as the text of a cell: null empty, true / false, lists and objects as
    JSON (never Python's spelling: `True`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def text_cells_stay_text(sheet) -> None:
    """Keep answers starting with '=' as text: openpyxl would store them as live formulas."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def check_xlsx_cells(
    frame: pd.DataFrame,
    path: Path | str,
    first_row: int = 1,
    advice: str = "write a .csv or .jsonl output instead, which keeps them whole",
) -> None:
    """Refuse cells longer than an XLSX cell holds, naming rows and columns, and `advice`.

    Excel (and openpyxl) would cut them at 32,767 characters; the tool never
    cuts an answer silently. `first_row` is the data row number of `frame`'s first row.
    """
    too_long: dict[str, list[int]] = {}
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        for offset, value in enumerate(values):
            if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
                too_long.setdefault(str(column), []).append(first_row + offset)
    if too_long:
        where = "; ".join(
            f"column {column!r} row(s) {first_ten(rows)}" for column, rows in too_long.items()
        )
        raise TableError(
            f"{path}: some cells hold more than {XLSX_CELL_LIMIT:,} characters, the most an "
            f"XLSX cell can hold ({where}); {advice}"
        )


def check_xlsx_shape(
    rows: int,
    columns: int,
    path: Path | str,
    advice: str = "write a .csv or .jsonl output instead, which keeps them all",
) -> None:
    """Refuse a sheet of `rows` data rows (under one header row) and `columns` columns that
    an XLSX sheet cannot hold, naming the count, the limit and `advice`.

    openpyxl refuses it only when the workbook is saved, with an internal error naming no
    limit (an export whose last used cell sits in Excel's last column, XFD, has 16,384
    columns before the tool adds its own).
    """
    for count, limit, what in (
        (columns, XLSX_MAX_COLUMNS, "columns"),
        (rows + 1, XLSX_MAX_ROWS, "rows (the column names included)"),
    ):
        if count > limit:
            raise TableError(
                f"{path}: the sheet would have {count:,} {what}, more than the {limit:,} an "
                f"XLSX sheet holds; {advice}"
            )


def xlsx_sheets(
    sheets: dict[str, pd.DataFrame],
    path: Path,
    advice: str | None = None,
    kept_by: str | None = None,
) -> dict[str, pd.DataFrame]:
    """The sheets of a workbook ready to write: cells longer than XLSX holds refused,
    named by sheet (with `advice`, else the default one), control characters replaced
    (the warning says what keeps them: `kept_by`, else the default)."""
    for name, frame in sheets.items():
        options = {"advice": advice} if advice else {}
        check_xlsx_cells(frame, f"{path}, sheet '{name}'", **options)
    options = {"kept_by": kept_by} if kept_by else {}
    return {
        name: xlsx_clean(frame, f"{path}, sheet '{name}'", **options)
        for name, frame in sheets.items()
    }


# What an XLSX cell cannot hold as written: (pattern, replacement, what the warning says).
_XLSX_REPLACEMENTS = (
    (
        _XLSX_ILLEGAL,
        "\ufffd",
        "control characters that XLSX cannot store were replaced by U+FFFD",
    ),
    (
        re.compile("\r\n?"),
        "\n",
        "carriage returns were written as line breaks (every XLSX reader reads them so)",
    ),
)


def xlsx_clean(
    frame: pd.DataFrame, path: Path | str, kept_by: str = "a .csv or .jsonl output"
) -> pd.DataFrame:
    """`frame` ready for XLSX: control characters XLSX cannot store become U+FFFD, and
    carriage returns line breaks, each warned with its columns and rows and what keeps
    them as they are (`kept_by`); in column names too (a question's text pasted from
    PowerPoint holds its line break, U+000B), which openpyxl refused with an internal
    error once the work was done."""
    cleaned = frame.copy()
    for pattern, replacement, what in _XLSX_REPLACEMENTS:
        rows: set[int] = set()
        columns: list[str] = []
        for column in cleaned.columns:
            values = cleaned[column]
            if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
                continue
            bad = [i for i, v in enumerate(values) if isinstance(v, str) and pattern.search(v)]
            if bad:
                rows.update(bad)
                columns.append(str(column))
                cleaned[column] = [
                    pattern.sub(replacement, v) if isinstance(v, str) else v for v in values
                ]
        if rows:
            warnings.warn(
                DataWarning(
                    f"{path}: {what} in column(s) {', '.join(map(repr, columns))}, row(s) "
                    f"{first_ten([row + 1 for row in sorted(rows)])}; {kept_by} keeps them"
                ),
                stacklevel=2,
            )
    # Names after cells: names that differ only by such characters may become one.
    for pattern, replacement, what in _XLSX_REPLACEMENTS:
        names = [name for name in cleaned.columns if isinstance(name, str) and pattern.search(name)]
        if names:
            cleaned.columns = [
                pattern.sub(replacement, name) if isinstance(name, str) else name
                for name in cleaned.columns
            ]
            warnings.warn(
                DataWarning(
                    f"{path}: {what} in the column name(s) {', '.join(map(repr, names))}; "
                    f"{kept_by} keeps them"
                ),
                stacklevel=2,
            )
    return cleaned


def frame_to_xlsx(
    frame: pd.DataFrame, path: Path, sheet_name: str = "Sheet1", named: Path | None = None
) -> None:
    """Write one sheet of cells exactly as they are (no formulas, no cut cells). Errors and
    warnings name `named` (the output a temporary `path` becomes), else `path`."""
    check_xlsx_shape(len(frame), len(frame.columns), named or path)
    check_xlsx_cells(frame, named or path)
    frame = xlsx_clean(frame, named or path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name)
        text_cells_stay_text(writer.sheets[sheet_name])


def write_csv(
    frame: pd.DataFrame, handle, dialect: CsvDialect, *, header: bool = True, raw: bool = False
) -> None:
    """Write `frame` to an open text handle as CSV in `dialect`, escaped unless `raw`.

    Float columns are written with the dialect's decimal mark (`CsvDialect.decimal`),
    except with `raw`: a program reads `0.53`, the machine form, whatever the delimiter
    (a decimal comma is for Excel in a French locale, as the escape is for Excel). Text
    cells are written as they are, whatever they hold. Rows end in CRLF (RFC 4180,
    as Excel writes): Python 3.11's csv module quotes a cell only for the characters of
    its own line terminator, so with a bare "\n" a cell holding a lone carriage return
    was written unquoted and split the row for every reader.
    """
    (frame if raw else csv_safe(frame)).to_csv(
        handle,
        index=False,
        header=header,
        sep=dialect.delimiter,
        decimal="." if raw else dialect.decimal,
        lineterminator="\r\n",
    )


def output_dialect(path: Path, dialect: CsvDialect | None) -> CsvDialect:
    """The dialect of a CSV output: `dialect` when given; tab for .tsv; else comma, no BOM."""
    if Path(path).suffix.lower() == ".tsv":
        return CsvDialect("\t", dialect.bom if dialect else False)
    return dialect or CsvDialect()


def write_table(
    frame: pd.DataFrame, path: str | Path, dialect: CsvDialect | None = None, raw: bool = False
) -> Path:
    """Write `frame` atomically in the format of `path`'s extension.

    CSV: in `dialect` (default comma, no BOM; tab for .tsv; numbers with a decimal
    comma for `;`), text cells escaped against formula injection; with `raw`, cells
    unchanged and numbers with a decimal point, for programs.
    """
    path = Path(path)
    fmt = table_format(path)
    check_output_path(path)

    def write(tmp: Path) -> None:
        if fmt == "csv":
            chosen = output_dialect(path, dialect)
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                if chosen.bom:
                    handle.write("\ufeff")
                write_csv(frame, handle, chosen, raw=raw)
        elif fmt == "xlsx":
            frame_to_xlsx(frame, tmp, named=path)
        else:
            buffer = io.StringIO()
            frame.to_json(buffer, orient="records", lines=True, force_ascii=False)
            tmp.write_text(buffer.getvalue(), encoding="utf-8")

    atomic_write(path, write)
    return path
