"""Issue #12, as a hostile tester would try it: concurrent runs, hostile cells, crafted model
files, and the small things a new user trips on. Each test failed on the code before the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
import warnings
import zipfile
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
import yaml

import classifier
from classifier import Codebook, ThemeClassifier
from classifier.errors import (
    ClassifierError,
    ColumnError,
    DataWarning,
    ModelFileError,
    OutputLockedError,
    UnsafeModelWarning,
)
from classifier.io.files import (
    lock_path,
    output_lock,
    remove_stale_temporaries,
    temporary_path,
)
from classifier.io.layout import NEED_COLUMNS
from classifier.io.tables import (
    escape_formula,
    read_table,
    sniff_delimiter,
    unescape_formula,
)
from classifier.jobs import bulk
from classifier.jobs.columns import Columns
from classifier.model import estimator, persistence
from classifier.model.card import ModelCard, card_path
from classifier.model.registry import promote, register

from conftest import EXAMPLES, ROOT

SAMPLE = EXAMPLES / "consultation_sample.csv"
ANSWERS = [
    "Plus de formations en ligne pour les petites associations, svp",
    "More grants for small grassroots groups please",
    "Gracias por todo, el equipo es excelente",
    "Necesitamos interpretación al español en la asamblea general",
]


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def leftovers(folder: Path) -> list[str]:
    """Temporary and lock files of the tool in a folder."""
    return sorted(p.name for p in folder.iterdir() if ".classifier" in p.name)


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# ---------------------------------------------------------------- 1. concurrent runs
def test_a_second_run_on_the_same_output_is_refused_at_once(cli, tmp_path):
    source = write_csv(tmp_path / "in.csv", "id,answer\n1,Merci\n")
    output = tmp_path / "out.csv"
    with output_lock(output):
        code, _, err = cli("tag", source, "-o", output)
        assert code == 2
        assert f"another classifier run is writing {output}" in err
        assert err.count("\n") == 1  # one sentence, before any work (no column log)
        with pytest.raises(OutputLockedError), output_lock(output):
            pass
    assert not output.exists()
    assert not lock_path(output).exists()  # removed on release


def test_runs_use_unique_temporary_names_that_staff_recognise(tmp_path):
    output = tmp_path / "tagged.csv"
    names = {temporary_path(output, ".parts.jsonl").name for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert re.fullmatch(
            rf"\.tagged\.csv\.classifier-{os.getpid()}-[0-9a-f]{{8}}\.parts\.jsonl", name
        )


def test_leftovers_of_a_killed_run_are_removed_at_the_next_run(model, tmp_path):
    source = write_csv(tmp_path / "in.csv", "id,answer\n1,Merci pour tout\n")
    output = tmp_path / "out.csv"
    gone = dead_pid()
    stale = [
        tmp_path / f".out.csv.classifier-{gone}-0badc0de.parts.jsonl",
        tmp_path / f".out.csv.classifier-{gone}-0badc0de.tmp",
    ]
    alive = tmp_path / f".out.csv.classifier-{os.getppid()}-12345678.tmp"  # a live process
    other = tmp_path / f".other.csv.classifier-{gone}-0badc0de.tmp"  # another output's
    for path in [*stale, alive, other, lock_path(output)]:  # kill -9 also leaves the lock file
        path.write_text("{}", encoding="utf-8")
    logged: list[str] = []
    bulk.tag_file(model, source, output, Columns(texts=["answer"]), log=logged.append)
    assert not any(path.exists() for path in stale)
    assert alive.exists() and other.exists()
    assert sum("left by an interrupted run" in line for line in logged) == 2
    assert leftovers(tmp_path) == sorted([alive.name, other.name])
    assert len(read_table(output)) == 1


def test_a_finished_run_leaves_no_temporary_file(cli, tmp_path):
    source = write_csv(tmp_path / "in.csv", "id,answer\n1,More grants please\n")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.xlsx")
    assert code == 0, err
    assert leftovers(tmp_path) == []


# ------------------------------------------------------- 2. an unquoted delimiter
@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("id,answer\n1,More funding, please\n2,Thanks\n3,Great work\n", 2),
        ("id,answer\n1,Thanks\n2,More funding, please\n3,Great work\n", 3),
    ],
)
def test_a_row_with_more_fields_than_the_header_is_an_error_naming_its_line(
    cli, tmp_path, content, line
):
    source = write_csv(tmp_path / "in.csv", content)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 2
    assert f"in.csv line {line} has 3 fields but the header has 2" in err
    assert "must be quoted" in err and "internal error" not in err
    assert not (tmp_path / "out.csv").exists()


# Old Mac exports end lines with CR alone; wide exports with question texts as column names
# have headers longer than any sample: the first rows are checked all the same.
WIDE_HEADER = ",".join(
    f"Q{k}: how satisfied are you with part {k} of our work?" for k in range(1500)
)


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,region,answer\rR1,Europe,more training, please\rR2,Africa,x\r", "line 2 has 4"),
        ("id,answer,answer\rR1,a,b\rR2,c,d\r", "several columns with the same name: 'answer'"),
        (
            f"id,region,answer,{WIDE_HEADER}\nR1,Europe,more training, please{',' * 1499},x\n",
            "line 2 has 1504 fields but the header has 1503",
        ),
        (f"id,answer,{WIDE_HEADER},answer\nR1,a\n", "same name: 'answer' (columns 2, 1503)"),
    ],
    ids=["cr-extra-field", "cr-repeated-name", "wide-extra-field", "wide-repeated-name"],
)
def test_the_first_rows_are_checked_whatever_the_line_ends_and_header_length(
    cli, tmp_path, content, message
):
    assert len(WIDE_HEADER) > 64 * 1024
    source = write_csv(tmp_path / "in.csv", content)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "answer")
    assert code == 2 and message in err, err
    assert not (tmp_path / "out.csv").exists()


def test_a_file_with_cr_line_ends_is_read_whole(tmp_path):
    source = write_csv(tmp_path / "in.csv", 'id,answer\rR1,"more training, please"\rR2,ok\r')
    assert read_table(source).to_dict("list") == {
        "id": ["R1", "R2"],
        "answer": ["more training, please", "ok"],
    }


def test_a_trailing_delimiter_or_a_stray_nul_is_named_for_what_it_is(cli, tmp_path):
    source = write_csv(tmp_path / "in.csv", "id,answer\n1,More grants,\n2,Thanks,\n")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 2 and "line 2 ends with 1 empty field(s)" in err and "quoted" not in err
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"id,answer\n1,More\x00 grants\n")
    code, _, err = cli("tag", nul, "-o", tmp_path / "out.csv")
    assert code == 2 and "a NUL byte at byte 17" in err
    assert not (tmp_path / "out.csv").exists()


def test_the_delimiter_is_not_decided_by_one_row():
    text = "id;answer\n1;More funding, please, now, really\n2;ok\n3;fine, thanks\n"
    assert sniff_delimiter(text) == ";"


# ----------------------------------------------------------- 3. outputs keep their shape
def documented_columns(model, prefix: str = "") -> list[str]:
    return [
        f"{prefix}{name}"
        for name in (
            "language",
            "language_mixed",
            "low_confidence",
            "themes",
            "stance",
            "stance_score",
            *(f"score_{t}" for t in model.classes_),
            *NEED_COLUMNS,
        )
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_a_header_only_file_gives_every_input_and_output_column(cli, model, tmp_path, suffix):
    source = write_csv(tmp_path / "in.csv", "id,respondent_id,answer\n")
    output = tmp_path / f"out{suffix}"
    code, _, err = cli("tag", source, "-o", output)
    assert code == 0, err
    if suffix == ".jsonl":  # JSONL has no header line: no rows is an empty file
        assert output.read_text(encoding="utf-8") == ""
        return
    tagged = read_table(output)
    assert list(tagged.columns) == ["id", "respondent_id", "answer", *documented_columns(model)]
    assert len(tagged) == 0


def test_need_columns_are_always_there_and_empty_where_nothing_is_asked(model, tmp_path):
    # There is no needs cap any more (needs are grouped in flat memory); a file whose answers
    # ask nothing still gets every need column, empty.
    source = write_csv(tmp_path / "in.csv", "id,answer\n1,Merci\n2,Great newsletter\n")
    output = tmp_path / "out.csv"
    bulk.tag_file(model, source, output, Columns(texts=["answer"]))
    tagged = read_table(output)
    assert list(tagged.columns) == ["id", "answer", *documented_columns(model)]
    assert (tagged[list(NEED_COLUMNS)] == "").all().all()


# ---------------------------------------------------------------- 4. cut text
def test_xlsx_output_refuses_cells_it_would_cut_and_suggests_csv(cli, tmp_path):
    long_answer = "Nous demandons plus de formations. " * 1200  # 42,000 characters
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": ["a", "b"], "answer": ["Merci", long_answer]}).to_csv(source, index=False)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.xlsx")
    assert code == 2
    assert "more than 32,767 characters" in err and "column 'answer' row(s) 2" in err
    assert "write a .csv or .jsonl output instead" in err
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.xlsx").exists()
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    assert read_table(tmp_path / "out.csv")["answer"][1] == long_answer
    assert "the full text is kept" in err


# ---------------------------------------------------------------- 5. bad characters
def test_a_lone_surrogate_in_jsonl_is_replaced_and_warned_with_its_line(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "1", "answer": "Merci pour tout"}\n'
        b'{"id": "2", "answer": "Super \\ud83d travail"}\n'
        b'{"id": "3", "answer": "caf\xe9 invalid utf-8"}\n'
    )
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    assert "classifier: warning:" in err and "replaced by U+FFFD: line(s) 2, 3" in err
    tagged = read_table(tmp_path / "out.csv")
    assert tagged["answer"].tolist() == [
        "Merci pour tout",
        "Super \ufffd travail",
        "caf\ufffd invalid utf-8",
    ]


# ------------------------------------------------------------- 6. model files that run code
class _RunsCode:
    """Unpickling this object creates the marker file: what a crafted model file does."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('pwned')",))


