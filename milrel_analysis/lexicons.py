"""The phrase lexicon (the formulae of Chinese military diplomacy) and its matcher.

The packaged ``data/phrases.yaml`` is read with :mod:`importlib.resources`, so nothing is
downloaded. Analysts extend it by passing their own YAML file, a mapping or a plain list of
strings wherever a ``lexicon=`` argument is accepted. The gazetteer (:mod:`.gazetteer`), the
matcher (:mod:`.matching`) and the word lists are re-exported here for convenience.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

import pandas as pd
import yaml

from ._resources import data_text, load_wordlist, parse_yaml
from ._validation import as_strings
from .errors import ArgumentValueError, MissingFileError
from .gazetteer import ENTITY_KINDS, NOT_NAME_ROLES, Gazetteer, load_gazetteer
from .matching import GAP, GAP_WORDS, MultiMatcher, canonical
from .text.words import Compounds

__all__ = [
    "GAP",
    "GAP_WORDS",
    "Gazetteer",
    "LexiconLike",
    "ENTITY_KINDS",
    "MultiMatcher",
    "NOT_NAME_ROLES",
    "PHRASE_COLUMNS",
    "PhraseKey",
    "canonical",
    "default_compounds",
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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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
        patterns = as_strings(entry.get("patterns"))
        regex = as_strings(entry.get("regex"))
        if not pid:
            raise ArgumentValueError(f"lexicon entry {i} has no 'id': {dict(entry)!r}")
        if not patterns and not regex:
            raise ArgumentValueError(f"lexicon entry {pid!r} has no 'patterns'")
        for rx in regex:
            try:
                re.compile(rx)
            except re.error as err:
                raise ArgumentValueError(f"lexicon entry {pid!r}: bad regex {rx!r}: {err}") from None
        twins = as_strings(entry.get("translation_variants"))
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
        data = parse_yaml(text)
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


@functools.cache
def default_compounds() -> Compounds:
    """The packaged multi-word names and formulae that tokens join with ``_``.

    Every multi-word alias of the gazetteer (countries, organisations, leaders and officials,
    China's own names, topics such as "South China Sea"), and every literal multi-word
    pattern and machine-translated twin of the phrase lexicon ("core interests", "Belt and
    Road"). Built once and shared: :class:`~milrel_analysis.text.words.Compounds` is not
    changed by matching.

    Examples
    --------
    >>> from milrel_analysis.text.words import tokenize_text
    >>> tokenize_text("Wang Yi met Hong Kong officials", compounds=default_compounds())
    ['wang_yi', 'met', 'hong_kong', 'officials']
    """
    gazetteer = load_gazetteer()
    lexicon = _default_lexicon()
    phrases = list(gazetteer.aliases)
    for column in ("patterns", "translation_variants"):
        phrases.extend(p for ps in lexicon[column] for p in ps if GAP not in p.split())
    return Compounds(phrases)
