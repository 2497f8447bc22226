"""Hostile inputs found by hunt 34: a needs catalogue whose need lists its themes as one
text or in capitals, files and names given to the Python API where it takes objects
(`build_report`, `find_needs`), needs added by hand in rows of the needs sheet without a
candidate, and an added need's themes typed in capitals or as labels; each test failed
before its fix."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from classifier import ClassifierError, Codebook
from classifier.errors import CodebookError
from classifier.model.persistence import default_model_path
from classifier.needs import find_needs
from classifier.report import build_report

from conftest import edited_codebook, needs_sheet

SETTINGS = {"respondent_column": "respondent_id", "score_column": "recommend_score"}
# The themes of the first need of the shipped catalogue, as the file lists them.
BUDGET_THEMES = "  themes:\n  - accountability\n  - membership\n  - power_dynamics\n"


# ------------------------------------------------------------- the catalogue file
def test_a_catalogue_need_s_themes_written_as_one_text_are_read_as_a_list(tmp_path):
    # `themes: accountability, membership, power_dynamics`, as `replaces: a, b` is written.
    # Before, read as one theme of that name: the error listed three valid theme ids as
    # "themes that are not in codebook", naming neither the file nor the need.
    themes = "  themes: accountability, membership, power_dynamics\n"
    path = edited_codebook(tmp_path, BUDGET_THEMES, themes)
    need = Codebook.load(path).catalogue.need("budget_transparency")
    assert need.themes == ("accountability", "membership", "power_dynamics")


def test_a_catalogue_need_s_theme_in_capitals_is_named_with_its_file_need_and_id(tmp_path):
    # Before: "needs catalogue 'consultation-needs' names themes that are not in codebook
    # 'consultation': Accountability", without the file, the need or the lowercase id.
    capitals = BUDGET_THEMES.replace("- accountability", "- Accountability")
    path = edited_codebook(tmp_path, BUDGET_THEMES, capitals)
    with pytest.raises(CodebookError) as caught:
        Codebook.load(path)
    message = str(caught.value)
    assert str(tmp_path / "consultation.needs.yaml") in message
    assert "'Accountability' (need budget_transparency)" in message
    assert "'Accountability' is accountability" in message


# ------------------------------------------------------------- Python API objects
def test_build_report_given_a_file_name_or_a_codebook_name_says_what_to_pass(improve_tagged):
    # Before, `build_report("tagged.csv", ...)`, `compare="last_year.csv"` and
    # `codebook="consultation"` ended in an AttributeError ('str' object has no attribute
    # 'columns' / 'theme_ids') or a TypeError (a Path "has no len()").
    codebook = Codebook.load()
    with pytest.raises(ClassifierError, match=r"tagged must be a DataFrame, not 'tagged\.csv'"):
        build_report("tagged.csv", "q_improve", codebook=codebook, **SETTINGS)
    previous = Path("prev.csv")
    with pytest.raises(ClassifierError, match=r"compare must be a DataFrame, not 'prev\.csv'"):
        build_report(improve_tagged, "q_improve", codebook=codebook, compare=previous, **SETTINGS)
    with pytest.raises(ClassifierError, match=r"Codebook\.load\(path\).*, not 'consultation'"):
        build_report(improve_tagged, "q_improve", codebook="consultation", **SETTINGS)


def test_find_needs_given_a_model_file_says_to_load_it(improve_tagged):
    # Before: AttributeError: 'PosixPath' object has no attribute 'analyze'.
    with pytest.raises(ClassifierError, match=r"ThemeClassifier\.load\(path\)"):
        find_needs(improve_tagged, model=default_model_path(), text_column="q_improve")


# ------------------------------------------------------------- the needs sheet
def _fill_new_needs(sheet: Path, rows: dict[int, dict[str, str]]) -> None:
    """Type `rows` ({row number: {column: value}}) into the sheet 'new needs' of `sheet`."""
    workbook = openpyxl.load_workbook(sheet)
    new_needs = workbook["new needs"]
    header = [cell.value for cell in new_needs[1]]
    for row, cells in rows.items():
        for column, value in cells.items():
            new_needs.cell(row, header.index(column) + 1).value = value
    workbook.save(sheet)


def _added(need_id: str, label: str, themes: str, candidate: str = "") -> dict[str, str]:
    """The cells of a row of 'new needs' that adds a need."""
    return {
        "candidate": candidate,
        "decision": "add",
        "need_id": need_id,
        "label_en": label,
        "label_fr": f"{label} (fr)",
        "label_es": f"{label} (es)",
        "themes": themes,
    }


def test_needs_added_by_hand_in_rows_without_a_candidate_are_each_added(
    cli, improve_tagged, tmp_path
):
    # Staff type two needs they know of below the candidates, with no candidate (a need may
    # join the catalogue before any answer raises it: its labels and scope train it). Before,
    # refused as "candidate  is on rows 5, 6, with a decision on at least one".
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    rows = len(pd.read_excel(sheet, sheet_name="new needs"))
    _fill_new_needs(
        sheet,
        {
            rows + 2: _added("beekeeping_training", "Beekeeping training", "capacity_development"),
            rows + 3: _added("honey_sales_network", "Honey sales network", "networking"),
        },
    )
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 0, err
    catalogue = Codebook.load(tmp_path / "reviewed" / "consultation.yaml").catalogue
    assert {"beekeeping_training", "honey_sales_network"} <= set(catalogue.need_ids)


def test_a_merge_without_a_candidate_is_refused(cli, improve_tagged, tmp_path):
    # A `merge` row without a candidate merges no answers. Before, skipped without a word.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    row = len(pd.read_excel(sheet, sheet_name="new needs")) + 2
    _fill_new_needs(sheet, {row: {"decision": "merge", "need_id": "budget_transparency"}})
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code != 0
    assert f"sheet 'new needs', row {row}: merge without a candidate" in err
    assert not (tmp_path / "reviewed").exists()


@pytest.mark.parametrize(
    ("themes", "hint"),
    [
        ("Diversity_Inclusion", "'Diversity_Inclusion' is diversity_inclusion"),
        ("Diversity and inclusion", "'Diversity and inclusion' is the label of"),
    ],
)
def test_an_added_need_s_theme_typed_in_capitals_or_as_a_label_is_named(
    cli, improve_tagged, tmp_path, themes, hint
):
    # Before: "codebook themes (unknown: 'Diversity_Inclusion')", without the id meant,
    # though training data and review sheets name it.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    candidate = pd.read_excel(sheet, sheet_name="new needs")["candidate"][0]
    _fill_new_needs(sheet, {2: _added("real_localisation", "Real localisation", themes, candidate)})
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code != 0
    assert hint in err


# ------------------------------------------------------------- review --needs options
@pytest.mark.parametrize("option", [["--n", "20"], ["--raw-csv"]])
def test_review_needs_refuses_the_options_of_the_review_sheet(
    cli, improve_tagged, tmp_path, option
):
    # `--n` picks the answers of the review sheet of themes; the needs sheet lists every new
    # need and uncertain match. Before, `review --needs --n 20` wrote all 53 without a word.
    improve_tagged.to_csv(tmp_path / "tagged.csv", index=False)
    code, _, err = cli(
        "review", tmp_path / "tagged.csv", "--needs", "-o", tmp_path / "needs.xlsx",
        "--text-column", "q_improve", *option,
    )  # fmt: skip
    assert code != 0
    assert f"--needs writes every new need and uncertain match and uses no {option[0]}" in err
    assert not (tmp_path / "needs.xlsx").exists()


def test_review_needs_refuses_an_output_that_is_no_workbook_before_reading(cli, tmp_path):
    # Before, the needs were grouped (minutes on a large file) before "a needs sheet is an
    # .xlsx workbook"; now refused first: the input is not even read.
    code, _, err = cli(
        "review", tmp_path / "missing.csv", "--needs", "-o", tmp_path / "needs.csv",
        "--text-column", "q_improve",
    )  # fmt: skip
    assert code != 0
    assert "a needs sheet is an .xlsx workbook" in err and "missing.csv" not in err
