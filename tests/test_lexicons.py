"""The phrase lexicon and its matcher (gazetteer tests live in their own functions below them).

`tests/data/lexicon_judgements.csv` holds hand judgements of matches on the 500 MFA press
conference pages in ../shared (`phrase_id, doc_id, matched, context, correct`, plus
`lexicon_round`: 1 = drawn with the lexicon before the precision revision, 2 and 3 = fresh
samples drawn after each fix). Each round was drawn with
``match_sample(corpus, ids, n=10, seed=2026)`` (round 1; seed 2027 for round 2, 2028 and
n=20 for internal-affairs in round 3, `skip=` the rows judged before), i.e. seeded and one
match per document before any second one; `context` is kwic's left + match + right with
12 words either side. A row is correct when the match is a real use of that formula, as an
analyst of Chinese official discourse reads it.
"""

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.errors import ArgumentValueError
from milrel_analysis.lexicons import (
    PHRASE_COLUMNS,
    MultiMatcher,
    canonical,
    lexicon_table,
    load_lexicon,
    phrase_matcher,
)
from milrel_analysis.phrases import (
    JUDGEMENT_COLUMNS,
    judged_hits,
    kwic,
    lexicon_precision,
    match_sample,
    phrase_counts,
    track_phrases,
)

JUDGEMENTS = Path(__file__).parent / "data" / "lexicon_judgements.csv"

# the 25 most frequent ids on the MFA pages (voice="official"), before and after the revision
MFA_TOP_IDS_BEFORE = """internal-affairs peace-and-stability belt-and-road mutual-benefit
un-centered-order korean-peninsula mutual-respect smear mutual-trust multilateralism
practical-cooperation arms-control one-china-principle win-win south-china-sea
dialogue-consultation shared-future counter-terrorism comprehensive-strategic-partnership
sovereignty-territorial-integrity cold-war-mentality stable-relations external-forces
taiwan-authorities high-level-exchanges""".split()
MFA_TOP_IDS_AFTER = [p for p in MFA_TOP_IDS_BEFORE
                     if p not in {"un-centered-order", "cold-war-mentality", "external-forces"}]
MFA_TOP_IDS_AFTER += ["international-law", "basic-norms", "one-country-two-systems"]


def _ids(text: str, lexicon=None) -> list[str]:
    """Phrase ids matched in `text`, in order."""
    return track_phrases(mra.corpus_from_texts({"d": text}), lexicon)["phrase_id"].tolist()


# --------------------------------------------------------------------------- phrase lexicon


def test_phrase_lexicon_columns_and_excludes():
    lex = load_lexicon()
    assert list(lex.columns) == PHRASE_COLUMNS
    assert "exclude" in PHRASE_COLUMNS
    assert lex["exclude"].map(lambda v: isinstance(v, tuple)).all()
    excludes = lex.set_index("phrase_id")["exclude"]
    assert "military ties with ... Taiwan" in excludes["mil-to-mil"]
    assert "bottom line of the company" in excludes["bottom-line"]
    # a table without the column (an older export) still builds a matcher
    bare = lex.drop(columns="exclude")
    assert phrase_matcher(bare).find("win-win")[0][2].phrase_id == "win-win"


def test_phrase_lexicon_no_pattern_under_two_ids():
    lex = load_lexicon()
    owner: dict[str, str] = {}
    for pid, patterns, twins in lex[["phrase_id", "patterns", "translation_variants"]].itertuples(
        index=False
    ):
        for pattern in (*patterns, *twins):
            key = canonical(" ".join(pattern.split()))
            assert owner.setdefault(key, pid) == pid, f"{pattern!r} is under {owner[key]} and {pid}"


