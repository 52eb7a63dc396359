"""Comparisons across counterparts: keyness, stance profiles, similarity.

The keyness statistics themselves are in :mod:`milrel_analysis.keyness` (:func:`keyness`
is also importable from here); this module counts the sides of a comparison from a corpus.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._stats import MIN_DOCS
from ._types import UNITS, Adjust, Measure, NGram, Stopwords, Translation, Unit, Voice
from ._validation import check_count, check_option
from .corpus.groups import group_segments
from .corpus.matches import segment_matches
from .corpus.model import Corpus
from .errors import ArgumentTypeError, ArgumentValueError
from .frequency import tf_idf
from .keyness import KEYNESS_COLUMNS, as_counts, keyness
from .lexicons import Gazetteer, LexiconLike, load_gazetteer, load_lexicon
from .tokens import CountOptions, count_options, count_units, tokenize_text

__all__ = ["keyness", "compare_counterparts", "compare_sides", "count_sides", "Sides",
           "name_terms", "names_in", "stance_profile", "similarity", "KEYNESS_COLUMNS", "MIN_DOCS"]

TOO_FEW = "too few documents to compare"


def _ids(value: str | int | Iterable[str | int]) -> list[str]:
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value]


def _side_counts(
    corpus: Corpus, frame: pd.DataFrame, unit: str, opts: CountOptions,
    lexicon: pd.DataFrame | None,
) -> tuple[pd.Series, int, int]:
    """Term (or phrase) counts, word tokens and documents of a set of segments (each once)."""
    segs = frame.drop_duplicates(["doc_id", "seg_id"])
    n_tokens = int(segs["n_tokens"].sum())
    n_docs = segs["doc_id"].nunique()
    if unit == "term":  # the side is one unit, its segments in reading order
        found = count_units(corpus, segs["row"].to_numpy(), np.zeros(len(segs), dtype=np.int64),
                            opts, n_units=1)
        row = found.matrix.tocsr()
        return (pd.Series(row.data.astype("float64"), index=pd.Index(found.vocab[row.indices]),
                          dtype="float64"), n_tokens, n_docs)
    assert lexicon is not None  # a phrase comparison always loads one
    hits = segment_matches(corpus, segs["row"].to_numpy(), lexicon)
    counts = Counter(key.phrase_id for found in hits for *_, key in found)
    return pd.Series(counts, dtype="float64"), n_tokens, n_docs


def name_terms(ids: str | Iterable[str], *, gazetteer: Gazetteer | None = None) -> frozenset[str]:
    """The terms that name counterparts `ids`: each gazetteer alias as the tokenizer writes it.

    Every alias of the ids (names, adjectives, capitals, leaders, institutions: all are
    aliases in the gazetteer) is tokenized with
    :func:`milrel_analysis.tokenize_text` (lower-case) and its tokens joined by a space, so
    the set follows the tokenizer: a one-token alias is a word ("russia", "putin",
    "sino-u.s."), and multi-word aliases are one compound token ("united_states").

    Examples
    --------
    >>> sorted(t for t in name_terms("USA") if t.startswith(("united", "u.s", "pomp")))
    ['pompeo', 'u.s.', 'united_states', 'united_states_of_america']
    """
    wanted = {ids} if isinstance(ids, str) else set(ids)
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    forms = (" ".join(tokenize_text(alias)) for alias, eid in gaz.aliases.items() if eid in wanted)
    return frozenset(f for f in forms if f)


def names_in(terms: Iterable[str], names: frozenset[str]) -> list[str]:
    """The terms that are or contain a name of `names`, in their order.

    A term is dropped when it is a name, when one of its words is a name, when one of its
    words is a hyphenated compound with a name part ("china-us", "us-china"), or when it
    contains a multi-word name ("the united states").

    Examples
    --------
    >>> names_in(["russia", "china-russia", "russian side", "side", "vladimir putin said"],
    ...          name_terms("RUS"))
    ['russia', 'china-russia', 'russian side', 'vladimir putin said']
    """
    single = {n for n in names if " " not in n}
    multi = [f" {n} " for n in names if " " in n]
    found = []
    for term in terms:
        words = term.split(" ")
        if any(w in single or ("-" in w and any(part in single for part in w.split("-")))
               for w in words) or any(m in f" {term} " for m in multi):
            found.append(term)
    return found


def compare_counterparts(
    corpus: Corpus,
    target: str | Sequence[str],
    reference: str | Sequence[str] | pd.Series | Mapping[str, int] = "rest",
    *,
    unit: Unit = "term",
    measure: Measure = "g2",
    by: str = "counterpart",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    lexicon: LexiconLike = None,
    min_count: int = 2,
    exclude_names: bool = True,
    adjust: Adjust | None = "bh",
    alpha: float = 0.05,
    translation: Translation = "official",
    voice: Voice = "official",
    compounds: bool = True,
    **keyness_options: Any,
) -> pd.DataFrame:
    """Keyness of the language used about one counterpart against another, or the rest.

    Segments count for a counterpart because they name it, so its own names are over-used
    by construction ("russia", "putin" for Russia): with `exclude_names` they are left out
    before testing (see :func:`name_terms` and :func:`names_in`). The p values are adjusted
    over the terms tested (:func:`keyness`'s `adjust`, `alpha`).

    Parameters
    ----------
    corpus : Corpus
    target : str or list of str
        A group of `by` (a counterpart id such as ``"USA"``) or several, pooled.
    reference : str, list of str, Series or mapping, default="rest"
        ``"rest"``: every countable segment not attributed to the target; a group id or
        list (``"RUS"``); or an external term -> count frequency list, whose corpus size
        ``reference_total=`` gives (default: the sum of its counts).
    unit : {"term", "phrase"}, default="term"
        Compare words/n-grams or the lexicon's phrases.
    measure : {"g2", "chi2", "log_ratio", "log_odds"}, default="g2"
        See :func:`keyness`.
    by : str, default="counterpart"
        The grouping: ``counterpart`` (segment-level attribution; a segment naming none
        counts for its document's primary counterpart) or any document column, such as a
        ``country`` taken from file names.
    min_count : int, default=2
        Keep terms used at least this often on the two sides together.
    exclude_names : bool, default=True
        With ``by="counterpart"`` and ``unit="term"``: leave out the terms naming the target
        and the reference counterparts (their gazetteer aliases as tokens, and compounds
        such as ``china-us``); against ``"rest"`` or an external list only the target's.
        China's own names are kept. Other groupings (documents chosen by who speaks, not
        by whom they name) exclude nothing.
    adjust : {"bh", "bonferroni", None}, default="bh"
    alpha : float, default=0.05
        Multiple-testing adjustment and level of the `significant` column; see
        :func:`keyness`.
    **keyness_options
        Passed to :func:`keyness` (``correction``, ``variance``, ``alpha0``, ...).

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    compounds : bool, default=True
        Count multi-word names and formulae as one term (see
        :func:`milrel_analysis.tokenize_text`). Terms are counted from the corpus's tokens
        (``Corpus.tokens``); ``compounds=False`` tokenizes the text again.

    Returns
    -------
    DataFrame
        The :func:`keyness` columns (with ``p_adjusted`` and ``significant``) and
        ``too_few_docs`` (True when a side has fewer than 5 documents: read the differences
        as descriptive). ``attrs`` holds ``target``, ``reference``, ``target_docs``,
        ``reference_docs``, ``adjust``, ``alpha``, ``excluded_terms`` (the sorted names left
        out) and, for a small side, a ``caveat`` in words.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win talks.", "b": "Russia seeks no end."})
    >>> t = compare_counterparts(c, "USA", "RUS", min_count=1)
    >>> t.iloc[0]["term"], "u.s." in set(t["term"]), "u.s." in t.attrs["excluded_terms"]
    ('side', False, True)
    """
    check_option("unit", unit, UNITS)
    sides = count_sides(corpus, target, reference, unit=unit, by=by, ngram=ngram,
                        stopwords=stopwords, lexicon=lexicon, translation=translation,
                        voice=voice, compounds=compounds)
    return compare_sides(sides, reference, measure=measure, lexicon=lexicon, min_count=min_count,
                         exclude_names=exclude_names, adjust=adjust, alpha=alpha,
                         **keyness_options)


@dataclass(frozen=True)
class Sides:
    """The two sides of a comparison, counted: what :func:`compare_sides` tests.

    A sum of two (``a + b``) is the sides of the two corpora together: counts, tokens and
    documents add up (a document lies in one of them), so the sides of a corpus counted in
    partitions and added equal those of the whole.
    """

    targets: tuple[str, ...]
    references: tuple[str, ...]  # the reference's group ids (none for "rest" or a list)
    unit: str
    by: str
    groups: frozenset[str]  # the groups of `by` present
    target_counts: pd.Series
    target_tokens: int
    target_docs: int
    reference_counts: pd.Series | None  # None: the reference is an external list
    reference_tokens: int
    reference_docs: int

    def __add__(self, other: Sides) -> Sides:
        def add(a: pd.Series | None, b: pd.Series | None) -> pd.Series | None:
            return None if a is None or b is None else a.add(b, fill_value=0)

        return dataclasses.replace(
            self, groups=self.groups | other.groups,
            target_counts=self.target_counts.add(other.target_counts, fill_value=0),
            target_tokens=self.target_tokens + other.target_tokens,
            target_docs=self.target_docs + other.target_docs,
            reference_counts=add(self.reference_counts, other.reference_counts),
            reference_tokens=self.reference_tokens + other.reference_tokens,
            reference_docs=self.reference_docs + other.reference_docs)

    def check(self) -> None:
        """Raise when a target or reference group is not in the corpus."""
        for role, ids in (("target", self.targets), ("reference", self.references)):
            missing = [t for t in ids if t not in self.groups]
            if missing:
                raise ArgumentValueError(f"{role} {missing} not found in {self.by!r}; groups "
                                         f"present: {sorted(self.groups)[:30]}")


def count_sides(
    corpus: Corpus,
    target: str | Sequence[str],
    reference: str | Sequence[str] | pd.Series | Mapping[str, int] = "rest",
    *,
    unit: Unit = "term",
    by: str = "counterpart",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    lexicon: LexiconLike = None,
    translation: Translation = "official",
    voice: Voice = "official",
    compounds: bool = True,
    strict: bool = True,
) -> Sides:
    """Count the two sides of :func:`compare_counterparts` (options as there).

    With `strict`, a target or reference group that the corpus lacks is an error; without,
    it counts nothing (a partition of a corpus may lack a group the whole has). An external
    reference list is left to :func:`compare_sides`.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win talks.", "b": "Russia seeks no end."})
    >>> sides = count_sides(c, "USA", "RUS")
    >>> sides.target_tokens, sides.reference_tokens, int(sides.target_counts["win-win"])
    (6, 4, 1)
    """
    check_option("unit", unit, UNITS)
    frame = group_segments(corpus, by, translation=translation, voice=voice, row=True, text=False)
    targets = _ids(target)
    external = isinstance(reference, (pd.Series, Mapping))
    refs = [] if external or (isinstance(reference, str) and reference == "rest") else _ids(reference)
    sides = Sides(tuple(targets), tuple(refs), unit, by, frozenset(frame[by].dropna().astype(str)),
                  pd.Series(dtype="float64"), 0, 0, None if external else pd.Series(dtype="float64"),
                  0, 0)
    if strict:
        sides.check()
    opts = count_options(ngram=ngram, stopwords=stopwords, compounds=compounds)
    lex = load_lexicon(lexicon) if unit == "phrase" else None
    key = frame[by].astype(object).where(frame[by].notna(), None).map(
        lambda v: None if v is None else str(v))
    in_target = key.isin(targets)
    tgt_counts, tgt_tokens, tgt_docs = _side_counts(corpus, frame[in_target], unit, opts, lex)
    sides = dataclasses.replace(sides, target_counts=tgt_counts, target_tokens=tgt_tokens,
                                target_docs=tgt_docs)
    if external:
        return sides
    if not refs:  # "rest": every segment the target's groups do not hold
        target_segs = frame.loc[in_target, ["doc_id", "seg_id"]].drop_duplicates()
        everything = frame.drop_duplicates(["doc_id", "seg_id"])
        marker = everything.merge(target_segs, on=["doc_id", "seg_id"], how="left",
                                  indicator=True)["_merge"].eq("left_only").to_numpy()
        ref_frame = everything[marker]
    else:
        ref_frame = frame[key.isin(refs)]
    ref_counts, ref_tokens, ref_docs = _side_counts(corpus, ref_frame, unit, opts, lex)
    return dataclasses.replace(sides, reference_counts=ref_counts, reference_tokens=ref_tokens,
                               reference_docs=ref_docs)


def compare_sides(
    sides: Sides,
    reference: str | Sequence[str] | pd.Series | Mapping[str, int] = "rest",
    *,
    measure: Measure = "g2",
    lexicon: LexiconLike = None,
    min_count: int = 2,
    exclude_names: bool = True,
    adjust: Adjust | None = "bh",
    alpha: float = 0.05,
    **keyness_options: Any,
) -> pd.DataFrame:
    """The keyness table of counted :class:`Sides` (:func:`compare_counterparts`'s second step).

    `reference` is the one the sides were counted with (an external list is used here).

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win talks.", "b": "Russia seeks no end."})
    >>> compare_sides(count_sides(c, "USA", "RUS"), "RUS", min_count=1).iloc[0]["term"]
    'side'
    """
    sides.check()
    targets, refs = list(sides.targets), list(sides.references)
    tgt_counts, tgt_tokens, tgt_docs = sides.target_counts, sides.target_tokens, sides.target_docs
    if sides.reference_counts is None:
        if not isinstance(reference, (pd.Series, Mapping)):
            raise ArgumentTypeError("these sides were counted against an external reference "
                                    "list: give that list as reference=")
        ref_counts = as_counts(reference, "reference")
        # Give the reference corpus's size where the list lacks some words (stopwords).
        ref_tokens: float = float(keyness_options.pop("reference_total", None) or ref_counts.sum())
        ref_docs: int | None = None
        ref_label = "external list"
    else:
        ref_counts, ref_tokens = sides.reference_counts, sides.reference_tokens
        ref_docs, ref_label = sides.reference_docs, "+".join(refs) if refs else "rest"
    if tgt_tokens == 0 or ref_tokens == 0:
        raise ArgumentValueError(
            f"nothing to compare: target has {tgt_tokens} tokens, reference {ref_tokens}")
    unit = sides.unit
    excluded: list[str] = []
    if exclude_names and unit == "term" and sides.by == "counterpart":
        names = name_terms([*targets, *refs])
        excluded = sorted(set(names_in(tgt_counts.index.union(ref_counts.index), names)))
        tgt_counts = tgt_counts.drop(excluded, errors="ignore")
        ref_counts = ref_counts.drop(excluded, errors="ignore")
    table = keyness(tgt_counts, ref_counts, measure=measure, target_total=tgt_tokens,
                    reference_total=ref_tokens, min_count=min_count, adjust=adjust, alpha=alpha,
                    **keyness_options)
    if unit == "phrase":
        lex = load_lexicon(lexicon)
        table = table.merge(lex[["phrase_id", "label", "category"]], left_on="term",
                            right_on="phrase_id", how="left").drop(columns="phrase_id")
    table.attrs.update({"target": "+".join(targets), "reference": ref_label,
                        "target_docs": tgt_docs, "reference_docs": ref_docs, "measure": measure,
                        "unit": unit, "adjust": adjust, "alpha": alpha,
                        "excluded_terms": excluded})
    too_few = tgt_docs < MIN_DOCS or (ref_docs is not None and ref_docs < MIN_DOCS)
    table["too_few_docs"] = too_few
    if too_few:
        table.attrs["caveat"] = (f"{TOO_FEW}: target has {tgt_docs} document(s), reference "
                                 f"{ref_docs if ref_docs is not None else 'an external list'}; "
                                 "treat differences as descriptive, not as evidence")
    return table


def stance_profile(
    corpus: Corpus,
    *,
    by: str = "counterpart",
    lexicon: LexiconLike = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    min_docs: int = MIN_DOCS,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Rate per 10k tokens of each lexicon category per group, with bootstrap intervals.

    Documents are resampled with replacement within each group (`n_boot` times, a fixed
    `seed`), and the interval is the percentile interval of the pooled rate. A group with
    fewer than `min_docs` documents is flagged ``too few documents to compare``.

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    Returns
    -------
    DataFrame
        ``[by, category, count, n_tokens, n_docs, rate_per_10k, ci_low, ci_high,
        too_few_docs, flag]``: `too_few_docs` is True for a group with fewer than
        `min_docs` documents, and `flag` then says so in words.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "The US side seeks win-win results.", "b": "Win-win with Russia."})
    >>> p = stance_profile(c, n_boot=50)
    >>> p[(p.counterpart == "USA") & (p.category == "cooperation")]["flag"].item()
    'too few documents to compare'
    """
    if not 0 < ci < 1:
        raise ArgumentValueError(f"ci={ci!r}: give a level between 0 and 1, such as 0.95")
    check_count("n_boot", n_boot, minimum=1)
    lex = load_lexicon(lexicon)
    frame = group_segments(corpus, [by], translation=translation, voice=voice, row=True, text=False)
    tokens = frame.drop_duplicates([by, "doc_id", "seg_id"]).groupby(
        [by, "doc_id"], dropna=False)["n_tokens"].sum()
    categories, per_doc = _category_counts(corpus, frame, by, lex)
    rng = np.random.default_rng(seed)
    rows = []
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    all_tokens = tokens.to_numpy(dtype=float)
    pairs = pd.Series(np.arange(len(tokens))).groupby(
        tokens.index.get_level_values(0), dropna=False, sort=True)
    for group, positions in pairs.groups.items():
        idx = np.asarray(positions, dtype=np.int64)
        mat, tok = per_doc[idx], all_tokens[idx]
        n_docs = len(tok)
        draws = rng.integers(0, n_docs, size=(n_boot, n_docs))
        # How often each replicate draws each document: sums of whole numbers, so the
        # products below equal summing the drawn rows, without an n_boot x n_docs x
        # n_categories array.
        times = np.bincount((draws + n_docs * np.arange(n_boot)[:, None]).ravel(),
                            minlength=n_boot * n_docs).reshape(n_boot, n_docs).astype(float)
        boot = (times @ mat) * 1e4 / np.maximum(times @ tok, 1)[:, None]
        low, high = np.quantile(boot, [lo_q, hi_q], axis=0)
        for j, cat in enumerate(categories):
            total = mat[:, j].sum()
            rows.append({
                by: group, "category": cat, "count": int(total), "n_tokens": int(tok.sum()),
                "n_docs": n_docs,
                "rate_per_10k": total * 1e4 / max(tok.sum(), 1),
                "ci_low": float(low[j]),
                "ci_high": float(high[j]),
                "too_few_docs": n_docs < min_docs,
                "flag": TOO_FEW if n_docs < min_docs else "",
            })
    out = pd.DataFrame(rows, columns=[by, "category", "count", "n_tokens", "n_docs",
                                      "rate_per_10k", "ci_low", "ci_high", "too_few_docs", "flag"])
    return out.sort_values([by, "category"], ignore_index=True, na_position="last")


def _category_counts(corpus: Corpus, frame: pd.DataFrame, by: str, lexicon: pd.DataFrame
                     ) -> tuple[list[Any], np.ndarray]:
    """Matches of each lexicon category per (group, document) of a :func:`group_segments` frame.

    Rows follow the sorted (group, document) pairs; each distinct segment is matched once
    and counts for every group it appears in (as in :func:`~milrel_analysis.phrase_counts`).
    """
    from scipy import sparse

    categories = sorted(pd.unique(lexicon["category"]).tolist())
    category_of = dict(zip(lexicon["phrase_id"], lexicon["category"].map(
        {c: i for i, c in enumerate(categories)}), strict=True))
    doc_ids, seg_ids = frame["doc_id"].to_numpy(), frame["seg_id"].to_numpy()
    first = np.ones(len(frame), dtype=bool)
    first[1:] = (doc_ids[1:] != doc_ids[:-1]) | (seg_ids[1:] != seg_ids[:-1])  # frame is sorted
    seg_of_row = np.cumsum(first) - 1
    found = segment_matches(corpus, frame["row"].to_numpy()[first], lexicon, n_jobs=1)
    hit_seg = np.repeat(np.arange(len(found)), [len(h) for h in found])
    hit_cat = np.fromiter((category_of[key.phrase_id] for hits in found for *_, key in hits),
                          dtype=np.int64, count=len(hit_seg))
    hits = sparse.csr_matrix((np.ones(len(hit_seg), dtype=np.int64), (hit_seg, hit_cat)),
                             shape=(len(found), len(categories)))
    pair = frame.groupby([by, "doc_id"], dropna=False, sort=True).ngroup().to_numpy()
    to_pairs = sparse.csr_matrix((np.ones(len(frame), dtype=np.int64), (pair, seg_of_row)),
                                 shape=(int(pair.max(initial=-1)) + 1, len(found)))
    return categories, (to_pairs @ hits).toarray().astype(float)


def similarity(
    corpus: Corpus,
    *,
    by: str = "counterpart",
    ngram: NGram = 1,
    stopwords: Stopwords = True,
    translation: Translation = "official",
    voice: Voice = "official",
) -> pd.DataFrame:
    """Cosine similarity of groups (counterparts, documents, years) on tf-idf vectors.

    translation, voice
        As in :func:`~milrel_analysis.frequency.term_frequency`: which variant of a passage
        given twice, and whose words (default China's, without journalists' questions).

    Returns
    -------
    DataFrame
        ``[{by}_a, {by}_b, cosine]``: every ordered pair, the diagonal (1.0) included.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Win-win talks.", "b": "Win-win talks.", "c": "Core interests."})
    >>> s = similarity(c, by="doc_id")
    >>> round(s[(s.doc_id_a == "a") & (s.doc_id_b == "b")]["cosine"].item(), 6)
    1.0
    """
    from scipy import sparse

    table = tf_idf(corpus, by=by, ngram=ngram, stopwords=stopwords, translation=translation,
                   voice=voice)
    labels = table[by].astype(object).where(table[by].notna(), None)
    rows, groups = pd.factorize(labels, use_na_sentinel=False)
    cols, terms = pd.factorize(table["term"])
    mat = sparse.csr_matrix((table["tf_idf"].to_numpy(), (rows, cols)),
                            shape=(len(groups), len(terms)))
    norms = np.sqrt(mat.multiply(mat).sum(axis=1)).A1
    norms[norms == 0] = 1
    unit = sparse.diags(1 / norms) @ mat
    sims = (unit @ unit.T).toarray()
    a, b = np.meshgrid(np.arange(len(groups)), np.arange(len(groups)), indexing="ij")
    out = pd.DataFrame({f"{by}_a": groups[a.ravel()], f"{by}_b": groups[b.ravel()],
                        "cosine": sims.ravel()})
    return out.sort_values([f"{by}_a", "cosine", f"{by}_b"], ascending=[True, False, True],
                           ignore_index=True)
