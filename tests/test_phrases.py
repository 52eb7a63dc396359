import pandas as pd
import pytest

import milrel_analysis as mra
from milrel_analysis.lexicons import load_lexicon
from milrel_analysis.phrases import kwic, kwic_html, phrase_counts, track_phrases

REQUIRED_IDS = """win-win core-interests mutual-respect one-china-principle taiwan-independence
shared-future non-confrontation new-cold-war cold-war-mentality hegemonism bottom-line red-line
sovereignty-territorial-integrity internal-affairs provocation countermeasures manage-differences
strategic-communication practical-cooperation joint-exercise peace-and-stability
global-security-initiative south-china-sea xi-thought-military""".split()


def test_packaged_lexicon_schema():
    lex = load_lexicon()
    assert len(lex) >= 40
    assert set(REQUIRED_IDS) <= set(lex.phrase_id)
    assert lex.phrase_id.is_unique
    assert (lex.patterns.map(len) + lex.regex.map(len) > 0).all()
    assert set(lex.category) <= {"cooperation", "red_lines", "criticism", "party_line",
                                 "multilateral", "topic", "reassurance"}
    twins = lex.set_index("phrase_id").translation_variants
    assert "community of human destiny" in twins["shared-future"]
    assert "thought of strengthening the army" in twins["xi-thought-military"]


def test_seed_phrase_counts(seed_corpus):
    counts = phrase_counts(seed_corpus)
    got = {(d[:3], p): c for d, p, c in counts[["doc_id", "phrase_id", "count"]].itertuples(index=False)}
    assert got[("000", "win-win")] == 1 and got[("001", "win-win")] == 1
    assert got[("001", "core-interests")] == 1
    assert got[("001", "one-china-principle")] == 1
    assert got[("004", "shared-future")] == 1  # one translation counts, not two
    assert got[("002", "win-win")] == 0  # zero rows are present
    assert len(counts) == 5 * len(load_lexicon())


def test_matching_is_tolerant_and_longest_wins():
    corpus = mra.corpus_from_texts({
        "d": "Win-\nwin and win win results. A community with a shared future for mankind. "
             "They provoked China with “provocative” acts. Core-interests."
    })
    hits = track_phrases(corpus)
    assert hits[hits.phrase_id == "win-win"]["matched"].tolist() == ["Win-win", "win win"]
    shared = hits[hits.phrase_id == "shared-future"]
    assert shared["matched"].tolist() == ["community with a shared future for mankind"]
    # "provoked China" is a pattern, the bare verb is not ("provoke a trade war" is no provocation)
    assert len(hits[hits.phrase_id == "provocation"]) == 2
    assert "core-interests" in set(hits.phrase_id)
    assert {"doc_id", "seg_id", "phrase_id", "category", "matched", "start", "end", "speaker",
            "counterparts", "date"} <= set(hits.columns)


def test_machine_translation_twins_are_flagged(seed_corpus):
    hits = track_phrases(seed_corpus, translation="machine")
    twin = hits[hits.phrase_id == "shared-future"]
    assert twin["matched"].tolist() == ["community of human destiny"]
    assert twin["variant"].tolist() == ["machine"]


def test_phrase_counts_by_counterpart_and_year(seed_corpus):
    by_cp = phrase_counts(seed_corpus, by="counterpart").set_index(["counterpart", "phrase_id"])
    assert by_cp.loc[("USA", "core-interests"), "count"] == 1  # paragraph inherits the readout's USA
    assert by_cp.loc[("RUS", "not-the-best-only-better"), "count"] == 2
    by_year = phrase_counts(seed_corpus, by="year")
    assert set(by_year.year) == {2021, 2022, 2023}
    assert list(by_year.columns) == ["year", "phrase_id", "label", "category", "count",
                                     "rate_per_10k", "n_docs", "group_docs", "n_tokens"]
    # The denominators: every dated document in its year, and rates that pool exactly.
    per_year = by_year.drop_duplicates("year").set_index("year")
    assert per_year["group_docs"].to_dict() == seed_corpus.documents.groupby("year").size().to_dict()
    row = by_year[by_year["count"] > 0].iloc[0]
    assert row.rate_per_10k == pytest.approx(row["count"] * 1e4 / row.n_tokens)


def test_custom_lexicons(tmp_path, seed_corpus):
    path = tmp_path / "mine.yaml"
    path.write_text("phrases:\n  - id: new-starting-point\n    label: New starting point\n"
                    "    category: cooperation\n    patterns: [new starting point, new historical starting point]\n",
                    encoding="utf-8")
    counts = phrase_counts(seed_corpus, lexicon=path)
    assert counts.groupby("phrase_id")["count"].sum().to_dict() == {"new-starting-point": 2}
    extended = load_lexicon(path, extend=True)
    assert "win-win" in set(extended.phrase_id) and "new-starting-point" in set(extended.phrase_id)
    assert phrase_counts(seed_corpus, lexicon=["mission impossible"])["count"].sum() == 1
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_lexicon(tmp_path / "missing.yaml")
    with pytest.raises(ValueError, match="no 'patterns'"):
        load_lexicon({"phrases": [{"id": "x"}]})


def test_kwic_and_escaped_html():
    corpus = mra.corpus_from_texts({"d": "They said <script>alert(1)</script> win-win cooperation & more."})
    table = kwic(corpus, "win-win", window=2)
    assert table[["left", "match", "right"]].values.tolist() == [["said <script>alert(1)</script>", "win-win", "cooperation &"]]
    html = kwic_html(table)
    assert "<script>" not in html and "&lt;/script&gt;" in html and "&amp;" in html
    assert kwic(corpus, r"coop\w+", regex=True)["match"].tolist() == ["cooperation"]
    assert kwic(corpus, "shared-future").empty


def test_kwic_bad_arguments():
    corpus = mra.corpus_from_texts({"d": "Win-win cooperation."})
    with pytest.raises(ValueError, match=r"bad regular expression '\(win'"):
        kwic(corpus, "(win", regex=True)
    with pytest.raises(ValueError, match="window=-1: give an integer >= 0"):
        kwic(corpus, "win-win", window=-1)


def test_phrase_counts_equal_a_count_of_the_hits_for_each_grouping(seed_corpus):
    hits = track_phrases(seed_corpus)
    docs = seed_corpus.documents.set_index("doc_id")
    for by in ("doc_id", "year", "format"):
        table = phrase_counts(seed_corpus, by=by)
        located = hits.assign(key=hits["doc_id"].map(docs[by]) if by != "doc_id" else hits["doc_id"])
        want = located.groupby(["key", "phrase_id"]).agg(count=("seg_id", "size"),
                                                          n_docs=("doc_id", "nunique"))
        got = table[table["count"] > 0].set_index([by, "phrase_id"])[["count", "n_docs"]]
        got.index.names = ["key", "phrase_id"]
        pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_dtype=False)
        per_group = docs.reset_index().groupby(by)["doc_id"].nunique()
        assert table.drop_duplicates(by).set_index(by)["group_docs"].to_dict() == per_group.to_dict()

