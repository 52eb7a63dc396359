"""Words and sentences, offline: NLTK's Punkt with packaged abbreviations, no downloads.

These are the single definition of a token: every count in the package goes through
:func:`find_words` (and :func:`tokenize_text` on top of it).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any

from .._resources import load_wordlist
from .._types import NORMALIZERS, Normalize, Stopwords
from .._validation import check_option
from ..errors import ArgumentTypeError

__all__ = [
    "Compounds",
    "Edges",
    "WORD_RE",
    "count_words",
    "find_words",
    "resolve_stopwords",
    "sentence_spans",
    "sentence_tokens",
    "split_sentences",
    "stemmer",
    "tokenize_edges",
    "tokenize_edges_and_words",
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
# Text outside that range, or with a character \w knows but the Latin class does not
# (ª µ º, the superscripts ² ³ ¹ and the fractions ¼ ½ ¾, which NFKC folds but raw text may hold).
_BEYOND_LATIN = re.compile(r"[^\x00-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf-\u024f]")
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


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of :func:`split_sentences` lie in `text`: ``(start, end)`` offsets.

    ``[text[s:e] for s, e in sentence_spans(text)] == split_sentences(text)``.

    Examples
    --------
    >>> sentence_spans("Col. Wu spoke. The U.S. side listened.")
    [(0, 14), (15, 38)]
    """
    return list(_punkt().span_tokenize(text))


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


_US = frozenset({"US", "U.S.", "U.S.A.", "USA", "U.S.A", "U.S"})
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)+(?![\w])")  # 1,000 and 7.2, kept whole
# A word and its possessive 's, as two groups (find_words gives only the first).
_WORD_POSSESSIVE_RE, _ASCII_POSSESSIVE_RE, _LATIN_POSSESSIVE_RE = (
    re.compile(rx.pattern.replace("(?:'[sS]\\b)?", "('[sS]\\b)?"))
    for rx in (WORD_RE, _ASCII_WORD_RE, _LATIN_WORD_RE))


def _cased(word: str, lowercase: bool) -> str:
    """The token of a word: the country "US"/"U.S." is ``u.s.``, apart from the pronoun "us"."""
    if word in _US:
        return "u.s."
    if "-" in word and not _US.isdisjoint(word.split("-")):
        return "-".join("u.s." if part in _US else (part.lower() if lowercase else part)
                        for part in word.split("-"))
    return word.lower() if lowercase else word


def _raw_tokens(text: str) -> list[tuple[str, str]]:
    """Words in order, each with its possessive ``'s`` (or ``""``); numbers keep separators."""
    return _raw_words(text)[0]


def _raw_words(text: str) -> tuple[list[tuple[str, str]], bool]:
    """:func:`_raw_tokens`, and whether a number was kept whole.

    When none was, the words are those :func:`find_words` finds.
    """
    if text.isascii():
        pattern = _ASCII_POSSESSIVE_RE
    else:
        for mark in _PUNCTUATION:
            if mark in text:
                text = text.replace(mark, " ")
        pattern = (_ASCII_POSSESSIVE_RE if text.isascii()
                   else _WORD_POSSESSIVE_RE if _BEYOND_LATIN.search(text) else _LATIN_POSSESSIVE_RE)
    if "," not in text and "." not in text:
        return pattern.findall(text), False
    out: list[tuple[str, str]] = []
    pos = 0
    for number in _NUMBER.finditer(text):
        out.extend(pattern.findall(text, pos, number.start()))
        out.append((number.group(), ""))
        pos = number.end()
    if not pos:
        return pattern.findall(text), False
    out.extend(pattern.findall(text, pos))
    return out, True


