"""Hostile inputs, sixth hunt: staff workflows of several steps (review, edit, train; the
needs sheet round trip; reports across years) and other tools calling the Python API."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.errors import ClassifierError

from conftest import EXAMPLES


def test_a_tables_rows_given_as_answers_are_refused_not_read_as_missing(model):
    """`df[["answer"]].values` is a column of one-cell rows: each row was read as a missing
    answer, so every answer came back with no theme and the stance neutral, without a
    word."""
    frame = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str).head(3)
    with pytest.raises(ClassifierError, match=r"2-dimensional array of shape \(3, 1\)"):
        model.predict(frame[["q_improve"]].values)
    with pytest.raises(ClassifierError, match=r"position\(s\) 0, 1, 2 are lists"):
        model.predict(frame[["q_improve"]].values.tolist())
    with pytest.raises(ClassifierError, match=r"position\(s\) 1 are tuples"):
        model.fit(["More training", ("Plus de formations",)], [["capacity_development"]] * 2)
    # A column, whatever its index, and missing answers among texts, are still answers.
    column = frame["q_improve"].set_axis([7, 3, 5])
    assert [p.text for p in model.predict(column)] == frame["q_improve"].tolist()
