"""Hostile inputs found by hunt 44, on the command line as staff and scripts use it: a path
given after `=` or in quotes with a leading `~` (`--output=~/models/m.npz`), which no shell
expands there: `train` and `convert` made a folder named `~` in the working folder, the
other commands said the file did not exist (and `CLASSIFIER_CACHE_DIR=~/cache`, set where
no shell expands it, put the cache there); a misspelt option (`--text_column`, the Python
API's spelling), refused under the usage of `classifier` itself without the option meant;
a text starting with `-` (`explain "-frais"`, a bulleted answer), refused as if no text was
given; `classifier` alone, which named no command; `--debug` added at the end of a command,
as an error's "(run with --debug for details)" has staff do: "unrecognized arguments"; a
legacy `--encoding` (`latin-1`) given for a UTF-8 CSV or JSONL file, read with every accent
as two wrong characters and tagged so without a word; a command run without a stderr
(`2>&-`, or pythonw): `tag` ended with an internal error, and every command's log lines
went to stdout, among the rows a script reads; without a stdout (`>&-`), every command did
its work, then ended with an internal error (status 1); a codebook whose `needs:` gives its
catalogue's path from the working folder ("cannot read needs catalogue
codebooks/codebooks/...", naming neither the key nor the folder it is read from); two
years' review sheets made without `--id-column` (both numbered by row), refused by `train`
with an error naming the wrong answer and labels; and `tag --jobs N --scheduler ADDR`,
whose `--jobs` was ignored without a word. Each test failed before its fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from classifier.model.persistence import default_model_path

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"
CHECKOUT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------- `~` the shell left as it is
@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder and a working folder apart from it, the command run in the latter."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    return home


def test_an_output_after_equals_with_a_tilde_goes_to_the_home_folder(cli, home):
    # The shell expands `~` only at the start of a word: `--output=~/models/m.npz` reaches
    # the command as written. Before, `convert` (and `train`, which also make missing
    # folders) wrote `./~/models/m.npz`, a folder named `~` in the working folder, which
    # `rm -rf ~` then deletes the home instead of.
    code, _, err = cli("convert", default_model_path(), "--output=~/models/m.npz")
    assert code == 0, err
    assert (home / "models" / "m.npz").is_file()
    assert list(home.parent.joinpath("work").iterdir()) == []


def test_an_input_and_a_model_after_equals_with_a_tilde_are_read(cli, home):
    # Before: "no model file at ~/m.npz", and "~/exports/sample.csv does not exist".
    (home / "exports").mkdir()
    (home / "exports" / "sample.csv").write_bytes(SAMPLE.read_bytes())
    code, out, err = cli("languages", "~/exports/sample.csv", "--text-column=q_improve")
    assert code == 0, err
    assert out.splitlines()[0] == "1\tes"
    model = home / "m.npz"
    model.write_bytes(default_model_path().read_bytes())
    code, out, err = cli("explain", "More training in French please", "--model=~/m.npz")
    assert code == 0, err
    assert "capacity_development" in out


# ------------------------------------------------------------- usage errors
def usage_error(capsys, *args: str) -> str:
    """What `classifier ARGS` prints on stderr when argparse refuses them (status 2)."""
    from classifier.cli import main

    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    assert exit_.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("--text_column", "--text-column"),  # the Python API's spelling, `text_column=`
        ("--text-columns", "--text-column"),
        ("--respondent_column", "--respondent-column"),
        ("--Min-Respondents", "--min-respondents"),
    ],
)
def test_a_misspelt_option_names_the_command_and_the_option_meant(capsys, tmp_path, typed, meant):
    # Before: "classifier: error: unrecognized arguments: --text_column q_improve", under the
    # usage of `classifier` itself, naming neither the command nor its options.
    err = usage_error(capsys, "tag", SAMPLE, "-o", tmp_path / "out.csv", typed, "q_improve")
    assert "classifier tag: error: unrecognized arguments" in err
    assert f"did you mean {meant}?" in err
    assert list(tmp_path.iterdir()) == []


def test_an_option_given_as_name_equals_value_is_suggested_by_its_name(capsys, tmp_path):
    err = usage_error(capsys, "languages", SAMPLE, "--text_column=q_improve")
    assert "did you mean --text-column?" in err


def test_a_text_starting_with_a_dash_says_to_put_two_dashes_before_it(capsys):
    # A bulleted answer pasted as it is: before, "the following arguments are required:
    # TEXT", though a text was given.
    err = usage_error(capsys, "explain", "-frais")
    assert "'-frais' was read as an option" in err
    assert "classifier explain -- '-frais'" in err


def test_no_command_lists_the_commands(capsys):
    # Before: "the following arguments are required: COMMAND", and a usage line that names
    # no command.
    err = usage_error(capsys)
    assert "tag, train, review, report" in err


def test_debug_after_the_command_shows_the_traceback(capsys):
    # An error ends "(run with --debug for details)", and staff add it at the end of the
    # command they ran: before, "unrecognized arguments: --debug", as only `classifier
    # --debug tag ...` took it.
    from classifier.cli import main
    from classifier.errors import TableError

    with pytest.raises(TableError, match="nope.csv does not exist"):
        main(["languages", "nope.csv", "--debug"])
    assert main(["languages", "nope.csv"]) == 2
    assert "classifier: error: nope.csv does not exist" in capsys.readouterr().err
    err = usage_error(capsys, "explain", "--debug")  # no text: refused for that alone
    assert "required: TEXT" in err and "was read as an option" not in err


# ------------------------------------------------------------- --encoding of a UTF-8 file
@pytest.mark.parametrize("encoding", ["latin-1", "iso-8859-15", "cp850"])
def test_a_legacy_encoding_given_for_a_utf8_csv_is_refused(cli, tmp_path, encoding):
    # A script that gives `--encoding latin-1` for every export (some came from an old Excel):
    # before, a UTF-8 file was read with every accent as two wrong characters (`é` as `Ã©`),
    # tagged and written so, 84 of the sample's answers, without a word (73 needs became 79).
    output = tmp_path / "out.csv"
    code, _, err = cli("tag", SAMPLE, "-o", output, "--encoding", encoding)
    assert code == 2
    assert f"{SAMPLE} is UTF-8" in err
    assert "leave --encoding out" in err
    assert not output.exists()
    code, out, err = cli("languages", SAMPLE, "--text-column", "q_improve", "--encoding", encoding)
    assert code == 2 and out == ""


def test_a_legacy_encoding_given_for_a_utf8_jsonl_is_refused(cli, tmp_path):
    source = tmp_path / "answers.jsonl"
    source.write_text('{"text": "Plus de réunions régionales"}\n', encoding="utf-8")
    code, _, err = cli("languages", source, "--encoding", "cp1252")
    assert code == 2
    assert "'é' as 'Ã©'" in err


def test_a_legacy_file_with_its_encoding_given_is_still_read(cli, tmp_path):
    source = tmp_path / "legacy.csv"
    source.write_text("text\nPlus de réunions régionales\nMás talleres\n", encoding="cp1252")
    code, out, err = cli("languages", source, "--encoding", "cp1252")
    assert code == 0, err
    assert out == "1\tfr\n2\tes\n"
    code, out, err = cli("languages", SAMPLE, "--text-column", "q_improve", "--encoding", "utf-8")
    assert code == 0, err


# ------------------------------------------------------------- no stderr
def test_tag_and_languages_run_without_a_stderr(cli, tmp_path, monkeypatch):
    # stderr closed (`2>&-` in a cron job) or missing (pythonw on Windows, a windowed app):
    # Python sets `sys.stderr` to None. Before, `tag` ended with "internal error:
    # AttributeError: 'NoneType' object has no attribute 'isatty'" (its progress bar), and
    # every log line went to stdout, where `print` writes when given no file: a script
    # reading `classifier languages` got "text column(s): ..." as its first row.
    monkeypatch.setattr(sys, "stderr", None)
    output = tmp_path / "tagged.csv"
    code, out, _ = cli("tag", SAMPLE, "-o", output, "--text-column", "q_improve")
    assert code == 0
    assert out == ""
    assert len(pd.read_csv(output, dtype=str)) == 150
    code, out, _ = cli("languages", SAMPLE, "--text-column", "q_improve")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 150 and lines[0] == "1\tes"
    code, out, _ = cli("languages", tmp_path / "nope.csv")
    assert code == 2 and out == ""


def test_languages_with_stderr_closed_by_the_shell_prints_only_its_rows(tmp_path):
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -m classifier.cli languages "$1" --text-column q_improve 2>&-',
         sys.executable, str(SAMPLE)],
        env={**os.environ, "PYTHONPATH": str(CHECKOUT)}, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 150 and lines[0] == "1\tes"


def test_commands_run_without_a_stdout_end_as_their_work_did(cli, tmp_path, monkeypatch):
    # stdout closed (`>&-`, a service that keeps only the files): before, `tag` wrote its
    # output, then ended with "internal error: AttributeError: 'NoneType' object has no
    # attribute 'flush'" and status 1, so the script took a run that worked for a failure;
    # `report` and `languages` the same.
    monkeypatch.setattr(sys, "stdout", None)
    output = tmp_path / "tagged.csv"
    code, _, err = cli("tag", SAMPLE, "-o", output, "--text-column", "q_improve")
    assert code == 0, err
    assert "internal error" not in err
    assert len(pd.read_csv(output, dtype=str)) == 150
    code, _, err = cli("report", output, "-o", tmp_path / "report.html")
    assert code == 0, err
    code, _, err = cli("languages", SAMPLE, "--text-column", "q_improve")
    assert code == 0, err


# ------------------------------------------------------------- a codebook's `needs:` path
def test_a_catalogue_named_from_the_working_folder_says_needs_is_read_from_the_codebooks(
    cli, improve_tagged, tmp_path, monkeypatch
):
    # A codebook in `codebooks/` naming its catalogue as `needs:
    # codebooks/consultation.needs.yaml`, the path from the folder the commands run in.
    # Before: "cannot read needs catalogue codebooks/codebooks/consultation.needs.yaml: No
    # such file or directory", which said neither that the name is the codebook's `needs:`
    # nor from which folder it is read.
    from classifier.codebook import codebook_path

    folder = tmp_path / "codebooks"
    folder.mkdir()
    shipped = codebook_path()
    (folder / "consultation.needs.yaml").write_bytes(
        shipped.with_suffix(".needs.yaml").read_bytes()
    )
    text = shipped.read_text(encoding="utf-8")
    assert "\nneeds: consultation.needs.yaml\n" in text
    (folder / "consultation.yaml").write_text(
        text.replace(
            "\nneeds: consultation.needs.yaml\n", "\nneeds: codebooks/consultation.needs.yaml\n"
        ),
        encoding="utf-8",
    )
    improve_tagged.to_csv(tmp_path / "tagged.csv", index=False)
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(
        "report", "tagged.csv", "-o", "report.html", "--codebook", "codebooks/consultation.yaml"
    )
    assert code == 2
    assert "the codebook codebooks/consultation.yaml names it as `needs: codebooks/" in err
    assert "a path read from the codebook's folder codebooks" in err
    assert "write `needs: consultation.needs.yaml`" in err
    assert not (tmp_path / "report.html").exists()


# ------------------------------------------------------------- two years' review sheets
def test_two_years_review_sheets_numbered_by_row_are_named_as_ids_given_twice(
    cli, tagged_files, tmp_path
):
    # Staff review last year's and this year's tagged files without --id-column: both
    # sheets number their answers by row, so `train` must refuse them, each id naming two
    # answers. Before, the second sheet's answer already replaced the first's under its id
    # when a later row was compared with it: the error was that a row repeats "the answer of
    # review_2026.csv:26, id 35" with other labels, an answer with another text, and the
    # labels it named were the 2026 answer's (the 2025 answer `-` and the 2026 one agree).
    sheets = []
    for name in ("previous", "this_year"):
        sheet = tmp_path / f"review_{name}.csv"
        code, _, err = cli("review", tagged_files[name], "-o", sheet, "--n", "150")
        assert code == 0, err
        sheets.append(sheet)
    code, _, err = cli("train", *sheets, "-o", tmp_path / "model.npz")
    assert code == 2
    assert "an id names two different answers" in err
    assert re.search(r"id \d+ in review_previous\.csv:\d+, review_this_year\.csv:\d+", err)
    assert "holds the text of an earlier answer" not in err
    assert not (tmp_path / "model.npz").exists()


# ------------------------------------------------------------- options that exclude each other
def test_jobs_with_a_scheduler_is_refused_before_any_work(cli, tmp_path):
    # `--jobs 8` kept from the usual command line when `--scheduler` is added: before, it
    # was ignored without a word (the cluster's workers tag), after a wait for the cluster.
    output = tmp_path / "out.csv"
    code, _, err = cli(
        "tag", SAMPLE, "-o", output, "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1"
    )  # fmt: skip
    assert code == 2
    assert "--jobs 2" in err and "--scheduler" in err and "give one of them" in err
    assert "text column(s)" not in err  # refused before the file is read
    assert list(tmp_path.iterdir()) == []


def test_a_cache_folder_set_with_a_tilde_is_in_the_home_folder(home, monkeypatch):
    # `CLASSIFIER_CACHE_DIR=~/cache` in a service's or a container's settings, where no
    # shell expands it: before, the cache (80 MB) went to `./~/cache` of whatever folder
    # the command ran in, as hunt 40 found for XDG_CACHE_HOME.
    from classifier.text.user_cache import cache_dir

    monkeypatch.setenv("CLASSIFIER_CACHE_DIR", "~/cache")
    assert cache_dir() == home / "cache"
    monkeypatch.setenv("CLASSIFIER_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.setenv("CLASSIFIER_CACHE_DIR", "~/cache")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home folder
    assert cache_dir() is None
