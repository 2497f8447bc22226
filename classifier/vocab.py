"""The domain's words, defined once: languages, stances, recurrence, blank cells, answers,
id lists.

Every module takes these names from here, so that "und", the asking stances or
the default number of respondents of a recurring need mean the same thing in
tagging, needs, review and the report.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable

from .lang import LANGUAGE_DATA

LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_DATA)
UNDETERMINED = "und"
ALL_LANGUAGES: tuple[str, ...] = (*LANGUAGES, UNDETERMINED)

PRAISE = "praise"
REQUEST = "request"
CRITICISM = "criticism"
NEUTRAL = "neutral"
# Stances of answers that ask for something: they are the ones grouped into needs.
ASKING_STANCES: tuple[str, ...] = (REQUEST, CRITICISM)

# Recurrence of an ask (the tagged file's `recurrence` column): its need is raised by at least
# `min_respondents` respondents and so is its specific suggestion (RECURRING); its need is, but
# the suggestion itself is raised once (PART_OF_RECURRING); its need is raised by fewer
# respondents (UNIQUE, a unique request). Empty for answers that ask nothing.
RECURRING = "recurring"
PART_OF_RECURRING = "part of recurring need"
UNIQUE = "unique"
RECURRENCE_VALUES: tuple[str, ...] = (RECURRING, PART_OF_RECURRING, UNIQUE)
# A need raised by at least this many distinct respondents is recurring.
DEFAULT_MIN_RESPONDENTS = 2
# Answers `classifier review` picks for the review sheet of themes (`--n`).
DEFAULT_REVIEW_ANSWERS = 200
# The id of a need found in a file and not in the catalogue starts with this (`new-1ffb95b2`);
# a catalogue need's id is snake_case, so it never does.
NEW_NEED_PREFIX = "new-"
# A lone surrogate: an undecodable byte as Python keeps it (a command-line argument or a
# JSONL escape that is not valid text); no library can encode one, so it is read as U+FFFD.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The ids of themes, stances and needs: lowercase snake_case, matched whole (`fullmatch`:
# `$` would let a trailing newline through, an id that then matches nothing).
SNAKE_CASE_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# Answers are read up to this many characters (tagging, and the needs of a tagged file,
# alike); the whole text is kept in outputs.
MAX_TEXT_CHARS = 10_000

# Metadata key of a dataclass field saved in a model file only when it differs from its
# default (`model.persistence`): a field added after models were saved leaves their files
# as they were.
SAVED_WHEN_SET = "saved_when_set"


_LANGUAGE_NAMES = {name: code for code, data in LANGUAGE_DATA.items() for name in data.names}


# What separates the words of a survey tool's choice label: "French (fr)", and a trilingual
# survey's "Français/French/Francés" or "English, Anglais".
_LABEL_SEPARATORS = re.compile(r"[\s()/,;|]+")


def normalize_declared(value: object) -> str | None:
    """A declared language ('FR', 'Español', 'english', 'fr_CA', 'French (fr)',
    'Français/French/Francés', 'Version française') as a code, or None if not usable
    (no name of a language, or names of two: 'fr/en')."""
    if not isinstance(value, str):
        return None
    # NFC: "Français" exported with a decomposed accent (macOS) is the same name.
    key = unicodedata.normalize("NFC", value).strip().lower().replace("_", "-").split("-")[0]
    if key in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[key]
    # A survey tool's choice label: "French (fr)", "fr (Français)", "Français/French".
    words = [word for word in _LABEL_SEPARATORS.split(key) if word]
    found = {_LANGUAGE_NAMES[word] for word in words if word in _LANGUAGE_NAMES}
    return found.pop() if len(found) == 1 else None


def stance_cell(value: object) -> str:
    """A tagged file's stance cell as the tool reads it back: stripped and in lower case
    (`tag` writes stances in lower case; staff may retype one as "Request"), "" for a
    missing cell."""
    return value.strip().lower() if isinstance(value, str) else ""


def recurrence_cell(value: object) -> str:
    """A tagged file's `recurrence` cell as the tool reads it back: in lower case, its words
    separated by one space (`tag` writes RECURRENCE_VALUES so; staff may retype one as
    "Recurring" or "Part of  recurring need "), "" for a missing cell. Compared as
    written, a retyped `Recurring` made its need a unique request without a word."""
    return " ".join(value.lower().split()) if isinstance(value, str) else ""


def is_blank(value: object) -> bool:
    """True for a missing cell: None, NaN, pandas' NA, or a string of whitespace only."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


# Respondent ids that name nobody: each language's words (`placeholder_respondents`) and
# the marks an export leaves for a value it lacks.
PLACEHOLDER_RESPONDENTS = frozenset(
    {word for data in LANGUAGE_DATA.values() for word in data.placeholder_respondents}
    | {"?", "n/a", "na", "n.a.", "null", "nan", "#n/a"}
)


def names_no_respondent(value: object) -> bool:
    """Whether a respondent cell identifies nobody: empty, or a placeholder an export writes
    for an anonymous submission (`Anonymous`, `anónimo`, `N/A`; `PLACEHOLDER_RESPONDENTS`,
    whatever the case, the spaces around it and how its accents are written: a tool on a
    Mac may write `anónimo` as `o` and a combining accent). Read as one respondent, a
    placeholder would make one person of every anonymous respondent: their asks one
    respondent's, so a need they share never recurring, and one score for all of them."""
    if is_blank(value):
        return True
    text = unicodedata.normalize("NFC", cell_text(value).strip()).casefold()
    return text in PLACEHOLDER_RESPONDENTS


def respondent_key(value: object) -> str | None:
    """A respondent cell as the tool counts respondents: None when it identifies nobody
    (`names_no_respondent`), else the id's text without the spaces around it ("R7 " is the
    respondent "R7", as exports and hand edits leave them; case is kept, ids are codes).
    The needs, the report and the languages' respondent context all key people by it, so
    they agree on who is one respondent."""
    return None if names_no_respondent(value) else cell_text(value).strip()


def cell_text(value: object) -> str:
    """A cell as text: '' for a missing cell; a string is kept as it is, spaces included
    (they count in the report's canonical row order)."""
    if isinstance(value, str):
        return value
    return "" if is_blank(value) else str(value)


def answer_text(value: object) -> str:
    """An answer given from Python as the model reads it: a string as it is; a number as
    Python writes it (12 -> "12", 3.5 -> "3.5", 12.0 -> "12.0"), as a JSONL number is read;
    anything else (None, NaN, a bool, a date) is a missing answer, "".

    A number is text a respondent typed (a CSV cell `12` is read as "12"): read as missing,
    `predict([12])` gave a Prediction whose text was "", and the value was lost.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Number) and not isinstance(value, bool) and value == value:
        return str(value)  # value == value: NaN (float, numpy, Decimal) is a missing answer
    return ""


def readable_texts(answers: Iterable[object]) -> list[str]:
    """The answers as the model reads them: each as `answer_text`, on its first
    MAX_TEXT_CHARS characters, as `classifier tag` reads it (spaCy refuses a text over a
    million characters)."""
    return [answer_text(answer)[:MAX_TEXT_CHARS] for answer in answers]


def split_ids(value: object) -> list[str]:
    """Ids from a ';'-separated cell (blanks and repeats dropped, order kept)."""
    if not isinstance(value, str):
        return []
    return list(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))
