"""Language identification of answers: French, English, Spanish or undetermined.

Two signals, combined in one naive-Bayes score per language:

- word evidence (`word_evidence`): each word's frequency in each language, which
  decides short answers ("Merci", "todo bien", "great job") where character
  n-grams cannot;
- langdetect's probabilities, restricted to the three profiles the tool serves
  (its own `DetectorFactory`, so a caller's global langdetect state is never
  touched) and seeded, with a weight growing with the answer's length: it is
  reliable on sentences and confidently wrong on single words. It is not asked
  when the words' lead is beyond anything it could change (`words_settle`):
  the result is the same, faster.

'und' means not enough evidence: no letters, or no language reaching
MIN_CONFIDENCE ("ok"). An answer with clauses in two languages gets its
dominant language and the share of each (`language_shares`).

Batch detection also uses what a survey export knows: the questionnaire's
declared language, a respondent's longer answers for their short ones, and the
mix of languages in the whole column as a weak prior.
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from ..errors import ClassifierError, DataWarning
from ..vocab import (
    LANGUAGES,
    UNDETERMINED,
    is_blank,
    normalize_declared,
    readable_texts,
    respondent_key,
)
from .answers import check_answer, check_answers
from .links import without_links
from .visible import visible_text
from .word_evidence import (
    NAME_WEIGHT,
    could_switch,
    evidence,
    name_flags,
    segment,
    softmax,
    tokens,
    word_scorer,
)

# The most probable language is kept when its posterior reaches this; below, 'und'.
MIN_CONFIDENCE = 0.60
MIN_LETTERS = 2
# Answers with fewer words than this take their respondent's language when
# that respondent wrote longer answers (detection is unreliable below it).
SHORT_ANSWER_WORDS = 4
# langdetect's log-probabilities count fully from this many letters on (see langdetect_weight).
LANGDETECT_FULL_WEIGHT_LETTERS = 40
# langdetect's probabilities are floored here before the log: it says 0 for languages
# it did not sample, which would veto the words' evidence.
LANGDETECT_FLOOR = 0.02
# Changing language inside an answer costs this many nats in the segmentation of mixed
# answers: a clause changes it, a loan word does not.
SWITCH_PENALTY = 4.0
# A second language makes an answer mixed when it has at least this many words and share.
MIN_MIXED_WORDS = 2
MIN_MIXED_SHARE = 0.2
# The column prior: pseudo-count per language, and the floor of a language's share, which
# bounds the prior's pull between two languages at ln(1 / 0.1) = 2.3 nats (column_log_prior).
COLUMN_PRIOR_PSEUDOCOUNT = 1.0
MIN_COLUMN_PRIOR_SHARE = 0.1

_WORD = re.compile(r"[^\W\d_]+")
# "Not applicable" / "not available" as forms write it in all three languages (`N/A`,
# `n.a.`, `#N/A`, `N/D`): no word of any one language, though a lone `n` reads as French
# (from `n'`), which made an English column's `N/A` French.
_NOT_APPLICABLE = re.compile(r"#?n\s*[/.]\s*[ad]\s*\.?")
# A spreadsheet's error value, as Excel, LibreOffice and Google Sheets show a formula that
# failed (an answer column filled by a translation or lookup formula), casefolded: no words.
_SPREADSHEET_ERROR = re.compile(
    r"#(?:null!|div/0!|value!|ref!|name\?|num!|n/a|spill!|calc!|field!|blocked!|connect!"
    r"|busy!|unknown!|external!|python!|getting_data|error!?)"
)


@lru_cache(maxsize=1)
def _factory():
    """A langdetect factory holding only the fr/en/es profiles (loaded once)."""
    factory = DetectorFactory()
    profiles = [(Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in LANGUAGES]
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def _letter_count(text: str) -> int:
    # str.isalpha is exactly Unicode's Letter categories (Lu, Ll, Lt, Lm, Lo).
    return sum(map(str.isalpha, text))


def has_letters(text: object) -> bool:
    """True when `text` is a string with at least one letter (in any script)."""
    return isinstance(text, str) and any(unicodedata.category(c).startswith("L") for c in text)


def has_words(text: object) -> bool:
    """True when `text` has letters outside its web and e-mail addresses, as a reader sees
    it (`visible_text`): an answer that is only an address (`jean.dupont@example.fr`,
    `www.example.org`), a web form's empty field (`<p><br></p>`) or a spreadsheet's error
    value (`#VALUE!`, `#REF!`) says nothing to tag."""
    return isinstance(text, str) and has_letters(_words_text(text))


def _words_text(text: str) -> str:
    """What of `text` its language and length are read from: the text a reader sees
    (`visible_text`: a web form's HTML as the text it shows), without its web and e-mail
    addresses; nothing for a spreadsheet's error value (`#REF!`: read, the theme model gave
    `#REF!` and `#VALUE!` the theme alliance_vision)."""
    text = visible_text(text)
    if "#" in text and _SPREADSHEET_ERROR.fullmatch(text.strip().casefold()):
        return ""
    return without_links(text)


def language_probabilities(text: str) -> dict[str, float]:
    """Probability of each supported language for `text` ({} when it has too few letters)."""
    if not isinstance(text, str) or _letter_count(text) < MIN_LETTERS:
        return {}
    return _langdetect(text)


def _langdetect(text: str) -> dict[str, float]:
    """langdetect's probabilities for a text known to have letters."""
    detector = _factory().create()
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    return {lang.lang: float(lang.prob) for lang in found}


