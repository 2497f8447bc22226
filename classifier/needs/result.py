"""What grouping gives: needs, and each answer's need ids."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import UnknownIdError
from ..vocab import ALL_LANGUAGES, ONE_OFF, RECURRING


@dataclass(frozen=True)
class Need:
    """One specific need shared by one or more respondents."""

    id: str
    label: str
    key_terms: list[str]
    themes: list[str]
    respondents: int
    answers: int
    languages: list[str]
    recurrence: str
    quotes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NeedsResult:
    """Needs, largest first (recurring then one-off), and each answer's need ids."""

    needs: list[Need]
    answer_needs: list[list[str]]
    min_respondents: int

    def need(self, need_id: str) -> Need:
        """The need with this id (UnknownIdError when there is none)."""
        found = next((n for n in self.needs if n.id == need_id), None)
        if found is None:
            raise UnknownIdError(f"no need {need_id!r} in this result")
        return found

    def answer_columns(self) -> dict[str, list]:
        """Per-answer columns: need_ids, need_respondents (largest need), recurrence."""
        sizes = {n.id: n.respondents for n in self.needs}
        ids, counts, recurrence = [], [], []
        for answer in self.answer_needs:
            largest = max((sizes[i] for i in answer), default=0)
            ids.append(";".join(answer))
            counts.append(largest if answer else None)
            recurrence.append(
                "" if not answer else RECURRING if largest >= self.min_respondents else ONE_OFF
            )
        return {"need_ids": ids, "need_respondents": counts, "recurrence": recurrence}

    def to_frame(self):
        """The needs as a DataFrame, one row per need, in the result's order."""
        rows = []
        for need in self.needs:
            row = {
                "need_id": need.id,
                "recurrence": need.recurrence,
                "respondents": need.respondents,
                "answers": need.answers,
                "languages": ";".join(need.languages),
                "themes": ";".join(need.themes),
                "label": need.label,
                "key_terms": ", ".join(need.key_terms),
            }
            for language in ALL_LANGUAGES:
                row[f"quote_{language}"] = need.quotes.get(language, "")
            rows.append(row)
        columns = [
            "need_id",
            "recurrence",
            "respondents",
            "answers",
            "languages",
            "themes",
            "label",
            "key_terms",
            *(f"quote_{language}" for language in ALL_LANGUAGES),
        ]
        return pd.DataFrame(rows, columns=columns)
