"""report.folder: one run at a time, a manifest that matches the disk, swaps that survive a kill."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from test_report_run import consistent, tiny_notebooks

from milrel_analysis.cli import main
from milrel_analysis.report import run_reports
from milrel_analysis.report.folder import LOCK_NAME, OutputFolder, exchange, folder_digest

pytestmark = pytest.mark.notebook

# Runs a report and kills itself with SIGKILL at a chosen point (nothing runs after a SIGKILL:
# no finally, no atexit), as a power cut, the OOM killer or `kill -9` would.
DRIVER = r"""
import os, signal, sys
from milrel_analysis.report import execute as exec_mod, folder, run_reports

point, out, notebooks, tag = sys.argv[1:5]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "pending":  # the manifest records a pending swap; nothing swapped yet
    real_write = folder.OutputFolder.write_manifest
    def write(self, manifest):
        real_write(self, manifest)
        if manifest.get("pending"):
            die()
    folder.OutputFolder.write_manifest = write
elif point == "exchanged":  # the new folder is in place, the manifest not yet updated
    real_exchange = folder.exchange
    def swap(a, b):
        done = real_exchange(a, b)
        if done:
            die()
        return done
    folder.exchange = swap
elif point == "aside":  # no one-step exchange here: killed between the two renames
    folder.exchange = lambda a, b: False
    real_rename = os.rename
    def rename(a, b):
        real_rename(a, b)
        if str(b).endswith(".old"):
            die()
    os.rename = rename
elif point == "second":  # while the second notebook runs, the first one done
    real_run = exec_mod.run_notebook
    def run_notebook(name, **kwargs):
        if name.startswith("02"):
            die()
        return real_run(name, **kwargs)
    exec_mod.run_notebook = run_notebook
# "second" patches run_notebook here, so its notebooks run in this process, one at a time;
# the other points kill a run whose notebooks ran in worker processes.
run_reports(out=out, notebooks_dir=notebooks, parameters={"tag": tag}, progress=False, cache=False,
            jobs=1 if point == "second" else 2)
"""


def _drive(point, out, notebooks, tag):
    return subprocess.run([sys.executable, "-c", DRIVER, point, str(out), str(notebooks), tag],
                          capture_output=True, text=True, timeout=300)


def _describes_disk(out, names=("01-a", "02-b")):
    """Right after a kill: every notebook folder is what the manifest records, or (while a swap
    is pending) what the pending record says, or set aside where recovery finds it."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pending = manifest.get("pending", {})
    for name in names:
        listed = manifest.get("notebooks", {}).get(name, {}).get("outputs")
        new = pending.get(name, {}).get("entry", {}).get("outputs")
        if (out / name).is_dir():
            assert folder_digest(out / name, out) in (listed, new), name
        else:
            aside = out / pending[name]["tmp"].rsplit("/", 1)[0] / f"{name}.old"
            assert folder_digest(aside, aside) == {k.split("/", 1)[1]: v for k, v in listed.items()}
    return manifest


@pytest.mark.parametrize("point", ["pending", "exchanged", "aside", "second"])
def test_a_run_killed_at_any_point_leaves_a_manifest_that_matches_and_recovers(tmp_path, point):
    if point == "exchanged" and not _can_exchange(tmp_path):
        pytest.skip("this file system cannot exchange two folders in one step")
    notebooks = tiny_notebooks(tmp_path / "nb")
    out = tmp_path / "out"
    run_reports(out=out, notebooks_dir=notebooks, parameters={"tag": "v1"}, progress=False, cache=False)
    killed = _drive(point, out, notebooks, "v2")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    manifest = _describes_disk(out)
    if point == "aside":
        assert not (out / "01-a").exists()  # the gap that recovery closes
    if point == "second":
        assert (out / "01-a" / "out.txt").read_text() == "v2\n"
        assert (out / "02-b" / "out.txt").read_text() == "v1\n"
        assert "pending" not in manifest
    # The next run (or any OutputFolder) finishes or undoes the interrupted swap first.
    with OutputFolder(out) as target:
        consistent_after = target.read_manifest()
    assert "pending" not in consistent_after
    for name in ("01-a", "02-b"):
        assert folder_digest(out / name, out) == consistent_after["notebooks"][name]["outputs"]
    run_reports(out=out, notebooks_dir=notebooks, parameters={"tag": "v3"}, progress=False, cache=False)
    consistent(out)
    assert {(out / n / "out.txt").read_text() for n in ("01-a", "02-b")} == {"v3\n"}


