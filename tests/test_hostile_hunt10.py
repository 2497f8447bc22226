"""Hostile inputs found by hunt 10 (hand-edited model cards and registries, the needs sheet
filtered, answers of invisible characters, odd CSV first lines and joined exports, the
report's Python API): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from classifier import Codebook, ThemeClassifier
from classifier.errors import TableError
from classifier.io.tables import read_table
from classifier.report import build_report

from conftest import needs_sheet

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "default"
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"


def shipped_copy(folder: Path, card: str | None = None) -> Path:
    """The shipped model in `folder` (a link to its file) with its card, or `card` as the
    card's text; returns the model file's path."""
    folder.mkdir(parents=True)
    (folder / "model.npz").symlink_to(SHIPPED / "model.npz")
    text = (SHIPPED / "model.card.json").read_text(encoding="utf-8") if card is None else card
    (folder / "model.card.json").write_text(text, encoding="utf-8")
    return folder / "model.npz"


# ------------------------------------------------------------- model cards and registries
def test_a_model_card_saved_with_a_byte_order_mark_still_loads(tmp_path):
    # Staff who add a note to a card in Windows Notepad (or PowerShell) save it with a UTF-8
    # BOM. Before, the card was "not a readable model card (Unexpected UTF-8 BOM ...)": the
    # model no longer loaded and `promote` refused it, for one invisible character.
    path = shipped_copy(tmp_path / "shared")
    card = path.with_suffix(".card.json")
    card.write_text(card.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert card.read_bytes().startswith(b"\xef\xbb\xbf")
    model = ThemeClassifier.load(path)
    assert model.card_.model_sha256 == json.loads(card.read_text("utf-8-sig"))["model_sha256"]
    assert model.predict(["Plus de formations en ligne svp"])[0].themes


@pytest.fixture
def registry_with_a_damaged_default(tmp_path) -> Path:
    """A registry of one version (the shipped model) whose default's card was edited by
    hand into no JSON."""
    registry = tmp_path / "models"
    shipped_copy(registry / "consultation" / "v001")
    shipped_copy(registry / "default", card='{"note": "restored by hand"')
    return registry


def test_models_lists_the_versions_when_the_default_card_is_damaged(
    cli, registry_with_a_damaged_default
):
    # Before, `models` ended with "default/model.card.json is not a readable model card" and
    # listed nothing: the versions staff need to see to repair the default were hidden.
    registry = registry_with_a_damaged_default
    code, out, err = cli("models", "--registry", registry)
    assert code == 0, err
    card = registry / "default" / "model.card.json"
    assert f"{card} is not a readable model card" in err
    assert "no version is marked as the default" in err
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:3]}
    # the version's test figures, as its card records them (the shipped model's)
    test = json.loads((SHIPPED / "model.card.json").read_text(encoding="utf-8"))["test"]
    figures = [test["micro_f1"], test["macro_f1"], test["stance_accuracy"]]
    assert rows["consultation/v001"][2:5] == [f"{value:.3f}" for value in figures]
    assert rows["default"] == ["-"] * 4 + ["=", "the", "shipped", "model"]


def test_promote_force_replaces_a_default_whose_card_is_damaged(
    cli, registry_with_a_damaged_default
):
    # Before, `promote` refused a damaged default card even with --force, so the one command
    # that repairs a registry's default could not be used; without --force the error did
    # not say what to do.
    registry = registry_with_a_damaged_default
    card = registry / "default" / "model.card.json"
    code, _, err = cli("promote", "v001", "--registry", registry)
    assert code == 2
    assert "restore that card, or replace the default with this version with --force" in err
    assert card.read_text(encoding="utf-8") == '{"note": "restored by hand"'
    code, out, err = cli("promote", "v001", "--registry", registry, "--force")
    assert code == 0, err
    assert "consultation/v001 is now the default model" in out
    assert json.loads(card.read_text(encoding="utf-8"))["version"] == "consultation/v001"
    ThemeClassifier.load(registry / "default" / "model.npz")  # matches its card again


# ------------------------------------------------------------- the needs sheet
def test_answers_a_filter_hides_in_the_needs_sheet_are_not_written_as_training_data(
    cli, improve_tagged, tmp_path
):
    # Staff filter the needs sheet's answers on one candidate, correct what they see and
    # save. Before, `needs --update-catalogue` wrote every row, hidden or not, to
    # needs_answers.csv as checked training data (and a CSV keeps no trace of the filter
    # for `classifier train` to refuse, as it refuses a filtered review workbook).
    import openpyxl

    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    workbook = openpyxl.load_workbook(sheet)
    answers = workbook["answers"]
    answers.auto_filter.ref = answers.dimensions
    for row in (3, 4, 7):
        answers.row_dimensions[row].hidden = True
    workbook.save(sheet)

    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert "needs.xlsx, sheet 'answers': 3 row(s) with answers are hidden" in err
    assert "row 3, row 4, row 7" in err and "clear the filter" in err
    assert not (tmp_path / "reviewed").exists()


# ------------------------------------------------------------- answers nobody can see
INVISIBLE = ["\u200b", "\ufeff", "\u200e\u200f", "\u00ad", " \u2060 "]


def test_an_answer_of_invisible_characters_is_empty_for_report_review_and_evaluate(
    cli, model, tmp_path
):
    # `tag` reads a cell holding only a zero-width space, a BOM, direction marks or a soft
    # hyphen as an empty answer (no theme, neutral). Before, `report` counted each as an
    # answer (5 more in the overview and every share's denominator), `review` put them in
    # the sheet to review, and `evaluate` scored a labelled one as a miss.
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(20)
    sample.loc[:4, "q_improve"] = INVISIBLE
    tagged = model.tag(sample, text_column="q_improve")
    assert set(tagged["themes"][:5]) == {""} and set(tagged["stance"][:5]) == {"neutral"}
    report = build_report(tagged, ["q_improve"], codebook=Codebook.load())
    overview = report.tables["overview"].set_index("language")
    assert overview.loc["total", "answers"] == 15
    tagged.to_csv(tmp_path / "tagged.csv", index=False)
    code, _, err = cli(
        "review", tmp_path / "tagged.csv", "-o", tmp_path / "review.csv", "--n", "50",
        "--text-column", "q_improve",
    )  # fmt: skip
    assert code == 0, err
    assert len(read_table(tmp_path / "review.csv")) == 15
    pd.DataFrame(
        {"text": ["More training please", "\u200b"], "themes": ["capacity_development", "youth"]}
    ).to_csv(tmp_path / "test.csv", index=False)
    code, out, err = cli("evaluate", tmp_path / "test.csv", "--json")
    assert code == 0, err
    assert "1 test row(s) have empty text (1 of them labelled)" in err and "test.csv:3" in err
    assert json.loads(out)["answers"] == 1 and json.loads(out)["micro_f1"] == 1.0


# ------------------------------------------------------------- the report's Python API
def test_build_report_takes_one_segment_column_given_as_a_name(improve_tagged):
    # `questions` may be one name; `segment_columns` too now. Before, a name was iterated:
    # "segment column 'r' not found", of a file that has the column `region`.
    codebook = Codebook.load()
    one = build_report(improve_tagged, "q_improve", codebook=codebook, segment_columns="region")
    listed = build_report(
        improve_tagged, "q_improve", codebook=codebook, segment_columns=["region"]
    )
    assert one.tables["nps"].equals(listed.tables["nps"])
    assert one.html == listed.html


# ------------------------------------------------------------- odd first lines and joined files
@pytest.mark.parametrize("hint", ["sep=;", "sep=,", '"sep=;"', "SEP=\t"])
def test_excels_delimiter_hint_line_is_named_for_what_it_is(tmp_path, hint):
    # Some exports (and guides on opening a CSV in Excel) put `sep=;` on a first line of its
    # own. Before, it was read as the column names and the error blamed an answer: "line 2
    # has 8 fields but the header has 2: an answer containing the delimiter must be quoted".
    delimiter = hint.rstrip('"')[-1]
    rows = pd.read_csv(SAMPLE, dtype=str).head(3)
    path = tmp_path / "export.csv"
    path.write_text(f"{hint}\n{rows.to_csv(index=False, sep=delimiter)}", encoding="utf-8")
    with pytest.raises(TableError, match="is Excel's delimiter hint, not the column names"):
        read_table(path)
    path.write_text(rows.to_csv(index=False, sep=delimiter), encoding="utf-8")
    assert read_table(path).equals(rows)  # without the line, the file is read as it was


def joined_exports(rows: pd.DataFrame, at: int) -> pd.DataFrame:
    """`rows` with a row repeating the column names before row position `at`, as two
    exports joined into one file give."""
    header = pd.DataFrame([rows.columns.tolist()], columns=rows.columns)
    return pd.concat([rows.iloc[:at], header, rows.iloc[at:]], ignore_index=True)


def test_a_row_repeating_the_column_names_is_refused_naming_it(cli, tmp_path):
    # Two exports joined (`cat a.csv b.csv`, or pasted one under the other): before, the
    # second header was tagged as an answer ("q_improve", en, neutral) and counted as a
    # respondent ("respondent_id") by the report, without a word.
    rows = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    csv, xlsx = tmp_path / "joined.csv", tmp_path / "joined.xlsx"
    joined_exports(rows, 140).to_csv(csv, index=False)
    joined_exports(rows, 5).to_excel(xlsx, index=False, sheet_name="export")
    with pytest.raises(TableError, match=r"joined.csv: row\(s\) 142 repeat the column names"):
        read_table(csv)
    with pytest.raises(TableError, match=r"sheet 'export': row\(s\) 7 repeat the column names"):
        read_table(xlsx)
    # `tag` reads a CSV in chunks (of 1,000 rows; here 50): the row is named in any of them.
    from classifier.jobs.source import iter_chunks

    with pytest.raises(TableError, match=r"row\(s\) 142 repeat the column names"):
        list(iter_chunks(csv, None, None, rows=50))
    code, _, err = cli("tag", csv, "-o", tmp_path / "tagged.csv", "--text-column", "q_improve")
    assert code == 2 and "delete those rows, keeping the column names of row 1" in err
    assert not (tmp_path / "tagged.csv").exists()
    # An answer equal to its column's name, beside other cells, is an answer.
    rows.loc[3, "q_improve"] = "q_improve"
    rows.to_csv(csv, index=False)
    assert read_table(csv).loc[3, "q_improve"] == "q_improve"
