"""Term frequency tables: counts, rates per 10k tokens, document frequency, tf-idf.

Counting works on the corpus's tokens counted once (integer codes over one vocabulary, see
:func:`~milrel_analysis.tokens.count_units`): a segment x term matrix summed into groups with
sparse products, never a one-row-per-token DataFrame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from ._parallel import paused_gc
from ._types import NGram, Normalize, Stopwords, Translation, Voice
from ._validation import as_list, check_count, require_columns
from .corpus.groups import group_segments
from .corpus.model import Corpus
from .errors import ArgumentValueError
from .tokens import count_options, count_units

__all__ = ["term_frequency", "tf_idf", "top_terms"]


# --------------------------------------------------------------------------- counting


def _term_ranks(vocab: np.ndarray) -> np.ndarray:
    """Alphabetical rank of each vocabulary entry."""
    ranks = np.empty(len(vocab), dtype=np.int64)
    ranks[sorted(range(len(vocab)), key=vocab.__getitem__)] = np.arange(len(vocab))
    return ranks


def _sort_order(group: np.ndarray, measure: np.ndarray, ranks: np.ndarray,
                n_terms: int) -> np.ndarray:
    """Order by group, then `measure` descending, then term rank.

    One int64 key where it fits: about 3x faster than np.lexsort.
    """
    if not len(measure):
        return np.arange(0)
    if np.issubdtype(measure.dtype, np.integer) and measure.min() >= 0:
        m_rank = measure.astype(np.int64)  # counts rank themselves
    else:
        m_rank = np.unique(measure, return_inverse=True)[1].astype(np.int64)
    n_measure, n_terms = int(m_rank.max()) + 1, max(n_terms, 1)
    if (int(group.max()) + 1) * n_measure * n_terms < 2**62:
        # In place: one row-long temporary instead of one per operation.
        key = group.astype(np.int64)
        key *= n_measure
        key += n_measure - 1
        key -= m_rank
        del m_rank
        key *= n_terms
        key += ranks
        return np.argsort(key, kind="stable")
    return np.lexsort((ranks, -measure, group))


def _cells(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, value) of every stored cell of a CSR matrix, row by row."""
    matrix.sort_indices()
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    return rows, matrix.indices, matrix.data.astype(np.int64, copy=False)


def _term_table(
    corpus: Corpus,
    by: str | Sequence[str],
    ngram: NGram,
    stopwords: Stopwords,
    lowercase: bool,
    normalize: Normalize | None,
    translation: Translation,
    n_jobs: int | None,
    voice: Voice = "official",
    compounds: bool = True,
    only: Sequence[Any] | None = None,
) -> _TermTable:
    """Counts per group: units (a document's segments in a group) counted, then summed."""
    by_list = as_list(by)
    opts = count_options(ngram=ngram, stopwords=stopwords, lowercase=lowercase, normalize=normalize,
                         compounds=compounds)
    frame = group_segments(corpus, by_list, translation=translation, voice=voice, row=True, text=False)
    if only is not None:  # every figure of a group is the group's own: the others can go
        frame = frame[frame[by_list[0]].isin(list(only))].reset_index(drop=True)
    keys = ["doc_id", *[c for c in by_list if c != "doc_id"]]
    grouper = frame.groupby(keys, dropna=False, sort=True)
    unit = grouper.ngroup().to_numpy()
    units = grouper.size().index.to_frame(index=False)
    order = np.argsort(unit, kind="stable")  # a unit's segments in reading order
    with paused_gc():
        counted = count_units(corpus, frame["row"].to_numpy()[order], unit[order], opts,
                              n_units=len(units), n_jobs=n_jobs)
    units["n_tokens"] = counted.n_tokens
    if by_list == ["doc_id"]:  # units are the groups
        group, term_code, count = _cells(counted.matrix)
        return _TermTable(units[["doc_id", "n_tokens"]], group, term_code, count,
                          np.ones(len(count), dtype=np.int64), counted.vocab)
    # doc_freq: a document is one unit of each group, so it counts the units using a term.
    units["group"] = units.groupby(by_list, dropna=False, sort=True).ngroup()
    groups = units.groupby("group", sort=True).agg(
        **{c: (c, "first") for c in by_list}, n_tokens=("n_tokens", "sum"))
    into = sparse.csr_matrix((np.ones(len(units), dtype=np.int64),
                              (units["group"].to_numpy(), np.arange(len(units)))),
                             shape=(len(groups), len(units)))
    summed = (into @ counted.matrix).tocsr()
    used = counted.matrix.copy()
    used.data = np.ones(len(used.data), dtype=np.int64)
    group, term_code, count = _cells(summed)
    doc_freq = _cells((into @ used).tocsr())[2]
    return _TermTable(groups.reset_index(drop=True), group, term_code, count, doc_freq,
                      counted.vocab)


