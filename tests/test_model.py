"""ThemeClassifier: predictions, the scikit-learn contract, saving and loading."""

from __future__ import annotations

import copy
import json
import random
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from classifier import Codebook, Prediction, ThemeClassifier
from classifier.errors import ClassifierError, LabelError, UnsafeModelWarning
from classifier.model.card import card_path

from conftest import ROOT

# Team-written probes, not in the corpus: one clear theme each.
PROBES = [
    ("Plus de formations en ligne svp", "fr", "capacity_development", "request"),
    (
        "Please send feedback to organisations whose grant applications were rejected, we never "
        "know why",
        "en",
        "fundraising",
        "request",
    ),
    (
        "Necesitamos interpretación al español en la asamblea general, si no nos quedamos fuera",
        "es",
        "language_access",
        "request",
    ),
    (
        "Les jeunes militants devraient avoir un siège au conseil d'administration",
        "fr",
        "youth",
        "request",
    ),
    (
        "The Civic Pulse monitor report is excellent, we quote it all the time",
        "en",
        "information",
        "praise",
    ),
]


def test_predict_returns_language_themes_scores_and_stance(model):
    predictions = model.predict([text for text, *_ in PROBES])
    assert all(isinstance(p, Prediction) for p in predictions)
    for prediction, (text, language, theme, stance) in zip(predictions, PROBES, strict=True):
        assert prediction.text == text
        assert prediction.language == language
        assert theme in prediction.themes, (text, prediction.themes)
        assert prediction.stance == stance, (text, prediction.stance)
        assert set(prediction.scores) == set(Codebook.load().theme_ids)
        assert all(0.0 <= s <= 1.0 for s in prediction.scores.values())
        assert prediction.themes == sorted(prediction.themes, key=lambda t: -prediction.scores[t])


def test_non_substantive_answers_get_no_theme(model):
    for prediction in model.predict(["n/a", "Rien à signaler pour le moment", "nada que agregar"]):
        assert prediction.themes == [], prediction
        assert prediction.stance == "neutral"


def test_empty_and_missing_texts_are_predicted_not_dropped(model):
    predictions = model.predict(["", None, "🙏"])
    assert [p.language for p in predictions] == ["und", "und", "und"]
    assert len(predictions) == 3


def test_predictions_do_not_depend_on_batch_order(model, test_frame):
    texts = test_frame["text"].tolist()[:60]
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    by_text = {p.text: p for p in model.predict(texts)}
    for prediction in model.predict(shuffled):
        assert prediction == by_text[prediction.text]


def test_scores_are_bit_identical_whatever_the_batch(model, test_frame):
    # Unrounded scores and embeddings, so a difference in the last float bit
    # (which can tip a rounded score or a need merge) is caught.
    texts = test_frame["text"].tolist()[:400]
    order = list(range(len(texts)))
    random.Random(3).shuffle(order)
    forward = model.analyze(texts)
    shuffled = model.analyze([texts[i] for i in order])
    back = np.argsort(order)
    assert np.array_equal(shuffled.theme_probabilities[back], forward.theme_probabilities)
    assert np.array_equal(shuffled.embeddings[back], forward.embeddings)
    alone = model.analyze(texts[:1] * 3)
    assert np.array_equal(alone.embeddings[0], alone.embeddings[2])


def test_declared_languages_are_used(model):
    [p] = model.predict(["ok"], languages=["es"])
    assert p.language == "es"


def test_predict_proba_matches_scores(model):
    texts = ["Más financiamiento para grupos pequeños"]
    matrix = model.predict_proba(texts)
    [prediction] = model.predict(texts)
    assert matrix.shape == (1, len(model.classes_))
    assert [round(v, 4) for v in matrix[0]] == [prediction.scores[t] for t in model.classes_]


