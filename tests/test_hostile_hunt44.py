"""Hostile inputs found by hunt 44, on the command line as staff and scripts use it: a path
given after `=` or in quotes with a leading `~` (`--output=~/models/m.npz`), which no shell
expands there, so that `train` and `convert` made a folder named `~` in the working folder
and the other commands said the file did not exist. Each test failed before its fix."""

from __future__ import annotations

import pytest

from classifier.model.persistence import default_model_path

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


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
