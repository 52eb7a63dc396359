"""corpus.cache: parsed corpora in Arrow files, reused while the inputs hold, never trusted when damaged."""

import dataclasses
import json
import os
import shutil

import pandas as pd
import pytest
from conftest import SEEDS

import milrel_analysis as mra
from milrel_analysis.corpus import cache, load
from milrel_analysis.corpus.cache import file_hashes, read_entry, write_entry
from milrel_analysis.corpus.vocab import TokenTable


def _same(a, b):
    return all(_same_field(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))


def _same_field(x, y):
    if isinstance(x, TokenTable) or isinstance(y, TokenTable):
        return isinstance(x, TokenTable) and x.equals(y)
    return cache._same_frame(x, y)


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "bad.txt").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"PK")
    return folder


def _count_parses(monkeypatch):
    calls = []
    real = load.assemble

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "assemble", counting)
    return calls


def test_second_load_reads_the_cache_and_gives_the_same_corpus(corpus_dir, tmp_path, monkeypatch):
    calls = _count_parses(monkeypatch)
    first = mra.load_corpus(corpus_dir, cache=tmp_path / "cache")
    second = mra.load_corpus(corpus_dir, cache=tmp_path / "cache")
    assert calls == [1]
    assert _same(first, second) and _same(first, mra.load_corpus(corpus_dir))
    assert second.rejected["reason"].tolist() == ["empty file"]
    assert second.skipped["reason"].tolist() == ["unsupported extension '.docx'"]
    entries = list((tmp_path / "cache" / "corpus").iterdir())
    assert len(entries) == 1
    tables = [f.name for f in dataclasses.fields(first) if f.name != "tokens"]
    assert sorted(p.name for p in entries[0].iterdir()) == sorted(
        ["entry.json", *(f"{name}.arrow" for name in tables),
         *(f"tokens.{part}.arrow" for part in ("codes", "segments", "vocab"))])
    assert second.tokens is not None and second.tokens.equals(first.tokens)


