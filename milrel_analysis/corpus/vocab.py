"""Tokens counted once: a corpus's segments as integer codes over one sorted vocabulary.

Loading tokenizes each segment once (:func:`~milrel_analysis.text.words.tokenize_edges`, the
single definition of a token, with the packaged compounds); each document's tokens are
encoded against a small local vocabulary (:class:`DocumentTokens`, cheap to send back from a
worker process), and :func:`merge_documents` merges those into a :class:`TokenTable`: the
sorted unique tokens (the same corpus always gives the same codes), every segment's tokens
as int32 codes and the segments' offsets. Counting functions derive what they need from it
once and keep it on the table: the segment x term count matrix (:meth:`TokenTable.matrix`),
the tokens per sentence for n-grams (:meth:`TokenTable.sentences`) and stemmed or
lemmatised forms (:meth:`TokenTable.forms`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from .._parallel import n_workers, pool_map
from ..text.words import Compounds, Edges, sentence_spans, stemmer, tokenize_edges, tokenize_text

__all__ = ["DocumentTokens", "SentenceTokens", "TokenTable", "encode_document", "merge_documents",
           "replace_segments", "table_from_texts"]

_EMPTY_CODES = np.zeros(0, dtype=np.int32)
# Copy-on-write (always on from pandas 3) is what lets a kept column stand for its texts.
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3


def _lines(joined: str, n: int) -> list[str]:
    """The `n` strings that `joined` holds one a line (none when `n` is 0)."""
    return joined.split("\n") if n else []


@dataclass(frozen=True)
class DocumentTokens:
    """One document's tokens: a local vocabulary, int32 codes into it, segment offsets.

    The strings travel as one string each, one entry a line (a token never holds a line
    break): a worker's results unpickle as a few large strings instead of a Python string per
    word of each document, which is what kept the parent's memory low (about 5 million local
    vocabulary entries on the UN corpus). `heads` and `continues` hold each segment's
    :class:`~milrel_analysis.text.words.Edges` (what a compound crossing into or out of it
    would meet).
    """

    vocab: str
    codes: np.ndarray
    offsets: np.ndarray
    heads: str
    continues: str

    @property
    def n_segments(self) -> int:
        """Number of segments."""
        return len(self.offsets) - 1

    def words(self) -> list[str]:
        """The local vocabulary, in code order.

        Examples
        --------
        >>> encode_document([tokenize_edges("Talks, win-win talks", None)]).words()
        ['talks', 'win-win']
        """
        return self.vocab.split("\n") if self.vocab else []

    def edges(self) -> tuple[list[str], list[str]]:
        """Each segment's head and continues (see :class:`~milrel_analysis.text.words.Edges`)."""
        return _lines(self.heads, self.n_segments), _lines(self.continues, self.n_segments)

    def tokens(self, segment: int) -> list[str]:
        """The tokens of one segment, as strings.

        Examples
        --------
        >>> doc = encode_document([tokenize_edges("Win-win talks", None)])
        >>> doc.tokens(0)
        ['win-win', 'talks']
        """
        vocab = self.words()
        return [vocab[c] for c in self.codes[self.offsets[segment]:self.offsets[segment + 1]]]


def encode_document(edges: Sequence[Edges]) -> DocumentTokens:
    """Encode a document's segments (their tokens and edges) against a local vocabulary.

    Examples
    --------
    >>> doc = encode_document([tokenize_edges(t, None) for t in ["Talks, talks.", "Win-win"]])
    >>> doc.words(), doc.codes.tolist(), doc.offsets.tolist()
    (['talks', 'win-win'], [0, 0, 1], [0, 2, 3])
    """
    tokens = list(chain.from_iterable(e.tokens for e in edges))
    vocab = list(dict.fromkeys(tokens))  # first-seen order; the global vocabulary is sorted
    index = dict(zip(vocab, range(len(vocab)), strict=True))
    codes = np.fromiter(map(index.__getitem__, tokens), dtype=np.int32, count=len(tokens))
    offsets = np.zeros(len(edges) + 1, dtype=np.int64)
    np.cumsum([len(e.tokens) for e in edges], out=offsets[1:])
    return DocumentTokens("\n".join(vocab), codes, offsets, "\n".join(e.head for e in edges),
                          "\n".join(e.continues for e in edges))


