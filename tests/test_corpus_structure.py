"""corpus.structure: segments, turns and speakers, parallel translations, format."""

import pandas as pd
from conftest import NEWS_DOC, QA_DOC

import milrel_analysis as mra


def _doc(corpus, prefix):
    return corpus.documents[corpus.documents["doc_id"].str.startswith(prefix)].iloc[0]


def test_seed_caption_and_dateline_are_separated(seed_corpus):
    doc_id = _doc(seed_corpus, "000")["doc_id"]
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == doc_id]
    assert segs.iloc[0]["kind"] == "caption" and "(Photo: mod.gov.cn)" in segs.iloc[0]["text"]
    assert segs.iloc[1]["text"].startswith("The mil-to-mil relations")  # dateline removed
    assert not segs["text"].str.contains("date 2021-01-28").any()


def test_seed_004_parallel_translations(seed_corpus):
    row = _doc(seed_corpus, "004")
    assert row["translations"] == 2
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == row["doc_id"]]
    machine = segs[segs["translation"] == "machine"]["text"].str.cat(sep=" ")
    official = segs[segs["translation"] == "official"]["text"].str.cat(sep=" ")
    assert "community of human destiny" in machine
    assert "community with a shared future for mankind" in official
    counted = seed_corpus.countable_segments()
    assert not counted["translation"].eq("machine").any()
    assert counted["text"].str.contains("shared future").sum() == 1


def test_qa_fixture_turns_and_outlets():
    corpus = mra.corpus_from_texts({"qa": QA_DOC})
    segs = corpus.segments
    assert segs["kind"].tolist() == ["header", "body", "question", "answer", "answer", "question", "answer"]
    assert segs["speaker"].tolist()[3:] == ["Tan Kefei", "Tan Kefei", "AFP", "Tan Kefei"]
    row = corpus.documents.iloc[0]
    assert row["spokesperson"] == "Tan Kefei" and row["format"] == "qa"
    assert row["date"].strftime("%Y-%m-%d") == "2022-03-03"


def test_news_fixture():
    corpus = mra.corpus_from_texts({"n": NEWS_DOC})
    row = corpus.documents.iloc[0]
    assert pd.isna(row["spokesperson"])
    assert corpus.speakers["speaker"].tolist() == ["Li Zuocheng"]
    assert row["primary_counterpart"] == "USA"
