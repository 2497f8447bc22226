"""Word-frequency evidence and its combination with langdetect: pure functions, small tables."""

from __future__ import annotations

import math

import pytest

from classifier.text import word_evidence as we
from classifier.text.language import (
    LANGDETECT_FLOOR,
    MIN_COLUMN_PRIOR_SHARE,
    TextLanguage,
    column_log_prior,
    combine_scores,
    langdetect_weight,
    shares_of_path,
)

# Centibels per language (fr, en, es): -300 is one token in 1,000.
FREQUENCIES = {
    "fr": {"merci": -340, "très": -290, "bien": -260, "de": -130, "ok": -400, "mais": -240},
    "en": {"thanks": -360, "great": -310, "the": -130, "ok": -390, "were": -280},
    "es": {"gracias": -310, "bien": -290, "de": -120, "ok": -430, "tres": -330},
}


@pytest.fixture(scope="module")
def table() -> dict[str, int]:
    return we.build_table(FREQUENCIES)


def test_accents_are_stripped_but_letters_kept():
    assert we.strip_accents("très") == "tres"
    assert we.strip_accents("comunicación") == "comunicacion"
    assert we.strip_accents("Ñandú") == "Nandu"


def test_tokens_are_lowercase_words_with_inner_apostrophes():
    assert we.tokens("L’équipe, c'est TOP! 10/10 :)") == ["l'équipe", "c'est", "top"]
    assert we.tokens(None) == []  # type: ignore[arg-type]


def test_capitalized_words_inside_a_sentence_look_like_names():
    text = "j'adore le Youth Action Lab. Merci"
    flags = dict(zip(we.tokens(text), we.name_flags(text), strict=True))
    assert flags["youth"] and flags["action"] and flags["lab"]
    assert not flags["le"] and not flags["merci"]  # "Merci" starts a sentence
    # An answer without lowercase words (title case, capitals) has no names.
    assert not any(we.name_flags("Excellent Research"))
    assert not any(we.name_flags("Más intercambios sur-Sur")[:-1])
    assert we.name_flags("Más intercambios Sur-Sur") == [False, False, True, True]
    # Lowercasing that changes the length ("İ") gives no names, and still one flag a word.
    assert len(we.name_flags("le İstanbul Forum")) == len(we.tokens("le İstanbul Forum"))


def test_pack_round_trips_and_marks_unlisted_languages():
    assert we.unpack(we.pack([-340, None, -1200])) == [-340, None, -1022]


def test_table_adds_accentless_spellings_below_the_accented_word(table):
    # "tres" is a Spanish word (-330) and French "très" without its accent (-290 - 30).
    assert we.unpack(table["tres"]) == [-290 - we.ACCENTLESS_PENALTY_CB, None, -330]
    assert we.unpack(table["très"]) == [-290, None, None]


def test_word_evidence_is_capped_between_languages(table):
    merci = we.word_log_likelihoods("merci", table)
    assert merci[0] > merci[1] == merci[2]
    assert merci[0] - merci[1] == pytest.approx(we.MAX_WORD_RATIO_CB * we.NATS_PER_CB)
    assert we.word_log_likelihoods("zzxq", table) is None


def test_elided_words_are_scored_by_their_parts(table):
    de, merci = (we.word_log_likelihoods(word, table) for word in ("de", "merci"))
    expected = [a + b for a, b in zip(de, merci, strict=True)]
    assert we.word_log_likelihoods("de'merci", table) == pytest.approx(expected)


def test_shared_words_carry_little_evidence_and_unknown_words_none(table):
    ok, unknown = we.evidence(["ok", "zzxq"], we.WordScorer(table))
    assert max(ok) - min(ok) < 1.0
    assert list(unknown) == [0.0, 0.0, 0.0]
    assert sum(ok) == pytest.approx(0.0)


def test_names_count_less(table):
    scorer = we.WordScorer(table)
    [plain] = we.evidence(["thanks"], scorer)
    [named] = we.evidence(["thanks"], scorer, [True])
    assert scorer("thanks") is scorer("thanks")  # remembered
    assert named == pytest.approx([we.NAME_WEIGHT * v for v in plain])


def test_softmax_is_normalized_and_stable():
    probabilities = we.softmax([1000.0, 999.0, -1000.0])
    assert sum(probabilities) == pytest.approx(1.0)
    assert probabilities[0] == pytest.approx(1 / (1 + math.exp(-1)))


def test_segmentation_switches_for_a_clause_not_for_one_word():
    en, fr = [0.0, 3.0, 0.0], [3.0, 0.0, 0.0]
    assert we.segment([en, en, en, fr, en], switch_penalty=4.0) == [1, 1, 1, 1, 1]
    assert we.segment([en, en, en, fr, fr, fr], switch_penalty=4.0) == [1, 1, 1, 0, 0, 0]
    assert we.segment([], switch_penalty=4.0) == []


def test_the_cheap_test_spares_segmentation_only_when_it_cannot_switch():
    en, fr, none = [0.0, 3.0, 0.0], [3.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    assert not we.could_switch([en, en, en, fr, en], switch_penalty=4.0)
    assert not we.could_switch([en, none], switch_penalty=4.0)
    assert we.could_switch([en, en, en, fr, fr, fr], switch_penalty=4.0)
    assert not we.could_switch([], switch_penalty=4.0)


def test_shares_fold_a_small_minority_into_the_rest():
    assert shares_of_path([1, 1, 1, 0, 0]) == {"fr": 0.4, "en": 0.6}
    assert shares_of_path([1] * 9 + [0]) == {"en": 1.0}
    assert shares_of_path([]) == {}


def test_langdetect_counts_more_on_longer_text():
    assert langdetect_weight(0) == 0.0
    assert 0 < langdetect_weight(5) < langdetect_weight(20) < langdetect_weight(400) == 1.0
    scores = combine_scores([0.0, 0.0, 0.0], {"es": 1.0}, letters=400)
    assert scores == pytest.approx([math.log(LANGDETECT_FLOOR), math.log(LANGDETECT_FLOOR), 0.0])


def test_und_below_the_confidence_and_prior_tips_a_coin_flip():
    coin_flip = TextLanguage((0.4, -5.0, 0.0), {"fr": 1.0})
    assert coin_flip.decide() == "und"
    assert coin_flip.decide(column_log_prior(["fr"] * 20)) == "fr"
    assert coin_flip.decide(column_log_prior(["es"] * 20)) == "es"
    assert TextLanguage(None, {}).decide() == "und"


def test_mixed_answer_decides_by_its_largest_share():
    mixed = TextLanguage((0.0, 5.0, 0.0), {"fr": 0.6, "en": 0.4})
    assert mixed.mixed and mixed.decide() == "fr"


def test_column_prior_is_bounded_order_free_and_flat_without_answers():
    assert column_log_prior([]) == pytest.approx([0.0, 0.0, 0.0])
    spanish = column_log_prior(["es"] * 1000 + ["und"])
    assert spanish == column_log_prior(["und"] + ["es"] * 1000)
    bound = math.log(1 / MIN_COLUMN_PRIOR_SHARE)
    assert spanish[2] - spanish[0] == pytest.approx(bound, rel=0.01)
