"""A scikit-learn object of a model file, kept as its stored state until a method is used.

A loaded model's vectorizers and logistic regressions are read by `text/tfidf.py` and
`model/linear.py` from their fitted attributes only, so loading and tagging need no
scikit-learn import (0.7-1 s of a cold start). `StoredEstimator` gives those
attributes from the state the file holds; the first use of anything else (a method,
`transform`, `get_feature_names_out`) builds the real scikit-learn object from that
state, once, and hands it over. Saving writes the state back as it was read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class StoredEstimator:
    """A scikit-learn object's type name and stored state (`__getstate__`'s dict), read as
    its attributes; anything else is the object's, built on first use by `build`."""

    def __init__(
        self, type_name: str, state: dict[str, Any], build: Callable[[str, dict], Any]
    ) -> None:
        object.__setattr__(self, "type_name", type_name)
        object.__setattr__(self, "state", state)
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_built", None)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not the wrapper's own.
        if name.startswith("__") or name in ("state", "type_name", "_build", "_built"):
            raise AttributeError(name)  # copy, pickle and half-built objects probe these
        state = self.state
        if name in state:
            return state[name]
        return getattr(self.built(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"a stored {self.type_name} is read-only; change the object `built()` returns"
        )

    def built(self) -> Any:
        """The scikit-learn object itself (imports scikit-learn; built once)."""
        if self._built is None:
            object.__setattr__(self, "_built", self._build(self.type_name, self.state))
        return self._built

    def __reduce__(self) -> tuple:
        return (StoredEstimator, (self.type_name, self.state, self._build))

    def __repr__(self) -> str:
        return f"<stored {self.type_name}>"
