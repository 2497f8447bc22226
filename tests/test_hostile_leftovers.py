"""Hostile inputs left by earlier hunts (workbook cells read as stored, review's score
cells and language names, the estimator's nested parameters): each test failed before
its fix."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from classifier.io.tables import read_table

from conftest import EXAMPLES, needs_sheet

ANSWERS = ("Plus de formations pour les jeunes", "More funding for small members")


def survey_workbook(path: Path, *, date1904: bool = False) -> Path:
    """A KoboToolbox-style export: `start` and `_submission_time` date-times, a date
    question, a time, a share and a duration, each cell with the number format the
    survey tool gave it, beside the answers (one typed like a date, kept as text)."""
    workbook = openpyxl.Workbook()
    if date1904:
        workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(["start", "_submission_time", "visit_date", "arrival", "share", "took", "answer"])
    rows = [
        (dt.datetime(2026, 3, 2, 14, 30, 5), dt.date(2026, 3, 2), dt.time(9, 15), 0.5, 1.5),
        (dt.datetime(2026, 12, 31, 23, 59, 59), dt.date(2025, 1, 9), dt.time(18, 5), 0.125, 0.25),
    ]
    for (when, day, time, share, took), answer in zip(rows, ANSWERS, strict=True):
        sheet.append([when, when, day, time, share, took, answer])
    formats = ("yyyy-mm-dd hh:mm:ss", "mm-dd-yy", "dd/mm/yyyy", "h:mm AM/PM", "0.0%", "[h]:mm")
    for row in (2, 3):
        for column, number_format in enumerate(formats, start=1):
            sheet.cell(row, column).number_format = number_format
        sheet.cell(row, 7).number_format = "dd/mm/yyyy"  # a style on a text cell
    sheet.append(["not a date", None, None, None, None, None, "2026-03-02"])
    workbook.save(path)
    return path


def test_workbook_dates_and_times_are_read_as_shown_and_percentages_as_stored(cli, tmp_path):
    # Survey exports' start/end/_submission_time columns and date questions. Before, a
    # date cell came out as `2026-03-02 00:00:00`, a time as `09:15:00` and a duration of
    # 36 hours as `1 day, 12:00:00`. A percentage's stored fraction reads right: kept.
    source = survey_workbook(tmp_path / "export.xlsx")
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", output, "--text-column", "answer")
    assert code == 0, err
    tagged = read_table(output)
    assert tagged["start"].tolist() == ["2026-03-02 14:30:05", "2026-12-31 23:59:59", "not a date"]
    # Excel shows its short date (built-in 14) in the reader's date order: year first here.
    assert tagged["_submission_time"].tolist() == ["2026-03-02", "2026-12-31", ""]
    assert tagged["visit_date"].tolist() == ["02/03/2026", "09/01/2025", ""]
    assert tagged["arrival"].tolist() == ["9:15 AM", "6:05 PM", ""]
    assert tagged["share"].tolist() == ["0.5", "0.125", ""]
    assert tagged["took"].tolist() == ["36:00", "6:00", ""]
    # The answers are text: a date format on their cells, or a date typed, changes nothing.
    assert tagged["answer"].tolist() == [*ANSWERS, "2026-03-02"]
    assert len(tagged) == 3 and list(tagged.columns[:7]) == [
        "start",
        "_submission_time",
        "visit_date",
        "arrival",
        "share",
        "took",
        "answer",
    ]


def test_workbook_dates_of_the_1904_date_system_are_read_as_shown(tmp_path):
    # A workbook saved by an old Mac Excel counts days from 1904: the same date is stored
    # as a number 1,462 days smaller, and must show the same.
    frame = read_table(survey_workbook(tmp_path / "mac.xlsx", date1904=True))
    assert frame["visit_date"].tolist() == ["02/03/2026", "09/01/2025", ""]
    assert frame["start"].tolist()[0] == "2026-03-02 14:30:05"


def tagged_csv(tagged: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The tagged sample as staff edit it: written to CSV, every cell read back as text."""
    tagged.to_csv(path, index=False)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_review_refuses_a_score_cell_that_is_not_a_number(cli, improve_tagged, tmp_path):
    # A staff member's typo in a theme score of the tagged file. Before, `abc` was read as
    # a missing score: the answer went to the top of the sheet as "not tagged", no word.
    source = tmp_path / "tagged.csv"
    tagged = tagged_csv(improve_tagged, source)
    scores = [column for column in tagged.columns if column.startswith("score_")]
    answered = tagged.index[tagged["q_improve"].str.strip().ne("")]
    tagged.loc[answered[3], scores[1]] = "abc"
    tagged.to_csv(source, index=False)
    output = tmp_path / "review.csv"
    args = ("review", source, "-o", output, "--text-column", "q_improve", "--n", "5")
    code, _, err = cli(*args)
    assert code == 2
    assert f"'abc' in column {scores[1]!r} (row {answered[3] + 2})" in err
    assert not output.exists()
    # Empty score cells stay a row added by hand, never tagged: first in the sheet.
    tagged.loc[answered[3], scores] = ""
    tagged.to_csv(source, index=False)
    code, _, err = cli(*args)
    assert code == 0, err
    sheet = read_table(output)
    assert sheet["text"][0] == tagged["q_improve"][answered[3]]
    assert sheet["why"][0].startswith("not tagged")