@pytest.fixture
def crafted_joblib(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "shared_by_email.joblib"
    joblib.dump(_RunsCode(marker), path)
    return path, marker


@pytest.mark.parametrize(
    "make_args",
    [
        lambda m, d: ["tag", SAMPLE, "-o", d / "o.csv", "--model", m],
        lambda m, d: ["explain", "Plus de formations", "--model", m],
        lambda m, d: ["evaluate", ROOT / "data" / "labeled" / "test.csv", "--model", m],
    ],
)
def test_a_crafted_joblib_model_is_refused_by_every_command(
    cli, tmp_path, crafted_joblib, make_args
):
    path, marker = crafted_joblib
    code, _, err = cli(*make_args(path, tmp_path))
    assert code == 2
    assert "is not a safe model file" in err and "--trust-model" in err
    assert not marker.exists()


def test_a_crafted_joblib_model_is_refused_by_the_python_api(crafted_joblib):
    path, marker = crafted_joblib
    with pytest.raises(ModelFileError, match="can run code"):
        ThemeClassifier.load(path)
    assert not marker.exists()


def crafted_npz(path: Path, model: dict, **arrays) -> Path:
    document = {"format": "classifier-model", "format_version": 1, "model": model}
    payload = np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)
    with open(path, "wb") as handle:
        np.savez(handle, __model__=payload, **arrays)
    return path


def test_a_model_document_is_read_as_the_json_module_reads_it(tmp_path):
    """The model document is parsed by orjson, and by `json` where orjson refuses what
    `json.dumps` writes (NaN, infinities, integers past 64 bits): the same values, the
    same types, the same key order, either way."""
    document = {
        "format": "classifier-model",
        "format_version": 1,
        "model": {
            "__dict__": {"threshold": 0.1 + 0.2, "counts": [3, -7, 2**40], "name": "é\u00a0x"}
        },
    }
    odd = {**document, "model": {"__dict__": {"nan": float("nan"), "big": 2**70, "inf": -1e999}}}
    for value in (document, odd):
        raw = json.dumps(value).encode("utf-8")
        parsed = persistence.parse_document(raw)
        assert repr(parsed) == repr(json.loads(raw))  # nan == nan is False: compare reprs
        assert list(parsed["model"]["__dict__"]) == list(value["model"]["__dict__"])
    path = crafted_npz(tmp_path / "nan.npz", odd["model"])
    assert repr(persistence.load(path)) == repr({"nan": float("nan"), "big": 2**70, "inf": -1e999})


def test_a_long_integer_alone_is_read_as_an_integer(tmp_path):
    """orjson reads an integer past 64 bits as a float (no error, so no fallback): a
    document holding one, and nothing orjson refuses, is read by `json` all the same;
    19 digits in a text change nothing."""
    values = {
        "big": 2**70,
        "small": -(2**64) - 1,
        "list": [1, 2**80],
        "text": "n°1234567890123456789012",
    }
    for separators in ((",", ":"), (", ", ": ")):
        raw = json.dumps({"model": values}, separators=separators).encode("utf-8")
        parsed = persistence.parse_document(raw)["model"]
        assert parsed == values
        assert [type(v) for v in parsed.values()] == [type(v) for v in values.values()]
        assert type(parsed["list"][1]) is int
    text_only = json.dumps({"text": "n°1234567890123456789012", "x": 0.5}).encode("utf-8")
    assert persistence.parse_document(text_only) == json.loads(text_only)
    path = crafted_npz(tmp_path / "big.npz", {"__dict__": {"big": 2**70}})
    loaded = persistence.load(path)
    assert loaded == {"big": 2**70} and type(loaded["big"]) is int


@pytest.mark.parametrize(
    ("document", "arrays", "message"),
    [
        (
            {"__object__": "builtins.eval", "state": {"__dict__": {}}},
            {},
            "'builtins.eval', which is not among the trusted model types",
        ),
        ({"__function__": "os.system"}, {}, "function 'os.system', which is not trusted"),
        (
            {"__array__": "a0"},
            {"a0": np.array([{"x": 1}], dtype=object)},
            "is not a readable model file",
        ),
    ],
)
def test_a_model_file_naming_untrusted_types_is_refused(tmp_path, document, arrays, message):
    path = crafted_npz(tmp_path / "model.npz", document, **arrays)
    with pytest.raises(ModelFileError, match=re.escape(message)):
        persistence.load(path)


def test_every_type_in_a_saved_model_is_on_the_trusted_list(small_model, tmp_path):
    _, path = small_model
    with np.load(path, allow_pickle=False) as archive:
        text = archive["__model__"].tobytes().decode("utf-8")
    named = set(re.findall(r'"__object__":"([^"]+)"', text))
    assert named <= set(persistence.TRUSTED_TYPES)
    assert "classifier.model.estimator.ThemeClassifier" in named


def test_a_model_that_is_not_trusted_cannot_be_saved(small_model, tmp_path):
    fitted, _ = small_model
    odd = ThemeClassifier()
    odd.__dict__.update(fitted.__dict__)
    odd.embedder_ = object()  # an embedder type the loader would not rebuild
    with pytest.raises(ModelFileError, match="not among the trusted types"):
        odd.save(tmp_path / "odd.npz")
    assert not (tmp_path / "odd.npz").exists()


