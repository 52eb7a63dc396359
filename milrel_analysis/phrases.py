"""Phrase tracking: where the formulae of the lexicon occur, how often, and in what context.

Matching is one pass per segment through an Aho-Corasick automaton (see
:class:`milrel_analysis.lexicons.MultiMatcher`): case-insensitive, tolerant of hyphen, space
and line-break variants, whole words only, non-overlapping with the longest match winning.
"""

from __future__ import annotations

import html
import multiprocessing as mp
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._parallel import n_workers, pool_map
from ._types import Translation, Voice
from ._validation import as_list, check_count
from .corpus.groups import group_segments
from .corpus.model import Corpus
from .errors import ArgumentValueError
from .lexicons import LexiconLike, MultiMatcher, PhraseKey, load_lexicon, phrase_matcher

__all__ = ["HIT_COLUMNS", "kwic", "kwic_html", "match_segments", "phrase_counts",
           "phrase_matcher", "track_phrases"]

HIT_COLUMNS = ["doc_id", "seg_id", "phrase_id", "category", "matched", "start", "end",
               "variant", "speaker", "counterparts", "date", "match"]

_MATCHER: MultiMatcher | None = None  # the matcher of the current pool_map, for workers


def _find(text: str) -> list[tuple[int, int, Any]]:
    assert _MATCHER is not None
    return _MATCHER.find(text)


def match_segments(texts: list[str], matcher: MultiMatcher,
                   n_jobs: int | None = None) -> list[list[tuple[int, int, Any]]]:
    """``matcher.find`` over many texts, in a process pool where the input is large.

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_lexicon
    >>> match_segments(["win-win", "none"], phrase_matcher(load_lexicon(["win-win"])))[1]
    []
    """
    global _MATCHER
    _MATCHER = matcher  # forked workers inherit it; the automaton is not picklable cheaply
    workers = n_workers(sum(map(len, texts)), n_jobs) if "fork" in mp.get_all_start_methods() else 1
    try:
        return pool_map(_find, texts, workers=workers)
    finally:
        _MATCHER = None


