"""What every figure shares: the palette, labels, empty-figure messages, measuring text."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, cast

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase

from ..errors import ArgumentValueError

__all__ = [
    "GREY",
    "MAX_LABEL",
    "NONE_LABEL",
    "OKABE_ITO",
    "OTHER_GREY",
    "PALE_GREY",
    "REFERENCE_COLOR",
    "TARGET_COLOR",
    "VALUE_LABELS",
    "check_phrases",
    "drawn_renderer",
    "group_label",
    "group_labels",
    "is_missing",
    "new_axes",
    "phrase_totals",
    "series_color",
    "show_message",
    "shorten",
    "sorted_groups",
    "wrap",
]

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
TARGET_COLOR, REFERENCE_COLOR = OKABE_ITO[0], OKABE_ITO[1]
GREY = "#A0A0A0"
OTHER_GREY, PALE_GREY = "#5F5F5F", "#DCDCDC"
MAX_LABEL = 40
VALUE_LABELS = {"rate_per_10k": "rate per 10,000 words", "count": "occurrences"}
NONE_LABEL = "(none)"


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """`ax`, or the Axes of a new constrained-layout figure of `figsize`."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def shorten(text: object, width: int = MAX_LABEL) -> str:
    """`text` as a string of at most `width` characters, ending in an ellipsis if cut."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def wrap(text: str, width: int = 32) -> str:
    """Break a long legend entry over lines of about `width` characters."""
    return textwrap.fill(text, width, break_long_words=False)


def is_missing(value: object) -> bool:
    """Whether a scalar group value is missing (None, NaN, NaT, pd.NA); strings never are."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(cast(Any, value))))


def group_label(value: object) -> str:
    """Display label of a group value: "(none)" for missing, 2021 rather than 2021.0."""
    if is_missing(value):
        return NONE_LABEL
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return shorten(value)


def group_labels(values: pd.Series) -> pd.Series:
    """:func:`group_label` of every value, worked out once per distinct value.

    Examples
    --------
    >>> group_labels(pd.Series([2021.0, None, 2021.0])).tolist()
    ['2021', '(none)', '2021']
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = np.array([group_label(u) for u in uniques] + [NONE_LABEL], dtype=object)
    return pd.Series(names[codes], index=values.index, name=values.name, dtype=object)


def sorted_groups(values: pd.Series) -> list[object]:
    """Distinct values in natural order, missing last."""
    uniq = pd.Series(values.unique())
    present = uniq.dropna()
    try:
        present = present.sort_values(kind="stable")
    except TypeError:  # mixed types: fall back to their text
        present = present.iloc[np.argsort(present.astype(str).to_numpy(), kind="stable")]
    return [*present.tolist(), *([np.nan] if uniq.isna().any() else [])]


def show_message(ax: Axes, message: str, title: str) -> Axes:
    """Write `message` in the middle of an empty Axes (a figure with nothing to show)."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=12,
            color="0.35")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, wrap=True)
    return ax


def series_color(i: int) -> tuple[str, str]:
    """Colour and line style of the i-th series: Okabe-Ito, then dashed once exhausted."""
    return OKABE_ITO[i % len(OKABE_ITO)], ["-", "--", ":", "-."][(i // len(OKABE_ITO)) % 4]


def drawn_renderer(ax: Axes) -> RendererBase:
    """Draw the figure (which runs its layout) and return the renderer, to measure artists."""
    canvas = ax.figure.canvas
    if not hasattr(canvas, "get_renderer"):  # a bare Figure: give it an Agg canvas to measure
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(ax.get_figure(root=True))
    canvas.draw()
    return canvas.get_renderer()


def phrase_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per phrase: ``phrase_id, label, total`` (count summed over groups)."""
    return (counts.groupby("phrase_id", sort=False)
            .agg(label=("label", "first"), total=("count", "sum"))
            .reset_index())


def check_phrases(wanted: Sequence[str], have: pd.Series, *, name: str) -> None:
    """Raise, listing some known ids, when a phrase id asked for is not in the table."""
    unknown = [p for p in wanted if p not in set(have)]
    if unknown:
        known = sorted(set(have.astype(str)))
        shown = known[:20] + (["..."] if len(known) > 20 else [])
        raise ArgumentValueError(f"{name}={unknown!r} not in the table; have {shown}")
