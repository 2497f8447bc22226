"""Hostile inputs, seventh hunt: another tool calling `tag_file` and `tag`, outputs that are
an input under another name, and codebook edits YAML reads as something else."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier import Codebook
from classifier.catalogue import NeedsCatalogue
from classifier.errors import ClassifierError, CodebookError, ColumnError, DataWarning
from classifier.io.tables import read_table
from classifier.jobs.bulk import checked_paths, tag_file
from classifier.jobs.columns import Columns, resolve_columns

from conftest import EXAMPLES, ROOT

SAMPLE = EXAMPLES / "consultation_sample.csv"
CODEBOOKS = ROOT / "classifier" / "codebooks"


def test_tag_file_never_writes_over_its_input(model, tmp_path):
    """A program calling `tag_file(model, path, path, ...)` had its survey export replaced
    by the tagged file: only the command line checked that the output is not the input."""
    export = tmp_path / "export.csv"
    shutil.copyfile(SAMPLE, export)
    before = export.read_bytes()
    with pytest.raises(ClassifierError, match="output .*export.csv is an input file"):
        tag_file(model, export, tmp_path / "." / "export.csv", Columns(texts=["q_improve"]))
    assert export.read_bytes() == before
    with pytest.raises(ClassifierError, match="output directory .*missing does not exist"):
        tag_file(model, export, tmp_path / "missing" / "tagged.csv", Columns(texts=["q_improve"]))
    assert not (tmp_path / "missing").exists()  # before, the lock file created the folder


def test_tag_file_takes_paths_as_strings(model, tmp_path):
    """`tag_file(model, "export.csv", "tagged.csv", ...)` ended in AttributeError "'str'
    object has no attribute 'with_name'"."""
    output = tmp_path / "tagged.csv"
    summary = tag_file(model, str(SAMPLE), str(output), Columns(texts=["q_improve"]))
    assert summary.rows == 150
    tagged = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert len(tagged) == 150 and "themes" in tagged.columns


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            {"columns": {"texts": []}},
            r"Columns\(texts=\.\.\.\) names no text column: nothing to tag",
        ),
        ({"min_respondents": 0}, "min_respondents must be a whole number of at least 1, not 0"),
        ({"min_respondents": "2"}, "min_respondents must be a whole number of at least 1, not '2'"),
        ({"chunk_rows": 0}, "chunk_rows must be a whole number of at least 1, not 0"),
    ],
)
def test_tag_file_refuses_a_request_it_cannot_carry_out(model, tmp_path, call, message):
    """No text column wrote the input back with no prediction column; `min_respondents=0`
    (refused by `--min-respondents` and by `find_needs`) called every need recurring; a
    chunk of 0 rows was pandas' "'chunksize' must be an integer >=1"."""
    columns = Columns(**call.pop("columns", {"texts": ["q_improve"]}))
    output = tmp_path / "tagged.csv"
    with pytest.raises(ClassifierError, match=message):
        tag_file(model, SAMPLE, output, columns, **call)
    assert not output.exists()


def test_columns_refuse_one_name_where_a_list_is_expected():
    """`Columns(texts="q_improve")` was iterated letter by letter: "text column 'q' not
    found", of a file that has `q_improve`."""
    with pytest.raises(ColumnError, match=r"pass texts=\['q_improve'\]"):
        Columns(texts="q_improve")
    with pytest.raises(ColumnError, match=r"pass segments=\['region'\]"):
        Columns(texts=["q_improve"], segments="region")


def test_tag_refuses_a_prefix_that_is_not_text(model):
    """`tag(df, prefix=None)` named the new columns `Nonelanguage`, `Nonethemes`, ..., which
    no command reads back."""
    frame = pd.DataFrame({"answer": ["Plus de formations en ligne svp"]})
    with pytest.raises(ClassifierError, match=r"prefix must be a text \(''"):
        model.tag(frame, prefix=None)
    assert "q1_themes" in model.tag(frame, prefix="q1_").columns


