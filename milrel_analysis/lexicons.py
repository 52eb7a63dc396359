"""Packaged data files (gazetteer, phrase lexicon, stopwords, ...) and the matcher built on them.

Every file lives in ``milrel_analysis/data/`` and is read with :mod:`importlib.resources`, so
nothing is downloaded. Analysts extend a lexicon by passing their own YAML file, a mapping or a
plain list of strings wherever a ``lexicon=`` or ``gazetteer=`` argument is accepted.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeAlias

import ahocorasick
import pandas as pd
import yaml

from ._resources import data_text, load_wordlist
from .errors import ArgumentValueError, MissingFileError

__all__ = [
    "Gazetteer",
    "LexiconLike",
    "ENTITY_KINDS",
    "MultiMatcher",
    "NOT_NAME_ROLES",
    "PHRASE_COLUMNS",
    "PhraseKey",
    "canonical",
    "lexicon_table",
    "lexicon_version",
    "load_gazetteer",
    "load_lexicon",
    "load_wordlist",
    "phrase_matcher",
    "select_phrases",
]

PHRASE_COLUMNS = ["phrase_id", "label", "category", "patterns", "translation_variants", "regex",
                  "note"]


# --------------------------------------------------------------------------- phrase lexicon

LexiconLike: TypeAlias = str | Path | Iterable[str] | Mapping[str, Any] | pd.DataFrame | None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _strings(value: Any) -> tuple[str, ...]:
    """A YAML value that may be one string, a list or missing, as a tuple of strings."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def lexicon_table(entries: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Validate lexicon entries and return them as a table, one row per phrase.

    List-valued cells (``patterns``, ``translation_variants``, ``regex``) are tuples, so a
    table shared by several callers cannot be changed in place by one of them.

    Raises
    ------
    ValueError
        When an entry has no id or no pattern, or an id repeats.
    """
    rows = []
    for i, entry in enumerate(entries):
        pid = entry.get("id") or entry.get("phrase_id")
        patterns = _strings(entry.get("patterns"))
        regex = _strings(entry.get("regex"))
        if not pid:
            raise ArgumentValueError(f"lexicon entry {i} has no 'id': {dict(entry)!r}")
        if not patterns and not regex:
            raise ArgumentValueError(f"lexicon entry {pid!r} has no 'patterns'")
        for rx in regex:
            try:
                re.compile(rx)
            except re.error as err:
                raise ArgumentValueError(f"lexicon entry {pid!r}: bad regex {rx!r}: {err}") from None
        rows.append(
            {
                "phrase_id": str(pid),
                "label": str(entry.get("label") or pid),
                "category": str(entry.get("category") or "custom"),
                "patterns": patterns,
                "translation_variants": _strings(entry.get("translation_variants")),
                "regex": regex,
                "note": str(entry.get("note") or ""),
            }
        )
    table = pd.DataFrame(rows, columns=PHRASE_COLUMNS)
    dupes = table["phrase_id"][table["phrase_id"].duplicated()].tolist()
    if dupes:
        raise ArgumentValueError(f"lexicon ids repeat: {sorted(set(dupes))}")
    return table


def load_lexicon(lexicon: LexiconLike = None, *, extend: bool = False) -> pd.DataFrame:
    """Load a phrase lexicon: the packaged one, a YAML file, a mapping or a list of strings.

    Parameters
    ----------
    lexicon : str, Path, list of str, mapping, DataFrame or None
        ``None`` or ``"default"``: the packaged ``phrases.yaml``. A path to a YAML file with a
        ``phrases:`` list (same schema). A list of plain strings: one phrase each, its id the
        slug of the string and its category ``custom``.
    extend : bool, default=False
        Add the given entries to the packaged lexicon instead of replacing it (an entry
        with an existing id replaces that entry).

    Returns
    -------
    DataFrame
        Columns ``phrase_id, label, category, patterns, translation_variants, regex, note``.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> {"win-win", "core-interests", "shared-future"} <= set(lex["phrase_id"])
    True
    >>> load_lexicon(["red line", "new Cold War"])["phrase_id"].tolist()
    ['red-line', 'new-cold-war']
    """
    if isinstance(lexicon, pd.DataFrame):
        records: list[dict[str, Any]] = [{str(k): v for k, v in row.items()}
                                         for row in lexicon.to_dict("records")]
        table = lexicon_table({**row, "id": row.get("phrase_id", row.get("id"))} for row in records)
    elif lexicon is None or (isinstance(lexicon, str) and lexicon == "default"):
        table = _default_lexicon().copy()
        extend = False
    elif isinstance(lexicon, (str, Path)):
        path = Path(lexicon)
        if not path.is_file():
            raise MissingFileError(
                f"lexicon file {str(path)!r} does not exist; pass a YAML file with a 'phrases:' "
                "list, a list of strings, or None for the packaged lexicon"
            )
        table = lexicon_table(_yaml_entries(path.read_text(encoding="utf-8"), str(path)))
    elif isinstance(lexicon, Mapping):
        table = lexicon_table(lexicon.get("phrases", [lexicon]))
    else:
        items: list[Any] = list(lexicon)
        if all(isinstance(x, str) for x in items):
            table = lexicon_table(
                {"id": _slug(x), "label": x, "category": "custom", "patterns": [x]} for x in items
            )
        else:
            table = lexicon_table(items)
    if extend:
        base = _default_lexicon()
        table = pd.concat(
            [base[~base["phrase_id"].isin(table["phrase_id"])], table], ignore_index=True
        )
    return table


def select_phrases(lexicon: pd.DataFrame, phrase_ids: Iterable[str]) -> pd.DataFrame:
    """The rows of `lexicon` for `phrase_ids` (all rows when there are none).

    Raises
    ------
    ValueError
        For an id the lexicon does not have.

    Examples
    --------
    >>> select_phrases(load_lexicon(), ["win-win"])["phrase_id"].tolist()
    ['win-win']
    """
    wanted = list(phrase_ids)
    if not wanted:
        return lexicon
    unknown = sorted(set(wanted) - set(lexicon["phrase_id"]))
    if unknown:
        raise ArgumentValueError(f"unknown phrase id(s) {unknown}; see load_lexicon()['phrase_id']")
    return lexicon[lexicon["phrase_id"].isin(wanted)].reset_index(drop=True)


def _yaml_entries(text: str, where: str) -> list[Mapping[str, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ArgumentValueError(f"{where}: not valid YAML: {err}") from None
    if isinstance(data, list):
        return [x if isinstance(x, Mapping) else {"id": _slug(str(x)), "patterns": [str(x)]}
                for x in data]
    if not isinstance(data, Mapping) or "phrases" not in data:
        raise ArgumentValueError(f"{where}: expected a mapping with a 'phrases:' list")
    return list(data["phrases"])


@functools.cache
def _default_lexicon() -> pd.DataFrame:
    return lexicon_table(_yaml_entries(data_text("phrases.yaml"), "phrases.yaml"))


def lexicon_version(lexicon: pd.DataFrame | None = None) -> str:
    """A short content hash of a lexicon, recorded in report manifests."""
    table = _default_lexicon() if lexicon is None else lexicon
    blob = table.to_json(orient="records")
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


# --------------------------------------------------------------------------- gazetteer

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
    """

    entity_rows: tuple[tuple[str, str, str], ...]
    aliases: Mapping[str, str]
    parents: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    cities: frozenset[str] = frozenset()
    not_name_ids: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

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
        return tuple(out)


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
    data = yaml.safe_load(text)
    if not isinstance(data, Mapping) or "entities" not in data:
        raise ArgumentValueError(f"{where}: expected a mapping with an 'entities:' list")
    aliases: dict[str, str] = {}
    rows = []
    parents: dict[str, tuple[str, ...]] = {}
    for entity in data["entities"]:
        eid = str(entity["id"])
        kind = str(entity.get("kind", "state"))
        if kind not in ENTITY_KINDS:
            raise ArgumentValueError(f"{where}: entity {eid!r} has kind={kind!r}; "
                                     f"choose one of {list(ENTITY_KINDS)}")
        rows.append((eid, str(entity.get("name", eid)), kind))
        for alias in [entity.get("name", eid), *_strings(entity.get("aliases"))]:
            aliases.setdefault(str(alias), eid)
        if entity.get("part_of"):
            parents[eid] = _strings(entity.get("part_of"))
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
        for name in _strings(names):
            aliases[name] = f"_not:{role}"
            inside = [v for _, _, v in plain.find(name) if not str(v).startswith("_")]
            if inside:
                not_name_ids[name] = inside[0]
    for alias in _strings((data.get("self") or {}).get("aliases")):
        aliases[alias] = "_self"
    for topic in data.get("topics") or []:
        for alias in _strings(topic.get("aliases")):
            aliases[alias] = f"_topic:{topic['id']}"
    cities = frozenset(load_wordlist("cities")) & frozenset(aliases)
    return Gazetteer(tuple(rows), MappingProxyType(aliases), MappingProxyType(parents), cities,
                     MappingProxyType(not_name_ids))


