import codecs

import pytest

from milrel_analysis import text as parse


@pytest.mark.parametrize(
    "data, expected",
    [
        ("China’s core interests".encode(), "China’s core interests"),
        (codecs.BOM_UTF8 + b"BOM first", "BOM first"),
        ("UTF-16 text ’".encode("utf-16"), "UTF-16 text ’"),
        ("no BOM utf16".encode("utf-16-le"), "no BOM utf16"),
        ("cp1252 ’quote’".encode("cp1252"), "cp1252 ’quote’"),
    ],
)
def test_decode_bytes_handles_encodings(data, expected):
    assert parse.decode_bytes(data) == expected


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b" \n\t \r\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"abc \x81\x8d\x8f\x90 bad bytes", "undecodable"),
    ],
)
def test_decode_bytes_rejects_bad_input_with_reason(data, reason):
    with pytest.raises(parse.InputError, match=reason):
        parse.decode_bytes(data)


def test_normalize_text_quotes_and_line_endings():
    assert parse.normalize_text("China\u2019s \u201cwin-win\u201d\r\nnext") == "China's \"win-win\"\nnext"


def test_header_stamp_is_removed_and_read():
    date, rest = parse.strip_header_stamp(" date 2021-01-28 Senior Colonel Wu Qian")
    assert date == "2021-01-28"
    assert rest.startswith("Senior Colonel")
    assert parse.strip_header_stamp("date of talks")[0] is None


@pytest.mark.parametrize(
    "paragraph, month, day, rest",
    [
        ("BEIJING, Jan. 28 -- The mil-to-mil relations", "Jan", "28", "The mil-to-mil relations"),
        ("BEIJING, July 8 -- General Li", "July", "8", "General Li"),
        ("China News Service, November 25. The spokesperson", "November", "25", "The spokesperson"),
    ],
)
def test_dateline_and_agency_lead(paragraph, month, day, rest):
    found, remainder = parse.strip_dateline(paragraph)
    assert (found["month"], found["day"], remainder) == (month, day, rest)


def test_find_date_prefers_header_then_caption():
    f = parse.find_date(header="2021-01-28", title=None, captions=["on May 1, 2020"],
                        dateline=None, lead="", body="")
    assert f == parse.DateFinding("2021-01-28", "header")
    f = parse.find_date(header=None, title=None, captions=["press conference on January 28, 2021. (Photo: mod.gov.cn)"],
                        dateline={"month": "Jan", "day": "28"}, lead="", body="")
    assert f == parse.DateFinding("2021-01-28", "caption")


def test_find_date_infers_year_from_exercise_names_and_anniversaries():
    body = 'This year marks the 20th anniversary of the signing of the "Sino-Russian Treaty of Good-Neighborliness".'
    f = parse.find_date(header=None, title=None, captions=[], dateline={"month": "November", "day": "25"},
                        lead="", body=body, anniversaries={"Treaty of Good-Neighborliness": 2001})
    assert f == parse.DateFinding("2021-11-25", "inferred")
    f = parse.find_date(header=None, title=None, captions=[], dateline=None,
                        lead="On the afternoon of December 28th, the MND held a press conference.",
                        body="2023 is the first year to fully implement the spirit.")
    assert f == parse.DateFinding("2023-12-28", "inferred")


def test_find_date_none_when_nothing_dates_the_text():
    assert parse.find_date(header=None, title=None, captions=[], dateline=None, lead="x",
                           body="No date here.") == parse.DateFinding(None, "none")


@pytest.mark.parametrize(
    "paragraph, role, label",
    [
        ("Reporter: Please tell us more.", "question", "Reporter"),
        ("Question: What about it?", "question", "Question"),
        ("Q: Any comment?", "question", "Q"),
        ("A: We stay firm.", "answer", "A"),
        ("Answer: We stay firm.", "answer", "Answer"),
        ("Wu Qian: 2023 is the first year", "speaker", "Wu Qian"),
        ("AFP: Will the US attend?", "speaker", "AFP"),
        ("Xinhua News Agency: What is", "speaker", "Xinhua News Agency"),
    ],
)
def test_turn_labels(paragraph, role, label):
    assert parse.parse_turn_label(paragraph)[:2] == (role, label)


