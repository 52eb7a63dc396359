"""Figures for analysts: a tidy table in, a labelled matplotlib Axes out.

Every ``plot_*`` function takes the table another module returns (:func:`keyness`,
:func:`phrase_counts`, :func:`track_phrases`, ...), draws on `ax` (or on a new
constrained-layout figure) and returns the Axes. Nothing here shows, saves or prints a
figure: :mod:`milrel_analysis.report` is the sole writer. Colours are colour-blind safe:
the Okabe-Ito palette for categories and ``cividis`` for heatmaps.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Sequence
from typing import Literal

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation
from matplotlib.ticker import MaxNLocator, StrMethodFormatter
from matplotlib.transforms import Bbox

__all__ = [
    "plot_keyness",
    "plot_phrase_heatmap",
    "plot_phrase_timeline",
    "plot_dispersion",
    "plot_fightin_words",
    "plot_documents_per_year",
    "OKABE_ITO",
]

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
_TARGET, _REFERENCE = OKABE_ITO[0], OKABE_ITO[1]
_GREY = "#A0A0A0"
_Z_CRIT = 1.96
_MAX_LABEL = 40
_VALUE_LABELS = {"rate_per_10k": "rate per 10,000 words", "count": "occurrences"}
_NONE_LABEL = "(none)"


# --------------------------------------------------------------------------- helpers


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], *, name: str) -> None:
    """Raise KeyError naming the missing columns and the ones present."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        raise KeyError(f"{name} is missing columns {missing}; have {list(frame.columns)}")


def _check_option(name: str, value: object, allowed: Sequence[object]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {list(allowed)}")


def _check_count(name: str, value: object, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name}={value!r}: give an integer >= {minimum}")


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _shorten(text: object, width: int = _MAX_LABEL) -> str:
    """`text` as a string of at most `width` characters, ending in an ellipsis if cut."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _wrap(text: str, width: int = 32) -> str:
    """Break a long legend entry over lines of about `width` characters."""
    return textwrap.fill(text, width, break_long_words=False)


def _group_label(value: object) -> str:
    """Display label of a group value: "(none)" for missing, 2021 rather than 2021.0."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return _NONE_LABEL
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return _shorten(value)


def _sorted_groups(values: pd.Series) -> list[object]:
    """Distinct values in natural order, missing last."""
    uniq = pd.Series(values.unique())
    present = uniq.dropna()
    try:
        present = present.sort_values(kind="stable")
    except TypeError:  # mixed types: fall back to their text
        present = present.iloc[np.argsort(present.astype(str).to_numpy(), kind="stable")]
    return [*present.tolist(), *([np.nan] if uniq.isna().any() else [])]


def _show_message(ax: Axes, message: str, title: str) -> Axes:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=12,
            color="0.35")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, wrap=True)
    return ax


