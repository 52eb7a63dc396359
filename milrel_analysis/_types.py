"""Type aliases shared by the public API, written once (textacy's ``types.py`` idea).

Each ``Literal`` alias has a matching tuple of its values, which the validation helpers
use, so an option's allowed values are listed in exactly one place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Literal, TypeAlias, get_args

__all__ = [
    "PathLike",
    "Sources",
    "Translation",
    "TRANSLATIONS",
    "Voice",
    "VOICES",
    "Normalize",
    "NORMALIZERS",
    "Measure",
    "MEASURES",
    "Correction",
    "CORRECTIONS",
    "Variance",
    "VARIANCES",
    "Adjust",
    "ADJUSTMENTS",
    "CollocationMeasure",
    "COLLOCATION_MEASURES",
    "Unit",
    "UNITS",
    "PlotValue",
    "PLOT_VALUES",
    "Stopwords",
    "NGram",
]

PathLike: TypeAlias = str | os.PathLike
Sources: TypeAlias = PathLike | Iterable[PathLike]

Translation: TypeAlias = Literal["official", "machine", "all"]
TRANSLATIONS: tuple[str, ...] = get_args(Translation)

# Whose words are counted: China's (everything but journalists' questions), the press's
# questions only, or both.
Voice: TypeAlias = Literal["official", "press", "all"]
VOICES: tuple[str, ...] = get_args(Voice)

# Stemmers and the lemmatiser; ``None`` (no normalisation) is allowed beside them.
Normalize: TypeAlias = Literal["porter", "snowball", "lemma"]
NORMALIZERS: tuple[str, ...] = get_args(Normalize)

Measure: TypeAlias = Literal["g2", "chi2", "log_ratio", "log_odds", "fisher", "pmi"]
MEASURES: tuple[str, ...] = get_args(Measure)

# Corrections of a 2x2 test: Williams's for G² (and chi²), Yates's continuity correction for chi².
Correction: TypeAlias = Literal["none", "williams", "yates"]
CORRECTIONS: tuple[str, ...] = get_args(Correction)

# Variance of Monroe et al.'s log-odds: their two-term approximation or Scattertext's four terms.
Variance: TypeAlias = Literal["monroe", "scattertext"]
VARIANCES: tuple[str, ...] = get_args(Variance)

# Multiple-testing adjustments of p values; ``None`` (no adjustment) is allowed beside them.
Adjust: TypeAlias = Literal["bh", "bonferroni"]
ADJUSTMENTS: tuple[str, ...] = get_args(Adjust)

CollocationMeasure: TypeAlias = Literal["g2", "pmi", "t", "dice"]
COLLOCATION_MEASURES: tuple[str, ...] = get_args(CollocationMeasure)

Unit: TypeAlias = Literal["term", "phrase"]
UNITS: tuple[str, ...] = get_args(Unit)

PlotValue: TypeAlias = Literal["rate_per_10k", "count"]
PLOT_VALUES: tuple[str, ...] = get_args(PlotValue)

# How load_corpus parses: this machine's processes, or a dask.distributed cluster.
Engine: TypeAlias = Literal["processes", "dask"]
ENGINES: tuple[str, ...] = get_args(Engine)

Stopwords: TypeAlias = bool | Iterable[str]
NGram: TypeAlias = int | tuple[int, int]
