"""milrel_analysis: parse, count and compare China's statements on military-to-military relations.

The data flow is files -> :func:`load_corpus` (tidy tables) -> tokens -> counts
(:func:`term_frequency`, :func:`phrase_counts`) -> comparisons (:func:`keyness`,
:func:`compare_counterparts`, :func:`collocations`; document-level tests in
:func:`phrase_difference` and :func:`phrase_trends`) -> figures (:mod:`milrel_analysis.plots`)
and reports (:func:`run_reports`). Press-conference exchanges (who asks, about whom, how the
answer goes) are in :mod:`milrel_analysis.exchanges` (:func:`exchange_table`,
:func:`exchange_profile`, :func:`answer_given_question`). Importing the package loads no
plotting backend and reads no file.
"""

from ._resources import package_version
from .collocations import collocations
from .compare import compare_counterparts, keyness, similarity, stance_profile
from .corpus import Corpus, corpus_from_texts, group_segments, load_corpus, load_dyads
from .exchanges import (
    answer_given_question,
    exchange_profile,
    exchange_summary,
    exchange_table,
    export_exchanges,
)
from .frequency import term_frequency, tf_idf, top_terms
from .inference import phrase_difference, phrase_trends, year_coverage
from .lexicons import load_gazetteer, load_lexicon, load_wordlist
from .outlets import asker_outlets, load_outlets
from .phrases import kwic, kwic_html, phrase_counts, track_phrases
from .report import run_reports, save_figure, save_table
from .speech_acts import answer_acts, load_question_stance, load_speech_acts, question_stance
from .text.words import split_sentences
from .tokens import tokenize_corpus, tokenize_text

__version__ = package_version()

__all__ = [
    "Corpus",
    "answer_acts",
    "answer_given_question",
    "asker_outlets",
    "collocations",
    "compare_counterparts",
    "corpus_from_texts",
    "exchange_profile",
    "exchange_summary",
    "exchange_table",
    "export_exchanges",
    "group_segments",
    "keyness",
    "kwic",
    "kwic_html",
    "load_corpus",
    "load_dyads",
    "load_gazetteer",
    "load_lexicon",
    "load_outlets",
    "load_question_stance",
    "load_speech_acts",
    "load_wordlist",
    "phrase_counts",
    "phrase_difference",
    "phrase_trends",
    "question_stance",
    "run_reports",
    "save_figure",
    "save_table",
    "similarity",
    "split_sentences",
    "stance_profile",
    "term_frequency",
    "tf_idf",
    "tokenize_corpus",
    "tokenize_text",
    "top_terms",
    "track_phrases",
    "year_coverage",
    "__version__",
]
