"""The stance mix of a question's answers, learned from the answers themselves.

A survey question sets the stance of most of its answers: "what should we
improve?" gets requests and criticism, "what do we do well?" praise. The stance
model, trained on answers of both, reads a terse answer without that context:
"Faster solidarity statements" or "Votes en ligne, vite" under *improve* read
as praise, "The annual report" or "Les webinaires" under *strengths* as
requests. Praise lost from an *improve* column takes its ask out of the needs;
a strengths column's praise read as requests fills the needs with things
members like.

So each question's stance mix is estimated from its own answers, by the
expectation-maximisation of Saerens, Latinne & Decaestecker (2002, "Adjusting
the outputs of a classifier to new a priori probabilities"), shrunk towards
the training mix by `PRIOR_STRENGTH` pseudo-answers (a short file moves it
little), and every answer's stance probabilities are re-weighted by the ratio
of the two mixes. A column that mixes stances as the training answers do keeps
its stances. When staff declare what a question asks (`question_kinds`), its
estimate is shrunk towards that kind's mix instead, and more strongly.

The estimate reads a sample of the column: its `SAMPLE_TEXTS` distinct answers
(with some letter) of smallest CRC-32, each once, on the row of its smallest
(declared language, respondent). The sample depends on the column's answers
only, not on their order or on how a file is cut in chunks, so `classifier tag`
computes it before tagging a file of several chunks and gets the same stances
as `tag()` and `predict` on the whole column; the probabilities are summed in
one sorted order, so the estimate has the same bits whatever the row order.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..errors import ClassifierError
from ..text.language import has_words
from ..vocab import is_blank

# Distinct answers the estimate reads: 300 estimate a column's mix within about 0.03 of
# what all its answers give (benchmarks/stance_columns.py), at the cost of analysing 300
# answers more in a file of several chunks.
SAMPLE_TEXTS = 300
# Pseudo-answers of the training mix added to the estimate: a 10-answer file moves
# its stances little, a 1,000-answer one by what its answers say.
PRIOR_STRENGTH = 20
EM_ITERATIONS = 100


def sample_key(text: str) -> tuple[int, str]:
    """Where an answer stands in the sample's order: its CRC-32 (the same in every run,
    unlike Python's `hash`), then the text itself."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass")), text


class StanceSample:
    """The sample rows of a column read in parts (`add` each chunk, then `rows`)."""

    def __init__(self, size: int = SAMPLE_TEXTS) -> None:
        self.size = size
        # text -> (key, (declared, respondent) as compared, their values as given)
        self._kept: dict[str, tuple[tuple[int, str], tuple[str, str], tuple[object, object]]] = {}
        self._largest: tuple[int, str] | None = None  # no text above it is kept, once pruned

    def add(
        self,
        texts: Sequence[object],
        declared: Sequence[object] | None = None,
        respondents: Sequence[object] | None = None,
    ) -> None:
        """Consider a part of the column (its texts, declared languages, respondents)."""
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not has_words(text):
                continue
            row = (_name(declared, i), _name(respondents, i))
            given = (
                declared[i] if declared is not None else None,
                respondents[i] if respondents is not None else None,
            )
            if text in self._kept:
                key, best, _ = self._kept[text]
                if row < best:
                    self._kept[text] = key, row, given
                continue
            key = sample_key(text)
            if self._largest is None or key < self._largest:
                self._kept[text] = key, row, given
                if len(self._kept) >= 2 * self.size:
                    self._prune()

    def _smallest(self) -> list[tuple[str, tuple]]:
        """The kept texts of the `size` smallest keys, in key order, with what is kept of them."""
        return sorted(self._kept.items(), key=lambda item: item[1][0])[: self.size]

    def _prune(self) -> None:
        kept = self._smallest()
        self._kept = dict(kept)
        self._largest = kept[-1][1][0]

    def chosen(self, text: str) -> tuple[str, str]:
        """The (declared language, respondent) of a sampled text's row, as compared."""
        return self._kept[text][1]

    def rows(self) -> list[tuple[str, object, object]]:
        """The sample as (text, declared language, respondent) rows, in key order, the
        declared language and respondent as given."""
        return [(text, *given) for text, (_, _, given) in self._smallest()]


def _name(values: Sequence[object] | None, i: int) -> str:
    """A declared language or respondent as the sample compares it: its text, "" when
    missing (None, NaN, pandas' NA: a nullable column's `!=` gives NA, no bool)."""
    value = values[i] if values is not None else None
    missing = not isinstance(value, str) and (is_blank(value) or value != value)
    return "" if missing else str(value)


