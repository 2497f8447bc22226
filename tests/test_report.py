"""The consultation report, built from files tagged by the real `classifier tag` command."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import FrozenInstanceError
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from classifier.cli import main
from classifier.codebook import Codebook
from classifier.errors import ClassifierError, ColumnError, DataWarning, ReportError
from classifier.io.layout import prediction_column, tagged_questions
from classifier.io.tables import read_table
from classifier.report import build_report
from classifier.report.context import build_context
from classifier.report.formats import format_points
from classifier.report.i18n import REPORT_LANGUAGES, plural, respondents_label
from classifier.report.sections.by_theme import by_theme
from classifier.report.sections.comparison import comparison
from classifier.report.sections.need_change import need_change
from classifier.report.sections.needs import recurring_needs
from classifier.report.sections.nps import net_promoter_score
from classifier.report.sections.overview import overview
from classifier.report.sections.themes import theme_frequency
from classifier.report.texts_answers import ANSWER_TEXTS
from classifier.report.texts_scores import SCORE_TEXTS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"
PREVIOUS = ROOT / "data" / "examples" / "consultation_sample_2025.csv"
CHROMIUM = "/usr/bin/chromium"
PREDICTIONS = (
    "language",
    "themes",
    "stance",
    "stance_score",
    "need_ids",
    "need_labels",
    "need_respondents",
    "recurrence",
    "suggestion_ids",
)


def tag(source: Path, output: Path, question: str, *extra: str) -> pd.DataFrame:
    code = main(
        [
            "tag",
            str(source),
            "-o",
            str(output),
            "--text-column",
            question,
            "--respondent-column",
            "respondent_id",
            "--language-column",
            "questionnaire_language",
            *extra,
        ]
    )
    assert code == 0
    return read_table(output)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """This year's file tagged on each question, and last year's on q_improve."""
    folder = tmp_path_factory.mktemp("tagged")
    return {
        "improve": tag(SAMPLE, folder / "improve.csv", "q_improve"),
        "strengths": tag(SAMPLE, folder / "strengths.csv", "q_strengths"),
        "previous": tag(PREVIOUS, folder / "previous.csv", "q_improve"),
    }


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.load()


@pytest.fixture(scope="module")
def report(tagged, codebook):
    return make_report(tagged["improve"], codebook, compare=tagged["previous"])


@pytest.fixture(scope="module")
def both(tagged) -> pd.DataFrame:
    """This year's file tagged on both questions (prefixed columns): the praise is in the
    strengths question's answers, read with that question's stance mix."""
    strengths = prefixed(tagged["strengths"], "q_strengths")
    improve = prefixed(tagged["improve"], "q_improve")
    return pd.concat(
        [improve, strengths[[c for c in strengths.columns if c.startswith("q_strengths_")]]], axis=1
    )


def make_report(frame, codebook, questions=("q_improve",), **options):
    settings = {
        "respondent_column": "respondent_id",
        "score_column": "recommend_score",
        "segment_columns": ["region", "member_type"],
        "lang": "en",
    }
    settings.update(options)
    return build_report(frame, list(questions), codebook=codebook, **settings)


def make_context(frame, codebook, questions=("q_improve",), **options):
    """The context of the report that `make_report` builds with the same arguments."""
    settings = {
        "respondent_column": "respondent_id",
        "score_column": "recommend_score",
        "segment_columns": ["region", "member_type"],
        "lang": "en",
    }
    settings.update(options)
    return build_context(frame, list(questions), codebook=codebook, **settings)


def prefixed(frame: pd.DataFrame, question: str) -> pd.DataFrame:
    """The tagged frame with its prediction columns prefixed by the question."""
    names = {
        c: f"{question}_{c}" for c in frame.columns if c in PREDICTIONS or c.startswith("score_")
    }
    return frame.rename(columns=names)


def hand_score(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and int(value) <= 10 else None


def hand_nps(scores: list[int]) -> float:
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100 * (promoters - detractors) / len(scores)


def hand_shares(frame: pd.DataFrame, text_column: str = "q_improve") -> dict[str, float]:
    answers = frame[frame[text_column].str.strip() != ""]
    counts = answers["themes"].str.split(";").explode().value_counts()
    return {theme: 100 * n / len(answers) for theme, n in counts.items() if theme}


def answer_language(frame: pd.DataFrame) -> pd.Series:
    """A respondent's language with one question: the tagged language of their row, which is
    the predicted one of a non-empty answer, or the questionnaire's for an empty one."""
    return frame["language"].where(frame["language"].isin(["fr", "en", "es"]), "und")


# -------------------------------------------------------------------- layout
def test_prediction_column_finds_both_layouts_or_asks_to_tag_first():
    frame = pd.DataFrame(columns=["q_improve", "themes", "q_strengths_themes"])
    assert prediction_column(frame, "q_improve", "themes") == "themes"
    assert prediction_column(frame, "q_strengths", "themes") == "q_strengths_themes"
    with pytest.raises(ColumnError, match="must be tagged first"):
        prediction_column(frame, "q_improve", "stance")


# ---------------------------------------------------------------- contents
def test_overview_counts_respondents_and_answers_of_the_input(report, tagged):
    source = read_table(SAMPLE)
    overview = report.tables["overview"].set_index("language")
    assert overview.at["total", "respondents"] == source["respondent_id"].nunique() == 150
    assert overview.at["total", "answers"] == (source["q_improve"].str.strip() != "").sum()
    languages = answer_language(tagged["improve"])
    for language in ("fr", "en", "es", "und"):
        assert overview.at[language, "respondents"] == (languages == language).sum()
    assert (
        overview.loc[["fr", "en", "es", "und"], "answers"].sum() == overview.at["total", "answers"]
    )


def test_blank_rows_inside_a_spreadsheet_range_are_no_respondents(tagged, codebook):
    frame = tagged["improve"]
    blank = pd.DataFrame([[""] * len(frame.columns)] * 5, columns=frame.columns)
    padded = pd.concat([frame.iloc[:70], blank, frame.iloc[70:]], ignore_index=True)
    overview = make_report(padded, codebook).tables["overview"].set_index("language")
    assert overview.at["total", "respondents"] == 150


def test_blank_rows_of_the_export_tagged_with_it_are_no_respondents(codebook, tmp_path):
    # Excel saves a cleared row inside the range as `,,,,,,,`: `tag` keeps and tags it
    # (language `und`, stance `neutral`, theme scores), so it is no longer empty. Before,
    # each counted as an undetermined respondent: 155 respondents for 150 members.
    survey = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    blank = pd.DataFrame([[""] * len(survey.columns)] * 5, columns=survey.columns)
    source = tmp_path / "blank_rows.csv"
    pd.concat([survey.iloc[:70], blank, survey.iloc[70:]]).to_csv(source, index=False)
    assert ",,,,,,,\n" in source.read_text(encoding="utf-8")
    frame = tag(source, tmp_path / "tagged.csv", "q_improve")
    assert len(frame) == 155 and (frame["stance"].iloc[70:75] == "neutral").all()
    overview = make_report(frame, codebook).tables["overview"].set_index("language")
    assert overview.at["total", "respondents"] == 150
    assert overview.at["und", "respondents"] == 0


