"""corpus.vocab: each segment's tokens counted once, as codes over one sorted vocabulary."""

import dataclasses
import pickle

import numpy as np
import pytest

import milrel_analysis as mra
from milrel_analysis.corpus.vocab import (
    TokenTable,
    encode_document,
    merge_documents,
    normalized_forms,
    ranges,
    replace_segments,
    table_from_texts,
)
from milrel_analysis.lexicons import default_compounds
from milrel_analysis.text.words import split_sentences, stemmer, tokenize_edges
from milrel_analysis.tokens import tokenize_text

TEXTS = ["Wang Yi met the US side in Hong Kong.", "", "China's core interests: win-win.",
         "Mu ltilateral talks, talks and talks.", "The People's Liberation Army. Navy"]


def _table(texts=TEXTS):
    return table_from_texts(texts, default_compounds())


def test_codes_decode_to_the_tokenizer_tokens_of_each_segment():
    table = _table()
    assert [table.segment_tokens(i) for i in range(len(TEXTS))] == [tokenize_text(t) for t in TEXTS]
    assert table.n_tokens.tolist() == [len(tokenize_text(t)) for t in TEXTS]
    assert table.codes.dtype == np.int32 and table.offsets.dtype == np.int64


def test_the_vocabulary_is_sorted_and_unique_so_codes_do_not_depend_on_the_batches():
    parts = [encode_document([tokenize_edges(t, default_compounds())]) for t in TEXTS]
    one_batch = merge_documents([encode_document([tokenize_edges(t, default_compounds()) for t in TEXTS])])
    per_document = merge_documents(parts)
    assert per_document.vocab.tolist() == sorted(set(per_document.vocab.tolist()))
    assert per_document.equals(one_batch)
    # Another order of the documents: the same codes for the same tokens.
    reordered = merge_documents(parts[::-1])
    assert reordered.vocab.tolist() == per_document.vocab.tolist()
    assert reordered.segment_tokens(0) == per_document.segment_tokens(len(TEXTS) - 1)


def test_merging_nothing_gives_an_empty_table():
    table = merge_documents([])
    assert len(table) == 0 and len(table.vocab) == 0 and table.matrix().shape == (0, 0)


def test_edges_record_what_a_neighbouring_text_could_join():
    table = _table(["Peace in Bosnia and", "Herzegovina is near", "China's side"])
    assert table.continues.tolist() == ["herzegovina", "", ""]
    assert table.heads.tolist() == ["peace", "herzegovina", "china's china"]


def test_replace_segments_encodes_only_the_changed_segments_again():
    doc = encode_document([tokenize_edges(t, default_compounds()) for t in TEXTS])
    new = replace_segments(doc, {3: tokenize_edges("Multilateral talks.", default_compounds())})
    assert new.tokens(3) == ["multilateral", "talks"]
    assert [new.tokens(i) for i in (0, 1, 2, 4)] == [doc.tokens(i) for i in (0, 1, 2, 4)]
    assert replace_segments(doc, {}) is doc


def test_loading_builds_the_table_in_the_parse_and_repairs_re_encode(seed_corpus):
    table = seed_corpus.tokens
    assert table is not None and len(table) == len(seed_corpus.segments)
    assert np.array_equal(table.n_tokens, seed_corpus.segments["n_tokens"].to_numpy())
    for row, text in enumerate(seed_corpus.segments["text"]):
        assert table.segment_tokens(row) == tokenize_text(text)
    repaired = seed_corpus.segments["text"].str.contains("multilateral")
    assert repaired.any() and not seed_corpus.segments["text"].str.contains("mu ltilateral").any()
    assert seed_corpus.token_table() is table  # it describes the segments: kept


def test_a_corpus_made_otherwise_builds_its_table_from_the_segments_text(seed_corpus):
    bare = dataclasses.replace(seed_corpus, tokens=None)
    assert bare.token_table().equals(seed_corpus.tokens) and bare.tokens is not None
    # Changed segments: the old table no longer describes them, a new one is built.
    segments = seed_corpus.segments.copy()
    segments.loc[0, "text"] = "Hong Kong and Macao."
    changed = dataclasses.replace(seed_corpus, segments=segments)
    table = changed.token_table()
    assert table is not seed_corpus.tokens and table.segment_tokens(0) == ["hong_kong", "and", "macao"]


