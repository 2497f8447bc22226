"""Hostile inputs found by hunt 16, in bulk tagging of survey exports (`tag`, `tag_file`,
its chunks, its CSV, XLSX and JSONL readers): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from classifier.errors import ColumnError
from classifier.io.tables import read_table
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns

ANSWERS = ("Plus de formations pour les jeunes", "More funding for small members")


def jsonl_with_a_late_key(path: Path, key: str) -> Path:
    """A KoboToolbox-style JSONL export of six lines whose optional question `key` (a
    multi-select named like a column `tag` writes) is answered from the fourth line on:
    the tool leaves unanswered questions out of a line."""
    lines = []
    for row in range(6):
        record = {"id": f"{row:04d}", "answer": ANSWERS[row % 2]}
        if row >= 3:
            record[key] = "Training, Funding"
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_jsonl_key_named_like_an_output_column_first_seen_in_a_later_chunk(model, tmp_path):
    # Before, the chunks without the `themes` key wrote their predicted themes under the
    # input column `themes` (the respondents' own answer looked like predictions, and
    # their `answer_themes` was empty): the output depended on where the chunks were cut.
    source = jsonl_with_a_late_key(tmp_path / "export.jsonl", "themes")
    columns = Columns(texts=["answer"])
    tag_file(model, source, tmp_path / "whole.csv", columns)
    tag_file(model, source, tmp_path / "chunked.csv", columns, chunk_rows=2)
    assert (tmp_path / "chunked.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    tagged = read_table(tmp_path / "chunked.csv")
    assert tagged["themes"].tolist() == ["", "", "", *["Training, Funding"] * 3]
    assert tagged["answer_themes"].ne("").all()
    assert tagged["id"].tolist() == [f"{row:04d}" for row in range(6)]


def test_tag_file_refuses_a_text_column_no_jsonl_line_has(model, tmp_path):
    # A typo in the text column of a JSONL export. Before, `tag_file` (and the Dask path)
    # made up an empty column of that name and tagged every answer as empty, no error.
    source = jsonl_with_a_late_key(tmp_path / "export.jsonl", "region")
    with pytest.raises(ColumnError, match=r"text column 'answr' not found.*id, answer, region"):
        tag_file(model, source, tmp_path / "tagged.csv", Columns(texts=["answr"]))
    assert not (tmp_path / "tagged.csv").exists()


def test_encoding_is_used_for_a_jsonl_export(cli, tmp_path):
    # A JSONL file written by a Windows program in its code page. Before, --encoding was
    # ignored for JSONL: every accent became U+FFFD (the warning blamed invalid UTF-8).
    source = tmp_path / "export.jsonl"
    texts = ["Plus de formations pour les élèves", "Más financiación para los miembros"]
    source.write_bytes(
        "".join(json.dumps({"answer": t}, ensure_ascii=False) + "\n" for t in texts).encode(
            "cp1252"
        )
    )
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", output, "--encoding", "cp1252")
    assert code == 0, err
    assert read_table(output)["answer"].tolist() == texts
    # Without it, the warning now says which option reads the file.
    code, _, err = cli("tag", source, "-o", output)
    assert code == 0 and "--encoding" in err


def test_encoding_given_for_a_workbook_is_refused(cli, tmp_path):
    # Before, --encoding was ignored for an XLSX input without a word (as --sheet was for
    # a CSV): the user meant another file.
    source = tmp_path / "export.xlsx"
    pd.DataFrame({"answer": ANSWERS}).to_excel(source, index=False)
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", "--encoding", "cp1252")
    assert code == 2
    assert "XLSX workbook" in err and "--encoding" in err and "Traceback" not in err
    assert not (tmp_path / "tagged.csv").exists()


def test_workbook_cells_are_read_as_the_spreadsheet_shows_them(cli, tmp_path):
    # Staff keep ids and postal codes typed as numbers with a number format of zeros, and
    # fill a column with a lookup formula that says #N/A where it found nothing. Before,
    # the ids lost their leading zeros (00123 -> 123) and #N/A became an empty cell.
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["member_no", "postcode", "region", "answer"])
    sheet.append([123, 1000, "#N/A", ANSWERS[0]])
    sheet.append([4567, 75001, "Europe", ANSWERS[1]])
    sheet.append([-12, 5.5, "#DIV/0!", "Más apoyo"])
    for row in (2, 3, 4):
        sheet.cell(row, 1).number_format = "000000"
        sheet.cell(row, 2).number_format = "00000"
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", output, "--text-column", "answer")
    assert code == 0, err
    tagged = read_table(output)
    assert tagged["member_no"].tolist() == ["000123", "004567", "-000012"]
    # A number with decimals is kept as stored (the format only rounds how it shows).
    assert tagged["postcode"].tolist() == ["01000", "75001", "5.5"]
    assert tagged["region"].tolist() == ["#N/A", "Europe", "#DIV/0!"]


def test_a_one_column_csv_whose_answers_hold_commas_is_tagged_comma_separated(cli, tmp_path):
    # A one-column export is read with a delimiter its answers do not hold: a tab when they
    # hold commas. Before, the .csv output was written tab-separated (Excel showed each of
    # its rows in one cell), while a file without such answers got commas.
    source = tmp_path / "answers.csv"
    source.write_text("answer\nGood, thanks\nPlus de formations\nMore funding\n", encoding="utf-8")
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", output)
    assert code == 0, err
    header = output.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("answer,language,") and "\t" not in header
    assert read_table(output)["answer"].tolist() == [
        "Good, thanks",
        "Plus de formations",
        "More funding",
    ]


@pytest.mark.parametrize(
    ("address", "expected"),
    [("", "no Dask scheduler address given"), ("tcp://localhost:99999", "port 99999")],
)
def test_a_scheduler_address_no_scheduler_can_have_is_refused_at_once(
    cli, tmp_path, address, expected
):
    # `--scheduler ''` tagged on this machine without a word; a port out of range waited
    # the connection's 20 s timeout before saying the scheduler could not be reached.
    from conftest import EXAMPLES

    output = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag",
        EXAMPLES / "consultation_sample.csv",
        "-o",
        output,
        "--text-column",
        "q_improve",
        "--scheduler",
        address,
    )
    assert code == 2 and expected in err
    assert not output.exists()


def test_a_json_document_named_jsonl_is_named_as_such(tmp_path):
    # A pretty-printed JSON export (or an array of objects) renamed .jsonl was refused as
    # "line 1 is not valid JSON (Expecting value)", which sends staff looking for a typo on
    # line 1 of a file that is fine JSON, only not one object per line.
    from classifier.errors import TableError

    rows = [{"answer": ANSWERS[0]}, {"answer": ANSWERS[1]}]
    for name, text in (
        ("pretty.jsonl", json.dumps(rows, indent=2)),
        ("array.jsonl", json.dumps(rows)),
        ("object.jsonl", json.dumps(rows[0], indent=2)),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(TableError, match="looks like one JSON document.*one JSON object per"):
            read_table(path)
    # A JSON Lines file with a broken first line is a typo to fix there, not another format.
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"answer": oops}\n{"answer": "ok"}\n', encoding="utf-8")
    with pytest.raises(TableError) as raised:
        read_table(broken)
    assert "line 1 is not valid JSON" in str(raised.value)
    assert "JSON document" not in str(raised.value)
