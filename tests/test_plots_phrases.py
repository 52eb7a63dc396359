import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from plot_tables import (  # noqa: E402
    dispersion_hits,
    heatmap_counts,
)

from milrel_analysis.plots import (  # noqa: E402
    OKABE_ITO,
    plot_dispersion,
    plot_phrase_heatmap,
)

# --------------------------------------------------------------------------- heatmap


def test_heatmap_values_are_the_pivot(ax):
    counts = heatmap_counts()
    plot_phrase_heatmap(counts, ax=ax)
    image = ax.images[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert rows == ["win-win", "red line"]  # by total count; "never used" (all zero) dropped
    assert cols == ["Russia", "USA", "(none)"]
    expected = (counts.assign(counterpart=counts["counterpart"].fillna("(none)"))
                .pivot(index="label", columns="counterpart", values="rate_per_10k")
                .loc[rows, cols].to_numpy())
    np.testing.assert_array_equal(np.ma.filled(image.get_array(), np.nan), expected)
    assert image.get_cmap().name == "cividis"
    colorbar = image.colorbar
    assert colorbar.ax.get_ylabel() == "rate per 10,000 words"
    # annotations: one per cell, dark text on the light (high) cell, light text on the dark one
    texts = {(t.get_position(), t.get_text()): t.get_color() for t in ax.texts}
    assert len(texts) == 6
    assert texts[((0, 0), "60.0")] == "black"
    assert texts[((0, 1), "0")] == "white"


def test_heatmap_counts_selection_and_no_annotation():
    counts = heatmap_counts()
    ax = plot_phrase_heatmap(counts, value="count", phrases=["red-line", "never-used", "win-win"],
                             annotate=False)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["red line", "win-win"]
    assert ax.images[0].get_array().tolist() == [[0, 3, 2], [6, 1, 0]]
    assert ax.images[0].colorbar.ax.get_ylabel() == "occurrences"
    assert len(ax.texts) == 0
    assert "occurrences" in ax.get_title()
    top1 = plot_phrase_heatmap(counts, top=1)
    assert [t.get_text() for t in top1.get_yticklabels()] == ["win-win"]


def test_heatmap_big_grid_is_not_annotated():
    rows = [{"year": y, "phrase_id": f"p{p}", "label": f"phrase {p}", "category": "x",
             "count": 1 + p, "rate_per_10k": 1.0 + p, "n_docs": 1}
            for y, p in itertools.product(range(2000, 2016), range(5))]  # 16 groups > 15
    ax = plot_phrase_heatmap(pd.DataFrame(rows), by="year")
    assert ax.images[0].get_array().shape == (5, 16)
    assert len(ax.texts) == 0
    assert ax.get_xticklabels()[0].get_text() == "2000"


def test_heatmap_bad_input():
    counts = heatmap_counts()
    with pytest.raises(KeyError, match="counterpart"):
        plot_phrase_heatmap(counts.drop(columns="counterpart"))
    with pytest.raises(ValueError, match="value='share'.*rate_per_10k"):
        plot_phrase_heatmap(counts, value="share")
    with pytest.raises(ValueError, match="not-a-phrase"):
        plot_phrase_heatmap(counts, phrases=["not-a-phrase"])
    empty = plot_phrase_heatmap(counts, phrases=["never-used"])
    assert [t.get_text() for t in empty.texts] == ["no phrases to show"]


# --------------------------------------------------------------------------- dispersion


def marker_lines(ax):
    return [line for line in ax.get_lines() if line.get_marker() == "|"]


def test_dispersion_one_marker_per_hit(ax):
    hits = dispersion_hits()
    plot_dispersion(hits, ax=ax)
    lines = marker_lines(ax)
    assert sum(len(line.get_xdata()) for line in lines) == len(hits)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["core interests", "win-win", "community with a shared future", "red line"]
    assert ax.get_xlabel() == "corpus position (documents in date order)"
    xs = np.concatenate([line.get_xdata() for line in lines])
    ys = np.concatenate([line.get_ydata() for line in lines])
    # documents by date: a (2021) = 0, b (2022) = 1, c (2023) = 2; seg fraction within each
    points = sorted(zip(xs.tolist(), ys.tolist(), strict=True))
    assert points == [(0.0, 2.0), (0.5, 0.0), (1.0, 0.0), (1 + 2 / 3, 1.0), (2.0, 3.0), (2.75, 1.0)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022", "2023"]
    assert ax.get_xticks().tolist() == [0, 1, 2]
    assert len(ax.collections[0].get_segments()) == 4  # document boundaries


def test_dispersion_colours_by_category():
    ax = plot_dispersion(dispersion_hits())
    by_label = {line.get_label(): to_hex(line.get_color()) for line in marker_lines(ax)}
    assert set(by_label) == {"cooperation", "party_line", "red_lines"}
    assert len(set(by_label.values())) == 3
    assert set(by_label.values()) <= {c.lower() for c in OKABE_ITO}


def test_dispersion_doc_order_phrases_and_offsets():
    hits = dispersion_hits()
    ax = plot_dispersion(hits, doc_order=["c", "b", "a", "empty"], phrases=["win-win", "absent"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["win-win", "absent"]
    xs = sorted(np.concatenate([line.get_xdata() for line in marker_lines(ax)]).tolist())
    assert xs == [0.75, 1 + 2 / 3]
    assert ax.get_xlim()[1] >= 4
    offsets = pd.DataFrame({"doc_id": ["b", "b", "b"], "seg_id": [0, 1, 2],
                            "offset": [100, 120, 150], "length": [20, 30, 50]})
    exact = plot_dispersion(hits[hits.doc_id == "b"], offsets=offsets)
    xs = sorted(np.concatenate([line.get_xdata() for line in marker_lines(exact)]).tolist())
    assert xs == pytest.approx([0.0, (50 + 10) / 100])


def test_dispersion_without_dates_or_category():
    hits = dispersion_hits().drop(columns=["date", "category"])
    ax = plot_dispersion(hits)
    assert sum(len(line.get_xdata()) for line in marker_lines(ax)) == len(hits)
    assert ax.get_legend() is None
    assert "doc_id order" in ax.get_xlabel()


def test_dispersion_bad_input():
    with pytest.raises(KeyError, match=r"missing columns \['phrase_id'\]"):
        plot_dispersion(dispersion_hits().drop(columns="phrase_id"))
    with pytest.raises(KeyError, match="offsets is missing columns"):
        plot_dispersion(dispersion_hits(), offsets=pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(ValueError, match="doc_order"):
        plot_dispersion(dispersion_hits(), doc_order=["zzz"])
    empty = plot_dispersion(dispersion_hits().iloc[:0])
    assert [t.get_text() for t in empty.texts] == ["no phrase hits to show"]
