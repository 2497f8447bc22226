"""From asks to needs: match the catalogue, discover the rest, count respondents.

1. **Match.** The model's need head gives each ask a probability per catalogue
   need; an ask whose best need reaches MATCH_THRESHOLD is assigned to it.
2. **Discover.** The other asks are grouped among themselves (average linkage
   on the cosine distance of their sentence embeddings, cut at
   DISCOVERY_DISTANCE, within blocks of asks that share their most probable
   theme): each group is a new need, a candidate for the catalogue.
3. **Second chance.** An ask that discovery left alone (its new need is
   raised by one respondent) joins its most probable
   catalogue need when another respondent's ask was matched to it in step 1:
   on the labeled test asks, almost every such lone ask shares its need with
   another respondent, and its most probable need is the likeliest place (the
   match is still uncertain: the needs sheet lists it for review).
4. **Suggestions.** The asks of each need are grouped the same way, with the
   tighter SUGGESTION_DISTANCE, into its specific suggestions.
5. **Count.** A need raised by at least `min_respondents` distinct respondents
   is recurring, whatever words or language each used; an ask of a recurring
   need is `recurring` when its suggestion is recurring too, else `part of
   recurring need`; an ask of any other need is a `unique` request.

The three settings were chosen by `benchmarks/needs.py --tune` on the training
split only (README says how): the best B-cubed F1 of asks into needs. Units are
put in a canonical order first, so the needs and their ids do not depend on
row order or on the run. The asks' embeddings and need probabilities may be
read from disk (`units.SpooledRows`): grouping reads the rows of one block or
need at a time. Grouping runs BLAS on one thread, as a tagging worker does: its
matrix products are small and many, and BLAS's default of a thread per core
gains little on an idle machine and loses several times over on a busy one;
one thread also gives the same bits whatever the machine's core count.
"""

from __future__ import annotations

import hashlib
import numbers
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import ClassifierError, ColumnError, DataWarning
from ..io.layout import (
    NEED_COLUMNS,
    prediction_column,
    respondent_count,
    tagged_questions,
    written_column,
)
from ..io.tables import (
    first_ten,
    names_a_column,
    refuse_answers_in_another_role,
    require_column,
    require_one_name,
)
from ..model.estimator import ThemeClassifier
from ..model.parallel import on_one_blas_thread
from ..model.prediction import Prediction
from ..text.answers import check_alongside
from ..vocab import (
    ASKING_STANCES,
    DEFAULT_MIN_RESPONDENTS,
    MAX_TEXT_CHARS,
    NEW_NEED_PREFIX,
    normalize_declared,
    recurrence_cell,
    stance_cell,
)
from .clustering import cluster_by_cosine
from .result import CATALOGUE, NEW, Need, NeedsResult, Suggestion, need_order
from .units import Units, asking_units, order_free_respondent, respondent_ids

MATCH_THRESHOLD = 0.2
DISCOVERY_DISTANCE = 0.6
SUGGESTION_DISTANCE = 0.7
# Decimals of the similarities that choose a need's or suggestion's most central quote.
CLOSENESS_DECIMALS = 5
# The respondent column `find_needs` reads by default (the training schema's), when present.
DEFAULT_RESPONDENT_COLUMN = "respondent"