def track_phrases(
    corpus: Corpus,
    lexicon: LexiconLike = None,
    *,
    translation: Translation = "official",
    voice: Voice = "official",
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Find every occurrence of the lexicon's phrases: one row per occurrence.

    Parameters
    ----------
    corpus : Corpus
    lexicon : str, path, list of str, mapping or DataFrame, optional
        The packaged lexicon by default; see :func:`milrel_analysis.load_lexicon`.
    translation : {"official", "machine", "all"}, default="official"
        Which variant of a passage given twice to search.
    voice : {"official", "press", "all"}, default="official"
        Whose words: China's (everything but journalists' questions), the questions only,
        or both.
    n_jobs : int, optional
        Worker processes (default: one, or every core from 8 MB of text).

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, phrase_id, category, matched, start, end, variant, speaker,
        counterparts, date, match``: `start`/`end` are offsets into the segment's text,
        `match` repeats `matched` under the name :func:`kwic` uses,
        `variant` is ``pattern`` or ``machine`` (a machine-translated twin matched),
        `counterparts` the segment's counterpart ids joined by ``;``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "We seek win win results and respect each other's core interests."})
    >>> track_phrases(c)[["phrase_id", "matched"]].to_dict("records")
    [{'phrase_id': 'win-win', 'matched': 'win win'}, \
{'phrase_id': 'mutual-respect', 'matched': 'respect each other'}, \
{'phrase_id': 'core-interests', 'matched': 'core interests'}]
    """
    lex = load_lexicon(lexicon)
    segs = corpus.countable_segments(translation=translation, voice=voice)
    found = match_segments(segs["text"].tolist(), phrase_matcher(lex), n_jobs)
    rows = []
    for (doc_id, seg_id, speaker, text), hits in zip(
        segs[["doc_id", "seg_id", "speaker", "text"]].itertuples(index=False), found,
        strict=True,
    ):
        for start, end, key in hits:
            rows.append((doc_id, seg_id, key.phrase_id, text[start:end], start, end,
                         key.variant, speaker))
    table = pd.DataFrame(rows, columns=["doc_id", "seg_id", "phrase_id", "matched", "start", "end",
                                        "variant", "speaker"])
    table = table.merge(lex[["phrase_id", "category"]], on="phrase_id", how="left")
    cps = corpus.counterparts.dropna(subset=["seg_id"]).astype({"seg_id": "int64"})
    joined = (cps.sort_values(["doc_id", "seg_id", "counterpart"])
              .groupby(["doc_id", "seg_id"])["counterpart"].agg(";".join).rename("counterparts"))
    table = table.merge(joined, left_on=["doc_id", "seg_id"], right_index=True, how="left")
    table = table.merge(corpus.documents[["doc_id", "date"]], on="doc_id", how="left")
    for col in ("seg_id", "start", "end"):
        table[col] = table[col].astype("int64")
    table["match"] = table["matched"]  # kwic's name for the matched text
    return table[HIT_COLUMNS].sort_values(["doc_id", "seg_id", "start"], ignore_index=True)


def phrase_counts(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = "doc_id",
    lexicon: LexiconLike = None,
    translation: Translation = "official",
    voice: Voice = "official",
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Count each phrase per group, with the zero rows present.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default="doc_id"
        Document columns (``year``, ``spokesperson``, ...), ``speaker`` or ``counterpart``
        (segment-level attribution: a phrase counts for the counterparts of its segment).
    lexicon : optional
        As in :func:`track_phrases`.

    translation, voice
        As in :func:`track_phrases`: which variant of a passage given twice, whose words.

    Returns
    -------
    DataFrame
        ``[*by, phrase_id, label, category, count, rate_per_10k, n_docs]``: one row for
        every group and phrase, zeros included; `rate_per_10k` per 10,000 word tokens of
        the group; `n_docs` the group's documents using the phrase. Sorted by group, then
        count (descending), then phrase_id.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Win-win cooperation and more win-win."})
    >>> t = phrase_counts(c, lexicon=["win-win", "red line"])
    >>> t[["phrase_id", "count", "n_docs"]].to_dict("records")
    [{'phrase_id': 'win-win', 'count': 2, 'n_docs': 1}, {'phrase_id': 'red-line', 'count': 0, 'n_docs': 0}]
    """
    by_list = as_list(by)
    lex = load_lexicon(lexicon)
    frame = group_segments(corpus, by_list, translation=translation, voice=voice)
    matcher = phrase_matcher(lex)
    unique = frame.drop_duplicates(["doc_id", "seg_id"])
    found = match_segments(unique["text"].tolist(), matcher, n_jobs)
    seg_key = pd.MultiIndex.from_frame(unique[["doc_id", "seg_id"]])
    hit_rows = [(d, s, key.phrase_id)
                for (d, s), hits in zip(seg_key, found, strict=True) for *_, key in hits]
    hits = pd.DataFrame(hit_rows, columns=["doc_id", "seg_id", "phrase_id"])
    frame = frame.drop(columns="text")
    groups = frame.groupby(by_list, dropna=False, sort=True).agg(n_tokens=("n_tokens", "sum"))
    groups = groups.reset_index()
    located = hits.merge(frame[["doc_id", "seg_id", *[c for c in by_list if c != "doc_id"]]],
                         on=["doc_id", "seg_id"], how="inner")
    counted = located.groupby([*by_list, "phrase_id"], dropna=False, sort=False).agg(
        count=("seg_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    full = groups.merge(lex[["phrase_id", "label", "category"]], how="cross")
    full = full.merge(counted, on=[*by_list, "phrase_id"], how="left")
    full["count"] = full["count"].fillna(0).astype("int64")
    full["n_docs"] = full["n_docs"].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(full["n_tokens"] > 0, full["count"] * 1e4 / full["n_tokens"], 0.0)
    full["rate_per_10k"] = rate
    columns = [*by_list, "phrase_id", "label", "category", "count", "rate_per_10k", "n_docs"]
    order = [True] * len(by_list) + [False, True]
    return full[columns].sort_values([*by_list, "count", "phrase_id"], ascending=order,
                                     ignore_index=True, kind="stable")


def kwic(
    corpus: Corpus,
    pattern_or_phrase_id: str,
    *,
    window: int = 8,
    lexicon: LexiconLike = None,
    regex: bool = False,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Keyword in context: each match with `window` words either side.

    Parameters
    ----------
    corpus : Corpus
    pattern_or_phrase_id : str
        A phrase id of the lexicon (its matches as :func:`track_phrases` finds them, with
        the whole lexicon, so the rows agree with :func:`phrase_counts`), a literal phrase
        (matched like lexicon patterns, ``...`` gaps included), or a regular expression
        with ``regex=True``.
    window : int, default=8
        Words of context on each side (within the segment).

    lexicon : optional
        As in :func:`track_phrases`.
    regex : bool, default=False
        Treat `pattern_or_phrase_id` as a regular expression.
    translation, voice
        As in :func:`track_phrases`: which variant of a passage given twice, whose words.

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, left, match, right, date, speaker, phrase_id``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "China and the US should pursue win-win cooperation in the new era."})
    >>> kwic(c, "win-win", window=3)[["left", "match", "right"]].to_dict("records")
    [{'left': 'US should pursue', 'match': 'win-win', 'right': 'cooperation in the'}]
    """
    check_count("window", window, minimum=0)
    lex = load_lexicon(lexicon)
    if regex:
        try:
            rx = re.compile(pattern_or_phrase_id, re.I)
        except re.error as err:
            raise ArgumentValueError(f"bad regular expression {pattern_or_phrase_id!r}: {err}") from None
        key = PhraseKey(pattern_or_phrase_id, "pattern")
        finder = lambda t: [(m.start(), m.end(), key)  # noqa: E731
                            for m in rx.finditer(t) if m.end() > m.start()]
    elif pattern_or_phrase_id in set(lex["phrase_id"]):
        # the whole lexicon's matcher, so the id's hits are exactly those track_phrases and
        # phrase_counts count (a longer formula of another id wins there too)
        whole = phrase_matcher(lex)
        finder = lambda t: [hit for hit in whole.find(t)  # noqa: E731
                            if hit[2].phrase_id == pattern_or_phrase_id]
    else:
        finder = MultiMatcher({pattern_or_phrase_id: PhraseKey(pattern_or_phrase_id, "pattern")}).find
    segs = corpus.countable_segments(translation=translation, voice=voice)
    rows = []
    for doc_id, seg_id, speaker, text in segs[["doc_id", "seg_id", "speaker", "text"]].itertuples(
        index=False
    ):
        for start, end, found_key in finder(text):
            left_words = text[:start].split()
            right_words = text[end:].split()
            rows.append({
                "doc_id": doc_id, "seg_id": seg_id,
                "left": " ".join(left_words[-window:] if window else []),
                "match": text[start:end],
                "right": " ".join(right_words[:window]),
                "speaker": speaker,
                "phrase_id": found_key.phrase_id,
            })
    out = pd.DataFrame(rows, columns=["doc_id", "seg_id", "left", "match", "right", "speaker",
                                      "phrase_id"])
    out = out.merge(corpus.documents[["doc_id", "date"]], on="doc_id", how="left")
    return out[["doc_id", "seg_id", "left", "match", "right", "date", "speaker", "phrase_id"]]


def kwic_html(table: pd.DataFrame, *, max_rows: int = 200) -> str:
    """Render a :func:`kwic` table as an HTML concordance; all document text is escaped.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["d"], "left": ["<script>x</script>"], "match": ["win-win"],
    ...                   "right": ["&"], "date": [pd.NaT]})
    >>> "<script>" in kwic_html(t)
    False
    """
    esc = lambda v: html.escape("" if v is None or v is pd.NaT else str(v))  # noqa: E731
    lines = ['<table class="milrel-kwic" style="font-family:monospace">',
             "<thead><tr><th>doc</th><th>date</th><th style='text-align:right'>left</th>"
             "<th>match</th><th>right</th></tr></thead><tbody>"]
    for row in table.head(max_rows).to_dict("records"):
        date = row.get("date")
        date = date.strftime("%Y-%m-%d") if isinstance(date, pd.Timestamp) else ""
        lines.append(
            f"<tr><td>{esc(row.get('doc_id'))}</td><td>{esc(date)}</td>"
            f"<td style='text-align:right'>{esc(row.get('left'))}</td>"
            f"<td><b>{esc(row.get('match'))}</b></td><td>{esc(row.get('right'))}</td></tr>"
        )
    lines.append("</tbody></table>")
    if len(table) > max_rows:
        lines.append(f"<p>{len(table) - max_rows} more rows not shown.</p>")
    return "\n".join(lines)
