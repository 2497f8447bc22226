"""Column roles: named by the user, else guessed from conventional names in fr/en/es."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from classifier.errors import ColumnError
from classifier.jobs.columns import column_profiles, guess_text_column, resolve_columns


def frame(columns: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_conventional_names_in_any_language():
    table = frame(
        {
            "Respuesta": ["a"],
            "idioma": ["es"],
            "respondent_id": ["r1"],
            "recommend_score": ["9"],
            "ID": ["1"],
        }
    )
    columns = resolve_columns(table, None, None, None, None, None, None)
    assert columns.texts == ["Respuesta"] and columns.language == "idioma"
    assert columns.respondent == "respondent_id" and columns.score == "recommend_score"
    assert columns.id == "ID"


def test_longest_text_column_when_no_name_fits():
    table = frame({"code": ["A1", "B2"], "q7": ["Plus de formations en ligne", "Rien"]})
    assert guess_text_column(table) == "q7"


def test_named_columns_are_checked_and_win_over_guesses():
    table = frame({"answer": ["x"], "lang": ["fr"], "other_lang": ["en"]})
    columns = resolve_columns(table, ["answer"], None, "other_lang", None, None, None)
    assert columns.language == "other_lang"
    with pytest.raises(ColumnError, match="respondent column 'who' not found; columns found"):
        resolve_columns(table, ["answer"], "who", None, None, None, None)


def test_a_text_column_is_never_also_guessed_as_another_role():
    table = frame({"language": ["fr"], "text": ["Bonjour"]})
    columns = resolve_columns(table, ["language"], None, None, None, None, None)
    assert columns.language is None


def test_table_without_columns():
    with pytest.raises(ColumnError, match="no columns"):
        guess_text_column(pd.DataFrame())


def test_an_empty_column_name_means_none_and_no_guess():
    table = frame({"answer": ["x"], "language": ["fr"], "respondent_id": ["r1"]})
    guessed = resolve_columns(table, ["answer"], None, None, None, None, None)
    assert (guessed.language, guessed.respondent) == ("language", "respondent_id")
    columns = resolve_columns(table, ["answer"], "", "", None, None, None)
    assert (columns.language, columns.respondent) == (None, None)


def test_a_tagged_file_never_gives_its_own_output_columns_as_inputs():
    # Short asks: the need labels `tag` wrote are longer than the answers themselves.
    tagged = pd.DataFrame(
        {
            "respondent_id": ["r1", "r2", "r3"],
            "q1": ["More webinars please", "Bajar las cuotas", "Plus de visas"],
            "language": ["en", "es", "fr"],
            "themes": ["capacity_development", "membership", "networking"],
            "stance": ["request"] * 3,
            "score_youth": ["0.01"] * 3,
            "need_labels": ["Online training sessions, recorded and shared"] * 3,
        }
    )
    columns = resolve_columns(tagged, None, None, None, None, None, None)
    assert columns.texts == ["q1"] and columns.respondent == "respondent_id"
    assert columns.language is None  # `language` is the predicted one, not a declared one
    # Two columns of answers, and nothing says which one was tagged: ask, never guess.
    tagged["q2"] = ["Les webinaires sont très utiles", "Buena red regional", "Great newsletter"]
    with pytest.raises(ColumnError, match="give --text-column"):
        guess_text_column(tagged)
    assert resolve_columns(tagged, ["q2"], None, None, None, None, None).texts == ["q2"]


def test_the_tagged_question_is_the_one_answer_column_never_empty_where_predictions_are():
    tagged = pd.DataFrame(
        {
            "q1": ["More webinars please", "", "Plus de visas pour les réunions"],
            "q2": ["Les webinaires sont très utiles", "Buena red regional", ""],
            "language": ["en", "es", "fr"],
            "themes": ["capacity_development", "", ""],
            "stance": ["request", "neutral", "request"],
            "need_ids": ["", "", "visa_support"],
        }
    )
    # q1 is empty where nothing was predicted, q2 where a need was: q1 was tagged.
    assert guess_text_column(tagged) == "q1"
    # Judged over the whole file, whatever its rows' order or how it is cut into chunks.
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        rows = tagged.iloc[order]
        chunks = [rows.iloc[:2], rows.iloc[2:]]  # the first rows, then the rest
        assert guess_text_column(rows.iloc[:2], partial(column_profiles, chunks)) == "q1"
    # Evidence against both columns (q1 empty on a row with a theme too): ask, never guess.
    tagged.loc[1, "themes"] = "networking"
    with pytest.raises(ColumnError, match="give --text-column"):
        guess_text_column(tagged)


def test_a_file_tagged_for_several_questions_names_them():
    answers = {"q1": ["More webinars please", "Bajar las cuotas"], "q2": ["Great", "Bien"]}
    tagged = pd.DataFrame({"respondent_id": ["r1", "r2"], **answers})
    for question in answers:
        for name in ("language", "themes", "stance"):
            tagged[f"{question}_{name}"] = ""
    with pytest.raises(ColumnError, match=r"tagged for 2 questions \(q1, q2\): give --text-column"):
        guess_text_column(tagged)
    # Tagged for one question under its prefix (its plain names were taken): that question.
    one = tagged.drop(columns=[c for c in tagged.columns if c.startswith("q2_")])
    assert guess_text_column(one) == "q1"
