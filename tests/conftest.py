"""Shared fixtures and helpers: the shipped model, the labeled corpus, a CLI runner, hostile
strings, and a bit-for-bit comparison of sparse matrices."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent

# pytest-xdist runs the tests in worker processes side by side, one per core (pyproject's
# addopts): each keeps to one BLAS thread, and so do the commands the tests start, or
# OpenBLAS's spinning threads oversubscribe the cores (a training test took 54 s, not 8).
if "PYTEST_XDIST_WORKER" in os.environ:
    threadpool_limits(limits=1)
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
LABELED = ROOT / "data" / "labeled"
EXAMPLES = ROOT / "data" / "examples"

# Strings that break naive text code: empty, white space of every kind, control characters,
# other scripts, emoji, a very long word, soft hyphens and combining marks.
HOSTILE = [
    "",
    "   ",
    "\t\n\r",
    "a",
    "é",
    "👍🏽 merci 🙏",
    "nul\x00dans le mot",
    "全球公民社会联盟 请翻译",
    "شكرا على الترجمة",
    "espaces\u2003larges\u3000et\x1cséparateurs\x85ici",
    "İstanbul ÉCOLE ÑANDÚ",
    "x" * 5_000,
    "a b c d e f g",
    "  deux  espaces   puis\ttab  ",
    "AAAA\u00adBBBB soft hyphen",
    "é" + "\u0301" * 3,
]


def same_matrix(left, right) -> None:
    """Assert two sparse matrices hold the same entries, to the last float bit."""
    left, right = sparse.csr_matrix(left), sparse.csr_matrix(right)
    assert left.shape == right.shape
    assert np.array_equal(left.indptr, right.indptr)
    assert np.array_equal(left.indices, right.indices)
    assert left.data.dtype == right.data.dtype
    assert np.array_equal(left.data, right.data)  # the same float bits, not close ones


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


# Team-written: an ask no catalogue need covers (a beekeeping course), made by two
# respondents, one under each question, in two languages; others ask for nothing.
BEEKEEPING = [
    ("r1", "Please organise a beekeeping training so members can sell honey", "Nothing"),
    ("r2", "Los boletines", "Queremos un taller de apicultura para vender miel"),
    ("r3", "Les groupes régionaux", "Rien à signaler"),
]


def tag_beekeeping(cli, folder: Path, respondent_ids: list[str] | None = None) -> pd.DataFrame:
    """BEEKEEPING (with `respondent_ids` instead of r1-r3 when given) tagged for both
    questions by `classifier tag`, in `folder`."""
    source, output = folder / "export.csv", folder / "tagged.csv"
    frame = pd.DataFrame(BEEKEEPING, columns=["respondent_id", "q_strengths", "q_improve"])
    if respondent_ids is not None:
        frame["respondent_id"] = respondent_ids
    frame.to_csv(source, index=False)
    code, _, err = cli(
        "tag", source, "-o", output, "--text-column", "q_strengths",
        "--text-column", "q_improve", "--respondent-column", "respondent_id",
    )  # fmt: skip
    assert code == 0, err
    return pd.read_csv(output, dtype=str, keep_default_na=False)


@pytest.fixture
def two_questions(cli, tmp_path) -> pd.DataFrame:
    """BEEKEEPING tagged for both questions: one new need, raised once under each."""
    tagged = tag_beekeeping(cli, tmp_path)
    assert tagged.loc[1, "q_improve_need_respondents"] == "2"
    return tagged


@pytest.fixture
def registry(model, tmp_path) -> Path:
    """A registry with the shipped model as its default and one version, v001, registered
    with the shipped model's test figures (no training)."""
    from classifier.model.card import ModelCard
    from classifier.model.persistence import default_model_path
    from classifier.model.registry import register

    folder = tmp_path / "models"
    (folder / "default").mkdir(parents=True)
    for path in default_model_path().parent.glob("model.*"):
        shutil.copy(path, folder / "default" / path.name)
    register(model, folder, ModelCard.read(default_model_path()).test)
    return folder


