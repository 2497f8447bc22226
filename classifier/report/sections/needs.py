"""Section 4, needs: recurring needs with their suggestions, then unique requests by theme.

Whether a need is recurring is what the tagged file says (its `recurrence`
column, computed with the `--min-respondents` chosen when tagging), never a
number fixed here (a need merged in the catalogue since is counted whole, and
one whose rows were deleted or added since tagging is judged over the rows given,
`stats.collect_needs`). Each answer is quoted once: under the need it asks first.
"""

from __future__ import annotations

import pandas as pd

from ...vocab import ALL_LANGUAGES
from ..context import ReportContext, Section
from ..html import Row, h, p, quote, quote_list, table
from ..i18n import respondents_label
from ..stats import Need, quote_columns, recurring_from

MAX_UNIQUE_SHOWN = 30  # per theme on the page; the workbook lists them all
MAX_SUGGESTIONS_SHOWN = 5  # per need on the page; the workbook lists them all
RECURRING_COLUMNS = [
    "need_id",
    "need",
    "catalogue",
    "question",
    "respondents",
    "answers",
    "languages",
    "theme_ids",
    "themes",
    "suggestions",
    *[f"quote_{lang}" for lang in ALL_LANGUAGES],
]
SUGGESTION_COLUMNS = [
    "need_id",
    "need",
    "suggestion_id",
    "respondents",
    "languages",
    "quote",
    "quote_language",
    "quote_question",
]
UNIQUE_COLUMNS = [
    "need_id",
    "need",
    "respondents",
    "subtopic_id",
    "subtopic",
    "subtopic_respondents",
    "question",
    "theme_id",
    "theme",
    "language",
    "quote",
]


def recurring_needs(ctx: ReportContext) -> Section:
    """Tables `recurring_needs` (largest first), `need_suggestions` (each recurring need's
    specific suggestions) and `unique_requests` (by theme in frequency order, then language
    and quote). All are empty, and the page says needs are not available, when the file
    has no need columns."""
    catalogue = ctx.catalogue_ids
    recurring = [n for n in ctx.needs if n.recurring]
    unique = [n for n in ctx.needs if not n.recurring]
    rows = [
        {
            "need_id": n.id,
            "need": n.label,
            "catalogue": "yes" if n.id in catalogue else "no",
            "question": ";".join(ctx.question(q) for q in n.questions),
            "respondents": n.respondents,
            "answers": len(n.answers),
            "languages": ";".join(n.languages),
            "theme_ids": ";".join(n.themes),
            "themes": "; ".join(ctx.label(t) for t in n.themes),
            "suggestions": len(n.suggestions),
            **quote_columns(n.quotes),
        }
        for n in recurring
    ]
    suggestion_rows = [
        {
            "need_id": n.id,
            "need": n.label,
            "suggestion_id": s.id,
            "respondents": s.respondents,
            "languages": ";".join(s.languages),
            "quote": s.quote,
            "quote_language": s.quote_language,
            "quote_question": ctx.question(s.quote_question),
        }
        for n in recurring
        for s in n.suggestions
    ]
    unique_rows = _unique_rows(ctx, unique)
    tables = {
        "recurring_needs": pd.DataFrame(rows, columns=RECURRING_COLUMNS),
        "need_suggestions": pd.DataFrame(suggestion_rows, columns=SUGGESTION_COLUMNS),
        "unique_requests": pd.DataFrame(unique_rows, columns=UNIQUE_COLUMNS),
    }

    # French writes the count with its noun ("1 répondant ou plus", "3 répondants ou plus").
    least = recurring_from(ctx.needs)
    body = p(
        ctx.t("needs_intro", count=ctx.n(least), respondents=respondents_label(least, ctx.lang)),
        "intro",
    )
    if not ctx.survey.has_needs:
        body += p(ctx.t("needs_unavailable"), "muted")
        return Section("needs", ctx.t("needs"), body, tables)
    if recurring:
        headers = [
            (ctx.t("need"), False),
            (ctx.t("respondents"), True),
            (ctx.t("answers_col"), True),
            (ctx.t("languages"), False),
            (ctx.t("suggestions_col"), False),
        ]
        body += table(headers, [_recurring_row(ctx, n, n.id in catalogue) for n in recurring])
    else:
        body += p(ctx.t("no_recurring"), "muted")
    body += f'<h3 id="unique">{ctx.t("unique")}</h3>' + p(ctx.t("unique_intro"), "intro")
    if unique_rows:
        body += table([(ctx.t("quote"), False)], _unique_page_rows(ctx, unique_rows))
    else:
        body += p(ctx.t("no_unique"), "muted")
    return Section("needs", ctx.t("needs"), body, tables)


def _recurring_row(ctx: ReportContext, need: Need, in_catalogue: bool) -> Row:
    """A recurring need on the page: label, counts, languages, its suggestions."""
    name = f"<b>{h(need.label)}</b>"
    if not in_catalogue:
        name += f' <span class="muted">({ctx.t("new_need")})</span>'
    name += f"<br>{ctx.listed([h(ctx.label(t)) for t in need.themes])}"
    shown = need.suggestions[:MAX_SUGGESTIONS_SHOWN]
    items = "".join(
        f"<li>{quote(s.quote, s.quote_language, ctx.source(s.quote_question))} "
        f'<span class="muted">({ctx.n(s.respondents)})</span></li>'
        for s in shown
    )
    suggestions = (
        f'<ul class="quotes">{items}</ul>'
        if shown
        else quote_list(need.quotes, ctx.sources(need.quote_questions))
    )
    if len(need.suggestions) > MAX_SUGGESTIONS_SHOWN:
        more = ctx.plural("more_suggestions", len(need.suggestions) - MAX_SUGGESTIONS_SHOWN)
        suggestions += f'<span class="muted">{more}</span>'
    return (
        [
            name,
            ctx.n(need.respondents),
            ctx.n(len(need.answers)),
            _languages(ctx, need.languages),
            suggestions,
        ],
        "",
    )


