"""What a walkthrough as a Spanish-speaking regional coordinator comparing two years found:
what `report --compare` says when the previous consultation's file is not what it reads
(not tagged, tagged for fewer questions, naming its questions otherwise), and export
headers in French and Spanish. Each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
PREVIOUS = EXAMPLES / "consultation_sample_2025.csv"
BOTH = ["--text-column", "q_strengths", "--text-column", "q_improve"]
COLUMNS = ["--respondent-column", "respondent_id", "--language-column", "questionnaire_language"]


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> dict[str, Path]:
    """This year's sample tagged for both questions; last year's for q_improve only."""
    from classifier.cli import main

    folder = tmp_path_factory.mktemp("compare")
    files = {"both": folder / "both.csv", "previous_improve": folder / "previous.csv"}
    assert main(["tag", str(SAMPLE), "-o", str(files["both"]), *BOTH, *COLUMNS]) == 0
    assert (
        main(
            [
                "tag",
                str(PREVIOUS),
                "-o",
                str(files["previous_improve"]),
                "--text-column",
                "q_improve",
                *COLUMNS,
            ]
        )
        == 0
    )
    return files


def _report(cli, tmp_path, tagged, previous, *options):
    return cli(
        "report", tagged["both"], "-o", tmp_path / "report.html", "--compare", previous, *options
    )


def test_an_untagged_previous_file_is_said_to_be_untagged(cli, tmp_path, tagged):
    code, _, err = _report(cli, tmp_path, tagged, PREVIOUS)
    assert code == 2
    # before: "questions 'q_strengths' and 'q_improve' would share the prediction column"
    assert "are not tagged" in err and "share" not in err
    assert "classifier tag --text-column q_strengths --text-column q_improve" in err


def test_a_previous_file_tagged_for_one_question_says_so(cli, tmp_path, tagged):
    code, _, err = _report(cli, tmp_path, tagged, tagged["previous_improve"])
    assert code == 2
    assert "tagged for one question" in err
    assert "classifier tag --text-column q_strengths --text-column q_improve" in err


def test_a_question_the_previous_file_names_otherwise_lists_its_own_columns(cli, tmp_path, tagged):
    renamed = tmp_path / "renamed.csv"
    text = tagged["both"].read_text(encoding="utf-8")
    renamed.write_text(text.replace("q_improve", "improve_2025"), encoding="utf-8")
    code, _, err = _report(cli, tmp_path, tagged, renamed)
    assert code == 2 and "--compare-text-column" in err
    listed = err.split("columns other than those `tag` wrote:")[1]
    # the answers' columns, not the 60 prediction columns `tag` wrote beside them
    assert "improve_2025" in listed and "q_strengths" in listed
    assert "score_youth" not in listed and "improve_2025_themes" not in listed


@pytest.mark.parametrize(
    "respondent, language, answer_id",
    [
        ("ID del encuestado", "Idioma del cuestionario", "ID de respuesta"),
        ("ID répondant", "Langue du questionnaire", "ID réponse"),
    ],
)
def test_french_and_spanish_column_headers_are_found(
    cli, tmp_path, respondent, language, answer_id
):
    """A Spanish or French survey tool's export heads its columns in its language: the
    walkthrough's `Idioma del cuestionario` was not found, so declared languages were
    ignored without the user knowing to name it."""
    import pandas as pd

    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(20)
    export = sample.rename(
        columns={
            "respondent_id": respondent,
            "questionnaire_language": language,
        }
    ).assign(**{answer_id: [f"A{i}" for i in range(20)]})
    source = tmp_path / "export.csv"
    export.to_csv(source, index=False)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "q_improve")
    assert code == 0, err
    assert f"respondent: {respondent}; language: {language}; id: {answer_id}" in err


def test_a_bar_reaching_a_fixed_end_of_the_axis_has_its_label_inside():
    """A region's net promoter score of -100: its label, drawn left of the bar's end, ran
    over the region's name; a bar that close to a fixed end now carries its label inside."""
    from classifier.report.charts import label_inside

    nps = (-100, 100)
    assert label_inside(-100, nps, 200) and label_inside(95, nps, 200)
    assert not label_inside(-40, nps, 200) and not label_inside(21, nps, 200)
    # an axis left free grows to make room for the label outside
    assert not label_inside(-100, (None, None), 120) and not label_inside(80, (0, None), 80)


