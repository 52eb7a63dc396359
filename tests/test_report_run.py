"""report.run: checks before anything runs, one parse, neutral paths, faults ending in one line.

Most tests run tiny notebooks of their own (a kernel start each), so that they test the runner
and not the analysis; tests/test_report.py runs the real notebooks on the seeds.
"""

import errno
import json
import os
import shutil

import nbformat
import pandas as pd
import pytest
from conftest import SEEDS

import milrel_analysis as mra
from milrel_analysis.cli import main
from milrel_analysis.report import folder as folder_mod
from milrel_analysis.report import run as run_mod
from milrel_analysis.report import run_reports
from milrel_analysis.report.folder import folder_digest
from milrel_analysis.report.run import corpus_root, notebook_setup, relative_sources

pytestmark = pytest.mark.notebook

TINY_PARAMETERS = ('output_dir: str = "."  # where outputs go\n'
                   'tag: str = "v1"  # written into out.txt\n'
                   'sleep: float = 0  # seconds to wait first')
TINY_BODY = ('import pathlib, time\ntime.sleep(sleep)\n'
             'pathlib.Path(output_dir, "out.txt").write_text(tag + "\\n")\ntag')


def write_notebook(path, parameters, body):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A tiny notebook"), cell, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def tiny_notebooks(folder, names=("01-a", "02-b"), body=TINY_BODY):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        write_notebook(folder / f"{name}.ipynb", TINY_PARAMETERS, body)
    return folder


