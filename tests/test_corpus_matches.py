"""corpus.matches: lexicon matches found once per corpus and lexicon."""

import milrel_analysis as mra
from milrel_analysis.corpus.matches import match_segments, segment_matches
from milrel_analysis.lexicons import load_lexicon, phrase_matcher
from milrel_analysis.phrases import phrase_counts


def test_segment_matches_match_once_per_lexicon_and_follow_the_texts():
    corpus = mra.corpus_from_texts({"a": "Win-win results.\n\nCore interests matter.",
                                    "b": "No formula here."})
    lex = load_lexicon(["win-win", "core interests"])
    rows = list(range(len(corpus.segments)))
    expected = match_segments(corpus.segments["text"].tolist(), phrase_matcher(lex))
    assert segment_matches(corpus, rows, lex) == expected
    # Asked again, in another order and with repeats, the kept matches are returned.
    assert segment_matches(corpus, rows[::-1] + rows, lex) == expected[::-1] + expected
    # Another lexicon is matched on its own, not served from the first one's matches.
    only = load_lexicon(["win-win"])
    assert [len(h) for h in segment_matches(corpus, rows, only)] == [1, 0, 0]
    # Texts that change are matched again (the token table is rebuilt with them).
    corpus.segments.loc[0, "text"] = "Nothing to find."
    assert segment_matches(corpus, [0], lex) == [[]]
    assert phrase_counts(corpus, lexicon=lex).query("phrase_id == 'win-win'")["count"].sum() == 0
