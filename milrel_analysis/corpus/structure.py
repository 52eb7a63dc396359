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

from ..lexicons import load_lexicon
from ..text.dates import strip_dateline
from ..text.layout import is_caption
from ..text.speakers import (
    attributed_speakers,
    chinese_names,
    looks_like_outlet,
    parse_turn_label,
    strip_titles,
)

__all__ = [
    "Segment",
    "document_format",
    "label_turns",
    "mark_translations",
    "segment_paragraphs",
]


@dataclass(slots=True)
class Segment:
    """A paragraph or turn of a document being parsed."""

    kind: str  # caption, header, body, question, answer
    text: str
    speaker: str | None = None
    translation: str | None = None  # "machine" / "official" where a passage is given twice
    labelled: bool = False  # the paragraph opened with a turn label ("Wu Qian:")
    inferred: bool = False  # a turn read from the reporting voice ("A reporter asked ...")
    seg_id: int = -1
    mentions: Counter = field(default_factory=Counter)  # counterpart id -> mentions
    n_words: int = 0
    repaired: bool = False  # word repair changed its text


_REPORTER_ASKED = re.compile(
    r"^(?:A|The|One|Another)\s+(?:reporter|journalist|correspondent)s?\b[^:?]{0,80}?"
    r"\basked\b[^:?]{0,60}:\s*",
    re.I,
)
_MISSING_SPACE = re.compile(r"[a-z]{2}[.;][A-Z][a-z]")
_SPACED_NUMBER = re.compile(r"[A-Za-z\"] -\d")


def _is_header(paragraph: str, index: int, n: int) -> bool:
    return (
        index == 0 and n > 1 and len(paragraph) < 200
        and not re.search(r"[.!?\"']$", paragraph) and not is_caption(paragraph)
    )


def segment_paragraphs(paragraphs: Sequence[str]) -> tuple[list[Segment], dict[str, str] | None,
                                                            str | None]:
    """Classify paragraphs as caption, header or body, and strip the dateline.

    Returns ``(segments, dateline, header)``: the dateline is looked for in the paragraphs
    before the first body paragraph; `header` is the text of a title-like first paragraph.
    """
    segments: list[Segment] = []
    dateline: dict[str, str] | None = None
    header: str | None = None
    for i, para in enumerate(paragraphs):
        kind = "body"
        if is_caption(para):
            kind = "caption"
        elif _is_header(para, i, len(paragraphs)):
            kind = "header"
            header = para
        elif dateline is None and not any(s.kind == "body" for s in segments):
            found, rest = strip_dateline(para)
            if found:
                dateline, para = found, rest
        segments.append(Segment(kind, para))
    return segments, dateline, header


def label_turns(segments: list[Segment], spokesperson: str | None,
                surnames: frozenset[str]) -> None:
    """Set kind/speaker for labelled turns and the unlabelled paragraphs that continue them."""
    current: tuple[str, str | None] | None = None  # (kind, speaker) of the open turn
    for seg in segments:
        if seg.kind in {"caption", "header"}:
            continue
        text = seg.text
        asked = _REPORTER_ASKED.match(text)
        label = parse_turn_label(text)
        if asked:
            current = ("question", None)
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
            current = (role, speaker)
            seg.text = rest
            seg.labelled = True
        elif current is None:
            continue
        elif current[0] == "question" and not text.rstrip().endswith("?"):
            said = attributed_speakers([text[:120]], [spokesperson] if spokesperson else [])
            current = ("answer", said[0] if said else spokesperson)
        seg.kind, seg.speaker = current


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


def mark_translations(segments: list[Segment]) -> int:
    """Find an answer given twice in a row by one speaker; label the variants. Returns 1 or 2."""
    blocks: list[list[Segment]] = []
    for seg in segments:
        if seg.kind not in {"question", "answer"}:
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
        if not _parallel(text_a, text_b):
            continue
        first_is_machine = _mt_score(text_a) >= _mt_score(text_b)
        for seg in a:
            seg.translation = "machine" if first_is_machine else "official"
        for seg in b:
            seg.translation = "official" if first_is_machine else "machine"
        found += 1
    return 2 if found else 1


_ANCHOR = re.compile(r"\b(?:\d+|[A-Z][a-z]{2,})\b")


def _parallel(a: str, b: str) -> bool:
    if not 0.5 <= len(a) / max(len(b), 1) <= 2.0 or min(len(a), len(b)) < 200:
        return False
    anchors_a, anchors_b = set(_ANCHOR.findall(a)), set(_ANCHOR.findall(b))
    if not anchors_a or not anchors_b:
        return False
    return len(anchors_a & anchors_b) / len(anchors_a | anchors_b) >= 0.25


def _mt_score(text: str) -> float:
    lower = text.lower()
    hits = sum(lower.count(m) for m in _mt_markers())
    hits += len(_MISSING_SPACE.findall(text)) + len(_SPACED_NUMBER.findall(text))
    hits += lower.count("supreme leader")
    return hits * 1000 / max(len(text), 1)


def document_format(segments: Sequence[Segment]) -> str:
    """``news`` (no turns), ``qa`` (a transcript) or ``mixed`` (a report that quotes turns)."""
    kinds = Counter(s.kind for s in segments)
    if not kinds["question"] and not kinds["answer"]:
        return "news"
    narrative = kinds["body"]
    inferred = any(s.inferred for s in segments)
    if inferred or narrative > max(2, (kinds["question"] + kinds["answer"]) // 2):
        return "mixed"
    return "qa"
