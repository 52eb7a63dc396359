"""text.dates: header stamps, datelines, year inference, the choice of a date."""

import pytest

from milrel_analysis.text.dates import DateFinding, find_date, strip_dateline, strip_header_stamp


def test_header_stamp_is_removed_and_read():
    date, rest = strip_header_stamp(" date 2021-01-28 Senior Colonel Wu Qian")
    assert date == "2021-01-28"
    assert rest.startswith("Senior Colonel")
    assert strip_header_stamp("date of talks")[0] is None


@pytest.mark.parametrize(
    "paragraph, month, day, rest",
    [
        ("BEIJING, Jan. 28 -- The mil-to-mil relations", "Jan", "28", "The mil-to-mil relations"),
        ("BEIJING, July 8 -- General Li", "July", "8", "General Li"),
        ("China News Service, November 25. The spokesperson", "November", "25", "The spokesperson"),
    ],
)
def test_dateline_and_agency_lead(paragraph, month, day, rest):
    found, remainder = strip_dateline(paragraph)
    assert (found["month"], found["day"], remainder) == (month, day, rest)


def test_find_date_prefers_header_then_caption():
    f = find_date(header="2021-01-28", title=None, captions=["on May 1, 2020"],
                        dateline=None, lead="", body="")
    assert f == DateFinding("2021-01-28", "header")
    f = find_date(header=None, title=None, captions=["press conference on January 28, 2021. (Photo: mod.gov.cn)"],
                        dateline={"month": "Jan", "day": "28"}, lead="", body="")
    assert f == DateFinding("2021-01-28", "caption")


def test_find_date_infers_year_from_exercise_names_and_anniversaries():
    body = 'This year marks the 20th anniversary of the signing of the "Sino-Russian Treaty of Good-Neighborliness".'
    f = find_date(header=None, title=None, captions=[], dateline={"month": "November", "day": "25"},
                        lead="", body=body, anniversaries={"Treaty of Good-Neighborliness": 2001})
    assert f == DateFinding("2021-11-25", "inferred")
    f = find_date(header=None, title=None, captions=[], dateline=None,
                        lead="On the afternoon of December 28th, the MND held a press conference.",
                        body="2023 is the first year to fully implement the spirit.")
    assert f == DateFinding("2023-12-28", "inferred")


def test_find_date_none_when_nothing_dates_the_text():
    assert find_date(header=None, title=None, captions=[], dateline=None, lead="x",
                           body="No date here.") == DateFinding(None, "none")
