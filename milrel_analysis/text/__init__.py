"""Pure text functions: ``str`` in, fields out. No pandas, no file I/O.

:mod:`~milrel_analysis.text.encoding` (bytes to text), :mod:`~milrel_analysis.text.markup`
(HTML), :mod:`~milrel_analysis.text.layout` (paragraphs, captions),
:mod:`~milrel_analysis.text.dates`, :mod:`~milrel_analysis.text.speakers` (turn labels and
names) and :mod:`~milrel_analysis.text.words` (tokens and sentences).
"""

from ..errors import InputError
from .dates import DateFinding, find_date, full_dates, infer_year, strip_dateline, strip_header_stamp
from .encoding import decode_bytes, normalize_text
from .layout import is_caption, split_paragraphs
from .markup import html_to_text
from .speakers import (
    attributed_speakers,
    chinese_names,
    looks_like_outlet,
    parse_turn_label,
    spokesperson_name,
    strip_titles,
)
from .words import count_words, find_words, sentence_tokens, split_sentences, tokenize_text

__all__ = [
    "DateFinding",
    "InputError",
    "attributed_speakers",
    "chinese_names",
    "count_words",
    "decode_bytes",
    "find_date",
    "find_words",
    "full_dates",
    "html_to_text",
    "infer_year",
    "is_caption",
    "looks_like_outlet",
    "normalize_text",
    "parse_turn_label",
    "sentence_tokens",
    "split_paragraphs",
    "split_sentences",
    "spokesperson_name",
    "strip_dateline",
    "strip_header_stamp",
    "strip_titles",
    "tokenize_text",
]