@dataclass(frozen=True)
class TextLanguage:
    """What one answer's own words say about its language, before any survey context.

    `scores`: log score per language (LANGUAGES order), word evidence plus
    langdetect's when it was asked (see `words_settle`), None when the text has
    too few letters; `shares`: the share of
    the answer's words in each language, {} when undetermined, several
    languages only when the answer is mixed.
    """

    scores: tuple[float, ...] | None
    shares: dict[str, float]

    @property
    def mixed(self) -> bool:
        """True when the answer has clauses in more than one language."""
        return len(self.shares) > 1

    def decide(self, log_prior: Sequence[float] | None = None) -> str:
        """The language: the dominant one of a mixed answer, else the most probable
        (after `log_prior`, the column's weak prior) when it is probable enough, else 'und'."""
        if self.scores is None:
            return UNDETERMINED
        if self.mixed:
            order = {lang: -score for lang, score in zip(LANGUAGES, self.scores, strict=True)}
            return min(self.shares, key=lambda lang: (-self.shares[lang], order[lang]))
        scores = (
            self.scores
            if log_prior is None
            else [s + p for s, p in zip(self.scores, log_prior, strict=True)]
        )
        posterior = softmax(scores)
        best = max(range(len(LANGUAGES)), key=lambda i: (posterior[i], -i))
        return LANGUAGES[best] if posterior[best] >= MIN_CONFIDENCE else UNDETERMINED


def langdetect_weight(letters: int) -> float:
    """How much langdetect's log-probabilities count, from 0 (no letters) to 1 (a sentence).

    langdetect is confidently wrong on single words ("Merci" -> es at p = 1.0)
    and reliable on sentences, so its weight grows with the answer's letters.
    """
    return min(1.0, letters / LANGDETECT_FULL_WEIGHT_LETTERS)


def combine_scores(
    word_scores: Sequence[float], probabilities: dict[str, float], letters: int
) -> list[float]:
    """Log score per language: the words' naive-Bayes log-likelihoods plus langdetect's
    log-probabilities (floored at LANGDETECT_FLOOR) weighted by `langdetect_weight`."""
    weight = langdetect_weight(letters)
    return [
        score + weight * math.log(max(probabilities.get(lang, 0.0), LANGDETECT_FLOOR))
        for score, lang in zip(word_scores, LANGUAGES, strict=True)
    ]


def shares_of_path(path: Sequence[int]) -> dict[str, float]:
    """Share of the words in each language along a segmentation path; languages whose share
    is below MIN_MIXED_SHARE are folded into the others (a loan phrase is not a mix)."""
    if not path:
        return {}
    counts = Counter(LANGUAGES[i] for i in path)
    kept = {
        lang: n
        for lang, n in counts.items()
        if n >= MIN_MIXED_WORDS and n / len(path) >= MIN_MIXED_SHARE
    }
    if not kept:
        kept = {min(counts, key=lambda lang: (-counts[lang], lang)): 1}
    total = sum(kept.values())
    return {lang: round(kept[lang] / total, 3) for lang in LANGUAGES if lang in kept}


