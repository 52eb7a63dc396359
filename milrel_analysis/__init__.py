"""milrel_analysis: parse, count and compare China's statements on military-to-military relations.

The data flow is files -> :func:`load_corpus` (tidy tables) -> tokens -> counts
(:func:`term_frequency`, :func:`phrase_counts`) -> comparisons (:func:`keyness`,
:func:`compare_counterparts`) -> figures (``plot_*``) and reports (:func:`run_reports`).
"""

from importlib.metadata import PackageNotFoundError, version

from .corpus import Corpus, corpus_from_texts, load_corpus
from .lexicons import load_gazetteer, load_lexicon, load_wordlist
from .tokens import split_sentences, tokenize_corpus, tokenize_text

try:
    __version__ = version("milrel_analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "Corpus",
    "corpus_from_texts",
    "load_corpus",
    "load_gazetteer",
    "load_lexicon",
    "load_wordlist",
    "split_sentences",
    "tokenize_corpus",
    "tokenize_text",
    "__version__",
]
