import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402
from plot_tables import (  # noqa: E402
    fightin_table,
    keyness_table,
)

from milrel_analysis.plots import (  # noqa: E402
    OKABE_ITO,
    plot_fightin_words,
    plot_keyness,
)

TARGET, REFERENCE = OKABE_ITO[0], OKABE_ITO[1]


# --------------------------------------------------------------------------- keyness


def test_keyness_two_sided_bars(ax):
    plot_keyness(keyness_table(), n=3, ax=ax, target_label="2023", reference_label="2021")
    bars = ax.patches
    assert len(bars) == 6
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["over 0", "over 1", "over 2", "under 0", "under 1", "under 2"]
    widths = {label: bar.get_width() for label, bar in zip(labels, sorted(bars, key=lambda b: b.get_y()), strict=True)}
    assert [widths[f"over {i}"] for i in range(3)] == [50.0, 45.0, 40.0]
    assert [widths[f"under {i}"] for i in range(3)] == [-40.0, -35.0, -30.0]
    for bar in bars:
        color = TARGET if bar.get_width() > 0 else REFERENCE
        assert same_color(bar.get_facecolor(), color)
        assert bar.get_x() == 0  # every bar starts at 0
    # the strongest of each side is drawn at the top: y axis inverted, smaller y is higher
    lo, hi = ax.get_ylim()
    assert lo > hi
    top_pos = min((b for b in bars if b.get_width() > 0), key=lambda b: b.get_y())
    top_neg = min((b for b in bars if b.get_width() < 0), key=lambda b: b.get_y())
    assert top_pos.get_width() == 50.0 and top_neg.get_width() == -40.0
    assert any(line.get_xdata()[0] == 0 for line in ax.get_lines())  # the zero line
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["over-used in 2023",
                                                                   "over-used in 2021"]
    assert "G²" in ax.get_xlabel()


def test_keyness_uneven_sides_measure_label_and_long_terms():
    table = keyness_table(n_pos=4, n_neg=1)
    table.loc[0, "term"] = "a community with a shared future for mankind in the new era of peace"
    ax = plot_keyness(table, n=3, measure_label="keyness (log-likelihood)")
    assert len(ax.patches) == 4
    assert ax.get_xlabel() == "keyness (log-likelihood)"
    first = ax.get_yticklabels()[0].get_text()
    assert len(first) <= 40 and first.endswith("…")


def test_keyness_legend_clear_of_bars():
    ax = plot_keyness(keyness_table(8, 8), n=8)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert not any(legend.overlaps(bar.get_window_extent(renderer)) for bar in ax.patches)


@pytest.mark.parametrize("table", [keyness_table().iloc[:0], keyness_table(0, 0)])
def test_keyness_empty_says_so(table):
    ax = plot_keyness(table)
    assert [t.get_text() for t in ax.texts] == ["no terms to show"]
    assert len(ax.patches) == 0


def test_keyness_bad_input():
    with pytest.raises(KeyError, match=r"missing columns \['statistic'\]; have \['term', 'score'\]"):
        plot_keyness(pd.DataFrame({"term": ["a"], "score": [1.0]}))
    with pytest.raises(ValueError, match="n=0"):
        plot_keyness(keyness_table(), n=0)


# --------------------------------------------------------------------------- fightin' words


def label_boxes(ax):
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.texts], ax.get_window_extent(renderer)


@pytest.mark.parametrize("n_labels", [0, 5, 15, 60])
def test_fightin_labels_do_not_overlap(n_labels):
    table = fightin_table()
    ax = plot_fightin_words(table, n_labels=n_labels)
    labels = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(labels) == len(ax.texts) <= n_labels
    if n_labels:
        assert labels  # at least the strongest term fits
    strongest = set(table.reindex(table["statistic"].abs().sort_values(ascending=False).index)
                    ["term"].head(n_labels))
    assert {t.get_text() for t in labels} <= strongest
    boxes, frame = label_boxes(ax)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_fightin_labels_survive_saving_at_another_dpi(tmp_path):
    ax = plot_fightin_words(fightin_table(), n_labels=30)
    ax.figure.savefig(tmp_path / "f.png", dpi=200)
    boxes, _ = label_boxes(ax)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_fightin_colours_match_significance():
    table = fightin_table()
    ax = plot_fightin_words(table, target_label="2023", reference_label="2021")
    seen = 0
    for points in ax.collections:
        label = points.get_label()
        z = points.get_offsets()[:, 1]
        color = points.get_facecolors()[0]
        seen += len(z)
        if label.startswith("over-used in 2023"):
            assert (z >= 1.96).all() and same_color(color[:3], TARGET)
        elif label.startswith("over-used in 2021"):
            assert (z <= -1.96).all() and same_color(color[:3], REFERENCE)
        else:
            assert label.startswith("not significant")
            assert (np.abs(z) < 1.96).all()
            assert color[0] == color[1] == color[2]  # grey
    assert seen == len(table)
    x = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections])
    expected = np.log10(table["target_count"] + table["reference_count"])
    np.testing.assert_allclose(np.sort(x), np.sort(expected))
    dashed = sorted(line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() == "--")
    assert dashed == [-1.96, 1.96]
    assert ax.get_xlabel() == "frequency (log10 of total count)"
    assert ax.get_ylabel() == "z-score (log-odds, informative Dirichlet prior)"
    for text in ax.texts:
        z = table.set_index("term").loc[text.get_text(), "statistic"]
        assert same_color(text.get_color(), TARGET if z >= 1.96 else REFERENCE if z <= -1.96 else "0.3")


