"""Exports of survey tools that write more header lines under the column names.

Qualtrics writes three header lines: the column names, the question texts, then
import ids (`{"ImportId":"QID4_TEXT"}`). SurveyMonkey writes two: the questions,
then each column's answer type ("Open-Ended Response", "Response", an option's
label). Read with the first line as the header, the lines under it would be tagged
as answers: the question's own text would count as an answer, with its themes,
in every figure of the report. Such a file is refused, naming the tool and the
lines to delete, as a title above the column names is (`title_rows`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# How a cell of Qualtrics' third header line starts.
QUALTRICS_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
# The answer type SurveyMonkey writes under a question answered in words.
SURVEYMONKEY_OPEN_ENDED = "Open-Ended Response"


def extra_header_lines(rows: Sequence[Sequence[object]], line: str = "line") -> str | None:
    """Why the lines under the column names are a survey tool's header lines, not answers,
    or None. `rows`: a file's first rows, the column names first; `line`: "line" for a CSV,
    "row" for a sheet."""
    if len(rows) >= 3:
        cells = [str(cell).strip() for cell in rows[2]]
        ids = [cell for cell in cells if QUALTRICS_IMPORT_ID.match(cell)]
        if ids:
            return (
                f"{line}s 2 and 3 are Qualtrics header {line}s (the question texts, then import "
                f"ids such as {ids[0][:40]!r}), not answers: delete them, keeping the column "
                f"names of {line} 1"
            )
    if len(rows) >= 2 and any(str(cell).strip() == SURVEYMONKEY_OPEN_ENDED for cell in rows[1]):
        return (
            f"{line} 2 holds SurveyMonkey's answer types ({SURVEYMONKEY_OPEN_ENDED!r}, "
            f"'Response', ...), not answers: delete it, keeping the column names of {line} 1"
        )
    return None
