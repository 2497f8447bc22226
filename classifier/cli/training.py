"""`classifier train`, `evaluate`, `convert`, `models` and `promote`: models and their registry."""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CommandError
from .common import log, show

if TYPE_CHECKING:
    import pandas as pd

    from ..codebook import Codebook


def cmd_train(args: argparse.Namespace) -> None:
    """Train on labeled (and reviewed) files; save to -o or as a new registry version."""
    from ..codebook import Codebook
    from ..io.files import check_output_path, same_file
    from ..io.labeled import file_names, merge_by_id, read_labeled
    from ..model.estimator import ThemeClassifier
    from ..model.evaluation import evaluate_model, format_metrics
    from ..model.persistence import model_file, sha256_file
    from ..needs.review import refuse_undone_decisions

    if bool(args.output) == bool(args.registry):
        raise CommandError("give either -o MODEL or --registry DIR")
    if args.registry and not args.test:
        raise CommandError("--registry needs --test: every version is scored on the test split")
    if args.output:
        # checked now, made when the model is saved: a refused training leaves no folder
        check_output_path(model_file(args.output), *args.data, created_by_writer=True)
    if args.test and any(same_file(Path(args.test), Path(p)) for p in args.data):
        raise CommandError(
            f"--test {args.test} is also a training file: a model scored on its own training "
            "answers looks better than it is; give the held-out test split"
        )
    if args.registry:
        from ..model.registry import current_card

        current_card(Path(args.registry))  # a damaged default card stops before training
    refuse_undone_decisions(args.data, args.codebook)
    say = stage_printer()
    files = [*args.data, *([args.test] if args.test else [])]
    say(f"reading and checking {', '.join(files)}")
    codebook = Codebook.load(args.codebook)
    data, conflicts = merge_by_id(read_labeled(args.data, codebook))
    for conflict in conflicts:
        log(f"correction: {conflict}")
    warn_of_a_codebook_left_out(args.data, codebook, data["need"])
    data, skipped = _without_empty_texts(data)
    test = _read_test_file(args.test, codebook) if args.test else None
    data, seen_in_test = _without_test_answers(data, test, args.test)
    log(
        f"training on {len(data)} answers ({', '.join(args.data)}; "
        f"{len(conflicts)} id(s) corrected by a later file)"
    )
    started = time.perf_counter()
    model = ThemeClassifier(codebook=codebook).fit(
        data["text"].tolist(),
        data["themes"].tolist(),
        stances=data["stance"].tolist(),
        languages=data["language"].tolist(),
        respondents=data["respondent"].tolist(),
        needs=data["need"].tolist(),
        groups=data["subtopic"].tolist() if data["subtopic"].str.strip().any() else None,
        progress=say,
    )
    details = {
        "training_seconds": round(time.perf_counter() - started, 1),
        "training_files": file_names(args.data),
        "corrections": len(conflicts),
        "skipped_rows": skipped,
        "test_answers_left_out": seen_in_test,
    }
    metrics = None
    if test is not None:
        say(f"evaluating on the test file {args.test} ({len(test)} answers)")
        metrics = {
            "file": Path(args.test).name,
            "file_sha256": sha256_file(Path(args.test)),
            **evaluate_model(model, test),
        }
        show(format_metrics(metrics))
    if args.registry:
        from ..model.card import ModelCard
        from ..model.registry import register

        say(f"saving the next version in {args.registry}")
        path = register(model, Path(args.registry), metrics, **details)
        card = ModelCard.read(path)
        compared = (
            "deltas against the current default are in its card"
            if card is not None and card.compared_with
            else "no deltas in its card: the registry has no default yet, or the default uses "
            "another codebook or was scored on another test file"
        )
        log(f"saved version {path.parent.parent.name}/{path.parent.name} ({path}); {compared}")
        return
    say(f"saving {model_file(args.output)} and its card")
    path = model.save(Path(args.output), **details, test=metrics)
    log(f"saved {path} and its card in {details['training_seconds']} s of training")


# The need ids a warning names, at most.
MAX_NEEDS_SHOWN = 10


