"""Counts of a corpus kept in partitions on a Dask cluster, reduced without gathering its texts.

Each partition (a :class:`~milrel_analysis.corpus.Corpus` of some documents, on its worker;
see :func:`~milrel_analysis.corpus.distributed.partition_corpus`) is counted by the same
function as a whole corpus, :func:`~milrel_analysis.frequency.term_frequency` or
:func:`~milrel_analysis.phrases.phrase_counts`, :func:`~milrel_analysis.phrases.track_phrases`
(its hits) or :func:`~milrel_analysis.compare.count_sides` (the two sides of a keyness
comparison); only these tables come back. Counts,
document frequencies and the groups' documents and tokens are sums over partitions (a
document lies in one partition), so the tables put together, with rates computed again
from the sums and sorted as the single functions sort, equal those of the whole corpus,
value for value.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._types import (
    UNITS,
    Adjust,
    CollocationMeasure,
    Measure,
    NGram,
    Normalize,
    Stopwords,
    Translation,
    Unit,
    Voice,
)
from ._validation import as_list, check_count, check_option
from .collocations import CollocationCounts, collocation_counts, score_collocations
from .compare import Sides, compare_sides, count_sides
from .corpus.distributed import PartitionedCorpus
from .corpus.groups import group_segments
from .corpus.model import Corpus
from .frequency import term_frequency
from .lexicons import LexiconLike
from .phrases import phrase_counts, track_phrases
from .tokens import count_words

__all__ = ["partitioned_collocations", "partitioned_compare_counterparts", "partitioned_phrase_counts",
           "partitioned_term_frequency", "partitioned_track_phrases"]


def _term_part(corpus: Corpus, *, by: list[str], compounds: bool,
               **options: Any) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """One partition's term table (every count) and its groups' word tokens (a worker's task).

    The tokens are needed only where a group may span partitions (`by` without ``doc_id``).
    """
    table = term_frequency(corpus, by=by, compounds=compounds, n_jobs=1, **options)
    if "doc_id" in by:
        return table, None
    return table, _group_tokens(corpus, table, by, compounds, options)


def _group_tokens(corpus: Corpus, table: pd.DataFrame, by: list[str], compounds: bool,
                  options: dict[str, Any]) -> pd.DataFrame:
    """``[*by, n_tokens]``: the denominators term_frequency used for this partition's groups.

    Read back from the rates (``count * 1e4 / n_tokens``: rounding recovers the integer
    exactly), and counted from the texts for a group without any term (stopwords only).
    """
    segments = group_segments(corpus, by, translation=options["translation"],
                              voice=options["voice"])
    if compounds:
        words = segments.groupby(by, dropna=False, sort=False)["n_tokens"].sum()
    else:
        words = (segments.assign(n_tokens=[count_words(t, compounds=False) for t in segments["text"]])
                 .groupby(by, dropna=False, sort=False)["n_tokens"].sum())
    counted = table[table["rate_per_10k"] > 0]
    from_rates = (counted["count"] * 1e4 / counted["rate_per_10k"]).round().astype("int64")
    read_back = from_rates.groupby([counted[c] for c in by], dropna=False, sort=False).first()
    # A merge, which pairs missing keys (an undated year) as groupby does; Index.isin does not.
    out = words.rename("from_words").reset_index().merge(
        read_back.rename("from_rates").reset_index(), on=by, how="left")
    out["n_tokens"] = out["from_rates"].fillna(out["from_words"]).astype("int64")
    return out[[*by, "n_tokens"]]


def partitioned_term_frequency(
    parts: PartitionedCorpus,
    *,
    by: str | Sequence[str] = "doc_id",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    min_count: int = 1,
    lowercase: bool = True,
    normalize: Normalize | None = None,
    translation: Translation = "official",
    voice: Voice = "official",
    compounds: bool = True,
) -> pd.DataFrame:
    """:func:`~milrel_analysis.frequency.term_frequency` of a corpus kept in partitions.

    Each partition is counted on its worker; the tables are added up on the client (for
    groups that span partitions) and sorted as ``term_frequency`` sorts. Options and the
    returned columns are those of :func:`~milrel_analysis.frequency.term_frequency`.

    Returns
    -------
    DataFrame
        ``[*by, term, count, rate_per_10k, doc_freq, n_docs]``, equal to
        ``term_frequency(corpus, ...)`` of the same corpus loaded in one process.

    Examples
    --------
    >>> from milrel_analysis.corpus.distributed import dask_client, partition_corpus
    >>> with dask_client("local") as client:  # doctest: +SKIP
    ...     parts = partition_corpus("seeds", client)
    ...     partitioned_term_frequency(parts, by="year").columns.tolist()
    ['year', 'term', 'count', 'rate_per_10k', 'doc_freq', 'n_docs']
    """
    by_list = as_list(by)
    check_count("min_count", min_count, minimum=1)
    results = parts.map(_term_part, by=by_list, compounds=compounds, ngram=ngram,
                        stopwords=stopwords, lowercase=lowercase, normalize=normalize,
                        translation=translation, voice=voice)
    tables = [table for table, _ in results]
    if "doc_id" in by_list or len(tables) == 1:  # no group spans two partitions
        table = _concat(tables)
        table = table[table["count"] >= min_count] if min_count > 1 else table
        return _in_group_order(table, by_list)
    summed = (_concat(tables).groupby([*by_list, "term"], dropna=False, sort=False)
              [["count", "doc_freq"]].sum().reset_index())
    tokens = (pd.concat([t for _, t in results if t is not None], ignore_index=True)
              .groupby(by_list, dropna=False, sort=False)["n_tokens"].sum().reset_index())
    summed = summed.merge(tokens, on=by_list, how="left")
    if min_count > 1:
        summed = summed[summed["count"] >= min_count]
    count = summed["count"].to_numpy()
    terms = np.unique(summed["term"].to_numpy(dtype=object), return_inverse=True)[1]
    order = np.lexsort((terms, -count, _group_codes(summed, by_list)))
    columns: dict[str, Any] = {col: summed[col].array.take(order) for col in by_list}
    columns["term"] = summed["term"].to_numpy(dtype=object)[order]
    columns["count"] = count[order]
    n_tokens = summed["n_tokens"].to_numpy()[order]
    columns["rate_per_10k"] = np.where(n_tokens > 0, columns["count"] * 1e4 / np.maximum(n_tokens, 1),
                                       0.0)
    columns["doc_freq"] = summed["doc_freq"].to_numpy()[order]
    columns["n_docs"] = columns["doc_freq"]
    return pd.DataFrame(columns)


def _phrase_part(corpus: Corpus, **options: Any) -> pd.DataFrame:
    return phrase_counts(corpus, n_jobs=1, **options)


def partitioned_phrase_counts(
    parts: PartitionedCorpus,
    *,
    by: str | Sequence[str] = "doc_id",
    lexicon: LexiconLike = None,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """:func:`~milrel_analysis.phrases.phrase_counts` of a corpus kept in partitions.

    Options and columns as in :func:`~milrel_analysis.phrases.phrase_counts`; a lexicon
    given as a path must be readable by the workers.

    Returns
    -------
    DataFrame
        ``[*by, phrase_id, label, category, count, rate_per_10k, n_docs, group_docs,
        n_tokens]``, equal to ``phrase_counts(corpus, ...)`` of the same corpus loaded in one
        process.

    Examples
    --------
    >>> from milrel_analysis.corpus.distributed import dask_client, partition_corpus
    >>> with dask_client("local") as client:  # doctest: +SKIP
    ...     parts = partition_corpus("seeds", client)
    ...     partitioned_phrase_counts(parts, by="counterpart")["count"].sum() > 0
    True
    """
    by_list = as_list(by)
    tables = parts.map(_phrase_part, by=by_list, lexicon=lexicon, translation=translation,
                       voice=voice)
    if "doc_id" in by_list or len(tables) == 1:
        return _in_group_order(_concat(tables), by_list)
    sums = ["count", "n_docs", "group_docs", "n_tokens"]
    summed = (_concat(tables).groupby([*by_list, "phrase_id"], dropna=False, sort=False)
              .agg(label=("label", "first"), category=("category", "first"),
                   **{col: (col, "sum") for col in sums}).reset_index())
    count = summed["count"].to_numpy()
    ids = np.unique(summed["phrase_id"].to_numpy(dtype=object), return_inverse=True)[1]
    order = np.lexsort((ids, -count, _group_codes(summed, by_list)))
    out: dict[str, Any] = {col: summed[col].array.take(order) for col in by_list}
    for col in ("phrase_id", "label", "category"):
        out[col] = summed[col].to_numpy(dtype=object)[order]
    out["count"] = count[order]
    tokens = summed["n_tokens"].to_numpy()[order]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate_per_10k"] = np.where(tokens > 0, out["count"] * 1e4 / tokens, 0.0)
    out["n_docs"] = summed["n_docs"].to_numpy()[order]
    out["group_docs"] = summed["group_docs"].to_numpy()[order]
    out["n_tokens"] = tokens
    return pd.DataFrame(out)


def _hits_part(corpus: Corpus, **options: Any) -> pd.DataFrame:
    return track_phrases(corpus, n_jobs=1, **options)


def partitioned_track_phrases(
    parts: PartitionedCorpus,
    lexicon: LexiconLike = None,
    *,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """:func:`~milrel_analysis.phrases.track_phrases` of a corpus kept in partitions.

    Every occurrence, one row each, as in one process: a document lies in one partition, so
    its hits, counterparts and date are those of the whole corpus; the partitions' tables
    are put in the same order (a stable sort by document, segment and offset).

    Examples
    --------
    >>> from milrel_analysis.corpus.distributed import dask_client, partition_corpus
    >>> with dask_client("local") as client:  # doctest: +SKIP
    ...     parts = partition_corpus("seeds", client)
    ...     "win-win" in set(partitioned_track_phrases(parts)["phrase_id"])
    True
    """
    tables = parts.map(_hits_part, lexicon=lexicon, translation=translation, voice=voice)
    return _concat(tables).sort_values(["doc_id", "seg_id", "start"], ignore_index=True,
                                       kind="stable")


def _sides_part(corpus: Corpus, target: Any, reference: Any, **options: Any) -> Sides:
    return count_sides(corpus, target, reference, strict=False, **options)


def partitioned_compare_counterparts(
    parts: PartitionedCorpus,
    target: str | Sequence[str],
    reference: str | Sequence[str] | pd.Series | dict[str, int] = "rest",
    *,
    unit: Unit = "term",
    measure: Measure = "g2",
    by: str = "counterpart",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    lexicon: LexiconLike = None,
    min_count: int = 2,
    exclude_names: bool = True,
    adjust: Adjust | None = "bh",
    alpha: float = 0.05,
    translation: Translation = "official",
    voice: Voice = "official",
    compounds: bool = True,
    **keyness_options: Any,
) -> pd.DataFrame:
    """:func:`~milrel_analysis.compare.compare_counterparts` of a corpus kept in partitions.

    Each partition counts its two sides (:func:`~milrel_analysis.compare.count_sides`); the
    counts, tokens and documents are added up and tested once, so the table equals the one
    of the whole corpus. An external reference list stays on the client.

    Examples
    --------
    >>> from milrel_analysis.corpus.distributed import dask_client, partition_corpus
    >>> with dask_client("local") as client:  # doctest: +SKIP
    ...     parts = partition_corpus("seeds", client)
    ...     partitioned_compare_counterparts(parts, "USA").attrs["reference"]
    'rest'
    """
    check_option("unit", unit, UNITS)
    # An external list is not counted on the workers: an empty mapping stands for it there.
    counted = {} if isinstance(reference, (pd.Series, dict)) else reference
    sides = parts.map(_sides_part, target=target, reference=counted,
                      unit=unit, by=by, ngram=ngram, stopwords=stopwords, lexicon=lexicon,
                      translation=translation, voice=voice, compounds=compounds)
    return compare_sides(functools.reduce(operator.add, sides), reference, measure=measure,
                         lexicon=lexicon, min_count=min_count, exclude_names=exclude_names,
                         adjust=adjust, alpha=alpha, **keyness_options)


def _collocations_part(corpus: Corpus, around: str | None, **options: Any) -> CollocationCounts:
    return collocation_counts(corpus, around, **options)


def partitioned_collocations(
    parts: PartitionedCorpus,
    around: str | None = None,
    *,
    window: int = 5,
    measure: CollocationMeasure = "g2",
    min_count: int = 3,
    stopwords: Stopwords = True,
    lexicon: LexiconLike = None,
    adjust: Adjust | None = "bh",
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """:func:`~milrel_analysis.collocations.collocations` of a corpus kept in partitions.

    Each partition counts its pairs or the collocates of the node and the words'
    frequencies (:func:`~milrel_analysis.collocations.collocation_counts`, by word; a
    window never crosses a sentence, so never a partition); the counts are added up and
    scored once. Word pairs bring back every pair a partition has: around a node, only its
    collocates.

    Examples
    --------
    >>> from milrel_analysis.corpus.distributed import dask_client, partition_corpus
    >>> with dask_client("local") as client:  # doctest: +SKIP
    ...     parts = partition_corpus("seeds", client)
    ...     partitioned_collocations(parts, "USA", min_count=2).attrs["kind"]
    'counterpart'
    """
    counts = parts.map(_collocations_part, around=around, window=window, stopwords=stopwords,
                       lexicon=lexicon, translation=translation, voice=voice)
    return score_collocations(functools.reduce(operator.add, counts), measure=measure,
                              min_count=min_count, adjust=adjust)


def _concat(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The tables one under another; empty ones (a partition without documents) left out."""
    full = [t for t in tables if len(t)]
    if not full:
        return tables[0]
    out = pd.concat(full, ignore_index=True)
    # A column a partition holds only missing values of comes back as objects from it; the
    # whole corpus, with some text in that column, infers strings.
    for col in out.columns:
        strings = [t[col].dtype for t in full if isinstance(t[col].dtype, pd.StringDtype)]
        if strings and out[col].dtype != strings[0]:
            out[col] = out[col].astype(strings[0])
    return out


def _in_group_order(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Partitions' tables put in group order, each group's rows in their order (a stable sort).

    Where the partitions' groups already follow one another in order (documents named in the
    order of their files), there is nothing to sort.
    """
    if len(by) == 1 and table[by[0]].is_monotonic_increasing:
        return table
    return table.take(np.argsort(_group_codes(table, by), kind="stable")).reset_index(drop=True)


def _group_codes(table: pd.DataFrame, by: list[str]) -> np.ndarray:
    """Each row's group number, groups numbered in the order term_frequency's groupby sorts them."""
    return table.groupby(by, dropna=False, sort=True).ngroup().to_numpy()
