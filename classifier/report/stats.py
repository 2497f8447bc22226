"""The report's numbers: theme counts and shares, needs, quotes and net promoter scores.

Pure functions of a `Survey` (no HTML, no table layout). Every ranking has
explicit tie-breakers (theme rank, text, row, question, id), so the same data
gives the same result whatever the input's row order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..catalogue import NeedsCatalogue
from ..vocab import (
    ALL_LANGUAGES,
    DEFAULT_MIN_RESPONDENTS,
    LANGUAGES,
    PART_OF_RECURRING,
    RECURRING,
)
from .i18n import text
from .survey import Answer, Respondent, Survey

RECURRING_VALUES = (RECURRING, PART_OF_RECURRING)
SHARES_SIZE = "__answers__"  # key of a group's number of answers in `theme_shares`


def pct(part: float, whole: float) -> float:
    """`part` as a percentage of `whole` (NaN when `whole` is 0: the share is undefined)."""
    return 100.0 * part / whole if whole else math.nan


def theme_counts(answers: Iterable[Answer]) -> Counter:
    """Theme id -> number of the answers mentioning it."""
    return Counter(theme for answer in answers for theme in answer.themes)


def frequency_order(
    answers: Sequence[Answer], theme_ids: Sequence[str], rank: Mapping[str, int]
) -> list[str]:
    """Theme ids by number of answers mentioning them, most first (ties: codebook order)."""
    counts = theme_counts(answers)
    return sorted(theme_ids, key=lambda t: (-counts[t], rank[t]))


# A figure on fewer scores or answers than this is marked on the page as an indication: on
# 20 scores, one respondent moves a net promoter score by 5 points (its 95 % margin of error
# is commonly some ±40 points), and on 20 answers one answer moves a share by 5 points.
SMALL_BASE = 30


def theme_shares(survey: Survey) -> dict[str, dict[str, float]]:
    """Share (%) of answers mentioning each theme: key 'all' and one per language.

    Each group also holds its number of answers under `SHARES_SIZE`.
    """
    groups = {"all": survey.answers}
    for language in LANGUAGES:
        groups[language] = [a for a in survey.answers if a.language == language]
    shares = {}
    for group, answers in groups.items():
        counts = theme_counts(answers)
        shares[group] = {theme: pct(count, len(answers)) for theme, count in counts.items()}
        shares[group][SHARES_SIZE] = len(answers)
    return shares


def share_of(shares: dict[str, float], theme: str) -> float:
    """A theme's share in a group (0 when absent, NaN when the group has no answer)."""
    if not shares[SHARES_SIZE]:
        return math.nan
    return shares.get(theme, 0.0)


@dataclass
class NeedSuggestion:
    """One specific ask of a need: who raised it, in which languages, one quote (and the
    language of the answer quoted, which is not always the first of `languages`)."""

    id: str
    respondents: int
    languages: list[str]
    quote: str
    quote_language: str
    quote_question: str  # the question of the answer quoted


@dataclass
class Need:
    """One need id of the answers: who raised it, in which languages, its themes and quotes."""

    id: str
    label: str  # in the report's language for a catalogue need, else the tagged file's label
    # as the tagged file says (its `recurrence` column), or counted whole for a need merged
    # in the catalogue since, or over the rows given when its counts differ (`_recount`)
    recurring: bool
    questions: list[str]
    answers: list[Answer]
    respondents: int
    languages: list[str]
    themes: list[str]
    quotes: dict[str, str]
    quote_questions: dict[str, str]  # language -> the question of the answer quoted
    suggestions: list[NeedSuggestion]
    # The catalogue need's sub-topic (its id, its theme and its label in the report's
    # language); empty for a new need or a need without one.
    subtopic: str = ""
    subtopic_theme: str = ""
    subtopic_label: str = ""
    # The tagged file's `need_respondents` gives the need another number of respondents than
    # its rows now have (rows deleted or added since it was tagged, or respondent or need
    # ids edited): it is recurring as counted over the rows given (`_recount`).
    recounted: bool = False

    def best_score(self, theme: str) -> float:
        """The highest score of `theme` among the need's answers."""
        return max((a.scores.get(theme, 0.0) for a in self.answers), default=0.0)


