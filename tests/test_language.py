"""Language detection: fr/en/es/und, deterministic, context-aware in batches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from classifier import detect_language
from classifier.errors import ClassifierError
from classifier.text.language import analyze_languages, detect_languages, language_shares


def test_detects_the_three_languages_on_ordinary_answers():
    assert detect_language("Les webinaires sur la sécurité numérique étaient très utiles") == "fr"
    assert detect_language("The regional hub in Nairobi made a real difference for us") == "en"
    assert detect_language("Necesitamos más información en español sobre las convocatorias") == "es"


def test_missing_accents_and_typos_still_detected():
    assert detect_language("tres bien, mais il faudrait plus de formations en ligne") == "fr"
    assert detect_language("falta comunicacion con los miembros de la region") == "es"


def test_undetermined_for_empty_numeric_emoji_and_non_strings():
    for value in ["", "   ", "12345", "10/10", "🙏🙏🙏", "?!", None, float("nan")]:
        assert detect_language(value) == "und", value


def test_detection_is_deterministic():
    text = "ok merci"
    assert len({detect_language(text) for _ in range(20)}) == 1


def test_declared_language_wins_when_valid():
    texts = ["The newsletter is great", "The newsletter is great", "The newsletter is great"]
    assert detect_languages(texts, declared=["es", "Français", "klingon"]) == ["es", "fr", "en"]
    # Names in another supported language, and survey tools' choice labels, are declarations
    # too; a label naming two languages is none.
    declared = ["Francés", "French (fr)", "es (Español)", "fr_CA", "en (French)"]
    assert detect_languages(texts[:1] * 5, declared=declared) == ["fr", "fr", "es", "fr", "en"]


def test_short_answers_take_the_language_of_the_respondents_longer_answers():
    texts = [
        "Ok",
        "Nos gustaría tener más espacios de intercambio entre organizaciones de la región",
        "Ok",
    ]
    respondents = ["r1", "r1", "r2"]
    languages = detect_languages(texts, respondents=respondents)
    assert languages[0] == "es"
    assert languages[1] == "es"
    assert languages[2] == detect_language("Ok")  # r2 has no longer answer to learn from


def test_batch_result_does_not_depend_on_row_order():
    texts = [
        "Vale",
        "Queremos más apoyo para la financiación de proyectos locales",
        "merci",
        "Plus de rencontres régionales entre membres, c'est essentiel",
        "thanks",
    ]
    respondents = ["a", "a", "b", "b", "c"]
    forward = detect_languages(texts, respondents=respondents)
    backward = detect_languages(texts[::-1], respondents=respondents[::-1])
    assert forward == backward[::-1]
    assert forward[:4] == ["es", "es", "fr", "fr"]


# ---------------------------------------------------------------- short answers (issue #11)
KNOWN_FAILURES = {
    "Merci": "fr",
    "Bien": "fr",
    "Rien": "fr",
    "Gracias": "es",
    "Thanks": "en",
    "todo bien": "es",
    "tres bien": "fr",
    "muy bueno": "es",
    "great": "en",
}


@pytest.mark.parametrize(("text", "language"), sorted(KNOWN_FAILURES.items()))
def test_known_short_answers_get_their_language_without_context(text, language):
    assert detect_language(text) == language
    assert detect_languages([text]) == [language]


@pytest.mark.parametrize("text", ["", "   ", "1234", "🙏👍", "ok", "OK", "Ok!"])
def test_no_language_is_undetermined_never_a_guess(text):
    assert detect_language(text) == "und"
    assert language_shares(text) == {}


@pytest.mark.parametrize(
    ("text", "language", "shares"),
    [
        ("merci https://example.org", "fr", {"fr": 1.0}),
        ("https://example.org merci", "fr", {"fr": 1.0}),
        ("thanks https://exemple.fr", "en", {"en": 1.0}),
        ("https://example.org", "und", {}),
        ("jean.dupont@example.fr", "und", {}),
    ],
)
def test_web_and_email_addresses_are_no_words_of_the_answers_language(text, language, shares):
    """Hunt 28: an address's letters were read as words (`https`, `example`, `org` as
    English), so "merci https://example.org" was English, "thanks https://exemple.fr" mixed,
    and an answer that is only an address got a language, unlike one without letters."""
    assert detect_language(text) == language
    assert language_shares(text) == shares


def test_a_link_does_not_make_a_short_answer_long():
    """Hunt 28: the words of an address counted towards the 4 words of a longer answer, so
    a respondent's "gracias" and a link neither took the respondent's language nor was a
    short answer; an answer that is only an address takes none, as one without letters."""
    respondents = ["c", "c", "c"]
    texts = [
        "The webinars were great and very useful",
        "https://www.example.org/rapport-annuel-de-la-coalition gracias",
        "https://www.example.org/rapport-annuel-de-la-coalition",
    ]
    assert detect_languages(texts, respondents=respondents) == ["en", "en", "und"]


@pytest.mark.parametrize("text", ["N/A", "n/a", "n.a.", "#N/A", "N/D", "n / a", "n/a."])
def test_not_applicable_is_no_language(text):
    """`N/A` is written alike in the three languages; its lone `n` read as French (from
    `n'`), so an English column's `N/A` answers were French. Now undetermined, as answers
    without letters are, also among English answers; a word beside it still counts."""
    assert detect_language(text) == "und"
    column = ["More webinars on fundraising please", text, "The newsletter is far too long"]
    assert detect_languages(column) == ["en", "und", "en"]
    assert detect_language(f"{text} merci") == "fr"


SPANISH = [
    "Necesitamos más fondos para las organizaciones pequeñas de la región",
    "Gracias por el apoyo durante las elecciones",
    "Los talleres de seguridad digital fueron muy útiles",
    "Más información en español por favor",
    "El boletín llega siempre tarde",
    "Queremos participar más en las decisiones de la alianza",
    "La cuota anual es demasiado alta para nosotras",
    "Sigan con el buen trabajo en la región",
    "Nos gustaría tener reuniones presenciales cada año",
    "Todavía no conozco bien el trabajo de la alianza",
]
FRENCH = [
    "Il faudrait plus de formations en ligne pour les petites associations",
    "Merci pour le soutien pendant la crise",
    "Les webinaires sont trop souvent en anglais",
    "Plus de rencontres régionales entre membres",
    "La cotisation est trop chère pour nous",
    "Nous voulons être consultés avant les déclarations publiques",
    "Le site web est difficile à utiliser",
    "Continuez comme ça, vous faites du bon travail",
    "Nous aimerions voter en ligne lors de la prochaine assemblée",
    "Je ne connais pas encore assez bien l'alliance",
]


def test_column_prior_tips_a_lone_ambiguous_answer_to_the_columns_majority():
    spanish_column = detect_languages([*SPANISH, FRENCH[0], "Bien"])
    french_column = detect_languages([*FRENCH, SPANISH[0], "Bien"])
    assert spanish_column[-1] == "es"
    assert french_column[-1] == "fr"
    # The prior is weak: a clearly French or English word keeps its language, even in a
    # column with no other French or English answer.
    assert detect_languages([*SPANISH, "Merci", "Thanks", "great"])[-3:] == ["fr", "en", "en"]
    # Without longer answers there is no prior: a batch of one is the answer alone.
    assert detect_languages(["Bien"]) == [detect_language("Bien")] == ["fr"]


def test_column_prior_does_not_depend_on_row_order():
    texts = [*SPANISH, FRENCH[0], "Bien", "Super", "ok"]
    order = list(reversed(range(len(texts))))
    forward = detect_languages(texts)
    shuffled = detect_languages([texts[i] for i in order])
    assert [shuffled[order.index(i)] for i in range(len(texts))] == forward


def test_mixed_answer_gets_its_dominant_language_and_shares():
    text = "the webinars were great, mais trop courts"
    assert detect_language(text) == "en"
    shares = language_shares(text)
    assert set(shares) == {"en", "fr"}
    assert shares["en"] > shares["fr"] > 0
    assert sum(shares.values()) == pytest.approx(1.0, abs=0.01)
    [found] = analyze_languages([text])
    assert found.language == "en" and found.mixed and found.shares == shares


def test_names_and_loan_words_do_not_make_an_answer_mixed():
    for text in [
        "j'adore le Youth Action Lab",
        "El monitor Civic Pulse nos ayuda mucho en la incidencia nacional",
        "Les webinaires sur le fundraising étaient très utiles pour notre équipe",
    ]:
        assert len(language_shares(text)) == 1, text


def test_one_language_answer_has_a_single_share_and_und_none():
    [french, empty] = analyze_languages(["Merci pour tout", ""])
    assert french.shares == {"fr": 1.0} and not french.mixed
    assert empty.language == "und" and empty.shares == {}


def test_shares_follow_the_context_language_of_a_one_language_answer():
    [found] = analyze_languages(["The newsletter is great"], declared=["es"])
    assert found.language == "es" and found.shares == {"es": 1.0}


def test_short_answer_detection_is_deterministic_across_calls_and_batches():
    texts = sorted(KNOWN_FAILURES)
    alone = [detect_language(t) for t in texts]
    assert detect_languages(texts) == detect_languages(texts) == alone
    assert [language_shares(t) for t in texts] == [language_shares(t) for t in texts]


@pytest.mark.parametrize(
    ("texts", "context", "message"),
    [
        # Iterated, a string was read one character at a time: five `und`, without a word.
        ("Gracias por todo", {}, "got a single string"),
        # A table iterates over its column names, a generator has no length.
        (pd.DataFrame({"answer": ["Merci pour tout"]}), {}, "got a DataFrame"),
        ((text for text in ["Merci pour tout"]), {}, "got a generator"),
        # Rows of a table, and bytes, were read as missing answers: `und`.
        (np.array([["Merci pour tout"]]), {}, r"2-dimensional array of shape \(1, 1\)"),
        ([b"Merci pour tout"], {}, r"position\(s\) 0 are bytes, not text"),
        # A string declared for the whole column: before, "declared has 2 values for 2 texts".
        (["Merci", "Thanks"], {"declared": "fr"}, r"pass \['fr'\] \* len\(answers\)"),
        # Lists as respondent ids: before, a raw `TypeError: unhashable type: 'list'`.
        (["Merci pour tout", "ok"], {"respondents": [["r1"], ["r1"]]}, "respondents at position"),
    ],
)
def test_detect_languages_refuses_what_predict_refuses(texts, context, message):
    # README ("Python API"): `detect_languages(texts, declared, respondents)` takes the
    # answers `predict` takes; what `predict` refuses with a ClassifierError, so does it.
    with pytest.raises(ClassifierError, match=message):
        detect_languages(texts, **context)
