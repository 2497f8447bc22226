"""Stage 3, needs: which asks are recurring collective needs and which are one-off.

- `units`: the asking points of request and criticism answers;
- `grouping`: same-need probabilities, clustering, `find_needs`;
- `result`: `Need` and `NeedsResult` (per-answer columns, the needs table).
"""

from .grouping import find_needs
from .result import Need, NeedsResult

__all__ = ["Need", "NeedsResult", "find_needs"]
