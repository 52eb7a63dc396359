"""Keyness figures: two-sided bars, and the Fightin' Words scatter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from .._validation import check_count, require_columns
from .style import (
    GREY,
    REFERENCE_COLOR,
    TARGET_COLOR,
    drawn_renderer,
    new_axes,
    shorten,
    show_message,
    wrap,
)

__all__ = ["plot_fightin_words", "plot_keyness"]

_Z_CRIT = 1.96


def plot_keyness(
    table: pd.DataFrame,
    *,
    top: int = 15,
    target_label: str = "target",
    reference_label: str = "reference",
    measure_label: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    n: int | None = None,
) -> Axes:
    """Two-sided bar chart of the terms most over-used in the target and in the reference.

    Parameters
    ----------
    table : DataFrame
        A keyness table with at least ``term`` and ``statistic`` (signed: positive means
        over-used in the target), such as :func:`milrel_analysis.compare.keyness` returns.
    top : int, default=15
        Terms shown on each side.
    target_label, reference_label : str
        Names of the two corpora, used in the legend and title.
    measure_label : str, optional
        The x-axis label; default ``"keyness (signed G²)"``.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.
    n : int, optional
        The former name of `top`, still accepted.

    Returns
    -------
    Axes
        Target terms are blue bars to the right of 0, strongest at the top; reference
        terms are vermilion bars to the left, below them, strongest first. An empty table
        gives an Axes saying "no terms to show".

    Raises
    ------
    KeyError
        When ``term`` or ``statistic`` is missing.
    ValueError
        When `top` is not a positive integer.

    See Also
    --------
    plot_fightin_words : every term at once, by frequency and z-score.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"term": ["win-win", "talks", "hegemony"],
    ...                       "statistic": [12.5, 3.1, -8.0]})
    >>> ax = plot_keyness(table, top=2, target_label="2023", reference_label="2021")
    >>> ax.get_title()
    'Terms most over-used in 2023 vs 2021'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['win-win', 'talks', 'hegemony']
    >>> plt.close("all")
    """
    require_columns(table, ["term", "statistic"], name="table")
    if n is not None:
        check_count("n", n, minimum=1)
        top = n
    check_count("top", top, minimum=1)
    title = f"Terms most over-used in {target_label} vs {reference_label}" if title is None else title
    stat = pd.to_numeric(table["statistic"], errors="coerce")
    frame = pd.DataFrame({"term": table["term"].astype(str).to_numpy(), "statistic": stat.to_numpy()})
    pos = frame[frame["statistic"] > 0].sort_values(["statistic", "term"], ascending=[False, True],
                                                    kind="stable").head(top)
    neg = frame[frame["statistic"] < 0].sort_values(["statistic", "term"], ascending=[True, True],
                                                    kind="stable").head(top)
    rows = len(pos) + len(neg) + (1 if len(pos) and len(neg) else 0)
    ax = new_axes(ax, (9.0, min(max(3.0, 1.6 + 0.3 * rows), 16.0)))
    if pos.empty and neg.empty:
        return show_message(ax, "no terms to show", title)
    y_pos = np.arange(len(pos), dtype=float)
    gap = 1.0 if len(pos) else 0.0
    y_neg = len(pos) + gap + np.arange(len(neg), dtype=float)
    if len(pos):
        ax.barh(y_pos, pos["statistic"].to_numpy(), color=TARGET_COLOR, height=0.7,
                label=wrap(f"over-used in {target_label}"))
    if len(neg):
        ax.barh(y_neg, neg["statistic"].to_numpy(), color=REFERENCE_COLOR, height=0.7,
                label=wrap(f"over-used in {reference_label}"))
    if len(pos) and len(neg):
        ax.axhline(len(pos) - 0.5 + gap / 2, color="0.85", linewidth=0.8, zorder=0)
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks([*y_pos, *y_neg], [shorten(t) for t in [*pos["term"], *neg["term"]]])
    ax.set_ylim(rows - 0.5, -0.5)  # first row at the top
    lo = min(0.0, float(neg["statistic"].min()) if len(neg) else 0.0)
    hi = max(0.0, float(pos["statistic"].max()) if len(pos) else 0.0)
    pad = 0.05 * (hi - lo)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xlabel(measure_label or "keyness (signed G\u00b2)")
    ax.set_ylabel("term")
    ax.grid(axis="x", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(title, wrap=True)
    _legend_clear_of_bars(ax)
    return ax



def _legend_clear_of_bars(ax: Axes) -> None:
    """Put the legend in the first corner where it covers no bar, else outside on the right."""
    renderer = drawn_renderer(ax)
    bars = [patch.get_window_extent(renderer) for patch in ax.patches]
    for loc in ("upper left", "lower right", "upper right", "lower left"):
        box = ax.legend(loc=loc, frameon=False, fontsize="small").get_window_extent(renderer)
        if not any(box.overlaps(bar) for bar in bars):
            return
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False)



def plot_fightin_words(
    table: pd.DataFrame,
    *,
    n_labels: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
    target_label: str = "target",
    reference_label: str = "reference",
) -> Axes:
    """Monroe et al. (2008) "fightin' words" scatter: z-score of log-odds against frequency.

    Parameters
    ----------
    table : DataFrame
        ``term, target_count, reference_count, statistic``: `statistic` is the z-score of
        the log-odds ratio with an informative Dirichlet prior (positive: target).
    n_labels : int, default=15
        The strongest terms by ``|z|`` to label; labels that cannot be placed without
        overlapping another label or leaving the axes are dropped.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.
    target_label, reference_label : str
        Names of the two corpora, used in the legend and title.

    Returns
    -------
    Axes
        Grey points are not significant (``|z| < 1.96``); blue are over-used in the target,
        vermilion in the reference; dashed lines mark ``z = ±1.96``.

    Raises
    ------
    KeyError
        When a needed column is missing.
    ValueError
        When `n_labels` is negative.

    Notes
    -----
    Labels are placed once the figure has been laid out: resizing the figure afterwards
    can make them overlap. Terms with a total count of 0 are not drawn.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"term": ["win-win", "talks", "hegemony", "the"],
    ...                       "target_count": [40, 12, 2, 900], "reference_count": [5, 10, 30, 880],
    ...                       "statistic": [4.2, 0.3, -3.5, 0.1]})
    >>> ax = plot_fightin_words(table, n_labels=2)
    >>> ax.get_ylabel()
    'z-score (log-odds, informative Dirichlet prior)'
    >>> sorted(t.get_text() for t in ax.texts)
    ['hegemony', 'win-win']
    >>> plt.close("all")
    """
    require_columns(table, ["term", "target_count", "reference_count", "statistic"], name="table")
    check_count("n_labels", n_labels, minimum=0)
    title = f"Distinctive terms: {target_label} vs {reference_label}" if title is None else title
    total = (pd.to_numeric(table["target_count"]) + pd.to_numeric(table["reference_count"]))
    frame = pd.DataFrame({"term": table["term"].astype(str).to_numpy(),
                          "total": total.to_numpy(dtype=float),
                          "z": pd.to_numeric(table["statistic"]).to_numpy(dtype=float)})
    frame = frame[(frame["total"] > 0) & frame["z"].notna()].reset_index(drop=True)
    ax = new_axes(ax, (9.0, 6.0))
    if frame.empty:
        return show_message(ax, "no terms to show", title)
    frame["x"] = np.log10(frame["total"])
    groups = [
        (frame["z"].abs() < _Z_CRIT, GREY, 10, "not significant (|z| < 1.96)"),
        (frame["z"] >= _Z_CRIT, TARGET_COLOR, 22, wrap(f"over-used in {target_label} (z \u2265 1.96)")),
        (frame["z"] <= -_Z_CRIT, REFERENCE_COLOR, 22,
         wrap(f"over-used in {reference_label} (z \u2264 \u22121.96)")),
    ]
    for mask, color, size, label in groups:
        part = frame[mask]
        ax.scatter(part["x"], part["z"], s=size, color=color, alpha=0.8 if color != GREY else 0.5,
                   linewidths=0, label=label, zorder=2 if color != GREY else 1)
    for level in (_Z_CRIT, -_Z_CRIT):
        ax.axhline(level, color="0.45", linestyle="--", linewidth=0.8, zorder=0)
    ax.axhline(0, color="0.8", linewidth=0.6, zorder=0)
    ax.margins(x=0.08, y=0.1)
    ax.set_xlabel("frequency (log10 of total count)")
    ax.set_ylabel("z-score (log-odds, informative Dirichlet prior)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False)
    ax.set_title(title, wrap=True)
    if n_labels:
        order = frame["z"].abs().sort_values(ascending=False, kind="stable").index[:n_labels]
        _place_labels(ax, frame.loc[order])
    return ax


_H_ALIGN: dict[int, Literal["left", "center", "right"]] = {1: "left", 0: "center", -1: "right"}
_V_ALIGN: dict[int, Literal["bottom", "center", "top"]] = {1: "bottom", 0: "center", -1: "top"}
_DIRECTIONS = [(1, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 1), (-1, -1), (-1, 0)]


def _place_labels(ax: Axes, points: pd.DataFrame, *, distances: Sequence[float] = (5.0, 12.0, 20.0)) -> None:
    """Greedy non-overlapping labels: try 8 directions at each distance, else drop the label.

    Display coordinates are read once the figure is laid out; the labels stay out of the
    layout (``set_in_layout(False)``), so later draws keep the same positions.
    """
    renderer = drawn_renderer(ax)
    frame_box = ax.get_window_extent(renderer)
    centres = ax.transData.transform(points[["x", "z"]].to_numpy(dtype=float))
    pt = ax.figure.dpi / 72  # pixels per point
    half = 2.5 * pt  # a marker's half-width
    markers = [Bbox.from_extents(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]
    placed: list[Bbox] = []
    for k, (term, x, z) in enumerate(points[["term", "x", "z"]].itertuples(index=False)):
        color = TARGET_COLOR if z >= _Z_CRIT else REFERENCE_COLOR if z <= -_Z_CRIT else "0.3"
        ann = ax.annotate(shorten(term, 30), (x, z), xytext=(0, 0), textcoords="offset points",
                          fontsize=8, color=color, zorder=3)
        ann.set_in_layout(False)
        box = _free_spot(ann, renderer, frame_box, [*placed, *markers[:k], *markers[k + 1:]],
                         distances)
        if box is None:
            ann.remove()
            continue
        placed.append(box)
        cx, cy = centres[k]
        end = np.array([np.clip(cx, box.x0, box.x1), np.clip(cy, box.y0, box.y1)])
        gap = np.hypot(*(end - centres[k]))
        if gap > 8 * pt:  # a far label: a thin connector shows which point it names
            start = centres[k] + (end - centres[k]) * (3.5 * pt / gap)
            xs, ys = ax.transData.inverted().transform(np.array([start, end])).T
            ax.plot(xs, ys, color="0.55", linewidth=0.5, zorder=2.5, gid="label-connector")


def _free_spot(ann: Annotation, renderer: RendererBase, frame_box: Bbox, obstacles: list[Bbox],
               distances: Sequence[float]) -> Bbox | None:
    """Move `ann` to the first offset whose box is inside the axes and clear; its box or None."""
    for dist in distances:
        for dx, dy in _DIRECTIONS:
            scale = dist / np.hypot(dx, dy)
            ann.xyann = (dx * scale, dy * scale)
            ann.set_horizontalalignment(_H_ALIGN[dx])
            ann.set_verticalalignment(_V_ALIGN[dy])
            box = ann.get_window_extent(renderer)
            inside = (box.x0 >= frame_box.x0 and box.x1 <= frame_box.x1
                      and box.y0 >= frame_box.y0 and box.y1 <= frame_box.y1)
            if inside and not any(box.overlaps(other) for other in obstacles):
                return box
    return None


