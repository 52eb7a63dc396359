"""Pure text functions: bytes -> text, text -> paragraphs, turns, dates and names.

Nothing here reads files or knows about pandas; :mod:`milrel_analysis.corpus` strings these
functions together into tables.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = [
    "InputError",
    "decode_bytes",
    "normalize_text",
    "html_to_text",
    "split_paragraphs",
    "parse_turn_label",
    "is_caption",
    "strip_header_stamp",
    "strip_dateline",
    "find_date",
    "DateFinding",
]


class InputError(ValueError):
    """An input that cannot become a document; the message is the reason shown to users."""


# --------------------------------------------------------------------------- decoding

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16, else cp1252.

    Parameters
    ----------
    data : bytes
        The raw file content.

    Returns
    -------
    str
        The decoded text, BOM removed.

    Raises
    ------
    InputError
        For empty, whitespace-only, binary or undecodable content.

    Examples
    --------
    >>> decode_bytes("China\u2019s".encode("cp1252"))
    'China’s'
    """
    if not data:
        raise InputError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8")
    elif data.startswith(_UTF16_BOMS):
        text = _strict(data, "utf-16")
    elif _looks_like_utf16(data):
        text = _strict(data, "utf-16-le" if data[1] == 0 else "utf-16-be")
    elif b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _strict(data, "cp1252")
    if not text.strip():
        raise InputError("file holds only whitespace")
    controls = len(_CONTROL.findall(text, 0, 4096))
    if controls > max(8, len(text[:4096]) // 50):
        raise InputError("binary file (control characters), not text")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls but tab, CR, LF, FF


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"undecodable: not valid UTF-8, UTF-16 or cp1252 ({encoding} failed at byte {err.start})"
        ) from None


def _looks_like_utf16(data: bytes) -> bool:
    # ASCII-heavy UTF-16 without BOM has a NUL in every other byte.
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) == 0) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) == 0
    )


# --------------------------------------------------------------------------- normalising

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,
    }
)


_QUOTE_PAIRS = [(chr(k), v or "") for k, v in _QUOTES.items()]


def normalize_text(text: str) -> str:
    """Normalise Unicode (NFKC), quotes, apostrophes and line endings.

    Examples
    --------
    >>> normalize_text("China\u2019s \u201ccore\u201d\\r\\n")
    'China\\'s "core"\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # ASCII text has nothing to normalise
        text = unicodedata.normalize("NFKC", text)
        # str.replace per character present runs in C; str.translate is far slower.
        for char, repl in _QUOTE_PAIRS:
            if char in text:
                text = text.replace(char, repl)
    return text


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "form",
              "select", "button", "iframe", "svg", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "ul", "ol", "td"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
              "param", "source", "track", "wbr"}
# Class or id fragments of site chrome: navigation, breadcrumbs, share tools, related links.
_CHROME = re.compile(
    r"nav|menu|breadcrumb|urhere|crumb|footer|header|copyright|share|tool|newslst|related|"
    r"sidebar|search|lang|appendix|subnav|banner|login|relnews",
    re.I,
)


@dataclass
class _Block:
    container: str
    parts: list[str] = field(default_factory=list)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipping, container key)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.title_tag: list[str] = []
        self.heading_title: list[str] = []
        self._in_title = False
        self._in_heading_title = False
        self._counter = 0

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        marker = f"{a.get('class', '')} {a.get('id', '')}"
        skipping = self.skipping or tag in _SKIP_TAGS or bool(_CHROME.search(marker))
        if tag == "title":
            self._in_title = True
        if tag in {"h1", "h2"} and "title" in marker.lower() and not self.heading_title:
            self._in_heading_title = True
        if tag in _BLOCK_TAGS:
            self._break()
        if tag in _VOID_TAGS:
            return
        parent = self.stack[-1][2] if self.stack else "root"
        if tag in {"div", "article", "section", "td", "body", "main"}:
            self._counter += 1
            container = f"{tag}#{self._counter}"
        else:
            container = parent
        self.stack.append((tag, skipping, container))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in {"h1", "h2"}:
            self._in_heading_title = False
        if tag in _BLOCK_TAGS:
            self._break()
        # Pop to the matching tag; tolerate the unclosed tags common in old CMS pages.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_tag.append(data)
            return
        if self._in_heading_title:
            self.heading_title.append(data)
        if self.skipping:
            return
        if self.current is None:
            key = self.stack[-1][2] if self.stack else "root"
            self.current = _Block(key)
        self.current.parts.append(data)

    def _break(self) -> None:
        if self.current is not None:
            self.blocks.append(self.current)
            self.current = None


def html_to_text(markup: str) -> tuple[str | None, str]:
    """Extract ``(title, body)`` from an HTML page, dropping navigation and scripts.

    The body is the text of the container that holds the most paragraph text (a small
    "readability" heuristic), one paragraph per block, separated by blank lines.

    Examples
    --------
    >>> page = ('<html><title>T</title><div class="nav"><a>Home</a></div>'
    ...         '<div class="content"><p>One.</p><p>Two &amp; three.</p></div></html>')
    >>> html_to_text(page)
    ('T', 'One.\\n\\nTwo & three.')
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    parser._break()
    totals: dict[str, int] = {}
    paragraphs: list[tuple[str, str]] = []
    for block in parser.blocks:
        text = " ".join("".join(block.parts).split())
        if text:
            paragraphs.append((block.container, text))
            totals[block.container] = totals.get(block.container, 0) + len(text)
    title = " ".join("".join(parser.heading_title or parser.title_tag).split()) or None
    if not paragraphs:
        return title, ""
    main = max(totals, key=lambda k: totals[k])
    body = [t for c, t in paragraphs if c == main]
    if title and body and body[0] == title:
        body = body[1:]
    return (html.unescape(title) if title else None), "\n\n".join(body)