def test_sklearn_contract(small_model):
    fitted, _ = small_model
    params = fitted.get_params()
    assert params["C"] == fitted.C and params["cv_folds"] == 3
    fresh = clone(fitted)
    assert not hasattr(fresh, "theme_models_")
    assert fresh.get_params()["cv_folds"] == 3
    assert fresh.set_params(C=1.0).C == 1.0
    with pytest.raises(NotFittedError, match="not fitted"):
        fresh.predict(["x"])
    # and a ClassifierError, as every error a user can fix (the command line prints it)
    with pytest.raises(ClassifierError, match="call fit"):
        fresh.predict(["x"])


def test_it_composes_with_scikit_learn_without_inheriting_from_it(model):
    from sklearn.base import BaseEstimator, is_classifier
    from sklearn.pipeline import Pipeline
    from sklearn.utils import get_tags

    clf = ThemeClassifier(C=1.0, word_ngram_range=(1, 1))
    assert repr(clf) == "ThemeClassifier(C=1.0, word_ngram_range=(1, 1))"
    assert repr(model).startswith("ThemeClassifier(codebook=Codebook(name='consultation'")
    assert len(repr(model)) < 100  # a codebook's own repr runs to 200,000 characters
    assert get_tags(clf) == BaseEstimator.__sklearn_tags__(clf) and not is_classifier(clf)
    pipeline = Pipeline([("themes", clf)])
    assert pipeline.get_params()["themes__C"] == 1.0
    pipeline.set_params(themes__cv_folds=2)
    assert clf.cv_folds == 2 and clone(pipeline).named_steps["themes"].cv_folds == 2
    with pytest.raises(ValueError, match="Invalid parameter 'c' for estimator"):
        clf.set_params(c=3)


def test_fit_returns_self_and_score_is_micro_f1(train_frame, test_frame):
    subset = train_frame.sort_values("id").iloc[::24]
    clf = ThemeClassifier(cv_folds=2)
    assert clf.fit(subset["text"].tolist(), subset["themes"].tolist()) is clf
    assert clf.stance_model_ is None
    assert clf.predict(["Merci pour tout"])[0].stance is None
    score = clf.score(test_frame["text"].tolist()[:80], test_frame["themes"].tolist()[:80])
    assert 0.2 < score <= 1.0


def test_fit_does_not_depend_on_training_row_order(train_frame):
    subset = train_frame.sort_values("id").iloc[::40]
    shuffled = subset.sample(frac=1.0, random_state=3)
    a = ThemeClassifier(cv_folds=2).fit(subset["text"].tolist(), subset["themes"].tolist())
    b = ThemeClassifier(cv_folds=2).fit(shuffled["text"].tolist(), shuffled["themes"].tolist())
    assert a.thresholds_ == b.thresholds_
    probes = [text for text, *_ in PROBES]
    assert a.predict(probes) == b.predict(probes)


def test_fit_reports_its_stages_only_when_asked_and_learns_the_same(train_frame, capsys):
    from classifier.model.persistence import encode

    subset = train_frame.sort_values("id").iloc[::40]
    data = dict(X=subset["text"].tolist(), y=subset["themes"].tolist())
    data["stances"] = subset["stance"].tolist()
    quiet = ThemeClassifier(cv_folds=2).fit(**data)
    assert capsys.readouterr() == ("", "")  # the API says nothing by default
    messages: list[str] = []
    told = ThemeClassifier(cv_folds=2).fit(**data, progress=messages.append)
    assert [m.split(" ")[0] for m in messages] == [
        "checking", "normalising", "embedding", "fitting", "choosing", "choosing", "fitting"
    ]  # fmt: skip
    assert messages[0] == f"checking {len(subset)} answers, their labels and languages"
    assert messages[3] == f"fitting the {len(told.classes_)} theme models"
    assert messages[4:6] == [
        f"choosing the theme thresholds: cross-validation fold {fold} of 2" for fold in (1, 2)
    ]
    assert messages[6].startswith("fitting the stance model on ")
    assert encode(told) == encode(quiet)  # the saved model, to the last bit


