"""Hostile inputs found by hunt 41, in what staff read after tagging (`report`, `needs` and
`review --needs` on tagged files as staff hand them over): a `recurrence` column retyped by
hand (`Recurring`), which silently moved every recurring need to the unique requests and
made the file's --min-respondents 15; rows deleted after tagging (a file cut to one
region), which left a need of one respondent among the recurring ones; another question's
themes column deleted, which lost that question's respondents of a need; need ids typed
in by hand in `need_ids` (joined with a comma, in capitals, a label), one new need of that
name or blamed on another catalogue; a prediction column retitled (`Themes`), called "not
tagged"; and a column `tag` wrote given as the export's language, score or respondent
column (`--language-column language`), shown as the questionnaire's language. Each test
failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier.codebook import Codebook
from classifier.errors import ColumnError, DataWarning
from classifier.io.tables import read_table
from classifier.report import build_report

from conftest import EXAMPLES, tag_beekeeping

SAMPLE = EXAMPLES / "consultation_sample.csv"


def report(tagged: pd.DataFrame, **options) -> dict[str, pd.DataFrame]:
    """The tables of the report on `tagged` (a file tagged for q_improve)."""
    built = build_report(
        tagged,
        "q_improve",
        codebook=Codebook.load(),
        respondent_column="respondent_id",
        score_column="recommend_score",
        **options,
    )
    return built.tables


@pytest.fixture(scope="module")
def tagged(tagged_files) -> pd.DataFrame:
    """The sample tagged for q_improve by `classifier tag` (need columns included), read as
    `report` reads it; a copy is edited by each test."""
    return read_table(tagged_files["this_year"])


# --------------------------------------------------- recurrence retyped in the tagged file
def test_recurrence_typed_in_capitals_keeps_the_recurring_needs(tagged):
    # Staff retyped the `recurrence` column (`Recurring`, `Part of recurring need ` with a
    # space): before, read only when written exactly as `tag` writes it, so every recurring
    # need of the report moved to the unique requests without a word (28 -> 0).
    before = report(tagged)["recurring_needs"]
    assert len(before) > 10
    edited = tagged.assign(
        recurrence=tagged["recurrence"].map(lambda v: f"{v.title()} " if v else v)
    )
    after = report(edited)["recurring_needs"]
    pd.testing.assert_frame_equal(after, before)


def test_recurrence_in_another_word_is_refused_naming_the_values(tagged):
    # `récurrent`, `yes`: a value that is none of the three `tag` writes. Before, read as
    # "not recurring": the need went to the unique requests without a word.
    edited = tagged.copy()
    rows = edited.index[edited["recurrence"] == "recurring"][:2]
    edited.loc[rows, "recurrence"] = ["récurrent", "yes"]
    with pytest.raises(ColumnError) as caught:
        report(edited)
    message = str(caught.value)
    assert "'recurrence'" in message
    assert f"'récurrent' in row(s) {rows[0] + 2}" in message
    assert f"'yes' in row(s) {rows[1] + 2}" in message
    assert "recurring, part of recurring need, unique" in message


def test_recurrence_typed_in_capitals_gives_the_files_min_respondents(tagged):
    # `review --needs` and `needs` read the --min-respondents a file was tagged with from its
    # `recurrence`: retyped `Recurring`, no need read as recurring, and the file was taken
    # as tagged with one more than its largest need (15), so the needs sheet grouped anew
    # with 15 respondents to a recurring need.
    from classifier.io.layout import tagged_min_respondents

    edited = tagged.assign(recurrence=tagged["recurrence"].str.upper())
    assert tagged_min_respondents(tagged, "q_improve") == 2
    assert tagged_min_respondents(edited, "q_improve") == 2


# ------------------------------------------ rows deleted from the tagged file after tagging
def test_a_need_whose_rows_were_deleted_is_judged_over_the_rows_given(tagged):
    # Staff cut the tagged file (one region's rows kept, as the hidden-rows warning
    # advises): a need two respondents raised kept one. Before, it stayed in the recurring
    # needs, "1 respondent" under a heading saying a need is recurring when 2 or more raise
    # it, without a word. Now it is a unique request, with a warning naming it.
    recurring = tagged[tagged["recurrence"] == "recurring"]
    sizes = recurring.groupby("need_ids")["respondent_id"].nunique()
    need = sorted(sizes[sizes == 2].index)[0]
    rows = tagged.index[tagged["need_ids"] == need]
    cut = tagged.drop(rows[1:]).reset_index(drop=True)
    with pytest.warns(DataWarning, match=rf"need_respondents column gives \({need}\).*when 2 or"):
        tables = report(cut)
    assert need not in set(tables["recurring_needs"]["need_id"])
    assert need in set(tables["unique_requests"]["need_id"])
    kept = report(tagged)["recurring_needs"]
    assert list(tables["recurring_needs"]["need_id"]) == [n for n in kept["need_id"] if n != need]

    # Sorted by region in the spreadsheet, the same rows: the file's recurrence stands,
    # and nothing is said.
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        tables = report(tagged.sort_values("region", kind="stable").reset_index(drop=True))
    pd.testing.assert_frame_equal(tables["recurring_needs"], kept)


# ------------------------------------------------ need ids typed otherwise in need_ids
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("{new}, timely_replies", "{new};timely_replies (separate need ids with ';')"),
        ("timely_replies / {new}", "timely_replies;{new} (separate need ids with ';')"),
        ("Timely_Replies", "timely_replies"),
        ("timely replies", "timely_replies"),
        ("demandes des membres traitées et suivies dans les délais", "the label of timely_replies"),
        ("{NEW}", "{new}"),
    ],
)
def test_need_ids_typed_otherwise_are_refused_naming_the_id(tagged, typed, meant):
    # Needs typed into an answer's need_ids by hand: a second need after a comma, an id in
    # capitals or with spaces, a need's label (copied from the report). Before,
    # `new-70567a05, timely_replies` and `NEW-70567A05` were new needs of those names
    # (listed among the unique requests, the answer taken from its need) without a word;
    # the others were blamed on "a model of another catalogue".
    edited = tagged.copy()
    row = edited.index[edited["need_ids"].str.startswith("new-")][0]
    new = edited.loc[row, "need_ids"]
    edited.loc[row, "need_ids"] = value = typed.format(new=new, NEW=new.upper())
    with pytest.raises(ColumnError) as caught:
        report(edited)
    message = str(caught.value)
    assert "column 'need_ids' holds need ids typed otherwise" in message
    assert f"{value!r} in row(s) {row + 2}" in message
    assert f"{value!r} is {meant.format(new=new)}: write them so" in message


# ------------------------- another question's prediction columns removed from the file
def test_a_need_raised_under_a_question_whose_themes_were_removed_keeps_its_respondents(
    two_questions,
):
    # A file tagged for two questions; staff deleted the `q_strengths_themes` column (the
    # report is on q_improve) and kept the need columns. `tag` counted the beekeeping need
    # over both questions (2 respondents, recurring). Before, the report no longer saw
    # q_strengths as tagged and counted the need over q_improve alone: "1 respondent"
    # among recurring needs (now: recounted as unique, blaming deleted rows).
    edited = two_questions.drop(columns=["q_strengths_themes"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        tables = build_report(
            edited, "q_improve", codebook=Codebook.load(), respondent_column="respondent_id"
        ).tables
    recurring = tables["recurring_needs"]
    assert list(recurring["respondents"]) == [2]
    assert recurring["need_id"][0] == two_questions.loc[1, "q_improve_need_ids"]


# ------------------------------------------- a prediction column retitled in the spreadsheet
@pytest.mark.parametrize("renamed", ["Themes", " stance", "LANGUAGE"])
def test_a_prediction_column_retitled_is_named_with_the_name_to_give_back(tagged, renamed):
    # Staff retitled `themes` as `Themes` for the board. Before: "the answers in
    # 'q_improve' are not tagged: the file must be tagged first", of a tagged file.
    name = renamed.strip().lower()
    with pytest.raises(ColumnError) as caught:
        report(tagged.rename(columns={name: renamed}))
    message = str(caught.value)
    assert f"column {renamed!r}" in message and f"rename it {name!r}" in message
    assert "must be tagged first" not in message
    # An export never tagged, with its own `Language` column, is still said to be untagged.
    export = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    with pytest.raises(ColumnError, match="must be tagged first"):
        report(export.rename(columns={"questionnaire_language": "Language"}))


def test_needs_recounted_without_a_respondent_column_say_to_name_it(cli, tmp_path):
    # A file tagged with its respondent column, r1 asking for beekeeping in both of its
    # rows (1 respondent), reported without it (`--respondent-column ''`, or a column the
    # report does not find by name): each row is a respondent, the need has 2. The warning
    # blamed deleted rows or edited ids; it now says to name the respondent column.
    tagged = tag_beekeeping(cli, tmp_path, ["r1", "r1", "r3"])
    with pytest.warns(DataWarning) as caught:
        build_report(tagged, ["q_strengths", "q_improve"], codebook=Codebook.load())
    [message] = [str(w.message) for w in caught if "need_respondents" in str(w.message)]
    assert "no respondent column was read" in message and "--respondent-column" in message


# ----------------------------------- a column tag wrote given as the report's own column
@pytest.mark.parametrize(
    ("option", "column"),
    [
        ("language_column", "language"),
        ("score_column", "need_respondents"),
        ("respondent_column", "suggestion_ids"),
    ],
)
def test_a_column_tag_wrote_is_refused_as_the_exports_column(tagged, option, column):
    # `--language-column language` (tag's detected language, typed as the obvious name):
    # before, the page said the answers' languages were "the questionnaire language of
    # column language"; `--score-column need_respondents` gave a net promoter score of
    # need counts; `--respondent-column suggestion_ids` made every ask its own respondent.
    given = {"respondent_column": "respondent_id", "score_column": "recommend_score"}
    with pytest.raises(ColumnError) as caught:
        build_report(tagged, "q_improve", codebook=Codebook.load(), **{**given, option: column})
    message = str(caught.value)
    assert f"column {column!r}" in message and "`classifier tag` wrote" in message
