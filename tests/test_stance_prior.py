"""A question's stance mix, learned from its own answers (model/stance_prior.py): terse
answers take the stance their question gives most of its answers, whatever the row order
or the chunks a file is cut in."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier.errors import ClassifierError
from classifier.jobs.bulk import tag_file
from classifier.jobs.columns import Columns
from classifier.model.stance_prior import (
    SAMPLE_TEXTS,
    StanceSample,
    column_mix,
    sample_rows,
    training_mix,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"
ASKS = ("request", "criticism")


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


def _each_alone(model, texts: list[str], languages: list[str]) -> list[str]:
    """Stances of answers each read on its own (a one-answer column barely moves the mix)."""
    return [model.predict([t], [lang])[0].stance for t, lang in zip(texts, languages, strict=True)]


def _stances(model, frame: pd.DataFrame, column: str) -> pd.Series:
    tagged = model.tag(
        frame,
        text_column=column,
        language_column="questionnaire_language",
        respondent_column="respondent_id",
    )
    return tagged["stance"]


def test_a_strengths_question_keeps_its_praise_and_an_improve_question_its_asks(model, sample):
    # The bundled sample's "what do we do well?" answers are mostly noun phrases ("The
    # annual report", "Les webinaires"). Read each alone, the model called 41 of them
    # requests, each then an ask of a need members had praised; read with their question's
    # mix, most are praise. Its "what should we improve?" answers keep their asks.
    strengths = _stances(model, sample, "q_strengths")
    improve = _stances(model, sample, "q_improve")
    alone = _each_alone(
        model, sample["q_strengths"].tolist(), sample["questionnaire_language"].tolist()
    )
    asks_alone = sum(stance in ASKS for stance in alone)
    assert strengths.isin(ASKS).sum() <= asks_alone / 2
    assert (strengths == "praise").sum() >= 90
    assert improve.isin(ASKS).sum() >= 130
    for text in (
        "The annual report",
        "Les webinaires",
        "La incidencia en el Consejo de Derechos Humanos",
    ):
        assert strengths[sample["q_strengths"] == text].eq("praise").all(), text
    caribbean = sample["q_improve"].str.startswith("Que haya presencia real en el Caribe")
    assert improve[caribbean].isin(ASKS).all()


def test_answers_of_both_questions_in_one_column_keep_the_stances_they_had_alone(model, sample):
    # A column that mixes stances as the training answers do is left (nearly) as it was:
    # the mix is learned, not assumed.
    mixed = pd.DataFrame(
        {
            "respondent_id": list(sample["respondent_id"]) * 2,
            "questionnaire_language": list(sample["questionnaire_language"]) * 2,
            "answer": list(sample["q_improve"]) + list(sample["q_strengths"]),
        }
    )
    tagged = _stances(model, mixed, "answer")
    alone = _each_alone(model, mixed["answer"].tolist(), mixed["questionnaire_language"].tolist())
    changed = sum(a != b for a, b in zip(tagged, alone, strict=True))
    assert changed <= len(mixed) * 0.1


def test_a_file_in_chunks_shuffled_gets_the_stances_of_the_whole_column(model, sample, tmp_path):
    # `classifier tag` estimates a file's mix before tagging its chunks, from the same
    # sample `tag()` reads on the whole column: chunks and row order change nothing.
    frame = sample[["respondent_id", "questionnaire_language", "q_strengths"]]
    whole = model.tag(
        frame,
        text_column="q_strengths",
        language_column="questionnaire_language",
        respondent_column="respondent_id",
    )
    shuffled = frame.sample(frac=1.0, random_state=3)
    source = tmp_path / "shuffled.csv"
    shuffled.to_csv(source, index=False)
    columns = Columns(
        texts=["q_strengths"], respondent="respondent_id", language="questionnaire_language"
    )
    tag_file(model, source, tmp_path / "tagged.csv", columns, chunk_rows=40, log=lambda _: None)
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    tagged.index = shuffled.index
    tagged = tagged.sort_index()
    assert tagged["stance"].tolist() == whole["stance"].tolist()
    assert tagged["stance_score"].tolist() == whole["stance_score"].astype(str).tolist()


def test_the_mix_is_learned_from_the_answers_and_shrunk_for_a_short_column():
    base = np.array([0.25, 0.10, 0.13, 0.52])
    rng = np.random.default_rng(0)
    # 400 answers a model reads as praise with some doubt, 100 as requests.
    praise = rng.dirichlet([1, 1, 12, 2], size=400)
    requests = rng.dirichlet([2, 1, 1, 12], size=100)
    probabilities = np.vstack([praise, requests])
    mix = column_mix(probabilities, base)
    assert mix[2] > 0.6 and mix[3] < 0.3
    assert column_mix(probabilities[::-1].copy(), base).tobytes() == mix.tobytes()
    few = column_mix(praise[:5], base)
    assert abs(few[2] - base[2]) < abs(mix[2] - base[2]) / 2
    assert column_mix(np.zeros((0, 4)), base).tolist() == base.tolist()


def test_the_sample_is_the_same_whatever_the_order_and_parts():
    texts = [f"answer number {i}" for i in range(2 * SAMPLE_TEXTS)] + ["", "n/a", "12"]
    respondents = [f"r{i % 7}" for i in range(len(texts))]
    whole = StanceSample()
    whole.add(texts, None, respondents)
    parts = StanceSample()
    order = list(reversed(range(len(texts))))
    for start in range(0, len(order), 50):
        rows = order[start : start + 50]
        parts.add([texts[i] for i in rows], None, [respondents[i] for i in rows])
    assert whole.rows() == parts.rows()
    assert len(whole.rows()) == SAMPLE_TEXTS
    assert all(text not in ("", "12") for text, _, _ in whole.rows())
    # sample_rows gives their positions in the column, one row per text
    positions = sample_rows(texts + texts[:10], None, respondents + respondents[:10])
    assert len(positions) == SAMPLE_TEXTS and max(positions) < len(texts)


def test_a_model_without_every_stance_in_training_is_not_reweighted():
    assert training_mix({"praise": 3, "request": 0}, ["praise", "request"]) is None
    assert training_mix({"praise": 1, "request": 3}, ["praise", "request"]).tolist() == [
        0.25,
        0.75,
    ]


def test_pandas_na_as_a_declared_language_or_respondent_is_a_missing_value(model):
    # Nullable columns (`convert_dtypes()`, `dtype="Int64"`) hold pd.NA, whose `!=` gives NA,
    # not a bool: the stance sample ended in "TypeError: boolean value of NA is ambiguous".
    texts = ["Plus de formations en ligne svp", "Bien", "More webinars please", "ok"]
    with_nan = model.predict(
        texts, languages=[None, "fr", np.nan, None], respondents=[1, None, 2, None]
    )
    with_na = model.predict(
        texts,
        languages=[pd.NA, "fr", pd.NA, pd.NA],
        respondents=pd.Series([1, pd.NA, 2, pd.NA], dtype="Int64"),
    )
    assert with_na == with_nan
    frame = pd.DataFrame(
        {"answer": texts, "lang": [None, "fr", None, None], "who": [1, None, 2, None]}
    ).convert_dtypes()
    tagged = model.tag(frame, language_column="lang", respondent_column="who")
    assert tagged["stance"].tolist() == [p.stance for p in with_nan]


@pytest.mark.parametrize(
    ("mix", "message"),
    [
        # One share for 4 stances: numpy broadcast it, and every stance came out re-weighted
        # by a mix nobody gave, without a word.
        (np.array([1.0]), r"one share per stance \(4: criticism, neutral, praise, request"),
        (np.array([0.5, 0.3, 0.2]), r"one share per stance \(4"),
        # A mapping of stances: before, "TypeError: unsupported operand type(s) for /".
        ({"request": 0.9}, "got a dict"),
        # NaN made every stance probability NaN, so every answer read as 'criticism'.
        (np.full(4, np.nan), "finite numbers of at least 0"),
        (np.array([0.5, -0.1, 0.3, 0.3]), "finite numbers of at least 0"),
        (np.zeros(4), "at least one share above 0"),
    ],
)
def test_a_stance_mix_that_is_no_mix_of_the_models_stances_is_refused(model, mix, message):
    # README: `analyze(texts, stance_mix=mix)` takes a mix of the model's stances (what
    # `stance_mix` gives: one share per stance, in `stance_classes` order).
    with pytest.raises(ClassifierError, match=message):
        model.analyze(["More webinars please", "The board ignores members"], stance_mix=mix)


def test_a_stance_mix_given_as_a_list_reads_as_the_array(model):
    texts = ["More webinars please", "The board ignores members", "Great team, thanks"]
    mix = [0.7, 0.1, 0.1, 0.1]
    given = model.analyze(texts, stance_mix=mix).stance_probabilities
    as_array = model.analyze(texts, stance_mix=np.array(mix)).stance_probabilities
    assert np.array_equal(given, as_array)
