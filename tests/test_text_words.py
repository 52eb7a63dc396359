"""text.words: the single definition of a token, sentences, stemmers and stopwords."""

import pytest

import milrel_analysis as mra
from milrel_analysis.text.words import (
    WORD_RE,
    count_words,
    find_words,
    resolve_stopwords,
    sentence_tokens,
    split_sentences,
    stemmer,
    tokenize_text,
)


def test_compounds_and_abbreviations_in_tokens():
    tokens = mra.tokenize_text("China-US mil-to-mil ties, the one-China principle and Peace Mission-2021")
    assert {"china-u.s.", "mil-to-mil", "one-china_principle", "mission-2021"} <= set(tokens)
    plain = mra.tokenize_text("China-US mil-to-mil ties, the one-China principle", compounds=False)
    assert {"china-u.s.", "one-china", "principle"} <= set(plain)
    assert mra.split_sentences("Snr. Col. Wu Qian said so. The U.S. side agreed on Jan. 28.") == [
        "Snr. Col. Wu Qian said so.", "The U.S. side agreed on Jan. 28."]


def test_ascii_fast_path_tokenises_like_the_unicode_pattern():
    samples = ["China's U.S. side, the P.R.C. and e.g. x.y", "win-win mil-to-mil don't 'Taiwan' CHINA'S",
               "destiny.The 3.5% Peace Mission-2021 -- end.", "a's b'S it's let's o'clock"]
    for text in samples:
        assert text.isascii()
        assert find_words(text) == WORD_RE.findall(text)
        assert find_words(text + " café") == WORD_RE.findall(text + " café")


def test_latin_fast_path_matches_the_unicode_pattern():
    for text in ["Côte d'Ivoire's café — São Tomé, Türkiye and Ñuñoa", "naïve résumé's x.y.z",
                 "Ελλάδα and 中国 mixed with U.S."]:
        assert find_words(text) == WORD_RE.findall(text.replace("\u2014", " "))


def test_tokenize_text_options():
    text = "The provocations were provoked by the US side."
    assert tokenize_text(text, stopwords=True) == ["provocations", "provoked", "u.s.", "side"]
    assert tokenize_text(text, stopwords=["the", "by"], lowercase=False)[:2] == ["provocations", "were"]
    assert tokenize_text("relations", normalize="porter") == ["relat"]
    assert tokenize_text("relations", normalize="snowball") == ["relat"]
    assert tokenize_text("militaries", normalize="lemma") == ["military"]
    assert count_words("Win-win, mil-to-mil: two words.") == 4


def test_sentences_bound_the_tokens():
    assert sentence_tokens("Win-win. Core interests.") == [["win-win"], ["core", "interests"]]
    assert split_sentences("Gen. Li met Adm. Lee. Talks followed.") == [
        "Gen. Li met Adm. Lee.", "Talks followed."]


def test_bad_token_options_are_named():
    with pytest.raises(TypeError, match="not a string"):
        resolve_stopwords("the")
    with pytest.raises(ValueError, match="normalize='lemmas' is not allowed"):
        stemmer("lemmas")
    assert resolve_stopwords(None) == frozenset() and "the" in resolve_stopwords(True)


def test_the_country_is_not_the_pronoun():
    text = "Let us work... The US side urged us. U.S. officials and the U.S.A. and the USA"
    assert [t for t in tokenize_text(text) if t in {"us", "u.s."}] == ["us", "u.s.", "us", "u.s.",
                                                                          "u.s.", "u.s."]
    assert "us" in mra.load_wordlist("stopwords") and "u.s." not in mra.load_wordlist("stopwords")
    assert tokenize_text("the US", stopwords=True) == ["u.s."]


def test_numbers_keep_their_separators_and_possessives_fold():
    assert tokenize_text("1,000 troops, 7.2 percent, the 20th round, in the 1990s") == [
        "1,000", "troops", "7.2", "percent", "the", "20th", "round", "in", "the", "1990s"]
    assert tokenize_text("China's and the PLA's") == ["china", "and", "the", "pla"]


def test_compounds_join_names_with_possessives_kept_inside():
    from milrel_analysis.text.words import Compounds

    c = Compounds(["People's Liberation Army", "Belt and Road", "core interests"])
    assert tokenize_text("The People's Liberation Army's drills", compounds=c) == [
        "the", "people's_liberation_army", "drills"]
    assert tokenize_text("the Belt and Road and core-interests", compounds=c) == [
        "the", "belt_and_road", "and", "core_interests"]
    assert len(c) == 3 and tokenize_text("Belt and Road", compounds=None) == ["belt", "and", "road"]
    pkg = mra.tokenize_text("Mike Pompeo and Wang Yi discussed Hong Kong and the South China Sea")
    assert {"wang_yi", "hong_kong", "south_china_sea"} <= set(pkg)
