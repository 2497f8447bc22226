"""Per-language data of the answer languages the tool serves.

Each language is one module holding a `LanguageData` (language names, elision,
point connectors, column-name guesses). To add a language: write its module,
list it here, and add its translations (codebook labels, report texts).
"""

from __future__ import annotations

from . import en, es, fr
from .base import LanguageData

# Order matters: it is the order of languages in every table and report.
LANGUAGE_DATA: dict[str, LanguageData] = {module.DATA.code: module.DATA for module in (fr, en, es)}

__all__ = ["LANGUAGE_DATA", "LanguageData"]
