"""corpus.repair: words broken by stray spaces, joined across the corpus."""

import milrel_analysis as mra


def _doc(corpus, prefix):
    return corpus.documents[corpus.documents["doc_id"].str.startswith(prefix)].iloc[0]


def test_seed_004_turns_and_repairs(seed_corpus):
    row = _doc(seed_corpus, "004")
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == row["doc_id"]]
    assert segs["kind"].tolist()[:4] == ["header", "body", "question", "answer"]
    assert set(segs.loc[segs["kind"] == "answer", "speaker"]) == {"Wu Qian"}
    for broken, fixed in [("mu ltilateral", "multilateral"), ("Nep al", "Nepal"),
                          ("prote ction", "protection")]:
        assert f"{broken!r} -> {fixed!r}" in row["warnings"]
        assert not segs["text"].str.contains(broken).any()
    # Repaired "Nepal" now counts as a counterpart mention.
    cps = seed_corpus.counterparts[seed_corpus.counterparts["doc_id"] == row["doc_id"]]
    assert "NPL" in set(cps["counterpart"])


def test_repair_leaves_real_word_pairs_alone():
    corpus = mra.corpus_from_texts({"d": "We went a broad way to the multilateral talks on the mu ltilateral track."})
    text = corpus.documents["text"][0]
    assert "a broad way" in text and "multilateral track" in text
