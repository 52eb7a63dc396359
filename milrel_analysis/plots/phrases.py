"""Phrase figures: heatmap by group, lexical dispersion."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .._types import PLOT_VALUES, PlotValue
from .._validation import check_count, check_option, require_columns
from ..errors import ArgumentValueError
from .style import (
    OKABE_ITO,
    TARGET_COLOR,
    VALUE_LABELS,
    check_phrases,
    group_label,
    group_labels,
    is_missing,
    new_axes,
    phrase_totals,
    shorten,
    show_message,
    sorted_groups,
)

__all__ = ["plot_dispersion", "plot_phrase_heatmap"]


def plot_phrase_heatmap(
    counts: pd.DataFrame,
    *,
    by: str = "counterpart",
    value: PlotValue = "rate_per_10k",
    phrases: Sequence[str] | None = None,
    top: int = 20,
    ax: Axes | None = None,
    title: str | None = None,
    annotate: bool = True,
) -> Axes:
    """Heatmap of phrase use: phrases (rows) by group (columns).

    Parameters
    ----------
    counts : DataFrame
        :func:`milrel_analysis.phrases.phrase_counts` output: ``[by, phrase_id, label,
        category, count, rate_per_10k, n_docs]``, zero rows included.
    by : str, default="counterpart"
        The group column; missing groups are labelled "(none)".
    value : {"rate_per_10k", "count"}, default="rate_per_10k"
        What the colour shows.
    phrases : list of str, optional
        Phrase ids to show, in this order; default the `top` phrases by total count.
    top : int, default=20
        Number of phrases when `phrases` is not given.
    ax : Axes, optional
        Axes to draw on; default a new figure sized to the grid.
    title : str, optional
        Replaces the default title.
    annotate : bool, default=True
        Write each value in its cell (grids up to 30 phrases by 15 groups only).

    Returns
    -------
    Axes
        Rows are phrase labels, most used first; columns groups in natural order. Phrases
        never used are dropped. A colour bar gives the unit.

    Raises
    ------
    KeyError
        When a needed column is missing.
    ValueError
        For a bad `value` or `top`, or `phrases` not in the table.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> counts = pd.DataFrame({
    ...     "counterpart": ["USA", "USA", "Russia", "Russia"],
    ...     "phrase_id": ["win-win", "red-line", "win-win", "red-line"],
    ...     "label": ["win-win", "red line", "win-win", "red line"],
    ...     "category": ["cooperation", "red_lines"] * 2,
    ...     "count": [2, 3, 4, 0], "rate_per_10k": [10.0, 15.0, 20.0, 0.0], "n_docs": [1, 2, 2, 0]})
    >>> ax = plot_phrase_heatmap(counts)
    >>> ax.get_title()
    'Tracked phrases by counterpart (rate per 10,000 words)'
    >>> ax.images[0].get_array().tolist()
    [[20.0, 10.0], [0.0, 15.0]]
    >>> plt.close("all")
    """
    check_option("value", value, PLOT_VALUES)
    require_columns(counts, [by, "phrase_id", "label", "count", value], name="counts")
    check_count("top", top, minimum=1)
    unit = VALUE_LABELS[value]
    title = f"Tracked phrases by {by} ({unit})" if title is None else title
    totals = phrase_totals(counts)
    if phrases is not None:
        phrases = [phrases] if isinstance(phrases, str) else list(phrases)
        check_phrases(phrases, counts["phrase_id"], name="phrases")
        chosen = totals.set_index("phrase_id").loc[phrases].reset_index()
    else:
        chosen = totals.sort_values(["total", "phrase_id"], ascending=[False, True], kind="stable")
        chosen = chosen[chosen["total"] > 0].head(top)
    chosen = chosen[chosen["total"] > 0]
    groups = sorted_groups(counts[by])
    col_labels = [group_label(g) for g in groups]
    row_labels = [shorten(lab) for lab in chosen["label"]]
    n_rows, n_cols = len(chosen), len(groups)
    width = 2.6 + 0.075 * max(map(len, row_labels), default=10) + 0.5 * n_cols
    height = 1.9 + 0.32 * n_rows + 0.06 * max(map(len, col_labels), default=4)
    ax = new_axes(ax, (min(max(width, 6.0), 20.0), min(max(height, 3.0), 14.0)))
    if chosen.empty:
        return show_message(ax, "no phrases to show", title)
    data = counts[counts["phrase_id"].isin(chosen["phrase_id"])]
    keys = group_labels(data[by])
    grid = (pd.DataFrame({"group": keys.to_numpy(), "phrase_id": data["phrase_id"].to_numpy(),
                          "value": pd.to_numeric(data[value]).to_numpy(dtype=float)})
            .groupby(["phrase_id", "group"], sort=False)["value"].sum(min_count=1)
            .unstack("group")
            .reindex(index=chosen["phrase_id"], columns=col_labels))
    values = grid.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), cmap="cividis", aspect="auto",
                      interpolation="nearest", vmin=0)
    colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.9 if n_rows > 4 else 1.0)
    colorbar.set_label(unit)
    ax.set_xticks(np.arange(n_cols), col_labels)
    ax.set_yticks(np.arange(n_rows), row_labels)
    if n_cols > 6 or max(map(len, col_labels)) > 6:
        ax.tick_params(axis="x", labelrotation=45)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    ax.tick_params(length=0)
    ax.set_xlabel(by)
    ax.set_ylabel("phrase")
    ax.set_title(title, wrap=True)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if annotate and n_rows <= 30 and n_cols <= 15:
        for (i, j), cell in np.ndenumerate(values):
            if np.isnan(cell):
                continue
            r, g, b, _ = image.cmap(image.norm(cell))
            light = 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5
            ax.text(j, i, _format_cell(cell, value), ha="center", va="center", fontsize=8,
                    color="black" if light else "white")
    return ax


def _format_cell(cell: float, value: str) -> str:
    if value == "count" or cell == 0:
        return f"{cell:.0f}"
    return f"{cell:.0f}" if abs(cell) >= 100 else f"{cell:.1f}"


# --------------------------------------------------------------------------- dispersion


def plot_dispersion(
    hits: pd.DataFrame,
    *,
    doc_order: Sequence[str] | None = None,
    phrases: Sequence[str] | None = None,
    offsets: pd.DataFrame | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Lexical dispersion plot of multi-word phrases: where each occurs across the corpus.

    Each document takes one unit of the x axis (in date order); a hit sits at its
    document's rank plus its position within the document, so bursts and silences show
    at a glance, which NLTK's ``dispersion_plot`` and quanteda's ``textplot_xray`` cannot
    do for phrases.

    Parameters
    ----------
    hits : DataFrame
        :func:`milrel_analysis.phrases.track_phrases` output; ``doc_id``, ``seg_id`` and
        ``phrase_id`` are needed, ``date``, ``start`` and ``category`` are used if present.
    doc_order : list of str, optional
        Document ids in x order, including documents without hits; hits of other
        documents are not drawn. Default: the documents of `hits` by date, then doc_id.
    phrases : list of str, optional
        Phrase ids, one row each from the top (a phrase without hits keeps an empty row);
        default every phrase in `hits`, most frequent first.
    offsets : DataFrame, optional
        ``doc_id, seg_id, offset, length``: character offset and length of each segment
        in the corpus. With it a hit is placed at its exact character; without it at its
        segment, as ``seg_id / (max seg_id + 1)`` of the document.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        One ``|`` marker per hit, coloured by category; faint lines separate documents
        and, when dates are known, the x ticks mark where each year begins.

    Raises
    ------
    KeyError
        When a needed column of `hits` or `offsets` is missing.
    ValueError
        When no hit belongs to a document of `doc_order`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> hits = pd.DataFrame({
    ...     "doc_id": ["a", "a", "b"], "seg_id": [0, 3, 1],
    ...     "phrase_id": ["win-win", "core-interests", "win-win"],
    ...     "category": ["cooperation", "red_lines", "cooperation"],
    ...     "date": pd.to_datetime(["2021-01-28", "2021-01-28", "2022-07-08"])})
    >>> ax = plot_dispersion(hits)
    >>> ax.get_xlabel()
    'corpus position (documents in date order)'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['win-win', 'core-interests']
    >>> plt.close("all")
    """
    require_columns(hits, ["doc_id", "seg_id", "phrase_id"], name="hits")
    if offsets is not None:
        require_columns(offsets, ["doc_id", "seg_id", "offset", "length"], name="offsets")
    data = hits.reset_index(drop=True)
    has_dates = "date" in data.columns and data["date"].notna().any()
    if doc_order is None:
        docs = data.drop_duplicates("doc_id")
        sort_cols = ["date", "doc_id"] if "date" in docs.columns else ["doc_id"]
        order = docs.sort_values(sort_cols, na_position="last", kind="stable")["doc_id"].tolist()
        xlabel = "corpus position (documents in date order)" if has_dates else \
            "corpus position (documents in doc_id order)"
    else:
        order = list(dict.fromkeys(doc_order))
        xlabel = "corpus position (documents in the given order)"
        data = data[data["doc_id"].isin(order)].reset_index(drop=True)
        if data.empty and len(hits):
            raise ArgumentValueError(f"no hit is in a document of doc_order; hits have doc_ids like "
                             f"{hits['doc_id'].drop_duplicates().head(3).tolist()}")
    rank = pd.Series(np.arange(len(order), dtype=float), index=order)
    data = data.assign(_x=data["doc_id"].map(rank).to_numpy(dtype=float)
                       + _within_document(data, offsets))
    all_hits = data  # before the phrase filter: every document's date, for the year ticks
    if phrases is None:
        freq = data["phrase_id"].value_counts()
        rows = sorted(freq.index, key=lambda p: (-freq[p], str(p)))
    else:
        rows = [phrases] if isinstance(phrases, str) else list(dict.fromkeys(phrases))
        data = data[data["phrase_id"].isin(rows)].reset_index(drop=True)
    title = (f"Where {len(rows)} phrases occur across {len(order)} documents"
             if title is None else title)
    ax = new_axes(ax, (10.0, min(max(2.8, 1.5 + 0.35 * len(rows)), 14.0)))
    if not rows or not order:
        return show_message(ax, "no phrase hits to show", title)
    x = data["_x"].to_numpy(dtype=float)
    y = data["phrase_id"].map({p: i for i, p in enumerate(rows)}).to_numpy()
    cats = data["category"] if "category" in data.columns else pd.Series(np.nan, index=data.index)
    cat_names = [c for c in sorted_groups(cats) if not is_missing(c)]
    colour_by_cat = 0 < len(cat_names) <= len(OKABE_ITO)
    # thin marks on white: leave out the pale yellow while the other seven suffice
    palette = [c for c in OKABE_ITO if c != "#F0E442"] if len(cat_names) < len(OKABE_ITO) else OKABE_ITO
    marker_size = 14 if len(rows) <= 12 else 9
    if colour_by_cat:
        for i, cat in enumerate([*cat_names, *([np.nan] if cats.isna().any() else [])]):
            mask = cats.isna().to_numpy() if is_missing(cat) else (cats == cat).to_numpy()
            color = "0.4" if is_missing(cat) else palette[i]
            ax.plot(x[mask], y[mask], linestyle="none", marker="|", markersize=marker_size,
                    markeredgewidth=1.4, color=color, label=group_label(cat))
        ax.legend(title="category", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0, frameon=False)
    else:
        ax.plot(x, y, linestyle="none", marker="|", markersize=marker_size, markeredgewidth=1.4,
                color=TARGET_COLOR)
    if len(order) <= 400:
        ax.vlines(np.arange(len(order) + 1), -0.5, len(rows) - 0.5, colors="0.88",
                  linewidth=0.6, zorder=0)
    ax.set_yticks(np.arange(len(rows)), [shorten(p) for p in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-0.01 * len(order), 1.01 * len(order))
    if has_dates:
        _year_ticks(ax, all_hits, order)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("phrase")
    ax.set_title(title, wrap=True)
    return ax


def _within_document(data: pd.DataFrame, offsets: pd.DataFrame | None) -> np.ndarray:
    """Fraction in [0, 1) of each hit's position within its document."""
    seg = data["seg_id"].astype(float)
    seg_max = seg.groupby(data["doc_id"]).transform("max")
    fraction = (seg / (seg_max + 1)).to_numpy(dtype=float)
    if offsets is None or data.empty:
        return np.nan_to_num(fraction)
    off = offsets[["doc_id", "seg_id", "offset", "length"]].drop_duplicates(["doc_id", "seg_id"]).copy()
    off["doc_start"] = off.groupby("doc_id")["offset"].transform("min")
    off["doc_len"] = (off["offset"] + off["length"]).groupby(off["doc_id"]).transform("max") \
        - off["doc_start"]
    placed = data[["doc_id", "seg_id"]].merge(off, on=["doc_id", "seg_id"], how="left")
    start = data["start"].to_numpy(dtype=float) if "start" in data.columns else 0.0
    exact = ((placed["offset"] - placed["doc_start"]).to_numpy(dtype=float) + start) \
        / np.maximum(placed["doc_len"].to_numpy(dtype=float), 1.0)
    exact = np.clip(exact, 0.0, 0.999)
    return np.nan_to_num(np.where(np.isnan(exact), fraction, exact))


def _year_ticks(ax: Axes, data: pd.DataFrame, order: list[str]) -> None:
    """X ticks at the first document of each year, at most about ten of them."""
    dates = pd.to_datetime(data.drop_duplicates("doc_id").set_index("doc_id")["date"])
    years = pd.Series([dates.get(d, pd.NaT) for d in order]).dt.year
    first = years.dropna().drop_duplicates()
    step = max(1, int(np.ceil(len(first) / 10)))
    first = first.iloc[::step]
    ax.set_xticks(first.index.to_numpy(dtype=float), [str(int(y)) for y in first])


