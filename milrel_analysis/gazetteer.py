"""The counterpart gazetteer: ids, names and aliases of states, organisations, regions and fora.

Read from the packaged ``data/gazetteer.yaml`` (or an analyst's copy) with China's own names,
topics and not-names to mask, the ``part_of`` hierarchy and the list of cities.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from ._resources import data_text, load_wordlist, parse_yaml
from ._validation import as_strings
from .errors import ArgumentValueError, MissingFileError
from .matching import MultiMatcher

__all__ = ["ENTITY_KINDS", "Gazetteer", "NOT_NAME_ROLES", "load_gazetteer"]


ENTITY_KINDS = ("state", "organisation", "region", "forum")
NOT_NAME_ROLES = ("person", "place", "descriptor")


@dataclass(frozen=True, eq=False)  # identity hash: it keys the matcher cache
class Gazetteer:
    """Counterpart ids, their names and aliases; China's own names, topics and not-names to mask.

    Immutable: `aliases` and `parents` are read-only mappings and `entities` a new DataFrame
    on every access, so the cached packaged gazetteer is the same for every caller.

    Attributes
    ----------
    entity_rows : tuple of (id, name, kind)
    aliases : mapping of str to str
        Alias -> counterpart id, ``"_self"`` (China), ``"_topic:<id>"`` or
        ``"_not:<role>"`` (a name that contains a counterpart's name but is not about it).
    parents : mapping of str to tuple of str
        Id -> the ids it is part of (``ADMM-PLUS`` -> ``ASEAN``).
    cities : frozenset of str
        Aliases that name cities (venues when named as places).
    not_name_ids : mapping of str to str
        Not-name -> the counterpart id whose name it contains ("Chad Sbragia" -> ``TCD``).
    stand_ins : frozenset of str
        Ids whose mentions count only for the ids they stand for (``counts_as`` in the YAML:
        the Korean Peninsula counts for PRK and KOR).
    """

    entity_rows: tuple[tuple[str, str, str], ...]
    aliases: Mapping[str, str]
    parents: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    cities: frozenset[str] = frozenset()
    not_name_ids: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Ids that only stand for others ("Korean Peninsula" counts for PRK and KOR, not itself).
    stand_ins: frozenset[str] = frozenset()

    @functools.cached_property
    def state_names(self) -> frozenset[str]:
        """The names of states (their ``name``): never only a city, even "Singapore"."""
        return frozenset(name for _, name, kind in self.entity_rows if kind == "state")

    @functools.cached_property
    def kinds(self) -> Mapping[str, str]:
        """Id -> kind (``state``, ``organisation``, ``region``, ``forum``)."""
        return MappingProxyType({eid: kind for eid, _, kind in self.entity_rows})

    @property
    def entities(self) -> pd.DataFrame:
        """One row per counterpart: ``id, name, kind``."""
        return pd.DataFrame(list(self.entity_rows), columns=["id", "name", "kind"])

    def matcher(self) -> MultiMatcher:
        """Return a case-sensitive matcher over all aliases."""
        return _gazetteer_matcher(self)

    def roll_up(self, counterpart: str) -> tuple[str, ...]:
        """`counterpart` and every body it is part of, transitively, in order.

        Examples
        --------
        >>> load_gazetteer().roll_up("ADMM-PLUS")
        ('ADMM-PLUS', 'ASEAN')
        """
        out = [counterpart]
        for cid in out:
            out.extend(p for p in self.parents.get(cid, ()) if p not in out)
        return tuple(cid for cid in out if cid not in self.stand_ins)


@functools.cache
def _gazetteer_matcher(gaz: Gazetteer) -> MultiMatcher:
    return MultiMatcher(gaz.aliases, case_sensitive=True)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load the counterpart gazetteer (packaged ``gazetteer.yaml`` or an analyst's copy).

    Raises
    ------
    MissingFileError
        For a path that does not exist.
    ArgumentValueError
        For a file that is not a gazetteer (no ``entities:``, an unknown ``part_of`` id, a
        bad kind or not-name role).

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> gaz.aliases["Pyongyang"], gaz.aliases["East Timor"], gaz.aliases["PLA"]
    ('PRK', 'TLS', '_self')
    """
    if path is None:
        return _default_gazetteer()
    if not Path(path).is_file():
        raise MissingFileError(f"gazetteer file {str(path)!r} does not exist")
    return _parse_gazetteer(Path(path).read_text(encoding="utf-8"), str(path))


@functools.cache
def _default_gazetteer() -> Gazetteer:
    return _parse_gazetteer(data_text("gazetteer.yaml"), "gazetteer.yaml")


def _parse_gazetteer(text: str, where: str) -> Gazetteer:
    data = parse_yaml(text)
    if not isinstance(data, Mapping) or "entities" not in data:
        raise ArgumentValueError(f"{where}: expected a mapping with an 'entities:' list")
    aliases: dict[str, str] = {}
    rows = []
    parents: dict[str, tuple[str, ...]] = {}
    stand_ins: set[str] = set()
    for entity in data["entities"]:
        eid = str(entity["id"])
        kind = str(entity.get("kind", "state"))
        if kind not in ENTITY_KINDS:
            raise ArgumentValueError(f"{where}: entity {eid!r} has kind={kind!r}; "
                                     f"choose one of {list(ENTITY_KINDS)}")
        rows.append((eid, str(entity.get("name", eid)), kind))
        for alias in [entity.get("name", eid), *as_strings(entity.get("aliases"))]:
            aliases.setdefault(str(alias), eid)
        if entity.get("part_of"):
            parents[eid] = as_strings(entity.get("part_of"))
        if entity.get("counts_as"):
            parents[eid] = as_strings(entity.get("counts_as"))
            stand_ins.add(eid)
    known = {r[0] for r in rows}
    for eid, ups in parents.items():
        unknown = [p for p in ups if p not in known]
        if unknown:
            raise ArgumentValueError(f"{where}: entity {eid!r} is part_of unknown id(s) {unknown}")
    plain = MultiMatcher(dict(aliases), case_sensitive=True)
    not_name_ids: dict[str, str] = {}
    for role, names in (data.get("not_names") or {}).items():
        if role not in NOT_NAME_ROLES:
            raise ArgumentValueError(f"{where}: not_names role {role!r} is not one of "
                                     f"{list(NOT_NAME_ROLES)}")
        for name in as_strings(names):
            aliases[name] = f"_not:{role}"
            inside = [v for _, _, v in plain.find(name) if not str(v).startswith("_")]
            if inside:
                not_name_ids[name] = inside[0]
    for alias in as_strings((data.get("self") or {}).get("aliases")):
        aliases[alias] = "_self"
    for topic in data.get("topics") or []:
        for alias in as_strings(topic.get("aliases")):
            aliases[alias] = f"_topic:{topic['id']}"
    cities = frozenset(load_wordlist("cities")) & frozenset(aliases)
    return Gazetteer(tuple(rows), MappingProxyType(aliases), MappingProxyType(parents), cities,
                     MappingProxyType(not_name_ids), frozenset(stand_ins))
