"""Collocation figure: the words most associated with a node (or the strongest word pairs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._stats import significance_label
from .._validation import check_count, require_columns
from .style import GREY, TARGET_COLOR, new_axes, shorten, show_message, wrap

__all__ = ["plot_collocations"]

_MEASURE_LABELS = {"g2": "association (signed G\u00b2)", "pmi": "PMI (log\u2082 O / E)",
                   "t": "t-score", "dice": "Dice coefficient"}


def plot_collocations(
    table: pd.DataFrame,
    *,
    top: int = 15,
    alpha: float = 0.05,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of the `top` collocates (or pairs) by statistic, strongest on top.

    Parameters
    ----------
    table : DataFrame
        A :func:`~milrel_analysis.collocations.collocations` table (``term``, ``around``,
        ``count``, ``statistic``, ``p_adjusted``).
    top : int, default=15
        Rows shown.
    alpha : float, default=0.05
        Level for ``p_adjusted``: bars of rows not significant at it are grey.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title ("Words around USA", "Word pairs").

    Returns
    -------
    Axes
        Each bar is labelled with the collocate (``"first second"`` for pairs) and its
        count; the legend says which adjustment made a row significant.

    Raises
    ------
    KeyError
        When a needed column is missing.
    ValueError
        When `top` is not a positive integer.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"term": ["side", "urge"], "around": ["USA", "USA"], "count": [9, 4],
    ...                   "statistic": [30.0, 12.0], "p_adjusted": [0.001, 0.2]})
    >>> ax = plot_collocations(t)
    >>> ax.get_title(), [x.get_text() for x in ax.get_yticklabels()]
    ('Words around USA', ['side (9)', 'urge (4)'])
    >>> plt.close("all")
    """
    require_columns(table, ["term", "around", "count", "statistic", "p_adjusted"], name="table")
    check_count("top", top, minimum=1)
    pairs = table.attrs.get("kind") == "pairs" or table["around"].nunique() > 1
    around = None if pairs or table.empty else table["around"].iloc[0]
    if title is None:
        title = "Word pairs" if pairs or around is None else f"Words around {around}"
    frame = table.assign(statistic=pd.to_numeric(table["statistic"], errors="coerce"))
    frame = frame[np.isfinite(frame["statistic"])].sort_values(
        ["statistic", "term", "around"], ascending=[False, True, True], kind="stable").head(top)
    ax = new_axes(ax, (8.0, min(max(3.0, 1.4 + 0.3 * len(frame)), 14.0)))
    if frame.empty:
        return show_message(ax, "no collocations to show", title)
    names = [f"{a} {t}" if pairs else str(t) for a, t in zip(frame["around"], frame["term"], strict=True)]
    labels = [f"{shorten(name, 34)} ({int(c)})" for name, c in zip(names, frame["count"], strict=True)]
    strong = pd.to_numeric(frame["p_adjusted"], errors="coerce").lt(alpha).to_numpy()
    y = np.arange(len(frame), dtype=float)
    values = frame["statistic"].to_numpy(dtype=float)
    words = significance_label(table.attrs.get("adjust", "bh"), alpha)
    if strong.any():
        ax.barh(y[strong], values[strong], color=TARGET_COLOR, height=0.7, label=wrap(words, 40))
    if (~strong).any():
        ax.barh(y[~strong], values[~strong], color=GREY, height=0.7, label="not significant")
    ax.set_yticks(y, labels)
    ax.set_ylim(len(frame) - 0.5, -0.5)
    ax.axvline(0, color="0.2", linewidth=0.8)
    measure = table.attrs.get("measure", "g2")
    ax.set_xlabel(_MEASURE_LABELS.get(measure, str(measure)))
    ax.set_ylabel("word pair (count)" if pairs else "collocate (count)")
    ax.grid(axis="x", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    ax.set_title(title, wrap=True)
    return ax
