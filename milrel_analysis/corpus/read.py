"""Input files to records: find the files, read and decode them, split tables into rows.

Every input ends up as a :class:`Record` or as a rejection ``{"source", "reason"}``; files of
other types found in a folder are listed as skipped. Inputs are only ever read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..text.encoding import decode_bytes, normalize_text

__all__ = [
    "Record",
    "SUPPORTED_EXTENSIONS",
    "collect_files",
    "read_file",
    "read_safely",
]

SUPPORTED_EXTENSIONS = {".txt", ".md", ".html", ".htm", ".jsonl", ".csv", ".xlsx"}
TEXT_COLUMNS = ("text", "content")
DATE_COLUMNS = ("date", "publish_time", "published", "pub_date")

Rejection = dict[str, str]


@dataclass
class Record:
    """One document's raw text and what its container already says about it."""

    doc_id: str
    source: str
    sha256: str
    text: str
    is_html: bool = False
    title: str | None = None
    date: str | None = None
    url: str | None = None


def collect_files(source: str | os.PathLike | Iterable[str | os.PathLike]) -> tuple[
    list[Path], list[Rejection], list[Rejection]
]:
    """The files to read, the inputs rejected outright, and the files skipped in folders.

    A folder is read recursively; hidden files and unsupported extensions inside it are
    skipped (with their reason), while a named file of an unsupported type is rejected.
    """
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    files: list[Path] = []
    rejected: list[Rejection] = []
    skipped: list[Rejection] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    skipped.append({"source": str(child), "reason": "hidden file"})
                elif child.suffix.lower() in SUPPORTED_EXTENSIONS:
                    files.append(child)
                else:
                    skipped.append(
                        {"source": str(child), "reason": f"unsupported extension {child.suffix!r}"}
                    )
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_EXTENSIONS:
                files.append(path)
            else:
                rejected.append({
                    "source": str(path),
                    "reason": f"unsupported extension {path.suffix!r}; expected one of "
                    f"{sorted(SUPPORTED_EXTENSIONS)}",
                })
        else:
            rejected.append({"source": str(path), "reason": "no such file or directory"})
    return files, rejected, skipped


def read_file(path: Path) -> list[Record | Rejection]:
    """Read one file: a record for a text or HTML file, one per row for a table.

    Raises
    ------
    InputError
        When the file cannot become any document (empty, binary, a table with no text
        column, invalid JSON).
    """
    from .dyads import dyad_columns, dyad_records, read_dyad_file  # here: dyads builds on Record

    if path.suffix.lower() == ".xlsx":  # a spreadsheet of question/answer rows (corpus/dyads.py)
        return read_dyad_file(path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    text = normalize_text(decode_bytes(data))
    suffix = path.suffix.lower()
    if suffix in {".txt", ".md"}:
        return [Record(path.stem, str(path), digest, text)]
    if suffix in {".html", ".htm"}:
        return [Record(path.stem, str(path), digest, text, is_html=True)]
    rows = _table_rows(text, suffix)
    columns = sorted({str(k) for row in rows for k in row if k is not None})
    if dyad_columns(columns) is not None:  # question and answer columns: one row per exchange
        return dyad_records(rows, path)
    if not any(c in columns for c in TEXT_COLUMNS):
        raise InputError(
            f"no text column: expected 'text' or 'content', found {columns or 'no rows'}")
    records: list[Record | Rejection] = []
    for i, row in enumerate(rows, start=1):
        body = next((row[c] for c in TEXT_COLUMNS if _present(row.get(c))), None)
        if body is None or not str(body).strip():
            records.append({"source": f"{path}#{i}", "reason": "row has an empty text"})
            continue
        rid = next((str(row[c]) for c in ("id", "doc_id") if _present(row.get(c))),
                   f"{path.stem}-{i}")
        date = next((str(row[c]) for c in DATE_COLUMNS if _present(row.get(c))), None)
        title, url = row.get("title"), row.get("url")
        records.append(
            Record(rid, f"{path}#{i}", hashlib.sha256(str(body).encode()).hexdigest(),
                   normalize_text(str(body)),
                   title=str(title) if _present(title) else None, date=date,
                   url=str(url) if _present(url) else None)
        )
    return records


def read_safely(path: Path) -> list[Record | Rejection]:
    """:func:`read_file`, with an unreadable or invalid file as one rejection."""
    try:
        return read_file(path)
    except InputError as err:
        return [{"source": str(path), "reason": str(err)}]
    except OSError as err:
        return [{"source": str(path), "reason": f"cannot read: {err.strerror}"}]


def _present(value: Any) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and value != value)


def _table_rows(text: str, suffix: str) -> list[dict[str, Any]]:
    if suffix == ".csv":
        try:
            return list(csv.DictReader(io.StringIO(text)))
        except csv.Error as err:
            raise InputError(f"not a valid CSV file: {err}") from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"line {n} is not valid JSON: {err.msg}") from None
        if not isinstance(row, dict):
            raise InputError(f"line {n} is not a JSON object")
        rows.append(row)
    return rows
