"""Answers that are only a web or e-mail address ("jean.dupont@example.fr", a website):
they say nothing to tag, so they get no theme and the neutral stance, as an empty answer
does. Before, the theme model read the masked address token and gave
`jean.dupont@example.fr` the theme `information`. Answers with words beside an address
are tagged as before."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.io.tables import read_table
from classifier.model.explain import explain, format_explanation
from classifier.text.language import has_words

ADDRESSES = [
    "jean.dupont@example.fr",
    "mailto:info@example.org",
    "info@ong.org / www.ong.org",
    "https://www.asociacion-ejemplo.org",
]


@pytest.mark.parametrize("answer", ADDRESSES)
def test_an_answer_that_is_only_an_address_gets_no_theme_and_neutral(model, answer):
    [prediction] = model.predict([answer])
    assert prediction.themes == []
    assert prediction.stance == "neutral"
    assert prediction.text == answer  # kept as written


def test_words_beside_an_address_are_still_read():
    assert has_words("Merci pour les webinaires, voir www.example.org")
    assert has_words("écrivez-moi à maria@ong.org")
    assert not has_words("maria@ong.org")
    assert not has_words("MAILTO:maria@ong.org")


def test_tag_keeps_the_address_row_and_gives_it_no_theme(cli, tmp_path):
    source = tmp_path / "export.csv"
    pd.DataFrame(
        {
            "respondent_id": ["r1", "r2"],
            "q_improve": ["jean.dupont@example.fr", "Plus de formations en ligne svp"],
        }
    ).to_csv(source, index=False)
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", output, "--text-column", "q_improve", "--jobs", "1")
    assert code == 0, err
    tagged = read_table(output)
    assert tagged["q_improve"].tolist() == [
        "jean.dupont@example.fr",
        "Plus de formations en ligne svp",
    ]
    assert tagged["themes"].tolist()[0] == ""
    assert tagged["stance"].tolist()[0] == "neutral"
    assert tagged["need_ids"].tolist()[0] == ""
    assert tagged["themes"].tolist()[1] != ""


def test_explain_says_why_an_address_gets_no_theme(model):
    answer = "jean.dupont@example.fr"
    prediction, items = explain(model, answer)
    text = format_explanation(answer, prediction.language, items, prediction.stance)
    assert "ASSIGNED" not in text
    for item in items:  # a theme whose score passes its threshold is not a "close miss"
        if item.score >= item.threshold:
            assert "only a web or e-mail address" in text
