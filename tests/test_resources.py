"""_resources: packaged data read offline, immutable once cached."""

from milrel_analysis._resources import anniversaries, data_text, load_wordlist, package_version


def test_wordlists_are_immutable_sets_without_comments():
    stop = load_wordlist("stopwords")
    assert isinstance(stop, frozenset) and "the" in stop and not any(w.startswith("#") for w in stop)
    assert load_wordlist("stopwords") is stop  # cached


def test_anniversaries_keep_the_file_order_so_the_first_match_wins():
    pairs = anniversaries()
    assert pairs[0] == ("Treaty of Good-Neighborliness", 2001)
    assert dict(pairs)["founding of the PLA"] == 1927


def test_data_text_and_version():
    assert "phrases:" in data_text("phrases.yaml")
    assert package_version()[0].isdigit()
