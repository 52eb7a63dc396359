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

from .._stats import significance_label
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

__all__ = ["plot_fightin_words", "plot_keyness", "significance"]

_Z_CRIT = 1.96
_ALPHA = 0.05


def significance(table: pd.DataFrame) -> tuple[pd.Series | None, str]:
    """Which rows of a keyness table are significant after adjustment, and how to say so.

    The table's ``significant`` column when it has one, else ``p_adjusted < 0.05``; None
    when it has neither (a table made by hand). The words come from ``table.attrs``
    (``adjust``, ``alpha``, as :func:`~milrel_analysis.keyness` sets them).

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["a", "b"], "p_adjusted": [0.01, 0.2]})
    >>> t.attrs.update(adjust="bh", alpha=0.05)
    >>> sig, words = significance(t)
    >>> sig.tolist(), words
    ([True, False], 'significant after Benjamini–Hochberg, q < 0.05')
    """
    alpha = float(table.attrs.get("alpha", _ALPHA))
    if "adjust" in table.attrs:
        words = significance_label(table.attrs["adjust"], alpha)
    else:
        words = f"significant after adjustment for multiple tests, at {alpha:g}"
    if "significant" in table.columns:
        return table["significant"].fillna(False).astype(bool), words
    if "p_adjusted" in table.columns:
        return pd.to_numeric(table["p_adjusted"], errors="coerce").lt(alpha), words
    return None, ""


def plot_keyness(
    table: pd.DataFrame,
    *,
    top: int = 15,
    target_label: str = "target",
    reference_label: str = "reference",
    measure_label: str | None = None,
    significant_only: bool = True,
    ax: Axes | None = None,
    title: str | None = None,
    n: int | None = None,
) -> Axes:
    """Two-sided bar chart of the terms most over-used in the target and in the reference.

    Parameters
    ----------
    table : DataFrame
        A keyness table with at least ``term`` and ``statistic`` (signed: positive means
        over-used in the target), such as :func:`milrel_analysis.compare.keyness` returns;
        its ``significant`` (or ``p_adjusted``) column says which terms survive the
        adjustment for multiple tests.
    top : int, default=15
        Terms shown on each side.
    target_label, reference_label : str
        Names of the two corpora, used in the legend and title.
    measure_label : str, optional
        The x-axis label; default ``"keyness (signed G²)"``.
    significant_only : bool, default=True
        Show only the terms significant after adjustment; with False, the others are
        drawn too, pale and hatched, and the legend says "not significant". A table
        without ``significant`` or ``p_adjusted`` is drawn whole, untested.
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
        terms are vermilion bars to the left, below them, strongest first. The legend's
        title says which adjustment made a term significant (e.g. "significant after
        Benjamini–Hochberg, q < 0.05"). An empty table gives an Axes saying "no terms to
        show"; one without significant terms says so.

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
    ...                       "statistic": [12.5, 3.1, -8.0], "significant": [True, False, True]})
    >>> table.attrs.update(adjust="bh", alpha=0.05)  # as keyness() sets them
    >>> ax = plot_keyness(table, top=2, target_label="2023", reference_label="2021")
    >>> ax.get_title()
    'Terms most over-used in 2023 vs 2021'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['win-win', 'hegemony']
    >>> ax.get_legend().get_title().get_text()
    'significant after Benjamini–Hochberg, q < 0.05'
    >>> plt.close("all")
    """
    require_columns(table, ["term", "statistic"], name="table")
    if n is not None:
        check_count("n", n, minimum=1)
        top = n
    check_count("top", top, minimum=1)
    title = f"Terms most over-used in {target_label} vs {reference_label}" if title is None else title
    stat = pd.to_numeric(table["statistic"], errors="coerce")
    sig, words = significance(table)
    frame = pd.DataFrame({"term": table["term"].astype(str).to_numpy(), "statistic": stat.to_numpy(),
                          "significant": True if sig is None else sig.to_numpy()})
    if sig is not None and significant_only:
        frame = frame[frame["significant"]]
    pos = frame[frame["statistic"] > 0].sort_values(["statistic", "term"], ascending=[False, True],
                                                    kind="stable").head(top)
    neg = frame[frame["statistic"] < 0].sort_values(["statistic", "term"], ascending=[True, True],
                                                    kind="stable").head(top)
    rows = len(pos) + len(neg) + (1 if len(pos) and len(neg) else 0)
    ax = new_axes(ax, (9.0, min(max(3.0, 1.6 + 0.3 * rows), 16.0)))
    if pos.empty and neg.empty:
        if sig is not None and significant_only and len(table):
            return show_message(ax, wrap(f"no term is {words}", 48), title)
        return show_message(ax, "no terms to show", title)
    y_pos = np.arange(len(pos), dtype=float)
    gap = 1.0 if len(pos) else 0.0
    y_neg = len(pos) + gap + np.arange(len(neg), dtype=float)
    for y, part, color, label in ((y_pos, pos, TARGET_COLOR, f"over-used in {target_label}"),
                                  (y_neg, neg, REFERENCE_COLOR, f"over-used in {reference_label}")):
        if not len(part):
            continue
        strong = part["significant"].to_numpy(dtype=bool)
        widths = part["statistic"].to_numpy()
        ax.barh(y[strong], widths[strong], color=color, height=0.7, label=wrap(label))
        if (~strong).any():
            ax.barh(y[~strong], widths[~strong], color=color, alpha=0.3, hatch="//",
                    edgecolor="white", height=0.7, label="_weak")
    if sig is not None and not significant_only and not frame["significant"].all():
        ax.barh([np.nan], [np.nan], color=GREY, alpha=0.3, hatch="//", edgecolor="white",
                label="not significant")
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
    _legend_clear_of_bars(ax, wrap(words, 50) if words else None)
    return ax


