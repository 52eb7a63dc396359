import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402

from milrel_analysis.plots import OKABE_ITO, plot_documents_per_year  # noqa: E402


def documents():
    main = ["USA"] * 5 + ["RUS"] * 3 + ["JPN", "KOR", None, None, None, None]
    years = [2021, 2022] * 7
    return pd.DataFrame({"year": years, "primary_counterpart": main})


def bars_by_label(ax):
    bars: dict[str, list] = {}
    for container in ax.containers:
        bars[container.get_label()] = list(container)
    return bars


def test_bars_stack_to_the_documents_of_each_year():
    docs = documents()
    ax = plot_documents_per_year(docs, top=2)
    bars = bars_by_label(ax)
    assert list(bars) == ["USA", "RUS", "other", "(none)"]
    heights = {label: [b.get_height() for b in rects] for label, rects in bars.items()}
    per_year = docs.groupby("year").size().to_list()
    assert [sum(h[i] for h in heights.values()) for i in range(2)] == per_year
    # JPN and KOR are pooled as "other"; the four documents without one are "(none)"
    assert sum(heights["other"]) == 2 and sum(heights["(none)"]) == 4
    assert ax.get_xlabel() == "year" and ax.get_ylabel() == "documents"


def test_other_and_none_are_distinct_from_each_other_and_the_named_groups():
    bars = bars_by_label(plot_documents_per_year(documents(), top=2))
    faces = {label: rects[0].get_facecolor() for label, rects in bars.items()}
    assert same_color(faces["USA"], OKABE_ITO[0]) and same_color(faces["RUS"], OKABE_ITO[1])
    assert not same_color(faces["other"], faces["(none)"])
    assert not any(same_color(faces[g], OKABE_ITO[i]) for g in ("other", "(none)")
                   for i in range(len(OKABE_ITO)))
    assert bars["(none)"][0].get_hatch() and not bars["other"][0].get_hatch()


def test_undated_only_says_so_and_bad_input():
    ax = plot_documents_per_year(pd.DataFrame({"year": [None], "primary_counterpart": ["USA"]}))
    assert [t.get_text() for t in ax.texts] == ["no dated documents"]
    with pytest.raises(KeyError, match="primary_counterpart"):
        plot_documents_per_year(pd.DataFrame({"year": [2021]}))
    with pytest.raises(ValueError, match="top=0"):
        plot_documents_per_year(documents(), top=0)