def test_the_shipped_model_is_a_safe_file_that_matches_its_card(model):
    assert persistence.default_model_path().name == "model.npz"
    assert model.card_.model_sha256 == persistence.sha256_file(persistence.default_model_path())


def test_model_files_are_stored_uncompressed_and_deflated_ones_still_load(small_model, tmp_path):
    fitted, path = small_model
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        assert {m.compress_type for m in members} == {zipfile.ZIP_STORED}  # no inflating at load
        deflated = tmp_path / "model.npz"  # as classifier 0.3.0 and earlier saved them
        with zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as copy:
            for member in members:
                copy.writestr(member.filename, archive.read(member))
    card = json.loads(card_path(path).read_text(encoding="utf-8"))
    card["model_sha256"] = persistence.sha256_file(deflated)
    card_path(deflated).write_text(json.dumps(card), encoding="utf-8")
    assert deflated.stat().st_size < path.stat().st_size
    assert ThemeClassifier.load(deflated).predict(ANSWERS) == fitted.predict(ANSWERS)


def test_a_legacy_model_converts_with_identical_predictions(cli, tmp_path):
    legacy = ROOT / "tests" / "data" / "model_saved_v0_1_0.joblib"
    code, _, err = cli("convert", legacy, "-o", tmp_path / "converted.npz")
    assert code == 2 and "--trust-model" in err
    code, _, err = cli("convert", legacy, "-o", tmp_path / "converted.npz", "--trust-model")
    assert code == 0, err
    assert "classifier: warning:" in err and "can run code" in err
    with pytest.warns(UnsafeModelWarning):
        before = ThemeClassifier.load(legacy, trusted=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnsafeModelWarning)
        after = ThemeClassifier.load(tmp_path / "converted.npz")
    assert after.predict(ANSWERS) == before.predict(ANSWERS)
    assert "converted from model_saved_v0_1_0.joblib" in after.card_.note
    # Beside its input under the same name, the output would replace the input's card.
    beside = tmp_path / "old" / "model.joblib"
    beside.parent.mkdir()
    shutil.copy(legacy, beside)
    shutil.copy(tmp_path / "converted.card.json", tmp_path / "old" / "model.card.json")
    card = (tmp_path / "old" / "model.card.json").read_bytes()
    code, _, err = cli("convert", beside, "-o", tmp_path / "old" / "model.npz", "--trust-model")
    assert code == 2 and "share its card" in err and "-o new/model.npz" in err
    assert (tmp_path / "old" / "model.card.json").read_bytes() == card
    assert not (tmp_path / "old" / "model.npz").exists()
    # Into a new folder, as README says: created, as `train -o` creates its own.
    code, _, err = cli("convert", legacy, "-o", tmp_path / "new" / "model.npz", "--trust-model")
    assert code == 0 and (tmp_path / "new" / "model.card.json").is_file(), err


def test_saving_beside_a_legacy_model_of_the_same_name_keeps_its_card(small_model, cli, tmp_path):
    fitted, _ = small_model
    legacy = tmp_path / "model.joblib"
    shutil.copy(ROOT / "tests" / "data" / "model_saved_v0_1_0.joblib", legacy)
    (tmp_path / "model.card.json").write_text('{"legacy": "card"}', encoding="utf-8")
    for target in ("model.npz", "model.joblib"):  # x.joblib is saved as x.npz
        with pytest.raises(ModelFileError, match="share the card model.card.json"):
            fitted.save(tmp_path / target)
    # `classifier train -o` refuses before training, not after.
    labeled = ROOT / "data" / "labeled" / "test.csv"
    code, _, err = cli("train", labeled, "-o", tmp_path / "model.npz")
    assert code != 0 and "share the card model.card.json" in err and "training on" not in err
    assert (tmp_path / "model.card.json").read_text(encoding="utf-8") == '{"legacy": "card"}'
    assert not (tmp_path / "model.npz").exists()
    assert fitted.save(tmp_path / "other" / "model.npz").is_file()


def test_a_model_file_that_does_not_match_its_card_is_refused(small_model, tmp_path):
    _, path = small_model
    registry = tmp_path / "models"
    version = registry / "consultation" / "v001"
    version.mkdir(parents=True)
    model_path = version / "model.npz"
    model_path.write_bytes(path.read_bytes())
    card_path(model_path).write_bytes(card_path(path).read_bytes())
    assert ThemeClassifier.load(model_path).card_.model_sha256
    with open(model_path, "ab") as handle:  # changed after it was saved
        handle.write(b"\0")
    with pytest.raises(ModelFileError, match="does not match the content hash recorded"):
        ThemeClassifier.load(model_path)
    with pytest.raises(ModelFileError, match="does not match the content hash recorded"):
        promote(registry, "v001")
    assert not (registry / "default").exists()


# ------------------------------------------------------------- 7. formulas in CSV outputs
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx"]


