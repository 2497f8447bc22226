"""A needs sheet whose headers were retyped in a spreadsheet (`Need `, `Decision`) is read
as `train` reads a review sheet's (`Themes `): up to case and surrounding spaces. Before,
the needs sheet was refused for a missing column while the review sheet was read, as a
walkthrough of the retraining loop found."""

from __future__ import annotations

import openpyxl
import pandas as pd

from conftest import needs_sheet


def _retype_header(sheet, name: str, old: str, new: str) -> None:
    workbook = openpyxl.load_workbook(sheet)
    cells = workbook[name][1]
    [cell] = [cell for cell in cells if cell.value == old]
    cell.value = new
    workbook.save(sheet)


def test_retyped_headers_of_a_needs_sheet_are_read_as_its_columns(cli, improve_tagged, tmp_path):
    original = tmp_path / "original"
    original.mkdir()
    sheet = needs_sheet(cli, improve_tagged, original)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", original / "reviewed")
    assert code == 0, err
    retyped = tmp_path / "retyped"
    retyped.mkdir()
    sheet = needs_sheet(cli, improve_tagged, retyped)
    _retype_header(sheet, "answers", "need", "Need ")
    _retype_header(sheet, "new needs", "decision", "Decision")
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", retyped / "reviewed")
    assert code == 0, err
    for name in ("needs_answers.csv", "consultation.needs.yaml"):
        assert (retyped / "reviewed" / name).read_bytes() == (
            original / "reviewed" / name
        ).read_bytes()


def test_two_headers_that_read_as_one_column_are_refused(cli, improve_tagged, tmp_path):
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    _retype_header(sheet, "answers", "tool_need", "Need")
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert "sheet 'answers'" in err and "'need'" in err and "keep one" in err
    assert not (tmp_path / "reviewed").exists()
    assert pd.read_excel(sheet, sheet_name="answers").shape[0] > 0  # the sheet is untouched