def _legend_clear_of_bars(ax: Axes, legend_title: str | None = None) -> None:
    """Put the legend in the first corner where it covers no bar, else outside on the right."""
    renderer = drawn_renderer(ax)
    bars = [patch.get_window_extent(renderer) for patch in ax.patches
            if np.isfinite(patch.get_window_extent(renderer).width)]
    options = {"frameon": False, "fontsize": "small", "title": legend_title,
               "title_fontsize": "small"}
    for loc in ("upper left", "lower right", "upper right", "lower left"):
        box = ax.legend(loc=loc, **options).get_window_extent(renderer)
        if not any(box.overlaps(bar) for bar in bars):
            return
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, **options)



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
        ``term, target_count, reference_count, statistic`` (and ``significant`` or
        ``p_adjusted``): `statistic` is the z-score of the log-odds ratio with an
        informative Dirichlet prior (positive: target).
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
        Blue points are over-used in the target, vermilion in the reference, grey not
        significant. Significance is the table's ``significant`` column (or
        ``p_adjusted < 0.05``), i.e. after the adjustment for multiple tests that the
        legend's title names, and dashed lines mark the smallest |z| that passed it. A
        table with neither column falls back to the unadjusted ``|z| ≥ 1.96`` and the
        legend says "unadjusted".

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
    sig, words = significance(table)
    z = pd.to_numeric(table["statistic"]).to_numpy(dtype=float)
    frame = pd.DataFrame({"term": table["term"].astype(str).to_numpy(),
                          "total": total.to_numpy(dtype=float), "z": z,
                          "significant": (np.abs(z) >= _Z_CRIT) if sig is None else sig.to_numpy()})
    frame = frame[(frame["total"] > 0) & frame["z"].notna()].reset_index(drop=True)
    ax = new_axes(ax, (9.0, 6.0))
    if frame.empty:
        return show_message(ax, "no terms to show", title)
    frame["x"] = np.log10(frame["total"])
    strong = frame["significant"].to_numpy(dtype=bool)
    up, down = strong & (frame["z"] > 0), strong & (frame["z"] < 0)
    if sig is None:
        notes = ("not significant (|z| < 1.96, unadjusted)", " (z \u2265 1.96, unadjusted)",
                 " (z \u2264 \u22121.96, unadjusted)")
        levels = [_Z_CRIT, -_Z_CRIT]
    else:
        notes = ("not significant", "", "")
        threshold = float(frame.loc[strong, "z"].abs().min()) if strong.any() else None
        levels = [] if threshold is None else [threshold, -threshold]
    groups = [
        (~strong, GREY, 10, notes[0]),
        (up, TARGET_COLOR, 22, wrap(f"over-used in {target_label}{notes[1]}")),
        (down, REFERENCE_COLOR, 22, wrap(f"over-used in {reference_label}{notes[2]}")),
    ]
    for mask, color, size, label in groups:
        part = frame[mask]
        ax.scatter(part["x"], part["z"], s=size, color=color, alpha=0.8 if color != GREY else 0.5,
                   linewidths=0, label=label, zorder=2 if color != GREY else 1)
    for level in levels:
        ax.axhline(level, color="0.45", linestyle="--", linewidth=0.8, zorder=0)
    ax.axhline(0, color="0.8", linewidth=0.6, zorder=0)
    ax.margins(x=0.08, y=0.1)
    ax.set_xlabel("frequency (log10 of total count)")
    ax.set_ylabel("z-score (log-odds, informative Dirichlet prior)")
    legend_title = wrap(words, 30) if words else None
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False,
              title=legend_title, title_fontsize="small")
    ax.set_title(title, wrap=True)
    if n_labels:
        order = frame["z"].abs().sort_values(ascending=False, kind="stable").index[:n_labels]
        colors = np.where(up, TARGET_COLOR, np.where(down, REFERENCE_COLOR, "0.3"))
        _place_labels(ax, frame.loc[order].assign(color=colors[order]),
                      every=frame[["x", "z"]].to_numpy(dtype=float))
    return ax


