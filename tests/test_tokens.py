"""tokens: the tokens stage and the term counter every count goes through."""

from collections import Counter

import pytest

import milrel_analysis as mra
from milrel_analysis.tokens import count_options, count_text, count_texts, ngram_range, tokenize_corpus

QA = ("Reporter: Will the US and China hold talks?\n\n"
      "Wu Qian: China seeks win-win cooperation. Core interests are not negotiable.")


def test_tokenize_corpus_tokens_and_long_form():
    corpus = mra.corpus_from_texts({"qa": QA})
    wide = tokenize_corpus(corpus)
    assert wide["tokens"].tolist() == [["china", "seeks", "win-win", "cooperation", "core_interests",
                                        "are", "not", "negotiable"]]  # the question is the press's
    both = tokenize_corpus(corpus, voice="all", compounds=False)
    assert len(both) == 2 and both["tokens"][0][:3] == ["will", "the", "u.s."]
    assert both["tokens"][1][3:5] == ["cooperation", "core"]
    long = tokenize_corpus(corpus, long=True, stopwords=True)
    assert list(long.columns) == ["doc_id", "seg_id", "position", "token"]
    assert long["position"].tolist() == list(range(len(long)))


def test_count_text_ngrams_stay_inside_sentences_and_skip_edge_stopwords():
    counts, n = count_text("Win-win cooperation. Cooperation of the two sides.", count_options(ngram=2))
    assert n == 7
    assert counts == Counter({"win-win cooperation": 1, "two sides": 1})
    assert "cooperation cooperation" not in counts  # never across sentences


def test_count_texts_sums_texts():
    opts = count_options(stopwords=False)
    total, n = count_texts(["Win-win.", "Win-win again."], opts)
    assert total == Counter({"win-win": 2, "again": 1}) and n == 3


def test_count_options_are_validated():
    assert ngram_range(range(1, 3)) == (1, 2)
    with pytest.raises(ValueError, match=r"ngram=\(3, 1\): give an int >= 1"):
        count_options(ngram=(3, 1))
    with pytest.raises(ValueError, match="normalize='stem' is not allowed"):
        count_options(normalize="stem")
