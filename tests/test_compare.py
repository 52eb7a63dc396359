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
                               "reference_rate", "statistic", "p_value", "log_ratio"]
    assert t["statistic"].is_monotonic_decreasing and t.iloc[0]["term"] == "a"
    with pytest.raises(ValueError, match="measure='dice'"):
        keyness({"a": 1}, {"a": 1}, measure="dice")


def test_year_end_review_counts_russia_sentences_for_russia(seed_corpus):
    only_004 = seed_corpus.filter(doc_ids=[d for d in seed_corpus.documents.doc_id if d.startswith("004")])
    table = compare_counterparts(only_004, "RUS", "rest", min_count=1).set_index("term")
    assert table.loc["russia", "target_count"] >= 1
    assert table.loc["russia", "reference_count"] == 0
    assert "caveat" in table.attrs


def test_compare_counterparts_pairwise_and_phrases(seed_corpus):
    terms = compare_counterparts(seed_corpus, "USA", "RUS")
    assert terms.iloc[0]["term"] == "us"
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
