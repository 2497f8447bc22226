"""The `classifier` command's arguments: one subcommand per job, each with its handler."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence

from .. import __version__
from ..io.files import user_path
from ..vocab import DEFAULT_MIN_RESPONDENTS, DEFAULT_REVIEW_ANSWERS, LANGUAGES
from .needs import cmd_needs, cmd_review
from .report import cmd_report
from .tagging import cmd_explain, cmd_languages, cmd_tag
from .training import cmd_convert, cmd_evaluate, cmd_models, cmd_promote, cmd_train


def positive_int(value: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose usage errors say what was meant, as its subcommands' parsers
    (argparse makes them of the parent's class) do.

    An option it does not know is refused under the usage of the command it was given to,
    with the option of that command it is close to (`--text_column`, the Python API's
    spelling, or `--text-columns`: "did you mean --text-column?"); argparse refused it
    under the usage of `classifier` itself, naming no option. A positional argument found
    missing while a value starting with '-' was given (`explain "-frais"`, a bulleted
    answer, read as an option) says to put `--` before it; a missing command lists the
    commands. `--debug` is taken after the command as well as before it.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.option_names: list[str] = []  # `-o`, `--output`: for hints
        self.commands: dict[str, CommandParser] = {}  # set on the top-level parser
        self._given: list[str] = []
        super().__init__(*args, **kwargs)

    def add_argument(self, *names, **kwargs):
        """`ArgumentParser.add_argument`, its option names kept for the hints."""
        self.option_names.extend(name for name in names if name.startswith("-"))
        return super().add_argument(*names, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        """`ArgumentParser.parse_known_args`, the arguments kept for the error's hints."""
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):
        """`ArgumentParser.parse_args`, arguments it does not know refused by the command
        they were given to, with the options meant. `--debug` is taken after the command
        too (`classifier tag ... --debug`), where argparse refused it."""
        parsed, extras = self.parse_known_args(args, namespace)
        if self.commands and DEBUG in extras:
            # after the command, where an error's "(run with --debug for details)" has it added
            extras = [argument for argument in extras if argument != DEBUG]
            parsed.debug = True
        if extras:
            command = self.commands.get(getattr(parsed, "command", None) or "", self)
            command.error(f"unrecognized arguments: {' '.join(extras)}{command.meant(extras)}")
        return parsed

    def meant(self, given: Sequence[str]) -> str:
        """'; did you mean --text-column?' for each of `given` close to an option of this
        parser (case, '_' for '-' and small typos), or ''."""
        hints = []
        long_names = [name for name in self.option_names if name.startswith("--")]
        for argument in given:
            if not argument.startswith("--"):
                continue
            name = argument.split("=", 1)[0]
            spelled = name.replace("_", "-").lower()
            close = (
                [spelled]
                if spelled in self.option_names
                else difflib.get_close_matches(spelled, long_names, n=1, cutoff=0.75)
            )
            if close:
                hints.append(f"{name}: did you mean {close[0]}?")
        return "; " + "; ".join(hints) if hints else ""

    def error(self, message: str):
        """`ArgumentParser.error` (usage, message, exit status 2), with a hint for a
        missing positional argument or command."""
        if message.startswith("the following arguments are required"):
            if self.commands and "COMMAND" in message:
                message += f"; one of {', '.join(self.commands)} (`classifier COMMAND --help`)"
            dashed = self._read_as_options()
            if dashed:
                message += (
                    f"; {dashed[0]!r} was read as an option: to give it as a value, put -- "
                    f"before it ({self.prog} -- {dashed[0]!r})"
                )
        super().error(message)

    def _read_as_options(self) -> list[str]:
        """The arguments given that argparse read as options this parser does not have (a
        value starting with '-'): not a name or the start of a name of its options, a
        negative number, or a value holding a space, which argparse reads as values."""
        found = []
        for value in self._given:
            if value == "--":
                break
            name = value.split("=", 1)[0]
            if (
                not value.startswith("-")
                or value == DEBUG  # taken after the command too
                or " " in value
                or _NEGATIVE_NUMBER.fullmatch(value)
                or name in self.option_names
                or (name.startswith("--") and any(o.startswith(name) for o in self.option_names))
            ):
                continue
            found.append(value)
        return found


