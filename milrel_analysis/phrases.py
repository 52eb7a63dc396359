"""Phrase tracking: where the formulae occur, how often, in what context, and how precisely.

:func:`match_sample` draws matches to judge by hand; :func:`judged_hits` and
:func:`lexicon_precision` measure a lexicon against the judgements.

Matching is one pass per segment through an Aho-Corasick automaton (see
:class:`milrel_analysis.lexicons.MultiMatcher`): case-insensitive, tolerant of hyphen, space
and line-break variants, whole words only, non-overlapping with the longest match winning.
"""

from __future__ import annotations

import functools
import html
import re
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from ._types import Translation, Voice
from ._validation import as_list, check_count, require_columns
from .corpus.groups import group_segments
from .corpus.matches import match_segments, segment_matches
from .corpus.model import Corpus, counted_mask
from .errors import ArgumentValueError
from .lexicons import (
    LexiconLike,
    MultiMatcher,
    PhraseKey,
    load_lexicon,
    phrase_matcher,
    select_phrases,
)

__all__ = ["HIT_COLUMNS", "JUDGEMENT_COLUMNS", "PRECISION_COLUMNS", "judged_hits", "kwic",
           "kwic_html", "lexicon_precision", "match_sample", "match_segments", "phrase_counts",
           "phrase_matcher", "segment_matches", "track_phrases"]

HIT_COLUMNS = ["doc_id", "seg_id", "phrase_id", "category", "matched", "start", "end",
               "variant", "speaker", "counterparts", "date", "match"]


@functools.cache
def _default_matcher() -> MultiMatcher:
    return phrase_matcher(load_lexicon())


def _matcher(lexicon: LexiconLike, table: pd.DataFrame) -> MultiMatcher:
    """The matcher for `table`; the packaged lexicon's is built once (it never changes)."""
    if lexicon is None or (isinstance(lexicon, str) and lexicon == "default"):
        return _default_matcher()
    return phrase_matcher(table)


