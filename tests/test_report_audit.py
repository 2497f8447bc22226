"""Figures of the consultation report checked against README's definitions, on the bundled
sample: the cases an independent recomputation of the report found README to leave open."""

from __future__ import annotations

import pandas as pd

from classifier.codebook import Codebook
from classifier.report import build_report

from conftest import EXAMPLES

QUESTIONS = ("q_improve", "q_again")


def two_questions(improve_tagged: pd.DataFrame) -> pd.DataFrame:
    """The sample tagged for q_improve, as a file tagged for two questions: q_improve and
    q_again (the same answers), each with its prefixed prediction columns."""
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, nrows=0).columns
    predictions = [c for c in improve_tagged.columns if c not in sample]
    frame = improve_tagged[list(sample)].copy()
    frame["q_again"] = frame["q_improve"]
    for question in QUESTIONS:
        for column in predictions:
            frame[f"{question}_{column}"] = improve_tagged[column].to_numpy()
    return frame


def test_a_respondent_with_only_undetermined_answers_counts_in_their_rows_language(
    improve_tagged,
):
    """README, overview: a respondent without an answer of known language counts in the first
    language the tagged file gives their rows, empty answers included. Here a Spanish member
    wrote an undetermined answer to one question and left the other empty (`tag` gives it the
    questionnaire language): they count as Spanish in the overview and the NPS, not as
    undetermined."""
    frame = two_questions(improve_tagged)
    before = _respondents_by_language(frame)
    row = frame.index[frame["q_improve_language"].eq("es")][0]
    frame.loc[row, ["q_improve", "q_improve_themes", "q_improve_need_ids"]] = ""
    frame.loc[row, "q_again_language"] = "und"
    assert _respondents_by_language(frame) == before


def _respondents_by_language(frame: pd.DataFrame) -> dict[str, int]:
    """The report's respondents and scored respondents by language, of a two-question frame:
    the overview's `respondents` and the `nps` sheet's `scored` (0 for a language without a
    line)."""
    report = build_report(
        frame,
        list(QUESTIONS),
        codebook=Codebook.load(),
        respondent_column="respondent_id",
        score_column="recommend_score",
    )
    overview = report.tables["overview"].set_index("language")["respondents"]
    nps = report.tables["nps"]
    scored = nps[nps["dimension"] == "language"].set_index("group")["scored"]
    counts = {f"respondents {k}": int(v) for k, v in overview.items()}
    counts.update({f"scored {k}": int(scored.get(k, 0)) for k in ("fr", "en", "es", "und")})
    return counts
