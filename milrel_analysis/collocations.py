"""Collocations: which words keep company with a counterpart, a formula or a word.

Counts are taken inside sentences (never across them) of the countable segments, from the
tokens of :func:`~milrel_analysis.text.words.tokenize_text`, so they follow the tokenizer:
word pairs and a one-word node read the corpus's tokens counted once
(:func:`~milrel_analysis.tokens.coded_sentences`); a counterpart or phrase node is found in
the text first and the words around it tokenized then.
The association measures are NLTK's ``BigramAssocMeasures`` (Manning & Schütze ch. 5) on
window counts scaled as NLTK's ``BigramCollocationFinder`` scales them (Church & Hanks
1990): see :func:`collocations`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._stats import adjust_pvalues, chi2_sf_1df, g2_2x2
from ._types import (
    ADJUSTMENTS,
    COLLOCATION_MEASURES,
    Adjust,
    CollocationMeasure,
    Stopwords,
    Translation,
    Voice,
)
from ._validation import check_count, check_option
from .corpus.model import Corpus, counted_mask
from .errors import ArgumentValueError
from .lexicons import LexiconLike, MultiMatcher, PhraseKey, load_gazetteer, load_lexicon, phrase_matcher
from .sentences import sentence_bounds
from .text.words import resolve_stopwords, split_sentences
from .tokens import coded_sentences, tokenize_text

__all__ = ["COLLOCATION_COLUMNS", "CollocationCounts", "collocation_counts", "collocations",
           "score_collocations"]

COLLOCATION_COLUMNS = ["term", "around", "count", "expected", "statistic", "p_value", "p_adjusted"]
_NODE = -1  # the id of a mention of the node in the token stream
_POSSESSIVE = re.compile(r"['\u2019][sS]\b")

Finder = Callable[[str], list[tuple[int, int, Any]]]


@dataclass(frozen=True)
class _NodeFinder:
    """A node's matches in a text, and a screen of the texts that may hold one."""

    find: Finder
    may_match: Callable[[Sequence[str]], list[bool]]

    def __call__(self, text: str) -> list[tuple[int, int, Any]]:
        return self.find(text)


