"""The `classifier` command line: tag, needs, train, evaluate, languages.

Every failure a user can cause (a missing column, an unreadable file, unknown
ids, a model that does not match the data) ends with one sentence on stderr
and exit status 2, never a traceback. `--debug` shows the traceback of an
unexpected error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

EXIT_USAGE = 2
EXIT_INTERNAL = 1


class CommandError(Exception):
    """A user-facing error: printed as one sentence, exit status 2."""


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _user_errors() -> tuple[type[BaseException], ...]:
    """Exception types that are the user's input problem, not a bug."""
    from .card import ModelFileError
    from .codebook import CodebookError
    from .data import TrainingDataError
    from .model import LabelError
    from .tables import TableError
    from .tagging import ColumnError

    return (CommandError, TableError, ColumnError, TrainingDataError, CodebookError,
            ModelFileError, LabelError, FileNotFoundError, PermissionError, IsADirectoryError)


# ----------------------------------------------------------------- commands
def cmd_tag(args: argparse.Namespace) -> None:
    """Tag every answer of a survey export and write it with prediction columns."""
    from .bulk import iter_chunks, resolve_columns, tag_file
    from .model import ThemeClassifier
    from .tables import check_output_path

    output = check_output_path(args.output, args.input)
    first = next(iter_chunks(Path(args.input), args.sheet, args.encoding, rows=200))
    columns = resolve_columns(first, args.text_column, args.respondent_column,
                              args.language_column, args.id_column, args.score_column,
                              args.segment_column)
    _log(columns.describe())
    model = ThemeClassifier.load(args.model)
    summary = tag_file(model, Path(args.input), output, columns, sheet=args.sheet,
                       encoding=args.encoding, min_respondents=args.min_respondents, log=_log)
    if summary.duplicate_ids:
        shown = ", ".join(sorted(set(summary.duplicate_ids))[:5])
        _log(f"warning: {len(summary.duplicate_ids)} duplicated id(s) in {columns.id} "
             f"({shown}...); every row was kept and tagged")
    if summary.truncated:
        _log(f"warning: {summary.truncated} answer(s) longer than 10,000 characters were "
             "classified on their first 10,000 characters; the full text is kept")
    languages = ", ".join(f"{k}: {v}" for k, v in sorted(summary.languages.items()))
    _log(f"tagged {summary.rows} rows x {len(columns.texts)} question(s) ({languages}); "
         f"needs: {summary.needs} ({summary.recurring} recurring with {args.min_respondents}+ "
         f"respondents) in {summary.seconds:.1f} s -> {output}")


def cmd_needs(args: argparse.Namespace) -> None:
    """List the needs of a tagged file, largest first, recurring then one-off."""
    from .bulk import guess_text_column
    from .model import ThemeClassifier
    from .needs import find_needs
    from .tables import check_output_path, read_table, write_table
    from .tagging import require_column

    frame = read_table(args.input, sheet=args.sheet, encoding=args.encoding)
    text_column = args.text_column[0] if args.text_column else guess_text_column(frame)
    require_column(frame, text_column)
    if args.respondent_column:
        require_column(frame, args.respondent_column, "respondent")
    model = ThemeClassifier.load(args.model)
    result = find_needs(frame, model=model, text_column=text_column,
                        respondent_column=args.respondent_column,
                        min_respondents=args.min_respondents)
    table = result.to_frame()
    if args.output:
        write_table(table, check_output_path(args.output, args.input))
        _log(f"{len(table)} needs -> {args.output}")
        return
    for need in result.needs:
        quotes = " | ".join(f"[{lang}] {quote}" for lang, quote in need.quotes.items())
        print(f"{need.id}\t{need.recurrence}\t{need.respondents} respondent(s)\t"
              f"{','.join(need.languages)}\t{','.join(need.themes)}\t{need.label}\t{quotes}")


def cmd_train(args: argparse.Namespace) -> None:
    """Train a model on labeled files, evaluate it on --test, save it with its card."""
    from .codebook import Codebook
    from .data import load_labeled
    from .evaluation import evaluate_model, format_metrics
    from .model import ThemeClassifier

    codebook = Codebook.load(args.codebook)
    output = Path(args.output)
    if not output.parent.exists():
        raise CommandError(f"output directory {output.parent} does not exist")
    data = load_labeled(args.data, codebook)
    test = load_labeled([args.test], codebook) if args.test else None
    _log(f"training on {len(data)} answers ({', '.join(args.data)})")
    started = time.perf_counter()
    model = ThemeClassifier(codebook=codebook).fit(
        data["text"].tolist(), data["themes"].tolist(),
        stances=data["stance"].tolist(),
        languages=data["language"].tolist(),
        respondents=data["respondent"].tolist(),
    )
    card = {"training_seconds": round(time.perf_counter() - started, 1),
            "training_files": [Path(p).name for p in args.data]}
    if test is not None:
        metrics = evaluate_model(model, test)
        card["test"] = {"file": Path(args.test).name, **metrics}
        print(format_metrics(metrics))
    path = model.save(output, card)
    _log(f"saved {path} and its card in {card['training_seconds']} s of training")