def collect_needs(
    survey: Survey,
    theme_rank: Mapping[str, int],
    catalogue: NeedsCatalogue | None = None,
    lang: str = "en",
) -> list[Need]:
    """Every need id of the answers, recurring first, then largest (respondents, answers, id).

    Whether a need is recurring comes from the tagged file: an answer whose
    `recurrence` is `recurring` or `part of recurring need` makes its first
    need recurring (a file without a `recurrence` column counts
    DEFAULT_MIN_RESPONDENTS respondents instead), but for needs merged since or
    whose respondents differ from the file's `need_respondents` (`_recount`). A
    need's label is the catalogue's in `lang`, else the tagged file's `need_labels`.
    Its themes are `_need_themes`; its quote in each language is the shortest
    answer, preferring answers where it is the first need.
    """
    grouped: dict[str, list[Answer]] = {}
    for answer in survey.answers:
        for need in answer.needs:
            grouped.setdefault(need, []).append(answer)
    with_recurrence = any(answer.recurrence for answer in survey.answers)
    needs = []
    for need_id, answers in grouped.items():
        need_themes = _need_themes(need_id, answers, theme_rank, catalogue)
        quoted = {
            language: _shortest(need_id, [a for a in answers if a.language == language])
            for language in ALL_LANGUAGES
            if any(a.language == language for a in answers)
        }
        quotes = {language: answer.text for language, answer in quoted.items()}
        # With the respondents who raised it under the file's questions left out of the report.
        respondents = len({a.respondent for a in answers} | survey.elsewhere.get(need_id, set()))
        recurring = (
            any(a.needs[0] == need_id and a.recurrence in RECURRING_VALUES for a in answers)
            if with_recurrence
            else respondents >= DEFAULT_MIN_RESPONDENTS
        )
        subtopic = catalogue.subtopic_of(need_id) if catalogue is not None else None
        written = {
            answer.need_counts[position]
            for answer in answers
            if (position := answer.needs.index(need_id)) < len(answer.need_counts)
        } - {None}
        needs.append(
            Need(
                id=need_id,
                label=_label(need_id, answers, catalogue, lang),
                recurring=recurring,
                questions=[q for q in survey.questions if any(a.question == q for a in answers)],
                answers=answers,
                respondents=respondents,
                languages=[code for code in ALL_LANGUAGES if code in quotes],
                themes=need_themes,
                quotes=quotes,
                quote_questions={language: a.question for language, a in quoted.items()},
                suggestions=_suggestions(need_id, answers),
                subtopic=subtopic.id if subtopic else "",
                subtopic_theme=subtopic.theme if subtopic else "",
                subtopic_label=subtopic.label_in(lang) if subtopic else "",
                recounted=bool(written)
                and written != {respondents}
                and need_id not in survey.merged_needs,
            )
        )
    _recount(needs, survey.merged_needs)
    needs.sort(key=lambda n: (not n.recurring, -n.respondents, -len(n.answers), n.id))
    return needs


def _recount(needs: list[Need], merged: frozenset[str]) -> None:
    """Judge again, by the fewest respondents the file's other needs show recurring
    (`recurring_from`), the needs whose `recurrence` the file did not judge on the rows
    given. A need merged since the file was tagged (several of its need ids now one
    catalogue need, `Survey.merged_needs`) is made recurring when its respondents together
    reach it: the file judged each part alone, so two needs of one respondent each, merged,
    are one need of two. A need `recounted` (rows deleted or added since tagging) is
    recurring when its respondents in the rows given reach it: a need of two respondents,
    one's rows deleted, was listed as recurring with 1 respondent under "recurring when 2
    or more respondents raise it"."""
    if not merged and not any(need.recounted for need in needs):
        return
    least = recount_threshold(needs, merged)
    for need in needs:
        if need.id in merged and need.respondents >= least:
            need.recurring = True
        elif need.recounted:
            need.recurring = need.respondents >= least


