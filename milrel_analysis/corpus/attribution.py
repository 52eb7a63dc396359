"""Counterparts: which countries and organisations each segment names, and the main one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from ..lexicons import Gazetteer

__all__ = ["match_counterparts", "primary_counterpart"]

_VENUE_BEFORE = re.compile(r"\b(?:in|at)\s+$")


def match_counterparts(text: str, gazetteer: Gazetteer) -> Counter:
    """Counterpart id -> number of mentions in `text`.

    China's own names and topics (Taiwan, the South China Sea) are masked; a place named as a
    venue ("in Dushanbe, Tajikistan") is not a counterpart.

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> dict(match_counterparts("Wei met Shoigu in Dushanbe, Tajikistan.", load_gazetteer()))
    {'RUS': 1}
    """
    matches = gazetteer.matcher().find(text)
    counts: Counter = Counter()
    skip_next = False
    for k, (start, end, value) in enumerate(matches):
        if skip_next:
            skip_next = False
            continue
        if value.startswith("_"):
            continue
        # "in Dushanbe, Tajikistan": a venue (city, country), not a counterpart.
        if k + 1 < len(matches) and _VENUE_BEFORE.search(text[max(0, start - 4):start]):
            n_start, _, n_value = matches[k + 1]
            if text[end:n_start].strip() == "," and n_value in {value, "_self"}:
                skip_next = n_value == value
                continue
        counts[value] += 1
    return counts


def primary_counterpart(mentions: Mapping[str, int]) -> str | None:
    """The counterpart a document is mainly about: the most mentioned, if it dominates.

    It must be mentioned more often than any other and account for at least half of all
    mentions; otherwise there is none.

    Examples
    --------
    >>> primary_counterpart({"USA": 3, "RUS": 1}), primary_counterpart({"USA": 2, "RUS": 2})
    ('USA', None)
    """
    if not mentions:
        return None
    ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n > second and n >= 0.5 * sum(mentions.values()):
        return top
    return None
