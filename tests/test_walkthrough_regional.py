"""What a walkthrough as a Spanish-speaking, then a French-speaking regional coordinator
found, each with an export of their own (team-written, semicolon-separated, headers in
their language): a score column headed `Puntuación` or `Note` was not found, nor one
holding a "don't know" option (`N/A`, `No sabe`) among its scores, so the report had no
net promoter score; a column name typed with a straight apostrophe for the export's
curly one was "not found" with no hint, the two looking alike. Each test failed before
its fix."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.jobs.columns import resolve_columns

ANSWERS = ["Traducir los materiales al español", "Pagar a tiempo las subvenciones", "Nada"]


def _export(score_header: str, scores: list[str]) -> pd.DataFrame:
    """A three-row export of one question and a score column headed `score_header`."""
    return pd.DataFrame({"respuesta": ANSWERS, score_header: scores})


def _score(frame: pd.DataFrame) -> str | None:
    return resolve_columns(frame, ["respuesta"], None, None, None, None, None).score


@pytest.mark.parametrize(
    "header",
    [
        "Puntuación",
        "Puntuacion (0-10)",
        "Puntaje",
        "Calificación",
        "Note",
        "Note (0-10)",
        "Score (0-10)",
    ],
)
def test_a_score_column_headed_score_in_spanish_or_french_is_found(header):
    # before: only `score` and the recommendation question's words were; a Spanish
    # export's `Puntuación` gave "score: (none)" and a report without a net promoter score
    assert _score(_export(header, ["8", "3", "10"])) == header


def test_a_column_headed_score_holding_a_1_to_5_rating_is_not_taken():
    # a word that names a score but not its scale: a satisfaction rating of 1-5 read as
    # 0-10 would count every respondent a detractor
    assert _score(_export("Puntuación", ["4", "5", "2"])) is None
    assert _score(_export("Note", ["Très bien", "Bien", ""])) is None


def test_the_recommendation_question_is_preferred_to_a_column_headed_score():
    frame = _export("Puntuación", ["8", "3", "10"]).assign(
        **{"¿Recomendaría la alianza? (0-10)": ["9", "6", "7"]}
    )
    assert _score(frame) == "¿Recomendaría la alianza? (0-10)"


@pytest.mark.parametrize("placeholder", ["n/a", "N/A", "No sabe", "NS/NC", "Ne sait pas"])
def test_a_score_column_holding_a_dont_know_option_is_found(placeholder):
    # before: every filled cell had to be a score, so one respondent's "N/A" (which the
    # report leaves out) hid the whole column
    header = "¿Recomendaría la alianza? (0-10)"
    assert _score(_export(header, ["8", placeholder, "10"])) == header
    assert _score(_export("Puntuación", ["8", placeholder, "10"])) == "Puntuación"


def test_a_column_of_mostly_words_or_of_numbers_that_are_not_scores_is_not_the_score():
    header = "¿Recomendaría la alianza? (0-10)"
    assert _score(_export(header, ["Sí", "No sabe", "8"])) is None  # mostly words
    assert _score(_export(header, ["8", "9.5", "10"])) is None  # a number, not a score
    assert _score(_export(header, ["8", "4/5", "10"])) is None  # another scale


@pytest.mark.parametrize(
    "header, scores",
    [
        ("Note /20", ["7", "8", "10"]),
        ("Note (sur 20)", ["7", "8", "10"]),
        ("Puntuación (0 a 20)", ["7", "8", "10"]),
        ("Score (out of 100)", ["7", "8", "10"]),
        ("¿Recomendaría la alianza? (1-5)", ["4", "5", "2"]),
    ],
)
def test_a_column_whose_header_states_another_scale_is_not_the_score(header, scores):
    # before: taken as 0-10 recommendation scores when the few cells were 10 or less (a
    # French grade out of 20, a 1-5 recommendation), each of them a detractor's score
    assert _score(_export(header, scores)) is None
    # a year is no scale; neither is the question's number
    for header in ("NPS 2023-2024", "Q12 - Note", "Note de 0 à 10"):
        assert _score(_export(header, ["8", "3", "10"])) == header


@pytest.mark.parametrize("header", ["Notes", "Nombre de notes", "Scores"])
def test_a_header_with_a_word_for_a_score_is_taken_only_for_that_word(header):
    # before: any word starting with one (`notes`, staff remarks or a count of notes)
    assert _score(_export(header, ["8", "3", "10"])) is None


# ------------------------------------------- a column name typed with look-alike characters
FRENCH_HEADER = (
    "ID réponse;Langue;Qu’est-ce que l’alliance fait bien ?;Que devrait améliorer l’alliance\u00a0?"
)


@pytest.mark.parametrize(
    "typed, column, shown",
    [
        ("Qu'est-ce que l'alliance fait bien ?", 2, "U+2019 RIGHT SINGLE QUOTATION MARK"),
        ("Que devrait améliorer l’alliance ?", 3, "U+00A0 NO-BREAK SPACE"),
        ("que devrait ameliorer l'alliance?", 3, None),
    ],
)
def test_a_column_named_with_a_straight_apostrophe_or_a_plain_space_is_pointed_out(
    cli, tmp_path, typed, column, shown
):
    # Excel and survey tools write French headers with ’ and a no-break space before ?;
    # typed with ' and a space, the name was "not found" beside a list of columns in
    # which it looks the same, with no hint
    export = tmp_path / "export.csv"
    export.write_text(f"{FRENCH_HEADER}\nFR-1;fr;Le plaidoyer;Payer à temps\n", encoding="utf-8")
    code, _, err = cli("tag", export, "-o", tmp_path / "out.csv", "--text-column", typed)
    assert code == 2
    if shown is None:  # an accent missing is another name: no hint
        assert "differs from it only" not in err
        return
    near = FRENCH_HEADER.split(";")[column]
    assert f"(the column {near!r} differs from it only by" in err
    assert shown in err


@pytest.mark.parametrize(
    "header",
    [
        "Note de satisfaction (0-10)",
        "Satisfaction score",
        "Puntuación de satisfacción",
        "Calificación de calidad (0-10)",
        "Quality score",
        "Note d'importance",
        # Spanish for a customer effort score, as `effort` is in English and French
        "Puntuación de esfuerzo (0-10)",
        "Calificación del esfuerzo",
    ],
)
def test_a_column_headed_as_another_rating_is_not_the_recommendation_score(header):
    # before: a 0-10 satisfaction rating headed with a word for a score was taken as the
    # recommendation score, and the report gave a "net promoter score" of satisfaction
    assert _score(_export(header, ["8", "3", "10"])) is None
    frame = _export(header, ["8", "3", "10"]).assign(Note=["9", "6", "7"])
    assert _score(frame) == "Note"
