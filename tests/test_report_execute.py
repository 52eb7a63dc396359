"""report.execute: one notebook with papermill, or several at once in worker processes.

Tiny notebooks of their own (see tests/test_report_run.py), a kernel start each.
"""

import errno
import json

import pytest
from test_report_run import TINY_BODY, TINY_PARAMETERS, tiny_notebooks, write_notebook

from milrel_analysis.cli import main
from milrel_analysis.report import execute as exec_mod
from milrel_analysis.report import notebooks as notebooks_mod
from milrel_analysis.report import run_reports
from milrel_analysis.report.folder import folder_digest

pytestmark = pytest.mark.notebook


@pytest.fixture
def tiny(tmp_path):
    return tiny_notebooks(tmp_path / "nb")


def test_full_disk_while_exporting(tiny, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    run_reports(out=out, notebooks_dir=tiny, progress=False)
    before = folder_digest(out, out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exec_mod, "save_text", full)  # in this process: one job
    code = main(["report", "--out", str(out), "--notebooks-dir", str(tiny), "--quiet", "-p", "tag", "v2",
                 "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write to" in err and "Traceback" not in err
    assert folder_digest(out, out) == before


def test_printed_lines_are_the_same_however_the_kernel_sent_them(tmp_path):
    # Under load the kernel splits a cell's printed lines into more or fewer messages.
    split = [{"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]},
             {"output_type": "stream", "name": "stdout", "text": "c\n"},
             {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}},
             {"output_type": "stream", "name": "stdout", "text": "d\n"},
             {"output_type": "stream", "name": "stderr", "text": "e\n"}]
    assert exec_mod._join_streams(split) == [
        {"output_type": "stream", "name": "stdout", "text": "a\nb\nc\n"},
        {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": "d\n"},
        {"output_type": "stream", "name": "stderr", "text": "e\n"}]
    folder = tmp_path / "nb"
    folder.mkdir()
    write_notebook(folder / "01-p.ipynb", 'output_dir: str = "."  # out',
                   "import sys, time\nfor i in range(3):\n    print(i)\n    sys.stdout.flush()\n    time.sleep(0.3)")
    run_reports(out=tmp_path / "out", notebooks_dir=folder, progress=False)
    cells = json.loads((tmp_path / "out" / "01-p" / "01-p.ipynb").read_text(encoding="utf-8"))["cells"]
    assert cells[-1]["outputs"] == [{"name": "stdout", "output_type": "stream", "text": "0\n1\n2\n"}]


def test_jobs_give_the_same_outputs_and_manifest(tiny, tmp_path):
    one = run_reports(out=tmp_path / "one", notebooks_dir=tiny, progress=False, jobs=1)
    two = run_reports(out=tmp_path / "two", notebooks_dir=tiny, progress=False, jobs=2)
    assert len(one["notebooks"]) >= 2
    assert one["notebooks"] == two["notebooks"]  # each notebook's outputs, file by file
    assert folder_digest(tmp_path / "one", tmp_path / "one") == folder_digest(tmp_path / "two",
                                                                             tmp_path / "two")


def test_the_longest_notebook_starts_first_and_the_manifest_keeps_their_order(tmp_path):
    names = ("00-explore", "01-corpus-overview", "04-counterpart-comparison")
    body = ('import pathlib, time\npathlib.Path(output_dir, "started").write_text(repr(time.time()))\n'
            'time.sleep(1.5)')
    nb = tiny_notebooks(tmp_path / "nb", names=names, body=body)
    out = tmp_path / "out"
    manifest = run_reports(out=out, notebooks_dir=nb, progress=False, jobs=2)
    started = {name: float((out / name / "started").read_text()) for name in names}
    # Two workers: 04 and 00 start together; 01 waits for one of them to finish.
    assert started["04-counterpart-comparison"] + 1.0 < started["01-corpus-overview"]
    assert list(manifest["notebooks"]) == list(names)
    assert notebooks_mod.start_order(["a", "05-narrative-report", "b", "04-counterpart-comparison"]) == [
        3, 1, 0, 2]


def test_jobs_are_checked():
    assert exec_mod.report_jobs(None, 1) == 1
    with pytest.raises(ValueError, match="jobs"):
        exec_mod.report_jobs(0, 3)


def test_a_kernel_that_never_started_gets_one_more_try_a_failing_cell_none(tiny, tmp_path, monkeypatch):
    import papermill

    real = papermill.execute_notebook
    calls, lost = [], []

    def flaky(*args, **kwargs):  # the very first start loses the race for a port (papermill#511)
        calls.append(args[0])
        if not lost:
            lost.append(True)
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    executed = exec_mod.run_notebook("01-a", notebooks_dir=tiny, output_dir=tmp_path / "out",
                                    parameters={"tag": "v3"})
    assert len(calls) == 2 and executed.is_file()
    assert (tmp_path / "out" / "out.txt").read_text() == "v3\n"

    calls.clear()
    write_notebook(tiny / "02-b.ipynb", TINY_PARAMETERS, TINY_BODY + '\nraise ValueError("cell")')
    with pytest.raises(exec_mod.ReportError, match=r"failed in cell 3 \(ValueError: cell\)"):
        exec_mod.run_notebook("02-b", notebooks_dir=tiny, output_dir=tmp_path / "out2")
    assert len(calls) == 1  # a cell that fails is the notebook's error: not run twice

    def never(*args, **kwargs):
        calls.append(args[0])
        raise RuntimeError("Kernel died before replying to kernel_info")

    calls.clear()
    monkeypatch.setattr(papermill, "execute_notebook", never)
    with pytest.raises(RuntimeError, match="Kernel died"):
        exec_mod.run_notebook("01-a", notebooks_dir=tiny, output_dir=tmp_path / "out3")
    assert len(calls) == 2
