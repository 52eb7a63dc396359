"""Metadata an analyst already has: a sidecar table, or named groups of file names."""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..errors import ArgumentValueError, ColumnError, MissingFileError
from .model import DOCUMENT_COLUMNS, Corpus

__all__ = ["apply_filename_pattern", "apply_metadata", "read_metadata"]


def apply_filename_pattern(corpus: Corpus, pattern: str) -> Corpus:
    """Add the named groups of `pattern`, searched in each file name, as document columns.

    ``year`` sets the year (a parsed date of another year is dropped), ``date`` the date
    (``date_source="metadata"``); other groups become columns of their own.

    Raises
    ------
    ValueError
        For an invalid pattern or one without named groups.
    """
    try:
        rx = re.compile(pattern)
    except re.error as err:
        raise ArgumentValueError(
            f"filename_pattern {pattern!r} is not a valid regular expression: {err}") from None
    if not rx.groupindex:
        raise ArgumentValueError(
            f"filename_pattern {pattern!r} has no named groups such as (?P<year>\\d{{4}})")
    docs = corpus.documents.copy()
    stems = docs["source"].map(lambda s: Path(s.split("#")[0]).stem)
    found = stems.str.extract(rx)
    for col in found.columns:
        if col == "year":
            year = pd.to_numeric(found[col], errors="coerce").astype("Int64")
            clash = docs["date"].notna() & year.notna() & (docs["date"].dt.year != year)
            docs.loc[clash, "date"] = pd.NaT
            docs.loc[clash, "date_source"] = "none"
            docs["year"] = year.where(year.notna(), docs["year"])
        elif col == "date":
            date = pd.to_datetime(found[col], errors="coerce")
            docs.loc[date.notna(), "date"] = date[date.notna()]
            docs.loc[date.notna(), "date_source"] = "metadata"
            docs["year"] = docs["date"].dt.year.astype("Int64")
        else:
            docs[col] = found[col]
    return replace(corpus, documents=docs)


def apply_metadata(corpus: Corpus, metadata: str | os.PathLike | pd.DataFrame) -> Corpus:
    """Override parsed values with those of a sidecar table, matched by ``doc_id``.

    The sidecar may give ``date``, ``title``, ``spokesperson``, ``counterparts`` (ids
    separated by ``;``) and any other column.

    Raises
    ------
    FileNotFoundError
        For a sidecar path that does not exist.
    KeyError
        When the sidecar has no ``doc_id`` column.
    ValueError
        For a date that cannot be read.
    """
    meta = read_metadata(metadata)
    if "doc_id" not in meta.columns:
        raise ColumnError(f"metadata needs a 'doc_id' column; it has {list(meta.columns)}")
    docs = corpus.documents.copy()
    counterparts = corpus.counterparts
    index = {d: i for i, d in enumerate(docs["doc_id"])}
    meta["doc_id"] = meta["doc_id"].astype(str)
    unknown = [d for d in meta["doc_id"] if d not in index]
    for row in meta.to_dict("records"):
        i = index.get(row["doc_id"])
        if i is None:
            continue
        if str(row.get("date") or "").strip():
            date = pd.to_datetime(row["date"], errors="coerce")
            if pd.isna(date):
                raise ArgumentValueError(f"metadata: doc_id {row['doc_id']!r} has an unreadable date "
                                 f"{row['date']!r}; use YYYY-MM-DD")
            docs.loc[i, ["date", "date_source"]] = [date, "metadata"]
            docs.loc[i, "year"] = date.year
        for col in ("title", "spokesperson"):
            if str(row.get(col) or "").strip():
                docs.loc[i, col] = str(row[col]).strip()
        for col in sorted(set(map(str, row)) - {"doc_id", "date", "title", "spokesperson",
                                                "counterparts", *DOCUMENT_COLUMNS, "year"}):
            if col not in docs.columns:
                docs[col] = None
            docs.loc[i, col] = row[col]
        ids = [c.strip() for c in str(row.get("counterparts") or "").split(";") if c.strip()]
        if ids:
            docs.loc[i, "primary_counterpart"] = ids[0] if len(ids) == 1 else None
            counterparts = pd.concat([
                counterparts[counterparts["doc_id"] != row["doc_id"]],
                pd.DataFrame({"doc_id": row["doc_id"], "seg_id": pd.NA, "counterpart": ids,
                              "mentions": pd.NA}),
            ], ignore_index=True)
    if unknown:
        warnings.warn(f"metadata rows for unknown doc_id(s) ignored: {unknown[:10]}",
                      stacklevel=3)
    counterparts[["seg_id", "mentions"]] = counterparts[["seg_id", "mentions"]].astype("Int64")
    return replace(corpus, documents=docs, counterparts=counterparts.reset_index(drop=True))


def read_metadata(metadata: str | os.PathLike | pd.DataFrame) -> pd.DataFrame:
    """A sidecar as text: a CSV file read with every cell a string, or a frame's cells as strings.

    Missing values become empty strings, as an empty CSV cell reads.

    Raises
    ------
    FileNotFoundError
        When the file does not exist.

    Examples
    --------
    >>> read_metadata(pd.DataFrame({"doc_id": ["a"], "year": [None]})).to_dict("records")
    [{'doc_id': 'a', 'year': ''}]
    """
    if isinstance(metadata, pd.DataFrame):
        return metadata.astype(object).where(metadata.notna(), "").astype(str)
    path = Path(metadata)
    if not path.is_file():
        raise MissingFileError(f"metadata file {str(path)!r} does not exist")
    return pd.read_csv(path, dtype=str, keep_default_na=False)
