"""The one-pass matcher: many literal patterns (and a few regexes) found in one scan of a text.

Used by the phrase lexicon and the gazetteer alike: whole words, leftmost-longest, tolerant of
case (unless asked), hyphens, dashes and line breaks, with ``...`` gaps inside patterns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any

import ahocorasick

__all__ = ["GAP", "GAP_WORDS", "MultiMatcher", "canonical"]

GAP = "..."
"""In a literal pattern or exclude, ``...`` stands for up to `GAP_WORDS` words in between."""
GAP_WORDS = 5


_ASCII_BREAKS = ("-", "\n", "\t")  # matched as spaces, like the dashes
_DASHES = ("\u2013", "\u2014")


def canonical(text: str, *, case_sensitive: bool = False) -> str:
    """Map text to its matching form, keeping every character's offset.

    Lower-cases (unless `case_sensitive`) and treats hyphens, dashes and line breaks as
    spaces, so "Win-win" and "win win" meet; offsets still point into the original text.

    Examples
    --------
    >>> canonical("Win-Win\\ncooperation")
    'win win cooperation'
    """
    out = text
    if not text.isascii():  # dashes first: the rest is often ASCII, which lower-cases 3x faster
        for char in _DASHES:
            if char in out:
                out = out.replace(char, " ")
    if not case_sensitive:
        lowered = out.lower()
        if len(lowered) != len(out):  # rare characters whose lower case is longer ("İ")
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in out)
        out = lowered
    for char in _ASCII_BREAKS:  # str.replace runs in C; str.translate is far slower
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


_ASCII_WORD = re.compile(r"[0-9A-Za-z_]")
_RE2_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation, escaped to be literal


def _screen_regex(keys: Iterable[tuple[str, bool]]) -> str:
    r"""An RE2 pattern matching wherever one of the `keys` (canonical text) may be accepted.

    A key beginning (or, when its flag says so, ending) with an ASCII word character must
    have an ASCII word boundary there; RE2's ``\b`` knows no other.

    >>> _screen_regex([("bri", True), ("u.s.", True), ("affair", False)])
    '\\bbri\\b|\\bu\\.s\\.|\\baffair'
    """
    parts = []
    for key, whole_end in keys:
        head = r"\b" if _ASCII_WORD.match(key[0]) else ""
        tail = r"\b" if whole_end and _ASCII_WORD.match(key[-1]) else ""
        parts.append(head + _RE2_SPECIAL.sub(r"\\\1", key) + tail)
    return "|".join(parts)


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
        self._screen = None if self.empty else _screen_regex(
            (key, not anchored.get(key)) for key in self.automaton.keys())

    def find(self, text: str) -> list[tuple[int, int, Any]]:
        """Return ``(start, end, value)`` for every accepted match, in text order."""
        return self._scan(canonical(text, case_sensitive=self.case_sensitive), 0)

    def find_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, Any]]]:
        """``[self.find(text) for text in texts]``, faster where most text holds no pattern.

        One compiled regular expression of every literal key (RE2, through pyarrow) finds
        where each text's first possible match starts; the automaton scans only from there,
        and not at all through a text with none.

        Examples
        --------
        >>> MultiMatcher({"win-win": "ww"}).find_many(["no", "a Win-win deal", "winwin"])
        [[], [(2, 9, 'ww')], []]
        """
        canons = [canonical(text, case_sensitive=self.case_sensitive) for text in texts]
        starts = self._first_candidates(canons)
        if self.regexes:  # a regex without a literal start may match anywhere
            return [self._scan(canon, max(start, 0)) for canon, start in zip(canons, starts, strict=True)]
        return [self._scan(canon, start) if start >= 0 else []
                for canon, start in zip(canons, starts, strict=True)]

    def may_match(self, texts: Sequence[str],
                  values: Collection[Hashable] | None = None) -> list[bool]:
        """Whether each text may hold a match (of one of `values`; default: of any value).

        A screen: False only where :meth:`find` finds nothing (of those values), True where
        it may find something. The keys of those values are searched all at once (RE2,
        through pyarrow), so a node such as one counterpart is looked for in the few texts
        that hold one of its names instead of every text.

        Examples
        --------
        >>> m = MultiMatcher({"US": "USA", "Russia": "RUS"}, case_sensitive=True)
        >>> m.may_match(["the US side", "Russia", "us"], {"USA"})
        [True, False, False]
        """
        keys = self._screen_keys(values)
        if keys is None:
            return [True] * len(texts)
        if not keys:
            return [False] * len(texts)
        import pyarrow as pa
        import pyarrow.compute as pc

        canons = [canonical(text, case_sensitive=self.case_sensitive) for text in texts]
        try:
            found = pc.match_substring_regex(pa.array(canons, type=pa.large_string()),
                                             _screen_regex(keys))
        except (pa.ArrowException, UnicodeError):  # as in _first_candidates: no screen then
            return [True] * len(texts)
        return found.to_pylist()

    def _screen_keys(self, values: Collection[Hashable] | None) -> list[tuple[str, bool]] | None:
        """The automaton's keys that start a match of `values`, each with its whole-word end.

        None where no key screens them: a regex without a literal start may match anywhere.
        """
        wanted = (lambda value: value is not _NO_VALUE) if values is None else (
            lambda value: value in values)
        if any(wanted(value) for _, value in self.regexes):
            return None
        keys = []
        for key in ([] if self.empty else self.automaton.keys()):
            _, value, _, gaps, anchored = self.automaton.get(key)
            if wanted(value) or any(wanted(g[1]) for g in gaps) or any(wanted(a[1]) for a in anchored):
                keys.append((key, not anchored))
        return keys

    def _first_candidates(self, canons: list[str]) -> list[int]:
        """Where each canonical text's first possible key occurrence starts (-1: none).

        Never later than the first occurrence the automaton accepts: the screen asks for an
        ASCII word boundary where :meth:`_scan` asks for a Unicode one, which is rarer.
        """
        if self._screen is None:
            return [-1] * len(canons)
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            array = pa.array(canons, type=pa.large_string())
            found = pc.find_substring_regex(array, self._screen).to_numpy(zero_copy_only=False)
        except (pa.ArrowException, UnicodeError):  # a pattern too large for RE2, a lone surrogate
            return [0] * len(canons)
        # RE2 gives byte offsets into the UTF-8 text; the automaton wants characters
        # (the first `start` bytes encode at most `start` characters)
        return [start if start <= 0 or canon.isascii()
                else len(canon[:start].encode("utf-8")[:start].decode("utf-8"))
                for canon, start in zip(canons, found.tolist(), strict=True)]

    def _scan(self, canon: str, first: int) -> list[tuple[int, int, Any]]:
        """The accepted matches in canonical text `canon`, none of whose keys starts before `first`."""
        candidates: list[tuple[int, int, Any]] = []
        cancels: list[tuple[int, int, frozenset[Hashable]]] = []
        n = len(canon)

        def whole_words(start: int, end: int) -> bool:
            return not (
                (start > 0 and _is_word_char(canon[start - 1]) and _is_word_char(canon[start]))
                or (end < n and _is_word_char(canon[end]) and _is_word_char(canon[end - 1]))
            )

        if not self.empty:
            for end_index, (length, value, cancelled, gapped, regexes) in self.automaton.iter(canon, first):
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
