"""The consultation report: one self-contained HTML page and an XLSX workbook.

Built from a file written by `classifier tag` (no model is needed): the
overview of respondents and answers by language, themes by frequency, what
members praise and ask for in each theme, recurring needs and one-off
suggestions, the net promoter score (overall, by language and by segment) and
the themes of detractors versus promoters, and, given last year's tagged file,
the change in theme shares and in the net promoter score.

Every section is both an HTML section and a table of `Report.tables` (one
sheet each in the workbook). Rows are put in a canonical order first and every
ranking has explicit tie-breakers, so the same data gives the same page
whatever the row order. Charts are inline SVG drawn with matplotlib, so the
page needs no network, script or font file.
"""

from __future__ import annotations

import html as html_lib
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..codebook import Codebook
from ..errors import ColumnError, ReportError, TableError
from ..io.files import atomic_write, atomic_write_text
from ..io.layout import prediction_column
from ..io.tables import require_column, text_cells_stay_text
from ..text.language import has_letters
from .i18n import (
    REPORT_LANGUAGES,
    format_nps,
    format_percent,
    format_points,
    format_tick,
    respondents_label,
    text,
)

LANGUAGES = ("fr", "en", "es")
ALL_LANGUAGES = (*LANGUAGES, "und")
PRAISE = "praise"
ASKING = ("request", "criticism")
MAX_SUCCESSES = 3
MAX_REQUESTS = 3
MAX_ONE_OFF_SHOWN = 30  # per theme on the page; the workbook lists them all
QUOTE_CHARS = 400
CHART_LABEL_CHARS = 60
PROMOTER_MIN = 9
DETRACTOR_MAX = 6
_SCORE = re.compile(r"^\s*(10|[0-9])(?:[.,]0+)?\s*(?:$|[-–—:(/])")


@dataclass
class Report:
    """The report's tables (one per section part, ordered) and its HTML page."""

    tables: dict[str, pd.DataFrame]
    html: str

    def write_html(self, path: str | Path) -> Path:
        """Write the HTML page atomically."""
        path = _output_path(path)
        atomic_write_text(path, self.html)
        return path

    def write_xlsx(self, path: str | Path) -> Path:
        """Write every table as a sheet of an XLSX workbook, atomically."""
        path = _output_path(path)

        def write(tmp: Path) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, table in self.tables.items():
                    table.to_excel(writer, sheet_name=name, index=False)
                    _format_sheet(writer.sheets[name], table)

        atomic_write(path, write)
        return path


def _output_path(path: str | Path) -> Path:
    path = Path(path)
    if not path.parent.exists():
        raise TableError(f"output directory {path.parent} does not exist")
    if path.is_dir():
        raise TableError(f"{path} is a directory, not a file name")
    return path


def _format_sheet(sheet, table: pd.DataFrame) -> None:
    """Readable sheet: frozen header, column widths, one decimal, no live formulas."""
    from openpyxl.utils import get_column_letter

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


# ------------------------------------------------------------------ the data
@dataclass(frozen=True)
class _Answer:
    """One non-empty answer to one question, with its predictions."""

    row: int
    respondent: str
    question: str
    text: str
    language: str
    themes: tuple[str, ...]
    stance: str
    needs: tuple[str, ...]
    scores: dict[str, float] = field(compare=False, hash=False)


@dataclass(frozen=True)
class _Respondent:
    key: str
    language: str
    score: int | None
    segments: dict[str, str] = field(compare=False, hash=False)

    @property
    def category(self) -> str | None:
        if self.score is None:
            return None
        if self.score >= PROMOTER_MIN:
            return "promoter"
        return "detractor" if self.score <= DETRACTOR_MAX else "passive"


@dataclass
class _Survey:
    """A tagged file read into answers and respondents, in canonical order."""

    answers: list[_Answer]
    respondents: list[_Respondent]
    questions: list[str]
    has_needs: bool

    @property
    def scored(self) -> list[_Respondent]:
        return [r for r in self.respondents if r.score is not None]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if pd.isna(value) is True:
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _split_ids(value: str) -> tuple[str, ...]:
    ids = [part.strip() for part in value.split(";")]
    return tuple(dict.fromkeys(i for i in ids if i))


def _float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if math.isfinite(number) else 0.0


def parse_score(value: object) -> int | None:
    """A 0-10 recommendation score from a cell ('8', '8.0', '10 - Extremely likely'), or None."""
    match = _SCORE.match(_cell(value))
    return int(match.group(1)) if match else None


def _canonical(frame: pd.DataFrame) -> dict[str, list[str]]:
    """Column -> cells as text, rows sorted on all their cells: the input's row order is gone."""
    rows = sorted(
        tuple(_cell(v) for v in row)
        for row in frame.astype(object).itertuples(index=False, name=None)
    )
    return {str(name): [row[i] for row in rows] for i, name in enumerate(frame.columns)}


