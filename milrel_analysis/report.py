"""Running the notebooks and writing outputs: the only module that writes files.

:func:`run_reports` executes the parameterised notebooks with papermill, each into a
temporary folder that replaces ``outputs/<notebook>/`` only when the notebook succeeded, and
records what went in and came out in ``outputs/manifest.json``. Notebooks call
:func:`save_figure` and :func:`save_table` so that every file is written the same,
reproducible way (no timestamps, fixed SVG ids).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import ArgumentValueError, MissingFileError, ReportError

__all__ = [
    "run_reports",
    "run_notebook",
    "save_figure",
    "save_table",
    "save_text",
    "list_notebooks",
    "notebook_setup",
    "ReportError",
    "SVG_HASHSALT",
]

SVG_HASHSALT = "milrel-analysis"
DEPENDENCIES = ("pandas", "numpy", "matplotlib", "nltk", "scipy", "pyyaml", "pyahocorasick",
                "papermill", "nbconvert", "nbformat", "ipykernel", "jupytext")
_NARRATIVE = "05-narrative-report"


# --------------------------------------------------------------------------- writers


def _ensure_dir(output_dir: str | os.PathLike) -> Path:
    path = Path(output_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_figure(
    fig_or_ax: Any,
    name: str,
    output_dir: str | os.PathLike,
    *,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 150,
) -> list[Path]:
    """Save a figure as PNG and SVG with reproducible bytes (no dates, fixed SVG ids).

    Parameters
    ----------
    fig_or_ax : Figure or Axes
    name : str
        File stem, such as ``"phrase-heatmap"``.
    output_dir : path
        Folder to write into (created if needed).
    formats : sequence of str, default=("png", "svg")
    dpi : int, default=150

    Returns
    -------
    list of Path
        The files written.
    """
    import matplotlib as mpl

    fig = fig_or_ax.get_figure() if hasattr(fig_or_ax, "get_figure") and not hasattr(
        fig_or_ax, "savefig") else fig_or_ax
    out = _ensure_dir(output_dir)
    paths = []
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            meta: dict[str, Any] = {"Software": None}
            if fmt == "svg":
                meta = {"Date": None, "Creator": None}
            elif fmt == "pdf":
                meta = {"CreationDate": None, "Creator": None, "Producer": None}
            fig.savefig(path, format=fmt, dpi=dpi, metadata=meta, bbox_inches="tight")
            paths.append(path)
    return paths


def save_table(table: pd.DataFrame, name: str, output_dir: str | os.PathLike, *,
               index: bool = False) -> Path:
    """Write a table as CSV (UTF-8, ``\\n`` line ends, dates as ``YYYY-MM-DD``)."""
    path = _ensure_dir(output_dir) / f"{name}.csv"
    table.to_csv(path, index=index, lineterminator="\n", date_format="%Y-%m-%d",
                 float_format="%.6g")
    return path


def save_text(text: str, name: str, output_dir: str | os.PathLike) -> Path:
    """Write a text file (Markdown, HTML) as UTF-8 with ``\\n`` line ends."""
    path = _ensure_dir(output_dir) / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


# --------------------------------------------------------------------------- notebooks


def list_notebooks(notebooks_dir: str | os.PathLike) -> list[str]:
    """Names (``NN-slug``) of the notebooks in a folder, in order."""
    folder = Path(notebooks_dir)
    return sorted(p.stem for p in folder.glob("[0-9][0-9]-*.ipynb"))


def _allowed_parameters(path: Path) -> dict[str, Any]:
    import papermill

    return papermill.inspect_notebook(str(path))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _input_fingerprint(sources: Sequence[str | os.PathLike]) -> dict[str, str]:
    files: list[Path] = []
    for src in sources:
        p = Path(src)
        files.extend(sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p])
    return {str(f): _sha256(f) for f in files if f.exists()}


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in ("milrel_analysis", *DEPENDENCIES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _export_html(notebook: Path, *, hide_code: bool) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    return body


def _clean_notebook(path: Path) -> None:
    """Drop papermill's timings and random ids so the executed notebook is the same each run."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).get("papermill", {}).pop("start_time", None)
    nb.get("metadata", {}).get("papermill", {}).pop("end_time", None)
    nb.get("metadata", {}).get("papermill", {}).pop("duration", None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).get("execution", {}).clear()
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def run_notebook(
    name: str,
    *,
    notebooks_dir: str | os.PathLike,
    output_dir: str | os.PathLike,
    parameters: Mapping[str, Any] | None = None,
    kernel_name: str = "python3",
) -> Path:
    """Execute one notebook with papermill into `output_dir`; return the executed notebook.

    The notebook runs with ``cwd=notebooks_dir`` (as in JupyterLab) and receives
    ``output_dir`` as a parameter. Parameters it does not declare are an error (papermill
    itself only warns).

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
    allowed = _allowed_parameters(source)
    params = dict(parameters or {})
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ArgumentValueError(
            f"notebook {name!r} has no parameter(s) {unknown}; allowed: {sorted(allowed)}")
    out = _ensure_dir(output_dir).resolve()
    if "output_dir" in allowed:
        params["output_dir"] = str(out)
    executed = out / f"{name}.ipynb"
    try:
        papermill.execute_notebook(
            str(source), str(executed), parameters=params, kernel_name=kernel_name,
            cwd=str(folder), progress_bar=False, request_save_on_cell_execute=False,
            # Keep the kernel's own start-up and shutdown chatter off the terminal.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as err:
        raise ReportError(
            f"notebook {name!r} failed in cell {err.exec_count} ({err.ename}: {err.evalue})"
        ) from None
    _clean_notebook(executed)
    return executed


def run_reports(
    sources: Sequence[str | os.PathLike] | str | os.PathLike | None = None,
    *,
    out: str | os.PathLike = "outputs",
    notebooks_dir: str | os.PathLike = "notebooks",
    notebooks: Iterable[str] | None = None,
    parameters: Mapping[str, Any] | None = None,
    progress: bool = True,
    kernel_name: str = "python3",
    output_dir: str | os.PathLike | None = None,
) -> dict[str, Any]:
    """Execute the notebooks and write ``out/<notebook>/`` and ``out/manifest.json``.

    Each notebook runs into a temporary folder inside `out`; only when it succeeds does that
    folder replace ``out/<notebook>/``. A failed notebook leaves the earlier outputs as they
    were, is kept under ``out/_failed/<notebook>/`` and raises :class:`ReportError` naming
    the failing cell (after the remaining notebooks have run).

    Parameters
    ----------
    sources : path or list of paths, optional
        Corpus files or folders, passed to every notebook as ``corpus`` (several joined by
        ``os.pathsep``); default: each notebook's own default (``../seeds``).
    out : path, default="outputs"
        The output folder (``output_dir``, the name the other writers use, is accepted too).
    notebooks_dir : path, default="notebooks"
    notebooks : iterable of str, optional
        Names such as ``"03-phrase-tracking"``; default: all ``NN-*.ipynb`` in order.
    parameters : mapping, optional
        Extra parameters; each must be declared by every notebook it is given to (names a
        notebook does not declare raise :class:`ValueError` listing the allowed ones).
    progress : bool, default=True
        A progress bar on the terminal, one step per notebook.
    kernel_name : str, default="python3"
        The Jupyter kernel that runs the notebooks.
    output_dir : path, optional
        Same as `out`; when given, it wins.

    Returns
    -------
    dict
        The manifest written to ``out/manifest.json``.
    """
    out = out if output_dir is None else output_dir
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise MissingFileError(f"notebooks folder {str(folder)!r} does not exist; run from the "
                                "project root or pass notebooks_dir=")
    names = list(notebooks) if notebooks is not None else list_notebooks(folder)
    available = set(list_notebooks(folder))
    missing = [n for n in names if n not in available]
    if missing:
        raise ArgumentValueError(f"unknown notebook(s) {missing}; have {sorted(available)}")
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    params = dict(parameters or {})
    if sources:
        params["corpus"] = os.pathsep.join(str(Path(s).resolve()) for s in sources)
    # Check every parameter before running anything. One notebook: it must declare them
    # all. Several: each name must be declared by at least one, and goes to those that do.
    declared = {name: set(_allowed_parameters(folder / f"{name}.ipynb")) for name in names}
    union = set().union(*declared.values()) if declared else set()
    for name in names if len(names) == 1 else []:
        extra = sorted(set(params) - declared[name])
        if extra:
            raise ArgumentValueError(f"notebook {name!r} has no parameter(s) {extra}; "
                             f"allowed: {sorted(declared[name])}")
    unknown = sorted(set(params) - union)
    if unknown:
        raise ArgumentValueError(f"no notebook has parameter(s) {unknown}; allowed: {sorted(union)}")
    plans = names

    out_dir = _ensure_dir(out).resolve()
    manifest_path = out_dir / "manifest.json"
    manifest = _read_manifest(manifest_path)
    corpus_paths = params["corpus"].split(os.pathsep) if "corpus" in params else [
        str((folder / "../seeds").resolve())]
    manifest["corpus"] = {os.path.relpath(k, out_dir.parent): v
                          for k, v in _input_fingerprint(corpus_paths).items()}
    # Notebooks run at other times (--notebook) may describe another corpus: each entry
    # records the digest of the corpus it was made from.
    corpus_digest = hashlib.sha256(
        json.dumps(sorted(manifest["corpus"].values())).encode()).hexdigest()
    manifest["versions"] = _versions()
    from .lexicons import lexicon_version

    manifest["lexicon"] = lexicon_version()
    failures = []
    iterator: Iterable[str] = plans
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(plans, desc="notebooks", unit="notebook", file=sys.stderr)
    for name in iterator:
        # A fixed name (not mkdtemp's random one): the path is injected into the notebook,
        # so a random name would change the executed notebook from run to run.
        tmp = out_dir / f".{name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        own = {k: v for k, v in params.items() if k in declared[name]}
        try:
            run_notebook(name, notebooks_dir=folder, output_dir=tmp, parameters=own,
                         kernel_name=kernel_name)
            html = _export_html(tmp / f"{name}.ipynb", hide_code=name == _NARRATIVE)
            save_text(html, f"{name}.html", tmp)
        except Exception as err:  # noqa: BLE001 - any failure keeps the old outputs and is reported
            failed = out_dir / "_failed" / name
            shutil.rmtree(failed, ignore_errors=True)
            failed.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(tmp), failed)
            (failed / "ERROR.txt").write_text(f"{err}\n", encoding="utf-8")
            failures.append(str(err))
            manifest.setdefault("failed", {})[name] = str(err)
            continue
        _swap_into_place(tmp, out_dir / name)
        shutil.rmtree(out_dir / "_failed" / name, ignore_errors=True)
        manifest.get("failed", {}).pop(name, None)
        manifest.setdefault("notebooks", {})[name] = {
            "corpus_sha256": corpus_digest,
            "parameters": {k: v for k, v in sorted(own.items()) if k != "output_dir"},
            "outputs": {p.relative_to(out_dir).as_posix(): _sha256(p)
                        for p in sorted((out_dir / name).rglob("*")) if p.is_file()},
        }
    if not manifest.get("failed"):
        manifest.pop("failed", None)
    _write_json(manifest_path, manifest)
    if failures:
        raise ReportError("; ".join(failures) + f" (kept under {out_dir / '_failed'})")
    return manifest


def _swap_into_place(tmp: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _read_manifest(path: Path) -> dict[str, Any]:
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            return {}
    return {}


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    tmp.replace(path)


def notebook_setup(corpus: str, *, output_dir: str, phrases: Sequence[str] = (),
                   date_from: str = "", date_to: str = ""):
    """Load a notebook's corpus and lexicon, and make its output folder.

    `corpus` holds one path or several joined by ``os.pathsep``; `phrases` selects lexicon
    ids (empty: the whole lexicon). Returns ``(Corpus, Path, lexicon DataFrame)``. Raises
    ValueError when nothing could be loaded (naming the rejected inputs) or a phrase id is
    unknown.
    """
    from .corpus import load_corpus
    from .lexicons import load_lexicon, select_phrases

    lexicon = select_phrases(load_lexicon(), phrases)

    paths = [p for p in str(corpus).split(os.pathsep) if p]
    if not paths:
        raise ArgumentValueError("parameter corpus is empty: give a folder or file of statements")
    loaded = load_corpus(paths)
    if date_from or date_to:
        loaded = loaded.filter(date_from=date_from or None, date_to=date_to or None)
    if len(loaded) == 0:
        reasons = "; ".join(f"{r.source}: {r.reason}" for r in loaded.rejected.itertuples())
        raise ArgumentValueError(f"no document to analyse in {paths} ({reasons or 'empty selection'})")
    return loaded, _ensure_dir(output_dir), lexicon


def parse_parameter(value: str) -> Any:
    """Read a ``-p NAME VALUE`` value: JSON when it parses (numbers, lists), else a string.

    Examples
    --------
    >>> parse_parameter("10"), parse_parameter('["USA", "RUS"]'), parse_parameter("USA")
    (10, ['USA', 'RUS'], 'USA')
    """
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value