def test_a_legacy_old_folder_is_put_back(tmp_path):
    out = tmp_path / "out"
    (out / ".01-a.old").mkdir(parents=True)
    (out / ".01-a.old" / "x.csv").write_text("kept")
    with OutputFolder(out):
        pass
    assert (out / "01-a" / "x.csv").read_text() == "kept"


def _can_exchange(tmp_path):
    a, b = tmp_path / "xa", tmp_path / "xb"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a")
    done = exchange(a, b)
    assert not done or (b / "f").read_text() == "a"
    return done


def test_a_second_run_is_refused_while_one_writes(tmp_path, capsys):
    notebooks = tiny_notebooks(tmp_path / "nb")
    out = tmp_path / "out"
    with OutputFolder(out):
        code = main(["report", "--out", str(out), "--notebooks-dir", str(notebooks), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and f"pid {os.getpid()}" in err and "in use by another milrel report" in err
    assert "Traceback" not in err
    assert not (out / LOCK_NAME).exists()  # released


def test_two_reports_at_once(tmp_path):
    notebooks = tiny_notebooks(tmp_path / "nb")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "milrel_analysis", "report", "--out", str(out), "--notebooks-dir",
               str(notebooks), "--quiet", "-p", "sleep", "3"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / LOCK_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 2 and "in use by another milrel report" in second.stderr
    consistent(out)


def test_a_stale_lock_is_taken_over(tmp_path):
    notebooks = tiny_notebooks(tmp_path / "nb", names=("01-a",))
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text("pid 999999999\n")  # its process is gone: nothing holds it
    run_reports(out=out, notebooks_dir=notebooks, progress=False, cache=False)
    consistent(out, names=("01-a",))
    with OutputFolder(out) as target:
        assert target.stale_lock is None  # removed by the run that took it over


def test_failed_outputs_are_listed_and_replaced(tmp_path):
    broken = tiny_notebooks(tmp_path / "broken", names=("01-a",), body="raise RuntimeError('boom')")
    out = tmp_path / "out"
    for _ in range(2):
        with pytest.raises(Exception, match="boom"):
            run_reports(out=out, notebooks_dir=broken, progress=False, cache=False)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "boom" in manifest["failed"]["01-a"]
    assert folder_digest(out / "_failed" / "01-a", out) == manifest["failed_outputs"]["01-a"]
    assert (out / "_failed" / "01-a" / "ERROR.txt").read_text().startswith("notebook '01-a' failed")
    fixed = tiny_notebooks(tmp_path / "fixed", names=("01-a",))
    run_reports(out=out, notebooks_dir=fixed, progress=False, cache=False)
    manifest = consistent(out, names=("01-a",))
    assert "failed" not in manifest and not (out / "_failed").exists()


def test_failed_outputs_of_an_older_version_are_replaced(tmp_path):
    # Older versions recorded only the message of a failure, not its files.
    notebooks = tiny_notebooks(tmp_path / "nb", names=("01-a",))
    out = tmp_path / "out"
    (out / "_failed" / "01-a").mkdir(parents=True)
    (out / "_failed" / "01-a" / "ERROR.txt").write_text("notebook '01-a' failed")
    (out / "manifest.json").write_text(json.dumps({"failed": {"01-a": "notebook '01-a' failed"}}))
    run_reports(out=out, notebooks_dir=notebooks, progress=False, cache=False)
    assert "failed" not in consistent(out, names=("01-a",)) and not (out / "_failed").exists()
