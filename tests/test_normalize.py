"""Normalization: cleaning, masking, lemmas and stop words per language."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lookups import Lookups

from classifier.text import links
from classifier.text import normalize as normalization
from classifier.text.normalize import (
    EMAIL_MASK,
    NUMBER_MASK,
    URL_MASK,
    clean_text,
    full_lemma_table,
    normalize,
    prune_lemma_table,
)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "examples" / "consultation_sample.csv"


def test_clean_text_masks_urls_emails_numbers_and_collapses_space():
    text = (
        "Voir  https://example.org/report?id=3 ou écrire à info@example.org\n\n"
        " avant le 12/05 (3 jours)"
    )
    cleaned = clean_text(text)
    assert URL_MASK in cleaned and EMAIL_MASK in cleaned and NUMBER_MASK in cleaned
    assert "example" not in cleaned and "12" not in cleaned
    assert "  " not in cleaned and "\n" not in cleaned


def _every_mask_run(text: object) -> str:
    """`clean_text` as it was before it skipped the masks a text cannot need: every
    pattern run on every text (the reference the shortcut must equal)."""
    if not isinstance(text, str):
        return ""
    text = normalization.visible_text(text)
    text = links.URL.sub(f" {URL_MASK} ", text)
    text = links.EMAIL.sub(f" {EMAIL_MASK} ", text)
    text = normalization._NUMBER.sub(f" {NUMBER_MASK} ", text)
    return re.sub(r"\s+", " ", text).strip()


# What the shortcuts could get wrong: a URL in capitals, digits of other scripts, whitespace
# that is not a space (no-break, line and paragraph separators, information separators).
AWKWARD = [
    "Voir WWW.Example.org",
    "see wwW.site.org. or www example",
    "HTTPS://X.ORG/a, Ftp://files.example.net, http:/ not a url, ://",
    "mail: x.y+z@ex-ample.org, @handle, a@b, user@@host.org",
    "٣٤ réunions, १२ jours, ５ fois",
    "12,5 %, -3, +4.5, 1/2, 10:30",
    "a\u00a0b\u2028c\u2029d\x1ce\x1df\x85g\u3000h\t\n\r\x0b\x0c  ",
    "\u200b\ufeff l\u2019ONG qu\u2019on aime",
    "l'équipe d'ici",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.sampled_from(AWKWARD))
def test_clean_text_equals_running_every_mask(text):
    assert clean_text(text) == _every_mask_run(text)


def test_clean_text_equals_running_every_mask_on_the_corpus(train_frame, test_frame):
    texts = [*train_frame["text"], *test_frame["text"], *AWKWARD]
    assert [clean_text(t) for t in texts] == [_every_mask_run(t) for t in texts]
    elided = [normalization._ELISION.sub(r"\1' ", clean_text(t).lower()) for t in texts]
    assert [normalization._lowered(clean_text(t)) for t in texts] == elided


def test_clean_text_applies_nfc():
    decomposed = unicodedata.normalize("NFD", "réunion à Bogotá")
    assert clean_text(decomposed) == "réunion à Bogotá"
    assert clean_text(None) == ""


def test_lemmas_per_language():
    result = normalize(
        [
            "Les formations étaient utiles",
            "Necesitamos más capacitaciones",
            "The trainings were useful",
        ],
        ["fr", "es", "en"],
    )
    assert "formation" in result[0].lemmas and "être" in result[0].lemmas
    assert "necesitar" in result[1].lemmas and "capacitación" in result[1].lemmas
    assert "training" in result[2].lemmas
    assert "les" not in result[0].content_lemmas  # stop words removed from content lemmas
    assert "formation" in result[0].content_lemmas


def test_text_is_lowercased_before_lemmatizing_and_elisions_are_split():
    [result] = normalize(["L'ALLIANCE DOIT ÉCOUTER LES MEMBRES"], ["fr"])
    assert "alliance" in result.lemmas and "membre" in result.lemmas
    assert result.lowered == result.lowered.lower()


def test_undetermined_text_is_tokenized_without_lemmas():
    [result] = normalize(["🙏 ok 123"], ["und"])
    assert result.lemmas == ("🙏", "ok", NUMBER_MASK)
    assert result.content_lemmas == ("ok",)


def test_stop_words_are_left_out_of_content_lemmas_in_each_language():
    texts = ["le réseau et les membres", "the network and the members", "el foro y los miembros"]
    results = normalize(texts, ["fr", "en", "es"])
    assert [r.content_lemmas for r in results] == [
        ("réseau", "membre"),
        ("network", "member"),
        ("foro", "miembro"),
    ]


def test_pruned_lemma_table_gives_the_same_vocabulary_lemmas():
    texts = [
        "Nous voulons des formations et des financements pour les organisations locales",
        "Les membres étaient contents des rencontres régionales",
    ]
    full = normalize(texts, ["fr", "fr"])
    vocabulary = {"formation", "financement", "membre", "être", "organisation"}
    pruned = prune_lemma_table(full_lemma_table("fr"), vocabulary)
    assert len(pruned) < 5000
    with_pruned = normalize(texts, ["fr", "fr"], {"fr": pruned})
    for a, b in zip(full, with_pruned, strict=True):
        assert [w for w in a.lemmas if w in vocabulary] == [w for w in b.lemmas if w in vocabulary]


def test_lemmas_are_those_of_spacys_lookup_lemmatizer():
    """Lemmas are read from the tables as spaCy's lookup lemmatizer reads them, on the
    bundled sample's answers in every language."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    for language in ("fr", "en", "es"):
        texts = sample.loc[sample["questionnaire_language"] == language, "q_improve"].tolist()
        reference = spacy.blank(language)
        lookups = Lookups()
        lookups.add_table("lemma_lookup", full_lemma_table(language))
        reference.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=lookups)
        normalized = normalize(texts, [language] * len(texts))
        tokens = [
            [t for t in reference(n.lowered) if not (t.is_punct or t.is_space)] for n in normalized
        ]
        expected = [tuple((t.lemma_ or t.text).lower() for t in answer) for answer in tokens]
        assert len(texts) >= 50
        assert [n.lemmas for n in normalized] == expected
        changed = sum(t.lemma_ != t.text for answer in tokens for t in answer)
        assert changed > len(texts)  # the tables do lemmatize these answers
