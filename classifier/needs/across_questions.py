"""A catalogue need raised in several questions of one file, counted over all of them.

`classifier tag` groups each question's asks on their own: "what do we do well?" and
"what should we improve?" are read apart, and a new need is a group of one question's
asks. A catalogue need, though, has the same id in every question, and whether it is a
collective need does not depend on where a respondent raised it: "Good webinars, but we
need them in Spanish" under *strengths* and "Interpretación en los webinars" under
*improve* are two respondents of one need. So the respondents of each catalogue need are
counted over all the file's questions (a respondent who raises it in two questions
counts once), and the need is recurring in every question when that count reaches
`min_respondents`, as the report counts it. New needs (`new-…`) stay counted in their
own question. Respondents are the grouping's keys (`units.respondent_ids`): a row without
a respondent id is one respondent in every question.

`classifier tag` counts so when it groups the questions (`counted_across_questions`);
`needs` and `review --needs`, which group one question of a tagged file again, add the
respondents the file's other questions give each need (`counted_with_other_questions`),
so that they list what the tagged file says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ..io.layout import tagged_questions
from ..vocab import split_ids
from .result import CATALOGUE, NeedsResult
from .units import Units


def catalogue_respondents(
    result: NeedsResult, answer_respondents: Iterable[tuple[int, str]]
) -> dict[str, set[str]]:
    """The respondents of each catalogue need of `result`, given each asking answer's
    respondent as (answer, respondent) pairs."""
    catalogue = {need.id for need in result.needs if need.kind == CATALOGUE}
    found: dict[str, set[str]] = {}
    for answer, respondent in answer_respondents:
        for need_id in result.answer_needs[answer]:
            if need_id in catalogue:
                found.setdefault(need_id, set()).add(respondent)
    return found


def counted_across_questions(
    grouped: Mapping[str, tuple[Units, NeedsResult]],
) -> dict[str, NeedsResult]:
    """Each question's needs (`grouped`: its asks and their needs), its catalogue needs'
    respondents counted over every question of `grouped` (see the module docstring)."""
    if len(grouped) < 2:
        return {question: result for question, (_, result) in grouped.items()}
    per_question = {
        question: catalogue_respondents(
            result, zip(units.answer_index.tolist(), units.respondents, strict=True)
        )
        for question, (units, result) in grouped.items()
    }
    everyone: dict[str, set[str]] = {}
    for found in per_question.values():
        for need_id, respondents in found.items():
            everyone.setdefault(need_id, set()).update(respondents)
    return {
        question: result.with_respondents(
            {need_id: len(everyone[need_id]) for need_id in per_question[question]}
        )
        for question, (_, result) in grouped.items()
    }


def counted_with_other_questions(
    result: NeedsResult, tagged: pd.DataFrame, question: str, respondents: Sequence[str]
) -> NeedsResult:
    """`result`, the needs of `question`'s answers in the `tagged` file (`respondents`:
    each row's key), its catalogue needs' respondents counted with those the file's
    other tagged questions give them in their `need_ids` columns."""
    others = [q for q in tagged_questions(tagged) if q != question and f"{q}_need_ids" in tagged]
    if not others:
        return result
    everyone = catalogue_respondents(result, enumerate(respondents))
    for other in others:
        for cell, respondent in zip(tagged[f"{other}_need_ids"], respondents, strict=True):
            for need_id in split_ids(cell):
                if need_id in everyone:
                    everyone[need_id].add(respondent)
    return result.with_respondents({need_id: len(keys) for need_id, keys in everyone.items()})
