"""One record to one parsed document: a pipeline of named stages.

:func:`parse_record` runs, in order: body and title (:func:`body_and_title`), segments and
dateline, turns and the spokesperson (:func:`find_spokesperson`), parallel translations,
speakers (:func:`find_speakers`), the date (:func:`choose_date`), the format, and the
per-segment counts (:func:`count_segments`). Each stage is a function of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .._resources import anniversaries, load_wordlist
from ..errors import InputError
from ..lexicons import Gazetteer, default_compounds, load_gazetteer
from ..text.dates import DateFinding, find_date, strip_header_stamp
from ..text.language import detect_language
from ..text.layout import clean_title, split_paragraphs
from ..text.markup import html_to_text, html_years
from ..text.speakers import attributed_speakers, chinese_names, spokesperson_name
from ..text.words import tokenize_edges_and_words
from .attribution import find_mentions, named_counterparts, part_counterparts, question_parts
from .read import Record
from .structure import Segment, document_format, label_turns, mark_translations, segment_paragraphs
from .vocab import DocumentTokens, encode_document

__all__ = [
    "ParsedDocument",
    "body_and_title",
    "choose_date",
    "count_segments",
    "find_speakers",
    "find_segment_mentions",
    "find_spokesperson",
    "parse_record",
]


@dataclass
class ParsedDocument:
    """Everything parsing one record found, before the corpus-wide steps."""

    doc_id: str
    source: str
    sha256: str
    title: str | None
    date: str | None
    date_source: str
    spokesperson: str | None
    format: str
    translations: int
    warnings: list[str]
    segments: list[Segment]
    speakers: list[str]
    url: str | None
    primary_counterpart: str | None = None
    # For the corpus-wide word repair: every word, and those used once, as one string each
    # (cheap to send back from a worker process).
    words: str = ""
    singletons: str = ""
    # Every segment's tokens, counted once (see .vocab): merged into the corpus's TokenTable.
    tokens: DocumentTokens | None = None


@dataclass
class Body:
    """A record's text without markup or crawl stamp, and what its container says of it."""

    text: str
    title: str | None
    header_date: str | None  # the crawl stamp's date (a leading ``date YYYY-MM-DD``)
    html_years: list[int]  # years of the page's dated links, assets and <meta> dates


def body_and_title(rec: Record) -> Body:
    """The record's text without markup or crawl stamp, its title and dating evidence.

    Raises
    ------
    InputError
        For an HTML page without body text.
    """
    title, text, years = rec.title, rec.text, []
    if rec.is_html:
        years = html_years(text)
        html_title, text = html_to_text(text)
        title = title or clean_title(html_title)
        if not text.strip():
            raise InputError("HTML page has no body text")
    header_date, text = strip_header_stamp(text)
    return Body(text, title, header_date, years)


def find_spokesperson(segments: list[Segment], texts: Sequence[str],
                      surnames: frozenset[str]) -> str | None:
    """Label the turns and return the spokesperson; unlabelled answers are theirs.

    The spokesperson is the name next to the word *spokesperson*; failing that, in a text
    that mentions a spokesperson, the most frequent answering speaker.
    """
    spokesperson = spokesperson_name(list(texts), surnames)
    label_turns(segments, spokesperson, surnames)
    if spokesperson is None:
        labelled = [s.speaker for s in segments if s.kind == "answer" and s.speaker]
        if labelled and any("spokes" in t.lower() for t in texts):
            spokesperson = Counter(labelled).most_common(1)[0][0]
    for seg in segments:
        if seg.kind == "answer" and seg.speaker is None:
            seg.speaker = spokesperson
    return spokesperson


def find_speakers(segments: Sequence[Segment], title: str | None, spokesperson: str | None,
                  surnames: frozenset[str], gazetteer: Gazetteer) -> tuple[list[str], str | None]:
    """Chinese officials whose words are reported, and the spokesperson if one speaks.

    Foreign leaders are gazetteer aliases and never speakers here.
    """
    non_caption = [s.text for s in segments if s.kind != "caption"]
    names: list[str] = []
    for t in ([title] if title else []) + non_caption:
        for _, name in chinese_names(t, surnames):
            if name not in names and gazetteer.aliases.get(name, "_self") == "_self":
                names.append(name)
    speakers = attributed_speakers(non_caption, names)
    for seg in segments:
        if seg.kind == "answer" and seg.speaker and seg.speaker not in speakers:
            speakers.append(seg.speaker)
    if spokesperson and spokesperson not in speakers and any(
        s.kind == "answer" or spokesperson in s.text for s in segments
    ):
        speakers.insert(0, spokesperson)
    if spokesperson and spokesperson not in speakers:
        spokesperson = None
    return speakers, spokesperson


