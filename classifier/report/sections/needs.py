"""Section 4, needs: recurring needs (two respondents or more) and one-off suggestions."""

from __future__ import annotations

import pandas as pd

from ...vocab import ALL_LANGUAGES, DEFAULT_MIN_RESPONDENTS
from ..context import ReportContext, Section
from ..html import Row, h, p, quote, quote_list, table
from ..stats import Need, quote_columns

MAX_ONE_OFF_SHOWN = 30  # per theme on the page; the workbook lists them all
RECURRING_COLUMNS = [
    "need_id",
    "question",
    "respondents",
    "answers",
    "languages",
    "theme_ids",
    "themes",
    *[f"quote_{lang}" for lang in ALL_LANGUAGES],
]
ONE_OFF_COLUMNS = ["need_id", "question", "theme_id", "theme", "language", "quote"]


def recurring_needs(ctx: ReportContext) -> Section:
    """Tables `recurring_needs` (largest first, with a quote per language) and
    `one_off_suggestions` (by theme in frequency order, then language and quote).

    Both are empty, and the page says needs are not available, when the file
    has no need columns.
    """
    recurring = [n for n in ctx.needs if n.respondents >= DEFAULT_MIN_RESPONDENTS]
    one_off = [n for n in ctx.needs if n.respondents < DEFAULT_MIN_RESPONDENTS]
    rows = [
        {
            "need_id": n.id,
            "question": ";".join(n.questions),
            "respondents": n.respondents,
            "answers": len(n.answers),
            "languages": ";".join(n.languages),
            "theme_ids": ";".join(n.themes),
            "themes": "; ".join(ctx.label(t) for t in n.themes),
            **quote_columns(n.quotes),
        }
        for n in recurring
    ]
    suggestions = _suggestions(ctx, one_off)
    tables = {
        "recurring_needs": pd.DataFrame(rows, columns=RECURRING_COLUMNS),
        "one_off_suggestions": pd.DataFrame(suggestions, columns=ONE_OFF_COLUMNS),
    }

    body = p(ctx.t("needs_intro"), "intro")
    if not ctx.survey.has_needs:
        body += p(ctx.t("needs_unavailable"), "muted")
        return Section("needs", ctx.t("needs"), body, tables)
    if recurring:
        headers = [
            (ctx.t("respondents"), True),
            (ctx.t("languages"), False),
            (ctx.t("themes_col"), False),
            (ctx.t("quotes"), False),
        ]
        body_rows: list[Row] = [
            (
                [
                    str(n.respondents),
                    ", ".join(ctx.t(f"lang_{lang}") for lang in n.languages),
                    h("; ".join(ctx.label(t) for t in n.themes)) or "—",
                    quote_list(n.quotes) + f"<code>{h(n.id)}</code>",
                ],
                "",
            )
            for n in recurring
        ]
        body += table(headers, body_rows)
    else:
        body += p(ctx.t("no_recurring"), "muted")
    body += f'<h3 id="one-off">{ctx.t("one_off")}</h3>' + p(ctx.t("one_off_intro"), "intro")
    if suggestions:
        body += table([(ctx.t("quote"), False)], _one_off_rows(ctx, suggestions))
    else:
        body += p(ctx.t("no_one_off"), "muted")
    return Section("needs", ctx.t("needs"), body, tables)


def _suggestions(ctx: ReportContext, one_off: list[Need]) -> list[dict[str, str]]:
    """One row per one-off need: its main theme, first language and quote, in page order."""
    rank = {theme: position for position, theme in enumerate(ctx.theme_order)}
    suggestions = []
    for need in one_off:
        language = need.languages[0]
        theme = need.themes[0] if need.themes else ""
        suggestions.append(
            {
                "need_id": need.id,
                "question": ";".join(need.questions),
                "theme_id": theme,
                "theme": ctx.label(theme) if theme else "",
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
    return suggestions


def _one_off_rows(ctx: ReportContext, suggestions: list[dict[str, str]]) -> list[Row]:
    """The page's rows of one-off suggestions: a heading per theme, then its quotes (at most
    `MAX_ONE_OFF_SHOWN`, the rest counted)."""
    # One answer may hold several one-off needs: its quote is shown once per theme.
    grouped: dict[tuple[str, str, str], int] = {}
    for s in suggestions:
        key = (s["theme"], s["language"], s["quote"])
        grouped[key] = grouped.get(key, 0) + 1
    by_theme: dict[str, list[tuple[str, str, int]]] = {}
    for (theme, language, text), count in grouped.items():
        by_theme.setdefault(theme, []).append((language, text, count))
    rows: list[Row] = []
    for theme, items in by_theme.items():
        rows.append(h(theme) or ctx.t("no_theme_short"))
        for language, text, count in items[:MAX_ONE_OFF_SHOWN]:
            note = (
                f' <span class="muted">({ctx.t("several_points", count=count)})</span>'
                if count > 1
                else ""
            )
            rows.append(([quote(text, language) + note], ""))
        if len(items) > MAX_ONE_OFF_SHOWN:
            more = ctx.t("more_in_workbook", count=len(items) - MAX_ONE_OFF_SHOWN)
            rows.append(([f'<span class="muted">{more}</span>'], ""))
    return rows