class Compounds:
    """Multi-word names and formulae that become one token joined by ``_``.

    quanteda's ``tokens_compound`` convention: "Hong Kong" is ``hong_kong``, "People's
    Liberation Army" ``people's_liberation_army``, "core interests" ``core_interests``; the
    longest expression starting at a word wins, and a hyphenated form ("core-interests") is
    the same expression.

    Parameters
    ----------
    phrases : iterable of str
        Expressions as they appear in text; those of a single word are ignored.

    Examples
    --------
    >>> c = Compounds(["Hong Kong", "South China Sea", "People's Liberation Army"])
    >>> tokenize_text("The People's Liberation Army in Hong Kong's South China Sea", compounds=c)
    ['the', "people's_liberation_army", 'in', 'hong_kong', 'south_china_sea']
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._trie: dict[str, Any] = {}
        self._inner: set[str] = set()  # keys followed by another in some expression
        self._depth = 0  # keys in the longest expression
        self.size = 0
        for phrase in phrases:
            keys = [_cased(w, True) + ("'s" if p else "") for w, p in _raw_tokens(phrase)]
            if len(keys) < 2:
                continue
            joined = "_".join(keys)
            self._insert(keys, joined)
            self._insert(["-".join(k.removesuffix("'s") for k in keys)], joined)
            self.size += 1

    def _insert(self, keys: Sequence[str], joined: str) -> None:
        self._inner.update(keys[:-1])
        self._depth = max(self._depth, len(keys))
        node = self._trie
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault("", joined)  # the empty key marks the end of an expression

    def join(self, possessed: Sequence[str], plain: Sequence[str]) -> list[str]:
        """Replace each longest expression in a token sequence by its compound token.

        `possessed` holds the tokens with their possessive ``'s``, `plain` without it.
        """
        trie = self._trie
        if trie.keys().isdisjoint(plain) and trie.keys().isdisjoint(possessed):
            return list(plain)
        # Only a token that begins some expression can start one: jump between those.
        begins = trie.__contains__
        starts = list(compress(range(len(plain)), map(operator.or_, map(begins, possessed),
                                                      map(begins, plain))))
        if not starts:
            return list(plain)
        out: list[str] = []
        n, done = len(plain), 0
        for i in starts:
            if i < done:
                continue
            node, j, found, end = trie, i, None, i
            while j < n:
                child = node.get(possessed[j]) or node.get(plain[j])
                if child is None:
                    break
                node, j = child, j + 1
                if "" in node:
                    found, end = node[""], j
            if found is not None:
                out.extend(plain[done:i])
                out.append(found)
                done = end
        out.extend(plain[done:])
        return out

    def continuations(self, possessed: Sequence[str], plain: Sequence[str]) -> frozenset[str]:
        """Keys that would carry an expression on past the end of a token sequence.

        :meth:`join` run over this sequence and a following one can join tokens across
        the two only where the following one starts with one of these keys; for most
        sequences the set is empty. `possessed` and `plain` are as in :meth:`join`.

        Examples
        --------
        >>> c = Compounds(["United Nations", "United Nations Security Council"])
        >>> sorted(c.continuations(["the", "united"], ["the", "united"]))
        ['nations']
        >>> sorted(c.continuations(["the", "united", "nations"], ["the", "united", "nations"]))
        ['security']
        """
        n = len(plain)
        if not n or (possessed[-1] not in self._inner and plain[-1] not in self._inner):
            return frozenset()
        found: set[str] = set()
        for start in range(max(0, n - self._depth), n):
            node: dict[str, Any] | None = self._trie
            for j in range(start, n):
                node = node.get(possessed[j]) or node.get(plain[j])  # type: ignore[union-attr]
                if node is None:
                    break
            if node is not None:
                found.update(key for key in node if key)
        return frozenset(found)

    def __len__(self) -> int:
        return self.size


def _cased_tokens(text: str, lowercase: bool) -> tuple[list[tuple[str, str]], list[str]]:
    """The raw words of `text` (with their possessives) and their tokens before compounds."""
    raw, tokens, _ = _cased_words(text, lowercase)
    return raw, tokens


def _cased_words(text: str, lowercase: bool) -> tuple[list[tuple[str, str]], list[str], bool]:
    """:func:`_cased_tokens`, and whether the tokens are :func:`find_words` of ``text.lower()``."""
    if lowercase and text.isascii() and "US" not in text and "U.S" not in text:
        # Lower-casing ASCII text first finds the same words (the patterns treat both cases
        # alike) and spares lower-casing each word.
        raw, merged = _raw_words(text.lower())
        return raw, list(map(itemgetter(0), raw)), not merged
    raw = _raw_tokens(text)
    tokens = [w.lower() for w, _ in raw] if lowercase else list(map(itemgetter(0), raw))
    if "US" in text or "U.S" in text:  # every spelling of the country contains one of these
        tokens = [_cased(w, lowercase) if "US" in w or "U.S" in w else t
                  for (w, _), t in zip(raw, tokens, strict=True)]
    return raw, tokens, False


def _possessed(raw: Sequence[tuple[str, str]], tokens: Sequence[str]) -> list[str]:
    """`tokens` with the possessive ``'s`` of the raw words they come from put back."""
    out = list(tokens)
    for i in compress(range(len(raw)), map(itemgetter(1), raw)):
        out[i] += "'s"
    return out


