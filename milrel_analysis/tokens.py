"""Sentences and word tokens, offline: NLTK's Punkt with packaged abbreviations, no downloads."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

import pandas as pd

from .lexicons import load_wordlist

if TYPE_CHECKING:
    from .corpus import Corpus

__all__ = ["split_sentences", "tokenize_text", "tokenize_corpus", "sentence_tokens"]

# Words keep inner hyphens and apostrophes (win-win, mil-to-mil, one-China, Mission-2021,
# don't); dotted initialisms stay whole (U.S., U.N.), but "destiny.The" (a missing space) is
# two words. A possessive 's is left out, so "China's" counts as "China" (and no stray "s").
WORD_RE = re.compile(
    r"([^\W_]+(?:(?<=\b[^\W\d_])\.(?:[^\W\d_]\.)+|-[^\W_]+|'(?![sS]\b)[^\W_]+)*)(?:'[sS]\b)?"
)  # findall returns group 1, the word without its possessive
# The same pattern for ASCII text, where Python's regex engine runs it ~1.7x faster.
_ASCII_WORD_RE = re.compile(
    r"([A-Za-z0-9]+(?:(?<=\b[A-Za-z])\.(?:[A-Za-z]\.)+|-[A-Za-z0-9]+|'(?![sS]\b)[A-Za-z0-9]+)*)"
    r"(?:'[sS]\b)?"
)
# And for Latin-script text (up to U+024F; NFKC has already folded ª, º, ² and the like).
_L, _A = (r"A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f",
          r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f")
_LATIN_WORD_RE = re.compile(
    rf"([{_L}]+(?:(?<=\b[{_A}])\.(?:[{_A}]\.)+|-[{_L}]+|'(?![sS]\b)[{_L}]+)*)(?:'[sS]\b)?"
)
# Text outside that range (ª µ º are letters \w knows but the Latin class does not).
_BEYOND_LATIN = re.compile(r"[^\x00-\u00a9\u00ab-\u00b4\u00b6-\u00b9\u00bb-\u024f]")
# Non-ASCII punctuation common in English statements; never part of a word.
_PUNCTUATION = ("\u2014", "\u2013", "\u2026", "\u00b0", "\u20ac", "\u00a3", "\u2022", "\u00b7")


def find_words(text: str) -> list[str]:
    """All word tokens of `text` (as :data:`WORD_RE` finds them), by a faster path if it can.

    Examples
    --------
    >>> find_words("The U.S. side\u2014China's win-win")
    ['The', 'U.S.', 'side', 'China', 'win-win']
    """
    if not text.isascii():
        for mark in _PUNCTUATION:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            if _BEYOND_LATIN.search(text):
                return WORD_RE.findall(text)
            return _LATIN_WORD_RE.findall(text)
    return _ASCII_WORD_RE.findall(text)


@functools.cache
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(load_wordlist("abbreviations"))
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with NLTK's Punkt and this domain's abbreviations.

    No trained model is downloaded: Punkt runs with the packaged abbreviation list
    (``Snr.``, ``Col.``, ``U.S.``, ``Jan.`` ...), so results never depend on ``nltk_data``.

    Examples
    --------
    >>> split_sentences("Snr. Col. Wu Qian spoke. The U.S. side listened.")
    ['Snr. Col. Wu Qian spoke.', 'The U.S. side listened.']
    """
    return _punkt().tokenize(text)


@functools.cache
def _stemmer(kind: str) -> Callable[[str], str]:
    if kind == "porter":
        from nltk.stem import PorterStemmer

        return PorterStemmer().stem
    if kind == "snowball":
        from nltk.stem import SnowballStemmer

        return SnowballStemmer("english").stem
    if kind == "lemma":
        try:
            import simplemma
        except ImportError:  # pragma: no cover - optional dependency
            raise ImportError(
                "normalize='lemma' needs simplemma: pip install simplemma "
                "(it ships its own data; nothing is downloaded)"
            ) from None
        return functools.partial(simplemma.lemmatize, lang="en")
    raise ValueError(f"normalize={kind!r} is not supported; use None, 'porter', 'snowball' or 'lemma'")


Normalize = Literal["porter", "snowball", "lemma"] | None


def _resolve_stopwords(stopwords: bool | Iterable[str]) -> frozenset[str]:
    if stopwords is True:
        return load_wordlist("stopwords")
    if stopwords is False or stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        raise TypeError("stopwords= takes True, False or a collection of words, not a string")
    return frozenset(w.lower() for w in stopwords)


def tokenize_text(
    text: str,
    *,
    lowercase: bool = True,
    stopwords: bool | Iterable[str] = False,
    normalize: Normalize = None,
) -> list[str]:
    """Return the word tokens of `text` in order, keeping compounds like "mil-to-mil".

    Parameters
    ----------
    text : str
        Clean text; punctuation is dropped.
    lowercase : bool, default=True
        Lower-case tokens (lexicon and phrase matching expect this).
    stopwords : bool or collection of str, default=False
        ``True`` drops the packaged English stopwords; a collection drops those words.
    normalize : {None, "porter", "snowball", "lemma"}, default=None
        Stem with NLTK's Porter or Snowball stemmer, or lemmatise with simplemma.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize_text("China's win-win mil-to-mil ties with the U.S. side")
    ['china', 'win-win', 'mil-to-mil', 'ties', 'with', 'the', 'u.s.', 'side']
    >>> tokenize_text("the Peace Mission-2021 drills", stopwords=True)
    ['peace', 'mission-2021', 'drills']
    """
    tokens = find_words(text.lower() if lowercase else text)
    stop = _resolve_stopwords(stopwords)
    if stop:
        tokens = [t for t in tokens if t.lower() not in stop]
    if normalize:
        stem = _stemmer(normalize)
        tokens = [stem(t) for t in tokens]
    return tokens


def count_words(text: str) -> int:
    """Number of word tokens in `text` (the corpus's ``n_tokens``)."""
    return len(find_words(text))


def sentence_tokens(text: str, **options) -> list[list[str]]:
    """Tokens per sentence: n-grams are built inside these lists, never across them.

    Examples
    --------
    >>> sentence_tokens("Win-win. Core interests.")
    [['win-win'], ['core', 'interests']]
    """
    return [tokenize_text(s, **options) for s in split_sentences(text)]


def tokenize_corpus(
    corpus: Corpus,
    *,
    translation: str = "official",
    lowercase: bool = True,
    stopwords: bool | Iterable[str] = False,
    normalize: Normalize = None,
    long: bool = False,
) -> pd.DataFrame:
    """Tokenise the countable segments of a corpus (one translation of each parallel passage).

    Parameters
    ----------
    corpus : Corpus
    translation : {"official", "machine", "all"}, default="official"
        Which variant of a passage given twice to keep.
    lowercase, stopwords, normalize
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
    segs = corpus.countable_segments(translation=translation)
    options = dict(lowercase=lowercase, stopwords=stopwords, normalize=normalize)
    out = segs[["doc_id", "seg_id"]].copy()
    out["tokens"] = [tokenize_text(t, **options) for t in segs["text"]]
    if not long:
        return out.reset_index(drop=True)
    exploded = out.explode("tokens", ignore_index=True).dropna(subset=["tokens"])
    exploded["position"] = exploded.groupby(["doc_id", "seg_id"]).cumcount()
    return exploded.rename(columns={"tokens": "token"})[["doc_id", "seg_id", "position", "token"]]
