"""Section 3, by theme: what members praise and what they ask for, with quotes and needs."""

from __future__ import annotations

from dataclasses import dataclass

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
    catalogue need by its label (a new need's label is one of its quotes).

    A card counting requests must show some: when none of the needs of the theme's asking
    answers is a need of the theme (an answer on proposal writing that also mentions power
    dynamics was given a capacity need), its top requests are those needs
    ('request_other_theme', quoting the theme's answers); in a file without needs, its
    asking answers ('request' without a need)."""
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
        requests = _top_requests(ctx, theme, asking)
        base = {
            "theme_id": theme,
            "theme": ctx.label(theme),
            "praise_answers": len(praise),
            "request_answers": len(asking),
        }
        items = [
            {**base, **_item("success", rank, "", "", 1, {a.language: a.text})}
            for rank, a in enumerate(successes, 1)
        ]
        items += [
            {**base, **_item(requests.kind, rank, r.need_id, r.need, r.respondents, r.quotes)}
            for rank, r in enumerate(requests.items, 1)
        ]
        empty = {**base, "item": "", "rank": 0, "need_id": "", "need": "", "respondents": 0}
        rows.extend(items or [{**empty, **quote_columns({})}])
        cards.append(_theme_card(ctx, theme, praise, asking, successes, requests))
    body = p(ctx.t("by_theme_intro"), "intro")
    body += "".join(cards) if cards else p(ctx.t("no_answers"), "muted")
    tables = {"theme_details": pd.DataFrame(rows, columns=COLUMNS)}
    return Section("by-theme", ctx.t("by_theme"), body, tables)


@dataclass(frozen=True)
class Request:
    """One top request of a theme card: a need (id '' for an answer without one), its
    respondents, one quote per language (language -> answer, and -> its question) and
    its heading on the page ('' for an answer alone)."""

    need_id: str
    need: str
    respondents: int
    quotes: dict[str, str]
    questions: dict[str, str]
    heading: str


@dataclass(frozen=True)
class TopRequests:
    """A theme card's top requests, their `theme_details` item ('request': the theme's own
    needs, or asking answers where the file has no needs; 'request_other_theme': needs of
    other themes, which the theme's asking answers were given) and the key of the note
    the page writes before them ('' for none)."""

    kind: str
    items: list[Request]
    note: str = ""


def _top_requests(ctx: ReportContext, theme: str, asking: list[Answer]) -> TopRequests:
    """The theme's largest needs; without any, the largest needs of its asking answers,
    quoting those answers; without those, its asking answers themselves."""
    own = _largest([n for n in ctx.needs if theme in n.themes], theme)
    if own:
        return TopRequests(
            "request",
            [
                Request(
                    n.id, n.label, n.respondents, n.quotes, n.quote_questions, _need_heading(ctx, n)
                )
                for n in own
            ],
        )
    given = {need for answer in asking for need in answer.needs}
    others = _largest([n for n in ctx.needs if n.id in given], theme)
    if others:
        items = []
        for need in others:
            quoted = _by_language([a for a in asking if need.id in a.needs], theme)
            items.append(
                Request(
                    need.id,
                    need.label,
                    need.respondents,
                    {language: a.text for language, a in quoted.items()},
                    {language: a.question for language, a in quoted.items()},
                    f"{_need_heading(ctx, need)}{_other_themes(ctx, need)}",
                )
            )
        return TopRequests("request_other_theme", items, "requests_other_themes")
    quoted = pick_quotes(asking, theme, MAX_REQUESTS)
    items = [Request("", "", 1, {a.language: a.text}, {a.language: a.question}, "") for a in quoted]
    return TopRequests("request", items, "requests_without_needs" if items else "")


def _largest(needs: list[Need], theme: str) -> list[Need]:
    """The `MAX_REQUESTS` largest of `needs` (respondents, answers, the theme's best score),
    each quoting other answers than those before it."""
    ranked = sorted(
        needs, key=lambda n: (-n.respondents, -len(n.answers), -n.best_score(theme), n.id)
    )
    return distinct_quotes(ranked)[:MAX_REQUESTS]


def _by_language(answers: list[Answer], theme: str) -> dict[str, Answer]:
    """The answer quoted in each language: the most typical of the theme."""
    quoted: dict[str, Answer] = {}
    for answer in pick_quotes(answers, theme, len(answers)):
        quoted.setdefault(answer.language, answer)
    return quoted


def _item(
    kind: str, rank: int, need_id: str, need: str, respondents: int, quotes: dict[str, str]
) -> dict:
    """One `theme_details` row's item columns."""
    return {
        "item": kind,
        "rank": rank,
        "need_id": need_id,
        "need": need,
        "respondents": respondents,
        **quote_columns(quotes),
    }


def _theme_card(
    ctx: ReportContext,
    theme: str,
    praise: list[Answer],
    asking: list[Answer],
    successes: list[Answer],
    requests: TopRequests,
) -> str:
    """One theme's card: its counts, then its successes next to its top requests."""
    praised = ctx.t("label_value", label=ctx.t("praise"), value=f"<b>{ctx.n(len(praise))}</b>")
    asked = ctx.t("label_value", label=ctx.t("requests"), value=f"<b>{ctx.n(len(asking))}</b>")
    counts = f'<p class="counts">{praised} · {asked}</p>'
    if successes:
        left = (
            '<ul class="quotes">'
            + "".join(
                f"<li>{quote(a.text, a.language, ctx.source(a.question))}</li>" for a in successes
            )
            + "</ul>"
        )
    else:
        # Praise counted but none sure enough to quote (PRAISE_CONFIDENCE): "no praise on
        # this theme" under "Praise: 1" contradicted the count.
        left = p(ctx.t("no_sure_praise" if praise else "no_praise"), "muted")
    right = _requests_html(ctx, requests) if requests.items else p(ctx.t("no_request"), "muted")
    return (
        f'<article class="theme-card"><h3>{h(ctx.label(theme))}</h3>{counts}'
        f'<div class="grid"><div><h4>{ctx.t("successes")}</h4>{left}</div>'
        f"<div><h4>{ctx.t('top_requests')}</h4>{right}</div></div></article>"
    )


def _requests_html(ctx: ReportContext, requests: TopRequests) -> str:
    """A card's top requests: each need's heading over its quotes, or quotes alone (answers
    without a need), after a note when they are not the theme's own needs."""
    note = p(ctx.t(requests.note), "muted") if requests.note else ""
    items = "".join(
        f"<li>{_heading(r.heading)}{quote_list(r.quotes, ctx.sources(r.questions))}</li>"
        for r in requests.items
    )
    return f'{note}<ul class="needs">{items}</ul>'


def _heading(heading: str) -> str:
    """A top request's heading on a line of its own ('' for an answer without a need)."""
    return f'<span class="count">{heading}</span>' if heading else ""


def _need_heading(ctx: ReportContext, need: Need) -> str:
    """A top request's heading: a catalogue need's label and its respondents; a new need
    (whose label is one of the quotes below it) its respondents only."""
    respondents = respondents_label(need.respondents, ctx.lang)
    if need.id not in ctx.catalogue_ids:
        return respondents
    return f'{h(need.label)} <span class="muted">· {respondents}</span>'


def _other_themes(ctx: ReportContext, need: Need) -> str:
    """The themes of a need listed on another theme's card, after its heading."""
    labels = ctx.listed([h(ctx.label(t)) for t in need.themes])
    return f' <span class="muted">({labels})</span>' if labels else ""
