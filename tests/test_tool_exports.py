"""`classifier tag` on exports of common survey tools, fed as staff feed them: without
column options. The exports are team-built in each tool's layout (its column names,
its own columns, how it writes dates, multi-selects and languages), with the bundled
sample's team-written answers; Qualtrics' and SurveyMonkey's are as they read once their
extra header lines are deleted, as `tag` asks (see test_survey_exports.py)."""

from __future__ import annotations

import csv
import datetime as dt
import uuid

import pandas as pd
import pytest

from classifier.io.tables import read_table

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
AREAS = (
    "Advocacy at the United Nations",
    "Training and capacity development",
    "Communication in our languages",
    "Networking between members",
    "Funding opportunities",
)
# The languages of the whole sample: 50 answers each, every one declared.
ALL_DECLARED = "(en: 50, es: 50, fr: 50)"


def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


def when(row: int) -> dt.datetime:
    return dt.datetime(2026, 2, 2, 9, 0) + dt.timedelta(hours=7 * row, minutes=13 * row)


def areas(row: int) -> list[str]:
    """A multi-select's options, in the form's order, as the tools write them."""
    return [area for k, area in enumerate(AREAS) if (row >> k) & 1 or k == row % 5]


def write_csv(path, rows, delimiter=",", quoting=csv.QUOTE_MINIMAL) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, quoting=quoting).writerows(rows)


def write_xlsx(path, rows) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


def google_forms(path) -> None:
    """Google Forms' CSV download: `Timestamp`, `Email Address`, question texts; a
    checkbox question's options joined with ', '."""
    head = [
        "Timestamp",
        "Email Address",
        "Which areas should the alliance focus on? (select all that apply)",
        "What does the alliance do well?",
        "How likely are you to recommend the alliance to a peer? (0-10)",
    ]
    rows = [
        [
            when(i).strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+1",
            f"member{i:03d}@example.org",
            ", ".join(areas(i)),
            r.q_strengths,
            r.recommend_score,
        ]
        for i, r in enumerate(sample().itertuples())
    ]
    write_csv(path, [head, *rows])


def microsoft_forms(path) -> None:
    """Microsoft Forms' XLSX: `ID`, `Start time`, `Completion time` (date cells), `Email`,
    `Name` (anonymous form), `Language`, question texts; a multi-select's options
    joined with ';', ending with one."""
    names = {"fr": "Français (France)", "en": "English (United States)", "es": "es-ES"}
    head = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Language",
        "Which areas should the alliance focus on?",
        "What does the alliance do well?",
    ]
    rows = [
        [
            i + 1,
            when(i),
            when(i) + dt.timedelta(minutes=6),
            "anonymous",
            None,
            names[r.questionnaire_language],
            ";".join(areas(i)) + ";",
            r.q_strengths,
        ]
        for i, r in enumerate(sample().itertuples())
    ]
    write_xlsx(path, [head, *rows])


def kobo(path) -> None:
    """KoboToolbox's export with XML names and group paths: `start`, `end`, the questions
    (`group_intro/language` holding the choice's name), a multi-select with a 0/1 column
    per option, then `_id`, `_uuid`, `_submission_time`, ... `_index`; CSV with `;`."""
    options = ["advocacy", "training", "communication", "networking", "funding"]
    head = [
        "start",
        "end",
        "group_intro/language",
        "group_feedback/q_areas",
        *(f"group_feedback/q_areas/{option}" for option in options),
        "group_feedback/q_strengths",
        "_id",
        "_uuid",
        "_submission_time",
        "_status",
        "__version__",
        "_index",
    ]
    rows = []
    for i, r in enumerate(sample().itertuples()):
        chosen = [options[AREAS.index(area)] for area in areas(i)]
        stamp = when(i).strftime("%Y-%m-%dT%H:%M:%S.000+01:00")
        rows.append(
            [
                stamp,
                stamp,
                r.questionnaire_language,
                " ".join(chosen),
                *("1" if option in chosen else "0" for option in options),
                r.q_strengths,
                str(210000000 + i),
                str(uuid.UUID(int=i * 7919 + 12345, version=4)),
                when(i).strftime("%Y-%m-%dT%H:%M:%S"),
                "submitted_via_web",
                "vGv9mXa7cKqzPjRk3Ur2Ev",
                str(i + 1),
            ]
        )
    if path.suffix == ".xlsx":
        write_xlsx(path, [head, *rows])
    else:
        write_csv(path, [head, *rows], delimiter=";")


def limesurvey(path) -> None:
    """LimeSurvey's CSV (question codes): `id`, `submitdate`, `lastpage`,
    `startlanguage`, `seed`, then `Q1`, `Q2[SQ001]`..., every cell quoted."""
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "Q1", "Q2[SQ001]", "Q3"]
    rows = [
        [
            str(i + 1),
            when(i).strftime("%Y-%m-%d %H:%M:%S"),
            "2",
            r.questionnaire_language,
            str(48213 * (i + 1) % 999983),
            r.region,
            "Y" if i % 3 else "",
            r.q_improve,
        ]
        for i, r in enumerate(sample().itertuples())
    ]
    write_csv(path, [head, *rows], quoting=csv.QUOTE_ALL)