def replace_segments(doc: DocumentTokens, changed: Mapping[int, Edges]) -> DocumentTokens:
    """`doc` with the segments of `changed` (index -> new edges) encoded again.

    Examples
    --------
    >>> doc = encode_document([tokenize_edges(t, None) for t in ["mu ltilateral", "talks"]])
    >>> replace_segments(doc, {0: tokenize_edges("multilateral", None)}).tokens(0)
    ['multilateral']
    """
    if not changed:
        return doc
    heads, continues = doc.edges()
    edges = [changed[i] if i in changed else Edges(doc.tokens(i), heads[i], continues[i])
             for i in range(doc.n_segments)]
    return encode_document(edges)


@dataclass(eq=False)
class SentenceTokens:
    """The tokens of each sentence of each segment, as n-grams and collocations need them.

    A segment's sentences are :func:`~milrel_analysis.text.words.split_sentences`'s, each
    tokenized on its own (a compound never spans two sentences here, while the segment's
    own tokens may join one across a sentence break: then the codes differ from the table's).

    Attributes
    ----------
    vocab : ndarray of str
        Sorted; the table's own vocabulary unless a sentence has a token the segments lack.
    codes : ndarray of int32
        Every sentence's tokens, in order.
    offsets : ndarray of int64
        Token offset of each sentence (one more than there are sentences).
    segments : ndarray of int64
        Sentence offset of each segment (one more than there are segments).
    starts, ends : ndarray of int64
        Where each sentence lies in its segment's text (character offsets), as
        :func:`~milrel_analysis.text.words.sentence_spans` gives them.
    """

    vocab: np.ndarray
    codes: np.ndarray
    offsets: np.ndarray
    segments: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def sentence_ids(self) -> np.ndarray:
        """The sentence of every token position."""
        return np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int64), np.diff(self.offsets))


