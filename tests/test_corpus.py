"""The labeled corpus (data/labeled): schema, coverage counts, duplicates, split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier import Codebook
from classifier.text.normalize import clean_text
from classifier.vocab import split_ids

COLUMNS = ["id", "respondent", "language", "text", "themes", "stance", "need", "parallel_group"]


@pytest.fixture(scope="module")
def corpus(train_frame, test_frame) -> pd.DataFrame:
    return pd.concat(
        [train_frame.assign(split="train"), test_frame.assign(split="test")], ignore_index=True
    )


def test_schema(train_frame, test_frame, corpus):
    codebook = Codebook.load()
    assert list(train_frame.columns) == COLUMNS and list(test_frame.columns) == COLUMNS
    assert corpus["id"].is_unique
    assert set(corpus["language"]) == {"fr", "en", "es"}
    assert set(corpus["stance"]) <= set(codebook.stances)
    assert (corpus["text"].str.strip() != "").all()
    assert {t for v in corpus["themes"] for t in split_ids(v)} == set(codebook.theme_ids)


def test_size_and_language_coverage(corpus):
    assert len(corpus) >= 1500
    assert corpus["language"].value_counts().min() >= 450


def test_every_theme_is_covered_in_every_language(corpus):
    for theme in Codebook.load().theme_ids:
        rows = corpus[corpus["themes"].map(lambda v, t=theme: t in split_ids(v))]
        assert len(rows) >= 80, theme
        assert rows["language"].value_counts().reindex(["fr", "en", "es"]).min() >= 20, theme


def test_multi_theme_and_no_theme_shares(corpus):
    counts = corpus["themes"].map(lambda v: len(split_ids(v)))
    assert (counts >= 2).mean() >= 0.15
    assert (counts == 0).mean() >= 0.08


def test_stances_and_needs(corpus):
    assert corpus["stance"].value_counts().min() >= 100
    asks = corpus["stance"].isin(["request", "criticism"])
    assert (corpus.loc[asks, "need"] != "").all()
    assert (corpus.loc[~asks, "need"] == "").all()
    units = (
        corpus.loc[asks, ["respondent", "language", "need"]]
        .assign(need=lambda f: f["need"].map(split_ids))
        .explode("need")
    )
    per_need = units.groupby("need").agg(
        answers=("respondent", "size"),
        respondents=("respondent", "nunique"),
        languages=("language", "nunique"),
    )
    assert (per_need["answers"] == per_need["respondents"]).all()  # one answer per respondent
    assert (per_need["answers"] >= 2).sum() >= 60
    assert (per_need["answers"] == 1).sum() >= 80
    assert ((per_need["answers"] >= 2) & (per_need["languages"] >= 2)).sum() >= 40


def test_parallel_triples(corpus):
    groups = corpus[corpus["parallel_group"] != ""].groupby("parallel_group")
    assert groups.ngroups >= 60
    for name, group in groups:
        assert sorted(group["language"]) == ["en", "es", "fr"], name
        assert group["themes"].map(lambda v: tuple(sorted(split_ids(v)))).nunique() == 1, name
        assert group["stance"].nunique() == 1, name


def test_no_exact_or_near_duplicate_texts(corpus):
    normalized = corpus["text"].map(lambda t: " ".join(clean_text(t).lower().split()))
    assert normalized.is_unique, corpus.loc[normalized.duplicated(keep=False), "text"].tolist()
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(normalized)
    similarity = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    lengthy = normalized.str.len().to_numpy() >= 20
    close = np.argwhere((similarity >= 0.9) & lengthy[:, None] & lengthy[None, :])
    pairs = [(corpus["id"][a], corpus["id"][b]) for a, b in close if a < b]
    assert pairs == []


def test_split_by_respondent_and_parallel_group(train_frame, test_frame, corpus):
    assert not set(train_frame["respondent"]) & set(test_frame["respondent"])
    groups = corpus[corpus["parallel_group"] != ""].groupby("parallel_group")["split"].nunique()
    assert (groups == 1).all()
    assert len(test_frame) / len(corpus) >= 0.25


def test_datasheet_counts_are_current(train_frame, test_frame):
    """The datasheet's count tables match the committed files."""
    import importlib.util

    from conftest import LABELED, ROOT

    spec = importlib.util.spec_from_file_location(
        "split_corpus", ROOT / "scripts" / "split_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    datasheet = (LABELED / "README.md").read_text(encoding="utf-8")
    assert module.counts_markdown(train_frame, test_frame) in datasheet
