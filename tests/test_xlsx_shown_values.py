"""Workbook cells read as the spreadsheet shows them: General numbers with float noise, and
dates stored as ISO 8601 text (`t="d"`). Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from classifier.io.tables import read_table

ANSWERS = ["Plus de formations pour les jeunes", "More funding for small members", "Gracias"]


def test_a_general_number_reads_as_excel_shows_it(tmp_path):
    # A formula's result such as =0.1+0.7 is stored 0.7999999999999999; Excel's General
    # format shows it 0.8 (at most 11 significant digits). Before, the noise was read.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "share", "fixed", "answer"])
    rows = [(123456789012345, 0.1 + 0.7, 0.1 + 0.7), (7, 1 / 3, 2.5), (8, 2.5, -0.25)]
    for (number, share, fixed), answer in zip(rows, ANSWERS, strict=True):
        sheet.append([number, share, fixed, answer])
    for row in (2, 3, 4):
        sheet.cell(row, 3).number_format = "0.0000000000000000"  # not General: as stored
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    frame = read_table(path)
    assert frame["share"].tolist() == ["0.8", "0.33333333333", "2.5"]
    # A whole number keeps every digit (an id typed as a number), another format its value.
    assert frame["id"].tolist() == ["123456789012345", "7", "8"]
    assert frame["fixed"].tolist() == ["0.7999999999999999", "2.5", "-0.25"]
    assert frame["answer"].tolist() == ANSWERS


def dated_workbook(path: Path, *, iso_dates: bool, date1904: bool = False) -> Path:
    """Dates and times under date formats, stored as serial numbers or, with `iso_dates`,
    as ISO 8601 text (`<c t="d"><v>2026-03-02T14:30:05</v></c>`)."""
    workbook = openpyxl.Workbook(iso_dates=iso_dates)
    if date1904:
        workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(["submitted", "visit_date", "arrival", "answer"])
    rows = [
        (dt.datetime(2026, 3, 2, 14, 30, 5), dt.date(2026, 3, 2), dt.time(9, 15)),
        (dt.datetime(2026, 12, 31, 23, 59, 59), dt.date(2025, 1, 9), dt.time(18, 5)),
    ]
    for (when, day, time), answer in zip(rows, ANSWERS[:2], strict=True):
        sheet.append([when, day, time, answer])
    for row in (2, 3):
        for column, code in enumerate(("dd/mm/yyyy hh:mm", "dd/mm/yyyy", "h:mm AM/PM"), 1):
            sheet.cell(row, column).number_format = code
    workbook.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
def test_a_date_stored_as_iso_text_reads_as_its_format_shows_it(tmp_path, date1904):
    # Some programs store dates as ISO 8601 text (`t="d"`). Before, `2026-03-02 14:30:05`
    # where the sheet shows `02/03/2026 14:30`, as the same date stored as a number reads.
    # (An old Mac workbook's 1904 date system changes serial numbers, not ISO dates.)
    iso = dated_workbook(tmp_path / "iso.xlsx", iso_dates=True, date1904=date1904)
    with zipfile.ZipFile(iso) as archive:
        assert b"<v>2026-03-02T14:30:05</v>" in archive.read("xl/worksheets/sheet1.xml")
        assert (b'date1904="1"' in archive.read("xl/workbook.xml")) == date1904
    frame = read_table(iso)
    assert frame["submitted"].tolist() == ["02/03/2026 14:30", "31/12/2026 23:59"]
    assert frame["visit_date"].tolist() == ["02/03/2026", "09/01/2025"]
    assert frame["arrival"].tolist() == ["9:15 AM", "6:05 PM"]
    serial = read_table(
        dated_workbook(tmp_path / "serial.xlsx", iso_dates=False, date1904=date1904)
    )
    assert frame.equals(serial)