def analyze_text(text: str) -> TextLanguage:
    """The language evidence of one answer: word frequencies, langdetect, and mixing.

    Its web and e-mail addresses are left out: their letters are no words of the answer
    (read, `https://example.org` made "merci https://example.org" English), so an answer
    that is only an address is undetermined, as one without letters; so is `N/A` (and
    `n.a.`, `#N/A`, `N/D`), written alike in the three languages. A web form's HTML is read
    as the text it shows (`visible_text`): `r&#233;unions` is `réunions`."""
    text = _words_text(text) if isinstance(text, str) else text
    letters = _letter_count(text) if isinstance(text, str) else 0
    # `N/A` and its kin have two letters: only such answers are matched (no casefolded
    # copy of every answer).
    if letters < MIN_LETTERS or (
        letters == 2 and _NOT_APPLICABLE.fullmatch(text.strip().casefold())
    ):
        return TextLanguage(None, {})
    rows = evidence(tokens(text), word_scorer())
    word_scores = [sum(column) for column in zip(*rows, strict=True)] if rows else []
    if not word_scores:
        word_scores = [0.0] * len(LANGUAGES)
    path: list[int] = []
    # Most answers cannot be mixed (no run of words outweighs a change of language): only
    # the others are segmented, with names counting little ("le Youth Action Lab" is not an
    # English clause).
    if len(rows) >= 2 * MIN_MIXED_WORDS and could_switch(rows, SWITCH_PENALTY):
        named = [
            [NAME_WEIGHT * value for value in row] if name else row
            for row, name in zip(rows, name_flags(text), strict=True)
        ]
        if could_switch(named, SWITCH_PENALTY):
            path = segment(named, SWITCH_PENALTY)
    shares = shares_of_path(path)
    if len(shares) > 1 or not words_settle(word_scores, letters):
        scores = combine_scores(word_scores, _langdetect(text), letters)
    else:
        scores = list(word_scores)
    if len(shares) <= 1:
        language = TextLanguage(tuple(scores), {}).decide()
        shares = {language: 1.0} if language != UNDETERMINED else {}
    return TextLanguage(tuple(scores), shares)


def words_settle(word_scores: Sequence[float], letters: int) -> bool:
    """True when the words' lead is beyond anything langdetect and the column prior could
    change: the language is the same, with or without them, so langdetect is not asked.

    langdetect moves two languages apart by at most its weight x ln(1 / LANGDETECT_FLOOR),
    the column prior by at most ln(1 / MIN_COLUMN_PRIOR_SHARE); a further lead of
    ln(2 x MIN_CONFIDENCE / (1 - MIN_CONFIDENCE)) keeps the posterior above MIN_CONFIDENCE.
    Long answers in one language usually settle; short answers never do.
    """
    ranked = sorted(word_scores, reverse=True)
    needed = (
        langdetect_weight(letters) * math.log(1 / LANGDETECT_FLOOR)
        + math.log(1 / MIN_COLUMN_PRIOR_SHARE)
        + math.log(2 * MIN_CONFIDENCE / (1 - MIN_CONFIDENCE))
    )
    return ranked[0] - ranked[1] > needed


def detect_language(text: str) -> str:
    """The language of one answer: 'fr', 'en', 'es', or 'und'.

    'und' for empty text, text without letters, and when neither the words nor
    langdetect give one language a posterior of at least MIN_CONFIDENCE ("ok").
    A mixed answer gets its dominant language (see `language_shares`). The answer is
    read as `predict` and `detect_languages` read it (`_one_answer`).
    """
    return analyze_text(_one_answer(text)).decide()


def language_shares(text: str) -> dict[str, float]:
    """Share of the answer's words in each language: {'en': 0.57, 'fr': 0.43} for a mixed
    answer, {'fr': 1.0} for a French one, {} when undetermined (the answer read as
    `detect_language` reads it)."""
    return dict(analyze_text(_one_answer(text)).shares)


def _one_answer(text: object) -> str:
    """One answer as the model reads it (`readable_texts`: a number as its text, a missing
    value as "", on its first MAX_TEXT_CHARS characters), so that `detect_language` gives
    the language `tag` and `detect_languages` give; what is not one answer (several, or
    bytes) is a ClassifierError (`answers.check_answer`)."""
    check_answer(text)
    return readable_texts([text])[0]