@dataclass
class _TermTable:
    """Counts of terms per group as parallel arrays, and the groups' own table."""

    groups: pd.DataFrame  # one row per group: the `by` columns and n_tokens
    group: np.ndarray  # row of `groups` of each count
    term_code: np.ndarray  # index into `vocab`
    count: np.ndarray
    doc_freq: np.ndarray
    vocab: np.ndarray
    sorted_by_count: bool = False  # rows already ordered by group, count (desc), term

    def subset(self, keep: np.ndarray) -> _TermTable:
        return _TermTable(self.groups, self.group[keep], self.term_code[keep], self.count[keep],
                          self.doc_freq[keep], self.vocab, self.sorted_by_count)

    def tidy(self, by: list[str], measure: np.ndarray) -> tuple[dict[str, Any], np.ndarray]:
        """Order rows by group, `measure` (descending), term.

        Returns the group and term columns in that order, and the order itself, so that the
        caller builds its DataFrame once (adding columns one by one costs a copy each).
        """
        if self.sorted_by_count and measure is self.count:
            order = np.arange(len(self.term_code))  # the workers sorted each document's rows
        else:
            order = _sort_order(self.group, measure, _term_ranks(self.vocab)[self.term_code],
                                len(self.vocab))
        rows = self.group[order]
        columns: dict[str, Any] = {col: self.groups[col].array.take(rows) for col in by}
        # Taking from the vocabulary as a pandas array gives the string dtype pandas infers for
        # the terms without building a row-long object array first.
        columns["term"] = pd.Series(self.vocab).array.take(self.term_code[order])
        return columns, order


