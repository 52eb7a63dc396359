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
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..text.encoding import decode_text, normalize_text

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
    warnings: list[str] = field(default_factory=list)  # about the file (e.g. its decoding)


def collect_files(source: str | os.PathLike | Iterable[str | os.PathLike]) -> tuple[
    list[Path], list[Rejection], list[Rejection]
]:
    """The files to read, the inputs rejected outright, and what was skipped in folders.

    A folder is read recursively, following symbolic links to folders once (a link back to
    a folder already read is skipped, so loops end). Skipped, with their reason: hidden files
    and folders, unsupported extensions, dangling links and special files (FIFOs, sockets,
    devices: opening one could block). A named input of an unsupported type is rejected.
    """
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    files: list[Path] = []
    rejected: list[Rejection] = []
    skipped: list[Rejection] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found: list[Path] = []
            _walk(path, found, skipped, set())
            for child in sorted(found):
                if child.suffix.lower() in SUPPORTED_EXTENSIONS:
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
            reason = _not_regular(path)
            rejected.append({"source": str(path), "reason": reason or "no such file or directory"})
    skipped.sort(key=lambda r: Path(r["source"]))
    return files, rejected, skipped


def _walk(folder: Path, files: list[Path], skipped: list[Rejection], seen: set[tuple[int, int]]
          ) -> None:
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        skipped.append({"source": str(folder), "reason": f"cannot read folder: {err.strerror}"})
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        skipped.append({"source": str(folder),
                        "reason": "symbolic link to a folder already read (a loop or a duplicate)"})
        return
    seen.add(key)
    linked = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir() else "file"
            skipped.append({"source": str(path), "reason": f"hidden {kind}"})
        elif entry.is_dir():
            if entry.is_symlink():
                linked.append(path)
            else:
                _walk(path, files, skipped, seen)
        elif entry.is_file():
            files.append(path)
        else:
            skipped.append({"source": str(path), "reason": _not_regular(path) or "not a file"})
    for path in linked:  # after the real folders, so that those are read under their own name
        _walk(path, files, skipped, seen)


