"""What a new user's walkthrough found the report's page and workbook to get wrong: where the
answers' languages come from, a theme card counting requests it does not show, and quotes
of a report on several questions that do not say which question they answer."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from classifier.codebook import Codebook
from classifier.io.tables import read_table
from classifier.report import build_report
from classifier.report.html import shorten

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
QUESTIONS = ["q_strengths", "q_improve"]
LABELS = {"q_strengths": "What do we do well?", "q_improve": "What should we improve?"}
DECLARED = {
    "en": "the questionnaire language of column <code>questionnaire_language</code>",
    "fr": "langue du questionnaire de la colonne <code>questionnaire_language</code>",
    "es": "idioma del cuestionario de la columna <code>questionnaire_language</code>",
}
DETECTED_ONLY = (
    "the language detected for each",
    "langue détectée pour chaque",
    "idioma detectado en cada",
)


@pytest.fixture(scope="module")
def declared(tmp_path_factory) -> Path:
    """The sample tagged on both questions by `classifier tag`, its questionnaire language
    declared: every answer's language is the declared one."""
    from classifier.cli import main

    path = tmp_path_factory.mktemp("walkthrough") / "tagged.csv"
    code = main(
        [
            "tag", str(SAMPLE), "-o", str(path), "--jobs", "1",
            "--text-column", "q_strengths", "--text-column", "q_improve",
            "--question-kind", "q_strengths=strengths", "--question-kind", "q_improve=improvements",
            "--respondent-column", "respondent_id",
            "--language-column", "questionnaire_language",
        ]
    )  # fmt: skip
    assert code == 0
    return path


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.load()


def report_of(frame: pd.DataFrame, questions: list[str], **options):
    return build_report(
        frame, questions, codebook=Codebook.load(), respondent_column="respondent_id", **options
    )


def overview_intro(page: str) -> str:
    return re.search(r'<section id="overview"><h2>[^<]*</h2><p class="intro">(.*?)</p>', page)[1]


# ------------------------------------------------------------ where languages come from
def test_the_overview_names_the_declared_language_column_the_languages_come_from(
    declared, cli, tmp_path
):
    """`tag` gives an answer its declared questionnaire language: `report` finds that column
    as `tag` does and says the languages are that column's, else detected."""
    page = tmp_path / "report.html"
    for lang, wording in DECLARED.items():
        code, _, err = cli("report", declared, "-o", page, "--lang", lang)
        assert code == 0, err
        intro = overview_intro(page.read_text(encoding="utf-8"))
        assert wording in intro
        assert not any(text in intro for text in DETECTED_ONLY)
    assert "language: questionnaire_language" in err


