"""corpus.model: the Corpus, which segments are counted, filtering."""


def test_filter_by_date(seed_corpus):
    sub = seed_corpus.filter(date_from="2022-01-01")
    assert len(sub) == 2 and set(sub.segments["doc_id"]) == set(sub.documents["doc_id"])


def test_counted_mask_translation_and_voice():
    import pandas as pd
    import pytest

    from milrel_analysis.corpus.model import counted_mask

    segs = pd.DataFrame({"kind": ["header", "body", "question", "answer", "answer"],
                         "translation": [None, None, None, "machine", "official"]})
    assert counted_mask(segs).tolist() == [False, True, True, False, True]
    assert counted_mask(segs, voice="official").tolist() == [False, True, False, False, True]
    assert counted_mask(segs, voice="press").tolist() == [False, False, True, False, False]
    assert counted_mask(segs, translation="all").tolist() == [False, True, True, True, True]
    with pytest.raises(ValueError, match="voice='china' is not allowed"):
        counted_mask(segs, voice="china")
    with pytest.raises(ValueError, match="translation='both' is not allowed"):
        counted_mask(segs, translation="both")


def test_repr_and_len(seed_corpus):
    assert len(seed_corpus) == 5
    assert repr(seed_corpus).startswith("<Corpus: 5 documents, ") and "0 rejected" in repr(seed_corpus)


def test_is_counted_agrees_with_counted_mask_on_every_combination():
    import itertools

    import pandas as pd

    from milrel_analysis.corpus.model import counted_mask, is_counted

    kinds = ["body", "question", "answer", "caption", "header"]
    variants = [None, "official", "machine", "duplicate"]
    languages = [None, "en", "zh", "und"]
    combos = list(itertools.product(kinds, variants, languages))
    frame = pd.DataFrame(combos, columns=["kind", "translation", "language"])
    assert counted_mask(frame).tolist() == [is_counted(*c) for c in combos]
