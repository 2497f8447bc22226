"""Word-level evidence of an answer's language, from word frequencies per language.

Character n-gram detectors (langdetect) need a sentence to be reliable; survey
answers are often one to three words ("Merci", "todo bien", "great job"). A word
that is frequent in one language and rare in the others is strong evidence even
alone, so each word contributes its log frequency per language (a naive-Bayes
log-likelihood) to the answer's score.

The frequencies come from `wordfreq` (its "large" lists, shipped inside its
wheel): the words of each language down to MIN_FREQUENCY_CB, plus their
accent-less spellings ("tres", "comunicacion"), which people type on phones.
The table is built lazily, once per process, and holds only what the scores
need: one packed integer per word.

Building it reads three gzipped lists (0.7-1 s), so the built table is kept in
the user's cache folder (`user_cache`), where the next process loads it in
about 0.1 s. The file is named after everything the table depends on (the
settings below and the list files' paths, sizes and dates), holds no code (a
NumPy archive read without pickle) and carries the SHA-256 of its content: a
damaged, foreign or outdated file is ignored and the table built again.

Everything below the table loader is a pure function of its arguments, so it is
unit-tested with small hand-made tables.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import math
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import msgpack
import numpy as np

from ..errors import ClassifierError
from ..vocab import LANGUAGES
from .user_cache import cache_file, keep

# Frequencies are wordfreq's centibels: -300 cB is one token in 1,000. Words rarer than
# MIN_FREQUENCY_CB (one in 10 million) are left out: names, typos and rare words carry no
# reliable evidence and would only grow the table.
MIN_FREQUENCY_CB = -700
# An accent-less spelling of a word ("tres" for "très") counts as this much rarer than the
# word (-30 cB: half as frequent): missing accents are common, but not the norm.
ACCENTLESS_PENALTY_CB = 30
# A word absent from a language's list is taken as this much rarer than the list's cut-off.
ABSENT_MARGIN_CB = 50
# Cap of one word's evidence between two languages (170 cB, a factor of 50, 3.9 nats): one
# loan word or proper name must not outweigh a sentence.
MAX_WORD_RATIO_CB = 170
# Packed storage: each language's frequency in 10 bits (0..1023 = -cB), ABSENT when unlisted.
_BITS = 10
_ABSENT = (1 << _BITS) - 1
NATS_PER_CB = math.log(10) / 100

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['’]")
# A letter typed three times or more in a row (`_held_letters_word`).
_HELD_LETTER = re.compile(r"([^\W\d_])\1{2,}")
_SENTENCE_END = ".!?:;\n-–—•*"
# Evidence of a word that looks like part of a name counts this much (see name_flags).
NAME_WEIGHT = 0.2
# Words whose evidence a WordScorer remembers (a survey's vocabulary is far smaller).
MEMO_WORDS = 50_000

WordTable = Mapping[str, int]


class WordListError(ClassifierError):
    """The installed wordfreq lacks a served language or its file format changed."""


def strip_accents(word: str) -> str:
    """`word` without its combining marks ("très" -> "tres", "más" -> "mas"; "ñ" -> "n")."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _lowered(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("’", "'")


def tokens(text: str) -> list[str]:
    """The lowercase words of `text`, apostrophes kept inside words ("don't", "l'équipe")."""
    if not isinstance(text, str):
        return []
    return _TOKEN.findall(_lowered(text))


def name_flags(text: str) -> list[bool]:
    """For each word of `tokens(text)`, whether it looks like part of a name.

    A capitalized word that does not start a sentence, in an answer that also has
    lowercase words, is most likely a name ("le Youth Action Lab", "el monitor
    Civic Pulse"): programme and place names are often in another language than
    the answer, so they must not make it look mixed.
    """
    if not isinstance(text, str):
        return []
    original = unicodedata.normalize("NFC", text)
    lowered = _lowered(text)
    found = list(_TOKEN.finditer(lowered))
    if len(lowered) != len(original):  # lowercasing moved characters ("İ"): no names
        return [False] * len(found)
    has_lowercase = any(original[match.start()].islower() for match in found)
    flags = []
    previous_end = 0
    for index, match in enumerate(found):
        # What separates the word from the previous one: ". " or "\n- " start a sentence,
        # the hyphen of "Sur-Sur" does not.
        gap = lowered[previous_end : match.start()]
        previous_end = match.end()
        starts_sentence = index == 0 or (
            gap not in ("-", "–") and any(char in _SENTENCE_END for char in gap)
        )
        flags.append(has_lowercase and original[match.start()].isupper() and not starts_sentence)
    return flags


