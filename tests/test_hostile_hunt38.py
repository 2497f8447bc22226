"""Hostile inputs found by hunt 38: retraining and the needs catalogue round trip. Need
labels lost without a word (under another header such as `needs` or a tagged file's
`need_ids`; a need's label, or need ids joined by `,`, read as a unique request; a model
trained, and promoted, without a need head); staff's decisions in a needs sheet given
to `train` as it is, ignored; a candidate merged into another candidate refused as "not
a catalogue need"; a tagged file's predictions trained as labels; `train --registry
FILE` failing only after the training; and a model name with a dot
(`consultation-2026.1`) saved over another model. Each test failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from test_hostile_hunt12 import edit_new_needs

from classifier import Codebook
from classifier.errors import DataWarning, LabelError, RegistryError, TrainingDataError
from classifier.io.labeled import read_labeled
from classifier.model.card import ModelCard
from classifier.model.persistence import default_model_path
from classifier.model.registry import promote, register

from conftest import LABELED, needs_sheet


@pytest.fixture(scope="module")
def asks() -> pd.DataFrame:
    """Forty-one answers of the corpus' training split (every 300th by id: requests,
    criticisms, praise and neutral answers, most asks labelled with a catalogue need)."""
    frame = pd.read_csv(LABELED / "train.csv", dtype=str, keep_default_na=False)
    return frame.sort_values("id").iloc[::300].reset_index(drop=True)


# ------------------------------------------------------------- need labels under another name
@pytest.mark.parametrize("header", ["needs", "Need ID", "need_ids"])
def test_need_labels_under_another_header_are_refused(asks, tmp_path, cli, header):
    # Before, the column was dropped as one the schema does not have: every need label was
    # lost, and `train` saved a model without a need head, without a word.
    path = tmp_path / "labeled.csv"
    asks.rename(columns={"need": header}).to_csv(path, index=False)
    code, _, err = cli("train", path, "-o", tmp_path / "m.npz")
    assert code != 0
    assert f"column(s) {header!r} hold need ids" in err
    assert "name that column 'need'" in err
    assert not (tmp_path / "m.npz").exists()


def test_a_column_of_suggestion_ids_is_not_taken_for_needs(asks, tmp_path):
    # A file without a need column but with the corpus' suggestion ids (a few of which are
    # also need ids) is read as before: its suggestions are no need labels.
    path = tmp_path / "labeled.csv"
    asks.drop(columns="need").to_csv(path, index=False)
    [frame] = read_labeled([path], Codebook.load())
    assert "need" not in frame.columns
    assert len(frame) == len(asks)


def test_need_labels_under_their_own_header_are_read(asks, tmp_path):
    path = tmp_path / "labeled.csv"
    asks.rename(columns={"need": " Need "}).to_csv(path, index=False)
    [frame] = read_labeled([path], Codebook.load())
    assert frame["need"].tolist() == asks["need"].tolist()


def test_refusal_names_the_file(asks, tmp_path):
    path = tmp_path / "labeled.csv"
    asks.rename(columns={"need": "needs"}).to_csv(path, index=False)
    with pytest.raises(TrainingDataError, match="labeled.csv"):
        read_labeled([path], Codebook.load())


# ------------------------------------------------------------- training without need labels
@pytest.fixture(scope="module")
def needless(asks):
    """A model fitted on `asks` without their need labels (a review sheet given alone has
    no need column), and the DataWarnings it gave."""
    from classifier import ThemeClassifier

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted = ThemeClassifier(cv_folds=2).fit(
            asks["text"].tolist(),
            asks["themes"].tolist(),
            stances=asks["stance"].tolist(),
            languages=asks["language"].tolist(),
        )
    return fitted, [str(w.message) for w in caught if issubclass(w.category, DataWarning)]


def test_training_without_need_labels_is_warned_about(needless):
    # Before, a model without a need head was saved without a word: every ask it tags is a
    # new need, none matched to the catalogue (the sample's 145 asks: 145 `new-` ids).
    fitted, said = needless
    assert fitted.need_model_ is None
    assert any("no training ask (request or criticism) is labelled with a need" in w for w in said)
    assert any("no need head is trained" in w for w in fitted.training_summary_["warnings"])


def test_promote_refuses_a_version_that_lost_the_defaults_need_head(needless, registry):
    # The test figures say nothing of needs: before, a version trained without need labels,
    # as good on themes and stances as the default, was promoted without a word.
    fitted, _ = needless
    register(fitted, registry, ModelCard.read(default_model_path()).test)
    with pytest.raises(RegistryError, match="the version has no need head") as caught:
        promote(registry, "v002")
    assert "needs catalogue 'consultation-needs' version 3" in str(caught.value)
    assert ModelCard.read(registry / "default" / "model.npz").catalogue is not None
    assert "forced: the version has no need head" in promote(registry, "v002", force=True)


# ------------------------------------------------------------- a needs sheet given to train
def test_a_needs_sheet_with_decisions_given_to_train_is_refused(
    cli, improve_tagged, tmp_path, asks
):
    # Before, `train` read the sheet's first sheet, `answers`, as labeled data and ignored
    # 'new needs': a candidate staff merged into a catalogue need trained under its `new-`
    # id, as a unique request, and the merge was lost without a word.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    closest = pd.read_excel(sheet, sheet_name="new needs", dtype=str)["closest_need"][0]
    edit_new_needs(sheet, 2, decision="merge", need_id=closest)
    asks.to_csv(tmp_path / "labeled.csv", index=False)
    code, _, err = cli("train", tmp_path / "labeled.csv", sheet, "-o", tmp_path / "m.npz")
    assert code != 0
    assert "needs.xlsx is a needs sheet with decisions in sheet 'new needs' (row 2: merge)" in err
    assert f"classifier needs --update-catalogue {sheet} -o DIR" in err
    assert "DIR/needs_answers.csv --codebook DIR/consultation.yaml" in err
    assert not (tmp_path / "m.npz").exists()


def test_a_needs_sheet_without_decisions_may_be_trained_as_it_is(cli, improve_tagged, tmp_path):
    # Its `answers` sheet is in the training schema (its first sheet for that): with nothing
    # decided in 'new needs', training it is what the update would write.
    from classifier.needs.review import refuse_undone_decisions

    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    refuse_undone_decisions([sheet, LABELED / "test.csv"], None)


# ------------------------------------------------------------- a candidate merged into another
QUEER_SAFE_SPACES = {
    "need_id": "queer_safe_spaces",
    "label_en": "Safe spaces for queer activists",
    "label_fr": "Espaces sûrs pour les militants queer",
    "label_es": "Espacios seguros para activistas queer",
}


def test_a_candidate_merged_into_a_candidate_the_sheet_adds_joins_that_need(
    cli, improve_tagged, tmp_path
):
    # Two candidates of one new need: staff add the first and merge the second into it by
    # its candidate id. Before, refused: "'new-…' is not a catalogue need; give a catalogue
    # need_id (sheet 'catalogue')", though the need was being added by the sheet.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    candidates = pd.read_excel(sheet, sheet_name="new needs", dtype=str)["candidate"]
    first, second = candidates[0], candidates[1]
    edit_new_needs(sheet, 2, decision="add", **QUEER_SAFE_SPACES)
    edit_new_needs(sheet, 3, decision="merge", need_id=first)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 0, err
    answers = pd.read_csv(tmp_path / "reviewed" / "needs_answers.csv", dtype=str)
    sheet_answers = pd.read_excel(sheet, sheet_name="answers", dtype=str)
    ids = sheet_answers.loc[sheet_answers["need"].isin([first, second]), "id"]
    assert len(ids) >= 2
    assert set(answers.set_index("id").loc[ids, "need"]) == {"queer_safe_spaces"}


def test_a_candidate_merged_into_a_candidate_left_undecided_says_so(cli, improve_tagged, tmp_path):
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    first = pd.read_excel(sheet, sheet_name="new needs", dtype=str)["candidate"][0]
    edit_new_needs(sheet, 3, decision="merge", need_id=first)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert "row 3: candidate" in err
    assert f"{first!r}, a candidate of this sheet that is neither added nor merged" in err


# ------------------------------------------------------------- a need's label for its id
def test_a_needs_label_typed_for_its_id_in_training_data_is_named(asks, tmp_path):
    # Staff labelling asks by the needs they read in the catalogue (a report, the needs
    # sheet's `catalogue`) type a need's label. Before, it trained as a unique request of
    # its own, without a word: the need head learnt nothing of the need meant.
    catalogue = Codebook.load().catalogue
    edited = asks.copy()
    rows = edited.index[edited["need"] != ""][:2]
    first, second = (edited.loc[row, "need"].split(";")[0] for row in rows)
    edited.loc[rows[0], "need"] = catalogue.label(first, "en").upper()
    edited.loc[rows[1], "need"] = "  " + catalogue.label(second, "fr")
    path = tmp_path / "labeled.csv"
    edited.to_csv(path, index=False)
    with pytest.raises(LabelError) as caught:
        read_labeled([path], Codebook.load())
    message = str(caught.value)
    assert f"labeled.csv:{rows[0] + 2} is the label of {first}" in message
    assert f"labeled.csv:{rows[1] + 2} is the label of {second}" in message


# ------------------------------------------------------------- a file given as the registry
@pytest.mark.parametrize("inside", [False, True])
def test_train_refuses_a_file_as_its_registry_before_training(asks, tmp_path, cli, inside):
    # Before, `train --registry notes.txt` trained (many minutes on the corpus), then ended
    # with "notes.txt/consultation/v001: Not a directory": the training lost. Now refused
    # before any training, as `classifier models --registry FILE` is.
    asks.to_csv(tmp_path / "labeled.csv", index=False)
    (tmp_path / "notes.txt").write_text("registry notes", encoding="utf-8")
    registry = tmp_path / "notes.txt" / "models" if inside else tmp_path / "notes.txt"
    code, _, err = cli(
        "train", tmp_path / "labeled.csv", "--registry", registry,
        "--test", LABELED / "test.csv",
    )  # fmt: skip
    assert code == 2
    assert f"registry {registry}" in err
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder of model versions" in err
    assert "fitting" not in err and "reading and checking" not in err


@pytest.mark.parametrize("separator", [", ", "/", " | ", "\n"])
def test_need_ids_joined_by_another_separator_in_training_data_are_named(asks, tmp_path, separator):
    # Before, `budget_transparency, member_voices_at_un` trained as one unique request of
    # that name: neither need learnt from the ask.
    edited = asks.copy()
    row = edited.index[edited["need"] != ""][0]
    first = edited.loc[row, "need"].split(";")[0]
    edited.loc[row, "need"] = f"{first}{separator}Budget_Transparency"
    path = tmp_path / "labeled.csv"
    edited.to_csv(path, index=False)
    with pytest.raises(LabelError) as caught:
        read_labeled([path], Codebook.load())
    assert (
        f"labeled.csv:{row + 2} is {first};budget_transparency (separate need ids with ';')"
        in str(caught.value)
    )


# ------------------------------------------------------------- a model name with a dot
def test_model_names_with_a_dot_are_saved_under_their_whole_name(needless, tmp_path):
    # Before, `save("models/consultation-2026.1")` wrote models/consultation-2026.npz (the
    # `.1` read as a suffix and replaced), so saving `…-2026.2` next wrote over it, card
    # included, without a word; `load("…-2026.1")` then read the `.2` model.
    from classifier import ThemeClassifier

    fitted, _ = needless
    first = fitted.save(tmp_path / "consultation-2026.1", note="first")
    second = fitted.save(tmp_path / "consultation-2026.2", note="second")
    assert (first.name, second.name) == ("consultation-2026.1.npz", "consultation-2026.2.npz")
    assert ThemeClassifier.load(tmp_path / "consultation-2026.1").card_.note == "first"
    assert ThemeClassifier.load(tmp_path / "consultation-2026.2").card_.note == "second"
    # A legacy joblib name still becomes the safe format's, as documented.
    assert fitted.save(tmp_path / "old.joblib").name == "old.npz"


def test_convert_to_names_with_a_dot_keeps_both_models(needless, tmp_path, cli):
    fitted, _ = needless
    source = fitted.save(tmp_path / "source.npz")
    for name in ("model-v1.1", "model-v1.2"):
        code, _, err = cli("convert", source, "-o", tmp_path / "out" / name)
        assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "model-v1.1.card.json", "model-v1.1.npz", "model-v1.2.card.json", "model-v1.2.npz",
    ]  # fmt: skip


# ------------------------------------------------------------- a tagged file given to train
def test_a_tagged_file_given_as_training_data_is_refused(improve_tagged, tmp_path, cli):
    # A file tagged by `classifier tag` whose answers' column is named `text`: before, its
    # predicted themes and stances trained as checked labels (the model learning its own
    # mistakes), and its need_ids were dropped, without a word.
    tagged = tmp_path / "tagged.csv"
    improve_tagged.rename(columns={"q_improve": "text"}).to_csv(tagged, index=False)
    code, _, err = cli("train", tagged, "-o", tmp_path / "m.npz")
    assert code == 2
    assert "tagged.csv is a file tagged by `classifier tag` (columns stance_score, score_" in err
    assert "predictions, not checked labels" in err
    assert f"classifier review {tagged} -o review.xlsx" in err
    assert not (tmp_path / "m.npz").exists()


# ------------------------------------------------------------- the order of 'new needs'
def test_needs_added_in_any_row_order_give_the_same_catalogue(cli, improve_tagged, tmp_path):
    # Staff sort 'new needs' (by respondents, by decision) before deciding. Before, the
    # added needs joined the catalogue in the sheet's row order: the same decisions gave
    # another catalogue file (and hash) in each order.
    import openpyxl

    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    edit_new_needs(sheet, 2, decision="add", **QUEER_SAFE_SPACES)
    edit_new_needs(
        sheet, 3, decision="add", need_id="field_staff_online_sessions",
        label_en="Online sessions for field staff",
        label_fr="Sessions en ligne pour le personnel de terrain",
        label_es="Sesiones en línea para el personal de campo",
    )  # fmt: skip
    workbook = openpyxl.load_workbook(sheet)
    new_needs = workbook["new needs"]
    rows = [[cell.value for cell in row] for row in new_needs.iter_rows(min_row=2)]
    for row, values in enumerate([rows[1], rows[0], *rows[2:]], start=2):
        for column, value in enumerate(values, start=1):
            new_needs.cell(row, column).value = value
    sorted_sheet = tmp_path / "sorted.xlsx"
    workbook.save(sorted_sheet)
    written = []
    for number, path in enumerate((sheet, sorted_sheet)):
        code, _, err = cli("needs", "--update-catalogue", path, "-o", tmp_path / f"out{number}")
        assert code == 0, err
        written.append((tmp_path / f"out{number}" / "consultation.needs.yaml").read_bytes())
    assert written[0] == written[1]


# ------------------------------------------------------------- a failed training's folders
def test_a_training_that_fails_leaves_no_empty_folder_of_its_output(asks, tmp_path, cli):
    # Before, `train -o new/v2/model.npz` made new/v2/ before reading the data: a training
    # file refused (here a theme typed as its label) left the empty folders behind, as
    # `convert` did for a file that is no model.
    edited = asks.copy()
    edited.loc[0, "themes"] = "Capacity development"
    edited.to_csv(tmp_path / "labeled.csv", index=False)
    code, _, err = cli("train", tmp_path / "labeled.csv", "-o", tmp_path / "new" / "v2" / "m.npz")
    assert code == 2 and "'Capacity development' is the label of capacity_development" in err
    assert not (tmp_path / "new").exists()
