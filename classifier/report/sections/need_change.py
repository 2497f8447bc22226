"""Section 7 (with a previous consultation): needs of the catalogue, this year against last.

Needs are lined up by their catalogue id, so a need keeps its line whatever
words members used each year; new needs (outside the catalogue) have no id to
line up and are left out. A need renamed or merged since a file was tagged
(`replaces`) is counted under its id of today, and the page names the ids it
is counted from, so a reader knows last year's line holds other needs' answers.
Last year's needs that the catalogue no longer has (removed, or renamed
without `replaces`) are listed apart, their change not available. A
file without need columns (tagged by a version before needs) has no needs to
compare: the section says the comparison is not available, rather than count
its needs as 0 and show every need as a change.
"""

from __future__ import annotations

import pandas as pd

from ...errors import ReportError
from ..context import ReportContext, Section
from ..html import h, p, table
from ..stats import Need

COLUMNS = [
    "need_id",
    "need",
    "respondents",
    "previous_respondents",
    "change",
    "recurring",
    "previously_recurring",
]
MAX_SHOWN = 20  # lines on the page, largest changes first; the workbook lists them all


def need_change(ctx: ReportContext) -> Section:
    """Table `need_change`: every catalogue need raised in either year, with its respondents
    this year and last, largest rise first (no row when a file has no need columns).
    Raises ReportError without a previous file."""
    if ctx.previous is None:
        raise ReportError("no previous consultation was given, so there is nothing to compare")
    body = p(ctx.t("need_change_intro"), "intro")
    if not (ctx.survey.has_needs and ctx.previous.has_needs):
        body += p(ctx.t("need_change_no_need_columns"), "muted")
        tables = {"need_change": pd.DataFrame([], columns=COLUMNS)}
        return Section("need-change", ctx.t("need_change"), body, tables)
    now = {n.id: n for n in ctx.needs if n.id in ctx.catalogue_ids}
    before = {n.id: n for n in ctx.previous_needs if n.id in ctx.catalogue_ids}
    rows = []
    for need_id in sorted(set(now) | set(before)):
        current, previous = now.get(need_id), before.get(need_id)
        respondents = current.respondents if current else 0
        previous_respondents = previous.respondents if previous else 0
        rows.append(
            {
                "need_id": need_id,
                "need": (current or previous).label,
                "respondents": respondents,
                "previous_respondents": previous_respondents,
                "change": respondents - previous_respondents,
                "recurring": "yes" if current and current.recurring else "no",
                "previously_recurring": "yes" if previous and previous.recurring else "no",
            }
        )
    rows.sort(key=lambda r: (-r["change"], -r["respondents"], r["need_id"]))
    # Last year's needs the catalogue no longer has: no line to line them up with this year.
    dropped = [n for n in ctx.previous_needs if n.id in ctx.previous.uncatalogued_needs]
    tables = {"need_change": _table(rows, dropped)}
    if dropped:
        listed = ctx.listed([f"{h(n.label)} ({ctx.n(n.respondents)})" for n in dropped])
        body += p(ctx.t("need_change_dropped", needs=listed), "muted")
    body += _replaced_note(ctx, rows)
    if not rows:
        body += p(ctx.t("need_change_unavailable"), "muted")
        return Section("need-change", ctx.t("need_change"), body, tables)
    shown = sorted(rows, key=lambda r: (-abs(r["change"]), -r["respondents"], r["need_id"]))
    headers = [
        (ctx.t("need"), False),
        (ctx.t("this_year"), True),
        (ctx.t("previous"), True),
        (ctx.t("change"), True),
    ]
    body += table(
        headers,
        [
            (
                [
                    h(r["need"]),
                    ctx.n(r["respondents"]),
                    ctx.n(r["previous_respondents"]),
                    f"<b>{ctx.n(r['change'], signed=True)}</b>",
                ],
                "",
            )
            for r in shown[:MAX_SHOWN]
        ],
    )
    if len(shown) > MAX_SHOWN:
        # "smaller changes" only when they are: needs left off with the last shown one's
        # change were cut by their respondents this year, and the line says so
        tied = abs(shown[MAX_SHOWN]["change"]) == abs(shown[MAX_SHOWN - 1]["change"])
        key = "more_needs_in_workbook_tied" if tied else "more_needs_in_workbook"
        more = ctx.plural(key, len(shown) - MAX_SHOWN)
        body += p(more, "muted")
    return Section("need-change", ctx.t("need_change"), body, tables)


def _replaced_note(ctx: ReportContext, rows: list[dict]) -> str:
    """A line naming the needs either file carries under ids the catalogue has renamed or
    merged since (`replaces`), each with those ids ('' when none): the table counts them
    under the need of today, and without it the page showed last year's answers of a
    need merged since as the answers of the need it was merged into."""
    earlier: dict[str, set[str]] = {}
    for survey in (ctx.survey, ctx.previous):
        for old, now in survey.replaced_needs.items():
            earlier.setdefault(now, set()).add(old)
    labels = {row["need_id"]: row["need"] for row in rows}
    listed = [
        f"{h(labels[need_id])} ({h(', '.join(sorted(earlier[need_id])))})"
        for need_id in sorted(earlier, key=lambda need_id: labels.get(need_id, need_id))
        if need_id in labels
    ]
    return p(ctx.t("need_change_replaced", needs=ctx.listed(listed)), "muted") if listed else ""


def _table(rows: list[dict], dropped: list[Need]) -> pd.DataFrame:
    """The sheet: `rows`, then last year's needs the catalogue no longer has, whose
    respondents this year and change are empty (not available: no model of this catalogue
    can give them)."""
    frame = pd.DataFrame(
        [
            *rows,
            *(
                {
                    "need_id": n.id,
                    "need": n.label,
                    "respondents": None,
                    "previous_respondents": n.respondents,
                    "change": None,
                    "recurring": "",
                    "previously_recurring": "yes" if n.recurring else "no",
                }
                for n in dropped
            ),
        ],
        columns=COLUMNS,
    )
    return frame.astype(
        {"respondents": "Int64", "previous_respondents": "Int64", "change": "Int64"}
    )