def test_a_text_edited_in_place_is_seen_though_the_column_was_checked_before(seed_corpus):
    corpus = dataclasses.replace(seed_corpus, segments=seed_corpus.segments.copy(), tokens=None)
    table = corpus.token_table()
    assert corpus.token_table() is table  # the column checked last: no hashing again
    corpus.segments.loc[0, "text"] = "Hong Kong and Macao."  # in place, on the same frame
    edited = corpus.token_table()
    assert edited is not table and edited.segment_tokens(0) == ["hong_kong", "and", "macao"]
    corpus.segments["text"] = corpus.segments["text"].str.replace("Macao", "Taiwan")
    assert corpus.token_table().segment_tokens(0) == ["hong_kong", "and", "taiwan"]


def test_filter_keeps_the_table_in_step_with_the_segments(seed_corpus):
    ids = seed_corpus.documents["doc_id"].tolist()[1:3]
    part = seed_corpus.filter(doc_ids=ids)
    assert part.tokens is not None and len(part.tokens) == len(part.segments)
    assert part.tokens.vocab is seed_corpus.tokens.vocab  # the same codes
    for row, text in enumerate(part.segments["text"]):
        assert part.tokens.segment_tokens(row) == tokenize_text(text)
    assert part.token_table() is part.tokens


def test_take_slices_a_built_matrix_too():
    table = _table()
    full = table.matrix().toarray()
    part = table.take(np.array([4, 0]))
    assert "matrix" in part.derived
    assert np.array_equal(part.matrix().toarray(), full[[4, 0]])
    assert part.segment_tokens(1) == table.segment_tokens(0)


def test_matrix_counts_each_segments_tokens():
    table = _table()
    matrix = table.matrix()
    assert matrix.dtype == np.int64 and matrix.shape == (len(TEXTS), len(table.vocab))
    talks = int(np.searchsorted(table.vocab, "talks"))
    assert matrix[3, talks] == 3 and matrix.sum() == table.n_tokens.sum()
    assert table.matrix() is matrix


def test_forms_map_the_vocabulary_and_leave_compounds_alone():
    table = _table()
    forms, of = table.forms("porter")
    stem = stemmer("porter")
    for code, token in enumerate(table.vocab):
        assert forms[of[code]] == (token if "_" in token else stem(token))
    assert forms.tolist() == sorted(set(forms.tolist())) and table.forms("porter")[0] is forms
    assert normalized_forms(np.array([], dtype=object), "lemma")[0].tolist() == []


def test_sentences_are_tokenized_one_by_one():
    texts = ["We love the United. Nations must act. Win-win.", "Core interests"]
    table = _table(texts)
    assert table.segment_tokens(0)[:4] == ["we", "love", "the", "united_nations"]  # across the break
    sents = table.sentences(texts, default_compounds())
    assert sents.segments.tolist() == [0, 3, 4]
    got = [sents.vocab[sents.codes[a:b]].tolist() for a, b in zip(sents.offsets, sents.offsets[1:], strict=False)]
    want = [tokenize_text(s) for t in texts for s in split_sentences(t)]
    assert got == want and ["we", "love", "the", "united"] in got
    assert sents.codes is not table.codes  # they differ: not shared
    assert sents.sentence_ids().tolist() == [0, 0, 0, 0, 1, 1, 1, 2, 3]
    assert table.sentences(texts, default_compounds()) is sents


def test_sentences_share_the_codes_when_no_compound_crosses_a_break():
    texts = ["Win-win talks. Core interests.", "Hong Kong"]
    table = _table(texts)
    sents = table.sentences(texts, default_compounds())
    assert sents.codes is table.codes and sents.vocab is table.vocab


def test_pickling_drops_what_is_derived():
    table = _table()
    table.matrix()
    assert table.describes(TEXTS) and table.texts_hash is not None
    back = pickle.loads(pickle.dumps(table))
    assert back.derived == {} and back.texts_hash is None and back.equals(table)
    assert not table.describes(TEXTS[:-1]) and not table.describes(TEXTS[::-1])


@pytest.mark.parametrize("starts, stops, want", [
    ([0, 5], [2, 8], [0, 1, 5, 6, 7]), ([3, 3, 1], [3, 4, 2], [3, 1]), ([], [], []),
])
def test_ranges(starts, stops, want):
    assert ranges(np.array(starts, dtype=np.int64), np.array(stops, dtype=np.int64)).tolist() == want


def test_equals_needs_a_table():
    assert not _table().equals("talks") and isinstance(_table(), TokenTable)
    assert _table().nbytes > 0


def test_corpus_from_texts_has_a_lazily_built_table():
    corpus = mra.corpus_from_texts({"a": "The US side.", "b": "Hong Kong talks."})
    assert corpus.tokens is not None  # parsed in memory, encoded as loading does
    assert [corpus.tokens.segment_tokens(i) for i in range(2)] == [["the", "u.s.", "side"],
                                                                 ["hong_kong", "talks"]]
