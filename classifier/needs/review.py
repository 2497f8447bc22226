"""The needs sheet: staff confirm, rename, merge or skip needs the tool found, and the
catalogue and the model learn them.

`classifier review --needs` writes a workbook with three sheets:

- `answers` (first, so `classifier train` reads it as labeled data): the asks
  of new needs, the uncertain matches and the unique requests (asks of a
  catalogue need no other respondent raised, however sure the match: the
  consultation's question is which asks are one-off, and a shared need split
  over two catalogue needs shows there), with the tool's need, its
  confidence, the closest catalogue need and an editable `need` column;
- `new needs`: one row per need the catalogue does not have (candidates raised
  by several respondents, and unique requests), with quotes, the closest
  catalogue need and editable `decision` (`add`, `merge` or empty),
  `need_id`, labels, themes and scope;
- `catalogue`: the current needs, for reference.

`classifier needs --update-catalogue SHEET -o DIR` reads it back: `add` rows
become catalogue needs, `merge` rows send their asks to an existing need, and
every ask's `need` is rewritten with the final ids; DIR receives the updated
catalogue, a codebook that names it, and the answers as training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..catalogue import CatalogueNeed, NeedsCatalogue
from ..codebook import DEFAULT_CODEBOOK, Codebook, catalogue_file, format_places
from ..errors import ClassifierError, ColumnError, TableError
from ..io.files import atomic_write, atomic_write_text, check_output_path, same_file
from ..io.labeled import check_languages, repeated_ids, schema_names
from ..io.layout import answer_ids
from ..io.tables import read_table, table_format, text_cells_stay_text, write_table, xlsx_sheets
from ..io.xlsx_rows import hidden_rows
from ..vocab import LANGUAGES, SNAKE_CASE_ID, is_blank, split_ids
from . import reference
from .result import NEW, NeedsResult

# A match whose confidence is below this is listed for review.
UNCERTAIN = 0.5
ANSWER_COLUMNS = [
    "id",
    "respondent",
    "language",
    "text",
    "themes",
    "stance",
    "tool_need",
    "confidence",
    "closest_need",
    "need",
    "comment",
]
NEW_NEED_COLUMNS = [
    "candidate",
    "respondents",
    "answers",
    "languages",
    "quotes",
    "closest_need",
    "closest_label",
    "decision",
    "need_id",
    "label_en",
    "label_fr",
    "label_es",
    "themes",
    "scope",
]
DECISIONS = ("add", "merge", "")
# The cells of 'new needs' that only staff fill in, for a decision (`themes` is the tool's).
EDITED_COLUMNS = ("need_id", "label_en", "label_fr", "label_es", "scope")


@dataclass(frozen=True)
class NeedsSheet:
    """The two editable sheets of a needs review, and its reference sheet 'catalogue' as
    read back (None when written, or when that sheet was deleted)."""

    answers: pd.DataFrame
    new_needs: pd.DataFrame
    reference: pd.DataFrame | None = None


def needs_sheet(
    result: NeedsResult,
    tagged: pd.DataFrame,
    text_column: str,
    catalogue: NeedsCatalogue | None,
    *,
    id_column: str | None = None,
    respondent_column: str | None = None,
    themes: list[str],
    stances: list[str],
    languages: list[str],
) -> NeedsSheet:
    """The sheets for `result` on the tagged answers (`themes`, `stances`, `languages`: the
    tagged file's predictions, one per row). The answers are sorted by the tool's need, then
    text: a candidate's answers are read together, and the same rows in another order give
    the same sheet."""
    new = {need.id: need for need in result.needs if need.kind == NEW}
    unique = {need.id for need in result.needs if not need.recurring}
    ids = answer_ids(tagged, text_column, id_column)
    rows = []
    for answer, needs in enumerate(result.answer_needs):
        if not needs:
            continue
        confidence = result.match_confidence[answer]
        settled = confidence is None or confidence >= UNCERTAIN
        if needs[0] not in new and needs[0] not in unique and settled:
            continue
        rows.append(
            {
                "row": answer + 2,  # in the tagged file, as a spreadsheet numbers it
                "id": ids[answer],
                "respondent": tagged[respondent_column].iloc[answer] if respondent_column else "",
                "language": languages[answer],
                "text": tagged[text_column].iloc[answer],
                "themes": themes[answer],
                "stance": stances[answer],
                "tool_need": needs[0],
                "confidence": round(confidence, 3) if confidence is not None else "",
                "closest_need": result.closest_need[answer] or "",
                "need": needs[0],
                "comment": "",
            }
        )
    _refuse_answers_without_id(rows, id_column)
    # Each candidate's answers together, in an order that does not depend on the rows'.
    answers = pd.DataFrame(rows, columns=ANSWER_COLUMNS).sort_values(
        ["tool_need", "text", "respondent", "language", "id"], kind="stable", ignore_index=True
    )
    candidates = [
        {
            "candidate": need.id,
            "respondents": need.respondents,
            "answers": need.answers,
            "languages": ";".join(need.languages),
            "quotes": " | ".join(need.quotes.values()),
            "closest_need": need.closest or "",
            "closest_label": catalogue.label(need.closest) if catalogue and need.closest else "",
            "decision": "",
            "need_id": "",
            "label_en": "",
            "label_fr": "",
            "label_es": "",
            "themes": ";".join(need.themes),
            "scope": "",
        }
        for need in new.values()
    ]
    return NeedsSheet(answers, pd.DataFrame(candidates, columns=NEW_NEED_COLUMNS))


def _refuse_answers_without_id(rows: list[dict], id_column: str | None) -> None:
    """Raise ClassifierError naming the tagged file's rows whose answer the sheet would list
    with an empty `id_column` cell: reading the sheet back refuses an answer without an id."""
    empty = [f"row {row['row']}" for row in rows if is_blank(row["id"])]
    if empty:
        raise ClassifierError(
            f"the id column {id_column} is empty for answers the needs sheet lists "
            f"({format_places(empty)}): the sheet is read back by id, so give an --id-column "
            "with one id per answer, or --id-column '' (the sheet then numbers the answers)"
        )


def check_needs_sheet_path(path: Path) -> None:
    """Raise TableError when `path` names no .xlsx workbook: a needs sheet has three sheets."""
    if Path(path).suffix.lower() != ".xlsx":
        raise TableError(f"{path}: a needs sheet is an .xlsx workbook (it has three sheets)")


def write_needs_sheet(sheet: NeedsSheet, catalogue: NeedsCatalogue | None, path: Path) -> None:
    """Write the workbook (answers, new needs, catalogue), atomically; .xlsx only."""
    check_needs_sheet_path(path)
    sheets = xlsx_sheets(
        {
            "answers": sheet.answers,
            "new needs": sheet.new_needs,
            reference.SHEET: reference.reference_frame(catalogue),
        },
        path,
        advice="the needs workbook cannot hold them whole, and its answers become training "
        "data: shorten those answers in the tagged file, or leave their rows out",
        kept_by="the tagged file",
    )

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                text_cells_stay_text(writer.sheets[name])

    atomic_write(path, write)


def read_needs_sheet(path: str | Path) -> NeedsSheet:
    """The edited sheets of a needs workbook (columns checked, every cell as text)."""
    if table_format(Path(path)) != "xlsx":
        raise TableError(
            f"{path} is not a needs sheet: that is the .xlsx workbook `classifier review "
            "--needs` writes (sheets 'answers' and 'new needs')"
        )
    sheets = {}
    for name, required in (
        ("answers", ("id", "text", "themes", "stance", "tool_need", "need")),
        (
            "new needs",
            ("candidate", "decision", "need_id", "label_en", "label_fr", "label_es", "themes"),
        ),
    ):
        # a header retyped in the spreadsheet (`Need `, `Decision`) is read as `train`
        # reads a review sheet's
        schema = ANSWER_COLUMNS if name == "answers" else NEW_NEED_COLUMNS
        frame = schema_names(read_table(path, sheet=name), f"{path}, sheet {name!r}", schema)
        missing = [column for column in required if column not in frame.columns]
        if missing:
            raise ColumnError(
                f"{path}, sheet {name!r}: missing column(s) {', '.join(missing)} (columns "
                f"found: {', '.join(map(str, frame.columns)) or 'none'}); give the needs "
                "sheet `classifier review --needs` wrote"
            )
        sheets[name] = frame
    _refuse_hidden_answers(Path(path), sheets["answers"])
    if "scope" not in sheets["new needs"].columns:
        sheets["new needs"]["scope"] = ""
    return NeedsSheet(sheets["answers"], sheets["new needs"], reference.read_reference(path))


def refuse_undone_decisions(paths: Sequence[str | Path], codebook: str | Path | None) -> None:
    """Raise ClassifierError when a training file is a needs sheet whose 'new needs' has
    decisions (`add`, `merge`): `classifier train` reads its first sheet, `answers`, as
    labeled data, so the decisions would not be applied. A merged candidate's answers
    would train under its `new-` id, as a unique request, and an added need would not be
    in the catalogue, without a word; `needs --update-catalogue` applies them.
    `codebook` is the training's `--codebook` (None: the shipped one), which the update
    needs too and whose name the codebook it writes takes."""
    for path in paths:
        if table_format(Path(path)) != "xlsx":
            continue
        try:
            new_needs = read_table(path, sheet="new needs")
        except TableError:  # no such sheet: not a needs sheet
            continue
        if "decision" not in (columns := schema_names(new_needs, path, NEW_NEED_COLUMNS)):
            continue
        decided = [
            f"row {row}: {value.strip()}"
            for row, value in enumerate(columns["decision"], start=2)
            if value.strip()
        ]
        if decided:
            given = f" --codebook {codebook}" if codebook is not None else ""
            raise ClassifierError(
                f"{path} is a needs sheet with decisions in sheet 'new needs' "
                f"({format_places(decided)}) that training does not apply: it reads the "
                "sheet 'answers' only, so merged candidates' answers would train under their "
                "`new-` ids as unique requests and added needs would be outside the "
                f"catalogue. Apply them first: `classifier needs --update-catalogue {path} -o "
                f"DIR{given}`, then train on DIR/needs_answers.csv --codebook "
                f"DIR/{Path(codebook).name if codebook is not None else DEFAULT_CODEBOOK}"
            )


def _refuse_hidden_answers(path: Path, answers: pd.DataFrame) -> None:
    """Raise ClassifierError naming the rows of sheet 'answers' a spreadsheet hides (a
    filter on one candidate, or rows hidden by hand): every row becomes a training answer
    of `needs_answers.csv` as checked, and once written there a filter leaves no trace for
    `classifier train` to see."""
    hidden = set(hidden_rows(path, "answers"))
    rows = [
        row
        for row, text in enumerate(answers["text"], start=2)
        if row in hidden and str(text).strip()
    ]
    if rows:
        raise ClassifierError(
            f"{path}, sheet 'answers': {len(rows)} row(s) with answers are hidden (by a filter, "
            f"or by hand): {format_places([f'row {row}' for row in rows])}. Every row of the "
            "sheet becomes training data as checked, seen or not: show every row (clear the "
            "filter), delete the rows you did not review, and save the workbook again"
        )


def apply_needs_sheet(
    sheet: NeedsSheet, codebook: Codebook, source: str = "needs sheet"
) -> tuple[NeedsCatalogue, pd.DataFrame]:
    """The catalogue with the confirmed needs added (itself, version unchanged, when none is),
    and the answers as training rows with their final need ids. A bad row raises
    ClassifierError naming its sheet and row (as a spreadsheet numbers it: the header is
    row 1)."""
    catalogue = codebook.catalogue
    if catalogue is None:
        raise ClassifierError(f"codebook {codebook.name!r} has no needs catalogue to update")
    reference.check_reference(sheet.reference, catalogue, codebook.name, source)
    known = set(catalogue.need_ids)
    _refuse_candidates_decided_twice(sheet.new_needs, source)
    added: list[CatalogueNeed] = []
    final: dict[str, str] = {}
    merges: list[tuple[str, str, str]] = []
    for row, entry in enumerate(sheet.new_needs.to_dict("records"), start=2):
        where = f"{source}, sheet 'new needs', row {row}"
        decision = entry["decision"].strip().lower()
        need_id = entry["need_id"].strip()
        candidate = entry["candidate"].strip()
        if decision not in DECISIONS:
            raise ClassifierError(
                f"{where}: decision {entry['decision']!r} is not add, merge or empty"
            )
        if not decision:
            _refuse_an_undecided_edit(where, entry)
        if decision == "add":
            if not SNAKE_CASE_ID.fullmatch(need_id):
                raise ClassifierError(
                    f"{where}: need_id {need_id!r} must be a lowercase snake_case id"
                )
            if need_id in known:
                raise ClassifierError(
                    f"{where}: need_id {need_id!r} is already a catalogue need (or added by an "
                    "earlier row): give a new id, or `merge` into it"
                )
            if catalogue.current_id(need_id) != need_id:
                raise ClassifierError(
                    f"{where}: need_id {need_id!r} was the id of catalogue need "
                    f"{catalogue.current_id(need_id)!r} (it replaces it): give a new id, or "
                    "`merge` into that need"
                )
            labels = {lang: entry[f"label_{lang}"].strip() for lang in LANGUAGES}
            missing = [lang for lang, label in labels.items() if not label]
            themes = split_ids(entry["themes"])
            unknown = [t for t in themes if t not in codebook.theme_ids]
            if missing or not themes or unknown:
                # ids in capitals or labels are named with the id meant, as in training data
                hints = codebook.theme_hints(set(unknown)) if unknown else []
                raise ClassifierError(
                    f"{where}: an added need needs a label in every language (missing: "
                    f"{', '.join(missing) or 'none'}) and codebook themes (unknown: "
                    f"{', '.join(map(repr, unknown)) or 'none'}"
                    f"{'; none given' if not themes else ''}"
                    f"{''.join(f'; {hint}' for hint in hints)})"
                )
            _refuse_a_label_taken(where, labels, [*catalogue.needs, *added])
            added.append(CatalogueNeed(need_id, tuple(themes), labels, entry["scope"].strip()))
            known.add(need_id)
            if candidate:  # a need typed in by hand has no answers to file under it yet
                final[candidate] = need_id
        elif decision == "merge":
            if not candidate:
                raise ClassifierError(
                    f"{where}: merge without a candidate: a merge files a candidate's answers "
                    "under the need need_id, so give the row its candidate (the id its "
                    "answers' `need` cells name), or clear the row"
                )
            merges.append((where, candidate, need_id))
    candidates = {c.strip() for c in sheet.new_needs["candidate"]}
    # an id renamed since reads as the need now
    targets = {candidate: catalogue.current_id(need_id) for _, candidate, need_id in merges}
    for where, candidate, _ in merges:
        need_id, path = targets[candidate], [candidate]
        while need_id in targets and need_id not in path:  # into a candidate merged in turn
            path.append(need_id)
            need_id = targets[need_id]
        need_id = final.get(need_id, need_id)  # into a candidate the sheet adds: that need
        if need_id not in known:
            raise ClassifierError(
                f"{where}: candidate {candidate} is merged into {need_id or '(empty need_id)'!r}"
                + (
                    ", a candidate of this sheet that is neither added nor merged into a "
                    "need; add it (then merge into it), or give a catalogue need_id"
                    if need_id in candidates
                    else ", which is neither a catalogue need nor one this sheet adds; give a "
                    "catalogue need_id (sheet 'catalogue'), or an added need's need_id"
                )
                + _lowercase_hint([need_id], known | set(catalogue.replaced_by))
            )
        final[candidate] = need_id
    # A sheet that adds no need leaves the catalogue as it is, version included: a version
    # names one set of needs, and two updates of one catalogue raised to the same number
    # could otherwise hold different needs.
    # Added needs follow the catalogue's in the order of their ids, not of the sheet's rows:
    # the same decisions in a sheet sorted otherwise give the same catalogue.
    updated = (
        catalogue.with_needs(
            [*catalogue.needs, *sorted(added, key=lambda need: need.id)],
            _next_version(catalogue.version),
        )
        if added
        else catalogue
    )
    # A row whose every cell is empty (inserted or cleared in the spreadsheet) holds no
    # answer, as a blank line of training data; its index keeps the others' row numbers.
    answers = sheet.answers[~sheet.answers.map(is_blank).all(axis=1)].copy()
    answers["need"] = [
        ";".join(final.get(need, catalogue.current_id(need)) for need in split_ids(value))
        for value in answers["need"]
    ]
    answers["stance"] = [codebook.stance_id(value) for value in answers["stance"]]
    _check_answers(answers, codebook, known | candidates, f"{source}, sheet 'answers', row")
    columns = ["id", "respondent", "language", "text", "themes", "stance", "need"]
    return updated, answers[[c for c in columns if c in answers.columns]]


def _lowercase_hint(values: list[str], known: set[str]) -> str:
    """For need ids typed in another case than the catalogue's (`Budget_Transparency`,
    `NEW-1FFB95B2`): ' (need ids are lowercase: ... is ...)', else ''."""
    lowered = {need.lower(): need for need in known}
    found = [f"{v!r} is {lowered[v.lower()]}" for v in values if v.lower() in lowered]
    return f" (need ids are lowercase: {', '.join(found)})" if found else ""


def _refuse_an_undecided_edit(where: str, entry: dict) -> None:
    """Raise ClassifierError when a row of 'new needs' without a decision has a need_id, a
    label or a scope typed in: staff who fill them in mean to add or merge the candidate,
    and without the decision the row was skipped without a word (the `themes` cell is the
    tool's own, written with every candidate)."""
    filled = [column for column in EDITED_COLUMNS if str(entry.get(column, "")).strip()]
    if filled:
        raise ClassifierError(
            f"{where}: {', '.join(filled)} given but no decision: set decision to add (a new "
            "need with this need_id and labels) or merge (into the catalogue need need_id), "
            "or clear those cells to leave the candidate as it is"
        )


def _refuse_a_label_taken(where: str, labels: dict[str, str], needs: list[CatalogueNeed]) -> None:
    """Raise ClassifierError when an added need's label, in a language, is that of a need
    already there (whatever its case and spacing): two needs of one name would split the
    asks of one need between them, and reports could not tell them apart. Staff who give a
    candidate an existing need's label mean to merge it."""
    for lang, label in labels.items():
        for need in needs:
            if _same_label(label, need.label.get(lang, "")):
                raise ClassifierError(
                    f"{where}: label_{lang} {label!r} is the label of need {need.id!r}: to "
                    f"put this candidate's answers in it, set decision to merge and need_id to "
                    f"{need.id}; for a need of its own, give it a label of its own"
                )


def _same_label(first: str, second: str) -> bool:
    """Whether two labels are the same words, whatever their case and spacing."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _refuse_candidates_decided_twice(new_needs: pd.DataFrame, source: str) -> None:
    """Raise ClassifierError when a candidate is on several rows of 'new needs' and one of
    them has a decision: which row would win is nobody's choice (a copied row set to `add`
    and the original to `merge` would add a need without answers). Rows without a
    candidate are needs typed in by hand, each its own."""
    rows: dict[str, list[int]] = {}
    for row, candidate in enumerate(new_needs["candidate"], start=2):
        if candidate.strip():
            rows.setdefault(candidate.strip(), []).append(row)
    decided = {row for row, value in enumerate(new_needs["decision"], start=2) if value.strip()}
    for candidate, places in rows.items():
        if len(places) > 1 and decided & set(places):
            raise ClassifierError(
                f"{source}, sheet 'new needs': candidate {candidate} is on rows "
                f"{', '.join(map(str, places))}, with a decision on at least one: keep one row "
                "per candidate, with its decision"
            )


def _check_answers(answers: pd.DataFrame, codebook: Codebook, needs: set[str], row: str) -> None:
    """Raise ClassifierError naming every row of `answers` that training could not use:
    a need that is neither a catalogue need nor a candidate (a typo would read as a
    unique request), a theme, stance or language outside what the model knows, an id
    on two rows or none (the sheet is read back by id: a later review sheet corrects an
    answer through it). Every problem is listed at once. A row is named by its index in
    the sheet as read (index 0 is row 2: the header is row 1)."""
    places = [f"{row} {index + 2}" for index in answers.index]
    problems = []
    unknown: dict[str, list[str]] = {}
    for place, value in zip(places, answers["need"], strict=True):
        for need in split_ids(value):
            if need not in needs:
                unknown.setdefault(need, []).append(place)
    if unknown:
        # a catalogue need's id written otherwise, its label, or ids joined by another
        # separator (as `train` and `report` name them); a candidate's id in capitals
        meant = {need: hint for need in sorted(unknown) if (hint := codebook.need_hint(need))}
        spelling = "; ".join(f"{need!r} is {hint}" for need, hint in meant.items())
        problems.append(
            "need ids that are neither catalogue needs nor candidates of sheet 'new needs': "
            + "; ".join(f"{need!r} in {format_places(w)}" for need, w in sorted(unknown.items()))
            + (f" ({spelling})" if spelling else "")
            + _lowercase_hint(sorted(set(unknown) - set(meant)), needs)
        )
    without_id = [
        place for place, value in zip(places, answers["id"], strict=True) if is_blank(value)
    ]
    if without_id:
        problems.append(
            f"answers without an id in {format_places(without_id)}: give each the id it has in "
            "the tagged file (the sheet is read back by id: a later review sheet corrects an "
            "answer through it)"
        )
    repeated = repeated_ids(answers["id"].tolist(), places)
    if repeated:
        problems.append(
            "ids on several rows (each answer needs its own): "
            + "; ".join(f"{v!r} in {format_places(w)}" for v, w in sorted(repeated.items()))
        )
    checks = [
        lambda: codebook.check_labels(
            [split_ids(v) for v in answers["themes"]], answers["stance"].tolist(), places
        )
    ]
    if "language" in answers.columns:
        checks.append(lambda: check_languages(answers["language"].tolist(), places))
    for check in checks:
        try:
            check()
        except ClassifierError as error:
            problems.append(str(error))
    if problems:
        raise ClassifierError("; ".join(problems))


def write_update(
    codebook: Codebook,
    catalogue: NeedsCatalogue,
    answers: pd.DataFrame,
    folder: Path,
    codebook_file: Path,
    sheet: Path,
) -> list[Path]:
    """Write the updated catalogue, a codebook naming it and the labeled answers to
    `folder`, named after `codebook_file`. The folder of `codebook_file` is refused: the
    update would replace the codebook and catalogue it was made from; so is an output that
    is any other input (`_refuse_writing_over_inputs`). An earlier update's files in
    `folder` are replaced."""
    if folder.exists() and not folder.is_dir():
        raise ClassifierError(f"-o {folder} is a file: give a folder for the updated files")
    if same_file(folder, codebook_file.resolve().parent):
        raise ClassifierError(
            f"-o {folder} holds the codebook {codebook_file.name} the update starts from; the "
            "update is written beside it, never over it: choose another folder"
        )
    stem = codebook_file.stem
    outputs = [folder / f"{stem}.needs.yaml", folder / f"{stem}.yaml", folder / "needs_answers.csv"]
    _refuse_writing_over_inputs(folder, outputs, sheet, codebook_file)
    folder.mkdir(parents=True, exist_ok=True)
    catalogue_path, codebook_path, answers_path = (check_output_path(p) for p in outputs)
    atomic_write_text(catalogue_path, catalogue.to_yaml())
    atomic_write_text(
        codebook_path,
        yaml.safe_dump(
            {**codebook.to_dict(), "needs": catalogue_path.name},
            allow_unicode=True,
            sort_keys=False,
            width=100,
        ),
    )
    write_table(answers, answers_path)
    return [catalogue_path, codebook_path, answers_path]


def _refuse_writing_over_inputs(
    folder: Path, outputs: list[Path], sheet: Path, codebook_file: Path
) -> None:
    """Raise ClassifierError, before anything is written, when an output would replace an
    input of the update: the sheet, the codebook or the catalogue it names (which may sit
    in another folder, such as `-o` of an earlier update). Other files of `folder` (an
    earlier update's) are replaced, as `train -o` and `review -o` replace their output."""
    inputs = {
        "the needs sheet": sheet,
        "the codebook": codebook_file,
        f"the needs catalogue of the codebook {codebook_file}": catalogue_file(codebook_file),
    }
    for output in outputs:
        for role, source in inputs.items():
            if same_file(output, source):
                raise ClassifierError(
                    f"-o {folder}: the update would write over {output}, {role} (an input); "
                    "an update never writes over its inputs: give -o a new folder"
                )


def _next_version(version: int | str) -> int | str:
    """The next catalogue version: 3 -> 4, "2026.1" -> "2026.1+1"."""
    return version + 1 if isinstance(version, int) else f"{version}+1"
