"""What every section of the report reads, computed once: `ReportContext`; and what each returns.

`build_context` checks the request, reads the tagged file (and last year's)
into surveys and derives everything shared by the sections: theme labels in
the page's language, codebook ranks, the theme order by frequency and the
needs. The context is frozen, so a section cannot change what another one
sees, and no section depends on another having run before it.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..codebook import Codebook
from ..errors import ColumnError, DataWarning, ReportError
from ..io.tables import names_a_column, require_one_name
from .formats import format_count
from .i18n import REPORT_LANGUAGES, language_in_text, listed, plural, text
from .stats import Need, collect_needs, frequency_order, recount_threshold
from .survey import Survey, prepare


@dataclass(frozen=True)
class Section:
    """One section of the report: its tables (sheet name -> table, in order) and its HTML."""

    anchor: str
    heading: str
    body: str
    tables: dict[str, pd.DataFrame]


@dataclass(frozen=True)
class ReportContext:
    """The surveys and everything derived from them that the sections share."""

    survey: Survey
    previous: Survey | None  # last consultation's survey, for the comparison section
    lang: str  # language of the page
    title: str
    segments: tuple[str, ...]  # segment columns, for the net promoter score by group
    theme_ids: tuple[str, ...]  # codebook order, then ids outside the codebook sorted
    theme_rank: Mapping[str, int]  # theme id -> position in `theme_ids`
    theme_labels: Mapping[str, str]  # theme id -> label in `lang`
    theme_order: tuple[str, ...]  # theme ids by number of answers, most first
    needs: tuple[Need, ...]  # recurring first, largest first; empty without need columns
    previous_needs: tuple[Need, ...] = ()  # last consultation's needs, for the comparison
    catalogue_ids: frozenset[str] = frozenset()  # the needs catalogue's ids (none without one)
    question_labels: Mapping[str, str] = field(default_factory=dict)  # question -> page name
    segment_labels: Mapping[str, str] = field(default_factory=dict)  # segment -> page name

    def t(self, key: str, **fields: object) -> str:
        """The fixed text `key` in the page's language."""
        return text(key, self.lang, **fields)

    def plural(self, key: str, count: int, **fields: object) -> str:
        """The fixed text `key_one` or `key_many` that agrees with `count` (see `i18n.plural`)."""
        return plural(key, count, self.lang, **fields)

    def language(self, code: str) -> str:
        """The name of a language inside a sentence or a list (lowercase in French and
        Spanish)."""
        return language_in_text(code, self.lang)

    def listed(self, items: Sequence[str]) -> str:
        """Items of a list on the page, separated by semicolons as the page's language does."""
        return listed(list(items), self.lang)

    def n(self, count: int, signed: bool = False) -> str:
        """A count as the page's language writes it (12,345 / 12 345 / 12.345)."""
        return format_count(count, self.lang, signed)

    def question(self, column: str) -> str:
        """How the page names a question: its label when given, else its column's name."""
        return self.question_labels.get(column, column)

    def segment(self, column: str) -> str:
        """How the page names a segment column: its label when given, else its name."""
        return self.segment_labels.get(column, column)

    def source(self, question: str) -> str:
        """The question named beside a quote of its answers: how the page names it when the
        report covers several questions, else '' (one question goes without saying)."""
        return self.question(question) if len(self.survey.questions) > 1 else ""

    def sources(self, questions: Mapping[str, str]) -> dict[str, str]:
        """`source` of each value of `questions` (a need's language -> question quoted)."""
        return {key: self.source(question) for key, question in questions.items()}

    def label(self, theme: str) -> str:
        """A theme's label in the page's language (its id when it has none)."""
        return self.theme_labels.get(theme, theme)