def test_nps_equals_a_hand_computation_on_the_scores(report, tagged):
    frame = tagged["improve"]
    frame = frame.assign(
        score=frame["recommend_score"].map(hand_score), lang=answer_language(frame)
    )
    scored = frame[frame["score"].notna()]
    nps = report.tables["nps"]
    overall = nps[nps["dimension"] == "overall"].iloc[0]
    assert overall["scored"] == len(scored) == 143
    assert overall["nps"] == pytest.approx(hand_nps(scored["score"].tolist()))
    for dimension, column in (
        ("language", "lang"),
        ("region", "region"),
        ("member_type", "member_type"),
    ):
        rows = nps[nps["dimension"] == dimension]
        assert sorted(rows["group"]) == sorted(scored[column].unique())
        for _, row in rows.iterrows():
            group = scored[scored[column] == row["group"]]["score"].tolist()
            assert row["scored"] == len(group)
            assert row["nps"] == pytest.approx(hand_nps(group))
            assert row["promoters"] + row["passives"] + row["detractors"] == len(group)
    assert nps["nps"].min() >= -100 and nps["nps"].max() <= 100
    # A group of fewer than 30 scores is marked on the page, with a note on reading it
    # (before, a region's score on 9 scores stood beside the overall one on 143 unmarked).
    small = nps[nps["scored"] < 30]
    assert len(small) and (nps["scored"] >= 30).any()
    page = report.html[report.html.index('id="nps"') :]
    page = page[: page.index('id="nps-themes"')]
    for _, row in nps.iterrows():
        marked = f">{row['scored']} *<" in page
        assert marked == (row["scored"] < 30), row["label"]
    assert "* Fewer than 30 scores" in page


def test_theme_shares_are_consistent_with_the_tagged_themes(report, tagged):
    themes = report.tables["themes"]
    frame = tagged["improve"]
    answered = frame[frame["q_improve"].str.strip() != ""]
    mentions = answered["themes"].str.split(";").explode()
    assert themes["answers"].sum() == (mentions != "").sum()
    assert dict(zip(themes["theme_id"], themes["share_pct"], strict=True)) == pytest.approx(
        {t: hand_shares(frame).get(t, 0.0) for t in themes["theme_id"]}
    )
    by_language = themes[["answers_fr", "answers_en", "answers_es"]].sum(axis=1)
    assert (by_language <= themes["answers"]).all()
    assert list(themes["answers"]) == sorted(themes["answers"], reverse=True)
    assert set(themes["theme_id"]) == set(Codebook.load().theme_ids)


def test_recurring_needs_come_from_the_tagged_file_largest_first(report, tagged, codebook):
    frame = tagged["improve"]
    needs = report.tables["recurring_needs"]
    assert len(needs) >= 1
    assert (needs["respondents"] >= 2).all()
    assert list(needs["respondents"]) == sorted(needs["respondents"], reverse=True)
    catalogue = codebook.catalogue
    for _, need in needs.iterrows():
        rows = frame[frame["need_ids"].str.split(";").map(lambda ids, n=need: n.need_id in ids)]
        assert need["respondents"] == rows["respondent_id"].nunique()
        assert need["answers"] == len(rows)
        first = rows[rows["need_ids"].str.split(";").str[0] == need["need_id"]]
        assert first["recurrence"].isin(["recurring", "part of recurring need"]).all()
        assert first["need_respondents"].astype(float).eq(need["respondents"]).all()
        quotes = [need[f"quote_{lang}"] for lang in ("fr", "en", "es", "und")]
        assert {q for q in quotes if q} <= set(rows["q_improve"].str.strip())
        if need["catalogue"] == "yes":
            assert need["need"] == catalogue.label(need["need_id"], "en")
    suggestions = report.tables["need_suggestions"]
    assert set(suggestions["need_id"]) == set(needs["need_id"])
    # each suggestion's quote is tagged with the language of the answer quoted (not the first
    # language of the suggestion: a Spanish quote of a suggestion raised in fr and es is es)
    language_of = dict(zip(frame["q_improve"].str.strip(), frame["language"], strict=True))
    assert (suggestions["quote"].map(language_of) == suggestions["quote_language"]).all()
    assert (suggestions["quote_language"] != suggestions["languages"].str[:2]).any()
    per_need = suggestions.groupby("need_id")["respondents"].sum()
    assert (per_need >= needs.set_index("need_id")["respondents"].reindex(per_need.index)).all()
    unique = report.tables["unique_requests"]
    assert len(unique) > 0 and not set(unique["need_id"]) & set(needs["need_id"])
    assert unique["quote"].is_unique  # each answer quoted once
    # a catalogue need's request carries its sub-topic, and the respondents whose unique
    # requests share that sub-topic are counted
    subtopics = unique["need_id"].map(
        lambda n: getattr(catalogue.subtopic_of(n), "id", "") if n in catalogue.need_ids else ""
    )
    assert (unique["subtopic_id"].fillna("") == subtopics).all()
    respondent_of = dict(zip(frame["q_improve"].str.strip(), frame["respondent_id"], strict=True))
    sharing = unique.assign(respondent=unique["quote"].map(respondent_of)).groupby("subtopic_id")
    counts = unique["subtopic_id"].map(sharing["respondent"].nunique())
    assert (unique["subtopic_respondents"] == counts.where(subtopics != "", 0)).all()
    shared = unique[unique["subtopic_respondents"] > 1]
    assert len(shared) >= 2  # the bundled sample has unique requests sharing a topic
    for _, row in shared.drop_duplicates("subtopic_id").iterrows():
        label = catalogue.subtopic_of(row["need_id"]).label_in("en")
        heading = f'{label}</b> <span class="muted">— {row["subtopic_respondents"]} respondents'
        assert heading.replace("'", "&#x27;") in report.html
    details = report.tables["theme_details"]
    assert set(details[details["item"] == "request"]["need_id"]) <= set(needs["need_id"]) | set(
        unique["need_id"]
    )


def test_a_catalogue_needs_themes_are_its_own_that_its_answers_mention(report, tagged, codebook):
    """A catalogue need is listed under the catalogue's themes its answers talk about, not
    under another theme one of its answers also mentions; each top request of a theme card
    names its need."""
    frame = tagged["improve"]
    catalogue = codebook.catalogue
    needs = report.tables["recurring_needs"]
    narrowed = 0
    for _, need in needs[needs["catalogue"] == "yes"].iterrows():
        rows = frame[frame["need_ids"].str.split(";").map(lambda ids, n=need: n.need_id in ids)]
        mentioned = {t for cell in rows["themes"] for t in cell.split(";") if t}
        own = set(catalogue.need(need["need_id"]).themes) & mentioned
        shown = set(need["theme_ids"].split(";"))
        if own:
            assert shown == own
            narrowed += len(mentioned - own) > 0
        else:  # matched on words the theme model read otherwise: its answers' themes
            assert shown <= mentioned
    assert narrowed >= 3  # their answers mention other themes too (the old rule showed them)
    details = report.tables["theme_details"]
    requests = details[details["item"] == "request"]
    for _, row in requests.iterrows():
        if row["need_id"] in catalogue.need_ids:
            assert row["theme_id"] in catalogue.need(row["need_id"]).themes
            assert row["need"] == catalogue.label(row["need_id"], "en")
            heading = f'{html.escape(row["need"])} <span class="muted">· {row["respondents"]} '
            assert heading in report.html
    assert (requests["need_id"].isin(catalogue.need_ids)).sum() >= 10