def qualtrics(path, language_column: str) -> None:
    """Qualtrics' CSV once its lines 2 and 3 are deleted: its own columns, the language
    as Qualtrics codes (`FR`, `EN`, `EN-GB`, `ES-ES`), question ids."""
    codes = {"fr": "FR", "en": "EN-GB", "es": "ES-ES"}
    head = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "DistributionChannel",
        language_column,
        "Q1",
        "Q2",
    ]
    rows = []
    for i, r in enumerate(sample().itertuples()):
        stamp = when(i).strftime("%Y-%m-%d %H:%M:%S")
        code = (
            "EN" if r.questionnaire_language == "en" and i % 2 else codes[r.questionnaire_language]
        )
        rows.append(
            [
                stamp,
                stamp,
                "IP Address",
                f"192.0.2.{i % 250}",
                "100",
                str(200 + i),
                "True",
                stamp,
                f"R_{i:04d}kTz9XwQ2bLp",
                "anonymous",
                code,
                r.q_strengths,
                r.recommend_score,
            ]
        )
    write_csv(path, [head, *rows])


def surveymonkey(path) -> None:
    """SurveyMonkey's CSV once its line 2 is deleted: `Respondent ID`, `Collector ID`,
    dates, `IP Address`, empty contact columns, question texts."""
    head = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "What should the alliance improve?",
    ]
    rows = [
        [
            str(114000000000 + 37 * i),
            "431234567",
            when(i).strftime("%m/%d/%Y %I:%M:%S %p"),
            when(i).strftime("%m/%d/%Y %I:%M:%S %p"),
            f"198.51.100.{i % 250}",
            "",
            "",
            "",
            r.q_improve,
        ]
        for i, r in enumerate(sample().itertuples())
    ]
    write_csv(path, [head, *rows])


def tag(cli, source, tmp_path) -> tuple[str, pd.DataFrame]:
    """Tag `source` without column options; the log, and the tagged table."""
    output = tmp_path / f"tagged{source.suffix}"
    code, _, err = cli("tag", source, "-o", output, "--jobs", "1")
    assert code == 0, err
    tagged = read_table(output)
    given = read_table(source)
    # Every input row and column is kept, unchanged, in order.
    assert list(tagged.columns[: len(given.columns)]) == list(given.columns)
    pd.testing.assert_frame_equal(tagged[list(given.columns)], given)
    return err, output


def report_works(cli, tagged, tmp_path) -> None:
    code, _, err = cli("report", tagged, "-o", tmp_path / "report.html")
    assert code == 0, err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_kobo_export_short_answers_are_guessed_over_the_uuid(cli, tmp_path, suffix) -> None:
    # Before: `_uuid` (36 characters) was tagged as the answers, longer than the short
    # answers; the language in `group_intro/language` and the id in `_id` were ignored.
    source = tmp_path / f"kobo{suffix}"
    kobo(source)
    err, tagged = tag(cli, source, tmp_path)
    assert "text column(s): group_feedback/q_strengths;" in err
    assert "language: group_intro/language; id: _id;" in err
    assert ALL_DECLARED in err
    report_works(cli, tagged, tmp_path)


def test_google_forms_checkbox_question_is_not_the_answers(cli, tmp_path) -> None:
    # Before: the checkbox question's joined options were longer than the answers, and
    # tagged; `report` then refused the file, counting `Timestamp` as a column of answers.
    source = tmp_path / "google_forms.csv"
    google_forms(source)
    err, tagged = tag(cli, source, tmp_path)
    assert "text column(s): What does the alliance do well?;" in err
    report_works(cli, tagged, tmp_path)


def test_microsoft_forms_multi_select_is_not_the_answers(cli, tmp_path) -> None:
    source = tmp_path / "microsoft_forms.xlsx"
    microsoft_forms(source)
    err, tagged = tag(cli, source, tmp_path)
    assert "text column(s): What does the alliance do well?;" in err
    assert "language: Language; id: ID;" in err
    assert ALL_DECLARED in err
    report_works(cli, tagged, tmp_path)


def test_limesurvey_startlanguage_is_the_declared_language(cli, tmp_path) -> None:
    source = tmp_path / "limesurvey.csv"
    limesurvey(source)
    err, tagged = tag(cli, source, tmp_path)
    assert "text column(s): Q3; respondent: (none); language: startlanguage; id: id;" in err
    assert ALL_DECLARED in err
    # Before: `submitdate` counted as a column of answers, so `report` asked for one.
    report_works(cli, tagged, tmp_path)


@pytest.mark.parametrize("language_column", ["UserLanguage", "Q_Language"])
def test_qualtrics_language_codes_are_the_declared_language(cli, tmp_path, language_column) -> None:
    source = tmp_path / "qualtrics.csv"
    qualtrics(source, language_column)
    err, tagged = tag(cli, source, tmp_path)
    assert f"text column(s): Q1; respondent: (none); language: {language_column}; " in err
    assert "id: ResponseId;" in err
    assert ALL_DECLARED in err
    report_works(cli, tagged, tmp_path)


def test_surveymonkey_respondent_id_is_the_respondent(cli, tmp_path) -> None:
    source = tmp_path / "surveymonkey.csv"
    surveymonkey(source)
    err, tagged = tag(cli, source, tmp_path)
    assert "text column(s): What should the alliance improve?; respondent: Respondent ID;" in err
    report_works(cli, tagged, tmp_path)
