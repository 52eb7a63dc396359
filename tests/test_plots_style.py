import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from plot_tables import (  # noqa: E402
    collocation_table,
    dispersion_hits,
    documents_table,
    fightin_table,
    heatmap_counts,
    keyness_table,
    timeline_counts,
)

from milrel_analysis.plots import (  # noqa: E402
    OKABE_ITO,
    plot_collocations,
    plot_dispersion,
    plot_documents_per_year,
    plot_fightin_words,
    plot_keyness,
    plot_phrase_heatmap,
    plot_phrase_timeline,
)
from milrel_analysis.plots.style import (  # noqa: E402
    group_label,
    is_missing,
    series_color,
    shorten,
    show_message,
    sorted_groups,
)

# --------------------------------------------------------------------------- shared contract


CALLS = {
    "keyness": lambda **kw: plot_keyness(keyness_table(), **kw),
    "keyness-long-names": lambda **kw: plot_keyness(
        keyness_table(), target_label="statements on the People's Liberation Army Navy",
        reference_label="statements on the People's Liberation Army Rocket Force", **kw),
    "heatmap": lambda **kw: plot_phrase_heatmap(heatmap_counts(), **kw),
    "timeline": lambda **kw: plot_phrase_timeline(timeline_counts(), **kw),
    "dispersion": lambda **kw: plot_dispersion(dispersion_hits(), **kw),
    "fightin": lambda **kw: plot_fightin_words(fightin_table(50), **kw),
    "collocations": lambda **kw: plot_collocations(collocation_table(), **kw),
    "documents": lambda **kw: plot_documents_per_year(documents_table(), **kw),
}


@pytest.mark.parametrize("name", CALLS)
def test_draws_on_the_given_axes_and_never_shows(name, ax, monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    n_figs = len(plt.get_fignums())
    assert CALLS[name](ax=ax) is ax
    assert len(plt.get_fignums()) == n_figs  # no extra figure


@pytest.mark.parametrize("name", CALLS)
def test_new_figure_uses_constrained_layout_and_labels(name):
    result = CALLS[name]()
    assert result.figure.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    assert result.get_title().strip()
    assert result.get_xlabel().strip() and result.get_ylabel().strip()
    assert CALLS[name](title="My title").get_title() == "My title"


@pytest.mark.parametrize("name", CALLS)
def test_no_text_outside_the_figure(name):
    result = CALLS[name]()
    fig = result.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fig_box = fig.bbox
    def visible_ticks(axis):  # tick labels beyond the view limits are not drawn
        lo, hi = sorted(axis.get_view_interval())
        return [label for loc, label in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=True)
                if lo <= loc <= hi]

    texts = [result.title, result.xaxis.label, result.yaxis.label,
             *visible_ticks(result.xaxis), *visible_ticks(result.yaxis)]
    for text in texts:
        if not text.get_text() or not text.get_visible():
            continue
        box = text.get_window_extent(renderer)
        assert box.x0 >= fig_box.x0 - 1 and box.x1 <= fig_box.x1 + 1, text.get_text()
        assert box.y0 >= fig_box.y0 - 1 and box.y1 <= fig_box.y1 + 1, text.get_text()


# --------------------------------------------------------------------------- helpers


def test_labels_of_groups_and_their_order():
    assert group_label(None) == group_label(np.nan) == group_label(pd.NA) == "(none)"
    assert group_label(2021.0) == "2021" and group_label(pd.Timestamp("2021-01-28")) == "2021-01-28"
    assert group_label("x" * 60) == "x" * 39 + "\u2026"
    assert shorten("People's Liberation Army", 10) == "People's\u2026"
    order = sorted_groups(pd.Series(["USA", None, "JPN", "USA"]))
    assert order[:2] == ["JPN", "USA"] and is_missing(order[2])
    assert sorted_groups(pd.Series([2, "a", 1])) == [1, 2, "a"]  # mixed types: by their text
    assert not is_missing("") and is_missing(pd.NaT)


def test_series_colours_cycle_through_the_palette_then_change_style():
    assert [series_color(i) for i in (0, 7)] == [(OKABE_ITO[0], "-"), (OKABE_ITO[7], "-")]
    assert series_color(8) == (OKABE_ITO[0], "--")


def test_message_figure_has_no_ticks():
    _, axes = plt.subplots()
    show_message(axes, "nothing here", "Title")
    assert [t.get_text() for t in axes.texts] == ["nothing here"]
    assert not axes.get_xticks().size and axes.get_title() == "Title"
