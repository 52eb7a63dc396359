import io

import numpy as np
import pandas as pd
import pytest
from conftest import SEEDS, shared_path

import milrel_analysis as mra
from milrel_analysis.cli import main
from milrel_analysis.collocations import COLLOCATION_COLUMNS, collocations

TEXT = ("China and the US should respect each other's core interests. The US side must stop "
        "interfering. We urge the US side to stop. Russia's president met China's president. "
        "Core interests admit no compromise and China urges the US side to respect them.")


def _nltk_finder(corpus, window):
    from nltk.collocations import BigramCollocationFinder

    sentences = [mra.tokenize_text(s) for t in corpus.countable_segments()["text"]
                 for s in mra.split_sentences(t)]
    if window == 1:
        return BigramCollocationFinder.from_documents(sentences)
    return BigramCollocationFinder.from_words([w for s in sentences for w in s], window_size=window + 1)


@pytest.mark.parametrize(("measure", "nltk_name"), [("g2", "likelihood_ratio"), ("pmi", "pmi"),
                                                    ("t", "student_t"), ("dice", "dice")])
def test_pairs_match_nltk_bigram_measures(measure, nltk_name):
    from nltk.metrics import BigramAssocMeasures

    corpus = mra.corpus_from_texts({"d": TEXT})
    table = collocations(corpus, window=1, measure=measure, min_count=1, stopwords=False)
    finder = _nltk_finder(corpus, 1)
    scores = dict(finder.score_ngrams(getattr(BigramAssocMeasures, nltk_name)))
    assert len(table) == len(scores)
    for row in table.itertuples():
        expected = scores[(row.around, row.term)]
        value = abs(row.statistic) if measure == "g2" else row.statistic
        assert value == pytest.approx(expected, rel=1e-6, abs=1e-9), (row.around, row.term)
    assert list(table.columns) == COLLOCATION_COLUMNS
    assert table["statistic"].is_monotonic_decreasing


def test_pairs_within_a_window_match_nltk_pmi_and_dice():
    from nltk.metrics import BigramAssocMeasures

    one_sentence = mra.corpus_from_texts({"d": "Win-win cooperation serves both sides and win-win "
                                               "cooperation serves the world and both sides gain"})
    finder = _nltk_finder(one_sentence, 3)
    for measure, nltk_name in [("pmi", "pmi"), ("dice", "dice")]:
        table = collocations(one_sentence, window=3, measure=measure, min_count=1, stopwords=False)
        scores = dict(finder.score_ngrams(getattr(BigramAssocMeasures, nltk_name)))
        for row in table.itertuples():
            assert row.statistic == pytest.approx(scores[(row.around, row.term)], rel=1e-9)


def test_hand_checked_pair_scores():
    corpus = mra.corpus_from_texts({"d": "Win talks win talks peace."})
    # N = 5, f(win) = f(talks) = 2, O(win, talks) = 2, E = 2 * 2 / 5 = 0.8
    rows = {m: collocations(corpus, window=1, measure=m, min_count=2, stopwords=False).iloc[0]
            for m in ("pmi", "t", "dice")}
    assert (rows["pmi"].around, rows["pmi"].term, rows["pmi"]["count"]) == ("win", "talks", 2)
    assert rows["pmi"].expected == pytest.approx(0.8)
    assert rows["pmi"].statistic == pytest.approx(1.321928, abs=1e-6)  # log2(2.5)
    assert rows["t"].statistic == pytest.approx(0.848528, abs=1e-6)  # 1.2 / sqrt(2)
    assert rows["dice"].statistic == pytest.approx(1.0)


def test_around_a_counterpart_counts_its_mentions_in_sentences():
    corpus = mra.corpus_from_texts({"d": TEXT})
    table = collocations(corpus, "USA", window=3, min_count=1)
    assert table.attrs["kind"] == "counterpart" and table.attrs["node_count"] == 4
    found = table.set_index("term")
    assert found.loc["side", "count"] == 3 and found.loc["stop", "count"] == 2
    assert "us" not in found.index  # the node itself is never its own collocate
    n = table.attrs["n_tokens"]
    f2 = sum(t == "side" for s in mra.split_sentences(TEXT) for t in mra.tokenize_text(s))
    assert found.loc["side", "expected"] == pytest.approx(2 * 3 * 4 * f2 / n)
    russia = collocations(corpus, "RUS", window=2, min_count=1)
    assert "president" in set(russia["term"]) and "s" not in set(russia["term"])
    assert "interfering" not in set(russia["term"])  # another sentence


def test_around_a_phrase_a_word_and_a_literal():
    corpus = mra.corpus_from_texts({"d": TEXT})
    phrase = collocations(corpus, "core-interests", window=3, min_count=1)
    assert phrase.attrs["kind"] == "phrase" and phrase.attrs["node_count"] == 2
    assert {"respect_each_other", "admit"} <= set(phrase["term"])  # "respect each other" is a formula
    assert not {"core", "interests"} & set(phrase["term"])
    word = collocations(corpus, "stop", window=2, min_count=1)
    assert word.attrs["kind"] == "word" and "side" in set(word["term"])
    literal = collocations(corpus, "each other", window=2, min_count=1)
    assert literal.attrs["kind"] == "phrase" and "respect" in set(literal["term"])
    absent = collocations(corpus, "JPN")
    assert list(absent.columns) == COLLOCATION_COLUMNS and absent.empty


