"""Statistics shared by keyness, collocations and document-level inference.

Two-by-two tables (G², Pearson's χ², Williams's correction, Fisher's exact test), the
survival functions their p values come from, and the adjustment of many p values for
multiple testing (Benjamini–Hochberg through :func:`scipy.stats.false_discovery_control`,
Bonferroni by hand). Array in, array out: no pandas, no corpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TypeAlias

import numpy as np

from ._types import ADJUSTMENTS, Adjust
from ._validation import check_option

MIN_DOCS = 5  # a group with fewer documents is described, not compared statistically

__all__ = [
    "ADJUST_NAMES",
    "MIN_DOCS",
    "adjust_pvalues",
    "chi2_2x2",
    "chi2_sf_1df",
    "fisher_2x2",
    "g2_2x2",
    "normal_sf_two_sided",
    "significance_label",
    "williams_q",
]

ArrayLike: TypeAlias = np.ndarray | float
ADJUST_NAMES = {"bh": "Benjamini\u2013Hochberg", "bonferroni": "Bonferroni"}


def chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """Survival function of χ² with one degree of freedom, erfc(√(x / 2)).

    Examples
    --------
    >>> float(chi2_sf_1df(np.array([3.841459]))[0].round(6))
    0.05
    """
    from scipy import special  # imported on first use: scipy's modules take a second to import

    return special.erfc(np.sqrt(np.maximum(np.asarray(x, dtype=float), 0) / 2))


def normal_sf_two_sided(z: np.ndarray) -> np.ndarray:
    """Two-sided p value of a standard normal z-score.

    Examples
    --------
    >>> float(normal_sf_two_sided(np.array([1.959964]))[0].round(6))
    0.05
    """
    from scipy import special

    return special.erfc(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2))


def _cells(a: np.ndarray, b: np.ndarray, c: ArrayLike, d: ArrayLike
           ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(observed, expected) of the four cells of [[a, b], [c - a, d - b]]."""
    n = c + d
    row1, row2 = a + b, (c - a) + (d - b)
    yield a, row1 * c / n
    yield b, row1 * d / n
    yield c - a, row2 * c / n
    yield d - b, row2 * d / n


def g2_2x2(a: np.ndarray, b: np.ndarray, c: ArrayLike, d: ArrayLike) -> np.ndarray:
    """Dunning's G² = 2 Σ O ln(O / E) of [[a, b], [c − a, d − b]], with 0 ln 0 = 0.

    `a`, `b` are a term's counts on two sides whose totals are `c`, `d` (unsigned).

    Examples
    --------
    >>> float(g2_2x2(np.array([40.0]), np.array([20.0]), 10_000.0, 20_000.0)[0].round(6))
    27.786028
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    total = np.zeros(a.shape)
    for observed, expected in _cells(a, b, np.asarray(c, dtype=float), np.asarray(d, dtype=float)):
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * total


def chi2_2x2(a: np.ndarray, b: np.ndarray, c: ArrayLike, d: ArrayLike, *,
             yates: bool = False) -> np.ndarray:
    """Pearson's χ² = Σ (O − E)² / E of the same table; Σ (|O − E| − ½)² / E with `yates`."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    total = np.zeros(a.shape)
    for observed, expected in _cells(a, b, np.asarray(c, dtype=float), np.asarray(d, dtype=float)):
        diff = np.abs(observed - expected)
        if yates:
            diff = np.maximum(diff - 0.5, 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(expected > 0, diff**2 / expected, 0.0)
    return total


def williams_q(a: np.ndarray, b: np.ndarray, c: ArrayLike, d: ArrayLike) -> np.ndarray:
    """Williams's (1976) divisor for G² of a 2×2 table: G² / q is nearer to χ²(1).

    With N = c + d, rows r₁ = a + b, r₂ = N − r₁ and columns c, d:
    q = 1 + (N/r₁ + N/r₂ − 1)(N/c + N/d − 1) / (6N). Where a row is empty (G² is 0) q = 1.

    Examples
    --------
    >>> float(williams_q(np.array([10.0]), np.array([5.0]), 100.0, 200.0)[0].round(6))
    1.038991
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    c_arr, d_arr = np.asarray(c, dtype=float), np.asarray(d, dtype=float)
    n = c_arr + d_arr
    r1 = a + b
    r2 = n - r1
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / r1 + n / r2 - 1) * (n / c_arr + n / d_arr - 1) / (6 * n)
    return np.where((r1 > 0) & (r2 > 0), q, 1.0)


def fisher_2x2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Two-sided p of Fisher's exact test on [[a, b], [c − a, d − b]] for each (a, b).

    Each distinct pair is tested once with :func:`scipy.stats.fisher_exact` (a keyness table
    repeats small pairs such as (1, 0) thousands of times).

    Examples
    --------
    >>> float(fisher_2x2(np.array([3]), np.array([1]), 4, 4)[0].round(6))  # the lady tasting tea
    0.485714
    """
    from scipy import stats

    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    pairs, inverse = np.unique(np.column_stack([a, b]), axis=0, return_inverse=True)
    c_int, d_int = int(round(c)), int(round(d))
    p = np.array([float(stats.fisher_exact(np.array([[x, y], [c_int - x, d_int - y]])).pvalue)
                  for x, y in pairs.tolist()])
    return p[inverse.ravel()] if len(pairs) else np.zeros(0)


def adjust_pvalues(p: np.ndarray, method: Adjust | None = "bh") -> np.ndarray:
    """P values adjusted for the number of tests; NaN stays NaN and is not counted.

    ``"bh"``: Benjamini–Hochberg (false discovery rate), with
    :func:`scipy.stats.false_discovery_control`; ``"bonferroni"``: min(1, m p) for m tests;
    ``None``: the p values unchanged.

    Examples
    --------
    >>> adjust_pvalues(np.array([0.01, 0.02, 0.03, 0.5])).round(3).tolist()
    [0.04, 0.04, 0.04, 0.5]
    >>> adjust_pvalues(np.array([0.01, np.nan, 0.4]), "bonferroni").tolist()
    [0.02, nan, 0.8]
    """
    if method is not None:
        check_option("adjust", method, ADJUSTMENTS)
    p = np.asarray(p, dtype=float)
    out = p.copy()
    ok = ~np.isnan(p)
    if method is None or not ok.any():
        return out
    if method == "bh":
        from scipy import stats

        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    else:
        out[ok] = np.minimum(1.0, p[ok] * ok.sum())
    return out


def significance_label(method: Adjust | None, alpha: float) -> str:
    """The words a legend or a note uses for "significant" under `method`.

    Examples
    --------
    >>> significance_label("bh", 0.05)
    'significant after Benjamini–Hochberg, q < 0.05'
    >>> significance_label(None, 0.05)
    'p < 0.05, not adjusted for multiple tests'
    """
    if method is None:
        return f"p < {alpha:g}, not adjusted for multiple tests"
    letter = "q" if method == "bh" else "p"
    return f"significant after {ADJUST_NAMES[method]}, {letter} < {alpha:g}"