def test_recurrence_is_read_from_the_tagged_file_not_fixed(tmp_path, codebook, tagged):
    """Tagged with --min-respondents 3, needs of two respondents are unique requests."""
    frame = tag(SAMPLE, tmp_path / "three.csv", "q_improve", "--min-respondents", "3")
    report = make_report(frame, codebook)
    recurring = report.tables["recurring_needs"]
    assert (recurring["respondents"] >= 3).all()
    two = {
        need
        for need, people in frame.groupby(frame["need_ids"].str.split(";").str[0])["respondent_id"]
        .nunique()
        .items()
        if need and people == 2
    }
    unique = report.tables["unique_requests"]
    assert two and two <= set(unique["need_id"])
    # every answer whose first need is not recurring is quoted, each once, with its need's
    # respondents (two respondents' asks of one need are both listed)
    first = frame["need_ids"].str.split(";").str[0]
    asks = frame[(first != "") & ~first.isin(recurring["need_id"])]
    assert sorted(unique["quote"]) == sorted(asks["q_improve"].str.strip())
    respondents = frame.groupby(first)["respondent_id"].nunique()
    assert (unique["respondents"] == unique["need_id"].map(respondents)).all()
    assert (unique["respondents"] == 2).sum() == 2 * len(two)
    # The page says how many respondents make a need recurring in this file (before, "the
    # number chosen when the file was tagged; two by default": a board reading it
    # assumed two).
    assert "A need is recurring when 3 or more respondents raise it" in report.html
    assert "2 or more respondents raise it" in make_report(tagged["improve"], codebook).html


def test_needs_are_lined_up_across_years_by_catalogue_id(report, tagged, codebook):
    change = report.tables["need_change"].set_index("need_id")
    assert set(change.index) <= set(codebook.catalogue.need_ids) and len(change) > 0
    for frame, column in (
        (tagged["improve"], "respondents"),
        (tagged["previous"], "previous_respondents"),
    ):
        ids = frame["need_ids"].str.split(";")
        for need_id, row in change.iterrows():
            raised = frame[ids.map(lambda values, n=need_id: n in values)]
            assert row[column] == raised["respondent_id"].nunique()
    assert (change["change"] == change["respondents"] - change["previous_respondents"]).all()


@pytest.mark.parametrize(
    "lang, headings, html_lang",
    [
        (
            "en",
            [
                "Overview",
                "Themes by frequency",
                "Recurring needs",
                "Net promoter score",
                "Change since the previous consultation",
                "Top successes",
            ],
            "en",
        ),
        (
            "fr",
            [
                "Vue d'ensemble",
                "Thèmes par fréquence",
                "Besoins récurrents",
                "Évolution depuis la consultation précédente",
                "Principaux succès",
            ],
            "fr",
        ),
        (
            "es",
            [
                "Resumen",
                "Temas por frecuencia",
                "Necesidades recurrentes",
                "Cambios desde la consulta anterior",
                "Principales logros",
            ],
            "es",
        ),
    ],
)
def test_headings_and_theme_labels_are_in_the_report_language(
    tagged, codebook, lang, headings, html_lang
):
    html = make_report(tagged["improve"], codebook, compare=tagged["previous"], lang=lang).html
    assert f'<html lang="{html_lang}">' in html
    for heading in headings:
        assert f">{heading}</h2>" in html or f">{heading}</h4>" in html
    assert f"<h3>{codebook.label('language_access', lang)}</h3>" in html
    if lang != "en":
        assert "Themes by frequency" not in html and "Recurring needs" not in html


def test_compare_gives_this_year_minus_last_year(report, tagged):
    change = report.tables["theme_change"].set_index("theme_id")
    now, before = hand_shares(tagged["improve"]), hand_shares(tagged["previous"])
    for theme, row in change.iterrows():
        assert row["share_pct"] == pytest.approx(now.get(theme, 0.0))
        assert row["previous_share_pct"] == pytest.approx(before.get(theme, 0.0))
        assert row["change_pp"] == pytest.approx(now.get(theme, 0.0) - before.get(theme, 0.0))
    assert list(change["change_pp"]) == sorted(change["change_pp"], reverse=True)
    nps = report.tables["nps_change"].set_index(["dimension", "group"])
    previous = tagged["previous"]["recommend_score"].map(hand_score).dropna().tolist()
    current = tagged["improve"]["recommend_score"].map(hand_score).dropna().tolist()
    assert nps.at[("overall", ""), "previous_nps"] == pytest.approx(hand_nps(previous))
    assert nps.at[("overall", ""), "change"] == pytest.approx(
        hand_nps(current) - hand_nps(previous)
    )
    assert set(nps.index.get_level_values(0)) == {"overall", "language"}


@pytest.mark.parametrize("year_without_spanish", ["this", "previous"])
def test_a_language_of_one_year_only_keeps_its_nps_line(tagged, codebook, year_without_spanish):
    frames = {"this": tagged["improve"], "previous": tagged["previous"]}
    frame = frames[year_without_spanish]
    frames[year_without_spanish] = frame[frame["language"] != "es"].reset_index(drop=True)
    report = make_report(frames["this"], codebook, compare=frames["previous"])
    nps = report.tables["nps_change"]
    groups = list(nps["group"])  # overall, then the languages of either year in order
    assert groups == ["", *[code for code in ("fr", "en", "es", "und") if code in groups]]
    spanish = nps.set_index("group").loc["es"]
    counts = {"this": spanish["scored"], "previous": spanish["previous_scored"]}
    assert counts[year_without_spanish] == 0
    assert counts[{"this": "previous", "previous": "this"}[year_without_spanish]] > 0
    assert spanish["label"] == "Spanish"


def test_a_theme_last_years_model_did_not_know_has_no_change_not_a_rise_from_zero(tagged, codebook):
    previous = tagged["previous"]
    without = previous.drop(columns=[c for c in previous.columns if c.endswith("language_access")])
    without["themes"] = without["themes"].map(
        lambda cell: ";".join(t for t in cell.split(";") if t != "language_access")
    )
    with pytest.warns(DataWarning, match=r"no score column for the theme\(s\) language_access"):
        report = make_report(tagged["improve"], codebook, compare=without)
    change = report.tables["theme_change"].set_index("theme_id")
    assert change.at["language_access", "share_pct"] > 0
    assert pd.isna(change.at["language_access", "previous_share_pct"])
    assert pd.isna(change.at["language_access", "change_pp"])
    known = make_report(tagged["improve"], codebook, compare=previous).tables["theme_change"]
    assert not known.set_index("theme_id")["change_pp"].isna().any()