def test_the_previous_files_respondent_and_score_columns_can_be_named(cli, tmp_path, tagged):
    """Last year's export named its respondent and score columns in Spanish: the command
    line could not name them (Python only), so last year's respondents were counted per
    row and its net promoter score left out."""
    import pandas as pd

    previous = pd.read_csv(tagged["both"], dtype=str, keep_default_na=False).rename(
        columns={"respondent_id": "Persona", "recommend_score": "Valoración 0-10"}
    )
    source = tmp_path / "previous.csv"
    previous.to_csv(source, index=False)
    html = tmp_path / "report.html"
    options = ["--compare", source, "--respondent-column", "respondent_id", "--xlsx"]
    base = ["report", tagged["both"], "-o", html, *options, tmp_path / "r.xlsx"]
    code, _, err = cli(*base)
    assert code == 0, err
    assert "previous file" in err and "score: (none" in err
    code, _, err = cli(
        *base,
        "--compare-respondent-column",
        "Persona",
        "--compare-score-column",
        "Valoración 0-10",
    )
    assert code == 0, err
    nps = pd.read_excel(tmp_path / "r.xlsx", sheet_name="nps_change")
    overall = nps[nps["dimension"] == "overall"].iloc[0]
    assert overall["previous_scored"] == overall["scored"] > 0  # the same file, both years
    assert overall["change"] == 0
    code, _, err = cli(*base, "--compare-score-column", "Nota")
    assert code == 2 and "previous score column 'Nota' not found" in err


def test_needs_lists_catalogue_labels_in_the_language_asked(cli, tmp_path, tagged):
    """A Spanish team listing needs read English labels only (`needs` had no --lang)."""
    import pandas as pd

    from classifier.codebook import Codebook

    catalogue = Codebook.load().catalogue
    listed = tmp_path / "needs.csv"
    code, _, err = cli(
        "needs", tagged["both"], "--text-column", "q_improve", "-o", listed, "--lang", "es"
    )
    assert code == 0, err
    table = pd.read_csv(listed, dtype=str, keep_default_na=False)
    known = table[table["kind"] == "catalogue"]
    assert len(known) > 5
    for need_id, label in zip(known["need_id"], known["label"], strict=True):
        assert label == catalogue.need(need_id).label_in("es")
    assert any(
        catalogue.need(n).label_in("es") != catalogue.need(n).label_in("en")
        for n in known["need_id"]
    )


def test_a_submission_sent_twice_is_pointed_out_by_the_report(cli, tmp_path, tagged):
    """The coordinator's export held one respondent's submission twice: the report counted
    the respondent once but both copies' answers in the theme shares, without a word."""
    import pandas as pd

    frame = pd.read_csv(tagged["both"], dtype=str, keep_default_na=False)
    twice = pd.concat([frame, frame.iloc[[3]]], ignore_index=True)
    source = tmp_path / "twice.csv"
    twice.to_csv(source, index=False)
    code, _, err = cli("report", source, "-o", tmp_path / "r.html")
    assert code == 0, err
    # both questions of the copied row, when answered
    answered = sum(frame.iloc[3][q].strip() != "" for q in ("q_strengths", "q_improve"))
    assert f"{answered} answer(s) repeat a respondent's identical answer" in err
    code, _, err = cli("report", tagged["both"], "-o", tmp_path / "r2.html")
    assert code == 0 and "repeat a respondent's identical answer" not in err
