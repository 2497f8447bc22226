"""Exports of survey tools with more header lines under the column names (Qualtrics,
SurveyMonkey): refused, naming the lines to delete, instead of tagging the question texts
as answers. The exports are built by the team in each tool's layout, with the bundled
sample's team-written answers."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from classifier.errors import TableError
from classifier.io.tables import read_table

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


def sample_rows(count: int = 12) -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(count)


def qualtrics_rows() -> list[list[str]]:
    """Qualtrics' three header lines (names, question texts, import ids), then answers."""
    frame = sample_rows()
    names = ["StartDate", "ResponseId", "Q_Lang", "Q1", "Q2"]
    questions = [
        "Start Date",
        "Response ID",
        "Language",
        "What do we do well?",
        "What should we improve?",
    ]
    ids = [
        json.dumps({"ImportId": "startDate", "timeZone": "Europe/Paris"}),
        json.dumps({"ImportId": "_recordId"}),
        json.dumps({"ImportId": "Q_Lang"}),
        json.dumps({"ImportId": "QID1_TEXT"}),
        json.dumps({"ImportId": "QID2_TEXT"}),
    ]
    answers = [
        [r.submitted_at, r.respondent_id, r.questionnaire_language, r.q_strengths, r.q_improve]
        for r in frame.itertuples()
    ]
    return [names, questions, ids, *answers]


def surveymonkey_rows() -> list[list[str]]:
    """SurveyMonkey's two header lines (questions, answer types), then answers."""
    frame = sample_rows()
    names = ["Respondent ID", "Start Date", "What do we do well?", "What should we improve?"]
    types = ["", "", "Open-Ended Response", "Open-Ended Response"]
    answers = [
        [r.respondent_id, r.submitted_at, r.q_strengths, r.q_improve] for r in frame.itertuples()
    ]
    return [names, types, *answers]


def write_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def write_xlsx(path, rows) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_qualtrics_export_is_refused_naming_its_header_lines(cli, tmp_path, write) -> None:
    suffix = ".csv" if write is write_csv else ".xlsx"
    source = tmp_path / f"qualtrics{suffix}"
    write(source, qualtrics_rows())
    # Before: the question texts and the import ids were tagged as two answers, exit 0.
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", "--text-column", "Q2")
    word = "line" if suffix == ".csv" else "row"
    assert code == 2 and "internal error" not in err
    assert f"{word}s 2 and 3 are Qualtrics header {word}s" in err
    assert (
        '\'{"ImportId": "startDate"' in err
        and f"delete them, keeping the column names of {word} 1" in err
    )
    assert not (tmp_path / "tagged.csv").exists()


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_surveymonkey_export_is_refused_naming_its_answer_type_line(tmp_path, write) -> None:
    source = tmp_path / ("monkey.csv" if write is write_csv else "monkey.xlsx")
    write(source, surveymonkey_rows())
    with pytest.raises(TableError, match="2 holds SurveyMonkey's answer types"):
        read_table(source)


def test_the_same_answers_with_one_header_line_are_read_whole(tmp_path) -> None:
    # What staff get after deleting the lines the message names.
    rows = qualtrics_rows()
    source = tmp_path / "fixed.csv"
    write_csv(source, [rows[0], *rows[3:]])
    frame = read_table(source)
    assert list(frame.columns) == rows[0] and len(frame) == len(rows) - 3
    monkey = surveymonkey_rows()
    write_csv(source, [monkey[0], *monkey[2:]])
    assert len(read_table(source)) == len(monkey) - 2


def test_an_answer_that_quotes_an_import_id_further_down_is_an_answer(tmp_path) -> None:
    # Only the third line is read for import ids: an answer quoting one is kept.
    rows = [["respondent", "answer"], ["r1", "ok"], ["r2", "fine"], ["r3", '{"ImportId": "x"}']]
    source = tmp_path / "answers.csv"
    write_csv(source, rows)
    assert read_table(source)["answer"].tolist() == ["ok", "fine", '{"ImportId": "x"}']
