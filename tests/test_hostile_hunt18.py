"""Hostile inputs of hunt 18: a tagged file's `need_respondents` re-saved as numbers with
decimals (`3,0`, `3.0`), an XLSX date stored as ISO 8601 text that is no date, `tag
--raw-csv` of a `;`-separated export, score cells that `report` read twice, once as
`review` reads them and once otherwise, and column names of which one is filled (taken
for a title). Each test failed before its fix."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from classifier.errors import TableError
from classifier.io.layout import tagged_min_respondents
from classifier.io.tables import read_table

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
ANSWERS = ["More funding for small members", "Plus de formations", "Más información"]


def _semicolon_export(path: Path) -> Path:
    """The bundled sample as Excel set to French saves it: `;`-separated."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    sample.to_csv(path, sep=";", index=False)
    return path


# ------------------------------------------------------------- need counts with decimals
def test_need_counts_resaved_with_decimal_zeros_are_read_as_counts(cli, tmp_path):
    # A `;` tagged file read with pandas (`need_respondents` has empty cells: a float
    # column) and saved again for French Excel writes `3,0`. Before, `review --needs` read
    # no count in it and took the default --min-respondents 2 for the file's 3: the
    # recurrence it found differed from the file's, with a warning to give an option
    # `review` does not have.
    tagged = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag", _semicolon_export(tmp_path / "export.csv"), "-o", tagged,
        "--text-column", "q_improve", "--min-respondents", "3",
    )  # fmt: skip
    assert code == 0, err
    resaved = tmp_path / "resaved.csv"
    frame = pd.read_csv(tagged, sep=";")
    assert frame["need_respondents"].dtype == float
    frame.to_csv(resaved, sep=";", decimal=",", index=False)
    assert ";3,0;" in resaved.read_text(encoding="utf-8-sig")
    sheets = []
    for given in (tagged, resaved):
        sheet = tmp_path / f"needs_{given.stem}.xlsx"
        code, _, err = cli("review", given, "--needs", "-o", sheet, "--text-column", "q_improve")
        assert code == 0, err
        assert "recurrence found now differs" not in err
        sheets.append(pd.read_excel(sheet, sheet_name=None, dtype=str))
    assert sheets[0].keys() == sheets[1].keys()
    assert all(sheets[0][name].equals(sheets[1][name]) for name in sheets[0])


@pytest.mark.parametrize(("count", "smallest"), [("3,0", 3), ("3,00", 3), ("3.5", 4)])
def test_a_need_count_is_read_when_it_is_a_whole_number(count, smallest):
    # `3,0` and `3,00` are 3 (a decimal comma, a number format's zeros); `3.5` is no count
    # of respondents and is left out, as a count edited into no count is (the file's
    # smallest recurring need is then the other, of 4). Before, `3,0` was left out and
    # `3.5` read as 3.
    frame = pd.DataFrame(
        {
            "answer": ["More training", "More funding"],
            "need_ids": ["n1", "n2"],
            "need_respondents": [count, "4"],
            "recurrence": ["recurring", "recurring"],
        }
    )
    assert tagged_min_respondents(frame, "answer") == smallest


