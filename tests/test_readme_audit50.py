"""Found by the README audit of stop 50: `classifier languages` read a declared language
it did not understand (`Deutsch`) without a word, where `tag` on the same file warns,
naming each value and how many rows declare it (README, "Columns": "anything else is
detected from the answer, with one warning naming each value not understood"); each test
failed before its fix."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier import detect_languages
from classifier.errors import DataWarning

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


def test_languages_warns_of_declared_languages_it_does_not_understand(cli, tmp_path):
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame.loc[[0, 1], "questionnaire_language"] = "Deutsch"
    frame.loc[2, "questionnaire_language"] = "Klingon"
    source = tmp_path / "export.csv"
    frame.to_csv(source, index=False)
    code, out, err = cli(
        "languages", source, "--text-column", "q_improve",
        "--language-column", "questionnaire_language",
    )  # fmt: skip
    assert code == 0, err
    # Every row is still printed, its language detected from the answer.
    assert len(out.splitlines()) == 150
    # The warning `tag` gives for the same file, once, before the rows are printed.
    code, _, tag_err = cli(
        "tag", source, "-o", tmp_path / "t.csv", "--text-column", "q_improve",
        "--language-column", "questionnaire_language",
    )  # fmt: skip
    assert code == 0, tag_err
    warning = next(line for line in tag_err.splitlines() if "'Deutsch' (2 rows)" in line)
    assert warning in err.splitlines()
    assert "'Klingon' (1 row)" in warning


def test_languages_says_nothing_of_a_language_column_it_understands(cli):
    code, out, err = cli("languages", SAMPLE, "--text-column", "q_improve")
    assert code == 0, err
    assert len(out.splitlines()) == 150
    assert "warning" not in err


def test_detect_languages_warns_of_declared_languages_it_does_not_understand():
    # `predict` warns of a declared value it does not know and detects the language
    # instead; `detect_languages`, its public sibling, detected it without a word.
    texts = ["Merci pour les formations, elles sont très utiles.", "Thanks for the webinars."]
    with pytest.warns(DataWarning, match=r"'Deutsch' \(1 answer\)") as caught:
        languages = detect_languages(texts, ["Deutsch", "en"])
    assert languages == ["fr", "en"]
    assert len([w for w in caught if "Deutsch" in str(w.message)]) == 1


def test_the_languages_command_says_it_once(cli, tmp_path):
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame.loc[[0, 1], "questionnaire_language"] = "Deutsch"
    source = tmp_path / "export.csv"
    frame.to_csv(source, index=False)
    code, _, err = cli(
        "languages", source, "--text-column", "q_improve",
        "--language-column", "questionnaire_language",
    )  # fmt: skip
    assert code == 0, err
    assert err.count("'Deutsch'") == 1