def _prepare(
    frame: pd.DataFrame,
    questions: list[str],
    codebook: Codebook,
    respondent_column: str | None,
    score_column: str | None,
    segment_columns: list[str],
    what: str,
    score_required: bool = True,
) -> _Survey:
    if frame is None or len(frame) == 0:
        raise ReportError(f"{what} has no rows, so there is nothing to report")
    cells = _canonical(frame)
    frame = pd.DataFrame(columns=list(cells))  # the column names, for the checks below
    size = len(next(iter(cells.values())))
    for question in questions:
        require_column(frame, question, "text")
    if respondent_column:
        require_column(frame, respondent_column, "respondent")
    if score_column and (score_required or score_column in frame.columns):
        require_column(frame, score_column, "score")
    else:
        score_column = None
    for column in segment_columns:
        require_column(frame, column, "segment")

    columns: dict[str, dict[str, str | None]] = {}
    for question in questions:
        resolved: dict[str, str | None] = {
            name: prediction_column(frame, question, name)
            for name in ("language", "themes", "stance")
        }
        try:
            resolved["need_ids"] = prediction_column(frame, question, "need_ids")
        except ColumnError:
            resolved["need_ids"] = None
        for theme in codebook.theme_ids:
            try:
                resolved[f"score_{theme}"] = prediction_column(frame, question, f"score_{theme}")
            except ColumnError:
                resolved[f"score_{theme}"] = None
        columns[question] = resolved
    if len(questions) > 1:
        owners: dict[str, str] = {}
        for question in questions:
            column = columns[question]["themes"]
            if column in owners:
                raise ColumnError(
                    f"questions {owners[column]!r} and {question!r} would share the prediction "
                    f"column {column!r}: a file tagged for several questions has prefixed "
                    f"columns such as {question}_themes: tag the file for every question given"
                )
            owners[column] = question

    keys = []
    ids = cells[respondent_column] if respondent_column else [""] * size
    for position, value in enumerate(ids):
        keys.append(f"id:{value.strip()}" if value.strip() else f"row:{position:09d}")

    answers: list[_Answer] = []
    empty = [""] * size
    for question in questions:
        names = columns[question]
        languages, themes, stances = (cells[names[n]] for n in ("language", "themes", "stance"))
        needs_cells = cells[names["need_ids"]] if names["need_ids"] else empty
        scores = {t: cells[names[f"score_{t}"]] for t in codebook.theme_ids if names[f"score_{t}"]}
        for position, raw_text in enumerate(cells[question]):
            answer_text = raw_text.strip()
            if not answer_text:
                continue
            language = languages[position].strip().lower()
            answers.append(
                _Answer(
                    row=position,
                    respondent=keys[position],
                    question=question,
                    text=answer_text,
                    language=language if language in LANGUAGES else "und",
                    themes=_split_ids(themes[position]),
                    stance=stances[position].strip().lower(),
                    # An answer without a letter never asks for anything.
                    needs=_split_ids(needs_cells[position]) if has_letters(answer_text) else (),
                    scores={theme: _float(values[position]) for theme, values in scores.items()},
                )
            )

    respondents: dict[str, dict] = {}
    for position, key in enumerate(keys):
        entry = respondents.setdefault(key, {"score": None, "segments": {}})
        if entry["score"] is None and score_column:
            entry["score"] = parse_score(cells[score_column][position])
        for column in segment_columns:
            value = cells[column][position].strip()
            if value and not entry["segments"].get(column):
                entry["segments"][column] = value
    first_language: dict[str, str] = {}
    for answer in answers:  # questions in the given order, then rows in canonical order
        if answer.language != "und":
            first_language.setdefault(answer.respondent, answer.language)
    return _Survey(
        answers=answers,
        respondents=[
            _Respondent(
                key=key,
                language=first_language.get(key, "und"),
                score=entry["score"],
                segments={c: entry["segments"].get(c, "") for c in segment_columns},
            )
            for key, entry in sorted(respondents.items())
        ],
        questions=questions,
        has_needs=any(columns[q]["need_ids"] for q in questions),
    )


# --------------------------------------------------------------- statistics
class _Themes:
    """Theme ids in codebook order (then unknown ids sorted) and their labels."""

    def __init__(self, codebook: Codebook, lang: str, *surveys: _Survey) -> None:
        known = codebook.theme_ids
        found = {t for survey in surveys for answer in survey.answers for t in answer.themes}
        self.ids = known + sorted(found - set(known))
        self.rank = {theme: position for position, theme in enumerate(self.ids)}
        self.labels = {t: codebook.label(t, lang) if t in known else t for t in self.ids}

    def label(self, theme: str) -> str:
        return self.labels.get(theme, theme)


