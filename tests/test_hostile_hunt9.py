"""Hostile inputs found by hunt 9 (encodings, hand-edited tagged files, odd arguments and
the Python API): each test failed before its fix."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier.errors import ClassifierError, ColumnError, OutputLockedError, TableError
from classifier.io.files import check_output_path, output_lock
from classifier.io.layout import tagged_min_respondents
from classifier.io.tables import read_table
from classifier.jobs.columns import resolve_columns
from classifier.model.parallel import _forked_pool, can_fork
from classifier.needs.grouping import find_needs

# The one-column roles of `resolve_columns`, none given.
NONE = dict.fromkeys(["respondent", "language", "id_column", "score"])
ROWS = "id,answer\n1,Plus de formations svp\n2,More training please\n"


# ------------------------------------------------------------- encodings
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_csv_without_a_byte_order_mark_is_named_with_the_encoding_to_give(tmp_path, codec):
    # Before, "it looks binary: a NUL byte at byte 2", with no word of --encoding, though
    # the file is Excel's "Unicode text" saved by a program that left out the mark.
    path = tmp_path / "export.csv"
    path.write_bytes(ROWS.encode(codec))
    with pytest.raises(TableError, match=f"UTF-16 without a byte-order mark.*--encoding {codec}"):
        read_table(path)
    assert read_table(path, encoding=codec)["answer"].tolist()[1] == "More training please"


# ------------------------------------------------------------- hand-edited tagged files
def _tagged(counts: list[str], recurrence: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "answer": [f"answer {i}" for i in range(len(counts))],
            "need_ids": ["n1"] * len(counts),
            "need_respondents": counts,
            "recurrence": recurrence,
        }
    )


@pytest.mark.parametrize("count", ["²", "0", "-2", "1e400", "nan", "two"])
def test_need_counts_edited_by_hand_into_no_count_are_left_out(count):
    # `review --needs` reads the file's --min-respondents from its need columns. Before, a
    # count typed as a superscript (`²`, which Python calls a digit) ended the command with
    # an internal error, and a recurring need counted `0` asked for min_respondents 0,
    # "must be a whole number of at least 1", an option the user never gave.
    frame = _tagged([count, "3", "1"], ["recurring", "recurring", "unique"])
    assert tagged_min_respondents(frame, "answer") == 3
    assert tagged_min_respondents(_tagged([count], ["recurring"]), "answer") == 2


# ------------------------------------------------------------- the Python API
@pytest.mark.parametrize("missing", [np.nan, pd.NA, None])
def test_find_needs_reads_a_missing_declared_language_as_none(model, missing):
    # `pd.read_csv` reads an empty questionnaire-language cell as NaN (pandas' string dtype
    # as pd.NA). Before, find_needs ended with "'float' object has no attribute 'encode'".
    answers = ["More training please", "Plus de formations en ligne svp", "More webinars"]
    frame = model.tag(pd.DataFrame({"answer": answers, "lang": ["en", "fr", "en"]}), "answer")
    found = find_needs(frame, model=model, text_column="answer", language_column="lang")
    frame["lang"] = pd.array(["en", missing, "en"], dtype=object)
    with_missing = find_needs(frame, model=model, text_column="answer", language_column="lang")
    frame["lang"] = ["en", "", "en"]
    with_empty = find_needs(frame, model=model, text_column="answer", language_column="lang")
    assert with_missing.answer_columns() == with_empty.answer_columns()
    assert with_missing.answer_columns()["need_ids"] == found.answer_columns()["need_ids"]


# ------------------------------------------------------------- output paths
@pytest.mark.parametrize("create_parent", [False, True])
def test_an_output_inside_a_file_is_refused_naming_the_file(tmp_path, create_parent):
    # `-o export.csv/tagged.csv`, a typo for `-o export/tagged.csv`. Before, `tag` and
    # `convert` said "export.csv: File exists", and `report`, `review` and `needs` did all
    # their work and then named their temporary file: "....classifier-123-ab.tmp: Not a
    # directory".
    (tmp_path / "export.csv").write_text(ROWS, encoding="utf-8")
    output = tmp_path / "export.csv" / "tagged.csv"
    with pytest.raises(ClassifierError, match=r"export\.csv is a file, not a folder"):
        check_output_path(output, create_parent=create_parent)
    assert (tmp_path / "export.csv").read_text(encoding="utf-8") == ROWS


def test_tag_refuses_an_output_inside_a_file_before_reading(cli, tmp_path):
    (tmp_path / "export.csv").write_text(ROWS, encoding="utf-8")
    code, _, err = cli("tag", tmp_path / "export.csv", "-o", tmp_path / "export.csv" / "t.csv")
    assert code == 2
    assert "is a file, not a folder" in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_output_whose_lock_cannot_be_created_is_not_blamed_on_another_run():
    # A folder where no file can be created (here /proc, whose files the kernel makes).
    # Before, "another classifier run is writing /proc/tagged.csv; wait for it to finish",
    # though no run was: the lock file could not be created.
    lock = Path("/proc/tagged.csv")
    with pytest.raises(ClassifierError, match="could not be created") as refused, output_lock(lock):
        pass
    assert not isinstance(refused.value, OutputLockedError)


# ------------------------------------------------------------- column guessing
@pytest.mark.parametrize(
    "order", [["respondent_id", "Respondent ID"], ["Respondent ID", "respondent_id"]]
)
def test_the_column_spelled_as_the_conventional_name_is_guessed_over_a_look_alike(order):
    # A SurveyMonkey export (`Respondent ID`) to which staff added their own `respondent_id`.
    # Before, the last of the two was taken, whatever its spelling (the docstring said the
    # first), so moving a column changed every respondent count.
    table = pd.DataFrame({order[0]: ["r1"], order[1]: ["x1"], "answer": ["More training"]})
    columns = resolve_columns(table, None, None, None, None, None, None)
    assert columns.respondent == "respondent_id"
    assert resolve_columns(table.drop(columns="respondent_id"), *[None] * 6).respondent == (
        "Respondent ID"
    )


# ------------------------------------------------------------- signals
def _worker_pid() -> int:
    return os.getpid()


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
def test_forked_workers_leave_ctrl_c_and_sigterm_to_the_command(model):
    # Ctrl-C and a service manager's SIGTERM reach the whole process group. Before, a
    # forked worker waiting for a chunk ran the command's own handlers and died with a
    # traceback printed under "classifier: terminated". The command, which gets the same
    # signal, cleans up and stops its workers.
    pool = _forked_pool(model, 1)
    try:
        pid = pool.submit(_worker_pid).result()
        assert pid != os.getpid()
        for sent in (signal.SIGINT, signal.SIGTERM):
            os.kill(pid, sent)
        time.sleep(0.2)
        assert pool.submit(_worker_pid).result() == pid  # still there, quietly
    finally:
        pool.shutdown(wait=True)


# ------------------------------------------------------------- empty column names
def test_an_empty_text_or_segment_column_name_is_checked_like_any_other(cli, tmp_path):
    # `--text-column ""` (a shell variable left empty). Before, `languages` ended with an
    # internal error (KeyError: ''), and `tag` logged "text column(s): ;" before refusing.
    source = tmp_path / "export.csv"
    source.write_text(ROWS, encoding="utf-8")
    table = read_table(source)
    for role in ("texts", "segments"):
        with pytest.raises(ColumnError, match="column '' not found; columns found: id, answer"):
            resolve_columns(table, **{"texts": None, "segments": None, role: [""]}, **NONE)
    code, out, err = cli("languages", source, "--text-column", "")
    assert code == 2 and not out
    assert err == "classifier: error: text column '' not found; columns found: id, answer\n"
    # A CSV column without a name is a column all the same.
    unnamed = tmp_path / "unnamed.csv"
    unnamed.write_text(",id\nMore training please,1\n", encoding="utf-8")
    code, out, _ = cli("languages", unnamed, "--text-column", "")
    assert code == 0 and out == "1\ten\n"


def test_find_needs_takes_a_column_named_by_a_number_as_tag_does(model):
    # A frame built from rows (`pd.DataFrame(rows)`) names its columns 0, 1, ...; `tag`
    # took `text_column=0`, but find_needs on its output ended with "unsupported operand
    # type(s) for +: 'int' and 'str'", building the message of an error it then caught.
    frame = pd.DataFrame([["More training please"], ["Plus de formations en ligne svp"]])
    tagged = model.tag(frame, text_column=0)
    found = find_needs(tagged, model=model, text_column=0).answer_columns()
    named = model.tag(frame.rename(columns={0: "answer"}), text_column="answer")
    assert found == find_needs(named, model=model, text_column="answer").answer_columns()


@pytest.mark.parametrize("cell", [b"More training please", ["More training please"]])
def test_tag_refuses_answers_that_are_bytes_or_lists_as_predict_does(model, cell):
    # A column of bytes (read from a database or a binary file) or of lists (nested JSON
    # normalised into a frame). `predict` refused them, naming their positions; `tag` read
    # them as missing answers and tagged them as empty, without a word.
    frame = pd.DataFrame({"answer": ["Plus de formations svp", cell]}, index=[7, 8])
    with pytest.raises(ClassifierError, match=r"position\(s\) 1 are"):
        model.tag(frame, text_column="answer")
    numbers = model.tag(pd.DataFrame({"answer": [12, None]}), text_column="answer")
    assert numbers["stance"].tolist() == ["neutral", "neutral"]


def test_models_refuses_a_file_given_as_the_registry(cli, tmp_path):
    # `models --registry export.csv` (a file given for the folder) printed "(no trained
    # versions in export.csv)", as for a registry not made yet, which still says so.
    export = tmp_path / "export.csv"
    export.write_text("id,answer\n1,More training please\n", encoding="utf-8")
    code, out, err = cli("models", "--registry", export)
    assert code == 2 and not out
    assert (
        err == f"classifier: error: registry {export} is a file, not a folder of model versions\n"
    )
    assert export.read_text(encoding="utf-8") == "id,answer\n1,More training please\n"
    code, out, _ = cli("models", "--registry", tmp_path / "not_yet")
    assert code == 0 and f"(no trained versions in {tmp_path / 'not_yet'})" in out


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_utf16_jsonl_is_named_as_not_utf8(cli, tmp_path, encoding):
    # A JSONL saved as UTF-16 (Windows' "Unicode") gave "line 1 is not valid JSON
    # (Expecting value)", with nothing about the encoding (left by hunt 9).
    export = tmp_path / "answers.jsonl"
    export.write_text('{"answer": "Plus de formations svp"}\n', encoding=encoding)
    code, out, err = cli("tag", export, "-o", tmp_path / "tagged.jsonl")
    assert code == 2 and not out
    assert "line 1 is not UTF-8 text" in err and "save it as UTF-8" in err
    assert f"it looks like {encoding}" in err  # the CSV reader's sniffers name it
    assert not (tmp_path / "tagged.jsonl").exists()
