"""HTML pages to a title and the article body, without navigation or scripts."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["html_to_text", "html_years"]


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




_META_DATE = re.compile(
    r"<meta\s[^>]*(?:name|property|itemprop)\s*=\s*[\"'](?:[^\"']*(?:date|time|published)[^\"']*)[\"']"
    r"[^>]*content\s*=\s*[\"']\s*((?:19|20)\d{2})[-/.]?\d{2}", re.I)
_META_DATE_REVERSED = re.compile(
    r"<meta\s[^>]*content\s*=\s*[\"']\s*((?:19|20)\d{2})[-/.]?\d{2}[^\"']*[\"'][^>]*"
    r"(?:name|property|itemprop)\s*=\s*[\"'][^\"']*(?:date|time|published)", re.I)
# Dated paths of the CMSs of Chinese government sites: W020180910....jpg, t20180910_1234.htm,
# /201809/, /2018-09/10/ (the page's own assets and links).
_DATED_PATH = re.compile(
    r"(?:W0|/t|_)((?:19|20)\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?=[\d_.])"
    r"|/((?:19|20)\d{2})(?:0[1-9]|1[0-2])(?=/)|/((?:19|20)\d{2})-(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])(?=/)")


def html_years(markup: str) -> list[int]:
    """Years that a page's ``<meta>`` dates, dated asset paths and links carry, one per occurrence.

    A page whose text says only "on September 10" often carries its year in the names of its
    own images and links (``W020180910808183162908.jpg``).

    Examples
    --------
    >>> html_years('<img src="./W020180910808183162908.jpg"><a href="/201809/t20180911_1.shtml">')
    [2018, 2018, 2018]
    """
    years = [int(m.group(1)) for p in (_META_DATE, _META_DATE_REVERSED) for m in p.finditer(markup)]
    years += [int(next(g for g in m.groups() if g)) for m in _DATED_PATH.finditer(markup)]
    return years
