"""Hostile inputs, sixth hunt: staff workflows of several steps (review, edit, train; the
needs sheet round trip; reports across years) and other tools calling the Python API."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from classifier.errors import ClassifierError

from conftest import EXAMPLES, needs_sheet


def test_a_tables_rows_given_as_answers_are_refused_not_read_as_missing(model):
    """`df[["answer"]].values` is a column of one-cell rows: each row was read as a missing
    answer, so every answer came back with no theme and the stance neutral, without a
    word."""
    frame = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str).head(3)
    with pytest.raises(ClassifierError, match=r"2-dimensional array of shape \(3, 1\)"):
        model.predict(frame[["q_improve"]].values)
    with pytest.raises(ClassifierError, match=r"position\(s\) 0, 1, 2 are lists"):
        model.predict(frame[["q_improve"]].values.tolist())
    with pytest.raises(ClassifierError, match=r"position\(s\) 1 are tuples"):
        model.fit(["More training", ("Plus de formations",)], [["capacity_development"]] * 2)
    # A column, whatever its index, and missing answers among texts, are still answers.
    column = frame["q_improve"].set_axis([7, 3, 5])
    assert [p.text for p in model.predict(column)] == frame["q_improve"].tolist()


def test_find_needs_names_a_respondent_or_language_column_it_cannot_find(model, improve_tagged):
    """A tool passing a misspelt respondent column had it ignored: every answer counted as
    its own respondent (and the only word was a warning blaming another model). A misspelt
    language column was a raw KeyError."""
    from classifier.errors import ColumnError
    from classifier.needs import find_needs

    asks = {"text_column": "q_improve", "model": model}
    with pytest.raises(ColumnError, match="respondent column 'respondent_ID' not found"):
        find_needs(improve_tagged, respondent_column="respondent_ID", **asks)
    with pytest.raises(ColumnError, match="language column 'questionnaire_lang' not found"):
        find_needs(improve_tagged, language_column="questionnaire_lang", **asks)
    # The default respondent column of the training schema may be absent, as before.
    assert "respondent" not in improve_tagged.columns
    assert find_needs(improve_tagged, **asks).needs


@pytest.fixture(scope="module")
def review_workbook(improve_tagged, tmp_path_factory) -> Path:
    """The review workbook `classifier review` writes for the tagged sample (20 answers)."""
    from classifier.cli import main

    folder = tmp_path_factory.mktemp("review")
    improve_tagged.to_csv(folder / "tagged.csv", index=False)
    path = folder / "review.xlsx"
    args = ["review", folder / "tagged.csv", "-o", path, "--n", "20", "--text-column"]
    assert main([str(a) for a in [*args, "q_improve", "--id-column", "respondent_id"]]) == 0
    return path


def test_rows_a_filter_hides_in_a_review_sheet_are_not_trained_as_checked(
    cli, review_workbook, train_frame, tmp_path
):
    """Staff filter the review sheet (one language, say), correct the rows they see and save:
    the rows the filter hid were trained as checked, their predicted labels as corrections,
    without a word. Now training stops, naming them, before it trains."""
    import openpyxl

    workbook = openpyxl.load_workbook(review_workbook)
    sheet = workbook["review"]
    sheet.auto_filter.ref = sheet.dimensions
    for row in (4, 5, 9):
        sheet.row_dimensions[row].hidden = True
    sheet["E2"] = "capacity_development"  # a correction on a row staff saw
    edited = tmp_path / "review.xlsx"
    workbook.save(edited)
    base = tmp_path / "train.csv"
    train_frame.head(40).to_csv(base, index=False)

    code, _, err = cli("train", base, edited, "-o", tmp_path / "model.npz")
    assert code == 2
    assert "review.xlsx, sheet 'review': 3 row(s) with answers are hidden" in err
    assert "review.xlsx:4, review.xlsx:5, review.xlsx:9" in err
    assert "clear the filter" in err and not (tmp_path / "model.npz").exists()


def test_a_new_empty_sheet_first_in_a_review_workbook_names_the_sheets_to_read(
    cli, review_workbook, train_frame, tmp_path
):
    """Staff add a sheet for notes in front of the review sheet: training said only
    'review.xlsx is empty', of a workbook holding 20 corrected answers."""
    import openpyxl

    workbook = openpyxl.load_workbook(review_workbook)
    workbook.create_sheet("notes", 0)
    edited = tmp_path / "review.xlsx"
    workbook.save(edited)
    base = tmp_path / "train.csv"
    train_frame.head(40).to_csv(base, index=False)

    code, _, err = cli("train", base, edited, "-o", tmp_path / "model.npz")
    assert code == 2
    assert "sheet 'notes' is empty: it is the first visible sheet" in err
    assert "'review', 'codebook': move their sheet first" in err


def test_a_need_added_under_an_existing_needs_label_is_refused(cli, improve_tagged, tmp_path):
    """Staff confirming a candidate typed the label of the catalogue need it belongs to
    (meaning: it is that need): the update added a second need of the same name, which
    split that need's asks between two ids the report shows under one label."""
    import openpyxl

    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    workbook = openpyxl.load_workbook(sheet)
    existing = [cell.value for cell in workbook["catalogue"][2]]  # need_id, label_fr, en, es
    new_needs = workbook["new needs"]
    header = [cell.value for cell in new_needs[1]]
    edits = {
        "decision": "add",
        "need_id": "membership_renewal_again",
        "label_en": f"  {existing[2].upper()} ",
        "label_fr": "Renouvellement",
        "label_es": "Renovación",
        "themes": "membership",
    }
    for column, value in edits.items():
        new_needs.cell(row=2, column=header.index(column) + 1, value=value)
    workbook.save(sheet)

    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert f"sheet 'new needs', row 2: label_en '{existing[2].upper()}' is the label" in err
    assert f"need {existing[0]!r}: to put this candidate's answers in it, set decision" in err
    assert not (tmp_path / "reviewed").exists()


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("capacity_development/advocacy", "(separate theme ids with ';')"),
        ("youth\nadvocacy", "(separate theme ids with ';')"),
        ("CAPACITY_DEVELOPMENT", "(theme ids are lowercase: 'CAPACITY_DEVELOPMENT' is capacity"),
        ("Développement des capacités", "(write theme ids such as youth or fundraising, not"),
    ],
)
def test_theme_cells_typed_in_a_review_sheet_get_the_hint_that_fits(
    cli, review_workbook, train_frame, tmp_path, typed, hint
):
    """Theme ids typed with '/' or a line break between them, or in capitals, were answered
    'write theme ids ..., not their labels': staff who wrote ids were told they wrote
    labels."""
    import openpyxl

    workbook = openpyxl.load_workbook(review_workbook)
    workbook["review"]["E3"] = typed
    edited = tmp_path / "review.xlsx"
    workbook.save(edited)
    base = tmp_path / "train.csv"
    train_frame.head(40).to_csv(base, index=False)

    code, _, err = cli("train", base, edited, "-o", tmp_path / "model.npz")
    assert code == 2 and f"theme {typed!r} in review.xlsx:3 {hint}" in err
    assert err.count("(") == 1  # one hint, the one that fits
