"""Section 6, change since the previous consultation: theme shares and net promoter score."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from ...errors import ReportError
from ...vocab import ALL_LANGUAGES, ASKING_STANCES, LANGUAGES, PRAISE
from ..charts import bar_chart
from ..context import ReportContext, Section
from ..formats import format_nps, format_percent, format_points, shown_points
from ..html import figure, h, p, table
from ..i18n import respondents_label
from ..stats import SMALL_BASE, Nps, nps_groups, share_of, theme_shares
from ..survey import Survey

THEME_COLUMNS = [
    "theme_id",
    "theme",
    "share_pct",
    "previous_share_pct",
    "change_pp",
    *[f"change_{lang}_pp" for lang in LANGUAGES],
    "balance_change_pp",
]
NPS_COLUMNS = [
    "dimension",
    "group",
    "label",
    "nps",
    "previous_nps",
    "change",
    "scored",
    "previous_scored",
]


def comparison(ctx: ReportContext) -> Section:
    """Tables `theme_change` (change in share of each theme, overall and by language, largest
    rise first, and the change in its balance of praise over asks: `_balance`) and
    `nps_change` (overall and by language; empty when either file has no score). Raises
    ReportError when the context has no previous consultation."""
    previous = ctx.previous
    if previous is None:
        raise ReportError("no previous consultation was given, so there is nothing to compare")
    rows = _theme_change_rows(ctx, previous)
    nps_rows = _nps_change_rows(ctx, previous)
    tables = {
        "theme_change": pd.DataFrame(rows, columns=THEME_COLUMNS),
        "nps_change": pd.DataFrame(nps_rows, columns=NPS_COLUMNS),
    }

    lang = ctx.lang
    respondents = respondents_label(len(previous.respondents), lang)
    body = p(ctx.t("compared_with", respondents=respondents), "intro")
    body += p(ctx.t("theme_change_intro"), "intro")
    charted = [r for r in rows if not math.isnan(r["change_pp"])]
    if charted:
        body += figure(
            bar_chart(
                [r["theme"] for r in charted],
                [r["change_pp"] for r in charted],
                name="theme-change",
                lang=lang,
                axis_label=ctx.t("change_axis"),
                signed=True,
                meaning=[_meaning(r) for r in charted],
                value_text=lambda v: format_points(v, lang),
            ),
            ctx.t("chart_theme_change"),
        )
    few = _few_answers(ctx.survey, previous)
    headers = [
        (ctx.t("theme"), False),
        (ctx.t("this_year"), True),
        (ctx.t("previous"), True),
        (ctx.t("change") + (" *" if few else ""), True),
    ]
    small = _small_languages(ctx.survey, previous)
    headers += [
        (ctx.t("change_in", language=ctx.language(code)) + (" *" if code in small else ""), True)
        for code in LANGUAGES
    ]
    headers.append((ctx.t("balance_change"), True))
    body += table(
        headers,
        [
            (
                [
                    h(r["theme"]),
                    format_percent(r["share_pct"], lang),
                    format_percent(r["previous_share_pct"], lang),
                    f"<b>{format_points(r['change_pp'], lang)}</b>",
                    *[format_points(r[f"change_{code}_pp"], lang) for code in LANGUAGES],
                    format_points(r["balance_change_pp"], lang),
                ],
                "",
            )
            for r in rows
        ],
    )
    if few:  # then each language's answers are fewer too: one note says it of every column
        body += p(ctx.t("small_base_all_answers", count=ctx.n(SMALL_BASE)), "muted")
    elif small:
        body += p(ctx.t("small_base_answers", count=ctx.n(SMALL_BASE)), "muted")
    body += f'<h3 id="nps-change">{ctx.t("nps_change")}</h3>'
    if nps_rows:
        headers = [
            (ctx.t("group"), False),
            (ctx.t("this_year"), True),
            (ctx.t("previous"), True),
            (ctx.t("change"), True),
        ]
        body += table(
            headers,
            [
                (
                    [
                        h(r["label"]) + (" *" if _small_scores(r) else ""),
                        f"{format_nps(r['nps'], lang)} "
                        f'<span class="muted">(n={ctx.n(r["scored"])})</span>',
                        f"{format_nps(r['previous_nps'], lang)} "
                        f'<span class="muted">(n={ctx.n(r["previous_scored"])})</span>',
                        f"<b>{format_nps(r['change'], lang)}</b>",
                    ],
                    "total" if r["dimension"] == "overall" else "",
                )
                for r in nps_rows
            ],
        )
        if any(_small_scores(r) for r in nps_rows):
            body += p(ctx.t("small_base", count=ctx.n(SMALL_BASE)), "muted")
    else:
        body += p(ctx.t("nps_change_unavailable"), "muted")
    return Section("compare", ctx.t("compare"), body, tables)


def _theme_change_rows(ctx: ReportContext, previous: Survey) -> list[dict]:
    """Themes mentioned in either year: shares (%) and changes (points), largest rise first."""
    now_shares, before_shares = theme_shares(ctx.survey), theme_shares(previous)
    rows = []
    for theme in ctx.theme_ids:
        row = {"theme_id": theme, "theme": ctx.label(theme)}
        for group, suffix in (("all", ""), *((lang, f"_{lang}") for lang in LANGUAGES)):
            # A theme one year's model did not know has no share that year, not 0 %.
            now = (
                math.nan
                if theme in ctx.survey.uncoded_themes
                else share_of(now_shares[group], theme)
            )
            before = (
                math.nan
                if theme in previous.uncoded_themes
                else share_of(before_shares[group], theme)
            )
            if group == "all":
                row["share_pct"], row["previous_share_pct"] = now, before
            row[f"change{suffix}_pp"] = now - before
        row["balance_change_pp"] = (
            _balance(ctx.survey, theme) - _balance(previous, theme)
            if not math.isnan(row["change_pp"])
            else math.nan
        )
        if row["share_pct"] > 0 or row["previous_share_pct"] > 0:  # False for NaN
            rows.append(row)
    rows.sort(
        key=lambda r: (
            -r["change_pp"] if not math.isnan(r["change_pp"]) else 0,
            ctx.theme_rank[r["theme_id"]],
        )
    )
    return rows


def _small_languages(survey: Survey, previous: Survey) -> set[str]:
    """The languages whose answers are fewer than SMALL_BASE in either year (but some):
    one answer more or less moves their shares by several points."""
    counts = [Counter(answer.language for answer in each.answers) for each in (survey, previous)]
    return {code for code in LANGUAGES if any(0 < count[code] < SMALL_BASE for count in counts)}


def _few_answers(survey: Survey, previous: Survey) -> bool:
    """Whether either year has fewer than SMALL_BASE answers (but some): the overall share
    changes then rest on as few answers as a small language's, and are marked as theirs."""
    return any(0 < len(each.answers) < SMALL_BASE for each in (survey, previous))


