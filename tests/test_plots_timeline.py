
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from plot_tables import (  # noqa: E402
    timeline_counts,
)

from milrel_analysis.plots import (  # noqa: E402
    OKABE_ITO,
    plot_phrase_panels,
    plot_phrase_timeline,
)

# --------------------------------------------------------------------------- timeline


def named_lines(ax):
    return {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}


def test_timeline_follows_the_most_used_formula_one_line_per_group(ax):
    counts = timeline_counts()
    plot_phrase_timeline(counts, ax=ax)
    lines = named_lines(ax)
    assert list(lines) == ["Japan", "Russia", "USA"]  # by total, highest first
    # red-line is used most; the other formula is not summed into its line
    expected = counts[counts.phrase_id == "red-line"].set_index(["counterpart", "year"])["rate_per_10k"]
    for group, line in lines.items():
        assert line.get_xdata().tolist() == [2021, 2022, 2023]
        np.testing.assert_allclose(line.get_ydata(), expected[group].to_numpy())
    assert "red line" in ax.get_title() and "win win" not in ax.get_title()
    assert ax.get_ylabel() == "rate per 10,000 words"
    assert ax.get_xlabel() == "year"
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.isdigit() for t in ticks)
    colors = [to_hex(line.get_color()) for line in lines.values()]
    assert colors == [c.lower() for c in OKABE_ITO[:3]]


def test_timeline_leaves_gaps_where_a_group_has_no_text_and_marks_n():
    counts = timeline_counts(years=(2019, 2020, 2023))  # no text at all in 2021 and 2022
    counts["group_docs"] = counts["year"].map({2019: 2, 2020: 7, 2023: 9})
    ax = plot_phrase_timeline(counts, phrase_id="win-win", groups=["USA"])
    (line,) = named_lines(ax).values()
    assert line.get_xdata().tolist() == [2019, 2020, 2021, 2022, 2023]
    y = line.get_ydata()
    assert np.isnan(y[2]) and np.isnan(y[3]) and not np.isnan(y[[0, 1, 4]]).any()
    # 2019 rests on 2 documents: a hollow point; the others are filled
    hollow = [ln for ln in ax.get_lines() if ln.get_label() == "_few"]
    assert [ln.get_xdata().tolist() for ln in hollow] == [[2019]]
    assert hollow[0].get_markerfacecolor() == "white"
    assert sorted(t.get_text() for t in ax.texts) == ["2", "7", "9"]
    assert "fewer than 5" in ax.get_legend().get_title().get_text()
    quiet = plot_phrase_timeline(counts, phrase_id="win-win", show_n=False)
    assert not quiet.texts


def test_timeline_phrase_selection_counts_and_groups():
    counts = timeline_counts()
    ax = plot_phrase_timeline(counts, phrase_id="red-line", value="count", groups=["USA"])
    (line,) = named_lines(ax).values()
    assert line.get_label() == "USA"
    assert line.get_ydata().tolist() == [2, 3, 4]
    assert ax.get_ylabel() == "occurrences"
    assert "red line" in ax.get_title()
    both = plot_phrase_timeline(counts, phrase_id=["red-line", "win-win"], value="count",
                                groups=["USA"])
    assert named_lines(both)["USA"].get_ydata().tolist() == [3, 5, 7]


def test_timeline_keeps_six_groups_and_names_missing_ones():
    counts = timeline_counts(groups=[f"G{i}" for i in range(8)])
    counts.loc[counts["counterpart"] == "G7", "counterpart"] = None
    ax = plot_phrase_timeline(counts)
    assert list(named_lines(ax)) == ["(none)", "G6", "G5", "G4", "G3", "G2"]


def test_panels_one_per_group_one_line_per_formula_on_a_shared_scale():
    counts = timeline_counts(years=(2021, 2023))
    counts["group_docs"] = 3
    axes = plot_phrase_panels(counts, panels=["USA", "Russia"], top=2)
    assert [a.get_title() for a in axes] == ["USA", "Russia"]
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    assert axes[0].get_xlim() == axes[1].get_xlim() == (2020.5, 2023.5)  # years line up
    for a, group in zip(axes, ["USA", "Russia"], strict=True):
        lines = named_lines(a)
        assert list(lines) == ["red line", "win win"]  # most used first
        want = counts[(counts.counterpart == group) & (counts.phrase_id == "win-win")]
        y = lines["win win"].get_ydata()
        assert np.isnan(y[1])  # 2022 has no text: a gap
        np.testing.assert_allclose(y[[0, 2]], want["rate_per_10k"].to_numpy())
    a.figure.canvas.draw()
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["2021\nn=3", "2023\nn=3"]
    (legend,) = axes[0].figure.legends  # one legend under all the panels
    assert "fewer than 5" in legend.get_title().get_text()
    assert [t.get_text() for t in legend.get_texts()] == ["red line", "win win"]
    # one scale, tall enough for the highest point of any panel
    highest = counts[counts.counterpart.isin(["USA", "Russia"])]["rate_per_10k"].max()
    assert all(a.get_ylim()[1] >= highest for a in axes)


def test_panels_default_panels_given_axes_and_bad_input():
    counts = timeline_counts()
    axes = plot_phrase_panels(counts, top=1)
    assert [a.get_title() for a in axes] == ["Japan", "Russia", "USA"]  # most uses first
    assert all(list(named_lines(a)) == ["red line"] for a in axes)
    _, grid = plt.subplots(1, 2)
    drawn = plot_phrase_panels(counts, panels=["USA", "Japan"], axes=grid)
    assert list(drawn) == list(grid)
    with pytest.raises(ValueError, match="axes has 2 Axes for 3 panels"):
        plot_phrase_panels(counts, axes=grid)
    with pytest.raises(ValueError, match="phrases=\\['nope'\\]"):
        plot_phrase_panels(counts, phrases=["nope"])
    with pytest.raises(ValueError, match="top=0"):
        plot_phrase_panels(counts, top=0)
    with pytest.warns(UserWarning, match="'Mars'"):
        plot_phrase_panels(counts, panels=["Mars", "USA"])


def test_timeline_accepts_month_strings():
    counts = timeline_counts(years=("2021-03", "2021-04", "2021-06"))
    ax = plot_phrase_timeline(counts, time="year")
    xs = ax.get_lines()[0].get_xdata()
    assert pd.to_datetime(xs).strftime("%Y-%m").tolist() == ["2021-03", "2021-04", "2021-06"]


def test_timeline_bad_input():
    counts = timeline_counts()
    with pytest.raises(KeyError, match=r"\['month'\]"):
        plot_phrase_timeline(counts, time="month")
    with pytest.raises(ValueError, match="phrase_id=\\['nope'\\]"):
        plot_phrase_timeline(counts, phrase_id="nope")
    with pytest.warns(UserWarning, match="'Mars'"):
        ax = plot_phrase_timeline(counts, groups=["Mars", "USA"])
    assert list(named_lines(ax)) == ["USA"]
    with pytest.raises(ValueError, match="value="):
        plot_phrase_timeline(counts, value="rate")