def column_log_prior(languages: Sequence[str]) -> list[float]:
    """A weak log prior per language from the languages of a column's longer answers.

    The share of each language among `languages` (fr/en/es codes; others are
    ignored), smoothed by COLUMN_PRIOR_PSEUDOCOUNT and floored at
    MIN_COLUMN_PRIOR_SHARE, relative to a uniform prior. It tips a near coin flip
    ("Bien" among Spanish answers) but the floor keeps it below the evidence of
    one word clearly of another language ("Merci"). Computed from counts only,
    so it does not depend on row order; all zeros when `languages` is empty.
    """
    counts = Counter(lang for lang in languages if lang in LANGUAGES)
    total = sum(counts.values()) + COLUMN_PRIOR_PSEUDOCOUNT * len(LANGUAGES)
    shares = [
        max((counts[lang] + COLUMN_PRIOR_PSEUDOCOUNT) / total, MIN_COLUMN_PRIOR_SHARE)
        for lang in LANGUAGES
    ]
    norm = sum(shares)
    return [math.log(share / norm * len(LANGUAGES)) for share in shares]


def word_count(text: str) -> int:
    """Number of alphabetic words in `text` as a reader sees it (`visible_text`), outside
    its web and e-mail addresses (an address's `https`, `www`, `example`, `org` would make
    "merci" and a link a long, substantive answer, and so would a web form's `<p>`)."""
    return len(_WORD.findall(_words_text(text))) if isinstance(text, str) else 0


def detect_languages(
    texts: Sequence[str],
    declared: Sequence[object] | None = None,
    respondents: Sequence[object] | None = None,
) -> list[str]:
    """Languages of a batch of answers, using the context a survey export carries.

    See `analyze_languages`, which also gives the language shares of each answer. The
    answers are checked as `predict` checks them (`answers.check_answers`): a single
    string, a table, a generator, bytes or a table's rows are a ClassifierError saying
    what to pass, and so are `declared` or `respondents` that do not hold one value per
    answer. Each answer is read as the model reads it (`readable_texts`: a number as its
    text, on its first MAX_TEXT_CHARS characters), so the languages are those `predict`
    and `classifier tag` give. A declared language the model does not know (`de`,
    `Deutsch`) is detected instead, with the `DataWarning` `predict` gives.
    """
    check_answers(texts, declared=declared, respondents=respondents)
    warn_of_unknown_declared(declared)
    readable = readable_texts(texts)
    return [found.language for found in analyze_languages(readable, declared, respondents)]


@dataclass(frozen=True)
class AnswerLanguage:
    """The language of one answer in its survey context, and the shares of its words.

    `shares` is {language: 1.0} for an answer in one language (the language
    given by the context), the share of each language for a mixed answer, and
    {} when the language is undetermined.
    """

    language: str
    shares: dict[str, float]

    @property
    def mixed(self) -> bool:
        """True when the answer has clauses in more than one language."""
        return len(self.shares) > 1


@dataclass(frozen=True)
class LanguageContext:
    """What a whole column of answers tells about the language of each of them.

    `log_prior`: the weak prior from the mix of languages of the column's longer
    answers (`column_log_prior`). `respondent_languages`: for respondents who wrote
    both longer and short answers, the most common language of their longer answers
    (ties broken alphabetically). Built from the whole column (`language_context`,
    or `LanguageContextBuilder` over a file read in chunks), so that an answer's
    language does not depend on which other answers share its batch: a file tagged
    in chunks gives the same languages whatever the order of its rows.
    """

    log_prior: tuple[float, ...]
    respondent_languages: dict[object, str]


