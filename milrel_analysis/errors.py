"""The errors this package raises on purpose, each also a built-in exception.

Every deliberate error derives from :class:`MilrelError` and from the built-in a caller
would expect (``ValueError`` for a bad value, ``KeyError`` for a missing column, ...), so
``except ValueError`` keeps working while the command line can tell a bad argument (exit 2)
from a bug in the library (exit 4).
"""

from __future__ import annotations

__all__ = [
    "ArgumentTypeError",
    "ArgumentValueError",
    "ColumnError",
    "InputError",
    "MilrelError",
    "MissingDependencyError",
    "MissingFileError",
    "ReportError",
]


class MilrelError(Exception):
    """Base of every error milrel_analysis raises on purpose; the message says what to do."""

    def __str__(self) -> str:
        # KeyError quotes its message; the message is meant to be read as it is.
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class ArgumentValueError(MilrelError, ValueError):
    """An argument has a value that is not allowed."""


class ArgumentTypeError(MilrelError, TypeError):
    """An argument has the wrong type."""


class ColumnError(MilrelError, KeyError):
    """A table lacks a column, or a grouping names a column that does not exist."""


class MissingFileError(MilrelError, FileNotFoundError):
    """A file named by an argument (a sidecar, a lexicon, a notebook) does not exist."""


class MissingDependencyError(MilrelError, ImportError):
    """An optional dependency a feature needs is not installed; the message says how to add it."""


class InputError(MilrelError, ValueError):
    """An input that cannot become a document; the message is the reason shown to users."""


class ReportError(MilrelError, RuntimeError):
    """A report notebook failed; the message names the notebook and the failing cell."""
