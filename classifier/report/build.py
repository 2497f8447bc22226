"""The consultation report: one self-contained HTML page and an XLSX workbook.

Built from a file written by `classifier tag` (no model is needed): the
overview of respondents and answers by language, themes by frequency, what
members praise and ask for in each theme, recurring needs and unique requests,
the net promoter score (overall, by language and by segment) and
the themes of detractors versus promoters, and, given last year's tagged file,
the change in theme shares and in the net promoter score.

Every section is both an HTML section and a table of `Report.tables` (one
sheet each in the workbook). Rows are put in a canonical order first and every
ranking has explicit tie-breakers, so the same data gives the same page
whatever the row order. Charts are inline SVG drawn with matplotlib, so the
page needs no network, script or font file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..codebook import Codebook
from ..errors import ClassifierError
from ..io.files import atomic_write, atomic_write_text, check_output_path
from ..io.tables import text_cells_stay_text, xlsx_sheets
from .context import ReportContext, Section, build_context
from .html import page
from .sections.by_theme import by_theme
from .sections.comparison import comparison
from .sections.need_change import need_change
from .sections.needs import recurring_needs
from .sections.nps import net_promoter_score
from .sections.overview import overview
from .sections.themes import theme_frequency

# The sections of every report, in page order; the comparison follows when a previous
# consultation is given.
SECTIONS: tuple[Callable[[ReportContext], Section], ...] = (
    overview,
    theme_frequency,
    by_theme,
    recurring_needs,
    net_promoter_score,
)


HTML_SUFFIXES = (".html", ".htm")
XLSX_SUFFIXES = (".xlsx",)


@dataclass
class Report:
    """The report's tables (one per section part, ordered) and its HTML page."""

    tables: dict[str, pd.DataFrame]
    html: str

    def write_html(self, path: str | Path) -> Path:
        """Write the HTML page atomically (ClassifierError for a directory or a missing one,
        or a name that is not .html / .htm)."""
        path = _named(check_output_path(path), HTML_SUFFIXES, "the HTML report")
        atomic_write_text(path, self.html)
        return path

    def write_xlsx(self, path: str | Path) -> Path:
        """Write every table as a sheet of an XLSX workbook, atomically (ClassifierError for
        a name that is not .xlsx)."""
        path = _named(check_output_path(path), XLSX_SUFFIXES, "the report's workbook")
        tables = xlsx_sheets(
            self.tables,
            path,
            advice="leave out --xlsx (the HTML report has the same tables), or shorten "
            "those answers in the tagged file",
            kept_by="the HTML report",
        )

        def write(tmp: Path) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, table in tables.items():
                    table.to_excel(writer, sheet_name=name, index=False)
                    _format_sheet(writer.sheets[name], table)

        atomic_write(path, write)
        return path


def check_report_names(html: str | Path, xlsx: str | Path | None = None) -> None:
    """Raise ClassifierError when the page is not named .html / .htm or the workbook .xlsx,
    before anything is written."""
    _named(Path(html), HTML_SUFFIXES, "the HTML report")
    if xlsx is not None:
        _named(Path(xlsx), XLSX_SUFFIXES, "the report's workbook")


def _named(path: Path, suffixes: tuple[str, ...], what: str) -> Path:
    """`path`, when its extension is one of `suffixes` (in any case): a page written under
    a workbook's name, or a workbook under a CSV's, would open as garbage."""
    if path.suffix.lower() not in suffixes:
        raise ClassifierError(
            f"{path}: {what} is written as {' or '.join(suffixes)}, not "
            f"{path.suffix or 'a file without extension'}: give it that extension"
        )
    return path


def _format_sheet(sheet: Worksheet, table: pd.DataFrame) -> None:
    """Readable sheet: frozen header, column widths, one decimal, no live formulas."""
    sheet.freeze_panes = "A2"
    for position, column in enumerate(table.columns, 1):
        values = [str(v) for v in table[column].tolist()[:500]]
        width = max([len(str(column))] + [len(v) for v in values])
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width, 8) + 2, 70)
        if pd.api.types.is_float_dtype(table[column]):
            for cell in sheet.iter_cols(min_col=position, max_col=position, min_row=2):
                for item in cell:
                    item.number_format = "0.0"
    text_cells_stay_text(sheet)


def build_report(
    tagged: pd.DataFrame,
    questions: str | Sequence[str],
    *,
    codebook: Codebook,
    lang: str = "en",
    respondent_column: str | None = None,
    score_column: str | None = None,
    segment_columns: str | Sequence[str] = (),
    compare: pd.DataFrame | None = None,
    compare_respondent_column: str | None = None,
    compare_score_column: str | None = None,
    title: str | None = None,
    question_labels: Mapping[str, str] | None = None,
    language_column: str | None = None,
    segment_labels: Mapping[str, str] | None = None,
) -> Report:
    """The consultation report of a tagged file (see the module docstring).

    `questions` names the tagged text column(s), and `segment_columns` the columns the net
    promoter score is broken down by (one name, or a list of them); `compare` is the previous
    consultation's tagged file, whose respondent and score columns are
    `compare_respondent_column` and `compare_score_column` (None: the names of
    this year's; "": it has none); `lang` is the page's language (en, fr, es);
    `question_labels` names questions on the page ("q_improve" -> "What should we
    improve?"; by default a question is named by its column), and `segment_labels`
    segment columns ("region" -> "Región"); `language_column` is the
    export's declared (questionnaire) language column, which `tag` gave the answers'
    languages from (the page then says so; without it, it says an answer's language may
    be either).
    Raises ReportError (a ValueError) for an empty file, an unknown report
    language or no question, and ColumnError for a missing column (the message
    lists the columns found) or a file that is not tagged.
    """
    ctx = build_context(
        tagged,
        questions,
        codebook=codebook,
        lang=lang,
        respondent_column=respondent_column,
        score_column=score_column,
        segment_columns=segment_columns,
        compare=compare,
        compare_respondent_column=compare_respondent_column,
        compare_score_column=compare_score_column,
        title=title,
        question_labels=question_labels,
        language_column=language_column,
        segment_labels=segment_labels,
    )
    return assemble(ctx)


def assemble(ctx: ReportContext) -> Report:
    """The report of a context: its sections in page order, their tables and the page."""
    sections = [section(ctx) for section in SECTIONS]
    if ctx.previous is not None:
        sections.append(comparison(ctx))
        sections.append(need_change(ctx))
    tables = {name: frame for section in sections for name, frame in section.tables.items()}
    html = page(
        title=ctx.title,
        lang=ctx.lang,
        questions=[ctx.question(q) for q in ctx.survey.questions],
        sections=[(s.anchor, s.heading, s.body) for s in sections],
    )
    return Report(tables=tables, html=html)