def _series_color(i: int) -> tuple[str, str]:
    """Colour and line style of the i-th series: Okabe-Ito, then dashed once exhausted."""
    return OKABE_ITO[i % len(OKABE_ITO)], ["-", "--", ":", "-."][(i // len(OKABE_ITO)) % 4]


# --------------------------------------------------------------------------- keyness


def plot_keyness(
    table: pd.DataFrame,
    *,
    n: int = 15,
    target_label: str = "target",
    reference_label: str = "reference",
    measure_label: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Two-sided bar chart of the terms most over-used in the target and in the reference.

    Parameters
    ----------
    table : DataFrame
        A keyness table with at least ``term`` and ``statistic`` (signed: positive means
        over-used in the target), such as :func:`milrel_analysis.compare.keyness` returns.
    n : int, default=15
        Terms shown on each side.
    target_label, reference_label : str
        Names of the two corpora, used in the legend and title.
    measure_label : str, optional
        The x-axis label; default ``"keyness (signed G²)"``.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.

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
        When `n` is not a positive integer.

    See Also
    --------
    plot_fightin_words : every term at once, by frequency and z-score.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"term": ["win-win", "talks", "hegemony"],
    ...                       "statistic": [12.5, 3.1, -8.0]})
    >>> ax = plot_keyness(table, n=2, target_label="2023", reference_label="2021")
    >>> ax.get_title()
    'Terms most over-used in 2023 vs 2021'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['win-win', 'talks', 'hegemony']
    >>> plt.close("all")
    """
    _require_columns(table, ["term", "statistic"], name="table")
    _check_count("n", n, minimum=1)
    title = f"Terms most over-used in {target_label} vs {reference_label}" if title is None else title
    stat = pd.to_numeric(table["statistic"], errors="coerce")
    frame = pd.DataFrame({"term": table["term"].astype(str).to_numpy(), "statistic": stat.to_numpy()})
    pos = frame[frame["statistic"] > 0].sort_values(["statistic", "term"], ascending=[False, True],
                                                    kind="stable").head(n)
    neg = frame[frame["statistic"] < 0].sort_values(["statistic", "term"], ascending=[True, True],
                                                    kind="stable").head(n)
    rows = len(pos) + len(neg) + (1 if len(pos) and len(neg) else 0)
    ax = _new_axes(ax, (9.0, min(max(3.0, 1.6 + 0.3 * rows), 16.0)))
    if pos.empty and neg.empty:
        return _show_message(ax, "no terms to show", title)
    y_pos = np.arange(len(pos), dtype=float)
    gap = 1.0 if len(pos) else 0.0
    y_neg = len(pos) + gap + np.arange(len(neg), dtype=float)
    if len(pos):
        ax.barh(y_pos, pos["statistic"].to_numpy(), color=_TARGET, height=0.7,
                label=_wrap(f"over-used in {target_label}"))
    if len(neg):
        ax.barh(y_neg, neg["statistic"].to_numpy(), color=_REFERENCE, height=0.7,
                label=_wrap(f"over-used in {reference_label}"))
    if len(pos) and len(neg):
        ax.axhline(len(pos) - 0.5 + gap / 2, color="0.85", linewidth=0.8, zorder=0)
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks([*y_pos, *y_neg], [_shorten(t) for t in [*pos["term"], *neg["term"]]])
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


def _drawn_renderer(ax: Axes) -> RendererBase:
    """Draw the figure (which runs its layout) and return the renderer, to measure artists."""
    canvas = ax.figure.canvas
    if not hasattr(canvas, "get_renderer"):  # a bare Figure: give it an Agg canvas to measure
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(ax.figure)
    canvas.draw()
    return canvas.get_renderer()


def _legend_clear_of_bars(ax: Axes) -> None:
    """Put the legend in the first corner where it covers no bar, else outside on the right."""
    renderer = _drawn_renderer(ax)
    bars = [patch.get_window_extent(renderer) for patch in ax.patches]
    for loc in ("upper left", "lower right", "upper right", "lower left"):
        box = ax.legend(loc=loc, frameon=False, fontsize="small").get_window_extent(renderer)
        if not any(box.overlaps(bar) for bar in bars):
            return
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False)


# --------------------------------------------------------------------------- heatmap


def _phrase_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per phrase: ``phrase_id, label, total`` (count summed over groups)."""
    return (counts.groupby("phrase_id", sort=False)
            .agg(label=("label", "first"), total=("count", "sum"))
            .reset_index())


def _unknown_phrases(wanted: Sequence[str], have: pd.Series, *, name: str) -> None:
    unknown = [p for p in wanted if p not in set(have)]
    if unknown:
        known = sorted(set(have.astype(str)))
        shown = known[:20] + (["..."] if len(known) > 20 else [])
        raise ValueError(f"{name}={unknown!r} not in the table; have {shown}")


def plot_phrase_heatmap(
    counts: pd.DataFrame,
    *,
    by: str = "counterpart",
    value: Literal["rate_per_10k", "count"] = "rate_per_10k",
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
    _check_option("value", value, list(_VALUE_LABELS))
    _require_columns(counts, [by, "phrase_id", "label", "count", value], name="counts")
    _check_count("top", top, minimum=1)
    unit = _VALUE_LABELS[value]
    title = f"Tracked phrases by {by} ({unit})" if title is None else title
    totals = _phrase_totals(counts)
    if phrases is not None:
        phrases = [phrases] if isinstance(phrases, str) else list(phrases)
        _unknown_phrases(phrases, counts["phrase_id"], name="phrases")
        chosen = totals.set_index("phrase_id").loc[phrases].reset_index()
    else:
        chosen = totals.sort_values(["total", "phrase_id"], ascending=[False, True], kind="stable")
        chosen = chosen[chosen["total"] > 0].head(top)
    chosen = chosen[chosen["total"] > 0]
    groups = _sorted_groups(counts[by])
    col_labels = [_group_label(g) for g in groups]
    row_labels = [_shorten(lab) for lab in chosen["label"]]
    n_rows, n_cols = len(chosen), len(groups)
    width = 2.6 + 0.075 * max(map(len, row_labels), default=10) + 0.5 * n_cols
    height = 1.9 + 0.32 * n_rows + 0.06 * max(map(len, col_labels), default=4)
    ax = _new_axes(ax, (min(max(width, 6.0), 20.0), min(max(height, 3.0), 14.0)))
    if chosen.empty:
        return _show_message(ax, "no phrases to show", title)
    data = counts[counts["phrase_id"].isin(chosen["phrase_id"])]
    keys = data[by].map(_group_label)
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


# --------------------------------------------------------------------------- timeline


def _time_axis(values: pd.Series, name: str) -> tuple[np.ndarray, bool]:
    """X values for a time column and whether they are dates (else integer periods)."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.to_timestamp().to_numpy(), True
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.to_numpy(), True
    if pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype=float), False
    text = values.astype(str).str.strip()
    if text.str.fullmatch(r"-?\d+").all():
        return text.astype(int).to_numpy(dtype=float), False
    try:
        return pd.to_datetime(text).to_numpy(), True
    except (ValueError, TypeError):
        examples = text.head(3).tolist()
        raise ValueError(f"time={name!r} must hold years, dates or months like '2021-03'; "
                         f"got {examples}") from None


def _phrase_title(frame: pd.DataFrame, ids: list[str] | None) -> str:
    if ids is None:
        return "All tracked phrases"
    labels = frame.drop_duplicates("phrase_id").set_index("phrase_id")["label"]
    names = [str(labels.get(p, p)) for p in ids]
    if len(names) <= 3:
        return " + ".join(f"\u201c{_shorten(n, 30)}\u201d" for n in names)
    return f"{len(names)} selected phrases"


def plot_phrase_timeline(
    counts: pd.DataFrame,
    *,
    phrase_id: str | Sequence[str] | None = None,
    time: str = "year",
    group: str | None = "counterpart",
    value: Literal["rate_per_10k", "count"] = "rate_per_10k",
    groups: Sequence[object] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Line chart of phrase use over time, one line per group.

    Parameters
    ----------
    counts : DataFrame
        :func:`milrel_analysis.phrases.phrase_counts` output with ``by=[time, group]``:
        ``[time, group, phrase_id, label, category, count, rate_per_10k, n_docs]``.
    phrase_id : str or list of str, optional
        Phrase(s) to follow, summed; default all phrases. Rates of phrases sum correctly
        because they share the group's word count.
    time : str, default="year"
        Integer years, dates, periods or month strings such as ``"2021-03"``. Rows
        without a time are left out.
    group : str or None, default="counterpart"
        One line per value (missing ones labelled "(none)"); None draws one line for all.
    value : {"rate_per_10k", "count"}, default="rate_per_10k"
    groups : list, optional
        Groups to draw, in this order; default the 6 with the highest totals.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        One line with markers per group; a time with no text for a group has no point.

    Raises
    ------
    KeyError
        When a needed column is missing.
    ValueError
        For a bad `value`, unknown `phrase_id` or `groups`, or an unreadable time column.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> counts = pd.DataFrame({
    ...     "year": [2021, 2021, 2022, 2022], "counterpart": ["USA", "Russia"] * 2,
    ...     "phrase_id": ["win-win"] * 4, "label": ["win-win"] * 4,
    ...     "category": ["cooperation"] * 4, "count": [1, 3, 2, 5],
    ...     "rate_per_10k": [5.0, 12.0, 8.0, 15.5], "n_docs": [1, 2, 1, 3]})
    >>> ax = plot_phrase_timeline(counts, phrase_id="win-win")
    >>> ax.get_title()
    '“win-win” per year, by counterpart'
    >>> [(line.get_label(), line.get_ydata().tolist()) for line in ax.get_lines()]
    [('Russia', [12.0, 15.5]), ('USA', [5.0, 8.0])]
    >>> plt.close("all")
    """
    _check_option("value", value, list(_VALUE_LABELS))
    _require_columns(counts, [time, *([group] if group else []), "phrase_id", "label", value],
                     name="counts")
    ids: list[str] | None
    if phrase_id is None:
        ids = None
        data = counts
    else:
        ids = [phrase_id] if isinstance(phrase_id, str) else list(phrase_id)
        _unknown_phrases(ids, counts["phrase_id"], name="phrase_id")
        data = counts[counts["phrase_id"].isin(ids)]
    unit = _VALUE_LABELS[value]
    by_what = f", by {group}" if group else ""
    title = f"{_phrase_title(counts, ids)} per {time}{by_what}" if title is None else title
    data = data[data[time].notna()]
    frame = pd.DataFrame({
        "time": data[time].to_numpy(),
        "group": data[group].map(_group_label).to_numpy() if group else "all",
        "value": pd.to_numeric(data[value]).to_numpy(dtype=float),
    })
    series = frame.groupby(["group", "time"], sort=True)["value"].sum().reset_index()
    totals = series.groupby("group")["value"].sum()
    if groups is not None:
        wanted = [_group_label(g) for g in groups]
        unknown = [g for g, w in zip(groups, wanted, strict=True) if w not in totals.index]
        if unknown:
            # A counterpart absent from this corpus is a fact to report, not an error.
            warnings.warn(f"groups {unknown!r} do not occur in {group!r}; have {sorted(totals.index)}",
                          stacklevel=2)
            wanted = [w for w in wanted if w in totals.index]
    else:
        ranked = totals.reset_index().sort_values(["value", "group"], ascending=[False, True])
        wanted = ranked["group"].head(6).tolist()
    ax = _new_axes(ax, (9.0, 4.8))
    if series.empty or not wanted:
        return _show_message(ax, "no phrase counts to show", title)
    x_all, is_date = _time_axis(pd.Series(series["time"]), time)
    series["x"] = x_all
    for i, name in enumerate(wanted):
        part = series[series["group"] == name].sort_values("x")
        color, style = _series_color(i)
        ax.plot(part["x"].to_numpy(), part["value"].to_numpy(), marker="o", markersize=5,
                linewidth=1.8, color=color, linestyle=style, label=name)
    if is_date:
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    ax.set_ylim(bottom=0)
    ax.margins(x=0.05)
    ax.set_xlabel(time)
    ax.set_ylabel(unit)
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    if group:
        ax.legend(title=group, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
                  frameon=False)
    ax.set_title(title, wrap=True)
    return ax


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
    _require_columns(hits, ["doc_id", "seg_id", "phrase_id"], name="hits")
    if offsets is not None:
        _require_columns(offsets, ["doc_id", "seg_id", "offset", "length"], name="offsets")
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
            raise ValueError(f"no hit is in a document of doc_order; hits have doc_ids like "
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
    ax = _new_axes(ax, (10.0, min(max(2.8, 1.5 + 0.35 * len(rows)), 14.0)))
    if not rows or not order:
        return _show_message(ax, "no phrase hits to show", title)
    x = data["_x"].to_numpy(dtype=float)
    y = data["phrase_id"].map({p: i for i, p in enumerate(rows)}).to_numpy()
    cats = data["category"] if "category" in data.columns else pd.Series(np.nan, index=data.index)
    cat_names = [c for c in _sorted_groups(cats) if not pd.isna(c)]
    colour_by_cat = 0 < len(cat_names) <= len(OKABE_ITO)
    # thin marks on white: leave out the pale yellow while the other seven suffice
    palette = [c for c in OKABE_ITO if c != "#F0E442"] if len(cat_names) < len(OKABE_ITO) else OKABE_ITO
    marker_size = 14 if len(rows) <= 12 else 9
    if colour_by_cat:
        for i, cat in enumerate([*cat_names, *([np.nan] if cats.isna().any() else [])]):
            mask = cats.isna().to_numpy() if pd.isna(cat) else (cats == cat).to_numpy()
            color = "0.4" if pd.isna(cat) else palette[i]
            ax.plot(x[mask], y[mask], linestyle="none", marker="|", markersize=marker_size,
                    markeredgewidth=1.4, color=color, label=_group_label(cat))
        ax.legend(title="category", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0, frameon=False)
    else:
        ax.plot(x, y, linestyle="none", marker="|", markersize=marker_size, markeredgewidth=1.4,
                color=_TARGET)
    if len(order) <= 400:
        ax.vlines(np.arange(len(order) + 1), -0.5, len(rows) - 0.5, colors="0.88",
                  linewidth=0.6, zorder=0)
    ax.set_yticks(np.arange(len(rows)), [_shorten(p) for p in rows])
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


# --------------------------------------------------------------------------- fightin' words


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
    _require_columns(table, ["term", "target_count", "reference_count", "statistic"], name="table")
    _check_count("n_labels", n_labels, minimum=0)
    title = f"Distinctive terms: {target_label} vs {reference_label}" if title is None else title
    total = (pd.to_numeric(table["target_count"]) + pd.to_numeric(table["reference_count"]))
    frame = pd.DataFrame({"term": table["term"].astype(str).to_numpy(),
                          "total": total.to_numpy(dtype=float),
                          "z": pd.to_numeric(table["statistic"]).to_numpy(dtype=float)})
    frame = frame[(frame["total"] > 0) & frame["z"].notna()].reset_index(drop=True)
    ax = _new_axes(ax, (9.0, 6.0))
    if frame.empty:
        return _show_message(ax, "no terms to show", title)
    frame["x"] = np.log10(frame["total"])
    groups = [
        (frame["z"].abs() < _Z_CRIT, _GREY, 10, "not significant (|z| < 1.96)"),
        (frame["z"] >= _Z_CRIT, _TARGET, 22, _wrap(f"over-used in {target_label} (z \u2265 1.96)")),
        (frame["z"] <= -_Z_CRIT, _REFERENCE, 22,
         _wrap(f"over-used in {reference_label} (z \u2264 \u22121.96)")),
    ]
    for mask, color, size, label in groups:
        part = frame[mask]
        ax.scatter(part["x"], part["z"], s=size, color=color, alpha=0.8 if color != _GREY else 0.5,
                   linewidths=0, label=label, zorder=2 if color != _GREY else 1)
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


_DIRECTIONS = [(1, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 1), (-1, -1), (-1, 0)]


def _place_labels(ax: Axes, points: pd.DataFrame, *, distances: Sequence[float] = (5.0, 12.0, 20.0)) -> None:
    """Greedy non-overlapping labels: try 8 directions at each distance, else drop the label.

    Display coordinates are read once the figure is laid out; the labels stay out of the
    layout (``set_in_layout(False)``), so later draws keep the same positions.
    """
    renderer = _drawn_renderer(ax)
    frame_box = ax.get_window_extent(renderer)
    centres = ax.transData.transform(points[["x", "z"]].to_numpy(dtype=float))
    pt = ax.figure.dpi / 72  # pixels per point
    half = 2.5 * pt  # a marker's half-width
    markers = [Bbox.from_extents(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]
    placed: list[Bbox] = []
    for k, (term, x, z) in enumerate(points[["term", "x", "z"]].itertuples(index=False)):
        color = _TARGET if z >= _Z_CRIT else _REFERENCE if z <= -_Z_CRIT else "0.3"
        ann = ax.annotate(_shorten(term, 30), (x, z), xytext=(0, 0), textcoords="offset points",
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
            ann.set_horizontalalignment({1: "left", 0: "center", -1: "right"}[dx])
            ann.set_verticalalignment({1: "bottom", 0: "center", -1: "top"}[dy])
            box = ann.get_window_extent(renderer)
            inside = (box.x0 >= frame_box.x0 and box.x1 <= frame_box.x1
                      and box.y0 >= frame_box.y0 and box.y1 <= frame_box.y1)
            if inside and not any(box.overlaps(other) for other in obstacles):
                return box
    return None


def plot_documents_per_year(
    documents: pd.DataFrame,
    *,
    stack_by: str = "primary_counterpart",
    top: int = 6,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Stacked bars: documents per year, split by a document column (main counterpart).

    Parameters
    ----------
    documents : DataFrame
        ``Corpus.documents`` (needs ``year`` and `stack_by`).
    stack_by : str, default="primary_counterpart"
    top : int, default=6
        Groups shown by name; the rest are pooled as "other", missing as "(none)".

    Examples
    --------
    >>> docs = pd.DataFrame({"year": [2021, 2021, 2022], "primary_counterpart": ["USA", None, "RUS"]})
    >>> ax = plot_documents_per_year(docs)
    >>> ax.get_ylabel()
    'documents'
    >>> plt.close("all")
    """
    _require_columns(documents, ["year", stack_by], name="documents")
    _check_count("top", top, minimum=1)
    ax = _new_axes(ax, (7, 4))
    title = title or f"Documents per year, by {stack_by.replace('_', ' ')}"
    dated = documents.dropna(subset=["year"])
    if dated.empty:
        return _show_message(ax, "no dated documents", title)
    groups = dated[stack_by].astype(object).where(dated[stack_by].notna(), _NONE_LABEL)
    keep = groups[groups != _NONE_LABEL].value_counts().index[:top]
    groups = groups.where(groups.isin(keep) | (groups == _NONE_LABEL), "other")
    table = pd.crosstab(dated["year"].astype(int), groups)
    order = [g for g in keep if g in table.columns] + [g for g in ("other", _NONE_LABEL)
                                                        if g in table.columns]
    table = table[order]
    bottom = np.zeros(len(table))
    for i, group in enumerate(order):
        color = _GREY if group in ("other", _NONE_LABEL) else _series_color(i)[0]
        ax.bar(table.index.astype(str), table[group].to_numpy(), bottom=bottom, color=color,
               label=_shorten(group), edgecolor="white", linewidth=0.5)
        bottom += table[group].to_numpy()
    ax.set_xlabel("year")
    ax.set_ylabel("documents")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title=stack_by.replace("_", " "), fontsize=8, frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(title, wrap=True)
    return ax
