import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.sentences import corpus_sentences, sentence_bounds
from milrel_analysis.text.words import split_sentences
from milrel_analysis.tokens import coded_sentences, tokenize_text


def test_bounds_cut_out_the_sentences_split_sentences_gives(seed_corpus):
    texts = seed_corpus.segments["text"].tolist()
    rows = np.arange(len(texts))
    bounds = sentence_bounds(seed_corpus, rows)
    cut = {row: [] for row in rows.tolist()}
    for row, start, end in bounds[["row", "start", "end"]].itertuples(index=False):
        cut[row].append(texts[row][start:end])
    assert all(cut[row] == split_sentences(texts[row]) for row in rows.tolist())
    assert list(bounds.columns) == ["row", "sentence", "start", "end"]


def test_bound_sentence_numbers_are_those_of_the_codes(seed_corpus):
    rows = np.array([3, 1, 7])
    codes, sentence, vocab = coded_sentences(seed_corpus, rows)
    bounds = sentence_bounds(seed_corpus, rows)
    texts = seed_corpus.segments["text"].to_numpy()
    assert bounds["row"].drop_duplicates().tolist() == rows.tolist()  # in the order asked
    for row, number, start, end in bounds.itertuples(index=False):
        words = vocab[codes[sentence == number]].tolist()
        assert words == tokenize_text(texts[row][start:end])


def test_sentences_apart_by_several_spaces_keep_their_own_offsets():
    corpus = mra.corpus_from_texts({"a": "Talks went well.   The U.S. side listened. Col. Wu left."})
    sents = corpus_sentences(corpus)
    text = corpus.segments["text"].iloc[0]
    got = [text[s:e] for s, e in zip(sents.starts.tolist(), sents.ends.tolist(), strict=True)]
    assert got == split_sentences(text) and len(got) == 3
    assert sentence_bounds(corpus, []).empty


@pytest.mark.parametrize("step", [500])
def test_bounds_on_un_speeches(step):
    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::step]
    corpus = mra.load_corpus(un, progress=False)
    bounds = sentence_bounds(corpus, np.arange(len(corpus.segments)))
    texts = corpus.segments["text"].to_numpy()
    for row, group in bounds.groupby("row"):
        assert [texts[row][s:e] for s, e in zip(group.start, group.end, strict=True)] == \
            split_sentences(texts[row])
    assert pd.Series(bounds["sentence"]).is_monotonic_increasing