# --------------------------------------------------------------------------- paragraphs

_SENTENCE_END = re.compile(r"""[.!?:;"')\]]\s*$""")


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs, joining hard-wrapped lines.

    Blank lines separate paragraphs when the text has any; otherwise each line is a
    paragraph unless it is a wrap (no closing punctuation, next line starts lower-case).
    Whitespace inside a paragraph is collapsed.

    Examples
    --------
    >>> split_paragraphs("One line\\nwrapped here.\\nNext one.")
    ['One line wrapped here.', 'Next one.']
    """
    text = text.strip("\n")
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else [text]
    out: list[str] = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if len(blocks) > 1:
            out.append(" ".join(re.sub(r"(?<=\w-)\n(?=\w)", "", "\n".join(lines)).split()))
            continue
        current = lines[0]
        for line in lines[1:]:
            if current.endswith("-") and line[:1].isalpha():  # "Win-" / "win": one word
                current = f"{current}{line}"
            elif not _SENTENCE_END.search(current) and line[:1].islower():
                current = f"{current} {line}"
            else:
                out.append(" ".join(current.split()))
                current = line
        out.append(" ".join(current.split()))
    return out


# --------------------------------------------------------------------------- header stamp and dateline

_HEADER_STAMP = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b\s*", re.I)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'-]{{1,30}}),\s*(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})"
    rf"(?:,\s*(?P<year>\d{{4}}))?\s*(?:\((?P<agency>[^)]{{1,40}})\))?\s*(?:--|—|–|-)\s*"
)
_AGENCY_LEAD = re.compile(
    rf"^(?P<agency>(?:[A-Z][\w.&'-]*\s+){{0,5}}(?:Service|Agency|Daily|Online|Times|News|Network|"
    rf"Xinhua|CCTV|Press|Net|Report|Post|TV)),?\s*(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?(?:,\s*(?P<year>\d{{4}}))?\s*[.,:-]+\s*"
)
_FULL_DATE = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\.?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_RE})\.?,?\s+(?P<year2>(?:19|20)\d{{2}})\b"
)
_MONTH_DAY = re.compile(
    rf"\b(?:on\s+(?:the\s+)?(?:(?:morning|afternoon|evening|night)\s+of\s+)?)"
    rf"(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)",
    re.I,
)
_MONTH_DAY_BARE = re.compile(
    rf"\bon\s+(?P<month>{_MONTH_RE})\.?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)"
)
_ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")


def strip_header_stamp(text: str) -> tuple[str | None, str]:
    """Remove a leading ``date YYYY-MM-DD`` stamp; return ``(iso_date_or_None, rest)``.

    Examples
    --------
    >>> strip_header_stamp(" date 2021-01-28 Senior Colonel Wu Qian")
    ('2021-01-28', 'Senior Colonel Wu Qian')
    """
    m = _HEADER_STAMP.match(text)
    if not m or _valid(m.group(1)) is None:
        return None, text
    return m.group(1), text[m.end():]


def strip_dateline(paragraph: str) -> tuple[dict[str, str] | None, str]:
    """Remove a dateline (``BEIJING, Jan. 28 --``) or an agency lead without a year.

    Returns the parts found (``place`` or ``agency``, ``month``, ``day``, maybe ``year``)
    and the paragraph without them.

    Examples
    --------
    >>> strip_dateline("BEIJING, Jan. 28 -- The talks")
    ({'place': 'BEIJING', 'month': 'Jan', 'day': '28'}, 'The talks')
    >>> strip_dateline("China News Service, November 25. The spokesperson")[0]['agency']
    'China News Service'
    """
    for pattern in (_DATELINE, _AGENCY_LEAD):
        m = pattern.match(paragraph)
        if m:
            parts = {k: v for k, v in m.groupdict().items() if v}
            return parts, paragraph[m.end():]
    return None, paragraph


def _valid(iso: str) -> str | None:
    try:
        return dt.date.fromisoformat(iso).isoformat()
    except ValueError:
        return None


def _iso(year: int, month: str | int, day: str | int) -> str | None:
    month_no = month if isinstance(month, int) else _MONTHS.get(month.lower().rstrip("."))
    if month_no is None:
        return None
    try:
        return dt.date(int(year), int(month_no), int(day)).isoformat()
    except ValueError:
        return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _full_date_matches(text: str):
    """Matches of the full-date pattern, searched only just before each year (far faster)."""
    seen = -1
    for year in _YEAR.finditer(text):
        start = max(0, year.start() - 22, seen)
        m = _FULL_DATE.search(text, start, year.end())
        while m is not None and m.end() != year.end():  # the date must end with this year
            m = _FULL_DATE.search(text, m.start() + 1, year.end())
        if m is not None:
            seen = m.end()
            yield m


def full_dates(text: str) -> list[str]:
    """All dates with a year in `text`, as ISO strings, in order of appearance.

    Examples
    --------
    >>> full_dates("on January 28, 2021 and 7 July 2022")
    ['2021-01-28', '2022-07-07']
    """
    found = []
    for m in _full_date_matches(text):
        if m.group("month"):
            iso = _iso(int(m.group("year")), m.group("month"), m.group("day"))
        else:
            iso = _iso(int(m.group("year2")), m.group("month2"), m.group("day2"))
        if iso:
            found.append(iso)
    return found


# --------------------------------------------------------------------------- year inference

_YEAR_CUES = [
    # (regex, weight): a year these phrases point at is probably the document's year.
    (re.compile(r"\b((?:19|20)\d{2})\s+(?:is|was|marks|will be)\s+(?:the|a|an)\s+(?:\w+\s+){0,2}"
                r"year"), 5),
    (re.compile(r"\b(?:this year|the year)\s+((?:19|20)\d{2})\b", re.I), 5),
    (re.compile(r"[A-Za-z\"]\s?-\s?((?:19|20)\d{2})\b"), 3),  # exercise names: Peace Mission-2021
    (re.compile(r"\bin\s+((?:19|20)\d{2})\b"), 1),
    (re.compile(r"\b((?:19|20)\d{2})\b"), 1),
]
_ANNIVERSARY = re.compile(
    r"\b(?:the\s+)?(\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+)?"
    r"(?P<event>[^.;]{3,160})",
    re.I,
)


def infer_year(
    text: str, anniversaries: dict[str, int] | None = None, *, min_score: float = 3
) -> int | None:
    """Guess the year a text was written in from the years it names.

    Years in phrases such as ``2023 is the first year``, exercise names like
    ``Peace Mission-2021`` and anniversaries of known events (``the 20th anniversary of the
    signing of the ... Treaty of Good-Neighborliness``, given `anniversaries`) weigh most.
    Returns ``None`` when the evidence scores below `min_score` (a lone "in 2008").

    Examples
    --------
    >>> infer_year('joined "Peace Mission-2021" and "Sea Joint-2021" drills')
    2021
    >>> infer_year("This marks the 20th anniversary of the treaty", {"treaty": 2001})
    2021
    """
    scores: dict[int, float] = {}
    for pattern, weight in _YEAR_CUES:
        for m in pattern.finditer(text):
            year = int(m.group(1))
            if 1990 <= year <= 2100:
                scores[year] = scores.get(year, 0) + weight
    for m in _ANNIVERSARY.finditer(text):
        event = m.group("event").lower()
        for key, base in (anniversaries or {}).items():
            if key.lower() in event:
                year = base + int(m.group(1))
                scores[year] = scores.get(year, 0) + 4
                break
    if not scores:
        return None
    best = max(scores, key=lambda y: (scores[y], y))
    # One passing mention ("since 2008") is no evidence of when the text was written.
    return best if scores[best] >= min_score else None


@dataclass(frozen=True)
class DateFinding:
    """A document date and where it came from (``header``, ``caption``, ...)."""

    date: str | None
    source: str


def find_date(
    *,
    header: str | None,
    title: str | None,
    captions: list[str],
    dateline: dict[str, str] | None,
    lead: str,
    body: str,
    anniversaries: dict[str, int] | None = None,
) -> DateFinding:
    """Choose a document's date from its header stamp, title, captions, dateline or text.

    Order of trust: header stamp or dated title (``header``); a caption with a full date
    (``caption``); a dateline or agency lead whose year the text confirms (``dateline``);
    a month and day whose year is inferred from the text (``inferred``); the first full
    date of the body (``text``); else ``none``.

    Examples
    --------
    >>> find_date(header=None, title=None, captions=[], lead="",
    ...           dateline={"month": "Nov", "day": "25"},
    ...           body='the "Peace Mission-2021" exercise')
    DateFinding(date='2021-11-25', source='inferred')
    """
    if header:
        return DateFinding(header, "header")
    if title:
        dates = full_dates(title)
        if dates:
            return DateFinding(dates[0], "header")
        m = _ISO_DATE.search(title)
        if m and _valid(m.group(0)):
            return DateFinding(m.group(0), "header")
    for caption in captions:
        dates = full_dates(caption)
        if dates:
            return DateFinding(dates[0], "caption")
    month_day: tuple[str, str] | None = None
    title_md = _MONTH_DAY_BARE.search(title or "")
    if title_md:
        month_day = (title_md.group("month"), title_md.group("day"))
    elif dateline:
        if dateline.get("year"):
            iso = _iso(int(dateline["year"]), dateline["month"], dateline["day"])
            if iso:
                return DateFinding(iso, "dateline")
        month_day = (dateline["month"], dateline["day"])
    else:
        m = _MONTH_DAY.search(lead)
        if m:
            month_day = (m.group("month"), m.group("day"))
    body_dates = full_dates(body)
    if month_day:
        confirmed = [d for d in body_dates if _iso(int(d[:4]), *month_day) == d]
        if confirmed:
            return DateFinding(confirmed[0], "dateline")
        year = infer_year(body, anniversaries)
        if year:
            iso = _iso(year, *month_day)
            if iso:
                return DateFinding(iso, "inferred")
    if body_dates:
        return DateFinding(body_dates[0], "text")
    return DateFinding(None, "none")


# --------------------------------------------------------------------------- turns and captions

_CAPTION = re.compile(
    r"\((?:Photo|Xinhua|Photo by|Image|File photo|Source)\b[^)]*\)\s*$|^\(?Photo by\b|"
    r"\(Photo:[^)]*\)|^Photo:",
    re.I,
)


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption (``(Photo: mod.gov.cn)``, ``(Photo by ...)``).

    Examples
    --------
    >>> is_caption("General Li holds talks. (Photo by Li Xiaowei)")
    True
    """
    return bool(_CAPTION.search(paragraph)) and len(paragraph) < 800