@pytest.fixture(scope="session")
def model():
    """The shipped default model, loaded once for the whole session."""
    from classifier import ThemeClassifier

    return ThemeClassifier.load()


@pytest.fixture(scope="session")
def small_model(train_frame, tmp_path_factory):
    """A model trained on a slice of the corpus (every 24th answer: every theme, stance and
    language, each theme with 27 examples or more) and saved, for train/load/CLI tests that
    check its contract and files, not its quality (500 answers keep its training short)."""
    from classifier import ThemeClassifier

    subset = train_frame.sort_values("id").iloc[::24]
    clf = ThemeClassifier(cv_folds=3).fit(
        subset["text"].tolist(),
        subset["themes"].tolist(),
        stances=subset["stance"].tolist(),
        languages=subset["language"].tolist(),
    )
    path = tmp_path_factory.mktemp("small") / "small.npz"
    clf.save(path, note="test fixture")
    return clf, path


@pytest.fixture(scope="session")
def improve_tagged(model) -> pd.DataFrame:
    """The bundled sample export tagged for q_improve by the shipped model, as `tag` does
    (read only: shared by the session)."""
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    return model.tag(sample, text_column="q_improve")


def needs_sheet(cli, tagged: pd.DataFrame, folder: Path) -> Path:
    """The `classifier review --needs` workbook of `tagged` (a file tagged for q_improve),
    written in `folder`, as staff get it before editing it."""
    tagged.to_csv(folder / "tagged.csv", index=False)
    sheet = folder / "needs.xlsx"
    code, _, err = cli(
        "review", folder / "tagged.csv", "--needs", "-o", sheet,
        "--text-column", "q_improve", "--id-column", "respondent_id",
    )  # fmt: skip
    assert code == 0, err
    return sheet


def edited_codebook(folder: Path, old: str, new: str) -> Path:
    """A copy of the shipped codebook and catalogue in `folder`, the catalogue's `old`
    text (once) replaced by `new`; returns the codebook's path."""
    from classifier.codebook import codebook_path

    source = codebook_path()
    shutil.copy(source, folder / source.name)
    catalogue = source.with_suffix(".needs.yaml").read_text(encoding="utf-8")
    assert old in catalogue
    (folder / "consultation.needs.yaml").write_text(
        catalogue.replace(old, new, 1), encoding="utf-8"
    )
    return folder / source.name


@pytest.fixture(scope="module")
def tagged_files(tmp_path_factory) -> dict[str, Path]:
    """This year's and last year's sample exports tagged for q_improve by `classifier tag`."""
    from classifier.cli import main

    folder = tmp_path_factory.mktemp("tagged")
    files = {}
    for name, source in (
        ("this_year", EXAMPLES / "consultation_sample.csv"),
        ("previous", EXAMPLES / "consultation_sample_2025.csv"),
    ):
        files[name] = folder / f"{name}.csv"
        code = main(
            [
                "tag", str(source), "-o", str(files[name]), "--text-column", "q_improve",
                "--respondent-column", "respondent_id",
                "--language-column", "questionnaire_language",
            ]
        )  # fmt: skip
        assert code == 0
    return files


def report_tables(cli, folder: Path, tagged: Path, *options: str) -> dict:
    """The workbook of `classifier report TAGGED OPTIONS`, sheet by sheet (and the page,
    and what the command printed on stderr)."""
    page, workbook = folder / "report.html", folder / "report.xlsx"
    code, _, err = cli(
        "report", tagged, "-o", page, "--xlsx", workbook, "--text-column", "q_improve", *options
    )
    assert code == 0, err
    sheets = pd.read_excel(workbook, sheet_name=None, dtype=str, keep_default_na=False)
    return {**sheets, "page": page.read_text(encoding="utf-8"), "stderr": err}


@pytest.fixture
def cli(capsys):
    """Run `classifier ARGS...` in-process; returns (exit code, stdout, stderr)."""
    from classifier.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
