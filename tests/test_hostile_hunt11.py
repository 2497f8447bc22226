"""Hostile inputs found by hunt 10 and fixed in hunt 11 (a needs sheet that adds nothing, a
folder given as a model's output, a crash between a model and its card, direction
overrides printed to the terminal, a score out of another scale, a legacy-encoded or
multi-sheet comparison file), then found by hunt 11 (legacy code pages taken for one
another, joined "CSV UTF-8" exports, a column named but for its case or spaces): each
test failed before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from classifier import Codebook, ThemeClassifier
from classifier.catalogue import NeedsCatalogue
from classifier.codebook import codebook_path
from classifier.errors import TableError
from classifier.io.tables import read_table
from classifier.model.card import ModelCard
from classifier.report.survey import parse_score

from conftest import needs_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"


# ------------------------------------------------------------- the needs sheet
def test_a_needs_sheet_that_adds_no_need_keeps_the_catalogue_version(cli, improve_tagged, tmp_path):
    # Staff review the needs sheet and add no need (they only correct answers, or decide
    # nothing). Before, the catalogue written was "version 3" with the needs of version 2:
    # a second update adding a need was version 3 too, with other needs.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    shipped = Codebook.load().catalogue
    source = codebook_path().with_suffix(".needs.yaml")
    kept = source.read_bytes()
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 0, err
    assert f"no need added: the catalogue is unchanged (version {shipped.version})" in err
    written = NeedsCatalogue.load(tmp_path / "reviewed" / "consultation.needs.yaml")
    assert written.version == shipped.version
    assert written.to_yaml() == shipped.to_yaml()
    codebook = Codebook.load(tmp_path / "reviewed" / "consultation.yaml")
    assert codebook.catalogue.version == shipped.version
    assert source.read_bytes() == kept  # the input, as it was


# ------------------------------------------------------------- a folder given as the output
def test_a_folder_given_as_the_output_is_refused_not_written_beside_it(cli, tmp_path):
    # `convert old.joblib -o models/new/` (a folder, or a name ending in /): before, the
    # model was written beside the folder as models/new.npz (and its card new.card.json),
    # where nobody looked for it; `tag -o out/` wrote a file named `out`. `tag -o FOLDER`
    # was already refused as "a directory, not a file name": every -o now is.
    shipped = ROOT / "models" / "default" / "model.npz"
    (tmp_path / "existing").mkdir()
    for given in (tmp_path / "existing", f"{tmp_path / 'existing'}/", f"{tmp_path / 'new'}/"):
        code, _, err = cli("convert", shipped, "-o", given)
        assert code == 2
        assert f"output {given} names a folder, not a file" in err
    rows = tmp_path / "rows.csv"
    rows.write_text("text\nPlus de formations en ligne svp\n", encoding="utf-8")
    code, _, err = cli("tag", rows, "-o", f"{tmp_path / 'out'}/")
    assert code == 2 and "names a folder, not a file" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing", "rows.csv"]
    assert list((tmp_path / "existing").iterdir()) == []


def test_convert_of_a_file_that_is_not_a_model_creates_no_folder(cli, tmp_path):
    # `convert export.csv -o models/new/model.npz` (the wrong file given): before, the
    # missing folders of -o were created, then the input was found not to be a model,
    # leaving empty folders behind an error.
    export = tmp_path / "export.csv"
    export.write_text("text\nPlus de formations en ligne svp\n", encoding="utf-8")
    code, _, err = cli("convert", export, "-o", tmp_path / "models" / "new" / "model.npz")
    assert code == 2 and "is not a model file" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


# ------------------------------------------------------------- a model and its card
def test_a_save_that_fails_at_the_card_leaves_the_previous_model_and_card(
    model, small_model, tmp_path, monkeypatch
):
    # Saving wrote the model file, then its card. Before, a failure in between (a full
    # disk, the card's folder read-only) left the new model beside the previous model's
    # card: the model no longer loaded ("does not match its card"), and the previous one
    # was gone. Now both are written in full first, then renamed into place.
    _, small_path = small_model
    path = tmp_path / "model.npz"
    shutil.copy(small_path, path)
    shutil.copy(small_path.with_suffix(".card.json"), tmp_path / "model.card.json")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def disk_full(card, model_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ModelCard, "write", disk_full)
    with pytest.raises(OSError, match="No space left"):
        model.save(path, note="the shipped model, saved over the small one")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no leftover
    again = ThemeClassifier.load(path)  # the previous pair, still matching
    assert again.card_.note == "test fixture"
    assert model.save(path).exists() and ThemeClassifier.load(path).card_.note is None


# ------------------------------------------------------------- text printed to the terminal
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_direction_overrides_reach_the_terminal_as_replacement_characters(
    cli, improve_tagged, tmp_path
):
    # An answer holding a right-to-left override (U+202E) reorders the rest of the line a
    # terminal prints ("Trojan Source"): a need's quote, an explained answer, a column
    # name in the log could read otherwise than they are. Before, `needs` (without -o),
    # `explain` and every log line printed them as they are; escape sequences were already
    # replaced. Now everything printed shows them as U+FFFD; files written keep the text.
    tagged = improve_tagged.copy()
    tagged["q_improve"] = [f"\u202e{text}\u2066 ok\u2069" for text in tagged["q_improve"]]
    tagged = tagged.rename(columns={"region": "region\u202e"})
    tagged.to_csv(tmp_path / "tagged.csv", index=False)
    columns = ("--text-column", "q_improve", "--respondent-column", "respondent_id")
    needs = cli("needs", tmp_path / "tagged.csv", *columns)
    explained = cli("explain", "Plus de formations\u202e en ligne svp")
    listed = cli("languages", tmp_path / "tagged.csv", "--text-column", "region\u202e")
    for code, out, err in (needs, explained, listed):
        assert code == 0, err
        assert not set(out + err) & set(BIDI)
    assert "[en] \ufffd" in needs[1]
    assert "formations\ufffd en ligne" in explained[1]
    assert "region\ufffd" in listed[2]
    code, _, err = cli("needs", tmp_path / "tagged.csv", *columns, "-o", tmp_path / "needs.csv")
    assert code == 0, err
    assert "\u202e" in (tmp_path / "needs.csv").read_text(encoding="utf-8")  # kept as given


# ------------------------------------------------------------- a score out of another scale
def test_a_score_out_of_another_scale_is_refused_naming_its_rows(cli, improve_tagged, tmp_path):
    # The report's net promoter score reads a 0-10 score, and `9/10` as 9. Before, a score
    # given out of 5 (`4/5`, a respondent's 80 %) was read as its numerator: a detractor's
    # 4, without a word. Now such cells are refused, naming the column and rows.
    tagged = improve_tagged.copy()
    tagged.loc[[1, 6], "recommend_score"] = ["4/5", "3 / 5 - fine"]
    tagged.loc[2, "recommend_score"] = "8/10"
    tagged.to_csv(tmp_path / "tagged.csv", index=False)
    options = ("--text-column", "q_improve", "--respondent-column", "respondent_id")
    score = ("--score-column", "recommend_score")
    code, _, err = cli(
        "report", tmp_path / "tagged.csv", "-o", tmp_path / "r.html", *options, *score
    )
    assert code == 2
    assert "score column 'recommend_score' holds scores on another scale than the 0-10" in err
    assert "'4/5' (row 3), '3 / 5 - fine' (row 8)" in err
    assert not (tmp_path / "r.html").exists()
    assert parse_score("4/5") is None and parse_score("8/10") == 8
    tagged.loc[[1, 6], "recommend_score"] = ["8/10", "6"]  # on the 0-10 scale, it is read
    tagged.to_csv(tmp_path / "tagged.csv", index=False)
    code, _, err = cli(
        "report", tmp_path / "tagged.csv", "-o", tmp_path / "r.html", *options, *score
    )
    assert code == 0, err


# ------------------------------------------------------------- the --compare file
def test_the_compare_file_has_its_own_sheet_and_encoding(cli, improve_tagged, tmp_path):
    # Last year's tagged file, kept in a workbook whose first sheet is a note, or saved by
    # a program as UTF-16 without a byte-order mark. Before, `report --compare` read it
    # with no sheet and no encoding of its own: the workbook's first sheet was read
    # ("previous question column 'q_improve' not found; columns found: note"), and the
    # UTF-16 file was refused with the advice to give --encoding utf-16-le, the input's
    # option, which does not reach that file. Now --compare-sheet and --compare-encoding
    # read it, and its messages name them.
    improve_tagged.to_csv(tmp_path / "tagged.csv", index=False)
    improve_tagged.to_csv(tmp_path / "2025.csv", index=False, encoding="utf-16-le")
    with pd.ExcelWriter(tmp_path / "2025.xlsx") as writer:
        pd.DataFrame({"note": ["exported in 2025"]}).to_excel(
            writer, sheet_name="about", index=False
        )
        improve_tagged.to_excel(writer, sheet_name="answers", index=False)
    report = ("report", tmp_path / "tagged.csv", "-o", tmp_path / "r.html")
    options = ("--text-column", "q_improve")
    code, _, err = cli(*report, *options, "--compare", tmp_path / "2025.xlsx")
    assert code == 2 and "wrote: note" in err
    assert "reading sheet 'about', the first of 2 visible sheets" in err
    assert "give --compare-sheet NAME to read another" in err
    code, _, err = cli(*report, *options, "--compare", tmp_path / "2025.csv")
    assert code == 2 and "--compare-encoding utf-16-le" in err
    assert "--encoding" not in err.replace("--compare-encoding", "")
    for compared, option, value in (
        ("2025.xlsx", "--compare-sheet", "answers"),
        ("2025.csv", "--compare-encoding", "utf-16-le"),
    ):
        code, _, err = cli(*report, *options, "--compare", tmp_path / compared, option, value)
        assert code == 0, err
        assert "change since" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()
    csv = ("--compare", tmp_path / "2025.csv")
    code, _, err = cli(*report, *options, *csv, "--compare-sheet", "x")
    assert code == 2 and "--compare-sheet x names a sheet of a workbook, and" in err
    code, _, err = cli(*report, "--compare-encoding", "cp1252")
    assert code == 2 and "--compare-encoding is the encoding of the --compare file" in err


# ------------------------------------------------------------- legacy code pages
@pytest.mark.parametrize("code_page", ["cp1252", "mac_roman", "cp850"])
def test_a_legacy_export_of_the_sample_is_read_in_its_code_page(
    improve_tagged, tmp_path, code_page
):
    # The bundled sample, tagged, saved by Excel on Windows (cp1252), an old Mac (mac_roman) or a
    # DOS program (cp850). Before, the detector took the cp1252 file for mac_roman and the
    # mac_roman one for cp850: every accent became another letter ('cívico' ->
    # 'cÌvico'), in every answer, without a word. Now the code page that reads the file
    # as French, Spanish and English is chosen.
    path = tmp_path / "export.csv"
    improve_tagged.to_csv(path, index=False, encoding=code_page, errors="replace")
    expected = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=code_page)
    assert read_table(path).equals(expected)
    assert "cívico" in " ".join(read_table(path)["q_strengths"])


# ------------------------------------------------------------- joined "CSV UTF-8" exports
def test_two_joined_excel_utf8_exports_are_refused_at_the_second_header(tmp_path):
    # Excel's "CSV UTF-8" starts every file with a byte-order mark, so `cat a.csv b.csv`
    # puts one before the second header. Before, that row ('\ufeffrespondent_id', ...)
    # was not seen as the column names again (hunt 10's check compared it with the BOM):
    # it was tagged as an answer and counted as a respondent, without a word.
    rows = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    rows.iloc[:40].to_csv(first, index=False, encoding="utf-8-sig")
    rows.iloc[40:].to_csv(second, index=False, encoding="utf-8-sig")
    joined = tmp_path / "joined.csv"
    joined.write_bytes(first.read_bytes() + second.read_bytes())
    with pytest.raises(TableError, match=r"joined.csv: row\(s\) 42 repeat the column names"):
        read_table(joined)
    assert read_table(first).equals(rows.iloc[:40])  # one export alone reads as it did


# ------------------------------------------------------------- a column named with spaces
def test_a_column_named_but_for_case_or_spaces_is_pointed_out(cli, tmp_path):
    # A header typed ' text ' (or 'Text'): `--text-column text` was "not found; columns
    # found: id ,  text ", whose spaces do not show. Now the error names the near column.
    for header in ("id , text ", "id,Text"):
        export = tmp_path / "export.csv"
        export.write_text(f"{header}\n1,Plus de formations en ligne svp\n", encoding="utf-8")
        code, _, err = cli("tag", export, "-o", tmp_path / "out.csv", "--text-column", "text")
        near = header.split(",")[1]
        assert code == 2
        assert f"(the column {near!r} differs from it only by case or the spaces around" in err
        code, _, err = cli("tag", export, "-o", tmp_path / "out.csv", "--text-column", near)
        assert code == 0, err