def find_needs(
    answers: pd.DataFrame | Sequence[Prediction],
    respondents: Sequence[object] | None = None,
    *,
    model: ThemeClassifier | None = None,
    text_column: str = "text",
    respondent_column: str | None = DEFAULT_RESPONDENT_COLUMN,
    language_column: str | None = None,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
) -> NeedsResult:
    """Group the requests and criticisms of `answers` into needs.

    `answers` is a list of Predictions (with `respondents` alongside) or a
    tagged DataFrame (columns `text_column`, `respondent_column`, and the
    `stance` and `language` columns `classifier tag` wrote, possibly prefixed).
    `language_column` holds the questionnaire language, used for need labels.
    Answers without a respondent id count as their own respondent, and so do all
    the answers of a frame without the default `respondent` column; a
    `respondent_column` or `language_column` given and missing is a
    ColumnError. `model` (default: the shipped model) analyses the asking
    answers once. In a frame tagged for several questions, the asks of all of
    them are grouped together, as `classifier tag` groups them
    (`across_questions`), and the result is `text_column`'s answers and the
    needs they raise, counted over the whole file.
    """
    check_min_respondents(min_respondents)
    _check_respondents(respondents)
    for column, role in ((text_column, "text"), (respondent_column, "respondent")):
        require_one_name(column, role)  # looked up in the frame's columns before required
    respondent_column, language_column = (
        column if names_a_column(column) else None
        for column in (respondent_column, language_column)
    )  # '' names none; a column numbered 0 names one
    if isinstance(answers, pd.DataFrame):  # as `classifier needs` refuses them
        for column, role in ((respondent_column, "respondent"), (language_column, "language")):
            refuse_answers_in_another_role([text_column], column, role)
    if model is not None and not isinstance(model, ThemeClassifier):
        # a model file's path was an AttributeError ('PosixPath' object has no attribute
        # 'analyze') once the answers were read
        raise ClassifierError(
            f"model must be a ThemeClassifier (ThemeClassifier.load(path)) or None for the "
            f"shipped model, not {model!r}"
        )
    model = model if model is not None else ThemeClassifier.load()
    questions = _questions(answers, text_column)
    texts, stances, languages, declared, keys, slots = [], [], [], [], [], []
    rows = 0
    for number, question in enumerate(questions):
        fields = _answer_fields(answers, respondents, question, respondent_column, language_column)
        rows = len(fields[0])
        asking = [row for row, stance in enumerate(fields[1]) if stance in ASKING_STANCES]
        for kept, values in zip((texts, stances, languages, declared, keys), fields, strict=True):
            kept.extend(values[row] for row in asking)
        slots.extend(row * len(questions) + number for row in asking)
    analysis = model.analyze(texts, languages=languages)
    units = asking_units(analysis, stances, keys, declared, positions=slots)
    grouped = group_units(units, model, rows * len(questions), min_respondents)
    result = grouped.of_question(questions.index(text_column), len(questions))
    if isinstance(answers, pd.DataFrame):
        counted_alone = respondents is None and (
            respondent_column is None or respondent_column not in answers.columns
        )
        _warn_if_the_file_says_otherwise(answers, text_column, result, counted_alone)
    return result


def _questions(answers: object, text_column: str) -> list[str]:
    """The questions whose asks are grouped together (`across_questions`): every question
    of a file tagged for several, `text_column` among them; else `text_column` alone.

    A question whose need columns `tag` wrote (`q_strengths_need_ids`, ...) was grouped
    with the others: when its answers, or the columns its asks are read from, were deleted
    or renamed since, ColumnError names them. Grouped without it, the needs listed would
    quietly differ from the file's (a need two respondents raised, one per question,
    listed as unique), with a warning blaming another model or --min-respondents."""
    if not isinstance(answers, pd.DataFrame):
        return [text_column]
    names = [str(column) for column in answers.columns]
    present = set(names)
    suffix = f"_{NEED_COLUMNS[0]}"
    with_needs = {
        question
        for question in (name[: -len(suffix)] for name in names if name.endswith(suffix))
        if question and all(f"{question}_{need}" in present for need in NEED_COLUMNS)
    }
    questions = set(tagged_questions(answers)) | with_needs
    if text_column not in questions:
        return [text_column]
    missing = {
        question: [
            column
            for column in (question, f"{question}_stance", f"{question}_language")
            if column not in present
        ]
        for question in sorted(questions)
    }
    missing = {question: columns for question, columns in missing.items() if columns}
    grouped = [name for name in names if name in questions]
    if missing:
        listed = [*grouped, *sorted(set(missing) - set(grouped))]
        raise ColumnError(
            f"the needs of the questions {', '.join(listed)} were grouped together when the "
            "file was tagged, but "
            + "; ".join(
                f"question {question!r} lacks {', '.join(map(repr, columns))}"
                for question, columns in missing.items()
            )
            + f" (deleted or renamed since): the needs of {text_column!r} cannot be listed as "
            "the file gives them; restore the column(s), or tag the file again"
        )
    return grouped