def test_the_report_refuses_a_score_cell_that_is_not_a_number(cli, improve_tagged, tmp_path):
    # The same typo given to `report`: before, `abc` was read as a score of 0, which
    # silently changed which answers the report quotes for the theme.
    source = tmp_path / "tagged.csv"
    tagged = tagged_csv(improve_tagged, source)
    column = next(column for column in tagged.columns if column.startswith("score_"))
    tagged.loc[4, column] = "abc"
    tagged.to_csv(source, index=False)
    report = tmp_path / "report.html"
    code, _, err = cli("report", source, "-o", report, "--text-column", "q_improve")
    assert code == 2
    assert f"'abc' in column {column!r} (row 6)" in err
    assert not report.exists()


def test_score_columns_formatted_as_percentages_in_excel_read_as_the_scores(
    cli, improve_tagged, tmp_path
):
    # A staff member formats the tagged workbook's score columns as percentages to read
    # them: the cells must still read back as the scores the tool wrote (a percentage
    # keeps its stored value), so `review` picks the same answers and `report` runs.
    plain = tmp_path / "tagged.xlsx"
    code, _, err = cli(
        "tag", EXAMPLES / "consultation_sample.csv", "-o", plain, "--text-column", "q_improve"
    )
    assert code == 0, err
    workbook = openpyxl.load_workbook(plain)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    scored = [j + 1 for j, name in enumerate(header) if str(name).startswith("score_")]
    for row in sheet.iter_rows(min_row=2):
        for column in scored:
            row[column - 1].number_format = "0%"
    formatted = tmp_path / "formatted.xlsx"
    workbook.save(formatted)
    sheets = []
    for source in (plain, formatted):
        output = tmp_path / f"review_{source.stem}.csv"
        args = ("review", source, "-o", output, "--text-column", "q_improve", "--n", "10")
        code, _, err = cli(*args)
        assert code == 0, err
        sheets.append(read_table(output))
    assert sheets[0]["text"].tolist() == sheets[1]["text"].tolist()
    code, _, err = cli("report", formatted, "-o", tmp_path / "report.html")
    assert code == 0, err


def test_review_reads_a_language_written_as_a_name(cli, improve_tagged, tmp_path):
    # Staff correct a language by hand as a name (`French`, `Español`), as `tag`, `train`
    # and the report read one. Before, review counted `French` as a language of its own:
    # its answers made a group of their own in the round over (language, theme) groups,
    # and the log listed `French: 4` beside `fr: 6`.
    tagged = tagged_csv(improve_tagged, tmp_path / "codes.csv")
    named = tagged.copy()
    names = {"fr": "French", "es": "Español", "en": "english"}
    every_other = named.index % 2 == 0
    named.loc[every_other, "language"] = named.loc[every_other, "language"].replace(names)
    named.to_csv(tmp_path / "names.csv", index=False)
    sheets = {}
    for name in ("codes", "names"):
        output = tmp_path / f"review_{name}.csv"
        args = ("--text-column", "q_improve", "--n", "12")
        code, _, err = cli("review", tmp_path / f"{name}.csv", "-o", output, *args)
        assert code == 0, err
        sheets[name] = (read_table(output), err)
    (by_code, log_of_codes), (by_name, log_of_names) = sheets["codes"], sheets["names"]
    assert by_name["text"].tolist() == by_code["text"].tolist()
    counts = log_of_codes.split("answers to review (")[1].split(")")[0]
    assert f"answers to review ({counts})" in log_of_names
    assert not any(name in log_of_names for name in names.values())
    # The sheet keeps each language as the file wrote it.
    assert set(by_name["language"]) & set(names.values())


@pytest.mark.parametrize("codebook", [None, "loaded"])
def test_a_nested_codebook_parameter_names_what_to_pass(codebook):
    # `set_params(codebook__name=...)`, as for an estimator parameter. Before, scikit-learn's
    # bare "AttributeError: 'NoneType' object has no attribute 'set_params'" (or
    # 'Codebook' ...), after the other parameters of the call were already set.
    from sklearn.pipeline import Pipeline

    from classifier import Codebook, ThemeClassifier
    from classifier.errors import ParameterError

    clf = ThemeClassifier(Codebook.load() if codebook else None, C=1.0)
    held = "None (its default)" if codebook is None else "a Codebook"
    with pytest.raises(ParameterError, match=rf"'codebook' is {re.escape(held)}.*codebook=\.\.\."):
        clf.set_params(C=5.0, codebook__name="mine")
    assert clf.C == 1.0  # nothing set
    # Through a pipeline (grid search's `step__param` keys) the same.
    with pytest.raises(ParameterError, match="give a whole new codebook"):
        Pipeline([("themes", clf)]).set_params(themes__codebook__name="mine")