@pytest.mark.parametrize("paragraph", [
    "Ministry of national defense: comprehensively promote cooperation",
    "First, effectively serve the overall situation.",
    "The ratio was 3: 1 in 2021.",
])
def test_not_turn_labels(paragraph):
    assert parse.parse_turn_label(paragraph) is None


def test_captions():
    assert parse.is_caption("Wu Qian answers questions on January 28, 2021. (Photo: mod.gov.cn)")
    assert parse.is_caption("General Li holds talks. (Photo by Li Xiaowei)")
    assert not parse.is_caption("General Li said the photo was clear.")


def test_html_body_without_navigation_or_scripts():
    page = """<html><head><title>Spokesperson Geng Shuang's Regular Press Conference on May 15, 2018</title>
    <script>var x = "Russia";</script></head><body>
    <div class="nav"><ul><li><a>Home</a></li><li><a>Russia</a></li><li><a>Japan</a></li></ul></div>
    <div class="urhere"><a>Home</a> &gt; <a>Press and Media Service</a></div>
    <div class="content"><p>Q: What about the DPRK?</p><p>A: We support &quot;dialogue&quot;.</p>
    <p>Q: And Japan?</p><p>A: No comment.</p></div>
    <div class="footer"><p>Copyright Ministry of Foreign Affairs</p></div></body></html>"""
    title, body = parse.html_to_text(page)
    assert title == "Spokesperson Geng Shuang's Regular Press Conference on May 15, 2018"
    assert body.split("\n\n") == ["Q: What about the DPRK?", 'A: We support "dialogue".',
                                  "Q: And Japan?", "A: No comment."]
    assert "Home" not in body and "var x" not in body and "Copyright" not in body


def test_split_paragraphs_joins_hard_wraps():
    assert parse.split_paragraphs("A line that\nwraps here.\nNew one.\n\n") == [
        "A line that wraps here.", "New one."]
    assert parse.split_paragraphs("One.\n\n  Two\n  continued.\n") == ["One.", "Two continued."]


def test_chinese_names_and_speakers():
    surnames = frozenset({"Wu", "Li", "Xi", "Geng"})
    names = [n for _, n in parse.chinese_names(
        "General Li Zuocheng met General Mark Milley; Xi Jinping; Geng Shuang's remarks", surnames)]
    assert names == ["Li Zuocheng", "Xi Jinping", "Geng Shuang"]
    paragraphs = ['"Facts have proved it," Wu said.', "said Senior Colonel Wu Qian, a spokesperson"]
    assert parse.attributed_speakers(paragraphs, ["Wu Qian"]) == ["Wu Qian"]
    assert parse.spokesperson_name(
        ["The spokesperson of the Ministry of National Defense, Colonel Wu Qian, stated"], surnames
    ) == "Wu Qian"


def test_titled_speaker_labels_are_answers():
    import milrel_analysis as mra

    text = ("Senior Colonel Wu Qian, spokesperson for the Ministry of National Defense, answered questions.\n\n"
            "Reporter: What about Taiwan?\n\nSenior Colonel Wu Qian: China firmly opposes it.\n\n"
            "Reporter: Drills?\n\nSpokesperson Wu Qian: Not targeted at any third party.\n\nQ: Else?\n\nColonel Wu: No.")
    segs = mra.corpus_from_texts({"pc": text}).segments
    assert segs["kind"].tolist() == ["body", "question", "answer", "question", "answer", "question", "answer"]
    assert set(segs.loc[segs["kind"] == "answer", "speaker"]) == {"Wu Qian"}
    assert parse.strip_titles("Senior Colonel Wu Qian") == "Wu Qian"
