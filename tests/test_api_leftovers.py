"""Leftovers two walkthroughs found (declared languages the model does not know, a tagged
file's one question, a needs sheet's empty ids, needs' outputs over earlier ones, a model
version's per-theme figures): each test failed before its fix."""

from __future__ import annotations

import shutil
import warnings
from collections import Counter

import openpyxl
import pandas as pd
import pytest

from classifier.errors import ColumnError, DataWarning
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns
from classifier.model.card import ModelCard
from classifier.model.persistence import default_model_path
from classifier.model.registry import register

from conftest import needs_sheet

ANSWERS = [
    "Les webinaires étaient trop courts et mal organisés",
    "The newsletter should come out more often please",
    "Necesitamos más formación para los miembros nuevos",
]


def test_predict_warns_of_declared_languages_it_does_not_know(model):
    # README: declared languages win "when valid". Before, `de` was detected without a word.
    # None, an empty cell and `und` declare no language: not named.
    texts = ANSWERS + ANSWERS
    with pytest.warns(DataWarning) as caught:
        predictions = model.predict(texts, languages=["de", "de", "Klingon", None, "", "und"])
    assert [p.language for p in predictions] == ["fr", "en", "es"] * 2
    assert [str(w.message) for w in caught] == [
        "declared language(s) the model does not know: 'de' (2 answers), 'Klingon' (1 "
        "answer); their languages were detected from the answers instead (declare fr, en, "
        "es or a name such as French, or leave the cell empty)"
    ]


def test_tag_warns_of_a_language_column_it_does_not_understand(model):
    frame = pd.DataFrame({"answer": ANSWERS, "questionnaire_language": ["de", "fr", "es"]})
    with pytest.warns(DataWarning, match=r"'de' \(1 answer\); their languages were detected"):
        tagged = model.tag(frame, "answer", language_column="questionnaire_language")
    assert tagged["language"].tolist() == ["fr", "fr", "es"]


def test_the_tag_command_warns_once_of_the_languages_it_does_not_know(cli, tmp_path):
    source = tmp_path / "export.csv"
    pd.DataFrame(
        {"id": ["1", "2", "3"], "questionnaire_language": ["de", "de", ""], "answer": ANSWERS}
    ).to_csv(source, index=False)
    code, _, err = cli(
        "tag", source, "-o", tmp_path / "tagged.csv",
        "--text-column", "answer", "--language-column", "questionnaire_language",
    )  # fmt: skip
    assert code == 0, err
    warned = [line for line in err.splitlines() if "does not know" in line]
    assert warned == [
        "classifier: warning: in questionnaire_language, declared language(s) the model does "
        "not know: 'de' (2 rows); their languages were detected from the answers instead "
        "(declare fr, en, es or a name such as French, or leave the cell empty)"
    ]
    assert pd.read_csv(tmp_path / "tagged.csv")["language"].tolist() == ["fr", "en", "es"]


def test_a_file_tagged_in_chunks_counts_the_languages_once_over_the_whole_file(model, tmp_path):
    source = tmp_path / "export.csv"
    pd.DataFrame({"lang": ["de", "de", "es"], "answer": ANSWERS}).to_csv(source, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)  # not once per chunk
        summary = tag_file(
            model,
            source,
            tmp_path / "tagged.csv",
            Columns(texts=["answer"], language="lang"),
            chunk_rows=1,
        )
    assert summary.unknown_languages == Counter({"de": 2})


def test_a_needs_sheet_answer_without_an_id_is_refused_naming_its_rows(
    cli, improve_tagged, tmp_path
):
    # The sheet is read back by id: an answer whose id was cleared went to needs_answers.csv
    # without one, where a later review sheet could no longer correct it.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    workbook = openpyxl.load_workbook(sheet)
    for cell in ("A2", "A4"):
        workbook["answers"][cell].value = None
    workbook.save(sheet)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert (
        f"answers without an id in {sheet}, sheet 'answers', row 2, {sheet}, sheet 'answers', "
        "row 4: give each the id it has in the tagged file"
    ) in err
    assert not (tmp_path / "reviewed").exists()


