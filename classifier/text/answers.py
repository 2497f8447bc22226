"""A batch of answers as the Python API takes it (`predict`, `analyze`, `fit`,
`detect_languages`): one text per answer, with one value per answer alongside (declared
languages, respondent ids). What would be read otherwise than meant (a string one
character at a time, a table by its column names, bytes or a table's rows as missing
answers) is refused with a ClassifierError saying what to pass."""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence, Set

import numpy as np
import pandas as pd

from ..errors import ClassifierError
from ..io.tables import first_ten
from ..vocab import is_blank


def check_answers(X: object, **alongside: Sequence[object] | None) -> None:
    """Refuse what is not a sequence of answers, with the values given `alongside` it
    (languages, respondents: one per answer).

    A bare string is refused (as scikit-learn's text vectorizers do): iterated, it
    would be tagged one character at a time. So is a generator, which has no length
    to check or cut into chunks, and a table or a mapping, which iterate over their
    column names or keys, not their rows.
    """
    if isinstance(X, (str, bytes)):
        raise ClassifierError(
            "expected a list of answers, got a single string: pass [text] for one answer"
        )
    if one_value(X):
        raise ClassifierError(
            "expected a list of answers, got a 0-dimensional array (one value, as "
            "np.asarray(text) gives): pass [text] for one answer"
        )
    if isinstance(X, pd.DataFrame):
        raise ClassifierError(
            "expected a list of answers, got a DataFrame (iterated, it gives its column "
            "names): pass its text column (df['answer']), or use tag(df, text_column=...)"
        )
    if isinstance(X, Mapping):
        raise ClassifierError(
            f"expected a list of answers, got a {type(X).__name__} (iterated, it gives its "
            "keys): pass list(d.values())"
        )
    if not hasattr(X, "__len__") or not hasattr(X, "__getitem__"):
        raise ClassifierError(
            f"expected a list of answers, got a {type(X).__name__}: pass list(...) of it"
        )
    if getattr(X, "ndim", 1) > 1:
        raise ClassifierError(
            f"expected a list of answers, got a {X.ndim}-dimensional array of shape {X.shape} "
            "(a table's rows, as df[['answer']].values gives them): pass one text per answer, "
            "such as df['answer']"
        )
    undecoded = [position for position, answer in enumerate(X) if isinstance(answer, bytes)]
    if undecoded:  # read as missing answers, they would be tagged as empty without a word
        raise ClassifierError(
            f"answer(s) at position(s) {first_ten(undecoded)} are bytes, not text: decode them "
            "first (answer.decode('utf-8'), or the file's encoding)"
        )
    nested = [position for position, answer in enumerate(X) if holds_values(answer)]
    if nested:  # read as missing answers too: a list of rows, not of texts
        raise ClassifierError(
            wrong_values(
                "answer(s)",
                nested,
                X,
                "not text: pass one text per answer (a table's column as df['answer'], not its "
                "rows)",
            )
        )
    for name, values in alongside.items():
        check_alongside(name, values, len(X))
    respondents = alongside.get("respondents")
    if respondents is not None:  # ids group a person's answers: each must be a key
        unusable = [i for i, value in enumerate(respondents) if not hashable(value)]
        if unusable:
            raise ClassifierError(
                wrong_values(
                    "respondents",
                    unusable,
                    respondents,
                    "not ids: give one id (a text or a number) per answer",
                )
            )


def check_answer(text: object) -> None:
    """Refuse what is not one answer (`detect_language`, `language_shares`): a string, a
    number (read as its text) or a missing value. Bytes (a file read in binary) and several
    answers (`df["answer"]`, a list) would be read as a missing answer: "und" without a
    word."""
    if isinstance(text, bytes):
        raise ClassifierError(
            "the answer is bytes, not text: decode it first (answer.decode('utf-8'), or the "
            "file's encoding)"
        )
    if not isinstance(text, (str, numbers.Number)) and not _missing(text):
        raise ClassifierError(
            f"expected one answer (a text), got a {type(text).__name__}: pass one text, or "
            "detect_languages(texts) for the languages of several answers"
        )


def _missing(value: object) -> bool:
    """Whether `value` is one missing value (None, NaN, pandas' NA); a container is not."""
    return not holds_values(value) and not isinstance(value, pd.DataFrame) and is_blank(value)


def check_alongside(name: str, values: object, count: int) -> None:
    """Refuse `values` given alongside `count` answers (`name`: languages, respondents)
    unless it is None or holds one value per answer: a string, a table or a mapping would
    be read as characters, column names or keys, and an object without a length (a model
    given in its place) cannot be lined up with the answers."""
    if isinstance(values, (str, bytes, Mapping, pd.DataFrame)) or one_value(values):
        raise ClassifierError(
            f"{name} must hold one value per answer, got a "
            + ("0-dimensional array" if one_value(values) else type(values).__name__)
            + (f": pass [{values!r}] * len(answers)" if isinstance(values, str) else "")
        )
    if values is not None and not hasattr(values, "__len__"):
        raise ClassifierError(
            f"{name} must hold one value per answer, got a {type(values).__name__}: pass "
            "list(...) of it"
        )
    if values is not None and len(values) != count:
        raise ClassifierError(f"{name} has {len(values)} values for {count} answers")


def wrong_values(name: str, positions: list[int], values: Sequence[object], what: str) -> str:
    """The message for the `values` at `positions` (0-based) that are not what `name`
    holds: where they are, the type of the first, then `what` they must be instead."""
    first = list(values)[positions[0]]
    return f"{name} at position(s) {first_ten(positions)} are {type(first).__name__}s, {what}"


def holds_values(answer: object) -> bool:
    """Whether an answer is a container of values (a list, a tuple, an array, a row of a
    table): the model would read it as a missing answer."""
    return not isinstance(answer, (str, bytes)) and isinstance(
        answer, (Sequence, Set, Mapping, np.ndarray, pd.Series)
    )


def one_value(values: object) -> bool:
    """Whether `values` is a 0-dimensional array (`np.asarray(text)`): one value, which
    claims a length it does not have ("TypeError: iteration over a 0-d array")."""
    return getattr(values, "ndim", 1) == 0


def hashable(value: object) -> bool:
    """Whether `value` can be a dictionary key (a list or a dict cannot)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True