def pack(centibels: Sequence[int | None]) -> int:
    """One table value: the frequency of a word in each language (None when unlisted)."""
    value = 0
    for index, cb in enumerate(centibels):
        stored = _ABSENT if cb is None else min(-cb, _ABSENT - 1)
        value |= stored << (_BITS * index)
    return value


def unpack(value: int, count: int = len(LANGUAGES)) -> list[int | None]:
    """The inverse of `pack`: centibels per language, None when unlisted."""
    found: list[int | None] = []
    for index in range(count):
        stored = (value >> (_BITS * index)) & _ABSENT
        found.append(None if stored == _ABSENT else -stored)
    return found


def build_table(
    frequencies: Mapping[str, Mapping[str, int]], languages: Sequence[str] = LANGUAGES
) -> dict[str, int]:
    """The packed table from {language: {word: centibels}}, with accent-less spellings added.

    An accent-less spelling takes the accented word's frequency less
    ACCENTLESS_PENALTY_CB, unless it is itself a more frequent word of that language.
    """
    table: dict[str, int] = {}
    nowhere = pack([None] * len(languages))
    for index, language in enumerate(languages):
        shift = _BITS * index
        keep = ~(_ABSENT << shift)
        listed = {
            w: cb for w, cb in frequencies.get(language, {}).items() if cb >= MIN_FREQUENCY_CB
        }
        plain: dict[str, int] = {}
        for word, cb in listed.items():
            if not word.isascii() and cb - ACCENTLESS_PENALTY_CB >= MIN_FREQUENCY_CB:
                bare = strip_accents(word)
                if bare != word and plain.get(bare, MIN_FREQUENCY_CB - 1) < cb:
                    plain[bare] = cb - ACCENTLESS_PENALTY_CB
        for source in (plain, listed):
            for word, cb in source.items():
                value = table.get(word, nowhere)
                stored = min(-cb, _ABSENT - 1)
                if stored < (value >> shift) & _ABSENT:
                    table[word] = (value & keep) | (stored << shift)
    return table


def word_log_likelihoods(word: str, table: WordTable) -> list[float] | None:
    """Log-likelihood (nats) of `word` in each language, or None when no language lists it.

    Relative values are what count: an unlisted word in one language is taken
    just below the cut-off, and no two languages differ by more than
    MAX_WORD_RATIO_CB.
    """
    value = table.get(word)
    if value is None and "'" in word:
        return _sum_parts(_APOSTROPHE.split(word), table)
    if value is None:
        value = _held_letters_word(word, table)
    if value is None:
        return None
    centibels = unpack(value)
    floor = MIN_FREQUENCY_CB - ABSENT_MARGIN_CB
    best = max(cb for cb in centibels if cb is not None)
    floor = max(floor, best - MAX_WORD_RATIO_CB)
    return [NATS_PER_CB * (floor if cb is None else max(cb, floor)) for cb in centibels]


def _held_letters_word(word: str, table: WordTable) -> int | None:
    """The table's value for `word` typed with a letter held down ("merciiiii",
    "thankssss", "gooood": no word of French, English or Spanish has a letter three
    times in a row): the word with each such run as two letters, else as one; None when
    neither is listed (or the word has no such run). Unread, a stressed "merciiiii" was
    undetermined and "Superrr merciii" Spanish, by langdetect alone. A word of one letter
    alone ("xxx", "aaa": a filler typed to get past a required question) is no word."""
    if len(set(word)) == 1 or not _HELD_LETTER.search(word):
        return None
    for kept in (r"\1\1", r"\1"):
        value = table.get(_HELD_LETTER.sub(kept, word))
        if value is not None:
            return value
    return None