def _languages(ctx: ReportContext, codes: list[str]) -> str:
    """A need's languages in its table cell: "French, English" (en); French and Spanish
    write language names in lowercase after the cell's first word ("Français, anglais")."""
    names = [
        ctx.t(f"lang_{code}") if i == 0 else ctx.language(code) for i, code in enumerate(codes)
    ]
    return ", ".join(names)


def _unique_rows(ctx: ReportContext, unique: list[Need]) -> list[dict]:
    """One row per answer whose first need is not recurring, in page order: by theme, then
    sub-topics that several respondents' unique requests share (most respondents first),
    then the other requests; each by language and quote.

    An answer is listed once, under the need it asks first. With the default
    `--min-respondents` of 2 a need that is not recurring has one respondent; tagged
    with a higher one, it may have several, and each of their answers is listed. A
    catalogue need's request is filed under its sub-topic's theme (the codebook's place
    for it), so the requests of one sub-topic stay together; a new need's under its
    answers' main theme. `subtopic_respondents` counts the respondents whose unique
    requests fall in the same sub-topic: each asked for something of their own, but
    the topic is shared. `question` is how the page names the answer's question; `source`
    (not a workbook column) is what the page writes beside the quote: that name when the
    report covers several questions."""
    rows, askers = [], {}
    for need in unique:
        theme = need.subtopic_theme or (need.themes[0] if need.themes else "")
        for answer in need.answers:
            if answer.needs[0] != need.id:
                continue  # quoted under its first need
            askers.setdefault(need.subtopic, set()).add(answer.respondent)
            rows.append(
                {
                    "need_id": need.id,
                    "need": need.label,
                    "respondents": need.respondents,
                    "subtopic_id": need.subtopic,
                    "subtopic": need.subtopic_label,
                    "question": ctx.question(answer.question),
                    "source": ctx.source(answer.question),
                    "theme_id": theme,
                    "theme": ctx.label(theme) if theme else "",
                    "language": answer.language,
                    "quote": answer.text,
                }
            )
    for row in rows:
        row["subtopic_respondents"] = len(askers[row["subtopic_id"]]) if row["subtopic_id"] else 0
    rank = {theme: position for position, theme in enumerate(ctx.theme_order)}
    rows.sort(
        key=lambda s: (
            s["theme_id"] == "",
            rank.get(s["theme_id"], len(rank)),
            s["theme_id"],
            -_shared(s),
            s["subtopic"] if _shared(s) else "",
            s["subtopic_id"] if _shared(s) else "",
            ALL_LANGUAGES.index(s["language"]),
            s["quote"],
            s["need_id"],
        )
    )
    return rows


def _shared(row: dict) -> int:
    """The respondents of the row's sub-topic when several share it, else 0."""
    return row["subtopic_respondents"] if row["subtopic_respondents"] > 1 else 0


def _unique_page_rows(ctx: ReportContext, unique_rows: list[dict]) -> list[Row]:
    """The page's rows of unique requests: a heading per theme; then one row per sub-topic
    that several respondents' requests share, with its label, respondents and quotes;
    then the other requests, a quote each (at most `MAX_UNIQUE_SHOWN` quotes a theme, the
    rest counted)."""
    by_theme: dict[str, list[dict]] = {}
    for row in unique_rows:
        by_theme.setdefault(row["theme"], []).append(row)
    rows: list[Row] = []
    for theme, items in by_theme.items():
        rows.append(h(theme) or ctx.t("no_theme_short"))
        shown = items[:MAX_UNIQUE_SHOWN]
        groups: dict[str, list[dict]] = {}
        for item in shown:
            groups.setdefault(item["subtopic_id"] if _shared(item) else "", []).append(item)
        for subtopic, members in groups.items():
            if not subtopic:
                rows += [([_quote(ctx, item)], "") for item in members]
                continue
            # "each with a request of their own" only when no two of them share a need: a
            # file tagged with a higher --min-respondents leaves needs of several
            # respondents among the unique requests
            alone = all(m["respondents"] == 1 for m in members)
            heading = ctx.t(
                "shared_subtopic" if alone else "shared_subtopic_some_needs",
                respondents=ctx.n(members[0]["subtopic_respondents"]),
            )
            items_html = "".join(f"<li>{_quote(ctx, m)}</li>" for m in members)
            rows.append(
                (
                    [
                        f"<b>{h(members[0]['subtopic'])}</b> "
                        f'<span class="muted">{heading}</span>'
                        f'<ul class="quotes">{items_html}</ul>'
                    ],
                    "",
                )
            )
        if len(items) > MAX_UNIQUE_SHOWN:
            more = ctx.plural("more_in_workbook", len(items) - MAX_UNIQUE_SHOWN)
            rows.append(([f'<span class="muted">{more}</span>'], ""))
    return rows


def _quote(ctx: ReportContext, row: dict) -> str:
    """A unique request's quote on the page, with its question when the report has several;
    a request whose need several respondents raised (too few to be recurring, in a file
    tagged with a higher --min-respondents) names that need and its respondents, so that
    the page does not pass their shared request for requests of their own."""
    quoted = quote(row["quote"], row["language"], row["source"])
    if row["respondents"] > 1:
        shared = ctx.t(
            "unique_need_shared", respondents=ctx.n(row["respondents"]), need=row["need"]
        )
        quoted += f' <span class="muted">({h(shared)})</span>'
    return quoted
