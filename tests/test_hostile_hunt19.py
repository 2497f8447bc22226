"""Hostile inputs, hunt 19: needs grouped over a file's questions, `classifier models
VERSION` on damaged cards, and the warning for declared languages the model does not know."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from classifier.errors import ColumnError, DataWarning
from classifier.needs import find_needs


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


def _edit_card(registry: Path, edit) -> None:
    """Edit v001's card by hand, as staff might."""
    path = registry / "consultation" / "v001" / "model.card.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    edit(card)
    path.write_text(json.dumps(card), encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda c: c["deltas"].update(per_theme_f1="see the spreadsheet"), "deltas.per_theme_f1"),
        (
            lambda c: c["deltas"].update(per_language_micro_f1=[0.01]),
            "deltas.per_language_micro_f1",
        ),
        (lambda c: c["test"]["per_theme"]["youth"].update(support={"n": 3}), "support"),
        (lambda c: c["test"]["per_language"]["fr"].update(answers=[1]), "answers"),
    ],
    ids=["deltas-text", "deltas-list", "support-mapping", "answers-list"],
)
def test_models_version_names_a_damaged_field_of_its_card(cli, registry, edit, field):
    # Before, an internal error (AttributeError, or "unsupported format string").
    _edit_card(registry, edit)
    code, _, err = cli("models", "v001", "--registry", registry)
    assert code == 2
    assert "is not a readable model card" in err and field in err
    code, out, err = cli("models", "--registry", registry)  # the list goes on without it
    assert code == 0 and "listed without its figures" in err and "consultation/v001" in out


def test_models_version_without_a_card_says_the_card_is_missing(cli, registry):
    # Before, "has no test figures in its card", naming the model file: there was no card.
    (registry / "consultation" / "v001" / "model.card.json").unlink()
    code, _, err = cli("models", "v001", "--registry", registry)
    assert code == 2 and "has no model card" in err and "model.card.json is missing" in err


def test_models_names_a_card_left_without_its_model(cli, registry):
    # Before, the folder was left out of the list without a word.
    (registry / "consultation" / "v001" / "model.npz").unlink()
    code, out, err = cli("models", "--registry", registry)
    assert code == 0 and "consultation/v001" not in out
    assert "has no model file beside it (model.npz)" in err and "v001 is not listed" in err


def test_models_shows_a_card_whose_optional_fields_are_null(cli, registry):
    # null is an absent optional field; before, `models` ended with an internal error
    # (created, training.rows) and so did `models v001` (the deltas per theme, a support).
    def edit(card: dict) -> None:
        card.update(created=None)
        card["training"]["rows"] = None
        card["deltas"]["per_theme_f1"] = None
        card["test"]["per_theme"]["youth"]["support"] = None
        card["test"]["answers"] = None

    _edit_card(registry, edit)
    code, out, err = cli("models", "--registry", registry)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if line.startswith("consultation/v001")]
    assert line.split()[1] == "-"  # no training rows, and no creation time
    code, out, err = cli("models", "v001", "--registry", registry)
    assert code == 0, err
    assert "answers: n/a" in out
    [row] = [line for line in out.splitlines() if line.startswith("youth ")]
    assert row.split()[-2:] == ["n/a", "n/a"]  # its support, and its change


def test_unknown_language_warning_quotes_the_start_of_a_long_value(cli, tmp_path, model):
    # A column of answers given as the language column (`--language-column q_strengths`):
    # before, the warning quoted ten whole answers, up to 10,000 characters each.
    long = "Les ateliers régionaux " * 200
    frame = pd.DataFrame({"lang": [long, long + "!", "de"], "answer": ["More training"] * 3})
    frame.to_csv(tmp_path / "export.csv", index=False)
    code, _, err = cli(
        "tag", tmp_path / "export.csv", "-o", tmp_path / "tagged.csv",
        "--text-column", "answer", "--language-column", "lang",
    )  # fmt: skip
    assert code == 0, err
    [line] = [line for line in err.splitlines() if "does not know" in line]
    assert len(line) < 500
    assert f"{long[:40]!r}… (1 row)" in line and "'de' (1 row)" in line
    with pytest.warns(DataWarning, match="does not know") as caught:
        model.predict(["More training"], languages=[long])
    assert len(str(caught[0].message)) < 500
