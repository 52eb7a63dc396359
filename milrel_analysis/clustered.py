"""Shares and odds ratios of units that come in clusters (exchanges in briefings).

The exchanges of one briefing share a spokesperson, a day's news and often a topic, so they
are not independent: a briefing that answers ten questions on one row counts as more than
one piece of evidence only as far as briefings differ. Both functions here take the cluster
into account: :func:`clustered_rates` (a share with a design-effect-corrected Wilson
interval) and :func:`clustered_odds_ratio` (a logistic regression with cluster-robust
standard errors, :mod:`statsmodels`). Tidy table in, tidy table (or record) out; no corpus.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._stats import MIN_DOCS
from ._validation import as_list, check_count, require_columns
from .errors import ArgumentValueError

__all__ = ["ODDS_FIELDS", "RATE_COLUMNS", "clustered_odds_ratio", "clustered_rates", "wilson_clustered"]

RATE_COLUMNS = ["outcome", "n", "n_clusters", "n_with", "rate", "ci_low", "ci_high", "design_effect",
                "too_few_clusters"]
ODDS_FIELDS = ["n", "n_clusters", "condition_outcome", "condition_only", "outcome_only", "neither",
               "rate_given_condition", "rate_otherwise", "odds_ratio", "ci_low", "ci_high", "p_value",
               "note"]


def _check_ci(ci: float) -> None:
    if isinstance(ci, bool) or not (isinstance(ci, float | int) and 0 < ci < 1):
        raise ArgumentValueError(f"ci={ci!r}: give a level between 0 and 1, such as 0.95")


def _z(ci: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(1 - (1 - ci) / 2))


def wilson_clustered(units: np.ndarray, successes: np.ndarray, *, ci: float = 0.95
                     ) -> tuple[float, float, float, float]:
    """Share, interval and design effect of successes counted in clusters.

    `units` holds each cluster's units (exchanges of a briefing), `successes` how many of
    them succeed. The share p = Σs / Σm has the cluster-robust (ratio-estimator) variance
    V = G/(G-1) · Σ(s − p·m)² / (Σm)² over G clusters; the design effect (Kish) is V over
    the binomial variance p(1 − p)/Σm, never below 1; the Wilson score interval is taken at
    the effective size Σm / design effect. With p = 0 or 1 the variance says nothing about
    clustering and the design effect is 1; with one cluster there is no interval.

    Returns
    -------
    tuple of float
        ``(rate, ci_low, ci_high, design_effect)``; NaN where undefined.

    Examples
    --------
    >>> rate, lo, hi, deff = wilson_clustered(np.array([2, 2, 2, 2]), np.array([2, 2, 0, 0]))
    >>> rate, round(deff, 3), round(lo, 3), round(hi, 3)
    (0.5, 2.667, 0.125, 0.875)
    """
    _check_ci(ci)
    m = np.asarray(units, dtype=float)
    s = np.asarray(successes, dtype=float)
    n, g = float(m.sum()), len(m)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan
    p = float(s.sum()) / n
    if g < 2:
        return p, math.nan, math.nan, math.nan
    deff = 1.0
    if 0 < p < 1:
        variance = g / (g - 1) * float(((s - p * m) ** 2).sum()) / n**2
        deff = max(1.0, variance / (p * (1 - p) / n))
    z = _z(ci)
    n_eff = n / deff
    centre = (p + z**2 / (2 * n_eff)) / (1 + z**2 / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z**2 / (4 * n_eff**2)) / (1 + z**2 / n_eff)
    return p, max(0.0, centre - half), min(1.0, centre + half), deff


def clustered_rates(
    frame: pd.DataFrame,
    outcomes: str | Sequence[str],
    *,
    by: str | Sequence[str] = (),
    cluster: str = "doc_id",
    ci: float = 0.95,
    min_clusters: int = MIN_DOCS,
) -> pd.DataFrame:
    """The share of units with each outcome, per group, with intervals clustered by `cluster`.

    Parameters
    ----------
    frame : DataFrame
        One row per unit, with the boolean `outcomes`, the `by` columns and `cluster`.
    outcomes : str or sequence of str
        Boolean columns.
    by : str or sequence of str, default=()
        Grouping columns (missing values form a group of their own, sorted last).
    cluster : str, default="doc_id"
    ci : float, default=0.95
    min_clusters : int, default=5
        A group with fewer clusters is flagged ``too_few_clusters``.

    Returns
    -------
    DataFrame
        ``[*by], outcome, n, n_clusters, n_with, rate, ci_low, ci_high, design_effect,
        too_few_clusters`` (see :func:`wilson_clustered`), groups in order, outcomes in the
        order given.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "yes": [True, True, False, False]})
    >>> clustered_rates(f, "yes")[["n", "n_clusters", "rate", "design_effect"]].values.tolist()
    [[4.0, 2.0, 0.5, 4.0]]
    """
    outcome_list, by_list = as_list(outcomes), as_list(by)
    require_columns(frame, [cluster, *outcome_list, *by_list], name="frame")
    check_count("min_clusters", min_clusters, minimum=1)
    _check_ci(ci)
    rows: list[tuple[Any, ...]] = []
    groups = frame.groupby(by_list, dropna=False, sort=True) if by_list else [((), frame)]
    for keys, group in groups:
        per_cluster = group.groupby(cluster, sort=True)
        m = per_cluster.size().to_numpy(dtype=float)
        for outcome in outcome_list:
            s = per_cluster[outcome].sum().to_numpy(dtype=float)
            rate, lo, hi, deff = wilson_clustered(m, s, ci=ci)
            key = keys if isinstance(keys, tuple) else (keys,)
            rows.append((*key, outcome, int(m.sum()), len(m), int(s.sum()), rate, lo, hi, deff,
                         len(m) < min_clusters))
    out = pd.DataFrame(rows, columns=[*by_list, *RATE_COLUMNS])
    out = out.astype({"n": "int64", "n_clusters": "int64", "n_with": "int64", "too_few_clusters": bool})
    out["_order"] = out["outcome"].map({o: i for i, o in enumerate(outcome_list)})
    out = out.sort_values([*by_list, "_order"], kind="stable", na_position="last", ignore_index=True)
    return out.drop(columns="_order")


def clustered_odds_ratio(
    frame: pd.DataFrame,
    condition: str,
    outcome: str,
    *,
    cluster: str = "doc_id",
    ci: float = 0.95,
) -> dict[str, Any]:
    """The 2x2 table of two boolean columns and its odds ratio, clustered by `cluster`.

    The odds ratio is that of a logistic regression of `outcome` on `condition` (with one
    binary predictor it equals the table's cross-product ratio ad/bc); its interval and p
    value use cluster-robust standard errors (statsmodels' CRV1, with the small-sample
    factor G/(G−1)·(N−1)/(N−2)) and Student's t with G − 1 degrees of freedom, G the number
    of clusters. An empty cell gives an odds ratio of 0 or infinity with no interval; so
    does a single cluster. `note` says why.

    Returns
    -------
    dict
        ``n, n_clusters, condition_outcome, condition_only, outcome_only, neither,
        rate_given_condition, rate_otherwise, odds_ratio, ci_low, ci_high, p_value, note``.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": range(100), "hostile": [True] * 40 + [False] * 60,
    ...                   "assertive": [True] * 30 + [False] * 10 + [True] * 20 + [False] * 40})
    >>> r = clustered_odds_ratio(f, "hostile", "assertive")
    >>> r["condition_outcome"], r["neither"], round(r["odds_ratio"], 6)
    (30, 40, 6.0)
    """
    require_columns(frame, [cluster, condition, outcome], name="frame")
    _check_ci(ci)
    for col in (condition, outcome):
        if len(frame) and not pd.api.types.is_bool_dtype(frame[col]):
            raise ArgumentValueError(f"{col!r} must be a boolean column, not {frame[col].dtype}")
    x = frame[condition].to_numpy(dtype=bool)
    y = frame[outcome].to_numpy(dtype=bool)
    a, b = int((x & y).sum()), int((x & ~y).sum())
    c, d = int((~x & y).sum()), int((~x & ~y).sum())
    g = int(frame[cluster].nunique())
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = float(np.divide(a * d, b * c)) if b * c else (math.inf if a * d else math.nan)
    out: dict[str, Any] = {
        "n": a + b + c + d, "n_clusters": g, "condition_outcome": a, "condition_only": b,
        "outcome_only": c, "neither": d,
        "rate_given_condition": a / (a + b) if a + b else math.nan,
        "rate_otherwise": c / (c + d) if c + d else math.nan,
        "odds_ratio": odds, "ci_low": math.nan, "ci_high": math.nan, "p_value": math.nan, "note": "",
    }
    if not len(frame):
        out["note"] = "no units"
    elif min(a, b, c, d) == 0:
        out["note"] = "a cell of the 2x2 table is empty: no finite odds ratio or interval"
    elif g < 2:
        out["note"] = "one cluster: no interval"
    else:
        out.update(_logit(x, y, frame[cluster], ci))
    return out


def _logit(x: np.ndarray, y: np.ndarray, clusters: pd.Series, ci: float) -> dict[str, Any]:
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    design = np.column_stack([np.ones(len(x)), x.astype(float)])
    groups = pd.factorize(clusters, sort=True)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        try:
            fit = sm.GLM(y.astype(float), design, family=sm.families.Binomial()).fit(
                cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        except (ConvergenceWarning, ValueError, np.linalg.LinAlgError) as err:
            return {"note": f"the model did not converge ({type(err).__name__})"}
    lo, hi = fit.conf_int(alpha=1 - ci)[1]
    return {"odds_ratio": float(np.exp(fit.params[1])), "ci_low": float(np.exp(lo)),
            "ci_high": float(np.exp(hi)), "p_value": float(fit.pvalues[1])}
