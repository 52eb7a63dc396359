import json

import pandas as pd
import pytest
from conftest import NEWS_DOC, QA_DOC, SEEDS, shared_path

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
    assert list(seed_corpus.counterparts.columns) == ["doc_id", "seg_id", "counterpart", "mentions"]
    assert seed_corpus.rejected.empty and len(seed_corpus) == 5


def test_seed_001_is_a_readout_with_li_zuocheng_speaking(seed_corpus):
    doc_id = _doc(seed_corpus, "001")["doc_id"]
    speakers = seed_corpus.speakers.loc[seed_corpus.speakers["doc_id"] == doc_id, "speaker"]
    assert "Li Zuocheng" in set(speakers)
    assert "Mark Milley" not in set(speakers)


def test_seed_caption_and_dateline_are_separated(seed_corpus):
    doc_id = _doc(seed_corpus, "000")["doc_id"]
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == doc_id]
    assert segs.iloc[0]["kind"] == "caption" and "(Photo: mod.gov.cn)" in segs.iloc[0]["text"]
    assert segs.iloc[1]["text"].startswith("The mil-to-mil relations")  # dateline removed
    assert not segs["text"].str.contains("date 2021-01-28").any()


def test_seed_004_parallel_translations(seed_corpus):
    row = _doc(seed_corpus, "004")
    assert row["translations"] == 2
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == row["doc_id"]]
    machine = segs[segs["translation"] == "machine"]["text"].str.cat(sep=" ")
    official = segs[segs["translation"] == "official"]["text"].str.cat(sep=" ")
    assert "community of human destiny" in machine
    assert "community with a shared future for mankind" in official
    counted = seed_corpus.countable_segments()
    assert not counted["translation"].eq("machine").any()
    assert counted["text"].str.contains("shared future").sum() == 1


def test_seed_004_turns_and_repairs(seed_corpus):
    row = _doc(seed_corpus, "004")
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == row["doc_id"]]
    assert segs["kind"].tolist()[:4] == ["header", "body", "question", "answer"]
    assert set(segs.loc[segs["kind"] == "answer", "speaker"]) == {"Wu Qian"}
    for broken, fixed in [("mu ltilateral", "multilateral"), ("Nep al", "Nepal"),
                          ("prote ction", "protection")]:
        assert f"{broken!r} -> {fixed!r}" in row["warnings"]
        assert not segs["text"].str.contains(broken).any()
    # Repaired "Nepal" now counts as a counterpart mention.
    cps = seed_corpus.counterparts[seed_corpus.counterparts["doc_id"] == row["doc_id"]]
    assert "NPL" in set(cps["counterpart"])


def test_repair_leaves_real_word_pairs_alone():
    corpus = mra.corpus_from_texts({"d": "We went a broad way to the multilateral talks on the mu ltilateral track."})
    text = corpus.documents["text"][0]
    assert "a broad way" in text and "multilateral track" in text


def test_counterparts_aliases_and_exclusions():
    corpus = mra.corpus_from_texts({
        "d": "The Pentagon and the Biden administration met North Korea's envoy from Pyongyang. "
             "Sino-Russian ties; Shoigu visited. East Timor joined. Chinese PLA officers and "
             "Taiwan and the South China Sea were discussed. Wei met Shoigu in Dushanbe, Tajikistan."
    })
    mentions = corpus.counterparts.groupby("counterpart")["mentions"].sum().to_dict()
    assert mentions == {"USA": 2, "PRK": 2, "RUS": 3, "TLS": 1}


def test_qa_fixture_turns_and_outlets():
    corpus = mra.corpus_from_texts({"qa": QA_DOC})
    segs = corpus.segments
    assert segs["kind"].tolist() == ["header", "body", "question", "answer", "answer", "question", "answer"]
    assert segs["speaker"].tolist()[3:] == ["Tan Kefei", "Tan Kefei", "AFP", "Tan Kefei"]
    row = corpus.documents.iloc[0]
    assert row["spokesperson"] == "Tan Kefei" and row["format"] == "qa"
    assert row["date"].strftime("%Y-%m-%d") == "2022-03-03"


def test_news_fixture():
    corpus = mra.corpus_from_texts({"n": NEWS_DOC})
    row = corpus.documents.iloc[0]
    assert pd.isna(row["spokesperson"])
    assert corpus.speakers["speaker"].tolist() == ["Li Zuocheng"]
    assert row["primary_counterpart"] == "USA"


