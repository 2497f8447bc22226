"""Hostile inputs found by hunt 40, in files, processes and the model registry: a relative
`XDG_CACHE_HOME` (`~/.cache` left unexpanded by a service's settings), which put the 80 MB
cache in a folder named `~` of the working folder; `train --registry FILE`, which trained
for minutes before "Not a directory"; `promote` into a registry whose `default` is a link
to a folder gone (or a file): "File exists"; a version number reused after its promoted
folder was deleted, so `models` marked another model as the default; a version that could
not be saved, which left its empty folder; output names of 200+ bytes, whose temporary
files were too long after the work, and longer ones refused only once written; a model
loaded through a link, without its card; a registry version's folder given as `--model`;
an emoji printed to a stdout in cp1252 (Windows, redirected): an internal error; an
output's folder deleted during the run, named by a hidden temporary; `train -o
new/folder/m.npz` leaving empty folders when it refused its data; and an output made
private (`chmod 600`) opened to every user when written again. Hunt 38 found `train
--registry FILE` and the empty folders the same day: their fix and tests are its own
(tests/test_hostile_hunt38.py). Each test failed before its fix."""

from __future__ import annotations

import copy
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from classifier import ThemeClassifier
from classifier.errors import ModelFileError
from classifier.model.card import ModelCard
from classifier.model.explain import explain
from classifier.model.persistence import default_model_path
from classifier.model.registry import promote, register

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


# ------------------------------------------------------------- long output names
# A name of 223 bytes (108 accented letters), 228 with its suffix: the file system takes up
# to 255.
LONG = "é" * 108 + "_report"


def test_a_long_output_name_the_file_system_takes_is_written(cli, tmp_path):
    # Before, the temporary files named after the output (`.<output>.classifier-<pid>-
    # <random>.parts.jsonl`, 41 bytes more) were too long: "File name too long", naming a
    # hidden file, after the work (`report --xlsx` had written its page, not the workbook).
    source = tmp_path / "in.csv"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(12).to_csv(source, index=False)
    tagged = tmp_path / f"{LONG}.csv"
    code, _, err = cli("tag", source, "-o", tagged, "--text-column", "q_improve")
    assert code == 0, err
    assert len(pd.read_csv(tagged, dtype=str)) == 12
    page, workbook = tmp_path / f"{LONG}.html", tmp_path / f"{LONG}.xlsx"
    code, _, err = cli("report", tagged, "-o", page, "--xlsx", workbook)
    assert code == 0, err
    assert page.is_file() and workbook.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["in.csv", tagged.name, page.name, workbook.name]
    )


def test_a_model_saved_under_a_long_name_keeps_its_card(model, tmp_path):
    # Saving stages the model and then its card under temporary names built on each other:
    # before, a model name over 180 bytes failed ("File name too long") after the training.
    path = model.save(tmp_path / f"{LONG}.npz")
    assert path.with_name(f"{LONG}.card.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{LONG}.card.json", f"{LONG}.npz"]


def test_an_output_name_longer_than_the_file_system_takes_is_refused_before_any_work(cli, tmp_path):
    # 260 bytes: no file system of the usual ones takes it. Before, `report` read and built
    # the whole report, then "File name too long"; `train -o` would train first.
    name = "r" * 255 + ".html"
    code, _, err = cli("report", SAMPLE, "-o", tmp_path / name, "--text-column", "q_improve")
    assert code == 2
    assert "its name is 260 bytes long" in err and "give a shorter name" in err
    assert "question column(s)" not in err  # refused before the file is read
    code, _, err = cli("convert", default_model_path(), "-o", tmp_path / ("m" * 248 + ".npz"))
    assert code == 2  # the model's name fits, its card's (`.card.json`) does not
    assert "card.json: its name is 258 bytes long" in err
    assert list(tmp_path.iterdir()) == []


def test_a_version_deleted_after_its_promotion_gives_its_number_to_no_other(cli, registry, model):
    # v002 promoted, then its folder deleted by hand (the default keeps its own copy).
    # Before, the next version registered was numbered v002 again: `models` marked that
    # other model as the default, and its card said it was compared with itself.
    changed = copy.deepcopy(model)
    changed.thresholds_ = {theme: min(t + 0.01, 0.99) for theme, t in model.thresholds_.items()}
    test = ModelCard.read(default_model_path()).test
    register(changed, registry, test)
    promote(registry, "v002", force=True)
    shutil.rmtree(registry / "consultation" / "v002")
    # The versions left: v001, and the former default when `promote` kept it as a version
    # (when its bytes differ from v001's, as a session model re-saved can make them).
    left = [int(p.name[1:]) for p in (registry / "consultation").glob("v[0-9][0-9][0-9]")]
    changed.thresholds_ = {theme: min(t + 0.02, 0.99) for theme, t in model.thresholds_.items()}
    path = register(changed, registry, test)
    assert path.parent.name != "v002"
    assert path.parent.name == f"v{max([*left, 2]) + 1:03d}"
    code, out, err = cli("models", "--registry", registry)
    assert code == 0, err
    assert "<- default" not in out  # the default's version, v002, is no longer listed
    assert "default (from consultation/v002)" in out


