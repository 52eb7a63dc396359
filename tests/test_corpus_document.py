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
    vocab = count_segments(segments, load_gazetteer())
    assert [s.seg_id for s in segments] == [0, 1]
    assert dict(segments[0].mentions) == {"USA": 1, "RUS": 1}
    assert segments[0].n_words == count_words(segments[0].text) and vocab["win-win"] == 1
