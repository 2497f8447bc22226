"""Text normalization: cleaning, then lemmas from spaCy blank pipelines.

Cleaning applies Unicode NFC, masks URLs, e-mail addresses and numbers, and
collapses whitespace. Tokens come from a spaCy blank pipeline per language,
lemmas from spaCy's lookup tables (spacy-lookups-data); nothing is downloaded.
A token's lemma is read exactly as spaCy's lookup lemmatizer reads it (the
table's entry for the token's text, the first one when there are several,
else the text), from a plain dict: filling spaCy's hashed `Lookups` table
took a quarter of a second per start for the same result.

Pipelines are built lazily, once per process, only for the languages
actually present. spaCy's French tokenizer has a `token_match` regular
expression (hyphenated and elided words kept whole: "hip-hop", "saut-de-ski")
whose compilation takes 2-5 s, paid at the import of spaCy's French data:
`_import_french` imports it with that one expression compiled on demand,
behind exact cheap filters (`token_match.LazyTokenMatch`), so a French answer
without such a word never pays for it. Tokens are exactly spaCy's.

A trained model carries *pruned* lemma tables that keep only the entries able
to produce a term of its vocabulary; predicting with them gives the same
features as the full tables while skipping the second-long load of
spacy-lookups-data.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import spacy
from spacy.util import load_language_data, registry

from ..errors import ClassifierError
from ..lang import LANGUAGE_DATA
from ..vocab import LANGUAGES
from .links import EMAIL, URL
from .token_match import letter_classes_compiled_lazily
from .visible import visible_text

URL_MASK = "xurlx"
EMAIL_MASK = "xemailx"
NUMBER_MASK = "xnumx"
MASKS = (URL_MASK, EMAIL_MASK, NUMBER_MASK)
# Language used to tokenize answers whose language is undetermined.
FALLBACK_PIPELINE = "xx"

_NUMBER = re.compile(r"(?<!\w)[-+]?\d+(?:[.,:/]\d+)*(?:\s?%)?(?!\w)")
# Any digit: a text without one has no number to mask (a cheap test before _NUMBER).
_DIGIT = re.compile(r"\d")
# Elided words ("l'", "qu'") of every language, split off before lemmatizing.
_ELISION = re.compile(
    r"\b(" + "|".join(d.elision for d in LANGUAGE_DATA.values() if d.elision) + r")['’](?=\w)",
    re.IGNORECASE,
)

_pipelines: dict[str, object] = {}
_full_tables: dict[str, dict[str, str]] = {}
_import_lock = threading.Lock()


def _import_french() -> None:
    """Import spaCy's French language data with its token_match compiled on demand."""
    with _import_lock:
        if "spacy.lang.fr" in sys.modules:
            return
        with letter_classes_compiled_lazily():
            import spacy.lang.fr  # noqa: F401 (imported here, under the lazy compile)


def clean_text(text: object) -> str:
    """The `visible_text` of an answer with URLs, e-mails and numbers masked and whitespace
    collapsed.

    Case is kept (sentence embeddings use it); anything that is not a string
    (None, NaN) becomes the empty string.
    """
    if not isinstance(text, str):
        return ""
    text = visible_text(text)
    # Each mask runs only on a text holding what its pattern cannot match without (most
    # answers have no URL, e-mail or number, and the full patterns cost more than all the
    # rest of the cleaning); the result is the same as running them all.
    if "://" in text or "www." in text.lower():
        text = URL.sub(f" {URL_MASK} ", text)
    if "@" in text:
        text = EMAIL.sub(f" {EMAIL_MASK} ", text)
    if _DIGIT.search(text):
        text = _NUMBER.sub(f" {NUMBER_MASK} ", text)
    return " ".join(text.split())  # str.split's whitespace is regular expressions' \s


def _lowered(cleaned: str) -> str:
    """A cleaned text lowercased, elided words ("l'", "qu'") split off."""
    lowered = cleaned.lower()
    if "'" in lowered or "\u2019" in lowered:
        return _ELISION.sub(r"\1' ", lowered)
    return lowered


@dataclass(frozen=True)
class NormalizedText:
    """One answer after normalization.

    `cleaned` is the text after `clean_text` (sentence embeddings read it), `lowered`
    the same lowercased with elided words split off (character n-grams use it),
    `lemmas` every word's lemma, `content_lemmas` the same without stop words.
    """

    cleaned: str
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


def _pipeline(language: str):
    """The spaCy blank pipeline (its tokenizer) for `language`, built once per process."""
    if language not in _pipelines:
        if language == "fr":
            _import_french()
        _pipelines[language] = spacy.blank(language if language in LANGUAGES else FALLBACK_PIPELINE)
    return _pipelines[language]


def first_lemma_table(language: str) -> Mapping[str, str]:
    """spacy-lookups-data's full table for `language` with its first lemma per form (as
    spaCy uses), read once per process: every training prunes it, and tagging without a
    model's tables reads it."""
    if language not in _full_tables:
        _full_tables[language] = {
            form: lemma if isinstance(lemma, str) else lemma[0]
            for form, lemma in full_lemma_table(language).items()
        }
    return _full_tables[language]


def _lemma_table(language: str, tables: Mapping[str, Mapping[str, str]] | None):
    """The lookup table lemmatizing `language`: the model's, else spacy-lookups-data's
    full table (`first_lemma_table`), none for other languages."""
    if language not in LANGUAGES:
        return {}
    if tables and language in tables:
        return tables[language]
    return first_lemma_table(language)


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
    cleaned = [clean_text(text) for text in texts]
    lowered = [_lowered(text) for text in cleaned]
    results: list[NormalizedText | None] = [None] * len(texts)
    by_language: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        pipeline_language = language if language in LANGUAGES else FALLBACK_PIPELINE
        by_language.setdefault(pipeline_language, []).append(index)
    for language in sorted(by_language):
        indices = by_language[language]
        table = _lemma_table(language, lemma_tables)
        docs = _pipeline(language).pipe((lowered[i] for i in indices), batch_size=512)
        # What each distinct word gives, looked up once per call: a word's punctuation,
        # space and stop-word flags are its lexeme's, the same wherever it stands.
        words: dict[str, tuple[str, bool] | None] = {}
        for index, doc in zip(indices, docs, strict=True):
            lemmas, content = [], []
            for token in doc:
                form = token.text
                if form not in words:
                    words[form] = _word(token, table)
                word = words[form]
                if word is not None:
                    lemmas.append(word[0])
                    if word[1]:
                        content.append(word[0])
            results[index] = NormalizedText(
                cleaned[index], lowered[index], tuple(lemmas), tuple(content)
            )
    return results  # type: ignore[return-value]


def _word(token, table: Mapping[str, str]) -> tuple[str, bool] | None:
    """A token's lemma and whether it is a content word (not a stop word, a mask or a
    word without letters); None for punctuation and space, which are left out."""
    if token.is_punct or token.is_space:
        return None
    lemma = (table.get(token.text) or token.text).lower()
    return lemma, (not token.is_stop and lemma not in MASKS and any(c.isalpha() for c in lemma))
