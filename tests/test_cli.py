import json

import pytest
from conftest import SEEDS, shared_path

from milrel_analysis.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_seeds_jsonl(capsys):
    code, out, err = run(capsys, "parse", str(SEEDS))
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 5
    first = records[0]
    assert first["date"] == "2021-01-28" and first["counterparts"][0] == "USA"
    assert first["speakers"] == ["Wu Qian"] and "text" in first
    assert records[1]["spokesperson"] is None


def test_parse_reports_rejected_inputs_and_exits_3(capsys, tmp_path):
    (tmp_path / "ok.txt").write_text("The US side said win-win.")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "parse", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "csv")
    assert code == 3
    assert out.splitlines()[0].startswith("doc_id,source,sha256")
    assert len(out.strip().splitlines()) == 2
    assert f"rejected: {tmp_path / 'empty.txt'}: empty file" in err
    assert "missing.txt: no such file or directory" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "parse", str(SEEDS), "--metadata", str(tmp_path / "nope.csv"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "freq", str(SEEDS), "--by", "yaer")
    assert code == 2 and "'yaer' is not a corpus column" in err


def test_freq_phrases_kwic(capsys):
    code, out, _ = run(capsys, "freq", str(SEEDS), "--by", "year", "--top", "2", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["year"] for r in rows} == {2021, 2022, 2023}
    code, out, _ = run(capsys, "phrases", str(SEEDS), "--by", "doc", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {"group", "phrase_id", "label", "category", "count"} <= set(rows[0])
    win = {r["group"][:3]: r["count"] for r in rows if r["phrase_id"] == "win-win"}
    assert win == {"000": 1, "001": 1}
    code, out, _ = run(capsys, "kwic", str(SEEDS), "core interests", "--window", "3", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["match"] for r in rows] == ["core interests"]
    assert rows[0]["left"] == "issues concerning China's"


def test_version_help_and_python_dash_m(capsys):
    import subprocess
    import sys

    import milrel_analysis as mra

    done = subprocess.run([sys.executable, "-m", "milrel_analysis", "--version"], capture_output=True,
                          text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"milrel {mra.__version__}"
    done = subprocess.run([sys.executable, "-m", "milrel_analysis", "freq", "--help"], capture_output=True,
                          text=True)
    assert "(default: doc_id)" in done.stdout and "4  internal error" in done.stdout


def test_a_bug_is_not_a_usage_error(capsys, monkeypatch):
    import milrel_analysis.cli as cli

    def broken(*args, **kwargs):
        raise ValueError("boom")  # a plain ValueError: not one of the library's own errors

    monkeypatch.setattr(cli, "load_corpus", broken)
    code, _, err = run(capsys, "parse", str(SEEDS))
    assert code == 4 and "internal error" in err and "ValueError: boom" in err


def test_cli_usage_errors_for_kwic_and_compare(capsys, tmp_path):
    code, _, err = run(capsys, "kwic", "core interests")
    assert code == 2 and "give at least one SOURCE and then the PATTERN" in err
    code, _, err = run(capsys, "compare", str(SEEDS), "--target", "USA", "--reference-file",
                       str(tmp_path / "none.csv"))
    assert code == 2 and "does not exist" in err
    (tmp_path / "ref.csv").write_text("word,n\nx,1\n", encoding="utf-8")
    code, _, err = run(capsys, "compare", str(SEEDS), "--target", "USA", "--reference-file",
                       str(tmp_path / "ref.csv"))
    assert code == 2 and "needs 'term' and 'count' columns" in err
    code, _, err = run(capsys, "report", str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert code == 2 and "no such file or directory" in err
    import pytest

    with pytest.raises(SystemExit):
        main(["freq", str(SEEDS), "--ngram", "x-y"])
    assert "give N or a range like 1-3" in capsys.readouterr().err


def test_init_then_report_with_the_copies(capsys, tmp_path):
    code, out, err = run(capsys, "init", str(tmp_path / "proj"))
    assert code == 0 and out.strip() == f"{tmp_path / 'proj' / 'notebooks'}/"
    assert "--notebooks-dir" in err
    code, _, err = run(capsys, "init", str(tmp_path / "proj"))
    assert code == 2 and "already has" in err


def test_report_help_lists_the_loading_options(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    for flag in ("--metadata", "--filename-pattern", "--notebooks-dir", "--cache", "--no-cache"):
        assert flag in out


# --------------------------------------------------------------------------- --scheduler (Dask)


@pytest.mark.dask
def test_freq_with_a_local_cluster_prints_the_same_bytes(capsys):
    pytest.importorskip("distributed")
    command = ["freq", str(SEEDS), "--by", "counterpart", "--ngram", "1-2"]
    _, expected, _ = run(capsys, *command)
    code, out, _ = run(capsys, *command, "--scheduler", "local")  # starts and stops its own
    assert code == 0 and out == expected and len(out.splitlines()) > 100


@pytest.mark.dask
@pytest.mark.parametrize("command", [
    ["freq", "--by", "year", "--top", "20", "--format", "jsonl"],
    ["freq", "--by", "doc", "--min-count", "3", "--keep-stopwords"],
    ["phrases", "--by", "year", "--voice", "all"],
    ["phrases", "--by", "counterpart", "--zeros"],
    ["phrases", "--by", "doc", "--format", "table"],
])
def test_freq_and_phrases_on_a_cluster_address_print_the_same_bytes(capsys, dask_cluster, command):
    address = dask_cluster.scheduler.address
    name, *options = command
    mfa = sorted(shared_path("corpora", "mfa-presscon-html", "pages").glob("*.html"))[:8]
    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::600]
    samples = [[*map(str, mfa)],
               [*map(str, un), "--filename-pattern", r"(?P<country>[A-Z]{3})_\d+_(?P<year>\d{4})"]]
    for sample in samples:
        _, expected, _ = run(capsys, name, *sample, *options)
        code, out, _ = run(capsys, name, *sample, *options, "--scheduler", address)
        assert code == 0 and out == expected and out.strip()


def test_scheduler_without_dask_is_a_usage_error(capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    code, out, err = run(capsys, "freq", str(SEEDS), "--scheduler", "local")
    assert code == 2 and out == ""
    assert 'error: engine="dask" and --scheduler need Dask: pip install "milrel_analysis[dask]"' in err


@pytest.mark.dask
def test_a_bad_group_on_a_cluster_is_a_usage_error_too(capsys, dask_cluster):
    code, out, err = run(capsys, "freq", str(SEEDS), "--by", "yaer",
                         "--scheduler", dask_cluster.scheduler.address)
    assert code == 2 and out == "" and "'yaer' is not a corpus column" in err