def test_unknown_labels_name_each_id_and_rows():
    with pytest.raises(LabelError) as error:
        ThemeClassifier().fit(
            ["a", "b", "c"],
            ["youth", "yuoth", "youth;fundrasing"],
            stances=["praise", "praise", "happy"],
        )
    message = str(error.value)
    assert "theme 'yuoth' in row 2" in message
    assert "theme 'fundrasing' in row 3" in message
    assert "stance 'happy' in row 3" in message


def test_save_and_load_round_trip_with_card(small_model):
    fitted, path = small_model
    loaded = ThemeClassifier.load(path)
    texts = [text for text, *_ in PROBES]
    assert loaded.predict(texts) == fitted.predict(texts)
    card = json.loads(card_path(path).read_text(encoding="utf-8"))
    assert card["codebook"]["name"] == "consultation"
    assert card["codebook"]["hash"] == Codebook.load().hash
    assert card["training"]["rows"] == fitted.training_summary_["rows"]
    assert len(card["training"]["data_hash"]) == 16
    assert set(card["thresholds"]) == set(fitted.classes_)
    assert "scikit-learn" in card["library_versions"] and card["created"]
    assert card["note"] == "test fixture"


def test_loading_warns_when_library_versions_differ(small_model, tmp_path):
    _, path = small_model
    copy = tmp_path / "old.npz"
    copy.write_bytes(path.read_bytes())
    card = json.loads(card_path(path).read_text(encoding="utf-8"))
    card["library_versions"]["scikit-learn"] = "0.0.1"
    card_path(copy).write_text(json.dumps(card), encoding="utf-8")
    with pytest.warns(UserWarning, match="scikit-learn 0.0.1"):
        ThemeClassifier.load(copy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ThemeClassifier.load(path)


def test_tag_keeps_every_row_and_column(model):
    frame = pd.DataFrame(
        {
            "respondent": ["r1", "r2", "r3"],
            "answer": ["Plus de webinaires", "", "More grants please"],
            "score": ["9", "", "3"],
        }
    )
    tagged = model.tag(frame, text_column="answer")
    assert list(tagged.columns[:3]) == ["respondent", "answer", "score"]
    assert tagged[["respondent", "answer", "score"]].equals(frame)
    assert {"language", "themes", "stance", "score_youth"} <= set(tagged.columns)
    assert tagged.loc[0, "language"] == "fr"


def test_mixed_answers_have_language_shares_and_a_language_mixed_column(model):
    texts = ["the webinars were great, mais trop courts", "Merci", "", "ok"]
    mixed, french, empty, ok = model.predict(texts)
    assert mixed.language == "en" and mixed.language_mixed
    assert set(mixed.languages) == {"en", "fr"} and mixed.languages["en"] > mixed.languages["fr"]
    assert french.languages == {"fr": 1.0} and not french.language_mixed
    assert empty.languages == {} and empty.language == "und"
    # "ok" has no language of its own; in a batch the column's mix may give it one.
    assert ok.languages == ({} if ok.language == "und" else {ok.language: 1.0})
    [alone] = model.predict(["ok"])
    assert alone.language == "und" and alone.languages == {}
    tagged = model.tag(pd.DataFrame({"answer": texts}), text_column="answer")
    assert tagged["language_mixed"].tolist() == ["yes", "", "", ""]


def test_tag_never_overwrites_an_input_column(model):
    frame = pd.DataFrame({"answer": ["Merci à l'équipe du secrétariat"], "language": ["FR"]})
    tagged = model.tag(frame, text_column="answer", language_column="language")
    assert tagged.loc[0, "language"] == "FR"
    assert tagged.loc[0, "answer_language"] == "fr"
    assert "answer_themes" in tagged.columns


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"cv_folds": 1}, "cv_folds must be an integer >= 2"),
        ({"C": -1}, "C must be a number > 0"),
        ({"embedding_weight": -0.5}, "embedding_weight must be a number >= 0"),
        ({"word_ngram_range": (2, 1)}, "word_ngram_range must be a pair"),
    ],
)
def test_impossible_settings_fail_before_any_work(settings, message):
    class RefusingEmbedder:
        name = "refusing"

        def encode(self, texts):
            raise AssertionError("the training answers were embedded before the check")

    classifier = ThemeClassifier(embedder=RefusingEmbedder(), **settings)
    with pytest.raises(ClassifierError, match=message):
        classifier.fit(["Plus de formations", "Gracias por todo"], ["capacity_development", ""])


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        # A codebook's name or path for the codebook: before, "AttributeError: 'str' object
        # has no attribute 'check_labels'" from inside fit.
        ({"codebook": "consultation"}, r"codebook must be a Codebook \(Codebook.load\(path\)\)"),
        ({"codebook": ROOT / "classifier" / "codebooks" / "consultation.yaml"}, "codebook must"),
        # An embedder's name for the embedder: before, a TypeError from `str.encode`.
        ({"embedder": "usem3"}, "embedder must be None or an object with a name and encode"),
    ],
)
def test_a_codebook_or_embedder_that_is_not_one_fails_before_any_work(settings, message):
    classifier = ThemeClassifier(**settings)
    with pytest.raises(ClassifierError, match=message):
        classifier.fit(["Plus de formations", "Gracias por todo"], ["capacity_development", ""])


