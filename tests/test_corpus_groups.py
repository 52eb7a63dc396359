"""corpus.groups: which segments count for which group."""

import pandas as pd
import pytest

import milrel_analysis as mra
from milrel_analysis.corpus import group_segments

TEXT = ("The US side and China held talks.\n\n"
        "Core interests brook no compromise.\n\n"
        "Russia and China deepen cooperation.")


def test_segments_inherit_the_main_counterpart_unless_told_not_to():
    corpus = mra.corpus_from_texts({"d": TEXT})
    frame = group_segments(corpus, "counterpart")
    assert frame["seg_id"].tolist() == [0, 1, 2]
    assert frame["counterpart"].fillna("").tolist() == ["USA", "", "RUS"]  # no main counterpart
    corpus = mra.corpus_from_texts({"d": "The US side met. The US side spoke.\n\nCore interests."})
    assert group_segments(corpus, "counterpart")["counterpart"].tolist() == ["USA", "USA"]
    assert group_segments(corpus, "counterpart", inherit=False)["counterpart"].isna().tolist() == [False, True]


def test_document_and_segment_columns_and_voice():
    corpus = mra.corpus_from_texts({"qa": "Reporter: Will the US join?\n\nWu Qian: We seek win-win."})
    official = group_segments(corpus, ["doc_id", "speaker"])
    assert official["speaker"].tolist() == ["Wu Qian"]  # the question is the press's words
    assert len(group_segments(corpus, "doc_id", voice="all")) == 2
    assert len(group_segments(corpus, "doc_id", voice="press")) == 1


def test_unknown_column_lists_the_allowed_ones():
    corpus = mra.corpus_from_texts({"d": TEXT})
    with pytest.raises(KeyError, match=r"by='yaer' is not a corpus column; have \["):
        group_segments(corpus, "yaer")


@pytest.mark.parametrize("by", ["counterpart", ["year", "counterpart"], "speaker"])
def test_group_segments_without_text_or_with_rows_is_the_same_frame(seed_corpus, by):
    full = group_segments(seed_corpus, by, row=True)
    assert full["text"].tolist() == seed_corpus.segments["text"].take(full["row"]).tolist()
    pd.testing.assert_frame_equal(group_segments(seed_corpus, by, text=False),
                                  full.drop(columns=["text", "row"]))
    pd.testing.assert_frame_equal(group_segments(seed_corpus, by), full.drop(columns="row"))
