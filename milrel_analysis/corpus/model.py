"""The :class:`Corpus`: tidy pandas tables joined by ``doc_id`` (and ``seg_id``).

This module also holds the one definition of which segments are counted
(:func:`counted_mask`), used by the loader (documents' ``n_tokens``, main counterparts) and
by every counting function (through :meth:`Corpus.countable_segments`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .._types import TRANSLATIONS, VOICES, Translation, Voice
from .._validation import check_option
from ..lexicons import default_compounds
from .vocab import TokenTable, table_from_texts

__all__ = [
    "ATTRIBUTIONS",
    "COUNTED_KINDS",
    "COUNTERPART_COLUMNS",
    "EXCHANGE_COLUMNS",
    "MENTION_COLUMNS",
    "PRESS_KINDS",
    "Corpus",
    "DOCUMENT_COLUMNS",
    "REJECTED_COLUMNS",
    "SEGMENT_COLUMNS",
    "SPEAKER_COLUMNS",
    "counted_mask",
    "is_counted",
]

DOCUMENT_COLUMNS = [
    "doc_id", "source", "sha256", "title", "date", "date_source", "spokesperson", "format",
    "primary_counterpart", "n_tokens", "translations", "text", "warnings",
]
SEGMENT_COLUMNS = ["doc_id", "seg_id", "kind", "speaker", "translation", "text", "n_tokens",
                   "exchange_id", "language"]
COUNTERPART_COLUMNS = ["doc_id", "seg_id", "counterpart", "mentions", "how"]
MENTION_COLUMNS = ["doc_id", "seg_id", "counterpart", "start", "end", "matched", "role", "match"]
EXCHANGE_COLUMNS = ["doc_id", "exchange_id", "asker", "answerer", "question", "answer"]
# How a segment came to count for a counterpart: it names it; it answers a question that
# names it; it names none and its document is mainly about it; a sidecar said so.
ATTRIBUTIONS = ("named", "from_question", "from_document", "metadata")
SPEAKER_COLUMNS = ["doc_id", "speaker", "is_spokesperson", "n_turns"]
REJECTED_COLUMNS = ["source", "reason"]
# Body text and Q&A turns are counted; captions and headers are not.
COUNTED_KINDS = ("body", "question", "answer")
# Journalists' questions are the press's words; everything else counted is China's.
PRESS_KINDS = ("question",)


def counted_mask(
    segments: pd.DataFrame,
    *,
    translation: Translation = "official",
    kinds: Sequence[str] = COUNTED_KINDS,
    voice: Voice = "all",
) -> pd.Series:
    """Which rows of a segments table are counted: the kinds, one variant of each passage.

    Parameters
    ----------
    segments : DataFrame
        A ``Corpus.segments`` table (``kind``, ``translation``).
    translation : {"official", "machine", "all"}, default="official"
        Which variant to keep where a document gives the same passage twice; ``"all"``
        keeps both (and counts the passage twice).
    kinds : sequence of str, default=("body", "question", "answer")
        A passage marked ``duplicate`` (a verbatim repeat) and passages in another language
        than English are never counted.
    voice : {"all", "official", "press"}, default="all"
        ``"official"`` leaves out journalists' questions, ``"press"`` keeps only them.

    Returns
    -------
    Series of bool
    """
    check_option("translation", translation, TRANSLATIONS)
    check_option("voice", voice, VOICES)
    if voice == "official":
        kinds = [k for k in kinds if k not in PRESS_KINDS]
    elif voice == "press":
        kinds = [k for k in kinds if k in PRESS_KINDS]
    keep = segments["kind"].isin(list(kinds))
    variant = segments["translation"]
    keep &= variant.ne("duplicate") | variant.isna()  # a verbatim repeat counts once
    if translation != "all":
        keep &= variant.isna() | (variant == translation)
    if "language" in segments.columns:  # English counts: other languages are left out
        keep &= segments["language"].isna() | (segments["language"] == "en")
    return keep


def is_counted(kind: str, translation: str | None, language: str | None) -> bool:
    """:func:`counted_mask` with its defaults, for one segment (no DataFrame per document).

    Examples
    --------
    >>> is_counted("answer", None, "en"), is_counted("body", "machine", "en"), is_counted("body", None, "zh")
    (True, False, False)
    """
    return (kind in COUNTED_KINDS and translation in (None, "official")
            and language in (None, "en"))


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


@dataclass
class Corpus:
    """A parsed corpus: tidy pandas tables joined by ``doc_id`` (and ``seg_id``).

    Attributes
    ----------
    documents : DataFrame
        One row per document: ``doc_id, source, sha256, title, date, date_source,
        spokesperson, format, primary_counterpart, n_tokens, translations, text, warnings``
        and ``year``.
    segments : DataFrame
        One row per paragraph or turn: ``doc_id, seg_id, kind, speaker, translation, text,
        n_tokens``.
        ``translation`` is ``machine`` or ``official`` where a document gives a passage twice.
    counterparts : DataFrame
        ``doc_id, seg_id, counterpart, mentions, how``: what counts are attributed by, one row
        per counted segment and counterpart. `how` is ``named`` (the segment names it:
        `mentions` times, a body's organisation included, ADMM-Plus -> ASEAN),
        ``from_question`` (an answer naming none counts for its question's counterparts, or for
        those of the part it takes up: "On your second question, ..."),
        ``from_document`` (a segment naming none counts for the document's main
        counterpart) or ``metadata`` (a sidecar; `seg_id` is missing).
    speakers : DataFrame
        ``doc_id, speaker, is_spokesperson, n_turns``: Chinese officials whose words are reported.
    rejected : DataFrame
        ``source, reason`` for every input that did not become a document.
    skipped : DataFrame
        ``source, reason`` for files in a folder that are not of a supported type.
    mentions : DataFrame
        ``doc_id, seg_id, counterpart, start, end, matched, role, match``: every gazetteer hit,
        nothing thrown away; `role` is ``counterpart``, ``venue``, ``reference``, ``quoted``,
        ``descriptor``, ``navigation``, ``person`` or ``place``; `start`/`end` are offsets in
        the segment's text.
    exchanges : DataFrame
        ``doc_id, exchange_id, asker, answerer, question, answer``: one row per question and
        its answer (the counted text of each); `asker` is the outlet or reporter label, null
        when the question is unlabelled.
    tokens : TokenTable, optional
        Every segment's tokens counted once (:mod:`.vocab`), in the rows of `segments`:
        what the counting functions count from. :func:`load_corpus` builds it in the pass
        that finds the words; :meth:`token_table` builds it from the segments' text for a
        corpus made any other way (or whose segments have changed since).
    """

    documents: pd.DataFrame
    segments: pd.DataFrame
    counterparts: pd.DataFrame
    speakers: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: _empty(REJECTED_COLUMNS))
    skipped: pd.DataFrame = field(default_factory=lambda: _empty(REJECTED_COLUMNS))
    mentions: pd.DataFrame = field(default_factory=lambda: _empty(MENTION_COLUMNS))
    exchanges: pd.DataFrame = field(default_factory=lambda: _empty(EXCHANGE_COLUMNS))
    tokens: TokenTable | None = field(default=None, repr=False, compare=False)

    def token_table(self, *, n_jobs: int | None = None) -> TokenTable:
        """The segments' tokens as codes (:class:`~milrel_analysis.corpus.vocab.TokenTable`).

        The table :func:`load_corpus` built, while it still describes the segments' texts;
        otherwise one built now from them (and kept in :attr:`tokens`).

        Parameters
        ----------
        n_jobs : int, optional
            Worker processes for building a table (default: one, or every core from 8 MB).

        Examples
        --------
        >>> from milrel_analysis import corpus_from_texts
        >>> corpus_from_texts({"d": "Hong Kong talks."}).token_table().segment_tokens(0)
        ['hong_kong', 'talks']
        """
        column = self.segments["text"]
        if self.tokens is None or not self.tokens.describes_column(column):
            self.tokens = table_from_texts(column.tolist(), default_compounds(), n_jobs=n_jobs)
            self.tokens.describes_column(column)
        return self.tokens

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        dates = self.documents["date"].dropna()
        span = f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
        return (
            f"<Corpus: {len(self.documents)} documents, {len(self.segments)} segments{span}; "
            f"{len(self.rejected)} rejected, {len(self.skipped)} skipped>"
        )

    def countable_segments(
        self,
        *,
        translation: Translation = "official",
        kinds: Sequence[str] = COUNTED_KINDS,
        voice: Voice = "official",
    ) -> pd.DataFrame:
        """Segments that counts use: body text and Q&A turns, one translation of each passage.

        Parameters
        ----------
        translation : {"official", "machine", "all"}, default="official"
            Which variant to keep where a document gives the same passage twice; ``"all"``
            keeps both (and counts the passage twice).
        kinds : sequence of str, default=("body", "question", "answer")
            Segment kinds to keep; captions and headers are left out by default.
        voice : {"official", "press", "all"}, default="official"
            Whose words: China's (everything but journalists' questions), the questions
            only, or both.

        Examples
        --------
        >>> from milrel_analysis import corpus_from_texts
        >>> corpus_from_texts({"d": "Win-win."}).countable_segments()["kind"].tolist()
        ['body']
        """
        mask = counted_mask(self.segments, translation=translation, kinds=kinds, voice=voice)
        return self.segments[mask]

    def filter(
        self,
        *,
        doc_ids: Iterable[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Corpus:
        """Return a new corpus holding only some documents (by id or date range).

        Undated documents are dropped when a date bound is given.

        Examples
        --------
        >>> from milrel_analysis import corpus_from_texts
        >>> len(corpus_from_texts({"a": "One.", "b": "Two."}).filter(doc_ids=["a"]))
        1
        """
        docs = self.documents
        keep = pd.Series(True, index=docs.index)
        if doc_ids is not None:
            keep &= docs["doc_id"].isin(list(doc_ids))
        if date_from:
            keep &= docs["date"] >= pd.Timestamp(date_from)
        if date_to:
            keep &= docs["date"] <= pd.Timestamp(date_to)
        ids = set(docs.loc[keep, "doc_id"])
        in_docs = self.segments["doc_id"].isin(ids)
        tokens = self.tokens
        if tokens is not None:
            tokens = (tokens.take(np.flatnonzero(in_docs.to_numpy()))
                      if tokens.describes(self.segments["text"].tolist()) else None)
        return replace(
            self,
            tokens=tokens,
            documents=docs[keep].reset_index(drop=True),
            segments=self.segments[in_docs].reset_index(drop=True),
            counterparts=self.counterparts[self.counterparts["doc_id"].isin(ids)].reset_index(
                drop=True
            ),
            speakers=self.speakers[self.speakers["doc_id"].isin(ids)].reset_index(drop=True),
            mentions=self.mentions[self.mentions["doc_id"].isin(ids)].reset_index(drop=True),
            exchanges=self.exchanges[self.exchanges["doc_id"].isin(ids)].reset_index(drop=True),
        )
