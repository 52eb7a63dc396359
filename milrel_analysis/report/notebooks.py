"""The report notebooks: where they are, what parameters they declare, and checking values.

The notebooks are installed with the package (the repository's top-level ``notebooks/``
folder is the package ``milrel_analysis.notebooks``), so ``milrel report`` runs from any
folder; :func:`init_project` copies them into a project of the analyst's own to customise.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._types import VOICES
from .._validation import check_option
from ..errors import ArgumentTypeError, ArgumentValueError, MissingFileError

__all__ = [
    "check_parameters",
    "declared_parameters",
    "init_project",
    "list_notebooks",
    "packaged_notebooks",
    "parse_parameter",
    "start_order",
]

# How long the packaged notebooks take, relative to one another (seconds on the UN debates,
# warm cache): the longest start first, so that the last to finish is a short one.
# Notebooks not listed count as short.
_EXPECTED_SECONDS = {"04-counterpart-comparison": 28.0, "05-narrative-report": 14.0,
                     "03-phrase-tracking": 14.0, "02-term-frequency": 9.0}
_DEFAULT_SECONDS = 5.0

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "list": (list,),
    "dict": (dict,),
}
_EXAMPLES = {"int": "10", "float": "0.5", "bool": "true", "list": '["USA", "RUS"]',
             "dict": '{"a": 1}'}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def packaged_notebooks() -> Path:
    """The folder of the notebooks installed with the package (or of a source checkout)."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "notebooks", package.parent / "notebooks"):
        if any(folder.glob("[0-9][0-9]-*.ipynb")):
            return folder
    raise MissingFileError(f"the notebooks are not installed in {package / 'notebooks'}; "
                           "reinstall milrel_analysis (pip install .)")


def list_notebooks(notebooks_dir: str | os.PathLike) -> list[str]:
    """Names (``NN-slug``) of the notebooks in a folder, in order."""
    folder = Path(notebooks_dir)
    return sorted(p.stem for p in folder.glob("[0-9][0-9]-*.ipynb"))


