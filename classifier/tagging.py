"""Adding prediction columns to a table of answers (pandas in, pandas out)."""

from __future__ import annotations

import pandas as pd


class ColumnError(ValueError):
    """A column the caller named is not in the table."""


def require_column(frame: pd.DataFrame, column: str, role: str = "text") -> None:
    """Raise ColumnError listing the available columns when `column` is missing."""
    if column not in frame.columns:
        raise ColumnError(
            f"{role} column {column!r} not found; columns found: "
            f"{', '.join(map(str, frame.columns)) or '(none)'}"
        )


def prediction_column(frame: pd.DataFrame, question: str, name: str) -> str:
    """The column `classifier tag` wrote for `name`: `<question>_<name>`, else `<name>`."""
    for column in (f"{question}_{name}", name):
        if column in frame.columns:
            return column
    raise ColumnError(
        f"neither {question}_{name!r} nor {name!r} is a column, so the answers in {question!r} "
        f"are not tagged: the file must be tagged first with `classifier tag --text-column "
        f"{question}`"
    )


def output_names(model, frame_columns, prefix: str, text_column: str) -> dict[str, str]:
    """Names of the new columns; prefixed by the text column if any name is taken."""
    base = ["language", "themes", "stance"] + [f"score_{t}" for t in model.classes_]
    names = {name: f"{prefix}{name}" for name in base}
    if set(names.values()) & set(map(str, frame_columns)):
        names = {name: f"{prefix}{text_column}_{name}" for name in base}
    return names


def add_prediction_columns(
    model,
    frame: pd.DataFrame,
    text_column: str,
    language_column: str | None = None,
    respondent_column: str | None = None,
    prefix: str = "",
) -> pd.DataFrame:
    """A copy of `frame` with language, themes (';'-joined), stance and score columns."""
    require_column(frame, text_column)
    for column, role in ((language_column, "language"), (respondent_column, "respondent")):
        if column is not None:
            require_column(frame, column, role)
    texts = [value if isinstance(value, str) else "" for value in frame[text_column].tolist()]
    predictions = model.predict(
        texts,
        languages=frame[language_column].tolist() if language_column else None,
        respondents=frame[respondent_column].tolist() if respondent_column else None,
    )
    names = output_names(model, frame.columns, prefix, text_column)
    result = frame.copy()
    result[names["language"]] = [p.language for p in predictions]
    result[names["themes"]] = [";".join(p.themes) for p in predictions]
    result[names["stance"]] = [p.stance or "" for p in predictions]
    for theme in model.classes_:
        result[names[f"score_{theme}"]] = [p.scores[str(theme)] for p in predictions]
    return result