_H_ALIGN: dict[int, Literal["left", "center", "right"]] = {1: "left", 0: "center", -1: "right"}
_V_ALIGN: dict[int, Literal["bottom", "center", "top"]] = {1: "bottom", 0: "center", -1: "top"}
_DIRECTIONS = [(1, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 1), (-1, -1), (-1, 0)]


def _place_labels(ax: Axes, points: pd.DataFrame, *, every: np.ndarray | None = None,
                  distances: Sequence[float] = (5.0, 12.0, 20.0, 30.0, 45.0)) -> None:
    """Greedy non-overlapping labels: try 8 directions at each distance, else drop the label.

    A label goes where it covers no other label, no labelled point and, if it can, no point
    of `every` (x, z of all points drawn); failing that, where it covers no label or labelled
    point. Display coordinates are read once the figure is laid out; the labels stay out of
    the layout (``set_in_layout(False)``), so later draws keep the same positions.
    """
    renderer = drawn_renderer(ax)
    # Freeze the view: a connector drawn later must not rescale the axes under placed labels.
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    frame_box = ax.get_window_extent(renderer)
    centres = ax.transData.transform(points[["x", "z"]].to_numpy(dtype=float))
    pt = ax.figure.dpi / 72  # pixels per point
    half = 2.5 * pt  # a marker's half-width
    markers = [Bbox.from_extents(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]
    dots = (ax.transData.transform(every) if every is not None and len(every)
            else np.empty((0, 2)))
    placed: list[Bbox] = []
    for k, (term, x, z, color) in enumerate(points[["term", "x", "z", "color"]].itertuples(index=False)):
        ann = ax.annotate(shorten(term, 30), (x, z), xytext=(0, 0), textcoords="offset points",
                          fontsize=8, color=color, zorder=3)
        ann.set_in_layout(False)
        obstacles = [*placed, *markers[:k], *markers[k + 1:]]
        own = np.hypot(*(dots - centres[k]).T) < 0.5 if len(dots) else np.zeros(0, dtype=bool)
        box = _free_spot(ann, renderer, frame_box, obstacles, distances, dots[~own], half)
        if box is None:
            box = _free_spot(ann, renderer, frame_box, obstacles, distances[:3])
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
               distances: Sequence[float], dots: np.ndarray | None = None,
               radius: float = 0.0) -> Bbox | None:
    """Move `ann` to the first offset whose box is inside the axes and clear; its box or None.

    With `dots` (display x, y of points), the box must also keep `radius` away from each.
    """
    for dist in distances:
        for dx, dy in _DIRECTIONS:
            scale = dist / np.hypot(dx, dy)
            ann.xyann = (dx * scale, dy * scale)
            ann.set_horizontalalignment(_H_ALIGN[dx])
            ann.set_verticalalignment(_V_ALIGN[dy])
            box = ann.get_window_extent(renderer)
            inside = (box.x0 >= frame_box.x0 and box.x1 <= frame_box.x1
                      and box.y0 >= frame_box.y0 and box.y1 <= frame_box.y1)
            if not inside or any(box.overlaps(other) for other in obstacles):
                continue
            if dots is not None and len(dots) and np.any(
                    (dots[:, 0] > box.x0 - radius) & (dots[:, 0] < box.x1 + radius)
                    & (dots[:, 1] > box.y0 - radius) & (dots[:, 1] < box.y1 + radius)):
                continue
            return box
    return None
