"""Bulk tagging of survey exports: formats, encodings, several questions, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier.io.tables import read_table
from classifier.jobs import source as chunked_source
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns
from classifier.model.parallel import CHUNK_ROWS
from classifier.text.language import detect_languages

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


def read(path: Path) -> pd.DataFrame:
    """A CSV file as text cells, with the tool's formula escape undone (as the tool reads it)."""
    return read_table(path)


def test_several_questions_get_prefixed_columns_and_every_row_is_kept(cli, tmp_path):
    output = tmp_path / "out.csv"
    code, _, err = cli(
        "tag",
        SAMPLE,
        "-o",
        output,
        "--text-column",
        "q_strengths",
        "--text-column",
        "q_improve",
        "--segment-column",
        "region",
    )
    assert code == 0, err
    source, tagged = read(SAMPLE), read(output)
    assert tagged[list(source.columns)].equals(source)
    for question in ("q_strengths", "q_improve"):
        for name in ("language", "themes", "stance", "score_youth", "need_ids", "recurrence"):
            assert f"{question}_{name}" in tagged.columns
    # guessed columns are logged
    assert "respondent: respondent_id" in err and "language: questionnaire_language" in err
    assert "score: recommend_score" in err and "segments: region" in err
    assert "tagged 150 rows x 2 question(s)" in err


@pytest.mark.parametrize(
    ("encoding", "separator"), [("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", "\t")]
)
def test_csv_encodings_and_delimiters_are_detected(cli, tmp_path, encoding, separator):
    frame = pd.DataFrame(
        {
            "id": ["1", "2"],
            "answer": [
                "Très bien, mais il faudrait plus de réunions régionales à Yaoundé",
                "Más información en español sobre las convocatorias, por favor",
            ],
        }
    )
    source = tmp_path / "export.csv"
    frame.to_csv(source, index=False, sep=separator, encoding=encoding)
    output = tmp_path / "out.csv"
    code, _, err = cli("tag", source, "-o", output)
    assert code == 0, err
    tagged = read(output)
    assert tagged["answer"].tolist() == frame["answer"].tolist()
    assert tagged["language"].tolist() == ["fr", "es"]


def test_xlsx_sheet_and_jsonl_round_trip(cli, tmp_path):
    frame = read(SAMPLE).head(8)
    workbook = tmp_path / "export.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        pd.DataFrame({"note": ["cover sheet"]}).to_excel(writer, sheet_name="cover", index=False)
        frame.to_excel(writer, sheet_name="answers", index=False)
    code, _, err = cli(
        "tag",
        workbook,
        "-o",
        tmp_path / "out.jsonl",
        "--sheet",
        "answers",
        "--text-column",
        "q_improve",
    )
    assert code == 0, err
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["respondent_id"] for r in rows] == frame["respondent_id"].tolist()
    code, _, err = cli("tag", workbook, "-o", tmp_path / "o.csv", "--sheet", "nope")
    assert code == 2 and "has no sheet 'nope'; sheets: cover, answers" in err


