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


CLOSING_DOC = """Foreign Ministry Spokesperson Lu Kang's Regular Press Conference
Q: The Japanese side has protested the survey ship's activities. What is China's response?
A: The relevant waters are under China's jurisdiction. We urge Japan to stop making groundless claims.
We hope the two sides will properly handle the matter through dialogue.
*******************************
Starting from next Monday, an online quiz about the Foreign Ministry will open on Weibo.
Lu Kang: Today is the Lantern Festival. I wish you all a happy festival.
"""

NOTICE_DOC = """Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference
Q: Will President Putin attend the forum in Beijing?
A: We will release information in due course.
Due to the National Day holiday schedule, the regular press conference will be adjourned from October 1 to 7 and resumed on October 8.
Have a nice holiday!
"""


def test_rule_line_closes_the_exchange():
    segs = mra.corpus_from_texts({"c": CLOSING_DOC}).segments
    assert segs["kind"].tolist()[1:] == ["question", "answer", "answer", "body", "body", "answer"]
    assert segs["exchange_id"].isna().tolist()[1:] == [False, False, False, True, True, True]
    cps = mra.corpus_from_texts({"c": CLOSING_DOC}).counterparts
    assert set(cps["seg_id"]) == {1, 2, 3}  # the quiz and the wishes inherit nothing from Japan


def test_notice_in_the_last_answer_starts_the_closing_remarks():
    corpus = mra.corpus_from_texts({"n": NOTICE_DOC})
    segs = corpus.segments
    assert segs["kind"].tolist()[1:] == ["question", "answer", "body", "body"]
    assert corpus.counterparts[["seg_id", "counterpart", "how"]].values.tolist() == [
        [1, "RUS", "named"], [2, "RUS", "from_question"]]


def test_a_notice_that_answers_is_still_an_answer():
    text = ("Q: Why was yesterday's press conference cancelled?\n"
            "A: The press conference was adjourned due to scheduling reasons.\n")
    assert mra.corpus_from_texts({"a": text}).segments["kind"].tolist() == ["question", "answer"]
