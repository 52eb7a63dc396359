"""tokens: the tokens stage and the term counter every count goes through."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.corpus.model import counted_mask
from milrel_analysis.tokens import (
    count_options,
    count_text,
    count_texts,
    count_units,
    counts_from_codes,
    ngram_range,
    tokenize_corpus,
)

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


# ----------------------------------------------------------------- counting from the codes

CODED_OPTIONS = [
    {}, {"stopwords": False}, {"ngram": (1, 3)}, {"ngram": 2, "stopwords": False},
    {"normalize": "porter"}, {"normalize": "lemma", "ngram": (1, 2)},
]


def _per_document(corpus):
    """Rows of the countable segments and their document as the unit, in reading order."""
    mask = counted_mask(corpus.segments, translation="official", voice="official").to_numpy()
    rows = np.flatnonzero(mask)
    units, docs = pd.factorize(corpus.segments["doc_id"].to_numpy()[rows])
    return rows, units, list(docs)


def _assert_codes_count_the_text(corpus, options, *, from_codes=True):
    """count_units (from the codes, or the text) equals count_texts (tokenize_text) per document."""
    opts = count_options(**options)
    assert counts_from_codes(opts) is from_codes
    rows, units, docs = _per_document(corpus)
    got = count_units(corpus, rows, units, opts)
    texts = corpus.segments["text"].to_numpy()
    for unit in range(len(docs)):
        expected, n_tokens = count_texts(texts[rows[units == unit]].tolist(), opts)
        row = got.matrix.getrow(unit)
        assert dict(zip(got.vocab[row.indices], row.data.tolist(), strict=True)) == expected
        assert got.n_tokens[unit] == n_tokens
    return got


def _assert_words_are_tokenize_text(corpus):
    """Plain word counts of each segment are those of tokenize_text's tokens, each segment."""
    table = corpus.token_table()
    matrix = table.matrix()
    for row, text in enumerate(corpus.segments["text"]):
        expected = Counter(mra.tokenize_text(text))
        found = matrix.getrow(row)
        assert dict(zip(table.vocab[found.indices], found.data.tolist(), strict=True)) == expected


@pytest.mark.parametrize("options", CODED_OPTIONS)
def test_coded_counts_equal_counting_tokenize_text_on_the_seeds(seed_corpus, options):
    _assert_codes_count_the_text(seed_corpus, options)


def test_coded_words_are_tokenize_text_on_the_seeds(seed_corpus):
    _assert_words_are_tokenize_text(seed_corpus)


@pytest.fixture(scope="module")
def un_sample():
    files = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::150]
    return mra.load_corpus(files)


@pytest.mark.parametrize("options", [{}, {"ngram": (1, 2), "stopwords": False},
                                     {"normalize": "snowball"}])
def test_coded_counts_equal_counting_tokenize_text_on_un_speeches(un_sample, options):
    assert len(un_sample.documents) >= 30
    _assert_codes_count_the_text(un_sample, options)


def test_coded_words_are_tokenize_text_on_un_speeches(un_sample):
    _assert_words_are_tokenize_text(un_sample)


def test_a_compound_across_segments_of_one_unit_counts_once():
    corpus = mra.corpus_from_texts({"d": "Peace in Bosnia and\n\nHerzegovina. Peace."})
    assert corpus.segments["text"].tolist() == ["Peace in Bosnia and", "Herzegovina. Peace."]
    opts = count_options(stopwords=False)
    joined = count_units(corpus, [0, 1], [0, 0], opts)
    row = joined.matrix.getrow(0)
    assert dict(zip(joined.vocab[row.indices], row.data.tolist(), strict=True)) == {
        "peace": 2, "in": 1, "bosnia_and_herzegovina": 1}
    assert joined.n_tokens.tolist() == [4]
    apart = count_units(corpus, [0, 1], [0, 1], opts)  # different units: no compound across
    assert "bosnia_and_herzegovina" not in set(apart.vocab[apart.matrix.indices])
    assert apart.n_tokens.tolist() == [4, 2]


@pytest.mark.parametrize("options", [{"lowercase": False, "compounds": False}, {"compounds": False},
                                     {"compounds": ["win-win cooperation"], "ngram": (1, 2)}])
def test_options_the_codes_cannot_give_are_counted_from_the_text(options):
    corpus = mra.corpus_from_texts({"a": QA, "b": "Hong Kong seeks Win-win cooperation."})
    got = _assert_codes_count_the_text(corpus, options, from_codes=False)
    if options.get("lowercase") is False:
        assert {"China", "Win-win"} <= set(got.vocab)
