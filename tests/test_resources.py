"""_resources: packaged data read offline, immutable once cached."""

from milrel_analysis._resources import anniversaries, data_text, load_wordlist, name_heads, package_version


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


def test_name_heads_pair_a_word_with_the_role_of_a_name_it_ends():
    heads = name_heads()
    assert isinstance(heads, tuple) and ("Airlines", "descriptor") in heads
    assert {role for _, role in heads} == {"descriptor", "reference"}
    assert not any(word.startswith("#") or not word for word, _ in heads)
