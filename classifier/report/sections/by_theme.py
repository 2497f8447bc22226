"""Section 3, by theme: what members praise and what they ask for, with quotes and needs."""

from __future__ import annotations

import pandas as pd

from ...vocab import ALL_LANGUAGES, ASKING_STANCES, PRAISE
from ..context import ReportContext, Section
from ..html import h, p, quote, quote_list
from ..i18n import respondents_label
from ..stats import Need, distinct_quotes, pick_quotes, quote_columns
from ..survey import Answer

PRAISE_CONFIDENCE = 0.7  # stance probability from which a praise answer may be quoted
MAX_SUCCESSES = 3
MAX_REQUESTS = 3
COLUMNS = [
    "theme_id",
    "theme",
    "praise_answers",
    "request_answers",
    "item",
    "rank",
    "need_id",
    "need",
    "respondents",
    *[f"quote_{lang}" for lang in ALL_LANGUAGES],
]


def by_theme(ctx: ReportContext) -> Section:
    """Table `theme_details`: for each theme mentioned (in frequency order), its praising and
    asking answers, up to 3 quotes of praise ('success') and its 3 largest needs ('request',
    with the need's id and label); the page shows one card per theme, naming each
    catalogue need by its label (a new need's label is one of its quotes)."""
    answers = ctx.survey.answers
    rows = []
    cards = []
    for theme in ctx.theme_order:
        mentioning = [a for a in answers if theme in a.themes]
        if not mentioning:
            continue
        praise = [a for a in mentioning if a.stance == PRAISE]
        asking = [a for a in mentioning if a.stance in ASKING_STANCES]
        # Successes are praise the model is sure of: a complaint read as praise must not be
        # quoted as a success (files tagged before 0.3 have no stance score: all praise).
        sure = [a for a in praise if a.stance_score is None or a.stance_score >= PRAISE_CONFIDENCE]
        successes = pick_quotes(sure, theme, MAX_SUCCESSES)
        needs = distinct_quotes(
            sorted(
                (n for n in ctx.needs if theme in n.themes),
                key=lambda n, t=theme: (-n.respondents, -len(n.answers), -n.best_score(t), n.id),
            )
        )[:MAX_REQUESTS]
        base = {
            "theme_id": theme,
            "theme": ctx.label(theme),
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
                    "need": "",
                    "respondents": 1,
                    **quote_columns({answer.language: answer.text}),
                }
            )
        for rank, need in enumerate(needs, 1):
            items.append(
                {
                    **base,
                    "item": "request",
                    "rank": rank,
                    "need_id": need.id,
                    "need": need.label,
                    "respondents": need.respondents,
                    **quote_columns(need.quotes),
                }
            )
        empty = {**base, "item": "", "rank": 0, "need_id": "", "need": "", "respondents": 0}
        rows.extend(items or [{**empty, **quote_columns({})}])
        cards.append(_theme_card(ctx, theme, praise, asking, successes, needs))
    body = p(ctx.t("by_theme_intro"), "intro")
    body += "".join(cards) if cards else p(ctx.t("no_answers"), "muted")
    tables = {"theme_details": pd.DataFrame(rows, columns=COLUMNS)}
    return Section("by-theme", ctx.t("by_theme"), body, tables)


def _theme_card(
    ctx: ReportContext,
    theme: str,
    praise: list[Answer],
    asking: list[Answer],
    successes: list[Answer],
    needs: list[Need],
) -> str:
    """One theme's card: its counts, then its successes next to its top requests."""
    praised = ctx.t("label_value", label=ctx.t("praise"), value=f"<b>{ctx.n(len(praise))}</b>")
    asked = ctx.t("label_value", label=ctx.t("requests"), value=f"<b>{ctx.n(len(asking))}</b>")
    counts = f'<p class="counts">{praised} · {asked}</p>'
    if successes:
        left = (
            '<ul class="quotes">'
            + "".join(f"<li>{quote(a.text, a.language)}</li>" for a in successes)
            + "</ul>"
        )
    else:
        left = p(ctx.t("no_praise"), "muted")
    if needs:
        right = (
            '<ul class="needs">'
            + "".join(
                f'<li><span class="count">{_need_heading(ctx, n)}</span>{quote_list(n.quotes)}</li>'
                for n in needs
            )
            + "</ul>"
        )
    else:
        right = p(ctx.t("no_request"), "muted")
    return (
        f'<article class="theme-card"><h3>{h(ctx.label(theme))}</h3>{counts}'
        f'<div class="grid"><div><h4>{ctx.t("successes")}</h4>{left}</div>'
        f"<div><h4>{ctx.t('top_requests')}</h4>{right}</div></div></article>"
    )


def _need_heading(ctx: ReportContext, need: Need) -> str:
    """A top request's heading: a catalogue need's label and its respondents; a new need
    (whose label is one of the quotes below it) its respondents only."""
    respondents = respondents_label(need.respondents, ctx.lang)
    if need.id not in ctx.catalogue_ids:
        return respondents
    return f'{h(need.label)} <span class="muted">· {respondents}</span>'
