"""What a question asks, declared by staff (`--question-kind`, model/question_kinds.py): a
strengths question's terse answers read as praise, its explicit asks still asks, whatever
the chunks a file is cut in; a kind that is not one, or declared for a column that is not
a text column, refused with the kinds there are."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from classifier.errors import ClassifierError, ColumnError
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
ASKS = ("request", "criticism")
BOTH = ["--text-column", "q_improve", "--text-column", "q_strengths"]
ROLES = ["--language-column", "questionnaire_language", "--respondent-column", "respondent_id"]
# The sample's strengths question, declared.
DECLARED = Columns(
    texts=["q_strengths"],
    respondent="respondent_id",
    language="questionnaire_language",
    kinds={"q_strengths": "strengths"},
)
# Explicit asks under "what do we do well?", in each language (written by the team for this
# test, not respondents' words).
EXPLICIT_ASKS = [
    "Please add Arabic interpretation to every webinar",
    "Il faudrait traduire les guides en français dès leur sortie",
    "Por favor, organicen más talleres presenciales en Centroamérica",
]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


def _tag_sample(cli, tmp_path, *kinds: str) -> pd.DataFrame:
    output = tmp_path / f"tagged{len(kinds)}.csv"
    options = [option for kind in kinds for option in ("--question-kind", kind)]
    code, _, err = cli("tag", SAMPLE, "-o", output, *BOTH, *ROLES, "--jobs", "1", *options)
    assert code == 0, err
    return pd.read_csv(output, dtype=str, keep_default_na=False)


def test_a_declared_strengths_question_gives_far_fewer_needs(cli, tmp_path):
    # Undeclared, 15 of the sample's "what do we do well?" answers get a need, 14 of them
    # praise read as asks ("Los talleres de seguridad digital"); declared, 5.
    undeclared = _tag_sample(cli, tmp_path)
    declared = _tag_sample(cli, tmp_path, "q_strengths=strengths")
    needs = {
        way: tagged["q_strengths_need_ids"].ne("")
        for way, tagged in (("undeclared", undeclared), ("declared", declared))
    }
    assert needs["undeclared"].sum() >= 12
    assert needs["declared"].sum() <= needs["undeclared"].sum() / 2
    # The one explicit ask keeps its need; the other question is read as before.
    ask = declared["q_strengths"] == "Good webinars but we need them in Spanish, please"
    assert needs["declared"][ask].all()
    assert declared["q_improve_stance"].tolist() == undeclared["q_improve_stance"].tolist()


def test_an_explicit_ask_in_a_declared_strengths_column_keeps_its_need(model, sample, tmp_path):
    extra = pd.DataFrame(
        {
            "respondent_id": [f"X{i}" for i in range(len(EXPLICIT_ASKS))],
            "questionnaire_language": ["en", "fr", "es"],
            "q_strengths": EXPLICIT_ASKS,
        }
    )
    frame = pd.concat([sample, extra], ignore_index=True).fillna("")
    frame.to_csv(tmp_path / "export.csv", index=False)
    tag_file(model, tmp_path / "export.csv", tmp_path / "tagged.csv", DECLARED)
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    explicit = tagged["q_strengths"].isin(EXPLICIT_ASKS)
    assert tagged.loc[explicit, "stance"].isin(ASKS).all()
    assert tagged.loc[explicit, "need_ids"].ne("").all()
    # while most of the column's terse answers read as praise (undeclared: 15 asks; with
    # 3 explicit asks more the column's own estimate leaves room for some more asks)
    assert tagged.loc[~explicit, "stance"].isin(ASKS).sum() <= 10


def test_a_file_in_chunks_gets_the_declared_stances_of_the_whole_column(model, sample, tmp_path):
    # The kind reaches the estimate made before tagging a file of several chunks: the same
    # stances as `tag()` on the whole column, and not those of the undeclared column.
    frame = sample[["respondent_id", "questionnaire_language", "q_strengths"]]
    roles = dict(language_column="questionnaire_language", respondent_column="respondent_id")
    whole = model.tag(frame, "q_strengths", question_kind="strengths", **roles)
    undeclared = model.tag(frame, "q_strengths", **roles)
    assert whole["stance"].tolist() != undeclared["stance"].tolist()
    shuffled = frame.sample(frac=1.0, random_state=5)
    shuffled.to_csv(tmp_path / "shuffled.csv", index=False)
    tag_file(model, tmp_path / "shuffled.csv", tmp_path / "tagged.csv", DECLARED, chunk_rows=40)
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    tagged.index = shuffled.index
    tagged = tagged.sort_index()
    assert tagged["stance"].tolist() == whole["stance"].tolist()
    assert tagged["stance_score"].tolist() == whole["stance_score"].astype(str).tolist()


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("q_strengths=praise", "unknown question kind 'praise' for column 'q_strengths'"),
        ("q_other=strengths", "column 'q_other', which is not a text column"),
        ("region=strengths", "column 'region', which is not a text column"),
        ("q_strengths", "--question-kind 'q_strengths' must be COLUMN=KIND"),
    ],
)
def test_a_bad_kind_or_column_is_refused_with_the_kinds(cli, tmp_path, declared, message):
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", SAMPLE, "-o", output, *BOTH, "--question-kind", declared)
    assert code != 0
    assert message in err
    if "=" in declared:
        assert "strengths, improvements" in err or "open, strengths, improvements" in err
    assert not output.exists()


def test_the_python_api_refuses_a_bad_kind(model, sample):
    with pytest.raises(ClassifierError, match=r"unknown question kind 'strength'.*open"):
        model.tag(sample, "q_strengths", question_kind="strength")
    with pytest.raises(ColumnError, match="'q_improve', which is not a text column"):
        Columns(texts=["q_strengths"], kinds={"q_improve": "improvements"})


def test_a_kind_is_read_in_any_case(model, sample):
    # Staff type "Strengths" as the question's title reads; before, it was refused.
    typed = model.tag(sample, "q_strengths", question_kind=" Strengths")
    assert typed.equals(model.tag(sample, "q_strengths", question_kind="strengths"))
    assert Columns(texts=["q_strengths"], kinds={"q_strengths": "STRENGTHS"}).kinds == {
        "q_strengths": "strengths"
    }


def test_a_model_without_stances_refuses_a_declared_kind_before_any_work(model, tmp_path):
    # A model trained without stance labels reads no stance mix: the kind would change
    # nothing. Before, it was silently ignored (and a model of other stances failed only
    # after its first chunk was tagged).
    without_stances = copy.copy(model)
    without_stances.stance_model_ = None
    output = tmp_path / "tagged.csv"
    with pytest.raises(ClassifierError, match="reads no stance mix"):
        tag_file(without_stances, SAMPLE, output, DECLARED)
    assert not output.exists()
    tag_file(without_stances, SAMPLE, output, Columns(texts=["q_strengths"]))
    assert output.exists()
