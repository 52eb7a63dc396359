"""Shares and odds ratios clustered by briefing: worked examples and what clustering changes."""

import math

import numpy as np
import pandas as pd
import pytest

from milrel_analysis.clustered import RATE_COLUMNS, clustered_odds_ratio, clustered_rates, wilson_clustered


def _two_by_two(a, b, c, d, *, per_cluster=1):
    """Units of a 2x2 table [[a, b], [c, d]], `per_cluster` consecutive units to a briefing."""
    x = [True] * (a + b) + [False] * (c + d)
    y = [True] * a + [False] * b + [True] * c + [False] * d
    n = len(x)
    return pd.DataFrame({"doc_id": [i // per_cluster for i in range(n)], "hostile": x, "assertive": y})


def test_worked_odds_ratio_with_one_exchange_per_briefing():
    # 30 of 40 hostile questions drew an assertive answer, 20 of 60 others did: OR = 30*40/(10*20) = 6.
    r = clustered_odds_ratio(_two_by_two(30, 10, 20, 40), "hostile", "assertive")
    assert (r["condition_outcome"], r["condition_only"], r["outcome_only"], r["neither"]) == (30, 10, 20, 40)
    assert r["rate_given_condition"] == 0.75 and r["rate_otherwise"] == pytest.approx(1 / 3)
    assert r["odds_ratio"] == pytest.approx(6.0)
    # With singleton clusters the cluster-robust SE is Woolf's sqrt(1/a+1/b+1/c+1/d) times the
    # CRV1 factor sqrt(G/(G-1) * (N-1)/(N-2)) = sqrt(N/(N-2)); the interval uses t with G-1 df.
    from scipy.stats import t

    se = math.sqrt(1 / 30 + 1 / 10 + 1 / 20 + 1 / 40) * math.sqrt(100 / 98)
    q = t.ppf(0.975, df=99)
    assert r["ci_low"] == pytest.approx(6 * math.exp(-q * se), rel=1e-6)
    assert r["ci_high"] == pytest.approx(6 * math.exp(q * se), rel=1e-6)
    assert r["p_value"] == pytest.approx(2 * t.sf(math.log(6) / se, df=99), rel=1e-6)
    assert r["n"] == 100 and r["n_clusters"] == 100 and r["note"] == ""


def test_clustering_widens_the_interval_when_briefings_repeat_themselves():
    single = clustered_odds_ratio(_two_by_two(30, 10, 20, 40), "hostile", "assertive")
    # Each exchange copied four times within its own briefing: four times the exchanges, no more
    # information. A test counting exchanges would halve the interval; clustering keeps it.
    copies = _two_by_two(30, 10, 20, 40).loc[lambda f: f.index.repeat(4)].reset_index(drop=True)
    repeated = clustered_odds_ratio(copies, "hostile", "assertive")
    assert repeated["odds_ratio"] == pytest.approx(6.0)
    width = math.log(single["ci_high"] / single["ci_low"])
    assert math.log(repeated["ci_high"] / repeated["ci_low"]) == pytest.approx(width, rel=0.02)


def test_empty_cells_and_single_clusters_give_no_interval():
    zero = clustered_odds_ratio(_two_by_two(5, 0, 2, 3), "hostile", "assertive")
    assert zero["odds_ratio"] == math.inf and math.isnan(zero["ci_low"])
    assert "empty" in zero["note"]
    one = clustered_odds_ratio(_two_by_two(2, 1, 1, 2, per_cluster=6), "hostile", "assertive")
    assert one["n_clusters"] == 1 and one["odds_ratio"] == pytest.approx(4.0) and "one cluster" in one["note"]
    none = clustered_odds_ratio(_two_by_two(0, 0, 0, 0), "hostile", "assertive")
    assert none["n"] == 0 and none["note"] == "no units"


def test_wilson_clustered_matches_the_cluster_robust_variance_of_statsmodels():
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(3)
    sizes = rng.integers(1, 12, size=40)
    doc = np.repeat(np.arange(40), sizes)
    y = rng.random(len(doc)) < np.repeat(rng.uniform(0.05, 0.6, size=40), sizes)
    m = np.bincount(doc).astype(float)
    s = np.bincount(doc, weights=y).astype(float)
    rate, lo, hi, deff = wilson_clustered(m, s)
    fit = sm.OLS(y.astype(float), np.ones(len(y))).fit(cov_type="cluster", cov_kwds={"groups": doc})
    assert rate == pytest.approx(y.mean())
    assert deff == pytest.approx(max(1.0, fit.bse[0] ** 2 / (rate * (1 - rate) / len(y))))
    assert lo < rate < hi
    # the interval is the Wilson interval at the effective size
    n_eff, z = len(y) / deff, 1.959963984540054
    centre = (rate + z**2 / (2 * n_eff)) / (1 + z**2 / n_eff)
    assert (lo + hi) / 2 == pytest.approx(centre)


def test_wilson_clustered_edge_cases():
    assert all(math.isnan(v) for v in wilson_clustered(np.array([]), np.array([])))
    rate, lo, hi, deff = wilson_clustered(np.array([3]), np.array([1]))
    assert rate == pytest.approx(1 / 3) and math.isnan(lo) and math.isnan(deff)
    rate, lo, hi, deff = wilson_clustered(np.array([5, 5]), np.array([0, 0]))
    assert (rate, lo, deff) == (0.0, 0.0, 1.0) and 0 < hi < 0.35


def test_clustered_rates_by_group():
    frame = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c", "d"],
                          "who": ["x", "x", "x", None, None, "y"],
                          "urge": [True, False, True, False, False, True],
                          "warn": [False, False, True, False, True, False]})
    out = clustered_rates(frame, ["urge", "warn"], by="who", min_clusters=2)
    assert list(out.columns) == ["who", *RATE_COLUMNS]
    assert out["who"].fillna("(none)").tolist() == ["x", "x", "y", "y", "(none)", "(none)"]
    assert out[["outcome", "n", "n_clusters", "n_with"]].values.tolist() == [
        ["urge", 3, 2, 2], ["warn", 3, 2, 1], ["urge", 1, 1, 1], ["warn", 1, 1, 0],
        ["urge", 2, 1, 0], ["warn", 2, 1, 1]]
    assert out["too_few_clusters"].tolist() == [False, False, True, True, True, True]
    overall = clustered_rates(frame, "urge")
    assert overall[["n", "n_with"]].values.tolist() == [[6, 3]]


def test_clustered_argument_errors():
    frame = _two_by_two(1, 1, 1, 1)
    with pytest.raises(ValueError, match="ci=1.5"):
        clustered_rates(frame, "assertive", ci=1.5)
    with pytest.raises(ValueError, match="ci=True"):
        clustered_odds_ratio(frame, "hostile", "assertive", ci=True)
    with pytest.raises(ValueError, match="'doc_id' must be a boolean column"):
        clustered_odds_ratio(frame, "doc_id", "assertive")
    with pytest.raises(KeyError, match="missing columns"):
        clustered_rates(frame, "warning")
    with pytest.raises(ValueError, match="min_clusters=0"):
        clustered_rates(frame, "assertive", min_clusters=0)