def _pct(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else math.nan


def _theme_counts(answers: Sequence[_Answer]) -> Counter:
    return Counter(theme for answer in answers for theme in answer.themes)


def _theme_shares(survey: _Survey) -> dict[str, dict[str, float]]:
    """Share (%) of answers mentioning each theme: key 'all' and one per language."""
    groups = {"all": survey.answers}
    for language in LANGUAGES:
        groups[language] = [a for a in survey.answers if a.language == language]
    shares = {}
    for group, answers in groups.items():
        counts = _theme_counts(answers)
        shares[group] = {theme: _pct(count, len(answers)) for theme, count in counts.items()}
        shares[group]["__answers__"] = len(answers)
    return shares


@dataclass
class _Need:
    id: str
    questions: list[str]
    answers: list[_Answer]
    respondents: int
    languages: list[str]
    themes: list[str]
    quotes: dict[str, str]

    def best_score(self, theme: str) -> float:
        return max((a.scores.get(theme, 0.0) for a in self.answers), default=0.0)


def _needs(survey: _Survey, themes: _Themes) -> list[_Need]:
    """Every need id of the answers, largest first (respondents, answers, id)."""
    grouped: dict[str, list[_Answer]] = {}
    for answer in survey.answers:
        for need in answer.needs:
            grouped.setdefault(need, []).append(answer)
    needs = []
    for need_id, answers in grouped.items():
        counts = _theme_counts(answers)
        top = max(counts.values(), default=0)
        threshold = max(1, min(top, math.ceil(len(answers) / 2)))
        need_themes = sorted(
            (t for t in counts if counts[t] >= threshold),
            key=lambda t: (-counts[t], themes.rank[t]),
        )
        quotes = {}
        for language in ALL_LANGUAGES:
            candidates = [a for a in answers if a.language == language]
            if candidates:
                best = min(
                    candidates,
                    key=lambda a, n=need_id: (
                        a.needs[0] != n,
                        len(a.text),
                        a.text,
                        a.row,
                        a.question,
                    ),
                )
                quotes[language] = best.text
        needs.append(
            _Need(
                id=need_id,
                questions=[q for q in survey.questions if any(a.question == q for a in answers)],
                answers=answers,
                respondents=len({a.respondent for a in answers}),
                languages=[lang for lang in ALL_LANGUAGES if lang in quotes],
                themes=need_themes,
                quotes=quotes,
            )
        )
    needs.sort(key=lambda n: (-n.respondents, -len(n.answers), n.id))
    return needs


def _pick_quotes(answers: Sequence[_Answer], theme: str, limit: int) -> list[_Answer]:
    """Up to `limit` distinct answers, most typical of the theme first, varied in language."""
    ranked = sorted(
        answers, key=lambda a: (-a.scores.get(theme, 0.0), len(a.text), a.text, a.row, a.question)
    )
    unique: list[_Answer] = []
    seen: set[str] = set()
    for answer in ranked:
        if answer.text.casefold() not in seen:
            seen.add(answer.text.casefold())
            unique.append(answer)
    picked: list[_Answer] = []
    languages: set[str] = set()
    for answer in unique:  # first the best answer of each language, then the next best
        if len(picked) < limit and answer.language not in languages:
            picked.append(answer)
            languages.add(answer.language)
    for answer in unique:
        if len(picked) < limit and answer not in picked:
            picked.append(answer)
    return sorted(picked, key=unique.index)


@dataclass
class _Nps:
    scored: int
    promoters: int
    passives: int
    detractors: int

    @property
    def value(self) -> float:
        return _pct(self.promoters - self.detractors, self.scored)


def _nps(respondents: Iterable[_Respondent]) -> _Nps:
    categories = Counter(r.category for r in respondents if r.category)
    return _Nps(
        scored=sum(categories.values()),
        promoters=categories["promoter"],
        passives=categories["passive"],
        detractors=categories["detractor"],
    )


def _nps_groups(
    survey: _Survey, segment_columns: Sequence[str], lang: str
) -> list[tuple[str, str, str, _Nps]]:
    """(dimension, value, label, NPS): overall, by language, then by each segment column."""
    scored = survey.scored
    groups = [("overall", "", text("overall", lang), _nps(scored))]
    for language in ALL_LANGUAGES:
        members = [r for r in scored if r.language == language]
        if members:
            groups.append(("language", language, text(f"lang_{language}", lang), _nps(members)))
    for column in segment_columns:
        values = sorted(
            {r.segments[column] for r in scored}, key=lambda v: (v == "", v.casefold(), v)
        )
        for value in values:
            members = [r for r in scored if r.segments[column] == value]
            groups.append((column, value, value or text("not_given", lang), _nps(members)))
    return groups


# ------------------------------------------------------------------- build
def build_report(
    tagged: pd.DataFrame,
    questions: list[str],
    *,
    codebook: Codebook,
    lang: str = "en",
    respondent_column: str | None = None,
    score_column: str | None = None,
    segment_columns: Sequence[str] = (),
    compare: pd.DataFrame | None = None,
    title: str | None = None,
) -> Report:
    """The consultation report of a tagged file (see the module docstring).

    Raises ReportError (a ValueError) for an empty file, an unknown report
    language or no question, and ColumnError for a missing column (the message
    lists the columns found) or a file that is not tagged.
    """
    if lang not in REPORT_LANGUAGES:
        raise ReportError(f"report language {lang!r} is not supported; use en, fr or es")
    questions = [questions] if isinstance(questions, str) else list(questions or [])
    questions = list(dict.fromkeys(str(q) for q in questions))
    if not questions:
        raise ReportError("no question column was given; name the tagged text column(s)")
    segments = list(dict.fromkeys(str(c) for c in (segment_columns or ())))
    survey = _prepare(
        tagged, questions, codebook, respondent_column, score_column, segments, "the tagged file"
    )
    previous = None
    if compare is not None:
        try:
            previous = _prepare(
                compare,
                questions,
                codebook,
                respondent_column,
                score_column,
                [],
                "the previous consultation's tagged file",
                score_required=False,
            )
        except ColumnError as error:
            raise ColumnError(f"in the previous consultation's file, {error}") from None
    themes = _Themes(codebook, lang, survey, *([previous] if previous else []))
    builder = _Builder(survey, previous, themes, lang, segments, title or text("title", lang))
    return builder.build()


class _Builder:
    """Computes every table and writes the HTML page section by section."""

    def __init__(
        self,
        survey: _Survey,
        previous: _Survey | None,
        themes: _Themes,
        lang: str,
        segments: list[str],
        title: str,
    ) -> None:
        self.survey = survey
        self.previous = previous
        self.themes = themes
        self.lang = lang
        self.segments = segments
        self.title = title
        self.tables: dict[str, pd.DataFrame] = {}
        self.sections: list[tuple[str, str, str]] = []  # (anchor, heading, body html)
        self.needs = _needs(survey, themes) if survey.has_needs else []
        self.theme_order: list[str] = []

    def t(self, key: str, **fields: object) -> str:
        return text(key, self.lang, **fields)

    def build(self) -> Report:
        self.overview()
        self.theme_frequency()
        self.by_theme()
        self.recurring_needs()
        self.net_promoter_score()
        if self.previous is not None:
            self.comparison()
        return Report(tables=self.tables, html=self.page())

    # -------------------------------------------------------- 1. overview
    def overview(self) -> None:
        survey = self.survey
        multi = len(survey.questions) > 1
        rows = []
        for language in (*ALL_LANGUAGES, "total"):
            answers = [a for a in survey.answers if language in ("total", a.language)]
            row = {
                "language": language,
                "label": self.t("total") if language == "total" else self.t(f"lang_{language}"),
                "respondents": sum(language in ("total", r.language) for r in survey.respondents),
                "answers": len(answers),
            }
            if multi:
                for question in survey.questions:
                    row[f"answers_{question}"] = sum(a.question == question for a in answers)
            rows.append(row)
        table = pd.DataFrame(rows)
        self.tables["overview"] = table
        headers = [
            (self.t("language"), False),
            (self.t("respondents"), True),
            (self.t("answers"), True),
        ]
        if multi:
            headers += [(self.t("answers_to", question=_h(q)), True) for q in survey.questions]
        body_rows = []
        for row in rows:
            cells = [_h(row["label"]), str(row["respondents"]), str(row["answers"])]
            if multi:
                cells += [str(row[f"answers_{q}"]) for q in survey.questions]
            body_rows.append((cells, "total" if row["language"] == "total" else ""))
        body = _p(self.t("overview_intro"), "intro") + _table(headers, body_rows)
        self.sections.append(("overview", self.t("overview"), body))

    # ------------------------------------------------- 2. theme frequency
    def theme_frequency(self) -> None:
        survey = self.survey
        answers = survey.answers
        by_language = {lang: [a for a in answers if a.language == lang] for lang in LANGUAGES}
        by_question = {q: [a for a in answers if a.question == q] for q in survey.questions}
        counts = _theme_counts(answers)
        language_counts = {lang: _theme_counts(items) for lang, items in by_language.items()}
        question_counts = {q: _theme_counts(items) for q, items in by_question.items()}
        order = sorted(self.themes.ids, key=lambda t: (-counts[t], self.themes.rank[t]))
        self.theme_order = order
        rows = []
        for theme in order:
            row = {
                "theme_id": theme,
                "theme": self.themes.label(theme),
                "answers": counts[theme],
                "share_pct": _pct(counts[theme], len(answers)),
            }
            for language in LANGUAGES:
                row[f"answers_{language}"] = language_counts[language][theme]
                row[f"share_{language}_pct"] = _pct(
                    language_counts[language][theme], len(by_language[language])
                )
            if len(survey.questions) > 1:
                for question in survey.questions:
                    row[f"share_{question}_pct"] = _pct(
                        question_counts[question][theme], len(by_question[question])
                    )
            rows.append(row)
        self.tables["themes"] = pd.DataFrame(rows)

        fmt = self.lang
        headers = [
            (self.t("theme"), False),
            (self.t("answers"), True),
            (self.t("all_languages"), True),
        ]
        headers += [(self.t(f"lang_{language}"), True) for language in LANGUAGES]
        if len(survey.questions) > 1:
            headers += [(_h(q), True) for q in survey.questions]
        body_rows = []
        for row in rows:
            cells = [_h(row["theme"]), str(row["answers"]), format_percent(row["share_pct"], fmt)]
            cells += [format_percent(row[f"share_{language}_pct"], fmt) for language in LANGUAGES]
            if len(survey.questions) > 1:
                cells += [format_percent(row[f"share_{q}_pct"], fmt) for q in survey.questions]
            body_rows.append((cells, ""))
        untagged = sum(not a.themes for a in answers)
        body = _p(self.t("themes_intro"), "intro")
        shown = [row for row in rows if row["answers"]]
        if shown:
            body += _figure(
                _bar_chart(
                    [row["theme"] for row in shown],
                    [row["share_pct"] for row in shown],
                    name="themes",
                    lang=fmt,
                    axis_label=self.t("share_axis"),
                    value_text=lambda v: format_percent(v, fmt),
                    limits=(0, None),
                ),
                self.t("chart_themes"),
            )
        body += _table(headers, body_rows)
        body += _p(
            self.t(
                "no_theme", count=untagged, share=format_percent(_pct(untagged, len(answers)), fmt)
            ),
            "muted",
        )
        self.sections.append(("themes", self.t("themes"), body))

    # --------------------------------------------------- 3. by theme
    def by_theme(self) -> None:
        answers = self.survey.answers
        rows = []
        cards = []
        for theme in self.theme_order:
            mentioning = [a for a in answers if theme in a.themes]
            if not mentioning:
                continue
            praise = [a for a in mentioning if a.stance == PRAISE]
            asking = [a for a in mentioning if a.stance in ASKING]
            successes = _pick_quotes(praise, theme, MAX_SUCCESSES)
            needs = _distinct_quotes(
                sorted(
                    (n for n in self.needs if theme in n.themes),
                    key=lambda n: (-n.respondents, -len(n.answers), -n.best_score(theme), n.id),
                )
            )[:MAX_REQUESTS]
            base = {
                "theme_id": theme,
                "theme": self.themes.label(theme),
                "praise_answers": len(praise),
                "request_answers": len(asking),
            }
            items = []
            for rank, answer in enumerate(successes, 1):
                items.append(
                    {
                        **base,
                        "item": "success",
                        "rank": rank,
                        "need_id": "",
                        "respondents": 1,
                        **_quote_columns({answer.language: answer.text}),
                    }
                )
            for rank, need in enumerate(needs, 1):
                items.append(
                    {
                        **base,
                        "item": "request",
                        "rank": rank,
                        "need_id": need.id,
                        "respondents": need.respondents,
                        **_quote_columns(need.quotes),
                    }
                )
            rows.extend(
                items
                or [
                    {
                        **base,
                        "item": "",
                        "rank": 0,
                        "need_id": "",
                        "respondents": 0,
                        **_quote_columns({}),
                    }
                ]
            )
            cards.append(self._theme_card(theme, praise, asking, successes, needs))
        columns = [
            "theme_id",
            "theme",
            "praise_answers",
            "request_answers",
            "item",
            "rank",
            "need_id",
            "respondents",
            *[f"quote_{lang}" for lang in ALL_LANGUAGES],
        ]
        self.tables["theme_details"] = pd.DataFrame(rows, columns=columns)
        body = _p(self.t("by_theme_intro"), "intro")
        body += "".join(cards) if cards else _p(self.t("no_answers"), "muted")
        self.sections.append(("by-theme", self.t("by_theme"), body))

    def _theme_card(
        self,
        theme: str,
        praise: list[_Answer],
        asking: list[_Answer],
        successes: list[_Answer],
        needs: list[_Need],
    ) -> str:
        counts = (
            f'<p class="counts">{self.t("praise")}: <b>{len(praise)}</b> · '
            f"{self.t('requests')}: <b>{len(asking)}</b></p>"
        )
        if successes:
            left = (
                '<ul class="quotes">'
                + "".join(f"<li>{_quote(a.text, a.language)}</li>" for a in successes)
                + "</ul>"
            )
        else:
            left = _p(self.t("no_praise"), "muted")
        if needs:
            right = (
                '<ul class="needs">'
                + "".join(
                    f'<li><span class="count">{respondents_label(n.respondents, self.lang)}</span>'
                    f"{_quote_list(n.quotes)}</li>"
                    for n in needs
                )
                + "</ul>"
            )
        else:
            right = _p(self.t("no_request"), "muted")
        return (
            f'<article class="theme-card"><h3>{_h(self.themes.label(theme))}</h3>{counts}'
            f'<div class="grid"><div><h4>{self.t("successes")}</h4>{left}</div>'
            f"<div><h4>{self.t('top_requests')}</h4>{right}</div></div></article>"
        )

    # ----------------------------------------------- 4. recurring needs
    def recurring_needs(self) -> None:
        recurring = [n for n in self.needs if n.respondents >= 2]
        one_off = [n for n in self.needs if n.respondents < 2]
        rank = {theme: position for position, theme in enumerate(self.theme_order)}
        rows = [
            {
                "need_id": n.id,
                "question": ";".join(n.questions),
                "respondents": n.respondents,
                "answers": len(n.answers),
                "languages": ";".join(n.languages),
                "theme_ids": ";".join(n.themes),
                "themes": "; ".join(self.themes.label(t) for t in n.themes),
                **_quote_columns(n.quotes),
            }
            for n in recurring
        ]
        columns = [
            "need_id",
            "question",
            "respondents",
            "answers",
            "languages",
            "theme_ids",
            "themes",
            *[f"quote_{lang}" for lang in ALL_LANGUAGES],
        ]
        self.tables["recurring_needs"] = pd.DataFrame(rows, columns=columns)

        suggestions = []
        for need in one_off:
            language = need.languages[0]
            theme = need.themes[0] if need.themes else ""
            suggestions.append(
                {
                    "need_id": need.id,
                    "question": ";".join(need.questions),
                    "theme_id": theme,
                    "theme": self.themes.label(theme) if theme else "",
                    "language": language,
                    "quote": need.quotes[language],
                }
            )
        suggestions.sort(
            key=lambda s: (
                s["theme_id"] == "",
                rank.get(s["theme_id"], 0),
                ALL_LANGUAGES.index(s["language"]),
                s["quote"],
                s["need_id"],
            )
        )
        self.tables["one_off_suggestions"] = pd.DataFrame(
            suggestions, columns=["need_id", "question", "theme_id", "theme", "language", "quote"]
        )

        body = _p(self.t("needs_intro"), "intro")
        if not self.survey.has_needs:
            body += _p(self.t("needs_unavailable"), "muted")
            self.sections.append(("needs", self.t("needs"), body))
            return
        if recurring:
            headers = [
                (self.t("respondents"), True),
                (self.t("languages"), False),
                (self.t("themes_col"), False),
                (self.t("quotes"), False),
            ]
            body_rows = [
                (
                    [
                        str(n.respondents),
                        ", ".join(self.t(f"lang_{lang}") for lang in n.languages),
                        _h("; ".join(self.themes.label(t) for t in n.themes)) or "—",
                        _quote_list(n.quotes) + f"<code>{_h(n.id)}</code>",
                    ],
                    "",
                )
                for n in recurring
            ]
            body += _table(headers, body_rows)
        else:
            body += _p(self.t("no_recurring"), "muted")
        body += f'<h3 id="one-off">{self.t("one_off")}</h3>' + _p(self.t("one_off_intro"), "intro")
        if suggestions:
            # One answer may hold several one-off needs: its quote is shown once per theme.
            grouped: dict[tuple[str, str, str], int] = {}
            for s in suggestions:
                key = (s["theme"], s["language"], s["quote"])
                grouped[key] = grouped.get(key, 0) + 1
            by_theme: dict[str, list[tuple[str, str, int]]] = {}
            for (theme, language, quote), count in grouped.items():
                by_theme.setdefault(theme, []).append((language, quote, count))
            body_rows: list = []
            for theme, items in by_theme.items():
                body_rows.append(_h(theme) or self.t("no_theme_short"))
                for language, quote, count in items[:MAX_ONE_OFF_SHOWN]:
                    note = (
                        f' <span class="muted">({self.t("several_points", count=count)})</span>'
                        if count > 1
                        else ""
                    )
                    body_rows.append(([_quote(quote, language) + note], ""))
                if len(items) > MAX_ONE_OFF_SHOWN:
                    more = self.t("more_in_workbook", count=len(items) - MAX_ONE_OFF_SHOWN)
                    body_rows.append(([f'<span class="muted">{more}</span>'], ""))
            body += _table([(self.t("quote"), False)], body_rows)
        else:
            body += _p(self.t("no_one_off"), "muted")
        self.sections.append(("needs", self.t("needs"), body))

    # ------------------------------------------------ 5. net promoter score
    def net_promoter_score(self) -> None:
        survey = self.survey
        groups = _nps_groups(survey, self.segments, self.lang) if survey.scored else []
        rows = [
            {
                "dimension": dimension,
                "group": value,
                "label": label,
                "scored": n.scored,
                "promoters": n.promoters,
                "passives": n.passives,
                "detractors": n.detractors,
                "nps": n.value,
            }
            for dimension, value, label, n in groups
        ]
        self.tables["nps"] = pd.DataFrame(
            rows,
            columns=[
                "dimension",
                "group",
                "label",
                "scored",
                "promoters",
                "passives",
                "detractors",
                "nps",
            ],
        )
        theme_rows = self._nps_theme_rows() if survey.scored else []
        self.tables["nps_themes"] = pd.DataFrame(
            theme_rows,
            columns=[
                "theme_id",
                "theme",
                "detractor_answers",
                "detractor_share_pct",
                "promoter_answers",
                "promoter_share_pct",
                "difference_pp",
            ],
        )

        body = _p(self.t("nps_intro"), "intro")
        if not groups:
            body += _p(self.t("nps_unavailable"), "muted")
            self.sections.append(("nps", self.t("nps"), body))
            return
        body += _figure(
            _bar_chart(
                [row["label"] for row in rows],
                [row["nps"] for row in rows],
                name="nps",
                lang=self.lang,
                axis_label=self.t("nps_short"),
                limits=(-100, 100),
                signed=True,
                separators=[
                    i
                    for i in range(1, len(rows))
                    if rows[i]["dimension"] != rows[i - 1]["dimension"]
                ],
                value_text=lambda v: format_nps(v, self.lang),
            ),
            self.t("chart_nps"),
        )
        headers = [
            (self.t("group"), False),
            (self.t("scored"), True),
            (self.t("promoters"), True),
            (self.t("passives"), True),
            (self.t("detractors"), True),
            (self.t("nps_short"), True),
        ]
        body_rows: list = []
        current = "overall"
        for row in rows:
            if row["dimension"] != current:
                current = row["dimension"]
                heading = (
                    self.t("by_language")
                    if current == "language"
                    else self.t("by_segment", column=_h(current))
                )
                body_rows.append(heading)
            body_rows.append(
                (
                    [
                        _h(row["label"]),
                        str(row["scored"]),
                        str(row["promoters"]),
                        str(row["passives"]),
                        str(row["detractors"]),
                        f"<b>{format_nps(row['nps'], self.lang)}</b>",
                    ],
                    "total" if row["dimension"] == "overall" else "",
                )
            )
        body += _table(headers, body_rows)
        body += f'<h3 id="nps-themes">{self.t("nps_themes")}</h3>'
        body += _p(self.t("nps_themes_intro"), "intro")
        if theme_rows:
            headers = [
                (self.t("theme"), False),
                (self.t("detractor_answers"), True),
                (self.t("promoter_answers"), True),
                (self.t("difference"), True),
            ]
            body_rows = [
                (
                    [
                        _h(row["theme"]),
                        f"{format_percent(row['detractor_share_pct'], self.lang)} "
                        f'<span class="muted">({row["detractor_answers"]})</span>',
                        f"{format_percent(row['promoter_share_pct'], self.lang)} "
                        f'<span class="muted">({row["promoter_answers"]})</span>',
                        format_points(row["difference_pp"], self.lang),
                    ],
                    "",
                )
                for row in theme_rows
            ]
            body += _table(headers, body_rows)
        else:
            body += _p(self.t("no_nps_themes"), "muted")
        self.sections.append(("nps", self.t("nps"), body))

    def _nps_theme_rows(self) -> list[dict]:
        category = {r.key: r.category for r in self.survey.respondents}
        detractors = [a for a in self.survey.answers if category[a.respondent] == "detractor"]
        promoters = [a for a in self.survey.answers if category[a.respondent] == "promoter"]
        detractor_counts, promoter_counts = _theme_counts(detractors), _theme_counts(promoters)
        rows = []
        for theme in self.themes.ids:
            if not detractor_counts[theme] and not promoter_counts[theme]:
                continue
            detractor_share = _pct(detractor_counts[theme], len(detractors))
            promoter_share = _pct(promoter_counts[theme], len(promoters))
            rows.append(
                {
                    "theme_id": theme,
                    "theme": self.themes.label(theme),
                    "detractor_answers": detractor_counts[theme],
                    "detractor_share_pct": detractor_share,
                    "promoter_answers": promoter_counts[theme],
                    "promoter_share_pct": promoter_share,
                    "difference_pp": detractor_share - promoter_share,
                }
            )
        rows.sort(
            key=lambda r: (
                math.isnan(r["difference_pp"]),
                -r["difference_pp"] if not math.isnan(r["difference_pp"]) else 0,
                self.themes.rank[r["theme_id"]],
            )
        )
        return rows

    # ------------------------------------------------------ 6. comparison
    def comparison(self) -> None:
        previous = self.previous
        assert previous is not None
        now_shares, before_shares = _theme_shares(self.survey), _theme_shares(previous)
        rows = []
        for theme in self.themes.ids:
            row = {"theme_id": theme, "theme": self.themes.label(theme)}
            for group, suffix in (("all", ""), *((lang, f"_{lang}") for lang in LANGUAGES)):
                now = _share_of(now_shares[group], theme)
                before = _share_of(before_shares[group], theme)
                if group == "all":
                    row["share_pct"], row["previous_share_pct"] = now, before
                row[f"change{suffix}_pp"] = now - before
            if row["share_pct"] > 0 or row["previous_share_pct"] > 0:  # False for NaN
                rows.append(row)
        rows.sort(
            key=lambda r: (
                -r["change_pp"] if not math.isnan(r["change_pp"]) else 0,
                self.themes.rank[r["theme_id"]],
            )
        )
        self.tables["theme_change"] = pd.DataFrame(
            rows,
            columns=[
                "theme_id",
                "theme",
                "share_pct",
                "previous_share_pct",
                "change_pp",
                *[f"change_{lang}_pp" for lang in LANGUAGES],
            ],
        )

        nps_rows = []
        if self.survey.scored and previous.scored:
            before = {(d, v): n for d, v, _, n in _nps_groups(previous, [], self.lang)}
            for dimension, value, label, now in _nps_groups(self.survey, [], self.lang):
                old = before.get((dimension, value), _Nps(0, 0, 0, 0))
                nps_rows.append(
                    {
                        "dimension": dimension,
                        "group": value,
                        "label": label,
                        "nps": now.value,
                        "previous_nps": old.value,
                        "change": now.value - old.value,
                        "scored": now.scored,
                        "previous_scored": old.scored,
                    }
                )
        self.tables["nps_change"] = pd.DataFrame(
            nps_rows,
            columns=[
                "dimension",
                "group",
                "label",
                "nps",
                "previous_nps",
                "change",
                "scored",
                "previous_scored",
            ],
        )

        lang = self.lang
        body = _p(self.t("compared_with", respondents=len(previous.respondents)), "intro")
        body += _p(self.t("theme_change_intro"), "intro")
        charted = [r for r in rows if not math.isnan(r["change_pp"])]
        if charted:
            body += _figure(
                _bar_chart(
                    [r["theme"] for r in charted],
                    [r["change_pp"] for r in charted],
                    name="theme-change",
                    lang=lang,
                    axis_label=self.t("change_axis"),
                    signed=True,
                    value_text=lambda v: format_points(v, lang),
                ),
                self.t("chart_theme_change"),
            )
        headers = [
            (self.t("theme"), False),
            (self.t("this_year"), True),
            (self.t("previous"), True),
            (self.t("change"), True),
        ]
        headers += [
            (self.t("change_in", language=self.t(f"lang_{code}")), True) for code in LANGUAGES
        ]
        body += _table(
            headers,
            [
                (
                    [
                        _h(r["theme"]),
                        format_percent(r["share_pct"], lang),
                        format_percent(r["previous_share_pct"], lang),
                        f"<b>{format_points(r['change_pp'], lang)}</b>",
                        *[format_points(r[f"change_{code}_pp"], lang) for code in LANGUAGES],
                    ],
                    "",
                )
                for r in rows
            ],
        )
        body += f'<h3 id="nps-change">{self.t("nps_change")}</h3>'
        if nps_rows:
            headers = [
                (self.t("group"), False),
                (self.t("this_year"), True),
                (self.t("previous"), True),
                (self.t("change"), True),
            ]
            body += _table(
                headers,
                [
                    (
                        [
                            _h(r["label"]),
                            f"{format_nps(r['nps'], lang)} "
                            f'<span class="muted">(n={r["scored"]})</span>',
                            f"{format_nps(r['previous_nps'], lang)} "
                            f'<span class="muted">(n={r["previous_scored"]})</span>',
                            f"<b>{format_nps(r['change'], lang)}</b>",
                        ],
                        "total" if r["dimension"] == "overall" else "",
                    )
                    for r in nps_rows
                ],
            )
        else:
            body += _p(self.t("nps_change_unavailable"), "muted")
        self.sections.append(("compare", self.t("compare"), body))

    # ---------------------------------------------------------------- page
    def page(self) -> str:
        questions = ", ".join(f"<code>{_h(q)}</code>" for q in self.survey.questions)
        toc = "".join(
            f'<li><a href="#{anchor}">{heading}</a></li>' for anchor, heading, _ in self.sections
        )
        sections = "".join(
            f'<section id="{anchor}"><h2>{heading}</h2>{body}</section>'
            for anchor, heading, body in self.sections
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_h(self.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<header><h1>{_h(self.title)}</h1>"
            f'<p class="muted">{self.t("questions")}: {questions}</p>'
            f'<p class="muted">{self.t("disclaimer")}</p></header>\n'
            f'<nav aria-label="{self.t("contents")}"><h2>{self.t("contents")}</h2>'
            f"<ol>{toc}</ol></nav>\n{sections}\n</main>\n</body>\n</html>\n"
        )


def _share_of(shares: dict[str, float], theme: str) -> float:
    """A theme's share in a group (0 when absent, NaN when the group has no answer)."""
    if not shares["__answers__"]:
        return math.nan
    return shares.get(theme, 0.0)


def _distinct_quotes(needs: list[_Need]) -> list[_Need]:
    """Needs in the same order, without those quoting the same answers as an earlier one."""
    seen: set[tuple] = set()
    kept = []
    for need in needs:
        key = tuple(sorted(need.quotes.items()))
        if key not in seen:
            seen.add(key)
            kept.append(need)
    return kept


def _quote_columns(quotes: dict[str, str]) -> dict[str, str]:
    return {f"quote_{lang}": quotes.get(lang, "") for lang in ALL_LANGUAGES}


# -------------------------------------------------------------------- HTML
CSS = """
:root{--fg:#1d2330;--muted:#5b6474;--line:#d9dee7;--accent:#2f5d8c;--soft:#f2f5f9}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 28px 56px}
h1{font-size:1.8em;margin:.2em 0 .3em;color:var(--accent)}
h2{font-size:1.35em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--accent)}
h3{font-size:1.12em;margin:1.4em 0 .3em}
h4{font-size:.95em;margin:.6em 0 .2em;color:var(--muted)}
.intro,.muted{color:var(--muted)}
nav ol{columns:2;margin:.3em 0}
table{border-collapse:collapse;width:100%;margin:.6em 0 1.2em;font-size:.93em}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);border-bottom:2px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfd}
tr.total td{font-weight:600;border-top:2px solid var(--line)}
tr.sub th{background:#e9eef5}
figure{margin:1em 0 1.4em}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.9em;margin-top:.3em}
.theme-card{border:1px solid var(--line);border-radius:6px;padding:6px 16px 10px;margin:12px 0;
break-inside:avoid}
.theme-card h3{margin:.5em 0 .2em}
.counts{margin:.2em 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:20px}
@media (max-width:720px){.grid{grid-template-columns:1fr}nav ol{columns:1}}
ul.quotes,ul.needs{margin:.2em 0;padding-left:1.2em}
ul.needs>li{margin-bottom:.5em}
ul.needs ul.quotes{padding-left:0;list-style:none}
.count{font-weight:600;display:block}
.lang{display:inline-block;font-size:.72em;font-weight:600;color:var(--muted);
border:1px solid var(--line);border-radius:3px;padding:0 4px;margin-right:6px;vertical-align:1px}
code{font-size:.8em;color:var(--muted);display:inline-block}
@media print{main{max-width:none;padding:0}nav{display:none}}
"""


def _h(value: object) -> str:
    return html_lib.escape(str(value), quote=True)


def _p(content: str, css_class: str = "") -> str:
    return f'<p class="{css_class}">{content}</p>' if css_class else f"<p>{content}</p>"


def _shorten(value: str, limit: int = QUOTE_CHARS) -> str:
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def _quote(value: str, language: str) -> str:
    """An answer as a quotation, marked with its language."""
    attribute = f' lang="{language}"' if language in LANGUAGES else ""
    return f'<span class="lang">{language.upper()}</span><q{attribute}>{_h(_shorten(value))}</q>'


def _quote_list(quotes: dict[str, str]) -> str:
    items = "".join(
        f"<li>{_quote(quotes[lang], lang)}</li>" for lang in ALL_LANGUAGES if lang in quotes
    )
    return f'<ul class="quotes">{items}</ul>'


def _table(headers: list[tuple[str, bool]], rows: list) -> str:
    """An HTML table; `rows` holds (cells, row class) pairs or a heading string."""
    numeric = [' class="num"' if is_number else "" for _, is_number in headers]
    head = "".join(
        f'<th scope="col"{numeric[i]}>{label}</th>' for i, (label, _) in enumerate(headers)
    )
    body = []
    for row in rows:
        if isinstance(row, str):
            body.append(
                f'<tr class="sub"><th colspan="{len(headers)}" scope="rowgroup">{row}</th></tr>'
            )
            continue
        cells, css_class = row
        tds = "".join(f"<td{numeric[i]}>{cell}</td>" for i, cell in enumerate(cells))
        body.append(f'<tr class="{css_class}">{tds}</tr>' if css_class else f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(svg: str, caption: str) -> str:
    """A chart with its caption, which also labels the image for screen readers."""
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_h(caption)}" ', 1)
    return f"<figure>{svg}<figcaption>{_h(caption)}</figcaption></figure>"


def _bar_chart(
    labels: list[str],
    values: list[float],
    *,
    name: str,
    axis_label: str,
    value_text,
    lang: str,
    limits: tuple[float | None, float | None] = (None, None),
    signed: bool = False,
    separators: Sequence[int] = (),
) -> str:
    """A horizontal bar chart as inline SVG (deterministic: fixed hash salt, no date)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    pairs = [
        (label, value)
        for label, value in zip(labels, values, strict=True)
        if value is not None and math.isfinite(value)
    ]
    labels = [_shorten(label, CHART_LABEL_CHARS) for label, _ in pairs]
    values = [value for _, value in pairs]
    settings = {
        "svg.hashsalt": f"classifier-report-{name}",
        "svg.fonttype": "path",
        "text.parse_math": False,
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(8.5, 0.32 * len(values) + 0.9))
        axes = figure.subplots()
        positions = list(range(len(values)))
        if signed:
            colors = ["#2e7d4f" if v > 0 else "#c0392b" if v < 0 else "#8a94a6" for v in values]
        else:
            colors = ["#2f5d8c"] * len(values)
        axes.barh(positions, values, color=colors, height=0.7)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(axis_label)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_tick(v, lang)))
        low, high = limits
        span_low = min([0.0, *values]) if low is None else low
        span_high = max([0.0, *values]) if high is None else high
        pad = 0.14 * ((span_high - span_low) or 1.0)
        axes.set_xlim(
            span_low - (pad if low is None and span_low < 0 else 0),
            span_high + (pad if high is None else 0),
        )
        if signed:
            axes.axvline(0, color="#5b6474", linewidth=0.8)
        for separator in separators:  # between groups of bars (e.g. language, region)
            axes.axhline(separator - 0.5, color="#b7bfcc", linewidth=0.8, linestyle=(0, (4, 3)))
        axes.grid(axis="x", color="#e3e7ee", linewidth=0.6)
        axes.set_axisbelow(True)
        for position, value in zip(positions, values, strict=True):
            axes.annotate(
                value_text(value),
                (value, position),
                xytext=(4 if value >= 0 else -4, 0),
                textcoords="offset points",
                ha="left" if value >= 0 else "right",
                va="center",
                fontsize=8,
                color="#1d2330",
            )
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Glyph and clip ids are unique within one SVG: prefix them so that the page's are too.
    svg = re.sub(r'\bid="', f'id="chart-{name}-', svg)
    svg = svg.replace('href="#', f'href="#chart-{name}-').replace("url(#", f"url(#chart-{name}-")
    return svg