def choose_date(rec: Record, segments: Sequence[Segment], *, title: str | None,
                header_date: str | None, dateline: dict[str, str] | None,
                notes: list[str], stamps: Sequence[str] = (), html_years: Sequence[int] = (),
                transcript: bool = False) -> DateFinding:
    """The document's date: the record's own date if readable, else what the text says.

    See :func:`milrel_analysis.text.dates.find_date` for how the text's dates are weighed.
    """
    if rec.date:
        date = pd.to_datetime(rec.date, errors="coerce")
        finding = DateFinding(None if pd.isna(date) else date.strftime("%Y-%m-%d"), "metadata")
        if finding.date is not None:
            return finding
        notes.append(f"unreadable date {rec.date!r} in the input row")
    body = [s for s in segments if s.kind in {"body", "question", "answer"}]
    return find_date(
        header=header_date,
        title=title,
        captions=[s.text for s in segments if s.kind == "caption"],
        dateline=dateline,
        lead=" ".join(s.text for s in body[:2]),
        body="\n".join(s.text for s in body),
        anniversaries=dict(anniversaries()),
        stamps=stamps,
        html_years=html_years,
        transcript=transcript,
    )


def count_segments(segments: Sequence[Segment], gazetteer: Gazetteer
                   ) -> tuple[Counter, DocumentTokens]:
    """Number the segments, find their language, mentions and tokens.

    Returns the words (for the word repair) and the tokens, encoded: each segment is
    tokenized once, and its ``n_words`` is its number of tokens.
    """
    vocab: Counter = Counter()
    compounds = default_compounds()
    edges = []
    for seg_id, seg in enumerate(segments):
        seg.seg_id = seg_id
        seg.language = detect_language(seg.text)
        find_segment_mentions(seg, gazetteer)
        segment_edges, words = tokenize_edges_and_words(seg.text, compounds)
        vocab.update(words)
        edges.append(segment_edges)
        seg.n_words = len(segment_edges.tokens)
    return vocab, encode_document(edges)


def find_segment_mentions(seg: Segment, gazetteer: Gazetteer) -> None:
    """Set a segment's gazetteer hits (with roles) and the counterparts it names.

    A multi-part question also gets its counterparts by part (``parts``; empty otherwise).
    """
    seg.hits = find_mentions(seg.text, gazetteer, navigation=seg.kind == "navigation",
                             question=seg.kind == "question")
    seg.mentions = named_counterparts(seg.hits, gazetteer)
    multipart = seg.kind == "question" and len(question_parts(seg.text)) > 1
    seg.parts = part_counterparts(seg.text, seg.hits, gazetteer) if multipart else []


def parse_record(rec: Record, gazetteer: Gazetteer | None = None) -> ParsedDocument:
    """Parse one record into a :class:`ParsedDocument`.

    Raises
    ------
    InputError
        When the record holds no text once parsed.
    """
    gaz = gazetteer or load_gazetteer()
    surnames = load_wordlist("chinese_surnames")
    notes: list[str] = []
    body = body_and_title(rec)
    paragraphs = split_paragraphs(body.text)
    if not paragraphs:
        raise InputError("no text after parsing")
    layout = segment_paragraphs(paragraphs)
    segments = layout.segments
    title = body.title or layout.header
    # Spokesperson and speakers need names; turn labels need the spokesperson.
    texts_for_names = ([title] if title else []) + [s.text for s in segments]
    spokesperson = find_spokesperson(segments, texts_for_names, surnames)
    translations = mark_translations(segments, gaz)
    speakers, spokesperson = find_speakers(segments, title, spokesperson, surnames, gaz)
    fmt = document_format(segments, dateline=layout.dateline is not None)
    finding = choose_date(rec, segments, title=title, header_date=body.header_date,
                          dateline=layout.dateline, notes=notes, stamps=layout.stamps,
                          html_years=body.html_years, transcript=fmt == "qa")
    vocab, tokens = count_segments(segments, gaz)
    return ParsedDocument(
        doc_id=rec.doc_id, source=rec.source, sha256=rec.sha256, title=title,
        date=finding.date, date_source=finding.source, spokesperson=spokesperson, format=fmt,
        translations=translations, warnings=notes, segments=segments, speakers=speakers,
        url=rec.url, words=" ".join(vocab),
        singletons=" ".join(w for w, n in vocab.items() if n == 1), tokens=tokens,
    )
