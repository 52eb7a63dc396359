"""Figures of press-conference exchanges: who asks about whom, how answers differ, 2x2 odds ratios.

Each function takes a table of :mod:`milrel_analysis.exchanges` and returns the Axes; groups
with fewer briefings than the table's ``too_few_docs`` threshold are drawn in grey, so a
reader does not compare what cannot be compared. An empty table gives a figure that says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .._validation import check_count, require_columns
from .style import (
    GREY,
    OKABE_ITO,
    group_label,
    group_labels,
    new_axes,
    shorten,
    show_message,
    sorted_groups,
)

__all__ = ["plot_act_rates", "plot_answer_given_question", "plot_asker_counterparts",
           "plot_exchange_profile"]


def _heatmap(ax: Axes, values: np.ndarray, rows: list[str], cols: list[str], *, fmt: str,
             colorbar: str) -> None:
    image = ax.imshow(values, aspect="auto", cmap="cividis")
    ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    high = np.nanmax(values) if values.size else 0
    if values.size <= 400:
        for (i, j), v in np.ndenumerate(values):
            if not np.isnan(v):
                ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=8,
                        color="black" if v > 0.6 * high else "white")
    ax.figure.colorbar(image, ax=ax, label=colorbar, shrink=0.8)


def plot_exchange_profile(profile: pd.DataFrame, *, by: str | None = None, acts: Sequence[str] | None = None,
                          ax: Axes | None = None, title: str | None = None) -> Axes:
    """Heatmap of speech-act rates: groups (rows) by act (columns), in percent of exchanges.

    Parameters
    ----------
    profile : DataFrame
        :func:`milrel_analysis.exchanges.exchange_profile` output with one `by` column.
    by : str, optional
        The group column; default the profile's first column.
    acts : sequence of str, optional
        Acts to show, in order (default all of the profile's).
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    Axes
        Groups flagged ``too_few_docs`` are marked with an asterisk.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> p = pd.DataFrame({"spokesperson": ["Hua", "Hua", "Lu", "Lu"], "act": ["oppose", "urge"] * 2,
    ...                   "rate": [0.2, 0.1, 0.3, 0.0], "too_few_docs": [False, False, True, True]})
    >>> ax = plot_exchange_profile(p)
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.images[0].get_array().tolist()
    (['Hua', 'Lu *'], [[20.0, 10.0], [30.0, 0.0]])
    >>> plt.close("all")
    """
    by = by or str(profile.columns[0])
    require_columns(profile, [by, "act", "rate", "too_few_docs"], name="profile")
    title = f"Speech acts of answers by {by} (% of exchanges)" if title is None else title
    if profile.empty:
        return show_message(new_axes(ax, (6, 3)), "no exchanges", title)
    order = list(acts) if acts is not None else list(dict.fromkeys(profile["act"]))
    groups = sorted_groups(profile[by])
    keys = [group_label(g) for g in groups]
    frame = profile.assign(_group=group_labels(profile[by]))
    wide = frame.pivot_table(index="_group", columns="act", values="rate", aggfunc="first", dropna=False)
    wide = wide.reindex(index=keys, columns=order)
    few = frame.groupby("_group")["too_few_docs"].any().reindex(keys, fill_value=False)
    rows = [f"{shorten(k)} *" if few[k] else shorten(k) for k in keys]
    ax = new_axes(ax, (1.6 + 0.7 * len(order), 1.2 + 0.35 * len(rows)))
    _heatmap(ax, 100 * wide.to_numpy(dtype=float), rows, order, fmt=".0f", colorbar="% of exchanges")
    ax.set_title(title + ("\n* fewer briefings than needed to compare" if few.any() else ""), wrap=True)
    return ax


def plot_act_rates(profile: pd.DataFrame, act: str = "assertive", *, by: str | None = None,
                   ax: Axes | None = None, title: str | None = None) -> Axes:
    """One act's rate per group, with its interval clustered by briefing (grey: too few briefings).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> p = pd.DataFrame({"quarter": ["2020Q1", "2020Q2"], "act": ["assertive"] * 2, "rate": [0.1, 0.3],
    ...                   "ci_low": [0.05, 0.2], "ci_high": [0.2, 0.4], "too_few_docs": [False, True]})
    >>> ax = plot_act_rates(p)
    >>> ax.collections[1].get_offsets()[:, 0].tolist()
    [10.0, 30.0]
    >>> plt.close("all")
    """
    by = by or str(profile.columns[0])
    require_columns(profile, [by, "act", "rate", "ci_low", "ci_high", "too_few_docs"], name="profile")
    title = f"{act} answers by {by} (% of exchanges, 95% interval by briefing)" if title is None else title
    rows = profile[profile["act"] == act]
    if rows.empty:
        return show_message(new_axes(ax, (6, 3)), "no exchanges", title)
    rows = rows.assign(_order=rows[by].map({g: i for i, g in enumerate(sorted_groups(rows[by]))}))
    rows = rows.sort_values("_order", kind="stable")
    labels = [shorten(group_label(g)) for g in rows[by]]
    y = np.arange(len(rows))[::-1]
    ax = new_axes(ax, (6.5, 1.2 + 0.3 * len(rows)))
    colours = [GREY if f else OKABE_ITO[0] for f in rows["too_few_docs"]]
    rate = 100 * rows["rate"].to_numpy(dtype=float)
    low = 100 * rows["ci_low"].to_numpy(dtype=float)
    high = 100 * rows["ci_high"].to_numpy(dtype=float)
    ax.hlines(y, np.where(np.isnan(low), rate, low), np.where(np.isnan(high), rate, high), colors=colours,
              lw=2)
    ax.scatter(rate, y, c=colours, s=25, zorder=3)
    ax.set_yticks(y, labels)
    ax.set_xlabel("% of exchanges")
    ax.set_xlim(left=0)
    ax.set_title(title, wrap=True)
    return ax


def plot_asker_counterparts(table: pd.DataFrame, *, top: int = 12, share: bool = True, ax: Axes | None = None,
                            title: str | None = None) -> Axes:
    """Who asks about whom: exchanges by asker kind (rows) and counterpart named (columns).

    Parameters
    ----------
    table : DataFrame
        ``asker_kind, counterpart, n_exchanges`` (``exchange_summary(...)
        ["exchange_asker_counterparts"]``).
    top : int, default=12
        The counterparts asked about most.
    share : bool, default=True
        Show each kind's exchanges naming a counterpart as a percentage of all that kind's
        counterpart mentions (rows sum to 100 over all counterparts), so that the few
        labelled questions can be compared with the many unlabelled ones; else the counts.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"asker_kind": ["wire", "wire", "chinese-state"],
    ...                   "counterpart": ["USA", "JPN", "USA"], "n_exchanges": [5, 2, 3]})
    >>> plot_asker_counterparts(t, share=False).images[0].get_array().tolist()
    [[3.0, 0.0], [5.0, 2.0]]
    >>> plot_asker_counterparts(t).images[0].get_array().round(1).tolist()
    [[100.0, 0.0], [71.4, 28.6]]
    >>> plt.close("all")
    """
    require_columns(table, ["asker_kind", "counterpart", "n_exchanges"], name="table")
    check_count("top", top, minimum=1)
    unit = "% of the kind's exchanges" if share else "exchanges"
    title = f"Who asks about whom ({unit})" if title is None else title
    if table.empty:
        return show_message(new_axes(ax, (6, 3)), "no exchanges", title)
    totals = table.groupby("counterpart")["n_exchanges"].sum().reset_index()
    ranked = totals.sort_values(["n_exchanges", "counterpart"], ascending=[False, True])
    chosen = ranked.head(top)["counterpart"]
    kinds = sorted_groups(table["asker_kind"])
    wide = table.pivot_table(index="asker_kind", columns="counterpart", values="n_exchanges", aggfunc="sum",
                             fill_value=0).reindex(index=kinds, columns=list(chosen), fill_value=0)
    values = wide.to_numpy(dtype=float)
    if share:
        every = table.groupby("asker_kind")["n_exchanges"].sum().reindex(kinds).to_numpy(dtype=float)
        values = 100 * values / every[:, None]
    ax = new_axes(ax, (2.0 + 0.55 * len(chosen), 1.2 + 0.4 * len(kinds)))
    _heatmap(ax, values, [group_label(k) for k in kinds], list(chosen), fmt=".0f", colorbar=unit)
    ax.set_title(title, wrap=True)
    return ax


def plot_answer_given_question(result: pd.DataFrame, *, ax: Axes | None = None,
                               title: str | None = None) -> Axes:
    """Odds ratios of the 2x2 tables, overall and by group, with intervals clustered by briefing.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> r = pd.DataFrame({"level": ["all", "year"], "group": ["all", "2020"], "odds_ratio": [2.0, 3.0],
    ...                   "ci_low": [1.5, 0.8], "ci_high": [2.7, 9.0], "too_few_docs": [False, True]})
    >>> r.attrs.update(condition="hostile", outcome="assertive")
    >>> ax = plot_answer_given_question(r)
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_xscale()
    (['all', 'year 2020'], 'log')
    >>> plt.close("all")
    """
    require_columns(result, ["level", "group", "odds_ratio", "ci_low", "ci_high", "too_few_docs"],
                    name="result")
    cond, out = result.attrs.get("condition", "condition"), result.attrs.get("outcome", "outcome")
    title = (f"Odds of an {out} answer after a {cond} question (95% interval by briefing)"
             if title is None else title)
    rows = result[np.isfinite(result["odds_ratio"].to_numpy(dtype=float))
                  & (result["odds_ratio"].to_numpy(dtype=float) > 0)]
    if rows.empty:
        return show_message(new_axes(ax, (6, 3)), "no odds ratio to show", title)
    pairs = zip(rows["level"], rows["group"], strict=True)
    labels = ["all" if lvl == "all" else f"{lvl} {group_label(g)}" for lvl, g in pairs]
    y = np.arange(len(rows))[::-1]
    ax = new_axes(ax, (6.5, 1.2 + 0.3 * len(rows)))
    odds = rows["odds_ratio"].to_numpy(dtype=float)
    low = rows["ci_low"].to_numpy(dtype=float)
    high = rows["ci_high"].to_numpy(dtype=float)
    colours = [GREY if f else OKABE_ITO[1] for f in rows["too_few_docs"]]
    ax.hlines(y, np.where(np.isnan(low), odds, low), np.where(np.isnan(high), odds, high), colors=colours,
              lw=2)
    ax.scatter(odds, y, c=colours, zorder=3, s=25)
    ax.axvline(1, color="0.4", lw=1, ls="--")
    ax.set_xscale("log")
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    ax.xaxis.set_major_formatter(plain)
    ax.xaxis.set_minor_formatter(plain)
    ax.set_yticks(y, labels)
    ax.set_xlabel("odds ratio (log scale; 1 = no difference)")
    ax.set_title(title, wrap=True)
    return ax
