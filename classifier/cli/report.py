"""`classifier report`: the consultation report of a tagged file."""

from __future__ import annotations

import argparse
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ClassifierError, CommandError
from .common import chosen_sheet, column_values, log

if TYPE_CHECKING:
    import pandas as pd


def cmd_report(args: argparse.Namespace) -> None:
    """Write the consultation report (HTML, and XLSX with --xlsx) from a tagged file."""
    from ..codebook import Codebook
    from ..io.files import check_output_path, same_file
    from ..io.layout import tag_output_columns, tagged_questions
    from ..io.tables import read_table
    from ..jobs.columns import guess_text_column, previous_questions_renamed, resolve_columns
    from ..report import build_report
    from ..report.build import check_report_names

    outputs = [args.output] + ([args.xlsx] if args.xlsx else [])
    for output in outputs:
        check_output_path(output, args.input, args.compare)
    if args.xlsx and same_file(Path(args.xlsx), Path(args.output)):
        raise CommandError(f"-o and --xlsx name the same file {args.output}: give two names")
    check_report_names(args.output, args.xlsx)
    sheet = chosen_sheet(args.input, args.sheet)
    tagged = read_table(args.input, sheet=sheet, encoding=args.encoding)
    warn_of_hidden_rows(args.input, sheet, tagged)
    questions = args.text_column or tagged_questions(tagged) or [guess_text_column(tagged)]
    columns = resolve_columns(
        tagged,
        questions,
        args.respondent_column,
        # the questionnaire's, given or guessed as `tag` does: the page says whether it was used
        args.language_column,
        "",
        args.score_column,
        args.segment_column,
    )
    log(
        f"question column(s): {', '.join(questions)}; respondent: {columns.respondent or '(none)'}"
        f"; score: {columns.score or '(none)'}; language: {columns.language or '(none)'}"
    )
    for given, option in (
        (args.compare_text_column, "--compare-text-column names a column"),
        (args.compare_sheet, "--compare-sheet names a sheet"),
        (args.compare_encoding, "--compare-encoding is the encoding"),
        (args.compare_respondent_column, "--compare-respondent-column names a column"),
        (args.compare_score_column, "--compare-score-column names a column"),
    ):
        if given and not args.compare:
            raise CommandError(f"{option} of the --compare file: give it")
    previous = read_previous(args) if args.compare else None
    if previous is not None and previous.empty:
        raise CommandError(
            f"the previous consultation's file {args.compare} has no rows, so there is nothing "
            "to compare with: leave out --compare to report on this year alone"
        )
    if previous is not None and args.compare_text_column:
        previous = previous_questions_renamed(previous, questions, args.compare_text_column)
    missing = [q for q in questions if previous is not None and q not in previous.columns]
    if missing:
        written = tag_output_columns(previous)
        found = [str(c) for c in previous.columns if str(c) not in written]
        raise CommandError(
            f"the previous consultation's file {args.compare} has no column {missing[0]!r}: "
            "if it names the question otherwise, give that name with --compare-text-column, "
            "one for each question of this year's, in the same order (its columns other than "
            f"those `tag` wrote: {', '.join(found)})"
        )
    before = (
        _previous_columns(args, previous, questions, columns.respondent, columns.score)
        if previous is not None
        else (None, None)
    )
    if previous is not None and before != (columns.respondent, columns.score):
        log(
            f"previous file {args.compare}: respondent: {before[0] or '(none)'}; score: "
            f"{before[1] or '(none: no change of the net promoter score)'}"
        )
    report = build_report(
        tagged,
        questions,
        codebook=Codebook.load(args.codebook),
        lang=args.lang,
        respondent_column=columns.respondent,
        score_column=columns.score,
        segment_columns=columns.segments,
        compare=previous,
        compare_respondent_column=before[0] or "",
        compare_score_column=before[1] or "",
        question_labels=column_values(args.question_label, "--question-label", "LABEL", questions),
        segment_labels=column_values(
            args.segment_label, "--segment-label", "LABEL", columns.segments
        ),
        language_column=columns.language,
    )
    # The workbook first: it is the output that can refuse its cells (too long for XLSX),
    # and a refusal must leave nothing written.
    if args.xlsx:
        report.write_xlsx(args.xlsx)
    report.write_html(args.output)
    log(f"report ({args.lang}) -> {', '.join(outputs)}")


def _previous_columns(
    args: argparse.Namespace,
    previous: pd.DataFrame,
    questions: list[str],
    respondent: str | None,
    score: str | None,
) -> tuple[str | None, str | None]:
    """The --compare file's respondent and score columns: those --compare-respondent-column
    and --compare-score-column name ('' for none), else this year's names or a guess
    (`previous_columns`)."""
    from ..io.tables import require_column
    from ..jobs.columns import previous_columns

    found = previous_columns(previous, questions, respondent, score)
    chosen = []
    for given, guessed, role in (
        (args.compare_respondent_column, found[0], "previous respondent"),
        (args.compare_score_column, found[1], "previous score"),
    ):
        if given:
            require_column(previous, given, role)
        chosen.append(guessed if given is None else given or None)
    return chosen[0], chosen[1]


def read_previous(args: argparse.Namespace) -> pd.DataFrame:
    """The --compare file, read with its own --compare-sheet and --compare-encoding (the
    input's --sheet and --encoding are the input's: last year's export may be a legacy CSV
    or another workbook). Its errors and warnings name those options."""
    from ..io.tables import read_table

    def renamed(message: str) -> str:
        return re.sub(r"--(sheet|encoding)\b", r"--compare-\1", message)

    sheet = chosen_sheet(args.compare, args.compare_sheet, "--compare-sheet")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            previous = read_table(args.compare, sheet=sheet, encoding=args.compare_encoding)
    except ClassifierError as error:
        raise type(error)(renamed(str(error))) from error
    for warning in caught:
        warnings.warn(warning.category(renamed(str(warning.message))), stacklevel=2)
    warn_of_hidden_rows(args.compare, sheet, previous)
    return previous


def warn_of_hidden_rows(path: str | Path, sheet: str | None, frame: pd.DataFrame) -> None:
    """A DataWarning naming the rows of `frame` (read from `sheet` of workbook `path`) that
    hold cells but that a spreadsheet hides (a filter, or rows hidden by hand). The report
    counts every row of the file, seen or not: staff who filtered the tagged file to one
    region got the whole consultation's figures as the region's, without a word."""
    from ..codebook import format_places
    from ..errors import DataWarning
    from ..io.tables import table_format
    from ..io.xlsx_rows import hidden_rows
    from ..vocab import is_blank

    if sheet is None or table_format(Path(path)) != "xlsx":
        return
    # Row i of the frame is the sheet's row i + 2 (the header is row 1).
    rows = [
        row
        for row in hidden_rows(Path(path), sheet)
        if 2 <= row < len(frame) + 2 and not frame.iloc[row - 2].map(is_blank).all()
    ]
    if rows:
        warnings.warn(
            f"{path}, sheet {sheet!r}: {len(rows)} row(s) are hidden (by a filter, or by "
            f"hand): {format_places([f'row {row}' for row in rows])}. The report counts every "
            "row of the file, shown or hidden: to report on the rows a filter shows, copy them "
            "to a new workbook, or delete the others",
            DataWarning,
            stacklevel=2,
        )
