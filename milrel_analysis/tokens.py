"""The tokens stage: a corpus's countable segments as word tokens, and terms counted from them.

:func:`tokenize_corpus` gives the tokens themselves; :func:`count_units` counts terms (words
or n-grams inside sentences) per unit of segments with :class:`CountOptions`, for
:mod:`.frequency`, :mod:`.compare` and :mod:`.collocations`, from the corpus's tokens
counted once (:class:`~milrel_analysis.corpus.vocab.TokenTable`); :func:`count_texts`
counts texts themselves, the path for options the codes cannot give. Both rest on
:func:`milrel_analysis.text.words.tokenize_text`, the single definition of a token.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from ._parallel import n_workers, pool_map
from ._types import NORMALIZERS, NGram, Normalize, Stopwords, Translation, Voice
from ._validation import check_option
from .corpus.model import Corpus
from .corpus.vocab import TokenTable, normalized_forms, ranges
from .errors import ArgumentValueError
from .lexicons import default_compounds
from .text import words
from .text.words import (
    Compounds,
    find_words,
    resolve_stopwords,
    split_sentences,
    stemmer,
    tokenize_edges,
)

__all__ = [
    "CountOptions",
    "UnitCounts",
    "count_options",
    "count_text",
    "count_texts",
    "coded_sentences",
    "sentence_token_counts",
    "count_units",
    "counts_from_codes",
    "count_words",
    "find_words",
    "resolve_compounds",
    "ngram_range",
    "sentence_tokens",
    "split_sentences",
    "tokenize_corpus",
    "tokenize_text",
]


@dataclass(frozen=True)
class CountOptions:
    """How text becomes terms: n-gram range, stopwords, case, normalisation.

    Build it with :func:`count_options`, which validates each option.
    """

    ngram: tuple[int, int]
    stopwords: frozenset[str]
    lowercase: bool
    normalize: Normalize | None
    compounds: Compounds | None = None


def count_options(
    *,
    ngram: NGram | range = 1,
    stopwords: Stopwords = True,
    lowercase: bool = True,
    normalize: Normalize | None = None,
    compounds: bool | Compounds = True,
) -> CountOptions:
    """Validated :class:`CountOptions`.

    Examples
    --------
    >>> count_options(ngram=(1, 2), stopwords=False).ngram
    (1, 2)
    """
    if normalize is not None:
        check_option("normalize", normalize, NORMALIZERS)
    return CountOptions(ngram_range(ngram), resolve_stopwords(stopwords), lowercase, normalize,
                        resolve_compounds(compounds))


def resolve_compounds(compounds: bool | Compounds | None) -> Compounds | None:
    """The compounds an option names: the packaged ones (``True``), none, or the caller's.

    Examples
    --------
    >>> resolve_compounds(False) is None, len(resolve_compounds(True)) > 1000
    (True, True)
    """
    if compounds is True:
        return default_compounds()
    if compounds is False or compounds is None:
        return None
    if not isinstance(compounds, Compounds):
        return Compounds(compounds)  # a collection of phrases
    return compounds


def tokenize_text(
    text: str,
    *,
    lowercase: bool = True,
    stopwords: Stopwords = False,
    normalize: Normalize | None = None,
    compounds: bool | Compounds = True,
) -> list[str]:
    """Return the tokens of `text`: words, numbers, and names and formulae as one token.

    The single definition of a token (see :func:`milrel_analysis.text.words.tokenize_text`),
    with the packaged compounds joined by default: every multi-word name of the gazetteer
    and formula of the lexicon becomes one token joined with ``_`` (quanteda's
    ``tokens_compound``): ``hong_kong``, ``wang_yi``, ``south_china_sea``,
    ``belt_and_road``, ``people's_liberation_army``.

    Parameters
    ----------
    text : str
    lowercase : bool, default=True
    stopwords : bool or collection of str, default=False
        ``True`` drops the packaged English stopwords (the pronoun "us" among them, never
        the country ``u.s.``); a collection drops those words.
    normalize : {None, "porter", "snowball", "lemma"}, default=None
    compounds : bool or Compounds or collection of str, default=True
        ``True``: the packaged names and formulae; ``False``: none; or your own.

    Examples
    --------
    >>> tokenize_text("Wang Yi said the US side in Hong Kong must respect China's core interests")
    ['wang_yi', 'said', 'the', 'u.s.', 'side', 'in', 'hong_kong', 'must', 'respect', 'china', \
'core_interests']
    >>> tokenize_text("Hong Kong", compounds=False)
    ['hong', 'kong']
    """
    return words.tokenize_text(text, lowercase=lowercase, stopwords=stopwords, normalize=normalize,
                               compounds=resolve_compounds(compounds))


def sentence_tokens(text: str, **options: Any) -> list[list[str]]:
    """Tokens per sentence (n-grams are built inside these lists, never across them).

    Examples
    --------
    >>> sentence_tokens("Win-win. Core interests.")
    [['win-win'], ['core_interests']]
    """
    return [tokenize_text(s, **options) for s in split_sentences(text)]


def count_words(text: str, *, compounds: bool | Compounds = True) -> int:
    """The number of tokens of `text` (:func:`tokenize_text` with the same compounds).

    Examples
    --------
    >>> count_words("Hong Kong spent 1,000 yuan."), count_words("Hong Kong", compounds=False)
    (4, 2)
    """
    return words.count_words(text, resolve_compounds(compounds))


def ngram_range(ngram: NGram | range) -> tuple[int, int]:
    """An n-gram option as an inclusive ``(low, high)`` pair.

    Examples
    --------
    >>> ngram_range(2), ngram_range((1, 3))
    ((2, 2), (1, 3))
    """
    if isinstance(ngram, int):
        lo = hi = ngram
    elif isinstance(ngram, range):
        lo, hi = ngram.start, ngram.stop - 1
    else:
        lo, hi = ngram
    if not 1 <= lo <= hi:
        raise ArgumentValueError(f"ngram={ngram!r}: give an int >= 1 or a range like (1, 3)")
    return lo, hi


def count_text(text: str, opts: CountOptions) -> tuple[Counter, int]:
    """Term counts and the number of word tokens of one text.

    Examples
    --------
    >>> count_text("Win-win. Win-win talks.", count_options())
    (Counter({'win-win': 2, 'talks': 1}), 3)
    """
    lo, hi = opts.ngram
    stop = opts.stopwords
    # Stopwords are matched before stemming ("was" is a stopword, its stem "wa" is not);
    # compounds are not stemmed, as in tokenize_text.
    stem = stemmer(opts.normalize) if opts.normalize else None
    if (lo, hi) == (1, 1):
        tokens = tokenize_text(text, lowercase=opts.lowercase, compounds=opts.compounds or False)
        words: Counter = Counter(tokens)
        for word in stop.intersection(words):
            words.pop(word)  # dict.pop: Counter's own __delitem__ is slow Python
        if stem is not None:
            stemmed: Counter = Counter()
            for word, k in words.items():
                stemmed[word if "_" in word else stem(word)] += k
            words = stemmed
        return words, len(tokens)
    counts: Counter = Counter()
    n_tokens = 0
    for sent in sentence_tokens(text, lowercase=opts.lowercase, compounds=opts.compounds or False):
        n_tokens += len(sent)
        forms = [t if "_" in t else stem(t) for t in sent] if stem else sent
        for n in range(lo, hi + 1):
            for i in range(len(sent) - n + 1):
                # Keep inner stopwords ("community with a shared future"), not edge ones.
                if stop and (sent[i] in stop or sent[i + n - 1] in stop):
                    continue
                counts[" ".join(forms[i:i + n])] += 1
    return counts, n_tokens


def count_texts(texts: Iterable[str], opts: CountOptions) -> tuple[Counter, int]:
    """Term counts and word tokens of several texts together.

    Words are counted in the texts joined by line breaks, so a compound may run from one
    text into the next ("Bosnia and" / "Herzegovina"); n-grams are counted text by text,
    inside sentences.

    Examples
    --------
    >>> count_texts(["Peace in Bosnia and", "Herzegovina"], count_options(stopwords=False))
    (Counter({'peace': 1, 'in': 1, 'bosnia_and_herzegovina': 1}), 3)
    """
    if opts.ngram == (1, 1):  # words do not cross texts: count them in one pass
        return count_text("\n".join(texts), opts)
    total: Counter = Counter()
    n = 0
    for text in texts:
        counts, k = count_text(text, opts)
        total.update(counts)
        n += k
    return total, n



def tokenize_corpus(
    corpus: Corpus,
    *,
    translation: Translation = "official",
    voice: Voice = "official",
    lowercase: bool = True,
    stopwords: Stopwords = False,
    normalize: Normalize | None = None,
    compounds: bool | Compounds = True,
    long: bool = False,
) -> pd.DataFrame:
    """Tokenise the countable segments of a corpus (one translation of each parallel passage).

    Parameters
    ----------
    corpus : Corpus
    translation : {"official", "machine", "all"}, default="official"
        Which variant of a passage given twice to keep.
    voice : {"official", "press", "all"}, default="official"
        Whose words: China's (everything but journalists' questions), the questions only,
        or both.
    lowercase, stopwords, normalize, compounds
        As in :func:`tokenize_text`.
    long : bool, default=False
        One row per token (``doc_id, seg_id, position, token``): for small corpora only.

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, tokens`` (a list per segment), or the long form.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> tokenize_corpus(corpus_from_texts({"d1": "Win-win cooperation."}))["tokens"][0]
    ['win-win', 'cooperation']
    """
    segs = corpus.countable_segments(translation=translation, voice=voice)
    out = segs[["doc_id", "seg_id"]].copy()
    out["tokens"] = [tokenize_text(t, lowercase=lowercase, stopwords=stopwords, normalize=normalize,
                                   compounds=compounds) for t in segs["text"]]
    if not long:
        return out.reset_index(drop=True)
    exploded = out.explode("tokens", ignore_index=True).dropna(subset=["tokens"])
    exploded["position"] = exploded.groupby(["doc_id", "seg_id"]).cumcount()
    return exploded.rename(columns={"tokens": "token"})[["doc_id", "seg_id", "position", "token"]]


# --------------------------------------------------------------------------- counting from codes


@dataclass(frozen=True)
class UnitCounts:
    """Term counts of units of segments (documents, groups, the sides of a comparison).

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Units x terms, int64, without stored zeros.
    vocab : ndarray of str
        The term of each column.
    n_tokens : ndarray of int64
        Word tokens of each unit, stopwords included (the denominator of rates).
    """

    matrix: sparse.csr_matrix
    vocab: np.ndarray
    n_tokens: np.ndarray


def counts_from_codes(opts: CountOptions) -> bool:
    """Whether :func:`count_units` counts from the corpus's token table with these options.

    The table holds lower-case tokens with the packaged compounds; ``lowercase=False`` and
    other compounds are counted from the text (the same tokenizer, slower).

    Examples
    --------
    >>> counts_from_codes(count_options()), counts_from_codes(count_options(compounds=False))
    (True, False)
    """
    return opts.lowercase and opts.compounds is default_compounds()


def count_units(
    corpus: Corpus,
    rows: Sequence[int] | np.ndarray,
    units: Sequence[int] | np.ndarray,
    opts: CountOptions,
    *,
    n_units: int | None = None,
    n_jobs: int | None = None,
) -> UnitCounts:
    """Count terms per unit: segments `rows` (positions in ``corpus.segments``) put in `units`.

    Each unit counts as :func:`count_texts` counts the texts of its segments, in the order
    given: words in the texts joined by line breaks (a compound may cross from one segment
    into the next), n-grams segment by segment inside sentences. The counts come from the
    corpus's :class:`~milrel_analysis.corpus.vocab.TokenTable` (a segment x term matrix
    summed into units, sparse products; stopwords drop columns, a stemmer or lemmatiser
    maps them, n-grams are read from the codes of each sentence) and equal counting the
    text; options the codes cannot give (:func:`counts_from_codes`) are counted from the
    text.

    Parameters
    ----------
    corpus : Corpus
    rows : sequence of int
        Positions in ``corpus.segments``, grouped by unit and in reading order inside one.
    units : sequence of int
        The unit (0, 1, ...) of each row.
    opts : CountOptions
    n_units : int, optional
        Number of units (default: one more than the largest of `units`).
    n_jobs : int, optional
        Worker processes where text must be tokenized (sentences for n-grams, built once).

    Returns
    -------
    UnitCounts

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win talks.\\n\\nTalks.", "b": "Core interests."})
    >>> got = count_units(c, [0, 1, 2], [0, 0, 1], count_options())
    >>> got.matrix.toarray().tolist(), got.vocab.tolist(), got.n_tokens.tolist()
    ([[0, 2, 1], [1, 0, 0]], ['core_interests', 'talks', 'win-win'], [3, 1])
    """
    rows = np.asarray(rows, dtype=np.int64)
    units = np.asarray(units, dtype=np.int64)
    if n_units is None:
        n_units = int(units.max()) + 1 if len(units) else 0
    if not counts_from_codes(opts):
        return _text_counts(corpus, rows, units, n_units, opts, n_jobs)
    table = corpus.token_table(n_jobs=n_jobs)
    if opts.ngram == (1, 1):
        return _word_counts(corpus, table, rows, units, n_units, opts)
    return _ngram_counts(corpus, table, rows, units, n_units, opts, n_jobs)


def _stop_mask(vocab: np.ndarray, stop: frozenset[str]) -> np.ndarray:
    return np.fromiter((t in stop for t in vocab), dtype=bool, count=len(vocab))


def _word_counts(corpus: Corpus, table: TokenTable, rows: np.ndarray, units: np.ndarray,
                 n_units: int, opts: CountOptions) -> UnitCounts:
    """Words per unit: the segment x term matrix summed into units, runs joined, options."""
    pick = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (units, rows)),
                             shape=(n_units, len(table)))
    counts = (pick @ table.matrix()).tocsr()
    n_tokens = np.bincount(units, weights=table.n_tokens[rows], minlength=n_units).astype(np.int64)
    counts, vocab, n_tokens = _join_runs(corpus, table, rows, units, counts, n_tokens)
    if opts.stopwords:
        keep = ~_stop_mask(vocab, opts.stopwords)
        counts, vocab = counts[:, keep], vocab[keep]
    if opts.normalize:
        forms, form_of = (table.forms(opts.normalize) if vocab is table.vocab
                          else normalized_forms(vocab, opts.normalize))
        mapping = sparse.csr_matrix((np.ones(len(vocab), dtype=np.int64),
                                     (np.arange(len(vocab)), form_of)),
                                    shape=(len(vocab), len(forms)))
        counts, vocab = (counts @ mapping).tocsr(), forms
    return UnitCounts(counts, vocab, n_tokens)


def _linked(continues: str, head: str) -> bool:
    return bool(continues) and not set(continues.split()).isdisjoint(head.split())


def _join_runs(corpus: Corpus, table: TokenTable, rows: np.ndarray, units: np.ndarray,
               counts: sparse.csr_matrix, n_tokens: np.ndarray
               ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Recount the runs of a unit's segments that a compound may join across a line break.

    A unit's words are those of its texts joined by line breaks, where a compound can run
    from one segment into the next ("Bosnia and" / "Herzegovina"). That needs a segment
    whose last words may go on (its `continues`) followed, in the unit, by one that starts
    with such a word (its `head`); such runs (rare) are tokenized again as one text, and
    their counts replace the sum of their segments'.
    """
    vocab = table.vocab
    heads, continues = table.heads, table.continues
    open_at = np.flatnonzero(continues[rows] != "")
    if not len(open_at):
        return counts, vocab, n_tokens
    texts = corpus.segments["text"]
    filled = np.flatnonzero(table.n_tokens[rows] > 0)
    runs: list[tuple[int, int, list[str]]] = []  # (first, last position in rows, tokens)
    done = -1
    for k in open_at.tolist():
        if k <= done:
            continue
        state, last = continues[rows[k]], k
        tokens = None
        while True:
            nxt = np.searchsorted(filled, last, side="right")
            if nxt == len(filled) or units[filled[nxt]] != units[k]:
                break
            m = int(filled[nxt])
            if not _linked(state, heads[rows[m]]):
                break
            edges = tokenize_edges("\n".join(str(texts.iat[r]) for r in rows[k:m + 1]),
                                   default_compounds())
            state, last, tokens = edges.continues, m, edges.tokens
        if tokens is not None:
            runs.append((k, last, tokens))
            done = last
    if not runs:
        return counts, vocab, n_tokens
    new_terms = sorted({t for *_, tokens in runs for t in tokens}.difference(vocab))
    if new_terms:  # a compound no segment holds on its own: a wider, still sorted vocabulary
        wider = np.array(sorted([*vocab.tolist(), *new_terms]), dtype=object)
        old_to_new = np.searchsorted(wider, vocab).astype(np.int32)
        counts = sparse.csr_matrix((counts.data, old_to_new[counts.indices], counts.indptr),
                                   shape=(counts.shape[0], len(wider)))
        vocab = wider
    index = {t: i for i, t in enumerate(vocab)} if new_terms else None
    delta_units, delta_terms, delta_counts = [], [], []
    n_tokens = n_tokens.copy()
    for k, last, tokens in runs:
        unit = int(units[k])
        run_rows = rows[k:last + 1]
        old = table.codes[ranges(table.offsets[run_rows], table.offsets[run_rows + 1])]
        old_codes = old_to_new[old] if new_terms else old
        new_codes = (np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
                     if index is not None else np.searchsorted(vocab, tokens))
        delta_terms += [old_codes, new_codes]
        delta_counts += [np.full(len(old_codes), -1), np.ones(len(new_codes), dtype=np.int64)]
        delta_units.append(np.full(len(old_codes) + len(new_codes), unit))
        n_tokens[unit] += len(tokens) - len(old_codes)
    delta = sparse.csr_matrix((np.concatenate(delta_counts).astype(np.int64),
                               (np.concatenate(delta_units), np.concatenate(delta_terms))),
                              shape=counts.shape)
    counts = (counts + delta).tocsr()
    counts.eliminate_zeros()
    return counts, vocab, n_tokens


