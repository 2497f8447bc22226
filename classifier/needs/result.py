"""What grouping gives: needs with their suggestions, and each answer's needs.

A need is a catalogue need matched by some asks, or a *new* need: a group of
asks no catalogue need matched (a candidate for the catalogue when several
respondents share it, a unique request when one respondent raises it). Each
need holds its suggestions: groups of asks that ask for the same specific
thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from ..errors import ClassifierError, UnknownIdError
from ..io.layout import NEED_COLUMNS
from ..vocab import (
    ALL_LANGUAGES,
    LANGUAGES,
    PART_OF_RECURRING,
    RECURRING,
    UNIQUE,
    normalize_declared,
)

CATALOGUE = "catalogue"
NEW = "new"
LABEL_CHARS = 80


@dataclass(frozen=True)
class Suggestion:
    """One specific ask inside a need, shared by one or more respondents."""

    id: str
    respondents: int
    answers: int
    languages: list[str]
    quote: str


@dataclass(frozen=True)
class Need:
    """A collective need raised in the batch: from the catalogue, or new."""

    id: str
    kind: str  # CATALOGUE or NEW
    label: dict[str, str]  # per language (a catalogue need) or its most central quote (new)
    themes: list[str]
    respondents: int
    answers: int
    languages: list[str]
    recurring: bool
    quotes: dict[str, str] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)
    closest: str | None = None  # a new need's closest catalogue need

    def label_in(self, language: str | None) -> str:
        """The label in `language` (English when unknown; a new need's quote as it is)."""
        if self.kind == NEW:
            return next(iter(self.label.values()))
        return self.label.get(language or "en") or self.label["en"]


def need_order(need: Need) -> tuple:
    """Where a need stands in a result: recurring first, then most respondents, most
    answers, catalogue before new, and its id."""
    return (not need.recurring, -need.respondents, -need.answers, need.kind, need.id)


@dataclass(frozen=True)
class NeedsResult:
    """Needs, recurring first then largest first, and each answer's needs and suggestions."""

    needs: list[Need]
    answer_needs: list[list[str]]  # per answer: need ids, largest need first
    answer_suggestions: list[list[str]]  # per answer: suggestion ids, same order
    min_respondents: int
    # Per answer: how sure the need head was of its best catalogue need, and which (None when
    # the answer asks nothing or the model has no need head).
    match_confidence: list[float | None] = field(default_factory=list)
    closest_need: list[str | None] = field(default_factory=list)
    # Per answer: its questionnaire language, when the export declares one (for need labels).
    answer_languages: list[str | None] = field(default_factory=list)

    @cached_property
    def _by_id(self) -> dict[str, Need]:
        """Needs by id (a file's asks look their need up once each: no scan of the list)."""
        return {need.id: need for need in self.needs}

    @cached_property
    def _suggestions_by_id(self) -> dict[tuple[str, str], Suggestion]:
        return {(n.id, s.id): s for n in self.needs for s in n.suggestions}

    def need(self, need_id: str) -> Need:
        """The need with this id (UnknownIdError when there is none)."""
        found = self._by_id.get(need_id)
        if found is None:
            raise UnknownIdError(f"no need {need_id!r} in this result")
        return found

    def of_question(self, question: int, questions: int) -> NeedsResult:
        """The part of a result grouped over every question of a file (`across_questions`)
        that answers question number `question` of `questions`: its answers' needs, and
        the needs they raise, counted over the whole file."""
        if questions == 1:
            return self
        answer_needs = self.answer_needs[question::questions]
        raised = {need_id for needs in answer_needs for need_id in needs}
        return replace(
            self,
            needs=[need for need in self.needs if need.id in raised],
            answer_needs=answer_needs,
            answer_suggestions=self.answer_suggestions[question::questions],
            match_confidence=self.match_confidence[question::questions],
            closest_need=self.closest_need[question::questions],
            answer_languages=self.answer_languages[question::questions],
        )

    def recurrence(self, answer: int) -> str:
        """RECURRING, PART_OF_RECURRING or UNIQUE for an asking answer, "" otherwise."""
        if not self.answer_needs[answer]:
            return ""
        need = self.need(self.answer_needs[answer][0])
        if not need.recurring:
            return UNIQUE
        suggestion_id = self.answer_suggestions[answer][0]
        suggestion = self._suggestions_by_id[(need.id, suggestion_id)]
        return RECURRING if suggestion.respondents >= self.min_respondents else PART_OF_RECURRING

    def ask_columns(self, answers) -> dict[str, dict[int, object]]:
        """The need columns of the answers `answers` only (the asks of a large file):
        {column: {answer: value}}, values as in `answer_columns`."""
        rows = sorted({int(i) for i in answers})
        languages = self.answer_languages or [None] * len(self.answer_needs)
        columns: dict[str, dict[int, object]] = {name: {} for name in NEED_COLUMNS}
        for answer in rows:
            for name, value in self._answer_values(answer, languages[answer]).items():
                columns[name][answer] = value
        return columns

    def _answer_values(self, answer: int, language: str | None) -> dict[str, object]:
        """One answer's need columns."""
        needs = self.answer_needs[answer]
        found = [self.need(need_id) for need_id in needs]
        return {
            "need_ids": ";".join(needs),
            "need_labels": " | ".join(_short(n.label_in(language)) for n in found),
            "need_respondents": found[0].respondents if found else None,
            "recurrence": self.recurrence(answer),
            "suggestion_ids": ";".join(self.answer_suggestions[answer]),
        }

    def answer_columns(self) -> dict[str, list]:
        """The tagged file's need columns, one value per answer.

        `need_labels` are in the answer's questionnaire language when the export
        declares one, else English; a new need's label is its most central quote.
        """
        languages = self.answer_languages or [None] * len(self.answer_needs)
        columns: dict[str, list] = {name: [] for name in NEED_COLUMNS}
        for answer in range(len(self.answer_needs)):
            for name, value in self._answer_values(answer, languages[answer]).items():
                columns[name].append(value)
        return columns

    def to_frame(self, label_language: str = "en") -> pd.DataFrame:
        """The needs as a DataFrame, one row per need, in the result's order; a catalogue
        need's `label` in `label_language` (a new need's is its most central quote).

        `label_language` is read as a declared language is (`fr-FR`, `FR`, `French`,
        `français` are `fr`); one that names no language the catalogue has is a
        ClassifierError: read as unknown, it gave English labels without a word."""
        code = normalize_declared(label_language)
        if code not in LANGUAGES:
            raise ClassifierError(
                f"label_language {label_language!r} is not a language of the needs' labels: "
                f"give {', '.join(LANGUAGES)}"
            )
        rows = []
        for need in self.needs:
            row = {
                "need_id": need.id,
                "kind": need.kind,
                "recurring": "yes" if need.recurring else "no",
                "respondents": need.respondents,
                "answers": need.answers,
                "suggestions": len(need.suggestions),
                "languages": ";".join(need.languages),
                "themes": ";".join(need.themes),
                "label": need.label_in(code),
                "closest_catalogue_need": need.closest or "",
            }
            for language in ALL_LANGUAGES:
                row[f"quote_{language}"] = need.quotes.get(language, "")
            rows.append(row)
        columns = [
            "need_id",
            "kind",
            "recurring",
            "respondents",
            "answers",
            "suggestions",
            "languages",
            "themes",
            "label",
            "closest_catalogue_need",
            *(f"quote_{language}" for language in ALL_LANGUAGES),
        ]
        return pd.DataFrame(rows, columns=columns)


def _short(label: str) -> str:
    """A label cut to LABEL_CHARS characters at a word boundary."""
    label = " ".join(label.split())
    if len(label) <= LABEL_CHARS:
        return label
    return label[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
