"""``load_corpus``: files to a :class:`Corpus`, with every input parsed or rejected with its reason.

The steps: find and read the files (:mod:`.read`), parse each record (:mod:`.document`, in a
process pool for large inputs), repair broken words across the corpus (:mod:`.repair`),
assemble the tables (:func:`assemble`), then apply file-name and sidecar metadata
(:mod:`.metadata`).
"""

from __future__ import annotations

import hashlib
import os
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._parallel import n_workers, pool_map, release_memory
from .._types import ENGINES, Engine
from .._validation import check_option
from ..errors import ArgumentValueError, InputError
from ..lexicons import default_compounds, load_gazetteer
from ..text.encoding import normalize_text
from ..text.words import tokenize_edges
from .attribution import answered_part, opens_part, primary_counterpart
from .cache import (
    cache_key,
    default_cache_dir,
    file_hashes,
    file_key,
    metadata_digest,
    read_entry,
    read_parsed,
    write_entry,
    write_parsed,
)
from .document import ParsedDocument, find_segment_mentions, parse_record
from .metadata import apply_filename_pattern, apply_metadata
from .model import (
    COUNTED_KINDS,
    COUNTERPART_COLUMNS,
    DOCUMENT_COLUMNS,
    EXCHANGE_COLUMNS,
    MENTION_COLUMNS,
    REJECTED_COLUMNS,
    SEGMENT_COLUMNS,
    SPEAKER_COLUMNS,
    Corpus,
)
from .model import (
    is_counted as counted_segment,
)
from .read import Record, Rejection, collect_files, read_safely
from .repair import join_broken_words, known_words
from .structure import Segment
from .vocab import merge_documents, replace_segments

__all__ = ["assemble", "corpus_from_texts", "load_corpus"]

Outcome = tuple[str, Any]  # ("ok", ParsedDocument) or ("rejected", {"source", "reason"})


def parse_safely(rec: Record) -> Outcome:
    """Parse one record; a record that cannot become a document is a rejection."""
    try:
        doc = parse_record(rec)
    except InputError as err:
        return "rejected", {"source": rec.source, "reason": str(err)}
    doc.warnings[:0] = rec.warnings  # what reading the file found (e.g. a cut-off character)
    return "ok", doc


def load_file(path: Path) -> list[Outcome]:
    """Read and parse one file (a worker's task): ``[(status, document or rejection)]``."""
    return [parse_safely(item) if isinstance(item, Record) else ("rejected", item)
            for item in read_safely(path)]


