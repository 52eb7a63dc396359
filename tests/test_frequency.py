import numpy as np
import pandas as pd
import pytest

import milrel_analysis as mra
from milrel_analysis.corpus import group_segments
from milrel_analysis.frequency import term_frequency, tf_idf, top_terms


@pytest.fixture(scope="module")
def small():
    return mra.corpus_from_texts({
        "a": "BEIJING, Jan. 28, 2021 -- Win-win cooperation is the way. Win-win! The US side agreed.",
        "b": "BEIJING, July 8, 2022 -- Core interests. The Russian side and the US side agreed.",
    })




def test_term_frequency_counts_rates_and_doc_freq(small):
    tf = term_frequency(small)
    a = tf[tf.doc_id == "a"].set_index("term")
    assert a.loc["win-win", "count"] == 2
    n_tokens = small.documents.set_index("doc_id").loc["a", "n_tokens"]
    assert a.loc["win-win", "rate_per_10k"] == pytest.approx(2 * 1e4 / n_tokens, abs=0.01)
    assert "the" not in a.index  # stopwords dropped by default
    assert list(tf.columns) == ["doc_id", "term", "count", "rate_per_10k", "doc_freq", "n_docs"]
    assert tf["n_docs"].equals(tf["doc_freq"])
    by_all = term_frequency(small, by="format").set_index("term")
    assert by_all.loc["side", "count"] == 3 and by_all.loc["side", "doc_freq"] == 2


def test_ngrams_never_cross_sentences(small):
    grams = set(term_frequency(small, ngram=2, stopwords=False)["term"])
    assert "win-win cooperation" in grams
    assert "way win-win" not in grams  # "... the way. Win-win!" spans a sentence boundary
    mixed = term_frequency(small, ngram=(1, 3))
    assert {"win-win", "win-win cooperation", "core_interests"} <= set(mixed["term"])
    assert "core interests" in set(term_frequency(small, ngram=2, compounds=False)["term"])
    assert not any(t.startswith("the ") or t.endswith(" the") for t in mixed["term"])


def test_min_count_and_bad_arguments(small):
    assert (term_frequency(small, min_count=2)["count"] >= 2).all()
    with pytest.raises(KeyError, match="by='yaer' is not a corpus column"):
        term_frequency(small, by="yaer")
    with pytest.raises(ValueError, match="ngram"):
        term_frequency(small, ngram=(3, 1))


def test_one_translation_counted(seed_corpus):
    tf = term_frequency(seed_corpus, by="year")
    y2023 = tf[tf.year == 2023].set_index("term")["count"]
    future, destiny = "community_with_a_shared_future_for_mankind", "community_of_human_destiny"
    assert destiny not in y2023.index and y2023[future] == 1
    both = term_frequency(seed_corpus, by="year", translation="all")
    assert both[(both.year == 2023) & (both.term == destiny)]["count"].item() == 1
    plain = term_frequency(seed_corpus, by="year", compounds=False)
    assert plain[(plain.year == 2023) & (plain.term == "mankind")]["count"].item() == 1


def test_counterpart_grouping_is_segment_level(seed_corpus):
    frame = group_segments(seed_corpus, "counterpart")
    doc004 = frame[frame.doc_id.str.startswith("004")]
    russia = doc004[doc004.counterpart == "RUS"]["text"]
    assert len(russia) >= 1 and all("Russia" in t for t in russia)
    tf = term_frequency(seed_corpus, by="counterpart")
    assert tf[(tf.counterpart == "PRK") & (tf.term == "dprk")]["count"].item() >= 5