def _not_regular(path: Path) -> str | None:
    """Why `path` is neither a file nor a folder (None when it does not exist at all)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        try:
            path.stat()
        except OSError:
            return f"dangling symbolic link to {os.readlink(path)!r}"
        mode = path.stat().st_mode
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file: {name}"
    return "not a regular file"


def read_file(path: Path) -> list[Record | Rejection]:
    """Read one file: a record for a text or HTML file, one per row for a table.

    A table's bad rows (invalid JSON, malformed CSV quoting, an empty text) are rejected
    one by one as ``path#line N``; its good rows are kept.

    Raises
    ------
    InputError
        When the file cannot become any document (empty, binary, a table with no text
        column).
    """
    from .dyads import dyad_columns, dyad_records, read_dyad_file  # here: dyads builds on Record

    if path.suffix.lower() == ".xlsx":  # a spreadsheet of question/answer rows (corpus/dyads.py)
        return read_dyad_file(path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    decoded, warnings = decode_text(data)
    text = normalize_text(decoded)
    suffix = path.suffix.lower()
    if suffix in {".txt", ".md"}:
        return [Record(path.stem, str(path), digest, text, warnings=warnings)]
    if suffix in {".html", ".htm"}:
        return [Record(path.stem, str(path), digest, text, is_html=True, warnings=warnings)]
    rows, bad = _table_rows(text, suffix)
    columns = sorted({str(k) for _, row in rows for k in row if k is not None})
    if dyad_columns(columns) is not None:  # question and answer columns: one row per exchange
        return [*({"source": f"{path}#line {line}", "reason": reason} for line, reason in bad),
                *dyad_records([row for _, row in rows], path)]
    if not any(c in columns for c in TEXT_COLUMNS):
        found = columns or "no rows"
        raise InputError(f"no text column: expected 'text' or 'content', found {found}"
                         + (f"; {len(bad)} bad line(s), the first: {bad[0][1]}" if bad else ""))
    records: list[Record | Rejection] = [
        {"source": f"{path}#line {line}", "reason": reason} for line, reason in bad]
    for i, (line, row) in enumerate(rows, start=1):
        body = next((row[c] for c in TEXT_COLUMNS if _present(row.get(c))), None)
        if body is None or not str(body).strip():
            records.append({"source": f"{path}#line {line}", "reason": "row has an empty text"})
            continue
        rid = next((str(row[c]) for c in ("id", "doc_id") if _present(row.get(c))),
                   f"{path.stem}-{i}")
        date = next((str(row[c]) for c in DATE_COLUMNS if _present(row.get(c))), None)
        title, url = row.get("title"), row.get("url")
        records.append(
            Record(rid, f"{path}#{i}", hashlib.sha256(str(body).encode()).hexdigest(),
                   normalize_text(str(body)),
                   title=str(title) if _present(title) else None, date=date,
                   url=str(url) if _present(url) else None, warnings=list(warnings))
        )
    return records


def read_safely(path: Path) -> list[Record | Rejection]:
    """:func:`read_file`, with an unreadable or invalid file as one rejection."""
    try:
        return read_file(path)
    except InputError as err:
        return [{"source": str(path), "reason": str(err)}]
    except OSError as err:
        return [{"source": str(path), "reason": f"cannot read: {err.strerror or err}"}]


def _present(value: Any) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and value != value)


Row = tuple[int, dict[str, Any]]  # (line number, fields)


def _table_rows(text: str, suffix: str) -> tuple[list[Row], list[tuple[int, str]]]:
    """The rows of a table with their line numbers, and ``(line, reason)`` for bad ones."""
    lines = io.StringIO(text).readlines()  # "\n" only: U+2028 may sit inside a field
    return _csv_rows(lines) if suffix == ".csv" else _jsonl_rows(lines)


def _jsonl_rows(lines: list[str]) -> tuple[list[Row], list[tuple[int, str]]]:
    rows: list[Row] = []
    bad: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            bad.append((n, f"not valid JSON: {err.msg} (column {err.colno})"))
            continue
        if isinstance(row, dict):
            rows.append((n, row))
        else:
            bad.append((n, f"not a JSON object but {type(row).__name__}"))
    return rows, bad


def _csv_rows(lines: list[str]) -> tuple[list[Row], list[tuple[int, str]]]:
    """Rows of a CSV file; a row with malformed quoting is rejected and reading goes on after it.

    ``strict`` quoting finds an unterminated quote (which would otherwise swallow every
    later row into one field) and a stray character after a closing quote.
    """
    rows: list[Row] = []
    bad: list[tuple[int, str]] = []
    header: list[str] | None = None
    start = 0  # index of the line where the next reader starts
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # fields of any size (a whole speech)
    try:
        while start < len(lines):
            reader = csv.reader(lines[start:], strict=True)
            done = 0  # lines consumed by complete rows
            try:
                for fields in reader:
                    line = start + done + 1
                    done = reader.line_num
                    if header is None:
                        header = fields
                        continue
                    if not any(f.strip() for f in fields):
                        continue
                    extra = fields[len(header):]
                    if any(f.strip() for f in extra):
                        bad.append((line, f"malformed CSV: {len(fields)} fields, the header has "
                                          f"{len(header)} (a stray quote or comma?)"))
                        continue
                    rows.append((line, dict(zip(header, fields, strict=False))))
                break
            except csv.Error as err:
                line = start + done + 1
                what = ("malformed CSV quoting: a quoted field is never closed"
                        if "end of data" in str(err) else
                        f"malformed CSV quoting: a quote opened in this row does not close "
                        f"properly ({err})")
                bad.append((line, what))
                start += done + 1  # skip the row's first line; read on from the next
    finally:
        csv.field_size_limit(limit)
    return rows, bad