def load_corpus(
    source: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    strict: bool = False,
    n_jobs: int | None = None,
    progress: bool | None = None,
    repair_words: bool = True,
    filename_pattern: str | None = None,
    cache: str | os.PathLike | bool | None = None,
    engine: Engine = "processes",
    scheduler: str | None = None,
) -> Corpus:
    r"""Read statement files into a :class:`Corpus` of tidy tables.

    Parameters
    ----------
    source : path or iterable of paths
        A folder (read recursively) or files: ``.txt``/``.md`` (one document each),
        ``.html``/``.htm`` (the article body, without navigation or scripts), ``.jsonl``/
        ``.csv`` (one document per row, text in ``text`` or ``content``; optional ``id``,
        ``date``/``publish_time``, ``title``, ``url``).
    metadata : path or DataFrame, optional
        A CSV sidecar with ``doc_id`` and any of ``date``, ``title``, ``spokesperson``,
        ``counterparts`` (ids separated by ``;``). Its values override what was parsed;
        overridden dates get ``date_source="metadata"``.
    strict : bool, default=False
        Raise one :class:`ValueError` listing every rejected input instead of recording them
        in ``Corpus.rejected``.
    n_jobs : int, optional
        Worker processes. Default: one for small inputs, every core (up to 8) from 8 MB.
    progress : bool, optional
        Show a progress bar; default: when there are more than 200 inputs.
    repair_words : bool, default=True
        Join words broken by stray spaces (``mu ltilateral``), recording each repair in the
        document's ``warnings``.
    filename_pattern : str, optional
        A regular expression searched in each file's name (without extension); its named
        groups become document columns. ``year`` sets the year (a parsed date of another
        year is dropped), ``date`` the date (``date_source="metadata"``). For the UN General
        Debate corpus: ``r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})"``.
    cache : path or bool, optional
        A folder for a cache of parsed corpora (:mod:`.cache`), True for the user's cache
        folder, False or None for none: when the same inputs, metadata,
        pattern and options were parsed before by the same version of the package, the tables
        are read back from Arrow files instead of parsed again. Default: no cache.
        :func:`~milrel_analysis.corpus.cache.default_cache_dir` is the user's cache folder.
    engine : {"processes", "dask"}, default="processes"
        ``"processes"``: this machine's cores (`n_jobs`). ``"dask"``: the files are
        partitioned over a ``dask.distributed`` cluster (:mod:`.distributed`; ``pip install
        "milrel_analysis[dask]"``); the corpus is the same, table for table. The
        whole-corpus `cache` serves both engines; only ``"processes"`` keeps each file's parse.
    scheduler : str, optional
        With ``engine="dask"``: ``"local"`` (a LocalCluster of two worker processes,
        started and stopped here), a scheduler's address (``tcp://10.0.0.5:8786``), or
        None (this session's Dask client, else ``"local"``).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("BEIJING, Jan. 28, 2021 -- Win-win, said Wu Qian.")
    >>> _ = (folder / "b.txt").write_text("   ")
    >>> corpus = load_corpus(folder)
    >>> corpus.documents[["doc_id", "date_source"]].to_dict("records")
    [{'doc_id': 'a', 'date_source': 'dateline'}]
    >>> corpus.rejected["reason"].tolist()
    ['file holds only whitespace']
    """
    check_option("engine", engine, ENGINES)
    if engine == "dask" and n_jobs is not None:
        warnings.warn(f"n_jobs={n_jobs!r} is ignored with engine='dask': the cluster's workers "
                      "parse", stacklevel=2)
    if engine != "dask" and scheduler is not None:
        warnings.warn(f"scheduler={scheduler!r} is ignored without engine='dask'", stacklevel=2)
    files, rejected, skipped = collect_files(source)
    cache_dir = (default_cache_dir() if cache is True else None if cache is None or cache is False
                 else Path(cache))
    hashes: list[str] = []
    key, hashed_at = "", 0.0
    if cache_dir is not None:
        hashed_at = time.time()
        hashes = file_hashes(files, cache_dir)
        key = cache_key(files, hashes, rejected, skipped, options={
            "metadata": metadata_digest(metadata), "filename_pattern": filename_pattern,
            "repair_words": repair_words})
        cached = read_entry(cache_dir, key)
        if cached is not None:
            return _strict_check(cached, strict)
    if engine == "dask":
        from .distributed import parse_on_cluster

        docs, failed = parse_on_cluster(files, scheduler=scheduler, repair_words=repair_words)
        corpus = assemble(docs, [*rejected, *failed], skipped)
    else:
        corpus = assemble(_parse_here(files, hashes, cache_dir, hashed_at, rejected, n_jobs=n_jobs,
                                      progress=progress, repair_words=repair_words),
                          rejected, skipped)
    if filename_pattern:
        corpus = apply_filename_pattern(corpus, filename_pattern)
    if metadata is not None:
        corpus = apply_metadata(corpus, metadata)
    large = len(corpus.segments) > 10_000
    if large:  # a large parse's garbage is gone: give its pages back (before the cache's own)
        release_memory()
    if cache_dir is not None:
        write_entry(cache_dir, key, corpus)
        if large:
            release_memory()
    return _strict_check(corpus, strict)


def _parse_here(files: list[Path], hashes: list[str], cache_dir: Path | None, hashed_at: float,
                rejected: list[Rejection], *, n_jobs: int | None, progress: bool | None,
                repair_words: bool) -> list[ParsedDocument]:
    """Parse in this machine's processes; rejections are added to `rejected`."""
    docs: list[ParsedDocument] = []
    for results in _parse_files(files, hashes, cache_dir, hashed_at, n_jobs=n_jobs,
                                progress=progress):
        for status, value in results:
            (docs if status == "ok" else rejected).append(value)
    dedupe_ids(docs)
    return finish(docs, repair_words=repair_words)