def test_collocations_are_adjusted_sorted_and_validated():
    corpus = mra.load_corpus(SEEDS)
    table = collocations(corpus, "USA", min_count=2)
    from scipy.stats import false_discovery_control

    np.testing.assert_allclose(table["p_adjusted"], false_discovery_control(table["p_value"]))
    order = table.sort_values(["statistic", "term"], ascending=[False, True], ignore_index=True)
    assert table.equals(order) and (table["count"] >= 2).all()
    assert table.equals(collocations(corpus, "USA", min_count=2))
    with pytest.raises(ValueError, match="window=0"):
        collocations(corpus, window=0)
    with pytest.raises(ValueError, match="measure='mi'"):
        collocations(corpus, measure="mi")
    with pytest.raises(ValueError, match="around=''"):
        collocations(corpus, "")
    with pytest.raises(ValueError, match="has no word in it"):
        collocations(corpus, "!!")
    with pytest.raises(ValueError, match="adjust='holm'"):
        collocations(corpus, adjust="holm")


def test_cli_collocations(capsys):
    assert main(["collocations", str(SEEDS), "--around", "USA", "--top", "3", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == COLLOCATION_COLUMNS and len(table) == 3
    assert set(table["around"]) == {"USA"}
    assert main(["collocations", str(SEEDS), "--window", "1", "--measure", "pmi", "--min-count", "2",
                 "--format", "jsonl"]) == 0
    assert capsys.readouterr().out.count("\n") >= 1
    assert main(["collocations", str(SEEDS), "--window", "0"]) == 2
    assert "window=0" in capsys.readouterr().err


def test_mfa_words_around_the_us_and_russia():
    pages = sorted(shared_path("corpora", "mfa-presscon-html", "pages").glob("*.html"))[:150]
    corpus = mra.load_corpus(pages, progress=False)
    usa = collocations(corpus, "USA")
    assert {"side", "urge"} & set(usa.head(10)["term"])
    rus = collocations(corpus, "RUS")
    assert "s" not in set(rus["term"]) and (rus["p_adjusted"] >= rus["p_value"]).all()


@pytest.mark.parametrize("around", ["USA", "RUS", "PRK", "win-win", "one-china-principle"])
def test_tokenizing_only_the_segments_with_a_node_changes_nothing(seed_corpus, monkeypatch, around):
    import importlib

    module = importlib.import_module("milrel_analysis.collocations")
    fast = collocations(seed_corpus, around, min_count=1, window=3, voice="all")

    def every_segment_tokenized(corpus, rows, finder):
        return module._token_stream(corpus.segments["text"].to_numpy()[rows].tolist(), finder)

    monkeypatch.setattr(module, "_mixed_stream", every_segment_tokenized)
    slow = collocations(seed_corpus, around, min_count=1, window=3, voice="all")
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs


def test_stored_sentences_give_the_same_counts_on_un_speeches(monkeypatch):
    import importlib

    module = importlib.import_module("milrel_analysis.collocations")
    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::150]  # 40 speeches
    corpus = mra.load_corpus(un, progress=False)
    fast = {node: collocations(corpus, node, min_count=1, window=4) for node in ("USA", "RUS")}
    assert fast["USA"].attrs["node_count"] > 10

    def every_segment_tokenized(corpus, rows, finder):
        return module._token_stream(corpus.segments["text"].to_numpy()[rows].tolist(), finder)

    monkeypatch.setattr(module, "_mixed_stream", every_segment_tokenized)
    for node, table in fast.items():
        pd.testing.assert_frame_equal(table, collocations(corpus, node, min_count=1, window=4),
                                      check_exact=True)


@pytest.mark.parametrize("around, options", [
    (None, {"window": 1, "min_count": 2}),
    (None, {"window": 4, "measure": "pmi", "stopwords": False}),
    ("USA", {"measure": "t", "min_count": 1}),
    ("core-interests", {"window": 3, "min_count": 1, "adjust": None}),
    ("cooperation", {"measure": "dice", "min_count": 1, "voice": "all"}),
])
def test_scored_counts_are_the_collocations_table(seed_corpus, around, options):
    from milrel_analysis.collocations import collocation_counts, score_collocations

    scoring = {k: options.pop(k) for k in ("measure", "min_count", "adjust") if k in options}
    table = collocations(seed_corpus, around, **options, **scoring)
    counts = collocation_counts(seed_corpus, around, **options)
    assert len(table) > 0 and (counts.pairs["count"] >= 1).all()
    scored = score_collocations(counts, **scoring)
    pd.testing.assert_frame_equal(scored, table, check_exact=True)
    assert scored.attrs == table.attrs


def test_counts_of_two_halves_add_up_to_the_whole(seed_corpus):
    from milrel_analysis.collocations import collocation_counts, score_collocations

    docs = seed_corpus.documents["doc_id"].tolist()
    halves = [seed_corpus.filter(doc_ids=docs[:2]), seed_corpus.filter(doc_ids=docs[2:])]
    for around in (None, "USA"):
        total = collocation_counts(halves[0], around) + collocation_counts(halves[1], around)
        whole = collocation_counts(seed_corpus, around)
        assert total.n_tokens == whole.n_tokens and total.node_count == whole.node_count
        pd.testing.assert_frame_equal(score_collocations(total, min_count=1),
                                      score_collocations(whole, min_count=1), check_exact=True)
