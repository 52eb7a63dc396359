"""Words and sentences, offline: NLTK's Punkt with packaged abbreviations, no downloads.

These are the single definition of a token: every count in the package goes through
:func:`find_words` (and :func:`tokenize_text` on top of it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from .._resources import load_wordlist
from .._types import NORMALIZERS, Normalize, Stopwords
from .._validation import check_option
from ..errors import ArgumentTypeError

__all__ = [
    "WORD_RE",
    "count_words",
    "find_words",
    "resolve_stopwords",
    "sentence_tokens",
    "split_sentences",
    "stemmer",
    "tokenize_text",
]

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
def stemmer(kind: str) -> Callable[[str], str]:
    """The word normaliser `kind` names: NLTK's Porter or Snowball stemmer, or simplemma.

    Examples
    --------
    >>> stemmer("porter")("relations")
    'relat'
    """
    check_option("normalize", kind, NORMALIZERS)
    if kind == "porter":
        from nltk.stem import PorterStemmer

        return PorterStemmer().stem
    if kind == "snowball":
        from nltk.stem import SnowballStemmer

        return SnowballStemmer("english").stem
    import simplemma  # ships its own dictionaries: nothing is downloaded

    return functools.partial(simplemma.lemmatize, lang="en")


def resolve_stopwords(stopwords: Stopwords | None) -> frozenset[str]:
    """The stopword set an option names: the packaged list, none, or the caller's words.

    Examples
    --------
    >>> sorted(resolve_stopwords(["The", "of"])), len(resolve_stopwords(False))
    (['of', 'the'], 0)
    """
    if stopwords is True:
        return load_wordlist("stopwords")
    if stopwords is False or stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        raise ArgumentTypeError("stopwords= takes True, False or a collection of words, not a string")
    return frozenset(w.lower() for w in stopwords)


def tokenize_text(
    text: str,
    *,
    lowercase: bool = True,
    stopwords: Stopwords = False,
    normalize: Normalize | None = None,
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
    stop = resolve_stopwords(stopwords)
    if stop:
        tokens = [t for t in tokens if t.lower() not in stop]
    if normalize:
        stem = stemmer(normalize)
        tokens = [stem(t) for t in tokens]
    return tokens


def count_words(text: str) -> int:
    """Number of word tokens in `text` (the corpus's ``n_tokens``)."""
    return len(find_words(text))


def sentence_tokens(text: str, **options: Any) -> list[list[str]]:
    """Tokens per sentence: n-grams are built inside these lists, never across them.

    Examples
    --------
    >>> sentence_tokens("Win-win. Core interests.")
    [['win-win'], ['core', 'interests']]
    """
    return [tokenize_text(s, **options) for s in split_sentences(text)]