def consistent(out, names=("01-a", "02-b")):
    """The manifest lists exactly what is on disk (no pending swap, no leftovers)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "pending" not in manifest
    for name in names:
        assert folder_digest(out / name, out) == manifest["notebooks"][name]["outputs"]
    assert not [p.name for p in out.glob(".*")]
    return manifest


@pytest.fixture
def tiny(tmp_path):
    return tiny_notebooks(tmp_path / "nb")


def test_outputs_manifest_and_neutral_paths(tiny, tmp_path):
    for out in (tmp_path / "one", tmp_path / "deep" / "two"):
        manifest = run_reports(out=out, notebooks_dir=tiny, parameters={"tag": "v1"}, progress=False)
        assert (out / "01-a" / "out.txt").read_text() == "v1\n"
        assert consistent(out) == manifest
    # Whatever the output folder, every file is the same to the byte: no temporary or output
    # path leaks into the executed notebooks.
    first, second = tmp_path / "one", tmp_path / "deep" / "two"
    assert folder_digest(first, first) == folder_digest(second, second)
    executed = (first / "01-a" / "01-a.ipynb").read_text(encoding="utf-8")
    assert str(tmp_path) not in executed and 'output_dir = \\".\\"' in executed


def test_parameters_are_checked_before_anything_runs(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    for argv, message in [
        (["-p", "tag", "5"], "parameter tag must be of type str (as notebook '01-a' declares it), not int 5"),
        (["-p", "sleep", "[1]"], "parameter sleep must be of type float"),
        (["-p", "output_dir", "x"], "are set by run_reports itself"),
        (["-p", "colour", "red"], "no notebook has parameter(s) ['colour']"),
    ]:
        code = main(["report", "--out", str(out), "--notebooks-dir", str(tiny), "--quiet", *argv])
        err = capsys.readouterr().err
        assert code == 2 and message in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_corpus_and_counterparts_are_checked_against_the_real_notebooks(tmp_path, capsys):
    out = tmp_path / "out"
    cases = [
        (["-p", "counterparts", "USA"], "parameter counterparts must be of type list"),
        (["-p", "counterparts", '["USB"]'], "unknown id 'USB'; did you mean"),
        (["-p", "counterparts", '["Russia"]'], "unknown id 'Russia'; did you mean RUS?"),
        (["-p", "phrases", '["win-wim"]'], "did you mean win-win?"),
        (["-p", "corpus", "5"], "parameter corpus must be of type str"),
        (["-p", "date_from", "2021/01/01"], "give a date as YYYY-MM-DD"),
        (["-p", "corpus", str(tmp_path / "nowhere")], "no such file or directory"),
        (["--metadata", str(tmp_path / "none.csv")], "does not exist"),
        (["--filename-pattern", "(?P<year>"], "not a valid regular expression"),
        (["--filename-pattern", "[A-Z]{3}"], "has no named groups"),
    ]
    for argv, message in cases:
        sources = [] if "corpus" in argv else [str(SEEDS)]
        code = main(["report", *sources, "--out", str(out), "--quiet", *argv])
        err = capsys.readouterr().err
        assert code == 2 and message in err and "Traceback" not in err, (argv, err)
    assert not out.exists()


def test_counterparts_are_normalised_to_the_gazetteer(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    write_notebook(folder / "01-c.ipynb",
                   'output_dir: str = "."  # out\ncounterparts: list = []  # ids',
                   'import pathlib\npathlib.Path(output_dir, "c.txt").write_text(",".join(counterparts))')
    run_reports(out=tmp_path / "out", notebooks_dir=folder, parameters={"counterparts": ["usa", "Prk"]},
                progress=False)
    assert (tmp_path / "out" / "01-c" / "c.txt").read_text() == "USA,PRK"


def test_out_is_checked(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for out, message in [(a_file, "is a file, not a folder"),
                         (corpus / "reports", "is inside the corpus folder"),
                         (corpus, "is inside the corpus folder")]:
        code = main(["report", str(corpus), "--out", str(out), "--quiet"])
        err = capsys.readouterr().err
        assert code == 2 and message in err and "Traceback" not in err
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in SEEDS.iterdir())
    monkeypatch.setattr(run_mod.os, "access", lambda *a, **k: False)  # root ignores chmod
    code = main(["report", str(corpus), "--out", str(tmp_path / "ro"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "is not writable" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_really(tiny, tmp_path, capsys):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        code = main(["report", "--out", str(out), "--notebooks-dir", str(tiny), "--quiet"])
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err
    assert code == 2 and "is not writable" in err and "Traceback" not in err


def test_full_disk_is_one_line_and_keeps_earlier_outputs(tiny, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    run_reports(out=out, notebooks_dir=tiny, progress=False)
    before = folder_digest(out, out)

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(folder_mod, "write_atomic", full)
    code = main(["report", "--out", str(out), "--notebooks-dir", str(tiny), "--quiet", "-p", "tag", "v2"])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert folder_digest(out, out) == before  # nothing changed, no temporary folder left
    # A failing notebook on a full disk: no empty ERROR.txt.
    broken = tiny_notebooks(tmp_path / "broken", names=("01-a",), body="raise RuntimeError('boom')")
    code = main(["report", "--out", str(out), "--notebooks-dir", str(broken), "--quiet"])
    capsys.readouterr()
    assert code == 1 and not list(out.rglob("ERROR.txt"))
    assert folder_digest(out / "01-a", out) == {k: v for k, v in before.items() if k.startswith("01-a/")}


def test_user_files_are_never_deleted(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    run_reports(out=out, notebooks_dir=tiny, progress=False)
    mine = out / "01-a" / "my-notes.md"
    mine.write_text("mine")
    (out / "README.md").write_text("top-level files are never touched")
    before = folder_digest(out, out)
    code = main(["report", "--out", str(out), "--notebooks-dir", str(tiny), "--quiet", "-p", "tag", "v2"])
    err = capsys.readouterr().err
    assert code == 2 and "01-a/my-notes.md" in err and "nothing was changed" in err
    assert folder_digest(out, out) == before
    mine.unlink()
    assert main(["report", "--out", str(out), "--notebooks-dir", str(tiny), "--quiet"]) == 0
    assert (out / "README.md").read_text() == "top-level files are never touched"
    # A folder of the same name as a notebook, never written by milrel report.
    fresh = tmp_path / "fresh"
    (fresh / "02-b").mkdir(parents=True)
    (fresh / "02-b" / "data.csv").write_text("x")
    with pytest.raises(ValueError, match="02-b/data.csv"):
        run_reports(out=fresh, notebooks_dir=tiny, progress=False)
    (fresh / "manifest.json").write_text("{broken")
    with pytest.raises(ValueError, match="manifest.json cannot be read"):
        run_reports(out=fresh, notebooks_dir=tiny, progress=False)


def test_one_parse_per_run_shared_by_the_notebooks(tmp_path, monkeypatch):
    from milrel_analysis.corpus import load

    calls = []
    real = load.assemble

    def marked(*args, **kwargs):  # a parse in this process, told apart from one in a kernel
        calls.append(1)
        corpus = real(*args, **kwargs)
        corpus.documents["title"] = "parsed once by the run"
        return corpus

    monkeypatch.setattr(load, "assemble", marked)
    cache = tmp_path / "cache"
    names = ["00-explore", "01-corpus-overview"]
    run_reports([SEEDS], out=tmp_path / "out", notebooks=names, cache=cache, progress=False)
    assert calls == [1]
    for name in names:  # the kernels read the run's parse from the cache
        titles = pd.read_csv(tmp_path / "out" / name / "documents.csv")["title"]
        assert titles.tolist() == ["parsed once by the run"] * 5
    run_reports([SEEDS], out=tmp_path / "again", notebooks=names, cache=cache, progress=False)
    assert calls == [1]  # a later run on the same inputs parses nothing
    run_reports([SEEDS], out=tmp_path / "none", notebooks=["00-explore"], cache=False, progress=False)
    titles = pd.read_csv(tmp_path / "none" / "00-explore" / "documents.csv")["title"]
    assert "parsed once by the run" not in set(titles)  # without a cache the kernel parses


def test_rejected_inputs_are_listed_and_exit_3(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "rows.jsonl").write_text('{"text": "The US side."}\n{oops\n', encoding="utf-8")
    code = main(["report", str(corpus), "--out", str(tmp_path / "out"), "--notebook", "01-corpus-overview",
                 "--quiet", "--cache", str(tmp_path / "cache")])
    out, err = capsys.readouterr()
    assert code == 3
    assert f"rejected: {corpus / 'empty.txt'}: empty file" in err
    assert f"rejected: {corpus / 'rows.jsonl'}#line 2: not valid JSON" in err
    assert "01-corpus-overview/" in out
    rejected = (tmp_path / "out" / "01-corpus-overview" / "rejected.csv").read_text(encoding="utf-8")
    assert "empty.txt,empty file" in rejected  # relative to the corpus folder
    documents = (tmp_path / "out" / "01-corpus-overview" / "documents.csv").read_text(encoding="utf-8")
    assert str(tmp_path) not in documents and ",000_24215d8e6b1aaee3.txt," in documents


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_input_is_rejected_not_a_traceback(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    locked = corpus / "locked.txt"
    locked.write_text("The US side.")
    locked.chmod(0)
    code = main(["report", str(corpus), "--out", str(tmp_path / "out"), "--notebook", "01-corpus-overview",
                 "--quiet"])
    err = capsys.readouterr().err
    assert code == 3 and f"rejected: {locked}: cannot read: Permission denied" in err
    assert "Traceback" not in err


def test_relative_sources_and_root(tmp_path):
    import milrel_analysis as mra

    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "sub" / "x.txt").write_text("The US side.")
    (tmp_path / "a" / "e.txt").write_bytes(b"")
    corpus = relative_sources(mra.load_corpus(tmp_path / "a"), [tmp_path / "a"])
    assert corpus.documents["source"].tolist() == ["sub/x.txt"]
    assert corpus.rejected["source"].tolist() == ["e.txt"]
    assert corpus_root([tmp_path / "a" / "sub" / "x.txt"]) == tmp_path / "a" / "sub"
    memory = relative_sources(mra.corpus_from_texts({"m": "Russia."}), [tmp_path])
    assert memory.documents["source"].tolist() == ["<memory:m>"]


def test_notebook_setup_reads_the_run_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(run_mod.CACHE_VARIABLE, str(tmp_path / "cache"))
    docs, out, lexicon = notebook_setup(str(SEEDS), output_dir=str(tmp_path / "o"))
    assert len(docs) == 5 and out.is_dir() and len(lexicon)
    assert list((tmp_path / "cache" / "corpus").iterdir())
    with pytest.raises(ValueError, match="no document to analyse"):
        notebook_setup(str(SEEDS), output_dir=str(tmp_path / "o"), date_from="2030-01-01")
    with pytest.raises(ValueError, match="parameter corpus is empty"):
        notebook_setup("", output_dir=str(tmp_path / "o"))


def test_in_parallel_a_failing_notebook_keeps_its_old_outputs_and_the_others_go_on(tmp_path):
    nb = tiny_notebooks(tmp_path / "nb", names=("01-a", "02-b", "03-c"))
    out = tmp_path / "out"
    run_reports(out=out, notebooks_dir=nb, parameters={"tag": "v1"}, progress=False, jobs=3)
    broken = TINY_BODY + '\nif tag == "v2": raise ValueError("no v2 here")'
    write_notebook(nb / "02-b.ipynb", TINY_PARAMETERS, broken)
    with pytest.raises(run_mod.ReportError, match=r"notebook '02-b' failed in cell 3 \(ValueError: no v2"):
        run_reports(out=out, notebooks_dir=nb, parameters={"tag": "v2"}, progress=False, jobs=3)
    assert (out / "01-a" / "out.txt").read_text() == "v2\n"
    assert (out / "03-c" / "out.txt").read_text() == "v2\n"
    assert (out / "02-b" / "out.txt").read_text() == "v1\n"  # the earlier run's, untouched
    assert (out / "_failed" / "02-b" / "ERROR.txt").is_file()
    manifest = consistent(out, names=("01-a", "02-b", "03-c"))
    assert list(manifest["failed"]) == ["02-b"]


def test_sentences_are_split_ahead_only_for_kernels_side_by_side(tmp_path):
    cache = tmp_path / "cache"
    manifest = {}
    run_mod._describe_corpus(manifest, [str(SEEDS)], {}, cache, False)
    assert manifest["corpus"] and not list(cache.rglob("sentences.json"))  # one kernel: its own
    run_mod._describe_corpus(manifest, [str(SEEDS)], {}, cache, False, split_sentences=True)
    [stored] = list(cache.rglob("sentences.json"))
    reader = mra.load_corpus(SEEDS, cache=cache, progress=False)
    assert reader.tokens.has_sentences() and stored.parent == reader.tokens.store.folder
