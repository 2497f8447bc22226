"""Multilingual theme and stance classifier for open-ended survey answers.

    from classifier import ThemeClassifier, Codebook, detect_language

Heavy modules (scikit-learn, spaCy, the sentence encoder) load lazily, on
first use, so importing the package is cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "ThemeClassifier": "classifier.model",
    "Prediction": "classifier.prediction",
    "Codebook": "classifier.codebook",
    "detect_language": "classifier.language",
    "detect_languages": "classifier.language",
}

__all__ = ["Codebook", "Prediction", "ThemeClassifier", "detect_language", "detect_languages"]

if TYPE_CHECKING:  # pragma: no cover
    from .codebook import Codebook
    from .language import detect_language, detect_languages
    from .model import ThemeClassifier
    from .prediction import Prediction


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
