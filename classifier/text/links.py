"""Web and e-mail addresses in answers.

Normalisation masks them (`normalize.clean_text`): an address's letters are no words of
the answer. An answer that holds nothing else (`jean.dupont@example.fr`, a website) is
read as one without letters (`language.has_words`): no theme and the neutral stance,
as for an empty answer, whatever its masked token scored in the theme model.
"""

from __future__ import annotations

import re

URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# An e-mail address written as a link (`mailto:info@example.org`), for `without_links`.
_MAILTO = re.compile(r"mailto:(?=[\w.+-]+@)", re.IGNORECASE)


def without_links(text: str) -> str:
    """`text` with its web and e-mail addresses (and their `mailto:`) removed."""
    if "@" in text:
        text = EMAIL.sub(" ", _MAILTO.sub(" ", text))
    if "://" in text or "www." in text.lower():
        text = URL.sub(" ", text)
    return text