def declared_parameters(path: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """A notebook's parameters as papermill reads them: ``{name: {inferred_type_name, default, help}}``."""
    path = Path(path)
    stat = path.stat()
    return _inspect(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _inspect(path: str, size: int, mtime_ns: int) -> dict[str, dict[str, Any]]:
    import papermill

    return dict(papermill.inspect_notebook(path))


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


def check_parameters(params: Mapping[str, Any],
                     declared: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Check parameter values against the types the notebooks declare; return them normalised.

    `declared` maps each notebook to :func:`declared_parameters`. Counterpart ids are
    checked against the gazetteer (case-insensitive, normalised to the gazetteer's spelling),
    phrase ids against the lexicon, dates must be ``YYYY-MM-DD``.

    Raises
    ------
    TypeError
        For a value of another type than the notebook declares (``-p counterparts USA``).
    ValueError
        For an unknown counterpart or phrase id (with a suggestion), or a bad date.

    Examples
    --------
    >>> spec = {"05-narrative-report": {"counterparts": {"inferred_type_name": "list"}}}
    >>> check_parameters({"counterparts": ["usa", "Rus"]}, spec)
    {'counterparts': ['USA', 'RUS']}
    """
    out = dict(params)
    for name, value in params.items():
        for notebook, spec in declared.items():
            kind = str(spec.get(name, {}).get("inferred_type_name", ""))
            allowed = _PYTHON_TYPES.get(kind)
            if allowed and (isinstance(value, bool) and bool not in allowed
                            or not isinstance(value, allowed)):
                example = f", e.g. -p {name} '{_EXAMPLES[kind]}'" if kind in _EXAMPLES else ""
                raise ArgumentTypeError(
                    f"parameter {name} must be of type {kind} (as notebook {notebook!r} declares "
                    f"it), not {type(value).__name__} {value!r}{example}")
    if "counterparts" in out and isinstance(out["counterparts"], list):
        out["counterparts"] = _known_ids("counterparts", out["counterparts"], _counterpart_ids(),
                                         fold=True)
    if "phrases" in out and isinstance(out["phrases"], list):
        out["phrases"] = _known_ids("phrases", out["phrases"], _phrase_ids(), fold=False)
    if isinstance(out.get("voice"), str):
        check_option("voice", out["voice"], VOICES)
    for name in ("date_from", "date_to"):
        value = out.get(name)
        if isinstance(value, str) and value and not _DATE.match(value):
            raise ArgumentValueError(f"parameter {name}={value!r}: give a date as YYYY-MM-DD")
    return out


def _known_ids(name: str, values: Sequence[Any], ids: Mapping[str, str], *, fold: bool) -> list[str]:
    """`values` in the spelling of `ids` (``{lookup key: id}``); an unknown one is an error."""
    out = []
    for value in values:
        if not isinstance(value, str):
            raise ArgumentTypeError(f"parameter {name}: {value!r} is not a string id")
        key = value.casefold() if fold else value
        if key in ids:
            out.append(ids[key])
            continue
        named = _counterpart_names().get(value.casefold()) if name == "counterparts" else None
        close = [named] if named else [ids[c] for c in difflib.get_close_matches(
            key, list(ids), n=1, cutoff=0.6)]
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ArgumentValueError(f"parameter {name}: unknown id {value!r}{hint}")
    return out


@functools.cache
def _counterpart_ids() -> dict[str, str]:
    from ..lexicons import load_gazetteer

    return {str(i).casefold(): str(i) for i in load_gazetteer().entities["id"]}


@functools.cache
def _counterpart_names() -> dict[str, str]:
    """Names and aliases ("Russia", "the DPRK") to ids, for suggestions."""
    from ..lexicons import load_gazetteer

    gaz = load_gazetteer()
    names = {str(n).casefold(): str(i) for i, n in zip(gaz.entities["id"], gaz.entities["name"],
                                                      strict=True)}
    aliases = {str(a).casefold(): str(i) for a, i in gaz.aliases.items() if not i.startswith("_")}
    return aliases | names


@functools.cache
def _phrase_ids() -> dict[str, str]:
    from ..lexicons import load_lexicon

    return {str(i): str(i) for i in load_lexicon()["phrase_id"]}


def init_project(folder: str | os.PathLike, *, notebooks_dir: str | os.PathLike | None = None
                 ) -> Path:
    """Copy the report notebooks (and their jupytext scripts) into ``folder/notebooks/``.

    Then ``milrel report CORPUS --out OUT --notebooks-dir folder/notebooks`` runs the copies.
    Existing files are never overwritten.

    Raises
    ------
    ValueError
        When ``folder/notebooks/`` already holds a notebook of the same name.
    """
    source = Path(notebooks_dir) if notebooks_dir is not None else packaged_notebooks()
    target = Path(folder) / "notebooks"
    names = [p for p in sorted(source.iterdir())
             if re.match(r"^\d\d-.*\.(ipynb|py)$", p.name)]
    clash = [p.name for p in names if (target / p.name).exists()]
    if clash:
        raise ArgumentValueError(f"{target} already has {clash}; move them or choose another folder")
    target.mkdir(parents=True, exist_ok=True)
    for path in names:
        shutil.copyfile(path, target / path.name)
    return target


def start_order(names: Sequence[str]) -> list[int]:
    """The order to start notebooks `names` in on several workers: the longest first.

    Longest-processing-time-first keeps the slowest notebook from starting last and running
    alone at the end; ties keep the given order.

    Examples
    --------
    >>> start_order(["00-explore", "04-counterpart-comparison", "02-term-frequency"])
    [1, 2, 0]
    """
    cost = [_EXPECTED_SECONDS.get(name, _DEFAULT_SECONDS) for name in names]
    return sorted(range(len(names)), key=lambda at: -cost[at])