# ------------------------------------------------------------- a model through a link
def test_a_model_loaded_through_a_link_has_its_card(cli, tmp_path):
    # `latest.npz` a link to the version in use (`consultation/v003/model.npz`): before, the
    # card was looked for beside the link only, so the model loaded without it (its content
    # unchecked against the card's hash), and `convert` wrote a new card without the
    # training files and test figures.
    link = tmp_path / "latest.npz"
    link.symlink_to(default_model_path())
    loaded = ThemeClassifier.load(link)
    assert loaded.card_ is not None
    assert loaded.card_.test == ModelCard.read(default_model_path()).test
    code, _, err = cli("convert", link, "-o", tmp_path / "copy.npz")
    assert code == 0, err
    assert ModelCard.read(tmp_path / "copy.npz").test == loaded.card_.test


def test_a_registry_version_folder_given_as_the_model_names_the_file_in_it(cli, registry):
    # `--model models/consultation/v001`, the folder `classifier models` lists: before, "no
    # model file at models/consultation/v001", as if nothing were there.
    folder = registry / "consultation" / "v001"
    code, _, err = cli("explain", "More training", "--model", folder)
    assert code == 2
    assert f"{folder} is a folder, not a model file: give {folder / 'model.npz'}" in err


# ------------------------------------------------------------- an output stream's encoding
def test_results_printed_to_a_stream_in_a_legacy_encoding_keep_every_character(tmp_path):
    # stdout redirected on Windows (`classifier explain … > out.txt`) writes the locale's
    # code page, cp1252, which has no emoji. Before, an answer holding one ended `explain`
    # (and `needs` without -o) with "internal error: UnicodeEncodeError"; now the characters
    # the stream lacks are written as Python escapes, as Python writes them to stderr.
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run(
        [sys.executable, "-m", "classifier.cli", "explain", "Plus de formations 🙏, merci"],
        cwd=tmp_path, env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("cp1252")
    out = done.stdout.decode("cp1252")
    assert "Plus de formations \\U0001f64f, merci" in out


# ------------------------------------------------------------- an output folder deleted
def test_an_output_folder_deleted_during_the_run_is_named(tmp_path):
    # The output's folder deleted (or moved, or a synced folder renamed) while `tag` ran:
    # before, "…/.tagged.csv.classifier-<pid>-<random>.tmp: No such file or directory",
    # naming a hidden file the user never asked for.
    rows = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    source = tmp_path / "in.csv"
    pd.concat([rows] * 8, ignore_index=True).to_csv(source, index=False)
    folder = tmp_path / "out"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    run = subprocess.Popen(
        [sys.executable, "-m", "classifier.cli", "tag", str(source), "-o",
         str(folder / "tagged.csv"), "--text-column", "q_improve", "--jobs", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    while run.poll() is None and not any(folder.glob("*.parts.jsonl")):
        time.sleep(0.01)
    shutil.rmtree(folder)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2, err
    assert f"the output's folder {folder} was deleted or moved during the run" in err
    assert ".tmp" not in err


def test_a_version_that_could_not_be_saved_leaves_no_folder(registry, model):
    # A model the registry cannot save (here one holding an embedder of the user's own, of a
    # type model files do not store; or Ctrl-C while it is written): before, its empty
    # folder `consultation/v002` stayed, listed nowhere, and the next version was v003.
    odd = copy.copy(model)
    odd.embedder_ = object()
    test = ModelCard.read(default_model_path()).test
    with pytest.raises(ModelFileError, match="not among the trusted types"):
        register(odd, registry, test)
    assert sorted(p.name for p in (registry / "consultation").iterdir()) == ["v001"]
    assert register(model, registry, test).parent.name == "v002"


# ------------------------------------------------------------- an output's permissions
def test_an_output_written_again_keeps_its_permissions(cli, tmp_path):
    # A tagged file of personal answers made private (`chmod 600`), then tagged again:
    # before, the new file got the default mode (0644 here), readable by every user of a
    # shared server, without a word. It keeps the mode the file had, as editors do.
    source = tmp_path / "in.csv"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(5).to_csv(source, index=False)
    tagged = tmp_path / "tagged.csv"
    assert cli("tag", source, "-o", tagged, "--text-column", "q_improve")[0] == 0
    tagged.chmod(0o600)
    assert cli("tag", source, "-o", tagged, "--text-column", "q_improve")[0] == 0
    assert stat.S_IMODE(tagged.stat().st_mode) == 0o600


# ------------------------------------------------------------- a model saved after `explain`
def test_a_model_saved_after_an_explanation_is_the_same_file(tmp_path):
    # `explain` ran scikit-learn's `transform`, which stamps the vectorizer with the memory
    # address of its stop words: the model saved afterwards was another file, byte for byte
    # (its hash in the card, and `promote` no longer saw the default as the version it
    # came from: found when this file's registry test failed in the full suite). A model
    # loaded afresh, not the session's.
    shipped = default_model_path()
    fresh = ThemeClassifier.load(shipped)
    prediction, explanations = explain(fresh, "Please translate the newsletter into Spanish")
    assert explanations  # it explained something: the vectorizers were used
    saved = fresh.save(tmp_path / "again.npz")
    assert saved.read_bytes() == shipped.read_bytes()
