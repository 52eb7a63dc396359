"""Which lexicon entries each segment holds: matches found once per corpus and lexicon.

:func:`match_segments` runs a matcher over texts (in a process pool for large inputs);
:func:`segment_matches` keeps a corpus's matches with its token table, so that the tables
of one analysis (phrase hits, counts by counterpart and by year, stance, trends, phrase
keyness) match each segment's text once.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._parallel import n_workers, pool_map
from ..lexicons import MultiMatcher, phrase_matcher
from .model import Corpus

__all__ = ["match_segments", "segment_matches"]

_MATCHER: MultiMatcher | None = None  # the matcher of the current pool_map, for workers


def _find_many(texts: list[str]) -> list[list[tuple[int, int, Any]]]:
    assert _MATCHER is not None
    return _MATCHER.find_many(texts)


def match_segments(texts: list[str], matcher: MultiMatcher,
                   n_jobs: int | None = None) -> list[list[tuple[int, int, Any]]]:
    """``matcher.find`` over many texts, in a process pool where the input is large.

    The texts go in batches through :meth:`~milrel_analysis.matching.MultiMatcher.find_many`,
    which screens them all at once before the automaton runs.

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
        batches = pool_map(_find_many, texts, workers=workers, batch=True)
    finally:
        _MATCHER = None
    return [hits for batch in batches for hits in batch]


def _lexicon_key(lexicon: pd.DataFrame) -> tuple[Any, ...]:
    """What a lexicon's matcher is built from, as a hashable value."""
    columns = [c for c in ("phrase_id", "patterns", "translation_variants", "regex", "exclude")
               if c in lexicon]
    return tuple(tuple(v if isinstance(v, str) else tuple(v) for v in lexicon[c].tolist())
                 for c in columns)


def segment_matches(corpus: Corpus, rows: Sequence[int] | np.ndarray, lexicon: pd.DataFrame, *,
                    matcher: MultiMatcher | None = None, n_jobs: int | None = None
                    ) -> list[list[tuple[int, int, Any]]]:
    """The matches of `lexicon` in the segments at positions `rows` of ``corpus.segments``.

    Each segment is matched once per corpus and lexicon: the matches are kept with the
    corpus's token table (:meth:`~milrel_analysis.corpus.Corpus.token_table`, rebuilt, and
    so forgotten, when the segments' texts change), so that the tables of one notebook
    (hits, counts by counterpart, by year, stance, phrase keyness) match the text once.

    Parameters
    ----------
    corpus : Corpus
    rows : sequence of int
        Positions in ``corpus.segments``.
    lexicon : DataFrame
        A :func:`~milrel_analysis.load_lexicon` table.
    matcher : MultiMatcher, optional
        The lexicon's matcher, when the caller has it (default: built from `lexicon`).
    n_jobs : int, optional
        Worker processes for the segments not matched before (as :func:`match_segments`).

    Returns
    -------
    list of list of (start, end, PhraseKey)
        The matches of each row, in the order of `rows`.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> from milrel_analysis.lexicons import load_lexicon
    >>> c = corpus_from_texts({"d": "Win-win cooperation."})
    >>> segment_matches(c, [0], load_lexicon(["win-win"]))
    [[(0, 7, PhraseKey(phrase_id='win-win', variant='pattern'))]]
    """
    rows = np.asarray(rows, dtype=np.int64)
    known: dict[int, list[tuple[int, int, Any]]] = corpus.token_table().derived.setdefault(
        ("matches", _lexicon_key(lexicon)), {})
    todo = [r for r in dict.fromkeys(rows.tolist()) if r not in known]
    if todo:
        texts = corpus.segments["text"].take(todo).tolist()
        found = match_segments(texts, matcher if matcher is not None else phrase_matcher(lexicon),
                               n_jobs)
        known.update(zip(todo, found, strict=True))
    return [known[r] for r in rows.tolist()]
