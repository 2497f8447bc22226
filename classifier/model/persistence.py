"""Saving and loading model files.

A model is written as a compressed joblib file with its card beside it
(`model.joblib`, `model.card.json`), each atomically. Models saved by
classifier 0.1.0 refer to the flat module layout of that version
(`classifier.embeddings`, ...); `LEGACY_MODULES` maps those paths to today's
modules so that such a file still loads.
"""

from __future__ import annotations

import importlib
import io
import sys
import warnings
from importlib import resources
from pathlib import Path

import joblib

from ..errors import ModelFileError
from ..io.files import atomic_write_bytes

DEFAULT_MODEL_NAME = "model.joblib"
# Module paths of classifier 0.1.0 that a pickled model may name -> where the code is now.
LEGACY_MODULES = {
    "classifier.embeddings": "classifier.text.embeddings",
    "classifier.prediction": "classifier.model.prediction",
}


def default_model_path() -> Path:
    """The shipped default model (package data installed from `models/default/`)."""
    try:
        return (
            Path(str(resources.files("classifier.shipped_models")))
            / "default"
            / (DEFAULT_MODEL_NAME)
        )
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "models" / "default" / DEFAULT_MODEL_NAME


def model_file(path: str | Path) -> Path:
    """The file a model is saved to: `path` with the `.joblib` suffix."""
    path = Path(path)
    return path if path.suffix == ".joblib" else path.with_suffix(".joblib")


def dump(model: object, path: Path) -> None:
    """Write `model` to `path` (compressed joblib), atomically."""
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    atomic_write_bytes(path, buffer.getvalue())


def load(path: Path) -> object:
    """The object saved in a model file, reading 0.1.0 module paths too."""
    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    for old, new in LEGACY_MODULES.items():
        sys.modules.setdefault(old, importlib.import_module(new))
    with warnings.catch_warnings():
        # The card's version check says which library differs, once, in plain words.
        warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
        try:
            return joblib.load(path)
        except Exception as error:  # joblib raises many types for a corrupt file
            raise ModelFileError(f"{path} is not a readable model file ({error})") from error
