import itertools
import math

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.inference import (
    DIFFERENCE_COLUMNS,
    TREND_COLUMNS,
    YEAR_COLUMNS,
    phrase_difference,
    phrase_trends,
    year_coverage,
)

FILLER = "The spokesperson answered questions on many other topics today. "


def _doc(date, hits, filler=6):
    return f"Beijing, {date}. " + "We oppose interference in internal affairs. " * hits + FILLER * filler


def burst_corpus():
    """2018: six briefings using the phrase once; 2020: one briefing repeats it 30 times."""
    texts = {f"a{i}": _doc(f"{i + 2} March 2018", 1) for i in range(6)}
    texts.update({f"b{i}": _doc(f"{i + 2} March 2020", 30 if i == 0 else 0) for i in range(6)})
    return mra.corpus_from_texts(texts)


def test_difference_weighs_documents_not_tokens():
    corpus = burst_corpus()
    table = phrase_difference(corpus, 2020, 2018, by="year", lexicon=["internal affairs"],
                              n_perm=4999)
    assert list(table.columns) == DIFFERENCE_COLUMNS
    row = table.iloc[0]
    assert (row.target_count, row.reference_count, row.target_docs, row.reference_docs) == (30, 6, 6, 6)
    assert row.rate_difference > 0 and row.ci_low <= row.rate_difference <= row.ci_high
    # Pooled tokens make it look strong; one briefing in six is no evidence.
    years = mra.phrase_counts(corpus, by="year", lexicon=["internal affairs"]).set_index("year")
    tokens = corpus.documents.groupby("year")["n_tokens"].sum()
    token_level = mra.keyness({"x": years.loc[2020, "count"]}, {"x": years.loc[2018, "count"]},
                              target_total=tokens[2020], reference_total=tokens[2018]).iloc[0]
    assert token_level.p_value < 0.001
    assert row.p_value > 0.2


def _exact_permutation_p(x, t, side):
    """Every labelling of the units, with the statistic S = O - E of phrase_difference."""
    residual = x - t * x.sum() / t.sum()
    observed = abs(residual[side].sum())
    n, k = len(x), int(side.sum())
    stats = [abs(residual[list(c)].sum()) for c in itertools.combinations(range(n), k)]
    return np.mean(np.array(stats) >= observed - 1e-9)


def test_difference_permutation_p_matches_full_enumeration():
    hits = {"d0": 3, "d1": 2, "d2": 0, "d3": 1, "d4": 0, "d5": 1, "d6": 0, "d7": 0}
    texts = {d: _doc(f"{i + 2} May {2020 if i < 4 else 2019}", h, filler=3 + i % 3)
             for i, (d, h) in enumerate(hits.items())}
    corpus = mra.corpus_from_texts(texts)
    table = phrase_difference(corpus, 2020, 2019, by="year", lexicon=["internal affairs"],
                              n_perm=40000, seed=1)
    docs = corpus.documents.set_index("doc_id")
    x = np.array([hits[d] for d in hits], dtype=float)
    t = np.array([docs.loc[d, "n_tokens"] for d in hits], dtype=float)
    exact = _exact_permutation_p(x, t, np.array([i < 4 for i in range(8)]))
    assert table.p_value.iloc[0] == pytest.approx(exact, abs=0.01)
    assert table.target_rate.iloc[0] == pytest.approx(1e4 * 6 / t[:4].sum())


