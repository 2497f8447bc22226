"""Language identification of answers: French, English, Spanish or undetermined.

langdetect is restricted to the three profiles the tool serves (its own
`DetectorFactory`, so a caller's global langdetect state is never touched) and
seeded, so the same text always gets the same language. Batch detection also
uses what a survey export knows: the questionnaire's declared language, and a
respondent's other answers for answers too short to detect.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from ..errors import ClassifierError
from ..lang import LANGUAGE_DATA
from ..vocab import LANGUAGES, UNDETERMINED, is_blank

MIN_CONFIDENCE = 0.80
MIN_LETTERS = 2
# Answers with fewer words than this take their respondent's language when
# that respondent wrote longer answers (detection is unreliable below it).
SHORT_ANSWER_WORDS = 4

_LANGUAGE_NAMES = {name: code for code, data in LANGUAGE_DATA.items() for name in data.names}
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _factory():
    """A langdetect factory holding only the fr/en/es profiles (loaded once)."""
    factory = DetectorFactory()
    profiles = [(Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in LANGUAGES]
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def _letter_count(text: str) -> int:
    return sum(1 for char in text if unicodedata.category(char).startswith("L"))


def has_letters(text: object) -> bool:
    """True when `text` is a string with at least one letter (in any script)."""
    return isinstance(text, str) and any(unicodedata.category(c).startswith("L") for c in text)


def language_probabilities(text: str) -> dict[str, float]:
    """Probability of each supported language for `text` ({} when it has too few letters)."""
    if not isinstance(text, str) or _letter_count(text) < MIN_LETTERS:
        return {}
    detector = _factory().create()
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    return {lang.lang: float(lang.prob) for lang in found}


def detect_language(text: str) -> str:
    """The language of one answer: 'fr', 'en', 'es', or 'und'.

    'und' for empty text, text without letters, and when the best language's
    probability is below MIN_CONFIDENCE.
    """
    probabilities = language_probabilities(text)
    if not probabilities:
        return UNDETERMINED
    best = max(sorted(probabilities), key=probabilities.__getitem__)
    return best if probabilities[best] >= MIN_CONFIDENCE else UNDETERMINED


def normalize_declared(value: object) -> str | None:
    """A declared language ('FR', 'Español', 'english') as a code, or None if not usable."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANGUAGE_NAMES.get(key)


def word_count(text: str) -> int:
    """Number of alphabetic words in `text`."""
    return len(_WORD.findall(text)) if isinstance(text, str) else 0


def detect_languages(
    texts: Sequence[str],
    declared: Sequence[object] | None = None,
    respondents: Sequence[object] | None = None,
) -> list[str]:
    """Languages of a batch of answers, using the context a survey export carries.

    - `declared[i]`, when given and recognisable (fr/en/es or their names), wins
      over detection: it is the language the questionnaire was answered in.
    - An answer of fewer than SHORT_ANSWER_WORDS words from a respondent who
      wrote longer answers takes the most common language of those longer
      answers (ties broken alphabetically, so row order never matters).
    """
    count = len(texts)
    if declared is not None and len(declared) != count:
        raise ClassifierError(f"declared has {len(declared)} values for {count} texts")
    if respondents is not None and len(respondents) != count:
        raise ClassifierError(f"respondents has {len(respondents)} values for {count} texts")
    detected = [detect_language(text) for text in texts]
    languages = list(detected)
    if respondents is not None:
        long_answer_languages: dict[object, Counter] = {}
        for respondent, text, language in zip(respondents, texts, detected, strict=True):
            if (
                not is_blank(respondent)
                and language != UNDETERMINED
                and word_count(text) >= SHORT_ANSWER_WORDS
            ):
                long_answer_languages.setdefault(respondent, Counter())[language] += 1
        for index, (respondent, text) in enumerate(zip(respondents, texts, strict=True)):
            votes = long_answer_languages.get(respondent) if not is_blank(respondent) else None
            if votes and word_count(text) < SHORT_ANSWER_WORDS and _letter_count(text) > 0:
                languages[index] = min(votes, key=lambda lang: (-votes[lang], lang))
    if declared is not None:
        for index, value in enumerate(declared):
            code = normalize_declared(value)
            if code is not None:
                languages[index] = code
    return languages
