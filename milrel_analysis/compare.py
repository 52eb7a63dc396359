"""Comparisons across counterparts: keyness, stance profiles, similarity.

Keyness statistics are defined in :func:`keyness`'s docstring because tools disagree on them
(AntConc, quanteda, Scattertext and NLTK differ in corrections, signs and priors).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._types import MEASURES, UNITS, Measure, NGram, Stopwords, Translation, Unit, Voice
from ._validation import check_count, check_option
from .corpus.groups import group_segments
from .corpus.model import Corpus
from .errors import ArgumentTypeError, ArgumentValueError
from .frequency import tf_idf
from .lexicons import LexiconLike, load_lexicon, phrase_matcher
from .phrases import match_segments, phrase_counts
from .tokens import CountOptions, count_options, count_texts

__all__ = ["keyness", "compare_counterparts", "stance_profile", "similarity", "MIN_DOCS"]

KEYNESS_COLUMNS = ["term", "target_count", "reference_count", "target_rate", "reference_rate",
                   "statistic", "p_value", "log_ratio"]
MIN_DOCS = 5
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


def _chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    # Survival function of chi-squared with one degree of freedom: erfc(sqrt(x / 2)).
    erfc = np.vectorize(math.erfc, otypes=[float])
    return erfc(np.sqrt(np.maximum(x, 0) / 2))


def _normal_sf_two_sided(z: np.ndarray) -> np.ndarray:
    erfc = np.vectorize(math.erfc, otypes=[float])
    return erfc(np.abs(z) / math.sqrt(2))


def keyness(
    target: pd.Series | Mapping[str, int],
    reference: pd.Series | Mapping[str, int],
    *,
    measure: Measure = "g2",
    target_total: float | None = None,
    reference_total: float | None = None,
    yates: bool = False,
    alpha0: float = 1000.0,
    background: pd.Series | Mapping[str, int] | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    r"""Keyness of every term in `target` against `reference`.

    With a and b the term's counts in target and reference, and c and d their totals
    (`target_total`/`reference_total`, by default the sums of the counts), each measure is:

    ``g2``
        Dunning's log-likelihood on the full 2×2 table [[a, b], [c − a, d − b]]:
        G² = 2 Σ O ln(O / E), with E from the margins and 0 ln 0 = 0 (what AntConc,
        quanteda's ``measure = "lr"`` with ``correction = "none"``, ``scipy.stats``'s
        ``power_divergence(lambda_="log-likelihood")`` and NLTK compute). Signed: positive
        where the term is relatively more frequent in the target. p from χ² with 1 d.f.
    ``chi2``
        Pearson's χ² on the same table, Σ (O − E)² / E; no Yates correction unless
        ``yates=True`` (then Σ (|O − E| − ½)² / E). Signed like ``g2``.
    ``log_ratio``
        Hardie's Log Ratio, log₂((a / c) / (b / d)), with a zero count replaced by 0.5. It
        is an effect size and is reported beside every measure; as the `statistic` its p
        value is G²'s.
    ``log_odds``
        Monroe, Colaresi & Quinn (2008): the log-odds ratio with an informative Dirichlet
        prior, α_w = alpha0 × (background share of w), background = target + reference
        pooled unless `background` is given:
        δ = ln((a + α_w) / (c + α₀ − a − α_w)) − ln((b + α_w) / (d + α₀ − b − α_w)),
        σ² ≈ 1 / (a + α_w) + 1 / (b + α_w), and the statistic is the z-score δ / σ
        (two-sided normal p).

    Parameters
    ----------
    target, reference : Series or mapping of term -> count
        Also accepted: a :func:`~milrel_analysis.term_frequency` table (``term``, ``count``).
    measure : {"g2", "chi2", "log_ratio", "log_odds"}, default="g2"
    target_total, reference_total : float, optional
        Corpus sizes when the counts do not sum to them (stopwords removed, phrases only).
    yates : bool, default=False
        Yates's continuity correction for ``chi2``.
    alpha0 : float, default=1000
        Prior mass for ``log_odds``.
    background : Series or mapping, optional
        Background counts for the ``log_odds`` prior.
    min_count : int, default=1
        Keep terms with a + b at least this.

    Returns
    -------
    DataFrame
        ``term, target_count, reference_count, target_rate, reference_rate, statistic,
        p_value, log_ratio``; rates are per 10,000 tokens; sorted by statistic (descending),
        then term.

    Examples
    --------
    >>> t = keyness({"win-win": 40, "other": 9960}, {"win-win": 20, "other": 19980})
    >>> row = t.set_index("term").loc["win-win"]
    >>> round(float(row.statistic), 6), float(f"{row.p_value:.4g}"), round(float(row.log_ratio), 6)
    (27.786028, 1.355e-07, 2.0)
    """
    check_option("measure", measure, MEASURES)
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
    g2 = _g2(a, b, c, d)
    a0 = np.where(a == 0, 0.5, a)
    b0 = np.where(b == 0, 0.5, b)
    log_ratio = np.log2((a0 / c) / (b0 / d))
    if measure == "g2":
        statistic, p = sign * g2, _chi2_sf_1df(g2)
    elif measure == "chi2":
        chi2 = _chi2(a, b, c, d, yates)
        statistic, p = sign * chi2, _chi2_sf_1df(chi2)
    elif measure == "log_ratio":
        statistic, p = log_ratio, _chi2_sf_1df(g2)
    else:
        if background is None:
            bg_share = (a + b) / (c + d)
        else:
            bg = _as_series(background, "background")
            bg_share = bg.reindex(terms, fill_value=0).to_numpy() / bg.sum()
            if (bg_share == 0).any():
                missing = list(terms[bg_share == 0][:5])
                raise ArgumentValueError(f"background lacks terms of the comparison, e.g. {missing}")
        alpha_w = alpha0 * bg_share
        delta = np.log((a + alpha_w) / (c + alpha0 - a - alpha_w)) - np.log(
            (b + alpha_w) / (d + alpha0 - b - alpha_w))
        statistic = delta / np.sqrt(1 / (a + alpha_w) + 1 / (b + alpha_w))
        p = _normal_sf_two_sided(statistic)
    out = pd.DataFrame({
        "term": terms.astype(object),
        "target_count": a.astype("int64"),
        "reference_count": b.astype("int64"),
        "target_rate": a * 1e4 / c,
        "reference_rate": b * 1e4 / d,
        "statistic": statistic,
        "p_value": p,
        "log_ratio": log_ratio,
    })
    return out[KEYNESS_COLUMNS].sort_values(["statistic", "term"], ascending=[False, True],
                                            ignore_index=True)


def _expected(a, b, c, d):
    n = c + d
    row1, row2 = a + b, (c - a) + (d - b)
    return ((a, row1 * c / n), (b, row1 * d / n), (c - a, row2 * c / n), (d - b, row2 * d / n))


def _g2(a, b, c, d) -> np.ndarray:
    total = np.zeros(len(a))
    for observed, expected in _expected(a, b, c, d):
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
        total += term
    return 2 * total


def _chi2(a, b, c, d, yates: bool) -> np.ndarray:
    total = np.zeros(len(a))
    for observed, expected in _expected(a, b, c, d):
        diff = np.abs(observed - expected)
        if yates:
            diff = np.maximum(diff - 0.5, 0)
        total += diff**2 / expected
    return total


# --------------------------------------------------------------------------- counterparts


def _ids(value: str | int | Iterable[str | int]) -> list[str]:
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value]


def _side_counts(
    frame: pd.DataFrame, unit: str, opts: CountOptions, lexicon: pd.DataFrame | None,
) -> tuple[pd.Series, int, int]:
    """Term (or phrase) counts, word tokens and documents of a set of segments (each once)."""
    segs = frame.drop_duplicates(["doc_id", "seg_id"])
    n_tokens = int(segs["n_tokens"].sum())
    n_docs = segs["doc_id"].nunique()
    if unit == "term":
        counts, _ = count_texts(segs["text"].tolist(), opts)
    else:
        assert lexicon is not None  # a phrase comparison always loads one
        found = match_segments(segs["text"].tolist(), phrase_matcher(lexicon))
        counts = Counter(key.phrase_id for hits in found for *_, key in hits)
    return pd.Series(counts, dtype="float64"), n_tokens, n_docs


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
    translation: Translation = "official",
    voice: Voice = "official",
    **keyness_options: Any,
) -> pd.DataFrame:
    """Keyness of the language used about one counterpart against another, or the rest.

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

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    Returns
    -------
    DataFrame
        The :func:`keyness` columns and ``too_few_docs`` (True when a side has fewer than
        5 documents: read the differences as descriptive). ``attrs`` holds ``target``,
        ``reference``, ``target_docs``, ``reference_docs`` and, for a small side, a
        ``caveat`` in words.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win talks.", "b": "Russia seeks no end."})
    >>> compare_counterparts(c, "USA", "RUS", min_count=1).iloc[0]["term"]
    'side'
    """
    check_option("unit", unit, UNITS)
    frame = group_segments(corpus, by, translation=translation, voice=voice)
    targets = _ids(target)
    present = set(frame[by].dropna().astype(str))
    missing = [t for t in targets if t not in present]
    if missing:
        raise ArgumentValueError(
            f"target {missing} not found in {by!r}; groups present: {sorted(present)[:30]}")
    opts = count_options(ngram=ngram, stopwords=stopwords)
    lex = load_lexicon(lexicon) if unit == "phrase" else None
    key = frame[by].astype(object).where(frame[by].notna(), None).map(
        lambda v: None if v is None else str(v))
    in_target = key.isin(targets)
    tgt_counts, tgt_tokens, tgt_docs = _side_counts(frame[in_target], unit, opts, lex)
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
        ref_counts, ref_tokens, ref_docs = _side_counts(ref_frame, unit, opts, lex)
    if tgt_tokens == 0 or ref_tokens == 0:
        raise ArgumentValueError(
            f"nothing to compare: target has {tgt_tokens} tokens, reference {ref_tokens}")
    table = keyness(tgt_counts, ref_counts, measure=measure, target_total=tgt_tokens,
                    reference_total=ref_tokens, min_count=min_count, **keyness_options)
    if unit == "phrase" and lex is not None:
        table = table.merge(lex[["phrase_id", "label", "category"]], left_on="term",
                            right_on="phrase_id", how="left").drop(columns="phrase_id")
    table.attrs.update({"target": "+".join(targets), "reference": ref_label,
                        "target_docs": tgt_docs, "reference_docs": ref_docs, "measure": measure,
                        "unit": unit})
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
    counts = phrase_counts(corpus, by=[by, "doc_id"], lexicon=lexicon, translation=translation,
                           voice=voice)
    frame = group_segments(corpus, [by], translation=translation, voice=voice).drop_duplicates(
        [by, "doc_id", "seg_id"])
    tokens = frame.groupby([by, "doc_id"], dropna=False)["n_tokens"].sum()
    per_doc = counts.groupby([by, "doc_id", "category"], dropna=False)["count"].sum().unstack(
        "category", fill_value=0)
    per_doc = per_doc.reindex(tokens.index, fill_value=0)
    categories = list(per_doc.columns)
    rng = np.random.default_rng(seed)
    rows = []
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    for group, idx in per_doc.groupby(level=0, dropna=False, sort=True).groups.items():
        mat = per_doc.loc[idx].to_numpy(dtype=float)
        tok = tokens.loc[idx].to_numpy(dtype=float)
        n_docs = len(tok)
        draws = rng.integers(0, n_docs, size=(n_boot, n_docs))
        boot_tok = tok[draws].sum(axis=1)
        boot = mat[draws].sum(axis=1) * 1e4 / np.maximum(boot_tok, 1)[:, None]
        for j, cat in enumerate(categories):
            total = mat[:, j].sum()
            rows.append({
                by: group, "category": cat, "count": int(total), "n_tokens": int(tok.sum()),
                "n_docs": n_docs,
                "rate_per_10k": total * 1e4 / max(tok.sum(), 1),
                "ci_low": float(np.quantile(boot[:, j], lo_q)),
                "ci_high": float(np.quantile(boot[:, j], hi_q)),
                "too_few_docs": n_docs < min_docs,
                "flag": TOO_FEW if n_docs < min_docs else "",
            })
    out = pd.DataFrame(rows, columns=[by, "category", "count", "n_tokens", "n_docs",
                                      "rate_per_10k", "ci_low", "ci_high", "too_few_docs", "flag"])
    return out.sort_values([by, "category"], ignore_index=True, na_position="last")


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