# The option of `classifier` itself that a command takes after its name as well.
DEBUG = "--debug"
# What argparse reads as a negative number, not an option (its `_negative_number_matcher`).
_NEGATIVE_NUMBER = re.compile(r"-\d+|-\d*\.\d+")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = CommandParser(
        prog="classifier",
        description="Tag open-ended survey answers (fr/en/es) with codebook themes and a stance.",
    )
    parser.add_argument(DEBUG, action="store_true", help="show the traceback of any error")
    parser.add_argument("--version", action="version", version=f"classifier {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_model_options(sub: argparse.ArgumentParser, help_text: str) -> None:
        sub.add_argument("--model", type=user_path, help=help_text)
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
            help="write CSV cells unchanged and numbers with a decimal point, for programs: "
            "by default a text cell starting with = + - @ (a formula for Excel) gets a "
            "leading ', and a ';'-separated output writes a decimal comma",
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
        sub.add_argument(
            "--language-column",
            help="declared (questionnaire) language per row; "
            + (
                "wins over detection when it is fr/en/es"
                if language
                # `report` reads each answer's language from the tagged columns
                else "the one `tag` was given, so the page can say the answers' languages "
                "are that column's (default: found by name; '' for none)"
            ),
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
        sub.add_argument(
            "--encoding", help="CSV or JSONL encoding (default: detected for CSV, UTF-8 for JSONL)"
        )

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
    tag.add_argument("input", type=user_path, metavar="INPUT")
    tag.add_argument("-o", "--output", type=user_path, required=True, metavar="OUTPUT")
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
    tag.add_argument(
        "--question-kind",
        action="append",
        metavar="COL=KIND",
        help="what a text column's question asks (repeatable): strengths (what do we do "
        "well?), improvements (what should we improve?) or open (the default); its terse "
        "answers are read as its kind gives most answers: q_strengths=strengths",
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
    train.add_argument("data", nargs="+", type=user_path, metavar="DATA")
    train.add_argument(
        "-o", "--output", type=user_path, metavar="MODEL", help="model file to write"
    )
    train.add_argument(
        "--registry",
        type=user_path,
        metavar="DIR",
        help="instead of -o: save as the next "
        "version DIR/<codebook name>/vNNN/ with deltas against DIR/default",
    )
    train.add_argument(
        "--codebook", type=user_path, help="codebook YAML (default: the shipped codebook)"
    )
    train.add_argument(
        "--test",
        type=user_path,
        help="labeled test file scored after training (required with --registry)",
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
    review.add_argument("input", type=user_path, metavar="TAGGED")
    review.add_argument("-o", "--output", type=user_path, required=True, metavar="REVIEW")
    review.add_argument(
        "--n",
        type=positive_int,
        help=f"answers to pick (default: {DEFAULT_REVIEW_ANSWERS}; not with --needs)",
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
    report.add_argument("input", type=user_path, metavar="TAGGED")
    report.add_argument("-o", "--output", type=user_path, required=True, metavar="REPORT_HTML")
    report.add_argument(
        "--xlsx", type=user_path, metavar="WORKBOOK", help="also write the tables as sheets"
    )
    report.add_argument(
        "--compare",
        type=user_path,
        metavar="PREVIOUS_TAGGED",
        help="last consultation's tagged file, same layout",
    )
    report.add_argument(
        "--compare-sheet",
        metavar="SHEET",
        help="XLSX sheet of the --compare file (default: its first visible one)",
    )
    report.add_argument(
        "--compare-encoding",
        metavar="ENCODING",
        help="CSV encoding of the --compare file (default: detected)",
    )
    report.add_argument(
        "--compare-text-column",
        action="append",
        metavar="COL",
        help="the question's column in the --compare file when it is named otherwise "
        "(repeat it: one per question, in order)",
    )
    report.add_argument(
        "--compare-respondent-column",
        metavar="COL",
        help="respondent id column of the --compare file (default: this year's name, else "
        "found by its conventional name; '' for none)",
    )
    report.add_argument(
        "--compare-score-column",
        metavar="COL",
        help="0-10 score column of the --compare file (default: this year's name, else found "
        "as tag finds it; '' for none)",
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
    report.add_argument(
        "--codebook", type=user_path, help="codebook YAML for theme labels (default: shipped)"
    )
    report.add_argument(
        "--question-label",
        action="append",
        metavar="COL=LABEL",
        help='name a question on the page (repeatable): q_improve="What should we improve?" '
        "(default: the column's name)",
    )
    report.add_argument(
        "--segment-label",
        action="append",
        metavar="COL=LABEL",
        help='name a segment column on the page (repeatable): region="Región" '
        "(default: the column's name)",
    )
    add_input_options(report, language=False)
    report.set_defaults(handler=cmd_report)

    models = commands.add_parser(
        "models",
        help="list registered model versions",
        description="List every version under the registry with its "
        "test scores and mark the default; with VERSION, show that version's per-theme and "
        "per-language test figures and their changes against the version it was compared with.",
    )
    models.add_argument(
        "version",
        nargs="?",
        metavar="VERSION",
        help="a version to show in detail (v002 or name/v002, as listed)",
    )
    models.add_argument(
        "--registry",
        type=user_path,
        default="models",
        metavar="DIR",
        help="registry directory (default: models)",
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
        "--registry",
        type=user_path,
        default="models",
        metavar="DIR",
        help="registry directory (default: models)",
    )
    promote.add_argument("--force", action="store_true", help="promote despite the guard")
    promote.set_defaults(handler=cmd_promote)

    explain = commands.add_parser(
        "explain",
        help="why the model tags a text as it does",
        description="For each assigned theme and each close miss, "
        "show the words and phrases that pushed its score; for a request or criticism, "
        "its closest catalogue needs and whether `tag` would match it to one.",
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
    evaluate.add_argument("data", type=user_path, metavar="DATA")
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
    needs.add_argument("input", type=user_path, metavar="TAGGED", nargs="?")
    needs.add_argument(
        "-o",
        "--output",
        type=user_path,
        metavar="NEEDS",
        help="write the needs table (.csv, .xlsx or .jsonl); with --update-catalogue, the "
        "folder for the updated catalogue, codebook and answers",
    )
    needs.add_argument(
        "--update-catalogue",
        type=user_path,
        metavar="SHEET",
        help="read an edited `classifier review --needs` workbook: add the confirmed needs to "
        "the catalogue and write it, a codebook naming it and the answers with their final "
        "needs (training data) to the -o folder",
    )
    needs.add_argument(
        "--codebook", type=user_path, help="codebook whose catalogue is updated (default: shipped)"
    )
    needs.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help="language of the catalogue needs' labels (default: en)",
    )
    add_model_options(needs, "model file (default: the shipped model)")
    add_raw_csv(needs)
    needs.add_argument(
        "--min-respondents",
        type=positive_int,
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
    languages.add_argument("input", type=user_path, metavar="INPUT")
    add_input_options(languages)
    languages.set_defaults(handler=cmd_languages)

    convert = commands.add_parser(
        "convert",
        help="save a model file again in the safe format",
        description="Load MODEL (a legacy joblib file needs --trust-model: it can run code "
        "when loaded) and save it as OUTPUT.npz, the format that cannot run code, with its "
        "card and content hash. Predictions are unchanged.",
    )
    convert.add_argument("input", type=user_path, metavar="MODEL")
    convert.add_argument("-o", "--output", type=user_path, required=True, metavar="OUTPUT")
    convert.add_argument(
        "--trust-model",
        action="store_true",
        help="load a legacy joblib/pickle file: only one whose source you trust",
    )
    convert.set_defaults(handler=cmd_convert)
    parser.commands = dict(commands.choices)
    return parser