def recount_threshold(needs: Sequence[Need], merged: frozenset[str]) -> int:
    """The fewest respondents that make a need judged again (`_recount`) recurring: as the
    file's other needs show it (`recurring_from`), those it judged on the rows given."""
    return recurring_from([n for n in needs if n.id not in merged and not n.recounted])


def recurring_from(needs: list[Need]) -> int:
    """The fewest respondents that make a need recurring, as the tagged file's needs show
    it: one more than the largest need it does not call recurring (needs of that size or
    more are all recurring, whatever --min-respondents the file was tagged with; the
    page must not say two when it was tagged with three). With every need recurring, the
    default or the smallest need, whichever is fewer."""
    others = [need.respondents for need in needs if not need.recurring]
    if others:
        return max(others) + 1
    return min([DEFAULT_MIN_RESPONDENTS] + [need.respondents for need in needs])


def _need_themes(
    need_id: str,
    answers: Sequence[Answer],
    theme_rank: Mapping[str, int],
    catalogue: NeedsCatalogue | None,
) -> list[str]:
    """A need's themes, most frequent among its answers first.

    A catalogue need's are its catalogue themes that its answers mention: the
    catalogue says what the need is about, the answers which of that this survey
    raised. So a need is not listed under a theme only because one of its answers
    also talks of something else (a "small grants" need under *membership*), as
    `classifier needs` never lists it. When its answers mention none of its
    catalogue themes (matched on words the theme model read otherwise), and for
    a new need, its themes are those of at least half its answers (when none
    is, the most frequent ones).
    """
    counts = theme_counts(answers)
    if catalogue is not None and need_id in catalogue.need_ids:
        defined = [t for t in catalogue.need(need_id).themes if counts.get(t)]
        if defined:
            return sorted(defined, key=lambda t: (-counts[t], theme_rank[t]))
    top = max(counts.values(), default=0)
    threshold = max(1, min(top, math.ceil(len(answers) / 2)))
    return sorted(
        (t for t in counts if counts[t] >= threshold), key=lambda t: (-counts[t], theme_rank[t])
    )


def _shortest(need_id: str, answers: Sequence[Answer]) -> Answer:
    """The answer quoted for a need: the shortest, preferring those where it is the first need."""
    return min(
        answers, key=lambda a: (a.needs[0] != need_id, len(a.text), a.text, a.row, a.question)
    )


def _label(
    need_id: str, answers: Sequence[Answer], catalogue: NeedsCatalogue | None, lang: str
) -> str:
    """A need's label: the catalogue's in `lang`, else the tagged file's (`tag` writes it in
    each answer's questionnaire language: an answer in `lang` gives it first), else its
    quote."""
    if catalogue is not None and need_id in catalogue.need_ids:
        return catalogue.label(need_id, lang)
    for answer in sorted(answers, key=lambda a: (a.language != lang, a.row, a.question)):
        position = answer.needs.index(need_id)
        if position < len(answer.need_labels):
            return answer.need_labels[position]
    return _shortest(need_id, answers).text


def _suggestions(need_id: str, answers: Sequence[Answer]) -> list[NeedSuggestion]:
    """The need's specific suggestions (the tagged file's `suggestion_ids`), largest first."""
    grouped: dict[str, list[Answer]] = {}
    for answer in answers:
        position = answer.needs.index(need_id)
        if position < len(answer.suggestions):
            grouped.setdefault(answer.suggestions[position], []).append(answer)
    found = []
    for suggestion, members in grouped.items():
        quoted = _shortest(need_id, members)
        found.append(
            NeedSuggestion(
                id=suggestion,
                respondents=len({a.respondent for a in members}),
                languages=[
                    code for code in ALL_LANGUAGES if any(a.language == code for a in members)
                ],
                quote=quoted.text,
                quote_language=quoted.language,
                quote_question=quoted.question,
            )
        )
    found.sort(key=lambda s: (-s.respondents, s.quote, s.id))
    return found


def distinct_quotes(needs: Iterable[Need]) -> list[Need]:
    """Needs in the same order, without those quoting the same answers as an earlier one."""
    seen: set[tuple] = set()
    kept = []
    for need in needs:
        key = tuple(sorted(need.quotes.items()))
        if key not in seen:
            seen.add(key)
            kept.append(need)
    return kept


