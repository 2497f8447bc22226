"""What a developer tagging a survey of several questions from Python met (a walkthrough of
the Python API): need columns added without the question's prefix, read by the report
as every question's, and a list of questions given to `tag`. Each test failed before."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier.codebook import Codebook
from classifier.errors import ClassifierError, ColumnError
from classifier.model.estimator import ThemeClassifier
from classifier.needs import find_needs
from classifier.report import build_report

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
QUESTIONS = ["q_strengths", "q_improve"]
COLUMNS = {"respondent_column": "respondent_id", "language_column": "questionnaire_language"}


@pytest.fixture(scope="module")
def tagged() -> pd.DataFrame:
    """The sample's two questions tagged from Python, each with its prefix."""
    model = ThemeClassifier.load()
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    for question in QUESTIONS:
        frame = model.tag(frame, text_column=question, prefix=f"{question}_", **COLUMNS)
    return frame


def test_need_columns_without_the_questions_prefix_are_refused_by_the_report(tagged):
    """Each question's `answer_columns()` assigned unprefixed, the last overwriting the
    first: the report read them as both questions' needs (a need under every question,
    with the last question's recurrence), without a word."""
    frame = tagged
    for question in QUESTIONS:
        result = find_needs(frame, text_column=question, **COLUMNS)
        frame = frame.assign(**result.answer_columns())
    with pytest.raises(ColumnError, match=r"would all read the unprefixed column 'need_ids'"):
        build_report(frame, QUESTIONS, codebook=Codebook.load(), respondent_column="respondent_id")


def test_need_columns_with_the_questions_prefix_make_the_report(tagged):
    frame = tagged
    for question in QUESTIONS:
        result = find_needs(frame, text_column=question, **COLUMNS)
        frame = frame.assign(**{f"{question}_{k}": v for k, v in result.answer_columns().items()})
    report = build_report(
        frame, QUESTIONS, codebook=Codebook.load(), respondent_column="respondent_id"
    )
    assert len(report.tables["recurring_needs"]) > 5


def test_tag_given_a_list_of_questions_says_to_tag_one_per_call(tagged):
    with pytest.raises(ClassifierError, match="tag one question per call"):
        ThemeClassifier.load().tag(tagged, text_column=QUESTIONS)


def test_find_needs_without_the_respondent_column_says_it_may_be_why_needs_differ(tmp_path, cli):
    """A file `classifier tag` grouped with its `respondent_id` column, given to find_needs
    without naming it: every answer is then its own respondent, and the warning blamed
    another model or --min-respondents only."""
    output = tmp_path / "tagged.csv"
    options = [f"--{name.replace('_', '-')}={value}" for name, value in COLUMNS.items()]
    code, _, err = cli("tag", SAMPLE, "-o", output, "--text-column=q_improve", *options)
    assert code == 0, err
    frame = pd.read_csv(output, dtype=str, keep_default_na=False)
    with pytest.warns(Warning, match="no respondent column was read now") as caught:
        find_needs(frame, text_column="q_improve", language_column="questionnaire_language")
    assert any("respondent_column=" in str(w.message) for w in caught)
    # named, the needs are the file's: no warning at all
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        find_needs(frame, text_column="q_improve", **COLUMNS)
