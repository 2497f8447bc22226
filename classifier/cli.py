"""The `classifier` command line: tag, needs, report, train, evaluate, languages, review,
models, promote, explain, convert.

Every failure a user can cause (a missing column, an unreadable file, unknown
ids, a model that does not match the data, an output another run is writing)
is a `ClassifierError` or an `OSError`: it ends with one sentence on stderr and
exit status 2, never a traceback. `--debug` shows the traceback of any error.
Warnings about the data or the model (`ClassifierWarning`) print as
`classifier: warning: ...`. A closed output pipe (`| head`) ends the command
quietly, and SIGTERM ends it like Ctrl-C, removing its temporary files.

Each command imports its pipeline stage inside its handler: `classifier
report` or `classifier languages` never pay for loading scikit-learn, spaCy
or the sentence encoder, and `--help` answers at once.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import signal
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import ClassifierError, ClassifierWarning, CommandError
from .vocab import DEFAULT_MIN_RESPONDENTS, LANGUAGES, normalize_declared

if TYPE_CHECKING:
    import pandas as pd

EXIT_USAGE = 2
EXIT_INTERNAL = 1
EXIT_BROKEN_PIPE = 128 + 13  # what a Unix tool killed by SIGPIPE reports
EXIT_TERMINATED = 128 + 15


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _warning_printer():
    """A `warnings.showwarning` that prints the tool's own warnings as one line, each text
    once per command (a file read twice, for its columns and then its rows, warns once),
    and others as Python does."""
    printed: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, ClassifierWarning):
            text = f"classifier: warning: {message}"
            if text not in printed:
                printed.add(text)
                _log(text)
        else:
            _log(warnings.formatwarning(message, category, filename, lineno, line).rstrip())

    return show


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that cleanup (temporary files, lock) runs."""


def _terminate(signum, frame) -> None:
    raise _Terminated()


def _input_dialect(args: argparse.Namespace):
    """The CSV dialect of the input, for CSV outputs of commands reading one (else None)."""
    from .io.tables import csv_dialect, table_format

    source = Path(args.input)
    if table_format(source) != "csv" or not source.is_file():
        return None
    return csv_dialect(source, getattr(args, "encoding", None))


# ----------------------------------------------------------------- commands
def cmd_tag(args: argparse.Namespace) -> None:
    """Tag every answer of a survey export and write it with prediction columns."""
    from .io.files import check_output_path, output_lock
    from .io.tables import table_format

    output = check_output_path(args.output, args.input)
    table_format(output)
    from .model.parallel import can_fork

    if not args.scheduler and (can_fork() or _small_input(Path(args.input))):
        # The encoder loads on the other core while this thread imports scikit-learn and
        # spaCy and loads the model. A small file is tagged in this process; workers
        # forked from it share the loaded encoder (started afresh, they load their own).
        from .text.embeddings import preload_use

        preload_use()
    from .jobs.bulk import iter_chunks, tag_file
    from .jobs.columns import column_profiles, resolve_columns
    from .model.estimator import ThemeClassifier

    with output_lock(output):  # a second run on this output is refused before any work
        first = _with_named_keys(
            next(iter_chunks(Path(args.input), args.sheet, args.encoding, rows=200)), args
        )
        columns = resolve_columns(
            first,
            args.text_column,
            args.respondent_column,
            args.language_column,
            args.id_column,
            args.score_column,
            args.segment_column,
            profiles=lambda candidates: column_profiles(
                iter_chunks(Path(args.input), args.sheet, args.encoding), candidates
            ),
        )
        _log(columns.describe())
        model = ThemeClassifier.load(args.model, trusted=args.trust_model)
        options = dict(
            sheet=args.sheet,
            encoding=args.encoding,
            min_respondents=args.min_respondents,
            raw_csv=args.raw_csv,
            locked=True,
            log=_log,
        )
        if args.scheduler:
            # Dask is an optional extra: imported only by a run that asks for a cluster.
            from .jobs.distributed import tag_file_on_cluster

            summary = tag_file_on_cluster(
                model, Path(args.input), output, columns, scheduler=args.scheduler, **options
            )
        else:
            summary = tag_file(
                model,
                Path(args.input),
                output,
                columns,
                n_jobs=_workers(args.jobs),
                fork_workers=True,  # this process is the job: its workers may be forked
                **options,
            )
    if summary.duplicate_ids:
        shown = ", ".join(sorted(set(summary.duplicate_ids))[:5])
        _log(
            f"classifier: warning: {len(summary.duplicate_ids)} duplicated id(s) in "
            f"{columns.id} ({shown}...); every row was kept and tagged"
        )
    if summary.truncated:
        _log(
            f"classifier: warning: {summary.truncated} answer(s) longer than 10,000 characters "
            "were classified on their first 10,000 characters; the full text is kept"
        )
    languages = ", ".join(f"{k}: {v}" for k, v in sorted(summary.languages.items()))
    _log(
        f"tagged {summary.rows} rows x {len(columns.texts)} question(s) ({languages}); "
        f"needs: {summary.needs} ({summary.recurring} recurring with {args.min_respondents}+ "
        f"respondents) in {summary.seconds:.1f} s (tagging {summary.tagging_seconds:.1f} s, "
        f"needs {summary.needs_seconds:.1f} s) -> {output}"
    )


