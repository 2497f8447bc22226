"""Grouping embeddings by meaning: average-linkage clustering on cosine distance.

Used twice: to discover new needs among the asks no catalogue need matched, and
to group the asks of one need into its specific suggestions. Exact average
linkage needs the full distance matrix, so a group larger than EXACT_LIMIT is
clustered with a nearest-neighbour connectivity graph instead (scikit-learn's
agglomerative clustering restricted to each point's NEIGHBOURS nearest
neighbours): memory then grows with the group, not with its square, but
scikit-learn joins the graph's components pair by pair, about 0.35 MB per row
(3.6 GB at 10,000 rows; README's limit at a million answers). Both are
deterministic for a given order of the rows.
"""

from __future__ import annotations

import warnings

import numpy as np
import sklearn
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import AgglomerativeClustering
from sklearn.neighbors import kneighbors_graph

EXACT_LIMIT = 4_000
NEIGHBOURS = 30
# Memory for the blocks of distances computed at a time to find neighbours (scikit-learn's
# default is 1 GB, which the needs step of a large file would add to its peak).
WORKING_MEMORY_MB = 128


def cluster_by_cosine(embeddings: np.ndarray, cut: float) -> np.ndarray:
    """Cluster labels (0, 1, ...) of unit-norm rows: merge while the average cosine distance
    between two clusters stays below `cut`; labels follow the rows' first appearance."""
    count = len(embeddings)
    if count == 0:
        return np.zeros(0, dtype=int)
    if count == 1:
        return np.zeros(1, dtype=int)
    if count <= EXACT_LIMIT:
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
        tree = linkage(condensed, method="average")
        labels = fcluster(tree, t=cut, criterion="distance")
    else:
        with sklearn.config_context(working_memory=WORKING_MEMORY_MB):
            graph = kneighbors_graph(
                embeddings, min(NEIGHBOURS, count - 1), metric="cosine", include_self=False
            )
        with warnings.catch_warnings():
            # Separate groups leave the graph in several components; scikit-learn joins them
            # itself, which is what we want, and says so in a warning staff need not see.
            warnings.filterwarnings("ignore", message=".*connected components.*")
            labels = AgglomerativeClustering(
                n_clusters=None,
                distance_threshold=cut,
                metric="cosine",
                linkage="average",
                connectivity=graph,
            ).fit_predict(embeddings)
    return _first_appearance(labels)


def _first_appearance(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters 0, 1, ... in the order their first member appears."""
    mapping: dict[int, int] = {}
    return np.array([mapping.setdefault(int(label), len(mapping)) for label in labels], dtype=int)
