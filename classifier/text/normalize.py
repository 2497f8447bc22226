"""Text normalization: cleaning, then lemmas from spaCy blank pipelines.

Cleaning applies Unicode NFC, masks URLs, e-mail addresses and numbers, and
collapses whitespace. Lemmas come from a spaCy blank pipeline per language with
the lookup lemmatizer (tables from spacy-lookups-data); nothing is downloaded.

Pipelines are heavy to build (the French tokenizer compiles a 1.4 MB regular
expression), so they are built lazily, once per process, only for the
languages actually present. A trained model carries *pruned* lemma tables that
keep only the entries able to produce a term of its vocabulary; predicting
with them gives the same features as the full tables while skipping the
second-long load of spacy-lookups-data.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import spacy
from spacy.lookups import Lookups
from spacy.util import load_language_data, registry

from ..errors import ClassifierError
from ..lang import LANGUAGE_DATA
from ..vocab import LANGUAGES

URL_MASK = "xurlx"
EMAIL_MASK = "xemailx"
NUMBER_MASK = "xnumx"
MASKS = (URL_MASK, EMAIL_MASK, NUMBER_MASK)
# Language used to tokenize answers whose language is undetermined.
FALLBACK_PIPELINE = "xx"

_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NUMBER = re.compile(r"(?<!\w)[-+]?\d+(?:[.,:/]\d+)*(?:\s?%)?(?!\w)")
_SPACE = re.compile(r"\s+")
# Elided words ("l'", "qu'") of every language, split off before lemmatizing.
_ELISION = re.compile(
    r"\b(" + "|".join(d.elision for d in LANGUAGE_DATA.values() if d.elision) + r")['’](?=\w)",
    re.IGNORECASE,
)

_pipelines: dict[tuple[str, str], object] = {}


def clean_text(text: object) -> str:
    """NFC-normalized text with URLs, e-mails and numbers masked and whitespace collapsed.

    Case is kept (sentence embeddings use it); anything that is not a string
    (None, NaN) becomes the empty string.
    """
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _URL.sub(f" {URL_MASK} ", text)
    text = _EMAIL.sub(f" {EMAIL_MASK} ", text)
    text = _NUMBER.sub(f" {NUMBER_MASK} ", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class NormalizedText:
    """One answer after normalization.

    `lowered` is the cleaned, lowercased text (character n-grams use it),
    `lemmas` every word's lemma, `content_lemmas` the same without stop words.
    """

    lowered: str
    lemmas: tuple[str, ...]
    content_lemmas: tuple[str, ...]


def full_lemma_table(language: str) -> dict[str, str | list[str]]:
    """The complete lookup table {form: lemma} shipped by spacy-lookups-data.

    Some tables (French) give a list of lemmas per form; spaCy uses the first.
    """
    return dict(load_language_data(registry.lookups.get(language)["lemma_lookup"]))


def prune_lemma_table(
    table: Mapping[str, str | list[str]], vocabulary: Iterable[str]
) -> dict[str, str]:
    """Entries of `table` whose form or (first) lemma is a vocabulary word.

    Any other form lemmatizes to a word outside the vocabulary whichever table
    is used (itself, or its lemma), so the pruned table yields the same features.
    """
    words = set(vocabulary)
    pruned = {}
    for form, lemma in table.items():
        first = lemma if isinstance(lemma, str) else lemma[0]
        if form in words or first in words:
            pruned[form] = first
    return pruned


def _pipeline(language: str, table: Mapping[str, str] | None):
    """The spaCy blank pipeline for `language`, built once per process and table."""
    key = (language, _fingerprint(table))
    if key not in _pipelines:
        if language not in LANGUAGES:
            _pipelines[key] = spacy.blank(FALLBACK_PIPELINE)
        else:
            nlp = spacy.blank(language)
            lookups = Lookups()
            lookups.add_table(
                "lemma_lookup", dict(table) if table is not None else full_lemma_table(language)
            )
            nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=lookups)
            _pipelines[key] = nlp
    return _pipelines[key]


def _fingerprint(table: Mapping[str, str] | None) -> str:
    """A content key for a lemma table ('full' for spacy-lookups-data's own)."""
    if table is None:
        return "full"
    payload = "\n".join(f"{form}\t{lemma}" for form, lemma in sorted(table.items()))
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def normalize(
    texts: Sequence[str],
    languages: Sequence[str],
    lemma_tables: Mapping[str, Mapping[str, str]] | None = None,
) -> list[NormalizedText]:
    """Normalize answers, each with the pipeline of its language.

    `lemma_tables` maps a language to the lookup table to use (a model's pruned
    tables); languages missing from it use spacy-lookups-data's full table.
    """
    if len(texts) != len(languages):
        raise ClassifierError(f"{len(texts)} texts but {len(languages)} languages")
    lowered = [_ELISION.sub(r"\1' ", clean_text(text).lower()) for text in texts]
    results: list[NormalizedText | None] = [None] * len(texts)
    by_language: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        pipeline_language = language if language in LANGUAGES else FALLBACK_PIPELINE
        by_language.setdefault(pipeline_language, []).append(index)
    for language in sorted(by_language):
        indices = by_language[language]
        table = (lemma_tables or {}).get(language)
        nlp = _pipeline(language, table)
        docs = nlp.pipe((lowered[i] for i in indices), batch_size=512)
        for index, doc in zip(indices, docs, strict=True):
            words = [t for t in doc if not (t.is_punct or t.is_space)]
            lemmas = tuple((t.lemma_ or t.text).lower() for t in words)
            content = tuple(
                lemma
                for token, lemma in zip(words, lemmas, strict=True)
                if not token.is_stop and lemma not in MASKS and any(c.isalpha() for c in lemma)
            )
            results[index] = NormalizedText(lowered[index], lemmas, content)
    return results  # type: ignore[return-value]