def cmd_evaluate(args: argparse.Namespace) -> None:
    """Print the model's scores on a labeled file."""
    from .data import load_labeled
    from .evaluation import evaluate_model, format_metrics
    from .model import ThemeClassifier

    model = ThemeClassifier.load(args.model)
    data = load_labeled([args.data], model.codebook_)
    metrics = evaluate_model(model, data)
    print(json.dumps(metrics, indent=2) if args.json else format_metrics(metrics))


def cmd_languages(args: argparse.Namespace) -> None:
    """Print the detected language of each row."""
    from .bulk import guess_text_column
    from .language import detect_languages
    from .tables import read_table
    from .tagging import require_column

    frame = read_table(args.input, sheet=args.sheet, encoding=args.encoding)
    text_column = args.text_column[0] if args.text_column else guess_text_column(frame)
    require_column(frame, text_column)
    languages = detect_languages(
        frame[text_column].tolist(),
        frame[args.language_column].tolist() if args.language_column else None,
        frame[args.respondent_column].tolist() if args.respondent_column else None,
    )
    for row, language in enumerate(languages, 1):
        print(f"{row}\t{language}")


# ------------------------------------------------------------------ parser
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
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_input_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--text-column", action="append", metavar="COL",
                         help="column holding the answers (default: 'text'/'answer' or the "
                         "longest text column)" + ("; repeat it to tag several questions, "
                         "each getting its own prefixed output columns"
                         if sub.prog.endswith(" tag") else ""))
        sub.add_argument("--language-column", help="declared (questionnaire) language per row; "
                         "wins over detection when it is fr/en/es")
        sub.add_argument("--respondent-column", help="respondent id per row; short answers take "
                         "the language of the respondent's longer answers")
        sub.add_argument("--sheet", help="XLSX sheet to read (default: the first)")
        sub.add_argument("--encoding", help="CSV encoding (default: detected)")

    tag = commands.add_parser("tag", help="tag a CSV/XLSX/JSONL file of answers",
                              description="Write every input row and column plus language, "
                              "themes (';'-joined), stance, one score_<theme> column per "
                              "theme, need_ids, need_respondents and recurrence. With several "
                              "--text-column, each question's columns are prefixed with its "
                              "name. Columns not given are guessed from conventional names and "
                              "logged. The output format follows OUTPUT's extension.")
    tag.add_argument("input", metavar="INPUT")
    tag.add_argument("-o", "--output", required=True, metavar="OUTPUT")
    tag.add_argument("--model", help="model file (default: the shipped model)")
    tag.add_argument("--min-respondents", type=positive_int, default=2, metavar="N",
                     help="respondents a need must have to be 'recurring' (default: 2)")
    tag.add_argument("--id-column", help="answer/response id (duplicates are reported)")
    tag.add_argument("--score-column", help="0-10 recommendation score (kept; used by report)")
    tag.add_argument("--segment-column", action="append", metavar="COL",
                     help="segment such as region or member type (repeatable; used by report)")
    add_input_options(tag)
    tag.set_defaults(handler=cmd_tag)

    train = commands.add_parser("train", help="train a model on labeled answers",
                                description="Train on labeled files (columns text, themes; "
                                "optional id, respondent, language, stance, need), save the "
                                "model and its card (MODEL.card.json).")
    train.add_argument("data", nargs="+", metavar="DATA")
    train.add_argument("-o", "--output", required=True, metavar="MODEL")
    train.add_argument("--codebook", help="codebook YAML (default: the shipped codebook)")
    train.add_argument("--test", help="labeled test file scored after training")
    train.set_defaults(handler=cmd_train)

    evaluate = commands.add_parser("evaluate", help="score a model on labeled answers",
                                   description="Print micro-F1, macro-F1, per-theme "
                                   "precision/recall/F1, per-language micro-F1 and stance "
                                   "accuracy.")
    evaluate.add_argument("data", metavar="DATA")
    evaluate.add_argument("--model", help="model file (default: the shipped model)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.set_defaults(handler=cmd_evaluate)

    needs = commands.add_parser("needs", help="list the needs of a tagged file",
                                description="Group the requests and criticisms of a file "
                                "tagged by `classifier tag` into needs across languages and "
                                "list them, largest first, recurring then one-off. Without -o, "
                                "print one tab-separated line per need.")
    needs.add_argument("input", metavar="TAGGED")
    needs.add_argument("-o", "--output", metavar="NEEDS", help="write the needs table "
                       "(.csv, .xlsx or .jsonl)")
    needs.add_argument("--model", help="model file (default: the shipped model)")
    needs.add_argument("--min-respondents", type=positive_int, default=2, metavar="N",
                       help="respondents a need must have to be 'recurring' (default: 2)")
    add_input_options(needs)
    needs.set_defaults(handler=cmd_needs)

    languages = commands.add_parser("languages", help="print the detected language per row",
                                    description="Print 'row<TAB>language' (fr, en, es or und).")
    languages.add_argument("input", metavar="INPUT")
    add_input_options(languages)
    languages.set_defaults(handler=cmd_languages)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `classifier` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.handler(args)
    except _user_errors() as error:
        message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        if isinstance(error, OSError) and error.filename:
            message = f"{error.filename}: {message}"
        print(f"classifier: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("classifier: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # an unexpected failure: one line unless --debug
        if args.debug:
            raise
        print(f"classifier: internal error: {type(error).__name__}: {error} "
              "(run with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL
    return 0


if __name__ == "__main__":
    sys.exit(main())
