"""Section 1, overview: respondents and non-empty answers by language (and by question)."""

from __future__ import annotations

import pandas as pd

from ...vocab import ALL_LANGUAGES
from ..context import ReportContext, Section
from ..html import h, p, table


def overview(ctx: ReportContext) -> Section:
    """Table `overview`: one row per language and a total row.

    A respondent counts in the language of their first answer; with several
    questions, the answers to each question are counted too.
    """
    survey = ctx.survey
    multi = len(survey.questions) > 1
    rows = []
    for language in (*ALL_LANGUAGES, "total"):
        answers = [a for a in survey.answers if language in ("total", a.language)]
        row = {
            "language": language,
            "label": ctx.t("total") if language == "total" else ctx.t(f"lang_{language}"),
            "respondents": sum(language in ("total", r.language) for r in survey.respondents),
            "answers": len(answers),
        }
        if multi:
            for question in survey.questions:
                row[f"answers_{question}"] = sum(a.question == question for a in answers)
        rows.append(row)
    headers = [
        (ctx.t("language"), False),
        (ctx.t("respondents"), True),
        (ctx.t("answers"), True),
    ]
    if multi:
        headers += [
            (ctx.t("answers_to", question=h(ctx.question(q))), True) for q in survey.questions
        ]
    body_rows = []
    for row in rows:
        cells = [h(row["label"]), ctx.n(row["respondents"]), ctx.n(row["answers"])]
        if multi:
            cells += [ctx.n(row[f"answers_{q}"]) for q in survey.questions]
        body_rows.append((cells, "total" if row["language"] == "total" else ""))
    body = p(_intro(ctx), "intro") + table(headers, body_rows)
    return Section("overview", ctx.t("overview"), body, {"overview": pd.DataFrame(rows)})


def _intro(ctx: ReportContext) -> str:
    """The overview's introduction, saying where the answers' languages come from: the
    declared column `tag` took them from, when the file shows it did; else either source
    (declared when the export gave one, else detected), which is true whatever `tag` did."""
    column = ctx.survey.language_column
    if column is None:
        return ctx.t("overview_intro")
    return ctx.t("overview_intro_declared", column=f"<code>{h(column)}</code>")
