import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import same_color, to_hex  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from milrel_analysis.plots import (  # noqa: E402
    OKABE_ITO,
    plot_collocations,
    plot_dispersion,
    plot_fightin_words,
    plot_keyness,
    plot_phrase_heatmap,
    plot_phrase_timeline,
)

TARGET, REFERENCE = OKABE_ITO[0], OKABE_ITO[1]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    _, axes = plt.subplots(layout="constrained")
    return axes


# --------------------------------------------------------------------------- tables


def keyness_table(n_pos=5, n_neg=5):
    pos = [(f"over {i}", 50.0 - 5 * i) for i in range(n_pos)]
    neg = [(f"under {i}", -(40.0 - 5 * i)) for i in range(n_neg)]
    rows = pos + [("neutral", 0.0)] + neg
    table = pd.DataFrame(rows, columns=["term", "statistic"])
    table["target_count"] = 10
    table["reference_count"] = 5
    table["target_rate"] = 1.0
    table["reference_rate"] = 0.5
    table["p_value"] = 0.01
    table["log_ratio"] = np.sign(table["statistic"])
    return table.sort_values("statistic", ascending=False, ignore_index=True)


def heatmap_counts():
    rows = []
    values = {  # (group, phrase) -> count; rates are 10x counts
        ("USA", "red-line"): 3, ("USA", "win-win"): 1, ("USA", "never-used"): 0,
        ("Russia", "red-line"): 0, ("Russia", "win-win"): 6, ("Russia", "never-used"): 0,
        (None, "red-line"): 2, (None, "win-win"): 0, (None, "never-used"): 0,
    }
    labels = {"red-line": "red line", "win-win": "win-win", "never-used": "never used"}
    for (group, pid), count in values.items():
        rows.append({"counterpart": group, "phrase_id": pid, "label": labels[pid],
                     "category": "x", "count": count, "rate_per_10k": 10.0 * count,
                     "n_docs": int(count > 0)})
    return pd.DataFrame(rows)


def timeline_counts(groups=("USA", "Russia", "Japan"), years=(2021, 2022, 2023)):
    rows = []
    for gi, group in enumerate(groups):
        for yi, year in enumerate(years):
            for pi, pid in enumerate(["win-win", "red-line"]):
                count = (gi + 1) * (yi + 1) + pi
                rows.append({"year": year, "counterpart": group, "phrase_id": pid,
                             "label": pid.replace("-", " "), "category": "x", "count": count,
                             "rate_per_10k": count * 1.5, "n_docs": 1})
    return pd.DataFrame(rows)


def dispersion_hits():
    return pd.DataFrame({
        "doc_id": ["b", "b", "a", "c", "c", "a"],
        "seg_id": [0, 2, 1, 0, 3, 0],
        "phrase_id": ["core interests", "win-win", "core interests", "red line", "win-win",
                      "community with a shared future"],
        "category": ["red_lines", "cooperation", "red_lines", "red_lines", "cooperation",
                     "party_line"],
        "matched": ["x"] * 6,
        "start": [0, 10, 5, 0, 7, 3],
        "end": [5, 17, 10, 8, 14, 30],
        "variant": ["pattern"] * 6,
        "speaker": [None] * 6,
        "counterparts": ["USA"] * 6,
        "date": pd.to_datetime(["2022-05-01", "2022-05-01", "2021-03-02", "2023-01-09",
                                "2023-01-09", "2021-03-02"]),
    })


def fightin_table(n=400, seed=1):
    rng = np.random.default_rng(seed)
    total = rng.integers(1, 3000, n)
    target = rng.integers(0, total + 1)
    z = rng.normal(0, 2.5, n)
    z[:3] = [1.96, -1.96, 1.5]  # boundary cases
    return pd.DataFrame({"term": [f"term {i}" for i in range(n)], "target_count": target,
                         "reference_count": total - target, "statistic": z})


