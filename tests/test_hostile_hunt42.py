"""Hostile inputs found by hunt 42, in what respondents type and how exports write the
questionnaire's language: answers pasted from a web form's rich-text field, whose HTML
(`<p><br></p>` for an empty field, `&nbsp;`, `&#233;`, `<b>`) was read as words; a word
typed with a letter held down (`merciiiii`), which was no word of any language; a language
column of trilingual choices (`Français/French/Francés`) or naming a version (`Version
française`), read as languages the model does not know; `detect_language` given several
answers or bytes, which said "und", and a long answer, read whole where `tag` reads its first
10,000 characters; a spreadsheet's error value as an answer (`#REF!`), given a theme; styled
(`𝐌𝐞𝐫𝐜𝐢`) and full-width letters, read as no language. Each test failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier.errors import ClassifierError, DataWarning
from classifier.text.language import detect_language, detect_languages, language_shares
from classifier.text.visible import reads_as_empty

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


# ------------------------------------------------------------ HTML from a web form
def test_html_of_a_rich_text_field_is_read_as_the_text_it_shows(model, cli, tmp_path):
    # LimeSurvey's HTML editor and other web forms store a rich-text answer as HTML: an
    # empty field as `<p><br></p>`, a space as `&nbsp;`, an accent as `&#233;`. Before,
    # the tags' and entities' letters were read as words: an empty field was a French
    # request, `r&#233;unions r&#233;gionales` lost its themes (neutral), `&nbsp;` turned
    # a thank-you into a request and `<b>talleres</b>` lost capacity_development.
    pairs = [
        (
            "Nous voulons plus de réunions régionales",
            "Nous voulons plus de r&#233;unions r&#233;gionales",
        ),
        (
            "Nous voulons plus de réunions régionales",
            "Nous voulons plus de r&eacute;unions r&eacute;gionales",
        ),
        (
            "Merci beaucoup pour les formations et les webinaires",
            "Merci&nbsp;beaucoup pour les formations<br>et les webinaires",
        ),
        ("Más talleres por favor", "Más <b>talleres</b> por favor"),
        (
            "Queremos más financiación para jóvenes",
            "<p>Queremos m&aacute;s financiaci&oacute;n para j&oacute;venes</p>",
        ),
    ]
    plain = model.predict([text for text, _ in pairs])
    html = model.predict([text for _, text in pairs])
    for clean, pasted in zip(plain, html, strict=True):
        assert (pasted.language, pasted.themes, pasted.stance) == (
            clean.language,
            clean.themes,
            clean.stance,
        ), pasted.text
    for empty in model.predict(["<p><br></p>", "<div></div>", "<p>&nbsp;</p>"]):
        assert (empty.language, empty.themes, empty.stance) == ("und", [], "neutral"), empty.text
        assert reads_as_empty(empty.text)  # not counted as an answer by `report`, `review`
    # The tagged file keeps the answer as given.
    rows = pd.DataFrame({"respondent_id": ["r1", "r2"], "answer": ["<p><br></p>", pairs[0][1]]})
    rows.to_csv(tmp_path / "web.csv", index=False)
    code, _, err = cli("tag", tmp_path / "web.csv", "-o", tmp_path / "out.csv")
    assert code == 0, err
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert out["answer"].tolist() == rows["answer"].tolist()
    assert out["language"].tolist() == ["und", "fr"]
    assert out["stance"].tolist()[0] == "neutral"


# ------------------------------------------------------------- letters typed again and again
def test_a_word_with_a_letter_held_down_is_read_in_its_language(model):
    # "merciiiii", "Superrr merciii", "thankssss": a letter typed again and again, as
    # respondents stress a word. Before, such a word was no word of any language: a lone
    # `merciiiii` or `thankssss` was undetermined, and `Superrr merciii` Spanish (langdetect
    # alone, on letters it reads as Spanish), so the answer was lemmatized as Spanish.
    texts = ["merciiiii", "Superrr merciii", "thankssss", "Graciaaas por todooo", "sooo good"]
    assert detect_languages(texts) == ["fr", "fr", "en", "es", "en"]
    assert [p.language for p in model.predict(texts)] == ["fr", "fr", "en", "es", "en"]
    # A filler of one letter typed again and again is no word, as before.
    assert detect_languages(["xxx", "aaaa"]) == ["und", "und"]


# ------------------------------------------------- a questionnaire language written as a label
def test_a_trilingual_or_adjective_language_label_declares_its_language(cli, tmp_path):
    # A trilingual survey's language question has trilingual choices, written with `/`
    # (`Français/French/Francés`), and a form may name its version (`Version française`,
    # `Versión española`). Before, only a label split by spaces or parentheses was read, and
    # no adjective: each such value was "a declared language the model does not know", and
    # the answer's language was detected instead: `ok` undetermined, `Bien` in an English
    # questionnaire French, `Super` in a Spanish one undetermined.
    declared = [
        "Français/French/Francés",
        "English/Anglais/Inglés",
        "Español/Spanish/Espagnol",
        "Version française",
        "Versión española",
        "Langue anglaise",
        "fr/en",  # two languages: declares none
    ]
    texts = ["ok", "Bien", "Super", "ok", "ok", "ok", "Merci beaucoup"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = detect_languages(texts, declared=declared)
    assert found == ["fr", "en", "es", "fr", "es", "en", "fr"]
    assert [str(w.message) for w in caught if issubclass(w.category, DataWarning)] == [
        "declared language(s) the model does not know: 'fr/en' (1 answer); their languages "
        "were detected from the answers instead (declare fr, en, es or a name such as "
        "French, or leave the cell empty)"
    ]
    rows = pd.DataFrame({"langue": declared, "answer": texts})
    rows.to_csv(tmp_path / "labels.csv", index=False)
    code, _, err = cli(
        "tag", tmp_path / "labels.csv", "-o", tmp_path / "out.csv", "--language-column", "langue"
    )
    assert code == 0, err
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert out["language"].tolist() == found
    assert "'fr/en' (1 row)" in err and "Français/French" not in err


# ---------------------------------------------------- detect_language given several answers
def test_detect_language_refuses_what_is_not_one_answer_and_reads_it_as_tag_does():
    # `detect_language(df["answer"])` (the singular for the plural), a list, or bytes (a
    # file read in binary): before, "und" without a word, as `language_shares` gave {}.
    for value in (pd.Series(["merci", "gracias"]), ["merci"], ("merci",), b"merci"):
        for function in (detect_language, language_shares):
            with pytest.raises(ClassifierError, match="one answer|bytes"):
                function(value)
    # A missing answer or a number is read as `predict` reads it, as before.
    assert [detect_language(v) for v in (None, float("nan"), pd.NA, 12)] == ["und"] * 4
    # An answer over 10,000 characters is read on its first 10,000, as `tag`,
    # `detect_languages` and `classifier languages` read it: before, read whole, an
    # answer English for 10,000 characters then French was English for those and French
    # for `detect_language`.
    english = "The regional webinars were really useful for our members. " * 200
    long_answer = english[:10_000] + "Les formations régionales étaient très utiles. " * 400
    assert detect_languages([long_answer]) == ["en"]
    assert detect_language(long_answer) == "en"
    assert language_shares(long_answer) == {"en": 1.0}


# ------------------------------------------------------------ a spreadsheet's error value
def test_a_spreadsheet_error_as_an_answer_gets_no_theme(model, cli, tmp_path):
    # An answer column filled by a formula (a translation with GOOGLETRANSLATE, a lookup, a
    # cleaning =TRIM(...)) shows `#VALUE!`, `#REF!` or `#NAME?` where it failed, and `tag`
    # reads the error as the sheet shows it. Before, it was read as words: `#REF!` and
    # `#VALUE!` got the theme alliance_vision, `#VALUE!` and `#NAME?` the language `en`.
    errors = ["#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"]
    for found in model.predict(errors):
        assert (found.language, found.themes, found.stance) == ("und", [], "neutral"), found
    assert detect_languages(errors) == ["und"] * len(errors)
    rows = pd.DataFrame({"respondent_id": ["r1", "r2"], "answer": ["#REF!", "#VALUE!"]})
    rows.to_csv(tmp_path / "errors.csv", index=False)
    code, _, err = cli("tag", tmp_path / "errors.csv", "-o", tmp_path / "out.csv")
    assert code == 0, err
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert out["answer"].tolist() == ["#REF!", "#VALUE!"]
    assert out["themes"].tolist() == ["", ""] and out["language"].tolist() == ["und", "und"]


# ------------------------------------------------------- letters styled by a text generator
def test_styled_and_full_width_letters_are_read_as_the_letters_they_show(model):
    # Answers pasted from a social-media post written with a "bold text" generator
    # (mathematical bold letters, U+1D400...) or typed with an East Asian keyboard in
    # full-width mode (U+FF01...) show as plain words. Before, they were no word of any
    # language: each such answer was undetermined (its need labels in English, counted
    # apart in the report), and the Spanish one lost capacity_development.
    def bold(text: str) -> str:
        return "".join(
            chr(0x1D400 + ord(c) - 65)
            if "A" <= c <= "Z"
            else chr(0x1D41A + ord(c) - 97)
            if "a" <= c <= "z"
            else c
            for c in text
        )

    def full_width(text: str) -> str:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)

    plain = [
        "Plus de formations en ligne sur le plaidoyer",
        "We need more funding for youth groups",
        "Más talleres de incidencia por favor",
    ]
    expected = [(p.language, p.themes, p.stance) for p in model.predict(plain)]
    for styled in (bold, full_width):
        found = model.predict([styled(text) for text in plain])
        assert [(p.language, p.themes, p.stance) for p in found] == expected, styled
        assert [p.text for p in found] == [styled(text) for text in plain]  # kept as given
