"""The labeled corpus (data/labeled): schema, coverage counts, duplicates, split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from classifier import Codebook
from classifier.vocab import split_ids

from conftest import read_labeled

COLUMNS = [
    "id",
    "respondent",
    "language",
    "text",
    "themes",
    "stance",
    "need",
    "suggestion",
    "subtopic",
    "parallel_group",
]


@pytest.fixture(scope="module")
def unseen_frame() -> pd.DataFrame:
    return read_labeled("unseen_topics.csv")


@pytest.fixture(scope="module")
def corpus(train_frame, test_frame, unseen_frame) -> pd.DataFrame:
    return pd.concat(
        [
            train_frame.assign(split="train"),
            test_frame.assign(split="test"),
            unseen_frame.assign(split="unseen"),
        ],
        ignore_index=True,
    )


def test_schema(train_frame, test_frame, unseen_frame, corpus):
    codebook = Codebook.load()
    for frame in (train_frame, test_frame, unseen_frame):
        assert list(frame.columns) == COLUMNS
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
    # Non-substantive answers teach "no theme": at least 600 of them, and a share that the
    # asks written for thin needs (batches h37-h43) have not diluted below 6 %.
    assert (counts == 0).sum() >= 600
    assert (counts == 0).mean() >= 0.06


def test_stances_and_needs(corpus):
    assert corpus["stance"].value_counts().min() >= 100
    asks = corpus["stance"].isin(["request", "criticism"])
    assert (corpus.loc[asks, "need"] != "").all()
    assert (corpus.loc[~asks, ["need", "suggestion"]] == "").all().all()
    units = (
        corpus.loc[asks, ["respondent", "language", "need"]]
        .assign(need=lambda f: f["need"].map(split_ids))
        .explode("need")
    )
    per_need = units.groupby("need").agg(
        respondents=("respondent", "nunique"), languages=("language", "nunique")
    )
    recurring = per_need[per_need["respondents"] >= 2]
    assert len(recurring) >= 200
    assert (recurring["languages"] >= 2).sum() >= 150
    assert (per_need["respondents"] == 1).sum() >= 20


def test_every_need_is_in_the_catalogue_or_a_unique_request(corpus):
    """One label, one meaning: needs come from the catalogue; an ask outside it is its own
    need (its suggestion id), raised by one respondent in the whole corpus."""
    catalogue = Codebook.load().catalogue
    known = set(catalogue.need_ids)
    pairs = [
        (need, suggestion, respondent)
        for needs, suggestions, respondent in zip(
            corpus["need"], corpus["suggestion"], corpus["respondent"], strict=True
        )
        for need, suggestion in zip(split_ids(needs), split_ids(suggestions), strict=True)
    ]
    assert all(need in known or need == suggestion for need, suggestion, _ in pairs)
    unique = {}
    for need, _, respondent in pairs:
        if need not in known:
            unique.setdefault(need, set()).add(respondent)
    assert unique and all(len(people) == 1 for people in unique.values())
    owners = {}
    for need, suggestion, _ in pairs:
        assert owners.setdefault(suggestion, need) == need, suggestion  # one need per suggestion
    assert {need for need, _, _ in pairs} >= known  # every catalogue need has answers


def test_every_answer_has_a_known_subtopic(corpus):
    catalogue = Codebook.load().catalogue
    subtopics = {s.id: s.theme for s in catalogue.subtopics}
    substantive = corpus["themes"] != ""
    assert set(corpus.loc[~substantive, "subtopic"]) == {"none"}
    assert corpus.loc[substantive, "subtopic"].map(lambda s: s in subtopics or s == "none").all()
    assert (corpus.loc[substantive, "subtopic"] != "none").mean() > 0.99
    main_need = corpus["need"].map(lambda v: split_ids(v)[0] if v else "")
    in_catalogue = main_need.isin(catalogue.need_ids)
    need_subtopic = {n.id: n.subtopic for n in catalogue.needs}
    assert (
        corpus.loc[in_catalogue, "subtopic"] == main_need[in_catalogue].map(need_subtopic)
    ).all()
    per_theme = pd.Series(list(subtopics.values())).value_counts()
    assert per_theme.min() >= 4  # every theme is split into several sub-topics


def test_parallel_triples(corpus):
    groups = corpus[corpus["parallel_group"] != ""].groupby("parallel_group")
    assert groups.ngroups >= 60
    for name, group in groups:
        assert sorted(group["language"]) == ["en", "es", "fr"], name
        assert group["themes"].map(lambda v: tuple(sorted(split_ids(v)))).nunique() == 1, name
        assert group["stance"].nunique() == 1, name


@pytest.fixture(scope="module")
def split_corpus():
    """scripts/split_corpus.py, which builds the split and defines the near-duplicate check."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "split_corpus", ROOT / "scripts" / "split_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_exact_or_near_duplicate_texts(corpus, split_corpus):
    normalized = corpus["text"].map(split_corpus.duplicate_form)
    assert normalized.is_unique, corpus.loc[normalized.duplicated(keep=False), "text"].tolist()
    vectors = split_corpus.duplicate_vectorizer().fit_transform(normalized)
    lengthy = normalized.str.len().to_numpy() >= 20
    pairs = []
    # Within each language (texts of two languages share too few character n-grams to come
    # near 0.9), in blocks of rows: the same pairs as one all-against-all product, in a
    # third of the time and without a dense matrix of every pair.
    for language in sorted(corpus["language"].unique()):
        rows = np.flatnonzero(lengthy & (corpus["language"] == language).to_numpy())
        block_vectors = vectors[rows]
        transposed = block_vectors.T.tocsr()
        for start in range(0, len(rows), 2000):
            similarity = (block_vectors[start : start + 2000] @ transposed).toarray()
            for a, b in zip(*np.nonzero(similarity >= 0.9), strict=True):
                if start + a < b:
                    pairs.append((corpus["id"][rows[start + a]], corpus["id"][rows[b]]))
    assert pairs == []


def test_split_by_respondent_and_parallel_group(train_frame, test_frame, corpus):
    assert not set(train_frame["respondent"]) & set(test_frame["respondent"])
    groups = corpus[corpus["parallel_group"] != ""].groupby("parallel_group")["split"].nunique()
    assert (groups == 1).all()
    assert len(test_frame) / (len(train_frame) + len(test_frame)) >= 0.25


def test_unseen_topic_batches_are_held_out_whole(corpus, unseen_frame):
    batch = corpus["id"].str.split("-").str[0]
    held = set(batch[corpus["split"] == "unseen"])
    assert held and not held & set(batch[corpus["split"] != "unseen"])
    assert not set(unseen_frame["respondent"]) & set(
        corpus.loc[corpus["split"] != "unseen", "respondent"]
    )
    assert len(unseen_frame) >= 300 and unseen_frame["language"].value_counts().min() >= 100


def test_datasheet_counts_are_current(train_frame, test_frame, unseen_frame, split_corpus):
    """The datasheet's count tables match the committed files."""
    from conftest import LABELED

    datasheet = (LABELED / "README.md").read_text(encoding="utf-8")
    assert split_corpus.counts_markdown(train_frame, test_frame, unseen_frame) in datasheet