def check_min_respondents(min_respondents: object) -> None:
    """Refuse a `min_respondents` that is not a whole number of at least 1 (0 would call
    every need recurring; `--min-respondents` is checked the same way)."""
    if (
        not isinstance(min_respondents, numbers.Integral)
        or isinstance(min_respondents, bool)
        or min_respondents < 1
    ):
        raise ClassifierError(
            f"min_respondents must be a whole number of at least 1, not {min_respondents!r}"
        )


def _warn_if_the_file_says_otherwise(
    tagged: pd.DataFrame, text_column: str, result: NeedsResult, counted_alone: bool
) -> None:
    """A DataWarning when the tagged file's own need columns differ from `result`: its
    `need_ids` when it was tagged by another model (or other options, or an earlier version
    of the tool), its `need_respondents` when rows were deleted or added since (or respondent
    ids edited), its `recurrence` when it was tagged with another --min-respondents, and,
    either way, when no respondent column was read now (`counted_alone`: each answer its
    own respondent) though the file was tagged with one. The needs listed now are then not
    the ones its rows (and the report made from it) show."""
    unread = (
        "; or no respondent column was read now, so each answer counted as its own "
        "respondent: if the file has one, name it (--respondent-column, respondent_column=)"
        if counted_alone
        else ""
    )
    needs = written_column(tagged, text_column, "need_ids")
    if needs is None or not any(needs[1]):
        return  # tagged without need columns (an older version), or nothing asked
    found = result.answer_columns()
    column, differ = needs[0], _differences(needs[1], found["need_ids"])
    if differ:
        warnings.warn(
            f"the needs found now differ from the file's {column!r} column on {differ} of "
            f"{len(found['need_ids'])} answers: the file was tagged by another model, with "
            "other options, or by an earlier version of the tool (before 2026-12-05, lone asks "
            "were not given a second chance); give the model that tagged it (--model), or tag "
            f"the file again, to list the file's own needs{unread}",
            DataWarning,
            stacklevel=3,
        )
        return
    counts = written_column(tagged, text_column, "need_respondents")
    differ = _count_differences(counts[1], found["need_respondents"]) if counts else 0
    if differ:
        # Not --min-respondents, which changes no count: the rows (or respondent ids) the
        # file was tagged with, so the recurrence differs where the counts do.
        warnings.warn(
            f"the respondents counted now differ from the file's {counts[0]!r} column on "
            f"{differ} of {len(found['need_respondents'])} answers: rows were deleted or "
            "added since the file was tagged, or its respondent ids or counts edited; the needs "
            f"listed are counted over the rows given now{unread}",
            DataWarning,
            stacklevel=3,
        )
        return
    recurrence = written_column(tagged, text_column, "recurrence")
    written = [recurrence_cell(value) for value in recurrence[1]] if recurrence else []
    differ = _differences(written, found["recurrence"]) if recurrence else 0
    if differ:
        warnings.warn(
            f"the recurrence found now differs from the file's {recurrence[0]!r} column on "
            f"{differ} of {len(found['recurrence'])} answers: the file was tagged with another "
            f"--min-respondents than {result.min_respondents} (min_respondents= from "
            f"Python); give the same one{unread}",
            DataWarning,
            stacklevel=3,
        )


def _count_differences(written: list[str], found: list[object]) -> int:
    """How many answers' written respondent count (its first need's) differs from the one
    found now; a cell edited into no count (emptied, `two`) is not compared."""
    return sum(
        count is not None and count != number
        for count, number in zip(
            (respondent_count(cell.split(";")[0]) for cell in written), found, strict=True
        )
    )


def _differences(written: list[str], found: list[object]) -> int:
    """How many answers' written cell differs from the one found now (None found: "")."""
    return sum(a != (b or "") for a, b in zip(written, found, strict=True))


