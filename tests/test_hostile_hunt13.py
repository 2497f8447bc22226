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


def test_a_correction_under_another_id_is_refused_not_trained_beside_the_old_labels(
    cli, tmp_path, train_frame
):
    # A review sheet of answers already labelled, made without --id-column (its ids are row
    # numbers) or whose id column was deleted: each corrected row trained as a new answer
    # beside the one it corrects, old labels and new, and "0 id(s) corrected".
    labeled, review = tmp_path / "train.csv", tmp_path / "review.csv"
    base = _labeled(train_frame)
    base.to_csv(labeled, index=False)
    sheet = base.head(3)[["id", "language", "text", "themes", "stance"]].copy()
    sheet["id"] = ["1", "2", "3"]
    sheet["themes"] = ["accountability", base["themes"].iloc[1], "networking"]
    sheet["stance"] = ["criticism", base["stance"].iloc[1], "neutral"]
    sheet["text"] = "  " + sheet["text"]  # spaces around the text do not count
    sheet.to_csv(review, index=False)
    output = tmp_path / "model.npz"
    code, _, err = cli("train", labeled, review, "-o", output)
    assert code == 2 and not output.exists()
    first, second, third = (base["id"].iloc[i] for i in range(3))
    assert f"review.csv:2 (id 1; the answer of train.csv:2, id {first})" in err
    assert f"review.csv:4 (id 3; the answer of train.csv:4, id {third})" in err
    assert "review.csv:3" not in err  # the same labels: a copy, not a correction
    assert "give the row its id" in err
    # Given the earlier ids, the same rows correct their answers.
    sheet.assign(id=[first, second, third]).drop(columns="text").to_csv(review, index=False)
    from classifier.codebook import Codebook
    from classifier.io.labeled import merge_by_id, read_labeled

    data, corrected = merge_by_id(read_labeled([labeled, review], Codebook.load()))
    assert len(data) == len(base) and len(corrected) == 2


def test_a_loaded_model_saved_again_keeps_how_it_was_trained_and_scored(
    small_model, tmp_path, train_frame
):
    # `ThemeClassifier.load(path).save(copy)` (a model copied to a share from Python): its
    # card was made anew, dated that day, without its training files, corrections or test
    # figures, so `promote` could no longer compare the copy with anything.
    from classifier import ThemeClassifier
    from classifier.model.card import ModelCard

    clf, _ = small_model
    test = {"file": "test.csv", "answers": 590, "micro_f1": 0.61, "stance_accuracy": 0.7}
    first = clf.save(
        tmp_path / "first" / "model.npz",
        training_files=["train.csv", "review.xlsx"],
        corrections=3,
        test=test,
    )
    original = ModelCard.read(first)
    loaded = ThemeClassifier.load(first)
    copy = ModelCard.read(loaded.save(tmp_path / "copy" / "model.npz"))
    for field in ("created", "training_files", "corrections", "test", "training"):
        assert getattr(copy, field) == getattr(original, field), field
    assert ThemeClassifier.load(tmp_path / "copy" / "model.npz").card_.test == test
    # A parameter changed since loading is recorded as the model now holds it.
    loaded.set_params(fallback_floor=0.5)
    changed = ModelCard.read(loaded.save(tmp_path / "changed" / "model.npz", note="floor"))
    assert changed.parameters["fallback_floor"] == 0.5 and changed.test == test
    assert changed.note == "floor"
    # Fitted again, it is another model: nothing of the loaded card is kept.
    rows = _labeled(train_frame, 24)
    loaded.set_params(cv_folds=2).fit(rows["text"].tolist(), rows["themes"].tolist())
    refit = ModelCard.read(loaded.save(tmp_path / "refit" / "model.npz"))
    assert refit.test is None and refit.training_files == [] and refit.corrections is None
    assert refit.training["rows"] == 24


def test_a_copy_of_a_loaded_model_keeps_its_card_and_saves_its_history(small_model, tmp_path):
    # `copy.deepcopy(ThemeClassifier.load(path))` (or a pickled copy) had no `card_`: its
    # `.card_` raised AttributeError and `save` made a new card, without the training
    # files, corrections and test figures of the model it is a copy of.
    import copy
    import pickle

    import numpy as np

    from classifier import ThemeClassifier
    from classifier.model.card import ModelCard

    clf, _ = small_model
    test = {"file": "test.csv", "answers": 590, "micro_f1": 0.61, "stance_accuracy": 0.7}
    first = clf.save(tmp_path / "first" / "model.npz", training_files=["train.csv"], test=test)
    loaded = ThemeClassifier.load(first)
    for name, duplicate in (
        ("deepcopy", copy.deepcopy(loaded)),
        ("pickle", pickle.loads(pickle.dumps(loaded))),
    ):
        assert duplicate.card_.test == test, name
        saved = duplicate.save(tmp_path / name / "model.npz")
        assert ModelCard.read(saved).training_files == ["train.csv"], name
        assert ModelCard.read(saved).test == test, name
        with np.load(saved) as archive:  # the card stays beside the model, not in it
            assert b"card_" not in archive["__model__"].tobytes(), name