# --------------------------------------------------------------------------- matcher

_CANON_CHARS = ("-", "\n", "\t", "\u2013", "\u2014")


def canonical(text: str, *, case_sensitive: bool = False) -> str:
    """Map text to its matching form, keeping every character's offset.

    Lower-cases (unless `case_sensitive`) and treats hyphens, dashes and line breaks as
    spaces, so "Win-win" and "win win" meet; offsets still point into the original text.

    Examples
    --------
    >>> canonical("Win-Win\\ncooperation")
    'win win cooperation'
    """
    out = text if case_sensitive else text.lower()
    if len(out) != len(text):  # rare characters whose lower case is longer ("İ")
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char in _CANON_CHARS:  # str.replace runs in C; str.translate is far slower
        if char in out:
            out = out.replace(char, " ")
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class MultiMatcher:
    """Find many literal patterns (and a few regexes) in one pass: leftmost-longest, whole words.

    Literal patterns go into an Aho-Corasick automaton over the canonical text (see
    :func:`canonical`); matches that start or end inside a word are dropped, and
    overlapping matches resolve to the leftmost, then the longest.

    Parameters
    ----------
    patterns : mapping of str to a hashable value
        Pattern -> value (a phrase key, a counterpart id).
    regexes : mapping of str to a hashable value, optional
        Regular expression (applied to the canonical text) -> value.
    case_sensitive : bool, default=False

    Examples
    --------
    >>> m = MultiMatcher({"win-win": "ww", "win": "w", "core interests": "ci"})
    >>> m.find("Win win and core-interests; winning")
    [(0, 7, 'ww'), (12, 26, 'ci')]
    """

    def __init__(
        self,
        patterns: Mapping[str, Hashable],
        regexes: Mapping[str, Hashable] | None = None,
        *,
        case_sensitive: bool = False,
    ) -> None:
        self.case_sensitive = case_sensitive
        self.automaton = ahocorasick.Automaton()
        for pattern, value in patterns.items():
            key = canonical(" ".join(pattern.split()), case_sensitive=case_sensitive)
            if key.strip():
                self.automaton.add_word(key, (len(key), value))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()
        self.regexes = [(re.compile(rx), value) for rx, value in (regexes or {}).items()]

    def find(self, text: str) -> list[tuple[int, int, Any]]:
        """Return ``(start, end, value)`` for every accepted match, in text order."""
        canon = canonical(text, case_sensitive=self.case_sensitive)
        candidates: list[tuple[int, int, Any]] = []
        n = len(canon)
        if not self.empty:
            for end_index, (length, value) in self.automaton.iter(canon):
                start, end = end_index - length + 1, end_index + 1
                if (start > 0 and _is_word_char(canon[start - 1]) and _is_word_char(canon[start])) or (
                    end < n and _is_word_char(canon[end]) and _is_word_char(canon[end - 1])
                ):
                    continue
                candidates.append((start, end, value))
        for rx, value in self.regexes:
            candidates.extend((m.start(), m.end(), value) for m in rx.finditer(canon) if m.end() > m.start())
        if not candidates:
            return []
        candidates.sort(key=lambda c: (c[0], -c[1]))
        chosen = []
        last_end = -1
        for start, end, value in candidates:
            if start >= last_end:
                chosen.append((start, end, value))
                last_end = end
        return chosen