class LanguageContextBuilder:
    """The `LanguageContext` of a column read in batches (a large file's chunks).

    Feed every batch to `first_pass`; then, if `needs_second_pass`, every batch
    again to `second_pass` (the same rows in any order); then `context()`. The
    second pass looks again only at the longer answers of respondents who also
    wrote a short answer, so memory stays small whatever the column's size.
    """

    def __init__(self) -> None:
        self._long_languages: Counter = Counter()
        self._short_respondents: set = set()
        self._log_prior: tuple[float, ...] | None = None
        self._votes: dict[object, Counter] = {}

    def first_pass(
        self,
        texts: Sequence[object],
        respondents: Sequence[object] | None,
        analyses: Mapping[str, TextLanguage] | None = None,
    ) -> None:
        """Count the languages of the longer answers; note who wrote short ones.
        `analyses` holds texts already analysed (`analyze_text`), to reuse."""
        keys = _keys(texts)
        found = {key: _analysis(key, analyses) for key in sorted(set(keys)) if _is_long(key)}
        self._long_languages.update(found[key].decide() for key in keys if key in found)
        if respondents is not None:
            self._short_respondents.update(
                respondent
                for respondent, key in zip(_respondent_keys(respondents), keys, strict=True)
                if respondent is not None and _is_short_with_letters(key)
            )

    @property
    def needs_second_pass(self) -> bool:
        """Whether some respondent wrote a short answer (whose language may be inherited)."""
        return bool(self._short_respondents)

    def second_pass(
        self,
        texts: Sequence[object],
        respondents: Sequence[object],
        analyses: Mapping[str, TextLanguage] | None = None,
    ) -> None:
        """Count the languages of the longer answers of respondents with short ones."""
        log_prior = self._prior()
        for respondent, key in zip(_respondent_keys(respondents), _keys(texts), strict=True):
            if respondent in self._short_respondents and _is_long(key):
                _vote(self._votes, respondent, _analysis(key, analyses).decide(log_prior))

    def _prior(self) -> tuple[float, ...]:
        if self._log_prior is None:
            self._log_prior = tuple(column_log_prior(list(self._long_languages.elements())))
        return self._log_prior

    def context(self) -> LanguageContext:
        """The column's context, from what the passes saw."""
        return LanguageContext(self._prior(), _winners(self._votes))


def language_context(
    texts: Sequence[object],
    respondents: Sequence[object] | None = None,
    analyses: Mapping[str, TextLanguage] | None = None,
) -> LanguageContext:
    """The `LanguageContext` of a column held whole in memory (`analyses`: texts already
    analysed, to reuse)."""
    builder = LanguageContextBuilder()
    builder.first_pass(texts, respondents, analyses)
    if respondents is not None and builder.needs_second_pass:
        builder.second_pass(texts, respondents, analyses)
    return builder.context()


def every_language_declared(declared: Iterable[object] | None) -> bool:
    """Whether every value names a language (`normalize_declared`): the declared
    language then wins for every answer, and no column context is needed."""
    return declared is not None and all(normalize_declared(value) is not None for value in declared)


# The start of the warning about declared languages the model does not know.
UNKNOWN_DECLARED = "declared language(s) the model does not know"
# How much of a declared value the warning quotes (`_quoted`).
QUOTED_VALUE_CHARS = 40


def unknown_declared(declared: Iterable[object] | None) -> Counter:
    """How many answers declare each value that names none of the model's languages (`de`,
    `Klingon`): such an answer's language is detected instead. A missing or empty cell and
    `und` (what `tag` writes for an undetermined answer) declare no language."""
    values = (
        str(value).strip()
        for value in (() if declared is None else declared)
        if not is_blank(value)
    )
    return Counter(
        value
        for value in values
        if value.lower() != UNDETERMINED and normalize_declared(value) is None
    )


def warn_of_unknown_declared(declared: Iterable[object] | None, stacklevel: int = 3) -> None:
    """A `DataWarning` naming the declared values the model does not know
    (`unknown_declared`), whose answers' languages are detected instead: what `predict`,
    `analyze` and `detect_languages` say (`stacklevel` 3: the caller of the function
    calling this)."""
    unknown = unknown_declared(declared)
    if unknown:
        warnings.warn(DataWarning(unknown_declared_warning(unknown)), stacklevel=stacklevel)


def unknown_declared_warning(unknown: Counter, unit: str = "answer") -> str:
    """The warning for `unknown` (`unknown_declared`: value -> number of `unit`s): each
    value, how many (the ten most frequent first), and that their languages were detected
    from the answers."""
    ranked = sorted(unknown.items(), key=lambda item: (-item[1], item[0]))
    listed = ", ".join(
        f"{_quoted(value)} ({count} {unit}{'s' if count > 1 else ''})"
        for value, count in ranked[:10]
    ) + (f" and {len(ranked) - 10} other value(s)" if len(ranked) > 10 else "")
    return (
        f"{UNKNOWN_DECLARED}: {listed}; their languages were detected from the answers "
        f"instead (declare {', '.join(LANGUAGES)} or a name such as French, or leave the "
        "cell empty)"
    )


