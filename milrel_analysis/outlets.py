"""News outlets: who asks the questions at a press conference.

The packaged ``data/outlets.yaml`` maps the labels of questions ("Reuters:", "CCTV:", "The
Global Times:") to outlets, each with its country and kind (:data:`OUTLET_KINDS`).
:func:`asker_outlets` applies it to ``Corpus.exchanges``: a label it does not know is
``unlisted``, an unlabelled question ``unknown``. Analysts extend the table with a YAML file
of the same form.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd
import yaml

from ._resources import data_text
from ._validation import as_strings, require_columns
from .errors import ArgumentTypeError, ArgumentValueError, MissingFileError

__all__ = ["ASKER_COLUMNS", "ASKER_KINDS", "OUTLET_COLUMNS", "OUTLET_KINDS", "OutletsLike",
           "asker_outlets", "load_outlets", "outlet_key"]

OUTLET_COLUMNS = ["outlet_id", "name", "country", "kind", "aliases", "note"]
OUTLET_KINDS = ("chinese-state", "chinese-other", "wire", "foreign-state", "foreign-press")
# Besides the outlets' kinds: a label the table does not know, and no label at all.
ASKER_KINDS = (*OUTLET_KINDS, "unlisted", "unknown")
ASKER_COLUMNS = ["doc_id", "exchange_id", "asker", "outlet_id", "outlet_country", "asker_kind"]

OutletsLike: TypeAlias = str | Path | Mapping[str, Any] | pd.DataFrame | None


def outlet_key(label: object) -> str:
    """The form in which an asker label is looked up: case, "The", end punctuation, spaces.

    Examples
    --------
    >>> outlet_key("  The Global  Times: "), outlet_key("AFP.")
    ('global times', 'afp')
    """
    key = " ".join(str(label).replace("\u2019", "'").split()).strip(" .,:;-").casefold()
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def _outlet_rows(entries: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for i, entry in enumerate(entries):
        oid = entry.get("id") or entry.get("outlet_id")
        if not oid:
            raise ArgumentValueError(f"outlet entry {i} has no 'id': {dict(entry)!r}")
        kind = str(entry.get("kind") or "")
        if not kind or kind in ("unlisted", "unknown"):
            raise ArgumentValueError(f"outlet {oid!r}: kind={kind!r}; give one such as {list(OUTLET_KINDS)}")
        aliases = as_strings(entry.get("aliases")) or (str(entry.get("name") or oid),)
        for alias in aliases:
            key = outlet_key(alias)
            if owner.setdefault(key, str(oid)) != str(oid):
                raise ArgumentValueError(f"outlet alias {alias!r} names both {owner[key]!r} and {oid!r}")
        country = entry.get("country")
        rows.append({"outlet_id": str(oid), "name": str(entry.get("name") or oid),
                     "country": None if country is None or pd.isna(country) else str(country),
                     "kind": kind, "aliases": aliases, "note": str(entry.get("note") or "")})
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def _packaged_entries() -> list[Mapping[str, Any]]:
    return list(yaml.safe_load(data_text("outlets.yaml"))["outlets"])


@functools.cache
def _default_outlets() -> pd.DataFrame:
    return _outlet_rows(_packaged_entries())


def load_outlets(outlets: OutletsLike = None, *, extend: bool = False) -> pd.DataFrame:
    """The outlet table: the packaged ``outlets.yaml``, a YAML file, a mapping or a table.

    Parameters
    ----------
    outlets : str, Path, mapping, DataFrame or None
        ``None`` or ``"default"``: the packaged table. A YAML file or mapping with an
        ``outlets:`` list of entries (``id, name, country, kind, aliases, note``), or a
        DataFrame with :data:`OUTLET_COLUMNS`.
    extend : bool, default=False
        Add the given outlets to the packaged ones (an entry with an existing id replaces it).

    Returns
    -------
    DataFrame
        ``outlet_id, name, country, kind, aliases, note``; `aliases` are tuples.

    Raises
    ------
    ValueError
        For an entry without id or kind, or an alias that names two outlets.

    Examples
    --------
    >>> t = load_outlets()
    >>> t.set_index("outlet_id").loc["afp", ["country", "kind"]].tolist()
    ['FRA', 'wire']
    """
    if outlets is None or (isinstance(outlets, str) and outlets == "default"):
        return _default_outlets().copy()
    if isinstance(outlets, pd.DataFrame):
        require_columns(outlets, ["outlet_id", "kind", "aliases"], name="outlets")
        entries: list[Mapping[str, Any]] = [{**{str(k): v for k, v in r.items()}, "id": r["outlet_id"]}
                                           for r in outlets.to_dict("records")]
    elif isinstance(outlets, (str, Path)):
        path = Path(outlets)
        if not path.is_file():
            raise MissingFileError(f"outlets file {str(path)!r} does not exist; pass a YAML file "
                                   "with an 'outlets:' list, or None for the packaged table")
        entries = list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("outlets", []))
    elif isinstance(outlets, Mapping):
        entries = list(outlets.get("outlets", [outlets]))
    else:
        raise ArgumentTypeError(f"outlets must be a path, mapping or DataFrame, not {type(outlets).__name__}")
    if extend:
        given = {str(e.get("id") or e.get("outlet_id")) for e in entries}
        entries = [e for e in _packaged_entries() if e["id"] not in given] + entries
    return _outlet_rows(entries)


def asker_outlets(exchanges: pd.DataFrame, *, outlets: OutletsLike = None) -> pd.DataFrame:
    """The outlet, its country and kind for the asker of each exchange.

    A question labelled with a name the table knows gets its outlet; a label it does not
    know is ``unlisted`` (the label is kept in `asker`, to be added to the table); an
    unlabelled question is ``unknown``: never guessed.

    Parameters
    ----------
    exchanges : DataFrame
        ``Corpus.exchanges`` (``doc_id, exchange_id, asker``).
    outlets : optional
        As in :func:`load_outlets`.

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, asker, outlet_id, outlet_country, asker_kind``, in the order
        of `exchanges`; `asker_kind` is one of :data:`ASKER_KINDS` or a kind of your own.

    Examples
    --------
    >>> ex = pd.DataFrame({"doc_id": ["d"] * 3, "exchange_id": [1, 2, 3],
    ...                    "asker": ["The Global Times", "Radio Nowhere", None]})
    >>> asker_outlets(ex)[["outlet_id", "asker_kind"]].values.tolist()
    [['global-times', 'chinese-state'], [None, 'unlisted'], [None, 'unknown']]
    """
    require_columns(exchanges, ["doc_id", "exchange_id", "asker"], name="exchanges")
    table = load_outlets(outlets)
    by_key = {outlet_key(a): (o, c, k) for o, c, k, aliases in
              table[["outlet_id", "country", "kind", "aliases"]].itertuples(index=False) for a in aliases}
    found = [by_key.get(outlet_key(a), (None, None, "unlisted")) if _present(a) else (None, None, "unknown")
             for a in exchanges["asker"]]
    out = exchanges[["doc_id", "exchange_id", "asker"]].reset_index(drop=True)
    out[["outlet_id", "outlet_country", "asker_kind"]] = pd.DataFrame(
        found, columns=["outlet_id", "outlet_country", "asker_kind"], dtype=object)
    return out[ASKER_COLUMNS]


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