def raw_cells(path: Path, column: str) -> list[str]:
    """Cells of a CSV file exactly as written (no unescaping)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)[column].tolist()


def test_tag_csv_output_escapes_formulas_unless_raw(cli, tmp_path):
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": ["-3", *map(str, range(5))], "answer": ["-3", *HOSTILE]}).to_csv(
        source, index=False
    )
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    assert raw_cells(tmp_path / "out.csv", "answer") == ["-3", *("'" + h for h in HOSTILE)]
    assert raw_cells(tmp_path / "out.csv", "id")[0] == "-3"  # a plain number is no formula
    scores = raw_cells(tmp_path / "out.csv", "score_youth")
    assert all(re.fullmatch(r"\d\.\d{1,4}|\d", s) for s in scores)
    assert read_table(tmp_path / "out.csv")["answer"].tolist() == ["-3", *HOSTILE]
    code, _, err = cli("tag", source, "-o", tmp_path / "raw.csv", "--raw-csv")
    assert code == 0, err
    assert raw_cells(tmp_path / "raw.csv", "answer") == ["-3", *HOSTILE]


def test_a_formula_in_a_header_is_escaped_and_read_back_as_it_was(cli, tmp_path):
    """Spreadsheets open the header row like any other: a column named like a formula is
    escaped in the output, and reading the output back (`report`, `review`) gives the
    name the export had."""
    source = tmp_path / "in.csv"
    header = '=HYPERLINK("http://x","click")'
    pd.DataFrame(
        {header: ["r1", "r2"], "answer": ["More youth grants", "Plus de webinaires"]}
    ).to_csv(source, index=False)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "answer")
    assert code == 0, err
    written = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False).columns
    assert written[0] == "'" + header and not any(str(c).startswith("=") for c in written)
    assert read_table(tmp_path / "out.csv").columns[0] == header
    code, _, err = cli(
        "tag", source, "-o", tmp_path / "raw.csv", "--text-column", "answer", "--raw-csv"
    )
    assert code == 0, err
    assert pd.read_csv(tmp_path / "raw.csv", dtype=str).columns[0] == header


def test_column_names_equal_once_unescaped_are_refused_and_an_escaped_name_is_explained(
    cli, tmp_path
):
    source = tmp_path / "in.csv"
    source.write_text("id,=a,'=a,answer\n1,x,y,More youth grants\n", encoding="utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "answer")
    assert code != 0 and "once the formula escape" in err
    assert "several columns with the same name: '=a' (columns 2, 3)" in err  # not a crash
    source.write_text("id,'=q\n1,More youth grants\n", encoding="utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "'=q")
    assert code != 0 and "is read as '=q'" in err and "give '=q'" in err


def test_review_and_needs_csv_outputs_escape_formulas(cli, tmp_path):
    asks = [
        "=Please more grants for small youth groups",
        "=Please more grants for small youth groups in Africa",
        "-More online training on fundraising please",
    ]
    source = tmp_path / "in.csv"
    pd.DataFrame({"respondent_id": ["r1", "r2", "r3"], "answer": asks}).to_csv(source, index=False)
    tagged = tmp_path / "tagged.csv"
    code, _, err = cli("tag", source, "-o", tagged)
    assert code == 0, err
    code, _, err = cli("review", tagged, "-o", tmp_path / "review.csv", "--text-column", "answer")
    assert code == 0, err
    assert all(
        cell.startswith("'=") or cell.startswith("'-")
        for cell in raw_cells(tmp_path / "review.csv", "text")
    )
    code, _, err = cli("needs", tagged, "-o", tmp_path / "needs.csv", "--text-column", "answer")
    assert code == 0, err
    quotes = raw_cells(tmp_path / "needs.csv", "quote_en")  # members' words, as written
    assert any(quote.startswith("'=Please") or quote.startswith("'-More") for quote in quotes)
    assert not any(quote[:1] in ("=", "+", "-", "@") for quote in quotes)


@pytest.mark.parametrize("value", ["=1+1", "-", "'=x", "''=x", "+", "-3", "text", "@", "\r=x"])
def test_reading_a_csv_undoes_exactly_the_escape(value):
    assert unescape_formula(escape_formula(value)) == value


# ------------------------------------------- 9. every command guesses columns the same way
def test_needs_and_languages_use_the_columns_tag_guessed_and_say_so(cli, tmp_path):
    source = tmp_path / "export.csv"
    read_table(SAMPLE).head(40).to_csv(source, index=False)
    tagged = tmp_path / "tagged.csv"
    code, _, tag_err = cli("tag", source, "-o", tagged, "--text-column", "q_improve")
    assert code == 0, tag_err
    guessed = "respondent: respondent_id; language: questionnaire_language"
    assert guessed in tag_err
    code, out, err = cli("needs", tagged, "--text-column", "q_improve")
    assert code == 0, err
    assert guessed in err
    lines = out.splitlines()
    headings = [line for line in lines if line.startswith("# ")]
    assert headings == ["# catalogue needs", "# new needs (not in the catalogue)"]
    listed = {line.split("\t")[0] for line in lines if line not in headings}
    assert all(len(line.split("\t")) == 7 for line in lines if line not in headings)
    written = {i for cell in read_table(tagged)["need_ids"] for i in cell.split(";") if i}
    assert listed == written and written
    code, out, err = cli("languages", source, "--text-column", "q_improve")
    assert code == 0, err
    assert guessed in err
    assert [line.split("\t")[1] for line in out.splitlines()] == read_table(tagged)[
        "language"
    ].tolist()


# --------------------------------------------------------------- 10. training warnings
def test_thin_training_data_warns_with_counts_and_the_card_records_it(cli, tmp_path):
    rows = [(f"More grants for small groups number {i}", "fundraising") for i in range(12)]
    rows += [("Please more youth programmes", "youth"), ("", "youth"), ("   ", "")]
    data = tmp_path / "train.csv"
    pd.DataFrame(rows, columns=["text", "themes"]).to_csv(data, index=False)
    output = tmp_path / "models" / "new" / "model.npz"  # parent folders are created
    code, _, err = cli("train", data, "-o", output)
    assert code == 0, err
    # rows with empty text are named where staff can find them (file:row, as a spreadsheet
    # numbers it), and left out: the youth row without text no longer counts as an example
    assert (
        "classifier: warning: 2 training row(s) have empty text (1 of them labelled) and were "
        "left out, as they teach the model nothing: train.csv:15, train.csv:16"
    ) in err
    assert "classifier: warning: theme 'youth' has 1 training example(s), fewer than 10" in err
    assert "theme 'advocacy' has 0 training example(s)" in err
    assert "the training data is in one language only (en" in err
    card = json.loads(card_path(output).read_text(encoding="utf-8"))
    assert card["skipped_rows"] == ["train.csv:15", "train.csv:16"]
    assert card["training"]["rows"] == 13
    assert any("theme 'youth' has 1" in w for w in card["training"]["warnings"])
    assert any("one language only" in w for w in card["training"]["warnings"])


def test_an_empty_text_corrected_later_is_named_where_its_text_is(cli, tmp_path):
    rows = [(f"g{i}", f"More grants for small groups number {i}", "fundraising") for i in range(6)]
    rows += [(f"y{i}", f"Please more youth programmes number {i}", "youth") for i in range(6)]
    rows += [("e1", "", "youth")]
    data = tmp_path / "train.csv"
    pd.DataFrame(rows, columns=["id", "text", "themes"]).to_csv(data, index=False)
    corrections = tmp_path / "corrections.csv"  # labels only: the text stays in train.csv
    pd.DataFrame({"id": ["y0", "e1"], "stance": ["request", "criticism"]}).to_csv(
        corrections, index=False
    )
    output = tmp_path / "model.npz"
    code, _, err = cli("train", data, corrections, "-o", output)
    assert code == 0, err
    assert "left out, as they teach the model nothing: train.csv:14" in err
    card = json.loads(card_path(output).read_text(encoding="utf-8"))
    assert card["skipped_rows"] == ["train.csv:14"]


def test_answers_of_the_test_file_are_left_out_of_training_and_named(cli, tmp_path):
    rows = [(f"g{i}", f"More grants for small groups number {i}", "fundraising") for i in range(8)]
    rows += [(f"y{i}", f"Please more youth programmes number {i}", "youth") for i in range(8)]
    data = tmp_path / "train.csv"
    pd.DataFrame(rows, columns=["id", "text", "themes"]).to_csv(data, index=False)
    test_rows = [
        ("t1", "A mentoring scheme for young activists in Bogotá", "youth"),
        ("t2", "Help us find donors for community radios", "fundraising"),
    ]
    test = tmp_path / "test.csv"
    pd.DataFrame(test_rows, columns=["id", "text", "themes"]).to_csv(test, index=False)
    # A review sheet made from the tagged test answers, other ids: another case and spacing,
    # the accent typed as a combining mark (a macOS export), a soft hyphen pasted from Word.
    review = tmp_path / "review.csv"
    pd.DataFrame(
        [
            ("r1", "a mentoring  scheme for young ACTIVISTS in Bogota\u0301 ", "youth"),
            ("r2", "Youth camps", "youth"),
            ("r3", "Help us find do\u00adnors for community radios", "fundraising"),
        ],
        columns=["id", "text", "themes"],
    ).to_csv(review, index=False)
    output = tmp_path / "model.npz"
    code, _, err = cli("train", data, review, "-o", output, "--test", test)
    assert code == 0, err
    assert (
        f"2 training row(s) are answers of the test file {test} (the same text) and were left "
        "out of training, so that its figures score answers the model has not seen: "
        "review.csv:2, review.csv:4"
    ) in err
    card = json.loads(card_path(output).read_text(encoding="utf-8"))
    assert card["test_answers_left_out"] == ["review.csv:2", "review.csv:4"]
    assert card["training"]["rows"] == 17
    # Without --test nothing is compared, and every row trains.
    code, _, err = cli("train", data, review, "-o", tmp_path / "all.npz")
    assert code == 0 and "answers of the test file" not in err
    assert json.loads(card_path(tmp_path / "all.npz").read_text("utf-8"))["training"]["rows"] == 19


def test_invisible_characters_and_broken_strings_are_read_as_the_visible_text(model, cli):
    plain = "Nous avons besoin de plus de formations en sécurité numérique"
    variants = [
        plain.replace("formations", "for\u00admations"),  # soft hyphen (Word)
        plain.replace("formations", "for\u200bmations"),  # zero-width space (web pages)
        plain.replace(" ", " \u200e"),  # left-to-right marks
        unicodedata.normalize("NFD", plain),  # accents as combining marks
    ]
    expected = model.predict_proba([plain])  # the same up to a batch's last bits
    assert np.allclose(model.predict_proba(variants), expected, atol=1e-5)
    assert {tuple(p.themes) for p in model.predict([plain, *variants])} == {
        ("capacity_development",)
    }
    # A lone surrogate (bytes that were not UTF-8) is read as U+FFFD, not an error.
    broken = model.predict(["More funding \ud800 please", "More funding \ufffd please"])
    assert broken[0].scores == broken[1].scores and "fundraising" in broken[0].themes
    code, out, err = cli("explain", "More funding \udcff please")  # argv that was not UTF-8
    assert code == 0 and "internal error" not in err, err
    # An answer over spaCy's million characters is read on its first 10,000, as tag reads it.
    long = "Plus de formations svp. " * 50_000
    assert model.predict([long]) == model.predict([long[:10_000]])


def test_a_long_answer_gives_its_respondent_the_language_of_its_first_10000_characters(model):
    # A position paper pasted in French, then its English translation, over 10,000
    # characters: read on its first 10,000 (French), as `classifier tag` reads it, also in a
    # batch of several chunks, where the column's language context was read from whole
    # answers (English), so the same respondent's "Merci" was English there and French in
    # the command's output.
    from classifier.model.parallel import CHUNK_ROWS

    fr = "Nous voulons plus de formations pour les membres des régions. " * 150
    en = "We would like much more training for the members in the regions. " * 300
    texts = [fr + en, "Merci"] + ["Gracias por todo"] * CHUNK_ROWS
    respondents = ["r1", "r1"] + [f"s{i}" for i in range(CHUNK_ROWS)]
    read = model.predict(texts, respondents=respondents)
    assert [p.language for p in read[:2]] == ["fr", "fr"]
    assert read == model.predict([t[:10_000] for t in texts], respondents=respondents)


def test_a_theme_thin_in_one_language_warns():
    from classifier.model.estimator import training_warnings

    texts = ["a"] * 16
    themes = [["youth"]] * 15 + [[]]  # one answer without it: a theme on all is warned apart
    languages = ["fr"] * 8 + ["en"] * 6 + ["es"] + ["fr"]
    problems = training_warnings(texts, themes, [None] * 16, languages, ["youth"])
    assert problems == [
        "theme 'youth' has fewer than 3 training examples in some languages (es: 1): "
        "it may be missed there"
    ]


# ----------------------------------------------------------------- 12. small things
def test_a_closed_pipe_ends_quietly(tmp_path):
    source = tmp_path / "in.csv"
    pd.DataFrame({"answer": ["Merci beaucoup pour tout"] * 20000}).to_csv(source, index=False)
    result = subprocess.run(
        f"{sys.executable} -m classifier.cli languages {source} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.stdout == "1\tfr\n"
    assert "error" not in result.stderr and "Exception" not in result.stderr


def test_version_agrees_with_the_package_metadata(capsys):
    from classifier.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert capsys.readouterr().out.strip() == f"classifier {declared['project']['version']}"
    assert classifier.__version__ == declared["project"]["version"]


def test_models_lists_the_shipped_model(cli, tmp_path, small_model):
    code, out, _ = cli("models", "--registry", tmp_path / "empty")
    assert code == 0
    shipped = ModelCard.read(persistence.default_model_path())
    rows, micro = shipped.training["rows"], shipped.test["micro_f1"]
    assert re.search(rf"^shipped\s+\S+\s+{rows}\s+{micro:.3f}", out, re.MULTILINE)
    assert str(persistence.default_model_path()) in out
    code, out, _ = cli("models", "--registry", ROOT / "models")
    assert re.search(r"^default .*= the shipped model", out, re.MULTILINE)
    # The columns line up, however long a label ("default (from consultation/v001)").
    fitted, _ = small_model
    register(fitted, tmp_path / "registry", {"micro_f1": 0.5})
    promote(tmp_path / "registry", "v001")
    code, out, _ = cli("models", "--registry", tmp_path / "registry")
    header, *table = out.splitlines()[:-1]  # the last line names the shipped model's file
    assert code == 0 and any(line.startswith("default (from consultation/v001)") for line in table)
    created = header.index("created")
    assert all(re.match(r"\d{4}-", line[created:]) for line in table)


def test_review_fills_the_respondent_and_id_columns_it_guessed(cli, tmp_path):
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": ["A1", "A2"], "respondent_id": ["r1", "r2"], "answer": ANSWERS[:2]}).to_csv(
        source, index=False
    )
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 0, err
    code, _, err = cli("review", tmp_path / "tagged.csv", "-o", tmp_path / "review.csv")
    assert code == 0, err
    assert "respondent: respondent_id" in err and "id: id" in err
    sheet = read_table(tmp_path / "review.csv")
    assert sorted(sheet["respondent"]) == ["r1", "r2"] and sorted(sheet["id"]) == ["A1", "A2"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.csv", b"id,answer,answer\n1,a,b\n", "'answer' (columns 2, 3)"),
        ("in.jsonl", b'{"id": "1", "answer": "a", "answer": "b"}\n', "line 1 has the key"),
    ],
)
def test_duplicate_column_names_are_refused(cli, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 2 and message in err and "answer.1" not in err


def test_duplicate_column_names_in_xlsx_are_refused(tmp_path):
    source = tmp_path / "in.xlsx"
    pd.DataFrame([["1", "a", "b"]], columns=["id", "x", "y"]).rename(
        columns={"x": "answer", "y": "answer"}
    ).to_excel(source, index=False)
    with pytest.raises(ValueError, match=r"several columns with the same name: 'answer'"):
        read_table(source)


def test_scores_have_no_float_noise_in_text_outputs(cli, tmp_path):
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": range(4), "answer": ANSWERS}).to_csv(source, index=False)
    for name in ("out.csv", "out.jsonl"):
        code, _, err = cli("tag", source, "-o", tmp_path / name)
        assert code == 0, err
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    text += (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{5,}", text)


def test_a_semicolon_csv_with_bom_keeps_its_dialect(cli, tmp_path):
    source = write_csv(
        tmp_path / "in.csv",
        "id;answer\n1;Plus de formations, svp\n2;Merci\n",
        encoding="utf-8-sig",
    )
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    written = (tmp_path / "out.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfid;answer;language;")
    assert b"1;Plus de formations, svp;fr;" in written


def test_a_legacy_encoding_gets_a_bom_so_excel_reads_the_accents(cli, tmp_path):
    source = write_csv(tmp_path / "in.csv", "id;answer\n1;Très bien\n", encoding="cp1252")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    assert (tmp_path / "out.csv").read_bytes().startswith("\ufeffid;answer".encode())
    assert read_table(tmp_path / "out.csv")["answer"][0] == "Très bien"


def test_stale_cleanup_keeps_files_of_other_outputs_with_similar_names(tmp_path):
    gone = dead_pid()
    keep = tmp_path / f".out.csv.bak.classifier-{gone}-0badc0de.tmp"
    keep.write_text("x", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path / "out.csv") == 0
    assert keep.exists()


def test_readme_command_summaries_name_exactly_the_options_of_help():
    from classifier.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Command line\n\n```\n", 1)[1].split("```", 1)[0]
    entries: dict[str, str] = {}
    for line in block.splitlines():
        if line.startswith("classifier "):
            command = line.split()[1]
            entries[command] = line
        else:
            entries[command] += line
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if a.dest == "command"]
    assert set(entries) - {"[--debug]"} == set(subparsers.choices)

    def options(sub) -> set[str]:
        found = set()
        for action in sub._actions:
            strings = [s for s in action.option_strings if s not in ("-h", "--help")]
            if strings:
                found.add("-o" if "-o" in strings else max(strings, key=len))
        return found

    for command, sub in subparsers.choices.items():
        documented = set(re.findall(r"(?<![\w-])(-o|--[a-z][a-z-]*)", entries[command]))
        assert documented == options(sub), command
    assert set(re.findall(r"--[a-z]+", entries["[--debug]"])) == options(parser)


def test_a_cell_with_a_lone_carriage_return_keeps_its_row_whole(cli, tmp_path):
    source = tmp_path / "in.csv"
    answers = ["\rPlease more webinars", "Plus de formations svp", "mid\rline answer"]
    # CRLF rows, as Excel writes them (with "\n" rows, Python's csv module would not quote
    # the lone "\r" of this very input).
    frame = pd.DataFrame({"id": ["1", "2", "3"], "answer": answers})
    frame.to_csv(source, index=False, lineterminator="\r\n")
    for name in ("out.csv", "again.csv"):
        code, _, err = cli("tag", source, "-o", tmp_path / name)
        assert code == 0, err
        source = tmp_path / name  # the tool reads its own output back
    tagged = read_table(tmp_path / "again.csv")
    assert list(tagged["id"]) == ["1", "2", "3"]
    assert list(tagged["answer"]) == answers


def test_jsonl_numbers_stay_as_written_when_a_row_lacks_the_key(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    records = [
        {"id": 1, "answer": "More training please", "code": "0012"},
        {"answer": "hola amigos", "id": None},
        {"id": 12345678901234567, "answer": "Plus de formations", "ok": True, "share": 1.5},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    tagged = read_table(tmp_path / "out.csv")
    assert list(tagged["id"]) == ["1", "", "12345678901234567"]
    assert list(tagged["code"]) == ["0012", "", ""]
    assert list(tagged["share"]) == ["", "", "1.5"]
    assert list(tagged["ok"]) == ["", "", "true"]  # JSON's spelling, not Python's "True"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_csv_is_read(cli, tmp_path, encoding):
    source = tmp_path / "in.csv"
    text = "id,answer\r\n1,Plus de formations en ligne svp\r\n2,Más información en español\r\n"
    source.write_bytes(text.encode(encoding))
    options = [] if encoding == "utf-16" else ["--encoding", encoding]  # utf-16 has a BOM
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", *options)
    assert code == 0, err
    tagged = read_table(tmp_path / "out.csv")
    assert list(tagged["answer"]) == [
        "Plus de formations en ligne svp",
        "Más información en español",
    ]
    assert list(tagged["language"]) == ["fr", "es"]


@pytest.mark.parametrize(
    "header, questions",
    [("id,language,answer_language,answer", ["answer"]), ("id,q1,q1_themes,q2", ["q1", "q2"])],
)
def test_an_input_column_named_as_a_prediction_column_is_an_error_not_hidden(
    cli, model, tmp_path, header, questions
):
    source = write_csv(tmp_path / "in.csv", header + "\n" + ",".join(["x"] * 4) + "\n")
    output = tmp_path / "out.csv"
    args = [a for q in questions for a in ("--text-column", q)]
    code, _, err = cli("tag", source, "-o", output, *args)
    assert code == 2 and "rename them" in err
    assert not output.exists()
    frame = pd.read_csv(source, dtype=str)
    with pytest.raises(ColumnError, match="rename them"):
        model.tag(frame, text_column=questions[0], prefix=f"{questions[0]}_" * (len(questions) > 1))


def test_what_is_not_a_list_of_answers_is_refused_with_what_to_pass(model, monkeypatch):
    with pytest.raises(ClassifierError, match=r"pass \[text\]"):
        model.predict("more training please")
    with pytest.raises(ClassifierError, match=r"got a generator: pass list\(...\)"):
        model.predict(text for text in ANSWERS)
    # Values given alongside the answers are counted against all of them, chunks or not.
    monkeypatch.setattr(estimator, "CHUNK_ROWS", 2)
    answers = ANSWERS * 2
    for alongside in ("languages", "respondents"):
        with pytest.raises(ClassifierError, match=f"{alongside} has 3 values for {len(answers)}"):
            model.predict(answers, **{alongside: ["fr"] * 3})
        # A bare string would be read one character per answer, and the values dropped.
        with pytest.raises(ClassifierError, match=f"{alongside} must hold one value per answer"):
            model.predict(answers[:2], **{alongside: "es"})
    # A table iterates over its column names and a mapping over its keys, not their rows.
    frame = pd.DataFrame({"answer": answers})
    with pytest.raises(ClassifierError, match=r"got a DataFrame .* pass its text column"):
        model.predict(frame)
    with pytest.raises(ClassifierError, match=r"got a dict .* pass list\(d.values\(\)\)"):
        model.predict(dict(enumerate(answers)))
    assert len(model.predict(frame["answer"])) == len(answers)
    with pytest.raises(ClassifierError, match=r"position\(s\) 1 are bytes, not text"):
        model.predict(["More grants", b"More training"])
    with pytest.raises(ClassifierError, match=r"respondents at position\(s\) 0, 1 are lists"):
        model.predict(["More grants", "More training"], respondents=[["r1"], ["r1"]])
    ids = pd.Series(["r1", "r1"], index=[5, 9])  # a Series of ids, any index, is fine
    assert len(model.predict(["More grants", "More training"], respondents=ids)) == 2


def test_tag_refuses_what_is_not_one_named_column_of_a_table(model):
    frame = pd.DataFrame({"answer": ANSWERS})
    with pytest.raises(ClassifierError, match=r"got a Series: .* use predict"):
        model.tag(frame["answer"], text_column="answer")
    twice = pd.concat([frame, frame], axis=1)
    levels = pd.DataFrame(
        [["x", "y"]], columns=pd.MultiIndex.from_tuples([("answer", "a"), ("answer", "b")])
    )
    for table in (twice, levels):
        with pytest.raises(ColumnError, match="'answer' names several columns"):
            model.tag(table, text_column="answer")


def test_tag_on_multi_level_columns_adds_full_keys_without_pandas_warnings(model):
    columns = pd.MultiIndex.from_tuples([("q1", "answer"), ("q1", "id")])
    table = pd.DataFrame([[a, i] for i, a in enumerate(ANSWERS)], columns=columns)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas deprecates padding a short key
        tagged = model.tag(table, text_column=("q1", "answer"))
    assert tagged.columns.nlevels == 2 and tagged[columns].equals(table)
    assert ("themes", "") in tagged.columns and ("language", "") in tagged.columns
    flat = model.tag(pd.DataFrame({"answer": ANSWERS}), text_column="answer")
    assert tagged[("themes", "")].tolist() == flat["themes"].tolist()


def test_tag_again_on_multi_level_columns_prefixes_the_second_question(model):
    # A frame tagged for one question, tagged for the next without a prefix: as for flat
    # names, the second question's columns get its name as prefix; before, a second
    # ("themes", "") column, so `tagged["themes"]` held both questions' themes.
    columns = pd.MultiIndex.from_tuples([("q1", "answer"), ("q2", "answer")])
    table = pd.DataFrame([[a, a] for a in ANSWERS], columns=columns)
    once = model.tag(table, text_column=("q1", "answer"))
    twice = model.tag(once, text_column=("q2", "answer"))
    assert twice.columns.is_unique
    assert twice[("q2_answer_themes", "")].tolist() == once[("themes", "")].tolist()
    assert twice[once.columns].equals(once)


def test_a_codebook_with_other_stance_ids_warns_what_it_loses_and_tags_empty_answers(
    train_frame, tmp_path
):
    spec = Codebook.load().to_dict()
    spec["stances"] = ["positive", "suggestion", "complaint", "other"]
    spec.pop("needs", None)
    (tmp_path / "pulse.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    renamed = {"praise": "positive", "request": "suggestion", "criticism": "complaint"}
    rows = train_frame.sort_values("id").iloc[::80]
    stances = [renamed.get(s, "other") for s in rows["stance"]]
    with pytest.warns(DataWarning) as warned:
        fitted = ThemeClassifier(codebook=Codebook.load(tmp_path / "pulse.yaml"), cv_folds=3)
        fitted.fit(rows["text"].tolist(), rows["themes"].tolist(), stances=stances)
    said = " | ".join(str(w.message) for w in warned)
    assert "no answer will be grouped into needs" in said and "no praise" in said
    assert "answers with nothing to read get no stance" in said
    assert any("no answer will be grouped" in w for w in fitted.training_summary_["warnings"])
    # An empty answer gets no stance (not a guess), so its tagged file reads back.
    tagged = fitted.tag(pd.DataFrame({"answer": ["", "More training on fundraising please"]}))
    assert tagged["stance"].tolist()[0] == "" and tagged["stance"].tolist()[1] != ""
    fitted.save(tmp_path / "new" / "folder" / "model.npz")  # missing folders are created
    assert (tmp_path / "new" / "folder" / "model.card.json").is_file()


def test_empty_stances_may_be_nan_as_pandas_reads_empty_cells(train_frame):
    rows = train_frame.sort_values("id").iloc[::80].copy()
    rows.loc[rows.index[:10], "stance"] = np.nan
    fitted = ThemeClassifier(cv_folds=3).fit(rows["text"], rows["themes"], stances=rows["stance"])
    counts = rows["stance"].value_counts().to_dict()  # NaN is not counted: unlabelled
    assert fitted.training_summary_["stance_counts"] == counts


def test_fit_warns_of_declared_languages_it_does_not_know(train_frame):
    # README: `predict` detects a declared language the model does not know ("de"), with a
    # DataWarning naming it, and `classifier train` refuses it. Before, `fit` detected it
    # without a word, and its card recorded nothing.
    rows = train_frame.sort_values("id").iloc[::80].copy()
    languages = rows["language"].tolist()
    languages[:3] = ["de", "de", "Deutsch"]
    with pytest.warns(DataWarning, match=r"'de' \(2 answers\), 'Deutsch' \(1 answer\)"):
        fitted = ThemeClassifier(cv_folds=3).fit(
            rows["text"], rows["themes"], stances=rows["stance"], languages=languages
        )
    assert any("'de' (2 answers)" in w for w in fitted.training_summary_["warnings"])


def test_control_characters_in_an_xlsx_output_are_warned_naming_the_output_and_column(
    cli, tmp_path
):
    source = write_csv(tmp_path / "in.csv", "id,answer\n1,Merci\n2,Plus de\x01 formations\n")
    output = tmp_path / "out.xlsx"
    code, _, err = cli("tag", source, "-o", output)
    assert code == 0, err
    assert f"classifier: warning: {output}: control characters" in err
    assert "column(s) 'answer', row(s) 2" in err
    assert read_table(output)["answer"][1] == "Plus de\ufffd formations"
    # Carriage returns (quoted in a CSV) become the line breaks an XLSX reader sees anyway,
    # and say so; the CSV output keeps them.
    source = write_csv(tmp_path / "cr.csv", 'id,answer\n1,"one\r\ntwo\rthree"\n2,Merci\n')
    code, _, err = cli("tag", source, "-o", tmp_path / "cr.xlsx")
    assert code == 0 and "carriage returns were written as line breaks" in err, err
    assert "column(s) 'answer', row(s) 1" in err
    assert read_table(tmp_path / "cr.xlsx")["answer"][0] == "one\ntwo\nthree"
    code, _, err = cli("tag", source, "-o", tmp_path / "cr.csv.out.csv")
    assert code == 0 and "carriage returns" not in err
    assert read_table(tmp_path / "cr.csv.out.csv")["answer"][0] == "one\r\ntwo\rthree"


def test_the_review_workbooks_codebook_sheet_stores_labels_as_text(tmp_path):
    import openpyxl

    from classifier.jobs.review import REVIEW_COLUMNS, write_review

    spec = Codebook.load().to_dict()
    spec.pop("needs", None)
    for theme in spec["themes"]:
        if theme["id"] == "secretariat":
            theme["label"]["en"] = '=HYPERLINK("http://example.org","Secretariat")'
        if theme["id"] == "youth":
            theme["description"] = "young people\x0bleadership"  # Word's manual line break
    codebook = Codebook.from_dict(spec, "edited codebook")
    sheet = pd.DataFrame([dict.fromkeys(REVIEW_COLUMNS, "") | {"id": "1", "text": "Merci"}])
    output = tmp_path / "review.xlsx"
    with pytest.warns(DataWarning, match=r"sheet 'codebook': control characters.*row\(s\) 1"):
        write_review(sheet, codebook, output)
    cells = {row[1].value: row for row in openpyxl.load_workbook(output)["codebook"].iter_rows()}
    label = cells["secretariat"][2]
    assert label.data_type == "s" and label.value.startswith("=HYPERLINK(")  # text, no formula
    assert cells["youth"][5].value == "young people\ufffdleadership"


def test_report_xlsx_that_cannot_hold_an_answer_writes_nothing(cli, tmp_path):
    survey = pd.read_csv(ROOT / "data/examples/consultation_sample.csv", dtype=str)
    survey.loc[1, "q_improve"] = "Please translate the newsletter into Spanish. " * 800
    survey.to_csv(tmp_path / "long.csv", index=False)
    source = tmp_path / "tagged.csv"
    code, _, err = cli("tag", tmp_path / "long.csv", "-o", source, "--text-column", "q_improve")
    assert code == 0, err
    html, workbook = tmp_path / "report.html", tmp_path / "report.xlsx"
    report = ("report", source, "--text-column", "q_improve", "-o", html)
    code, _, err = cli(*report, "--xlsx", workbook)
    assert code == 2 and "more than 32,767 characters" in err
    assert "leave out --xlsx" in err and ".jsonl" not in err
    assert not html.exists() and not workbook.exists()
    code, _, err = cli(*report)
    assert code == 0 and html.exists(), err


def test_a_csv_column_without_a_name_keeps_its_empty_name(cli, tmp_path):
    source = write_csv(tmp_path / "in.csv", "id,,answer\n1,z,Plus de formations svp\n")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("id,,answer,language,")
    assert read_table(tmp_path / "out.csv")[""].tolist() == ["z"]


def test_a_workbook_is_read_from_its_first_visible_sheet_and_says_so(cli, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    settings = workbook.active
    settings.title = "config"
    settings.sheet_state = "hidden"
    settings.append(["key"])
    settings.append(["survey-2026"])
    answers = workbook.create_sheet("responses")
    answers.append(["respondent_id", "answer"])
    for number, text in enumerate(ANSWERS):
        answers.append([f"r{number}", text])
    workbook.create_sheet("summary").append(["count"])
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    assert read_table(source)["answer"].tolist() == ANSWERS
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", "--jobs", "1")
    assert code == 0, err
    assert "reading sheet 'responses', the first of 2 visible sheets" in err
    assert "hidden sheet(s) skipped: 'config'" in err
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    assert tagged["answer"].tolist() == ANSWERS
    # --sheet reads the one named, hidden or not, and says nothing.
    code, _, err = cli("tag", source, "-o", tmp_path / "config.csv", "--sheet", "config")
    assert code == 0 and "reading sheet" not in err
    assert pd.read_csv(tmp_path / "config.csv", dtype=str)["key"].tolist() == ["survey-2026"]


def test_formulas_a_workbook_never_calculated_are_named_once_and_nothing_else_changes(
    cli, tmp_path
):
    import openpyxl

    # Written by a script (openpyxl stores formulas without results), never opened in Excel.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "responses"
    sheet.append(["respondent_id", "answer", "total"])
    sheet.append(["r1", ANSWERS[0], 4])
    sheet.append(["r2", '=CONCAT("More ", "webinars")', "=2+2"])
    sheet.append(["r3", ANSWERS[1], 5])
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    with pytest.warns(DataWarning, match=r"2 formula cell\(s\) store no calculated result"):
        assert read_table(source)["answer"].tolist() == [ANSWERS[0], "", ANSWERS[1]]
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", "--jobs", "1")
    assert code == 0, err
    # Once, though the file is read twice (its columns, then its rows).
    assert err.count("formula cell(s)") == 1
    assert "sheet 'responses': 2 formula cell(s)" in err and "(B3, C3)" in err
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    assert tagged["respondent_id"].tolist() == ["r1", "r2", "r3"]
    # A workbook whose formulas hold their results (as Excel saves it; a formula's result
    # may be the empty text) reads without a word.
    calculated = tmp_path / "calculated.xlsx"
    _store_results(source, calculated, {"B3": "More webinars", "C3": ""})
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        assert read_table(calculated).iloc[1].tolist() == ["r2", "More webinars", ""]


def test_a_workbook_whose_first_row_is_empty_is_refused_not_read_with_unnamed_columns(
    cli, tmp_path
):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])  # the column names start on row 2
    sheet.append(["respondent_id", "answer"])
    sheet.append(["r1", ANSWERS[0]])
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv")
    assert code == 2 and "row 1 is empty; the column names must be in the first row" in err
    assert not (tmp_path / "tagged.csv").exists()


def _store_results(source: Path, target: Path, results: dict[str, str]) -> None:
    """A copy of workbook `source` whose formula cells at `results` store those results, as
    a spreadsheet program saves them (openpyxl cannot write a formula's result)."""
    import zipfile

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                for cell, value in results.items():
                    text = re.sub(
                        rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/>',
                        rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>',
                        text,
                    )
                data = text.encode()
            copy.writestr(item, data)


def test_blank_lines_of_a_one_column_csv_are_its_empty_answers(cli, tmp_path):
    source = tmp_path / "one_column.csv"
    first, second, third = (f'"{text}"' for text in ANSWERS[:3])
    source.write_text(f"answer\n{first}\n\n{second}\n\n\n{third}\n", "utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", "--jobs", "1")
    assert code == 0, err
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    assert tagged["answer"].tolist() == [ANSWERS[0], "", ANSWERS[1], "", "", ANSWERS[2]]
    assert (tagged.loc[tagged["answer"] == "", "themes"] == "").all()
    # With several columns an empty line is no spreadsheet row (it would hold delimiters).
    two = tmp_path / "two_columns.csv"
    two.write_text(f"id,answer\n1,{first}\n\n2,{second}\n", "utf-8")
    assert read_table(two)["id"].tolist() == ["1", "2"]


def test_a_jsonl_key_left_out_of_whole_chunks_reads_as_empty_answers(cli, model, tmp_path):
    # An optional question: its key is absent from lines of people who skipped it, here
    # from the first 200 lines (the ones columns are found from) and from whole chunks.
    source = tmp_path / "sparse.jsonl"
    lines = []
    for number in range(260):
        record = {"respondent_id": f"r{number}", "region": "Sahel"}
        if 200 <= number < 230:
            record["answer"] = ANSWERS[number % len(ANSWERS)]
        if number < 100:
            record["lang"] = "fr"
        lines.append(json.dumps(record) + "\n")
    source.write_text("".join(lines), encoding="utf-8")
    code, _, err = cli("tag", source, "-o", tmp_path / "out.csv", "--text-column", "answer")
    assert code == 0, err
    tagged = read_table(tmp_path / "out.csv")
    assert len(tagged) == 260 and (tagged["answer"] != "").sum() == 30
    assert tagged["themes"][tagged["answer"] == ""].eq("").all()
    output = tmp_path / "chunks.csv"
    columns = Columns(texts=["answer"], respondent="respondent_id", language="lang")
    bulk.tag_file(model, source, output, columns, chunk_rows=50)
    assert read_table(output)["themes"].tolist() == tagged["themes"].tolist()
    # A key no line has is still an error.
    code, _, err = cli("tag", source, "-o", tmp_path / "typo.csv", "--text-column", "answr")
    assert code == 2 and "text column 'answr' not found" in err


def test_tag_guesses_the_answer_column_from_the_whole_file_whatever_the_row_order(cli, tmp_path):
    # No conventional name: the column with the longest texts is the answers. Its first 200
    # rows are short and the other column's long, but over the whole file it is the longer.
    rows = [("ok", ANSWERS[i % len(ANSWERS)]) for i in range(200)]
    rows += [(ANSWERS[i % len(ANSWERS)] * 3, "ok") for i in range(150)]
    frame = pd.DataFrame(rows, columns=["q1", "q2"])
    assert frame["q1"].str.len().mean() > frame["q2"].str.len().mean()
    for name, table in (("as_written", frame), ("reversed", frame.iloc[::-1])):
        source = tmp_path / f"{name}.csv"
        table.to_csv(source, index=False)
        code, _, err = cli("tag", source, "-o", tmp_path / f"tagged_{name}.csv", "--jobs", "1")
        assert code == 0 and "text column(s): q1;" in err, err
        code, _, err = cli("languages", source)
        assert code == 0 and "text column(s): q1;" in err, err


@pytest.mark.parametrize("filler_rows", [0, 250], ids=["in-the-sample", "past-the-sample"])
def test_a_stray_byte_in_a_utf8_file_is_replaced_and_named_not_read_as_a_legacy_encoding(
    cli, tmp_path, filler_rows
):
    filler = "Más recursos en español y menos reuniones en inglés por favor. " * 20
    answers = [f"{filler}{i}" for i in range(filler_rows)]  # 1,300 bytes each
    answers += ["Intérprete en la asamblea", "Plus de formations\xa0en ligne", "Boletín"]
    lines = ["id,answer", *(f"r{i},{answer}" for i, answer in enumerate(answers))]
    data = "\n".join(lines).encode("utf-8").replace("\xa0".encode(), b"\xa0")  # a lone byte
    source = tmp_path / "in.csv"
    source.write_bytes(data + b"\n")
    assert len(data) > 256 * 1024 or not filler_rows
    output = tmp_path / "out.csv"
    code, _, err = cli("tag", source, "-o", output, "--jobs", "1")
    assert code == 0, err
    line = filler_rows + 3
    assert (
        f"is UTF-8 but 1 line(s) hold bytes that are not, replaced by U+FFFD: line(s) {line}" in err
    )
    tagged = read_table(output)
    expected = [*answers[:-2], "Plus de formations\ufffden ligne", answers[-1]]
    assert tagged["answer"].tolist() == expected  # every accent of the other rows intact
    assert not output.read_bytes().startswith(b"\xef\xbb\xbf")  # written as the UTF-8 it was
