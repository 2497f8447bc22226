"""Hostile inputs, hunt 23: survey exports as real tools and people make them."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.errors import TableError
from classifier.io import tables
from classifier.io.tables import XLSX_MAX_COLUMNS, XLSX_MAX_ROWS, check_xlsx_shape, frame_to_xlsx


def test_xlsx_output_wider_than_a_sheet_is_refused_naming_the_limit(tmp_path):
    # An export whose last used cell sits in Excel's last column (XFD) has 16,384 columns;
    # with the tool's own, the tagged sheet cannot hold them. Before, openpyxl failed on
    # saving: "internal error: IndexError: At least one sheet must be visible".
    frame = pd.DataFrame([[""] * (XLSX_MAX_COLUMNS + 1)], columns=range(XLSX_MAX_COLUMNS + 1))
    with pytest.raises(TableError, match="16,385 columns, more than the 16,384 an XLSX sheet"):
        frame_to_xlsx(frame, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_tag_refuses_an_xlsx_output_too_wide_before_tagging(cli, tmp_path, monkeypatch):
    # The real limit needs an input of 16,359 columns or more, slow to read: a lower limit
    # stands for it. The columns tag adds count (26 with the shipped codebook).
    monkeypatch.setattr(tables, "XLSX_MAX_COLUMNS", 30)
    source = tmp_path / "in.csv"
    source.write_text("id,answer,a,b,c\nr1,More training please,,,\n", encoding="utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.xlsx", "--text-column", "answer")
    assert code == 2, err
    assert "columns, more than the 30 an XLSX sheet holds" in err
    assert "the input has 5 columns and tag adds" in err and ".csv or .jsonl" in err
    assert not (tmp_path / "out.xlsx").exists()
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "answer")
    assert code == 0, err


def test_a_sheet_with_more_rows_than_xlsx_holds_is_refused():
    check_xlsx_shape(XLSX_MAX_ROWS - 1, XLSX_MAX_COLUMNS, "out.xlsx")  # the header fits too
    with pytest.raises(TableError, match=r"1,048,577 rows \(the column names included\)"):
        check_xlsx_shape(XLSX_MAX_ROWS, 3, "out.xlsx")