def test_need_changes_left_off_the_page_are_counted(report):
    """The line counting the needs left off says their changes are smaller only when they
    are: on the sample, needs with the 20th shown need's change are left off too."""
    changes = report.tables["need_change"]
    assert len(changes) > 20
    sizes = changes["change"].abs().sort_values(ascending=False).tolist()
    assert sizes[20] == sizes[19]  # a tie at the cut
    assert "with smaller changes" not in report.html
    assert (
        f"… and {len(changes) - 20} more needs, with changes as large or smaller (of equal "
        "changes, those with the most respondents this year are shown)" in report.html
    )


def test_a_change_that_rounds_to_zero_has_no_sign():
    assert format_points(-0.006, "en") == "0.0\u00a0pp"
    assert format_points(-0.06, "fr") == "−0,1\u00a0pt"
    assert format_points(0.04, "es") == "0,0\u00a0p.\u00a0p."


def test_french_points_are_singular_below_two():
    # "1,5 point", as French says it; before, "+0,5 pts"
    assert [format_points(v, "fr") for v in (0.5, -1.94, 1.96, 12.0)] == [
        "+0,5\u00a0pt",
        "−1,9\u00a0pt",
        "+2,0\u00a0pts",
        "+12,0\u00a0pts",
    ]


def test_page_rounds_a_half_as_the_workbook_shows_it(tagged, codebook, tmp_path):
    """16 English answers, one of them on a theme: 6.25 % by hand, which the workbook (format
    0.0) shows as 6.3, halves away from zero. The page showed 6.2, Python's rounding."""
    frame = tagged["improve"]
    english = frame[(frame["language"] == "en") & (frame["q_improve"].str.strip() != "")]
    themes = english["themes"].str.split(";")
    theme = next(t for t in themes.explode() if t)
    subset = pd.concat(
        [
            english[themes.map(lambda ids: theme in ids)].iloc[:1],
            english[themes.map(lambda ids: theme not in ids)].iloc[:15],
        ]
    )
    report = make_report(subset, codebook)
    row = report.tables["themes"].set_index("theme_id").loc[theme]
    assert row["share_pct"] == row["share_en_pct"] == 100 * 1 / 16 == 6.25
    label = re.escape(codebook.label(theme, "en").replace("&", "&amp;"))
    cells = re.search(rf"<tr><td>{label}</td>(.*?)</tr>", report.html).group(1)
    shares = re.findall(r'<td class="num">([^<]*)</td>', cells)  # answers, all, fr, en, es
    assert shares[1:] == ["6.3%", "—", "6.3%", "—"]
    sheet = openpyxl.load_workbook(report.write_xlsx(tmp_path / "r.xlsx"))["themes"]
    shown = [c for c in sheet["D"] if c.value == 6.25]  # share_pct
    assert shown and all(c.number_format == "0.0" for c in shown)
    assert format_points(-6.25, "en") == "−6.3\u00a0pp"


def test_same_html_whatever_the_row_order(report, tagged, codebook):
    shuffled = tagged["improve"].sample(frac=1, random_state=7).reset_index(drop=True)
    previous = tagged["previous"].iloc[::-1].reset_index(drop=True)
    again = make_report(shuffled, codebook, compare=previous)
    assert again.html == report.html
    assert list(again.tables) == list(report.tables)
    for name, table in report.tables.items():
        pd.testing.assert_frame_equal(again.tables[name], table)


def test_several_questions_with_prefixed_columns(tagged, both, codebook, report):
    improve = prefixed(tagged["improve"], "q_improve")
    result = make_report(both, codebook, ["q_improve", "q_strengths"])
    overview = result.tables["overview"].set_index("language")
    answered = {
        q: (tagged["improve"][q].str.strip() != "").sum() for q in ("q_improve", "q_strengths")
    }
    assert overview.at["total", "answers_q_improve"] == answered["q_improve"]
    assert overview.at["total", "answers_q_strengths"] == answered["q_strengths"]
    assert overview.at["total", "answers"] == sum(answered.values())
    assert overview.at["total", "respondents"] == 150
    themes = result.tables["themes"].set_index("theme_id")
    assert themes["share_q_strengths_pct"].to_dict() == pytest.approx(
        {t: hand_shares(tagged["strengths"], "q_strengths").get(t, 0.0) for t in themes.index}
    )
    assert "q_strengths" in result.html
    # the prefixed layout of one question gives the same tables as the unprefixed one
    alone = make_report(improve, codebook, compare=tagged["previous"])
    for name, table in report.tables.items():
        pd.testing.assert_frame_equal(alone.tables[name], table)
    with pytest.raises(ColumnError, match="prefixed"):
        make_report(tagged["improve"], codebook, ["q_improve", "q_strengths"])


def test_file_tagged_for_two_questions_by_the_cli(tagged, codebook, tmp_path):
    output = tmp_path / "both.csv"
    code = main(
        [
            "tag",
            str(SAMPLE),
            "-o",
            str(output),
            "--text-column",
            "q_strengths",
            "--text-column",
            "q_improve",
            "--respondent-column",
            "respondent_id",
            "--language-column",
            "questionnaire_language",
        ]
    )
    assert code == 0
    frame = read_table(output)
    assert tagged_questions(frame) == ["q_strengths", "q_improve"]
    assert tagged_questions(tagged["improve"]) == []
    result = make_report(frame, codebook, tagged_questions(frame), lang="es")
    overview = result.tables["overview"].set_index("language")
    for question in ("q_strengths", "q_improve"):
        answered = (frame[question].str.strip() != "").sum()
        assert overview.at["total", f"answers_{question}"] == answered
    # a catalogue need raised in both questions is one need: its questions are both
    asked_in = {q for v in result.tables["recurring_needs"]["question"] for q in v.split(";")}
    assert asked_in <= {"q_strengths", "q_improve"}
    assert "Respuestas: q_strengths" in result.html


# ---------------------------------------------------------------- sections
# Each section with the tables it yields, in page order.
SECTIONS = [
    (overview, ["overview"]),
    (theme_frequency, ["themes"]),
    (by_theme, ["theme_details"]),
    (recurring_needs, ["recurring_needs", "need_suggestions", "unique_requests"]),
    (net_promoter_score, ["nps", "nps_themes"]),
    (comparison, ["theme_change", "nps_change"]),
    (need_change, ["need_change"]),
]


def test_each_section_alone_on_a_fresh_context_gives_its_part_of_the_report(
    tagged, codebook, report
):
    for section, names in reversed(SECTIONS):  # last first: no section relies on another
        ctx = make_context(tagged["improve"], codebook, compare=tagged["previous"])
        part = section(ctx)
        assert list(part.tables) == names
        for name in names:
            pd.testing.assert_frame_equal(part.tables[name], report.tables[name])
        assert f'<section id="{part.anchor}"><h2>{part.heading}</h2>{part.body}</section>' in (
            report.html
        )