# Inputs smaller than this are about one chunk, tagged in the main process (cold start).
SMALL_INPUT_BYTES = 200_000


def _small_input(path: Path) -> bool:
    try:
        return path.stat().st_size < SMALL_INPUT_BYTES
    except OSError:
        return False


def read_input(args: argparse.Namespace):
    """The input table and its columns (given, else guessed as `tag` does), logged."""
    from .io.tables import read_table
    from .jobs.columns import resolve_columns

    frame = read_table(args.input, sheet=args.sheet, encoding=args.encoding)
    columns = resolve_columns(
        frame,
        args.text_column,
        args.respondent_column,
        args.language_column,
        getattr(args, "id_column", None),
        None,
        None,
    )
    _log(columns.describe())
    return frame, columns


def cmd_needs(args: argparse.Namespace) -> None:
    """List the needs of a tagged file: catalogue needs, then new ones, recurring first."""
    from .io.files import check_output_path
    from .io.tables import write_table
    from .model.estimator import ThemeClassifier
    from .needs.grouping import find_needs
    from .needs.result import CATALOGUE, NEW

    if args.update_catalogue:
        if args.input:
            raise CommandError(
                f"give a tagged file ({args.input}) to list its needs, or --update-catalogue "
                "SHEET, not both"
            )
        _update_catalogue(args)
        return
    if not args.input:
        raise CommandError("give a tagged file to list its needs, or --update-catalogue SHEET")
    output = check_output_path(args.output, args.input) if args.output else None
    frame, columns = read_input(args)
    _one_question(columns.texts, "lists the needs")
    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    result = find_needs(
        frame,
        model=model,
        text_column=columns.texts[0],
        respondent_column=columns.respondent,
        language_column=columns.language,
        min_respondents=args.min_respondents,
    )
    table = result.to_frame()
    # Catalogue needs, then new ones, as on screen (each kind keeps the result's order).
    table = table.sort_values("kind", key=lambda kind: kind != CATALOGUE, kind="stable")
    if output is not None:
        write_table(table, output, _input_dialect(args), raw=args.raw_csv)
        _log(f"{len(table)} needs -> {args.output}")
        return
    for kind, heading in (
        (CATALOGUE, "catalogue needs"),
        (NEW, "new needs (not in the catalogue)"),
    ):
        print(f"# {heading}")
        for need in (n for n in result.needs if n.kind == kind):
            # One line per need: the line breaks and tabs of members' words (a new need's
            # label is a quote) would cut the listing.
            quotes = " | ".join(f"[{lang}] {_folded(q)}" for lang, q in need.quotes.items())
            print(
                f"{need.id}\t{'recurring' if need.recurring else 'unique'}\t"
                f"{need.respondents} respondent(s)\t{','.join(need.languages)}\t"
                f"{','.join(need.themes)}\t{_folded(need.label_in('en'))}\t{quotes}"
            )


def _one_question(texts: list[str], what: str) -> None:
    """Refuse several text columns where needs are listed or reviewed one question at a
    time (each question's needs are grouped on their own)."""
    if len(texts) > 1:
        raise CommandError(
            f"this command {what} of one question at a time, and {len(texts)} text columns "
            f"were given ({', '.join(texts)}): run it once per --text-column"
        )


def _folded(text: str) -> str:
    """`text` on one line: runs of whitespace (line breaks, tabs) become one space."""
    return _terminal_safe(" ".join(text.split()))


