"""Which segments count for which group: documents' columns, segments' columns, counterparts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._types import Translation, Voice
from .._validation import as_list
from ..errors import ColumnError
from .model import Corpus, counted_mask

__all__ = ["SEGMENT_GROUP_COLUMNS", "group_segments"]

# Segment columns a count can be grouped by (besides document columns and "counterpart").
SEGMENT_GROUP_COLUMNS = ("speaker", "kind", "translation")


def group_segments(corpus: Corpus, by: str | Sequence[str] = "doc_id", *,
                   translation: Translation = "official", inherit: bool = True,
                   voice: Voice = "official", row: bool = False, text: bool = True
                   ) -> pd.DataFrame:
    """Attach grouping columns to the countable segments.

    `by` may name document columns (``doc_id``, ``year``, ``spokesperson``, ...), segment
    columns (``speaker``, ``kind``) or ``counterpart``: a segment counts for the counterparts
    ``Corpus.counterparts`` attributes to it (those it names; for an answer naming none,
    those its question names), and for the counterparts a metadata sidecar gave its
    document. With `inherit`, a segment naming none counts for its document's
    ``primary_counterpart`` (the "core interests" paragraph of a readout of talks with the
    US counts for the US); otherwise, and in documents without a primary counterpart, it
    falls in the missing group.

    With `row`, a ``row`` column gives each segment's position in ``corpus.segments`` (its
    row of the corpus's token table). Without `text`, the ``text`` column is left out (for
    callers that count from the token table or read the texts by ``row``).

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, text, n_tokens`` (``text`` only with `text`, ``row`` only with
        `row`) and the `by` columns; a segment
        appears once per counterpart.

    Raises
    ------
    KeyError
        When a `by` column exists nowhere, listing the allowed names.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "The US side spoke.\\n\\nWin-win results."})
    >>> group_segments(c, "counterpart")[["seg_id", "counterpart"]].to_dict("records")
    [{'seg_id': 0, 'counterpart': 'USA'}, {'seg_id': 1, 'counterpart': 'USA'}]
    """
    by = as_list(by)
    mask = counted_mask(corpus.segments, translation=translation, voice=voice)
    docs = corpus.documents
    allowed = sorted({*docs.columns, *SEGMENT_GROUP_COLUMNS, "counterpart"} - {"text"})
    for col in by:
        if col not in allowed:
            raise ColumnError(f"by={col!r} is not a corpus column; have {allowed}")
    # The texts (most of the memory) are taken once at the end, not through every merge
    # and sort: a segment appears once per counterpart it counts for.
    frame = corpus.segments[["doc_id", "seg_id", "n_tokens",
                             *[c for c in by if c in SEGMENT_GROUP_COLUMNS]]][mask]
    frame = frame.assign(_row=np.flatnonzero(mask.to_numpy()))
    doc_cols = [c for c in by if c in docs.columns and c not in frame.columns]
    if doc_cols:
        frame = frame.merge(docs[["doc_id", *doc_cols]], on="doc_id", how="left")
    if "counterpart" in by:
        cps = corpus.counterparts
        attributed = "how" in cps.columns
        if attributed and not inherit:
            cps = cps[cps["how"] != "from_document"]
        seg_level = cps.dropna(subset=["seg_id"])[["doc_id", "seg_id", "counterpart"]]
        seg_level = seg_level.astype({"seg_id": "int64"})
        doc_level = cps[cps["seg_id"].isna()][["doc_id", "counterpart"]]
        from_segs = frame[~frame["doc_id"].isin(doc_level["doc_id"])].merge(
            seg_level, on=["doc_id", "seg_id"], how="left")
        if inherit and not attributed:  # a table built elsewhere: fall back to the main one
            primary = docs.set_index("doc_id")["primary_counterpart"]
            missing = from_segs["counterpart"].isna()
            from_segs.loc[missing, "counterpart"] = from_segs.loc[missing, "doc_id"].map(primary)
        from_docs = frame[frame["doc_id"].isin(doc_level["doc_id"])].merge(
            doc_level, on="doc_id", how="left")
        frame = pd.concat([from_segs, from_docs], ignore_index=True)
    frame = frame.sort_values(["doc_id", "seg_id"], kind="stable", ignore_index=True)
    if text:
        frame.insert(2, "text", corpus.segments["text"].take(frame["_row"].to_numpy())
                     .reset_index(drop=True))
    return frame.rename(columns={"_row": "row"}) if row else frame.drop(columns="_row")
