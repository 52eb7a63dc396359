"""corpus.document: one record through the parsing stages."""

import pytest

from milrel_analysis.corpus.document import (
    body_and_title,
    choose_date,
    count_segments,
    find_speakers,
    find_spokesperson,
    parse_record,
)
from milrel_analysis.corpus.read import Record
from milrel_analysis.corpus.structure import Segment
from milrel_analysis.errors import InputError
from milrel_analysis.lexicons import load_gazetteer
from milrel_analysis.text.words import count_words
from milrel_analysis.tokens import tokenize_text

SURNAMES = frozenset({"Wu", "Li", "Tan", "Xi"})


def _record(text, **kw):
    return Record("d", "<d>", "0" * 64, text, **kw)


def test_body_and_title_from_html_and_stamp():
    page = "<html><title>Readout</title><body><div><p> date 2021-01-28 Win-win talks.</p></div></body></html>"
    body = body_and_title(_record(page, is_html=True))
    assert (body.text, body.title, body.header_date) == ("Win-win talks.", "Readout", "2021-01-28")
    with pytest.raises(InputError, match="HTML page has no body text"):
        body_and_title(_record("<html><title>T</title><script>x()</script></html>", is_html=True))


def test_parse_record_rejects_text_that_parses_to_nothing():
    with pytest.raises(InputError, match="no text after parsing"):
        parse_record(_record(" date 2021-01-28 \n\n \n"))


def test_spokesperson_and_speakers():
    segments = [Segment("body", "Senior Colonel Tan Kefei, spokesperson for the MND, answered questions."),
                Segment("body", "Reporter: Will the drills go on?"),
                Segment("body", "Tan Kefei: They are routine.")]
    spokesperson = find_spokesperson(segments, [s.text for s in segments], SURNAMES)
    assert spokesperson == "Tan Kefei"
    assert [s.kind for s in segments] == ["body", "question", "answer"]
    speakers, who = find_speakers(segments, None, spokesperson, SURNAMES, load_gazetteer())
    assert (speakers, who) == (["Tan Kefei"], "Tan Kefei")


def test_choose_date_prefers_the_record_and_notes_an_unreadable_one():
    notes = []
    finding = choose_date(_record("x", date="2021-11-25 10:00"), [], title=None, header_date=None,
                          dateline=None, notes=notes)
    assert (finding.date, finding.source, notes) == ("2021-11-25", "metadata", [])
    finding = choose_date(_record("x", date="sometime"), [Segment("body", "On May 3, 2020 talks.")],
                          title=None, header_date=None, dateline=None, notes=notes)
    assert finding.date == "2020-05-03" and notes == ["unreadable date 'sometime' in the input row"]


def test_count_segments_numbers_and_counts():
    segments = [Segment("body", "The US side and Russia met."), Segment("body", "Win-win.")]
    vocab, tokens = count_segments(segments, load_gazetteer())
    assert [s.seg_id for s in segments] == [0, 1]
    assert dict(segments[0].mentions) == {"USA": 1, "RUS": 1}
    assert segments[0].n_words == count_words(segments[0].text) and vocab["win-win"] == 1


def test_count_segments_encodes_each_segments_tokens_once():
    texts = ["Wang Yi met the US side in Hong Kong.", "", "China's core interests: win-win."]
    segments = [Segment("body", t) for t in texts]
    _, tokens = count_segments(segments, load_gazetteer())
    assert [tokens.tokens(i) for i in range(3)] == [tokenize_text(t) for t in texts]
    assert [s.n_words for s in segments] == [len(tokenize_text(t)) for t in texts] == [7, 0, 3]
    assert tokens.codes.dtype == "int32" and len(tokens.words()) == len(set(tokens.words()))


# --------------------------------------------------------------------------- real layouts
# Fixtures of our own in tests/data/pages, written on the layouts of real MND, China Military
# Online, China Daily and MFA pages (head lines, stamps, bylines, standalone labels, Chinese
# labels, venues, quotes, navigation, regions, templates).

PAGES = __import__("pathlib").Path(__file__).parent / "data" / "pages"


def _page(name):
    import milrel_analysis as mra

    corpus = mra.load_corpus(PAGES / f"{name}.txt")
    assert corpus.rejected.empty
    return corpus, corpus.documents.iloc[0]


def _named(corpus):
    cps = corpus.counterparts
    return set(cps.loc[cps["how"] == "named", "counterpart"])


def test_mnd_transcript_with_standalone_labels_and_a_late_stamp():
    corpus, doc = _page("mnd_transcript_2016")
    assert doc["title"] == "Defense Ministry's regular press conference on Dec. 29"
    # The briefing's own date (title, caption), not the stamp a day later.
    assert doc["date"].strftime("%Y-%m-%d") == "2016-12-29"
    assert (doc["format"], doc["spokesperson"]) == ("qa", "Yang Yujun")
    kinds = corpus.segments["kind"].tolist()
    assert kinds[:5] == ["navigation", "header", "stamp", "caption", "disclaimer"]
    assert kinds[5:] == ["answer", "answer", "question", "answer", "question", "answer"]
    assert corpus.segments["text"].iloc[5].startswith("Friends from the press")  # label joined
    assert _named(corpus) == {"PAK", "USA", "KOR", "RUS"}


