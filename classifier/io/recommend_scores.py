"""Recommendation scores (0-10, the net promoter question) as survey exports write them.

`classifier report` reads each respondent's score from these cells; `tag`, `review`
and `report` recognise an unnamed score column by them (`jobs.columns`): a column
headed with the recommendation question (or a word for a score) whose filled cells
are such scores, or a "don't know" option without digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..vocab import cell_text, is_blank

_SCORE = re.compile(r"^\s*(10|[0-9])(?:[.,]0+)?\s*(?:$|[-–—:(/])")
_DIGIT = re.compile(r"\d")
# A score written as a fraction, with a slash or in words as respondents say it and staff
# type it in ('9/10', '4 / 5', '9 sur 10', '9 de 10', '7 sobre 10', '9 out of 10'): its
# denominator is the scale it was given on.
_FRACTION = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/|\b(?:sur|de|sobre|out\s+of|of)\b)\s*(\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)


def parse_score(value: object) -> int | None:
    """A 0-10 recommendation score from a cell ('8', '8.0', '9/10', '9 sur 10', '10 -
    Extremely likely'), or None; None too for a score on another scale ('4/5': not a
    detractor's 4)."""
    text = cell_text(value)
    fraction = _FRACTION.match(text)
    if fraction:
        if not _out_of_ten(fraction):
            return None
        match = _SCORE.fullmatch(fraction.group(1))
    else:
        match = _SCORE.match(text)
    return int(match.group(1)) if match else None


def other_scale(value: object) -> bool:
    """Whether a score cell is a fraction of another scale than 0-10 ('4/5', '3 / 7',
    '4 sur 5')."""
    fraction = _FRACTION.match(cell_text(value))
    return fraction is not None and not _out_of_ten(fraction)


def _out_of_ten(fraction: re.Match[str]) -> bool:
    """Whether a `_FRACTION` match's denominator is 10."""
    return float(fraction.group(2).replace(",", ".")) == 10


def unreadable_score(value: object) -> bool:
    """Whether a score cell holds digits but no 0-10 score ('8 ou 9', '9.5'); a cell
    without digits ('No sabe', 'N/A': the question's "don't know" option) is not."""
    text = cell_text(value)
    return bool(_DIGIT.search(text)) and parse_score(text) is None


def column_scores(cells: Iterable[object]) -> list[int]:
    """The 0-10 scores of a column of recommendation scores, [] when it is none: a column
    is one when at least half its filled cells are scores and every other one holds no
    digit (`N/A`, `No sabe`, `Ne sait pas`: the question's "don't know" option, which the
    report leaves out). A column of comments (mostly words) is none, and so is one holding
    a number that is no 0-10 score (`9.5`, `4/5`: another scale)."""
    filled = [cell_text(cell) for cell in cells if not is_blank(cell)]
    scores = [parse_score(cell) for cell in filled]
    found = [score for score in scores if score is not None]
    others = [cell for cell, score in zip(filled, scores, strict=True) if score is None]
    if len(found) < max(1, len(others)) or any(_DIGIT.search(cell) for cell in others):
        return []
    return found


@dataclass
class ScoreTally:
    """The filled cells of a column staff named as the score column, and how many of them
    hold a 0-10 score, counted part by part (`add`): `classifier tag` counts a whole
    file's column chunk after chunk, in flat memory, in the read it makes before tagging
    (`jobs.prepass`)."""

    filled: int = 0
    scores: int = 0

    def add(self, cells: Iterable[object]) -> None:
        """Count a part of the column."""
        for cell in cells:
            if not is_blank(cell):
                self.filled += 1
                self.scores += parse_score(cell) is not None

    def problem(self, column: str) -> str | None:
        """What is wrong with the column when fewer than half its filled cells (or none)
        hold a 0-10 score (a region, member type or comment column named by mistake),
        else None."""
        if self.filled and 2 * self.scores >= self.filled:
            return None
        return (
            f"score column {column!r} is meant to hold the 0-10 recommendation scores, but "
            f"{self.scores} of its {self.filled} filled cell(s) hold one (a whole number from "
            "0 to 10; '9/10' and '9 sur 10' are read as 9): the net promoter score is read "
            "from it. Check the column's name, or leave the score column out"
        )


def few_scores(column: str, cells: Iterable[object]) -> str | None:
    """`ScoreTally.problem` of a column read whole (`cells`)."""
    tally = ScoreTally()
    tally.add(cells)
    return tally.problem(column)