def test_phrase_lexicon_exclude_validation():
    base = {"id": "provocation", "patterns": ["provoking"]}
    assert lexicon_table([{**base, "exclude": "thought-provoking"}]).loc[0, "exclude"] == (
        "thought-provoking",)
    with pytest.raises(ArgumentValueError, match="exclude must be a string or a list"):
        lexicon_table([{**base, "exclude": {"thought": "provoking"}}])
    with pytest.raises(ArgumentValueError, match="exclude must be a string or a list"):
        lexicon_table([{**base, "exclude": [3]}])
    with pytest.raises(ArgumentValueError, match="exclude must be a string or a list"):
        lexicon_table([{**base, "exclude": ["  "]}])
    with pytest.raises(ArgumentValueError, match="contains none of the entry's patterns"):
        lexicon_table([{**base, "exclude": ["thought-provocative"]}])
    with pytest.raises(ArgumentValueError, match="must stand alone between two words"):
        lexicon_table([{**base, "exclude": ["... provoking"]}])
    with pytest.raises(ArgumentValueError, match="must stand alone between two words"):
        lexicon_table([{"id": "x", "patterns": ["interfere in ... ... affairs"]}])
    with pytest.raises(ArgumentValueError, match="must stand alone between two words"):
        lexicon_table([{"id": "x", "patterns": ["interfere in...affairs"]}])
    # the same reaches load_lexicon from a YAML file
    with pytest.raises(ArgumentValueError, match="could never cancel"):
        load_lexicon({"phrases": [{**base, "exclude": ["bottom line of the company"]}]})


def test_phrase_matcher_exclude_drops_only_matches_inside_it():
    lex = load_lexicon({"phrases": [
        {"id": "provocation", "patterns": ["provoking", "provocation"],
         "exclude": ["thought-provoking"]},
        {"id": "bottom-line", "patterns": ["bottom line"],
         "exclude": ["bottom line of the company", "company's bottom line"]},
        {"id": "thought", "patterns": ["thought"]},
    ]})
    text = ("A thought-provoking article. Stop provoking China; such provocation must end. "
            "The bottom line of the company is profit; the company's bottom line too. "
            "Taiwan is China's bottom line.")
    assert _ids(text, lex) == ["thought", "provocation", "provocation", "bottom-line"]
    # the exclude of one entry leaves another entry's match inside it alone
    assert [key.phrase_id for *_, key in phrase_matcher(lex).find("thought-provoking")] == ["thought"]


def test_phrase_matcher_gaps():
    m = MultiMatcher({"interfere in ... internal affairs": "ia", "interfere in": "i"})
    assert m.find("Stop interfere in China's internal affairs") == [(5, 42, "ia")]
    assert m.find("interfere in internal affairs")[0][:2] == (0, 29)  # a gap may be empty
    assert m.find("interfere in Hong Kong affairs, and China's internal affairs")[0][2] == "ia"
    # more than five words, or a sentence break, and the gap does not span
    assert [v for *_, v in m.find("interfere in a b c d e f internal affairs")] == ["i"]
    assert [v for *_, v in m.find("interfere in trade. China's internal affairs")] == ["i"]
    # whole words at both ends
    assert m.find("interfere in China's internal affairsx") == [(0, 12, "i")]


def test_phrase_lexicon_one_formula_counts_once():
    cases = {
        "They interfere in China's internal affairs.": ["internal-affairs"],
        "Stop interference in Hong Kong affairs and China's internal affairs.": ["internal-affairs"],
        "Hong Kong affairs are China's internal affairs that allow no foreign interference.":
            ["internal-affairs"],
        "Xinjiang affairs are China's domestic affairs, which brook no interference.":
            ["internal-affairs"],
        "China opposes external interference in Venezuela's internal affairs.": ["internal-affairs"],
        "We follow the principle of non-interference in other countries' internal affairs.":
            ["five-principles"],
        "It violates international law and the basic norms governing international relations.":
            ["basic-norms"],
        "Uphold the international system with the UN at its core, the international order "
        "based on international law.": ["un-centered-order"],
        "Discard the Cold War and zero-sum game mindset.": ["cold-war-mentality"],
        "Discard the Cold War mentality and zero-sum game.": ["cold-war-mentality"],
        "Advance the Belt and Road Initiative (BRI) together.": ["belt-and-road"],
        "We oppose interference in Hong Kong affairs by external forces.": ["external-forces"],
        "China will never bully others.": ["never-seek-hegemony"],
    }
    for text, expected in cases.items():
        assert _ids(text) == expected, text