def test_curly_quotes_count_as_straight(tmp_path):
    (tmp_path / "a.txt").write_text("China\u2019s \u201ccore interests\u201d", encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["text"][0] == "China's \"core interests\""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings_and_crlf(tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes("China\u2019s view\r\n\r\nSecond para.\r\n".encode(encoding))
    corpus = mra.load_corpus(tmp_path)
    assert corpus.segments["text"].tolist() == ["China's view", "Second para."]


def test_bad_inputs_are_rejected_with_reasons_and_inputs_untouched(tmp_path):
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n ",
        "binary.txt": bytes(range(256)) * 4,
        "bad.txt": b"abc \x81\x8d\x8f\x90 bad",
        "good.txt": b"The US side said win-win.",
        "notes.docx": b"PK\x03\x04",
        "rows.csv": b"id,body\n1,hello\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["good"]
    reasons = dict(zip(corpus.rejected["source"].map(lambda s: s.rsplit("/", 1)[-1]),
                       corpus.rejected["reason"], strict=True))
    assert reasons["empty.txt"] == "empty file"
    assert "whitespace" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "undecodable" in reasons["bad.txt"]
    assert "'text' or 'content'" in reasons["rows.csv"]
    assert corpus.skipped["reason"].tolist() == ["unsupported extension '.docx'"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    with pytest.raises(ValueError, match="5 input"):
        mra.load_corpus(tmp_path, strict=True)


def test_jsonl_and_csv_rows(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "x1", "content": "Win-win with Russia.", "publish_time": "2021-11-25 10:00"}) + "\n"
        + json.dumps({"id": "x2", "text": "Core interests.", "title": "T2"}) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text,date,url\n\"The US side, said Wu.\",2022-01-02,http://x\n",
                                    encoding="utf-8")
    docs = mra.load_corpus(tmp_path).documents.set_index("doc_id")
    assert docs.loc["x1", "date"].strftime("%Y-%m-%d") == "2021-11-25"
    assert docs.loc["x1", "date_source"] == "metadata"
    assert docs.loc["x2", "title"] == "T2" and docs.loc["x2", "date_source"] == "none"
    assert docs.loc["b-1", "date_source"] == "metadata"


def test_metadata_sidecar_overrides(tmp_path):
    meta = tmp_path / "meta.csv"
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    meta.write_text(f"doc_id,date,spokesperson,counterparts\n{ids[4]},2023-12-29,Zhang Xiaogang,USA;RUS\n",
                    encoding="utf-8")
    corpus = mra.load_corpus(SEEDS, metadata=meta)
    row = corpus.documents.set_index("doc_id").loc[ids[4]]
    assert row["date"].strftime("%Y-%m-%d") == "2023-12-29" and row["date_source"] == "metadata"
    assert row["spokesperson"] == "Zhang Xiaogang"
    assert set(corpus.counterparts.loc[corpus.counterparts["doc_id"] == ids[4], "counterpart"]) == {"USA", "RUS"}


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


def test_filter_by_date(seed_corpus):
    sub = seed_corpus.filter(date_from="2022-01-01")
    assert len(sub) == 2 and set(sub.segments["doc_id"]) == set(sub.documents["doc_id"])


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


def test_metadata_dataframe_and_filename_year(tmp_path):
    (tmp_path / "CHN_70_2015.txt").write_text("We seek win-win cooperation with the US.", encoding="utf-8")
    (tmp_path / "USA_70_2015.txt").write_text("Freedom and Russia.", encoding="utf-8")
    meta = pd.DataFrame({"doc_id": ["CHN_70_2015", "USA_70_2015"], "date": [None, None],
                         "title": ["Speech", None], "counterparts": [None, "RUS"]})
    corpus = mra.load_corpus(tmp_path, metadata=meta,
                             filename_pattern=r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})")
    docs = corpus.documents.set_index("doc_id")
    assert docs["year"].tolist() == [2015, 2015]
    assert docs.loc["CHN_70_2015", "title"] == "Speech" and pd.isna(docs.loc["USA_70_2015", "title"])
    assert docs.loc["USA_70_2015", "primary_counterpart"] == "RUS"
