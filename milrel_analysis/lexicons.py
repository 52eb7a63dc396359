"""Packaged data files (gazetteer, phrase lexicon, stopwords, ...) and the matcher built on them.

Every file lives in ``milrel_analysis/data/`` and is read with :mod:`importlib.resources`, so
nothing is downloaded. Analysts extend a lexicon by passing their own YAML file, a mapping or a
plain list of strings wherever a ``lexicon=`` or ``gazetteer=`` argument is accepted.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
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
    "MultiMatcher",
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
                  "exclude", "note"]


# --------------------------------------------------------------------------- phrase lexicon

LexiconLike: TypeAlias = str | Path | Iterable[str] | Mapping[str, Any] | pd.DataFrame | None

GAP = "..."
"""In a literal pattern or exclude, ``...`` stands for up to `GAP_WORDS` words in between."""
GAP_WORDS = 5


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _strings(value: Any) -> tuple[str, ...]:
    """A YAML value that may be one string, a list or missing, as a tuple of strings."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _string_list(value: Any, *, pid: object, field: str) -> tuple[str, ...]:
    """Like :func:`_strings`, but only a string or a list of non-empty strings is accepted."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    items = [value] if isinstance(value, str) else value
    if isinstance(items, Mapping) or not isinstance(items, Iterable) or not all(
        isinstance(v, str) and v.strip() for v in items
    ):
        raise ArgumentValueError(
            f"lexicon entry {pid!r}: {field} must be a string or a list of non-empty strings, "
            f"not {value!r}"
        )
    return tuple(items)


def _check_gaps(pid: object, field: str, phrases: Iterable[str]) -> None:
    for phrase in phrases:
        words = phrase.split()
        if words and (words[0] == GAP or words[-1] == GAP or f"{GAP} {GAP}" in " ".join(words)
                      or any(GAP in w and w != GAP for w in words)):
            raise ArgumentValueError(
                f"lexicon entry {pid!r}: {field} {phrase!r}: '{GAP}' must stand alone between "
                "two words (e.g. 'interfere in ... internal affairs')"
            )


def lexicon_table(entries: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Validate lexicon entries and return them as a table, one row per phrase.

    An entry (a mapping, as in ``phrases.yaml``) has an ``id``, optional ``label``,
    ``category`` and ``note``, and the lists:

    ``patterns``
        Literal wordings, matched case-insensitively, hyphens and spaces alike, whole
        words only. A ``...`` between two words stands for up to five words in between
        (within one sentence): ``"interfere in ... internal affairs"`` finds "interfere in
        China's internal affairs" as *one* match.
    ``translation_variants``
        Machine-translation twins of the patterns, written the same way; they count for the
        same id with ``variant="machine"``.
    ``regex``
        Python regular expressions applied to the matching form of the text (see
        :func:`canonical`), for what literals cannot say; their matches too must start and
        end at word boundaries. One that starts with literal words (``interfer(?:e|ence)``,
        not ``\\binterfer...``) is only tried where those words occur, so it costs nothing
        elsewhere.
    ``exclude``
        Negative contexts, written like patterns: a match of *this* entry that lies inside
        an occurrence of an exclude phrase is dropped (other entries are not affected). So
        ``exclude: ["military ties with ... Taiwan"]`` drops "military ties" in "arms sales to
        and military ties with Taiwan", and ``exclude: ["thought-provoking"]`` keeps
        "provoking" from counting there. Each exclude must contain a match of the entry,
        or it could never cancel anything.

    List-valued cells are tuples, so a table shared by several callers cannot be changed in
    place by one of them.

    Raises
    ------
    ValueError
        When an entry has no id or no pattern, an id repeats, a regex does not compile, an
        ``exclude`` is not a list of strings or contains no match of its entry's patterns,
        or a ``...`` gap does not stand between two words.

    Examples
    --------
    >>> t = lexicon_table([{"id": "provocation", "patterns": ["provoking"],
    ...                     "exclude": ["thought-provoking"]}])
    >>> t.loc[0, "exclude"]
    ('thought-provoking',)
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
        twins = _strings(entry.get("translation_variants"))
        exclude = _string_list(entry.get("exclude"), pid=pid, field="exclude")
        _check_gaps(pid, "pattern", (*patterns, *twins))
        _check_gaps(pid, "exclude", exclude)
        if exclude:
            own = MultiMatcher(dict.fromkeys((*patterns, *twins), True), dict.fromkeys(regex, True))
            for phrase in exclude:
                if not own.find(phrase):
                    raise ArgumentValueError(
                        f"lexicon entry {pid!r}: exclude {phrase!r} contains none of the entry's "
                        "patterns, so it could never cancel a match"
                    )
        rows.append(
            {
                "phrase_id": str(pid),
                "label": str(entry.get("label") or pid),
                "category": str(entry.get("category") or "custom"),
                "patterns": patterns,
                "translation_variants": twins,
                "regex": regex,
                "exclude": exclude,
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
        Columns ``phrase_id, label, category, patterns, translation_variants, regex,
        exclude, note`` (see :func:`lexicon_table` for what each means).

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

@dataclass(frozen=True, eq=False)  # identity hash: it keys the matcher cache
class Gazetteer:
    """Counterpart ids, their names and aliases; China's own names and topics to mask.

    Immutable: `aliases` is a read-only mapping and `entities` a new DataFrame on every
    access, so the cached packaged gazetteer is the same for every caller.
    """

    entity_rows: tuple[tuple[str, str, str], ...]  # (id, name, kind)
    aliases: Mapping[str, str]  # alias -> id, "_self" or "_topic:<id>"

    @property
    def entities(self) -> pd.DataFrame:
        """One row per counterpart: ``id, name, kind``."""
        return pd.DataFrame(list(self.entity_rows), columns=["id", "name", "kind"])

    def matcher(self) -> MultiMatcher:
        """Return a case-sensitive matcher over all aliases."""
        return _gazetteer_matcher(self)


@functools.cache
def _gazetteer_matcher(gaz: Gazetteer) -> MultiMatcher:
    return MultiMatcher(gaz.aliases, case_sensitive=True)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load the counterpart gazetteer (packaged ``gazetteer.yaml`` or an analyst's copy).

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> gaz.aliases["Pyongyang"], gaz.aliases["East Timor"], gaz.aliases["PLA"]
    ('PRK', 'TLS', '_self')
    """
    if path is None:
        return _default_gazetteer()
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
    for entity in data["entities"]:
        eid = str(entity["id"])
        rows.append((eid, str(entity.get("name", eid)), str(entity.get("kind", "state"))))
        for alias in [entity.get("name", eid), *_strings(entity.get("aliases"))]:
            aliases.setdefault(str(alias), eid)
    for alias in _strings((data.get("self") or {}).get("aliases")):
        aliases[alias] = "_self"
    for topic in data.get("topics") or []:
        for alias in _strings(topic.get("aliases")):
            aliases[alias] = f"_topic:{topic['id']}"
    return Gazetteer(tuple(rows), MappingProxyType(aliases))


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