def test_tf_idf_idf_matches_scikit_learn(small):
    sklearn = pytest.importorskip("sklearn.feature_extraction.text")
    table = tf_idf(small, stopwords=False, compounds=False)  # scikit-learn joins no names
    vec = sklearn.TfidfVectorizer(token_pattern=r"(?u)[^\W_]+(?:[-'][^\W_]+)*", lowercase=True)
    texts = [" ".join(seg for seg in small.countable_segments().query("doc_id == @d")["text"])
             for d in ["a", "b"]]
    vec.fit(texts)
    idf = dict(zip(vec.get_feature_names_out(), vec.idf_, strict=True))
    ours = table.drop_duplicates("term").set_index("term")["idf"]
    for term in ["win-win", "side", "core"]:
        assert ours[term] == pytest.approx(idf[term], rel=1e-5)


def test_top_terms_ranks_within_groups(small):
    top = top_terms(term_frequency(small), n=1)
    assert top.groupby("doc_id").size().tolist() == [1, 1]
    assert top.set_index("doc_id").loc["a", "term"] == "win-win"
    assert np.all(top["rank"] == 1)


def test_stemming_and_public_api(small):
    assert mra.tokenize_text("provocations provoked", normalize="porter") == ["provoc", "provok"]
    assert mra.term_frequency is term_frequency
    with pytest.raises(ValueError, match="normalize='lemmas'"):
        mra.tokenize_text("x", normalize="lemmas")


def test_importing_the_package_loads_no_plotting_backend():
    import subprocess
    import sys

    code = "import sys, milrel_analysis; print('matplotlib.pyplot' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"




def test_term_frequency_matches_a_plain_counter(seed_corpus):
    from collections import Counter

    stop = mra.load_wordlist("stopwords")
    table = term_frequency(seed_corpus)
    for doc_id, texts in seed_corpus.countable_segments().groupby("doc_id")["text"]:
        expected = Counter(t for text in texts for t in mra.tokenize_text(text) if t not in stop)
        got = table[table.doc_id == doc_id].set_index("term")["count"].to_dict()
        assert got == dict(expected)
    # Sorted by group, count descending, then term.
    assert table.equals(table.sort_values(["doc_id", "count", "term"], ascending=[True, False, True],
                                          ignore_index=True))




SOME_GROUPS = {
    "a": "The US side held talks. Win-win cooperation matters.\n\nRussia and China agree.",
    "b": "Russia seeks core interests. The talks went on.\n\nJapan spoke.\n\nFrance spoke.",
    "c": "Nothing here. More words here.\n\nIndia and Brazil met.\n\nGermany met. Italy met.",
}


@pytest.mark.parametrize("ngram", [1, 2, (1, 3)])
def test_term_frequency_of_some_groups_are_their_rows_of_the_whole_table(ngram):
    corpus = mra.corpus_from_texts(SOME_GROUPS)
    chosen = ["USA", "RUS", "NOWHERE"]
    # Counted first, before the whole corpus's sentences exist: only these groups' are split.
    some = term_frequency(corpus, by="counterpart", ngram=ngram, groups=chosen)
    one = term_frequency(corpus, by="counterpart", ngram=ngram, groups="USA")
    none = term_frequency(corpus, by="counterpart", ngram=ngram, groups=["NOWHERE"])
    assert "sentences" not in corpus.token_table().derived
    whole = term_frequency(corpus, by="counterpart", ngram=ngram)
    expected = whole[whole["counterpart"].isin(chosen)].reset_index(drop=True)
    assert set(expected["counterpart"]) == {"USA", "RUS"}
    pd.testing.assert_frame_equal(some, expected)
    pd.testing.assert_frame_equal(one, whole[whole["counterpart"] == "USA"].reset_index(drop=True))
    assert none.empty and list(none.columns) == list(whole.columns)
    # Once the whole corpus's sentences exist, a selection reads them: the same rows.
    pd.testing.assert_frame_equal(
        term_frequency(corpus, by="counterpart", ngram=ngram, groups=chosen), expected)


def test_term_frequency_groups_need_one_by_column(seed_corpus):
    with pytest.raises(ValueError, match=r"groups= selects groups of one column; by=\['year', "):
        term_frequency(seed_corpus, by=["year", "counterpart"], groups=["USA"])
