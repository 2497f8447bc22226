"""Hostile inputs to the features of 2026-12-07: `--question-kind` / `--question-label`
given for columns whose names hold '=' or spaces, or twice; `Columns(kinds=...)` given
otherwise than as a dict; General numbers with decimals shown in exponent form (12 digits
or more before the point) in a workbook. Each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from classifier.errors import ColumnError
from classifier.io.tables import read_table
from classifier.jobs.columns import Columns

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
# Headers as survey tools and staff write them: a scale's legend, a space typed in front.
STRENGTHS = "What do we do well? (1=best)"
IMPROVE = " q_improve"


def _tag(cli, source: Path, output: Path, *options: str) -> pd.DataFrame:
    code, _, err = cli("tag", source, "-o", output, "--jobs", "1", *options)
    assert code == 0, err
    return read_table(output)


def test_a_kind_and_a_label_for_columns_named_with_equals_signs_or_spaces(cli, tmp_path):
    # Before, `COL=KIND` was cut at its first '=' and its column stripped: a column named
    # `... (1=best)` got the "kind" `best)=strengths` (refused), and one whose header
    # starts with a space could be given no kind at all (`q_improve` is not a text
    # column; ` q_improve=...` was stripped into it). `report --question-label` likewise.
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    renamed = tmp_path / "renamed.csv"
    sample.rename(columns={"q_strengths": STRENGTHS, "q_improve": IMPROVE}).to_csv(
        renamed, index=False
    )
    kinds = {"q_strengths": "strengths", "q_improve": "improvements"}
    plain = _tag(
        cli,
        SAMPLE,
        tmp_path / "plain.csv",
        *("--text-column", "q_strengths", "--text-column", "q_improve"),
        *(f"--question-kind={column}={kind}" for column, kind in kinds.items()),
    )
    tagged = _tag(
        cli,
        renamed,
        tmp_path / "tagged.csv",
        *("--text-column", STRENGTHS, "--text-column", IMPROVE),
        f"--question-kind={STRENGTHS}=strengths",
        "--question-kind=q_improve = improvements",  # the header's space left out
    )
    # The same predictions as the plain names declared get, column for column.
    width = len(sample.columns)
    assert tagged.iloc[:, width:].to_numpy().tolist() == plain.iloc[:, width:].to_numpy().tolist()
    page = tmp_path / "report.html"
    code, _, err = cli(
        "report", tmp_path / "tagged.csv", "-o", page,
        "--text-column", STRENGTHS, "--text-column", IMPROVE,
        f"--question-label={STRENGTHS}=Nos forces",
        f"--question-label={IMPROVE}=À améliorer",
    )  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Nos forces" in html and "À améliorer" in html


def test_one_column_given_two_kinds_is_refused(cli, tmp_path):
    # Before, the last one given silently won: a typo in a long command line read a
    # strengths question as asking for improvements.
    output = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag", SAMPLE, "-o", output, "--text-column", "q_strengths",
        "--question-kind", "q_strengths=strengths", "--question-kind", "q_strengths=improvements",
    )  # fmt: skip
    assert code == 2
    assert "'q_strengths' two values, 'strengths' and 'improvements'" in err
    assert not output.exists()
    # The same kind given twice is one declaration.
    code, _, err = cli(
        "tag", SAMPLE, "-o", output, "--text-column", "q_strengths",
        "--question-kind", "q_strengths=strengths", "--question-kind", "q_strengths = strengths",
    )  # fmt: skip
    assert code == 0, err


def test_a_general_number_of_twelve_digits_or_more_keeps_its_digits(tmp_path):
    # Rounded to General's 11 significant digits, 123456789012.5 read as 123456789010: a
    # number neither stored nor shown (Excel shows 1.23457E+11). It keeps its digits, as a
    # whole number does; float noise is still dropped, to Excel's 15 digits.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["amount", "answer"])
    for number in (123456789012.5, -99999999999.95, 123456789012.50002, 0.1 + 0.7):
        sheet.append([number, "More funding for small members"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    frame = read_table(path)
    assert frame["amount"].tolist() == [
        "123456789012.5",
        "-99999999999.95",
        "123456789012.5",
        "0.8",
    ]


@pytest.mark.parametrize("kinds", ["strengths", [("q_strengths", "strengths")], None])
def test_kinds_given_to_columns_otherwise_than_as_a_dict_are_refused(kinds):
    # `Columns(texts=["q_strengths"], kinds="strengths")`, as `model.tag(...,
    # question_kind="strengths")` is called: before, an AttributeError ('str' object has
    # no attribute 'items') from inside the package.
    with pytest.raises(ColumnError, match=r"Columns\(kinds=\.\.\.\) takes a dict"):
        Columns(texts=["q_strengths"], kinds=kinds)
