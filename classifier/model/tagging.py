"""Adding prediction columns to a table of answers (pandas in, pandas out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..errors import ClassifierError
from ..io.layout import FLAG_YES, LANGUAGE_MIXED, LOW_CONFIDENCE, STANCE_SCORE, output_names
from ..io.tables import names_a_column, refuse_answers_in_another_role, require_column
from .question_kinds import OPEN

if TYPE_CHECKING:
    import numpy as np

    from ..text.language import LanguageContext
    from .estimator import Analysis, ThemeClassifier


def analyze_frame(
    model: ThemeClassifier,
    frame: pd.DataFrame,
    text_column: str,
    language_column: str | None = None,
    respondent_column: str | None = None,
    n_jobs: int | None = None,
    language_context: LanguageContext | None = None,
    stance_mix: np.ndarray | None = None,
    question_kind: str = OPEN,
) -> Analysis:
    """The model's one pass over the answers of `text_column` (columns checked first);
    `language_context` and `stance_mix` when `frame` is one chunk of a larger file,
    `question_kind` what its question asks (see `analyze`)."""
    require_column(frame, text_column)
    language_column, respondent_column = (
        column if names_a_column(column) else None
        for column in (language_column, respondent_column)
    )  # '' names none; a column numbered 0 names one
    for column, role in ((language_column, "language"), (respondent_column, "respondent")):
        if column is not None:
            require_column(frame, column, role)
    # Read and checked as `predict` reads them: numbers as their text, bytes and lists
    # refused (read as missing, they would be tagged as empty without a word).
    return model.analyze(
        frame[text_column].tolist(),
        languages=frame[language_column].tolist() if language_column is not None else None,
        respondents=frame[respondent_column].tolist() if respondent_column is not None else None,
        n_jobs=n_jobs,
        language_context=language_context,
        stance_mix=stance_mix,
        question_kind=question_kind,
    )


def prediction_columns(
    model: ThemeClassifier,
    frame: pd.DataFrame,
    analysis: Analysis,
    text_column: str,
    prefix: str = "",
) -> pd.DataFrame:
    """A copy of `frame` with language, language_mixed ("yes" or ""), themes (';'-joined),
    stance and score columns."""
    predictions = model.predictions(analysis)
    levels = frame.columns.nlevels
    # Multi-level columns (a two-row header): the new columns are named on the first level,
    # so that is where they clash with an input column (a frame tagged for another question:
    # `frame["themes"]` would hold both), and a prefix names the text column by its levels
    # (("q2", "answer") -> "q2_answer_themes").
    taken = frame.columns.get_level_values(0) if levels > 1 else frame.columns
    question = (
        "_".join(str(level) for level in text_column if str(level)) if levels > 1 else text_column
    )
    names = output_names(model.classes_, taken, prefix, question)
    columns = {
        names["language"]: [p.language for p in predictions],
        names[LANGUAGE_MIXED]: [FLAG_YES if p.language_mixed else "" for p in predictions],
        names[LOW_CONFIDENCE]: [FLAG_YES if p.low_confidence else "" for p in predictions],
        names["themes"]: [";".join(p.themes) for p in predictions],
        names["stance"]: [p.stance or "" for p in predictions],
        names[STANCE_SCORE]: [p.stance_scores.get(p.stance or "") for p in predictions],
    }
    for theme in model.classes_:
        columns[names[f"score_{theme}"]] = [p.scores[str(theme)] for p in predictions]
    # Multi-level columns (a two-row header): the new column's name on the first level,
    # the others blank, as pandas pads a short key (and will stop doing).
    added = pd.DataFrame(
        {
            ((name, *[""] * (levels - 1)) if levels > 1 else name): values
            for name, values in columns.items()
        },
        index=frame.index,
    )
    added.columns = added.columns.set_names(frame.columns.names)
    # All columns in one step: inserted one by one, a codebook of 100+ themes made pandas
    # warn that the frame is highly fragmented. `__finalize__` keeps the frame's attrs.
    return pd.concat([frame, added], axis=1).__finalize__(frame)


def add_prediction_columns(
    model: ThemeClassifier,
    frame: pd.DataFrame,
    text_column: str,
    language_column: str | None = None,
    respondent_column: str | None = None,
    prefix: str = "",
    n_jobs: int | None = None,
    question_kind: str = OPEN,
) -> pd.DataFrame:
    """A copy of `frame` with the prediction columns of the answers in `text_column`
    (`n_jobs` worker processes, `question_kind`: see `ThemeClassifier.analyze`)."""
    if not isinstance(frame, pd.DataFrame):
        raise ClassifierError(
            f"tag expects a DataFrame, got a {type(frame).__name__}: for a list or Series of "
            "answers, use predict(list(answers))"
        )
    if not isinstance(prefix, str):  # None was written in every name: `Nonethemes`
        raise ClassifierError(f"prefix must be a text ('' for none), not {prefix!r}")
    if isinstance(text_column, (list, set, dict)):  # unhashable: pandas' raw TypeError
        raise ClassifierError(
            f"text_column must be one column's name, not {text_column!r}: tag one question "
            f"per call, each with its prefix (prefix=f'{{question}}_')"
        )
    for column, role in ((respondent_column, "respondent"), (language_column, "language")):
        refuse_answers_in_another_role([text_column], column, role)  # as `classifier tag`
    analysis = analyze_frame(
        model,
        frame,
        text_column,
        language_column,
        respondent_column,
        n_jobs,
        question_kind=question_kind,
    )
    return prediction_columns(model, frame, analysis, text_column, prefix)