def test_review_needs_refuses_an_id_column_empty_for_an_answer_it_lists(
    cli, improve_tagged, tmp_path
):
    # Else the sheet it writes would be refused when read back.
    listed = pd.read_excel(needs_sheet(cli, improve_tagged, tmp_path), dtype=str)["id"][0]
    tagged = improve_tagged.copy()
    tagged.loc[tagged["respondent_id"] == listed, "respondent_id"] = ""
    row = tagged.index[tagged["respondent_id"] == ""][0] + 2
    tagged.to_csv(tmp_path / "blank.csv", index=False)
    code, _, err = cli(
        "review", tmp_path / "blank.csv", "--needs", "-o", tmp_path / "blank.xlsx",
        "--text-column", "q_improve", "--id-column", "respondent_id",
    )  # fmt: skip
    assert code == 2
    assert (
        f"the id column respondent_id is empty for answers the needs sheet lists (row {row}): "
        "the sheet is read back by id"
    ) in err
    assert not (tmp_path / "blank.xlsx").exists()


def test_needs_update_refuses_to_write_over_a_catalogue_it_reads(cli, improve_tagged, tmp_path):
    # A second update into the folder of the first, from a codebook kept elsewhere that
    # names the first update's catalogue: it would have been written over what it read.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    reviewed = tmp_path / "reviewed"
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", reviewed)
    assert code == 0, err
    kept = tmp_path / "kept"
    kept.mkdir()
    codebook = (reviewed / "consultation.yaml").read_text(encoding="utf-8")
    (kept / "consultation.yaml").write_text(
        codebook.replace(
            "needs: consultation.needs.yaml", "needs: ../reviewed/consultation.needs.yaml"
        ),
        encoding="utf-8",
    )
    before = {path.name: path.read_bytes() for path in reviewed.iterdir()}
    code, _, err = cli(
        "needs",
        "--update-catalogue",
        sheet,
        "-o",
        reviewed,
        "--codebook",
        kept / "consultation.yaml",
    )
    assert code == 2
    assert (
        f"-o {reviewed}: the update would write over {reviewed / 'consultation.needs.yaml'}, the "
        f"needs catalogue of the codebook {kept / 'consultation.yaml'} (an input); an update "
        "never writes over its inputs: give -o a new folder"
    ) in err
    assert {path.name: path.read_bytes() for path in reviewed.iterdir()} == before


def test_models_shows_a_versions_figures_per_theme_with_their_changes(cli, model, tmp_path):
    # `models` lists totals only; the card of each version has its per-theme figures and
    # their changes against the default it was compared with.
    registry = tmp_path / "models"
    (registry / "default").mkdir(parents=True)
    for path in default_model_path().parent.glob("model.*"):
        shutil.copy(path, registry / "default" / path.name)
    shipped = ModelCard.read(default_model_path()).test
    youth = {**shipped["per_theme"]["youth"], "f1": shipped["per_theme"]["youth"]["f1"] + 0.012}
    register(model, registry, {**shipped, "per_theme": {**shipped["per_theme"], "youth": youth}})
    code, out, err = cli("models", "v001", "--registry", registry)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("consultation/v001, created ")
    assert lines[0].endswith(
        "tested on test.csv; changes against default, the default when it was registered"
    )
    assert f"micro-F1: {shipped['micro_f1']:.3f} (+0.000)" in out
    [row] = [line for line in lines if line.startswith("youth ")]
    assert row.split() == [
        "youth",
        f"{youth['precision']:.3f}",
        f"{youth['recall']:.3f}",
        f"{youth['f1']:.3f}",
        str(youth["support"]),
        "+0.012",
    ]
    [row] = [line for line in lines if line.startswith("fr ")]
    assert row.split()[-1] == "+0.000"
    code, _, err = cli("models", "v009", "--registry", registry)
    assert code == 2 and "no version 'v009'" in err and "consultation/v001" in err


@pytest.mark.parametrize("role", ["respondent_column", "language_column"])
def test_tag_refuses_the_answers_as_their_own_respondent_or_language(model, role):
    # As `classifier tag` refuses it: before, the API tagged with each answer read as its
    # own respondent id (or declared language), without a word.
    frame = pd.DataFrame({"answer": ["Plus de webinaires svp", "More grants"], "id": [1, 2]})
    with pytest.raises(ColumnError, match="'answer' is given as both a text column and the"):
        model.tag(frame, text_column="answer", **{role: "answer"})
