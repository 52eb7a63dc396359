"""Figures for analysts: a tidy table in, a labelled matplotlib Axes out.

Every ``plot_*`` function takes the table another module returns (:func:`keyness`,
:func:`phrase_counts`, :func:`track_phrases`, ...), draws on `ax` (or on a new
constrained-layout figure) and returns the Axes. Nothing here shows, saves or prints a
figure: :mod:`milrel_analysis.report` is the sole writer. Colours are colour-blind safe:
the Okabe-Ito palette for categories and ``cividis`` for heatmaps.
"""

from .collocations import plot_collocations
from .corpus import plot_documents_per_year
from .exchanges import (
    plot_act_rates,
    plot_answer_given_question,
    plot_asker_counterparts,
    plot_exchange_profile,
)
from .keyness import plot_fightin_words, plot_keyness
from .phrases import plot_dispersion, plot_phrase_heatmap
from .style import OKABE_ITO
from .timeline import plot_phrase_panels, plot_phrase_timeline

__all__ = [
    "OKABE_ITO",
    "plot_act_rates",
    "plot_answer_given_question",
    "plot_asker_counterparts",
    "plot_collocations",
    "plot_dispersion",
    "plot_documents_per_year",
    "plot_exchange_profile",
    "plot_fightin_words",
    "plot_keyness",
    "plot_phrase_heatmap",
    "plot_phrase_panels",
    "plot_phrase_timeline",
]