# --------------------------------------------------------------------------- phrase matcher


class PhraseKey(NamedTuple):
    """What a phrase match found: the phrase and whether a machine-translated twin matched."""

    phrase_id: str
    variant: str  # "pattern" or "machine"


def phrase_matcher(lexicon: pd.DataFrame) -> MultiMatcher:
    """Build the one-pass matcher for a lexicon table (see :func:`load_lexicon`).

    Its values are :class:`PhraseKey` pairs ``(phrase_id, variant)``.

    Examples
    --------
    >>> m = phrase_matcher(load_lexicon(["win-win"]))
    >>> m.find("win-win results")
    [(0, 7, PhraseKey(phrase_id='win-win', variant='pattern'))]
    """
    patterns: dict[str, PhraseKey] = {}
    regexes: dict[str, PhraseKey] = {}
    columns = ("phrase_id", "patterns", "translation_variants", "regex")
    for pid, literal, twins, rxs in zip(*(lexicon[c].tolist() for c in columns), strict=True):
        for p in literal:
            patterns.setdefault(p, PhraseKey(pid, "pattern"))
        for p in twins:
            patterns.setdefault(p, PhraseKey(pid, "machine"))
        for rx in rxs:
            regexes[rx] = PhraseKey(pid, "pattern")
    return MultiMatcher(patterns, regexes)