_NO_VALUE = object()  # an exclude-only key of the automaton


_GAP_WORD = r"[^\s.;:!?]+"  # a word a gap may skip: commas, but no sentence punctuation


def _gap_regex(key: str) -> re.Pattern[str]:
    """The regex for a canonical pattern with ``...`` gaps, anchored where its first part starts."""
    parts = [re.escape(part) for part in re.split(r" ?\.\.\. ?", key)]
    gap = f"(?:{_GAP_WORD} ){{0,{GAP_WORDS}}}?"
    body = "".join(f"{part},? {gap}" for part in parts[:-1]) + parts[-1]
    return re.compile(body + (r"(?!\w)" if _is_word_char(key[-1]) else ""))


def _first_part(key: str) -> str:
    return key.split(f" {GAP} ")[0]


_REGEX_META = set(".^$*+?{}[]|()\\")


def _literal_prefix(pattern: str) -> str:
    """The literal text every match of `pattern` starts with ("" when there is none).

    Conservative: any top-level alternation, flag or leading metacharacter gives "".

    >>> _literal_prefix(r"internal affairs?,? (?:x)"), _literal_prefix(r"a|b"), _literal_prefix(r"\\bx")
    ('internal affair', '', '')
    """
    depth, escaped, in_class = 0, False, False
    for ch in pattern:  # a top-level "|" means not every match starts the same way
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""
    prefix: list[str] = []
    for i, ch in enumerate(pattern):
        if ch in _REGEX_META:
            if ch in "?*{" and prefix:  # the last character is optional or repeated
                prefix.pop()
            break
        prefix.append(ch)
        if i + 1 == len(pattern):
            break
    return "".join(prefix)


