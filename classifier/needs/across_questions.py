"""The asks of every question of a file, grouped into needs together.

A file can ask several open questions: "what do we do well?" and "what should
we improve?". Whether a need is collective does not depend on where a
respondent raised it: "Good webinars, but we need them in Spanish" under
*strengths* and "Interpretación en los webinars" under *improve* are two
respondents of one need, and two respondents who each ask for something no
catalogue need covers, under two questions, share a new need. So `classifier
tag`, `classifier needs` and `find_needs` on a tagged file group the asks of
all of the file's questions in one pass: matching, discovery, the second
chance and the respondent counts see them all, a respondent who raises a need
in two questions counts once, and a row without a respondent id is one
respondent in every question.

Each ask is known by its answer's *slot*, `row * questions + question`: the
slots of one row's questions are consecutive, so a file's asks can be
gathered row after row, chunk by chunk, without knowing how many rows the
file has. `NeedsResult.of_question` takes one question's answers back out of
the joint result, with the needs they raise counted over the whole file.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .units import Units


def in_slots(units: Units, question: int, questions: int) -> Units:
    """`units`, asks of question number `question` whose answer_index are rows, with
    their answers' slots among the file's `questions` questions instead."""
    if questions == 1:
        return units
    return replace(units, answer_index=units.answer_index * questions + question)


def question_rows(units: Units, question: int, questions: int) -> np.ndarray:
    """The rows of the answers of question number `question` among `units` (in slots)."""
    slots = units.answer_index
    return slots[slots % questions == question] // questions