def test_settings_after_the_codebook_are_keyword_only():
    with pytest.raises(TypeError):
        ThemeClassifier(None, None)


def test_a_model_saved_by_version_0_1_0_still_loads_when_trusted_and_predicts():
    with pytest.warns(UnsafeModelWarning, match="can run code"):
        legacy = ThemeClassifier.load(
            ROOT / "tests" / "data" / "model_saved_v0_1_0.joblib", trusted=True
        )
    assert legacy.card_.note.startswith("saved by classifier 0.1.0")
    assert legacy.thresholds_ == legacy.card_.thresholds
    [prediction] = legacy.predict(["Plus de formations en ligne svp"])
    assert prediction.language == "fr" and set(prediction.scores) == set(legacy.classes_)
    assert set(legacy.feature_slices()) == {"words", "chars", "embedding"}


def test_codebook_definitions_point_to_their_theme(model):
    """The codebook block: an answer is closest to the definition of what it talks about,
    in any language, even in words the training data may not use."""
    knowledge = model.knowledge_
    probes = {
        "youth": "Los jóvenes deberían tener un asiento en la junta directiva",
        "language_access": "Please translate everything into Portuguese and Arabic too",
        "fundraising": "Aidez-nous à trouver des bailleurs de fonds pour nos projets",
    }
    similarities = knowledge.similarities(model.embedder_.encode(list(probes.values())))
    themes = list(knowledge.theme_ids)
    for row, theme in enumerate(probes):
        definition = similarities[row, : len(themes)]
        assert themes[int(definition.argmax())] == theme
    assert "codebook" in model.feature_slices()


def test_fallback_gives_substantive_answers_their_best_theme_with_low_confidence(model):
    texts = [
        "Please publish the alliance's carbon footprint every year and a plan to cut it",
        "n/a",
        "todo bien",
    ]
    eager, never = copy.copy(model), copy.copy(model)
    eager.fallback_floor, never.fallback_floor = 0.0, None
    with_fallback, without = eager.predict(texts), never.predict(texts)
    assert with_fallback[0].themes and (with_fallback[0].low_confidence or without[0].themes)
    if not without[0].themes:
        best = max(without[0].scores, key=without[0].scores.get)
        assert with_fallback[0].themes == [best]
    assert with_fallback[1].themes == [] and not with_fallback[1].low_confidence
    assert with_fallback[2].themes == [] and not with_fallback[2].low_confidence
    assert not any(p.low_confidence for p in without)
