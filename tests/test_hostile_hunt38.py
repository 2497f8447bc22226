"""Hostile inputs found by hunt 38: retraining and the needs catalogue round trip. A
training file whose need labels sit under another header (`needs`, `need_id`, a tagged
file's `need_ids`), read as a file without need labels: the model was saved without a
need head, without a word. Each test failed before its fix."""

from __future__ import annotations

import pandas as pd
import pytest

from classifier import Codebook
from classifier.errors import TrainingDataError
from classifier.io.labeled import read_labeled

from conftest import LABELED


@pytest.fixture(scope="module")
def asks() -> pd.DataFrame:
    """Forty answers of the corpus' training split (every 300th by id: requests,
    criticisms, praise and neutral answers, most asks labelled with a catalogue need)."""
    frame = pd.read_csv(LABELED / "train.csv", dtype=str, keep_default_na=False)
    return frame.sort_values("id").iloc[::300].reset_index(drop=True)


# ------------------------------------------------------------- need labels under another name
@pytest.mark.parametrize("header", ["needs", "Need ID", "need_ids"])
def test_need_labels_under_another_header_are_refused(asks, tmp_path, cli, header):
    # Before, the column was dropped as one the schema does not have: every need label was
    # lost, and `train` saved a model without a need head, without a word.
    path = tmp_path / "labeled.csv"
    asks.rename(columns={"need": header}).to_csv(path, index=False)
    code, _, err = cli("train", path, "-o", tmp_path / "m.npz")
    assert code != 0
    assert f"column(s) {header!r} hold need ids" in err
    assert "name that column 'need'" in err
    assert not (tmp_path / "m.npz").exists()


def test_a_column_of_suggestion_ids_is_not_taken_for_needs(asks, tmp_path):
    # A file without a need column but with the corpus' suggestion ids (a few of which are
    # also need ids) is read as before: its suggestions are no need labels.
    path = tmp_path / "labeled.csv"
    asks.drop(columns="need").to_csv(path, index=False)
    [frame] = read_labeled([path], Codebook.load())
    assert "need" not in frame.columns
    assert len(frame) == len(asks)


def test_need_labels_under_their_own_header_are_read(asks, tmp_path):
    path = tmp_path / "labeled.csv"
    asks.rename(columns={"need": " Need "}).to_csv(path, index=False)
    [frame] = read_labeled([path], Codebook.load())
    assert frame["need"].tolist() == asks["need"].tolist()


def test_refusal_names_the_file(asks, tmp_path):
    path = tmp_path / "labeled.csv"
    asks.rename(columns={"need": "needs"}).to_csv(path, index=False)
    with pytest.raises(TrainingDataError, match="labeled.csv"):
        read_labeled([path], Codebook.load())