def track_phrases(
    corpus: Corpus,
    lexicon: LexiconLike = None,
    *,
    translation: Translation = "official",
    voice: Voice = "official",
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Find every occurrence of the lexicon's phrases: one row per occurrence.

    Parameters
    ----------
    corpus : Corpus
    lexicon : str, path, list of str, mapping or DataFrame, optional
        The packaged lexicon by default; see :func:`milrel_analysis.load_lexicon`.
    translation : {"official", "machine", "all"}, default="official"
        Which variant of a passage given twice to search.
    voice : {"official", "press", "all"}, default="official"
        Whose words: China's (everything but journalists' questions), the questions only,
        or both.
    n_jobs : int, optional
        Worker processes (default: one, or every core from 8 MB of text).

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, phrase_id, category, matched, start, end, variant, speaker,
        counterparts, date, match``: `start`/`end` are offsets into the segment's text,
        `match` repeats `matched` under the name :func:`kwic` uses,
        `variant` is ``pattern`` or ``machine`` (a machine-translated twin matched),
        `counterparts` the segment's counterpart ids joined by ``;``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "We seek win win results and respect each other's core interests."})
    >>> track_phrases(c)[["phrase_id", "matched"]].to_dict("records")
    [{'phrase_id': 'win-win', 'matched': 'win win'}, \
{'phrase_id': 'mutual-respect', 'matched': 'respect each other'}, \
{'phrase_id': 'core-interests', 'matched': 'core interests'}]
    """
    lex = load_lexicon(lexicon)
    mask = counted_mask(corpus.segments, translation=translation, voice=voice)
    positions = np.flatnonzero(mask.to_numpy())
    found = segment_matches(corpus, positions, lex, matcher=_matcher(lexicon, lex), n_jobs=n_jobs)
    with_hits = [i for i, hits in enumerate(found) if hits]  # only their texts are read
    segs = corpus.segments[["doc_id", "seg_id", "speaker", "text"]].take(positions[with_hits])
    rows = []
    for (doc_id, seg_id, speaker, text), hits in zip(
        segs.itertuples(index=False), [found[i] for i in with_hits], strict=True,
    ):
        for start, end, key in hits:
            rows.append((doc_id, seg_id, key.phrase_id, text[start:end], start, end,
                         key.variant, speaker))
    table = pd.DataFrame(rows, columns=["doc_id", "seg_id", "phrase_id", "matched", "start", "end",
                                        "variant", "speaker"])
    table = table.merge(lex[["phrase_id", "category"]], on="phrase_id", how="left")
    cps = corpus.counterparts.dropna(subset=["seg_id"]).astype({"seg_id": "int64"})
    joined = (cps.sort_values(["doc_id", "seg_id", "counterpart"])
              .groupby(["doc_id", "seg_id"])["counterpart"].agg(";".join).rename("counterparts"))
    table = table.merge(joined, left_on=["doc_id", "seg_id"], right_index=True, how="left")
    table = table.merge(corpus.documents[["doc_id", "date"]], on="doc_id", how="left")
    for col in ("seg_id", "start", "end"):
        table[col] = table[col].astype("int64")
    table["match"] = table["matched"]  # kwic's name for the matched text
    return table[HIT_COLUMNS].sort_values(["doc_id", "seg_id", "start"], ignore_index=True)


def phrase_counts(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = "doc_id",
    lexicon: LexiconLike = None,
    translation: Translation = "official",
    voice: Voice = "official",
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Count each phrase per group, with the zero rows present.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default="doc_id"
        Document columns (``year``, ``spokesperson``, ...), ``speaker`` or ``counterpart``
        (segment-level attribution: a phrase counts for the counterparts of its segment).
    lexicon : optional
        As in :func:`track_phrases`.

    translation, voice
        As in :func:`track_phrases`: which variant of a passage given twice, whose words.
    n_jobs : int, optional
        Worker processes for the matching; default one: the counting is a few sparse
        products, and a pool costs more memory than the time it saves.

    Returns
    -------
    DataFrame
        ``[*by, phrase_id, label, category, count, rate_per_10k, n_docs, group_docs,
        n_tokens]``: one row for every group and phrase, zeros included; `rate_per_10k`
        per 10,000 word tokens of the group; `n_docs` the group's documents using the
        phrase, `group_docs` all the group's documents and `n_tokens` its word tokens (the
        denominators, so that small groups can be seen and rates pooled). A group with no
        counted text has no rows. Sorted by group, then count (descending), then phrase_id.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Win-win cooperation and more win-win."})
    >>> t = phrase_counts(c, lexicon=["win-win", "red line"])
    >>> t[["phrase_id", "count", "n_docs"]].to_dict("records")
    [{'phrase_id': 'win-win', 'count': 2, 'n_docs': 1}, {'phrase_id': 'red-line', 'count': 0, 'n_docs': 0}]
    """
    by_list = as_list(by)
    lex = load_lexicon(lexicon)
    frame = group_segments(corpus, by_list, translation=translation, voice=voice, row=True, text=False)
    grouped = frame.groupby(by_list, dropna=False, sort=True)
    groups = grouped.agg(n_tokens=("n_tokens", "sum")).reset_index()
    group_of_row = grouped.ngroup().to_numpy(dtype=np.int64)  # numbered in `groups` order
    # A segment appears once per group it counts for; match each distinct segment once.
    doc_ids = frame["doc_id"].to_numpy()
    seg_ids = frame["seg_id"].to_numpy()
    first = np.ones(len(frame), dtype=bool)
    first[1:] = (doc_ids[1:] != doc_ids[:-1]) | (seg_ids[1:] != seg_ids[:-1])  # frame is sorted
    seg_of_row = np.cumsum(first) - 1
    found = segment_matches(corpus, frame["row"].to_numpy()[first], lex,
                            matcher=_matcher(lexicon, lex), n_jobs=n_jobs if n_jobs is not None else 1)
    phrase_index = {pid: i for i, pid in enumerate(lex["phrase_id"])}
    hit_seg = np.repeat(np.arange(len(found)), list(map(len, found)))
    hit_phrase = np.fromiter((phrase_index[key.phrase_id] for hits in found for *_, key in hits),
                             dtype=np.int64, count=len(hit_seg))
    n_groups, n_phrases, n_segs = len(groups), len(lex), len(found)
    hits = sparse.csr_matrix((np.ones(len(hit_seg), dtype=np.int64), (hit_seg, hit_phrase)),
                             shape=(n_segs, n_phrases))
    ones = np.ones(len(frame), dtype=np.int64)
    rows_to_groups = sparse.csr_matrix((ones, (group_of_row, seg_of_row)), shape=(n_groups, n_segs))
    counts = (rows_to_groups @ hits).toarray()
    # documents using each phrase, per group: through (group, document) pairs
    doc_code = pd.factorize(doc_ids)[0]
    pair_key = group_of_row * max(int(doc_code.max(initial=0)) + 1, 1) + doc_code
    pairs, pair_of_row = np.unique(pair_key, return_inverse=True)
    pair_group = group_of_row[_first_in(pair_of_row)]
    to_pairs = sparse.csr_matrix((ones, (pair_of_row, seg_of_row)), shape=(len(pairs), n_segs))
    used = to_pairs @ hits
    used.data = (used.data > 0).astype(np.int64)
    pairs_to_groups = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.int64), (pair_group, np.arange(len(pairs)))),
        shape=(n_groups, len(pairs)))
    n_docs = (pairs_to_groups @ used).toarray()
    group_docs = np.bincount(pair_group, minlength=n_groups)

    # One row per (group, phrase); groups are in order already, and within each the rows go
    # by count (descending), then phrase_id.
    row_group = np.repeat(np.arange(n_groups), n_phrases)
    row_phrase = np.tile(np.arange(n_phrases), n_groups)
    flat_counts = counts.ravel()
    id_rank = pd.Series(lex["phrase_id"]).rank(method="dense").to_numpy()
    order = np.lexsort((id_rank[row_phrase], -flat_counts, row_group))
    row_group, row_phrase = row_group[order], row_phrase[order]
    out: dict[str, Any] = {col: groups[col].take(row_group).reset_index(drop=True)
                           for col in by_list}
    for col in ("phrase_id", "label", "category"):
        values = lex[col]  # a string column is taken as it is: no Python object per row
        out[col] = (values.array.take(row_phrase) if isinstance(values.dtype, pd.StringDtype)
                    else values.to_numpy()[row_phrase])
    out["count"] = flat_counts[order]
    tokens = groups["n_tokens"].to_numpy()[row_group]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate_per_10k"] = np.where(tokens > 0, out["count"] * 1e4 / tokens, 0.0)
    out["n_docs"] = n_docs.ravel()[order]
    out["group_docs"] = group_docs[row_group]
    out["n_tokens"] = tokens
    return pd.DataFrame(out)


