"""Saving and loading model files, in a format that cannot run code when it is loaded.

A model file (`model.npz`) is a NumPy archive read with `allow_pickle=False`:
one JSON document describing the model, plus the numeric arrays it refers to
(coefficients, idf weights, class labels), stored uncompressed (deflated files,
as earlier versions saved them, load the same). The JSON names the type of every
object it holds; loading rebuilds only the types listed in `TRUSTED_TYPES`
(the project's estimator, codebook and embedders, scikit-learn's TF-IDF
vectorizers and logistic regressions) and the functions of
`TRUSTED_FUNCTIONS`, from plain data. scikit-learn's objects load as their
stored state (`StoredEstimator`: tagging reads only their fitted arrays, so it
need not import scikit-learn) and are built, the same way, when one of their
methods is first used. Anything else in a file is refused with
a `ModelFileError`, so a file received by e-mail cannot run code.

The card beside a model (`model.card.json`) records the SHA-256 of the model
file; loading refuses a file that no longer matches it.

Models saved by classifier 0.1 and 0.2 are joblib (pickle) files, which can
run arbitrary code when loaded. They load only when the caller trusts the file
(`trusted=True`, `--trust-model`), with an `UnsafeModelWarning`; saving such a
model again converts it. They are told by how they start (a pickle, or one joblib
compressed): any other file (empty, or a sign-in page saved as model.npz) is named as
not a model file, never offered to be trusted. `LEGACY_MODULES` maps the module paths of 0.1.0 so
that those files still find their classes.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import importlib
import io
import json
import pickle
import re
import sys
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from ..errors import ModelFileError, UnsafeModelWarning
from ..io.files import refuse_a_folder, refuse_a_long_name, user_path
from ..vocab import SAVED_WHEN_SET
from .card import card_path
from .stored import StoredEstimator

DEFAULT_MODEL_NAME = "model.npz"
MODEL_SUFFIX = ".npz"
# Models of classifier 0.1 and 0.2 (joblib / pickle); they share the card name of `.npz`.
LEGACY_SUFFIX = ".joblib"
FORMAT = "classifier-model"
FORMAT_VERSION = 1
DOCUMENT_KEY = "__model__"
# How a file starts: a model file (a zip: NumPy's .npz), and the headers joblib.dump writes
# for a pickle it compresses with gzip, bz2, xz or lzma (zlib's are recognised by their
# check bits); the first bytes read to tell them apart and to describe anything else.
ZIP_HEADER = b"PK\x03\x04"
COMPRESSED_PICKLE_HEADERS = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"]\x00\x00")
HEAD_BYTES = 64

# Every type a model file may hold: the name written in the file -> where the class is.
TRUSTED_TYPES: dict[str, str] = {
    "classifier.model.estimator.ThemeClassifier": "classifier.model.estimator:ThemeClassifier",
    "classifier.codebook.Codebook": "classifier.codebook:Codebook",
    "classifier.codebook.Theme": "classifier.codebook:Theme",
    "classifier.catalogue.NeedsCatalogue": "classifier.catalogue:NeedsCatalogue",
    "classifier.catalogue.CatalogueNeed": "classifier.catalogue:CatalogueNeed",
    "classifier.catalogue.Subtopic": "classifier.catalogue:Subtopic",
    "classifier.model.need_head.TextNeedModel": "classifier.model.need_head:TextNeedModel",
    "classifier.model.knowledge.ThemeKnowledge": "classifier.model.knowledge:ThemeKnowledge",
    "classifier.text.embeddings.USEEmbedder": "classifier.text.embeddings:USEEmbedder",
    "classifier.text.embeddings.SentenceTransformerEmbedder": (
        "classifier.text.embeddings:SentenceTransformerEmbedder"
    ),
    "sklearn.feature_extraction.text.TfidfVectorizer": (
        "sklearn.feature_extraction.text:TfidfVectorizer"
    ),
    "sklearn.feature_extraction.text.TfidfTransformer": (
        "sklearn.feature_extraction.text:TfidfTransformer"
    ),
    "sklearn.linear_model.LogisticRegression": "sklearn.linear_model:LogisticRegression",
}
# Trusted types of this prefix load as `StoredEstimator`s (no scikit-learn import).
SKLEARN_PREFIX = "sklearn."
# Functions a model may refer to (the word vectorizer's tokenizer).
TRUSTED_FUNCTIONS: dict[str, Any] = {"str.split": str.split}
# NumPy scalar types a model may name (the vectorizers' dtype parameter).
TRUSTED_DTYPES: dict[str, type] = {
    "float32": np.float32,
    "float64": np.float64,
    "int32": np.int32,
    "int64": np.int64,
}

# Module paths of classifier 0.1.0 that a pickled model may name -> where the code is now.
LEGACY_MODULES = {
    "classifier.embeddings": "classifier.text.embeddings",
    "classifier.prediction": "classifier.model.prediction",
}

_resolved: dict[str, type] = {}


def default_model_path() -> Path:
    """The shipped default model: `models/default/` of this source tree when there is one
    (a checkout, or a worktree run with PYTHONPATH), else the installed package data."""
    source_tree = Path(__file__).resolve().parents[2] / "models" / "default" / DEFAULT_MODEL_NAME
    if source_tree.is_file():
        return source_tree
    try:
        return (
            Path(str(resources.files("classifier.shipped_models"))) / "default" / DEFAULT_MODEL_NAME
        )
    except ModuleNotFoundError:
        return source_tree


def model_file(path: str | Path) -> Path:
    """The file a model is saved to: `path` with the `.npz` suffix (`with_model_suffix`),
    checked not to take the card of a legacy model file beside it (`x.joblib` and `x.npz`
    share `x.card.json`), and refused when it names a folder (`-o models/new/` is no model
    `models/new.npz`) or a name too long for the file system, its card's included. A path
    from the home folder (`~/models/m`) is read as the shell reads it (`user_path`)."""
    path = user_path(path)
    refuse_a_long_name(path)  # first: asking whether a name too long is a folder fails
    path = with_model_suffix(refuse_a_folder(path))
    refuse_a_long_name(card_path(path))  # the longer of the pair, checked before any work
    legacy = path.with_suffix(LEGACY_SUFFIX)
    if legacy.exists():
        raise ModelFileError(
            f"{legacy} is beside {path} and they share the card {path.stem}.card.json, which "
            f"saving would replace (and {legacy.name} would no longer load): save to another "
            "name or folder"
        )
    return path


def saved_file(path: Path) -> Path:
    """The file `save(path)` wrote: `path` itself when it exists, else `path` with the
    `.npz` suffix (`save("m")` writes m.npz, and `load("m")` reads it back); `~` as
    `model_file` reads it."""
    path = Path(user_path(path))
    if path.exists() or path.suffix.lower() == MODEL_SUFFIX:
        return path
    saved = with_model_suffix(path)
    return saved if saved.is_file() else path


def with_model_suffix(path: Path) -> Path:
    """`path` as a model file's name: kept when it ends in `.npz`, a legacy `.joblib`
    replaced by `.npz`, and `.npz` added to any other name (`m` -> `m.npz`). A dot in a
    name is no suffix to replace: `consultation-2026.1` and `consultation-2026.2` are two
    models, which both became `consultation-2026.npz`, the second written over the first."""
    if path.suffix.lower() == MODEL_SUFFIX:
        return path
    if path.suffix.lower() == LEGACY_SUFFIX:
        return path.with_suffix(MODEL_SUFFIX)
    return path.with_name(path.name + MODEL_SUFFIX)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_content(path: Path, expected: str | None, card: Path) -> None:
    """Refuse a model file whose SHA-256 differs from the one recorded in its card."""
    if expected and sha256_file(path) != expected:
        raise ModelFileError(
            f"{path} does not match the content hash recorded in {card}: the file was changed "
            "or damaged after it was saved; restore it or train it again"
        )


# ------------------------------------------------------------------ saving
def encode(model: object) -> bytes:
    """The bytes of `model`'s file in the safe format (written with its card by
    `card.write_with_card`, which records their SHA-256)."""
    arrays: dict[str, np.ndarray] = {}
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": _encode(model, arrays),
    }
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    # Stored, not deflated: inflating the arrays took 0.16 of a 0.44 s load (the shipped
    # model, 33 MB deflated, 48 MB stored), paid at every start; git and wheels compress it.
    np.savez(buffer, **{DOCUMENT_KEY: np.frombuffer(payload, dtype=np.uint8)}, **arrays)
    return buffer.getvalue()


def _type_name(cls: type) -> str | None:
    """The trusted name of a class, None when it is not trusted."""
    for name in TRUSTED_TYPES:
        if _resolve(name) is cls:
            return name
    return None


def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """`value` as JSON data; arrays go to `arrays` and are referred to by key."""
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        key = f"a{len(arrays)}"
        if value.dtype == object:
            if not all(isinstance(v, str) for v in value.ravel()):
                raise ModelFileError("a model array holds objects other than text; cannot save it")
            arrays[key] = value.astype(str)
            return {"__array__": key, "object": True}
        arrays[key] = value
        return {"__array__": key}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"__dict__": {k: _encode(v, arrays) for k, v in value.items()}}
        return {"__items__": [[_encode(k, arrays), _encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, StoredEstimator):
        built = value.built_object()
        if built is None:  # saved as it was read
            return {"__object__": value.type_name, "state": _encode(value.state, arrays)}
        value = built  # built since: saved as it is now, with any change made to it
    for name, function in TRUSTED_FUNCTIONS.items():
        if value is function:
            return {"__function__": name}
    for name, dtype in TRUSTED_DTYPES.items():
        if value is dtype:
            return {"__dtype__": name}
    name = _type_name(type(value))
    if name is None:
        raise ModelFileError(
            f"a {type(value).__module__}.{type(value).__qualname__} cannot be saved in a model "
            "file: it is not among the trusted types of classifier.model.persistence"
        )
    if dataclasses.is_dataclass(value):
        state = {
            f.name: getattr(value, f.name)
            for f in dataclasses.fields(value)
            if not _left_out(f, getattr(value, f.name))
        }
    else:
        state = value.__getstate__()
        unsaved = getattr(type(value), "UNSAVED_STATE", ())
        if unsaved:  # a copy of the state: `__getstate__` may return the object's own dict
            state = {key: item for key, item in state.items() if key not in unsaved}
    return {"__object__": name, "state": _encode(state, arrays)}


def _left_out(field: dataclasses.Field, value: object) -> bool:
    """Whether a dataclass field is left out of the file: marked SAVED_WHEN_SET (a field
    added after models were saved, such as a catalogue need's `replaces`) and holding its
    default, which loading gives back."""
    return bool(field.metadata.get(SAVED_WHEN_SET)) and value == field.default


# ----------------------------------------------------------------- loading
def load(path: Path, trusted: bool = False) -> object:
    """The object saved in a model file.

    A safe `.npz` model file loads as it is. A joblib (pickle) file loads only
    when `trusted`, with an `UnsafeModelWarning`; otherwise it is refused.
    """
    if path.is_dir():  # a registry's version folder, as `classifier models` lists them
        inside = path / DEFAULT_MODEL_NAME
        hint = f": give {inside}" if inside.is_file() else ""
        raise ModelFileError(f"{path} is a folder, not a model file{hint}")
    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if head.startswith(ZIP_HEADER):
        return _load_safe(path)
    if not _is_pickle(head):
        raise ModelFileError(
            f"{path} is not a model file: neither a classifier model (.npz) nor a joblib/pickle "
            f"model of classifier 0.1/0.2 ({_looks_like(head, path.stat().st_size)}); check "
            "that it was downloaded or copied whole"
        )
    if not trusted:
        raise ModelFileError(
            f"{path} is not a safe model file (it is a joblib/pickle file, which can run code "
            "when loaded); if you trust where it comes from, load it with --trust-model "
            "(Python: trusted=True) and save it again with `classifier convert`"
        )
    warnings.warn(
        UnsafeModelWarning(
            f"{path} is a joblib/pickle model file, which can run code when loaded; it was "
            "loaded because it is trusted: convert it with `classifier convert` to a safe .npz"
        ),
        stacklevel=3,
    )
    return _load_legacy(path)


def _is_pickle(head: bytes) -> bool:
    """Whether a file starting with `head` is a pickle as joblib.dump writes it: plain
    (protocol 2 or later), or compressed (zlib, as classifier 0.1/0.2 saved models)."""
    if head[:1] == b"\x80" and len(head) > 1:
        return 2 <= head[1] <= pickle.HIGHEST_PROTOCOL
    if head[:1] == b"\x78" and len(head) > 1:
        return int.from_bytes(head[:2], "big") % 31 == 0  # a zlib header's check bits
    return head.startswith(COMPRESSED_PICKLE_HEADERS)


def _looks_like(head: bytes, size: int) -> str:
    """What a file that is not a model file is, from its first bytes, for the message:
    empty, an HTML page (a sign-in or error page saved in its place), text, or bytes."""
    if size == 0:
        return "it is empty: 0 bytes"
    try:  # an incremental decoder: a character cut at the end of `head` is not an error
        text = codecs.getincrementaldecoder("utf-8")().decode(head).lstrip("\ufeff")
    except UnicodeDecodeError:
        text = ""
    stripped = text.strip()
    if stripped and all(character.isprintable() or character in "\t\r\n" for character in text):
        html = stripped.lower().startswith(("<!doctype html", "<html"))
        kind = "an HTML page" if html else "a text file"
        return f"its {size:,} bytes start like {kind}: {stripped.splitlines()[0][:40]!r}"
    return f"its {size:,} bytes start with {head[:8].hex(' ')}"


def _load_safe(path: Path) -> object:
    """Rebuild a model from a safe model file (`ModelFileError` for anything unexpected)."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            if DOCUMENT_KEY not in archive.files:
                raise ModelFileError(f"{path} is not a classifier model file (no model document)")
            document = parse_document(archive[DOCUMENT_KEY].tobytes())
            if not isinstance(document, dict) or document.get("format") != FORMAT:
                raise ModelFileError(f"{path} is not a classifier model file")
            if document.get("format_version") != FORMAT_VERSION:
                raise ModelFileError(
                    f"{path} uses model format version {document.get('format_version')!r}; "
                    f"this classifier reads version {FORMAT_VERSION}: upgrade classifier"
                )
            try:
                return _decode(document["model"], archive)
            except ModelFileError as error:
                raise ModelFileError(f"{path}: {error}") from None
    except ModelFileError:
        raise
    except Exception as error:  # a damaged or crafted file fails in many ways
        raise ModelFileError(
            f"{path} is not a readable model file ({type(error).__name__}: {error})"
        ) from error


# Bytes mapped to "0" (digits) or " " (the rest), to find a run of digits quickly.
_DIGITS_AS_ZERO = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
# A JSON integer of 19 digits or more (2**63 has 19), after '[', ',' or ':' (a run of
# digits in a text, or a float's, follows something else): one orjson may read as a float.
_LONG_INTEGER = re.compile(rb"[\[,:]\s*-?[0-9]{19}")


def parse_document(raw: bytes) -> Any:
    """The model document's JSON: parsed by orjson, which gives the same values as
    `json.loads` in a third of the time (0.11-0.19 s against 0.27-0.42 s for the
    shipped model's 6 MB, at every load), and by `json` what orjson refuses (the
    `NaN` and `Infinity` that `json.dumps` writes for such floats) or reads otherwise:
    orjson 3.13 reads an integer past 64 bits as a float (2**70 as 1.1805916207174113e+21),
    so a document holding a long integer is read by `json` (found in under 0.01 s: a
    run of 19 digits, then the integer among them)."""
    if raw.translate(_DIGITS_AS_ZERO).find(b"0" * 19) == -1 or not _LONG_INTEGER.search(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw.decode("utf-8"))


# The exact types `json.loads` and orjson give plain values; a container holding only these is
# copied as it is instead of decoded value by value (vocabularies and lemma tables hold ~250,000).
JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def _decode(data: Any, archive) -> Any:
    """The value described by JSON `data` (see `_encode`), building trusted types only."""
    if data is None or isinstance(data, bool | str | int | float):
        return data
    if isinstance(data, list):
        if JSON_SCALARS.issuperset(map(type, data)):
            return list(data)
        return [_decode(v, archive) for v in data]
    if not isinstance(data, dict) or len(data) == 0:
        raise ModelFileError(f"unexpected data in model file: {str(data)[:60]}")
    if "__dict__" in data:
        items = data["__dict__"]
        if isinstance(items, dict) and JSON_SCALARS.issuperset(map(type, items.values())):
            return dict(items)
        return {k: _decode(v, archive) for k, v in items.items()}
    if "__array__" in data:
        array = archive[data["__array__"]]
        return array.astype(object) if data.get("object") else array
    if "__tuple__" in data:
        return tuple(_decode(v, archive) for v in data["__tuple__"])
    if "__items__" in data:
        return {_decode(k, archive): _decode(v, archive) for k, v in data["__items__"]}
    if "__function__" in data:
        return _trusted(TRUSTED_FUNCTIONS, data["__function__"], "function")
    if "__dtype__" in data:
        return _trusted(TRUSTED_DTYPES, data["__dtype__"], "NumPy type")
    if "__object__" in data:
        name = data["__object__"]
        if name not in TRUSTED_TYPES:
            raise ModelFileError(
                f"the model file holds a {name!r}, which is not among the trusted model types; "
                "it was refused"
            )
        state = _decode(data["state"], archive)
        if not isinstance(state, dict):
            raise ModelFileError(f"unexpected state of a {name} in model file")
        if name.startswith(SKLEARN_PREFIX):  # read from its state; built on first method use
            return StoredEstimator(name, state, build_trusted)
        return build_trusted(name, state)
    raise ModelFileError(f"unexpected data in model file: {sorted(data)[:3]}")


def build_trusted(name: str, state: dict[str, Any]) -> Any:
    """An object of the trusted type `name` from its stored state. A scikit-learn object's
    own scikit-learn parts (a vectorizer's TF-IDF transformer) are built with it: its
    methods use theirs."""
    cls = _resolve(name)
    if name.startswith(SKLEARN_PREFIX):
        state = {
            key: value.built() if isinstance(value, StoredEstimator) else value
            for key, value in state.items()
        }
    if dataclasses.is_dataclass(cls):
        return cls(**state)
    value = cls.__new__(cls)
    if hasattr(value, "__setstate__"):
        with warnings.catch_warnings():
            # The card's version check says which library differs, once, in plain words.
            warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
            value.__setstate__(state)
    else:
        value.__dict__.update(state)
    return value


def _trusted(table: dict[str, Any], name: object, kind: str) -> Any:
    if not isinstance(name, str) or name not in table:
        raise ModelFileError(
            f"the model file refers to the {kind} {name!r}, which is not trusted; it was refused"
        )
    return table[name]


def _resolve(name: str) -> type:
    """The class of a trusted type name (imported on first use: the list is fixed above)."""
    if name not in _resolved:
        module, attribute = TRUSTED_TYPES[name].split(":")
        _resolved[name] = getattr(importlib.import_module(module), attribute)
    return _resolved[name]


def _load_legacy(path: Path) -> object:
    """A joblib (pickle) model file of classifier 0.1 / 0.2, reading 0.1.0 module paths too.

    joblib is imported here: a safe `.npz` model (every model saved since 0.3) loads
    without it, and its import is a tenth of a second of every cold start."""
    import joblib

    for old, new in LEGACY_MODULES.items():
        sys.modules.setdefault(old, importlib.import_module(new))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
        try:
            return joblib.load(path)
        except Exception as error:  # joblib raises many types for a corrupt file
            raise ModelFileError(f"{path} is not a readable model file ({error})") from error