def _quoted(value: str) -> str:
    """A declared value as the warning quotes it: its first QUOTED_VALUE_CHARS characters,
    then '…'. A column of answers given as the language column would otherwise print ten
    whole answers, up to 10,000 characters each."""
    if len(value) <= QUOTED_VALUE_CHARS:
        return repr(value)
    return f"{value[:QUOTED_VALUE_CHARS]!r}…"


def _analysis(text: str, analyses: Mapping[str, TextLanguage] | None) -> TextLanguage:
    """`text`'s analysis, from `analyses` when it is there."""
    return analyses[text] if analyses is not None and text in analyses else analyze_text(text)


def _keys(texts: Sequence[object]) -> list[str]:
    return [text if isinstance(text, str) else "" for text in texts]


def _respondent_keys(respondents: Sequence[object]) -> list[str | None]:
    """Respondent ids as the context keys them (`vocab.respondent_key`: None for an answer
    without one, else the id without the spaces around it), as the needs and the report
    count respondents ("R7 " is "R7"). Keyed as written,
    "R7 " was another person: the short answer on that row did not take the language of
    R7's longer answers, while the needs counted both rows as one respondent."""
    return [respondent_key(respondent) for respondent in respondents]


def _is_long(text: str) -> bool:
    return word_count(text) >= SHORT_ANSWER_WORDS


def _is_short_with_letters(text: str) -> bool:
    return word_count(text) < SHORT_ANSWER_WORDS and has_words(text)


def _vote(votes: dict[object, Counter], respondent: object, language: str) -> None:
    if language != UNDETERMINED:
        votes.setdefault(respondent, Counter())[language] += 1


def _winners(votes: dict[object, Counter]) -> dict[object, str]:
    return {
        respondent: min(counts, key=lambda lang: (-counts[lang], lang))
        for respondent, counts in votes.items()
    }


def analyze_languages(
    texts: Sequence[str],
    declared: Sequence[object] | None = None,
    respondents: Sequence[object] | None = None,
    context: LanguageContext | None = None,
) -> list[AnswerLanguage]:
    """Languages of a batch of answers, using the context a survey export carries.

    - The mix of languages of the column's answers of SHORT_ANSWER_WORDS words
      or more is a weak prior: it tips near coin flips, such as a lone "Bien"
      among Spanish answers. It is computed from the multiset of answers, so
      row order does not matter.
    - An answer of fewer than SHORT_ANSWER_WORDS words from a respondent who
      wrote longer answers takes the most common language of those longer
      answers (ties broken alphabetically, so row order never matters).
    - `declared[i]`, when given and recognisable (fr/en/es or their names), wins
      over detection: it is the language the questionnaire was answered in.

    The column is `context` when given (a batch that is one chunk of a larger
    file: see `LanguageContext`), else this batch. Each distinct text is
    analysed once.
    """
    count = len(texts)
    if declared is not None and len(declared) != count:
        raise ClassifierError(f"declared has {len(declared)} values for {count} texts")
    if respondents is not None and len(respondents) != count:
        raise ClassifierError(f"respondents has {len(respondents)} values for {count} texts")
    keys = _keys(texts)
    found = {key: analyze_text(key) for key in sorted(set(keys))}
    if context is None:
        context = language_context(keys, respondents, found)
    decided = {key: result.decide(list(context.log_prior)) for key, result in found.items()}
    languages = [decided[key] for key in keys]
    if respondents is not None:
        for index, (respondent, key) in enumerate(
            zip(_respondent_keys(respondents), keys, strict=True)
        ):
            inherited = context.respondent_languages.get(respondent)
            if inherited is not None and _is_short_with_letters(key):
                languages[index] = inherited
    if declared is not None:
        for index, value in enumerate(declared):
            code = normalize_declared(value)
            if code is not None:
                languages[index] = code
    results = []
    for key, language in zip(keys, languages, strict=True):
        shares = found[key].shares
        if len(shares) <= 1:
            shares = {language: 1.0} if language != UNDETERMINED else {}
        results.append(AnswerLanguage(language, dict(shares)))
    return results