class MultiMatcher:
    """Find many literal patterns (and a few regexes) in one pass: leftmost-longest, whole words.

    Literal patterns go into an Aho-Corasick automaton over the canonical text (see
    :func:`canonical`); matches that start or end inside a word are dropped, and
    overlapping matches resolve to the leftmost, then the longest. A pattern with ``...``
    between two words (see :data:`GAP`) allows up to five words there, within a sentence.

    Parameters
    ----------
    patterns : mapping of str to a hashable value
        Pattern -> value (a phrase key, a counterpart id).
    regexes : mapping of str to a hashable value, optional
        Regular expression (applied to the canonical text) -> value. Its matches, too, must
        start and end at word boundaries; a regex that starts with a literal word (no
        ``\\b`` or group in front) is much faster to search.
    excludes : mapping of str to a collection of values, optional
        Negative contexts, written like patterns: a match whose value is in the collection
        and that lies inside an occurrence of the exclude phrase is dropped before overlaps
        are resolved.
    case_sensitive : bool, default=False

    Examples
    --------
    >>> m = MultiMatcher({"win-win": "ww", "win": "w", "core interests": "ci"})
    >>> m.find("Win win and core-interests; winning")
    [(0, 7, 'ww'), (12, 26, 'ci')]
    >>> m = MultiMatcher({"provoking": "p", "interfere in ... affairs": "i"},
    ...                  excludes={"thought-provoking": {"p"}})
    >>> m.find("A thought-provoking talk; stop provoking us; interfere in China's affairs.")
    [(31, 40, 'p'), (45, 73, 'i')]
    """

    def __init__(
        self,
        patterns: Mapping[str, Hashable],
        regexes: Mapping[str, Hashable] | None = None,
        *,
        excludes: Mapping[str, Collection[Hashable]] | None = None,
        case_sensitive: bool = False,
    ) -> None:
        self.case_sensitive = case_sensitive
        # canonical key -> [value or _NO_VALUE, values it cancels]; a key may be both
        entries: dict[str, list[Any]] = {}
        for pattern, value in patterns.items():
            key = canonical(" ".join(pattern.split()), case_sensitive=case_sensitive)
            if key.strip():
                entries.setdefault(key, [_NO_VALUE, frozenset()])[0] = value
        for pattern, cancelled in (excludes or {}).items():
            key = canonical(" ".join(pattern.split()), case_sensitive=case_sensitive)
            if key.strip() and cancelled:
                slot = entries.setdefault(key, [_NO_VALUE, frozenset()])
                slot[1] = slot[1] | frozenset(cancelled)
        # A gapped pattern, or a regex with a literal start, is tried only where the automaton
        # finds its first part, so it costs nothing on text without that part.
        gaps: dict[str, list[tuple[re.Pattern[str], Any, frozenset[Hashable]]]] = {}
        for key, (value, cancelled) in entries.items():
            if GAP in key.split():
                gaps.setdefault(_first_part(key), []).append((_gap_regex(key), value, cancelled))
        anchored: dict[str, list[tuple[re.Pattern[str], Any]]] = {}
        self.regexes: list[tuple[re.Pattern[str], Any]] = []
        for rx, value in (regexes or {}).items():
            prefix = _literal_prefix(rx)
            if prefix.strip():
                anchored.setdefault(prefix, []).append((re.compile(rx), value))
            else:
                self.regexes.append((re.compile(rx), value))
        self.automaton = ahocorasick.Automaton()
        for key in dict.fromkeys([*entries, *gaps, *anchored]):
            if GAP in key.split():
                continue
            value, cancelled = entries.get(key, (_NO_VALUE, frozenset()))
            self.automaton.add_word(key, (len(key), value, cancelled, tuple(gaps.get(key, ())),
                                          tuple(anchored.get(key, ()))))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, Any]]:
        """Return ``(start, end, value)`` for every accepted match, in text order."""
        canon = canonical(text, case_sensitive=self.case_sensitive)
        candidates: list[tuple[int, int, Any]] = []
        cancels: list[tuple[int, int, frozenset[Hashable]]] = []
        n = len(canon)

        def whole_words(start: int, end: int) -> bool:
            return not (
                (start > 0 and _is_word_char(canon[start - 1]) and _is_word_char(canon[start]))
                or (end < n and _is_word_char(canon[end]) and _is_word_char(canon[end - 1]))
            )

        if not self.empty:
            for end_index, (length, value, cancelled, gapped, regexes) in self.automaton.iter(canon):
                start, end = end_index - length + 1, end_index + 1
                if start > 0 and _is_word_char(canon[start - 1]) and _is_word_char(canon[start]):
                    continue
                for rx, rx_value in regexes:  # a regex prefix may end inside a word
                    m = rx.match(canon, start)
                    if m is not None and m.end() > start and whole_words(start, m.end()):
                        candidates.append((start, m.end(), rx_value))
                if end < n and _is_word_char(canon[end]) and _is_word_char(canon[end - 1]):
                    continue
                if value is not _NO_VALUE:
                    candidates.append((start, end, value))
                if cancelled:
                    cancels.append((start, end, cancelled))
                for gap_rx, gap_value, gap_cancelled in gapped:
                    m = gap_rx.match(canon, start)
                    if m is None:
                        continue
                    if gap_value is not _NO_VALUE:
                        candidates.append((start, m.end(), gap_value))
                    if gap_cancelled:
                        cancels.append((start, m.end(), gap_cancelled))
        for rx, value in self.regexes:
            candidates.extend((m.start(), m.end(), value) for m in rx.finditer(canon)
                              if m.end() > m.start() and whole_words(m.start(), m.end()))
        if cancels:
            candidates = [
                (start, end, value) for start, end, value in candidates
                if not any(lo <= start and end <= hi and value in cancelled
                           for lo, hi, cancelled in cancels)
            ]
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
    excludes: dict[str, set[PhraseKey]] = {}
    columns = ("phrase_id", "patterns", "translation_variants", "regex")
    negatives = lexicon["exclude"].tolist() if "exclude" in lexicon else [()] * len(lexicon)
    for (pid, literal, twins, rxs), exclude in zip(
        zip(*(lexicon[c].tolist() for c in columns), strict=True), negatives, strict=True
    ):
        for p in literal:
            patterns.setdefault(p, PhraseKey(pid, "pattern"))
        for p in twins:
            patterns.setdefault(p, PhraseKey(pid, "machine"))
        for rx in rxs:
            regexes[rx] = PhraseKey(pid, "pattern")
        for p in exclude:
            excludes.setdefault(p, set()).update((PhraseKey(pid, "pattern"), PhraseKey(pid, "machine")))
    return MultiMatcher(patterns, regexes, excludes=excludes)
