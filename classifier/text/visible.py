"""What a reader sees of an answer: the text without the characters no one sees.

Text pasted from Word, PDFs or web pages carries soft hyphens, zero-width spaces and
joiners, direction marks and BOMs; macOS exports type accents as combining marks. The
model reads an answer as its visible text (`normalize.clean_text` starts from it), so a
cell holding only such characters is an empty answer to it: the commands that count or
pick answers (`report`, `review`, `train`, `evaluate`) decide "empty" the same way. No
import beyond the standard library: the report reads it without loading spaCy.
"""

from __future__ import annotations

import re
import unicodedata

from ..vocab import LONE_SURROGATE

# Characters a reader does not see that split or join words in text pasted from Word, PDFs
# or web pages: soft hyphen, zero-width spaces and joiners, direction marks, word joiners,
# a BOM inside the text. Removed, so "for\u00admations" reads as "formations".
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def visible_text(text: str) -> str:
    """`text` as a reader sees it: NFC-normalized (an accent typed as a combining mark is
    the same letter), invisible format characters removed, lone surrogates as U+FFFD."""
    text = LONE_SURROGATE.sub("\ufffd", unicodedata.normalize("NFC", text))
    return _INVISIBLE.sub("", text)


def reads_as_empty(text: object) -> bool:
    """Whether an answer cell is empty as the model reads it: not a string, or nothing but
    white space and invisible characters (a zero-width space, a BOM, a direction mark)."""
    return not isinstance(text, str) or not visible_text(text).strip()