@dataclass(eq=False)
class TokenTable:
    """A corpus's tokens counted once: one row per segment of ``Corpus.segments``, in order.

    Attributes
    ----------
    vocab : ndarray of str
        The sorted unique tokens; codes index it.
    codes : ndarray of int32
        Every segment's tokens, in order.
    offsets : ndarray of int64
        Token offset of each segment (one more than there are segments).
    heads, continues : ndarray of str
        Each segment's :class:`~milrel_analysis.text.words.Edges`.

    Examples
    --------
    >>> table = table_from_texts(["Win-win talks.", "Talks"], None)
    >>> table.vocab.tolist(), table.codes.tolist(), table.n_tokens.tolist()
    (['talks', 'win-win'], [1, 0, 0], [2, 1])
    >>> table.matrix().toarray().tolist()
    [[1, 1], [1, 0]]
    """

    vocab: np.ndarray
    codes: np.ndarray
    offsets: np.ndarray
    heads: np.ndarray
    continues: np.ndarray
    # What is derived from the codes, built on first use and kept (never stored or pickled).
    derived: dict[Any, Any] = field(default_factory=dict, repr=False)
    texts_hash: int | None = field(default=None, repr=False)
    # Where a cached corpus keeps what is derived across processes (set by the cache; has
    # ``load_sentences(compounds)`` and ``save_sentences(sentences, compounds)``).
    store: Any = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.update(derived={}, texts_hash=None, store=None)  # a str hash differs between processes
        return state

    @property
    def n_tokens(self) -> np.ndarray:
        """Tokens per segment (``Corpus.segments["n_tokens"]`` of a loaded corpus)."""
        return np.diff(self.offsets)

    @property
    def nbytes(self) -> int:
        """Memory of the table itself (codes, offsets, vocabulary), without what is derived.

        Examples
        --------
        >>> table_from_texts(["Talks"], None).nbytes > 0
        True
        """
        strings = sum(len(s) for s in chain(self.vocab, self.heads, self.continues))
        return int(self.codes.nbytes + self.offsets.nbytes + strings
                   + 8 * (len(self.vocab) + len(self.heads) + len(self.continues)))

    def equals(self, other: object) -> bool:
        """Whether `other` is a table with the same vocabulary, codes, offsets and edges.

        Examples
        --------
        >>> table_from_texts(["Talks"], None).equals(table_from_texts(["Talks"], None))
        True
        """
        return (isinstance(other, TokenTable) and self.vocab.tolist() == other.vocab.tolist()
                and np.array_equal(self.codes, other.codes)
                and np.array_equal(self.offsets, other.offsets)
                and self.heads.tolist() == other.heads.tolist()
                and self.continues.tolist() == other.continues.tolist())

    def describes(self, texts: Sequence[str]) -> bool:
        """Whether the table holds the tokens of these segment texts (in this order).

        The first call binds the table to the texts it is given (a loaded corpus's table is
        built from them); later calls compare a hash of the texts, cheap because Python keeps
        each string's hash.
        """
        if len(texts) != len(self):
            return False
        digest = hash(tuple(texts))
        if self.texts_hash is None:
            self.texts_hash = digest
        return self.texts_hash == digest

    def describes_column(self, column: pd.Series) -> bool:
        """As :meth:`describes`, for the segments' ``text`` column itself; cheap when unchanged.

        The column checked last is kept: while the segments hold the same string array, the
        texts are those already checked (pandas copies on write an array that a kept Series
        still views, so an edit gives the segments a new one). Otherwise the texts are hashed.

        Examples
        --------
        >>> texts = pd.Series(["Win-win talks"], dtype="str")
        >>> table = table_from_texts(texts.tolist(), None)
        >>> table.describes_column(texts), table.describes_column(pd.Series(["Talks"], dtype="str"))
        (True, False)
        """
        held = self.derived.get("texts_column")
        if held is not None and _COPY_ON_WRITE and held.array is column.array:
            return True
        if not self.describes(column.tolist()):
            return False
        self.derived["texts_column"] = column
        return True

    def segment_tokens(self, row: int) -> list[str]:
        """The tokens of segment `row`, as strings.

        Examples
        --------
        >>> table_from_texts(["Win-win talks"], None).segment_tokens(0)
        ['win-win', 'talks']
        """
        return self.vocab[self.codes[self.offsets[row]:self.offsets[row + 1]]].tolist()

    def take(self, rows: np.ndarray) -> TokenTable:
        """The table of some segments (positions `rows`), with the same vocabulary and codes.

        Examples
        --------
        >>> table_from_texts(["Win-win", "Talks"], None).take(np.array([1])).segment_tokens(0)
        ['talks']
        """
        rows = np.asarray(rows, dtype=np.int64)
        positions = ranges(self.offsets[rows], self.offsets[rows + 1])
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(self.n_tokens[rows], out=offsets[1:])
        out = TokenTable(self.vocab, self.codes[positions], offsets, self.heads[rows],
                         self.continues[rows])
        if "matrix" in self.derived:
            out.derived["matrix"] = self.derived["matrix"][rows]
        return out

    def matrix(self) -> sparse.csr_matrix:
        """Segment x term counts (CSR, int64, columns in vocabulary order), built once.

        Examples
        --------
        >>> table_from_texts(["talks talks"], None).matrix().toarray().tolist()
        [[2]]
        """
        if "matrix" not in self.derived:
            # The codes and offsets are already a CSR layout with repeated columns: summing
            # the repeats in place is 3-4x faster than going through (row, column) pairs.
            ones = np.ones(len(self.codes), dtype=np.int64)
            matrix = sparse.csr_matrix((ones, self.codes.copy(), self.offsets.copy()),
                                       shape=(len(self), len(self.vocab)))
            matrix.sum_duplicates()
            # Summing leaves views of the token-long arrays: copies of the cells let them go
            # (on the UN corpus, 150 MB kept for 55 MB of cells).
            matrix.data, matrix.indices = matrix.data.copy(), matrix.indices.copy()
            self.derived["matrix"] = matrix
        return self.derived["matrix"]

    def forms(self, normalize: str) -> tuple[np.ndarray, np.ndarray]:
        """The stemmed or lemmatised vocabulary: sorted unique forms, and each code's form.

        Compound tokens are left as they are (as :func:`~milrel_analysis.text.words.tokenize_text`
        leaves them).

        Examples
        --------
        >>> forms, of = table_from_texts(["relations relation"], None).forms("porter")
        >>> forms.tolist(), of.tolist()
        (['relat'], [0, 0])
        """
        key = ("forms", normalize)
        if key not in self.derived:
            self.derived[key] = normalized_forms(self.vocab, normalize)
        return self.derived[key]

    def sentences(self, texts: Sequence[str], compounds: Compounds | None, *,
                  n_jobs: int | None = None) -> SentenceTokens:
        """The tokens of each sentence of each segment (`texts`: the segments' texts), built once.

        Examples
        --------
        >>> texts = ["Win-win. Talks."]
        >>> s = table_from_texts(texts, None).sentences(texts, None)
        >>> s.vocab[s.codes].tolist(), s.offsets.tolist(), s.segments.tolist()
        (['win-win', 'talks'], [0, 1, 2], [0, 2])
        """
        if "sentences" not in self.derived:
            # A cached corpus's sentences are split once for every process that reads it
            # (each notebook's kernel): the first to need them stores them beside the tables.
            stored = self.store.load_sentences(compounds) if self.store is not None else None
            if stored is None:
                stored = _sentence_tokens(self, texts, compounds, n_jobs)
                if self.store is not None:
                    self.store.save_sentences(stored, compounds)
            self.derived["sentences"] = stored
        return self.derived["sentences"]

    def has_sentences(self) -> bool:
        """Whether :meth:`sentences` would not split the texts again (built, or stored)."""
        return "sentences" in self.derived or (self.store is not None
                                               and self.store.has_sentences())

    def sentences_of(self, texts: Sequence[str], compounds: Compounds | None, *,
                     n_jobs: int | None = None) -> SentenceTokens:
        """As :meth:`sentences`, for `texts` of some of the segments only, built now and not kept.

        For a count over a few segments (one counterpart's) before the whole corpus's
        sentences exist: the segments of the result are those of `texts`, in order; its
        vocabulary holds the table's.

        Examples
        --------
        >>> table = table_from_texts(["Win-win. Talks.", "Core interests."], None)
        >>> s = table.sentences_of(["Core interests."], None)
        >>> s.vocab[s.codes].tolist(), s.segments.tolist()
        (['core', 'interests'], [0, 1])
        """
        return _sentence_tokens(self, texts, compounds, n_jobs)


def ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The concatenated ranges ``starts[i]:stops[i]`` as one index array.

    Examples
    --------
    >>> ranges(np.array([0, 5]), np.array([2, 8])).tolist()
    [0, 1, 5, 6, 7]
    """
    lengths = (stops - starts).astype(np.int64)
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    keep = lengths > 0
    starts, lengths = starts[keep].astype(np.int64), lengths[keep]
    step = np.ones(total, dtype=np.int64)
    ends = np.cumsum(lengths)
    step[0] = starts[0]
    step[ends[:-1]] = starts[1:] - (starts[:-1] + lengths[:-1]) + 1
    return np.cumsum(step)


def normalized_forms(vocab: np.ndarray, normalize: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique forms of `vocab` under `normalize`, and the form of each entry.

    Examples
    --------
    >>> forms, of = normalized_forms(np.array(["talks", "hong_kong"], dtype=object), "porter")
    >>> forms.tolist(), of.tolist()
    (['hong_kong', 'talk'], [1, 0])
    """
    stem = stemmer(normalize)
    forms = [t if "_" in t else stem(t) for t in vocab]
    unique = sorted(set(forms))
    index = dict(zip(unique, range(len(unique)), strict=True))
    return (np.array(unique, dtype=object),
            np.fromiter(map(index.__getitem__, forms), dtype=np.int32, count=len(forms)))