def test_grid_search_still_sets_a_whole_codebook():
    # The contract the check above keeps: a grid search sets each candidate's parameters,
    # a codebook among them, whole, on a clone of the pipeline (as GridSearchCV's fits do;
    # fitting them here would cost half a minute a fit).
    from sklearn.base import clone
    from sklearn.model_selection import ParameterGrid
    from sklearn.pipeline import Pipeline

    from classifier import Codebook, ThemeClassifier

    codebook = Codebook.load()
    pipeline = Pipeline([("themes", ThemeClassifier(cv_folds=2))])
    grid = ParameterGrid({"themes__C": [1.0, 30.0], "themes__codebook": [None, codebook]})
    candidates = [clone(pipeline).set_params(**params) for params in grid]
    assert [(step.C, step.codebook) for step in (c.named_steps["themes"] for c in candidates)] == [
        (1.0, None),
        (1.0, codebook),
        (30.0, None),
        (30.0, codebook),
    ]
    assert clone(candidates[1]).named_steps["themes"].codebook == codebook
    assert pipeline.named_steps["themes"].codebook is None  # the search's own is untouched


def test_a_needs_sheet_answer_given_a_needs_label_or_a_misspelt_id_says_which_need(
    cli, improve_tagged, tmp_path
):
    # Staff re-typing an answer's need in the needs sheet from its `catalogue` sheet or
    # the report type its label, or the id in capitals, or two ids joined by ','. Before,
    # the sheet was refused naming only the cell ("neither catalogue needs nor
    # candidates"), where training data so written is told which need each one is.
    import openpyxl

    from classifier import Codebook

    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    catalogue = Codebook.load().catalogue
    workbook = openpyxl.load_workbook(sheet)
    answers = workbook["answers"]
    column = [cell.value for cell in answers[1]].index("need") + 1
    first, second = "accessible_event_locations", "youth_seats_in_governance"
    answers.cell(2, column).value = catalogue.label(first, "en")
    answers.cell(3, column).value = second.title()
    answers.cell(4, column).value = f"{first}, {second}"
    workbook.save(sheet)
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed")
    assert code == 2
    assert f"{catalogue.label(first, 'en')!r} is the label of {first}" in err
    assert f"{second.title()!r} is {second}" in err
    assert f"{first};{second} (separate need ids with ';')" in err
    assert not (tmp_path / "reviewed").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("tag", "{sample}", "-o", "{output}.csv"),
        ("review", "{tagged}", "-o", "{output}.xlsx"),
        ("report", "{tagged}", "-o", "{output}.html"),
    ],
    ids=["tag", "review", "report"],
)
def test_a_read_only_output_is_not_replaced(cli, improve_tagged, tmp_path, command):
    # Last year's tagged file (or report) marked read-only to keep it, then named again by
    # mistake. Before, it was replaced without a word: a write renames a new file over the
    # old one, which the folder's permissions allow, so the read-only mark kept nothing.
    improve_tagged.to_csv(tmp_path / "tagged.csv", index=False)
    suffix = command[-1].rsplit(".", 1)[1]
    output = tmp_path / f"kept.{suffix}"
    output.write_bytes(b"last year's file")
    output.chmod(0o444)
    names = {"sample": EXAMPLES / "consultation_sample.csv", "tagged": tmp_path / "tagged.csv"}
    names["output"] = tmp_path / "kept"
    code, _, err = cli(*(part.format(**names) for part in command))
    assert code == 2
    assert f"{output} is read-only, so it is not replaced" in err
    assert output.read_bytes() == b"last year's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["tagged.csv", output.name])


def test_a_model_saved_over_a_read_only_model_file_is_refused(model, tmp_path):
    # `save` from Python (or `train -o`) over a model file marked read-only to keep it.
    # Before, replaced, with its card.
    from classifier.errors import ClassifierError

    kept = tmp_path / "model.npz"
    model.save(kept)
    before = kept.read_bytes()
    kept.chmod(0o444)
    with pytest.raises(ClassifierError, match="is read-only, so it is not replaced"):
        model.save(kept)
    assert kept.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.card.json", "model.npz"]


def test_promote_over_a_read_only_default_is_refused_before_anything_is_written(cli, registry):
    # A registry's default marked read-only, so that nobody replaces it by mistake.
    # Before, `promote` replaced it (and the mark stayed on the new default).
    default = registry / "default" / "model.npz"
    before = {path: path.read_bytes() for path in registry.rglob("*") if path.is_file()}
    default.chmod(0o444)
    code, _, err = cli("promote", "v001", "--registry", registry)
    assert code == 2
    assert f"{default} is read-only, so it is not replaced" in err
    assert {path: path.read_bytes() for path in registry.rglob("*") if path.is_file()} == before
