"""Output 2, the consultation report: an HTML page and an XLSX workbook from a tagged file.

Modules, from the request to the page:

- `build`: `build_report()` and `Report` (`write_html`, `write_xlsx`): builds the
  context, runs the sections in page order and assembles their tables and HTML;
- `context`: `build_context()` checks the request and computes, once, the
  frozen `ReportContext` every section reads (surveys, theme labels, ranks and
  frequency order, needs, segments, page language), and `Section`, what each
  section returns;
- `survey`: reads a tagged table into answers and respondents in canonical
  order (`prepare`, `Answer`, `Respondent`, `Survey`, `parse_score`);
- `stats`: pure computations on a survey: theme counts and shares, needs,
  quotes, net promoter scores;
- `sections/`: one module per report section, each a function of the context
  returning its tables and HTML (overview, themes, by_theme, needs, nps,
  comparison);
- `html`: HTML helpers (escaping, paragraphs, tables, quotes, figures), the
  style sheet and the page template;
- `charts`: the matplotlib bar chart as inline SVG;
- `i18n`: `text()`, the fixed texts in the page's language, whose tables are
  `texts_answers` (page header, sections 1-4) and `texts_scores` (sections 5-6);
- `formats`: numbers (percentages, points, NPS, axis ticks) written for each
  report language.
"""

from ..lazy import lazy_exports

__all__ = ["Report", "build_report", "tagged_questions"]

# Lazy: the page's modules load matplotlib and openpyxl only when a report is built.
__getattr__ = lazy_exports(
    __name__,
    {
        "Report": "classifier.report.build",
        "build_report": "classifier.report.build",
        "tagged_questions": "classifier.io.layout",
    },
)
