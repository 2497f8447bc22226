"""Hostile inputs found by hunt 39: `build_report` and `find_needs` given the question's own
column as the respondent, score or language column (refused by the commands, read by the
Python API as ids or languages without a word); `build_report` given its questions or
segment columns as a pandas Index, Series or numpy array (`tagged.columns[4:6]`); an XLSX
export whose row 1 is a heading merged over a group of columns, above the column names
(the names were tagged as an answer); and a CSV cell that opens a quote no quote closes
(pandas' "EOF inside string starting at row 150"). Each test failed before its fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from classifier import Codebook
from classifier.errors import ColumnError
from classifier.needs import find_needs
from classifier.report import build_report

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


# ------------------------------------------------------------- the question in another role
@pytest.mark.parametrize(
    ("option", "role"),
    [
        ("respondent_column", "respondent"),
        ("score_column", "score"),
        ("language_column", "language"),
        ("compare_respondent_column", "respondent"),
    ],
)
def test_build_report_refuses_the_question_as_another_column(improve_tagged, option, role):
    # Before, `respondent_column="q_improve"` made each answer its own respondent, and a
    # score or language column of answers was read without a word, though
    # `classifier report --respondent-column q_improve` refuses it.
    given = {option: "q_improve"}
    if option.startswith("compare"):
        given["compare"] = improve_tagged
    with pytest.raises(ColumnError) as caught:
        build_report(improve_tagged, "q_improve", codebook=Codebook.load(), **given)
    assert f"column 'q_improve' is given as both a text column and the {role} column" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("option", "role"),
    [("respondent_column", "respondent"), ("language_column", "language")],
)
def test_find_needs_refuses_the_question_as_another_column(model, improve_tagged, option, role):
    # Before, the answers were read as respondent ids (each its own respondent: no need
    # could recur) or as declared languages, with no word but a warning blaming the model.
    with pytest.raises(ColumnError) as caught:
        find_needs(improve_tagged, model=model, text_column="q_improve", **{option: "q_improve"})
    assert f"column 'q_improve' is given as both a text column and the {role} column" in str(
        caught.value
    )


# ------------------------------------------------------------- columns given as pandas objects
@pytest.mark.parametrize(
    "make",
    [pd.Index, pd.Series, lambda names: np.array(names, dtype=object)],
    ids=["Index", "Series", "ndarray"],
)
def test_build_report_takes_columns_given_as_pandas_or_numpy_objects(improve_tagged, make):
    # Before, `segment_columns=tagged.columns[3:5]` (an Index) or a Series of names ended in
    # "ValueError: The truth value of a Index is ambiguous".
    codebook = Codebook.load()
    as_lists = build_report(
        improve_tagged,
        ["q_improve"],
        codebook=codebook,
        segment_columns=["region", "member_type"],
    )
    given = build_report(
        improve_tagged,
        make(["q_improve"]),
        codebook=codebook,
        segment_columns=make(["region", "member_type"]),
    )
    assert given.html == as_lists.html