def test_stamp_on_a_byline_line_and_a_dateline_after_it():
    corpus, doc = _page("cmo_news_2020")
    assert doc["title"] == "New spokesperson of China's Ministry of National Defense named"
    assert doc["date"].strftime("%Y-%m-%d") == "2020-09-24" and doc["format"] == "news"
    body = corpus.segments[corpus.segments["kind"] == "body"]["text"].tolist()
    assert body[0].startswith("Senior Colonel Tan Kefei")  # dateline found and removed
    # "Related News" and the links below it are other stories.
    assert corpus.segments["kind"].tolist()[-3:] == ["navigation"] * 3
    roles = corpus.mentions.groupby("matched")["role"].agg(set).to_dict()
    assert roles["Hanoi"] == {"venue"} and roles["Russia"] == {"navigation"}
    assert _named(corpus) == {"VNM"}


def test_cmo_stack_of_source_editor_and_stamp():
    corpus, doc = _page("cmo_transcript_stack")
    assert doc["title"] == "Defense Ministry's Regular Press Conference on Dec. 26"
    assert doc["date"].strftime("%Y-%m-%d") == "2019-12-26"  # stamped 2019-12-27
    assert doc["format"] == "qa" and len(corpus.exchanges) == 2
    assert corpus.segments["kind"].tolist()[:5] == ["header", "byline", "header", "stamp", "caption"]


def test_china_daily_breadcrumb_byline_and_footer():
    corpus, doc = _page("chinadaily_news")
    assert doc["title"] == "Ministry: US report on Chinese military pure speculation"
    assert (doc["date"].strftime("%Y-%m-%d"), doc["date_source"]) == ("2017-06-08", "stamp")
    assert doc["format"] == "news"
    roles = dict(zip(corpus.mentions["matched"], corpus.mentions["role"], strict=True))
    assert roles["London"] == "descriptor"  # "London-based"
    nav = corpus.mentions[corpus.mentions["role"] == "navigation"]
    assert nav["matched"].tolist() == ["US"]  # the "China-US" section of the breadcrumb
    assert corpus.segments["kind"].iloc[-1] == "disclaimer"


def test_reporting_voice_with_reproduced_turns_is_mixed():
    _, doc = _page("reported_qa_mixed")
    assert doc["format"] == "mixed" and doc["primary_counterpart"] == "JPN"


def test_bilingual_page_chinese_labels_and_language():
    corpus, doc = _page("bilingual_mfa")
    assert doc["title"] == "Foreign Ministry Spokesperson's Regular Press Conference on June 3, 2021"
    assert doc["date"].strftime("%Y-%m-%d") == "2021-06-03" and doc["format"] == "qa"
    segs = corpus.segments
    assert segs["kind"].tolist()[2:] == ["question", "question", "answer", "answer"]
    assert segs["language"].tolist()[2:] == ["zh", "en", "zh", "en"]
    counted = corpus.countable_segments(voice="all")
    assert set(counted["language"]) == {"en"}  # Chinese passages are left out of English counts
    exchange = corpus.exchanges.iloc[0]
    assert exchange["question"].startswith("It is reported") and "三" not in exchange["answer"]


def test_template_announcements_are_not_translations_but_a_verbatim_repeat_is_a_duplicate():
    corpus, doc = _page("template_announcements")
    assert doc["translations"] == 1
    segs = corpus.segments
    assert segs["translation"].isna().sum() == len(segs) - 1
    assert segs["translation"].iloc[-1] == "duplicate"
    assert corpus.countable_segments()["text"].str.startswith("Relevant information").sum() == 1
    assert doc["date"].strftime("%Y-%m-%d") == "2023-08-31"  # stamped the next day
    assert _named(corpus) == {"THA", "KHM"}


def test_roles_of_mentions_in_a_readout():
    corpus, doc = _page("roles_readout")
    assert doc["date"].strftime("%Y-%m-%d") == "2021-07-28"  # the dateline, stamped a day later
    roles = corpus.mentions.groupby("matched")["role"].agg(lambda r: sorted(set(r))).to_dict()
    assert roles["Dushanbe"] == ["venue"] and roles["Tajikistan"] == ["venue"]
    assert roles["Moscow"] == ["venue"]  # "the consensus reached in Moscow"
    assert roles["UN"] == ["reference"]  # "the UN Charter"
    assert roles["Qatar"] == ["navigation"]
    assert roles["Chad Sbragia"] == ["person"]
    assert "quoted" in roles["US"]  # the US in Shoigu's words
    named = _named(corpus)
    assert {"RUS", "ASEAN", "ADMM-PLUS", "AFRICA", "LATAM", "CARIBBEAN", "PACIFIC-ISLANDS", "KGZ"} <= named
    assert not {"QAT", "TJK", "TCD"} & named