def _refuse_names_for_objects(tagged: object, compare: object, codebook: object) -> None:
    """Raise ReportError when a file or its name is given for a table (`tagged`, `compare`)
    or a codebook's name or path for the Codebook: taken as they are, they ended deep
    inside with `'str' object has no attribute 'columns'` (or 'theme_ids'); and a table of
    multi-level column names (`_refuse_multi_level_names`)."""
    tables = {"tagged": tagged, **({"compare": compare} if compare is not None else {})}
    for name, table in tables.items():
        if not isinstance(table, pd.DataFrame):
            raise ReportError(
                f"{name} must be a DataFrame, not {_given(table)}: read a tagged file with "
                "classifier.io.tables.read_table(path), which keeps every cell as text"
            )
    if not isinstance(codebook, Codebook):
        raise ReportError(
            f"codebook must be a Codebook (Codebook.load(path), or Codebook.load() for the "
            f"shipped one), not {_given(codebook)}"
        )
    for name, table in tables.items():
        _refuse_multi_level_names(name, table)


def _refuse_multi_level_names(name: str, table: pd.DataFrame) -> None:
    """Raise ReportError when `table` has multi-level column names (a header of several
    rows read with `header=[0, 1]`, which `ThemeClassifier.tag` tags): the report reads
    each column by one name, and read so, it ended in a raw KeyError ('language') or
    called a column given as its tuple "not found" while listing it."""
    levels = table.columns.nlevels
    if levels > 1:
        below = "1" if levels == 2 else str(list(range(1, levels)))
        raise ReportError(
            f"{name} has multi-level column names (a header of {levels} rows, read with "
            f"header={list(range(levels))}), and the report reads each column by one name: "
            f"keep the first level ({name}.droplevel({below}, axis=1)), or join each "
            "column's levels into one name, then name the columns by those names"
        )


def _column_names(columns: str | Iterable[str] | None, role: str) -> list[str]:
    """The `role` columns given to the report, once each, in order: one name (iterated, a
    name would be read as columns named by its letters: "segment column 'r' not found"; a
    column's number, as `pd.DataFrame(rows)` names them, is no iterable), or names in a
    list, a tuple, a generator, a pandas Index or Series or a numpy array (whose truth
    value, asked by `columns or []`, is an error); None is none. Each must be one column's
    name (`require_one_name`): a list inside would name no column."""
    one = isinstance(columns, str) or (columns is not None and not isinstance(columns, Iterable))
    names = [columns] if one else [] if columns is None else list(columns)
    for name in names:
        require_one_name(name, role)
    return list(dict.fromkeys(str(name) for name in names))


def _by_name(labels: Mapping[str, str] | None) -> dict[str, str]:
    """Page names of columns (`question_labels`, `segment_labels`) keyed by each column's
    name as text, as `_column_names` gives the columns: a numbered column's label
    (`{1: "What should we improve?"}`) was called one for a column the report does not
    cover, in a message naming that column among those it covers."""
    return {str(column): label for column, label in dict(labels or {}).items()}


def _given(value: object) -> str:
    """An argument of the wrong type as a message names it: a name or path as written,
    anything else by its type (a list of records would fill the terminal)."""
    return repr(str(value)) if isinstance(value, str | Path) else f"a {type(value).__name__}"