def _small_scores(row: dict) -> bool:
    """Whether a net promoter score line rests on fewer than SMALL_BASE scores in either
    year (but some: a year without scores has no score to read)."""
    return any(0 < row[key] < SMALL_BASE for key in ("scored", "previous_scored"))


_NO_SCORE = Nps(0, 0, 0, 0)


def _nps_change_rows(ctx: ReportContext, previous: Survey) -> list[dict]:
    """NPS this year and last, overall and by language (none unless both files have scores);
    a group absent in one of the years counts as having no score then, and keeps its line."""
    if not (ctx.survey.scored and previous.scored):
        return []
    before = {(d, v): (label, n) for d, v, label, n in nps_groups(previous, [], ctx.lang)}
    after = {(d, v): (label, n) for d, v, label, n in nps_groups(ctx.survey, [], ctx.lang)}
    # overall first, then the languages of either year in their usual order
    order = sorted(
        set(after) | set(before),
        key=lambda key: -1 if key[0] == "overall" else ALL_LANGUAGES.index(key[1]),
    )
    rows = []
    for dimension, value in order:
        key = (dimension, value)
        label, now = after[key] if key in after else (before[key][0], _NO_SCORE)
        old = before.get(key, (label, _NO_SCORE))[1]
        rows.append(
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
    return rows


def _balance(survey: Survey, theme: str) -> float:
    """How much members praise `theme` more than they ask about it: the share (%) of
    `survey`'s answers that praise it minus the share that make a request or criticism
    about it (NaN without answers). Its change between two years says whether a theme's
    change in mentions is good news: fewer mentions of a theme are good when its asks fell
    more than its praise."""
    if not survey.answers:
        return math.nan
    stances = [a.stance for a in survey.answers if theme in a.themes]
    balance = sum(s == PRAISE for s in stances) - sum(s in ASKING_STANCES for s in stances)
    return 100.0 * balance / len(survey.answers)


def _meaning(row: dict) -> float:
    """Whether a rise of the theme's bar (its change in share) is good news (+1), bad news
    (-1) or neither (0): good when its balance of praise over asks rose with it, or fell
    as it fell. Both changes are read as the table shows them: a balance shown as 0.0 pp
    (−0.006 pp: the same praise and asks over a different number of answers) did not move,
    and its bar is grey, not red or green."""
    if math.isnan(row["balance_change_pp"]):
        return 0.0
    shift, change = shown_points(row["balance_change_pp"]), shown_points(row["change_pp"])
    if shift == 0 or change == 0:
        return 0.0
    return 1.0 if (shift > 0) == (change > 0) else -1.0