def test_by_theme_called_first_is_not_empty(both, codebook):
    ctx = make_context(both, codebook, ["q_improve", "q_strengths"])
    details = by_theme(ctx).tables["theme_details"]
    assert not details.empty and set(details["item"]) == {"success", "request"}
    assert list(dict.fromkeys(details["theme_id"])) == [
        t for t in ctx.theme_order if t in set(details["theme_id"])
    ]


def test_context_is_frozen_and_orders_themes_by_frequency(tagged, codebook, report):
    ctx = make_context(tagged["improve"], codebook)
    assert list(ctx.theme_order) == report.tables["themes"]["theme_id"].tolist()
    answers = report.tables["themes"]["answers"].tolist()
    assert answers == sorted(answers, reverse=True)
    with pytest.raises(FrozenInstanceError):
        ctx.theme_order = ()
    with pytest.raises(ReportError, match="no previous consultation"):
        comparison(ctx)


def test_every_text_exists_in_every_report_language():
    assert not set(ANSWER_TEXTS) & set(SCORE_TEXTS)
    for key, texts in {**ANSWER_TEXTS, **SCORE_TEXTS}.items():
        assert set(texts) == set(REPORT_LANGUAGES), key


# ------------------------------------------------------------------- outputs
def test_xlsx_has_one_sheet_per_table_and_html_is_written(report, tmp_path):
    workbook_path = report.write_xlsx(tmp_path / "report.xlsx")
    page = report.write_html(tmp_path / "report.html")
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert (
        workbook.sheetnames
        == list(report.tables)
        == [
            "overview",
            "themes",
            "theme_details",
            "recurring_needs",
            "need_suggestions",
            "unique_requests",
            "nps",
            "nps_themes",
            "theme_change",
            "nps_change",
            "need_change",
        ]
    )
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert read_table(workbook_path, sheet="nps").shape[0] == len(report.tables["nps"])
    assert page.read_text(encoding="utf-8") == report.html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.xlsx"]
    with pytest.raises(ClassifierError, match="does not exist"):
        report.write_html(tmp_path / "missing" / "report.html")


def test_outputs_refuse_a_directory_as_file_name(report, tmp_path):
    for write in (report.write_html, report.write_xlsx):
        with pytest.raises(ClassifierError, match="names a folder, not a file"):
            write(tmp_path)


def test_user_text_is_escaped(tagged, codebook, tmp_path):
    frame = tagged["improve"].copy()
    unique = frame.index[frame["recurrence"] == "unique"][0]
    frame.loc[unique, "q_improve"] = '=1+1 <script>alert("x")</script> & more <b>webinars</b>'
    frame.loc[0, "region"] = "<i>Région</i>"
    result = make_report(frame, codebook, title="Consultation <2026> & co")
    assert "<script>" not in result.html and "<b>webinars" not in result.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in result.html
    assert "&lt;i&gt;Région&lt;/i&gt;" in result.html
    assert "<title>Consultation &lt;2026&gt; &amp; co</title>" in result.html
    sheet = openpyxl.load_workbook(result.write_xlsx(tmp_path / "r.xlsx"))["unique_requests"]
    cells = [c for row in sheet.iter_rows() for c in row if "script" in str(c.value)]
    assert cells and all(c.data_type == "s" and c.value.startswith("=1+1") for c in cells)


def test_missing_or_non_numeric_scores_say_not_available(tagged, codebook):
    frame = tagged["improve"].assign(recommend_score="n/a")
    for result in (make_report(frame, codebook), make_report(frame, codebook, score_column=None)):
        assert result.tables["nps"].empty and result.tables["nps_themes"].empty
        assert "Recommendation scores are not available" in result.html
    french = make_report(frame, codebook, score_column=None, lang="fr")
    assert "Les notes de recommandation ne sont pas disponibles" in french.html


def test_user_errors(tagged, codebook):
    with pytest.raises(ReportError, match="no rows") as error:
        make_report(tagged["improve"].iloc[0:0], codebook)
    assert isinstance(error.value, ValueError)
    with pytest.raises(ColumnError, match="columns found: respondent_id"):
        make_report(tagged["improve"], codebook, segment_columns=["country"])
    with pytest.raises(ColumnError, match="must be tagged first"):
        make_report(read_table(SAMPLE), codebook)
    with pytest.raises(ColumnError, match="previous consultation"):
        make_report(
            tagged["improve"], codebook, compare=tagged["previous"].drop(columns=["themes"])
        )
    with pytest.raises(ValueError, match="en, fr or es"):
        make_report(tagged["improve"], codebook, lang="de")
    with pytest.raises(ReportError, match="label\\(s\\) given for 'q_imporve', which the report"):
        make_report(tagged["improve"], codebook, question_labels={"q_imporve": "To improve"})


def test_report_outputs_named_for_another_format_are_refused_before_writing(cli, tmp_path):
    tagged = tmp_path / "tagged.csv"
    code, _, err = cli("tag", SAMPLE, "-o", tagged, "--text-column", "q_improve")
    assert code == 0, err
    report = ("report", tagged, "--text-column", "q_improve")
    for names, refused in (
        (("-o", tmp_path / "report.xlsx"), "the HTML report is written as .html or .htm"),
        (
            ("-o", tmp_path / "report.html", "--xlsx", tmp_path / "report.csv"),
            "the report's workbook is written as .xlsx, not .csv",
        ),
    ):
        code, _, err = cli(*report, *names)
        assert code == 2 and refused in err, err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["tagged.csv"]
    code, _, err = cli(*report, "-o", tmp_path / "report.HTM", "--xlsx", tmp_path / "r.XLSX")
    assert code == 0, err


