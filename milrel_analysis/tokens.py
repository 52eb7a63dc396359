"""The tokens stage: a corpus's countable segments as word tokens, and terms counted from them.

:func:`tokenize_corpus` gives the tokens themselves; :func:`count_texts` counts terms (words
or n-grams inside sentences) with :class:`CountOptions`, for :mod:`.frequency` and
:mod:`.compare`. Both rest on :func:`milrel_analysis.text.words.tokenize_text`, the single
definition of a token.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._types import NORMALIZERS, NGram, Normalize, Stopwords, Translation, Voice
from ._validation import check_option
from .corpus.model import Corpus
from .errors import ArgumentValueError
from .lexicons import default_compounds
from .text import words
from .text.words import Compounds, find_words, resolve_stopwords, split_sentences, stemmer

__all__ = [
    "CountOptions",
    "count_options",
    "count_text",
    "count_texts",
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
    if (lo, hi) == (1, 1) and not opts.normalize:
        tokens = tokenize_text(text, lowercase=opts.lowercase, compounds=opts.compounds or False)
        words: Counter = Counter(tokens)
        for word in stop.intersection(words):
            words.pop(word)  # dict.pop: Counter's own __delitem__ is slow Python
        return words, len(tokens)
    # Stopwords are matched before stemming ("was" is a stopword, its stem "wa" is not).
    stem = stemmer(opts.normalize) if opts.normalize else None
    counts: Counter = Counter()
    n_tokens = 0
    for sent in sentence_tokens(text, lowercase=opts.lowercase, compounds=opts.compounds or False):
        n_tokens += len(sent)
        forms = [stem(t) for t in sent] if stem else sent
        for n in range(lo, hi + 1):
            for i in range(len(sent) - n + 1):
                # Keep inner stopwords ("community with a shared future"), not edge ones.
                if stop and (sent[i] in stop or sent[i + n - 1] in stop):
                    continue
                counts[" ".join(forms[i:i + n])] += 1
    return counts, n_tokens


def count_texts(texts: Iterable[str], opts: CountOptions) -> tuple[Counter, int]:
    """Term counts and word tokens of several texts together."""
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