def pick_quotes(answers: Sequence[Answer], theme: str, limit: int) -> list[Answer]:
    """Up to `limit` distinct answers, most typical of the theme first, varied in language."""
    ranked = sorted(
        answers, key=lambda a: (-a.scores.get(theme, 0.0), len(a.text), a.text, a.row, a.question)
    )
    unique: list[Answer] = []
    seen: set[str] = set()
    for answer in ranked:
        if answer.text.casefold() not in seen:
            seen.add(answer.text.casefold())
            unique.append(answer)
    picked: list[Answer] = []
    languages: set[str] = set()
    for answer in unique:  # first the best answer of each language, then the next best
        if len(picked) < limit and answer.language not in languages:
            picked.append(answer)
            languages.add(answer.language)
    for answer in unique:
        if len(picked) < limit and answer not in picked:
            picked.append(answer)
    return sorted(picked, key=unique.index)


def quote_columns(quotes: Mapping[str, str]) -> dict[str, str]:
    """One `quote_<language>` table column per language ('' where there is no quote)."""
    return {f"quote_{lang}": quotes.get(lang, "") for lang in ALL_LANGUAGES}


@dataclass
class Nps:
    """Counts of a group's scored respondents by category, and its net promoter score."""

    scored: int
    promoters: int
    passives: int
    detractors: int

    @property
    def value(self) -> float:
        """Promoters minus detractors, in % of the scored respondents (NaN without any)."""
        return pct(self.promoters - self.detractors, self.scored)


def nps(respondents: Iterable[Respondent]) -> Nps:
    """The net promoter score of the respondents who gave a score."""
    categories = Counter(r.category for r in respondents if r.category)
    return Nps(
        scored=sum(categories.values()),
        promoters=categories["promoter"],
        passives=categories["passive"],
        detractors=categories["detractor"],
    )


def segment_order(value: str) -> tuple[str | int, ...]:
    """A segment value's sort key: its text case-folded, each run of digits read as a
    number, so that sizes, years and numbered regions come in order (1, 2, 10; "Zone 2"
    before "Zone 10"), not as text (1, 10, 2). Text and numbers alternate in the key, so
    two keys only ever compare text with text and numbers with numbers."""
    parts = re.split(r"(\d+)", value.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def segment_groups(respondents: Sequence[Respondent], column: str) -> dict[str, list[Respondent]]:
    """The respondents of each value of segment `column`, values that differ only in case
    (`EUROPE`, `Europe`: a value retyped editing the tagged file) being one group, named as
    most of its respondents write it (ties: the first in code-point order). Each its own
    group, they were two lines of one region, each with a smaller base and its own score.
    Members are gathered in one pass: a column of one value per respondent (an e-mail given
    as a segment) made a loop over values quadratic, 16 s for 3,000 respondents."""
    by_key: dict[str, list[Respondent]] = {}
    for respondent in respondents:
        by_key.setdefault(respondent.segments[column].casefold(), []).append(respondent)
    groups: dict[str, list[Respondent]] = {}
    for members in by_key.values():
        spellings = Counter(member.segments[column] for member in members)
        groups[min(spellings, key=lambda value: (-spellings[value], value))] = members
    return groups


def nps_groups(
    survey: Survey, segment_columns: Sequence[str], lang: str
) -> list[tuple[str, str, str, Nps]]:
    """(dimension, value, label, NPS): overall, by language, then by each segment column.

    Labels are in the report language `lang`; segment values are grouped whatever their
    case (`segment_groups`) and sorted case-insensitively, numbers in them by value
    (`segment_order`), with the empty value ('not given') last.
    """
    scored = survey.scored
    groups = [("overall", "", text("overall", lang), nps(scored))]
    for language in ALL_LANGUAGES:
        members = [r for r in scored if r.language == language]
        if members:
            groups.append(("language", language, text(f"lang_{language}", lang), nps(members)))
    for column in segment_columns:
        by_value = segment_groups(scored, column)
        for value in sorted(by_value, key=lambda v: (v == "", segment_order(v), v)):
            groups.append((column, value, value or text("not_given", lang), nps(by_value[value])))
    return groups
