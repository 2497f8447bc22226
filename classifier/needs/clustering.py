"""Grouping embeddings by meaning: average-linkage clustering on cosine distance.

Used twice: to discover new needs among the asks no catalogue need matched, and
to group the asks of one need into its specific suggestions. Exact average
linkage needs the full distance matrix, so a group larger than EXACT_LIMIT is
first cut along its nearest-neighbour graph (each row linked to its NEIGHBOURS
nearest rows): rows in different connected parts of that graph are never grouped
together. Each part of up to EXACT_LIMIT rows is then clustered exactly; a larger
part with scikit-learn's average linkage restricted to the graph's edges, whose
distances are computed one edge at a time, so that memory grows with the number
of edges (about NEIGHBOURS per row), never with the square of the rows or with
a copy of the embeddings per edge. Both are deterministic for a given order of
the rows. scipy's clustering and graph modules are imported on first use: a
file with nothing to cluster (a cold start on a few answers) never pays for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

EXACT_LIMIT = 4_000
NEIGHBOURS = 30
# Memory for the blocks of distances computed at a time to find neighbours (scikit-learn's
# default is 1 GB, which the needs step of a large file would add to its peak).
WORKING_MEMORY_MB = 128


def cluster_by_cosine(embeddings: np.ndarray, cut: float) -> np.ndarray:
    """Cluster labels (0, 1, ...) of unit-norm rows: merge while the average cosine distance
    between two clusters stays below `cut`; labels follow the rows' first appearance."""
    count = len(embeddings)
    if count <= 1:
        return np.zeros(count, dtype=int)
    if count <= EXACT_LIMIT:
        return _first_appearance(_exact(embeddings, cut))
    from scipy.sparse.csgraph import connected_components

    graph = _neighbour_graph(embeddings)
    _, part_of = connected_components(graph, directed=False)
    # Every part has two rows or more (each row has a neighbour); its labels are shifted past
    # the previous parts' and made consecutive by first appearance at the end.
    labels = np.empty(count, dtype=int)
    offset = 0
    for part in _parts(part_of):
        if len(part) <= EXACT_LIMIT:
            found = _exact(embeddings[part], cut)
        else:
            found = _on_graph(embeddings[part], graph[part][:, part], cut)
        labels[part] = found + offset
        offset += int(found.max()) + 1
    return _first_appearance(labels)


def _exact(embeddings: np.ndarray, cut: float) -> np.ndarray:
    """Exact average linkage on the full distance matrix of two or more rows (labels from 0
    or 1, in no set order)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    # The same operations as `(clip(1 - E @ E.T) + its transpose) / 2`, in place where
    # possible: at EXACT_LIMIT rows each n x n temporary is 128 MB.
    distance = embeddings.astype(np.float64) @ embeddings.T.astype(np.float64)
    np.subtract(1.0, distance, out=distance)
    np.clip(distance, 0.0, 2.0, out=distance)
    symmetric = distance + distance.T
    del distance
    symmetric /= 2
    np.fill_diagonal(symmetric, 0.0)
    condensed = squareform(symmetric, checks=False)
    del symmetric
    return fcluster(linkage(condensed, method="average"), t=cut, criterion="distance")


def _neighbour_graph(embeddings: np.ndarray) -> csr_matrix:
    """Each row linked to its NEIGHBOURS nearest rows by cosine distance."""
    # scikit-learn only for groups over EXACT_LIMIT: its import is most of a cold start.
    import sklearn
    from sklearn.neighbors import kneighbors_graph

    with sklearn.config_context(working_memory=WORKING_MEMORY_MB):
        graph = kneighbors_graph(
            embeddings, min(NEIGHBOURS, len(embeddings) - 1), metric="cosine", include_self=False
        )
    return graph.tocsr()


def _parts(part_of: np.ndarray) -> list[np.ndarray]:
    """Rows of each connected part of the graph, parts in the order of their first row."""
    order = np.argsort(part_of, kind="stable")
    parts = np.split(order, np.flatnonzero(np.diff(part_of[order])) + 1)
    return sorted(parts, key=lambda rows: int(rows[0]))


def _on_graph(embeddings: np.ndarray, graph: csr_matrix, cut: float) -> np.ndarray:
    """Average linkage restricted to the edges of a connected neighbour graph.

    scikit-learn computes every edge's distance from copies of both end rows (two arrays of
    edges x dimensions: gigabytes at tens of thousands of rows), so the rows it is given
    are row numbers and the metric looks the embeddings up, one edge at a time.
    """
    from sklearn.cluster import AgglomerativeClustering

    vectors = embeddings.astype(np.float64)

    def cosine_distance(first: np.ndarray, second: np.ndarray) -> float:
        return 1.0 - float(vectors[int(first[0])] @ vectors[int(second[0])])

    row_numbers = np.arange(len(embeddings), dtype=np.float64).reshape(-1, 1)
    return AgglomerativeClustering(
        n_clusters=None,
        distance_threshold=cut,
        metric=cosine_distance,
        linkage="average",
        connectivity=graph,
    ).fit_predict(row_numbers)


def _first_appearance(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters 0, 1, ... in the order their first member appears."""
    mapping: dict[int, int] = {}
    return np.array([mapping.setdefault(int(label), len(mapping)) for label in labels], dtype=int)