def test_changed_inputs_and_options_are_new_keys(corpus_dir, tmp_path, monkeypatch):
    calls = _count_parses(monkeypatch)
    where = tmp_path / "cache"
    mra.load_corpus(corpus_dir, cache=where)
    first = sorted(corpus_dir.glob("0*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nThe Russian side agreed.", encoding="utf-8")
    changed = mra.load_corpus(corpus_dir, cache=where)
    assert "The Russian side agreed." in changed.documents["text"][0]
    mra.load_corpus(corpus_dir, cache=where, filename_pattern=r"(?P<serial>\d{3})_")
    meta = tmp_path / "meta.csv"
    doc_id = first.stem
    meta.write_text(f"doc_id,title\n{doc_id},T\n", encoding="utf-8")
    mra.load_corpus(corpus_dir, cache=where, metadata=meta)
    meta.write_text(f"doc_id,title\n{doc_id},U\n", encoding="utf-8")
    mra.load_corpus(corpus_dir, cache=where, metadata=meta)
    mra.load_corpus(corpus_dir, cache=where, repair_words=False)
    (corpus_dir / "new.txt").write_text("The US side.", encoding="utf-8")
    mra.load_corpus(corpus_dir, cache=where)
    assert len(calls) == 7
    mra.load_corpus(corpus_dir, cache=where)
    assert len(calls) == 7


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "entry", "key"])
def test_a_damaged_entry_is_ignored_and_rewritten(corpus_dir, tmp_path, monkeypatch, damage):
    where = tmp_path / "cache"
    good = mra.load_corpus(corpus_dir, cache=where)
    entry = next((where / "corpus").iterdir())
    segments = entry / "segments.arrow"
    if damage == "truncate":
        segments.write_bytes(segments.read_bytes()[: segments.stat().st_size // 2])
    elif damage == "flip":
        data = bytearray(segments.read_bytes())
        data[len(data) // 2] ^= 0xFF
        segments.write_bytes(bytes(data))
    elif damage == "delete":
        segments.unlink()
    elif damage == "entry":
        (entry / "entry.json").write_text("{not json", encoding="utf-8")
    else:
        spec = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
        spec["key"] = "0" * 64
        (entry / "entry.json").write_text(json.dumps(spec), encoding="utf-8")
    assert read_entry(where, entry.name) is None
    calls = _count_parses(monkeypatch)
    again = mra.load_corpus(corpus_dir, cache=where)
    assert calls == [1] and _same(again, good)
    assert read_entry(where, entry.name) is not None  # rewritten whole


def test_list_and_mixed_object_columns_round_trip(tmp_path):
    corpus = mra.corpus_from_texts({"a": "The US side.", "b": "Russia."})
    docs = corpus.documents.assign(
        ids=[["USA", "RUS"], []], mixed=[1, "two"], nested=[{"role": "venue", "at": [1, 2]}, {}],
        none=[None, ["x"]])
    corpus = dataclasses.replace(corpus, documents=docs)
    assert write_entry(tmp_path, "k" * 64, corpus)
    back = read_entry(tmp_path, "k" * 64)
    assert back.documents["ids"].tolist() == [["USA", "RUS"], []]
    assert type(back.documents["ids"][0]) is list
    assert back.documents["mixed"].tolist() == [1, "two"]
    assert back.documents["nested"][0] == {"role": "venue", "at": [1, 2]}
    assert back.documents["none"].tolist() == [None, ["x"]]
    assert _same(corpus, back)


def test_values_arrow_cannot_give_back_are_not_cached(tmp_path, monkeypatch):
    corpus = mra.corpus_from_texts({"a": "The US side."})
    odd = dataclasses.replace(corpus, documents=corpus.documents.assign(pair=[(1, 2)]))
    assert not write_entry(tmp_path, "t" * 64, odd)  # a tuple would come back a list
    assert read_entry(tmp_path, "t" * 64) is None
    assert not list((tmp_path / "corpus").iterdir())  # no temporary folder left
    monkeypatch.setattr(load, "assemble", lambda *a: odd)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The US side.", encoding="utf-8")
    loaded = mra.load_corpus(tmp_path / "in", cache=tmp_path / "c")
    assert loaded.documents["pair"].tolist() == [(1, 2)]  # the corpus itself is untouched


def test_unchanged_size_and_mtime_are_not_read_again(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("first", encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # long before it was hashed
    before = file_hashes([path], tmp_path)
    path.write_text("other", encoding="utf-8")  # same size, then the same mtime
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert file_hashes([path], tmp_path) == before  # the fast path: the file was not read
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    assert file_hashes([path], tmp_path) != before
    # A file modified just before it was hashed is hashed again every time (racy mtime).
    path.write_text("third", encoding="utf-8")
    now = file_hashes([path], tmp_path)
    path.write_text("forth", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    assert file_hashes([path], tmp_path) != now


def test_unreadable_file_is_marked_not_raised(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    real = type(path).read_bytes

    def refuse(self):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    assert file_hashes([path], None) == ["unreadable: Permission denied"]
    corpus = mra.load_corpus(tmp_path, cache=tmp_path / "c")
    assert corpus.rejected.to_dict("records") == [
        {"source": str(path), "reason": "cannot read: Permission denied"}]


def test_an_unwritable_cache_still_loads(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    corpus = mra.load_corpus(SEEDS, cache=blocker)
    assert len(corpus) == 5


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "KEEP_ENTRIES", 2)
    corpus = mra.corpus_from_texts({"a": "The US side."})
    for i in range(4):
        assert write_entry(tmp_path, f"{i}" * 64, corpus)
        os.utime(tmp_path / "corpus" / (f"{i}" * 64) / "entry.json", (i + 10, i + 10))
    assert sorted(p.name[0] for p in (tmp_path / "corpus").iterdir()) == ["2", "3"]


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MILREL_CACHE_DIR", str(tmp_path / "m"))
    assert cache.default_cache_dir() == tmp_path / "m"
    monkeypatch.delenv("MILREL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache.default_cache_dir() == tmp_path / "x" / "milrel_analysis"


def test_metadata_digest():
    frame = pd.DataFrame({"doc_id": ["a"], "date": ["2021-01-01"]})
    assert cache.metadata_digest(None) is None
    assert cache.metadata_digest(frame) == cache.metadata_digest(frame.copy())
    assert cache.metadata_digest(frame) != cache.metadata_digest(frame.assign(date="2022-01-01"))
    assert cache.metadata_digest("/no/such/file.csv").startswith("unreadable")


def _age(folder):
    for path in folder.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # long before they are read


def test_after_a_change_only_that_file_is_parsed_again(corpus_dir, tmp_path, monkeypatch):
    _age(corpus_dir)
    where = tmp_path / "cache"
    mra.load_corpus(corpus_dir, cache=where)
    parsed = []
    real = load.load_file
    monkeypatch.setattr(load, "load_file", lambda path: parsed.append(path.name) or real(path))
    changed = sorted(corpus_dir.glob("0*.txt"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe Russian side agreed.", encoding="utf-8")
    _age(corpus_dir)
    (corpus_dir / "new.txt").write_text("The mu ltilateral track with the US side.", encoding="utf-8")
    _age(corpus_dir)
    incremental = mra.load_corpus(corpus_dir, cache=where)
    assert sorted(parsed) == sorted([changed.name, "new.txt"])
    full = mra.load_corpus(corpus_dir)
    assert _same(incremental, full)  # the corpus-wide steps ran on the whole corpus
    # A damaged file entry is a miss, parsed again, with the same result.
    for entry in (where / "files").rglob("*.pickle.z"):
        entry.write_bytes(entry.read_bytes()[:-3])
    shutil.rmtree(where / "corpus")
    parsed.clear()
    assert _same(mra.load_corpus(corpus_dir, cache=where), full)
    assert len(parsed) == len(list(corpus_dir.iterdir())) - 1  # every file but the .docx


def test_a_file_changed_after_hashing_is_not_stored(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The US side.", encoding="utf-8")
    assert not cache.write_parsed(tmp_path, "f" * 64, [("ok", None)], path, hashed_at=path.stat().st_mtime)
    assert cache.write_parsed(tmp_path, "f" * 64, [("ok", None)], path,
                              hashed_at=path.stat().st_mtime + 10)
    assert cache.read_parsed(tmp_path, "f" * 64) == [("ok", None)]


def test_cache_true_is_the_user_folder_and_false_is_none(corpus_dir, tmp_path, monkeypatch):
    calls = _count_parses(monkeypatch)
    monkeypatch.setenv("MILREL_CACHE_DIR", str(tmp_path / "user-cache"))
    mra.load_corpus(corpus_dir, cache=True)
    assert (tmp_path / "user-cache" / "corpus").is_dir()
    mra.load_corpus(corpus_dir, cache=True)
    assert calls == [1]
    mra.load_corpus(corpus_dir, cache=False)  # like run_reports(cache=False): parse, store nothing
    assert calls == [1, 1]
    assert len(list((tmp_path / "user-cache" / "corpus").iterdir())) == 1


def test_sentences_are_split_once_for_every_reader_of_an_entry(corpus_dir, tmp_path, monkeypatch):
    from milrel_analysis.corpus import vocab
    from milrel_analysis.frequency import term_frequency

    store = tmp_path / "cache"
    mra.load_corpus(corpus_dir, cache=store)
    splits = []
    real = vocab._sentence_tokens
    monkeypatch.setattr(vocab, "_sentence_tokens", lambda *a: splits.append(1) or real(*a))
    first = mra.load_corpus(corpus_dir, cache=store)  # a notebook's kernel
    bigrams = term_frequency(first, by="year", ngram=2)
    assert splits == [1] and first.tokens.has_sentences()
    second = mra.load_corpus(corpus_dir, cache=store)  # the next kernel reads them back
    assert second.tokens.has_sentences() and not second.tokens.derived
    pd.testing.assert_frame_equal(term_frequency(second, by="year", ngram=2), bigrams)
    assert splits == [1]
    stored, split = second.tokens.derived["sentences"], real(second.tokens, second.segments[
        "text"].tolist(), mra.lexicons.default_compounds(), 1)
    for part in ("vocab", "codes", "offsets", "segments", "starts", "ends"):
        assert getattr(stored, part).tolist() == getattr(split, part).tolist(), part


def test_the_process_that_parsed_an_entry_stores_its_sentences_too(corpus_dir, tmp_path, monkeypatch):
    from milrel_analysis.corpus import vocab
    from milrel_analysis.sentences import corpus_sentences

    store = tmp_path / "cache"
    splits = []
    real = vocab._sentence_tokens
    monkeypatch.setattr(vocab, "_sentence_tokens", lambda *a: splits.append(1) or real(*a))
    parsed = mra.load_corpus(corpus_dir, cache=store)  # as milrel report's own process does
    sentences = corpus_sentences(parsed)
    assert splits == [1]
    reader = mra.load_corpus(corpus_dir, cache=store)  # a kernel
    assert reader.tokens.has_sentences()
    assert corpus_sentences(reader).starts.tolist() == sentences.starts.tolist() and splits == [1]


def test_damaged_stored_sentences_are_split_again(corpus_dir, tmp_path):
    from milrel_analysis.frequency import term_frequency

    store = tmp_path / "cache"
    mra.load_corpus(corpus_dir, cache=store)
    expected = term_frequency(mra.load_corpus(corpus_dir, cache=store), by="doc_id", ngram=2)
    [offsets] = list(store.rglob("sentences.offsets.arrow"))
    offsets.write_bytes(offsets.read_bytes()[:-8] + b"\0" * 8)
    again = mra.load_corpus(corpus_dir, cache=store)
    assert again.tokens.store.load_sentences(mra.lexicons.default_compounds()) is None
    pd.testing.assert_frame_equal(term_frequency(again, by="doc_id", ngram=2), expected)
    # Other compounds are never read from, nor written to, the store.
    assert again.tokens.store.load_sentences(None) is None