def term_frequency(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = "doc_id",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    min_count: int = 1,
    lowercase: bool = True,
    normalize: Normalize | None = None,
    translation: Translation = "official",
    voice: Voice = "official",
    n_jobs: int | None = None,
    compounds: bool = True,
    groups: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """Count terms (words or n-grams) per group: one row per (group, term).

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default="doc_id"
        Document columns (``doc_id``, ``year``, ``spokesperson``, ``primary_counterpart``),
        segment columns (``speaker``) or ``counterpart`` (segment-level attribution).
    ngram : int or (int, int), default=1
        N-gram order or an inclusive range such as ``(1, 3)``; n-grams never cross sentences.
    stopwords : bool or collection of str, default=True
        Drop the packaged stopwords (``True``), none, or your own; an n-gram is dropped
        when it starts or ends with one.
    min_count : int, default=1
        Drop rows whose count in the group is lower.
    lowercase, normalize
        As in :func:`milrel_analysis.tokenize_text`.
    translation : {"official", "machine", "all"}, default="official"
        Which variant of a passage given twice to count (never both, unless ``"all"``).
    voice : {"official", "press", "all"}, default="official"
        Whose words: China's (everything but journalists' questions), the questions only,
        or both.
    n_jobs : int, optional
        Worker processes; default one for small corpora, every core from 8 MB of text.
    compounds : bool, default=True
        Count multi-word names and formulae as one term (``hong_kong``, ``core_interests``),
        as :func:`milrel_analysis.tokenize_text` does.
    groups : sequence, optional
        Count only these groups of `by` (one column), such as the counterparts a report
        shows: their rows are those of the whole table, found faster (default: every group).

    Notes
    -----
    Terms are counted from the corpus's tokens counted once at load (``Corpus.tokens``),
    not by tokenizing the text again. ``lowercase=False`` and ``compounds=False`` are not in
    those codes: with either, the text is tokenized again (the same tokenizer, so the same
    counts it always gave, only slower).

    Returns
    -------
    DataFrame
        ``[*by, term, count, rate_per_10k, doc_freq, n_docs]``: `rate_per_10k` is per
        10,000 word tokens of the group (all words, stopwords included); `doc_freq` counts
        the group's documents that use the term, and `n_docs` is the same number under the
        name the other tables use. Sorted by group, count (descending), term.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win cooperation. Win-win!", "b": "Core interests."})
    >>> term_frequency(c).head(2).round(2).to_dict("records")
    [{'doc_id': 'a', 'term': 'win-win', 'count': 2, 'rate_per_10k': 6666.67, 'doc_freq': 1, \
'n_docs': 1}, {'doc_id': 'a', 'term': 'cooperation', 'count': 1, 'rate_per_10k': 3333.33, \
'doc_freq': 1, 'n_docs': 1}]
    """
    by_list = as_list(by)
    if groups is not None and len(by_list) != 1:
        raise ArgumentValueError(f"groups= selects groups of one column; by={by_list!r} has "
                                 f"{len(by_list)}")
    if isinstance(groups, str):
        groups = [groups]
    table = _term_table(corpus, by_list, ngram, stopwords, lowercase, normalize, translation,
                        n_jobs, voice, compounds, groups)
    if min_count > 1:
        table = table.subset(table.count >= min_count)
    columns, order = table.tidy(by_list, table.count)
    # Row-long arrays: each is taken once, and the table's own go as soon as they are taken.
    n_tokens = table.groups["n_tokens"].to_numpy()[table.group[order]]
    columns["count"] = table.count[order]
    columns["doc_freq"] = table.doc_freq[order]
    del table, order
    rate = columns["count"] * 1e4
    rate /= np.maximum(n_tokens, 1)
    rate[n_tokens == 0] = 0.0
    del n_tokens
    columns["rate_per_10k"] = rate
    columns["n_docs"] = columns["doc_freq"]  # the name phrase_counts and the comparisons use
    columns = {name: columns[name] for name in [*by_list, "term", "count", "rate_per_10k",
                                                 "doc_freq", "n_docs"]}
    # copy=False: the columns are this call's own arrays; stacking them into one block would
    # copy them all at the peak (with 4 M rows on the UN corpus, about 100 MB).
    return pd.DataFrame(columns, copy=False)


def _sort(frame: pd.DataFrame, by: list[str], measure: str) -> pd.DataFrame:
    order = [True] * len(by) + [False, True]
    return frame.sort_values([*by, measure, "term"], ascending=order, ignore_index=True,
                             na_position="last", kind="stable")


def tf_idf(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = "doc_id",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    min_count: int = 1,
    smooth: bool = True,
    sublinear: bool = False,
    translation: Translation = "official",
    voice: Voice = "official",
    n_jobs: int | None = None,
    compounds: bool = True,
) -> pd.DataFrame:
    """Term frequency-inverse document frequency, with each group as one "document".

    ``tf`` is the term's share of the group's word tokens (``1 + log(count)`` share when
    `sublinear`); ``idf = ln((1 + n) / (1 + df)) + 1`` with `smooth` (scikit-learn's
    default) or ``ln(n / df) + 1`` without, where n is the number of groups and df the
    number of groups using the term.

    Parameters
    ----------
    corpus : Corpus
    by, ngram, stopwords, min_count, translation, voice, n_jobs, compounds
        As in :func:`term_frequency` (counted from ``Corpus.tokens``; with
        ``compounds=False`` from the text).
    smooth : bool, default=True
        Add one to document frequencies, as if a group held every term once.
    sublinear : bool, default=False
        Use ``1 + log(count)`` for the term frequency.

    Returns
    -------
    DataFrame
        ``[*by, term, count, tf, idf, tf_idf]``, sorted by group, tf_idf (descending), term.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win talks.", "b": "Core interests talks."})
    >>> t = tf_idf(c)
    >>> row = t[t.doc_id == "a"].iloc[0]
    >>> row["term"], round(float(row["idf"]), 6)
    ('win-win', 1.405465)
    """
    by_list = as_list(by)
    table = _term_table(corpus, by_list, ngram, stopwords, True, None, translation, n_jobs,
                        voice, compounds)
    n_groups = len(table.groups)
    df = np.bincount(table.term_code, minlength=len(table.vocab))[table.term_code]
    idf = np.log((1 + n_groups) / (1 + df)) + 1 if smooth else np.log(n_groups / df) + 1
    count = table.count.astype("int64")
    n_tokens = table.groups["n_tokens"].to_numpy()[table.group]
    weight = (1 + np.log(count)) if sublinear else count
    tf = weight / np.maximum(n_tokens, 1)
    score = tf * idf
    keep = count >= min_count
    table = table.subset(keep)
    count, tf, idf, score = count[keep], tf[keep], idf[keep], score[keep]
    columns, order = table.tidy(by_list, score)
    columns.update(count=count[order], tf=tf[order], idf=idf[order], tf_idf=score[order])
    return pd.DataFrame(columns, copy=False)


def top_terms(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    top: int = 10,
    measure: str | None = None,
    n: int | None = None,
) -> pd.DataFrame:
    """The `top` highest-ranked terms per group of a :func:`term_frequency` or :func:`tf_idf` table.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`term_frequency` or :func:`tf_idf`.
    by : str or list of str, optional
        Group columns; default: every column before ``term``.
    top : int, default=10
        Terms kept per group.
    measure : str, optional
        Column to rank by; default ``tf_idf`` when present, else ``count``.
    n : int, optional
        The former name of `top`, still accepted.

    Returns
    -------
    DataFrame
        The same columns plus ``rank`` (1 = highest), ties broken by term.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> tf = term_frequency(corpus_from_texts({"a": "talks talks win-win"}))
    >>> top_terms(tf, top=1)[["doc_id", "term", "rank"]].to_dict("records")
    [{'doc_id': 'a', 'term': 'talks', 'rank': 1}]
    """
    require_columns(table, ["term"], name="table")
    if by is None:
        by = list(table.columns[: list(table.columns).index("term")])
    by = as_list(by)
    measure = measure or ("tf_idf" if "tf_idf" in table.columns else "count")
    require_columns(table, [measure, *by], name="table")
    top = top if n is None else n
    check_count("top", top, minimum=1)
    ranked = _sort(table, by, measure)
    ranked["rank"] = ranked.groupby(by, dropna=False, sort=False).cumcount() + 1 if by else (
        np.arange(len(ranked)) + 1)
    return ranked[ranked["rank"] <= top].reset_index(drop=True)
