"""Dyad tables: one question and its answer per row, as the CMFA PressCon corpus gives them.

A dyad table is a CSV, JSONL or Excel (``.xlsx``, read with openpyxl) file with a question
and an answer column (:data:`DYAD_COLUMNS` lists the names recognised; :func:`load_dyads`
takes a map for others). ``date``, ``spokesperson``, ``who_asked``, ``link`` and ``id`` are
read when present.

The rows of one briefing become one document, so that statistics can treat the briefing
as the cluster it is: rows with the same ``link``, or (without a link) the same ``date`` and
``spokesperson``, in the order of the file. A row with neither link nor date is a document
of its own. Each document is written as the transcript it stands for, one paragraph per
turn: ``<who_asked or Q>: <question>`` and ``<spokesperson or A>: <answer>``, and parsed like
any transcript, so its segments are the turns and its exchanges the rows, and a dyad table
gives the same exchanges, askers and counterparts as the equivalent transcript text. A
paragraph break inside a cell becomes a space (a turn is one segment). A row without a
question is an announcement, put before the questions as body text; a row without an
answer is rejected. The ``doc_id`` is the link's last path part without extension
(``.../t1617471.shtml`` gives ``t1617471``, the id of the MFA page), else
``<file stem>-<date>[-<spokesperson>]``.

An asker label that a transcript could not carry is simplified: characters other than
letters, spaces and ``.&'()-`` are dropped (``CCTV4`` is written ``CCTV``, still the same
outlet) and a label that would still not read as an asker (too long, or like a Chinese
official's name) is written ``Q`` (:func:`read_dyads` keeps the original `who_asked`).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from .._resources import load_wordlist
from ..errors import ArgumentValueError, InputError, MissingFileError
from ..text.encoding import normalize_text
from ..text.speakers import parse_turn_label
from .read import Record
from .structure import speaker_label

__all__ = ["DYAD_COLUMNS", "DYAD_FIELDS", "dyad_columns", "dyad_records", "dyad_sources", "load_dyads",
           "read_dyad_file", "read_dyads"]

DYAD_FIELDS = ("question", "answer", "who_asked", "spokesperson", "date", "link", "id")
# Column names recognised for each field (case-insensitive), CMFA PressCon's first.
DYAD_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "question": ("question", "question_text"),
    "answer": ("answer", "response", "answer_text"),
    "who_asked": ("who_asked", "asker", "outlet", "media"),
    "spokesperson": ("spokesperson", "answerer", "speaker"),
    "date": ("date", "publish_time"),
    "link": ("link", "url"),
    "id": ("id", "dyad_id"),
}
# Placeholders that mean "no value" in published tables.
_MISSING = {"", "-", "--", "missing", "nan", "none", "null", "n/a", "na", "nat"}
_LABEL_CHARS = re.compile(r"[^\w\s.&'()-]|[\d_]")

Rejection = dict[str, str]


def _value(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat") and not isinstance(value, str):
        return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return None if text.lower() in _MISSING else text


def dyad_columns(columns: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """Field -> column of a table, or None when the table has no question and answer columns.

    `mapping` names the columns of fields in a table of another layout
    (``{"question": "Frage", "answer": "Antwort"}``); the other fields are looked up in
    :data:`DYAD_COLUMNS`.

    Raises
    ------
    ValueError
        When `mapping` names an unknown field or a column the table lacks.

    Examples
    --------
    >>> dyad_columns(["date", "Question", "answer", "who_asked"])
    {'question': 'Question', 'answer': 'answer', 'who_asked': 'who_asked', 'date': 'date'}
    >>> dyad_columns(["text", "title"]) is None
    True
    """
    present = {str(c).strip().lower(): str(c) for c in columns if c is not None}
    found: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        if field not in DYAD_FIELDS:
            raise ArgumentValueError(f"columns: unknown field {field!r}; fields are {list(DYAD_FIELDS)}")
        if column.strip().lower() not in present:
            raise ArgumentValueError(f"columns: {field}={column!r} is not a column of the table; "
                                     f"have {sorted(present.values())}")
        found[field] = present[column.strip().lower()]
    for field in DYAD_FIELDS:
        if field not in found:
            name = next((n for n in DYAD_COLUMNS[field] if n in present), None)
            if name is not None and present[name] not in found.values():
                found[field] = present[name]
    return found if "question" in found and "answer" in found else None


def _row_date(row: Mapping[Any, Any], columns: Mapping[str, str]) -> str | None:
    raw = _value(row.get(columns["date"])) if "date" in columns else None
    if raw is None and all(_value(row.get(k)) for k in ("year", "month", "day")):
        raw = f"{_value(row['year'])}-{_value(row['month'])}-{_value(row['day'])}"
    if raw is None:
        return None
    date = pd.to_datetime(raw, errors="coerce")
    return raw if pd.isna(date) else date.strftime("%Y-%m-%d")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _asker_label(who: object, spokesperson: str | None) -> str:
    """The label a transcript would carry for this asker, or "Q" when it cannot carry one."""
    if not isinstance(who, str) or not who:
        return "Q"
    label = " ".join(_LABEL_CHARS.sub(" ", who).split()).strip(" .-")
    if not label:
        return "Q"
    label = label[0].upper() + label[1:]
    parsed = parse_turn_label(f"{label}: x")
    if parsed is None or parsed[0] == "answer":
        return "Q"
    if parsed[0] == "speaker":
        role = speaker_label(parsed[1], spokesperson, load_wordlist("chinese_surnames"), in_qa=True)
        if role is None or role[0] != "question":
            return "Q"
    return parsed[1]


def _answer_label(spokesperson: str | None) -> str:
    if spokesperson:
        parsed = parse_turn_label(f"{spokesperson}: x")
        surnames = load_wordlist("chinese_surnames")
        if parsed and parsed[0] == "speaker" and speaker_label(
                parsed[1], spokesperson, surnames, in_qa=True) == ("answer", spokesperson):
            return spokesperson
    return "A"


def _rows(rows: Sequence[Mapping[Any, Any]], columns: Mapping[str, str], stem: str,
          source: str) -> pd.DataFrame:
    """The rows as fields, each with its document key and position."""
    out = []
    for i, row in enumerate(rows, start=1):
        get = {f: _value(row.get(c)) for f, c in columns.items() if f != "date"}
        question = " ".join(str(row.get(columns["question"]) or "").split()) if get.get("question") else ""
        answer = " ".join(str(row.get(columns["answer"]) or "").split()) if get.get("answer") else ""
        date, link, sp = _row_date(row, columns), get.get("link"), get.get("spokesperson")
        key: tuple[str, ...]
        if link:
            key = ("link", link)
            doc_id = Path(urlparse(link).path).stem or _slug(link)
        elif date:
            key = ("date", date, sp or "")
            doc_id = f"{stem}-{date}" + (f"-{_slug(sp)}" if sp else "")
        else:
            key, doc_id = ("row", str(i)), f"{stem}-{i}"
        out.append({"row": i, "source": f"{source}#{i}", "key": key, "doc_id": doc_id,
                    "id": get.get("id"), "date": date, "spokesperson": sp, "who_asked": get.get("who_asked"),
                    "question": question, "answer": answer, "link": link})
    frame = pd.DataFrame(out, columns=["row", "source", "key", "doc_id", "id", "date", "spokesperson",
                                       "who_asked", "question", "answer", "link"])
    # Two briefings whose keys give one doc_id (two links ending alike) stay two documents.
    ids = frame.drop_duplicates("key")[["key", "doc_id"]]
    ids["n"] = ids.groupby("doc_id").cumcount()
    renamed = {k: d if n == 0 else f"{d}-{n + 1}" for k, d, n in ids.itertuples(index=False)}
    frame["doc_id"] = frame["key"].map(renamed)
    return frame


def _transcript(group: pd.DataFrame) -> tuple[str, str | None, str | None]:
    """The text of one briefing, its title and its date."""
    sp = group["spokesperson"].dropna().mode()
    spokesperson = str(sp.iloc[0]) if len(sp) else None
    answer_label = _answer_label(spokesperson)
    opening = [str(a) for q, a in zip(group["question"], group["answer"], strict=True) if not q]
    turns = [f"{_asker_label(w, spokesperson)}: {q}\n\n{answer_label}: {a}"
             for w, q, a in zip(group["who_asked"], group["question"], group["answer"], strict=True) if q]
    dates = group["date"].dropna()
    date = str(dates.iloc[0]) if len(dates) else None
    title = None
    if spokesperson or date:
        who = f"Spokesperson {spokesperson}'s press conference" if spokesperson else "Press conference"
        title = f"{who} on {date}" if date else who
    return "\n\n".join([*opening, *turns]), title, date


def dyad_records(rows: Sequence[Mapping[Any, Any]], path: Path,
                 columns: Mapping[str, str] | None = None) -> list[Record | Rejection]:
    """The documents of a dyad table: one record per briefing, one rejection per bad row.

    Raises
    ------
    InputError
        When the table has no question and answer columns.
    """
    found = dyad_columns([k for row in rows for k in row], columns)
    if found is None:
        raise InputError("no question and answer columns: expected e.g. 'question' and 'answer'")
    frame = _rows(rows, found, path.stem, str(path))
    out: list[Record | Rejection] = []
    bad = frame["answer"] == ""
    for source, question in zip(frame.loc[bad, "source"], frame.loc[bad, "question"], strict=True):
        out.append({"source": str(source), "reason": "row has no answer" if question else "row is empty"})
    for doc_id, group in frame[~bad].groupby("doc_id", sort=False):
        text, title, date = _transcript(group)
        text = normalize_text(text)
        links = group["link"].dropna()
        out.append(Record(str(doc_id), f"{path}#{group['row'].iloc[0]}",
                          hashlib.sha256(text.encode()).hexdigest(), text, title=title, date=date,
                          url=str(links.iloc[0]) if len(links) else None))
    return out


def _excel_rows(path: Path) -> list[dict[Any, Any]]:
    if importlib.util.find_spec("openpyxl") is None:
        raise InputError("reading .xlsx needs openpyxl: pip install 'milrel_analysis[excel]'")
    try:
        frame = pd.read_excel(path, engine="openpyxl", dtype=object)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as err:
        raise InputError(f"not a readable Excel file: {err}") from None
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def read_dyad_file(path: Path, columns: Mapping[str, str] | None = None) -> list[Record | Rejection]:
    """The documents of a dyad table in an Excel file (the first sheet).

    Raises
    ------
    InputError
        When openpyxl is missing, the file is not a workbook, or the sheet has no question
        and answer columns.
    """
    return dyad_records(_excel_rows(path), path, columns)


def _source_rows(path: Path) -> list[dict[Any, Any]]:
    if path.suffix.lower() == ".xlsx":
        return _excel_rows(path)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")
    if path.suffix.lower() == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False).astype(object).to_dict("records")
    raise ArgumentValueError(f"{str(path)!r}: a dyad table is a .csv, .jsonl or .xlsx file")


def read_dyads(source: str | os.PathLike | Iterable[str | os.PathLike], *,
               columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The rows of dyad tables as :func:`load_corpus` reads them: where each row goes.

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, id, date, spokesperson, who_asked, question, answer, link,
        source``: the original values (a cell's paragraphs joined; placeholders such as "-"
        or "missing" read as missing), with the document and the exchange each row becomes.
        Rows :func:`load_corpus` rejects have no `exchange_id`.

    Raises
    ------
    FileNotFoundError
        For a path that does not exist.
    ValueError
        For a file that is no dyad table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "cmfa.csv"
    >>> _ = f.write_text("id,date,who_asked,question,answer\\n7,2020-05-01,AFP,Why?,Because.\\n")
    >>> read_dyads(f)[["doc_id", "exchange_id", "id", "who_asked"]].values.tolist()
    [['cmfa-2020-05-01', 1, '7', 'AFP']]
    """
    paths = [Path(source)] if isinstance(source, (str, os.PathLike)) else [Path(s) for s in source]
    frames = []
    for path in paths:
        if not path.is_file():
            raise MissingFileError(f"dyad table {str(path)!r} does not exist")
        rows = _source_rows(path)
        found = dyad_columns([k for row in rows for k in row], columns)
        if found is None:
            raise ArgumentValueError(f"{str(path)!r} has no question and answer columns")
        frame = _rows(rows, found, path.stem, str(path))
        kept = (frame["answer"] != "") & (frame["question"] != "")
        frame["exchange_id"] = pd.array([pd.NA] * len(frame), dtype="Int64")
        frame.loc[kept, "exchange_id"] = frame[kept].groupby("doc_id", sort=False).cumcount() + 1
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else _rows([], {}, "", "")
    return out[["doc_id", "exchange_id", "id", "date", "spokesperson", "who_asked", "question", "answer",
                "link", "source"]]