def warn_of_a_codebook_left_out(
    paths: Sequence[str | Path], codebook: Codebook, needs: Iterable[object]
) -> None:
    """Warn (DataWarning) when a training file sits beside a codebook whose needs catalogue
    has need ids that label training answers and that `codebook`'s catalogue lacks,
    naming them and that codebook for `--codebook`.

    `needs --update-catalogue` writes the labeled needs answers beside the codebook naming
    the updated catalogue: trained without that codebook (`--codebook` forgotten), the
    needs staff added are outside the catalogue used, so their answers train as unique
    requests, without a word. The codebook YAML files of the training files' folders are
    read for the catalogue they name; one that cannot be read is no codebook to suggest."""
    from ..catalogue import NeedsCatalogue
    from ..codebook import catalogue_file
    from ..errors import ClassifierError, DataWarning
    from ..vocab import split_ids

    catalogue = codebook.catalogue
    labelled = {need for cell in needs for need in split_ids(cell)}
    # ids renamed or merged since read as the needs that replace them (`fit` says so)
    known = catalogue.known_ids if catalogue else frozenset()
    if not labelled - known:
        return
    for folder in dict.fromkeys(Path(path).parent for path in paths):
        for candidate in sorted(folder.glob("*.yaml")):
            named = None if candidate.name.endswith(".needs.yaml") else catalogue_file(candidate)
            if named is None or not named.is_file():
                continue
            try:
                added = sorted(set(NeedsCatalogue.load(named).need_ids) & labelled - known)
            except ClassifierError:
                continue
            if not added:
                continue
            more = len(added) - MAX_NEEDS_SHOWN
            shown = ", ".join(added[:MAX_NEEDS_SHOWN]) + (f" and {more} more" if more > 0 else "")
            warnings.warn(
                DataWarning(
                    f"training answers in {folder} are labelled with need(s) of the catalogue "
                    f"{named} that the codebook used for training lacks: {shown}; they are "
                    f"trained as unique requests: give --codebook {candidate}, the codebook "
                    "naming that catalogue"
                ),
                stacklevel=2,
            )


def stage_printer() -> Callable[[str], None]:
    """A progress callback for a long command: it prints each stage's message on stderr
    after the time since the printer was made (`[1 min 05 s] fitting the 15 theme
    models`), so that staff waiting many minutes see that the command works and where it
    is. stdout, which scripts read, is left to the results."""
    started = time.perf_counter()

    def say(message: str) -> None:
        log(f"[{_elapsed(time.perf_counter() - started)}] {message}")

    return say


def _elapsed(seconds: float) -> str:
    """A duration as a person reads it: `7 s` below a minute, `1 min 05 s` above."""
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def _without_empty_texts(
    data: pd.DataFrame, role: str = "training"
) -> tuple[pd.DataFrame, list[str]]:
    """The labeled rows without those whose text is empty, and where those were
    (`file:row`), named in a warning. Training rows: they teach the model nothing, and a
    row number of the merged data would not point at the place to fix. Test rows (`role`
    "test"): no model can tag an empty answer, so scoring one labelled with a theme or a
    stance would lower the figures that decide a promotion for nothing the model did."""
    from ..codebook import format_places
    from ..errors import DataWarning
    from ..text.visible import reads_as_empty

    # A text of nothing a reader sees (a zero-width space, a BOM) is empty as the model reads it.
    empty = data["text"].map(reads_as_empty)
    if not empty.any():
        return data, []
    places = data.loc[empty, "source"].tolist()
    labelled = int((empty & ((data["themes"] != "") | (data["stance"] != ""))).sum())
    why = (
        ", as they teach the model nothing"
        if role == "training"
        else " of the figures, as no model can tag an empty answer"
    )
    warnings.warn(
        DataWarning(
            f"{len(places)} {role} row(s) have empty text ({labelled} of them labelled) "
            f"and were left out{why}: {format_places(places)}"
        ),
        stacklevel=2,
    )
    return data[~empty], places