def sample_rows(
    texts: Sequence[object],
    declared: Sequence[object] | None = None,
    respondents: Sequence[object] | None = None,
) -> list[int]:
    """The positions, in `texts`, of the sample rows of a whole column (`StanceSample`)."""
    sample = StanceSample()
    sample.add(texts, declared, respondents)
    wanted = {(text, *sample.chosen(text)) for text, _, _ in sample.rows()}
    position: dict[tuple[str, str, str], int] = {}
    for i, text in enumerate(texts):
        if isinstance(text, str):
            key = (text, _name(declared, i), _name(respondents, i))
            if key in wanted:
                position.setdefault(key, i)
    return sorted(position.values())


def training_mix(stance_counts: Mapping[str, int], classes: Sequence[str]) -> np.ndarray | None:
    """The training answers' share of each stance class, or None when one is missing
    (no mix to compare a column with)."""
    counts = np.array([float(stance_counts.get(c, 0)) for c in classes])
    if len(counts) < 2 or (counts <= 0).any():
        return None
    return counts / counts.sum()


def column_mix(
    probabilities: np.ndarray,
    base: np.ndarray,
    strength: float = PRIOR_STRENGTH,
    target: np.ndarray | None = None,
) -> np.ndarray:
    """The stance mix of the answers whose stance `probabilities` (one row each) a model
    trained on mix `base` gave: Saerens' EM, shrunk towards `target` (the mix of the
    question's declared kind, `question_kinds`; by default `base`) by `strength`
    pseudo-answers. Rows are read in one sorted order, so their order does not matter."""
    target = base if target is None else target
    if not len(probabilities):
        return target.copy()
    rows = probabilities[np.lexsort(probabilities.T[::-1])]
    mix = target.copy()
    for _ in range(EM_ITERATIONS):
        weighted = reweight(rows, base, mix)
        mix = (weighted.sum(axis=0) + strength * target) / (len(rows) + strength)
    return mix


def checked_mix(mix: object, stances: Sequence[str]) -> np.ndarray:
    """`mix` (`analyze`'s `stance_mix`) as the array it must be: one share per stance, in
    the order of `stances` (the model's `stance_classes`), finite, none below 0 and not
    all 0. Anything else is a ClassifierError: a mix of another length was broadcast over
    the stances, a NaN made every answer's stance probabilities NaN (read as the first
    stance), and a mapping ended in a TypeError."""
    if isinstance(mix, Mapping | str):
        raise ClassifierError(
            f"stance_mix must hold one share per stance ({', '.join(stances)}), got a "
            f"{type(mix).__name__}: pass model.stance_mix(...), or the shares in that order"
        )
    shares = np.asarray(mix, dtype=float)
    if shares.shape != (len(stances),):
        raise ClassifierError(
            f"stance_mix must hold one share per stance ({len(stances)}: "
            f"{', '.join(stances)}, in that order), got shape {shares.shape}"
        )
    if not np.all(np.isfinite(shares)) or np.any(shares < 0):
        raise ClassifierError(
            f"stance_mix must hold finite numbers of at least 0, got {shares.tolist()}"
        )
    if not shares.sum() > 0:
        raise ClassifierError("stance_mix must give at least one share above 0")
    return shares


def reweight(probabilities: np.ndarray, base: np.ndarray, mix: np.ndarray) -> np.ndarray:
    """Stance probabilities of a model trained on mix `base`, for answers of mix `mix`."""
    weighted = probabilities * (mix / base)
    return weighted / weighted.sum(axis=1, keepdims=True)


def adjusted_stances(
    probabilities: np.ndarray,
    texts: Sequence[object],
    base: np.ndarray | None,
    mix: np.ndarray | None = None,
    declared: Iterable[object] | None = None,
    respondents: Iterable[object] | None = None,
    prior: tuple[np.ndarray, float] | None = None,
) -> np.ndarray:
    """`probabilities` re-weighted for the column's mix: `mix` when given (a file's,
    estimated before its chunks), else estimated from the sample of `texts`, shrunk
    towards `prior` (a mix and its strength; by default the training mix `base`, by
    PRIOR_STRENGTH)."""
    if base is None:
        return probabilities
    if mix is None:
        declared = list(declared) if declared is not None else None
        respondents = list(respondents) if respondents is not None else None
        rows = sample_rows(texts, declared, respondents)
        target, strength = prior if prior is not None else (base, PRIOR_STRENGTH)
        mix = column_mix(probabilities[rows], base, strength, target)
    return reweight(probabilities, base, mix)
