"""The 2x2 statistics under every comparison, checked against scipy's own tests."""

import numpy as np
import pytest
from scipy import stats

from milrel_analysis._stats import (
    adjust_pvalues,
    chi2_2x2,
    chi2_sf_1df,
    fisher_2x2,
    g2_2x2,
    normal_sf_two_sided,
    significance_label,
    williams_q,
)

# term counts a, b on two sides whose totals are c, d
A = np.array([40.0, 3.0, 0.0, 250.0, 7.0])
B = np.array([20.0, 0.0, 12.0, 240.0, 7.0])
C, D = 10_000.0, 20_000.0


def tables():
    return [np.array([[a, b], [C - a, D - b]]) for a, b in zip(A, B, strict=True)]


def test_g2_and_chi2_match_scipy_contingency():
    for i, table in enumerate(tables()):
        g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        chi2 = stats.chi2_contingency(table, correction=False)[0]
        yates = stats.chi2_contingency(table, correction=True)[0]
        assert g2_2x2(A, B, C, D)[i] == pytest.approx(g2, rel=1e-9, abs=1e-9)
        assert chi2_2x2(A, B, C, D)[i] == pytest.approx(chi2, rel=1e-9, abs=1e-9)
        assert chi2_2x2(A, B, C, D, yates=True)[i] == pytest.approx(yates, rel=1e-9, abs=1e-9)


def test_tail_probabilities_match_scipy():
    x = np.array([0.0, 0.5, 3.841459, 10.83, 40.0])
    np.testing.assert_allclose(chi2_sf_1df(x), stats.chi2.sf(x, 1), rtol=1e-10)
    z = np.array([-3.0, -1.96, 0.0, 1.0, 2.58])
    np.testing.assert_allclose(normal_sf_two_sided(z), 2 * stats.norm.sf(np.abs(z)), rtol=1e-10)
    assert chi2_sf_1df(np.array([-1.0]))[0] == 1.0  # a rounding error below 0 is 0


def test_williams_divisor_pulls_g2_towards_chi2_and_is_one_for_an_empty_row():
    q = williams_q(A, B, C, D)
    assert (q[B + A > 0] > 1).all()
    assert williams_q(np.array([0.0]), np.array([0.0]), C, D)[0] == 1.0
    n, r1 = C + D, A[0] + B[0]
    r2 = n - r1
    assert q[0] == pytest.approx(1 + (n / r1 + n / r2 - 1) * (n / C + n / D - 1) / (6 * n))


def test_fisher_matches_scipy_and_tests_each_pair_once(monkeypatch):
    a, b = np.array([3, 1, 3, 0]), np.array([1, 3, 1, 4])
    expected = [stats.fisher_exact([[x, y], [4 - x, 4 - y]]).pvalue for x, y in zip(a, b, strict=True)]
    calls = []
    real = stats.fisher_exact
    monkeypatch.setattr(stats, "fisher_exact", lambda t: calls.append(1) or real(t))
    np.testing.assert_allclose(fisher_2x2(a, b, 4, 4), expected)
    assert len(calls) == 3  # (3, 1) twice is tested once
    assert fisher_2x2(np.array([], dtype=int), np.array([], dtype=int), 4, 4).shape == (0,)


def test_adjustment_matches_scipy_and_keeps_nan():
    p = np.array([0.001, 0.04, np.nan, 0.03, 0.9])
    bh = adjust_pvalues(p, "bh")
    np.testing.assert_allclose(bh[~np.isnan(p)], stats.false_discovery_control(p[~np.isnan(p)]))
    assert np.isnan(bh[2])
    np.testing.assert_allclose(adjust_pvalues(p, "bonferroni")[[0, 1, 4]], [0.004, 0.16, 1.0])
    np.testing.assert_array_equal(adjust_pvalues(p, None), p)
    assert np.isnan(adjust_pvalues(np.array([np.nan]))).all()
    with pytest.raises(ValueError, match="adjust='holm'"):
        adjust_pvalues(p, "holm")


def test_labels_name_the_adjustment_and_threshold():
    assert significance_label("bonferroni", 0.01) == "significant after Bonferroni, p < 0.01"
    assert "not adjusted" in significance_label(None, 0.1)