# ------------------------------------------------------------------- browser
def headless_chromium() -> str:
    """The Chromium binary; the test is skipped without one (and fails under CI)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI for the report rendering test")
        pytest.skip("chromium is not installed")
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


def test_headless_browser_renders_the_page_with_its_charts(report, tmp_path):
    browser = headless_chromium()
    page = report.write_html(tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    options = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,3000",
    ]
    subprocess.run(
        [*options, f"--screenshot={shot}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=90,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = subprocess.run(
        [*options, "--dump-dom", page.as_uri()],
        check=True,
        capture_output=True,
        text=True,
        timeout=90,
    ).stdout
    assert len(re.findall(r"<svg\b", dom)) == 3  # themes, NPS, change in themes
    assert dom.count('role="img"') == 3 and "Net promoter score" in dom
    assert not re.search(r'(?:src|href)="(?:https?:)?//', dom)  # nothing to fetch


# Appended to a page: writes, after layout, each table wider than the page's column.
MEASURE_TABLES = """<script>window.addEventListener('load', () => {
  const main = document.querySelector('main'), style = getComputedStyle(main);
  const room = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const wide = [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().width > room + 1)
    .map(t => t.closest('section').id + ': ' + t.querySelector('thead').innerText);
  const out = document.createElement('pre');
  out.id = 'wide-tables';
  out.textContent = JSON.stringify(wide);
  document.body.appendChild(out);
});</script>"""


def test_tables_fit_the_page_with_long_headings(tagged, both, codebook, tmp_path):
    """A numeric column's heading wraps: one that could not ("Éloges moins demandes :
    évolution", "Réponses : " and a question's label) made the table wider than the page,
    its last columns cut off at the window's edge (French comparison table: 1,238 px in a
    1,044 px column; two labelled questions: 1,606 px)."""
    browser = headless_chromium()
    labels = {
        "q_strengths": "Qu'est-ce que l'alliance fait bien selon vous ?",
        "q_improve": "Que devrions-nous améliorer en priorité l'an prochain ?",
    }
    pages = {
        "compare": make_report(tagged["improve"], codebook, compare=tagged["previous"], lang="fr"),
        "questions": make_report(
            both, codebook, ("q_strengths", "q_improve"), lang="fr", question_labels=labels
        ),
    }
    for name, page in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(page.html.replace("</body>", f"{MEASURE_TABLES}</body>"), "utf-8")
        dom = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1280,2000",
                "--dump-dom",
                path.as_uri(),
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=90,
        ).stdout
        measured = re.search(r'<pre id="wide-tables">(.*?)</pre>', dom, re.S)
        assert measured, dom[-500:]
        assert html.unescape(measured.group(1)) == "[]", name


def test_last_years_file_with_its_columns_renamed_is_compared(cli, tagged, codebook, tmp_path):
    this_year, last_year = tmp_path / "2026.csv", tmp_path / "2025.csv"
    tagged["improve"].to_csv(this_year, index=False)
    # The survey tool renamed its columns between the two years.
    renamed = {"respondent_id": "Respondent ID", "recommend_score": "NPS"}
    tagged["previous"].rename(columns=renamed).to_csv(last_year, index=False)
    options = ["--text-column", "q_improve", "--xlsx", tmp_path / "r.xlsx", "--compare"]
    code, _, err = cli("report", this_year, "-o", tmp_path / "r.html", *options, last_year)
    assert code == 0, err
    assert f"previous file {last_year}: respondent: Respondent ID; score: NPS" in err
    change = pd.read_excel(tmp_path / "r.xlsx", sheet_name="nps_change")
    expected = make_report(tagged["improve"], codebook, compare=tagged["previous"])
    assert change["previous_nps"].tolist() == pytest.approx(
        expected.tables["nps_change"]["previous_nps"].tolist(), nan_ok=True
    )
    # Last year's file without a score: no change of the NPS, and the log says why.
    tagged["previous"].drop(columns=["recommend_score"]).to_csv(last_year, index=False)
    code, _, err = cli("report", this_year, "-o", tmp_path / "r.html", *options, last_year)
    assert code == 0, err
    assert "score: (none: no change of the net promoter score)" in err
    # A previous file with its header only: named, and nothing written.
    tagged["previous"].iloc[:0].to_csv(last_year, index=False)
    code, _, err = cli("report", this_year, "-o", tmp_path / "s.html", *options, last_year)
    assert code == 2 and f"previous consultation's file {last_year} has no rows" in err
    assert not (tmp_path / "s.html").exists()


def test_report_command_writes_html_and_xlsx(cli, tmp_path):
    sample = ROOT / "data" / "examples" / "consultation_sample.csv"
    tagged = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag", sample, "-o", tagged, "--text-column", "q_strengths", "--text-column", "q_improve"
    )
    assert code == 0, err
    code, _, err = cli(
        "report",
        tagged,
        "-o",
        tmp_path / "r.html",
        "--xlsx",
        tmp_path / "r.xlsx",
        "--lang",
        "es",
        "--respondent-column",
        "respondent_id",
        "--score-column",
        "recommend_score",
        "--segment-column",
        "region",
    )
    assert code == 0, err
    assert "question column(s): q_strengths, q_improve" in err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in page and "<svg" in page
    assert "nps" in pd.ExcelFile(tmp_path / "r.xlsx").sheet_names
    code, _, err = cli("report", tagged, "-o", tagged)
    assert code == 2 and "is an input file" in err


def test_report_command_finds_columns_as_tag_does_and_refuses_another_question(
    cli, tagged, tmp_path
):
    single = tmp_path / "improve.csv"
    tagged["improve"].to_csv(single, index=False)
    # q_improve and q_strengths both hold answers and the predictions name neither, but
    # rows with an empty q_strengths have themes: they were made from q_improve.
    code, _, err = cli("report", single, "-o", tmp_path / "guessed.html")
    assert code == 0 and "question column(s): q_improve;" in err, err
    code, _, err = cli("needs", single, "-o", tmp_path / "needs.csv")
    assert code == 0 and "text column(s): q_improve;" in err, err
    # Tagged on q_strengths: the rows with an empty q_improve answered q_strengths with
    # "RAS" and "n/a" (no theme, no need), so nothing tells the columns apart: ask.
    strengths = tmp_path / "strengths.csv"
    tagged["strengths"].to_csv(strengths, index=False)
    code, _, err = cli("report", strengths, "-o", tmp_path / "s.html")
    assert code == 2 and "give --text-column" in err
    code, _, err = cli(
        "report",
        single,
        "-o",
        tmp_path / "r.html",
        "--xlsx",
        tmp_path / "r.xlsx",
        "--text-column",
        "q_improve",
    )
    assert code == 0, err
    assert "respondent: respondent_id; score: recommend_score" in err  # guessed, as tag does
    nps = pd.read_excel(tmp_path / "r.xlsx", sheet_name="nps")
    assert len(nps) > 0
    # The plain columns of a file tagged for q_improve are not q_strengths' predictions.
    code, _, err = cli("report", single, "-o", tmp_path / "s.html", "--text-column", "q_strengths")
    assert code == 2 and "not the predictions for 'q_strengths'" in err
    code, _, err = cli("needs", single, "--text-column", "q_strengths")
    assert code == 2 and "not the predictions for 'q_strengths'" in err
    assert not (tmp_path / "s.html").exists()
    # Two outputs with one name: the workbook would replace the page.
    code, _, err = cli("report", single, "-o", tmp_path / "t.html", "--xlsx", tmp_path / "t.html")
    assert code == 2 and "same file" in err and not (tmp_path / "t.html").exists()


def test_a_file_tagged_with_another_codebook_is_refused(tagged, codebook):
    other = tagged["improve"].rename(columns={"score_youth": "score_kids"})
    other["themes"] = other["themes"].str.replace("youth", "kids")
    with pytest.raises(ColumnError, match="another codebook than 'consultation'.*kids"):
        make_report(other, codebook)
    # An input column that merely starts with score_ is not a theme of another codebook.
    make_report(tagged["improve"].assign(score_total="7"), codebook)


def test_questions_are_named_by_their_labels(tagged, codebook):
    labelled = make_report(
        tagged["improve"], codebook, question_labels={"q_improve": "What should we improve?"}
    )
    assert "What should we improve?" in labelled.html
    assert "<code>q_improve</code>" not in labelled.html


def test_successes_quote_only_praise_the_model_is_sure_of(both, codebook):
    report = make_report(both, codebook, ["q_improve", "q_strengths"])
    successes = report.tables["theme_details"]
    quotes = {
        q
        for lang in ("fr", "en", "es", "und")
        for q in successes.loc[successes["item"] == "success", f"quote_{lang}"]
        if q
    }
    score = pd.concat(
        [
            both.set_index(both[q].str.strip())[f"{q}_stance_score"].astype(float)
            for q in ("q_improve", "q_strengths")
        ]
    )
    assert quotes and all(score[q].min() >= 0.7 for q in quotes)


def test_a_card_counting_praise_it_does_not_quote_says_why(report):
    """The sample's improve question: a theme with one praise answer the model is not sure
    of (stance probability under 0.7) said "Praise: 1" over "No praise on this theme."."""
    details = report.tables["theme_details"]
    cards = {
        html.unescape(re.search(r"<h3>(.*?)</h3>", card).group(1)): card
        for card in report.html.split('<article class="theme-card">')[1:]
    }
    unquoted = [
        theme
        for theme, rows in details.groupby("theme", sort=False)
        if rows["praise_answers"].iloc[0] and not (rows["item"] == "success").any()
    ]
    assert unquoted
    for theme in unquoted:
        assert "No praise on this theme." not in cards[theme], theme
        assert "No praise quoted: the model is not sure enough" in cards[theme], theme
    unpraised = details.loc[details["praise_answers"] == 0, "theme"].unique()
    assert all("No praise on this theme." in cards[theme] for theme in unpraised)


def test_a_rise_is_coloured_by_what_it_means():
    from classifier.report.charts import bar_chart

    def svg(meaning):
        return bar_chart(
            ["Accountability"],
            [5.0],
            name="t",
            axis_label="pp",
            value_text=str,
            lang="en",
            signed=True,
            meaning=meaning,
        )

    assert "#c0392b" in svg([-1.0]) and "#2e7d4f" not in svg([-1.0])  # more complaints: red
    assert "#2e7d4f" in svg([1.0])  # more praise: green
    assert "#8a94a6" in svg([0.0])


def test_cells_edited_by_hand_are_named_not_counted_as_themes(cli, tagged, tmp_path):
    frame = tagged["improve"].copy()
    several = frame.index[frame["themes"].str.contains(";")][0]
    frame.loc[several, "themes"] = frame.loc[several, "themes"].replace(";", ",")
    youth = frame.index[frame["themes"] == "youth"]
    frame.loc[youth, "themes"] = "Youth engagement"  # a label typed for its id
    frame["stance"] = frame["stance"].str.upper()  # capitals are still stances
    edited = tmp_path / "edited.csv"
    frame.to_csv(edited, index=False)
    code, _, err = cli("report", edited, "-o", tmp_path / "r.html", "--text-column", "q_improve")
    assert code == 2 and "holds theme ids that codebook 'consultation' does not have" in err
    assert f"row(s) {several + 2}" in err and "'Youth engagement'" in err
    assert "separate theme ids with ';'" in err and not (tmp_path / "r.html").exists()
    # With the theme cells fixed, the capitalised stances read as stances.
    frame["themes"] = tagged["improve"]["themes"]
    frame.to_csv(edited, index=False)
    code, _, err = cli("report", edited, "-o", tmp_path / "r.html", "--text-column", "q_improve")
    assert code == 0, err
    # A stance that is not one is named too (it would be counted as a stance of its own).
    bogus = frame.copy()
    bogus.loc[youth[0], "stance"] = "suggestion"
    bogus.to_csv(tmp_path / "bogus.csv", index=False)
    code, _, err = cli(
        "report", tmp_path / "bogus.csv", "-o", tmp_path / "b.html", "--text-column", "q_improve"
    )
    assert code == 2 and "column 'stance' holds stances that codebook" in err
    assert f"'suggestion' in row(s) {youth[0] + 2}" in err and "write one of praise" in err
    code, out, err = cli("needs", edited, "--text-column", "q_improve")
    assert code == 0 and "another question" not in err
    asks = tagged["improve"]["stance"].isin(["request", "criticism"]).sum()
    assert asks and "recurring" in out
    # A review needs every theme's score: a deleted one is named, not an internal error.
    frame.drop(columns="score_youth").to_csv(edited, index=False)
    code, _, err = cli("review", edited, "-o", tmp_path / "r.xlsx", "--text-column", "q_improve")
    assert code == 2 and "no score column(s) score_youth" in err


def test_a_segment_of_one_value_per_respondent_is_cut_on_the_page_not_in_the_workbook(
    tagged, codebook
):
    """A column holding one value per respondent given as a segment (an e-mail, an
    organisation's name) drew one bar per respondent: 3,000 bars and a 4 MB page. The page
    shows its 20 values with the most scored respondents and says how many more the
    workbook holds; the workbook's `nps` table has them all."""
    frame = tagged["improve"].copy()
    frame["contact"] = [f"person{i:03d}@example.org" for i in range(len(frame))]
    report = make_report(frame, codebook, segment_columns=["contact", "region"])
    table = report.tables["nps"]
    contacts = table[table["dimension"] == "contact"]
    assert len(contacts) > 100  # one row per scored respondent in the workbook
    page = report.html
    assert sum(f"person{i:03d}@example.org" in page for i in range(len(frame))) == 20
    assert f"… and {len(contacts) - 20} more values of contact" in page
    regions = table[table["dimension"] == "region"]
    assert all(html.escape(value) in page for value in regions["label"])  # a few: all shown


def test_segment_values_holding_numbers_come_in_numeric_order(tagged, codebook):
    """A segment of staff sizes or numbered zones was sorted as text: 1, 10, 2, 2026, 3 on
    the page and in the workbook, "Zone 10" before "Zone 2"."""
    frame = tagged["improve"].copy()
    frame["size"] = [("1", "10", "2", "2026", "3")[i % 5] for i in range(len(frame))]
    frame["zone"] = [f"Zone {(1, 10, 2)[i % 3]}" for i in range(len(frame))]
    frame.loc[frame.index[::7], "zone"] = ""
    table = make_report(frame, codebook, segment_columns=["size", "zone"]).tables["nps"]
    assert table.loc[table["dimension"] == "size", "group"].tolist() == [
        "1",
        "2",
        "3",
        "10",
        "2026",
    ]
    assert table.loc[table["dimension"] == "zone", "group"].tolist() == [
        "Zone 1",
        "Zone 2",
        "Zone 10",
        "",
    ]


# The signed bar chart's colours: good news, bad news, neither (`report.charts`).
BAR_COLOURS = ("#2e7d4f", "#c0392b", "#8a94a6")


def test_fewer_mentions_of_a_theme_members_asked_less_about_are_good_news(tagged, codebook):
    """The walkthrough's case: last year members mostly asked about language access, this
    year fewer mention it and those who do mostly praise it. Its share falls; the chart
    drew that red (bad news) because this year's answers about it are mostly praise."""
    theme, previous = "language_access", tagged["improve"].copy()
    about = previous["themes"].str.split(";").map(lambda themes: theme in themes)
    previous.loc[about, "stance"] = "request"
    now = previous.copy()
    rows = now.index[about]
    now.loc[rows, "stance"] = "praise"
    dropped = rows[::2]  # half of them no longer mention it
    now.loc[dropped, "themes"] = now.loc[dropped, "themes"].map(
        lambda cell: ";".join(t for t in cell.split(";") if t != theme)
    )
    section = comparison(make_context(now, codebook, compare=previous))
    row = section.tables["theme_change"].set_index("theme_id").loc[theme]
    answers = (now["q_improve"].str.strip() != "").sum()
    mentions_now, mentions_before = len(rows) - len(dropped), len(rows)
    assert row["change_pp"] == pytest.approx(100 * (mentions_now - mentions_before) / answers)
    assert row["balance_change_pp"] == pytest.approx(
        100 * (mentions_now + mentions_before) / answers
    )
    # its bar, the only one below zero, comes last (largest rise first): green, good news
    assert list(section.tables["theme_change"]["theme_id"])[-1] == theme
    bars = [c for c in re.findall(r"fill: ?(#[0-9a-f]{6})", section.body) if c in BAR_COLOURS]
    assert bars[-1] == BAR_COLOURS[0]


def test_the_needs_introduction_says_one_respondent_in_french(tmp_path, codebook):
    """Tagged with --min-respondents 1, every need is recurring from one respondent: the
    page said so in the plural, 'quand 1 répondants ou plus l'expriment'."""
    frame = tag(SAMPLE, tmp_path / "one.csv", "q_improve", "--min-respondents", "1")
    french = make_report(frame, codebook, lang="fr").html
    assert "quand 1 répondant ou plus l'expriment" in french
    assert "1 répondants" not in french


def test_counts_agree_with_their_nouns_in_every_report_language(tagged, codebook):
    """Counts that can be 1 took a plural noun whatever their value: "1 answers mention no
    theme", "compared with the previous consultation (1 respondents)", "… et 1 autres
    suggestions"; French takes the singular for 0 as well. Language names inside a sentence
    or after a cell's first word are lowercase in French and Spanish ("Évolution : français",
    "Français, anglais"), not capitalised as in English."""
    frame = tagged["improve"].copy()
    answered = frame["q_improve"].fillna("").str.strip() != ""
    untagged = frame.index[answered & (frame["themes"].fillna("") == "")]
    frame.loc[untagged[1:], "themes"] = "youth"  # one answer left without a theme
    previous = tagged["previous"].head(1)  # a previous consultation of one respondent
    expected = {
        "en": ("1 answer (", "mentions no theme", "(1 respondent)."),
        "fr": ("1 réponse (", "ne mentionne aucun thème", "(1 répondant)."),
        "es": ("1 respuesta (", "no menciona ningún tema", "(1 encuestado)."),
    }
    for lang, (answer, verb, respondent) in expected.items():
        page = make_report(frame, codebook, lang=lang, compare=previous).html
        assert re.search(rf"{re.escape(answer)}[^)]*\) {verb}\.", page), lang
        assert respondent in page, lang
    assert plural("more_suggestions", 1, "fr") == "… et 1 autre suggestion"
    assert plural("more_suggestions", 2, "es") == "… y 2 sugerencias más"
    assert plural("more_needs_in_workbook", 1, "en").startswith("… and 1 more need,")
    assert respondents_label(0, "fr") == "0 répondant"
    assert respondents_label(0, "es") == "0 encuestados"
    french = make_report(tagged["improve"], codebook, lang="fr", compare=tagged["previous"]).html
    assert "Évolution\u00a0: français" in french and "Évolution\u00a0: Français" not in french
    assert "Français, anglais, espagnol" in french
    spanish = make_report(tagged["improve"], codebook, lang="es", compare=tagged["previous"]).html
    assert "Cambio: español" in spanish and "Francés, inglés, español" in spanish


def test_segment_values_typed_in_another_case_are_one_group(tagged, codebook):
    """A segment value retyped in another case (`EUROPE` for `Europe`, staff editing the
    tagged file) made a group of its own: two lines of the same region, each with a smaller
    base and its own score. It is one group, named as most of its respondents write it."""
    frame = tagged["improve"].copy()
    europe = frame.index[frame["region"] == "Europe"]
    frame.loc[europe[:3], "region"] = "EUROPE"
    frame.loc[europe[3:4], "region"] = "europe"
    table = make_report(frame, codebook).tables["nps"]
    expected = make_report(tagged["improve"], codebook).tables["nps"]
    pd.testing.assert_frame_equal(table, expected)
    assert table.loc[table["dimension"] == "region", "group"].tolist().count("Europe") == 1


def test_theme_ids_typed_in_capitals_are_named_with_their_lowercase_id(cli, tagged, tmp_path):
    """Theme ids retyped in capitals (`YOUTH`) were refused with advice to write theme ids
    "not their labels": they are ids, and staff could not see what to change. The error
    names the lowercase id, as training's does."""
    frame = tagged["improve"].copy()
    youth = frame.index[frame["themes"] == "youth"]
    frame.loc[youth, "themes"] = "YOUTH"
    edited = tmp_path / "capitals.csv"
    frame.to_csv(edited, index=False)
    code, _, err = cli("report", edited, "-o", tmp_path / "r.html", "--text-column", "q_improve")
    assert code == 2 and f"'YOUTH' in row(s) {youth[0] + 2}" in err
    assert "'YOUTH' is youth" in err and "not their labels" not in err
    assert not (tmp_path / "r.html").exists()


def test_rows_a_filter_hides_in_a_tagged_workbook_are_named(cli, tagged, tmp_path):
    """A tagged workbook filtered in Excel (to one region) keeps the other rows in the file,
    and the report counts them: the whole consultation's figures, given as the region's,
    without a word. The command warns, naming the sheet and the hidden rows, for the
    input and for the --compare file."""
    paths = {}
    for name in ("improve", "previous"):
        frame = tagged[name]
        paths[name] = tmp_path / f"{name}.xlsx"
        frame.to_excel(paths[name], sheet_name="tagged", index=False)
        workbook = openpyxl.load_workbook(paths[name])
        for row in frame.index[frame["region"] != "Europe"] + 2:
            workbook["tagged"].row_dimensions[row].hidden = True
        workbook.save(paths[name])
    hidden = int((tagged["improve"]["region"] != "Europe").sum())
    first = int(tagged["improve"].index[tagged["improve"]["region"] != "Europe"][0]) + 2
    args = ["--text-column", "q_improve", "--compare", paths["previous"]]
    code, _, err = cli("report", paths["improve"], "-o", tmp_path / "r.html", *args)
    assert code == 0, err
    assert f"{paths['improve']}, sheet 'tagged': {hidden} row(s) are hidden" in err
    assert f"row {first}," in err and f"{paths['previous']}, sheet 'tagged'" in err
    shown = tmp_path / "shown.xlsx"
    tagged["improve"].to_excel(shown, index=False)
    code, _, err = cli("report", shown, "-o", tmp_path / "s.html", "--text-column", "q_improve")
    assert code == 0 and "hidden" not in err