_QUESTION_LABELS = {"q", "question", "reporter", "journalist", "correspondent", "media", "asked"}
_ANSWER_LABELS = {"a", "answer", "spokesperson", "spokesman", "spokeswoman"}
_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w.&'-]*|of|the|and|for|de|du|la|al)(?:\s+(?:[A-Z][\w.&'()-]*|of|the|"
    r"and|for|de|du|la|al)){0,5})\s*[:：]\s*(?P<rest>.*)$",
    re.S,
)


def parse_turn_label(paragraph: str) -> tuple[str, str, str] | None:
    """Recognise a labelled Q&A turn; return ``(role, label, text)`` or ``None``.

    `role` is ``question`` or ``answer`` for the generic labels (``Q:``, ``Reporter:``,
    ``Answer:``), ``speaker`` for a name or outlet (``Wu Qian:``, ``AFP:``), which the
    caller resolves.

    Examples
    --------
    >>> parse_turn_label("Reporter:The media are concerned")
    ('question', 'Reporter', 'The media are concerned')
    >>> parse_turn_label("Xinhua News Agency: What is")
    ('speaker', 'Xinhua News Agency', 'What is')
    >>> parse_turn_label("Second, resolutely defend: sovereignty") is None
    True
    """
    m = _LABEL.match(paragraph)
    if not m:
        return None
    label = m.group("label").strip()
    rest = m.group("rest").strip()
    first = label.split()[0]
    if not first[0].isupper() or not rest or label.endswith((".", ",")):
        return None
    key = label.lower()
    if key in _QUESTION_LABELS:
        return "question", label, rest
    if key in _ANSWER_LABELS:
        return "answer", label, rest
    if len(label) > 45 or re.search(r"\d", label):
        return None
    return "speaker", label, rest


