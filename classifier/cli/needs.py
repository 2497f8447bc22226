"""`classifier needs` and `review`: a tagged file's needs, review sheets, catalogue updates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CommandError
from ..vocab import DEFAULT_MIN_RESPONDENTS, DEFAULT_REVIEW_ANSWERS
from .common import folded, input_dialect, log, one_question, read_input, show

if TYPE_CHECKING:
    import pandas as pd


def cmd_needs(args: argparse.Namespace) -> None:
    """List the needs of a tagged file: catalogue needs, then new ones, recurring first."""
    from ..io.files import check_output_path
    from ..io.tables import write_table
    from ..model.estimator import ThemeClassifier
    from ..needs.grouping import find_needs
    from ..needs.result import CATALOGUE, NEW

    if args.update_catalogue:
        if args.input:
            raise CommandError(
                f"give a tagged file ({args.input}) to list its needs, or --update-catalogue "
                "SHEET, not both"
            )
        _refuse_listing_options(args)
        _update_catalogue(args)
        return
    if not args.input:
        raise CommandError("give a tagged file to list its needs, or --update-catalogue SHEET")
    if args.codebook:
        # Ignored, it would list the model's needs as if they were that codebook's (the
        # needs an update added, which only a model trained with it finds).
        raise CommandError(
            f"--codebook {args.codebook} is the codebook --update-catalogue updates: the needs "
            "of a tagged file are grouped with the catalogue of the model (--model), so give "
            "the model trained with that codebook instead, and leave --codebook out"
        )
    output = check_output_path(args.output, args.input) if args.output else None
    frame, columns = read_input(args)
    one_question(columns.texts, "lists the needs")
    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    result = find_needs(
        frame,
        model=model,
        text_column=columns.texts[0],
        respondent_column=columns.respondent,
        language_column=columns.language,
        min_respondents=(
            DEFAULT_MIN_RESPONDENTS if args.min_respondents is None else args.min_respondents
        ),
    )
    language = args.lang or "en"
    table = result.to_frame(language)
    # Catalogue needs, then new ones, as on screen (each kind keeps the result's order).
    table = table.sort_values("kind", key=lambda kind: kind != CATALOGUE, kind="stable")
    if output is not None:
        write_table(table, output, input_dialect(args), raw=args.raw_csv)
        log(f"{len(table)} needs -> {args.output}")
        return
    for kind, heading in (
        (CATALOGUE, "catalogue needs"),
        (NEW, "new needs (not in the catalogue)"),
    ):
        show(f"# {heading}")
        for need in (n for n in result.needs if n.kind == kind):
            # One line per need: the line breaks and tabs of members' words (a new need's
            # label is a quote) would cut the listing.
            quotes = " | ".join(f"[{lang}] {folded(q)}" for lang, q in need.quotes.items())
            show(
                f"{need.id}\t{'recurring' if need.recurring else 'unique'}\t"
                f"{need.respondents} respondent(s)\t{','.join(need.languages)}\t"
                f"{','.join(need.themes)}\t{folded(need.label_in(language))}\t{quotes}"
            )


def cmd_review(args: argparse.Namespace) -> None:
    """Write the answers most worth a human look to an editable sheet."""
    from ..io.files import check_output_path
    from ..jobs.review import language_key, select_for_review, write_review
    from ..model.estimator import ThemeClassifier

    if args.needs:
        _check_needs_review_options(args)
    output = check_output_path(args.output, args.input)
    tagged, columns = read_input(args)
    _check_unique_ids(tagged, columns.id)
    model = ThemeClassifier.load(args.model, trusted=args.trust_model)
    if args.needs:
        _review_needs(model, tagged, columns, args, output)
        return
    answers = DEFAULT_REVIEW_ANSWERS if args.n is None else args.n
    sheet = select_for_review(
        model, tagged, columns.texts[0], answers, columns.id, columns.respondent
    )
    write_review(sheet, model.codebook_, output, input_dialect(args), raw=args.raw_csv)
    languages = sorted(
        sheet["language"].map(language_key).replace("", "no language").value_counts().items()
    )
    log(
        f"{len(sheet)} answers to review "
        f"({', '.join(f'{k}: {v}' for k, v in languages)}) -> {output}"
    )


def _check_needs_review_options(args: argparse.Namespace) -> None:
    """Refuse, before any work, what `review --needs` would ignore or refuse only once the
    needs are grouped: `--n` and `--raw-csv` (they pick and write the review sheet of
    themes: ignored, `--needs --n 20` wrote every ask to review without a word), and an
    output that is no .xlsx workbook."""
    from ..needs.review import check_needs_sheet_path

    given = [
        option
        for option, value in (("--n", args.n), ("--raw-csv", args.raw_csv))
        if value not in (None, False)
    ]
    if given:
        raise CommandError(
            "--needs writes every new need and uncertain match and uses no "
            f"{', '.join(given)} (they pick and write the review sheet of themes, without "
            "--needs): leave them out"
        )
    check_needs_sheet_path(Path(args.output))


def _check_unique_ids(tagged: pd.DataFrame, id_column: str | None) -> None:
    """Refuse an id column that gives one id to several answers: the review sheet is read
    back (by `train`, or `needs --update-catalogue`) answer by answer through its ids."""
    if not id_column:
        return
    from ..codebook import format_places
    from ..io.labeled import repeated_ids

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
    from ..io.layout import prediction_column, tagged_min_respondents
    from ..needs.grouping import find_needs
    from ..needs.review import needs_sheet, write_needs_sheet

    one_question(columns.texts, "reviews the needs")
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
    log(f"{len(sheet.new_needs)} new needs and {len(sheet.answers)} answers to review -> {output}")


def _refuse_listing_options(args: argparse.Namespace) -> None:
    """Refuse the options of a listing given with --update-catalogue, which reads a needs
    sheet and uses none of them (no tagged file to read, no model to group with, no needs
    to count or label): ignored, `needs --update-catalogue SHEET --model retrained.npz`
    would look as if it had used that model."""
    given = [
        option
        for option, value in (
            ("--model", args.model),
            ("--trust-model", args.trust_model),
            ("--lang", args.lang),
            ("--min-respondents", args.min_respondents),
            ("--raw-csv", args.raw_csv),
            ("--text-column", args.text_column),
            ("--language-column", args.language_column),
            ("--respondent-column", args.respondent_column),
            ("--sheet", args.sheet),
            ("--encoding", args.encoding),
        )
        if value not in (None, False)
    ]
    if given:
        raise CommandError(
            f"--update-catalogue reads the needs sheet alone and uses none of {', '.join(given)} "
            "(they list a tagged file's needs): leave them out; the update needs -o DIR and, "
            "for a catalogue other than the shipped one, --codebook"
        )


def _update_catalogue(args: argparse.Namespace) -> None:
    """Read an edited needs sheet back: add confirmed needs, write catalogue and answers."""
    from ..codebook import Codebook, codebook_path
    from ..needs.review import apply_needs_sheet, read_needs_sheet, write_update

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
    change = (
        f"{added} need(s) added (catalogue version {catalogue.version})"
        if added
        else f"no need added: the catalogue is unchanged (version {catalogue.version})"
    )
    log(
        f"{change}; wrote "
        + ", ".join(str(path) for path in written)
        + f"; retrain with `classifier train ... {written[2]} --codebook {written[1]}`"
    )
