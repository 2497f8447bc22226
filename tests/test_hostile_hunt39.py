"""Hostile inputs found by hunt 39: `build_report` and `find_needs` given the question's own
column as the respondent, score or language column (refused by the commands, read by the
Python API as ids or languages without a word); `build_report` given its questions or
segment columns as a pandas Index, Series or numpy array (`tagged.columns[4:6]`); an XLSX
export whose row 1 is a heading merged over a group of columns, above the column names
(the names were tagged as an answer); a CSV cell that opens a quote no quote closes
(pandas' "EOF inside string starting at row 150"); `build_report` on a frame of
multi-level column names, which `tag()` tags (a raw KeyError); a row with extra fields
below answers holding line breaks, named by pandas' row count, not its line; and a control
character in a column's name (a question pasted from PowerPoint), which ended an `.xlsx`
output in an internal error after the tagging. Each test failed before its fix."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from classifier import Codebook
from classifier.errors import ColumnError, ReportError, TableError
from classifier.io.tables import read_table
from classifier.needs import find_needs
from classifier.report import build_report

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


# ------------------------------------------------------------- the question in another role
@pytest.mark.parametrize(
    ("option", "role"),
    [
        ("respondent_column", "respondent"),
        ("score_column", "score"),
        ("language_column", "language"),
        ("compare_respondent_column", "respondent"),
    ],
)
def test_build_report_refuses_the_question_as_another_column(improve_tagged, option, role):
    # Before, `respondent_column="q_improve"` made each answer its own respondent, and a
    # score or language column of answers was read without a word, though
    # `classifier report --respondent-column q_improve` refuses it.
    given = {option: "q_improve"}
    if option.startswith("compare"):
        given["compare"] = improve_tagged
    with pytest.raises(ColumnError) as caught:
        build_report(improve_tagged, "q_improve", codebook=Codebook.load(), **given)
    assert f"column 'q_improve' is given as both a text column and the {role} column" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("option", "role"),
    [("respondent_column", "respondent"), ("language_column", "language")],
)
def test_find_needs_refuses_the_question_as_another_column(model, improve_tagged, option, role):
    # Before, the answers were read as respondent ids (each its own respondent: no need
    # could recur) or as declared languages, with no word but a warning blaming the model.
    with pytest.raises(ColumnError) as caught:
        find_needs(improve_tagged, model=model, text_column="q_improve", **{option: "q_improve"})
    assert f"column 'q_improve' is given as both a text column and the {role} column" in str(
        caught.value
    )


# ------------------------------------------------------------- columns given as pandas objects
@pytest.mark.parametrize(
    "make",
    [pd.Index, pd.Series, lambda names: np.array(names, dtype=object)],
    ids=["Index", "Series", "ndarray"],
)
def test_build_report_takes_columns_given_as_pandas_or_numpy_objects(improve_tagged, make):
    # Before, `segment_columns=tagged.columns[3:5]` (an Index) or a Series of names ended in
    # "ValueError: The truth value of a Index is ambiguous".
    codebook = Codebook.load()
    as_lists = build_report(
        improve_tagged,
        ["q_improve"],
        codebook=codebook,
        segment_columns=["region", "member_type"],
    )
    given = build_report(
        improve_tagged,
        make(["q_improve"]),
        codebook=codebook,
        segment_columns=make(["region", "member_type"]),
    )
    assert given.html == as_lists.html


# ------------------------------------------------------------- a merged heading row in XLSX
def _grouped_workbook(path):
    """The sample's first 20 rows under two headings merged over groups of columns (row 1:
    'Respondent' over A1:C1, 'Questions' over D1:E1), the column names in row 2."""
    import openpyxl

    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(20)
    columns = ["respondent_id", "region", "recommend_score", "q_strengths", "q_improve"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "export"
    sheet.append(["Respondent", None, None, "Questions", None])
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:E1")
    sheet.append(columns)
    for row in sample[columns].itertuples(index=False):
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_an_xlsx_heading_merged_over_columns_above_the_column_names_is_refused(cli, tmp_path):
    # Before: columns 'Respondent', 'Unnamed: 1', ..., the column names of row 2 tagged as
    # an answer and counted as a respondent, exit 0.
    source = _grouped_workbook(tmp_path / "export.xlsx")
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2 and "internal error" not in err
    assert "sheet 'export': row 1 merges cells over several columns" in err
    assert "'Respondent' (A1:C1), 'Questions' (D1:E1)" in err
    assert "delete the row(s) above them" in err
    assert not (tmp_path / "tagged.csv").exists()


def test_an_xlsx_header_cell_merged_over_an_empty_column_is_still_read(tmp_path):
    # A name merged over a column that holds nothing loses nothing: read as before.
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["respondent_id", "q_improve", "note", None])
    sheet.append(["r1", "More training please", "ok", None])
    sheet.append(["r2", "Less paperwork", "", None])
    sheet.merge_cells("C1:D1")
    workbook.save(tmp_path / "named.xlsx")
    frame = read_table(tmp_path / "named.xlsx")
    assert frame["q_improve"].tolist() == ["More training please", "Less paperwork"]


# ------------------------------------------------------------- a quote never closed
def _unclosed_quote_files(folder):
    """Two CSVs with a cell that opens a quote no quote closes: the sample with its last row
    R2026-0150 opening one (line 157), and a file of 4,000 rows without quotes whose row 3
    opens one (the cell would hold 200 KB, over Python's csv field limit)."""
    lines = SAMPLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert lines[-1].startswith("R2026-0150,") and ",Africa," in lines[-1]
    lines[-1] = lines[-1].replace(",Africa,", ',"Africa,')
    (folder / "last.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [f"r{n},Europe,More training on digital security please,{n % 11}" for n in range(4000)]
    rows[1] = rows[1].replace(",Europe,", ',"Europe,')
    big = ["respondent_id,region,q_improve,recommend_score", *rows]
    (folder / "early.csv").write_text("\n".join(big) + "\n", encoding="utf-8")
    return {"last.csv": (len(lines), lines[-1]), "early.csv": (3, big[2])}


@pytest.mark.parametrize("name", ["last.csv", "early.csv"])
def test_a_csv_quote_never_closed_is_named_by_its_line(cli, tmp_path, name):
    # Before: "cannot be read as CSV: Error tokenizing data. C error: EOF inside string
    # starting at row 150", a row number of pandas' that no editor shows, nor what to do.
    line, text = _unclosed_quote_files(tmp_path)[name]
    source = tmp_path / name
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2 and "internal error" not in err
    assert f"{name} line {line} ({text[:20]!r}"[:-1] in err
    assert "opens a quoted cell that no quote" in err
    assert "C error" not in err
    assert not (tmp_path / "tagged.csv").exists()
    with pytest.raises(TableError, match=f"line {line} "):
        read_table(source)


# ------------------------------------------------------------- multi-level column names
def test_build_report_on_multi_level_column_names_says_to_flatten_them(model):
    # `tag()` tags a frame read with a two-row header (`header=[0, 1]`); before, the report
    # of its result ended in a raw `KeyError: 'language'` (or, with a respondent column,
    # "column ('respondent_id', ...) not found" listing that very column).
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(40)
    sample.columns = pd.MultiIndex.from_tuples(
        [(name, f"Question {n}") for n, name in enumerate(sample.columns)]
    )
    tagged = model.tag(sample, text_column=("q_improve", "Question 6"))
    codebook = Codebook.load()
    for given in ({"tagged": tagged}, {"tagged": tagged.droplevel(1, axis=1), "compare": tagged}):
        with pytest.raises(ReportError) as caught:
            build_report(questions=["q_improve"], codebook=codebook, **given)
        assert "has multi-level column names" in str(caught.value)
        assert ".droplevel(1, axis=1)" in str(caught.value)
    # What the message says to do gives the report.
    report = build_report(tagged.droplevel(1, axis=1), "q_improve", codebook=codebook)
    assert "q_improve" in report.html


# ------------------------------------------------------------- extra fields, rows and lines
def test_a_row_with_extra_fields_is_named_by_its_line_after_multi_line_answers(cli, tmp_path):
    # The sample's answers hold line breaks (a list typed in the answer box), so its rows
    # and lines differ: before, the error named pandas' row count, "line 151", which an
    # editor shows as another, valid row, six lines above the one to fix.
    lines = SAMPLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert len(lines) == 157 and lines[-1].startswith("R2026-0150,")
    lines[-1] += ",extra,fields"
    source = tmp_path / "export.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2 and "internal error" not in err
    assert "export.csv line 157 has 10 fields but the header has 8" in err
    assert not (tmp_path / "tagged.csv").exists()
    with pytest.raises(TableError, match="line 157 has 10 fields"):
        read_table(source)


# ------------------------------------------------------------- a control character in a name
def test_a_control_character_in_a_column_name_is_replaced_in_an_xlsx_output(cli, tmp_path):
    # A question's text pasted from PowerPoint into the survey tool holds its line break,
    # U+000B, and the export names the column with it. Before, `tag -o tagged.xlsx` tagged
    # the file, then ended in "internal error: IllegalCharacterError"; cells holding such a
    # character were already replaced by U+FFFD, with a warning.
    import openpyxl

    question = "What should we improve?\x0bOne idea per line"
    source = tmp_path / "export.csv"
    pd.DataFrame(
        {
            "respondent_id": ["r1", "r2"],
            question: ["More training on digital security", "Translate the newsletter"],
            "note\x01": ["a", "b"],
        }
    ).to_csv(source, index=False)
    output = tmp_path / "tagged.xlsx"
    code, _, err = cli("tag", source, "-o", output, "--text-column", question)
    assert code == 0, err
    assert "control characters that XLSX cannot store were replaced by U+FFFD" in err
    assert "in the column name(s)" in err
    sheet = openpyxl.load_workbook(output).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == [
        "respondent_id",
        "What should we improve?\ufffdOne idea per line",
        "note\ufffd",
    ]
    assert "themes" in header and sheet.max_row == 3
    assert sheet.cell(row=3, column=2).value == "Translate the newsletter"


# ------------------------------------------------------------- no thread outlives `main`
def test_main_returns_with_no_encoder_still_loading_after_an_early_error(tmp_path):
    # `tag` starts loading the encoder in a background thread before it reads the file. A
    # command refused early (a text column not found) returned while that thread still
    # loaded (on a fresh machine, inflating the weights into an empty cache), in the
    # caller's process: beside the caller's own imports, CPython 3.11 can fail compiling
    # ("AST constructor recursion depth mismatch", seen in the test suite). A fresh
    # interpreter with an empty cache, as on a fresh machine.
    source = tmp_path / "one.csv"
    source.write_text("answer\nhello there\n", encoding="utf-8")
    script = (
        "import threading\n"
        "from classifier.cli import main\n"
        f"code = main(['tag', {str(source)!r}, '-o', {str(tmp_path / 'out.csv')!r}, "
        "'--text-column', 'nope'])\n"
        "print(code, sorted(t.name for t in threading.enumerate()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
        check=True,
    )
    assert "text column 'nope' not found" in done.stderr
    assert done.stdout.split()[0] == "2"  # refused: a usage error
    assert "classifier-preload" not in done.stdout
