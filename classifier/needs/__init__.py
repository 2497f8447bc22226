"""Stage 3, needs: which asks are recurring collective needs and which are unique requests.

- `units`: the asks of a batch (request and criticism answers), from the tagging pass;
- `clustering`: average-linkage clustering on cosine distance (exact, or on a neighbour
  graph for large groups);
- `grouping`: `find_needs` and `group_units`: match the catalogue, discover new needs,
  group suggestions, count respondents;
- `result`: `Need`, `Suggestion` and `NeedsResult` (per-answer columns, the needs table);
- `across_questions`: the asks of all of a file's questions grouped together (slots);
- `review`: the needs sheet staff confirm, rename and merge, and reading it back.
- `reference`: the needs sheet's reference sheet 'catalogue', and the edits it refuses.
- `explain`: for `classifier explain`, an ask's closest catalogue needs and whether `tag`
  would match it to one.
"""

from ..lazy import lazy_exports

__all__ = ["Need", "NeedsResult", "Suggestion", "find_needs"]

__getattr__ = lazy_exports(
    __name__,
    {
        "find_needs": "classifier.needs.grouping",
        "Need": "classifier.needs.result",
        "NeedsResult": "classifier.needs.result",
        "Suggestion": "classifier.needs.result",
    },
)