# ------------------------------------------------------------- XLSX dates stored as text
def _dated_workbook(path: Path, stored: dict[str, str]) -> Path:
    """A sheet `Export` of dates stored as ISO 8601 text (`t="d"`), the cells of `stored`
    ({"A3": text}) holding the text given instead, as a program that wrote them may."""
    workbook = openpyxl.Workbook(iso_dates=True)
    sheet = workbook.active
    sheet.title = "Export"
    sheet.append(["submitted", "answer"])
    for row, answer in enumerate(ANSWERS, start=2):
        sheet.append([pd.Timestamp(2026, 3, row).to_pydatetime(), answer])
        sheet.cell(row, 1).number_format = "dd/mm/yyyy"
    workbook.save(path)
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part].decode()
    for ref, text in stored.items():
        start = xml.index("<v>", xml.index(f'r="{ref}"'))
        xml = xml[: start + 3] + text + xml[xml.index("</v>", start) :]
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_an_xlsx_date_stored_as_text_that_is_no_date_is_named_by_its_cell(cli, tmp_path):
    # Before, "cannot be read as XLSX: Invalid datetime value 31/02/2026" (or "day is out
    # of range for month" for `2026-02-31`, without a word of a date): no sheet, no cell,
    # in a sheet of thousands of dates.
    path = _dated_workbook(tmp_path / "export.xlsx", {"A3": "31/02/2026", "A4": "2026-02-31"})
    with pytest.raises(TableError) as raised:
        read_table(path)
    message = str(raised.value)
    assert "sheet 'Export'" in message
    assert "A3 ('31/02/2026'), A4 ('2026-02-31')" in message
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", path, "-o", output, "--text-column", "answer")
    assert code != 0 and "A3 ('31/02/2026')" in err
    assert not output.exists()
    # The valid dates of the same sheet read as the sheet shows them.
    good = read_table(_dated_workbook(tmp_path / "good.xlsx", {}))
    assert good["submitted"].tolist() == ["02/03/2026", "03/03/2026", "04/03/2026"]


# ------------------------------------------------------------- --raw-csv
def test_raw_csv_of_a_semicolon_export_writes_scores_with_a_decimal_point(cli, tmp_path):
    # `--raw-csv` writes cells unchanged, for programs. Before, a `;` export's raw output
    # wrote its scores with a decimal comma (`0,9686`), the form for Excel in French, which
    # `float()` and pandas' default read as no number.
    source = _semicolon_export(tmp_path / "export.csv")
    raw = tmp_path / "raw.csv"
    code, _, err = cli("tag", source, "-o", raw, "--text-column", "q_improve", "--raw-csv")
    assert code == 0, err
    text = raw.read_text(encoding="utf-8")
    assert text.startswith("respondent_id;submitted_at;")
    assert re.search(r";0\.\d+;", text) and not re.search(r";0,\d+;", text)
    frame = pd.read_csv(raw, sep=";")
    assert frame["stance_score"].dtype == float and frame["score_youth"].dtype == float
    # `review` reads it back, and writes its own raw CSV the same way.
    sheet = tmp_path / "review.csv"
    code, _, err = cli("review", raw, "-o", sheet, "--text-column", "q_improve", "--raw-csv")
    assert code == 0, err
    assert pd.read_csv(sheet, sep=";")["uncertainty"].dtype == float


# ------------------------------------------------------------- report's score cells
def test_report_reads_a_blank_stance_score_as_review_does(cli, improve_tagged, tmp_path):
    # `report` checked score cells with the reader `review` shares, then parsed them again
    # with `float()`: a stance score cell holding a space (emptied by hand) passed the check
    # as empty but was read as 0, so no praise of that row could be quoted as a success;
    # an empty cell is "no stance score", and every praise may be quoted.
    workbooks = []
    for blank in ("", " "):
        tagged = improve_tagged.assign(stance_score=blank)
        source = tmp_path / f"tagged{len(blank)}.csv"
        tagged.to_csv(source, index=False)
        workbook = tmp_path / f"report{len(blank)}.xlsx"
        code, _, err = cli(
            "report", source, "-o", tmp_path / f"report{len(blank)}.html", "--xlsx", workbook,
            "--text-column", "q_improve",
        )  # fmt: skip
        assert code == 0, err
        workbooks.append(pd.read_excel(workbook, sheet_name=None, dtype=str))
    empty, space = workbooks
    assert empty.keys() == space.keys()
    assert all(empty[name].equals(space[name]) for name in empty)


# ------------------------------------------------------------- one named column of three
def test_column_names_of_which_one_is_filled_are_told_to_name_the_others(cli, tmp_path):
    # A sheet whose answers column alone is named (row numbers in A, notes in C) looks like
    # a title above the column names. Before, the only advice was to delete line 1, the
    # column names: the first row of answers would have become them.
    source = tmp_path / "export.csv"
    source.write_text(",answer,\n1,More training,call back\n2,Plus de formations,\n", "utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2
    assert "if line 1 is the column names, give the empty ones a name" in err
    assert not (tmp_path / "tagged.csv").exists()