# Control characters but line breaks and tabs: an answer's escape sequence printed as it is
# would drive the terminal (clear the screen, move the cursor, retitle the window). Lone
# surrogates too (an argument that was not UTF-8): printing one is an encoding error.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _terminal_safe(text: str) -> str:
    """`text` with control characters (but line breaks and tabs) and lone surrogates shown
    as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def cmd_train(args: argparse.Namespace) -> None:
    """Train on labeled (and reviewed) files; save to -o or as a new registry version."""
    from .codebook import Codebook
    from .io.files import check_output_path
    from .io.labeled import file_names, load_labeled, merge_by_id, read_labeled
    from .model.estimator import ThemeClassifier
    from .model.evaluation import evaluate_model, format_metrics
    from .model.persistence import model_file, sha256_file

    if bool(args.output) == bool(args.registry):
        raise CommandError("give either -o MODEL or --registry DIR")
    if args.registry and not args.test:
        raise CommandError("--registry needs --test: every version is scored on the test split")
    if args.output:
        check_output_path(model_file(args.output), *args.data, create_parent=True)
    if args.test and any(Path(args.test).resolve() == Path(p).resolve() for p in args.data):
        raise CommandError(
            f"--test {args.test} is also a training file: a model scored on its own training "
            "answers looks better than it is; give the held-out test split"
        )
    if args.registry:
        from .model.registry import current_card

        current_card(Path(args.registry))  # a damaged default card stops before training
    codebook = Codebook.load(args.codebook)
    data, conflicts = merge_by_id(read_labeled(args.data, codebook))
    for conflict in conflicts:
        _log(f"correction: {conflict}")
    data, skipped = _without_empty_texts(data)
    test = (
        _without_empty_texts(load_labeled([args.test], codebook), "test")[0] if args.test else None
    )
    data, seen_in_test = _without_test_answers(data, test, args.test)
    _log(
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
        metrics = {
            "file": Path(args.test).name,
            "file_sha256": sha256_file(Path(args.test)),
            **evaluate_model(model, test),
        }
        print(format_metrics(metrics))
    if args.registry:
        from .model.card import ModelCard
        from .model.registry import register

        path = register(model, Path(args.registry), metrics, **details)
        card = ModelCard.read(path)
        compared = (
            "deltas against the current default are in its card"
            if card is not None and card.compared_with
            else "no deltas in its card: the registry has no default yet, or the default uses "
            "another codebook or was scored on another test file"
        )
        _log(f"saved version {path.parent.parent.name}/{path.parent.name} ({path}); {compared}")
        return
    path = model.save(Path(args.output), **details, test=metrics)
    _log(f"saved {path} and its card in {details['training_seconds']} s of training")


def _without_empty_texts(
    data: pd.DataFrame, role: str = "training"
) -> tuple[pd.DataFrame, list[str]]:
    """The labeled rows without those whose text is empty, and where those were
    (`file:row`), named in a warning. Training rows: they teach the model nothing, and a
    row number of the merged data would not point at the place to fix. Test rows (`role`
    "test"): no model can tag an empty answer, so scoring one labelled with a theme or a
    stance would lower the figures that decide a promotion for nothing the model did."""
    from .codebook import format_places
    from .errors import DataWarning

    empty = data["text"].str.strip() == ""
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


def _without_test_answers(
    data: pd.DataFrame, test: pd.DataFrame | None, test_file: str | None
) -> tuple[pd.DataFrame, list[str]]:
    """The training rows without those whose text is an answer of the test file (ignoring
    case and spacing), and where those were (`file:row`). A review sheet made from tagged
    test answers would otherwise train on them, and the test figures, which decide whether
    a model is promoted, would score answers the model has seen."""
    from .codebook import format_places
    from .errors import DataWarning

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
    from .text.normalize import visible_text

    return " ".join(visible_text(text).split()).casefold()


def cmd_convert(args: argparse.Namespace) -> None:
    """Save a model again in the safe format (a legacy joblib file needs --trust-model)."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from .io.files import check_output_path
    from .model.card import card_path
    from .model.estimator import ThemeClassifier
    from .model.persistence import model_file

    if card_path(Path(args.output)).resolve() == card_path(Path(args.input)).resolve():
        raise CommandError(
            f"{args.output} would share its card {card_path(Path(args.output)).name} with the "
            f"input {args.input}, whose card would be replaced: convert to another name or "
            "folder (-o new/model.npz)"
        )
    output = check_output_path(model_file(args.output), args.input, create_parent=True)
    model = ThemeClassifier.load(args.input, trusted=args.trust_model)
    card = model.card_
    if card is not None:
        when = datetime.now(UTC).replace(microsecond=0).isoformat()
        note = f"converted from {Path(args.input).name} to the safe format on {when}"
        card = replace(card, note=f"{card.note}; {note}" if card.note else note)
    path = model.save(output, card=card)
    _log(f"saved {path} (safe format) and its card")


def cmd_review(args: argparse.Namespace) -> None:
    """Write the answers most worth a human look to an editable sheet."""
    from .io.files import check_output_path
    from .jobs.review import select_for_review, write_review
    from .model.estimator import ThemeClassifier

    output = check_output_path(args.output, args.input)
    tagged, columns = read_input(args)
    _check_unique_ids(tagged, columns.id)
    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    if args.needs:
        _review_needs(model, tagged, columns, args, output)
        return
    sheet = select_for_review(
        model, tagged, columns.texts[0], args.n, columns.id, columns.respondent
    )
    write_review(sheet, model.codebook_, output, _input_dialect(args), raw=args.raw_csv)
    languages = sorted(sheet["language"].replace("", "no language").value_counts().items())
    _log(
        f"{len(sheet)} answers to review "
        f"({', '.join(f'{k}: {v}' for k, v in languages)}) -> {output}"
    )


