"""The one-pass matcher under the phrase lexicon and the gazetteer."""

from milrel_analysis.matching import GAP_WORDS, MultiMatcher, canonical


def spans(matcher, text):
    return [(text[s:e], v) for s, e, v in matcher.find(text)]


def test_canonical_keeps_offsets_and_folds_case_dashes_and_breaks():
    text = "Win\u2013Win\ncooperation\tand Sino-US"
    out = canonical(text)
    assert len(out) == len(text) and out == "win win cooperation and sino us"
    assert canonical("US", case_sensitive=True) == "US"
    assert len(canonical("\u0130stanbul")) == len("\u0130stanbul")  # İ lower-cases to two chars
    # dashes go before lower-casing; the offsets and the result are the same
    assert canonical("\u0130zmir\u2014ANKARA\u2013Caf\u00c9") == "\u0130zmir ankara caf\u00e9"
    assert canonical("A\u2014B", case_sensitive=True) == "A B"


def test_whole_words_leftmost_longest():
    m = MultiMatcher({"core interests": "ci", "core": "c", "interests": "i", "win": "w"})
    assert spans(m, "China's core interests, winning hearts") == [("core interests", "ci")]
    assert spans(m, "the core of its interests") == [("core", "c"), ("interests", "i")]
    assert spans(m, "Core-Interests") == [("Core-Interests", "ci")]
    assert MultiMatcher({}).find("anything") == []


def test_case_sensitive_matching_tells_the_country_from_the_pronoun():
    m = MultiMatcher({"US": "USA"}, case_sensitive=True)
    assert spans(m, "Let us ask the US side; China-US ties") == [("US", "USA"), ("US", "USA")]


def test_gap_allows_a_few_words_within_a_sentence_only():
    m = MultiMatcher({"interfere in ... affairs": "i"})
    assert spans(m, "interfere in China's internal affairs") == [
        ("interfere in China's internal affairs", "i")]
    filler = " ".join(["w"] * (GAP_WORDS + 1))
    assert m.find(f"interfere in {filler} affairs") == []
    assert m.find("they interfere in it. Their affairs are theirs") == []


def test_excludes_cancel_only_their_own_values_inside_them():
    m = MultiMatcher({"bottom line": "bl", "line": "l"},
                     excludes={"bottom line of the company": {"bl"}})
    # "bottom line" is dropped before overlaps are resolved, so the other value surfaces
    assert spans(m, "the bottom line of the company") == [("line", "l")]
    assert spans(m, "China's bottom line is clear") == [("bottom line", "bl")]


def test_regexes_anchor_on_words():
    m = MultiMatcher({}, regexes={r"red lines?": "rl", r"\b\d{4}\b": "year"})
    assert spans(m, "red lines in 2021, not 12345 or redlines") == [("red lines", "rl"),
                                                                    ("2021", "year")]


def test_values_may_be_any_hashable():
    key = ("phrase", "variant")
    assert MultiMatcher({"win-win": key}).find("win win")[0][2] is key


def test_find_many_finds_what_find_finds_text_by_text():
    m = MultiMatcher({"core interests": "ci", "bri": "b", "u.s.": "us", "communiqués": "c",
                      "interfere in ... affairs": "i", "line": "l", "bottom line": "bl"},
                     regexes={r"internal affairs?": "ia"},
                     excludes={"bottom line of the company": {"bl"}})
    texts = [
        "", "nothing here", "bring a brief on the BRI",  # "bri" inside words, then a word
        "caf\u00e9 core interests", "\u0130stanbul, core-interests",  # characters before a match
        "\u00e9bri and \u00e9core interests", "core interests\u00e9",  # Unicode word neighbours
        "the U.S. and the us", "the three joint Communiqu\u00c9s", "\U0001f600 BRI",
        "interfere in China's internal affairs", "the bottom line of the company, a line",
        "internal affair", "internal affairsx", "BRI\u2014core\ninterests", "x" * 50 + " bri",
    ]
    assert m.find_many(texts) == [m.find(text) for text in texts]
    assert m.find_many([]) == []
    assert MultiMatcher({}).find_many(["core interests"]) == [[]]


def test_find_many_scans_every_text_where_the_screen_cannot_tell():
    free = MultiMatcher({"win": "w"}, regexes={r"\b\d{4}\b": "year"})
    assert free.find_many(["in 2021", "win in 2021"]) == [[(3, 7, "year")],
                                                         [(0, 3, "w"), (7, 11, "year")]]
    lone = "core interests \udc80"  # a lone surrogate cannot go to UTF-8: every text is scanned
    m = MultiMatcher({"core interests": "ci"})
    assert m.find_many([lone, "core interests"]) == [[(0, 14, "ci")], [(0, 14, "ci")]]
