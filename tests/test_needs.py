"""Recurring needs: units, grouping across languages, respondent counting, stability."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.needs import find_needs
from classifier.needs.units import split_points
from classifier.vocab import ONE_OFF, RECURRING

from conftest import EXAMPLES

# Team-written asks: the first three say the same thing in three languages.
FEEDBACK = [
    "Please give feedback to organisations whose grant applications are rejected.",
    "Merci de donner un retour aux organisations dont les demandes de subvention sont rejetées.",
    "Por favor den retroalimentación a las organizaciones cuyas solicitudes de subvención son "
    "rechazadas.",
]
OTHERS = [
    "We need a regional office in the Pacific islands, Fiji or Samoa.",
    "Organisez un atelier sur la sécurité numérique pour les journalistes.",
]


def tagged(texts, respondents, model):
    frame = pd.DataFrame({"answer": texts, "respondent": respondents})
    return model.tag(frame, text_column="answer")


def test_split_points_separates_sentences_list_items_and_also_clauses():
    text = (
        "Great assembly. - more webinars on fundraising\n- translation of the reports "
        "into Spanish and also a hub in Central Africa please"
    )
    points = split_points(text)
    assert "more webinars on fundraising" in points
    assert any(p.startswith("translation of the reports") for p in points)
    assert "a hub in Central Africa please" in points
    assert "Great assembly." not in points  # fewer than three words: not a point
    assert split_points("") == []


def test_same_ask_in_three_languages_is_one_recurring_need(model):
    frame = tagged(FEEDBACK + OTHERS, ["a", "b", "c", "d", "e"], model)
    result = find_needs(frame, model=model, text_column="answer")
    first = result.need(result.answer_needs[0][0])
    assert result.answer_needs[1] == result.answer_needs[2] == [first.id]
    assert first.recurrence == RECURRING and first.respondents == 3
    assert first.languages == ["en", "es", "fr"]
    assert set(first.quotes) == {"en", "es", "fr"}
    assert "fundraising" in first.themes
    for index in (3, 4):
        [need_id] = result.answer_needs[index]
        assert result.need(need_id).recurrence == ONE_OFF
    assert result.needs[0] == first  # recurring first


def test_distinct_respondents_are_counted_not_answers(model):
    frame = tagged(FEEDBACK[:2], ["same", "same"], model)
    result = find_needs(frame, model=model, text_column="answer")
    need = result.need(result.answer_needs[0][0])
    assert need.answers == 2 and need.respondents == 1 and need.recurrence == ONE_OFF


def test_min_respondents_is_a_setting(model):
    frame = tagged(FEEDBACK, ["a", "b", "c"], model)
    assert (
        find_needs(frame, model=model, text_column="answer", min_respondents=4).needs[0].recurrence
        == ONE_OFF
    )
    columns = find_needs(
        frame, model=model, text_column="answer", min_respondents=3
    ).answer_columns()
    assert columns["recurrence"] == [RECURRING] * 3
    assert columns["need_respondents"] == [3, 3, 3]


def test_answers_that_ask_nothing_get_no_need(model):
    frame = tagged(["Merci pour tout, l'équipe est formidable", "n/a", "-"], ["a", "b", "c"], model)
    columns = find_needs(frame, model=model, text_column="answer").answer_columns()
    assert columns == {
        "need_ids": ["", "", ""],
        "need_respondents": [None, None, None],
        "recurrence": ["", "", ""],
    }


def test_predictions_and_tagged_frames_give_the_same_needs(model):
    texts, respondents = FEEDBACK + OTHERS, ["a", "b", "c", "d", "e"]
    from_frame = find_needs(tagged(texts, respondents, model), model=model, text_column="answer")
    from_predictions = find_needs(model.predict(texts), respondents, model=model)
    assert from_frame == from_predictions


def test_needs_do_not_depend_on_row_order(model, test_frame):
    sample = test_frame[test_frame["need"] != ""].sort_values("id").head(120)
    frame = model.tag(sample, text_column="text", language_column="language")
    shuffled = frame.sample(frac=1.0, random_state=11)
    a = find_needs(frame, model=model, text_column="text")
    b = find_needs(shuffled, model=model, text_column="text")
    assert a.needs == b.needs
    by_id_a = dict(zip(frame["id"], a.answer_needs, strict=True))
    by_id_b = dict(zip(shuffled["id"], b.answer_needs, strict=True))
    assert by_id_a == by_id_b


def test_tag_adds_need_columns_and_needs_command_lists_them(cli, tmp_path):
    output = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag",
        EXAMPLES / "consultation_sample.csv",
        "-o",
        output,
        "--text-column",
        "q_improve",
        "--respondent-column",
        "respondent_id",
        "--language-column",
        "questionnaire_language",
        "--min-respondents",
        "2",
    )
    assert code == 0, err
    frame = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert {"need_ids", "need_respondents", "recurrence"} <= set(frame.columns)
    assert set(frame["recurrence"]) <= {"recurring", "one-off", ""}
    asking = frame["stance"].isin(["request", "criticism"]) & (frame["q_improve"].str.len() > 3)
    assert (frame.loc[asking, "need_ids"] != "").all()
    assert (frame.loc[~frame["stance"].isin(["request", "criticism"]), "need_ids"] == "").all()

    needs_file = tmp_path / "needs.csv"
    code, _, err = cli(
        "needs",
        output,
        "-o",
        needs_file,
        "--text-column",
        "q_improve",
        "--respondent-column",
        "respondent_id",
    )
    assert code == 0, err
    needs = pd.read_csv(needs_file, dtype=str, keep_default_na=False)
    assert list(needs.columns[:5]) == [
        "need_id",
        "recurrence",
        "respondents",
        "answers",
        "languages",
    ]
    order = list(
        zip(needs["recurrence"] != "recurring", -needs["respondents"].astype(int), strict=True)
    )
    assert order == sorted(order)
    assert set(needs["need_id"]) == {i for v in frame["need_ids"] for i in v.split(";") if i}


def test_needs_command_requires_a_tagged_file(cli, tmp_path):
    raw = tmp_path / "raw.csv"
    pd.DataFrame({"text": ["more grants please"]}).to_csv(raw, index=False)
    code, _, err = cli("needs", raw)
    assert code == 2 and "must be tagged first" in err


@pytest.mark.parametrize("value", ["0", "two"])
def test_min_respondents_must_be_a_positive_integer(cli, value):
    with pytest.raises(SystemExit):
        cli("tag", "x.csv", "-o", "y.csv", "--min-respondents", value)
