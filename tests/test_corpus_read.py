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


def _rejected(corpus):
    return {r.source.rsplit("/", 1)[-1]: r.reason for r in corpus.rejected.itertuples()}


def test_jsonl_bad_lines_are_rejected_one_by_one(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "x1", "text": "Win-win with Russia."}\n'
        '{"id": "x2", "text": "unterminated\n'
        '\n'
        '[1, 2]\n'
        '{"id": "x3", "text": "Core interests."}\n', encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["x1", "x3"]
    reasons = _rejected(corpus)
    assert reasons["a.jsonl#line 2"].startswith("not valid JSON: ")
    assert reasons["a.jsonl#line 4"] == "not a JSON object but list"
    assert len(reasons) == 2


def test_csv_unterminated_quote_is_reported_and_later_rows_kept(tmp_path):
    (tmp_path / "a.csv").write_text(
        'id,text\n1,The US side.\n2,"unterminated quote\n3,Russia too.\n4,"Core, interests."\n',
        encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["1", "3", "4"]  # no row swallowed
    assert corpus.documents["text"].tolist()[2] == "Core, interests."
    assert list(_rejected(corpus)) == ["a.csv#line 3"]
    assert _rejected(corpus)["a.csv#line 3"].startswith("malformed CSV quoting: a quote opened")
    (tmp_path / "a.csv").write_text('id,text\n1,The US side.\n2,"never closed\n3,x\n', encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["1", "3"]
    assert _rejected(corpus) == {"a.csv#line 3": "malformed CSV quoting: a quoted field is never closed"}


def test_csv_stray_quote_and_extra_fields_are_rejected_by_line(tmp_path):
    (tmp_path / "a.csv").write_text(
        'id,text\n1,"closed" then more\n2,fine,extra,fields\n3,"A ""quoted"" word."\n'
        '4,"spans\ntwo lines"\n5,last\n', encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["3", "4", "5"]
    assert corpus.documents["text"].tolist()[:2] == ['A "quoted" word.', "spans two lines"]
    reasons = _rejected(corpus)
    assert reasons["a.csv#line 2"].startswith("malformed CSV quoting")
    assert reasons["a.csv#line 3"].startswith("malformed CSV: 4 fields, the header has 2")


def test_csv_fields_of_any_size(tmp_path):
    speech = "The US side seeks win-win cooperation. " * 5000  # ~200 KB, over csv's 128 KiB default
    (tmp_path / "a.csv").write_text(f'id,text\nbig,"{speech}"\n', encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.rejected.empty and corpus.documents["n_tokens"][0] == 30000
    import csv

    assert csv.field_size_limit() == 131072  # restored for everyone else


def test_utf8_cut_at_the_end_stays_utf8_with_a_warning(tmp_path):
    (tmp_path / "cut.txt").write_bytes("Café talks with the US side in 北京".encode()[:-1])
    corpus = mra.load_corpus(tmp_path)
    row = corpus.documents.iloc[0]
    assert row["text"] == "Café talks with the US side in 北\ufffd"
    assert "Ã" not in row["text"]
    assert "ends inside a UTF-8 character" in row["warnings"]


def test_symlinked_folder_is_read_once_and_loops_end(tmp_path):
    root = tmp_path / "corpus"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.txt").write_text("The US side.", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text("Russia.", encoding="utf-8")
    (root / "alias").symlink_to(root / "real")  # the same folder twice
    (root / "more").symlink_to(outside)  # a folder elsewhere: followed
    (root / "real" / "loop").symlink_to(root)  # back up: a loop
    corpus = mra.load_corpus(root)
    assert sorted(corpus.documents["source"].map(lambda s: s[len(str(root)) + 1:])) == [
        "more/b.txt", "real/a.txt"]
    skipped = {r.source[len(str(root)) + 1:]: r.reason for r in corpus.skipped.itertuples()}
    assert skipped == {"alias": "symbolic link to a folder already read (a loop or a duplicate)",
                       "real/loop": "symbolic link to a folder already read (a loop or a duplicate)"}


def test_special_files_and_dangling_links_are_listed(tmp_path):
    import os

    (tmp_path / "ok.txt").write_text("The US side.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block forever
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("x", encoding="utf-8")
    corpus = mra.load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["ok"]
    skipped = {r.source.rsplit("/", 1)[-1]: r.reason for r in corpus.skipped.itertuples()}
    assert skipped == {".hidden": "hidden folder",
                       "gone.txt": f"dangling symbolic link to {str(tmp_path / 'nowhere.txt')!r}",
                       "pipe.txt": "not a regular file: a FIFO (named pipe)"}
    named = mra.load_corpus([tmp_path / "pipe.txt", tmp_path / "gone.txt"])
    assert named.rejected["reason"].tolist() == [
        "not a regular file: a FIFO (named pipe)",
        f"dangling symbolic link to {str(tmp_path / 'nowhere.txt')!r}"]