def test_difference_by_counterpart_is_deterministic_and_validated():
    texts = {f"u{i}": "The US side must stop interfering in internal affairs. " + FILLER for i in range(5)}
    texts.update({f"r{i}": "Russia and China cooperate on trade. " + FILLER for i in range(5)})
    corpus = mra.corpus_from_texts(texts)
    first = phrase_difference(corpus, "USA", lexicon=["internal affairs", "trade"], n_perm=999)
    assert first.equals(phrase_difference(corpus, "USA", lexicon=["internal affairs", "trade"],
                                          n_perm=999))
    by_id = first.set_index("phrase_id")
    assert by_id.loc["internal-affairs", "p_value"] < 0.05 and by_id.loc["trade", "rate_difference"] < 0
    assert (first["p_adjusted"] >= first["p_value"]).all()
    assert first.attrs["reference"] == "rest"
    with pytest.raises(ValueError, match=r"target \['FRA'\] not found"):
        phrase_difference(corpus, "FRA")
    with pytest.raises(ValueError, match=r"reference \['JPN'\] not found"):
        phrase_difference(corpus, "USA", "JPN")
    with pytest.raises(ValueError, match="ci=1.5"):
        phrase_difference(corpus, "USA", ci=1.5)
    with pytest.raises(ValueError, match="n_perm=0"):
        phrase_difference(corpus, "USA", n_perm=0)
    with pytest.raises(ValueError, match="adjust='fdr'"):
        phrase_difference(corpus, "USA", adjust="fdr")
    only_us = mra.corpus_from_texts({k: v for k, v in texts.items() if k.startswith("u")})
    with pytest.raises(ValueError, match="nothing to compare"):
        phrase_difference(only_us, "USA")


# --------------------------------------------------------------------------- trends


def geometric_corpus():
    """Three briefings of equal length a year; hits double every year: 1, 2, 4, 8.

    Every briefing has eight five-token sentences ("internal affairs" and "red line" are one
    token each), the phrase's or another's; in 2019 that other sentence draws a red line (a
    phrase of one year only).
    """
    def doc(date, hits, year):
        other = "We draw a red line today. " if year == 2019 else "We oppose unilateral sanctions daily. "
        return (f"Beijing, {date}. " + "We oppose interference in internal affairs. " * hits
                + other * (8 - hits) + FILLER)

    texts = {f"d{y}{i}": doc(f"{i + 2} June {y}", 2 ** (y - 2018), y) for y in range(2018, 2022)
             for i in range(3)}
    texts["undated"] = "We oppose interference in internal affairs. " + FILLER
    return mra.corpus_from_texts(texts)


def test_trends_worked_value_doubling_is_100_percent():
    table = phrase_trends(geometric_corpus(), lexicon=["internal affairs", "red line", "core interests"])
    assert list(table.columns) == TREND_COLUMNS
    row = table.set_index("phrase_id").loc["internal-affairs"]
    # Each year's documents hold twice the last year's hits at equal lengths: e^slope = 2,
    # and the Poisson likelihood is maximal where the fit is exact.
    assert row.n_docs == 12 and (row.first_year, row.last_year) == (2018, 2021)
    assert row.change_per_year_pct == pytest.approx(100, rel=1e-6)
    notes = table.attrs["notes"]
    assert "exactly" in notes["internal-affairs"] and math.isnan(row.p_value)
    assert notes["core-interests"] == "never used"
    assert "used in 2019 only" in notes["red-line"]
    assert table.set_index("phrase_id").loc[["red-line", "core-interests"], "p_value"].isna().all()
    assert table.attrs["undated_docs"] == 1 and table.attrs["n_docs"] == 12


def test_trends_match_an_independent_sandwich_fit():
    rng = np.random.default_rng(5)
    texts, rows = {}, []
    for y in range(2016, 2022):
        for i in range(4):
            hits, filler = int(rng.poisson(1 + 0.4 * (y - 2016))), int(rng.integers(3, 9))
            texts[f"d{y}{i}"] = _doc(f"{i + 2} July {y}", hits, filler)
            rows.append((f"d{y}{i}", y, hits))
    corpus = mra.corpus_from_texts(texts)
    table = phrase_trends(corpus, lexicon=["internal affairs"])
    n_tokens = corpus.documents.set_index("doc_id")["n_tokens"]
    y = np.array([h for *_, h in rows], dtype=float)
    x = np.column_stack([np.ones(len(rows)), [yr - 2018.5 for _, yr, _ in rows]])
    offset = np.log([n_tokens[d] for d, *_ in rows])
    beta = np.zeros(2)
    for _ in range(50):  # Newton-Raphson for the Poisson log-likelihood
        mu = np.exp(offset + x @ beta)
        beta += np.linalg.solve(x.T @ (mu[:, None] * x), x.T @ (y - mu))
    mu = np.exp(offset + x @ beta)
    bread = np.linalg.inv(x.T @ (mu[:, None] * x))
    sandwich = bread @ (x.T @ (((y - mu) ** 2)[:, None] * x)) @ bread  # HC0
    se = math.sqrt(sandwich[1, 1])
    row = table.iloc[0]
    assert row.change_per_year_pct == pytest.approx(100 * math.expm1(beta[1]), rel=1e-6)
    assert row.ci_high == pytest.approx(100 * math.expm1(beta[1] + 1.959964 * se), rel=1e-5)
    assert row.p_value == pytest.approx(math.erfc(abs(beta[1] / se) / math.sqrt(2)), rel=1e-5)