def test_phrase_lexicon_split_entries():
    cases = {
        "Mil-to-mil relations are an important part of China-US ties.": ["mil-to-mil"],
        "It damaged relations between the two militaries.": ["mil-to-mil"],
        "It undermined the relations of the two militaries.": ["mil-to-mil"],
        "Contacts between the two militaries and border troops continue.": ["two-militaries"],
        "Military diplomacy serves the country.": ["military-diplomacy"],
        "This violates international law.": ["international-law"],
        "We uphold the UN-centered international system.": ["un-centered-order"],
        "Observe the purposes and principles of the UN Charter.": ["un-charter"],
        "Respect the basic norms governing international relations.": ["basic-norms"],
        # negative contexts and narrowed patterns
        "Stop arms sales to and military ties with Taiwan.": ["arms-sales-taiwan"],
        "China opposes official and military ties between the US and Taiwan.": [],
        "Stop any official and military ties with and arms sales to the Taiwan region.":
            ["arms-sales-taiwan", "taiwan-authorities"],
        "The US provoked a trade war and keeps provoking trouble.": [],
        "The US side provoked China first; such provocations must stop.":
            ["provocation", "provocation"],
        "They trampled on the bottom line of morality and challenged the bottom line of "
        "one country, two systems.": ["bottom-line", "one-country-two-systems"],
        "So-called China's interference in Australia's internal affairs is a fabrication.": [],
        "The court works free from any interference.": [],
    }
    for text, expected in cases.items():
        assert _ids(text) == expected, text


def test_phrase_lexicon_seed_ids_and_counts_are_kept(seed_corpus):
    lex = load_lexicon()
    kept = """win-win core-interests mutual-respect one-china-principle taiwan-independence
    shared-future non-confrontation new-cold-war cold-war-mentality hegemonism bottom-line
    red-line sovereignty-territorial-integrity internal-affairs provocation countermeasures
    manage-differences strategic-communication practical-cooperation joint-exercise
    peace-and-stability global-security-initiative south-china-sea xi-thought-military
    mil-to-mil""".split()
    assert set(kept) <= set(lex["phrase_id"])
    shared = lex.set_index("phrase_id").loc["shared-future"]
    assert {"community with a shared future for mankind", "community of shared future",
            "community with a common future"} <= set(shared["patterns"])
    assert "community of human destiny" in shared["translation_variants"]


def test_phrase_counts_kwic_and_track_phrases_agree(seed_corpus):
    text = ("Hong Kong affairs are China's internal affairs that allow no foreign interference. "
            "Stop military ties with Taiwan; China-US military ties and mil-to-mil exchanges. "
            "We follow non-interference in other countries' internal affairs and oppose "
            "interference. Uphold international law and basic norms governing international "
            "relations, and international law.")
    for corpus in (mra.corpus_from_texts({"d": text}), seed_corpus):
        hits = track_phrases(corpus)
        counts = phrase_counts(corpus).groupby("phrase_id")["count"].sum()
        tracked = hits["phrase_id"].value_counts()
        for pid in load_lexicon()["phrase_id"]:
            found = kwic(corpus, pid)
            assert len(found) == tracked.get(pid, 0) == counts[pid], pid
            assert found["match"].tolist() == hits.loc[hits["phrase_id"] == pid, "matched"].tolist()