def _read_test_file(path: str, codebook: Codebook) -> pd.DataFrame:
    """The answers of a test file (`evaluate`, `train --test`) that can be scored: within
    the file an id names one answer, as in training (the same row twice counts once; rows
    that differ under one id are an error), and rows with empty text are left out with a
    warning."""
    from ..io.labeled import merge_by_id, read_labeled

    data, _ = merge_by_id(read_labeled([path], codebook))
    return _without_empty_texts(data, "test")[0]


def _without_test_answers(
    data: pd.DataFrame, test: pd.DataFrame | None, test_file: str | None
) -> tuple[pd.DataFrame, list[str]]:
    """The training rows without those whose text is an answer of the test file (ignoring
    case and spacing), and where those were (`file:row`). A review sheet made from tagged
    test answers would otherwise train on them, and the test figures, which decide whether
    a model is promoted, would score answers the model has seen."""
    from ..codebook import format_places
    from ..errors import DataWarning

    if test is None:
        return data, []
    test_texts = {_comparable(text) for text in test["text"]}
    seen = data["text"].map(_comparable).isin(test_texts)
    if not seen.any():
        return data, []
    places = data.loc[seen, "source"].tolist()
    warnings.warn(
        DataWarning(
            f"{len(places)} training row(s) are answers of the test file {test_file} (the "
            "same text) and were left out of training, so that its figures score answers "
            f"the model has not seen: {format_places(places)}"
        ),
        stacklevel=2,
    )
    return data[~seen], places


def _comparable(text: str) -> str:
    """An answer's text as compared across files: as the model reads it (`visible_text`:
    an accent typed as a combining mark, a soft hyphen), case and spacing ignored."""
    from ..text.visible import visible_text

    return " ".join(visible_text(text).split()).casefold()