def build_context(
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
) -> ReportContext:
    """The context of a report on `tagged` (arguments as for `build_report`).

    Raises ReportError for an empty file, an unknown report language or no
    question, and ColumnError for a missing column or a file that is not tagged.
    """
    _refuse_names_for_objects(tagged, compare, codebook)
    if lang not in REPORT_LANGUAGES:
        raise ReportError(f"report language {lang!r} is not supported; use en, fr or es")
    questions = _column_names(questions, "text")
    question_labels, segment_labels = _by_name(question_labels), _by_name(segment_labels)
    if not questions:
        raise ReportError("no question column was given; name the tagged text column(s)")
    strays = [column for column in question_labels or {} if column not in questions]
    if strays:
        raise ReportError(
            f"question label(s) given for {', '.join(map(repr, strays))}, which the report "
            f"does not cover (its question column(s): {', '.join(questions)}): check the "
            "column name before '='"
        )
    segments = _column_names(segment_columns, "segment")
    strays = [column for column in segment_labels or {} if column not in segments]
    if strays:
        raise ReportError(
            f"segment label(s) given for {', '.join(map(repr, strays))}, which the report "
            "does not break down by (its segment column(s): "
            f"{', '.join(segments) or 'none'}): check the column name before '=', or give it "
            "with --segment-column"
        )
    survey = prepare(
        tagged,
        questions,
        codebook,
        respondent_column,
        score_column,
        segments,
        "the tagged file",
        language_column=language_column,
    )
    _warn_of_replaced_needs(survey, "the tagged file", codebook)
    if survey.uncatalogued_needs:
        raise ReportError(
            f"the tagged file names need(s) that the needs catalogue of codebook "
            f"{codebook.name!r} does not have ({_listed(survey.uncatalogued_needs)}): it was "
            "tagged by a model of another catalogue (one `needs --update-catalogue` wrote, "
            "say), or a need was renamed or merged in the catalogue without its old id under "
            "the `replaces` of the need that holds it now"
            f"{_replaces_typos(survey.uncatalogued_needs, codebook)}; the report would show "
            "them as new needs, out of the comparison: give that model's codebook with "
            "--codebook, or list the old id under `replaces` (or, if need_ids were edited by "
            "hand, write the catalogue's ids)"
        )
    previous = None
    if compare is not None:
        if compare_respondent_column is None:
            compare_respondent_column = respondent_column
        if compare_score_column is None:
            compare_score_column = score_column
        try:
            previous = prepare(
                compare,
                questions,
                codebook,
                compare_respondent_column,
                compare_score_column,
                [],
                "the previous consultation's tagged file",
                score_required=False,
            )
        except ColumnError as error:
            raise ColumnError(f"in the previous consultation's file, {error}") from None
        _warn_of_replaced_needs(previous, "the previous consultation's file", codebook)
        _warn_of_same_answers(survey, previous)
        if previous.uncatalogued_needs:
            warnings.warn(
                "the previous consultation's file names need(s) that the needs catalogue of "
                f"codebook {codebook.name!r} no longer has "
                f"({_listed(previous.uncatalogued_needs)}): it was tagged with an older "
                "catalogue; their change since is shown as not available. A need renamed or "
                "merged since is compared when its old id is listed under the `replaces` of "
                "the need that holds it now"
                f"{_replaces_typos(previous.uncatalogued_needs, codebook)}",
                DataWarning,
                stacklevel=2,
            )

    known = codebook.theme_ids
    surveys = [survey] if previous is None else [survey, previous]
    found = {t for each in surveys for answer in each.answers for t in answer.themes}
    theme_ids = known + sorted(found - set(known))
    rank = {theme: position for position, theme in enumerate(theme_ids)}
    needs = collect_needs(survey, rank, codebook.catalogue, lang) if survey.has_needs else []
    previous_needs = (
        collect_needs(previous, rank, codebook.catalogue, lang)
        if previous is not None and previous.has_needs
        else []
    )
    _warn_of_recounted_needs(
        needs, survey.merged_needs, "the tagged file", "--respondent-column", respondent_column
    )
    if previous is not None:
        _warn_of_recounted_needs(
            previous_needs,
            previous.merged_needs,
            "the previous consultation's file",
            "--compare-respondent-column",
            compare_respondent_column,
        )
    return ReportContext(
        survey=survey,
        previous=previous,
        lang=lang,
        title=title or text("title", lang),
        segments=tuple(segments),
        theme_ids=tuple(theme_ids),
        theme_rank=rank,
        theme_labels={t: codebook.label(t, lang) if t in known else t for t in theme_ids},
        theme_order=tuple(frequency_order(survey.answers, theme_ids, rank)),
        needs=tuple(needs),
        question_labels=question_labels,
        segment_labels=segment_labels,
        catalogue_ids=frozenset(codebook.catalogue.need_ids if codebook.catalogue else ()),
        previous_needs=tuple(previous_needs),
    )


