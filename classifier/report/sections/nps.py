"""Section 5, net promoter score: overall, by language and by segment, and the themes of
detractors versus promoters."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from ..charts import bar_chart
from ..context import ReportContext, Section
from ..formats import format_nps, format_percent, format_points
from ..html import Row, figure, h, p, table
from ..stats import SMALL_BASE, nps_groups, pct, theme_counts

NPS_COLUMNS = [
    "dimension",
    "group",
    "label",
    "scored",
    "promoters",
    "passives",
    "detractors",
    "nps",
]
# Values of one segment column shown on the page (chart and table), those with the most
# scored respondents; the workbook's `nps` table holds them all. A column with a value per
# respondent (an e-mail given as a segment) drew a bar per respondent: 3,000 bars, a 4 MB page.
MAX_SEGMENT_VALUES_SHOWN = 20

THEME_COLUMNS = [
    "theme_id",
    "theme",
    "detractor_answers",
    "detractor_share_pct",
    "promoter_answers",
    "promoter_share_pct",
    "difference_pp",
]


def net_promoter_score(ctx: ReportContext) -> Section:
    """Tables `nps` (one row per group: overall, each language, each segment value) and
    `nps_themes` (themes most typical of detractors first); both are empty, and the page
    says scores are not available, when no respondent gave a 0-10 score."""
    survey = ctx.survey
    groups = nps_groups(survey, ctx.segments, ctx.lang) if survey.scored else []
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
    theme_rows = nps_theme_rows(ctx) if survey.scored else []
    tables = {
        "nps": pd.DataFrame(rows, columns=NPS_COLUMNS),
        "nps_themes": pd.DataFrame(theme_rows, columns=THEME_COLUMNS),
    }

    body = p(ctx.t("nps_intro"), "intro")
    if not groups:
        body += p(ctx.t("nps_unavailable"), "muted")
        return Section("nps", ctx.t("nps"), body, tables)
    shown, hidden = _page_rows(rows, ctx.segments)
    body += figure(
        bar_chart(
            [row["label"] for row in shown],
            [row["nps"] for row in shown],
            name="nps",
            lang=ctx.lang,
            axis_label=ctx.t("nps_short"),
            limits=(-100, 100),
            signed=True,
            separators=[
                i
                for i in range(1, len(shown))
                if shown[i]["dimension"] != shown[i - 1]["dimension"]
            ],
            value_text=lambda v: format_nps(v, ctx.lang),
        ),
        ctx.t("chart_nps"),
    )
    body += table(
        [
            (ctx.t("group"), False),
            (ctx.t("scored"), True),
            (ctx.t("promoters"), True),
            (ctx.t("passives"), True),
            (ctx.t("detractors"), True),
            (ctx.t("nps_short"), True),
        ],
        _group_rows(ctx, shown, hidden),
    )
    if any(row["scored"] < SMALL_BASE for row in shown):
        body += p(ctx.t("small_base", count=ctx.n(SMALL_BASE)), "muted")
    body += f'<h3 id="nps-themes">{ctx.t("nps_themes")}</h3>'
    body += p(ctx.t("nps_themes_intro"), "intro")
    if theme_rows:
        headers = [
            (ctx.t("theme"), False),
            (ctx.t("detractor_answers"), True),
            (ctx.t("promoter_answers"), True),
            (ctx.t("difference"), True),
        ]
        body_rows: list[Row] = [
            (
                [
                    h(row["theme"]),
                    f"{format_percent(row['detractor_share_pct'], ctx.lang)} "
                    f'<span class="muted">({ctx.n(row["detractor_answers"])})</span>',
                    f"{format_percent(row['promoter_share_pct'], ctx.lang)} "
                    f'<span class="muted">({ctx.n(row["promoter_answers"])})</span>',
                    format_points(row["difference_pp"], ctx.lang),
                ],
                "",
            )
            for row in theme_rows
        ]
        body += table(headers, body_rows)
    else:
        body += p(ctx.t("no_nps_themes"), "muted")
    return Section("nps", ctx.t("nps"), body, tables)


def _page_rows(rows: list[dict], segments: Sequence[str]) -> tuple[list[dict], dict[str, int]]:
    """The rows the page shows, in their order: every overall and language row, and of each
    segment column the MAX_SEGMENT_VALUES_SHOWN values with the most scored respondents
    (ties: the table's order); with the number of values left out per segment column."""
    kept: set[int] = set()
    hidden: dict[str, int] = {}
    for column in segments:
        positions = [i for i, row in enumerate(rows) if row["dimension"] == column]
        largest = sorted(positions, key=lambda i: (-rows[i]["scored"], i))
        kept.update(largest[:MAX_SEGMENT_VALUES_SHOWN])
        if len(positions) > MAX_SEGMENT_VALUES_SHOWN:
            hidden[column] = len(positions) - MAX_SEGMENT_VALUES_SHOWN
    segment_columns = set(segments)
    shown = [r for i, r in enumerate(rows) if r["dimension"] not in segment_columns or i in kept]
    return shown, hidden


def _group_rows(ctx: ReportContext, rows: list[dict], hidden: dict[str, int]) -> list[Row]:
    """The page's rows of the NPS table, with a heading row before each dimension after the
    overall row (by language, by each segment column), and after a segment column with
    values left out (`hidden`), a line saying how many."""
    body_rows: list[Row] = []
    current = "overall"
    for index, row in enumerate(rows):
        if row["dimension"] != current:
            current = row["dimension"]
            heading = (
                ctx.t("by_language")
                if current == "language"
                else ctx.t("by_segment", column=h(ctx.segment(current)))
            )
            body_rows.append(heading)
        body_rows.append(
            (
                [
                    h(row["label"]),
                    ctx.n(row["scored"]) + (" *" if row["scored"] < SMALL_BASE else ""),
                    ctx.n(row["promoters"]),
                    ctx.n(row["passives"]),
                    ctx.n(row["detractors"]),
                    f"<b>{format_nps(row['nps'], ctx.lang)}</b>",
                ],
                "total" if row["dimension"] == "overall" else "",
            )
        )
        last_of_column = index + 1 == len(rows) or rows[index + 1]["dimension"] != current
        if last_of_column and current in hidden:
            more = ctx.plural(
                "more_segments_in_workbook", hidden[current], column=h(ctx.segment(current))
            )
            body_rows.append(([f'<span class="muted">{more}</span>', "", "", "", "", ""], ""))
    return body_rows


def nps_theme_rows(ctx: ReportContext) -> list[dict]:
    """For each theme mentioned by detractors or promoters: its share (%) of each group's
    answers and the difference in points, largest difference first (undefined ones last)."""
    category = {r.key: r.category for r in ctx.survey.respondents}
    detractors = [a for a in ctx.survey.answers if category[a.respondent] == "detractor"]
    promoters = [a for a in ctx.survey.answers if category[a.respondent] == "promoter"]
    detractor_counts, promoter_counts = theme_counts(detractors), theme_counts(promoters)
    rows = []
    for theme in ctx.theme_ids:
        if not detractor_counts[theme] and not promoter_counts[theme]:
            continue
        detractor_share = pct(detractor_counts[theme], len(detractors))
        promoter_share = pct(promoter_counts[theme], len(promoters))
        rows.append(
            {
                "theme_id": theme,
                "theme": ctx.label(theme),
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
            ctx.theme_rank[r["theme_id"]],
        )
    )
    return rows
