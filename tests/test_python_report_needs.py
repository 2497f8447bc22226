"""A report built from Python has the needs the command's report has: `ThemeClassifier.tag`
writes no need columns (its page said "tag it with a model that predicts stances", which
the model did), and README's Python example adds them from `find_needs`."""

from __future__ import annotations

import pandas as pd

from classifier import Codebook
from classifier.needs import find_needs
from classifier.report import build_report

from conftest import EXAMPLES


def test_a_python_tagged_frame_with_find_needs_columns_reports_its_needs(model):
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    tagged = model.tag(
        sample, text_column="q_improve", language_column="questionnaire_language",
        respondent_column="respondent_id",
    )  # fmt: skip
    codebook = Codebook.load()
    without = build_report(
        tagged, ["q_improve"], codebook=codebook, respondent_column="respondent_id"
    )
    assert "find_needs" in without.html  # the page says where the needs come from
    result = find_needs(
        tagged, text_column="q_improve", respondent_column="respondent_id",
        language_column="questionnaire_language", model=model,
    )  # fmt: skip
    report = build_report(
        tagged.assign(**result.answer_columns()),
        ["q_improve"],
        codebook=codebook,
        respondent_column="respondent_id",
    )
    recurring = report.tables["recurring_needs"]
    assert len(recurring) == sum(need.recurring for need in result.needs) > 0
