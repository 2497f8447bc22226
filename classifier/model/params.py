"""scikit-learn's estimator protocol for parameters, without importing scikit-learn.

`ThemeClassifier` follows scikit-learn's contract (parameters stored untouched by
`__init__`, `get_params` / `set_params`, learned state ending in `_`), so `clone`,
`Pipeline` and cross-validation take it. Inheriting `sklearn.base.BaseEstimator` for
that imports scikit-learn and, through it, `scipy.stats`: 0.7-1 s of every
`classifier tag` start, which needs none of it. `EstimatorParams` is the part of
`BaseEstimator` those tools call: `get_params` and `set_params` as scikit-learn
writes them (nested `name__param` keys included), its tags (asked for only by
scikit-learn, which is then loaded), and a repr naming the parameters that differ
from their defaults (each cut to REPR_CHARS characters).
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from ..errors import ParameterError


class EstimatorParams:
    """`get_params`, `set_params`, `__sklearn_tags__` and `__repr__` of scikit-learn's
    `BaseEstimator`, for a class whose `__init__` names every parameter."""

    @classmethod
    def _get_param_names(cls) -> list[str]:
        """The parameters of `__init__`, sorted (no `*args`: scikit-learn forbids them)."""
        parameters = [
            p
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.name != "self" and p.kind != p.VAR_KEYWORD
        ]
        if any(p.kind == p.VAR_POSITIONAL for p in parameters):
            raise RuntimeError(f"{cls.__name__}.__init__ must name its parameters (no *args)")
        return sorted(p.name for p in parameters)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Each parameter's value; with `deep`, those of parameters that are estimators
        too, as `name__param`."""
        out: dict[str, Any] = {}
        for key in self._get_param_names():
            value = getattr(self, key)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{key}__{k}", v) for k, v in value.get_params().items())
            out[key] = value
        return out

    def set_params(self, **params: Any) -> EstimatorParams:
        """Set parameters (`name__param` sets a parameter of an estimator parameter), as
        scikit-learn does. A name that is not a parameter, or `name__param` where `name`
        holds no object with parameters (None, a codebook), is a ParameterError (a
        ValueError, as scikit-learn raises), and nothing is set."""
        valid = self.get_params(deep=True)
        plain: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, nests, sub_key = key.partition("__")
            if name not in valid:
                raise ParameterError(
                    f"Invalid parameter {name!r} for estimator {self}. Valid parameters are: "
                    f"{self._get_param_names()!r}."
                )
            if nests:
                nested.setdefault(name, {})[sub_key] = value
            else:
                plain[name] = value
        targets = {name: plain.get(name, valid[name]) for name in nested}
        for name, target in targets.items():
            if not hasattr(target, "set_params"):
                raise ParameterError(self._not_nested(name, target, nested[name]))
        for name, value in plain.items():
            setattr(self, name, value)
        for name, sub_params in nested.items():
            targets[name].set_params(**sub_params)
        return self

    def _not_nested(self, name: str, target: object, sub_params: dict[str, Any]) -> str:
        """The message for `name__param` keys where `name` holds no object with parameters
        of its own: what it holds, and that the parameter is given whole (its type as
        `__init__` annotates it)."""
        keys = ", ".join(f"{name}__{key}" for key in sub_params)
        kind = type(self).__name__
        held = "None (its default)" if target is None else f"a {type(target).__name__}"
        annotation = inspect.signature(type(self).__init__).parameters[name].annotation
        return (
            f"{kind}.set_params({keys}): {name!r} is {held}, which has no parameters of its "
            f"own to set; give a whole new {name} ({annotation}) instead: "
            f"set_params({name}=...)"
        )

    def __sklearn_tags__(self) -> Any:
        """`BaseEstimator`'s tags (only scikit-learn asks for them, so it is loaded)."""
        from sklearn.base import BaseEstimator

        return BaseEstimator.__sklearn_tags__(self)

    def __repr__(self) -> str:
        defaults = {
            p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()
        }
        changed = [
            f"{key}={_short_repr(value)}"
            for key, value in self.get_params(deep=False).items()
            if not _same(value, defaults.get(key, inspect.Parameter.empty))
        ]
        return f"{type(self).__name__}({', '.join(changed)})"


# A parameter's repr is cut past this many characters (a codebook's runs to 200,000),
# as scikit-learn cuts an estimator's.
REPR_CHARS = 60


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= REPR_CHARS else text[: REPR_CHARS - 3] + "..."


def _same(value: Any, default: Any) -> bool:
    """Whether a parameter holds its default (arrays compared by value)."""
    if value is default:
        return True
    try:
        return bool(np.array_equal(value, default))
    except Exception:  # values that cannot be compared differ
        return False
