"""Why an ask gets its need: the closest catalogue needs of one answer, for `explain`.

`classifier explain` shows why an answer gets its themes. For an answer that asks
something (a request or a criticism with a letter: `units.asking_units`), this adds the
catalogue needs the model's need head finds closest, with their probabilities, and
whether the best one reaches MATCH_THRESHOLD: step 1 of `grouping.group_units`, where
`tag` assigns the ask to that catalogue need; below it, the ask is left to the discovery
of new needs among the file's other asks. Whether a need is recurring or a unique request
is counted over the respondents of the whole file, which one answer cannot tell: the
rendering says so.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .grouping import MATCH_THRESHOLD
from .units import asking_units, respondent_ids

if TYPE_CHECKING:
    from ..model.estimator import ThemeClassifier
    from ..model.prediction import Prediction

CLOSEST_NEEDS = 3  # catalogue needs shown per ask, most probable first
WIDTH = 88  # columns of the wrapped sentences


@dataclass(frozen=True)
class NeedMatch:
    """One catalogue need and the need head's probability that the ask raises it."""

    need: str
    label: str  # in the answer's language, else English
    confidence: float


@dataclass(frozen=True)
class NeedExplanation:
    """What `tag` does with an answer's need, and why."""

    stance: str | None
    asks: bool  # a request or criticism with a letter: `tag` looks for its need
    closest: list[NeedMatch]  # most probable first; empty without an ask or a need head
    threshold: float = MATCH_THRESHOLD

    @property
    def matched(self) -> bool:
        """Whether `tag` assigns the ask to its most probable catalogue need."""
        return bool(self.closest) and self.closest[0].confidence >= self.threshold


def explain_need(
    model: ThemeClassifier,
    prediction: Prediction,
    language: str | None = None,
    top: int = CLOSEST_NEEDS,
) -> NeedExplanation:
    """The need explanation of the answer `prediction` predicts (as `model.explain.explain`
    gives it, its text cut as `tag` reads it), analysed with the declared `language` as it
    was: the need head's probabilities come from the same pass over the answer as `tag`
    makes (`model.analyze`, then `asking_units`)."""
    analysis = model.analyze([prediction.text], languages=[language] if language else None)
    units = asking_units(analysis, [prediction.stance], respondent_ids(None, 1))
    if not len(units) or units.need_probabilities is None:
        return NeedExplanation(prediction.stance, bool(len(units)), [])
    probabilities = units.need_probabilities[0]
    catalogue = model.codebook_.catalogue
    classes = model.need_classes_
    closest = [
        NeedMatch(
            classes[j], catalogue.label(classes[j], prediction.language), float(probabilities[j])
        )
        for j in np.argsort(-probabilities, kind="stable")[:top]
    ]
    return NeedExplanation(prediction.stance, True, closest)


def format_need_explanation(explanation: NeedExplanation) -> str:
    """A plain-text rendering for the command line, after the themes."""
    if not explanation.asks:
        why = (
            f"a {explanation.stance} answer asks nothing"
            if explanation.stance
            else "this model gives no stance"
        )
        return _paragraph(
            f"need: none: {why}, and `tag` looks for the needs of requests and criticisms only",
            heading=True,
        )
    lines = [
        _paragraph(
            f"need: a {explanation.stance}, so `tag` looks for the need it raises", heading=True
        )
    ]
    if not explanation.closest:
        lines.append(
            _paragraph(
                "this model has no need head (it was trained without need labels): `tag` "
                "groups the ask with the file's other asks into new needs, by meaning"
            )
        )
        return "\n".join(lines)
    lines.append(f"  closest catalogue needs (match threshold {explanation.threshold:.2f}):")
    width = max(len(match.need) for match in explanation.closest)
    for match in explanation.closest:
        lines.append(f"    {match.need:{width}s}  {match.confidence:.3f}  {match.label}")
    lines += [_paragraph(_decision(explanation)), _paragraph(_recurrence(explanation))]
    return "\n".join(lines)


def _paragraph(text: str, heading: bool = False) -> str:
    """`text` wrapped to WIDTH columns, need ids kept whole: a heading after a blank line,
    the other paragraphs (and a heading's next lines) indented under it."""
    wrapped = textwrap.fill(
        text,
        WIDTH,
        initial_indent="" if heading else "  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return f"\n{wrapped}" if heading else wrapped


def _decision(explanation: NeedExplanation) -> str:
    """What `tag` does with the ask: match its best catalogue need, or leave it to discovery."""
    best = explanation.closest[0]
    if explanation.matched:
        return (
            f"MATCHED: {best.confidence:.3f} reaches the threshold, so `tag` assigns the ask "
            f"to the catalogue need {best.need}."
        )
    return (
        f"NOT MATCHED: {best.confidence:.3f} is below the threshold, so `tag` leaves the ask "
        "to the discovery of new needs, grouped with the file's other asks that mean the "
        f"same (an ask left alone there joins {best.need} when another respondent's ask in "
        "the file is matched to it)."
    )


def _recurrence(explanation: NeedExplanation) -> str:
    """Why `explain` cannot say recurring or unique: it is counted over the whole file."""
    need = explanation.closest[0].need if explanation.matched else "its need"
    return (
        f"Recurring or unique request: that depends on how many respondents of the file raise "
        f"{need} (`tag --min-respondents`), that is on the file's other answers, which "
        "`explain` does not see."
    )
