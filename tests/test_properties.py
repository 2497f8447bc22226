"""Property-based tests: any Unicode input gives a valid result and never raises."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier import detect_language
from classifier.text.language import detect_languages
from classifier.text.normalize import clean_text, normalize

LANGUAGES = {"fr", "en", "es", "und"}
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
texts = st.text(max_size=300) | st.text(alphabet=st.characters(codec="utf-8"), max_size=3000)


@FAST
@given(texts)
def test_language_detection_accepts_any_text(text):
    assert detect_language(text) in LANGUAGES


@FAST
@given(st.lists(texts, max_size=8), st.lists(st.sampled_from(["r1", "r2", "", None]), max_size=8))
def test_batch_language_detection_is_valid_and_order_free(batch, ids):
    respondents = (ids + [None] * len(batch))[: len(batch)]
    languages = detect_languages(batch, respondents=respondents)
    assert len(languages) == len(batch) and set(languages) <= LANGUAGES
    order = list(range(len(batch)))
    random.Random(len(batch)).shuffle(order)
    shuffled = detect_languages(
        [batch[i] for i in order], respondents=[respondents[i] for i in order]
    )
    assert [shuffled[order.index(i)] for i in range(len(batch))] == languages


@FAST
@given(texts, st.sampled_from(["fr", "en", "es", "und"]))
def test_normalization_accepts_any_text(text, language):
    cleaned = clean_text(text)
    assert "  " not in cleaned and cleaned == cleaned.strip()
    [result] = normalize([text], [language])
    assert result.lowered == result.lowered.lower()
    assert all(isinstance(lemma, str) and lemma for lemma in result.lemmas)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(texts, min_size=1, max_size=6))
def test_prediction_accepts_any_text_and_ignores_row_order(model, batch):
    predictions = model.predict(batch)
    assert len(predictions) == len(batch)
    for prediction in predictions:
        assert prediction.language in LANGUAGES
        assert set(prediction.themes) <= set(model.classes_)
        assert all(0.0 <= s <= 1.0 for s in prediction.scores.values())
        assert prediction.stance in {"praise", "request", "criticism", "neutral"}
    reversed_predictions = model.predict(batch[::-1])
    assert reversed_predictions[::-1] == predictions
