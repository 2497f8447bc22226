"""Lazy exports for package `__init__` files (PEP 562).

A package lists the names it offers and the module that defines each; the
module is imported on first use of the name. Importing `classifier` or one of
its stages therefore costs nothing until something is used, and a light
module (thresholds, vocab) can be imported without loading scikit-learn.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` that imports `exports[name]` (a module path) on first use."""

    def __getattr__(name: str) -> object:
        if name in exports:
            return getattr(import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
