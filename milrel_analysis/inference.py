"""Differences and trends with documents as the unit, not tokens.

A token-level test (G² on pooled counts) treats every occurrence as independent, so one
briefing that repeats a formula 24 times looks like 24 pieces of evidence. Here the
document is the unit: :func:`phrase_difference` permutes documents between two groups, and
:func:`phrase_trends` regresses each document's count on its year with the document's length
as exposure, over every year, with robust errors. :func:`year_coverage` says which years
are partial or thin, so that a trend is read with its data in view.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ._stats import MIN_DOCS, adjust_pvalues
from ._types import ADJUSTMENTS, Adjust, Translation, Voice
from ._validation import check_count, check_option
from .corpus.groups import group_segments
from .corpus.model import Corpus
from .errors import ArgumentValueError
from .lexicons import LexiconLike, load_lexicon, phrase_matcher, select_phrases
from .phrases import match_segments, phrase_counts

__all__ = [
    "DIFFERENCE_COLUMNS",
    "TREND_COLUMNS",
    "YEAR_COLUMNS",
    "phrase_difference",
    "phrase_trends",
    "year_coverage",
]

DIFFERENCE_COLUMNS = ["phrase_id", "label", "target_count", "reference_count", "target_docs",
                      "reference_docs", "target_rate", "reference_rate", "rate_difference",
                      "ci_low", "ci_high", "rate_ratio", "p_value", "p_adjusted"]
TREND_COLUMNS = ["phrase_id", "label", "n_docs", "change_per_year_pct", "ci_low", "ci_high",
                 "p_value", "p_adjusted", "first_year", "last_year"]
YEAR_COLUMNS = ["year", "n_docs", "n_tokens", "first_date", "last_date", "partial", "too_few_docs"]
PARTIAL_GAP_DAYS = 45
_CHUNK = 1000  # permutations or bootstrap draws computed at once


def _check_level(name: str, value: float) -> None:
    if not 0 < value < 1:
        raise ArgumentValueError(f"{name}={value!r}: give a level between 0 and 1, such as 0.95")


def _group_key(values: pd.Series) -> pd.Series:
    """Group values as strings ("2020", not "2020.0"), missing as None."""
    def key(v: object) -> str | None:
        if v is None or (not isinstance(v, str) and pd.isna(v)):  # type: ignore[call-overload]
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return values.astype(object).map(key)


def _ids(value: str | int | Iterable[str | int]) -> list[str]:
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value]


# --------------------------------------------------------------------------- difference


def phrase_difference(
    corpus: Corpus,
    target: str | int | Sequence[str | int],
    reference: str | int | Sequence[str | int] = "rest",
    *,
    lexicon: LexiconLike = None,
    phrases: Iterable[str] = (),
    by: str = "counterpart",
    n_perm: int = 9999,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    adjust: Adjust | None = "bh",
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Does a group use a phrase at a higher rate than another? Documents are the unit.

    Each document contributes its part on each side: its segments counted for the target
    (a counterpart it names, a year it falls in) and those counted for the reference. The
    rate of a side is its hits per 10,000 words (pooled over its documents); the effect
    is the difference of the two rates, with a percentile bootstrap interval (document
    parts resampled within each side).

    The p value comes from a permutation test with document parts as the unit. The
    statistic is S = O − E: the target's hits minus those expected at the pooled rate
    (E = pooled rate × the target's words). The side labels are shuffled `n_perm` times
    among parts of similar length (within tenths of the word counts, fewer strata below
    200 parts, one below 40), so that a side made of short parts, such as the paragraphs
    naming a counterpart, is compared with short parts and not with whole briefings; and
    p = (1 + #{|S*| ≥ |S|}) / (n_perm + 1), two-sided. A phrase that one briefing repeats
    24 times thus weighs as one document's use, not as 24 independent tokens.

    Parameters
    ----------
    corpus : Corpus
    target : str, int or list
        A group of `by` (``"USA"``, ``2020``) or several, pooled.
    reference : str, int or list, default="rest"
        ``"rest"``: every counted segment not in the target (as in
        :func:`~milrel_analysis.compare_counterparts`); or group ids. A segment naming both
        a target and a reference counterpart is counted on both sides.
    lexicon : optional
        The phrases: the packaged lexicon, a YAML file, or a list of strings (a single word
        is a phrase of one word), as :func:`~milrel_analysis.load_lexicon` takes.
    phrases : iterable of str, optional
        Phrase ids to test (default: every phrase of the lexicon).
    by : str, default="counterpart"
        ``counterpart`` or a document column such as ``year``.
    n_perm, n_boot : int
        Permutations and bootstrap draws.
    ci : float, default=0.95
    seed : int, default=0
        Seed of the random generator (same inputs, same output).
    adjust : {"bh", "bonferroni", None}, default="bh"
        Adjustment of the p values over the phrases tested.
    translation, voice
        As in :func:`~milrel_analysis.phrase_counts`.

    Returns
    -------
    DataFrame
        ``phrase_id, label, target_count, reference_count, target_docs, reference_docs,
        target_rate, reference_rate, rate_difference, ci_low, ci_high, rate_ratio, p_value,
        p_adjusted``: rates per 10,000 words, `target_docs`/`reference_docs` the documents
        (units) on each side, `rate_ratio` target over reference (inf when the reference
        never uses it). Sorted by p value, then phrase_id. ``attrs``: ``target``,
        ``reference``, ``n_perm``, ``method``.

    Raises
    ------
    ValueError
        For a target or reference not found, or a side without words.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({f"d{i}": ("The US side must stop. Stop it." if i % 2 else
    ...                                  "Russia and China cooperate.") for i in range(8)})
    >>> t = phrase_difference(c, "USA", lexicon=["stop"], n_perm=199, n_boot=99)
    >>> t[["phrase_id", "target_count", "reference_count", "target_docs"]].to_dict("records")
    [{'phrase_id': 'stop', 'target_count': 8, 'reference_count': 0, 'target_docs': 4}]
    >>> round(float(t.p_value.iloc[0]), 3)  # of C(8, 4) = 70 labellings, 2 are as extreme
    0.035
    """
    check_count("n_perm", n_perm, minimum=1)
    check_count("n_boot", n_boot, minimum=1)
    _check_level("ci", ci)
    if adjust is not None:
        check_option("adjust", adjust, ADJUSTMENTS)
    lex = select_phrases(load_lexicon(lexicon), phrases)
    frame = group_segments(corpus, by, translation=translation, voice=voice)
    key = _group_key(frame[by])
    targets = _ids(target)
    present = set(key.dropna())
    missing = [t for t in targets if t not in present]
    if missing:
        raise ArgumentValueError(
            f"target {missing} not found in {by!r}; groups present: {sorted(present)[:30]}")
    in_target = key.isin(targets).to_numpy()
    target_segs = frame.loc[in_target, ["doc_id", "seg_id"]].drop_duplicates()
    if isinstance(reference, str) and reference == "rest":
        everything = frame.drop_duplicates(["doc_id", "seg_id"])
        marker = everything.merge(target_segs, on=["doc_id", "seg_id"], how="left",
                                  indicator=True)["_merge"].eq("left_only").to_numpy()
        reference_segs, ref_label = everything.loc[marker, ["doc_id", "seg_id"]], "rest"
    else:
        refs = _ids(reference)
        missing = [r for r in refs if r not in present]
        if missing:
            raise ArgumentValueError(
                f"reference {missing} not found in {by!r}; groups present: {sorted(present)[:30]}")
        reference_segs = frame.loc[key.isin(refs).to_numpy(), ["doc_id", "seg_id"]].drop_duplicates()
        ref_label = "+".join(refs)

    segs = frame.drop_duplicates(["doc_id", "seg_id"])[["doc_id", "seg_id", "text", "n_tokens"]]
    hits = _segment_hits(segs, lex)
    units = pd.concat([target_segs.assign(side=True), reference_segs.assign(side=False)],
                      ignore_index=True).merge(segs[["doc_id", "seg_id", "n_tokens"]],
                                               on=["doc_id", "seg_id"])
    unit_tokens = units.groupby(["side", "doc_id"])["n_tokens"].sum()
    unit_tokens = unit_tokens[unit_tokens > 0]
    counts = (units.merge(hits, on=["doc_id", "seg_id"])
              .groupby(["side", "doc_id", "phrase_id"])["count"].sum()
              .unstack("phrase_id", fill_value=0)
              .reindex(index=unit_tokens.index, columns=lex["phrase_id"], fill_value=0))
    side = unit_tokens.index.get_level_values("side").to_numpy(dtype=bool)
    if side.all() or not side.any():
        raise ArgumentValueError(f"nothing to compare: target has {int(side.sum())} document(s) "
                                 f"with words, reference {int((~side).sum())}")
    x = counts.to_numpy(dtype=float)
    tokens = unit_tokens.to_numpy(dtype=float)
    observed = _rate_difference(x, tokens, side[None, :])[0]
    residual = x - np.outer(tokens, x.sum(axis=0) / tokens.sum())  # hits - expected hits
    score = side.astype(float) @ residual
    strata = _length_strata(tokens)
    rng = np.random.default_rng(seed)
    exceed = np.zeros(x.shape[1])
    for start in range(0, n_perm, _CHUNK):
        labels = _permute_within(side, strata, min(_CHUNK, n_perm - start), rng)
        exceed += (np.abs(labels @ residual) >= np.abs(score) - 1e-9).sum(axis=0)
    p = (1 + exceed) / (n_perm + 1)
    boot = np.vstack([_bootstrap_differences(x[side], tokens[side], x[~side], tokens[~side],
                                             min(_CHUNK, n_boot - start), rng)
                      for start in range(0, n_boot, _CHUNK)])
    lo, hi = np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=0)
    t_count, r_count = x[side].sum(axis=0), x[~side].sum(axis=0)
    t_rate, r_rate = t_count * 1e4 / tokens[side].sum(), r_count * 1e4 / tokens[~side].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(r_rate > 0, t_rate / r_rate, np.where(t_rate > 0, np.inf, np.nan))
    out = pd.DataFrame({
        "phrase_id": lex["phrase_id"].to_numpy(), "label": lex["label"].to_numpy(),
        "target_count": t_count.astype("int64"), "reference_count": r_count.astype("int64"),
        "target_docs": int(side.sum()), "reference_docs": int((~side).sum()),
        "target_rate": t_rate, "reference_rate": r_rate, "rate_difference": observed,
        "ci_low": lo, "ci_high": hi, "rate_ratio": ratio, "p_value": p,
        "p_adjusted": adjust_pvalues(p, adjust),
    })
    out = out[DIFFERENCE_COLUMNS].sort_values(["p_value", "phrase_id"], ignore_index=True)
    out.attrs.update({"target": "+".join(targets), "reference": ref_label, "n_perm": n_perm,
                      "adjust": adjust,
                      "method": "permutation of document parts between the sides within "
                                "strata of length (statistic: observed - expected target hits); "
                                "bootstrap of document parts within each side"})
    return out


