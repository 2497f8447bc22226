"""One family of errors (and of warnings) for everything a user can cause.

Every error a user can fix (a missing column, an unreadable file, labels
outside the codebook, a refused promotion, ...) is a `ClassifierError`, which
is a `ValueError`. The command line catches this one class and prints its
message as one sentence; a Python caller can catch it the same way. Anything
else that escapes is a bug.
"""

from __future__ import annotations

import functools


class ClassifierError(ValueError):
    """A problem with the user's input or request, explained in one sentence."""


class TableError(ClassifierError):
    """A table file cannot be read or written (format, encoding, structure)."""


class ColumnError(ClassifierError):
    """A column the caller named, or the tagged columns a command needs, are missing."""


class TrainingDataError(ClassifierError):
    """Labeled training data that does not follow the schema."""


class LabelError(ClassifierError):
    """Theme, stance or need ids that are not in the codebook or the needs catalogue."""


class CodebookError(ClassifierError):
    """A codebook or needs catalogue file is missing, unreadable or malformed."""


class UnknownIdError(ClassifierError):
    """A lookup by id (theme, need) for an id that does not exist."""


def not_fitted_error(message: str) -> ClassifierError:
    """The error for a model used before `fit` or `load`: a ClassifierError, as every error
    a user can fix, that is also scikit-learn's NotFittedError, which scikit-learn's tools
    and callers following its contract catch. scikit-learn is imported here, when the
    error is raised: a cold start never pays for it."""
    return _not_fitted_class()(message)


@functools.cache
def _not_fitted_class() -> type[ClassifierError]:
    from sklearn.exceptions import NotFittedError

    class ModelNotFittedError(ClassifierError, NotFittedError):
        """A model used before it was fitted or loaded."""

    return ModelNotFittedError


class ModelFileError(ClassifierError):
    """A model file is missing, cannot be loaded, or may not be loaded safely."""


class RegistryError(ClassifierError):
    """A registry operation that cannot be done (unknown version, refused promotion)."""


class ReportError(ClassifierError):
    """The report cannot be built from the given table (e.g. it has no rows)."""


class ParameterError(ClassifierError):
    """An estimator parameter that does not exist, or cannot be set as given."""


class CommandError(ClassifierError):
    """A command-line request that cannot be carried out as given."""


class OutputLockedError(ClassifierError):
    """Another run is writing the same output file."""


class ClassifierWarning(UserWarning):
    """Something the user should know about their data or model, though the work goes on.

    The command line prints each one as `classifier: warning: <message>`; a
    Python caller sees an ordinary warning it may filter or turn into an error.
    """


class DataWarning(ClassifierWarning):
    """Input data was repaired or may give poor results (bad characters, thin training data)."""


class UnsafeModelWarning(ClassifierWarning):
    """A model file in a format that can run code was loaded because the caller trusted it."""
