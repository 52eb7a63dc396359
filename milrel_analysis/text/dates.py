"""Dates: header stamps, datelines and agency leads, full dates, year inference, the choice."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "DateFinding",
    "find_date",
    "parse_stamp",
    "full_dates",
    "infer_year",
    "strip_dateline",
    "strip_header_stamp",
]


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


def _full_date_matches(text: str) -> Iterator[re.Match[str]]:
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
    text: str, anniversaries: Mapping[str, int] | None = None, *, min_score: float = 3
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
    """A document date and where it came from (``header``, ``stamp``, ``dateline``, ...)."""

    date: str | None
    source: str


_STAMP_PATTERNS = (
    (re.compile(r"(?<!\d)((?:19|20)\d{2})-([A-Z][a-z]+)-(\d{1,2})(?!\d)"), "ywd"),
    (re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?!\d)"), "mdy"),
)


_EPOCH_MS = re.compile(r"1[3-9]\d{11}")


def parse_stamp(line: str) -> str | None:
    """The date of a publication stamp line, as ISO, or None.

    Reads ``2015-09-24 20:18``, ``Updated: 2015-09-24``, ``Source: ... 2020-09-24 10:34``,
    ``時間:2023-12-29``, ``2023年12月29日``, US-style ``08/05/2022`` (month first, unless the
    first number cannot be a month) and written dates (``24 September 2015``).

    Examples
    --------
    >>> parse_stamp("Updated: 2015-09-24 20:18"), parse_stamp("08/05/2022"), parse_stamp("時間:2023-12-29")
    ('2015-09-24', '2022-08-05', '2023-12-29')
    """
    epoch = _EPOCH_MS.fullmatch(line.strip())
    if epoch:  # a 13-digit millisecond time stamp, Beijing time
        stamp = dt.datetime.fromtimestamp(int(epoch.group()) / 1000, dt.timezone(dt.timedelta(hours=8)))
        return stamp.date().isoformat()
    for pattern, order in _STAMP_PATTERNS:
        m = pattern.search(line)
        if not m:
            continue
        if order == "ywd":  # 2016-December-30
            iso = _iso(int(m.group(1)), m.group(2), m.group(3))
            if iso:
                return iso
            continue
        a, b, c = (int(g) for g in m.groups())
        if order == "ymd":
            iso = _iso(a, b, c)
        else:
            month, day = (a, b) if a <= 12 else (b, a)
            iso = _iso(c, month, day)
        if iso:
            return iso
    dates = full_dates(line)
    return dates[0] if dates else None


def _nearest(month_day: tuple[str, str], anchor: str) -> str | None:
    """The date of `month_day` in the year that puts it closest before (or at) `anchor`."""
    year = int(anchor[:4])
    options = [d for y in (year - 1, year, year + 1) if (d := _iso(y, *month_day))]
    before = [d for d in options if d <= _shift(anchor, 2)]
    pool = before or options
    if not pool:
        return None
    return min(pool, key=lambda d: abs((dt.date.fromisoformat(d) - dt.date.fromisoformat(anchor)).days))


def _shift(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def find_date(
    *,
    header: str | None,
    title: str | None,
    captions: Sequence[str],
    dateline: Mapping[str, str] | None,
    lead: str,
    body: str,
    anniversaries: Mapping[str, int] | None = None,
    stamps: Sequence[str] = (),
    html_years: Sequence[int] = (),
    transcript: bool = False,
) -> DateFinding:
    """Choose a document's date by the role of each date it gives.

    The day comes first from what the document says of itself: a dated title (``header``),
    then, for a transcript (`transcript`), the briefing date it states (``on September
    24`` in the title or lead); for a news story its dateline. Its year comes from the
    first of: the dateline's own year, a full date that agrees with it (a caption, a
    publication stamp, the crawl stamp `header`, the body), the stamps' years (the nearest
    year before the stamp), the HTML page's dated links and metadata (`html_years`), or
    the years the text names (:func:`infer_year`); the source names the evidence that gave
    the full date (``caption``, ``stamp``, ``header``, ``dateline``, ``inferred``). Without
    a day of its own, a document takes a publication stamp (``stamp``), the crawl stamp
    (``header``: only a fallback), a caption (``caption``) or the first full date of the
    body (``text``); else ``none``.

    Parameters
    ----------
    header : str, optional
        The crawl stamp's ISO date (a leading ``date YYYY-MM-DD``).
    title : str, optional
    captions : sequence of str
    dateline : mapping, optional
        :func:`strip_dateline`'s parts (``month``, ``day``, maybe ``year``).
    lead : str
        The first body paragraphs, where a transcript states its date.
    body : str
    anniversaries : mapping of str to int, optional
        Events whose "Nth anniversary" dates a text (see :func:`infer_year`).
    stamps : sequence of str, default=()
        ISO dates of publication stamps in the head (see :func:`parse_stamp`).
    html_years : sequence of int, default=()
        Years of the page's dated asset paths, links and ``<meta>`` dates.
    transcript : bool, default=False
        The document is a press-conference transcript: its stated date outranks a dateline.

    Examples
    --------
    >>> find_date(header=None, title=None, captions=[], lead="",
    ...           dateline={"month": "Nov", "day": "25"},
    ...           body='the "Peace Mission-2021" exercise')
    DateFinding(date='2021-11-25', source='inferred')
    >>> find_date(header="2021-01-29", title=None, captions=[], lead="", body="",
    ...           dateline={"month": "Jan", "day": "28"})
    DateFinding(date='2021-01-28', source='dateline')
    """
    if title:
        dates = full_dates(title)
        if dates:
            return DateFinding(dates[0], "header")
        m = _ISO_DATE.search(title)
        if m and _valid(m.group(0)):
            return DateFinding(m.group(0), "header")
    month_day, origin = _stated_day(title, dateline, lead, transcript)
    body_dates = full_dates(body)
    if month_day:
        if dateline and dateline.get("year") and origin == "dateline":
            iso = _iso(int(dateline["year"]), *month_day)
            if iso:
                return DateFinding(iso, "dateline")
        agreeing = [(d, "stamp") for d in stamps] + ([(header, "header")] if header else [])
        agreeing += [(d, "caption") for c in captions for d in full_dates(c)]
        agreeing += [(d, origin if origin != "lead" else "text") for d in body_dates]
        for iso, source in agreeing:
            if _iso(int(iso[:4]), *month_day) == iso:
                return DateFinding(iso, source)
        for anchor in [*stamps, *([header] if header else [])]:
            iso = _nearest(month_day, anchor)
            if iso:
                return DateFinding(iso, "text" if origin == "lead" else origin)
        year = _common(html_years) or infer_year(body, anniversaries)
        if year:
            iso = _iso(year, *month_day)
            if iso:
                return DateFinding(iso, "inferred")
    if stamps:
        return DateFinding(stamps[0], "stamp")
    if header:
        return DateFinding(header, "header")
    for caption in captions:
        dates = full_dates(caption)
        if dates:
            return DateFinding(dates[0], "caption")
    if body_dates:
        return DateFinding(body_dates[0], "text")
    return DateFinding(None, "none")


def _stated_day(title: str | None, dateline: Mapping[str, str] | None, lead: str,
                transcript: bool) -> tuple[tuple[str, str] | None, str]:
    """The month and day a document gives for itself, and where: header, dateline or lead."""
    title_md = _MONTH_DAY_BARE.search(title or "")
    if title_md:
        return (title_md.group("month"), title_md.group("day")), "header"
    lead_md = _MONTH_DAY.search(lead)
    if transcript and lead_md:
        return (lead_md.group("month"), lead_md.group("day")), "lead"
    if dateline:
        return (dateline["month"], dateline["day"]), "dateline"
    if lead_md:
        return (lead_md.group("month"), lead_md.group("day")), "lead"
    return None, ""


def _common(years: Sequence[int]) -> int | None:
    """The most frequent plausible year (the latest on a tie), or None."""
    counts: dict[int, int] = {}
    for y in years:
        if 1990 <= y <= 2100:
            counts[y] = counts.get(y, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