def _warn_of_recounted_needs(
    needs: Sequence[Need],
    merged: frozenset[str],
    what: str,
    option: str,
    respondent_column: object,
) -> None:
    """A DataWarning naming the needs whose respondents in `what` differ from its
    `need_respondents` column (`Need.recounted`): rows were deleted or added since it was
    tagged (a file cut to one region), or respondent or need ids edited; or, without a
    `respondent_column`, each row counted as its own respondent (the column `tag` read is
    named otherwise, or given as '' to `option`). Their counts, and whether each is
    recurring, are the rows given's, which the reader should know: they are not the
    consultation's that `tag` counted. The threshold named is the one they were judged by
    (`recount_threshold`, needs `merged` since left out of it)."""
    recounted = frozenset(need.id for need in needs if need.recounted)
    if not recounted:
        return
    least = recount_threshold(needs, merged)
    warnings.warn(
        f"{what}: {len(recounted)} need(s) have other numbers of respondents in its rows "
        f"than its need_respondents column gives ({_listed(recounted)}): rows were deleted "
        "or added since it was tagged, or respondent or need ids edited. The report counts "
        f"them over the rows given, and lists one as recurring when {least} or more "
        "respondents raise it there; to report on the whole consultation's needs, give the "
        "file as tagged"
        + (
            ""
            if names_a_column(respondent_column)
            else "; or no respondent column was read, so each row counted as its own "
            f"respondent: if the file has one, name it with {option}"
        ),
        DataWarning,
        stacklevel=3,
    )


def _warn_of_same_answers(survey: Survey, previous: Survey) -> None:
    """A DataWarning when the previous consultation's file holds the same answers as the
    tagged file, whatever their order (the file compared with itself, a copy of it, or the
    same answers tagged again): its changes, none or only those of the tagging, would read
    as a consultation's."""
    answers = sorted((answer.question, answer.text) for answer in survey.answers)
    if answers and answers == sorted((a.question, a.text) for a in previous.answers):
        warnings.warn(
            f"the previous consultation's file holds the same {len(answers)} answers as the "
            "tagged file (the same file, a copy of it, or the same answers tagged again): "
            "its changes show how the answers were tagged, not how the consultation changed: "
            "give last year's tagged file to compare with",
            DataWarning,
            stacklevel=3,
        )


def _warn_of_replaced_needs(survey: Survey, what: str, codebook: Codebook) -> None:
    """A DataWarning when `what` (the file of `survey`) names needs by ids the catalogue
    has renamed or merged since (`CatalogueNeed.replaces`): they are counted as the needs
    that replace them, which the reader should know (a need merged since counts the
    respondents of its parts together)."""
    if not survey.replaced_needs:
        return
    pairs = sorted(survey.replaced_needs.items())
    listed = ", ".join(f"{old} -> {now}" for old, now in pairs[:10])
    more = f" and {len(pairs) - 10} more" if len(pairs) > 10 else ""
    warnings.warn(
        f"{what} names need(s) by ids that the needs catalogue of codebook "
        f"{codebook.name!r} has renamed or merged since ({listed}{more}): they are counted "
        "as the catalogue's needs that replace them",
        DataWarning,
        stacklevel=3,
    )


def _replaces_typos(need_ids: frozenset[str], codebook: Codebook) -> str:
    """For a message on need ids the catalogue does not have: each `replaces` entry that
    is nearly one of them, as a typo there (`replaces: [digital_security_trainning]`)
    would leave the old id unknown; '' when none is."""
    catalogue = codebook.catalogue
    old_ids = list(catalogue.replaced_by) if catalogue else []
    typos = [
        f"need {catalogue.current_id(close[0])!r} replaces {close[0]!r}, not {need_id!r}"
        for need_id in sorted(need_ids)
        if catalogue and (close := difflib.get_close_matches(need_id, old_ids, n=1, cutoff=0.8))
    ]
    return f" (a typo? {'; '.join(typos)})" if typos else ""


def _listed(need_ids: frozenset[str]) -> str:
    """Need ids for a message: sorted, the first ten."""
    ids = sorted(need_ids)
    return ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
