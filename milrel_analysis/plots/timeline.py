"""Phrase use over time: one formula by group, or small multiples of a few formulae."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from .._types import PLOT_VALUES, PlotValue
from .._validation import check_count, check_option, require_columns
from ..errors import ArgumentValueError
from .style import (
    VALUE_LABELS,
    check_phrases,
    group_label,
    group_labels,
    new_axes,
    phrase_totals,
    series_color,
    shorten,
    show_message,
    wrap,
)

__all__ = ["plot_phrase_panels", "plot_phrase_timeline"]


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
        raise ArgumentValueError(f"time={name!r} must hold years, dates or months like '2021-03'; "
                         f"got {examples}") from None


def _phrase_title(frame: pd.DataFrame, ids: list[str]) -> str:
    labels = frame.drop_duplicates("phrase_id").set_index("phrase_id")["label"]
    names = [str(labels.get(p, p)) for p in ids]
    if len(names) <= 3:
        return " + ".join(f"\u201c{shorten(n, 30)}\u201d" for n in names)
    return f"{len(names)} selected phrases"


def _most_used(counts: pd.DataFrame, top: int) -> list[str]:
    """The `top` phrase ids by total count (ties by id), phrases never used left out."""
    totals = phrase_totals(counts)
    totals = totals[totals["total"] > 0].sort_values(["total", "phrase_id"],
                                                     ascending=[False, True], kind="stable")
    return totals["phrase_id"].head(top).tolist()


def _pooled(data: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """Sum `data` over phrases within `keys`: ``[*keys, value, n]`` (n: the group's documents).

    Rates of phrases in one group share its word count, so they add up; ``group_docs`` is
    the same on every phrase row of a group, so its first value is the group's n.
    """
    frame = data[keys].copy()
    frame["value"] = pd.to_numeric(data[value]).to_numpy(dtype=float)
    frame["n"] = (pd.to_numeric(data["group_docs"]).to_numpy(dtype=float)
                  if "group_docs" in data.columns else np.nan)
    return frame.groupby(keys, sort=True, dropna=False).agg(value=("value", "sum"),
                                                            n=("n", "first")).reset_index()


def _draw_series(ax: Axes, x: np.ndarray, y: np.ndarray, n: np.ndarray, *, label: str,
                 index: int, is_date: bool, min_docs: int, show_n: bool) -> None:
    """One line with markers; a missing time (NaN) breaks the line; small n are hollow.

    Integer years are completed to a full range first, so that a year with no text for
    the series is a gap in the line, never a straight segment across it.
    """
    if not is_date and len(x):
        years = np.arange(np.nanmin(x), np.nanmax(x) + 1)
        position = {v: i for i, v in enumerate(years)}
        full_y, full_n = np.full(len(years), np.nan), np.full(len(years), np.nan)
        for xi, yi, ni in zip(x, y, n, strict=True):
            full_y[position[xi]], full_n[position[xi]] = yi, ni
        x, y, n = years, full_y, full_n
    color, style = series_color(index)
    ax.plot(x, y, color=color, linestyle=style, linewidth=1.8, label=label)
    small = np.nan_to_num(n, nan=np.inf) < min_docs
    has = ~np.isnan(y)
    ax.plot(x[has & ~small], y[has & ~small], linestyle="none", marker="o", markersize=5,
            color=color, label="_points")
    if (has & small).any():
        ax.plot(x[has & small], y[has & small], linestyle="none", marker="o", markersize=5,
                markerfacecolor="white", markeredgecolor=color, label="_few")
    if show_n:
        for xi, yi, ni in zip(x[has], y[has], n[has], strict=True):
            if not np.isnan(ni):
                ax.annotate(f"{ni:.0f}", (xi, yi), xytext=(0, 5), textcoords="offset points",
                            ha="center", va="bottom", fontsize=7, color="0.35")


def _format_time_axis(ax: Axes, is_date: bool) -> None:
    if is_date:
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))


def _n_note(frame: pd.DataFrame, min_docs: int) -> str:
    if frame["n"].isna().all():
        return ""
    hollow = " (hollow: fewer than " + str(min_docs) + ")" if (frame["n"] < min_docs).any() else ""
    return f"numbers: documents behind each point{hollow}"


def plot_phrase_timeline(
    counts: pd.DataFrame,
    *,
    phrase_id: str | Sequence[str] | None = None,
    time: str = "year",
    group: str | None = "counterpart",
    value: PlotValue = "rate_per_10k",
    groups: Sequence[object] | None = None,
    min_docs: int = 5,
    show_n: bool | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Line chart of one formula (or a few, summed) over time, one line per group.

    Parameters
    ----------
    counts : DataFrame
        :func:`milrel_analysis.phrases.phrase_counts` output with ``by=[time, group]``:
        ``[time, group, phrase_id, label, count, rate_per_10k]``, and ``group_docs`` (the
        documents behind each point) when available.
    phrase_id : str or list of str, optional
        Phrase(s) to follow, summed (their rates share the group's word count, so they
        add up); default the most used phrase of the table. Use
        :func:`plot_phrase_panels` to see several formulae side by side.
    time : str, default="year"
        Integer years, dates, periods or month strings such as ``"2021-03"``. Rows
        without a time are left out.
    group : str or None, default="counterpart"
        One line per value (missing ones labelled "(none)"); None draws one line for all.
    value : {"rate_per_10k", "count"}, default="rate_per_10k"
    groups : list, optional
        Groups to draw, in this order; default the 6 with the highest totals.
    min_docs : int, default=5
        Points resting on fewer documents are drawn hollow.
    show_n : bool, optional
        Write the number of documents above each point; default when there are at most
        40 points and the table has ``group_docs``.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        One line with markers per group. A year in which a group has no text is a gap
        in its line (years are completed to a full range); a time with text but no use
        of the phrase is a 0.

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
    ...     "year": [2021, 2021, 2023, 2023], "counterpart": ["USA", "Russia"] * 2,
    ...     "phrase_id": ["win-win"] * 4, "label": ["win-win"] * 4,
    ...     "category": ["cooperation"] * 4, "count": [1, 3, 2, 5],
    ...     "rate_per_10k": [5.0, 12.0, 8.0, 15.5], "group_docs": [1, 2, 1, 3]})
    >>> ax = plot_phrase_timeline(counts)
    >>> ax.get_title()
    '“win-win” per year, by counterpart'
    >>> [(line.get_label(), line.get_ydata().tolist()) for line in ax.get_lines()
    ...  if not line.get_label().startswith("_")]
    [('Russia', [12.0, nan, 15.5]), ('USA', [5.0, nan, 8.0])]
    >>> plt.close("all")
    """
    check_option("value", value, PLOT_VALUES)
    check_count("min_docs", min_docs, minimum=0)
    require_columns(counts, [time, *([group] if group else []), "phrase_id", "label", value],
                     name="counts")
    if phrase_id is None:
        ids = _most_used(counts, 1)
    else:
        ids = [phrase_id] if isinstance(phrase_id, str) else list(phrase_id)
        check_phrases(ids, counts["phrase_id"], name="phrase_id")
    data = counts[counts["phrase_id"].isin(ids) & counts[time].notna()]
    by_what = f", by {group}" if group else ""
    if title is None:
        title = f"{_phrase_title(counts, ids)} per {time}{by_what}" if ids else "Tracked phrases"
    data = data.assign(_group=group_labels(data[group]) if group else "all")
    series = _pooled(data, ["_group", time], value)
    totals = series.groupby("_group")["value"].sum()
    if groups is not None:
        wanted = [group_label(g) for g in groups]
        unknown = [g for g, w in zip(groups, wanted, strict=True) if w not in totals.index]
        if unknown:
            # A counterpart absent from this corpus is a fact to report, not an error.
            warnings.warn(f"groups {unknown!r} do not occur in {group!r}; have {sorted(totals.index)}",
                          stacklevel=2)
            wanted = [w for w in wanted if w in totals.index]
    else:
        ranked = totals.reset_index().sort_values(["value", "_group"], ascending=[False, True])
        wanted = ranked["_group"].head(6).tolist()
    ax = new_axes(ax, (9.0, 4.8))
    if series.empty or not wanted:
        return show_message(ax, "no phrase counts to show", title)
    x_all, is_date = _time_axis(pd.Series(series[time]), time)
    series["x"] = x_all
    shown = series[series["_group"].isin(wanted)]
    if show_n is None:
        show_n = bool(len(shown) <= 40 and shown["n"].notna().any())
    for i, name in enumerate(wanted):
        part = shown[shown["_group"] == name].sort_values("x")
        _draw_series(ax, part["x"].to_numpy(), part["value"].to_numpy(dtype=float),
                     part["n"].to_numpy(dtype=float), label=name, index=i, is_date=is_date,
                     min_docs=min_docs, show_n=bool(show_n))
    _format_time_axis(ax, is_date)
    ax.set_ylim(bottom=0)
    ax.margins(x=0.05, y=0.12)
    ax.set_xlabel(time)
    ax.set_ylabel(VALUE_LABELS[value])
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    note = _n_note(shown, min_docs) if show_n else ""
    if group or note:
        ax.legend(title=wrap(f"{group or ''}\n{note}".strip(), 30), title_fontsize="small",
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False)
    ax.set_title(title, wrap=True)
    return ax


def plot_phrase_panels(
    counts: pd.DataFrame,
    *,
    phrases: Sequence[str] | None = None,
    top: int = 4,
    time: str = "year",
    panel: str = "counterpart",
    panels: Sequence[object] | None = None,
    value: PlotValue = "rate_per_10k",
    min_docs: int = 5,
    show_n: bool | None = None,
    axes: Sequence[Axes] | None = None,
    title: str | None = None,
) -> np.ndarray:
    """Small multiples: one panel per group, one line per formula, on a shared scale.

    Parameters
    ----------
    counts : DataFrame
        :func:`milrel_analysis.phrases.phrase_counts` output with ``by=[time, panel]``,
        with ``group_docs`` when available.
    phrases : list of str, optional
        Phrase ids, one line each; default the `top` most used in the panels shown.
    top : int, default=4
        Number of formulae when `phrases` is not given: a few, so lines stay legible.
    time : str, default="year"
    panel : str, default="counterpart"
        The column that makes the panels.
    panels : list, optional
        Panel values in order; default the 4 groups with the most uses of the formulae.
    value : {"rate_per_10k", "count"}, default="rate_per_10k"
    min_docs : int, default=5
        Points resting on fewer documents (of the panel's group that year) are hollow.
    show_n : bool, optional
        Write each year's number of documents under the panel's x axis; default when the
        table has ``group_docs``.
    axes : sequence of Axes, optional
        One Axes per panel; default a new row of panels.
    title : str, optional
        The figure's title (a new figure only).

    Returns
    -------
    numpy.ndarray of Axes
        One per panel. Lines have gaps where the group has no text in a year; the legend
        (on the last panel) names the formulae.

    Raises
    ------
    KeyError
        When a needed column is missing.
    ValueError
        For unknown phrases or panels, a bad `value` or `top`, or `axes` of the wrong length.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> counts = pd.DataFrame({
    ...     "year": [2021, 2022] * 2, "counterpart": ["USA", "USA", "RUS", "RUS"],
    ...     "phrase_id": ["win-win"] * 4, "label": ["win-win"] * 4, "count": [1, 4, 3, 0],
    ...     "rate_per_10k": [5.0, 16.0, 12.0, 0.0], "group_docs": [2, 3, 6, 7]})
    >>> axes = plot_phrase_panels(counts)
    >>> [ax.get_title() for ax in axes]
    ['USA', 'RUS']
    >>> plt.close("all")
    """
    check_option("value", value, PLOT_VALUES)
    check_count("top", top, minimum=1)
    check_count("min_docs", min_docs, minimum=0)
    require_columns(counts, [time, panel, "phrase_id", "label", value], name="counts")
    data = counts[counts[time].notna()].assign(_panel=lambda f: group_labels(f[panel]))
    if panels is not None:
        wanted = [group_label(p) for p in panels]
        present = set(data["_panel"].unique())
        unknown = [p for p, w in zip(panels, wanted, strict=True) if w not in present]
        if unknown:
            warnings.warn(f"panels {unknown!r} do not occur in {panel!r}", stacklevel=2)
        wanted = [w for w in wanted if w in present]
    else:
        use = data.groupby("_panel")["count"].sum().sort_values(ascending=False, kind="stable")
        wanted = use[use > 0].index[:4].tolist()
    data = data[data["_panel"].isin(wanted)]
    if phrases is not None:
        ids = [phrases] if isinstance(phrases, str) else list(phrases)
        check_phrases(ids, counts["phrase_id"], name="phrases")
    else:
        ids = _most_used(data, top)
    if axes is None:
        n_panels = max(len(wanted), 1)
        fig, grid = plt.subplots(1, n_panels, figsize=(min(3.2 * n_panels + 0.8, 20.0), 4.6),
                                 sharey=True, squeeze=False, layout="constrained")
        axes_list = list(grid[0])
        if title is not None or wanted:
            fig.suptitle(title or f"The most used formulae per {time}, by {panel}")
    else:
        axes_list = list(axes)
        if len(axes_list) != len(wanted):
            raise ArgumentValueError(f"axes has {len(axes_list)} Axes for {len(wanted)} panels "
                                     f"{wanted}; pass one per panel")
    if not wanted or not ids:
        show_message(axes_list[0], "no phrase counts to show", title or "")
        return np.array(axes_list, dtype=object)
    labels = counts.drop_duplicates("phrase_id").set_index("phrase_id")["label"]
    x_all, is_date = _time_axis(pd.Series(data[time]), time)
    data = data.assign(_x=x_all)
    for ax, name in zip(axes_list, wanted, strict=True):
        part = data[(data["_panel"] == name) & data["phrase_id"].isin(ids)]
        per_year = part.drop_duplicates("_x").set_index("_x")
        n_by_x = (pd.to_numeric(per_year["group_docs"]) if "group_docs" in per_year.columns
                  else pd.Series(np.nan, index=per_year.index))
        for i, pid in enumerate(ids):
            rows = part[part["phrase_id"] == pid].sort_values("_x")
            x = rows["_x"].to_numpy()
            _draw_series(ax, x, pd.to_numeric(rows[value]).to_numpy(dtype=float),
                         n_by_x.reindex(x).to_numpy(dtype=float),
                         label=wrap(shorten(labels.get(pid, pid), 60), 28), index=i,
                         is_date=is_date, min_docs=min_docs, show_n=False)
        _format_time_axis(ax, is_date)
        if (show_n is None or show_n) and n_by_x.notna().any() and not is_date:
            ticks = sorted(n_by_x.index)
            ax.set_xticks(ticks, [f"{t:.0f}\nn={n_by_x[t]:.0f}" for t in ticks])
        ax.set_title(name)
        ax.set_xlabel(time)
        if not is_date:  # the same years on every panel, so that they line up
            ax.set_xlim(float(np.nanmin(x_all)) - 0.5, float(np.nanmax(x_all)) + 0.5)
        else:
            ax.margins(x=0.08)
        ax.grid(axis="y", color="0.9", linewidth=0.8)
        ax.set_axisbelow(True)
    # One scale for all panels, set once every panel is drawn (a limit set earlier would
    # freeze the scale of the panels drawn so far and cut the later ones' lines).
    shown = pd.to_numeric(data.loc[data["phrase_id"].isin(ids), value]).to_numpy(dtype=float)
    highest = float(np.nanmax(shown)) if len(shown) and np.isfinite(shown).any() else 1.0
    for ax in axes_list:
        ax.set_ylim(0, highest * 1.08 if highest > 0 else 1.0)
    axes_list[0].set_ylabel(VALUE_LABELS[value])
    hollow = f"hollow points: fewer than {min_docs} documents" if (
        "group_docs" in data.columns
        and (pd.to_numeric(data["group_docs"]) < min_docs).any()) else None
    options = {"title": hollow, "title_fontsize": "small", "fontsize": "small", "frameon": False}
    if axes is None:  # a figure of our own: the legend goes under the panels, across them
        handles, names = axes_list[-1].get_legend_handles_labels()
        axes_list[0].figure.legend(handles, [n.replace("\n", " ") for n in names],
                                   loc="outside lower center", ncols=min(len(ids), 3), **options)
    else:
        axes_list[-1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0,
                             **{**options, "title": wrap(hollow, 28) if hollow else None})
    return np.array(axes_list, dtype=object)