def test_an_output_that_is_the_input_under_another_name_is_refused(cli, tmp_path):
    """The same file under another name (a hard link here; on macOS and Windows, whose file
    systems ignore case, `tag Export.csv -o export.csv`) was replaced by the tagged file."""
    export = tmp_path / "export.csv"
    shutil.copyfile(SAMPLE, export)
    alias = tmp_path / "Export.csv"
    os.link(export, alias)
    before = export.read_bytes()
    code, _, err = cli("tag", alias, "-o", export, "--text-column", "q_improve", "--jobs", "1")
    assert code == 2 and f"output {export} is an input file" in err
    assert export.read_bytes() == before and os.path.samefile(export, alias)


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of a shipped codebook file with one line changed."""
    text = (CODEBOOKS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_codebook_version_yaml_reads_as_a_decimal_is_refused(tmp_path):
    """`version: 1.10` loaded as 1.1 (and `2026.10` as 2026.1), the version model cards and
    the registry then named; `version: [1]` loaded as a list."""
    shutil.copyfile(CODEBOOKS / "consultation.needs.yaml", tmp_path / "consultation.needs.yaml")
    path = _edited(tmp_path, "consultation.yaml", "version: 1\n", "version: 1.10\n")
    with pytest.raises(CodebookError, match=r"version must be a whole number or a text \(YAML"):
        Codebook.load(path)
    with pytest.raises(CodebookError, match=r"reads it as 1\.1: put it in quotes\)"):
        Codebook.load(path)
    path = _edited(tmp_path, "consultation.yaml", "version: 1\n", "version: [1]\n")
    with pytest.raises(CodebookError, match=r"version must be a whole number or a text, not \["):
        Codebook.load(path)
    path = _edited(tmp_path, "consultation.yaml", "version: 1\n", "version: '1.10'\n")
    assert Codebook.load(path).version == "1.10"


def test_a_catalogue_version_yaml_reads_as_a_decimal_is_refused(tmp_path):
    """The same for the needs catalogue, whose next version `needs --update-catalogue`
    writes (`2026.10` became `2026.1+1`)."""
    shipped = f"version: {NeedsCatalogue.load(CODEBOOKS / 'consultation.needs.yaml').version}\n"
    path = _edited(tmp_path, "consultation.needs.yaml", shipped, "version: 2026.10\n")
    with pytest.raises(CodebookError, match=r"YAML reads it as 2026\.1: put it in quotes"):
        NeedsCatalogue.load(path)
    path = _edited(tmp_path, "consultation.needs.yaml", shipped, "version: '2026.10'\n")
    assert NeedsCatalogue.load(path).version == "2026.10"


def test_languages_refuses_several_questions_instead_of_printing_the_first(cli, tmp_path):
    """`classifier languages x.csv --text-column q_fr --text-column q_en` logged both
    questions and printed the languages of the first only (one line per row), without a
    word about the second."""
    export = tmp_path / "export.csv"
    export.write_text(
        "q_fr,q_en\nPlus de formations en ligne svp,More grants for small groups please\n"
        "Merci pour tout le travail,Thank you for all the work\n",
        encoding="utf-8",
    )
    code, out, err = cli("languages", export, "--text-column", "q_fr", "--text-column", "q_en")
    assert code == 2 and out == ""
    assert "prints the languages of one question at a time" in err
    assert "2 text columns were given (q_fr, q_en): run it once per --text-column" in err
    code, out, _ = cli("languages", export, "--text-column", "q_en")
    assert code == 0 and out == "1\ten\n2\ten\n"


def test_a_sheet_given_for_a_file_that_is_not_a_workbook_is_refused(cli, tmp_path):
    """`classifier tag export.csv --sheet Responses` ignored --sheet without a word: the
    user had meant the workbook, or another sheet of it."""
    output = tmp_path / "tagged.csv"
    code, out, err = cli(
        "tag", SAMPLE, "-o", output, "--text-column", "q_improve", "--sheet", "Responses"
    )
    assert code == 2 and out == ""
    assert "--sheet Responses names a sheet of a workbook" in err and "not an .xlsx" in err
    assert not output.exists()


@pytest.mark.parametrize("role", ["--respondent-column", "--language-column", "--id-column"])
def test_the_text_column_given_again_for_another_role_is_refused(cli, tmp_path, role):
    """`tag --text-column q_improve --respondent-column q_improve` made every answer its own
    respondent id (no need could recur across respondents), without a word."""
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", SAMPLE, "-o", output, "--text-column", "q_improve", role, "q_improve")
    assert code == 2
    assert "'q_improve' is given as both a text column and the" in err
    assert not output.exists()


def _merged_workbook(path: Path) -> Path:
    """A sheet of four answers whose `region` C2:C4 is merged over three rows, and whose
    header has a merged title cell D1:E1 over no data."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Answers"
    sheet.append(["respondent_id", "q_improve", "region", "note"])
    for row in [
        ("r1", "More training please", "North"),
        ("r2", "Better funding for small groups", None),
        ("r3", "Less paperwork", None),
        ("r4", "Nothing to add", "South"),
    ]:
        sheet.append(row)
    sheet.merge_cells("C2:C4")
    sheet.merge_cells("D1:E1")
    workbook.save(path)
    return path


def test_merged_cells_over_data_rows_are_warned_of_once(cli, tmp_path):
    """A `region` merged over three rows of an XLSX input is stored in its first cell only:
    the two rows below read as empty and the report counted them as "(not given)", without
    a word."""
    workbook = _merged_workbook(tmp_path / "merged.xlsx")
    with pytest.warns(DataWarning) as caught:
        frame = read_table(workbook)
    assert frame["region"].tolist() == ["North", "", "", "South"]  # as every reader reads it
    messages = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert len(messages) == 1
    assert "sheet 'Answers': 1 merged cell range(s) (C2:C4)" in messages[0]
    assert "only the first cell of each holds the value" in messages[0]
    assert "D1:E1" not in messages[0]  # over the column names only: no row loses a value
    code, _, err = cli("languages", workbook, "--text-column", "q_improve")
    assert code == 0 and err.count("merged cell range(s) (C2:C4)") == 1


