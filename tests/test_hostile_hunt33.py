"""Hostile inputs found by hunt 33: scores written in words ("9 sur 10"), a tagged file
without its stance scores, a model saved under a name without `.npz`, and an empty
evaluation; each test failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier import Codebook, ThemeClassifier
from classifier.errors import ClassifierError, DataWarning
from classifier.io.recommend_scores import column_scores, parse_score
from classifier.report import build_report

SETTINGS = {"respondent_column": "respondent_id", "score_column": "recommend_score"}


def _overall_nps(tagged: pd.DataFrame) -> pd.Series:
    report = build_report(tagged, ["q_improve"], codebook=Codebook.load(), **SETTINGS)
    nps = report.tables["nps"]
    return nps[nps["dimension"] == "overall"].iloc[0]


# ------------------------------------------------------------- scores in words
@pytest.mark.parametrize(
    ("cell", "score"),
    [("9 sur 10", 9), ("9 de 10", 9), ("7 sobre 10", 7), ("10 out of 10", 10), ("3 of 10", 3)],
)
def test_a_score_written_out_of_ten_in_words_is_read(cell, score):
    # Respondents of a paper or phone survey, typed in by staff, write "9 sur 10" as often
    # as "9/10". Before, only the slash was read: "9 sur 10" was no score, and a column of
    # them was not recognised as the recommendation score.
    assert parse_score(cell) == score
    assert column_scores([cell, "8", "No sabe"]) == [score, 8]


@pytest.mark.parametrize("cell", ["4 sur 5", "3 de 7", "4 out of 5", "12 sur 10"])
def test_a_score_in_words_on_another_scale_is_not_a_0_10_score(cell):
    assert parse_score(cell) is None


def test_the_report_counts_scores_in_words_and_names_the_cells_it_cannot_read(improve_tagged):
    # Before, a score cell the report could not read ("9 sur 10", "8 ou 9") silently counted
    # as no score: the net promoter score left those respondents out without a word.
    tagged = improve_tagged.copy()
    before = _overall_nps(tagged)
    scored_rows = tagged.index[tagged["recommend_score"].map(parse_score).notna()]
    first, second = scored_rows[:2]
    tagged.loc[first, "recommend_score"] = (
        f"{parse_score(tagged.at[first, 'recommend_score'])} sur 10"
    )
    tagged.loc[second, "recommend_score"] = "8 ou 9"
    with pytest.warns(DataWarning) as caught:
        after = _overall_nps(tagged)
    message = " ".join(str(w.message) for w in caught)
    assert f"'8 ou 9' (row {second + 2})" in message
    assert "no 0-10 score" in message and f"(row {first + 2})" not in message
    assert after["scored"] == before["scored"] - 1


# ------------------------------------------------------------- stance scores
def test_a_tagged_file_without_stance_scores_is_reported_with_a_warning(improve_tagged):
    # The report quotes as successes only the praise the model was sure of. Before, a tagged
    # file whose stance_score column had been deleted quoted every answer tagged praise,
    # complaints read as praise included, without a word.
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        build_report(improve_tagged, ["q_improve"], codebook=Codebook.load(), **SETTINGS)
    without = improve_tagged.drop(columns=["stance_score"])
    with pytest.warns(DataWarning, match="no stance score column for 'q_improve'"):
        build_report(without, ["q_improve"], codebook=Codebook.load(), **SETTINGS)


# ------------------------------------------------------------- model files
def test_a_model_loads_from_the_name_it_was_saved_under(model, tmp_path):
    # `save("m")` writes m.npz (and its card). Before, `load("m")` said "no model file at m".
    written = model.save(tmp_path / "m")
    assert written == tmp_path / "m.npz"
    loaded = ThemeClassifier.load(tmp_path / "m")
    assert loaded.predict(["Más formación en recaudación de fondos"]) == model.predict(
        ["Más formación en recaudación de fondos"]
    )
    with pytest.raises(Exception, match="no model file at"):
        ThemeClassifier.load(tmp_path / "other")


def test_scoring_no_answers_is_a_clear_error(model):
    # Before, scikit-learn's "Found empty input array (e.g., `y_true` or `y_pred`)".
    with pytest.raises(ClassifierError, match="no answers to score"):
        model.score([], [])
