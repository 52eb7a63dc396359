"""Comparisons across counterparts: keyness, stance profiles, similarity.

Keyness statistics are defined in :func:`keyness`'s docstring because tools disagree on them
(AntConc, quanteda, Scattertext and NLTK differ in corrections, signs and priors).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._stats import (
    MIN_DOCS,
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
    UNITS,
    VARIANCES,
    Adjust,
    Correction,
    Measure,
    NGram,
    Stopwords,
    Translation,
    Unit,
    Variance,
    Voice,
)
from ._validation import check_count, check_option
from .corpus.groups import group_segments
from .corpus.matches import segment_matches
from .corpus.model import Corpus
from .errors import ArgumentTypeError, ArgumentValueError
from .frequency import tf_idf
from .lexicons import Gazetteer, LexiconLike, load_gazetteer, load_lexicon
from .tokens import CountOptions, count_options, count_units, tokenize_text

__all__ = ["keyness", "compare_counterparts", "name_terms", "names_in", "stance_profile",
           "similarity", "KEYNESS_COLUMNS", "MIN_DOCS"]

KEYNESS_COLUMNS = ["term", "target_count", "reference_count", "target_rate", "reference_rate",
                   "statistic", "p_value", "p_adjusted", "significant", "log_ratio"]
TOO_FEW = "too few documents to compare"


def _as_series(counts: pd.Series | Mapping[str, int], name: str) -> pd.Series:
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
    tgt = _as_series(target, "target")
    ref = _as_series(reference, "reference")
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
        bg = _as_series(background, "background")
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


def _ids(value: str | int | Iterable[str | int]) -> list[str]:
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value]


def _side_counts(
    corpus: Corpus, frame: pd.DataFrame, unit: str, opts: CountOptions,
    lexicon: pd.DataFrame | None,
) -> tuple[pd.Series, int, int]:
    """Term (or phrase) counts, word tokens and documents of a set of segments (each once)."""
    segs = frame.drop_duplicates(["doc_id", "seg_id"])
    n_tokens = int(segs["n_tokens"].sum())
    n_docs = segs["doc_id"].nunique()
    if unit == "term":  # the side is one unit, its segments in reading order
        found = count_units(corpus, segs["row"].to_numpy(), np.zeros(len(segs), dtype=np.int64),
                            opts, n_units=1)
        row = found.matrix.tocsr()
        return (pd.Series(row.data.astype("float64"), index=pd.Index(found.vocab[row.indices]),
                          dtype="float64"), n_tokens, n_docs)
    assert lexicon is not None  # a phrase comparison always loads one
    hits = segment_matches(corpus, segs["row"].to_numpy(), lexicon)
    counts = Counter(key.phrase_id for found in hits for *_, key in found)
    return pd.Series(counts, dtype="float64"), n_tokens, n_docs


def name_terms(ids: str | Iterable[str], *, gazetteer: Gazetteer | None = None) -> frozenset[str]:
    """The terms that name counterparts `ids`: each gazetteer alias as the tokenizer writes it.

    Every alias of the ids (names, adjectives, capitals, leaders, institutions: all are
    aliases in the gazetteer) is tokenized with
    :func:`milrel_analysis.tokenize_text` (lower-case) and its tokens joined by a space, so
    the set follows the tokenizer: a one-token alias is a word ("russia", "putin",
    "sino-u.s."), and multi-word aliases are one compound token ("united_states").

    Examples
    --------
    >>> sorted(t for t in name_terms("USA") if t.startswith(("united", "u.s", "pomp")))
    ['pompeo', 'u.s.', 'united_states', 'united_states_of_america']
    """
    wanted = {ids} if isinstance(ids, str) else set(ids)
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    forms = (" ".join(tokenize_text(alias)) for alias, eid in gaz.aliases.items() if eid in wanted)
    return frozenset(f for f in forms if f)


def names_in(terms: Iterable[str], names: frozenset[str]) -> list[str]:
    """The terms that are or contain a name of `names`, in their order.

    A term is dropped when it is a name, when one of its words is a name, when one of its
    words is a hyphenated compound with a name part ("china-us", "us-china"), or when it
    contains a multi-word name ("the united states").

    Examples
    --------
    >>> names_in(["russia", "china-russia", "russian side", "side", "vladimir putin said"],
    ...          name_terms("RUS"))
    ['russia', 'china-russia', 'russian side', 'vladimir putin said']
    """
    single = {n for n in names if " " not in n}
    multi = [f" {n} " for n in names if " " in n]
    found = []
    for term in terms:
        words = term.split(" ")
        if any(w in single or ("-" in w and any(part in single for part in w.split("-")))
               for w in words) or any(m in f" {term} " for m in multi):
            found.append(term)
    return found


def compare_counterparts(
    corpus: Corpus,
    target: str | Sequence[str],
    reference: str | Sequence[str] | pd.Series | Mapping[str, int] = "rest",
    *,
    unit: Unit = "term",
    measure: Measure = "g2",
    by: str = "counterpart",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    lexicon: LexiconLike = None,
    min_count: int = 2,
    exclude_names: bool = True,
    adjust: Adjust | None = "bh",
    alpha: float = 0.05,
    translation: Translation = "official",
    voice: Voice = "official",
    compounds: bool = True,
    **keyness_options: Any,
) -> pd.DataFrame:
    """Keyness of the language used about one counterpart against another, or the rest.

    Segments count for a counterpart because they name it, so its own names are over-used
    by construction ("russia", "putin" for Russia): with `exclude_names` they are left out
    before testing (see :func:`name_terms` and :func:`names_in`). The p values are adjusted
    over the terms tested (:func:`keyness`'s `adjust`, `alpha`).

    Parameters
    ----------
    corpus : Corpus
    target : str or list of str
        A group of `by` (a counterpart id such as ``"USA"``) or several, pooled.
    reference : str, list of str, Series or mapping, default="rest"
        ``"rest"``: every countable segment not attributed to the target; a group id or
        list (``"RUS"``); or an external term -> count frequency list, whose corpus size
        ``reference_total=`` gives (default: the sum of its counts).
    unit : {"term", "phrase"}, default="term"
        Compare words/n-grams or the lexicon's phrases.
    measure : {"g2", "chi2", "log_ratio", "log_odds"}, default="g2"
        See :func:`keyness`.
    by : str, default="counterpart"
        The grouping: ``counterpart`` (segment-level attribution; a segment naming none
        counts for its document's primary counterpart) or any document column, such as a
        ``country`` taken from file names.
    min_count : int, default=2
        Keep terms used at least this often on the two sides together.
    exclude_names : bool, default=True
        With ``by="counterpart"`` and ``unit="term"``: leave out the terms naming the target
        and the reference counterparts (their gazetteer aliases as tokens, and compounds
        such as ``china-us``); against ``"rest"`` or an external list only the target's.
        China's own names are kept. Other groupings (documents chosen by who speaks, not
        by whom they name) exclude nothing.
    adjust : {"bh", "bonferroni", None}, default="bh"
    alpha : float, default=0.05
        Multiple-testing adjustment and level of the `significant` column; see
        :func:`keyness`.
    **keyness_options
        Passed to :func:`keyness` (``correction``, ``variance``, ``alpha0``, ...).

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    compounds : bool, default=True
        Count multi-word names and formulae as one term (see
        :func:`milrel_analysis.tokenize_text`). Terms are counted from the corpus's tokens
        (``Corpus.tokens``); ``compounds=False`` tokenizes the text again.

    Returns
    -------
    DataFrame
        The :func:`keyness` columns (with ``p_adjusted`` and ``significant``) and
        ``too_few_docs`` (True when a side has fewer than 5 documents: read the differences
        as descriptive). ``attrs`` holds ``target``, ``reference``, ``target_docs``,
        ``reference_docs``, ``adjust``, ``alpha``, ``excluded_terms`` (the sorted names left
        out) and, for a small side, a ``caveat`` in words.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win talks.", "b": "Russia seeks no end."})
    >>> t = compare_counterparts(c, "USA", "RUS", min_count=1)
    >>> t.iloc[0]["term"], "u.s." in set(t["term"]), "u.s." in t.attrs["excluded_terms"]
    ('side', False, True)
    """
    check_option("unit", unit, UNITS)
    frame = group_segments(corpus, by, translation=translation, voice=voice, row=True, text=False)
    targets = _ids(target)
    present = set(frame[by].dropna().astype(str))
    missing = [t for t in targets if t not in present]
    if missing:
        raise ArgumentValueError(
            f"target {missing} not found in {by!r}; groups present: {sorted(present)[:30]}")
    opts = count_options(ngram=ngram, stopwords=stopwords, compounds=compounds)
    lex = load_lexicon(lexicon) if unit == "phrase" else None
    key = frame[by].astype(object).where(frame[by].notna(), None).map(
        lambda v: None if v is None else str(v))
    in_target = key.isin(targets)
    tgt_counts, tgt_tokens, tgt_docs = _side_counts(corpus, frame[in_target], unit, opts, lex)
    refs: list[str] = []  # the reference's group ids, when it has some
    if isinstance(reference, (pd.Series, Mapping)):
        ref_counts = _as_series(reference, "reference")
        # Give the reference corpus's size where the list lacks some words (stopwords).
        ref_tokens = float(keyness_options.pop("reference_total", None) or ref_counts.sum())
        ref_docs, ref_label = None, "external list"
    else:
        if isinstance(reference, str) and reference == "rest":
            target_segs = frame.loc[in_target, ["doc_id", "seg_id"]].drop_duplicates()
            everything = frame.drop_duplicates(["doc_id", "seg_id"])
            marker = everything.merge(target_segs, on=["doc_id", "seg_id"], how="left",
                                      indicator=True)["_merge"].eq("left_only").to_numpy()
            ref_frame, ref_label = everything[marker], "rest"
        else:
            refs = _ids(reference)
            missing = [r for r in refs if r not in present]
            if missing:
                raise ArgumentValueError(f"reference {missing} not found in {by!r}; groups present: "
                                 f"{sorted(present)[:30]}")
            ref_frame, ref_label = frame[key.isin(refs)], "+".join(refs)
        ref_counts, ref_tokens, ref_docs = _side_counts(corpus, ref_frame, unit, opts, lex)
    if tgt_tokens == 0 or ref_tokens == 0:
        raise ArgumentValueError(
            f"nothing to compare: target has {tgt_tokens} tokens, reference {ref_tokens}")
    excluded: list[str] = []
    if exclude_names and unit == "term" and by == "counterpart":
        names = name_terms([*targets, *refs])
        excluded = sorted(set(names_in(tgt_counts.index.union(ref_counts.index), names)))
        tgt_counts = tgt_counts.drop(excluded, errors="ignore")
        ref_counts = ref_counts.drop(excluded, errors="ignore")
    table = keyness(tgt_counts, ref_counts, measure=measure, target_total=tgt_tokens,
                    reference_total=ref_tokens, min_count=min_count, adjust=adjust, alpha=alpha,
                    **keyness_options)
    if unit == "phrase" and lex is not None:
        table = table.merge(lex[["phrase_id", "label", "category"]], left_on="term",
                            right_on="phrase_id", how="left").drop(columns="phrase_id")
    table.attrs.update({"target": "+".join(targets), "reference": ref_label,
                        "target_docs": tgt_docs, "reference_docs": ref_docs, "measure": measure,
                        "unit": unit, "adjust": adjust, "alpha": alpha,
                        "excluded_terms": excluded})
    too_few = tgt_docs < MIN_DOCS or (ref_docs is not None and ref_docs < MIN_DOCS)
    table["too_few_docs"] = too_few
    if too_few:
        table.attrs["caveat"] = (f"{TOO_FEW}: target has {tgt_docs} document(s), reference "
                                 f"{ref_docs if ref_docs is not None else 'an external list'}; "
                                 "treat differences as descriptive, not as evidence")
    return table


def stance_profile(
    corpus: Corpus,
    *,
    by: str = "counterpart",
    lexicon: LexiconLike = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    min_docs: int = MIN_DOCS,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Rate per 10k tokens of each lexicon category per group, with bootstrap intervals.

    Documents are resampled with replacement within each group (`n_boot` times, a fixed
    `seed`), and the interval is the percentile interval of the pooled rate. A group with
    fewer than `min_docs` documents is flagged ``too few documents to compare``.

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    Returns
    -------
    DataFrame
        ``[by, category, count, n_tokens, n_docs, rate_per_10k, ci_low, ci_high,
        too_few_docs, flag]``: `too_few_docs` is True for a group with fewer than
        `min_docs` documents, and `flag` then says so in words.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win results.", "b": "Win-win with Russia."})
    >>> p = stance_profile(c, n_boot=50)
    >>> p[(p.counterpart == "USA") & (p.category == "cooperation")]["flag"].item()
    'too few documents to compare'
    """
    if not 0 < ci < 1:
        raise ArgumentValueError(f"ci={ci!r}: give a level between 0 and 1, such as 0.95")
    check_count("n_boot", n_boot, minimum=1)
    lex = load_lexicon(lexicon)
    frame = group_segments(corpus, [by], translation=translation, voice=voice, row=True, text=False)
    tokens = frame.drop_duplicates([by, "doc_id", "seg_id"]).groupby(
        [by, "doc_id"], dropna=False)["n_tokens"].sum()
    categories, per_doc = _category_counts(corpus, frame, by, lex)
    rng = np.random.default_rng(seed)
    rows = []
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    all_tokens = tokens.to_numpy(dtype=float)
    pairs = pd.Series(np.arange(len(tokens))).groupby(
        tokens.index.get_level_values(0), dropna=False, sort=True)
    for group, positions in pairs.groups.items():
        idx = np.asarray(positions, dtype=np.int64)
        mat, tok = per_doc[idx], all_tokens[idx]
        n_docs = len(tok)
        draws = rng.integers(0, n_docs, size=(n_boot, n_docs))
        # How often each replicate draws each document: sums of whole numbers, so the
        # products below equal summing the drawn rows, without an n_boot x n_docs x
        # n_categories array.
        times = np.bincount((draws + n_docs * np.arange(n_boot)[:, None]).ravel(),
                            minlength=n_boot * n_docs).reshape(n_boot, n_docs).astype(float)
        boot = (times @ mat) * 1e4 / np.maximum(times @ tok, 1)[:, None]
        low, high = np.quantile(boot, [lo_q, hi_q], axis=0)
        for j, cat in enumerate(categories):
            total = mat[:, j].sum()
            rows.append({
                by: group, "category": cat, "count": int(total), "n_tokens": int(tok.sum()),
                "n_docs": n_docs,
                "rate_per_10k": total * 1e4 / max(tok.sum(), 1),
                "ci_low": float(low[j]),
                "ci_high": float(high[j]),
                "too_few_docs": n_docs < min_docs,
                "flag": TOO_FEW if n_docs < min_docs else "",
            })
    out = pd.DataFrame(rows, columns=[by, "category", "count", "n_tokens", "n_docs",
                                      "rate_per_10k", "ci_low", "ci_high", "too_few_docs", "flag"])
    return out.sort_values([by, "category"], ignore_index=True, na_position="last")


def _category_counts(corpus: Corpus, frame: pd.DataFrame, by: str, lexicon: pd.DataFrame
                     ) -> tuple[list[Any], np.ndarray]:
    """Matches of each lexicon category per (group, document) of a :func:`group_segments` frame.

    Rows follow the sorted (group, document) pairs; each distinct segment is matched once
    and counts for every group it appears in (as in :func:`~milrel_analysis.phrase_counts`).
    """
    from scipy import sparse

    categories = sorted(pd.unique(lexicon["category"]).tolist())
    category_of = dict(zip(lexicon["phrase_id"], lexicon["category"].map(
        {c: i for i, c in enumerate(categories)}), strict=True))
    doc_ids, seg_ids = frame["doc_id"].to_numpy(), frame["seg_id"].to_numpy()
    first = np.ones(len(frame), dtype=bool)
    first[1:] = (doc_ids[1:] != doc_ids[:-1]) | (seg_ids[1:] != seg_ids[:-1])  # frame is sorted
    seg_of_row = np.cumsum(first) - 1
    found = segment_matches(corpus, frame["row"].to_numpy()[first], lexicon, n_jobs=1)
    hit_seg = np.repeat(np.arange(len(found)), [len(h) for h in found])
    hit_cat = np.fromiter((category_of[key.phrase_id] for hits in found for *_, key in hits),
                          dtype=np.int64, count=len(hit_seg))
    hits = sparse.csr_matrix((np.ones(len(hit_seg), dtype=np.int64), (hit_seg, hit_cat)),
                             shape=(len(found), len(categories)))
    pair = frame.groupby([by, "doc_id"], dropna=False, sort=True).ngroup().to_numpy()
    to_pairs = sparse.csr_matrix((np.ones(len(frame), dtype=np.int64), (pair, seg_of_row)),
                                 shape=(int(pair.max(initial=-1)) + 1, len(found)))
    return categories, (to_pairs @ hits).toarray().astype(float)


def similarity(
    corpus: Corpus,
    *,
    by: str = "counterpart",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Cosine similarity of groups (counterparts, documents, years) on tf-idf vectors.

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    Returns
    -------
    DataFrame
        ``[{by}_a, {by}_b, cosine]``: every ordered pair, the diagonal (1.0) included.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win talks.", "b": "Win-win talks.", "c": "Core interests."})
    >>> s = similarity(c, by="doc_id")
    >>> round(s[(s.doc_id_a == "a") & (s.doc_id_b == "b")]["cosine"].item(), 6)
    1.0
    """
    from scipy import sparse

    table = tf_idf(corpus, by=by, ngram=ngram, stopwords=stopwords, translation=translation,
                   voice=voice)
    labels = table[by].astype(object).where(table[by].notna(), None)
    rows, groups = pd.factorize(labels, use_na_sentinel=False)
    cols, terms = pd.factorize(table["term"])
    mat = sparse.csr_matrix((table["tf_idf"].to_numpy(), (rows, cols)),
                            shape=(len(groups), len(terms)))
    norms = np.sqrt(mat.multiply(mat).sum(axis=1)).A1
    norms[norms == 0] = 1
    unit = sparse.diags(1 / norms) @ mat
    sims = (unit @ unit.T).toarray()
    a, b = np.meshgrid(np.arange(len(groups)), np.arange(len(groups)), indexing="ij")
    out = pd.DataFrame({f"{by}_a": groups[a.ravel()], f"{by}_b": groups[b.ravel()],
                        "cosine": sims.ravel()})
    return out.sort_values([f"{by}_a", "cosine", f"{by}_b"], ascending=[True, False, True],
                           ignore_index=True)
