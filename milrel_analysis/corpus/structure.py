"""Document structure: segments, Q&A turns and speakers, parallel translations, format.

Paragraphs become segments (captions, header, body), labelled turns get their speakers,
passages given twice in two translations are marked, and the document gets its format.

Segments are :class:`Segment` records while a document is parsed; the loader turns them into
rows of ``Corpus.segments``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..lexicons import Gazetteer, load_lexicon
from ..text.dates import parse_stamp, strip_dateline
from ..text.language import detect_language
from ..text.layout import classify_head_line, is_caption, is_notice, is_separator, starts_tail
from ..text.speakers import (
    attributed_speakers,
    chinese_names,
    looks_like_outlet,
    parse_turn_label,
    standalone_label,
    strip_titles,
)
from .attribution import Mention, match_counterparts

__all__ = [
    "Layout",
    "Segment",
    "join_standalone_labels",
    "parallel_translations",
    "speaker_label",
    "document_format",
    "label_turns",
    "mark_translations",
    "segment_paragraphs",
]


@dataclass(slots=True)
class Segment:
    """A paragraph or turn of a document being parsed."""

    kind: str  # caption, header, navigation, byline, stamp, disclaimer, body, question, answer
    text: str
    speaker: str | None = None
    # "machine" / "official" where a passage is given in two translations, "duplicate" for
    # a verbatim repeat (counted once)
    translation: str | None = None
    labelled: bool = False  # the paragraph opened with a turn label ("Wu Qian:")
    inferred: bool = False  # a turn read from the reporting voice ("A reporter asked ...")
    seg_id: int = -1
    mentions: Counter = field(default_factory=Counter)  # counterpart id -> mentions as one
    hits: list[Mention] = field(default_factory=list)  # every gazetteer hit, with its role
    parts: list[frozenset[str]] = field(default_factory=list)  # a multi-part question's, by part
    n_words: int = 0
    repaired: bool = False  # word repair changed its text
    exchange_id: int | None = None  # the question-answer exchange it belongs to
    language: str = "en"


_REPORTER_ASKED = re.compile(
    r"^(?:A|The|One|Another)\s+(?:reporter|journalist|correspondent)s?\b[^:?]{0,80}?"
    r"\basked\b[^:?]{0,60}:\s*",
    re.I,
)
_MISSING_SPACE = re.compile(r"[a-z]{2}[.;][A-Z][a-z]")
_SPACED_NUMBER = re.compile(r"[A-Za-z\"] -\d")


HEAD_LINES = 12  # a page's head (title, breadcrumb, byline, stamps) is in its first lines
DATELINE_PARAGRAPHS = 3  # a dateline may follow a stamp, a byline or a short lead-in


@dataclass
class Layout:
    """What the head and tail of a document say: the segments, title, dateline and stamps."""

    segments: list[Segment]
    dateline: dict[str, str] | None
    header: str | None  # the headline, when the text gives one
    stamps: list[str]  # ISO dates of publication stamps


def join_standalone_labels(paragraphs: Sequence[str]) -> list[str]:
    """Join a speaker label alone on its line to the paragraph it introduces.

    Examples
    --------
    >>> join_standalone_labels(["Senior Colonel Yang Yujun:", "The drills are routine."])
    ['Senior Colonel Yang Yujun: The drills are routine.']
    """
    out: list[str] = []
    pending: str | None = None
    for para in paragraphs:
        if pending is not None:
            out.append(f"{pending}: {para}")
            pending = None
            continue
        label = standalone_label(para)
        if label is not None:
            pending = label
            continue
        out.append(para)
    if pending is not None:
        out.append(f"{pending}:")
    return out


def segment_paragraphs(paragraphs: Sequence[str]) -> Layout:
    """Classify paragraphs (head lines, captions, body) and strip the dateline.

    The head, until the first body paragraph, is read line by line (title, navigation,
    byline, publication stamp, caption, disclaimer: :func:`classify_head_line`); so are the
    last lines (a site's footer). A turn label always starts the body. The dateline is
    looked for in the first body paragraphs, so one after a stamp or byline is found.

    Examples
    --------
    >>> layout = segment_paragraphs(["China, Russia hold drills", "Updated: 2020-09-24 10:34",
    ...     "By Liu Xuanzun", "BEIJING, Sept. 24 -- The navies began a joint exercise."])
    >>> [s.kind for s in layout.segments], layout.header, layout.stamps, layout.dateline["day"]
    (['header', 'stamp', 'byline', 'body'], 'China, Russia hold drills', ['2020-09-24'], '24')
    """
    paragraphs = join_standalone_labels(paragraphs)
    segments: list[Segment] = []
    dateline: dict[str, str] | None = None
    header: str | None = None
    stamps: list[str] = []
    in_head = len(paragraphs) > 1
    body_seen = 0
    tail = False
    for i, para in enumerate(paragraphs):
        kind = "body"
        if is_caption(para):
            kind = "caption"
        elif in_head and i < HEAD_LINES:
            label = parse_turn_label(para)
            if label is not None and label[0] in ("question", "answer"):
                kind = "body"  # "Q: Your comment", "Reporter: ..." open the transcript
            else:
                kind = classify_head_line(para)
            if kind == "header" and header is not None and not _subheading(para):
                kind = "body"  # a second short line is the text, not another heading
            if kind == "body":
                in_head = False
        else:
            in_head = False
        if kind == "header" and header is None:
            header = para
        elif kind == "stamp":
            stamp = parse_stamp(para)
            if stamp:
                stamps.append(stamp)
        if kind == "body" and body_seen and starts_tail(para):
            tail = True
        if tail:
            kind = "navigation"  # "Related News:" and what follows are other stories
        if kind == "body":
            if dateline is None and body_seen < DATELINE_PARAGRAPHS:
                found, rest = strip_dateline(para)
                if found:
                    dateline, para = found, rest
            body_seen += 1
        segments.append(Segment(kind, para))
    _mark_tail(segments)
    english = [s.text for s in segments if s.kind == "header" and detect_language(s.text) == "en"]
    if english and header is not None and detect_language(header) != "en":
        header = english[0]  # a bilingual page: the English headline is the title
    if header is None and len(segments) > 1 and segments[0].kind == "body" and _subheading(
            segments[0].text) and parse_turn_label(segments[0].text) is None:
        segments[0].kind, header = "header", segments[0].text
    return Layout(segments, dateline, header, stamps)


def _subheading(text: str) -> bool:
    return len(text) < 200 and not re.search(r"[.!?\"':;]$", text)


def _mark_tail(segments: list[Segment]) -> None:
    """Footer lines (disclaimers, navigation, bylines) at the end are not the text."""
    for seg in reversed(segments[1:]):
        if seg.kind != "body" or len(seg.text) > 300:
            break
        kind = classify_head_line(seg.text)
        if kind in ("navigation", "disclaimer", "byline", "stamp"):
            seg.kind = kind
        else:
            break


def label_turns(segments: list[Segment], spokesperson: str | None,
                surnames: frozenset[str]) -> None:
    """Set kind/speaker for labelled turns and the unlabelled paragraphs that continue them.

    Each question starts an exchange; the answers that follow belong to it (``exchange_id``
    1, 2, ... in document order). A rule line ("*****") closes the exchange: until the next
    question, what follows answers none (the spokesperson's closing notices), as do the
    opening statements before the first question: unlabelled paragraphs are ``body``, a
    labelled turn has no ``exchange_id``. So does a notice about the press conference itself
    (:func:`~milrel_analysis.text.layout.is_notice`) inside the last answer, with what follows.
    """
    current: tuple[str, str | None] | None = None  # (kind, speaker) of the open turn
    exchange = 0
    open_exchange: int | None = None  # the exchange answers now belong to
    for seg in segments:
        if seg.kind not in {"body", "question", "answer"}:
            continue
        text = seg.text
        if is_separator(text):
            current = open_exchange = None
            continue
        asked = _REPORTER_ASKED.match(text)
        label = parse_turn_label(text)
        if asked:
            current = ("question", None)
            exchange += 1
            open_exchange = exchange
            seg.inferred = True
            seg.text = text[asked.end():] or text  # "A reporter asked at the meeting:" is no question text
        elif label and (label[0] != "speaker" or speaker_label(label[1], spokesperson, surnames,
                                                                  in_qa=current is not None)):
            role, name, rest = label
            speaker: str | None
            if role == "speaker":
                role, speaker = speaker_label(name, spokesperson, surnames, in_qa=True) or (role, None)
            else:
                speaker = spokesperson if role == "answer" else None
            if role == "question" and (current is None or current[0] != "question"
                                       or current[1] != speaker):
                exchange += 1
                open_exchange = exchange
            current = (role, speaker)
            seg.text = rest
            seg.labelled = True
        elif current is None:
            continue
        elif current[0] == "question" and not text.rstrip().endswith("?"):
            said = attributed_speakers([text[:120]], [spokesperson] if spokesperson else [])
            current = ("answer", said[0] if said else spokesperson)
        seg.kind, seg.speaker = current
        seg.exchange_id = open_exchange
    _close_transcript(segments)


def _close_transcript(segments: list[Segment]) -> None:
    """A notice after the first paragraph of the last answer starts the closing remarks."""
    last = max((i for i, s in enumerate(segments) if s.kind == "question"), default=None)
    if last is None:
        return
    answers = [s for s in segments[last + 1:] if s.kind == "answer"]
    # The answer's first paragraph answers the question, whatever it mentions.
    start = next((k for k, s in enumerate(answers) if k and is_notice(s.text)), None)
    for seg in answers[start:] if start is not None else ():
        seg.exchange_id = None
        if not seg.labelled:
            seg.kind, seg.speaker = "body", None


def speaker_label(label: str, spokesperson: str | None, surnames: frozenset[str], *,
                  in_qa: bool) -> tuple[str, str] | None:
    """Role and speaker of a ``Name:`` label, or None when it is no turn ("Background:").

    A Chinese official (ranks and titles allowed: ``Senior Colonel Wu Qian:``) or the
    spokesperson answers; an outlet (``AFP:``, ``Xinhua News Agency:``) asks, and so does any
    other label once the document is in a question-and-answer exchange.
    """
    bare = strip_titles(label)
    names = chinese_names(label, surnames)
    official = names[0][1] if names and len(bare.split()) <= 3 else None
    if spokesperson and (official == spokesperson or bare in (spokesperson,
                                                                spokesperson.split()[0])):
        return "answer", spokesperson
    if official:
        return "answer", official
    if looks_like_outlet(label) or in_qa:
        return "question", label
    return None


@functools.cache
def _mt_markers() -> tuple[str, ...]:
    lex = load_lexicon()
    return tuple(v.lower() for variants in lex["translation_variants"] for v in variants)


def mark_translations(segments: list[Segment], gazetteer: Gazetteer) -> int:
    """Mark passages given twice; return 2 when a document holds two translations, else 1.

    An answer given twice in a row by one speaker is a pair of translations when its
    sentences align one to one (or one to two) and both versions name the same
    counterparts and numbers: the more fluent one is ``official``, the other ``machine``.
    Passages written on one template (an exercise with Thailand, a training with Cambodia)
    name different counterparts or numbers and are not a pair. A verbatim repeat of any
    long paragraph is a ``duplicate``, counted once.
    """
    _mark_duplicates(segments)
    blocks: list[list[Segment]] = []
    for seg in segments:
        if seg.kind not in {"question", "answer"} or seg.translation == "duplicate":
            blocks.append([])
            continue
        starts_turn = seg.labelled
        if not blocks or not blocks[-1] or blocks[-1][-1].kind != seg.kind or starts_turn or (
            blocks[-1][-1].speaker != seg.speaker
        ):
            blocks.append([seg])
        else:
            blocks[-1].append(seg)
    found = 0
    for a, b in zip(blocks, blocks[1:], strict=False):
        if not a or not b or a[0].kind != "answer" or b[0].kind != "answer":
            continue
        if a[0].speaker != b[0].speaker:
            continue
        text_a = " ".join(s.text for s in a)
        text_b = " ".join(s.text for s in b)
        if not parallel_translations(text_a, text_b, gazetteer):
            continue
        first_is_machine = _mt_score(text_a) >= _mt_score(text_b)
        for seg in a:
            seg.translation = "machine" if first_is_machine else "official"
        for seg in b:
            seg.translation = "official" if first_is_machine else "machine"
        found += 1
    return 2 if found else 1


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


DUPLICATE_WINDOW = 6  # a repeat within this many paragraphs is the same passage given twice


def _mark_duplicates(segments: list[Segment]) -> None:
    """Mark a long paragraph repeated verbatim soon after as a ``duplicate``.

    A line a spokesperson repeats in a later answer is not a duplicate.
    """
    recent: list[str] = []
    for seg in segments:
        if seg.kind not in {"body", "question", "answer"}:
            continue
        key = _normalised(seg.text)
        if len(seg.text) >= 80 and key in recent:
            seg.translation = "duplicate"
        recent = [*recent[-(DUPLICATE_WINDOW - 1):], key]


_ANCHOR = re.compile(r"\b(?:\d[\d,.]*|[A-Z][a-z]{2,})\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"'A-Z0-9])")


def parallel_translations(a: str, b: str, gazetteer: Gazetteer) -> bool:
    """Whether two passages are two translations of one text (by sentence alignment).

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> gaz = load_gazetteer()
    >>> one = ("The Chinese and Thai navies will hold the Blue Strike 2023 joint exercise in "
    ...        "Sattahip from September 1 to 10. ") * 3
    >>> two = ("The Chinese and Cambodian armies will hold the Golden Dragon 2023 joint training "
    ...        "in Kampong Speu from August 1 to 15. ") * 3
    >>> parallel_translations(one, two, gaz)
    False
    """
    if not 0.5 <= len(a) / max(len(b), 1) <= 2.0 or min(len(a), len(b)) < 200:
        return False
    if _normalised(a) == _normalised(b):
        return False  # a verbatim repeat is a duplicate, not a translation
    # Translations keep who and how many; a template filled in for another country does not.
    if _jaccard(set(match_counterparts(a, gazetteer)), set(match_counterparts(b, gazetteer))) < 0.5:
        return False
    if _jaccard(set(_NUMBER.findall(a)), set(_NUMBER.findall(b))) < 0.5:
        return False
    sents_a = [x for x in _SENTENCE_SPLIT.split(a) if x.strip()]
    sents_b = [x for x in _SENTENCE_SPLIT.split(b) if x.strip()]
    return _aligned_share(sents_a, sents_b) >= 0.5


def _jaccard(x: set[str], y: set[str]) -> float:
    return len(x & y) / len(x | y) if x | y else 1.0


def _similarity(x: str, y: str) -> float:
    ax, ay = set(_ANCHOR.findall(x)), set(_ANCHOR.findall(y))
    anchors = len(ax & ay) / len(ax | ay) if ax | ay else 0.5
    length = min(len(x), len(y)) / max(len(x), len(y), 1)
    return 0.6 * anchors + 0.4 * length


def _aligned_share(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of sentences in a monotone alignment (1-1, 1-2, 2-1 or skipped) that pair well."""
    n, m = len(a), len(b)
    if not n or not m or max(n, m) > 4 * min(n, m):
        return 0.0
    # best[i][j]: the most well-paired sentences in an alignment of a[:i] with b[:j]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            options = [best[i - 1][j] if i else 0.0, best[i][j - 1] if j else 0.0]
            if i and j:
                options.append(best[i - 1][j - 1] + (_similarity(a[i - 1], b[j - 1]) >= 0.35))
            if i >= 2 and j:
                merged = a[i - 2] + " " + a[i - 1]
                options.append(best[i - 2][j - 1] + 2 * (_similarity(merged, b[j - 1]) >= 0.35))
            if i and j >= 2:
                merged = b[j - 2] + " " + b[j - 1]
                options.append(best[i - 1][j - 2] + 2 * (_similarity(a[i - 1], merged) >= 0.35))
            best[i][j] = max(options)
    return min(1.0, best[n][m] / max(n, m))


def _mt_score(text: str) -> float:
    lower = text.lower()
    hits = sum(lower.count(m) for m in _mt_markers())
    hits += len(_MISSING_SPACE.findall(text)) + len(_SPACED_NUMBER.findall(text))
    hits += lower.count("supreme leader")
    return hits * 1000 / max(len(text), 1)


_REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|stated|noted|stressed|added|pointed out|emphasized|emphasised|told|"
    r"introduced|replied|responded|answered)\b")


def document_format(segments: Sequence[Segment], *, dateline: bool = False) -> str:
    """``news`` (no turns), ``qa`` (a transcript) or ``mixed`` (a report that quotes turns).

    A document with turns is a transcript unless it is written in the reporting voice: a
    turn inferred from it ("A reporter asked ..."), a news dateline, or narrative
    paragraphs that report speech ("Wu said ...") beside the turns. Head lines (title,
    stamps, bylines, captions, navigation) are not narrative.
    """
    kinds = Counter(s.kind for s in segments)
    turns = kinds["question"] + kinds["answer"]
    if not turns:
        return "news"
    if any(s.inferred for s in segments):
        return "mixed"
    narrative = [s for s in segments if s.kind == "body"]
    if dateline and narrative:
        return "mixed"
    reported = sum(bool(_REPORTED_SPEECH.search(s.text)) for s in narrative)
    if reported >= 2 and reported * 2 >= turns:
        return "mixed"
    if len(narrative) > max(3, turns):
        return "mixed"
    return "qa"
