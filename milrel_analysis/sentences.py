"""The corpus's sentences, split once: their tokens as codes and where they lie in the text.

:func:`~milrel_analysis.text.words.split_sentences` (NLTK's Punkt with the packaged
abbreviations) on every segment, each sentence tokenized on its own with the packaged
compounds; a cached corpus stores them beside its tables (see
:class:`~milrel_analysis.corpus.vocab.SentenceTokens`), so that n-grams, collocations and
every notebook of a report read them instead of splitting the texts again. The codes per
segment: :func:`~milrel_analysis.tokens.coded_sentences`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .corpus.model import Corpus
from .corpus.vocab import SentenceTokens, ranges
from .lexicons import default_compounds

__all__ = ["corpus_sentences", "sentence_bounds"]


def corpus_sentences(corpus: Corpus, *, n_jobs: int | None = None) -> SentenceTokens:
    """Every segment's sentences as codes (the packaged compounds), split once and kept.

    A cached corpus (``load_corpus(..., cache=...)``) stores them beside its tables the first
    time, so that other processes reading the same cache never split the texts again.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> sents = corpus_sentences(corpus_from_texts({"a": "Win-win. Core interests."}))
    >>> sents.vocab[sents.codes].tolist(), sents.starts.tolist(), sents.ends.tolist()
    (['win-win', 'core_interests'], [0, 9], [8, 24])
    """
    table = corpus.token_table(n_jobs=n_jobs)
    return table.sentences(corpus.segments["text"].tolist(), default_compounds(), n_jobs=n_jobs)


def sentence_bounds(corpus: Corpus, rows: Sequence[int] | np.ndarray, *,
                    n_jobs: int | None = None) -> pd.DataFrame:
    """The sentences of segments `rows` (in order): where each lies in its segment's text.

    Returns
    -------
    DataFrame
        ``row`` (the segment's position in ``corpus.segments``), ``sentence`` (the sentence
        number :func:`coded_sentences` gives its tokens), ``start`` and ``end`` (character
        offsets into the segment's text), one row per sentence.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win. Core interests.", "b": "Talks."})
    >>> sentence_bounds(c, [0]).to_dict("list")
    {'row': [0, 0], 'sentence': [0, 1], 'start': [0, 9], 'end': [8, 24]}
    """
    rows = np.asarray(rows, dtype=np.int64)
    sents = corpus_sentences(corpus, n_jobs=n_jobs)
    first, stop = sents.segments[rows], sents.segments[rows + 1]
    sentence = ranges(first, stop)
    return pd.DataFrame({"row": np.repeat(rows, stop - first), "sentence": sentence,
                         "start": sents.starts[sentence], "end": sents.ends[sentence]})