@on_one_blas_thread
def group_units(
    units: Units,
    model: ThemeClassifier,
    answers: int,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    match_threshold: float = MATCH_THRESHOLD,
    discovery_distance: float = DISCOVERY_DISTANCE,
    suggestion_distance: float = SUGGESTION_DISTANCE,
    second_chance: bool = True,
) -> NeedsResult:
    """Needs of the asks `units` of a batch of `answers` answers (see the module docstring).
    `second_chance=False` skips step 3 (to measure what it changes)."""
    units = units.canonical()
    classes = model.need_classes_
    confidence: list[float | None] = [None] * len(units)
    closest: list[str | None] = [None] * len(units)
    groups: dict[tuple, list[int]] = {}
    unmatched = []
    matching = units.need_best is not None and units.need_confidence is not None and classes
    for i in range(len(units)):
        if matching:
            best = int(units.need_best[i])
            confidence[i] = float(units.need_confidence[i])
            closest[i] = classes[best]
            if confidence[i] >= match_threshold:
                groups.setdefault((CATALOGUE, classes[best]), []).append(i)
                continue
        unmatched.append(i)
    top_theme = units.theme_scores.argmax(axis=1) if len(units) else np.zeros(0, int)
    blocks: dict[int, list[int]] = {}
    for i in unmatched:
        blocks.setdefault(int(top_theme[i]), []).append(i)
    for block, members in sorted(blocks.items()):
        labels = cluster_by_cosine(units.embeddings[members], discovery_distance)
        for member, label in zip(members, labels, strict=True):
            groups.setdefault((NEW, block, int(label)), []).append(member)
    if second_chance and matching:
        _give_lone_asks_a_second_chance(groups, units, classes)

    needs, unit_need, unit_suggestion = [], [""] * len(units), [""] * len(units)
    for key, members in groups.items():
        # read once from the spool: both steps look at every member's embedding
        embeddings = units.embeddings[members]
        suggestions, suggestion_of = _suggestions(members, embeddings, units, suggestion_distance)
        need = _describe(key, members, embeddings, units, model, min_respondents, suggestions)
        needs.append(need)
        for i in members:
            unit_need[i] = need.id
            unit_suggestion[i] = suggestion_of[i]
    needs.sort(key=need_order)

    answer_needs: list[list[str]] = [[] for _ in range(answers)]
    answer_suggestions: list[list[str]] = [[] for _ in range(answers)]
    answer_confidence: list[float | None] = [None] * answers
    answer_closest: list[str | None] = [None] * answers
    answer_languages: list[str | None] = [None] * answers
    for i, answer in enumerate(units.answer_index):
        answer_languages[answer] = normalize_declared(units.declared[i])
        answer_needs[answer].append(unit_need[i])
        answer_suggestions[answer].append(unit_suggestion[i])
        answer_confidence[answer] = confidence[i]
        answer_closest[answer] = closest[i]
    return NeedsResult(
        needs,
        answer_needs,
        answer_suggestions,
        min_respondents,
        answer_confidence,
        answer_closest,
        answer_languages,
    )


def _give_lone_asks_a_second_chance(
    groups: dict[tuple, list[int]], units: Units, classes: Sequence[str]
) -> None:
    """Step 3 of the module docstring, in place: each ask of a new need raised by one
    respondent joins its most probable catalogue need if an ask of another respondent was
    matched to that need. Decided on the groups as discovery left them, so the result does
    not depend on the order the lone asks are looked at. Which asks move does not depend
    on `min_respondents` (a new need two respondents share stays whole), so a file's needs
    are the same whatever --min-respondents counts them."""
    matched = {
        key[1]: _two_respondents(members, units)
        for key, members in groups.items()
        if key[0] == CATALOGUE
    }
    moves = []
    for key, members in groups.items():
        if key[0] != NEW or len(_two_respondents(members, units)) > 1:
            continue
        for i in members:
            best = classes[int(units.need_best[i])]
            if matched.get(best, set()) - {units.respondents[i]}:
                moves.append((key, i, best))
    for key, i, best in moves:
        groups[key].remove(i)
        groups[(CATALOGUE, best)].append(i)
    for best in {best for _, _, best in moves}:  # the needs that received asks
        groups[(CATALOGUE, best)].sort()  # canonical order, as every group's members
    for key in [key for key, members in groups.items() if not members]:
        del groups[key]


