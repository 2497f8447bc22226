"""Hostile inputs found by hunt 13, in the retraining loop and the Python API as their users
meet them (review sheets edited by staff, training files, saved models and their cards):
each test failed before its fix."""

from __future__ import annotations

import pandas as pd


def _labeled(train_frame: pd.DataFrame, rows: int = 20) -> pd.DataFrame:
    """The first `rows` answers of the corpus' training split, by id."""
    return train_frame.sort_values("id").head(rows)


def test_a_training_file_given_twice_is_refused_before_training(cli, tmp_path, train_frame):
    # `classifier train train.csv extra.csv extra.csv` (a shell pattern that also matches a
    # file named before it): the rows of extra.csv without an id trained twice.
    labeled, extra = tmp_path / "train.csv", tmp_path / "extra.csv"
    _labeled(train_frame).to_csv(labeled, index=False)
    _labeled(train_frame, 40).tail(5).drop(columns="id").to_csv(extra, index=False)
    output = tmp_path / "model.npz"
    code, _, err = cli("train", labeled, extra, tmp_path / "." / "extra.csv", "-o", output)
    assert code == 2
    assert "given twice" in err and "the same file as" in err and "extra.csv" in err
    assert not output.exists()