def collocations(
    corpus: Corpus,
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
    r"""Words that occur together more often than chance, or around one node.

    Without `around`, every ordered word pair (w₁, w₂) with w₂ at most `window` tokens after
    w₁ in the same sentence (``window=1``: adjacent bigrams, as NLTK's
    ``BigramCollocationFinder.from_documents`` and quanteda's ``textstat_collocations``
    with ``size = 2``). With `around`, the node is:

    * a counterpart id (``"USA"``): every mention the gazetteer finds (its aliases,
      case-sensitive, China's names and topics masked, as counterparts are attributed);
    * a phrase id of the lexicon (``"core-interests"``): every match of the phrase;
    * otherwise a word (token equality) or a literal phrase (matched like lexicon
      patterns);

    and the collocates are the words within ±`window` tokens of a mention, in its sentence
    (a mention is one position, however many words it has).

    With O the co-occurrences, S the window positions per node occurrence (`window` for
    pairs, 2 × `window` around a node), f₁ the occurrences of the node (or of w₁), f₂ those
    of the collocate, N the tokens and E = S f₁ f₂ / N the co-occurrences expected by
    chance (the `expected` column):

    ``g2``
        Dunning's log-likelihood of the table of token positions, inside the node's windows
        or not × the collocate or not: [[O, S f₁ − O], [f₂ − O, N − S f₁ − f₂ + O]]; signed,
        negative when O < E. With ``window=1`` this is NLTK's ``likelihood_ratio``.
    ``pmi``
        log₂(O / E): NLTK's ``pmi`` (which scales O by 1/S, as Church & Hanks 1990) and
        AntConc's MI with a span.
    ``t``
        (O − E) / √O: NLTK's ``student_t`` with ``window=1``, Church et al.'s t-score.
    ``dice``
        2 (O / S) / (f₁ + f₂): NLTK's ``dice`` with its 1/S scaling of window counts.

    `p_value` is always the G² test's (χ² with 1 d.f.), whatever measure ranks the table:
    PMI, t and Dice are scores without a test of their own; `p_adjusted` adjusts it over
    the rows of the table (those with O at least `min_count`). Overlapping windows of two
    close mentions count a collocate once for each.

    Parameters
    ----------
    corpus : Corpus
    around : str, optional
        A counterpart id, a phrase id, a word or a phrase; ``None`` for word pairs. Pairs
        and a word are counted from the corpus's tokens (``Corpus.tokens``); the text around
        a counterpart's mentions or a phrase's matches is tokenized again.
    window : int, default=5
        Tokens after w₁ (pairs) or either side of the node.
    measure : {"g2", "pmi", "t", "dice"}, default="g2"
    min_count : int, default=3
        Keep collocates (or pairs) with O at least this.
    stopwords : bool or collection of str, default=True
        Words never reported as collocates (or pair members); they still take up window
        positions and count in N.
    lexicon : optional
        The lexicon whose phrase ids `around` may name; see
        :func:`~milrel_analysis.load_lexicon`.
    adjust : {"bh", "bonferroni", None}, default="bh"
    translation, voice
        As in :func:`~milrel_analysis.term_frequency`.

    Returns
    -------
    DataFrame
        ``term, around, count, expected, statistic, p_value, p_adjusted``: for pairs
        `around` is the first word and `term` the second; around a node, `around` is the
        node as given. Sorted by statistic (descending), then term and around. ``attrs``:
        ``around``, ``kind`` (``pairs``, ``counterpart``, ``phrase``, ``word``),
        ``window``, ``measure``, ``node_count`` (f₁ around a node), ``n_tokens``.

    Raises
    ------
    ValueError
        For a bad option, or an `around` that has no word in it.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side must stop. The US side is wrong. "
    ...                             "Russia is a partner. The US must stop."})
    >>> t = collocations(c, "USA", window=3, min_count=2)
    >>> t[["term", "around", "count"]].to_dict("records")
    [{'term': 'side', 'around': 'USA', 'count': 2}, {'term': 'stop', 'around': 'USA', 'count': 2}]
    >>> collocations(c, window=1, min_count=2).head(1)[["around", "term", "count"]].to_dict("records")
    [{'around': 'u.s.', 'term': 'side', 'count': 2}]
    """
    _check_scoring(measure, min_count, adjust)
    kind, words, counted = _count(corpus, around, window=window, stopwords=stopwords,
                                  lexicon=lexicon, translation=translation, voice=voice)
    first, second, observed, f1, f2, span, node_count, _ = counted
    if kind == "pairs":
        around_col = words[first] if len(first) else np.array([], dtype=object)
    else:
        around_col = np.full(len(second), around, dtype=object)
    n_tokens = _n_tokens(counted)
    keep = observed >= min_count
    table = _scores(words[second[keep]] if len(second) else np.array([], dtype=object),
                    around_col[keep], observed[keep], f1[keep], f2[keep], span, n_tokens,
                    measure, adjust)
    return _described(table, around, kind, window, measure, node_count, n_tokens, adjust)


@dataclass(frozen=True)
class CollocationCounts:
    """Every count behind a :func:`collocations` table, by word, before any is left out.

    Counts never cross a sentence, so those of two corpora (partitions of one) add up
    (``a + b``) to those of the two together; :func:`score_collocations` then gives the
    table of the whole.
    """

    around: str | None
    kind: str
    window: int
    pairs: pd.DataFrame  # ``around, term, count``: every pair or collocate seen
    frequency: pd.Series  # every word's occurrences (f), as float
    node_count: int
    n_tokens: int

    def __add__(self, other: CollocationCounts) -> CollocationCounts:
        pairs = (pd.concat([self.pairs, other.pairs], ignore_index=True)
                 .groupby(["around", "term"], sort=False, as_index=False)[["count"]].sum())
        return dataclasses.replace(
            self, pairs=pairs, frequency=self.frequency.add(other.frequency, fill_value=0),
            node_count=self.node_count + other.node_count,
            n_tokens=self.n_tokens + other.n_tokens)


def collocation_counts(
    corpus: Corpus,
    around: str | None = None,
    *,
    window: int = 5,
    stopwords: Stopwords = True,
    lexicon: LexiconLike = None,
    translation: Translation = "official",
    voice: Voice = "official",
) -> CollocationCounts:
    """The counts :func:`collocations` scores (options as there), every one kept.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side must stop. The US side is wrong."})
    >>> counts = collocation_counts(c, "USA", window=3)
    >>> counts.node_count, counts.pairs.set_index("term")["count"].to_dict()
    (2, {'side': 2.0, 'stop': 1.0, 'wrong': 1.0})
    """
    kind, words, counted = _count(corpus, around, window=window, stopwords=stopwords,
                                  lexicon=lexicon, translation=translation, voice=voice)
    first, second, observed, _, _, _, node_count, ids = counted
    around_col = (words[first] if kind == "pairs" else np.full(len(second), around, dtype=object))
    pairs = pd.DataFrame({"around": around_col.astype(object), "term": words[second].astype(object),
                          "count": observed})
    freq = np.bincount(ids[ids >= 0], minlength=len(words)).astype(float)
    present = freq > 0
    return CollocationCounts(around, kind, window, pairs,
                             pd.Series(freq[present], index=pd.Index(words[present], dtype=object),
                                       dtype="float64"),
                             node_count, _n_tokens(counted))


def score_collocations(
    counts: CollocationCounts,
    *,
    measure: CollocationMeasure = "g2",
    min_count: int = 3,
    adjust: Adjust | None = "bh",
) -> pd.DataFrame:
    """The :func:`collocations` table of :class:`CollocationCounts` (options as there).

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side must stop. The US side is wrong."})
    >>> score_collocations(collocation_counts(c, "USA", window=3), min_count=2)["term"].tolist()
    ['side']
    """
    _check_scoring(measure, min_count, adjust)
    pairs = counts.pairs[counts.pairs["count"] >= min_count]
    f2 = counts.frequency.reindex(pairs["term"]).to_numpy(dtype="float64")
    if counts.kind == "pairs":
        f1, span = counts.frequency.reindex(pairs["around"]).to_numpy(dtype="float64"), counts.window
    else:
        f1, span = np.full(len(pairs), float(counts.node_count)), 2 * counts.window
    table = _scores(pairs["term"].to_numpy(dtype=object), pairs["around"].to_numpy(dtype=object),
                    pairs["count"].to_numpy(dtype="float64"), f1, f2, float(span), counts.n_tokens,
                    measure, adjust)
    return _described(table, counts.around, counts.kind, counts.window, measure,
                      counts.node_count, counts.n_tokens, adjust)


def _check_scoring(measure: str, min_count: int, adjust: Adjust | None) -> None:
    check_count("min_count", min_count, minimum=1)
    check_option("measure", measure, COLLOCATION_MEASURES)
    if adjust is not None:
        check_option("adjust", adjust, ADJUSTMENTS)


def _count(corpus: Corpus, around: str | None, *, window: int, stopwords: Stopwords,
           lexicon: LexiconLike, translation: Translation, voice: Voice
           ) -> tuple[str, np.ndarray, tuple[Any, ...]]:
    """What the node is, the stream's words, and the counts.

    The counts: first and second word ids, O, f₁, f₂, S, the node's occurrences and the
    stream's word ids.
    """
    check_count("window", window, minimum=1)
    stop = resolve_stopwords(stopwords)
    kind, finder = _node_finder(around, lexicon)
    mask = counted_mask(corpus.segments, translation=translation, voice=voice)
    if finder is None:  # word pairs, or a one-word node: the corpus's tokens as codes
        ids, sentence, words = _coded_stream(corpus, np.flatnonzero(mask.to_numpy()),
                                             around if kind == "word" else None)
        vocab = words.tolist()
    else:  # a mention or phrase node is found in the text, the words around it tokenized again
        ids, sentence, vocab = _mixed_stream(corpus, np.flatnonzero(mask.to_numpy()), finder)
        words = np.array(vocab, dtype=object)
    is_stop = np.array([w in stop for w in vocab], dtype=bool)
    if kind == "pairs":
        counted = (*_pair_counts(ids, sentence, window, is_stop), 0)
    else:
        second, observed, f2, span, node_count = _node_counts(ids, sentence, window, is_stop)
        counted = (np.zeros(0, np.int64), second, observed, np.full(len(second), float(node_count)),
                   f2, span, node_count)
    return kind, words, (*counted, ids)


def _n_tokens(counted: tuple[Any, ...]) -> int:
    return len(counted[-1])


def _described(table: pd.DataFrame, around: str | None, kind: str, window: int, measure: str,
               node_count: int, n_tokens: int, adjust: Adjust | None) -> pd.DataFrame:
    table.attrs.update({"around": around, "kind": kind, "window": window, "measure": measure,
                        "node_count": None if kind == "pairs" else node_count,
                        "n_tokens": n_tokens, "adjust": adjust})
    return table


def _node_finder(around: str | None, lexicon: LexiconLike) -> tuple[str, Finder | None]:
    """What `around` names, and how to find it in a sentence (None: by token equality)."""
    if around is None:
        return "pairs", None
    if not isinstance(around, str) or not around.strip():
        raise ArgumentValueError(f"around={around!r}: give a counterpart id, a phrase id or a word")
    gaz = load_gazetteer()
    if around in set(gaz.entities["id"]):
        matcher = gaz.matcher()
        return "counterpart", _NodeFinder(
            lambda text: [m for m in matcher.find(text) if m[2] == around],
            lambda texts: matcher.may_match(texts, {around}))
    lex = load_lexicon(lexicon)
    if around in set(lex["phrase_id"]):
        phrase = phrase_matcher(lex[lex["phrase_id"] == around])
        return "phrase", _NodeFinder(phrase.find, phrase.may_match)
    tokens = tokenize_text(around)
    if not tokens:
        raise ArgumentValueError(f"around={around!r} has no word in it; give a counterpart id, "
                                 "a phrase id or a word")
    if len(tokens) == 1:
        return "word", None
    literal = MultiMatcher({around: PhraseKey(around, "pattern")})
    return "phrase", _NodeFinder(literal.find, literal.may_match)


def _coded_stream(corpus: Corpus, rows: np.ndarray, word: str | None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token codes of segments `rows`, sentence by sentence, with the node word as -1.

    Returns the codes, the sentence of each position and the vocabulary: the tokens
    :func:`_token_stream` would give, read from the corpus's codes.
    """
    codes, sentence, vocab = coded_sentences(corpus, rows)
    ids = codes.astype(np.int64)
    if word is not None:
        node_word = tokenize_text(word)[0]
        at = int(np.searchsorted(vocab, node_word))
        if at < len(vocab) and vocab[at] == node_word:
            ids[ids == at] = _NODE
    return ids, sentence, vocab


def _mixed_stream(corpus: Corpus, rows: np.ndarray, finder: Finder
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`_token_stream` of segments `rows`, tokenizing again only the sentences with a node.

    The other sentences' tokens are the corpus's codes: on a large corpus most sentences never
    name the node, and splitting and tokenizing them again cost most of the time. The
    sentences are the stored ones (:func:`~milrel_analysis.sentences.sentence_bounds`), so no
    text is split again either.
    """
    codes, sentence, vocab_array = coded_sentences(corpus, rows)
    ids, sentence = codes.astype(np.int64), sentence.astype(np.int64)
    vocab = vocab_array.tolist()
    texts = corpus.segments["text"].to_numpy()
    # The screen leaves the few segments that may name the node; the finder decides on
    # their sentences, each on its own as in :func:`_token_stream`.
    screen = getattr(finder, "may_match", None)
    hits = np.array(screen(texts[rows].tolist()) if screen is not None else [True] * len(rows),
                    dtype=bool)
    if not hits.any():
        return ids, sentence, vocab
    bounds = sentence_bounds(corpus, rows[hits])
    sentences = [texts[row][start:end] for row, start, end in
                 zip(bounds["row"].tolist(), bounds["start"].tolist(), bounds["end"].tolist(),
                     strict=True)]
    matches = [finder(sent) for sent in sentences]
    named = np.array([bool(found) for found in matches], dtype=bool)
    if not named.any():
        return ids, sentence, vocab
    local_ids, local_sentence, local_vocab = _token_stream(
        [sent for sent, keep in zip(sentences, named, strict=True) if keep], finder,
        matches=[found for found in matches if found])
    index = {word: code for code, word in enumerate(vocab)}
    for word in local_vocab:
        if word not in index:
            index[word] = len(vocab)
            vocab.append(word)
    remap = np.array([index[word] for word in local_vocab] or [0], dtype=np.int64)
    local_codes = np.where(local_ids == _NODE, _NODE, remap[np.maximum(local_ids, 0)])
    # The sentences naming the node give their tokens again; sorting by sentence number
    # (stable, each sentence whole from one side) puts every sentence back in its place.
    replaced = bounds["sentence"].to_numpy()[named]
    is_replaced = np.zeros(int(max(sentence.max(initial=-1), replaced.max())) + 1, dtype=bool)
    is_replaced[replaced] = True
    kept = ~is_replaced[sentence]
    all_ids = np.concatenate([ids[kept], local_codes])
    all_sentences = np.concatenate([sentence[kept], replaced[local_sentence]])
    order = np.argsort(all_sentences, kind="stable")
    return all_ids[order], all_sentences[order], vocab


def _token_stream(texts: Sequence[Any], finder: Finder, *, split: bool = False,
                  matches: Sequence[list[tuple[int, int, Any]]] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Token ids (the nodes `finder` finds as -1), the sentence of each position, the vocabulary.

    With `split`, each of `texts` is already the list of its sentences; with `matches`, each
    of `texts` is one sentence and `matches` holds what `finder` finds in it.
    """
    index: dict[str, int] = {}
    ids: list[int] = []
    sentence: list[int] = []
    if matches is not None:
        sentences: Iterable[tuple[str, list[tuple[int, int, Any]]]] = zip(texts, matches,
                                                                           strict=True)
    else:
        sentences = ((sent, finder(sent)) for text in texts
                     for sent in (text if split else split_sentences(text)))
    for n_sent, (sent, found) in enumerate(sentences):
        tokens: list[str | None] = []
        last = 0
        for start, end, _ in found:
            tokens += tokenize_text(sent[last:start])
            tokens.append(None)
            # "Russia's": the possessive belongs to the mention, not to the next word.
            last = end + (2 if _POSSESSIVE.match(sent, end) else 0)
        tokens += tokenize_text(sent[last:])
        for tok in tokens:
            ids.append(_NODE if tok is None else index.setdefault(tok, len(index)))
        sentence += [n_sent] * len(tokens)
    return np.array(ids, dtype=np.int64), np.array(sentence, dtype=np.int64), list(index)


def _pair_counts(ids: np.ndarray, sentence: np.ndarray, window: int, is_stop: np.ndarray):
    """First and second word ids, O, f₁, f₂ and S of every pair within `window` after w₁."""
    n_vocab = len(is_stop)
    freq = np.bincount(ids, minlength=n_vocab).astype(float)
    codes = []
    for k in range(1, window + 1):
        a, b = ids[:-k], ids[k:]
        ok = (sentence[:-k] == sentence[k:]) & ~is_stop[a] & ~is_stop[b]
        codes.append(a[ok] * n_vocab + b[ok])
    pairs, counts = np.unique(np.concatenate(codes) if codes else np.zeros(0, np.int64),
                              return_counts=True)
    first, second = pairs // n_vocab, pairs % n_vocab
    return first, second, counts.astype(float), freq[first], freq[second], float(window)


def _node_counts(ids: np.ndarray, sentence: np.ndarray, window: int, is_stop: np.ndarray):
    """Collocate ids, O, f₂, S and the node's occurrences, within ±`window` of the node."""
    n_vocab = len(is_stop)
    words = ids >= 0
    freq = np.bincount(ids[words], minlength=n_vocab).astype(float)
    nodes = np.flatnonzero(ids == _NODE)
    hits = []
    for k in range(1, window + 1):
        for pos in (nodes - k, nodes + k):
            inside = (pos >= 0) & (pos < len(ids))
            src, pos = nodes[inside], pos[inside]
            ok = (sentence[pos] == sentence[src]) & (ids[pos] >= 0)
            hits.append(ids[pos[ok]])
    found = np.concatenate(hits) if hits else np.zeros(0, np.int64)
    found = found[~is_stop[found]]
    counts = np.bincount(found, minlength=n_vocab)
    second = np.flatnonzero(counts)
    return second, counts[second].astype(float), freq[second], 2.0 * window, len(nodes)


def _scores(term: np.ndarray, around: np.ndarray, observed: np.ndarray, f1: np.ndarray,
            f2: np.ndarray, span: float, n_tokens: int, measure: str,
            adjust: Adjust | None) -> pd.DataFrame:
    n = float(max(n_tokens, 1))
    expected = span * f1 * f2 / n
    positions = span * f1  # token positions inside the node's windows
    g2 = g2_2x2(observed, f2 - observed, positions, np.full(len(f1), n) - positions)
    sign = np.where(observed >= expected, 1.0, -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "g2":
            statistic = sign * g2
        elif measure == "pmi":
            statistic = np.log2(observed / expected)
        elif measure == "t":
            statistic = (observed - expected) / np.sqrt(observed)
        else:
            statistic = 2 * (observed / span) / (f1 + f2)
    p = chi2_sf_1df(g2)
    table = pd.DataFrame({
        "term": term.astype(object), "around": around.astype(object),
        "count": observed.astype("int64"), "expected": expected,
        "statistic": statistic, "p_value": p, "p_adjusted": adjust_pvalues(p, adjust),
    }, columns=COLLOCATION_COLUMNS)
    return table.sort_values(["statistic", "term", "around"], ascending=[False, True, True],
                             ignore_index=True, kind="stable")
