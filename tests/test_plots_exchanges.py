import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import milrel_analysis as mra  # noqa: E402
from milrel_analysis.exchanges import answer_given_question, exchange_profile, exchange_summary  # noqa: E402
from milrel_analysis.plots import (  # noqa: E402
    plot_act_rates,
    plot_answer_given_question,
    plot_asker_counterparts,
    plot_exchange_profile,
)
from milrel_analysis.plots.style import GREY, OKABE_ITO  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    texts = {}
    for i in range(6):
        sp = "Hua Chunying" if i % 2 else "Zhao Lijian"
        texts[f"d{i}"] = (f"Foreign Ministry Spokesperson {sp}'s Regular Press Conference on May {i + 3}, 2020\n\n"
                          f"Reuters: The US accused China of a cover-up. Comment?\n\n{sp}: We firmly oppose that.\n\n"
                          f"CCTV: Will Russia join?\n\n{sp}: China welcomes it." + (
                              f"\n\nQ: And Japan?\n\n{sp}: We urge Japan to stop." if i < 2 else ""))
    return mra.corpus_from_texts(texts)


def test_profile_heatmap_values_and_flags(corpus):
    p = exchange_profile(corpus, by="spokesperson", min_docs=4)
    ax = plot_exchange_profile(p)
    grid = ax.images[0].get_array()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hua Chunying *", "Zhao Lijian *"]
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "assertive"
    oppose = [t.get_text() for t in ax.get_xticklabels()].index("oppose")
    hua = p[(p.spokesperson == "Hua Chunying") & (p.act == "oppose")]["rate"].iloc[0]
    assert grid[0, oppose] == pytest.approx(100 * hua)
    assert "fewer briefings" in ax.get_title()
    ax = plot_exchange_profile(p, acts=["oppose", "urge"], title="Two acts")
    assert ax.images[0].get_array().shape == (2, 2) and ax.get_title().startswith("Two acts\n")


def test_act_rates_intervals_and_grey_small_groups():
    p = pd.DataFrame({"quarter": ["2020Q2", "2020Q1", None], "act": ["assertive"] * 3,
                      "rate": [0.3, 0.1, 0.5], "ci_low": [0.2, 0.05, np.nan], "ci_high": [0.4, 0.2, np.nan],
                      "too_few_docs": [False, True, True]})
    ax = plot_act_rates(p)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2020Q1", "2020Q2", "(none)"]
    assert [t.get_position()[1] for t in ax.get_yticklabels()] == [2, 1, 0]  # in order, top to bottom
    points = ax.collections[1]
    assert points.get_offsets()[:, 0].tolist() == [10.0, 30.0, 50.0]
    assert [to_hex(c) for c in points.get_facecolors()] == [to_hex(GREY), to_hex(OKABE_ITO[0]), to_hex(GREY)]
    segments = ax.collections[0].get_segments()
    assert [tuple(seg[:, 0]) for seg in segments] == [(5.0, 20.0), (20.0, 40.0), (50.0, 50.0)]


def test_asker_counterparts_heatmap(corpus):
    table = exchange_summary(corpus)["exchange_asker_counterparts"]
    ax = plot_asker_counterparts(table, top=2, share=False)
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert cols == ["RUS", "USA"]
    assert ax.images[0].get_array().sum() == table[table.counterpart.isin(cols)]["n_exchanges"].sum()
    shares = plot_asker_counterparts(table).images[0].get_array()
    assert shares.sum(axis=1).round(6).tolist() == [100.0] * len(shares)  # these askers name only RUS and USA
    with pytest.raises(ValueError, match="top=0"):
        plot_asker_counterparts(table, top=0)


def test_answer_given_question_forest(corpus):
    r = pd.DataFrame({"level": ["all", "spokesperson", "spokesperson"], "group": ["all", "Hua", "Lu"],
                      "odds_ratio": [2.5, np.inf, 1.5], "ci_low": [1.2, np.nan, 0.5],
                      "ci_high": [5.0, np.nan, 4.0], "too_few_docs": [False, True, True]})
    r.attrs.update(condition="hostile", outcome="assertive")
    ax = plot_answer_given_question(r)
    assert ax.get_xscale() == "log" and "assertive answer after a hostile question" in ax.get_title()
    # an infinite odds ratio (an empty cell) is left out
    assert [t.get_text() for t in ax.get_yticklabels()] == ["all", "spokesperson Lu"]
    assert [to_hex(c) for c in ax.collections[1].get_facecolors()] == [to_hex(OKABE_ITO[1]), to_hex(GREY)]
    # and the figure of a real table draws
    real = answer_given_question(corpus, outcome="reassurance", by="spokesperson")
    assert plot_answer_given_question(real).get_title()


def test_empty_tables_say_so():
    empty = mra.corpus_from_texts({"d": "No questions."})
    p = exchange_profile(empty)
    for ax in (plot_exchange_profile(p), plot_act_rates(p),
               plot_asker_counterparts(exchange_summary(empty)["exchange_asker_counterparts"]),
               plot_answer_given_question(answer_given_question(empty))):
        assert any(t.get_text() in ("no exchanges", "no odds ratio to show") for t in ax.texts)


def test_plot_argument_errors():
    with pytest.raises(KeyError, match="profile is missing columns"):
        plot_exchange_profile(pd.DataFrame({"spokesperson": ["x"]}))
    with pytest.raises(KeyError, match="result is missing columns"):
        plot_answer_given_question(pd.DataFrame({"level": ["all"]}))