def tokenize_text(
    text: str,
    *,
    lowercase: bool = True,
    stopwords: Stopwords = False,
    normalize: Normalize | None = None,
    compounds: Compounds | None = None,
) -> list[str]:
    """Return the word tokens of `text` in order: the single definition of a token.

    Words keep inner hyphens (``mil-to-mil``), numbers their separators (``1,000``,
    ``7.2``); "US", "U.S." and "USA" are the country ``u.s.``, never the pronoun ``us``; a
    possessive folds (``china's`` -> ``china``) except inside a compound.

    Parameters
    ----------
    text : str
        Clean text; punctuation is dropped.
    lowercase : bool, default=True
        Lower-case tokens (lexicon and phrase matching expect this).
    stopwords : bool or collection of str, default=False
        ``True`` drops the packaged English stopwords; a collection drops those words.
    normalize : {None, "porter", "snowball", "lemma"}, default=None
        Stem with NLTK's Porter or Snowball stemmer, or lemmatise with simplemma; compound
        tokens are left as they are.
    compounds : Compounds, optional
        Multi-word expressions to join into one token. The package-level
        :func:`milrel_analysis.tokenize_text` joins the packaged names and formulae.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize_text("China's win-win mil-to-mil ties with the U.S. side")
    ['china', 'win-win', 'mil-to-mil', 'ties', 'with', 'the', 'u.s.', 'side']
    >>> tokenize_text("Let us work... The US side urged us. U.S. officials spent 1,000 or 7.2")
    ['let', 'us', 'work', 'the', 'u.s.', 'side', 'urged', 'us', 'u.s.', 'officials', 'spent', \
'1,000', 'or', '7.2']
    >>> tokenize_text("the Peace Mission-2021 drills", stopwords=True)
    ['peace', 'mission-2021', 'drills']
    """
    raw, tokens = _cased_tokens(text, lowercase)
    if compounds is not None and len(compounds):
        possessed = _possessed(raw, tokens)
        tokens = compounds.join(possessed, tokens if lowercase else [t.lower() for t in tokens])
    stop = resolve_stopwords(stopwords)
    if stop:
        tokens = [t for t in tokens if t.lower() not in stop]
    if normalize:
        stem = stemmer(normalize)
        tokens = [t if "_" in t else stem(t) for t in tokens]
    return tokens


@dataclass(frozen=True)
class Edges:
    """A text's tokens and what a compound running into or out of it would meet.

    `head` holds the keys of the first word (``"china's china"`` for a possessive, else one
    key; ``""`` for a text without words) and `continues` the keys that would carry a
    compound on past the last word (:meth:`Compounds.continuations`), space-separated and
    sorted; both are what joining this text to its neighbours with a line break can change.
    """

    tokens: list[str]
    head: str
    continues: str


def tokenize_edges(text: str, compounds: Compounds | None) -> Edges:
    """:func:`tokenize_text` (lower-case, with `compounds`) and the text's :class:`Edges`.

    Examples
    --------
    >>> c = Compounds(["Bosnia and Herzegovina"])
    >>> tokenize_edges("Peace in Bosnia and", c)
    Edges(tokens=['peace', 'in', 'bosnia', 'and'], head='peace', continues='herzegovina')
    >>> tokenize_edges("China's Bosnia and Herzegovina", c).head
    "china's china"
    """
    return tokenize_edges_and_words(text, compounds)[0]


def tokenize_edges_and_words(text: str, compounds: Compounds | None) -> tuple[Edges, list[str]]:
    """:func:`tokenize_edges`, and :func:`find_words` of the lower-cased text.

    The words are what the corpus's word repair counts. Most texts (ASCII, no number such
    as ``1,000`` kept whole, no "US") give both from one pass over the text.

    Examples
    --------
    >>> edges, words = tokenize_edges_and_words("China's 1,000 win-win talks", None)
    >>> edges.tokens, words
    (['china', '1,000', 'win-win', 'talks'], ['china', '1', '000', 'win-win', 'talks'])
    """
    raw, tokens, found_words = _cased_words(text, True)
    words = list(tokens) if found_words else find_words(text.lower())
    if not raw:
        return Edges([], "", ""), words
    possessed = _possessed(raw, tokens)
    head = possessed[0] if possessed[0] == tokens[0] else f"{possessed[0]} {tokens[0]}"
    if compounds is None or not len(compounds):
        return Edges(tokens, head, ""), words
    continues = " ".join(sorted(compounds.continuations(possessed, tokens)))
    return Edges(compounds.join(possessed, tokens), head, continues), words


def count_words(text: str, compounds: Compounds | None = None) -> int:
    """Number of tokens in `text` as :func:`tokenize_text` makes them (the corpus's ``n_tokens``).

    Examples
    --------
    >>> count_words("Hong Kong spent 1,000 yuan."), count_words("Hong Kong", Compounds(["Hong Kong"]))
    (5, 1)
    """
    if compounds is None or not len(compounds):
        return len(_raw_tokens(text))
    return len(tokenize_text(text, compounds=compounds))


def sentence_tokens(text: str, **options: Any) -> list[list[str]]:
    """Tokens per sentence: n-grams are built inside these lists, never across them.

    Examples
    --------
    >>> sentence_tokens("Win-win. Core interests.")
    [['win-win'], ['core', 'interests']]
    """
    return [tokenize_text(s, **options) for s in split_sentences(text)]