def test_fightin_bad_and_empty_input():
    with pytest.raises(KeyError, match=r"\['reference_count'\]"):
        plot_fightin_words(fightin_table().drop(columns="reference_count"))
    with pytest.raises(ValueError, match="n_labels=-1"):
        plot_fightin_words(fightin_table(), n_labels=-1)
    empty = plot_fightin_words(fightin_table().iloc[:0])
    assert [t.get_text() for t in empty.texts] == ["no terms to show"]


# --------------------------------------------------------------------------- adjusted significance


def adjusted(table, significant, adjust="bh"):
    table = table.copy()
    table["significant"] = significant
    table.attrs.update(adjust=adjust, alpha=0.05)
    return table


def test_keyness_shows_only_adjusted_significant_terms():
    table = keyness_table()
    table = adjusted(table, table["term"].isin(["over 0", "over 2", "under 1"]))
    ax = plot_keyness(table, n=5, target_label="USA", reference_label="rest")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["over 0", "over 2", "under 1"]
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "significant after Benjamini\u2013Hochberg, q < 0.05"
    assert [t.get_text() for t in legend.get_texts()] == ["over-used in USA", "over-used in rest"]


def test_keyness_can_mark_the_non_significant_terms():
    table = adjusted(keyness_table(), [True, False] * 5 + [False])
    ax = plot_keyness(table, n=3, significant_only=False)
    assert len([t for t in ax.get_yticklabels()]) == 6
    pale = [b for b in ax.patches if np.isfinite(b.get_width()) and b.get_alpha() == 0.3]
    strong = [b for b in ax.patches if np.isfinite(b.get_width()) and b.get_alpha() is None]
    assert len(pale) == 3 and len(strong) == 3 and all(b.get_hatch() == "//" for b in pale)
    assert "not significant" in [t.get_text() for t in ax.get_legend().get_texts()]
    bonf = plot_keyness(adjusted(keyness_table(), True, adjust="bonferroni"))
    assert bonf.get_legend().get_title().get_text() == "significant after Bonferroni, p < 0.05"


def test_keyness_says_when_nothing_survives():
    ax = plot_keyness(adjusted(keyness_table(), False))
    assert len(ax.patches) == 0
    assert "no term is significant after Benjamini" in ax.texts[0].get_text()


def test_fightin_colours_follow_the_adjusted_column():
    table = fightin_table()
    table["significant"] = table["statistic"].abs() >= 3.0  # stricter than 1.96
    table.attrs.update(adjust="bh", alpha=0.05)
    ax = plot_fightin_words(table, target_label="USA", reference_label="rest")
    for points in ax.collections:
        z = points.get_offsets()[:, 1]
        if points.get_label().startswith("over-used in USA"):
            assert (z >= 3.0).all()
        elif points.get_label().startswith("over-used in rest"):
            assert (z <= -3.0).all()
        else:
            assert points.get_label() == "not significant" and (np.abs(z) < 3.0).all()
    threshold = table.loc[table["significant"], "statistic"].abs().min()
    dashed = sorted(line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() == "--")
    assert dashed == pytest.approx([-threshold, threshold])
    assert "Benjamini" in ax.get_legend().get_title().get_text()
    unadjusted = plot_fightin_words(fightin_table())
    assert "unadjusted" in unadjusted.collections[0].get_label()


def test_fightin_labels_keep_clear_of_other_points_where_there_is_room():
    table = fightin_table(60, seed=3)
    ax = plot_fightin_words(table, n_labels=8)
    boxes, _ = label_boxes(ax)
    offsets = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    dots = ax.transData.transform(offsets)
    for text, box in zip(ax.texts, boxes, strict=True):
        own = table.loc[table["term"] == text.get_text()]
        x, z = np.log10(own["target_count"] + own["reference_count"]).iloc[0], own["statistic"].iloc[0]
        others = dots[np.hypot(*(dots - ax.transData.transform([[x, z]])).T) > 0.5]
        inside = ((others[:, 0] > box.x0) & (others[:, 0] < box.x1)
                  & (others[:, 1] > box.y0) & (others[:, 1] < box.y1))
        assert not inside.any(), text.get_text()