def _two_respondents(members: list[int], units: Units) -> set[str]:
    """Up to two distinct respondents of `members`: enough to tell whether someone other
    than a given respondent raised the need, without a set of every respondent of a need
    of a million-answer file."""
    found: set[str] = set()
    for i in members:
        found.add(units.respondents[i])
        if len(found) == 2:
            break
    return found


def _describe(
    key: tuple,
    members: list[int],
    embeddings: np.ndarray,
    units: Units,
    model: ThemeClassifier,
    min_respondents: int,
    suggestions: list[Suggestion],
) -> Need:
    """The Need of a group of asks (`embeddings`: theirs, in the same order): id, label,
    themes, counts, quotes and suggestions."""
    centroid = embeddings.mean(axis=0)
    central = [members[j] for j in np.argsort(-_closeness(embeddings, centroid), kind="stable")]
    quotes: dict[str, str] = {}
    for i in central:
        quotes.setdefault(units.languages[i], units.texts[i])
    respondents = len({units.respondents[i] for i in members})
    if key[0] == CATALOGUE:
        entry = model.codebook_.catalogue.need(key[1])
        need_id, label, themes, nearest = entry.id, dict(entry.label), list(entry.themes), None
    else:
        need_id = NEW_NEED_PREFIX + _digest(members, units)
        label = {units.languages[central[0]]: units.texts[central[0]]}
        themes = _themes(units.theme_scores[members].mean(axis=0), model)
        nearest = None
        if units.need_probabilities is not None and model.need_classes_:
            mean = units.need_probabilities[members].mean(axis=0)
            nearest = model.need_classes_[int(np.argmax(mean))]
    return Need(
        id=need_id,
        kind=key[0],
        label=label,
        themes=themes,
        respondents=respondents,
        answers=len(members),
        languages=sorted({units.languages[i] for i in members}),
        recurring=respondents >= min_respondents,
        quotes=dict(sorted(quotes.items())),
        suggestions=suggestions,
        closest=nearest,
    )


def _suggestions(
    members: list[int], embeddings: np.ndarray, units: Units, distance: float
) -> tuple[list[Suggestion], dict[int, str]]:
    """A need's asks (`embeddings`: theirs, in the same order) grouped into specific
    suggestions (largest first), and each ask's."""
    labels = cluster_by_cosine(embeddings, distance)
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(int(label), []).append(position)
    found, suggestion_of = [], {}
    for positions in groups.values():
        group = [members[j] for j in positions]
        rows = embeddings[positions]
        suggestion = Suggestion(
            id="s-" + _digest(group, units),
            respondents=len({units.respondents[i] for i in group}),
            answers=len(group),
            languages=sorted({units.languages[i] for i in group}),
            quote=units.texts[group[int(np.argmax(_closeness(rows, rows.mean(axis=0))))]],
        )
        found.append(suggestion)
        suggestion_of.update(dict.fromkeys(group, suggestion.id))
    found.sort(key=lambda s: (-s.respondents, -s.answers, s.id))
    return found, suggestion_of