def test_trends_degenerate_cases_do_not_crash():
    one_year = mra.corpus_from_texts({f"d{i}": _doc(f"{i + 2} May 2021", i) for i in range(4)})
    table = phrase_trends(one_year, lexicon=["internal affairs"])
    assert table["change_per_year_pct"].isna().all()
    assert "one year" in table.attrs["notes"]["internal-affairs"]
    undated = mra.corpus_from_texts({"a": "Internal affairs.", "b": "Nothing."})
    empty = phrase_trends(undated, lexicon=["internal affairs"])
    assert list(empty.columns) == TREND_COLUMNS and empty["p_value"].isna().all()
    assert empty.attrs["undated_docs"] == 2
    with pytest.raises(ValueError, match="by='month'"):
        phrase_trends(one_year, by="month")
    with pytest.raises(ValueError, match="ci=0"):
        phrase_trends(one_year, ci=0)


def test_trends_by_date_and_adjustment():
    table = phrase_trends(geometric_corpus(), lexicon=["internal affairs", "red line"], by="date",
                          adjust="bonferroni")
    row = table.set_index("phrase_id").loc["internal-affairs"]
    assert row.change_per_year_pct == pytest.approx(100, rel=0.01)  # same dates each year
    noisy = phrase_trends(burst_corpus(), lexicon=["internal affairs", "win-win", "trade"],
                          adjust="bonferroni")
    assert noisy["p_adjusted"].iloc[0] == pytest.approx(min(1.0, noisy["p_value"].iloc[0] * 1))


def test_year_coverage_flags_partial_and_thin_years():
    texts = {f"a{m}": _doc(f"2 {m} 2019", 1) for m in ("January", "April", "July", "December")}
    texts.update({"b1": _doc("5 May 2020", 1), "b2": _doc("3 July 2020", 1), "u": "Undated words."})
    table = year_coverage(mra.corpus_from_texts(texts), min_docs=3)
    assert list(table.columns) == YEAR_COLUMNS
    assert table.to_dict("records")[0] | {"first_date": None, "last_date": None} == {
        "year": 2019, "n_docs": 4, "n_tokens": table.n_tokens[0], "first_date": None,
        "last_date": None, "partial": False, "too_few_docs": False}
    second = table.iloc[1]
    assert second.year == 2020 and second.partial and second.too_few_docs
    assert second.first_date == pd.Timestamp("2020-05-05") and second.last_date == pd.Timestamp("2020-07-03")
    assert table.attrs["undated_docs"] == 1
    loose = year_coverage(mra.corpus_from_texts(texts), gap_days=200)
    assert not loose["partial"].any()
    with pytest.raises(ValueError, match="gap_days=-1"):
        year_coverage(mra.corpus_from_texts(texts), gap_days=-1)


def test_mfa_internal_affairs_is_no_trend_by_documents():
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    corpus = mra.load_corpus(pages, progress=False)
    coverage = year_coverage(corpus)
    assert coverage.set_index("year").loc[[2018, 2020], "partial"].all()
    trends = phrase_trends(corpus, phrases=["internal-affairs", "win-win"])
    ia = trends.set_index("phrase_id").loc["internal-affairs"]
    assert ia.p_value > 0.05 and ia.ci_low < 0 < ia.ci_high
    assert trends.attrs["partial_years"] == [2018, 2020]
    diff = phrase_difference(corpus, 2020, 2018, by="year", phrases=["internal-affairs"], n_perm=1999)
    assert diff.p_value.iloc[0] > 0.001  # the pooled-token G² gave p < 0.001
