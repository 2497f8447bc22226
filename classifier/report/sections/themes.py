"""Section 2, themes by frequency: share of answers mentioning each theme, overall and by group."""

from __future__ import annotations

import pandas as pd

from ...vocab import LANGUAGES
from ..charts import bar_chart
from ..context import ReportContext, Section
from ..formats import format_percent
from ..html import figure, h, p, table
from ..stats import pct, theme_counts


def theme_frequency(ctx: ReportContext) -> Section:
    """Table `themes`: every theme in frequency order, its answers and shares (%) overall, by
    language and, with several questions, by question; the page adds a bar chart of the
    themes mentioned and the number of answers that mention no theme."""
    survey = ctx.survey
    answers = survey.answers
    by_language = {lang: [a for a in answers if a.language == lang] for lang in LANGUAGES}
    by_question = {q: [a for a in answers if a.question == q] for q in survey.questions}
    counts = theme_counts(answers)
    language_counts = {lang: theme_counts(items) for lang, items in by_language.items()}
    question_counts = {q: theme_counts(items) for q, items in by_question.items()}
    rows = []
    for theme in ctx.theme_order:
        row = {
            "theme_id": theme,
            "theme": ctx.label(theme),
            "answers": counts[theme],
            "share_pct": pct(counts[theme], len(answers)),
        }
        for language in LANGUAGES:
            row[f"answers_{language}"] = language_counts[language][theme]
            row[f"share_{language}_pct"] = pct(
                language_counts[language][theme], len(by_language[language])
            )
        if len(survey.questions) > 1:
            for question in survey.questions:
                row[f"share_{question}_pct"] = pct(
                    question_counts[question][theme], len(by_question[question])
                )
        rows.append(row)

    fmt = ctx.lang
    headers = [
        (ctx.t("theme"), False),
        (ctx.t("answers"), True),
        (ctx.t("all_languages"), True),
    ]
    headers += [(ctx.t(f"lang_{language}"), True) for language in LANGUAGES]
    if len(survey.questions) > 1:
        headers += [(h(ctx.question(q)), True) for q in survey.questions]
    body_rows = []
    for row in rows:
        cells = [h(row["theme"]), ctx.n(row["answers"]), format_percent(row["share_pct"], fmt)]
        cells += [format_percent(row[f"share_{language}_pct"], fmt) for language in LANGUAGES]
        if len(survey.questions) > 1:
            cells += [format_percent(row[f"share_{q}_pct"], fmt) for q in survey.questions]
        body_rows.append((cells, ""))
    untagged = sum(not a.themes for a in answers)
    body = p(ctx.t("themes_intro"), "intro")
    shown = [row for row in rows if row["answers"]]
    if shown:
        body += figure(
            bar_chart(
                [row["theme"] for row in shown],
                [row["share_pct"] for row in shown],
                name="themes",
                lang=fmt,
                axis_label=ctx.t("share_axis"),
                value_text=lambda v: format_percent(v, fmt),
                limits=(0, None),
            ),
            ctx.t("chart_themes"),
        )
    body += table(headers, body_rows)
    body += p(
        ctx.plural("no_theme", untagged, share=format_percent(pct(untagged, len(answers)), fmt)),
        "muted",
    )
    return Section("themes", ctx.t("themes"), body, {"themes": pd.DataFrame(rows)})
