"""corpus.distributed: load_corpus(engine="dask") gives the single-process corpus, table for table."""

import dataclasses
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEEDS, shared_path

from milrel_analysis import load_corpus
from milrel_analysis.corpus.distributed import (
    dask_client,
    import_distributed,
    parse_on_cluster,
    partition_corpus,
    partition_files,
)
from milrel_analysis.corpus.load import assemble
from milrel_analysis.errors import ArgumentValueError, MissingDependencyError, MissingFileError

UN_PATTERN = r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})"


def assert_same_corpus(one, other):
    for field in dataclasses.fields(one):
        mine, theirs = getattr(one, field.name), getattr(other, field.name)
        if field.name == "tokens":  # the token table counted at load, not a DataFrame
            assert mine is not None and theirs is not None and mine.equals(theirs)
            continue
        pd.testing.assert_frame_equal(mine, theirs, check_exact=True, obj=field.name)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- without Dask


def test_partition_files_keeps_order_and_balances_bytes(tmp_path):
    files = [write(tmp_path, f"{i}.txt", "x" * size) for i, size in enumerate([10, 10, 10, 30, 5, 5])]
    parts = partition_files(files, 3)
    assert [p for part in parts for p in part] == files  # contiguous, in order
    # a file goes to the next partition when most of it lies beyond this one's share (70 / 3)
    assert [sum(p.stat().st_size for p in part) for part in parts] == [20, 40, 10]
    assert partition_files(files, 100) == [[f] for f in files]
    assert partition_files([], 4) == []


def test_missing_dask_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(MissingDependencyError, match=r'pip install "milrel_analysis\[dask\]"'):
        import_distributed()
    write(tmp_path, "a.txt", "Win-win, said Wu Qian.")
    with pytest.raises(ImportError, match="engine=\"dask\""):
        load_corpus(tmp_path, engine="dask")


def test_engine_is_checked(tmp_path):
    with pytest.raises(ArgumentValueError, match=r"engine='spark' is not allowed; choose one of \['processes', 'dask'\]"):
        load_corpus(tmp_path, engine="spark")


def test_options_of_the_other_engine_warn(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", "Win-win, said Wu Qian.")
    with pytest.warns(UserWarning, match=r"scheduler='local' is ignored without engine='dask'"):
        load_corpus(tmp_path, scheduler="local")
    monkeypatch.setitem(sys.modules, "distributed", None)  # no cluster needed to warn
    with pytest.warns(UserWarning, match=r"n_jobs=2 is ignored with engine='dask'"):
        with pytest.raises(MissingDependencyError):
            load_corpus(tmp_path, engine="dask", n_jobs=2)


# --------------------------------------------------------------------------- on a LocalCluster

dask_only = pytest.mark.dask


@dask_only
def test_dask_load_equals_single_process_on_the_seeds(dask_cluster):
    # scheduler=None: the session's client (the shared LocalCluster)
    assert_same_corpus(load_corpus(SEEDS, engine="dask"), load_corpus(SEEDS))


@dask_only
def test_dask_load_equals_single_process_on_un_and_mfa_samples(dask_cluster):
    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*_2015.txt"))[:20]
    mfa = sorted(shared_path("corpora", "mfa-presscon-html", "pages").glob("*.html"))[:12]
    assert_same_corpus(load_corpus(un, engine="dask", filename_pattern=UN_PATTERN),
                       load_corpus(un, filename_pattern=UN_PATTERN))
    assert_same_corpus(load_corpus(mfa, engine="dask"), load_corpus(mfa))


@dask_only
def test_word_repair_uses_the_whole_corpus_vocabulary(dask_cluster, tmp_path):
    broken = write(tmp_path, "a.txt", "BEIJING, Jan. 28, 2021 -- China backs the mu ltilateral "
                                      "trading system, said Wu Qian.")
    write(tmp_path, "b.txt", "BEIJING, Feb. 2, 2021 -- A multilateral meeting opened today.")
    # Alone, the partition of a.txt would join "mu ltilateral"; with c.txt, "mu" occurs in two
    # documents of the corpus, is no fragment, and nothing is joined.
    write(tmp_path, "c.txt", "BEIJING, Mar. 3, 2021 -- Mu Guangming met the delegation.")
    files = sorted(tmp_path.glob("*.txt"))
    docs, _ = parse_on_cluster(files, scheduler=None, partitions=3)
    assert [d.doc_id for d in docs] == ["a", "b", "c"]
    whole = load_corpus(tmp_path)
    assert "mu ltilateral" in whole.documents["text"][0]
    assert_same_corpus(assemble(docs, [], []), whole)
    without_c = [broken, files[1]]
    repaired = load_corpus(without_c, engine="dask")
    assert "repaired 'mu ltilateral' -> 'multilateral'" in repaired.documents["warnings"][0]
    assert_same_corpus(repaired, load_corpus(without_c))


@dask_only
def test_repeated_ids_metadata_and_rejections_as_in_one_process(dask_cluster, tmp_path):
    corpus = tmp_path / "corpus"
    for folder in ("x", "y"):
        write(corpus, f"{folder}/a.txt", f"BEIJING, Jan. 28, 2021 -- Win-win in {folder}.")
    write(corpus, "z/b.txt", "   ")  # rejected: only whitespace
    write(corpus, "z/c.txt", "The U.S. side must respect China's core interests.")
    write(corpus, "z/notes.pdf", "not a statement")  # skipped
    sidecar = write(tmp_path, "meta.csv", "doc_id,date,desk\na-2,2020-05-01,Americas\nc,,Asia\n")
    dask = load_corpus(corpus, engine="dask", metadata=sidecar)
    assert dask.documents["doc_id"].tolist() == ["a", "a-2", "c"]
    assert "doc_id 'a' repeats; renamed 'a-2'" in dask.documents["warnings"][1]
    assert dask.documents["desk"].tolist() == [None, "Americas", "Asia"]
    assert len(dask.rejected) == 1 and len(dask.skipped) == 1
    assert_same_corpus(dask, load_corpus(corpus, metadata=sidecar))


@dask_only
def test_partition_corpus_holds_each_partitions_rows(dask_cluster, tmp_path):
    for i, year in enumerate([2019, 2020, 2021]):
        write(tmp_path, f"d{i}.txt", f"BEIJING, Jan. 28, {year} -- The U.S. side and win-win, {i}.")
    sidecar = pd.DataFrame({"doc_id": ["d1", "nobody"], "desk": ["Americas", "Europe"]})
    with pytest.warns(UserWarning, match=r"unknown doc_id\(s\) ignored: \['nobody'\]"):
        parts = partition_corpus(tmp_path, dask_cluster, metadata=sidecar, partitions=2)
    assert parts.doc_ids == [["d0", "d1"], ["d2"]]
    documents = pd.concat(parts.map(_documents), ignore_index=True)
    whole = load_corpus(tmp_path, metadata=sidecar.iloc[:1]).documents
    pd.testing.assert_frame_equal(documents, whole, check_exact=True)
    with pytest.raises(MissingFileError, match="metadata file .*nope.csv' does not exist"):
        partition_corpus(tmp_path, dask_cluster, metadata=tmp_path / "nope.csv")


def _documents(corpus):
    return corpus.documents


@dask_only
def test_a_scheduler_that_does_not_answer_is_named(monkeypatch):
    dask = pytest.importorskip("dask")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(ArgumentValueError, match=r"scheduler='tcp://127.0.0.1:9': no Dask scheduler answers"):
            with dask_client("tcp://127.0.0.1:9"):
                pass
