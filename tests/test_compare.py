import numpy as np
import pandas as pd
import pytest
from conftest import SEEDS, shared_path

import milrel_analysis as mra
from milrel_analysis.cli import main
from milrel_analysis.compare import compare_counterparts, keyness, similarity, stance_profile

A, C, B, D = 40, 10_000, 20, 20_000


def _one(measure, a=A, b=B, c=C, d=D, **kw):
    table = keyness({"w": a}, {"w": b}, measure=measure, target_total=c, reference_total=d, **kw)
    return table.set_index("term").loc["w"]


def test_g2_oracle():
    row = _one("g2")
    assert row.statistic == pytest.approx(27.786028, abs=1e-6)
    assert row.p_value == pytest.approx(1.355e-07, rel=1e-3)
    assert row.log_ratio == pytest.approx(2.0)
    assert _one("g2", a=20, b=40 * 2).statistic < 0  # under-used in the target: negative sign


def test_log_ratio_zero_count_oracle():
    assert _one("log_ratio", a=7, b=0).statistic == pytest.approx(4.807355, abs=1e-6)


def test_log_odds_oracle():
    # Pooled background: alpha_w = 1000 * 60 / 30000 = 2.
    assert _one("log_odds", alpha0=1000).statistic == pytest.approx(4.924494, abs=1e-6)


def test_g2_and_chi2_match_scipy_on_random_tables():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(7)
    for _ in range(25):
        a, b = rng.integers(0, 200, size=2)
        c, d = a + rng.integers(1, 5000), b + rng.integers(1, 5000)
        table = [[a, b], [c - a, d - b]]
        for measure, yates, lambda_ in [("chi2", False, None), ("chi2", True, None),
                                        ("g2", False, "log-likelihood")]:
            expected, p, *_ = stats.chi2_contingency(table, correction=yates, lambda_=lambda_)
            row = _one(measure, a=a, b=b, c=c, d=d, yates=yates)
            assert abs(row.statistic) == pytest.approx(expected, rel=1e-6, abs=1e-9)
            assert row.p_value == pytest.approx(p, rel=1e-6, abs=1e-12)


def test_keyness_table_shape_and_errors():
    t = keyness(pd.Series({"a": 5, "b": 1}), {"a": 1, "b": 5, "c": 3})
    assert list(t.columns) == ["term", "target_count", "reference_count", "target_rate",
                               "reference_rate", "statistic", "p_value", "p_adjusted",
                               "significant", "log_ratio"]
    assert t["statistic"].is_monotonic_decreasing and t.iloc[0]["term"] == "a"
    with pytest.raises(ValueError, match="measure='dice'"):
        keyness({"a": 1}, {"a": 1}, measure="dice")


def test_year_end_review_counts_russia_sentences_for_russia(seed_corpus):
    only_004 = seed_corpus.filter(doc_ids=[d for d in seed_corpus.documents.doc_id if d.startswith("004")])
    table = compare_counterparts(only_004, "RUS", "rest", min_count=1, exclude_names=False).set_index("term")
    assert table.loc["russia", "target_count"] >= 1
    assert table.loc["russia", "reference_count"] == 0
    assert "caveat" in table.attrs
    assert "russia" not in set(compare_counterparts(only_004, "RUS", "rest", min_count=1)["term"])


def test_compare_counterparts_pairwise_and_phrases(seed_corpus):
    terms = compare_counterparts(seed_corpus, "USA", "RUS", exclude_names=False)
    assert terms.iloc[0]["term"] == "u.s."  # the country, not the pronoun
    assert terms.attrs["target"] == "USA" and terms.attrs["reference"] == "RUS"
    phrases = compare_counterparts(seed_corpus, "USA", unit="phrase", min_count=1)
    assert {"label", "category"} <= set(phrases.columns)
    assert phrases.set_index("term").loc["core-interests", "target_count"] == 1
    with pytest.raises(ValueError, match="not found"):
        compare_counterparts(seed_corpus, "FRA")


def test_compare_against_external_list(seed_corpus):
    ref = pd.Series({"us": 1, "cooperation": 50, "the": 500})
    table = compare_counterparts(seed_corpus, "USA", ref, min_count=1)
    assert table.attrs["reference"] == "external list"
    assert table.set_index("term").loc["cooperation", "statistic"] < 0


