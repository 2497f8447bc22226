"""The asks of a file's questions are grouped together (`needs/across_questions.py`): a
catalogue need raised in two questions is one need, its respondents counted over both, as
the report counts them; a respondent who raises it in both counts once; two respondents
asking, under two questions, for something the catalogue lacks share one new need."""

from __future__ import annotations

import pandas as pd

from classifier.vocab import PART_OF_RECURRING, RECURRING, UNIQUE

# Team-written answers: two respondents ask for Spanish interpretation, each under another
# question; one more asks for it under both; others ask for nothing.
ROWS = [
    ("r1", "Good webinars, but we need Spanish interpretation in them, please", "Nada"),
    ("r2", "Los seminarios web", "Interpretación al español en todos los webinars, por favor"),
    ("r3", "Les groupes régionaux", "Rien à signaler"),
]
ALONE = [
    (
        "r4",
        "Please add Spanish interpretation to the webinars",
        "Spanish interpretation at webinars",
    ),
    ("r5", "The newsletter", "Nothing"),
]
# Team-written: an ask no catalogue need covers (a beekeeping course), made by two
# respondents, one under each question, in two languages.
NEW_NEED = [
    ("r1", "Please organise a beekeeping training so members can sell honey", "Nothing"),
    ("r2", "Los boletines", "Queremos un taller de apicultura para vender miel"),
    ("r3", "Les groupes régionaux", "Rien à signaler"),
]
QUESTIONS = ["--text-column", "q_strengths", "--text-column", "q_improve"]


def _tag(cli, tmp_path, rows) -> pd.DataFrame:
    source, output = tmp_path / "export.csv", tmp_path / "tagged.csv"
    pd.DataFrame(rows, columns=["respondent_id", "q_strengths", "q_improve"]).to_csv(
        source, index=False
    )
    code, _, err = cli(
        "tag", source, "-o", output, *QUESTIONS, "--respondent-column", "respondent_id"
    )
    assert code == 0, err
    return pd.read_csv(output, dtype=str, keep_default_na=False)


def _listed_needs(cli, tmp_path, question: str) -> pd.DataFrame:
    """`classifier needs` of one question of the file `_tag` wrote, by need id; it must
    list what the tagged file says (no warning that the needs differ)."""
    listed = tmp_path / f"needs_{question}.csv"
    code, _, err = cli(
        "needs",
        tmp_path / "tagged.csv",
        "-o",
        listed,
        "--text-column",
        question,
        "--respondent-column",
        "respondent_id",
    )
    assert code == 0 and "differ" not in err, err
    return pd.read_csv(listed, dtype=str, keep_default_na=False).set_index("need_id")


def test_a_need_raised_once_in_each_of_two_questions_is_recurring_in_both(cli, tmp_path):
    tagged = _tag(cli, tmp_path, ROWS)
    asks = [("q_strengths", 0), ("q_improve", 1)]
    needs = {tagged.loc[row, f"{q}_need_ids"] for q, row in asks}
    assert len(needs) == 1 and "" not in needs  # one catalogue need, asked in each question
    assert not next(iter(needs)).startswith("new-")
    for q, row in asks:
        # before, each question counted 1 respondent: two unique requests
        assert tagged.loc[row, f"{q}_need_respondents"] == "2"
        assert tagged.loc[row, f"{q}_recurrence"] in (RECURRING, PART_OF_RECURRING)
    # `needs` groups one question again: it lists what the tagged file says, unwarned
    need = next(iter(needs))
    for q, _ in asks:
        table = _listed_needs(cli, tmp_path, q)
        assert table.loc[need, "respondents"] == "2" and table.loc[need, "recurring"] == "yes"


def test_one_respondent_raising_a_need_in_both_questions_counts_once(cli, tmp_path):
    tagged = _tag(cli, tmp_path, ALONE)
    assert tagged.loc[0, "q_strengths_need_ids"] == tagged.loc[0, "q_improve_need_ids"] != ""
    for q in ("q_strengths", "q_improve"):
        assert tagged.loc[0, f"{q}_need_respondents"] == "1"
        assert tagged.loc[0, f"{q}_recurrence"] == UNIQUE


def test_two_respondents_asking_for_a_new_need_under_two_questions_share_it(cli, tmp_path):
    tagged = _tag(cli, tmp_path, NEW_NEED)
    asks = [("q_strengths", 0), ("q_improve", 1)]
    needs = {tagged.loc[row, f"{q}_need_ids"] for q, row in asks}
    # before, each question grouped its own asks: two new needs, each a unique request
    assert len(needs) == 1 and next(iter(needs)).startswith("new-")
    for q, row in asks:
        assert tagged.loc[row, f"{q}_need_respondents"] == "2"
        assert tagged.loc[row, f"{q}_recurrence"] in (RECURRING, PART_OF_RECURRING)
    for q, _ in asks:
        table = _listed_needs(cli, tmp_path, q)
        assert table.loc[next(iter(needs)), "respondents"] == "2"
