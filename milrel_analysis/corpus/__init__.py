"""Files to a :class:`Corpus` of tidy tables.

:mod:`.read` (files to records), :mod:`.structure` (segments, turns, translations, format),
:mod:`.attribution` (counterparts), :mod:`.document` (one record's parse),
:mod:`.repair` (corpus-wide word repair), :mod:`.dyads` (question/answer tables),
:mod:`.metadata` (sidecars and file names),
:mod:`.load` (:func:`load_corpus`), :mod:`.groups` (which segments count for which group)
and :mod:`.model` (the :class:`Corpus` and which segments are counted).
"""

from .dyads import load_dyads, read_dyads
from .groups import group_segments
from .load import corpus_from_texts, load_corpus
from .model import (
    COUNTED_KINDS,
    COUNTERPART_COLUMNS,
    DOCUMENT_COLUMNS,
    SEGMENT_COLUMNS,
    SPEAKER_COLUMNS,
    Corpus,
    counted_mask,
)
from .read import SUPPORTED_EXTENSIONS

__all__ = [
    "COUNTED_KINDS",
    "COUNTERPART_COLUMNS",
    "Corpus",
    "DOCUMENT_COLUMNS",
    "SEGMENT_COLUMNS",
    "SPEAKER_COLUMNS",
    "SUPPORTED_EXTENSIONS",
    "corpus_from_texts",
    "counted_mask",
    "group_segments",
    "load_corpus",
    "load_dyads",
    "read_dyads",
]