def test_stance_profile_intervals_and_flags(seed_corpus):
    prof = stance_profile(seed_corpus, n_boot=200)
    usa = prof[prof.counterpart == "USA"].set_index("category")
    assert (usa["ci_low"] <= usa["rate_per_10k"] + 1e-9).all()
    assert (usa["rate_per_10k"] <= usa["ci_high"] + 1e-9).all()
    assert set(prof["flag"]) == {"too few documents to compare"}
    assert prof.equals(stance_profile(seed_corpus, n_boot=200))  # seeded: deterministic


def test_similarity_is_symmetric(seed_corpus):
    sims = similarity(seed_corpus, by="doc_id")
    wide = sims.pivot(index="doc_id_a", columns="doc_id_b", values="cosine")
    assert np.allclose(wide.to_numpy(), wide.to_numpy().T)
    assert np.allclose(np.diag(wide.to_numpy()), 1.0)


def test_cli_compare(capsys):
    code = main(["compare", str(SEEDS), "--target", "USA", "--reference", "RUS", "--top", "2",
                 "--format", "csv"])
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("term,target_count") and len(lines) == 5
    assert "too few documents" in err


def test_ungdc_china_vs_us_from_file_names():
    txt = shared_path("corpora", "ungdc", "TXT")
    files = sorted(txt.glob("Session 7*/CHN_*.txt")) + sorted(txt.glob("Session 7*/USA_*.txt"))
    corpus = mra.load_corpus(files, filename_pattern=r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})")
    assert set(corpus.documents["country"]) == {"CHN", "USA"}
    assert corpus.documents["year"].between(2000, 2022).all()
    table = compare_counterparts(corpus, "CHN", "USA", by="country")
    assert "development" in set(table.head(10)["term"])
    assert "america" in set(table.tail(10)["term"])


def test_keyness_and_comparison_errors_say_what_is_wrong(seed_corpus):
    import pandas as pd

    with pytest.raises(TypeError, match="give a term -> count Series or mapping"):
        keyness(pd.DataFrame({"x": [1]}), {"a": 1})
    with pytest.raises(ValueError, match="target has negative counts"):
        keyness({"a": -1}, {"a": 1})
    with pytest.raises(ValueError, match="both sides need tokens"):
        keyness({"a": 0}, {"a": 1})
    with pytest.raises(ValueError, match="exceeds its side's total"):
        keyness({"a": 5}, {"a": 1}, target_total=2)
    with pytest.raises(ValueError, match="background lacks terms"):
        keyness({"a": 5, "b": 1}, {"a": 1}, measure="log_odds", background={"a": 9})
    with pytest.raises(ValueError, match=r"reference \['ATLANTIS'\] not found in 'counterpart'"):
        compare_counterparts(seed_corpus, "USA", "ATLANTIS")
    with pytest.raises(ValueError, match="unit='word' is not allowed"):
        compare_counterparts(seed_corpus, "USA", unit="word")
    empty = seed_corpus.filter(doc_ids=[seed_corpus.documents.doc_id[0]])
    with pytest.raises(ValueError, match="nothing to compare: target has"):
        compare_counterparts(empty, "USA", "rest")
    with pytest.raises(ValueError, match="ci=1.5: give a level between 0 and 1"):
        stance_profile(seed_corpus, ci=1.5)


# --------------------------------------------------------------------------- multiple tests


def _random_counts(seed=3, n=60):
    rng = np.random.default_rng(seed)
    terms = [f"t{i}" for i in range(n)]
    base = rng.integers(1, 60, n)
    target = pd.Series(rng.binomial(base * 2, 0.5), index=terms)
    target.iloc[:5] += 40  # a few real differences among the noise
    reference = pd.Series(rng.binomial(base * 4, 0.5), index=terms)
    return target, reference


