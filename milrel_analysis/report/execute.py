"""Executing notebooks: one with papermill, or several at once in worker processes.

:func:`run_notebook` runs one notebook into a folder and cleans the executed copy so that
the same inputs give the same bytes. :func:`execute_all` runs a report's notebooks one after
another or in a pool of worker processes (the longest first), yielding each outcome in the
notebooks' order; :func:`report_jobs` chooses how many run at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .._validation import check_count
from ..errors import ArgumentValueError, MilrelError, MissingFileError, ReportError
from .notebooks import declared_parameters, list_notebooks, start_order
from .writers import ensure_dir, save_text

__all__ = ["CACHE_VARIABLE", "NotebookTask", "execute_all", "report_jobs", "run_notebook"]

_NARRATIVE = "05-narrative-report"
# The cache folder of the run, for notebook_setup in the notebooks' kernels.
CACHE_VARIABLE = "MILREL_CORPUS_CACHE"
# A kernel that never became ready gets this many fresh starts.
_KERNEL_START_RETRIES = 1
# nbclient's messages for a kernel that never became ready (no cell has run).
_KERNEL_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
# The built-in an analyst knows each deliberate error by (see errors.py).
_BUILTIN_NAMES = {"ArgumentValueError": "ValueError", "InputError": "ValueError",
                  "ArgumentTypeError": "TypeError", "ColumnError": "KeyError",
                  "MissingFileError": "FileNotFoundError", "ReportError": "RuntimeError"}


def _kernel_never_started(err: BaseException) -> bool:
    """Whether `err` says the kernel never became ready, so that nothing of the notebook ran."""
    return any(text in str(err) for text in _KERNEL_START_FAILURES)


def _export_html(notebook: Path, *, hide_code: bool) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    return body


def _clean_notebook(path: Path, name: str) -> None:
    """Drop papermill's timings, random ids and paths: the executed notebook is the same each run."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb.get("metadata", {}).get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        meta.pop(key, None)
    if "input_path" in meta:  # the installed notebook and the temporary folder: neither matters
        meta["input_path"] = meta["output_path"] = f"{name}.ipynb"
    for cell in nb.get("cells", []):
        if cell.get("outputs"):
            cell["outputs"] = _join_streams(cell["outputs"])
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).get("execution", {}).clear()
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def _join_streams(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join consecutive printed outputs of one stream: how the kernel split them is timing.

    Under load the kernel sends a cell's printed lines in more or fewer messages; joined,
    the executed notebook is the same whatever the machine was doing.
    """
    joined: list[dict[str, Any]] = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (last is not None and output.get("output_type") == "stream"
                and last.get("output_type") == "stream" and last.get("name") == output.get("name")):
            last["text"] = _text(last["text"]) + _text(output["text"])
        else:
            joined.append(output)
    return joined


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def run_notebook(
    name: str,
    *,
    notebooks_dir: str | os.PathLike,
    output_dir: str | os.PathLike,
    parameters: Mapping[str, Any] | None = None,
    kernel_name: str = "python3",
    cwd: str | os.PathLike | None = None,
) -> Path:
    """Execute one notebook with papermill into `output_dir`; return the executed notebook.

    The notebook runs with ``cwd=notebooks_dir`` (as in JupyterLab) unless `cwd` is given,
    and receives ``output_dir`` as a parameter (unless `parameters` sets it, e.g. to ``"."``
    with ``cwd=output_dir``, which keeps every path out of the executed notebook).
    Parameters it does not declare are an error (papermill itself only warns).

    Raises
    ------
    ValueError
        For a parameter the notebook does not declare (the message lists the allowed ones).
    ReportError
        When a cell fails; the message names the cell and the error.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    folder = Path(notebooks_dir).resolve()
    source = folder / f"{name}.ipynb"
    if not source.is_file():
        raise MissingFileError(f"no notebook {name!r} in {folder}; have {list_notebooks(folder)}")
    allowed = declared_parameters(source)
    params = dict(parameters or {})
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ArgumentValueError(
            f"notebook {name!r} has no parameter(s) {unknown}; allowed: {sorted(allowed)}")
    out = ensure_dir(output_dir).resolve()
    if "output_dir" in allowed:
        params.setdefault("output_dir", str(out))
    executed = out / f"{name}.ipynb"
    try:
        for attempt in range(1 + _KERNEL_START_RETRIES):
            try:
                papermill.execute_notebook(
                    str(source), str(executed), parameters=params, kernel_name=kernel_name,
                    cwd=str(cwd if cwd is not None else folder), progress_bar=False,
                    request_save_on_cell_execute=False,
                    # Keep the kernel's own start-up and shutdown chatter off the terminal.
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                )
                break
            except RuntimeError as err:
                # No cell has run: a kernel that never answered (two kernels started at
                # once can pick the same TCP port, papermill#511) gets one fresh try.
                if not _kernel_never_started(err) or attempt == _KERNEL_START_RETRIES:
                    raise
    except PapermillExecutionError as err:
        ename = _BUILTIN_NAMES.get(err.ename, err.ename)
        raise ReportError(
            f"notebook {name!r} failed in cell {err.exec_count} ({ename}: {err.evalue})"
        ) from None
    _clean_notebook(executed, name)
    return executed


def report_jobs(jobs: int | None, n_notebooks: int) -> int:
    """How many notebooks run at once: `jobs`, or by default one per core up to four.

    Examples
    --------
    >>> report_jobs(1, 7), report_jobs(3, 2)
    (1, 2)
    """
    if jobs is not None:
        check_count("jobs", jobs, minimum=1)
    wanted = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    return max(1, min(wanted, n_notebooks))


# A notebook to run: name, notebooks folder, output folder, parameters, kernel, cache folder.
NotebookTask = tuple[str, Path, Path, dict[str, Any], str, str | None]


def execute_all(tasks: Sequence[NotebookTask], *, jobs: int) -> Generator[str | None, None, None]:
    """Each task's outcome in order: None, or the message of its failure.

    With one job the notebooks run here, one after another; with more, in as many worker
    processes (papermill is safe across processes, not across threads with a working folder).
    """
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            with _environment(CACHE_VARIABLE, task[-1]):
                outcome = _execute(*task[:-1])
            yield outcome
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Each worker runs notebook after notebook: starting one (a fresh interpreter importing
    # the package and papermill) cost 2 CPU-s per notebook. A worker whose run was killed
    # exits (the watchdog) instead of living on; the pool's are stopped when the run ends.
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_watch_parent, initargs=(os.getpid(),))
    try:
        futures: dict[int, Any] = {}
        for at in start_order([task[0] for task in tasks]):  # longest first; results in order
            futures[at] = pool.submit(_execute_in_worker, *tasks[at])
        for at, (name, *_) in enumerate(tasks):
            future = futures[at]
            try:
                yield future.result()
            except BrokenProcessPool:
                yield (f"notebook {name!r}: its worker process died (out of memory? try "
                       "--jobs 1)")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    """In a worker: exit as soon as the process that started the run is gone."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="milrel-report-watchdog", daemon=True).start()


def _execute_in_worker(name: str, folder: Path, new: Path, parameters: dict[str, Any],
                       kernel_name: str, cache_value: str | None) -> str | None:
    """:func:`_execute` in a worker process, with the run's cache folder for the kernel."""
    if cache_value is None:
        os.environ.pop(CACHE_VARIABLE, None)
    else:
        os.environ[CACHE_VARIABLE] = cache_value
    return _execute(name, folder, new, parameters, kernel_name)


def _execute(name: str, folder: Path, new: Path, parameters: dict[str, Any],
             kernel_name: str) -> str | None:
    """Run one notebook into `new` and export its HTML; None, or what went wrong.

    An OSError (a full disk, a folder gone) is raised: the run cannot go on.
    """
    try:
        executed = run_notebook(name, notebooks_dir=folder, output_dir=new, parameters=parameters,
                                kernel_name=kernel_name, cwd=new)
        html = _export_html(executed, hide_code=name == _NARRATIVE)
        save_text(html, f"{name}.html", new)
    except OSError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure keeps the old outputs and is reported
        return str(err) if isinstance(err, MilrelError) else f"notebook {name!r}: {err}"
    return None


@contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    """Set (or unset) an environment variable for the kernels started inside, then restore it.

    papermill starts each kernel from this process's environment (as it changes into `cwd`),
    so the cache folder reaches the notebooks without being written into them.
    """
    before = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
