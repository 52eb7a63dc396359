"""corpus.read: files to records; bad input rejected with its reason, inputs untouched."""

import json

import pytest

import milrel_analysis as mra


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