def test_keyness_adjusts_p_values_bh_by_default():
    stats = pytest.importorskip("scipy.stats")
    target, reference = _random_counts()
    table = keyness(target, reference)
    expected = stats.false_discovery_control(table["p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(table["p_adjusted"], expected, rtol=1e-12)
    assert (table["p_adjusted"] >= table["p_value"] - 1e-15).all()
    assert table["significant"].equals(table["p_adjusted"] < 0.05)
    assert table["significant"].sum() < (table["p_value"] < 0.05).sum()
    assert table.attrs["adjust"] == "bh" and table.attrs["n_tests"] == len(table) == 60


def test_keyness_bonferroni_none_and_alpha():
    target, reference = _random_counts()
    bonf = keyness(target, reference, adjust="bonferroni")
    np.testing.assert_allclose(bonf["p_adjusted"], np.minimum(1, bonf["p_value"] * len(bonf)))
    raw = keyness(target, reference, adjust=None)
    assert raw["p_adjusted"].equals(raw["p_value"])
    strict = keyness(target, reference, alpha=0.001)
    assert strict["significant"].equals(strict["p_adjusted"] < 0.001)
    assert strict["significant"].sum() <= keyness(target, reference)["significant"].sum()
    with pytest.raises(ValueError, match="adjust='holm'"):
        keyness(target, reference, adjust="holm")
    with pytest.raises(ValueError, match="alpha=1.5"):
        keyness(target, reference, alpha=1.5)


def test_bh_hand_checked_values():
    from milrel_analysis._stats import adjust_pvalues

    # Benjamini & Hochberg on four p values: p_(i) * m / i, made monotone from the top.
    assert adjust_pvalues(np.array([0.01, 0.04, 0.03, 0.5])).tolist() == pytest.approx(
        [0.04, 0.0533333333, 0.0533333333, 0.5])
    assert np.isnan(adjust_pvalues(np.array([np.nan, 0.2]), "bh")[0])


# --------------------------------------------------------------------------- more measures


def test_fisher_matches_scipy_and_the_lady_tasting_tea():
    stats = pytest.importorskip("scipy.stats")
    table = keyness({"w": 3, "x": 1}, {"w": 1, "x": 3}, measure="fisher").set_index("term")
    assert table.loc["w", "p_value"] == pytest.approx(0.4857142857, abs=1e-9)  # Fisher (1935)
    assert table.loc["w", "statistic"] == pytest.approx(-np.log10(0.4857142857))
    assert table.loc["x", "statistic"] == pytest.approx(np.log10(0.4857142857))  # under-used
    rng = np.random.default_rng(11)
    for _ in range(20):
        a, b = rng.integers(0, 40, size=2)
        c, d = a + rng.integers(1, 300), b + rng.integers(1, 300)
        row = _one("fisher", a=a, b=b, c=c, d=d)
        assert row.p_value == pytest.approx(stats.fisher_exact([[a, b], [c - a, d - b]]).pvalue,
                                            rel=1e-12)


def test_williams_correction_worked_value():
    row = _one("g2", correction="williams")
    n, r1 = C + D, A + B
    q = 1 + (n / r1 + n / (n - r1) - 1) * (n / C + n / D - 1) / (6 * n)  # Williams (1976)
    assert q == pytest.approx(1.0097222, abs=1e-7)
    assert row.statistic == pytest.approx(27.786028 / q, abs=1e-6)
    assert row.statistic == pytest.approx(27.518486, abs=1e-6)
    # quanteda's lettering of the same table: cells a, b, c, d with c = tN - a, d = rN - b
    qa, qb, qc, qd = A, B, C - A, D - B
    nq = qa + qb + qc + qd
    q_quanteda = 1 + (nq / (qa + qb) + nq / (qc + qd) - 1) * (nq / (qa + qc) + nq / (qb + qd) - 1) / (6 * nq)
    assert q == pytest.approx(q_quanteda)
    assert row.p_value > _one("g2").p_value  # a smaller statistic, a larger p
    chi = _one("chi2", correction="williams")
    assert chi.statistic == pytest.approx(_one("chi2").statistic / q)


def test_pmi_worked_value():
    # log2(a N / ((a + b) c)) = log2(40 * 30000 / (60 * 10000)) = 1 exactly
    assert _one("pmi").statistic == pytest.approx(1.0)
    assert _one("pmi").p_value == pytest.approx(_one("g2").p_value)
    zero = _one("pmi", a=0, b=20)  # a = 0 is read as 0.5
    assert zero.statistic == pytest.approx(np.log2(0.5 * 30000 / (20 * 10000)))


def test_log_odds_scattertext_variance_worked_value():
    alpha_w = 1000 * 60 / 30000
    rest_t, rest_r = C + 1000 - A - alpha_w, D + 1000 - B - alpha_w
    delta = np.log((A + alpha_w) / rest_t) - np.log((B + alpha_w) / rest_r)
    var = 1 / (A + alpha_w) + 1 / rest_t + 1 / (B + alpha_w) + 1 / rest_r
    row = _one("log_odds", variance="scattertext")
    assert row.statistic == pytest.approx(delta / np.sqrt(var))
    assert row.statistic == pytest.approx(4.919563, abs=1e-6)
    assert _one("log_odds", variance="monroe").statistic == pytest.approx(4.924494, abs=1e-6)


def test_corrections_and_variances_are_validated():
    with pytest.raises(ValueError, match="correction='williams' does not apply to measure='fisher'"):
        _one("fisher", correction="williams")
    with pytest.raises(ValueError, match="correction='yates' does not apply to measure='g2'"):
        _one("g2", correction="yates")
    with pytest.raises(ValueError, match="correction='bogus'"):
        _one("g2", correction="bogus")
    with pytest.raises(ValueError, match="variance='four'"):
        _one("log_odds", variance="four")
    assert _one("chi2", correction="yates").statistic == pytest.approx(_one("chi2", yates=True).statistic)


def test_measures_are_listed_once():
    from milrel_analysis._types import MEASURES
    from milrel_analysis.cli import build_parser

    assert {"fisher", "pmi", "g2", "chi2", "log_ratio", "log_odds"} == set(MEASURES)
    action = next(a for a in build_parser()._subparsers._group_actions[0].choices["compare"]._actions
                  if a.dest == "measure")
    assert list(action.choices) == list(MEASURES)


# --------------------------------------------------------------------------- names


NAMED = {
    "u1": "Spokesperson: The US side must stop. Trump and Pompeo urged Washington. "
          "China-US ties and Sino-US trade matter. American officials urged restraint.",
    "u2": "The United States should stop its wrong acts. The US must stop. China urges calm.",
    "r1": "Russia and China deepen coordination. Putin met Xi in Moscow. China-Russia ties are strong.",
    "r2": "Russian officials praised coordination. Russia supports China.",
}


def test_exclude_names_drops_the_counterparts_own_names():
    corpus = mra.corpus_from_texts(NAMED)
    kept = compare_counterparts(corpus, "USA", "RUS", min_count=1, exclude_names=False)
    assert {"u.s.", "trump", "pompeo", "washington", "china-u.s.", "russia", "putin"} <= set(kept["term"])
    assert kept.attrs["excluded_terms"] == []
    table = compare_counterparts(corpus, "USA", "RUS", min_count=1)
    terms = set(table["term"])
    for name in ["u.s.", "trump", "pompeo", "washington", "china-u.s.", "sino-u.s.", "american",
                 "russia", "putin", "moscow", "china-russia", "russian"]:
        assert name not in terms, name
    assert {"stop", "china", "coordination"} <= terms  # China's own names are kept
    assert set(table.attrs["excluded_terms"]) == set(kept["term"]) - terms
    rest = compare_counterparts(corpus, "USA", "rest", min_count=1)
    assert "russia" in set(rest["term"]) and "trump" not in set(rest["term"])


def test_name_terms_follow_the_tokenizer_and_compounds():
    from milrel_analysis.compare import name_terms, names_in

    names = name_terms("USA")
    assert " ".join(mra.tokenize_text("United States")) in names
    assert {"u.s.", "trump", "washington", "sino-u.s."} <= names
    assert "us" not in names  # the pronoun is no name of the USA
    assert names_in(["u.s.-china", "china-u.s.", "the united_states side", "stop", "trumpet", "us"],
                    names) == ["u.s.-china", "china-u.s.", "the united_states side"]


def test_exclude_names_only_for_counterparts():
    txt = {"CHN_1_2020": "Development and win-win. America first.",
           "USA_1_2020": "America leads. America and freedom."}
    corpus = mra.corpus_from_texts(txt)
    corpus.documents["country"] = corpus.documents["doc_id"].str[:3]
    table = compare_counterparts(corpus, "CHN", "USA", by="country", min_count=1)
    assert "america" in set(table["term"]) and table.attrs["excluded_terms"] == []


def test_cli_compare_adjust(capsys):
    assert main(["compare", str(SEEDS), "--target", "USA", "--adjust", "none", "--format", "csv"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert {"p_adjusted", "significant"} <= set(table.columns)
    assert np.allclose(table["p_adjusted"], table["p_value"])
    assert main(["compare", str(SEEDS), "--target", "USA", "--adjust", "bonferroni"]) == 0
    bonf = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert np.allclose(bonf["p_adjusted"], np.minimum(1, bonf["p_value"] * len(bonf)))


def test_mfa_usa_against_the_rest_names_out_and_adjusted():
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    corpus = mra.load_corpus(pages, progress=False)
    from milrel_analysis.compare import name_terms

    table = compare_counterparts(corpus, "USA", "rest")
    raw_sig = (table["p_value"] < 0.05).sum()
    assert 0 < table["significant"].sum() < raw_sig  # BH keeps fewer than p < 0.05
    top = table.head(20)
    assert top["significant"].all()
    assert not set(top["term"]) & name_terms("USA")
    assert {"u.s.", "trump", "pompeo", "china-u.s."} <= set(table.attrs["excluded_terms"])
    assert "us" not in set(table.attrs["excluded_terms"])