def cmd_convert(args: argparse.Namespace) -> None:
    """Save a model again in the safe format (a legacy joblib file needs --trust-model)."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from ..io.files import check_output_path, same_file
    from ..model.card import card_path
    from ..model.estimator import ThemeClassifier
    from ..model.persistence import model_file, with_model_suffix

    shared = card_path(with_model_suffix(Path(args.output)))
    if same_file(shared, card_path(Path(args.input))):
        raise CommandError(
            f"{args.output} would share its card {shared.name} with the "
            f"input {args.input}, whose card would be replaced: convert to another name or "
            "folder (-o new/model.npz)"
        )
    # Loaded first: an input that is not a model is refused before -o's folders are created.
    model = ThemeClassifier.load(args.input, trusted=args.trust_model)
    output = check_output_path(model_file(args.output), args.input, create_parent=True)
    card = model.card_
    if card is not None:
        when = datetime.now(UTC).replace(microsecond=0).isoformat()
        note = f"converted from {Path(args.input).name} to the safe format on {when}"
        card = replace(card, note=f"{card.note}; {note}" if card.note else note)
    path = model.save(output, card=card)
    log(f"saved {path} (safe format) and its card")


def cmd_models(args: argparse.Namespace) -> None:
    """List registered model versions with their test scores, the default and the shipped model."""
    from ..errors import ModelFileError
    from ..model.card import ModelCard
    from ..model.evaluation import count_text
    from ..model.persistence import DEFAULT_MODEL_NAME, default_model_path, sha256_file
    from ..model.registry import DEFAULT_DIR, versions

    registry = Path(args.registry)
    if args.version is not None:
        _show_version(registry, args.version)
        return
    rows = versions(registry)
    lines: list[tuple[str, ModelCard | None, str]] = [
        (row.label, row.card, "  <- default" if row.current else "") for row in rows
    ]
    default = registry / DEFAULT_DIR / DEFAULT_MODEL_NAME
    shipped = default_model_path()
    # The same file in a checkout; an identical copy when the package is installed.
    same = (
        default.is_file()
        and shipped.is_file()
        and (default.resolve() == shipped.resolve() or sha256_file(default) == sha256_file(shipped))
    )
    if default.is_file():
        try:
            card = ModelCard.read(default)
        except ModelFileError:  # `versions` has warned: the line goes without figures
            card = None
        origin = f" (from {card.version})" if card and card.version else ""
        lines.append((f"{DEFAULT_DIR}{origin}", card, "  = the shipped model" if same else ""))
    if not same:
        lines.append(("shipped", ModelCard.read(shipped) if shipped.is_file() else None, ""))
    width = max([len("version"), *(len(label) for label, _, _ in lines)])

    def fmt(value: object) -> str:
        # A whole number is a figure too (`"micro_f1": 1` in a card edited by hand).
        return f"{value:.3f}" if isinstance(value, int | float) else "-"

    show(
        f"{'version':{width}s} {'created':26s} {'answers':>8s} {'micro-F1':>9s} {'macro-F1':>9s} "
        f"{'stance':>7s}"
    )
    for label, card, note in lines:
        test = (card.test if card else None) or {}
        show(
            f"{label:{width}s} {(card.created if card else None) or '':26s} "
            f"{count_text(card.training.get('rows') if card else None, '-'):>8} "
            f"{fmt(test.get('micro_f1')):>9s} {fmt(test.get('macro_f1')):>9s} "
            f"{fmt(test.get('stance_accuracy')):>7s}{note}"
        )
    if not rows:
        show(f"(no trained versions in {registry})")
    show(f"without --model, `classifier tag` and the other commands use: {shipped}")


def _show_version(registry: Path, version: str) -> None:
    """Print one registered version's test figures, per theme and per language, with their
    changes against the version it was compared with when registered (its card's deltas):
    the list shows totals only, and a version's gain overall may hide a theme it lost."""
    from ..errors import RegistryError
    from ..model.card import ModelCard, card_path
    from ..model.evaluation import format_metrics
    from ..model.registry import resolve

    path = resolve(registry, version)
    card = ModelCard.read(path)
    label = f"{path.parent.parent.name}/{path.parent.name}"
    if card is None:  # not "no test figures in its card": there is no card to look in
        raise RegistryError(
            f"version {label} has no model card ({card_path(path)} is missing), which holds "
            "its test figures; restore it, or register the model again with "
            "`classifier train --registry`"
        )
    if not card.test:
        raise RegistryError(f"version {label} has no test figures in its card ({path})")
    compared = (
        f"changes against {card.compared_with}, the default when it was registered"
        if card.compared_with
        else "not compared: the registry had no default then, or it used another codebook "
        "or was scored on another test file"
    )
    show(f"{label}, created {card.created}, tested on {card.test.get('file', 'n/a')}; {compared}")
    show(format_metrics(card.test, card.deltas if card.compared_with else None))


def cmd_promote(args: argparse.Namespace) -> None:
    """Make a registered version the default model (guarded unless --force).

    The commands without `--model` load the shipped model (`default_model_path`), which is
    this registry's default only for the source tree's own `models/`: staff who promoted into
    a registry of their working folder read "is now the default model" and went on tagging
    with the old model. The message then says which model the commands use and how to use
    the promoted one.
    """
    from ..model.persistence import DEFAULT_MODEL_NAME, default_model_path
    from ..model.registry import DEFAULT_DIR, promote

    registry = Path(args.registry)
    show(promote(registry, args.version, force=args.force))
    promoted = registry / DEFAULT_DIR / DEFAULT_MODEL_NAME
    shipped = default_model_path()
    if promoted.resolve() != shipped.resolve():
        show(
            f"note: this is the default of the registry {registry}; the commands without "
            f"--model still use {shipped}: give them --model {promoted} (for the registry "
            "models/ of the source tree, `pip install .` ships the promoted model)"
        )


def cmd_evaluate(args: argparse.Namespace) -> None:
    """Print the model's scores on a labeled file."""
    from ..model.estimator import ThemeClassifier
    from ..model.evaluation import evaluate_model, format_metrics

    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    data = _read_test_file(args.data, model.codebook_)
    metrics = evaluate_model(model, data)
    show(json.dumps(metrics, indent=2) if args.json else format_metrics(metrics))