def _segment_hits(segs: pd.DataFrame, lex: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, seg_id, phrase_id, count`` of every phrase found in the segments."""
    found = match_segments(segs["text"].tolist(), phrase_matcher(lex))
    rows = [(d, s, key.phrase_id)
            for (d, s), seg_hits in zip(segs[["doc_id", "seg_id"]].itertuples(index=False), found,
                                        strict=True)
            for *_, key in seg_hits]
    hits = pd.DataFrame(rows, columns=["doc_id", "seg_id", "phrase_id"])
    return hits.groupby(["doc_id", "seg_id", "phrase_id"]).size().rename("count").reset_index()


def _length_strata(tokens: np.ndarray) -> np.ndarray:
    """Stratum of each unit: its tenth of the word counts (at least 20 units a stratum)."""
    n_bins = max(1, min(10, len(tokens) // 20))
    edges = np.unique(np.quantile(tokens, np.linspace(0, 1, n_bins + 1)[1:-1]))
    return np.searchsorted(edges, tokens, side="right")


def _permute_within(side: np.ndarray, strata: np.ndarray, size: int,
                    rng: np.random.Generator) -> np.ndarray:
    """`size` shuffles of the labels `side`, each within the strata; float rows."""
    labels = np.empty((size, len(side)))
    for stratum in np.unique(strata):
        idx = np.flatnonzero(strata == stratum)
        labels[:, idx] = rng.permuted(np.broadcast_to(side[idx], (size, len(idx))), axis=1)
    return labels


def _rate_difference(x: np.ndarray, tokens: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Target rate − reference rate (per 10k) of each phrase, for each row of labels."""
    lab = labels.astype(float)
    t_hits, t_tok = lab @ x, lab @ tokens
    r_hits, r_tok = x.sum(axis=0) - t_hits, tokens.sum() - t_tok
    return 1e4 * (t_hits / t_tok[:, None] - r_hits / r_tok[:, None])


def _bootstrap_differences(xt: np.ndarray, tt: np.ndarray, xr: np.ndarray, tr: np.ndarray,
                           size: int, rng: np.random.Generator) -> np.ndarray:
    wt = rng.multinomial(len(tt), np.full(len(tt), 1 / len(tt)), size=size).astype(float)
    wr = rng.multinomial(len(tr), np.full(len(tr), 1 / len(tr)), size=size).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1e4 * ((wt @ xt) / (wt @ tt)[:, None] - (wr @ xr) / (wr @ tr)[:, None])


# --------------------------------------------------------------------------- years


def year_coverage(
    corpus: Corpus,
    *,
    min_docs: int = MIN_DOCS,
    gap_days: int = PARTIAL_GAP_DAYS,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """How well each year is covered: documents, words, first and last dates, flags.

    A year is *partial* when its dated documents leave more than `gap_days` uncovered at
    its start or at its end: the first falls after 15 February or the last before
    16 November with the default 45 days (a corpus that starts in May, or the current year).
    A year is *too_few_docs* with fewer than `min_docs` documents. Undated documents are
    left out; ``attrs["undated_docs"]`` counts them.

    Returns
    -------
    DataFrame
        ``year, n_docs, n_tokens, first_date, last_date, partial, too_few_docs``, one row
        per year with a dated document, in order; `n_tokens` counts the words of `voice`.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Beijing, 3 May 2021. Win-win.", "b": "Beijing, 1 June 2021. More."})
    >>> year_coverage(c)[["year", "n_docs", "partial", "too_few_docs"]].to_dict("records")
    [{'year': 2021, 'n_docs': 2, 'partial': True, 'too_few_docs': True}]
    """
    check_count("min_docs", min_docs, minimum=1)
    check_count("gap_days", gap_days, minimum=0)
    docs = _dated_documents(corpus, translation=translation, voice=voice)
    grouped = docs.dropna(subset=["date"]).groupby("year")
    table = grouped.agg(n_docs=("doc_id", "size"), n_tokens=("n_tokens", "sum"),
                        first_date=("date", "min"), last_date=("date", "max")).reset_index()
    table["year"] = table["year"].astype("int64")
    starts = pd.to_datetime({"year": table["year"], "month": 1, "day": 1})
    ends = pd.to_datetime({"year": table["year"], "month": 12, "day": 31})
    gap = pd.Timedelta(days=gap_days)
    table["partial"] = ((table["first_date"] - starts) > gap) | ((ends - table["last_date"]) > gap)
    table["too_few_docs"] = table["n_docs"] < min_docs
    table = table.astype({"n_docs": "int64", "n_tokens": "int64"})
    table = table[YEAR_COLUMNS].sort_values("year", ignore_index=True)
    table.attrs["undated_docs"] = int(docs["date"].isna().sum())
    return table


def _dated_documents(corpus: Corpus, *, translation: Translation, voice: Voice) -> pd.DataFrame:
    """``doc_id, date, year, n_tokens`` (words of `voice`) for every document with words."""
    segs = group_segments(corpus, "doc_id", translation=translation, voice=voice)
    tokens = segs.groupby("doc_id")["n_tokens"].sum()
    docs = corpus.documents[["doc_id", "date"]].copy()
    docs["date"] = pd.to_datetime(docs["date"])
    docs["year"] = docs["date"].dt.year
    docs["n_tokens"] = docs["doc_id"].map(tokens).fillna(0).astype("int64")
    return docs[docs["n_tokens"] > 0].reset_index(drop=True)


# --------------------------------------------------------------------------- trends


def phrase_trends(
    corpus: Corpus,
    *,
    lexicon: LexiconLike = None,
    phrases: Iterable[str] = (),
    by: str = "year",
    voice: Voice = "official",
    translation: Translation = "official",
    adjust: Adjust | None = "bh",
    ci: float = 0.95,
    min_docs: int = MIN_DOCS,
) -> pd.DataFrame:
    """Yearly change in each phrase's rate, estimated over every year with documents as units.

    For each phrase, a Poisson regression (GLM, log link, :mod:`statsmodels`) of each dated
    document's count on its time, with log(words of the document) as offset, so a long
    briefing is expected to hold more hits:
    log E[count] = log(n_tokens) + β₀ + β₁ · time. The errors are robust (sandwich, HC0):
    valid whatever the over-dispersion, so one document repeating a phrase 24 times
    widens the interval instead of making the trend. change_per_year_pct = 100 (e^β₁ − 1),
    its interval 100 (e^{β₁ ± z·se} − 1), p the Wald test of β₁ = 0.

    Read it with :func:`year_coverage`: ``attrs`` lists the partial years and the years with
    few documents; a partial year is still used (its documents carry their own exposure).

    Parameters
    ----------
    corpus : Corpus
    lexicon : optional
        As in :func:`~milrel_analysis.phrase_counts`.
    phrases : iterable of str, optional
        Phrase ids to follow (default: all).
    by : {"year", "date"}, default="year"
        Time as the calendar year, or as a fractional year from each document's date.
    voice, translation
        As in :func:`~milrel_analysis.phrase_counts`.
    adjust : {"bh", "bonferroni", None}, default="bh"
        Adjustment of the p values over the phrases estimated.
    ci : float, default=0.95
    min_docs : int, default=5
        Fewer documents using a phrase than this: estimated, with a note that it is fragile.

    Returns
    -------
    DataFrame
        ``phrase_id, label, n_docs, change_per_year_pct, ci_low, ci_high, p_value,
        p_adjusted, first_year, last_year``: `n_docs` the dated documents using the phrase;
        `first_year`/`last_year` the span of the regression (every dated document). A phrase
        never used, used in a single year, or a corpus with one year gets NaN estimates,
        and ``attrs["notes"]`` (phrase_id -> reason) says why. Sorted by p value, then
        phrase_id. ``attrs`` also holds ``n_docs`` (documents in the fit), ``undated_docs``,
        ``partial_years``, ``few_doc_years`` and ``method``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> texts = {f"d{y}{i}": f"Beijing, 1 March {y}. " + "Win-win. " * (1 + (y - 2018) * i)
    ...          + "Other words here." for y in (2018, 2019, 2020, 2021) for i in range(3)}
    >>> t = phrase_trends(corpus_from_texts(texts), lexicon=["win-win", "red line"])
    >>> t[["phrase_id", "n_docs", "first_year", "last_year"]].to_dict("records")
    [{'phrase_id': 'win-win', 'n_docs': 12, 'first_year': 2018, 'last_year': 2021}, \
{'phrase_id': 'red-line', 'n_docs': 0, 'first_year': 2018, 'last_year': 2021}]
    >>> bool(t.change_per_year_pct.iloc[0] > 0), t.attrs["notes"]["red-line"]
    (True, 'never used')
    """
    check_option("by", by, ("year", "date"))
    _check_level("ci", ci)
    check_count("min_docs", min_docs, minimum=1)
    if adjust is not None:
        check_option("adjust", adjust, ADJUSTMENTS)
    lex = select_phrases(load_lexicon(lexicon), phrases)
    docs = _dated_documents(corpus, translation=translation, voice=voice)
    coverage = year_coverage(corpus, min_docs=min_docs, translation=translation, voice=voice)
    dated = docs.dropna(subset=["date"]).reset_index(drop=True)
    counts = phrase_counts(corpus, by="doc_id", lexicon=lex, translation=translation, voice=voice)
    wide = (counts.pivot_table(index="doc_id", columns="phrase_id", values="count", aggfunc="sum")
            .reindex(index=dated["doc_id"], columns=lex["phrase_id"]).fillna(0))
    if by == "year":
        time = dated["year"].to_numpy(dtype=float)
    else:
        days = np.where(dated["date"].dt.is_leap_year, 366.0, 365.0)
        time = dated["year"].to_numpy(dtype=float) + (dated["date"].dt.day_of_year.to_numpy() - 1) / days
    years = dated["year"].to_numpy()
    exposure = np.log(dated["n_tokens"].to_numpy(dtype=float))
    z = _normal_quantile(1 - (1 - ci) / 2)
    rows, notes = [], {}
    for pid, label in zip(lex["phrase_id"], lex["label"], strict=True):
        y = wide[pid].to_numpy(dtype=float)
        slope, se, note = _poisson_slope(y, time, years, exposure, min_docs)
        if note:
            notes[pid] = note
        change = lo = hi = p = math.nan
        if not math.isnan(slope):
            change = 100 * math.expm1(slope)
        if not math.isnan(slope) and se > 0:
            lo, hi = 100 * math.expm1(slope - z * se), 100 * math.expm1(slope + z * se)
            p = float(math.erfc(abs(slope / se) / math.sqrt(2)))
        rows.append({"phrase_id": pid, "label": label, "n_docs": int((y > 0).sum()),
                     "change_per_year_pct": change, "ci_low": lo, "ci_high": hi, "p_value": p})
    out = pd.DataFrame(rows, columns=TREND_COLUMNS[:7])
    out["p_adjusted"] = adjust_pvalues(out["p_value"].to_numpy(dtype=float), adjust)
    first = int(years.min()) if len(years) else None
    last = int(years.max()) if len(years) else None
    out["first_year"] = pd.array([first] * len(out), dtype="Int64")
    out["last_year"] = pd.array([last] * len(out), dtype="Int64")
    out = out[TREND_COLUMNS].sort_values(["p_value", "phrase_id"], ignore_index=True,
                                         na_position="last")
    out.attrs.update({
        "n_docs": len(dated), "undated_docs": int(docs["date"].isna().sum()),
        "partial_years": coverage.loc[coverage["partial"], "year"].tolist(),
        "few_doc_years": coverage.loc[coverage["too_few_docs"], "year"].tolist(),
        "notes": notes, "adjust": adjust, "by": by,
        "method": "Poisson GLM of each document's count on time, offset log(words), "
                  "robust (HC0) standard errors",
    })
    return out


def _normal_quantile(q: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(q))


def _poisson_slope(y: np.ndarray, time: np.ndarray, years: np.ndarray, exposure: np.ndarray,
                   min_docs: int) -> tuple[float, float, str]:
    """Slope, robust standard error and a note (empty when all is well); NaN when degenerate."""
    if len(np.unique(years)) < 2:
        return math.nan, math.nan, "the dated documents fall in one year: no trend can be estimated"
    if y.sum() == 0:
        return math.nan, math.nan, "never used"
    used_years = np.unique(years[y > 0])
    if len(used_years) == 1:
        return math.nan, math.nan, (f"used in {int(used_years[0])} only: the trend is not "
                                    "finite (no year-to-year comparison within the data)")
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    centred = time - time.mean()  # a well-conditioned design; the slope is the same
    design = np.column_stack([np.ones_like(centred), centred])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        # An exact fit is "perfect prediction" to statsmodels; for counts it is no failure.
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        try:
            fit = sm.GLM(y, design, family=sm.families.Poisson(), offset=exposure).fit(
                cov_type="HC0")
        except (ConvergenceWarning, ValueError, np.linalg.LinAlgError) as err:
            return math.nan, math.nan, f"the model did not converge ({type(err).__name__})"
    slope, se = float(fit.params[1]), float(fit.bse[1])
    if not (math.isfinite(slope) and math.isfinite(se)):
        return math.nan, math.nan, "the model did not converge (non-finite estimate)"
    if se < 1e-9 * max(1.0, abs(slope)):
        return slope, 0.0, "the model fits every document exactly: no interval or p value"
    n_used = int((y > 0).sum())
    note = (f"used in {n_used} document(s), fewer than {min_docs}: the interval is fragile"
            if n_used < min_docs else "")
    return slope, se, note
