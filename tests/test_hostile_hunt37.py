"""Hostile inputs found by hunt 37: `tag --score-column` naming a column that holds no
0-10 recommendation scores (a region, a member type), accepted without a word until
`report`, long after, found no net promoter score in it; and a list given as one
question or segment column of `build_report`, refused as a column "not found" named by
the list's text. Each test failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier import ClassifierError, Codebook
from classifier.errors import DataWarning
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns
from classifier.report import build_report

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


# ------------------------------------------------------------- a score column of no scores
def test_tag_warns_at_once_of_a_score_column_that_holds_no_scores(cli, tmp_path):
    # Before, `tag --score-column region` only logged "score: region" and tagged the file;
    # now a warning, before any tagging, counts the column's cells that hold a 0-10 score.
    code, _, err = cli(
        "tag", SAMPLE, "-o", tmp_path / "t.csv", "--text-column", "q_improve",
        "--score-column", "region",
    )  # fmt: skip
    assert code == 0, err
    assert "score column 'region' is meant to hold the 0-10 recommendation scores" in err
    assert "0 of its 150 filled cell(s) hold one" in err
    assert err.index("score column 'region'") < err.index("tagged 150 rows")
    # The warning is for a column of no scores only: the sample's score column gives none.
    code, _, err = cli(
        "tag", SAMPLE, "-o", tmp_path / "t2.csv", "--text-column", "q_improve",
        "--score-column", "recommend_score",
    )  # fmt: skip
    assert code == 0, err
    assert "is meant to hold the 0-10 recommendation scores" not in err


# ------------------------------------------------------------- a list for a report column
@pytest.mark.parametrize(
    ("option", "value", "role"),
    [
        ("segment_columns", [["region"]], "segment"),
        ("questions", [["q_improve"]], "text"),
    ],
)
def test_build_report_given_a_list_for_one_column_says_to_give_one_name(
    improve_tagged, option, value, role
):
    # Before, "segment column \"['region']\" not found" (the list read as its text), and
    # the same for a question; now the "one column's name" message of hunt 36.
    given = {"questions": ["q_improve"], option: value}
    with pytest.raises(ClassifierError) as caught:
        build_report(improve_tagged, codebook=Codebook.load(), **given)
    assert f"the {role} column must be one column's name" in str(caught.value)
    assert f"give {value[0][0]!r}" in str(caught.value)


def test_report_warns_when_the_score_column_holds_no_scores(improve_tagged):
    # `report --score-column region` (the wrong column named): before, the net promoter
    # score section said scores were not available, without saying why; now a warning
    # names the column and how few of its cells are 0-10 scores, as `tag` does.
    settings = {"respondent_column": "respondent_id", "codebook": Codebook.load()}
    with pytest.warns(DataWarning, match=r"score column 'region'.* 0 of its 150 filled cell"):
        build_report(improve_tagged, ["q_improve"], score_column="region", **settings)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        build_report(improve_tagged, ["q_improve"], score_column="recommend_score", **settings)


# ------------------------------------- the score column counted in the read before tagging
@pytest.mark.parametrize("chunk_rows", [40, 1000])
def test_tag_file_warns_of_a_score_column_of_no_scores_once_before_tagging(
    model, tmp_path, chunk_rows
):
    # The column is counted over the whole file in the read `tag` makes before tagging
    # (`jobs.prepass`), in chunks of 40 rows as in one: 0 of the 150 regions is a score.
    # The Python API logs it too (it was a check of the command line's only, which read the
    # whole file a second time).
    logged: list[str] = []
    columns = Columns(texts=["q_improve"], respondent="respondent_id", score="region")
    tag_file(model, SAMPLE, tmp_path / "t.csv", columns, chunk_rows=chunk_rows, log=logged.append)
    warned = [line for line in logged if "is meant to hold the 0-10" in line]
    assert len(warned) == 1
    assert "score column 'region'" in warned[0] and "0 of its 150 filled cell(s)" in warned[0]
    logged.clear()
    right = Columns(texts=["q_improve"], respondent="respondent_id", score="recommend_score")
    tag_file(model, SAMPLE, tmp_path / "t2.csv", right, chunk_rows=chunk_rows, log=logged.append)
    assert not [line for line in logged if "is meant to hold the 0-10" in line]


def test_tag_warns_of_a_workbook_score_column_of_no_scores(cli, tmp_path):
    # A workbook is read as one chunk, by the tagging itself: its column is counted there.
    workbook = tmp_path / "export.xlsx"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).to_excel(workbook, index=False)
    code, _, err = cli(
        "tag", workbook, "-o", tmp_path / "t.csv", "--text-column", "q_improve",
        "--score-column", "region",
    )  # fmt: skip
    assert code == 0, err
    assert "score column 'region' is meant to hold the 0-10 recommendation scores" in err
    assert "0 of its 150 filled cell(s) hold one" in err
