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


def plural(key: str, count: int, lang: str, **fields: object) -> str:
    """The text `key_one` or `key_many` that agrees with `count`, its `{count}` written as
    `lang` writes numbers: French takes the singular for 0 and 1 ("0 réponse", "1
    répondant"), English and Spanish for 1 only (CLDR plural rules)."""
    one = count in (0, 1) if lang == "fr" else count == 1
    key = f"{key}_one" if one else f"{key}_many"
    return text(key, lang, count=format_count(count, lang), **fields)


def respondents_label(count: int, lang: str) -> str:
    """'1 respondent' / '3 respondents' in `lang`."""
    return plural("respondents", count, lang)


def language_in_text(code: str, lang: str) -> str:
    """The name of the language `code` inside a sentence or a list: French and Spanish
    write language names in lowercase there ("Évolution : français", "francés, inglés"),
    where a table's cell starts with a capital ("Français")."""
    name = text(f"lang_{code}", lang)
    return name if lang == "en" else name[:1].lower() + name[1:]


def listed(items: list[str], lang: str) -> str:
    """Items of a list on the page, separated by semicolons (French puts a no-break space
    before them)."""
    return text("list_separator", lang).join(items)
