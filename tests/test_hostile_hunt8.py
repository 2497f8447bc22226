"""Hostile inputs found by hunt 8 (the retraining loop, the report and small training sets):
each test failed before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from classifier import ThemeClassifier
from classifier.errors import ColumnError, DataWarning, RegistryError
from classifier.jobs.columns import previous_questions_renamed
from classifier.model.card import ModelCard
from classifier.model.registry import promote, register

from conftest import EXAMPLES

SAMPLE_NAME = "consultation_sample.csv"


@pytest.fixture(scope="module")
def stanceless(train_frame) -> tuple[ThemeClassifier, list[str]]:
    """A model trained on a few answers without stance labels, and what training warned."""
    subset = train_frame.sort_values("id").iloc[::250]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        fitted = ThemeClassifier(cv_folds=2).fit(
            subset["text"].tolist(),
            subset["themes"].tolist(),
            languages=subset["language"].tolist(),
        )
    return fitted, [str(w.message) for w in caught if issubclass(w.category, DataWarning)]


# ------------------------------------------------------------- training without stances
def test_training_data_without_any_stance_label_is_warned_about(stanceless):
    # A review sheet whose stance column was deleted, or a file without one: no stance model
    # is trained. Before, one stance label alone was warned about but none at all was not:
    # the model tagged no stance and grouped no need without a word, in the card or on screen.
    fitted, said = stanceless
    assert fitted.stance_model_ is None
    assert any("no training answer has a stance label" in w for w in said)
    assert any("no needs are grouped" in w for w in fitted.training_summary_["warnings"])


# ------------------------------------------------------------- promotion
def test_promote_refuses_a_version_that_lost_the_defaults_stance_model(stanceless, tmp_path):
    # A version trained without stances scores themes as well as the default, so before it
    # was promoted without a word: the default then tagged no stance and grouped no need.
    fitted, _ = stanceless
    registry = tmp_path / "models"
    register(fitted, registry, {"micro_f1": 0.5, "stance_accuracy": 0.8})
    promote(registry, "v001")
    register(fitted, registry, {"micro_f1": 0.5, "stance_accuracy": None})
    with pytest.raises(RegistryError, match=r"no stance model .*the default's 0\.800"):
        promote(registry, "v002")
    assert ModelCard.read(registry / "default" / "model.npz").version == "consultation/v001"
    assert "forced: the version has no stance model" in promote(registry, "v002", force=True)
    # A card registered through the API without the figure is not judged on it.
    promote(registry, "v001")
    register(fitted, registry, {"micro_f1": 0.5})
    assert "v003 is now the default" in promote(registry, "v003")


def test_a_tagged_question_left_all_empty_is_not_replaced_by_another_column(cli, tmp_path):
    """A file tagged for `q_improve`, which nobody answered: `review` and `report` without
    --text-column guessed `q_strengths`, never tagged, and paired its 144 answers with the
    empty answers' predictions (no theme, neutral), which a review sheet would train."""
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    export, tagged = tmp_path / "export.csv", tmp_path / "tagged.csv"
    sample.assign(q_improve="").to_csv(export, index=False)
    code, _, err = cli(
        "tag", export, "-o", tagged, "--text-column", "q_improve", "--jobs", "1",
        "--respondent-column", "respondent_id", "--language-column", "questionnaire_language",
    )  # fmt: skip
    assert code == 0, err
    for command, output in (("review", "review.xlsx"), ("report", "report.html")):
        code, _, err = cli(command, tagged, "-o", tmp_path / output)
        assert code == 2 and not (tmp_path / output).exists()
        assert "every tagged answer was empty" in err and "'q_strengths'" in err
        assert "give --text-column" in err
    given = ["--text-column", "q_improve"]
    code, _, err = cli("report", tagged, "-o", tmp_path / "report.html", *given)
    assert code == 0, err


def test_a_right_to_left_quote_is_laid_out_on_its_own():
    """An Arabic answer quoted in the report page sat in the page's left-to-right flow: its
    words and the closing quotation mark could be reordered. Each quote is isolated with
    `dir="auto"` (its direction from its own first letter)."""
    from classifier.report.html import quote

    page = quote("نحتاج إلى مزيد من التدريب في المناطق", "und")
    assert '<q dir="auto">نحتاج إلى مزيد من التدريب في المناطق</q>' in page
    assert '<q dir="auto" lang="fr">' in quote("Plus de formations", "fr")


def test_report_compares_a_question_last_year_named_otherwise(cli, tmp_path):
    """Last year's export named the question `improve_2025`: `report --compare` stopped with
    "text column 'q_improve' not found", and no option could name it."""
    previous, this = tmp_path / "previous.csv", tmp_path / "this.csv"
    options = ["--text-column", "q_improve", "--jobs", "1", "--respondent-column"]
    for source, output in (("consultation_sample_2025.csv", previous), (SAMPLE_NAME, this)):
        code, _, err = cli("tag", EXAMPLES / source, "-o", output, *options, "respondent_id")
        assert code == 0, err
    renamed = tmp_path / "previous_renamed.csv"
    frame = pd.read_csv(previous, dtype=str, keep_default_na=False)
    frame.rename(columns={"q_improve": "improve_2025"}).to_csv(renamed, index=False)
    page = tmp_path / "report.html"
    code, _, err = cli("report", this, "-o", page, "--compare", renamed)
    assert code == 2 and not page.exists()
    assert "has no column 'q_improve'" in err and "--compare-text-column" in err
    code, _, err = cli(
        "report", this, "-o", page, "--compare", renamed, "--compare-text-column", "improve_2025"
    )
    assert code == 0, err
    original = tmp_path / "original.html"
    assert cli("report", this, "-o", original, "--compare", previous)[0] == 0
    assert page.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")


def test_previous_questions_are_renamed_with_their_prediction_columns():
    from classifier.io.layout import PREDICTION_NAMES

    predictions = {f"a_2025_{name}": [""] for name in PREDICTION_NAMES}
    previous = pd.DataFrame(
        {"a_2025": ["Plus de formations"], **predictions, "a_2025_notes": ["kept"], "b": ["x"]}
    )
    renamed = previous_questions_renamed(previous, ["a", "b"], ["a_2025", "b"])
    expected = ["a", *(f"a_{name}" for name in PREDICTION_NAMES), "a_2025_notes", "b"]
    assert list(renamed.columns) == expected  # a column of the survey's own is kept as named
    with pytest.raises(ColumnError, match="give one per question"):
        previous_questions_renamed(previous, ["a", "b"], ["a_2025"])
    with pytest.raises(ColumnError, match="besides 'a_2025'"):
        previous_questions_renamed(previous.assign(a="x"), ["a"], ["a_2025"])
