"""`classifier tag` on exports of common survey tools, fed as staff feed them: without
column options. The exports are team-built in each tool's layout (its column names,
its own columns, how it writes dates, multi-selects and languages), with the bundled
sample's team-written answers. Qualtrics' and SurveyMonkey's exports with their extra
header lines under the column names are refused, naming the lines to delete; once
deleted, they read as the other layouts."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import random
import uuid
from pathlib import Path

import pandas as pd
import pytest

from classifier.errors import TableError
from classifier.io.tables import read_table
from classifier.jobs.columns import SAMPLE_CELLS, column_profiles, guess_text_column

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


def tag(cli, source: Path, tmp_path: Path) -> tuple[str, Path]:
    """Tag `source` without column options; the log, and the tagged file."""
    output = tmp_path / f"tagged{source.suffix}"
    code, _, err = cli("tag", source, "-o", output, "--jobs", "1")
    assert code == 0, err
    tagged = read_table(output)
    given = read_table(source)
    # Every input row and column is kept, unchanged, in order.
    assert list(tagged.columns[: len(given.columns)]) == list(given.columns)
    pd.testing.assert_frame_equal(tagged[list(given.columns)], given)
    return err, output


# Each layout as staff feed it, and what `tag` must find in it (its log line of columns and
# its languages). Before the fixes: KoboToolbox's `_uuid` (36 characters) was tagged as the
# answers, longer than its short answers, and its language and `_id` columns were ignored;
# Google Forms' checkbox question and Microsoft Forms' multi-select (options joined in one
# cell) were longer than the answers, and tagged; LimeSurvey's `startlanguage`, Qualtrics'
# `UserLanguage` / `Q_Language` and SurveyMonkey's `Respondent ID` were not read; and
# `report` refused most of these tagged files, counting `Timestamp`, `submitdate` or the
# checkbox question as another column of answers.
LAYOUTS = [
    (
        "kobo.csv",
        kobo,
        ["text column(s): group_feedback/q_strengths;", "language: group_intro/language; id: _id;"],
        True,
    ),
    (
        "kobo.xlsx",
        kobo,
        ["text column(s): group_feedback/q_strengths;", "language: group_intro/language; id: _id;"],
        True,
    ),
    ("google_forms.csv", google_forms, ["text column(s): What does the alliance do well?;"], False),
    (
        "microsoft_forms.xlsx",
        microsoft_forms,
        ["text column(s): What does the alliance do well?;", "language: Language; id: ID;"],
        True,
    ),
    (
        "limesurvey.csv",
        limesurvey,
        ["text column(s): Q3; respondent: (none); language: startlanguage; id: id;"],
        True,
    ),
    (
        "qualtrics.csv",
        functools.partial(qualtrics, language_column="UserLanguage"),
        ["text column(s): Q1; respondent: (none); language: UserLanguage; id: ResponseId;"],
        True,
    ),
    (
        "qualtrics.csv",
        functools.partial(qualtrics, language_column="Q_Language"),
        ["text column(s): Q1; respondent: (none); language: Q_Language; id: ResponseId;"],
        True,
    ),
    (
        "surveymonkey.csv",
        surveymonkey,
        ["text column(s): What should the alliance improve?; respondent: Respondent ID;"],
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "found", "declared"),
    LAYOUTS,
    ids=[f"{name}-{i}" for i, (name, *_) in enumerate(LAYOUTS)],
)
def test_a_survey_tools_export_is_read_as_staff_feed_it(
    cli, tmp_path, name, build, found, declared
) -> None:
    source = tmp_path / name
    build(source)
    err, tagged = tag(cli, source, tmp_path)
    for part in found:
        assert part in err
    assert (ALL_DECLARED in err) == declared  # every answer's questionnaire language read
    code, _, err = cli("report", tagged, "-o", tmp_path / "report.html")
    assert code == 0, err


# --------------------------------- more header lines under the column names (refused)
def qualtrics_header_lines() -> list[list[str]]:
    """Qualtrics' three header lines (names, question texts, import ids), then answers."""
    names = ["StartDate", "ResponseId", "Q_Lang", "Q1", "Q2"]
    questions = ["Start Date", "Response ID", "Language", "What do we do well?", "To improve?"]
    ids = [
        json.dumps({"ImportId": "startDate", "timeZone": "Europe/Paris"}),
        json.dumps({"ImportId": "_recordId"}),
        json.dumps({"ImportId": "Q_Lang"}),
        json.dumps({"ImportId": "QID1_TEXT"}),
        json.dumps({"ImportId": "QID2_TEXT"}),
    ]
    answers = [
        [r.submitted_at, r.respondent_id, r.questionnaire_language, r.q_strengths, r.q_improve]
        for r in sample().head(12).itertuples()
    ]
    return [names, questions, ids, *answers]