def _first_in(codes: np.ndarray) -> np.ndarray:
    """Index of the first row of each distinct code (codes numbered 0..k-1).

    Examples
    --------
    >>> _first_in(np.array([0, 0, 1, 0, 2, 1])).tolist()
    [0, 2, 4]
    """
    firsts = np.full(int(codes.max(initial=-1)) + 1, len(codes), dtype=np.int64)
    np.minimum.at(firsts, codes, np.arange(len(codes)))
    return firsts


def kwic(
    corpus: Corpus,
    pattern_or_phrase_id: str,
    *,
    window: int = 8,
    lexicon: LexiconLike = None,
    regex: bool = False,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Keyword in context: each match with `window` words either side.

    Parameters
    ----------
    corpus : Corpus
    pattern_or_phrase_id : str
        A phrase id of the lexicon (its matches as :func:`track_phrases` finds them, with
        the whole lexicon, so the rows agree with :func:`phrase_counts`), a literal phrase
        (matched like lexicon patterns, ``...`` gaps included), or a regular expression
        with ``regex=True``.
    window : int, default=8
        Words of context on each side (within the segment).

    lexicon : optional
        As in :func:`track_phrases`.
    regex : bool, default=False
        Treat `pattern_or_phrase_id` as a regular expression.
    translation, voice
        As in :func:`track_phrases`: which variant of a passage given twice, whose words.
    n_jobs : int, optional
        Worker processes for the matching; default one: the counting is a few sparse
        products, and a pool costs more memory than the time it saves.

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, left, match, right, date, speaker, phrase_id``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "China and the US should pursue win-win cooperation in the new era."})
    >>> kwic(c, "win-win", window=3)[["left", "match", "right"]].to_dict("records")
    [{'left': 'US should pursue', 'match': 'win-win', 'right': 'cooperation in the'}]
    """
    check_count("window", window, minimum=0)
    lex = load_lexicon(lexicon)
    if regex:
        try:
            rx = re.compile(pattern_or_phrase_id, re.I)
        except re.error as err:
            raise ArgumentValueError(f"bad regular expression {pattern_or_phrase_id!r}: {err}") from None
        key = PhraseKey(pattern_or_phrase_id, "pattern")
        finder = lambda t: [(m.start(), m.end(), key)  # noqa: E731
                            for m in rx.finditer(t) if m.end() > m.start()]
    elif pattern_or_phrase_id in set(lex["phrase_id"]):
        # the whole lexicon's matcher, so the id's hits are exactly those track_phrases and
        # phrase_counts count (a longer formula of another id wins there too)
        whole = _matcher(lexicon, lex)
        finder = lambda t: [hit for hit in whole.find(t)  # noqa: E731
                            if hit[2].phrase_id == pattern_or_phrase_id]
    else:
        finder = MultiMatcher({pattern_or_phrase_id: PhraseKey(pattern_or_phrase_id, "pattern")}).find
    segs = corpus.countable_segments(translation=translation, voice=voice)
    rows = []
    for doc_id, seg_id, speaker, text in segs[["doc_id", "seg_id", "speaker", "text"]].itertuples(
        index=False
    ):
        for start, end, found_key in finder(text):
            left_words = text[:start].split()
            right_words = text[end:].split()
            rows.append({
                "doc_id": doc_id, "seg_id": seg_id,
                "left": " ".join(left_words[-window:] if window else []),
                "match": text[start:end],
                "right": " ".join(right_words[:window]),
                "speaker": speaker,
                "phrase_id": found_key.phrase_id,
            })
    out = pd.DataFrame(rows, columns=["doc_id", "seg_id", "left", "match", "right", "speaker",
                                      "phrase_id"])
    out = out.merge(corpus.documents[["doc_id", "date"]], on="doc_id", how="left")
    return out[["doc_id", "seg_id", "left", "match", "right", "date", "speaker", "phrase_id"]]


def kwic_html(table: pd.DataFrame, *, max_rows: int = 200) -> str:
    """Render a :func:`kwic` table as an HTML concordance; all document text is escaped.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["d"], "left": ["<script>x</script>"], "match": ["win-win"],
    ...                   "right": ["&"], "date": [pd.NaT]})
    >>> "<script>" in kwic_html(t)
    False
    """
    esc = lambda v: html.escape("" if v is None or v is pd.NaT else str(v))  # noqa: E731
    lines = ['<table class="milrel-kwic" style="font-family:monospace">',
             "<thead><tr><th>doc</th><th>date</th><th style='text-align:right'>left</th>"
             "<th>match</th><th>right</th></tr></thead><tbody>"]
    for row in table.head(max_rows).to_dict("records"):
        date = row.get("date")
        date = date.strftime("%Y-%m-%d") if isinstance(date, pd.Timestamp) else ""
        lines.append(
            f"<tr><td>{esc(row.get('doc_id'))}</td><td>{esc(date)}</td>"
            f"<td style='text-align:right'>{esc(row.get('left'))}</td>"
            f"<td><b>{esc(row.get('match'))}</b></td><td>{esc(row.get('right'))}</td></tr>"
        )
    lines.append("</tbody></table>")
    if len(table) > max_rows:
        lines.append(f"<p>{len(table) - max_rows} more rows not shown.</p>")
    return "\n".join(lines)


# --------------------------------------------------------------------------- precision

JUDGEMENT_COLUMNS = ["phrase_id", "doc_id", "matched", "context", "correct"]
PRECISION_COLUMNS = ["phrase_id", "n_judged", "n_correct", "precision", "precision_low",
                     "n_dropped"]
_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n"}


def _context(text: str, start: int, end: int, window: int) -> str:
    """`window` words either side of ``text[start:end]``, whitespace collapsed (kwic's left+match+right)."""
    left = text[:start].split()[-window:] if window else []
    return " ".join([*left, *text[start:end].split(), *text[end:].split()[:window]])


def match_sample(
    corpus: Corpus,
    phrase_ids: str | Sequence[str] = (),
    *,
    n: int = 10,
    seed: int = 0,
    window: int = 12,
    lexicon: LexiconLike = None,
    skip: pd.DataFrame | None = None,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """A reproducible sample of each phrase's matches, spread across documents, to judge by hand.

    For each phrase the matches (as :func:`track_phrases` counts them) are shuffled with a
    generator seeded by `seed` and the phrase id, then taken one per document in turn: a
    second match from a document comes only after every document has given one.

    Parameters
    ----------
    corpus : Corpus
    phrase_ids : str or list of str, optional
        The phrases to sample (default: every phrase of the lexicon).
    n : int, default=10
        Matches per phrase (fewer where a phrase has fewer).
    seed : int, default=0
    window : int, default=12
        Words of context either side, as in :func:`kwic`.
    lexicon : optional
        As in :func:`track_phrases`.
    skip : DataFrame, optional
        Matches judged before (``phrase_id, context``): they are not drawn again, so a
        second round gives a fresh sample.
    translation, voice
        As in :func:`track_phrases`.

    Returns
    -------
    DataFrame
        ``phrase_id, doc_id, seg_id, start, end, matched, context``; `context` is kwic's
        ``left + match + right`` with single spaces. Add a ``correct`` column (1/0) after
        reading each row, and :func:`lexicon_precision` measures the lexicon.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "A win-win deal.", "b": "Win-win and win-win."})
    >>> match_sample(c, "win-win", n=2, seed=1)["doc_id"].tolist()
    ['b', 'a']
    """
    check_count("n", n, minimum=1)
    check_count("window", window, minimum=0)
    lex = load_lexicon(lexicon)
    ids = list(select_phrases(lex, as_list(phrase_ids))["phrase_id"])
    hits = track_phrases(corpus, lex, translation=translation, voice=voice)
    hits = hits[hits["phrase_id"].isin(ids)]
    texts = corpus.segments.set_index(["doc_id", "seg_id"])["text"]
    hits = hits.assign(context=[
        _context(texts.loc[(d, s)], start, end, window)
        for d, s, start, end in hits[["doc_id", "seg_id", "start", "end"]].itertuples(index=False)
    ])
    if skip is not None:
        require_columns(skip, ["phrase_id", "context"], name="skip")
        seen = pd.MultiIndex.from_frame(skip[["phrase_id", "context"]])
        hits = hits[~pd.MultiIndex.from_frame(hits[["phrase_id", "context"]]).isin(seen)]
    frames = []
    for pid in ids:
        rows = hits[hits["phrase_id"] == pid]
        rng = np.random.default_rng([seed, zlib.crc32(pid.encode())])
        rows = rows.iloc[rng.choice(len(rows), size=len(rows), replace=False)]
        rank = rows.groupby("doc_id", sort=False).cumcount()
        first_seen = {doc: i for i, doc in enumerate(dict.fromkeys(rows["doc_id"]))}
        order = pd.DataFrame({"rank": rank.to_numpy(),
                              "doc": rows["doc_id"].map(first_seen).to_numpy()})
        frames.append(rows.iloc[order.sort_values(["rank", "doc"], kind="stable").index[:n]])
    columns = ["phrase_id", "doc_id", "seg_id", "start", "end", "matched", "context"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames)[columns].reset_index(drop=True)


def _truth(values: pd.Series) -> pd.Series:
    """A judgement column (1/0, true/false, yes/no) as booleans."""
    text = values.astype(str).str.strip().str.lower()
    bad = sorted(set(text[~text.isin(_TRUE | _FALSE)]))
    if bad:
        raise ArgumentValueError(f"judgements: 'correct' must be 1/0 or true/false, not {bad}")
    return text.isin(_TRUE)


def judged_hits(
    judgements: pd.DataFrame,
    corpus: Corpus,
    *,
    lexicon: LexiconLike = None,
    window: int = 12,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Find judged matches again in `corpus` and say whether the lexicon still counts them.

    Each judged row is located by its `matched` text and `context` (the exact context, or
    failing that the three words either side of the match, so small changes in how a page
    is split into segments do not lose it). It is `found` when the current lexicon has a
    match of the same phrase overlapping that place: a judged match that is now part of a
    longer match of its phrase is still found; one dropped by an ``exclude``, a narrower
    pattern or a longer formula of another id is not.

    Parameters
    ----------
    judgements : DataFrame
        ``phrase_id, doc_id, matched, context, correct`` (see :func:`match_sample`);
        `correct` is 1/0 or true/false.
    corpus : Corpus
        Holding the judged documents.
    lexicon, window, translation, voice
        As in :func:`match_sample`; use the ones the sample was drawn with.

    Returns
    -------
    DataFrame
        The judgements with `correct` as bool and two more columns: `located` (the match
        was found in the corpus text) and `found` (the lexicon still counts it there).

    Raises
    ------
    KeyError
        When a column is missing.
    ValueError
        When `correct` holds something other than 1/0 or true/false.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Stop military ties with Taiwan. China-US military ties are stable."})
    >>> j = pd.DataFrame({"phrase_id": ["mil-to-mil"] * 2, "doc_id": ["d"] * 2,
    ...                   "matched": ["military ties"] * 2, "correct": [0, 1],
    ...                   "context": ["Stop military ties with Taiwan. China-US military ties are",
    ...                               "ties with Taiwan. China-US military ties are stable."]})
    >>> judged_hits(j, c, window=4)[["correct", "located", "found"]].values.tolist()
    [[False, True, False], [True, True, True]]
    """
    require_columns(judgements, JUDGEMENT_COLUMNS, name="judgements")
    check_count("window", window, minimum=0)
    out = judgements.copy()
    out["correct"] = _truth(out["correct"])
    lex = load_lexicon(lexicon)
    docs = corpus.filter(doc_ids=set(out["doc_id"]))
    hits = track_phrases(docs, lex, translation=translation, voice=voice)
    spans: dict[tuple[str, int, str], list[tuple[int, int]]] = {}
    for d, s, pid, start, end in hits[["doc_id", "seg_id", "phrase_id", "start", "end"]].itertuples(
        index=False
    ):
        spans.setdefault((d, s, pid), []).append((start, end))
    segs = docs.countable_segments(translation=translation, voice=voice)
    by_doc = {d: list(zip(g["seg_id"], g["text"], strict=True)) for d, g in segs.groupby("doc_id")}
    located, found = [], []
    for pid, doc_id, matched, context in out[["phrase_id", "doc_id", "matched", "context"]].itertuples(
        index=False
    ):
        place = _locate(by_doc.get(doc_id, []), str(matched), " ".join(str(context).split()), window)
        located.append(place is not None)
        found.append(place is not None and any(
            start < place[2] and place[1] < end for start, end in spans.get((doc_id, place[0], pid), [])
        ))
    out["located"] = located
    out["found"] = found
    return out


def _locate(segments: list[tuple[int, str]], matched: str, context: str,
            window: int) -> tuple[int, int, int] | None:
    """``(seg_id, start, end)`` of `matched` where its context is `context` (else its 3-word core)."""
    near = None
    for seg_id, text in segments:
        start = text.find(matched)
        while start >= 0:
            end = start + len(matched)
            if _context(text, start, end, window) == context:
                return seg_id, start, end
            if near is None and f" {_context(text, start, end, 3)} " in f" {context} ":
                near = (seg_id, start, end)
            start = text.find(matched, start + 1)
    return near


def lexicon_precision(judged: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Precision per phrase over the judged matches the lexicon still counts.

    Parameters
    ----------
    judged : DataFrame
        The output of :func:`judged_hits` (``phrase_id, correct, found``).
    confidence : float, default=0.95
        Level of the exact (Clopper-Pearson) interval whose lower end is `precision_low`:
        10 correct of 10 judged is a precision of 1.0 but only says it is above 0.69.

    Returns
    -------
    DataFrame
        ``phrase_id, n_judged, n_correct, precision, precision_low, n_dropped``:
        `n_judged` judged matches still found, `n_correct` of them judged correct,
        `precision` their share and `precision_low` its lower confidence bound (NaN when
        none is left), `n_dropped` judged matches the lexicon no longer counts. Sorted by
        phrase_id.

    Raises
    ------
    ValueError
        When `confidence` is not between 0 and 1.

    Examples
    --------
    >>> j = pd.DataFrame({"phrase_id": ["a", "a", "a"], "correct": [True, False, True],
    ...                   "found": [True, False, True]})
    >>> print(lexicon_precision(j).round(3).to_string(index=False))
    phrase_id  n_judged  n_correct  precision  precision_low  n_dropped
            a         2          2        1.0          0.158          1
    """
    from scipy import stats  # imported here: scipy.stats is slow to import

    require_columns(judged, ["phrase_id", "correct", "found"], name="judged")
    if not (isinstance(confidence, float | int) and 0 < confidence < 1):
        raise ArgumentValueError(f"confidence={confidence!r}: give a number between 0 and 1")
    frame = judged.assign(correct=_truth(judged["correct"]), found=judged["found"].astype(bool))
    frame = frame.assign(hit_correct=frame["correct"] & frame["found"], dropped=~frame["found"])
    table = frame.groupby("phrase_id", sort=True).agg(
        n_judged=("found", "sum"), n_correct=("hit_correct", "sum"), n_dropped=("dropped", "sum"))
    table = table.astype("int64").reset_index()
    judged_n = table["n_judged"].where(table["n_judged"] > 0)
    table["precision"] = table["n_correct"] / judged_n
    # exact binomial lower bound: the alpha/2 quantile of Beta(k, n - k + 1); 0 when k == 0
    alpha = (1 - confidence) / 2
    low = stats.beta.ppf(alpha, table["n_correct"], judged_n - table["n_correct"] + 1)
    table["precision_low"] = np.where(table["n_correct"] == 0, 0.0, low)
    table.loc[judged_n.isna(), "precision_low"] = np.nan
    return table[PRECISION_COLUMNS]