def _check_unique_ids(tagged: pd.DataFrame, id_column: str | None) -> None:
    """Refuse an id column that gives one id to several answers: the review sheet is read
    back (by `train`, or `needs --update-catalogue`) answer by answer through its ids."""
    if not id_column:
        return
    from .codebook import format_places
    from .io.labeled import repeated_ids

    ids = tagged[id_column].astype(str).tolist()
    rows = repeated_ids(ids, [f"row {row}" for row in range(2, len(ids) + 2)])
    repeated = [f"{value!r} ({', '.join(where)})" for value, where in rows.items()]
    if repeated:
        raise CommandError(
            f"--id-column {id_column} gives the same id to several answers: "
            f"{format_places(repeated)}; the review sheet is read back by id, so give a "
            "column with one id per answer, or none (the sheet then numbers the answers)"
        )


def _review_needs(model, tagged, columns, args: argparse.Namespace, output: Path) -> None:
    """Write the needs sheet: new needs and uncertain matches, for staff to decide."""
    from .io.layout import prediction_column
    from .needs.grouping import find_needs, tagged_min_respondents
    from .needs.review import needs_sheet, write_needs_sheet

    _one_question(columns.texts, "reviews the needs")
    text = columns.texts[0]
    result = find_needs(
        tagged,
        model=model,
        text_column=text,
        respondent_column=columns.respondent,
        language_column=columns.language,
        min_respondents=tagged_min_respondents(tagged, text),
    )
    predicted = {
        name: tagged[prediction_column(tagged, text, name)].tolist()
        for name in ("themes", "stance", "language")
    }
    sheet = needs_sheet(
        result,
        tagged,
        text,
        model.codebook_.catalogue,
        id_column=columns.id,
        respondent_column=columns.respondent,
        themes=predicted["themes"],
        stances=predicted["stance"],
        languages=predicted["language"],
    )
    write_needs_sheet(sheet, model.codebook_.catalogue, output)
    _log(f"{len(sheet.new_needs)} new needs and {len(sheet.answers)} answers to review -> {output}")


def _update_catalogue(args: argparse.Namespace) -> None:
    """Read an edited needs sheet back: add confirmed needs, write catalogue and answers."""
    from .codebook import Codebook, codebook_path
    from .needs.review import apply_needs_sheet, read_needs_sheet, write_update

    if not args.output:
        raise CommandError("--update-catalogue needs -o DIR, the folder for the new files")
    codebook = Codebook.load(args.codebook)
    catalogue, answers = apply_needs_sheet(
        read_needs_sheet(args.update_catalogue), codebook, str(args.update_catalogue)
    )
    written = write_update(
        codebook,
        catalogue,
        answers,
        Path(args.output),
        codebook_path(args.codebook),
        Path(args.update_catalogue),
    )
    added = len(catalogue.needs) - len(codebook.catalogue.needs)
    _log(
        f"{added} need(s) added (catalogue version {catalogue.version}); wrote "
        + ", ".join(str(path) for path in written)
        + f"; retrain with `classifier train ... {written[2]} --codebook {written[1]}`"
    )


def cmd_report(args: argparse.Namespace) -> None:
    """Write the consultation report (HTML, and XLSX with --xlsx) from a tagged file."""
    from .codebook import Codebook
    from .io.files import check_output_path
    from .io.layout import tagged_questions
    from .io.tables import read_table
    from .jobs.columns import guess_text_column, previous_columns, resolve_columns
    from .report import build_report
    from .report.build import check_report_names

    outputs = [args.output] + ([args.xlsx] if args.xlsx else [])
    for output in outputs:
        check_output_path(output, args.input, args.compare)
    if args.xlsx and Path(args.xlsx).resolve() == Path(args.output).resolve():
        raise CommandError(f"-o and --xlsx name the same file {args.output}: give two names")
    check_report_names(args.output, args.xlsx)
    tagged = read_table(args.input, sheet=args.sheet, encoding=args.encoding)
    questions = args.text_column or tagged_questions(tagged) or [guess_text_column(tagged)]
    columns = resolve_columns(
        tagged,
        questions,
        args.respondent_column,
        "",  # the report reads each answer's language from the tagged columns
        "",
        args.score_column,
        args.segment_column,
    )
    _log(
        f"question column(s): {', '.join(questions)}; respondent: {columns.respondent or '(none)'}"
        f"; score: {columns.score or '(none)'}"
    )
    previous = read_table(args.compare) if args.compare else None
    if previous is not None and previous.empty:
        raise CommandError(
            f"the previous consultation's file {args.compare} has no rows, so there is nothing "
            "to compare with: leave out --compare to report on this year alone"
        )
    before = (
        previous_columns(previous, questions, columns.respondent, columns.score)
        if previous is not None
        else (None, None)
    )
    if previous is not None and before != (columns.respondent, columns.score):
        _log(
            f"previous file {args.compare}: respondent: {before[0] or '(none)'}; score: "
            f"{before[1] or '(none: no change of the net promoter score)'}"
        )
    report = build_report(
        tagged,
        questions,
        codebook=Codebook.load(args.codebook),
        lang=args.lang,
        respondent_column=columns.respondent,
        score_column=columns.score,
        segment_columns=columns.segments,
        compare=previous,
        compare_respondent_column=before[0] or "",
        compare_score_column=before[1] or "",
        question_labels=question_labels(args.question_label or []),
    )
    # The workbook first: it is the output that can refuse its cells (too long for XLSX),
    # and a refusal must leave nothing written.
    if args.xlsx:
        report.write_xlsx(args.xlsx)
    report.write_html(args.output)
    _log(f"report ({args.lang}) -> {', '.join(outputs)}")


