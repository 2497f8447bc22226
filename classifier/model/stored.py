"""A scikit-learn object of a model file, kept as its stored state until a method is used.

A loaded model's vectorizers and logistic regressions are read by `text/tfidf.py` and
`model/linear.py` from their fitted attributes only, so loading and tagging need no
scikit-learn import (0.7-1 s of a cold start). `StoredEstimator` gives those
attributes from the state the file holds; the first use of anything else (a method,
`transform`, `get_feature_names_out`) builds the real scikit-learn object from that
state, once (one build when threads ask at the same time), and hands it over. From
then on that object is the truth: its attributes are read, so a change made to it
(`built().intercept_ = ...`) is what tagging scores, what pickled copies (workers)
carry and what saving writes. Until then saving writes the state back as it was read.
scikit-learn's own functions (`clone`, `check_is_fitted`, scorers, which ask for its
tags) take it as the object it stands for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_OWN_NAMES = ("state", "type_name", "_build", "_built", "_lock")


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
        object.__setattr__(self, "_lock", threading.Lock())

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not the wrapper's own.
        if name.startswith("__") or name in _OWN_NAMES:
            raise AttributeError(name)  # copy, pickle and half-built objects probe these
        if self._built is None and name in self.state:
            return self.state[name]
        return getattr(self.built(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"a stored {self.type_name} is read-only; change the object `built()` returns"
        )

    def built(self) -> Any:
        """The scikit-learn object itself (imports scikit-learn; built once)."""
        if self._built is None:
            with self._lock:  # a second thread waits for the first one's object
                if self._built is None:
                    object.__setattr__(self, "_built", self._build(self.type_name, self.state))
        return self._built

    def built_object(self) -> Any | None:
        """The scikit-learn object if it was built (it then holds any change), else None."""
        return self._built

    # scikit-learn's protocol, asked for by its functions (dunder names are not delegated).
    def __sklearn_tags__(self) -> Any:
        """The object's tags (`is_classifier`, `check_is_fitted` and scorers read them)."""
        return self.built().__sklearn_tags__()

    def __sklearn_clone__(self) -> Any:
        """`clone`: an unfitted scikit-learn object of the same parameters."""
        return self.built().__sklearn_clone__()

    def __sklearn_is_fitted__(self) -> bool:
        """Fitted, as scikit-learn decides: it has an attribute ending in `_`."""
        names = vars(self._built) if self._built is not None else self.state
        return any(name.endswith("_") and not name.startswith("__") for name in names)

    def __reduce__(self) -> tuple:
        return (_restored, (self.type_name, self.state, self._build, self._built))

    def __repr__(self) -> str:
        return f"<stored {self.type_name}>"


def _restored(
    type_name: str, state: dict[str, Any], build: Callable[[str, dict], Any], built: Any
) -> StoredEstimator:
    """A pickled `StoredEstimator` (its built object too, with the changes it holds)."""
    stored = StoredEstimator(type_name, state, build)
    if built is not None:
        object.__setattr__(stored, "_built", built)
    return stored
