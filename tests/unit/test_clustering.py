"""Grouping by meaning on toy embeddings: average linkage on cosine distance, exact or on a
neighbour graph for large groups, deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.needs import clustering
from classifier.needs.clustering import cluster_by_cosine


def unit(rows) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_close_rows_group_and_far_rows_stay_apart():
    points = unit([[1, 0, 0], [0.95, 0.05, 0], [0, 1, 0], [0.02, 0.98, 0], [0, 0, 1]])
    assert cluster_by_cosine(points, cut=0.2).tolist() == [0, 0, 1, 1, 2]


def test_the_cut_decides_how_far_apart_a_group_may_be():
    points = unit([[1, 0], [0.8, 0.6], [0, 1]])  # cosines 0.8 and 0.6 between neighbours
    assert cluster_by_cosine(points, cut=0.1).tolist() == [0, 1, 2]
    assert cluster_by_cosine(points, cut=0.25).tolist() == [0, 0, 1]
    assert cluster_by_cosine(points, cut=1.5).tolist() == [0, 0, 0]


def test_empty_and_single():
    assert cluster_by_cosine(np.zeros((0, 3)), cut=0.5).tolist() == []
    assert cluster_by_cosine(unit([[1, 2]]), cut=0.5).tolist() == [0]


def five_groups_of_forty() -> np.ndarray:
    rng = np.random.default_rng(0)
    centres = unit(rng.normal(size=(5, 16)))
    return unit(np.repeat(centres, 40, axis=0) + rng.normal(scale=0.05, size=(200, 16)))


def test_large_groups_are_cut_along_the_neighbour_graph_and_find_the_same_groups(monkeypatch):
    points = five_groups_of_forty()
    exact = cluster_by_cosine(points, cut=0.3)
    monkeypatch.setattr(clustering, "EXACT_LIMIT", 50)  # each group is its own part of the graph
    approximate = cluster_by_cosine(points, cut=0.3)
    assert exact.tolist() == approximate.tolist() == np.repeat(np.arange(5), 40).tolist()


@pytest.mark.parametrize("neighbours", [5, 45])  # the graph in five parts, or in one
def test_parts_larger_than_the_limit_use_linkage_on_the_graph(monkeypatch, neighbours):
    points = five_groups_of_forty()
    monkeypatch.setattr(clustering, "EXACT_LIMIT", 30)
    monkeypatch.setattr(clustering, "NEIGHBOURS", neighbours)
    labels = cluster_by_cosine(points, cut=0.3)
    assert labels.tolist() == np.repeat(np.arange(5), 40).tolist()
    shuffled = np.random.default_rng(1).permutation(len(points))
    again = cluster_by_cosine(points[shuffled], cut=0.3)
    assert len(set(zip(again.tolist(), labels[shuffled].tolist(), strict=True))) == 5