def question_labels(values: list[str]) -> dict[str, str]:
    """`COL=LABEL` options as {column: label}; a value without '=' is a CommandError."""
    labels = {}
    for value in values:
        column, sep, label = value.partition("=")
        if not sep or not column.strip() or not label.strip():
            raise CommandError(f"--question-label {value!r} must be COLUMN=LABEL")
        labels[column.strip()] = label.strip()
    return labels


def cmd_models(args: argparse.Namespace) -> None:
    """List registered model versions with their test scores, the default and the shipped model."""
    from .model.card import ModelCard
    from .model.persistence import DEFAULT_MODEL_NAME, default_model_path, sha256_file
    from .model.registry import DEFAULT_DIR, versions

    registry = Path(args.registry)
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
        card = ModelCard.read(default)
        origin = f" (from {card.version})" if card and card.version else ""
        lines.append((f"{DEFAULT_DIR}{origin}", card, "  = the shipped model" if same else ""))
    if not same:
        lines.append(("shipped", ModelCard.read(shipped) if shipped.is_file() else None, ""))
    width = max([len("version"), *(len(label) for label, _, _ in lines)])

    def fmt(value: object) -> str:
        return f"{value:.3f}" if isinstance(value, float) else "-"

    print(
        f"{'version':{width}s} {'created':26s} {'answers':>8s} {'micro-F1':>9s} {'macro-F1':>9s} "
        f"{'stance':>7s}"
    )
    for label, card, note in lines:
        test = (card.test if card else None) or {}
        print(
            f"{label:{width}s} {card.created if card else '':26s} "
            f"{card.training.get('rows', '-') if card else '-':>8} "
            f"{fmt(test.get('micro_f1')):>9s} {fmt(test.get('macro_f1')):>9s} "
            f"{fmt(test.get('stance_accuracy')):>7s}{note}"
        )
    if not rows:
        print(f"(no trained versions in {registry})")
    print(f"without --model, `classifier tag` and the other commands use: {shipped}")


def cmd_promote(args: argparse.Namespace) -> None:
    """Make a registered version the default model (guarded unless --force)."""
    from .model.registry import promote

    print(promote(Path(args.registry), args.version, force=args.force))


def cmd_explain(args: argparse.Namespace) -> None:
    """Show the words and phrases behind each assigned theme and close miss."""
    from .model.estimator import ThemeClassifier
    from .model.explain import explain, format_explanation

    if args.language and normalize_declared(args.language) is None:
        raise CommandError(
            f"--language {args.language!r} is not a language the model knows: give "
            f"{', '.join(LANGUAGES)} (or leave it out to detect it)"
        )
    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    prediction, explanations = explain(model, args.text, args.language)
    explanation = format_explanation(
        args.text, prediction.language, explanations, prediction.stance
    )
    print(_terminal_safe(explanation))


def cmd_evaluate(args: argparse.Namespace) -> None:
    """Print the model's scores on a labeled file."""
    from .io.labeled import load_labeled
    from .model.estimator import ThemeClassifier
    from .model.evaluation import evaluate_model, format_metrics

    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    data, _ = _without_empty_texts(load_labeled([args.data], model.codebook_), "test")
    metrics = evaluate_model(model, data)
    print(json.dumps(metrics, indent=2) if args.json else format_metrics(metrics))


def cmd_languages(args: argparse.Namespace) -> None:
    """Print the detected language of each row."""
    from .text.language import detect_languages

    frame, columns = read_input(args)
    languages = detect_languages(
        frame[columns.texts[0]].tolist(),
        frame[columns.language].tolist() if columns.language else None,
        frame[columns.respondent].tolist() if columns.respondent else None,
    )
    for row, language in enumerate(languages, 1):
        print(f"{row}\t{language}")


