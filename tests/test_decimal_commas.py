"""Scores in `;`-separated CSV files (Excel set to French: `;` lists, `,` decimals) and
score cells outside 0..1: each test failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier.codebook import Codebook
from classifier.io.labeled import read_labeled
from classifier.io.layout import read_scores
from classifier.io.tables import read_table

from conftest import EXAMPLES

SCORED = re.compile(r"(stance_score|score_\w+)")


def scored_columns(frame: pd.DataFrame) -> list[str]:
    """The score columns of a tagged file."""
    return [column for column in frame.columns if SCORED.fullmatch(column)]


def semicolon_export(path: Path) -> Path:
    """The bundled sample as Excel set to French saves it: `;`-separated, in cp1252."""
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    sample.to_csv(path, sep=";", index=False, encoding="cp1252", errors="replace")
    return path


def test_a_semicolon_csv_is_tagged_with_decimal_commas_and_read_back_the_same(cli, tmp_path):
    # French Excel opened every `0.53` of a `;` output as text: sorting by score broke.
    source = semicolon_export(tmp_path / "export.csv")
    commas, points = tmp_path / "fr" / "tagged.csv", tmp_path / "en" / "tagged.csv"
    commas.parent.mkdir()
    points.parent.mkdir()
    for given, output in ((source, commas), (EXAMPLES / "consultation_sample.csv", points)):
        code, _, err = cli("tag", given, "-o", output, "--text-column", "q_improve")
        assert code == 0, err
    by_comma, by_point = read_table(commas), read_table(points)
    scores = scored_columns(by_comma)
    assert len(scores) == 16
    cells = by_comma[scores].to_numpy().ravel()
    written = cells[cells != ""]
    assert all(re.fullmatch(r"[01],\d{1,4}", cell) for cell in written), written[:5]
    # The same scores as the `,` output writes with a point; every other cell as it was.
    with_points = by_comma.copy()
    with_points[scores] = with_points[scores].apply(lambda column: column.str.replace(",", "."))
    # (cp1252 has no emoji: the one answer of q_strengths with some reads `???`.)
    text = [column for column in by_point.columns if column not in (*scores, "q_strengths")]
    assert with_points[scores].equals(by_point[scores])
    assert with_points[text].equals(by_point[text])
    raw = commas.read_bytes()
    point = next(cell for cell in by_point["stance_score"] if "." in cell).encode()
    comma = point.replace(b".", b",")
    assert raw.startswith(b"\xef\xbb\xbfrespondent_id;") and b";" + comma + b";" in raw
    assert b";" + point + b"," not in raw and b"," + point + b"," in points.read_bytes()
    # `review` and `report` read the comma scores back: the same sheet, the same page.
    sheets, pages = [], []
    for tagged in (commas, points):
        sheet = tagged.parent / "review.csv"
        code, _, err = cli("review", tagged, "-o", sheet, "--text-column", "q_improve")
        assert code == 0, err
        sheets.append(read_table(sheet))
        page = tagged.parent / "report.html"
        code, _, err = cli("report", tagged, "-o", page, "--text-column", "q_improve")
        assert code == 0, err
        pages.append(page.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    french, english = sheets
    assert french["uncertainty"].str.contains(",").all()
    french["uncertainty"] = french["uncertainty"].str.replace(",", ".")
    assert french.equals(english)
    # `train` reads the `;` review sheet (its decimal-comma uncertainty column aside).
    codebook = Codebook.load()
    labels = [
        read_labeled([folder / "review.csv"], codebook)[0].drop(columns="source")
        for folder in (commas.parent, points.parent)
    ]
    assert labels[0].equals(labels[1]) and len(labels[0]) == len(french)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("0,53", 0.53), ("1,0", 1.0), (" 0,5 ", 0.5), (",25", 0.25), ("1,000", 1.0), ("0", 0.0)],
)
def test_a_score_with_a_decimal_comma_reads_as_its_number(cell, value):
    # In a score (0 to 1) the comma is the decimal mark, never a thousands separator.
    frame = pd.DataFrame({"score_youth": ["0.5", cell, ""]})
    numbers, unreadable = read_scores(frame, ["score_youth"], [2, 3, 4])
    assert unreadable == []
    assert numbers[1, 0] == value and numbers[0, 0] == 0.5 and np.isnan(numbers[2, 0])


@pytest.mark.parametrize("cell", ["1.000,5", "0,5,1", "0,5%", "abc", "1,5"])
def test_a_score_with_both_marks_or_two_commas_is_refused(cell):
    frame = pd.DataFrame({"score_youth": ["0.5", cell]})
    _, unreadable = read_scores(frame, ["score_youth"], [2, 3])
    assert len(unreadable) == 1 and unreadable[0].startswith(f"{cell!r} in column 'score_youth'")


def edited(improve_tagged: pd.DataFrame, path: Path, cells: dict[tuple[int, str], str]) -> Path:
    """The tagged sample written to CSV with some cells edited by hand."""
    frame = improve_tagged.copy()
    for (row, column), value in cells.items():
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    return path


def test_review_and_report_refuse_a_score_outside_0_to_1(cli, improve_tagged, tmp_path):
    # A hand-edited tagged file: before, `1.7` and `-0.2` were read as they are, so the
    # answer's theme looked surer than any tagged one (review skipped it, report quoted it).
    answered = improve_tagged.index[improve_tagged["q_improve"].str.strip().ne("")]
    theme = scored_columns(improve_tagged)[1]
    source = edited(
        improve_tagged,
        tmp_path / "tagged.csv",
        {(answered[2], theme): "1.7", (answered[5], "stance_score"): "-0.2"},
    )
    review = tmp_path / "review.csv"
    code, _, err = cli("review", source, "-o", review, "--text-column", "q_improve")
    assert code == 2
    assert f"'1.7' in column {theme!r} (row {answered[2] + 2}, outside 0 to 1)" in err
    assert "from 0 to 1" in err and not review.exists()
    report = tmp_path / "report.html"
    code, _, err = cli("report", source, "-o", report, "--text-column", "q_improve")
    assert code == 2
    assert f"'1.7' in column {theme!r} (row {answered[2] + 2}, outside 0 to 1)" in err
    assert f"'-0.2' in column 'stance_score' (row {answered[5] + 2}, outside 0 to 1)" in err
    assert not report.exists()
    # The bounds are scores: 0 and 1 (also written `1,0`) are read.
    source = edited(
        improve_tagged,
        tmp_path / "tagged.csv",
        {(answered[2], theme): "1,0", (answered[5], "stance_score"): "0"},
    )
    code, _, err = cli("report", source, "-o", report, "--text-column", "q_improve")
    assert code == 0, err