# --------------------------------------------------------------------------- names

_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ün|ua|uo|ue|"
    r"ui|ia|ie|iu|er|a|e|i|o|u|v)"
)
PINYIN_GIVEN_NAME = re.compile(rf"^(?:{_PINYIN_SYLLABLE}){{1,2}}$", re.I)

_SPEECH_VERBS = (
    r"said|says|stated|states|stressed|stresses|noted|notes|pointed out|points out|added|"
    r"mentioned|continued|emphasized|emphasised|urged|told|answered|replied|remarked|"
    r"reiterated|underlined|hoped|commented|explained|declared|announced|warned|expressed|"
    r"introduced|called on|asserted|affirmed|briefed"
)
_TITLES_TEXT = (
    r"Senior Colonel|Snr\. Col\.|Sr\. Col\.|Colonel|Col\.|Lieutenant General|Lt\. Gen\.|"
    r"Major General|Maj\. Gen\.|General|Gen\.|Admiral|Adm\.|Vice Admiral|Rear Admiral|"
    r"Minister|Defense Minister|Defence Minister|President|Premier|Chairman|Vice Chairman|"
    r"Director|Spokesperson|Spokesman|Spokeswoman|Ambassador|Mr\.|Ms\.|Madam|State Councilor"
)
_TITLES = f"(?:{_TITLES_TEXT})"
# A lookahead, so that "General Li Zuocheng" still yields the pair "Li Zuocheng".
_OUTLET = re.compile(
    r"\b(?:News|Agency|TV|Television|Daily|Times|Press|Radio|Network|Post|Journal|Media|"
    r"Broadcasting|Service|Review|Channel|Telegraph|Herald|Tribune|Observer|Online|Reuters|"
    r"Bloomberg|Xinhua|Kyodo|Yonhap|Sputnik|Nikkei|Asahi|Caixin|Phoenix|Newspaper|Magazine|"
    r"Weekly|Global|Correspondent|Journalist|Reporter)\b|^[A-Z]{2,6}$"
)
_LEADING_TITLES = re.compile(rf"^(?:(?:{_TITLES_TEXT})\s+)+")