def test_numbers_given_as_answers_are_read_as_their_text(model):
    """`predict([12, 3.5])` gave Predictions whose text was "": a number was read as a
    missing answer, its value lost, while `classifier tag` reads the cell `12` as "12"."""
    predictions = model.predict([12, 3.5, np.int64(7), None, float("nan"), "More training"])
    assert [p.text for p in predictions] == ["12", "3.5", "7", "", "", "More training"]
    assert [p.themes for p in predictions[:5]] == [[]] * 5  # numeric-only: no theme
    numbers = pd.DataFrame({"answer": [12, 3.5, None], "id": ["a", "b", "c"]})
    texts = pd.DataFrame({"answer": ["12", "3.5", ""], "id": ["a", "b", "c"]})
    tagged = model.tag(numbers, text_column="answer").drop(columns="answer")
    pd.testing.assert_frame_equal(
        tagged, model.tag(texts, text_column="answer").drop(columns="answer")
    )


@pytest.mark.parametrize(
    ("description", "read_as"),
    [
        ("[grants, calls]", r"a list, \['grants', 'calls'\]: put the whole text in quotes"),
        ("2026", "2026: put it in quotes"),
        ("no", "False: put it in quotes"),
    ],
)
def test_a_theme_description_yaml_reads_as_something_else_is_refused(
    tmp_path, description, read_as
):
    """`description: [a, b]` or `description: 2026` was stored as "['a', 'b']" or "2026"
    and embedded as the theme's description (`no` as ""), while such a label is refused."""
    shutil.copyfile(CODEBOOKS / "consultation.needs.yaml", tmp_path / "consultation.needs.yaml")
    old = "    description: grants, calls for proposals,"
    text = (CODEBOOKS / "consultation.yaml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(old))
    path = _edited(tmp_path, "consultation.yaml", line, f"    description: {description}")
    with pytest.raises(
        CodebookError,
        match=rf"theme 'fundraising': the description is not a text \(YAML reads it as {read_as}\)",
    ):
        Codebook.load(path)
    path = _edited(tmp_path, "consultation.yaml", line, f"    description: '{description}'")
    themes = {theme.id: theme for theme in Codebook.load(path).themes}
    assert themes["fundraising"].description == description


def test_xlsx_booleans_keep_the_spreadsheet_spelling(cli, tmp_path):
    """A TRUE cell of an XLSX input (a consent checkbox) came out as Python's `True` in
    every output, where the spreadsheet shows, and Excel's CSV export writes, `TRUE`."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["respondent_id", "q_improve", "consent", "typed"])
    sheet.append(["r1", "More training please", True, "True"])
    sheet.append(["r2", "Better funding for small groups", False, "false"])
    sheet.append(["r3", "Less paperwork", True, 1])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    frame = read_table(path)
    assert frame["consent"].tolist() == ["TRUE", "FALSE", "TRUE"]
    assert frame["typed"].tolist() == ["True", "false", "1"]  # text cells stay as typed
    output = tmp_path / "tagged.csv"
    code, _, _ = cli("tag", path, "-o", output, "--text-column", "q_improve", "--jobs", "1")
    tagged = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert code == 0 and tagged["consent"].tolist() == ["TRUE", "FALSE", "TRUE"]


def test_the_answer_column_guess_skips_a_column_given_for_another_role():
    """`--respondent-column contact` alone, with `contact` the file's longest free text: the
    guess took `contact` as the answers and the check above refused it as 'given as both a
    text column and the respondent column', though no text column was given."""
    frame = pd.DataFrame(
        {
            "contact": [
                "Marie Dupont, service des ressources humaines, Lyon",
                "Jean Martin, direction financière, Paris",
                "Ana López, equipo de comunicación, Madrid",
            ],
            "q1": ["Plus de webinaires", "Rien à signaler", "Más formación"],
        }
    )
    assert resolve_columns(frame, None, None, None, None, None, None).texts == ["contact"]
    columns = resolve_columns(frame, None, "contact", None, None, None, None)
    assert columns.texts == ["q1"] and columns.respondent == "contact"
    with pytest.raises(ColumnError, match="no column left for the answers besides"):
        resolve_columns(frame, None, "contact", None, "q1", None, None)


def test_tag_file_takes_numpy_integers_as_counts(tmp_path):
    """The new check on `chunk_rows` took only Python ints: `chunk_rows=np.int64(500)`, as a
    program computing it from an array passes it, was refused as 'not a whole number'."""
    checked = checked_paths(
        SAMPLE, tmp_path / "tagged.csv", Columns(texts=["q_improve"]), np.int64(2), np.int64(500)
    )
    assert checked == (SAMPLE, tmp_path / "tagged.csv")
    with pytest.raises(ClassifierError, match="chunk_rows must be a whole number"):
        checked_paths(SAMPLE, tmp_path / "t.csv", Columns(texts=["q"]), 1, np.float64(500))
