"""Hostile inputs found by hunt 36: a list given as a column's name to `tag()`,
`find_needs` or `build_report`; `report --compare` given the report's own file (or a
copy); `classifier languages` (and `detect_languages`) on an answer over 10,000
characters; and a respondent id typed with a space around it on one of its rows, for
the language a short answer takes. Each test failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier import ClassifierError, Codebook, detect_languages
from classifier.errors import DataWarning
from classifier.needs import find_needs
from classifier.report import build_report

from conftest import EXAMPLES


# ------------------------------------------------------------- a list for a column's name
@pytest.mark.parametrize(
    ("option", "value", "role"),
    [
        ("respondent_column", ["respondent_id"], "respondent"),
        ("language_column", ["questionnaire_language"], "language"),
        ("respondent_column", {"respondent_id"}, "respondent"),
    ],
)
def test_tag_given_a_list_for_a_column_names_the_one_column_to_give(model, option, value, role):
    # Before, pandas' raw `TypeError: unhashable type: 'list'`; now a ClassifierError
    # saying the column is one column's name, and which.
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    with pytest.raises(ClassifierError) as caught:
        model.tag(sample, text_column="q_improve", **{option: value})
    name = next(iter(value))
    assert f"the {role} column must be one column's name" in str(caught.value)
    assert f"give {name!r}" in str(caught.value)


@pytest.mark.parametrize(
    ("option", "role"),
    [("respondent_column", "respondent"), ("text_column", "text")],
)
def test_find_needs_given_a_list_for_a_column_says_to_give_one_name(
    model, improve_tagged, option, role
):
    # Before, `TypeError: unhashable type: 'list'` (the respondent column, and the text
    # column, which was looked up among the file's questions before it was required).
    names = {"respondent_column": "respondent_id", "text_column": "q_improve"}
    given = {**names, option: [names[option]]}
    with pytest.raises(ClassifierError, match=f"the {role} column must be one column's name"):
        find_needs(improve_tagged, model=model, **given)


def test_build_report_given_a_list_for_the_score_column_says_to_give_one_name(improve_tagged):
    # Before, `TypeError: unhashable type: 'list'` (the score column was looked up before
    # it was required); a tuple still names a column (of multi-level names).
    with pytest.raises(ClassifierError, match="give 'recommend_score'"):
        build_report(
            improve_tagged,
            "q_improve",
            codebook=Codebook.load(),
            score_column=["recommend_score"],
        )


# ------------------------------------------------------------- report --compare itself
def test_report_compared_with_a_copy_of_its_own_file_warns(cli, tagged_files, tmp_path):
    # Before, a comparison of the file with itself (or with a copy, rows in another order)
    # was written without a word: every change 0, read as a consultation that changed
    # nothing. Now a warning says the previous file holds the same answers.
    this_year = pd.read_csv(tagged_files["this_year"], dtype=str, keep_default_na=False)
    copy = tmp_path / "last_year.csv"
    this_year.iloc[::-1].to_csv(copy, index=False)
    code, _, err = cli(
        "report", tagged_files["this_year"], "--compare", copy, "-o", tmp_path / "r.html",
        "--text-column", "q_improve",
    )  # fmt: skip
    assert code == 0, err
    assert "the previous consultation's file holds the same 148 answers" in err


def test_report_compared_with_last_year_does_not_warn_of_the_same_answers(cli, tagged_files):
    # The warning is for the same answers only: last year's file gives none.
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        build_report(
            pd.read_csv(tagged_files["this_year"], dtype=str, keep_default_na=False),
            "q_improve",
            codebook=Codebook.load(),
            respondent_column="respondent_id",
            compare=pd.read_csv(tagged_files["previous"], dtype=str, keep_default_na=False),
        )


# ------------------------------------------------------------- languages of long answers
ENGLISH = "We would like more training on fundraising and more support for small members. "
FRENCH = "Nous voudrions plus de formations et plus de soutien aux petits membres. "
# An answer whose first 10,000 characters are English, followed by a longer French part.
LONG = (ENGLISH * 130)[:9_990] + " " + FRENCH * 200


def test_languages_reads_a_long_answer_on_its_first_10000_characters_as_tag(cli, tmp_path):
    # Before, `classifier languages` read the whole answer (fr) and `tag` its first 10,000
    # characters (en), though the README says the two agree row for row; and `ok merci`
    # of the same respondent took that language too. Now both print en, en, fr.
    export = tmp_path / "export.csv"
    pd.DataFrame(
        {"id": ["a", "a", "b"], "answer": [LONG, "ok merci", "Plus de formations svp"]}
    ).to_csv(export, index=False)
    code, out, err = cli("languages", export, "--respondent-column", "id")
    assert code == 0, err
    code, _, err = cli("tag", export, "--respondent-column", "id", "-o", tmp_path / "t.csv")
    assert code == 0, err
    tagged = pd.read_csv(tmp_path / "t.csv", dtype=str, keep_default_na=False)
    assert out.split() == ["1", "en", "2", "en", "3", "fr"]
    assert tagged["language"].tolist() == ["en", "en", "fr"]


def test_detect_languages_reads_a_long_answer_as_predict_does(model):
    # Before, the API's `detect_languages` gave fr where `predict` gave en.
    assert detect_languages([LONG]) == [model.predict([LONG])[0].language] == ["en"]


# ------------------------------------------------------------- respondent ids with spaces
FRENCH_LONG = "Les formations en ligne sont très utiles pour notre équipe"
OTHERS = ["We need more support for fundraising please", "More in-person workshops would help"]


def test_a_respondent_id_with_a_space_around_it_is_the_same_respondent_for_languages():
    # Before, "R7 " was another respondent than "R7" for the language context: the short
    # answer "Information" on that row did not take R7's French and was read as English,
    # while the needs and the report count both rows as R7's. Now fr, as with "R7".
    texts = [FRENCH_LONG, "Information", *OTHERS]
    written = detect_languages(texts, respondents=["R7", "R7", "R8", "R9"])
    assert written[1] == "fr"
    assert detect_languages(texts, respondents=["R7", "R7 ", "R8", "R9"]) == written
    assert detect_languages(texts, respondents=[" R7", "R7", "R8", "R9"]) == written


def test_tag_gives_a_short_answer_its_respondent_s_language_whatever_the_spaces(cli, tmp_path):
    # The same through `classifier tag` (the language context of the command's prepass):
    # before, "Information" of respondent "R7 " was tagged en.
    export = tmp_path / "export.csv"
    pd.DataFrame(
        {"respondent": ["R7", "R7 ", "R8", "R9"], "answer": [FRENCH_LONG, "Information", *OTHERS]}
    ).to_csv(export, index=False)
    code, _, err = cli("tag", export, "-o", tmp_path / "t.csv")
    assert code == 0, err
    tagged = pd.read_csv(tmp_path / "t.csv", dtype=str, keep_default_na=False)
    assert tagged["language"].tolist() == ["fr", "fr", "en", "en"]
