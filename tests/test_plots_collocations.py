import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402
from plot_tables import (  # noqa: E402
    collocation_table,
)

from milrel_analysis.plots import (  # noqa: E402
    plot_collocations,
)

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
