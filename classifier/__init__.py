"""Multilingual theme and stance classifier for open-ended survey answers.

    from classifier import ThemeClassifier, Codebook, detect_language, ClassifierError

The pipeline, one subpackage per stage: `text` (language, normalization,
embeddings) -> `model` (themes and stance) -> `needs` (recurring needs), and
its outputs: `jobs` (bulk tagging, review sheets) and `report`. `io` reads and
writes files; `codebook`, `vocab`, `lang` and `errors` are shared by all.

Names load lazily, on first use, so importing the package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

__version__ = "0.3.0"

__all__ = [
    "ClassifierError",
    "Codebook",
    "Prediction",
    "ThemeClassifier",
    "detect_language",
    "detect_languages",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "ThemeClassifier": "classifier.model.estimator",
        "Prediction": "classifier.model.prediction",
        "Codebook": "classifier.codebook",
        "ClassifierError": "classifier.errors",
        "detect_language": "classifier.text.language",
        "detect_languages": "classifier.text.language",
    },
)

if TYPE_CHECKING:  # pragma: no cover
    from .codebook import Codebook
    from .errors import ClassifierError
    from .model.estimator import ThemeClassifier
    from .model.prediction import Prediction
    from .text.language import detect_language, detect_languages