def collocation_table(n=8):
    table = pd.DataFrame({"term": [f"word {i}" for i in range(n)], "around": "USA",
                          "count": np.arange(n, 0, -1) + 2, "expected": 1.0,
                          "statistic": np.linspace(40, 2, n), "p_value": 0.001,
                          "p_adjusted": [0.001] * (n - 2) + [0.2, 0.3]})
    table.attrs.update(kind="counterpart", measure="g2", adjust="bh")
    return table


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


# --------------------------------------------------------------------------- timeline


def test_timeline_one_line_per_group_with_summed_values(ax):
    counts = timeline_counts()
    plot_phrase_timeline(counts, ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == ["Japan", "Russia", "USA"]  # by total, highest first
    expected = counts.groupby(["counterpart", "year"])["rate_per_10k"].sum()
    for group, line in lines.items():
        assert line.get_xdata().tolist() == [2021, 2022, 2023]
        np.testing.assert_allclose(line.get_ydata(), expected[group].to_numpy())
        assert line.get_marker() == "o"
    assert ax.get_ylabel() == "rate per 10,000 words"
    assert ax.get_xlabel() == "year"
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.isdigit() for t in ticks)
    colors = [to_hex(line.get_color()) for line in ax.get_lines()]
    assert colors == [c.lower() for c in OKABE_ITO[:3]]


def test_timeline_phrase_selection_counts_and_groups():
    counts = timeline_counts()
    ax = plot_phrase_timeline(counts, phrase_id="red-line", value="count", groups=["USA"])
    (line,) = ax.get_lines()
    assert line.get_label() == "USA"
    assert line.get_ydata().tolist() == [2, 3, 4]
    assert ax.get_ylabel() == "occurrences"
    assert "red line" in ax.get_title()
    both = plot_phrase_timeline(counts, phrase_id=["red-line", "win-win"], value="count",
                                groups=["USA"])
    assert both.get_lines()[0].get_ydata().tolist() == [3, 5, 7]


def test_timeline_keeps_six_groups_and_names_missing_ones():
    counts = timeline_counts(groups=[f"G{i}" for i in range(8)])
    counts.loc[counts["counterpart"] == "G7", "counterpart"] = None
    ax = plot_phrase_timeline(counts)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["(none)", "G6", "G5", "G4", "G3", "G2"]


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
    assert [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")] == ["USA"]
    with pytest.raises(ValueError, match="value="):
        plot_phrase_timeline(counts, value="rate")


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


# --------------------------------------------------------------------------- collocations


def test_collocations_bars(ax):
    table = collocation_table()
    plot_collocations(table, top=5, ax=ax)
    assert ax.get_title() == "Words around USA"
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"word {i} ({10 - i})" for i in range(5)]
    widths = sorted((b.get_y(), b.get_width()) for b in ax.patches)
    assert [w for _, w in widths] == pytest.approx(list(table["statistic"][:5]))
    assert ax.get_xlabel() == "association (signed G\u00b2)"
    full = plot_collocations(table)
    greys = [b for b in full.patches if same_color(b.get_facecolor(), "#A0A0A0")]
    assert len(greys) == 2


def test_collocations_pairs_empty_and_bad_input():
    pairs = collocation_table(3).assign(around=["hong", "two", "xi"], term=["kong", "sides", "jinping"])
    pairs.attrs.update(kind="pairs")
    ax = plot_collocations(pairs)
    assert ax.get_title() == "Word pairs" and ax.get_yticklabels()[0].get_text() == "hong kong (5)"
    empty = plot_collocations(collocation_table().iloc[:0])
    assert [t.get_text() for t in empty.texts] == ["no collocations to show"]
    with pytest.raises(KeyError, match=r"\['p_adjusted'\]"):
        plot_collocations(collocation_table().drop(columns="p_adjusted"))
    with pytest.raises(ValueError, match="top=0"):
        plot_collocations(collocation_table(), top=0)