def load_dyads(source: str | os.PathLike | Iterable[str | os.PathLike], *,
               columns: Mapping[str, str] | None = None, repair_words: bool = True):
    """Read dyad tables whose columns have other names into a :class:`Corpus`.

    :func:`~milrel_analysis.load_corpus` reads dyad tables with the names of
    :data:`DYAD_COLUMNS`; this takes `columns`, a map of field to column
    (``{"question": "q_text", "who_asked": "outlet_name"}``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text("Frage,Antwort\\nWhy?,We firmly oppose it.\\n")
    >>> load_dyads(f, columns={"question": "Frage", "answer": "Antwort"}).exchanges["answer"].tolist()
    ['We firmly oppose it.']
    """
    from .load import assemble, dedupe_ids, finish, parse_safely

    paths = [Path(source)] if isinstance(source, (str, os.PathLike)) else [Path(s) for s in source]
    docs: list[Any] = []
    rejected: list[Any] = []
    for path in paths:
        if not path.is_file():
            raise MissingFileError(f"dyad table {str(path)!r} does not exist")
        for item in dyad_records(_source_rows(path), path, columns):
            status, value = parse_safely(item) if isinstance(item, Record) else ("rejected", item)
            (docs if status == "ok" else rejected).append(value)
    dedupe_ids(docs)
    return assemble(finish(docs, repair_words=repair_words), rejected, [])


def _columns_of(path: Path) -> list[str]:
    """The column names of a table file, read from its first line or row."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        if importlib.util.find_spec("openpyxl") is None:
            return []
        try:
            return [str(c) for c in pd.read_excel(path, engine="openpyxl", nrows=0).columns]
        except (ValueError, KeyError, OSError, zipfile.BadZipFile):
            return []
    if suffix == ".csv":
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            return next(csv.reader(handle), [])
    if suffix == ".jsonl":
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = next((line for line in handle if line.strip()), "")
        try:
            row = json.loads(first) if first else {}
        except json.JSONDecodeError:
            return []
        return [str(k) for k in row] if isinstance(row, dict) else []
    return []


def dyad_sources(source: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """The dyad tables among the files of `source` (folders read recursively), in order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("question,answer\\nWhy?,Because.\\n")
    >>> _ = (d / "b.csv").write_text("text\\nWin-win.\\n")
    >>> [p.name for p in dyad_sources(d)]
    ['a.csv']
    """
    from .read import collect_files

    files = collect_files(source)[0]
    return [f for f in files if f.suffix.lower() in (".csv", ".jsonl", ".xlsx")
            and dyad_columns(_columns_of(f)) is not None]
