"""A respondent column's placeholder for an anonymous submission names nobody."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier import Codebook
from classifier.report import build_report
from classifier.vocab import names_no_respondent

from conftest import BEEKEEPING, tag_beekeeping


@pytest.mark.parametrize("placeholder", ["Anonymous", "anónimo", " Anonyme ", "N/A", "?"])
def test_anonymous_respondents_are_each_their_own_respondent(cli, tmp_path, placeholder):
    # Exports write a placeholder where a submission gives no respondent id. Before, it was
    # read as one respondent's id: the beekeeping course two anonymous members asked for,
    # one under each question, was a need of 1 respondent, and their scores one score.
    tagged = tag_beekeeping(cli, tmp_path, [placeholder] * len(BEEKEEPING))
    assert tagged.loc[1, "q_improve_need_respondents"] == "2"
    assert tagged.loc[1, "q_improve_recurrence"] == "recurring"
    report = build_report(
        tagged.assign(score=["9", "3", "7"]), "q_improve", codebook=Codebook.load(),
        respondent_column="respondent_id", score_column="score",
    )  # fmt: skip
    overall = report.tables["nps"].set_index("dimension").loc["overall"]
    assert (overall["promoters"], overall["passives"], overall["detractors"]) == (1, 1, 1)


def test_only_placeholders_name_nobody():
    assert names_no_respondent(None) and names_no_respondent("  ")
    assert names_no_respondent("ANÓNIMO") and names_no_respondent("n/a")
    # decomposed accents (a combining acute accent after the o), as some Mac tools write them
    assert names_no_respondent("ano\u0301nimo") and names_no_respondent("Inconnu\u00a0")
    # Real ids, whatever they look like, name a respondent.
    for real in ("R-17", "0", "anon-4411", "Anonymous Org Ltd", "NA-2026-001"):
        assert not names_no_respondent(real), real


def test_tag_says_which_respondent_cells_name_nobody(cli, tmp_path):
    # The log names the placeholders read as anonymous, with their rows, so that staff
    # see why those rows count as several respondents.
    source = tmp_path / "export.csv"
    rows = [("Anonymous", "More webinars in Spanish"), ("anonymous", "Translate the toolkits")]
    rows += [("N/A", "Fewer emails"), ("R-1", "A hub in the Pacific")]
    pd.DataFrame(rows, columns=["respondent_id", "q_improve"]).to_csv(source, index=False)
    code, _, err = cli(
        "tag", source, "-o", tmp_path / "tagged.csv", "--text-column", "q_improve",
        "--respondent-column", "respondent_id",
    )  # fmt: skip
    assert code == 0, err
    assert "in respondent_id, 'Anonymous' (1), 'N/A' (1), 'anonymous' (1) name no respondent" in err
    assert "'R-1'" not in err