def strip_titles(label: str) -> str:
    """Remove leading ranks and titles from a name: ``Senior Colonel Wu Qian`` -> ``Wu Qian``.

    Examples
    --------
    >>> strip_titles("Spokesperson Wu Qian"), strip_titles("Colonel Wu")
    ('Wu Qian', 'Wu')
    """
    return _LEADING_TITLES.sub("", label).strip()


def looks_like_outlet(label: str) -> bool:
    """Whether a turn label names a news outlet (``AFP``, ``Xinhua News Agency``).

    Examples
    --------
    >>> looks_like_outlet("AFP"), looks_like_outlet("Xinhua News Agency"), looks_like_outlet("Background")
    (True, True, False)
    """
    return bool(_OUTLET.search(label))


_NAME_PAIR = re.compile(r"\b(?=([A-Z][a-z]{0,6}) ([A-Z][a-z]{1,12})\b(?!-[a-z]))")
_SPOKES = re.compile(r"spokes(?:person|man|woman|people)", re.I)


def chinese_names(text: str, surnames: frozenset[str]) -> list[tuple[int, str]]:
    """Find Chinese personal names (``Surname Given``, Hanyu Pinyin) with their offsets.

    Examples
    --------
    >>> chinese_names("General Li Zuocheng met General Mark Milley", frozenset({"Li", "Mark"}))
    [(8, 'Li Zuocheng')]
    """
    found = []
    for m in _NAME_PAIR.finditer(text):
        surname, given = m.group(1), m.group(2)
        if surname in surnames and PINYIN_GIVEN_NAME.match(given):
            found.append((m.start(), f"{surname} {given}"))
    return found


