"""Hostile inputs found by hunt 35: a needs catalogue whose sub-topics give a label or a
scope YAML reads as another value (or a misspelt key), or whose name is left empty; a
blank row inserted in the needs sheet's answers; a need table asked for in a language
spelt `fr-FR` or `French`; and `find_needs` given the model or a column's name where it
takes the respondents. Each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from classifier import ClassifierError, Codebook
from classifier.errors import CodebookError
from classifier.needs import find_needs

from conftest import edited_codebook, needs_sheet

# The first sub-topic of the shipped catalogue, as the file writes it.
COMPLAINTS = (
    "  label:\n"
    "    en: Complaints and feedback channels\n"
    "    fr: Canaux de plaintes et de retours\n"
    "    es: Canales de quejas y retroalimentación\n"
    "  scope: formal, confidential or independent channels to raise complaints, suggestions "
    "or disagreement,\n    acknowledgements and response times, replies to members' letters, "
    "members evaluating the secretariat;\n    not survey results (reporting_to_members)\n"
)


# ------------------------------------------------------------- the catalogue file
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("en: Complaints and feedback channels", "en: yes"),
            "the en label is not a text (YAML reads it as True: put it in quotes)",
        ),
        ((COMPLAINTS.split("  scope:")[1], " 2026\n"), "the scope is not a text"),
        (("scope: formal, confidential", "scpoe: formal, confidential"), "unknown key(s) scpoe"),
    ],
)
def test_a_sub_topic_s_label_or_scope_that_is_no_text_is_named(tmp_path, edit, message):
    # Before, `en: yes` became the label 'True' and `scope: 2026` the scope '2026' (shown in
    # reports and the needs sheet), and a misspelt `scpoe:` dropped the scope without a word.
    old, new = edit
    path = edited_codebook(tmp_path, COMPLAINTS, COMPLAINTS.replace(old, new))
    with pytest.raises(CodebookError) as caught:
        Codebook.load(path)
    assert str(tmp_path / "consultation.needs.yaml") in str(caught.value)
    assert "sub-topic 'accountability:complaints_and_feedback'" in str(caught.value)
    assert message in str(caught.value)


def test_a_sub_topic_s_one_plain_label_is_its_english_one_when_it_is_a_text(tmp_path):
    # The short form a sub-topic may use, one plain label, is its English label. Before,
    # `label: yes` was the English label 'True'; now refused (a text still reads as one).
    label_block = COMPLAINTS.split("  scope:")[0]
    path = edited_codebook(tmp_path, label_block, "  label: Complaints\n")
    assert Codebook.load(path).catalogue.subtopics[0].label == {"en": "Complaints"}
    path = edited_codebook(tmp_path, label_block, "  label: yes\n")
    with pytest.raises(CodebookError, match=r"the label is not a text \(YAML reads it as True"):
        Codebook.load(path)


def test_a_catalogue_with_an_empty_name_is_refused(tmp_path):
    # Before, `name:` left empty loaded as a catalogue named 'None' (in model cards and
    # every message naming the catalogue).
    path = edited_codebook(tmp_path, "name: consultation-needs", "name:")
    with pytest.raises(CodebookError, match=r"consultation\.needs\.yaml: 'name' is empty"):
        Codebook.load(path)


# ------------------------------------------------------------- the needs sheet
def _insert_answer_rows(sheet: Path, at: int, amount: int = 1) -> None:
    """Insert `amount` empty rows in sheet 'answers' of `sheet` before row `at`."""
    workbook = openpyxl.load_workbook(sheet)
    workbook["answers"].insert_rows(at, amount)
    workbook.save(sheet)


def test_a_blank_row_of_the_needs_sheet_s_answers_is_skipped(cli, improve_tagged, tmp_path):
    # A row inserted (or cleared) in Excel between the answers. Before, refused as
    # "answers without an id in ..., sheet 'answers', row 5", as if it held an answer; now
    # skipped, as training skips a blank line: the update is written, every answer kept.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    answers = pd.read_excel(sheet, sheet_name="answers", dtype=str)
    _insert_answer_rows(sheet, 5, 2)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 0, err
    written = pd.read_csv(tmp_path / "reviewed" / "needs_answers.csv", dtype=str)
    assert written["id"].tolist() == answers["id"].tolist()


def test_an_answer_without_an_id_below_a_blank_row_is_named_by_its_own_row(
    cli, improve_tagged, tmp_path
):
    # A row with an answer and no id is still refused, named by the row the spreadsheet
    # shows (the blank row above it counted). Before, the blank row 5 was named too.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    _insert_answer_rows(sheet, 5)
    workbook = openpyxl.load_workbook(sheet)
    workbook["answers"].cell(8, 1).value = None  # the id of row 8
    workbook.save(sheet)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code != 0
    assert "answers without an id in " in err and "sheet 'answers', row 8:" in err
    assert "row 5" not in err
    assert not (tmp_path / "reviewed").exists()


# ------------------------------------------------------------- find_needs and its result
@pytest.fixture(scope="module")
def result(improve_tagged, model):
    """The needs of the sample's q_improve answers."""
    return find_needs(
        improve_tagged, model=model, text_column="q_improve", respondent_column="respondent_id"
    )


@pytest.mark.parametrize("spelling", ["fr-FR", "FR", "French", "français"])
def test_need_labels_asked_for_in_another_spelling_of_a_language_are_in_it(result, spelling):
    # Before, `to_frame("fr-FR")` gave the English labels without a word.
    table = result.to_frame(spelling)
    catalogue_needs = table[table["kind"] == "catalogue"]
    assert len(catalogue_needs) > 1
    for need_id, label in zip(catalogue_needs["need_id"], catalogue_needs["label"], strict=True):
        assert label == result.need(need_id).label["fr"] != result.need(need_id).label["en"]


@pytest.mark.parametrize("language", ["de", "und", None])
def test_need_labels_asked_for_in_a_language_they_lack_are_refused(result, language):
    # Before, German (or None) gave the English labels without a word.
    with pytest.raises(ClassifierError, match=r"label_language .* give fr, en, es"):
        result.to_frame(language)


def test_find_needs_given_the_model_as_second_argument_says_where_it_goes(improve_tagged, model):
    # `find_needs(tagged, model)`: the second argument is the respondents. Before, a raw
    # TypeError: object of type 'ThemeClassifier' has no len().
    with pytest.raises(ClassifierError, match=r"not the model: pass the model as model="):
        find_needs(improve_tagged, model, text_column="q_improve")


def test_find_needs_given_a_column_name_as_respondents_names_respondent_column(
    improve_tagged, model
):
    # Before: "13 respondents for 150 answers" (the letters of 'respondent_id').
    with pytest.raises(ClassifierError, match=r"give respondent_column='respondent_id'"):
        find_needs(improve_tagged, "respondent_id", model=model, text_column="q_improve")