def test_languages_not_from_the_declared_column_are_not_said_to_be_its(
    improve_tagged, cli, tmp_path
):
    """A file tagged without its questionnaire language (its undetermined answers are not
    the declared language) is not said to carry it, nor to be detected only: the page says
    an answer's language may be either, which is true whatever `tag` was given."""
    improve_tagged.to_csv(tmp_path / "tagged.csv", index=False)
    code, _, err = cli("report", tmp_path / "tagged.csv", "-o", tmp_path / "report.html")
    assert code == 0, err
    intro = overview_intro((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "questionnaire's when the export gives it, else the one detected" in intro
    assert "<code>questionnaire_language</code>" not in intro
    for lang, hedged in (
        ("fr", "celle du questionnaire quand l'export la donne, sinon celle détectée"),
        ("es", "el del cuestionario cuando la exportación lo indica; si no, el detectado"),
    ):
        page = report_of(improve_tagged, ["q_improve"], lang=lang).html
        assert hedged in overview_intro(page).replace("&#x27;", "'")


# ------------------------------------------------------------ theme cards
def test_a_theme_card_shows_the_requests_it_counts_when_their_needs_are_of_other_themes(
    declared, codebook
):
    """An asking answer that also mentions a theme no need of which it was given (an answer
    on proposal writing that mentions power dynamics, given a capacity need): that theme's
    card counts it as a request, so it lists the need the answer was given, quoting it,
    instead of "No request on this theme"."""
    frame = read_table(declared)
    catalogue = codebook.catalogue
    theme = "alliance_vision"  # the sample's least mentioned theme: now mentioned once
    for question in QUESTIONS:
        frame[f"{question}_themes"] = frame[f"{question}_themes"].map(
            lambda cell: ";".join(t for t in cell.split(";") if t and t != theme)
        )
    row = next(
        i
        for i, need in frame["q_improve_need_ids"].items()
        if frame.at[i, "q_improve_stance"] == "request"
        and need in catalogue.need_ids
        and theme not in catalogue.need(need).themes
        and set(catalogue.need(need).themes) & set(frame.at[i, "q_improve_themes"].split(";"))
    )
    frame.loc[row, "q_improve_themes"] += f";{theme}"
    need = frame.at[row, "q_improve_need_ids"]
    answer = frame.at[row, "q_improve"].strip()
    for lang, none in (
        ("en", "No request on this theme"),
        ("fr", "Aucune demande sur ce thème"),
        ("es", "Ninguna petición sobre este tema"),
    ):
        report = report_of(frame, QUESTIONS, lang=lang, question_labels=LABELS)
        card = re.search(
            rf"<h3>{re.escape(html.escape(codebook.label(theme, lang)))}</h3>(.*?)</article>",
            report.html,
        )[1]
        assert none not in card
        assert html.escape(catalogue.label(need, lang)) in card
        assert f"{html.escape(shorten(answer))}</q>" in card
    details = report.tables["theme_details"]
    rows = details[details["theme_id"] == theme]
    assert rows["request_answers"].tolist() == [1]
    assert rows["item"].tolist() == ["request_other_theme"]
    assert rows["need_id"].tolist() == [need]
    assert answer in rows.iloc[0][["quote_fr", "quote_en", "quote_es", "quote_und"]].tolist()


def test_a_theme_card_quotes_its_requests_in_a_file_without_needs(improve_tagged):
    """A file without need columns (`ThemeClassifier.tag` writes none): each card counting
    requests quotes some of them."""
    assert "need_ids" not in improve_tagged.columns
    report = report_of(improve_tagged, ["q_improve"])
    assert "No request on this theme" not in report.html
    details = report.tables["theme_details"]
    asked = details[details["request_answers"] > 0]
    assert set(asked["theme_id"]) == set(asked.loc[asked["item"] == "request", "theme_id"])


# ------------------------------------------------------------ which question a quote answers
def test_quotes_of_a_report_on_several_questions_name_their_question(declared):
    """Each unique request, suggestion and theme-card quote of a two-question report is
    followed by its question's label (the workbook gives it too); a one-question report
    does not repeat its question."""
    frame = read_table(declared)
    report = report_of(frame, QUESTIONS, question_labels=LABELS)
    unique = report.tables["unique_requests"]
    assert set(unique["question"]) == set(LABELS.values())
    for _, row in unique.iterrows():
        quoted = f'{html.escape(shorten(row["quote"]))}</q> <span class="muted">· '
        assert f"{quoted}{html.escape(row['question'])}</span>" in report.html
    suggestions = report.tables["need_suggestions"]
    assert set(suggestions["quote_question"]) <= set(LABELS.values())
    assert set(report.tables["recurring_needs"]["question"]) <= {
        ";".join(LABELS[q] for q in questions)
        for questions in (["q_strengths"], ["q_improve"], QUESTIONS)
    }
    for label in LABELS.values():
        assert f'</q> <span class="muted">· {html.escape(label)}</span>' in report.html
    alone = report_of(frame, ["q_improve"], question_labels={"q_improve": LABELS["q_improve"]})
    assert '</q> <span class="muted">·' not in alone.html
    assert set(alone.tables["unique_requests"]["question"]) == {LABELS["q_improve"]}


def test_report_language_column_names_a_column_of_an_unconventional_name(cli, tmp_path):
    """An export whose questionnaire language is in a column no conventional name matches
    (`Langue / Idioma`), given to `tag` with --language-column: `report
    --language-column` names it too, and the page says the languages are its; without
    it the page can only say either. A column the file lacks is an error naming it."""
    source = tmp_path / "export.csv"
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    sample.rename(columns={"questionnaire_language": "Langue / Idioma"}).to_csv(source, index=False)
    tagged = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag", source, "-o", tagged, "--text-column", "q_improve", "--jobs", "1",
        "--language-column", "Langue / Idioma",
    )  # fmt: skip
    assert code == 0, err
    page = tmp_path / "report.html"
    code, _, err = cli("report", tagged, "-o", page, "--language-column", "Langue / Idioma")
    assert code == 0, err
    assert "column <code>Langue / Idioma</code>" in overview_intro(page.read_text("utf-8"))
    code, _, err = cli("report", tagged, "-o", page)
    assert code == 0, err
    assert "else the one detected" in overview_intro(page.read_text("utf-8"))
    code, _, err = cli("report", tagged, "-o", page, "--language-column", "langue")
    assert code != 0
    assert "langue" in err
