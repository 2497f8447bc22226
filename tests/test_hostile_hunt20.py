"""Hostile inputs, hunt 20: hand-edited model cards, needs grouped over questions, report."""

from __future__ import annotations

import json
import warnings

import pytest

from classifier.codebook import Codebook
from classifier.errors import DataWarning
from classifier.report import build_report


@pytest.mark.parametrize("field", ["training", "library_versions", "parameters", "thresholds"])
def test_a_card_whose_required_table_is_null_is_a_damaged_card(cli, registry, tmp_path, field):
    # Before, `"training": null` ended `classifier models` with an internal error
    # (AttributeError), and `"library_versions": null` every command loading the model.
    path = registry / "consultation" / "v001" / "model.card.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    card[field] = None
    path.write_text(json.dumps(card), encoding="utf-8")
    code, out, err = cli("models", "--registry", registry)
    assert code == 0, err
    assert f"{field} is None, not a mapping" in err and "listed without its figures" in err
    assert "consultation/v001" in out
    (tmp_path / "answers.csv").write_text("text\nMore webinars in Spanish\n", encoding="utf-8")
    code, _, err = cli(
        "tag", tmp_path / "answers.csv", "-o", tmp_path / "tagged.csv",
        "--model", registry / "consultation" / "v001" / "model.npz",
    )  # fmt: skip
    assert code == 2
    assert "is not a readable model card" in err and "internal error" not in err


def test_needs_listing_refuses_a_codebook_it_would_not_read(cli, tmp_path):
    # `--codebook` names the codebook `--update-catalogue` updates; listing a tagged file's
    # needs reads the model's catalogue. Before, `needs tagged.csv --codebook
    # reviewed/consultation.yaml` (the update's codebook, its added needs) was ignored
    # without a word, and the needs listed lacked them.
    tagged = tmp_path / "tagged.csv"
    tagged.write_text("text,language,themes,stance\nMore webinars,en,,request\n", "utf-8")
    code, out, err = cli("needs", tagged, "--codebook", tmp_path / "reviewed" / "consultation.yaml")
    assert code == 2 and out == ""
    assert "--codebook" in err and "--update-catalogue" in err and "--model" in err


def test_report_of_one_question_counts_a_need_over_the_files_questions(two_questions):
    # `tag` grouped the needs of both questions together: the beekeeping need is recurring,
    # raised by r1 under q_strengths and r2 under q_improve. Before, a report of q_improve
    # alone listed it among the recurring needs with 1 respondent (the page saying a need
    # is recurring when two respondents raise it), as `need_respondents` says 2.
    report = build_report(
        two_questions, "q_improve", codebook=Codebook.load(), respondent_column="respondent_id"
    )
    [need] = report.tables["recurring_needs"].to_dict("records")
    assert (need["respondents"], need["answers"]) == (2, 1)
    both = build_report(
        two_questions, ["q_strengths", "q_improve"], codebook=Codebook.load(),
        respondent_column="respondent_id",
    )  # fmt: skip
    assert both.tables["recurring_needs"]["respondents"].tolist() == [2]


def test_report_warns_of_a_respondent_id_whose_rows_give_different_scores(two_questions):
    # An id on many people's rows (a member organisation's id given by each of its staff,
    # or a placeholder the tool does not know as one) makes one respondent of them: before,
    # the report counted them once, with the score of their first row, without a word.
    tagged = two_questions.assign(respondent_id="ORG-17", score=["9", "3", "7"])
    with pytest.warns(DataWarning, match=r"'ORG-17' \(3 rows; scores 3, 7, 9\)"):
        build_report(
            tagged, "q_improve", codebook=Codebook.load(), respondent_column="respondent_id",
            score_column="score",
        )  # fmt: skip
    # A submission sent twice gives the same score twice: no warning. (r2's rows: r1 and r2
    # still raise the beekeeping need, as the file's need_respondents says: hunt 41 warns
    # of a need whose respondents were edited.)
    twice = two_questions.assign(respondent_id=["r1", "r2", "r2"], score=["7", "9", "9"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        build_report(
            twice, "q_improve", codebook=Codebook.load(), respondent_column="respondent_id",
            score_column="score",
        )  # fmt: skip


def test_models_list_shows_a_whole_number_figure(cli, registry):
    # A card edited by hand may hold `"micro_f1": 1` (JSON's whole number): `models v001`
    # shows it as 1.000, and so does the list now; before, the list showed "-" (no figure).
    path = registry / "consultation" / "v001" / "model.card.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    card["test"]["micro_f1"] = 1
    path.write_text(json.dumps(card), encoding="utf-8")
    code, out, err = cli("models", "--registry", registry)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if line.startswith("consultation/v001")]
    assert line.split()[3] == "1.000"


@pytest.mark.parametrize(
    "options",
    [
        ("--model", "models/retrained.npz"),
        ("--lang", "es"),
        ("--min-respondents", "3"),
        ("--text-column", "q_improve"),
    ],
)
def test_catalogue_update_refuses_the_listing_options_it_would_not_use(cli, tmp_path, options):
    # `--update-catalogue` reads the needs sheet alone. Before, `--model`, `--lang`,
    # `--min-respondents` and the input column options were ignored without a word (hunt 20
    # found it beside the ignored `--codebook` of a listing), so the update looked as if it
    # had used them; nothing is written.
    sheet = tmp_path / "needs.xlsx"
    sheet.write_bytes(b"")
    code, out, err = cli(
        "needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed", *options
    )
    assert code == 2 and out == ""
    assert options[0] in err and "--update-catalogue" in err
    assert not (tmp_path / "reviewed").exists()
