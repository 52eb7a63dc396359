"""Files -> a :class:`Corpus` of tidy tables (documents, segments, counterparts, speakers).

Every input becomes a document or a row of ``Corpus.rejected`` with its reason; files of
other types in a folder are listed in ``Corpus.skipped``. Inputs are only ever read.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from . import parse
from ._parallel import n_workers, pool_map
from .lexicons import Gazetteer, load_gazetteer, load_lexicon, load_wordlist
from .tokens import WORD_RE, count_words, find_words

__all__ = [
    "Corpus",
    "load_corpus",
    "corpus_from_texts",
    "SUPPORTED_EXTENSIONS",
    "DOCUMENT_COLUMNS",
    "SEGMENT_COLUMNS",
]

SUPPORTED_EXTENSIONS = {".txt", ".md", ".html", ".htm", ".jsonl", ".csv"}
DOCUMENT_COLUMNS = [
    "doc_id", "source", "sha256", "title", "date", "date_source", "spokesperson", "format",
    "primary_counterpart", "n_tokens", "translations", "text", "warnings",
]
SEGMENT_COLUMNS = ["doc_id", "seg_id", "kind", "speaker", "translation", "text", "n_tokens"]
COUNTERPART_COLUMNS = ["doc_id", "seg_id", "counterpart", "mentions"]
SPEAKER_COLUMNS = ["doc_id", "speaker", "is_spokesperson", "n_turns"]
REJECTED_COLUMNS = ["source", "reason"]
COUNTED_KINDS = ("body", "question", "answer")
_TEXT_COLUMNS = ("text", "content")
_DATE_COLUMNS = ("date", "publish_time", "published", "pub_date")


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
        ``doc_id, seg_id, counterpart, mentions`` (long form).
    speakers : DataFrame
        ``doc_id, speaker, is_spokesperson, n_turns``: Chinese officials whose words are reported.
    rejected : DataFrame
        ``source, reason`` for every input that did not become a document.
    skipped : DataFrame
        ``source, reason`` for files in a folder that are not of a supported type.
    """

    documents: pd.DataFrame
    segments: pd.DataFrame
    counterparts: pd.DataFrame
    speakers: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))

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
        translation: Literal["official", "machine", "all"] = "official",
        kinds: Sequence[str] = COUNTED_KINDS,
    ) -> pd.DataFrame:
        """Segments that counts use: body text and Q&A turns, one translation of each passage.

        Parameters
        ----------
        translation : {"official", "machine", "all"}, default="official"
            Which variant to keep where a document gives the same passage twice; ``"all"``
            keeps both (and counts the passage twice).
        kinds : sequence of str, default=("body", "question", "answer")
            Segment kinds to keep; captions and headers are left out by default.
        """
        if translation not in {"official", "machine", "all"}:
            raise ValueError(
                f"translation={translation!r} is not allowed; use 'official', 'machine' or 'all'"
            )
        segs = self.segments
        keep = segs["kind"].isin(list(kinds))
        if translation != "all":
            keep &= segs["translation"].isna() | (segs["translation"] == translation)
        return segs[keep]

    def filter(
        self,
        *,
        doc_ids: Iterable[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Corpus:
        """Return a new corpus holding only some documents (by id or date range).

        Undated documents are dropped when a date bound is given.
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
        return replace(
            self,
            documents=docs[keep].reset_index(drop=True),
            segments=self.segments[self.segments["doc_id"].isin(ids)].reset_index(drop=True),
            counterparts=self.counterparts[self.counterparts["doc_id"].isin(ids)].reset_index(
                drop=True
            ),
            speakers=self.speakers[self.speakers["doc_id"].isin(ids)].reset_index(drop=True),
        )


# --------------------------------------------------------------------------- reading inputs


@dataclass
class _Record:
    doc_id: str
    source: str
    sha256: str
    text: str
    is_html: bool = False
    title: str | None = None
    date: str | None = None
    url: str | None = None


def _collect(source: str | os.PathLike | Iterable[str | os.PathLike]) -> tuple[
    list[Path], list[dict[str, str]], list[dict[str, str]]
]:
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    files: list[Path] = []
    rejected: list[dict[str, str]] = []
    skipped: list[dict[str, str]] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    skipped.append({"source": str(child), "reason": "hidden file"})
                elif child.suffix.lower() in SUPPORTED_EXTENSIONS:
                    files.append(child)
                else:
                    skipped.append(
                        {"source": str(child), "reason": f"unsupported extension {child.suffix!r}"}
                    )
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_EXTENSIONS:
                files.append(path)
            else:
                rejected.append({
                    "source": str(path),
                    "reason": f"unsupported extension {path.suffix!r}; expected one of "
                    f"{sorted(SUPPORTED_EXTENSIONS)}",
                })
        else:
            rejected.append({"source": str(path), "reason": "no such file or directory"})
    return files, rejected, skipped


def _read_file(path: Path) -> list[_Record]:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    text = parse.normalize_text(parse.decode_bytes(data))
    suffix = path.suffix.lower()
    if suffix in {".txt", ".md"}:
        return [_Record(path.stem, str(path), digest, text)]
    if suffix in {".html", ".htm"}:
        return [_Record(path.stem, str(path), digest, text, is_html=True)]
    rows = _table_rows(text, suffix, path)
    columns = sorted({str(k) for row in rows for k in row if k is not None})
    if not any(c in columns for c in _TEXT_COLUMNS):
        raise parse.InputError(
            f"no text column: expected 'text' or 'content', found {columns or 'no rows'}")
    records: list[_Record | dict[str, str]] = []
    for i, row in enumerate(rows, start=1):
        body = next((row[c] for c in _TEXT_COLUMNS if _present(row.get(c))), None)
        if body is None or not str(body).strip():
            records.append({"source": f"{path}#{i}", "reason": "row has an empty text"})
            continue
        rid = next((str(row[c]) for c in ("id", "doc_id") if _present(row.get(c))),
                   f"{path.stem}-{i}")
        date = next((str(row[c]) for c in _DATE_COLUMNS if _present(row.get(c))), None)
        title, url = row.get("title"), row.get("url")
        records.append(
            _Record(rid, f"{path}#{i}", hashlib.sha256(str(body).encode()).hexdigest(),
                    parse.normalize_text(str(body)),
                    title=str(title) if _present(title) else None, date=date,
                    url=str(url) if _present(url) else None)
        )
    return records


def _present(value: Any) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and value != value)


def _table_rows(text: str, suffix: str, path: Path) -> list[dict[str, Any]]:
    if suffix == ".csv":
        try:
            return list(csv.DictReader(io.StringIO(text)))
        except csv.Error as err:
            raise parse.InputError(f"not a valid CSV file: {err}") from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise parse.InputError(f"line {n} is not valid JSON: {err.msg}") from None
        if not isinstance(row, dict):
            raise parse.InputError(f"line {n} is not a JSON object")
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- parsing one document


@functools.cache
def _anniversaries() -> dict[str, int]:
    table = load_wordlist("anniversaries")
    pairs = (line.rsplit("|", 1) for line in table)
    return {name.strip(): int(year) for name, year in pairs}


@functools.cache
def _mt_markers() -> tuple[str, ...]:
    lex = load_lexicon()
    return tuple(v.lower() for variants in lex["translation_variants"] for v in variants)


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
        and not re.search(r"[.!?\"']$", paragraph) and not parse.is_caption(paragraph)
    )


def _parse_record(rec: _Record, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    gaz = gazetteer or load_gazetteer()
    surnames = load_wordlist("chinese_surnames")
    notes: list[str] = []
    title = rec.title
    text = rec.text
    if rec.is_html:
        html_title, text = parse.html_to_text(text)
        title = title or html_title
        if not text.strip():
            raise parse.InputError("HTML page has no body text")
    header_date, text = parse.strip_header_stamp(text)
    paragraphs = parse.split_paragraphs(text)
    if not paragraphs:
        raise parse.InputError("no text after parsing")

    segments: list[dict[str, Any]] = []
    dateline: dict[str, str] | None = None
    for i, para in enumerate(paragraphs):
        kind = "body"
        if parse.is_caption(para):
            kind = "caption"
        elif _is_header(para, i, len(paragraphs)):
            kind = "header"
            title = title or para
        elif dateline is None and not any(s["kind"] == "body" for s in segments):
            found, rest = parse.strip_dateline(para)
            if found:
                dateline, para = found, rest
        segments.append({"kind": kind, "speaker": None, "translation": None, "text": para})

    # Spokesperson and speakers need names; turn labels need the spokesperson.
    texts_for_names = ([title] if title else []) + [s["text"] for s in segments]
    spokesperson = parse.spokesperson_name(texts_for_names, surnames)
    _label_turns(segments, spokesperson, surnames)
    if spokesperson is None:
        labelled = [s["speaker"] for s in segments if s["kind"] == "answer" and s["speaker"]]
        if labelled and any("spokes" in t.lower() for t in texts_for_names):
            spokesperson = Counter(labelled).most_common(1)[0][0]
    for seg in segments:
        if seg["kind"] == "answer" and seg["speaker"] is None:
            seg["speaker"] = spokesperson

    translations = _mark_translations(segments)

    non_caption = [s["text"] for s in segments if s["kind"] not in {"caption"}]
    names = []
    for t in ([title] if title else []) + non_caption:
        for _, name in parse.chinese_names(t, surnames):
            # Foreign leaders are gazetteer aliases; China's own officials are not excluded.
            if name not in names and gaz.aliases.get(name, "_self") == "_self":
                names.append(name)
    speakers = parse.attributed_speakers(non_caption, names)
    for seg in segments:
        if seg["kind"] == "answer" and seg["speaker"] and seg["speaker"] not in speakers:
            speakers.append(seg["speaker"])
    if spokesperson and spokesperson not in speakers and any(
        s["kind"] == "answer" or spokesperson in s["text"] for s in segments
    ):
        speakers.insert(0, spokesperson)
    if spokesperson and spokesperson not in speakers:
        spokesperson = None

    # Date.
    body_segments = [s for s in segments if s["kind"] not in {"caption", "header"}]
    lead = " ".join(s["text"] for s in body_segments[:2])
    if rec.date:
        date = pd.to_datetime(rec.date, errors="coerce")
        finding = parse.DateFinding(
            None if pd.isna(date) else date.strftime("%Y-%m-%d"), "metadata"
        )
        if finding.date is None:
            notes.append(f"unreadable date {rec.date!r} in the input row")
    else:
        finding = parse.DateFinding(None, "none")
    if finding.date is None:
        finding = parse.find_date(
            header=header_date,
            title=title,
            captions=[s["text"] for s in segments if s["kind"] == "caption"],
            dateline=dateline,
            lead=lead,
            body="\n".join(s["text"] for s in body_segments),
            anniversaries=_anniversaries(),
        )

    fmt = _document_format(segments)
    vocab: Counter = Counter()
    for seg_id, seg in enumerate(segments):
        seg["seg_id"] = seg_id
        seg["mentions"] = _match_counterparts(seg["text"], gaz)
        words = find_words(seg["text"].lower())
        seg["n_words"] = len(words)
        vocab.update(words)
    return {
        "doc_id": rec.doc_id,
        "source": rec.source,
        "sha256": rec.sha256,
        "title": title,
        "date": finding.date,
        "date_source": finding.source,
        "spokesperson": spokesperson,
        "format": fmt,
        "translations": translations,
        "warnings": notes,
        "segments": segments,
        "speakers": speakers,
        "url": rec.url,
        # For the corpus-wide word repair: every word, and those used once, as one string each
        # (cheap to send back from a worker process).
        "words": " ".join(vocab),
        "singletons": " ".join(w for w, n in vocab.items() if n == 1),
    }


def _label_turns(segments: list[dict[str, Any]], spokesperson: str | None,
                 surnames: frozenset[str]) -> None:
    """Set kind/speaker for labelled turns and the unlabelled paragraphs that continue them."""
    current: tuple[str, str | None] | None = None  # (kind, speaker) of the open turn
    for seg in segments:
        if seg["kind"] in {"caption", "header"}:
            continue
        text = seg["text"]
        asked = _REPORTER_ASKED.match(text)
        label = parse.parse_turn_label(text)
        if asked:
            current = ("question", None)
            seg["inferred"] = True
            seg["text"] = text[asked.end():] or text  # "A reporter asked at the meeting:" is no question text
        elif label and (label[0] != "speaker" or _speaker_label(label[1], spokesperson, surnames,
                                                                   in_qa=current is not None)):
            role, name, rest = label
            if role == "speaker":
                role, speaker = _speaker_label(name, spokesperson, surnames, in_qa=True)
            else:
                speaker = spokesperson if role == "answer" else None
            current = (role, speaker)
            seg["text"] = rest
            seg["labelled"] = True
        elif current is None:
            continue
        elif current[0] == "question" and not text.rstrip().endswith("?"):
            said = parse.attributed_speakers([text[:120]], [spokesperson] if spokesperson else [])
            current = ("answer", said[0] if said else spokesperson)
        seg["kind"], seg["speaker"] = current


def _speaker_label(label: str, spokesperson: str | None, surnames: frozenset[str], *,
                   in_qa: bool) -> tuple[str, str] | None:
    """Role and speaker of a ``Name:`` label, or None when it is no turn ("Background:").

    A Chinese official (ranks and titles allowed: ``Senior Colonel Wu Qian:``) or the
    spokesperson answers; an outlet (``AFP:``, ``Xinhua News Agency:``) asks, and so does any
    other label once the document is in a question-and-answer exchange.
    """
    bare = parse.strip_titles(label)
    names = parse.chinese_names(label, surnames)
    official = names[0][1] if names and len(bare.split()) <= 3 else None
    if spokesperson and (official == spokesperson or bare in (spokesperson,
                                                                spokesperson.split()[0])):
        return "answer", spokesperson
    if official:
        return "answer", official
    if parse.looks_like_outlet(label) or in_qa:
        return "question", label
    return None


def _mark_translations(segments: list[dict[str, Any]]) -> int:
    """Find an answer given twice in a row by one speaker; label the variants. Returns 1 or 2."""
    blocks: list[list[dict[str, Any]]] = []
    for seg in segments:
        if seg["kind"] not in {"question", "answer"}:
            blocks.append([])
            continue
        starts_turn = seg.pop("labelled", False)
        if not blocks or not blocks[-1] or blocks[-1][-1]["kind"] != seg["kind"] or starts_turn or (
            blocks[-1][-1]["speaker"] != seg["speaker"]
        ):
            blocks.append([seg])
        else:
            blocks[-1].append(seg)
    found = 0
    for a, b in zip(blocks, blocks[1:], strict=False):
        if not a or not b or a[0]["kind"] != "answer" or b[0]["kind"] != "answer":
            continue
        if a[0]["speaker"] != b[0]["speaker"]:
            continue
        text_a = " ".join(s["text"] for s in a)
        text_b = " ".join(s["text"] for s in b)
        if not _parallel(text_a, text_b):
            continue
        first_is_machine = _mt_score(text_a) >= _mt_score(text_b)
        for seg in a:
            seg["translation"] = "machine" if first_is_machine else "official"
        for seg in b:
            seg["translation"] = "official" if first_is_machine else "machine"
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


def _document_format(segments: list[dict[str, Any]]) -> str:
    kinds = Counter(s["kind"] for s in segments)
    if not kinds["question"] and not kinds["answer"]:
        return "news"
    narrative = kinds["body"]
    inferred = any(s.get("inferred") for s in segments)
    if inferred or narrative > max(2, (kinds["question"] + kinds["answer"]) // 2):
        return "mixed"
    return "qa"


# --------------------------------------------------------------------------- counterparts

_VENUE_BEFORE = re.compile(r"\b(?:in|at)\s+$")


def _match_counterparts(text: str, gaz: Gazetteer) -> Counter:
    matches = gaz.matcher().find(text)
    counts: Counter = Counter()
    skip_next = False
    for k, (start, end, value) in enumerate(matches):
        if skip_next:
            skip_next = False
            continue
        if value.startswith("_"):
            continue
        # "in Dushanbe, Tajikistan": a venue (city, country), not a counterpart.
        if k + 1 < len(matches) and _VENUE_BEFORE.search(text[max(0, start - 4):start]):
            n_start, _, n_value = matches[k + 1]
            if text[end:n_start].strip() == "," and n_value in {value, "_self"}:
                skip_next = n_value == value
                continue
        counts[value] += 1
    return counts


def _primary(mentions: Counter) -> str | None:
    if not mentions:
        return None
    ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n > second and n >= 0.5 * sum(mentions.values()):
        return top
    return None


# --------------------------------------------------------------------------- word repair

_ALPHA_WORD = re.compile(r"[A-Za-z]+")


def _repair_words(docs: list[dict[str, Any]], known: frozenset[str]) -> None:
    """Join words broken by a stray space where the joined form is known and the parts are not.

    A part is a fragment when it occurs once in the whole corpus and is no stopword, and at
    least one of the two is no English word ("main land" stays); the joined word must occur
    elsewhere in the corpus or in the packaged data.
    """
    doc_freq: Counter = Counter()
    for doc in docs:
        doc_freq.update(doc["words"].split())
    hapax = {w for w, n in doc_freq.items() if n == 1} - load_wordlist("stopwords")
    for doc in docs:
        fragments = hapax.intersection(doc["singletons"].split())
        if len(fragments) < 2:  # a repair needs two fragments side by side
            continue
        for seg in doc["segments"]:
            new, fixes = _repair_text(seg["text"], fragments, doc_freq, known)
            if fixes:
                seg["text"] = new
                seg["repaired"] = True
                doc["warnings"].extend(f"repaired {a!r} -> {b!r}" for a, b in fixes)


def _repair_text(text: str, fragments: set[str], doc_freq: Counter,
                 known: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    low = text.lower()
    present = fragments.intersection(_ALPHA_WORD.findall(low))
    if len(present) < 2:
        return text, []  # most segments: checked in C, no Python loop over words
    if not any(f"{a} {b}" in low for a in present for b in present if a != b):
        return text, []
    words = list(_ALPHA_WORD.finditer(text))
    pieces, fixes, pos, skip = [], [], 0, False
    for a, b in zip(words, words[1:], strict=False):
        if skip:
            skip = False
            continue
        joined = a.group() + b.group()
        if (
            text[a.end():b.start()] == " " and b.group().islower() and len(joined) >= 5
            and a.group().lower() in fragments and b.group() in fragments
            and not (_dictionary_word(a.group().lower()) and _dictionary_word(b.group()))
            and (a.start() == 0 or not text[a.start() - 1].isalnum())
            and (b.end() == len(text) or not (text[b.end()].isalnum() or text[b.end()] in "-'"))
            and (joined.lower() in known or doc_freq[joined.lower()] >= 1)
        ):
            pieces.append(text[pos:a.start()] + joined)
            fixes.append((text[a.start():b.end()], joined))
            pos, skip = b.end(), True
    if not fixes:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), fixes


@functools.cache
def _dictionary_word(word: str) -> bool:
    """Whether `word` is an English word form (simplemma's packaged dictionary, offline)."""
    import simplemma

    return simplemma.is_known(word, lang="en")


@functools.cache
def _known_words() -> frozenset[str]:
    words = set(load_wordlist("stopwords"))
    gaz = load_gazetteer()
    lex = load_lexicon()
    for phrase in [*gaz.aliases, *(p for ps in lex["patterns"] for p in ps)]:
        words.update(t.lower() for t in WORD_RE.findall(phrase))
    return frozenset(words)


# --------------------------------------------------------------------------- assembling


def _parse_safely(rec: _Record) -> tuple[str, Any]:
    try:
        return "ok", _parse_record(rec)
    except parse.InputError as err:
        return "rejected", {"source": rec.source, "reason": str(err)}


def _load_file(path: Path) -> list[tuple[str, Any]]:
    """Read and parse one file (a worker's task): ``[(status, document or rejection)]``."""
    status, value = _read_safely(path)
    if status != "ok":
        return [(status, value)]
    return [_parse_safely(rec) if isinstance(rec, _Record) else ("rejected", rec) for rec in value]


def _read_safely(path: Path) -> tuple[str, Any]:
    try:
        return "ok", _read_file(path)
    except parse.InputError as err:
        return "rejected", {"source": str(path), "reason": str(err)}
    except OSError as err:
        return "rejected", {"source": str(path), "reason": f"cannot read: {err.strerror}"}


def load_corpus(
    source: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    strict: bool = False,
    n_jobs: int | None = None,
    progress: bool | None = None,
    repair_words: bool = True,
    filename_pattern: str | None = None,
) -> Corpus:
    r"""Read statement files into a :class:`Corpus` of tidy tables.

    Parameters
    ----------
    source : path or iterable of paths
        A folder (read recursively) or files: ``.txt``/``.md`` (one document each),
        ``.html``/``.htm`` (the article body, without navigation or scripts), ``.jsonl``/
        ``.csv`` (one document per row, text in ``text`` or ``content``; optional ``id``,
        ``date``/``publish_time``, ``title``, ``url``).
    metadata : path or DataFrame, optional
        A CSV sidecar with ``doc_id`` and any of ``date``, ``title``, ``spokesperson``,
        ``counterparts`` (ids separated by ``;``). Its values override what was parsed;
        overridden dates get ``date_source="metadata"``.
    strict : bool, default=False
        Raise one :class:`ValueError` listing every rejected input instead of recording them
        in ``Corpus.rejected``.
    n_jobs : int, optional
        Worker processes. Default: one for small inputs, every core (up to 8) from 8 MB.
    progress : bool, optional
        Show a progress bar; default: when there are more than 200 inputs.
    repair_words : bool, default=True
        Join words broken by stray spaces (``mu ltilateral``), recording each repair in the
        document's ``warnings``.
    filename_pattern : str, optional
        A regular expression searched in each file's name (without extension); its named
        groups become document columns. ``year`` sets the year (a parsed date of another
        year is dropped), ``date`` the date (``date_source="metadata"``). For the UN General
        Debate corpus: ``r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})"``.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("BEIJING, Jan. 28, 2021 -- Win-win, said Wu Qian.")
    >>> _ = (folder / "b.txt").write_text("   ")
    >>> corpus = load_corpus(folder)
    >>> corpus.documents[["doc_id", "date_source"]].to_dict("records")
    [{'doc_id': 'a', 'date_source': 'dateline'}]
    >>> corpus.rejected["reason"].tolist()
    ['file holds only whitespace']
    """
    files, rejected, skipped = _collect(source)
    workers = n_workers(sum(f.stat().st_size for f in files), n_jobs)
    show = progress if progress is not None else len(files) > 200

    docs: list[dict[str, Any]] = []
    for results in pool_map(_load_file, files, workers=workers, progress=show, desc="parsing"):
        for status, value in results:
            (docs if status == "ok" else rejected).append(value)
    _dedupe_ids(docs)
    corpus = _assemble(_finish(docs, repair_words), rejected, skipped)
    if filename_pattern:
        corpus = _apply_filename_pattern(corpus, filename_pattern)
    if metadata is not None:
        corpus = _apply_metadata(corpus, metadata)
    if strict and len(corpus.rejected):
        lines = "\n".join(f"  {r.source}: {r.reason}" for r in corpus.rejected.itertuples())
        raise ValueError(f"{len(corpus.rejected)} input(s) could not be parsed:\n{lines}")
    return corpus


def _finish(docs: list[dict[str, Any]], repair_words: bool) -> list[dict[str, Any]]:
    """Corpus-wide step: repair broken words, then re-match the segments that changed."""
    if repair_words:
        _repair_words(docs, _known_words())
    gaz = load_gazetteer()
    for doc in docs:
        doc.pop("words", None)
        doc.pop("singletons", None)
        for seg in doc["segments"]:
            if seg.pop("repaired", False):
                seg["mentions"] = _match_counterparts(seg["text"], gaz)
                seg["n_words"] = count_words(seg["text"])
    return docs


def _dedupe_ids(docs: list[dict[str, Any]]) -> None:
    taken = {doc["doc_id"] for doc in docs}
    seen: set[str] = set()
    for doc in docs:
        doc_id = doc["doc_id"]
        if doc_id in seen:
            n = 2
            while f"{doc_id}-{n}" in taken:
                n += 1
            doc["doc_id"] = f"{doc_id}-{n}"
            taken.add(doc["doc_id"])
            doc["warnings"].append(f"doc_id {doc_id!r} repeats; renamed {doc['doc_id']!r}")
        seen.add(doc["doc_id"])


def _assemble(docs: list[dict[str, Any]], rejected: list[dict[str, str]],
              skipped: list[dict[str, str]]) -> Corpus:
    doc_rows, seg_rows, cp_rows, sp_rows = [], [], [], []
    for doc in docs:
        doc_id = doc["doc_id"]
        segs = doc["segments"]
        counted = [s for s in segs if s["kind"] in COUNTED_KINDS
                   and s["translation"] in (None, "official")]
        doc_mentions: Counter = Counter()
        for seg in segs:
            seg_rows.append({"doc_id": doc_id, "seg_id": seg["seg_id"], "kind": seg["kind"],
                             "speaker": seg["speaker"], "translation": seg["translation"],
                             "text": seg["text"], "n_tokens": seg["n_words"]})
            for cp, n in sorted(seg["mentions"].items()):
                cp_rows.append({"doc_id": doc_id, "seg_id": seg["seg_id"], "counterpart": cp,
                                "mentions": n})
        for seg in counted:
            doc_mentions.update(seg["mentions"])
        turns = Counter(s["speaker"] for s in segs if s["kind"] == "answer" and s["speaker"])
        for name in doc["speakers"]:
            sp_rows.append({"doc_id": doc_id, "speaker": name,
                            "is_spokesperson": name == doc["spokesperson"],
                            "n_turns": turns.get(name, 0)})
        doc_rows.append({
            "doc_id": doc_id,
            "source": doc["source"],
            "sha256": doc["sha256"],
            "title": doc["title"],
            "date": doc["date"],
            "date_source": doc["date_source"],
            "spokesperson": doc["spokesperson"],
            "format": doc["format"],
            "primary_counterpart": _primary(doc_mentions),
            "n_tokens": sum(s["n_words"] for s in counted),
            "translations": doc["translations"],
            "text": "\n\n".join(s["text"] for s in segs),
            "warnings": "; ".join(doc["warnings"]),
        })
    documents = pd.DataFrame(doc_rows, columns=DOCUMENT_COLUMNS)
    documents["date"] = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce")
    documents["year"] = documents["date"].dt.year.astype("Int64")
    documents["n_tokens"] = documents["n_tokens"].astype("int64")
    documents["translations"] = documents["translations"].astype("int64")
    segments = pd.DataFrame(seg_rows, columns=SEGMENT_COLUMNS)
    segments[["seg_id", "n_tokens"]] = segments[["seg_id", "n_tokens"]].astype("int64")
    counterparts = pd.DataFrame(cp_rows, columns=COUNTERPART_COLUMNS)
    counterparts[["seg_id", "mentions"]] = counterparts[["seg_id", "mentions"]].astype("Int64")
    return Corpus(
        documents=documents,
        segments=segments,
        counterparts=counterparts,
        speakers=pd.DataFrame(sp_rows, columns=SPEAKER_COLUMNS),
        rejected=pd.DataFrame(rejected, columns=REJECTED_COLUMNS),
        skipped=pd.DataFrame(skipped, columns=REJECTED_COLUMNS),
    )


def _apply_filename_pattern(corpus: Corpus, pattern: str) -> Corpus:
    try:
        rx = re.compile(pattern)
    except re.error as err:
        raise ValueError(f"filename_pattern {pattern!r} is not a valid regular expression: {err}") from None
    if not rx.groupindex:
        raise ValueError(f"filename_pattern {pattern!r} has no named groups such as (?P<year>\\d{{4}})")
    docs = corpus.documents.copy()
    stems = docs["source"].map(lambda s: Path(s.split("#")[0]).stem)
    found = stems.str.extract(rx)
    for col in found.columns:
        if col == "year":
            year = pd.to_numeric(found[col], errors="coerce").astype("Int64")
            clash = docs["date"].notna() & year.notna() & (docs["date"].dt.year != year)
            docs.loc[clash, "date"] = pd.NaT
            docs.loc[clash, "date_source"] = "none"
            docs["year"] = year.where(year.notna(), docs["year"])
        elif col == "date":
            date = pd.to_datetime(found[col], errors="coerce")
            docs.loc[date.notna(), "date"] = date[date.notna()]
            docs.loc[date.notna(), "date_source"] = "metadata"
            docs["year"] = docs["date"].dt.year.astype("Int64")
        else:
            docs[col] = found[col]
    return replace(corpus, documents=docs)


def _apply_metadata(corpus: Corpus, metadata: str | os.PathLike | pd.DataFrame) -> Corpus:
    if isinstance(metadata, pd.DataFrame):
        meta = metadata.astype(object).where(metadata.notna(), "").astype(str)
    else:
        path = Path(metadata)
        if not path.is_file():
            raise FileNotFoundError(f"metadata file {str(path)!r} does not exist")
        meta = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "doc_id" not in meta.columns:
        raise KeyError(f"metadata needs a 'doc_id' column; it has {list(meta.columns)}")
    docs = corpus.documents.copy()
    counterparts = corpus.counterparts
    index = {d: i for i, d in enumerate(docs["doc_id"])}
    meta["doc_id"] = meta["doc_id"].astype(str)
    unknown = [d for d in meta["doc_id"] if d not in index]
    for row in meta.to_dict("records"):
        i = index.get(row["doc_id"])
        if i is None:
            continue
        if str(row.get("date") or "").strip():
            date = pd.to_datetime(row["date"], errors="coerce")
            if pd.isna(date):
                raise ValueError(f"metadata: doc_id {row['doc_id']!r} has an unreadable date "
                                 f"{row['date']!r}; use YYYY-MM-DD")
            docs.loc[i, ["date", "date_source"]] = [date, "metadata"]
            docs.loc[i, "year"] = date.year
        for col in ("title", "spokesperson"):
            if str(row.get(col) or "").strip():
                docs.loc[i, col] = str(row[col]).strip()
        for col in set(row) - {"doc_id", "date", "title", "spokesperson", "counterparts",
                               *DOCUMENT_COLUMNS, "year"}:
            if col not in docs.columns:
                docs[col] = None
            docs.loc[i, col] = row[col]
        ids = [c.strip() for c in str(row.get("counterparts") or "").split(";") if c.strip()]
        if ids:
            docs.loc[i, "primary_counterpart"] = ids[0] if len(ids) == 1 else None
            counterparts = pd.concat([
                counterparts[counterparts["doc_id"] != row["doc_id"]],
                pd.DataFrame({"doc_id": row["doc_id"], "seg_id": pd.NA, "counterpart": ids,
                              "mentions": pd.NA}),
            ], ignore_index=True)
    if unknown:
        warnings.warn(f"metadata rows for unknown doc_id(s) ignored: {unknown[:10]}",
                      stacklevel=3)
    counterparts[["seg_id", "mentions"]] = counterparts[["seg_id", "mentions"]].astype("Int64")
    return replace(corpus, documents=docs, counterparts=counterparts.reset_index(drop=True))


def corpus_from_texts(texts: Mapping[str, str] | Sequence[str]) -> Corpus:
    """Build a corpus from in-memory texts (``{doc_id: text}`` or a list): for tests and demos.

    Examples
    --------
    >>> corpus_from_texts({"d1": "The US side said win-win."}).documents["doc_id"].tolist()
    ['d1']
    """
    items = texts.items() if isinstance(texts, Mapping) else (
        (f"doc{i}", t) for i, t in enumerate(texts, start=1)
    )
    docs, rejected = [], []
    for doc_id, text in items:
        rec = _Record(doc_id, f"<memory:{doc_id}>", hashlib.sha256(text.encode()).hexdigest(),
                      parse.normalize_text(text))
        status, value = _parse_safely(rec)
        (docs if status == "ok" else rejected).append(value)
    return _assemble(_finish(docs, True), rejected, [])