def _ngram_keys(forms: np.ndarray, starts: np.ndarray, n: int, n_forms: int) -> np.ndarray:
    """One int64 key per n-gram of form codes starting at `starts` (equal keys, equal n-grams)."""
    key = forms[starts].astype(np.int64)
    top = n_forms
    for m in range(1, n):
        if top * max(n_forms, 1) >= 2**62:  # keep keys in int64: renumber what there is so far
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
            top = int(key.max()) + 1 if len(key) else 1
        key = key * n_forms + forms[starts + m]
        top *= max(n_forms, 1)
    return key


def _ngram_counts(corpus: Corpus, table: TokenTable, rows: np.ndarray, units: np.ndarray,
                  n_units: int, opts: CountOptions, n_jobs: int | None) -> UnitCounts:
    """N-grams per unit, read inside each sentence of each segment from the sentence codes."""
    segs, seg_of_row = np.unique(rows, return_inverse=True)
    if table.has_sentences() or 2 * len(segs) > len(table):
        sents = table.sentences(corpus.segments["text"].tolist(), default_compounds(),
                                n_jobs=n_jobs)
        at = segs
    else:  # a few segments (some groups'): split only theirs into sentences
        sents = table.sentences_of(corpus.segments["text"].take(segs).tolist(),
                                   default_compounds(), n_jobs=n_jobs)
        at = np.arange(len(segs))
    first = sents.offsets[sents.segments[at]]
    stop = sents.offsets[sents.segments[at + 1]]
    positions = ranges(first, stop)
    codes = sents.codes[positions]
    seg_of_token = np.repeat(np.arange(len(segs), dtype=np.int64), stop - first)
    sentence = sents.sentence_ids()[positions]
    vocab = sents.vocab
    is_stop = _stop_mask(vocab, opts.stopwords) if opts.stopwords else None
    if opts.normalize:
        forms_vocab, form_of = (table.forms(opts.normalize) if vocab is table.vocab
                                else normalized_forms(vocab, opts.normalize))
        forms = form_of[codes]
    else:
        forms_vocab, forms = vocab, codes
    lo, hi = opts.ngram
    terms: list[np.ndarray] = []
    seg_parts: list[np.ndarray] = []
    term_parts: list[np.ndarray] = []
    for n in range(lo, hi + 1):
        starts = np.arange(max(len(codes) - n + 1, 0), dtype=np.int64)
        ok = sentence[starts] == sentence[starts + n - 1]
        if is_stop is not None:  # inner stopwords stay ("community with a shared future")
            ok &= ~is_stop[codes[starts]] & ~is_stop[codes[starts + n - 1]]
        starts = starts[ok]
        unique, where, inverse = np.unique(_ngram_keys(forms, starts, n, len(forms_vocab)),
                                           return_index=True, return_inverse=True)
        at = starts[where]
        text = forms_vocab[forms[at]]
        for m in range(1, n):
            text = text + " " + forms_vocab[forms[at + m]]
        term_parts.append(inverse.astype(np.int64) + sum(len(t) for t in terms))
        terms.append(np.asarray(text, dtype=object))
        seg_parts.append(seg_of_token[starts])
    vocab_out = np.concatenate(terms) if terms else np.zeros(0, dtype=object)
    term_of = np.concatenate(term_parts) if term_parts else np.zeros(0, dtype=np.int64)
    if any(" " in f for f in forms_vocab):  # a form with a space could spell two n-grams alike
        term_of = pd.factorize(vocab_out)[0][term_of]
        vocab_out = pd.unique(vocab_out)
    seg_of = np.concatenate(seg_parts) if seg_parts else np.zeros(0, dtype=np.int64)
    per_segment = sparse.csr_matrix((np.ones(len(term_of), dtype=np.int64), (seg_of, term_of)),
                                    shape=(len(segs), len(vocab_out)))
    pick = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (units, seg_of_row)),
                             shape=(n_units, len(segs)))
    n_tokens = np.bincount(units, weights=(stop - first)[seg_of_row],
                           minlength=n_units).astype(np.int64)
    return UnitCounts((pick @ per_segment).tocsr(), np.asarray(vocab_out, dtype=object), n_tokens)