def _sum_parts(parts: list[str], table: WordTable) -> list[float] | None:
    """Evidence of an elided word ("l'équipe" = "l" + "équipe"), as wordfreq tokenizes it."""
    found = [word_log_likelihoods(part, table) for part in parts if part]
    found = [f for f in found if f is not None]
    if not found:
        return None
    return [sum(values) for values in zip(*found, strict=True)]


class WordScorer:
    """Centred per-word evidence from a packed table, remembered per word.

    Answers reuse a small vocabulary, so each word is scored once per process
    (up to MEMO_WORDS words, then words are scored each time).
    """

    def __init__(self, table: WordTable) -> None:
        self.table = table
        self._memo: dict[str, tuple[float, ...] | None] = {}

    def __call__(self, word: str) -> tuple[float, ...] | None:
        """`word`'s log-likelihoods centred on their mean (see `evidence`), None if unlisted."""
        try:
            return self._memo[word]
        except KeyError:
            pass
        values = word_log_likelihoods(word, self.table)
        centred = None
        if values is not None:
            mean = sum(values) / len(values)
            centred = tuple(v - mean for v in values)
        if len(self._memo) < MEMO_WORDS:
            self._memo[word] = centred
        return centred


def evidence(
    words: Sequence[str], scorer: WordScorer, names: Sequence[bool] | None = None
) -> list[Sequence[float]]:
    """Per-word log-likelihoods per language, centred on each word's mean (unlisted words: 0s).

    Centring keeps only what tells languages apart, so a word listed in every
    language at the same frequency ("ok") adds (almost) nothing. Words flagged
    in `names` count NAME_WEIGHT of their evidence.
    """
    nothing = (0.0,) * len(LANGUAGES)
    rows: list[Sequence[float]] = []
    for index, word in enumerate(words):
        values = scorer(word)
        if values is None:
            rows.append(nothing)
        elif names is not None and names[index]:
            rows.append([NAME_WEIGHT * v for v in values])
        else:
            rows.append(values)
    return rows


def softmax(scores: Sequence[float]) -> list[float]:
    """Normalized probabilities from log scores (numerically stable)."""
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def segment(rows: Sequence[Sequence[float]], switch_penalty: float) -> list[int]:
    """The most likely language index of each word, changing language at a cost (Viterbi).

    `rows[i][l]` is word i's evidence for language l. A change of language costs
    `switch_penalty` nats, so a run of words changes the answer's language only
    when its evidence outweighs the cost: a lone loan word never does, a clause
    in another language does. Ties go to the lower index (deterministic).
    """
    if not rows:
        return []
    count = len(rows[0])
    score = list(rows[0])
    back: list[list[int]] = []
    for row in rows[1:]:
        best_prev = min(range(count), key=lambda j: (-score[j], j))
        pointers, new = [], []
        for lang in range(count):
            stay = score[lang]
            move = score[best_prev] - switch_penalty
            if stay >= move:
                pointers.append(lang)
                new.append(stay + row[lang])
            else:
                pointers.append(best_prev)
                new.append(move + row[lang])
        back.append(pointers)
        score = new
    last = min(range(count), key=lambda j: (-score[j], j))
    path = [last]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    return path[::-1]


def could_switch(rows: Sequence[Sequence[float]], switch_penalty: float) -> bool:
    """False when `segment` surely keeps one language: no other language gains more than
    `switch_penalty` over the best overall one, even summing every word in its favour.

    A cheap test that spares the segmentation of most answers.
    """
    if not rows:
        return False
    count = len(rows[0])
    totals = [0.0] * count
    for row in rows:
        for lang in range(count):
            totals[lang] += row[lang]
    best = min(range(count), key=lambda j: (-totals[j], j))
    gains = [0.0] * count
    for row in rows:
        top = row[best]
        for lang in range(count):
            if row[lang] > top:
                gains[lang] += row[lang] - top
    return max(gains) >= switch_penalty


