"""Dense matrix products whose rows do not depend on the other rows of the product.

OpenBLAS, numpy's BLAS, multiplies small matrices with other kernels than large
ones (on x86-64 with AVX-512: when rows x inner size x columns is at most 10^6;
numpy itself takes a matrix-vector routine for a single row). A row's last
float bits then depend on how many rows share its product: the same answer
scored in a chunk of 1,000 answers and in the last chunk of a file, 3 answers
long, differed by up to 2.4e-7, enough to move a score written with 4
decimals (`0.8945` / `0.8946`) when the rows of a file of more than one chunk
were shuffled. Large products give each row the same bits whatever the other
rows and the row's position (checked on every product the tool makes, 1 to
600 rows at several offsets): padding the left matrix with zero rows until the
product is large makes a row's result its own.
"""

from __future__ import annotations

import math

import numpy as np

# Rows x inner size x columns from which every product takes the large kernels: twice
# OpenBLAS's small-matrix limit (10^6), and never fewer than MIN_ROWS rows.
MIN_PRODUCT_SIZE = 2_000_000
MIN_ROWS = 16


def stable_row_count(inner: int, columns: int) -> int:
    """The fewest rows a product with `inner` x `columns` weights must have to be large."""
    return max(MIN_ROWS, math.ceil(MIN_PRODUCT_SIZE / max(inner * columns, 1)))


def row_stable_matmul(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`left @ right` (`left` 2-D, `right` 2-D or a vector), each row computed as in a
    large product: the same bits whatever the other rows of `left`.

    A right operand of one column (a vector, or the weights of a two-class model, a
    codebook of one theme) is given a zero column: numpy multiplies by one column with
    BLAS's matrix-vector routine, whose last rows (the rows past a multiple of 4, also
    past `stable_row_count`) take another kernel and other bits. An empty product (no
    row, no inner size, no column) is not padded: `left @ right` is exact, and a padded
    one without inner size would have had 2,000,000 rows (640 MB for 40 columns).
    """
    if right.ndim == 1:
        return row_stable_matmul(left, right[:, None])[:, 0]
    rows, inner = left.shape
    columns = right.shape[1]
    if rows == 0 or inner == 0 or columns == 0:
        return left @ right
    if columns == 1:
        return row_stable_matmul(left, np.hstack([right, np.zeros_like(right)]))[:, :1]
    needed = stable_row_count(inner, columns)
    if rows >= needed:
        return left @ right
    padded = np.zeros((needed, inner), dtype=left.dtype)
    padded[:rows] = left
    return (padded @ right)[:rows]
