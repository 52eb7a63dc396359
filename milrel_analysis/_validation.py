"""Argument checks with one wording for every bad argument.

Every public function validates at its boundary with these helpers, so an analyst always
reads the same kind of message: the argument, the bad value, and what is allowed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import ArgumentTypeError, ArgumentValueError, ColumnError

__all__ = ["as_list", "as_strings", "check_count", "check_option", "require_columns"]


def check_option(name: str, value: object, allowed: Collection[object]) -> None:
    """Raise ValueError unless `value` is one of `allowed`.

    Examples
    --------
    >>> check_option("measure", "g2", ("g2", "chi2"))
    >>> check_option("measure", "dice", ("g2", "chi2"))
    Traceback (most recent call last):
    ...
    milrel_analysis.errors.ArgumentValueError: measure='dice' is not allowed; choose one of ['g2', 'chi2']
    """
    if value not in allowed:
        raise ArgumentValueError(f"{name}={value!r} is not allowed; choose one of {list(allowed)}")


def require_columns(frame: Any, columns: Sequence[str], *, name: str) -> None:
    """Raise TypeError for a non-DataFrame, KeyError naming the missing columns.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"term": []}), ["term", "count"], name="table")
    Traceback (most recent call last):
    ...
    milrel_analysis.errors.ColumnError: table is missing columns ['count']; have ['term']
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentTypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        raise ColumnError(f"{name} is missing columns {missing}; have {list(frame.columns)}")


def check_count(name: str, value: object, *, minimum: int) -> None:
    """Raise ValueError unless `value` is an integer (not a bool) of at least `minimum`.

    Examples
    --------
    >>> check_count("top", 0, minimum=1)
    Traceback (most recent call last):
    ...
    milrel_analysis.errors.ArgumentValueError: top=0: give an integer >= 1
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ArgumentValueError(f"{name}={value!r}: give an integer >= {minimum}")


def as_list(value: str | Sequence[str]) -> list[str]:
    """One name or a sequence of names, as a list.

    Examples
    --------
    >>> as_list("year"), as_list(("year", "counterpart"))
    (['year'], ['year', 'counterpart'])
    """
    return [value] if isinstance(value, str) else list(value)


def as_strings(value: Any) -> tuple[str, ...]:
    """A data-file value that may be one string, a list or missing, as a tuple of strings.

    Examples
    --------
    >>> as_strings("USA"), as_strings(["USA", 3]), as_strings(None)
    (('USA',), ('USA', '3'), ())
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)
