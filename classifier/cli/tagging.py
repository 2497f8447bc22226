"""`classifier tag`, `languages` and `explain`: answers in, predictions out."""

from __future__ import annotations

import argparse
import dataclasses
import re
import warnings
from collections import Counter
from pathlib import Path

from ..errors import CommandError, DataWarning
from ..vocab import LANGUAGES, normalize_declared
from .common import (
    column_values,
    log,
    one_question,
    read_input,
    show,
    usable_workers,
    with_named_keys,
)


# ----------------------------------------------------------------- commands
def cmd_tag(args: argparse.Namespace) -> None:
    """Tag every answer of a survey export and write it with prediction columns."""
    from ..io.files import check_output_path, output_lock
    from ..io.tables import table_format

    if args.scheduler is not None and args.jobs is not None:
        # ignored, `--jobs 8` kept from the usual command line looked as if it counted
        raise CommandError(
            f"--jobs {args.jobs} sets the worker processes of this machine, and --scheduler "
            f"{args.scheduler} tags on the cluster's workers instead: give one of them"
        )
    output = check_output_path(args.output, args.input)
    table_format(output)
    from ..model.parallel import can_fork

    if args.scheduler is None and (can_fork() or _small_input(Path(args.input))):
        # The encoder loads on the other core while this thread imports scikit-learn and
        # spaCy and loads the model. A small file is tagged in this process; workers
        # forked from it share the loaded encoder (started afresh, they load their own).
        from ..text.embeddings import preload_use

        preload_use()
    from ..jobs.bulk import tag_file
    from ..jobs.columns import column_profiles, resolve_columns
    from ..jobs.source import iter_chunks
    from ..model.estimator import ThemeClassifier

    with output_lock(output):  # a second run on this output is refused before any work
        first = with_named_keys(
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
        columns = dataclasses.replace(
            columns,
            kinds=column_values(args.question_kind, "--question-kind", "KIND", columns.texts),
        )
        log(columns.describe())
        model = ThemeClassifier.load(args.model, trusted=args.trust_model)
        options = dict(
            sheet=args.sheet,
            encoding=args.encoding,
            min_respondents=args.min_respondents,
            raw_csv=args.raw_csv,
            locked=True,
            log=log,
        )
        if args.scheduler is not None:  # an empty address is refused, not read as none
            # Dask is an optional extra: imported only by a run that asks for a cluster.
            from ..jobs.distributed import tag_file_on_cluster

            summary = tag_file_on_cluster(
                model, Path(args.input), output, columns, scheduler=args.scheduler, **options
            )
        else:
            summary = tag_file(
                model,
                Path(args.input),
                output,
                columns,
                n_jobs=usable_workers(args.jobs),
                fork_workers=True,  # this process is the job: its workers may be forked
                **options,
            )
    if summary.duplicate_ids:
        shown = ", ".join(sorted(set(summary.duplicate_ids))[:5])
        log(
            f"classifier: warning: {len(summary.duplicate_ids)} duplicated id(s) in "
            f"{columns.id} ({shown}...); every row was kept and tagged"
        )
    if summary.truncated:
        log(
            f"classifier: warning: {summary.truncated} answer(s) longer than 10,000 characters "
            "were classified on their first 10,000 characters; the full text is kept"
        )
    if summary.unknown_languages:
        _warn_of_unknown_languages(columns.language, summary.unknown_languages)
    if summary.placeholder_respondents:
        given = ", ".join(
            f"{value!r} ({count})"
            for value, count in sorted(
                summary.placeholder_respondents.items(), key=lambda item: (-item[1], item[0])
            )
        )
        log(
            f"classifier: note: in {columns.respondent}, {given} name no respondent (an "
            "anonymous submission's placeholder): each of those rows counts as its own "
            "respondent, as an empty cell does"
        )
    languages = ", ".join(f"{k}: {v}" for k, v in sorted(summary.languages.items()))
    log(
        f"tagged {summary.rows} rows x {len(columns.texts)} question(s) ({languages}); "
        f"needs: {summary.needs} ({summary.recurring} recurring with {args.min_respondents}+ "
        f"respondents) in {summary.seconds:.1f} s (tagging {summary.tagging_seconds:.1f} s, "
        f"needs {summary.needs_seconds:.1f} s) -> {output}"
    )


def _warn_of_unknown_languages(column: str, unknown: Counter) -> None:
    """Log that the declared values of `column` the model does not know (`unknown`: value ->
    rows) were detected from the answers instead, as `tag` and `languages` both say it."""
    from ..text.language import unknown_declared_warning

    log(f"classifier: warning: in {column}, " + unknown_declared_warning(unknown, "row"))


# Inputs smaller than this are about one chunk, tagged in the main process (cold start).
SMALL_INPUT_BYTES = 200_000


def _small_input(path: Path) -> bool:
    try:
        return path.stat().st_size < SMALL_INPUT_BYTES
    except OSError:
        return False


def cmd_explain(args: argparse.Namespace) -> None:
    """Show the words and phrases behind each assigned theme and close miss, then, for an
    ask, its closest catalogue needs and whether `tag` would match it to one (the model
    layer knows no needs: the two are brought together here)."""
    from ..model.estimator import ThemeClassifier
    from ..model.explain import explain, format_explanation
    from ..needs.explain import explain_need, format_need_explanation

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
    show(explanation)
    show(format_need_explanation(explain_need(model, prediction, args.language)))


def cmd_languages(args: argparse.Namespace) -> None:
    """Print the detected language of each row."""
    from ..text.language import UNKNOWN_DECLARED, detect_languages, unknown_declared

    frame, columns = read_input(args)
    # One language per row: with several questions, all but the first were dropped unsaid.
    one_question(columns.texts, "prints the languages")
    # As `tag` warns of them: a value the model does not know is detected instead, never
    # silently (found by the README audit of stop 50).
    unknown = unknown_declared(frame[columns.language]) if columns.language else None
    if unknown:
        _warn_of_unknown_languages(columns.language, unknown)
    with warnings.catch_warnings():  # said above, by column and rows, as `tag` says it
        warnings.filterwarnings("ignore", re.escape(UNKNOWN_DECLARED), DataWarning)
        languages = detect_languages(
            frame[columns.texts[0]].tolist(),
            frame[columns.language].tolist() if columns.language else None,
            frame[columns.respondent].tolist() if columns.respondent else None,
        )
    for row, language in enumerate(languages, 1):
        show(f"{row}\t{language}")
