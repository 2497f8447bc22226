"""Hostile inputs found by hunt 40, in files, processes and the model registry: a relative
`XDG_CACHE_HOME` (`~/.cache` left unexpanded by a service's or a container's settings),
which put the 80 MB cache folder in the working folder, a literal folder named `~`;
`train --registry FILE`, which trained for minutes before "Not a directory"; and
`promote` into a registry whose `default` is a link to a folder gone (or a file), which
ended with "File exists". Each test failed before its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import EXAMPLES, LABELED

SAMPLE = EXAMPLES / "consultation_sample.csv"
TRAIN = LABELED / "train.csv"
CHECKOUT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------- a relative cache folder
def test_a_relative_xdg_cache_home_puts_no_cache_in_the_working_folder(tmp_path):
    # `XDG_CACHE_HOME=~/.cache` set where no shell expands it (a systemd unit, a container's
    # env file): before, the cache (the language detection's word table, 5 MB, and the
    # encoder's weights) went to `./~/.cache/classifier` of whatever folder the command ran
    # in, a folder named `~` beside the user's exports. The XDG specification says a
    # relative path there is to be ignored: the home's `.cache` is used instead.
    work, home = tmp_path / "exports", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(CHECKOUT),
        "HOME": str(home),
        "XDG_CACHE_HOME": "~/.cache",
    }
    env.pop("CLASSIFIER_CACHE_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "classifier.cli", "languages", str(SAMPLE), "--text-column",
         "q_improve"],
        cwd=work, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in work.iterdir()) == []
    assert any((home / ".cache" / "classifier").iterdir())


# ------------------------------------------------------------- the registry
@pytest.mark.parametrize("kind", ["link to a folder gone", "file"])
def test_promote_names_a_default_that_is_no_folder(cli, registry, tmp_path, kind):
    # `default` a link to a shared folder no longer there (unmounted, moved), or a file:
    # before, `promote` ended with "…/default: File exists" and `models` listed the
    # registry without a word of its default; now both name it and say what to do.
    default = registry / "default"
    shutil.rmtree(default)
    if kind == "file":
        default.write_text("x")
    else:
        default.symlink_to(tmp_path / "unmounted" / "default")
    code, out, err = cli("models", "--registry", registry)
    assert code == 0, err
    assert "consultation/v001" in out
    assert f"{default} is no folder" in err
    code, _, err = cli("promote", "v001", "--registry", registry)
    assert code == 2
    assert f"{default} is no folder" in err
    assert "File exists" not in err
    assert not (tmp_path / "unmounted").exists()
