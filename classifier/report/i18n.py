"""Fixed texts of the consultation report in English, French and Spanish.

Every heading, column header and sentence of the HTML page comes from here;
theme names come from the codebook. `{name}` fields are filled by `text()`
with values that the caller has already escaped for HTML. The texts
themselves are kept in `texts_answers` (page header, sections 1-4) and
`texts_scores` (sections 5-6); numbers are written by `formats`.
"""

from __future__ import annotations

from ..vocab import LANGUAGES
from .formats import format_count
from .texts_answers import ANSWER_TEXTS
from .texts_scores import SCORE_TEXTS

# The page can be written in every answer language: each has its translations here.
REPORT_LANGUAGES = LANGUAGES

TEXTS: dict[str, dict[str, str]] = {**ANSWER_TEXTS, **SCORE_TEXTS}


def text(key: str, lang: str, **fields: object) -> str:
    """The fixed text `key` in `lang`, with `{name}` fields filled in."""
    template = TEXTS[key][lang]
    return template.format(**fields) if fields else template


def respondents_label(count: int, lang: str) -> str:
    """'1 respondent' / '3 respondents' in `lang`."""
    if count == 1:
        return text("respondents_one", lang)
    return text("respondents_many", lang, count=format_count(count, lang))
