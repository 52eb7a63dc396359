"""Corpus-wide word repair: join words broken by a stray space (``mu ltilateral``).

It runs after every document is parsed, because whether a part is a fragment depends on the
whole corpus's vocabulary.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from .._resources import load_wordlist
from ..lexicons import load_gazetteer, load_lexicon
from ..text.words import WORD_RE
from .document import ParsedDocument

__all__ = ["corpus_vocabulary", "join_broken_words", "known_words", "repair_documents", "repair_text"]

_ALPHA_WORD = re.compile(r"[A-Za-z]+")


def join_broken_words(docs: Iterable[ParsedDocument], known: frozenset[str]) -> None:
    """Join words broken by a stray space where the joined form is known and the parts are not.

    A part is a fragment when it occurs once in the whole corpus and is no stopword, and at
    least one of the two is no English word ("main land" stays); the joined word must occur
    elsewhere in the corpus or in the packaged data. Repaired segments are marked
    ``repaired`` and each repair is listed in the document's warnings.
    """
    docs = list(docs)
    repair_documents(docs, corpus_vocabulary(docs), known)


def corpus_vocabulary(docs: Iterable[ParsedDocument]) -> Counter:
    """Document frequency of every word: the corpus-wide input of the repair.

    A sum over documents, so partitions of a corpus can count theirs apart and add them up.
    """
    # Counted in Arrow: a large corpus has millions of (document, word) pairs.
    words = pc.split_pattern(pa.array([doc.words for doc in docs], type=pa.large_string()),
                             pattern=" ").flatten()
    counts = pc.value_counts(pc.filter(words, pc.not_equal(words, "")))
    return Counter(dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(),
                            strict=True)))


def repair_documents(docs: Iterable[ParsedDocument], doc_freq: Counter,
                     known: frozenset[str]) -> None:
    """Repair `docs` given the whole corpus's `doc_freq` (:func:`corpus_vocabulary`).

    `docs` may be one partition of the corpus: the fragments are judged by `doc_freq`, so
    each partition is repaired as in one pass over the whole corpus.
    """
    hapax = {w for w, n in doc_freq.items() if n == 1} - load_wordlist("stopwords")
    for doc in docs:
        fragments = hapax.intersection(doc.singletons.split())
        if len(fragments) < 2:  # a repair needs two fragments side by side
            continue
        for seg in doc.segments:
            new, fixes = repair_text(seg.text, fragments, doc_freq, known)
            if fixes:
                seg.text = new
                seg.repaired = True
                doc.warnings.extend(f"repaired {a!r} -> {b!r}" for a, b in fixes)


def repair_text(text: str, fragments: set[str], doc_freq: Counter,
                known: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """Repair one text given the corpus's fragments; return the text and ``(broken, joined)``.

    Examples
    --------
    >>> repair_text("the mu ltilateral track", {"mu", "ltilateral"}, Counter(), frozenset({"multilateral"}))
    ('the multilateral track', [('mu ltilateral', 'multilateral')])
    """
    # Cheap tests first, each a condition every repair meets: two fragments in the text (as
    # substrings, then as words), then two of them in a row. Few segments pass the first.
    lowered = text.lower()
    if not _holds_two(fragments, lowered) or len(
            fragments.intersection(_ALPHA_WORD.findall(lowered))) < 2:
        return text, []
    plain = _ALPHA_WORD.findall(text)
    if not any(a.lower() in fragments and b in fragments
               for a, b in zip(plain, plain[1:], strict=False)):
        return text, []
    # One walk over adjacent word pairs: linear in the text, whatever its vocabulary.
    words = list(_ALPHA_WORD.finditer(text))
    pieces, fixes, pos, skip = [], [], 0, False
    for a, b in zip(words, words[1:], strict=False):
        if skip:
            skip = False
            continue
        joined = a.group() + b.group()
        if (
            text[a.end():b.start()] == " " and b.group().islower() and len(joined) >= 5
            and a.group().lower() in fragments and b.group() in fragments
            and not (_dictionary_word(a.group().lower()) and _dictionary_word(b.group()))
            and (a.start() == 0 or not text[a.start() - 1].isalnum())
            and (b.end() == len(text) or not (text[b.end()].isalnum() or text[b.end()] in "-'"))
            and (joined.lower() in known or doc_freq[joined.lower()] >= 1)
        ):
            pieces.append(text[pos:a.start()] + joined)
            fixes.append((text[a.start():b.end()], joined))
            pos, skip = b.end(), True
    if not fixes:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), fixes


def _holds_two(words: Iterable[str], text: str) -> bool:
    """Whether at least two of `words` occur in `text` as substrings."""
    found = 0
    for word in words:
        if word in text:
            found += 1
            if found == 2:
                return True
    return False


@functools.cache
def _dictionary_word(word: str) -> bool:
    """Whether `word` is an English word form (simplemma's packaged dictionary, offline)."""
    import simplemma

    return simplemma.is_known(word, lang="en")


@functools.cache
def known_words() -> frozenset[str]:
    """Words a repair may produce besides the corpus's own: stopwords, gazetteer, lexicon."""
    words = set(load_wordlist("stopwords"))
    gaz = load_gazetteer()
    lex = load_lexicon()
    for phrase in [*gaz.aliases, *(p for ps in lex["patterns"] for p in ps)]:
        words.update(t.lower() for t in WORD_RE.findall(phrase))
    return frozenset(words)