def merge_documents(parts: Sequence[DocumentTokens]) -> TokenTable:
    """Merge documents' local vocabularies into one sorted one and remap their codes.

    Examples
    --------
    >>> a = encode_document([tokenize_edges("talks", None)])
    >>> b = encode_document([tokenize_edges("win-win talks", None)])
    >>> t = merge_documents([a, b])
    >>> t.vocab.tolist(), t.codes.tolist(), t.offsets.tolist()
    (['talks', 'win-win'], [0, 1, 0], [0, 1, 3])
    """
    if not parts:
        return TokenTable(np.array([], dtype=object), _EMPTY_CODES, np.zeros(1, dtype=np.int64),
                          np.array([], dtype=object), np.array([], dtype=object))
    # The local vocabularies are split, hashed and sorted in Arrow: no Python string is made
    # for the ~5 million local entries of a large corpus, only for its unique tokens. Arrow
    # orders strings by their UTF-8 bytes, which is Python's code point order.
    local = pc.split_pattern(pa.array([p.vocab or None for p in parts], type=pa.large_string()),
                             pattern="\n")
    encoded = pc.dictionary_encode(local.flatten())
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    vocab = encoded.dictionary.take(order).to_numpy(zero_copy_only=False)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    global_ids = rank[encoded.indices.to_numpy()]
    starts = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(pc.fill_null(pc.list_value_length(local), 0).to_numpy(), out=starts[1:])
    local_ids = [global_ids[a:b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
    # Remapped part by part: no corpus-long int64 temporaries (13 M tokens: 100 MB each).
    codes = np.concatenate([ids[p.codes] for ids, p in zip(local_ids, parts, strict=True)])
    offsets = np.zeros(sum(p.n_segments for p in parts) + 1, dtype=np.int64)
    np.cumsum(np.concatenate([np.diff(p.offsets) for p in parts]), out=offsets[1:])
    edges = [p.edges() for p in parts]
    return TokenTable(vocab, codes, offsets,
                      np.array(list(chain.from_iterable(h for h, _ in edges)), dtype=object),
                      np.array(list(chain.from_iterable(c for _, c in edges)), dtype=object))


def _encode_batch(batch: list[tuple[str, Compounds | None]]) -> DocumentTokens:
    return encode_document([tokenize_edges(text, compounds) for text, compounds in batch])


def table_from_texts(texts: Sequence[str], compounds: Compounds | None, *,
                     n_jobs: int | None = None) -> TokenTable:
    """Tokenize and encode segment texts (for a corpus not loaded with its tokens).

    Examples
    --------
    >>> table_from_texts(["Win-win talks"], None).segment_tokens(0)
    ['win-win', 'talks']
    """
    items = [(t, compounds) for t in texts]
    workers = n_workers(sum(map(len, texts)), n_jobs)
    return merge_documents(pool_map(_encode_batch, items, workers=workers, batch=True))


def _sentence_batch(batch: list[tuple[str, Compounds | None]]
                    ) -> tuple[DocumentTokens, list[int], list[tuple[int, int]]]:
    """Each text's sentences' tokens (one "segment" per sentence), sentences per text, spans."""
    edges: list[Edges] = []
    counts: list[int] = []
    spans: list[tuple[int, int]] = []
    for text, compounds in batch:
        text_spans = sentence_spans(text)
        counts.append(len(text_spans))
        spans += text_spans
        edges.extend(Edges(tokenize_text(text[s:e], compounds=compounds), "", "")
                     for s, e in text_spans)
    return encode_document(edges), counts, spans


def _sentence_tokens(table: TokenTable, texts: Sequence[str], compounds: Compounds | None,
                     n_jobs: int | None) -> SentenceTokens:
    items = [(t, compounds) for t in texts]
    workers = n_workers(sum(map(len, texts)), n_jobs)
    batches = pool_map(_sentence_batch, items, workers=workers, batch=True)
    merged = merge_documents([b[0] for b in batches])
    per_segment = np.array(list(chain.from_iterable(b[1] for b in batches)), dtype=np.int64)
    segments = np.zeros(len(per_segment) + 1, dtype=np.int64)
    np.cumsum(per_segment, out=segments[1:])
    vocab = np.array(sorted(set(table.vocab).union(merged.vocab)), dtype=object)
    if len(vocab) == len(table.vocab):
        vocab = table.vocab  # no token the segments lack (the common case): the same codes
    codes = np.searchsorted(vocab, merged.vocab).astype(np.int32)[merged.codes] if len(
        merged.codes) else _EMPTY_CODES
    if vocab is table.vocab and np.array_equal(codes, table.codes):
        codes = table.codes  # no compound across a sentence break: share the codes
    spans = np.array(list(chain.from_iterable(b[2] for b in batches)), dtype=np.int64).reshape(-1, 2)
    return SentenceTokens(vocab, codes, merged.offsets, segments, spans[:, 0].copy(),
                          spans[:, 1].copy())
