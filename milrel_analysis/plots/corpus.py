"""Corpus figures: documents per year."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .._validation import check_count, require_columns
from .style import NONE_LABEL, OTHER_GREY, PALE_GREY, new_axes, series_color, shorten, show_message

__all__ = ["plot_documents_per_year"]

# The pooled groups: a dark grey for "other" (real groups, too small to name) and a pale
# hatched grey for "(none)" (no group at all), distinct from each other and from any colour.
_POOLED_STYLE: dict[str, dict[str, Any]] = {
    "other": {"color": OTHER_GREY},
    NONE_LABEL: {"color": PALE_GREY, "hatch": "///"},
}


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
    ax : Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        One bar per year. Named groups take the Okabe-Ito colours, largest first; "other"
        is a dark grey and "(none)" a pale hatched grey, so that neither passes for the
        other nor for a named group.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> docs = pd.DataFrame({"year": [2021, 2021, 2022], "primary_counterpart": ["USA", None, "RUS"]})
    >>> ax = plot_documents_per_year(docs)
    >>> ax.get_ylabel()
    'documents'
    >>> plt.close("all")
    """
    require_columns(documents, ["year", stack_by], name="documents")
    check_count("top", top, minimum=1)
    ax = new_axes(ax, (7, 4))
    title = title or f"Documents per year, by {stack_by.replace('_', ' ')}"
    dated = documents.dropna(subset=["year"])
    if dated.empty:
        return show_message(ax, "no dated documents", title)
    groups = dated[stack_by].astype(object).where(dated[stack_by].notna(), NONE_LABEL)
    keep = groups[groups != NONE_LABEL].value_counts().index[:top]
    groups = groups.where(groups.isin(keep) | (groups == NONE_LABEL), "other")
    table = pd.crosstab(dated["year"].astype(int), groups)
    order = [g for g in keep if g in table.columns] + [g for g in ("other", NONE_LABEL)
                                                        if g in table.columns]
    table = table[order]
    bottom = np.zeros(len(table))
    for i, group in enumerate(order):
        style = _POOLED_STYLE.get(group, {"color": series_color(i)[0]})
        ax.bar(table.index.astype(str), table[group].to_numpy(), bottom=bottom,
               label=shorten(group), edgecolor="white", linewidth=0.5, **style)
        bottom += table[group].to_numpy()
    ax.set_xlabel("year")
    ax.set_ylabel("documents")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title=stack_by.replace("_", " "), fontsize=8, frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(title, wrap=True)
    return ax

