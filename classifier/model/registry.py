"""Model versions: register, compare with the current default, promote, roll back.

Layout of a registry directory (the repository's `models/` by default):

    models/default/model.npz, model.card.json      the current default model
    models/<name>/<version>/model.npz, .card.json  every trained version (v001, v002, ...)

A default that is no version (the shipped model, trained with `-o`) is kept as the next
version of its codebook's name before a promotion replaces it, so that it can be rolled
back to.

Every registered version is evaluated on the fixed test split; its card lists
the deltas of micro/macro-F1, per-theme F1 and per-language micro-F1 against
the current default. Promotion copies a version into `default/` only when
micro-F1 drops by at most MAX_MICRO_DROP, no theme's F1 by more than
MAX_THEME_DROP, and it keeps the default's stance model with a stance accuracy
at most MAX_STANCE_DROP lower (stances decide what is praise and what is asked,
and so every need): unless forced;
promoting an older version rolls back.
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..codebook import FOLDER_NAME
from ..errors import DataWarning, ModelFileError, RegistryError
from ..io.files import atomic_write, file_in_the_way, refuse_a_read_only_file
from .card import CatalogueInfo, CodebookInfo, ModelCard, card_path, write_with_card
from .persistence import DEFAULT_MODEL_NAME, sha256_file, verify_content

if TYPE_CHECKING:
    from .estimator import ThemeClassifier

MAX_MICRO_DROP = 0.01
MAX_THEME_DROP = 0.05
MAX_STANCE_DROP = 0.05
DEFAULT_DIR = "default"
# What `promote` accepts: v002, or consultation/v002 (never a path).
_VERSION_ID = re.compile(rf"^(?:{FOLDER_NAME}/)?v[0-9]{{3}}$")


def deltas(new: dict, current: dict) -> dict:
    """Differences new - current of the test figures both cards hold as numbers (a card
    registered through the API may carry only its micro-F1: a figure either lacks is left
    out, not an error)."""
    if not new or not current:
        return {}
    result: dict = {}
    for name in ("micro_f1", "macro_f1"):
        if _both_numbers(new.get(name), current.get(name)):
            result[name] = round(new[name] - current[name], 4)
    for table, figure, key in (
        ("per_theme", "f1", "per_theme_f1"),
        ("per_language", "micro_f1", "per_language_micro_f1"),
    ):
        old_rows = current.get(table) or {}
        result[key] = {
            name: round(row[figure] - old_rows[name][figure], 4)
            for name, row in (new.get(table) or {}).items()
            if name in old_rows and _both_numbers(row.get(figure), old_rows[name].get(figure))
        }
    if _both_numbers(new.get("stance_accuracy"), current.get("stance_accuracy")):
        result["stance_accuracy"] = round(new["stance_accuracy"] - current["stance_accuracy"], 4)
    return result


def _both_numbers(*figures: object) -> bool:
    """Whether card figures can be subtracted: none absent, null or a boolean."""
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in figures)


def same_test_data(new: dict, current: dict) -> bool:
    """Whether two cards' test metrics were measured on the same test file: by its SHA-256
    when both record it, else by its name and number of answers (cards of older models)."""
    if new.get("file_sha256") and current.get("file_sha256"):
        return new["file_sha256"] == current["file_sha256"]
    return (new.get("file"), new.get("answers")) == (current.get("file"), current.get("answers"))


def default_folder_problem(registry: Path) -> str | None:
    """Why the registry's `default` cannot hold the default model, or None: a link to a
    folder that is gone (a shared folder unmounted or moved) or a file. `models` warns of
    it and `promote` refuses it; before, `promote` ended with "default: File exists"."""
    target = registry / DEFAULT_DIR
    if target.is_symlink() and not target.exists():
        return (
            f"{target} is no folder: it is a link to {os.readlink(target)}, which does not "
            "exist; restore (or mount) that folder, or delete the link, and `classifier "
            "promote` makes the folder"
        )
    if target.exists() and not target.is_dir():
        return (
            f"{target} is no folder but a file; move it away, and `classifier promote` "
            "makes the folder"
        )
    return None


def current_card(registry: Path) -> ModelCard | None:
    """The card of the current default model of the registry (None if there is none); a
    registry that is a file, or inside one, is refused (`refuse_a_file_as_registry`)."""
    refuse_a_file_as_registry(registry)
    return ModelCard.read(registry / DEFAULT_DIR / DEFAULT_MODEL_NAME)


def refuse_a_file_as_registry(registry: Path) -> None:
    """Raise RegistryError when `registry`, or a folder above it, is a file (`--registry
    notes.txt`, `--registry notes.txt/models`): no version can be saved in it, and
    `train` would find out only after training, many minutes later. A registry folder
    not made yet is fine: the first version makes it."""
    blocking = file_in_the_way(registry)
    if blocking is not None:
        where = "" if blocking == registry else f": {blocking}"
        raise RegistryError(f"registry {registry}{where} is a file, not a folder of model versions")


def next_version(registry: Path, name: str, current: ModelCard | None) -> str:
    """The next free version id of `name`: v001, v002, ... The version the default's card
    `current` names is taken too, even when its folder was deleted by hand since it was
    promoted: given again, the number would name another model as the default's (marked
    so by `classifier models`, and compared with itself in its card)."""
    folder = registry / name
    taken = [int(p.name[1:]) for p in folder.glob("v[0-9][0-9][0-9]")] if folder.exists() else []
    promoted = re.fullmatch(
        rf"{re.escape(name)}/v([0-9]{{3}})", (current and current.version) or ""
    )
    if promoted:
        taken.append(int(promoted.group(1)))
    return f"v{max(taken, default=0) + 1:03d}"


def register(model: ThemeClassifier, registry: Path, test_metrics: dict, **details) -> Path:
    """Save `model` as the next version of its codebook's name, with deltas in its card; a
    failure (or an interruption) while saving leaves no version folder behind."""
    name = model.codebook_.name
    current = current_card(registry)  # a damaged default card stops before any folder is made
    version = next_version(registry, name, current)
    folder = registry / name / version
    folder.mkdir(parents=True)
    comparable = (
        current is not None
        and current.codebook.same_labels(CodebookInfo.of(model.codebook_))
        and same_test_data(test_metrics, current.test or {})
    )
    try:
        return model.save(
            folder / DEFAULT_MODEL_NAME,
            **details,
            name=name,
            version=version,
            test=test_metrics,
            compared_with=(current.version or "default") if comparable else None,
            deltas=deltas(test_metrics, current.test or {}) if comparable else {},
        )
    except BaseException:
        # A model that cannot be saved, or Ctrl-C while it is written: no empty version
        # folder is left, listed nowhere and taking the version's number.
        shutil.rmtree(folder, ignore_errors=True)
        raise


@dataclass(frozen=True)
class Version:
    """One registered model version, as `classifier models` lists it."""

    name: str
    version: str
    card: ModelCard | None
    current: bool

    @property
    def label(self) -> str:
        """`name/version`, the id `promote` accepts."""
        return f"{self.name}/{self.version}"


def versions(registry: Path) -> list[Version]:
    """Every registered version, oldest first per name, the current default marked (none
    for a registry folder not made yet; a file given as the registry is refused, not
    listed as an empty registry)."""
    refuse_a_file_as_registry(registry)
    problem = default_folder_problem(registry)
    if problem:
        warnings.warn(DataWarning(f"{problem}; no default model is listed"), stacklevel=2)
    current = listed_card(
        registry / DEFAULT_DIR / DEFAULT_MODEL_NAME, "no version is marked as the default"
    )
    current_id = current.version if current is not None else None
    for card in sorted(registry.glob(f"*/v[0-9][0-9][0-9]/{card_path(Path(DEFAULT_MODEL_NAME))}")):
        if not (card.parent / DEFAULT_MODEL_NAME).is_file():
            # Listed without a word, staff looking at the folder would not know why it is
            # not a version (the model moved or deleted by hand).
            warnings.warn(
                DataWarning(
                    f"{card} has no model file beside it ({DEFAULT_MODEL_NAME}): version "
                    f"{card.parent.parent.name}/{card.parent.name} is not listed; restore the "
                    "model, or delete the folder"
                ),
                stacklevel=2,
            )
    rows = []
    for path in sorted(registry.glob(f"*/v[0-9][0-9][0-9]/{DEFAULT_MODEL_NAME}")):
        name, version = path.parent.parent.name, path.parent.name
        card = listed_card(path, "listed without its figures")
        rows.append(Version(name, version, card, f"{name}/{version}" == current_id))
    return rows


def listed_card(model_path: Path, consequence: str) -> ModelCard | None:
    """The card of a model to list, or None, with a warning ending in `consequence`, when
    it is damaged: one damaged card (the default's, edited by hand) must not hide the
    other versions, which are what staff read to repair it (`classifier promote`)."""
    try:
        return ModelCard.read(model_path)
    except ModelFileError as error:
        warnings.warn(DataWarning(f"{error}; {consequence}"), stacklevel=3)
        return None


def resolve(registry: Path, version: str) -> Path:
    """The model file of 'v002' (when one name has it) or 'name/v002'."""
    if not _VERSION_ID.match(version):
        raise RegistryError(
            f"{version!r} is not a version: give vNNN or name/vNNN, as `classifier models` "
            "lists them"
        )
    if "/" in version:
        matches = [registry / version / DEFAULT_MODEL_NAME]
    else:
        matches = sorted(registry.glob(f"*/{version}/{DEFAULT_MODEL_NAME}"))
    matches = [m for m in matches if m.is_file()]
    if not matches:
        known = ", ".join(v.label for v in versions(registry)) or "none"
        raise RegistryError(f"no version {version!r} in {registry}; versions: {known}")
    if len(matches) > 1:
        raise RegistryError(f"version {version!r} exists for several names; write name/{version}")
    return matches[0]


def promotion_problems(candidate: ModelCard, current: ModelCard | None) -> list[str]:
    """Why `candidate` may not replace `current` (empty when it may)."""
    if current is None or not current.test:
        return []
    if not candidate.test:
        return ["the version has no test metrics"]
    if not same_test_data(candidate.test, current.test):
        return [_other_test_file(candidate.test, current.test)]
    change = deltas(candidate.test, current.test)
    problems = []
    if "micro_f1" not in change and _both_numbers(current.test.get("micro_f1")):
        problems.append("the version's card has no test micro-F1 to compare with the default's")
    if change.get("micro_f1", 0) < -MAX_MICRO_DROP:
        problems.append(f"micro-F1 drops by {-change['micro_f1']:.3f} (more than {MAX_MICRO_DROP})")
    for theme, delta in sorted(change["per_theme_f1"].items()):
        if delta < -MAX_THEME_DROP:
            problems.append(f"{theme} F1 drops by {-delta:.3f} (more than {MAX_THEME_DROP})")
    if change.get("stance_accuracy", 0) < -MAX_STANCE_DROP:
        problems.append(
            f"stance accuracy drops by {-change['stance_accuracy']:.3f} (more than "
            f"{MAX_STANCE_DROP}): praise and requests, and so needs, would be told apart worse"
        )
    if _lost_stance_model(candidate.test, current.test):
        problems.append(
            "the version has no stance model (its test stance accuracy is n/a, the default's "
            f"{current.test['stance_accuracy']:.3f}): tagged answers would get no stance and "
            "no needs would be grouped; train it on data with a stance column"
        )
    return problems


def _test_file(test: dict) -> str:
    """A card's test file as a message names it: its name and number of answers."""
    return f"{test.get('file')}, {test.get('answers')} answers"


def _other_test_file(new: dict, current: dict) -> str:
    """Why two cards' test figures cannot be compared: another test file, or the same file
    (name and number of answers) edited since, as relabeling the needs merged in the
    catalogue edits the test split; the start of each SHA-256 then tells the two apart."""
    if _test_file(new) != _test_file(current):
        return (
            f"it was scored on another test file ({_test_file(new)}) than the default "
            f"({_test_file(current)}), so their figures cannot be compared; train it again "
            "with the default's --test file"
        )
    return (
        "it was scored on a test file of the same name and size as the default's "
        f"({_test_file(new)}) but other contents (SHA-256 {str(new.get('file_sha256'))[:8]}..., "
        f"the default's {str(current.get('file_sha256'))[:8]}...): the test file was edited "
        "since the default was scored (relabeled, say), so their figures cannot be compared; "
        "score both on this file (`classifier evaluate DATA --model MODEL`) and promote with "
        "--force if the version holds up"
    )


def _lost_stance_model(new: dict, current: dict) -> bool:
    """Whether the test figures say `new` has no stance model where `current` has one: on
    the same test file, whose stances scored the default, the version's card records its
    stance accuracy as null (`evaluate` finds no stance head). A card without the figure at
    all (registered through the API with some figures only) is not judged on it."""
    return (
        _both_numbers(current.get("stance_accuracy"))
        and "stance_accuracy" in new
        and new["stance_accuracy"] is None
    )


def promote(registry: Path, version: str, force: bool = False) -> str:
    """Make `version` the default (copy into default/); returns what happened. A default
    that no version holds is first kept as a version (`_keep_default`), and the new
    default's card names what it replaced and that file's SHA-256."""
    source = resolve(registry, version)
    candidate = ModelCard.read(source)
    if candidate is None:
        raise RegistryError(
            f"{source} has no model card, so it cannot be compared; "
            "register it again with `classifier train --registry`"
        )
    verify_content(source, candidate.model_sha256, card_path(source))
    problem = default_folder_problem(registry)
    if problem:
        raise RegistryError(f"cannot promote {version}: {problem}")
    _refuse_default_in_a_version(registry, registry / DEFAULT_DIR)
    try:
        current = current_card(registry)
    except ModelFileError as error:
        # A default card edited by hand into no card: the default does not load either, and
        # promoting a version over it is how staff repair it, so --force may.
        if not force:
            raise RegistryError(
                f"{error}: the version cannot be compared with the default; restore that card, "
                "or replace the default with this version with --force"
            ) from None
        current = None
    if current is not None and not current.codebook.same_labels(candidate.codebook) and not force:
        raise RegistryError(
            "the version uses another codebook (name, theme or stance ids) than the current "
            "default; use --force to switch codebooks"
        )
    problems = [
        *_catalogue_problems(candidate, current),
        *promotion_problems(candidate, current),
        *_lost_need_head(candidate, current),
    ]
    if problems and not force:
        raise RegistryError("promotion refused: " + "; ".join(problems) + " (use --force)")
    target = registry / DEFAULT_DIR
    target.mkdir(parents=True, exist_ok=True)
    label = f"{source.parent.parent.name}/{source.parent.name}"
    default = target / DEFAULT_MODEL_NAME
    refuse_a_read_only_file(default)  # before the default is kept as a version
    replaced = sha256_file(default) if default.is_file() else None
    kept = None
    if replaced is not None:
        held_by = _version_holding(registry, default)
        if held_by is None:
            kept = _keep_default(registry, default, current, candidate, label)
            held_by = kept
    card = replace(
        candidate,
        version=label,
        promoted=datetime.now(UTC).replace(microsecond=0).isoformat(),
        promoted_over=held_by if replaced is not None else None,
        promoted_over_sha256=replaced,
    )
    write_with_card(default, lambda staged: shutil.copyfile(source, staged), card)
    forced = " (forced: " + "; ".join(problems) + ")" if problems else ""
    unchecked = _first_default_note(candidate) if replaced is None else ""
    saved = (
        f"; the previous default, which was no version, is kept as {kept} "
        f"(`classifier promote {kept}` rolls back to it"
        f"{'' if current is not None else ', once its card, copied as it was, is restored'})"
        if kept
        else ""
    )
    return (
        f"{card.version} is now the default model{forced}{unchecked}{saved}"
        f"{_catalogue_note(candidate, current)}"
    )


def _version_holding(registry: Path, model: Path) -> str | None:
    """The version (`name/vNNN`) whose model file has the same bytes as `model`, or None:
    a default identical to a version needs no copy, promoting that version rolls back."""
    size, digest = model.stat().st_size, None
    for path in sorted(registry.glob(f"*/v[0-9][0-9][0-9]/{DEFAULT_MODEL_NAME}")):
        if path.stat().st_size != size:
            continue
        digest = digest or sha256_file(model)
        if sha256_file(path) == digest:
            return f"{path.parent.parent.name}/{path.parent.name}"
    return None


def _keep_default(
    registry: Path, default: Path, card: ModelCard | None, candidate: ModelCard, label: str
) -> str:
    """Save the default model file, which no version holds, as the next version of its
    codebook's name (the candidate's when its card is missing or damaged) before `label`
    replaces it; returns that version's id. Before, the shipped model (trained with `-o`,
    never registered) was gone after the first promotion, and nothing could roll back to
    it. Its card says what it was; a card that cannot be read is copied as it is, for staff
    to restore. The copy is written in full before the default is touched, and a failure
    leaves no version folder behind."""
    name = card.codebook.name if card is not None else candidate.codebook.name
    version = next_version(registry, name, card)
    folder = registry / name / version
    folder.mkdir(parents=True)
    model = folder / DEFAULT_MODEL_NAME
    try:
        if card is not None:
            note = f"the default before promoting {label}"
            kept = replace(
                card, name=name, version=version, note=f"{card.note}; {note}" if card.note else note
            )
            write_with_card(model, lambda staged: shutil.copyfile(default, staged), kept)
        else:
            if card_path(default).is_file():
                shutil.copyfile(card_path(default), card_path(model))
            atomic_write(model, lambda staged: shutil.copyfile(default, staged))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return f"{name}/{version}"


def _first_default_note(candidate: ModelCard) -> str:
    """What a promotion into a registry without a default says: nothing was compared, so
    staff see the version's own test figures before they tag with it (a registry made in
    another folder has no default, and a weak first version became one without a word)."""
    test = candidate.test or {}
    figures = [
        f"{label} {test[name]:.3f}"
        for name, label in (("micro_f1", "micro-F1"), ("stance_accuracy", "stance accuracy"))
        if _both_numbers(test.get(name))
    ]
    scored = f"its test {', '.join(figures)}" if figures else "it has no test figures"
    return f" (the registry had no default model, so nothing was compared: {scored})"


def _catalogue_problems(candidate: ModelCard, current: ModelCard | None) -> list[str]:
    """Why `candidate`'s needs catalogue may not replace the default's (empty when it may).

    The test figures say nothing of needs, so a version trained with the codebook of an
    older catalogue (retrained without the `--codebook` that `needs --update-catalogue`
    wrote) would be promoted over a default that finds the needs staff added since, and
    they would silently no longer be found. An older version of the same catalogue, or
    another catalogue, is refused; a newer version (needs added, or merged by staff) is
    not, whatever its number of needs."""
    changed = _changed_catalogues(candidate, current)
    if changed is None:
        return []
    new, old = changed
    if new.name != old.name:
        lost = "its needs are others than the default's"
    elif _older(new.version, old.version):
        lost = "the needs added or changed since its version would no longer be found"
    else:
        return []
    return [
        f"it groups needs with {_catalogue(new)}, the default with {_catalogue(old)}: {lost}; "
        "train it with the codebook naming the default's catalogue (--codebook), or promote "
        "it with --force to roll the catalogue back"
    ]


def _lost_need_head(candidate: ModelCard, current: ModelCard | None) -> list[str]:
    """Why `candidate` may not replace `current` for want of a need head (empty when it may):
    a version trained without need labels (a review sheet alone, or a file whose need
    column was left out) matches no ask to the catalogue's needs, and the test figures,
    which say nothing of needs, would not show it."""
    if candidate.catalogue is not None or current is None or current.catalogue is None:
        return []
    return [
        "the version has no need head (no training ask was labelled with a catalogue need), "
        f"the default matches asks to {_catalogue(current.catalogue)}: tagged asks would only "
        "be grouped with one another as new needs; train it on data with a need column (the "
        "labeled corpus with the reviewed files)"
    ]


def _older(version: int | str, than: int | str) -> bool:
    """Whether a catalogue version is below another (versions that are not both whole
    numbers, as staff may write them, are not compared)."""
    return isinstance(version, int) and isinstance(than, int) and version < than


def _catalogue_note(candidate: ModelCard, current: ModelCard | None) -> str:
    """What a promotion changes in the needs catalogue, for its message ('' when nothing):
    files the new default tags name the needs of its catalogue, which `report` only knows
    from the codebook that names it."""
    changed = _changed_catalogues(candidate, current)
    if changed is None:
        return ""
    new, old = changed
    return (
        f"; it groups needs with {_catalogue(new)} (the previous default: {_catalogue(old)}): "
        "give `classifier report` the codebook it was trained with (--codebook)"
    )


def _changed_catalogues(
    candidate: ModelCard, current: ModelCard | None
) -> tuple[CatalogueInfo, CatalogueInfo] | None:
    """The candidate's and the default's catalogues when both cards record one and they
    differ (None otherwise: a model without a need head has nothing to compare)."""
    new, old = candidate.catalogue, current.catalogue if current is not None else None
    if new is None or old is None or new.hash == old.hash:
        return None
    return new, old


def _catalogue(info: CatalogueInfo) -> str:
    """A model card's catalogue as a message names it."""
    return f"needs catalogue {info.name!r} version {info.version} ({info.needs} needs)"


def _refuse_default_in_a_version(registry: Path, target: Path) -> None:
    """Raise RegistryError when the default's folder is a version's folder (`default` made a
    link to `consultation/v001`, as one marks a current version): promoting writes the
    default's files into it, so the other version's model and card would replace that
    version's, and `models` would list them under its name."""
    if not target.exists():
        return
    resolved = target.resolve()
    for folder in sorted(registry.glob("*/v[0-9][0-9][0-9]")):
        if folder.resolve() == resolved:
            raise RegistryError(
                f"{target} is a link to the version folder {folder}: promoting would write "
                "over that version's model and card. Replace the link with a folder "
                f"(`classifier promote {folder.parent.name}/{folder.name}` copies the "
                "version into it)"
            )