def surveymonkey_header_lines() -> list[list[str]]:
    """SurveyMonkey's two header lines (questions, answer types), then answers."""
    names = ["Respondent ID", "Start Date", "What do we do well?", "What should we improve?"]
    types = ["", "", "Open-Ended Response", "Open-Ended Response"]
    answers = [
        [r.respondent_id, r.submitted_at, r.q_strengths, r.q_improve]
        for r in sample().head(12).itertuples()
    ]
    return [names, types, *answers]


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_qualtrics_export_is_refused_naming_its_header_lines(cli, tmp_path, write) -> None:
    suffix = ".csv" if write is write_csv else ".xlsx"
    source = tmp_path / f"qualtrics{suffix}"
    write(source, qualtrics_header_lines())
    # Before: the question texts and the import ids were tagged as two answers, exit 0.
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", "--text-column", "Q2")
    word = "line" if suffix == ".csv" else "row"
    assert code == 2 and "internal error" not in err
    assert f"{word}s 2 and 3 are Qualtrics header {word}s" in err
    assert '\'{"ImportId": "startDate"' in err
    assert f"delete them, keeping the column names of {word} 1" in err
    assert not (tmp_path / "tagged.csv").exists()


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_surveymonkey_export_is_refused_naming_its_answer_type_line(tmp_path, write) -> None:
    source = tmp_path / ("monkey.csv" if write is write_csv else "monkey.xlsx")
    write(source, surveymonkey_header_lines())
    with pytest.raises(TableError, match="2 holds SurveyMonkey's answer types"):
        read_table(source)


def test_the_same_answers_with_one_header_line_are_read_whole(tmp_path) -> None:
    # What staff get after deleting the lines the message names.
    rows = qualtrics_header_lines()
    source = tmp_path / "fixed.csv"
    write_csv(source, [rows[0], *rows[3:]])
    frame = read_table(source)
    assert list(frame.columns) == rows[0] and len(frame) == len(rows) - 3
    monkey = surveymonkey_header_lines()
    write_csv(source, [monkey[0], *monkey[2:]])
    assert len(read_table(source)) == len(monkey) - 2


def test_an_answer_that_quotes_an_import_id_further_down_is_an_answer(tmp_path) -> None:
    # Only the third line is read for import ids: an answer quoting one is kept.
    rows = [["respondent", "answer"], ["r1", "ok"], ["r2", "fine"], ["r3", '{"ImportId": "x"}']]
    source = tmp_path / "answers.csv"
    write_csv(source, rows)
    assert read_table(source)["answer"].tolist() == ["ok", "fine", '{"ImportId": "x"}']


# ------------------------------------------------------------ the same whatever the order
def test_the_answer_column_guess_does_not_depend_on_the_row_order(tmp_path) -> None:
    source = tmp_path / "google_forms.csv"
    google_forms(source)
    frame = read_table(source)
    guesses = set()
    for seed in range(4):
        shuffled = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
        chunks = [shuffled.iloc[start : start + 40] for start in range(0, len(shuffled), 40)]
        # As `tag` guesses: from its first rows, the profiles read over every chunk.
        first = shuffled.head(20)
        profiles = functools.partial(column_profiles, chunks)
        guesses.add(guess_text_column(first, profiles))
        guesses.add(guess_text_column(shuffled))  # as `report` does, the file held whole
    assert guesses == {"What does the alliance do well?"}


def test_a_columns_sample_is_the_same_whatever_the_row_order() -> None:
    cells = [f"answer {i % 700}" for i in range(3_000)]
    samples = []
    for seed in range(3):
        order = random.Random(seed).sample(cells, len(cells))
        chunks = [pd.DataFrame({"c": order[start : start + 500]}) for start in range(0, 3_000, 500)]
        samples.append(column_profiles(chunks, ["c"])["c"].cells)
    assert samples[0] == samples[1] == samples[2] and len(samples[0]) == SAMPLE_CELLS
    # Every row of a value kept is counted: 3,000 rows of 700 values, 4 or 5 rows each.
    assert set(samples[0].values()) == {4, 5}
