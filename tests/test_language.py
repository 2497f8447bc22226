"""Language detection: fr/en/es/und, deterministic, context-aware in batches."""

from __future__ import annotations

from classifier import detect_language
from classifier.text.language import detect_languages


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
