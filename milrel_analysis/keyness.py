"""Keyness: which terms one side of a comparison over-uses against another, and how surely.

The statistics are defined in :func:`keyness`'s docstring because tools disagree on them
(AntConc, quanteda, Scattertext and NLTK differ in corrections, signs and priors).
:func:`~milrel_analysis.compare.compare_counterparts` counts the two sides from a corpus.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._stats import (
    adjust_pvalues,
    chi2_2x2,
    chi2_sf_1df,
    fisher_2x2,
    g2_2x2,
    normal_sf_two_sided,
    williams_q,
)
from ._types import (
    ADJUSTMENTS,
    CORRECTIONS,
    MEASURES,
    VARIANCES,
    Adjust,
    Correction,
    Measure,
    Variance,
)
from ._validation import check_option
from .errors import ArgumentTypeError, ArgumentValueError

__all__ = ["KEYNESS_COLUMNS", "as_counts", "keyness"]

KEYNESS_COLUMNS = ["term", "target_count", "reference_count", "target_rate", "reference_rate",
                   "statistic", "p_value", "p_adjusted", "significant", "log_ratio"]


def as_counts(counts: pd.Series | Mapping[str, int] | pd.DataFrame, name: str = "counts") -> pd.Series:
    """A term -> count Series (float, one row per term) from a Series, mapping or term table.

    `name` is the argument's name in error messages.

    Examples
    --------
    >>> as_counts({"win-win": 2, "talks": 1}).to_dict()
    {'talks': 1.0, 'win-win': 2.0}
    >>> as_counts(pd.DataFrame({"term": ["a", "a"], "count": [1, 2]})).to_dict()
    {'a': 3.0}
    """
    if isinstance(counts, pd.DataFrame):
        if {"term", "count"} <= set(counts.columns):
            counts = counts.groupby("term", sort=False)["count"].sum()
        else:
            raise ArgumentTypeError(f"{name}: give a term -> count Series or mapping, or a table with "
                            f"'term' and 'count' columns; got columns {list(counts.columns)}")
    series = pd.Series(counts, dtype="float64") if not isinstance(counts, pd.Series) else counts
    series = series.astype("float64")
    if (series < 0).any():
        raise ArgumentValueError(f"{name} has negative counts")
    return series.groupby(level=0).sum()


def keyness(
    target: pd.Series | Mapping[str, int],
    reference: pd.Series | Mapping[str, int],
    *,
    measure: Measure = "g2",
    target_total: float | None = None,
    reference_total: float | None = None,
    correction: Correction = "none",
    yates: bool = False,
    alpha0: float = 1000.0,
    variance: Variance = "monroe",
    background: pd.Series | Mapping[str, int] | None = None,
    min_count: int = 1,
    adjust: Adjust | None = "bh",
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Keyness of every term in `target` against `reference`, adjusted for multiple tests.

    With a and b the term's counts in target and reference, c and d their totals
    (`target_total`/`reference_total`, by default the sums of the counts) and N = c + d,
    each measure is:

    ``g2``
        Dunning's log-likelihood on the full 2×2 table [[a, b], [c − a, d − b]]:
        G² = 2 Σ O ln(O / E), with E from the margins and 0 ln 0 = 0 (what AntConc,
        quanteda's ``measure = "lr"`` with ``correction = "none"``, ``scipy.stats``'s
        ``power_divergence(lambda_="log-likelihood")`` and NLTK compute). Signed: positive
        where the term is relatively more frequent in the target. p from χ² with 1 d.f.
        With ``correction="williams"``: G² / q, Williams's (1976) q = 1 + (N/r₁ + N/r₂ − 1)
        (N/c + N/d − 1) / (6N) for rows r₁ = a + b, r₂ = N − r₁ (quanteda's formula;
        quanteda skips it when a cell is 0, this applies it wherever both rows are used).
    ``chi2``
        Pearson's χ² on the same table, Σ (O − E)² / E; ``correction="yates"`` (or
        ``yates=True``) gives Σ (|O − E| − ½)² / E and ``"williams"`` χ² / q. Signed.
    ``fisher``
        Fisher's exact test of the same table, two-sided, as
        :func:`scipy.stats.fisher_exact`. The statistic is the signed −log₁₀ p (the
        evidence, in decimal digits; positive: over-used in the target); p is the exact p.
    ``log_ratio``
        Hardie's Log Ratio, log₂((a / c) / (b / d)), with a zero count replaced by 0.5. It
        is an effect size and is reported beside every measure; as the `statistic` its p
        value is G²'s.
    ``pmi``
        Pointwise mutual information of the term and the target side,
        log₂(P(term, target) / (P(term) P(target))) with the maximum-likelihood estimates
        P(term, target) = a / N, P(term) = (a + b) / N, P(target) = c / N, i.e.
        log₂(a N / ((a + b) c)); a = 0 is replaced by 0.5 (as for ``log_ratio``). quanteda's
        ``pmi`` is the same in natural logarithms. An association score: its p value is G²'s.
    ``log_odds``
        Monroe, Colaresi & Quinn (2008): the log-odds ratio with an informative Dirichlet
        prior, α_w = alpha0 × (background share of w), background = target + reference
        pooled unless `background` is given:
        δ = ln((a + α_w) / (c + α₀ − a − α_w)) − ln((b + α_w) / (d + α₀ − b − α_w)); the
        statistic is the z-score δ / σ (two-sided normal p), with ``variance="monroe"``
        σ² ≈ 1 / (a + α_w) + 1 / (b + α_w) (their approximation) or ``"scattertext"``
        σ² = 1 / (a + α_w) + 1 / (c + α₀ − a − α_w) + 1 / (b + α_w) + 1 / (d + α₀ − b − α_w)
        (Scattertext's four terms).

    Every term is a test, so a table of 10,000 terms holds about 500 with p < 0.05 by chance
    alone: `p_adjusted` corrects for that (Benjamini–Hochberg by default, which controls the
    expected share of false discoveries among the terms called significant) and
    `significant` is ``p_adjusted < alpha``.

    Parameters
    ----------
    target, reference : Series or mapping of term -> count
        Also accepted: a :func:`~milrel_analysis.term_frequency` table (``term``, ``count``).
    measure : {"g2", "chi2", "fisher", "log_ratio", "pmi", "log_odds"}, default="g2"
    target_total, reference_total : float, optional
        Corpus sizes when the counts do not sum to them (stopwords removed, phrases only).
    correction : {"none", "williams", "yates"}, default="none"
        ``williams`` for ``g2`` and ``chi2`` (and the G²-based p of ``log_ratio``, ``pmi``);
        ``yates`` for ``chi2``.
    yates : bool, default=False
        The former spelling of ``correction="yates"``.
    alpha0 : float, default=1000
        Prior mass for ``log_odds``.
    variance : {"monroe", "scattertext"}, default="monroe"
        The variance of δ for ``log_odds``.
    background : Series or mapping, optional
        Background counts for the ``log_odds`` prior.
    min_count : int, default=1
        Keep terms with a + b at least this (only these are tested and adjusted).
    adjust : {"bh", "bonferroni", None}, default="bh"
        Multiple-testing adjustment over the terms of the table.
    alpha : float, default=0.05
        The level for `significant` (a false discovery rate for ``"bh"``).

    Returns
    -------
    DataFrame
        ``term, target_count, reference_count, target_rate, reference_rate, statistic,
        p_value, p_adjusted, significant, log_ratio``; rates are per 10,000 tokens; sorted
        by statistic (descending), then term. ``attrs`` holds ``measure``, ``adjust``,
        ``alpha``, ``correction`` and ``n_tests``.

    Raises
    ------
    ValueError
        For an unknown option, a correction the measure does not take, or counts that do
        not fit their totals.

    Examples
    --------
    >>> t = keyness({"win-win": 40, "other": 9960}, {"win-win": 20, "other": 19980})
    >>> row = t.set_index("term").loc["win-win"]
    >>> round(float(row.statistic), 6), float(f"{row.p_value:.4g}"), round(float(row.log_ratio), 6)
    (27.786028, 1.355e-07, 2.0)
    >>> bool(row.significant), float(f"{row.p_adjusted:.4g}")  # two tests, BH
    (True, 1.355e-07)
    """
    check_option("measure", measure, MEASURES)
    check_option("correction", correction, CORRECTIONS)
    check_option("variance", variance, VARIANCES)
    if adjust is not None:
        check_option("adjust", adjust, ADJUSTMENTS)
    if not 0 < alpha < 1:
        raise ArgumentValueError(f"alpha={alpha!r}: give a level between 0 and 1, such as 0.05")
    if yates:
        correction = "yates"
    allowed = {"williams": ("g2", "chi2", "log_ratio", "pmi"), "yates": ("chi2",)}
    if correction != "none" and measure not in allowed[correction]:
        raise ArgumentValueError(f"correction={correction!r} does not apply to measure={measure!r}; "
                                 f"it applies to {list(allowed[correction])}")
    tgt = as_counts(target, "target")
    ref = as_counts(reference, "reference")
    c = float(target_total if target_total is not None else tgt.sum())
    d = float(reference_total if reference_total is not None else ref.sum())
    if c <= 0 or d <= 0:
        raise ArgumentValueError(f"both sides need tokens: target total {c:g}, reference total {d:g}")
    terms = tgt.index.union(ref.index)
    a = tgt.reindex(terms, fill_value=0).to_numpy()
    b = ref.reindex(terms, fill_value=0).to_numpy()
    keep = (a + b) >= max(min_count, 1)
    terms, a, b = terms[keep], a[keep], b[keep]
    if (a > c).any() or (b > d).any():
        raise ArgumentValueError(
            "a term's count exceeds its side's total; check target_total/reference_total")

    sign = np.sign(a / c - b / d)
    g2 = g2_2x2(a, b, c, d)
    if correction == "williams":
        g2 = g2 / williams_q(a, b, c, d)
    a0 = np.where(a == 0, 0.5, a)
    b0 = np.where(b == 0, 0.5, b)
    log_ratio = np.log2((a0 / c) / (b0 / d))
    if measure == "g2":
        statistic, p = sign * g2, chi2_sf_1df(g2)
    elif measure == "chi2":
        chi2 = chi2_2x2(a, b, c, d, yates=correction == "yates")
        if correction == "williams":
            chi2 = chi2 / williams_q(a, b, c, d)
        statistic, p = sign * chi2, chi2_sf_1df(chi2)
    elif measure == "fisher":
        p = fisher_2x2(a, b, c, d)
        statistic = sign * -np.log10(np.maximum(p, np.finfo(float).tiny))
    elif measure == "log_ratio":
        statistic, p = log_ratio, chi2_sf_1df(g2)
    elif measure == "pmi":
        statistic, p = np.log2(a0 * (c + d) / ((a + b) * c)), chi2_sf_1df(g2)
    else:
        statistic = _log_odds_z(a, b, c, d, terms, alpha0, variance, background)
        p = normal_sf_two_sided(statistic)
    p_adjusted = adjust_pvalues(p, adjust)
    out = pd.DataFrame({
        "term": terms.astype(object),
        "target_count": a.astype("int64"),
        "reference_count": b.astype("int64"),
        "target_rate": a * 1e4 / c,
        "reference_rate": b * 1e4 / d,
        "statistic": statistic,
        "p_value": p,
        "p_adjusted": p_adjusted,
        "significant": p_adjusted < alpha,
        "log_ratio": log_ratio,
    })
    out = out[KEYNESS_COLUMNS].sort_values(["statistic", "term"], ascending=[False, True],
                                           ignore_index=True)
    out.attrs.update({"measure": measure, "adjust": adjust, "alpha": alpha,
                      "correction": correction, "n_tests": len(out)})
    return out


def _log_odds_z(a: np.ndarray, b: np.ndarray, c: float, d: float, terms: pd.Index, alpha0: float,
                variance: str, background: pd.Series | Mapping[str, int] | None) -> np.ndarray:
    if background is None:
        bg_share = (a + b) / (c + d)
    else:
        bg = as_counts(background, "background")
        bg_share = bg.reindex(terms, fill_value=0).to_numpy() / bg.sum()
        if (bg_share == 0).any():
            missing = list(terms[bg_share == 0][:5])
            raise ArgumentValueError(f"background lacks terms of the comparison, e.g. {missing}")
    alpha_w = alpha0 * bg_share
    rest_t, rest_r = c + alpha0 - a - alpha_w, d + alpha0 - b - alpha_w
    delta = np.log((a + alpha_w) / rest_t) - np.log((b + alpha_w) / rest_r)
    var = 1 / (a + alpha_w) + 1 / (b + alpha_w)
    if variance == "scattertext":
        var = var + 1 / rest_t + 1 / rest_r
    return delta / np.sqrt(var)


# --------------------------------------------------------------------------- counterparts
