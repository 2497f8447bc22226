"""The promotion guard: a new version may not lose more than a point of micro-F1, five
points on any theme or five points of stance accuracy, compared with the current default."""

from __future__ import annotations

import pytest

from classifier.errors import RegistryError
from classifier.model.card import CodebookInfo, ModelCard
from classifier.model.registry import promotion_problems, resolve


def card(micro: float, themes: dict[str, float]) -> ModelCard:
    test = {
        "micro_f1": micro,
        "macro_f1": sum(themes.values()) / len(themes),
        "per_theme": {theme: {"f1": f1} for theme, f1 in themes.items()},
        "per_language": {},
    }
    return ModelCard(
        codebook=CodebookInfo("c", 1, "hash", list(themes), []),
        embedder="e",
        parameters={},
        training={},
        thresholds={},
        stance_head=False,
        library_versions={},
        test=test,
    )


def test_small_losses_pass():
    current = card(0.85, {"youth": 0.80, "advocacy": 0.90})
    assert promotion_problems(card(0.841, {"youth": 0.76, "advocacy": 0.95}), current) == []


def test_micro_f1_drop_over_one_point_is_refused():
    problems = promotion_problems(card(0.83, {"youth": 0.8}), card(0.85, {"youth": 0.8}))
    assert problems == ["micro-F1 drops by 0.020 (more than 0.01)"]


def test_theme_drop_over_five_points_is_refused_and_named():
    problems = promotion_problems(
        card(0.85, {"youth": 0.70, "advocacy": 0.9}), card(0.85, {"youth": 0.80, "advocacy": 0.9})
    )
    assert problems == ["youth F1 drops by 0.100 (more than 0.05)"]


def test_no_current_default_or_no_metrics():
    assert promotion_problems(card(0.1, {"youth": 0.1}), None) == []
    untested = card(0.8, {"youth": 0.8})
    untested.test = None
    assert promotion_problems(untested, card(0.8, {"youth": 0.8})) == [
        "the version has no test metrics"
    ]


def test_codebooks_compare_by_name_and_ids_not_by_the_wording_of_labels():
    from classifier import Codebook

    shipped = Codebook.load()
    spec = shipped.to_dict()
    spec["themes"][0]["label"] = {**spec["themes"][0]["label"], "en": "Youth, reworded"}
    reworded = Codebook.from_dict(spec)
    assert reworded.hash != shipped.hash
    assert CodebookInfo.of(reworded).same_labels(CodebookInfo.of(shipped))
    spec["themes"] = spec["themes"][1:]
    assert not CodebookInfo.of(Codebook.from_dict(spec)).same_labels(CodebookInfo.of(shipped))
    spec = shipped.to_dict() | {"stances": ["praise", "request", "criticism"]}
    assert not CodebookInfo.of(Codebook.from_dict(spec)).same_labels(CodebookInfo.of(shipped))


def test_figures_of_another_test_file_are_never_compared():
    current = card(0.80, {"youth": 0.8})
    current.test.update(file="test.csv", answers=4672)
    own_data = card(0.99, {"youth": 0.99})  # scored on a sample of its training answers
    own_data.test.update(file="train250.csv", answers=250)
    [problem] = promotion_problems(own_data, current)
    assert "scored on another test file (train250.csv, 250 answers)" in problem
    same = card(0.81, {"youth": 0.8})
    same.test.update(file="test.csv", answers=4672, file_sha256="a" * 64)
    assert promotion_problems(same, current) == []  # an older card has no hash: name + count
    edited = card(0.81, {"youth": 0.8})
    edited.test.update(file="test.csv", answers=4672, file_sha256="b" * 64)
    assert promotion_problems(edited, same) != []  # same name and count, other content


def test_promote_takes_version_ids_never_paths(tmp_path):
    for name in ("../other/consultation/v001", "/tmp/x/v001", "", "x/../../default", "v1"):
        with pytest.raises(RegistryError, match="is not a version: give vNNN or name/vNNN"):
            resolve(tmp_path, name)
    with pytest.raises(RegistryError, match="no version 'consultation/v001'"):
        resolve(tmp_path, "consultation/v001")


def test_a_stance_accuracy_drop_over_five_points_is_refused():
    """Theme figures can hold while stances fall apart (found by hunt 8): the stance decides
    what is praise and what is asked, so every need."""
    current, candidate = card(0.85, {"youth": 0.8}), card(0.85, {"youth": 0.8})
    current.test["stance_accuracy"] = 0.90
    candidate.test["stance_accuracy"] = 0.86
    assert promotion_problems(candidate, current) == []
    candidate.test["stance_accuracy"] = 0.30
    assert promotion_problems(candidate, current) == [
        "stance accuracy drops by 0.600 (more than 0.05): praise and requests, and so needs, "
        "would be told apart worse"
    ]


def test_a_test_file_edited_since_is_named_as_edited_not_as_another_file():
    # Version 3 of the needs catalogue relabeled the test split's merged needs: the file kept
    # its name and its 4,715 answers, and `promote` refused the retrained model because it
    # "was scored on another test file (test.csv, 4715 answers) than the default (test.csv,
    # 4715 answers)", two descriptions that read the same.
    current = card(0.80, {"youth": 0.8})
    current.test.update(file="test.csv", answers=4715, file_sha256="63bc9a54" + "0" * 56)
    relabeled = card(0.80, {"youth": 0.8})
    relabeled.test.update(file="test.csv", answers=4715, file_sha256="1a71c939" + "0" * 56)
    [problem] = promotion_problems(relabeled, current)
    assert "(test.csv, 4715 answers) than the default (test.csv, 4715 answers)" not in problem
    assert "test.csv" in problem and "63bc9a54" in problem and "1a71c939" in problem
    assert "edited" in problem