def _parse_files(files: list[Path], hashes: list[str], cache_dir: Path | None, hashed_at: float,
                 *, n_jobs: int | None, progress: bool | None) -> list[list[Outcome]]:
    """Each file's parse, in order: from the cache where an unchanged file was parsed before.

    Only files that changed (or are new) are parsed; the corpus-wide steps (ids, word repair)
    run on the whole corpus afterwards, so the result is the same as a full parse.
    """
    parsed: list[list[Outcome] | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    if cache_dir is not None:
        for i, (path, digest) in enumerate(zip(files, hashes, strict=True)):
            if not digest.startswith("unreadable"):
                keys[i] = key = file_key(str(path), digest)
                parsed[i] = read_parsed(cache_dir, key)
    todo = [i for i, outcome in enumerate(parsed) if outcome is None]
    sizes = []
    for i in todo:
        try:
            sizes.append(files[i].stat().st_size)
        except OSError:
            sizes.append(0)  # read_safely rejects it with the reason
    workers = n_workers(sum(sizes), n_jobs)
    show = progress if progress is not None else len(todo) > 200
    tasks = [(files[i], cache_dir if keys[i] is not None else None, keys[i], hashed_at)
             for i in todo]
    fresh = pool_map(load_and_store, tasks, workers=workers, progress=show, desc="parsing")
    for i, outcomes in zip(todo, fresh, strict=True):
        parsed[i] = outcomes
    return [outcomes or [] for outcomes in parsed]


def load_and_store(task: tuple[Path, Path | None, str | None, float]) -> list[Outcome]:
    """:func:`load_file`, and the file's parse stored in the cache (a worker's task).

    Stored by the worker that parsed it, before the corpus-wide steps change the documents:
    compressing every file's parse in the parent made it the bottleneck of a cold load.
    """
    path, cache_dir, key, hashed_at = task
    outcomes = load_file(path)
    if cache_dir is not None and key is not None:
        write_parsed(cache_dir, key, outcomes, path, hashed_at=hashed_at)
    return outcomes


def _strict_check(corpus: Corpus, strict: bool) -> Corpus:
    if strict and len(corpus.rejected):
        lines = "\n".join(f"  {r.source}: {r.reason}" for r in corpus.rejected.itertuples())
        raise ArgumentValueError(f"{len(corpus.rejected)} input(s) could not be parsed:\n{lines}")
    return corpus


def finish(docs: list[ParsedDocument], *, repair_words: bool) -> list[ParsedDocument]:
    """Corpus-wide step: repair broken words, then re-match the segments that changed."""
    if repair_words:
        join_broken_words(docs, known_words())
    gaz = load_gazetteer()
    for doc in docs:
        doc.words = doc.singletons = ""
        changed = {}
        for i, seg in enumerate(doc.segments):
            if seg.repaired:
                seg.repaired = False
                find_segment_mentions(seg, gaz)
                changed[i] = tokenize_edges(seg.text, default_compounds())
                seg.n_words = len(changed[i].tokens)
        if changed and doc.tokens is not None:
            doc.tokens = replace_segments(doc.tokens, changed)
    return docs



def dedupe_ids(docs: list[ParsedDocument]) -> None:
    """Give repeated ``doc_id``s a free ``-N`` suffix, with a warning on the document."""
    taken = {doc.doc_id for doc in docs}
    seen: set[str] = set()
    for doc in docs:
        doc_id = doc.doc_id
        if doc_id in seen:
            n = 2
            while f"{doc_id}-{n}" in taken:
                n += 1
            doc.doc_id = f"{doc_id}-{n}"
            taken.add(doc.doc_id)
            doc.warnings.append(f"doc_id {doc_id!r} repeats; renamed {doc.doc_id!r}")
        seen.add(doc.doc_id)


def assemble(docs: Sequence[ParsedDocument], rejected: Sequence[Rejection],
             skipped: Sequence[Rejection]) -> Corpus:
    """Build the corpus tables from parsed documents.

    A document's ``n_tokens`` and ``primary_counterpart`` come from its counted segments
    (:func:`~milrel_analysis.corpus.model.counted_mask`): the counterparts named in them as
    counterparts (not as venues, references, quotes ...). ``counterparts`` holds, for every
    counted segment, what it counts for and how (see :class:`Corpus`).
    """
    # The tokens found while parsing, merged first, the documents' own copies then let go:
    # the merge's temporaries and the tables' rows are never in memory together (a document
    # parsed elsewhere has no tokens: the corpus then builds its table when first counted).
    parts = [doc.tokens for doc in docs]
    tokens = merge_documents([p for p in parts if p is not None]) if all(
        p is not None for p in parts) else None
    del parts
    for doc in docs:
        doc.tokens = None
    seg_rows: list[tuple[Any, ...]] = []
    cp_rows: list[tuple[Any, ...]] = []
    sp_rows: list[tuple[Any, ...]] = []
    # Mentions, the largest table, are gathered by column: each segment's hits are tuples
    # already, transposed once at the end.
    mention_docs: list[str] = []
    mention_segs: list[int] = []
    hits: list[Any] = []
    exchange_rows: list[tuple[Any, ...]] = []
    doc_rows: list[dict[str, Any]] = []
    for doc in docs:
        counted = _counted_flags(doc.segments)
        named: Counter = Counter()
        for seg, is_counted in zip(doc.segments, counted, strict=True):
            if is_counted and seg.translation in (None, "official"):
                named.update(seg.mentions)
        doc.primary_counterpart = primary_counterpart(named)
        asked = _question_counterparts(doc.segments, counted)
        part: int | None = None  # the part of the question the answer has taken up
        for seg, is_counted in zip(doc.segments, counted, strict=True):
            if seg.kind == "question":
                part = None
            elif seg.kind == "answer" and answered_part(seg.text) is not None:
                part = answered_part(seg.text)
            seg_rows.append((doc.doc_id, seg.seg_id, seg.kind, seg.speaker, seg.translation,
                             seg.text, seg.n_words, seg.exchange_id, seg.language))
            if seg.hits:
                mention_docs.extend([doc.doc_id] * len(seg.hits))
                mention_segs.extend([seg.seg_id] * len(seg.hits))
                hits.extend(seg.hits)
            if not (is_counted or seg.translation == "machine" and seg.kind in COUNTED_KINDS):
                continue
            if seg.mentions:
                cp_rows.extend((doc.doc_id, seg.seg_id, cp, n, "named")
                               for cp, n in sorted(seg.mentions.items()))
            elif seg.kind == "answer" and seg.exchange_id is not None and asked.get(seg.exchange_id):
                cp_rows.extend((doc.doc_id, seg.seg_id, cp, 0, "from_question")
                               for cp in sorted(_inherited(asked[seg.exchange_id], part)))
            elif doc.primary_counterpart and doc.format != "qa":
                # A transcript's turns range over many subjects: no turn inherits the document's.
                cp_rows.append((doc.doc_id, seg.seg_id, doc.primary_counterpart, 0, "from_document"))
        exchange_rows.extend(_exchanges(doc, counted))
        turns = Counter(s.speaker for s in doc.segments if s.kind == "answer" and s.speaker)
        for name in doc.speakers:
            sp_rows.append((doc.doc_id, name, name == doc.spokesperson, turns.get(name, 0)))
        doc_rows.append({
            "doc_id": doc.doc_id,
            "source": doc.source,
            "sha256": doc.sha256,
            "title": doc.title,
            "date": doc.date,
            "date_source": doc.date_source,
            "spokesperson": doc.spokesperson,
            "format": doc.format,
            "primary_counterpart": doc.primary_counterpart,
            "n_tokens": sum(s.n_words for s, c in zip(doc.segments, counted, strict=True)
                            if c and s.translation in (None, "official")),
            "translations": doc.translations,
            "text": None,  # joined from the segments' table below
            "warnings": "; ".join(doc.warnings),
        })
    segments = pd.DataFrame(seg_rows, columns=SEGMENT_COLUMNS)
    segments[["seg_id", "n_tokens"]] = segments[["seg_id", "n_tokens"]].astype("int64")
    segments["exchange_id"] = segments["exchange_id"].astype("Int64")
    # The table holds the texts now: the parse's own copies go before the documents' are made
    # (the corpus's text is then in memory twice at most, not four times).
    del seg_rows
    n_segments = [len(doc.segments) for doc in docs]
    for doc in docs:
        for seg in doc.segments:
            seg.text = ""
    documents = pd.DataFrame(doc_rows, columns=DOCUMENT_COLUMNS)
    documents["text"] = _joined_texts(segments["text"], n_segments)
    documents["date"] = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce")
    documents["year"] = documents["date"].dt.year.astype("Int64")
    documents["n_tokens"] = documents["n_tokens"].astype("int64")
    documents["translations"] = documents["translations"].astype("int64")
    counterparts = pd.DataFrame(cp_rows, columns=COUNTERPART_COLUMNS)
    counterparts[["seg_id", "mentions"]] = counterparts[["seg_id", "mentions"]].astype("Int64")
    mentions = _mention_table(mention_docs, mention_segs, hits)
    exchanges = pd.DataFrame(exchange_rows, columns=EXCHANGE_COLUMNS)
    exchanges["exchange_id"] = exchanges["exchange_id"].astype("int64")
    return Corpus(
        tokens=tokens,
        documents=documents,
        segments=segments,
        counterparts=counterparts,
        speakers=pd.DataFrame(sp_rows, columns=SPEAKER_COLUMNS),
        rejected=pd.DataFrame(list(rejected), columns=REJECTED_COLUMNS),
        skipped=pd.DataFrame(list(skipped), columns=REJECTED_COLUMNS),
        mentions=mentions,
        exchanges=exchanges,
    )


def _joined_texts(texts: pd.Series, counts: Sequence[int], sep: str = "\n\n") -> pd.Series:
    """Consecutive runs of `texts` (``counts[i]`` texts each) joined by `sep`, in Arrow.

    No Python string is made per run; the result has the dtype of `texts`.

    Examples
    --------
    >>> _joined_texts(pd.Series(["a", "b", "c"]), [2, 0, 1], sep=" / ").tolist()
    ['a / b', '', 'c']
    """
    values = pc.cast(pa.array(texts.array), pa.large_string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.asarray(counts, dtype=np.int64), out=offsets[1:])
    runs = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
    joined = pc.binary_join(runs, pa.scalar(sep, type=pa.large_string()))
    return pd.Series(pd.array(joined, dtype=texts.dtype), name=texts.name)


def _mention_table(doc_ids: list[str], seg_ids: list[int], hits: list[Any]) -> pd.DataFrame:
    """The mentions table from its columns: documents, segments and the hits (Mentions)."""
    start, end, counterpart, matched, role = (list(c) for c in zip(*hits, strict=True)) if hits \
        else ([], [], [], [], [])
    columns = {"doc_id": doc_ids, "seg_id": seg_ids, "counterpart": counterpart, "start": start,
               "end": end, "matched": matched, "role": role, "match": matched}
    mentions = pd.DataFrame({c: columns[c] for c in MENTION_COLUMNS}, columns=MENTION_COLUMNS)
    mentions[["seg_id", "start", "end"]] = mentions[["seg_id", "start", "end"]].astype("int64")
    return mentions


def _counted_flags(segments: Sequence[Segment]) -> list[bool]:
    """Which segments are counted (any voice, the official variant): see counted_mask."""
    return [counted_segment(s.kind, s.translation, s.language) for s in segments]


def _question_counterparts(segments: Sequence[Segment],
                           counted: Sequence[bool]) -> dict[int, list[frozenset[str]]]:
    """Exchange id -> the counterparts each part of its (counted) question names.

    A question paragraph that does not open a new part ("Second, ...") continues the last.
    """
    asked: dict[int, list[frozenset[str]]] = {}
    for seg, is_counted in zip(segments, counted, strict=True):
        if seg.kind == "question" and is_counted and seg.exchange_id is not None:
            parts = asked.setdefault(seg.exchange_id, [])
            new = list(seg.parts) or [frozenset(seg.mentions)]
            if parts and not opens_part(seg.text):
                parts[-1] = parts[-1] | new.pop(0)
            parts.extend(new)
    return asked


def _inherited(parts: Sequence[frozenset[str]], part: int | None) -> frozenset[str]:
    """What an answer naming none inherits: the part it takes up ("On your second question"), or all."""
    if part is not None and len(parts) > 1 and -len(parts) <= part < len(parts):
        return parts[part]
    return frozenset().union(*parts)


def _exchanges(doc: ParsedDocument, counted: Sequence[bool]) -> list[tuple[Any, ...]]:
    """One row per exchange that has a question: its asker, answerer and counted texts."""
    parts: dict[int, dict[str, list[str]]] = {}
    who: dict[int, dict[str, str | None]] = {}
    for seg, is_counted in zip(doc.segments, counted, strict=True):
        if seg.exchange_id is None or seg.kind not in ("question", "answer"):
            continue
        entry = parts.setdefault(seg.exchange_id, {"question": [], "answer": []})
        names = who.setdefault(seg.exchange_id, {})
        role = "asker" if seg.kind == "question" else "answerer"
        names.setdefault(role, seg.speaker)
        if is_counted:
            entry[seg.kind].append(seg.text)
    return [(doc.doc_id, eid, who[eid].get("asker"), who[eid].get("answerer"),
             " ".join(texts["question"]), " ".join(texts["answer"]))
            for eid, texts in parts.items() if texts["question"]]


def corpus_from_texts(texts: Mapping[str, str] | Sequence[str]) -> Corpus:
    """Build a corpus from in-memory texts (``{doc_id: text}`` or a list): for tests and demos.

    Examples
    --------
    >>> corpus_from_texts({"d1": "The US side said win-win."}).documents["doc_id"].tolist()
    ['d1']
    """
    items: Iterable[tuple[str, str]] = texts.items() if isinstance(texts, Mapping) else (
        (f"doc{i}", t) for i, t in enumerate(texts, start=1)
    )
    docs: list[ParsedDocument] = []
    rejected: list[Rejection] = []
    for doc_id, text in items:
        rec = Record(doc_id, f"<memory:{doc_id}>", hashlib.sha256(text.encode()).hexdigest(),
                     normalize_text(text))
        status, value = parse_safely(rec)
        (docs if status == "ok" else rejected).append(value)
    return assemble(finish(docs, repair_words=True), rejected, [])
