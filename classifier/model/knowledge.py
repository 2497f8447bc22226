"""The codebook as knowledge: how close an answer is to each theme's definition and examples.

The codebook defines each theme (its labels in every language and its
description) and the needs catalogue gives each theme concrete examples (its
needs' labels, in every language). Embedded with the model's sentence
embedder, they give two similarities per theme for every answer:

- to the theme's definition (the mean embedding of its labels and
  "label: description");
- to its closest example (the best cosine over its needs' labels).

These are a feature block of the model (`codebook`), so a theme's meaning
reaches answers whose words the training data never used, and a theme added
with a good description and few examples starts from its definition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..codebook import Codebook
from ..text.embeddings import Embedder
from ..text.normalize import clean_text
from ..text.row_stable import row_stable_matmul
from ..vocab import LANGUAGES


@dataclass(frozen=True)
class ThemeKnowledge:
    """Embedded definitions and examples of a codebook's themes, in `theme_ids` order."""

    theme_ids: tuple[str, ...]
    definitions: np.ndarray  # (themes, d): unit rows
    examples: np.ndarray  # (examples, d): unit rows
    example_themes: np.ndarray  # (examples,): theme index of each example

    @classmethod
    def of(cls, codebook: Codebook, embedder: Embedder) -> ThemeKnowledge:
        """Embed the codebook's definitions and its catalogue's need labels."""
        texts, owners = [], []
        for position, theme in enumerate(codebook.themes):
            texts += [theme.label[lang] for lang in LANGUAGES if theme.label.get(lang)]
            texts.append(f"{theme.label['en']}: {theme.description}")
            owners += [position] * (len(texts) - len(owners))
        embedded = embedder.encode([clean_text(t) for t in texts])
        owners = np.array(owners)
        definitions = np.vstack(
            [embedded[owners == j].mean(axis=0) for j in range(len(codebook.themes))]
        )
        examples, example_themes = [], []
        position_of = {theme_id: j for j, theme_id in enumerate(codebook.theme_ids)}
        if codebook.catalogue is not None:
            for need in codebook.catalogue.needs:
                for theme in need.themes[:1]:  # the need's main theme
                    for lang in LANGUAGES:
                        examples.append(need.label_in(lang))
                        example_themes.append(position_of[theme])
        example_vectors = (
            embedder.encode([clean_text(t) for t in examples])
            if examples
            else np.zeros((0, definitions.shape[1]), dtype=np.float32)
        )
        return cls(
            theme_ids=tuple(codebook.theme_ids),
            definitions=_unit_rows(definitions),
            examples=example_vectors.astype(np.float32),
            example_themes=np.array(example_themes, dtype=int),
        )

    @property
    def width(self) -> int:
        """Number of features: two per theme."""
        return 2 * len(self.theme_ids)

    def similarities(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, 2 * themes): cosine to each theme's definition, then to its closest example
        (0 for a theme without examples)."""
        definition = row_stable_matmul(embeddings, self.definitions.T)
        closest = np.zeros_like(definition)
        if len(self.examples):
            to_examples = row_stable_matmul(embeddings, self.examples.T)
            for j in range(len(self.theme_ids)):
                columns = self.example_themes == j
                if columns.any():
                    closest[:, j] = to_examples[:, columns].max(axis=1)
        return np.hstack([definition, closest]).astype(np.float32)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)).astype(
        np.float32
    )
