"""Hostile inputs found by hunt 12, on the results staff read (the needs, the needs sheet
round trip and the report): each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from classifier.io.layout import NEED_COLUMNS
from classifier.io.tables import read_table

from conftest import needs_sheet, report_tables


# ------------------------------------------------------------- the report's need comparison
@pytest.mark.parametrize("without_needs", ["previous", "this_year"])
def test_need_change_is_not_available_when_a_file_has_no_need_columns(
    cli, tagged_files, tmp_path, without_needs
):
    # Last year's file was tagged by a version before needs (no need columns). Before, the
    # comparison counted its needs as 0: every need of this year showed as a rise ("Feedback
    # to rejected grant applicants 7 0 +7"), or, the other way round, as a fall.
    files = dict(tagged_files)
    old = read_table(files[without_needs]).drop(columns=list(NEED_COLUMNS))
    files[without_needs] = tmp_path / f"{without_needs}_before_needs.csv"
    old.to_csv(files[without_needs], index=False)
    for lang, words in (("en", "not available"), ("fr", "pas disponible")):
        tables = report_tables(
            cli, tmp_path, files["this_year"], "--compare", files["previous"], "--lang", lang
        )
        assert tables["need_change"].empty
        section = tables["page"].split('id="need-change"')[1]
        assert words in section


# ------------------------------------------------------------- the needs sheet round trip
def edit_new_needs(sheet: Path, row: int, **cells: str) -> None:
    """Type `cells` into row `row` of the sheet 'new needs' (as a spreadsheet numbers it),
    as staff do in Excel."""
    import openpyxl

    workbook = openpyxl.load_workbook(sheet)
    new_needs = workbook["new needs"]
    header = [cell.value for cell in new_needs[1]]
    for column, value in cells.items():
        new_needs.cell(row, header.index(column) + 1).value = value
    workbook.save(sheet)


def test_a_candidate_given_an_id_and_labels_but_no_decision_is_named(cli, improve_tagged, tmp_path):
    # Staff fill in need_id and the three labels of a candidate and forget to type `add` in
    # `decision`. Before, the row was skipped without a word: "no need added", and the need
    # they named was lost; a need_id typed for a merge without `merge`, the same.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    edit_new_needs(
        sheet, 3, need_id="queer_safe_spaces", label_en="Safe spaces for queer activists",
        label_fr="Espaces sûrs pour les militants queer", label_es="Espacios seguros queer",
    )  # fmt: skip
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert "sheet 'new needs', row 3" in err and "no decision" in err
    assert not (tmp_path / "reviewed").exists()
    edit_new_needs(sheet, 3, decision="add")
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 0, err
    assert "1 need(s) added" in err


# ------------------------------------------------------------- need ids of another catalogue
def renamed_need(tagged: Path, folder: Path, old: str, new: str) -> Path:
    """`tagged` as a model of another catalogue tags it: need `old` is `new` there."""
    frame = read_table(tagged)
    frame["need_ids"] = frame["need_ids"].map(
        lambda cell: ";".join(new if n == old else n for n in cell.split(";"))
    )
    path = folder / f"{tagged.stem}_{new}.csv"
    frame.to_csv(path, index=False)
    return path


def test_a_file_tagged_with_another_catalogue_is_refused_by_report(cli, tagged_files, tmp_path):
    # Staff add a need with `needs --update-catalogue`, retrain, tag this year's file with
    # that model, and run `report` without --codebook (the shipped catalogue lacks the new
    # need). Before, the report showed it as a "(new need)", labelled in whatever language
    # its first row was written in, and left it out of the comparison with last year.
    tagged = renamed_need(tagged_files["this_year"], tmp_path, "grant_rejection_feedback", "x_v2")
    code, _, err = cli("report", tagged, "-o", tmp_path / "r.html", "--text-column", "q_improve")
    assert code == 2
    assert "x_v2" in err and "--codebook" in err
    assert not (tmp_path / "r.html").exists()


def test_last_years_need_the_catalogue_no_longer_has_is_not_a_rise(cli, tagged_files, tmp_path):
    # Last year's file was tagged with an older catalogue, where a need had another id
    # (renamed since). Before, its respondents were dropped without a word: this year's
    # need of the new id showed as a rise from 0 (+7 instead of +4), and last year's
    # 3 respondents appeared nowhere.
    previous = renamed_need(
        tagged_files["previous"], tmp_path, "grant_rejection_feedback", "grant_feedback_v1"
    )
    tables = report_tables(
        cli, tmp_path, tagged_files["this_year"], "--compare", previous, "--lang", "fr"
    )
    assert "warning" in tables["stderr"] and "grant_feedback_v1" in tables["stderr"]
    change = tables["need_change"].set_index("need_id")
    assert change.loc["grant_feedback_v1", "previous_respondents"] == "3"
    assert change.loc["grant_feedback_v1", "respondents"] == ""  # not available
    assert change.loc["grant_feedback_v1", "change"] == ""
    section = tables["page"].split('id="need-change"')[1]
    assert "Non comparés" in section and "Retour aux candidats non retenus (3)" in section


def test_a_need_id_typed_in_capitals_is_named_with_its_catalogue_id(cli, improve_tagged, tmp_path):
    # Staff type a catalogue id as they read it aloud (`Smooth_Renewal`) to merge a
    # candidate into it. Before, the error said it "is not a catalogue need" and to give
    # one from sheet 'catalogue', where staff see smooth_renewal and cannot tell what is
    # wrong; now it names the lowercase id, as for theme ids typed in capitals.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    edit_new_needs(sheet, 3, decision="Merge", need_id="Smooth_Renewal")
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert "row 3" in err and "'Smooth_Renewal' is smooth_renewal" in err
    edit_new_needs(sheet, 3, need_id="smooth_renewal")
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 0, err


# ------------------------------------------------------------- numbers in the report's language
@pytest.mark.parametrize(
    ("lang", "total"), [("en", "10,500"), ("fr", "10\u202f500"), ("es", "10.500")]
)
def test_counts_on_the_page_are_grouped_as_the_language_writes_them(
    cli, tagged_files, tmp_path, lang, total
):
    # A national consultation of 10,500 respondents (the tagged sample, its respondents
    # 70 times over). Before, every count on the page was written bare ("Total 10500
    # 10360", "n=10010") in all three languages, while its decimals followed the language.
    tagged = read_table(tagged_files["this_year"])
    copies = [tagged.assign(respondent_id=tagged["respondent_id"] + f"-{k}") for k in range(70)]
    big = tmp_path / "national.csv"
    pd.concat(copies).to_csv(big, index=False)
    tables = report_tables(cli, tmp_path, big, "--lang", lang)
    assert tables["overview"]["respondents"].iloc[-1] == "10500"  # the workbook: a number
    overview = tables["page"].split('id="overview"')[1].split("</table>")[0]
    assert f"<td>{total}</td>" in overview.replace(' class="num"', "")
    assert "10500" not in tables["page"]


def test_a_catalogue_need_renamed_in_the_reference_sheet_is_named_not_lost(
    cli, improve_tagged, tmp_path
):
    # Staff rename a catalogue need where they read it, in the workbook's sheet
    # 'catalogue'. Before, the update ignored the edit without a word ("no need added"):
    # the catalogue written kept the old label. A need typed in there was called a sheet
    # "written with another codebook".
    import openpyxl

    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    workbook = openpyxl.load_workbook(sheet)
    reference = workbook["catalogue"]
    header = [cell.value for cell in reference[1]]
    need_id = reference.cell(3, 1).value
    reference.cell(3, header.index("label_en") + 1).value = "A shorter label"
    workbook.save(sheet)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert f"row 3 ({need_id}: label_en" in err and "'A shorter label'" in err
    assert not (tmp_path / "reviewed").exists()
    reference.delete_rows(3)
    reference.append(["typed_in_need", "a", "b", "c", "youth", ""])
    workbook.save(sheet)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2 and "typed_in_need" in err and "'new needs'" in err


def test_the_french_page_puts_a_space_before_its_colons(cli, tagged_files, tmp_path):
    # The page's texts are written the French way ("Réponses : q_improve"), but two labels
    # had an English colon glued in the code: "Questions analysées: q_improve" and, on
    # every theme, "Éloges: 0 · Demandes et critiques: 23".
    page = report_tables(cli, tmp_path, tagged_files["this_year"], "--lang", "fr")["page"]
    assert "Questions analysées\u00a0: " in page and "Questions analysées:" not in page
    assert "Éloges\u00a0: <b>" in page and "Demandes et critiques\u00a0: <b>" in page
    english = report_tables(cli, tmp_path, tagged_files["this_year"], "--lang", "en")["page"]
    assert "Praise: <b>" in english and "Questions analysed: " in english
