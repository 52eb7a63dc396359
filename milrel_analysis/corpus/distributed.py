"""Parsing on a Dask cluster: ``load_corpus(..., engine="dask")`` and corpora kept in partitions.

The files are split into contiguous partitions of about equal size, and each partition is
read and parsed on a worker by the same function as in one process
(:func:`~milrel_analysis.corpus.load.load_file`). Two steps need the whole corpus, and
each needs only a small summary of it:

1. *document ids*: each partition sends back its ids; the client renames repeated ones
   exactly as :func:`~milrel_analysis.corpus.load.dedupe_ids` does over the whole corpus;
2. *word repair*: each partition counts its vocabulary (document frequencies); the counts
   are added up on the cluster (a reduction), and every partition is repaired against the
   whole corpus's vocabulary (:func:`~milrel_analysis.corpus.repair.repair_documents`).
   Repairing each partition against its own vocabulary would join other words.

Then :func:`parse_on_cluster` gathers the documents for :func:`load_corpus` to assemble,
exactly as in one process, and :func:`partition_corpus` assembles each partition into a
:class:`Corpus` of its own on its worker, so that counts can be reduced across partitions
without the texts ever coming back to the client (:mod:`milrel_analysis.partitioned`).

Dask is an optional dependency: ``pip install "milrel_analysis[dask]"``.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._parallel import paused_gc
from ..errors import ArgumentValueError, MissingDependencyError
from .load import Outcome, assemble, dedupe_ids, finish, load_file
from .metadata import apply_filename_pattern, apply_metadata, read_metadata
from .model import REJECTED_COLUMNS, Corpus
from .read import Rejection
from .repair import corpus_vocabulary, known_words, repair_documents

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["LOCAL_WORKERS", "PartitionedCorpus", "dask_client", "import_distributed",
           "parse_on_cluster", "partition_corpus", "partition_files"]

LOCAL_WORKERS = 2  # processes of the LocalCluster that scheduler="local" starts
PARTITIONS_PER_WORKER = 4  # a few partitions per worker thread balance uneven files


def import_distributed() -> Any:
    """The ``distributed`` module, or an error saying how to install it.

    Raises
    ------
    MissingDependencyError
        When Dask's distributed scheduler is not installed.
    """
    try:
        import distributed
    except ImportError as err:
        raise MissingDependencyError(
            'engine="dask" and --scheduler need Dask: pip install "milrel_analysis[dask]"'
        ) from err
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None) -> Iterator[Client]:
    """A Dask client for `scheduler`, closed (and its cluster stopped) afterwards.

    Parameters
    ----------
    scheduler : str, optional
        ``"local"``: a :class:`distributed.LocalCluster` of two worker processes, started
        here and stopped on exit; an address (``tcp://10.0.0.5:8786``): the scheduler of a
        running cluster; None: the client this session already has, else ``"local"``.

    Raises
    ------
    ValueError
        When no scheduler answers at the address.
    """
    distributed = import_distributed()
    if scheduler is None:
        try:
            existing = distributed.get_client()
        except ValueError:  # no client in this session
            scheduler = "local"
        else:
            yield existing  # not ours to close
            return
    if scheduler == "local":
        with distributed.LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1,
                                      processes=True, dashboard_address=":0",
                                      silence_logs=logging.ERROR) as cluster, \
                distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler)
    except OSError as err:
        raise ArgumentValueError(f"scheduler={scheduler!r}: no Dask scheduler answers there "
                                 f"({err}); give 'local' or the address `dask scheduler` "
                                 "prints, such as tcp://10.0.0.5:8786") from None
    with client:
        yield client


def partition_files(files: Sequence[Path], n_partitions: int) -> list[list[Path]]:
    """Split `files` into at most `n_partitions` contiguous runs of about equal size in bytes.

    Contiguous runs keep the files' order, so the partitions' documents put together are in
    the order of a single-process parse.

    Examples
    --------
    >>> [len(p) for p in partition_files([Path("a"), Path("b"), Path("c")], 2)]
    [2, 1]
    """
    if not files:
        return []
    sizes = []
    for path in files:
        try:
            sizes.append(max(path.stat().st_size, 1))
        except OSError:
            sizes.append(1)  # the parse rejects it with the reason
    n = max(1, min(n_partitions, len(files)))
    target = sum(sizes) / n
    parts: list[list[Path]] = [[]]
    filled = 0
    for path, size in zip(files, sizes, strict=True):
        # A file goes to the next partition when most of it lies beyond this one's share.
        if parts[-1] and filled + size / 2 > target * len(parts) and len(parts) < n:
            parts.append([])
        parts[-1].append(path)
        filled += size
    return parts


# --------------------------------------------------------------------------- worker tasks


def _parse_partition(paths: list[str]) -> list[Outcome]:
    with paused_gc():
        return [outcome for path in paths for outcome in load_file(Path(path))]


def _ids_and_rejections(outcomes: list[Outcome]) -> tuple[list[str], list[Rejection]]:
    return ([value.doc_id for status, value in outcomes if status == "ok"],
            [value for status, value in outcomes if status != "ok"])


def _vocabulary(outcomes: list[Outcome]) -> Counter:
    return corpus_vocabulary(value for status, value in outcomes if status == "ok")


def _add_up(*counts: Counter) -> Counter:
    total: Counter = Counter()
    for part in counts:
        total.update(part)
    return total


def _finish_partition(outcomes: list[Outcome], renames: list[tuple[str, list[str]]],
                      doc_freq: Counter | None) -> list[Any]:
    """Rename, repair and finish a partition's documents: new objects, its input untouched.

    A task must not change its input, which Dask keeps (and may hand to a retried task):
    documents and segments are copied shallowly, and every step below assigns new values
    to their fields rather than changing them in place.
    """
    docs = []
    with paused_gc():
        parsed = [value for status, value in outcomes if status == "ok"]
        for doc, (doc_id, notes) in zip(parsed, renames, strict=True):
            docs.append(dataclasses.replace(doc, doc_id=doc_id, warnings=[*doc.warnings, *notes],
                                            segments=[copy.copy(s) for s in doc.segments]))
        if doc_freq is not None:
            repair_documents(docs, doc_freq, known_words())
        return finish(docs, repair_words=False)


def _assemble_partition(docs: list[Any], filename_pattern: str | None,
                        metadata: pd.DataFrame | None) -> Corpus:
    corpus = assemble(docs, [], [])
    if filename_pattern:
        corpus = apply_filename_pattern(corpus, filename_pattern)
    if metadata is not None:
        corpus = apply_metadata(corpus, metadata)
    return corpus


# --------------------------------------------------------------------------- the client's side


@dataclass
class _Parsed:
    """Futures of finished partitions (lists of documents) and what the client learnt."""

    finished: list[Future]
    ids: list[list[str]]  # the final document ids, by partition
    rejected: list[Rejection]  # in file order


@dataclass
class _IdOnly:
    """The two fields of a document that :func:`dedupe_ids` reads and writes."""

    doc_id: str
    warnings: list[str]


def _renames(ids_by_part: list[list[str]]) -> list[list[tuple[str, list[str]]]]:
    """Each document's final id and the warnings renaming it adds, as :func:`dedupe_ids` gives."""
    stand_ins: list[list[Any]] = [[_IdOnly(i, []) for i in ids] for ids in ids_by_part]
    dedupe_ids([d for part in stand_ins for d in part])
    return [[(d.doc_id, d.warnings) for d in part] for part in stand_ins]


def _parse(client: Client, files: Sequence[Path], *, repair_words: bool,
           partitions: int | None) -> _Parsed:
    threads = sum(client.nthreads().values()) or 1
    parts = partition_files(files, partitions or PARTITIONS_PER_WORKER * threads)
    parsed = client.map(_parse_partition, [[os.fspath(p) for p in part] for part in parts],
                        pure=False)
    summaries = client.gather(client.map(_ids_and_rejections, parsed, pure=False))
    ids_by_part = [ids for ids, _ in summaries]
    rejected: list[Rejection] = [value for _, part in summaries for value in part]
    doc_freq = None
    if repair_words:
        doc_freq = client.submit(_add_up, *client.map(_vocabulary, parsed, pure=False), pure=False)
    renames = _renames(ids_by_part)
    finished = [client.submit(_finish_partition, outcomes, names, doc_freq, pure=False)
                for outcomes, names in zip(parsed, renames, strict=True)]
    del parsed  # released once finished: only the finished documents stay on the cluster
    return _Parsed(finished, [[name for name, _ in part] for part in renames], rejected)


def parse_on_cluster(files: Sequence[Path], *, scheduler: str | None = None,
                     repair_words: bool = True, partitions: int | None = None,
                     ) -> tuple[list[Any], list[Rejection]]:
    """Parse `files` on a Dask cluster: the documents, finished, and the rejected inputs.

    The documents are those a single-process parse gives after its corpus-wide steps
    (:func:`~milrel_analysis.corpus.load.finish`), in the same order, ready for
    :func:`~milrel_analysis.corpus.load.assemble`.
    """
    with dask_client(scheduler) as client:
        parsed = _parse(client, files, repair_words=repair_words, partitions=partitions)
        docs = [doc for part in client.gather(parsed.finished) for doc in part]
    return docs, parsed.rejected


@dataclass
class PartitionedCorpus:
    """A corpus kept on a Dask cluster: one :class:`Corpus` per partition, on its worker.

    Attributes
    ----------
    client : distributed.Client
    parts : list of distributed.Future
        Each partition's corpus (its documents' tables; its ``rejected`` and ``skipped``
        are empty: those of the whole corpus are below).
    doc_ids : list of list of str
        Each partition's document ids, in order.
    rejected, skipped : DataFrame
        ``source, reason``, as :attr:`Corpus.rejected` and :attr:`Corpus.skipped`.
    """

    client: Client
    parts: list[Future]
    doc_ids: list[list[str]]
    rejected: pd.DataFrame
    skipped: pd.DataFrame

    def map(self, func: Callable[..., Any], **options: Any) -> list[Any]:
        """``[func(part, **options) for part in parts]``, each on its partition's worker."""
        return self.client.gather(self.client.map(func, self.parts, pure=False, **options))


def partition_corpus(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    client: Client,
    *,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    repair_words: bool = True,
    filename_pattern: str | None = None,
    partitions: int | None = None,
) -> PartitionedCorpus:
    """Parse `source` on the cluster of `client` into a :class:`PartitionedCorpus`.

    Options as in :func:`~milrel_analysis.corpus.load.load_corpus`; every partition holds
    exactly the rows the single-process corpus has for its documents. The metadata
    sidecar is read on the client and each partition receives its own rows.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Win-win, said Wu Qian.")
    >>> with dask_client("local") as client:  # doctest: +SKIP
    ...     parts = partition_corpus(folder, client)
    ...     [len(c.documents) for c in parts.map(lambda c: c)]
    [1]
    """
    from .read import collect_files

    files, rejected, skipped = collect_files(source)
    parsed = _parse(client, files, repair_words=repair_words, partitions=partitions)
    sidecars = _split_metadata(metadata, parsed.ids)
    parts = [client.submit(_assemble_partition, docs, filename_pattern, sidecar, pure=False)
             for docs, sidecar in zip(parsed.finished, sidecars, strict=True)]
    return PartitionedCorpus(client, parts, parsed.ids,
                             pd.DataFrame([*rejected, *parsed.rejected], columns=REJECTED_COLUMNS),
                             pd.DataFrame(list(skipped), columns=REJECTED_COLUMNS))


def _split_metadata(metadata: str | os.PathLike | pd.DataFrame | None,
                    ids: list[list[str]]) -> list[pd.DataFrame | None]:
    """Each partition's rows of the sidecar; rows for no document warn here, as in one process."""
    if metadata is None:
        return [None] * len(ids)
    table = read_metadata(metadata)
    if "doc_id" not in table.columns:
        return [table] * len(ids)  # apply_metadata raises its own error on the worker
    known = {doc_id for part in ids for doc_id in part}
    unknown = [d for d in table["doc_id"].astype(str) if d not in known]
    if unknown:
        warnings.warn(f"metadata rows for unknown doc_id(s) ignored: {unknown[:10]}", stacklevel=3)
    doc_ids = table["doc_id"].astype(str)
    return [table[doc_ids.isin(set(part))].reset_index(drop=True) for part in ids]
