"""Running the notebooks: parse the corpus once, execute each notebook, swap its outputs in.

:func:`run_reports` checks every parameter first (names and declared types, counterpart and
phrase ids, the corpus paths, the output folder), locks the output folder, parses the corpus
once into the cache (:mod:`milrel_analysis.corpus.cache`) that every notebook then reads,
and executes the notebooks with papermill (:mod:`.execute`: several at once, each in its own
process and kernel), each in a temporary folder that replaces ``out/<notebook>/`` only when it
succeeded (:class:`~.folder.OutputFolder`), in the notebooks' order.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import replace
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import pandas as pd

from ..corpus import Corpus, load_corpus
from ..corpus.cache import default_cache_dir, file_hashes
from ..corpus.read import collect_files
from ..errors import ArgumentValueError, MissingFileError, ReportError
from ..sentences import corpus_sentences
from .execute import CACHE_VARIABLE, execute_all, report_jobs, run_notebook
from .folder import OutputFolder, folder_digest
from .notebooks import (
    check_parameters,
    declared_parameters,
    list_notebooks,
    packaged_notebooks,
)
from .writers import ensure_dir

__all__ = ["corpus_root", "notebook_setup", "relative_sources", "report_jobs", "run_notebook",
           "run_reports"]

DEPENDENCIES = ("pandas", "numpy", "matplotlib", "nltk", "scipy", "pyyaml", "pyahocorasick",
                "pyarrow", "papermill", "nbconvert", "nbformat", "ipykernel", "jupytext")
# Set by run_reports for every notebook that declares them; not the analyst's to give.
_RUNNER_PARAMETERS = ("output_dir",)


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in ("milrel_analysis", *DEPENDENCIES):
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = None
    return out


def run_reports(
    sources: Sequence[str | os.PathLike] | str | os.PathLike | None = None,
    *,
    out: str | os.PathLike = "outputs",
    notebooks_dir: str | os.PathLike | None = None,
    notebooks: Iterable[str] | None = None,
    parameters: Mapping[str, Any] | None = None,
    metadata: str | os.PathLike | None = None,
    filename_pattern: str | None = None,
    cache: str | os.PathLike | bool = True,
    progress: bool = True,
    kernel_name: str = "python3",
    output_dir: str | os.PathLike | None = None,
    jobs: int | None = None,
) -> dict[str, Any]:
    """Execute the notebooks and write ``out/<notebook>/`` and ``out/manifest.json``.

    Everything is checked before anything runs. The corpus is parsed once, into a cache
    that every notebook reads. Each notebook runs in a temporary folder inside `out`; only
    when it succeeds does that folder replace ``out/<notebook>/``, and the manifest is
    rewritten after each notebook, so that it always describes what is on disk. A failed
    notebook leaves the earlier outputs as they were, is kept under
    ``out/_failed/<notebook>/`` and raises :class:`ReportError` naming the failing cell
    (after the remaining notebooks have run). One run at a time may write into `out`.

    Parameters
    ----------
    sources : path or list of paths, optional
        Corpus files or folders, passed to every notebook as ``corpus`` (several joined by
        ``os.pathsep``); default: the notebooks' own default (``../seeds`` beside them).
    out : path, default="outputs"
        The output folder (``output_dir``, the name the other writers use, is accepted too).
        Never inside a corpus folder; files in it that the manifest does not list are never
        deleted (a run that would have to is refused).
    notebooks_dir : path, optional
        The notebooks to run; default: those installed with the package.
    notebooks : iterable of str, optional
        Names such as ``"03-phrase-tracking"``; default: all ``NN-*.ipynb`` in order.
    parameters : mapping, optional
        Extra parameters; each must be declared by every notebook it is given to (names a
        notebook does not declare raise :class:`ValueError` listing the allowed ones), with
        the type it declares (else :class:`TypeError`).
    metadata : path, optional
        A metadata sidecar, as for :func:`~milrel_analysis.corpus.load_corpus`.
    filename_pattern : str, optional
        Named groups taken from file names, as for :func:`~milrel_analysis.corpus.load_corpus`.
    cache : path or bool, default=True
        Where the parsed corpus is cached: True for the user's cache folder
        (:func:`~milrel_analysis.corpus.cache.default_cache_dir`), a folder, or False to let
        every notebook parse the corpus itself.
    progress : bool, default=True
        A progress bar on the terminal (stderr), one step per notebook.
    kernel_name : str, default="python3"
        The Jupyter kernel that runs the notebooks.
    output_dir : path, optional
        Same as `out`; when given, it wins.
    jobs : int, optional
        Notebooks run at the same time, each in its own kernel (default: one per core, up to
        four). The outputs are the same for any number; ``1`` keeps to one kernel's memory.

    Returns
    -------
    dict
        The manifest written to ``out/manifest.json`` (``rejected`` lists the inputs that
        did not become documents, relative to ``corpus_root``).
    """
    folder = Path(notebooks_dir) if notebooks_dir is not None else packaged_notebooks()
    if not folder.is_dir():
        raise MissingFileError(f"notebooks folder {str(folder)!r} does not exist")
    names = list(notebooks) if notebooks is not None else list_notebooks(folder)
    available = set(list_notebooks(folder))
    missing = [n for n in names if n not in available]
    if missing:
        raise ArgumentValueError(f"unknown notebook(s) {missing}; have {sorted(available)}")
    declared = {name: declared_parameters(folder / f"{name}.ipynb") for name in names}
    params = _check_names(dict(parameters or {}), declared, names)
    if sources is not None and not isinstance(sources, (str, os.PathLike)) and not sources:
        sources = None
    if sources is not None:
        if "corpus" in params:
            raise ArgumentValueError("give the corpus as sources or as parameter corpus, not both")
        paths = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
        params["corpus"] = os.pathsep.join(str(Path(s).resolve()) for s in paths)
    params = check_parameters(params, declared)
    uses_corpus = [n for n in names if "corpus" in declared[n]]
    corpus_paths = _corpus_paths(params, declared, uses_corpus, folder)
    if corpus_paths:
        params["corpus"] = os.pathsep.join(corpus_paths)
    extra = _loading_options(metadata, filename_pattern, declared, uses_corpus)
    cache_dir = (default_cache_dir() if cache is True else None if cache is False or cache is None
                 else Path(cache))
    out_dir = _check_out(Path(out if output_dir is None else output_dir), corpus_paths)
    n_jobs = report_jobs(jobs, len(names))

    try:
        with OutputFolder(out_dir) as target:
            manifest = target.read_manifest()
            target.refuse_unlisted(manifest, names)
            if corpus_paths:
                # Kernels side by side would each split the sentences: split them here once.
                _describe_corpus(manifest, corpus_paths, extra, cache_dir, progress,
                                 split_sentences=n_jobs > 1 and len(uses_corpus) > 1)
            manifest["versions"] = _versions()
            from ..lexicons import lexicon_version

            manifest["lexicon"] = lexicon_version()
            failures = _run_all(target, manifest, names, folder, declared, params, extra,
                                cache_dir, progress=progress, kernel_name=kernel_name,
                                jobs=n_jobs)
            target.write_manifest(manifest)
    except OSError as err:
        raise ReportError(f"cannot write to {out_dir}: {err.strerror or err} (what was "
                          "written before is intact and listed in manifest.json)") from None
    if failures:
        raise ReportError("; ".join(failures) + f" (kept under {out_dir / '_failed'})")
    return {k: v for k, v in manifest.items() if v not in ({}, None)}  # as written


def _check_names(params: dict[str, Any], declared: Mapping[str, Mapping[str, Any]],
                 names: Sequence[str]) -> dict[str, Any]:
    """One notebook: it must declare every parameter. Several: each must be declared by one."""
    reserved = sorted(set(params) & set(_RUNNER_PARAMETERS))
    if reserved:
        raise ArgumentValueError(f"parameter(s) {reserved} are set by run_reports itself "
                                 "(give out= for the output folder)")
    union = set().union(*map(set, declared.values())) if declared else set()
    for name in names if len(names) == 1 else []:
        extra = sorted(set(params) - set(declared[name]))
        if extra:
            raise ArgumentValueError(f"notebook {name!r} has no parameter(s) {extra}; "
                                     f"allowed: {sorted(declared[name])}")
    unknown = sorted(set(params) - union)
    if unknown:
        raise ArgumentValueError(f"no notebook has parameter(s) {unknown}; allowed: {sorted(union)}")
    return params


def _corpus_paths(params: Mapping[str, Any], declared: Mapping[str, Mapping[str, Any]],
                  uses_corpus: Sequence[str], folder: Path) -> list[str]:
    if not uses_corpus:
        return []
    if "corpus" in params:
        paths = [p for p in str(params["corpus"]).split(os.pathsep) if p]
        where = "corpus"
    else:  # the notebooks' default, relative to them
        default = ast.literal_eval(str(declared[uses_corpus[0]]["corpus"]["default"]))
        paths = [str((folder / p).resolve()) for p in str(default).split(os.pathsep) if p]
        where = f"the notebooks' default corpus {default!r} (relative to {folder})"
    missing = [p for p in paths if not os.path.exists(p)]
    if missing or not paths:
        raise MissingFileError(f"{where}: no such file or directory: {', '.join(missing) or '(empty)'}"
                               "; give the corpus folder or files as SOURCE")
    return [str(Path(p).resolve()) for p in paths]


def _loading_options(metadata: str | os.PathLike | None, filename_pattern: str | None,
                     declared: Mapping[str, Mapping[str, Any]], uses_corpus: Sequence[str]
                     ) -> dict[str, str]:
    """The metadata and file-name pattern every notebook must load the corpus with."""
    extra: dict[str, str] = {}
    if metadata is not None:
        path = Path(metadata)
        if not path.is_file():
            raise MissingFileError(f"metadata file {str(path)!r} does not exist")
        extra["metadata"] = str(path.resolve())
    if filename_pattern:
        try:
            rx = re.compile(filename_pattern)
        except re.error as err:
            raise ArgumentValueError(f"filename_pattern {filename_pattern!r} is not a valid "
                                     f"regular expression: {err}") from None
        if not rx.groupindex:
            raise ArgumentValueError(f"filename_pattern {filename_pattern!r} has no named "
                                     "groups such as (?P<year>\\d{4})")
        extra["filename_pattern"] = filename_pattern
    for key in extra:
        lacking = [n for n in uses_corpus if key not in declared[n]]
        if lacking:
            raise ArgumentValueError(f"notebook(s) {lacking} have no parameter {key!r}: they "
                                     "could not load the corpus the same way")
    return extra


def _check_out(out: Path, corpus_paths: Sequence[str]) -> Path:
    """The output folder, refused when it is a file, not writable, or inside a corpus folder."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise ArgumentValueError(f"--out {str(out)!r} is a file, not a folder")
    for source in map(Path, corpus_paths):
        if source.is_dir() and (out == source or source in out.parents):
            raise ArgumentValueError(
                f"--out {str(out)!r} is inside the corpus folder {str(source)!r}: the next run "
                "would read this run's outputs as statements; choose a folder outside it")
    existing = next(p for p in (out, *out.parents) if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ArgumentValueError(f"--out {str(out)!r}: {str(existing)!r} is not writable")
    return out


def _describe_corpus(manifest: dict[str, Any], corpus_paths: Sequence[str],
                     extra: Mapping[str, str], cache_dir: Path | None, progress: bool, *,
                     split_sentences: bool = False) -> None:
    """Parse the corpus once (filling the cache) and record its files and rejected inputs.

    With `split_sentences` (and a cache), the sentences are split and stored too.
    """
    corpus = load_corpus(corpus_paths, metadata=extra.get("metadata"),
                         filename_pattern=extra.get("filename_pattern"), cache=cache_dir,
                         progress=None if progress else False)
    if split_sentences and cache_dir is not None:
        corpus_sentences(corpus)  # stored beside the entry for the kernels
    root = corpus_root(corpus_paths)
    files, _, _ = collect_files(corpus_paths)
    manifest["corpus_root"] = str(root)
    manifest["corpus"] = {_relative(str(f), root): h
                          for f, h in zip(files, file_hashes(files, cache_dir), strict=True)}
    rejected = relative_sources(corpus, corpus_paths).rejected
    manifest["rejected"] = [{"source": str(r.source), "reason": str(r.reason)}
                            for r in rejected.itertuples()]


def _run_all(target: OutputFolder, manifest: dict[str, Any], names: Sequence[str], folder: Path,
             declared: Mapping[str, Mapping[str, Any]], params: Mapping[str, Any],
             extra: Mapping[str, str], cache_dir: Path | None, *, progress: bool,
             kernel_name: str, jobs: int) -> list[str]:
    # Notebooks run at other times (--notebook) may describe another corpus: each entry
    # records the digest of the corpus it was made from.
    digest = hashlib.sha256(json.dumps(sorted(manifest.get("corpus", {}).values())).encode())
    cache_value = None if cache_dir is None else str(cache_dir.resolve())
    runs = []
    for name in names:
        own = {k: v for k, v in params.items() if k in declared[name]}
        recorded = dict(sorted(own.items()))
        if "corpus" in declared[name]:
            own.update(extra)
            recorded.update(extra)
        if "output_dir" in declared[name]:
            own["output_dir"] = "."  # run inside the new folder: no path in the notebook
        runs.append((name, target.new_folder(name), own, recorded))
    failures = []
    outcomes = execute_all([(name, folder, new, own, kernel_name, cache_value)
                             for name, new, own, _ in runs], jobs=jobs)
    shown: Iterable[str | None] = outcomes
    if progress:
        from tqdm.auto import tqdm

        shown = tqdm(outcomes, desc="notebooks", unit="notebook", total=len(runs),
                     file=sys.stderr)
    # Swapped in one by one in the notebooks' order, whichever finished first: the manifest
    # always describes what is on disk, and it reads the same for any number of jobs.
    with closing(outcomes):  # an error here stops the notebooks still running
        for (name, new, _, recorded), message in zip(runs, shown, strict=True):
            if message is not None:
                target.keep_failed(manifest, name, new, message)
                failures.append(message)
                continue
            entry = {"corpus_sha256": digest.hexdigest(), "parameters": recorded,
                     "outputs": folder_digest(new, new.parent)}
            target.install(manifest, name, new, entry)
    return failures


# --------------------------------------------------------------------------- in notebooks


def corpus_root(paths: Sequence[str | os.PathLike]) -> Path:
    """The folder a corpus's sources are shown relative to: the common folder of `paths`.

    Examples
    --------
    >>> corpus_root(["/data/mfa/pages", "/data/mfa/extra"]).as_posix()
    '/data/mfa'
    """
    folders = [Path(os.path.abspath(p)) for p in paths]
    folders = [p.parent if p.is_file() else p for p in folders]
    return Path(os.path.commonpath([str(p) for p in folders]))


def _relative(source: str, root: Path) -> str:
    path, sep, rest = source.partition("#")
    absolute = os.path.abspath(path)
    if not source.startswith("<") and os.path.commonpath([absolute, str(root)]) == str(root):
        return Path(os.path.relpath(absolute, root)).as_posix() + sep + rest
    return source


def relative_sources(corpus: Corpus, paths: Sequence[str | os.PathLike]) -> Corpus:
    """`corpus` with every ``source`` relative to :func:`corpus_root`, as exports show them.

    Outputs then do not depend on where the corpus lies (or which temporary folder a test
    used); the manifest records the root once.
    """
    root = corpus_root(paths)
    tables = {}
    for name in ("documents", "rejected", "skipped"):
        table = getattr(corpus, name)
        if "source" in table.columns and len(table):
            table = table.copy()
            table["source"] = table["source"].map(lambda s: _relative(str(s), root))
        tables[name] = table
    return replace(corpus, **tables)


def notebook_setup(corpus: str, *, output_dir: str, phrases: Sequence[str] = (),
                   date_from: str = "", date_to: str = "", metadata: str = "",
                   filename_pattern: str = "", corpus_cache: str = ""
                   ) -> tuple[Corpus, Path, pd.DataFrame]:
    """Load a notebook's corpus and lexicon, and make its output folder.

    `corpus` holds one path or several joined by ``os.pathsep``; `phrases` selects lexicon
    ids (empty: the whole lexicon); `metadata`, `filename_pattern` and `corpus_cache` are
    passed to :func:`~milrel_analysis.corpus.load_corpus` (empty: none; an empty
    `corpus_cache` means ``$MILREL_CORPUS_CACHE`` where set, as :func:`run_reports` sets it
    for the notebooks it runs, so that they read the corpus it parsed). Sources are made
    relative to the corpus folder (:func:`relative_sources`); no progress bar is shown.
    Returns ``(Corpus, Path, lexicon DataFrame)``.

    Raises
    ------
    ValueError
        When nothing could be loaded (naming the rejected inputs) or a phrase id is unknown.
    """
    from ..lexicons import load_lexicon, select_phrases

    lexicon = select_phrases(load_lexicon(), phrases)
    paths = [p for p in str(corpus).split(os.pathsep) if p]
    if not paths:
        raise ArgumentValueError("parameter corpus is empty: give a folder or file of statements")
    loaded = load_corpus(paths, metadata=metadata or None, filename_pattern=filename_pattern or None,
                         cache=corpus_cache or os.environ.get(CACHE_VARIABLE) or None,
                         progress=False)
    loaded = relative_sources(loaded, paths)
    if date_from or date_to:
        loaded = loaded.filter(date_from=date_from or None, date_to=date_to or None)
    if len(loaded) == 0:
        reasons = "; ".join(f"{r.source}: {r.reason}" for r in loaded.rejected.itertuples())
        raise ArgumentValueError(f"no document to analyse in {paths} ({reasons or 'empty selection'})")
    return loaded, ensure_dir(output_dir), lexicon
