"""Packaged data files, read with :mod:`importlib.resources` (nothing is downloaded).

The lowest layer: text functions need the flat word lists (stopwords, abbreviations,
surnames), and :mod:`milrel_analysis.lexicons` the structured YAML files.
"""

from __future__ import annotations

import functools
from importlib import metadata, resources
from typing import Any

__all__ = ["anniversaries", "data_text", "load_wordlist", "name_heads", "package_version", "parse_yaml"]

DATA_PACKAGE = "milrel_analysis"
DATA_FOLDER = "data"


def data_text(name: str) -> str:
    """The text of a packaged data file, such as ``"phrases.yaml"``."""
    return (resources.files(DATA_PACKAGE) / DATA_FOLDER / name).read_text(encoding="utf-8")


@functools.cache
def load_wordlist(name: str) -> frozenset[str]:
    """Read a packaged flat list (``stopwords``, ``abbreviations``, ``chinese_surnames``).

    Lines starting with ``#`` are comments. The set is immutable, so the cached copy cannot
    be changed by one caller for the next.

    Examples
    --------
    >>> "the" in load_wordlist("stopwords")
    True
    """
    text = data_text(f"{name}.txt")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@functools.cache
def anniversaries() -> tuple[tuple[str, int], ...]:
    """Events whose "Nth anniversary" dates a text: ``(name, year)`` pairs, packaged.

    Examples
    --------
    >>> dict(anniversaries())["founding of the People's Liberation Army"]
    1927
    """
    lines = [ln.strip() for ln in data_text("anniversaries.txt").splitlines()]
    pairs = (ln.rsplit("|", 1) for ln in lines if ln and not ln.startswith("#"))
    return tuple((name.strip(), int(year)) for name, year in pairs)  # file order: first wins


@functools.cache
def name_heads() -> tuple[tuple[str, str], ...]:
    """Words that end a proper name built on a counterpart's name, with the role a hit inside gets.

    ``(word, role)`` pairs, packaged in ``name_heads.txt``: "Ukraine International
    *Airlines*" makes Ukraine a ``descriptor``, the "Sino-British Joint *Declaration*" makes
    the UK a ``reference``.

    Examples
    --------
    >>> dict(name_heads())["Airlines"], dict(name_heads())["Declaration"]
    ('descriptor', 'reference')
    """
    lines = [ln.strip() for ln in data_text("name_heads.txt").splitlines()]
    pairs = (ln.rsplit("|", 1) for ln in lines if ln and not ln.startswith("#"))
    return tuple((word.strip(), role.strip()) for word, role in pairs)


def package_version() -> str:
    """The installed version of milrel_analysis, or ``0+unknown`` in an uninstalled source tree."""
    try:
        return metadata.version(DATA_PACKAGE)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml's C parser when PyYAML has it (about 10x faster).

    Examples
    --------
    >>> parse_yaml("ids: [USA, RUS]")
    {'ids': ['USA', 'RUS']}
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
