"""The promotion guard: a new version may not lose more than a point of micro-F1 or five
points on any theme, compared with the current default."""

from __future__ import annotations

from classifier.model.card import CodebookInfo, ModelCard
from classifier.model.registry import promotion_problems


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
