"""corpus.load: load_corpus and corpus_from_texts on the seeds, real pages and edge cases."""

import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.corpus import DOCUMENT_COLUMNS, SEGMENT_COLUMNS

SEED_EXPECTED = {
    # doc prefix: (date, date_source, spokesperson, primary counterpart, format)
    "000": ("2021-01-28", "header", "Wu Qian", "USA", "news"),
    "001": ("2022-07-08", "header", None, "USA", "news"),
    "002": ("2021-01-28", "caption", "Wu Qian", "PRK", "news"),
    "003": ("2021-11-25", "inferred", "Wu Qian", "RUS", "mixed"),
    "004": ("2023-12-28", "inferred", "Wu Qian", None, "qa"),
}




def _doc(corpus, prefix):
    return corpus.documents[corpus.documents["doc_id"].str.startswith(prefix)].iloc[0]


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_metadata(seed_corpus, prefix):
    row = _doc(seed_corpus, prefix)
    date, source, spokesperson, primary, fmt = SEED_EXPECTED[prefix]
    assert row["date"].strftime("%Y-%m-%d") == date
    assert row["date_source"] == source
    assert (row["spokesperson"] if pd.notna(row["spokesperson"]) else None) == spokesperson
    assert (row["primary_counterpart"] if pd.notna(row["primary_counterpart"]) else None) == primary
    assert row["format"] == fmt


def test_tables_have_contract_columns(seed_corpus):
    assert list(seed_corpus.documents.columns[: len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert list(seed_corpus.segments.columns) == SEGMENT_COLUMNS
    assert list(seed_corpus.counterparts.columns) == ["doc_id", "seg_id", "counterpart", "mentions", "how"]
    assert seed_corpus.rejected.empty and len(seed_corpus) == 5


def test_seed_001_is_a_readout_with_li_zuocheng_speaking(seed_corpus):
    doc_id = _doc(seed_corpus, "001")["doc_id"]
    speakers = seed_corpus.speakers.loc[seed_corpus.speakers["doc_id"] == doc_id, "speaker"]
    assert "Li Zuocheng" in set(speakers)
    assert "Mark Milley" not in set(speakers)


def test_curly_quotes_count_as_straight(tmp_path):
    (tmp_path / "a.txt").write_text("China\u2019s \u201ccore interests\u201d", encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["text"][0] == "China's \"core interests\""


def test_html_page(tmp_path):
    page = ("<html><head><title>Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on "
            "May 15, 2018</title></head><body><div class='nav'><a>Russia</a><a>Japan</a></div>"
            "<div class='content'><p>Q: Will the DPRK talks resume?</p><p>A: We hope the DPRK and the US "
            "meet halfway.</p></div><script>alert(1)</script></body></html>")
    (tmp_path / "t1.html").write_text(page, encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    row = corpus.documents.iloc[0]
    assert (row["spokesperson"], row["date"].strftime("%Y-%m-%d"), row["format"]) == ("Lu Kang", "2018-05-15", "qa")
    assert set(corpus.counterparts["counterpart"]) == {"PRK", "USA"}  # not the navigation bar
    assert corpus.segments["speaker"].fillna("").tolist() == ["", "Lu Kang"]


def test_mfa_html_against_manifest():
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    manifest = pd.read_csv(pages.parent / "manifest.csv")
    corpus = mra.load_corpus(sorted(pages.glob("*.html"))[:60])
    docs = corpus.documents.assign(file=lambda d: "pages/" + d["doc_id"] + ".html").merge(manifest, on="file")
    dated = docs[docs["date_from_title"].notna()]
    assert (dated["date"].dt.strftime("%Y-%m-%d") == dated["date_from_title"]).mean() >= 0.95
    named = docs["title_y"].str.extract(r"Spokesperson (\w+ \w+)")[0]
    assert (docs["spokesperson"] == named).mean() >= 0.95


def test_review_edge_cases(tmp_path):
    # Duplicate ids never collide with an existing id.
    (tmp_path / "a.csv").write_text("id,text\n1,The US side.\n1,Russia too.\n1-2,Core interests.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 0, "text": "x y", "title": 7}\n{"id": 5, "text": ""}\n', encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].is_unique
    assert set(corpus.documents["doc_id"]) == {"1", "1-2", "1-3", "0"}
    assert corpus.documents.set_index("doc_id").loc["0", "title"] == "7"
    assert corpus.rejected["reason"].tolist() == ["row has an empty text"]
    # "main land" is two English words: no repair.
    text = mra.corpus_from_texts({"a": "The main land border crossing reopened.", "b": "Core interests."}).documents["text"]
    assert "main land" in text[0]
    # A "Background:" paragraph in a news item is no Q&A turn.
    news = mra.corpus_from_texts({"n": "BEIJING, March 3, 2022 -- Navies held an exercise.\n\nBackground: They drill yearly."})
    assert news.documents["format"][0] == "news"


def test_strict_raises_one_error_listing_every_rejected_input(tmp_path):
    (tmp_path / "ok.txt").write_text("The US side said win-win.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  ", encoding="utf-8")
    with pytest.raises(ValueError, match=r"2 input\(s\) could not be parsed:\n  .*blank.txt: file holds only whitespace"):
        mra.load_corpus(tmp_path, strict=True)
