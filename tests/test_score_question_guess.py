"""A score column headed with the recommendation question, as survey tools head it
("How likely are you to recommend the alliance? (0-10)", "Recommend (0-10)"), is found
without `--score-column`: before, only conventional names (`recommend_score`, `nps`)
were, so a staff member's report said "scores not available" and had no net promoter
score, by language or otherwise."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.io.tables import read_table
from classifier.jobs.columns import previous_columns, resolve_columns

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
QUESTIONS = [
    "How likely are you to recommend the alliance to a colleague? (0-10)",
    "Recommend (0-10)",
    "¿Recomendaría la alianza a otra organización? (0 a 10)",
    "Recommanderiez-vous l'alliance ? (0-10)",
    "NPS (0-10)",
]


def _sample(score_header: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).rename(
        columns={"recommend_score": score_header}
    )


@pytest.mark.parametrize("header", QUESTIONS)
def test_a_score_column_headed_with_its_question_is_found(header):
    columns = resolve_columns(_sample(header), ["q_improve"], None, None, None, None, None)
    assert columns.score == header
    assert columns.respondent == "respondent_id"  # the other guesses are unchanged


def test_a_question_column_holding_comments_or_other_scales_is_not_the_score():
    frame = _sample("Recommend (0-10)")
    comments = frame.assign(**{"Recommend (0-10)": "Yes, because of the webinars"})
    assert resolve_columns(comments, ["q_improve"], None, None, None, None, None).score is None
    five = frame.assign(**{"Recommend (0-10)": "4/5"})
    assert resolve_columns(five, ["q_improve"], None, None, None, None, None).score is None
    # '' still means no score column, and a column given is taken as given
    assert resolve_columns(frame, ["q_improve"], None, None, None, "", None).score is None
    named = resolve_columns(frame, ["q_improve"], None, None, None, "region", None)
    assert named.score == "region"


def test_an_earlier_year_whose_score_question_was_headed_otherwise_is_compared():
    earlier = _sample("How likely are you to recommend the alliance? (0-10)")
    assert previous_columns(earlier, ["q_improve"], "respondent_id", "recommend_score") == (
        "respondent_id",
        "How likely are you to recommend the alliance? (0-10)",
    )


def test_the_report_gives_the_net_promoter_score_of_a_question_headed_column(cli, tmp_path):
    source = tmp_path / "export.csv"
    _sample("Recommend (0-10)").to_csv(source, index=False)
    tagged = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", tagged, "--text-column", "q_improve", "--jobs", "1")
    assert code == 0, err
    guessed = tmp_path / "guessed.xlsx"
    code, _, err = cli("report", tagged, "-o", tmp_path / "guessed.html", "--xlsx", guessed)
    assert code == 0, err
    assert "score: Recommend (0-10)" in err
    named = tmp_path / "named.xlsx"
    code, _, err = cli(
        "report",
        tagged,
        "-o",
        tmp_path / "named.html",
        "--xlsx",
        named,
        "--score-column",
        "Recommend (0-10)",
    )
    assert code == 0, err
    nps = read_table(guessed, sheet="nps")
    assert len(nps) > 0
    assert nps.equals(read_table(named, sheet="nps"))
