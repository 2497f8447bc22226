"""Fifth hostile pass: titles above the column names, odd registries, thin stance labels and
test files with empty answers. Each test failed on the code before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from classifier import ThemeClassifier
from classifier.errors import DataWarning, RegistryError, TableError
from classifier.io.tables import read_table
from classifier.model.card import ModelCard
from classifier.model.registry import promote, register

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


# ------------------------------------------------------ a title above the column names
def test_a_csv_title_line_above_the_column_names_is_refused_not_read_as_one_column(cli, tmp_path):
    # Read as the header, the title hid the delimiter: the file was read as one tab-separated
    # column of whole lines, each tagged as one answer (the column names among them), exit 0.
    source = tmp_path / "export.csv"
    source.write_text("Consultation 2026 export\n" + SAMPLE.read_text(encoding="utf-8"), "utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2 and "internal error" not in err
    assert f"{source}: line 1 holds one cell, 'Consultation 2026 export'" in err
    assert "lines below hold 8 fields split by ','" in err and "delete the line(s)" in err
    assert not (tmp_path / "tagged.csv").exists()


def test_a_csv_title_line_as_a_spreadsheet_saves_it_is_named_as_a_title(tmp_path):
    # Excel pads the title with empty fields: before, "several columns named ''".
    source = tmp_path / "export.csv"
    source.write_text("Consultation 2026,,,,,,,\n" + SAMPLE.read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(TableError, match="line 1 holds one cell, 'Consultation 2026', with 7"):
        read_table(source)


def test_a_one_column_csv_whose_answers_hold_a_comma_is_still_read_whole(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("answer\nGood, thanks\nMore webinars, please\nNone, sorry\n", "utf-8")
    assert read_table(source)["answer"].tolist() == [
        "Good, thanks",
        "More webinars, please",
        "None, sorry",
    ]


def test_an_xlsx_title_row_above_the_column_names_is_refused(cli, tmp_path):
    import openpyxl

    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(20)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "export"
    sheet.append(["Consultation 2026 - export of 2 February"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(frame.columns))
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    # Before: columns 'Consultation 2026 ...', 'Unnamed: 1', ..., the column names tagged as
    # an answer, no respondent or language column found, exit 0.
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2 and "internal error" not in err
    assert "sheet 'export': row 1 holds one cell, 'Consultation 2026 - export" in err
    assert "row 2 fills 8 cells" in err
    assert not (tmp_path / "tagged.csv").exists()


def test_an_xlsx_sheet_with_a_named_column_and_unnamed_ones_is_still_read(tmp_path: Path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["answer", None])
    sheet.append(["More webinars", "note"])
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    assert read_table(source).columns.tolist() == ["answer", "Unnamed: 1"]


# ------------------------------------------------------------- registries
def test_promote_refuses_a_default_that_is_a_link_to_a_version_folder(small_model, tmp_path):
    fitted, _ = small_model
    registry = tmp_path / "models"
    first = register(fitted, registry, {"micro_f1": 0.5})
    second = register(fitted, registry, {"micro_f1": 0.6})
    # Staff marked the current version with a link, as for a `current -> v001` release.
    (registry / "default").symlink_to(first.parent, target_is_directory=True)
    first_bytes = first.read_bytes()
    # Before: v002's model and card were written into v001's folder (v001 lost, and listed
    # with v002's figures), and the command said v002 was now the default.
    with pytest.raises(RegistryError, match="is a link to the version folder .*v001"):
        promote(registry, "v002")
    assert ModelCard.read(first).test["micro_f1"] == 0.5
    assert first.read_bytes() == first_bytes
    (registry / "default").unlink()
    assert "v002 is now the default" in promote(registry, "v002")
    assert ModelCard.read(registry / "default" / "model.npz").test["micro_f1"] == 0.6
    assert ModelCard.read(first).test["micro_f1"] == 0.5 and second.is_file()


def test_versions_registered_with_their_micro_f1_only_are_compared_and_promoted(
    small_model, tmp_path
):
    # A card may carry only its micro-F1 (a model registered through the API); before, a
    # second such version was a raw KeyError 'macro_f1' when registered (an empty folder
    # left behind), and its promotion too.
    fitted, _ = small_model
    registry = tmp_path / "models"
    register(fitted, registry, {"micro_f1": 0.5})
    promote(registry, "v001")
    second = register(fitted, registry, {"micro_f1": 0.52})
    card = ModelCard.read(second)
    assert card.compared_with == "consultation/v001"
    assert card.deltas == {"micro_f1": 0.02, "per_theme_f1": {}, "per_language_micro_f1": {}}
    assert "v002 is now the default" in promote(registry, "v002")
    worse = register(fitted, registry, {"micro_f1": 0.4})
    with pytest.raises(RegistryError, match=r"micro-F1 drops by 0\.120"):
        promote(registry, worse.parent.name)


# ------------------------------------------------------------- thin training labels
def test_training_data_whose_stances_are_all_one_is_warned_about(train_frame):
    # A file of requests only: no stance model can be learnt from one stance. Before, none
    # was trained without a word, and every tagged answer got no stance and no need.
    subset = train_frame.sort_values("id").iloc[::60]
    with pytest.warns(DataWarning, match="every stance label of the training data is 'request'"):
        fitted = ThemeClassifier(cv_folds=2).fit(
            subset["text"].tolist(),
            subset["themes"].tolist(),
            stances=["request"] * len(subset),
            languages=subset["language"].tolist(),
        )
    assert fitted.stance_model_ is None
    assert any("no needs are grouped" in w for w in fitted.training_summary_["warnings"])


# ------------------------------------------------------------- test files
def test_evaluate_leaves_out_test_rows_with_empty_text_naming_them(cli, tmp_path):
    # A labelled row whose answer is empty (a review sheet whose text cell was cleared)
    # cannot be tagged by any model: before, it was scored as a missed theme and a wrong
    # stance without a word, lowering the figures that decide a promotion.
    source = tmp_path / "test.csv"
    source.write_text(
        "id,text,themes,stance\n"
        "1,Plus de formations en ligne pour les membres,capacity_development,request\n"
        "2,,youth,request\n"
        "3,More webinars in Spanish please,language_access,request\n",
        "utf-8",
    )
    code, out, err = cli("evaluate", source, "--json")
    assert code == 0, err
    metrics = json.loads(out)
    assert metrics["answers"] == 2 and metrics["per_theme"]["youth"]["support"] == 0
    assert "1 test row(s) have empty text (1 of them labelled) and were left out of the" in err
    assert "test.csv:3" in err