def _closeness(embeddings: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    """Each row's similarity to the centroid, to CLOSENESS_DECIMALS: an embedding's last float
    bits depend on the other texts of its batch (so on chunk boundaries), and two quotes that
    say the same thing in two languages are that close; ties go to the canonical order."""
    return np.round((embeddings @ centroid).astype(np.float64), CLOSENESS_DECIMALS)


def _themes(mean_scores: np.ndarray, model: ThemeClassifier) -> list[str]:
    """Themes of a new need: those whose mean score passes their threshold, else the best."""
    ranked = np.argsort(-mean_scores, kind="stable")
    chosen = [
        str(model.classes_[j])
        for j in ranked
        if mean_scores[j] >= model.thresholds_[model.classes_[j]]
    ]
    return chosen or [str(model.classes_[ranked[0]])]


def _digest(members: Sequence[int], units: Units) -> str:
    """A stable id part from the group's asks (respondent and text), whatever their order.
    `surrogatepass`, as `packed` stores the texts: an ask holding a lone surrogate (a JSON
    escape that is no text, given from Python) ended `find_needs` in a UnicodeEncodeError;
    any other text gives the id it gave."""
    payload = "\n".join(
        sorted(f"{order_free_respondent(units.respondents[i])}\t{units.texts[i]}" for i in members)
    )
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _respondent_cells(answers: pd.DataFrame, column: str) -> list[object] | None:
    """The respondent ids of a tagged frame's `column`. The default column, `respondent` (the
    training schema's), may be absent: each answer is then its own respondent. Any other
    name is the caller's, and a missing one is a ColumnError: read as absent, every answer
    would count as its own respondent, and the needs' respondents would be miscounted."""
    if column in answers.columns:
        return answers[column].tolist()
    if column != DEFAULT_RESPONDENT_COLUMN:
        require_column(answers, column, "respondent")
    return None


def _check_respondents(respondents: object) -> None:
    """Raise ClassifierError when `respondents` names something else than one id per
    answer: the model given as the second argument (`find_needs(tagged, model)`) was a
    TypeError ("object of type 'ThemeClassifier' has no len()"), and a column's name
    (`find_needs(tagged, "respondent_id")`) was "13 respondents for 150 answers"."""
    if isinstance(respondents, ThemeClassifier):
        raise ClassifierError(
            "find_needs' second argument is the respondents (one id per answer), not the "
            "model: pass the model as model=..."
        )
    if isinstance(respondents, str):
        raise ClassifierError(
            f"respondents must hold one id per answer, not the text {respondents!r}: to read "
            f"the ids from a column of the frame, give respondent_column={respondents!r}"
        )


def _predictions(answers: object) -> list[Prediction]:
    """`answers` as the list of Predictions it must be when it is not a tagged table:
    texts (or anything else) have no stance to say which are asks, and were an
    internal error (`'str' object has no attribute 'text'`)."""
    if isinstance(answers, (str, bytes)) or not hasattr(answers, "__iter__"):
        odd = f"a {type(answers).__name__}"
    else:
        answers = list(answers)
        positions = [i for i, answer in enumerate(answers) if not isinstance(answer, Prediction)]
        if not positions:
            return answers
        odd = (
            f"{type(answers[positions[0]]).__name__}s at position(s) {first_ten(positions)}, "
            "not Predictions"
        )
    raise ClassifierError(
        f"find_needs takes a tagged DataFrame or the Predictions of model.predict(texts), "
        f"got {odd}: needs are grouped from the asks, which the stances of tagged answers "
        "name; pass model.predict(texts), or a frame tagged by model.tag"
    )


def _answer_fields(answers, respondents, text_column, respondent_column, language_column):
    """Texts, stances, languages, declared languages and respondent ids of the answers."""
    if isinstance(answers, pd.DataFrame):
        require_column(answers, text_column)
        stance_column = prediction_column(answers, text_column, "stance")
        detected_column = prediction_column(answers, text_column, "language")
        # Read as `classifier tag` read them, so the needs found are those it wrote.
        texts = [v[:MAX_TEXT_CHARS] if isinstance(v, str) else "" for v in answers[text_column]]
        # In any case: a stance column edited by hand (`REQUEST`) is read as `report` reads it.
        stances = [stance_cell(v) for v in answers[stance_column]]
        languages = answers[detected_column].tolist()
        if language_column is not None:
            require_column(answers, language_column, "language")
        # A missing cell is NaN or pd.NA as pandas reads it: no declared language.
        declared = (
            [v if isinstance(v, str) else None for v in answers[language_column]]
            if language_column is not None
            else [None] * len(texts)
        )
        if respondents is None and respondent_column is not None:
            respondents = _respondent_cells(answers, respondent_column)
    else:
        answers = _predictions(answers)
        texts = [p.text for p in answers]
        stances = [p.stance for p in answers]
        languages = [p.language for p in answers]
        declared = [None] * len(texts)
    check_alongside("respondents", respondents, len(texts))
    return texts, stances, languages, declared, respondent_ids(respondents, len(texts))
