"""Shared fixtures: the shipped model, the labeled corpus, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
LABELED = ROOT / "data" / "labeled"
EXAMPLES = ROOT / "data" / "examples"


def read_labeled(name: str) -> pd.DataFrame:
    """A split of the labeled corpus, every cell as text."""
    return pd.read_csv(LABELED / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def train_frame() -> pd.DataFrame:
    return read_labeled("train.csv")


@pytest.fixture(scope="session")
def test_frame() -> pd.DataFrame:
    return read_labeled("test.csv")


@pytest.fixture(scope="session")
def test_quarter_csv(test_frame, tmp_path_factory) -> Path:
    """Every fourth answer of test.csv, as a file: every language and theme, for tests
    that evaluate a model several times and need not score the whole split."""
    path = tmp_path_factory.mktemp("test_quarter") / "test.csv"
    test_frame.sort_values("id").iloc[::4].to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def model():
    """The shipped default model, loaded once for the whole session."""
    from classifier import ThemeClassifier

    return ThemeClassifier.load()


@pytest.fixture(scope="session")
def small_model(train_frame, tmp_path_factory):
    """A model trained on a slice of the corpus (every eighth answer: every theme, stance
    and language) and saved, for train/load/CLI tests that check its contract and files,
    not its quality."""
    from classifier import ThemeClassifier

    subset = train_frame.sort_values("id").iloc[::8]
    clf = ThemeClassifier(cv_folds=3).fit(
        subset["text"].tolist(),
        subset["themes"].tolist(),
        stances=subset["stance"].tolist(),
        languages=subset["language"].tolist(),
    )
    path = tmp_path_factory.mktemp("small") / "small.npz"
    clf.save(path, note="test fixture")
    return clf, path


@pytest.fixture
def cli(capsys):
    """Run `classifier ARGS...` in-process; returns (exit code, stdout, stderr)."""
    from classifier.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