def attributed_speakers(paragraphs: list[str], names: list[str]) -> list[str]:
    """Return the `names` that are given a speech verb (``Wu said``, ``said Li``), in order.

    A surname alone resolves to the one full name that carries it.

    Examples
    --------
    >>> attributed_speakers(["General Li said that ...", "Xi stressed ..."],
    ...                     ["Li Zuocheng", "Xi Jinping", "Wang Yi"])
    ['Li Zuocheng', 'Xi Jinping']
    """
    by_surname: dict[str, set[str]] = {}
    for name in names:
        by_surname.setdefault(name.split()[0], set()).add(name)
    keys = sorted(set(names) | {s for s, full in by_surname.items() if len(full) == 1},
                  key=len, reverse=True)
    if not keys:
        return []
    who = "|".join(re.escape(k) for k in keys)
    pattern = re.compile(
        rf"\b(?P<a>{who})\b(?:,[^,.]{{1,120}},)?\s+(?:also\s+|further\s+|then\s+)?(?:{_SPEECH_VERBS})\b"
        rf"|\b(?:{_SPEECH_VERBS})\s+(?:{_TITLES}\s+)*(?P<b>{who})\b"
    )
    order: list[str] = []
    for paragraph in paragraphs:
        for m in pattern.finditer(paragraph):
            key = m.group("a") or m.group("b")
            full = key if key in names else next(iter(by_surname[key]))
            if full not in order:
                order.append(full)
    return order


def spokesperson_name(texts: list[str], surnames: frozenset[str]) -> str | None:
    """Return the name given next to the word *spokesperson* (rank stripped), if any.

    Examples
    --------
    >>> spokesperson_name(["Senior Colonel Wu Qian, spokesperson for the MND, said"],
    ...                   frozenset({"Wu"}))
    'Wu Qian'
    >>> spokesperson_name(["General Li Zuocheng held talks"], frozenset({"Li"})) is None
    True
    """
    best: tuple[int, int, str] | None = None
    for order, text in enumerate(texts):
        if not _SPOKES.search(text):
            continue
        names = chinese_names(text, surnames)
        if not names:
            continue
        for m in _SPOKES.finditer(text):
            for start, name in names:
                end = start + len(name)
                distance = start - m.end() if start >= m.end() else m.start() - end
                if 0 <= distance <= 110:
                    key = (order, distance, name)
                    if best is None or key[:2] < best[:2]:
                        best = key
        if best is not None:
            return best[2]
    return None