def _count_batch(tasks: list[tuple[list[str], CountOptions]]
                 ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Count a batch of units (a worker's task) against a batch-local vocabulary.

    Returns ``(vocab, term codes, counts, terms per unit, tokens per unit)``: integer arrays
    cross process boundaries far faster than millions of strings.
    """
    results = [count_texts(texts, opts) for texts, opts in tasks]
    index: dict[str, int] = {}
    codes = [np.fromiter((index.setdefault(t, len(index)) for t in found), dtype=np.int64,
                         count=len(found)) for found, _ in results]
    counts = [np.fromiter(found.values(), dtype=np.int64, count=len(found)) for found, _ in results]
    empty = np.zeros(0, dtype=np.int64)
    return (list(index), np.concatenate(codes) if codes else empty,
            np.concatenate(counts) if counts else empty,
            np.array([len(found) for found, _ in results], dtype=np.int64),
            np.array([n for _, n in results], dtype=np.int64))


def _text_counts(corpus: Corpus, rows: np.ndarray, units: np.ndarray, n_units: int,
                 opts: CountOptions, n_jobs: int | None) -> UnitCounts:
    """Count each unit's texts with :func:`count_texts`, in a process pool for large inputs."""
    texts = corpus.segments["text"].to_numpy()[rows]
    bounds = np.searchsorted(units, np.arange(n_units + 1))
    tasks = [(texts[bounds[u]:bounds[u + 1]].tolist(), opts) for u in range(n_units)]
    workers = n_workers(int(sum(map(len, texts))), n_jobs)
    batches = pool_map(_count_batch, tasks, workers=workers, batch=True)
    vocab, local = np.unique(np.array([t for b in batches for t in b[0]], dtype=object),
                             return_inverse=True)
    bases = np.cumsum([0] + [len(b[0]) for b in batches])
    terms = np.concatenate([local[bases[i] + b[1]] for i, b in enumerate(batches)])
    lengths = np.concatenate([b[3] for b in batches])
    matrix = sparse.csr_matrix(
        (np.concatenate([b[2] for b in batches]),
         (np.repeat(np.arange(n_units, dtype=np.int64), lengths), terms)),
        shape=(n_units, len(vocab)))
    return UnitCounts(matrix, vocab.astype(object), np.concatenate([b[4] for b in batches]))


def coded_sentences(corpus: Corpus, rows: Sequence[int] | np.ndarray, *,
                    n_jobs: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of segments `rows`, sentence by sentence, as codes (with the packaged compounds).

    Returns ``(codes, sentence, vocab)``: the codes of every token in order, the sentence
    of each (equal numbers, same sentence), and the vocabulary the codes index. How many
    of the codes each row holds: :func:`sentence_token_counts`.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> codes, sentence, vocab = coded_sentences(corpus_from_texts({"a": "Win-win. Core interests."}), [0])
    >>> vocab[codes].tolist(), sentence.tolist()
    (['win-win', 'core_interests'], [0, 1])
    """
    rows = np.asarray(rows, dtype=np.int64)
    table = corpus.token_table(n_jobs=n_jobs)
    sents = table.sentences(corpus.segments["text"].tolist(), default_compounds(), n_jobs=n_jobs)
    positions = ranges(sents.offsets[sents.segments[rows]], sents.offsets[sents.segments[rows + 1]])
    return sents.codes[positions], sents.sentence_ids()[positions], sents.vocab


def sentence_token_counts(corpus: Corpus, rows: Sequence[int] | np.ndarray, *,
                          n_jobs: int | None = None) -> np.ndarray:
    """How many tokens each of segments `rows` gives in :func:`coded_sentences`, in order.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win. Core interests.", "b": "Talks and more talks."})
    >>> sentence_token_counts(c, [1, 0]).tolist()
    [4, 2]
    """
    rows = np.asarray(rows, dtype=np.int64)
    table = corpus.token_table(n_jobs=n_jobs)
    sents = table.sentences(corpus.segments["text"].tolist(), default_compounds(), n_jobs=n_jobs)
    return (sents.offsets[sents.segments[rows + 1]] - sents.offsets[sents.segments[rows]]).astype(np.int64)
