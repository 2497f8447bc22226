"""Sentences of the consultation report that a board reader checked against the tagged file:
each says no more than the figures behind it."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from classifier.codebook import Codebook
from classifier.needs import find_needs
from classifier.report import build_report


@pytest.fixture(scope="module")
def tagged_min_three(improve_tagged, model) -> pd.DataFrame:
    """The sample tagged for q_improve with --min-respondents 3: needs of two respondents
    are not recurring, so their answers are among the unique requests."""
    needs = find_needs(
        improve_tagged,
        model=model,
        text_column="q_improve",
        respondent_column="respondent_id",
        language_column="questionnaire_language",
        min_respondents=3,
    )
    frame = improve_tagged.copy()
    for column, values in needs.answer_columns().items():
        frame[column] = values
    return frame


def test_unique_requests_of_one_need_are_not_called_requests_of_their_own(tagged_min_three):
    """A sub-topic gathering the answers of a need two respondents raised is not headed
    'each with a request of their own': the page names the need and its respondents."""
    report = build_report(
        tagged_min_three, ["q_improve"], codebook=Codebook.load(), respondent_column="respondent_id"
    )
    unique = report.tables["unique_requests"]
    shared = unique[(unique["respondents"] > 1) & (unique["subtopic_respondents"] > 1)]
    assert len(shared) >= 2  # the sample has such needs at --min-respondents 3
    page = html.unescape(report.html)
    for _, row in shared.drop_duplicates("subtopic_id").iterrows():
        heading = f'{row["subtopic"]}</b> <span class="muted">— {row["subtopic_respondents"]} '
        assert f"{heading}respondents on this topic</span>" in page
    for _, row in shared.drop_duplicates("need_id").iterrows():
        assert f"(one of {row['respondents']} respondents asking for: {row['need']})" in page
    alone = unique[unique["respondents"] == 1]
    assert not any(f"asking for: {need})" in page for need in alone["need"])


def test_a_theme_bar_is_grey_when_its_balance_is_shown_unchanged(improve_tagged):
    """This year: the sample five times over (750 answers); the previous year: the same and
    one more, neutral, answer on advocacy. Advocacy's share fell by 0.1 pp, and each
    theme's balance of praise over asks moved by less than the 0.05 pp the table shows as
    0.0 pp (the same praise and asks over one answer more). Bars are coloured by what the
    table shows: all grey, none called good or bad news for a change of praise and asks
    that is not there."""
    this_year = pd.concat(
        [improve_tagged.assign(respondent_id=improve_tagged["respondent_id"] + f"-{copy}")
         for copy in range(5)],
        ignore_index=True,
    )  # fmt: skip
    extra = improve_tagged.iloc[[0]].copy()
    extra["respondent_id"] = "R2025-extra"
    extra["q_improve"] = "Le plaidoyer."
    extra[["themes", "stance"]] = ["advocacy", "neutral"]
    previous = pd.concat([this_year, extra], ignore_index=True)
    report = build_report(
        this_year,
        ["q_improve"],
        codebook=Codebook.load(),
        respondent_column="respondent_id",
        compare=previous,
    )
    change = report.tables["theme_change"]
    assert (change["balance_change_pp"].abs() < 0.05).all()
    assert (change["balance_change_pp"] != 0).any() and (change["change_pp"].abs() >= 0.05).any()
    (chart,) = [svg for svg in report.html.split("<svg") if 'id="chart-theme-change' in svg]
    assert "fill: #8a94a6" in chart
    assert "fill: #c0392b" not in chart and "fill: #2e7d4f" not in chart


def compare_section(tagged: pd.DataFrame, previous: pd.DataFrame) -> str:
    """The text of the report's comparison section, `tagged` against `previous` (the
    sample's respondent and score columns)."""
    report = build_report(
        tagged,
        ["q_improve"],
        codebook=Codebook.load(),
        respondent_column="respondent_id",
        score_column="recommend_score",
        compare=previous,
    )
    return html.unescape(report.html.split('id="compare"')[1].split("</section>")[0])


def test_changes_resting_on_few_answers_or_scores_are_marked_as_indications(improve_tagged):
    """Last year's file with only 12 Spanish rows: the Spanish change of each theme's share
    rests on 12 answers, and Spanish's net promoter score change on 12 or fewer scores.
    Before, they were shown as the other languages', with nothing to say that one answer
    moves a share by 8 points; now the Spanish column and line are marked, with a note."""
    spanish = improve_tagged["language"] == "es"
    previous = pd.concat([improve_tagged[~spanish], improve_tagged[spanish].iloc[:12]])
    themes, nps = compare_section(improve_tagged, previous).split('id="nps-change"')
    assert "Change: Spanish *" in themes and "Change: French *" not in themes
    assert "* Fewer than 30 answers in this language in one of the two years" in themes
    assert "Spanish *" in nps and "French *" not in nps and "* Fewer than 30 scores" in nps
    # the full files rest on 40 or more answers per language: no language is marked (the
    # few answers whose language was undetermined are)
    section = compare_section(improve_tagged, improve_tagged)
    assert not any(f"{name} *" in section for name in ("Spanish", "French", "English"))
    assert "Fewer than 30 answers" not in section


def test_the_overall_change_resting_on_few_answers_is_marked_as_an_indication(improve_tagged):
    """Last year's file with 20 answers in all: every language's column of share changes
    was marked as resting on few answers, but the overall change, resting on those same 20
    answers, was not (while the net promoter score's overall line was); now it is, with
    one note for every column."""
    themes = compare_section(improve_tagged, improve_tagged.iloc[:20]).split('id="nps-change"')[0]
    assert "Change *" in themes and "Change: French *" in themes
    assert "* Fewer than 30 answers in one of the two years:" in themes
    assert "in this language" not in themes
    assert "Change *" not in compare_section(improve_tagged, improve_tagged)


def test_a_segment_column_is_named_on_the_page_by_its_label(cli, tagged_files, tmp_path):
    """A Spanish report broken down by the export's `region` column: the page said "Por
    region", the column's name, in the middle of a Spanish page; `--segment-label` names
    it as `--question-label` names a question. A label for a column the report does not
    break down by is refused before anything is written."""
    page = tmp_path / "r.html"
    report = ("report", tagged_files["this_year"], "-o", page, "--text-column", "q_improve",
              "--lang", "es", "--segment-column", "region")  # fmt: skip
    code, _, err = cli(*report, "--segment-label", "region=Región del miembro")
    assert code == 0, err
    shown = html.unescape(page.read_text(encoding="utf-8"))
    assert "Por Región del miembro" in shown and "Por region" not in shown
    page.unlink()
    code, _, err = cli(*report, "--segment-label", "regoin=Región")
    assert code == 2 and "'regoin'" in err and "its segment column(s): region" in err
    assert not page.exists()
