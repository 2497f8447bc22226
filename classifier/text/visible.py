"""What a reader sees of an answer: the text without the characters no one sees.

Text pasted from Word, PDFs or web pages carries soft hyphens, zero-width spaces and
joiners, direction marks and BOMs; macOS exports type accents as combining marks; a web
form's rich-text field stores its answer as HTML (`<p><br></p>` when left empty, `&nbsp;`,
`&#233;`, `<b>...</b>`), which a browser shows as text; "bold text" generators and
full-width keyboards write letters a reader takes for plain ones. The model reads an
answer as its visible text (`normalize.clean_text` starts from it), so a cell holding only
such characters is an empty answer to it: the commands that count or pick answers
(`report`, `review`, `train`, `evaluate`) decide "empty" the same way. No import beyond
the standard library: the report reads it without loading spaCy.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..vocab import LONE_SURROGATE

# Characters a reader does not see that split or join words in text pasted from Word, PDFs
# or web pages: soft hyphen, zero-width spaces and joiners, direction marks, word joiners,
# a BOM inside the text. Removed, so "for\u00admations" reads as "formations".
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)

# Letters written in another form than the plain letter a reader takes them for: the
# mathematical bold, italic and script letters of "bold text" generators (social-media
# posts), and full-width letters, digits and signs (an East Asian keyboard's full-width
# mode). Only these are read as their plain letters (NFKC): NFKC at large would also
# rewrite `1º`, `½`, `…` and ligatures, which the model was trained to read as written.
_STYLED = re.compile("[\uff01-\uff5e\U0001d400-\U0001d7ff]")

# HTML tags a rich-text field writes, matched by name (`a < b`, `<3` and `<Name>` are text):
# inline ones show as nothing (`<b>F</b>ormations` reads `Formations`), the others (a line,
# a paragraph, a list item, a cell) as a space between words.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|big|cite|code|del|em|font|i|ins|mark|q|s|small|span|strike|strong|sub"
    r"|sup|u)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(
    r"</?(?:blockquote|br|dd|div|dl|dt|h[1-6]|hr|img|li|ol|p|pre|table|tbody|td|tfoot|th"
    r"|thead|tr|ul)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# A character reference, with its `;` (`&nbsp;`, `&eacute;`, `&#233;`, `&#xE9;`): without
# it, `R&D` is text (`html.unescape` alone reads some names without it: `&para` is `¶`).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def visible_text(text: str) -> str:
    """`text` as a reader sees it: NFC-normalized (an accent typed as a combining mark is
    the same letter), styled and full-width letters as plain ones (`_STYLED`), HTML a web
    form stored shown as its text (tags out, `&nbsp;` and `&#233;` as the characters they
    write), invisible format characters removed, lone surrogates as U+FFFD.

    Every answer is read so several times (its language, words and features), so text of
    ASCII characters only, most English answers, takes a shorter way: the characters the
    other steps change are all outside ASCII, and so, after `&`, may be those a
    reference writes."""
    if text.isascii() and "&" not in text:
        return _BLOCK_TAG.sub(" ", _INLINE_TAG.sub("", text)) if "<" in text else text
    if _STYLED.search(text):
        text = _STYLED.sub(lambda found: unicodedata.normalize("NFKC", found.group()), text)
    text = LONE_SURROGATE.sub("\ufffd", unicodedata.normalize("NFC", text))
    if "<" in text:
        text = _BLOCK_TAG.sub(" ", _INLINE_TAG.sub("", text))
    if "&" in text:
        # NFC again: `e&#769;` is an accent typed as a combining mark.
        # (`html.unescape` writes a reference to a surrogate or to nothing as U+FFFD.)
        text = unicodedata.normalize(
            "NFC", _ENTITY.sub(lambda found: html.unescape(found.group()), text)
        )
    return _INVISIBLE.sub("", text)


def reads_as_empty(text: object) -> bool:
    """Whether an answer cell is empty as the model reads it: not a string, or nothing but
    white space and invisible characters (a zero-width space, a BOM, a direction mark)."""
    return not isinstance(text, str) or not visible_text(text).strip()