def read_frequent_words(path: str, min_centibels: int = MIN_FREQUENCY_CB) -> dict[str, int]:
    """{word: centibels} of a wordfreq list file, down to `min_centibels`, tail left unread.

    wordfreq's "cBpack" file (documented in `wordfreq.read_cBpack`) is a gzipped
    msgpack list: a header, then one list of words per centibel, most frequent
    first. Streaming it and stopping at the cut-off reads a tenth of the words
    (and of the time and memory) that `read_cBpack` would.
    """
    words: dict[str, int] = {}
    with gzip.open(path, "rb") as stream:
        unpacker = msgpack.Unpacker(stream, raw=False, use_list=False)
        count = unpacker.read_array_header()
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB":
            raise WordListError(f"{path} is not a wordfreq cBpack file (header {header!r})")
        for index in range(min(count - 1, -min_centibels + 1)):
            for word in unpacker.unpack():
                words[word] = -index
    return words


# Version of the cached table's layout; raise it when the file's content changes meaning.
TABLE_CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def frequency_table() -> dict[str, int]:
    """The packed word table of the served languages: from the cache, else built (and
    cached), once per process, on first use."""
    paths = _word_list_paths()
    cache = _cache_file(paths)
    table = _read_cached_table(cache) if cache is not None else None
    if table is None:
        table = build_table(
            {language: read_frequent_words(paths[language]) for language in LANGUAGES}
        )
        if cache is not None:
            _write_cached_table(cache, table)
    return table


def _word_list_paths() -> dict[str, str]:
    """wordfreq's "large" list file of each served language."""
    # Found without importing wordfreq (0.2 s) when its data folder is where wordfreq 3
    # keeps it; otherwise asked to wordfreq.
    spec = importlib.util.find_spec("wordfreq")
    if spec is not None and spec.submodule_search_locations:
        data = Path(next(iter(spec.submodule_search_locations))) / "data"
        found = {language: data / f"large_{language}.msgpack.gz" for language in LANGUAGES}
        if all(path.is_file() for path in found.values()):
            return {language: str(path) for language, path in found.items()}
    import wordfreq

    paths = wordfreq.available_languages("large")
    missing = [language for language in LANGUAGES if language not in paths]
    if missing:
        raise WordListError(f"wordfreq has no word list for {', '.join(missing)}")
    return {language: paths[language] for language in LANGUAGES}


def _cache_file(paths: Mapping[str, str]) -> Path | None:
    """The cache file of the table built from `paths` with today's settings (None: no cache)."""
    key: dict = {
        "format": TABLE_CACHE_FORMAT,
        "settings": [MIN_FREQUENCY_CB, ACCENTLESS_PENALTY_CB, _BITS, list(LANGUAGES)],
        "lists": [],
    }
    for language in LANGUAGES:
        try:
            stat = os.stat(paths[language])
        except OSError:
            return None
        key["lists"].append([language, str(paths[language]), stat.st_size, stat.st_mtime_ns])
    return cache_file("word-table", key, ".npz")


def _read_cached_table(path: Path) -> dict[str, int] | None:
    """The table kept at `path`, or None when it is missing, damaged or not ours."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            words = archive["words"].tobytes()
            values = archive["values"]
            expected = bytes(archive["sha256"]).decode("ascii")
        digest = hashlib.sha256(words + values.tobytes()).hexdigest()
        names = words.decode("utf-8").split("\n")
        if digest != expected or len(names) != len(values):
            return None
        return dict(zip(names, values.tolist(), strict=True))
    except Exception:  # a cache never stops a run: anything wrong means "build it again"
        return None


def _write_cached_table(path: Path, table: Mapping[str, int]) -> None:
    """Keep `table` at `path` (atomically); a folder that cannot be written is skipped."""
    words = "\n".join(table).encode("utf-8")
    values = np.fromiter(table.values(), dtype=np.int64, count=len(table))
    digest = hashlib.sha256(words + values.tobytes()).hexdigest().encode("ascii")

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            np.savez(
                handle,
                words=np.frombuffer(words, dtype=np.uint8),
                values=values,
                sha256=np.frombuffer(digest, dtype=np.uint8),
            )

    keep(path, write)


@lru_cache(maxsize=1)
def word_scorer() -> WordScorer:
    """The scorer of the served languages' word table (built on first use)."""
    return WordScorer(frequency_table())
