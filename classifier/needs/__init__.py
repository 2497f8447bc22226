"""Stage 3, needs: which asks are recurring collective needs and which are one-off.

- `units`: the asking points of request and criticism answers;
- `grouping`: same-need probabilities, clustering, `find_needs`;
- `result`: `Need` and `NeedsResult` (per-answer columns, the needs table).
"""

from ..lazy import lazy_exports

__all__ = ["Need", "NeedsResult", "find_needs"]

__getattr__ = lazy_exports(
    __name__,
    {
        "find_needs": "classifier.needs.grouping",
        "Need": "classifier.needs.result",
        "NeedsResult": "classifier.needs.result",
    },
)