def test_bad_answers_are_kept_with_a_documented_fallback(cli, tmp_path):
    long_text = "Nous voulons plus de formations. " * 400
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f", "a"],
            "answer": ["", "   ", "12345", "🙏🙏", long_text, "More grants for small groups", "ok"],
        }
    )
    source = tmp_path / "bad.csv"
    frame.to_csv(source, index=False)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    tagged = read(tmp_path / "out.csv")
    assert tagged["answer"].tolist() == frame["answer"].fillna("").tolist()
    assert len(tagged["answer"][4]) > 10_000
    assert tagged["language"][:4].tolist() == ["und"] * 4
    assert tagged["themes"][:4].tolist() == [""] * 4
    assert tagged["stance"][:4].tolist() == ["neutral"] * 4
    assert "1 duplicated id(s) in id (a...)" in err
    assert "1 answer(s) longer than 10,000 characters" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("fake.xlsx", b"id,text\n1,hello\n", "is not an XLSX workbook"),
        ("broken.jsonl", b'{"text": "ok"}\n{"text": \n', "line 2 is not valid JSON"),
    ],
)
def test_unreadable_inputs_fail_cleanly_and_leave_no_output(cli, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    output = tmp_path / "out.csv"
    code, _, err = cli("tag", source, "-o", output)
    assert code == 2 and message in err
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_chunk_boundaries_do_not_change_the_output(model, tmp_path):
    columns = Columns(
        texts=["q_improve"], respondent="respondent_id", language="questionnaire_language"
    )
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    tag_file(model, SAMPLE, whole, columns)
    tag_file(model, SAMPLE, chunked, columns, chunk_rows=7)
    # Each answer's scores are its own, whatever the other answers of its chunk (see
    # `text/row_stable.py`): the same file, to the last decimal.
    assert read(chunked).equals(read(whole))


def chunked_languages(model, tmp_path: Path, frame: pd.DataFrame, name: str) -> pd.Series:
    """The languages `tag` gives the rows of `frame` read in chunks of 7 rows, by id."""
    source, output = tmp_path / f"{name}.csv", tmp_path / f"{name}.tagged.csv"
    frame.to_csv(source, index=False)
    tag_file(
        model, source, output, Columns(texts=["answer"], respondent="respondent"), chunk_rows=7
    )
    return read(output).set_index("id")["language"].sort_index()


def test_a_short_answer_takes_its_respondents_language_from_any_chunk(model, tmp_path):
    sample = read(SAMPLE)
    frame = pd.DataFrame(
        {
            "id": [f"{i:03d}" for i in range(len(sample) + 2)],
            "respondent": ["r-short", *sample["respondent_id"], "r-short"],
            "answer": [
                "ok",
                *sample["q_improve"],
                "Nous voudrions davantage de formations en ligne",
            ],
        }
    )
    in_order = chunked_languages(model, tmp_path, frame, "in_order")
    shuffled = chunked_languages(model, tmp_path, frame.sample(frac=1, random_state=1), "shuffled")
    # "ok" says nothing by itself; its respondent's other answer, 150 rows (21 chunks) away,
    # is French, whichever chunk each of them falls in.
    assert in_order["000"] == "fr"
    assert in_order.equals(shuffled)
    # The same languages as the whole column detected at once (`classifier languages`).
    whole = detect_languages(frame["answer"].tolist(), respondents=frame["respondent"].tolist())
    assert list(in_order) == list(pd.Series(whole, index=frame["id"]).sort_index())


def test_languages_declared_in_the_first_chunks_only_still_count_for_the_others(model, tmp_path):
    # "Normal" may be Spanish or French: the file's longer answers tip it. A file whose every
    # row declares its language needs no language context, so none is built while that may
    # still hold; once a chunk has a row without one, the chunks before it count too.
    sample = read(SAMPLE)
    spanish = sample.loc[sample["questionnaire_language"] == "es", "q_improve"].tolist()
    french = sample.loc[sample["questionnaire_language"] == "fr", "q_improve"].tolist()
    answers = [*(spanish * 2)[:80], *french[:10], "Normal"]
    source = tmp_path / "export.csv"
    pd.DataFrame(
        {"id": range(len(answers)), "declared": ["es"] * 80 + [""] * 11, "answer": answers}
    ).to_csv(source, index=False)
    columns = Columns(texts=["answer"], language="declared")
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    tag_file(model, source, whole, columns)
    tag_file(model, source, chunked, columns, chunk_rows=40)
    assert read(whole)["language"].iloc[-1] == "es"
    assert chunked.read_bytes() == whole.read_bytes()


@pytest.mark.parametrize(
    ("name", "columns", "reads"),
    [
        # One read gathers the keys, stance samples and language contexts, one tags.
        ("export.jsonl", Columns(texts=["q_improve"]), 2),
        # Every row declares its language: no context, and one read for the stance samples.
        ("export.csv", Columns(texts=["q_improve"], language="questionnaire_language"), 2),
        # Respondents with short answers: the context's second pass reads the file again.
        ("export.csv", Columns(texts=["q_strengths"], respondent="respondent_id"), 3),
    ],
)
def test_a_file_of_several_chunks_is_read_once_before_the_tagging_pass(
    model, tmp_path, monkeypatch, name, columns, reads
):
    # Before, each step before tagging read the file again: a JSONL file's keys, the
    # declared languages, the language context's first pass, the stance samples.
    source = tmp_path / name
    frame = read(SAMPLE)
    if name.endswith(".jsonl"):
        frame.to_json(source, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_csv(source, index=False)
    opened = []
    real = chunked_source.iter_chunks
    monkeypatch.setattr(
        chunked_source, "iter_chunks", lambda *args: opened.append(args) or real(*args)
    )
    tag_file(model, source, tmp_path / "tagged.csv", columns, chunk_rows=40)
    assert len(opened) == reads


def test_the_python_api_gives_each_answer_the_context_of_every_answer(model):
    sample = read(SAMPLE)["q_improve"].tolist()
    filler = (sample * 8)[: CHUNK_ROWS + 50]
    texts = ["ok", *filler, "Nous voudrions davantage de formations en ligne"]
    respondents = ["r-short", *(f"r{i}" for i in range(len(filler))), "r-short"]
    order = np.random.default_rng(0).permutation(len(texts))
    in_order = model.predict(texts, respondents=respondents)
    shuffled = model.predict([texts[i] for i in order], respondents=[respondents[i] for i in order])
    assert in_order[0].language == "fr"
    assert [in_order[i].language for i in order] == [p.language for p in shuffled]