def test_match_sample_is_seeded_and_spread():
    docs = {f"d{i}": "Win-win here. " * (i + 1) for i in range(6)}
    corpus = mra.corpus_from_texts(docs)
    first = match_sample(corpus, "win-win", n=6, seed=3)
    assert first.equals(match_sample(corpus, "win-win", n=6, seed=3))
    assert first["doc_id"].is_unique  # one per document before any second
    assert set(first.columns) >= {"phrase_id", "doc_id", "matched", "context"}
    assert len(match_sample(corpus, "win-win", n=30, seed=3)) == 21
    again = match_sample(corpus, "win-win", n=30, seed=3, skip=first)
    assert len(again) == 21 - len(first.drop_duplicates(["phrase_id", "context"]).merge(
        match_sample(corpus, "win-win", n=30, seed=3), on=["phrase_id", "context"]))
    assert not set(again["context"]) & set(first["context"])
    with pytest.raises(ArgumentValueError, match="unknown phrase id"):
        match_sample(corpus, "no-such-id")


def test_lexicon_precision_counts_found_rows_only():
    judged = pd.DataFrame({"phrase_id": ["a"] * 4 + ["b"], "correct": ["1", "true", 0, 0, 1],
                           "found": [True, True, True, False, False]})
    table = lexicon_precision(judged).set_index("phrase_id")
    assert table.loc["a", ["n_judged", "n_correct", "n_dropped"]].tolist() == [3, 2, 1]
    assert table.loc["a", "precision"] == pytest.approx(2 / 3)
    assert 0 < table.loc["a", "precision_low"] < 2 / 3
    assert pd.isna(table.loc["b", "precision"]) and pd.isna(table.loc["b", "precision_low"])
    with pytest.raises(ArgumentValueError, match="must be 1/0 or true/false"):
        lexicon_precision(judged.assign(correct="maybe"))
    with pytest.raises(ArgumentValueError, match="between 0 and 1"):
        lexicon_precision(judged, confidence=95)
    with pytest.raises(KeyError, match="missing columns"):
        judged_hits(judged, mra.corpus_from_texts({"d": "x"}))


def test_lexicon_judgements_fixture_schema():
    table = pd.read_csv(JUDGEMENTS)
    assert list(table.columns[:5]) == JUDGEMENT_COLUMNS
    assert set(table["correct"]) <= {0, 1}
    assert set(table["phrase_id"]) <= set(load_lexicon()["phrase_id"])
    assert not table.duplicated(["phrase_id", "doc_id", "context"]).any()
    for pid in set(MFA_TOP_IDS_BEFORE) | set(MFA_TOP_IDS_AFTER):
        assert (table["phrase_id"] == pid).sum() >= 10, pid
    # the rows judged on the old lexicon are ten per id, drawn from ten documents
    first = table[table["lexicon_round"] == 1]
    assert (first.groupby("phrase_id")["doc_id"].nunique() == 10).all()


def test_lexicon_judgements_hold_on_mfa_pages():
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    judgements = pd.read_csv(JUDGEMENTS)
    files = sorted(pages / f"{doc}.html" for doc in set(judgements["doc_id"]))
    judged = judged_hits(judgements, mra.load_corpus(files, progress=False))
    lost = judged[~judged["located"]]
    assert lost.empty, f"judged matches no longer in the page text:\n{lost.head()}"
    missed = judged[judged["correct"] & ~judged["found"]]
    assert missed.empty, f"matches judged correct that the lexicon lost:\n{missed.head()}"
    kept = judged[~judged["correct"] & judged["found"]]
    assert kept.empty, f"matches judged wrong that the lexicon still counts:\n{kept.head()}"
    table = lexicon_precision(judged).set_index("phrase_id")
    assert (table["precision"] >= 0.95).all()
    assert (table.loc[MFA_TOP_IDS_AFTER, "n_judged"] >= 10).all()
    # each judged entry's note states the precision measured here
    notes = load_lexicon().set_index("phrase_id")["note"]
    for pid, row in table.iterrows():
        stated = re.search(r"Precision (\d+)/(\d+) on the MFA", notes[pid])
        assert stated, pid
        assert (int(stated[1]), int(stated[2])) == (row["n_correct"], row["n_judged"]), pid
