"""Hostile inputs, hunt 19: needs grouped over a file's questions, `classifier models
VERSION` on damaged cards, and the warning for declared languages the model does not know."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier.errors import ColumnError
from classifier.needs import find_needs

# Team-written: an ask no catalogue need covers (a beekeeping course), made by two
# respondents, one under each question, in two languages; others ask for nothing.
BEEKEEPING = [
    ("r1", "Please organise a beekeeping training so members can sell honey", "Nothing"),
    ("r2", "Los boletines", "Queremos un taller de apicultura para vender miel"),
    ("r3", "Les groupes régionaux", "Rien à signaler"),
]


@pytest.fixture
def two_questions(cli, tmp_path) -> pd.DataFrame:
    """BEEKEEPING tagged for both questions: one new need, raised once under each."""
    source, output = tmp_path / "export.csv", tmp_path / "tagged.csv"
    pd.DataFrame(BEEKEEPING, columns=["respondent_id", "q_strengths", "q_improve"]).to_csv(
        source, index=False
    )
    code, _, err = cli(
        "tag", source, "-o", output, "--text-column", "q_strengths",
        "--text-column", "q_improve", "--respondent-column", "respondent_id",
    )  # fmt: skip
    assert code == 0, err
    tagged = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert tagged.loc[1, "q_improve_need_respondents"] == "2"
    return tagged


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.drop(columns=["q_strengths_stance"]),
        lambda t: t.rename(columns={"q_strengths_language": "lang_strengths"}),
        lambda t: t.drop(columns=["q_strengths"]),  # the answers deleted, predictions kept
    ],
    ids=["stance-deleted", "language-renamed", "answers-deleted"],
)
def test_needs_of_a_question_whose_sibling_lost_its_columns_is_refused(
    cli, tmp_path, two_questions, edit
):
    # Before, the needs of q_improve were grouped without q_strengths' asks: the need the
    # file counts 2 respondents for was listed as unique, with a warning saying the file
    # was tagged with another --min-respondents.
    edit(two_questions).to_csv(tmp_path / "edited.csv", index=False)
    code, _, err = cli(
        "needs", tmp_path / "edited.csv", "--text-column", "q_improve",
        "--respondent-column", "respondent_id",
    )  # fmt: skip
    assert code == 2
    assert "question 'q_strengths' lacks 'q_strengths" in err
    assert "restore the column(s), or tag the file again" in err
    assert "min-respondents" not in err


def test_find_needs_names_the_missing_column_of_another_question(model, two_questions):
    with pytest.raises(ColumnError, match="'q_strengths' lacks 'q_strengths_stance'"):
        find_needs(
            two_questions.drop(columns=["q_strengths_stance"]),
            model=model,
            text_column="q_improve",
            respondent_column="respondent_id",
        )


def test_a_question_whose_themes_column_was_deleted_is_still_grouped(model, two_questions):
    # Grouping reads a question's answers, stances and languages, not its themes.
    result = find_needs(
        two_questions.drop(columns=["q_strengths_themes"]),
        model=model,
        text_column="q_improve",
        respondent_column="respondent_id",
    )
    assert result.answer_columns()["need_respondents"][1] == 2