# ------------------------------------------------------------------ parser
def _workers(jobs: int | None) -> int:
    """`--jobs` as `tag` runs it: one worker per usable core by default, and never more
    workers than cores (each is busy all the time: more share the cores, each with its
    own memory, and end later), with a note saying so."""
    from .model.parallel import usable_cores

    cores = usable_cores()
    if jobs is None:
        return cores
    if jobs > cores:
        _log(
            f"classifier: note: --jobs {jobs} is more than the {cores} core(s) this process "
            f"may use; tagging with {cores} worker(s)"
        )
        return cores
    return jobs


def positive_int(value: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="classifier",
        description="Tag open-ended survey answers (fr/en/es) with codebook themes and a stance.",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of any error")
    parser.add_argument("--version", action="version", version=f"classifier {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_model_options(sub: argparse.ArgumentParser, help_text: str) -> None:
        sub.add_argument("--model", help=help_text)
        sub.add_argument(
            "--trust-model",
            action="store_true",
            help="also load a legacy joblib/pickle model file, which can run code: "
            "only for a file whose source you trust (convert it with `classifier convert`)",
        )

    def add_raw_csv(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--raw-csv",
            action="store_true",
            help="write CSV cells unchanged, for programs: by default a text cell starting "
            "with = + - @ (a formula for Excel) gets a leading '",
        )

    def add_input_options(sub: argparse.ArgumentParser, language: bool = True) -> None:
        sub.add_argument(
            "--text-column",
            action="append",
            metavar="COL",
            help="column holding the answers (default: 'text'/'answer' or the "
            "longest text column)"
            + (
                "; repeat it to tag several questions, each getting its own prefixed output columns"
                if sub.prog.endswith(" tag")
                else ""
            ),
        )
        if language:  # `report` reads each answer's language from the tagged columns
            sub.add_argument(
                "--language-column",
                help="declared (questionnaire) language per row; "
                "wins over detection when it is fr/en/es",
            )
        sub.add_argument(
            "--respondent-column",
            help="respondent id per row"
            + (
                "; short answers take the language of the respondent's longer answers"
                if language
                else " (respondents are counted once, in the language of their first answer)"
            ),
        )
        sub.add_argument("--sheet", help="XLSX sheet to read (default: the first visible one)")
        sub.add_argument("--encoding", help="CSV encoding (default: detected)")

    tag = commands.add_parser(
        "tag",
        help="tag a CSV/XLSX/JSONL file of answers",
        description="Write every input row and column plus language, language_mixed, "
        "low_confidence, themes (';'-joined), stance, stance_score, one score_<theme> "
        "column per theme, need_ids, need_labels, need_respondents, recurrence and "
        "suggestion_ids. With several "
        "--text-column, each question's columns are prefixed with its "
        "name. Columns not given are guessed from conventional names and "
        "logged. The output format follows OUTPUT's extension.",
    )
    tag.add_argument("input", metavar="INPUT")
    tag.add_argument("-o", "--output", required=True, metavar="OUTPUT")
    add_model_options(tag, "model file (default: the shipped model)")
    add_raw_csv(tag)
    tag.add_argument(
        "--min-respondents",
        type=positive_int,
        default=DEFAULT_MIN_RESPONDENTS,
        metavar="N",
        help=f"respondents a need must have to be 'recurring' (default: {DEFAULT_MIN_RESPONDENTS})",
    )
    tag.add_argument(
        "--jobs",
        type=positive_int,
        metavar="N",
        help="worker processes tagging chunks of 1,000 rows at once (default: one per core; "
        "1: this process only); the output is the same whatever N",
    )
    tag.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="tag on a Dask cluster instead (tcp://HOST:8786; needs the [dask] extra): "
        "chunks are tagged by its workers, needs are grouped here; the output is the same",
    )
    tag.add_argument("--id-column", help="answer/response id (duplicates are reported)")
    tag.add_argument("--score-column", help="0-10 recommendation score (kept; used by report)")
    tag.add_argument(
        "--segment-column",
        action="append",
        metavar="COL",
        help="segment such as region or member type (repeatable; used by report)",
    )
    add_input_options(tag)
    tag.set_defaults(handler=cmd_tag)

    train = commands.add_parser(
        "train",
        help="train a model on labeled answers",
        description="Train on labeled files (columns text, themes; "
        "optional id, respondent, language, stance, need, subtopic), save the "
        "model and its card (MODEL.card.json).",
    )
    train.add_argument("data", nargs="+", metavar="DATA")
    train.add_argument("-o", "--output", metavar="MODEL", help="model file to write")
    train.add_argument(
        "--registry",
        metavar="DIR",
        help="instead of -o: save as the next "
        "version DIR/<codebook name>/vNNN/ with deltas against DIR/default",
    )
    train.add_argument("--codebook", help="codebook YAML (default: the shipped codebook)")
    train.add_argument(
        "--test", help="labeled test file scored after training (required with --registry)"
    )
    train.set_defaults(handler=cmd_train)

    review = commands.add_parser(
        "review",
        help="pick answers worth a human look",
        description="From a tagged file, pick the answers the model "
        "is least sure of (scores near thresholds, several borderline "
        "themes, uncertain stance), spread across languages and "
        "themes, and write an editable sheet (.xlsx with a codebook "
        "sheet, or .csv) that `classifier train` accepts back.",
    )
    review.add_argument("input", metavar="TAGGED")
    review.add_argument("-o", "--output", required=True, metavar="REVIEW")
    review.add_argument(
        "--n", type=positive_int, default=200, help="answers to pick (default: 200)"
    )
    add_model_options(review, "model that tagged the file (default: shipped)")
    add_raw_csv(review)
    review.add_argument("--id-column", help="answer id column (default: row number)")
    review.add_argument(
        "--needs",
        action="store_true",
        help="write the needs sheet instead: new needs and uncertain matches, with the closest "
        "catalogue need, for staff to add, merge or skip (.xlsx)",
    )
    add_input_options(review)
    review.set_defaults(handler=cmd_review)

    report = commands.add_parser(
        "report",
        help="write the consultation report (HTML/XLSX)",
        description="From a file written by `classifier tag`: "
        "respondents and answers by language, themes by frequency "
        "(overall and by language), what members praise and ask for "
        "per theme, recurring needs with their suggestions then unique requests, net "
        "promoter score overall / by language / by segment with the "
        "themes of detractors and promoters, and with --compare the "
        "changes since the previous consultation. One self-contained "
        "HTML page (charts inline, no network).",
    )
    report.add_argument("input", metavar="TAGGED")
    report.add_argument("-o", "--output", required=True, metavar="REPORT_HTML")
    report.add_argument("--xlsx", metavar="WORKBOOK", help="also write the tables as sheets")
    report.add_argument(
        "--compare", metavar="PREVIOUS_TAGGED", help="last consultation's tagged file, same layout"
    )
    report.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default="en",
        help="language of the page (default: en)",
    )
    report.add_argument("--score-column", help="0-10 recommendation score column")
    report.add_argument(
        "--segment-column",
        action="append",
        metavar="COL",
        help="segment for NPS (repeatable): region, member type, year ...",
    )
    report.add_argument("--codebook", help="codebook YAML for theme labels (default: shipped)")
    report.add_argument(
        "--question-label",
        action="append",
        metavar="COL=LABEL",
        help='name a question on the page (repeatable): q_improve="What should we improve?" '
        "(default: the column's name)",
    )
    add_input_options(report, language=False)
    report.set_defaults(handler=cmd_report)

    models = commands.add_parser(
        "models",
        help="list registered model versions",
        description="List every version under the registry with its "
        "test scores and mark the default.",
    )
    models.add_argument(
        "--registry", default="models", metavar="DIR", help="registry directory (default: models)"
    )
    models.set_defaults(handler=cmd_models)

    promote = commands.add_parser(
        "promote",
        help="make a version the default model",
        description="Copy VERSION (v002 or name/v002) to "
        "DIR/default when its test micro-F1 drops by at most one "
        "point and no theme's F1 by more than five against the current "
        "default; promoting an older version rolls back.",
    )
    promote.add_argument("version", metavar="VERSION")
    promote.add_argument(
        "--registry", default="models", metavar="DIR", help="registry directory (default: models)"
    )
    promote.add_argument("--force", action="store_true", help="promote despite the guard")
    promote.set_defaults(handler=cmd_promote)

    explain = commands.add_parser(
        "explain",
        help="why the model tags a text as it does",
        description="For each assigned theme and each close miss, "
        "show the words and phrases that pushed its score.",
    )
    explain.add_argument("text", metavar="TEXT")
    add_model_options(explain, "model file (default: the shipped model)")
    explain.add_argument("--language", help="declared language (fr, en, es)")
    explain.set_defaults(handler=cmd_explain)

    evaluate = commands.add_parser(
        "evaluate",
        help="score a model on labeled answers",
        description="Print micro-F1, macro-F1, per-theme "
        "precision/recall/F1, per-language micro-F1 and stance "
        "accuracy.",
    )
    evaluate.add_argument("data", metavar="DATA")
    add_model_options(evaluate, "model file (default: the shipped model)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.set_defaults(handler=cmd_evaluate)

    needs = commands.add_parser(
        "needs",
        help="list the needs of a tagged file",
        description="Group the requests and criticisms of a file "
        "tagged by `classifier tag` into needs across languages and "
        "list them: catalogue needs then new ones, recurring first. Without -o, "
        "print one tab-separated line per need.",
    )
    needs.add_argument("input", metavar="TAGGED", nargs="?")
    needs.add_argument(
        "-o",
        "--output",
        metavar="NEEDS",
        help="write the needs table (.csv, .xlsx or .jsonl); with --update-catalogue, the "
        "folder for the updated catalogue, codebook and answers",
    )
    needs.add_argument(
        "--update-catalogue",
        metavar="SHEET",
        help="read an edited `classifier review --needs` workbook: add the confirmed needs to "
        "the catalogue and write it, a codebook naming it and the answers with their final "
        "needs (training data) to the -o folder",
    )
    needs.add_argument("--codebook", help="codebook whose catalogue is updated (default: shipped)")
    add_model_options(needs, "model file (default: the shipped model)")
    add_raw_csv(needs)
    needs.add_argument(
        "--min-respondents",
        type=positive_int,
        default=DEFAULT_MIN_RESPONDENTS,
        metavar="N",
        help=f"respondents a need must have to be 'recurring' (default: {DEFAULT_MIN_RESPONDENTS})",
    )
    add_input_options(needs)
    needs.set_defaults(handler=cmd_needs)

    languages = commands.add_parser(
        "languages",
        help="print the detected language per row",
        description="Print 'row<TAB>language' (fr, en, es or und).",
    )
    languages.add_argument("input", metavar="INPUT")
    add_input_options(languages)
    languages.set_defaults(handler=cmd_languages)

    convert = commands.add_parser(
        "convert",
        help="save a model file again in the safe format",
        description="Load MODEL (a legacy joblib file needs --trust-model: it can run code "
        "when loaded) and save it as OUTPUT.npz, the format that cannot run code, with its "
        "card and content hash. Predictions are unchanged.",
    )
    convert.add_argument("input", metavar="MODEL")
    convert.add_argument("-o", "--output", required=True, metavar="OUTPUT")
    convert.add_argument(
        "--trust-model",
        action="store_true",
        help="load a legacy joblib/pickle file: only one whose source you trust",
    )
    convert.set_defaults(handler=cmd_convert)
    return parser


def run() -> None:
    """The `classifier` command: `main` on the command line's arguments, then exit.

    Before exiting it freezes the garbage collector's objects (`gc.freeze`):
    the collector then skips, at interpreter shutdown, the millions of objects
    that scikit-learn, spaCy, pandas and the model leave in memory, which took
    0.35 s of every run; atexit handlers and finalizers run as usual, and the
    operating system frees the memory. `main` alone, as tests and other Python
    code call it, does not touch the collector.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


def main(argv: list[str] | None = None) -> int:
    """Run the `classifier` command on `argv` (default: the command line); its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    in_main_thread = hasattr(signal, "SIGTERM") and _is_main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", ClassifierWarning)
            warnings.showwarning = _warning_printer()
            return _run(args)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _is_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _with_named_keys(first, args: argparse.Namespace):
    """The first rows of a JSONL input with every column the user named that its lines
    leave out (an optional question's key, absent from the first lines) but later lines
    have, as empty cells: a column missing from the whole file stays missing (an error)."""
    from .io.tables import table_format
    from .jobs.bulk import iter_chunks
    from .jobs.columns import Columns

    named = Columns(
        texts=list(args.text_column or []),
        respondent=args.respondent_column,
        language=args.language_column,
        id=args.id_column,
        score=args.score_column,
        segments=list(args.segment_column or []),
    ).names()
    missing = [c for c in named if c not in first.columns]
    if not missing or table_format(Path(args.input)) != "jsonl":
        return first
    keys: set[str] = set(first.columns)
    for chunk in iter_chunks(Path(args.input), None, None):
        keys.update(chunk.columns)
        if keys.issuperset(missing):
            break
    return first.assign(**dict.fromkeys((c for c in missing if c in keys), ""))


def _choose_sheet(args: argparse.Namespace) -> None:
    """For a workbook input without --sheet, choose its sheet once (the first visible one)
    and say so when the workbook has others, so that every read of it is of that sheet."""
    from .io.tables import choose_sheet

    source = getattr(args, "input", None)
    if getattr(args, "sheet", "") is not None or not isinstance(source, str | Path):
        return
    if Path(source).suffix.lower() != ".xlsx" or not Path(source).is_file():
        return
    args.sheet, note = choose_sheet(Path(source))
    if note:
        _log(note)


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command; its exit status."""
    try:
        _choose_sheet(args)
        args.handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as Unix tools do.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except (ClassifierError, OSError) as error:
        if args.debug:
            raise
        message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        if isinstance(error, OSError) and error.filename:
            message = f"{error.filename}: {message}"
        print(f"classifier: error: {_terminal_safe(message)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("classifier: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("classifier: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as error:  # an unexpected failure: one line unless --debug
        if args.debug:
            raise
        print(
            f"classifier: internal error: {type(error).__name__}: {_terminal_safe(str(error))} "
            "(run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return 0


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests capture it)


if __name__ == "__main__":
    run()
